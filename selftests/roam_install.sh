#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The operator's install path, in the VM (its /usr, /etc, /var are
# writable overlays, so installing there touches nothing on the host):
#
#   make install (the built tree, copied to tmpfs, taken as built) ->
#   modprobe roam -> ip link add roam0 type roam -> roamd started from the
#   installed unit's ExecStart line, with the installed configuration,
#   under the unit's capability bounding set (capsh, as systemd would: the
#   unit has no User=, roamd runs as root with only those capabilities) ->
#   a real PPTP client (pptp-linux + pppd) served: user and PPTP added
#   with roam, pings to the office host through roam0, roam_pptp.ko loaded
#   by the kernel on demand from the installed tree -> every system call
#   roamd made (strace) is one the unit's SystemCallFilter permits, and it
#   opened nothing ProcSubset=pid hides (the VM has no systemd to apply
#   them) -> make uninstall -> the listing of every place install writes
#   to is the one from before.
#
#   netns C (client)         netns N (bridge)        netns G (gateway)        netns O (office)
#   eth0 192.0.2.10 ------------- br0 ---------------- pub0 192.0.2.1
#   pppd + pptp: ppp0                                  roamd (ExecStart of
#   10.10.0.x <-- PPP in GRE, TCP 1723 -->             /lib/systemd/system/roamd.service)
#                                                      roam0 10.10.0.1
#                                                      lan0 192.168.50.1 ------ eth0 192.168.50.2
#
# depmod over the kernel's ~4000 modules takes minutes through 9p under
# emulation, so DEPMOD is tools/depmod_index.sh: it puts the index that
# depmod computed on the host for exactly the files now installed, and
# fails if the files are not the ones expected.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/vm/install-tree.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_pptp.sh"

test_init roam_install
T0=$(date +%s)
# at: seconds since the start, for the log
at() { echo "$(($(date +%s) - T0)) s"; }
need_cmd make capsh modprobe man strace systemd-analyze
need_modules roam
need_pptp_clients

KVER=$(uname -r)
LM=/lib/modules/$KVER
LM_RE=$(re_quote "$LM")
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

# The built tree, as an operator has it after "make". Its modules are the
# ones the suite runs with: the tree's build, or the copy check.sh built for
# this kernel with the top Makefile (the same layout: kmod/*.ko,
# modules.order, the kmod/.kver stamp) in its output folder. The shared
# tree is read-only here, so a copy on tmpfs is mounted over the path the
# modules were built in (in a mount namespace of the make alone): the same
# paths (kbuild's modules.order names them) and times, so make finds
# everything up to date as after "make" on a server. make install must take
# them as they are, without running kbuild's build again (when it did, it
# rebuilt them here: 14 minutes under emulation): the log says so.
build=$(cd "$(dirname "${ROAM_KMOD_DIR:-$TREE_DIR/kmod}")" && pwd)
copy=$TEST_TMP/tree
mkdir -p "$copy/userspace" "$copy/Documentation"
cp -a "$build"/{Makefile,Kbuild,MAINTAINERS,kmod,uapi,modules.order} "$copy/"
cp -a "$TREE_DIR"/Documentation/{man,examples} "$copy/Documentation/"
# the userspace sources make install builds from (tools: roam-loadgen)
cp -a "$TREE_DIR"/userspace/{Makefile,lib,roam,roamd,bench,tests,tools,build} "$copy/userspace/"
# in_tree CMD...: CMD run with the copy in place of the build's tree
in_tree() {
	unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' \
		sh "$copy" "$build" "$@"
}
info "make install (modules built for $(cat "$copy/kmod/.kver" 2>/dev/null || echo ?) in $build, running $KVER)"
start=$(date +%s)
if ! in_tree make -s -C "$build" install DEPMOD="$DEPMOD_STANDIN" \
	> "$TEST_TMP/install.log" 2>&1; then
	sed 's/^/# install: /' "$TEST_TMP/install.log" | tail -n 30
	fail "make install"
	exit 1
fi
sed 's/^/# install: /' "$TEST_TMP/install.log" | tail -n 30
_ok "make install ($(($(date +%s) - start)) s)"
check_match "make install took the built modules as they are" \
	"^roam: modules for $(re_quote "$KVER") are up to date" "$(cat "$TEST_TMP/install.log")"

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
# (Debian's /usr/local/man is a link to /usr/local/share/man)
check_eq "man finds roam(8)" /usr/local/share/man/man8/roam.8 \
	"$(readlink -f "$(man -w 8 roam 2>&1)")"
check_match "roamd.conf(5) reads with man" "roamd.conf - configuration" \
	"$(MANWIDTH=100 man -l /usr/local/share/man/man5/roamd.conf.5 2>&1 | col -b)"

check "modprobe roam loads the installed module" modprobe roam
check_match "it is the one make install put down" "^$LM_RE/updates/roam/kmod/roam\.ko" \
	"$(modinfo -F filename roam)"
check "ip link add roam0 type roam" ip link add roam0 type roam
check "ip link del roam0" ip link del roam0

# --- roamd as systemd would start it, serving a client -------------------
unit=/lib/systemd/system/roamd.service
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
allowed=$(sed -n 's/^CapabilityBoundingSet=//p' "$unit" | tr 'A-Z ' 'a-z,')
check_match "the unit starts the installed roamd with the installed configuration" \
	'^/usr/local/sbin/roamd .*-c /etc/roam/roamd.conf' "$exec_start"
check_eq "the unit runs roamd as root (no User=), so the bounding set is what it grants" \
	"" "$(sed -n 's/^\(User\|DynamicUser\)=//p' "$unit")"
