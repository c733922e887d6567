#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The operator's install path, in the VM (its /usr, /etc, /var are
# writable overlays, so installing there touches nothing on the host):
#
#   make install (the built tree, copied to tmpfs) -> modprobe roam ->
#   ip link add roam0 type roam -> roamd started from the installed unit's
#   ExecStart line, with the installed configuration, under the unit's
#   capability bounding set (capsh) -> roam commands answered ->
#   make uninstall -> the listing of every place install writes to is the
#   one from before.
#
#   netns G: roamd (ExecStart of /lib/systemd/system/roamd.service)
#
# depmod over the kernel's ~4000 modules takes minutes through 9p under
# emulation, so DEPMOD is tools/depmod_index.sh: it puts the index that
# depmod computed on the host for exactly the files now installed, and
# fails if the files are not the ones expected.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vm/install-tree.sh"

test_init roam_install
need_cmd make capsh modprobe man
need_modules roam

KVER=$(uname -r)
LM=/lib/modules/$KVER
# (a copy: the tree's own path is mounted over during make, see below)
DEPMOD_STANDIN=$TEST_TMP/depmod_index.sh
cp "$SELFTEST_DIR/tools/depmod_index.sh" "$DEPMOD_STANDIN"
[ -f "${ROAM_VM_OUT:-/nonexistent}/modindex/layout-install/files" ] ||
	skip "no host module index for the install layout (vm/prep-modules.sh)"

# Every place make install writes to; listed before and after.
listing() {
	{
		find /usr/local /etc/roam /lib/systemd/system/roamd.service \
			"$LM/updates" 2>/dev/null
		ls -d "$LM"/modules.* 2>/dev/null
	} | sort
}

# run_in_vm.sh installed the tree's modules for the other tests: take them
# away first (the listing "before" is a machine without roam), and put
# them back at the end whatever happens.
mod_unload_all
rm -rf "$LM/updates/roam"
rmdir "$LM/updates" 2>/dev/null
"$DEPMOD_STANDIN" -a "$KVER" >/dev/null
at_exit "mod_unload_all; install_tree '$TREE_DIR' >/dev/null"
check_fail "before install, modprobe roam finds no module" modprobe roam
before=$(listing)

# The built tree, as an operator has it after "make": the shared tree is
# read-only here and kbuild writes into it, so a copy on tmpfs is mounted
# over the tree's own path (in a mount namespace of the make alone): the
# same paths, so kbuild and make find everything up to date, as after
# "make" on a server.
copy=$TEST_TMP/tree
mkdir -p "$copy/userspace" "$copy/Documentation"
cp -a "$TREE_DIR"/{Makefile,Kbuild,MAINTAINERS,kmod,uapi} "$copy/"
cp -a "$TREE_DIR"/Documentation/{man,examples} "$copy/Documentation/"
cp -a "$TREE_DIR"/userspace/{Makefile,lib,roam,roamd,build} "$copy/userspace/"
# in_tree CMD...: CMD run with the copy in place of the tree
in_tree() {
	unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' \
		sh "$copy" "$TREE_DIR" "$@"
}
info "make install (modules built for $(cat "$copy/kmod/.kver" 2>/dev/null || echo ?), running $KVER)"
start=$(date +%s)
if ! in_tree make -s -C "$TREE_DIR" install DEPMOD="$DEPMOD_STANDIN" \
	> "$TEST_TMP/install.log" 2>&1; then
	sed 's/^/# install: /' "$TEST_TMP/install.log" | tail -n 30
	fail "make install"
	exit 1
fi
sed 's/^/# install: /' "$TEST_TMP/install.log" | tail -n 30
_ok "make install ($(($(date +%s) - start)) s)"

installed=$(comm -13 <(echo "$before") <(listing))
info "installed:"
printf '%s\n' "$installed" | sed 's/^/#   /'
for f in /usr/local/sbin/roamd /usr/local/sbin/roam \
	/lib/systemd/system/roamd.service /etc/roam/roamd.conf \
	/usr/local/share/man/man8/roam.8 /usr/local/share/man/man8/roamd.8 \
	/usr/local/share/man/man5/roamd.conf.5 \
	/usr/local/share/doc/roam/examples/alliedware-l2tp.conf; do
	check_match "installed $f" "^$f\$" "$installed"
