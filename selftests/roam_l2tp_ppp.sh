#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# L2TP + PPP through roamd with real clients (xl2tpd + pppd), without
# IPsec ("l2tp set ipsec none", the laboratory mode): CHAP-MD5 and
# MS-CHAPv2, pool and fixed addresses, a wrong password, hang-up.
#
#   netns C (client)        netns N (bridge)       netns G (gateway)       netns O (office)
#   eth0 192.0.2.10 ------------ br0 --------------- pub0 192.0.2.1
#   xl2tpd + pppd: ppp0                              roamd, roam0 10.10.0.1
#   10.10.0.x <-- PPP over L2TP (UDP 1701) -->       lan0 192.168.50.1 ----- eth0 192.168.50.2
#
# Traffic: ping from the client's PPP address to the office host; the
# kernel session's counters must match the client's ppp0 counters. Then
# TCP both ways: the office host's TSO-sized packets are segmented by
# roam0 (GSO on), the client's arrive through roam0's GRO; every byte
# must arrive intact, with no bad TCP checksum at either end.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

test_init roam_l2tp_ppp
need_cmd ip xl2tpd pppd roamd ping
need_modules roam roam_l2tp
modprobe ppp_generic 2>/dev/null
modprobe l2tp_ppp 2>/dev/null

ns_create G
ns_create O
ns_create C
gw_setup "$G" "$O"
net_attach "$C" eth0 192.0.2.10/24

cat > "$TEST_TMP/roamd.conf" <<'EOF2'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add alice password "alice s3cret"
user add bob password b0b-pass address 10.10.0.5
l2tp set ipsec none
ppp set local 10.10.0.1 dns 192.168.50.2 auth chap
EOF2
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts and creates roam0" 0 $?

# session_of ADDR KEY: a counter of the kernel session holding ADDR
session_of() {
	ip netns exec "$G" roam -j -s session show |
		json "(by(d, 'address', '$1') or {}).get('stats', {}).get('$2')"
}
ppp0_stat() {
	ip -n "$C" -s -j link show "$(ppp_dev "$C")" | json "d[0]['stats64']['$1']['packets']"
}

# --- 1. CHAP-MD5, address from the pool ---------------------------------
xl2tpd_start "$C" alice "alice s3cret" 192.0.2.1
check_eq "xl2tpd starts" 0 $?
xl2tpd_dial "$C"
check "alice's PPP link comes up" wait_until 30 ppp_up "$C" || peer_logs "$C"
addr=$(ppp_addr "$C")
check_match "alice got an address of the pool" '^10\.10\.0\.(1[0-9]|20)$' "$addr"
check_eq "roamd reports alice's call with that address" "alice $addr" \
	"$(rd "$G" -j l2tp show | json "[d[0].get('user'), d[0].get('address')]")"
# roamd declares it when its own IPCP opens, which may come just after
# the client's
check "the kernel carries one l2tp session" wait_until 10 \
	sh -c "[ \"\$(ip netns exec $G roam -j session show | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')\" = 1 ]"
# roamd answers session show with the kernel's keys and who is on it
check_eq "roamd's session show: user, protocol and the kernel's keys" \
	"alice l2tp $addr 1 true true" \
	"$(rd "$G" -j -s session show | json "[d[0].get('user'), d[0].get('protocol'), d[0].get('address'), len(d), 'rx_packets' in d[0].get('stats', {}), 'session_id' in d[0].get('l2tp', {})]")"
{ rd "$G" session show; rd "$G" -s session show; rd "$G" -j -s session show; } |
	sed 's/^/# /'

ip -n "$C" route add 192.168.50.0/24 dev "$(ppp_dev "$C")"
# ppp0 also counts pppd's IPCP frames: compare what the pings added.
tx0=$(ppp0_stat tx) rx0=$(ppp0_stat rx)
srx0=$(session_of "$addr" rx_packets) stx0=$(session_of "$addr" tx_packets)
check "alice reaches the office host through the tunnel" \
	ip netns exec "$C" ping -c 5 -i 0.2 -W 2 192.168.50.2
ppp0_sent() { echo $(($(ppp0_stat tx) - tx0)); }
ppp0_received() { echo $(($(ppp0_stat rx) - rx0)); }
session_received() { echo $(($(session_of "$addr" rx_packets) - srx0)); }
session_sent() { echo $(($(session_of "$addr" tx_packets) - stx0)); }
check_eq_settles "kernel session received what ppp0 sent" 10 \
	ppp0_sent session_received
