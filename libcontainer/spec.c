/* spec.c: turns config.json text into an lc_spec (one yajl tree parse, one walk) and frees it;
 * reads the top level, root, mounts, process and hooks itself (linux: spec_linux.c). */
#include "spec.h"

#include "cleanup.h"
#include "spec_walk.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* yajl_tree_free recurses once per nesting level: refuse absurd nesting before it can
 * exhaust the stack. A real config.json nests about 6 deep. */
#define MAX_JSON_DEPTH 256

/* ---- root, mounts ---- */

static int read_root(lc_walk *w, yajl_val v, void *out)
{
	lc_spec *spec = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "path", true, lc_read_string, &spec->root_path) < 0 ||
	    lc_walk_field(w, v, "readonly", false, lc_read_bool, &spec->root_readonly) < 0)
		return -1;
	return 0;
}

static int read_mount(lc_walk *w, yajl_val v, void *out)
{
	lc_mount *m = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "destination", true, lc_read_string, &m->destination) < 0 ||
	    lc_walk_field(w, v, "type", false, lc_read_string, &m->type) < 0 ||
	    lc_walk_field(w, v, "source", false, lc_read_string, &m->source) < 0 ||
	    lc_walk_field(w, v, "options", false, lc_read_strv, &m->options) < 0 ||
	    lc_read_id_mappings(w, v, "uidMappings", &m->uid_mappings, &m->uid_mappings_len) < 0 ||
	    lc_read_id_mappings(w, v, "gidMappings", &m->gid_mappings, &m->gid_mappings_len) < 0)
		return -1;
	return 0;
}

static int read_mounts(lc_walk *w, yajl_val v, void *out)
{
	lc_spec *spec = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&spec->mounts, &spec->mounts_len,
			     sizeof(*spec->mounts), read_mount);
}

/* ---- process ---- */

static int read_console_size(lc_walk *w, yajl_val v, void *out)
{
	lc_process *p = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "height", true, lc_read_u32, &p->console_height) < 0 ||
	    lc_walk_field(w, v, "width", true, lc_read_u32, &p->console_width) < 0)
		return -1;
	p->has_console_size = true;
	return 0;
}

static int read_gids(lc_walk *w, yajl_val v, void *out)
{
	lc_user *u = out;

	return lc_walk_array(w, v, "an array of integers", (void **)&u->additional_gids, &u->additional_gids_len,
			     sizeof(*u->additional_gids), lc_read_u32);
}

static int read_user(lc_walk *w, yajl_val v, void *out)
{
	lc_user *u = out;

	/* uid and gid default to 0 when absent, as runc and crun read them */
	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "uid", false, lc_read_u32, &u->uid) < 0 ||
	    lc_walk_field(w, v, "gid", false, lc_read_u32, &u->gid) < 0 ||
	    lc_walk_field(w, v, "umask", false, lc_read_opt_u32, &u->umask) < 0 ||
	    lc_walk_field(w, v, "additionalGids", false, read_gids, u) < 0 ||
	    lc_walk_field(w, v, "username", false, lc_read_string, &u->username) < 0)
		return -1;
	return 0;
}

static int read_capabilities(lc_walk *w, yajl_val v, void *out)
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

	if (lc_walk_object(w, v) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		if (lc_walk_member(v, sets[i].key) == NULL)
			continue;
		if (lc_walk_field(w, v, sets[i].key, true, lc_read_strv, sets[i].set) < 0)
			return -1;
		*sets[i].has = true;
	}
	return 0;
}

static int read_rlimit(lc_walk *w, yajl_val v, void *out)
{
	lc_rlimit *r = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "type", true, lc_read_string, &r->type) < 0 ||
	    lc_walk_field(w, v, "soft", true, lc_read_u64, &r->soft) < 0 ||
	    lc_walk_field(w, v, "hard", true, lc_read_u64, &r->hard) < 0)
		return -1;
	return 0;
}

static int read_rlimits(lc_walk *w, yajl_val v, void *out)
{
	lc_process *p = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&p->rlimits, &p->rlimits_len, sizeof(*p->rlimits),
			     read_rlimit);
}

