/* container.h: the public API of libcontainer, one call per operation.
 * src/ parses arguments into an lc_context and calls these; the library never prints to stdout or exits. */
#ifndef LC_CONTAINER_H
#define LC_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

typedef enum { LC_LOG_DEBUG, LC_LOG_INFO, LC_LOG_WARN, LC_LOG_ERROR } lc_log_level;

/* Where the library sends warnings and debug lines (never stdout). May be NULL. */
typedef void (*lc_log_fn)(void *data, lc_log_level level, const char *message);

typedef struct lc_context {
	const char *state_root;     /* --root, e.g. /run/oci-run */
	const char *id;             /* container id */
	const char *bundle;         /* create/run: bundle dir (NULL: cwd) */
	const char *pid_file;       /* create/run/exec: --pid-file */
	const char *console_socket; /* --console-socket */
	unsigned preserve_fds;      /* --preserve-fds N: fds 3..3+N-1 are passed to the process */
	bool no_pivot;              /* --no-pivot: MS_MOVE + chroot instead of pivot_root */
	bool no_new_keyring;        /* --no-new-keyring */
	bool systemd_cgroup;        /* --systemd-cgroup */
	bool detach;                /* run --detach */
	bool debug;
	lc_log_fn log;
	void *log_data;
} lc_context;

/* The state of a container as `state` prints it (runtime-spec state + runc's extra fields). */
typedef struct lc_container_state {
	char *oci_version;
	char *id;
	pid_t pid;      /* 0 when stopped */
	char *status;   /* "creating", "created", "running", "paused", "stopped" */
	char *bundle;
	char *rootfs;
	char *created;  /* RFC 3339 with nanoseconds, UTC */
	char *owner;    /* "" for root-owned, as runc */
	lc_map annotations;
} lc_container_state;

/* Validates a container id: 1..255 chars (a directory name) of [A-Za-z0-9_.-], not "." or "..". */
int lc_id_validate(const char *id, lc_error **err);

/* Parses "TERM", "SIGTERM", "15", "RTMIN+2"... */
int lc_signal_parse(const char *text, int *signal_out, lc_error **err);

int lc_container_create(const lc_context *ctx, lc_error **err);
int lc_container_start(const lc_context *ctx, lc_error **err);

/* create + start + (unless ctx->detach) wait and delete. *exit_status is the container's exit status
 * or 128+N when killed by signal N (0 when detached). */
int lc_container_run(const lc_context *ctx, int *exit_status, lc_error **err);

int lc_container_state_get(const lc_context *ctx, lc_container_state **out, lc_error **err);
/* Every container under ctx->state_root, sorted by id. */
int lc_container_list(const lc_context *ctx, lc_container_state ***out, size_t *len, lc_error **err);
/* The JSON text `state` prints (runc's layout, indented), allocated. */
char *lc_container_state_to_json(const lc_container_state *state, bool pretty);
void lc_container_state_free(lc_container_state *state);

int lc_container_kill(const lc_context *ctx, int signal, bool all, lc_error **err);

/* exec: a new process in a running container. Without process_path, the process is the config's
 * with these overrides; with it, the process is read from that file (exec --process). */
typedef struct lc_exec_options {
	const char *process_path;       /* --process FILE, or NULL */
	char **args;                    /* the command, when no --process */
	size_t args_len;
	char **env;                     /* -e KEY=VALUE, added to (or replacing in) the config's env */
	size_t env_len;
	const char *cwd;                /* --cwd */
	const char *user;               /* -u uid[:gid] */
	const unsigned *additional_gids; /* -g, replaces the config's list when any */
	size_t additional_gids_len;
	char **caps;                    /* --cap, added to every set */
	size_t caps_len;
	bool tty;                       /* -t */
	bool no_new_privs;              /* --no-new-privs */
	bool ignore_paused;             /* --ignore-paused */
	const char *apparmor;           /* --apparmor */
	const char *process_label;      /* --process-label */
} lc_exec_options;

/* ctx->pid_file, console_socket, preserve_fds and detach apply. *exit_status is the process's exit
 * status when not detached (126/127 when its executable cannot be run). */
int lc_container_exec(const lc_context *ctx, const lc_exec_options *options, int *exit_status, lc_error **err);
int lc_container_delete(const lc_context *ctx, bool force, lc_error **err);

/* features: the runtime-spec Features structure as indented JSON text (allocated): what oci-run
 * implements, with capabilities, seccomp flags and idmap mounts as this host supports them. */
char *lc_features_json(lc_error **err);

/* ---- cgroup operations: update, pause, resume, ps, events (container_cgroup.c) ---- */

/* Applies resources (from lc_resources_parse) to the cgroup of a created, running or paused
 * container. As runc, a zero value means "unchanged" (its template of the JSON is all zeros), and
 * memory.limit -1 without swap makes swap unlimited too. A value the kernel refuses fails with
 * an error naming the field; what was written before it stays. */
int lc_container_update(const lc_context *ctx, const lc_resources *resources, lc_error **err);

/* Freezes every process of a running container / thaws a paused one. */
int lc_container_pause(const lc_context *ctx, lc_error **err);
int lc_container_resume(const lc_context *ctx, lc_error **err);

/* The pids (host view) of every process in the container's cgroup, ascending; none once stopped. */
int lc_container_pids(const lc_context *ctx, pid_t **pids, size_t *len, lc_error **err);

/* Receives each event as one line of JSON in runc's shape ({"type":"stats","id":..,"data":{..}},
 * {"type":"oom","id":..}), without a newline. A negative return stops the stream; it sets errno. */
typedef int (*lc_event_fn)(void *data, const char *json);

typedef struct lc_events_options {
	bool stats_only;      /* --stats: one stats event, then return */
	uint64_t interval_ns; /* between stats events (> 0) */
	lc_event_fn emit;
	void *data;
} lc_events_options;

/* Streams a stats event every interval and an oom event for each OOM kill in the container,
 * until the container stops. */
int lc_container_events(const lc_context *ctx, const lc_events_options *options, lc_error **err);

#endif
