# t-rootless.sh: the runtime run by an unprivileged user (made here with useradd) on a `spec --rootless`
# config: create, start, exec, kill and delete in a user namespace that maps only that user's ids, state
# under $XDG_RUNTIME_DIR by default, no cgroup (none is writable and no limits are asked), a clear
# error when limits are asked or another user's ids are mapped, and nothing left behind.

source "$(dirname "${BASH_SOURCE[0]}")/security-lib.sh"

# rootless_setup: a fresh user $RL_USER ($RL_UID), its $XDG_RUNTIME_DIR ($RL_XDG) and a bundle
# $RL_BUNDLE it owns, with the config the runtime's `spec --rootless` writes for it.
rootless_setup() {
	command -v useradd >/dev/null && command -v runuser >/dev/null || skip "useradd and runuser are needed"
	RL_USER=ocirl$TEST_TOKEN$TEST_NUMBER
	useradd -M -N -s /bin/sh "$RL_USER" || fail "useradd $RL_USER"
	trap rootless_cleanup EXIT
	RL_UID=$(id -u "$RL_USER")
	RL_XDG=$T/xdg
	mkdir -p "$RL_XDG"
	chown "$RL_USER" "$RL_XDG"
	chmod 700 "$RL_XDG"
	RL_BUNDLE=$T/rootless
	mkdir -p "$RL_BUNDLE"
	cp -a "$ROOTFS" "$RL_BUNDLE/rootfs"
	chown "$RL_USER" "$RL_BUNDLE"
	(cd "$RL_BUNDLE" && as_user "$RUNTIME" spec --rootless) || fail "spec --rootless as $RL_USER"
	BUNDLE=$RL_BUNDLE
	cfg '.process.terminal = false | .root.path = "rootfs"'
	assert_eq "$(jq -c '.linux.uidMappings' "$BUNDLE/config.json")" \
		"[{\"containerID\":0,\"hostID\":$RL_UID,\"size\":1}]" "uidMappings of spec --rootless"
	case $RUNTIME_NAME in
	runc) RL_ROOT=$RL_XDG/runc ;;
	*) RL_ROOT=$RL_XDG/oci-run ;;
	esac
}

# as_user COMMAND...: runs COMMAND as $RL_USER with its XDG_RUNTIME_DIR and nothing of ours.
as_user() {
	runuser -u "$RL_USER" -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin XDG_RUNTIME_DIR="$RL_XDG" HOME="$RL_XDG" \
		USER="$RL_USER" "$@"
}

# rl ARGS...: the runtime as $RL_USER, without --root (the default is under test). Sets $status,
# $out, $err like rt.
rl() {
	cmd_seq=$((cmd_seq + 1))
	out_file=$T/rl$cmd_seq.out
	err_file=$T/rl$cmd_seq.err
	echo "+ ($RL_USER) $RUNTIME_NAME $*" >>"$T/commands"
	# the container keeps these open: files it may write, created by us and given to the user
	: >"$out_file"
	: >"$err_file"
	chown "$RL_USER" "$out_file" "$err_file"
	timeout -k 5 30 runuser -u "$RL_USER" -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin XDG_RUNTIME_DIR="$RL_XDG" \
		HOME="$RL_XDG" USER="$RL_USER" ${RL_ENV:-} "$RUNTIME" "$@" </dev/null >"$out_file" 2>"$err_file"
	status=$?
	out=$(cat "$out_file")
	err=$(cat "$err_file")
	echo "  -> status $status${err:+, stderr: $(head -c 400 <<<"$err")}" >>"$T/commands"
}

