/* spec_validate.c: the rules of runtime-spec 1.0-1.3 that a parsed lc_spec must follow before apply.
 * A flat table of small checks; each error names the JSON path it is about. */
#include "spec.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
	const lc_spec *spec;
	const char *bundle;
	lc_error **err;
} ctx;

typedef int (*check_fn)(const ctx *c);

/* ---- shared helpers ---- */

static bool in_list(const char *value, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++) {
		if (strcmp(value, list[i]) == 0)
			return true;
	}
	return false;
}

static bool strv_has(const lc_strv *v, const char *value)
{
	for (size_t i = 0; i < v->len; i++) {
		if (strcmp(v->items[i], value) == 0)
			return true;
	}
	return false;
}

static bool has_ns(const lc_spec *s, lc_ns_kind kind)
{
	return lc_spec_namespace(s, kind) != NULL;
}

static bool has_new_ns(const lc_spec *s, lc_ns_kind kind)
{
	const lc_namespace *ns = lc_spec_namespace(s, kind);

	return ns != NULL && (ns->path == NULL || ns->path[0] == '\0');
}

static int require_absolute(const ctx *c, const char *path, const char *where_fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int require_absolute(const ctx *c, const char *path, const char *where_fmt, ...)
{
	char where[160];
	va_list ap;

	if (path != NULL && path[0] == '/')
		return 0;
	va_start(ap, where_fmt);
	vsnprintf(where, sizeof(where), where_fmt, ap);
	va_end(ap);
	return lc_fail(c->err, 0, "%s: must be an absolute path, got \"%s\"", where, path ? path : "");
}

/* Ranges [id, id+size) of one mapping list must not wrap and must not overlap on either side. */
static int check_id_mappings(const ctx *c, const char *where, const lc_id_mapping *maps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const lc_id_mapping *m = &maps[i];
		if (m->size == 0)
			return lc_fail(c->err, 0, "%s[%zu].size: must be greater than 0", where, i);
		if ((uint64_t)m->container_id + m->size > UINT64_C(1) << 32 ||
		    (uint64_t)m->host_id + m->size > UINT64_C(1) << 32)
			return lc_fail(c->err, 0, "%s[%zu]: range goes past the largest 32-bit id", where, i);
		for (size_t j = 0; j < i; j++) {
			const lc_id_mapping *o = &maps[j];
			if (m->container_id < o->container_id + o->size && o->container_id < m->container_id + m->size)
				return lc_fail(c->err, 0,
					       "%s[%zu]: container ids %" PRIu32 "-%" PRIu64 " overlap %s[%zu]", where,
					       i, m->container_id, (uint64_t)m->container_id + m->size - 1, where, j);
			if (m->host_id < o->host_id + o->size && o->host_id < m->host_id + m->size)
				return lc_fail(c->err, 0, "%s[%zu]: host ids %" PRIu32 "-%" PRIu64 " overlap %s[%zu]",
					       where, i, m->host_id, (uint64_t)m->host_id + m->size - 1, where, j);
		}
	}
	return 0;
}

/* "0-3,7" as sched_setaffinity and cpuset accept it. */
static bool is_cpu_list(const char *text)
{
	const char *p = text;

	if (*p == '\0')
		return false;
	for (;;) {
		char *end;
		unsigned long first, last;
		if (*p < '0' || *p > '9')
			return false;
		first = strtoul(p, &end, 10);
		p = end;
		if (*p == '-') {
			p++;
			if (*p < '0' || *p > '9')
				return false;
			last = strtoul(p, &end, 10);
			p = end;
			if (last < first)
				return false;
		}
		if (*p == '\0')
			return true;
		if (*p != ',')
			return false;
		p++;
	}
}

/* ---- top level ---- */

