# t-cgroup-resources.sh: linux.resources given at create, read back from the container's cgroup
# files and shown in effect where a process can feel it: fork refused over pids.limit, an OOM kill
# (reported by `events`), a CPU quota, a CPU set, device rules; a value the kernel refuses fails
# create and run naming the field and leaves nothing behind.

test_memory_limits_in_files() {
	need_v1 memory
	new_bundle
	set_args sleep 1000
	cfg '.linux.resources.memory = {limit: 67108864, reservation: 33554432, swap: 134217728, swappiness: 10,
		disableOOMKiller: true}'
	create_container
	local d
	d=$(v1_cgroup memory "$id")
	assert_file "$d/memory.limit_in_bytes" 67108864 "memory.limit"
	assert_file "$d/memory.soft_limit_in_bytes" 33554432 "memory.reservation"
	[ -e "$d/memory.memsw.limit_in_bytes" ] && assert_file "$d/memory.memsw.limit_in_bytes" 134217728 "memory.swap"
	assert_file "$d/memory.swappiness" 10 "memory.swappiness"
	assert_line "$(cat "$d/memory.oom_control")" "oom_kill_disable 1"
	state_field "$id" .pid
	grep -qx "$field" "$d/cgroup.procs" || fail "the init $field is not in $d"
}

test_memory_hog_is_oom_killed_and_events_reports_it() {
	new_bundle
	add_share
	make_gate gate
	set_args sh -c 'read x </mnt/gate; dd if=/dev/zero of=/dev/null bs=64M count=1; echo $? >/mnt/dd; sleep 1000'
	cfg '.linux.resources.memory = {limit: 33554432, swap: 33554432}'
	create_container
	rt_ok start "$id"
	rt_bg events events --interval 1h "$id"
	local events_pid=$bg_pid
	sleep 0.5 # let events register for notifications before the OOM
	release_gate gate
	wait_file "$SHARE/dd"
	assert_eq "$(cat "$SHARE/dd")" 137 "exit status of dd (64M in a 32M container)"
	wait_line "$T/events.out" '"type":"oom"'
	local line
	line=$(grep '"type":"oom"' "$T/events.out" | head -n1)
	assert_eq "$(jq -r .id <<<"$line")" "$id" "id of the oom event"
	assert_status_is "$id" running
	local d
	d=$(v1_cgroup memory "$id")
	if [ -n "$d" ]; then
		local kills
		kills=$(sed -n 's/^oom_kill //p' "$d/memory.oom_control")
		[ "${kills:-0}" -ge 1 ] || fail "memory.oom_control counts no oom_kill"
	fi
	# events stops with the container; runc 1.1 only once its cgroup is removed by delete
	rt_ok kill "$id" KILL
	if is_runtime runc; then
		wait_status "$id" stopped
		rt_ok delete "$id"
	fi
	local tries=0
	while kill -0 "$events_pid" 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 100 ] || fail "events did not stop when the container stopped"
		sleep 0.05
	done
	wait "$events_pid"
	assert_eq "$?" 0 "exit status of events after the container stopped"
}

test_pids_limit_refuses_fork() {
	new_bundle
	set_args sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 1000 & echo forked $i; done'
	cfg '.linux.resources.pids = {limit: 5}'
	ct_run
	[ "$status" -ne 0 ] || fail "the shell forked 8 sleeps under pids.limit 5 (stdout: $out)"
	assert_line "$out" "forked 4"
	assert_no_line "$out" "forked 5"
	assert_match "$err" "fork"
}

test_pids_limit_in_file() {
	new_bundle
	set_args sleep 1000
	cfg '.linux.resources.pids = {limit: 42}'
	create_container
	local d
	d=$(v1_cgroup pids "$id")
	[ -n "$d" ] || d=$(v2_cgroup "$id")
	assert_file "$d/pids.max" 42 "pids.limit"
}

test_cpu_bandwidth_in_files_and_effect() {
	need_v1 cpu cpuacct
	new_bundle
	set_args sh -c 'while :; do :; done'
	cfg '.linux.resources.cpu = {shares: 512, quota: 20000, period: 100000}'
	create_container
	local d
	d=$(v1_cgroup cpu "$id")
	assert_file "$d/cpu.shares" 512 "cpu.shares"
	assert_file "$d/cpu.cfs_quota_us" 20000 "cpu.quota"
	assert_file "$d/cpu.cfs_period_us" 100000 "cpu.period"
	rt_ok start "$id"
	local acct before after
	acct=$(v1_cgroup cpuacct "$id")
	sleep 0.3
	before=$(cat "$acct/cpuacct.usage")
	sleep 1
	after=$(cat "$acct/cpuacct.usage")
	local used_ms=$(((after - before) / 1000000))
	[ "$used_ms" -gt 50 ] || fail "the spinning shell used only ${used_ms}ms of CPU in 1s"
	[ "$used_ms" -lt 350 ] || fail "a 20% quota let the shell use ${used_ms}ms of CPU in 1s"
	local throttled
	throttled=$(sed -n 's/^nr_throttled //p' "$d/cpu.stat")
	[ "${throttled:-0}" -gt 0 ] || fail "cpu.stat shows no throttled period"
}

