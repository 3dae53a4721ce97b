/* rootfs.c: the container's filesystem: propagation of "/", the rootfs bind, each config.json mount
 * onto a target resolved inside the rootfs, cgroup filesystems, masked/read-only paths, pivot_root. */
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup_internal.h" /* lc_cg_read_all */
#include "cleanup.h"
#include "idmap.h"
#include "mount_options.h"
#include "path.h"
#include "tmpcopyup.h"

struct rootfs_run {
	const lc_rootfs_config *cfg;
	int rootfd;
	bool cgroup_hook_done;
};

static int run_cgroup_hook(struct rootfs_run *run, lc_error **err)
{
	if (run->cgroup_hook_done || run->cfg->before_cgroup_mount == NULL)
		return 0;
	run->cgroup_hook_done = true;
	return run->cfg->before_cgroup_mount(run->cfg->hook_data, err);
}

/* Flags the kernel locks on a mount seen from a user namespace: a remount must repeat them. */
static unsigned long locked_flags(const char *path)
{
	struct statvfs st;
	unsigned long flags = 0;

	if (statvfs(path, &st) < 0)
		return 0;
	if (st.f_flag & ST_NOSUID) flags |= MS_NOSUID;
	if (st.f_flag & ST_NODEV) flags |= MS_NODEV;
	if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
	if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
	if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
	if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
	if (st.f_flag & ST_RDONLY) flags |= MS_RDONLY;
	return flags;
}

/* Remount a bind mount with flags: done as a second step, as the kernel ignores them on MS_BIND. */
static int remount_bind(const char *target, unsigned long set, unsigned long clear, const char *what,
			lc_error **err)
{
	unsigned long current = locked_flags(target);
	unsigned long flags = ((current | set) & ~clear) | MS_BIND | MS_REMOUNT;

	if (mount(NULL, target, NULL, flags, NULL) < 0)
		return lc_fail(err, errno, "%s: remount with its options", what);
	return 0;
}

static bool is_bind(const lc_mount *m, const lc_mount_flags *f)
{
	return f->bind || (m->type != NULL && strcmp(m->type, "bind") == 0);
}

/* Opens the destination inside the rootfs, making it (a directory, or an empty file when a
 * non-directory is bind-mounted there). */
static int open_destination(struct rootfs_run *run, const lc_mount *m, bool file, lc_error **err)
{
	if (file)
		return lc_mkfile_in_root(run->rootfd, m->destination, 0644, err);
	return lc_mkdir_in_root(run->rootfd, m->destination, 0755, err);
}

/* The mount now on top of the destination: an fd opened before the mount names the covered inode. */
static int reopen_destination(struct rootfs_run *run, const lc_mount *m, int flags, const char *what,
			      lc_error **err)
{
	int fd = lc_open_in_root(run->rootfd, m->destination, flags);
	if (fd < 0)
		return lc_fail(err, errno, "%s: reopen %s", what, m->destination);
	return fd;
}

/* An id-mapped tree: made by the runtime before clone when the init is in a user namespace (it
 * then lacks the rights over the source's filesystem), else made here. */
static int open_idmapped_tree(struct rootfs_run *run, size_t index, const lc_mount_flags *f, const char *what,
			      lc_error **err)
{
	const int *prepared = run->cfg->idmap_fds;

	if (prepared != NULL && prepared[index] >= 0)
		return fcntl(prepared[index], F_DUPFD_CLOEXEC, 3);
	if (run->cfg->in_user_ns)
		return lc_fail(err, EPERM,
			       "%s: an id-mapped mount in a container with a user namespace must be prepared by the "
			       "runtime before clone",
			       what);
	return lc_idmap_open_mount(run->cfg->spec, index, f, err);
}