/* 1.0.0 to 1.3.x, with an optional -prerelease or +build suffix ("1.0.2-dev", "1.3.0+dev"). */
static bool supported_version(const char *v)
{
	char *end;
	unsigned long minor;

	if (strncmp(v, "1.", 2) != 0 || v[2] < '0' || v[2] > '9')
		return false;
	minor = strtoul(v + 2, &end, 10);
	if (minor > 3 || (v[2] == '0' && end != v + 3) || *end != '.' || end[1] < '0' || end[1] > '9')
		return false;
	end++;
	while (*end >= '0' && *end <= '9')
		end++;
	return *end == '\0' || ((*end == '-' || *end == '+') && end[1] != '\0');
}

static int check_oci_version(const ctx *c)
{
	const char *v = c->spec->oci_version;

	if (v == NULL)
		return lc_fail(c->err, 0, "ociVersion: expected a string, but it is missing");
	if (!supported_version(v))
		return lc_fail(c->err, 0, "ociVersion: unsupported version \"%s\" (oci-run supports 1.0.0 to 1.3.x)",
			       v);
	return 0;
}

static int check_root(const ctx *c)
{
	const char *path = c->spec->root_path;
	char *full = NULL;
	struct stat st;
	int ret = 0;

	if (path == NULL)
		return lc_fail(c->err, 0, "root.path: expected a string, but it is missing");
	if (path[0] == '\0')
		return lc_fail(c->err, 0, "root.path: must not be empty");
	if (c->bundle == NULL)
		return 0;
	if (path[0] == '/')
		full = strdup(path);
	else if (asprintf(&full, "%s/%s", c->bundle, path) < 0)
		full = NULL;
	if (full == NULL)
		return lc_fail(c->err, ENOMEM, "root.path");
	if (stat(full, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			ret = lc_fail(c->err, 0, "root.path: rootfs \"%s\" does not exist", full);
		else
			ret = lc_fail(c->err, errno, "root.path: rootfs \"%s\"", full);
	} else if (!S_ISDIR(st.st_mode)) {
		ret = lc_fail(c->err, 0, "root.path: rootfs \"%s\" is not a directory", full);
	}
	free(full);
	return ret;
}

static int check_hostname(const ctx *c)
{
	if (c->spec->hostname != NULL && c->spec->hostname[0] != '\0' && !has_ns(c->spec, LC_NS_UTS))
		return lc_fail(c->err, 0, "hostname: cannot set hostname without a new UTS namespace");
	if (c->spec->domainname != NULL && c->spec->domainname[0] != '\0' && !has_ns(c->spec, LC_NS_UTS))
		return lc_fail(c->err, 0, "domainname: cannot set domainname without a new UTS namespace");
	return 0;
}

static int check_mounts(const ctx *c)
{
	const lc_spec *s = c->spec;

	for (size_t i = 0; i < s->mounts_len; i++) {
		const lc_mount *m = &s->mounts[i];
		bool bind = (m->type != NULL && strcmp(m->type, "bind") == 0) || strv_has(&m->options, "bind") ||
			    strv_has(&m->options, "rbind");
		bool idmap = strv_has(&m->options, "idmap") || strv_has(&m->options, "ridmap");
		char where[64];

		/* runc accepts a relative destination (resolved against "/") with a warning */
		if (m->destination[0] == '\0')
			return lc_fail(c->err, 0, "mounts[%zu].destination: must not be empty", i);
		if (bind && (m->source == NULL || m->source[0] == '\0'))
			return lc_fail(c->err, 0, "mounts[%zu].source: a bind mount needs a source", i);
		if ((m->uid_mappings_len > 0) != (m->gid_mappings_len > 0))
			return lc_fail(c->err, 0, "mounts[%zu].%s: uidMappings and gidMappings must be given together",
				       i, m->uid_mappings_len > 0 ? "gidMappings" : "uidMappings");
		if (idmap && m->uid_mappings_len == 0 && !has_ns(s, LC_NS_USER))
			return lc_fail(
				c->err, 0,
				"mounts[%zu].options: an idmapped mount needs uidMappings and gidMappings or a user "
				"namespace",
				i);
		snprintf(where, sizeof(where), "mounts[%zu].uidMappings", i);
		if (check_id_mappings(c, where, m->uid_mappings, m->uid_mappings_len) < 0)
			return -1;
		snprintf(where, sizeof(where), "mounts[%zu].gidMappings", i);
		if (check_id_mappings(c, where, m->gid_mappings, m->gid_mappings_len) < 0)
			return -1;
	}
	return 0;
}

static int check_hooks(const ctx *c)
{
	const lc_hooks *h = &c->spec->hooks;
	const struct {
		const char *name;
		const lc_hook_list *list;
	} kinds[] = {
		{"prestart", &h->prestart},
		{"createRuntime", &h->create_runtime},
		{"createContainer", &h->create_container},
		{"startContainer", &h->start_container},
		{"poststart", &h->poststart},
		{"poststop", &h->poststop},
	};

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (size_t i = 0; i < kinds[k].list->len; i++) {
			const lc_hook *hook = &kinds[k].list->items[i];
			if (hook->path[0] != '/')
				return lc_fail(c->err, 0, "hooks.%s[%zu].path: must be an absolute path, got \"%s\"",
					       kinds[k].name, i, hook->path);
			if (hook->timeout.has && hook->timeout.value <= 0)
				return lc_fail(c->err, 0, "hooks.%s[%zu].timeout: must be greater than 0, got %" PRId64,
					       kinds[k].name, i, hook->timeout.value);
		}
	}
	return 0;
}

