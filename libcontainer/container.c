/* container.c: what every operation shares (opening a container, its config copy, its public
 * state) and the operations that read or end one: state, list, kill, delete. */
#include "container.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capabilities.h"
#include "cgroup.h"
#include "process.h"
#include "process_setup.h"
#include "seccomp_filter.h"
#include "cleanup.h"
#include "container_internal.h"
#include "hooks.h"
#include "json_out.h"
#include "lsm.h"
#include "spawn.h"
#include "state.h"
#include "sync.h"
#include "tty.h"
#include "wait.h"

void lc_container_log(const lc_context *ctx, lc_log_level level, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	if (ctx->log == NULL || (level == LC_LOG_DEBUG && !ctx->debug))
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ctx->log(ctx->log_data, level, text);
}

void lc_container_warn(void *data, const char *message)
{
	lc_container_log(data, LC_LOG_WARN, "%s", message);
}

char *lc_read_whole_file(const char *path, size_t *len_out, lc_error **err)
{
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t len = 0;

	if (fd < 0) {
		lc_fail(err, errno, "open %s", path);
		return NULL;
	}
	if (fstat(fd, &st) < 0) {
		lc_fail(err, errno, "stat %s", path);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		lc_fail(err, ENOMEM, "read %s", path);
		return NULL;
	}
	while (len < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + len, (size_t)st.st_size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*len_out = len;
	return buf;
}


int lc_copy_annotations(const lc_map *from, lc_map *to)
{
	to->items = calloc(from->len ? from->len : 1, sizeof(lc_keyval));
	if (to->items == NULL)
		return -1;
	for (size_t i = 0; i < from->len; i++) {
		to->items[i].key = strdup(from->items[i].key);
		to->items[i].value = strdup(from->items[i].value ? from->items[i].value : "");
		to->len++;
		if (to->items[i].key == NULL || to->items[i].value == NULL)
			return -1;
	}
	return 0;
}


/* Opens, locks and reads a container; *state is NULL while it is being created. */
int lc_container_open(const lc_context *ctx, bool shared, int *dirfd_out, lc_state **state_out,
		      lc_status *status_out, lc_error **err)
{
	int dirfd;
	lc_state *state = NULL;

	if (lc_id_validate(ctx->id, err) < 0)
		return -1;
	dirfd = lc_state_dir_open(ctx->state_root, ctx->id, shared, err);
	if (dirfd < 0)
		return -1;
	if (lc_state_read(dirfd, &state, err) < 0) {
		if ((*err)->errnum != ENOENT) {
			close(dirfd);
			return lc_error_wrap(err, "container \"%s\"", ctx->id);
		}
		lc_error_free(err);
		state = NULL;
	}
	if (lc_state_status(dirfd, state, status_out, err) < 0) {
		lc_state_free(state);
		close(dirfd);
		return -1;
	}
	*dirfd_out = dirfd;
	*state_out = state;
	return 0;
}

static int make_public_state(const lc_context *ctx, const lc_state *state, lc_status status,
			     lc_container_state **out);

/* The config.json copy taken at create; read only by commands that need it (hooks). */
int lc_container_load_config(int dirfd, lc_spec **out, lc_error **err)
{
	char path[64];
	size_t len = 0;
	cleanup_free char *text = NULL;

	snprintf(path, sizeof(path), "/proc/self/fd/%d/%s", dirfd, LC_STATE_CONFIG_COPY);
	text = lc_read_whole_file(path, &len, err);
	if (text == NULL || lc_spec_parse(text, len, out, err) < 0)
		return lc_error_wrap(err, "container's copy of config.json");
	return 0;
}

/* The state JSON hooks read, for status. */
char *lc_container_hook_state_json(const lc_context *ctx, const lc_state *state, lc_status status)
{
	lc_container_state *pub = NULL;
	char *json;

	if (make_public_state(ctx, state, status, &pub) < 0)
		return NULL;
	pub->pid = state->pid;
	json = lc_container_state_to_json(pub, false);
	lc_container_state_free(pub);
	return json;
}


/* The owner column of `list`: the user's name from /etc/passwd (read directly, as runc does, so no
 * NSS module is loaded), else "#UID". */
static char *owner_name(uid_t uid)
{
	cleanup_fclose FILE *passwd = fopen("/etc/passwd", "re");
	cleanup_free char *line = NULL;
	size_t cap = 0;
	char *name = NULL;

	while (passwd != NULL && getline(&line, &cap, passwd) > 0) {
		/* name:password:uid:... */
		char *colon = strchr(line, ':');
		char *uid_field = colon ? strchr(colon + 1, ':') : NULL;
		char *end = NULL;
		if (uid_field == NULL || colon == line)
			continue;
		unsigned long value = strtoul(uid_field + 1, &end, 10);
		if (end == uid_field + 1 || *end != ':' || value != (unsigned long)uid)
			continue;
		return strndup(line, (size_t)(colon - line));
	}
	if (asprintf(&name, "#%u", uid) < 0)
		return NULL;
	return name;
}

static int make_public_state(const lc_context *ctx, const lc_state *state, lc_status status,
			     lc_container_state **out)
{
	lc_container_state *pub = calloc(1, sizeof(*pub));

	if (pub == NULL)
		return -1;
	pub->oci_version = strdup(LC_OCI_VERSION);
	pub->id = strdup(ctx->id);
	pub->status = strdup(lc_status_name(status));
	if (state != NULL) {
		pub->pid = (status == LC_STATUS_STOPPED) ? 0 : state->pid;
		pub->bundle = strdup(state->bundle);
		pub->rootfs = strdup(state->rootfs ? state->rootfs : "");
		pub->created = strdup(state->created ? state->created : "");
		/* runc's state shows "" for root and list shows the name; other owners by name */
		pub->owner = state->owner_uid == 0 ? strdup("") : owner_name(state->owner_uid);
		lc_copy_annotations(&state->annotations, &pub->annotations);
	} else {
		pub->bundle = strdup("");
		pub->rootfs = strdup("");
		pub->created = strdup("");
		pub->owner = strdup("");
	}
	*out = pub;
	return 0;
}

int lc_container_state_get(const lc_context *ctx, lc_container_state **out, lc_error **err)
{
	int dirfd;
	lc_state *state;
	lc_status status;
	int ret;

	if (lc_container_open(ctx, true, &dirfd, &state, &status, err) < 0)
		return -1;
	ret = make_public_state(ctx, state, status, out);
	if (ret < 0)
		lc_fail(err, ENOMEM, "state");
	lc_state_free(state);
	close(dirfd);
	return ret;
}

static int compare_states(const void *a, const void *b)
{
	const lc_container_state *const *x = a;
	const lc_container_state *const *y = b;
	return strcmp((*x)->id, (*y)->id);
}

int lc_container_list(const lc_context *ctx, lc_container_state ***out, size_t *len, lc_error **err)
{
	DIR *dir = opendir(ctx->state_root);
	struct dirent *entry;
	lc_container_state **list = NULL;
	size_t n = 0;

	*out = NULL;
	*len = 0;
	if (dir == NULL) {
		if (errno == ENOENT)
			return 0;
		return lc_fail(err, errno, "open state root %s", ctx->state_root);
	}
	while ((entry = readdir(dir)) != NULL) {
		lc_context one = *ctx;
		lc_container_state *st = NULL;
		lc_error *ignored = NULL;

		if (entry->d_name[0] == '.' || entry->d_type != DT_DIR)
			continue;
		one.id = entry->d_name;
		if (lc_container_state_get(&one, &st, &ignored) < 0) {
			/* deleted meanwhile, or not ours: list what can be read */
			lc_error_free(&ignored);
			continue;
		}
		lc_container_state **bigger = realloc(list, (n + 1) * sizeof(*list));
		if (bigger == NULL) {
			lc_container_state_free(st);
			break;
		}
		list = bigger;
		list[n++] = st;
	}
	closedir(dir);
	if (n > 1)
		qsort(list, n, sizeof(*list), compare_states);
	*out = list;
	*len = n;
	return 0;
}

char *lc_container_state_to_json(const lc_container_state *st, bool pretty)
{
	lc_json_writer *w = lc_json_new(pretty);

	if (w == NULL)
		return NULL;
	lc_json_begin_object(w);
	lc_json_kv_string(w, "ociVersion", st->oci_version);
	lc_json_kv_string(w, "id", st->id);
	lc_json_kv_int(w, "pid", st->pid);
	lc_json_kv_string(w, "status", st->status);
	lc_json_kv_string(w, "bundle", st->bundle);
	lc_json_kv_string(w, "rootfs", st->rootfs);
	lc_json_kv_string(w, "created", st->created);
	lc_json_kv_string(w, "owner", st->owner);
	if (st->annotations.len > 0) {
		lc_json_key(w, "annotations");
		lc_json_map(w, &st->annotations);
	}
	lc_json_end_object(w);
	return lc_json_finish(w);
}

void lc_container_state_free(lc_container_state *st)
{
	if (st == NULL)
		return;
	free(st->oci_version);
	free(st->id);
	free(st->status);
	free(st->bundle);
	free(st->rootfs);
	free(st->created);
	free(st->owner);
	for (size_t i = 0; i < st->annotations.len; i++) {
		free(st->annotations.items[i].key);
		free(st->annotations.items[i].value);
	}
	free(st->annotations.items);
	free(st);
}

/* Signals the init through a pidfd, checked against the recorded start time (pid reuse). */
static int signal_init(const lc_state *state, int sig, lc_error **err)
{
	int pidfd = (int)syscall(SYS_pidfd_open, state->pid, 0);

	if (pidfd < 0) {
		if (errno == ESRCH)
			return lc_fail(err, 0, "container not running");
		return lc_fail(err, errno, "pidfd_open %d", state->pid);
	}
	if (lc_process_start_time(state->pid) != state->pid_start) {
		close(pidfd);
		return lc_fail(err, 0, "container not running");
	}
	if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0) {
		int saved = errno;
		close(pidfd);
		if (saved == ESRCH)
			return lc_fail(err, 0, "container not running");
		return lc_fail(err, saved, "kill %d", state->pid);
	}
	close(pidfd);
	return 0;
}

