/* cgroup.c: layout detection, cgroup path resolution and the directory lifecycle (create, update,
 * destroy) over every hierarchy; the processes in it are cgroup_procs.c's, controller files
 * cgroup_v1/v2.c's. */
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "cleanup.h"

#define DEFAULT_ROOT "/sys/fs/cgroup"
#define DEFAULT_PARENT "/oci-run"
#define PATH_FIELD "linux.cgroupsPath"
/* How long destroy waits for exiting tasks to leave a cgroup before reporting EBUSY. */
#define DESTROY_WAIT_NS (100 * 1000 * 1000L)

/* ---- files ---- */

static int open_in(const char *dir, const char *file, int flags, char *path, size_t size)
{
	if ((size_t)snprintf(path, size, "%s/%s", dir, file) >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(path, flags | O_CLOEXEC);
}

static int write_file(const char *dir, const char *file, const char *value, const char *field,
		      bool missing_ok, lc_error **err)
{
	char path[PATH_MAX];
	cleanup_close int fd = open_in(dir, file, O_WRONLY, path, sizeof(path));
	size_t len = strlen(value);

	if (fd < 0) {
		if (missing_ok && errno == ENOENT)
			return 1;
		return lc_fail(err, errno, "%s: write %s to %s/%s", field, value, dir, file);
	}
	ssize_t n = write(fd, value, len);
	if (n < 0 || (size_t)n != len)
		return lc_fail(err, n < 0 ? errno : EIO, "%s: write %s to %s", field, value, path);
	return 0;
}

int lc_cg_write(const char *dir, const char *file, const char *value, const char *field, lc_error **err)
{
	return write_file(dir, file, value, field, false, err);
}

int lc_cg_write_if_exists(const char *dir, const char *file, const char *value, const char *field,
			  lc_error **err)
{
	return write_file(dir, file, value, field, true, err);
}

ssize_t lc_cg_read(const char *dir, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX];
	cleanup_close int fd = open_in(dir, file, O_RDONLY, path, sizeof(path));
	size_t len = 0;

	if (fd < 0)
		return -1;
	while (len + 1 < size) {
		size_t want = size - 1 - len;
		ssize_t n = read(fd, buf + len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		len += (size_t)n;
		/* kernfs fills a read as far as it can: a short one is the end (saves a read per file) */
		if ((size_t)n < want)
			break;
	}
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	buf[len] = '\0';
	return (ssize_t)len;
}

int lc_cg_check_before_update(const char *dir, const char *usage_file, const lc_memory_resources *m,
			      lc_error **err)
{
	char usage[32];

	if (!m->check_before_update.has || !m->check_before_update.value || !m->limit.has || m->limit.value <= 0)
		return 0;
	if (lc_cg_read(dir, usage_file, usage, sizeof(usage)) > 0 && strtoull(usage, NULL, 10) > (uint64_t)m->limit.value)
		return lc_fail(err, EBUSY,
			       "linux.resources.memory.limit: usage %s is above the new limit %" PRId64 " (checkBeforeUpdate)",
			       usage, m->limit.value);
	return 0;
}

/* Reads a whole file of unknown size (mountinfo, cgroup.procs): up to a NUL, which these lack. */
int lc_cg_write_rdma(const char *dir, const lc_resources *res, lc_error **err)
{
	for (size_t i = 0; i < res->rdma_len; i++) {
		const lc_rdma_limit *l = &res->rdma[i];
		char line[256], field[48];
		int n = snprintf(line, sizeof(line), "%s", l->device);
		if (l->hca_handles.has)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " hca_handle=%" PRIu64, l->hca_handles.value);
		if (l->hca_objects.has)
			snprintf(line + n, sizeof(line) - (size_t)n, " hca_object=%" PRIu64, l->hca_objects.value);
		snprintf(field, sizeof(field), "linux.resources.rdma.%s", l->device);
		if ((l->hca_handles.has || l->hca_objects.has) && lc_cg_write(dir, "rdma.max", line, field, err) < 0)
			return -1;
	}
	return 0;
}

char *lc_cg_read_all(const char *path)
{
	cleanup_fclose FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0;

	if (f == NULL)
		return NULL;
	if (getdelim(&buf, &cap, '\0', f) < 0) {
		bool empty = !ferror(f);
		free(buf);
		return empty ? strdup("") : NULL;
	}
	return buf;
}

