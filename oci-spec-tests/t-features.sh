# t-features.sh: `features` (runtime-spec features.md): valid JSON of the documented shape, whose
# host-dependent lists match this host, and whose promises `create` keeps.

# get_features: sets $features to the JSON `features` prints, or fails.
get_features() {
	rt features
	[ "$status" -eq 0 ] || fail "features exited $status: $err"
	features=$out
	jq -e 'type == "object"' >/dev/null 2>&1 <<<"$features" || fail "features printed no JSON object: $features"
}

# feature JQ: the value of JQ in $features (raw).
feature() {
	jq -r "$1" <<<"$features"
}

# The namespace kinds of this kernel, by their config.json names, sorted.
host_namespace_kinds() {
	local entry
	for entry in /proc/self/ns/*; do
		entry=${entry##*/}
		case $entry in
		*_for_children) ;;
		mnt) echo mount ;;
		net) echo network ;;
		*) echo "$entry" ;;
		esac
	done | sort
}

test_features_versions_and_hooks() {
	get_features
	assert_eq "$(feature .ociVersionMin)" 1.0.0 "ociVersionMin"
	[[ $(feature .ociVersionMax) =~ ^1\.[0-9]+\.[0-9]+ ]] || fail "ociVersionMax '$(feature .ociVersionMax)'"
	if ! is_runtime runc; then
		assert_eq "$(feature .ociVersionMax)" 1.3.0 "ociVersionMax"
	fi
	assert_eq "$(feature '.hooks | join(" ")')" \
		"prestart createRuntime createContainer startContainer poststart poststop" "hooks"
	# every property but the versions may be absent or null; the ones present have their types
	assert_eq "$(feature '[.mountOptions, .linux.namespaces, .linux.capabilities] | map(type) | join(" ")')" \
		"array array array" "types of mountOptions, namespaces, capabilities"
	assert_eq "$(feature '.linux.cgroup | [.v1, .v2, .systemd, .systemdUser] | map(type) | join(" ")')" \
		"boolean boolean boolean boolean" "types of the cgroup fields"
	rt_fails features extra-argument
}

test_features_namespaces_match_the_kernel() {
	get_features
	if is_runtime runc; then
		# runc 1.1 lists the kinds it implements (no time namespace): each must exist here
		local kind
		for kind in $(feature '.linux.namespaces[]'); do
			host_namespace_kinds | grep -qx "$kind" || fail "namespace $kind listed but not on this kernel"
		done
		return 0
	fi
	assert_eq "$(feature '.linux.namespaces[]' | sort | tr '\n' ' ')" "$(host_namespace_kinds | tr '\n' ' ')" \
		"namespaces vs /proc/self/ns"
}

# The capabilities listed are the ones this kernel has (root's bounding set holds them all here),
# and create grants every one of them.
test_features_capabilities_match_the_kernel() {
	get_features
	local last count
	last=$(cat /proc/sys/kernel/cap_last_cap)
	count=$(feature '.linux.capabilities | length')
	if is_runtime runc; then
		# runc lists what it was built to know, whatever the kernel
		[ "$count" -ge 38 ] || fail "runc lists only $count capabilities"
	else
		assert_eq "$count" "$((last + 1))" "number of capabilities (cap_last_cap is $last)"
	fi
	assert_eq "$(feature '[.linux.capabilities[] | select(test("^CAP_[A-Z_]+$") | not)] | length')" 0 \
		"capability names not of the CAP_NAME form"
	assert_eq "$(feature '.linux.capabilities | unique | length')" "$count" "distinct capabilities"
	local cap
	for cap in CAP_CHOWN CAP_SYS_ADMIN CAP_NET_ADMIN CAP_KILL; do
		feature '.linux.capabilities[]' | grep -qx "$cap" || fail "$cap not listed"
	done

	# Listed in capability number order (as the runtime-spec's example and runc), so the name at
	# index N is capability N. A container given every listed capability the host's bounding set
	# holds (root may lack some here) ends with exactly the host's bounding set.
	assert_eq "$(feature '.linux.capabilities[0:2] | join(" ")')" "CAP_CHOWN CAP_DAC_OVERRIDE" "first capabilities"
	local host_bnd
	host_bnd=$(awk '/^CapBnd:/ {print $2}' /proc/self/status)
	new_bundle
	cfg '.process.capabilities = {bounding: $c, effective: $c, permitted: $c} | .process.user = {uid: 0, gid: 0}' \
		--argjson c "$(feature '.linux.capabilities' | jq -c --arg bnd "$host_bnd" '
			($bnd | ascii_downcase | explode | map(if . >= 97 then . - 87 else . - 48 end)
				| reduce .[] as $d (0; . * 16 + $d)) as $mask
			| [to_entries[] | select(.key < 53)
				| select((($mask / pow(2; .key)) | floor) % 2 == 1) | .value]')"
	set_args oci-check status
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	assert_exit 0
	if is_runtime runc; then
		# runc lists capabilities this kernel may lack; it skips those with a warning
		[ -n "$(value_of "$out" status:CapEff)" ] || fail "no CapEff from the container: $out"
	else
		assert_eq "$(value_of "$out" status:CapEff)" "$host_bnd" "CapEff of a container given every listed capability vs the host's CapBnd"
	fi
}

