# t-proc-attrs.sh: the process attributes of config.json seen from inside: rlimits, oomScoreAdj,
# noNewPrivileges, ioPriority, scheduler, umask, additionalGids, linux.personality, the time
# namespace with timeOffsets, linux.sysctl; and each bad value refused with nothing left behind.
# runc 1.1 knows neither ioPriority, scheduler, personality nor the time namespace (runc 1.2 does).

skip_on_runc() {
	is_runtime runc && skip "runc 1.1 does not implement $1"
}

check_output() {
	set_args oci-check "$@"
	ct_run
	[ "$status" -eq 0 ] || fail "run oci-check $* exited $status: $err"
}

test_rlimits_below_the_hard_limits() {
	new_bundle
	cfg '.process.rlimits = [
		{type: "RLIMIT_NOFILE", soft: 100, hard: 200},
		{type: "RLIMIT_NPROC", soft: 500, hard: 600},
		{type: "RLIMIT_CORE", soft: 0, hard: 1024},
		{type: "RLIMIT_CPU", soft: 1000, hard: 2000},
		{type: "RLIMIT_MSGQUEUE", soft: 4096, hard: 8192},
		{type: "RLIMIT_STACK", soft: 4194304, hard: 8388608}]'
	set_args sh -c 'oci-check limits; grep "^Max open files" /proc/self/limits; ulimit -n'
	ct_run
	assert_exit 0
	assert_line "$out" "rlimit:NOFILE=100:200"
	assert_line "$out" "rlimit:NPROC=500:600"
	assert_line "$out" "rlimit:CORE=0:1024"
	assert_line "$out" "rlimit:CPU=1000:2000"
	assert_line "$out" "rlimit:MSGQUEUE=4096:8192"
	assert_line "$out" "rlimit:STACK=4194304:8388608"
	assert_match "$out" '^Max open files +100 +200 +files'
	# the limits hold for the process's children too
	assert_line "$out" 100
}

# root here lacks CAP_SYS_RESOURCE: a hard limit above the inherited one is refused.
test_rlimit_above_the_hard_limit_is_refused() {
	new_bundle
	local hard
	hard=$(ulimit -Hn)
	[ "$hard" != unlimited ] || skip "the hard limit of open files is unlimited here"
	cfg '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 10, hard: ($h + 1)}]' --argjson h "$hard"
	if capsh --has-p=cap_sys_resource 2>/dev/null; then
		skip "the runtime may raise hard limits here (CAP_SYS_RESOURCE)"
	fi
	expect_refused 'process\.rlimits\[0\].*RLIMIT_NOFILE' 'rlimit|operation not permitted'
}

test_unknown_rlimit_is_refused() {
	new_bundle
	cfg '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 100, hard: 100}, {type: "RLIMIT_BOGUS", soft: 1, hard: 1}]'
	expect_refused 'process\.rlimits\[1\]\.type.*RLIMIT_BOGUS' 'RLIMIT_BOGUS'
}

test_soft_rlimit_above_hard_is_refused() {
	new_bundle
	cfg '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 300, hard: 200}]'
	expect_refused 'process\.rlimits\[0\]' 'rlimit|invalid argument'
}

test_oom_score_adj() {
	new_bundle
	cfg '.process.oomScoreAdj = 500'
	set_args sh -c 'cat /proc/self/oom_score_adj; oci-check limits'
	ct_run
	assert_exit 0
	assert_line "$out" 500
	assert_line "$out" oom_score_adj=500
	assert_eq "$(cat /proc/self/oom_score_adj)" 0 "the host's oom_score_adj"
}

# Lowering oom_score_adj below the inherited value needs CAP_SYS_RESOURCE, which root lacks here.
test_oom_score_adj_below_inherited_is_refused() {
	new_bundle
	capsh --has-p=cap_sys_resource 2>/dev/null && skip "the runtime may lower oom_score_adj here"
	cfg '.process.oomScoreAdj = -500'
	expect_refused 'process\.oomScoreAdj' 'oom_score_adj|oomScoreAdj|permission denied'
}

test_no_new_privileges() {
	new_bundle
	cfg '.process.noNewPrivileges = true'
	check_output status
	assert_line "$out" "status:NoNewPrivs=1"
	cfg '.process.noNewPrivileges = false'
	check_output status
	assert_line "$out" "status:NoNewPrivs=0"
}

