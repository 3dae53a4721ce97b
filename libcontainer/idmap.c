/* idmap.c: id-mapped bind mounts: a throw-away user namespace carrying the mount's uid/gid mapping,
 * and a detached clone of the source tree (open_tree) given that mapping with mount_setattr. */
#include "idmap.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

#include "cleanup.h"

bool lc_idmap_wanted(const lc_mount *m)
{
	/* mappings alone ask for it too (runc 1.2); the options say how far it reaches */
	if (m->uid_mappings_len > 0 || m->gid_mappings_len > 0)
		return true;
	for (size_t i = 0; i < m->options.len; i++)
		if (strcmp(m->options.items[i], "idmap") == 0 || strcmp(m->options.items[i], "ridmap") == 0)
			return true;
	return false;
}

/* The helper's pid as the mounted /proc numbers it: the caller may be pid 1 of a new pid namespace
 * while /proc is still the host's, so the pid clone returned would name another process there. */
static pid_t proc_pid_of(int pidfd)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	cleanup_fclose FILE *f = fopen(path, "re");
	char line[128];
	int pid = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "Pid: %d", &pid) == 1)
			break;
	return pid > 0 ? pid : -1;
}

static int write_map(pid_t pid, const char *file, const lc_id_mapping *maps, size_t len, const char *what,
		     lc_error **err)
{
	char path[64];
	cleanup_free char *text = malloc(len * 36 + 1);
	size_t used = 0;

	if (text == NULL)
		return lc_fail(err, ENOMEM, "%s", what);
	for (size_t i = 0; i < len; i++)
		used += (size_t)sprintf(text + used, "%u %u %u\n", maps[i].container_id, maps[i].host_id, maps[i].size);
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	cleanup_close int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return lc_fail(err, errno, "%s: open %s", what, path);
	/* the kernel takes a map in one write only */
	if (write(fd, text, used) != (ssize_t)used)
		return lc_fail(err, errno, "%s: write %s", what, file);
	return 0;
}

/* A new user namespace with these maps, owned by the caller's; returns its fd. A child is made in
 * it to hold it while the maps are written, then killed. */
static int make_userns(const lc_id_mapping *uids, size_t uids_len, const lc_id_mapping *gids, size_t gids_len,
		       const char *what, lc_error **err)
{
	pid_t self = getpid();
	int pidfd = -1;
	struct clone_args args = {
		.flags = CLONE_NEWUSER | CLONE_PIDFD,
		.pidfd = (uint64_t)(uintptr_t)&pidfd,
		.exit_signal = SIGCHLD,
	};
	pid_t child = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	int nsfd = -1;

	if (child < 0)
		return lc_fail(err, errno, "%s: new user namespace for the mapping", what);
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != self)
			_exit(0);
		for (;;)
			pause();
	}
	pid_t pid = proc_pid_of(pidfd);
	char ns_path[64];
	if (pid < 0) {
		lc_fail(err, errno ? errno : ESRCH, "%s: find the mapping helper in /proc", what);
		goto out;
	}
	if (write_map(pid, "uid_map", uids, uids_len, what, err) < 0 ||
	    write_map(pid, "gid_map", gids, gids_len, what, err) < 0)
		goto out;
	snprintf(ns_path, sizeof(ns_path), "/proc/%d/ns/user", (int)pid);
	nsfd = open(ns_path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		lc_fail(err, errno, "%s: open %s", what, ns_path);
out:
	syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
		;
	close(pidfd);
	return nsfd;
}

static int userns_for_mount(const lc_spec *spec, const lc_mount *m, const char *what, lc_error **err)
{
	const lc_linux *lx = &spec->linux_;

	if (m->uid_mappings_len > 0)
		return make_userns(m->uid_mappings, m->uid_mappings_len, m->gid_mappings, m->gid_mappings_len, what,
				   err);
	if (lx->uid_mappings_len > 0)
		return make_userns(lx->uid_mappings, lx->uid_mappings_len, lx->gid_mappings, lx->gid_mappings_len,
				   what, err);
	const lc_namespace *ns = lc_spec_namespace(spec, LC_NS_USER);
	if (ns != NULL && ns->path != NULL) {
		int fd = open(ns->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return lc_fail(err, errno, "%s: open user namespace %s", what, ns->path);
		return fd;
	}
	return lc_fail(err, EINVAL, "%s: an id-mapped mount needs uidMappings and gidMappings", what);
}

int lc_idmap_open_mount(const lc_spec *spec, size_t index, const lc_mount_flags *f, lc_error **err)
{
	const lc_mount *m = &spec->mounts[index];
	char what[48];

	snprintf(what, sizeof(what), "mounts[%zu]", index);
	if (!f->bind && (m->type == NULL || strcmp(m->type, "bind") != 0))
		return lc_fail(err, EINVAL, "%s.options: idmap and ridmap apply to bind mounts only", what);
	cleanup_close int userns = userns_for_mount(spec, m, what, err);
	if (userns < 0)
		return -1;
	unsigned tree_flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | ((f->flags & MS_REC) ? AT_RECURSIVE : 0);
	cleanup_close int tree = open_tree(AT_FDCWD, m->source, tree_flags);
	if (tree < 0)
		return lc_fail(err, errno, "%s: open_tree %s", what, m->source);
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)userns};
	unsigned setattr_flags = AT_EMPTY_PATH | (f->recursive_idmap ? AT_RECURSIVE : 0);
	if (mount_setattr(tree, "", setattr_flags, &attr, sizeof(attr)) < 0)
		return lc_fail(err, errno, "%s: id-map %s%s", what, m->source,
			       errno == EINVAL ? " (does its filesystem support id-mapped mounts?)" : "");
	return steal_fd(tree);
}

int lc_idmap_prepare(const lc_spec *spec, int **fds_out, lc_error **err)
{
	int *fds = NULL;

	*fds_out = NULL;
	for (size_t i = 0; i < spec->mounts_len; i++) {
		if (!lc_idmap_wanted(&spec->mounts[i]))
			continue;
		if (fds == NULL) {
			fds = malloc(spec->mounts_len * sizeof(*fds));
			if (fds == NULL)
				return lc_fail(err, ENOMEM, "id-mapped mounts");
			for (size_t j = 0; j < spec->mounts_len; j++)
				fds[j] = -1;
		}
		lc_mount_flags f;
		char where[64];
		snprintf(where, sizeof(where), "mounts[%zu].options", i);
		if (lc_mount_options_parse(&spec->mounts[i].options, where, &f, err) < 0)
			goto fail;
		f.idmap = true;
		fds[i] = lc_idmap_open_mount(spec, i, &f, err);
		lc_mount_flags_clear(&f);
		if (fds[i] < 0)
			goto fail;
	}
	*fds_out = fds;
	return 0;
fail:
	lc_idmap_close(fds, spec->mounts_len);
	return -1;
}

void lc_idmap_close(int *fds, size_t len)
{
	if (fds == NULL)
		return;
	for (size_t i = 0; i < len; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
}
