# t-userns.sh: a user namespace with linux.uidMappings/gidMappings written by the runtime: container root
# is host uid 100000, the rootfs (a copy chowned to 100000) and its mounts work inside it, devices are
# bound from the host, sysfs and mqueue are bound from the host when the user namespace does not own
# the network or ipc namespace; bad mappings are refused and leave nothing behind.

source "$(dirname "${BASH_SOURCE[0]}")/security-lib.sh"

readonly MAPPED=100000

# mapped_bundle: the template with a user namespace, root mapped to $MAPPED, on a chowned rootfs copy.
mapped_bundle() {
	new_bundle
	private_rootfs
	chown -R "$MAPPED:$MAPPED" "$T/rootfs"
	cfg '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: $m, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: $m, size: 65536}]' --argjson m "$MAPPED"
}

test_container_root_is_an_unprivileged_host_id() {
	mapped_bundle
	cfg '.root.readonly = false'
	set_args sh -c 'id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map; ls -ln /bin/busybox; touch /root/made-inside
		ls -ln /root/made-inside; echo through > /dev/null && echo dev-null-ok; head -c 4 /dev/zero | wc -c
		ls /sys/kernel >/dev/null && echo sysfs-ok; grep -c " /sys/fs/cgroup/" /proc/self/mountinfo'
	ct_run
	assert_exit 0
	assert_eq "$(sed -n 1,2p <<<"$out" | tr '\n' ' ')" "0 0 " "ids inside"
	assert_match "$out" "^ +0 +$MAPPED +65536$"
	# the rootfs owned by the mapped ids shows as root's inside
	assert_match "$out" "^-rwxr-xr-x +1 0 +0 .* /bin/busybox$"
	assert_match "$out" "^-rw-r--r-- +1 0 +0 .* /root/made-inside$"
	# and what root makes inside belongs to the mapped id on the host
	assert_eq "$(stat -c %u:%g "$T/rootfs/root/made-inside")" "$MAPPED:$MAPPED" "owner on the host"
	assert_line "$out" "dev-null-ok"
	assert_line "$out" "4"
	assert_line "$out" "sysfs-ok"
	[ "$(tail -n1 <<<"$out")" -gt 0 ] || fail "no cgroup hierarchy under /sys/fs/cgroup: $out"
}

test_host_sees_the_mapped_uid_and_exec_joins_the_namespace() {
	mapped_bundle
	set_args sleep 1000
	create_container
	rt_ok start "$id"
	state_field "$id" .pid
	local pid=$field
	assert_eq "$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")" "$MAPPED" "host uid of the container's process"
	assert_ne "$(readlink "/proc/$pid/ns/user")" "$(host_ns user)" "user namespace"
	rt exec "$id" sh -c 'id -u; cat /proc/self/uid_map'
	assert_exit 0
	assert_line "$out" "0"
	assert_match "$out" "^ +0 +$MAPPED +65536$"
	# a device node cannot be made in a user namespace, whatever the container's capabilities
	rt exec "$id" sh -c 'mknod /tmp/null c 1 3'
	[ "$status" -ne 0 ] || fail "mknod succeeded in a user namespace"
	rt_ok delete --force "$id"
	assert_no_traces "$id" "$pid"
}

test_devices_are_bound_from_the_host() {
	mapped_bundle
	set_args sh -c 'grep -E " /dev/(null|zero|urandom|tty) " /proc/self/mountinfo | wc -l; stat -c "%t:%T %F" /dev/null'
	ct_run
	assert_exit 0
	# four bind mounts of the host's nodes (a new node would need mknod)
	assert_line "$out" "4"
	assert_line "$out" "1:3 character special file"
}

test_sysfs_is_bound_when_the_network_namespace_is_the_hosts() {
	mapped_bundle
	remove_namespace network
	set_args sh -c 'ls /sys/class/net | sort | tr "\n" " "; echo; grep " /sys " /proc/self/mountinfo'
	ct_run
	if is_runtime runc; then
		# runc 1.1 has no fallback: the kernel's EPERM ends create (oci-run binds the host's sysfs,
		# as runc 1.2 does and as runc's own rootless config asks for by hand)
		[ "$status" -ne 0 ] || fail "runc 1.1 mounted sysfs in a user namespace without its own network namespace"
		assert_match "$err" 'sysfs.*operation not permitted'
		return 0
	fi
	assert_exit 0
	# the host's interfaces, read-only as the mount asks
	assert_line "$out" "$(ls /sys/class/net | sort | tr '\n' ' ')"
	assert_match "$out" " /sys ro,"
}

test_mqueue_is_bound_when_the_ipc_namespace_is_the_hosts() {
	mapped_bundle
	remove_namespace ipc
	set_args sh -c 'grep " /dev/mqueue " /proc/self/mountinfo'
	# the host's own mqueue instance is what gets bound: give the runtime one in a mount namespace
	# of its own when this host has none mounted
	local made_dir=false
	if ! grep -q ' /dev/mqueue ' /proc/self/mountinfo; then
		if [ ! -d /dev/mqueue ]; then
			mkdir /dev/mqueue || skip "cannot make /dev/mqueue"
			made_dir=true
		fi
		cat >"$T/runtime-with-mqueue" <<-SCRIPT
			#!/bin/sh
			exec unshare -m --propagation private sh -c 'mount -t mqueue mqueue /dev/mqueue && exec "\$0" "\$@"' "$RUNTIME" "\$@"
		SCRIPT
		chmod 755 "$T/runtime-with-mqueue"
		RUNTIME=$T/runtime-with-mqueue ct_run
	else
		ct_run
	fi
	$made_dir && rmdir /dev/mqueue
	if is_runtime runc; then
		# runc 1.1 has no fallback for mqueue either
		[ "$status" -ne 0 ] || fail "runc 1.1 mounted mqueue in a user namespace without its own ipc namespace"
		assert_match "$err" 'mqueue.*operation not permitted'
		return 0
	fi
	assert_exit 0
	assert_match "$out" " /dev/mqueue .* - mqueue "
}

test_overlapping_mappings_are_refused() {
	mapped_bundle
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 1000}, {containerID: 500, hostID: 300000, size: 10}]'
	# runc hands the maps to the kernel, which refuses them
	expect_refused 'linux\.uidMappings\[1\]: container ids 500-509 overlap linux\.uidMappings\[0\]' \
		'uid_map.*[Ii]nvalid argument'
	assert_exit 1
	cfg '.linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 10}, {containerID: 100, hostID: 100005, size: 10}]'
	expect_refused 'linux\.gidMappings\[1\]: host ids 100005-100014 overlap linux\.gidMappings\[0\]' \
		'uid_map.*[Ii]nvalid argument|gid_map.*[Ii]nvalid argument'
	assert_exit 1
}

test_mappings_the_kernel_refuses_leave_nothing_behind() {
	mapped_bundle
	# valid on paper, but more than the kernel takes: 341 lines (its limit is 340)
	local maps
	maps=$(jq -n '[range(0; 341) | {containerID: (. * 10), hostID: (100000 + . * 10), size: 10}]')
	cfg '.linux.uidMappings = $m | .linux.gidMappings = $m' --argjson m "$maps"
	expect_refused 'linux\.uidMappings: write /proc/[0-9]+/uid_map' 'uid_map'
	assert_exit 1
}
