# lib.sh: what the engine acceptance tests (podman.sh, containerd.sh) share: the runtime under test
# behind a --root wrapper, a busybox rootfs, one `ok`/`not ok` line a scenario and the summary line.
#
# A script sources this, calls eng_init NAME, defines scenarios as functions, runs each with
# `scenario "name" function`, and ends with eng_finish. A scenario runs in a subshell with its output
# in a log (printed under `not ok`); it fails with `fail MESSAGE`, is skipped with `skip REASON`.
#
# environment:
#   OCI_RUNTIME   runtime binary (default: build/src/oci-run); runc and crun work too
#   OCI_CHECK     static oci-check put in the image (default: next to the runtime's build)
#   ENG_KEEP=1    keep the scratch directory
#   ENG_ONLY      run only scenarios whose name contains this text
set -uo pipefail

ENG_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# hugetlb_v1_mount/undo, for crun on a hybrid host
# shellcheck source=../../tools/hugetlb-v1.sh
. "$ENG_LIB_DIR/../../tools/hugetlb-v1.sh"
ENG_REPO=$(cd "$ENG_LIB_DIR/../.." && pwd)

eng_passed=0
eng_failed=0
eng_skipped=0
eng_failures=()

eng_summary() {
	if [ "$eng_skipped" -gt 0 ]; then
		echo "$eng_passed passed, $eng_failed failed, $eng_skipped skipped"
	else
		echo "$eng_passed passed, $eng_failed failed"
	fi
}

# eng_abort MESSAGE: the set-up itself failed; counts as one failure and ends the script.
eng_abort() {
	echo "not ok - set-up: $*"
	eng_failed=$((eng_failed + 1))
	eng_cleanup
	eng_summary
	exit 1
}

# eng_init NAME: finds the runtime, makes the scratch dir W and the wrapper that gives the runtime
# its own --root (so parallel runs never see each other's containers). Sets RUNTIME (absolute
# path), RUNTIME_NAME, W, STATE_ROOT (the wrapper's --root) and WRAPPER.
eng_init() {
	local name=$1 runtime_path
	eng_name=$name
	W=
	if [ "$(id -u)" -ne 0 ]; then
		eng_abort "the engine tests need root"
	fi
	runtime_path=$(command -v "${OCI_RUNTIME:-$ENG_REPO/build/src/oci-run}" 2>/dev/null || true)
	case $runtime_path in
	"" | /*) ;;
	*) runtime_path=$PWD/$runtime_path ;;
	esac
	if [ -z "$runtime_path" ] || [ ! -x "$runtime_path" ]; then
		eng_abort "runtime '${OCI_RUNTIME:-build/src/oci-run}' not found (set OCI_RUNTIME)"
	fi
	RUNTIME=$runtime_path
	RUNTIME_NAME=$(basename "$RUNTIME")
	W=$(mktemp -d "${TMPDIR:-/tmp}/oci-engine-$name.XXXXXX") || eng_abort "mktemp"
	chmod 0755 "$W"
	mkdir -p "$W/bin" "$W/state" "$W/logs"
	STATE_ROOT=$W/state
	WRAPPER=$W/bin/$RUNTIME_NAME
	# The engines run the wrapper by path; its name is the runtime's, since podman decides by
	# name which runtimes take --log-format json.
	{
		echo '#!/bin/sh'
		printf 'exec %s --root %s "$@"\n' "$(eng_quote "$RUNTIME")" "$(eng_quote "$STATE_ROOT")"
	} >"$WRAPPER"
	chmod 0755 "$WRAPPER"
	trap 'eng_cleanup_hooks; eng_cleanup' EXIT
	echo "# $name against $RUNTIME ($("$RUNTIME" --version 2>/dev/null | head -n1)), scratch $W"
}

# eng_quote TEXT: TEXT single-quoted for /bin/sh.
eng_quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# Scripts may define eng_cleanup_hooks (stop their engine); it runs before the scratch dir goes.
eng_cleanup_hooks() { :; }

# eng_remove_cgroup_parent NAME: the engine's parent cgroup /NAME in every hierarchy, with the
# empty cgroups below it, deepest first; one that still holds a process stays (rmdir fails).
eng_remove_cgroup_parent() {
	local dir
	for dir in /sys/fs/cgroup/*/"$1"; do
		[ -d "$dir" ] && [ ! -L "${dir%/*}" ] || continue
		find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null
	done
	return 0
}

eng_cleanup() {
	hugetlb_v1_undo
	[ -n "${W:-}" ] && [ -d "$W" ] || return 0
	# Whatever an engine left mounted under the scratch dir (shm, overlay, bind mounts), deepest first.
	local mnt
	awk -v w="$W" '$5 == w || index($5, w "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r mnt; do umount -l "$mnt" 2>/dev/null; done
	if [ "${ENG_KEEP:-}" = 1 ]; then
		echo "# kept $W" >&2
	else
		rm -rf "$W"
	fi
	W=
}

# eng_make_rootfs DIR: a busybox rootfs (with oci-check and passwd/group) in DIR.
eng_make_rootfs() {
	local dir=$1 checker=${OCI_CHECK:-}
	if [ -z "$checker" ]; then
		checker=$(dirname "$(dirname "$RUNTIME")")/oci-spec-tests/oci-check
		[ -x "$checker" ] || checker=$ENG_REPO/build/oci-spec-tests/oci-check
	fi
	OCI_CHECK=$checker "$ENG_REPO/tools/make-bundle.sh" --template "$dir" sh >"$W/logs/make-bundle.log" 2>&1 ||
		eng_abort "tools/make-bundle.sh failed: $(tail -n3 "$W/logs/make-bundle.log")"
}

# --- scenarios -----------------------------------------------------------------------------------

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# expect_match WHAT GOT EXTENDED-REGEX
expect_match() {
	grep -Eq -- "$3" <<<"$2" || fail "$1: '$2' does not match /$3/"
}

# runtime_has COMMAND: whether the runtime under test knows COMMAND (pause, ps...).
runtime_has() {
	"$RUNTIME" "$1" --help >/dev/null 2>&1
}

# scenario NAME FUNCTION [ARGS...]: runs one scenario and prints its line.
scenario() {
	local name=$1 log rc
	shift
	if [ -n "${ENG_ONLY:-}" ] && [[ $name != *"$ENG_ONLY"* ]]; then
		return 0
	fi
	log=$W/logs/$(tr -c 'A-Za-z0-9._-' _ <<<"$name").log
	local started=$SECONDS
	: >"$log"
	("$@") </dev/null >>"$log" 2>&1
	rc=$?
	case $rc in
	0)
		echo "ok - $name ($((SECONDS - started))s)"
		eng_passed=$((eng_passed + 1))
		;;
	77)
		echo "ok - $name # SKIP $(sed -n 's/^SKIP: //p' "$log" | tail -n1)"
		eng_skipped=$((eng_skipped + 1))
		;;
	*)
		echo "not ok - $name ($((SECONDS - started))s)"
		tail -n 40 "$log" | sed 's/^/#   /'
		eng_failed=$((eng_failed + 1))
		eng_failures+=("$name")
		;;
	esac
}

# eng_finish: the summary line; the exit status says whether anything failed.
eng_finish() {
	eng_cleanup_hooks
	eng_cleanup
	trap - EXIT
	if [ "$eng_failed" -gt 0 ]; then
		echo "# failed: ${eng_failures[*]}"
	fi
	eng_summary
	[ "$eng_failed" -eq 0 ]
}
