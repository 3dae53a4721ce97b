/* test_cgroup_ops.c: what update, events and the cgroup2 device filter rest on: lc_resources_parse,
 * the eBPF device program (built, then attached to a real cgroup2 cgroup), stats and OOM watches. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <linux/magic.h>
#include <poll.h>
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
#include <yajl/yajl_tree.h>

#include "cgroup.h"
#include "cgroup_internal.h"
#include "fork_joined.h"
#include "tap.h"
#include "json_out.h"

/* ---- lc_resources_parse ---- */

static void test_resources_parse(void)
{
	static const char json[] =
	    "{\"memory\": {\"limit\": 536870912, \"swap\": -1, \"checkBeforeUpdate\": true},"
	    " \"cpu\": {\"shares\": 512, \"quota\": 20000, \"period\": 100000, \"cpus\": \"0\"},"
	    " \"pids\": {\"limit\": 42}, \"blockIO\": {\"weight\": 300},"
	    " \"devices\": [{\"allow\": false, \"access\": \"rwm\"}, {\"allow\": true, \"type\": \"c\", \"major\": 1, "
	    "\"minor\": 3, \"access\": \"rw\"}],"
	    " \"hugepageLimits\": [{\"pageSize\": \"2MB\", \"limit\": 0}],"
	    " \"unified\": {\"memory.high\": \"max\"}, \"someFutureKey\": 1}";
	lc_resources *r = NULL;
	lc_error *err = NULL;

	if (expect_ok(lc_resources_parse(json, strlen(json), &r, &err), &err, "parse a linux.resources object")) {
		report(r->has_memory && r->memory.limit.has && r->memory.limit.value == 536870912 &&
		           r->memory.swap.value == -1 && r->memory.check_before_update.value &&
		           !r->memory.reservation.has,
		       "memory fields");
		report(r->has_cpu && r->cpu.shares.value == 512 && r->cpu.quota.value == 20000 &&
		           r->cpu.period.value == 100000 && strcmp(r->cpu.cpus, "0") == 0 && r->cpu.mems == NULL,
		       "cpu fields");
		report(r->has_pids && r->pids_limit.value == 42 && r->has_blkio && r->blkio.weight.value == 300,
		       "pids and blockIO fields");
		report(r->devices_len == 2 && !r->devices[0].allow && r->devices[1].allow &&
		           r->devices[1].major.value == 1 && strcmp(r->devices[1].access, "rw") == 0,
		       "device rules");
		report(r->hugepage_limits_len == 1 && r->unified.len == 1 &&
		           strcmp(r->unified.items[0].key, "memory.high") == 0,
		       "hugepageLimits and unified");
	}
	lc_resources_free(r);

	static const char bad_limit[] = "{\"memory\": {\"limit\": \"512m\"}}";
	expect_error(lc_resources_parse(bad_limit, strlen(bad_limit), &r, &err), &err,
	             "linux.resources.memory.limit: expected an integer",
	             "a string limit is refused, naming the field");
	static const char not_object[] = "[1, 2]";
	expect_error(lc_resources_parse(not_object, strlen(not_object), &r, &err), &err,
	             "linux.resources: expected an object", "an array is refused");
	static const char broken[] = "{\"memory\": ";
	expect_error(lc_resources_parse(broken, strlen(broken), &r, &err), &err, "linux.resources: invalid JSON",
	             "broken JSON is refused");
	static const char bad_weight[] = "{\"blockIO\": {\"weight\": 70000}}";
	expect_error(lc_resources_parse(bad_weight, strlen(bad_weight), &r, &err), &err,
	             "linux.resources.blockIO.weight", "an out-of-range weight is refused, naming the field");
	report(r == NULL, "nothing is returned on failure");
}

/* ---- the device program, built ---- */

static lc_device_cgroup_rule rule(bool allow, const char *type, int64_t major, int64_t minor, const char *access)
{
	return (lc_device_cgroup_rule){.allow = allow,
	                               .type = (char *)type,
	                               .major = {major >= 0, major},
	                               .minor = {minor >= 0, minor},
	                               .access = (char *)access};
}