int lc_container_kill(const lc_context *ctx, int sig, bool all, lc_error **err)
{
	int dirfd;
	lc_state *state;
	lc_status status;
	int ret = -1;

	if (lc_container_open(ctx, true, &dirfd, &state, &status, err) < 0)
		return -1;
	if (status == LC_STATUS_STOPPED || state == NULL) {
		lc_fail(err, 0, "container not running");
		goto out;
	}
	if (all && state->cgroup != NULL) {
		lc_cgroup *cg = NULL;
		if (lc_cgroup_open_saved(state->cgroup, &cg, err) < 0)
			goto out;
		ret = lc_cgroup_kill_all(cg, sig, err);
		lc_cgroup_free(cg);
		goto out;
	}
	ret = signal_init(state, sig, err);
out:
	lc_state_free(state);
	close(dirfd);
	return ret;
}

/* Waits (bounded) until pid is gone or a zombie. */
static void wait_gone(const lc_state *state)
{
	int pidfd = (int)syscall(SYS_pidfd_open, state->pid, 0);

	if (pidfd < 0)
		return;
	if (lc_process_start_time(state->pid) == state->pid_start) {
		struct pollfd p = {.fd = pidfd, .events = POLLIN};
		poll(&p, 1, 5000);
	}
	close(pidfd);
}

