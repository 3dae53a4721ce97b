/* state.c: the per-container state directory: creation, locking, state.json read/write and the
 * live status. The status is never stored: it is derived from the init pid, the gate and the freezer. */
#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_tree.h>

#include "cgroup.h"
#include "cleanup.h"
#include "json_out.h"

const char *lc_status_name(lc_status status)
{
	switch (status) {
	case LC_STATUS_CREATING: return "creating";
	case LC_STATUS_CREATED: return "created";
	case LC_STATUS_RUNNING: return "running";
	case LC_STATUS_PAUSED: return "paused";
	case LC_STATUS_STOPPED: return "stopped";
	}
	return "unknown";
}

static int mkdir_parents(const char *path, mode_t mode, lc_error **err)
{
	cleanup_free char *copy = strdup(path);

	if (copy == NULL)
		return lc_fail(err, ENOMEM, "mkdir %s", path);
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, mode) < 0 && errno != EEXIST)
			return lc_fail(err, errno, "mkdir %s", copy);
		*p = '/';
	}
	if (mkdir(copy, mode) < 0 && errno != EEXIST)
		return lc_fail(err, errno, "mkdir %s", copy);
	return 0;
}

int lc_state_dir_create(const char *state_root, const char *id, lc_error **err)
{
	cleanup_close int rootfd = -1;
	int dirfd;

	if (mkdir_parents(state_root, 0700, err) < 0)
		return lc_error_wrap(err, "state root");
	rootfd = open(state_root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	if (rootfd < 0)
		return lc_fail(err, errno, "open state root %s", state_root);
	if (mkdirat(rootfd, id, 0700) < 0) {
		if (errno == EEXIST)
			return lc_fail(err, 0, "container \"%s\" already exists", id);
		return lc_fail(err, errno, "mkdir %s/%s", state_root, id);
	}
	dirfd = openat(rootfd, id, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (dirfd < 0)
		return lc_fail(err, errno, "open %s/%s", state_root, id);
	if (flock(dirfd, LOCK_EX) < 0) {
		int saved = errno;
		close(dirfd);
		return lc_fail(err, saved, "lock %s/%s", state_root, id);
	}
	return dirfd;
}

int lc_state_dir_open(const char *state_root, const char *id, bool shared, lc_error **err)
{
	cleanup_close int rootfd = open(state_root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
	int dirfd;

	if (rootfd < 0) {
		if (errno == ENOENT) {
			lc_fail(err, 0, "container \"%s\" does not exist", id);
			(*err)->errnum = ENOENT;
			return -1;
		}
		return lc_fail(err, errno, "open state root %s", state_root);
	}
	dirfd = openat(rootfd, id, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (dirfd < 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			lc_fail(err, 0, "container \"%s\" does not exist", id);
			(*err)->errnum = ENOENT; /* lets `delete --force` treat it as done */
			return -1;
		}
		return lc_fail(err, errno, "open %s/%s", state_root, id);
	}
	/* Readers take no lock: state.json is replaced by rename, so it is always whole, and a `state`
	 * must not wait for a create that runs long hooks. Writers serialise on LOCK_EX. */
	if (!shared && flock(dirfd, LOCK_EX) < 0) {
		int saved = errno;
		close(dirfd);
		return lc_fail(err, saved, "lock %s/%s", state_root, id);
	}
	/* A delete may have removed the directory while we waited for the lock. */
	struct stat st;
	if (fstat(dirfd, &st) < 0 || st.st_nlink == 0) {
		close(dirfd);
		return lc_fail(err, 0, "container \"%s\" does not exist", id);
	}
	return dirfd;
}

static int remove_tree_at(int parentfd, const char *name, lc_error **err)
{
	int fd = openat(parentfd, name, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	DIR *dir;
	struct dirent *entry;
	int ret = 0;

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno == ENOTDIR || errno == ELOOP) {
			if (unlinkat(parentfd, name, 0) < 0 && errno != ENOENT)
				return lc_fail(err, errno, "remove %s", name);
			return 0;
		}
		return lc_fail(err, errno, "open %s", name);
	}
	dir = fdopendir(fd);
	if (dir == NULL) {
		close(fd);
		return lc_fail(err, errno, "read %s", name);
	}
	while ((entry = readdir(dir)) != NULL) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		if (entry->d_type == DT_DIR) {
			if (remove_tree_at(dirfd(dir), entry->d_name, err) < 0) {
				ret = -1;
				break;
			}
		} else if (unlinkat(dirfd(dir), entry->d_name, 0) < 0 && errno != ENOENT) {
			ret = lc_fail(err, errno, "remove %s/%s", name, entry->d_name);
			break;
		}
	}
	closedir(dir);
	if (ret == 0 && unlinkat(parentfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		ret = lc_fail(err, errno, "remove %s", name);
	return ret;
}

int lc_state_dir_remove(const char *state_root, const char *id, lc_error **err)
{
	cleanup_close int rootfd = open(state_root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);

	if (rootfd < 0) {
		if (errno == ENOENT)
			return 0;
		return lc_fail(err, errno, "open state root %s", state_root);
	}
	if (remove_tree_at(rootfd, id, err) < 0)
		return lc_error_wrap(err, "remove state of \"%s\"", id);
	return 0;
}

int lc_state_write_file(int dirfd, const char *name, const char *data, size_t len, mode_t mode, lc_error **err)
{
	char tmp[256];
	cleanup_close int fd = -1;
	size_t done = 0;

	snprintf(tmp, sizeof(tmp), ".%s.tmp.%d", name, getpid());
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return lc_fail(err, errno, "create %s", tmp);
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			unlinkat(dirfd, tmp, 0);
			return lc_fail(err, saved, "write %s", name);
		}
		done += (size_t)n;
	}
	if (renameat(dirfd, tmp, dirfd, name) < 0) {
		int saved = errno;
		unlinkat(dirfd, tmp, 0);
		return lc_fail(err, saved, "rename %s to %s", tmp, name);
	}
	return 0;
}

int lc_state_write(int dirfd, const lc_state *state, lc_error **err)
{
	lc_json_writer *w = lc_json_new(false);
	cleanup_free char *text = NULL;

	if (w == NULL)
		return lc_fail(err, ENOMEM, "write state");
	lc_json_begin_object(w);
	lc_json_kv_int(w, "version", LC_STATE_VERSION);
	lc_json_kv_string(w, "id", state->id);
	lc_json_kv_int(w, "pid", state->pid);
	lc_json_kv_int(w, "pid_start", (int64_t)state->pid_start);
	lc_json_kv_string(w, "bundle", state->bundle);
	lc_json_kv_string(w, "rootfs", state->rootfs);
	lc_json_kv_string(w, "created", state->created);
	if (state->cgroup != NULL)
		lc_json_kv_string(w, "cgroup", state->cgroup);
	lc_json_kv_int(w, "owner_uid", state->owner_uid);
	lc_json_key(w, "hooks");
	lc_json_bool(w, state->has_hooks);
	lc_json_key(w, "annotations");
	lc_json_map(w, &state->annotations);
	lc_json_end_object(w);
	text = lc_json_finish(w);
	if (text == NULL)
		return lc_fail(err, ENOMEM, "encode state");
	return lc_state_write_file(dirfd, LC_STATE_FILE, text, strlen(text), 0600, err);
}

static char *read_small_file_at(int dirfd, const char *name, size_t *len_out)
{
	cleanup_close int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (fd < 0)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			char *bigger = realloc(buf, cap + 8192);
			if (bigger == NULL) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = bigger;
			cap += 8192;
		}
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int saved = errno;
			free(buf);
			errno = saved;
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
}

