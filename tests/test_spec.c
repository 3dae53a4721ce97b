/* test_spec.c: unit tests of the config.json parser (libcontainer/spec*.c) and of the default spec.
 * Every field of full.json is checked in its struct member; every error class by its exact message. */
#include "spec_test.h"

#include <errno.h>
#include <inttypes.h>
#include <sched.h>

#ifndef SPEC_FIXTURES
#error "SPEC_FIXTURES must name the tests/spec-fixtures directory"
#endif

/* ---- the full fixture ---- */

static void test_full_fixture(void)
{
	lc_spec *s = NULL;
	lc_error *err = NULL;

	begin();
	if (lc_spec_load_file(SPEC_FIXTURES "/full.json", &s, &err) < 0) {
		printf("#   %s\n", err->message);
		lc_error_free(&err);
		current_ok = false;
		end("full.json parses");
		return;
	}
	end("full.json parses");

	begin();
	CHECK_STR(s->oci_version, "1.3.0");
	CHECK_STR(s->root_path, "rootfs");
	CHECK(s->root_readonly);
	CHECK_STR(s->hostname, "full-host");
	CHECK_STR(s->domainname, "full.example");
	end("full.json: top level and root");

	begin();
	CHECK(s->mounts_len == 3);
	if (s->mounts_len == 3) {
		CHECK_STR(s->mounts[0].destination, "/proc");
		CHECK_STR(s->mounts[0].type, "proc");
		CHECK_STR(s->mounts[0].source, "proc");
		CHECK(s->mounts[0].options.len == 0);
		CHECK_STR(s->mounts[1].source, "/srv/data");
		CHECK(s->mounts[1].options.len == 3);
		CHECK_STR(s->mounts[1].options.items[2], "idmap");
		CHECK(s->mounts[1].options.items[3] == NULL);
		CHECK(s->mounts[1].uid_mappings_len == 1);
		CHECK(s->mounts[1].uid_mappings[0].container_id == 0);
		CHECK(s->mounts[1].uid_mappings[0].host_id == 100000);
		CHECK(s->mounts[1].uid_mappings[0].size == 65536);
		CHECK(s->mounts[1].gid_mappings_len == 2);
		CHECK(s->mounts[1].gid_mappings[1].container_id == 1000);
		CHECK(s->mounts[1].gid_mappings[1].host_id == 300000);
		CHECK(s->mounts[1].gid_mappings[1].size == 5);
		CHECK(s->mounts[2].source == NULL);
		CHECK(s->mounts[2].options.len == 0 && s->mounts[2].options.items == NULL);
	}
	end("full.json: mounts with id mappings");

	begin();
	const lc_process *p = &s->process;
	CHECK(s->has_process);
	CHECK(p->terminal);
	CHECK(p->has_console_size && p->console_height == 25 && p->console_width == 80);
	CHECK(p->user.uid == 1000 && p->user.gid == 1001);
	CHECK(p->user.umask.has && p->user.umask.value == 18);
	CHECK(p->user.additional_gids_len == 2);
	if (p->user.additional_gids_len == 2)
		CHECK(p->user.additional_gids[0] == 5 && p->user.additional_gids[1] == UINT32_MAX);
	CHECK_STR(p->user.username, "winuser");
	CHECK(p->args.len == 3);
	CHECK_STR(p->args.items[2], "echo hi");
	CHECK(p->args.items[3] == NULL);
	CHECK_STR(p->command_line, "cmd.exe /c dir");
	CHECK(p->env.len == 2);
	CHECK_STR(p->env.items[1], "TERM=xterm");
	CHECK_STR(p->cwd, "/home/user");
	CHECK(p->no_new_privileges);
	CHECK_STR(p->apparmor_profile, "oci-default");
	CHECK(p->oom_score_adj.has && p->oom_score_adj.value == -500);
	CHECK_STR(p->selinux_label, "system_u:system_r:container_t:s0");
	end("full.json: process basics");

	begin();
	CHECK(p->has_capabilities);
	CHECK(p->capabilities.has_bounding && p->capabilities.bounding.len == 2);
	CHECK_STR(p->capabilities.bounding.items[1], "CAP_CHOWN");
	CHECK(p->capabilities.has_effective && p->capabilities.effective.len == 1);
	CHECK(p->capabilities.has_inheritable && p->capabilities.inheritable.len == 0);
	CHECK(p->capabilities.has_permitted && p->capabilities.permitted.len == 2);
	CHECK_STR(p->capabilities.permitted.items[1], "CAP_NOT_A_REAL_ONE");
	CHECK(p->capabilities.has_ambient && p->capabilities.ambient.len == 1);
	end("full.json: five capability sets, unknown names kept");

	begin();
	CHECK(p->rlimits_len == 2);
	if (p->rlimits_len == 2) {
		CHECK_STR(p->rlimits[0].type, "RLIMIT_NOFILE");
		CHECK(p->rlimits[0].soft == 1024 && p->rlimits[0].hard == 4096);
		CHECK_STR(p->rlimits[1].type, "RLIMIT_CORE");
		CHECK(p->rlimits[1].soft == UINT64_MAX);
		CHECK(p->rlimits[1].hard == UINT64_MAX);
	}
	end("full.json: rlimits, RLIM_INFINITY exact");

	begin();
	CHECK(p->has_io_priority);
	CHECK_STR(p->io_priority.class, "IOPRIO_CLASS_BE");
	CHECK(p->io_priority.priority == 4);
	CHECK(p->has_scheduler);
	CHECK_STR(p->scheduler.policy, "SCHED_DEADLINE");
	CHECK(p->scheduler.nice.has && p->scheduler.nice.value == -5);
	CHECK(p->scheduler.priority.has && p->scheduler.priority.value == 0);
	CHECK(p->scheduler.flags.len == 1);
	CHECK(p->scheduler.runtime.has && p->scheduler.runtime.value == 10000000);
	CHECK(p->scheduler.deadline.has && p->scheduler.deadline.value == 20000000);
	CHECK(p->scheduler.period.has && p->scheduler.period.value == 30000000);
	CHECK(p->exec_cpu_affinity.len == 2);
	if (p->exec_cpu_affinity.len == 2) {
		CHECK_STR(p->exec_cpu_affinity.items[0].key, "initial");
		CHECK_STR(p->exec_cpu_affinity.items[0].value, "0-3,7");
		CHECK_STR(p->exec_cpu_affinity.items[1].key, "final");
		CHECK_STR(p->exec_cpu_affinity.items[1].value, "1");
	}
	end("full.json: ioPriority, scheduler, execCPUAffinity");

	begin();
	const lc_hooks *h = &s->hooks;
	CHECK(s->has_hooks);
	CHECK(h->prestart.len == 1);
	if (h->prestart.len == 1) {
		CHECK_STR(h->prestart.items[0].path, "/usr/bin/prestart");
		CHECK(h->prestart.items[0].args.len == 2);
		CHECK_STR(h->prestart.items[0].env.items[0], "A=1");
		CHECK(h->prestart.items[0].timeout.has && h->prestart.items[0].timeout.value == 5);
	}
	CHECK(h->create_runtime.len == 2);
	if (h->create_runtime.len == 2)
		CHECK(!h->create_runtime.items[1].timeout.has);
	CHECK(h->create_container.len == 1);
	CHECK(h->start_container.len == 1);
	CHECK(h->poststart.len == 1);
	CHECK(h->poststop.len == 1);
	if (h->poststop.len == 1)
		CHECK(h->poststop.items[0].timeout.value == 30);
	end("full.json: six hook kinds");

	begin();
	CHECK(s->annotations.len == 2);
	if (s->annotations.len == 2) {
		CHECK_STR(s->annotations.items[0].key, "org.example.key");
		CHECK_STR(s->annotations.items[0].value, "value");
		CHECK_STR(s->annotations.items[1].key, "plain");
		CHECK_STR(s->annotations.items[1].value, "last wins");
	}
	end("full.json: annotations, repeated key keeps one entry with the last value");

	begin();
	const lc_linux *l = &s->linux_;
	CHECK(s->has_linux);
	CHECK(l->namespaces_len == 8);
	for (int k = 0; k < LC_NS__COUNT; k++)
		CHECK(lc_spec_namespace(s, (lc_ns_kind)k) != NULL);
	CHECK_STR(lc_spec_namespace(s, LC_NS_NETWORK)->path, "/var/run/netns/full");
	CHECK(lc_spec_namespace(s, LC_NS_PID)->path == NULL);
	CHECK(l->uid_mappings_len == 2 && l->uid_mappings[1].host_id == 100000 && l->uid_mappings[1].size == 65536);
	CHECK(l->gid_mappings_len == 1 && l->gid_mappings[0].size == 65537);
	CHECK(l->time_offsets_len == 2);
	if (l->time_offsets_len == 2) {
		CHECK_STR(l->time_offsets[0].clock, "monotonic");
		CHECK(l->time_offsets[0].secs == -86400 && l->time_offsets[0].nanosecs == 500);
		CHECK_STR(l->time_offsets[1].clock, "boottime");
		CHECK(l->time_offsets[1].secs == INT64_MAX && l->time_offsets[1].nanosecs == 0);
	}
	end("full.json: namespaces, mappings, timeOffsets");

	begin();
	CHECK(l->devices_len == 3);
	if (l->devices_len == 3) {
		CHECK_STR(l->devices[0].path, "/dev/fuse");
		CHECK(l->devices[0].type == 'c' && l->devices[0].major == 10 && l->devices[0].minor == 229);
		CHECK(l->devices[0].file_mode.has && l->devices[0].file_mode.value == 0666);
		CHECK(l->devices[0].uid.has && l->devices[0].uid.value == 0);
		CHECK(l->devices[0].gid.has);
		CHECK(l->devices[1].type == 'b' && !l->devices[1].file_mode.has && !l->devices[1].uid.has);
		CHECK(l->devices[2].type == 'p' && l->devices[2].major == 0);
	}
	CHECK(l->net_devices.len == 2);
	if (l->net_devices.len == 2) {
		CHECK_STR(l->net_devices.items[0].key, "eth1");
		CHECK_STR(l->net_devices.items[0].value, "ceth1");
		CHECK_STR(l->net_devices.items[1].value, "");
	}
	CHECK_STR(l->cgroups_path, "/oci-run/full");
	CHECK_STR(l->rootfs_propagation, "slave");
	CHECK_STR(l->mount_label, "system_u:object_r:container_file_t:s0");
	end("full.json: devices, netDevices, cgroupsPath, propagation, mountLabel");

	begin();
	const lc_resources *r = &l->resources;
	CHECK(l->has_resources);
	CHECK(r->devices_len == 2);
	if (r->devices_len == 2) {
		CHECK(!r->devices[0].allow && r->devices[0].type == NULL && !r->devices[0].major.has);
		CHECK_STR(r->devices[0].access, "rwm");
		CHECK(r->devices[1].allow && r->devices[1].major.has && r->devices[1].major.value == 10);
		CHECK(r->devices[1].minor.value == 229);
		CHECK_STR(r->devices[1].type, "c");
	}
	CHECK(r->has_memory);
	CHECK(r->memory.limit.has && r->memory.limit.value == 536870912);
	CHECK(r->memory.reservation.value == 268435456);
	CHECK(r->memory.swap.has && r->memory.swap.value == -1);
	CHECK(r->memory.kernel.value == -1);
	CHECK(r->memory.kernel_tcp.value == 1048576);
	CHECK(r->memory.swappiness.has && r->memory.swappiness.value == 60);
	CHECK(r->memory.disable_oom_killer.has && !r->memory.disable_oom_killer.value);
	CHECK(r->memory.use_hierarchy.has && r->memory.use_hierarchy.value);
	CHECK(r->memory.check_before_update.has && r->memory.check_before_update.value);
	end("full.json: device rules and memory");

	begin();
	CHECK(r->has_cpu);
	CHECK(r->cpu.shares.value == 1024 && r->cpu.quota.has && r->cpu.quota.value == -1);
	CHECK(r->cpu.burst.value == 1000 && r->cpu.period.value == 100000);
	CHECK(r->cpu.realtime_runtime.value == 950000 && r->cpu.realtime_period.value == 1000000);
	CHECK_STR(r->cpu.cpus, "0-3");
	CHECK_STR(r->cpu.mems, "0");
	CHECK(r->cpu.idle.has && r->cpu.idle.value == 1);
	CHECK(r->has_pids && r->pids_limit.has && r->pids_limit.value == 32768);
	CHECK(r->has_blkio);
	CHECK(r->blkio.weight.value == 500 && r->blkio.leaf_weight.value == 300);
	CHECK(r->blkio.weight_device_len == 2);
	if (r->blkio.weight_device_len == 2) {
		CHECK(r->blkio.weight_device[0].major == 8 && r->blkio.weight_device[0].weight.value == 600);
		CHECK(r->blkio.weight_device[0].leaf_weight.value == 200);
		CHECK(r->blkio.weight_device[1].minor == 16 && !r->blkio.weight_device[1].weight.has);
	}
	CHECK(r->blkio.throttle_read_bps_len == 1 && r->blkio.throttle_read_bps[0].rate == 104857600);
	CHECK(r->blkio.throttle_write_bps_len == 1 && r->blkio.throttle_write_bps[0].rate == UINT64_MAX);
	CHECK(r->blkio.throttle_read_iops_len == 1 && r->blkio.throttle_read_iops[0].rate == 1000);
	CHECK(r->blkio.throttle_write_iops_len == 1 && r->blkio.throttle_write_iops[0].rate == 2000);
	end("full.json: cpu, pids, blockIO");

	begin();
	CHECK(r->hugepage_limits_len == 2);
	if (r->hugepage_limits_len == 2) {
		CHECK_STR(r->hugepage_limits[0].page_size, "2MB");
		CHECK(r->hugepage_limits[0].limit == 209715200);
		CHECK(r->hugepage_limits[1].limit == 0);
	}
	CHECK(r->has_network && r->net_class_id.has && r->net_class_id.value == 1048577);
	CHECK(r->net_priorities_len == 2);
	if (r->net_priorities_len == 2) {
		CHECK_STR(r->net_priorities[1].name, "lo");
		CHECK(r->net_priorities[1].priority == 1000);
	}
	CHECK(r->rdma_len == 2);
	if (r->rdma_len == 2) {
		CHECK_STR(r->rdma[0].device, "mlx5_1");
		CHECK(r->rdma[0].hca_handles.has && r->rdma[0].hca_handles.value == 3);
		CHECK(r->rdma[0].hca_objects.value == 10000);
		CHECK(!r->rdma[1].hca_handles.has && r->rdma[1].hca_objects.value == 1000);
	}
	CHECK(r->unified.len == 2);
	if (r->unified.len == 2) {
		CHECK_STR(r->unified.items[1].key, "io.weight");
		CHECK_STR(r->unified.items[1].value, "default 100");
	}
	end("full.json: hugepages, network, rdma, unified");

	begin();
	const lc_seccomp *sc = &l->seccomp;
	CHECK(l->has_seccomp);
	CHECK_STR(sc->default_action, "SCMP_ACT_ERRNO");
	CHECK(sc->default_errno_ret.has && sc->default_errno_ret.value == 1);
	CHECK(sc->architectures.len == 2);
	CHECK_STR(sc->flags.items[0], "SECCOMP_FILTER_FLAG_LOG");
	CHECK_STR(sc->listener_path, "/run/seccomp-agent.sock");
	CHECK_STR(sc->listener_metadata, "meta");
	CHECK(sc->syscalls_len == 3);
	if (sc->syscalls_len == 3) {
		CHECK(sc->syscalls[0].names_len == 2);
		CHECK_STR(sc->syscalls[0].names[1], "write");
		CHECK(sc->syscalls[0].names[2] == NULL);
		CHECK(!sc->syscalls[0].errno_ret.has);
		CHECK(sc->syscalls[1].errno_ret.has && sc->syscalls[1].errno_ret.value == 38);
		CHECK(sc->syscalls[1].args_len == 1);
		if (sc->syscalls[1].args_len == 1) {
			CHECK(sc->syscalls[1].args[0].index == 0);
			CHECK(sc->syscalls[1].args[0].value == UINT32_MAX);
			CHECK(sc->syscalls[1].args[0].value_two == UINT64_MAX);
			CHECK_STR(sc->syscalls[1].args[0].op, "SCMP_CMP_MASKED_EQ");
		}
		CHECK_STR(sc->syscalls[2].action, "SCMP_ACT_NOTIFY");
	}
	end("full.json: seccomp");

	begin();
	CHECK(l->sysctl.len == 2);
	CHECK_STR(l->sysctl.items[0].key, "net.ipv4.ip_forward");
	CHECK(l->has_masked_paths && l->masked_paths.len == 2);
	CHECK(l->has_readonly_paths && l->readonly_paths.len == 0);
	CHECK(l->has_personality);
	CHECK_STR(l->personality.domain, "LINUX32");
	CHECK(l->has_intel_rdt);
	CHECK_STR(l->intel_rdt.clos_id, "guaranteed");
	CHECK_STR(l->intel_rdt.l3_cache_schema, "L3:0=7f");
	CHECK_STR(l->intel_rdt.mem_bw_schema, "MB:0=20");
	CHECK(l->intel_rdt.schemata.len == 1);
	CHECK(l->intel_rdt.enable_cmt && !l->intel_rdt.enable_mbm && l->intel_rdt.enable_monitoring);
	CHECK(l->has_memory_policy);
	CHECK_STR(l->memory_policy.mode, "MPOL_INTERLEAVE");
	CHECK_STR(l->memory_policy.nodes, "0-1");
	CHECK(l->memory_policy.flags.len == 1);
	end("full.json: sysctl, paths, personality, intelRdt, memoryPolicy");

	begin();
	if (lc_spec_validate(s, bundle, &err) < 0) {
		printf("#   %s\n", err->message);
		lc_error_free(&err);
		current_ok = false;
	}
	end("full.json validates");
	lc_spec_free(s);
}

