/* seccomp_filter.h: linux.seccomp compiled with libseccomp before the start gate (so a bad profile fails
 * create) and loaded as the last step before execve. */
#ifndef LC_SECCOMP_FILTER_H
#define LC_SECCOMP_FILTER_H

#include "error.h"
#include "spec.h"

typedef struct lc_seccomp_filter lc_seccomp_filter;

/* warn receives skipped entries (unknown syscall names, flags this libseccomp lacks); may be NULL. */
int lc_seccomp_build(const lc_seccomp *profile, lc_seccomp_filter **out,
		     void (*warn)(void *data, const char *message), void *warn_data, lc_error **err);
int lc_seccomp_load(lc_seccomp_filter *filter, lc_error **err);
void lc_seccomp_free(lc_seccomp_filter *filter);

/* For validation: -1 when the name is not an SCMP_ACT_ the spec lists. */
int lc_seccomp_action_known(const char *name);

#endif
