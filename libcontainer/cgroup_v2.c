/* cgroup_v2.c: the cgroup v2 driver: linux.resources in unified-hierarchy files (v1 values converted
 * as crun does), controller enabling, cgroup.freeze and cgroup.kill. Paths are cgroup.c's. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "cleanup.h"

/* How long freeze waits for cgroup.events to report "frozen 1". */
#define FREEZE_WAIT_MS 2000

/* ---- conversions ---- */

uint64_t lc_cg_shares_to_weight(uint64_t shares)
{
	if (shares == 0)
		return 0;
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t lc_cg_blkio_to_io_weight(uint64_t weight)
{
	if (weight == 0)
		return 0;
	if (weight < 10)
		weight = 10;
	if (weight > 1000)
		weight = 1000;
	return 1 + (weight - 10) * 9999 / 990;
}

int lc_cg_swap_to_v2(lc_opt_i64 limit, lc_opt_i64 swap, int64_t *out, lc_error **err)
{
	/* v1 users asking for unlimited memory mean unlimited swap too. */
	if (limit.has && limit.value == -1 && (!swap.has || swap.value == 0)) {
		*out = -1;
		return 1;
	}
	if (!swap.has || swap.value == 0)
		return 0;
	if (swap.value == -1) {
		*out = -1;
		return 1;
	}
	if (swap.value < 0)
		return lc_fail(err, 0, "linux.resources.memory.swap: invalid value %" PRId64, swap.value);
	if (!limit.has || limit.value <= 0)
		return lc_fail(err, 0, "linux.resources.memory.swap: a swap limit needs a memory limit on cgroup v2");
	if (swap.value < limit.value)
		return lc_fail(err, 0,
			       "linux.resources.memory.swap: memory+swap %" PRId64 " is below the memory limit %" PRId64,
			       swap.value, limit.value);
	*out = swap.value - limit.value;
	return 1;
}

int lc_cg_cpu_max(lc_opt_i64 quota, lc_opt_u64 period, char *buf, size_t size)
{
	char q[24] = "max";

	if (!quota.has && !period.has)
		return 0;
	if (quota.has && quota.value > 0)
		snprintf(q, sizeof(q), "%" PRId64, quota.value);
	if (period.has)
		return snprintf(buf, size, "%s %" PRIu64, q, period.value);
	return snprintf(buf, size, "%s", q);
}

/* ---- which controllers a request needs ---- */

/* A category is the v2 driver's when no v1 hierarchy has its controller (always on pure v2). */
static bool ours(const lc_cgroup *cg, const char *v1_name)
{
	return lc_cg_v1_find(cg, v1_name) == NULL;
}

static bool wants_cpu(const lc_cpu_resources *c)
{
	return c->shares.has || c->quota.has || c->period.has || c->burst.has || c->realtime_runtime.has ||
	       c->realtime_period.has || c->idle.has;
}

static bool wants_io(const lc_blkio_resources *b)
{
	return b->weight.has || b->weight_device_len || b->throttle_read_bps_len || b->throttle_write_bps_len ||
	       b->throttle_read_iops_len || b->throttle_write_iops_len;
}

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; *p != '\0';) {
		const char *end = strchrnul(p, ' ');
		if ((size_t)(end - p) == n && strncmp(p, word, n) == 0)
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

/* Appends "+controller" to the space-separated list in buf unless it is there. */
static void add(char *buf, size_t size, int *len, const char *controller)
{
	char word[40];

	snprintf(word, sizeof(word), "+%s", controller);
	if (has_word(buf, word) || *len >= (int)size)
		return;
	*len += snprintf(buf + *len, size - (size_t)*len, "%s%s", *len ? " " : "", word);
	if (*len >= (int)size)
		*len = (int)size - 1;
}

/* The controllers r needs in "+a +b" form: each resource category's, and with_unified those named
 * by the prefix of unified keys ("memory.high" needs memory). */
static int needed(const lc_cgroup *cg, const lc_resources *r, bool with_unified, char *buf, size_t size)
{
	int len = 0;

	buf[0] = '\0';
	if (r->has_cpu && wants_cpu(&r->cpu) && ours(cg, "cpu"))
		add(buf, size, &len, "cpu");
	if (r->has_cpu && (r->cpu.cpus || r->cpu.mems) && ours(cg, "cpuset"))
		add(buf, size, &len, "cpuset");
	if (r->has_memory && ours(cg, "memory"))
		add(buf, size, &len, "memory");
	if (r->has_pids && r->pids_limit.has && ours(cg, "pids"))
		add(buf, size, &len, "pids");
	if (r->has_blkio && wants_io(&r->blkio) && ours(cg, "blkio"))
		add(buf, size, &len, "io");
	if (r->hugepage_limits_len && ours(cg, "hugetlb"))
		add(buf, size, &len, "hugetlb");
	if (r->rdma_len && ours(cg, "rdma"))
		add(buf, size, &len, "rdma");
	for (size_t i = 0; with_unified && i < r->unified.len; i++) {
		const char *key = r->unified.items[i].key;
		const char *dot = strchr(key, '.');
		char controller[32];
		if (dot == NULL || (size_t)(dot - key) >= sizeof(controller) || strncmp(key, "cgroup.", 7) == 0)
			continue;
		memcpy(controller, key, (size_t)(dot - key));
		controller[dot - key] = '\0';
		add(buf, size, &len, controller);
	}
	return len;
}

/* Every "+name" of list must be in available (space separated). Returns the first missing. */
static const char *first_missing(const char *list, const char *available, char *name, size_t size)
{
	for (const char *p = list; *p != '\0';) {
		const char *end = strchrnul(p, ' ');
		size_t n = (size_t)(end - p - 1);
		if (n < size) {
			memcpy(name, p + 1, n);
			name[n] = '\0';
			bool found = false;
			for (const char *a = available; *a != '\0' && !found;) {
				const char *aend = strchrnul(a, ' ');
				found = (size_t)(aend - a) == n && strncmp(a, name, n) == 0;
				a = *aend ? aend + 1 : aend;
			}
			if (!found)
				return name;
		}
		p = *end ? end + 1 : end;
	}
	return NULL;
}

static int write_subtree_control(const lc_cg_dir *d, const char *list, lc_error **err)
{
	cleanup_free char *p = strdup(d->dir);

	if (p == NULL)
		return lc_fail(err, ENOMEM, "cgroup");
	/* From the mount root down to the leaf's parent: the leaf holds the tasks, and cgroup2 lets
	 * only cgroups without tasks (or the root) hand controllers down. */
	for (size_t i = d->mount_len; p[i] != '\0'; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		int r = lc_cg_write(p, "cgroup.subtree_control", list, "linux.resources", err);
		p[i] = '/';
		if (r < 0)
			return -1;
	}
	return 0;
}

int lc_cg_v2_enable(const lc_cgroup *cg, const lc_resources *r, lc_error **err)
{
	char list[256], available[512], name[40];
	char mount[PATH_MAX];

	if (needed(cg, r, true, list, sizeof(list)) == 0)
		return 0;
	if (write_subtree_control(cg->v2, list, err) == 0)
		return 0;
	/* Find out why, to name the field: a controller this cgroup2 tree does not have (on hybrid it
	 * is bound to a v1 hierarchy). Controllers wanted only by unified keys are left out then: the
	 * write of the key itself reports the kernel's answer. */
	snprintf(mount, sizeof(mount), "%.*s", (int)cg->v2->mount_len, cg->v2->dir);
	if (lc_cg_read(mount, "cgroup.controllers", available, sizeof(available)) < 0)
		return -1;
	needed(cg, r, false, list, sizeof(list));
	const char *missing = first_missing(list, available, name, sizeof(name));
	if (missing != NULL) {
		lc_error_free(err);
		return lc_fail(err, ENOTSUP,
			       "linux.resources: the %s controller is not available in the cgroup2 tree %s (it has: %s)",
			       missing, mount, *available ? available : "none");
	}
	lc_error_free(err);
	if (list[0] == '\0')
		return 0;
	return write_subtree_control(cg->v2, list, err);
}

/* ---- resources ---- */

static int write_max(const char *dir, const char *file, int64_t v, const char *field, lc_error **err)
{
	char buf[24] = "max";
	if (v >= 0)
		snprintf(buf, sizeof(buf), "%" PRId64, v);
	return lc_cg_write(dir, file, buf, field, err);
}

static int write_u64(const char *dir, const char *file, uint64_t v, const char *field, lc_error **err)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return lc_cg_write(dir, file, buf, field, err);
}

