# security-lib.sh: what the security tests (t-security-*.sh, t-userns.sh, t-rootless.sh) share: the
# static helpers built next to oci-check (sec-probe, seccomp-agent), put into a container by binding a
# directory over the rootfs's empty /usr/sbin, and capability masks as /proc/PID/status prints them.

SECURITY_TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# find_helper NAME: sets $helper to the path of a test helper, or fails. Looked for where run.sh looks
# for oci-check: beside $OCI_CHECK, in the runtime's build tree, in the repo's build/.
find_helper() {
	local dir
	helper=
	for dir in ${OCI_CHECK:+"$(dirname "$OCI_CHECK")"} "$(dirname "$(dirname "$RUNTIME")")/oci-spec-tests" \
		"$(dirname "$SECURITY_TESTS_DIR")/build/oci-spec-tests"; do
		if [ -x "$dir/$1" ]; then
			helper=$dir/$1
			return 0
		fi
	done
	fail "test helper $1 not found (build with meson, or set OCI_CHECK to the oci-check beside it)"
}

# add_probe: sec-probe at /usr/sbin/sec-probe in the container ($PROBE_DIR on the host, where tests
# may add more files, such as a setuid copy).
add_probe() {
	find_helper sec-probe
	PROBE_DIR=$T/sbin
	mkdir -p "$PROBE_DIR"
	cp "$helper" "$PROBE_DIR/sec-probe"
	chmod 755 "$PROBE_DIR"
	add_bind "$PROBE_DIR" /usr/sbin ro
}

# cap_mask NUMBER...: the 16-digit hex mask /proc/PID/status shows for those capability numbers.
cap_mask() {
	local mask=0 n
	for n in "$@"; do
		mask=$((mask | (1 << n)))
	done
	printf '%016x\n' "$mask"
}

# status_caps TEXT: the Cap* lines of /proc/self/status text as "CapInh=... CapPrm=..." words.
status_caps() {
	sed -n 's/^\(Cap[A-Za-z]*\):[[:space:]]*\([0-9a-f]*\)$/\1=\2/p' <<<"$1" | tr '\n' ' '
}
