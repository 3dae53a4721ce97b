/* hooks.c: one hook is a fork + execve of its path with its args and env, the state JSON written to
 * its stdin, its stdout and stderr collected, and a pidfd poll that enforces its timeout. */
#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"

#define HOOK_OUTPUT_KEPT 2048

bool lc_spec_has_hooks(const lc_spec *spec)
{
	const lc_hooks *h = &spec->hooks;
	return spec->has_hooks && (h->prestart.len || h->create_runtime.len || h->create_container.len ||
				   h->start_container.len || h->poststart.len || h->poststop.len);
}

bool lc_spec_has_parent_hooks(const lc_spec *spec)
{
	return spec->has_hooks && (spec->hooks.prestart.len || spec->hooks.create_runtime.len);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The hook ran and failed: errnum ECANCELED (without its strerror text) tells callers on the far side
 * of a sync message (start, after the init's startContainer hooks) that the container must go. */
__attribute__((format(printf, 2, 3))) static int hook_failed(lc_error **err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lc_failv(err, 0, fmt, ap);
	va_end(ap);
	if (err != NULL && *err != NULL)
		(*err)->errnum = ECANCELED;
	return -1;
}

static _Noreturn void exec_hook(const lc_hook *hook, int stdin_fd, int output_fd)
{
	char *default_args[] = {hook->path, NULL};
	static char *const no_env[] = {NULL};
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(stdin_fd, 0) < 0 || dup2(output_fd, 1) < 0 || dup2(output_fd, 2) < 0)
		_exit(126);
	execve(hook->path, hook->args.len ? hook->args.items : default_args, hook->env.items ? hook->env.items : no_env);
	dprintf(2, "exec %s: %s", hook->path, strerror(errno));
	_exit(127);
}

static int run_one(const lc_hook *hook, const char *kind, size_t index, const char *state_json, lc_error **err)
{
	int in[2], out[2];
	char output[HOOK_OUTPUT_KEPT + 1];
	size_t output_len = 0;
	bool timed_out = false;
	int status = 0;

	/* a socket for stdin: a hook that does not read it must not kill us with SIGPIPE */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0)
		return lc_fail(err, errno, "%s hook #%zu (%s): socketpair", kind, index, hook->path);
	if (pipe2(out, O_CLOEXEC) < 0) {
		int saved = errno;
		close(in[0]);
		close(in[1]);
		return lc_fail(err, saved, "%s hook #%zu (%s): pipe", kind, index, hook->path);
	}
	pid_t pid = fork();
	if (pid < 0) {
		int saved = errno;
		close(in[0]); close(in[1]); close(out[0]); close(out[1]);
		return lc_fail(err, saved, "%s hook #%zu (%s): fork", kind, index, hook->path);
	}
	if (pid == 0)
		exec_hook(hook, in[1], out[1]);
	close(in[1]);
	close(out[1]);
	shutdown(in[0], SHUT_RD);
	send(in[0], state_json, strlen(state_json), MSG_NOSIGNAL | MSG_DONTWAIT);
	close(in[0]);

	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	long long deadline = hook->timeout.has && hook->timeout.value > 0 ? now_ms() + hook->timeout.value * 1000 : -1;
	bool output_open = true;
	for (;;) {
		struct pollfd fds[2] = {{.fd = out[0], .events = POLLIN}, {.fd = pidfd, .events = POLLIN}};
		int wait_ms = deadline < 0 ? -1 : (int)(deadline - now_ms());
		if (deadline >= 0 && wait_ms <= 0) {
			timed_out = true;
			kill(pid, SIGKILL);
			break;
		}
		int n = poll(fds + (output_open ? 0 : 1), output_open ? 2 : 1, wait_ms);
		if (n < 0 && errno != EINTR)
			break;
		if (n <= 0)
			continue;
		if (output_open && (fds[0].revents & (POLLIN | POLLHUP))) {
			char buf[512];
			ssize_t r = read(out[0], buf, sizeof(buf));
			if (r <= 0) {
				output_open = false;
			} else if (output_len < HOOK_OUTPUT_KEPT) {
				size_t keep = (size_t)r < HOOK_OUTPUT_KEPT - output_len ? (size_t)r : HOOK_OUTPUT_KEPT - output_len;
				memcpy(output + output_len, buf, keep);
				output_len += keep;
			}
		}
		if (fds[1].revents & POLLIN)
			break; /* exited; output written before exit is read below */
		if (pidfd < 0 && !output_open)
			break;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (pidfd >= 0)
		close(pidfd);
	/* drain what is left without blocking on a grandchild that keeps the pipe open */
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	for (ssize_t r; output_len < HOOK_OUTPUT_KEPT && (r = read(out[0], output + output_len, HOOK_OUTPUT_KEPT - output_len)) > 0;)
		output_len += (size_t)r;
	close(out[0]);
	while (output_len > 0 && (output[output_len - 1] == '\n' || output[output_len - 1] == '\r'))
		output_len--;
	output[output_len] = '\0';

	const char *sep = output_len ? ": " : "";
	if (timed_out)
		return hook_failed(err, "%s hook #%zu (%s): timed out after %lld seconds%s%s", kind, index, hook->path,
				   (long long)hook->timeout.value, sep, output);
	if (WIFSIGNALED(status))
		return hook_failed(err, "%s hook #%zu (%s): killed by signal %d%s%s", kind, index, hook->path,
				   WTERMSIG(status), sep, output);
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		return hook_failed(err, "%s hook #%zu (%s): exit status %d%s%s", kind, index, hook->path,
				   WEXITSTATUS(status), sep, output);
	return 0;
}

int lc_hooks_run(const lc_hook_list *hooks, const char *kind, const char *state_json, lc_error **err)
{
	for (size_t i = 0; i < hooks->len; i++)
		if (run_one(&hooks->items[i], kind, i, state_json, err) < 0)
			return -1;
	return 0;
}

void lc_hooks_run_all(const lc_hook_list *hooks, const char *kind, const char *state_json,
		      void (*warn)(void *data, const char *message), void *warn_data)
{
	for (size_t i = 0; i < hooks->len; i++) {
		lc_error *err = NULL;
		if (run_one(&hooks->items[i], kind, i, state_json, &err) < 0) {
			if (warn != NULL)
				warn(warn_data, err->message);
			lc_error_free(&err);
		}
	}
}
