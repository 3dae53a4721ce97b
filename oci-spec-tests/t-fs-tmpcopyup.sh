# t-fs-tmpcopyup.sh: the tmpcopyup option of tmpfs mounts: the rootfs content of the destination is
# copied into the new tmpfs with its modes, owners, times, symlinks and nodes, never from the host.

# populate_data DIR: a tree with every kind of file, odd modes and owners.
populate_data() {
	local d=$1
	mkdir -p "$d/sub/deeper" "$d/empty"
	printf 'regular content\n' >"$d/file"
	chmod 0640 "$d/file"
	chown 12:34 "$d/file"
	touch -m -d '2001-02-03 04:05:06' "$d/file"
	cp /bin/busybox "$d/setuid"
	chmod 4755 "$d/setuid"
	echo deep >"$d/sub/deeper/f"
	chmod 0750 "$d/sub"
	chown 5:6 "$d/sub"
	chmod 0700 "$d/empty"
	ln -s /etc/passwd "$d/abs-link"
	ln -s sub/deeper/f "$d/rel-link"
	# a link to a host path: copied as a link, never followed on the host
	ln -s "$T/host-secret" "$d/host-link"
	chown -h 21:22 "$d/rel-link"
	# runc 1.1 fails to copy fifos and device nodes (it chowns what it never made)
	if ! is_runtime runc; then
		mkfifo "$d/fifo"
		mknod "$d/null" c 1 3
	fi
	chmod 0751 "$d"
	chown 7:8 "$d"
}

test_tmpcopyup_copies_the_rootfs_content() {
	new_bundle
	private_rootfs
	echo host-secret >"$T/host-secret"
	populate_data "$T/rootfs/data"
	add_mount /data tmpfs tmpfs tmpcopyup size=16m
	# root in the container reads and writes files it does not own
	cfg '.process.capabilities.bounding += ["CAP_DAC_OVERRIDE"] | .process.capabilities.effective += ["CAP_DAC_OVERRIDE"] | .process.capabilities.permitted += ["CAP_DAC_OVERRIDE"]'
	ct_sh 'oci-check mounts | grep "^mount=/data "
		cd /data && for f in . file setuid sub sub/deeper sub/deeper/f empty abs-link rel-link host-link fifo null; do
			stat -c "entry=%n %F %a %u:%g" $f; done
		stat -c "mtime=%Y" file; cat file sub/deeper/f rel-link; echo abs=$(readlink abs-link)
		echo host=$(readlink host-link); if [ -e host-link ]; then echo host-link=resolves; fi
		echo written > /data/new; echo changed > /data/file'
	assert_match "$out" '^mount=/data type=tmpfs '
	# runc 1.1 gives the tmpfs root the covered directory's mode but not its owner
	if is_runtime runc; then
		assert_line "$out" "entry=. directory 751 0:0"
	else
		assert_line "$out" "entry=. directory 751 7:8"
	fi
	assert_line "$out" "entry=file regular file 640 12:34"
	assert_line "$out" "entry=setuid regular file 4755 0:0"
	assert_line "$out" "entry=sub directory 750 5:6"
	assert_line "$out" "entry=sub/deeper directory 755 0:0"
	assert_line "$out" "entry=sub/deeper/f regular file 644 0:0"
	assert_line "$out" "entry=empty directory 700 0:0"
	assert_line "$out" "entry=abs-link symbolic link 777 0:0"
	assert_line "$out" "entry=rel-link symbolic link 777 21:22"
	assert_line "$out" "entry=host-link symbolic link 777 0:0"
	if ! is_runtime runc; then
		assert_line "$out" "entry=fifo fifo 644 0:0"
		assert_line "$out" "entry=null character special file 644 0:0"
	fi
	# runc 1.1 does not keep modification times
	is_runtime runc || assert_line "$out" "mtime=$(date -d '2001-02-03 04:05:06' +%s)"
	assert_line "$out" "regular content"
	assert_line "$out" "deep"
	assert_eq "$(grep -c '^deep$' <<<"$out")" 2 "sub/deeper/f read directly and through rel-link"
	assert_line "$out" "abs=/etc/passwd"
	assert_line "$out" "host=$T/host-secret"
	assert_no_line "$out" "host-link=resolves"
	assert_no_line "$out" "host-secret"
	# The container wrote to the tmpfs, not to the rootfs.
	[ ! -e "$T/rootfs/data/new" ] || fail "a write to the tmpfs reached the rootfs"
	assert_eq "$(cat "$T/rootfs/data/file")" "regular content" "rootfs file behind the tmpfs"
}

