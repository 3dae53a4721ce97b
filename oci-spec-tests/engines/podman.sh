#!/bin/bash
# podman.sh: podman 4 (with conmon) drives the runtime under test through everyday scenarios, on a
# busybox image imported from a local tarball; prints `ok`/`not ok` a scenario, then `N passed, N failed`.
#
# usage: oci-spec-tests/engines/podman.sh    (as root; OCI_RUNTIME=runc or crun to compare)
# Podman gets its own containers.conf, storage and tmp dirs under a scratch dir, and the runtime
# its own --root through a wrapper, so nothing is shared with the host's podman or other runs.
# This host's quirks (see docs/engines.md): root lacks CAP_SYS_RESOURCE, so the default rlimits are
# lowered to what can be set; cgroups are v1 without systemd, so the cgroupfs manager is used.
# For crun only, the hugetlb controller is mounted as a v1 hierarchy if no hierarchy has it, and
# unmounted again at the end (crun 1.8 fails on this host otherwise); other runtimes never need it.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

command -v podman >/dev/null || {
	echo "not ok - set-up: podman is not installed (tools/install-deps.sh installs it)"
	echo "0 passed, 1 failed"
	exit 1
}

eng_init podman

IMAGE=localhost/oci-engine-busybox:test
PODMAN_TIMEOUT=${PODMAN_TIMEOUT:-60}

# pm ARGS...: podman with this run's configuration (stdin closed unless the caller gives one).
pm() {
	echo "+ podman $*" >>"$ENG_TRACE"
	timeout -k 5 "$PODMAN_TIMEOUT" podman "$@"
}

# pm_tty COMMAND-TEXT: the command run under a pseudo-terminal made by script(1); prints its output.
# script(1) passes the end of its stdin on as a byte that podman, its terminal in raw mode by then,
# forwards to the container, whose terminal echoes it as "^@" if it comes in time: dropped here.
pm_tty() {
	echo "+ (tty) $1" >>"$ENG_TRACE"
	timeout -k 5 "$PODMAN_TIMEOUT" script -qec "$1" /dev/null </dev/null | sed 's/\^@//g' | tr -d '\r'
	return "${PIPESTATUS[0]}"
}

podman_setup() {
	local conf=$W/podman
	mkdir -p "$conf"/{root,runroot,tmp,volumes,net}
	cat >"$conf/storage.conf" <<-EOF
		[storage]
		driver = "vfs"
		graphroot = "$conf/root"
		runroot = "$conf/runroot"
	EOF
	# default_ulimits: podman asks for nofile 1048576, above this host's hard limit, and root here
	# lacks CAP_SYS_RESOURCE to raise it (any runtime fails setrlimit).
	cat >"$conf/containers.conf" <<-EOF
		[containers]
		default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
		init_path = "$(command -v catatonit || command -v tini || echo /usr/libexec/podman/catatonit)"

		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		events_logfile_path = "$conf/events.log"
		tmp_dir = "$conf/tmp"
		volume_path = "$conf/volumes"
		runtime = "$RUNTIME_NAME"
		runtime_supports_json = ["crun", "runc", "oci-run", "$RUNTIME_NAME"]
		conmon_env_vars = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "CONTAINERS_CONF=$conf/containers.conf", "CONTAINERS_STORAGE_CONF=$conf/storage.conf"]

		[engine.runtimes]
		$RUNTIME_NAME = ["$WRAPPER"]

		[network]
		network_config_dir = "$conf/net"
	EOF
	export CONTAINERS_CONF=$conf/containers.conf CONTAINERS_STORAGE_CONF=$conf/storage.conf
	ENG_TRACE=$W/logs/setup.log
	eng_make_rootfs "$W/image"
	tar --numeric-owner -C "$W/image/rootfs" -cf "$W/rootfs.tar" . || eng_abort "tar of the rootfs"
	pm import --change 'CMD ["sh"]' "$W/rootfs.tar" "$IMAGE" >>"$ENG_TRACE" 2>&1 ||
		eng_abort "podman import failed: $(tail -n3 "$ENG_TRACE")"
}

eng_cleanup_hooks() {
	if [ -n "${CONTAINERS_CONF:-}" ] && [ -n "${W:-}" ] && [ -d "$W/podman" ]; then
		ENG_TRACE=$W/logs/cleanup.log
		pm rm -af -t 0 >>"$ENG_TRACE" 2>&1
		# podman's cgroupfs manager leaves its parent /libpod_parent (with conmon's cgroups) behind
		eng_remove_cgroup_parent libpod_parent
	fi
}


