/* exec.c: a new process in a running container: the process built from the config copy (or
 * process.json) and the exec flags, a clone that joins every namespace and the cgroup of the init,
 * then the same process set-up as the init (process_setup.c), and the wait in the foreground. */
#include "container.h"

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
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

#include "capabilities.h"
#include "cgroup.h"
#include "cleanup.h"
#include "container_internal.h"
#include "process.h"
#include "process_setup.h"
#include "seccomp_filter.h"
#include "sync.h"
#include "tty.h"
#include "wait.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* The order of joins: user first (it decides the privileges of the others), mount second (it resets
 * root and cwd to the container's root), pid is joined by the parent before clone. */
static const lc_ns_kind join_order[] = {LC_NS_USER, LC_NS_MOUNT, LC_NS_IPC, LC_NS_UTS,
					 LC_NS_NETWORK, LC_NS_CGROUP, LC_NS_TIME};

typedef struct exec_plan {
	const lc_spec *spec;            /* config copy, with process replaced or overridden */
	lc_cap_sets caps;
	lc_seccomp_filter *seccomp;
	lc_container_state notify_state; /* for a seccomp agent; pid filled in by the child */
	int ns_fds[LC_NS__COUNT];
	int sync_fd;                    /* child's end */
	unsigned preserve_fds;
	const lc_cgroup *cgroup;        /* self-join prepared by the parent, or NULL */
} exec_plan;

static int strv_append(lc_strv *v, const char *item)
{
	char **bigger = realloc(v->items, (v->len + 2) * sizeof(char *));
	if (bigger == NULL)
		return -1;
	v->items = bigger;
	v->items[v->len] = strdup(item);
	if (v->items[v->len] == NULL)
		return -1;
	v->len++;
	v->items[v->len] = NULL;
	return 0;
}

static int strv_replace(lc_strv *v, char **items, size_t len)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i]);
	v->len = 0;
	for (size_t i = 0; i < len; i++)
		if (strv_append(v, items[i]) < 0)
			return -1;
	return 0;
}

/* -e KEY=VALUE replaces KEY in the config's env or is added to it. */
static int env_set(lc_strv *env, const char *entry, lc_error **err)
{
	const char *eq = strchr(entry, '=');
	size_t key_len = eq ? (size_t)(eq - entry) : strlen(entry);

	if (eq == NULL || key_len == 0)
		return lc_fail(err, 0, "--env \"%s\": expected KEY=VALUE", entry);
	for (size_t i = 0; i < env->len; i++) {
		if (strncmp(env->items[i], entry, key_len) == 0 && env->items[i][key_len] == '=') {
			char *copy = strdup(entry);
			if (copy == NULL)
				return lc_fail(err, ENOMEM, "--env");
			free(env->items[i]);
			env->items[i] = copy;
			return 0;
		}
	}
	return strv_append(env, entry) < 0 ? lc_fail(err, ENOMEM, "--env") : 0;
}

static int parse_user(const char *text, lc_user *user, lc_error **err)
{
	char *end;
	unsigned long uid = strtoul(text, &end, 10);

	if (end == text || (*end != '\0' && *end != ':') || uid > 0xffffffffUL)
		return lc_fail(err, 0, "--user \"%s\": expected uid[:gid] as numbers", text);
	user->uid = (uint32_t)uid;
	if (*end == ':') {
		const char *gid_text = end + 1;
		unsigned long gid = strtoul(gid_text, &end, 10);
		if (end == gid_text || *end != '\0' || gid > 0xffffffffUL)
			return lc_fail(err, 0, "--user \"%s\": expected uid[:gid] as numbers", text);
		user->gid = (uint32_t)gid;
	}
	return 0;
}