rootless_cleanup() {
	local dir
	for dir in "$RL_ROOT"/*; do
		[ -d "$dir" ] && rl delete --force "$(basename "$dir")"
	done
	local pid
	for pid in $(pgrep -u "$RL_UID" 2>/dev/null); do
		kill -KILL "$pid" 2>/dev/null
	done
	userdel "$RL_USER" 2>/dev/null
}

test_rootless_lifecycle_in_a_user_namespace() {
	rootless_setup
	set_args sh -c 'id -u; cat /proc/self/uid_map; cat /proc/self/setgroups; echo ready; exec sleep 1000'
	new_id
	rl create --bundle "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || fail "create as $RL_USER exited $status: $err"
	local ct_out=$out_file
	# the state lives under $XDG_RUNTIME_DIR, owned by the user
	[ -d "$RL_ROOT/$id" ] || fail "no state dir $RL_ROOT/$id ($(ls -la "$RL_XDG"))"
	assert_eq "$(stat -c %U "$RL_ROOT/$id")" "$RL_USER" "owner of the state dir"
	rl state "$id"
	assert_eq "$(jq -r .status <<<"$out")" created "status after create"
	local pid
	pid=$(jq -r .pid <<<"$out")
	rl start "$id"
	[ "$status" -eq 0 ] || fail "start as $RL_USER exited $status: $err"
	wait_file "$ct_out"
	local deadline=$((SECONDS + 10))
	until grep -q '^ready$' "$ct_out"; do
		[ "$SECONDS" -le "$deadline" ] || fail "the container never got ready: $(cat "$ct_out")"
		sleep 0.05
	done
	local seen
	seen=$(cat "$ct_out")
	# root inside, the user outside, mapped alone, and no setgroups for an unprivileged writer
	assert_line "$seen" "0"
	assert_match "$seen" "^ +0 +$RL_UID +1$"
	assert_line "$seen" "deny"
	assert_eq "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" "$RL_UID" "host uid of the container's process"
	assert_ne "$(readlink "/proc/$pid/ns/user")" "$(host_ns user)" "user namespace"
	# no cgroup could be made: the process is still in the one the user's runtime was in
	local dir
	for dir in $(cgroup_dirs_of "$id"); do
		[ ! -e "$dir" ] || fail "a cgroup was made: $dir"
	done
	# A rootless exec joins the container's user and pid namespaces for good (it has no right to
	# come back): in a sanitizer build, LeakSanitizer's exit-time tracer cannot stop the world from
	# there and spins. Leak checking is off for this one command; a plain build ignores the variable.
	RL_ENV=ASAN_OPTIONS=detect_leaks=0 rl exec "$id" sh -c 'id -u; cat /proc/self/uid_map'
	[ "$status" -eq 0 ] || fail "exec as $RL_USER exited $status: $err"
	assert_line "$out" "0"
	assert_match "$out" "^ +0 +$RL_UID +1$"
	rl kill "$id" KILL
	[ "$status" -eq 0 ] || fail "kill as $RL_USER exited $status: $err"
	local tries=0
	while :; do
		rl state "$id"
		[ "$(jq -r .status <<<"$out")" = stopped ] && break
		tries=$((tries + 1))
		[ $tries -lt 100 ] || fail "not stopped after kill: $out"
		sleep 0.05
	done
	rl delete "$id"
	[ "$status" -eq 0 ] || fail "delete as $RL_USER exited $status: $err"
	[ ! -e "$RL_ROOT/$id" ] || fail "state dir left behind"
	assert_no_traces "$id" "$pid"
}

test_rootless_run_in_the_foreground() {
	rootless_setup
	set_args sh -c 'id -u; ls /sys/fs/cgroup | head -n1; touch /dev/shm/x && echo shm-ok'
	new_id
	rl run --bundle "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || fail "run as $RL_USER exited $status: $err"
	assert_line "$out" "0"
	assert_line "$out" "shm-ok"
	[ ! -e "$RL_ROOT/$id" ] || fail "state dir left behind"
	assert_no_traces "$id"
}

test_rootless_limits_need_a_delegated_cgroup() {
	rootless_setup
	cfg '.linux.resources = {pids: {limit: 100}}'
	new_id
	rl create --bundle "$BUNDLE" "$id"
	[ "$status" -ne 0 ] || fail "create with limits but no writable cgroup succeeded"
	if is_runtime runc; then
		assert_match "$err" '[Pp]ermission denied|cgroup'
	else
		assert_match "$err" 'linux\.resources: a rootless container gets limits only from a cgroup delegated to its user: .*Permission denied'
	fi
	[ ! -e "$RL_ROOT/$id" ] || fail "state dir left behind"
	assert_no_traces "$id"
}

test_rootless_cannot_map_another_users_ids() {
	rootless_setup
	cfg '.linux.uidMappings = [{containerID: 0, hostID: ($u + 1), size: 1}]' --argjson u "$RL_UID"
	new_id
	rl create --bundle "$BUNDLE" "$id"
	[ "$status" -ne 0 ] || fail "a map of someone else's uid was written"
	if is_runtime runc; then
		# runc 1.1 fails earlier, chowning its exec fifo to the mapped root
		assert_match "$err" 'operation not permitted'
	else
		assert_match "$err" 'linux\.uidMappings: write /proc/[0-9]+/uid_map: Operation not permitted'
	fi
	[ ! -e "$RL_ROOT/$id" ] || fail "state dir left behind"
	assert_no_traces "$id"
}