# --- scenarios -----------------------------------------------------------------------------------

t_run_rm() {
	local out
	out=$(pm run --rm --network none "$IMAGE" echo hello) || fail "podman run failed"
	expect_eq "output" "$out" hello
	expect_eq "containers left" "$(pm ps -aq)" ""
	expect_eq "runtime state left" "$(ls "$STATE_ROOT")" ""
}

t_exit_codes() {
	pm run --rm --network none "$IMAGE" sh -c 'exit 42'
	expect_eq "exit status of sh -c 'exit 42'" "$?" 42
	pm run --rm --network none "$IMAGE" true
	expect_eq "exit status of true" "$?" 0
}

# A command that does not exist: 127 and the runtime's message, as podman shows it.
t_error_missing_command() {
	local err
	err=$(pm run --rm --network none "$IMAGE" /no/such/command 2>&1 >/dev/null)
	expect_eq "exit status" "$?" 127
	echo "stderr: $err"
	expect_match "podman's message" "$err" "/no/such/command"
	expect_match "podman's message" "$err" "[Nn]o such file or directory"
}

t_error_not_executable() {
	local err
	err=$(pm run --rm --network none "$IMAGE" /etc/passwd 2>&1 >/dev/null)
	expect_eq "exit status" "$?" 126
	echo "stderr: $err"
	# oci-run and runc name the file; crun 1.8 says "open executable" only
	[ "$RUNTIME_NAME" = crun ] || expect_match "podman's message" "$err" "/etc/passwd"
	expect_match "podman's message" "$err" "[Pp]ermission denied"
}

# A bind mount of a directory onto a file of the image fails in the runtime (podman only checks that
# the source exists): the runtime's error names the destination.
t_error_bad_mount() {
	local err
	mkdir -p "$W/a-directory"
	err=$(pm run --rm --network none -v "$W/a-directory:/bin/oci-check" "$IMAGE" true 2>&1 >/dev/null)
	local rc=$?
	echo "status $rc, stderr: $err"
	[ "$rc" -ne 0 ] || fail "a directory bound onto a file started"
	expect_match "podman's message" "$err" "bin/oci-check"
	expect_match "podman's message" "$err" "[Nn]ot a directory"
	expect_eq "containers left" "$(pm ps -aq)" ""
}

t_detached_lifecycle() {
	local status pid out
	pm run -d --name lc --network none "$IMAGE" \
		sh -c 'echo started; trap "echo stopping; exit 0" TERM; while :; do sleep 0.1; done' >/dev/null ||
		fail "run -d failed"
	status=$(pm ps --format '{{.Names}} {{.Status}}')
	expect_match "ps" "$status" "^lc Up"
	pid=$(pm inspect --format '{{.State.Pid}}' lc)
	[ -n "$pid" ] && [ "$pid" -gt 0 ] && kill -0 "$pid" || fail "inspect's pid '$pid' is not alive"
	[ -d "$STATE_ROOT/$(pm inspect --format '{{.Id}}' lc)" ] || fail "the runtime's state dir has no container"
	for _ in $(seq 50); do
		out=$(pm logs lc)
		[ "$out" = started ] && break
		sleep 0.1
	done
	expect_eq "logs" "$out" started
	pm stop -t 10 lc >/dev/null || fail "stop failed"
	expect_eq "exit code after stop" "$(pm inspect --format '{{.State.ExitCode}}' lc)" 0
	expect_match "ps -a" "$(pm ps -a --format '{{.Names}} {{.Status}}')" "^lc Exited \(0\)"
	pm start lc >/dev/null || fail "start again failed"
	expect_match "ps after start" "$(pm ps --format '{{.Names}} {{.Status}}')" "^lc Up"
	for _ in $(seq 50); do
		out=$(pm logs lc | grep -c started)
		[ "$out" = 2 ] && break
		sleep 0.1
	done
	expect_eq "'started' lines in the logs after the second start" "$out" 2
	pm rm -f -t 0 lc >/dev/null || fail "rm -f failed"
	expect_eq "containers left" "$(pm ps -aq)" ""
	for _ in $(seq 50); do
		[ -z "$(ls "$STATE_ROOT")" ] && break
		sleep 0.1
	done
	expect_eq "runtime state left" "$(ls "$STATE_ROOT")" ""
}

