# t-tty.sh: process.terminal (a pty handed to --console-socket, or proxied by a foreground run/exec),
# consoleSize, the pty as controlling terminal, and stdio passed through as-is without a terminal.

# find_recvtty: sets $RECVTTY to the console-socket receiver built next to oci-check.
find_recvtty() {
	local candidate
	for candidate in "${OCI_RECVTTY:-}" "${OCI_CHECK:+$(dirname "$OCI_CHECK")/recvtty}" \
		"$(dirname "$(dirname "$RUNTIME")")/oci-spec-tests/recvtty" \
		"$(dirname "${BASH_SOURCE[0]}")/../build/oci-spec-tests/recvtty"; do
		if [ -n "$candidate" ] && [ -x "$candidate" ]; then
			RECVTTY=$candidate
			return 0
		fi
	done
	fail "recvtty not found (build with meson, or set OCI_RECVTTY)"
}

# start_recvtty NAME [recvtty options...]: a receiver listening on $T/NAME.sock in the background;
# its stdout (what the pty printed) goes to $T/NAME.out, its stderr to $T/NAME.err. Sets $SOCK
# and $recvtty_pid; returns once it listens.
start_recvtty() {
	local name=$1
	shift
	find_recvtty
	SOCK=$T/$name.sock
	rm -f "$T/$name.ready"
	"$RECVTTY" -r "$T/$name.ready" -t 30 "$@" "$SOCK" >"$T/$name.out" 2>"$T/$name.err" &
	recvtty_pid=$!
	echo "$recvtty_pid" >>"$T/pids"
	wait_file "$T/$name.ready"
}

# wait_recvtty NAME: waits for the receiver to finish (the pty's last user closed it); sets
# $tty_out to what the pty printed, carriage returns removed, and $tty_meta to its report.
wait_recvtty() {
	local rc=0
	wait "$recvtty_pid" || rc=$?
	tty_meta=$(cat "$T/$1.err")
	tty_out=$(tr -d '\r' <"$T/$1.out")
	[ "$rc" -eq 0 ] || fail "recvtty exited $rc: $tty_meta"$'\n'"pty output: $tty_out"
}

# A script for the container's shell, on its terminal: reads a line the receiver types, then
# reports the tty, its size and the controlling terminal facts from /proc/self/stat (fields 5-8:
# pgrp, session, tty_nr, tpgid of the shell itself: `read` is a builtin).
readonly TTY_PROBE='read line; echo "got:$line"; echo "tty=$(tty)"; echo "size=$(stty size)"
read -r pid comm state ppid pgrp sid tty_nr tpgid rest </proc/self/stat
echo "pid=$pid sid=$sid pgrp=$pgrp tpgid=$tpgid tty_nr=$tty_nr"
echo "rdev=$(stat -c %t:%T "$(tty)")"
if : </dev/tty; then echo ctty=yes; else echo ctty=no; fi
exit 3'

