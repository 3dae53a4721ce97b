/* test_cgroup.c: the cgroup drivers against the real /sys/fs/cgroup (as root), plus their pure
 * conversions. Prints TAP-like ok/not ok lines; skips only what the host lacks, saying why. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_internal.h"
#include "fork_joined.h"
#include "tap.h"

static bool file_is(const char *dir, const char *file, const char *want)
{
	char got[4096];
	ssize_t n = lc_cg_read(dir, file, got, sizeof(got));
	bool ok = n >= 0 && strcmp(got, want) == 0;
	report(ok, "%s/%s reads \"%s\" (got \"%s\")", dir, file, want, n >= 0 ? got : strerror(errno));
	return ok;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void sleep_ms(long ms)
{
	struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

/* ---- pure conversions ---- */

static void test_conversions(void)
{
	report(lc_cg_shares_to_weight(2) == 1, "shares 2 -> weight 1");
	report(lc_cg_shares_to_weight(262144) == 10000, "shares 262144 -> weight 10000");
	report(lc_cg_shares_to_weight(1024) == 39, "shares 1024 -> weight 39 (got %" PRIu64 ")",
	       lc_cg_shares_to_weight(1024));
	report(lc_cg_shares_to_weight(0) == 0, "shares 0 stays unset");
	report(lc_cg_blkio_to_io_weight(10) == 1, "blkio weight 10 -> io.weight 1");
	report(lc_cg_blkio_to_io_weight(1000) == 10000, "blkio weight 1000 -> io.weight 10000");
	report(lc_cg_blkio_to_io_weight(500) == 4950, "blkio weight 500 -> io.weight 4950 (got %" PRIu64 ")",
	       lc_cg_blkio_to_io_weight(500));

	lc_error *err = NULL;
	int64_t out = 0;
	lc_opt_i64 limit = {true, 100}, swap = {true, 300}, none = {false, 0};
	report(lc_cg_swap_to_v2(limit, swap, &out, &err) == 1 && out == 200, "swap 300 limit 100 -> swap.max 200");
	swap.value = -1;
	report(lc_cg_swap_to_v2(limit, swap, &out, &err) == 1 && out == -1, "swap -1 -> swap.max max");
	lc_opt_i64 unlimited = {true, -1};
	out = 0;
	report(lc_cg_swap_to_v2(unlimited, none, &out, &err) == 1 && out == -1, "limit -1, no swap -> swap.max max");
	report(lc_cg_swap_to_v2(limit, none, &out, &err) == 0, "limit only: swap.max untouched");
	swap.value = 300;
	expect_error(lc_cg_swap_to_v2(none, swap, &out, &err), &err, "linux.resources.memory.swap",
		     "swap without a memory limit is refused on v2");
	swap.value = 50;
	expect_error(lc_cg_swap_to_v2(limit, swap, &out, &err), &err, "below the memory limit",
		     "memory+swap below memory is refused");

	char buf[64];
	lc_opt_i64 quota = {true, 50000};
	lc_opt_u64 period = {true, 100000}, no_period = {false, 0};
	lc_cg_cpu_max(quota, period, buf, sizeof(buf));
	report(strcmp(buf, "50000 100000") == 0, "cpu.max \"50000 100000\" (got \"%s\")", buf);
	lc_cg_cpu_max((lc_opt_i64){false, 0}, period, buf, sizeof(buf));
	report(strcmp(buf, "max 100000") == 0, "cpu.max period only -> \"max 100000\" (got \"%s\")", buf);
	lc_cg_cpu_max((lc_opt_i64){true, -1}, no_period, buf, sizeof(buf));
	report(strcmp(buf, "max") == 0, "cpu.max quota -1 -> \"max\" (got \"%s\")", buf);
	report(lc_cg_cpu_max((lc_opt_i64){false, 0}, no_period, buf, sizeof(buf)) == 0, "cpu.max: nothing to write");
}

/* ---- paths (no filesystem changes) ---- */

