#!/bin/bash
# run.sh: runs the OCI conformance tests (t-*.sh) against one runtime binary and prints
# `N passed, N failed[, N skipped]` as its last line; exits non-zero if any test failed.
#
# usage: oci-spec-tests/run.sh [-j JOBS] [-v] [-k] [PATTERN...]
#   PATTERN   run only tests whose "file/name" contains one of the patterns
#   -j JOBS   run that many tests at once (default: $OCI_TEST_JOBS or 1)
#   -v        print the log of passing tests too
#   -k        keep the scratch directory
# environment:
#   OCI_RUNTIME  runtime binary (default: build/src/oci-run); any runc-compatible CLI works
#   OCI_CHECK    static oci-check (default: next to the runtime's build, else build/oci-spec-tests)
#   OCI_TEST_TIMEOUT  seconds a single test may take (default 90)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")

jobs=${OCI_TEST_JOBS:-1}
verbose=false
keep=false
while getopts "j:vkh" opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	v) verbose=true ;;
	k) keep=true ;;
	h)
		sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
patterns=("$@")

summary_and_exit() {
	local passed=$1 failed=$2 skipped=$3
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	[ "$failed" -eq 0 ]
	exit
}

runtime=${OCI_RUNTIME:-$repo/build/src/oci-run}
runtime_path=$(command -v "$runtime" 2>/dev/null || true)
case "$runtime_path" in
"") ;;
/*) ;;
*) runtime_path=$PWD/$runtime_path ;;
esac
if [ -z "$runtime_path" ] || [ ! -x "$runtime_path" ]; then
	echo "run.sh: runtime '$runtime' not found or not executable (set OCI_RUNTIME)" >&2
	summary_and_exit 0 1 0
fi
runtime_name=$(basename "$runtime_path")

if [ -n "${OCI_CHECK:-}" ]; then
	checker=$OCI_CHECK
elif [ -x "$(dirname "$(dirname "$runtime_path")")/oci-spec-tests/oci-check" ]; then
	checker=$(dirname "$(dirname "$runtime_path")")/oci-spec-tests/oci-check
else
	checker=$repo/build/oci-spec-tests/oci-check
fi
if [ ! -x "$checker" ]; then
	echo "run.sh: oci-check not found at $checker (build with meson or set OCI_CHECK)" >&2
	summary_and_exit 0 1 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "run.sh: the conformance tests need root" >&2
	summary_and_exit 0 1 0
fi
for tool in jq unshare timeout flock; do
	command -v "$tool" >/dev/null || {
		echo "run.sh: $tool is required" >&2
		summary_and_exit 0 1 0
	}
done

work=$(mktemp -d "${TMPDIR:-/tmp}/oci-spec-tests.XXXXXX")
chmod 755 "$work"
root=$work/root
mkdir -p "$root" "$work/tests"
token=$(printf '%04x%04x' $$ $RANDOM | tail -c 8)

if ! OCI_CHECK=$checker "$repo/tools/make-bundle.sh" --template "$work/base" true >"$work/make-bundle.log" 2>&1; then
	cat "$work/make-bundle.log" >&2
	summary_and_exit 0 1 0
fi
jq '.hostname = "oci-test"' "$work/base/config.json" >"$work/template.json"

echo "# runtime: $runtime_path ($("$runtime_path" --version 2>/dev/null | head -n1))"
echo "# checker: $checker"
echo "# root: $root"

# Discover tests: every `test_name()` in t-*.sh, in file order.
tests=()
for file in "$here"/t-*.sh; do
	base=$(basename "$file" .sh)
	while read -r name; do
		full="$base/$name"
		if [ ${#patterns[@]} -gt 0 ]; then
			matched=false
			for p in "${patterns[@]}"; do
				[[ $full == *"$p"* ]] && matched=true
			done
			$matched || continue
		fi
		tests+=("$full")
	done < <(sed -n 's/^\(test_[A-Za-z0-9_]*\)() *{.*/\1/p' "$file")
done

