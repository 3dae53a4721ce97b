/* process_setup.h: the steps that turn a clone of the runtime into the user's process, shared by the
 * container's init and by exec: attributes, identity and executable before the gate; the lock-down
 * (personality, no_new_privs, capabilities, seccomp) right before execve. */
#ifndef LC_PROCESS_SETUP_H
#define LC_PROCESS_SETUP_H

#include "capabilities.h"
#include "error.h"
#include "seccomp_filter.h"
#include "spec.h"

/* rlimits, oom_score_adj, scheduler, io priority, cwd, bounding set, user and groups, then the
 * executable looked up in the process's PATH (*exit_code 127/126 when that fails, else 1). */
int lc_process_prepare(const lc_process *process, const lc_cap_sets *caps, char **executable, int *exit_code,
		       lc_error **err);

/* personality, then no_new_privs + capabilities + seccomp in the order that keeps the filter loadable. */
int lc_process_lock_down(const lc_spec *spec, const lc_process *process, const lc_cap_sets *caps,
			 lc_seccomp_filter *seccomp, lc_error **err);

/* --preserve-fds N: fds 3..3+N-1 must be the caller's (open and not close-on-exec); anything else
 * would hand one of the runtime's own fds (a cgroup dir, the --log file) to the container. */
int lc_check_preserved_fds(unsigned count, lc_error **err);

#endif