test_io_priority() {
	skip_on_runc process.ioPriority
	new_bundle
	cfg '.process.ioPriority = {class: "IOPRIO_CLASS_BE", priority: 5}'
	set_args sh -c 'oci-check ioprio; ionice -p $$'
	ct_run
	assert_exit 0
	assert_line "$out" ioprio_class=IOPRIO_CLASS_BE
	assert_line "$out" ioprio_level=5
	assert_match "$out" 'best-effort.*prio 5'
	cfg '.process.ioPriority = {class: "IOPRIO_CLASS_IDLE", priority: 0}'
	check_output ioprio
	assert_line "$out" ioprio_class=IOPRIO_CLASS_IDLE
	cfg '.process.ioPriority = {class: "IOPRIO_CLASS_RT", priority: 2}'
	check_output ioprio
	assert_line "$out" ioprio_class=IOPRIO_CLASS_RT
	assert_line "$out" ioprio_level=2
}

test_bad_io_priority_is_refused() {
	skip_on_runc process.ioPriority
	new_bundle
	cfg '.process.ioPriority = {class: "IOPRIO_CLASS_FAST", priority: 1}'
	expect_refused 'process\.ioPriority\.class' x
	cfg '.process.ioPriority = {class: "IOPRIO_CLASS_BE", priority: 9}'
	expect_refused 'process\.ioPriority\.priority' x
}

test_scheduler() {
	skip_on_runc process.scheduler
	new_bundle
	cfg '.process.scheduler = {policy: "SCHED_BATCH", nice: 7}'
	set_args sh -c 'oci-check sched; sh -c "oci-check sched" | grep policy'
	ct_run
	assert_exit 0
	assert_line "$out" sched_policy=SCHED_BATCH
	assert_line "$out" sched_nice=7
	# the children of the process keep its policy
	assert_eq "$(grep -c '^sched_policy=SCHED_BATCH$' <<<"$out")" 2 "SCHED_BATCH lines"
	cfg '.process.scheduler = {policy: "SCHED_IDLE", flags: ["SCHED_FLAG_RESET_ON_FORK"]}'
	check_output sched
	assert_line "$out" sched_policy=SCHED_IDLE
	assert_line "$out" sched_reset_on_fork=1
	cfg '.process.scheduler = {policy: "SCHED_IDLE"}'
	check_output sched
	assert_line "$out" sched_reset_on_fork=0
}

test_bad_scheduler_is_refused() {
	skip_on_runc process.scheduler
	new_bundle
	cfg '.process.scheduler = {policy: "SCHED_FASTEST"}'
	expect_refused 'process\.scheduler\.policy' x
	cfg '.process.scheduler = {policy: "SCHED_OTHER", flags: ["SCHED_FLAG_NOPE"]}'
	expect_refused 'process\.scheduler\.flags' x
}

test_umask() {
	new_bundle
	add_share
	cfg '.process.user.umask = 63'
	set_args sh -c 'oci-check ids | grep umask; touch /mnt/file; mkdir /mnt/dir'
	ct_run
	assert_exit 0
	assert_line "$out" umask=0077
	assert_eq "$(stat -c %a "$SHARE/file")" 600 "mode of a file made by the container"
	assert_eq "$(stat -c %a "$SHARE/dir")" 700 "mode of a directory made by the container"
}

test_default_umask() {
	new_bundle
	cfg 'del(.process.user.umask)'
	check_output ids
	assert_line "$out" umask=0022
}

test_additional_gids_grant_access() {
	new_bundle
	add_share
	echo group-secret >"$SHARE/group-file"
	chown 0:4242 "$SHARE/group-file"
	chmod 0640 "$SHARE/group-file"
	cfg '.process.user = {uid: 1000, gid: 1000, additionalGids: [4242, 5]}'
	set_args sh -c 'id -G; cat /mnt/group-file'
	ct_run
	assert_exit 0
	assert_line "$out" group-secret
	assert_eq "$(head -n1 <<<"$out" | tr ' ' '\n' | sort -n | tr '\n' ' ')" "5 1000 4242 " "groups of the process"
	cfg '.process.user = {uid: 1000, gid: 1000}'
	set_args sh -c 'cat /mnt/group-file 2>/dev/null || echo denied'
	ct_run
	assert_exit 0
	assert_line "$out" denied
}

test_personality() {
	skip_on_runc linux.personality
	[ "$(uname -m)" = x86_64 ] || skip "the LINUX32 check expects an x86_64 host"
	new_bundle
	cfg '.linux.personality = {domain: "LINUX32"}'
	set_args sh -c 'oci-check personality; uname -m'
	ct_run
	assert_exit 0
	assert_line "$out" personality=0x8
	assert_line "$out" machine=i686
	assert_line "$out" i686
	cfg '.linux.personality = {domain: "LINUX"}'
	check_output personality
	assert_line "$out" personality=0x0
	assert_line "$out" machine=x86_64
}

