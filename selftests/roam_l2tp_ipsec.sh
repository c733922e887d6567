#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# L2TP/IPsec end to end with real clients: strongSwan (IKEv1 initiator,
# pre-shared key, ESP transport for udp/1701) + xl2tpd + pppd, against
# roamd, with and without NAT, two clients behind one NAT at once, a wrong
# pre-shared key, plaintext L2TP injected with a live tunnel's ids, and a
# client that vanishes.
#
#                                  netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 -----------------+
#   netns C2 10.0.1.2 --+                |
#                       +-- netns T (NAT 192.0.2.20, masquerade) --+
#   netns C3 10.0.1.3 --+                |
#   netns X 192.0.2.99 (injector) -------+
#                                        +---- netns G 192.0.2.1: roamd, roam0 10.10.0.1
#                                                   lan0 192.168.50.1 --- netns O 192.168.50.2
#
# Each client dials L2TP through its own SA; traffic to the office host
# must cross, and the kernel session's counters must match the client's.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
test_init roam_l2tp_ipsec
need_l2tp_ipsec_clients

ns_create G
ns_create O
ns_create C1
ns_create T
ns_create C2
ns_create C3
ns_create X
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
net_attach "$X" eth0 192.0.2.99/24
nat_setup "$T" 192.0.2.20/24 1
nat_client "$C2" "$T" 1 10.0.1.2
nat_client "$C3" "$T" 1 10.0.1.3

cat > "$TEST_TMP/roamd.conf" <<'EOF2'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add alice password alice-pw
user add bob password bob-pw
user add carol password carol-pw
psk add peer any secret "office psk"
ppp set local 10.10.0.1 dns 192.168.50.2 auth mschapv2,chap echo-interval 2 echo-failures 3
EOF2
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?

sess_by_addr() { session_field "$G" "$1" "$2"; }
sess_stat() {
	ip netns exec "$G" roam -j -s session show |
		json "((by(d, 'address', '$1') or {}).get('stats') or {}).get('$2')"
}
ppp0_stat() {
	ip -n "$1" -s -j link show "$(ppp_dev "$1")" | json "d[0]['stats64']['$2']['packets']"
}

# --- 1. no NAT: Windows' first proposal (AES-256/SHA1/ECP-384) -----------
charon_start "$C1" "office psk" 192.0.2.1 aes256-sha1-ecp384 aes256-sha1
check_eq "charon starts in C1" 0 $?
l2tp_ipsec_connect "$C1" alice alice-pw
check_eq "alice connects through IPsec (no NAT)" 0 $?
a1=$(ppp_addr "$C1")
# ppp0 also counts pppd's IPCP frames: compare what the pings added.
tx0=$(ppp0_stat "$C1" tx) rx0=$(ppp0_stat "$C1" rx)
srx0=$(sess_stat "$a1" rx_packets) stx0=$(sess_stat "$a1" tx_packets)
check "alice reaches the office host" \
	ip netns exec "$C1" ping -c 5 -i 0.2 -W 2 192.168.50.2
ppp0_sent() { echo $(($(ppp0_stat "$C1" tx) - tx0)); }
ppp0_received() { echo $(($(ppp0_stat "$C1" rx) - rx0)); }
session_received() { echo $(($(sess_stat "$a1" rx_packets) - srx0)); }
session_sent() { echo $(($(sess_stat "$a1" tx_packets) - stx0)); }
check_eq_settles "session rx = alice's ppp0 tx" 10 ppp0_sent session_received
check_eq_settles "session tx = alice's ppp0 rx" 10 session_sent ppp0_received
check_ne "alice's session is bound to an IPsec SA" "None" \
	"$(ip netns exec "$G" roam -j session show | json "(by(d, 'address', '$a1') or {}).get('l2tp', {}).get('xfrm_mark')")"
check_match "roam ipsec show lists alice's SA pair" '192\.0\.2\.10' \
	"$(rd "$G" ipsec show)"
check_match "roam session show, through roamd, names alice and IPsec" \
	'user alice protocol l2tp/ipsec' "$(rd "$G" session show | tr '\n' ' ')"

