/* tty.c: the container's pty: made from its own devpts (TIOCGPTPEER, so no path lookup of the peer),
 * its master handed over with SCM_RIGHTS, and the foreground proxy between the caller and the pty. */
#include "tty.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "cleanup.h"

int lc_tty_setup(const lc_process *process, lc_error **err)
{
	cleanup_close int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	int unlock = 0;
	int peer;

	if (master < 0)
		return lc_fail(err, errno, "process.terminal: open /dev/ptmx in the container");
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
		return lc_fail(err, errno, "process.terminal: unlock pty");
	peer = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	if (peer < 0)
		return lc_fail(err, errno, "process.terminal: open pty peer");
	if (fchown(peer, process->user.uid, process->user.gid) < 0 && errno != EPERM && errno != EINVAL) {
		close(peer);
		return lc_fail(err, errno, "process.terminal: chown pty");
	}
	if (process->has_console_size) {
		struct winsize ws = {.ws_row = (unsigned short)process->console_height,
				     .ws_col = (unsigned short)process->console_width};
		ioctl(master, TIOCSWINSZ, &ws);
	}
	if (setsid() < 0 && errno != EPERM) {
		close(peer);
		return lc_fail(err, errno, "process.terminal: setsid");
	}
	if (ioctl(peer, TIOCSCTTY, 0) < 0) {
		close(peer);
		return lc_fail(err, errno, "process.terminal: make the pty the controlling terminal");
	}
	for (int fd = 0; fd < 3; fd++)
		if (dup2(peer, fd) < 0) {
			close(peer);
			return lc_fail(err, errno, "process.terminal: dup2 pty to %d", fd);
		}
	if (peer > 2)
		close(peer);
	return steal_fd(master);
}

void lc_tty_size_from_caller(lc_process *process)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row != 0 && ws.ws_col != 0) {
		process->has_console_size = true;
		process->console_height = ws.ws_row;
		process->console_width = ws.ws_col;
	}
}

int lc_fd_send(int sock, int fd, const void *data, size_t len, lc_error **err)
{
	char control[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {.iov_base = (void *)data, .iov_len = len};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
			     .msg_controllen = sizeof(control)};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	ssize_t n;

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return lc_fail(err, errno, "send file descriptor");
	return 0;
}

int lc_fd_recv(int sock, void *data, size_t len, lc_error **err)
{
	char control[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {.iov_base = data, .iov_len = len};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
			     .msg_controllen = sizeof(control)};
	ssize_t n;
	int fd = -1;

	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return lc_fail(err, errno, "receive file descriptor");
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(c), sizeof(int));
	if (fd < 0)
		return lc_fail(err, EPROTO, "expected a file descriptor");
	return fd;
}

int lc_console_socket_send(const char *path, int master, lc_error **err)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	cleanup_close int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	static const char name[] = "/dev/ptmx";

	if (sock < 0)
		return lc_fail(err, errno, "--console-socket: socket");
	if (strlen(path) >= sizeof(addr.sun_path))
		return lc_fail(err, ENAMETOOLONG, "--console-socket %s", path);
	strcpy(addr.sun_path, path);
	if (connect(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return lc_fail(err, errno, "--console-socket: connect %s", path);
	if (lc_fd_send(sock, master, name, sizeof(name) - 1, err) < 0)
		return lc_error_wrap(err, "--console-socket %s", path);
	return 0;
}

static void copy_once(int from, int to, bool *open)
{
	char buf[8192];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n <= 0) {
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return;
		*open = false;
		return;
	}
	for (ssize_t done = 0; done < n;) {
		ssize_t w = write(to, buf + done, (size_t)(n - done));
		if (w < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return;
		}
		done += w;
	}
}

static void pass_window_size(int master)
{
	struct winsize ws;
	/* a caller's terminal of unknown size (0x0) keeps the size consoleSize set */
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && (ws.ws_row != 0 || ws.ws_col != 0))
		ioctl(master, TIOCSWINSZ, &ws);
}

int lc_tty_proxy_and_wait(int master, pid_t pid, int *exit_status, lc_error **err)
{
	static const int forwarded[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCHLD};
	struct termios saved, raw;
	bool raw_mode = false;
	bool stdin_open = true, master_open = true;
	sigset_t set;
	int status = 0;
	int sfd;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(forwarded) / sizeof(forwarded[0]); i++)
		sigaddset(&set, forwarded[i]);
	sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (sfd < 0)
		return lc_fail(err, errno, "signalfd");
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
		raw = saved;
		cfmakeraw(&raw);
		raw_mode = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
		pass_window_size(master);
	}
	for (bool exited = false; !exited;) {
		struct pollfd fds[3] = {{.fd = sfd, .events = POLLIN},
					{.fd = master_open ? master : -1, .events = POLLIN},
					{.fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN}};
		if (poll(fds, 3, -1) < 0 && errno != EINTR)
			break;
		if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
			copy_once(master, STDOUT_FILENO, &master_open);
		if (fds[2].revents & (POLLIN | POLLHUP | POLLERR))
			copy_once(STDIN_FILENO, master, &stdin_open);
		if (fds[0].revents & POLLIN) {
			struct signalfd_siginfo info;
			if (read(sfd, &info, sizeof(info)) == sizeof(info)) {
				if (info.ssi_signo == SIGWINCH)
					pass_window_size(master);
				else if (info.ssi_signo != SIGCHLD)
					kill(pid, (int)info.ssi_signo);
			}
			if (waitpid(pid, &status, WNOHANG) == pid)
				exited = true;
		}
	}
	/* what the process wrote just before it exited is still in the pty */
	fcntl(master, F_SETFL, O_NONBLOCK);
	while (master_open) {
		char buf[8192];
		ssize_t n = read(master, buf, sizeof(buf));
		if (n <= 0)
			break;
		if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
			break;
	}
	if (raw_mode)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	close(sfd);
	if (WIFEXITED(status))
		*exit_status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		*exit_status = 128 + WTERMSIG(status);
	else
		*exit_status = 1;
	return 0;
}
