#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, inside the VM: roamd on a gateway with the default
# configuration, then real L2TP/IPsec clients as Debian ships them
# (strongSwan's charon, xl2tpd, pppd), two of them behind one hotel NAT at
# the same time, each reaching a host on the office LAN.
#
#                                   netns N (bridge, 192.0.2.0/24)
#   netns alice 192.0.2.10 ------------------+
#   netns bob   10.0.1.2 --+                 |
#                          +-- netns hotel (NAT 192.0.2.20) --+
#   netns carol 10.0.1.3 --+                 |
#                                            +--- netns gw 192.0.2.1: roamd, roam0 10.10.0.1
#                                                   lan0 192.168.50.1 --- netns office 192.168.50.2
#
# The users, the pre-shared key and the PPP settings are given to the
# running roamd with the roam CLI: the default configuration file only
# holds commented examples of them. Exits 1 when a client fails to
# connect or to reach the office host, or when something is left behind.
set -u
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TREE=$(cd "$DIR/.." && pwd)
# shellcheck source=vm/install-tree.sh
source "$DIR/vm/install-tree.sh"
# shellcheck source=lib.sh
source "$DIR/lib.sh"
# shellcheck source=peers/lib_peers.sh
source "$DIR/peers/lib_peers.sh"

TEST_NAME=demo
PSK="office psk"
OFFICE=192.168.50.2

# step TITLE: a heading, with the seconds since the demo started
step() { printf '\n\033[1m== %s\033[0m  [%d s]\n' "$*" "$SECONDS"; }

# shown CMD...: print CMD as a person would type it, then run it
shown() {
	local a line='$'
	for a in "$@"; do
		[[ $a =~ ^[][A-Za-z0-9_./:=,+@%-]+$ ]] || a="'$a'"
		line+=" $a"
	done
	echo "$line"
	"$@"
}

# die WHAT: the demo failed; roamd's log says why, the trap cleans up
die() {
	printf '\n\033[1mdemo: FAILED: %s\033[0m\n' "$*"
	if [ -s "${RD_LOG:-}" ]; then
		echo "roamd's log, last lines:"
		tail -n 40 "$RD_LOG" | sed 's/^/  /'
	fi
	exit 1
}

# Whatever the demo got to, nothing stays: clients, roamd, namespaces,
# modules. A process left in a namespace is reported and fails the demo.
demo_exit() {
	local rc=$?
	trap - EXIT
	run_cleanups
	ns_del_created
	wait_until 10 mod_unload_all || { echo "demo: cannot unload the modules"; rc=1; }
	[ "$N_FAILED" -eq 0 ] || rc=1
	exit $rc
}
trap demo_exit EXIT
trap 'exit 130' INT TERM

step "kernel $(uname -r): the tree's modules and programs"
install_tree "$TREE"
[ "$ROAM_INSTALLED" -eq 3 ] || die "the modules are not built for $(uname -r)"
for c in roamd roam xl2tpd pppd swanctl nft; do
	command -v "$c" >/dev/null || die "$c is not installed (make deps)"
done
[ -x /usr/lib/ipsec/charon ] || die "strongSwan's charon is not installed (make deps)"
# The clients' side of L2TP + PPP is the stock kernel's.
modprobe ppp_generic || die "cannot load ppp_generic"
modprobe l2tp_ppp || die "cannot load l2tp_ppp"
# A fresh /run for roamd's socket; the clients' files live outside it,
# since each client mounts its own /run.
mount -t tmpfs roam-demo /run || die "cannot mount a tmpfs on /run"
export TMPDIR=/run
mkdir -p /run/roam /etc/roam
RD_SOCK=/run/roam/roamd.sock
RD_LOG=/run/roamd.log
RD_LEVEL=
echo "roam.ko, roam_l2tp.ko, roam_pptp.ko installed; roamd and roam on PATH"

step "the network: gateway gw, office host, alice on the internet, bob and carol behind one NAT"
sed -n '/^#  *netns N/,/^#$/p' "$0" | sed '$d; s/^#//'
ns_create G gw || die "cannot create namespace gw"
ns_create O office || die "cannot create namespace office"
ns_create ALICE alice || die "cannot create namespace alice"
ns_create HOTEL hotel || die "cannot create namespace hotel"
ns_create BOB bob || die "cannot create namespace bob"
ns_create CAROL carol || die "cannot create namespace carol"
gw_setup "$G" "$O"
net_attach "$ALICE" eth0 192.0.2.10/24
nat_setup "$HOTEL" 192.0.2.20/24 1
nat_client "$BOB" "$HOTEL" 1 10.0.1.2
nat_client "$CAROL" "$HOTEL" 1 10.0.1.3

step "roamd with the default configuration, in gw"
install -m 0600 "$TREE/userspace/roamd/roamd.conf" /etc/roam/roamd.conf
echo "(/etc/roam/roamd.conf, mode 0600, without its comments)"
shown grep -Ev '^(#|$)' /etc/roam/roamd.conf
echo "\$ ip netns exec gw roamd -f -c /etc/roam/roamd.conf -S $RD_SOCK &"
roamd_start "$G" /etc/roam/roamd.conf || die "roamd does not start"
# roamd_start gives roam0 the gateway's end of the PPP links and the
# route to the pool, as an administrator's network configuration would.
echo "\$ ip -n gw addr add 10.10.0.1/32 dev roam0; ip -n gw link set roam0 up"
echo "\$ ip -n gw route add 10.10.0.0/24 dev roam0"
echo "(roam's link and session objects are the kernel's: -n gw reads them in gw)"
shown roam -n gw link show
shown roam daemon show