# check_tty_probe: the facts TTY_PROBE printed ($tty_out) for a process that must own its pty.
check_tty_probe() {
	assert_line "$tty_out" "got:typed-input"
	local tty_path
	tty_path=$(sed -n 's/^tty=//p' <<<"$tty_out")
	[[ $tty_path == /dev/pts/* ]] || fail "tty inside is '$tty_path', expected /dev/pts/N:"$'\n'"$tty_out"
	assert_line "$tty_out" "ctty=yes"
	local facts pid sid pgrp tpgid tty_nr rdev major minor
	facts=$(grep '^pid=' <<<"$tty_out") || fail "no /proc/self/stat facts in: $tty_out"
	eval "$facts"
	# It leads its own session, whose foreground group it is, on this very pty.
	assert_eq "$sid" "$pid" "session of the process"
	assert_eq "$tpgid" "$pgrp" "foreground process group of its controlling terminal"
	rdev=$(sed -n 's/^rdev=//p' <<<"$tty_out")
	major=$((16#${rdev%%:*}))
	minor=$((16#${rdev#*:}))
	assert_eq "$tty_nr" "$(((major << 8) | (minor & 0xff) | ((minor & ~0xff) << 12)))" "controlling terminal (tty_nr) vs the stdio pty's rdev"
}

test_console_socket_create_start() {
	new_bundle
	cfg '.process.terminal = true | .process.consoleSize = {height: 33, width: 101}'
	set_args sh -c "$TTY_PROBE"
	start_recvtty console -i $'typed-input\n'
	create_container --console-socket "$SOCK"
	# The master goes to the socket during create: the receiver has it before start.
	local tries=0
	until grep -q '^name=' "$T/console.err" 2>/dev/null; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || fail "no pty master received during create"
		sleep 0.02
	done
	assert_status_is "$id" created
	rt_ok start "$id"
	wait_recvtty console
	# The message that carries the fd holds the name runc sends.
	assert_line "$tty_meta" "name=/dev/ptmx"
	assert_line "$tty_meta" "is_pty=1"
	assert_line "$tty_meta" "winsize=33x101"
	assert_line "$tty_out" "size=33 101"
	check_tty_probe
	wait_status "$id" stopped
	rt_ok delete "$id"
	assert_no_traces "$id"
}

test_console_socket_relative_path() {
	# runc dials a relative --console-socket after moving into the bundle directory; oci-run takes
	# it, like every other path flag, from the caller's directory.
	is_runtime runc && skip "runc resolves a relative --console-socket in the bundle"
	new_bundle
	cfg '.process.terminal = true'
	set_args sh -c 'echo relative-ok'
	start_recvtty rel
	new_id
	use_cgroup_path
	(cd "$T" && rt_ok create --bundle "$BUNDLE" --console-socket rel.sock "$id") || exit 1
	rt_ok start "$id"
	wait_recvtty rel
	assert_line "$tty_out" relative-ok
}

test_terminal_without_console_socket_fails_cleanly() {
	new_bundle
	cfg '.process.terminal = true'
	set_args sh -c 'sleep 1000; true' "$TEST_TOKEN"
	new_id
	use_cgroup_path
	rt_fails create --bundle "$BUNDLE" "$id"
	assert_match "$err" "console"
	assert_no_traces "$id"
	# the same with run --detach, which cannot proxy either
	new_id
	use_cgroup_path
	rt_fails run -d --bundle "$BUNDLE" "$id"
	assert_match "$err" "console"
	assert_no_traces "$id"
}

test_console_socket_nobody_listening_fails_cleanly() {
	new_bundle
	cfg '.process.terminal = true'
	set_args sh -c 'sleep 1000; true' "$TEST_TOKEN"
	new_id
	use_cgroup_path
	rt_fails create --bundle "$BUNDLE" --console-socket "$T/nobody.sock" "$id"
	assert_match "$err" "nobody.sock"
	assert_no_traces "$id"
}

test_exec_tty_console_socket_detached() {
	new_bundle
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	start_recvtty exec -i $'typed-input\n'
	rt_ok exec -d -t --console-socket "$SOCK" "$id" sh -c "$TTY_PROBE"
	wait_recvtty exec
	assert_line "$tty_meta" "name=/dev/ptmx"
	assert_line "$tty_meta" "is_pty=1"
	check_tty_probe
	# a new session of its own: not the init's
	local sid
	sid=$(grep -o 'sid=[0-9]*' <<<"$tty_out")
	assert_ne "$sid" "sid=1" "session of the exec'd process"

	# --process with consoleSize sizes the pty
	jq -n --arg script "$TTY_PROBE" '{terminal: true, consoleSize: {height: 21, width: 77}, user: {uid: 0, gid: 0},
		args: ["sh", "-c", $script], env: ["PATH=/bin"], cwd: "/"}' >"$T/process.json"
	start_recvtty sized -i $'typed-input\n'
	rt_ok exec -d --console-socket "$SOCK" --process "$T/process.json" "$id"
	wait_recvtty sized
	assert_line "$tty_meta" "winsize=21x77"
	assert_line "$tty_out" "size=21 77"
	check_tty_probe
}

test_exec_tty_console_socket_foreground() {
	# runc refuses --console-socket unless it also detaches; oci-run hands the pty over and still
	# waits, so the caller gets the exit status.
	is_runtime runc && skip "runc needs --detach with --console-socket"
	new_bundle
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	start_recvtty exec -i $'typed-input\n'
	rt exec -t --console-socket "$SOCK" "$id" sh -c "$TTY_PROBE"
	assert_exit 3
	wait_recvtty exec
	check_tty_probe
}

test_exec_tty_detached_without_console_socket_fails() {
	new_bundle
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	rt_fails exec -d -t "$id" true
	assert_match "$err" "console"
	assert_status_is "$id" running
}

# in_pty OUTFILE CMD...: runs CMD on a fresh pty (script(1)), typing a line after a moment; the
# pty's output, carriage returns removed, goes to OUTFILE. Returns CMD's exit status.
in_pty() {
	local outfile=$1
	shift
	local command
	printf -v command '%q ' "$@"
	command -v script >/dev/null || skip "script(1) is not installed"
	# script's stdin stays open until it ends: an end of file would end its session early
	mkfifo "$T/typed"
	# script runs the command with $SHELL -c (else sh): %q quotes for bash ($'..' for newlines)
	SHELL=$BASH timeout -k 5 30 script -qefc "$command" /dev/null <"$T/typed" >"$outfile.raw" 2>&1 &
	local script_pid=$!
	exec 8>"$T/typed"
	sleep 0.5
	# if the command already ended, the write must not kill the test with SIGPIPE before it reports
	(
		trap '' PIPE
		printf 'typed-input\n' >&8
	) 2>/dev/null
	local rc=0
	wait "$script_pid" || rc=$?
	exec 8>&-
	rm -f "$T/typed"
	tr -d '\r' <"$outfile.raw" >"$outfile"
	return $rc
}

test_foreground_run_proxies_the_terminal() {
	new_bundle
	cfg '.process.terminal = true'
	set_args sh -c "$TTY_PROBE"
	new_id
	use_cgroup_path
	local rc=0
	in_pty "$T/pty.out" "$RUNTIME" --root "$ROOT" run --bundle "$BUNDLE" "$id" || rc=$?
	tty_out=$(cat "$T/pty.out")
	assert_eq "$rc" 3 "exit status of run through the proxy (output: $tty_out)"
	check_tty_probe
	# The container has a pty of its own, not the caller's.
	assert_eq "$(sed -n 's/^tty=//p' <<<"$tty_out")" /dev/pts/0 "the container's tty"
	assert_no_traces "$id"
}

test_foreground_exec_proxies_the_terminal() {
	new_bundle
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	local rc=0
	in_pty "$T/pty.out" "$RUNTIME" --root "$ROOT" exec -t "$id" sh -c "$TTY_PROBE" || rc=$?
	tty_out=$(cat "$T/pty.out")
	assert_eq "$rc" 3 "exit status of exec -t through the proxy (output: $tty_out)"
	check_tty_probe
	assert_status_is "$id" running
}

# start_pipe_reader FILE: a pipe at $T/pipe whose reader copies everything to FILE until every
# writer has closed it; sets $reader.
start_pipe_reader() {
	rm -f "$T/pipe"
	mkfifo "$T/pipe"
	cat <"$T/pipe" >"$1" &
	reader=$!
	echo "$reader" >>"$T/pids"
}

# stdin from a file, stdout to a file, stderr into a pipe the test reads: the container gets them as
# they are, writes to them after create and start have exited, and closes the pipe when it ends.
test_stdio_passthrough_detached() {
	new_bundle
	add_share
	make_gate gate
	set_args sh -c 'read line; echo "stdin:$line"; echo early-err >&2; read x </mnt/gate; echo late; echo late-err >&2'
	printf 'from-the-test\n' >"$T/stdin"
	new_id
	use_cgroup_path
	start_pipe_reader "$T/ct.err"
	timeout -k 5 30 "$RUNTIME" --root "$ROOT" create --bundle "$BUNDLE" "$id" \
		<"$T/stdin" >"$T/ct.out" 2>"$T/pipe"
	local rc=$?
	[ "$rc" -eq 0 ] || fail "create with the test's stdio exited $rc"
	state_field "$id" .pid
	local pid=$field
	assert_eq "$(readlink "/proc/$pid/fd/0")" "$T/stdin" "the container's stdin"
	assert_eq "$(readlink "/proc/$pid/fd/1")" "$T/ct.out" "the container's stdout"
	assert_eq "$(readlink "/proc/$pid/fd/2")" "$T/pipe" "the container's stderr"

	rt_ok start "$id"
	local tries=0
	until grep -qx "stdin:from-the-test" "$T/ct.out"; do
		tries=$((tries + 1))
		[ $tries -lt 200 ] || fail "the container did not echo its stdin to its stdout: $(cat "$T/ct.out")"
		sleep 0.05
	done
	# create and start are gone; the container still holds the test's files
	release_gate gate
	wait_status "$id" stopped
	wait "$reader"
	assert_eq "$(cat "$T/ct.out")" $'stdin:from-the-test\nlate' "the container's stdout"
	assert_eq "$(cat "$T/ct.err")" $'early-err\nlate-err' "the container's stderr (read through the pipe)"
}

test_stdio_passthrough_detached_exec() {
	new_bundle
	add_share
	make_gate gate
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	start_pipe_reader "$T/exec.err"
	timeout -k 5 30 "$RUNTIME" --root "$ROOT" exec -d "$id" sh -c 'read x </mnt/gate; echo exec-late; echo exec-err >&2' \
		</dev/null >"$T/exec.out" 2>"$T/pipe"
	local rc=$?
	[ "$rc" -eq 0 ] || fail "exec -d exited $rc"
	release_gate gate
	wait "$reader"
	assert_eq "$(cat "$T/exec.out")" exec-late "stdout of the detached process"
	assert_eq "$(cat "$T/exec.err")" exec-err "stderr of the detached process (its pipe closed when it ended)"
}

# drive_pty ROWS COLS NEW_ROWS NEW_COLS CMD...: runs CMD with a pty of ROWS x COLS as its stdio;
# once CMD printed "ready", resizes the pty to NEW_ROWS x NEW_COLS, sends CMD SIGWINCH and types a
# line. Prints what CMD wrote (\r removed), then "exit=N" and "termios_restored=yes|no".
drive_pty() {
	python3 - "$@" <<'PY'
import fcntl, os, select, signal, struct, subprocess, sys, termios, time

rows, cols, new_rows, new_cols = map(int, sys.argv[1:5])
master, slave = os.openpty()
fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
before = termios.tcgetattr(slave)
child = subprocess.Popen(sys.argv[5:], stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
output = b""
resized = False
deadline = time.time() + 30
while time.time() < deadline:
    ready, _, _ = select.select([master], [], [], 0.1)
    if ready:
        try:
            data = os.read(master, 4096)
        except OSError:
            data = b""
        output += data
    if not resized and b"ready" in output:
        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", new_rows, new_cols, 0, 0))
        child.send_signal(signal.SIGWINCH)
        time.sleep(0.5)
        os.write(master, b"go\n")
        resized = True
    if child.poll() is not None and not ready:
        break
after = termios.tcgetattr(slave)
sys.stdout.write(output.decode(errors="replace").replace("\r", ""))
print("\nexit=%s" % child.poll())
print("termios_restored=%s" % ("yes" if before == after else "no"))
PY
}

# The foreground proxy sizes the container's pty from the caller's terminal before the process can
# ask, follows SIGWINCH, and puts the caller's terminal back as it found it.
test_foreground_exec_proxy_window_size_and_raw_mode() {
	command -v python3 >/dev/null || skip "python3 is not installed"
	new_bundle
	tagged_sleep_args "$TEST_TOKEN"
	create_container
	rt_ok start "$id"
	local result
	result=$(drive_pty 40 120 50 130 "$RUNTIME" --root "$ROOT" exec -t "$id" \
		sh -c 'echo "first=$(stty size)"; echo ready; read line; echo "second=$(stty size)"; exit 4')
	assert_line "$result" "second=50 130"
	assert_line "$result" "exit=4"
	assert_line "$result" "termios_restored=yes"
	# runc 1.1 sizes the pty only after the process started, so its first look may find 0x0
	is_runtime runc || assert_line "$result" "first=40 120"
}

test_foreground_run_proxy_window_size_and_raw_mode() {
	command -v python3 >/dev/null || skip "python3 is not installed"
	new_bundle
	cfg '.process.terminal = true'
	set_args sh -c 'echo "first=$(stty size)"; echo ready; read line; echo "second=$(stty size)"; exit 4'
	new_id
	use_cgroup_path
	local result
	result=$(drive_pty 40 120 50 130 "$RUNTIME" --root "$ROOT" run --bundle "$BUNDLE" "$id")
	assert_line "$result" "second=50 130"
	assert_line "$result" "exit=4"
	assert_line "$result" "termios_restored=yes"
	assert_no_traces "$id"
	# runc 1.1 sizes the pty only after the process started, so its first look may find 0x0
	is_runtime runc || assert_line "$result" "first=40 120"
}
