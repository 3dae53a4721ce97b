#!/bin/bash
# bench/startup.sh: `run` of /bin/true on the busybox bundle, and `exec` of /bin/true into a running
# container, with oci-run, crun and runc in the same session, as wall-time ratios (hyperfine), and
# the peak memory of the runtime process in `run` (GNU time's max RSS).
#
# usage: bench/startup.sh [RUNS]        (as root; builds nothing: expects build/src/oci-run)
# On a hybrid cgroup host, Debian's crun 1.8 refuses to run unless hugetlb is also mounted as a v1
# hierarchy: this script mounts it (and says so) when crun is installed and it is missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
runs=${1:-50}
oci_run=${OCI_RUN:-$repo/build/src/oci-run}
work=$(mktemp -d /tmp/oci-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

for tool in hyperfine /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine time)" >&2; exit 1; }
done
[ -x "$oci_run" ] || { echo "bench: $oci_run not built" >&2; exit 1; }

OCI_RUNTIME=$oci_run "$repo/tools/make-bundle.sh" "$work/bundle" /bin/true >/dev/null
# the same config for every runtime: no terminal, /bin/true; ociVersion 1.0.2, which crun 1.8 knows
jq '.process.terminal = false | .ociVersion = "1.0.2"' "$work/bundle/config.json" >"$work/c" && mv "$work/c" "$work/bundle/config.json"

runtimes=("oci-run:$oci_run")
command -v crun >/dev/null && runtimes+=("crun:$(command -v crun)")
command -v runc >/dev/null && runtimes+=("runc:$(command -v runc)")

# shellcheck source=../tools/hugetlb-v1.sh
. "$repo/tools/hugetlb-v1.sh"
trap 'hugetlb_v1_undo; rm -rf "$work"' EXIT
command -v crun >/dev/null && hugetlb_v1_mount

cmds=()
for entry in "${runtimes[@]}"; do
	name=${entry%%:*}
	bin=${entry#*:}
	mkdir -p "$work/root-$name"
	cmds+=("$bin --root $work/root-$name run -b $work/bundle bench-$name")
done

# Back to back, and 200 ms apart: on cgroup v1 a write of another process's pid to cgroup.procs
# waits for an RCU grace period unless one just passed, so a tight loop hides part of that cost.
# measure SPACING TITLE COMMAND...: hyperfine over the commands (oci-run's first), as ratios.
measure() {
	local spacing=$1 title=$2
	shift 2
	if [ "$spacing" = 0 ]; then
		echo "== wall time of '$title' ($runs runs each back to back, 5 warm-up) =="
	else
		echo "== wall time of '$title' ($runs runs each, ${spacing}s apart, 5 warm-up) =="
	fi
	hyperfine -N -w 5 -r "$runs" --prepare "sleep $spacing" --export-json "$work/h.json" "$@" 2>&1 |
		grep -E 'Benchmark|Time|±' || true
	base=$(jq '.results[0].mean' "$work/h.json")
	jq -r --argjson base "$base" '.results[] | "\(.command | split(" ")[0] | split("/")[-1]): mean \(.mean*1000 | .*100 | round / 100) ms, user \(.user*1000 | .*100|round/100) ms, system \(.system*1000|.*100|round/100) ms, ratio to oci-run \(.mean / $base | .*100 | round / 100)"' "$work/h.json"
}
for spacing in 0 0.2; do
	measure "$spacing" "run /bin/true" "${cmds[@]}"
done

# exec of /bin/true into a running container of each runtime (sleep as its process).
# the same rootfs by absolute path (runc refuses a symlinked one)
mkdir -p "$work/sleep-bundle"
jq --arg rootfs "$work/bundle/rootfs" '.process.args = ["sleep", "1000"] | .root.path = $rootfs' \
	"$work/bundle/config.json" >"$work/sleep-bundle/config.json"
exec_cmds=()
for entry in "${runtimes[@]}"; do
	name=${entry%%:*}
	bin=${entry#*:}
	if "$bin" --root "$work/root-$name" run -d -b "$work/sleep-bundle" "exec-$name" </dev/null >/dev/null 2>"$work/err"; then
		exec_cmds+=("$bin --root $work/root-$name exec exec-$name /bin/true")
	else
		echo "note: $name could not start the exec target: $(head -c 300 "$work/err")"
	fi
done
measure 0.2 "exec ID /bin/true" "${exec_cmds[@]}"
for entry in "${runtimes[@]}"; do
	"${entry#*:}" --root "$work/root-${entry%%:*}" delete --force "exec-${entry%%:*}" >/dev/null 2>&1
done

echo "== peak RSS of the runtime process (max of 10 runs) =="
for entry in "${runtimes[@]}"; do
	name=${entry%%:*}
	bin=${entry#*:}
	max=0
	for _ in $(seq 10); do
		kb=$( { /usr/bin/time -f '%M' "$bin" --root "$work/root-$name" run -b "$work/bundle" "mem-$name" >/dev/null; } 2>&1 | tail -n1)
		[ "$kb" -gt "$max" ] && max=$kb
	done
	echo "$name: ${max} KiB"
done