static char *dup_tree_string(yajl_val root, const char *key)
{
	const char *path[] = {key, NULL};
	yajl_val v = yajl_tree_get(root, path, yajl_t_string);
	const char *text = v ? YAJL_GET_STRING(v) : NULL;
	return text ? strdup(text) : NULL;
}

static long long tree_int(yajl_val root, const char *key, bool *ok)
{
	const char *path[] = {key, NULL};
	yajl_val v = yajl_tree_get(root, path, yajl_t_number);
	if (v == NULL || !YAJL_IS_INTEGER(v)) {
		*ok = false;
		return 0;
	}
	return YAJL_GET_INTEGER(v);
}

void lc_state_free(lc_state *state)
{
	if (state == NULL)
		return;
	free(state->id);
	free(state->bundle);
	free(state->rootfs);
	free(state->created);
	free(state->cgroup);
	for (size_t i = 0; i < state->annotations.len; i++) {
		free(state->annotations.items[i].key);
		free(state->annotations.items[i].value);
	}
	free(state->annotations.items);
	free(state);
}

int lc_state_read(int dirfd, lc_state **out, lc_error **err)
{
	cleanup_free char *text = read_small_file_at(dirfd, LC_STATE_FILE, NULL);

	if (text == NULL)
		return lc_fail(err, errno, "read %s", LC_STATE_FILE);
	return lc_state_parse(text, out, err);
}

