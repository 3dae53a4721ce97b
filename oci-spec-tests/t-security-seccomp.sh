# t-security-seccomp.sh: linux.seccomp: every action, errnoRet and defaultErrnoRet, architectures,
# flags, argument comparisons (every operator), unknown syscall names, a Docker-like default profile
# (seccomp-default.json), a filter that binds the process and not the runtime's set-up, bad values.
# sec-probe makes the syscalls and prints NAME=ok / NAME=RET / NAME=errno:N.

source "$(dirname "${BASH_SOURCE[0]}")/security-lib.sh"

# The exit status of a process killed by SIGSYS, as run reports it.
readonly KILLED_BY_SIGSYS=$((128 + 31))

# seccomp JSON: sets linux.seccomp.
seccomp() {
	cfg '.linux.seccomp = $s' --argjson s "$1"
}

# allow_but NAME ACTION [EXTRA_JSON]: default allow; NAME gets ACTION (EXTRA merged into the rule).
allow_but() {
	seccomp "$(jq -n --arg n "$1" --arg a "$2" --argjson x "${3:-{\}}" \
		'{defaultAction: "SCMP_ACT_ALLOW", syscalls: [{names: [$n], action: $a} + $x]}')"
}

probe() {
	set_args sec-probe "$@"
	ct_run
}

test_errno_action_with_and_without_errno_ret() {
	new_bundle
	add_probe
	seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 95},
		{"names": ["getpriority"], "action": "SCMP_ACT_ERRNO"}]}'
	probe call umask:18 getpriority:0:0 getppid
	assert_exit 0
	assert_line "$out" "umask=errno:95"
	# without errnoRet: EPERM
	assert_line "$out" "getpriority=errno:1"
	# everything else goes through (getppid is 0 for pid 1)
	assert_line "$out" "getppid=ok"
}

test_kill_actions_end_the_process_with_sigsys() {
	new_bundle
	add_probe
	local action
	for action in SCMP_ACT_KILL SCMP_ACT_KILL_THREAD SCMP_ACT_KILL_PROCESS SCMP_ACT_TRAP; do
		allow_but umask "$action"
		probe call getppid umask:18 getppid
		[ "$status" -eq "$KILLED_BY_SIGSYS" ] || fail "$action: exit status $status, expected $KILLED_BY_SIGSYS"
		# the call before ran, the one after never did
		assert_eq "$out" "getppid=ok" "$action: output"
	done
}

test_trace_without_tracer_fails_with_enosys() {
	new_bundle
	add_probe
	allow_but umask SCMP_ACT_TRACE '{"errnoRet": 7}'
	probe call umask:18 getppid
	assert_exit 0
	assert_line "$out" "umask=errno:38"
	assert_line "$out" "getppid=ok"
}

test_log_action_allows_and_logs() {
	new_bundle
	add_probe
	allow_but umask SCMP_ACT_LOG
	set_args sec-probe call umask:18
	dmesg >/dev/null 2>&1 || skip "dmesg cannot be read"
	# the kernel's audit record of that process: syscall 95 (umask on x86_64) with SECCOMP_RET_LOG.
	# Audit's printk is rate-limited and other tests log too (kills are logged): a few tries.
	local try pid found=false
	for try in 1 2 3 4; do
		create_container
		state_field "$id" .pid
		pid=$field
		rt_ok start "$id"
		wait_status "$id" stopped
		assert_line "$(cat "$ct_out")" "umask=18"
		rt_ok delete "$id"
		[ "$(uname -m)" = x86_64 ] || return 0
		local deadline=$((SECONDS + 2))
		while [ "$SECONDS" -le "$deadline" ]; do
			if dmesg | grep -q "audit: type=1326 .* pid=$pid comm=\"sec-probe\" .*syscall=95 .*code=0x7ffc0000"; then
				found=true
				break 2
			fi
			sleep 0.1
		done
	done
	$found || fail "no audit record of the logged umask of pid $pid in dmesg"
}

test_default_errno_ret_applies_to_unlisted_calls() {
	new_bundle
	add_probe
	# what the runtime needs after loading the filter and what a static program needs to start
	local allowed='["execve", "brk", "arch_prctl", "set_tid_address", "set_robust_list", "rseq",
		"prlimit64", "mprotect", "readlink", "readlinkat", "getrandom", "write", "exit_group", "exit",
		"fstat", "newfstatat", "uname", "ioctl", "capget", "capset", "prctl", "close", "mmap", "munmap",
		"futex", "rt_sigprocmask", "rt_sigaction", "getppid"]'
	# runc loads its filter before it opens its exec fifo, so its Go init needs more under it;
	# oci-run loads the filter right before execve
	is_runtime runc && allowed=${allowed%]}', "openat", "read", "fcntl", "getpid", "gettid", "tgkill",
		"nanosleep", "sched_yield", "epoll_pwait", "epoll_ctl", "sigaltstack", "rt_sigreturn", "clone",
		"madvise", "pipe2", "dup3", "mincore", "getdents64", "setresuid", "setresgid", "setgroups",
		"fstatfs", "statfs", "close_range", "lseek", "pread64", "openat2", "faccessat2", "access", "newfstatat"]'
	seccomp "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 61,
		\"syscalls\": [{\"names\": $allowed, \"action\": \"SCMP_ACT_ALLOW\"}]}"
	probe call getppid umask:18 getpriority:0:0
	assert_exit 0
	assert_line "$out" "getppid=ok"
	assert_line "$out" "umask=errno:61"
	assert_line "$out" "getpriority=errno:61"
}

