/* test_spec_validate.c: unit tests of lc_spec_validate (libcontainer/spec_validate.c): each rule
 * refuses what it must with the exact JSON path in the message, and lets valid configs through. */
#include "spec_test.h"

static void test_validate_version_root_process(void)
{
	validate("valid base config", WITH("\"hostname\": \"\""), NULL);
	validate("ociVersion 1.0.2-dev accepted",
		 "{\"ociVersion\": \"1.0.2-dev\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], "
		 "\"cwd\": \"/\"}}",
		 NULL);
	validate("ociVersion 1.3.0+dev accepted",
		 "{\"ociVersion\": \"1.3.0+dev\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], "
		 "\"cwd\": \"/\"}}",
		 NULL);
	validate("ociVersion 1.1.12 accepted",
		 "{\"ociVersion\": \"1.1.12\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], "
		 "\"cwd\": \"/\"}}",
		 NULL);
	validate("ociVersion 2.0.0 refused",
		 "{\"ociVersion\": \"2.0.0\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], "
		 "\"cwd\": \"/\"}}",
		 "ociVersion: unsupported version \"2.0.0\" (oci-run supports 1.0.0 to 1.3.x)");
	validate("ociVersion 1.4.0 refused",
		 "{\"ociVersion\": \"1.4.0\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], "
		 "\"cwd\": \"/\"}}",
		 "ociVersion: unsupported version \"1.4.0\" (oci-run supports 1.0.0 to 1.3.x)");
	validate("ociVersion 1.0 refused",
		 "{\"ociVersion\": \"1.0\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], "
		 "\"cwd\": \"/\"}}",
		 "ociVersion: unsupported version \"1.0\" (oci-run supports 1.0.0 to 1.3.x)");
	validate("ociVersion 1.10.0 refused",
		 "{\"ociVersion\": \"1.10.0\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], "
		 "\"cwd\": \"/\"}}",
		 "ociVersion: unsupported version \"1.10.0\" (oci-run supports 1.0.0 to 1.3.x)");
	validate("ociVersion 1.0.0- refused",
		 "{\"ociVersion\": \"1.0.0-\", \"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], "
		 "\"cwd\": \"/\"}}",
		 "ociVersion: unsupported version \"1.0.0-\" (oci-run supports 1.0.0 to 1.3.x)");
	validate("ociVersion missing",
		 "{\"root\": {\"path\": \"rootfs\"}, \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"}}",
		 "ociVersion: expected a string, but it is missing");
	validate("root missing", "{\"ociVersion\": \"1.0.0\", \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\"}}",
		 "root.path: expected a string, but it is missing");

	{
		char json[512], message[512];
		snprintf(
			json, sizeof(json),
			"{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"nope\"}, \"process\": {\"args\": [\"sh\"], "
			"\"cwd\": \"/\"}}");
		snprintf(message, sizeof(message), "root.path: rootfs \"%s/nope\" does not exist", bundle);
		validate("rootfs missing (relative to the bundle)", json, message);
		snprintf(json, sizeof(json),
			 "{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"%s/rootfs\"}, \"process\": {\"args\": "
			 "[\"sh\"], "
			 "\"cwd\": \"/\"}}",
			 bundle);
		validate("rootfs given as an absolute path", json, NULL);
		snprintf(
			json, sizeof(json),
			"{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"file\"}, \"process\": {\"args\": [\"sh\"], "
			"\"cwd\": \"/\"}}");
		snprintf(message, sizeof(message), "root.path: rootfs \"%s/file\" is not a directory", bundle);
		validate("rootfs is a regular file", json, message);
	}

	begin();
	{
		lc_spec *s =
			parse("{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"/does/not/exist\"}, \"process\": "
			      "{\"args\": [\"sh\"], \"cwd\": \"/\"}}");
		lc_error *err = NULL;
		CHECK(s != NULL && lc_spec_validate(s, NULL, &err) == 0);
		lc_error_free(&err);
		lc_spec_free(s);
	}
	end("bundle_dir NULL skips the rootfs check");

	/* optional until start: start refuses it (oci-spec-tests t-config) */
	validate("process missing is valid", "{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"rootfs\"}}", NULL);
	validate("process.args missing", WITH_PROCESS("\"cwd\": \"/\""),
		 "process.args: expected a non-empty array of strings");
	validate("process.cwd missing", WITH_PROCESS("\"args\": [\"sh\"]"),
		 "process.cwd: expected a string, but it is missing");
	validate("process.cwd relative", WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"home\""),
		 "process.cwd: must be an absolute path, got \"home\"");
	validate("process.env without =", WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"/\", \"env\": [\"A=1\", \"B\"]"),
		 "process.env[1]: expected NAME=VALUE, got \"B\"");
	validate("capabilities: unknown names are not refused",
		 WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"/\", \"capabilities\": {\"bounding\": [\"CAP_FUTURE\"]}"),
		 NULL);
	validate("umask above 0777", WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"umask\": 512}"),
		 "process.user.umask: expected a value from 0 to 0777 (511), got 512");
	validate("oomScoreAdj out of range", WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"/\", \"oomScoreAdj\": 1001"),
		 "process.oomScoreAdj: expected a value from -1000 to 1000, got 1001");
}

