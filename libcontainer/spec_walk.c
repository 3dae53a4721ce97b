/* spec_walk.c: the primitives every config.json reader is built from: JSON path tracking, errors,
 * and readers of strings, booleans, exact integers, string arrays, string maps and id mappings. */
#include "spec_walk.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* On allocation failure the path is left as it was: an error message may then name the
 * parent of the value instead of the value, which is all that is lost. */
static void path_append(lc_walk *w, const char *text, size_t n)
{
	if (w->len + n + 1 > w->cap) {
		size_t cap = (w->len + n + 1) * 2;
		char *grown = realloc(w->path, cap);
		if (grown == NULL)
			return;
		w->path = grown;
		w->cap = cap;
	}
	memcpy(w->path + w->len, text, n);
	w->len += n;
	w->path[w->len] = '\0';
}

static bool is_plain_key(const char *key)
{
	if (*key == '\0')
		return false;
	for (const char *c = key; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_' ||
		      *c == '-'))
			return false;
	}
	return true;
}

/* Schema keys and identifier-like map keys read as `a.b`; other map keys (annotations,
 * sysctl names with dots) as `a["org.example/key"]`, with quotes and controls escaped. */
size_t lc_walk_enter_key(lc_walk *w, const char *key)
{
	size_t mark = w->len;

	if (is_plain_key(key)) {
		if (w->len > 0)
			path_append(w, ".", 1);
		path_append(w, key, strlen(key));
		return mark;
	}
	path_append(w, "[\"", 2);
	for (const unsigned char *c = (const unsigned char *)key; *c; c++) {
		char esc[8];
		if (*c < 0x20 || *c == '"' || *c == '\\') {
			int n = snprintf(esc, sizeof(esc), "\\x%02x", *c);
			path_append(w, esc, (size_t)n);
		} else {
			path_append(w, (const char *)c, 1);
		}
	}
	path_append(w, "\"]", 2);
	return mark;
}

size_t lc_walk_enter_index(lc_walk *w, size_t index)
{
	size_t mark = w->len;
	char text[32];
	int n = snprintf(text, sizeof(text), "[%zu]", index);

	path_append(w, text, (size_t)n);
	return mark;
}

void lc_walk_leave(lc_walk *w, size_t mark)
{
	if (mark < w->cap) {
		w->len = mark;
		w->path[mark] = '\0';
	}
}

const char *lc_walk_where(lc_walk *w)
{
	return w->len > 0 && w->path != NULL ? w->path : "config.json";
}

/* v == NULL means a required field is absent (or null). */
int lc_walk_expected(lc_walk *w, yajl_val v, const char *what)
{
	if (v == NULL)
		return lc_fail(w->err, 0, "%s: expected %s, but it is missing", lc_walk_where(w), what);
	return lc_fail(w->err, 0, "%s: expected %s", lc_walk_where(w), what);
}

int lc_walk_out_of_memory(lc_walk *w)
{
	return lc_fail(w->err, ENOMEM, "%s", lc_walk_where(w));
}

void *lc_walk_alloc(lc_walk *w, size_t n, size_t size)
{
	void *items = calloc(n > 0 ? n : 1, size);

	if (items == NULL)
		lc_walk_out_of_memory(w);
	return items;
}

/* Last occurrence wins on duplicate keys (as Go's encoding/json); null reads as absent. */
yajl_val lc_walk_member(yajl_val obj, const char *key)
{
	yajl_val found = NULL;

	for (size_t i = 0; i < obj->u.object.len; i++) {
		if (strcmp(obj->u.object.keys[i], key) == 0)
			found = obj->u.object.values[i];
	}
	if (found != NULL && YAJL_IS_NULL(found))
		return NULL;
	return found;
}

