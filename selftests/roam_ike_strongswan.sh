#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IKEv1 remote access with strongSwan (Debian's charon, unmodified) as the
# client, in ESP tunnel mode, against roamd configured with seeds 003 and
# 004 (Documentation/examples/asa-remote-access.conf and ios-modecfg.conf):
#
#                              netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 (seed 004's client) --+
#   netns C2 192.0.2.20 (Aggressive + XAUTH) -+--- netns G 192.0.2.1: roamd
#   netns C3 192.0.2.30 (Main + XAUTH) -------+      lan0 192.168.50.1, 10.2.2.1
#                                                     |
#                                             netns O 192.168.50.2, 10.2.2.5
#
# 1. seed 004: Main Mode, the wildcard key, no XAUTH, Mode-Config pushed
#    by the gateway (SET/ACK), the seed's DES/MD5/MODP-768 and ESP
#    DES/HMAC-MD5: refused while weak choices are denied, accepted after
#    "ike set weak allow" and shown as weak; the client is given the
#    pool's first address, 10.2.1.1, and reaches the seed's office network
#    10.2.2.0/24 from it; it leaves: nothing left, address returned;
# 2. seed 003's group with strongSwan as the XAUTH-PSK client, in
#    Aggressive Mode (group name as ID_KEY_ID) and then in Main Mode (key
#    chosen by the client's address): XAUTH, Mode-Config pulled
#    (REQUEST/REPLY), an address of the pool and DNS 172.16.1.11 given,
#    the office host reached; each ends cleanly.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_charon_ra.sh"

test_init roam_ike_strongswan
need_cmd ip swanctl roamd ping
[ -x /usr/lib/ipsec/charon ] || skip "strongSwan's charon is not installed"
need_modules

ns_create G
ns_create O
ns_create C1
ns_create C2
ns_create C3
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
net_attach "$C2" eth0 192.0.2.20/24
net_attach "$C3" eth0 192.0.2.30/24
# seed 004's office network beside the test's usual one
ip -n "$G" addr add 10.2.2.1/24 dev lan0
ip -n "$O" addr add 10.2.2.5/24 dev eth0
# the pools' addresses: the office answers through the gateway, whose
# routes let each client's xfrm policy pick the answers up
ip -n "$O" route add 10.2.1.0/24 via 10.2.2.1
ip -n "$O" route add 172.16.1.0/24 via 192.168.50.1
ip -n "$G" route add 10.2.1.0/24 dev pub0
ip -n "$G" route add 172.16.1.0/24 dev pub0
# charon installs no routes here (install_routes = no): the clients route
# the office networks to the gateway, and their xfrm policies take what
# leaves from the address they were given into the tunnel
ip -n "$C1" route add 10.2.2.0/24 via 192.0.2.1
ip -n "$C2" route add 192.168.50.0/24 via 192.0.2.1
ip -n "$C3" route add 192.168.50.0/24 via 192.0.2.1

EX=$(dirname "$0")/../Documentation/examples
# Seed 004 without its last line (weak choices allowed): the test allows
# them itself, once it has seen them refused. Seed 003 beside it, and
# its key for the Main Mode client at 192.0.2.30.
{
	echo "link add roam0"
	grep -v '^ike set weak allow' "$EX/ios-modecfg.conf"
	cat "$EX/asa-remote-access.conf"
	echo "psk add peer 192.0.2.30 secret cisco123 group hillvalleyvpn"
} > "$TEST_TMP/roamd.conf"
check_eq "seed 004's translation still allows weak choices" 1 \
	"$(grep -c '^ike set weak allow' "$EX/ios-modecfg.conf")"
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts with seeds 003 and 004" 0 $?
check_match "seed 004's group pushes its settings, without XAUTH" \
	'group ios-clients aggressive off xauth off push on' "$(rd "$G" group show)"

ike_by_group() {
	rd "$G" -j ike show | json "[s for s in d if s.get('group') == '$1'][0]$2"
}
sess_by_user() {
	rd "$G" -j -s session show | json "([s for s in d if s.get('$1') == '$2'] or [{}])[0]$3"
}
no_session() {
	[ "$(rd "$G" -j session show | json "len([s for s in d if s.get('group') == '$1'])")" = 0 ]
}

# --- 1. seed 004 ------------------------------------------------------------
RA_PSK=cisco123 RA_PULL=no RA_IKE=des-md5-modp768 RA_ESP=des-md5 \
	RA_TS=10.2.2.0/24 charon_ra_start "$C1"
check_eq "charon starts in C1 (seed 004's client)" 0 $?

ra_up "$C1" 30
check_ne "DES/MD5/MODP-768 is refused while weak choices are denied" 0 $?
check_match "the refusal names the weak proposal" \
	'192\.0\.2\.10.*no proposal chosen.*DES/MD5/MODP-768' "$(cat "$RD_LOG")"
check_eq "no IKE SA for the refused client" 0 "$(rd "$G" -j ike show | json "len(d)")"

rd "$G" ike set weak allow
check_eq "ike set weak allow" 0 $?
ra_up "$C1"
check_eq "seed 004's client connects (Main Mode, wildcard key, pushed Mode-Config)" 0 $? ||
	charon_logs "$C1"
check_match "the gateway pushed the settings (SET)" \
	'Mode-Config SET to 192\.0\.2\.10 \(group ios-clients\): address 10\.2\.1\.1' \
	"$(cat "$RD_LOG")"
check_eq "the client has the pool's first address" 10.2.1.1 "$(ra_vip "$C1" 192.0.2.10)"
check_match "ike show marks the phase 1 proposal weak" 'DES/MD5/MODP-768 \(weak\)' \
	"$(ike_by_group ios-clients "['proposal']")"
check_eq "ike show -j says weak" true "$(ike_by_group ios-clients "['weak']")"
check_match "ipsec show marks the ESP SAs weak" 'DES/MD5.*\(weak\)' "$(rd "$G" ipsec show)"
check "the seed's office network answers the client's assigned address" \
	wait_until 20 ip netns exec "$C1" ping -c 1 -W 1 -I 10.2.1.1 10.2.2.5
ip netns exec "$C1" ping -c 5 -i 0.2 -W 1 -I 10.2.1.1 10.2.2.5 > /dev/null
check_eq "five pings through ESP tunnel mode (DES/MD5)" 0 $?
check_eq "its session is Mode-Config without XAUTH" "ike/modecfg" \
	"$(sess_by_user group ios-clients "['protocol']")"
check_ge "the session counts the client's pings" 6 \
	"$(sess_by_user group ios-clients "['stats']['rx_packets']")"
check "only the seed's network is tunnelled (the client's policy)" \
	sh -c "ip -n $C1 xfrm policy | grep -q 'dst 10.2.2.0/24'"

ra_down "$C1"
check "the session ends when the client deletes its SAs" \
	wait_until 20 no_session ios-clients
check_eq "ourpool's address is back" 0 "$(ra_pool_used ourpool)"
check_eq "no IKE SA left" 0 "$(rd "$G" -j ike show | json "len(d)")"
check_eq "no ESP SA left" 0 "$(ip -n "$G" xfrm state | grep -c '^src')"
charon_stop "$C1"

# --- 2. XAUTH-PSK, Aggressive Mode then Main Mode ---------------------------
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
