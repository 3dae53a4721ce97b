# t-cgroup-update.sh: `update` changes a live container's cgroup files, from runc's flags or a
# linux.resources JSON (file or stdin), takes effect (a lowered pids limit refuses fork), treats
# zeros as "unchanged", and refuses a value the kernel refuses, naming the field.

# start_updatable: a running sleeper in a fresh container with modest limits set at create.
start_updatable() {
	new_bundle
	add_share
	set_args sh -c 'sleep 1000'
	cfg '.linux.resources = {memory: {limit: 67108864}, pids: {limit: 50}}'
	create_container
	rt_ok start "$id"
}

test_update_flags_change_files() {
	need_v1 memory cpu cpuset pids
	start_updatable
	rt_ok update --memory 256m --memory-swap 512M --memory-reservation 128m --cpu-share 512 --cpu-quota 20000 \
		--cpu-period 50000 --cpuset-cpus 0 --cpuset-mems 0 --pids-limit 33 "$id"
	local mem cpu
	mem=$(v1_cgroup memory "$id")
	cpu=$(v1_cgroup cpu "$id")
	assert_file "$mem/memory.limit_in_bytes" 268435456 "--memory 256m"
	[ -e "$mem/memory.memsw.limit_in_bytes" ] && assert_file "$mem/memory.memsw.limit_in_bytes" 536870912 "--memory-swap 512M"
	assert_file "$mem/memory.soft_limit_in_bytes" 134217728 "--memory-reservation 128m"
	assert_file "$cpu/cpu.shares" 512 "--cpu-share"
	assert_file "$cpu/cpu.cfs_quota_us" 20000 "--cpu-quota"
	assert_file "$cpu/cpu.cfs_period_us" 50000 "--cpu-period"
	assert_file "$(v1_cgroup cpuset "$id")/cpuset.cpus" 0 "--cpuset-cpus"
	assert_file "$(v1_cgroup cpuset "$id")/cpuset.mems" 0 "--cpuset-mems"
	assert_file "$(v1_cgroup pids "$id")/pids.max" 33 "--pids-limit"
	assert_status_is "$id" running
}

test_update_blkio_weight_flag() {
	need_v1 blkio
	start_updatable
	local d
	d=$(v1_cgroup blkio "$id")
	[ -e "$d/blkio.weight" ] || [ -e "$d/blkio.bfq.weight" ] || skip "the I/O scheduler here has no blkio weights"
	rt_ok update --blkio-weight 300 "$id"
	if [ -e "$d/blkio.weight" ]; then
		assert_file "$d/blkio.weight" 300 "--blkio-weight"
	else
		assert_match "$(cat "$d/blkio.bfq.weight")" '(^| )300$'
	fi
}

test_update_memory_unlimited() {
	need_v1 memory
	start_updatable
	rt_ok update --memory 100m --memory-swap 200m "$id"
	# -1 without --memory-swap lifts swap too; v1 would refuse the limit above memsw otherwise
	rt_ok update --memory -1 "$id"
	local d
	d=$(v1_cgroup memory "$id")
	assert_file "$d/memory.limit_in_bytes" "$(cat "$(dirname "$(dirname "$d")")/memory.limit_in_bytes")" "--memory -1"
	[ -e "$d/memory.memsw.limit_in_bytes" ] &&
		assert_file "$d/memory.memsw.limit_in_bytes" "$(cat "$(dirname "$(dirname "$d")")/memory.memsw.limit_in_bytes")" "swap after --memory -1"
	true
}

test_update_resources_file_and_stdin() {
	need_v1 memory pids cpu
	start_updatable
	cat >"$T/resources.json" <<-'EOF'
		{"memory": {"limit": 134217728}, "pids": {"limit": 77}, "cpu": {"shares": 300}}
	EOF
	rt_ok update --resources "$T/resources.json" "$id"
	assert_file "$(v1_cgroup memory "$id")/memory.limit_in_bytes" 134217728 "memory.limit from --resources FILE"
	assert_file "$(v1_cgroup pids "$id")/pids.max" 77 "pids.limit from --resources FILE"
	assert_file "$(v1_cgroup cpu "$id")/cpu.shares" 300 "cpu.shares from --resources FILE"

	# "-" reads stdin; the flags are ignored then, as runc documents
	echo '{"pids": {"limit": 88}}' >"$T/stdin.json"
	"$RUNTIME" --root "$ROOT" update -r - --pids-limit 99 "$id" <"$T/stdin.json" >"$T/stdin.out" 2>"$T/stdin.err" ||
		fail "update -r - exited $?: $(cat "$T/stdin.err")"
	assert_file "$(v1_cgroup pids "$id")/pids.max" 88 "pids.limit from --resources -"
}

