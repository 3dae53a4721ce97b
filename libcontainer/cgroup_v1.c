/* cgroup_v1.c: the cgroup v1 driver: finding the v1 hierarchies in mountinfo, linux.resources in
 * each controller's files, cpuset inheritance and the v1 freezer. Paths and dirs are cgroup.c's. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "cleanup.h"

/* How long freeze waits for every task to reach the refrigerator. */
#define FREEZE_WAIT_NS (2000 * 1000 * 1000L)

/* ---- hierarchies ---- */

static const char *const v1_controller_names[] = {
	"cpu",	   "cpuacct", "cpuset",	 "memory", "devices", "freezer", "net_cls", "net_prio",
	"blkio",   "perf_event", "hugetlb", "pids",   "rdma",	  "misc",    "debug",
};

/* The controllers of a v1 mount from its super options ("rw,cpu,cpuacct", "rw,xattr,name=systemd"). */
static char *controllers_of(const char *super_opts)
{
	char *out = calloc(1, strlen(super_opts) + 1);

	if (out == NULL)
		return NULL;
	for (const char *p = super_opts; *p != '\0';) {
		const char *end = strchrnul(p, ',');
		size_t n = (size_t)(end - p);
		bool keep = n > 5 && strncmp(p, "name=", 5) == 0;
		for (size_t i = 0; !keep && i < sizeof(v1_controller_names) / sizeof(*v1_controller_names); i++)
			keep = strlen(v1_controller_names[i]) == n && strncmp(p, v1_controller_names[i], n) == 0;
		if (keep) {
			if (*out != '\0')
				strcat(out, ",");
			strncat(out, p, n);
		}
		p = *end ? end + 1 : end;
	}
	return out;
}

/* mountinfo escapes blanks in paths as \040 and so on. */
static void unescape_octal(char *s)
{
	char *w = s;

	for (char *r = s; *r != '\0'; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' &&
		    r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

int lc_cg_v1_mounts(const char *root, lc_cg_mount **mounts, size_t *len, lc_error **err)
{
	cleanup_free char *text = lc_cg_read_all("/proc/self/mountinfo");
	char *save = NULL;

	if (text == NULL)
		return lc_fail(err, errno, "read /proc/self/mountinfo");
	for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *fields[16];
		size_t nf = 0;
		char *fsave = NULL;
		for (char *f = strtok_r(line, " ", &fsave); f != NULL && nf < 16; f = strtok_r(NULL, " ", &fsave))
			fields[nf++] = f;
		size_t dash = 6;
		while (dash < nf && strcmp(fields[dash], "-") != 0)
			dash++;
		if (dash + 3 >= nf || strcmp(fields[dash + 1], "cgroup") != 0)
			continue;
		unescape_octal(fields[4]);
		if (!under(fields[4], root))
			continue;
		cleanup_free char *controllers = controllers_of(fields[dash + 3]);
		if (controllers == NULL)
			return lc_fail(err, ENOMEM, "cgroup mounts");
		bool seen = *controllers == '\0';
		for (size_t i = 0; !seen && i < *len; i++)
			seen = lc_cg_same_controllers((*mounts)[i].controllers, controllers);
		if (seen) /* a bind mount of a hierarchy already listed */
			continue;
		lc_cg_mount *grown = realloc(*mounts, (*len + 1) * sizeof(*grown));
		if (grown == NULL)
			return lc_fail(err, ENOMEM, "cgroup mounts");
		*mounts = grown;
		unescape_octal(fields[3]);
		lc_cg_mount *m = &(*mounts)[*len];
		m->mount = strdup(fields[4]);
		m->root = strdup(fields[3]);
		m->controllers = steal_ptr(controllers);
		(*len)++;
		if (m->mount == NULL || m->root == NULL)
			return lc_fail(err, ENOMEM, "cgroup mounts");
	}
	return 0;
}

/* ---- resources ---- */

/* Finds where controller lives. Returns 1 with *dir set; 0 when the controller has no v1 hierarchy
 * but the cgroup2 side of a hybrid host takes it (v2_has_it); -1 with an error otherwise. */
static int route(const lc_cgroup *cg, const char *controller, bool v2_has_it, const char *field, const char **dir,
		 lc_error **err)
{
	const lc_cg_dir *d = lc_cg_v1_find(cg, controller);

	if (d != NULL) {
		*dir = d->dir;
		return 1;
	}
	if (v2_has_it && cg->v2 != NULL)
		return 0;
	return lc_fail(err, 0, "%s: the %s cgroup controller is not mounted on this host", field, controller);
}

static int write_i64(const char *dir, const char *file, int64_t v, const char *field, lc_error **err)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	return lc_cg_write(dir, file, buf, field, err);
}