test_tmpcopyup_root_options_win() {
	new_bundle
	private_rootfs
	mkdir -p "$T/rootfs/data"
	echo x >"$T/rootfs/data/f"
	chmod 0751 "$T/rootfs/data"
	chown 7:8 "$T/rootfs/data"
	add_mount /data tmpfs tmpfs tmpcopyup mode=1777 uid=3
	ct_sh 'stat -c "root=%a %u:%g" /data; cat /data/f'
	# mode= and uid= say what the root is; the gid, not given, is the covered directory's. runc 1.1
	# copies the covered directory's mode over mode= and leaves the owner to the options.
	if is_runtime runc; then
		assert_line "$out" "root=751 3:0"
	else
		assert_line "$out" "root=1777 3:8"
	fi
	assert_line "$out" x
}

test_tmpcopyup_read_only() {
	new_bundle
	private_rootfs
	mkdir -p "$T/rootfs/data"
	echo kept >"$T/rootfs/data/f"
	add_mount /data tmpfs tmpfs tmpcopyup ro
	ct_sh 'oci-check mounts | grep "^mount=/data "; cat /data/f; if touch /data/x 2>/dev/null; then echo write=ok; fi'
	assert_line "$out" kept
	assert_match "$out" '^mount=/data type=tmpfs [^ ]* [^ ]* opts=ro[, ]'
	assert_no_line "$out" write=ok
}

test_tmpcopyup_missing_destination_is_empty() {
	new_bundle
	add_mount /nowhere/data tmpfs tmpfs tmpcopyup
	ct_sh 'oci-check mounts | grep "^mount=/nowhere/data "; echo entries=$(ls -A /nowhere/data | wc -l)'
	assert_match "$out" '^mount=/nowhere/data type=tmpfs '
	assert_line "$out" entries=0
}

# The destination is a symlink to a host directory: resolved inside the rootfs, so nothing of the
# host directory is copied, and the host directory is untouched.
test_tmpcopyup_does_not_copy_from_the_host() {
	new_bundle
	private_rootfs
	mkdir -p "$T/hostdir"
	echo host-secret >"$T/hostdir/secret"
	ln -s "$T/hostdir" "$T/rootfs/data"
	ln -s ../../../../../../../../../.. "$T/rootfs/up"
	add_mount /data tmpfs tmpfs tmpcopyup
	add_mount "/up$T/hostdir/sub" tmpfs tmpfs tmpcopyup
	ct_sh "ls -A /data; ls -A /up$T/hostdir; cat /data/secret 2>/dev/null; touch /data/from-ct"
	assert_no_line "$out" secret
	assert_no_line "$out" host-secret
	assert_eq "$(ls -A "$T/hostdir")" secret "the host directory's entries"
	assert_eq "$(host_mounts_under "$T/hostdir")" "" "host mounts under $T/hostdir"
	# the link was followed inside the rootfs instead
	[ -d "$T/rootfs$T/hostdir" ] || fail "mount point not made inside the rootfs"
}

test_tmpcopyup_on_a_bind_mount_is_refused() {
	# runc 1.1 ignores tmpcopyup on anything but tmpfs; oci-run refuses a flag it would not apply.
	is_runtime runc && skip "runc ignores tmpcopyup on bind mounts"
	new_bundle
	mkdir -p "$T/src"
	add_bind "$T/src" /data tmpcopyup
	local index
	index=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
	expect_refused "mounts\\[$index\\].*tmpcopyup" tmpcopyup
}