test_features_cgroup_and_security_modules() {
	get_features
	[ -n "$(find /sys/fs/cgroup -maxdepth 2 -name cgroup.procs -path '*/cgroup.procs' 2>/dev/null | head -n1)" ] ||
		skip "no cgroup filesystem mounted"
	assert_eq "$(feature .linux.cgroup.v1)" true "cgroup.v1"
	assert_eq "$(feature .linux.cgroup.v2)" true "cgroup.v2"
	if ! is_runtime runc; then
		# oci-run has no systemd cgroup driver: --systemd-cgroup is refused, so features says so
		assert_eq "$(feature .linux.cgroup.systemd)" false "cgroup.systemd"
		assert_eq "$(feature .linux.cgroup.systemdUser)" false "cgroup.systemdUser"
		# neither LSM is applied; exec refuses a profile or label rather than dropping it
		assert_eq "$(feature .linux.apparmor.enabled)" false "apparmor.enabled"
		assert_eq "$(feature .linux.selinux.enabled)" false "selinux.enabled"
		assert_eq "$(feature .linux.intelRdt.enabled)" false "intelRdt.enabled"
	fi
}

test_features_seccomp() {
	get_features
	local enabled=false
	grep -q '^Seccomp:' /proc/self/status && enabled=true
	assert_eq "$(feature .linux.seccomp.enabled)" "$enabled" "seccomp.enabled vs /proc/self/status"
	local action op
	for action in SCMP_ACT_ALLOW SCMP_ACT_ERRNO SCMP_ACT_KILL SCMP_ACT_KILL_PROCESS SCMP_ACT_TRAP SCMP_ACT_LOG; do
		feature '.linux.seccomp.actions[]' | grep -qx "$action" || fail "seccomp action $action not listed"
	done
	for op in SCMP_CMP_EQ SCMP_CMP_NE SCMP_CMP_LT SCMP_CMP_LE SCMP_CMP_GT SCMP_CMP_GE SCMP_CMP_MASKED_EQ; do
		feature '.linux.seccomp.operators[]' | grep -qx "$op" || fail "seccomp operator $op not listed"
	done
	local native
	case $(uname -m) in
	x86_64) native=SCMP_ARCH_X86_64 ;;
	aarch64) native=SCMP_ARCH_AARCH64 ;;
	*) native= ;;
	esac
	if [ -n "$native" ]; then
		feature '.linux.seccomp.archs[]' | grep -qx "$native" || fail "the native arch $native is not listed"
	fi
	if is_runtime runc; then
		return 0 # runc 1.1 has no knownFlags/supportedFlags
	fi
	# supported flags are known flags, and this kernel (6.x) takes TSYNC and LOG
	assert_eq "$(feature '(.linux.seccomp.supportedFlags - .linux.seccomp.knownFlags) | length')" 0 \
		"supported flags that are not known"
	feature '.linux.seccomp.supportedFlags[]' | grep -qx SECCOMP_FILTER_FLAG_TSYNC || fail "TSYNC not supported?"
	feature '.linux.seccomp.supportedFlags[]' | grep -qx SECCOMP_FILTER_FLAG_LOG || fail "LOG not supported?"
}