static int write_u64(const char *dir, const char *file, uint64_t v, const char *field, lc_error **err)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return lc_cg_write(dir, file, buf, field, err);
}

/* Two values the kernel checks against each other (memory limit <= memory+swap, quota within
 * period, rt runtime within period): write in the natural order and, when the kernel refuses the
 * first because of the other's current value, in the opposite one. */
static int write_pair(const char *dir, const char *file_a, int64_t a, const char *field_a, const char *file_b,
		      int64_t b, const char *field_b, lc_error **err)
{
	if (write_i64(dir, file_a, a, field_a, err) == 0)
		return write_i64(dir, file_b, b, field_b, err);
	if (err == NULL || *err == NULL || (*err)->errnum != EINVAL)
		return -1;
	lc_error_free(err);
	if (write_i64(dir, file_b, b, field_b, err) < 0)
		return -1;
	return write_i64(dir, file_a, a, field_a, err);
}

/* Kernel memory accounting files went away (5.16 deprecated, later removed): nothing to limit. */
static int write_kmem(const char *dir, const char *file, int64_t v, const char *field, lc_error **err)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	int r = lc_cg_write_if_exists(dir, file, buf, field, err);
	if (r < 0 && err != NULL && *err != NULL && (*err)->errnum == EOPNOTSUPP) {
		lc_error_free(err);
		return 0;
	}
	return r < 0 ? -1 : 0;
}

static int apply_memory(const lc_cgroup *cg, const lc_memory_resources *m, bool update, lc_error **err)
{
	const char *dir = NULL;
	int r = route(cg, "memory", true, "linux.resources.memory", &dir, err);

	if (r <= 0)
		return r;
	if (update && lc_cg_check_before_update(dir, "memory.usage_in_bytes", m, err) < 0)
		return -1;
	if (m->limit.has && m->swap.has) {
		if (write_pair(dir, "memory.limit_in_bytes", m->limit.value, "linux.resources.memory.limit",
			       "memory.memsw.limit_in_bytes", m->swap.value, "linux.resources.memory.swap", err) < 0)
			return -1;
	} else if (m->limit.has) {
		if (write_i64(dir, "memory.limit_in_bytes", m->limit.value, "linux.resources.memory.limit", err) < 0)
			return -1;
	} else if (m->swap.has) {
		if (write_i64(dir, "memory.memsw.limit_in_bytes", m->swap.value, "linux.resources.memory.swap", err) < 0)
			return -1;
	}
	if (m->reservation.has && write_i64(dir, "memory.soft_limit_in_bytes", m->reservation.value,
					    "linux.resources.memory.reservation", err) < 0)
		return -1;
	if (m->kernel.has &&
	    write_kmem(dir, "memory.kmem.limit_in_bytes", m->kernel.value, "linux.resources.memory.kernel", err) < 0)
		return -1;
	if (m->kernel_tcp.has && write_kmem(dir, "memory.kmem.tcp.limit_in_bytes", m->kernel_tcp.value,
					    "linux.resources.memory.kernelTCP", err) < 0)
		return -1;
	if (m->swappiness.has &&
	    write_u64(dir, "memory.swappiness", m->swappiness.value, "linux.resources.memory.swappiness", err) < 0)
		return -1;
	if (m->disable_oom_killer.has && lc_cg_write(dir, "memory.oom_control", m->disable_oom_killer.value ? "1" : "0",
						      "linux.resources.memory.disableOOMKiller", err) < 0)
		return -1;
	if (m->use_hierarchy.has && lc_cg_write(dir, "memory.use_hierarchy", m->use_hierarchy.value ? "1" : "0",
						 "linux.resources.memory.useHierarchy", err) < 0)
		return -1;
	return 0;
}

