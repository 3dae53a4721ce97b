# t-hooks.sh: config.json hooks: every kind runs, in lifecycle order, in the namespace the spec
# names, with the state JSON on stdin and its own args and env; timeouts; what a failing hook does
# to create, start and delete.
#
# Hooks are shell scripts run by /bin/sh with `sh -c SCRIPT arg0 arg1`. Each records into a
# directory (the share, seen as $SHARE on the host and /mnt in the container) what it saw.

# record_hook KIND DIR: a hook object for KIND that records its stdin, its order, its env, its args
# and its mount namespace under DIR.
record_hook() {
	local kind=$1 dir=$2
	jq -n --arg kind "$kind" --arg dir "$dir" '{
		path: "/bin/sh",
		args: ["sh", "-c", "cat >\($dir)/\($kind).json; echo \($kind) >>\($dir)/order; env >\($dir)/\($kind).env; echo \"$0|$1|$2\" >\($dir)/\($kind).args; readlink /proc/self/ns/mnt >\($dir)/\($kind).mnt", "arg0", "arg-one", "arg two"],
		env: ["HOOK_KIND=\($kind)", "HOOK_SPACED=a b"]
	}'
}

# script_hook SCRIPT [TIMEOUT]: a hook running `sh -c SCRIPT`.
script_hook() {
	if [ -n "${2:-}" ]; then
		jq -n --arg s "$1" --argjson t "$2" '{path: "/bin/sh", args: ["sh", "-c", $s], timeout: $t}'
	else
		jq -n --arg s "$1" '{path: "/bin/sh", args: ["sh", "-c", $s]}'
	fi
}

# add_hook KIND HOOK_JSON: appends a hook to hooks.KIND.
add_hook() {
	cfg '.hooks[$k] += [$h]' --arg k "$1" --argjson h "$2"
}

# order_lines: the hook kinds in the order file, one per line.
order_lines() {
	cat "$SHARE/order" 2>/dev/null
}

# wait_order_has KIND: polls until KIND is in the order file.
wait_order_has() {
	local tries=0
	until grep -qx "$1" "$SHARE/order" 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || fail "hook $1 did not run (order so far: $(order_lines | tr '\n' ' '))"
		sleep 0.05
	done
}

# check_hook_state KIND STATUS PID: the state JSON KIND read on stdin.
check_hook_state() {
	local kind=$1 want_status=$2 want_pid=$3 json
	json=$(cat "$SHARE/$kind.json") || fail "no state JSON from the $kind hook"
	jq -e . >/dev/null 2>&1 <<<"$json" || fail "$kind hook read invalid JSON: $json"
	assert_eq "$(jq -r .id <<<"$json")" "$id" "$kind hook: state id"
	assert_eq "$(jq -r .bundle <<<"$json")" "$BUNDLE" "$kind hook: state bundle"
	assert_eq "$(jq -r .status <<<"$json")" "$want_status" "$kind hook: state status"
	[ -n "$(jq -r .ociVersion <<<"$json")" ] || fail "$kind hook: no ociVersion in $json"
	if [ -n "$want_pid" ]; then
		assert_eq "$(jq -r .pid <<<"$json")" "$want_pid" "$kind hook: state pid"
	fi
}

