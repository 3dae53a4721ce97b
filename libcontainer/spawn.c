/* spawn.c: the parent half of starting a container: clone3 straight into the new namespaces (and
 * the v2 cgroup), the user namespace maps, the files through which the child joins its v1 cgroups. */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hooks.h"
#include "idmap.h"
#include "init.h"
#include "namespaces.h"
#include "sync.h"

static pid_t clone3_into(unsigned long long flags, int cgroup_fd)
{
	struct clone_args args = {
		.flags = flags,
		.exit_signal = SIGCHLD,
	};

	if (cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (unsigned long long)cgroup_fd;
	}
	return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

/* When a parent-side step fails because the child already died, its own report is the better one. */
static void prefer_child_error(int sync_fd, lc_error **err)
{
	struct lc_sync_message msg;
	lc_error *ignored = NULL;
	ssize_t n = recv(sync_fd, &msg, sizeof(msg), MSG_DONTWAIT | MSG_PEEK);

	if (n > 0 && lc_sync_recv(sync_fd, &msg, &ignored) == 1 && msg.type == SYNC_ERROR)
		lc_fail(err, 0, "%.*s", (int)msg.text_len, msg.text);
	lc_error_free(&ignored);
}

static void kill_and_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int lc_spawn_init(const lc_spawn_request *req, pid_t *pid_out, int *pty_master, int *exit_code, lc_error **err)
{
	const lc_spec *spec = req->spec;
	lc_ns_plan plan;
	int sockets[2] = {-1, -1};
	pid_t pid;
	bool in_cgroup = false;
	int own_pidns = -1;
	int *idmap_fds = NULL;
	int ret = -1;

	*exit_code = 1;
	*pty_master = -1;
	if (lc_ns_plan_make(spec, &plan, err) < 0)
		return -1;
	if (!(plan.clone_flags & CLONE_NEWNS) && plan.join_fds[LC_NS_MOUNT] < 0) {
		lc_fail(err, 0, "linux.namespaces: a mount namespace is required");
		goto out;
	}
	/* A pid namespace given by path applies to children only: the parent joins it for the clone,
	 * then goes back, so that nothing else it forks (hooks) lands in the container's. */
	if (plan.join_fds[LC_NS_PID] >= 0) {
		own_pidns = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
		if (own_pidns < 0 || setns(plan.join_fds[LC_NS_PID], CLONE_NEWPID) < 0) {
			lc_fail(err, errno, "linux.namespaces: join pid namespace");
			goto out;
		}
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sockets) < 0) {
		lc_fail(err, errno, "socketpair");
		goto out;
	}
	/* In a user namespace the init has no rights over a bind source's file system: id-mapped trees
	 * are made here, before clone, and the init inherits them. */
	if ((plan.new_user_ns || plan.join_fds[LC_NS_USER] >= 0) && lc_idmap_prepare(spec, &idmap_fds, err) < 0)
		goto out;

	if (req->cgroup != NULL && lc_cgroup_self_join_open(req->cgroup, err) < 0)
		goto out;
	int cgroup_fd = req->cgroup ? lc_cgroup_clone_into_fd(req->cgroup) : -1;
	pid = clone3_into(plan.clone_flags & ~plan.unshare_flags, cgroup_fd);
	if (pid < 0 && cgroup_fd >= 0) {
		/* Some hosts refuse CLONE_INTO_CGROUP (an old kernel, a hybrid v2 tree): join by writing. */
		pid = clone3_into(plan.clone_flags & ~plan.unshare_flags, -1);
	} else if (pid > 0 && cgroup_fd >= 0) {
		in_cgroup = true;
	}
	if (pid < 0) {
		lc_fail(err, errno, "clone container init");
		goto out;
	}
	if (pid == 0) {
		/* flock belongs to the open file: the init's copy would hold the state lock */
		close(sockets[0]);
		if (req->state_dir_fd >= 0)
			close(req->state_dir_fd);
		/* a host directory: through /proc/self/fd it would lead out of the container */
		if (cgroup_fd >= 0)
			close(cgroup_fd);
		lc_init_config cfg = {
			.spec = spec,
			.rootfs = req->rootfs,
			.ns = &plan,
			.sync_fd = sockets[1],
			.gate_fd = req->gate_fd,
			.no_pivot = req->no_pivot,
			.no_new_keyring = req->no_new_keyring,
			.id = req->id,
			.preserve_fds = req->preserve_fds,
			.caps = req->caps,
			.seccomp = req->seccomp,
			.hook_state = req->hook_state,
			.idmap_fds = idmap_fds,
			.cgroup = req->cgroup,
		};
		lc_init_main(&cfg);
	}
	close(sockets[1]);
	sockets[1] = -1;
	if (req->cgroup != NULL)
		lc_cgroup_self_join_close(req->cgroup);
	if (own_pidns >= 0 && setns(own_pidns, CLONE_NEWPID) < 0) {
		lc_fail(err, errno, "return to the runtime's pid namespace");
		goto fail_child;
	}

	if (plan.new_user_ns) {
		if (lc_ns_write_id_maps(pid, spec, err) < 0 || lc_sync_send(sockets[0], SYNC_USERNS_MAPPED, err) < 0)
			goto fail_child;
	}
	/* The child joined the v1 hierarchies itself; the unified one is left when clone could not. */
	char pid_text[16];
	snprintf(pid_text, sizeof(pid_text), "%d", pid);
	if ((req->cgroup != NULL && !in_cgroup && lc_cgroup_join_unified(req->cgroup, pid, err) < 0) ||
	    lc_sync_send_text(sockets[0], SYNC_CGROUP_JOINED, pid_text, err) < 0)
		goto fail_child;
	/* Until ready, the init may ask for the parent's hooks and hand over its pty. */
	for (bool ready = false; !ready;) {
		struct lc_sync_message msg;
		int r = lc_sync_recv(sockets[0], &msg, err);
		if (r <= 0) {
			if (r == 0)
				lc_fail(err, EPIPE, "container init exited during set-up");
			goto fail_child;
		}
		switch (msg.type) {
		case SYNC_HOOKS_REQUEST:
			if (req->run_parent_hooks(req->hooks_data, pid, err) < 0 ||
			    lc_sync_send(sockets[0], SYNC_HOOKS_DONE, err) < 0)
				goto fail_child;
			break;
		case SYNC_PTY_MASTER:
			if (msg.passed_fd < 0) {
				lc_fail(err, EPROTO, "container init sent no pty");
				goto fail_child;
			}
			if (*pty_master >= 0)
				close(*pty_master);
			*pty_master = msg.passed_fd;
			break;
		case SYNC_READY:
			ready = true;
			break;
		case SYNC_ERROR:
			*exit_code = msg.exit_code > 0 ? msg.exit_code : 1;
			lc_fail(err, 0, "%.*s", (int)msg.text_len, msg.text);
			(*err)->errnum = msg.errnum; /* ECANCELED: a createContainer hook failed */
			goto fail_child;
		default:
			lc_fail(err, EPROTO, "unexpected message %u from container init", msg.type);
			goto fail_child;
		}
		if (msg.type != SYNC_PTY_MASTER && msg.passed_fd >= 0)
			close(msg.passed_fd);
	}
	*pid_out = pid;
	ret = 0;
	goto out;

fail_child:
	prefer_child_error(sockets[0], err);
	kill_and_reap(pid);
	if (*pty_master >= 0) {
		close(*pty_master);
		*pty_master = -1;
	}
out:
	if (req->cgroup != NULL)
		lc_cgroup_self_join_close(req->cgroup);
	if (sockets[0] >= 0)
		close(sockets[0]);
	if (sockets[1] >= 0)
		close(sockets[1]);
	if (own_pidns >= 0)
		close(own_pidns);
	if (idmap_fds != NULL)
		lc_idmap_close(idmap_fds, spec->mounts_len);
	lc_ns_plan_close(&plan);
	return ret;
}
