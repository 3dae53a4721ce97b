/* tmpcopyup.c: the tmpcopyup extension of tmpfs mounts: what the rootfs had at the destination is
 * copied into the new tmpfs (files, directories, symlinks, nodes, with modes, owners and times). */
#include "tmpcopyup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"

/* Every level holds two directory fds and a DIR: bound the depth so a deep tree fails cleanly. */
#define MAX_DEPTH 128

struct copy {
	const char *what;
	lc_error **err;
	char path[4096]; /* the relative path being copied, for messages */
};

static int copy_fail(struct copy *c, int errnum, const char *step)
{
	return lc_fail(c->err, errnum, "%s: tmpcopyup: %s %s", c->what, step, c->path[0] ? c->path : ".");
}

static int copy_bytes(struct copy *c, int from, int to, off_t size)
{
	char buf[65536];
	off_t done = 0;

	while (done < size) {
		ssize_t n = sendfile(to, from, NULL, (size_t)(size - done));
		if (n < 0 && (errno == EINVAL || errno == ENOSYS))
			break; /* a source sendfile cannot read: fall back to read/write */
		if (n < 0)
			return copy_fail(c, errno, "copy");
		if (n == 0)
			return 0; /* the file shrank meanwhile */
		done += n;
	}
	for (;;) {
		ssize_t n = read(from, buf, sizeof(buf));
		if (n < 0)
			return copy_fail(c, errno, "read");
		if (n == 0)
			return 0;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(to, buf + off, (size_t)(n - off));
			if (w < 0)
				return copy_fail(c, errno, "write");
			off += w;
		}
	}
}

/* Owner, then mode (chown clears set-id bits), then times, on name in dirfd without following it. */
static int copy_attributes(struct copy *c, int dirfd, const char *name, const struct stat *st)
{
	struct timespec times[2] = {st->st_atim, st->st_mtim};

	if (fchownat(dirfd, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0)
		return copy_fail(c, errno, "chown");
	/* symlinks have no mode of their own */
	if (!S_ISLNK(st->st_mode) && fchmodat(dirfd, name, st->st_mode & 07777, 0) < 0)
		return copy_fail(c, errno, "chmod");
	if (utimensat(dirfd, name, times, AT_SYMLINK_NOFOLLOW) < 0)
		return copy_fail(c, errno, "set times of");
	return 0;
}

static int copy_file(struct copy *c, int from_dir, int to_dir, const char *name, const struct stat *st)
{
	/* O_NONBLOCK: if the entry was swapped for a fifo since the stat, open must not hang */
	cleanup_close int from = openat(from_dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat now;

	if (from < 0)
		return copy_fail(c, errno, "open");
	if (fstat(from, &now) < 0 || !S_ISREG(now.st_mode))
		return copy_fail(c, ESTALE, "changed while copying");
	cleanup_close int to = openat(to_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (to < 0)
		return copy_fail(c, errno, "create");
	if (copy_bytes(c, from, to, now.st_size) < 0)
		return -1;
	return copy_attributes(c, to_dir, name, st);
}

static int copy_symlink(struct copy *c, int from_dir, int to_dir, const char *name, const struct stat *st)
{
	char target[4096];
	ssize_t len = readlinkat(from_dir, name, target, sizeof(target) - 1);

	if (len < 0)
		return copy_fail(c, errno, "readlink");
	target[len] = '\0';
	/* the link's text is copied, never followed: an absolute target keeps meaning the container's */
	if (symlinkat(target, to_dir, name) < 0)
		return copy_fail(c, errno, "symlink");
	return copy_attributes(c, to_dir, name, st);
}

static int copy_node(struct copy *c, int to_dir, const char *name, const struct stat *st)
{
	if (mknodat(to_dir, name, st->st_mode, st->st_rdev) < 0)
		return copy_fail(c, errno, "mknod");
	return copy_attributes(c, to_dir, name, st);
}

static int copy_tree(struct copy *c, int from_dir, int to_dir, int depth);

static int copy_directory(struct copy *c, int from_dir, int to_dir, const char *name, const struct stat *st,
			  int depth)
{
	/* private while it fills: its final mode may forbid writing into it */
	if (mkdirat(to_dir, name, 0700) < 0)
		return copy_fail(c, errno, "mkdir");
	cleanup_close int from = openat(from_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (from < 0)
		return copy_fail(c, errno, "open");
	cleanup_close int to = openat(to_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (to < 0)
		return copy_fail(c, errno, "open copy of");
	if (copy_tree(c, from, to, depth + 1) < 0)
		return -1;
	return copy_attributes(c, to_dir, name, st);
}

static int copy_entry(struct copy *c, int from_dir, int to_dir, const char *name, int depth)
{
	struct stat st;

	if (fstatat(from_dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return copy_fail(c, errno, "stat");
	switch (st.st_mode & S_IFMT) {
	case S_IFDIR:
		return copy_directory(c, from_dir, to_dir, name, &st, depth);
	case S_IFREG:
		return copy_file(c, from_dir, to_dir, name, &st);
	case S_IFLNK:
		return copy_symlink(c, from_dir, to_dir, name, &st);
	default:
		return copy_node(c, to_dir, name, &st);
	}
}

static int copy_tree(struct copy *c, int from_dir, int to_dir, int depth)
{
	size_t base = strlen(c->path);

	if (depth > MAX_DEPTH)
		return copy_fail(c, ELOOP, "tree too deep at");
	int listing = openat(from_dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (listing < 0)
		return copy_fail(c, errno, "open");
	DIR *dir = fdopendir(listing);
	if (dir == NULL) {
		close(listing);
		return copy_fail(c, errno, "list");
	}
	int ret = 0;
	struct dirent *entry;
	errno = 0;
	while ((entry = readdir(dir)) != NULL) {
		const char *name = entry->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		snprintf(c->path + base, sizeof(c->path) - base, "%s%s", base ? "/" : "", name);
		ret = copy_entry(c, from_dir, to_dir, name, depth);
		c->path[base] = '\0';
		if (ret < 0)
			break;
		errno = 0;
	}
	if (ret == 0 && errno != 0)
		ret = copy_fail(c, errno, "list");
	closedir(dir);
	return ret;
}

int lc_tmpcopyup(int from_dir, int to_dir, unsigned keep_root, const char *what, lc_error **err)
{
	struct copy c = {.what = what, .err = err};
	struct stat root;

	if (fstat(from_dir, &root) < 0)
		return copy_fail(&c, errno, "stat");
	if (copy_tree(&c, from_dir, to_dir, 0) < 0)
		return -1;
	/* The tmpfs root looks like the directory it covers, unless mode=, uid= or gid= said otherwise. */
	uid_t uid = (keep_root & LC_TMPCOPYUP_KEEP_UID) ? (uid_t)-1 : root.st_uid;
	gid_t gid = (keep_root & LC_TMPCOPYUP_KEEP_GID) ? (gid_t)-1 : root.st_gid;
	if (fchown(to_dir, uid, gid) < 0)
		return copy_fail(&c, errno, "chown");
	if (!(keep_root & LC_TMPCOPYUP_KEEP_MODE) && fchmod(to_dir, root.st_mode & 07777) < 0)
		return copy_fail(&c, errno, "chmod");
	return 0;
}