/* ---- parser: absent things, numbers, errors ---- */

static void test_minimal_and_absent(void)
{
	lc_spec *s;

	begin();
	s = parse("{\"ociVersion\": \"1.0.0\"}");
	if (s != NULL) {
		CHECK(!s->has_process && !s->has_linux && !s->has_hooks);
		CHECK(s->root_path == NULL && s->mounts_len == 0 && s->hostname == NULL);
		CHECK(lc_spec_namespace(s, LC_NS_PID) == NULL);
		CHECK(!s->linux_.has_masked_paths && !s->linux_.has_readonly_paths);
	}
	lc_spec_free(s);
	end("minimal config: everything absent");

	begin();
	s = parse("{\"ociVersion\": \"1.0.0\", \"hostname\": null, \"process\": null, \"linux\": "
		  "{\"resources\": {\"memory\": {\"limit\": null}}, \"seccomp\": null}, \"mounts\": null}");
	if (s != NULL) {
		CHECK(s->hostname == NULL && !s->has_process && s->has_linux);
		CHECK(s->linux_.has_resources && s->linux_.resources.has_memory);
		CHECK(!s->linux_.resources.memory.limit.has);
		CHECK(!s->linux_.has_seccomp);
	}
	lc_spec_free(s);
	end("JSON null reads as absent");

	begin();
	s = parse("{\"ociVersion\": \"1.0.0\", \"x-vendor\": [{\"a\": 1}], \"process\": {\"args\": [\"sh\"], "
		  "\"futureField\": {\"nested\": [1, 2.5, null]}}, \"linux\": {\"newThing\": 1, \"resources\": "
		  "{\"memory\": {\"futureKnob\": \"x\"}}}}");
	if (s != NULL)
		CHECK(s->process.args.len == 1 && s->linux_.resources.has_memory);
	lc_spec_free(s);
	end("unknown keys are ignored at every level");

	begin();
	s = parse("{\"ociVersion\": \"1.0.0\", \"hostname\": \"first\", \"hostname\": \"second\"}");
	if (s != NULL)
		CHECK_STR(s->hostname, "second");
	lc_spec_free(s);
	end("repeated key: the last one wins");

	begin();
	s = parse("{\"linux\": {\"timeOffsets\": {\"monotonic\": {\"secs\": 1}, \"boottime\": {\"secs\": 2}, "
		  "\"monotonic\": {\"secs\": 3}}, \"resources\": {\"rdma\": {\"m\": {\"hcaHandles\": 1}, \"m\": "
		  "{\"hcaObjects\": 2}}}, \"netDevices\": {\"eth0\": {}}}}");
	if (s != NULL) {
		CHECK(s->linux_.time_offsets_len == 2);
		if (s->linux_.time_offsets_len == 2) {
			CHECK_STR(s->linux_.time_offsets[0].clock, "monotonic");
			CHECK(s->linux_.time_offsets[0].secs == 3);
			CHECK(s->linux_.time_offsets[1].secs == 2);
		}
		CHECK(s->linux_.resources.rdma_len == 1);
		if (s->linux_.resources.rdma_len == 1)
			CHECK(!s->linux_.resources.rdma[0].hca_handles.has &&
			      s->linux_.resources.rdma[0].hca_objects.value == 2);
		CHECK(s->linux_.net_devices.len == 1);
		if (s->linux_.net_devices.len == 1)
			CHECK_STR(s->linux_.net_devices.items[0].value, "");
	}
	lc_spec_free(s);
	end("keyed objects: a repeated key keeps its first place and its last value");

	begin();
	s = parse("{\"linux\": {\"resources\": {\"memory\": {\"limit\": -9223372036854775808, \"swap\": "
		  "9223372036854775807}, \"cpu\": {\"shares\": -0, \"period\": 18446744073709551615}}}}");
	if (s != NULL) {
		CHECK(s->linux_.resources.memory.limit.value == INT64_MIN);
		CHECK(s->linux_.resources.memory.swap.value == INT64_MAX);
		CHECK(s->linux_.resources.cpu.shares.has && s->linux_.resources.cpu.shares.value == 0);
		CHECK(s->linux_.resources.cpu.period.value == UINT64_MAX);
	}
	lc_spec_free(s);
	end("int64 and uint64 limits are exact");

	begin();
	s = parse("// yajl's tree accepts comments\n{\"hostname\": \"h\" /* here too */}");
	if (s != NULL)
		CHECK_STR(s->hostname, "h");
	lc_spec_free(s);
	end("comments are tolerated");
}

