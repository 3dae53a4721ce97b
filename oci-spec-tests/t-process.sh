# t-process.sh: what the container process sees of itself: pid 1, hostname, env, cwd, user, groups,
# umask, rlimits, capabilities, stdio and inherited fds.

# check_output ARGS...: runs `oci-check ARGS` in a fresh container (foreground), sets $out.
check_output() {
	set_args oci-check "$@"
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || fail "run oci-check $* exited $status: $err"
}

test_process_is_pid1_of_new_pid_namespace() {
	new_bundle
	check_output pid ns
	assert_line "$out" "pid=1"
	assert_line "$out" "ppid=0"
	assert_ne "$(value_of "$out" ns:pid)" "$(host_ns pid)" "pid namespace"
}

test_hostname_from_config() {
	new_bundle
	cfg '.hostname = "box-1.test"'
	check_output hostname
	assert_line "$out" "hostname=box-1.test"
	assert_ne "$(hostname)" box-1.test "host's hostname (changed by the container?)"
}

test_env_is_exactly_the_configured_one() {
	new_bundle
	cfg '.process.env = ["PATH=/bin:/sbin", "FOO=bar baz", "EMPTY=", "EQ=a=b"]'
	# Nothing of the runtime's own environment may reach the container.
	OCI_TEST_LEAK_MARKER=leaked check_output env
	assert_line "$out" "PATH=/bin:/sbin"
	assert_line "$out" "FOO=bar baz"
	assert_line "$out" "EMPTY="
	assert_line "$out" "EQ=a=b"
	assert_no_line "$out" "OCI_TEST_LEAK_MARKER=leaked"
	local line
	while read -r line; do
		case $line in
		PATH=* | FOO=* | EMPTY=* | EQ=* | HOME=* | TERM=* | container=*) ;;
		*) fail "unexpected variable in the container: '$line'" ;;
		esac
	done <<<"$out"
}

test_cwd_from_config() {
	new_bundle
	cfg '.process.cwd = "/home/user"'
	check_output cwd
	assert_line "$out" "cwd=/home/user"
	cfg '.process.cwd = "/tmp"'
	check_output cwd
	assert_line "$out" "cwd=/tmp"
}

test_user_ids_groups_and_umask() {
	new_bundle
	cfg '.process.user = {uid: 1000, gid: 1000, additionalGids: [10, 20], umask: 23}'
	check_output ids
	local key
	for key in uid euid suid gid egid sgid; do
		assert_line "$out" "$key=1000"
	done
	assert_line "$out" "groups=10,20"
	assert_line "$out" "umask=0027"
}

test_root_user_without_additional_gids() {
	new_bundle
	cfg '.process.user = {uid: 0, gid: 0}'
	check_output ids
	assert_line "$out" "uid=0"
	assert_line "$out" "gid=0"
	# Supplementary groups of the runtime must not leak in.
	assert_line "$out" "groups="
}

test_nobody_user() {
	new_bundle
	cfg '.process.user = {uid: 65534, gid: 65534}'
	check_output ids
	assert_line "$out" "uid=65534"
	assert_line "$out" "gid=65534"
}

test_rlimits_from_config() {
	new_bundle
	cfg '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 512, hard: 1000}, {type: "RLIMIT_CORE", soft: 0, hard: 0}]'
	check_output limits
	assert_line "$out" "rlimit:NOFILE=512:1000"
	assert_line "$out" "rlimit:CORE=0:0"
}

test_capabilities_and_no_new_privileges() {
	new_bundle
	check_output caps
	# The template grants exactly these three (ambient included, so they survive for uid 0 too).
	local set
	for set in effective permitted bounding; do
		assert_line "$out" "cap_${set}_names=kill,net_bind_service,audit_write"
	done
	assert_line "$out" "no_new_privs=1"
	cfg '.process.noNewPrivileges = false'
	check_output caps
	assert_line "$out" "no_new_privs=0"
}

test_stdio_is_passed_through() {
	new_bundle
	set_args sh -c 'echo to-stdout; echo to-stderr >&2; read line; echo "stdin:$line:$?"'
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	assert_exit 0
	assert_line "$out" "to-stdout"
	assert_no_line "$out" "to-stderr"
	assert_line "$err" "to-stderr"
	# rt gives the runtime /dev/null as stdin.
	assert_line "$out" "stdin::1"
}

test_only_stdio_fds_are_inherited() {
	new_bundle
	set_args oci-check fds
	new_id
	use_cgroup_path
	# An fd the runtime inherits without --preserve-fds must not reach the container.
	exec 7<"$TEMPLATE"
	rt run --bundle "$BUNDLE" "$id"
	exec 7<&-
	assert_exit 0
	local fds
	fds=$(grep -o '^fd:[0-9]*' <<<"$out" | tr '\n' ' ')
	assert_eq "$fds" "fd:0 fd:1 fd:2 " "fds open in the container"
}

test_preserve_fds_passes_extra_fds() {
	new_bundle
	set_args oci-check fds
	new_id
	use_cgroup_path
	exec 3<"$TEMPLATE" 4<"$TEMPLATE"
	rt run --preserve-fds 1 --bundle "$BUNDLE" "$id"
	exec 3<&- 4<&-
	assert_exit 0
	assert_line "$out" "fd:3=$TEMPLATE"
	assert_no_line "$out" "fd:4=$TEMPLATE"
}
