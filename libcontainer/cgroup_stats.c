/* cgroup_stats.c: the counters `events` reports (cpu, cpuset, memory, pids, blkio/io, hugetlb), read
 * from the v1 hierarchy of each controller or from cgroup2, and written in runc's stats JSON shape. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "cleanup.h"
#include "json_out.h"

/* ---- small readers; a missing file leaves the value at 0 ---- */

/* "max" (v2's unlimited) reads as UINT64_MAX. */
static bool parse_u64(const char *text, uint64_t *out)
{
	char *end;

	if (strncmp(text, "max", 3) == 0) {
		*out = UINT64_MAX;
		return true;
	}
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	if (end == text || errno != 0)
		return false;
	*out = v;
	return true;
}

static void read_u64(const char *dir, const char *file, uint64_t *out)
{
	char buf[64];

	if (dir != NULL && lc_cg_read(dir, file, buf, sizeof(buf)) > 0)
		parse_u64(buf, out);
}

static char *read_text(const char *dir, const char *file)
{
	cleanup_free char *path = NULL;

	if (dir == NULL || asprintf(&path, "%s/%s", dir, file) < 0)
		return NULL;
	return lc_cg_read_all(path);
}

/* The value of "key value" (or "key=value") in text made of such lines/words. */
static bool keyed(const char *text, const char *key, uint64_t *out)
{
	size_t n = strlen(key);

	for (const char *p = text; p != NULL && *p != '\0';) {
		if (strncmp(p, key, n) == 0 && (p[n] == ' ' || p[n] == '='))
			return parse_u64(p + n + 1, out);
		p = strpbrk(p, "\n ");
		if (p != NULL)
			p++;
	}
	return false;
}

static void read_keyed(const char *dir, const char *file, const char *key, uint64_t *out)
{
	cleanup_free char *text = read_text(dir, file);

	if (text != NULL)
		keyed(text, key, out);
}

/* Space-separated numbers ("123 456 789") into a new array. */
static int parse_list(const char *text, uint64_t **out, size_t *len)
{
	size_t n = 0, cap = 0;
	uint64_t *items = NULL;

	for (const char *p = text; *p != '\0';) {
		char *end;
		unsigned long long v = strtoull(p, &end, 10);
		if (end == p)
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			uint64_t *grown = realloc(items, cap * sizeof(*grown));
			if (grown == NULL) {
				free(items);
				return -1;
			}
			items = grown;
		}
		items[n++] = v;
		p = end;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	*out = items;
	*len = n;
	return 0;
}

/* A cpu or node list ("0-3,8,10-11") into a new array. */
static int parse_ranges(const char *text, uint16_t **out, size_t *len)
{
	size_t n = 0, cap = 0;
	uint16_t *items = NULL;

	for (const char *p = text; *p >= '0' && *p <= '9';) {
		char *end;
		unsigned long first = strtoul(p, &end, 10), last = first;
		if (*end == '-')
			last = strtoul(end + 1, &end, 10);
		for (unsigned long v = first; v <= last && v <= UINT16_MAX; v++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				uint16_t *grown = realloc(items, cap * sizeof(*grown));
				if (grown == NULL) {
					free(items);
					return -1;
				}
				items = grown;
			}
			items[n++] = (uint16_t)v;
		}
		p = *end == ',' ? end + 1 : end;
	}
	*out = items;
	*len = n;
	return 0;
}

/* ---- where a controller's files are ---- */

/* The v1 directory of controller, else the cgroup2 one (files absent there read as 0). */
static const char *dir_of(const lc_cgroup *cg, const char *controller, bool *v2)
{
	const lc_cg_dir *d = lc_cg_v1_find(cg, controller);

	*v2 = d == NULL && cg->v2 != NULL;
	if (d != NULL)
		return d->dir;
	return cg->v2 != NULL ? cg->v2->dir : NULL;
}

/* ---- cpu ---- */