static void test_parse_errors(void)
{
	lc_spec *spec = (lc_spec *)1;
	lc_error *err = NULL;

	begin();
	CHECK(lc_spec_parse("{", 1, &spec, &err) < 0);
	CHECK(spec == NULL);
	CHECK(err != NULL && strncmp(err->message, "config.json: invalid JSON: ", 27) == 0 &&
	      strchr(err->message, '\n') == NULL);
	if (err)
		printf("#   message: %s\n", err->message);
	lc_error_free(&err);
	end("malformed JSON: config.json: invalid JSON: <yajl message>");

	begin();
	CHECK(lc_spec_parse("", 0, &spec, &err) < 0);
	CHECK(err != NULL && strncmp(err->message, "config.json: invalid JSON: ", 27) == 0);
	lc_error_free(&err);
	CHECK(lc_spec_parse("{} {}", 5, &spec, &err) < 0);
	CHECK(err != NULL && strncmp(err->message, "config.json: invalid JSON: ", 27) == 0);
	lc_error_free(&err);
	CHECK(lc_spec_parse("{\"a\": \"\xff\"}", 10, &spec, &err) < 0);
	CHECK(err != NULL && strncmp(err->message, "config.json: invalid JSON: ", 27) == 0);
	lc_error_free(&err);
	end("empty input, trailing garbage and invalid UTF-8 are invalid JSON");

	parse_error("NUL byte inside the text", "{\"hostname\": \"a\"}\0junk", 22,
		    "config.json: invalid JSON: NUL byte in the text");

	{
		size_t depth = 100000;
		char *deep = malloc(depth * 2 + 1);
		memset(deep, '[', depth);
		memset(deep + depth, ']', depth);
		deep[depth * 2] = '\0';
		parse_error("absurd nesting is refused before yajl sees it", deep, depth * 2,
			    "config.json: invalid JSON: nested deeper than 256 levels");
		free(deep);
	}

	{
		/* a quote inside a comment must not hide the brackets after it from the depth check */
		size_t depth = 1000, head = strlen("/* \" */ ");
		char *deep = malloc(head + depth * 2 + 1);
		memcpy(deep, "/* \" */ ", head);
		memset(deep + head, '[', depth);
		memset(deep + head + depth, ']', depth);
		deep[head + depth * 2] = '\0';
		parse_error("nesting behind a comment with a quote is still counted", deep, head + depth * 2,
			    "config.json: invalid JSON: nested deeper than 256 levels");
		free(deep);
	}

	begin();
	{
		char text[1200] = "{\"hostname\": \"h\" /* ";
		lc_spec *s;
		size_t n = strlen(text);
		memset(text + n, '[', 600);
		strcpy(text + n + 600, " */}");
		s = parse(text);
		if (s != NULL)
			CHECK_STR(s->hostname, "h");
		lc_spec_free(s);
	}
	end("brackets inside a comment are not nesting");

	PARSE_ERROR("top level must be an object", "[1, 2]", "config.json: expected a JSON object at the top level");
	PARSE_ERROR("ociVersion: wrong type", "{\"ociVersion\": 1}", "ociVersion: expected a string");
	PARSE_ERROR("root: wrong type", "{\"root\": \"rootfs\"}", "root: expected an object");
	PARSE_ERROR("root.path: missing", "{\"root\": {\"readonly\": true}}",
		    "root.path: expected a string, but it is missing");
	PARSE_ERROR("root.readonly: wrong type", "{\"root\": {\"path\": \"r\", \"readonly\": \"yes\"}}",
		    "root.readonly: expected a boolean");
	PARSE_ERROR("process.args: string", WITH_PROCESS("\"args\": \"sh\""),
		    "process.args: expected a non-empty array of strings");
	PARSE_ERROR("process.args: empty", WITH_PROCESS("\"args\": []"),
		    "process.args: expected a non-empty array of strings");
	PARSE_ERROR("process.args[1]: number", WITH_PROCESS("\"args\": [\"sh\", 1]"),
		    "process.args[1]: expected a string");
	PARSE_ERROR("process.args[0]: null", WITH_PROCESS("\"args\": [null]"), "process.args[0]: expected a string");
	PARSE_ERROR("process.terminal: wrong type", WITH_PROCESS("\"terminal\": 1"),
		    "process.terminal: expected a boolean");
	PARSE_ERROR("process.consoleSize.width missing", WITH_PROCESS("\"consoleSize\": {\"height\": 1}"),
		    "process.consoleSize.width: expected an integer, but it is missing");
	PARSE_ERROR("mounts[2].destination: wrong type",
		    "{\"mounts\": [{\"destination\": \"/a\"}, {\"destination\": \"/b\"}, {\"destination\": 7}]}",
		    "mounts[2].destination: expected a string");
	PARSE_ERROR("mounts[0].destination: missing", "{\"mounts\": [{\"type\": \"tmpfs\"}]}",
		    "mounts[0].destination: expected a string, but it is missing");
	PARSE_ERROR("mounts: object instead of array", "{\"mounts\": {\"destination\": \"/a\"}}",
		    "mounts: expected an array of objects");
	PARSE_ERROR("mounts[0]: string", "{\"mounts\": [\"/a\"]}", "mounts[0]: expected an object");
	PARSE_ERROR("mounts[0].options[1]: number",
		    "{\"mounts\": [{\"destination\": \"/a\", \"options\": [\"ro\", 1]}]}",
		    "mounts[0].options[1]: expected a string");
	PARSE_ERROR("mounts[0].uidMappings[0].size missing",
		    "{\"mounts\": [{\"destination\": \"/a\", \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1}]}]}",
		    "mounts[0].uidMappings[0].size: expected an integer, but it is missing");
}