static void test_validate_rlimits_and_process_extras(void)
{
	validate("rlimit unknown type",
		 WITH_PROCESS(
			 "\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, "
			 "\"hard\": 1}, {\"type\": \"RLIMIT_BOGUS\", \"soft\": 1, \"hard\": 1}]"),
		 "process.rlimits[1].type: unknown rlimit \"RLIMIT_BOGUS\"");
	validate("rlimit duplicate type",
		 WITH_PROCESS(
			 "\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, "
			 "\"hard\": 1}, {\"type\": \"RLIMIT_NOFILE\", \"soft\": 2, \"hard\": 2}]"),
		 "process.rlimits[1].type: duplicate rlimit \"RLIMIT_NOFILE\"");
	validate("rlimit soft above hard",
		 WITH_PROCESS(
			 "\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": "
			 "2048, \"hard\": 1024}]"),
		 "process.rlimits[0]: soft limit 2048 is greater than hard limit 1024");
	validate("rlimit infinity accepted",
		 WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": "
			      "18446744073709551615, \"hard\": 18446744073709551615}]"),
		 NULL);
	validate("ioPriority class unknown",
		 WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"/\", \"ioPriority\": {\"class\": \"IOPRIO_CLASS_NONE\"}"),
		 "process.ioPriority.class: unknown class \"IOPRIO_CLASS_NONE\"");
	validate("ioPriority priority out of range",
		 WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"/\", \"ioPriority\": {\"class\": \"IOPRIO_CLASS_BE\", "
			      "\"priority\": 8}"),
		 "process.ioPriority.priority: expected a value from 0 to 7, got 8");
	validate("scheduler policy unknown",
		 WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"/\", \"scheduler\": {\"policy\": \"SCHED_FAST\"}"),
		 "process.scheduler.policy: unknown policy \"SCHED_FAST\"");
	validate("scheduler nice out of range",
		 WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"/\", \"scheduler\": {\"policy\": \"SCHED_OTHER\", "
			      "\"nice\": 20}"),
		 "process.scheduler.nice: expected a value from -20 to 19, got 20");
	validate("scheduler flag unknown",
		 WITH_PROCESS(
			 "\"args\": [\"sh\"], \"cwd\": \"/\", \"scheduler\": {\"policy\": \"SCHED_OTHER\", \"flags\": "
			 "[\"SCHED_FLAG_FAST\"]}"),
		 "process.scheduler.flags[0]: unknown flag \"SCHED_FLAG_FAST\"");
	validate("execCPUAffinity bad list",
		 WITH_PROCESS("\"args\": [\"sh\"], \"cwd\": \"/\", \"execCPUAffinity\": {\"final\": \"3-1\"}"),
		 "process.execCPUAffinity.final: invalid CPU list \"3-1\"");
}

