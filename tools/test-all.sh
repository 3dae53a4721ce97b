#!/bin/bash
# test-all.sh: everything CI runs: installs missing deps, builds twice (plain, and ASan+UBSan with
# -Dsanitize=true), runs the unit tests and the OCI conformance tests against each build, and the
# engine acceptance tests (podman, containerd) once against the plain build.
#
# Ends with one line `N passed, N failed` summing unit and conformance tests of both builds; exits
# non-zero if anything failed (a build that does not compile counts as one failure).
# environment: OCI_TEST_JOBS (conformance tests run at once, default 2),
#              OCI_BUILD_DIR (plain build dir, default build; the sanitizer build is its name + -asan).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cd "$repo"

if [ "$(id -u)" -ne 0 ]; then
	echo "test-all: run as root (the conformance tests create containers)" >&2
	exit 1
fi

passed=0 failed=0 skipped=0
started=$SECONDS

section() {
	echo
	echo "=== $* ($((SECONDS - started))s)"
}

if ! "$here/install-deps.sh"; then
	echo "test-all: installing dependencies failed" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

# count_meson_tests LOG STATUS: adds meson test's summary counts to the totals.
count_meson_tests() {
	local log=$1 rc=$2 ok expected_fail fail unexpected_pass skip timeout
	ok=$(sed -n 's/^Ok: *\([0-9]*\)[[:space:]]*$/\1/p' "$log" | tail -n1)
	expected_fail=$(sed -n 's/^Expected Fail: *\([0-9]*\)[[:space:]]*$/\1/p' "$log" | tail -n1)
	fail=$(sed -n 's/^Fail: *\([0-9]*\)[[:space:]]*$/\1/p' "$log" | tail -n1)
	unexpected_pass=$(sed -n 's/^Unexpected Pass: *\([0-9]*\)[[:space:]]*$/\1/p' "$log" | tail -n1)
	skip=$(sed -n 's/^Skipped: *\([0-9]*\)[[:space:]]*$/\1/p' "$log" | tail -n1)
	timeout=$(sed -n 's/^Timeout: *\([0-9]*\)[[:space:]]*$/\1/p' "$log" | tail -n1)
	if [ -z "$ok" ] && [ -z "$fail" ]; then
		# No summary: meson test itself failed (or there are no tests and it said so).
		if [ "$rc" -ne 0 ]; then
			echo "test-all: meson test failed without a summary" >&2
			failed=$((failed + 1))
		fi
		return
	fi
	passed=$((passed + ${ok:-0} + ${expected_fail:-0}))
	failed=$((failed + ${fail:-0} + ${unexpected_pass:-0} + ${timeout:-0}))
	skipped=$((skipped + ${skip:-0}))
	# A non-zero exit with every count clean still means something broke.
	if [ "$rc" -ne 0 ] && [ $((${fail:-0} + ${unexpected_pass:-0} + ${timeout:-0})) -eq 0 ]; then
		failed=$((failed + 1))
	fi
}

# count_spec_tests LOG STATUS: adds run.sh's final line to the totals.
count_spec_tests() {
	local log=$1 rc=$2 last
	last=$(tail -n1 "$log")
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)?$ ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
		skipped=$((skipped + ${BASH_REMATCH[4]:-0}))
		if [ "$rc" -ne 0 ] && [ "${BASH_REMATCH[2]}" -eq 0 ]; then
			failed=$((failed + 1))
		fi
	else
		echo "test-all: conformance run ended without a summary" >&2
		failed=$((failed + 1))
	fi
}

logs=$(mktemp -d "${TMPDIR:-/tmp}/oci-test-all.XXXXXX")

# test_build DIR [MESON OPTIONS...]
test_build() {
	local dir=$1
	shift
	case $dir in
	/*) ;;
	*) dir=$repo/$dir ;;
	esac
	section "build $dir $*"
	if [ -f "$dir/build.ninja" ]; then
		meson configure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$@" >/dev/null
	fi || {
		echo "test-all: meson setup of $dir failed" >&2
		failed=$((failed + 1))
		return
	}
	if ! ninja -C "$dir"; then
		echo "test-all: build of $dir failed; its tests cannot run" >&2
		failed=$((failed + 1))
		return
	fi

	section "unit tests in $dir"
	meson test -C "$dir" --no-rebuild --print-errorlogs 2>&1 | tee "$logs/unit.log"
	count_meson_tests "$logs/unit.log" "${PIPESTATUS[0]}"

	section "conformance tests against $dir/src/oci-run"
	OCI_RUNTIME=$dir/src/oci-run OCI_CHECK=$dir/oci-spec-tests/oci-check \
		"$repo/oci-spec-tests/run.sh" -j "${OCI_TEST_JOBS:-2}" 2>&1 | tee "$logs/spec.log"
	count_spec_tests "$logs/spec.log" "${PIPESTATUS[0]}"
}

# test_engines DIR: podman and containerd drive DIR's oci-run (oci-spec-tests/engines), once.
test_engines() {
	local dir=$1 engine
	case $dir in
	/*) ;;
	*) dir=$repo/$dir ;;
	esac
	[ -x "$dir/src/oci-run" ] || return 0 # the build failed, already counted
	for engine in podman containerd; do
		section "$engine against $dir/src/oci-run"
		OCI_RUNTIME=$dir/src/oci-run OCI_CHECK=$dir/oci-spec-tests/oci-check \
			"$repo/oci-spec-tests/engines/$engine.sh" 2>&1 | tee "$logs/$engine.log"
		count_spec_tests "$logs/$engine.log" "${PIPESTATUS[0]}"
	done
}

build_dir=${OCI_BUILD_DIR:-build}
test_build "$build_dir" -Dsanitize=false
test_engines "$build_dir"
# Leak detection stays on: every CLI command is checked. The runtime's container init never runs
# exit handlers (it execs or leaves with _exit), so it needs no exception here.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1} \
	test_build "$build_dir-asan" -Dsanitize=true

rm -rf "$logs"
section "done"
[ "$skipped" -eq 0 ] || echo "($skipped skipped)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
