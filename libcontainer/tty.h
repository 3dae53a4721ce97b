/* tty.h: process.terminal: the pty made inside the container, its master passed with SCM_RIGHTS to
 * the runtime and on to --console-socket, and the foreground proxy when there is no socket. */
#ifndef LC_TTY_H
#define LC_TTY_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

/* In the process that will exec: opens a pty from the container's /dev/ptmx, makes the peer its
 * controlling terminal and stdio, sizes it from consoleSize. Returns the master fd (close-on-exec). */
int lc_tty_setup(const lc_process *process, lc_error **err);

/* A foreground proxy shows the pty on the caller's terminal: call before the clone so the pty has
 * that terminal's size (when stdin is one, of a known size) before the process can ask for it; the
 * proxy follows later changes. Otherwise consoleSize stays. */
void lc_tty_size_from_caller(lc_process *process);

/* SCM_RIGHTS over a unix socket, with a one-message header: type (sync.h) or, for the console
 * socket, the name "/dev/ptmx" as runc sends. */
int lc_fd_send(int sock, int fd, const void *data, size_t len, lc_error **err);
/* Receives one fd (and up to len bytes of data). Returns the fd or -1. */
int lc_fd_recv(int sock, void *data, size_t len, lc_error **err);

/* Connects to --console-socket and sends master there. */
int lc_console_socket_send(const char *path, int master, lc_error **err);

/* Foreground: copies stdin to master and master to stdout (stdin in raw mode when it is a tty,
 * restored after), passes window size changes, forwards signals to pid, and returns when pid has
 * exited, with its exit status (128+N for signal N). Signals must already be blocked by the caller. */
int lc_tty_proxy_and_wait(int master, pid_t pid, int *exit_status, lc_error **err);

#endif
