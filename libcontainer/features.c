/* features.c: the runtime-spec "Features structure" for `features`: what oci-run implements, with the
 * parts that depend on this host (capabilities, seccomp flags and architectures, idmap mounts) asked of
 * the kernel and of the libraries oci-run uses, so the answer matches what create would accept. */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "json_out.h"
#include "mount_options.h"
#include "seccomp_filter.h"

#define OCI_VERSION_MIN "1.0.0"
#define OCI_VERSION_MAX "1.3.0"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const hook_kinds[] = {"prestart",        "createRuntime", "createContainer",
					 "startContainer", "poststart",     "poststop"};

/* The names the runtime-spec gives; each is listed only if oci-run's own parser takes it. */
static const char *const seccomp_actions[] = {
	"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO",       "SCMP_ACT_KILL",        "SCMP_ACT_KILL_PROCESS",
	"SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG",   "SCMP_ACT_NOTIFY",      "SCMP_ACT_TRACE",
	"SCMP_ACT_TRAP",
};

static const char *const seccomp_operators[] = {
	"SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE",
};

static const char *const seccomp_archs[] = {
	"SCMP_ARCH_AARCH64",  "SCMP_ARCH_ARM",         "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K",
	"SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",   "SCMP_ARCH_MIPSEL",
	"SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PARISC",      "SCMP_ARCH_PARISC64",
	"SCMP_ARCH_PPC",      "SCMP_ARCH_PPC64",       "SCMP_ARCH_PPC64LE",     "SCMP_ARCH_RISCV64",
	"SCMP_ARCH_S390",     "SCMP_ARCH_S390X",       "SCMP_ARCH_SH",          "SCMP_ARCH_SHEB",
	"SCMP_ARCH_X32",      "SCMP_ARCH_X86",         "SCMP_ARCH_X86_64",
};

#ifndef SECCOMP_FILTER_FLAG_LOG
#define SECCOMP_FILTER_FLAG_LOG (1UL << 1)
#endif
#ifndef SECCOMP_FILTER_FLAG_SPEC_ALLOW
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1UL << 2)
#endif

/* The flags config.json may name. attr is the libseccomp attribute that seccomp_filter.c sets for it;
 * -1 for the one it accepts but cannot apply (WAIT_KILLABLE_RECV needs a newer libseccomp). */
