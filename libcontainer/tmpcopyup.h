/* tmpcopyup.h: copying the rootfs content of a tmpfs mount's destination into the new tmpfs
 * (the tmpcopyup mount option), without following any symlink of the rootfs. */
#ifndef LC_TMPCOPYUP_H
#define LC_TMPCOPYUP_H

#include "error.h"

/* What of the tmpfs root the mount options already decided (mode=, uid=, gid=). */
#define LC_TMPCOPYUP_KEEP_MODE 1u
#define LC_TMPCOPYUP_KEEP_UID 2u
#define LC_TMPCOPYUP_KEEP_GID 4u

/* Copies everything below from_dir (the directory the tmpfs now covers, opened before the mount)
 * into to_dir (the tmpfs root): regular files, directories, symlinks as links, device nodes, fifos
 * and sockets as nodes, each with its owner, mode and times. The root then takes from_dir's owner
 * and mode, except what keep_root names. what: "mounts[N]" for messages. */
int lc_tmpcopyup(int from_dir, int to_dir, unsigned keep_root, const char *what, lc_error **err);

#endif
