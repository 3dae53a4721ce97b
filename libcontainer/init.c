/* init.c: the container's init from clone to execve: user namespace ids, namespace joins, names,
 * the rootfs, the process attributes, the start gate, and the exec. Failures go back over sync. */
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/keyctl.h>

#include "cleanup.h"
#include "process.h"
#include "process_setup.h"
#include "container.h"
#include "hooks.h"
#include "rootfs.h"
#include "sysctl.h"
#include "tty.h"
#include "sync.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static _Noreturn void fail_with_code(const lc_init_config *cfg, lc_error *err, int exit_code)
{
	lc_sync_send_error(cfg->sync_fd, SYNC_ERROR, err ? err->errnum : 0, exit_code,
			   err && err->message ? err->message : "container init failed");
	_exit(exit_code);
}

static _Noreturn void fail_to_parent(const lc_init_config *cfg, lc_error *err)
{
	fail_with_code(cfg, err, 1);
}

/* What the init learns while it runs. */
struct init_run {
	const lc_init_config *cfg;
	pid_t host_pid;      /* our pid as the host sees it, sent with SYNC_CGROUP_JOINED */
	bool cgroup_joined;
};

/* Waits (once) until the parent finished the join (the v1 hierarchies we joined ourselves; the
 * unified one when clone could not place us there), then makes the cgroup namespace, whose root is
 * the cgroup we are in at that moment. */
static int wait_cgroup_and_unshare(struct init_run *run, lc_error **err)
{
	struct lc_sync_message msg;
	int r;

	if (run->cgroup_joined)
		return 0;
	r = lc_sync_recv(run->cfg->sync_fd, &msg, err);
	if (r < 0)
		return -1;
	if (r == 0 || msg.type != SYNC_CGROUP_JOINED)
		return lc_fail(err, EPROTO, "waiting for the cgroup join: unexpected message");
	msg.text[msg.text_len < sizeof(msg.text) ? msg.text_len : sizeof(msg.text) - 1] = '\0';
	run->host_pid = (pid_t)atoi(msg.text);
	run->cgroup_joined = true;
	if (run->cfg->ns->new_cgroup_ns && unshare(CLONE_NEWCGROUP) < 0)
		return lc_fail(err, errno, "linux.namespaces: unshare cgroup namespace");
	return 0;
}

/* Before a cgroup filesystem is mounted, the join must be done: a new cgroup namespace takes its root
 * from it, and without one the mount binds the container's own cgroup directories, which
 * /proc/self/cgroup names only after the join. A container with no cgroup mount keeps the parent's
 * part of the join overlapping with the rest of the set-up. */
static int before_cgroup_mount(void *data, lc_error **err)
{
	return wait_cgroup_and_unshare(data, err);
}

/* The state JSON a hook reads on its stdin. */
static char *render_state(const struct init_run *run, const char *status)
{
	lc_container_state state = *run->cfg->hook_state;

	state.pid = run->host_pid;
	state.status = (char *)status;
	return lc_container_state_to_json(&state, false);
}

/* After the mounts, before masked/read-only paths and pivot_root: sysctls, then the hooks that
 * run at this point (prestart and createRuntime in the parent, createContainer here). */
static int after_mounts(void *data, lc_error **err)
{
	struct init_run *run = data;
	const lc_spec *spec = run->cfg->spec;

	/* hooks read our host pid, which comes with the join */
	bool hooks_here = lc_spec_has_parent_hooks(spec) || (spec->has_hooks && spec->hooks.create_container.len > 0);
	if (hooks_here && wait_cgroup_and_unshare(run, err) < 0)
		return -1;
	if (lc_sysctl_apply(spec, err) < 0)
		return -1;
	if (lc_spec_has_parent_hooks(spec)) {
		if (lc_sync_send(run->cfg->sync_fd, SYNC_HOOKS_REQUEST, err) < 0 ||
		    lc_sync_expect(run->cfg->sync_fd, SYNC_HOOKS_DONE, err) < 0)
			return -1;
	}
	if (spec->has_hooks && spec->hooks.create_container.len > 0) {
		cleanup_free char *json = render_state(run, "creating");
		if (json == NULL)
			return lc_fail(err, ENOMEM, "hooks");
		if (lc_hooks_run(&spec->hooks.create_container, "createContainer", json, err) < 0)
			return -1;
	}
	return 0;
}

