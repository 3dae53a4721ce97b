# t-lifecycle.sh: create → start → stopped → delete, and `run` in the foreground and detached,
# including how the container's exit status (or the signal that killed it) propagates.

test_create_start_stop_delete() {
	new_bundle
	add_share
	make_gate gate
	set_args sh -c 'read line < /mnt/gate; exit 0'
	create_container

	get_state "$id"
	assert_eq "$(jq -r .status <<<"$state")" created "status after create"
	local pid
	pid=$(jq -r .pid <<<"$state")
	[ "$pid" -gt 0 ] 2>/dev/null || fail "created container has pid '$pid', expected > 0"
	[ -d "/proc/$pid" ] || fail "pid $pid of the created container does not exist"
	# Nothing of the user's process may run before start.
	[ "$(first_arg_of "$pid")" != sh ] || fail "the user process runs before start"

	rt_ok start "$id"
	assert_status_is "$id" running
	state_field "$id" .pid
	assert_eq "$field" "$pid" "pid after start"
	local tries=0
	until [ "$(first_arg_of "$pid")" = sh ]; do
		tries=$((tries + 1))
		[ $tries -lt 100 ] || fail "pid $pid never exec'd the configured process (argv0 $(first_arg_of "$pid"))"
		sleep 0.02
	done

	release_gate gate
	wait_status "$id" stopped

	rt_ok delete "$id"
	rt_fails state "$id"
	assert_no_traces "$id" "$pid"
}

test_run_propagates_exit_status() {
	new_bundle
	set_args sh -c 'echo hello from $0; exit 3' oci-test
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	assert_exit 3
	assert_line "$out" "hello from oci-test"

	set_args true
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	assert_exit 0
}

# Without a pid namespace the shell is not an init process, so it can die of its own signal.
test_run_killed_by_sigkill_exits_137() {
	new_bundle
	remove_namespace pid
	set_args sh -c 'kill -KILL $$; sleep 5'
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	assert_exit 137
}

test_run_killed_by_sigterm_exits_143() {
	new_bundle
	remove_namespace pid
	set_args sh -c 'kill -TERM $$; sleep 5'
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	assert_exit 143
}

test_run_foreground_killed_with_kill_command() {
	new_bundle
	set_args sleep 1000
	new_id
	use_cgroup_path
	(
		rt run --bundle "$BUNDLE" "$id"
		echo "$status" >"$T/run.status"
	) &
	local runner=$!
	wait_status "$id" running
	rt_ok kill "$id" KILL
	wait "$runner"
	[ -f "$T/run.status" ] || fail "run did not finish"
	assert_eq "$(cat "$T/run.status")" 137 "exit status of run after kill KILL"
	rt_fails state "$id"
	assert_no_traces "$id"
}

test_run_foreground_removes_container() {
	new_bundle
	set_args true
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	assert_exit 0
	rt_fails state "$id"
	assert_no_traces "$id"
}

test_run_detach_then_kill_and_delete() {
	new_bundle
	new_id
	tagged_sleep_args "$id"
	use_cgroup_path
	rt run --detach --bundle "$BUNDLE" "$id"
	assert_exit 0
	assert_status_is "$id" running
	state_field "$id" .pid
	local pid=$field
	[ -d "/proc/$pid" ] || fail "running container's pid $pid does not exist"

	rt_ok kill "$id" KILL
	wait_status "$id" stopped
	rt_ok delete "$id"
	rt_fails state "$id"
	assert_no_traces "$id" "$pid"
}

test_start_runs_process_only_once() {
	new_bundle
	add_share
	set_args sh -c 'echo started >> /mnt/log; sleep 1000'
	create_container
	[ ! -e "$SHARE/log" ] || fail "process ran before start"
	rt_ok start "$id"
	wait_file "$SHARE/log"
	rt_fails start "$id"
	sleep 0.2
	assert_eq "$(cat "$SHARE/log")" started "log of a container started twice"
}