static void test_number_errors(void)
{
	PARSE_ERROR("memory.limit: string", WITH_LINUX("\"resources\": {\"memory\": {\"limit\": \"1G\"}}"),
		    "linux.resources.memory.limit: expected an integer");
	PARSE_ERROR("memory.limit: fraction", WITH_LINUX("\"resources\": {\"memory\": {\"limit\": 1.5}}"),
		    "linux.resources.memory.limit: expected an integer");
	PARSE_ERROR("memory.limit: exponent", WITH_LINUX("\"resources\": {\"memory\": {\"limit\": 1e9}}"),
		    "linux.resources.memory.limit: expected an integer");
	PARSE_ERROR("memory.limit: 1.0 is not an integer", WITH_LINUX("\"resources\": {\"memory\": {\"limit\": 1.0}}"),
		    "linux.resources.memory.limit: expected an integer");
	PARSE_ERROR("memory.limit: past int64",
		    WITH_LINUX("\"resources\": {\"memory\": {\"limit\": 9223372036854775808}}"),
		    "linux.resources.memory.limit: expected an integer from -9223372036854775808 to "
		    "9223372036854775807");
	PARSE_ERROR("memory.swap: below int64",
		    WITH_LINUX("\"resources\": {\"memory\": {\"swap\": -9223372036854775809}}"),
		    "linux.resources.memory.swap: expected an integer from -9223372036854775808 to "
		    "9223372036854775807");
	PARSE_ERROR("memory.swappiness: negative", WITH_LINUX("\"resources\": {\"memory\": {\"swappiness\": -1}}"),
		    "linux.resources.memory.swappiness: expected an integer from 0 to 18446744073709551615");
	PARSE_ERROR("uid: negative", WITH_PROCESS("\"user\": {\"uid\": -1}"),
		    "process.user.uid: expected an integer from 0 to 4294967295");
	PARSE_ERROR("gid: past uint32", WITH_PROCESS("\"user\": {\"gid\": 4294967296}"),
		    "process.user.gid: expected an integer from 0 to 4294967295");
	PARSE_ERROR("additionalGids[1]: past uint32", WITH_PROCESS("\"user\": {\"additionalGids\": [1, 4294967296]}"),
		    "process.user.additionalGids[1]: expected an integer from 0 to 4294967295");
	PARSE_ERROR(
		"rlimit soft: past uint64",
		WITH_PROCESS("\"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": 18446744073709551616, \"hard\": 1}]"),
		"process.rlimits[0].soft: expected an integer from 0 to 18446744073709551615");
	PARSE_ERROR("rlimit hard: missing", WITH_PROCESS("\"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": 1}]"),
		    "process.rlimits[0].hard: expected an integer, but it is missing");
	PARSE_ERROR("rlimit: negative",
		    WITH_PROCESS("\"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": -1, \"hard\": 1}]"),
		    "process.rlimits[0].soft: expected an integer from 0 to 18446744073709551615");
	PARSE_ERROR("blockIO.weight: past uint16", WITH_LINUX("\"resources\": {\"blockIO\": {\"weight\": 65536}}"),
		    "linux.resources.blockIO.weight: expected an integer from 0 to 65535");
	PARSE_ERROR("scheduler.nice: past int32",
		    WITH_PROCESS("\"scheduler\": {\"policy\": \"SCHED_OTHER\", \"nice\": 2147483648}"),
		    "process.scheduler.nice: expected an integer from -2147483648 to 2147483647");
	PARSE_ERROR("umask: string", WITH_PROCESS("\"user\": {\"umask\": \"022\"}"),
		    "process.user.umask: expected an integer");
	PARSE_ERROR("devices[0].fileMode: past uint32",
		    WITH_LINUX("\"devices\": [{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": 3, "
			       "\"fileMode\": 4294967296}]"),
		    "linux.devices[0].fileMode: expected an integer from 0 to 4294967295");
	PARSE_ERROR(
		"seccomp args value: fraction",
		WITH_LINUX("\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"x\"], "
			   "\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 0.5, \"op\": "
			   "\"SCMP_CMP_EQ\"}]}]}"),
		"linux.seccomp.syscalls[0].args[0].value: expected an integer");
	PARSE_ERROR("timeOffsets.monotonic.secs: string",
		    WITH_LINUX("\"timeOffsets\": {\"monotonic\": {\"secs\": \"1\"}}"),
		    "linux.timeOffsets.monotonic.secs: expected an integer");
	PARSE_ERROR("timeOffsets: array", WITH_LINUX("\"timeOffsets\": [{\"secs\": 1}]"),
		    "linux.timeOffsets: expected an object keyed by clock name");
	PARSE_ERROR("rdma hcaHandles: string",
		    WITH_LINUX("\"resources\": {\"rdma\": {\"mlx5_1\": {\"hcaHandles\": \"3\"}}}"),
		    "linux.resources.rdma.mlx5_1.hcaHandles: expected an integer");
}

