/* cgroup.h: one interface over the cgroup v1, v2 and hybrid layouts.
 * The lifecycle code never knows which driver it talks to; layout is detected at run time. */
#ifndef LC_CGROUP_H
#define LC_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

typedef enum {
	LC_CGROUP_LAYOUT_V1,     /* v1 controllers only */
	LC_CGROUP_LAYOUT_HYBRID, /* v1 controllers + a cgroup2 mount (e.g. /sys/fs/cgroup/unified) */
	LC_CGROUP_LAYOUT_V2,     /* pure unified */
} lc_cgroup_layout;

typedef struct lc_cgroup lc_cgroup; /* opaque; owned by the caller, freed with lc_cgroup_free */

/* Where cgroup filesystems are looked for; NULL means "/sys/fs/cgroup". Tests may point it elsewhere. */
int lc_cgroup_detect_layout(const char *cgroup_root, lc_cgroup_layout *out, lc_error **err);

/* Resolves a container's cgroup from linux.cgroupsPath. Absolute paths are taken from each
 * hierarchy's root; relative ones under pid 1's cgroup in that hierarchy (as runc); NULL or empty
 * means "/oci-run/<id>". Does not touch the filesystem beyond detection. */
int lc_cgroup_open(const char *cgroups_path, const char *container_id, lc_cgroup **out, lc_error **err);

/* Re-opens a cgroup recorded in a state file (the string from lc_cgroup_path). */
int lc_cgroup_open_saved(const char *saved_path, lc_cgroup **out, lc_error **err);

/* A string describing the resolved cgroup, stored in state.json and accepted by
 * lc_cgroup_open_saved (e.g. "/oci-run/ID"). */
const char *lc_cgroup_path(const lc_cgroup *cg);
lc_cgroup_layout lc_cgroup_get_layout(const lc_cgroup *cg);

/* Makes the directories (every v1 hierarchy; v2: enables the needed controllers in
 * cgroup.subtree_control down the path) and applies resources (may be NULL). On failure everything
 * this call created is removed again. */
int lc_cgroup_create(lc_cgroup *cg, const lc_resources *resources, lc_error **err);

/* An O_DIRECTORY fd of the v2 cgroup (unified mount, also in hybrid) for clone3 CLONE_INTO_CGROUP,
 * or -1 when there is none. Owned by cg: do not close. Valid after lc_cgroup_create. */
int lc_cgroup_clone_into_fd(const lc_cgroup *cg);

/* Moves pid into the cgroup in every hierarchy. skip_unified: the process is already in the v2
 * cgroup through CLONE_INTO_CGROUP. */
int lc_cgroup_join(const lc_cgroup *cg, pid_t pid, bool skip_unified, lc_error **err);

/* Applies resources to an existing cgroup (update). */
int lc_cgroup_update(const lc_cgroup *cg, const lc_resources *resources, lc_error **err);

/* Every pid in the cgroup (recursively), allocated array. */
int lc_cgroup_pids(const lc_cgroup *cg, pid_t **pids, size_t *len, lc_error **err);

/* Sends sig to every process of the cgroup (v2 SIGKILL: cgroup.kill; else freeze, signal, thaw). */
int lc_cgroup_kill_all(const lc_cgroup *cg, int sig, lc_error **err);

int lc_cgroup_freeze(const lc_cgroup *cg, bool frozen, lc_error **err);
/* *frozen = true when the freezer says FROZEN (v1) or cgroup.freeze/events frozen 1 (v2). */
int lc_cgroup_is_frozen(const lc_cgroup *cg, bool *frozen, lc_error **err);

/* Removes the directories (every hierarchy), waiting briefly for exiting tasks. Missing is success.
 * The shared default parent (/oci-run) is removed too when it is left empty. */
int lc_cgroup_destroy(const lc_cgroup *cg, lc_error **err);

void lc_cgroup_free(lc_cgroup *cg);

#endif
