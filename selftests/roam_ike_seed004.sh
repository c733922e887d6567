#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Seed 004 (Cisco IOS: Mode-Config, wild-card pre-shared key) with
# strongSwan (Debian's charon, unmodified) as the seed's client, against
# roamd configured with the seed's translation
# (Documentation/examples/ios-modecfg.conf):
#
#                              netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 (seed 004's client) --+--- netns G 192.0.2.1: roamd
#                                                    lan0 192.168.50.1, 10.2.2.1
#                                                     |
#                                             netns O 192.168.50.2, 10.2.2.5
#
# Main Mode, the wildcard key, no XAUTH, Mode-Config pushed by the gateway
# (SET/ACK), the seed's DES/MD5/MODP-768 and ESP DES/HMAC-MD5: refused
# while weak choices are denied, accepted after "ike set weak allow" and
# shown as weak; the client is given the pool's first address, 10.2.1.1,
# and reaches the seed's office network 10.2.2.0/24 from it; it leaves:
# nothing left, address returned.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_charon_ra.sh"

test_init roam_ike_seed004
need_cmd ip swanctl roamd ping
[ -x /usr/lib/ipsec/charon ] || skip "strongSwan's charon is not installed"
need_modules

ns_create G
ns_create O
ns_create C1
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
# seed 004's office network beside the test's usual one; the pool's
# addresses leave the gateway where the client's xfrm policy takes them
ip -n "$G" addr add 10.2.2.1/24 dev lan0
ip -n "$O" addr add 10.2.2.5/24 dev eth0
ip -n "$O" route add 10.2.1.0/24 via 10.2.2.1
ip -n "$G" route add 10.2.1.0/24 dev pub0
# charon installs no routes here (install_routes = no): the client routes
# the office network to the gateway, and its xfrm policy takes what leaves
# from the address it was given into the tunnel
ip -n "$C1" route add 10.2.2.0/24 via 192.0.2.1

EX=$(dirname "$0")/../Documentation/examples
# The seed without its last line (weak choices allowed): the test allows
# them itself, once it has seen them refused.
{
	echo "link add roam0"
	grep -v '^ike set weak allow' "$EX/ios-modecfg.conf"
} > "$TEST_TMP/roamd.conf"
check_eq "seed 004's translation allows weak choices" 1 \
	"$(grep -c '^ike set weak allow' "$EX/ios-modecfg.conf")"
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts with seed 004's translation" 0 $?
check_match "seed 004's group pushes its settings, without XAUTH" \
	'group ios-clients aggressive off xauth off push on' "$(rd "$G" group show)"

ike_by_group() {
	rd "$G" -j ike show | json "[s for s in d if s.get('group') == '$1'][0]$2"
}
sess_by() {
	rd "$G" -j -s session show | json "([s for s in d if s.get('$1') == '$2'] or [{}])[0]$3"
}
no_session() {
	[ "$(rd "$G" -j session show | json "len([s for s in d if s.get('group') == '$1'])")" = 0 ]
}

# --- the seed's weak proposal: refused, then allowed -------------------
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
	"$(sess_by group ios-clients "['protocol']")"
check_ge "the session counts the client's pings" 6 \
	"$(sess_by group ios-clients "['stats']['rx_packets']")"
check "only the seed's network is tunnelled (the client's policy)" \
	sh -c "ip -n $C1 xfrm policy | grep -q 'dst 10.2.2.0/24'"

ra_down "$C1"
check "the session ends when the client deletes its SAs" \
	wait_until 20 no_session ios-clients
check_eq "ourpool's address is back" 0 "$(ra_pool_used ourpool)"
check_eq "no IKE SA left" 0 "$(rd "$G" -j ike show | json "len(d)")"
check_eq "no ESP SA left" 0 "$(ip -n "$G" xfrm state | grep -c '^src')"

check_nomatch "the key is never logged" 'cisco123' "$(cat "$RD_LOG")"
charon_stop "$C1"
check_gateway_clean "$G"
test_done