/* A tunable some kernels lack: writing 0 (the default) to a missing file is no request at all. */
static int write_if_supported(const char *dir, const char *file, int64_t v, const char *field, lc_error **err)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	int r = lc_cg_write_if_exists(dir, file, buf, field, err);
	if (r == 1 && v != 0)
		return lc_fail(err, ENOTSUP, "%s: %s/%s does not exist: this kernel does not support it", field, dir, file);
	return r < 0 ? -1 : 0;
}

static int apply_cpu_bandwidth(const char *dir, const lc_cpu_resources *c, lc_error **err)
{
	if (c->shares.has && write_u64(dir, "cpu.shares", c->shares.value, "linux.resources.cpu.shares", err) < 0)
		return -1;
	if (c->period.has && c->quota.has) {
		if (write_pair(dir, "cpu.cfs_period_us", (int64_t)c->period.value, "linux.resources.cpu.period",
			       "cpu.cfs_quota_us", c->quota.value, "linux.resources.cpu.quota", err) < 0)
			return -1;
	} else if (c->period.has) {
		if (write_u64(dir, "cpu.cfs_period_us", c->period.value, "linux.resources.cpu.period", err) < 0)
			return -1;
	} else if (c->quota.has) {
		if (write_i64(dir, "cpu.cfs_quota_us", c->quota.value, "linux.resources.cpu.quota", err) < 0)
			return -1;
	}
	if (c->burst.has &&
	    write_if_supported(dir, "cpu.cfs_burst_us", (int64_t)c->burst.value, "linux.resources.cpu.burst", err) < 0)
		return -1;
	if (c->realtime_period.has && c->realtime_runtime.has) {
		if (write_pair(dir, "cpu.rt_period_us", (int64_t)c->realtime_period.value,
			       "linux.resources.cpu.realtimePeriod", "cpu.rt_runtime_us", c->realtime_runtime.value,
			       "linux.resources.cpu.realtimeRuntime", err) < 0)
			return -1;
	} else if (c->realtime_period.has) {
		if (write_u64(dir, "cpu.rt_period_us", c->realtime_period.value, "linux.resources.cpu.realtimePeriod",
			      err) < 0)
			return -1;
	} else if (c->realtime_runtime.has) {
		if (write_i64(dir, "cpu.rt_runtime_us", c->realtime_runtime.value, "linux.resources.cpu.realtimeRuntime",
			      err) < 0)
			return -1;
	}
	if (c->idle.has && write_if_supported(dir, "cpu.idle", c->idle.value, "linux.resources.cpu.idle", err) < 0)
		return -1;
	return 0;
}

static int apply_cpu(const lc_cgroup *cg, const lc_cpu_resources *c, lc_error **err)
{
	const char *dir = NULL;

	if (c->shares.has || c->quota.has || c->period.has || c->burst.has || c->realtime_runtime.has ||
	    c->realtime_period.has || c->idle.has) {
		int r = route(cg, "cpu", true, "linux.resources.cpu", &dir, err);
		if (r < 0 || (r == 1 && apply_cpu_bandwidth(dir, c, err) < 0))
			return -1;
	}
	if (c->cpus != NULL || c->mems != NULL) {
		int r = route(cg, "cpuset", true, c->cpus ? "linux.resources.cpu.cpus" : "linux.resources.cpu.mems",
			      &dir, err);
		if (r <= 0)
			return r;
		if (c->cpus != NULL && lc_cg_write(dir, "cpuset.cpus", c->cpus, "linux.resources.cpu.cpus", err) < 0)
			return -1;
		if (c->mems != NULL && lc_cg_write(dir, "cpuset.mems", c->mems, "linux.resources.cpu.mems", err) < 0)
			return -1;
	}
	return 0;
}

