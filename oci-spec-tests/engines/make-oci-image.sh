#!/bin/bash
# make-oci-image.sh: packs a root filesystem directory into a one-layer OCI image layout tarball
# (oci-layout, index.json, blobs/sha256/...), which `ctr image import` and `podman load` take.
#
# usage: make-oci-image.sh ROOTFS-DIR IMAGE-NAME OUT.tar [CMD...]
#   IMAGE-NAME  e.g. localhost/busybox:test (index.json's io.containerd.image.name annotation)
#   CMD         the image's default command (default: sh)
set -euo pipefail

if [ $# -lt 3 ]; then
	echo "usage: $0 ROOTFS-DIR IMAGE-NAME OUT.tar [CMD...]" >&2
	exit 2
fi
rootfs=$1 name=$2 out=$3
shift 3
[ $# -gt 0 ] || set -- sh
command -v jq >/dev/null || {
	echo "make-oci-image: jq is required" >&2
	exit 1
}

case $(uname -m) in
x86_64) arch=amd64 ;;
aarch64) arch=arm64 ;;
armv7l) arch=arm ;;
*) arch=$(uname -m) ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/blobs/sha256"

# add_blob FILE: moves FILE into blobs/ under its digest; prints "DIGEST SIZE".
add_blob() {
	local digest size
	digest=$(sha256sum "$1" | cut -d' ' -f1)
	size=$(stat -c %s "$1")
	mv "$1" "$work/blobs/sha256/$digest"
	echo "$digest $size"
}

# An uncompressed layer: its digest is also its diff id.
tar --numeric-owner --sort=name -C "$rootfs" -cf "$work/layer.tar" .
read -r layer_digest layer_size < <(add_blob "$work/layer.tar")

jq -n --arg arch "$arch" --arg diff "sha256:$layer_digest" --args '{
	architecture: $arch, os: "linux",
	config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: $ARGS.positional },
	rootfs: { type: "layers", diff_ids: [$diff] }
}' "$@" >"$work/config.json"
read -r config_digest config_size < <(add_blob "$work/config.json")

jq -n --arg cd "sha256:$config_digest" --argjson cs "$config_size" \
	--arg ld "sha256:$layer_digest" --argjson ls "$layer_size" '{
	schemaVersion: 2,
	mediaType: "application/vnd.oci.image.manifest.v1+json",
	config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: $cd, size: $cs },
	layers: [ { mediaType: "application/vnd.oci.image.layer.v1.tar", digest: $ld, size: $ls } ]
}' >"$work/manifest.json"
read -r manifest_digest manifest_size < <(add_blob "$work/manifest.json")

jq -n --arg md "sha256:$manifest_digest" --argjson ms "$manifest_size" --arg name "$name" '{
	schemaVersion: 2,
	manifests: [ {
		mediaType: "application/vnd.oci.image.manifest.v1+json", digest: $md, size: $ms,
		annotations: { "io.containerd.image.name": $name, "org.opencontainers.image.ref.name": ($name | sub(".*:"; "")) }
	} ]
}' >"$work/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$work/oci-layout"

tar -C "$work" -cf "$out" oci-layout index.json blobs