/* kernel, kernelTCP, swappiness, disableOOMKiller and useHierarchy have no cgroup2 files (memory is
 * always hierarchical, kernel memory always charged): runc and crun pass over them too. */
static int apply_memory(const char *dir, const lc_memory_resources *m, bool update, lc_error **err)
{
	int64_t swap;

	if (update && lc_cg_check_before_update(dir, "memory.current", m, err) < 0)
		return -1;
	int has_swap = lc_cg_swap_to_v2(m->limit, m->swap, &swap, err);
	if (has_swap < 0)
		return -1;
	if (m->limit.has && write_max(dir, "memory.max", m->limit.value, "linux.resources.memory.limit", err) < 0)
		return -1;
	if (has_swap && write_max(dir, "memory.swap.max", swap, "linux.resources.memory.swap", err) < 0)
		return -1;
	if (m->reservation.has &&
	    write_max(dir, "memory.low", m->reservation.value, "linux.resources.memory.reservation", err) < 0)
		return -1;
	return 0;
}

static int apply_cpu(const lc_cgroup *cg, const char *dir, const lc_cpu_resources *c, lc_error **err)
{
	char buf[64];

	if (wants_cpu(c) && ours(cg, "cpu")) {
		if (c->realtime_runtime.has || c->realtime_period.has)
			return lc_fail(err, ENOTSUP, "linux.resources.cpu.%s: realtime scheduling limits do not exist in "
						     "cgroup v2",
				       c->realtime_runtime.has ? "realtimeRuntime" : "realtimePeriod");
		if (c->shares.has && c->shares.value != 0 &&
		    write_u64(dir, "cpu.weight", lc_cg_shares_to_weight(c->shares.value), "linux.resources.cpu.shares",
			      err) < 0)
			return -1;
		if (lc_cg_cpu_max(c->quota, c->period, buf, sizeof(buf)) > 0 &&
		    lc_cg_write(dir, "cpu.max", buf, c->quota.has ? "linux.resources.cpu.quota" : "linux.resources.cpu.period",
				err) < 0)
			return -1;
		if (c->burst.has && write_u64(dir, "cpu.max.burst", c->burst.value, "linux.resources.cpu.burst", err) < 0)
			return -1;
		if (c->idle.has) {
			snprintf(buf, sizeof(buf), "%" PRId64, c->idle.value);
			if (lc_cg_write(dir, "cpu.idle", buf, "linux.resources.cpu.idle", err) < 0)
				return -1;
		}
	}
	if ((c->cpus || c->mems) && ours(cg, "cpuset")) {
		if (c->cpus != NULL && lc_cg_write(dir, "cpuset.cpus", c->cpus, "linux.resources.cpu.cpus", err) < 0)
			return -1;
		if (c->mems != NULL && lc_cg_write(dir, "cpuset.mems", c->mems, "linux.resources.cpu.mems", err) < 0)
			return -1;
	}
	return 0;
}