int lc_cg_v1_cpuset_fill(const lc_cg_dir *d, lc_error **err)
{
	cleanup_free char *p = strdup(d->dir);
	char cpus[4096], mems[4096];
	size_t ends[PATH_MAX / 2];
	size_t depth = 0;

	if (p == NULL)
		return lc_fail(err, ENOMEM, "cpuset");
	for (size_t i = d->mount_len; p[i] != '\0'; i++)
		if (p[i] == '/')
			ends[depth++] = i;
	if (depth == 0 || d->created <= 0 || (size_t)d->created > depth)
		return 0;
	/* Under a parent with cgroup.clone_children (we set it on the parents we make) the kernel has
	 * copied both already: one read instead of two reads and two writes. */
	if (lc_cg_read(d->dir, "cpuset.cpus", cpus, sizeof(cpus)) > 0)
		return 0;
	/* ends[k] is where the cut to the k-th ancestor level goes; the mount point is ends[0]. */
	size_t level = depth - (size_t)d->created; /* deepest pre-existing level (0: the mount) */
	for (;; level--) {
		char saved = p[ends[level]];
		p[ends[level]] = '\0';
		ssize_t nc = lc_cg_read(p, "cpuset.cpus", cpus, sizeof(cpus));
		ssize_t nm = nc > 0 ? lc_cg_read(p, "cpuset.mems", mems, sizeof(mems)) : 0;
		if ((nc < 0 || nm < 0) && level == 0)
			return lc_fail(err, errno, "linux.cgroupsPath: read %s/cpuset.cpus", p);
		p[ends[level]] = saved;
		if (nc > 0 && nm > 0)
			break;
		if (level == 0)
			return lc_fail(err, 0, "linux.cgroupsPath: %.*s has no cpuset.cpus/mems to inherit",
				       (int)d->mount_len, d->dir);
	}
	/* Pre-existing empty ancestors are filled too: a concurrent create may not have filled them yet. */
	for (level++; level <= depth; level++) {
		char saved = level < depth ? p[ends[level]] : '\0';
		if (level < depth)
			p[ends[level]] = '\0';
		if (lc_cg_write(p, "cpuset.cpus", cpus, "linux.cgroupsPath", err) < 0 ||
		    lc_cg_write(p, "cpuset.mems", mems, "linux.cgroupsPath", err) < 0)
			return -1;
		if (level < depth && level > depth - (size_t)d->created &&
		    lc_cg_write(p, "cgroup.clone_children", "1", "linux.cgroupsPath", err) < 0)
			return -1;
		if (level < depth)
			p[ends[level]] = saved;
	}
	return 0;
}