static void test_other_type_errors(void)
{
	PARSE_ERROR("annotations value: number", "{\"annotations\": {\"org.example/key\": 1}}",
		    "annotations[\"org.example/key\"]: expected a string");
	PARSE_ERROR("sysctl value: bool", WITH_LINUX("\"sysctl\": {\"net.ipv4.ip_forward\": true}"),
		    "linux.sysctl[\"net.ipv4.ip_forward\"]: expected a string");
	PARSE_ERROR("map key with a quote is escaped in the path", "{\"annotations\": {\"a\\\"b\": []}}",
		    "annotations[\"a\\x22b\"]: expected a string");
	PARSE_ERROR("namespaces[1].type: unknown",
		    WITH_LINUX("\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"pidd\"}]"),
		    "linux.namespaces[1].type: unknown namespace type \"pidd\" (expected one of pid, network, mount, "
		    "ipc, uts, user, cgroup, time)");
	PARSE_ERROR("namespaces[0].type: missing", WITH_LINUX("\"namespaces\": [{\"path\": \"/proc/1/ns/net\"}]"),
		    "linux.namespaces[0].type: expected a string, but it is missing");
	PARSE_ERROR("devices[0].type: bad",
		    WITH_LINUX("\"devices\": [{\"path\": \"/dev/x\", \"type\": \"x\", \"major\": 1, \"minor\": 1}]"),
		    "linux.devices[0].type: invalid device type \"x\" (expected \"c\", \"b\", \"u\" or \"p\")");
	PARSE_ERROR("devices[0].major: missing for c",
		    WITH_LINUX("\"devices\": [{\"path\": \"/dev/x\", \"type\": \"c\", \"minor\": 1}]"),
		    "linux.devices[0].major: expected an integer, but it is missing");
	PARSE_ERROR("resources.devices[0].allow: missing",
		    WITH_LINUX("\"resources\": {\"devices\": [{\"access\": \"rwm\"}]}"),
		    "linux.resources.devices[0].allow: expected a boolean, but it is missing");
	PARSE_ERROR("hooks.poststop[0].path: missing", "{\"hooks\": {\"poststop\": [{\"args\": [\"x\"]}]}}",
		    "hooks.poststop[0].path: expected a string, but it is missing");
	PARSE_ERROR("capabilities.ambient: string", WITH_PROCESS("\"capabilities\": {\"ambient\": \"CAP_KILL\"}"),
		    "process.capabilities.ambient: expected an array of strings");
	PARSE_ERROR("seccomp.defaultAction: missing", WITH_LINUX("\"seccomp\": {\"syscalls\": []}"),
		    "linux.seccomp.defaultAction: expected a string, but it is missing");
	PARSE_ERROR("seccomp.syscalls[0].names: missing",
		    WITH_LINUX("\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"action\": "
			       "\"SCMP_ACT_ERRNO\"}]}"),
		    "linux.seccomp.syscalls[0].names: expected an array of strings, but it is missing");
	PARSE_ERROR("personality.domain: missing", WITH_LINUX("\"personality\": {}"),
		    "linux.personality.domain: expected a string, but it is missing");
	PARSE_ERROR("hugepageLimits[0].pageSize: missing",
		    WITH_LINUX("\"resources\": {\"hugepageLimits\": [{\"limit\": 1}]}"),
		    "linux.resources.hugepageLimits[0].pageSize: expected a string, but it is missing");
	PARSE_ERROR(
		"blockIO throttle rate: missing",
		WITH_LINUX("\"resources\": {\"blockIO\": {\"throttleReadBpsDevice\": [{\"major\": 8, \"minor\": 0}]}}"),
		"linux.resources.blockIO.throttleReadBpsDevice[0].rate: expected an integer, but it is missing");
	PARSE_ERROR("execCPUAffinity.initial: number", WITH_PROCESS("\"execCPUAffinity\": {\"initial\": 0}"),
		    "process.execCPUAffinity.initial: expected a string");
	PARSE_ERROR("netDevices entry: string", WITH_LINUX("\"netDevices\": {\"eth0\": \"ceth0\"}"),
		    "linux.netDevices.eth0: expected an object");
	PARSE_ERROR("memoryPolicy.mode: missing", WITH_LINUX("\"memoryPolicy\": {\"nodes\": \"0\"}"),
		    "linux.memoryPolicy.mode: expected a string, but it is missing");
}