step "users, the pre-shared key and PPP, given to the running roamd"
shown roam user add alice password alice-pw || die "roam user add"
shown roam user add bob password bob-pw || die "roam user add"
shown roam user add carol password carol-pw || die "roam user add"
shown roam psk add peer any secret "$PSK" || die "roam psk add"
shown roam ppp set local 10.10.0.1 dns "$OFFICE" auth mschapv2,chap ||
	die "roam ppp set"
shown roam user show
shown roam psk show
shown roam ppp show

# connect C USER IKE ESP: start C's charon, connect, say how it went
connect() {
	local c=$1 user=$2 ike=$3 esp=$4 auth
	echo "$c: charon (IKEv1, PSK, ESP transport for udp/1701), IKE $ike, ESP $esp"
	charon_start "$c" "$PSK" 192.0.2.1 "$ike" "$esp" ||
		die "$c: charon does not start"
	echo "$c\$ swanctl --initiate --child l2tp"
	l2tp_ipsec_connect "$c" "$user" "$user-pw" ||
		die "$c cannot connect"
	echo "    IPsec SA up in $CONNECT_IPSEC_S s"
	echo "$c\$ echo 'c roam' > /run/xl2tpd/l2tp-control    # xl2tpd + pppd, user $user"
	# roamd's log names the method the client and roamd agreed on
	auth=$(sed -n "s/.*user $user authenticated (\([^)]*\)).*/\1/p" "$RD_LOG" | tail -n 1)
	echo "    $(ppp_dev "$c") $(ppp_addr "$c") up in $CONNECT_PPP_S s (L2TP tunnel, call, PPP with ${auth:-?})"
}

# ping_office C: the office host through C's tunnel (summary lines only)
ping_office() {
	local out
	echo "$1\$ ping -c 5 -i 0.2 $OFFICE"
	out=$(ip netns exec "$1" ping -c 5 -i 0.2 -W 2 "$OFFICE" 2>&1)
	local rc=$?
	printf '%s\n' "$out" | tail -n 2 | sed 's/^/    /'
	[ $rc -eq 0 ] || die "$1 does not reach the office host $OFFICE"
}

step "alice connects from 192.0.2.10 (no NAT), with Windows' first proposal"
connect "$ALICE" alice aes256-sha1-ecp384 aes256-sha1
ping_office "$ALICE"

step "bob and carol connect from behind the same hotel NAT (192.0.2.20)"
echo "(the stock Linux gateway cannot serve them both: its one policy for"
echo " 192.0.2.20:1701 follows the newest SA, and the other client goes dark)"
connect "$BOB" bob aes256-sha1-modp2048 aes256-sha1
connect "$CAROL" carol aes128-sha1-ecp256 aes128-sha1
ping_office "$BOB"
ping_office "$CAROL"
ping_office "$ALICE"
ping_office "$BOB"

step "the concentrator, with three clients connected"
shown roam -n gw session show
shown roam -n gw -s session show
shown roam ike show
shown roam ipsec show
shown roam l2tp show
shown roam -s pool show
shown roam -n gw -s link show
echo "\$ lsmod | grep -E '^roam'"
lsmod | grep -E '^roam'

step "stopping: the clients hang up, roamd stops, the modules go"
# As a client's "Disconnect" does: the L2TP call and tunnel first, then,
# with xl2tpd gone (nothing of L2TP may follow the SA), IPsec. Each half
# runs for the three clients at once.
ppp_down() { ! ppp_up "$1"; }
hang_up() {
	xl2tpd_hangup "$1"
	wait_until 10 ppp_down "$1"
}
no_sessions() { [ "$(roam -n "$G" -j session show)" = "[]" ]; }
no_sas() { [ -z "$(roam ipsec show)" ]; }
# in_parallel FUNC ARGS...: FUNC C for each client, together
in_parallel() {
	local c pids=()
	for c in "$ALICE" "$BOB" "$CAROL"; do
		"$@" "$c" >/dev/null 2>&1 &
		pids+=($!)
	done
	wait "${pids[@]}"
}
ike_down() { swanctl_in "$1" --terminate --ike roam --timeout 10; }

echo "alice, bob, carol\$ echo 'd roam' > /run/xl2tpd/l2tp-control"
in_parallel hang_up
wait_until 10 no_sessions
shown roam -n gw session show
no_sessions || die "sessions are left after the clients hung up"
echo "(no session)"
xl2tpd_stop "$ALICE" "$BOB" "$CAROL"
echo "alice, bob, carol\$ swanctl --terminate --ike roam"
in_parallel ike_down
wait_until 10 no_sas
shown roam ipsec show
no_sas || die "IPsec SAs are left after the clients disconnected"
echo "(no SA)"
charon_stop "$ALICE" "$BOB" "$CAROL"
echo "\$ kill -TERM $RD_PID    # roamd"
roamd_stop >/dev/null
[ "$RD_RC" -eq 0 ] || die "roamd exited with status $RD_RC"
echo "roamd exited with status 0; the last lines of its log:"
tail -n 6 "$RD_LOG" | sed 's/^/    /'
shown ip -n gw link del roam0
echo "\$ ip netns del ...    # gw office alice hotel bob carol and the clients' network"
ns_del_created
echo "\$ modprobe -r roam_l2tp roam_pptp roam"
wait_until 10 mod_unload_all || die "the modules cannot be unloaded"
echo "\$ lsmod | grep -E '^roam'"
lsmod | grep -E '^roam' && die "roam modules are still loaded"
echo "(none)"
step "done: three clients connected, two of them behind one NAT, and everything is gone"
