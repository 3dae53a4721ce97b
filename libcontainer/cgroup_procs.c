/* cgroup_procs.c: the processes of a container's cgroup over every hierarchy: joining it (the
 * self-join of v1, the v2 fallback), listing, freezing and signalling them. */
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "cleanup.h"

int lc_cgroup_self_join_open(lc_cgroup *cg, lc_error **err)
{
	/* a cgroup reopened from the state (exec) has no v2 fd yet: without one, clone3 could not
	 * place the process and the parent's cgroup.procs write would wait for an RCU grace period */
	if (cg->v2 != NULL && cg->v2_fd < 0) {
		cg->v2_fd = open(cg->v2->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg->v2_fd < 0)
			return lc_fail(err, errno, "join cgroup: open %s", cg->v2->dir);
	}
	if (cg->v1_len == 0)
		return 0;
	cg->v1_tasks_fds = malloc(cg->v1_len * sizeof(int));
	if (cg->v1_tasks_fds == NULL)
		return lc_fail(err, ENOMEM, "join cgroup");
	for (size_t i = 0; i < cg->v1_len; i++)
		cg->v1_tasks_fds[i] = -1;
	for (size_t i = 0; i < cg->v1_len; i++) {
		cleanup_free char *path = NULL;
		if (asprintf(&path, "%s/tasks", cg->v1[i].dir) < 0) {
			lc_cgroup_self_join_close(cg);
			return lc_fail(err, ENOMEM, "join cgroup");
		}
		cg->v1_tasks_fds[i] = open(path, O_WRONLY | O_CLOEXEC);
		if (cg->v1_tasks_fds[i] < 0) {
			lc_fail(err, errno, "join cgroup: open %s", path);
			lc_cgroup_self_join_close(cg);
			return -1;
		}
	}
	return 0;
}

int lc_cgroup_self_join(const lc_cgroup *cg, lc_error **err)
{
	int ret = 0;

	if (cg->v1_tasks_fds == NULL)
		return 0;
	for (size_t i = 0; i < cg->v1_len; i++) {
		if (ret == 0 && write(cg->v1_tasks_fds[i], "0", 1) != 1)
			ret = lc_fail(err, errno, "join cgroup: write 0 to %s/tasks", cg->v1[i].dir);
		close(cg->v1_tasks_fds[i]);
	}
	return ret;
}

void lc_cgroup_self_join_close(lc_cgroup *cg)
{
	if (cg->v1_tasks_fds == NULL)
		return;
	for (size_t i = 0; i < cg->v1_len; i++)
		if (cg->v1_tasks_fds[i] >= 0)
			close(cg->v1_tasks_fds[i]);
	free(cg->v1_tasks_fds);
	cg->v1_tasks_fds = NULL;
}

int lc_cgroup_join_unified(const lc_cgroup *cg, pid_t pid, lc_error **err)
{
	char value[24];

	if (cg->v2 == NULL)
		return 0;
	snprintf(value, sizeof(value), "%d", (int)pid);
	return lc_cg_write(cg->v2->dir, "cgroup.procs", value, "join cgroup", err);
}

/* The hierarchy that lists the container's processes best: one whose controller every task must
 * be in, else any. */
static const lc_cg_dir *listing_dir(const lc_cgroup *cg)
{
	static const char *const preferred[] = {"pids", "freezer", "devices", "memory"};

	for (size_t i = 0; i < sizeof(preferred) / sizeof(*preferred); i++) {
		const lc_cg_dir *d = lc_cg_v1_find(cg, preferred[i]);
		if (d != NULL)
			return d;
	}
	return cg->v2 != NULL ? cg->v2 : &cg->v1[0];
}

typedef struct {
	pid_t *items;
	size_t len, cap;
} pid_list;

