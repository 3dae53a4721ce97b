/* init.h: the container's init process, from clone to execve: the child half of spawn.
 * It reports every failure to the parent over the sync socket (sync.h) and never returns. */
#ifndef LC_INIT_H
#define LC_INIT_H

#include <stdbool.h>

#include "capabilities.h"
#include "cgroup.h"
#include "namespaces.h"
#include "seccomp_filter.h"
#include "spec.h"

typedef struct lc_init_config {
	const lc_spec *spec;
	const char *rootfs;       /* absolute host path */
	const lc_ns_plan *ns;
	int sync_fd;              /* child's end of the socketpair */
	int gate_fd;              /* listening start.sock */
	bool no_pivot;
	bool no_new_keyring;
	const char *id;           /* session keyring name */
	unsigned preserve_fds;
	const lc_cap_sets *caps;          /* resolved by the parent */
	lc_seccomp_filter *seccomp;       /* compiled by the parent, NULL without linux.seccomp */
	const struct lc_container_state *hook_state; /* state for createContainer/startContainer hooks */
	const int *idmap_fds;             /* id-mapped trees made by the parent (user namespace), or NULL */
	const lc_cgroup *cgroup;          /* self-join prepared by the parent, or NULL */
} lc_init_config;

_Noreturn void lc_init_main(const lc_init_config *cfg);

#endif
