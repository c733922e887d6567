#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# depmod_index.sh [-a] [KVER]: stands in for "depmod -a" in the install
# tests (make install DEPMOD=..., the DKMS test). depmod reads every module
# of the kernel, which inside the VM means ~400 MB through 9p under
# emulation: more than a minute each time. vm/prep-modules.sh ran depmod on
# the host for each layout the tests produce (the modules installed by
# make install, by DKMS, or none); this puts the index of the layout that
# matches the roam modules now present in /lib/modules/KVER/updates, and
# fails when none matches (then a real depmod is needed).
set -u
[ "${1:-}" = -a ] && shift
kver=${1:-$(uname -r)}
idx=${ROAM_VM_OUT:-/nonexistent}/modindex
lm=/lib/modules/$kver
[ -d "$idx" ] || { echo "depmod_index: no host index in $idx" >&2; exit 1; }
now=$(cd "$lm" && find updates -name 'roam*.ko*' 2>/dev/null | sort)
for l in install dkms none; do
	[ -f "$idx/layout-$l/files" ] || continue
	if [ "$(sort "$idx/layout-$l/files")" = "$now" ]; then
		cp "$idx/layout-$l"/modules.* "$lm/" || exit 1
		echo "depmod_index: index of layout '$l' (computed by depmod on the host)"
		exit 0
	fi
done
echo "depmod_index: no host index for these roam modules: ${now:-none}" >&2
exit 1