/* io.weight takes the converted value; BFQ's io.bfq.weight keeps blkio's own range. leafWeight has
 * no cgroup2 counterpart and is passed over, as runc does. */
static int write_io_weight(const char *dir, const char *device, uint64_t blkio_weight, const char *field,
			   lc_error **err)
{
	char line[64];

	snprintf(line, sizeof(line), "%s%s%" PRIu64, device, *device ? " " : "", lc_cg_blkio_to_io_weight(blkio_weight));
	int r = lc_cg_write_if_exists(dir, "io.weight", line, field, err);
	if (r != 1)
		return r;
	snprintf(line, sizeof(line), "%s%s%" PRIu64, device, *device ? " " : "", blkio_weight);
	r = lc_cg_write_if_exists(dir, "io.bfq.weight", line, field, err);
	if (r == 1)
		return lc_fail(err, ENOTSUP, "%s: neither io.weight nor io.bfq.weight exists in %s", field, dir);
	return r;
}

static int apply_io(const char *dir, const lc_blkio_resources *b, lc_error **err)
{
	char line[128], device[48], field[64];

	if (b->weight.has && b->weight.value != 0 &&
	    write_io_weight(dir, "", b->weight.value, "linux.resources.blockIO.weight", err) < 0)
		return -1;
	for (size_t i = 0; i < b->weight_device_len; i++) {
		const lc_blkio_weight_device *wd = &b->weight_device[i];
		if (!wd->weight.has)
			continue;
		snprintf(device, sizeof(device), "%" PRId64 ":%" PRId64, wd->major, wd->minor);
		snprintf(field, sizeof(field), "linux.resources.blockIO.weightDevice[%zu]", i);
		if (write_io_weight(dir, device, wd->weight.value, field, err) < 0)
			return -1;
	}
	static const char *const names[] = {"throttleReadBpsDevice", "throttleWriteBpsDevice",
					    "throttleReadIOPSDevice", "throttleWriteIOPSDevice"};
	static const char *const keys[] = {"rbps", "wbps", "riops", "wiops"};
	const lc_blkio_throttle_device *lists[] = {b->throttle_read_bps, b->throttle_write_bps, b->throttle_read_iops,
						   b->throttle_write_iops};
	const size_t lens[] = {b->throttle_read_bps_len, b->throttle_write_bps_len, b->throttle_read_iops_len,
			       b->throttle_write_iops_len};
	for (size_t k = 0; k < 4; k++) {
		for (size_t i = 0; i < lens[k]; i++) {
			snprintf(field, sizeof(field), "linux.resources.blockIO.%s[%zu]", names[k], i);
			snprintf(line, sizeof(line), "%" PRId64 ":%" PRId64 " %s=%" PRIu64, lists[k][i].major,
				 lists[k][i].minor, keys[k], lists[k][i].rate);
			if (lc_cg_write(dir, "io.max", line, field, err) < 0)
				return -1;
		}
	}
	return 0;
}