# op_case OP VALUE VALUE_TWO MATCHING NOT_MATCHING: umask(arg0) fails with errno 11 only when the
# comparison holds.
op_case() {
	local op=$1 value=$2 value_two=$3 hit=$4 miss=$5
	seccomp "$(jq -n --arg op "$op" --argjson v "$value" --argjson v2 "$value_two" '{
		defaultAction: "SCMP_ACT_ALLOW",
		syscalls: [{names: ["umask"], action: "SCMP_ACT_ERRNO", errnoRet: 11,
			args: [{index: 0, value: $v, valueTwo: $v2, op: $op}]}]}')"
	probe call "umask:$hit" "umask:$miss"
	assert_exit 0
	assert_line "$out" "umask=errno:11"
	# the first call matched; the second did not and returned the previous mask
	[ "$(grep -c '^umask=errno:11$' <<<"$out")" -eq 1 ] || fail "$op: both calls matched: $out"
}

test_argument_operators() {
	new_bundle
	add_probe
	op_case SCMP_CMP_EQ 18 0 18 19
	op_case SCMP_CMP_NE 18 0 19 18
	op_case SCMP_CMP_LT 18 0 17 18
	op_case SCMP_CMP_LE 18 0 18 19
	op_case SCMP_CMP_GT 18 0 19 18
	op_case SCMP_CMP_GE 18 0 18 17
	# (arg & value) == valueTwo
	op_case SCMP_CMP_MASKED_EQ 16 16 18 2
}

test_arguments_of_one_rule_must_all_match() {
	new_bundle
	add_probe
	seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["getpriority"], "action": "SCMP_ACT_ERRNO", "errnoRet": 11, "args": [
			{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"},
			{"index": 1, "value": 4242, "op": "SCMP_CMP_EQ"}]}]}'
	probe call getpriority:0:4242 getpriority:0:0 getpriority:1:4242
	assert_exit 0
	assert_eq "$(grep -c '=errno:11$' <<<"$out")" 1 "calls refused (only the first matches both)"
	assert_line "$out" "getpriority=errno:11"
}

test_same_argument_twice_matches_either() {
	new_bundle
	add_probe
	# libseccomp cannot AND two comparisons of one argument; runc adds one rule each (OR)
	seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 11, "args": [
			{"index": 0, "value": 18, "op": "SCMP_CMP_EQ"},
			{"index": 0, "value": 19, "op": "SCMP_CMP_EQ"}]}]}'
	probe call umask:18 umask:19 umask:20
	assert_exit 0
	assert_eq "$(grep -c '^umask=errno:11$' <<<"$out")" 2 "calls refused"
}

test_architectures_decide_what_other_entry_points_get() {
	[ "$(uname -m)" = x86_64 ] || skip "32-bit entry point test is for x86_64"
	new_bundle
	add_probe
	# with the 32-bit architecture in the filter, its umask gets the rule too
	seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
		"syscalls": [{"names": ["umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 11}]}'
	probe call32 getpid umask:18
	[ "$status" -ne 139 ] || skip "this kernel has no 32-bit entry point"
	assert_exit 0
	assert_line "$out" "getpid32=1"
	assert_line "$out" "umask32=errno:11"
	# without it, any call from that architecture kills the process (libseccomp's bad-arch action)
	cfg '.linux.seccomp.architectures = ["SCMP_ARCH_X86_64"]'
	probe call32 getpid
	[ "$status" -eq "$KILLED_BY_SIGSYS" ] || fail "32-bit call with x86 not in the filter: exit $status"
	assert_eq "$out" "" "output of the killed process"
}

test_flags_are_accepted() {
	# runc 1.1 refuses every flag ("seccomp flags are not yet supported by runc")
	is_runtime runc && skip "runc 1.1 does not support linux.seccomp.flags"
	new_bundle
	add_probe
	local flag
	for flag in SECCOMP_FILTER_FLAG_TSYNC SECCOMP_FILTER_FLAG_LOG SECCOMP_FILTER_FLAG_SPEC_ALLOW; do
		allow_but umask SCMP_ACT_ERRNO '{"errnoRet": 11}'
		cfg '.linux.seccomp.flags = [$f]' --arg f "$flag"
		probe call umask:18
		assert_exit 0
		assert_line "$out" "umask=errno:11"
	done
}

test_flag_this_libseccomp_lacks_is_warned_about() {
	new_bundle
	add_probe
	allow_but umask SCMP_ACT_ERRNO '{"errnoRet": 11}'
	cfg '.linux.seccomp.flags = ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]'
	probe call umask:18
	if is_runtime runc; then
		# runc 1.1 does not know the flag and refuses the config
		[ "$status" -ne 0 ] || fail "runc accepted SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"
		return 0
	fi
	assert_exit 0
	assert_line "$out" "umask=errno:11"
	assert_match "$err" 'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV is not supported by this libseccomp; ignored'
}

test_unknown_syscall_names_are_skipped() {
	new_bundle
	add_probe
	seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["no_such_syscall", "umask"], "action": "SCMP_ACT_ERRNO", "errnoRet": 11}]}'
	probe call umask:18
	assert_exit 0
	assert_line "$out" "umask=errno:11"
	is_runtime runc || assert_match "$err" 'unknown syscall "no_such_syscall" skipped'
}

