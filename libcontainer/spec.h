/* spec.h: the OCI runtime-spec 1.x config.json as plain C structs.
 * Only spec.c (parser) and spec_validate.c (rules) know JSON; everything else reads these structs. */
#ifndef LC_SPEC_H
#define LC_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* An optional scalar: has == false means the key was absent (or null). */
typedef struct { bool has; int64_t value; } lc_opt_i64;
typedef struct { bool has; uint64_t value; } lc_opt_u64;
typedef struct { bool has; bool value; } lc_opt_bool;

typedef struct { char **items; size_t len; } lc_strv; /* items owned; items[len] == NULL */

typedef struct { char *key; char *value; } lc_keyval;
typedef struct { lc_keyval *items; size_t len; } lc_map; /* insertion order kept */

typedef struct {
	uint32_t container_id;
	uint32_t host_id;
	uint32_t size;
} lc_id_mapping;

typedef struct {
	char *destination;
	char *type;    /* may be NULL */
	char *source;  /* may be NULL */
	lc_strv options;
	lc_id_mapping *uid_mappings; size_t uid_mappings_len;
	lc_id_mapping *gid_mappings; size_t gid_mappings_len;
} lc_mount;

typedef struct {
	char *type;  /* "RLIMIT_NOFILE" ... */
	uint64_t soft;
	uint64_t hard;
} lc_rlimit;

typedef struct {
	lc_strv bounding, effective, inheritable, permitted, ambient;
	bool has_bounding, has_effective, has_inheritable, has_permitted, has_ambient;
} lc_capabilities;

typedef struct {
	uint32_t uid;
	uint32_t gid;
	lc_opt_u64 umask;
	uint32_t *additional_gids; size_t additional_gids_len;
	char *username; /* windows only; kept */
} lc_user;

typedef struct {
	char *policy; /* SCHED_OTHER ... */
	lc_opt_i64 nice;
	lc_opt_i64 priority;
	lc_strv flags;
	lc_opt_u64 runtime, deadline, period;
} lc_scheduler;

typedef struct {
	char *class; /* IOPRIO_CLASS_RT ... */
	int64_t priority;
} lc_io_priority;

typedef struct {
	bool terminal;
	bool has_console_size;
	uint32_t console_height, console_width;
	lc_user user;
	lc_strv args;
	char *command_line; /* windows only; kept */
	lc_strv env;
	char *cwd;
	bool has_capabilities;
	lc_capabilities capabilities;
	lc_rlimit *rlimits; size_t rlimits_len;
	bool no_new_privileges;
	char *apparmor_profile;
	lc_opt_i64 oom_score_adj;
	char *selinux_label;
	bool has_io_priority;
	lc_io_priority io_priority;
	bool has_scheduler;
	lc_scheduler scheduler;
	lc_map exec_cpu_affinity; /* "initial", "final" if present */
} lc_process;

typedef struct {
	char *path;
	lc_strv args;
	lc_strv env;
	lc_opt_i64 timeout; /* seconds */
} lc_hook;

typedef struct { lc_hook *items; size_t len; } lc_hook_list;

typedef struct {
	lc_hook_list prestart, create_runtime, create_container, start_container, poststart, poststop;
} lc_hooks;

typedef enum {
	LC_NS_PID, LC_NS_NETWORK, LC_NS_MOUNT, LC_NS_IPC, LC_NS_UTS, LC_NS_USER, LC_NS_CGROUP, LC_NS_TIME,
	LC_NS__COUNT
} lc_ns_kind;

typedef struct {
	lc_ns_kind kind;
	char *path; /* NULL: create a new one; else join */
} lc_namespace;

typedef struct {
	char *path;
	char type; /* 'c', 'b', 'u', 'p' */
	int64_t major, minor;
	lc_opt_u64 file_mode;
	lc_opt_u64 uid, gid;
} lc_device;

/* resources */
typedef struct {
	bool allow;
	char *type;   /* "a", "c", "b" or NULL (== "a") */
	lc_opt_i64 major, minor; /* absent == wildcard */
	char *access; /* "rwm" subset or NULL */
} lc_device_cgroup_rule;

typedef struct {
	lc_opt_i64 limit, reservation, swap, kernel, kernel_tcp;
	lc_opt_u64 swappiness;
	lc_opt_bool disable_oom_killer, use_hierarchy, check_before_update;
} lc_memory_resources;

typedef struct {
	lc_opt_u64 shares;
	lc_opt_i64 quota;
	lc_opt_u64 burst;
	lc_opt_u64 period;
	lc_opt_i64 realtime_runtime;
	lc_opt_u64 realtime_period;
	char *cpus;
	char *mems;
	lc_opt_i64 idle;
} lc_cpu_resources;

typedef struct {
	int64_t major, minor;
	lc_opt_u64 weight, leaf_weight;
} lc_blkio_weight_device;

typedef struct {
	int64_t major, minor;
	uint64_t rate;
} lc_blkio_throttle_device;

typedef struct {
	lc_opt_u64 weight, leaf_weight;
	lc_blkio_weight_device *weight_device; size_t weight_device_len;
	lc_blkio_throttle_device *throttle_read_bps; size_t throttle_read_bps_len;
	lc_blkio_throttle_device *throttle_write_bps; size_t throttle_write_bps_len;
	lc_blkio_throttle_device *throttle_read_iops; size_t throttle_read_iops_len;
	lc_blkio_throttle_device *throttle_write_iops; size_t throttle_write_iops_len;
} lc_blkio_resources;

typedef struct {
	char *page_size; /* "2MB" */
	uint64_t limit;
} lc_hugepage_limit;

