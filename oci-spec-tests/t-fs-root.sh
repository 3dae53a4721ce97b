# t-fs-root.sh: the container's root as a whole: linux.rootfsPropagation (seen in mountinfo and in
# what host mounts reach the container), root.readonly, maskedPaths, readonlyPaths, mountLabel.

# prop_of DEST: the propagation fields of the topmost mount at DEST in $out.
prop_of() {
	grep "^prop=$1 " <<<"$out" | tail -n1 | cut -d' ' -f2-
}

test_root_propagation_private() {
	local value
	for value in private rprivate; do
		new_bundle
		cfg '.linux.rootfsPropagation = $p' --arg p "$value"
		ct_sh 'oci-check propagation'
		assert_eq "$(prop_of /)" private "propagation of / for $value"
		assert_eq "$(prop_of /dev)" private "propagation of /dev for $value"
	done
}

# runc 1.1 refuses unbindable roots (its bind of the rootfs fails) and leaves a shared root private.
test_root_propagation_unbindable_and_shared() {
	is_runtime runc && skip "runc 1.1 refuses an unbindable root and does not share it"
	new_bundle
	cfg '.linux.rootfsPropagation = "unbindable"'
	ct_sh 'oci-check propagation'
	assert_eq "$(prop_of /)" unbindable "propagation of / for unbindable"
	assert_eq "$(prop_of /dev)" private "propagation of /dev for unbindable"
	cfg '.linux.rootfsPropagation = "runbindable"'
	ct_sh 'oci-check propagation'
	assert_eq "$(prop_of /dev)" unbindable "propagation of /dev for runbindable"
	cfg '.linux.rootfsPropagation = "shared"'
	ct_sh 'oci-check propagation'
	assert_match "$(prop_of /)" '^shared:[0-9]+$'
	assert_eq "$(prop_of /dev)" private "propagation of /dev for shared"
	cfg '.linux.rootfsPropagation = "rshared"'
	ct_sh 'oci-check propagation'
	assert_match "$(prop_of /dev)" '^shared:[0-9]+$'
}

# host_shared_rootfs: a private rootfs that is a shared mount on the host, with an empty /late.
host_shared_rootfs() {
	new_bundle
	private_rootfs
	cfg '.root.readonly = false'
	mkdir -p "$T/rootfs/late" "$T/rootfs/from-ct"
	trap 'umount -R -l "$T/rootfs" 2>/dev/null' EXIT
	mount --bind "$T/rootfs" "$T/rootfs" && mount --make-shared "$T/rootfs" ||
		fail "make $T/rootfs a shared mount"
	# the container tries to mount too, to show its mounts stay in it
	cfg '.process.capabilities.bounding += ["CAP_SYS_ADMIN"] | .process.capabilities.effective += ["CAP_SYS_ADMIN"] | .process.capabilities.permitted += ["CAP_SYS_ADMIN"]'
	set_args sh -c 'oci-check propagation | grep "^prop=/ "; [ -e /late/marker ] && echo late-mount=seen
		mount -t tmpfs tmpfs /from-ct && echo ct-mount=ok'
}

# late_host_mount_run: create, mount a tmpfs with a marker on the host's $T/rootfs/late, start, and
# collect the output in $out.
late_host_mount_run() {
	create_container
	mount -t tmpfs -o size=1m tmpfs "$T/rootfs/late" && touch "$T/rootfs/late/marker" ||
		fail "mount on $T/rootfs/late"
	rt_ok start "$id"
	wait_status "$id" stopped
	rt_ok delete "$id"
	out=$(cat "$ct_out")
	umount "$T/rootfs/late"
}

# The default (rslave) root receives what the host mounts in the rootfs after create; a private
# root does not; neither sends the container's own mounts to the host.
test_slave_root_receives_host_mounts() {
	# runc 1.1 makes a rootfs that is itself a mount point private, whatever rootfsPropagation says
	is_runtime runc && skip "runc 1.1 makes a mount-point rootfs private"
	local value
	for value in default rslave slave; do
		host_shared_rootfs
		[ "$value" = default ] || cfg '.linux.rootfsPropagation = $p' --arg p "$value"
		late_host_mount_run
		assert_line "$out" late-mount=seen
		assert_line "$out" ct-mount=ok
		assert_eq "$(host_mounts_under "$T/rootfs/from-ct")" "" "host mounts under $T/rootfs/from-ct ($value)"
		umount -R -l "$T/rootfs"
	done
}

