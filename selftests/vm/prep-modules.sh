#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# prep-modules.sh KVER KMOD_DIR OUT: on the host, index the tree's modules
# together with the kernel's own (depmod -b on a tree of symlinks), so the
# VM only copies the result instead of running depmod over every module of
# the kernel through 9p, which takes minutes under emulation.
# OUT receives updates/roam/*.ko and the modules.* index files.
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