int lc_walk_field(lc_walk *w, yajl_val obj, const char *key, bool required, lc_walk_reader fn, void *out)
{
	yajl_val v = lc_walk_member(obj, key);
	size_t mark;
	int ret;

	if (v == NULL && !required)
		return 0;
	mark = lc_walk_enter_key(w, key);
	ret = fn(w, v, out);
	lc_walk_leave(w, mark);
	return ret;
}

/* ---- scalars ---- */

int lc_read_string(lc_walk *w, yajl_val v, void *out)
{
	char **dst = out;

	if (v == NULL || !YAJL_IS_STRING(v))
		return lc_walk_expected(w, v, "a string");
	free(*dst);
	*dst = strdup(v->u.string);
	if (*dst == NULL)
		return lc_walk_out_of_memory(w);
	return 0;
}

int lc_read_bool(lc_walk *w, yajl_val v, void *out)
{
	if (v == NULL || !(YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v)))
		return lc_walk_expected(w, v, "a boolean");
	*(bool *)out = YAJL_IS_TRUE(v);
	return 0;
}

int lc_read_opt_bool(lc_walk *w, yajl_val v, void *out)
{
	lc_opt_bool *dst = out;

	if (lc_read_bool(w, v, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

/* yajl's tree keeps each number's text: parse it ourselves so every uint64 (up to
 * 18446744073709551615 = RLIM_INFINITY) is exact and fractions/exponents are refused. */
static bool number_text(yajl_val v, const char **text)
{
	const char *r;

	if (v == NULL || !YAJL_IS_NUMBER(v))
		return false;
	r = YAJL_GET_NUMBER(v);
	if (r == NULL || r[0] == '\0' || strpbrk(r, ".eE") != NULL)
		return false;
	*text = r;
	return true;
}

static int read_int_range(lc_walk *w, yajl_val v, int64_t min, int64_t max, int64_t *out)
{
	const char *text;
	char *end = NULL;
	long long value;

	if (!number_text(v, &text))
		return lc_walk_expected(w, v, "an integer");
	errno = 0;
	value = strtoll(text, &end, 10);
	if (errno != 0 || *end != '\0' || value < min || value > max)
		return lc_fail(w->err, 0, "%s: expected an integer from %" PRId64 " to %" PRId64, lc_walk_where(w), min,
			       max);
	*out = value;
	return 0;
}

static int read_uint_range(lc_walk *w, yajl_val v, uint64_t max, uint64_t *out)
{
	const char *text;
	char *end = NULL;
	unsigned long long value;

	if (!number_text(v, &text))
		return lc_walk_expected(w, v, "an integer");
	if (text[0] == '-') {
		/* strtoull would silently negate; only "-0" is a non-negative value */
		if (strspn(text + 1, "0") != strlen(text + 1))
			goto range;
		*out = 0;
		return 0;
	}
	errno = 0;
	value = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0' || value > max)
		goto range;
	*out = value;
	return 0;
range:
	return lc_fail(w->err, 0, "%s: expected an integer from 0 to %" PRIu64, lc_walk_where(w), max);
}

int lc_read_i64(lc_walk *w, yajl_val v, void *out)
{
	return read_int_range(w, v, INT64_MIN, INT64_MAX, out);
}

int lc_read_i32_as_i64(lc_walk *w, yajl_val v, void *out)
{
	return read_int_range(w, v, INT32_MIN, INT32_MAX, out);
}

int lc_read_u64(lc_walk *w, yajl_val v, void *out)
{
	return read_uint_range(w, v, UINT64_MAX, out);
}

int lc_read_u32(lc_walk *w, yajl_val v, void *out)
{
	uint64_t value;

	if (read_uint_range(w, v, UINT32_MAX, &value) < 0)
		return -1;
	*(uint32_t *)out = (uint32_t)value;
	return 0;
}

int lc_read_opt_i64(lc_walk *w, yajl_val v, void *out)
{
	lc_opt_i64 *dst = out;

	if (lc_read_i64(w, v, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

int lc_read_opt_i32(lc_walk *w, yajl_val v, void *out)
{
	lc_opt_i64 *dst = out;

	if (lc_read_i32_as_i64(w, v, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

int lc_read_opt_u64(lc_walk *w, yajl_val v, void *out)
{
	lc_opt_u64 *dst = out;

	if (lc_read_u64(w, v, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

int lc_read_opt_u32(lc_walk *w, yajl_val v, void *out)
{
	lc_opt_u64 *dst = out;

	if (read_uint_range(w, v, UINT32_MAX, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

int lc_read_opt_u16(lc_walk *w, yajl_val v, void *out)
{
	lc_opt_u64 *dst = out;

	if (read_uint_range(w, v, UINT16_MAX, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

/* ---- containers ---- */

static int strv_from_array(lc_walk *w, yajl_val v, lc_strv *dst, const char *what)
{
	size_t n;

	if (v == NULL || !YAJL_IS_ARRAY(v))
		return lc_walk_expected(w, v, what);
	n = v->u.array.len;
	dst->items = lc_walk_alloc(w, n + 1, sizeof(char *));
	if (dst->items == NULL)
		return -1;
	dst->len = n;
	for (size_t i = 0; i < n; i++) {
		size_t mark = lc_walk_enter_index(w, i);
		int ret = lc_read_string(w, v->u.array.values[i], &dst->items[i]);
		lc_walk_leave(w, mark);
		if (ret < 0)
			return -1;
	}
	return 0;
}

int lc_read_strv(lc_walk *w, yajl_val v, void *out)
{
	return strv_from_array(w, v, out, "an array of strings");
}

int lc_read_nonempty_strv(lc_walk *w, yajl_val v, void *out)
{
	if (v != NULL && YAJL_IS_ARRAY(v) && v->u.array.len == 0)
		return lc_walk_expected(w, v, "a non-empty array of strings");
	return strv_from_array(w, v, out, "a non-empty array of strings");
}

/* Reads an array of objects (or numbers) into a freshly allocated C array; *len is set
 * before the elements are read so a failure part-way still frees cleanly. */
int lc_walk_array(lc_walk *w, yajl_val v, const char *what, void **items, size_t *len, size_t size, lc_walk_reader fn)
{
	size_t n;

	if (v == NULL || !YAJL_IS_ARRAY(v))
		return lc_walk_expected(w, v, what);
	n = v->u.array.len;
	*items = lc_walk_alloc(w, n, size);
	if (*items == NULL)
		return -1;
	*len = n;
	for (size_t i = 0; i < n; i++) {
		size_t mark = lc_walk_enter_index(w, i);
		int ret = fn(w, v->u.array.values[i], (char *)*items + i * size);
		lc_walk_leave(w, mark);
		if (ret < 0)
			return -1;
	}
	return 0;
}

int lc_walk_map_add(lc_walk *w, lc_map *map, const char *key, const char *value)
{
	char *k = strdup(key);
	char *val = strdup(value);

	if (k == NULL || val == NULL) {
		free(k);
		free(val);
		return lc_walk_out_of_memory(w);
	}
	map->items[map->len].key = k;
	map->items[map->len].value = val;
	map->len++;
	return 0;
}

static int compare_keys(const void *a, const void *b, void *keys)
{
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
	int order = strcmp(((const char **)keys)[ia], ((const char **)keys)[ib]);

	return order != 0 ? order : (ia > ib) - (ia < ib);
}

/* For each key index i: the index of the value that wins for it (the last occurrence) when i is
 * the key's first occurrence, SIZE_MAX when it repeats an earlier key. Sorting keeps a config
 * with many thousand annotations linear-logarithmic instead of quadratic. */
static size_t *pick_unique_keys(lc_walk *w, yajl_val obj, size_t *unique)
{
	const char **keys = obj->u.object.keys;
	size_t n = obj->u.object.len;
	size_t *order = lc_walk_alloc(w, n, sizeof(size_t));
	size_t *winner = order ? lc_walk_alloc(w, n, sizeof(size_t)) : NULL;

	if (winner == NULL) {
		free(order);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		order[i] = i;
		winner[i] = SIZE_MAX;
	}
	qsort_r(order, n, sizeof(size_t), compare_keys, (void *)keys);
	*unique = 0;
	for (size_t first = 0, next; first < n; first = next) {
		for (next = first + 1; next < n && strcmp(keys[order[next]], keys[order[first]]) == 0; next++)
			;
		winner[order[first]] = order[next - 1];
		(*unique)++;
	}
	free(order);
	return winner;
}

int lc_walk_keyed(lc_walk *w, yajl_val v, const char *what, void **items, size_t *len, size_t size,
		  lc_walk_entry_reader fn)
{
	size_t unique = 0, slot = 0;
	size_t *winner;
	int ret = 0;

	if (v == NULL || !YAJL_IS_OBJECT(v))
		return lc_walk_expected(w, v, what);
	winner = pick_unique_keys(w, v, &unique);
	if (winner == NULL)
		return -1;
	*items = lc_walk_alloc(w, unique, size);
	if (*items == NULL) {
		free(winner);
		return -1;
	}
	*len = unique;
	for (size_t i = 0; i < v->u.object.len && ret == 0; i++) {
		size_t mark;
		if (winner[i] == SIZE_MAX)
			continue;
		mark = lc_walk_enter_key(w, v->u.object.keys[i]);
		ret = fn(w, v->u.object.keys[i], v->u.object.values[winner[i]], (char *)*items + slot++ * size);
		lc_walk_leave(w, mark);
	}
	free(winner);
	return ret;
}

static int read_string_entry(lc_walk *w, const char *key, yajl_val value, void *out)
{
	lc_keyval *kv = out;

	if (value == NULL || !YAJL_IS_STRING(value))
		return lc_walk_expected(w, value, "a string");
	kv->key = strdup(key);
	kv->value = strdup(value->u.string);
	if (kv->key == NULL || kv->value == NULL)
		return lc_walk_out_of_memory(w);
	return 0;
}

/* An object of string values (annotations, sysctl, unified); a repeated key keeps its first
 * place and its last value, as Go's encoding/json decodes it into a map. */
int lc_read_string_map(lc_walk *w, yajl_val v, void *out)
{
	lc_map *map = out;

	return lc_walk_keyed(w, v, "an object of strings", (void **)&map->items, &map->len, sizeof(lc_keyval),
			     read_string_entry);
}

int lc_walk_object(lc_walk *w, yajl_val v)
{
	if (v == NULL || !YAJL_IS_OBJECT(v))
		return lc_walk_expected(w, v, "an object");
	return 0;
}

static int read_id_mapping(lc_walk *w, yajl_val v, void *out)
{
	lc_id_mapping *m = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "containerID", true, lc_read_u32, &m->container_id) < 0 ||
	    lc_walk_field(w, v, "hostID", true, lc_read_u32, &m->host_id) < 0 ||
	    lc_walk_field(w, v, "size", true, lc_read_u32, &m->size) < 0)
		return -1;
	return 0;
}

int lc_read_id_mappings(lc_walk *w, yajl_val obj, const char *key, lc_id_mapping **items, size_t *len)
{
	yajl_val v = lc_walk_member(obj, key);
	size_t mark;
	int ret;

	if (v == NULL)
		return 0;
	mark = lc_walk_enter_key(w, key);
	ret = lc_walk_array(w, v, "an array of objects", (void **)items, len, sizeof(**items), read_id_mapping);
	lc_walk_leave(w, mark);
	return ret;
}

void lc_spec_strv_free(lc_strv *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i]);
	free(v->items);
}

void lc_spec_map_free(lc_map *m)
{
	for (size_t i = 0; i < m->len; i++) {
		free(m->items[i].key);
		free(m->items[i].value);
	}
	free(m->items);
}