static void test_load_file_and_helpers(void)
{
	lc_spec *s = (lc_spec *)1;
	lc_error *err = NULL;

	begin();
	CHECK(lc_spec_load_file("/nonexistent/oci-run/config.json", &s, &err) < 0);
	CHECK(s == NULL);
	CHECK(err != NULL && err->errnum == ENOENT);
	CHECK(err != NULL && strstr(err->message, "/nonexistent/oci-run/config.json") != NULL);
	lc_error_free(&err);
	end("load_file: a missing file names the path and keeps ENOENT");

	begin();
	lc_spec_free(NULL);
	CHECK_STR(lc_ns_kind_name(LC_NS_NETWORK), "network");
	CHECK_STR(lc_ns_kind_name(LC_NS_MOUNT), "mount");
	CHECK_STR(lc_ns_kind_proc_name(LC_NS_NETWORK), "net");
	CHECK_STR(lc_ns_kind_proc_name(LC_NS_MOUNT), "mnt");
	CHECK_STR(lc_ns_kind_proc_name(LC_NS_TIME), "time");
	CHECK(lc_ns_kind_clone_flag(LC_NS_PID) == CLONE_NEWPID);
	CHECK(lc_ns_kind_clone_flag(LC_NS_MOUNT) == CLONE_NEWNS);
	CHECK(lc_ns_kind_clone_flag(LC_NS_USER) == CLONE_NEWUSER);
	CHECK(lc_ns_kind_clone_flag(LC_NS_CGROUP) == CLONE_NEWCGROUP);
	CHECK(lc_ns_kind_clone_flag(LC_NS_TIME) == CLONE_NEWTIME);
	CHECK(lc_ns_kind_clone_flag(LC_NS__COUNT) == 0);
	end("namespace kind helpers; lc_spec_free(NULL)");
}

