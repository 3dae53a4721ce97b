/* spawn.h: the parent half of starting a container's init: clone into new namespaces (and into the
 * v2 cgroup), user namespace maps, cgroup join, and waiting until the init is ready at the gate. */
#ifndef LC_SPAWN_H
#define LC_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

#include "capabilities.h"
#include "cgroup.h"
#include "seccomp_filter.h"
#include "error.h"
#include "spec.h"

typedef struct lc_spawn_request {
	const lc_spec *spec;
	const char *id;
	const char *rootfs;
	lc_cgroup *cgroup;        /* already created; NULL: none (rootless) */
	int gate_fd;              /* listening socket the init waits on */
	int state_dir_fd;         /* locked by the parent: the init closes its copy at once */
	bool no_pivot;
	bool no_new_keyring;
	unsigned preserve_fds;
	const lc_cap_sets *caps;
	lc_seccomp_filter *seccomp; /* may be NULL */
	/* For hooks: the state every hook sees (pid and status are filled in when they run). */
	const struct lc_container_state *hook_state;
	/* Runs prestart and createRuntime hooks when the init asks (mounts done, before pivot_root). */
	int (*run_parent_hooks)(void *data, pid_t pid, lc_error **err);
	void *hooks_data;
} lc_spawn_request;

/* Returns once the init waits at the gate; on failure the init is killed and reaped, and
 * *pty_master is the master of the container's pty (process.terminal), else -1;
 * *exit_code says how a `run` should exit (127/126 for a missing or unusable executable, else 1). */
int lc_spawn_init(const lc_spawn_request *req, pid_t *pid_out, int *pty_master, int *exit_code, lc_error **err);

#endif
