/* path.h: resolving and creating paths inside the rootfs without ever leaving it: every lookup is
 * openat2 with RESOLVE_IN_ROOT from the rootfs fd, so symlinks and ".." stay inside. */
#ifndef LC_PATH_H
#define LC_PATH_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* openat2(rootfd, path, flags | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS). -1 + errno. */
int lc_open_in_root(int rootfd, const char *path, int flags);

/* Makes every missing directory of path (inside rootfd), returns an O_PATH fd of the last one. */
int lc_mkdir_in_root(int rootfd, const char *path, mode_t mode, lc_error **err);

/* Like lc_mkdir_in_root for the parents, then an empty regular file if nothing is there;
 * returns an O_PATH fd of what is at path. */
int lc_mkfile_in_root(int rootfd, const char *path, mode_t mode, lc_error **err);

/* "/proc/self/fd/N" for fd, a path mount(2) and friends can use to reach exactly that inode. */
#define LC_FD_PATH_MAX 32
const char *lc_fd_path(int fd, char buf[LC_FD_PATH_MAX]);

/* Splits "/a/b/c" into its parent "/a/b" (allocated) and last name "c" (points into path). */
int lc_path_split(const char *path, char **parent, const char **name);

#endif