static void test_paths(void)
{
	lc_error *err = NULL;
	lc_cgroup *cg = NULL;

	expect_error(lc_cgroup_open("/a/../../etc", "x", &cg, &err), &err, "linux.cgroupsPath",
		     "\"..\" in cgroupsPath is refused naming the field");
	expect_error(lc_cgroup_open("/", "x", &cg, &err), &err, "linux.cgroupsPath", "the root cgroup is refused");
	if (expect_ok(lc_cgroup_open(NULL, "abc", &cg, &err), &err, "open with the default path")) {
		report(strcmp(lc_cgroup_path(cg), "/oci-run/abc") == 0, "default path is /oci-run/<id> (got %s)",
		       lc_cgroup_path(cg));
		lc_cgroup_free(cg);
	}
	if (expect_ok(lc_cgroup_open("//x/./y//", "abc", &cg, &err), &err, "open an untidy absolute path")) {
		report(strcmp(lc_cgroup_path(cg), "/x/y") == 0, "absolute path cleaned to /x/y (got %s)",
		       lc_cgroup_path(cg));
		for (size_t i = 0; i < cg->v1_len; i++)
			if (strstr(cg->v1[i].dir, "/x/y") == NULL)
				report(false, "v1 dir %s ends in /x/y", cg->v1[i].dir);
		lc_cgroup_free(cg);
	}
	/* Relative paths go under pid 1's cgroup of each hierarchy. */
	char line[512], want[600];
	FILE *f = fopen("/proc/1/cgroup", "re");
	char pid1_v2[256] = "/";
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "0::", 3) == 0)
			sscanf(line + 3, "%255s", pid1_v2);
	if (f != NULL)
		fclose(f);
	snprintf(want, sizeof(want), "%s/rel/c", strcmp(pid1_v2, "/") == 0 ? "" : pid1_v2);
	if (expect_ok(lc_cgroup_open("rel/c", "abc", &cg, &err), &err, "open a relative path")) {
		report(cg->v2 == NULL || strcmp(cg->v2->cgpath, want) == 0, "relative path under pid 1's cgroup: %s",
		       cg->v2 ? cg->v2->cgpath : "(no v2)");
		lc_cgroup_free(cg);
	}
	lc_cgroup *saved = NULL;
	if (expect_ok(lc_cgroup_open_saved("/oci-run/abc", &saved, &err), &err, "open_saved of a plain path")) {
		report(strcmp(lc_cgroup_path(saved), "/oci-run/abc") == 0, "the saved path is kept as given");
		lc_cgroup_free(saved);
	}
}

/* ---- real cgroups ---- */

static lc_cgroup_layout layout;

/* Every directory of the cgroup in every hierarchy exists (or, gone, does not). */
static bool all_dirs(const lc_cgroup *cg, bool present)
{
	bool ok = true;
	for (size_t i = 0; i < cg->v1_len; i++)
		if (exists(cg->v1[i].dir) != present) {
			report(false, "%s %s", cg->v1[i].dir, present ? "missing" : "left behind");
			ok = false;
		}
	if (cg->v2 != NULL && exists(cg->v2->dir) != present) {
		report(false, "%s %s", cg->v2->dir, present ? "missing" : "left behind");
		ok = false;
	}
	return ok;
}

/* A child that counts in shared memory until killed. */
/* A child in cg that counts up for ever; -1 with *err set when it could not be put there. */
static pid_t spawn_counter(lc_cgroup *cg, volatile unsigned long *counter, lc_error **err)
{
	pid_t pid = fork_joined(cg, err);
	if (pid == 0) {
		for (;;)
			(*counter)++;
	}
	return pid;
}

