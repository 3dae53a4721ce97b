# t-errors.sh: commands that must fail (wrong state, unknown or invalid ids, taken ids) and must
# leave everything as it was; kill's signal forms and --all.

# running_container: a created-and-started container running `sleep`, id in $id.
running_container() {
	new_bundle
	set_args sleep 1000
	create_container
	rt_ok start "$id"
}

test_start_on_running_fails() {
	running_container
	rt_fails start "$id"
	assert_status_is "$id" running
}

test_start_on_stopped_fails() {
	new_bundle
	set_args true
	create_container
	rt_ok start "$id"
	wait_status "$id" stopped
	rt_fails start "$id"
	assert_status_is "$id" stopped
}

test_delete_running_needs_force() {
	running_container
	state_field "$id" .pid
	local pid=$field
	rt_fails delete "$id"
	assert_status_is "$id" running
	rt_ok delete --force "$id"
	rt_fails state "$id"
	assert_no_traces "$id" "$pid"
}

# runtime-spec says delete of a container that is not stopped is an error; runc deletes a *created*
# one (killing its init) and containerd's shim relies on that, so oci-run does the same (see
# lc_container_delete). Other runtimes are held to the spec.
test_delete_created_container() {
	new_bundle
	set_args sleep 1000
	create_container
	state_field "$id" .pid
	local pid=$field
	if is_runtime runc || is_runtime oci-run; then
		rt_ok delete "$id"
	else
		rt_fails delete "$id"
		assert_status_is "$id" created
		rt_ok delete --force "$id"
	fi
	rt_fails state "$id"
	assert_no_traces "$id" "$pid"
}

test_kill_on_stopped_fails() {
	new_bundle
	set_args true
	create_container
	rt_ok start "$id"
	wait_status "$id" stopped
	rt_fails kill "$id" KILL
	assert_status_is "$id" stopped
}

test_kill_on_created_container() {
	new_bundle
	set_args sleep 1000
	create_container
	rt_ok kill "$id" KILL
	wait_status "$id" stopped
}

test_create_with_taken_id_fails() {
	new_bundle
	set_args sleep 1000
	create_container
	state_field "$id" .pid
	local pid=$field
	rt_fails create --bundle "$BUNDLE" "$id"
	assert_match "$err" "(exist|already|in use|taken)"
	# The first container must be untouched.
	get_state "$id"
	assert_eq "$(jq -r .status <<<"$state")" created "status of the first container"
	assert_eq "$(jq -r .pid <<<"$state")" "$pid" "pid of the first container"
	[ -d "/proc/$pid" ] || fail "the first container's process $pid died"
	rt_ok start "$id"
	assert_status_is "$id" running
}

test_unknown_id_fails_for_every_command() {
	new_id
	local command
	for command in state start "kill" delete; do
		rt_fails $command "$id"
	done
	rt_fails kill "$id" KILL
	[ ! -e "$ROOT/$id" ] || fail "a failed command created $ROOT/$id"
}

test_invalid_ids_are_rejected() {
	new_bundle
	set_args true
	# A private root inside a sentinel directory: a runtime that lets '..' through would touch it.
	local parent=$T/private
	mkdir -p "$parent/root"
	echo keep >"$parent/sentinel"
	local ROOT=$parent/root
	local long
	long=$(printf 'a%.0s' $(seq 256))
	local bad
	for bad in "a/b" "../sentinel" ".." "." "" "$long" "a b" "a;b" 'a$b' "a*b" "a:b" $'a\nb' "é"; do
		rt create --bundle "$BUNDLE" "$bad"
		[ "$status" -ne 0 ] || fail "create accepted the id '$bad'"
		[ -n "$err" ] || fail "create rejected '$bad' without a message"
		rt state "$bad"
		[ "$status" -ne 0 ] || fail "state accepted the id '$bad'"
		rt delete --force "$bad"
		[ "$status" -ne 0 ] || [ "$bad" = "$long" ] || fail "delete --force accepted the id '$bad'"
	done
	assert_eq "$(cat "$parent/sentinel" 2>/dev/null)" keep "sentinel next to --root"
	assert_eq "$(ls -A "$parent/root")" "" "entries under --root after invalid ids"
	assert_eq "$(ls -A "$parent")" "root"$'\n'"sentinel" "entries next to --root"
}

# oci-check signal handles every catchable signal, so even as pid 1 it reports what arrived.
signal_container() {
	new_bundle
	set_args oci-check signal
	create_container
	rt_ok start "$id"
	wait_file "$ct_out"
	assert_line "$(cat "$ct_out")" ready
}

test_kill_signal_forms() {
	local form expected
	for form in HUP:1 SIGUSR1:10 12:12 TERM:15 SIGINT:2; do
		expected=${form#*:}
		signal_container
		rt_ok kill "$id" "${form%%:*}"
		wait_status "$id" stopped
		assert_line "$(cat "$ct_out")" "signal=$expected"
	done
}

test_kill_default_is_sigterm() {
	signal_container
	rt_ok kill "$id"
	wait_status "$id" stopped
	assert_line "$(cat "$ct_out")" "signal=15"
}

test_kill_sigkill_forms() {
	local form
	for form in KILL SIGKILL 9; do
		running_container
		state_field "$id" .pid
		local pid=$field
		rt_ok kill "$id" "$form"
		wait_status "$id" stopped
		rt_ok delete "$id"
		assert_no_traces "$id" "$pid"
	done
}

test_kill_invalid_signal_fails() {
	running_container
	local bad
	for bad in NOSUCH SIGNOPE 0x9 -9 999 SIGRTMAX+1; do
		rt_fails kill "$id" "$bad"
	done
	assert_status_is "$id" running
}

# pid 1 ignores SIGTERM (no handler), its children do not: only --all reaches them, and when they
# die the shell's wait returns and the container stops.
test_kill_all_reaches_every_process() {
	new_bundle
	set_args sh -c 'sleep 1000 & sleep 1000 & wait'
	create_container
	rt_ok start "$id"
	rt_ok kill "$id" TERM
	sleep 0.3
	assert_status_is "$id" running
	rt_ok kill --all "$id" TERM
	wait_status "$id" stopped
	local dir
	for dir in $(cgroup_dirs_of "$id"); do
		[ -f "$dir/cgroup.procs" ] || continue
		assert_eq "$(cat "$dir/cgroup.procs")" "" "processes left in $dir"
	done
}
