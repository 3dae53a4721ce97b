/* cgroup.h: one interface over the cgroup v1, v2 and hybrid layouts.
 * The lifecycle code never knows which driver it talks to; layout is detected at run time. */
#ifndef LC_CGROUP_H
#define LC_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

typedef enum {
	LC_CGROUP_LAYOUT_V1,     /* v1 controllers only */
	LC_CGROUP_LAYOUT_HYBRID, /* v1 controllers + a cgroup2 mount (e.g. /sys/fs/cgroup/unified) */
	LC_CGROUP_LAYOUT_V2,     /* pure unified */
} lc_cgroup_layout;

typedef struct lc_cgroup lc_cgroup; /* opaque; owned by the caller, freed with lc_cgroup_free */

/* Where cgroup filesystems are looked for; NULL means "/sys/fs/cgroup". Tests may point it elsewhere. */
int lc_cgroup_detect_layout(const char *cgroup_root, lc_cgroup_layout *out, lc_error **err);

/* Resolves a container's cgroup from linux.cgroupsPath. Absolute paths are taken from each
 * hierarchy's root; relative ones under pid 1's cgroup in that hierarchy (as runc); NULL or empty
 * means "/oci-run/<id>". Does not touch the filesystem beyond detection. */
int lc_cgroup_open(const char *cgroups_path, const char *container_id, lc_cgroup **out, lc_error **err);

/* Re-opens a cgroup recorded in a state file (the string from lc_cgroup_path). */
int lc_cgroup_open_saved(const char *saved_path, lc_cgroup **out, lc_error **err);

/* A string describing the resolved cgroup, stored in state.json and accepted by
 * lc_cgroup_open_saved (e.g. "/oci-run/ID"). */
const char *lc_cgroup_path(const lc_cgroup *cg);
lc_cgroup_layout lc_cgroup_get_layout(const lc_cgroup *cg);

/* Makes the directories (every v1 hierarchy; v2: enables the needed controllers in
 * cgroup.subtree_control down the path) and applies resources (may be NULL). On failure everything
 * this call created is removed again. */
int lc_cgroup_create(lc_cgroup *cg, const lc_resources *resources, lc_error **err);

/* An O_DIRECTORY fd of the v2 cgroup (unified mount, also in hybrid) for clone3 CLONE_INTO_CGROUP,
 * or -1 when there is none. Owned by cg: do not close. Valid after lc_cgroup_create or
 * lc_cgroup_self_join_open. */
int lc_cgroup_clone_into_fd(const lc_cgroup *cg);

/* Joining the v1 hierarchies: the new process moves itself. Writing "0" to a hierarchy's tasks
 * file moves only the writing thread, which the kernel does without the global threadgroup lock;
 * another process's pid written to cgroup.procs takes that lock, whose write side first waits for
 * an RCU grace period (5-20 ms here). The parent opens the files before clone
 * (lc_cgroup_self_join_open) and closes its copies after (lc_cgroup_self_join_close); the child,
 * single-threaded, calls lc_cgroup_self_join before anything else, which also closes its copies.
 * lc_cgroup_self_join_open also opens the v2 directory for lc_cgroup_clone_into_fd when the cgroup
 * was reopened from a state file rather than made by lc_cgroup_create. */
int lc_cgroup_self_join_open(lc_cgroup *cg, lc_error **err);
int lc_cgroup_self_join(const lc_cgroup *cg, lc_error **err);
void lc_cgroup_self_join_close(lc_cgroup *cg);

/* Moves pid into the v2 cgroup (unified mount, also in hybrid) when CLONE_INTO_CGROUP did not:
 * the v1 hierarchies are joined by the process itself (lc_cgroup_self_join). */
int lc_cgroup_join_unified(const lc_cgroup *cg, pid_t pid, lc_error **err);

/* Applies resources to an existing cgroup (update). */
int lc_cgroup_update(const lc_cgroup *cg, const lc_resources *resources, lc_error **err);

/* Every pid in the cgroup (recursively), allocated array. */
int lc_cgroup_pids(const lc_cgroup *cg, pid_t **pids, size_t *len, lc_error **err);

/* Sends sig to every process of the cgroup (v2 SIGKILL: cgroup.kill; else freeze, signal, thaw). */
int lc_cgroup_kill_all(const lc_cgroup *cg, int sig, lc_error **err);

int lc_cgroup_freeze(const lc_cgroup *cg, bool frozen, lc_error **err);
/* *frozen = true when the freezer says FROZEN (v1) or cgroup.freeze/events frozen 1 (v2). */
int lc_cgroup_is_frozen(const lc_cgroup *cg, bool *frozen, lc_error **err);