/* ---- process ---- */

static int check_process(const ctx *c)
{
	const lc_process *p = &c->spec->process;

	/* optional until start (runtime.md): start refuses a container without one */
	if (!c->spec->has_process)
		return 0;
	if (p->args.len == 0)
		return lc_fail(c->err, 0, "process.args: expected a non-empty array of strings");
	if (p->cwd == NULL)
		return lc_fail(c->err, 0, "process.cwd: expected a string, but it is missing");
	if (require_absolute(c, p->cwd, "process.cwd") < 0)
		return -1;
	for (size_t i = 0; i < p->env.len; i++) {
		const char *eq = strchr(p->env.items[i], '=');
		if (eq == NULL || eq == p->env.items[i])
			return lc_fail(c->err, 0, "process.env[%zu]: expected NAME=VALUE, got \"%s\"", i,
				       p->env.items[i]);
	}
	if (p->user.umask.has && p->user.umask.value > 0777)
		return lc_fail(c->err, 0, "process.user.umask: expected a value from 0 to 0777 (511), got %" PRIu64,
			       p->user.umask.value);
	if (p->oom_score_adj.has && (p->oom_score_adj.value < -1000 || p->oom_score_adj.value > 1000))
		return lc_fail(c->err, 0, "process.oomScoreAdj: expected a value from -1000 to 1000, got %" PRId64,
			       p->oom_score_adj.value);
	return 0;
}

static const char *const rlimit_names[] = {
	"RLIMIT_AS",      "RLIMIT_CORE",     "RLIMIT_CPU",        "RLIMIT_DATA",   "RLIMIT_FSIZE", "RLIMIT_LOCKS",
	"RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE",       "RLIMIT_NOFILE", "RLIMIT_NPROC", "RLIMIT_RSS",
	"RLIMIT_RTPRIO",  "RLIMIT_RTTIME",   "RLIMIT_SIGPENDING", "RLIMIT_STACK",  NULL,
};

static int check_rlimits(const ctx *c)
{
	const lc_process *p = &c->spec->process;

	for (size_t i = 0; i < p->rlimits_len; i++) {
		const lc_rlimit *r = &p->rlimits[i];
		if (!in_list(r->type, rlimit_names))
			return lc_fail(c->err, 0, "process.rlimits[%zu].type: unknown rlimit \"%s\"", i, r->type);
		for (size_t j = 0; j < i; j++) {
			if (strcmp(p->rlimits[j].type, r->type) == 0)
				return lc_fail(c->err, 0, "process.rlimits[%zu].type: duplicate rlimit \"%s\"", i,
					       r->type);
		}
		if (r->soft > r->hard)
			return lc_fail(c->err, 0,
				       "process.rlimits[%zu]: soft limit %" PRIu64
				       " is greater than hard limit %" PRIu64,
				       i, r->soft, r->hard);
	}
	return 0;
}

