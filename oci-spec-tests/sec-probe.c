/* sec-probe.c: the security tests' probe, run inside containers (static, like oci-check): makes
 * syscalls and reports their errno, prints its ids (as a setuid copy), and tries to reach the runtime
 * through /proc (CVE-2019-5736).
 *
 * usage: sec-probe call NAME[:ARG...] [NAME[:ARG...]...]
 *          each call prints NAME=ok (or =RET for a positive result) or NAME=errno:N; an ARG that starts
 *          with '/' is passed as a string, any other as a number (strtoull base 0)
 *        sec-probe call32 NAME[:ARG]...
 *          the same through the 32-bit syscall entry (x86_64 only; umask and getpid)
 *        sec-probe ids
 *          uid=, euid=, gid=, egid= lines
 *        sec-probe attack NEEDLE SECONDS
 *          for SECONDS, over every other pid in /proc whose exe link is denied or names NEEDLE: open
 *          /proc/PID/exe for reading and for writing, open /proc/PID/mem; prints a line per process
 *          (the first 10) and counts */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const struct {
	const char *name;
	long nr;
} known[] = {
	{"getpid", SYS_getpid},   {"getppid", SYS_getppid},     {"getuid", SYS_getuid},
	{"unshare", SYS_unshare}, {"mount", SYS_mount},         {"umount2", SYS_umount2},
	{"keyctl", SYS_keyctl},   {"add_key", SYS_add_key},     {"mkdir", SYS_mkdir},
	{"mkdirat", SYS_mkdirat}, {"rmdir", SYS_rmdir},         {"umask", SYS_umask},
	{"personality", SYS_personality}, {"setpriority", SYS_setpriority},
	{"getpriority", SYS_getpriority}, {"chdir", SYS_chdir},  {"uname", SYS_uname},
	{"setns", SYS_setns},     {"ptrace", SYS_ptrace},       {"reboot", SYS_reboot},
	{"sethostname", SYS_sethostname}, {"socket", SYS_socket}, {"dup", SYS_dup},
	{"getcwd", SYS_getcwd},   {"kill", SYS_kill},           {"swapon", SYS_swapon},
	{"clone3", SYS_clone3},   {"setresuid", SYS_setresuid},
	{"bpf", SYS_bpf},         {"clone", SYS_clone},         {"chroot", SYS_chroot},       {"acct", SYS_acct},
};

static int do_calls(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		char *spec = strdup(argv[i]);
		char *save = NULL;
		char *name = strtok_r(spec, ":", &save);
		unsigned long args[6] = {0};
		char buf[256];
		int n = 0;
		long nr = -1;

		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (strcmp(known[k].name, name) == 0)
				nr = known[k].nr;
		if (nr < 0) {
			fprintf(stderr, "sec-probe: unknown syscall %s\n", name);
			return 2;
		}
		for (char *arg = strtok_r(NULL, ":", &save); arg != NULL && n < 6; arg = strtok_r(NULL, ":", &save))
			args[n++] = arg[0] == '/' ? (unsigned long)arg : strtoull(arg, NULL, 0);
		/* getcwd and uname write into a buffer given as their first argument */
		if (nr == SYS_getcwd || nr == SYS_uname) {
			static char big[8192];
			args[0] = (unsigned long)big;
			args[1] = sizeof(big);
		}
		errno = 0;
		long r = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
		if (r < 0)
			snprintf(buf, sizeof(buf), "%s=errno:%d", name, errno);
		else if (r == 0)
			snprintf(buf, sizeof(buf), "%s=ok", name);
		else
			snprintf(buf, sizeof(buf), "%s=%ld", name, r);
		printf("%s\n", buf);
		fflush(stdout);
		free(spec);
	}
	return 0;
}

/* A 32-bit syscall (int 0x80, i386 numbers) from this 64-bit program: what seccomp sees as another
 * architecture (SCMP_ARCH_X86). Only umask and getpid are needed. */
