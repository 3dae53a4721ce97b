# t-cgroup-v2.sh: the cgroup2 core on the unified mount (the whole tree on a v2 host, the
# /sys/fs/cgroup/unified mount on a hybrid one): placement, cgroup.events, cgroup.freeze, cgroup.kill.

need_cgroup2() {
	[ "$(cgroup_layout)" != v1 ] || skip "no cgroup2 mount on this host"
}

test_v2_placement_and_populated() {
	need_cgroup2
	new_bundle
	add_share
	make_gate gate
	set_args sh -c 'read x </mnt/gate'
	create_container
	local dir pid
	dir=$(v2_cgroup "$id")
	state_field "$id" .pid
	pid=$field
	grep -qx "$pid" "$dir/cgroup.procs" || fail "init $pid is not in $dir/cgroup.procs"
	assert_line "$(cat "/proc/$pid/cgroup")" "0::$TEST_CGROUP_PARENT/$id"
	rt_ok start "$id"
	assert_line "$(cat "$dir/cgroup.events")" "populated 1"
	release_gate gate
	wait_status "$id" stopped
	local tries=0
	until grep -qx "populated 0" "$dir/cgroup.events"; do
		tries=$((tries + 1))
		[ $tries -lt 100 ] || fail "cgroup.events never said populated 0: $(cat "$dir/cgroup.events")"
		sleep 0.02
	done
	rt_ok delete "$id"
	[ ! -e "$dir" ] || fail "$dir left after delete"
}

test_v2_freeze_stops_the_container() {
	need_cgroup2
	new_bundle
	add_share
	counter_args
	create_container
	rt_ok start "$id"
	local dir tries=0
	dir=$(v2_cgroup "$id")
	until [ "$(counter_value)" -gt 10 ]; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || fail "the counter never advanced"
		sleep 0.02
	done
	echo 1 >"$dir/cgroup.freeze" || fail "write cgroup.freeze"
	tries=0
	until grep -qx "frozen 1" "$dir/cgroup.events"; do
		tries=$((tries + 1))
		[ $tries -lt 100 ] || fail "cgroup.events never said frozen 1"
		sleep 0.02
	done
	local before
	before=$(counter_value)
	sleep 0.3
	assert_eq "$(counter_value)" "$before" "counter while cgroup.freeze is 1"
	# on a pure v2 host the runtime's status reads the same freezer
	[ "$(cgroup_layout)" = v2 ] && assert_status_is "$id" paused
	echo 0 >"$dir/cgroup.freeze" || fail "write cgroup.freeze"
	before=$(counter_value)
	sleep 0.3
	[ "$(counter_value)" -gt "$before" ] || fail "the counter did not resume after cgroup.freeze 0"
	assert_status_is "$id" running
}

test_v2_kill_ends_the_container() {
	need_cgroup2
	new_bundle
	set_args sh -c 'sleep 1000 & sleep 1000 & wait'
	create_container
	rt_ok start "$id"
	local dir
	dir=$(v2_cgroup "$id")
	[ -e "$dir/cgroup.kill" ] || skip "this kernel has no cgroup.kill"
	echo 1 >"$dir/cgroup.kill" || fail "write cgroup.kill"
	wait_status "$id" stopped
	local tries=0
	until grep -qx "populated 0" "$dir/cgroup.events"; do
		tries=$((tries + 1))
		[ $tries -lt 100 ] || fail "processes left after cgroup.kill: $(cat "$dir/cgroup.procs")"
		sleep 0.02
	done
	rt_ok delete "$id"
	assert_no_traces "$id"
}

test_v2_pause_uses_cgroup_freeze() {
	[ "$(cgroup_layout)" = v2 ] || skip "layout $(cgroup_layout): pause uses the v1 freezer here (t-cgroup-pause)"
	new_bundle
	set_args sleep 1000
	create_container
	rt_ok start "$id"
	rt_ok pause "$id"
	assert_line "$(cat "$(v2_cgroup "$id")/cgroup.events")" "frozen 1"
	rt_ok resume "$id"
	assert_line "$(cat "$(v2_cgroup "$id")/cgroup.events")" "frozen 0"
}