static int read_cpu(const lc_cgroup *cg, lc_cgroup_stats *s)
{
	bool v2;
	const char *acct = dir_of(cg, "cpuacct", &v2);

	if (v2) {
		cleanup_free char *stat = read_text(acct, "cpu.stat");
		uint64_t usec = 0;
		if (stat == NULL)
			return 0;
		if (keyed(stat, "usage_usec", &usec))
			s->cpu.total = usec * 1000;
		if (keyed(stat, "user_usec", &usec))
			s->cpu.user = usec * 1000;
		if (keyed(stat, "system_usec", &usec))
			s->cpu.kernel = usec * 1000;
		keyed(stat, "nr_periods", &s->cpu.periods);
		keyed(stat, "nr_throttled", &s->cpu.throttled_periods);
		if (keyed(stat, "throttled_usec", &usec))
			s->cpu.throttled_time = usec * 1000;
		return 0;
	}
	read_u64(acct, "cpuacct.usage", &s->cpu.total);
	cleanup_free char *percpu = read_text(acct, "cpuacct.usage_percpu");
	if (percpu != NULL && parse_list(percpu, &s->cpu.percpu, &s->cpu.percpu_len) < 0)
		return -1;
	/* "cpu user system" then one line per cpu, in nanoseconds */
	cleanup_free char *all = read_text(acct, "cpuacct.usage_all");
	const char *line = all ? strchr(all, '\n') : NULL;
	for (; line != NULL && line[1] != '\0'; line = strchr(line + 1, '\n')) {
		uint64_t *items = NULL;
		size_t n = 0;
		if (parse_list(line + 1, &items, &n) < 0)
			return -1;
		if (n >= 3) {
			uint64_t *u = realloc(s->cpu.percpu_user, (s->cpu.percpu_user_len + 1) * sizeof(*u));
			if (u != NULL)
				s->cpu.percpu_user = u;
			uint64_t *k = realloc(s->cpu.percpu_kernel, (s->cpu.percpu_kernel_len + 1) * sizeof(*k));
			if (k != NULL)
				s->cpu.percpu_kernel = k;
			if (u == NULL || k == NULL) {
				free(items);
				return -1;
			}
			u[s->cpu.percpu_user_len++] = items[1];
			k[s->cpu.percpu_kernel_len++] = items[2];
		}
		free(items);
	}
	/* cpuacct.stat counts USER_HZ ticks */
	cleanup_free char *ticks = read_text(acct, "cpuacct.stat");
	long hz = sysconf(_SC_CLK_TCK);
	uint64_t t = 0;
	if (ticks != NULL && hz > 0) {
		if (keyed(ticks, "user", &t))
			s->cpu.user = t * (1000000000ULL / (uint64_t)hz);
		if (keyed(ticks, "system", &t))
			s->cpu.kernel = t * (1000000000ULL / (uint64_t)hz);
	}
	const char *cpu = dir_of(cg, "cpu", &v2);
	cleanup_free char *stat = read_text(cpu, "cpu.stat");
	if (stat != NULL) {
		keyed(stat, "nr_periods", &s->cpu.periods);
		keyed(stat, "nr_throttled", &s->cpu.throttled_periods);
		keyed(stat, "throttled_time", &s->cpu.throttled_time);
	}
	return 0;
}

static int read_cpuset(const lc_cgroup *cg, lc_cgroup_stats *s)
{
	bool v2;
	const char *dir = dir_of(cg, "cpuset", &v2);
	static const struct {
		const char *file;
		size_t offset;
	} numbers[] = {
	    {"cpuset.cpu_exclusive", offsetof(lc_cgroup_stats, cpuset.cpu_exclusive)},
	    {"cpuset.mem_hardwall", offsetof(lc_cgroup_stats, cpuset.mem_hardwall)},
	    {"cpuset.mem_exclusive", offsetof(lc_cgroup_stats, cpuset.mem_exclusive)},
	    {"cpuset.memory_migrate", offsetof(lc_cgroup_stats, cpuset.memory_migrate)},
	    {"cpuset.memory_spread_page", offsetof(lc_cgroup_stats, cpuset.memory_spread_page)},
	    {"cpuset.memory_spread_slab", offsetof(lc_cgroup_stats, cpuset.memory_spread_slab)},
	    {"cpuset.memory_pressure", offsetof(lc_cgroup_stats, cpuset.memory_pressure)},
	    {"cpuset.sched_load_balance", offsetof(lc_cgroup_stats, cpuset.sched_load_balance)},
	};
	char buf[4096];

	if (v2) /* runc reports no cpuset counters on cgroup2 */
		return 0;
	if (lc_cg_read(dir, "cpuset.cpus", buf, sizeof(buf)) > 0 &&
	    parse_ranges(buf, &s->cpuset.cpus, &s->cpuset.cpus_len) < 0)
		return -1;
	if (lc_cg_read(dir, "cpuset.mems", buf, sizeof(buf)) > 0 &&
	    parse_ranges(buf, &s->cpuset.mems, &s->cpuset.mems_len) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(numbers) / sizeof(*numbers); i++)
		read_u64(dir, numbers[i].file, (uint64_t *)((char *)s + numbers[i].offset));
	if (lc_cg_read(dir, "cpuset.sched_relax_domain_level", buf, sizeof(buf)) > 0)
		s->cpuset.sched_relax_domain_level = strtoll(buf, NULL, 10);
	return 0;
}