test_docker_like_default_profile() {
	new_bundle
	add_probe
	seccomp "$(cat "$SECURITY_TESTS_DIR/seccomp-default.json")"
	# ordinary programs work: a shell with pipes and forks, files, a listing
	set_args sh -c 'echo hello | tr a-z A-Z; mkdir /tmp/d && ls -d /tmp/d && rmdir /tmp/d; cat /etc/passwd | wc -l'
	cfg '.root.readonly = false'
	add_mount /tmp tmpfs tmpfs
	ct_run
	assert_exit 0
	assert_line "$out" "HELLO"
	assert_line "$out" "/tmp/d"
	assert_line "$out" "3"
	# what it leaves out fails with EPERM, what it answers with ENOSYS says so; clone with a
	# namespace flag (CLONE_NEWUSER) is refused by the argument rule
	probe call unshare:0x20000 mount:/tmp:/mnt:0:0x1000:0 umount2:/proc:0 setns:0:0 reboot:0:0:0 \
		swapon:/x:0 bpf:0:0:0 ptrace:0:1 keyctl:0 add_key:/a:/b:0:0:0 clone3:0:0 clone:0x10000011 getppid
	assert_exit 0
	local call
	for call in unshare mount umount2 setns reboot swapon bpf ptrace clone; do
		assert_line "$out" "$call=errno:1"
	done
	for call in keyctl add_key clone3; do
		assert_line "$out" "$call=errno:38"
	done
	assert_line "$out" "getppid=ok"
}

test_filter_binds_the_process_not_the_runtime() {
	new_bundle
	add_probe
	# the runtime itself mounts, pivots, names the host and changes ids before it loads the filter
	seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mount", "umount2", "pivot_root",
		"sethostname", "setresuid", "setresgid", "setgroups", "chdir", "unshare", "setns", "keyctl"],
		"action": "SCMP_ACT_ERRNO"}]}'
	cfg '.process.user = {uid: 1000, gid: 1000, additionalGids: [10]} | .process.cwd = "/tmp"'
	probe call chdir:/ setresuid:1000:1000:1000 getppid
	assert_exit 0
	assert_line "$out" "chdir=errno:1"
	assert_line "$out" "setresuid=errno:1"
	assert_line "$out" "getppid=ok"
}

test_bad_values_are_refused() {
	new_bundle
	seccomp '{"defaultAction": "SCMP_ACT_BOGUS"}'
	expect_refused 'linux\.seccomp\.defaultAction: unknown action "SCMP_ACT_BOGUS"' 'SCMP_ACT_BOGUS|invalid action'
	assert_exit 1
	seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["umask"], "action": "SCMP_ACT_NOPE"}]}'
	expect_refused 'linux\.seccomp\.syscalls\[0\]\.action: unknown action "SCMP_ACT_NOPE"' 'SCMP_ACT_NOPE|invalid action'
	assert_exit 1
	seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_VAX"]}'
	expect_refused 'linux\.seccomp\.architectures\[0\]: unknown architecture "SCMP_ARCH_VAX"' 'SCMP_ARCH_VAX|invalid architecture'
	assert_exit 1
	seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["umask"], "action": "SCMP_ACT_ERRNO",
		"args": [{"index": 0, "value": 1, "op": "SCMP_CMP_ALMOST"}]}]}'
	expect_refused 'linux\.seccomp\.syscalls\[0\]\.args\[0\]\.op: unknown operator "SCMP_CMP_ALMOST"' 'SCMP_CMP_ALMOST|invalid operator'
	assert_exit 1
	seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_FAST"]}'
	expect_refused 'linux\.seccomp\.flags\[0\]: unknown flag "SECCOMP_FILTER_FLAG_FAST"' 'SECCOMP_FILTER_FLAG_FAST|flag'
	assert_exit 1
}
