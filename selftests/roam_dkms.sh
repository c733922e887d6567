#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS (Debian's dkms package): make dkms-install registers the module
# sources in /usr/src/roam-VERSION, builds them for the running kernel and
# installs them into /lib/modules/KVER/updates/dkms; modprobe roam then
# loads DKMS's build, and a roam device comes up. make dkms-uninstall
# removes the build and the sources: the listing of what DKMS touches is
# the one from before.
#
# dkms runs depmod over every module of the kernel, minutes through 9p
# under emulation: DKMS_FLAGS=--no-depmod, and tools/depmod_index.sh puts
# the index depmod computed on the host for these files.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vm/install-tree.sh"

test_init roam_dkms
need_cmd make dkms modprobe
[ -f "/lib/modules/$(uname -r)/build/Makefile" ] ||
	skip "no kernel headers for $(uname -r): DKMS cannot build"
[ -f "${ROAM_VM_OUT:-/nonexistent}/modindex/layout-dkms/files" ] ||
	skip "no host module index for the DKMS layout (vm/prep-modules.sh)"

KVER=$(uname -r)
LM=/lib/modules/$KVER
LM_RE=$(re_quote "$LM")
DEPMOD_STANDIN=$SELFTEST_DIR/tools/depmod_index.sh
VERSION=$(sed -n 's/^VERSION := //p' "$TREE_DIR/Makefile")

listing() {
	{
		find /usr/src/roam-"$VERSION" /var/lib/dkms/roam "$LM/updates" 2>/dev/null
		ls -d "$LM"/modules.* 2>/dev/null
	} | sort
}

mod_unload_all
rm -rf "$LM/updates/roam"
rmdir "$LM/updates" 2>/dev/null
"$DEPMOD_STANDIN" -a "$KVER" >/dev/null
at_exit "mod_unload_all; dkms remove roam/$VERSION --all --no-depmod; rm -rf /usr/src/roam-$VERSION; install_tree '$TREE_DIR' >/dev/null"
before=$(listing)

# make dkms-install reads the sources only: a copy of them will do.
tree=$TEST_TMP/tree
mkdir -p "$tree"
cp -a "$TREE_DIR"/{Makefile,Kbuild,kmod,uapi} "$tree/"
start=$(date +%s)
if ! make -s -C "$tree" dkms-install KVER="$KVER" DKMS_FLAGS=--no-depmod \
	> "$TEST_TMP/dkms.log" 2>&1; then
	sed 's/^/# dkms: /' "$TEST_TMP/dkms.log" | tail -n 40
	cat /var/lib/dkms/roam/"$VERSION"/build/make.log 2>/dev/null | tail -n 20 | sed 's/^/# make.log: /'
	fail "make dkms-install builds and installs for $KVER"
	exit 1
fi
_ok "make dkms-install builds and installs for $KVER ($(($(date +%s) - start)) s)"
check_match "dkms status: installed for $KVER" "roam/$(re_quote "$VERSION"), $(re_quote "$KVER"), [^:]*: installed" \
	"$(dkms status roam)"
check "the host's index for the DKMS layout matches the files" \
	"$DEPMOD_STANDIN" -a "$KVER"
check "modprobe roam" modprobe roam
check_match "modprobe loaded DKMS's build" "^$LM_RE/updates/dkms/roam\.ko" \
	"$(modinfo -F filename roam)"
check_match "modprobe's plan is DKMS's file" "insmod $LM_RE/updates/dkms/roam\.ko" \
	"$(modprobe --show-depends roam)"
check "ip link add roam0 type roam (DKMS's module)" ip link add roam0 type roam
check "ip link del roam0" ip link del roam0
mod_unload_all

check "make dkms-uninstall" make -s -C "$tree" dkms-uninstall DKMS_FLAGS=--no-depmod
check "the index without roam" "$DEPMOD_STANDIN" -a "$KVER"
check_fail "after dkms-uninstall, modprobe roam finds no module" modprobe roam
check_eq "nothing left of roam in DKMS, /usr/src or the module tree" "" \
	"$(diff <(echo "$before") <(listing))"
test_done
