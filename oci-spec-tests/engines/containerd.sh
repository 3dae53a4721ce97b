#!/bin/bash
# containerd.sh: containerd 1.6 and its runc shim (io.containerd.runc.v2) drive the runtime under
# test through `ctr`, on a busybox image imported from a hand-made OCI layout tarball; prints
# `ok`/`not ok` a scenario, then `N passed, N failed`.
#
# usage: oci-spec-tests/engines/containerd.sh    (as root; OCI_RUNTIME=runc or crun to compare)
# The script starts its own containerd (generated config.toml: own socket, root and state dirs
# under a scratch dir) and stops it at the end. The shim runs the runtime through the wrapper as its
# BinaryName (ctr --runc-binary) with its own root (ctr --runc-root).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

for tool in containerd ctr containerd-shim-runc-v2 script; do
	command -v "$tool" >/dev/null || {
		echo "not ok - set-up: $tool is not installed (tools/install-deps.sh installs it)"
		echo "0 passed, 1 failed"
		exit 1
	}
done

eng_init containerd

IMAGE=localhost/oci-engine-busybox:test
NAMESPACE=oci-engine
CTR_TIMEOUT=${CTR_TIMEOUT:-60}
containerd_pid=

# c ARGS...: ctr against this run's containerd and namespace.
c() {
	echo "+ ctr $*" >>"$ENG_TRACE"
	timeout -k 5 "$CTR_TIMEOUT" ctr --address "$CTD/containerd.sock" --namespace "$NAMESPACE" "$@"
}

# The shim options that point it at the runtime under test.
RUNTIME_FLAGS=()

# c_run ARGS...: ctr run with the runtime under test.
c_run() {
	c run "${RUNTIME_FLAGS[@]}" "$@"
}

# c_tty COMMAND-TEXT: a ctr command line run under a pseudo-terminal made by script(1). The "^@"
# that script's end of input may turn into on the container's terminal is dropped.
c_tty() {
	echo "+ (tty) $1" >>"$ENG_TRACE"
	timeout -k 5 "$CTR_TIMEOUT" script -qec "$1" /dev/null </dev/null | sed 's/\^@//g' | tr -d '\r'
	return "${PIPESTATUS[0]}"
}

containerd_setup() {
	CTD=$W/containerd
	mkdir -p "$CTD"
	ENG_TRACE=$W/logs/setup.log
	# cri is not needed and would want a CNI set-up; the rest is containerd's defaults.
	cat >"$CTD/config.toml" <<-EOF
		version = 2
		root = "$CTD/root"
		state = "$CTD/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri"]

		[grpc]
		  address = "$CTD/containerd.sock"

		[ttrpc]
		  address = "$CTD/containerd.sock.ttrpc"

		[debug]
		  address = "$CTD/debug.sock"
		  level = "info"
	EOF
	containerd --config "$CTD/config.toml" >"$W/logs/containerd.log" 2>&1 &
	containerd_pid=$!
	for _ in $(seq 100); do
		c version >/dev/null 2>&1 && break
		kill -0 "$containerd_pid" 2>/dev/null || eng_abort "containerd exited: $(tail -n3 "$W/logs/containerd.log")"
		sleep 0.1
	done
	c version >/dev/null 2>&1 || eng_abort "containerd did not answer on $CTD/containerd.sock"

	eng_make_rootfs "$W/image"
	"$here/make-oci-image.sh" "$W/image/rootfs" "$IMAGE" "$W/image.tar" >>"$ENG_TRACE" 2>&1 ||
		eng_abort "make-oci-image.sh failed: $(tail -n3 "$ENG_TRACE")"
	c image import "$W/image.tar" >>"$ENG_TRACE" 2>&1 || eng_abort "ctr image import failed: $(tail -n3 "$ENG_TRACE")"
	RUNTIME_FLAGS=(--runc-binary "$WRAPPER" --runc-root "$STATE_ROOT")
}