test_bad_personality_is_refused() {
	skip_on_runc linux.personality
	new_bundle
	cfg '.linux.personality = {domain: "LINUX64"}'
	expect_refused 'linux\.personality\.domain' x
}

test_time_namespace_offsets() {
	skip_on_runc "the time namespace"
	[ -e /proc/self/ns/time ] || skip "no time namespaces in this kernel"
	new_bundle
	cfg '.linux.namespaces += [{type: "time"}]
		| .linux.timeOffsets = {monotonic: {secs: 31536000, nanosecs: 0}, boottime: {secs: 7200, nanosecs: 500}}'
	set_args sh -c 'oci-check clocks ns; echo uptime=$(cut -d. -f1 /proc/uptime)'
	local host
	host=$(cut -d. -f1 /proc/uptime)
	ct_run
	assert_exit 0
	local mono boot uptime
	mono=$(value_of "$out" monotonic)
	boot=$(value_of "$out" boottime)
	uptime=$(value_of "$out" uptime)
	# the host's uptime read just before, plus the offsets, give or take the run's duration (the
	# host's monotonic clock and uptime agree to the second in a machine that never slept)
	[ "$mono" -ge $((host + 31536000 - 5)) ] && [ "$mono" -le $((host + 31536000 + 60)) ] ||
		fail "monotonic in the container $mono, host uptime about $host"
	[ "$boot" -ge $((host + 7200 - 5)) ] && [ "$boot" -le $((host + 7200 + 60)) ] ||
		fail "boottime in the container $boot, host uptime about $host"
	[ "$uptime" -ge $((host + 7200 - 5)) ] && [ "$uptime" -le $((host + 7200 + 60)) ] ||
		fail "uptime in the container $uptime, host about $host"
	assert_ne "$(value_of "$out" ns:time)" "$(host_ns time)" "time namespace"
}

test_time_offsets_without_a_new_time_namespace_are_refused() {
	skip_on_runc "the time namespace"
	new_bundle
	cfg '.linux.timeOffsets = {monotonic: {secs: 10}}'
	expect_refused 'timeOffsets' x
}

test_sysctl_in_the_containers_namespaces() {
	new_bundle
	cfg '.linux.sysctl = {"kernel.shm_rmid_forced": "1", "net.ipv4.ip_forward": "1", "kernel.msgmax": "12345",
		"fs.mqueue.msg_max": "20"}'
	set_args sh -c 'cat /proc/sys/kernel/shm_rmid_forced /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/msgmax \
		/proc/sys/fs/mqueue/msg_max'
	local host_forward host_msgmax
	host_forward=$(cat /proc/sys/net/ipv4/ip_forward)
	host_msgmax=$(cat /proc/sys/kernel/msgmax)
	ct_run
	assert_exit 0
	assert_eq "$(tr '\n' ' ' <<<"$out")" "1 1 12345 20 " "sysctl values in the container"
	assert_eq "$(cat /proc/sys/net/ipv4/ip_forward)" "$host_forward" "the host's net.ipv4.ip_forward"
	assert_eq "$(cat /proc/sys/kernel/msgmax)" "$host_msgmax" "the host's kernel.msgmax"
}

test_sysctl_outside_the_containers_namespaces_is_refused() {
	new_bundle
	local before
	before=$(cat /proc/sys/vm/swappiness)
	cfg '.linux.sysctl = {"vm.swappiness": "1"}'
	expect_refused 'linux\.sysctl.*vm\.swappiness' 'vm\.swappiness'
	assert_eq "$(cat /proc/sys/vm/swappiness)" "$before" "the host's vm.swappiness"
	# a net key without a network namespace of the container's own
	new_bundle
	remove_namespace network
	cfg '.linux.sysctl = {"net.ipv4.ip_forward": "1"}'
	expect_refused 'linux\.sysctl.*net\.ipv4\.ip_forward' 'net\.ipv4\.ip_forward'
}

test_bad_sysctl_value_is_refused() {
	new_bundle
	cfg '.linux.sysctl = {"net.ipv4.ip_forward": "not-a-number"}'
	expect_refused 'linux\.sysctl\.net\.ipv4\.ip_forward' 'ip_forward|invalid argument'
	cfg '.linux.sysctl = {"net.ipv4.no_such_key": "1"}'
	expect_refused 'linux\.sysctl\.net\.ipv4\.no_such_key' 'no_such_key'
}
