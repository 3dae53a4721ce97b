/* checker.c: oci-check, the static probe the conformance tests run inside containers.
 * It prints what the process sees as `key=value` lines so the host-side tests can compare exact facts. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static const char *program = "oci-check";

static int report_errno(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", program, what, strerror(errno));
	return -1;
}

static int show_pid(void)
{
	printf("pid=%d\nppid=%d\npgid=%d\nsid=%d\n", (int)getpid(), (int)getppid(), (int)getpgrp(),
	       (int)getsid(0));
	return 0;
}

/* Every entry of /proc/self/ns, so a new kernel's namespace kinds show up without a code change. */
static int show_namespaces(void)
{
	DIR *dir = opendir("/proc/self/ns");
	if (dir == NULL)
		return report_errno("opendir /proc/self/ns");
	const char *names[64];
	char *owned[64];
	size_t count = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL && count < 64) {
		if (entry->d_name[0] == '.')
			continue;
		owned[count] = strdup(entry->d_name);
		names[count] = owned[count];
		count++;
	}
	closedir(dir);
	/* Stable order makes diffs between runs readable. */
	for (size_t i = 1; i < count; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			const char *tmp = names[j];
			names[j] = names[j - 1];
			names[j - 1] = tmp;
		}
	int status = 0;
	for (size_t i = 0; i < count; i++) {
		char path[PATH_MAX], target[PATH_MAX];
		snprintf(path, sizeof path, "/proc/self/ns/%s", names[i]);
		ssize_t len = readlink(path, target, sizeof target - 1);
		if (len < 0) {
			status = report_errno(path);
			continue;
		}
		target[len] = '\0';
		printf("ns:%s=%s\n", names[i], target);
	}
	for (size_t i = 0; i < count; i++)
		free(owned[i]);
	return status;
}

static int show_ids(void)
{
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;
	if (getresuid(&ruid, &euid, &suid) < 0 || getresgid(&rgid, &egid, &sgid) < 0)
		return report_errno("getresuid");
	printf("uid=%u\ngid=%u\neuid=%u\negid=%u\nsuid=%u\nsgid=%u\n", ruid, rgid, euid, egid, suid, sgid);
	int n = getgroups(0, NULL);
	if (n < 0)
		return report_errno("getgroups");
	gid_t *groups = calloc((size_t)n + 1, sizeof *groups);
	if (groups == NULL)
		return report_errno("calloc");
	n = getgroups(n, groups);
	if (n < 0) {
		free(groups);
		return report_errno("getgroups");
	}
	printf("groups=");
	for (int i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", groups[i]);
	printf("\n");
	free(groups);
	/* umask can only be read by setting it; put it straight back. */
	mode_t mask = umask(0);
	umask(mask);
	printf("umask=%04o\n", (unsigned)mask);
	return 0;
}

static const char *const cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid",
	"setpcap", "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw",
	"ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
	"sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time", "sys_tty_config", "mknod",
	"lease", "audit_write", "audit_control", "setfcap", "mac_override", "mac_admin", "syslog",
	"wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

static void print_cap_set(const char *set, unsigned long long bits)
{
	printf("cap_%s=0x%016llx\ncap_%s_names=", set, bits, set);
	bool first = true;
	for (unsigned i = 0; i < 64; i++) {
		if (!(bits & (1ULL << i)))
			continue;
		if (i < sizeof cap_names / sizeof cap_names[0])
			printf("%s%s", first ? "" : ",", cap_names[i]);
		else
			printf("%scap_%u", first ? "" : ",", i);
		first = false;
	}
	printf("\n");
}

static int show_caps(void)
{
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof data);
	if (syscall(SYS_capget, &header, data) < 0)
		return report_errno("capget");
	unsigned long long effective = data[0].effective | (unsigned long long)data[1].effective << 32;
	unsigned long long permitted = data[0].permitted | (unsigned long long)data[1].permitted << 32;
	unsigned long long inheritable =
		data[0].inheritable | (unsigned long long)data[1].inheritable << 32;
	unsigned long long bounding = 0, ambient = 0;
	for (unsigned i = 0; i < 64; i++) {
		int in_bounding = prctl(PR_CAPBSET_READ, i, 0, 0, 0);
		if (in_bounding < 0)
			break; /* past the kernel's last capability */
		if (in_bounding)
			bounding |= 1ULL << i;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, i, 0, 0) == 1)
			ambient |= 1ULL << i;
	}
	print_cap_set("effective", effective);
	print_cap_set("permitted", permitted);
	print_cap_set("inheritable", inheritable);
	print_cap_set("bounding", bounding);
	print_cap_set("ambient", ambient);
	printf("no_new_privs=%d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	return 0;
}

