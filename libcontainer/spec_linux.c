/* spec_linux.c: reads (and frees) the "linux" object of config.json: namespaces, id mappings,
 * devices, resources, seccomp and the other Linux-only settings. */
#include "spec_walk.h"

#include <stdlib.h>
#include <string.h>

static int read_ns_kind(lc_walk *w, yajl_val v, void *out)
{
	if (v == NULL || !YAJL_IS_STRING(v))
		return lc_walk_expected(w, v, "a string");
	for (int k = 0; k < LC_NS__COUNT; k++) {
		if (strcmp(v->u.string, lc_ns_kind_name((lc_ns_kind)k)) == 0) {
			*(lc_ns_kind *)out = (lc_ns_kind)k;
			return 0;
		}
	}
	return lc_fail(w->err, 0,
		       "%s: unknown namespace type \"%s\" (expected one of pid, network, mount, ipc, uts, user, "
		       "cgroup, time)",
		       lc_walk_where(w), v->u.string);
}

static int read_namespace(lc_walk *w, yajl_val v, void *out)
{
	lc_namespace *ns = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "type", true, read_ns_kind, &ns->kind) < 0 ||
	    lc_walk_field(w, v, "path", false, lc_read_string, &ns->path) < 0)
		return -1;
	return 0;
}

/* ---- linux: time offsets, devices ---- */

static int read_time_offset(lc_walk *w, const char *clock, yajl_val v, void *out)
{
	lc_time_offset *t = out;

	t->clock = strdup(clock);
	if (t->clock == NULL)
		return lc_walk_out_of_memory(w);
	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "secs", false, lc_read_i64, &t->secs) < 0 ||
	    lc_walk_field(w, v, "nanosecs", false, lc_read_u32, &t->nanosecs) < 0)
		return -1;
	return 0;
}

static int read_time_offsets(lc_walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	return lc_walk_keyed(w, v, "an object keyed by clock name", (void **)&l->time_offsets, &l->time_offsets_len,
			     sizeof(*l->time_offsets), read_time_offset);
}

static int read_device_type(lc_walk *w, yajl_val v, void *out)
{
	const char *s;

	if (v == NULL || !YAJL_IS_STRING(v))
		return lc_walk_expected(w, v, "a string");
	s = v->u.string;
	if (strlen(s) != 1 || strchr("cbup", s[0]) == NULL)
		return lc_fail(w->err, 0, "%s: invalid device type \"%s\" (expected \"c\", \"b\", \"u\" or \"p\")",
			       lc_walk_where(w), s);
	*(char *)out = s[0];
	return 0;
}

static int read_device(lc_walk *w, yajl_val v, void *out)
{
	lc_device *d = out;
	bool fifo;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "path", true, lc_read_string, &d->path) < 0 ||
	    lc_walk_field(w, v, "type", true, read_device_type, &d->type) < 0)
		return -1;
	/* a fifo has no device number; every other type must say which device it is */
	fifo = d->type == 'p';
	if (lc_walk_field(w, v, "major", !fifo, lc_read_i64, &d->major) < 0 ||
	    lc_walk_field(w, v, "minor", !fifo, lc_read_i64, &d->minor) < 0 ||
	    lc_walk_field(w, v, "fileMode", false, lc_read_opt_u32, &d->file_mode) < 0 ||
	    lc_walk_field(w, v, "uid", false, lc_read_opt_u32, &d->uid) < 0 ||
	    lc_walk_field(w, v, "gid", false, lc_read_opt_u32, &d->gid) < 0)
		return -1;
	return 0;
}

/* ---- linux.resources ---- */

static int read_device_rule(lc_walk *w, yajl_val v, void *out)
{
	lc_device_cgroup_rule *r = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "allow", true, lc_read_bool, &r->allow) < 0 ||
	    lc_walk_field(w, v, "type", false, lc_read_string, &r->type) < 0 ||
	    lc_walk_field(w, v, "major", false, lc_read_opt_i64, &r->major) < 0 ||
	    lc_walk_field(w, v, "minor", false, lc_read_opt_i64, &r->minor) < 0 ||
	    lc_walk_field(w, v, "access", false, lc_read_string, &r->access) < 0)
		return -1;
	return 0;
}

static int read_device_rules(lc_walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&r->devices, &r->devices_len, sizeof(*r->devices),
			     read_device_rule);
}

