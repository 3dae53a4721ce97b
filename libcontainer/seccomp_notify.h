/* seccomp_notify.h: SCMP_ACT_NOTIFY's hand-over: the notify fd of a loaded filter and the container
 * process state, sent with SCM_RIGHTS to the agent listening at linux.seccomp.listenerPath. */
#ifndef LC_SECCOMP_NOTIFY_H
#define LC_SECCOMP_NOTIFY_H

#include "container.h"
#include "error.h"

/* Connects (SOCK_STREAM, close-on-exec) to listenerPath. Called by the runtime before clone, where
 * host paths still resolve: the init loads its filter after pivot_root, and an exec'd process after
 * joining the container's mount namespace. Returns the fd or -1. */
int lc_seccomp_notify_connect(const char *listener_path, lc_error **err);

/* The runtime-spec "container process state" JSON: ociVersion, fds ["seccompFd"], pid, metadata,
 * state {ociVersion, id, status, pid, bundle, annotations}. Allocated; NULL on ENOMEM. */
char *lc_seccomp_notify_message(const lc_container_state *state, const char *metadata);

/* One sendmsg: message as payload, notify_fd as SCM_RIGHTS. Uses no allocation, so that as few
 * syscalls as possible run under the filter just loaded. */
int lc_seccomp_notify_send(int listener_fd, int notify_fd, const char *message, lc_error **err);

#endif
