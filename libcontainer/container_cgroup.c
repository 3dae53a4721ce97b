/* container_cgroup.c: the operations of container.h that act on a container's cgroup: update,
 * pause, resume, ps (its pids) and events (stats and OOM notifications). */
#include "container.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"
#include "container_internal.h"
#include "json_out.h"
#include "state.h"

/* A container opened for a cgroup operation: its state, status and cgroup. */
typedef struct {
	int dirfd;
	lc_state *state;
	lc_status status;
	lc_cgroup *cgroup;
} opened;

static void close_opened(opened *o)
{
	lc_cgroup_free(o->cgroup);
	lc_state_free(o->state);
	if (o->dirfd >= 0)
		close(o->dirfd);
}

/* Opens ctx->id (locked unless shared) and, unless it is stopped or still being created, its
 * cgroup. */
static int open_container(const lc_context *ctx, bool shared, opened *o, lc_error **err)
{
	memset(o, 0, sizeof(*o));
	o->dirfd = -1;
	if (lc_container_open(ctx, shared, &o->dirfd, &o->state, &o->status, err) < 0)
		return -1;
	if (o->state == NULL || o->status == LC_STATUS_STOPPED)
		return 0;
	if (o->state->cgroup == NULL) {
		lc_fail(err, 0, "container \"%s\" has no cgroup", ctx->id);
		close_opened(o);
		return -1;
	}
	if (lc_cgroup_open_saved(o->state->cgroup, &o->cgroup, err) < 0) {
		close_opened(o);
		return lc_error_wrap(err, "container \"%s\"", ctx->id);
	}
	return 0;
}

/* ---- update ---- */

static void unset_zero_i64(lc_opt_i64 *v)
{
	if (v->has && v->value == 0)
		v->has = false;
}

static void unset_zero_u64(lc_opt_u64 *v)
{
	if (v->has && v->value == 0)
		v->has = false;
}

/* runc's update treats 0 (and "" for cpus/mems) as "leave as it is": its documented JSON template
 * is all zeros, and writing 0 to memory.limit_in_bytes would leave the container no memory. */
static void runc_update_semantics(lc_resources *r)
{
	lc_memory_resources *m = &r->memory;
	lc_cpu_resources *c = &r->cpu;

	unset_zero_i64(&m->limit);
	unset_zero_i64(&m->reservation);
	unset_zero_i64(&m->swap);
	unset_zero_i64(&m->kernel);
	unset_zero_i64(&m->kernel_tcp);
	/* unlimited memory with no word on swap means unlimited swap too (or v1 refuses the limit) */
	if (m->limit.has && m->limit.value == -1 && !m->swap.has)
		m->swap = (lc_opt_i64){true, -1};
	unset_zero_u64(&c->shares);
	unset_zero_i64(&c->quota);
	unset_zero_u64(&c->period);
	unset_zero_i64(&c->realtime_runtime);
	unset_zero_u64(&c->realtime_period);
	if (c->cpus != NULL && c->cpus[0] == '\0')
		c->cpus = NULL;
	if (c->mems != NULL && c->mems[0] == '\0')
		c->mems = NULL;
	unset_zero_u64(&r->blkio.weight);
	unset_zero_i64(&r->pids_limit);
}

int lc_container_update(const lc_context *ctx, const lc_resources *resources, lc_error **err)
{
	opened o;
	int ret = -1;

	if (open_container(ctx, false, &o, err) < 0)
		return -1;
	if (o.state == NULL) {
		lc_fail(err, 0, "container \"%s\" is still being created", ctx->id);
		goto out;
	}
	if (o.status == LC_STATUS_STOPPED) {
		lc_fail(err, 0, "container not running");
		goto out;
	}
	/* A shallow copy: only flags and pointers to the caller's strings change. */
	lc_resources wanted = *resources;
	runc_update_semantics(&wanted);
	ret = lc_cgroup_update(o.cgroup, &wanted, err);
	if (ret < 0)
		lc_error_wrap(err, "update container \"%s\"", ctx->id);
out:
	close_opened(&o);
	return ret;
}

/* ---- pause, resume ---- */