static int do_calls32(int argc, char **argv)
{
#if defined(__x86_64__)
	for (int i = 0; i < argc; i++) {
		char name[32];
		unsigned long arg = 0;
		long nr, r;
		if (sscanf(argv[i], "%31[^:]:%lu", name, &arg) < 1)
			return 2;
		if (strcmp(name, "umask") == 0)
			nr = 60;
		else if (strcmp(name, "getpid") == 0)
			nr = 20;
		else
			return 2;
		__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(arg) : "memory");
		if (r < 0 && r > -4096)
			printf("%s32=errno:%ld\n", name, -r);
		else
			printf("%s32=%ld\n", name, r);
		fflush(stdout);
	}
	return 0;
#else
	(void)argc;
	(void)argv;
	fprintf(stderr, "sec-probe: call32 needs x86_64\n");
	return 2;
#endif
}

static int show_ids(void)
{
	printf("uid=%u\neuid=%u\ngid=%u\negid=%u\n", getuid(), geteuid(), getgid(), getegid());
	return 0;
}

/* After an open succeeded: whether pid is still what was attacked (its exe link still denied, or
 * naming the runtime). A process that has meanwhile exec'd the user's program is fair game. */
static bool still_runtime(int pid, const char *needle)
{
	char path[64], target[4096];
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	ssize_t len = readlink(path, target, sizeof(target) - 1);
	if (len < 0)
		return errno == EACCES || errno == EPERM;
	target[len] = '\0';
	return strstr(target, needle) != NULL;
}

/* Tries what CVE-2019-5736 did: reach a runtime process's binary or memory through /proc. A process
 * whose exe link we may not read is one we may not ptrace-read: "denied"; one whose link names NEEDLE
 * is a runtime we can see: "exposed". Each is then attacked: exe opened for reading and for writing,
 * its memory opened and read. */
static int attack(const char *needle, int seconds)
{
	time_t end = time(NULL) + seconds;
	long scans = 0, denied = 0, exposed = 0, exe_opened = 0, exe_written = 0, mem_opened = 0;
	int printed = 0;
	pid_t self = getpid();

	while (time(NULL) < end) {
		DIR *proc = opendir("/proc");
		struct dirent *e;
		if (proc == NULL)
			return 1;
		while ((e = readdir(proc)) != NULL) {
			char path[64], target[4096];
			int pid = atoi(e->d_name);
			if (pid <= 0 || pid == self)
				continue;
			snprintf(path, sizeof(path), "/proc/%d/exe", pid);
			ssize_t len = readlink(path, target, sizeof(target) - 1);
			int link_errno = len < 0 ? errno : 0;
			target[len > 0 ? len : 0] = '\0';
			bool is_denied = link_errno == EACCES || link_errno == EPERM;
			bool is_runtime = len > 0 && strstr(target, needle) != NULL;
			if (!is_denied && !is_runtime)
				continue;
			if (is_denied)
				denied++;
			else
				exposed++;
			int fd = open(path, O_RDONLY | O_CLOEXEC);
			int open_errno = fd < 0 ? errno : 0;
			if (fd >= 0) {
				exe_opened += still_runtime(pid, needle);
				close(fd);
			}
			fd = open(path, O_WRONLY | O_CLOEXEC);
			int write_errno = fd < 0 ? errno : 0;
			if (fd >= 0) {
				exe_written += still_runtime(pid, needle);
				close(fd);
			}
			snprintf(path, sizeof(path), "/proc/%d/mem", pid);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			int mem_errno = fd < 0 ? errno : 0;
			if (fd >= 0) {
				mem_opened += still_runtime(pid, needle);
				close(fd);
			}
			if (printed++ < 10)
				printf("pid %d exe=%s link_errno=%d open_errno=%d write_errno=%d mem_errno=%d\n", pid,
				       len > 0 ? target : "?", link_errno, open_errno, write_errno, mem_errno);
		}
		closedir(proc);
		scans++;
	}
	printf("scans=%ld\ndenied=%ld\nexposed=%ld\nexe_opened=%ld\nexe_written=%ld\nmem_opened=%ld\n", scans,
	       denied, exposed, exe_opened, exe_written, mem_opened);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "call") == 0)
		return do_calls(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "call32") == 0)
		return do_calls32(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "ids") == 0)
		return show_ids();
	if (argc == 4 && strcmp(argv[1], "attack") == 0)
		return attack(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: sec-probe call NAME[:ARG...]... | call32 NAME[:ARG]... | ids | attack NEEDLE SECONDS\n");
	return 2;
}