static int show_cwd(void)
{
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof cwd) == NULL)
		return report_errno("getcwd");
	printf("cwd=%s\n", cwd);
	return 0;
}

static int show_env(void)
{
	for (char **entry = environ; *entry != NULL; entry++)
		printf("%s\n", *entry);
	return 0;
}

static int show_hostname(void)
{
	struct utsname uts;
	if (uname(&uts) < 0)
		return report_errno("uname");
	printf("hostname=%s\ndomainname=%s\n", uts.nodename, uts.domainname);
	return 0;
}

/* mountinfo escapes space, tab, newline and backslash as octal; the fields we print keep that
 * escaping so one mount stays one line. */
static int show_mounts(void)
{
	FILE *file = fopen("/proc/self/mountinfo", "re");
	if (file == NULL)
		return report_errno("open /proc/self/mountinfo");
	char *line = NULL;
	size_t size = 0;
	while (getline(&line, &size, file) > 0) {
		line[strcspn(line, "\n")] = '\0';
		/* id parent major:minor root mountpoint options [optional...] - fstype source superopts */
		char *fields[6] = { 0 };
		char *save = NULL;
		char *token = strtok_r(line, " ", &save);
		for (int i = 0; i < 6 && token != NULL; i++) {
			fields[i] = token;
			token = i < 5 ? strtok_r(NULL, " ", &save) : NULL;
		}
		char *rest = save;
		char *dash = rest ? strstr(rest, "- ") : NULL;
		if (fields[5] == NULL || dash == NULL)
			continue;
		char *fstype = strtok_r(dash + 2, " ", &save);
		char *source = strtok_r(NULL, " ", &save);
		char *super = strtok_r(NULL, " ", &save);
		printf("mount=%s type=%s source=%s root=%s opts=%s super=%s\n", fields[4],
		       fstype ? fstype : "?", source ? source : "?", fields[3], fields[5],
		       super ? super : "?");
	}
	free(line);
	fclose(file);
	return 0;
}

static int show_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	if (dir == NULL)
		return report_errno("opendir /proc/self/fd");
	int own = dirfd(dir);
	int fds[1024];
	size_t count = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL && count < 1024) {
		if (entry->d_name[0] == '.')
			continue;
		int fd = atoi(entry->d_name);
		if (fd != own)
			fds[count++] = fd;
	}
	for (size_t i = 1; i < count; i++)
		for (size_t j = i; j > 0 && fds[j - 1] > fds[j]; j--) {
			int tmp = fds[j];
			fds[j] = fds[j - 1];
			fds[j - 1] = tmp;
		}
	for (size_t i = 0; i < count; i++) {
		char path[64], target[PATH_MAX];
		snprintf(path, sizeof path, "/proc/self/fd/%d", fds[i]);
		ssize_t len = readlinkat(own, path + strlen("/proc/self/fd/"), target, sizeof target - 1);
		if (len < 0)
			snprintf(target, sizeof target, "?");
		else
			target[len] = '\0';
		int flags = fcntl(fds[i], F_GETFD);
		printf("fd:%d=%s%s\n", fds[i], target, flags >= 0 && (flags & FD_CLOEXEC) ? " cloexec" : "");
	}
	closedir(dir);
	return 0;
}

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{ "AS", RLIMIT_AS },         { "CORE", RLIMIT_CORE },       { "CPU", RLIMIT_CPU },
	{ "DATA", RLIMIT_DATA },     { "FSIZE", RLIMIT_FSIZE },     { "LOCKS", RLIMIT_LOCKS },
	{ "MEMLOCK", RLIMIT_MEMLOCK }, { "MSGQUEUE", RLIMIT_MSGQUEUE }, { "NICE", RLIMIT_NICE },
	{ "NOFILE", RLIMIT_NOFILE }, { "NPROC", RLIMIT_NPROC },     { "RSS", RLIMIT_RSS },
	{ "RTPRIO", RLIMIT_RTPRIO }, { "RTTIME", RLIMIT_RTTIME },   { "SIGPENDING", RLIMIT_SIGPENDING },
	{ "STACK", RLIMIT_STACK },
};