done
check_eq "the configuration is mode 0600" 600 "$(stat -c %a /etc/roam/roamd.conf)"
check_eq "man finds roam(8)" /usr/local/share/man/man8/roam.8 "$(man -w 8 roam 2>&1)"
check_match "roamd.conf(5) reads with man" "roamd.conf - configuration" \
	"$(MANWIDTH=100 man -l /usr/local/share/man/man5/roamd.conf.5 2>&1 | col -b)"

check "modprobe roam loads the installed module" modprobe roam
check_match "it is the one make install put down" "^$LM/updates/roam/kmod/roam\.ko" \
	"$(modinfo -F filename roam)"
check "ip link add roam0 type roam" ip link add roam0 type roam
check "ip link del roam0" ip link del roam0

# --- roamd as systemd would start it -------------------------------------
unit=/lib/systemd/system/roamd.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
allowed=$(sed -n 's/^CapabilityBoundingSet=//p' "$unit" | tr 'A-Z ' 'a-z,')
check_match "the unit starts the installed roamd with the installed configuration" \
	'^/usr/local/sbin/roamd .*-c /etc/roam/roamd.conf' "$exec_start"
# systemd keeps only CapabilityBoundingSet in the bounding set of a root
# service; capsh --drop does the same before exec.
drop=$(capsh --print | sed -n 's/^Bounding set =//p' | tr ',' '\n' |
	grep -vxF -e "${allowed//,/$'\n'}" | paste -sd,)
ns_create G
# shellcheck disable=SC2086 # ExecStart is a command line
ip netns exec "$G" capsh --drop="$drop" -- -c "exec $exec_start" \
	> "$TEST_TMP/roamd.log" 2>&1 &
rd_pid=$!
at_exit "kill $rd_pid 2>/dev/null; wait $rd_pid 2>/dev/null"
if ! wait_until 15 test -S /run/roam/roamd.sock; then
	sed 's/^/# roamd: /' "$TEST_TMP/roamd.log"
	fail "roamd answers on /run/roam/roamd.sock"
	exit 1
fi
pid=$(ip netns exec "$G" roam -j daemon show | json "find(d, 'pid')")
check_eq "roamd's effective capabilities are the unit's" \
	"$allowed" \
	"$(capsh --decode="$(awk '/^CapEff/ {print $2}' "/proc/$pid/status")" |
		sed 's/.*=//' | tr ',' '\n' | sort | paste -sd,)"
check_match "roam daemon show names the installed configuration" \
	'/etc/roam/roamd.conf' "$(ip netns exec "$G" roam daemon show)"
check_match "roam link show lists roam0 (from the configuration)" 'roam0' \
	"$(ip netns exec "$G" roam link show)"
check_match "roam pool show lists the shipped pool" 'office' \
	"$(ip netns exec "$G" roam pool show)"
check "roam user add is answered" \
	ip netns exec "$G" roam user add tester password "not shown"
check_match "roam user show lists it" 'tester' \
	"$(ip netns exec "$G" roam user show)"
kill -TERM "$rd_pid"
wait "$rd_pid"
check_eq "roamd stops cleanly on SIGTERM" 0 $?
sed 's/^/# roamd: /' "$TEST_TMP/roamd.log"
ip -n "$G" link del roam0 2>/dev/null

# --- uninstall -------------------------------------------------------------
mod_unload_all
check "make uninstall" in_tree make -s -C "$TREE_DIR" uninstall DEPMOD="$DEPMOD_STANDIN"
check_fail "after uninstall, modprobe roam finds no module" modprobe roam
after=$(listing)
check_eq "nothing left: the listing is the one from before install" "" \
	"$(diff <(echo "$before") <(echo "$after"))"
test_done
