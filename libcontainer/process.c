/* process.c: the user's process as config.json describes it: ids, umask, cwd, the executable lookup
 * through the container's own PATH, and the final execve. Runs in the init, inside the rootfs. */
#include "process.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static const char *env_lookup(const lc_strv *env, const char *name)
{
	size_t name_len = strlen(name);

	for (size_t i = 0; i < env->len; i++) {
		if (strncmp(env->items[i], name, name_len) == 0 && env->items[i][name_len] == '=')
			return env->items[i] + name_len + 1;
	}
	return NULL;
}

/* 0: executable regular file; else an errno (ENOENT, EACCES, EISDIR ...). */
static int check_executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return errno;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0)
		return EACCES;
	return 0;
}

int lc_process_find_executable(const lc_process *process, char **path_out, int *exit_code, lc_error **err)
{
	const char *name = process->args.items[0];
	const char *search;
	int first_error = ENOENT;

	if (strchr(name, '/') != NULL) {
		int e = check_executable(name);
		if (e != 0) {
			*exit_code = e == ENOENT ? 127 : 126;
			return lc_fail(err, e, "exec: \"%s\"", name);
		}
		*path_out = strdup(name);
		return *path_out ? 0 : lc_fail(err, ENOMEM, "exec");
	}
	search = env_lookup(&process->env, "PATH");
	if (search == NULL)
		search = DEFAULT_PATH;
	for (const char *dir = search; dir != NULL;) {
		const char *end = strchr(dir, ':');
		size_t dir_len = end ? (size_t)(end - dir) : strlen(dir);
		cleanup_free char *candidate = NULL;

		if (asprintf(&candidate, "%.*s/%s", (int)dir_len, dir_len ? dir : ".", name) < 0)
			return lc_fail(err, ENOMEM, "exec");
		int e = check_executable(candidate);
		if (e == 0) {
			*path_out = steal_ptr(candidate);
			return 0;
		}
		if (e != ENOENT && e != ENOTDIR && first_error == ENOENT)
			first_error = e;
		dir = end ? end + 1 : NULL;
	}
	if (first_error != ENOENT) {
		*exit_code = 126;
		return lc_fail(err, first_error, "exec: \"%s\"", name);
	}
	*exit_code = 127;
	return lc_fail(err, 0, "exec: \"%s\": executable file not found in $PATH", name);
}

int lc_process_set_user(const lc_process *process, lc_error **err)
{
	const lc_user *user = &process->user;

	if (setgroups(user->additional_gids_len, (const gid_t *)user->additional_gids) < 0) {
		/* In a user namespace with setgroups denied, an empty list is all that can be asked. */
		if (!(errno == EPERM && user->additional_gids_len == 0))
			return lc_fail(err, errno, "process.user.additionalGids: setgroups");
	}
	if (setresgid(user->gid, user->gid, user->gid) < 0)
		return lc_fail(err, errno, "process.user.gid: setgid %u", user->gid);
	if (setresuid(user->uid, user->uid, user->uid) < 0)
		return lc_fail(err, errno, "process.user.uid: setuid %u", user->uid);
	if (user->umask.has)
		umask((mode_t)user->umask.value);
	return 0;
}

int lc_process_chdir(const lc_process *process, lc_error **err)
{
	const char *cwd = process->cwd ? process->cwd : "/";

	if (chdir(cwd) < 0)
		return lc_fail(err, errno, "process.cwd: chdir %s", cwd);
	return 0;
}

/* Socket activation, as runc: when the runtime was started with LISTEN_FDS=N and LISTEN_PID naming
 * it, fds 3..3+N-1 are the sockets. Read once at load time, in the runtime itself: the init is a
 * clone with another pid, and by then only the runtime's own pid tells a stale LISTEN_FDS apart. */
static unsigned socket_activation_fds;
static unsigned listen_fds_passed;

