# SPDX-License-Identifier: GPL-2.0
#
# Sourced inside the VM: makes the tree's modules loadable with modprobe
# (copied into /lib/modules/$(uname -r)/updates/roam, which the VM overlays
# writable, then depmod) and puts the tree's programs on PATH.
#   install_tree TREE    returns the number of modules installed in
#                        $ROAM_INSTALLED
install_tree() {
	local tree=$1 kver dest ko src vm
	kver=$(uname -r)
	dest=/lib/modules/$kver/updates/roam
	ROAM_INSTALLED=0
	for ko in roam.ko roam_l2tp.ko roam_pptp.ko; do
		src=${ROAM_KMOD_DIR:-$tree/kmod}/$ko
		if [ ! -f "$src" ]; then
			echo "# module $src not built"
			continue
		fi
		vm=$(modinfo -F vermagic "$src" 2>/dev/null | awk '{print $1}')
		if [ "$vm" != "$kver" ]; then
			echo "# module $src is built for ${vm:-?}, not $kver: not installed"
			continue
		fi
		mkdir -p "$dest"
		cp "$src" "$dest/" && ROAM_INSTALLED=$((ROAM_INSTALLED + 1))
	done
	if [ "$ROAM_INSTALLED" -gt 0 ] &&
	   [ -f "${ROAM_VM_OUT:-/nonexistent}/modindex/modules.dep" ]; then
		cp "$ROAM_VM_OUT"/modindex/modules.* "/lib/modules/$kver/"
	elif [ "$ROAM_INSTALLED" -gt 0 ]; then
		depmod -a "$kver"
	fi
	PATH=$tree/userspace/roam:$tree/userspace/roamd:$PATH
	export PATH
}
