# t-fs-idmap.sh: id-mapped bind mounts (mounts[].uidMappings/gidMappings, options idmap and ridmap):
# owners seen and written through the mount follow the mapping; ridmap reaches submounts.
# runc 1.1 has no id-mapped mounts (runc 1.2 added them): it would ignore the mappings.

skip_on_runc() {
	is_runtime runc && skip "runc 1.1 has no id-mapped mounts"
}

# make_id_source: $T/idsrc with root-file (0:0) and user-file (1000:1000).
make_id_source() {
	mkdir -p "$T/idsrc"
	echo root >"$T/idsrc/root-file"
	echo user >"$T/idsrc/user-file"
	chown 1000:1000 "$T/idsrc/user-file"
	chmod 0777 "$T/idsrc"
}

# add_idmap_bind SOURCE DEST UIDMAP GIDMAP [OPTION...]: maps are "containerID:hostID:size".
add_idmap_bind() {
	local source=$1 dest=$2 uidmap=$3 gidmap=$4
	shift 4
	cfg '.mounts += [{destination: $d, type: "bind", source: $s, options: (["rbind"] + $ARGS.positional),
		uidMappings: [$u | split(":") | {containerID: (.[0] | tonumber), hostID: (.[1] | tonumber), size: (.[2] | tonumber)}],
		gidMappings: [$g | split(":") | {containerID: (.[0] | tonumber), hostID: (.[1] | tonumber), size: (.[2] | tonumber)}]}]' \
		--arg d "$dest" --arg s "$source" --arg u "$uidmap" --arg g "$gidmap" --args -- "$@"
}

test_idmap_maps_owners() {
	skip_on_runc
	make_id_source
	new_bundle
	# on-disk 0 is seen as 1000 (2000 for groups); on-disk 1000 is outside the mapping
	add_idmap_bind "$T/idsrc" /id 0:1000:1 0:2000:1 idmap
	ct_sh 'oci-check mounts | grep "^mount=/id "; stat -c "owner=%n %u:%g" /id/root-file /id/user-file
		if touch /id/by-root 2>/dev/null; then echo root-write=ok; fi'
	assert_match "$out" '^mount=/id .* opts=[^ ]*idmapped'
	assert_line "$out" "owner=/id/root-file 1000:2000"
	assert_line "$out" "owner=/id/user-file 65534:65534"
	# uid 0 has no place in the mapping: the kernel refuses to write a file as it
	assert_no_line "$out" root-write=ok
	# the host view is unchanged
	assert_eq "$(stat -c %u:%g "$T/idsrc/root-file")" 0:0 "host owner of root-file"

	# a process with the mapped ids writes files owned by the on-disk ids
	cfg '.process.user = {uid: 1000, gid: 2000}'
	ct_sh 'touch /id/by-1000 && stat -c "owner=%n %u:%g" /id/by-1000'
	assert_line "$out" "owner=/id/by-1000 1000:2000"
	assert_eq "$(stat -c %u:%g "$T/idsrc/by-1000")" 0:0 "host owner of a file written through the mapping"
}

test_mappings_without_option_map_the_mount() {
	skip_on_runc
	make_id_source
	new_bundle
	add_idmap_bind "$T/idsrc" /id 0:1000:1 0:2000:1
	ct_sh 'oci-check mounts | grep "^mount=/id "; stat -c "owner=%n %u:%g" /id/root-file'
	assert_match "$out" '^mount=/id .* opts=[^ ]*idmapped'
	assert_line "$out" "owner=/id/root-file 1000:2000"
}

test_ridmap_reaches_submounts() {
	skip_on_runc
	make_id_source
	mkdir -p "$T/idsrc/sub"
	trap 'umount -l "$T/idsrc/sub" 2>/dev/null' EXIT
	mount -t tmpfs -o size=1m tmpfs "$T/idsrc/sub" || fail "mount tmpfs on $T/idsrc/sub"
	echo sub >"$T/idsrc/sub/sub-file"
	new_bundle
	add_idmap_bind "$T/idsrc" /top 0:1000:1 0:2000:1 idmap
	add_idmap_bind "$T/idsrc" /all 0:1000:1 0:2000:1 ridmap
	ct_sh 'oci-check mounts | grep "^mount=/\(top\|all\)"
		stat -c "owner=%n %u:%g" /top/root-file /top/sub/sub-file /all/root-file /all/sub/sub-file'
	assert_line "$out" "owner=/top/root-file 1000:2000"
	assert_line "$out" "owner=/top/sub/sub-file 0:0"
	assert_line "$out" "owner=/all/root-file 1000:2000"
	assert_line "$out" "owner=/all/sub/sub-file 1000:2000"
	assert_match "$out" '^mount=/all/sub .* opts=[^ ]*idmapped'
	! grep -q '^mount=/top/sub .*idmapped' <<<"$out" || fail "idmap (not ridmap) reached a submount"
}

# In a container with its own user namespace, idmap without mappings takes the container's: files
# owned by 0 on disk are the container's root.
test_idmap_in_user_namespace() {
	skip_on_runc
	make_id_source
	new_bundle
	# the rootfs belongs to the host's root, which the container's root is not: the mount point
	# must exist already
	private_rootfs
	mkdir "$T/rootfs/id"
	cfg '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
	cfg '.mounts += [{destination: "/id", type: "bind", source: $s, options: ["rbind", "idmap"]}]' --arg s "$T/idsrc"
	set_args sh -c 'stat -c "owner=%n %u:%g" /id/root-file /id/user-file; touch /id/by-ct-root && echo write=ok'
	ct_run
	assert_exit 0
	assert_line "$out" "owner=/id/root-file 0:0"
	assert_line "$out" "owner=/id/user-file 1000:1000"
	assert_line "$out" write=ok
	assert_eq "$(stat -c %u:%g "$T/idsrc/by-ct-root")" 0:0 "host owner of the container root's file"
}

test_idmap_on_a_filesystem_mount_is_refused() {
	skip_on_runc
	new_bundle
	cfg '.mounts += [{destination: "/t", type: "tmpfs", source: "tmpfs", options: ["idmap"],
		uidMappings: [{containerID: 0, hostID: 1000, size: 1}], gidMappings: [{containerID: 0, hostID: 1000, size: 1}]}]'
	local index
	index=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
	expect_refused "mounts\\[$index\\].*bind mounts only" idmap
}

test_idmap_of_a_missing_source_is_refused() {
	skip_on_runc
	new_bundle
	add_idmap_bind "$T/no-such-dir" /id 0:1000:1 0:1000:1 idmap
	local index
	index=$(jq '.mounts | length - 1' "$BUNDLE/config.json")
	expect_refused "mounts\\[$index\\].*no-such-dir" idmap
}
