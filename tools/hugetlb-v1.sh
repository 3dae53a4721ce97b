# tools/hugetlb-v1.sh (sourced): Debian's crun 1.8 refuses a hybrid cgroup host unless hugetlb is
# also mounted as a v1 hierarchy. hugetlb_v1_mount mounts it at /sys/fs/cgroup/hugetlb when it is
# not; hugetlb_v1_undo unmounts it again if hugetlb_v1_mount did. Used by bench/startup.sh and the
# engine scripts when they are pointed at crun; oci-run itself never needs it.
#
# The controller leaves cgroup2 only when no cgroup below the cgroup2 root uses it, and returns
# only when the v1 hierarchy is unmounted with no cgroups left, removed ones included (the kernel
# frees those a moment after rmdir): a hierarchy unmounted too early lives on unmounted and keeps
# the controller from cgroup2 until it is mounted and emptied again.

hugetlb_v1_mounted=false

# hugetlb_v1_settle: waits (up to 2.5 s) until hugetlb counts only its root cgroup.
hugetlb_v1_settle() {
	local _
	for _ in $(seq 50); do
		[ "$(awk '$1 == "hugetlb" { print $3 }' /proc/cgroups)" = 1 ] && return 0
		sleep 0.05
	done
	return 1
}

hugetlb_v1_mount() {
	[ -d /sys/fs/cgroup/unified ] || return 0 # not a hybrid host
	grep -q ' /sys/fs/cgroup/hugetlb ' /proc/self/mountinfo && return 0
	echo "note: mounting hugetlb as a v1 hierarchy at /sys/fs/cgroup/hugetlb so that crun 1.8 accepts this hybrid host"
	# oci-run's own empty parent goes (it is made again on demand)
	if rmdir /sys/fs/cgroup/unified/oci-run 2>/dev/null; then
		echo "note: removed the empty /oci-run cgroup2 parent"
		hugetlb_v1_settle
	fi
	local made_dir=false
	[ -d /sys/fs/cgroup/hugetlb ] || made_dir=true
	mkdir -p /sys/fs/cgroup/hugetlb
	if mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb; then
		hugetlb_v1_mounted=true
	else
		$made_dir && rmdir /sys/fs/cgroup/hugetlb
		echo "note: could not mount hugetlb (cgroups below /sys/fs/cgroup/unified use it); crun may fail"
	fi
}

hugetlb_v1_undo() {
	$hugetlb_v1_mounted || return 0
	find /sys/fs/cgroup/hugetlb -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null
	hugetlb_v1_settle
	umount /sys/fs/cgroup/hugetlb && rmdir /sys/fs/cgroup/hugetlb &&
		echo "note: unmounted the hugetlb v1 hierarchy again"
	hugetlb_v1_mounted=false
}