# systemd keeps only CapabilityBoundingSet in the bounding set of a root
# service; capsh --drop does the same before exec.
drop=$(capsh --print | sed -n 's/^Bounding set =//p' | tr ',' '\n' |
	grep -vxF -e "${allowed//,/$'\n'}" | paste -sd,)
info "roamd from the unit ($(at))"
ns_create G
ns_create O
ns_create C
gw_setup "$G" "$O"
net_attach "$C" eth0 192.0.2.10/24
# strace records every system call roamd makes, to compare them with the
# unit's SystemCallFilter and ProcSubset (systemd does not run in the VM,
# so what only systemd applies is checked against what roamd did).
trace=$TEST_TMP/roamd.strace
# shellcheck disable=SC2086 # ExecStart is a command line
ip netns exec "$G" capsh --drop="$drop" -- -c \
	"exec strace -f -qq -e signal=none -o $trace $exec_start" \
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
# What an operator adds next, with roam: a user, and (for the quickest
# real client Debian has) PPTP with MPPE-128.
check "roam user add is answered" \
	ip netns exec "$G" roam user add tester password Road4Warrior
check_match "roam user show lists it" 'tester' \
	"$(ip netns exec "$G" roam user show)"
check "roam ppp set local 10.10.0.1 auth mschapv2" \
	ip netns exec "$G" roam ppp set local 10.10.0.1 auth mschapv2
check "roam pptp set enable on" ip netns exec "$G" roam pptp set enable on
ip -n "$G" addr add 10.10.0.1/32 dev roam0
ip -n "$G" link set roam0 up
ip -n "$G" route add 10.10.0.0/24 dev roam0

info "the PPTP client ($(at))"
PPTP_PPP_EXTRA="require-mppe-128" pptp_start "$C" tester Road4Warrior 192.0.2.1
if check "the client's PPP link comes up" wait_until 40 ppp_up "$C"; then
	addr=$(ppp_addr "$C")
	check_match "the client has an address of the shipped pool" \
		'^10\.10\.0\.([1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|250)$' "$addr"
	ip -n "$C" route add 192.168.50.0/24 dev "$(ppp_dev "$C")"
	check "the client reaches the office host through roam0" \
		ip netns exec "$C" ping -c 3 -i 0.2 -W 2 192.168.50.2
	check_eq "roam session show: the client's session is tester's" tester \
		"$(ip netns exec "$G" roam -j session show |
			json "(by(d, 'address', '$addr') or {}).get('user')")"
	check_match "the kernel loaded roam_pptp from the installed tree" \
		"^$LM_RE/updates/roam/kmod/roam_pptp\.ko" "$(modinfo -F filename roam_pptp)"
else
	pptp_logs "$C"
fi
pptp_stop "$C"
info "roamd stops ($(at))"
kill -TERM "$pid"
wait "$rd_pid"
check_eq "roamd stops cleanly on SIGTERM" 0 $?
sed 's/^/# roamd: /' "$TEST_TMP/roamd.log"

# syscalls GROUP-OR-NAME...: the system calls they name, groups expanded
# (systemd-analyze lists every group with its members, nested groups too)
syscalls() {
	systemd-analyze syscall-filter | awk -v want="$*" '
		function out(x,   n, a, i) {
			if (x !~ /^@/) { print x; return }
			n = split(m[x], a, " ")
			for (i = 1; i <= n; i++) out(a[i])
		}
		/^@/ { g = $1; next }
		/^[^ ]/ || !NF { g = ""; next }
		g != "" && $1 !~ /^#/ { m[g] = m[g] " " $1 }
		END { n = split(want, w, " "); for (i = 1; i <= n; i++) out(w[i]) }'
}
# The unit's filter: the allow lines, less the ~ lines.
allow=$(sed -n 's/^SystemCallFilter=\([^~]\)/\1/p' "$unit" | tr ' ' '\n')
deny=$(sed -n 's/^SystemCallFilter=~//p' "$unit" | tr ' ' '\n')
# shellcheck disable=SC2086 # one word per group or name
permitted=$(comm -23 <(syscalls $allow | sort -u) <(syscalls $deny | sort -u))
used=$(sed -n 's/^[0-9]\+ \+\([a-z0-9_]\+\)(.*/\1/p' "$trace" | sort -u)
info "roamd's system calls: $(echo $used)"
check_true "roamd made system calls (strace saw them)" "nothing in $trace" [ -n "$used" ]
check_eq "every system call roamd made is one the unit's SystemCallFilter permits" "" \
	"$(comm -23 <(echo "$used") <(echo "$permitted") | paste -sd' ')"
if grep -q '^ProcSubset=pid' "$unit"; then
	check_eq "roamd opened nothing in /proc but processes (the unit's ProcSubset=pid)" "" \
		"$(grep -o '"/proc/[^"]*"' "$trace" | grep -v '"/proc/\(self\|thread-self\|[0-9]\+\)\(/\|"\)' |
			sort -u | paste -sd' ')"
fi
ip -n "$G" link del roam0 2>/dev/null

info "uninstall ($(at))"
# --- uninstall -------------------------------------------------------------
mod_unload_all
check "make uninstall" in_tree make -s -C "$build" uninstall DEPMOD="$DEPMOD_STANDIN"
check_fail "after uninstall, modprobe roam finds no module" modprobe roam
after=$(listing)
check_eq "nothing left: the listing is the one from before install" "" \
	"$(diff <(echo "$before") <(echo "$after"))"
test_done
