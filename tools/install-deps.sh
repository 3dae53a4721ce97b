#!/bin/bash
# install-deps.sh: installs, with apt-get and only when missing, what building oci-run and running
# its tests need on Debian 12. Used by demo.sh and test-all.sh; safe to run again.
set -euo pipefail

packages=(
	meson ninja-build gcc libc6-dev pkg-config
	libyajl-dev libseccomp-dev libcap-dev
	busybox-static jq util-linux coreutils
	# the engine acceptance tests (oci-spec-tests/engines): podman with conmon and an init for
	# --init, containerd with its runc shim; bsdutils has script(1) for their terminal sessions
	podman conmon netavark catatonit containerd bsdutils
)

missing=()
for package in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$package")
	fi
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages (${missing[*]}); run as root to install them" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null >&2
