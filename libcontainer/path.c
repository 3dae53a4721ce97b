/* path.c: lookups and creation confined to the rootfs (openat2 RESOLVE_IN_ROOT), and the
 * /proc/self/fd/N form used to mount onto exactly the inode that was resolved. */
#include "path.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

int lc_open_in_root(int rootfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int fd;

	if (flags & O_CREAT)
		how.mode = 0644;
	do
		fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN);
	return fd;
}

const char *lc_fd_path(int fd, char buf[LC_FD_PATH_MAX])
{
	snprintf(buf, LC_FD_PATH_MAX, "/proc/self/fd/%d", fd);
	return buf;
}

int lc_path_split(const char *path, char **parent, const char **name)
{
	const char *slash;
	size_t len = strlen(path);

	/* ignore trailing slashes */
	while (len > 1 && path[len - 1] == '/')
		len--;
	slash = memrchr(path, '/', len);
	if (slash == NULL) {
		*parent = strdup(".");
		*name = path;
	} else {
		*parent = strndup(path, slash == path ? 1 : (size_t)(slash - path));
		*name = slash + 1;
	}
	return *parent ? 0 : -1;
}

/* As many links as the kernel follows in one lookup. */
#define MAX_LINKS 40

static int mkdir_in_root(int rootfd, const char *path, mode_t mode, int links, lc_error **err);

/* The path inside the rootfs that the symlink name in parentfd points to: relative to parent, or
 * from the rootfs top when absolute (openat2 RESOLVE_IN_ROOT reads it that way too). */
static char *link_target_in_root(int parentfd, const char *parent, const char *name, int links, lc_error **err)
{
	char target[4096];
	char *resolved = NULL;
	ssize_t len;

	if (links >= MAX_LINKS) {
		lc_fail(err, ELOOP, "%s/%s in rootfs", parent, name);
		return NULL;
	}
	len = readlinkat(parentfd, name, target, sizeof(target) - 1);
	if (len < 0) {
		lc_fail(err, errno, "readlink %s/%s in rootfs", parent, name);
		return NULL;
	}
	target[len] = '\0';
	if (target[0] == '/')
		resolved = strdup(target);
	else if (asprintf(&resolved, "%s/%s", parent, target) < 0)
		resolved = NULL;
	if (resolved == NULL)
		lc_fail(err, ENOMEM, "%s", name);
	return resolved;
}

static bool is_symlink_at(int dirfd, const char *name)
{
	struct stat st;
	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

/* name in parentfd is a symlink that resolves to nothing yet: make its target inside the rootfs,
 * as runc's MkdirAll through securejoin does. */
static int mkdir_link_target(int rootfd, int parentfd, const char *parent, const char *name, mode_t mode,
			     int links, lc_error **err)
{
	cleanup_free char *resolved = link_target_in_root(parentfd, parent, name, links, err);
	if (resolved == NULL)
		return -1;
	int fd = mkdir_in_root(rootfd, resolved, mode, links + 1, err);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int mkdir_in_root(int rootfd, const char *path, mode_t mode, int links, lc_error **err)
{
	cleanup_free char *copy = strdup(path);
	int fd;

	if (copy == NULL)
		return lc_fail(err, ENOMEM, "%s", path);
	fd = lc_open_in_root(rootfd, copy, O_PATH | O_DIRECTORY);
	if (fd >= 0 || errno != ENOENT) {
		if (fd < 0)
			return lc_fail(err, errno, "open %s in rootfs", path);
		return fd;
	}
	/* Walk from the top, making what is missing; each prefix is resolved inside the root again. */
	for (char *p = copy; ; p++) {
		bool last = (*p == '\0');
		if (*p != '/' && !last)
			continue;
		if (p == copy) {
			continue;
		}
		char saved = *p;
		*p = '\0';
		cleanup_free char *parent = NULL;
		const char *name;
		if (lc_path_split(copy, &parent, &name) < 0)
			return lc_fail(err, ENOMEM, "%s", path);
		if (name[0] != '\0' && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
			cleanup_close int parentfd = lc_open_in_root(rootfd, parent, O_PATH | O_DIRECTORY);
			if (parentfd < 0)
				return lc_fail(err, errno, "open %s in rootfs", parent);
			if (mkdirat(parentfd, name, mode) < 0) {
				if (errno != EEXIST)
					return lc_fail(err, errno, "mkdir %s in rootfs", copy);
				if (is_symlink_at(parentfd, name) &&
				    mkdir_link_target(rootfd, parentfd, parent, name, mode, links, err) < 0)
					return -1;
			}
		}
		*p = saved;
		if (last)
			break;
	}
	fd = lc_open_in_root(rootfd, path, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return lc_fail(err, errno, "open %s in rootfs", path);
	return fd;
}

int lc_mkdir_in_root(int rootfd, const char *path, mode_t mode, lc_error **err)
{
	return mkdir_in_root(rootfd, path, mode, 0, err);
}

static int mkfile_in_root(int rootfd, const char *path, mode_t mode, int links, lc_error **err)
{
	cleanup_free char *parent = NULL;
	const char *name;
	cleanup_close int parentfd = -1;
	int fd;

	fd = lc_open_in_root(rootfd, path, O_PATH);
	if (fd >= 0)
		return fd;
	if (errno != ENOENT)
		return lc_fail(err, errno, "open %s in rootfs", path);
	if (lc_path_split(path, &parent, &name) < 0)
		return lc_fail(err, ENOMEM, "%s", path);
	parentfd = mkdir_in_root(rootfd, parent, 0755, links, err);
	if (parentfd < 0)
		return -1;
	fd = openat(parentfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0 && errno != EEXIST)
		return lc_fail(err, errno, "create %s in rootfs", path);
	if (fd >= 0) {
		close(fd);
	} else if (is_symlink_at(parentfd, name)) {
		/* a dangling link: the file goes where it points, inside the rootfs */
		cleanup_free char *resolved = link_target_in_root(parentfd, parent, name, links, err);
		if (resolved == NULL)
			return -1;
		return mkfile_in_root(rootfd, resolved, mode, links + 1, err);
	}
	fd = lc_open_in_root(rootfd, path, O_PATH);
	if (fd < 0)
		return lc_fail(err, errno, "open %s in rootfs", path);
	return fd;
}

int lc_mkfile_in_root(int rootfd, const char *path, mode_t mode, lc_error **err)
{
	return mkfile_in_root(rootfd, path, mode, 0, err);
}
