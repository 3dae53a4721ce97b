/* process_setup.c: the ordered steps from a runtime clone to the user's process, for the init and for
 * exec alike, so both get exactly the same attributes, identity, capabilities and filter. */
#include "process_setup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "process.h"

/* CVE-2024-21626: a cwd reached through a directory fd that the runtime still holds (process.cwd or
 * --cwd "/proc/self/fd/N") lies outside the container's root. The kernel then has no path for it
 * from our root and getcwd says "(unreachable)" instead of a path starting with '/'. */
static int cwd_inside_root(const lc_process *process, lc_error **err)
{
	char path[PATH_MAX];

	if (syscall(SYS_getcwd, path, sizeof(path)) < 0) {
		if (errno == ERANGE || errno == ENAMETOOLONG)
			return 0; /* deep, but a path: not unreachable */
		return lc_fail(err, errno, "process.cwd %s: getcwd", process->cwd ? process->cwd : "/");
	}
	if (path[0] != '/')
		return lc_fail(err, EPERM, "process.cwd %s: outside the container's root filesystem",
			       process->cwd ? process->cwd : "/");
	return 0;
}

int lc_check_preserved_fds(unsigned count, lc_error **err)
{
	for (unsigned i = 0; i < count; i++) {
		int fd = 3 + (int)i;
		int flags = fcntl(fd, F_GETFD);
		if (flags < 0)
			return lc_fail(err, 0, "--preserve-fds %u: fd %d is not open", count, fd);
		if (flags & FD_CLOEXEC)
			return lc_fail(err, 0, "--preserve-fds %u: fd %d is the runtime's own (close-on-exec), not one "
					       "passed by the caller", count, fd);
	}
	return 0;
}

int lc_process_prepare(const lc_process *process, const lc_cap_sets *caps, char **executable, int *exit_code,
		       lc_error **err)
{
	*exit_code = 1;
	if (lc_process_set_rlimits(process, err) < 0 || lc_process_set_oom_score_adj(process, err) < 0 ||
	    lc_process_set_scheduler(process, err) < 0 || lc_process_set_io_priority(process, err) < 0)
		return -1;
	/* as root, before the uid change: a cwd only root may enter still works, as in runc */
	if (lc_process_chdir(process, err) < 0 || cwd_inside_root(process, err) < 0)
		return -1;
	if (lc_caps_prepare(caps, err) < 0)
		return -1;
	if (lc_process_set_user(process, err) < 0)
		return -1;
	/* looked up as the user, in the container's PATH, so a missing program fails before start */
	return lc_process_find_executable(process, executable, exit_code, err);
}

int lc_process_lock_down(const lc_spec *spec, const lc_process *process, const lc_cap_sets *caps,
			 lc_seccomp_filter *seccomp, lc_error **err)
{
	if (spec != NULL && lc_process_set_personality(spec, err) < 0)
		return -1;
	if (process->no_new_privileges) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			return lc_fail(err, errno, "process.noNewPrivileges: prctl");
		if (lc_caps_apply(caps, err) < 0)
			return -1;
		return seccomp ? lc_seccomp_load(seccomp, err) : 0;
	}
	/* without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load it before the final sets */
	if (seccomp != NULL) {
		if (lc_caps_raise_effective(err) < 0 || lc_seccomp_load(seccomp, err) < 0)
			return -1;
	}
	return lc_caps_apply(caps, err);
}
