/* namespaces.h: which namespaces a container creates or joins, the id maps of a new user namespace,
 * and joining namespaces by path. */
#ifndef LC_NAMESPACES_H
#define LC_NAMESPACES_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

typedef struct lc_ns_plan {
	int join_fds[LC_NS__COUNT];  /* fd of linux.namespaces[].path to setns, or -1 */
	unsigned long clone_flags;   /* new namespaces: user, pid, mnt, uts, ipc, net */
	unsigned long unshare_flags; /* those of clone_flags made by the child instead, right after it joined
				      * a user namespace by path, so that the joined one owns them */
	bool new_cgroup_ns;          /* unshared by the init after it joined its cgroup */
	bool new_time_ns;
	bool new_user_ns;
} lc_ns_plan;

/* Opens every namespace path of the config (errors name linux.namespaces[i].path). */
int lc_ns_plan_make(const lc_spec *spec, lc_ns_plan *plan, lc_error **err);
void lc_ns_plan_close(lc_ns_plan *plan);

/* Parent side: writes /proc/<pid>/uid_map, setgroups and gid_map for a new user namespace. */
int lc_ns_write_id_maps(pid_t pid, const lc_spec *spec, lc_error **err);

/* Child side: setns into every namespace of the plan that has a path, user first, and right after
 * the user namespace, unshare the new namespaces it must own (unshare_flags). */
int lc_ns_join_paths(const lc_ns_plan *plan, lc_error **err);

/* Child side: hostname and domainname. */
int lc_ns_set_names(const lc_spec *spec, lc_error **err);

#endif
