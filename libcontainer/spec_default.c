/* spec_default.c: the starter config.json that `oci-run spec` writes, with the same content as `runc spec`.
 * The rootless variant maps container root to the caller's effective uid and gid. */
#include "spec.h"

#include <stdio.h>
#include <unistd.h>

#define PROCESS_SECTION                                                                        \
	"\t\"process\": {\n"                                                                   \
	"\t\t\"terminal\": true,\n"                                                            \
	"\t\t\"user\": {\n"                                                                    \
	"\t\t\t\"uid\": 0,\n"                                                                  \
	"\t\t\t\"gid\": 0\n"                                                                   \
	"\t\t},\n"                                                                             \
	"\t\t\"args\": [\n"                                                                    \
	"\t\t\t\"sh\"\n"                                                                       \
	"\t\t],\n"                                                                             \
	"\t\t\"env\": [\n"                                                                     \
	"\t\t\t\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\n"        \
	"\t\t\t\"TERM=xterm\"\n"                                                               \
	"\t\t],\n"                                                                             \
	"\t\t\"cwd\": \"/\",\n"                                                                \
	"\t\t\"capabilities\": {\n"                                                            \
	"\t\t\t\"bounding\": [\n" CAPS "\t\t\t],\n"                                            \
	"\t\t\t\"effective\": [\n" CAPS "\t\t\t],\n"                                           \
	"\t\t\t\"permitted\": [\n" CAPS "\t\t\t],\n"                                           \
	"\t\t\t\"ambient\": [\n" CAPS "\t\t\t]\n"                                              \
	"\t\t},\n"                                                                             \
	"\t\t\"rlimits\": [\n"                                                                 \
	"\t\t\t{\n"                                                                            \
	"\t\t\t\t\"type\": \"RLIMIT_NOFILE\",\n"                                               \
	"\t\t\t\t\"hard\": 1024,\n"                                                            \
	"\t\t\t\t\"soft\": 1024\n"                                                             \
	"\t\t\t}\n"                                                                            \
	"\t\t],\n"                                                                             \
	"\t\t\"noNewPrivileges\": true\n"                                                      \
	"\t},\n"

#define CAPS                                                                                   \
	"\t\t\t\t\"CAP_AUDIT_WRITE\",\n"                                                       \
	"\t\t\t\t\"CAP_KILL\",\n"                                                              \
	"\t\t\t\t\"CAP_NET_BIND_SERVICE\"\n"

#define ROOT_AND_HOSTNAME                                                                      \
	"\t\"root\": {\n"                                                                      \
	"\t\t\"path\": \"rootfs\",\n"                                                          \
	"\t\t\"readonly\": true\n"                                                             \
	"\t},\n"                                                                               \
	"\t\"hostname\": \"oci-run\",\n"

/* A mount entry: destination, type, source, then the options lines. */
#define MOUNT(dest, type, source, options)                                                     \
	"\t\t{\n"                                                                              \
	"\t\t\t\"destination\": \"" dest "\",\n"                                               \
	"\t\t\t\"type\": \"" type "\",\n"                                                      \
	"\t\t\t\"source\": \"" source "\"" options "\t\t}"

#define OPTIONS(list) ",\n\t\t\t\"options\": [\n" list "\t\t\t]\n"
#define OPT(o) "\t\t\t\t\"" o "\",\n"
#define LAST_OPT(o) "\t\t\t\t\"" o "\"\n"

#define MOUNTS_HEAD                                                                            \
	"\t\"mounts\": [\n" MOUNT("/proc", "proc", "proc", "\n") ",\n"                         \
	MOUNT("/dev", "tmpfs", "tmpfs",                                                        \
	      OPTIONS(OPT("nosuid") OPT("strictatime") OPT("mode=755") LAST_OPT("size=65536k"))) ",\n"

#define MOUNTS_TAIL                                                                            \
	MOUNT("/dev/shm", "tmpfs", "shm",                                                      \
	      OPTIONS(OPT("nosuid") OPT("noexec") OPT("nodev") OPT("mode=1777") LAST_OPT("size=65536k"))) ",\n" \
	MOUNT("/dev/mqueue", "mqueue", "mqueue", OPTIONS(OPT("nosuid") OPT("noexec") LAST_OPT("nodev"))) ",\n"

#define CGROUP_MOUNT                                                                           \
	MOUNT("/sys/fs/cgroup", "cgroup", "cgroup",                                            \
	      OPTIONS(OPT("nosuid") OPT("noexec") OPT("nodev") OPT("relatime") LAST_OPT("ro"))) "\n" \
	"\t],\n"

