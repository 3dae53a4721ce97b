# t-namespaces.sh: each configured namespace is new (its /proc/self/ns inode differs from the host's),
# an unconfigured one is shared with the host, and one given by path is joined.

# ns_output: runs `oci-check ns` in a container of the current bundle; sets $out.
ns_output() {
	set_args oci-check ns
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || fail "run oci-check ns exited $status: $err"
}

# The spec's namespace type names and the matching /proc/self/ns entries.
readonly NS_KINDS="pid:pid mount:mnt uts:uts ipc:ipc network:net cgroup:cgroup"

test_configured_namespaces_are_new() {
	new_bundle
	cfg '.linux.namespaces = [{type: "pid"}, {type: "mount"}, {type: "uts"}, {type: "ipc"}, {type: "network"}, {type: "cgroup"}]'
	ns_output
	local kind entry
	for kind in $NS_KINDS; do
		entry=${kind#*:}
		local inside
		inside=$(value_of "$out" "ns:$entry")
		[ -n "$inside" ] || fail "oci-check printed no ns:$entry"
		assert_ne "$inside" "$(host_ns "$entry")" "${kind%%:*} namespace of the container and of the host"
	done
	# The user namespace was not asked for.
	assert_eq "$(value_of "$out" ns:user)" "$(host_ns user)" "user namespace (not configured)"
}

test_unconfigured_namespaces_are_the_hosts() {
	new_bundle
	# mount must stay (the rootfs needs it); every other kind is dropped in turn.
	local kind
	for kind in network ipc uts cgroup; do
		new_bundle "$T/b-$kind"
		remove_namespace "$kind"
		# A hostname needs a uts namespace of its own.
		[ "$kind" = uts ] && cfg 'del(.hostname)'
		ns_output
		local entry
		case $kind in
		network) entry=net ;;
		*) entry=$kind ;;
		esac
		assert_eq "$(value_of "$out" "ns:$entry")" "$(host_ns "$entry")" "$kind namespace (not configured)"
		assert_ne "$(value_of "$out" ns:mnt)" "$(host_ns mnt)" "mount namespace"
	done
}

test_join_namespaces_by_path() {
	start_holder --uts --ipc --net
	local holder=$holder_pid
	new_bundle
	set_namespace_path network "/proc/$holder/ns/net"
	set_namespace_path uts "/proc/$holder/ns/uts"
	set_namespace_path ipc "/proc/$holder/ns/ipc"
	# Joining an existing uts namespace must not set the hostname in it.
	cfg 'del(.hostname)'
	ns_output
	local entry
	for entry in net uts ipc; do
		local want
		want=$(readlink "/proc/$holder/ns/$entry")
		assert_ne "$want" "$(host_ns "$entry")" "holder's $entry namespace"
		assert_eq "$(value_of "$out" "ns:$entry")" "$want" "joined $entry namespace"
	done
	# The others are still new.
	assert_ne "$(value_of "$out" ns:pid)" "$(host_ns pid)" "pid namespace"
}

test_join_pid_namespace_by_path() {
	start_holder --pid --fork --mount-proc
	local holder=$holder_pid
	new_bundle
	set_namespace_path pid "/proc/$holder/ns/pid"
	set_args oci-check ns pid
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || fail "run exited $status: $err"
	assert_eq "$(value_of "$out" ns:pid)" "$(readlink "/proc/$holder/ns/pid")" "joined pid namespace"
	# The holder's sleep is pid 1 there, so the container's process is not.
	assert_ne "$(value_of "$out" pid)" 1 "pid inside a joined pid namespace"
}

test_join_mount_namespace_by_path() {
	start_holder --mount --propagation private
	local holder=$holder_pid
	new_bundle
	set_namespace_path mount "/proc/$holder/ns/mnt"
	ns_output
	assert_eq "$(value_of "$out" ns:mnt)" "$(readlink "/proc/$holder/ns/mnt")" "joined mount namespace"
}

test_join_namespace_with_bad_path_fails() {
	new_bundle
	set_namespace_path network /proc/self/ns/nonexistent
	set_args true
	new_id
	use_cgroup_path
	rt create --bundle "$BUNDLE" "$id"
	[ "$status" -ne 0 ] || fail "create with a missing namespace path succeeded"
	assert_no_traces "$id"
	# A namespace file of the wrong kind.
	new_bundle
	set_namespace_path network "/proc/$$/ns/uts"
	new_id
	use_cgroup_path
	rt create --bundle "$BUNDLE" "$id"
	[ "$status" -ne 0 ] || fail "create joining a uts namespace as network succeeded"
	assert_no_traces "$id"
}