# What features promises about seccomp, create keeps: a profile using every listed action (but
# NOTIFY, which needs a listener), every operator, every supported flag and the architectures. Each
# listed architecture is recognised; one of the other byte order cannot join a filter for this one
# (libseccomp says EDOM), which is a clear error, not an unknown name.
test_features_seccomp_promises_hold_in_create() {
	get_features
	local arch usable=()
	for arch in $(feature '.linux.seccomp.archs[]'); do
		new_bundle
		cfg '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW", architectures: [$a]}' --arg a "$arch"
		set_args true
		new_id
		use_cgroup_path
		rt run --bundle "$BUNDLE" "$id"
		if [ "$status" -eq 0 ]; then
			usable+=("$arch")
		else
			[ -n "$err" ] || fail "run with architecture $arch failed ($status) without a message"
			! grep -qiE "unknown|not supported|unrecognized" <<<"$err" || fail "listed architecture $arch refused as unknown: $err"
		fi
	done
	[ ${#usable[@]} -ge 1 ] || fail "no listed architecture works on this host"

	local profile
	profile=$(jq -c --args '.linux.seccomp as $s
		| ["acct", "swapon", "swapoff", "reboot", "kexec_load", "init_module", "delete_module", "pivot_root",
		   "settimeofday", "adjtimex", "sethostname", "setdomainname"] as $calls
		| [$s.actions[] | select(. != "SCMP_ACT_NOTIFY" and . != "SCMP_ACT_ALLOW")] as $actions
		| [$s.operators[]] as $ops
		| {
			defaultAction: "SCMP_ACT_ALLOW",
			architectures: $ARGS.positional,
			flags: ($s.supportedFlags // []),
			syscalls: (
				[range(0; $actions | length) as $i | {names: [$calls[$i]], action: $actions[$i]}]
				+ [range(0; $ops | length) as $i
					| {names: ["personality"], action: "SCMP_ACT_ERRNO",
					   args: [{index: 0, value: (1000 + $i), valueTwo: 7, op: $ops[$i]}]}]
			)
		}' "${usable[@]}" <<<"$features")
	[ "$(jq '.syscalls | length' <<<"$profile")" -ge 10 ] || fail "profile too small: $profile"
	new_bundle
	cfg '.linux.seccomp = $p' --argjson p "$profile"
	set_args oci-check status
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	[ "$status" -eq 0 ] || fail "run with a profile of everything features lists exited $status: $err"$'\n'"profile: $profile"
	assert_line "$out" "status:Seccomp=2"
}

test_features_mount_options_and_extensions() {
	get_features
	local option
	for option in ro rw bind rbind nosuid nodev noexec rprivate rslave rshared tmpcopyup; do
		feature '.mountOptions[]' | grep -qx "$option" || fail "mount option $option not listed"
	done
	assert_eq "$(feature '.mountOptions | unique | length')" "$(feature '.mountOptions | length')" \
		"distinct mount options"
	# the filesystem's own options are not the runtime's to list
	! feature '.mountOptions[]' | grep -qE '^(size|mode|uid|gid)=' || fail "filesystem data listed as mount options"
	if ! is_runtime runc && command -v runc >/dev/null; then
		# runc-compatible: every option runc knows is one oci-run knows
		local missing
		missing=$(comm -23 <(runc features | jq -r '.mountOptions[]' | sort) <(feature '.mountOptions[]' | sort))
		[ -z "$missing" ] || fail "mount options runc knows and oci-run does not: $missing"
	fi
	if ! is_runtime runc; then
		# id-mapped mounts came with mount_setattr in Linux 5.12
		local major minor want=false
		IFS=. read -r major minor _ <<<"$(uname -r)"
		if [ "$major" -gt 5 ] || { [ "$major" -eq 5 ] && [ "$minor" -ge 12 ]; }; then
			want=true
		fi
		assert_eq "$(feature .linux.mountExtensions.idmap.enabled)" "$want" "mountExtensions.idmap.enabled on $(uname -r)"
	fi
}

# Every property runc's features has, ours has too, with the same type (so callers that read runc's
# output read ours).
test_features_shape_matches_runc() {
	is_runtime runc && skip "this compares another runtime with runc"
	command -v runc >/dev/null || skip "runc is not installed"
	get_features
	local theirs
	theirs=$(runc features) || skip "runc features failed"
	local paths
	paths=$(jq -r --argjson ours "$features" '
		paths(scalars | not) as $p | select(($p | length) <= 3) | select($p | map(type) | all(. == "string"))
		| select(($p[0] != "annotations")) | $p as $path
		| ($ours | getpath($path)) as $mine
		| select(($mine | type) != (getpath($path) | type))
		| ($path | join(".")) + ": runc has " + (getpath($path) | type) + ", oci-run has " + ($mine | type)' <<<"$theirs")
	[ -z "$paths" ] || fail "features differs in shape from runc's:"$'\n'"$paths"
}
