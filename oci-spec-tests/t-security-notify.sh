# t-security-notify.sh: SCMP_ACT_NOTIFY with linux.seccomp.listenerPath: the runtime hands the notify fd
# and the container process state to a seccomp agent (seccomp-agent), which then answers the
# intercepted calls: mkdir of one path "succeeds" without a directory being made, of another fails with
# the errno the agent picks, any other goes on as usual. For the container's process and for exec.

source "$(dirname "${BASH_SOURCE[0]}")/security-lib.sh"

# start_agent RULE...: a seccomp-agent at $AGENT_SOCKET writing into $AGENT_OUT.
start_agent() {
	find_helper seccomp-agent
	AGENT_SOCKET=$T/agent.sock
	AGENT_OUT=$T/agent
	mkdir -p "$AGENT_OUT"
	"$helper" "$AGENT_SOCKET" "$AGENT_OUT" "$@" </dev/null >"$T/agent.log" 2>&1 &
	echo $! >>"$T/pids"
	wait_file "$AGENT_OUT/ready"
}

# notify_bundle: mkdir and mkdirat go to the agent; /tmp is a writable tmpfs.
notify_bundle() {
	new_bundle
	add_probe
	add_mount /tmp tmpfs tmpfs
	cfg '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW", listenerPath: $p, listenerMetadata: "test-metadata",
		syscalls: [{names: ["mkdir", "mkdirat"], action: "SCMP_ACT_NOTIFY"}]}' --arg p "$AGENT_SOCKET"
}

readonly MKDIR_SCRIPT='mkdir /tmp/fake && echo fake-made; [ -d /tmp/fake ] || echo fake-absent
mkdir /tmp/denied 2>/dev/null || echo denied-failed
mkdir /tmp/real && [ -d /tmp/real ] && echo real-made'

# assert_agent_answered OUTPUT: the three mkdirs were answered as the rules say.
assert_agent_answered() {
	assert_line "$1" "fake-made"
	assert_line "$1" "fake-absent"
	assert_line "$1" "denied-failed"
	assert_line "$1" "real-made"
	local calls
	calls=$(sed 's/^mkdirat /mkdir /' "$AGENT_OUT/calls")
	assert_line "$calls" "mkdir /tmp/fake ok"
	assert_line "$calls" "mkdir /tmp/denied errno=28"
	assert_line "$calls" "mkdir /tmp/real continue"
}

test_agent_answers_the_container_process() {
	start_agent /tmp/fake=ok /tmp/denied=28
	notify_bundle
	set_args sh -c "$MKDIR_SCRIPT"
	create_container
	state_field "$id" .pid
	local init_pid=$field
	rt_ok start "$id"
	wait_status "$id" stopped
	assert_agent_answered "$(cat "$ct_out")"
	assert_eq "$(cat "$AGENT_OUT/fds.1")" 1 "fds sent with the state"
	local msg=$AGENT_OUT/state.1.json
	jq -e . "$msg" >/dev/null || fail "the agent got no JSON: $(cat "$msg")"
	assert_eq "$(jq -c .fds "$msg")" '["seccompFd"]' "fds"
	assert_eq "$(jq -r .metadata "$msg")" "test-metadata" "metadata"
	assert_eq "$(jq -r .pid "$msg")" "$init_pid" "pid"
	assert_eq "$(jq -r .state.pid "$msg")" "$init_pid" "state.pid"
	assert_eq "$(jq -r .state.id "$msg")" "$id" "state.id"
	assert_eq "$(jq -r .state.status "$msg")" "creating" "state.status (as runc sends it)"
	assert_eq "$(jq -r .state.bundle "$msg")" "$BUNDLE" "state.bundle"
	assert_ne "$(jq -r .ociVersion "$msg")" "null" "ociVersion"
	rt_ok delete "$id"
	assert_no_traces "$id"
}

test_agent_answers_an_exec_process() {
	start_agent /tmp/fake=ok /tmp/denied=28
	notify_bundle
	set_args sleep 1000
	create_container
	rt_ok start "$id"
	state_field "$id" .pid
	local init_pid=$field
	rt exec "$id" sh -c "$MKDIR_SCRIPT"
	assert_exit 0
	assert_agent_answered "$out"
	# connection 1 was the container's process, 2 the exec'd one
	local msg=$AGENT_OUT/state.2.json
	jq -e . "$msg" >/dev/null || fail "the agent got nothing for exec: $(ls "$AGENT_OUT")"
	assert_eq "$(cat "$AGENT_OUT/fds.2")" 1 "fds sent for exec"
	assert_eq "$(jq -r .state.id "$msg")" "$id" "state.id"
	assert_eq "$(jq -r .metadata "$msg")" "test-metadata" "metadata"
	local exec_pid
	exec_pid=$(jq -r .pid "$msg")
	[ "$exec_pid" -gt 0 ] && [ "$exec_pid" != "$init_pid" ] || fail "pid of the exec'd process: $exec_pid"
	rt_ok delete --force "$id"
	assert_no_traces "$id"
}

test_unreachable_listener_fails_create() {
	new_bundle
	AGENT_SOCKET=$T/nobody-listens.sock
	notify_bundle
	expect_refused 'linux\.seccomp\.listenerPath: connect to .*nobody-listens\.sock' 'nobody-listens\.sock|listener'
}

test_notify_without_listener_path_is_refused() {
	new_bundle
	cfg '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW", syscalls: [{names: ["mkdir"], action: "SCMP_ACT_NOTIFY"}]}'
	expect_refused 'SCMP_ACT_NOTIFY needs listenerPath' 'listenerPath|notify'
}