static void test_validate_mounts_hooks(void)
{
	validate("mount destination empty", WITH("\"mounts\": [{\"destination\": \"/a\"}, {\"destination\": \"\"}]"),
		 "mounts[1].destination: must not be empty");
	validate("mount destination relative is accepted (as runc)", WITH("\"mounts\": [{\"destination\": \"data\"}]"),
		 NULL);
	validate("bind mount without source",
		 WITH("\"mounts\": [{\"destination\": \"/a\", \"type\": \"none\", \"options\": [\"rbind\"]}]"),
		 "mounts[0].source: a bind mount needs a source");
	validate("mount uidMappings without gidMappings",
		 WITH("\"mounts\": [{\"destination\": \"/a\", \"source\": \"/b\", \"options\": [\"bind\", \"idmap\"], "
		      "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]}]"),
		 "mounts[0].gidMappings: uidMappings and gidMappings must be given together");
	validate(
		"idmap mount with neither mappings nor user namespace",
		WITH("\"mounts\": [{\"destination\": \"/a\", \"source\": \"/b\", \"options\": [\"bind\", \"idmap\"]}]"),
		"mounts[0].options: an idmapped mount needs uidMappings and gidMappings or a user namespace");
	validate("mount mappings overlap",
		 WITH("\"mounts\": [{\"destination\": \"/a\", \"source\": \"/b\", \"options\": [\"bind\"], "
		      "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 10}, {\"containerID\": 5, "
		      "\"hostID\": 5000, \"size\": 10}], \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, "
		      "\"size\": 1}]}]"),
		 "mounts[0].uidMappings[1]: container ids 5-14 overlap mounts[0].uidMappings[0]");
	validate("hook path relative",
		 WITH("\"hooks\": {\"createRuntime\": [{\"path\": \"/bin/true\"}, {\"path\": \"hook\"}]}"),
		 "hooks.createRuntime[1].path: must be an absolute path, got \"hook\"");
	validate("hook timeout zero", WITH("\"hooks\": {\"poststop\": [{\"path\": \"/bin/true\", \"timeout\": 0}]}"),
		 "hooks.poststop[0].timeout: must be greater than 0, got 0");
}

#define USERNS "{\"type\": \"user\"}"
#define MAP(c, h, s) "{\"containerID\": " #c ", \"hostID\": " #h ", \"size\": " #s "}"