static int remove_container(const lc_context *ctx, int dirfd, const lc_state *state, lc_error **err)
{
	(void)dirfd;
	if (state != NULL && state->cgroup != NULL) {
		lc_cgroup *cg = NULL;
		if (lc_cgroup_open_saved(state->cgroup, &cg, err) < 0)
			return -1;
		/* Processes outside a private pid namespace outlive the init: end them before rmdir. */
		lc_error *ignored = NULL;
		lc_cgroup_kill_all(cg, SIGKILL, &ignored);
		lc_error_free(&ignored);
		int ret = lc_cgroup_destroy(cg, err);
		lc_cgroup_free(cg);
		if (ret < 0)
			return lc_error_wrap(err, "delete container \"%s\"", ctx->id);
	}
	return lc_state_dir_remove(ctx->state_root, ctx->id, err);
}

/* SIGKILL to every process of the container (through the cgroup, thawed if paused) and the init,
 * then waits until the init is gone. */
static void kill_and_wait(const lc_state *state, lc_status status)
{
	lc_error *ignored = NULL;

	if (state == NULL)
		return;
	if (state->cgroup != NULL) {
		lc_cgroup *cg = NULL;
		if (lc_cgroup_open_saved(state->cgroup, &cg, &ignored) == 0) {
			lc_cgroup_kill_all(cg, SIGKILL, &ignored);
			lc_error_free(&ignored);
			if (status == LC_STATUS_PAUSED)
				lc_cgroup_freeze(cg, false, &ignored);
		}
		lc_error_free(&ignored);
		lc_cgroup_free(cg);
	}
	signal_init(state, SIGKILL, &ignored);
	lc_error_free(&ignored);
	wait_gone(state);
}