start_sleeper() {
	pm run -d --name "$1" --network none "${@:2}" "$IMAGE" sleep 1000 >/dev/null || fail "run -d $1 failed"
}

t_exec() {
	local out
	start_sleeper ex
	out=$(pm exec ex sh -c 'echo in $(hostname)')
	expect_eq "exec output" "$out" "in $(pm inspect --format '{{.Config.Hostname}}' ex)"
	pm exec ex sh -c 'exit 5'
	expect_eq "exec exit status" "$?" 5
	out=$(pm exec -u 1000:1000 -e FOO=bar -w /tmp ex sh -c 'echo $(id -u):$(id -g) $FOO $PWD')
	expect_eq "exec -u -e -w" "$out" "1000:1000 bar /tmp"
	out=$(pm exec ex /no/such/command 2>&1)
	expect_eq "exec of a missing command" "$?" 127
	expect_match "exec error" "$out" "/no/such/command"
	pm exec -d ex sleep 77 || fail "exec -d failed"
	out=$(pm exec ex ps -o args)
	expect_match "detached exec is running" "$out" "sleep 77"
	pm rm -f -t 0 ex >/dev/null
}

t_exec_tty() {
	local out
	start_sleeper et
	out=$(pm_tty "podman exec -it et sh -c 'sleep 0.5; tty; echo done'")
	echo "output: $out"
	expect_match "tty in exec -it" "$out" "^/dev/pts/[0-9]+$"
	expect_match "exec -it ran to the end" "$out" "^done$"
	out=$(pm exec et sh -c 'tty || true')
	expect_match "no tty without -t" "$out" "not a tty"
	pm rm -f -t 0 et >/dev/null
}

t_run_tty() {
	local out
	# The pause first: podman 4.3 may start the container before conmon has taken its attach
	# connection, and what a short-lived container prints by then is lost (seen with runc and crun too).
	out=$(pm_tty "podman run --rm -it --network none $IMAGE sh -c 'sleep 0.5; tty; echo exit-now; exit 3'")
	local rc=$?
	echo "status $rc, output: $out"
	expect_match "tty in run -it" "$out" "^/dev/pts/0$"
	expect_match "run -it output" "$out" "^exit-now$"
	expect_eq "run -it exit status" "$rc" 3
}

t_kill_signal() {
	local out
	pm run -d --name ks --network none "$IMAGE" \
		sh -c 'trap "echo got USR1; exit 3" USR1; echo ready; while :; do sleep 0.1; done' >/dev/null ||
		fail "run -d failed"
	for _ in $(seq 50); do
		[ "$(pm logs ks)" = ready ] && break
		sleep 0.1
	done
	pm kill -s USR1 ks >/dev/null || fail "kill -s USR1 failed"
	out=$(pm wait ks)
	expect_eq "exit status after USR1" "$out" 3
	expect_match "logs" "$(pm logs ks)" "got USR1"
	pm rm ks >/dev/null
	start_sleeper kk
	pm kill kk >/dev/null || fail "kill (SIGKILL) failed"
	expect_eq "exit status after SIGKILL" "$(pm wait kk)" 137
	pm rm kk >/dev/null
}

t_pause() {
	runtime_has pause || skip "$RUNTIME_NAME has no pause command"
	local before after
	pm run -d --name pz --network none "$IMAGE" sh -c 'i=0; while :; do i=$((i+1)); echo $i > /tmp/n; sleep 0.05; done' \
		>/dev/null || fail "run -d failed"
	sleep 0.3
	pm pause pz >/dev/null || fail "pause failed"
	expect_eq "status when paused" "$(pm inspect --format '{{.State.Status}}' pz)" paused
	before=$(cat "/proc/$(pm inspect --format '{{.State.Pid}}' pz)/root/tmp/n")
	sleep 0.3
	after=$(cat "/proc/$(pm inspect --format '{{.State.Pid}}' pz)/root/tmp/n")
	expect_eq "counter while paused" "$after" "$before"
	pm unpause pz >/dev/null || fail "unpause failed"
	expect_eq "status after unpause" "$(pm inspect --format '{{.State.Status}}' pz)" running
	sleep 0.3
	after=$(cat "/proc/$(pm inspect --format '{{.State.Pid}}' pz)/root/tmp/n")
	[ "$after" -gt "$before" ] || fail "counter did not move after unpause ($before -> $after)"
	pm rm -f -t 0 pz >/dev/null
}

