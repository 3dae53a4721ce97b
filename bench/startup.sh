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

# Undone at exit: a v1 hugetlb hierarchy takes the controller away from the cgroup2 tree until it is
# unmounted with no child cgroups left (then the controller returns to cgroup2).
mounted_hugetlb=false
undo_hugetlb() {
	$mounted_hugetlb || return 0
	find /sys/fs/cgroup/hugetlb -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null
	# a hierarchy unmounted while removed cgroups are still being freed lives on, unmounted, and
	# keeps the controller from cgroup2: wait until only its root is left
	for _ in $(seq 50); do
		[ "$(awk '$1 == "hugetlb" { print $3 }' /proc/cgroups)" = 1 ] && break
		sleep 0.05
	done
	umount /sys/fs/cgroup/hugetlb && rmdir /sys/fs/cgroup/hugetlb &&
		echo "note: unmounted the hugetlb v1 hierarchy again"
}
trap 'undo_hugetlb; rm -rf "$work"' EXIT
if command -v crun >/dev/null && [ -d /sys/fs/cgroup/unified ] && ! grep -q ' /sys/fs/cgroup/hugetlb ' /proc/self/mountinfo; then
	echo "note: mounting hugetlb as a v1 hierarchy at /sys/fs/cgroup/hugetlb so that crun 1.8 accepts this hybrid host"
	# the controller leaves cgroup2 only when no cgroup below its root uses it: oci-run's own
	# parent, when empty, goes (it is made again on demand)
	if rmdir /sys/fs/cgroup/unified/oci-run 2>/dev/null; then
		echo "note: removed the empty /oci-run cgroup2 parent"
		# the kernel frees a removed cgroup's state a moment later: until then it still counts
		for _ in $(seq 50); do
			[ "$(awk '$1 == "hugetlb" { print $3 }' /proc/cgroups)" = 1 ] && break
			sleep 0.05
		done
	fi
	made_dir=false
	[ -d /sys/fs/cgroup/hugetlb ] || made_dir=true
	mkdir -p /sys/fs/cgroup/hugetlb
	if mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb; then
		mounted_hugetlb=true
	else
		$made_dir && rmdir /sys/fs/cgroup/hugetlb
		echo "note: could not mount hugetlb (cgroups below /sys/fs/cgroup/unified use it); crun may fail"
	fi
fi

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