static void test_validate_namespaces_and_ids(void)
{
	validate("duplicate namespace",
		 WITH_LINUX("\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"mount\"}, {\"type\": \"ipc\"}, "
			    "{\"type\": \"pid\"}]"),
		 "linux.namespaces[3]: duplicate namespace \"pid\"");
	validate("namespace path relative",
		 WITH_LINUX("\"namespaces\": [{\"type\": \"network\", \"path\": \"netns\"}]"),
		 "linux.namespaces[0].path: must be an absolute path, got \"netns\"");
	validate("hostname without uts namespace",
		 WITH("\"hostname\": \"box\", \"linux\": {\"namespaces\": [{\"type\": \"pid\"}]}"),
		 "hostname: cannot set hostname without a new UTS namespace");
	validate("hostname without linux section", WITH("\"hostname\": \"box\""),
		 "hostname: cannot set hostname without a new UTS namespace");
	validate("hostname with uts namespace",
		 WITH("\"hostname\": \"box\", \"linux\": {\"namespaces\": [{\"type\": \"uts\"}]}"), NULL);
	validate("domainname without uts namespace", WITH("\"domainname\": \"example\""),
		 "domainname: cannot set domainname without a new UTS namespace");
	validate("uid mappings without a user namespace", WITH_LINUX("\"uidMappings\": [" MAP(0, 1000, 1) "]"),
		 "linux.uidMappings: id mappings need a user namespace");
	validate("new user namespace without uid mappings",
		 WITH_LINUX("\"namespaces\": [" USERNS "], \"gidMappings\": [" MAP(0, 1000, 1) "]"),
		 "linux.uidMappings: a new user namespace needs uid mappings");
	validate("joined user namespace needs no mappings",
		 WITH_LINUX("\"namespaces\": [{\"type\": \"user\", \"path\": \"/proc/1/ns/user\"}]"), NULL);
	validate("uid mappings: container ranges overlap",
		 WITH_LINUX("\"namespaces\": [" USERNS "], \"uidMappings\": [" MAP(0, 1000, 10) ", " MAP(
			 100, 2000, 10) ", " MAP(105, 3000, 1) "], \"gidMappings\": [" MAP(0, 1000, 1) "]"),
		 "linux.uidMappings[2]: container ids 105-105 overlap linux.uidMappings[1]");
	validate("gid mappings: host ranges overlap",
		 WITH_LINUX("\"namespaces\": [" USERNS "], \"uidMappings\": [" MAP(
			 0, 1000, 1) "], \"gidMappings\": [" MAP(0, 1000, 100) ", " MAP(100, 1099, 5) "]"),
		 "linux.gidMappings[1]: host ids 1099-1103 overlap linux.gidMappings[0]");
	validate("adjacent mappings do not overlap",
		 WITH_LINUX("\"namespaces\": [" USERNS "], \"uidMappings\": [" MAP(0, 1000, 1) ", " MAP(
			 1, 100000, 65536) "], "
					   "\"gidMappings\": [" MAP(0, 1000, 1) ", " MAP(1, 100000, 65536) "]"),
		 NULL);
	validate("mapping size zero",
		 WITH_LINUX("\"namespaces\": [" USERNS
			    "], \"uidMappings\": [" MAP(0, 1000, 0) "], \"gidMappings\": [" MAP(0, 1000, 1) "]"),
		 "linux.uidMappings[0].size: must be greater than 0");
	validate("mapping past 2^32",
		 WITH_LINUX("\"namespaces\": [" USERNS "], \"uidMappings\": [" MAP(
			 4294967295, 1000, 2) "], \"gidMappings\": [" MAP(0, 1000, 1) "]"),
		 "linux.uidMappings[0]: range goes past the largest 32-bit id");
	validate("timeOffsets without a time namespace", WITH_LINUX("\"timeOffsets\": {\"monotonic\": {\"secs\": 1}}"),
		 "linux.timeOffsets: offsets need a time namespace");
	validate("timeOffsets with a joined time namespace",
		 WITH_LINUX("\"namespaces\": [{\"type\": \"time\", \"path\": \"/proc/1/ns/time\"}], \"timeOffsets\": "
			    "{\"boottime\": {\"secs\": 1}}"),
		 "linux.timeOffsets: offsets cannot be set when joining an existing time namespace");
	validate("timeOffsets unknown clock",
		 WITH_LINUX("\"namespaces\": [{\"type\": \"time\"}], \"timeOffsets\": {\"realtime\": {\"secs\": 1}}"),
		 "linux.timeOffsets: unknown clock \"realtime\" (expected monotonic or boottime)");
	validate("timeOffsets nanosecs too large",
		 WITH_LINUX("\"namespaces\": [{\"type\": \"time\"}], \"timeOffsets\": {\"monotonic\": {\"nanosecs\": "
			    "1000000000}}"),
		 "linux.timeOffsets.monotonic.nanosecs: must be less than 1000000000");
}