static void test_default_spec(void)
{
	for (int rootless = 0; rootless <= 1; rootless++) {
		const char *json = lc_spec_default_json(rootless);
		lc_spec *s;
		lc_error *err = NULL;

		begin();
		s = parse(json);
		if (s != NULL) {
			CHECK_STR(s->oci_version, "1.2.0");
			CHECK(s->process.terminal);
			CHECK(s->process.args.len == 1);
			CHECK_STR(s->process.args.items[0], "sh");
			CHECK(s->process.rlimits_len == 1 && s->process.rlimits[0].hard == 1024);
			CHECK(s->root_readonly);
			CHECK(s->mounts_len == 7);
			CHECK(s->linux_.masked_paths.len == 10 && s->linux_.readonly_paths.len == 5);
			CHECK((lc_spec_namespace(s, LC_NS_USER) != NULL) == (rootless != 0));
			CHECK((lc_spec_namespace(s, LC_NS_NETWORK) != NULL) == (rootless == 0));
			if (rootless) {
				CHECK(s->linux_.uid_mappings_len == 1 &&
				      s->linux_.uid_mappings[0].host_id == geteuid());
				CHECK(s->linux_.gid_mappings_len == 1 &&
				      s->linux_.gid_mappings[0].host_id == getegid());
				CHECK_STR(s->mounts[5].source, "/sys");
			} else {
				CHECK(s->linux_.resources.devices_len == 1 && !s->linux_.resources.devices[0].allow);
			}
			if (lc_spec_validate(s, bundle, &err) < 0) {
				printf("#   %s\n", err->message);
				lc_error_free(&err);
				current_ok = false;
			}
		}
		lc_spec_free(s);
		end(rootless ? "default rootless spec parses and validates" : "default spec parses and validates");
	}
}

int main(void)
{
	if (make_bundle() < 0) {
		perror("creating the test bundle");
		return 2;
	}
	test_full_fixture();
	test_minimal_and_absent();
	test_parse_errors();
	test_number_errors();
	test_other_type_errors();
	test_load_file_and_helpers();
	test_default_spec();
	remove_bundle();
	return spec_test_finish();
}
