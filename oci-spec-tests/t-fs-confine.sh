# t-fs-confine.sh: mount destinations, device paths, masked/read-only paths and process.cwd are
# resolved inside the rootfs: hostile symlinks planted in it (absolute links to host paths, ../..
# chains, a destination that is itself a link) never make the runtime write or mount outside it.

# hostile_bundle: a private rootfs with links aimed at $T/host, which holds a few marker files.
hostile_bundle() {
	new_bundle
	private_rootfs
	HOST=$T/host
	mkdir -p "$HOST/etc" "$HOST/target" "$HOST/cwd" "$HOST/rel"
	echo host-marker >"$HOST/etc/marker"
	echo host-file >"$HOST/file"
	local r=$T/rootfs
	ln -s "$HOST/etc" "$r/etc2"
	ln -s "$HOST/target" "$r/mnt-link"
	ln -s ../../../../../../../../../../../../.. "$r/up"
	ln -s "../../../../../../../../../../../..$HOST/rel" "$r/rel"
	ln -s "$HOST/file" "$r/file-link"
	ln -s "$HOST/cwd" "$r/cwd-link"
	HOST_LISTING=$(cd "$HOST" && find . | sort)
}

# assert_host_untouched: nothing under $HOST was made, changed or mounted on.
assert_host_untouched() {
	assert_eq "$(cd "$HOST" && find . | sort)" "$HOST_LISTING" "entries under $HOST"
	assert_eq "$(cat "$HOST/etc/marker")" host-marker "$HOST/etc/marker"
	assert_eq "$(cat "$HOST/file")" host-file "$HOST/file"
	assert_eq "$(host_mounts_under "$HOST")" "" "host mounts under $HOST"
}

test_mount_destinations_stay_in_the_rootfs() {
	hostile_bundle
	mkdir -p "$T/src"
	echo bound >"$T/src/bound"
	echo single >"$T/srcfile"
	add_mount /etc2/sub tmpfs tmpfs
	add_mount /mnt-link tmpfs tmpfs
	add_mount "/up$HOST/chain" tmpfs tmpfs
	add_bind "$T/src" /rel/bind
	add_bind "$T/srcfile" /file-link
	ct_sh 'oci-check mounts; cat /file-link; echo in-tmpfs > /mnt-link/written'
	assert_match "$out" "^mount=$HOST/etc/sub type=tmpfs "
	assert_match "$out" "^mount=$HOST/target type=tmpfs "
	assert_match "$out" "^mount=$HOST/chain type=tmpfs "
	assert_match "$out" "^mount=$HOST/rel/bind type="
	assert_match "$out" "^mount=$HOST/file type="
	assert_line "$out" single
	assert_host_untouched
	# what the links pointed at was made inside the rootfs instead
	[ -d "$T/rootfs$HOST/etc/sub" ] || fail "$HOST/etc/sub not made inside the rootfs"
	[ -d "$T/rootfs$HOST/chain" ] || fail "$HOST/chain not made inside the rootfs"
	[ -f "$T/rootfs$HOST/file" ] || fail "$HOST/file not made inside the rootfs"
}

test_device_paths_stay_in_the_rootfs() {
	hostile_bundle
	cfg '.linux.devices = [{path: "/etc2/evil-null", type: "c", major: 1, minor: 3, fileMode: 438},
		{path: "/up/../rel/evil-zero", type: "c", major: 1, minor: 5}]'
	ct_sh "stat -c 'node=%n %t:%T' $HOST/etc/evil-null $HOST/rel/evil-zero"
	assert_line "$out" "node=$HOST/etc/evil-null 1:3"
	assert_line "$out" "node=$HOST/rel/evil-zero 1:5"
	assert_host_untouched
}

# With no tmpfs on /dev, /dev is the rootfs's own directory, where links can be planted too.
test_dev_links_in_the_rootfs_stay_in_it() {
	hostile_bundle
	cfg '.mounts |= map(select(.destination | startswith("/dev") | not))'
	mkdir -p "$T/rootfs/dev" "$HOST/dev"
	ln -s "$HOST/dev" "$T/rootfs/dev/evil"
	HOST_LISTING=$(cd "$HOST" && find . | sort)
	cfg '.linux.devices = [{path: "/dev/evil/null", type: "c", major: 1, minor: 3}]'
	ct_sh "stat -c 'node=%n %t:%T' /dev/evil/null $HOST/dev/null"
	assert_line "$out" "node=/dev/evil/null 1:3"
	assert_host_untouched
	[ -c "$T/rootfs$HOST/dev/null" ] || fail "device not made inside the rootfs"
}

test_masked_and_readonly_paths_stay_in_the_rootfs() {
	hostile_bundle
	add_mount /mnt-link tmpfs tmpfs
	cfg '.linux.maskedPaths += ["/etc2/marker", "/file-link"] | .linux.readonlyPaths += ["/mnt-link", "/etc2"]'
	mkdir -p "$T/rootfs$HOST/etc"
	echo in-rootfs >"$T/rootfs$HOST/etc/marker"
	HOST_LISTING=$(cd "$HOST" && find . | sort)
	ct_sh "oci-check mounts; cat $HOST/etc/marker; if touch /mnt-link/x 2>/dev/null; then echo ro-path=writable; fi"
	# the masked file is the rootfs's, which reads empty now; the host's was never touched
	assert_no_line "$out" in-rootfs
	assert_no_line "$out" host-marker
	assert_no_line "$out" ro-path=writable
	assert_match "$out" "^mount=$HOST/target type=tmpfs [^ ]* [^ ]* opts=ro[, ]"
	assert_host_untouched
}

# The init changes to process.cwd after pivot_root: a link to a host path can only lead to the
# same path inside the rootfs.
test_cwd_stays_in_the_rootfs() {
	hostile_bundle
	cfg '.root.readonly = false'
	mkdir -p "$T/rootfs$HOST/cwd"
	cfg '.process.cwd = "/cwd-link"'
	ct_sh 'pwd -P; echo from-ct > here'
	assert_line "$out" "$HOST/cwd"
	assert_eq "$(cat "$T/rootfs$HOST/cwd/here")" from-ct "file written in the cwd inside the rootfs"
	cfg '.process.cwd = "/../../../../../../..'"$HOST"'/cwd"'
	ct_sh 'pwd -P; echo again > here2'
	assert_line "$out" "$HOST/cwd"
	[ -f "$T/rootfs$HOST/cwd/here2" ] || fail "file not written in the cwd inside the rootfs"
	assert_host_untouched
}

# A cwd whose link points at a directory the host has but the rootfs lacks: refused (runc too), and
# nothing is made on the host.
test_missing_cwd_behind_a_link_is_refused() {
	hostile_bundle
	cfg '.root.readonly = false'
	cfg '.process.cwd = "/cwd-link/deeper"'
	mkdir -p "$HOST/cwd/deeper"
	HOST_LISTING=$(cd "$HOST" && find . | sort)
	set_args pwd
	expect_refused 'process\.cwd' 'cwd-link'
	assert_host_untouched
}
