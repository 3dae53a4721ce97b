/* seccomp_filter.h: linux.seccomp compiled with libseccomp before the start gate (so a bad profile or an
 * unreachable listener fails create) and loaded as the last step before execve. */
#ifndef LC_SECCOMP_FILTER_H
#define LC_SECCOMP_FILTER_H

#include "container.h"
#include "error.h"
#include "spec.h"

typedef struct lc_seccomp_filter lc_seccomp_filter;

/* warn receives skipped entries (unknown syscall names, flags this libseccomp lacks); may be NULL. */
int lc_seccomp_build(const lc_seccomp *profile, lc_seccomp_filter **out,
		     void (*warn)(void *data, const char *message), void *warn_data, lc_error **err);
/* With SCMP_ACT_NOTIFY rules and linux.seccomp.listenerPath, build also connects to the listener
 * (the caller runs it before clone, where host paths resolve), and load sends the notify fd with the
 * state given here to it right after loading. No-op without a listener. */
int lc_seccomp_set_notify_state(lc_seccomp_filter *filter, const lc_container_state *state, lc_error **err);
int lc_seccomp_load(lc_seccomp_filter *filter, lc_error **err);
void lc_seccomp_free(lc_seccomp_filter *filter);

/* For validation: -1 when the name is not an SCMP_ACT_ the spec lists. */
int lc_seccomp_action_known(const char *name);

#endif