static int check_io_priority(const ctx *c)
{
	static const char *const classes[] = {"IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE", NULL};
	const lc_process *p = &c->spec->process;

	if (!p->has_io_priority)
		return 0;
	if (!in_list(p->io_priority.class, classes))
		return lc_fail(c->err, 0, "process.ioPriority.class: unknown class \"%s\"", p->io_priority.class);
	if (p->io_priority.priority < 0 || p->io_priority.priority > 7)
		return lc_fail(c->err, 0, "process.ioPriority.priority: expected a value from 0 to 7, got %" PRId64,
			       p->io_priority.priority);
	return 0;
}

static int check_scheduler(const ctx *c)
{
	static const char *const policies[] = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",       "SCHED_BATCH",
					       "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE", NULL};
	static const char *const flags[] = {"SCHED_FLAG_RESET_ON_FORK",  "SCHED_FLAG_RECLAIM",
					    "SCHED_FLAG_DL_OVERRUN",     "SCHED_FLAG_KEEP_POLICY",
					    "SCHED_FLAG_KEEP_PARAMS",    "SCHED_FLAG_UTIL_CLAMP_MIN",
					    "SCHED_FLAG_UTIL_CLAMP_MAX", NULL};
	const lc_scheduler *s = &c->spec->process.scheduler;

	if (!c->spec->process.has_scheduler)
		return 0;
	if (!in_list(s->policy, policies))
		return lc_fail(c->err, 0, "process.scheduler.policy: unknown policy \"%s\"", s->policy);
	if (s->nice.has && (s->nice.value < -20 || s->nice.value > 19))
		return lc_fail(c->err, 0, "process.scheduler.nice: expected a value from -20 to 19, got %" PRId64,
			       s->nice.value);
	for (size_t i = 0; i < s->flags.len; i++) {
		if (!in_list(s->flags.items[i], flags))
			return lc_fail(c->err, 0, "process.scheduler.flags[%zu]: unknown flag \"%s\"", i,
				       s->flags.items[i]);
	}
	return 0;
}

static int check_exec_cpu_affinity(const ctx *c)
{
	const lc_map *m = &c->spec->process.exec_cpu_affinity;

	for (size_t i = 0; i < m->len; i++) {
		if (!is_cpu_list(m->items[i].value))
			return lc_fail(c->err, 0, "process.execCPUAffinity.%s: invalid CPU list \"%s\"",
				       m->items[i].key, m->items[i].value);
	}
	return 0;
}

/* ---- linux: namespaces and ids ---- */

static int check_namespaces(const ctx *c)
{
	const lc_linux *l = &c->spec->linux_;

	for (size_t i = 0; i < l->namespaces_len; i++) {
		const lc_namespace *ns = &l->namespaces[i];
		for (size_t j = 0; j < i; j++) {
			if (l->namespaces[j].kind == ns->kind)
				return lc_fail(c->err, 0, "linux.namespaces[%zu]: duplicate namespace \"%s\"", i,
					       lc_ns_kind_name(ns->kind));
		}
		if (ns->path != NULL && ns->path[0] != '\0' &&
		    require_absolute(c, ns->path, "linux.namespaces[%zu].path", i) < 0)
			return -1;
	}
	return 0;
}