static int mount_bind(struct rootfs_run *run, size_t index, const lc_mount *m, const lc_mount_flags *f,
		      const char *what, lc_error **err)
{
	struct stat st;
	cleanup_close int target_fd = -1;
	cleanup_close int tree = -1;
	char target[LC_FD_PATH_MAX];
	const char *source = m->source ? m->source : "";

	if (f->idmap) {
		tree = open_idmapped_tree(run, index, f, what, err);
		if (tree < 0)
			return -1;
		if (fstat(tree, &st) < 0)
			return lc_fail(err, errno, "%s: stat %s", what, source);
	} else if (stat(source, &st) < 0) {
		return lc_fail(err, errno, "%s: bind source %s", what, source);
	}
	target_fd = open_destination(run, m, !S_ISDIR(st.st_mode), err);
	if (target_fd < 0)
		return lc_error_wrap(err, "%s", what);
	if (tree >= 0) {
		if (move_mount(tree, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
			return lc_fail(err, errno, "%s: attach id-mapped %s on %s", what, source, m->destination);
	} else if (mount(source, lc_fd_path(target_fd, target), NULL, MS_BIND | (f->flags & MS_REC), NULL) < 0) {
		return lc_fail(err, errno, "%s: bind %s on %s", what, source, m->destination);
	}
	unsigned long extra = f->flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
	if (extra == 0 && f->clear == 0)
		return 0;
	/* The kernel ignores flags given with MS_BIND: they take a second, remount step. */
	close(steal_fd(target_fd));
	target_fd = reopen_destination(run, m, O_PATH, what, err);
	if (target_fd < 0)
		return -1;
	return remount_bind(lc_fd_path(target_fd, target), extra, f->clear, what, err);
}

static unsigned tmpfs_root_options(const char *data)
{
	unsigned keep = 0;

	for (const char *opt = data; opt != NULL && *opt != '\0';) {
		if (strncmp(opt, "mode=", 5) == 0)
			keep |= LC_TMPCOPYUP_KEEP_MODE;
		else if (strncmp(opt, "uid=", 4) == 0)
			keep |= LC_TMPCOPYUP_KEEP_UID;
		else if (strncmp(opt, "gid=", 4) == 0)
			keep |= LC_TMPCOPYUP_KEEP_GID;
		opt = strchr(opt, ',');
		opt = opt ? opt + 1 : NULL;
	}
	return keep;
}

/* tmpfs with tmpcopyup: the covered directory is opened before the mount, so its content can still
 * be read and copied into the tmpfs once it is on top. A read-only tmpfs turns read-only after. */
static int mount_tmpfs_copyup(struct rootfs_run *run, const lc_mount *m, const lc_mount_flags *f, const char *what,
			      lc_error **err)
{
	cleanup_close int target_fd = open_destination(run, m, false, err);
	cleanup_close int covered = -1;
	cleanup_close int top = -1;
	char target[LC_FD_PATH_MAX];

	if (target_fd < 0)
		return lc_error_wrap(err, "%s", what);
	covered = openat(target_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (covered < 0)
		return lc_fail(err, errno, "%s: open %s", what, m->destination);
	if (mount(m->source ? m->source : "tmpfs", lc_fd_path(target_fd, target), "tmpfs", f->flags & ~MS_RDONLY,
		  f->data) < 0)
		return lc_fail(err, errno, "%s: mount tmpfs on %s%s%s", what, m->destination, f->data ? " with " : "",
			       f->data ? f->data : "");
	top = reopen_destination(run, m, O_RDONLY | O_DIRECTORY, what, err);
	if (top < 0)
		return -1;
	if (lc_tmpcopyup(covered, top, tmpfs_root_options(f->data), what, err) < 0)
		return -1;
	if (f->flags & MS_RDONLY)
		return remount_bind(lc_fd_path(top, target), MS_RDONLY, 0, what, err);
	return 0;
}

/* What every kind of mount gets once it is in place: the r- options' attributes on the whole tree,
 * then the propagation. */
static int finish_mount(struct rootfs_run *run, const lc_mount *m, const lc_mount_flags *f, const char *what,
			lc_error **err)
{
	char target[LC_FD_PATH_MAX];

	if (!f->has_rec_attr && !f->has_propagation)
		return 0;
	cleanup_close int fd = reopen_destination(run, m, O_PATH, what, err);
	if (fd < 0)
		return -1;
	if (f->has_rec_attr) {
		struct mount_attr attr = {.attr_set = f->rec_attr_set, .attr_clr = f->rec_attr_clr};
		if (mount_setattr(fd, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof(attr)) < 0)
			return lc_fail(err, errno, "%s: set recursive mount attributes on %s", what, m->destination);
	}
	if (f->has_propagation && mount(NULL, lc_fd_path(fd, target), NULL, f->propagation, NULL) < 0)
		return lc_fail(err, errno, "%s: set propagation of %s", what, m->destination);
	return 0;
}

struct cgroup_hierarchy {
	char *mount_point;   /* host path, e.g. /sys/fs/cgroup/cpu */
	char *options;       /* super options without rw/ro, e.g. "cpu" or "name=systemd" */
	bool v2;
};

static void free_hierarchies(struct cgroup_hierarchy *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].mount_point);
		free(h[i].options);
	}
	free(h);
}

