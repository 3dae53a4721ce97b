# t-fs-options.sh: every mount option runc accepts, seen from inside the container: the flag options
# on a filesystem and on bind mounts (a second, remount step), the r- forms on whole trees,
# propagation, remount, data options passed to the filesystem, and unknown options refused.

# field_of DEST FIELD: the FIELD (opts, super, type) of the topmost `oci-check mounts` line at DEST in $out.
field_of() {
	grep "^mount=$1 " <<<"$out" | tail -n1 | sed -n "s/.* $2=\([^ ]*\).*/\1/p"
}

# assert_opt DEST FIELD OPTION / assert_no_opt: OPTION is (not) one of the comma-separated FIELD.
assert_opt() {
	local value
	value=$(field_of "$1" "$2")
	[ -n "$value" ] || fail "no mount at $1 in:"$'\n'"$out"
	[[ ,$value, == *",$3,"* ]] || fail "mount $1: $2 '$value' lacks $3"
}

assert_no_opt() {
	local value
	value=$(field_of "$1" "$2")
	[ -n "$value" ] || fail "no mount at $1 in:"$'\n'"$out"
	[[ ,$value, != *",$3,"* ]] || fail "mount $1: $2 '$value' has $3"
}

test_flag_options_on_tmpfs() {
	new_bundle
	add_mount /m/ro tmpfs tmpfs ro
	add_mount /m/rw tmpfs tmpfs ro rw
	add_mount /m/nosuid tmpfs tmpfs nosuid nodev noexec
	add_mount /m/suid tmpfs tmpfs nosuid suid nodev dev noexec exec
	add_mount /m/noatime tmpfs tmpfs noatime nodiratime
	add_mount /m/atime tmpfs tmpfs noatime atime nodiratime diratime
	add_mount /m/relatime tmpfs tmpfs relatime
	add_mount /m/norelatime tmpfs tmpfs relatime norelatime strictatime
	add_mount /m/strictatime tmpfs tmpfs strictatime
	add_mount /m/nostrictatime tmpfs tmpfs strictatime nostrictatime
	add_mount /m/sync tmpfs tmpfs sync dirsync
	add_mount /m/async tmpfs tmpfs sync async
	add_mount /m/nosymfollow tmpfs tmpfs nosymfollow
	add_mount /m/mand tmpfs tmpfs mand
	add_mount /m/nomand tmpfs tmpfs mand nomand
	add_mount /m/lazytime tmpfs tmpfs lazytime
	add_mount /m/nolazytime tmpfs tmpfs lazytime nolazytime
	# runc 1.1 passes "defaults" to the filesystem as data, which tmpfs refuses; mount(8) and
	# oci-run take it as the no-op it is.
	is_runtime runc || add_mount /m/defaults tmpfs tmpfs defaults
	ct_sh 'oci-check mounts
		if touch /m/ro/x 2>/dev/null; then echo ro=writable; fi
		touch /m/rw/x && echo rw=writable
		cp /bin/busybox /m/nosuid/busybox && { /m/nosuid/busybox true 2>/dev/null || echo noexec=refused; }
		cp /bin/busybox /m/suid/busybox && /m/suid/busybox true && echo exec=ok
		echo target > /m/nosymfollow/file; ln -s file /m/nosymfollow/link
		if cat /m/nosymfollow/link >/dev/null 2>&1; then echo nosymfollow=followed; fi
		echo target > /m/rw/file; ln -s file /m/rw/link; cat /m/rw/link'
	assert_no_line "$out" ro=writable
	assert_line "$out" rw=writable
	assert_line "$out" noexec=refused
	assert_line "$out" exec=ok
	assert_no_line "$out" nosymfollow=followed
	assert_line "$out" target
	assert_opt /m/ro opts ro
	assert_opt /m/rw opts rw
	local opt
	for opt in nosuid nodev noexec; do
		assert_opt /m/nosuid opts $opt
		assert_no_opt /m/suid opts $opt
	done
	assert_opt /m/noatime opts noatime
	assert_opt /m/noatime opts nodiratime
	assert_no_opt /m/atime opts noatime
	assert_no_opt /m/atime opts nodiratime
	assert_opt /m/relatime opts relatime
	# strictatime shows as neither relatime nor noatime
	for opt in relatime noatime; do
		assert_no_opt /m/strictatime opts $opt
		assert_no_opt /m/norelatime opts $opt
	done
	assert_opt /m/nostrictatime opts relatime
	assert_opt /m/sync super sync
	assert_opt /m/sync super dirsync
	assert_no_opt /m/async super sync
	assert_opt /m/nosymfollow opts nosymfollow
	assert_opt /m/lazytime super lazytime
	assert_no_opt /m/nolazytime super lazytime
	assert_no_opt /m/rw opts nosymfollow
	is_runtime runc || assert_opt /m/defaults opts rw
	# Mandatory locking is gone from the kernel (5.15): the option is accepted and has no effect.
	[ -n "$(field_of /m/mand opts)" ] || fail "no mount at /m/mand"
	[ -n "$(field_of /m/nomand opts)" ] || fail "no mount at /m/nomand"
}

