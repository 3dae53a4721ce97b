# t-config.sh: invalid config.json is refused by create and run with exit status 1, a message naming
# the offending field, and nothing left behind (state dir, cgroup, process).

# expect_bad_config OCI_RUN_REGEX RUNC_REGEX: create and run must both fail cleanly on $BUNDLE.
# The message must match the first regex (oci-run names JSON paths); runc's wording differs, so
# against runc the second one applies.
expect_bad_config() {
	local want=$1
	is_runtime runc && want=$2
	local command
	for command in create run; do
		new_id
		rt "$command" --bundle "$BUNDLE" "$id"
		[ "$status" -eq 1 ] || fail "$command with a bad config exited $status, expected 1 (stderr: $err)"
		assert_match "$err" "$want"
		assert_no_traces "$id"
	done
}

test_malformed_json() {
	new_bundle
	printf '{"ociVersion": "1.0.2", "process": {' >"$BUNDLE/config.json"
	expect_bad_config 'config\.json' 'unexpected EOF|invalid character|config\.json'
	printf '' >"$BUNDLE/config.json"
	expect_bad_config 'config\.json' 'EOF|config\.json'
	printf '[1, 2]' >"$BUNDLE/config.json"
	expect_bad_config 'config\.json' 'cannot unmarshal|config\.json'
}

test_wrong_type_process_args() {
	new_bundle
	cfg '.process.args = "sh -c true"'
	expect_bad_config 'process\.args' 'process\.args'
	cfg '.process.args = [1, 2]'
	expect_bad_config 'process\.args' 'process\.args'
}

test_empty_process_args() {
	new_bundle
	cfg '.process.args = []'
	expect_bad_config 'process\.args' 'args must not be empty'
}

# process is optional until start (runtime.md): create makes the container, start fails naming
# the field, and the container is then stopped; exec still works before that, from /.
test_missing_process() {
	is_runtime runc && skip "runc 1.1 refuses a config without process at create"
	new_bundle
	cfg 'del(.process)'
	create_container
	assert_status_is "$id" created
	rt_ok exec "$id" sh -c 'pwd; id -u'
	assert_eq "$out" $'/\n0' "exec into a container without process (cwd, uid)"
	rt_fails start "$id"
	assert_match "$err" '^process: '
	wait_status "$id" stopped
	rt_ok delete "$id"
	assert_no_traces "$id"
	# run: the same refusal at start, and nothing left behind
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	[ "$status" -eq 1 ] || fail "run without process exited $status, expected 1 (stderr: $err)"
	assert_match "$err" '^process: '
	assert_no_traces "$id"
}

# runc 1.1 does not check ociVersion at all (it runs a 2.0.0 bundle); oci-run refuses versions it
# does not implement, so against runc this only checks that the container still works.
test_unsupported_oci_version() {
	new_bundle
	cfg '.ociVersion = "2.0.0"'
	set_args true
	if is_runtime runc; then
		new_id
		use_cgroup_path
		rt_ok run --bundle "$BUNDLE" "$id"
		return 0
	fi
	expect_bad_config 'ociVersion' 'ociVersion'
	cfg '.ociVersion = "not-a-version"'
	expect_bad_config 'ociVersion' 'ociVersion'
	cfg 'del(.ociVersion)'
	expect_bad_config 'ociVersion' 'ociVersion'
}

test_missing_rootfs() {
	new_bundle
	cfg '.root.path = "does-not-exist"'
	expect_bad_config 'root\.path' 'rootfs'
	cfg 'del(.root)'
	expect_bad_config 'root' 'root'
}

test_relative_cwd() {
	new_bundle
	cfg '.process.cwd = "tmp"'
	expect_bad_config 'process\.cwd' '[Cc]wd'
}

test_hostname_without_uts_namespace() {
	new_bundle
	remove_namespace uts
	cfg '.hostname = "needs-uts"'
	expect_bad_config 'hostname|uts' 'hostname|UTS'
}

test_missing_config_json() {
	new_bundle
	rm "$BUNDLE/config.json"
	expect_bad_config 'config\.json' 'config\.json'
}

# A config that fails inside the container's init (after namespaces and cgroups exist) must be
# cleaned up as well as one the validator refuses.
test_failure_in_init_leaves_nothing() {
	new_bundle
	set_args /does/not/exist
	new_id
	use_cgroup_path
	rt create --bundle "$BUNDLE" "$id"
	if [ "$status" -eq 0 ]; then
		# runc reports a missing executable only at start; that is allowed.
		rt start "$id"
		[ "$status" -ne 0 ] || fail "start of a missing executable succeeded"
		rt delete --force "$id"
	fi
	assert_no_traces "$id"
	new_id
	use_cgroup_path
	rt run --bundle "$BUNDLE" "$id"
	[ "$status" -ne 0 ] || fail "run of a missing executable succeeded"
	[ -n "$err" ] || fail "run of a missing executable printed no error"
	assert_no_traces "$id"
}