test_cpuset_in_files_and_effect() {
	need_v1 cpuset
	new_bundle
	set_args sh -c 'grep Cpus_allowed_list /proc/self/status; sleep 1000'
	cfg '.linux.resources.cpu = {cpus: "0", mems: "0"}'
	create_container
	local d
	d=$(v1_cgroup cpuset "$id")
	assert_file "$d/cpuset.cpus" 0 "cpu.cpus"
	assert_file "$d/cpuset.mems" 0 "cpu.mems"
	rt_ok start "$id"
	wait_line "$ct_out" 'Cpus_allowed_list'
	assert_match "$(cat "$ct_out")" '^Cpus_allowed_list:[[:space:]]+0$'
}

test_blkio_in_files() {
	need_v1 blkio
	new_bundle
	set_args sleep 1000
	local device=
	[ -e /sys/dev/block/7:0 ] && device=7:0
	cfg '.linux.resources.blockIO = {weight: 300}'
	[ -n "$device" ] && cfg '.linux.resources.blockIO += {throttleReadBpsDevice: [{major: 7, minor: 0, rate: 1048576}],
		throttleWriteIOPSDevice: [{major: 7, minor: 0, rate: 300}]}'
	create_container
	local d
	d=$(v1_cgroup blkio "$id")
	if [ -e "$d/blkio.weight" ]; then
		assert_file "$d/blkio.weight" 300 "blockIO.weight"
	elif [ -e "$d/blkio.bfq.weight" ]; then
		assert_match "$(cat "$d/blkio.bfq.weight")" '(^| )300$'
	else
		echo "no blkio weight file (the I/O scheduler has no weights): weight not checked"
	fi
	if [ -n "$device" ]; then
		assert_line "$(cat "$d/blkio.throttle.read_bps_device")" "7:0 1048576"
		assert_line "$(cat "$d/blkio.throttle.write_iops_device")" "7:0 300"
	else
		echo "no block device 7:0: throttling not checked"
	fi
}

test_hugetlb_limit_in_file() {
	[ -d /sys/kernel/mm/hugepages/hugepages-2048kB ] || skip "this kernel has no 2MB huge pages"
	new_bundle
	set_args sleep 1000
	cfg '.linux.resources.hugepageLimits = [{pageSize: "2MB", limit: 4194304}]'
	create_container
	local d
	d=$(v1_cgroup hugetlb "$id")
	if [ -n "$d" ]; then
		assert_file "$d/hugetlb.2MB.limit_in_bytes" 4194304 "hugepageLimits[0]"
	else
		assert_file "$(v2_cgroup "$id")/hugetlb.2MB.max" 4194304 "hugepageLimits[0]"
	fi
}

# The host's /dev/loop0 (b 7:0) bound into the container; only the device rules decide.
test_device_rules_in_effect() {
	[ -b /dev/loop0 ] || skip "this host has no /dev/loop0"
	new_bundle
	add_mount /dev/loop0 bind /dev/loop0 bind
	# Subshells: a failed redirection of a special built-in ends the shell it runs in.
	set_args sh -c '(: </dev/loop0) && echo read ok; (: >/dev/loop0) && echo write ok; (: </dev/null) && echo null ok; true'
	cfg '.linux.resources.devices = [{allow: false, access: "rwm"}, {allow: true, type: "b", major: 7, minor: 0, access: "r"}]'
	ct_run
	assert_exit 0
	assert_line "$out" "read ok"
	assert_no_line "$out" "write ok"
	assert_match "$err" "loop0: Operation not permitted"
	assert_line "$out" "null ok"

	cfg '.linux.resources.devices = [{allow: false, access: "rwm"}]'
	ct_run
	assert_exit 0
	assert_no_line "$out" "read ok"
	assert_line "$out" "null ok"

	cfg '.linux.resources.devices = [{allow: false, access: "rwm"}, {allow: true, type: "b", major: 7, access: "rw"}]'
	ct_run
	assert_exit 0
	assert_line "$out" "read ok"
	assert_line "$out" "write ok"
}

test_device_rules_in_devices_list() {
	need_v1 devices
	new_bundle
	set_args sleep 1000
	cfg '.linux.resources.devices = [{allow: false, access: "rwm"}, {allow: true, type: "c", major: 1, minor: 11, access: "r"},
		{allow: true, type: "b", major: 7, access: "rw"}]'
	create_container
	local list
	list=$(cat "$(v1_cgroup devices "$id")/devices.list")
	assert_line "$list" "c 1:11 r"
	assert_line "$list" "b 7:* rw"
	assert_line "$list" "c 1:3 rwm"
	assert_no_line "$list" "a *:* rwm"
}

test_refused_cpuset_leaves_nothing() {
	need_v1 cpuset
	new_bundle
	set_args true
	cfg '.linux.resources.cpu = {cpus: "999"}'
	expect_refused 'linux\.resources\.cpu\.cpus.*999' 'cpuset\.cpus.*(out of range|invalid argument)'
}

test_refused_blkio_weight_leaves_nothing() {
	need_v1 blkio
	new_bundle
	set_args true
	cfg '.linux.resources.blockIO = {weight: 5000}'
	expect_refused 'linux\.resources\.blockIO\.weight' 'blkio.*weight'
}

test_refused_hugepage_size_leaves_nothing() {
	new_bundle
	set_args true
	cfg '.linux.resources.hugepageLimits = [{pageSize: "3MB", limit: 4194304}]'
	expect_refused 'linux\.resources\.hugepageLimits\[0\]' 'hugetlb\.3MB'
}
