#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# prep-modules.sh KVER KMOD_DIR OUT: on the host, index the tree's modules
# together with the kernel's own (depmod -b on a tree of symlinks), so the
# VM only copies the result instead of running depmod over every module of
# the kernel through 9p, which takes minutes under emulation.
# OUT receives updates/roam/*.ko and the modules.* index files, and three
# more indexes for the install tests (selftests/tools/depmod_index.sh puts
# the one that matches the files in place of depmod's run in the VM):
#   OUT/layout-install  the modules where `make install` puts them (kbuild
#                       keeps the Kbuild subfolder: updates/roam/kmod)
#                       compressed as the kernel's are
#   OUT/layout-dkms     where DKMS puts them (updates/dkms)
#   OUT/layout-none     the kernel's own index, no roam module
set -eu
kver=$1 kmod=$2 out=$3
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
base=$t/lib/modules/$kver
mkdir -p "$base/updates/roam" "$out/updates/roam"
for f in /lib/modules/"$kver"/*; do
	case $(basename "$f") in
	modules.*.bin | modules.dep | modules.alias | modules.symbols | \
	modules.devname | modules.softdep | updates) ;;
	*) ln -s "$f" "$base/" ;;
	esac
done
for ko in "$kmod"/*.ko; do
	vm=$(modinfo -F vermagic "$ko" | awk '{print $1}')
	[ "$vm" = "$kver" ] || continue
	cp "$ko" "$base/updates/roam/"
	cp "$ko" "$out/updates/roam/"
done
depmod -b "$t" "$kver"
cp "$base"/modules.* "$out/"

# The kernel compresses what modules_install and DKMS install when its
# configuration says so (Debian's 6.12: xz).
ext=.ko
grep -q '^CONFIG_MODULE_COMPRESS_XZ=y' "/lib/modules/$kver/build/.config" \
	2>/dev/null && ext=.ko.xz
layout() {
	local name=$1 sub=$2 ko b
	rm -rf "$base/updates"
	# what depmod writes (the kernel's modules.order and builtin stay)
	rm -f "$base"/modules.*.bin "$base"/modules.dep "$base"/modules.alias \
		"$base"/modules.symbols "$base"/modules.devname "$base"/modules.softdep
	if [ -n "$sub" ]; then
		mkdir -p "$base/$sub"
		for ko in "$out"/updates/roam/*.ko; do
			[ -e "$ko" ] || continue
			b=$(basename "$ko" .ko)
			if [ "$ext" = .ko.xz ]; then
				xz -c --check=crc32 "$ko" > "$base/$sub/$b.ko.xz"
			else
				cp "$ko" "$base/$sub/"
			fi
		done
	fi
	depmod -b "$t" "$kver"
	mkdir -p "$out/layout-$name"
	cp "$base"/modules.* "$out/layout-$name/"
	[ -z "$sub" ] || (cd "$base" && ls "$sub") | sed "s|^|$sub/|" > "$out/layout-$name/files"
	[ -n "$sub" ] || : > "$out/layout-$name/files"
}
layout install updates/roam/kmod
layout dkms updates/dkms
layout none ""