static int read_memory(lc_walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;
	lc_memory_resources *m = &r->memory;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "limit", false, lc_read_opt_i64, &m->limit) < 0 ||
	    lc_walk_field(w, v, "reservation", false, lc_read_opt_i64, &m->reservation) < 0 ||
	    lc_walk_field(w, v, "swap", false, lc_read_opt_i64, &m->swap) < 0 ||
	    lc_walk_field(w, v, "kernel", false, lc_read_opt_i64, &m->kernel) < 0 ||
	    lc_walk_field(w, v, "kernelTCP", false, lc_read_opt_i64, &m->kernel_tcp) < 0 ||
	    lc_walk_field(w, v, "swappiness", false, lc_read_opt_u64, &m->swappiness) < 0 ||
	    lc_walk_field(w, v, "disableOOMKiller", false, lc_read_opt_bool, &m->disable_oom_killer) < 0 ||
	    lc_walk_field(w, v, "useHierarchy", false, lc_read_opt_bool, &m->use_hierarchy) < 0 ||
	    lc_walk_field(w, v, "checkBeforeUpdate", false, lc_read_opt_bool, &m->check_before_update) < 0)
		return -1;
	r->has_memory = true;
	return 0;
}

static int read_cpu(lc_walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;
	lc_cpu_resources *c = &r->cpu;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "shares", false, lc_read_opt_u64, &c->shares) < 0 ||
	    lc_walk_field(w, v, "quota", false, lc_read_opt_i64, &c->quota) < 0 ||
	    lc_walk_field(w, v, "burst", false, lc_read_opt_u64, &c->burst) < 0 ||
	    lc_walk_field(w, v, "period", false, lc_read_opt_u64, &c->period) < 0 ||
	    lc_walk_field(w, v, "realtimeRuntime", false, lc_read_opt_i64, &c->realtime_runtime) < 0 ||
	    lc_walk_field(w, v, "realtimePeriod", false, lc_read_opt_u64, &c->realtime_period) < 0 ||
	    lc_walk_field(w, v, "cpus", false, lc_read_string, &c->cpus) < 0 ||
	    lc_walk_field(w, v, "mems", false, lc_read_string, &c->mems) < 0 ||
	    lc_walk_field(w, v, "idle", false, lc_read_opt_i64, &c->idle) < 0)
		return -1;
	r->has_cpu = true;
	return 0;
}

static int read_pids(lc_walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "limit", false, lc_read_opt_i64, &r->pids_limit) < 0)
		return -1;
	r->has_pids = true;
	return 0;
}

static int read_weight_device(lc_walk *w, yajl_val v, void *out)
{
	lc_blkio_weight_device *d = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "major", true, lc_read_i64, &d->major) < 0 ||
	    lc_walk_field(w, v, "minor", true, lc_read_i64, &d->minor) < 0 ||
	    lc_walk_field(w, v, "weight", false, lc_read_opt_u16, &d->weight) < 0 ||
	    lc_walk_field(w, v, "leafWeight", false, lc_read_opt_u16, &d->leaf_weight) < 0)
		return -1;
	return 0;
}

static int read_throttle_device(lc_walk *w, yajl_val v, void *out)
{
	lc_blkio_throttle_device *d = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "major", true, lc_read_i64, &d->major) < 0 ||
	    lc_walk_field(w, v, "minor", true, lc_read_i64, &d->minor) < 0 ||
	    lc_walk_field(w, v, "rate", true, lc_read_u64, &d->rate) < 0)
		return -1;
	return 0;
}

static int read_throttle_list(lc_walk *w, yajl_val obj, const char *key, lc_blkio_throttle_device **items, size_t *len)
{
	yajl_val v = lc_walk_member(obj, key);
	size_t mark;
	int ret;

	if (v == NULL)
		return 0;
	mark = lc_walk_enter_key(w, key);
	ret = lc_walk_array(w, v, "an array of objects", (void **)items, len, sizeof(**items), read_throttle_device);
	lc_walk_leave(w, mark);
	return ret;
}

static int read_weight_devices(lc_walk *w, yajl_val v, void *out)
{
	lc_blkio_resources *b = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&b->weight_device, &b->weight_device_len,
			     sizeof(*b->weight_device), read_weight_device);
}

