# t-state.sh: the state JSON (runtime-spec fields plus runc's), --pid-file, and `list`.

readonly RFC3339_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$'

test_state_fields() {
	new_bundle
	set_args sleep 1000
	cfg '.annotations = {"org.oci-run.test": "yes", "com.example.empty": ""}'
	local before
	before=$(date -u +%s)
	create_container --pid-file "$T/pidfile"
	get_state "$id"

	assert_eq "$(jq -r '.ociVersion | type' <<<"$state")" string "type of ociVersion"
	assert_match "$(jq -r .ociVersion <<<"$state")" '^1\.[0-9]+\.[0-9]+'
	assert_eq "$(jq -r .id <<<"$state")" "$id" "id"
	assert_eq "$(jq -r .status <<<"$state")" created "status"
	local pid
	pid=$(jq -r .pid <<<"$state")
	assert_eq "$(jq -r '.pid | type' <<<"$state")" number "type of pid"
	[ "$pid" -gt 0 ] || fail "pid $pid"
	assert_eq "$(cat "$T/pidfile")" "$pid" "--pid-file content"
	assert_eq "$(jq -r .bundle <<<"$state")" "$BUNDLE" "bundle"
	assert_eq "$(jq -r .rootfs <<<"$state")" "$ROOTFS" "rootfs"
	local created
	created=$(jq -r .created <<<"$state")
	assert_match "$created" "$RFC3339_RE"
	# created must be now-ish, not an epoch or a local time written as UTC.
	local created_s
	created_s=$(date -u -d "$created" +%s) || fail "date cannot parse created '$created'"
	[ "$created_s" -ge $((before - 2)) ] && [ "$created_s" -le $(($(date -u +%s) + 2)) ] ||
		fail "created '$created' is not the time of create ($(date -u -d @"$before"))"
	assert_eq "$(jq -r '.owner | type' <<<"$state")" string "type of owner"
	assert_eq "$(jq -r '.annotations["org.oci-run.test"]' <<<"$state")" yes "annotation"
	assert_eq "$(jq -r '.annotations["com.example.empty"]' <<<"$state")" "" "empty annotation"

	rt_ok start "$id"
	get_state "$id"
	assert_eq "$(jq -r .status <<<"$state")" running "status after start"
	assert_eq "$(jq -r .pid <<<"$state")" "$pid" "pid after start"
	assert_eq "$(jq -r .created <<<"$state")" "$created" "created after start"
}

test_state_bundle_is_absolute() {
	new_bundle "$T/b"
	set_args sleep 1000
	new_id
	use_cgroup_path
	# A relative --bundle, resolved against the cwd of create.
	(cd "$T" && rt create --bundle b "$id" && echo "$status" >"$T/create.status")
	assert_eq "$(cat "$T/create.status")" 0 "create with relative --bundle"
	state_field "$id" .bundle
	assert_eq "$field" "$T/b" "bundle"
	# No --bundle: the current directory is the bundle.
	new_id
	use_cgroup_path
	(cd "$BUNDLE" && rt create "$id" && echo "$status" >"$T/create.status")
	assert_eq "$(cat "$T/create.status")" 0 "create in the bundle dir"
	state_field "$id" .bundle
	assert_eq "$field" "$T/b" "bundle"
}

test_state_of_stopped_container() {
	new_bundle
	set_args true
	create_container
	rt_ok start "$id"
	wait_status "$id" stopped
	get_state "$id"
	assert_eq "$(jq -r .id <<<"$state")" "$id" "id"
	assert_match "$(jq -r .created <<<"$state")" "$RFC3339_RE"
}

test_pid_file_for_run_detach() {
	new_bundle
	set_args sleep 1000
	new_id
	use_cgroup_path
	rt_ok run --detach --pid-file "$T/run.pid" --bundle "$BUNDLE" "$id"
	state_field "$id" .pid
	assert_eq "$(cat "$T/run.pid")" "$field" "--pid-file of run --detach"
	# A relative --pid-file is relative to the cwd of the command.
	new_id
	use_cgroup_path
	(cd "$T" && rt create --pid-file rel.pid --bundle "$BUNDLE" "$id")
	state_field "$id" .pid
	assert_eq "$(cat "$T/rel.pid" 2>/dev/null)" "$field" "relative --pid-file"
}

test_list_shows_containers() {
	new_bundle
	set_args sleep 1000
	create_container
	local first=$id
	create_container
	local second=$id
	rt_ok start "$second"
	rt_ok list -q
	assert_line "$out" "$first"
	assert_line "$out" "$second"
	rt_ok list --format json
	assert_eq "$(jq -r --arg id "$first" '.[] | select(.id == $id) | .status' <<<"$out")" created "listed status"
	assert_eq "$(jq -r --arg id "$second" '.[] | select(.id == $id) | .status' <<<"$out")" running "listed status"
	# the owner is named as /etc/passwd names the state dir's owner (the tests run as root)
	assert_eq "$(jq -r --arg id "$first" '.[] | select(.id == $id) | .owner' <<<"$out")" \
		"$(awk -F: -v uid="$(id -u)" '$3 == uid { print $1; exit }' /etc/passwd)" "listed owner"
	rt_ok delete --force "$first"
	rt_ok list -q
	assert_no_line "$out" "$first"
}