static int read_io_priority(lc_walk *w, yajl_val v, void *out)
{
	lc_process *p = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "class", true, lc_read_string, &p->io_priority.class) < 0 ||
	    lc_walk_field(w, v, "priority", false, lc_read_i32_as_i64, &p->io_priority.priority) < 0)
		return -1;
	p->has_io_priority = true;
	return 0;
}

static int read_scheduler(lc_walk *w, yajl_val v, void *out)
{
	lc_process *p = out;
	lc_scheduler *s = &p->scheduler;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "policy", true, lc_read_string, &s->policy) < 0 ||
	    lc_walk_field(w, v, "nice", false, lc_read_opt_i32, &s->nice) < 0 ||
	    lc_walk_field(w, v, "priority", false, lc_read_opt_i32, &s->priority) < 0 ||
	    lc_walk_field(w, v, "flags", false, lc_read_strv, &s->flags) < 0 ||
	    lc_walk_field(w, v, "runtime", false, lc_read_opt_u64, &s->runtime) < 0 ||
	    lc_walk_field(w, v, "deadline", false, lc_read_opt_u64, &s->deadline) < 0 ||
	    lc_walk_field(w, v, "period", false, lc_read_opt_u64, &s->period) < 0)
		return -1;
	p->has_scheduler = true;
	return 0;
}

static int read_cpu_affinity(lc_walk *w, yajl_val v, void *out)
{
	lc_map *map = out;
	static const char *const keys[] = {"initial", "final"};

	if (lc_walk_object(w, v) < 0)
		return -1;
	map->items = lc_walk_alloc(w, 2, sizeof(lc_keyval));
	if (map->items == NULL)
		return -1;
	for (size_t i = 0; i < 2; i++) {
		cleanup_free char *value = NULL;
		if (lc_walk_field(w, v, keys[i], false, lc_read_string, &value) < 0)
			return -1;
		if (value != NULL && lc_walk_map_add(w, map, keys[i], value) < 0)
			return -1;
	}
	return 0;
}

static int read_process(lc_walk *w, yajl_val v, void *out)
{
	lc_process *p = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "terminal", false, lc_read_bool, &p->terminal) < 0 ||
	    lc_walk_field(w, v, "consoleSize", false, read_console_size, p) < 0 ||
	    lc_walk_field(w, v, "user", false, read_user, &p->user) < 0 ||
	    lc_walk_field(w, v, "args", false, lc_read_nonempty_strv, &p->args) < 0 ||
	    lc_walk_field(w, v, "commandLine", false, lc_read_string, &p->command_line) < 0 ||
	    lc_walk_field(w, v, "env", false, lc_read_strv, &p->env) < 0 ||
	    lc_walk_field(w, v, "cwd", false, lc_read_string, &p->cwd) < 0 ||
	    lc_walk_field(w, v, "capabilities", false, read_capabilities, &p->capabilities) < 0 ||
	    lc_walk_field(w, v, "rlimits", false, read_rlimits, p) < 0 ||
	    lc_walk_field(w, v, "noNewPrivileges", false, lc_read_bool, &p->no_new_privileges) < 0 ||
	    lc_walk_field(w, v, "apparmorProfile", false, lc_read_string, &p->apparmor_profile) < 0 ||
	    lc_walk_field(w, v, "oomScoreAdj", false, lc_read_opt_i32, &p->oom_score_adj) < 0 ||
	    lc_walk_field(w, v, "selinuxLabel", false, lc_read_string, &p->selinux_label) < 0 ||
	    lc_walk_field(w, v, "ioPriority", false, read_io_priority, p) < 0 ||
	    lc_walk_field(w, v, "scheduler", false, read_scheduler, p) < 0 ||
	    lc_walk_field(w, v, "execCPUAffinity", false, read_cpu_affinity, &p->exec_cpu_affinity) < 0)
		return -1;
	p->has_capabilities = lc_walk_member(v, "capabilities") != NULL;
	return 0;
}

/* ---- hooks ---- */

