/* seccomp-agent.c: a small seccomp notify agent for the security tests: listens at a unix socket,
 * takes the notify fd and state a runtime sends there, and answers intercepted mkdir/mkdirat calls.
 *
 * usage: seccomp-agent SOCKET OUTDIR [RULE...]
 *   RULE  PATH=ok       the call returns 0 without doing anything
 *         PATH=ERRNO    the call fails with that errno number
 *   Any other intercepted call goes on (SECCOMP_USER_NOTIF_FLAG_CONTINUE).
 * OUTDIR/state.N.json gets the payload of connection N (1, 2, ...) and OUTDIR/fds.N the number of
 * fds that came with it; OUTDIR/calls gets one line "SYSCALL PATH ANSWER" per notification.
 * OUTDIR/ready is written once the socket listens. The agent exits after 120 s or on SIGTERM. */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_FDS 32

static const char *outdir;
static int rule_count;
static char **rules;

static void write_file(const char *name, const char *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	FILE *f = fopen(path, "we");
	if (f == NULL)
		return;
	fwrite(data, 1, len, f);
	fclose(f);
}

static void log_call(const char *syscall_name, const char *path, const char *answer)
{
	char name[4096];
	snprintf(name, sizeof(name), "%s/calls", outdir);
	FILE *f = fopen(name, "ae");
	if (f == NULL)
		return;
	fprintf(f, "%s %s %s\n", syscall_name, path, answer);
	fclose(f);
}

/* Reads a NUL-terminated string at addr of pid; then checks the notification is still alive, so the
 * memory read belonged to the process that made the call. */
static int read_path(int notify_fd, const struct seccomp_notif *req, unsigned long long addr, char *out, size_t size)
{
	char mem[64];
	snprintf(mem, sizeof(mem), "/proc/%u/mem", req->pid);
	int fd = open(mem, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = pread(fd, out, size - 1, (off_t)addr);
	close(fd);
	if (n <= 0)
		return -1;
	out[n] = '\0';
	out[strnlen(out, (size_t)n)] = '\0';
	__u64 id = req->id;
	return ioctl(notify_fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0 ? 0 : -1;
}

static void answer(int notify_fd)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	char path[4096] = "";
	const char *name = "other";
	unsigned long long addr = 0;

	memset(&req, 0, sizeof(req));
	if (ioctl(notify_fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return;
	memset(&resp, 0, sizeof(resp));
	resp.id = req.id;
	resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	if (req.data.nr == SYS_mkdir) {
		name = "mkdir";
		addr = req.data.args[0];
	} else if (req.data.nr == SYS_mkdirat) {
		name = "mkdirat";
		addr = req.data.args[1];
	}
	const char *verdict = "continue";
	char verdict_text[32];
	if (addr != 0 && read_path(notify_fd, &req, addr, path, sizeof(path)) == 0) {
		size_t len = strlen(path);
		for (int i = 0; i < rule_count; i++) {
			if (strncmp(rules[i], path, len) != 0 || rules[i][len] != '=')
				continue;
			const char *what = rules[i] + len + 1;
			resp.flags = 0;
			if (strcmp(what, "ok") == 0) {
				resp.val = 0;
				verdict = "ok";
			} else {
				resp.error = -atoi(what);
				snprintf(verdict_text, sizeof(verdict_text), "errno=%s", what);
				verdict = verdict_text;
			}
			break;
		}
	}
	log_call(name, path[0] ? path : "?", verdict);
	ioctl(notify_fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
}

/* Whether text holds one whole JSON object (braces balanced outside strings). Runtimes need not
 * close the connection after the message, so its end is found this way. */
static bool complete_object(const char *text, size_t len)
{
	int depth = 0;
	bool in_string = false, escaped = false, opened = false;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{') {
			depth++;
			opened = true;
		} else if (c == '}') {
			depth--;
		}
	}
	return opened && depth == 0;
}

/* One connection: one JSON payload, with the fds of its SCM_RIGHTS messages. */
static int take_connection(int conn, int number)
{
	static char payload[1 << 20];
	size_t len = 0;
	int got_fd = -1, fd_count = 0;

	for (;;) {
		union {
			char buf[CMSG_SPACE(sizeof(int) * 4)];
			struct cmsghdr align;
		} control;
		struct iovec iov = {.iov_base = payload + len, .iov_len = sizeof(payload) - 1 - len};
		struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
				     .msg_controllen = sizeof(control.buf)};
		ssize_t n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
			if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
				continue;
			int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			for (int i = 0; i < count; i++) {
				int fd;
				memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
				if (got_fd < 0)
					got_fd = fd;
				else
					close(fd);
				fd_count++;
			}
		}
		len += (size_t)n;
		if (complete_object(payload, len))
			break;
	}
	close(conn);
	char name[64], count_text[16];
	snprintf(name, sizeof(name), "state.%d.json", number);
	write_file(name, payload, len);
	snprintf(name, sizeof(name), "fds.%d", number);
	int count_len = snprintf(count_text, sizeof(count_text), "%d\n", fd_count);
	write_file(name, count_text, (size_t)count_len);
	return got_fd;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct pollfd fds[MAX_FDS + 1];
	int nfds = 1, connections = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: %s SOCKET OUTDIR [PATH=ok|PATH=ERRNO...]\n", argv[0]);
		return 2;
	}
	outdir = argv[2];
	rules = argv + 3;
	rule_count = argc - 3;
	alarm(120);
	signal(SIGPIPE, SIG_IGN);

	int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", argv[1]);
	unlink(argv[1]);
	if (listener < 0 || bind(listener, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(listener, 8) < 0) {
		perror("seccomp-agent: listen");
		return 1;
	}
	write_file("ready", "1\n", 2);
	fds[0] = (struct pollfd){.fd = listener, .events = POLLIN};
	for (;;) {
		if (poll(fds, (nfds_t)nfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		if (fds[0].revents & POLLIN) {
			int conn = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
			if (conn >= 0) {
				int notify_fd = take_connection(conn, ++connections);
				if (notify_fd >= 0 && nfds <= MAX_FDS)
					fds[nfds++] = (struct pollfd){.fd = notify_fd, .events = POLLIN};
			}
		}
		for (int i = 1; i < nfds; i++) {
			if (fds[i].revents & POLLIN) {
				answer(fds[i].fd);
			} else if (fds[i].revents & (POLLHUP | POLLERR | POLLNVAL)) {
				/* every process under that filter is gone */
				close(fds[i].fd);
				fds[i--] = fds[--nfds];
			}
		}
	}
}
