# t-security-caps.sh: process.capabilities: the five sets exactly as the kernel shows them after
# execve, for root and for a non-root user (ambient capabilities survive the uid change), unknown names
# warned about and skipped, a set that is not an array refused.

source "$(dirname "${BASH_SOURCE[0]}")/security-lib.sh"

# Capability numbers (linux/capability.h).
CHOWN=0 KILL=5 NET_BIND_SERVICE=10 SYS_CHROOT=18 SYS_ADMIN=21 AUDIT_WRITE=29

# A config whose five sets all differ, so that a set taken for another shows.
distinct_sets() {
	cfg '.process.capabilities = {
		bounding: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_AUDIT_WRITE"],
		effective: ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
		permitted: ["CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT"],
		inheritable: ["CAP_KILL", "CAP_SYS_CHROOT"],
		ambient: ["CAP_KILL"]}'
	cfg '.process.noNewPrivileges = false'
	# grep is the process itself: one execve from the runtime, no shell in between
	set_args grep ^Cap /proc/self/status
}

test_root_gets_bounding_and_inheritable_as_its_sets() {
	new_bundle
	distinct_sets
	ct_run
	assert_exit 0
	# execve as uid 0: permitted = effective = bounding | inheritable; ambient kept as raised
	local want
	want="CapInh=$(cap_mask $KILL $SYS_CHROOT) "
	want+="CapPrm=$(cap_mask $CHOWN $KILL $NET_BIND_SERVICE $SYS_CHROOT $AUDIT_WRITE) "
	want+="CapEff=$(cap_mask $CHOWN $KILL $NET_BIND_SERVICE $SYS_CHROOT $AUDIT_WRITE) "
	want+="CapBnd=$(cap_mask $CHOWN $KILL $NET_BIND_SERVICE $SYS_CHROOT $AUDIT_WRITE) "
	want+="CapAmb=$(cap_mask $KILL) "
	assert_eq "$(status_caps "$out")" "$want" "capability sets of uid 0"
}

test_non_root_keeps_only_ambient_capabilities() {
	new_bundle
	distinct_sets
	cfg '.process.user = {uid: 1000, gid: 1000}'
	ct_run
	assert_exit 0
	# execve as uid 1000: permitted = effective = ambient (which needed permitted and inheritable)
	local want
	want="CapInh=$(cap_mask $KILL $SYS_CHROOT) "
	want+="CapPrm=$(cap_mask $KILL) CapEff=$(cap_mask $KILL) "
	want+="CapBnd=$(cap_mask $CHOWN $KILL $NET_BIND_SERVICE $SYS_CHROOT $AUDIT_WRITE) "
	want+="CapAmb=$(cap_mask $KILL) "
	assert_eq "$(status_caps "$out")" "$want" "capability sets of uid 1000"
}

test_non_root_without_ambient_has_no_capabilities() {
	new_bundle
	distinct_sets
	cfg '.process.capabilities.ambient = [] | .process.user = {uid: 1000, gid: 1000}'
	ct_run
	assert_exit 0
	local zero
	zero=$(cap_mask)
	assert_match "$(status_caps "$out")" "CapPrm=$zero CapEff=$zero "
	assert_match "$(status_caps "$out")" "CapAmb=$zero "
}

test_ambient_needs_permitted_and_inheritable() {
	new_bundle
	distinct_sets
	# NET_BIND_SERVICE is permitted but not inheritable, CHOWN inheritable but not permitted: only
	# KILL is both, so only KILL can be ambient (runc skips the others alike)
	cfg '.process.capabilities.ambient = ["CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_CHOWN"]
		| .process.capabilities.inheritable = ["CAP_KILL", "CAP_CHOWN"]
		| .process.user = {uid: 1000, gid: 1000}'
	ct_run
	assert_exit 0
	assert_match "$(status_caps "$out")" "CapAmb=$(cap_mask $KILL) "
	assert_match "$(status_caps "$out")" "CapEff=$(cap_mask $KILL) "
}

test_dropped_capability_cannot_be_used() {
	new_bundle
	add_probe
	# SYS_CHROOT only in the bounding set: uid 0 gets it back at execve (no_new_privs would stop
	# that); once it is out of the bounding set too, chroot fails
	cfg '.process.capabilities = {bounding: ["CAP_SYS_CHROOT"], effective: [], permitted: [],
		inheritable: [], ambient: []} | .process.noNewPrivileges = false'
	set_args sec-probe call chroot:/ sethostname:/x:1
	ct_run
	assert_exit 0
	assert_line "$out" "chroot=ok"
	assert_line "$out" "sethostname=errno:1"
	cfg '.process.capabilities.bounding = []'
	ct_run
	assert_exit 0
	assert_line "$out" "chroot=errno:1"
}

test_unknown_capability_is_warned_about_and_skipped() {
	new_bundle
	cfg '.process.capabilities.bounding += ["CAP_NOT_A_THING"] | .process.capabilities.effective += ["CAP_NOT_A_THING"]'
	set_args grep ^CapBnd /proc/self/status
	ct_run
	assert_exit 0
	if is_runtime runc; then
		assert_match "$err" 'ignoring unknown or unavailable capabilities.*CAP_NOT_A_THING'
	else
		assert_match "$err" 'process.capabilities.bounding: unknown capability "CAP_NOT_A_THING" ignored'
		assert_match "$err" 'process.capabilities.effective: unknown capability "CAP_NOT_A_THING" ignored'
	fi
	# the known ones of the template still apply
	assert_line "$out" "CapBnd:	$(cap_mask $KILL $NET_BIND_SERVICE $AUDIT_WRITE)"
}

test_capability_set_that_is_not_an_array_is_refused() {
	new_bundle
	cfg '.process.capabilities.bounding = "CAP_KILL"'
	# runc's message comes from Go's JSON decoder and names the field too
	expect_refused 'process\.capabilities\.bounding' 'capabilities.*bounding|cannot unmarshal string'
	assert_exit 1
	cfg '.process.capabilities = ["CAP_KILL"]'
	expect_refused 'process\.capabilities' 'capabilities|cannot unmarshal array'
	assert_exit 1
}
