#!/bin/bash
# make-bundle.sh: builds an OCI bundle for tests and the demo from Debian's busybox-static.
# DIR/rootfs gets busybox, its applet links, passwd/group and /bin/oci-check; DIR/config.json the spec.
#
# usage: tools/make-bundle.sh [--template] DIR [ARG...]
#   ARG...      process.args (default: sh)
#   --template  use the built-in config template instead of `$OCI_RUNTIME spec`
# environment:
#   OCI_RUNTIME  runtime whose `spec` provides config.json (default: build/src/oci-run)
#   OCI_CHECK    the static oci-check binary (default: build/oci-spec-tests/oci-check)
#   BUSYBOX      a static busybox (default: /bin/busybox)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")

use_template=false
if [ "${1:-}" = --template ]; then
	use_template=true
	shift
fi
if [ $# -lt 1 ] || [ -z "$1" ]; then
	echo "usage: $0 [--template] DIR [ARG...]" >&2
	exit 2
fi
dir=$1
shift
if [ $# -eq 0 ]; then
	set -- sh
fi

runtime=${OCI_RUNTIME:-$repo/build/src/oci-run}
checker=${OCI_CHECK:-$repo/build/oci-spec-tests/oci-check}
busybox=${BUSYBOX:-/bin/busybox}

die() {
	echo "make-bundle: $*" >&2
	exit 1
}

command -v jq >/dev/null || die "jq is required (apt-get install jq)"
[ -x "$busybox" ] || die "$busybox not found (apt-get install busybox-static)"
# A dynamic busybox would need a loader and libc in the rootfs.
if ldd "$busybox" >/dev/null 2>&1; then
	die "$busybox is dynamically linked; install busybox-static"
fi
[ -x "$checker" ] || die "oci-check not found at $checker (build with meson, or set OCI_CHECK)"

# Written from the runtime-spec's own defaults for a Linux container; used when the runtime
# cannot (yet) produce one and by the tests, which must not depend on the runtime under test.
template() {
	cat <<'JSON'
{
  "ociVersion": "1.0.2",
  "process": {
    "terminal": false,
    "user": { "uid": 0, "gid": 0 },
    "args": [ "sh" ],
    "env": [ "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm" ],
    "cwd": "/",
    "capabilities": {
      "bounding": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
      "effective": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
      "permitted": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ],
      "ambient": [ "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE" ]
    },
    "rlimits": [ { "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 } ],
    "noNewPrivileges": true
  },
  "root": { "path": "rootfs", "readonly": true },
  "hostname": "oci-run",
  "mounts": [
    { "destination": "/proc", "type": "proc", "source": "proc" },
    { "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
      "options": [ "nosuid", "strictatime", "mode=755", "size=65536k" ] },
    { "destination": "/dev/pts", "type": "devpts", "source": "devpts",
      "options": [ "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5" ] },
    { "destination": "/dev/shm", "type": "tmpfs", "source": "shm",
      "options": [ "nosuid", "noexec", "nodev", "mode=1777", "size=65536k" ] },
    { "destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
      "options": [ "nosuid", "noexec", "nodev" ] },
    { "destination": "/sys", "type": "sysfs", "source": "sysfs",
      "options": [ "nosuid", "noexec", "nodev", "ro" ] },
    { "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
      "options": [ "nosuid", "noexec", "nodev", "relatime", "ro" ] }
  ],
  "linux": {
    "resources": { "devices": [ { "allow": false, "access": "rwm" } ] },
    "namespaces": [
      { "type": "pid" }, { "type": "network" }, { "type": "ipc" },
      { "type": "uts" }, { "type": "mount" }, { "type": "cgroup" }
    ],
    "maskedPaths": [
      "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
      "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"
    ],
    "readonlyPaths": [
      "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"
    ]
  }
}
JSON
}

mkdir -p "$dir"
rootfs=$dir/rootfs
rm -rf "$rootfs"
mkdir -p "$rootfs"/{bin,sbin,etc,proc,sys,dev,tmp,root,mnt,home/user,usr/bin,usr/sbin,var}
chmod 1777 "$rootfs/tmp"
install -m 0755 "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
	[ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
done
install -m 0755 "$checker" "$rootfs/bin/oci-check"
cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
user:x:1000:1000:user:/home/user:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
user:x:1000:
nogroup:x:65534:
GROUP
chown 1000:1000 "$rootfs/home/user"

config=$dir/config.json
spec_json=
runtime_path=$(command -v "$runtime" 2>/dev/null || true)
case "$runtime_path" in
"" | /*) ;;
*) runtime_path=$PWD/$runtime_path ;;
esac
if ! $use_template && [ -n "$runtime_path" ]; then
	scratch=$(mktemp -d)
	if (cd "$scratch" && "$runtime_path" spec >/dev/null 2>&1) && jq -e .ociVersion "$scratch/config.json" >/dev/null 2>&1; then
		spec_json=$(cat "$scratch/config.json")
	fi
	rm -rf "$scratch"
fi
if [ -z "$spec_json" ]; then
	spec_json=$(template)
fi

args_json=$(jq -cn '$ARGS.positional' --args -- "$@")
jq --argjson args "$args_json" '
	.process.terminal = false
	| .process.args = $args
	| .root.path = "rootfs"' <<<"$spec_json" >"$config.tmp"
mv "$config.tmp" "$config"
echo "bundle ready: $dir (config.json, rootfs with busybox and oci-check)" >&2
