/* spec.c: turns config.json text into an lc_spec (one yajl tree parse, one walk) and frees it.
 * Every error names the JSON path of the offending value and what was expected there. */
#include "spec.h"

#include "cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

/* yajl_tree_free recurses once per nesting level: refuse absurd nesting before it can
 * exhaust the stack. A real config.json nests about 6 deep. */
#define MAX_JSON_DEPTH 256

/* The walk keeps the JSON path of the value being read, so any error can name it. */
typedef struct {
	lc_error **err;
	char *path;
	size_t len, cap;
} walk;

typedef int (*reader)(walk *w, yajl_val v, void *out);

/* On allocation failure the path is left as it was: an error message may then name the
 * parent of the value instead of the value, which is all that is lost. */
static void path_append(walk *w, const char *text, size_t n)
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
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '_' || *c == '-'))
			return false;
	}
	return true;
}

/* Schema keys and identifier-like map keys read as `a.b`; other map keys (annotations,
 * sysctl names with dots) as `a["org.example/key"]`, with quotes and controls escaped. */
static size_t enter_key(walk *w, const char *key)
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

static size_t enter_index(walk *w, size_t index)
{
	size_t mark = w->len;
	char text[32];
	int n = snprintf(text, sizeof(text), "[%zu]", index);

	path_append(w, text, (size_t)n);
	return mark;
}

static void leave(walk *w, size_t mark)
{
	if (mark < w->cap) {
		w->len = mark;
		w->path[mark] = '\0';
	}
}

static const char *where(walk *w)
{
	return w->len > 0 && w->path != NULL ? w->path : "config.json";
}

/* v == NULL means a required field is absent (or null). */
static int expected(walk *w, yajl_val v, const char *what)
{
	if (v == NULL)
		return lc_fail(w->err, 0, "%s: expected %s, but it is missing", where(w), what);
	return lc_fail(w->err, 0, "%s: expected %s", where(w), what);
}

static int out_of_memory(walk *w)
{
	return lc_fail(w->err, ENOMEM, "%s", where(w));
}

static void *alloc_items(walk *w, size_t n, size_t size)
{
	void *items = calloc(n > 0 ? n : 1, size);

	if (items == NULL)
		out_of_memory(w);
	return items;
}

/* Last occurrence wins on duplicate keys (as Go's encoding/json); null reads as absent. */
static yajl_val member(yajl_val obj, const char *key)
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

static int field(walk *w, yajl_val obj, const char *key, bool required, reader fn, void *out)
{
	yajl_val v = member(obj, key);
	size_t mark;
	int ret;

	if (v == NULL && !required)
		return 0;
	mark = enter_key(w, key);
	ret = fn(w, v, out);
	leave(w, mark);
	return ret;
}

/* ---- scalars ---- */

static int read_string(walk *w, yajl_val v, void *out)
{
	char **dst = out;

	if (v == NULL || !YAJL_IS_STRING(v))
		return expected(w, v, "a string");
	free(*dst);
	*dst = strdup(v->u.string);
	if (*dst == NULL)
		return out_of_memory(w);
	return 0;
}

static int read_bool(walk *w, yajl_val v, void *out)
{
	if (v == NULL || !(YAJL_IS_TRUE(v) || YAJL_IS_FALSE(v)))
		return expected(w, v, "a boolean");
	*(bool *)out = YAJL_IS_TRUE(v);
	return 0;
}

