/* fork_joined.h: for the cgroup tests, a child put into a cgroup the way the runtime puts its
 * processes there: it joins the v1 hierarchies itself (lc_cgroup_self_join), the parent joins it to
 * the unified one. */
#ifndef TESTS_CGROUP_FORK_JOINED_H
#define TESTS_CGROUP_FORK_JOINED_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "cgroup_internal.h"

/* Like fork: 0 in the child (already in every hierarchy of cg), its pid in the parent once the
 * child is in, -1 with *err set on failure (the child, if any, is killed and reaped). */
static inline pid_t fork_joined(lc_cgroup *cg, lc_error **err)
{
	int joined[2];
	char status = 1;

	if (lc_cgroup_self_join_open(cg, err) < 0)
		return -1;
	if (pipe2(joined, O_CLOEXEC) < 0) {
		lc_cgroup_self_join_close(cg);
		return lc_fail(err, errno, "pipe");
	}
	pid_t pid = fork();
	if (pid == 0) {
		lc_error *child_err = NULL;
		close(joined[0]);
		status = lc_cgroup_self_join(cg, &child_err) == 0 ? 0 : 1;
		if (write(joined[1], &status, 1) != 1 || status != 0)
			_exit(99);
		close(joined[1]);
		return 0;
	}
	lc_cgroup_self_join_close(cg);
	close(joined[1]);
	if (pid < 0) {
		close(joined[0]);
		return lc_fail(err, errno, "fork");
	}
	bool in = read(joined[0], &status, 1) == 1 && status == 0;
	close(joined[0]);
	if (!in)
		lc_fail(err, EPROTO, "the child could not join its v1 cgroups");
	else if (lc_cgroup_join_unified(cg, pid, err) == 0)
		return pid;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

#endif