int lc_state_parse(const char *text, lc_state **out, lc_error **err)
{
	char parse_error[256] = "";
	yajl_val root;
	lc_state *state;
	bool ok = true;

	root = yajl_tree_parse(text, parse_error, sizeof(parse_error));
	if (root == NULL || !YAJL_IS_OBJECT(root)) {
		yajl_tree_free(root);
		return lc_fail(err, EINVAL, "%s: invalid JSON", LC_STATE_FILE);
	}
	state = calloc(1, sizeof(*state));
	if (state == NULL) {
		yajl_tree_free(root);
		return lc_fail(err, ENOMEM, "read state");
	}
	state->version = (int)tree_int(root, "version", &ok);
	state->pid = (pid_t)tree_int(root, "pid", &ok);
	state->pid_start = (unsigned long long)tree_int(root, "pid_start", &ok);
	state->owner_uid = (uid_t)tree_int(root, "owner_uid", &ok);
	const char *hooks_path[] = {"hooks", NULL};
	state->has_hooks = YAJL_IS_TRUE(yajl_tree_get(root, hooks_path, yajl_t_any));
	state->id = dup_tree_string(root, "id");
	state->bundle = dup_tree_string(root, "bundle");
	state->rootfs = dup_tree_string(root, "rootfs");
	state->created = dup_tree_string(root, "created");
	state->cgroup = dup_tree_string(root, "cgroup");
	const char *ann_path[] = {"annotations", NULL};
	yajl_val ann = yajl_tree_get(root, ann_path, yajl_t_object);
	if (ann != NULL && YAJL_GET_OBJECT(ann)->len > 0) {
		size_t n = YAJL_GET_OBJECT(ann)->len;
		state->annotations.items = calloc(n, sizeof(lc_keyval));
		if (state->annotations.items == NULL)
			ok = false;
		for (size_t i = 0; ok && i < n; i++) {
			yajl_val v = YAJL_GET_OBJECT(ann)->values[i];
			state->annotations.items[i].key = strdup(YAJL_GET_OBJECT(ann)->keys[i]);
			state->annotations.items[i].value = strdup(YAJL_IS_STRING(v) ? YAJL_GET_STRING(v) : "");
			state->annotations.len++;
		}
	}
	yajl_tree_free(root);
	if (!ok || state->version != LC_STATE_VERSION || state->id == NULL || state->bundle == NULL) {
		lc_state_free(state);
		return lc_fail(err, EINVAL, "%s: missing or malformed fields (version %d expected)", LC_STATE_FILE,
			       LC_STATE_VERSION);
	}
	*out = state;
	return 0;
}

unsigned long long lc_process_start_time(pid_t pid)
{
	char path[64];
	char buf[1024];
	cleanup_close int fd = -1;
	ssize_t n;
	char *p;
	unsigned long long start = 0;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* comm may hold spaces and parentheses: fields resume after the last ')' */
	p = strrchr(buf, ')');
	if (p == NULL || p[1] == '\0' || p[2] == '\0')
		return 0;
	p += 2; /* field 3: state */
	if (*p == 'Z' || *p == 'X')
		return 0;
	for (int field = 3; field < 22 && p != NULL; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (p == NULL)
		return 0;
	start = strtoull(p, NULL, 10);
	return start;
}

int lc_state_status(int dirfd, const lc_state *state, lc_status *out, lc_error **err)
{
	struct stat st;

	if (state == NULL) {
		*out = LC_STATUS_CREATING;
		return 0;
	}
	if (state->pid <= 0 || lc_process_start_time(state->pid) != state->pid_start) {
		*out = LC_STATUS_STOPPED;
		return 0;
	}
	if (fstatat(dirfd, LC_STATE_START_SOCKET, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		*out = LC_STATUS_CREATED;
		return 0;
	}
	*out = LC_STATUS_RUNNING;
	if (state->cgroup != NULL) {
		lc_cgroup *cg = NULL;
		bool frozen = false;
		if (lc_cgroup_open_saved(state->cgroup, &cg, err) < 0)
			return -1;
		int ret = lc_cgroup_is_frozen(cg, &frozen, err);
		lc_cgroup_free(cg);
		if (ret < 0)
			return -1;
		if (frozen)
			*out = LC_STATUS_PAUSED;
	}
	return 0;
}

char *lc_now_rfc3339(void)
{
	struct timespec ts;
	struct tm tm;
	char date[64];
	char *out = NULL;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	if (asprintf(&out, "%s.%09ldZ", date, ts.tv_nsec) < 0)
		return NULL;
	return out;
}
