/* spec_walk.h: the JSON-walking primitives shared by the config.json readers (spec.c, spec_linux.c).
 * Not library API: only the parser includes it, so yajl stays behind the spec module. */
#ifndef LC_SPEC_WALK_H
#define LC_SPEC_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <yajl/yajl_tree.h>

#include "spec.h"

/* The walk keeps the JSON path of the value being read, so any error can name it. */
typedef struct {
	lc_error **err;
	char *path;
	size_t len, cap;
} lc_walk;

/* Reads one JSON value v into *out. v == NULL means a required value is absent (or null):
 * every reader then fails with "<path>: expected <what>, but it is missing". */
typedef int (*lc_walk_reader)(lc_walk *w, yajl_val v, void *out);

/* Path tracking: enter returns a mark that leave restores. */
size_t lc_walk_enter_key(lc_walk *w, const char *key);
size_t lc_walk_enter_index(lc_walk *w, size_t index);
void lc_walk_leave(lc_walk *w, size_t mark);
const char *lc_walk_where(lc_walk *w); /* the current path, "config.json" at the top */

/* Errors at the current path. Return -1. */
int lc_walk_expected(lc_walk *w, yajl_val v, const char *what);
int lc_walk_out_of_memory(lc_walk *w);

/* calloc of n items (n may be 0), failing with an error at the current path. */
void *lc_walk_alloc(lc_walk *w, size_t n, size_t size);

/* The value of key in obj: the last occurrence of a repeated key; NULL when absent or null. */
yajl_val lc_walk_member(yajl_val obj, const char *key);

/* Reads obj.key with fn; an absent optional key is left untouched and is not an error. */
int lc_walk_field(lc_walk *w, yajl_val obj, const char *key, bool required, lc_walk_reader fn, void *out);

/* Fails unless v is an object. */
int lc_walk_object(lc_walk *w, yajl_val v);

/* Reads a JSON array with fn into a new C array of *len items of size bytes. *len is set before
 * the items are read, so a failure part-way still frees cleanly. */
int lc_walk_array(lc_walk *w, yajl_val v, const char *what, void **items, size_t *len, size_t size, lc_walk_reader fn);

/* Appends key and value to map, whose items were allocated large enough. */
int lc_walk_map_add(lc_walk *w, lc_map *map, const char *key, const char *value);

/* Reads one entry of a JSON object keyed by name (annotations, rdma, timeOffsets ...) into *out. */
typedef int (*lc_walk_entry_reader)(lc_walk *w, const char *key, yajl_val v, void *out);

/* Reads a JSON object with fn into a new C array of *len items of size bytes, one per distinct key
 * in document order; a repeated key takes its last value. *len is set before the items are read. */
int lc_walk_keyed(lc_walk *w, yajl_val v, const char *what, void **items, size_t *len, size_t size,
		  lc_walk_entry_reader fn);

/* Readers. Integers are parsed from their JSON text, exactly, with range checks. */
int lc_read_string(lc_walk *w, yajl_val v, void *out);        /* char ** */
int lc_read_bool(lc_walk *w, yajl_val v, void *out);          /* bool * */
int lc_read_opt_bool(lc_walk *w, yajl_val v, void *out);      /* lc_opt_bool * */
int lc_read_i64(lc_walk *w, yajl_val v, void *out);           /* int64_t * */
int lc_read_i32_as_i64(lc_walk *w, yajl_val v, void *out);    /* int64_t *, int32 range */
int lc_read_u64(lc_walk *w, yajl_val v, void *out);           /* uint64_t * */
int lc_read_u32(lc_walk *w, yajl_val v, void *out);           /* uint32_t * */
int lc_read_opt_i64(lc_walk *w, yajl_val v, void *out);       /* lc_opt_i64 * */
int lc_read_opt_i32(lc_walk *w, yajl_val v, void *out);       /* lc_opt_i64 *, int32 range */
int lc_read_opt_u64(lc_walk *w, yajl_val v, void *out);       /* lc_opt_u64 * */
int lc_read_opt_u32(lc_walk *w, yajl_val v, void *out);       /* lc_opt_u64 *, uint32 range */
int lc_read_opt_u16(lc_walk *w, yajl_val v, void *out);       /* lc_opt_u64 *, uint16 range */
int lc_read_strv(lc_walk *w, yajl_val v, void *out);          /* lc_strv * */
int lc_read_nonempty_strv(lc_walk *w, yajl_val v, void *out); /* lc_strv *, at least one item */
int lc_read_string_map(lc_walk *w, yajl_val v, void *out);    /* lc_map * of string values */

/* Reads obj.key, if present, as an array of id mappings (mounts[] and linux share it). */
int lc_read_id_mappings(lc_walk *w, yajl_val obj, const char *key, lc_id_mapping **items, size_t *len);

/* The linux object (spec_linux.c). */
int lc_read_linux(lc_walk *w, yajl_val v, void *out); /* lc_linux * */
void lc_spec_linux_free(lc_linux *l);
/* linux.resources alone (spec_linux.c), shared with lc_resources_parse; free frees the members. */
int lc_read_resources(lc_walk *w, yajl_val v, void *out); /* lc_resources * */
void lc_spec_resources_free(lc_resources *r);

void lc_spec_strv_free(lc_strv *v);
void lc_spec_map_free(lc_map *m);

#endif