test_data_options_pass_through() {
	new_bundle
	add_mount /data tmpfs tmpfs size=1m mode=0710 uid=5 gid=6 nr_inodes=100
	ct_sh 'oci-check mounts; stat -c "stat=%a %u %g" /data'
	assert_line "$out" "stat=710 5 6"
	local opt
	for opt in size=1024k mode=710 uid=5 gid=6 nr_inodes=100; do
		assert_opt /data super $opt
	done
}

test_remount_option() {
	new_bundle
	add_mount /r tmpfs tmpfs size=1m
	add_mount /r tmpfs tmpfs remount ro size=2m
	ct_sh 'oci-check mounts; if touch /r/x 2>/dev/null; then echo write=ok; fi'
	# one mount at /r, changed in place
	assert_eq "$(grep -c '^mount=/r ' <<<"$out")" 1 "mounts at /r"
	assert_opt /r opts ro
	assert_opt /r super size=2048k
	assert_no_line "$out" write=ok
}

test_bind_flag_options_are_applied() {
	new_bundle
	mkdir -p "$T/src"
	echo from-host >"$T/src/marker"
	cp /bin/busybox "$T/src/busybox"
	echo single >"$T/file"
	add_bind "$T/src" /ro ro nosuid nodev noexec
	add_bind "$T/src" /rw rw
	add_bind "$T/file" /ro-file ro
	add_bind "$T/src" /noatime noatime nosymfollow
	ct_sh 'oci-check mounts; cat /ro/marker /ro-file
		for f in /ro/x /ro/marker /ro-file; do if echo x >> $f 2>/dev/null; then echo writable=$f; fi; done
		if /ro/busybox true 2>/dev/null; then echo exec=ok; fi
		echo written > /rw/written'
	assert_line "$out" from-host
	assert_line "$out" single
	assert_no_line "$out" writable=/ro/x
	assert_no_line "$out" writable=/ro/marker
	assert_no_line "$out" writable=/ro-file
	assert_no_line "$out" exec=ok
	assert_eq "$(cat "$T/src/written")" written "file written through the rw bind"
	assert_eq "$(cat "$T/src/marker")" from-host "host file behind the read-only bind"
	assert_eq "$(cat "$T/file")" single "host file behind the read-only file bind"
	local opt
	for opt in ro nosuid nodev noexec; do
		assert_opt /ro opts $opt
	done
	assert_opt /ro-file opts ro
	assert_opt /rw opts rw
	assert_opt /noatime opts noatime
	assert_opt /noatime opts nosymfollow
}

