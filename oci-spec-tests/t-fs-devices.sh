# t-fs-devices.sh: linux.devices (each type, major/minor, fileMode, uid, gid), the default devices and
# their override, devices bound from the host in a user namespace, /dev/pts with ptmx, /dev/shm,
# the /dev symlinks, and bad device entries refused.

test_configured_devices() {
	new_bundle
	cfg '.linux.devices = [
		{path: "/dev/mynull", type: "c", major: 1, minor: 3, fileMode: 400, uid: 7, gid: 8},
		{path: "/dev/myloop", type: "b", major: 7, minor: 0, fileMode: 384},
		{path: "/dev/myfifo", type: "p", fileMode: 416},
		{path: "/dev/myzero", type: "u", major: 1, minor: 5, fileMode: 438},
		{path: "/dev/sub/dir/myurandom", type: "c", major: 1, minor: 9, fileMode: 420}]'
	ct_sh 'for d in mynull myloop myfifo myzero sub/dir/myurandom; do stat -c "dev=%n %F %t:%T %a %u:%g" /dev/$d; done
		echo zero=$(head -c 4 /dev/myzero | wc -c); echo urandom=$(head -c 3 /dev/sub/dir/myurandom | wc -c)'
	assert_line "$out" "dev=/dev/mynull character special file 1:3 620 7:8"
	assert_line "$out" "dev=/dev/myloop block special file 7:0 600 0:0"
	assert_line "$out" "dev=/dev/myfifo fifo 0:0 640 0:0"
	assert_line "$out" "dev=/dev/myzero character special file 1:5 666 0:0"
	assert_line "$out" "dev=/dev/sub/dir/myurandom character special file 1:9 644 0:0"
	assert_line "$out" "zero=4"
	assert_line "$out" "urandom=3"
}

test_configured_device_overrides_a_default() {
	# runc 1.1 reopens /dev/null after the user change and fails on a 0600 node
	is_runtime runc && skip "runc 1.1 cannot run with a /dev/null of mode 0600"
	new_bundle
	cfg '.linux.devices = [{path: "/dev/null", type: "c", major: 1, minor: 3, fileMode: 384, uid: 0, gid: 0}]'
	ct_sh 'stat -c "dev=%n %F %t:%T %a" /dev/null /dev/zero'
	assert_line "$out" "dev=/dev/null character special file 1:3 600"
	assert_line "$out" "dev=/dev/zero character special file 1:5 666"
}

test_default_devices_and_links() {
	new_bundle
	ct_sh 'stat -c "dev=%n %F %t:%T %a" /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty
		echo core=$(readlink /dev/core)
		exec 3<>/dev/ptmx && echo ptmx=opened; ls /dev/pts
		stat -c "shm=%F %a" /dev/shm; echo x > /dev/shm/f && echo shm=writable
		oci-check mounts | grep "^mount=/dev/shm "
		echo via-stdin | cat /dev/stdin; ls /dev/fd/ | tr "\n" " "; echo'
	local node
	for node in "null 1:3" "zero 1:5" "full 1:7" "random 1:8" "urandom 1:9" "tty 5:0"; do
		assert_line "$out" "dev=/dev/${node% *} character special file ${node#* } 666"
	done
	# the link is made when the kernel has a /proc/kcore
	if [ -e /proc/kcore ]; then
		assert_line "$out" "core=/proc/kcore"
	else
		assert_line "$out" "core="
	fi
	assert_line "$out" "ptmx=opened"
	# the new pty of the container's own devpts instance
	assert_line "$out" 0
	assert_line "$out" ptmx
	assert_line "$out" "shm=directory 1777"
	assert_line "$out" "shm=writable"
	assert_match "$out" '^mount=/dev/shm type=tmpfs '
	assert_line "$out" via-stdin
	assert_match "$out" '^0 1 2 3 '
}

# In a user namespace mknod is refused: the default devices are the host's nodes, bind-mounted.
test_devices_in_a_user_namespace_are_bound_from_the_host() {
	new_bundle
	cfg '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
	ct_sh 'stat -c "dev=%n %F %t:%T" /dev/null /dev/zero /dev/full /dev/tty /dev/urandom
		echo x > /dev/null && echo null=writable; echo zero=$(head -c 4 /dev/zero | wc -c)
		oci-check mounts | grep "^mount=/dev/\(null\|zero\|full\|tty\|random\|urandom\) "'
	local node
	for node in "null 1:3" "zero 1:5" "full 1:7" "urandom 1:9" "tty 5:0"; do
		assert_line "$out" "dev=/dev/${node% *} character special file ${node#* }"
		assert_match "$out" "^mount=/dev/${node% *} "
	done
	assert_line "$out" null=writable
	assert_line "$out" zero=4
}

test_bad_device_type_is_refused() {
	new_bundle
	cfg '.linux.devices = [{path: "/dev/ok", type: "c", major: 1, minor: 3}, {path: "/dev/bad", type: "x", major: 1, minor: 3}]'
	expect_refused 'linux\.devices\[1\]\.type' 'device type|"x"'
}

test_relative_device_path_is_refused() {
	is_runtime runc && skip "runc 1.1 accepts a relative device path (against the spec)"
	new_bundle
	cfg '.linux.devices = [{path: "dev/rel", type: "c", major: 1, minor: 3}]'
	expect_refused 'linux\.devices\[0\]\.path' 'dev/rel|absolute'
}