int lc_container_pause(const lc_context *ctx, lc_error **err)
{
	opened o;
	int ret = -1;

	if (open_container(ctx, false, &o, err) < 0)
		return -1;
	/* runc also freezes a created container; our status puts the start gate before the freezer,
	 * so such a container would read as created and a start would wait on its frozen init. */
	if (o.status == LC_STATUS_CREATED)
		lc_fail(err, 0, "cannot pause a created container: start it first");
	else if (o.status != LC_STATUS_RUNNING)
		lc_fail(err, 0, "container not running");
	else if ((ret = lc_cgroup_freeze(o.cgroup, true, err)) < 0)
		lc_error_wrap(err, "pause container \"%s\"", ctx->id);
	close_opened(&o);
	return ret;
}

int lc_container_resume(const lc_context *ctx, lc_error **err)
{
	opened o;
	int ret = -1;

	if (open_container(ctx, false, &o, err) < 0)
		return -1;
	if (o.status != LC_STATUS_PAUSED)
		lc_fail(err, 0, "container not paused");
	else if ((ret = lc_cgroup_freeze(o.cgroup, false, err)) < 0)
		lc_error_wrap(err, "resume container \"%s\"", ctx->id);
	close_opened(&o);
	return ret;
}

/* ---- ps ---- */

