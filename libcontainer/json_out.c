/* json_out.c: builds JSON text with yajl_gen for every file and output oci-run writes.
 * The first generator error is remembered and turns the result into NULL. */
#include "json_out.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

struct lc_json_writer {
	yajl_gen gen;
	bool failed;
};

lc_json_writer *lc_json_new(bool pretty)
{
	lc_json_writer *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return NULL;
	w->gen = yajl_gen_alloc(NULL);
	if (w->gen == NULL) {
		free(w);
		return NULL;
	}
	if (pretty) {
		yajl_gen_config(w->gen, yajl_gen_beautify, 1);
		yajl_gen_config(w->gen, yajl_gen_indent_string, "  ");
	}
	return w;
}

static void check(lc_json_writer *w, yajl_gen_status status)
{
	if (status != yajl_gen_status_ok)
		w->failed = true;
}

void lc_json_begin_object(lc_json_writer *w) { check(w, yajl_gen_map_open(w->gen)); }
void lc_json_end_object(lc_json_writer *w) { check(w, yajl_gen_map_close(w->gen)); }
void lc_json_begin_array(lc_json_writer *w) { check(w, yajl_gen_array_open(w->gen)); }
void lc_json_end_array(lc_json_writer *w) { check(w, yajl_gen_array_close(w->gen)); }

void lc_json_string(lc_json_writer *w, const char *value)
{
	if (value == NULL)
		value = "";
	check(w, yajl_gen_string(w->gen, (const unsigned char *)value, strlen(value)));
}

void lc_json_key(lc_json_writer *w, const char *key) { lc_json_string(w, key); }
void lc_json_int(lc_json_writer *w, int64_t value) { check(w, yajl_gen_integer(w->gen, value)); }
void lc_json_bool(lc_json_writer *w, bool value) { check(w, yajl_gen_bool(w->gen, value)); }

/* yajl_gen_integer stops at INT64_MAX; cgroup counters and "max" limits go up to UINT64_MAX. */
void lc_json_uint(lc_json_writer *w, uint64_t value)
{
	char text[24];
	int len = snprintf(text, sizeof(text), "%" PRIu64, value);

	check(w, yajl_gen_number(w->gen, text, (size_t)len));
}
void lc_json_null(lc_json_writer *w) { check(w, yajl_gen_null(w->gen)); }

void lc_json_kv_string(lc_json_writer *w, const char *key, const char *value)
{
	lc_json_key(w, key);
	lc_json_string(w, value);
}

void lc_json_kv_int(lc_json_writer *w, const char *key, int64_t value)
{
	lc_json_key(w, key);
	lc_json_int(w, value);
}

void lc_json_map(lc_json_writer *w, const lc_map *map)
{
	lc_json_begin_object(w);
	for (size_t i = 0; map != NULL && i < map->len; i++)
		lc_json_kv_string(w, map->items[i].key, map->items[i].value);
	lc_json_end_object(w);
}

char *lc_json_finish(lc_json_writer *w)
{
	const unsigned char *buf = NULL;
	size_t len = 0;
	char *text = NULL;

	if (w == NULL)
		return NULL;
	if (!w->failed && yajl_gen_get_buf(w->gen, &buf, &len) == yajl_gen_status_ok) {
		while (len > 0 && buf[len - 1] == '\n')
			len--;
		text = malloc(len + 1);
		if (text != NULL) {
			memcpy(text, buf, len);
			text[len] = '\0';
		}
	}
	lc_json_free(w);
	return text;
}

void lc_json_free(lc_json_writer *w)
{
	if (w == NULL)
		return;
	yajl_gen_free(w->gen);
	free(w);
}