static int check_user_mappings(const ctx *c)
{
	const lc_spec *s = c->spec;
	const lc_linux *l = &s->linux_;
	bool mapped = l->uid_mappings_len > 0 || l->gid_mappings_len > 0;

	if (mapped && !has_ns(s, LC_NS_USER))
		return lc_fail(c->err, 0, "linux.%s: id mappings need a user namespace",
			       l->uid_mappings_len > 0 ? "uidMappings" : "gidMappings");
	if (has_new_ns(s, LC_NS_USER)) {
		if (l->uid_mappings_len == 0)
			return lc_fail(c->err, 0, "linux.uidMappings: a new user namespace needs uid mappings");
		if (l->gid_mappings_len == 0)
			return lc_fail(c->err, 0, "linux.gidMappings: a new user namespace needs gid mappings");
	}
	if (check_id_mappings(c, "linux.uidMappings", l->uid_mappings, l->uid_mappings_len) < 0 ||
	    check_id_mappings(c, "linux.gidMappings", l->gid_mappings, l->gid_mappings_len) < 0)
		return -1;
	return 0;
}

static int check_time_offsets(const ctx *c)
{
	const lc_linux *l = &c->spec->linux_;
	static const char *const clocks[] = {"monotonic", "boottime", NULL};

	if (l->time_offsets_len == 0)
		return 0;
	if (!has_ns(c->spec, LC_NS_TIME))
		return lc_fail(c->err, 0, "linux.timeOffsets: offsets need a time namespace");
	if (!has_new_ns(c->spec, LC_NS_TIME))
		return lc_fail(c->err, 0,
			       "linux.timeOffsets: offsets cannot be set when joining an existing time namespace");
	for (size_t i = 0; i < l->time_offsets_len; i++) {
		const lc_time_offset *t = &l->time_offsets[i];
		if (!in_list(t->clock, clocks))
			return lc_fail(c->err, 0,
				       "linux.timeOffsets: unknown clock \"%s\" (expected monotonic or boottime)",
				       t->clock);
		if (t->nanosecs >= 1000000000u)
			return lc_fail(c->err, 0, "linux.timeOffsets.%s.nanosecs: must be less than 1000000000",
				       t->clock);
	}
	return 0;
}

/* ---- linux: filesystem ---- */

static int check_devices(const ctx *c)
{
	const lc_linux *l = &c->spec->linux_;

	for (size_t i = 0; i < l->devices_len; i++) {
		const lc_device *d = &l->devices[i];
		if (d->type == '\0' || strchr("cbup", d->type) == NULL)
			return lc_fail(c->err, 0,
				       "linux.devices[%zu].type: invalid device type (expected c, b, u or p)", i);
		if (require_absolute(c, d->path, "linux.devices[%zu].path", i) < 0)
			return -1;
		if (d->type != 'p' && (d->major < 0 || d->minor < 0))
			return lc_fail(c->err, 0, "linux.devices[%zu]: major and minor must not be negative", i);
	}
	return 0;
}

static int check_rootfs_propagation(const ctx *c)
{
	static const char *const modes[] = {"shared", "slave",    "private",     "unbindable", "rshared",
					    "rslave", "rprivate", "runbindable", NULL};
	const char *p = c->spec->linux_.rootfs_propagation;

	/* the spec lists the four plain forms; runc (and so its users) also write the r- forms */
	if (p != NULL && p[0] != '\0' && !in_list(p, modes))
		return lc_fail(
			c->err, 0,
			"linux.rootfsPropagation: unknown propagation \"%s\" (expected shared, slave, private or "
			"unbindable)",
			p);
	return 0;
}

static int check_masked_readonly_paths(const ctx *c)
{
	const lc_linux *l = &c->spec->linux_;

	for (size_t i = 0; i < l->masked_paths.len; i++) {
		if (require_absolute(c, l->masked_paths.items[i], "linux.maskedPaths[%zu]", i) < 0)
			return -1;
	}
	for (size_t i = 0; i < l->readonly_paths.len; i++) {
		if (require_absolute(c, l->readonly_paths.items[i], "linux.readonlyPaths[%zu]", i) < 0)
			return -1;
	}
	return 0;
}

/* ---- linux: kernel settings ---- */

