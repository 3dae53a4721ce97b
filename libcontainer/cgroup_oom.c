/* cgroup_oom.c: OOM notifications of a container's memory cgroup for `events`: v1's eventfd on
 * memory.oom_control (cgroup.event_control), v2's oom_kill counter in memory.events. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "cleanup.h"

struct lc_cgroup_oom_watch {
	bool v2;
	int fd;             /* v1: the eventfd; v2: memory.events */
	char *dir;          /* the memory cgroup */
	uint64_t oom_kills; /* v2: the counter at the last read */
};

void lc_cgroup_oom_watch_free(lc_cgroup_oom_watch *w)
{
	if (w == NULL)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w->dir);
	free(w);
}

/* The oom_kill line of memory.events: processes the OOM killer took in this cgroup's subtree. */
static int read_v2_counter(int fd, uint64_t *out)
{
	char text[512];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);

	if (n < 0)
		return -1;
	text[n] = '\0';
	*out = 0;
	for (const char *line = text; line != NULL; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (strncmp(line, "oom_kill ", 9) == 0)
			*out = strtoull(line + 9, NULL, 10);
	}
	return 0;
}

static int open_v1(const char *dir, lc_cgroup_oom_watch *w, lc_error **err)
{
	char path[PATH_MAX], line[64];

	snprintf(path, sizeof(path), "%s/memory.oom_control", dir);
	cleanup_close int control = open(path, O_RDONLY | O_CLOEXEC);
	if (control < 0)
		return lc_fail(err, errno, "oom notifications: open %s", path);
	w->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->fd < 0)
		return lc_fail(err, errno, "oom notifications: eventfd");
	/* The kernel holds its own references: both fds may be closed after registering, but the
	 * eventfd is what we poll. */
	snprintf(line, sizeof(line), "%d %d", w->fd, control);
	return lc_cg_write(dir, "cgroup.event_control", line, "oom notifications", err);
}

int lc_cgroup_oom_watch_open(const lc_cgroup *cg, lc_cgroup_oom_watch **out, lc_error **err)
{
	const lc_cg_dir *v1 = lc_cg_v1_find(cg, "memory");
	char path[PATH_MAX];
	struct stat st;

	*out = NULL;
	if (v1 == NULL) {
		if (cg->v2 == NULL)
			return 0;
		snprintf(path, sizeof(path), "%s/memory.events", cg->v2->dir);
		if (stat(path, &st) < 0)
			return 0; /* the memory controller is not enabled for this cgroup */
	}
	lc_cgroup_oom_watch *w = calloc(1, sizeof(*w));
	if (w == NULL)
		return lc_fail(err, ENOMEM, "oom notifications");
	w->fd = -1;
	w->v2 = v1 == NULL;
	w->dir = strdup(w->v2 ? cg->v2->dir : v1->dir);
	if (w->dir == NULL) {
		lc_cgroup_oom_watch_free(w);
		return lc_fail(err, ENOMEM, "oom notifications");
	}
	if (w->v2) {
		w->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (w->fd < 0 || read_v2_counter(w->fd, &w->oom_kills) < 0) {
			lc_fail(err, errno, "oom notifications: read %s", path);
			lc_cgroup_oom_watch_free(w);
			return -1;
		}
	} else if (open_v1(w->dir, w, err) < 0) {
		lc_cgroup_oom_watch_free(w);
		return -1;
	}
	*out = w;
	return 0;
}

int lc_cgroup_oom_watch_fd(const lc_cgroup_oom_watch *w, short *events)
{
	*events = w->v2 ? POLLPRI : POLLIN;
	return w->fd;
}

static bool dir_exists(const char *dir)
{
	struct stat st;
	return stat(dir, &st) == 0;
}

int lc_cgroup_oom_watch_read(lc_cgroup_oom_watch *w, unsigned *ooms, bool *gone, lc_error **err)
{
	*ooms = 0;
	*gone = false;
	if (w->v2) {
		uint64_t now = 0;
		if (read_v2_counter(w->fd, &now) < 0) {
			/* kernfs answers ENODEV once the cgroup is removed */
			if (errno == ENODEV || errno == ENOENT || !dir_exists(w->dir)) {
				*gone = true;
				return 0;
			}
			return lc_fail(err, errno, "oom notifications: read %s/memory.events", w->dir);
		}
		*ooms = now > w->oom_kills ? (unsigned)(now - w->oom_kills) : 0;
		w->oom_kills = now;
		return 0;
	}
	uint64_t count = 0;
	if (read(w->fd, &count, sizeof(count)) != (ssize_t)sizeof(count)) {
		if (errno == EAGAIN)
			return 0;
		return lc_fail(err, errno, "oom notifications: read the eventfd");
	}
	/* The kernel signals the eventfd once more when the cgroup is removed. */
	if (!dir_exists(w->dir)) {
		*gone = true;
		count = count > 0 ? count - 1 : 0;
	}
	*ooms = count > UINT_MAX ? UINT_MAX : (unsigned)count;
	return 0;
}