static void print_limit_value(rlim_t value)
{
	if (value == RLIM_INFINITY)
		printf("unlimited");
	else
		printf("%llu", (unsigned long long)value);
}

static int show_limits(void)
{
	for (size_t i = 0; i < sizeof rlimit_names / sizeof rlimit_names[0]; i++) {
		struct rlimit limit;
		if (getrlimit(rlimit_names[i].resource, &limit) < 0)
			return report_errno("getrlimit");
		printf("rlimit:%s=", rlimit_names[i].name);
		print_limit_value(limit.rlim_cur);
		printf(":");
		print_limit_value(limit.rlim_max);
		printf("\n");
	}
	FILE *file = fopen("/proc/self/oom_score_adj", "re");
	int adj;
	if (file != NULL && fscanf(file, "%d", &adj) == 1)
		printf("oom_score_adj=%d\n", adj);
	if (file != NULL)
		fclose(file);
	return 0;
}

static volatile sig_atomic_t received_signal;

static void remember_signal(int sig)
{
	received_signal = sig;
}

/* Catches every catchable signal (pid 1 of a namespace only receives signals it handles), prints
 * `ready`, then reports the first signal that arrives and exits 0. */
static int wait_for_signal(void)
{
	struct sigaction action;
	memset(&action, 0, sizeof action);
	action.sa_handler = remember_signal;
	sigfillset(&action.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			sigaction(sig, &action, NULL);
	printf("ready\n");
	fflush(stdout);
	while (received_signal == 0)
		pause();
	printf("signal=%d\n", (int)received_signal);
	return 0;
}

static int show_status(void)
{
	FILE *file = fopen("/proc/self/status", "re");
	if (file == NULL)
		return report_errno("open /proc/self/status");
	char line[512];
	static const char *const keys[] = { "NoNewPrivs:", "Seccomp:", "Seccomp_filters:", "CapEff:" };
	while (fgets(line, sizeof line, file) != NULL) {
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
			size_t len = strlen(keys[i]);
			if (strncmp(line, keys[i], len) != 0)
				continue;
			char *value = line + len;
			value += strspn(value, " \t");
			value[strcspn(value, "\n")] = '\0';
			printf("status:%.*s=%s\n", (int)len - 1, keys[i], value);
		}
	}
	fclose(file);
	return 0;
}

/* The kernel's struct sched_attr, which glibc does not declare. */
struct checker_sched_attr {
	unsigned int size, sched_policy;
	unsigned long long sched_flags;
	int sched_nice;
	unsigned int sched_priority;
	unsigned long long sched_runtime, sched_deadline, sched_period;
	unsigned int util_min, util_max;
};

static int show_sched(void)
{
	static const char *const policies[] = { "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH",
						"SCHED_ISO", "SCHED_IDLE", "SCHED_DEADLINE" };
	struct checker_sched_attr attr;
	memset(&attr, 0, sizeof attr);
	if (syscall(SYS_sched_getattr, 0, &attr, sizeof attr, 0) < 0)
		return report_errno("sched_getattr");
	printf("sched_policy=%s\nsched_priority=%u\nsched_nice=%d\nsched_flags=0x%llx\n",
	       attr.sched_policy < 7 ? policies[attr.sched_policy] : "?", attr.sched_priority, attr.sched_nice,
	       attr.sched_flags);
	/* sched_getscheduler reports reset-on-fork as a bit of the policy (SCHED_RESET_ON_FORK) */
	long policy = syscall(SYS_sched_getscheduler, 0);
	if (policy < 0)
		return report_errno("sched_getscheduler");
	printf("sched_reset_on_fork=%d\n", (policy & 0x40000000) ? 1 : 0);
	return 0;
}