static bool maps_container_root(const lc_id_mapping *maps, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (maps[i].container_id == 0 && maps[i].size > 0)
			return true;
	return false;
}

static int become_userns_root(const lc_init_config *cfg, lc_error **err)
{
	const lc_linux *lx = &cfg->spec->linux_;

	if (lc_sync_expect(cfg->sync_fd, SYNC_USERNS_MAPPED, err) < 0)
		return -1;
	if (maps_container_root(lx->gid_mappings, lx->gid_mappings_len) && setresgid(0, 0, 0) < 0)
		return lc_fail(err, errno, "setgid 0 in user namespace");
	if (maps_container_root(lx->uid_mappings, lx->uid_mappings_len) && setresuid(0, 0, 0) < 0)
		return lc_fail(err, errno, "setuid 0 in user namespace");
	return 0;
}

static int enter_time_namespace(const lc_init_config *cfg, lc_error **err)
{
	const lc_linux *lx = &cfg->spec->linux_;
	cleanup_close int fd = -1;

	if (unshare(CLONE_NEWTIME) < 0)
		return lc_fail(err, errno, "linux.namespaces: unshare time namespace");
	/* Offsets can be written only before any process lives in the namespace. */
	if (lx->time_offsets_len > 0) {
		cleanup_close int offsets = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
		if (offsets < 0)
			return lc_fail(err, errno, "linux.timeOffsets: open /proc/self/timens_offsets");
		for (size_t i = 0; i < lx->time_offsets_len; i++) {
			char line[96];
			int len = snprintf(line, sizeof(line), "%s %lld %u\n", lx->time_offsets[i].clock,
					   (long long)lx->time_offsets[i].secs, lx->time_offsets[i].nanosecs);
			if (write(offsets, line, (size_t)len) != len)
				return lc_fail(err, errno, "linux.timeOffsets.%s", lx->time_offsets[i].clock);
		}
	}
	fd = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWTIME) < 0)
		return lc_fail(err, errno, "linux.namespaces: enter time namespace");
	return 0;
}

static void join_session_keyring(const lc_init_config *cfg)
{
	/* A fresh session keyring keeps the host's keys away from the container; a kernel without
	 * keyrings (ENOSYS) or a denial (EACCES, seccomp) is not fatal, as in runc. */
	syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, cfg->id);
}

/* SCMP_ACT_NOTIFY: the state the seccomp agent receives with the notify fd once the filter is loaded
 * (rendered now, so that little runs under the filter). "creating", as runc sends it. */
static int set_seccomp_notify_state(const struct init_run *run, lc_error **err)
{
	lc_container_state state = *run->cfg->hook_state;

	state.pid = run->host_pid;
	state.status = (char *)"creating";
	return lc_seccomp_set_notify_state(run->cfg->seccomp, &state, err);
}

static void exit_on_signal(int sig)
{
	_exit(128 + sig);
}

/* Between ready and start, the init is still our code: pid 1 of a new pid namespace gets only
 * the signals it handles, so handle the usual ones as a process without handlers would. */
static void handle_gate_signals(void)
{
	static const int signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE};
	struct sigaction sa = {.sa_handler = exit_on_signal};
	sigset_t all;

	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaction(signals[i], &sa, NULL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
}

static void reset_signals(void)
{
	struct sigaction sa = {.sa_handler = SIG_DFL};

	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
}

/* Waits for `start`: one connection that sends SYNC_START. Returns the connection fd. */
static int wait_at_gate(const lc_init_config *cfg)
{
	for (;;) {
		int conn = accept4(cfg->gate_fd, NULL, NULL, SOCK_CLOEXEC);
		unsigned char byte = 0;

		if (conn < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			_exit(1);
		}
		ssize_t n;
		do
			n = read(conn, &byte, 1);
		while (n < 0 && errno == EINTR);
		if (n == 1 && byte == SYNC_START)
			return conn;
		close(conn);
	}
}

/* Only stdio, socket-activation fds (LISTEN_FDS) and --preserve-fds reach the user's process. */
static void close_runtime_fds(const lc_init_config *cfg, int conn)
{
	unsigned first_closed = 3 + lc_process_pass_listen_fds() + cfg->preserve_fds;

	syscall(SYS_close_range, first_closed, ~0U, CLOSE_RANGE_CLOEXEC);
	for (unsigned fd = 3; fd < first_closed; fd++) {
		if ((int)fd == conn || (int)fd == cfg->sync_fd || (int)fd == cfg->gate_fd)
			continue;
		int flags = fcntl((int)fd, F_GETFD);
		if (flags >= 0)
			fcntl((int)fd, F_SETFD, flags & ~FD_CLOEXEC);
	}
}

