/* wait.h: a foreground run or exec waiting for its process: the signals it forwards, blocked before
 * the clone so none is lost, and the wait that turns the status into an exit code. */
#ifndef LC_WAIT_H
#define LC_WAIT_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* Blocks SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH and SIGCHLD when block is true;
 * *previous always receives the mask to restore. */
void lc_block_forwarded_signals(bool block, sigset_t *previous);

/* Waits for pid (our child), forwarding those signals to it; *exit_status is its exit status, or
 * 128+N when signal N ended it. */
int lc_wait_forwarding(pid_t pid, int *exit_status);

/* The exit code for a wait status. */
int lc_exit_code(int wait_status);

#endif