static int read_hook(lc_walk *w, yajl_val v, void *out)
{
	lc_hook *h = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "path", true, lc_read_string, &h->path) < 0 ||
	    lc_walk_field(w, v, "args", false, lc_read_strv, &h->args) < 0 ||
	    lc_walk_field(w, v, "env", false, lc_read_strv, &h->env) < 0 ||
	    lc_walk_field(w, v, "timeout", false, lc_read_opt_i32, &h->timeout) < 0)
		return -1;
	return 0;
}

static int read_hook_list(lc_walk *w, yajl_val v, void *out)
{
	lc_hook_list *list = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&list->items, &list->len, sizeof(*list->items),
			     read_hook);
}

static int read_hooks(lc_walk *w, yajl_val v, void *out)
{
	lc_hooks *h = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "prestart", false, read_hook_list, &h->prestart) < 0 ||
	    lc_walk_field(w, v, "createRuntime", false, read_hook_list, &h->create_runtime) < 0 ||
	    lc_walk_field(w, v, "createContainer", false, read_hook_list, &h->create_container) < 0 ||
	    lc_walk_field(w, v, "startContainer", false, read_hook_list, &h->start_container) < 0 ||
	    lc_walk_field(w, v, "poststart", false, read_hook_list, &h->poststart) < 0 ||
	    lc_walk_field(w, v, "poststop", false, read_hook_list, &h->poststop) < 0)
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

static int read_spec(lc_walk *w, yajl_val v, lc_spec *spec)
{
	if (!YAJL_IS_OBJECT(v))
		return lc_fail(w->err, 0, "config.json: expected a JSON object at the top level");
	if (lc_walk_field(w, v, "ociVersion", false, lc_read_string, &spec->oci_version) < 0 ||
	    lc_walk_field(w, v, "root", false, read_root, spec) < 0 ||
	    lc_walk_field(w, v, "mounts", false, read_mounts, spec) < 0 ||
	    lc_walk_field(w, v, "process", false, read_process, &spec->process) < 0 ||
	    lc_walk_field(w, v, "hostname", false, lc_read_string, &spec->hostname) < 0 ||
	    lc_walk_field(w, v, "domainname", false, lc_read_string, &spec->domainname) < 0 ||
	    lc_walk_field(w, v, "hooks", false, read_hooks, &spec->hooks) < 0 ||
	    lc_walk_field(w, v, "annotations", false, lc_read_string_map, &spec->annotations) < 0 ||
	    lc_walk_field(w, v, "linux", false, lc_read_linux, &spec->linux_) < 0)
		return -1;
	spec->has_process = lc_walk_member(v, "process") != NULL;
	spec->has_hooks = lc_walk_member(v, "hooks") != NULL;
	spec->has_linux = lc_walk_member(v, "linux") != NULL;
	return 0;
}