test_update_zeros_change_nothing() {
	need_v1 memory cpu pids
	start_updatable
	local mem
	mem=$(v1_cgroup memory "$id")
	# runc's documented template: every value 0 or "" means "leave it"
	cat >"$T/zeros.json" <<-'EOF'
		{"memory": {"limit": 0, "reservation": 0, "swap": 0},
		 "cpu": {"shares": 0, "quota": 0, "period": 0, "realtimeRuntime": 0, "realtimePeriod": 0, "cpus": "", "mems": ""},
		 "blockIO": {"weight": 0}, "pids": {"limit": 0}}
	EOF
	local shares
	shares=$(cat "$(v1_cgroup cpu "$id")/cpu.shares")
	rt_ok update --resources "$T/zeros.json" "$id"
	assert_file "$mem/memory.limit_in_bytes" 67108864 "memory.limit after an all-zero update"
	assert_file "$(v1_cgroup pids "$id")/pids.max" 50 "pids.limit after an all-zero update"
	assert_file "$(v1_cgroup cpu "$id")/cpu.shares" "$shares" "cpu.shares after an all-zero update"
}

test_update_pids_limit_takes_effect() {
	new_bundle
	add_share
	make_gate gate
	set_args sh -c 'read x </mnt/gate; for i in 1 2 3 4 5 6; do sleep 1000 & echo forked $i; done; echo done; sleep 1000'
	cfg '.linux.resources.pids = {limit: 100}'
	create_container
	rt_ok start "$id"
	rt_ok update --pids-limit 3 "$id"
	local d
	d=$(v1_cgroup pids "$id")
	[ -n "$d" ] || d=$(v2_cgroup "$id")
	assert_file "$d/pids.max" 3 "pids.max after update"
	release_gate gate
	wait_line "$ct_err" "fork"
	local printed
	printed=$(cat "$ct_out")
	assert_line "$printed" "forked 2"
	assert_no_line "$printed" "forked 3"
}

test_update_refused_value_names_the_field() {
	need_v1 cpuset
	start_updatable
	local before
	before=$(cat "$(v1_cgroup cpuset "$id")/cpuset.cpus")
	rt_fails update --cpuset-cpus 999 "$id"
	if is_runtime runc; then
		assert_match "$err" 'cpuset\.cpus.*(out of range|invalid argument)'
	else
		assert_match "$err" 'linux\.resources\.cpu\.cpus: write 999 to .*cpuset\.cpus: Numerical result out of range'
	fi
	assert_file "$(v1_cgroup cpuset "$id")/cpuset.cpus" "$before" "cpuset.cpus after a refused update"
	assert_status_is "$id" running
}

test_update_bad_input() {
	start_updatable
	rt_fails update --memory 12q "$id"
	assert_match "$err" "invalid value for (--)?memory"
	echo '{"memory": {"limit": "1g"}}' >"$T/bad.json"
	rt_fails update --resources "$T/bad.json" "$id"
	is_runtime runc || assert_match "$err" 'linux\.resources\.memory\.limit: expected an integer'
	rt_fails update --resources "$T/no-such-file.json" "$id"
	rt_fails update --memory 1g "no-such-container-$TEST_TOKEN"
}

test_update_stopped_container_fails() {
	new_bundle
	set_args true
	create_container
	rt_ok start "$id"
	wait_status "$id" stopped
	rt_fails update --pids-limit 10 "$id"
	assert_match "$err" "container not running"
}

test_update_created_container() {
	need_v1 pids
	new_bundle
	set_args true
	create_container
	rt_ok update --pids-limit 21 "$id"
	assert_file "$(v1_cgroup pids "$id")/pids.max" 21 "pids.max of a created container"
	assert_status_is "$id" created
}
