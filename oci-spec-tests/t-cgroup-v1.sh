# t-cgroup-v1.sh: the container's cgroup in every v1 hierarchy (named ones included), `kill --all`
# reaching processes the init does not own, delete removing every hierarchy's directory, and
# --systemd-cgroup refused on a host without systemd.

# v1_hierarchies: the mount points of the v1 hierarchies under /sys/fs/cgroup, one per line.
v1_hierarchies() {
	local dir
	for dir in /sys/fs/cgroup/*/; do
		dir=${dir%/}
		[ -L "$dir" ] && continue # cpu -> cpu,cpuacct and the like
		[ "$(stat -f -c %T "$dir")" = cgroupfs ] && echo "$dir"
	done
}

test_init_in_every_v1_hierarchy() {
	[ "$(cgroup_layout)" != v2 ] || skip "pure cgroup v2 host: no v1 hierarchies"
	new_bundle
	set_args sleep 1000
	create_container
	state_field "$id" .pid
	local pid=$field hierarchy count=0
	for hierarchy in $(v1_hierarchies); do
		grep -qx "$pid" "$hierarchy$TEST_CGROUP_PARENT/$id/cgroup.procs" ||
			fail "init $pid is not in $hierarchy$TEST_CGROUP_PARENT/$id"
		count=$((count + 1))
	done
	[ "$count" -gt 0 ] || fail "no v1 hierarchy found"
	# /proc/PID/cgroup names the same path in every hierarchy, cgroup2 (0::) included
	local line
	while read -r line; do
		[ "${line#*:*:}" = "$TEST_CGROUP_PARENT/$id" ] || fail "init $pid: cgroup line '$line'"
	done <"/proc/$pid/cgroup"
}

test_kill_all_reaches_every_process() {
	[ "$(cgroup_layout)" != v2 ] || skip "pure cgroup v2 host: kill --all is covered by t-cgroup-v2"
	new_bundle
	# no pid namespace: the children outlive the init unless the cgroup is signalled
	remove_namespace pid
	set_args sh -c 'sleep 1000 & sleep 1000 & wait'
	create_container
	rt_ok start "$id"
	local dir
	dir=$(v1_cgroup freezer "$id")
	[ -n "$dir" ] || dir=$(v1_cgroup pids "$id")
	local tries=0
	until [ "$(wc -l <"$dir/cgroup.procs")" -eq 3 ]; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || fail "the container never had 3 processes"
		sleep 0.02
	done
	local pids
	pids=$(cat "$dir/cgroup.procs")
	rt_ok kill --all "$id" KILL
	wait_status "$id" stopped
	local pid
	tries=0
	for pid in $pids; do
		while [ -e "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; do
			tries=$((tries + 1))
			[ $tries -lt 100 ] || fail "pid $pid survived kill --all"
			sleep 0.02
		done
	done
	rt_ok delete "$id"
	assert_no_traces "$id"
}

test_kill_all_paused_container() {
	[ "$(cgroup_layout)" != v2 ] || skip "pure cgroup v2 host"
	new_bundle
	remove_namespace pid
	set_args sh -c 'sleep 1000 & wait'
	create_container
	rt_ok start "$id"
	rt_ok pause "$id"
	rt_ok kill --all "$id" KILL
	if is_runtime runc; then
		# runc 1.1 thaws the cgroup after signalling it, paused or not
		wait_status "$id" stopped
	else
		# oci-run leaves a paused container paused: the signal lands when it is resumed
		assert_status_is "$id" paused
		rt_ok resume "$id"
		wait_status "$id" stopped
	fi
	rt_ok delete "$id"
	assert_no_traces "$id"
}

test_delete_removes_every_hierarchy() {
	new_bundle
	set_args sleep 1000
	create_container
	rt_ok start "$id"
	local hierarchy dirs=0
	for hierarchy in $(v1_hierarchies) $(v2_cgroup x | sed "s#$TEST_CGROUP_PARENT/x##"); do
		[ -d "$hierarchy$TEST_CGROUP_PARENT/$id" ] || fail "no $hierarchy$TEST_CGROUP_PARENT/$id while running"
		dirs=$((dirs + 1))
	done
	[ "$dirs" -gt 0 ] || fail "no cgroup directory at all"
	rt_ok delete --force "$id"
	for hierarchy in $(v1_hierarchies) $(v2_cgroup x | sed "s#$TEST_CGROUP_PARENT/x##"); do
		[ ! -e "$hierarchy$TEST_CGROUP_PARENT/$id" ] || fail "$hierarchy$TEST_CGROUP_PARENT/$id left after delete"
	done
	assert_no_traces "$id"
}

test_systemd_cgroup_refused_without_systemd() {
	[ ! -d /run/systemd/system ] || skip "systemd runs on this host"
	new_bundle
	set_args true
	local command
	for command in create run; do
		new_id
		cfg '.linux.cgroupsPath = $p' --arg p "system.slice:oci-run-test:$id"
		rt "--systemd-cgroup" "$command" --bundle "$BUNDLE" "$id"
		[ "$status" -ne 0 ] || fail "--systemd-cgroup $command succeeded on a host without systemd"
		assert_match "$err" "systemd.*not running|not running.*systemd"
		assert_no_traces "$id"
	done
}

# Without a cgroup namespace, each v1 hierarchy mounted in the container is the container's own
# cgroup directory (bound from the host, as runc does), so its limits read at the usual paths; with
# one, the hierarchies are mounted fresh and their root is the container's cgroup too.
check_own_cgroup_mounts() {
	local hierarchy name want
	cfg '.linux.resources.pids.limit = 77 | .linux.resources.memory.limit = 67108864'
	set_args sh -c 'cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/memory/memory.limit_in_bytes; for d in /sys/fs/cgroup/*/; do [ -L "${d%/}" ] || { n=0; while read -r p; do n=$((n + 1)); done <"${d}cgroup.procs"; echo "${d%/} $n"; }; done'
	ct_run
	[ "$status" -eq 0 ] || fail "run exited $status: $err"
	assert_eq "$(sed -n 1p <<<"$out")" 77 "pids.max seen inside"
	assert_eq "$(sed -n 2p <<<"$out")" 67108864 "memory.limit_in_bytes seen inside"
	# every host hierarchy is there, holding only the container's one process (the shell counts
	# with builtins)
	for hierarchy in $(v1_hierarchies); do
		name=${hierarchy##*/}
		want="/sys/fs/cgroup/$name 1"
		assert_line "$out" "$want"
	done
}

test_cgroup_mount_without_cgroup_namespace_shows_own_cgroup() {
	[ "$(cgroup_layout)" != v2 ] || skip "pure cgroup v2 host: no v1 hierarchies"
	new_bundle
	remove_namespace cgroup
	check_own_cgroup_mounts
}

test_cgroup_mount_with_cgroup_namespace_shows_own_cgroup() {
	[ "$(cgroup_layout)" != v2 ] || skip "pure cgroup v2 host: no v1 hierarchies"
	new_bundle
	check_own_cgroup_mounts
}