t_top() {
	local out
	start_sleeper tp
	out=$(pm top tp) || fail "top failed"
	echo "$out"
	expect_match "top" "$out" "sleep 1000"
	pm rm -f -t 0 tp >/dev/null
}

t_stats() {
	local out
	start_sleeper st --memory 64m
	out=$(pm stats --no-stream --format '{{.PIDs}} {{.MemUsage}}' st) || fail "stats failed"
	echo "stats: $out"
	expect_match "stats pids and memory limit" "$out" "^1 .* / 67.11MB$"
	pm rm -f -t 0 st >/dev/null
}

t_inspect() {
	local out
	start_sleeper in
	out=$(pm inspect --format '{{.OCIRuntime}} {{.State.Status}} {{.State.Running}}' in)
	expect_eq "inspect" "$out" "$RUNTIME_NAME running true"
	pm rm -f -t 0 in >/dev/null
}

# The limits podman puts in config.json, as the container reads them in its own cgroup files, and
# as the host sees them in the cgroup of the container's process.
t_resources() {
	local out pid path
	out=$(pm run --rm --network none --memory 64m --cpus 0.5 --pids-limit 50 "$IMAGE" sh -c '
		cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us \
			/sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/pids/pids.max' | tr '\n' ' ')
	expect_eq "memory, cpu quota and period, pids inside" "$out" "67108864 50000 100000 50 "
	# podman's default on cgroup v1 is the host's cgroup namespace (above); a private one too
	out=$(pm run --rm --network none --cgroupns private --memory 32m "$IMAGE" \
		cat /sys/fs/cgroup/memory/memory.limit_in_bytes)
	expect_eq "memory inside, --cgroupns private" "$out" 33554432
	start_sleeper rs --memory 64m --cpus 0.5 --pids-limit 50
	pid=$(pm inspect --format '{{.State.Pid}}' rs)
	path=$(sed -n 's/^[0-9]*:memory://p' "/proc/$pid/cgroup")
	expect_eq "host: memory.limit_in_bytes" "$(cat "/sys/fs/cgroup/memory$path/memory.limit_in_bytes")" 67108864
	path=$(sed -n 's/^[0-9]*:pids://p' "/proc/$pid/cgroup")
	expect_eq "host: pids.max" "$(cat "/sys/fs/cgroup/pids$path/pids.max")" 50
	pm rm -f -t 0 rs >/dev/null
}

# Capability bit N of the hex mask in "CapEff:" of /proc/self/status.
cap_bit() {
	echo $(((0x$1 >> $2) & 1))
}

t_capabilities() {
	local eff
	eff=$(pm run --rm --network none --cap-add NET_ADMIN --cap-drop CHOWN "$IMAGE" \
		sh -c 'sed -n "s/^CapEff:\t//p" /proc/self/status')
	echo "CapEff $eff"
	expect_eq "CAP_NET_ADMIN (12) added" "$(cap_bit "$eff" 12)" 1
	expect_eq "CAP_CHOWN (0) dropped" "$(cap_bit "$eff" 0)" 0
	expect_eq "CAP_KILL (5) kept" "$(cap_bit "$eff" 5)" 1
	expect_eq "CAP_SYS_ADMIN (21) absent" "$(cap_bit "$eff" 21)" 0
	pm run --rm --network none --cap-drop CHOWN "$IMAGE" chown 1000 /tmp
	[ $? -ne 0 ] || fail "chown worked without CAP_CHOWN"
	pm run --rm --network none --cap-add NET_ADMIN "$IMAGE" ip link set lo up ||
		fail "ip link set with CAP_NET_ADMIN failed"
}

t_read_only() {
	local out
	out=$(pm run --rm --network none --read-only "$IMAGE" sh -c 'touch /x 2>&1; touch /tmp/x && echo tmp-ok')
	expect_match "write to /" "$out" "Read-only file system"
	expect_match "write to /tmp" "$out" "tmp-ok"
}

t_user_env_workdir_hostname() {
	local out
	out=$(pm run --rm --network none --user 1000:1000 -e FOO=bar -w /home/user --hostname eng-host "$IMAGE" \
		sh -c 'echo $(id -u) $(id -g) $FOO $PWD $(hostname)')
	expect_eq "user, env, workdir, hostname" "$out" "1000 1000 bar /home/user eng-host"
}

t_network_none() {
	local out
	out=$(pm run --rm --network none "$IMAGE" ls /sys/class/net)
	expect_eq "interfaces" "$out" lo
	[ "$(readlink /proc/self/ns/net)" != "$(pm run --rm --network none "$IMAGE" readlink /proc/self/ns/net)" ] ||
		fail "the container shares the host's network namespace"
}

t_bind_mounts() {
	local out
	mkdir -p "$W/vol"
	echo from-host >"$W/vol/in"
	out=$(pm run --rm --network none -v "$W/vol:/data" "$IMAGE" sh -c 'cat /data/in; echo from-container > /data/out')
	expect_eq "read through the bind mount" "$out" from-host
	expect_eq "written through the bind mount" "$(cat "$W/vol/out")" from-container
	out=$(pm run --rm --network none -v "$W/vol:/data:ro" "$IMAGE" sh -c 'touch /data/x 2>&1; cat /data/in')
	expect_match "read-only bind mount" "$out" "Read-only file system"
	expect_match "read-only bind mount is readable" "$out" "from-host"
}

t_tmpfs() {
	local out
	out=$(pm run --rm --network none --tmpfs /scratch:size=1m "$IMAGE" \
		sh -c 'grep " /scratch " /proc/mounts; echo x > /scratch/f && cat /scratch/f')
	echo "$out"
	expect_match "tmpfs mount" "$out" "^tmpfs /scratch tmpfs .*size=1024k"
	expect_match "tmpfs is writable" "$out" "^x$"
}

t_init() {
	local out
	out=$(pm run --rm --network none --init "$IMAGE" sh -c 'tr "\0" " " < /proc/1/cmdline; echo; echo $$')
	echo "$out"
	expect_match "pid 1" "$out" "(catatonit|tini|podman-init)"
	expect_match "the command is not pid 1" "$(tail -n1 <<<"$out")" "^[0-9]+$"
	[ "$(tail -n1 <<<"$out")" -ne 1 ] || fail "sh is pid 1 under --init"
}

t_no_new_privileges() {
	local out
	out=$(pm run --rm --network none --security-opt no-new-privileges "$IMAGE" grep NoNewPrivs /proc/self/status)
	expect_match "with no-new-privileges" "$out" "NoNewPrivs:[[:space:]]+1"
	out=$(pm run --rm --network none "$IMAGE" grep NoNewPrivs /proc/self/status)
	expect_match "without" "$out" "NoNewPrivs:[[:space:]]+0"
}

t_device() {
	local out
	out=$(pm run --rm --network none --device /dev/zero:/dev/myzero "$IMAGE" \
		sh -c 'test -c /dev/myzero && head -c 3 /dev/myzero | od -An -tx1')
	expect_eq "read from the device" "$(echo $out)" "00 00 00"
	pm run --rm --network none "$IMAGE" test -e /dev/myzero
	[ $? -ne 0 ] || fail "/dev/myzero exists without --device"
}

# podman's default profile refuses swapon with EPERM even with CAP_SYS_ADMIN; unconfined, the
# kernel gets the call and says the file is no swap area (EINVAL).
t_seccomp_default() {
	local out script='echo x > /tmp/f; chmod 600 /tmp/f; grep "^Seccomp:" /proc/self/status; swapon /tmp/f 2>&1'
	out=$(pm run --rm --network none --cap-add SYS_ADMIN "$IMAGE" sh -c "$script")
	echo "default profile: $out"
	expect_match "filter installed" "$out" "Seccomp:[[:space:]]+2"
	expect_match "swapon refused by the profile" "$out" "Operation not permitted"
	out=$(pm run --rm --network none --cap-add SYS_ADMIN --security-opt seccomp=unconfined "$IMAGE" sh -c "$script")
	echo "unconfined: $out"
	expect_match "no filter" "$out" "Seccomp:[[:space:]]+0"
	expect_match "swapon reaches the kernel" "$out" "Invalid argument"
}

t_stdin() {
	local out
	out=$(echo through-stdin | pm run --rm -i --network none "$IMAGE" cat)
	expect_eq "stdin reaches the container" "$out" through-stdin
}

t_privileged() {
	local out
	out=$(pm run --rm --privileged --network none "$IMAGE" sh -c 'sed -n "s/^CapEff:\t//p" /proc/self/status; test -c /dev/loop-control && echo host-devices')
	echo "$out"
	expect_eq "CAP_SYS_ADMIN (21)" "$(cap_bit "$(head -n1 <<<"$out")" 21)" 1
	expect_eq "CAP_SYS_MODULE (16)" "$(cap_bit "$(head -n1 <<<"$out")" 16)" 1
	expect_match "the host's devices" "$out" "^host-devices$"
}

# --ulimit replaces default_ulimits: nproc must be given too on this host (podman would ask root's
# default, 1048576, which nothing can set here).
t_ulimit_shm_sysctl() {
	local out
	out=$(pm run --rm --network none --ulimit nofile=100:200 --ulimit nproc=1000:1000 --shm-size 8m \
		--sysctl kernel.msgmax=9000 "$IMAGE" sh -c 'echo $(ulimit -n) $(ulimit -Hn) $(ulimit -u); df -k /dev/shm | tail -n1; cat /proc/sys/kernel/msgmax')
	echo "$out"
	expect_eq "rlimits" "$(sed -n 1p <<<"$out")" "100 200 1000"
	expect_match "/dev/shm size" "$(sed -n 2p <<<"$out")" "^shm +8192 "
	expect_eq "sysctl" "$(sed -n 3p <<<"$out")" 9000
}

t_update_restart() {
	local out
	start_sleeper ur --memory 64m
	pm update --memory 48m ur >/dev/null || fail "update failed"
	expect_eq "memory limit after update" "$(pm exec ur cat /sys/fs/cgroup/memory/memory.limit_in_bytes)" 50331648
	local before
	before=$(pm inspect --format '{{.State.Pid}}' ur)
	pm restart -t 0 ur >/dev/null || fail "restart failed"
	expect_eq "status after restart" "$(pm inspect --format '{{.State.Status}}' ur)" running
	[ "$(pm inspect --format '{{.State.Pid}}' ur)" != "$before" ] || fail "restart kept pid $before"
	pm rm -f -t 0 ur >/dev/null
}

podman_setup
if [ "$RUNTIME_NAME" = crun ]; then
	hugetlb_v1_mount
fi

# run_scenario NAME FUNCTION: scenario, with the trace of podman commands in its log.
run_scenario() {
	ENG_TRACE=$W/logs/$(tr -c 'A-Za-z0-9._-' _ <<<"$1").log
	scenario "$@"
	pm rm -af -t 0 >/dev/null 2>&1
}

run_scenario "run --rm" t_run_rm
run_scenario "exit codes" t_exit_codes
run_scenario "error: missing command (127, runtime's message)" t_error_missing_command
run_scenario "error: command not executable (126, runtime's message)" t_error_not_executable
run_scenario "error: bad bind mount (runtime's message)" t_error_bad_mount
run_scenario "run -d, ps, logs, stop, start again, rm" t_detached_lifecycle
run_scenario "exec (output, status, -u -e -w, missing command, -d)" t_exec
run_scenario "exec -it" t_exec_tty
run_scenario "run -it" t_run_tty
run_scenario "kill with a signal" t_kill_signal
run_scenario "pause and unpause" t_pause
run_scenario "top" t_top
run_scenario "stats --no-stream" t_stats
run_scenario "inspect" t_inspect
run_scenario "--memory --cpus --pids-limit in the cgroup files" t_resources
run_scenario "--cap-add and --cap-drop" t_capabilities
run_scenario "--read-only" t_read_only
run_scenario "--user -e -w --hostname" t_user_env_workdir_hostname
run_scenario "--network none" t_network_none
run_scenario "-v bind mounts" t_bind_mounts
run_scenario "--tmpfs" t_tmpfs
run_scenario "--init" t_init
run_scenario "--security-opt no-new-privileges" t_no_new_privileges
run_scenario "--device" t_device
run_scenario "default seccomp profile" t_seccomp_default
run_scenario "run -i (stdin)" t_stdin
run_scenario "--privileged" t_privileged
run_scenario "--ulimit --shm-size --sysctl" t_ulimit_shm_sysctl
run_scenario "update and restart" t_update_restart

eng_finish