static void test_device_program(void)
{
	struct bpf_insn *insns = NULL;
	size_t len = 0;
	lc_error *err = NULL;
	lc_resources r = {0};

	if (expect_ok(lc_cg_v2_devices_program(&r, &insns, &len, &err), &err, "program for the default list only")) {
		report(insns[len - 1].code == (BPF_JMP | BPF_EXIT) && insns[len - 2].imm == 0,
		       "it ends by denying what no rule matched");
	}
	free(insns);

	lc_device_cgroup_rule bad_type[] = {rule(true, "x", 1, 3, "rwm")};
	r.devices = bad_type;
	r.devices_len = 1;
	expect_error(lc_cg_v2_devices_program(&r, &insns, &len, &err), &err, "linux.resources.devices[0].type",
	             "an unknown type is refused, naming the rule");
	lc_device_cgroup_rule bad_access[] = {rule(true, "c", 1, 3, "rwm"), rule(true, "c", 1, 3, "rx")};
	r.devices = bad_access;
	r.devices_len = 2;
	expect_error(lc_cg_v2_devices_program(&r, &insns, &len, &err), &err, "linux.resources.devices[1].access",
	             "an unknown access letter is refused, naming the rule");

	/* The program tries rules from the last: past a type-a rule (which matches everything) no
	 * earlier rule can decide, so none is emitted. */
	lc_device_cgroup_rule allow_all[] = {rule(true, "a", -1, -1, "rwm")};
	lc_device_cgroup_rule shadowed[] = {rule(false, "c", 1, 5, "r"), rule(false, "c", 1, 7, "w"),
	                                    rule(true, "a", -1, -1, "rwm")};
	size_t alone = 0;
	r.devices = allow_all;
	r.devices_len = 1;
	if (expect_ok(lc_cg_v2_devices_program(&r, &insns, &len, &err), &err, "program with a trailing allow-all"))
		alone = len;
	free(insns);
	r.devices = shadowed;
	r.devices_len = 3;
	if (expect_ok(lc_cg_v2_devices_program(&r, &insns, &len, &err), &err, "program with rules before an allow-all"))
		report(len == alone, "rules before a type-a rule are left out (%zu == %zu instructions)", len, alone);
	free(insns);
}

/* ---- the device program, attached to a real cgroup2 cgroup ---- */

