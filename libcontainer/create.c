/* create.c: bringing a container up: create (config, state dir, cgroup, the start gate, the
 * init), start (through the gate, then poststart hooks) and run (create + start + wait). */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capabilities.h"
#include "cgroup.h"
#include "cleanup.h"
#include "container_internal.h"
#include "hooks.h"
#include "lsm.h"
#include "process.h"
#include "process_setup.h"
#include "seccomp_filter.h"
#include "spawn.h"
#include "state.h"
#include "sync.h"
#include "tty.h"
#include "wait.h"

static int write_pid_file(const char *path, pid_t pid, lc_error **err)
{
	char text[32];
	cleanup_free char *tmp = NULL;
	int len = snprintf(text, sizeof(text), "%d", pid);
	cleanup_close int fd = -1;

	if (asprintf(&tmp, "%s.%d.tmp", path, getpid()) < 0)
		return lc_fail(err, ENOMEM, "--pid-file");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return lc_fail(err, errno, "--pid-file: create %s", tmp);
	if (write(fd, text, (size_t)len) != len) {
		unlink(tmp);
		return lc_fail(err, errno, "--pid-file: write %s", tmp);
	}
	if (rename(tmp, path) < 0) {
		int saved = errno;
		unlink(tmp);
		return lc_fail(err, saved, "--pid-file: rename to %s", path);
	}
	return 0;
}

/* The gate: a listening socket in the state dir, reached through the dir fd so that the long
 * state root path never meets sun_path's 108 bytes. */
static int gate_address(int dirfd, struct sockaddr_un *addr)
{
	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	return snprintf(addr->sun_path, sizeof(addr->sun_path), "/proc/self/fd/%d/%s", dirfd, LC_STATE_START_SOCKET);
}

static int gate_listen(int dirfd, lc_error **err)
{
	struct sockaddr_un addr;
	cleanup_close int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return lc_fail(err, errno, "start gate: socket");
	gate_address(dirfd, &addr);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return lc_fail(err, errno, "start gate: bind %s", LC_STATE_START_SOCKET);
	if (listen(fd, 4) < 0)
		return lc_fail(err, errno, "start gate: listen");
	return steal_fd(fd);
}

/* Connects to the gate and releases the init. The connection closes on a successful execve, or
 * carries SYNC_EXEC_FAILED; *exit_code then holds the status the process exits with. */
