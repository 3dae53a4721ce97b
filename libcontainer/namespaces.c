/* namespaces.c: planning, creating and joining the namespaces of linux.namespaces, the user
 * namespace id maps, and the UTS names. The clone itself lives in spawn.c. */
#include "namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"

int lc_ns_plan_make(const lc_spec *spec, lc_ns_plan *plan, lc_error **err)
{
	memset(plan, 0, sizeof(*plan));
	for (int k = 0; k < LC_NS__COUNT; k++)
		plan->join_fds[k] = -1;
	for (size_t i = 0; i < spec->linux_.namespaces_len; i++) {
		const lc_namespace *ns = &spec->linux_.namespaces[i];

		if (ns->path != NULL && ns->path[0] != '\0') {
			int fd = open(ns->path, O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				lc_ns_plan_close(plan);
				return lc_fail(err, errno, "linux.namespaces[%zu].path: open %s", i, ns->path);
			}
			plan->join_fds[ns->kind] = fd;
			continue;
		}
		switch (ns->kind) {
		case LC_NS_CGROUP:
			plan->new_cgroup_ns = true;
			break;
		case LC_NS_TIME:
			plan->new_time_ns = true;
			break;
		case LC_NS_USER:
			plan->new_user_ns = true;
			plan->clone_flags |= CLONE_NEWUSER;
			break;
		default:
			plan->clone_flags |= (unsigned long)lc_ns_kind_clone_flag(ns->kind);
			break;
		}
	}
	/* Namespaces made by clone belong to the runtime's user namespace; with a user namespace joined by
	 * path, the container's root could not use them (sethostname, mount proc...). The child makes them
	 * after joining instead; a new pid namespace cannot be unshared for oneself and stays with clone. */
	if (plan->join_fds[LC_NS_USER] >= 0)
		plan->unshare_flags = plan->clone_flags & (unsigned long)(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
									   CLONE_NEWNET);
	return 0;
}

void lc_ns_plan_close(lc_ns_plan *plan)
{
	for (int k = 0; k < LC_NS__COUNT; k++) {
		if (plan->join_fds[k] >= 0)
			close(plan->join_fds[k]);
		plan->join_fds[k] = -1;
	}
}

static int write_proc_file(pid_t pid, const char *name, const char *text, lc_error **err)
{
	char path[64];
	cleanup_close int fd = -1;
	size_t len = strlen(text);

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return lc_fail(err, errno, "open %s", path);
	if (write(fd, text, len) != (ssize_t)len)
		return lc_fail(err, errno, "write %s", path);
	return 0;
}

static char *format_mappings(const lc_id_mapping *maps, size_t len)
{
	size_t cap = len * 40 + 1;
	char *text = calloc(1, cap);
	size_t used = 0;

	if (text == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++)
		used += (size_t)snprintf(text + used, cap - used, "%u %u %u\n", maps[i].container_id,
					 maps[i].host_id, maps[i].size);
	return text;
}

int lc_ns_write_id_maps(pid_t pid, const lc_spec *spec, lc_error **err)
{
	cleanup_free char *uid_text = format_mappings(spec->linux_.uid_mappings, spec->linux_.uid_mappings_len);
	cleanup_free char *gid_text = format_mappings(spec->linux_.gid_mappings, spec->linux_.gid_mappings_len);

	if (uid_text == NULL || gid_text == NULL)
		return lc_fail(err, ENOMEM, "user namespace maps");
	if (spec->linux_.uid_mappings_len > 0 && write_proc_file(pid, "uid_map", uid_text, err) < 0)
		return lc_error_wrap(err, "linux.uidMappings");
	/* An unprivileged writer must deny setgroups before writing gid_map. */
	if (geteuid() != 0 && write_proc_file(pid, "setgroups", "deny", err) < 0)
		return lc_error_wrap(err, "linux.gidMappings");
	if (spec->linux_.gid_mappings_len > 0 && write_proc_file(pid, "gid_map", gid_text, err) < 0)
		return lc_error_wrap(err, "linux.gidMappings");
	return 0;
}

/* Right after joining a user namespace: become its root (our host ids mean nothing there, and files
 * we make would get no owner), as runc does, then make the new namespaces it must own. */
static int become_joined_userns_root(const lc_ns_plan *plan, lc_error **err)
{
	/* EINVAL: that namespace maps no root; we then stay the overflow id, as runc does */
	if (setresgid(0, 0, 0) < 0 && errno != EINVAL)
		return lc_fail(err, errno, "linux.namespaces: setgid 0 in the joined user namespace");
	if (setresuid(0, 0, 0) < 0 && errno != EINVAL)
		return lc_fail(err, errno, "linux.namespaces: setuid 0 in the joined user namespace");
	if (plan->unshare_flags != 0 && unshare((int)plan->unshare_flags) < 0)
		return lc_fail(err, errno, "linux.namespaces: new namespaces in the joined user namespace");
	return 0;
}

int lc_ns_join_paths(const lc_ns_plan *plan, lc_error **err)
{
	/* The user namespace first: it decides which privileges the other joins are checked against. */
	static const lc_ns_kind order[] = {LC_NS_USER, LC_NS_IPC, LC_NS_UTS, LC_NS_NETWORK,
					   LC_NS_PID, LC_NS_MOUNT, LC_NS_CGROUP, LC_NS_TIME};

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		lc_ns_kind kind = order[i];
		if (plan->join_fds[kind] < 0 || kind == LC_NS_PID)
			continue; /* the pid namespace is joined by the parent, before clone */
		if (setns(plan->join_fds[kind], lc_ns_kind_clone_flag(kind)) < 0)
			return lc_fail(err, errno, "join %s namespace", lc_ns_kind_name(kind));
		if (kind == LC_NS_USER && become_joined_userns_root(plan, err) < 0)
			return -1;
	}
	return 0;
}

int lc_ns_set_names(const lc_spec *spec, lc_error **err)
{
	if (spec->hostname != NULL && spec->hostname[0] != '\0' && sethostname(spec->hostname, strlen(spec->hostname)) < 0)
		return lc_fail(err, errno, "hostname: sethostname \"%s\"", spec->hostname);
	if (spec->domainname != NULL && spec->domainname[0] != '\0' && setdomainname(spec->domainname, strlen(spec->domainname)) < 0)
		return lc_fail(err, errno, "domainname: setdomainname \"%s\"", spec->domainname);
	return 0;
}