/* As runc: a sysctl is allowed only when the namespace that scopes it is the container's own. */
static int check_sysctl(const ctx *c)
{
	static const char *const ipc_keys[] = {"kernel.msgmax", "kernel.msgmnb",          "kernel.msgmni",
					       "kernel.sem",    "kernel.shmall",          "kernel.shmmax",
					       "kernel.shmmni", "kernel.shm_rmid_forced", NULL};
	const lc_map *m = &c->spec->linux_.sysctl;

	for (size_t i = 0; i < m->len; i++) {
		const char *key = m->items[i].key;
		if (in_list(key, ipc_keys) || strncmp(key, "fs.mqueue.", 10) == 0) {
			if (!has_ns(c->spec, LC_NS_IPC))
				return lc_fail(c->err, 0, "linux.sysctl: \"%s\" needs an ipc namespace", key);
		} else if (strncmp(key, "net.", 4) == 0) {
			if (!has_ns(c->spec, LC_NS_NETWORK))
				return lc_fail(c->err, 0, "linux.sysctl: \"%s\" needs a network namespace", key);
		} else if (strcmp(key, "kernel.domainname") == 0) {
			if (!has_ns(c->spec, LC_NS_UTS))
				return lc_fail(c->err, 0, "linux.sysctl: \"%s\" needs a uts namespace", key);
		} else if (strcmp(key, "kernel.hostname") == 0) {
			return lc_fail(c->err, 0, "linux.sysctl: \"%s\" is not allowed, use the hostname field", key);
		} else {
			return lc_fail(c->err, 0, "linux.sysctl: \"%s\" is not in a namespace the container owns", key);
		}
	}
	return 0;
}

static int check_personality(const ctx *c)
{
	const lc_linux *l = &c->spec->linux_;

	if (l->has_personality && strcmp(l->personality.domain, "LINUX") != 0 &&
	    strcmp(l->personality.domain, "LINUX32") != 0)
		return lc_fail(c->err, 0, "linux.personality.domain: unknown domain \"%s\" (expected LINUX or LINUX32)",
			       l->personality.domain);
	return 0;
}

static int check_intel_rdt(const ctx *c)
{
	const char *id = c->spec->linux_.intel_rdt.clos_id;

	if (c->spec->linux_.has_intel_rdt && id != NULL &&
	    (strchr(id, '/') != NULL || strcmp(id, ".") == 0 || strcmp(id, "..") == 0))
		return lc_fail(c->err, 0, "linux.intelRdt.closID: invalid name \"%s\"", id);
	return 0;
}

static int check_memory_policy(const ctx *c)
{
	static const char *const modes[] = {
		"MPOL_DEFAULT",   "MPOL_BIND",           "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE",
		"MPOL_PREFERRED", "MPOL_PREFERRED_MANY", "MPOL_LOCAL",      NULL};
	static const char *const flags[] = {"MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES", "MPOL_F_STATIC_NODES",
					    NULL};
	const lc_memory_policy *m = &c->spec->linux_.memory_policy;

	if (!c->spec->linux_.has_memory_policy)
		return 0;
	if (!in_list(m->mode, modes))
		return lc_fail(c->err, 0, "linux.memoryPolicy.mode: unknown mode \"%s\"", m->mode);
	for (size_t i = 0; i < m->flags.len; i++) {
		if (!in_list(m->flags.items[i], flags))
			return lc_fail(c->err, 0, "linux.memoryPolicy.flags[%zu]: unknown flag \"%s\"", i,
				       m->flags.items[i]);
	}
	return 0;
}

static bool is_interface_name(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= 16 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (const char *p = name; *p; p++) {
		if (*p == '/' || *p == ':' || *p == ' ' || *p == '\t' || *p == '\n')
			return false;
	}
	return true;
}

static int check_net_devices(const ctx *c)
{
	const lc_map *m = &c->spec->linux_.net_devices;

	if (m->len > 0 && !has_ns(c->spec, LC_NS_NETWORK))
		return lc_fail(c->err, 0, "linux.netDevices: moving network devices needs a network namespace");
	for (size_t i = 0; i < m->len; i++) {
		if (!is_interface_name(m->items[i].key))
			return lc_fail(c->err, 0, "linux.netDevices: invalid device name \"%s\"", m->items[i].key);
		if (m->items[i].value[0] != '\0' && !is_interface_name(m->items[i].value))
			return lc_fail(c->err, 0, "linux.netDevices.%s.name: invalid device name \"%s\"",
				       m->items[i].key, m->items[i].value);
	}
	return 0;
}