/* Removes the directories (every hierarchy), waiting briefly for exiting tasks. Missing is success.
 * The shared default parent (/oci-run) stays, as the state root does. */
int lc_cgroup_destroy(const lc_cgroup *cg, lc_error **err);

void lc_cgroup_free(lc_cgroup *cg);

/* ---- statistics (cgroup_stats.c) ---- */

/* Counters as runc's `events` reports them; a file the kernel or the layout lacks reads as 0.
 * Times are nanoseconds, sizes bytes; an unlimited v2 limit is UINT64_MAX, as in runc. */
typedef struct {
	uint64_t limit, usage, max, failcnt;
} lc_cgroup_memory_entry;

typedef struct {
	uint64_t major, minor;
	char op[16]; /* "Read", "Write", "Sync", "Async", "Discard", "Total"; "" for time and sectors */
	uint64_t value;
} lc_cgroup_blkio_entry;

typedef struct {
	char *key;
	uint64_t value;
} lc_cgroup_counter;

/* blkio lists in runc's order: ioServiceBytesRecursive, ioServicedRecursive, ioQueueRecursive,
 * ioServiceTimeRecursive, ioWaitTimeRecursive, ioMergedRecursive, ioTimeRecursive, sectorsRecursive. */
#define LC_CGROUP_BLKIO_LISTS 8

typedef struct {
	struct {
		uint64_t total, kernel, user;
		uint64_t *percpu, *percpu_kernel, *percpu_user;
		size_t percpu_len, percpu_kernel_len, percpu_user_len;
		uint64_t periods, throttled_periods, throttled_time;
	} cpu;
	struct {
		uint16_t *cpus, *mems;
		size_t cpus_len, mems_len;
		uint64_t cpu_exclusive, mem_hardwall, mem_exclusive, memory_migrate, memory_spread_page,
			memory_spread_slab, memory_pressure, sched_load_balance;
		int64_t sched_relax_domain_level;
	} cpuset;
	struct {
		uint64_t cache;
		lc_cgroup_memory_entry usage, swap, kernel, kernel_tcp;
		lc_cgroup_counter *raw; /* memory.stat, in file order */
		size_t raw_len;
		uint64_t oom_kills; /* v2 memory.events oom_kill; v1 has no counter (0) */
	} memory;
	struct {
		uint64_t current, limit; /* limit 0: unlimited */
	} pids;
	struct {
		lc_cgroup_blkio_entry *items;
		size_t len;
	} blkio[LC_CGROUP_BLKIO_LISTS];
	struct lc_cgroup_hugetlb_stats {
		char page_size[16]; /* "2MB" */
		uint64_t usage, max, failcnt;
	} *hugetlb;
	size_t hugetlb_len;
} lc_cgroup_stats;

/* Reads every controller's counters from wherever it lives (v1 hierarchy or cgroup2). Fails only
 * when the cgroup itself is gone. Clear with lc_cgroup_stats_clear, also after a failure. */
int lc_cgroup_stats_read(const lc_cgroup *cg, lc_cgroup_stats *out, lc_error **err);
void lc_cgroup_stats_clear(lc_cgroup_stats *stats);

struct lc_json_writer;
/* Writes the stats as the "data" object of runc's stats event (runc 1.1's keys, its omitted
 * zeros included), so tools that read `runc events` read ours. */
void lc_cgroup_stats_write_json(struct lc_json_writer *w, const lc_cgroup_stats *stats);

/* ---- OOM notifications (cgroup_oom.c) ---- */

/* v1: an eventfd registered on memory.oom_control through cgroup.event_control; v2: the oom_kill
 * counter of memory.events, which kernfs flags with POLLPRI when it changes. */
typedef struct lc_cgroup_oom_watch lc_cgroup_oom_watch;

/* *out is NULL (and 0 is returned) when the cgroup has no memory controller to watch. */
int lc_cgroup_oom_watch_open(const lc_cgroup *cg, lc_cgroup_oom_watch **out, lc_error **err);
/* The fd to poll and the poll events to wait for. */
int lc_cgroup_oom_watch_fd(const lc_cgroup_oom_watch *watch, short *events);
/* Call when the fd is ready (or any time: it does not block). *ooms: OOM events since the last
 * call; *gone: the cgroup was removed, nothing more will come. */
int lc_cgroup_oom_watch_read(lc_cgroup_oom_watch *watch, unsigned *ooms, bool *gone, lc_error **err);
void lc_cgroup_oom_watch_free(lc_cgroup_oom_watch *watch);

#endif
