/* cgroup_internal.h: what cgroup.c shares with the v1 and v2 drivers (not part of the library API).
 * cgroup.c owns layout detection, paths and directories; the drivers own the files of each controller. */
#ifndef LC_CGROUP_INTERNAL_H
#define LC_CGROUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup.h"

/* A mounted v1 hierarchy. */
typedef struct {
	char *controllers; /* "cpu,cpuacct", "name=systemd" */
	char *mount;       /* where it is mounted */
	char *root;        /* the hierarchy path mounted there (mountinfo field 4), usually "/" */
} lc_cg_mount;

/* One hierarchy's copy of the container's cgroup. */
typedef struct {
	char *controllers; /* as in /proc/self/cgroup: "cpu,cpuacct", "name=systemd"; "" for cgroup2 */
	char *cgpath;      /* the cgroup inside the hierarchy, "/oci-run/ID" */
	char *dir;         /* where that cgroup is on the filesystem */
	size_t mount_len;  /* dir[0, mount_len) is the mount point of the hierarchy */
	int created;       /* trailing components of cgpath made by lc_cgroup_create (rollback) */
} lc_cg_dir;

struct lc_cgroup {
	lc_cgroup_layout layout;
	char *saved;     /* lc_cgroup_path */
	lc_cg_dir *v1;   /* every v1 hierarchy, named ones included */
	size_t v1_len;
	lc_cg_dir *v2;   /* the cgroup2 mount (hybrid or pure v2), NULL on v1 */
	int v2_fd;       /* O_DIRECTORY fd of v2->dir opened by create, for CLONE_INTO_CGROUP */
	int *v1_tasks_fds; /* v1_len write fds of each hierarchy's tasks file, for the self-join */
};

/* ---- common file access (cgroup.c) ---- */

/* Writes value to dir/file in one write(2). On failure the error names the spec field:
 * "<field>: write <value> to <dir>/<file>: <strerror>". */
int lc_cg_write(const char *dir, const char *file, const char *value, const char *field, lc_error **err);
/* As lc_cg_write, but a missing file is not an error: returns 1 then, 0 when written. */
int lc_cg_write_if_exists(const char *dir, const char *file, const char *value, const char *field,
			  lc_error **err);
/* Reads dir/file into buf (NUL-terminated, trailing newline removed). Returns the length, or -1
 * with errno set (no lc_error: callers decide whether a missing file matters). */
ssize_t lc_cg_read(const char *dir, const char *file, char *buf, size_t size);
/* memory.checkBeforeUpdate: refuses a new limit below the usage read from usage_file (v1
 * memory.usage_in_bytes, v2 memory.current). */
int lc_cg_check_before_update(const char *dir, const char *usage_file, const lc_memory_resources *m,
			      lc_error **err);

/* linux.resources.rdma: one rdma.max line a device that sets a limit (the same file in v1 and v2). */
int lc_cg_write_rdma(const char *dir, const lc_resources *res, lc_error **err);

/* Reads a whole small file of unknown size (NULL with errno on failure). */
char *lc_cg_read_all(const char *path);

/* Controller lists as in /proc/self/cgroup ("cpu,cpuacct"): membership, and equality in any order. */
bool lc_cg_has_controller(const char *list, const char *controller);
bool lc_cg_same_controllers(const char *a, const char *b);

/* The v1 directory of the hierarchy holding controller ("memory", "name=systemd"), or NULL. */
const lc_cg_dir *lc_cg_v1_find(const lc_cgroup *cg, const char *controller);

/* ---- v1 driver (cgroup_v1.c) ---- */

/* Appends to *mounts every v1 hierarchy mounted below root, from /proc/self/mountinfo (one read);
 * a hierarchy mounted twice is listed once. */
int lc_cg_v1_mounts(const char *root, lc_cg_mount **mounts, size_t *len, lc_error **err);
/* Applies every resource whose controller has a v1 hierarchy. On a pure v1 host a resource whose
 * controller is not mounted is an error; on hybrid it is left to the v2 driver. */
int lc_cg_v1_apply(const lc_cgroup *cg, const lc_resources *r, bool update, lc_error **err);
/* A new v1 cpuset cgroup starts with empty cpus/mems and refuses tasks: copy them down from the
 * nearest ancestor that has them, into every level from there to the leaf. */
int lc_cg_v1_cpuset_fill(const lc_cg_dir *d, lc_error **err);
int lc_cg_v1_freeze(const lc_cg_dir *freezer, bool frozen, lc_error **err);
int lc_cg_v1_is_frozen(const lc_cg_dir *freezer, bool *frozen, lc_error **err);

/* ---- v2 driver (cgroup_v2.c) ---- */

/* Enables the controllers r needs ("+memory +pids"; on hybrid only those with no v1 hierarchy) in
 * cgroup.subtree_control from the mount root down to the leaf's parent. */
int lc_cg_v2_enable(const lc_cgroup *cg, const lc_resources *r, lc_error **err);
int lc_cg_v2_apply(const lc_cgroup *cg, const lc_resources *r, bool update, lc_error **err);
int lc_cg_v2_freeze(const lc_cg_dir *d, bool frozen, lc_error **err);
int lc_cg_v2_is_frozen(const lc_cg_dir *d, bool *frozen, lc_error **err);
/* Writes cgroup.kill. Returns 1 when the kernel has no cgroup.kill (caller falls back). */
int lc_cg_v2_kill(const lc_cg_dir *d, lc_error **err);

/* ---- device rules (cgroup_v2_devices.c) ---- */

/* What every container may use, appended after linux.resources.devices by both drivers. */
extern const lc_device_cgroup_rule lc_cg_default_device_rules[];
extern const size_t lc_cg_default_device_rules_len;

struct bpf_insn;
/* The BPF_PROG_TYPE_CGROUP_DEVICE program for r's rules followed by the default list: the last
 * rule that matches a request decides, none denies. Errors name the rule's field. */
int lc_cg_v2_devices_program(const lc_resources *r, struct bpf_insn **insns, size_t *len, lc_error **err);
/* Loads that program and attaches it to the cgroup2 directory cgroup_fd (BPF_F_ALLOW_MULTI), then
 * detaches the device programs attached there before (an update replaces the rules). */
int lc_cg_v2_devices_apply(int cgroup_fd, const lc_resources *r, lc_error **err);

/* ---- conversions, pure (unit-tested) ---- */

/* cpu.shares [2, 262144] to cpu.weight [1, 10000], as crun maps them; 0 stays 0 (unset). */
uint64_t lc_cg_shares_to_weight(uint64_t shares);
/* blkio.weight [10, 1000] to io.weight [1, 10000]; 0 stays 0. */
uint64_t lc_cg_blkio_to_io_weight(uint64_t weight);
/* v1 memory+swap to memory.swap.max. limit/swap: has=false when absent, -1 unlimited.
 * Sets *out to -1 for "max"; returns 0 when there is nothing to write (*out untouched), 1 when
 * *out is set, -1 with an error naming linux.resources.memory.swap. */
int lc_cg_swap_to_v2(lc_opt_i64 limit, lc_opt_i64 swap, int64_t *out, lc_error **err);
/* "quota period" for cpu.max; quota absent or < 0 means "max". Writes nothing (returns 0) when
 * neither is set. */
int lc_cg_cpu_max(lc_opt_i64 quota, lc_opt_u64 period, char *buf, size_t size);

#endif