#define PATHS                                                                                  \
	"\t\t\"maskedPaths\": [\n"                                                             \
	"\t\t\t\"/proc/acpi\",\n"                                                              \
	"\t\t\t\"/proc/asound\",\n"                                                            \
	"\t\t\t\"/proc/kcore\",\n"                                                             \
	"\t\t\t\"/proc/keys\",\n"                                                              \
	"\t\t\t\"/proc/latency_stats\",\n"                                                     \
	"\t\t\t\"/proc/timer_list\",\n"                                                        \
	"\t\t\t\"/proc/timer_stats\",\n"                                                       \
	"\t\t\t\"/proc/sched_debug\",\n"                                                       \
	"\t\t\t\"/sys/firmware\",\n"                                                           \
	"\t\t\t\"/proc/scsi\"\n"                                                               \
	"\t\t],\n"                                                                             \
	"\t\t\"readonlyPaths\": [\n"                                                           \
	"\t\t\t\"/proc/bus\",\n"                                                               \
	"\t\t\t\"/proc/fs\",\n"                                                                \
	"\t\t\t\"/proc/irq\",\n"                                                               \
	"\t\t\t\"/proc/sys\",\n"                                                               \
	"\t\t\t\"/proc/sysrq-trigger\"\n"                                                      \
	"\t\t]\n"

#define NS(type) "\t\t\t{\n\t\t\t\t\"type\": \"" type "\"\n\t\t\t}"

static const char default_json[] =
	"{\n"
	"\t\"ociVersion\": \"1.2.0\",\n" PROCESS_SECTION ROOT_AND_HOSTNAME MOUNTS_HEAD
	MOUNT("/dev/pts", "devpts", "devpts",
	      OPTIONS(OPT("nosuid") OPT("noexec") OPT("newinstance") OPT("ptmxmode=0666") OPT("mode=0620")
			      LAST_OPT("gid=5"))) ",\n"
	MOUNTS_TAIL
	MOUNT("/sys", "sysfs", "sysfs", OPTIONS(OPT("nosuid") OPT("noexec") OPT("nodev") LAST_OPT("ro"))) ",\n"
	CGROUP_MOUNT
	"\t\"linux\": {\n"
	"\t\t\"resources\": {\n"
	"\t\t\t\"devices\": [\n"
	"\t\t\t\t{\n"
	"\t\t\t\t\t\"allow\": false,\n"
	"\t\t\t\t\t\"access\": \"rwm\"\n"
	"\t\t\t\t}\n"
	"\t\t\t]\n"
	"\t\t},\n"
	"\t\t\"namespaces\": [\n" NS("pid") ",\n" NS("network") ",\n" NS("ipc") ",\n" NS("uts") ",\n" NS("mount") "\n"
	"\t\t],\n" PATHS
	"\t}\n"
	"}\n";

/* Without a gid=5 devpts option (the group may not be mapped), with /sys bound from the host
 * (sysfs cannot be mounted without a network namespace of one's own), and with a user
 * namespace instead of a network namespace and a device cgroup. */
static const char rootless_template[] =
	"{\n"
	"\t\"ociVersion\": \"1.2.0\",\n" PROCESS_SECTION ROOT_AND_HOSTNAME MOUNTS_HEAD
	MOUNT("/dev/pts", "devpts", "devpts",
	      OPTIONS(OPT("nosuid") OPT("noexec") OPT("newinstance") OPT("ptmxmode=0666") LAST_OPT("mode=0620"))) ",\n"
	MOUNTS_TAIL
	MOUNT("/sys", "none", "/sys",
	      OPTIONS(OPT("rbind") OPT("nosuid") OPT("noexec") OPT("nodev") LAST_OPT("ro"))) ",\n"
	CGROUP_MOUNT
	"\t\"linux\": {\n"
	"\t\t\"uidMappings\": [\n"
	"\t\t\t{\n"
	"\t\t\t\t\"containerID\": 0,\n"
	"\t\t\t\t\"hostID\": %u,\n"
	"\t\t\t\t\"size\": 1\n"
	"\t\t\t}\n"
	"\t\t],\n"
	"\t\t\"gidMappings\": [\n"
	"\t\t\t{\n"
	"\t\t\t\t\"containerID\": 0,\n"
	"\t\t\t\t\"hostID\": %u,\n"
	"\t\t\t\t\"size\": 1\n"
	"\t\t\t}\n"
	"\t\t],\n"
	"\t\t\"namespaces\": [\n" NS("pid") ",\n" NS("ipc") ",\n" NS("uts") ",\n" NS("mount") ",\n" NS("user") "\n"
	"\t\t],\n" PATHS
	"\t}\n"
	"}\n";

const char *lc_spec_default_json(bool rootless)
{
	/* two ids of at most 10 digits replace the two %u; one process writes one spec */
	static char rootless_json[sizeof(rootless_template) + 20];

	if (!rootless)
		return default_json;
	snprintf(rootless_json, sizeof(rootless_json), rootless_template, (unsigned)geteuid(), (unsigned)getegid());
	return rootless_json;
}