# --- 2. two clients behind one NAT, at once (NAT-T) ---------------------
charon_start "$C2" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
charon_start "$C3" "office psk" 192.0.2.1 aes128-sha1-ecp256 aes128-sha1
l2tp_ipsec_connect "$C2" bob bob-pw
check_eq "bob connects from behind the NAT" 0 $?
l2tp_ipsec_connect "$C3" carol carol-pw
check_eq "carol connects from behind the same NAT" 0 $? ||
	grep -E 'IKE|L2TP' "$RD_LOG" | tail -n 30 | sed 's/^/# roamd: /' 
a2=$(ppp_addr "$C2")
a3=$(ppp_addr "$C3")
check_ne "bob and carol have different addresses" "$a2" "$a3"
check "bob reaches the office host while carol is connected" \
	ip netns exec "$C2" ping -c 10 -i 0.2 -W 2 192.168.50.2
check "carol reaches the office host while bob is connected" \
	ip netns exec "$C3" ping -c 10 -i 0.2 -W 2 192.168.50.2
check "and bob again, after carol" \
	ip netns exec "$C2" ping -c 5 -i 0.2 -W 2 192.168.50.2
check_ge "bob's session counted his 15 echo requests" 15 \
	"$(sess_stat "$a2" rx_packets)"
check_ge "carol's session counted her 10 echo requests" 10 \
	"$(sess_stat "$a3" rx_packets)"
check_eq "both NATed sessions come from the NAT's address" \
	"192.0.2.20 192.0.2.20" \
	"$(sess_by_addr "$a2" peer) $(sess_by_addr "$a3" peer)"

# --- 3. plaintext L2TP with a live tunnel's ids, from another host -------
ids=$(ip netns exec "$G" roam -j session show |
	json "[(by(d, 'address', '$a1') or {}).get('l2tp', {}).get(k) for k in ('tunnel_id', 'session_id', 'peer_tunnel_id', 'peer_session_id')]")
unbound=$(ip netns exec "$G" roam -j -s session show | json "(by(d, 'address', '$a1') or {}).get('l2tp', {}).get('rx_unbound')")
# shellcheck disable=SC2086
out=$(ip netns exec "$X" "$HERE/tools/l2tp_peer.py" 192.0.2.99 192.0.2.1 \
	$ids "$a1" 192.168.50.2 ping 5)
check_eq "injected plaintext gets no reply" "replies 0" "$out"
check_eq "injected plaintext is dropped and counted (rx_unbound)" \
	$((unbound + 5)) \
	"$(ip netns exec "$G" roam -j -s session show | json "(by(d, 'address', '$a1') or {}).get('l2tp', {}).get('rx_unbound')")"

# --- 4. wrong pre-shared key -------------------------------------------
ns_create C4
net_attach "$C4" eth0 192.0.2.11/24
# its own SAs only (by its address): the others' rekeys may come and go
c4_sas() { ip -n "$G" xfrm state | grep -c '^src.*192\.0\.2\.11\( \|$\)'; }
charon_start "$C4" "not the psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
ipsec_up "$C4"
check_ne "IKE with a wrong pre-shared key fails" 0 $?
check_match "roamd logs the HASH mismatch" 'HASH mismatch' "$(cat "$RD_LOG")"
check_eq "nothing was installed for it" 0 "$(c4_sas)"

# --- 5. a client that vanishes -----------------------------------------
charon_stop "$C3"
xl2tpd_stop "$C3"
ip -n "$C3" link set eth0 down
check "carol's session goes away when she stops answering (LCP echo)" \
	wait_until 30 sh -c "[ \"\$(ip netns exec $G roam -j session show | \
		$PY -c 'import json,sys; print(sum(1 for s in json.load(sys.stdin) if s.get(\"address\") == \"$a3\"))')\" = 0 ]"
check "bob still reaches the office host" \
	ip netns exec "$C2" ping -c 3 -i 0.2 -W 2 192.168.50.2

# --- 6. everything goes when roamd stops -------------------------------
xl2tpd_stop "$C1"
xl2tpd_stop "$C2"
check_gateway_clean "$G"
test_done
