# t-cgroup-ps-events.sh: `ps` lists exactly the processes of the container's cgroup (JSON pids, or
# the host's ps output cut down to them); `events` prints runc's stats JSON once (--stats) or as a
# stream every --interval that ends with the container.

# start_family: a running container whose shell has two sleeping children.
start_family() {
	new_bundle
	set_args sh -c 'sleep 1000 & sleep 1000 & wait'
	cfg '.linux.resources = {memory: {limit: 67108864}, pids: {limit: 30}}'
	create_container
	rt_ok start "$id"
	local tries=0 dir
	dir=$(v1_cgroup pids "$id")
	[ -n "$dir" ] || dir=$(v2_cgroup "$id")
	until [ "$(wc -l <"$dir/cgroup.procs")" -eq 3 ]; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || fail "the container never had 3 processes: $(cat "$dir/cgroup.procs")"
		sleep 0.02
	done
	family_procs=$(sort -n "$dir/cgroup.procs")
}

test_ps_json_lists_the_cgroup() {
	start_family
	rt_ok ps --format json "$id"
	jq -e 'type == "array"' >/dev/null <<<"$out" || fail "ps --format json printed no array: $out"
	assert_eq "$(jq -r '.[]' <<<"$out" | sort -n)" "$family_procs" "pids from ps --format json"
	rt_ok ps -f json "$id"
	assert_eq "$(jq -r '.[]' <<<"$out" | sort -n)" "$family_procs" "pids from ps -f json"
}

test_ps_table_is_filtered() {
	start_family
	rt_ok ps "$id"
	local header
	header=$(head -n1 <<<"$out")
	assert_match "$header" '(^| )PID( |$)'
	assert_eq "$(tail -n +2 <<<"$out" | awk '{print $2}' | sort -n)" "$family_procs" "PID column of ps -ef lines"
	# ps options after the id go to ps
	rt_ok ps "$id" -o pid,comm
	assert_match "$(head -n1 <<<"$out")" '^ *PID +COMMAND$'
	assert_eq "$(tail -n +2 <<<"$out" | awk '{print $2}' | sort | tr '\n' ' ')" "sh sleep sleep " "commands"
	assert_eq "$(tail -n +2 <<<"$out" | awk '{print $1}' | sort -n)" "$family_procs" "pids"
	# without a PID column there is nothing to filter by
	rt_fails ps "$id" -o comm
	assert_match "$err" "PID"
}

test_ps_stopped_and_bad_format() {
	new_bundle
	set_args true
	create_container
	rt_ok start "$id"
	wait_status "$id" stopped
	rt_ok ps -f json "$id"
	assert_eq "$out" null "ps --format json of a stopped container"
	rt_ok ps "$id"
	assert_eq "$(wc -l <<<"$out")" 1 "lines of ps of a stopped container (the header only)"
	rt_fails ps --format xml "$id"
	assert_match "$err" "format"
	rt_fails ps "no-such-container-$TEST_TOKEN"
}

test_events_stats_once() {
	start_family
	rt_ok events --stats "$id"
	assert_eq "$(wc -l <<<"$out")" 1 "lines printed by events --stats"
	jq -e . >/dev/null <<<"$out" || fail "events --stats printed invalid JSON: $out"
	assert_eq "$(jq -r .type <<<"$out")" stats "type"
	assert_eq "$(jq -r .id <<<"$out")" "$id" "id"
	assert_eq "$(jq -c '.data | keys' <<<"$out")" \
		'["blkio","cpu","cpuset","hugetlb","intel_rdt","memory","network_interfaces","pids"]' "keys of data"
	assert_eq "$(jq -r .data.pids.current <<<"$out")" 3 "data.pids.current"
	assert_eq "$(jq -r .data.pids.limit <<<"$out")" 30 "data.pids.limit"
	assert_eq "$(jq -r .data.memory.usage.limit <<<"$out")" 67108864 "data.memory.usage.limit"
	local usage
	usage=$(jq -r .data.memory.usage.usage <<<"$out")
	[ "$usage" -gt 0 ] || fail "data.memory.usage.usage is $usage"
	jq -e '.data.cpu.usage | has("kernel") and has("user")' >/dev/null <<<"$out" || fail "no cpu usage in $out"
	jq -e '.data.memory | has("swap") and has("kernel") and has("kernelTCP")' >/dev/null <<<"$out" ||
		fail "memory entries missing in $out"
}

test_events_stream_until_the_container_stops() {
	start_family
	rt_bg events events --interval 200ms "$id"
	local events_pid=$bg_pid
	sleep 1.1
	local lines
	lines=$(grep -c . "$T/events.out")
	[ "$lines" -ge 3 ] && [ "$lines" -le 7 ] || fail "$lines stats events in 1.1s at a 200ms interval"
	while read -r line; do
		assert_eq "$(jq -r '.type + " " + .id + " " + (.data.pids.current | tostring)' <<<"$line")" "stats $id 3" \
			"a streamed event"
	done <"$T/events.out"
	rt_ok kill "$id" KILL
	wait_status "$id" stopped
	is_runtime runc && rt_ok delete "$id" # runc 1.1 streams until the cgroup is gone
	local tries=0
	while kill -0 "$events_pid" 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 100 ] || fail "events still runs after the container stopped"
		sleep 0.05
	done
	wait "$events_pid"
	assert_eq "$?" 0 "exit status of events"
}

test_events_refusals() {
	new_bundle
	set_args true
	create_container
	rt_fails events --interval 0s "$id"
	assert_match "$err" "interval must be greater than 0"
	rt_fails events --interval 5 "$id"
	rt_ok start "$id"
	wait_status "$id" stopped
	rt_fails events --stats "$id"
	assert_match "$err" "is not running"
	rt_fails events "$id"
	assert_match "$err" "is not running"
}