typedef struct { char *name; uint32_t priority; } lc_net_priority;

typedef struct {
	char *device;
	lc_opt_u64 hca_handles, hca_objects;
} lc_rdma_limit;

typedef struct {
	lc_device_cgroup_rule *devices; size_t devices_len;
	bool has_memory; lc_memory_resources memory;
	bool has_cpu; lc_cpu_resources cpu;
	bool has_pids; lc_opt_i64 pids_limit;
	bool has_blkio; lc_blkio_resources blkio;
	lc_hugepage_limit *hugepage_limits; size_t hugepage_limits_len;
	bool has_network; lc_opt_u64 net_class_id;
	lc_net_priority *net_priorities; size_t net_priorities_len;
	lc_rdma_limit *rdma; size_t rdma_len;
	lc_map unified;
} lc_resources;

typedef struct {
	char **names; size_t names_len;
	char *action;     /* "SCMP_ACT_ERRNO" ... */
	lc_opt_u64 errno_ret;
	struct lc_seccomp_arg {
		uint32_t index;
		uint64_t value;
		uint64_t value_two;
		char *op; /* "SCMP_CMP_EQ" ... */
	} *args;
	size_t args_len;
} lc_seccomp_syscall;

typedef struct {
	char *default_action;
	lc_opt_u64 default_errno_ret;
	lc_strv architectures;
	lc_strv flags;
	char *listener_path;
	char *listener_metadata;
	lc_seccomp_syscall *syscalls; size_t syscalls_len;
} lc_seccomp;

typedef struct {
	char *clock; /* "monotonic" or "boottime" */
	int64_t secs;
	uint32_t nanosecs;
} lc_time_offset;

typedef struct {
	char *domain;
	lc_strv flags;
} lc_personality;

typedef struct {
	char *clos_id;
	char *l3_cache_schema;
	char *mem_bw_schema;
	lc_strv schemata;
	bool enable_cmt, enable_mbm;
	bool enable_monitoring; /* runtime-spec 1.3 */
} lc_intel_rdt;

typedef struct {
	char *mode;  /* "MPOL_INTERLEAVE" ... */
	char *nodes; /* "2-3" or NULL */
	lc_strv flags;
} lc_memory_policy;

typedef struct {
	lc_namespace *namespaces; size_t namespaces_len;
	lc_id_mapping *uid_mappings; size_t uid_mappings_len;
	lc_id_mapping *gid_mappings; size_t gid_mappings_len;
	lc_time_offset *time_offsets; size_t time_offsets_len;
	lc_device *devices; size_t devices_len;
	char *cgroups_path;
	bool has_resources;
	lc_resources resources;
	char *rootfs_propagation;
	bool has_seccomp;
	lc_seccomp seccomp;
	lc_map sysctl;
	lc_strv masked_paths;
	bool has_masked_paths;
	lc_strv readonly_paths;
	bool has_readonly_paths;
	char *mount_label;
	bool has_personality;
	lc_personality personality;
	bool has_intel_rdt;
	lc_intel_rdt intel_rdt;
	bool has_memory_policy;
	lc_memory_policy memory_policy;
	lc_map net_devices; /* host interface name -> name in the container ("" keeps the host name) */
} lc_linux;

typedef struct lc_spec {
	char *oci_version;
	char *root_path;     /* as written in config.json (may be relative to the bundle) */
	bool root_readonly;
	bool has_process;
	lc_process process;
	char *hostname;
	char *domainname;
	lc_mount *mounts; size_t mounts_len;
	bool has_hooks;
	lc_hooks hooks;
	lc_map annotations;
	bool has_linux;
	lc_linux linux_; /* "linux" is a predefined macro in GNU C */
} lc_spec;

/* Parses config.json text. On failure *err names the JSON path, e.g.
 * "process.args: expected a non-empty array of strings". Unknown keys are ignored. */
int lc_spec_parse(const char *json, size_t len, lc_spec **out, lc_error **err);

/* Reads and parses a file (one read, one parse). */
int lc_spec_load_file(const char *path, lc_spec **out, lc_error **err);

/* Checks every rule of runtime-spec 1.0.0-1.3.x that the parser cannot (ociVersion, required
 * fields, enum values, relative/absolute paths, namespace duplicates, mapping overlaps ...).
 * bundle_dir is used to check that the rootfs exists (NULL: skip that file-system check). */
int lc_spec_validate(const lc_spec *spec, const char *bundle_dir, lc_error **err);

void lc_spec_free(lc_spec *spec);

/* Parses a process object alone (exec --process process.json); errors name "process.json" paths
 * relative to the object. */
int lc_process_parse(const char *json, size_t len, lc_process **out, lc_error **err);
void lc_process_free(lc_process *process);

/* Parses a linux.resources object alone (update --resources); errors name "linux.resources.*"
 * paths. Unknown keys are ignored, as in config.json. */
int lc_resources_parse(const char *json, size_t len, lc_resources **out, lc_error **err);
void lc_resources_free(lc_resources *resources);

/* Helpers for consumers. */
const lc_namespace *lc_spec_namespace(const lc_spec *spec, lc_ns_kind kind); /* NULL if not listed */
const char *lc_ns_kind_name(lc_ns_kind kind); /* "pid", "network", ... */
int lc_ns_kind_clone_flag(lc_ns_kind kind);    /* CLONE_NEWPID ... */
const char *lc_ns_kind_proc_name(lc_ns_kind kind); /* "pid", "net", "mnt", ... as in /proc/PID/ns */

/* The default config.json that `oci-run spec` writes (as runc spec), NUL-terminated JSON text. */
const char *lc_spec_default_json(bool rootless);

#endif
