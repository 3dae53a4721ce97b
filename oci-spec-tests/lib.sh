# lib.sh: helpers every conformance test sources: running the runtime, editing config.json,
# assertions, waiting on state, and checks that a container left no trace behind.
#
# run.sh sets, per test: RUNTIME (absolute path), RUNTIME_NAME (runc, crun, oci-run...), ROOT (the
# --root of this run), ROOTFS (shared busybox rootfs), T (this test's scratch dir), TEST_TOKEN (unique
# per run, part of every id). Each test runs in its own bash process; fail/skip exit that process,
# so call them from the test function itself, never inside $(...).

set -o pipefail

# Exit statuses the runner understands.
readonly TEST_SKIP_STATUS=77

# The cgroup path tests give their containers, so leftover checks do not depend on a runtime's default.
readonly TEST_CGROUP_PARENT=/oci-run-test

fail() {
	echo "FAIL: $*" >&2
	local frame=1
	while [ -n "${FUNCNAME[$frame]:-}" ]; do
		echo "  at ${FUNCNAME[$frame]} (${BASH_SOURCE[$frame]##*/}:${BASH_LINENO[$((frame - 1))]})" >&2
		frame=$((frame + 1))
	done
	exit 1
}

skip() {
	echo "SKIP: $*" >&2
	exit "$TEST_SKIP_STATUS"
}

# --- running the runtime -------------------------------------------------------------------------

cmd_seq=0

# rt ARGS...: runs the runtime with this run's --root. stdin is /dev/null; stdout and stderr are
# files (never pipes: a created container inherits them and would hold a pipe open). Sets
#   status  exit status        out / err       stdout / stderr text at return
#   out_file / err_file        the files, which a container may keep writing to later
rt() {
	cmd_seq=$((cmd_seq + 1))
	out_file=$T/cmd$cmd_seq.$BASHPID.out
	err_file=$T/cmd$cmd_seq.$BASHPID.err
	local log=$T/commands
	# Polling loops would bury the interesting commands in the log.
	[ -n "${RT_QUIET:-}" ] && log=/dev/null
	echo "+ $RUNTIME_NAME $*" >>"$log"
	timeout -k 5 "${RT_TIMEOUT:-30}" "$RUNTIME" --root "$ROOT" "$@" </dev/null >"$out_file" 2>"$err_file"
	status=$?
	out=$(cat "$out_file")
	err=$(cat "$err_file")
	if [ "$status" -eq 124 ]; then
		echo "  (timed out after ${RT_TIMEOUT:-30}s)" >>"$log"
	fi
	echo "  -> status $status${err:+, stderr: $(head -c 400 <<<"$err")}" >>"$log"
}

# rt_ok ARGS...: rt, and fail unless it exits 0.
rt_ok() {
	rt "$@"
	[ "$status" -eq 0 ] || fail "'$RUNTIME_NAME $*' exited $status: $err"
}

# rt_fails ARGS...: rt, and fail unless it exits non-zero with a message on stderr.
rt_fails() {
	rt "$@"
	[ "$status" -ne 0 ] || fail "'$RUNTIME_NAME $*' succeeded but should fail (stdout: $out)"
	[ "$status" -ne 124 ] || fail "'$RUNTIME_NAME $*' timed out"
	[ -n "$err" ] || fail "'$RUNTIME_NAME $*' failed ($status) without a message on stderr"
}

is_runtime() {
	[ "$RUNTIME_NAME" = "$1" ]
}

# --- ids, bundles, config ------------------------------------------------------------------------

id_seq=0

# new_id: sets $id to a fresh container id unique across parallel runs, remembered for cleanup.
new_id() {
	id_seq=$((id_seq + 1))
	id=ocit$TEST_TOKEN-$TEST_NUMBER-$id_seq
	echo "$id" >>"$T/ids"
}

# new_bundle [DIR]: sets $BUNDLE to a bundle whose config.json is a fresh copy of the test template
# (root.path points at the shared rootfs).
new_bundle() {
	BUNDLE=${1:-$T/bundle}
	mkdir -p "$BUNDLE"
	jq --arg rootfs "$ROOTFS" '.root.path = $rootfs' "$TEMPLATE" >"$BUNDLE/config.json" ||
		fail "cannot write $BUNDLE/config.json"
}

# cfg FILTER [jq args...]: edits $BUNDLE/config.json in place.
cfg() {
	local filter=$1
	shift
	# The file goes first: jq takes every word after --args as a string, not a file.
	jq "$filter" "$BUNDLE/config.json" "$@" >"$BUNDLE/config.json.new" ||
		fail "jq filter failed: $filter"
	mv "$BUNDLE/config.json.new" "$BUNDLE/config.json"
}

