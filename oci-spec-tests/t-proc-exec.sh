# t-proc-exec.sh: how the container's program is found and started: PATH lookup in the container's
# env, exit 127/126 from run, socket activation (LISTEN_FDS) and --preserve-fds, and no other fd of
# the runtime reaching the process.

# assert_exec_exit CODE: run's status when the program cannot be started. oci-run keeps the shell's
# convention (127 not found, 126 found but not executable), as crun does; runc 1.1 exits 1.
assert_exec_exit() {
	if is_runtime runc; then
		assert_exit 1
	else
		assert_exit "$1"
	fi
}

# add_tools: $T/tools mounted at /tools with a script, a non-executable file and a directory.
add_tools() {
	mkdir -p "$T/tools/a-directory"
	printf '#!/bin/sh\necho found-in-tools "$@"\n' >"$T/tools/mytool"
	chmod 0755 "$T/tools/mytool"
	printf '#!/bin/sh\necho should-not-run\n' >"$T/tools/not-executable"
	chmod 0644 "$T/tools/not-executable"
	add_bind "$T/tools" /tools
}

test_program_found_in_the_containers_path() {
	new_bundle
	add_tools
	cfg '.process.env = ["PATH=/nowhere:/tools:/bin"]'
	set_args mytool one two
	ct_run
	assert_exit 0
	assert_line "$out" "found-in-tools one two"
}

# The runtime's own PATH plays no part: a program only the host has is not found.
test_lookup_ignores_the_runtimes_path() {
	new_bundle
	cfg '.process.env = ["PATH=/bin"]'
	mkdir -p "$T/hostbin"
	printf '#!/bin/sh\necho host-tool\n' >"$T/hostbin/host-only-tool"
	chmod 0755 "$T/hostbin/host-only-tool"
	set_args host-only-tool
	PATH=$T/hostbin:$PATH ct_run
	assert_exec_exit 127
	assert_match "$err" 'host-only-tool'
	assert_no_traces "$id"
}

test_missing_program_exits_127() {
	new_bundle
	set_args no-such-program-anywhere
	ct_run
	assert_exec_exit 127
	assert_match "$err" 'no-such-program-anywhere.*(not found|no such file)'
	assert_no_traces "$id"
	set_args /bin/no-such-program
	ct_run
	assert_exec_exit 127
	assert_match "$err" '/bin/no-such-program'
	assert_no_traces "$id"
}

test_unusable_program_exits_126() {
	new_bundle
	add_tools
	set_args /tools/not-executable
	ct_run
	assert_exec_exit 126
	assert_match "$err" 'not-executable'
	assert_no_line "$out" should-not-run
	assert_no_traces "$id"
	set_args /tools/a-directory
	ct_run
	assert_exec_exit 126
	assert_match "$err" 'a-directory'
	assert_no_traces "$id"
	# found in PATH but not executable
	cfg '.process.env = ["PATH=/tools:/bin"]'
	set_args not-executable
	ct_run
	assert_exec_exit 126
	assert_no_traces "$id"
}

# activated_run LISTEN_PID_MODE FDS RUN-ARGS...: runs the runtime with LISTEN_FDS=FDS and LISTEN_PID
# set to its own pid ("self") or to another ("other"), with fds 3..6 open on files of $T/fd.
activated_run() {
	local mode=$1 fds=$2 i
	shift 2
	mkdir -p "$T/fd"
	for i in 3 4 5 6; do echo "$i" >"$T/fd/$i"; done
	new_id
	use_cgroup_path
	out_file=$T/activated.$id.out
	err_file=$T/activated.$id.err
	echo "+ LISTEN_FDS=$fds LISTEN_PID=$mode $RUNTIME_NAME run $* $id" >>"$T/commands"
	# exec keeps the pid of the shell, so LISTEN_PID=$$ names the runtime
	timeout -k 5 30 bash -c 'if [ "$1" = self ]; then LISTEN_PID=$$; else LISTEN_PID=1; fi
		export LISTEN_PID LISTEN_FDS=$2; shift 2; exec "$@"' activate "$mode" "$fds" \
		"$RUNTIME" --root "$ROOT" run "$@" --bundle "$BUNDLE" "$id" \
		3<"$T/fd/3" 4<"$T/fd/4" 5<"$T/fd/5" 6<"$T/fd/6" </dev/null >"$out_file" 2>"$err_file"
	status=$?
	out=$(cat "$out_file")
	err=$(cat "$err_file")
}

# fd_list: the fd numbers of `oci-check fds` in $out, space separated.
fd_list() {
	grep -o '^fd:[0-9]*' <<<"$out" | cut -d: -f2 | tr '\n' ' '
}

test_listen_fds_are_passed() {
	new_bundle
	cfg '.process.env = ["PATH=/bin", "A=1"]'
	set_args oci-check fds env
	activated_run self 2
	assert_exit 0
	assert_eq "$(fd_list)" "0 1 2 3 4 " "fds in the container"
	assert_line "$out" "fd:3=$T/fd/3"
	assert_line "$out" "fd:4=$T/fd/4"
	assert_line "$out" "LISTEN_FDS=2"
	assert_line "$out" "LISTEN_PID=1"
	assert_line "$out" "A=1"
}

test_listen_fds_come_before_preserved_fds() {
	new_bundle
	set_args oci-check fds env
	activated_run self 2 --preserve-fds 1
	assert_exit 0
	assert_eq "$(fd_list)" "0 1 2 3 4 5 " "fds in the container"
	assert_line "$out" "fd:5=$T/fd/5"
	assert_line "$out" "LISTEN_FDS=2"
}

# A LISTEN_FDS meant for another process (LISTEN_PID not the runtime's) is ignored, as in runc.
test_listen_fds_for_another_pid_are_ignored() {
	new_bundle
	set_args oci-check fds env
	activated_run other 2
	assert_exit 0
	assert_eq "$(fd_list)" "0 1 2 " "fds in the container"
	assert_no_line "$out" "LISTEN_FDS=2"
	assert_no_match_listen
}

assert_no_match_listen() {
	! grep -q '^LISTEN_' <<<"$out" || fail "LISTEN_ variables reached the container:"$'\n'"$out"
}

test_only_stdio_and_preserved_fds_reach_the_process() {
	new_bundle
	set_args oci-check fds
	new_id
	use_cgroup_path
	exec 3<"$TEMPLATE" 4<"$TEMPLATE" 5<"$TEMPLATE" 7<"$TEMPLATE" 9<"$TEMPLATE"
	rt run --preserve-fds 2 --bundle "$BUNDLE" "$id"
	exec 3<&- 4<&- 5<&- 7<&- 9<&-
	assert_exit 0
	assert_eq "$(fd_list)" "0 1 2 3 4 " "fds in the container"
	# what is passed is open without close-on-exec, so it survives a further exec
	assert_line "$out" "fd:3=$TEMPLATE"
	assert_line "$out" "fd:4=$TEMPLATE"
}

test_created_container_gets_no_runtime_fds() {
	new_bundle
	add_share
	set_args sh -c 'ls /proc/self/fd > /mnt/fds'
	create_container
	rt_ok start "$id"
	wait_file "$SHARE/fds"
	wait_status "$id" stopped
	# sh itself, ls's own directory fd: 0 1 2 and the one ls opened to list
	local fds
	fds=$(tr '\n' ' ' <"$SHARE/fds")
	assert_eq "$fds" "0 1 2 3 " "fds of ls in the container"
}