static int read_opt_bool(walk *w, yajl_val v, void *out)
{
	lc_opt_bool *dst = out;

	if (read_bool(w, v, &dst->value) < 0)
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

static int read_int_range(walk *w, yajl_val v, int64_t min, int64_t max, int64_t *out)
{
	const char *text;
	char *end = NULL;
	long long value;

	if (!number_text(v, &text))
		return expected(w, v, "an integer");
	errno = 0;
	value = strtoll(text, &end, 10);
	if (errno != 0 || *end != '\0' || value < min || value > max)
		return lc_fail(w->err, 0, "%s: expected an integer from %" PRId64 " to %" PRId64, where(w), min,
			       max);
	*out = value;
	return 0;
}

static int read_uint_range(walk *w, yajl_val v, uint64_t max, uint64_t *out)
{
	const char *text;
	char *end = NULL;
	unsigned long long value;

	if (!number_text(v, &text))
		return expected(w, v, "an integer");
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
	return lc_fail(w->err, 0, "%s: expected an integer from 0 to %" PRIu64, where(w), max);
}

static int read_i64(walk *w, yajl_val v, void *out)
{
	return read_int_range(w, v, INT64_MIN, INT64_MAX, out);
}

static int read_i32_as_i64(walk *w, yajl_val v, void *out)
{
	return read_int_range(w, v, INT32_MIN, INT32_MAX, out);
}

static int read_u64(walk *w, yajl_val v, void *out)
{
	return read_uint_range(w, v, UINT64_MAX, out);
}

static int read_u32(walk *w, yajl_val v, void *out)
{
	uint64_t value;

	if (read_uint_range(w, v, UINT32_MAX, &value) < 0)
		return -1;
	*(uint32_t *)out = (uint32_t)value;
	return 0;
}

static int read_opt_i64(walk *w, yajl_val v, void *out)
{
	lc_opt_i64 *dst = out;

	if (read_i64(w, v, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

static int read_opt_i32(walk *w, yajl_val v, void *out)
{
	lc_opt_i64 *dst = out;

	if (read_i32_as_i64(w, v, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

static int read_opt_u64(walk *w, yajl_val v, void *out)
{
	lc_opt_u64 *dst = out;

	if (read_u64(w, v, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

static int read_opt_u32(walk *w, yajl_val v, void *out)
{
	lc_opt_u64 *dst = out;

	if (read_uint_range(w, v, UINT32_MAX, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

static int read_opt_u16(walk *w, yajl_val v, void *out)
{
	lc_opt_u64 *dst = out;

	if (read_uint_range(w, v, UINT16_MAX, &dst->value) < 0)
		return -1;
	dst->has = true;
	return 0;
}

/* ---- containers ---- */

static int strv_from_array(walk *w, yajl_val v, lc_strv *dst, const char *what)
{
	size_t n;

	if (v == NULL || !YAJL_IS_ARRAY(v))
		return expected(w, v, what);
	n = v->u.array.len;
	dst->items = alloc_items(w, n + 1, sizeof(char *));
	if (dst->items == NULL)
		return -1;
	dst->len = n;
	for (size_t i = 0; i < n; i++) {
		size_t mark = enter_index(w, i);
		int ret = read_string(w, v->u.array.values[i], &dst->items[i]);
		leave(w, mark);
		if (ret < 0)
			return -1;
	}
	return 0;
}

static int read_strv(walk *w, yajl_val v, void *out)
{
	return strv_from_array(w, v, out, "an array of strings");
}

static int read_nonempty_strv(walk *w, yajl_val v, void *out)
{
	if (v != NULL && YAJL_IS_ARRAY(v) && v->u.array.len == 0)
		return expected(w, v, "a non-empty array of strings");
	return strv_from_array(w, v, out, "a non-empty array of strings");
}

/* Reads an array of objects (or numbers) into a freshly allocated C array; *len is set
 * before the elements are read so a failure part-way still frees cleanly. */
static int read_array(walk *w, yajl_val v, const char *what, void **items, size_t *len, size_t size,
		      reader fn)
{
	size_t n;

	if (v == NULL || !YAJL_IS_ARRAY(v))
		return expected(w, v, what);
	n = v->u.array.len;
	*items = alloc_items(w, n, size);
	if (*items == NULL)
		return -1;
	*len = n;
	for (size_t i = 0; i < n; i++) {
		size_t mark = enter_index(w, i);
		int ret = fn(w, v->u.array.values[i], (char *)*items + i * size);
		leave(w, mark);
		if (ret < 0)
			return -1;
	}
	return 0;
}

static int map_set(walk *w, lc_map *map, const char *key, const char *value)
{
	char *k, *val;

	/* a repeated key replaces the earlier value but keeps its place */
	for (size_t i = 0; i < map->len; i++) {
		if (strcmp(map->items[i].key, key) == 0) {
			val = strdup(value);
			if (val == NULL)
				return out_of_memory(w);
			free(map->items[i].value);
			map->items[i].value = val;
			return 0;
		}
	}
	k = strdup(key);
	val = strdup(value);
	if (k == NULL || val == NULL) {
		free(k);
		free(val);
		return out_of_memory(w);
	}
	map->items[map->len].key = k;
	map->items[map->len].value = val;
	map->len++;
	return 0;
}

/* An object of string values (annotations, sysctl, unified). */
static int read_string_map(walk *w, yajl_val v, void *out)
{
	lc_map *map = out;

	if (v == NULL || !YAJL_IS_OBJECT(v))
		return expected(w, v, "an object of strings");
	map->items = alloc_items(w, v->u.object.len, sizeof(lc_keyval));
	if (map->items == NULL)
		return -1;
	for (size_t i = 0; i < v->u.object.len; i++) {
		yajl_val value = v->u.object.values[i];
		size_t mark = enter_key(w, v->u.object.keys[i]);
		int ret = 0;

		if (value == NULL || !YAJL_IS_STRING(value))
			ret = expected(w, value, "a string");
		else
			ret = map_set(w, map, v->u.object.keys[i], value->u.string);
		leave(w, mark);
		if (ret < 0)
			return -1;
	}
	return 0;
}

static int require_object(walk *w, yajl_val v)
{
	if (v == NULL || !YAJL_IS_OBJECT(v))
		return expected(w, v, "an object");
	return 0;
}

/* ---- root, mounts ---- */

static int read_id_mapping(walk *w, yajl_val v, void *out)
{
	lc_id_mapping *m = out;

	if (require_object(w, v) < 0 || field(w, v, "containerID", true, read_u32, &m->container_id) < 0 ||
	    field(w, v, "hostID", true, read_u32, &m->host_id) < 0 ||
	    field(w, v, "size", true, read_u32, &m->size) < 0)
		return -1;
	return 0;
}

static int read_id_mappings(walk *w, yajl_val obj, const char *key, lc_id_mapping **items, size_t *len)
{
	yajl_val v = member(obj, key);
	size_t mark;
	int ret;

	if (v == NULL)
		return 0;
	mark = enter_key(w, key);
	ret = read_array(w, v, "an array of objects", (void **)items, len, sizeof(**items), read_id_mapping);
	leave(w, mark);
	return ret;
}

static int read_root(walk *w, yajl_val v, void *out)
{
	lc_spec *spec = out;

	if (require_object(w, v) < 0 || field(w, v, "path", true, read_string, &spec->root_path) < 0 ||
	    field(w, v, "readonly", false, read_bool, &spec->root_readonly) < 0)
		return -1;
	return 0;
}

static int read_mount(walk *w, yajl_val v, void *out)
{
	lc_mount *m = out;

	if (require_object(w, v) < 0 || field(w, v, "destination", true, read_string, &m->destination) < 0 ||
	    field(w, v, "type", false, read_string, &m->type) < 0 ||
	    field(w, v, "source", false, read_string, &m->source) < 0 ||
	    field(w, v, "options", false, read_strv, &m->options) < 0 ||
	    read_id_mappings(w, v, "uidMappings", &m->uid_mappings, &m->uid_mappings_len) < 0 ||
	    read_id_mappings(w, v, "gidMappings", &m->gid_mappings, &m->gid_mappings_len) < 0)
		return -1;
	return 0;
}

static int read_mounts(walk *w, yajl_val v, void *out)
{
	lc_spec *spec = out;

	return read_array(w, v, "an array of objects", (void **)&spec->mounts, &spec->mounts_len,
			  sizeof(*spec->mounts), read_mount);
}

/* ---- process ---- */

static int read_console_size(walk *w, yajl_val v, void *out)
{
	lc_process *p = out;

	if (require_object(w, v) < 0 || field(w, v, "height", true, read_u32, &p->console_height) < 0 ||
	    field(w, v, "width", true, read_u32, &p->console_width) < 0)
		return -1;
	p->has_console_size = true;
	return 0;
}

static int read_gids(walk *w, yajl_val v, void *out)
{
	lc_user *u = out;

	return read_array(w, v, "an array of integers", (void **)&u->additional_gids, &u->additional_gids_len,
			  sizeof(*u->additional_gids), read_u32);
}

static int read_user(walk *w, yajl_val v, void *out)
{
	lc_user *u = out;

	/* uid and gid default to 0 when absent, as runc and crun read them */
	if (require_object(w, v) < 0 || field(w, v, "uid", false, read_u32, &u->uid) < 0 ||
	    field(w, v, "gid", false, read_u32, &u->gid) < 0 ||
	    field(w, v, "umask", false, read_opt_u32, &u->umask) < 0 ||
	    field(w, v, "additionalGids", false, read_gids, u) < 0 ||
	    field(w, v, "username", false, read_string, &u->username) < 0)
		return -1;
	return 0;
}

static int read_capabilities(walk *w, yajl_val v, void *out)
{
	lc_capabilities *c = out;
	struct {
		const char *key;
		lc_strv *set;
		bool *has;
	} sets[] = {
		{"bounding", &c->bounding, &c->has_bounding},
		{"effective", &c->effective, &c->has_effective},
		{"inheritable", &c->inheritable, &c->has_inheritable},
		{"permitted", &c->permitted, &c->has_permitted},
		{"ambient", &c->ambient, &c->has_ambient},
	};

	if (require_object(w, v) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		if (member(v, sets[i].key) == NULL)
			continue;
		if (field(w, v, sets[i].key, true, read_strv, sets[i].set) < 0)
			return -1;
		*sets[i].has = true;
	}
	return 0;
}

static int read_rlimit(walk *w, yajl_val v, void *out)
{
	lc_rlimit *r = out;

	if (require_object(w, v) < 0 || field(w, v, "type", true, read_string, &r->type) < 0 ||
	    field(w, v, "soft", true, read_u64, &r->soft) < 0 || field(w, v, "hard", true, read_u64, &r->hard) < 0)
		return -1;
	return 0;
}

static int read_rlimits(walk *w, yajl_val v, void *out)
{
	lc_process *p = out;

	return read_array(w, v, "an array of objects", (void **)&p->rlimits, &p->rlimits_len, sizeof(*p->rlimits),
			  read_rlimit);
}

static int read_io_priority(walk *w, yajl_val v, void *out)
{
	lc_process *p = out;

	if (require_object(w, v) < 0 || field(w, v, "class", true, read_string, &p->io_priority.class) < 0 ||
	    field(w, v, "priority", false, read_i32_as_i64, &p->io_priority.priority) < 0)
		return -1;
	p->has_io_priority = true;
	return 0;
}

static int read_scheduler(walk *w, yajl_val v, void *out)
{
	lc_process *p = out;
	lc_scheduler *s = &p->scheduler;

	if (require_object(w, v) < 0 || field(w, v, "policy", true, read_string, &s->policy) < 0 ||
	    field(w, v, "nice", false, read_opt_i32, &s->nice) < 0 ||
	    field(w, v, "priority", false, read_opt_i32, &s->priority) < 0 ||
	    field(w, v, "flags", false, read_strv, &s->flags) < 0 ||
	    field(w, v, "runtime", false, read_opt_u64, &s->runtime) < 0 ||
	    field(w, v, "deadline", false, read_opt_u64, &s->deadline) < 0 ||
	    field(w, v, "period", false, read_opt_u64, &s->period) < 0)
		return -1;
	p->has_scheduler = true;
	return 0;
}

static int read_cpu_affinity(walk *w, yajl_val v, void *out)
{
	lc_map *map = out;
	static const char *const keys[] = {"initial", "final"};

	if (require_object(w, v) < 0)
		return -1;
	map->items = alloc_items(w, 2, sizeof(lc_keyval));
	if (map->items == NULL)
		return -1;
	for (size_t i = 0; i < 2; i++) {
		cleanup_free char *value = NULL;
		if (field(w, v, keys[i], false, read_string, &value) < 0)
			return -1;
		if (value != NULL && map_set(w, map, keys[i], value) < 0)
			return -1;
	}
	return 0;
}

static int read_process(walk *w, yajl_val v, void *out)
{
	lc_process *p = out;

	if (require_object(w, v) < 0 || field(w, v, "terminal", false, read_bool, &p->terminal) < 0 ||
	    field(w, v, "consoleSize", false, read_console_size, p) < 0 ||
	    field(w, v, "user", false, read_user, &p->user) < 0 ||
	    field(w, v, "args", false, read_nonempty_strv, &p->args) < 0 ||
	    field(w, v, "commandLine", false, read_string, &p->command_line) < 0 ||
	    field(w, v, "env", false, read_strv, &p->env) < 0 || field(w, v, "cwd", false, read_string, &p->cwd) < 0 ||
	    field(w, v, "capabilities", false, read_capabilities, &p->capabilities) < 0 ||
	    field(w, v, "rlimits", false, read_rlimits, p) < 0 ||
	    field(w, v, "noNewPrivileges", false, read_bool, &p->no_new_privileges) < 0 ||
	    field(w, v, "apparmorProfile", false, read_string, &p->apparmor_profile) < 0 ||
	    field(w, v, "oomScoreAdj", false, read_opt_i32, &p->oom_score_adj) < 0 ||
	    field(w, v, "selinuxLabel", false, read_string, &p->selinux_label) < 0 ||
	    field(w, v, "ioPriority", false, read_io_priority, p) < 0 ||
	    field(w, v, "scheduler", false, read_scheduler, p) < 0 ||
	    field(w, v, "execCPUAffinity", false, read_cpu_affinity, &p->exec_cpu_affinity) < 0)
		return -1;
	p->has_capabilities = member(v, "capabilities") != NULL;
	return 0;
}

/* ---- hooks ---- */

static int read_hook(walk *w, yajl_val v, void *out)
{
	lc_hook *h = out;

	if (require_object(w, v) < 0 || field(w, v, "path", true, read_string, &h->path) < 0 ||
	    field(w, v, "args", false, read_strv, &h->args) < 0 || field(w, v, "env", false, read_strv, &h->env) < 0 ||
	    field(w, v, "timeout", false, read_opt_i32, &h->timeout) < 0)
		return -1;
	return 0;
}

static int read_hook_list(walk *w, yajl_val v, void *out)
{
	lc_hook_list *list = out;

	return read_array(w, v, "an array of objects", (void **)&list->items, &list->len, sizeof(*list->items),
			  read_hook);
}

static int read_hooks(walk *w, yajl_val v, void *out)
{
	lc_hooks *h = out;

	if (require_object(w, v) < 0 || field(w, v, "prestart", false, read_hook_list, &h->prestart) < 0 ||
	    field(w, v, "createRuntime", false, read_hook_list, &h->create_runtime) < 0 ||
	    field(w, v, "createContainer", false, read_hook_list, &h->create_container) < 0 ||
	    field(w, v, "startContainer", false, read_hook_list, &h->start_container) < 0 ||
	    field(w, v, "poststart", false, read_hook_list, &h->poststart) < 0 ||
	    field(w, v, "poststop", false, read_hook_list, &h->poststop) < 0)
		return -1;
	return 0;
}

/* ---- namespaces ---- */

static const struct {
	const char *name;
	const char *proc_name;
	int clone_flag;
} ns_kinds[LC_NS__COUNT] = {
	[LC_NS_PID] = {"pid", "pid", CLONE_NEWPID},
	[LC_NS_NETWORK] = {"network", "net", CLONE_NEWNET},
	[LC_NS_MOUNT] = {"mount", "mnt", CLONE_NEWNS},
	[LC_NS_IPC] = {"ipc", "ipc", CLONE_NEWIPC},
	[LC_NS_UTS] = {"uts", "uts", CLONE_NEWUTS},
	[LC_NS_USER] = {"user", "user", CLONE_NEWUSER},
	[LC_NS_CGROUP] = {"cgroup", "cgroup", CLONE_NEWCGROUP},
	[LC_NS_TIME] = {"time", "time", CLONE_NEWTIME},
};

const char *lc_ns_kind_name(lc_ns_kind kind)
{
	return (unsigned)kind < LC_NS__COUNT ? ns_kinds[kind].name : "unknown";
}

const char *lc_ns_kind_proc_name(lc_ns_kind kind)
{
	return (unsigned)kind < LC_NS__COUNT ? ns_kinds[kind].proc_name : "unknown";
}

int lc_ns_kind_clone_flag(lc_ns_kind kind)
{
	return (unsigned)kind < LC_NS__COUNT ? ns_kinds[kind].clone_flag : 0;
}

const lc_namespace *lc_spec_namespace(const lc_spec *spec, lc_ns_kind kind)
{
	if (spec == NULL || !spec->has_linux)
		return NULL;
	for (size_t i = 0; i < spec->linux_.namespaces_len; i++) {
		if (spec->linux_.namespaces[i].kind == kind)
			return &spec->linux_.namespaces[i];
	}
	return NULL;
}

static int read_ns_kind(walk *w, yajl_val v, void *out)
{
	if (v == NULL || !YAJL_IS_STRING(v))
		return expected(w, v, "a string");
	for (int k = 0; k < LC_NS__COUNT; k++) {
		if (strcmp(v->u.string, ns_kinds[k].name) == 0) {
			*(lc_ns_kind *)out = (lc_ns_kind)k;
			return 0;
		}
	}
	return lc_fail(w->err, 0,
		       "%s: unknown namespace type \"%s\" (expected one of pid, network, mount, ipc, uts, user, "
		       "cgroup, time)",
		       where(w), v->u.string);
}

static int read_namespace(walk *w, yajl_val v, void *out)
{
	lc_namespace *ns = out;

	if (require_object(w, v) < 0 || field(w, v, "type", true, read_ns_kind, &ns->kind) < 0 ||
	    field(w, v, "path", false, read_string, &ns->path) < 0)
		return -1;
	return 0;
}

/* ---- linux: time offsets, devices ---- */

static int read_time_offsets(walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	if (v == NULL || !YAJL_IS_OBJECT(v))
		return expected(w, v, "an object keyed by clock name");
	l->time_offsets = alloc_items(w, v->u.object.len, sizeof(*l->time_offsets));
	if (l->time_offsets == NULL)
		return -1;
	l->time_offsets_len = v->u.object.len;
	for (size_t i = 0; i < v->u.object.len; i++) {
		lc_time_offset *t = &l->time_offsets[i];
		yajl_val entry = v->u.object.values[i];
		size_t mark = enter_key(w, v->u.object.keys[i]);
		int ret = -1;

		t->clock = strdup(v->u.object.keys[i]);
		if (t->clock == NULL)
			out_of_memory(w);
		else if (require_object(w, entry) == 0 && field(w, entry, "secs", false, read_i64, &t->secs) == 0 &&
			 field(w, entry, "nanosecs", false, read_u32, &t->nanosecs) == 0)
			ret = 0;
		leave(w, mark);
		if (ret < 0)
			return -1;
	}
	return 0;
}

static int read_device_type(walk *w, yajl_val v, void *out)
{
	const char *s;

	if (v == NULL || !YAJL_IS_STRING(v))
		return expected(w, v, "a string");
	s = v->u.string;
	if (strlen(s) != 1 || strchr("cbup", s[0]) == NULL)
		return lc_fail(w->err, 0, "%s: invalid device type \"%s\" (expected \"c\", \"b\", \"u\" or \"p\")",
			       where(w), s);
	*(char *)out = s[0];
	return 0;
}

static int read_device(walk *w, yajl_val v, void *out)
{
	lc_device *d = out;
	bool fifo;

	if (require_object(w, v) < 0 || field(w, v, "path", true, read_string, &d->path) < 0 ||
	    field(w, v, "type", true, read_device_type, &d->type) < 0)
		return -1;
	/* a fifo has no device number; every other type must say which device it is */
	fifo = d->type == 'p';
	if (field(w, v, "major", !fifo, read_i64, &d->major) < 0 || field(w, v, "minor", !fifo, read_i64, &d->minor) < 0 ||
	    field(w, v, "fileMode", false, read_opt_u32, &d->file_mode) < 0 ||
	    field(w, v, "uid", false, read_opt_u32, &d->uid) < 0 || field(w, v, "gid", false, read_opt_u32, &d->gid) < 0)
		return -1;
	return 0;
}

/* ---- linux.resources ---- */

static int read_device_rule(walk *w, yajl_val v, void *out)
{
	lc_device_cgroup_rule *r = out;

	if (require_object(w, v) < 0 || field(w, v, "allow", true, read_bool, &r->allow) < 0 ||
	    field(w, v, "type", false, read_string, &r->type) < 0 ||
	    field(w, v, "major", false, read_opt_i64, &r->major) < 0 ||
	    field(w, v, "minor", false, read_opt_i64, &r->minor) < 0 ||
	    field(w, v, "access", false, read_string, &r->access) < 0)
		return -1;
	return 0;
}

static int read_device_rules(walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	return read_array(w, v, "an array of objects", (void **)&r->devices, &r->devices_len, sizeof(*r->devices),
			  read_device_rule);
}

static int read_memory(walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;
	lc_memory_resources *m = &r->memory;

	if (require_object(w, v) < 0 || field(w, v, "limit", false, read_opt_i64, &m->limit) < 0 ||
	    field(w, v, "reservation", false, read_opt_i64, &m->reservation) < 0 ||
	    field(w, v, "swap", false, read_opt_i64, &m->swap) < 0 ||
	    field(w, v, "kernel", false, read_opt_i64, &m->kernel) < 0 ||
	    field(w, v, "kernelTCP", false, read_opt_i64, &m->kernel_tcp) < 0 ||
	    field(w, v, "swappiness", false, read_opt_u64, &m->swappiness) < 0 ||
	    field(w, v, "disableOOMKiller", false, read_opt_bool, &m->disable_oom_killer) < 0 ||
	    field(w, v, "useHierarchy", false, read_opt_bool, &m->use_hierarchy) < 0 ||
	    field(w, v, "checkBeforeUpdate", false, read_opt_bool, &m->check_before_update) < 0)
		return -1;
	r->has_memory = true;
	return 0;
}

static int read_cpu(walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;
	lc_cpu_resources *c = &r->cpu;

	if (require_object(w, v) < 0 || field(w, v, "shares", false, read_opt_u64, &c->shares) < 0 ||
	    field(w, v, "quota", false, read_opt_i64, &c->quota) < 0 ||
	    field(w, v, "burst", false, read_opt_u64, &c->burst) < 0 ||
	    field(w, v, "period", false, read_opt_u64, &c->period) < 0 ||
	    field(w, v, "realtimeRuntime", false, read_opt_i64, &c->realtime_runtime) < 0 ||
	    field(w, v, "realtimePeriod", false, read_opt_u64, &c->realtime_period) < 0 ||
	    field(w, v, "cpus", false, read_string, &c->cpus) < 0 ||
	    field(w, v, "mems", false, read_string, &c->mems) < 0 ||
	    field(w, v, "idle", false, read_opt_i64, &c->idle) < 0)
		return -1;
	r->has_cpu = true;
	return 0;
}

static int read_pids(walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	if (require_object(w, v) < 0 || field(w, v, "limit", false, read_opt_i64, &r->pids_limit) < 0)
		return -1;
	r->has_pids = true;
	return 0;
}

static int read_weight_device(walk *w, yajl_val v, void *out)
{
	lc_blkio_weight_device *d = out;

	if (require_object(w, v) < 0 || field(w, v, "major", true, read_i64, &d->major) < 0 ||
	    field(w, v, "minor", true, read_i64, &d->minor) < 0 ||
	    field(w, v, "weight", false, read_opt_u16, &d->weight) < 0 ||
	    field(w, v, "leafWeight", false, read_opt_u16, &d->leaf_weight) < 0)
		return -1;
	return 0;
}

static int read_throttle_device(walk *w, yajl_val v, void *out)
{
	lc_blkio_throttle_device *d = out;

	if (require_object(w, v) < 0 || field(w, v, "major", true, read_i64, &d->major) < 0 ||
	    field(w, v, "minor", true, read_i64, &d->minor) < 0 || field(w, v, "rate", true, read_u64, &d->rate) < 0)
		return -1;
	return 0;
}

static int read_throttle_list(walk *w, yajl_val obj, const char *key, lc_blkio_throttle_device **items,
			      size_t *len)
{
	yajl_val v = member(obj, key);
	size_t mark;
	int ret;

	if (v == NULL)
		return 0;
	mark = enter_key(w, key);
	ret = read_array(w, v, "an array of objects", (void **)items, len, sizeof(**items), read_throttle_device);
	leave(w, mark);
	return ret;
}

static int read_weight_devices(walk *w, yajl_val v, void *out)
{
	lc_blkio_resources *b = out;

	return read_array(w, v, "an array of objects", (void **)&b->weight_device, &b->weight_device_len,
			  sizeof(*b->weight_device), read_weight_device);
}

static int read_blkio(walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;
	lc_blkio_resources *b = &r->blkio;

	if (require_object(w, v) < 0 || field(w, v, "weight", false, read_opt_u16, &b->weight) < 0 ||
	    field(w, v, "leafWeight", false, read_opt_u16, &b->leaf_weight) < 0 ||
	    field(w, v, "weightDevice", false, read_weight_devices, b) < 0 ||
	    read_throttle_list(w, v, "throttleReadBpsDevice", &b->throttle_read_bps, &b->throttle_read_bps_len) < 0 ||
	    read_throttle_list(w, v, "throttleWriteBpsDevice", &b->throttle_write_bps, &b->throttle_write_bps_len) <
		    0 ||
	    read_throttle_list(w, v, "throttleReadIOPSDevice", &b->throttle_read_iops, &b->throttle_read_iops_len) <
		    0 ||
	    read_throttle_list(w, v, "throttleWriteIOPSDevice", &b->throttle_write_iops,
			       &b->throttle_write_iops_len) < 0)
		return -1;
	r->has_blkio = true;
	return 0;
}

static int read_hugepage_limit(walk *w, yajl_val v, void *out)
{
	lc_hugepage_limit *h = out;

	if (require_object(w, v) < 0 || field(w, v, "pageSize", true, read_string, &h->page_size) < 0 ||
	    field(w, v, "limit", true, read_u64, &h->limit) < 0)
		return -1;
	return 0;
}

static int read_hugepage_limits(walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	return read_array(w, v, "an array of objects", (void **)&r->hugepage_limits, &r->hugepage_limits_len,
			  sizeof(*r->hugepage_limits), read_hugepage_limit);
}

static int read_net_priority(walk *w, yajl_val v, void *out)
{
	lc_net_priority *p = out;

	if (require_object(w, v) < 0 || field(w, v, "name", true, read_string, &p->name) < 0 ||
	    field(w, v, "priority", true, read_u32, &p->priority) < 0)
		return -1;
	return 0;
}

static int read_net_priorities(walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	return read_array(w, v, "an array of objects", (void **)&r->net_priorities, &r->net_priorities_len,
			  sizeof(*r->net_priorities), read_net_priority);
}

static int read_network(walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	if (require_object(w, v) < 0 || field(w, v, "classID", false, read_opt_u32, &r->net_class_id) < 0 ||
	    field(w, v, "priorities", false, read_net_priorities, r) < 0)
		return -1;
	r->has_network = true;
	return 0;
}

static int read_rdma(walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	if (v == NULL || !YAJL_IS_OBJECT(v))
		return expected(w, v, "an object keyed by device name");
	r->rdma = alloc_items(w, v->u.object.len, sizeof(*r->rdma));
	if (r->rdma == NULL)
		return -1;
	r->rdma_len = v->u.object.len;
	for (size_t i = 0; i < v->u.object.len; i++) {
		lc_rdma_limit *limit = &r->rdma[i];
		yajl_val entry = v->u.object.values[i];
		size_t mark = enter_key(w, v->u.object.keys[i]);
		int ret = -1;

		limit->device = strdup(v->u.object.keys[i]);
		if (limit->device == NULL)
			out_of_memory(w);
		else if (require_object(w, entry) == 0 &&
			 field(w, entry, "hcaHandles", false, read_opt_u32, &limit->hca_handles) == 0 &&
			 field(w, entry, "hcaObjects", false, read_opt_u32, &limit->hca_objects) == 0)
			ret = 0;
		leave(w, mark);
		if (ret < 0)
			return -1;
	}
	return 0;
}

static int read_resources(walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;
	lc_resources *r = &l->resources;

	if (require_object(w, v) < 0 || field(w, v, "devices", false, read_device_rules, r) < 0 ||
	    field(w, v, "memory", false, read_memory, r) < 0 || field(w, v, "cpu", false, read_cpu, r) < 0 ||
	    field(w, v, "pids", false, read_pids, r) < 0 || field(w, v, "blockIO", false, read_blkio, r) < 0 ||
	    field(w, v, "hugepageLimits", false, read_hugepage_limits, r) < 0 ||
	    field(w, v, "network", false, read_network, r) < 0 || field(w, v, "rdma", false, read_rdma, r) < 0 ||
	    field(w, v, "unified", false, read_string_map, &r->unified) < 0)
		return -1;
	l->has_resources = true;
	return 0;
}

/* ---- linux.seccomp ---- */

static int read_seccomp_arg(walk *w, yajl_val v, void *out)
{
	struct lc_seccomp_arg *a = out;

	if (require_object(w, v) < 0 || field(w, v, "index", true, read_u32, &a->index) < 0 ||
	    field(w, v, "value", true, read_u64, &a->value) < 0 ||
	    field(w, v, "valueTwo", false, read_u64, &a->value_two) < 0 ||
	    field(w, v, "op", true, read_string, &a->op) < 0)
		return -1;
	return 0;
}

static int read_syscall_names(walk *w, yajl_val v, void *out)
{
	lc_seccomp_syscall *s = out;
	lc_strv names = {NULL, 0};
	int ret = read_strv(w, v, &names);

	s->names = names.items;
	s->names_len = names.len;
	return ret;
}

static int read_syscall_args(walk *w, yajl_val v, void *out)
{
	lc_seccomp_syscall *s = out;

	return read_array(w, v, "an array of objects", (void **)&s->args, &s->args_len, sizeof(*s->args),
			  read_seccomp_arg);
}

static int read_syscall(walk *w, yajl_val v, void *out)
{
	lc_seccomp_syscall *s = out;

	if (require_object(w, v) < 0 || field(w, v, "names", true, read_syscall_names, s) < 0 ||
	    field(w, v, "action", true, read_string, &s->action) < 0 ||
	    field(w, v, "errnoRet", false, read_opt_u32, &s->errno_ret) < 0 ||
	    field(w, v, "args", false, read_syscall_args, s) < 0)
		return -1;
	return 0;
}

static int read_syscalls(walk *w, yajl_val v, void *out)
{
	lc_seccomp *s = out;

	return read_array(w, v, "an array of objects", (void **)&s->syscalls, &s->syscalls_len, sizeof(*s->syscalls),
			  read_syscall);
}

static int read_seccomp(walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;
	lc_seccomp *s = &l->seccomp;

	if (require_object(w, v) < 0 || field(w, v, "defaultAction", true, read_string, &s->default_action) < 0 ||
	    field(w, v, "defaultErrnoRet", false, read_opt_u32, &s->default_errno_ret) < 0 ||
	    field(w, v, "architectures", false, read_strv, &s->architectures) < 0 ||
	    field(w, v, "flags", false, read_strv, &s->flags) < 0 ||
	    field(w, v, "listenerPath", false, read_string, &s->listener_path) < 0 ||
	    field(w, v, "listenerMetadata", false, read_string, &s->listener_metadata) < 0 ||
	    field(w, v, "syscalls", false, read_syscalls, s) < 0)
		return -1;
	l->has_seccomp = true;
	return 0;
}

/* ---- linux: the rest ---- */

static int read_personality(walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	if (require_object(w, v) < 0 || field(w, v, "domain", true, read_string, &l->personality.domain) < 0 ||
	    field(w, v, "flags", false, read_strv, &l->personality.flags) < 0)
		return -1;
	l->has_personality = true;
	return 0;
}

static int read_intel_rdt(walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;
	lc_intel_rdt *r = &l->intel_rdt;

	if (require_object(w, v) < 0 || field(w, v, "closID", false, read_string, &r->clos_id) < 0 ||
	    field(w, v, "l3CacheSchema", false, read_string, &r->l3_cache_schema) < 0 ||
	    field(w, v, "memBwSchema", false, read_string, &r->mem_bw_schema) < 0 ||
	    field(w, v, "schemata", false, read_strv, &r->schemata) < 0 ||
	    field(w, v, "enableCMT", false, read_bool, &r->enable_cmt) < 0 ||
	    field(w, v, "enableMBM", false, read_bool, &r->enable_mbm) < 0 ||
	    field(w, v, "enableMonitoring", false, read_bool, &r->enable_monitoring) < 0)
		return -1;
	l->has_intel_rdt = true;
	return 0;
}

static int read_memory_policy(walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;
	lc_memory_policy *m = &l->memory_policy;

	if (require_object(w, v) < 0 || field(w, v, "mode", true, read_string, &m->mode) < 0 ||
	    field(w, v, "nodes", false, read_string, &m->nodes) < 0 ||
	    field(w, v, "flags", false, read_strv, &m->flags) < 0)
		return -1;
	l->has_memory_policy = true;
	return 0;
}

static int read_net_devices(walk *w, yajl_val v, void *out)
{
	lc_map *map = out;

	if (v == NULL || !YAJL_IS_OBJECT(v))
		return expected(w, v, "an object keyed by network device name");
	map->items = alloc_items(w, v->u.object.len, sizeof(lc_keyval));
	if (map->items == NULL)
		return -1;
	for (size_t i = 0; i < v->u.object.len; i++) {
		yajl_val entry = v->u.object.values[i];
		cleanup_free char *name = NULL;
		size_t mark = enter_key(w, v->u.object.keys[i]);
		int ret = -1;

		if (require_object(w, entry) == 0 && field(w, entry, "name", false, read_string, &name) == 0)
			ret = map_set(w, map, v->u.object.keys[i], name ? name : "");
		leave(w, mark);
		if (ret < 0)
			return -1;
	}
	return 0;
}

static int read_namespaces(walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	return read_array(w, v, "an array of objects", (void **)&l->namespaces, &l->namespaces_len,
			  sizeof(*l->namespaces), read_namespace);
}

static int read_devices(walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	return read_array(w, v, "an array of objects", (void **)&l->devices, &l->devices_len, sizeof(*l->devices),
			  read_device);
}

static int read_linux(walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	if (require_object(w, v) < 0 || field(w, v, "namespaces", false, read_namespaces, l) < 0 ||
	    read_id_mappings(w, v, "uidMappings", &l->uid_mappings, &l->uid_mappings_len) < 0 ||
	    read_id_mappings(w, v, "gidMappings", &l->gid_mappings, &l->gid_mappings_len) < 0 ||
	    field(w, v, "timeOffsets", false, read_time_offsets, l) < 0 ||
	    field(w, v, "devices", false, read_devices, l) < 0 ||
	    field(w, v, "netDevices", false, read_net_devices, &l->net_devices) < 0 ||
	    field(w, v, "cgroupsPath", false, read_string, &l->cgroups_path) < 0 ||
	    field(w, v, "resources", false, read_resources, l) < 0 ||
	    field(w, v, "rootfsPropagation", false, read_string, &l->rootfs_propagation) < 0 ||
	    field(w, v, "seccomp", false, read_seccomp, l) < 0 ||
	    field(w, v, "sysctl", false, read_string_map, &l->sysctl) < 0 ||
	    field(w, v, "maskedPaths", false, read_strv, &l->masked_paths) < 0 ||
	    field(w, v, "readonlyPaths", false, read_strv, &l->readonly_paths) < 0 ||
	    field(w, v, "mountLabel", false, read_string, &l->mount_label) < 0 ||
	    field(w, v, "personality", false, read_personality, l) < 0 ||
	    field(w, v, "intelRdt", false, read_intel_rdt, l) < 0 ||
	    field(w, v, "memoryPolicy", false, read_memory_policy, l) < 0)
		return -1;
	l->has_masked_paths = member(v, "maskedPaths") != NULL;
	l->has_readonly_paths = member(v, "readonlyPaths") != NULL;
	return 0;
}

static int read_spec(walk *w, yajl_val v, lc_spec *spec)
{
	if (!YAJL_IS_OBJECT(v))
		return lc_fail(w->err, 0, "config.json: expected a JSON object at the top level");
	if (field(w, v, "ociVersion", false, read_string, &spec->oci_version) < 0 ||
	    field(w, v, "root", false, read_root, spec) < 0 || field(w, v, "mounts", false, read_mounts, spec) < 0 ||
	    field(w, v, "process", false, read_process, &spec->process) < 0 ||
	    field(w, v, "hostname", false, read_string, &spec->hostname) < 0 ||
	    field(w, v, "domainname", false, read_string, &spec->domainname) < 0 ||
	    field(w, v, "hooks", false, read_hooks, &spec->hooks) < 0 ||
	    field(w, v, "annotations", false, read_string_map, &spec->annotations) < 0 ||
	    field(w, v, "linux", false, read_linux, &spec->linux_) < 0)
		return -1;
	spec->has_process = member(v, "process") != NULL;
	spec->has_hooks = member(v, "hooks") != NULL;
	spec->has_linux = member(v, "linux") != NULL;
	return 0;
}

/* Counts bracket nesting outside strings; comments (which yajl_tree accepts) may only
 * over-count, so this never lets deeper input through. */
static bool nesting_within(const char *text, size_t len, int limit)
{
	int depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > limit)
				return false;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return true;
}

static void first_line(char *text)
{
	char *nl = strchr(text, '\n');

	if (nl != NULL)
		*nl = '\0';
	for (size_t n = strlen(text); n > 0 && (text[n - 1] == ' ' || text[n - 1] == '.'); n--)
		text[n - 1] = '\0';
}

int lc_spec_parse(const char *json, size_t len, lc_spec **out, lc_error **err)
{
	cleanup_free char *text = NULL;
	char errbuf[1024] = "";
	yajl_val tree;
	lc_spec *spec;
	walk w = {.err = err};
	int ret;

	*out = NULL;
	if (memchr(json, '\0', len) != NULL)
		return lc_fail(err, 0, "config.json: invalid JSON: NUL byte in the text");
	if (!nesting_within(json, len, MAX_JSON_DEPTH))
		return lc_fail(err, 0, "config.json: invalid JSON: nested deeper than %d levels", MAX_JSON_DEPTH);
	/* yajl_tree_parse wants a NUL-terminated string */
	text = malloc(len + 1);
	if (text == NULL)
		return lc_fail(err, ENOMEM, "config.json");
	memcpy(text, json, len);
	text[len] = '\0';

	tree = yajl_tree_parse(text, errbuf, sizeof(errbuf));
	if (tree == NULL) {
		first_line(errbuf);
		return lc_fail(err, 0, "config.json: invalid JSON: %s", errbuf[0] ? errbuf : "parse error");
	}
	spec = calloc(1, sizeof(*spec));
	if (spec == NULL) {
		yajl_tree_free(tree);
		return lc_fail(err, ENOMEM, "config.json");
	}
	ret = read_spec(&w, tree, spec);
	yajl_tree_free(tree);
	free(w.path);
	if (ret < 0) {
		lc_spec_free(spec);
		return -1;
	}
	*out = spec;
	return 0;
}

int lc_spec_load_file(const char *path, lc_spec **out, lc_error **err)
{
	cleanup_close int fd = -1;
	cleanup_free char *buf = NULL;
	size_t len = 0, cap = 0;
	struct stat st;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lc_fail(err, errno, "open %s", path);
	if (fstat(fd, &st) < 0)
		return lc_fail(err, errno, "stat %s", path);
	/* size from fstat is a hint only: pipes and /proc files report 0 */
	cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 16384;
	for (;;) {
		ssize_t n;
		if (len == cap) {
			char *grown = realloc(buf, cap * 2);
			if (grown == NULL)
				return lc_fail(err, ENOMEM, "read %s", path);
			buf = grown;
			cap *= 2;
		} else if (buf == NULL) {
			buf = malloc(cap);
			if (buf == NULL)
				return lc_fail(err, ENOMEM, "read %s", path);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return lc_fail(err, errno, "read %s", path);
		if (n == 0)
			break;
		len += (size_t)n;
	}
	return lc_spec_parse(buf ? buf : "", len, out, err);
}

/* ---- freeing ---- */

static void strv_free(lc_strv *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i]);
	free(v->items);
}

static void map_free(lc_map *m)
{
	for (size_t i = 0; i < m->len; i++) {
		free(m->items[i].key);
		free(m->items[i].value);
	}
	free(m->items);
}

static void process_free(lc_process *p)
{
	lc_capabilities *c = &p->capabilities;

	free(p->user.additional_gids);
	free(p->user.username);
	strv_free(&p->args);
	free(p->command_line);
	strv_free(&p->env);
	free(p->cwd);
	strv_free(&c->bounding);
	strv_free(&c->effective);
	strv_free(&c->inheritable);
	strv_free(&c->permitted);
	strv_free(&c->ambient);
	for (size_t i = 0; i < p->rlimits_len; i++)
		free(p->rlimits[i].type);
	free(p->rlimits);
	free(p->apparmor_profile);
	free(p->selinux_label);
	free(p->io_priority.class);
	free(p->scheduler.policy);
	strv_free(&p->scheduler.flags);
	map_free(&p->exec_cpu_affinity);
}

static void hook_list_free(lc_hook_list *list)
{
	for (size_t i = 0; i < list->len; i++) {
		free(list->items[i].path);
		strv_free(&list->items[i].args);
		strv_free(&list->items[i].env);
	}
	free(list->items);
}

static void resources_free(lc_resources *r)
{
	for (size_t i = 0; i < r->devices_len; i++) {
		free(r->devices[i].type);
		free(r->devices[i].access);
	}
	free(r->devices);
	free(r->cpu.cpus);
	free(r->cpu.mems);
	free(r->blkio.weight_device);
	free(r->blkio.throttle_read_bps);
	free(r->blkio.throttle_write_bps);
	free(r->blkio.throttle_read_iops);
	free(r->blkio.throttle_write_iops);
	for (size_t i = 0; i < r->hugepage_limits_len; i++)
		free(r->hugepage_limits[i].page_size);
	free(r->hugepage_limits);
	for (size_t i = 0; i < r->net_priorities_len; i++)
		free(r->net_priorities[i].name);
	free(r->net_priorities);
	for (size_t i = 0; i < r->rdma_len; i++)
		free(r->rdma[i].device);
	free(r->rdma);
	map_free(&r->unified);
}

static void seccomp_free(lc_seccomp *s)
{
	free(s->default_action);
	strv_free(&s->architectures);
	strv_free(&s->flags);
	free(s->listener_path);
	free(s->listener_metadata);
	for (size_t i = 0; i < s->syscalls_len; i++) {
		lc_seccomp_syscall *sc = &s->syscalls[i];
		for (size_t j = 0; j < sc->names_len; j++)
			free(sc->names[j]);
		free(sc->names);
		free(sc->action);
		for (size_t j = 0; j < sc->args_len; j++)
			free(sc->args[j].op);
		free(sc->args);
	}
	free(s->syscalls);
}

static void linux_free(lc_linux *l)
{
	for (size_t i = 0; i < l->namespaces_len; i++)
		free(l->namespaces[i].path);
	free(l->namespaces);
	free(l->uid_mappings);
	free(l->gid_mappings);
	for (size_t i = 0; i < l->time_offsets_len; i++)
		free(l->time_offsets[i].clock);
	free(l->time_offsets);
	for (size_t i = 0; i < l->devices_len; i++)
		free(l->devices[i].path);
	free(l->devices);
	free(l->cgroups_path);
	resources_free(&l->resources);
	free(l->rootfs_propagation);
	seccomp_free(&l->seccomp);
	map_free(&l->sysctl);
	strv_free(&l->masked_paths);
	strv_free(&l->readonly_paths);
	free(l->mount_label);
	free(l->personality.domain);
	strv_free(&l->personality.flags);
	free(l->intel_rdt.clos_id);
	free(l->intel_rdt.l3_cache_schema);
	free(l->intel_rdt.mem_bw_schema);
	strv_free(&l->intel_rdt.schemata);
	free(l->memory_policy.mode);
	free(l->memory_policy.nodes);
	strv_free(&l->memory_policy.flags);
	map_free(&l->net_devices);
}

void lc_spec_free(lc_spec *spec)
{
	if (spec == NULL)
		return;
	free(spec->oci_version);
	free(spec->root_path);
	process_free(&spec->process);
	free(spec->hostname);
	free(spec->domainname);
	for (size_t i = 0; i < spec->mounts_len; i++) {
		lc_mount *m = &spec->mounts[i];
		free(m->destination);
		free(m->type);
		free(m->source);
		strv_free(&m->options);
		free(m->uid_mappings);
		free(m->gid_mappings);
	}
	free(spec->mounts);
	hook_list_free(&spec->hooks.prestart);
	hook_list_free(&spec->hooks.create_runtime);
	hook_list_free(&spec->hooks.create_container);
	hook_list_free(&spec->hooks.start_container);
	hook_list_free(&spec->hooks.poststart);
	hook_list_free(&spec->hooks.poststop);
	map_free(&spec->annotations);
	linux_free(&spec->linux_);
	free(spec);
}
