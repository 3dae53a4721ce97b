# t-security-privs.sh: process.noNewPrivileges against a setuid-root program, and the LSM fields
# (apparmorProfile, selinuxLabel, mountLabel), which oci-run refuses where runc fails too: on a host
# without that LSM.

source "$(dirname "${BASH_SOURCE[0]}")/security-lib.sh"

# suid_probe: a setuid-root copy of sec-probe at /usr/sbin/suid-probe; the process runs as uid 1000.
suid_probe() {
	new_bundle
	add_probe
	cp "$PROBE_DIR/sec-probe" "$PROBE_DIR/suid-probe"
	chown 0:0 "$PROBE_DIR/suid-probe"
	chmod 4755 "$PROBE_DIR/suid-probe"
	cfg '.process.user = {uid: 1000, gid: 1000}'
	set_args suid-probe ids
}

test_setuid_program_gains_root_without_no_new_privileges() {
	suid_probe
	cfg '.process.noNewPrivileges = false'
	ct_run
	assert_exit 0
	assert_line "$out" "uid=1000"
	# the control case: setuid works in this container, so the next test means something
	assert_line "$out" "euid=0"
}

test_no_new_privileges_stops_a_setuid_program() {
	suid_probe
	cfg '.process.noNewPrivileges = true'
	ct_run
	assert_exit 0
	assert_line "$out" "uid=1000"
	assert_line "$out" "euid=1000"
	# exec gets it from the config, and from --no-new-privs
	cfg '.process.noNewPrivileges = false | .process.args = ["sleep", "1000"]'
	create_container
	rt_ok start "$id"
	rt exec --user 1000:1000 "$id" suid-probe ids
	assert_exit 0
	assert_line "$out" "euid=0"
	rt exec --no-new-privs --user 1000:1000 "$id" suid-probe ids
	assert_exit 0
	assert_line "$out" "euid=1000"
	rt_ok delete --force "$id"
}

lsm_enabled() {
	[ -e /sys/kernel/security/apparmor ] || [ -e /sys/fs/selinux/enforce ]
}

test_apparmor_profile_is_refused_without_apparmor() {
	lsm_enabled && skip "this host has an LSM"
	new_bundle
	cfg '.process.apparmorProfile = "docker-default"'
	# runc 1.1 fails in its init writing the profile to /proc/self/attr/exec
	expect_refused 'process\.apparmorProfile "docker-default": AppArmor is not enabled on this host' \
		'apparmor failed to apply profile'
}

test_selinux_label_is_refused_without_selinux() {
	lsm_enabled && skip "this host has an LSM"
	new_bundle
	cfg '.process.selinuxLabel = "system_u:system_r:container_t:s0"'
	expect_refused 'process\.selinuxLabel "system_u:system_r:container_t:s0": SELinux is not enabled on this host' \
		'selinux label is specified in config, but selinux is disabled or not supported'
}

test_mount_label_is_refused_without_selinux() {
	lsm_enabled && skip "this host has an LSM"
	new_bundle
	cfg '.linux.mountLabel = "system_u:object_r:container_file_t:s0"'
	# runc 1.1 passes context="..." to its mounts and the kernel says EINVAL
	expect_refused 'linux\.mountLabel "system_u:object_r:container_file_t:s0": SELinux is not enabled on this host' \
		'context=.*invalid argument'
}