# A host tree with two submounts: sub (plain tmpfs) and locked (ro,nosuid,nodev,noexec). The plain
# flags change the top mount only, the r- forms every mount of the tree.
make_tree_with_submounts() {
	mkdir -p "$T/tree/sub" "$T/tree/locked"
	trap 'umount -l "$T/tree/sub" "$T/tree/locked" 2>/dev/null' EXIT
	mount -t tmpfs -o size=8m tmpfs "$T/tree/sub" || fail "mount tmpfs on $T/tree/sub"
	cp /bin/busybox "$T/tree/sub/busybox"
	mount -t tmpfs -o size=8m,nosuid,nodev,noexec tmpfs "$T/tree/locked" || fail "mount tmpfs on $T/tree/locked"
	cp /bin/busybox "$T/tree/locked/busybox"
	mount -o remount,bind,ro "$T/tree/locked" || fail "remount $T/tree/locked read-only"
}

test_recursive_options() {
	make_tree_with_submounts
	new_bundle
	add_bind "$T/tree" /plain ro noexec
	add_bind "$T/tree" /rec rro rnosuid rnodev rnoexec rnoatime rnodiratime rnosymfollow
	add_bind "$T/tree" /recclear rrw rexec rsuid rdev
	add_bind "$T/tree" /strict rstrictatime
	add_bind "$T/tree" /relat rnoatime rrelatime
	ct_sh 'oci-check mounts
		if touch /plain/sub/x 2>/dev/null; then echo plain-sub=writable; fi
		if touch /rec/sub/x 2>/dev/null; then echo rec-sub=writable; fi
		if /rec/sub/busybox true 2>/dev/null; then echo rec-sub=exec; fi
		/plain/sub/busybox true && echo plain-sub=exec
		touch /recclear/locked/x && echo recclear-locked=writable
		/recclear/locked/busybox true && echo recclear-locked=exec'
	assert_line "$out" plain-sub=writable
	assert_no_line "$out" rec-sub=writable
	assert_no_line "$out" rec-sub=exec
	assert_line "$out" plain-sub=exec
	assert_line "$out" recclear-locked=writable
	assert_line "$out" recclear-locked=exec
	assert_opt /plain opts ro
	assert_no_opt /plain/sub opts ro
	local dest opt
	for dest in /rec /rec/sub /rec/locked; do
		for opt in ro nosuid nodev noexec noatime nodiratime nosymfollow; do
			assert_opt $dest opts $opt
		done
	done
	for opt in ro nosuid nodev noexec; do
		assert_opt /plain/locked opts $opt
		assert_no_opt /recclear/locked opts $opt
	done
	for dest in /strict /strict/sub; do
		assert_no_opt $dest opts relatime
		assert_no_opt $dest opts noatime
	done
	# The last access-time option wins in oci-run, as with the plain forms; runc 1.1 ORs them, so
	# noatime stays after rrelatime there.
	if ! is_runtime runc; then
		assert_opt /relat/sub opts relatime
		assert_no_opt /relat/sub opts noatime
	fi
}

# bind copies one mount, rbind the whole tree below the source.
test_bind_and_rbind() {
	make_tree_with_submounts
	new_bundle
	cfg '.mounts += [{destination: "/b", type: "bind", source: $s, options: ["bind"]}]' --arg s "$T/tree"
	add_bind "$T/tree" /rb
	ct_sh 'oci-check mounts; echo b-sub=$(ls /b/sub | wc -l) rb-sub=$(ls /rb/sub | wc -l)'
	assert_line "$out" "b-sub=0 rb-sub=1"
	[ -n "$(field_of /b opts)" ] || fail "no mount at /b"
	[ -z "$(field_of /b/sub opts)" ] || fail "bind brought the submount /b/sub"
	assert_match "$(grep '^mount=/rb/sub ' <<<"$out")" ' type=tmpfs '
}

# prop_of DEST: the propagation fields of the topmost mount at DEST in TEXT ($out by default).
prop_of() {
	grep "^prop=$1 " <<<"${2:-$out}" | tail -n1 | cut -d' ' -f2-
}