# Every task killed and deleted, every container removed.
remove_all() {
	local id
	for id in $(c task ls -q 2>/dev/null); do
		c task kill -s SIGKILL "$id" >/dev/null 2>&1
	done
	for id in $(c task ls -q 2>/dev/null); do
		for _ in $(seq 50); do
			c task delete "$id" >/dev/null 2>&1 && break
			sleep 0.1
		done
	done
	for id in $(c container ls -q 2>/dev/null); do
		c container delete "$id" >/dev/null 2>&1
	done
}

eng_cleanup_hooks() {
	[ -n "$containerd_pid" ] || return 0
	ENG_TRACE=$W/logs/cleanup.log
	remove_all
	kill "$containerd_pid" 2>/dev/null
	wait "$containerd_pid" 2>/dev/null
	containerd_pid=
	# the shim puts containers under /NAMESPACE/ID and leaves the parent behind
	eng_remove_cgroup_parent "$NAMESPACE"
}


# The runtime's containers of this namespace (the shim adds the namespace to --runc-root).
runtime_containers() {
	ls "$STATE_ROOT/$NAMESPACE" 2>/dev/null
}

# wait_status ID STATUS: until `ctr task ls` shows STATUS for ID (5 s at most).
wait_status() {
	local got
	for _ in $(seq 50); do
		got=$(c task ls 2>/dev/null | awk -v id="$1" '$1 == id { print $3 }')
		[ "$got" = "$2" ] && return 0
		sleep 0.1
	done
	fail "task $1: status '$got', want $2"
}

# --- scenarios -----------------------------------------------------------------------------------

t_run() {
	local out
	out=$(c_run --rm "$IMAGE" run1 echo hello) || fail "ctr run failed"
	expect_eq "output" "$out" hello
	c_run --rm "$IMAGE" run2 sh -c 'exit 3'
	expect_eq "exit status" "$?" 3
	expect_eq "containers left" "$(c container ls -q)" ""
	expect_eq "runtime state left" "$(runtime_containers)" ""
}

t_run_error() {
	local err
	err=$(c_run --rm "$IMAGE" bad1 /no/such/command 2>&1 >/dev/null)
	local rc=$?
	echo "status $rc, stderr: $err"
	[ "$rc" -ne 0 ] || fail "a missing command started"
	expect_match "ctr's message" "$err" "/no/such/command"
	expect_match "ctr's message" "$err" "[Nn]o such file or directory"
	expect_eq "runtime state left" "$(runtime_containers)" ""
}

t_exec() {
	local out
	c_run -d "$IMAGE" ex sleep 1000 >/dev/null || fail "ctr run -d failed"
	wait_status ex RUNNING
	[ -d "$STATE_ROOT/$NAMESPACE/ex" ] || fail "the runtime does not know the container"
	out=$(c task exec --exec-id e1 ex sh -c 'echo in; exit 4')
	local rc=$?
	expect_eq "exec output" "$out" in
	expect_eq "exec exit status" "$rc" 4
	out=$(c task exec --exec-id e2 --cwd /tmp --user 1000 ex sh -c 'echo $(id -u) $PWD')
	expect_eq "exec --user --cwd" "$out" "1000 /tmp"
	out=$(c_tty "ctr --address $CTD/containerd.sock --namespace $NAMESPACE task exec -t --exec-id e3 ex sh -c 'tty; exit 5'")
	rc=$?
	echo "exec -t: $out"
	expect_match "tty in exec -t" "$out" "^/dev/pts/[0-9]+$"
	expect_eq "exec -t exit status" "$rc" 5
}