/* ---- memory ---- */

/* Go writes map keys sorted, so runc's raw and hugetlb objects come out in byte order. */
static int compare_counters(const void *a, const void *b)
{
	return strcmp(((const lc_cgroup_counter *)a)->key, ((const lc_cgroup_counter *)b)->key);
}

static int compare_hugetlb(const void *a, const void *b)
{
	return strcmp(((const struct lc_cgroup_hugetlb_stats *)a)->page_size,
	              ((const struct lc_cgroup_hugetlb_stats *)b)->page_size);
}

static int read_raw(const char *dir, lc_cgroup_stats *s)
{
	cleanup_free char *text = read_text(dir, "memory.stat");
	size_t lines = 0;

	if (text == NULL)
		return 0;
	for (const char *p = text; *p != '\0'; p++)
		lines += *p == '\n';
	s->memory.raw = calloc(lines + 1, sizeof(*s->memory.raw));
	if (s->memory.raw == NULL)
		return -1;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *space = strchr(line, ' ');
		if (space == NULL)
			continue;
		*space = '\0';
		lc_cgroup_counter *c = &s->memory.raw[s->memory.raw_len];
		if (!parse_u64(space + 1, &c->value))
			continue;
		c->key = strdup(line);
		if (c->key == NULL)
			return -1;
		s->memory.raw_len++;
	}
	qsort(s->memory.raw, s->memory.raw_len, sizeof(*s->memory.raw), compare_counters);
	return 0;
}

static uint64_t raw_value(const lc_cgroup_stats *s, const char *key)
{
	for (size_t i = 0; i < s->memory.raw_len; i++)
		if (strcmp(s->memory.raw[i].key, key) == 0)
			return s->memory.raw[i].value;
	return 0;
}

static void read_v1_entry(const char *dir, const char *prefix, lc_cgroup_memory_entry *e)
{
	char file[64];

	snprintf(file, sizeof(file), "%slimit_in_bytes", prefix);
	read_u64(dir, file, &e->limit);
	snprintf(file, sizeof(file), "%susage_in_bytes", prefix);
	read_u64(dir, file, &e->usage);
	snprintf(file, sizeof(file), "%smax_usage_in_bytes", prefix);
	read_u64(dir, file, &e->max);
	snprintf(file, sizeof(file), "%sfailcnt", prefix);
	read_u64(dir, file, &e->failcnt);
}