/* ---- linux.resources ---- */

static int check_device_rules(const ctx *c)
{
	const lc_resources *r = &c->spec->linux_.resources;

	for (size_t i = 0; i < r->devices_len; i++) {
		const lc_device_cgroup_rule *d = &r->devices[i];
		if (d->type != NULL && strcmp(d->type, "a") != 0 && strcmp(d->type, "c") != 0 &&
		    strcmp(d->type, "b") != 0)
			return lc_fail(c->err, 0,
				       "linux.resources.devices[%zu].type: invalid type \"%s\" (expected a, c or b)", i,
				       d->type);
		if (d->access != NULL && strspn(d->access, "rwm") != strlen(d->access))
			return lc_fail(
				c->err, 0,
				"linux.resources.devices[%zu].access: invalid access \"%s\" (expected letters of rwm)",
				i, d->access);
	}
	return 0;
}

static int check_memory(const ctx *c)
{
	const lc_memory_resources *m = &c->spec->linux_.resources.memory;

	if (m->limit.has && m->swap.has && m->limit.value > 0 && m->swap.value > 0 && m->swap.value < m->limit.value)
		return lc_fail(c->err, 0,
			       "linux.resources.memory.swap: memory+swap limit %" PRId64
			       " is below memory limit %" PRId64,
			       m->swap.value, m->limit.value);
	return 0;
}

/* "2MB", "1GB", "64KB": the unit names of /sys/fs/cgroup/hugetlb files */
static bool is_page_size(const char *s)
{
	size_t digits = strspn(s, "0123456789");

	return digits > 0 && s[0] != '0' && strchr("KMG", s[digits]) != NULL && s[digits] != '\0' &&
	       s[digits + 1] == 'B' && s[digits + 2] == '\0';
}

static int check_hugepage_limits(const ctx *c)
{
	const lc_resources *r = &c->spec->linux_.resources;

	for (size_t i = 0; i < r->hugepage_limits_len; i++) {
		if (!is_page_size(r->hugepage_limits[i].page_size))
			return lc_fail(
				c->err, 0,
				"linux.resources.hugepageLimits[%zu].pageSize: invalid page size \"%s\" (expected "
				"like 2MB or 1GB)",
				i, r->hugepage_limits[i].page_size);
	}
	return 0;
}

/* ---- linux.seccomp ---- */

static const char *const seccomp_actions[] = {
	"SCMP_ACT_KILL",  "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",   "SCMP_ACT_ERRNO",
	"SCMP_ACT_TRACE", "SCMP_ACT_ALLOW",        "SCMP_ACT_LOG",         "SCMP_ACT_NOTIFY", NULL,
};

static bool action_takes_errno(const char *action)
{
	return strcmp(action, "SCMP_ACT_ERRNO") == 0 || strcmp(action, "SCMP_ACT_TRACE") == 0;
}