# A signal reaches the container's process; its exit status reaches ctr run in the foreground.
t_kill() {
	local pid out
	c_run --rm "$IMAGE" kl sh -c 'trap "echo got USR1; exit 7" USR1; echo ready; while :; do sleep 0.1; done' \
		>"$W/kill.out" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		grep -q ready "$W/kill.out" && break
		sleep 0.1
	done
	grep -q ready "$W/kill.out" || fail "container did not start: $(cat "$W/kill.out")"
	c task kill -s SIGUSR1 kl || fail "task kill failed"
	wait "$pid"
	expect_eq "ctr run's exit status" "$?" 7
	expect_match "output" "$(cat "$W/kill.out")" "got USR1"
	# --all: the init and an exec'd process go together
	c_run -d "$IMAGE" ka sleep 1000 >/dev/null || fail "ctr run -d failed"
	wait_status ka RUNNING
	c task exec -d --exec-id e1 ka sleep 999 || fail "exec -d failed"
	pid=$(c task ls | awk '$1 == "ka" { print $2 }')
	local procs=/sys/fs/cgroup/pids$(sed -n 's/^[0-9]*:pids://p' "/proc/$pid/cgroup")/cgroup.procs
	for _ in $(seq 50); do
		out=$(cat "$procs")
		[ "$(wc -l <<<"$out")" -eq 2 ] && break
		sleep 0.1
	done
	[ "$(wc -l <<<"$out")" -eq 2 ] || fail "want the init and the exec'd process in $procs, got: $out"
	c task kill -a -s SIGKILL ka || fail "task kill -a failed"
	wait_status ka STOPPED
	for pid in $out; do
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		! kill -0 "$pid" 2>/dev/null || fail "process $pid survived kill --all"
	done
}

t_delete() {
	local cgroup pid
	c_run -d "$IMAGE" dl sleep 1000 >/dev/null || fail "ctr run -d failed"
	wait_status dl RUNNING
	pid=$(c task ls | awk '$1 == "dl" { print $2 }')
	cgroup=/sys/fs/cgroup/pids$(sed -n 's/^[0-9]*:pids://p' "/proc/$pid/cgroup")
	[ -d "$cgroup" ] || fail "no pids cgroup $cgroup"
	c task delete dl 2>/dev/null && fail "deleting a running task worked"
	c task kill -s SIGKILL dl || fail "kill failed"
	wait_status dl STOPPED
	c task delete dl || fail "task delete failed"
	c container delete dl || fail "container delete failed"
	expect_eq "containers left" "$(c container ls -q)" ""
	expect_eq "runtime state left" "$(runtime_containers)" ""
	[ ! -d "$cgroup" ] || fail "cgroup $cgroup left behind"
}

t_tty() {
	local out rc
	out=$(c_tty "ctr --address $CTD/containerd.sock --namespace $NAMESPACE run -t --rm ${RUNTIME_FLAGS[*]} $IMAGE tt sh -c 'tty; echo end; exit 2'")
	rc=$?
	echo "run -t: $out"
	expect_match "tty in run -t" "$out" "^/dev/pts/0$"
	expect_match "output after tty" "$out" "^end$"
	expect_eq "run -t exit status" "$rc" 2
}

t_ps() {
	runtime_has ps || skip "$RUNTIME_NAME has no ps command"
	local out pid
	c_run -d "$IMAGE" ps1 sleep 1000 >/dev/null || fail "ctr run -d failed"
	wait_status ps1 RUNNING
	pid=$(c task ls | awk '$1 == "ps1" { print $2 }')
	out=$(c task ps ps1) || fail "task ps failed"
	echo "$out"
	expect_match "task ps lists the init" "$out" "^$pid[[:space:]]"
}

t_pause() {
	runtime_has pause || skip "$RUNTIME_NAME has no pause command"
	c_run -d "$IMAGE" pz sleep 1000 >/dev/null || fail "ctr run -d failed"
	wait_status pz RUNNING
	c task pause pz || fail "task pause failed"
	wait_status pz PAUSED
	c task resume pz || fail "task resume failed"
	wait_status pz RUNNING
}

containerd_setup
if [ "$RUNTIME_NAME" = crun ]; then
	hugetlb_v1_mount
fi

run_scenario() {
	ENG_TRACE=$W/logs/$(tr -c 'A-Za-z0-9._-' _ <<<"$1").log
	scenario "$@"
	remove_all
}

run_scenario "run (output, exit status, nothing left)" t_run
run_scenario "run of a missing command (runtime's message)" t_run_error
run_scenario "exec (output, status, --user --cwd, -t)" t_exec
run_scenario "kill with a signal, kill --all" t_kill
run_scenario "delete (running refused, then task and container)" t_delete
run_scenario "run -t (terminal session)" t_tty
run_scenario "task ps" t_ps
run_scenario "pause and resume" t_pause

eng_finish