test_private_root_receives_nothing() {
	host_shared_rootfs
	cfg '.linux.rootfsPropagation = "rprivate"'
	late_host_mount_run
	assert_no_line "$out" late-mount=seen
	assert_line "$out" ct-mount=ok
	assert_eq "$(host_mounts_under "$T/rootfs/from-ct")" "" "host mounts under $T/rootfs/from-ct"
}

test_readonly_root_with_writable_mounts() {
	new_bundle
	cfg '.root.readonly = true'
	add_mount /tmp tmpfs tmpfs
	ct_sh 'oci-check mounts | grep "^mount=/ "
		if touch /ro-test 2>/dev/null; then echo root=writable; fi
		if mkdir /bin/x 2>/dev/null; then echo bin=writable; fi
		touch /tmp/ok && echo tmp=writable'
	assert_match "$out" '^mount=/ .* opts=ro[, ]'
	assert_no_line "$out" root=writable
	assert_no_line "$out" bin=writable
	assert_line "$out" tmp=writable
	[ ! -e "$ROOTFS/ro-test" ] || fail "the read-only root was written"
}

test_masked_paths() {
	new_bundle
	private_rootfs
	mkdir -p "$T/rootfs/secret-dir/sub"
	echo dir-secret >"$T/rootfs/secret-dir/file"
	echo file-secret >"$T/rootfs/secret-file"
	cfg '.linux.maskedPaths = ["/secret-dir", "/secret-file", "/does-not-exist", "/proc/kcore"]'
	ct_sh 'echo dir-entries=$(ls -A /secret-dir | wc -l); echo file=$(cat /secret-file)
		if touch /secret-dir/x 2>/dev/null; then echo dir=writable; fi
		echo x > /secret-file; echo file-after=$(cat /secret-file)
		[ -e /does-not-exist ] || echo missing=still-missing
		oci-check mounts | grep "^mount=/secret"'
	assert_line "$out" dir-entries=0
	assert_line "$out" file=
	assert_line "$out" file-after=
	assert_no_line "$out" dir=writable
	assert_line "$out" missing=still-missing
	assert_match "$out" '^mount=/secret-dir type=tmpfs .* opts=ro[, ]'
	assert_match "$out" '^mount=/secret-file '
	# the rootfs keeps its content
	assert_eq "$(cat "$T/rootfs/secret-file")" file-secret "masked file in the rootfs"
}

test_readonly_paths() {
	new_bundle
	private_rootfs
	cfg '.root.readonly = false'
	mkdir -p "$T/rootfs/ro-dir" "$T/rootfs/rw-dir"
	echo kept >"$T/rootfs/ro-dir/file"
	echo kept >"$T/rootfs/ro-file"
	cfg '.linux.readonlyPaths = ["/ro-dir", "/ro-file", "/does-not-exist"]'
	ct_sh 'cat /ro-dir/file
		if touch /ro-dir/x 2>/dev/null; then echo ro-dir=writable; fi
		if echo x >> /ro-file 2>/dev/null; then echo ro-file=writable; fi
		touch /rw-dir/x && echo rw-dir=writable
		oci-check mounts | grep "^mount=/ro-"'
	assert_line "$out" kept
	assert_no_line "$out" ro-dir=writable
	assert_no_line "$out" ro-file=writable
	assert_line "$out" rw-dir=writable
	assert_match "$out" '^mount=/ro-dir .* opts=ro[, ]'
	assert_match "$out" '^mount=/ro-file .* opts=ro[, ]'
	assert_eq "$(cat "$T/rootfs/ro-file")" kept "read-only file in the rootfs"
}

# oci-run applies no SELinux label, so a mountLabel is refused rather than ignored; runc 1.1 passes
# context= to the filesystems, which the kernel refuses on a host without SELinux.
test_mount_label_is_refused_without_selinux() {
	[ -e /sys/fs/selinux/enforce ] && skip "SELinux is enabled on this host"
	new_bundle
	cfg '.linux.mountLabel = "system_u:object_r:container_file_t:s0:c1,c2"'
	add_mount /t tmpfs tmpfs size=1m
	expect_refused 'linux\.mountLabel' 'context|invalid argument'
}

test_bad_root_propagation_is_refused() {
	new_bundle
	cfg '.linux.rootfsPropagation = "sideways"'
	expect_refused 'linux\.rootfsPropagation.*sideways' 'sideways|propagation'
}
