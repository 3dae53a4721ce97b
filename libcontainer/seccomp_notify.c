/* seccomp_notify.c: the SCMP_ACT_NOTIFY hand-over to linux.seccomp.listenerPath: connecting while
 * host paths resolve, the container process state JSON, and the one SCM_RIGHTS message. */
#include "seccomp_notify.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cleanup.h"
#include "json_out.h"

#define NOTIFY_OCI_VERSION "1.3.0"

int lc_seccomp_notify_connect(const char *listener_path, lc_error **err)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	cleanup_close int fd = -1;

	if (strlen(listener_path) >= sizeof(addr.sun_path))
		return lc_fail(err, ENAMETOOLONG, "linux.seccomp.listenerPath: %s is longer than a unix socket path",
			       listener_path);
	memcpy(addr.sun_path, listener_path, strlen(listener_path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return lc_fail(err, errno, "linux.seccomp.listenerPath: socket");
	while (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		if (errno != EINTR)
			return lc_fail(err, errno, "linux.seccomp.listenerPath: connect to %s", listener_path);
	}
	return steal_fd(fd);
}

char *lc_seccomp_notify_message(const lc_container_state *state, const char *metadata)
{
	lc_json_writer *w = lc_json_new(false);
	const char *version = state->oci_version ? state->oci_version : NOTIFY_OCI_VERSION;

	if (w == NULL)
		return NULL;
	lc_json_begin_object(w);
	lc_json_kv_string(w, "ociVersion", version);
	lc_json_key(w, "fds");
	lc_json_begin_array(w);
	lc_json_string(w, "seccompFd");
	lc_json_end_array(w);
	lc_json_kv_int(w, "pid", state->pid);
	lc_json_kv_string(w, "metadata", metadata ? metadata : "");
	lc_json_key(w, "state");
	lc_json_begin_object(w);
	lc_json_kv_string(w, "ociVersion", version);
	lc_json_kv_string(w, "id", state->id);
	lc_json_kv_string(w, "status", state->status);
	lc_json_kv_int(w, "pid", state->pid);
	lc_json_kv_string(w, "bundle", state->bundle);
	if (state->annotations.len > 0) {
		lc_json_key(w, "annotations");
		lc_json_map(w, &state->annotations);
	}
	lc_json_end_object(w);
	lc_json_end_object(w);
	return lc_json_finish(w);
}

int lc_seccomp_notify_send(int listener_fd, int notify_fd, const char *message, lc_error **err)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = {.iov_base = (void *)message, .iov_len = strlen(message)};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			     .msg_controllen = sizeof(control.buf)};
	struct cmsghdr *cmsg;
	ssize_t sent;

	memset(&control, 0, sizeof(control));
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &notify_fd, sizeof(int));
	do
		sent = sendmsg(listener_fd, &msg, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return lc_fail(err, errno, "linux.seccomp.listenerPath: send the notify fd");
	/* The rest of a long state, without the fd (a stream socket may take it in parts). */
	for (size_t done = (size_t)sent; done < iov.iov_len;) {
		ssize_t n = send(listener_fd, message + done, iov.iov_len - done, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return lc_fail(err, errno, "linux.seccomp.listenerPath: send the container state");
		done += (size_t)n;
	}
	return 0;
}