check_eq_settles "ppp0 received what the kernel session sent" 10 \
	session_sent ppp0_received

check_match "roam0 has GSO and TSO on" \
	'tcp-segmentation-offload on generic-segmentation-offload on' \
	"$(netdev_features "$G" roam0)"
csum_c0=$(tcp_csum_errors "$C") csum_o0=$(tcp_csum_errors "$O")
stx0=$(session_of "$addr" tx_packets) sdrop0=$(session_of "$addr" tx_dropped)
check "512 kB office -> alice by TCP arrive intact (segmented by roam0)" \
	tcp_transfer "$O" "$C" "$addr" 512000
info "$LAST_OUT"
check "512 kB alice -> office by TCP arrive intact (through roam0's GRO)" \
	tcp_transfer "$C" "$O" 192.168.50.2 512000
info "$LAST_OUT"
check_eq "alice saw no TCP checksum error" "$csum_c0" "$(tcp_csum_errors "$C")"
check_eq "the office host saw no TCP checksum error" "$csum_o0" \
	"$(tcp_csum_errors "$O")"
# 512 kB in packets of at most 1500 bytes: at least 342 of them
check_ge "alice's session sent the office's data as MTU-sized packets" \
	342 "$(($(session_of "$addr" tx_packets) - stx0))"
check_eq "alice's session dropped nothing on transmit" "$sdrop0" \
	"$(session_of "$addr" tx_dropped)"

xl2tpd_hangup "$C"
check "alice's kernel session is deleted after hang-up" wait_until 15 \
	sh -c "[ \"\$(ip netns exec $G roam -j session show)\" = '[]' ]"
check_eq "alice's address went back to the pool" 0 \
	"$(rd "$G" -j -s pool show | json "d[0]['stats']['in_use']")"

# --- 2. MS-CHAPv2, fixed address ----------------------------------------
check "roam ppp set auth mschapv2" rd "$G" ppp set auth mschapv2
xl2tpd_stop "$C"
xl2tpd_start "$C" bob b0b-pass 192.0.2.1
check_eq "xl2tpd restarts as bob" 0 $?
xl2tpd_dial "$C"
check "bob's PPP link comes up" wait_until 30 ppp_up "$C" || peer_logs "$C"
check_eq "bob gets his fixed address" 10.10.0.5 "$(ppp_addr "$C")"
check_match "roamd logged MS-CHAPv2" 'bob authenticated \(MS-CHAP-?[vV]2\)' \
	"$(cat "$RD_LOG")"
ip -n "$C" route add 192.168.50.0/24 dev "$(ppp_dev "$C")"
check "bob reaches the office host" \
	ip netns exec "$C" ping -c 3 -i 0.2 -W 2 192.168.50.2
# the administrator disconnects bob: roamd terminates PPP and the call
bob_id=$(ip netns exec "$G" roam -j session show | json "d[0]['id']")
check "roam session del $bob_id through roamd" rd "$G" session del "$bob_id"
check "bob's session is deleted" wait_until 15 \
	sh -c "[ \"\$(ip netns exec $G roam -j session show)\" = '[]' ]"
ppp_gone() { ! ppp_up "$1"; }
check "bob's PPP link goes down (PPP terminated by roamd)" \
	wait_until 15 ppp_gone "$C"
check "bob's call is gone from roamd (L2TP CDN)" wait_until 15 \
	sh -c "[ \"\$(ip netns exec $G roam -S $RD_SOCK -j l2tp show)\" = '[]' ]"
check_match "roamd logged who closed it" 'closed by control request' \
	"$(cat "$RD_LOG")"
xl2tpd_hangup "$C"

# --- 3. wrong password ---------------------------------------------------
xl2tpd_stop "$C"
xl2tpd_start "$C" alice wrong-password 192.0.2.1
check_eq "xl2tpd restarts with a wrong password" 0 $?
xl2tpd_dial "$C"
check "roamd refuses the wrong password (691)" wait_until 30 \
	grep -q "error 691" "$RD_LOG"
sleep 1
check_eq "no kernel session for a refused user" "[]" \
	"$(ip netns exec "$G" roam -j session show)"
check "the refused call is gone from roamd" wait_until 15 \
	sh -c "[ \"\$(ip netns exec $G roam -S $RD_SOCK -j l2tp show)\" = '[]' ]"
check_eq "no address is held" 0 \
	"$(rd "$G" -j -s pool show | json "d[0]['stats']['in_use']")"

roamd_stop
check_eq "roamd exits cleanly on SIGTERM" 0 "$RD_RC"
test_done