static int show_ioprio(void)
{
	static const char *const classes[] = { "IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
					       "IOPRIO_CLASS_IDLE" };
	/* IOPRIO_WHO_PROCESS = 1; the value is class << 13 | level */
	long value = syscall(SYS_ioprio_get, 1, 0);
	if (value < 0)
		return report_errno("ioprio_get");
	unsigned cls = (unsigned)value >> 13;
	printf("ioprio_class=%s\nioprio_level=%ld\n", cls < 4 ? classes[cls] : "?", value & 0x1fff);
	return 0;
}

static int show_personality(void)
{
	int persona = personality(0xffffffff);
	if (persona < 0)
		return report_errno("personality");
	struct utsname uts;
	if (uname(&uts) < 0)
		return report_errno("uname");
	printf("personality=0x%x\nmachine=%s\n", (unsigned)persona, uts.machine);
	return 0;
}

static int show_clocks(void)
{
	struct timespec mono, boot;
	if (clock_gettime(CLOCK_MONOTONIC, &mono) < 0 || clock_gettime(CLOCK_BOOTTIME, &boot) < 0)
		return report_errno("clock_gettime");
	printf("monotonic=%lld\nboottime=%lld\n", (long long)mono.tv_sec, (long long)boot.tv_sec);
	return 0;
}

/* The optional fields of mountinfo (shared:N, master:N, propagate_from:N, unbindable), which the
 * mounts command leaves out: one `prop=MOUNTPOINT FIELDS` line a mount ("private" when none). */
static int show_propagation(void)
{
	FILE *file = fopen("/proc/self/mountinfo", "re");
	if (file == NULL)
		return report_errno("open /proc/self/mountinfo");
	char *line = NULL;
	size_t size = 0;
	while (getline(&line, &size, file) > 0) {
		line[strcspn(line, "\n")] = '\0';
		char *save = NULL;
		char *mountpoint = NULL;
		char *token = strtok_r(line, " ", &save);
		for (int i = 0; token != NULL && i < 6; i++) {
			if (i == 4)
				mountpoint = token;
			token = strtok_r(NULL, " ", &save);
		}
		if (mountpoint == NULL)
			continue;
		printf("prop=%s", mountpoint);
		bool any = false;
		for (; token != NULL && strcmp(token, "-") != 0; token = strtok_r(NULL, " ", &save)) {
			printf(" %s", token);
			any = true;
		}
		printf("%s\n", any ? "" : " private");
	}
	free(line);
	fclose(file);
	return 0;
}

static const struct {
	const char *name;
	int (*show)(void);
	const char *help;
} commands[] = {
	{ "pid", show_pid, "pid, ppid, process group and session" },
	{ "ns", show_namespaces, "ns:<kind>=<link> for every /proc/self/ns entry" },
	{ "ids", show_ids, "real/effective/saved uid and gid, groups, umask" },
	{ "caps", show_caps, "capability sets in hex and by name, no_new_privs" },
	{ "cwd", show_cwd, "working directory" },
	{ "env", show_env, "environment, one NAME=value a line" },
	{ "hostname", show_hostname, "hostname and domainname" },
	{ "mounts", show_mounts, "one line a mount from /proc/self/mountinfo" },
	{ "fds", show_fds, "open fds and their targets" },
	{ "limits", show_limits, "rlimits (soft:hard) and oom_score_adj" },
	{ "status", show_status, "seccomp and no_new_privs from /proc/self/status" },
	{ "sched", show_sched, "scheduling policy, priority, nice and flags" },
	{ "ioprio", show_ioprio, "I/O priority class and level" },
	{ "personality", show_personality, "execution domain and the machine uname reports" },
	{ "clocks", show_clocks, "seconds of CLOCK_MONOTONIC and CLOCK_BOOTTIME" },
	{ "propagation", show_propagation, "prop=MOUNTPOINT and its propagation fields, a line a mount" },
	{ "signal", wait_for_signal, "print ready, wait for a signal, print signal=N" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: %s COMMAND...\n", program);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		size_t c = 0;
		while (c < sizeof commands / sizeof commands[0] && strcmp(commands[c].name, argv[i]) != 0)
			c++;
		if (c == sizeof commands / sizeof commands[0]) {
			fprintf(stderr, "%s: unknown command '%s'\n", program, argv[i]);
			usage(stderr);
			return 2;
		}
		if (commands[c].show() < 0)
			status = 1;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		status = report_errno("write stdout");
	return status == 0 ? 0 : 1;
}
