/* recvtty.c: the receiving end of --console-socket for the terminal tests: listens on a unix socket,
 * takes one pty master passed with SCM_RIGHTS, writes the test's input to it and copies what comes back. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

static const char *program = "recvtty";

static void usage(FILE *out)
{
	fprintf(out,
		"usage: %s [-r READY] [-i INPUT] [-o OUTPUT] [-t SECONDS] [-k] SOCKET\n"
		"  listens on SOCKET, receives one fd (SCM_RIGHTS) and prints name=<message>,\n"
		"  is_pty=<0|1> and winsize=<rows>x<cols> to stderr, writes INPUT to it, then copies what\n"
		"  it reads to OUTPUT (default stdout) until end of file or EIO (every peer closed)\n"
		"  -r READY    create READY once the socket listens\n"
		"  -i INPUT    text written to the fd once received (e.g. a line for the container's shell)\n"
		"  -t SECONDS  give up (exit 124) after SECONDS (default 30)\n"
		"  -k          keep the fd open without reading it until killed (detached processes)\n",
		program);
}

static int fail(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", program, what, strerror(errno));
	return 1;
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char text[] = "recvtty: timed out\n";
	ssize_t ignored = write(2, text, sizeof(text) - 1);
	(void)ignored;
	_exit(124);
}

/* Receives one message with one fd; its bytes (the name the runtime sends) go to name. */
static int receive_fd(int conn, char *name, size_t name_size)
{
	char control[CMSG_SPACE(sizeof(int) * 4)] = {0};
	struct iovec iov = {.iov_base = name, .iov_len = name_size - 1};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
			     .msg_controllen = sizeof(control)};
	ssize_t n;
	int fd = -1;

	do
		n = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	name[n] = '\0';
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (fd < 0)
		errno = EPROTO;
	return fd;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *ready = NULL, *input = NULL, *output = NULL;
	unsigned seconds = 30;
	bool keep = false;
	int opt;

	while ((opt = getopt(argc, argv, "r:i:o:t:kh")) != -1) {
		switch (opt) {
		case 'r': ready = optarg; break;
		case 'i': input = optarg; break;
		case 'o': output = optarg; break;
		case 't': seconds = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'k': keep = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	const char *path = argv[optind];

	signal(SIGALRM, on_alarm);
	alarm(seconds);

	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "%s: socket path too long: %s\n", program, path);
		return 1;
	}
	strcpy(addr.sun_path, path);
	int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return fail("socket");
	unlink(path);
	if (bind(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return fail("bind");
	if (listen(sock, 1) < 0)
		return fail("listen");
	if (ready != NULL) {
		int fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0 || write_all(fd, "ready\n", 6) < 0)
			return fail(ready);
		close(fd);
	}

	int conn;
	do
		conn = accept4(sock, NULL, NULL, SOCK_CLOEXEC);
	while (conn < 0 && errno == EINTR);
	if (conn < 0)
		return fail("accept");
	char name[256];
	int master = receive_fd(conn, name, sizeof(name));
	if (master < 0)
		return fail("receive fd");
	close(conn);
	close(sock);
	unlink(path);

	struct termios t;
	struct winsize ws = {0};
	bool is_pty = tcgetattr(master, &t) == 0;
	if (is_pty)
		ioctl(master, TIOCGWINSZ, &ws);
	fprintf(stderr, "name=%s\nis_pty=%d\nwinsize=%ux%u\n", name, is_pty ? 1 : 0, ws.ws_row, ws.ws_col);
	fflush(stderr);

	if (keep) {
		alarm(0);
		for (;;)
			pause();
	}
	if (input != NULL && write_all(master, input, strlen(input)) < 0)
		return fail("write input");

	int out = STDOUT_FILENO;
	if (output != NULL && (out = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		return fail(output);
	for (;;) {
		char buf[4096];
		ssize_t n = read(master, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		/* EIO: the last process holding the pty's other end has closed it */
		if (n == 0 || (n < 0 && errno == EIO))
			break;
		if (n < 0)
			return fail("read");
		if (write_all(out, buf, (size_t)n) < 0)
			return fail("write output");
	}
	return 0;
}
