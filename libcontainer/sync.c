/* sync.c: sending and receiving the messages of sync.h over the parent/child socketpair
 * and the start-gate connection. */
#include "sync.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "tty.h"

static const char *type_name(uint32_t type)
{
	switch (type) {
	case SYNC_USERNS_MAPPED: return "userns-mapped";
	case SYNC_CGROUP_JOINED: return "cgroup-joined";
	case SYNC_READY: return "ready";
	case SYNC_ERROR: return "error";
	case SYNC_START: return "start";
	case SYNC_EXEC_FAILED: return "exec-failed";
	case SYNC_HOOKS_REQUEST: return "hooks-request";
	case SYNC_HOOKS_DONE: return "hooks-done";
	case SYNC_PTY_MASTER: return "pty-master";
	}
	return "unknown";
}

static int send_all(int fd, const struct lc_sync_message *msg)
{
	size_t len = offsetof(struct lc_sync_message, text) + msg->text_len;
	ssize_t n;

	do
		n = send(fd, msg, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len ? 0 : -1;
}

int lc_sync_send(int fd, enum lc_sync_type type, lc_error **err)
{
	struct lc_sync_message msg = {.type = type};

	if (send_all(fd, &msg) < 0)
		return lc_fail(err, errno, "send %s message", type_name(type));
	return 0;
}

int lc_sync_send_text(int fd, enum lc_sync_type type, const char *text, lc_error **err)
{
	if (lc_sync_send_error(fd, type, 0, 0, text) < 0)
		return lc_fail(err, errno, "send %s message", type_name(type));
	return 0;
}

int lc_sync_send_error(int fd, enum lc_sync_type type, int errnum, int exit_code, const char *text)
{
	struct lc_sync_message msg = {.type = type, .errnum = errnum, .exit_code = exit_code};
	size_t len = text ? strlen(text) : 0;

	if (len > sizeof(msg.text))
		len = sizeof(msg.text);
	memcpy(msg.text, text ? text : "", len);
	msg.text_len = (uint32_t)len;
	return send_all(fd, &msg);
}

int lc_sync_send_fd(int sock, enum lc_sync_type type, int fd, lc_error **err)
{
	struct lc_sync_message msg = {.type = type};

	return lc_fd_send(sock, fd, &msg, offsetof(struct lc_sync_message, text), err);
}

int lc_sync_recv(int fd, struct lc_sync_message *msg, lc_error **err)
{
	char control[CMSG_SPACE(sizeof(int))] = {0};
	struct iovec iov = {.iov_base = msg, .iov_len = offsetof(struct lc_sync_message, passed_fd)};
	struct msghdr hdr = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
			     .msg_controllen = sizeof(control)};
	ssize_t n;

	msg->passed_fd = -1;
	do
		n = recvmsg(fd, &hdr, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return lc_fail(err, errno, "receive from container init");
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&hdr); c != NULL; c = CMSG_NXTHDR(&hdr, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(&msg->passed_fd, CMSG_DATA(c), sizeof(int));
	if (n == 0)
		return 0;
	if ((size_t)n < offsetof(struct lc_sync_message, text) ||
	    msg->text_len != (size_t)n - offsetof(struct lc_sync_message, text))
		return lc_fail(err, EPROTO, "malformed message from container init");
	return 1;
}

int lc_sync_expect(int fd, enum lc_sync_type type, lc_error **err)
{
	int ignored;
	return lc_sync_expect_code(fd, type, &ignored, err);
}

int lc_sync_expect_code(int fd, enum lc_sync_type type, int *exit_code, lc_error **err)
{
	struct lc_sync_message msg;
	int ret = lc_sync_recv(fd, &msg, err);

	*exit_code = 1;
	if (ret < 0)
		return -1;
	if (ret == 0)
		return lc_fail(err, EPIPE, "container init exited before %s", type_name(type));
	if (msg.type == SYNC_ERROR || msg.type == SYNC_EXEC_FAILED) {
		*exit_code = msg.exit_code > 0 ? msg.exit_code : 1;
		return lc_fail(err, 0, "%.*s", (int)msg.text_len, msg.text);
	}
	if (msg.type != type)
		return lc_fail(err, EPROTO, "expected %s message, got %s", type_name(type), type_name(msg.type));
	return 0;
}