static int apply_blkio(const lc_cgroup *cg, const lc_blkio_resources *b, lc_error **err)
{
	const char *dir = NULL;
	char line[128];
	int r = route(cg, "blkio", true, "linux.resources.blockIO", &dir, err);

	if (r <= 0)
		return r;
	/* Weights are the scheduler's: CFQ had blkio.weight, BFQ names them blkio.bfq.*, none has none. */
	if (b->weight.has) {
		snprintf(line, sizeof(line), "%" PRIu64, b->weight.value);
		int w = lc_cg_write_if_exists(dir, "blkio.weight", line, "linux.resources.blockIO.weight", err);
		if (w == 1)
			w = lc_cg_write_if_exists(dir, "blkio.bfq.weight", line, "linux.resources.blockIO.weight", err);
		if (w == 1)
			return lc_fail(err, ENOTSUP,
				       "linux.resources.blockIO.weight: neither blkio.weight nor blkio.bfq.weight exists in "
				       "%s: the I/O scheduler in use does not support weights",
				       dir);
		if (w < 0)
			return -1;
	}
	if (b->leaf_weight.has) {
		snprintf(line, sizeof(line), "%" PRIu64, b->leaf_weight.value);
		int w = lc_cg_write_if_exists(dir, "blkio.leaf_weight", line, "linux.resources.blockIO.leafWeight", err);
		if (w == 1)
			return lc_fail(err, ENOTSUP,
				       "linux.resources.blockIO.leafWeight: %s/blkio.leaf_weight does not exist: the I/O "
				       "scheduler in use does not support leaf weights",
				       dir);
		if (w < 0)
			return -1;
	}
	for (size_t i = 0; i < b->weight_device_len; i++) {
		const lc_blkio_weight_device *wd = &b->weight_device[i];
		char field[64];
		snprintf(field, sizeof(field), "linux.resources.blockIO.weightDevice[%zu]", i);
		if (wd->weight.has) {
			snprintf(line, sizeof(line), "%" PRId64 ":%" PRId64 " %" PRIu64, wd->major, wd->minor,
				 wd->weight.value);
			int w = lc_cg_write_if_exists(dir, "blkio.weight_device", line, field, err);
			if (w == 1)
				w = lc_cg_write_if_exists(dir, "blkio.bfq.weight_device", line, field, err);
			if (w == 1)
				return lc_fail(err, ENOTSUP,
					       "%s: neither blkio.weight_device nor blkio.bfq.weight_device exists in %s: "
					       "the I/O scheduler in use does not support weights",
					       field, dir);
			if (w < 0)
				return -1;
		}
		if (wd->leaf_weight.has) {
			snprintf(line, sizeof(line), "%" PRId64 ":%" PRId64 " %" PRIu64, wd->major, wd->minor,
				 wd->leaf_weight.value);
			if (lc_cg_write(dir, "blkio.leaf_weight_device", line, field, err) < 0)
				return -1;
		}
	}
	static const char *const names[] = {"throttleReadBpsDevice", "throttleWriteBpsDevice",
					    "throttleReadIOPSDevice", "throttleWriteIOPSDevice"};
	static const char *const files[] = {"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
					    "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device"};
	const lc_blkio_throttle_device *lists[] = {b->throttle_read_bps, b->throttle_write_bps, b->throttle_read_iops,
						   b->throttle_write_iops};
	const size_t lens[] = {b->throttle_read_bps_len, b->throttle_write_bps_len, b->throttle_read_iops_len,
			       b->throttle_write_iops_len};
	for (size_t k = 0; k < 4; k++) {
		for (size_t i = 0; i < lens[k]; i++) {
			char field[64];
			snprintf(field, sizeof(field), "linux.resources.blockIO.%s[%zu]", names[k], i);
			snprintf(line, sizeof(line), "%" PRId64 ":%" PRId64 " %" PRIu64, lists[k][i].major,
				 lists[k][i].minor, lists[k][i].rate);
			if (lc_cg_write(dir, files[k], line, field, err) < 0)
				return -1;
		}
	}
	return 0;
}

static int apply_hugetlb(const lc_cgroup *cg, const lc_resources *res, lc_error **err)
{
	const char *dir = NULL;

	if (res->hugepage_limits_len == 0)
		return 0;
	int r = route(cg, "hugetlb", true, "linux.resources.hugepageLimits", &dir, err);
	if (r <= 0)
		return r;
	for (size_t i = 0; i < res->hugepage_limits_len; i++) {
		char file[96], field[64];
		snprintf(file, sizeof(file), "hugetlb.%s.limit_in_bytes", res->hugepage_limits[i].page_size);
		snprintf(field, sizeof(field), "linux.resources.hugepageLimits[%zu]", i);
		/* update takes unvalidated input: the size becomes part of a file name */
		if (strchr(res->hugepage_limits[i].page_size, '/') != NULL)
			return lc_fail(err, EINVAL, "%s.pageSize: invalid page size \"%s\"", field,
				       res->hugepage_limits[i].page_size);
		if (write_u64(dir, file, res->hugepage_limits[i].limit, field, err) < 0)
			return -1;
	}
	return 0;
}

