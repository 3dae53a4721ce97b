/* devices.c: /dev inside the container: the default devices every container gets, linux.devices,
 * and the /dev/fd, stdin, stdout, stderr, ptmx and core symlinks. */
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "path.h"

struct default_device {
	const char *path;
	unsigned major, minor;
};

static const struct default_device default_devices[] = {
	{"/dev/null", 1, 3}, {"/dev/zero", 1, 5}, {"/dev/full", 1, 7},
	{"/dev/random", 1, 8}, {"/dev/urandom", 1, 9}, {"/dev/tty", 5, 0},
};

static const struct {
	const char *link;
	const char *target;
} default_symlinks[] = {
	{"/dev/fd", "/proc/self/fd"},
	{"/dev/stdin", "/proc/self/fd/0"},
	{"/dev/stdout", "/proc/self/fd/1"},
	{"/dev/stderr", "/proc/self/fd/2"},
};

/* In a user namespace mknod is refused: bind the host's node onto an empty file instead. */
static int bind_host_device(int rootfd, const char *path, const char *what, lc_error **err)
{
	cleanup_close int fd = lc_mkfile_in_root(rootfd, path, 0000, err);
	char target[LC_FD_PATH_MAX];

	if (fd < 0)
		return lc_error_wrap(err, "%s", what);
	if (mount(path, lc_fd_path(fd, target), NULL, MS_BIND, NULL) < 0)
		return lc_fail(err, errno, "%s: bind host %s", what, path);
	return 0;
}

static int make_node(int rootfd, const char *path, mode_t mode, dev_t dev, uid_t uid, gid_t gid,
		     bool in_user_ns, const char *what, lc_error **err)
{
	cleanup_free char *parent = NULL;
	const char *name;
	cleanup_close int parentfd = -1;

	if (in_user_ns)
		return bind_host_device(rootfd, path, what, err);
	if (lc_path_split(path, &parent, &name) < 0)
		return lc_fail(err, ENOMEM, "%s", what);
	parentfd = lc_mkdir_in_root(rootfd, parent, 0755, err);
	if (parentfd < 0)
		return lc_error_wrap(err, "%s", what);
	/* O_PATH fds cannot be used by mknodat/fchownat with a name: reopen the directory. */
	cleanup_close int dirfd = openat(parentfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return lc_fail(err, errno, "%s: open %s", what, parent);
	if (unlinkat(dirfd, name, 0) < 0 && errno != ENOENT)
		return lc_fail(err, errno, "%s: replace %s", what, path);
	if (mknodat(dirfd, name, mode, dev) < 0) {
		if (errno == EPERM)
			return bind_host_device(rootfd, path, what, err);
		return lc_fail(err, errno, "%s: mknod %s", what, path);
	}
	/* mknod honours the umask: set the mode the config asked for exactly */
	if (fchmodat(dirfd, name, mode & 07777, 0) < 0)
		return lc_fail(err, errno, "%s: chmod %s", what, path);
	if (fchownat(dirfd, name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
		return lc_fail(err, errno, "%s: chown %s", what, path);
	return 0;
}

static int make_symlink(int rootfd, const char *link, const char *target, lc_error **err)
{
	cleanup_free char *parent = NULL;
	const char *name;
	cleanup_close int parentfd = -1;

	if (lc_path_split(link, &parent, &name) < 0)
		return lc_fail(err, ENOMEM, "%s", link);
	parentfd = lc_open_in_root(rootfd, parent, O_PATH | O_DIRECTORY);
	if (parentfd < 0)
		return lc_fail(err, errno, "symlink %s: open %s", link, parent);
	if (symlinkat(target, parentfd, name) < 0 && errno != EEXIST)
		return lc_fail(err, errno, "symlink %s -> %s", link, target);
	return 0;
}

static mode_t device_type_mode(char type)
{
	switch (type) {
	case 'b': return S_IFBLK;
	case 'p': return S_IFIFO;
	default: return S_IFCHR; /* 'c' and 'u' */
	}
}

int lc_devices_setup(int rootfd, const lc_spec *spec, bool in_user_ns, lc_error **err)
{
	char what[64];

	for (size_t i = 0; i < sizeof(default_devices) / sizeof(default_devices[0]); i++) {
		const struct default_device *d = &default_devices[i];
		bool configured = false;
		for (size_t j = 0; j < spec->linux_.devices_len; j++)
			if (strcmp(spec->linux_.devices[j].path, d->path) == 0)
				configured = true;
		if (configured)
			continue;
		snprintf(what, sizeof(what), "default device %s", d->path);
		if (make_node(rootfd, d->path, S_IFCHR | 0666, makedev(d->major, d->minor), 0, 0, in_user_ns, what,
			      err) < 0)
			return -1;
	}
	for (size_t i = 0; i < spec->linux_.devices_len; i++) {
		const lc_device *d = &spec->linux_.devices[i];
		mode_t perm = d->file_mode.has ? (mode_t)d->file_mode.value : 0666;
		dev_t dev = d->type == 'p' ? 0 : makedev((unsigned)d->major, (unsigned)d->minor);
		snprintf(what, sizeof(what), "linux.devices[%zu]", i);
		if (make_node(rootfd, d->path, device_type_mode(d->type) | (perm & 07777), dev,
			      d->uid.has ? (uid_t)d->uid.value : 0, d->gid.has ? (gid_t)d->gid.value : 0, in_user_ns,
			      what, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof(default_symlinks) / sizeof(default_symlinks[0]); i++)
		if (make_symlink(rootfd, default_symlinks[i].link, default_symlinks[i].target, err) < 0)
			return -1;
	/* /dev/ptmx follows the container's own devpts instance when it has one */
	struct stat st;
	cleanup_close int pts = lc_open_in_root(rootfd, "/dev/pts/ptmx", O_PATH);
	if (pts >= 0 && fstat(pts, &st) == 0) {
		cleanup_close int devfd = lc_open_in_root(rootfd, "/dev", O_RDONLY | O_DIRECTORY);
		if (devfd >= 0) {
			unlinkat(devfd, "ptmx", 0);
			if (symlinkat("pts/ptmx", devfd, "ptmx") < 0)
				return lc_fail(err, errno, "symlink /dev/ptmx");
		}
	}
	if (access("/proc/kcore", F_OK) == 0 && make_symlink(rootfd, "/dev/core", "/proc/kcore", err) < 0)
		return -1;
	return 0;
}