/* Stops what still runs, removes the cgroup and the state dir, then runs the poststop hooks (their
 * failures are warnings). Used by delete and when a failed hook destroys the container. */
int lc_container_destroy(const lc_context *ctx, int dirfd, const lc_state *state, lc_status status,
			 lc_error **err)
{
	lc_spec *spec = NULL;
	cleanup_free char *stopped_json = NULL;
	int ret;

	if (status != LC_STATUS_STOPPED)
		kill_and_wait(state, status);
	/* poststop hooks need the config copy and the state, both gone once the dir is removed */
	if (state != NULL && state->has_hooks) {
		lc_error *hook_err = NULL;
		if (lc_container_load_config(dirfd, &spec, &hook_err) < 0) {
			lc_container_log(ctx, LC_LOG_WARN, "poststop hooks not run: %s", hook_err->message);
			lc_error_free(&hook_err);
		}
		stopped_json = lc_container_hook_state_json(ctx, state, LC_STATUS_STOPPED);
	}
	ret = remove_container(ctx, dirfd, state, err);
	if (ret == 0 && spec != NULL && stopped_json != NULL)
		lc_hooks_run_all(&spec->hooks.poststop, "poststop", stopped_json, lc_container_warn, (void *)ctx);
	lc_spec_free(spec);
	return ret;
}

int lc_container_delete(const lc_context *ctx, bool force, lc_error **err)
{
	int dirfd;
	lc_state *state;
	lc_status status;
	int ret = -1;

	if (lc_container_open(ctx, false, &dirfd, &state, &status, err) < 0) {
		/* as runc: deleting what is already gone is not an error with --force */
		if (force && *err != NULL && (*err)->errnum == ENOENT) {
			lc_error_free(err);
			return 0;
		}
		return -1;
	}
	if (status != LC_STATUS_STOPPED) {
		/* A created container has run nothing of the user's yet: runc deletes it without --force,
		 * and containerd's shim relies on that, so do the same. */
		if (!force && status != LC_STATUS_CREATED) {
			lc_fail(err, 0, "cannot delete container \"%s\" that is not stopped: %s", ctx->id,
				lc_status_name(status));
			goto out;
		}
	}
	ret = lc_container_destroy(ctx, dirfd, state, status, err);
out:
	lc_state_free(state);
	close(dirfd);
	return ret;
}
