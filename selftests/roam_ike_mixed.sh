#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One IKE responder for both access methods at once: an L2TP/IPsec client
# (strongSwan + xl2tpd + pppd; the key for any peer, ESP transport for
# udp/1701) and a Mode-Config client (strongSwan, Aggressive Mode with
# the group's name and key, XAUTH, Mode-Config pull, ESP tunnel mode),
# connected together to one roamd.
#
#                              netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 (L2TP/IPsec, ppp0 10.10.0.x) --+
#   netns C2 192.0.2.20 (XAUTH + Mode-Config) ---------+--- netns G 192.0.2.1: roamd
#                                                            lan0 192.168.50.1
#                                                             |
#                                                    netns O 192.168.50.2
#
# Both are up at the same time, both reach the office host, each session
# counts its own traffic; both end (L2TP hang-up and IKE delete; the
# Mode-Config client's delete) and nothing is left.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_charon_ra.sh"

test_init roam_ike_mixed
need_l2tp_ipsec_clients

ns_create G
ns_create O
ns_create C1
ns_create C2
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
net_attach "$C2" eth0 192.0.2.20/24
ip -n "$O" route add 172.16.1.0/24 via 192.168.50.1
ip -n "$G" route add 172.16.1.0/24 dev pub0
# charon installs no routes (install_routes = no); the policy takes what
# leaves from the given address into the tunnel
ip -n "$C2" route add 192.168.50.0/24 via 192.0.2.1

cat > "$TEST_TMP/roamd.conf" <<'EOF'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
pool add vpnpool range 172.16.1.100-172.16.1.199
user add alice password alice-pw
user add marty password 12345678 group hillvalleyvpn
psk add peer any secret "office psk"
group add hillvalleyvpn psk cisco123 aggressive on xauth on pool vpnpool dns 172.16.1.11
ppp set local 10.10.0.1 dns 192.168.50.2 auth mschapv2,chap
EOF
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts with an L2TP key and a remote-access group" 0 $?

charon_start "$C1" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
check_eq "charon starts in C1 (L2TP/IPsec)" 0 $?
RA_PSK=cisco123 RA_ID=keyid:hillvalleyvpn RA_AGGRESSIVE=yes RA_USER=marty \
	RA_PASS=12345678 RA_IKE=aes256-sha256-modp2048 RA_ESP=aes256-sha256 \
	charon_ra_start "$C2"
check_eq "charon starts in C2 (XAUTH + Mode-Config)" 0 $?

# Both negotiate at once against the one responder.
ra_up "$C2" 90 &
RA_JOB=$!
l2tp_ipsec_connect "$C1" alice alice-pw
check_eq "the L2TP/IPsec client connects" 0 $?
wait "$RA_JOB"
check_eq "the Mode-Config client connects meanwhile" 0 $? || charon_logs "$C2"

A1=$(ppp_addr "$C1")
check_match "the L2TP client's address is from the office pool" '^10\.10\.0\.' "$A1"
check_eq "the Mode-Config client's address is from the group's pool" 172.16.1.100 \
	"$(ra_vip "$C2" 192.0.2.20)"
check_eq "one responder holds both IKE SAs" 2 "$(rd "$G" -j ike show | json "len(d)")"
check_match "the Mode-Config client's IKE SA has its group and user" \
	'group hillvalleyvpn user marty address 172\.16\.1\.100' "$(rd "$G" ike show)"

sess() {
	rd "$G" -j -s session show | json "([s for s in d if s.get('$1') == '$2'] or [{}])[0]$3"
}
check_eq "two sessions" 2 "$(rd "$G" -j session show | json "len(d)")"
check_eq "the L2TP session is alice's" alice "$(sess address "$A1" "['user']")"
check_eq "the Mode-Config session is marty's, with XAUTH" ike/xauth \
	"$(sess user marty "['protocol']")"

l0=$(sess address "$A1" "['stats']['rx_packets']")
m0=$(sess user marty "['stats']['rx_packets']")
ip netns exec "$C1" ping -c 5 -i 0.2 -W 2 192.168.50.2 > /dev/null &
P1=$!
check "the Mode-Config client reaches the office host" \
	wait_until 20 ip netns exec "$C2" ping -c 1 -W 1 -I 172.16.1.100 192.168.50.2
ip netns exec "$C2" ping -c 5 -i 0.2 -W 2 -I 172.16.1.100 192.168.50.2 > /dev/null
check_eq "five pings from the Mode-Config client (tunnel mode)" 0 $?
wait "$P1"
check_eq "five pings from the L2TP client at the same time" 0 $?
check_ge "the L2TP session counts its client's pings" 5 \
	$(($(sess address "$A1" "['stats']['rx_packets']") - l0))
check_ge "the Mode-Config session counts its client's pings" 5 \
	$(($(sess user marty "['stats']['rx_packets']") - m0))

# --- both end ------------------------------------------------------------
xl2tpd_hangup "$C1"
swanctl_in "$C1" --terminate --ike roam --timeout 30 > /dev/null 2>&1
ra_down "$C2"
no_sessions() { [ "$(rd "$G" -j session show | json "len(d)")" = 0 ]; }
check "both sessions end" wait_until 30 no_sessions
check "no IKE SA left" wait_until 10 sh -c \
	"[ \"\$(ip netns exec $G roam -S $RD_SOCK -j ike show)\" = '[]' ]"
check_eq "the office pool is whole again" 0 "$(ra_pool_used office)"
check_eq "vpnpool too" 0 "$(ra_pool_used vpnpool)"
charon_stop "$C1" "$C2"
xl2tpd_stop "$C1"
check_gateway_clean "$G"
test_done
