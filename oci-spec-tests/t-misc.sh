# t-misc.sh: races on one id, complete cleanup by delete, --log in JSON, `spec`, and config.json being
# read once at create.

# existing_cgroup_dirs ID: the test cgroup directories of ID that exist right now.
existing_cgroup_dirs() {
	local dir
	for dir in $(cgroup_dirs_of "$1"); do
		[ -d "$dir" ] && echo "$dir"
	done
}

# runc 1.1.5 fails this: the losing create removes the state dir the winner is still filling, so
# both fail ("file exists" and "unable to store init state"). oci-run serialises on a lock file.
test_concurrent_create_same_id() {
	new_bundle
	set_args sleep 1000
	local round
	for round in 1 2 3 4 5; do
		new_id
		use_cgroup_path
		rm -f "$T/go" "$T"/racer.*
		local racer
		for racer in a b; do
			(
				while [ ! -e "$T/go" ]; do sleep 0.001; done
				rt create --bundle "$BUNDLE" "$id"
				echo "$status" >"$T/racer.$racer.status"
				echo "$err" >"$T/racer.$racer.err"
			) &
		done
		sleep 0.1
		touch "$T/go"
		wait
		local a b
		a=$(cat "$T/racer.a.status") b=$(cat "$T/racer.b.status")
		if [ "$a" -eq 0 ] && [ "$b" -ne 0 ]; then
			[ -s "$T/racer.b.err" ] || fail "round $round: the losing create printed no error"
		elif [ "$b" -eq 0 ] && [ "$a" -ne 0 ]; then
			[ -s "$T/racer.a.err" ] || fail "round $round: the losing create printed no error"
		else
			fail "round $round: create statuses $a and $b, expected exactly one 0 ($(cat "$T"/racer.*.err))"
		fi
		rt_ok list -q
		assert_eq "$(grep -cxF "$id" <<<"$out")" 1 "round $round: containers listed with id $id"
		assert_status_is "$id" created
		rt_ok start "$id"
		# Exactly one process (the container's sleep) in its cgroup: the loser left no init behind.
		local dir
		dir=$(existing_cgroup_dirs "$id" | grep /pids/ | head -n1)
		[ -n "$dir" ] || dir=$(existing_cgroup_dirs "$id" | head -n1)
		[ -n "$dir" ] || fail "round $round: no cgroup directory for $id"
		assert_eq "$(wc -l <"$dir/cgroup.procs")" 1 "round $round: processes in $dir"
		rt_ok delete --force "$id"
		assert_no_traces "$id"
	done
}

test_delete_removes_every_trace() {
	new_bundle
	add_share
	new_id
	tagged_sleep_args "$id"
	use_cgroup_path
	rt_ok create --bundle "$BUNDLE" "$id"
	rt_ok start "$id"
	state_field "$id" .pid
	local pid=$field
	# The checks below are only meaningful if the traces exist while the container runs.
	[ -d "$ROOT/$id" ] || fail "no state dir $ROOT/$id while running"
	local dirs
	dirs=$(existing_cgroup_dirs "$id")
	[ -n "$dirs" ] || fail "no cgroup dir under $TEST_CGROUP_PARENT/$id while running"
	local dir
	for dir in $dirs; do
		grep -qx "$pid" "$dir/cgroup.procs" || fail "container pid $pid not in $dir/cgroup.procs"
	done
	[ -n "$(pids_mentioning "$id")" ] || fail "no process mentions $id while running"

	rt_ok delete --force "$id"
	assert_no_traces "$id" "$pid"
	rt_fails state "$id"
	rt_ok list -q
	assert_no_line "$out" "$id"
	# The id is free again.
	create_container
}

test_delete_stopped_container_removes_every_trace() {
	new_bundle
	set_args true
	create_container
	state_field "$id" .pid
	local pid=$field
	rt_ok start "$id"
	wait_status "$id" stopped
	rt_ok delete "$id"
	assert_no_traces "$id" "$pid"
}

test_log_json_on_failure() {
	new_id
	local log=$T/runtime-log.json
	rt --log "$log" --log-format json state "$id"
	[ "$status" -ne 0 ] || fail "state of an unknown container succeeded"
	[ -s "$log" ] || fail "--log $log is empty after a failing command"
	local line errors=0
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		jq -e 'type == "object" and (.msg | type) == "string" and (.level | type) == "string"' \
			>/dev/null 2>&1 <<<"$line" || fail "log line is not a JSON object with level and msg: $line"
		if [ "$(jq -r .level <<<"$line")" = error ]; then
			errors=$((errors + 1))
			[ -n "$(jq -r .msg <<<"$line")" ] || fail "empty msg in $line"
		fi
	done <"$log"
	[ "$errors" -ge 1 ] || fail "no \"level\":\"error\" line in $(cat "$log")"

	# A failing create logs as well, appending to the same file.
	new_bundle
	cfg '.process.args = "not an array"'
	local before
	before=$(wc -l <"$log")
	new_id
	rt --log "$log" --log-format json create --bundle "$BUNDLE" "$id"
	[ "$status" -ne 0 ] || fail "create with a bad config succeeded"
	[ "$(wc -l <"$log")" -gt "$before" ] || fail "failing create wrote nothing to --log"
	tail -n +$((before + 1)) "$log" | jq -se 'map(select(.level == "error")) | length >= 1' >/dev/null ||
		fail "no error line from create in: $(cat "$log")"
}

test_spec_writes_valid_config_and_refuses_overwrite() {
	mkdir -p "$T/spec"
	(cd "$T/spec" && rt spec && echo "$status" >"$T/spec.status")
	assert_eq "$(cat "$T/spec.status")" 0 "spec in an empty dir"
	jq -e '(.ociVersion | type) == "string" and (.process.args | type) == "array"
		and (.root.path | type) == "string" and (.linux.namespaces | type) == "array"' \
		"$T/spec/config.json" >/dev/null || fail "spec wrote an invalid config.json: $(head -c 300 "$T/spec/config.json")"
	local before
	before=$(md5sum <"$T/spec/config.json")
	(cd "$T/spec" && rt spec && echo "$status" >"$T/spec.status")
	assert_ne "$(cat "$T/spec.status")" 0 "status of spec over an existing config.json"
	[ -n "$err" ] || true
	assert_eq "$(md5sum <"$T/spec/config.json")" "$before" "config.json after a refused spec"

	# --bundle writes elsewhere.
	mkdir -p "$T/other"
	rt_ok spec --bundle "$T/other"
	[ -f "$T/other/config.json" ] || fail "spec --bundle wrote no $T/other/config.json"

	# The runtime's own default config runs with our rootfs.
	BUNDLE=$T/other
	cfg '.root.path = $r | .process.terminal = false | .process.args = ["true"]' --arg r "$ROOTFS"
	new_id
	use_cgroup_path
	rt_ok run --bundle "$BUNDLE" "$id"
}

test_config_is_read_once_at_create() {
	new_bundle
	add_share
	set_args sh -c 'echo original > /mnt/ran'
	create_container
	set_args sh -c 'echo edited > /mnt/ran'
	cfg '.hostname = "edited"'
	rt_ok start "$id"
	wait_file "$SHARE/ran"
	assert_eq "$(cat "$SHARE/ran")" original "the process start ran"
	# Even a removed config.json does not matter after create.
	rm -f "$SHARE/ran"
	create_container
	rm "$BUNDLE/config.json"
	rt_ok start "$id"
	wait_status "$id" stopped
}