/* ---- controller lists ---- */

bool lc_cg_has_controller(const char *list, const char *item)
{
	size_t n = strlen(item);

	for (const char *p = list; *p != '\0';) {
		const char *end = strchrnul(p, ',');
		if ((size_t)(end - p) == n && strncmp(p, item, n) == 0)
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

static size_t list_len(const char *list)
{
	size_t n = *list != '\0';

	for (const char *p = list; *p != '\0'; p++)
		n += *p == ',';
	return n;
}

/* Same controllers regardless of order ("cpu,cpuacct" == "cpuacct,cpu"). */
bool lc_cg_same_controllers(const char *a, const char *b)
{
	if (list_len(a) != list_len(b))
		return false;
	for (const char *p = a; *p != '\0';) {
		const char *end = strchrnul(p, ',');
		char item[64];
		if ((size_t)(end - p) >= sizeof(item))
			return false;
		memcpy(item, p, (size_t)(end - p));
		item[end - p] = '\0';
		if (!lc_cg_has_controller(b, item))
			return false;
		p = *end ? end + 1 : end;
	}
	return true;
}

const lc_cg_dir *lc_cg_v1_find(const lc_cgroup *cg, const char *controller)
{
	for (size_t i = 0; i < cg->v1_len; i++)
		if (lc_cg_has_controller(cg->v1[i].controllers, controller))
			return &cg->v1[i];
	return NULL;
}

/* ---- layout detection, cached for the life of the command ---- */

static struct {
	char *root;
	lc_cgroup_layout layout;
	lc_cg_mount *v1;
	size_t v1_len;
	char *v2_mount;
} detected;

static void forget_detection(void)
{
	for (size_t i = 0; i < detected.v1_len; i++) {
		free(detected.v1[i].controllers);
		free(detected.v1[i].mount);
		free(detected.v1[i].root);
	}
	free(detected.v1);
	free(detected.root);
	free(detected.v2_mount);
	memset(&detected, 0, sizeof(detected));
}

static bool is_cgroup2(const char *path)
{
	struct statfs fs;
	return statfs(path, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

int lc_cgroup_detect_layout(const char *cgroup_root, lc_cgroup_layout *out, lc_error **err)
{
	const char *root = cgroup_root != NULL ? cgroup_root : DEFAULT_ROOT;
	struct statfs fs;

	if (detected.root != NULL && strcmp(detected.root, root) == 0) {
		*out = detected.layout;
		return 0;
	}
	forget_detection();
	if (statfs(root, &fs) < 0)
		return lc_fail(err, errno, "cgroups: statfs %s", root);
	if (fs.f_type == CGROUP2_SUPER_MAGIC) {
		detected.layout = LC_CGROUP_LAYOUT_V2;
		detected.v2_mount = strdup(root);
	} else if (fs.f_type == TMPFS_MAGIC) {
		cleanup_free char *unified = NULL;
		if (asprintf(&unified, "%s/unified", root) < 0)
			return lc_fail(err, ENOMEM, "cgroups");
		if (is_cgroup2(unified)) {
			detected.layout = LC_CGROUP_LAYOUT_HYBRID;
			detected.v2_mount = steal_ptr(unified);
		} else {
			detected.layout = LC_CGROUP_LAYOUT_V1;
		}
		if (lc_cg_v1_mounts(root, &detected.v1, &detected.v1_len, err) < 0) {
			forget_detection();
			return -1;
		}
		if (detected.layout == LC_CGROUP_LAYOUT_V1 && detected.v1_len == 0) {
			forget_detection();
			return lc_fail(err, 0, "cgroups: no cgroup hierarchy is mounted under %s", root);
		}
	} else {
		return lc_fail(err, 0, "cgroups: %s is neither a cgroup2 nor a tmpfs mount (f_type 0x%lx)", root,
			       (unsigned long)fs.f_type);
	}
	if ((detected.layout != LC_CGROUP_LAYOUT_V1 && detected.v2_mount == NULL) ||
	    (detected.root = strdup(root)) == NULL) {
		forget_detection();
		return lc_fail(err, ENOMEM, "cgroups");
	}
	*out = detected.layout;
	return 0;
}

/* ---- paths ---- */

/* Collapses slashes and "." components; refuses "..", which could reach outside the hierarchy.
 * Keeps a leading "/" when the input has one. */
static char *clean_path(const char *in, lc_error **err)
{
	char *out = malloc(strlen(in) + 2);
	size_t len = 0;

	if (out == NULL) {
		lc_fail(err, ENOMEM, PATH_FIELD);
		return NULL;
	}
	if (in[0] == '/')
		out[len++] = '/';
	for (const char *p = in; *p != '\0';) {
		while (*p == '/')
			p++;
		const char *end = strchrnul(p, '/');
		size_t n = (size_t)(end - p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			free(out);
			lc_fail(err, 0, PATH_FIELD ": \"%s\" must not contain \"..\" components", in);
			return NULL;
		}
		if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (len > 0 && out[len - 1] != '/')
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
		p = end;
	}
	out[len] = '\0';
	return out;
}

/* In text made of "[id:]controllers:path" lines (/proc/PID/cgroup has the id, our saved form
 * not), the path of the hierarchy with these controllers, copied into buf; NULL if none. */
static const char *path_in_lines(const char *text, bool with_id, const char *controllers, char *buf, size_t size)
{
	for (const char *line = text; *line != '\0';) {
		const char *nl = strchrnul(line, '\n');
		const char *start = line;
		if (with_id) {
			const char *c1 = memchr(line, ':', (size_t)(nl - line));
			start = c1 ? c1 + 1 : nl;
		}
		const char *c2 = memchr(start, ':', (size_t)(nl - start));
		if (c2 != NULL && (size_t)(nl - line) < size) {
			memcpy(buf, start, (size_t)(c2 - start));
			buf[c2 - start] = '\0';
			if (lc_cg_same_controllers(buf, controllers)) {
				memcpy(buf, c2 + 1, (size_t)(nl - c2 - 1));
				buf[nl - c2 - 1] = '\0';
				return buf;
			}
		}
		line = *nl ? nl + 1 : nl;
	}
	return NULL;
}

static int fill_dir(lc_cg_dir *d, const char *controllers, const char *mount, const char *mount_root,
		    const char *path, lc_error **err)
{
	cleanup_free char *cgpath = clean_path(path, err);
	const char *inside;
	size_t root_len = strlen(mount_root);

	if (cgpath == NULL)
		return -1;
	if (cgpath[0] != '/')
		return lc_fail(err, 0, PATH_FIELD ": %s is not an absolute cgroup path", path);
	inside = cgpath;
	/* A mount of a sub-tree (mount root "/a") shows cgroup "/a/b" at <mount>/b. */
	if (root_len > 1 && strncmp(cgpath, mount_root, root_len) == 0 &&
	    (cgpath[root_len] == '/' || cgpath[root_len] == '\0'))
		inside = cgpath + root_len;
	if (strcmp(cgpath, "/") == 0 || *inside == '\0')
		return lc_fail(err, 0, PATH_FIELD ": %s is the root of the %s hierarchy; a container needs its own cgroup",
			       cgpath, *controllers ? controllers : "cgroup2");
	d->controllers = strdup(controllers);
	if (asprintf(&d->dir, "%s%s", mount, inside) < 0)
		d->dir = NULL;
	d->cgpath = steal_ptr(cgpath);
	d->mount_len = strlen(mount);
	if (d->controllers == NULL || d->dir == NULL)
		return lc_fail(err, ENOMEM, PATH_FIELD);
	return 0;
}

static void free_dir(lc_cg_dir *d)
{
	free(d->controllers);
	free(d->cgpath);
	free(d->dir);
}

void lc_cgroup_free(lc_cgroup *cg)
{
	if (cg == NULL)
		return;
	for (size_t i = 0; i < cg->v1_len; i++)
		free_dir(&cg->v1[i]);
	free(cg->v1);
	if (cg->v2 != NULL) {
		free_dir(cg->v2);
		free(cg->v2);
	}
	if (cg->v2_fd >= 0)
		close(cg->v2_fd);
	lc_cgroup_self_join_close(cg);
	free(cg->saved);
	free(cg);
}

/* The string for state.json: the cgroup path when it is the same in every hierarchy (the usual
 * case), else one "controllers:path" line per hierarchy (cgroup2 as ":path"). */
static int make_saved(lc_cgroup *cg, lc_error **err)
{
	const char *common = cg->v2 ? cg->v2->cgpath : cg->v1[0].cgpath;
	bool same = true;
	size_t total = 1;

	for (size_t i = 0; i < cg->v1_len; i++) {
		same = same && strcmp(cg->v1[i].cgpath, common) == 0;
		total += strlen(cg->v1[i].controllers) + strlen(cg->v1[i].cgpath) + 2;
	}
	if (same) {
		cg->saved = strdup(common);
	} else {
		cg->saved = calloc(1, total + (cg->v2 ? strlen(cg->v2->cgpath) + 2 : 0));
		for (size_t i = 0; cg->saved != NULL && i <= cg->v1_len; i++) {
			const lc_cg_dir *d = i < cg->v1_len ? &cg->v1[i] : cg->v2;
			if (d == NULL)
				break;
			sprintf(cg->saved + strlen(cg->saved), "%s%s:%s", i ? "\n" : "", d->controllers, d->cgpath);
		}
	}
	return cg->saved ? 0 : lc_fail(err, ENOMEM, PATH_FIELD);
}

/* Builds a cgroup whose path in each hierarchy comes from path_for(controllers). */
typedef const char *(*path_lookup)(void *ctx, const char *controllers, char *buf, size_t size);

static int build(path_lookup path_for, void *ctx, lc_cgroup **out, lc_error **err)
{
	lc_cgroup_layout layout;
	char buf[PATH_MAX];

	if (lc_cgroup_detect_layout(NULL, &layout, err) < 0)
		return -1;
	lc_cgroup *cg = calloc(1, sizeof(*cg));
	if (cg == NULL)
		return lc_fail(err, ENOMEM, "cgroup");
	cg->layout = layout;
	cg->v2_fd = -1;
	cg->v1 = calloc(detected.v1_len ? detected.v1_len : 1, sizeof(*cg->v1));
	if (cg->v1 == NULL)
		goto nomem;
	for (size_t i = 0; i < detected.v1_len; i++) {
		const lc_cg_mount *m = &detected.v1[i];
		const char *path = path_for(ctx, m->controllers, buf, sizeof(buf));
		if (path == NULL)
			continue;
		if (fill_dir(&cg->v1[cg->v1_len], m->controllers, m->mount, m->root, path, err) < 0) {
			free_dir(&cg->v1[cg->v1_len]);
			goto fail;
		}
		cg->v1_len++;
	}
	if (detected.v2_mount != NULL) {
		const char *path = path_for(ctx, "", buf, sizeof(buf));
		if (path != NULL) {
			cg->v2 = calloc(1, sizeof(*cg->v2));
			if (cg->v2 == NULL)
				goto nomem;
			if (fill_dir(cg->v2, "", detected.v2_mount, "/", path, err) < 0)
				goto fail;
		}
	}
	if (cg->v1_len == 0 && cg->v2 == NULL) {
		lc_fail(err, 0, PATH_FIELD ": no cgroup hierarchy to place the container in");
		goto fail;
	}
	if (make_saved(cg, err) < 0)
		goto fail;
	*out = cg;
	return 0;
nomem:
	lc_fail(err, ENOMEM, "cgroup");
fail:
	lc_cgroup_free(cg);
	return -1;
}

typedef struct {
	const char *clean; /* cleaned cgroupsPath */
	char *pid1;        /* /proc/1/cgroup text when clean is relative */
} open_ctx;

static const char *open_lookup(void *ctx, const char *controllers, char *buf, size_t size)
{
	open_ctx *o = ctx;
	char base[PATH_MAX];

	if (o->clean[0] == '/')
		return o->clean;
	const char *parent = path_in_lines(o->pid1, true, controllers, base, sizeof(base));

	if (parent == NULL) /* pid 1 is not in this hierarchy's list: its root then */
		parent = "/";
	if ((size_t)snprintf(buf, size, "%s/%s", strcmp(parent, "/") == 0 ? "" : parent, o->clean) >= size)
		return "/"; /* refused by fill_dir as the root: never silently truncated */
	return buf;
}

int lc_cgroup_open(const char *cgroups_path, const char *container_id, lc_cgroup **out, lc_error **err)
{
	cleanup_free char *wanted = NULL;
	cleanup_free char *clean = NULL;
	cleanup_free char *pid1 = NULL;

	if (cgroups_path == NULL || *cgroups_path == '\0') {
		if (container_id == NULL || *container_id == '\0' || strchr(container_id, '/') != NULL)
			return lc_fail(err, EINVAL, "cgroup: invalid container id for the default cgroup path");
		if (asprintf(&wanted, DEFAULT_PARENT "/%s", container_id) < 0)
			return lc_fail(err, ENOMEM, PATH_FIELD);
		cgroups_path = wanted;
	}
	if (strchr(cgroups_path, '\n') != NULL)
		return lc_fail(err, 0, PATH_FIELD ": must not contain a newline");
	clean = clean_path(cgroups_path, err);
	if (clean == NULL)
		return -1;
	if (clean[0] != '/') {
		if (*clean == '\0')
			return lc_fail(err, 0, PATH_FIELD ": \"%s\" names no cgroup", cgroups_path);
		pid1 = lc_cg_read_all("/proc/1/cgroup");
		if (pid1 == NULL)
			return lc_fail(err, errno, PATH_FIELD ": read /proc/1/cgroup");
	}
	open_ctx ctx = {.clean = clean, .pid1 = pid1};
	return build(open_lookup, &ctx, out, err);
}

static const char *saved_lookup(void *ctx, const char *controllers, char *buf, size_t size)
{
	const char *saved = ctx;

	if (saved[0] == '/' && strchr(saved, '\n') == NULL)
		return saved;
	/* NULL: a hierarchy mounted after the container was made is not part of it. */
	return path_in_lines(saved, false, controllers, buf, size);
}

int lc_cgroup_open_saved(const char *saved_path, lc_cgroup **out, lc_error **err)
{
	if (saved_path == NULL || *saved_path == '\0')
		return lc_fail(err, EINVAL, "cgroup: empty saved cgroup path");
	return build(saved_lookup, (void *)saved_path, out, err);
}

const char *lc_cgroup_path(const lc_cgroup *cg)
{
	return cg->saved;
}

lc_cgroup_layout lc_cgroup_get_layout(const lc_cgroup *cg)
{
	return cg->layout;
}

int lc_cgroup_clone_into_fd(const lc_cgroup *cg)
{
	return cg->v2_fd;
}

/* ---- create ---- */

/* mkdir -p of d->dir below its mount point, counting in d->created the trailing components this
 * call made. A concurrent create that fails removes the parents it made (/oci-run the first time),
 * maybe between our mkdirs: then start again from the top. */
static int make_dirs(lc_cg_dir *d, lc_error **err)
{
	cleanup_free char *p = NULL;
	int depth = 0, made_from = 0; /* made_from: 1-based level of the shallowest dir we made */

	/* Usually only the leaf is missing. */
	int r = mkdir(d->dir, 0755);
	if (r == 0 || errno == EEXIST) {
		d->created = r == 0;
		return 0;
	}
	if (errno != ENOENT)
		return lc_fail(err, errno, PATH_FIELD ": mkdir %s", d->dir);
	p = strdup(d->dir);
	if (p == NULL)
		return lc_fail(err, ENOMEM, PATH_FIELD);
	for (const char *c = p + d->mount_len; *c != '\0'; c++)
		depth += *c == '/';
	for (int attempt = 0; attempt < 16; attempt++) {
		int level = 0;
		char *cut = p + d->mount_len;
		int e = 0;
		while (cut != NULL && e == 0) {
			cut = strchr(cut + 1, '/');
			if (cut != NULL)
				*cut = '\0';
			level++;
			if (mkdir(p, 0755) == 0) {
				if (made_from == 0 || level < made_from)
					made_from = level;
			} else if (errno != EEXIST) {
				e = errno;
			}
			if (cut != NULL && e == 0)
				*cut = '/';
		}
		d->created = made_from ? depth - made_from + 1 : 0;
		if (e == 0)
			return 0;
		if (e != ENOENT)
			return lc_fail(err, e, PATH_FIELD ": mkdir %s", p);
		if (cut != NULL)
			*cut = '/';
	}
	return lc_fail(err, EAGAIN, PATH_FIELD ": mkdir %s: its parent keeps disappearing", d->dir);
}

/* Removes what make_dirs made, deepest first; ancestors others filled meanwhile stay. */
static void remove_made(lc_cg_dir *d)
{
	cleanup_free char *p = strdup(d->dir);

	for (int i = 0; p != NULL && i < d->created; i++) {
		if (rmdir(p) < 0 && errno != ENOENT)
			break;
		char *slash = strrchr(p, '/');
		if (slash == NULL || (size_t)(slash - p) <= d->mount_len)
			break;
		*slash = '\0';
	}
	d->created = 0;
}

static int apply(const lc_cgroup *cg, const lc_resources *r, bool update, lc_error **err)
{
	if (r->unified.len > 0 && cg->layout == LC_CGROUP_LAYOUT_V1)
		return lc_fail(err, 0, "linux.resources.unified: requires cgroup v2");
	if (cg->v1_len > 0 && lc_cg_v1_apply(cg, r, update, err) < 0)
		return -1;
	if (cg->v2 != NULL && lc_cg_v2_apply(cg, r, update, err) < 0)
		return -1;
	return 0;
}

int lc_cgroup_create(lc_cgroup *cg, const lc_resources *resources, lc_error **err)
{
	static const lc_resources none;
	size_t made = 0;
	bool v2_made = false;

	/* Without linux.resources the v1 devices cgroup still gets the default allow list. */
	if (resources == NULL)
		resources = &none;

	for (; made < cg->v1_len; made++) {
		lc_cg_dir *d = &cg->v1[made];
		if (make_dirs(d, err) < 0) {
			made++; /* partial: remove_made knows what */
			goto fail;
		}
		if (d->created > 0 && lc_cg_has_controller(d->controllers, "cpuset") && lc_cg_v1_cpuset_fill(d, err) < 0) {
			made++;
			goto fail;
		}
	}
	if (cg->v2 != NULL) {
		v2_made = true;
		if (make_dirs(cg->v2, err) < 0)
			goto fail;
		if (lc_cg_v2_enable(cg, resources, err) < 0)
			goto fail;
		cg->v2_fd = open(cg->v2->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg->v2_fd < 0) {
			lc_fail(err, errno, PATH_FIELD ": open %s", cg->v2->dir);
			goto fail;
		}
	}
	if (apply(cg, resources, false, err) < 0)
		goto fail;
	return 0;

fail:
	if (cg->v2_fd >= 0) {
		close(cg->v2_fd);
		cg->v2_fd = -1;
	}
	if (v2_made)
		remove_made(cg->v2);
	while (made > 0)
		remove_made(&cg->v1[--made]);
	return -1;
}

int lc_cgroup_update(const lc_cgroup *cg, const lc_resources *resources, lc_error **err)
{
	if (cg->v2 != NULL && lc_cg_v2_enable(cg, resources, err) < 0)
		return -1;
	return apply(cg, resources, true, err);
}

/* ---- destroy ---- */

/* rmdir with the container's own sub-cgroups first. Returns 0 when gone, else the errno. */
static int remove_tree(const char *dir)
{
	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	if (errno != EBUSY && errno != ENOTEMPTY)
		return errno;
	DIR *d = opendir(dir);
	if (d != NULL) {
		for (struct dirent *e; (e = readdir(d)) != NULL;) {
			if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			cleanup_free char *child = NULL;
			if (asprintf(&child, "%s/%s", dir, e->d_name) >= 0)
				remove_tree(child);
		}
		closedir(d);
	}
	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	return errno;
}

static long elapsed_ns(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000000000L + (now.tv_nsec - since->tv_nsec);
}

int lc_cgroup_destroy(const lc_cgroup *cg, lc_error **err)
{
	size_t n = cg->v1_len + (cg->v2 != NULL);
	bool done[n];
	struct timespec start;
	long delay_us = 1000;

	memset(done, 0, sizeof(done));
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		const char *busy = NULL;
		int busy_errno = 0;
		for (size_t i = 0; i < n; i++) {
			const char *dir = i < cg->v1_len ? cg->v1[i].dir : cg->v2->dir;
			if (done[i])
				continue;
			int e = remove_tree(dir);
			if (e == 0)
				done[i] = true;
			else if (e != EBUSY && e != ENOTEMPTY)
				return lc_fail(err, e, "cgroup: rmdir %s", dir);
			else if (busy == NULL) {
				busy = dir;
				busy_errno = e;
			}
		}
		if (busy == NULL)
			break;
		/* Killed tasks leave the cgroup only when their exit completes. */
		if (elapsed_ns(&start) >= DESTROY_WAIT_NS)
			return lc_fail(err, busy_errno, "cgroup: rmdir %s (tasks still running)", busy);
		usleep((useconds_t)delay_us);
		delay_us = delay_us * 2 > 20000 ? 20000 : delay_us * 2;
	}
	return 0;
}
