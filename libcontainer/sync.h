/* sync.h: every message between the runtime (parent), the container init (child) and `start`,
 * in one table. Parent and child share a SOCK_SEQPACKET socketpair, so one send is one message. */
#ifndef LC_SYNC_H
#define LC_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/*
 * | message              | sender | when                                              | payload            |
 * |----------------------|--------|---------------------------------------------------|--------------------|
 * | SYNC_USERNS_MAPPED   | parent | after writing uid_map/gid_map of a new user ns     | none               |
 * | SYNC_CGROUP_JOINED   | parent | after the child is in every cgroup hierarchy       | its host pid       |
 * | SYNC_HOOKS_REQUEST   | child  | mounts done, before pivot_root, when the config    | none               |
 * |                      |        | has prestart/createRuntime hooks                   |                    |
 * | SYNC_HOOKS_DONE      | parent | those hooks succeeded (on failure: init killed)    | none               |
 * | SYNC_PTY_MASTER      | child  | process.terminal: after pivot_root, the pty made   | the master fd      |
 * |                      |        | in the container's devpts                          | (SCM_RIGHTS)       |
 * | SYNC_READY           | child  | set-up done; the init now waits at the start gate  | none               |
 * | SYNC_ERROR           | child  | any set-up step failed; the child then exits 1     | errnum + message   |
 * | SYNC_START           | parent | `run` only: go ahead and exec (no gate socket)     | none               |
 * | SYNC_EXEC_FAILED     | child  | execve failed after the gate (sent to the gate     | errnum + message   |
 * |                      |        | peer: the `start` command, or the `run` parent)    |                    |
 *
 * The child's end of the socketpair and the gate connection are close-on-exec: the peer reading
 * end-of-file right after the gate means execve succeeded.
 * The gate of create/start is a listening unix socket state_root/<id>/start.sock, made by the parent
 * before clone and inherited by the init. `start` connects and sends one byte (SYNC_START); the init
 * accepts, execs, and the connection closes on exec (or carries SYNC_EXEC_FAILED).
 */
enum lc_sync_type {
	SYNC_USERNS_MAPPED = 1,
	SYNC_CGROUP_JOINED,
	SYNC_READY,
	SYNC_ERROR,
	SYNC_START,
	SYNC_EXEC_FAILED,
	SYNC_HOOKS_REQUEST,
	SYNC_HOOKS_DONE,
	SYNC_PTY_MASTER,
};

#define LC_SYNC_MESSAGE_MAX 4096

struct lc_sync_message {
	uint32_t type;
	int32_t errnum;
	int32_t exit_code;    /* SYNC_EXEC_FAILED: the status the process exits with (126, 127) */
	uint32_t text_len;
	char text[LC_SYNC_MESSAGE_MAX];
	int passed_fd;        /* set by lc_sync_recv: an fd that came with the message, else -1 */
};

/* Sends a message without payload. */
int lc_sync_send(int fd, enum lc_sync_type type, lc_error **err);
/* Sends a message whose payload is text (SYNC_CGROUP_JOINED: the pid). */
int lc_sync_send_text(int fd, enum lc_sync_type type, const char *text, lc_error **err);
/* Sends an error message (SYNC_ERROR or SYNC_EXEC_FAILED) carrying the text of e. */
int lc_sync_send_error(int fd, enum lc_sync_type type, int errnum, int exit_code, const char *text);
/* Sends a message carrying fd (SCM_RIGHTS). */
int lc_sync_send_fd(int sock, enum lc_sync_type type, int fd, lc_error **err);
/* Receives one message. Returns 1 on a message, 0 on end of file, -1 on error. */
int lc_sync_recv(int fd, struct lc_sync_message *msg, lc_error **err);
/* Receives and expects one type; SYNC_ERROR from the peer becomes *err. */
int lc_sync_expect(int fd, enum lc_sync_type type, lc_error **err);
/* The same, also giving the exit code the peer reported with its error (1 when none). */
int lc_sync_expect_code(int fd, enum lc_sync_type type, int *exit_code, lc_error **err);

#endif
