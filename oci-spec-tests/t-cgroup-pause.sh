# t-cgroup-pause.sh: `pause` freezes every process of a container (its counter stops, `state` says
# paused, the freezer says FROZEN), `resume` lets it run again; the transitions runc refuses are
# refused; a paused container can still be killed and deleted without traces.

# start_counter: a running container whose shell counts in $SHARE/counter; waits for it to count.
start_counter() {
	new_bundle
	add_share
	counter_args
	create_container
	rt_ok start "$id"
	local tries=0
	until [ "$(counter_value)" -gt 10 ]; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || fail "the container's counter never advanced"
		sleep 0.02
	done
}

# assert_counter_stalls / assert_counter_runs: over 300ms the counter stays put / advances.
assert_counter_stalls() {
	local before after
	before=$(counter_value)
	sleep 0.3
	after=$(counter_value)
	assert_eq "$after" "$before" "counter of a paused container over 300ms"
}

assert_counter_runs() {
	local before after
	before=$(counter_value)
	sleep 0.3
	after=$(counter_value)
	[ "$after" -gt "$before" ] || fail "the counter did not advance over 300ms ($before -> $after)"
}

test_pause_freezes_and_resume_thaws() {
	start_counter
	rt_ok pause "$id"
	assert_status_is "$id" paused
	assert_counter_stalls
	local freezer
	freezer=$(v1_cgroup freezer "$id")
	if [ -n "$freezer" ]; then
		assert_file "$freezer/freezer.state" FROZEN "freezer.state of a paused container"
	else
		assert_line "$(cat "$(v2_cgroup "$id")/cgroup.events")" "frozen 1"
	fi
	rt_ok list
	assert_match "$(grep -F "$id" <<<"$out")" "paused"

	rt_ok resume "$id"
	assert_status_is "$id" running
	assert_counter_runs
	[ -z "$freezer" ] || assert_file "$freezer/freezer.state" THAWED "freezer.state after resume"
}

test_pause_and_resume_refusals() {
	start_counter
	rt_fails resume "$id"
	assert_match "$err" "container not paused"
	rt_ok pause "$id"
	rt_fails pause "$id"
	assert_match "$err" "container not running"
	assert_status_is "$id" paused
	rt_ok resume "$id"
	rt_ok kill "$id" KILL
	wait_status "$id" stopped
	rt_fails pause "$id"
	assert_match "$err" "container not running"
	rt_fails resume "$id"
	assert_match "$err" "container not paused"
	rt_fails pause "no-such-container-$TEST_TOKEN"
	assert_match "$err" "(not exist|not found)"
}

# runc freezes a created container too and then reports it paused; oci-run's status puts the start
# gate first, so it refuses instead of leaving a container whose `start` would wait on a frozen init.
test_pause_created_container() {
	new_bundle
	set_args true
	create_container
	if is_runtime runc; then
		rt_ok pause "$id"
		assert_status_is "$id" paused
		rt_fails start "$id"
		rt_ok resume "$id"
		assert_status_is "$id" created
	else
		rt_fails pause "$id"
		assert_match "$err" "cannot pause a created container"
		assert_status_is "$id" created
	fi
	rt_ok start "$id"
	wait_status "$id" stopped
}

test_paused_container_killed_and_deleted() {
	new_bundle
	add_share
	counter_args
	create_container
	rt_ok start "$id"
	state_field "$id" .pid
	local pid=$field
	rt_ok pause "$id"
	# a signal waits while frozen; delete --force thaws and kills
	rt_ok kill "$id" KILL
	rt_ok delete --force "$id"
	assert_no_traces "$id" "$pid"
}

test_paused_container_update_keeps_it_paused() {
	start_counter
	rt_ok pause "$id"
	rt_ok update --pids-limit 40 "$id"
	assert_status_is "$id" paused
	assert_counter_stalls
	rt_ok resume "$id"
	assert_counter_runs
}
