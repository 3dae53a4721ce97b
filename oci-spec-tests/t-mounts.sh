# t-mounts.sh: the container's filesystem: read-only root, every mount type of the default config and
# bind mounts, the /dev nodes and links, masked and read-only paths, pivot_root and --no-pivot.

# run_sh SCRIPT [RUN FLAGS...]: runs `sh -c SCRIPT` in a container of the current bundle; sets $out.
run_sh() {
	local script=$1
	shift
	set_args sh -c "$script"
	new_id
	use_cgroup_path
	rt run "$@" --bundle "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || fail "run sh -c '$script' exited $status: $err (stdout: $out)"
}

# mount_line DEST: the `oci-check mounts` line of the topmost mount at DEST in $out.
mount_line() {
	grep "^mount=$1 " <<<"$out" | tail -n1
}

test_readonly_root() {
	new_bundle
	cfg '.root.readonly = true'
	run_sh 'oci-check mounts; if touch /ro-test 2>/dev/null; then echo write=ok; else echo write=refused; fi'
	assert_line "$out" "write=refused"
	assert_match "$(mount_line /)" ' opts=ro[, ]'
	# Mounts on top of a read-only root stay writable where configured.
	assert_match "$(mount_line /dev/shm)" ' opts=rw[, ]'
}

test_writable_root() {
	new_bundle
	cfg '.root.readonly = false'
	local name=rw-test-$TEST_TOKEN-$TEST_NUMBER
	run_sh "oci-check mounts; touch /$name && echo write=ok"
	rm -f "$ROOTFS/$name"
	assert_line "$out" "write=ok"
	assert_match "$(mount_line /)" ' opts=rw[, ]'
}

test_default_mount_types() {
	new_bundle
	set_args oci-check mounts
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	assert_exit 0
	local expect
	for expect in /proc:proc /sys:sysfs /dev:tmpfs /dev/pts:devpts /dev/shm:tmpfs /dev/mqueue:mqueue; do
		local line
		line=$(mount_line "${expect%%:*}")
		[ -n "$line" ] || fail "no mount at ${expect%%:*} in:"$'\n'"$out"
		assert_match "$line" " type=${expect#*:} "
	done
	# v1 hosts get a tmpfs with one cgroup mount per hierarchy below it; v2 hosts one cgroup2 mount.
	assert_match "$out" '^mount=/sys/fs/cgroup(/[^ ]*)? type=cgroup2? '
	assert_match "$(mount_line /sys)" ' opts=ro[, ]'
	assert_match "$(mount_line /dev/pts)" ' opts=[^ ]*noexec'
	assert_match "$(mount_line /dev/mqueue)" ' opts=[^ ]*nodev'
}

test_bind_mounts() {
	new_bundle
	mkdir -p "$T/data" "$T/rodata"
	echo from-host >"$T/data/marker"
	echo read-only >"$T/rodata/marker"
	echo single-file >"$T/file"
	add_bind "$T/data" /data
	add_bind "$T/rodata" /rodata ro
	add_bind "$T/file" /etc/bound-file
	run_sh 'oci-check mounts; cat /data/marker; echo from-container > /data/written;
		cat /rodata/marker; if echo x > /rodata/x 2>/dev/null; then echo rodata=writable; fi;
		cat /etc/bound-file'
	assert_line "$out" from-host
	assert_line "$out" read-only
	assert_line "$out" single-file
	assert_no_line "$out" rodata=writable
	assert_eq "$(cat "$T/data/written" 2>/dev/null)" from-container "file written through the bind mount"
	[ -n "$(mount_line /data)" ] || fail "no mount at /data"
	assert_match "$(mount_line /rodata)" ' opts=ro[, ]'
	[ -n "$(mount_line /etc/bound-file)" ] || fail "no mount at /etc/bound-file"
	# Bind mounts are private to the container: nothing appears on the host.
	! grep -q " $ROOTFS/data " /proc/self/mountinfo || fail "the container's bind mount leaked to the host"
}

test_dev_nodes_and_links() {
	new_bundle
	run_sh 'stat -c "%n %F %t:%T" /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty;
		for link in fd stdin stdout stderr ptmx; do echo "$link -> $(readlink /dev/$link)"; done;
		echo x > /dev/null && echo null=ok; head -c 7 /dev/zero | wc -c; head -c 5 /dev/urandom | wc -c;
		if echo x > /dev/full 2>/dev/null; then echo full=wrote; else echo full=ENOSPC; fi'
	local node
	for node in "null 1:3" "zero 1:5" "full 1:7" "random 1:8" "urandom 1:9" "tty 5:0"; do
		assert_line "$out" "/dev/${node% *} character special file ${node#* }"
	done
	assert_line "$out" "fd -> /proc/self/fd"
	assert_line "$out" "stdin -> /proc/self/fd/0"
	assert_line "$out" "stdout -> /proc/self/fd/1"
	assert_line "$out" "stderr -> /proc/self/fd/2"
	assert_match "$out" '^ptmx -> (pts/ptmx|/dev/pts/ptmx)$'
	assert_line "$out" "null=ok"
	assert_line "$out" 7
	assert_line "$out" 5
	assert_line "$out" "full=ENOSPC"
}

test_masked_and_readonly_paths() {
	new_bundle
	run_sh 'oci-check mounts; echo kcore=$(head -c 64 /proc/kcore | wc -c); echo firmware=$(ls -A /sys/firmware | wc -l);
		if echo 1 > /proc/sys/vm/drop_caches 2>/dev/null; then echo procsys=writable; fi'
	assert_line "$out" "kcore=0"
	assert_line "$out" "firmware=0"
	assert_no_line "$out" "procsys=writable"
	assert_match "$(mount_line /proc/sys)" ' opts=ro[, ]'
}

# After pivot_root (or --no-pivot's move + chroot) nothing of the host's tree may be visible.
assert_only_container_mounts() {
	local mountpoint
	while read -r mountpoint; do
		case $mountpoint in
		/ | /proc | /proc/* | /sys | /sys/* | /dev | /dev/* | /data | /rodata | /etc/bound-file) ;;
		*) fail "unexpected mount '$mountpoint' in the container:"$'\n'"$out" ;;
		esac
	done < <(sed -n 's/^mount=\([^ ]*\) .*/\1/p' <<<"$out")
	assert_line "$out" "host-dir=absent"
}

test_pivot_root_hides_host() {
	new_bundle
	run_sh 'echo shpid=$$; oci-check mounts; [ -e /work ] || [ -e /usr/lib/os-release ] || echo host-dir=absent'
	assert_line "$out" "shpid=1"
	assert_only_container_mounts
}

test_no_pivot() {
	new_bundle
	run_sh 'echo shpid=$$; oci-check hostname mounts; [ -e /work ] || [ -e /usr/lib/os-release ] || echo host-dir=absent' --no-pivot
	assert_line "$out" "shpid=1"
	assert_line "$out" "hostname=oci-test"
	assert_only_container_mounts
}