static int compare_pids(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

int lc_container_pids(const lc_context *ctx, pid_t **pids, size_t *len, lc_error **err)
{
	opened o;
	int ret = 0;

	*pids = NULL;
	*len = 0;
	if (open_container(ctx, true, &o, err) < 0)
		return -1;
	if (o.cgroup != NULL) {
		ret = lc_cgroup_pids(o.cgroup, pids, len, err);
		if (ret == 0 && *len > 1)
			qsort(*pids, *len, sizeof(**pids), compare_pids);
	}
	close_opened(&o);
	return ret;
}

/* ---- events ---- */

static int emit_json(const lc_events_options *options, lc_json_writer *w, lc_error **err)
{
	cleanup_free char *json = lc_json_finish(w);

	if (json == NULL)
		return lc_fail(err, ENOMEM, "events: format an event");
	if (options->emit(options->data, json) < 0)
		return lc_fail(err, errno, "events: write an event");
	return 0;
}

static int emit_oom(const lc_context *ctx, const lc_events_options *options, lc_error **err)
{
	lc_json_writer *w = lc_json_new(false);

	if (w == NULL)
		return lc_fail(err, ENOMEM, "events");
	lc_json_begin_object(w);
	lc_json_kv_string(w, "type", "oom");
	lc_json_kv_string(w, "id", ctx->id);
	lc_json_end_object(w);
	return emit_json(options, w, err);
}

/* Returns 1 when the cgroup is gone (the container was deleted), 0 when an event was emitted. */
static int emit_stats(const lc_context *ctx, const lc_events_options *options, const lc_cgroup *cg, lc_error **err)
{
	lc_cgroup_stats stats;
	lc_error *read_err = NULL;

	if (lc_cgroup_stats_read(cg, &stats, &read_err) < 0) {
		lc_cgroup_stats_clear(&stats);
		if (read_err->errnum == ENOENT) {
			lc_error_free(&read_err);
			return 1;
		}
		*err = read_err;
		return -1;
	}
	lc_json_writer *w = lc_json_new(false);
	if (w == NULL) {
		lc_cgroup_stats_clear(&stats);
		return lc_fail(err, ENOMEM, "events");
	}
	lc_json_begin_object(w);
	lc_json_kv_string(w, "type", "stats");
	lc_json_kv_string(w, "id", ctx->id);
	lc_json_key(w, "data");
	lc_cgroup_stats_write_json(w, &stats);
	lc_json_end_object(w);
	lc_cgroup_stats_clear(&stats);
	return emit_json(options, w, err);
}

/* Emits one oom event per OOM the watch reports. Returns 1 when the cgroup is gone. */
static int drain_ooms(const lc_context *ctx, const lc_events_options *options, lc_cgroup_oom_watch *watch,
                      lc_error **err)
{
	unsigned ooms = 0;
	bool gone = false;

	if (watch == NULL)
		return 0;
	if (lc_cgroup_oom_watch_read(watch, &ooms, &gone, err) < 0)
		return -1;
	for (unsigned i = 0; i < ooms; i++)
		if (emit_oom(ctx, options, err) < 0)
			return -1;
	return gone ? 1 : 0;
}

/* A pidfd of the init that becomes readable when it exits, or -1 when it is already gone. */
static int open_init(const lc_state *state, lc_error **err)
{
	int pidfd = (int)syscall(SYS_pidfd_open, state->pid, 0);

	if (pidfd < 0)
		return errno == ESRCH ? -1 : lc_fail(err, errno, "events: pidfd_open %d", (int)state->pid);
	if (lc_process_start_time(state->pid) != state->pid_start) {
		close(pidfd);
		return -1;
	}
	return pidfd;
}

static int stream(const lc_context *ctx, const lc_events_options *options, const opened *o, lc_error **err)
{
	lc_cgroup_oom_watch *watch = NULL;
	cleanup_close int pidfd = -1;
	cleanup_close int timer = -1;
	lc_error *open_err = NULL;
	int ret = -1;

	pidfd = open_init(o->state, &open_err);
	if (pidfd < 0) {
		if (open_err == NULL)
			return lc_fail(err, 0, "container with id %s is not running", ctx->id);
		*err = open_err;
		return -1;
	}
	timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (timer < 0)
		return lc_fail(err, errno, "events: timerfd_create");
	struct itimerspec every = {
	    .it_interval = {(time_t)(options->interval_ns / 1000000000u), (long)(options->interval_ns % 1000000000u)},
	};
	every.it_value = every.it_interval;
	if (timerfd_settime(timer, 0, &every, NULL) < 0)
		return lc_fail(err, errno, "events: timerfd_settime");
	if (lc_cgroup_oom_watch_open(o->cgroup, &watch, err) < 0)
		return -1;

	struct pollfd fds[3] = {{.fd = pidfd, .events = POLLIN}, {.fd = timer, .events = POLLIN}, {.fd = -1}};
	if (watch != NULL)
		fds[2].fd = lc_cgroup_oom_watch_fd(watch, &fds[2].events);
	for (;;) {
		if (poll(fds, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			lc_fail(err, errno, "events: poll");
			break;
		}
		/* OOMs first: the kernel signals one before the kill it leads to can end the init. */
		if (fds[2].revents != 0) {
			int r = drain_ooms(ctx, options, watch, err);
			if (r != 0) {
				ret = r > 0 ? 0 : -1;
				break;
			}
		}
		if (fds[1].revents & POLLIN) {
			uint64_t expirations;
			if (read(timer, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN) {
				lc_fail(err, errno, "events: read the timer");
				break;
			}
			int r = emit_stats(ctx, options, o->cgroup, err);
			if (r != 0) {
				ret = r > 0 ? 0 : -1;
				break;
			}
		}
		if (fds[0].revents != 0) {
			/* The container stopped: report an OOM that raced its end, then finish. */
			ret = drain_ooms(ctx, options, watch, err) < 0 ? -1 : 0;
			break;
		}
	}
	lc_cgroup_oom_watch_free(watch);
	return ret;
}

int lc_container_events(const lc_context *ctx, const lc_events_options *options, lc_error **err)
{
	opened o;
	int ret = -1;

	if (!options->stats_only && options->interval_ns == 0)
		return lc_fail(err, EINVAL, "duration interval must be greater than 0");
	if (open_container(ctx, true, &o, err) < 0)
		return -1;
	/* Readers hold no lock; the state dir fd is not needed past the status. */
	close(o.dirfd);
	o.dirfd = -1;
	if (o.cgroup == NULL) {
		lc_fail(err, 0, "container with id %s is not running", ctx->id);
	} else if (options->stats_only) {
		ret = emit_stats(ctx, options, o.cgroup, err);
		if (ret > 0)
			ret = lc_fail(err, 0, "container with id %s is not running", ctx->id);
	} else {
		ret = stream(ctx, options, &o, err);
	}
	close_opened(&o);
	return ret;
}
