/* json_out.h: a small JSON text builder over yajl_gen, for state.json, `state` and `list` output.
 * Errors inside yajl_gen (only possible on misuse) make lc_json_finish return NULL. */
#ifndef LC_JSON_OUT_H
#define LC_JSON_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include "spec.h"

typedef struct lc_json_writer lc_json_writer;

lc_json_writer *lc_json_new(bool pretty);
void lc_json_begin_object(lc_json_writer *w);
void lc_json_end_object(lc_json_writer *w);
void lc_json_begin_array(lc_json_writer *w);
void lc_json_end_array(lc_json_writer *w);
void lc_json_key(lc_json_writer *w, const char *key);
void lc_json_string(lc_json_writer *w, const char *value); /* NULL writes "" */
void lc_json_int(lc_json_writer *w, int64_t value);
void lc_json_uint(lc_json_writer *w, uint64_t value);
void lc_json_bool(lc_json_writer *w, bool value);
void lc_json_null(lc_json_writer *w);
/* key + string / int in one call */
void lc_json_kv_string(lc_json_writer *w, const char *key, const char *value);
void lc_json_kv_int(lc_json_writer *w, const char *key, int64_t value);
/* An object from a string map. */
void lc_json_map(lc_json_writer *w, const lc_map *map);
/* The text (allocated, NUL-terminated; pretty output ends without a newline). Frees w. */
char *lc_json_finish(lc_json_writer *w);
void lc_json_free(lc_json_writer *w);

#endif