static int read_memory(const lc_cgroup *cg, lc_cgroup_stats *s)
{
	bool v2;
	const char *dir = dir_of(cg, "memory", &v2);

	if (read_raw(dir, s) < 0)
		return -1;
	if (!v2) {
		s->memory.cache = raw_value(s, "cache");
		read_v1_entry(dir, "memory.", &s->memory.usage);
		read_v1_entry(dir, "memory.memsw.", &s->memory.swap);
		read_v1_entry(dir, "memory.kmem.", &s->memory.kernel);
		read_v1_entry(dir, "memory.kmem.tcp.", &s->memory.kernel_tcp);
		return 0;
	}
	s->memory.cache = raw_value(s, "file");
	read_u64(dir, "memory.current", &s->memory.usage.usage);
	read_u64(dir, "memory.max", &s->memory.usage.limit);
	read_u64(dir, "memory.peak", &s->memory.usage.max);
	cleanup_free char *events = read_text(dir, "memory.events");
	if (events != NULL) {
		keyed(events, "max", &s->memory.usage.failcnt);
		keyed(events, "oom_kill", &s->memory.oom_kills);
	}
	/* v1 reports memory+swap: so do we, for the same readers */
	read_u64(dir, "memory.swap.current", &s->memory.swap.usage);
	read_u64(dir, "memory.swap.max", &s->memory.swap.limit);
	read_keyed(dir, "memory.swap.events", "max", &s->memory.swap.failcnt);
	s->memory.swap.usage += s->memory.usage.usage;
	if (s->memory.swap.limit != UINT64_MAX && s->memory.usage.limit != UINT64_MAX)
		s->memory.swap.limit += s->memory.usage.limit;
	else
		s->memory.swap.limit = UINT64_MAX;
	return 0;
}

static void read_pids(const lc_cgroup *cg, lc_cgroup_stats *s)
{
	bool v2;
	const char *dir = dir_of(cg, "pids", &v2);

	read_u64(dir, "pids.current", &s->pids.current);
	read_u64(dir, "pids.max", &s->pids.limit);
	if (s->pids.limit == UINT64_MAX)
		s->pids.limit = 0;
}

/* ---- blkio / io ---- */

static int add_blkio(lc_cgroup_stats *s, size_t list, uint64_t major, uint64_t minor, const char *op, uint64_t value)
{
	lc_cgroup_blkio_entry *grown = realloc(s->blkio[list].items, (s->blkio[list].len + 1) * sizeof(*grown));

	if (grown == NULL)
		return -1;
	s->blkio[list].items = grown;
	lc_cgroup_blkio_entry *e = &grown[s->blkio[list].len++];
	e->major = major;
	e->minor = minor;
	snprintf(e->op, sizeof(e->op), "%s", op);
	e->value = value;
	return 0;
}

