#!/bin/bash
# demo.sh: from a fresh Debian 12 clone to a running container: installs missing build deps, builds
# with meson into build/, makes the busybox bundle in test-bundle/ and runs one container in it.
#
# The container prints its hostname, that it is pid 1 of its own pid namespace, and its mounts.
# environment: OCI_RUNTIME to demo another runtime binary (default build/src/oci-run),
#              OCI_BUILD_DIR for another meson build directory (default build).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
cd "$repo"

if [ "$(id -u)" -ne 0 ]; then
	echo "demo: run as root (containers need it)" >&2
	exit 1
fi

"$here/install-deps.sh"

build=${OCI_BUILD_DIR:-build}
case $build in
/*) ;;
*) build=$repo/$build ;;
esac
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build"
fi
ninja -C "$build"

runtime=${OCI_RUNTIME:-$build/src/oci-run}
OCI_RUNTIME=$runtime OCI_CHECK=$build/oci-spec-tests/oci-check \
	"$here/make-bundle.sh" test-bundle oci-check hostname pid mounts
jq '.hostname = "oci-run-demo"' test-bundle/config.json >test-bundle/config.json.new
mv test-bundle/config.json.new test-bundle/config.json

echo
echo "== $runtime run --bundle test-bundle demo-$$"
exec "$runtime" run --bundle test-bundle "demo-$$"
