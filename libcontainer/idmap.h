/* idmap.h: id-mapped bind mounts (mounts[].uidMappings/gidMappings with the idmap or ridmap option):
 * a detached copy of the source tree, given a user namespace made for the mapping. */
#ifndef LC_IDMAP_H
#define LC_IDMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "mount_options.h"
#include "spec.h"

/* Whether a mount asks for an id-mapped mount: option idmap or ridmap, or uidMappings/gidMappings
 * (which without either option map the top mount only). */
bool lc_idmap_wanted(const lc_mount *m);

/* Opens mounts[index] as a detached id-mapped tree (open_tree OPEN_TREE_CLONE, recursive for rbind;
 * mount_setattr MOUNT_ATTR_IDMAP, recursive for ridmap) ready for move_mount. The mapping is the
 * mount's own, else linux.uidMappings/gidMappings, else the user namespace linux.namespaces joins.
 * Needs CAP_SYS_ADMIN over the source's filesystem, so it runs in the host's user namespace: in the
 * init when the container has no user namespace, else in the runtime before clone (lc_idmap_prepare).
 * Returns an O_CLOEXEC fd, or -1 with *err naming mounts[index]. */
int lc_idmap_open_mount(const lc_spec *spec, size_t index, const lc_mount_flags *f, lc_error **err);

/* For the runtime before it clones the init: one detached id-mapped tree per idmap mount, -1 for
 * the others, in *fds_out (spec->mounts_len entries, allocated; NULL when no mount wants one). The
 * init inherits the fds with its copy of the fd table; give the array to lc_rootfs_config.idmap_fds
 * and free it with lc_idmap_close after the clone. */
int lc_idmap_prepare(const lc_spec *spec, int **fds_out, lc_error **err);
void lc_idmap_close(int *fds, size_t len);

#endif