/* v1 lines "8:0 Read 4096" (or "8:0 4096" for time and sectors); the closing "Total N" is skipped. */
static int parse_blkio(const char *text, lc_cgroup_stats *s, size_t list)
{
	for (const char *line = text; line != NULL && *line != '\0';) {
		unsigned long long major, minor, value;
		char op[16] = "";
		if (sscanf(line, "%llu:%llu %15s %llu", &major, &minor, op, &value) == 4 ||
		    (op[0] = '\0', sscanf(line, "%llu:%llu %llu", &major, &minor, &value) == 3)) {
			if (add_blkio(s, list, major, minor, op, value) < 0)
				return -1;
		}
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return 0;
}

static int read_blkio_v1(const char *dir, lc_cgroup_stats *s)
{
	static const char *const files[LC_CGROUP_BLKIO_LISTS] = {
	    "io_service_bytes_recursive", "io_serviced_recursive", "io_queued_recursive", "io_service_time_recursive",
	    "io_wait_time_recursive",     "io_merged_recursive",   "time_recursive",      "sectors_recursive",
	};
	/* CFQ's files, else BFQ's (blkio.bfq.*), else the throttle layer's two, as runc falls back. */
	static const char *const schemes[] = {"blkio.", "blkio.bfq.", "blkio.throttle."};

	for (size_t k = 0; k < sizeof(schemes) / sizeof(*schemes); k++) {
		char file[96];
		snprintf(file, sizeof(file), "%s%s", schemes[k], files[1]);
		cleanup_free char *serviced = read_text(dir, file);
		if (serviced == NULL || serviced[0] == '\0')
			continue;
		for (size_t i = 0; i < LC_CGROUP_BLKIO_LISTS; i++) {
			snprintf(file, sizeof(file), "%s%s", schemes[k], files[i]);
			cleanup_free char *text = read_text(dir, file);
			if (text != NULL && parse_blkio(text, s, i) < 0)
				return -1;
		}
		return 0;
	}
	return 0;
}

/* io.stat lines "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0". */
static int read_io_v2(const char *dir, lc_cgroup_stats *s)
{
	static const struct {
		const char *key, *op;
		size_t list;
	} keys[] = {
	    {"rbytes", "Read", 0}, {"wbytes", "Write", 0}, {"dbytes", "Discard", 0},
	    {"rios", "Read", 1},   {"wios", "Write", 1},   {"dios", "Discard", 1},
	};
	cleanup_free char *text = read_text(dir, "io.stat");

	for (char *line = text; line != NULL && *line != '\0';) {
		char *nl = strchr(line, '\n');
		unsigned long long major, minor;
		if (nl != NULL)
			*nl = '\0';
		if (sscanf(line, "%llu:%llu", &major, &minor) == 2) {
			for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
				uint64_t v;
				if (keyed(strchr(line, ' '), keys[i].key, &v) &&
				    add_blkio(s, keys[i].list, major, minor, keys[i].op, v) < 0)
					return -1;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* ---- hugetlb ---- */

/* "hugepages-2048kB" -> "2MB", as the hugetlb files name sizes. */
static bool page_size_name(const char *entry, char *out, size_t size)
{
	static const char *const units[] = {"KB", "MB", "GB", "TB"};
	unsigned long long kb;
	char unit[4];

	if (sscanf(entry, "hugepages-%llu%3s", &kb, unit) != 2 || strcmp(unit, "kB") != 0 || kb == 0)
		return false;
	size_t u = 0;
	while (kb % 1024 == 0 && u + 1 < sizeof(units) / sizeof(*units)) {
		kb /= 1024;
		u++;
	}
	snprintf(out, size, "%llu%s", kb, units[u]);
	return true;
}

static int read_hugetlb(const lc_cgroup *cg, lc_cgroup_stats *s)
{
	bool v2;
	const char *dir = dir_of(cg, "hugetlb", &v2);
	DIR *d = opendir("/sys/kernel/mm/hugepages");

	if (d == NULL)
		return 0;
	int ret = 0;
	for (struct dirent *e; ret == 0 && (e = readdir(d)) != NULL;) {
		char name[16], file[64];
		if (!page_size_name(e->d_name, name, sizeof(name)))
			continue;
		struct lc_cgroup_hugetlb_stats *grown = realloc(s->hugetlb, (s->hugetlb_len + 1) * sizeof(*grown));
		if (grown == NULL) {
			ret = -1;
			break;
		}
		s->hugetlb = grown;
		struct lc_cgroup_hugetlb_stats *h = &grown[s->hugetlb_len++];
		memset(h, 0, sizeof(*h));
		snprintf(h->page_size, sizeof(h->page_size), "%s", name);
		if (v2) {
			snprintf(file, sizeof(file), "hugetlb.%s.current", name);
			read_u64(dir, file, &h->usage);
			snprintf(file, sizeof(file), "hugetlb.%s.events", name);
			read_keyed(dir, file, "max", &h->failcnt);
		} else {
			snprintf(file, sizeof(file), "hugetlb.%s.usage_in_bytes", name);
			read_u64(dir, file, &h->usage);
			snprintf(file, sizeof(file), "hugetlb.%s.max_usage_in_bytes", name);
			read_u64(dir, file, &h->max);
			snprintf(file, sizeof(file), "hugetlb.%s.failcnt", name);
			read_u64(dir, file, &h->failcnt);
		}
	}
	closedir(d);
	if (s->hugetlb_len > 1)
		qsort(s->hugetlb, s->hugetlb_len, sizeof(*s->hugetlb), compare_hugetlb);
	return ret;
}

int lc_cgroup_stats_read(const lc_cgroup *cg, lc_cgroup_stats *s, lc_error **err)
{
	bool v2;
	const char *dir = dir_of(cg, "memory", &v2);
	struct stat st;

	memset(s, 0, sizeof(*s));
	if (dir == NULL)
		dir = cg->v1_len > 0 ? cg->v1[0].dir : NULL;
	if (dir == NULL || stat(dir, &st) < 0)
		return lc_fail(err, dir ? errno : ENOENT, "cgroup stats: %s", dir ? dir : "no cgroup");
	const char *blkio = dir_of(cg, "blkio", &v2);
	if (read_cpu(cg, s) < 0 || read_cpuset(cg, s) < 0 || read_memory(cg, s) < 0 ||
	    (v2 ? read_io_v2(blkio, s) : read_blkio_v1(blkio, s)) < 0 || read_hugetlb(cg, s) < 0)
		return lc_fail(err, ENOMEM, "cgroup stats");
	read_pids(cg, s);
	return 0;
}

void lc_cgroup_stats_clear(lc_cgroup_stats *s)
{
	free(s->cpu.percpu);
	free(s->cpu.percpu_kernel);
	free(s->cpu.percpu_user);
	free(s->cpuset.cpus);
	free(s->cpuset.mems);
	for (size_t i = 0; i < s->memory.raw_len; i++)
		free(s->memory.raw[i].key);
	free(s->memory.raw);
	for (size_t i = 0; i < LC_CGROUP_BLKIO_LISTS; i++)
		free(s->blkio[i].items);
	free(s->hugetlb);
	memset(s, 0, sizeof(*s));
}

/* ---- runc's JSON ---- */

/* Go's omitempty: a zero number is left out. */
static void kv_omitempty(lc_json_writer *w, const char *key, uint64_t v)
{
	if (v != 0) {
		lc_json_key(w, key);
		lc_json_uint(w, v);
	}
}

static void kv_uint(lc_json_writer *w, const char *key, uint64_t v)
{
	lc_json_key(w, key);
	lc_json_uint(w, v);
}

static void u64_array_omitempty(lc_json_writer *w, const char *key, const uint64_t *items, size_t len)
{
	if (len == 0)
		return;
	lc_json_key(w, key);
	lc_json_begin_array(w);
	for (size_t i = 0; i < len; i++)
		lc_json_uint(w, items[i]);
	lc_json_end_array(w);
}

static void u16_array_omitempty(lc_json_writer *w, const char *key, const uint16_t *items, size_t len)
{
	if (len == 0)
		return;
	lc_json_key(w, key);
	lc_json_begin_array(w);
	for (size_t i = 0; i < len; i++)
		lc_json_uint(w, items[i]);
	lc_json_end_array(w);
}

static void memory_entry(lc_json_writer *w, const char *key, const lc_cgroup_memory_entry *e)
{
	lc_json_key(w, key);
	lc_json_begin_object(w);
	kv_uint(w, "limit", e->limit);
	kv_omitempty(w, "usage", e->usage);
	kv_omitempty(w, "max", e->max);
	kv_uint(w, "failcnt", e->failcnt);
	lc_json_end_object(w);
}

static void write_cpu(lc_json_writer *w, const lc_cgroup_stats *s)
{
	lc_json_key(w, "cpu");
	lc_json_begin_object(w);
	lc_json_key(w, "usage");
	lc_json_begin_object(w);
	kv_omitempty(w, "total", s->cpu.total);
	u64_array_omitempty(w, "percpu", s->cpu.percpu, s->cpu.percpu_len);
	u64_array_omitempty(w, "percpu_kernel", s->cpu.percpu_kernel, s->cpu.percpu_kernel_len);
	u64_array_omitempty(w, "percpu_user", s->cpu.percpu_user, s->cpu.percpu_user_len);
	kv_uint(w, "kernel", s->cpu.kernel);
	kv_uint(w, "user", s->cpu.user);
	lc_json_end_object(w);
	lc_json_key(w, "throttling");
	lc_json_begin_object(w);
	kv_omitempty(w, "periods", s->cpu.periods);
	kv_omitempty(w, "throttledPeriods", s->cpu.throttled_periods);
	kv_omitempty(w, "throttledTime", s->cpu.throttled_time);
	lc_json_end_object(w);
	lc_json_end_object(w);

	lc_json_key(w, "cpuset");
	lc_json_begin_object(w);
	u16_array_omitempty(w, "cpus", s->cpuset.cpus, s->cpuset.cpus_len);
	kv_uint(w, "cpu_exclusive", s->cpuset.cpu_exclusive);
	u16_array_omitempty(w, "mems", s->cpuset.mems, s->cpuset.mems_len);
	kv_uint(w, "mem_hardwall", s->cpuset.mem_hardwall);
	kv_uint(w, "mem_exclusive", s->cpuset.mem_exclusive);
	kv_uint(w, "memory_migrate", s->cpuset.memory_migrate);
	kv_uint(w, "memory_spread_page", s->cpuset.memory_spread_page);
	kv_uint(w, "memory_spread_slab", s->cpuset.memory_spread_slab);
	kv_uint(w, "memory_pressure", s->cpuset.memory_pressure);
	kv_uint(w, "sched_load_balance", s->cpuset.sched_load_balance);
	lc_json_kv_int(w, "sched_relax_domain_level", s->cpuset.sched_relax_domain_level);
	lc_json_end_object(w);
}

static void write_memory(lc_json_writer *w, const lc_cgroup_stats *s)
{
	lc_json_key(w, "memory");
	lc_json_begin_object(w);
	kv_omitempty(w, "cache", s->memory.cache);
	memory_entry(w, "usage", &s->memory.usage);
	memory_entry(w, "swap", &s->memory.swap);
	memory_entry(w, "kernel", &s->memory.kernel);
	memory_entry(w, "kernelTCP", &s->memory.kernel_tcp);
	if (s->memory.raw_len > 0) {
		lc_json_key(w, "raw");
		lc_json_begin_object(w);
		for (size_t i = 0; i < s->memory.raw_len; i++)
			kv_uint(w, s->memory.raw[i].key, s->memory.raw[i].value);
		lc_json_end_object(w);
	}
	lc_json_end_object(w);
}

static void write_blkio(lc_json_writer *w, const lc_cgroup_stats *s)
{
	static const char *const names[LC_CGROUP_BLKIO_LISTS] = {
	    "ioServiceBytesRecursive", "ioServicedRecursive", "ioQueueRecursive", "ioServiceTimeRecursive",
	    "ioWaitTimeRecursive",     "ioMergedRecursive",   "ioTimeRecursive",  "sectorsRecursive",
	};

	lc_json_key(w, "blkio");
	lc_json_begin_object(w);
	for (size_t i = 0; i < LC_CGROUP_BLKIO_LISTS; i++) {
		if (s->blkio[i].len == 0)
			continue;
		lc_json_key(w, names[i]);
		lc_json_begin_array(w);
		for (size_t j = 0; j < s->blkio[i].len; j++) {
			const lc_cgroup_blkio_entry *e = &s->blkio[i].items[j];
			lc_json_begin_object(w);
			kv_omitempty(w, "major", e->major);
			kv_omitempty(w, "minor", e->minor);
			if (e->op[0] != '\0')
				lc_json_kv_string(w, "op", e->op);
			kv_omitempty(w, "value", e->value);
			lc_json_end_object(w);
		}
		lc_json_end_array(w);
	}
	lc_json_end_object(w);
}

void lc_cgroup_stats_write_json(lc_json_writer *w, const lc_cgroup_stats *s)
{
	lc_json_begin_object(w);
	write_cpu(w, s);
	write_memory(w, s);
	lc_json_key(w, "pids");
	lc_json_begin_object(w);
	kv_omitempty(w, "current", s->pids.current);
	kv_omitempty(w, "limit", s->pids.limit);
	lc_json_end_object(w);
	write_blkio(w, s);
	lc_json_key(w, "hugetlb");
	lc_json_begin_object(w);
	for (size_t i = 0; i < s->hugetlb_len; i++) {
		lc_json_key(w, s->hugetlb[i].page_size);
		lc_json_begin_object(w);
		kv_omitempty(w, "usage", s->hugetlb[i].usage);
		kv_omitempty(w, "max", s->hugetlb[i].max);
		kv_uint(w, "failcnt", s->hugetlb[i].failcnt);
		lc_json_end_object(w);
	}
	lc_json_end_object(w);
	lc_json_key(w, "intel_rdt");
	lc_json_begin_object(w);
	lc_json_end_object(w);
	lc_json_key(w, "network_interfaces");
	lc_json_null(w);
	lc_json_end_object(w);
}