/* The cgroup filesystems the host has mounted, from /proc/self/mountinfo. */
static int read_cgroup_hierarchies(struct cgroup_hierarchy **out, size_t *out_len, lc_error **err)
{
	cleanup_fclose FILE *f = fopen("/proc/self/mountinfo", "re");
	cleanup_free char *line = NULL;
	size_t cap = 0;
	struct cgroup_hierarchy *list = NULL;
	size_t len = 0;

	if (f == NULL)
		return lc_fail(err, errno, "open /proc/self/mountinfo");
	while (getline(&line, &cap, f) > 0) {
		char *sep = strstr(line, " - ");
		char mount_point[4096], fstype[64], source[256], super[1024];
		if (sep == NULL || sscanf(line, "%*s %*s %*s %*s %4095s", mount_point) != 1)
			continue;
		if (sscanf(sep + 3, "%63s %255s %1023s", fstype, source, super) != 3)
			continue;
		bool v2 = strcmp(fstype, "cgroup2") == 0;
		if (!v2 && strcmp(fstype, "cgroup") != 0)
			continue;
		struct cgroup_hierarchy *bigger = realloc(list, (len + 1) * sizeof(*list));
		if (bigger == NULL) {
			free_hierarchies(list, len);
			return lc_fail(err, ENOMEM, "cgroup mounts");
		}
		list = bigger;
		/* keep controller and name= options only */
		char opts[1024] = "";
		for (char *save = NULL, *tok = strtok_r(super, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			if (strcmp(tok, "rw") == 0 || strcmp(tok, "ro") == 0)
				continue;
			if (opts[0])
				strncat(opts, ",", sizeof(opts) - strlen(opts) - 1);
			strncat(opts, tok, sizeof(opts) - strlen(opts) - 1);
		}
		/* one entry a hierarchy: a bind of the host's /sys (in a user namespace without a network
		 * namespace of its own) shows each a second time, under the rootfs */
		bool seen = false;
		for (size_t i = 0; i < len && !seen; i++)
			seen = list[i].v2 == v2 && strcmp(list[i].options, opts) == 0;
		if (seen)
			continue;
		list[len].mount_point = strdup(mount_point);
		list[len].options = strdup(opts);
		list[len].v2 = v2;
		len++;
		if (list[len - 1].mount_point == NULL || list[len - 1].options == NULL) {
			free_hierarchies(list, len);
			return lc_fail(err, ENOMEM, "cgroup mounts");
		}
	}
	*out = list;
	*out_len = len;
	return 0;
}

static bool option_listed(const char *options, const char *token, size_t len)
{
	for (const char *p = options; *p != '\0';) {
		size_t n = strcspn(p, ",");
		if (n == len && strncmp(p, token, len) == 0)
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

/* This process's cgroup in hierarchy h, from the text of /proc/self/cgroup: the line whose
 * controllers are all among h's mount options (v1), or the "0::" line (v2). NULL when there is none. */
static char *own_cgroup_path(const struct cgroup_hierarchy *h, const char *proc_self_cgroup)
{
	for (const char *line = proc_self_cgroup; *line != '\0';) {
		size_t line_len = strcspn(line, "\n");
		const char *end = line + line_len;
		const char *controllers = memchr(line, ':', line_len);
		const char *path = controllers ? memchr(controllers + 1, ':', (size_t)(end - controllers - 1)) : NULL;
		const char *next = end + (*end == '\n');
		if (path == NULL) {
			line = next;
			continue;
		}
		controllers++;
		size_t controllers_len = (size_t)(path - controllers);
		path++;
		bool match = h->v2 ? controllers - line == 2 && line[0] == '0' && controllers_len == 0
				   : controllers_len != 0;
		for (const char *c = controllers; match && c < path - 1;) {
			size_t n = strcspn(c, ",:");
			match = option_listed(h->options, c, n);
			c += n + (c[n] == ',');
		}
		if (match)
			return strndup(path, (size_t)(end - path));
		line = next;
	}
	return NULL;
}

/* Without a cgroup namespace, a fresh cgroup mount would show the host's whole hierarchy: bind the
 * container's own directory instead (as runc), so its limits read at the usual paths. */
static int bind_own_cgroup(const struct cgroup_hierarchy *h, const char *proc_self_cgroup, int dir_fd,
			   const char *name, const char *sub, unsigned long flags)
{
	cleanup_free char *path = own_cgroup_path(h, proc_self_cgroup);
	cleanup_free char *source = NULL;
	cleanup_close int mounted = -1;
	char target[LC_FD_PATH_MAX];

	if (path == NULL) {
		errno = ENOENT;
		return -1;
	}
	if (asprintf(&source, "%s%s", h->mount_point, strcmp(path, "/") == 0 ? "" : path) < 0) {
		errno = ENOMEM;
		return -1;
	}
	if (mount(source, sub, NULL, MS_BIND, NULL) < 0)
		return -1;
	/* the flags of a bind take a remount, on the new mount rather than the directory it covers */
	mounted = openat(dir_fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (mounted < 0)
		return -1;
	return mount(NULL, lc_fd_path(mounted, target), NULL, MS_BIND | MS_REMOUNT | flags, NULL);
}

static bool has_cgroup_namespace(const lc_spec *spec)
{
	for (size_t i = 0; i < spec->linux_.namespaces_len; i++)
		if (spec->linux_.namespaces[i].kind == LC_NS_CGROUP)
			return true;
	return false;
}

/* type "cgroup": on a v2 host one cgroup2 mount; on v1/hybrid a tmpfs with one mount per
 * hierarchy (named as on the host) plus "unified" for the v2 mount of a hybrid host. Without a
 * cgroup namespace, each v1 hierarchy shows the container's own cgroup (bind_own_cgroup). */
static int mount_cgroup(struct rootfs_run *run, const lc_mount *m, const lc_mount_flags *f, const char *what,
			lc_error **err)
{
	struct cgroup_hierarchy *list = NULL;
	size_t len = 0;
	int ret = -1;
	cleanup_free char *proc_self_cgroup = NULL; /* read once for every hierarchy */
	cleanup_close int target_fd = -1;
	char target[LC_FD_PATH_MAX];
	unsigned long flags = (f->flags & ~(MS_BIND | MS_REC | MS_REMOUNT)) | MS_NOSUID | MS_NODEV | MS_NOEXEC;

	if (run_cgroup_hook(run, err) < 0)
		return -1;
	if (read_cgroup_hierarchies(&list, &len, err) < 0)
		return lc_error_wrap(err, "%s", what);
	target_fd = open_destination(run, m, false, err);
	if (target_fd < 0) {
		lc_error_wrap(err, "%s", what);
		goto out;
	}
	lc_fd_path(target_fd, target);

	bool pure_v2 = len == 1 && list[0].v2 && strcmp(list[0].mount_point, "/sys/fs/cgroup") == 0;
	if (pure_v2) {
		if (mount("cgroup2", target, "cgroup2", flags, NULL) < 0) {
			lc_fail(err, errno, "%s: mount cgroup2 on %s", what, m->destination);
			goto out;
		}
		ret = 0;
		goto out;
	}
	bool own_ns = has_cgroup_namespace(run->cfg->spec);
	if (!own_ns) {
		proc_self_cgroup = lc_cg_read_all("/proc/self/cgroup");
		if (proc_self_cgroup == NULL) {
			lc_fail(err, errno, "%s: read /proc/self/cgroup", what);
			goto out;
		}
	}
	if (mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755") < 0) {
		lc_fail(err, errno, "%s: mount tmpfs on %s", what, m->destination);
		goto out;
	}
	close(steal_fd(target_fd));
	target_fd = lc_open_in_root(run->rootfd, m->destination, O_PATH | O_DIRECTORY);
	if (target_fd < 0) {
		lc_fail(err, errno, "%s: reopen %s", what, m->destination);
		goto out;
	}
	for (size_t i = 0; i < len; i++) {
		const char *name = strrchr(list[i].mount_point, '/');
		name = name ? name + 1 : list[i].mount_point;
		if (name[0] == '\0')
			continue;
		if (mkdirat(target_fd, name, 0755) < 0 && errno != EEXIST) {
			lc_fail(err, errno, "%s: mkdir %s/%s", what, m->destination, name);
			goto out;
		}
		cleanup_close int sub_fd = openat(target_fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		char sub[LC_FD_PATH_MAX];
		if (sub_fd < 0) {
			lc_fail(err, errno, "%s: open %s/%s", what, m->destination, name);
			goto out;
		}
		lc_fd_path(sub_fd, sub);
		/* the v2 mount of a hybrid host too: a user namespace without a cgroup namespace may not
		 * mount cgroup2 (rootless) */
		int r = !own_ns	     ? bind_own_cgroup(&list[i], proc_self_cgroup, target_fd, name, sub, flags)
			: list[i].v2 ? mount("cgroup2", sub, "cgroup2", flags, NULL)
				     : mount("cgroup", sub, "cgroup", flags, list[i].options);
		if (r < 0) {
			lc_fail(err, errno, "%s: mount cgroup %s on %s/%s", what, list[i].options, m->destination, name);
			goto out;
		}
		/* co-mounted controllers ("cpu,cpuacct") also answer to each single name */
		if (strchr(name, ',') != NULL) {
			cleanup_free char *names = strdup(name);
			for (char *save = NULL, *tok = names ? strtok_r(names, ",", &save) : NULL; tok;
			     tok = strtok_r(NULL, ",", &save))
				if (symlinkat(name, target_fd, tok) < 0 && errno != EEXIST) {
					lc_fail(err, errno, "%s: symlink %s", what, tok);
					goto out;
				}
		}
	}
	if ((flags & MS_RDONLY) &&
	    mount(NULL, target, NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY, "mode=755") < 0) {
		lc_fail(err, errno, "%s: remount %s read-only", what, m->destination);
		goto out;
	}
	ret = 0;
out:
	free_hierarchies(list, len);
	return ret;
}

/* A user namespace that does not own the network (sysfs) or ipc (mqueue) namespace cannot mount a new
 * instance of these: the host's own instance is bound instead, with the mount's flags. */
static const char *host_instance_of(const char *type)
{
	if (strcmp(type, "sysfs") == 0)
		return "/sys";
	if (strcmp(type, "mqueue") == 0)
		return "/dev/mqueue";
	return NULL;
}

static int bind_host_instance(struct rootfs_run *run, const lc_mount *m, const char *host, const char *target,
			      const lc_mount_flags *f, const char *what, lc_error **err)
{
	char top[LC_FD_PATH_MAX];

	if (mount(host, target, NULL, MS_BIND | MS_REC, NULL) < 0)
		return lc_fail(err, errno, "%s: bind the host's %s (no new %s in this user namespace)", what, host,
			       m->type);
	cleanup_close int fd = reopen_destination(run, m, O_PATH, what, err);
	if (fd < 0)
		return -1;
	return remount_bind(lc_fd_path(fd, top), f->flags & ~(MS_BIND | MS_REC | MS_REMOUNT), f->clear, what, err);
}

static int mount_filesystem(struct rootfs_run *run, const lc_mount *m, const lc_mount_flags *f, const char *what,
			    lc_error **err)
{
	cleanup_close int target_fd = open_destination(run, m, false, err);
	char target[LC_FD_PATH_MAX];

	if (target_fd < 0)
		return lc_error_wrap(err, "%s", what);
	/* Options that are not flags go to the filesystem as data, as in runc: an unknown one is
	 * refused by the kernel here, and the message names the mount. */
	if (mount(m->source ? m->source : m->type, lc_fd_path(target_fd, target), m->type, f->flags, f->data) < 0) {
		const char *host = errno == EPERM && run->cfg->in_user_ns ? host_instance_of(m->type) : NULL;
		if (host != NULL)
			return bind_host_instance(run, m, host, target, f, what, err);
		return lc_fail(err, errno, "%s: mount %s on %s%s%s", what, m->type, m->destination,
			       f->data ? " with " : "", f->data ? f->data : "");
	}
	return 0;
}

static int apply_mount(struct rootfs_run *run, size_t index, const lc_mount *m, const lc_mount_flags *f,
		       const char *what, lc_error **err)
{
	bool tmpfs = m->type != NULL && strcmp(m->type, "tmpfs") == 0;

	if (f->idmap && !is_bind(m, f))
		return lc_fail(err, EINVAL, "%s.options: idmap and ridmap apply to bind mounts only", what);
	if (f->tmpcopyup && !tmpfs)
		return lc_fail(err, EINVAL, "%s.options: tmpcopyup applies to tmpfs mounts only", what);
	if (is_bind(m, f))
		return mount_bind(run, index, m, f, what, err);
	if (m->type != NULL && strcmp(m->type, "cgroup") == 0)
		return mount_cgroup(run, m, f, what, err);
	if (m->type == NULL || m->type[0] == '\0')
		return lc_fail(err, 0, "%s.type: a mount that is not a bind mount needs a type", what);
	if (strcmp(m->type, "cgroup2") == 0 && run_cgroup_hook(run, err) < 0)
		return -1;
	if (f->tmpcopyup)
		return mount_tmpfs_copyup(run, m, f, what, err);
	return mount_filesystem(run, m, f, what, err);
}

/* linux.mountLabel: runc adds context="LABEL" to the data of every mount but bind mounts (and of the
 * mqueue/devpts/tmpfs it makes itself); runc 1.1 does so even without SELinux, where the kernel then
 * refuses the mounts. oci-run applies no SELinux label: lsm.c refuses a config with one at create,
 * so no mount here is ever made without the label it asked for. */
static int apply_mounts(struct rootfs_run *run, lc_error **err)
{
	const lc_spec *spec = run->cfg->spec;

	for (size_t i = 0; i < spec->mounts_len; i++) {
		const lc_mount *m = &spec->mounts[i];
		lc_mount_flags f;
		char what[48], where[64];

		snprintf(what, sizeof(what), "mounts[%zu]", i);
		snprintf(where, sizeof(where), "mounts[%zu].options", i);
		if (lc_mount_options_parse(&m->options, where, &f, err) < 0)
			return -1;
		f.idmap = f.idmap || m->uid_mappings_len > 0 || m->gid_mappings_len > 0;
		int ret = apply_mount(run, i, m, &f, what, err);
		if (ret == 0)
			ret = finish_mount(run, m, &f, what, err);
		lc_mount_flags_clear(&f);
		if (ret < 0)
			return -1;
	}
	return 0;
}

static int mask_paths(struct rootfs_run *run, lc_error **err)
{
	const lc_strv *paths = &run->cfg->spec->linux_.masked_paths;

	for (size_t i = 0; i < paths->len; i++) {
		cleanup_close int fd = lc_open_in_root(run->rootfd, paths->items[i], O_PATH);
		char target[LC_FD_PATH_MAX];
		struct stat st;

		if (fd < 0) {
			if (errno == ENOENT)
				continue;
			return lc_fail(err, errno, "linux.maskedPaths[%zu]: open %s", i, paths->items[i]);
		}
		if (fstat(fd, &st) < 0)
			return lc_fail(err, errno, "linux.maskedPaths[%zu]: stat %s", i, paths->items[i]);
		lc_fd_path(fd, target);
		int r = S_ISDIR(st.st_mode) ? mount("tmpfs", target, "tmpfs", MS_RDONLY, "size=0k")
					    : mount("/dev/null", target, NULL, MS_BIND, NULL);
		if (r < 0)
			return lc_fail(err, errno, "linux.maskedPaths[%zu]: mask %s", i, paths->items[i]);
	}
	return 0;
}

static int readonly_paths(struct rootfs_run *run, lc_error **err)
{
	const lc_strv *paths = &run->cfg->spec->linux_.readonly_paths;

	for (size_t i = 0; i < paths->len; i++) {
		cleanup_close int fd = lc_open_in_root(run->rootfd, paths->items[i], O_PATH);
		char target[LC_FD_PATH_MAX];

		if (fd < 0) {
			if (errno == ENOENT)
				continue;
			return lc_fail(err, errno, "linux.readonlyPaths[%zu]: open %s", i, paths->items[i]);
		}
		lc_fd_path(fd, target);
		if (mount(target, target, NULL, MS_BIND | MS_REC, NULL) < 0)
			return lc_fail(err, errno, "linux.readonlyPaths[%zu]: bind %s", i, paths->items[i]);
		close(steal_fd(fd));
		fd = lc_open_in_root(run->rootfd, paths->items[i], O_PATH);
		if (fd < 0)
			return lc_fail(err, errno, "linux.readonlyPaths[%zu]: reopen %s", i, paths->items[i]);
		char label[64];
		snprintf(label, sizeof(label), "linux.readonlyPaths[%zu]", i);
		if (remount_bind(lc_fd_path(fd, target), MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, 0, label, err) < 0)
			return -1;
	}
	return 0;
}

static int enter_root(const lc_rootfs_config *cfg, lc_error **err)
{
	if (chdir(cfg->rootfs) < 0)
		return lc_fail(err, errno, "chdir %s", cfg->rootfs);
	if (cfg->no_pivot) {
		if (mount(cfg->rootfs, "/", NULL, MS_MOVE, NULL) < 0)
			return lc_fail(err, errno, "move %s to /", cfg->rootfs);
		if (chroot(".") < 0)
			return lc_fail(err, errno, "chroot %s", cfg->rootfs);
	} else {
		/* pivot_root(".", "."): the old root ends up on top of the new one, then is detached. */
		cleanup_close int old_root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (old_root < 0)
			return lc_fail(err, errno, "open /");
		if (syscall(SYS_pivot_root, ".", ".") < 0)
			return lc_fail(err, errno, "pivot_root %s", cfg->rootfs);
		/* "." must name the old root here: the cwd is still the new root, and making that tree
		 * rslave would turn the container's own shared mounts private. */
		if (fchdir(old_root) < 0)
			return lc_fail(err, errno, "enter old root");
		/* keep the unmount of the old root from reaching the host */
		if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
			return lc_fail(err, errno, "make old root rslave");
		if (umount2(".", MNT_DETACH) < 0)
			return lc_fail(err, errno, "detach old root");
	}
	if (chdir("/") < 0)
		return lc_fail(err, errno, "chdir /");
	return 0;
}

static bool dev_is_bound_from_host(const lc_spec *spec)
{
	for (size_t i = 0; i < spec->mounts_len; i++) {
		const lc_mount *m = &spec->mounts[i];
		if (strcmp(m->destination, "/dev") != 0)
			continue;
		if (m->type && strcmp(m->type, "bind") == 0)
			return true;
		for (size_t j = 0; j < m->options.len; j++)
			if (strcmp(m->options.items[j], "bind") == 0 || strcmp(m->options.items[j], "rbind") == 0)
				return true;
	}
	return false;
}

int lc_rootfs_setup(const lc_rootfs_config *cfg, lc_error **err)
{
	const lc_spec *spec = cfg->spec;
	struct rootfs_run run = {.cfg = cfg, .rootfd = -1};
	unsigned long propagation = MS_SLAVE | MS_REC;
	int ret = -1;

	if (spec->linux_.rootfs_propagation != NULL &&
	    lc_mount_propagation_parse(spec->linux_.rootfs_propagation, &propagation) < 0)
		return lc_fail(err, 0, "linux.rootfsPropagation: unknown value \"%s\"", spec->linux_.rootfs_propagation);
	/* Nothing mounted below may reach the host: start from a slave copy of it (a private one for
	 * private and unbindable roots). Then no mount here is shared, so the rootfs bind is not either,
	 * as pivot_root requires, and a slave root still receives what the host mounts in the rootfs
	 * later (runc makes a rootfs that is a mount point private instead). The requested propagation goes on "/" at the end, after pivot_root: an
	 * unbindable tree could not have been bound, a shared one would have sent our mounts out. */
	unsigned long initial = (propagation & (MS_PRIVATE | MS_UNBINDABLE)) ? MS_PRIVATE : MS_SLAVE;
	if (mount(NULL, "/", NULL, initial | MS_REC, NULL) < 0)
		return lc_fail(err, errno, "linux.rootfsPropagation: make / %s", initial == MS_PRIVATE ? "rprivate" :
			       "rslave");
	if (mount(cfg->rootfs, cfg->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return lc_fail(err, errno, "root.path: bind %s on itself", cfg->rootfs);
	run.rootfd = open(cfg->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (run.rootfd < 0)
		return lc_fail(err, errno, "root.path: open %s", cfg->rootfs);

	if (apply_mounts(&run, err) < 0)
		goto out;
	if (!dev_is_bound_from_host(spec) && lc_devices_setup(run.rootfd, spec, cfg->in_user_ns, err) < 0)
		goto out;
	if (cfg->after_mounts != NULL && cfg->after_mounts(cfg->hook_data, err) < 0)
		goto out;
	if (mask_paths(&run, err) < 0 || readonly_paths(&run, err) < 0)
		goto out;
	if (run_cgroup_hook(&run, err) < 0)
		goto out;
	if (enter_root(cfg, err) < 0)
		goto out;
	if (spec->root_readonly && remount_bind("/", MS_RDONLY, 0, "root.readonly", err) < 0)
		goto out;
	if (spec->linux_.rootfs_propagation != NULL && mount(NULL, "/", NULL, propagation, NULL) < 0) {
		lc_fail(err, errno, "linux.rootfsPropagation: make / %s", spec->linux_.rootfs_propagation);
		goto out;
	}
	ret = 0;
out:
	close(run.rootfd);
	return ret;
}