static void test_validate_linux_misc(void)
{
	validate("device path relative",
		 WITH_LINUX("\"devices\": [{\"path\": \"dev/null\", \"type\": \"c\", \"major\": 1, \"minor\": 3}]"),
		 "linux.devices[0].path: must be an absolute path, got \"dev/null\"");
	validate("fifo device needs no major/minor",
		 WITH_LINUX("\"devices\": [{\"path\": \"/dev/fifo\", \"type\": \"p\"}]"), NULL);
	validate("device negative major",
		 WITH_LINUX("\"devices\": [{\"path\": \"/dev/x\", \"type\": \"b\", \"major\": -1, \"minor\": 3}]"),
		 "linux.devices[0]: major and minor must not be negative");
	validate("rootfsPropagation unknown", WITH_LINUX("\"rootfsPropagation\": \"shared-ish\""),
		 "linux.rootfsPropagation: unknown propagation \"shared-ish\" (expected shared, slave, private or "
		 "unbindable)");
	validate("rootfsPropagation rprivate accepted (as runc)", WITH_LINUX("\"rootfsPropagation\": \"rprivate\""),
		 NULL);
	validate("rootfsPropagation unbindable accepted", WITH_LINUX("\"rootfsPropagation\": \"unbindable\""), NULL);
	validate("maskedPaths relative", WITH_LINUX("\"maskedPaths\": [\"/proc/kcore\", \"proc/keys\"]"),
		 "linux.maskedPaths[1]: must be an absolute path, got \"proc/keys\"");
	validate("readonlyPaths relative", WITH_LINUX("\"readonlyPaths\": [\"sys\"]"),
		 "linux.readonlyPaths[0]: must be an absolute path, got \"sys\"");
	validate("sysctl net.* without network namespace", WITH_LINUX("\"sysctl\": {\"net.ipv4.ip_forward\": \"1\"}"),
		 "linux.sysctl: \"net.ipv4.ip_forward\" needs a network namespace");
	validate("sysctl ipc key with ipc namespace",
		 WITH_LINUX("\"namespaces\": [{\"type\": \"ipc\"}], \"sysctl\": {\"kernel.shmmax\": \"1\", "
			    "\"fs.mqueue.msg_max\": \"10\"}"),
		 NULL);
	validate("sysctl outside any namespace", WITH_LINUX("\"sysctl\": {\"vm.swappiness\": \"1\"}"),
		 "linux.sysctl: \"vm.swappiness\" is not in a namespace the container owns");
	validate("personality domain unknown", WITH_LINUX("\"personality\": {\"domain\": \"BSD\"}"),
		 "linux.personality.domain: unknown domain \"BSD\" (expected LINUX or LINUX32)");
	validate("intelRdt closID with slash", WITH_LINUX("\"intelRdt\": {\"closID\": \"../x\"}"),
		 "linux.intelRdt.closID: invalid name \"../x\"");
	validate("memoryPolicy mode unknown", WITH_LINUX("\"memoryPolicy\": {\"mode\": \"MPOL_FAST\"}"),
		 "linux.memoryPolicy.mode: unknown mode \"MPOL_FAST\"");
	validate("netDevices without network namespace", WITH_LINUX("\"netDevices\": {\"eth0\": {}}"),
		 "linux.netDevices: moving network devices needs a network namespace");
	validate("netDevices bad name",
		 WITH_LINUX(
			 "\"namespaces\": [{\"type\": \"network\"}], \"netDevices\": {\"eth0\": {\"name\": \"a/b\"}}"),
		 "linux.netDevices.eth0.name: invalid device name \"a/b\"");
	validate("device cgroup rule bad type",
		 WITH_LINUX("\"resources\": {\"devices\": [{\"allow\": true, \"type\": \"p\"}]}"),
		 "linux.resources.devices[0].type: invalid type \"p\" (expected a, c or b)");
	validate("device cgroup rule bad access",
		 WITH_LINUX("\"resources\": {\"devices\": [{\"allow\": true, \"access\": \"rwx\"}]}"),
		 "linux.resources.devices[0].access: invalid access \"rwx\" (expected letters of rwm)");
	validate("memory swap below limit",
		 WITH_LINUX("\"resources\": {\"memory\": {\"limit\": 2000000, \"swap\": 1000000}}"),
		 "linux.resources.memory.swap: memory+swap limit 1000000 is below memory limit 2000000");
	validate("memory limit and swap -1", WITH_LINUX("\"resources\": {\"memory\": {\"limit\": -1, \"swap\": -1}}"),
		 NULL);
	validate("hugepage size 64kB",
		 WITH_LINUX("\"resources\": {\"hugepageLimits\": [{\"pageSize\": \"64kB\", \"limit\": 1}]}"),
		 "linux.resources.hugepageLimits[0].pageSize: invalid page size \"64kB\" (expected like 2MB or 1GB)");
}