static bool proc_cgroup_matches(pid_t pid, const lc_cgroup *cg, bool check_v2)
{
	char path[64], line[1024];
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	FILE *f = fopen(path, "re");
	int matched = 0, wanted = (int)cg->v1_len + (check_v2 && cg->v2 ? 1 : 0);
	bool ok = f != NULL;

	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (c2 == NULL)
			continue;
		*c2 = '\0';
		const char *controllers = c1 + 1, *cgpath = c2 + 1;
		const lc_cg_dir *d = NULL;
		if (*controllers == '\0')
			d = check_v2 ? cg->v2 : NULL;
		else
			for (size_t i = 0; i < cg->v1_len && d == NULL; i++)
				if (strcmp(cg->v1[i].controllers, controllers) == 0)
					d = &cg->v1[i];
		if (d == NULL)
			continue;
		if (strcmp(d->cgpath, cgpath) == 0)
			matched++;
		else {
			report(false, "pid %d is in %s:%s, not %s", (int)pid, controllers, cgpath, d->cgpath);
			ok = false;
		}
	}
	if (f != NULL)
		fclose(f);
	return ok && matched == wanted;
}

static void test_lifecycle(void)
{
	lc_error *err = NULL;
	lc_cgroup *cg = NULL;
	char id[64];

	snprintf(id, sizeof(id), "cgtest-%d", (int)getpid());
	if (!expect_ok(lc_cgroup_open(NULL, id, &cg, &err), &err, "open /oci-run/<test id>"))
		return;

	lc_device_cgroup_rule rules[] = {
		{.allow = false, .access = (char *)"rwm"},
		{.allow = true, .type = (char *)"c", .major = {true, 4}, .minor = {true, 64}, .access = (char *)"rw"},
		{.allow = true, .type = (char *)"b", .major = {true, 7}, .access = (char *)"r"},
	};
	lc_resources res = {0};
	res.has_memory = true;
	res.memory.limit = (lc_opt_i64){true, 64 << 20};
	res.memory.swap = (lc_opt_i64){true, 128 << 20};
	res.memory.reservation = (lc_opt_i64){true, 32 << 20};
	res.memory.kernel = (lc_opt_i64){true, 64 << 20};
	res.has_cpu = true;
	res.cpu.shares = (lc_opt_u64){true, 512};
	res.cpu.quota = (lc_opt_i64){true, 20000};
	res.cpu.period = (lc_opt_u64){true, 100000};
	res.cpu.cpus = (char *)"0";
	res.cpu.mems = (char *)"0";
	res.has_pids = true;
	res.pids_limit = (lc_opt_i64){true, 50};
	res.devices = rules;
	res.devices_len = 3;
	bool hugetlb_2m = exists("/sys/kernel/mm/hugepages/hugepages-2048kB");
	lc_hugepage_limit huge = {.page_size = (char *)"2MB", .limit = 4 << 21};
	if (hugetlb_2m) {
		res.hugepage_limits = &huge;
		res.hugepage_limits_len = 1;
	}

	if (!expect_ok(lc_cgroup_create(cg, &res, &err), &err, "create with memory/cpu/cpuset/pids/devices"))
		goto out;
	all_dirs(cg, true);
	const lc_cg_dir *d;
	if ((d = lc_cg_v1_find(cg, "memory")) != NULL) {
		file_is(d->dir, "memory.limit_in_bytes", "67108864");
		file_is(d->dir, "memory.soft_limit_in_bytes", "33554432");
		if (exists("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"))
			file_is(d->dir, "memory.memsw.limit_in_bytes", "134217728");
	}
	if ((d = lc_cg_v1_find(cg, "cpu")) != NULL) {
		file_is(d->dir, "cpu.shares", "512");
		file_is(d->dir, "cpu.cfs_quota_us", "20000");
		file_is(d->dir, "cpu.cfs_period_us", "100000");
	}
	if ((d = lc_cg_v1_find(cg, "cpuset")) != NULL) {
		file_is(d->dir, "cpuset.cpus", "0");
		file_is(d->dir, "cpuset.mems", "0");
	}
	if ((d = lc_cg_v1_find(cg, "pids")) != NULL)
		file_is(d->dir, "pids.max", "50");
	if ((d = lc_cg_v1_find(cg, "devices")) != NULL) {
		char list[4096];
		lc_cg_read(d->dir, "devices.list", list, sizeof(list));
		report(strstr(list, "c 4:64 rw\n") != NULL || strstr(list, "c 4:64 rw") != NULL,
		       "devices.list has the allowed c 4:64 rw");
		report(strstr(list, "b 7:* r") != NULL, "devices.list has b 7:* r (absent minor is *)");
		report(strstr(list, "a *:* rwm") == NULL, "devices.list no longer allows everything");
		report(strstr(list, "c 1:3 rwm") != NULL, "devices.list has the default /dev/null rule");
	} else {
		skip("devices rules", "no v1 devices controller (cgroup2 device rules are not enforced yet)");
	}
	if (hugetlb_2m) {
		d = lc_cg_v1_find(cg, "hugetlb");
		if (d != NULL)
			file_is(d->dir, "hugetlb.2MB.limit_in_bytes", "8388608");
		else if (cg->v2 != NULL)
			file_is(cg->v2->dir, "hugetlb.2MB.max", "8388608");
	} else {
		skip("hugetlb limit", "no 2 MB huge pages on this host");
	}

	/* A sibling made while the parent exists inherits cpus/mems (clone_children set on the parent). */
	if (lc_cg_v1_find(cg, "cpuset") != NULL) {
		lc_cgroup *sib = NULL;
		char sib_id[80];
		snprintf(sib_id, sizeof(sib_id), "%s-sibling", id);
		if (expect_ok(lc_cgroup_open(NULL, sib_id, &sib, &err), &err, "open a sibling") &&
		    expect_ok(lc_cgroup_create(sib, NULL, &err), &err, "create a sibling under the existing parent")) {
			char parent_cpus[256], parent[4096];
			const lc_cg_dir *sd = lc_cg_v1_find(sib, "cpuset");
			snprintf(parent, sizeof(parent), "%.*s/oci-run", (int)sd->mount_len, sd->dir);
			lc_cg_read(parent, "cpuset.cpus", parent_cpus, sizeof(parent_cpus));
			report(parent_cpus[0] != '\0', "the parent has cpus (%s)", parent_cpus);
			file_is(sd->dir, "cpuset.cpus", parent_cpus);
			pid_t p = fork_joined(sib, &err);
			if (p == 0) {
				pause();
				_exit(0);
			}
			if (expect_ok(p > 0 ? 0 : -1, &err, "a task can join the sibling's cpuset")) {
				kill(p, SIGKILL);
				waitpid(p, NULL, 0);
			}
			expect_ok(lc_cgroup_destroy(sib, &err), &err, "destroy the sibling");
			report(all_dirs(sib, false), "the sibling is gone, the first cgroup stays");
			all_dirs(cg, true);
		}
		lc_cgroup_free(sib);
	}

	/* update: raising limit above the current memory+swap needs swap written first */
	lc_resources up = {0};
	up.has_memory = true;
	up.memory.limit = (lc_opt_i64){true, 256 << 20};
	up.memory.swap = (lc_opt_i64){true, 512 << 20};
	if (lc_cg_v1_find(cg, "memory") != NULL && exists("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes")) {
		if (expect_ok(lc_cgroup_update(cg, &up, &err), &err, "update raises limit above old memory+swap")) {
			file_is(lc_cg_v1_find(cg, "memory")->dir, "memory.limit_in_bytes", "268435456");
			file_is(lc_cg_v1_find(cg, "memory")->dir, "memory.memsw.limit_in_bytes", "536870912");
		}
		up.memory.limit.value = 16 << 20;
		up.memory.swap.value = 32 << 20;
		if (expect_ok(lc_cgroup_update(cg, &up, &err), &err, "update lowers both again"))
			file_is(lc_cg_v1_find(cg, "memory")->dir, "memory.memsw.limit_in_bytes", "33554432");
	} else {
		skip("memory+swap ordering", "no v1 memory.memsw (swap accounting off)");
	}

	/* saved path round trip */
	lc_cgroup *again = NULL;
	if (expect_ok(lc_cgroup_open_saved(lc_cgroup_path(cg), &again, &err), &err, "open_saved(lc_cgroup_path)")) {
		bool same = again->v1_len == cg->v1_len && (again->v2 == NULL) == (cg->v2 == NULL);
		for (size_t i = 0; same && i < cg->v1_len; i++)
			same = strcmp(again->v1[i].dir, cg->v1[i].dir) == 0;
		same = same && (cg->v2 == NULL || strcmp(again->v2->dir, cg->v2->dir) == 0);
		report(same, "the saved path reopens the same directories");
		lc_cgroup_free(again);
	}

	/* join, pids, freeze */
	volatile unsigned long *counter =
		mmap(NULL, sizeof(*counter), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t child = spawn_counter(cg, counter, &err);
	if (!expect_ok(child > 0 ? 0 : -1, &err, "a forked child joins every hierarchy")) {
		lc_cgroup_destroy(cg, &err);
		lc_error_free(&err);
		lc_cgroup_free(cg);
		return;
	}
	report(proc_cgroup_matches(child, cg, true), "/proc/%d/cgroup shows the cgroup in every hierarchy", (int)child);
	pid_t *pids = NULL;
	size_t npids = 0;
	if (expect_ok(lc_cgroup_pids(cg, &pids, &npids, &err), &err, "pids"))
		report(npids == 1 && pids[0] == child, "pids lists exactly the child (%zu pids)", npids);
	free(pids);

	bool frozen = true;
	if (expect_ok(lc_cgroup_freeze(cg, true, &err), &err, "freeze")) {
		if ((d = lc_cg_v1_find(cg, "freezer")) != NULL)
			file_is(d->dir, "freezer.state", "FROZEN");
		expect_ok(lc_cgroup_is_frozen(cg, &frozen, &err), &err, "is_frozen");
		report(frozen, "is_frozen says frozen");
		unsigned long before = *counter;
		sleep_ms(50);
		report(*counter == before, "a frozen child makes no progress (%lu -> %lu)", before, *counter);
		expect_ok(lc_cgroup_freeze(cg, false, &err), &err, "thaw");
		lc_cgroup_is_frozen(cg, &frozen, &err);
		report(!frozen, "is_frozen says thawed");
		before = *counter;
		sleep_ms(20);
		report(*counter != before, "a thawed child runs again");
	}

	/* destroy while a task lives: EBUSY after the bounded wait, nothing removed wrongly */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int r = lc_cgroup_destroy(cg, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long waited = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	report(r < 0 && err && err->errnum == EBUSY && waited >= 90 && waited < 1000,
	       "destroy with a live task fails EBUSY after ~100 ms (%ld ms)", waited);
	lc_error_free(&err);

	/* kill_all: SIGTERM takes the freeze/signal/thaw path; the child dies of it */
	int status = 0;
	expect_ok(lc_cgroup_kill_all(cg, SIGTERM, &err), &err, "kill_all SIGTERM");
	report(waitpid(child, &status, 0) == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	       "the child died of SIGTERM");
	lc_cgroup_is_frozen(cg, &frozen, &err);
	report(!frozen, "kill_all left the cgroup thawed");

	child = spawn_counter(cg, counter, &err);
	expect_ok(child > 0 ? 0 : -1, &err, "a second child joins");
	expect_ok(lc_cgroup_kill_all(cg, SIGKILL, &err), &err, "kill_all SIGKILL");
	report(waitpid(child, &status, 0) == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	       "the child died of SIGKILL");

	/* a sub-cgroup the container made is removed too */
	d = lc_cg_v1_find(cg, "memory");
	if (d != NULL) {
		char sub[4096];
		snprintf(sub, sizeof(sub), "%s/inner", d->dir);
		report(mkdir(sub, 0755) == 0, "the container makes a sub-cgroup %s", sub);
	}
	if (expect_ok(lc_cgroup_destroy(cg, &err), &err, "destroy"))
		report(all_dirs(cg, false), "destroy leaves no directory in any hierarchy");
	expect_ok(lc_cgroup_destroy(cg, &err), &err, "destroy again: missing is success");
	munmap((void *)counter, sizeof(*counter));
out:
	lc_cgroup_free(cg);
}

/* A bad value fails naming the field and removes what create made, down to the new parents. */
static void test_rollback(void)
{
	lc_error *err = NULL;
	lc_cgroup *cg = NULL;
	char top[64], path[128];

	snprintf(top, sizeof(top), "/oci-run-cgtest-%d", (int)getpid());
	snprintf(path, sizeof(path), "%s/x/y", top);
	if (!expect_ok(lc_cgroup_open(path, "rb", &cg, &err), &err, "open a nested unique path"))
		return;
	lc_resources res = {0};
	res.has_cpu = true;
	res.cpu.cpus = (char *)"999";
	int r = lc_cgroup_create(cg, &res, &err);
	if (lc_cg_v1_find(cg, "cpuset") != NULL)
		expect_error(r, &err, "linux.resources.cpu.cpus: write 999 to ", "cpuset.cpus 999 is refused naming the field");
	else
		lc_error_free(&err);
	bool clean = true;
	for (size_t i = 0; i <= cg->v1_len; i++) {
		const lc_cg_dir *d = i < cg->v1_len ? &cg->v1[i] : cg->v2;
		if (d == NULL)
			continue;
		char parent[4096];
		snprintf(parent, sizeof(parent), "%.*s%s", (int)d->mount_len, d->dir, top);
		if (exists(parent)) {
			report(false, "%s left behind", parent);
			clean = false;
			rmdir(d->dir);
			snprintf(parent + strlen(parent), sizeof(parent) - strlen(parent), "/x");
			rmdir(parent);
			parent[strlen(parent) - 2] = '\0';
			rmdir(parent);
		}
	}
	report(clean, "the failed create left no directory in any hierarchy");
	lc_cgroup_free(cg);

	/* blkio weights exist only with a weight-aware I/O scheduler: a clear error otherwise */
	const lc_cg_dir *blkio = NULL;
	snprintf(path, sizeof(path), "%s-b", top);
	if (lc_cgroup_open(path, "b", &cg, &err) == 0 && (blkio = lc_cg_v1_find(cg, "blkio")) != NULL) {
		lc_resources bw = {0};
		bw.has_blkio = true;
		bw.blkio.weight = (lc_opt_u64){true, 500};
		r = lc_cgroup_create(cg, &bw, &err);
		if (r == 0) {
			/* the weight files of CFQ, or of BFQ (those exist below the root only) */
			char got[64] = "";
			if (lc_cg_read(blkio->dir, "blkio.weight", got, sizeof(got)) < 0)
				lc_cg_read(blkio->dir, "blkio.bfq.weight", got, sizeof(got));
			report(strcmp(got, "500") == 0 || strcmp(got, "default 500") == 0,
			       "blkio weight 500 applied (reads \"%s\")", got);
			expect_ok(lc_cgroup_destroy(cg, &err), &err, "destroy the blkio test cgroup");
		} else {
			expect_error(r, &err, "linux.resources.blockIO.weight: neither blkio.weight nor blkio.bfq.weight",
				     "blkio weight without scheduler support: clear error");
		}
		report(!exists(blkio->dir), "no blkio directory left");
	} else {
		lc_error_free(&err);
		skip("blkio weight", "no v1 blkio hierarchy");
	}
	lc_cgroup_free(cg);

	/* unified keys go to the cgroup2 side: refused on v1, the kernel's word on hybrid */
	lc_keyval kv = {.key = (char *)"pids.max", .value = (char *)"10"};
	lc_resources uni = {0};
	uni.unified.items = &kv;
	uni.unified.len = 1;
	snprintf(path, sizeof(path), "%s-u", top);
	if (lc_cgroup_open(path, "u", &cg, &err) < 0) {
		expect_ok(-1, &err, "open for unified");
		return;
	}
	r = lc_cgroup_create(cg, &uni, &err);
	if (layout == LC_CGROUP_LAYOUT_V1)
		expect_error(r, &err, "linux.resources.unified: requires cgroup v2", "unified refused on v1");
	else if (layout == LC_CGROUP_LAYOUT_HYBRID)
		expect_error(r, &err, "linux.resources.unified.pids.max", "unified pids.max on hybrid: kernel error named");
	else if (expect_ok(r, &err, "unified pids.max on v2"))
		lc_cgroup_destroy(cg, &err);
	lc_error_free(&err);
	report(!exists(cg->v1_len ? cg->v1[0].dir : cg->v2->dir), "no directory left after the unified failure");
	lc_cgroup_free(cg);
}

/* Creates and destroys racing on the shared /oci-run parent: the first creates race to make it,
 * and a new /oci-run has empty cpuset values for a moment. */
static void test_concurrency(void)
{
	const int workers = 4, rounds = 40;

	for (int w = 0; w < workers; w++) {
		if (fork() != 0)
			continue;
		lc_error *err = NULL;
		int bad = 0;
		for (int i = 0; i < rounds; i++) {
			lc_cgroup *cg = NULL;
			char id[64];
			lc_resources r = {0};
			r.has_cpu = true;
			r.cpu.cpus = (char *)"0";
			snprintf(id, sizeof(id), "cgtest-race-%d-%d", (int)getpid(), i);
			if (lc_cgroup_open(NULL, id, &cg, &err) < 0 || lc_cgroup_create(cg, &r, &err) < 0 ||
			    lc_cgroup_destroy(cg, &err) < 0) {
				fprintf(stderr, "worker %d: %s\n", (int)getpid(), err->message);
				lc_error_free(&err);
				bad++;
			}
			lc_cgroup_free(cg);
		}
		_exit(bad ? 1 : 0);
	}
	int status, failures = 0;
	while (wait(&status) > 0)
		failures += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	report(failures == 0, "%d workers x %d racing create/destroy under /oci-run: %d failed", workers, rounds,
	       failures);
}

/* cgroup2 core features on the cgroup2 mount (the unified one on hybrid). */
static pid_t clone3_into(int cgroup_fd)
{
	struct clone_args args = {0};
	args.flags = CLONE_INTO_CGROUP;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)cgroup_fd;
	return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

static void test_v2_core(void)
{
	lc_error *err = NULL;
	lc_cgroup *cg = NULL;
	char id[64];

	snprintf(id, sizeof(id), "cgtest-v2-%d", (int)getpid());
	if (!expect_ok(lc_cgroup_open(NULL, id, &cg, &err), &err, "open for the v2 core test"))
		return;
	if (cg->v2 == NULL) {
		skip("cgroup2 core", "no cgroup2 mount on this host");
		lc_cgroup_free(cg);
		return;
	}
	if (!expect_ok(lc_cgroup_create(cg, NULL, &err), &err, "create without resources"))
		goto out;
	report(lc_cgroup_clone_into_fd(cg) >= 0, "create opened the cgroup2 directory for CLONE_INTO_CGROUP");

	volatile unsigned long *counter =
		mmap(NULL, sizeof(*counter), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	/* as the runtime does it: born in the cgroup2 cgroup, then it joins the v1 hierarchies itself */
	int joined[2];
	if (!expect_ok(pipe2(joined, O_CLOEXEC), &err, "pipe") ||
	    !expect_ok(lc_cgroup_self_join_open(cg, &err), &err, "open the v1 tasks files"))
		goto out_unmap;
	pid_t child = clone3_into(lc_cgroup_clone_into_fd(cg));
	if (child == 0) {
		char ok = lc_cgroup_self_join(cg, &err) == 0;
		if (write(joined[1], &ok, 1) != 1)
			_exit(1);
		for (;;)
			(*counter)++;
	}
	lc_cgroup_self_join_close(cg);
	close(joined[1]);
	if (child < 0) {
		close(joined[0]);
		skip("CLONE_INTO_CGROUP", strerror(errno));
		goto out_unmap;
	}
	report(true, "clone3 CLONE_INTO_CGROUP started pid %d", (int)child);
	lc_cgroup v2only = {.layout = LC_CGROUP_LAYOUT_V2, .v2 = cg->v2, .v2_fd = -1};
	report(proc_cgroup_matches(child, &v2only, true), "the child is born in the cgroup2 cgroup");
	char self_joined = 0;
	report(read(joined[0], &self_joined, 1) == 1 && self_joined, "the child joins the v1 hierarchies itself");
	close(joined[0]);
	report(proc_cgroup_matches(child, cg, true), "then it is in every hierarchy");

	char events[256];
	lc_cg_read(cg->v2->dir, "cgroup.events", events, sizeof(events));
	report(strstr(events, "populated 1") != NULL, "cgroup.events says populated 1");

	bool frozen = false;
	if (expect_ok(lc_cg_v2_freeze(cg->v2, true, &err), &err, "cgroup.freeze 1")) {
		lc_cg_read(cg->v2->dir, "cgroup.events", events, sizeof(events));
		report(strstr(events, "frozen 1") != NULL, "cgroup.events says frozen 1");
		expect_ok(lc_cg_v2_is_frozen(cg->v2, &frozen, &err), &err, "v2 is_frozen");
		report(frozen, "v2 is_frozen says frozen");
		unsigned long before = *counter;
		sleep_ms(50);
		report(*counter == before, "frozen by cgroup2, the child makes no progress");
		expect_ok(lc_cg_v2_freeze(cg->v2, false, &err), &err, "cgroup.freeze 0");
		before = *counter;
		sleep_ms(20);
		report(*counter != before, "thawed, it runs again");
	}
	int r = lc_cg_v2_kill(cg->v2, &err);
	if (r == 1) {
		skip("cgroup.kill", "this kernel has no cgroup.kill");
		kill(child, SIGKILL);
	} else {
		expect_ok(r, &err, "cgroup.kill");
	}
	int status = 0;
	report(waitpid(child, &status, 0) == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	       "the child died of SIGKILL");
	lc_cg_read(cg->v2->dir, "cgroup.events", events, sizeof(events));
	report(strstr(events, "populated 0") != NULL, "cgroup.events says populated 0 afterwards");
out_unmap:
	munmap((void *)counter, sizeof(*counter));
	if (expect_ok(lc_cgroup_destroy(cg, &err), &err, "destroy the v2 test cgroup"))
		report(all_dirs(cg, false), "no directory left");
out:
	lc_cgroup_free(cg);
}

int main(void)
{
	lc_error *err = NULL;

	test_conversions();
	if (lc_cgroup_detect_layout(NULL, &layout, &err) < 0) {
		skip("cgroup tests on this host", err->message);
		lc_error_free(&err);
	} else {
		struct statfs fs;
		bool v2 = statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
		bool hybrid = !v2 && statfs("/sys/fs/cgroup/unified", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
		lc_cgroup_layout want = v2 ? LC_CGROUP_LAYOUT_V2 : hybrid ? LC_CGROUP_LAYOUT_HYBRID : LC_CGROUP_LAYOUT_V1;
		report(layout == want, "layout detected as %d (statfs says %d)", (int)layout, (int)want);
		test_paths();
		if (geteuid() != 0) {
			skip("cgroup create/join/freeze/kill/destroy", "not root");
		} else {
			test_lifecycle();
			test_rollback();
			test_concurrency();
			test_v2_core();
		}
	}
	printf("%d passed, %d failed\n", test_number - failed, failed);
	return failed ? 1 : 0;
}
