/* state.h: the state directory of one container (--root/<id>/): state.json, the config.json copy,
 * the lock, the start gate socket, and the live status derived from them and the init process. */
#ifndef LC_STATE_H
#define LC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

#define LC_STATE_VERSION 1
#define LC_STATE_FILE "state.json"
#define LC_STATE_CONFIG_COPY "config.json"
#define LC_STATE_START_SOCKET "start.sock"

typedef struct lc_state {
	int version;
	char *id;
	pid_t pid;                     /* init pid on the host, 0 if none */
	unsigned long long pid_start;  /* field 22 of /proc/<pid>/stat, against pid reuse */
	char *bundle;                  /* absolute */
	char *rootfs;                  /* absolute */
	char *created;                 /* RFC 3339, UTC, nanoseconds */
	char *cgroup;                  /* lc_cgroup_path() of the container's cgroup, may be NULL */
	uid_t owner_uid;
	bool has_hooks;                /* config.json has hooks: later commands load the copy for them */
	lc_map annotations;
} lc_state;

typedef enum {
	LC_STATUS_CREATING,
	LC_STATUS_CREATED,
	LC_STATUS_RUNNING,
	LC_STATUS_PAUSED,
	LC_STATUS_STOPPED,
} lc_status;

const char *lc_status_name(lc_status status);

/* Makes state_root (0700, parents too) and state_root/<id> atomically. An existing id gives
 * `container "<id>" already exists`. Returns an O_DIRECTORY fd, locked (flock LOCK_EX). */
int lc_state_dir_create(const char *state_root, const char *id, lc_error **err);

/* Opens state_root/<id>, locked (LOCK_EX) unless shared: readers (state, list, kill, exec) take no
 * lock, as state.json is replaced atomically. Missing gives `container "<id>" does not exist`. */
int lc_state_dir_open(const char *state_root, const char *id, bool shared, lc_error **err);

/* Removes state_root/<id> and everything in it. */
int lc_state_dir_remove(const char *state_root, const char *id, lc_error **err);

/* Writes dirfd/state.json atomically (temp file + rename). */
int lc_state_write(int dirfd, const lc_state *state, lc_error **err);
/* Reads dirfd/state.json. ENOENT means the container is still being created. */
int lc_state_read(int dirfd, lc_state **out, lc_error **err);
/* Parses state.json text (NUL-terminated); the same checks as lc_state_read. */
int lc_state_parse(const char *text, lc_state **out, lc_error **err);
void lc_state_free(lc_state *state);

/* Writes any small file in dirfd atomically. */
int lc_state_write_file(int dirfd, const char *name, const char *data, size_t len, mode_t mode, lc_error **err);

/* The start time of pid (field 22 of /proc/<pid>/stat), or 0 when it does not exist or is a zombie. */
unsigned long long lc_process_start_time(pid_t pid);

/* The live status: stopped when the init is gone (or its start time differs, or it is a zombie),
 * created while the start gate exists, paused when frozen, else running. */
int lc_state_status(int dirfd, const lc_state *state, lc_status *out, lc_error **err);

/* The current time as RFC 3339 with nanoseconds, allocated. */
char *lc_now_rfc3339(void);

#endif