static int read_blkio(lc_walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;
	lc_blkio_resources *b = &r->blkio;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "weight", false, lc_read_opt_u16, &b->weight) < 0 ||
	    lc_walk_field(w, v, "leafWeight", false, lc_read_opt_u16, &b->leaf_weight) < 0 ||
	    lc_walk_field(w, v, "weightDevice", false, read_weight_devices, b) < 0 ||
	    read_throttle_list(w, v, "throttleReadBpsDevice", &b->throttle_read_bps, &b->throttle_read_bps_len) < 0 ||
	    read_throttle_list(w, v, "throttleWriteBpsDevice", &b->throttle_write_bps, &b->throttle_write_bps_len) <
		    0 ||
	    read_throttle_list(w, v, "throttleReadIOPSDevice", &b->throttle_read_iops, &b->throttle_read_iops_len) <
		    0 ||
	    read_throttle_list(w, v, "throttleWriteIOPSDevice", &b->throttle_write_iops, &b->throttle_write_iops_len) <
		    0)
		return -1;
	r->has_blkio = true;
	return 0;
}

static int read_hugepage_limit(lc_walk *w, yajl_val v, void *out)
{
	lc_hugepage_limit *h = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "pageSize", true, lc_read_string, &h->page_size) < 0 ||
	    lc_walk_field(w, v, "limit", true, lc_read_u64, &h->limit) < 0)
		return -1;
	return 0;
}

static int read_hugepage_limits(lc_walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&r->hugepage_limits, &r->hugepage_limits_len,
			     sizeof(*r->hugepage_limits), read_hugepage_limit);
}

static int read_net_priority(lc_walk *w, yajl_val v, void *out)
{
	lc_net_priority *p = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "name", true, lc_read_string, &p->name) < 0 ||
	    lc_walk_field(w, v, "priority", true, lc_read_u32, &p->priority) < 0)
		return -1;
	return 0;
}

static int read_net_priorities(lc_walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&r->net_priorities, &r->net_priorities_len,
			     sizeof(*r->net_priorities), read_net_priority);
}

static int read_network(lc_walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "classID", false, lc_read_opt_u32, &r->net_class_id) < 0 ||
	    lc_walk_field(w, v, "priorities", false, read_net_priorities, r) < 0)
		return -1;
	r->has_network = true;
	return 0;
}

static int read_rdma_limit(lc_walk *w, const char *device, yajl_val v, void *out)
{
	lc_rdma_limit *limit = out;

	limit->device = strdup(device);
	if (limit->device == NULL)
		return lc_walk_out_of_memory(w);
	if (lc_walk_object(w, v) < 0 ||
	    lc_walk_field(w, v, "hcaHandles", false, lc_read_opt_u32, &limit->hca_handles) < 0 ||
	    lc_walk_field(w, v, "hcaObjects", false, lc_read_opt_u32, &limit->hca_objects) < 0)
		return -1;
	return 0;
}

static int read_rdma(lc_walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	return lc_walk_keyed(w, v, "an object keyed by device name", (void **)&r->rdma, &r->rdma_len, sizeof(*r->rdma),
			     read_rdma_limit);
}

/* The linux.resources object alone: config.json's, and `update --resources` (lc_resources_parse). */
int lc_read_resources(lc_walk *w, yajl_val v, void *out)
{
	lc_resources *r = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "devices", false, read_device_rules, r) < 0 ||
	    lc_walk_field(w, v, "memory", false, read_memory, r) < 0 ||
	    lc_walk_field(w, v, "cpu", false, read_cpu, r) < 0 ||
	    lc_walk_field(w, v, "pids", false, read_pids, r) < 0 ||
	    lc_walk_field(w, v, "blockIO", false, read_blkio, r) < 0 ||
	    lc_walk_field(w, v, "hugepageLimits", false, read_hugepage_limits, r) < 0 ||
	    lc_walk_field(w, v, "network", false, read_network, r) < 0 ||
	    lc_walk_field(w, v, "rdma", false, read_rdma, r) < 0 ||
	    lc_walk_field(w, v, "unified", false, lc_read_string_map, &r->unified) < 0)
		return -1;
	return 0;
}

static int read_resources(lc_walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	if (lc_read_resources(w, v, &l->resources) < 0)
		return -1;
	l->has_resources = true;
	return 0;
}

/* ---- linux.seccomp ---- */

static int read_seccomp_arg(lc_walk *w, yajl_val v, void *out)
{
	struct lc_seccomp_arg *a = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "index", true, lc_read_u32, &a->index) < 0 ||
	    lc_walk_field(w, v, "value", true, lc_read_u64, &a->value) < 0 ||
	    lc_walk_field(w, v, "valueTwo", false, lc_read_u64, &a->value_two) < 0 ||
	    lc_walk_field(w, v, "op", true, lc_read_string, &a->op) < 0)
		return -1;
	return 0;
}