static int gate_open(int dirfd, int *exit_code, lc_error **err)
{
	struct sockaddr_un addr;
	cleanup_close int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	unsigned char go = SYNC_START;
	struct lc_sync_message msg;
	size_t got = 0;

	if (fd < 0)
		return lc_fail(err, errno, "start: socket");
	gate_address(dirfd, &addr);
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return lc_fail(err, errno, "start: connect to the container init");
	if (write(fd, &go, 1) != 1)
		return lc_fail(err, errno, "start: release the container init");
	for (;;) {
		ssize_t n = read(fd, (char *)&msg + got, sizeof(msg) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return lc_fail(err, errno, "start: read from the container init");
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got == 0)
		return 0;
	if (got < offsetof(struct lc_sync_message, text) || msg.type != SYNC_EXEC_FAILED)
		return lc_fail(err, EPROTO, "start: unexpected answer from the container init");
	size_t text_len = got - offsetof(struct lc_sync_message, text);
	*exit_code = msg.exit_code;
	lc_fail(err, 0, "%.*s", (int)text_len, msg.text);
	(*err)->errnum = msg.errnum; /* ECANCELED: a startContainer hook failed */
	return -1;
}

static int resolve_bundle(const lc_context *ctx, char **bundle_out, lc_error **err)
{
	char *bundle = realpath(ctx->bundle ? ctx->bundle : ".", NULL);

	if (bundle == NULL)
		return lc_fail(err, errno, "--bundle %s", ctx->bundle ? ctx->bundle : ".");
	*bundle_out = bundle;
	return 0;
}

struct parent_hooks {
	const lc_spec *spec;
	const lc_container_state *state;
};

/* prestart (deprecated, same moment) then createRuntime, in the runtime's namespaces. */
static int run_parent_hooks(void *data, pid_t pid, lc_error **err)
{
	const struct parent_hooks *h = data;
	lc_container_state state = *h->state;
	cleanup_free char *json = NULL;

	state.pid = pid;
	state.status = (char *)"creating";
	json = lc_container_state_to_json(&state, false);
	if (json == NULL)
		return lc_fail(err, ENOMEM, "hooks");
	if (lc_hooks_run(&h->spec->hooks.prestart, "prestart", json, err) < 0 ||
	    lc_hooks_run(&h->spec->hooks.create_runtime, "createRuntime", json, err) < 0)
		return -1;
	return 0;
}

/* A caller that is not root, whose cgroup cannot be made for lack of permission, goes without one
 * when it asks for no limits (device rules aside: in a user namespace mknod is refused anyway) and
 * names no cgroupsPath, as runc does. With limits asked, the error says why they cannot be had. */
static bool rootless_without_cgroup(const lc_spec *spec, lc_error **cgroup_err)
{
	const lc_resources *r = &spec->linux_.resources;
	int cause = (*cgroup_err)->errnum;
	bool denied = cause == EACCES || cause == EPERM || cause == EROFS;

	if (geteuid() == 0 || !denied)
		return false;
	if (spec->linux_.has_resources &&
	    (r->has_memory || r->has_cpu || r->has_pids || r->has_blkio || r->hugepage_limits_len > 0 ||
	     r->has_network || r->net_priorities_len > 0 || r->rdma_len > 0 || r->unified.len > 0)) {
		lc_error_wrap(cgroup_err, "linux.resources: a rootless container gets limits only from a cgroup "
					   "delegated to its user");
		return false;
	}
	return spec->linux_.cgroups_path == NULL || spec->linux_.cgroups_path[0] == '\0';
}

/* The work of create; on success *pid_out is the init (a child of this process). With a terminal,
 * the pty goes to --console-socket, or to *pty_out when the caller (a foreground run) proxies it. */
static int create_container(const lc_context *ctx, pid_t *pid_out, int *pty_out, int *fail_code, lc_error **err)
{
	const lc_container_state *hooks_state = NULL; /* set once hooks may run */
	int pty_master = -1;
	cleanup_free char *bundle = NULL;
	cleanup_free char *config_path = NULL;
	cleanup_free char *config_text = NULL;
	cleanup_free char *rootfs = NULL;
	size_t config_len = 0;
	lc_spec *spec = NULL;
	lc_cgroup *cgroup = NULL;
	bool cgroup_made = false;
	int dirfd = -1;
	int gate_fd = -1;
	pid_t pid = -1;
	lc_state state = {0};
	lc_cap_sets caps;
	lc_seccomp_filter *seccomp = NULL;
	int ret = -1;

	if (lc_id_validate(ctx->id, err) < 0)
		return -1;
	/* checked before anything of ours is open, so only the caller's fds can pass */
	if (lc_check_preserved_fds(lc_process_pass_listen_fds() + ctx->preserve_fds, err) < 0)
		return -1;
	if (resolve_bundle(ctx, &bundle, err) < 0)
		return -1;
	/* as runc: relative paths of config.json (bind sources, root.path) are the bundle's */
	if (chdir(bundle) < 0)
		return lc_fail(err, errno, "--bundle: chdir %s", bundle);
	if (asprintf(&config_path, "%s/config.json", bundle) < 0)
		return lc_fail(err, ENOMEM, "config.json");
	config_text = lc_read_whole_file(config_path, &config_len, err);
	if (config_text == NULL)
		return -1;
	if (lc_spec_parse(config_text, config_len, &spec, err) < 0)
		return -1;
	if (lc_spec_validate(spec, bundle, err) < 0 || lc_lsm_check(spec, err) < 0)
		goto out;
	if (spec->process.terminal && ctx->console_socket == NULL && pty_out == NULL) {
		lc_fail(err, 0, "process.terminal: a container with a terminal needs --console-socket when it is "
				"not run in the foreground");
		goto out;
	}
	/* a foreground run shows the pty on the caller's terminal: give it that size before exec */
	if (spec->process.terminal && ctx->console_socket == NULL && pty_out != NULL)
		lc_tty_size_from_caller(&spec->process);

	if (spec->root_path[0] == '/')
		rootfs = realpath(spec->root_path, NULL);
	else {
		cleanup_free char *joined = NULL;
		if (asprintf(&joined, "%s/%s", bundle, spec->root_path) >= 0)
			rootfs = realpath(joined, NULL);
	}
	if (rootfs == NULL) {
		lc_fail(err, errno, "root.path: %s", spec->root_path);
		goto out;
	}
	if (ctx->systemd_cgroup) {
		lc_fail(err, 0, "--systemd-cgroup: systemd is not running on this host, so its cgroup driver "
				"cannot be used; drop --systemd-cgroup to use the cgroupfs driver");
		goto out;
	}

	dirfd = lc_state_dir_create(ctx->state_root, ctx->id, err);
	if (dirfd < 0)
		goto out;
	/* From here on, a failure removes the state dir, the cgroup and the init. */
	if (lc_state_write_file(dirfd, LC_STATE_CONFIG_COPY, config_text, config_len, 0600, err) < 0)
		goto undo;
	if (lc_cgroup_open(spec->linux_.cgroups_path, ctx->id, &cgroup, err) < 0)
		goto undo;
	if (lc_cgroup_create(cgroup, spec->linux_.has_resources ? &spec->linux_.resources : NULL, err) < 0) {
		if (!rootless_without_cgroup(spec, err))
			goto undo;
		/* as runc rootless: no writable cgroup and nothing to limit, so go without one */
		lc_container_log(ctx, LC_LOG_DEBUG, "rootless: no cgroup (%s)", (*err)->message);
		lc_error_free(err);
		lc_cgroup_free(cgroup);
		cgroup = NULL;
	}
	cgroup_made = cgroup != NULL;
	gate_fd = gate_listen(dirfd, err);
	if (gate_fd < 0)
		goto undo;

	lc_caps_resolve(&spec->process.capabilities, spec->process.has_capabilities, &caps, lc_container_warn,
			(void *)ctx);
	if (spec->linux_.has_seccomp &&
	    lc_seccomp_build(&spec->linux_.seccomp, &seccomp, lc_container_warn, (void *)ctx, err) < 0)
		goto undo;

	state.created = lc_now_rfc3339();
	if (state.created == NULL) {
		lc_fail(err, ENOMEM, "state");
		goto undo;
	}
	lc_container_state hook_state = {
		.oci_version = (char *)LC_OCI_VERSION,
		.id = (char *)ctx->id,
		.bundle = bundle,
		.rootfs = rootfs,
		.created = state.created,
		.owner = (char *)"",
		.annotations = spec->annotations,
	};
	struct parent_hooks hooks = {.spec = spec, .state = &hook_state};

	lc_spawn_request request = {
		.spec = spec,
		.id = ctx->id,
		.rootfs = rootfs,
		.cgroup = cgroup,
		.gate_fd = gate_fd,
		.state_dir_fd = dirfd,
		.no_pivot = ctx->no_pivot,
		.no_new_keyring = ctx->no_new_keyring,
		.preserve_fds = ctx->preserve_fds,
		.caps = &caps,
		.seccomp = seccomp,
		.hook_state = &hook_state,
		.run_parent_hooks = run_parent_hooks,
		.hooks_data = &hooks,
	};
	hooks_state = &hook_state;
	if (lc_spawn_init(&request, &pid, &pty_master, fail_code, err) < 0) {
		pid = -1;
		goto undo;
	}
	lc_container_log(ctx, LC_LOG_DEBUG, "container %s: init pid %d ready", ctx->id, pid);

	state.id = (char *)ctx->id;
	state.pid = pid;
	state.pid_start = lc_process_start_time(pid);
	state.bundle = bundle;
	state.rootfs = rootfs;
	state.cgroup = cgroup ? (char *)lc_cgroup_path(cgroup) : NULL;
	state.owner_uid = geteuid();
	state.has_hooks = lc_spec_has_hooks(spec);
	if (lc_copy_annotations(&spec->annotations, &state.annotations) < 0) {
		lc_fail(err, ENOMEM, "state");
		goto undo;
	}
	if (lc_state_write(dirfd, &state, err) < 0)
		goto undo;
	if (ctx->pid_file != NULL && write_pid_file(ctx->pid_file, pid, err) < 0)
		goto undo;
	if (pty_master >= 0) {
		if (ctx->console_socket != NULL) {
			if (lc_console_socket_send(ctx->console_socket, pty_master, err) < 0)
				goto undo;
		} else {
			*pty_out = steal_fd(pty_master);
		}
	}
	*pid_out = pid;
	ret = 0;
	goto out;

undo:
	if (pid > 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (cgroup_made) {
		lc_error *ignored = NULL;
		if (lc_cgroup_destroy(cgroup, &ignored) < 0)
			lc_container_log(ctx, LC_LOG_WARN, "cleanup after failed create: %s", ignored->message);
		lc_error_free(&ignored);
	}
	if (dirfd >= 0) {
		lc_error *ignored = NULL;
		lc_state_dir_remove(ctx->state_root, ctx->id, &ignored);
		lc_error_free(&ignored);
	}
	/* a failed prestart/createRuntime/createContainer hook destroyed the container: poststop follows */
	if (hooks_state != NULL && *err != NULL && (*err)->errnum == ECANCELED && spec->has_hooks &&
	    spec->hooks.poststop.len > 0) {
		lc_container_state stopped = *hooks_state;
		stopped.status = (char *)"stopped";
		cleanup_free char *json = lc_container_state_to_json(&stopped, false);
		if (json != NULL)
			lc_hooks_run_all(&spec->hooks.poststop, "poststop", json, lc_container_warn, (void *)ctx);
	}
out:
	free(state.created);
	for (size_t i = 0; i < state.annotations.len; i++) {
		free(state.annotations.items[i].key);
		free(state.annotations.items[i].value);
	}
	free(state.annotations.items);
	if (gate_fd >= 0)
		close(gate_fd);
	if (pty_master >= 0)
		close(pty_master);
	if (dirfd >= 0)
		close(dirfd);
	lc_cgroup_free(cgroup);
	lc_seccomp_free(seccomp);
	lc_spec_free(spec);
	return ret;
}

int lc_container_create(const lc_context *ctx, lc_error **err)
{
	pid_t pid;
	int fail_code = 1;

	return create_container(ctx, &pid, NULL, &fail_code, err);
}

static int run_poststart(const lc_context *ctx, int dirfd, const lc_state *state, lc_error **err)
{
	lc_spec *spec = NULL;
	cleanup_free char *json = NULL;
	int ret;

	if (lc_container_load_config(dirfd, &spec, err) < 0)
		return -1;
	json = lc_container_hook_state_json(ctx, state, LC_STATUS_RUNNING);
	ret = json ? lc_hooks_run(&spec->hooks.poststart, "poststart", json, err) : lc_fail(err, ENOMEM, "hooks");
	lc_spec_free(spec);
	return ret;
}


static int start_container(const lc_context *ctx, int *exit_code, lc_error **err)
{
	int dirfd;
	lc_state *state;
	lc_status status;
	int ret = -1;

	if (lc_container_open(ctx, false, &dirfd, &state, &status, err) < 0)
		return -1;
	switch (status) {
	case LC_STATUS_CREATED:
		break;
	case LC_STATUS_STOPPED:
		lc_fail(err, 0, "cannot start a container that has stopped");
		goto out;
	case LC_STATUS_CREATING:
		lc_fail(err, 0, "cannot start a container that is still being created");
		goto out;
	default:
		lc_fail(err, 0, "cannot start an already %s container", lc_status_name(status));
		goto out;
	}
	ret = gate_open(dirfd, exit_code, err);
	/* The gate is spent either way: without it, the container reads as running (or stopped). */
	unlinkat(dirfd, LC_STATE_START_SOCKET, 0);
	bool hook_failed = ret < 0 && (*err)->errnum == ECANCELED;
	if (ret == 0 && state->has_hooks && run_poststart(ctx, dirfd, state, err) < 0) {
		ret = -1;
		hook_failed = true;
	}
	if (hook_failed) {
		/* runtime-spec 1.3: a failed startContainer or poststart hook destroys the container */
		lc_error *ignored = NULL;
		lc_container_destroy(ctx, dirfd, state, LC_STATUS_RUNNING, &ignored);
		lc_error_free(&ignored);
	}
out:
	lc_state_free(state);
	close(dirfd);
	return ret;
}

int lc_container_start(const lc_context *ctx, lc_error **err)
{
	int exit_code = 0;

	return start_container(ctx, &exit_code, err);
}

int lc_container_run(const lc_context *ctx, int *exit_status, lc_error **err)
{
	pid_t pid;
	int exec_exit = 1;
	int pty_master = -1;
	sigset_t previous;

	*exit_status = 0;
	/* Blocked now so none is lost before the wait loop; the init unblocks them before exec. */
	lc_block_forwarded_signals(!ctx->detach, &previous);

	if (create_container(ctx, &pid, ctx->detach ? NULL : &pty_master, &exec_exit, err) < 0) {
		*exit_status = exec_exit;
		goto fail;
	}
	if (start_container(ctx, &exec_exit, err) < 0) {
		lc_error *ignored = NULL;
		lc_container_delete(ctx, true, &ignored);
		lc_error_free(&ignored);
		*exit_status = exec_exit;
		goto fail;
	}
	if (ctx->detach) {
		sigprocmask(SIG_SETMASK, &previous, NULL);
		return 0;
	}
	if (pty_master >= 0) {
		int r = lc_tty_proxy_and_wait(pty_master, pid, exit_status, err);
		close(pty_master);
		if (r < 0)
			goto fail;
	} else if (lc_wait_forwarding(pid, exit_status) < 0) {
		lc_fail(err, errno, "wait for container process %d", pid);
		goto fail;
	}
	sigprocmask(SIG_SETMASK, &previous, NULL);
	return lc_container_delete(ctx, true, err);
fail:
	if (pty_master >= 0)
		close(pty_master);
	sigprocmask(SIG_SETMASK, &previous, NULL);
	return -1;
}
