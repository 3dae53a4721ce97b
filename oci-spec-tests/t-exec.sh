# t-exec.sh: `exec`: a new process that joins every namespace and the cgroup of the init, its exit
# status, the flags that shape it (-e -u -g --cwd --cap --no-new-privs -d --pid-file --process
# --preserve-fds), what it must not inherit from the runtime, and signals forwarded to it.

# start_sleeper: a running container whose init sleeps; sets $id and $init_pid.
start_sleeper() {
	new_bundle
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	state_field "$id" .pid
	init_pid=$field
	[ "$init_pid" -gt 0 ] 2>/dev/null || fail "running container has pid '$init_pid'"
}

# pid_file_value FILE: the pid a --pid-file holds (digits only, no newline required).
pid_file_value() {
	local value
	value=$(cat "$1" 2>/dev/null) || fail "pid file $1 missing"
	[[ $value =~ ^[0-9]+$ ]] || fail "pid file $1 holds '$value', expected a pid"
	echo "$value"
}

test_exec_joins_every_namespace_of_the_init() {
	start_sleeper
	rt_ok exec "$id" oci-check ns
	local line kind link checked=0
	while IFS= read -r line; do
		[[ $line == ns:* ]] || continue
		kind=${line%%=*}
		kind=${kind#ns:}
		link=${line#*=}
		assert_eq "$link" "$(readlink "/proc/$init_pid/ns/$kind")" "exec'd process's $kind namespace vs the init's"
		checked=$((checked + 1))
	done <<<"$out"
	# mnt, pid, net, ipc, uts, cgroup at least (the template's), plus user/time shared with the host
	[ "$checked" -ge 6 ] || fail "only $checked namespaces reported: $out"
	# ...and not the runtime's own, where the container has its own.
	local kind
	for kind in mnt pid net ipc uts cgroup; do
		assert_ne "$(value_of "$out" "ns:$kind")" "$(host_ns "$kind")" "exec'd process's $kind namespace is the host's"
	done
}

test_exec_joins_the_cgroup_of_the_init() {
	start_sleeper
	# Inside, through the joined cgroup namespace: the same lines as the init's (pid 1 there).
	rt_ok exec "$id" sh -c 'cat /proc/self/cgroup; echo ---; cat /proc/1/cgroup'
	local own=${out%%---*} init=${out#*---}
	own=$(sed '/^$/d' <<<"$own")
	init=$(sed '/^$/d' <<<"$init")
	[ -n "$own" ] || fail "no /proc/self/cgroup output from the exec'd process"
	assert_eq "$own" "$init" "cgroups of the exec'd process vs pid 1, seen inside"

	# From the host, where the paths are absolute: a detached exec'd process in every hierarchy of the init.
	rt_ok exec -d --pid-file "$T/exec.pid" "$id" sleep 1000
	local exec_pid
	exec_pid=$(pid_file_value "$T/exec.pid")
	echo "$exec_pid" >>"$T/pids"
	assert_eq "$(cat "/proc/$exec_pid/cgroup")" "$(cat "/proc/$init_pid/cgroup")" "host view of the cgroups"
	grep -q "oci-run-test/$id" "/proc/$exec_pid/cgroup" || fail "exec'd process not in the test cgroup: $(cat "/proc/$exec_pid/cgroup")"
}

test_exec_exit_status_is_the_process_status() {
	start_sleeper
	rt exec "$id" sh -c 'echo out-line; echo err-line >&2; exit 42'
	assert_exit 42
	assert_line "$out" out-line
	assert_line "$err" err-line
	rt exec "$id" true
	assert_exit 0
	# Not pid 1 of its namespace, so its own SIGKILL ends it: 128+9.
	rt exec "$id" sh -c 'kill -KILL $$; sleep 5'
	assert_exit 137
	# The container goes on running.
	assert_status_is "$id" running
}

test_exec_missing_program_is_127() {
	start_sleeper
	rt_fails exec "$id" /bin/no-such-program
	assert_match "$err" "no-such-program"
	if is_runtime runc; then
		# runc 1.1 reports every failure to start the process as 255.
		assert_exit 255
	else
		# oci-run keeps the shell's convention, as its `run` does: 127 not found, 126 not executable.
		assert_exit 127
		assert_match "$err" "(not found|No such file)"
		rt_fails exec "$id" no-such-in-path
		assert_exit 127
		assert_match "$err" "no-such-in-path"
		rt_fails exec "$id" /etc/passwd
		assert_exit 126
	fi
	assert_status_is "$id" running
}

test_exec_into_a_stopped_container_fails() {
	new_bundle
	set_args true
	create_container
	rt_ok start "$id"
	wait_status "$id" stopped
	rt_fails exec "$id" true
	assert_match "$err" "stopped"
	rt_fails exec no-such-container-$TEST_TOKEN true
	assert_match "$err" "(not exist|not found)"
}

test_exec_into_a_paused_container() {
	"$RUNTIME" pause --help >/dev/null 2>&1 || skip "$RUNTIME_NAME has no pause command"
	new_bundle
	add_share
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	rt_ok pause "$id"
	assert_status_is "$id" paused
	rt_fails exec "$id" true
	assert_match "$err" "paused"
	# --ignore-paused: the process joins the frozen cgroup and runs once the container is resumed.
	"$RUNTIME" --root "$ROOT" exec -d --ignore-paused "$id" sh -c 'echo ran >/mnt/marker' \
		</dev/null >"$T/ignore.out" 2>"$T/ignore.err" &
	local exec_pid=$!
	echo "$exec_pid" >>"$T/pids"
	sleep 0.5
	[ ! -s "$SHARE/marker" ] || fail "a process ran in a paused container"
	rt_ok resume "$id"
	wait "$exec_pid" || fail "exec --ignore-paused exited $?: $(cat "$T/ignore.err")"
	wait_file "$SHARE/marker"
	assert_eq "$(cat "$SHARE/marker")" ran "marker of the exec'd process"
}

test_exec_env_cwd_user_and_groups() {
	start_sleeper
	rt_ok exec -e FOO=bar -e "SPACED=a b" -e PATH=/bin:/sbin "$id" oci-check env
	assert_line "$out" "FOO=bar"
	assert_line "$out" "SPACED=a b"
	assert_line "$out" "PATH=/bin:/sbin"
	# -e replaces the config's value instead of adding a second PATH
	assert_eq "$(grep -c '^PATH=' <<<"$out")" 1 "PATH entries"
	# the config's other variables stay
	assert_line "$out" "TERM=xterm"

	rt_ok exec --cwd /tmp "$id" oci-check cwd
	assert_line "$out" "cwd=/tmp"

	rt_ok exec -u 1000:1001 "$id" oci-check ids
	local key
	for key in uid euid suid; do
		assert_line "$out" "$key=1000"
	done
	for key in gid egid sgid; do
		assert_line "$out" "$key=1001"
	done

	rt_ok exec -u 1000 -g 10 -g 20 "$id" oci-check ids
	assert_line "$out" "uid=1000"
	assert_line "$out" "groups=10,20"

	# The runtime's own environment never reaches the process.
	OCI_TEST_LEAK_MARKER=leaked rt_ok exec "$id" oci-check env
	assert_no_line "$out" "OCI_TEST_LEAK_MARKER=leaked"
}

# CAP_SYS_ADMIN is bit 21: 0x200000.
test_exec_cap_adds_a_capability() {
	start_sleeper
	rt_ok exec "$id" oci-check status
	local eff=$(( 16#$(value_of "$out" status:CapEff) ))
	[ $((eff & 0x200000)) -eq 0 ] || fail "CAP_SYS_ADMIN effective without --cap: $out"

	rt_ok exec --cap CAP_SYS_ADMIN "$id" sh -c 'grep -E "^Cap(Eff|Prm|Bnd)" /proc/self/status'
	local line value
	for line in CapEff CapPrm CapBnd; do
		value=$(sed -n "s/^$line:[[:space:]]*//p" <<<"$out")
		[ -n "$value" ] || fail "no $line in: $out"
		[ $(( 16#$value & 0x200000 )) -ne 0 ] || fail "$line=$value lacks CAP_SYS_ADMIN after --cap"
		# the config's own capabilities are kept (CAP_KILL, bit 5)
		[ $(( 16#$value & 0x20 )) -ne 0 ] || fail "$line=$value lost CAP_KILL"
	done
	# An unknown name is warned about and skipped, as for process.capabilities (runc does the same).
	rt exec --cap CAP_NOT_A_THING "$id" true
	assert_exit 0
	assert_match "$err" "CAP_NOT_A_THING"
}

test_exec_no_new_privs() {
	new_bundle
	cfg '.process.noNewPrivileges = false'
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	rt_ok exec "$id" oci-check status
	assert_line "$out" "status:NoNewPrivs=0"
	rt_ok exec --no-new-privs "$id" oci-check status
	assert_line "$out" "status:NoNewPrivs=1"
}

test_exec_detach_with_pid_file() {
	start_sleeper
	add_share 2>/dev/null
	local started=$SECONDS
	rt_ok exec -d --pid-file "$T/exec.pid" "$id" sleep 1000
	[ $((SECONDS - started)) -lt 10 ] || fail "exec -d waited for the process"
	local exec_pid
	exec_pid=$(pid_file_value "$T/exec.pid")
	echo "$exec_pid" >>"$T/pids"
	[ -d "/proc/$exec_pid" ] || fail "pid $exec_pid from --pid-file does not exist"
	assert_eq "$(first_arg_of "$exec_pid")" sleep "argv[0] of the pid in --pid-file"
	assert_eq "$(readlink "/proc/$exec_pid/ns/pid")" "$(readlink "/proc/$init_pid/ns/pid")" "pid namespace of the detached process"
	# Nothing of the runtime stays behind: its parent is not an oci-run process.
	local ppid
	ppid=$(awk '/^PPid:/ {print $2}' "/proc/$exec_pid/status")
	[ "$ppid" != 0 ] && [ -e "/proc/$ppid/exe" ] &&
		[ "$(readlink "/proc/$ppid/exe")" = "$(readlink -f "$RUNTIME")" ] &&
		fail "the detached process's parent $ppid is still the runtime"
	# A relative --pid-file is taken from the caller's directory.
	(cd "$T" && rt_ok exec -d --pid-file rel.pid "$id" sleep 1000) || exit 1
	local rel_pid
	rel_pid=$(pid_file_value "$T/rel.pid")
	echo "$rel_pid" >>"$T/pids"
	assert_eq "$(first_arg_of "$rel_pid")" sleep "argv[0] of the pid in the relative --pid-file"
	# Both die with the container.
	rt_ok kill "$id" KILL
	wait_status "$id" stopped
	local tries=0
	while [ -e "/proc/$exec_pid" ] && ! grep -q '^State:.*Z' "/proc/$exec_pid/status" 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 100 ] || fail "detached exec'd process $exec_pid outlived its container's pid namespace"
		sleep 0.05
	done
}

test_exec_process_json() {
	start_sleeper
	cat >"$T/process.json" <<'JSON'
{
  "terminal": false,
  "user": { "uid": 1000, "gid": 1000, "additionalGids": [7] },
  "args": [ "oci-check", "ids", "env", "cwd", "status" ],
  "env": [ "PATH=/bin:/usr/bin", "FROM_PROCESS_JSON=yes" ],
  "cwd": "/tmp",
  "noNewPrivileges": true
}
JSON
	rt_ok exec --process "$T/process.json" "$id"
	assert_line "$out" "uid=1000"
	assert_line "$out" "gid=1000"
	assert_line "$out" "groups=7"
	assert_line "$out" "FROM_PROCESS_JSON=yes"
	# process.json replaces the config's process: its env is not merged with the config's
	assert_no_line "$out" "TERM=xterm"
	assert_line "$out" "cwd=/tmp"
	assert_line "$out" "status:NoNewPrivs=1"
	# no capabilities given: the process has none
	assert_line "$out" "status:CapEff=0000000000000000"

	echo '{"args": ' >"$T/broken.json"
	rt_fails exec --process "$T/broken.json" "$id"
	rt_fails exec --process "$T/missing.json" "$id"
	assert_match "$err" "missing.json"
}

test_exec_preserve_fds() {
	start_sleeper
	exec 3<"$TEMPLATE" 4<"$TEMPLATE"
	rt exec --preserve-fds 1 "$id" oci-check fds
	exec 3<&- 4<&-
	assert_exit 0
	assert_line "$out" "fd:3=$TEMPLATE"
	assert_no_line "$out" "fd:4=$TEMPLATE"
}

test_exec_leaks_no_runtime_fds() {
	start_sleeper
	# an fd the caller leaked to the runtime, and whatever the runtime opened itself (state dir,
	# lock, namespace fds, sync socket): none may reach the process
	exec 7<"$TEMPLATE"
	rt exec "$id" oci-check fds
	exec 7<&-
	assert_exit 0
	local fds
	fds=$(grep -o '^fd:[0-9]*' <<<"$out" | tr '\n' ' ')
	assert_eq "$fds" "fd:0 fd:1 fd:2 " "fds open in the exec'd process"
	# the same for a detached one, looked at from the host
	rt_ok exec -d --pid-file "$T/exec.pid" "$id" sleep 1000
	local exec_pid
	exec_pid=$(pid_file_value "$T/exec.pid")
	echo "$exec_pid" >>"$T/pids"
	assert_eq "$(ls "/proc/$exec_pid/fd" | sort -n | tr '\n' ' ')" "0 1 2 " "fds of the detached exec'd process"
}

# signal_script MARKER: a shell script that traps TERM and USR1, writes what it got to /mnt/MARKER,
# says it is ready in /mnt/MARKER.ready, and exits 42 on TERM.
signal_script() {
	echo "trap 'echo usr1 >>/mnt/$1' USR1; trap 'echo term >>/mnt/$1; exit 42' TERM; echo ready >/mnt/$1.ready; while :; do sleep 0.05; done"
}

# expect_forwarded PID MARKER: sends USR1 then TERM to the foreground runtime PID and checks that
# the container process saw both and that the runtime exits with its status.
expect_forwarded() {
	local pid=$1 marker=$2
	wait_file "$SHARE/$marker.ready"
	kill -USR1 "$pid"
	local tries=0
	until grep -qx usr1 "$SHARE/$marker" 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || fail "SIGUSR1 sent to the runtime never reached the container process"
		sleep 0.05
	done
	kill -TERM "$pid"
	local rc=0
	wait "$pid" || rc=$?
	assert_eq "$(cat "$SHARE/$marker")" $'usr1\nterm' "signals the container process saw"
	assert_eq "$rc" 42 "exit status of the foreground runtime after forwarding TERM"
}

test_run_forwards_signals() {
	new_bundle
	add_share
	set_args sh -c "$(signal_script run-marker)"
	new_id
	use_cgroup_path
	"$RUNTIME" --root "$ROOT" run --bundle "$BUNDLE" "$id" </dev/null >"$T/run.out" 2>"$T/run.err" &
	local pid=$!
	echo "$pid" >>"$T/pids"
	expect_forwarded "$pid" run-marker
}

test_exec_forwards_signals() {
	new_bundle
	add_share
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	"$RUNTIME" --root "$ROOT" exec "$id" sh -c "$(signal_script exec-marker)" \
		</dev/null >"$T/exec.out" 2>"$T/exec.err" &
	local pid=$!
	echo "$pid" >>"$T/pids"
	expect_forwarded "$pid" exec-marker
	assert_status_is "$id" running
}

# --preserve-fds N larger than what the caller opened: the free numbers would be taken by the
# runtime's own fds (its --log file, namespace or cgroup fds), which must never reach the container.
test_exec_preserve_fds_never_passes_runtime_fds() {
	# runc 1.1 passes whatever it has there (its cgroup dir fd, its epoll fd)
	is_runtime runc && skip "runc 1.1 passes its own fds past the caller's"
	start_sleeper
	exec 3<"$TEMPLATE"
	rt --log "$T/runtime.log" exec --preserve-fds 3 "$id" oci-check fds
	exec 3<&-
	if [ "$status" -eq 0 ]; then
		local extra
		extra=$(grep -E '^fd:([4-9]|[1-9][0-9]+)=' <<<"$out")
		[ -z "$extra" ] || fail "runtime fds reached the exec'd process: $extra"
	else
		[ -n "$err$(cat "$T/runtime.log")" ] || fail "exec failed ($status) without a message"
		assert_match "$err$(cat "$T/runtime.log")" "preserve-fds"
	fi
	# the caller's --log file at fd 3 (no fd 3 of its own)
	rt --log "$T/runtime.log" exec --preserve-fds 1 "$id" oci-check fds
	if [ "$status" -eq 0 ]; then
		assert_no_line "$out" "fd:3=$T/runtime.log"
	fi
}

# A container with its own user namespace (and, where the runtime has it, time namespace): exec
# joins those too, the user namespace first, so the process is root of the container's mapping.
test_exec_joins_user_and_time_namespaces() {
	new_bundle
	cfg '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .mounts |= map(select(.type != "cgroup" and .type != "sysfs"))'
	# runc 1.1 has no time namespace
	is_runtime runc || cfg '.linux.namespaces += [{type: "time"}]'
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	state_field "$id" .pid
	local pid=$field
	rt_ok exec "$id" sh -c 'cat /proc/self/uid_map; oci-check ids ns'
	assert_match "$out" "^ +0 +100000 +65536$"
	assert_line "$out" "uid=0"
	local kind
	for kind in user time mnt pid net; do
		[ -e "/proc/$pid/ns/$kind" ] || continue
		assert_eq "$(value_of "$out" "ns:$kind")" "$(readlink "/proc/$pid/ns/$kind")" "exec'd process's $kind namespace vs the init's"
	done
	assert_ne "$(value_of "$out" ns:user)" "$(host_ns user)" "exec'd process's user namespace is the host's"
	if ! is_runtime runc; then
		assert_ne "$(value_of "$out" ns:time)" "$(host_ns time)" "exec'd process's time namespace is the host's"
	fi
}