static int read_syscall_names(lc_walk *w, yajl_val v, void *out)
{
	lc_seccomp_syscall *s = out;
	lc_strv names = {NULL, 0};
	int ret = lc_read_strv(w, v, &names);

	s->names = names.items;
	s->names_len = names.len;
	return ret;
}

static int read_syscall_args(lc_walk *w, yajl_val v, void *out)
{
	lc_seccomp_syscall *s = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&s->args, &s->args_len, sizeof(*s->args),
			     read_seccomp_arg);
}

static int read_syscall(lc_walk *w, yajl_val v, void *out)
{
	lc_seccomp_syscall *s = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "names", true, read_syscall_names, s) < 0 ||
	    lc_walk_field(w, v, "action", true, lc_read_string, &s->action) < 0 ||
	    lc_walk_field(w, v, "errnoRet", false, lc_read_opt_u32, &s->errno_ret) < 0 ||
	    lc_walk_field(w, v, "args", false, read_syscall_args, s) < 0)
		return -1;
	return 0;
}

static int read_syscalls(lc_walk *w, yajl_val v, void *out)
{
	lc_seccomp *s = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&s->syscalls, &s->syscalls_len, sizeof(*s->syscalls),
			     read_syscall);
}

static int read_seccomp(lc_walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;
	lc_seccomp *s = &l->seccomp;

	if (lc_walk_object(w, v) < 0 ||
	    lc_walk_field(w, v, "defaultAction", true, lc_read_string, &s->default_action) < 0 ||
	    lc_walk_field(w, v, "defaultErrnoRet", false, lc_read_opt_u32, &s->default_errno_ret) < 0 ||
	    lc_walk_field(w, v, "architectures", false, lc_read_strv, &s->architectures) < 0 ||
	    lc_walk_field(w, v, "flags", false, lc_read_strv, &s->flags) < 0 ||
	    lc_walk_field(w, v, "listenerPath", false, lc_read_string, &s->listener_path) < 0 ||
	    lc_walk_field(w, v, "listenerMetadata", false, lc_read_string, &s->listener_metadata) < 0 ||
	    lc_walk_field(w, v, "syscalls", false, read_syscalls, s) < 0)
		return -1;
	l->has_seccomp = true;
	return 0;
}

/* ---- linux: the rest ---- */

static int read_personality(lc_walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	if (lc_walk_object(w, v) < 0 ||
	    lc_walk_field(w, v, "domain", true, lc_read_string, &l->personality.domain) < 0 ||
	    lc_walk_field(w, v, "flags", false, lc_read_strv, &l->personality.flags) < 0)
		return -1;
	l->has_personality = true;
	return 0;
}

static int read_intel_rdt(lc_walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;
	lc_intel_rdt *r = &l->intel_rdt;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "closID", false, lc_read_string, &r->clos_id) < 0 ||
	    lc_walk_field(w, v, "l3CacheSchema", false, lc_read_string, &r->l3_cache_schema) < 0 ||
	    lc_walk_field(w, v, "memBwSchema", false, lc_read_string, &r->mem_bw_schema) < 0 ||
	    lc_walk_field(w, v, "schemata", false, lc_read_strv, &r->schemata) < 0 ||
	    lc_walk_field(w, v, "enableCMT", false, lc_read_bool, &r->enable_cmt) < 0 ||
	    lc_walk_field(w, v, "enableMBM", false, lc_read_bool, &r->enable_mbm) < 0 ||
	    lc_walk_field(w, v, "enableMonitoring", false, lc_read_bool, &r->enable_monitoring) < 0)
		return -1;
	l->has_intel_rdt = true;
	return 0;
}

static int read_memory_policy(lc_walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;
	lc_memory_policy *m = &l->memory_policy;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "mode", true, lc_read_string, &m->mode) < 0 ||
	    lc_walk_field(w, v, "nodes", false, lc_read_string, &m->nodes) < 0 ||
	    lc_walk_field(w, v, "flags", false, lc_read_strv, &m->flags) < 0)
		return -1;
	l->has_memory_policy = true;
	return 0;
}