static int check_seccomp_top(const ctx *c)
{
	static const char *const flags[] = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
					    "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
					    NULL};
	const lc_seccomp *s = &c->spec->linux_.seccomp;

	if (!c->spec->linux_.has_seccomp)
		return 0;
	if (!in_list(s->default_action, seccomp_actions))
		return lc_fail(c->err, 0, "linux.seccomp.defaultAction: unknown action \"%s\"", s->default_action);
	if (strcmp(s->default_action, "SCMP_ACT_NOTIFY") == 0)
		return lc_fail(c->err, 0, "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
	if (s->default_errno_ret.has && !action_takes_errno(s->default_action))
		return lc_fail(c->err, 0, "linux.seccomp.defaultErrnoRet: action %s takes no errno", s->default_action);
	for (size_t i = 0; i < s->architectures.len; i++) {
		if (strncmp(s->architectures.items[i], "SCMP_ARCH_", 10) != 0)
			return lc_fail(c->err, 0, "linux.seccomp.architectures[%zu]: unknown architecture \"%s\"", i,
				       s->architectures.items[i]);
	}
	for (size_t i = 0; i < s->flags.len; i++) {
		if (!in_list(s->flags.items[i], flags))
			return lc_fail(c->err, 0, "linux.seccomp.flags[%zu]: unknown flag \"%s\"", i,
				       s->flags.items[i]);
	}
	if (s->listener_metadata != NULL && s->listener_metadata[0] != '\0' &&
	    (s->listener_path == NULL || s->listener_path[0] == '\0'))
		return lc_fail(c->err, 0, "linux.seccomp.listenerMetadata: needs listenerPath");
	if (s->listener_path != NULL && s->listener_path[0] != '\0' &&
	    require_absolute(c, s->listener_path, "linux.seccomp.listenerPath") < 0)
		return -1;
	return 0;
}

static int check_seccomp_syscalls(const ctx *c)
{
	static const char *const ops[] = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",        "SCMP_CMP_EQ",
					  "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ", NULL};
	const lc_seccomp *s = &c->spec->linux_.seccomp;

	if (!c->spec->linux_.has_seccomp)
		return 0;
	for (size_t i = 0; i < s->syscalls_len; i++) {
		const lc_seccomp_syscall *sc = &s->syscalls[i];
		if (sc->names_len == 0)
			return lc_fail(c->err, 0,
				       "linux.seccomp.syscalls[%zu].names: expected a non-empty array of strings", i);
		if (!in_list(sc->action, seccomp_actions))
			return lc_fail(c->err, 0, "linux.seccomp.syscalls[%zu].action: unknown action \"%s\"", i,
				       sc->action);
		if (sc->errno_ret.has && !action_takes_errno(sc->action))
			return lc_fail(c->err, 0, "linux.seccomp.syscalls[%zu].errnoRet: action %s takes no errno", i,
				       sc->action);
		/* without a listener nobody would answer the notifications and the syscall would hang */
		if (strcmp(sc->action, "SCMP_ACT_NOTIFY") == 0 &&
		    (s->listener_path == NULL || s->listener_path[0] == '\0'))
			return lc_fail(c->err, 0,
				       "linux.seccomp.syscalls[%zu].action: SCMP_ACT_NOTIFY needs listenerPath", i);
		for (size_t j = 0; j < sc->args_len; j++) {
			if (sc->args[j].index > 5)
				return lc_fail(c->err, 0,
					       "linux.seccomp.syscalls[%zu].args[%zu].index: expected a value from 0 "
					       "to 5, got "
					       "%" PRIu32,
					       i, j, sc->args[j].index);
			if (!in_list(sc->args[j].op, ops))
				return lc_fail(c->err, 0,
					       "linux.seccomp.syscalls[%zu].args[%zu].op: unknown operator \"%s\"", i,
					       j, sc->args[j].op);
		}
	}
	return 0;
}

/* In order: the first failing check is the one reported. Add a rule by adding a line. */
static const check_fn checks[] = {
	check_oci_version,
	check_root,
	check_process,
	check_rlimits,
	check_io_priority,
	check_scheduler,
	check_exec_cpu_affinity,
	check_mounts,
	check_hooks,
	check_namespaces,
	check_hostname,
	check_user_mappings,
	check_time_offsets,
	check_devices,
	check_rootfs_propagation,
	check_masked_readonly_paths,
	check_sysctl,
	check_personality,
	check_intel_rdt,
	check_memory_policy,
	check_net_devices,
	check_device_rules,
	check_memory,
	check_hugepage_limits,
	check_seccomp_top,
	check_seccomp_syscalls,
};

int lc_spec_validate(const lc_spec *spec, const char *bundle_dir, lc_error **err)
{
	ctx c = {.spec = spec, .bundle = bundle_dir, .err = err};

	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		if (checks[i](&c) < 0)
			return -1;
	}
	return 0;
}
