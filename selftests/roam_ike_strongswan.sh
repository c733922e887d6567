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
#   netns C4 192.0.2.40 (Main + XAUTH, short  -+
#            lifetimes: rekeys under traffic)
#                                                     |
#                                             netns O 192.168.50.2
#
# Aggressive Mode (the group name as ID_KEY_ID), then Main Mode (the key
# chosen by the client's address): XAUTH, Mode-Config pulled
# (REQUEST/REPLY), an address of the pool and DNS 172.16.1.11 given, the
# office host reached; each ends cleanly.  Then C4 renews both phases
# under traffic.

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
ns_create C4
gw_setup "$G" "$O"
net_attach "$C2" eth0 192.0.2.20/24
net_attach "$C3" eth0 192.0.2.30/24
net_attach "$C4" eth0 192.0.2.40/24
# the pool's addresses: the office answers through the gateway, whose
# route lets each client's xfrm policy pick the answers up
ip -n "$O" route add 172.16.1.0/24 via 192.168.50.1
ip -n "$G" route add 172.16.1.0/24 dev pub0
# charon installs no routes here (install_routes = no): the clients route
# the office network to the gateway, and their xfrm policies take what
# leaves from the address they were given into the tunnel
ip -n "$C2" route add 192.168.50.0/24 via 192.0.2.1
ip -n "$C3" route add 192.168.50.0/24 via 192.0.2.1
ip -n "$C4" route add 192.168.50.0/24 via 192.0.2.1

EX=$(dirname "$0")/../Documentation/examples
# Seed 003, and its key for the Main Mode client at 192.0.2.30.
{
	echo "link add roam0"
	cat "$EX/asa-remote-access.conf"
	echo "psk add peer 192.0.2.30 secret cisco123 group hillvalleyvpn"
	echo "psk add peer 192.0.2.40 secret cisco123 group hillvalleyvpn"
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

# --- rekeying under traffic -------------------------------------------------
# C4, renewing phase 2 every 10 s and phase 1 every 25 s (IKEv1 has
# no inline rekey of phase 1: strongSwan builds a new IKE SA, with XAUTH
# and Mode-Config again, and deletes the old one).  A ping every 0.2 s
# runs until the gateway has seen two of each; the session must stay the
# same (one session, same address, uptime counting on) and the loss small.
p1_count() { grep -c 'IKE phase 1 with 192\.0\.2\.40:[0-9]* established' "$RD_LOG"; }
p2_count() { grep -c 'IPsec SA with 192\.0\.2\.40:[0-9]* established: ESP .*tunnel' "$RD_LOG"; }
renewed_twice() {
	[ $(($(p1_count) - P1_0)) -ge 3 ] && [ $(($(p2_count) - P2_0)) -ge 4 ]
}
marty_sessions() {
	rd "$G" -j session show | json "len([s for s in d if s.get('user') == 'marty'])"
}
RK=$(peer_dir "$C4")
P1_0=$(p1_count)
P2_0=$(p2_count)
RA_PSK=cisco123 RA_USER=marty RA_PASS=12345678 \
	RA_IKE=aes256-sha256-modp2048 RA_ESP=aes256-sha256 \
	RA_IKE_REKEY=25 RA_ESP_REKEY=10 charon_ra_start "$C4"
check_eq "rekey: charon starts in C4 (phase 1 renewed every 25 s, phase 2 every 10 s)" 0 $?
ra_up "$C4"
check_eq "rekey: the client connects" 0 $? || charon_logs "$C4"
VIP=$(ra_vip "$C4" 192.0.2.40)
check "rekey: the office host answers" \
	wait_until 20 ip netns exec "$C4" ping -c 1 -W 1 -I "$VIP" 192.168.50.2
UP0=$(sess_by_user user marty "['uptime']")
# pings in batches of ten, one every 0.2 s, until the renewals are seen
# and at least 50 pings ran across them (bounded): no signal needed to
# stop them, the counts add up.  On a loaded machine a batch can take
# several seconds, so the count is waited for, not assumed from the time.
SENT=0
RECV=0
T0=$(date +%s)
until { renewed_twice && [ "$SENT" -ge 50 ]; } ||
      [ $(($(date +%s) - T0)) -ge 240 ]; do
	out=$(ip netns exec "$C4" ping -c 10 -i 0.2 -W 1 -I "$VIP" 192.168.50.2 2>&1)
	s=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p')
	r=$(printf '%s\n' "$out" | sed -n 's/.* \([0-9]*\) received.*/\1/p')
	SENT=$((SENT + ${s:-0}))
	RECV=$((RECV + ${r:-0}))
	[ -n "$s" ] || sleep 0.2
done
renewed_twice
check_eq "rekey: two renewals of phase 1 and three of phase 2 under traffic" 0 $?
info "rekey: $(($(p1_count) - P1_0)) phase 1 and $(($(p2_count) - P2_0)) phase 2 SAs in $(($(date +%s) - T0)) s; pings: $SENT sent, $RECV answered"
check_ge "rekey: the pings ran" 50 "$SENT"
# bounded loss: at most 5 % of the pings (about one ping lost in each of
# the six renewals at most; 0-2 are lost on a quiet machine)
check_ge "rekey: at most 5 % of the pings lost across the renewals" \
	$((SENT * 95 / 100)) "$RECV"
check_eq "rekey: still one session of marty" 1 "$(marty_sessions)"
check_eq "rekey: ... with the same address" "$VIP" "$(sess_by_user user marty "['address']")"
check_ge "rekey: ... whose uptime counted on (the same session)" \
	$((UP0 + $(date +%s) - T0 - 2)) "$(sess_by_user user marty "['uptime']")"
# (charon may still be writing the last renewal's XAUTH when roamd has it)
xauth_done() { grep -c "XAuth authentication of 'marty' (myself) successful" "$RK/charon.log"; }
xauth_thrice() { [ "$(xauth_done)" -ge 3 ]; }
wait_until 20 xauth_thrice
check_ge "rekey: the client built its new IKE SAs itself, XAUTH again each time" 3 \
	"$(xauth_done)"
renewals_kept() { grep -c 'IKE peer 192\.0\.2\.40:[0-9]* user marty group hillvalleyvpn: phase 1 renewed (IKE SA [0-9]* replaces [0-9]*): session and address kept' "$RD_LOG"; }
renewals_kept_twice() { [ "$(renewals_kept)" -ge 2 ]; }
wait_until 20 renewals_kept_twice
check_ge "rekey: the gateway kept the session across each" 2 "$(renewals_kept)"
ra_down "$C4"
check "rekey: the session ends with the client's delete" \
	wait_until 20 no_session hillvalleyvpn
check_eq "rekey: vpnpool's address is back" 0 "$(ra_pool_used vpnpool)"
charon_stop "$C4"

check_nomatch "neither key nor password is logged" '12345678|cisco123' "$(cat "$RD_LOG")"
check_gateway_clean "$G"
test_done