/* Counts bracket nesting outside strings and comments (yajl_tree_parse accepts comments), the
 * way yajl's lexer sees the text, so no deeper input gets through. */
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
		} else if (c == '/' && i + 1 < len && text[i + 1] == '*') {
			const char *close = memmem(text + i + 2, len - i - 2, "*/", 2);
			if (close == NULL)
				return true; /* unterminated: yajl rejects it */
			i = (size_t)(close - text) + 1;
		} else if (c == '/' && i + 1 < len && text[i + 1] == '/') {
			while (i < len && text[i] != '\n')
				i++;
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

/* One yajl tree parse of text named `what` in messages, then reader over the whole tree. */
static int parse_text(const char *json, size_t len, const char *what, lc_walk_reader reader, void *out,
		      lc_error **err)
{
	cleanup_free char *text = NULL;
	char errbuf[1024] = "";
	yajl_val tree;
	lc_walk w = {.err = err};
	int ret;

	if (memchr(json, '\0', len) != NULL)
		return lc_fail(err, 0, "%s: invalid JSON: NUL byte in the text", what);
	if (!nesting_within(json, len, MAX_JSON_DEPTH))
		return lc_fail(err, 0, "%s: invalid JSON: nested deeper than %d levels", what, MAX_JSON_DEPTH);
	/* yajl_tree_parse wants a NUL-terminated string */
	text = malloc(len + 1);
	if (text == NULL)
		return lc_fail(err, ENOMEM, "%s", what);
	memcpy(text, json, len);
	text[len] = '\0';

	tree = yajl_tree_parse(text, errbuf, sizeof(errbuf));
	if (tree == NULL) {
		first_line(errbuf);
		return lc_fail(err, 0, "%s: invalid JSON: %s", what, errbuf[0] ? errbuf : "parse error");
	}
	ret = reader(&w, tree, out);
	yajl_tree_free(tree);
	free(w.path);
	return ret;
}

static int read_spec_tree(lc_walk *w, yajl_val v, void *out)
{
	return read_spec(w, v, out);
}

int lc_spec_parse(const char *json, size_t len, lc_spec **out, lc_error **err)
{
	lc_spec *spec = calloc(1, sizeof(*spec));

	*out = NULL;
	if (spec == NULL)
		return lc_fail(err, ENOMEM, "config.json");
	if (parse_text(json, len, "config.json", read_spec_tree, spec, err) < 0) {
		lc_spec_free(spec);
		return -1;
	}
	*out = spec;
	return 0;
}

int lc_process_parse(const char *json, size_t len, lc_process **out, lc_error **err)
{
	lc_process *process = calloc(1, sizeof(*process));

	*out = NULL;
	if (process == NULL)
		return lc_fail(err, ENOMEM, "process.json");
	if (parse_text(json, len, "process.json", read_process, process, err) < 0) {
		lc_process_free(process);
		return -1;
	}
	*out = process;
	return 0;
}

/* Paths inside the object read as the spec's (linux.resources.memory.limit), so an error from the
 * parser and one from the cgroup driver name a field the same way. */
static int read_resources_tree(lc_walk *w, yajl_val v, void *out)
{
	size_t mark = lc_walk_enter_key(w, "linux");
	int ret;

	lc_walk_enter_key(w, "resources");
	ret = lc_read_resources(w, v, out);
	lc_walk_leave(w, mark);
	return ret;
}

int lc_resources_parse(const char *json, size_t len, lc_resources **out, lc_error **err)
{
	lc_resources *resources = calloc(1, sizeof(*resources));

	*out = NULL;
	if (resources == NULL)
		return lc_fail(err, ENOMEM, "linux.resources");
	if (parse_text(json, len, "linux.resources", read_resources_tree, resources, err) < 0) {
		lc_resources_free(resources);
		return -1;
	}
	*out = resources;
	return 0;
}

void lc_resources_free(lc_resources *resources)
{
	if (resources == NULL)
		return;
	lc_spec_resources_free(resources);
	free(resources);
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

static void process_free(lc_process *p)
{
	if (p == NULL)
		return;
	lc_capabilities *c = &p->capabilities;

	free(p->user.additional_gids);
	free(p->user.username);
	lc_spec_strv_free(&p->args);
	free(p->command_line);
	lc_spec_strv_free(&p->env);
	free(p->cwd);
	lc_spec_strv_free(&c->bounding);
	lc_spec_strv_free(&c->effective);
	lc_spec_strv_free(&c->inheritable);
	lc_spec_strv_free(&c->permitted);
	lc_spec_strv_free(&c->ambient);
	for (size_t i = 0; i < p->rlimits_len; i++)
		free(p->rlimits[i].type);
	free(p->rlimits);
	free(p->apparmor_profile);
	free(p->selinux_label);
	free(p->io_priority.class);
	free(p->scheduler.policy);
	lc_spec_strv_free(&p->scheduler.flags);
	lc_spec_map_free(&p->exec_cpu_affinity);
}

static void hook_list_free(lc_hook_list *list)
{
	for (size_t i = 0; i < list->len; i++) {
		free(list->items[i].path);
		lc_spec_strv_free(&list->items[i].args);
		lc_spec_strv_free(&list->items[i].env);
	}
	free(list->items);
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
		lc_spec_strv_free(&m->options);
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
	lc_spec_map_free(&spec->annotations);
	lc_spec_linux_free(&spec->linux_);
	free(spec);
}

void lc_process_free(lc_process *process)
{
	process_free(process);
	free(process);
}
