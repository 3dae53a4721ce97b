# t-security-runtime.sh: nothing of the runtime is reachable from inside. CVE-2019-5736: the runtime's
# processes in the container's pid namespace (the init while `created`, the exec helper) cannot have
# their binary opened or their memory read, and the runtime binary is unchanged. CVE-2024-21626: no
# fd of the runtime reaches the process, and no cwd or executable path through /proc/self/fd/N leads
# out of the container, for run and exec.

source "$(dirname "${BASH_SOURCE[0]}")/security-lib.sh"

runtime_sum() {
	sha256sum "$RUNTIME" | cut -d' ' -f1
}

# assert_not_reached OUTPUT: sec-probe attack found no runtime process it could see into.
assert_not_reached() {
	assert_line "$1" "exposed=0"
	assert_line "$1" "exe_opened=0"
	assert_line "$1" "exe_written=0"
	assert_line "$1" "mem_opened=0"
}

test_created_init_cannot_be_reached_from_its_pid_namespace() {
	local sum_before
	sum_before=$(runtime_sum)
	new_bundle
	set_args sleep 1000
	create_container
	local victim=$id
	state_field "$victim" .pid
	local init_pid=$field
	# the attacker shares the created container's pid namespace: its pid 1 is the runtime's init,
	# still the runtime's code until start
	new_bundle "$T/attacker"
	add_probe
	set_namespace_path pid "/proc/$init_pid/ns/pid"
	set_args sec-probe attack "$(basename "$RUNTIME")" 2
	ct_run
	assert_exit 0
	assert_not_reached "$out"
	if ! is_runtime runc; then
		# it saw the init and was refused (runc's init runs from a sealed copy instead)
		[ "$(value_of "$out" denied)" -gt 0 ] || fail "the attacker never saw the created init: $out"
		assert_match "$out" "^pid 1 exe=\? link_errno=13 open_errno=13 write_errno=13 mem_errno=13"
	fi
	assert_status_is "$victim" created
	rt_ok delete "$victim"
	assert_no_traces "$victim"
	assert_eq "$(runtime_sum)" "$sum_before" "checksum of $RUNTIME"
}

test_created_init_in_a_user_namespace_resists_a_capable_attacker() {
	local sum_before
	sum_before=$(runtime_sum)
	new_bundle
	private_rootfs
	chown -R 100000:100000 "$T/rootfs"
	cfg '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
	set_args sleep 1000
	create_container
	local victim=$id
	state_field "$victim" .pid
	local init_pid=$field
	# root of the same user namespace with every capability, CAP_SYS_PTRACE included: only the
	# init's being non-dumpable (checked against the host's user namespace) keeps it out
	new_bundle "$T/attacker"
	add_probe
	cfg '.root.path = $r' --arg r "$T/rootfs"
	set_namespace_path user "/proc/$init_pid/ns/user"
	set_namespace_path pid "/proc/$init_pid/ns/pid"
	# the mappings of the joined namespace, which runc 1.1 wants to be told
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'

	local all
	all=$(for n in $(seq 0 "$(cat /proc/sys/kernel/cap_last_cap)"); do capsh --decode="$(printf 0x%x $((1 << n)))" 2>/dev/null |
		sed 's/.*=//'; done | tr a-z A-Z | jq -R . | jq -s .)
	[ "$(jq length <<<"$all")" -gt 30 ] || skip "capsh cannot name the capabilities"
	cfg '.process.capabilities = {bounding: $a, effective: $a, permitted: $a, inheritable: $a, ambient: $a}
		| .process.noNewPrivileges = false' --argjson a "$all"
	set_args sec-probe attack "$(basename "$RUNTIME")" 2
	ct_run
	assert_exit 0
	assert_not_reached "$out"
	is_runtime runc || [ "$(value_of "$out" denied)" -gt 0 ] || fail "the attacker never saw the created init: $out"
	rt_ok delete "$victim"
	assert_no_traces "$victim"
	assert_eq "$(runtime_sum)" "$sum_before" "checksum of $RUNTIME"
}