# set_args ARG...: process.args.
set_args() {
	cfg '.process.args = $ARGS.positional' --args -- "$@"
}

# remove_namespace TYPE
remove_namespace() {
	cfg '.linux.namespaces |= map(select(.type != $t))' --arg t "$1"
}

# set_namespace_path TYPE PATH: joins TYPE by path (adding the entry when missing).
set_namespace_path() {
	cfg '.linux.namespaces = ((.linux.namespaces | map(select(.type != $t))) + [{type: $t, path: $p}])' \
		--arg t "$1" --arg p "$2"
}

# add_bind HOSTDIR DEST [OPTION...]
add_bind() {
	local source=$1 dest=$2
	shift 2
	cfg '.mounts += [{destination: $d, type: "bind", source: $s, options: (["rbind"] + $ARGS.positional)}]' \
		--arg d "$dest" --arg s "$source" --args -- "$@"
}

# use_cgroup_path: sets linux.cgroupsPath to this container's test path (call after new_id).
use_cgroup_path() {
	cfg '.linux.cgroupsPath = $p' --arg p "$TEST_CGROUP_PARENT/$id"
}

# create_container [ARGS...]: new id, test cgroup path, `create --bundle $BUNDLE $id`; must succeed.
# Container stdout/stderr go to $ct_out / $ct_err (files).
create_container() {
	new_id
	use_cgroup_path
	rt_ok create --bundle "$BUNDLE" "$@" "$id"
	ct_out=$out_file
	ct_err=$err_file
}

# --- state ---------------------------------------------------------------------------------------

# get_state ID: sets $state (JSON text) or fails.
get_state() {
	rt state "$1"
	[ "$status" -eq 0 ] || fail "state $1 exited $status: $err"
	state=$out
	jq -e . >/dev/null 2>&1 <<<"$state" || fail "state $1 printed invalid JSON: $state"
}

# state_field ID JQ: sets $field.
state_field() {
	get_state "$1"
	field=$(jq -r "$2" <<<"$state")
}

# wait_status ID STATUS [SECONDS]: polls `state` until status is STATUS.
wait_status() {
	local deadline=$((SECONDS + ${3:-10})) current=
	while [ "$SECONDS" -le "$deadline" ]; do
		RT_QUIET=1 rt state "$1"
		if [ "$status" -eq 0 ]; then
			current=$(jq -r .status <<<"$out")
			[ "$current" = "$2" ] && return 0
		fi
		sleep 0.05
	done
	rt state "$1"
	fail "container $1 did not reach status '$2' (last: '${current:-state failed: $err}')"
}

assert_status_is() {
	state_field "$1" .status
	[ "$field" = "$2" ] || fail "container $1: status '$field', expected '$2'"
}

# --- assertions ----------------------------------------------------------------------------------

assert_exit() {
	[ "$status" -eq "$1" ] || fail "exit status $status, expected $1 (stderr: $err)"
}

assert_eq() {
	[ "$1" = "$2" ] || fail "${3:-values differ}: got '$1', expected '$2'"
}

assert_ne() {
	[ "$1" != "$2" ] || fail "${3:-values equal}: both '$1'"
}

# assert_line TEXT LINE: TEXT has LINE as a whole line.
assert_line() {
	grep -qxF -- "$2" <<<"$1" || fail "no line '$2' in:"$'\n'"$1"
}

assert_no_line() {
	! grep -qxF -- "$2" <<<"$1" || fail "unexpected line '$2' in:"$'\n'"$1"
}

# assert_match TEXT REGEX (extended regex, anywhere in TEXT)
assert_match() {
	grep -qE -- "$2" <<<"$1" || fail "'$2' does not match:"$'\n'"$1"
}

# value_of TEXT KEY: prints the value of the first KEY=value line of TEXT.
value_of() {
	sed -n "s/^$2=//p" <<<"$1" | head -n1
}

# --- leftovers -----------------------------------------------------------------------------------

# Every directory a cgroup of this id could live in: the test path and oci-run's default.
cgroup_dirs_of() {
	local id=$1 hierarchy
	for hierarchy in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
		echo "${hierarchy}oci-run-test/$id"
		echo "${hierarchy}oci-run/$id"
	done
}