# remove_test_cgroup ID: kills what a broken runtime left in the test cgroup of ID (even without a
# state dir to delete it by) and removes the directories.
remove_test_cgroup() {
	local id=$1 hierarchy dirs=() dir pid tries
	for hierarchy in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
		[ -d "${hierarchy}oci-run-test/$id" ] && dirs+=("${hierarchy}oci-run-test/$id")
	done
	[ ${#dirs[@]} -gt 0 ] || return 0
	for dir in "${dirs[@]}"; do
		[ -f "$dir/freezer.state" ] && echo THAWED >"$dir/freezer.state" 2>/dev/null
		[ -f "$dir/cgroup.freeze" ] && echo 0 >"$dir/cgroup.freeze" 2>/dev/null
	done
	for tries in 1 2 3 4 5 6 7 8 9 10; do
		local left=0
		for dir in "${dirs[@]}"; do
			[ -d "$dir" ] || continue
			while read -r pid; do
				kill -KILL "$pid" 2>/dev/null
				left=1
			done <"$dir/cgroup.procs"
			rmdir "$dir" 2>/dev/null || left=1
		done
		[ $left -eq 0 ] && return 0
		sleep 0.1
	done
	echo "run.sh: could not remove the test cgroup of $id" >&2
}

# Removes whatever a test left: its containers, helper processes and test cgroups.
cleanup_test() {
	local dir=$1 id pid hierarchy
	if [ -f "$dir/ids" ]; then
		while read -r id; do
			[ -e "$root/$id" ] && timeout -k 5 30 "$runtime_path" --root "$root" delete --force "$id" \
				</dev/null >/dev/null 2>&1
			remove_test_cgroup "$id"
		done <"$dir/ids"
	fi
	if [ -f "$dir/pids" ]; then
		while read -r pid; do
			kill -KILL "$pid" 2>/dev/null
		done <"$dir/pids"
	fi
}

# Runs one test in its own bash process; prints its result line (and log on failure) under a lock
# so parallel jobs do not interleave; records the result in $dir/result.
run_test() {
	local number=$1 full=$2
	local file=${full%%/*} name=${full#*/}
	local dir=$work/tests/$number-$name
	mkdir -p "$dir/san"
	local started=$SECONDS
	RUNTIME=$runtime_path RUNTIME_NAME=$runtime_name ROOT=$root ROOTFS=$work/base/rootfs \
		TEMPLATE=$work/template.json T=$dir TEST_TOKEN=$token TEST_NUMBER=$number \
		ASAN_OPTIONS="log_path=$dir/san/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
		UBSAN_OPTIONS="log_path=$dir/san/ubsan:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" \
		timeout -k 5 "${OCI_TEST_TIMEOUT:-90}" \
		bash -c 'source "$1/lib.sh" && source "$1/$2.sh" && "$3"' test "$here" "$file" "$name" \
		</dev/null >"$dir/log" 2>&1
	local rc=$?
	cleanup_test "$dir"
	local result=pass reason=
	case $rc in
	0) ;;
	77)
		result=skip
		reason=$(sed -n 's/^SKIP: //p' "$dir/log" | head -n1)
		;;
	124 | 137) result=fail reason="timed out after ${OCI_TEST_TIMEOUT:-90}s" ;;
	*) result=fail ;;
	esac
	if [ -n "$(ls -A "$dir/san")" ]; then
		result=fail
		reason="sanitizer report"
	fi
	local elapsed=$((SECONDS - started))
	{
		flock 9
		case $result in
		pass) echo "ok $number $full (${elapsed}s)" ;;
		skip) echo "skip $number $full: $reason" ;;
		fail) echo "FAIL $number $full${reason:+: $reason} (${elapsed}s)" ;;
		esac
		if [ "$result" = fail ] || $verbose; then
			sed 's/^/    /' "$dir/log"
			if [ -f "$dir/commands" ]; then
				echo "    --- runtime commands (last 30):"
				tail -n 30 "$dir/commands" | sed 's/^/    /'
			fi
			for report in "$dir"/san/*; do
				[ -f "$report" ] || continue
				echo "    --- $(basename "$report"):"
				head -n 60 "$report" | sed 's/^/    /'
			done
		fi
	} 9>>"$work/print.lock"
	echo "$result" >"$dir/result"
}

number=0
running=0
for full in "${tests[@]}"; do
	number=$((number + 1))
	if [ "$jobs" -le 1 ]; then
		run_test "$number" "$full"
		continue
	fi
	run_test "$number" "$full" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

passed=0 failed=0 skipped=0
for result in "$work"/tests/*/result; do
	[ -f "$result" ] || continue
	case $(cat "$result") in
	pass) passed=$((passed + 1)) ;;
	skip) skipped=$((skipped + 1)) ;;
	*) failed=$((failed + 1)) ;;
	esac
done
# A test whose runner died records no result: count it as failed.
failed=$((failed + ${#tests[@]} - passed - skipped - failed))

# Sweep anything still under this run's root, then the shared test cgroup parents when empty.
for dir in "$root"/*; do
	[ -e "$dir" ] || continue
	timeout -k 5 30 "$runtime_path" --root "$root" delete --force "$(basename "$dir")" </dev/null >/dev/null 2>&1
done
for hierarchy in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
	[ -d "${hierarchy}oci-run-test" ] && rmdir "${hierarchy}oci-run-test" 2>/dev/null
done
if $keep || { [ "$failed" -gt 0 ] && [ -n "${OCI_TEST_KEEP_FAILED:-}" ]; }; then
	echo "# kept $work"
else
	rm -rf "$work"
fi
summary_and_exit "$passed" "$failed" "$skipped"