static int apply_network(const lc_cgroup *cg, const lc_resources *res, lc_error **err)
{
	const char *dir = NULL;

	if (res->has_network && res->net_class_id.has) {
		if (route(cg, "net_cls", false, "linux.resources.network.classID", &dir, err) < 0 ||
		    write_u64(dir, "net_cls.classid", res->net_class_id.value, "linux.resources.network.classID", err) < 0)
			return -1;
	}
	if (res->net_priorities_len > 0 &&
	    route(cg, "net_prio", false, "linux.resources.network.priorities", &dir, err) < 0)
		return -1;
	for (size_t i = 0; i < res->net_priorities_len; i++) {
		char line[128], field[64];
		snprintf(line, sizeof(line), "%s %" PRIu32, res->net_priorities[i].name, res->net_priorities[i].priority);
		snprintf(field, sizeof(field), "linux.resources.network.priorities[%zu]", i);
		if (lc_cg_write(dir, "net_prio.ifpriomap", line, field, err) < 0)
			return -1;
	}
	return 0;
}

/* Each write to devices.allow/deny is one rule: keep the two files open across the list. */
typedef struct {
	const char *dir;
	int allow_fd, deny_fd;
} device_files;

static int write_rule(device_files *f, bool allow, const char *line, const char *field, lc_error **err)
{
	int *fd = allow ? &f->allow_fd : &f->deny_fd;
	const char *file = allow ? "devices.allow" : "devices.deny";
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", f->dir, file);
	if (*fd < 0 && (*fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return lc_fail(err, errno, "%s: write %s to %s", field, line, path);
	ssize_t n = write(*fd, line, strlen(line));
	if (n < 0 || (size_t)n != strlen(line))
		return lc_fail(err, n < 0 ? errno : EIO, "%s: write %s to %s", field, line, path);
	return 0;
}

static int write_device_rule(device_files *f, const lc_device_cgroup_rule *d, const char *field, lc_error **err)
{
	char line[96], major[24] = "*", minor[24] = "*";

	if (d->major.has)
		snprintf(major, sizeof(major), "%" PRId64, d->major.value);
	if (d->minor.has)
		snprintf(minor, sizeof(minor), "%" PRId64, d->minor.value);
	snprintf(line, sizeof(line), "%s %s:%s %s", d->type ? d->type : "a", major, minor,
		 d->access && *d->access ? d->access : "rwm");
	return write_rule(f, d->allow, line, field, err);
}

static int write_device_rules(device_files *f, const lc_resources *res, lc_error **err)
{
	if (write_rule(f, false, "a", "linux.resources.devices", err) < 0)
		return -1;
	for (size_t i = 0; i < res->devices_len; i++) {
		char field[48];
		snprintf(field, sizeof(field), "linux.resources.devices[%zu]", i);
		if (write_device_rule(f, &res->devices[i], field, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < lc_cg_default_device_rules_len; i++)
		if (write_device_rule(f, &lc_cg_default_device_rules[i], "linux.resources.devices (default rules)", err) <
		    0)
			return -1;
	return 0;
}

static int apply_devices(const lc_cgroup *cg, const lc_resources *res, bool update, lc_error **err)
{
	device_files files = {.allow_fd = -1, .deny_fd = -1};

	/* On update, no rules means no change; at create the default list applies even with none. */
	if (update && res->devices_len == 0)
		return 0;
	/* cgroup2 has no devices files: the v2 driver will attach an eBPF program. */
	int r = route(cg, "devices", true, "linux.resources.devices", &files.dir, err);
	if (r <= 0)
		return r;
	r = write_device_rules(&files, res, err);
	if (files.allow_fd >= 0)
		close(files.allow_fd);
	if (files.deny_fd >= 0)
		close(files.deny_fd);
	return r;
}

static int apply_rdma(const lc_cgroup *cg, const lc_resources *res, lc_error **err)
{
	const char *dir = NULL;

	if (res->rdma_len == 0)
		return 0;
	int r = route(cg, "rdma", true, "linux.resources.rdma", &dir, err);
	if (r <= 0)
		return r;
	return lc_cg_write_rdma(dir, res, err);
}

int lc_cg_v1_apply(const lc_cgroup *cg, const lc_resources *r, bool update, lc_error **err)
{
	if (r->has_memory && apply_memory(cg, &r->memory, update, err) < 0)
		return -1;
	if (r->has_cpu && apply_cpu(cg, &r->cpu, err) < 0)
		return -1;
	if (r->has_pids && r->pids_limit.has) {
		const char *dir = NULL;
		int found = route(cg, "pids", true, "linux.resources.pids.limit", &dir, err);
		if (found < 0)
			return -1;
		if (found == 1) {
			char v[24];
			if (r->pids_limit.value > 0)
				snprintf(v, sizeof(v), "%" PRId64, r->pids_limit.value);
			else
				strcpy(v, "max");
			if (lc_cg_write(dir, "pids.max", v, "linux.resources.pids.limit", err) < 0)
				return -1;
		}
	}
	if (r->has_blkio && apply_blkio(cg, &r->blkio, err) < 0)
		return -1;
	if (apply_hugetlb(cg, r, err) < 0 || apply_network(cg, r, err) < 0 || apply_devices(cg, r, update, err) < 0 ||
	    apply_rdma(cg, r, err) < 0)
		return -1;
	return 0;
}

/* ---- freezer ---- */

int lc_cg_v1_is_frozen(const lc_cg_dir *freezer, bool *frozen, lc_error **err)
{
	char state[32];

	*frozen = false;
	if (lc_cg_read(freezer->dir, "freezer.state", state, sizeof(state)) < 0) {
		if (errno == ENOENT) /* the cgroup is gone: nothing is frozen */
			return 0;
		return lc_fail(err, errno, "read %s/freezer.state", freezer->dir);
	}
	*frozen = strcmp(state, "FROZEN") == 0;
	return 0;
}

int lc_cg_v1_freeze(const lc_cg_dir *freezer, bool frozen, lc_error **err)
{
	struct timespec start, now;
	long delay_us = 100;
	char state[32];

	if (!frozen)
		return lc_cg_write(freezer->dir, "freezer.state", "THAWED", "thaw cgroup", err);
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		/* FREEZING is sticky while a task cannot be frozen yet; writing FROZEN again retries. */
		if (lc_cg_write(freezer->dir, "freezer.state", "FROZEN", "freeze cgroup", err) < 0)
			return -1;
		if (lc_cg_read(freezer->dir, "freezer.state", state, sizeof(state)) < 0)
			return lc_fail(err, errno, "freeze cgroup: read %s/freezer.state", freezer->dir);
		if (strcmp(state, "FROZEN") == 0)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000000000L + (now.tv_nsec - start.tv_nsec) > FREEZE_WAIT_NS)
			break;
		usleep((useconds_t)delay_us);
		delay_us = delay_us * 2 > 10000 ? 10000 : delay_us * 2;
	}
	lc_error *ignored = NULL;
	lc_cg_write(freezer->dir, "freezer.state", "THAWED", "thaw cgroup", &ignored);
	lc_error_free(&ignored);
	return lc_fail(err, EBUSY, "freeze cgroup: %s/freezer.state still reads %s after 2 s", freezer->dir, state);
}