static const char *cgroup2_mount(void)
{
	struct statfs fs;

	if (statfs("/sys/fs/cgroup", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC)
		return "/sys/fs/cgroup";
	if (statfs("/sys/fs/cgroup/unified", &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC)
		return "/sys/fs/cgroup/unified";
	return NULL;
}

typedef struct {
	const char *path;
	int flags;
} open_case;

/* Forks a child, moves it into the cgroup, lets it try each open and returns their errnos. */
static bool opens_in_cgroup(const char *dir, const open_case *cases, size_t n, int *results)
{
	int go[2], back[2];
	char procs[512], pid_text[24];

	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(back, O_CLOEXEC) < 0)
		return false;
	pid_t pid = fork();
	if (pid == 0) {
		char byte;
		if (read(go[0], &byte, 1) != 1)
			_exit(1);
		for (size_t i = 0; i < n; i++) {
			int fd = open(cases[i].path, cases[i].flags | O_CLOEXEC);
			int e = fd >= 0 ? 0 : errno;
			if (fd >= 0)
				close(fd);
			if (write(back[1], &e, sizeof(e)) != sizeof(e))
				_exit(1);
		}
		_exit(0);
	}
	close(go[0]);
	close(back[1]);
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	snprintf(pid_text, sizeof(pid_text), "%d", (int)pid);
	int fd = open(procs, O_WRONLY | O_CLOEXEC);
	bool joined = fd >= 0 && write(fd, pid_text, strlen(pid_text)) == (ssize_t)strlen(pid_text);
	if (fd >= 0)
		close(fd);
	bool ok = joined && write(go[1], "x", 1) == 1;
	for (size_t i = 0; ok && i < n; i++)
		ok = read(back[0], &results[i], sizeof(int)) == sizeof(int);
	close(go[1]);
	close(back[0]);
	if (!joined)
		kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return ok;
}

static int attached_count(int cgroup_fd)
{
	union bpf_attr attr;
	uint32_t ids[16];

	memset(&attr, 0, sizeof(attr));
	attr.query.target_fd = (uint32_t)cgroup_fd;
	attr.query.attach_type = BPF_CGROUP_DEVICE;
	attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
	attr.query.prog_cnt = 16;
	if (syscall(SYS_bpf, BPF_PROG_QUERY, &attr, sizeof(attr)) < 0)
		return -1;
	return (int)attr.query.prog_cnt;
}

static void check_results(const char *program, const open_case *cases, const int *want, const int *got, size_t n)
{
	for (size_t i = 0; i < n; i++)
		report(got[i] == want[i], "%s: open %s %s -> %s (want %s)", program, cases[i].path,
		       (cases[i].flags & O_ACCMODE) == O_RDONLY   ? "O_RDONLY"
		       : (cases[i].flags & O_ACCMODE) == O_WRONLY ? "O_WRONLY"
		                                                  : "O_RDWR",
		       got[i] ? strerror(got[i]) : "ok", want[i] ? strerror(want[i]) : "ok");
}

static void test_v2_devices(void)
{
	const char *mount = cgroup2_mount();
	char dir[256];
	lc_error *err = NULL;
	struct stat st;

	if (mount == NULL) {
		skip("eBPF device filter", "no cgroup2 mount");
		return;
	}
	static const char *const needed[] = {"/dev/null", "/dev/kmsg", "/dev/loop-control", "/dev/loop0"};
	for (size_t i = 0; i < 4; i++) {
		if (stat(needed[i], &st) < 0) {
			skip("eBPF device filter",
			     "this host lacks one of /dev/null, /dev/kmsg, /dev/loop-control, /dev/loop0");
			return;
		}
	}
	snprintf(dir, sizeof(dir), "%s/oci-run-test-devices-%d", mount, (int)getpid());
	if (mkdir(dir, 0755) < 0) {
		report(false, "mkdir %s: %s", dir, strerror(errno));
		return;
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	/* As a config usually says: deny everything, then allow what the container needs. */
	lc_device_cgroup_rule first[] = {rule(false, NULL, -1, -1, "rwm"), rule(true, "c", 1, 11, "r")};
	lc_resources r = {.devices = first, .devices_len = 2};
	const open_case cases[] = {
	    {"/dev/null", O_RDWR}, {"/dev/kmsg", O_RDONLY},       {"/dev/kmsg", O_WRONLY},
	    {"/dev/kmsg", O_RDWR}, {"/dev/loop-control", O_RDWR}, {"/dev/loop0", O_RDONLY},
	};
	size_t n = sizeof(cases) / sizeof(*cases);
	int got[6];
	if (expect_ok(lc_cg_v2_devices_apply(fd, &r, &err), &err, "attach deny-all + allow c 1:11 r (+ defaults)")) {
		report(attached_count(fd) == 1, "one device program is attached (%d)", attached_count(fd));
		const int want[] = {0, 0, EPERM, EPERM, EPERM, EPERM};
		if (opens_in_cgroup(dir, cases, n, got))
			check_results("deny-all program", cases, want, got, n);
		else
			report(false, "run the opens in the cgroup");
		int outside = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
		report(outside >= 0, "outside the cgroup /dev/loop-control still opens (%s)",
		       outside >= 0 ? "ok" : strerror(errno));
		if (outside >= 0)
			close(outside);
	}

	/* An update replaces the program: the first one's denials must be gone. */
	lc_device_cgroup_rule second[] = {rule(true, NULL, -1, -1, "rwm"), rule(false, "c", 10, 237, "rwm"),
	                                  rule(false, "c", 1, 11, "w")};
	r.devices = second;
	r.devices_len = 3;
	if (expect_ok(lc_cg_v2_devices_apply(fd, &r, &err), &err,
	              "replace with allow-all + deny c 10:237 + deny c 1:11 w")) {
		report(attached_count(fd) == 1, "still one device program after the update (%d)", attached_count(fd));
		const int want[] = {0, 0, EPERM, EPERM, EPERM, 0};
		if (opens_in_cgroup(dir, cases, n, got))
			check_results("allow-all program", cases, want, got, n);
		else
			report(false, "run the opens in the cgroup");
	}
	close(fd);
	report(rmdir(dir) == 0, "the test cgroup is removed (%s)", strerror(errno));
}

/* ---- stats and OOM, on the container-style cgroup of this host's layout ---- */

/* Touches every page of a new allocation through volatile writes the compiler cannot drop. */
static void use_memory(size_t size)
{
	volatile char *mem = malloc(size);

	for (size_t i = 0; mem != NULL && i < size; i += 4096)
		mem[i] = 1;
}

static bool json_has(yajl_val tree, const char **path)
{
	return yajl_tree_get(tree, path, yajl_t_any) != NULL;
}

static void test_stats_and_oom(void)
{
	lc_error *err = NULL;
	lc_cgroup *cg = NULL;
	char id[64];
	lc_resources r = {.has_memory = true, .has_pids = true};

	r.memory.limit = (lc_opt_i64){true, 16 << 20};
	r.pids_limit = (lc_opt_i64){true, 20};
	snprintf(id, sizeof(id), "cgops-%d", (int)getpid());
	if (!expect_ok(lc_cgroup_open(NULL, id, &cg, &err), &err, "open a cgroup for stats"))
		return;
	if (!expect_ok(lc_cgroup_create(cg, &r, &err), &err, "create it with memory 16M, pids 20")) {
		lc_cgroup_free(cg);
		return;
	}
	lc_cgroup_oom_watch *watch = NULL;
	expect_ok(lc_cgroup_oom_watch_open(cg, &watch, &err), &err, "open an OOM watch");
	report(watch != NULL, "the cgroup has a memory controller to watch");

	/* A child that uses some CPU and memory, then waits; a second one asks for too much. */
	int go[2];
	if (pipe2(go, O_CLOEXEC) < 0)
		return;
	pid_t worker = fork_joined(cg, &err);
	if (worker == 0) {
		char byte;
		if (read(go[0], &byte, 1) != 1)
			_exit(1);
		volatile unsigned long spin = 0;
		for (unsigned long i = 0; i < 50000000UL; i++)
			spin += i;
		use_memory(4 << 20);
		pause();
		_exit(0);
	}
	expect_ok(worker > 0 ? 0 : -1, &err, "the worker joins the cgroup");
	if (write(go[1], "x", 1) != 1)
		report(false, "release the worker");
	close(go[0]);
	close(go[1]);
	struct timespec wait = {0, 300 * 1000000L};
	nanosleep(&wait, NULL);

	lc_cgroup_stats stats;
	if (expect_ok(lc_cgroup_stats_read(cg, &stats, &err), &err, "read stats")) {
		report(stats.memory.usage.limit == 16 << 20, "memory limit %" PRIu64 " is 16M",
		       stats.memory.usage.limit);
		report(stats.memory.usage.usage >= 4 << 20, "memory usage %" PRIu64 " counts the worker's 4M",
		       stats.memory.usage.usage);
		report(stats.pids.current == 1 && stats.pids.limit == 20, "pids current %" PRIu64 " limit %" PRIu64,
		       stats.pids.current, stats.pids.limit);
		report(stats.cpu.total > 0 || stats.cpu.user > 0, "cpu usage %" PRIu64 " ns is counted",
		       stats.cpu.total);
		report(stats.memory.raw_len > 0, "memory.stat is copied into raw (%zu keys)", stats.memory.raw_len);

		lc_json_writer *w = lc_json_new(false);
		lc_cgroup_stats_write_json(w, &stats);
		char *json = lc_json_finish(w);
		char errbuf[256];
		yajl_val tree = json ? yajl_tree_parse(json, errbuf, sizeof(errbuf)) : NULL;
		const char *limit[] = {"memory", "usage", "limit", NULL};
		const char *pids[] = {"pids", "current", NULL};
		const char *kernel[] = {"cpu", "usage", "kernel", NULL};
		const char *nets[] = {"network_interfaces", NULL};
		report(tree != NULL && json_has(tree, limit) && json_has(tree, pids) && json_has(tree, kernel) &&
		           json_has(tree, nets),
		       "the stats JSON parses and has runc's keys");
		const char *limit_value[] = {"memory", "usage", "limit", NULL};
		yajl_val v = tree ? yajl_tree_get(tree, limit_value, yajl_t_number) : NULL;
		report(v != NULL && YAJL_IS_INTEGER(v) && YAJL_GET_INTEGER(v) == 16 << 20,
		       "memory.usage.limit in JSON");
		yajl_tree_free(tree);
		free(json);
	}
	lc_cgroup_stats_clear(&stats);

	pid_t hog = fork_joined(cg, &err);
	if (hog == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		use_memory(64 << 20);
		_exit(0);
	}
	if (hog < 0) {
		report(false, "the hog joins the cgroup: %s", err->message);
		lc_error_free(&err);
	}
	int status = 0;
	if (hog > 0)
		waitpid(hog, &status, 0);
	report(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the hog was OOM-killed");
	if (watch != NULL) {
		short events;
		struct pollfd p = {.fd = lc_cgroup_oom_watch_fd(watch, &events)};
		p.events = events;
		report(poll(&p, 1, 2000) == 1, "the OOM watch fd became ready");
		unsigned ooms = 0;
		bool gone = true;
		expect_ok(lc_cgroup_oom_watch_read(watch, &ooms, &gone, &err), &err, "read the OOM watch");
		report(ooms >= 1 && !gone, "it reports %u OOM(s), cgroup still there", ooms);
	}
	if (worker > 0) {
		kill(worker, SIGKILL);
		waitpid(worker, NULL, 0);
	}
	expect_ok(lc_cgroup_destroy(cg, &err), &err, "destroy the stats cgroup");
	if (watch != NULL && lc_cg_v1_find(cg, "memory") != NULL) {
		/* v1 signals the eventfd when the cgroup goes away */
		short events;
		struct pollfd p = {.fd = lc_cgroup_oom_watch_fd(watch, &events)};
		p.events = events;
		unsigned ooms = 1;
		bool gone = false;
		report(poll(&p, 1, 2000) == 1, "v1: the eventfd fires when the cgroup is removed");
		expect_ok(lc_cgroup_oom_watch_read(watch, &ooms, &gone, &err), &err, "read the OOM watch again");
		report(gone && ooms == 0, "it says gone, with no OOM (ooms %u)", ooms);
	}
	lc_cgroup_oom_watch_free(watch);
	lc_error *ignored = NULL;
	report(lc_cgroup_stats_read(cg, &stats, &ignored) < 0 && ignored->errnum == ENOENT,
	       "stats of a removed cgroup fail with ENOENT");
	lc_error_free(&ignored);
	lc_cgroup_stats_clear(&stats);
	lc_cgroup_free(cg);
}

/* The cgroup2 readers, on a cgroup of the unified mount seen as a pure v2 container: cpu.stat is
 * there whatever controllers the tree has; memory.events is not, so there is no OOM watch. */
static void test_v2_stats(void)
{
	const char *mount = cgroup2_mount();
	char path[256], pid_text[24];
	lc_error *err = NULL;

	if (mount == NULL) {
		skip("cgroup2 stats", "no cgroup2 mount");
		return;
	}
	lc_cg_dir dir = {
	    .controllers = (char *)"", .cgpath = path + strlen(mount), .dir = path, .mount_len = strlen(mount)};
	snprintf(path, sizeof(path), "%s/oci-run-test-stats-%d", mount, (int)getpid());
	if (mkdir(path, 0755) < 0) {
		report(false, "mkdir %s: %s", path, strerror(errno));
		return;
	}
	lc_cgroup v2only = {.layout = LC_CGROUP_LAYOUT_V2, .v2 = &dir, .v2_fd = -1};
	pid_t child = fork();
	if (child == 0) {
		for (volatile unsigned long i = 0;; i++)
			;
	}
	snprintf(pid_text, sizeof(pid_text), "%d", (int)child);
	expect_ok(lc_cg_write(path, "cgroup.procs", pid_text, "join", &err), &err, "move a spinning child into it");
	struct timespec wait = {0, 200 * 1000000L};
	nanosleep(&wait, NULL);
	lc_cgroup_stats stats;
	if (expect_ok(lc_cgroup_stats_read(&v2only, &stats, &err), &err, "read cgroup2 stats")) {
		report(stats.cpu.total >= 50000000ULL,
		       "cpu.stat usage_usec -> total %" PRIu64 " ns after 200 ms of spinning", stats.cpu.total);
		report(stats.cpu.user + stats.cpu.kernel > 0 &&
		           stats.cpu.user + stats.cpu.kernel <= stats.cpu.total + 1000,
		       "user %" PRIu64 " + kernel %" PRIu64 " ns, within the total", stats.cpu.user, stats.cpu.kernel);
		report(stats.cpuset.cpus_len == 0, "no cpuset counters on cgroup2, as runc 1.1");
	}
	lc_cgroup_stats_clear(&stats);
	char events[256] = "";
	if (lc_cg_read(path, "memory.events", events, sizeof(events)) < 0) {
		lc_cgroup_oom_watch *watch = (lc_cgroup_oom_watch *)1;
		expect_ok(lc_cgroup_oom_watch_open(&v2only, &watch, &err), &err, "OOM watch without memory.events");
		report(watch == NULL, "gives no watch (the memory controller is not enabled here)");
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	for (int tries = 0; rmdir(path) < 0 && errno == EBUSY && tries < 100; tries++)
		nanosleep(&(struct timespec){0, 10 * 1000000L}, NULL);
	report(access(path, F_OK) < 0, "the test cgroup is removed");
}

int main(void)
{
	test_resources_parse();
	test_device_program();
	if (geteuid() != 0) {
		skip("eBPF device filter, stats and OOM on real cgroups", "not root");
	} else {
		test_v2_devices();
		test_stats_and_oom();
		test_v2_stats();
	}
	printf("%d passed, %d failed\n", test_number - failed, failed);
	return failed ? 1 : 0;
}
