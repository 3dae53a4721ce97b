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

int lc_mkdir_in_root(int rootfd, const char *path, mode_t mode, lc_error **err)
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
			if (mkdirat(parentfd, name, mode) < 0 && errno != EEXIST)
				return lc_fail(err, errno, "mkdir %s in rootfs", copy);
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

int lc_mkfile_in_root(int rootfd, const char *path, mode_t mode, lc_error **err)
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
	parentfd = lc_mkdir_in_root(rootfd, parent, 0755, err);
	if (parentfd < 0)
		return -1;
	fd = openat(parentfd, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0 && errno != EEXIST)
		return lc_fail(err, errno, "create %s in rootfs", path);
	if (fd >= 0)
		close(fd);
	fd = lc_open_in_root(rootfd, path, O_PATH);
	if (fd < 0)
		return lc_fail(err, errno, "open %s in rootfs", path);
	return fd;
}