# A host directory that is a shared mount, so the container's copies of it have a master.
make_shared_host_dir() {
	mkdir -p "$T/p"
	trap 'umount -R -l "$T/p" 2>/dev/null' EXIT
	mount --bind "$T/p" "$T/p" && mount --make-shared "$T/p" || fail "make $T/p a shared mount"
}

test_propagation_options() {
	make_shared_host_dir
	new_bundle
	add_bind "$T/p" /private private
	add_bind "$T/p" /shared shared
	add_bind "$T/p" /slave slave
	add_bind "$T/p" /unbindable unbindable
	add_mount /tmpfs-shared tmpfs tmpfs shared
	add_mount /tmpfs-private tmpfs tmpfs private
	set_args sh -c 'oci-check propagation; for d in private shared slave unbindable; do
		[ -e /$d/late/marker ] && echo late-mount-seen=$d; done; mount -t tmpfs tmpfs /shared/from-ct 2>&1; true'
	mkdir -p "$T/p/from-ct"
	create_container
	# A mount the host makes after create reaches the container's slave copies only.
	mkdir -p "$T/p/late"
	mount -t tmpfs -o size=1m tmpfs "$T/p/late" && touch "$T/p/late/marker" || fail "mount on $T/p/late"
	rt_ok start "$id"
	wait_status "$id" stopped
	rt_ok delete "$id"
	out=$(cat "$ct_out")
	assert_eq "$(prop_of /private)" private "propagation of /private"
	assert_match "$(prop_of /shared)" '^shared:[0-9]+ master:[0-9]+$'
	assert_match "$(prop_of /slave)" '^master:[0-9]+$'
	assert_eq "$(prop_of /unbindable)" unbindable "propagation of /unbindable"
	assert_match "$(prop_of /tmpfs-shared)" '^shared:[0-9]+$'
	assert_eq "$(prop_of /tmpfs-private)" private "propagation of /tmpfs-private"
	assert_line "$out" late-mount-seen=shared
	assert_line "$out" late-mount-seen=slave
	assert_no_line "$out" late-mount-seen=private
	assert_no_line "$out" late-mount-seen=unbindable
	# The container's mount under its shared (but slave) copy does not reach the host.
	assert_eq "$(host_mounts_under "$T/p/from-ct")" "" "host mounts under $T/p/from-ct"
}

# The r- propagation forms reach the submounts of an rbind too.
test_recursive_propagation() {
	make_tree_with_submounts
	new_bundle
	add_bind "$T/tree" /rp rprivate
	add_bind "$T/tree" /rs rshared
	add_bind "$T/tree" /s shared
	add_bind "$T/tree" /ru runbindable
	ct_sh 'oci-check propagation'
	assert_eq "$(prop_of /rp)" private "propagation of /rp"
	assert_eq "$(prop_of /rp/sub)" private "propagation of /rp/sub"
	assert_match "$(prop_of /rs)" '^shared:[0-9]+$'
	assert_match "$(prop_of /rs/sub)" '^shared:[0-9]+$'
	assert_match "$(prop_of /s)" '^shared:[0-9]+$'
	assert_eq "$(prop_of /s/sub)" private "propagation of /s/sub"
	assert_eq "$(prop_of /ru/sub)" unbindable "propagation of /ru/sub"
}

test_unknown_option_is_refused() {
	new_bundle
	add_mount /ok tmpfs tmpfs size=1m
	add_mount /bad tmpfs tmpfs nosuid no-such-option=1
	local index
	index=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
	expect_refused "mounts\\[$index\\].*no-such-option" 'no-such-option|invalid argument'
}

test_bad_filesystem_type_is_refused() {
	new_bundle
	add_mount /bad no-such-fs none
	local index
	index=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
	expect_refused "mounts\\[$index\\].*no-such-fs" 'no-such-fs|no such device'
}

test_missing_bind_source_is_refused() {
	new_bundle
	add_bind "$T/does-not-exist" /x
	local index
	index=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
	expect_refused "mounts\\[$index\\].*does-not-exist" 'does-not-exist'
}