test_every_hook_runs_in_order_with_state_args_and_env() {
	new_bundle
	add_share
	make_gate gate
	local kind
	for kind in prestart createRuntime createContainer poststart poststop; do
		add_hook "$kind" "$(record_hook "$kind" "$SHARE")"
	done
	# startContainer runs in the container after pivot_root: its path and files are the container's
	add_hook startContainer "$(record_hook startContainer /mnt)"
	set_args sh -c 'echo process >>/mnt/order; read x </mnt/gate'
	new_id
	use_cgroup_path
	OCI_TEST_LEAK_MARKER=leaked rt_ok create --bundle "$BUNDLE" "$id"
	# create returns after the hooks of creation, and no other (runc 1.1 runs poststart in create)
	local created_order="prestart createRuntime createContainer "
	is_runtime runc && created_order+="poststart "
	assert_eq "$(order_lines | tr '\n' ' ')" "$created_order" "hooks run by create"
	state_field "$id" .pid
	local pid=$field
	local container_mnt
	container_mnt=$(readlink "/proc/$pid/ns/mnt")

	rt_ok start "$id"
	wait_order_has startContainer
	wait_order_has poststart
	wait_order_has process
	release_gate gate
	wait_status "$id" stopped
	rt_ok delete "$id"
	assert_no_traces "$id"

	local order
	order=$(order_lines | grep -v '^process$' | tr '\n' ' ')
	if is_runtime runc; then
		# runc 1.1 runs poststart at the end of create, before start releases the init.
		order=${order/poststart startContainer/startContainer poststart}
	fi
	assert_eq "$order" "prestart createRuntime createContainer startContainer poststart poststop " "hook order"
	# the user process starts after startContainer
	local process_line start_line
	process_line=$(grep -nx process "$SHARE/order" | cut -d: -f1)
	start_line=$(grep -nx startContainer "$SHARE/order" | cut -d: -f1)
	[ "$process_line" -gt "$start_line" ] || fail "the process ran before the startContainer hook: $(order_lines | tr '\n' ' ')"

	# what each one read on stdin
	check_hook_state prestart creating "$pid"
	check_hook_state createRuntime creating "$pid"
	if is_runtime runc; then
		# runc 1.1 gives hooks run inside the container the pid as the container sees it (1), and
		# poststart the status "created".
		check_hook_state createContainer creating 1
		check_hook_state startContainer created 1
		check_hook_state poststart created "$pid"
	else
		check_hook_state createContainer creating "$pid"
		check_hook_state startContainer created "$pid"
		check_hook_state poststart running "$pid"
	fi
	check_hook_state poststop stopped ""

	for kind in prestart createRuntime createContainer startContainer poststart poststop; do
		# args exactly as configured ($0 is args[3] for sh -c)
		assert_eq "$(cat "$SHARE/$kind.args")" "arg0|arg-one|arg two" "$kind hook: args"
		local env
		env=$(cat "$SHARE/$kind.env")
		assert_line "$env" "HOOK_KIND=$kind"
		assert_line "$env" "HOOK_SPACED=a b"
		# the runtime's own environment does not reach hooks
		assert_no_line "$env" "OCI_TEST_LEAK_MARKER=leaked"
	done

	# in which mount namespace each ran: the runtime's, or the container's
	for kind in prestart createRuntime poststart poststop; do
		assert_eq "$(cat "$SHARE/$kind.mnt")" "$(host_ns mnt)" "$kind hook: mount namespace (the runtime's)"
	done
	for kind in createContainer startContainer; do
		assert_eq "$(cat "$SHARE/$kind.mnt")" "$container_mnt" "$kind hook: mount namespace (the container's)"
	done
}

test_hooks_of_one_kind_run_in_array_order() {
	new_bundle
	add_share
	local n
	for n in 1 2 3; do
		add_hook prestart "$(script_hook "echo prestart-$n >>$SHARE/order")"
	done
	set_args true
	new_id
	use_cgroup_path
	rt_ok run --bundle "$BUNDLE" "$id"
	assert_eq "$(order_lines | tr '\n' ' ')" "prestart-1 prestart-2 prestart-3 " "order of the prestart hooks"
}

test_hook_timeout_is_enforced() {
	new_bundle
	add_share
	add_hook createRuntime "$(script_hook "echo \$\$ >$SHARE/timeout-hook; exec sleep 60" 1)"
	tagged_sleep_args "$TEST_TOKEN"
	new_id
	use_cgroup_path
	local started=$SECONDS
	rt_fails create --bundle "$BUNDLE" "$id"
	local took=$((SECONDS - started))
	[ -s "$SHARE/timeout-hook" ] || fail "the hook never ran"
	[ "$took" -lt 15 ] || fail "create took ${took}s with a hook whose timeout is 1s"
	assert_match "$err" "(timed out|timeout|deadline|killed)"
	assert_no_traces "$id"
	# the hook itself was killed, not left running
	local hook_pid
	hook_pid=$(cat "$SHARE/timeout-hook")
	if [ -e "/proc/$hook_pid" ] && ! grep -q '^State:.*Z' "/proc/$hook_pid/status" 2>/dev/null &&
		[ "$(first_arg_of "$hook_pid")" = sleep ]; then
		fail "the timed-out hook (pid $hook_pid) still runs"
	fi
}

# A failing hook of creation fails create with exit status 1, names the hook and its status, and
# leaves no state dir, cgroup or process behind; no later hook of the lifecycle runs.
test_failing_creation_hooks_fail_create() {
	local kind
	for kind in prestart createRuntime createContainer; do
		new_bundle
		add_share
		add_hook "$kind" "$(script_hook "echo hook-said-this >&2; exit 3")"
		add_hook startContainer "$(script_hook "echo startContainer >>/mnt/after-failure")"
		add_hook poststart "$(script_hook "echo poststart >>$SHARE/after-failure")"
		tagged_sleep_args "$TEST_TOKEN"
		new_id
		use_cgroup_path
		rt_fails create --bundle "$BUNDLE" "$id"
		assert_exit 1
		assert_match "$err" "exit status 3"
		if ! is_runtime runc; then
			# runc does not say which hook failed, nor what it printed
			assert_match "$err" "$kind"
			assert_match "$err" "hook-said-this"
		fi
		assert_no_traces "$id"
		rt_fails state "$id"
		[ ! -e "$SHARE/after-failure" ] || fail "$(cat "$SHARE/after-failure") ran after a failed $kind hook"
	done
}

