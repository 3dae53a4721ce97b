/* rootfs.h: building the container's filesystem in the init's mount namespace: root propagation,
 * the mounts of config.json in order, devices, masked and read-only paths, and pivot_root. */
#ifndef LC_ROOTFS_H
#define LC_ROOTFS_H

#include <stdbool.h>

#include "error.h"
#include "spec.h"

typedef struct lc_rootfs_config {
	const lc_spec *spec;
	const char *rootfs;  /* absolute host path */
	bool no_pivot;
	bool in_user_ns;     /* devices are bind-mounted instead of made with mknod */
	/* Called once before the first cgroup mount (or at the end when there is none): the init joins
	 * its cgroup namespace there, which must happen after the parent placed it in its cgroup. */
	int (*before_cgroup_mount)(void *data, lc_error **err);
	/* Called after the mounts and devices, before masked and read-only paths (sysctl goes there,
	 * as /proc/sys is usually made read-only). May be NULL. */
	int (*after_mounts)(void *data, lc_error **err);
	void *hook_data;
	/* Detached id-mapped trees the runtime made before clone (lc_idmap_prepare in idmap.h), one per
	 * mount, -1 where none; NULL when none was made. Needed when in_user_ns; otherwise the init
	 * makes them itself. */
	const int *idmap_fds;
} lc_rootfs_config;

/* Everything up to and including pivot_root (or chroot under --no-pivot) and root.readonly. */
int lc_rootfs_setup(const lc_rootfs_config *cfg, lc_error **err);

/* devices.c: the default devices, linux.devices and the /dev symlinks, inside rootfd. */
int lc_devices_setup(int rootfd, const lc_spec *spec, bool in_user_ns, lc_error **err);

#endif