#define SECCOMP(body) WITH_LINUX("\"seccomp\": {" body "}")

static void test_validate_seccomp(void)
{
	validate("seccomp default action unknown", SECCOMP("\"defaultAction\": \"SCMP_ACT_MAYBE\""),
		 "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_MAYBE\"");
	validate(
		"seccomp every listed action accepted",
		SECCOMP("\"defaultAction\": \"SCMP_ACT_KILL\", \"listenerPath\": \"/run/agent.sock\", \"syscalls\": ["
			"{\"names\": [\"a\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"}, {\"names\": [\"b\"], \"action\": "
			"\"SCMP_ACT_KILL_THREAD\"}, {\"names\": [\"c\"], \"action\": \"SCMP_ACT_TRAP\"}, {\"names\": "
			"[\"d\"], "
			"\"action\": \"SCMP_ACT_ERRNO\"}, {\"names\": [\"e\"], \"action\": \"SCMP_ACT_TRACE\"}, "
			"{\"names\": "
			"[\"f\"], \"action\": \"SCMP_ACT_ALLOW\"}, {\"names\": [\"g\"], \"action\": \"SCMP_ACT_LOG\"}, "
			"{\"names\": [\"h\"], \"action\": \"SCMP_ACT_NOTIFY\"}]"),
		NULL);
	validate("seccomp syscall action unknown",
		 SECCOMP("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], \"action\": "
			 "\"SCMP_ACT_ALLOW\"}, {\"names\": [\"b\"], \"action\": \"ALLOW\"}]"),
		 "linux.seccomp.syscalls[1].action: unknown action \"ALLOW\"");
	validate("seccomp arg op unknown",
		 SECCOMP("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], \"action\": "
			 "\"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 1, \"value\": 2, \"op\": \"SCMP_CMP_EQUAL\"}]}]"),
		 "linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_EQUAL\"");
	validate("seccomp arg index above 5",
		 SECCOMP("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], \"action\": "
			 "\"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 6, \"value\": 2, \"op\": \"SCMP_CMP_EQ\"}]}]"),
		 "linux.seccomp.syscalls[0].args[0].index: expected a value from 0 to 5, got 6");
	validate("seccomp errnoRet with an action without errno",
		 SECCOMP("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], \"action\": "
			 "\"SCMP_ACT_ALLOW\", \"errnoRet\": 1}]"),
		 "linux.seccomp.syscalls[0].errnoRet: action SCMP_ACT_ALLOW takes no errno");
	validate("seccomp notify without listenerPath",
		 SECCOMP("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"a\"], \"action\": "
			 "\"SCMP_ACT_NOTIFY\"}]"),
		 "linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY needs listenerPath");
	validate("seccomp notify as default action", SECCOMP("\"defaultAction\": \"SCMP_ACT_NOTIFY\""),
		 "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action");
	validate("seccomp empty names",
		 SECCOMP("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [], \"action\": "
			 "\"SCMP_ACT_LOG\"}]"),
		 "linux.seccomp.syscalls[0].names: expected a non-empty array of strings");
	validate("seccomp unknown flag",
		 SECCOMP("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_FAST\"]"),
		 "linux.seccomp.flags[0]: unknown flag \"SECCOMP_FILTER_FLAG_FAST\"");
	validate("seccomp listenerMetadata without listenerPath",
		 SECCOMP("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerMetadata\": \"x\""),
		 "linux.seccomp.listenerMetadata: needs listenerPath");
}

int main(void)
{
	if (make_bundle() < 0) {
		perror("creating the test bundle");
		return 2;
	}
	test_validate_version_root_process();
	test_validate_rlimits_and_process_extras();
	test_validate_mounts_hooks();
	test_validate_namespaces_and_ids();
	test_validate_linux_misc();
	test_validate_seccomp();
	remove_bundle();
	return spec_test_finish();
}
