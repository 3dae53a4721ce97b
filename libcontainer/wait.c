/* wait.c: waiting for a container process in the foreground while forwarding the signals a user
 * sends to oci-run, as runc forwards them. */
#include "wait.h"

#include <errno.h>
#include <sys/wait.h>
#include <time.h>

static const int forwarded_signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD};

static void forwarded_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof(forwarded_signals) / sizeof(forwarded_signals[0]); i++)
		sigaddset(set, forwarded_signals[i]);
}

void lc_block_forwarded_signals(bool block, sigset_t *previous)
{
	sigset_t set;

	if (block)
		forwarded_set(&set);
	else
		sigemptyset(&set);
	sigprocmask(SIG_BLOCK, &set, previous);
}

int lc_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

int lc_wait_forwarding(pid_t pid, int *exit_status)
{
	sigset_t set;
	int status = 0;

	forwarded_set(&set);
	for (;;) {
		pid_t done = waitpid(pid, &status, WNOHANG);
		if (done == pid)
			break;
		if (done < 0 && errno != EINTR)
			return -1;
		siginfo_t info;
		struct timespec tick = {.tv_sec = 1};
		int sig = sigtimedwait(&set, &info, &tick);
		if (sig > 0 && sig != SIGCHLD)
			kill(pid, sig);
	}
	*exit_status = lc_exit_code(status);
	return 0;
}