# pids_mentioning ID: pids (not ours) whose command line contains ID. Pure bash, so no helper
# process of ours shows up with the id in its own arguments.
pids_mentioning() {
	local needle=$1 proc pid arg
	for proc in /proc/[0-9]*; do
		pid=${proc#/proc/}
		[ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
		while IFS= read -r -d '' arg; do
			if [[ $arg == *"$needle"* ]]; then
				echo "$pid"
				break
			fi
		done 2>/dev/null <"$proc/cmdline"
	done
}

# assert_no_traces ID [PID]: no state dir under --root, no cgroup dir, no process (PID, if given,
# must be gone; none may mention ID in its command line).
assert_no_traces() {
	local id=$1 pid=${2:-} dir leftover
	[ ! -e "$ROOT/$id" ] || fail "state dir $ROOT/$id left behind: $(ls -A "$ROOT/$id" | tr '\n' ' ')"
	for dir in $(cgroup_dirs_of "$id"); do
		[ ! -e "$dir" ] || fail "cgroup dir $dir left behind"
	done
	# A process may take a moment to be reaped after the runtime returns.
	local tries=0
	while :; do
		leftover=$(pids_mentioning "$id")
		if [ -n "$pid" ] && [ -e "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then
			leftover="$leftover $pid"
		fi
		[ -z "${leftover// /}" ] && break
		tries=$((tries + 1))
		[ $tries -lt 40 ] || fail "processes left behind for $id: $leftover ($(for p in $leftover; do tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null; echo; done))"
		sleep 0.05
	done
}

# tagged_sleep_args ID: process args that sleep and carry ID in their command line (for leftover checks).
tagged_sleep_args() {
	set_args sh -c 'sleep 1000; true' "$1"
}

# --- helpers for namespaces ----------------------------------------------------------------------

# start_holder UNSHARE_ARGS...: starts `unshare ARGS sleep` in the background, remembered for
# cleanup; sets $holder_pid to the pid that owns the new namespaces.
start_holder() {
	unshare "$@" sleep 1000 </dev/null >/dev/null 2>&1 &
	holder_pid=$!
	echo "$holder_pid" >>"$T/pids"
	local fork=false arg
	for arg in "$@"; do
		[ "$arg" = --fork ] || [ "$arg" = -f ] && fork=true
	done
	# Wait until unshare has exec'd sleep (or, with --fork, its child exists).
	local tries=0 child
	while [ $tries -lt 200 ]; do
		if $fork; then
			child=$(cat "/proc/$holder_pid/task/$holder_pid/children" 2>/dev/null)
			child=${child%% *}
			if [ -n "$child" ] && [ "$(readlink "/proc/$child/exe" 2>/dev/null)" = "$(readlink -f "$(command -v sleep)")" ]; then
				echo "$child" >>"$T/pids"
				holder_pid=$child
				return 0
			fi
		elif [ "$(readlink "/proc/$holder_pid/exe" 2>/dev/null)" = "$(readlink -f "$(command -v sleep)")" ]; then
			return 0
		fi
		tries=$((tries + 1))
		sleep 0.02
	done
	fail "unshare $* did not start"
}

host_ns() {
	readlink "/proc/self/ns/$1"
}

# --- a shared directory and a gate ---------------------------------------------------------------

# add_share: bind-mounts $T/share at /mnt in the container (read-write) for results and gates.
add_share() {
	SHARE=$T/share
	mkdir -p "$SHARE"
	add_bind "$SHARE" /mnt
}

# make_gate NAME: a fifo in the share; the container blocks on `read x < /mnt/NAME` until release_gate.
make_gate() {
	rm -f "$SHARE/$1"
	mkfifo "$SHARE/$1" || fail "mkfifo $SHARE/$1"
}

release_gate() {
	timeout 10 sh -c 'echo go >"$1"' release "$SHARE/$1" || fail "nobody read gate $1 within 10s"
}

# wait_file PATH [SECONDS]: waits until PATH exists and is non-empty.
wait_file() {
	local deadline=$((SECONDS + ${2:-10}))
	while [ "$SECONDS" -le "$deadline" ]; do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	fail "$1 did not appear"
}

# first_arg_of PID: prints argv[0] of PID.
first_arg_of() {
	local arg=
	IFS= read -r -d '' arg 2>/dev/null <"/proc/$1/cmdline"
	echo "$arg"
}

# --- helpers for filesystem and process tests ----------------------------------------------------

# ct_run [RUN FLAGS...]: `run` of $BUNDLE in a fresh container; sets $status, $out, $err.
ct_run() {
	new_id
	use_cgroup_path
	rt run "$@" --bundle "$BUNDLE" "$id"
}

# ct_sh SCRIPT [RUN FLAGS...]: runs `sh -c SCRIPT` in a fresh container; it must exit 0. Sets $out.
ct_sh() {
	local script=$1
	shift
	set_args sh -c "$script"
	ct_run "$@"
	[ "$status" -eq 0 ] || fail "run sh -c '$script' exited $status: $err (stdout: $out)"
}

# add_mount DEST TYPE SOURCE [OPTION...]: appends a mount (options [] when none are given).
add_mount() {
	local dest=$1 type=$2 source=$3
	shift 3
	cfg '.mounts += [{destination: $d, type: $t, source: $s, options: $ARGS.positional}]' \
		--arg d "$dest" --arg t "$type" --arg s "$source" --args -- "$@"
}

# private_rootfs: a copy of the shared rootfs at $T/rootfs, used by $BUNDLE, for tests that plant
# files or symlinks in it.
private_rootfs() {
	cp -a "$ROOTFS" "$T/rootfs" || fail "cannot copy the rootfs"
	cfg '.root.path = $p' --arg p "$T/rootfs"
}

# expect_refused OCI_RUN_REGEX RUNC_REGEX: create and run of $BUNDLE both fail with a message on
# stderr matching the first regex (the second against runc, whose wording differs) and leave no
# state dir, cgroup or process behind.
expect_refused() {
	local want=$1 command
	is_runtime runc && want=$2
	for command in create run; do
		new_id
		use_cgroup_path
		rt "$command" --bundle "$BUNDLE" "$id"
		[ "$status" -ne 0 ] || fail "$command succeeded but should fail (stdout: $out)"
		[ "$status" -ne 124 ] || fail "$command timed out"
		assert_match "$err" "$want"
		assert_no_traces "$id"
	done
}

# host_mounts_under DIR: the host's mount points at or below DIR (from our own mountinfo).
host_mounts_under() {
	awk -v dir="$1" '$5 == dir || index($5, dir "/") == 1 { print $5 }' /proc/self/mountinfo
}

# --- cgroups -------------------------------------------------------------------------------------

# cgroup_layout: v1, hybrid or v2, from what is mounted at /sys/fs/cgroup.
cgroup_layout() {
	if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
		echo v2
	elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		echo hybrid
	else
		echo v1
	fi
}

# v1_cgroup CONTROLLER ID: the container's test cgroup in CONTROLLER's v1 hierarchy ("" when the
# controller has no v1 hierarchy here).
v1_cgroup() {
	local mount=/sys/fs/cgroup/$1
	if [ -e "$mount/cgroup.procs" ] && [ "$(stat -f -c %T "$mount")" = cgroupfs ]; then
		echo "$mount$TEST_CGROUP_PARENT/$2"
	fi
}

# v2_cgroup ID: the container's test cgroup in the cgroup2 tree ("" when there is none).
v2_cgroup() {
	case $(cgroup_layout) in
	v2) echo "/sys/fs/cgroup$TEST_CGROUP_PARENT/$1" ;;
	hybrid) echo "/sys/fs/cgroup/unified$TEST_CGROUP_PARENT/$1" ;;
	esac
}

# need_v1 CONTROLLER...: skips the test unless each controller has a v1 hierarchy.
need_v1() {
	local controller
	for controller in "$@"; do
		[ -n "$(v1_cgroup "$controller" x)" ] ||
			skip "no cgroup v1 $controller hierarchy on this host (layout $(cgroup_layout)); the v1 files are checked elsewhere"
	done
}

# assert_file PATH VALUE [WHAT]: PATH's content (trailing blanks dropped) is VALUE.
assert_file() {
	[ -e "$1" ] || fail "${3:-$1}: $1 does not exist"
	local got
	got=$(sed 's/[[:space:]]*$//' "$1")
	assert_eq "$got" "$2" "${3:-$1}"
}

# counter_args: process args that count up in /mnt/counter (add_share first) as fast as they can.
counter_args() {
	set_args sh -c 'i=0; while :; do i=$((i+1)); echo $i >/mnt/counter.new; mv /mnt/counter.new /mnt/counter; done'
}

# counter_value: the last value the counter wrote (0 before the first).
counter_value() {
	cat "$SHARE/counter" 2>/dev/null || echo 0
}

# rt_bg NAME ARGS...: runs the runtime in the background (a streaming command), stdout and stderr
# to $T/NAME.out and $T/NAME.err; sets $bg_pid (also remembered for cleanup).
rt_bg() {
	local name=$1
	shift
	echo "+ $RUNTIME_NAME $* (background)" >>"$T/commands"
	"$RUNTIME" --root "$ROOT" "$@" </dev/null >"$T/$name.out" 2>"$T/$name.err" &
	bg_pid=$!
	echo "$bg_pid" >>"$T/pids"
}

# wait_line FILE REGEX [SECONDS]: waits until a line of FILE matches REGEX.
wait_line() {
	local deadline=$((SECONDS + ${3:-10}))
	while [ "$SECONDS" -le "$deadline" ]; do
		grep -qE -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	fail "no line matching '$2' in $1 within ${3:-10}s: $(head -c 600 "$1" 2>/dev/null)"
}