static const struct {
	const char *name;
	unsigned long kernel_flag;
	int attr;
} seccomp_flags[] = {
	{"SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC, SCMP_FLTATR_CTL_TSYNC},
	{"SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG, SCMP_FLTATR_CTL_LOG},
	{"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW, SCMP_FLTATR_CTL_SSB},
	{"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", 1UL << 5, -1},
};

/* An array of the strings of a table, in its order. */
static void string_array(lc_json_writer *w, const char *key, const char *const *items, size_t len)
{
	lc_json_key(w, key);
	lc_json_begin_array(w);
	for (size_t i = 0; i < len; i++)
		lc_json_string(w, items[i]);
	lc_json_end_array(w);
}

static void bool_object(lc_json_writer *w, const char *key, const char *field, bool value)
{
	lc_json_key(w, key);
	lc_json_begin_object(w);
	lc_json_key(w, field);
	lc_json_bool(w, value);
	lc_json_end_object(w);
}

struct name_list {
	const char **items;
	size_t len, cap;
	bool failed;
};

static void collect_name(const char *name, void *data)
{
	struct name_list *list = data;

	for (size_t i = 0; i < list->len; i++)
		if (strcmp(list->items[i], name) == 0)
			return;
	if (list->len == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 64;
		const char **bigger = realloc(list->items, cap * sizeof(*bigger));
		if (bigger == NULL) {
			list->failed = true;
			return;
		}
		list->items = bigger;
		list->cap = cap;
	}
	list->items[list->len++] = name;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted, as runc prints them, so two runtimes' lists compare line by line. */
static int mount_options(lc_json_writer *w, lc_error **err)
{
	struct name_list list = {0};

	lc_mount_option_names(collect_name, &list);
	if (list.failed) {
		free(list.items);
		return lc_fail(err, ENOMEM, "features: mount options");
	}
	qsort(list.items, list.len, sizeof(*list.items), compare_names);
	string_array(w, "mountOptions", list.items, list.len);
	free(list.items);
	return 0;
}

/* Every capability the running kernel has (cap_max_bits asks it) under the name libcap gives it,
 * which is the name lc_caps_resolve accepts. */
static int capabilities(lc_json_writer *w, lc_error **err)
{
	unsigned bits = cap_max_bits();

	lc_json_key(w, "capabilities");
	lc_json_begin_array(w);
	for (unsigned cap = 0; cap < bits && cap < 64; cap++) {
		char *name = cap_to_name((cap_value_t)cap);
		if (name == NULL)
			return lc_fail(err, ENOMEM, "features: capability %u", cap);
		/* a number means libcap has no name for it, so config.json could not name it either */
		if (strncmp(name, "cap_", 4) == 0) {
			char upper[64];
			size_t n = strlen(name);
			if (n >= sizeof(upper))
				n = sizeof(upper) - 1;
			for (size_t i = 0; i < n; i++)
				upper[i] = (char)((name[i] >= 'a' && name[i] <= 'z') ? name[i] - 32 : name[i]);
			upper[n] = '\0';
			lc_json_string(w, upper);
		}
		cap_free(name);
	}
	lc_json_end_array(w);
	return 0;
}

/* Only what this kernel has (/proc/self/ns has one entry per kind it supports), sorted. */
static int namespaces(lc_json_writer *w, lc_error **err)
{
	struct name_list list = {0};

	for (int kind = 0; kind < LC_NS__COUNT; kind++) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/ns/%s", lc_ns_kind_proc_name((lc_ns_kind)kind));
		if (access(path, F_OK) == 0)
			collect_name(lc_ns_kind_name((lc_ns_kind)kind), &list);
	}
	if (list.failed) {
		free(list.items);
		return lc_fail(err, ENOMEM, "features: namespaces");
	}
	qsort(list.items, list.len, sizeof(*list.items), compare_names);
	string_array(w, "namespaces", list.items, list.len);
	free(list.items);
	return 0;
}

/* The kernel checks the flags before it reads the (here NULL) program: EFAULT means it took them. */
static bool kernel_has_seccomp_flag(unsigned long flag)
{
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flag, NULL) < 0 && errno == EFAULT;
}

static void seccomp(lc_json_writer *w)
{
	const char *names[COUNT(seccomp_archs) > COUNT(seccomp_flags) ? COUNT(seccomp_archs) : COUNT(seccomp_flags)];
	size_t n = 0;

	lc_json_key(w, "seccomp");
	lc_json_begin_object(w);
	lc_json_key(w, "enabled");
	lc_json_bool(w, prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0);

	for (size_t i = 0; i < COUNT(seccomp_actions); i++)
		if (lc_seccomp_action_known(seccomp_actions[i]) == 0)
			names[n++] = seccomp_actions[i];
	string_array(w, "actions", names, n);
	string_array(w, "operators", seccomp_operators, COUNT(seccomp_operators));

	/* libseccomp resolves the lowercase name without the prefix, as seccomp_filter.c asks it */
	n = 0;
	for (size_t i = 0; i < COUNT(seccomp_archs); i++) {
		char lower[32];
		const char *suffix = seccomp_archs[i] + strlen("SCMP_ARCH_");
		size_t len = strlen(suffix);
		for (size_t j = 0; j <= len && j < sizeof(lower); j++)
			lower[j] = (char)((suffix[j] >= 'A' && suffix[j] <= 'Z') ? suffix[j] + 32 : suffix[j]);
		lower[sizeof(lower) - 1] = '\0';
		if (seccomp_arch_resolve_name(lower) != 0)
			names[n++] = seccomp_archs[i];
	}
	string_array(w, "archs", names, n);

	n = 0;
	for (size_t i = 0; i < COUNT(seccomp_flags); i++)
		names[n++] = seccomp_flags[i].name;
	string_array(w, "knownFlags", names, n);

	/* supported: seccomp_filter.c applies it, this libseccomp can set it, this kernel takes it */
	n = 0;
	scmp_filter_ctx probe = seccomp_init(SCMP_ACT_ALLOW);
	for (size_t i = 0; i < COUNT(seccomp_flags); i++) {
		if (seccomp_flags[i].attr < 0 || probe == NULL ||
		    seccomp_attr_set(probe, (enum scmp_filter_attr)seccomp_flags[i].attr, 1) < 0)
			continue;
		if (kernel_has_seccomp_flag(seccomp_flags[i].kernel_flag))
			names[n++] = seccomp_flags[i].name;
	}
	if (probe != NULL)
		seccomp_release(probe);
	string_array(w, "supportedFlags", names, n);
	lc_json_end_object(w);
}

#ifndef MOUNT_ATTR_IDMAP
#define MOUNT_ATTR_IDMAP 0x00100000
#endif

/* Id-mapped mounts came with mount_setattr (Linux 5.12). An invalid fd gets EBADF from a kernel
 * that has it and ENOSYS from one that does not; nothing is changed either way. */
static bool kernel_has_idmapped_mounts(void)
{
	struct mount_attr attr = {.attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t)-1};
	return syscall(SYS_mount_setattr, -1, "", AT_EMPTY_PATH, &attr, sizeof(attr)) < 0 && errno != ENOSYS;
}

char *lc_features_json(lc_error **err)
{
	lc_json_writer *w = lc_json_new(true);
	char *text;

	if (w == NULL) {
		lc_fail(err, ENOMEM, "features");
		return NULL;
	}
	lc_json_begin_object(w);
	lc_json_kv_string(w, "ociVersionMin", OCI_VERSION_MIN);
	lc_json_kv_string(w, "ociVersionMax", OCI_VERSION_MAX);
	string_array(w, "hooks", hook_kinds, COUNT(hook_kinds));
	if (mount_options(w, err) < 0)
		goto fail;

	lc_json_key(w, "linux");
	lc_json_begin_object(w);
	if (namespaces(w, err) < 0 || capabilities(w, err) < 0)
		goto fail;
	lc_json_key(w, "cgroup");
	lc_json_begin_object(w);
	lc_json_key(w, "v1");
	lc_json_bool(w, true);
	lc_json_key(w, "v2");
	lc_json_bool(w, true);
	/* --systemd-cgroup is refused: there is no systemd driver */
	lc_json_key(w, "systemd");
	lc_json_bool(w, false);
	lc_json_key(w, "systemdUser");
	lc_json_bool(w, false);
	lc_json_key(w, "rdma");
	lc_json_bool(w, true);
	lc_json_end_object(w);
	seccomp(w);
	/* exec refuses --apparmor and --process-label: neither LSM is applied */
	bool_object(w, "apparmor", "enabled", false);
	bool_object(w, "selinux", "enabled", false);
	/* linux.intelRdt is parsed and validated, but no resctrl group is made */
	bool_object(w, "intelRdt", "enabled", false);
	lc_json_key(w, "mountExtensions");
	lc_json_begin_object(w);
	bool_object(w, "idmap", "enabled", kernel_has_idmapped_mounts());
	lc_json_end_object(w);
	lc_json_end_object(w);

	const struct scmp_version *v = seccomp_version();
	char version[48] = "";
	if (v != NULL)
		snprintf(version, sizeof(version), "%u.%u.%u", v->major, v->minor, v->micro);
	lc_json_key(w, "annotations");
	lc_json_begin_object(w);
	lc_json_kv_string(w, "io.github.seccomp.libseccomp.version", version);
	lc_json_end_object(w);
	lc_json_end_object(w);
	text = lc_json_finish(w);
	if (text == NULL)
		lc_fail(err, ENOMEM, "features: format the JSON");
	return text;
fail:
	lc_json_free(w);
	return NULL;
}