__attribute__((constructor)) static void note_socket_activation(void)
{
	const char *fds = getenv("LISTEN_FDS");
	const char *pid = fds ? getenv("LISTEN_PID") : NULL;
	char *end;

	if (pid == NULL)
		return;
	long owner = strtol(pid, &end, 10);
	if (*end != '\0' || end == pid || owner != (long)getpid())
		return;
	unsigned long count = strtoul(fds, &end, 10);
	if (*end != '\0' || end == fds || count > 65536)
		return;
	socket_activation_fds = (unsigned)count;
}

unsigned lc_process_pass_listen_fds(void)
{
	listen_fds_passed = socket_activation_fds;
	return listen_fds_passed;
}

/* process.env, plus LISTEN_FDS=N and LISTEN_PID=1 when the init passes socket-activation fds
 * (allocated: the process image is replaced right after, or the init exits). */
static char **exec_env(const lc_process *process)
{
	size_t len = process->env.len;
	char **env;

	if (listen_fds_passed == 0)
		return process->env.items;
	env = calloc(len + 3, sizeof(*env));
	if (env == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++)
		env[i] = process->env.items[i];
	if (asprintf(&env[len], "LISTEN_FDS=%u", listen_fds_passed) < 0) {
		free(env);
		return NULL;
	}
	env[len + 1] = (char *)"LISTEN_PID=1";
	return env;
}

int lc_process_exec(const lc_process *process, const char *path, int *exit_code, lc_error **err)
{
	static char *const no_env[] = {NULL};
	char **env = exec_env(process);

	if (env == NULL && listen_fds_passed > 0) {
		*exit_code = 1;
		return lc_fail(err, ENOMEM, "exec: environment");
	}
	execve(path, process->args.items, env ? env : no_env);
	*exit_code = (errno == ENOENT) ? 127 : 126;
	return lc_fail(err, errno, "exec: \"%s\"", path);
}

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{"RLIMIT_AS", RLIMIT_AS}, {"RLIMIT_CORE", RLIMIT_CORE}, {"RLIMIT_CPU", RLIMIT_CPU},
	{"RLIMIT_DATA", RLIMIT_DATA}, {"RLIMIT_FSIZE", RLIMIT_FSIZE}, {"RLIMIT_LOCKS", RLIMIT_LOCKS},
	{"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK}, {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE},
	{"RLIMIT_NOFILE", RLIMIT_NOFILE}, {"RLIMIT_NPROC", RLIMIT_NPROC}, {"RLIMIT_RSS", RLIMIT_RSS},
	{"RLIMIT_RTPRIO", RLIMIT_RTPRIO}, {"RLIMIT_RTTIME", RLIMIT_RTTIME}, {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
	{"RLIMIT_STACK", RLIMIT_STACK},
};

int lc_rlimit_resource(const char *name)
{
	for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(rlimit_names[0]); i++)
		if (strcmp(rlimit_names[i].name, name) == 0)
			return rlimit_names[i].resource;
	return -1;
}

int lc_process_set_rlimits(const lc_process *process, lc_error **err)
{
	for (size_t i = 0; i < process->rlimits_len; i++) {
		const lc_rlimit *r = &process->rlimits[i];
		int resource = lc_rlimit_resource(r->type);
		struct rlimit limit = {.rlim_cur = r->soft, .rlim_max = r->hard};

		if (resource < 0)
			return lc_fail(err, 0, "process.rlimits[%zu].type: unknown rlimit \"%s\"", i, r->type);
		if (setrlimit(resource, &limit) < 0)
			return lc_fail(err, errno, "process.rlimits[%zu]: setrlimit %s soft %llu hard %llu", i, r->type,
				       (unsigned long long)r->soft, (unsigned long long)r->hard);
	}
	return 0;
}

int lc_process_set_oom_score_adj(const lc_process *process, lc_error **err)
{
	char text[32];
	int fd;
	int len;

	if (!process->oom_score_adj.has)
		return 0;
	len = snprintf(text, sizeof(text), "%lld", (long long)process->oom_score_adj.value);
	fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return lc_fail(err, errno, "process.oomScoreAdj: open /proc/self/oom_score_adj");
	if (write(fd, text, (size_t)len) != len) {
		int saved = errno;
		close(fd);
		return lc_fail(err, saved, "process.oomScoreAdj: write %s", text);
	}
	close(fd);
	return 0;
}