test_exec_helper_cannot_be_reached_while_it_starts() {
	local sum_before
	sum_before=$(runtime_sum)
	new_bundle
	add_probe
	# the container's own process attacks every process it sees for 4 s while execs start
	set_args sec-probe attack "$(basename "$RUNTIME")" 4
	create_container
	rt_ok start "$id"
	local deadline=$((SECONDS + 3)) execs=0
	while [ "$SECONDS" -lt "$deadline" ]; do
		RT_QUIET=1 rt exec "$id" true
		[ "$status" -eq 0 ] || break
		execs=$((execs + 1))
	done
	[ "$execs" -gt 5 ] || fail "only $execs execs ran"
	wait_status "$id" stopped 10
	local report
	report=$(cat "$ct_out")
	assert_match "$report" "^scans="
	assert_not_reached "$report"
	# the exec helpers were seen (and refused) between clone and execve
	is_runtime runc || [ "$(value_of "$report" denied)" -gt 0 ] || fail "no exec helper seen: $report"
	rt_ok delete "$id"
	assert_eq "$(runtime_sum)" "$sum_before" "checksum of $RUNTIME"
}

test_only_stdio_reaches_the_process_in_run_and_exec() {
	new_bundle
	set_args oci-check fds
	ct_run
	assert_exit 0
	assert_eq "$(grep -o '^fd:[0-9]*' <<<"$out" | tr '\n' ' ')" "fd:0 fd:1 fd:2 " "fds of the container's process"
	set_args sleep 1000
	create_container
	rt_ok start "$id"
	rt exec "$id" oci-check fds
	assert_exit 0
	assert_eq "$(grep -o '^fd:[0-9]*' <<<"$out" | tr '\n' ' ')" "fd:0 fd:1 fd:2 " "fds of an exec'd process"
	rt_ok delete --force "$id"
}

# cwd_case OUTPUT STATUS: a /proc/self/fd/N cwd either failed to start or left the process inside.
assert_cwd_inside() {
	if [ "$status" -ne 0 ]; then
		[ -n "$err" ] || fail "failed without a message"
		return 0
	fi
	assert_match "$out" "^cwd=/"
}

test_cwd_through_proc_self_fd_stays_inside() {
	new_bundle
	set_args oci-check cwd
	local n
	for n in 3 4 5 6 7 8 9 10 11 12; do
		cfg '.process.cwd = $c' --arg c "/proc/self/fd/$n"
		ct_run
		assert_cwd_inside
	done
	cfg '.process.cwd = "/" | .process.args = ["sleep", "1000"]'
	create_container
	rt_ok start "$id"
	for n in 3 4 5 6 7 8 9 10 11 12; do
		rt exec --cwd "/proc/self/fd/$n" "$id" oci-check cwd
		assert_cwd_inside
	done
	rt_ok delete --force "$id"
}

test_executable_through_proc_self_fd_stays_inside() {
	# a static program that exists only on the host: running it would mean leaving the rootfs
	find_helper sec-probe
	mkdir -p "$T/host-only"
	cp "$helper" "$T/host-only/escaped"
	local up=../../../../../../../../../../../../../../../..
	new_bundle
	local n
	for n in 3 4 5 6 7 8 9 10 11 12; do
		set_args "/proc/self/fd/$n/$up$T/host-only/escaped" ids
		ct_run
		assert_no_line "$out" "uid=0"
		[ "$status" -ne 0 ] || fail "/proc/self/fd/$n led to a host program"
	done
	set_args sleep 1000
	create_container
	rt_ok start "$id"
	for n in 3 4 5 6 7 8 9 10 11 12; do
		rt exec "$id" "/proc/self/fd/$n/$up$T/host-only/escaped" ids
		assert_no_line "$out" "uid=0"
		[ "$status" -ne 0 ] || fail "exec: /proc/self/fd/$n led to a host program"
	done
	rt_ok delete --force "$id"
}
