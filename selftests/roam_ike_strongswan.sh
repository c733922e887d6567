#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# strongSwan (Debian's charon, unmodified) as an IKEv1 XAUTH-PSK
# remote-access client, in ESP tunnel mode, against roamd configured with
# seed 003's translation (Documentation/examples/asa-remote-access.conf):
#
#                              netns N (bridge br0, 192.0.2.0/24)
#   netns C2 192.0.2.20 (Aggressive + XAUTH) -+--- netns G 192.0.2.1: roamd
#   netns C3 192.0.2.30 (Main + XAUTH) -------+      lan0 192.168.50.1
#                                                     |
#                                             netns O 192.168.50.2
#
# Aggressive Mode (the group name as ID_KEY_ID), then Main Mode (the key
# chosen by the client's address): XAUTH, Mode-Config pulled
# (REQUEST/REPLY), an address of the pool and DNS 172.16.1.11 given, the
# office host reached; each ends cleanly.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_charon_ra.sh"

test_init roam_ike_strongswan
need_cmd ip swanctl roamd ping
[ -x /usr/lib/ipsec/charon ] || skip "strongSwan's charon is not installed"
need_modules

ns_create G
ns_create O
ns_create C2
ns_create C3
gw_setup "$G" "$O"
net_attach "$C2" eth0 192.0.2.20/24
net_attach "$C3" eth0 192.0.2.30/24
# the pool's addresses: the office answers through the gateway, whose
# route lets each client's xfrm policy pick the answers up
ip -n "$O" route add 172.16.1.0/24 via 192.168.50.1
ip -n "$G" route add 172.16.1.0/24 dev pub0
# charon installs no routes here (install_routes = no): the clients route
# the office network to the gateway, and their xfrm policies take what
# leaves from the address they were given into the tunnel
ip -n "$C2" route add 192.168.50.0/24 via 192.0.2.1
ip -n "$C3" route add 192.168.50.0/24 via 192.0.2.1

EX=$(dirname "$0")/../Documentation/examples
# Seed 003, and its key for the Main Mode client at 192.0.2.30.
{
	echo "link add roam0"
	cat "$EX/asa-remote-access.conf"
	echo "psk add peer 192.0.2.30 secret cisco123 group hillvalleyvpn"
} > "$TEST_TMP/roamd.conf"
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts with seed 003's translation" 0 $?

sess_by_user() {
	rd "$G" -j -s session show | json "([s for s in d if s.get('$1') == '$2'] or [{}])[0]$3"
}
no_session() {
	[ "$(rd "$G" -j session show | json "len([s for s in d if s.get('group') == '$1'])")" = 0 ]
}

# --- XAUTH-PSK, Aggressive Mode then Main Mode -----------------------------
# xauth_client C OWN: what each of them must see and do
# (the pool hands out its addresses in turn: the second client gets the next)
xauth_client() {
	local c=$1 own=$2 mode=$3 dir vip
	dir=$(peer_dir "$c")
	ra_up "$c"
	check_eq "strongSwan connects to seed 003's group ($mode, XAUTH, Mode-Config pull)" 0 $? ||
		charon_logs "$c"
	vip=$(ra_vip "$c" "$own")
	check_match "$mode: the client is given an address of the pool" \
		'^172\.16\.1\.1[0-9][0-9]$' "$vip"
	check_match "$mode: the client is given the DNS server" \
		'nameserver 172\.16\.1\.11' "$(cat "$dir/resolv.conf" 2>/dev/null)"
	check_match "$mode: the gateway answered the client's REQUEST" \
		"Mode-Config REPLY to $own \\(group hillvalleyvpn, user marty\\): address ${vip//./\\.}, 1 DNS" \
		"$(cat "$RD_LOG")"
	check "$mode: the office host answers through the tunnel" \
		wait_until 20 ip netns exec "$c" ping -c 1 -W 1 -I "$vip" 192.168.50.2
	ip netns exec "$c" ping -c 5 -i 0.2 -W 1 -I "$vip" 192.168.50.2 > /dev/null
	check_eq "$mode: five pings through ESP tunnel mode" 0 $?
	check_eq "$mode: the session is the user's, with XAUTH" "ike/xauth" \
		"$(sess_by_user user marty "['protocol']")"
	check_ge "$mode: the session counts the pings" 6 \
		"$(sess_by_user user marty "['stats']['rx_packets']")"
	ra_down "$c"
	check "$mode: the session ends with the client's delete" \
		wait_until 20 no_session hillvalleyvpn
	check_eq "$mode: vpnpool's address is back" 0 "$(ra_pool_used vpnpool)"
	charon_stop "$c"
}

RA_PSK=cisco123 RA_ID=keyid:hillvalleyvpn RA_AGGRESSIVE=yes RA_USER=marty \
	RA_PASS=12345678 RA_IKE=aes256-sha256-modp2048 RA_ESP=aes256-sha256 \
	charon_ra_start "$C2"
check_eq "charon starts in C2 (Aggressive Mode, XAUTH)" 0 $?
xauth_client "$C2" 192.0.2.20 "Aggressive Mode"
check_match "Aggressive Mode was taken as weak" \
	'Aggressive Mode \(weak' "$(cat "$RD_LOG")"

RA_PSK=cisco123 RA_USER=marty RA_PASS=12345678 \
	RA_IKE=aes256-sha256-modp2048 RA_ESP=aes256-sha256 charon_ra_start "$C3"
check_eq "charon starts in C3 (Main Mode, XAUTH)" 0 $?
xauth_client "$C3" 192.0.2.30 "Main Mode"

check_nomatch "neither key nor password is logged" '12345678|cisco123' "$(cat "$RD_LOG")"
check_gateway_clean "$G"
test_done