# startContainer and poststart fail `start`; the container is then destroyed (runtime-spec 1.3:
# "stop the container", and oci-run deletes it as a failed create would).
check_failing_start_hook() {
	local kind=$1
	# runc 1.1 runs poststart hooks in create and does not fail start for a startContainer hook.
	is_runtime runc && skip "runc 1.1 runs poststart in create and ignores startContainer failures"
	new_bundle
	add_share
	add_hook "$kind" "$(script_hook "echo hook-said-this >&2; exit 4")"
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	state_field "$id" .pid
	local pid=$field
	rt_fails start "$id"
	assert_match "$err" "exit status 4"
	assert_match "$err" "$kind"
	assert_match "$err" "hook-said-this"
	rt_fails state "$id"
	assert_no_traces "$id" "$pid"
}

test_failing_start_container_hook_fails_start() {
	check_failing_start_hook startContainer
}

test_failing_poststart_hook_fails_start() {
	check_failing_start_hook poststart
}

# runtime-spec 1.3 (runtime.md, lifecycle steps 3-9): when a prestart, createRuntime,
# createContainer, startContainer or poststart hook fails, the runtime stops the container and
# "continues the lifecycle at step 12": the container is destroyed, then (step 13) the poststop hooks run.
test_poststop_hooks_run_when_a_failed_hook_destroys_the_container() {
	local kind missing=""
	for kind in prestart createRuntime createContainer startContainer poststart; do
		new_bundle
		add_share
		rm -f "$SHARE/poststop-ran"
		add_hook "$kind" "$(script_hook "exit 3")"
		add_hook poststop "$(script_hook "echo poststop >>$SHARE/poststop-ran")"
		tagged_sleep_args "$TEST_TOKEN"
		new_id
		use_cgroup_path
		case $kind in
		startContainer | poststart)
			# runc 1.1 runs poststart in create and ignores a failing startContainer hook
			is_runtime runc && continue
			rt_ok create --bundle "$BUNDLE" "$id"
			rt_fails start "$id"
			;;
		*) rt_fails create --bundle "$BUNDLE" "$id" ;;
		esac
		assert_no_traces "$id"
		local ran
		ran=$(cat "$SHARE/poststop-ran" 2>/dev/null)
		if is_runtime runc; then
			# runc 1.1 may run them twice (its create cleanup and its destroy both do)
			[ -n "$ran" ] || fail "poststop hooks did not run after a failed $kind hook"
		elif [ "$ran" != poststop ]; then
			missing+=" $kind(ran: '${ran//$'\n'/,}')"
		fi
	done
	# each failed hook must be followed by exactly one run of the poststop hooks
	[ -z "$missing" ] || fail "poststop hooks not run exactly once after a failed hook of:$missing"
}

test_failing_poststop_hook_is_a_warning() {
	new_bundle
	add_share
	add_hook poststop "$(script_hook "echo first >>$SHARE/poststop; echo hook-said-this >&2; exit 5")"
	add_hook poststop "$(script_hook "echo second >>$SHARE/poststop")"
	add_hook poststop "$(script_hook "echo third >>$SHARE/poststop; exit 6")"
	set_args true
	create_container
	rt_ok start "$id"
	wait_status "$id" stopped
	rt delete "$id"
	assert_exit 0
	assert_no_traces "$id"
	if is_runtime runc; then
		# runc 1.1 logs the first failure and runs no further poststop hook
		assert_eq "$(cat "$SHARE/poststop")" first "poststop hooks that ran"
		assert_match "$err" "exit status 5"
		return 0
	fi
	assert_eq "$(cat "$SHARE/poststop")" $'first\nsecond\nthird' "poststop hooks that ran"
	assert_match "$err" "poststop"
	assert_match "$err" "exit status 5"
	assert_match "$err" "hook-said-this"
	assert_match "$err" "exit status 6"
}

test_hook_that_ignores_stdin_is_fine() {
	new_bundle
	add_share
	# exits at once without reading a byte of the state: the runtime must not die of SIGPIPE
	add_hook createRuntime "$(script_hook "exec 0<&-; echo ok >$SHARE/ignored")"
	add_hook poststart "$(script_hook "exit 0")"
	set_args true
	new_id
	use_cgroup_path
	rt_ok run --bundle "$BUNDLE" "$id"
	[ -s "$SHARE/ignored" ] || fail "the hook did not run"
}