static int apply_unified(const char *dir, const lc_map *unified, lc_error **err)
{
	for (size_t i = 0; i < unified->len; i++) {
		const char *key = unified->items[i].key;
		char field[128];
		snprintf(field, sizeof(field), "linux.resources.unified.%s", key);
		/* A key is a file name in the container's cgroup, nothing else. */
		if (*key == '\0' || *key == '.' || strchr(key, '/') != NULL)
			return lc_fail(err, EINVAL, "%s: not a cgroup file name", field);
		if (lc_cg_write(dir, key, unified->items[i].value, field, err) < 0)
			return -1;
	}
	return 0;
}

static int apply_devices(const lc_cgroup *cg, const lc_resources *r, lc_error **err)
{
	cleanup_close int opened = -1;
	int fd = cg->v2_fd;

	if (fd < 0) {
		opened = open(cg->v2->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (opened < 0)
			return lc_fail(err, errno, "linux.resources.devices: open %s", cg->v2->dir);
		fd = opened;
	}
	return lc_cg_v2_devices_apply(fd, r, err);
}

int lc_cg_v2_apply(const lc_cgroup *cg, const lc_resources *r, bool update, lc_error **err)
{
	const char *dir = cg->v2->dir;

	if (r->has_memory && ours(cg, "memory") && apply_memory(dir, &r->memory, update, err) < 0)
		return -1;
	if (r->has_cpu && apply_cpu(cg, dir, &r->cpu, err) < 0)
		return -1;
	if (r->has_pids && r->pids_limit.has && ours(cg, "pids") &&
	    write_max(dir, "pids.max", r->pids_limit.value > 0 ? r->pids_limit.value : -1, "linux.resources.pids.limit",
		      err) < 0)
		return -1;
	if (r->has_blkio && ours(cg, "blkio") && apply_io(dir, &r->blkio, err) < 0)
		return -1;
	for (size_t i = 0; ours(cg, "hugetlb") && i < r->hugepage_limits_len; i++) {
		char file[96], field[64];
		snprintf(file, sizeof(file), "hugetlb.%s.max", r->hugepage_limits[i].page_size);
		snprintf(field, sizeof(field), "linux.resources.hugepageLimits[%zu]", i);
		/* update takes unvalidated input: the size becomes part of a file name */
		if (strchr(r->hugepage_limits[i].page_size, '/') != NULL)
			return lc_fail(err, EINVAL, "%s.pageSize: invalid page size \"%s\"", field,
				       r->hugepage_limits[i].page_size);
		if (write_u64(dir, file, r->hugepage_limits[i].limit, field, err) < 0)
			return -1;
	}
	if (ours(cg, "rdma") && lc_cg_write_rdma(dir, r, err) < 0)
		return -1;
	/* net_cls and net_prio are v1-only controllers; on hybrid the v1 driver owns them. */
	if (cg->layout == LC_CGROUP_LAYOUT_V2 && ((r->has_network && r->net_class_id.has) || r->net_priorities_len))
		return lc_fail(err, ENOTSUP, "linux.resources.network: net_cls and net_prio do not exist in cgroup v2");
	/* cgroup2 has no devices files: an eBPF program enforces the rules. On hybrid the v1 devices
	 * controller does. As in v1, an update without rules changes nothing, a create without them
	 * still gets the default list. */
	if (ours(cg, "devices") && (!update || r->devices_len > 0) && apply_devices(cg, r, err) < 0)
		return -1;
	return apply_unified(dir, &r->unified, err);
}

/* ---- freezer and kill ---- */

/* The value of key ("frozen", "populated") in cgroup.events text, or -1. */
static int events_value(const char *text, const char *key)
{
	size_t n = strlen(key);

	for (const char *line = text; *line != '\0';) {
		if (strncmp(line, key, n) == 0 && line[n] == ' ')
			return atoi(line + n + 1);
		const char *nl = strchr(line, '\n');
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	return -1;
}

int lc_cg_v2_is_frozen(const lc_cg_dir *d, bool *frozen, lc_error **err)
{
	char text[256];

	*frozen = false;
	if (lc_cg_read(d->dir, "cgroup.events", text, sizeof(text)) < 0) {
		if (errno == ENOENT)
			return 0;
		return lc_fail(err, errno, "read %s/cgroup.events", d->dir);
	}
	*frozen = events_value(text, "frozen") == 1;
	return 0;
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

int lc_cg_v2_freeze(const lc_cg_dir *d, bool frozen, lc_error **err)
{
	char path[PATH_MAX], text[256];

	if (lc_cg_write(d->dir, "cgroup.freeze", frozen ? "1" : "0", frozen ? "freeze cgroup" : "thaw cgroup", err) < 0)
		return -1;
	if (!frozen)
		return 0;
	snprintf(path, sizeof(path), "%s/cgroup.events", d->dir);
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lc_fail(err, errno, "freeze cgroup: open %s", path);
	long deadline = now_ms() + FREEZE_WAIT_MS;
	for (;;) {
		ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
		if (n < 0)
			return lc_fail(err, errno, "freeze cgroup: read %s", path);
		text[n] = '\0';
		if (events_value(text, "frozen") == 1)
			return 0;
		long left = deadline - now_ms();
		if (left <= 0)
			break;
		/* kernfs wakes pollers of cgroup.events with POLLPRI when a key changes. */
		struct pollfd p = {.fd = fd, .events = POLLPRI};
		if (poll(&p, 1, (int)(left < 10 ? left : 10)) < 0 && errno != EINTR)
			return lc_fail(err, errno, "freeze cgroup: poll %s", path);
	}
	lc_error *ignored = NULL;
	lc_cg_write(d->dir, "cgroup.freeze", "0", "thaw cgroup", &ignored);
	lc_error_free(&ignored);
	return lc_fail(err, EBUSY, "freeze cgroup: %s did not report frozen within %d ms", path, FREEZE_WAIT_MS);
}

int lc_cg_v2_kill(const lc_cg_dir *d, lc_error **err)
{
	int r = lc_cg_write_if_exists(d->dir, "cgroup.kill", "1", "kill cgroup", err);
	struct stat st;

	if (r == 1 && stat(d->dir, &st) < 0 && errno == ENOENT)
		return 0; /* the cgroup itself is gone: nothing to kill */
	return r;
}