/* Applies the exec flags to spec->process (the config copy's), or replaces it with process.json. */
static int build_process(lc_spec *spec, const lc_exec_options *o, lc_error **err)
{
	lc_process *p = &spec->process;

	if (o->process_path != NULL) {
		cleanup_close int fd = open(o->process_path, O_RDONLY | O_CLOEXEC);
		cleanup_free char *text = NULL;
		size_t len = 0, cap = 0;
		lc_process *parsed = NULL;
		if (fd < 0)
			return lc_fail(err, errno, "--process %s", o->process_path);
		for (;;) {
			if (cap - len < 4096) {
				char *bigger = realloc(text, cap + 65536);
				if (bigger == NULL)
					return lc_fail(err, ENOMEM, "--process");
				text = bigger;
				cap += 65536;
			}
			ssize_t n = read(fd, text + len, cap - len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return lc_fail(err, errno, "--process %s", o->process_path);
			if (n == 0)
				break;
			len += (size_t)n;
		}
		if (lc_process_parse(text ? text : "", len, &parsed, err) < 0)
			return lc_error_wrap(err, "--process %s", o->process_path);
		lc_process swap = *p;
		*p = *parsed;
		*parsed = swap;
		lc_process_free(parsed);
	} else {
		if (o->args_len == 0)
			return lc_fail(err, 0, "exec: a command to run is required");
		if (strv_replace(&p->args, o->args, o->args_len) < 0)
			return lc_fail(err, ENOMEM, "exec");
		for (size_t i = 0; i < o->env_len; i++)
			if (env_set(&p->env, o->env[i], err) < 0)
				return -1;
		if (o->cwd != NULL) {
			char *cwd = strdup(o->cwd);
			if (cwd == NULL)
				return lc_fail(err, ENOMEM, "--cwd");
			free(p->cwd);
			p->cwd = cwd;
		}
		if (o->user != NULL && parse_user(o->user, &p->user, err) < 0)
			return -1;
		if (o->additional_gids_len > 0) {
			uint32_t *gids = calloc(o->additional_gids_len, sizeof(uint32_t));
			if (gids == NULL)
				return lc_fail(err, ENOMEM, "--additional-gids");
			for (size_t i = 0; i < o->additional_gids_len; i++)
				gids[i] = o->additional_gids[i];
			free(p->user.additional_gids);
			p->user.additional_gids = gids;
			p->user.additional_gids_len = o->additional_gids_len;
		}
		lc_strv *sets[] = {&p->capabilities.bounding, &p->capabilities.effective, &p->capabilities.permitted,
				   &p->capabilities.inheritable, &p->capabilities.ambient};
		for (size_t i = 0; i < o->caps_len; i++)
			for (size_t j = 0; j < sizeof(sets) / sizeof(sets[0]); j++)
				if (strv_append(sets[j], o->caps[i]) < 0)
					return lc_fail(err, ENOMEM, "--cap");
		if (o->caps_len > 0) {
			p->has_capabilities = true;
			p->capabilities.has_bounding = p->capabilities.has_effective = p->capabilities.has_permitted =
				p->capabilities.has_inheritable = p->capabilities.has_ambient = true;
		}
		p->terminal = o->tty;
		if (o->no_new_privs)
			p->no_new_privileges = true;
	}
	if (p->args.len == 0)
		return lc_fail(err, 0, "process.args: expected a non-empty array of strings");
	/* a container whose config.json has no process gives no cwd to start from */
	if (p->cwd == NULL && (p->cwd = strdup("/")) == NULL)
		return lc_fail(err, ENOMEM, "exec");
	/* oci-run applies neither LSM (features says so): a profile or label is refused, never dropped. */
	const char *apparmor = o->apparmor ? o->apparmor : p->apparmor_profile;
	if (apparmor != NULL && apparmor[0] != '\0')
		return lc_fail(err, 0, "apparmor profile \"%s\": %s", apparmor,
			       access("/sys/kernel/security/apparmor", F_OK) != 0 ? "AppArmor is not enabled on this host"
										  : "oci-run does not apply AppArmor profiles");
	const char *label = o->process_label ? o->process_label : p->selinux_label;
	if (label != NULL && label[0] != '\0')
		return lc_fail(err, 0, "process label \"%s\": %s", label,
			       access("/sys/fs/selinux/enforce", F_OK) != 0 ? "SELinux is not enabled on this host"
									     : "oci-run does not apply SELinux labels");
	return 0;
}

static _Noreturn void exec_child(const exec_plan *plan)
{
	const lc_process *process = &plan->spec->process;
	lc_error *err = NULL;
	char *executable = NULL;
	int exit_code = 1;
	struct lc_sync_message msg;

	/* No process in the container may read our memory or /proc/PID/exe before execve. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (plan->cgroup != NULL && lc_cgroup_self_join(plan->cgroup, &err) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(join_order) / sizeof(join_order[0]); i++) {
		lc_ns_kind kind = join_order[i];
		if (plan->ns_fds[kind] >= 0 && setns(plan->ns_fds[kind], lc_ns_kind_clone_flag(kind)) < 0) {
			lc_fail(&err, errno, "exec: join %s namespace", lc_ns_kind_name(kind));
			goto fail;
		}
	}
	if (lc_sync_recv(plan->sync_fd, &msg, &err) <= 0 || msg.type != SYNC_CGROUP_JOINED) {
		if (err == NULL)
			lc_fail(&err, EPROTO, "exec: waiting for the cgroup join");
		goto fail;
	}
	/* the message carries our pid as the host sees it, which a seccomp agent is told */
	lc_container_state notify_state = plan->notify_state;
	msg.text[msg.text_len < sizeof(msg.text) ? msg.text_len : sizeof(msg.text) - 1] = '\0';
	notify_state.pid = (pid_t)atoi(msg.text);
	if (lc_seccomp_set_notify_state(plan->seccomp, &notify_state, &err) < 0)
		goto fail;
	if (process->terminal) {
		int master = lc_tty_setup(process, &err);
		if (master < 0 || lc_sync_send_fd(plan->sync_fd, SYNC_PTY_MASTER, master, &err) < 0)
			goto fail;
		close(master);
	}
	if (lc_process_prepare(process, &plan->caps, &executable, &exit_code, &err) < 0)
		goto fail_code;
	exit_code = 1;
	syscall(SYS_close_range, 3 + plan->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
	for (unsigned fd = 3; fd < 3 + plan->preserve_fds; fd++) {
		int flags = fcntl((int)fd, F_GETFD);
		if ((int)fd != plan->sync_fd && flags >= 0)
			fcntl((int)fd, F_SETFD, flags & ~FD_CLOEXEC);
	}
	if (lc_process_lock_down(plan->spec, process, &plan->caps, plan->seccomp, &err) < 0)
		goto fail_code;
	prctl(PR_SET_PDEATHSIG, 0);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	lc_process_exec(process, executable, &exit_code, &err);
	goto fail_code;
fail:
	exit_code = 1;
fail_code:
	lc_sync_send_error(plan->sync_fd, SYNC_ERROR, err ? err->errnum : 0, exit_code,
			   err && err->message ? err->message : "exec failed");
	_exit(exit_code);
}

/* pid namespaces apply to children: join for the clone, then go back (see spawn.c). Joining also
 * takes CAP_SYS_ADMIN in our own user namespace, which a rootless runtime has only inside the
 * container's: it joins that one first, for good (there is no way back out, so it stays in the pid
 * namespace it joined too), and non-dumpable like the child. It is still no process of the
 * container's pid namespace, so nothing in there can name it. */
static int join_pid_namespace(exec_plan *plan, int *own_pidns, lc_error **err)
{
	*own_pidns = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
	if (*own_pidns < 0)
		return lc_fail(err, errno, "exec: open /proc/self/ns/pid");
	if (setns(plan->ns_fds[LC_NS_PID], CLONE_NEWPID) == 0)
		return 0;
	if (errno != EPERM || plan->ns_fds[LC_NS_USER] < 0)
		return lc_fail(err, errno, "exec: join pid namespace");
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (setns(plan->ns_fds[LC_NS_USER], CLONE_NEWUSER) < 0)
		return lc_fail(err, errno, "exec: join user namespace");
	close(plan->ns_fds[LC_NS_USER]);
	plan->ns_fds[LC_NS_USER] = -1; /* the child is born in it */
	close(*own_pidns);
	*own_pidns = -1;
	if (setns(plan->ns_fds[LC_NS_PID], CLONE_NEWPID) < 0)
		return lc_fail(err, errno, "exec: join pid namespace");
	return 0;
}

static void warn_to_ctx(void *data, const char *message)
{
	const lc_context *ctx = data;
	if (ctx->log != NULL)
		ctx->log(ctx->log_data, LC_LOG_WARN, message);
}

int lc_container_exec(const lc_context *ctx, const lc_exec_options *o, int *exit_status, lc_error **err)
{
	int dirfd = -1;
	lc_state *state = NULL;
	lc_status status;
	lc_spec *spec = NULL;
	lc_cgroup *cgroup = NULL;
	exec_plan plan = {.sync_fd = -1, .preserve_fds = ctx->preserve_fds};
	int sockets[2] = {-1, -1};
	int pty_master = -1;
	pid_t pid = -1;
	sigset_t previous;
	bool signals_blocked = false;
	int own_pidns = -1;
	int ret = -1;

	*exit_status = 1;
	for (int k = 0; k < LC_NS__COUNT; k++)
		plan.ns_fds[k] = -1;
	if (lc_check_preserved_fds(ctx->preserve_fds, err) < 0)
		return -1;
	if (lc_container_open(ctx, true, &dirfd, &state, &status, err) < 0)
		return -1;
	if (status == LC_STATUS_STOPPED || status == LC_STATUS_CREATING) {
		lc_fail(err, 0, "cannot exec in a %s container", lc_status_name(status));
		goto out;
	}
	if (status == LC_STATUS_PAUSED && !o->ignore_paused) {
		lc_fail(err, 0, "cannot exec in a paused container (use --ignore-paused to try anyway)");
		goto out;
	}
	if (lc_container_load_config(dirfd, &spec, err) < 0 || build_process(spec, o, err) < 0)
		goto out;
	if (spec->process.terminal && ctx->console_socket == NULL && ctx->detach) {
		lc_fail(err, 0, "exec --tty --detach needs --console-socket to hand the terminal to");
		goto out;
	}
	if (spec->process.terminal && ctx->console_socket == NULL)
		lc_tty_size_from_caller(&spec->process);
	lc_caps_resolve(&spec->process.capabilities, spec->process.has_capabilities, &plan.caps, warn_to_ctx,
			(void *)ctx);
	if (spec->linux_.has_seccomp &&
	    lc_seccomp_build(&spec->linux_.seccomp, &plan.seccomp, warn_to_ctx, (void *)ctx, err) < 0)
		goto out;
	plan.spec = spec;
	plan.notify_state = (lc_container_state){.id = state->id, .status = (char *)"running", .bundle = state->bundle,
						 .annotations = state->annotations};

	/* The init's own namespaces, opened by pid and checked against its start time afterwards. */
	for (size_t i = 0; i < spec->linux_.namespaces_len; i++) {
		lc_ns_kind kind = spec->linux_.namespaces[i].kind;
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", state->pid, lc_ns_kind_proc_name(kind));
		plan.ns_fds[kind] = open(path, O_RDONLY | O_CLOEXEC);
		if (plan.ns_fds[kind] < 0) {
			lc_fail(err, errno, "exec: open %s", path);
			goto out;
		}
	}
	if (lc_process_start_time(state->pid) != state->pid_start) {
		lc_fail(err, 0, "cannot exec in a stopped container");
		goto out;
	}
	if (state->cgroup != NULL && lc_cgroup_open_saved(state->cgroup, &cgroup, err) < 0)
		goto out;
	if (plan.ns_fds[LC_NS_PID] >= 0 && join_pid_namespace(&plan, &own_pidns, err) < 0)
		goto out;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sockets) < 0) {
		lc_fail(err, errno, "socketpair");
		goto out;
	}
	lc_block_forwarded_signals(!ctx->detach, &previous);
	signals_blocked = true;

	if (cgroup != NULL && lc_cgroup_self_join_open(cgroup, err) < 0)
		goto out;
	plan.cgroup = cgroup;
	struct clone_args args = {.exit_signal = SIGCHLD};
	int cgroup_fd = cgroup ? lc_cgroup_clone_into_fd(cgroup) : -1;
	bool in_cgroup = false;
	if (cgroup_fd >= 0) {
		args.flags = CLONE_INTO_CGROUP;
		args.cgroup = (unsigned long long)cgroup_fd;
	}
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0 && cgroup_fd >= 0) {
		args.flags = 0;
		pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	} else if (pid > 0 && cgroup_fd >= 0) {
		in_cgroup = true;
	}
	if (pid < 0) {
		lc_fail(err, errno, "exec: clone");
		goto out;
	}
	if (pid == 0) {
		close(sockets[0]);
		close(dirfd); /* holds the container's lock */
		/* a host directory: through /proc/self/fd it would lead out of the container */
		if (cgroup_fd >= 0)
			close(cgroup_fd);
		plan.sync_fd = sockets[1];
		exec_child(&plan);
	}
	close(sockets[1]);
	sockets[1] = -1;
	if (cgroup != NULL)
		lc_cgroup_self_join_close(cgroup);
	if (own_pidns >= 0 && setns(own_pidns, CLONE_NEWPID) < 0) {
		lc_fail(err, errno, "exec: return to the runtime's pid namespace");
		goto kill_child;
	}
	if (cgroup != NULL && !in_cgroup && lc_cgroup_join_unified(cgroup, pid, err) < 0)
		goto kill_child;
	char pid_text[16];
	snprintf(pid_text, sizeof(pid_text), "%d", pid);
	if (lc_sync_send_text(sockets[0], SYNC_CGROUP_JOINED, pid_text, err) < 0)
		goto kill_child;
	/* Until execve closes the child's end: a pty, or an error. */
	for (;;) {
		struct lc_sync_message msg;
		int r = lc_sync_recv(sockets[0], &msg, err);
		if (r < 0)
			goto kill_child;
		if (r == 0)
			break;
		if (msg.type == SYNC_PTY_MASTER && msg.passed_fd >= 0) {
			pty_master = msg.passed_fd;
			if (ctx->console_socket != NULL) {
				if (lc_console_socket_send(ctx->console_socket, pty_master, err) < 0)
					goto kill_child;
				close(pty_master);
				pty_master = -1;
			}
			continue;
		}
		if (msg.passed_fd >= 0)
			close(msg.passed_fd);
		if (msg.type == SYNC_ERROR) {
			*exit_status = msg.exit_code > 0 ? msg.exit_code : 1;
			lc_fail(err, 0, "%.*s", (int)msg.text_len, msg.text);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			pid = -1;
			goto out;
		}
	}
	/* The lock is not needed while the process runs. */
	close(dirfd);
	dirfd = -1;
	if (ctx->pid_file != NULL) {
		char text[16];
		int len = snprintf(text, sizeof(text), "%d", pid);
		cleanup_close int fd = open(ctx->pid_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0 || write(fd, text, (size_t)len) != len) {
			lc_fail(err, errno, "--pid-file %s", ctx->pid_file);
			goto kill_child;
		}
	}
	if (ctx->detach) {
		*exit_status = 0;
		ret = 0;
		goto out;
	}
	if (pty_master >= 0)
		ret = lc_tty_proxy_and_wait(pty_master, pid, exit_status, err);
	else if (lc_wait_forwarding(pid, exit_status) < 0)
		ret = lc_fail(err, errno, "exec: wait for process %d", pid);
	else
		ret = 0;
	goto out;

kill_child:
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
out:
	if (signals_blocked)
		sigprocmask(SIG_SETMASK, &previous, NULL);
	if (pty_master >= 0)
		close(pty_master);
	for (int i = 0; i < 2; i++)
		if (sockets[i] >= 0)
			close(sockets[i]);
	for (int k = 0; k < LC_NS__COUNT; k++)
		if (plan.ns_fds[k] >= 0)
			close(plan.ns_fds[k]);
	if (own_pidns >= 0)
		close(own_pidns);
	lc_seccomp_free(plan.seccomp);
	lc_cgroup_free(cgroup);
	lc_spec_free(spec);
	lc_state_free(state);
	if (dirfd >= 0)
		close(dirfd);
	return ret;
}