_Noreturn void lc_init_main(const lc_init_config *cfg)
{
	struct init_run run = {.cfg = cfg};
	const lc_spec *spec = cfg->spec;
	const lc_process *process = &spec->process;
	lc_error *err = NULL;
	char *executable = NULL;
	int exit_code = 1;

	/* Until ready, the init dies with the runtime that is setting it up. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* First of all, so that everything the init does is accounted and limited there */
	if (cfg->cgroup != NULL && lc_cgroup_self_join(cfg->cgroup, &err) < 0)
		fail_to_parent(cfg, err);

	if (cfg->ns->new_user_ns && become_userns_root(cfg, &err) < 0)
		fail_to_parent(cfg, err);
	/* Until execve, nothing in the container may open our /proc/PID/exe or read our memory
	 * (CVE-2019-5736); execve of the user's program makes it dumpable again. Only now: a
	 * non-dumpable process's /proc/PID files belong to root, and an unprivileged runtime must first
	 * write our uid_map. Until then no other process is in our new namespaces. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (lc_ns_join_paths(cfg->ns, &err) < 0)
		fail_to_parent(cfg, err);
	if (cfg->ns->new_time_ns && enter_time_namespace(cfg, &err) < 0)
		fail_to_parent(cfg, err);
	if (lc_ns_set_names(spec, &err) < 0)
		fail_to_parent(cfg, err);
	if (!cfg->no_new_keyring)
		join_session_keyring(cfg);

	lc_rootfs_config rootfs = {
		.spec = spec,
		.rootfs = cfg->rootfs,
		.no_pivot = cfg->no_pivot,
		.in_user_ns = cfg->ns->new_user_ns || cfg->ns->join_fds[LC_NS_USER] >= 0,
		.before_cgroup_mount = before_cgroup_mount,
		.after_mounts = after_mounts,
		.idmap_fds = cfg->idmap_fds,
		.hook_data = &run,
	};
	if (lc_rootfs_setup(&rootfs, &err) < 0)
		fail_to_parent(cfg, err);

	if (process->terminal) {
		int master = lc_tty_setup(process, &err);
		if (master < 0 || lc_sync_send_fd(cfg->sync_fd, SYNC_PTY_MASTER, master, &err) < 0)
			fail_to_parent(cfg, err);
		close(master);
	}
	if (spec->has_process && lc_process_prepare(process, cfg->caps, &executable, &exit_code, &err) < 0)
		fail_with_code(cfg, err, exit_code);

	/* nothing of the user's may run outside the container's cgroup */
	if (wait_cgroup_and_unshare(&run, &err) < 0)
		fail_to_parent(cfg, err);
	prctl(PR_SET_PDEATHSIG, 0);
	handle_gate_signals();
	if (lc_sync_send(cfg->sync_fd, SYNC_READY, &err) < 0)
		_exit(1);
	close(cfg->sync_fd);

	int conn = wait_at_gate(cfg);
	close(cfg->gate_fd);
	reset_signals();
	if (!spec->has_process) {
		/* process is optional in config.json until start, which must then fail (runtime.md) */
		lc_sync_send_error(conn, SYNC_EXEC_FAILED, EINVAL, 1,
				   "process: config.json has none, so there is nothing to start");
		_exit(1);
	}
	if (spec->has_hooks && spec->hooks.start_container.len > 0) {
		char *json = render_state(&run, "created");
		if (json == NULL || lc_hooks_run(&spec->hooks.start_container, "startContainer", json, &err) < 0) {
			if (err == NULL)
				lc_fail(&err, ENOMEM, "startContainer hooks");
			lc_sync_send_error(conn, SYNC_EXEC_FAILED, err->errnum, 1, err->message);
			_exit(1);
		}
		free(json);
	}
	close_runtime_fds(cfg, conn);
	if (set_seccomp_notify_state(&run, &err) < 0 ||
	    lc_process_lock_down(spec, process, cfg->caps, cfg->seccomp, &err) < 0)
		exit_code = 1;
	else
		lc_process_exec(process, executable, &exit_code, &err);
	lc_sync_send_error(conn, SYNC_EXEC_FAILED, err->errnum, exit_code, err->message);
	_exit(exit_code);
}