/* host name -> name in the container; "" when the device keeps its host name */
static int read_net_device(lc_walk *w, const char *host_name, yajl_val v, void *out)
{
	lc_keyval *kv = out;

	kv->key = strdup(host_name);
	if (kv->key == NULL)
		return lc_walk_out_of_memory(w);
	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "name", false, lc_read_string, &kv->value) < 0)
		return -1;
	if (kv->value == NULL)
		kv->value = strdup("");
	return kv->value != NULL ? 0 : lc_walk_out_of_memory(w);
}

static int read_net_devices(lc_walk *w, yajl_val v, void *out)
{
	lc_map *map = out;

	return lc_walk_keyed(w, v, "an object keyed by network device name", (void **)&map->items, &map->len,
			     sizeof(lc_keyval), read_net_device);
}

static int read_namespaces(lc_walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&l->namespaces, &l->namespaces_len,
			     sizeof(*l->namespaces), read_namespace);
}

static int read_devices(lc_walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	return lc_walk_array(w, v, "an array of objects", (void **)&l->devices, &l->devices_len, sizeof(*l->devices),
			     read_device);
}

int lc_read_linux(lc_walk *w, yajl_val v, void *out)
{
	lc_linux *l = out;

	if (lc_walk_object(w, v) < 0 || lc_walk_field(w, v, "namespaces", false, read_namespaces, l) < 0 ||
	    lc_read_id_mappings(w, v, "uidMappings", &l->uid_mappings, &l->uid_mappings_len) < 0 ||
	    lc_read_id_mappings(w, v, "gidMappings", &l->gid_mappings, &l->gid_mappings_len) < 0 ||
	    lc_walk_field(w, v, "timeOffsets", false, read_time_offsets, l) < 0 ||
	    lc_walk_field(w, v, "devices", false, read_devices, l) < 0 ||
	    lc_walk_field(w, v, "netDevices", false, read_net_devices, &l->net_devices) < 0 ||
	    lc_walk_field(w, v, "cgroupsPath", false, lc_read_string, &l->cgroups_path) < 0 ||
	    lc_walk_field(w, v, "resources", false, read_resources, l) < 0 ||
	    lc_walk_field(w, v, "rootfsPropagation", false, lc_read_string, &l->rootfs_propagation) < 0 ||
	    lc_walk_field(w, v, "seccomp", false, read_seccomp, l) < 0 ||
	    lc_walk_field(w, v, "sysctl", false, lc_read_string_map, &l->sysctl) < 0 ||
	    lc_walk_field(w, v, "maskedPaths", false, lc_read_strv, &l->masked_paths) < 0 ||
	    lc_walk_field(w, v, "readonlyPaths", false, lc_read_strv, &l->readonly_paths) < 0 ||
	    lc_walk_field(w, v, "mountLabel", false, lc_read_string, &l->mount_label) < 0 ||
	    lc_walk_field(w, v, "personality", false, read_personality, l) < 0 ||
	    lc_walk_field(w, v, "intelRdt", false, read_intel_rdt, l) < 0 ||
	    lc_walk_field(w, v, "memoryPolicy", false, read_memory_policy, l) < 0)
		return -1;
	l->has_masked_paths = lc_walk_member(v, "maskedPaths") != NULL;
	l->has_readonly_paths = lc_walk_member(v, "readonlyPaths") != NULL;
	return 0;
}

void lc_spec_resources_free(lc_resources *r)
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
	lc_spec_map_free(&r->unified);
}

static void seccomp_free(lc_seccomp *s)
{
	free(s->default_action);
	lc_spec_strv_free(&s->architectures);
	lc_spec_strv_free(&s->flags);
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

void lc_spec_linux_free(lc_linux *l)
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
	lc_spec_resources_free(&l->resources);
	free(l->rootfs_propagation);
	seccomp_free(&l->seccomp);
	lc_spec_map_free(&l->sysctl);
	lc_spec_strv_free(&l->masked_paths);
	lc_spec_strv_free(&l->readonly_paths);
	free(l->mount_label);
	free(l->personality.domain);
	lc_spec_strv_free(&l->personality.flags);
	free(l->intel_rdt.clos_id);
	free(l->intel_rdt.l3_cache_schema);
	free(l->intel_rdt.mem_bw_schema);
	lc_spec_strv_free(&l->intel_rdt.schemata);
	free(l->memory_policy.mode);
	free(l->memory_policy.nodes);
	lc_spec_strv_free(&l->memory_policy.flags);
	lc_spec_map_free(&l->net_devices);
}