static int collect_pids(const char *dir, pid_list *list, lc_error **err)
{
	cleanup_free char *path = NULL;
	cleanup_free char *text = NULL;

	if (asprintf(&path, "%s/cgroup.procs", dir) < 0)
		return lc_fail(err, ENOMEM, "cgroup pids");
	text = lc_cg_read_all(path);
	if (text == NULL)
		return lc_fail(err, errno, "read %s", path);
	for (char *p = text; *p != '\0';) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		if (list->len == list->cap) {
			size_t cap = list->cap ? list->cap * 2 : 16;
			pid_t *grown = realloc(list->items, cap * sizeof(*grown));
			if (grown == NULL)
				return lc_fail(err, ENOMEM, "cgroup pids");
			list->items = grown;
			list->cap = cap;
		}
		list->items[list->len++] = (pid_t)v;
		p = end;
		while (*p == '\n')
			p++;
	}
	DIR *d = opendir(dir);
	if (d == NULL)
		return lc_fail(err, errno, "opendir %s", dir);
	int ret = 0;
	for (struct dirent *e; ret == 0 && (e = readdir(d)) != NULL;) {
		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		cleanup_free char *child = NULL;
		if (asprintf(&child, "%s/%s", dir, e->d_name) < 0)
			ret = lc_fail(err, ENOMEM, "cgroup pids");
		else
			ret = collect_pids(child, list, err);
	}
	closedir(d);
	return ret;
}

int lc_cgroup_pids(const lc_cgroup *cg, pid_t **pids, size_t *len, lc_error **err)
{
	pid_list list = {0};

	if (collect_pids(listing_dir(cg)->dir, &list, err) < 0) {
		free(list.items);
		return -1;
	}
	*pids = list.items;
	*len = list.len;
	return 0;
}

/* The v1 freezer when there is one (hybrid too, where the cgroup2 side is only a bystander),
 * else cgroup.freeze. */
int lc_cgroup_freeze(const lc_cgroup *cg, bool frozen, lc_error **err)
{
	const lc_cg_dir *freezer = lc_cg_v1_find(cg, "freezer");

	if (freezer != NULL)
		return lc_cg_v1_freeze(freezer, frozen, err);
	if (cg->v2 != NULL)
		return lc_cg_v2_freeze(cg->v2, frozen, err);
	return lc_fail(err, ENOTSUP, "cgroup: the freezer controller is not mounted");
}

int lc_cgroup_is_frozen(const lc_cgroup *cg, bool *frozen, lc_error **err)
{
	const lc_cg_dir *freezer = lc_cg_v1_find(cg, "freezer");

	*frozen = false;
	if (freezer != NULL)
		return lc_cg_v1_is_frozen(freezer, frozen, err);
	if (cg->v2 != NULL)
		return lc_cg_v2_is_frozen(cg->v2, frozen, err);
	return 0;
}

static bool dir_exists(const char *dir)
{
	struct stat st;
	return stat(dir, &st) == 0;
}

int lc_cgroup_kill_all(const lc_cgroup *cg, int sig, lc_error **err)
{
	/* cgroup.kill reaches every task at once, forks included; it lives in the cgroup2 tree, which
	 * holds the same tasks on hybrid as the v1 hierarchies. */
	if (sig == SIGKILL && cg->v2 != NULL) {
		int r = lc_cg_v2_kill(cg->v2, err);
		if (r <= 0)
			return r;
	}
	const lc_cg_dir *listing = listing_dir(cg);
	if (!dir_exists(listing->dir))
		return 0; /* already destroyed: nothing left to signal */

	/* Freezing first stops forks racing the listing; a paused container stays paused. */
	bool was_frozen = false, froze = false;
	lc_error *ignored = NULL;
	if (lc_cgroup_is_frozen(cg, &was_frozen, &ignored) == 0 && !was_frozen)
		froze = lc_cgroup_freeze(cg, true, &ignored) == 0;
	lc_error_free(&ignored);

	pid_t *pids = NULL;
	size_t len = 0;
	int ret = lc_cgroup_pids(cg, &pids, &len, err);
	for (size_t i = 0; ret == 0 && i < len; i++) {
		if (kill(pids[i], sig) < 0 && errno != ESRCH)
			ret = lc_fail(err, errno, "kill pid %d with signal %d", (int)pids[i], sig);
	}
	free(pids);
	if (froze && lc_cgroup_freeze(cg, false, ret == 0 ? err : &ignored) < 0)
		ret = -1;
	lc_error_free(&ignored);
	return ret;
}
