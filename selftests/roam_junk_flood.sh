#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile traffic costs little and is counted: a host on the Internet
# sends a few thousand junk datagrams a second at the concentrator (IKE on
# 500 and 4500, L2TP on 1701, GRE), while a real L2TP/IPsec client
# (strongSwan + xl2tpd + pppd) connects and keeps its traffic.  Plaintext
# L2TP data with the client's live session ids is injected too: the
# kernel drops it, and roam0's own counters show it.  roamd's log stays
# short, its drop counters show the junk by cause, nothing is left behind.
#
#                                  netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 (ann) -----------+
#   netns J 192.0.2.66 (junk) -----------+
#                                        +---- netns G 192.0.2.1: roamd, roam0 10.10.0.1
#                                                   lan0 192.168.50.1 --- netns O 192.168.50.2

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
FLOOD_RATE=${FLOOD_RATE:-3000}		# datagrams a second, all kinds
FLOOD_S=${FLOOD_S:-15}
# roamd's log lines during the flood that are not about the client
LOG_BOUND=20

test_init roam_junk_flood
need_l2tp_ipsec_clients
need_modules roam_pptp

ns_create G
ns_create O
ns_create C1
ns_create J
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
net_attach "$J" eth0 192.0.2.66/24

cat > "$TEST_TMP/roamd.conf" <<'EOF2'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add ann password ann-pw
psk add peer any secret "office psk"
ppp set local 10.10.0.1 dns 192.168.50.2
pptp set enable on
EOF2
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts with IKE, L2TP and PPTP" 0 $?

# drops EXPR: EXPR over x, the drop counters of roam -j -s daemon show
drops() {
	rd "$G" -j -s daemon show |
		json "(lambda x: $1)({k: find(d, k) for k in ('ike_drops', 'l2tp_drops', 'pptp_drops')})"
}
ike_junk_seen() { [ "$(drops "x['ike_drops']['unknown_sa']")" -gt 100 ] 2>/dev/null; }
roam0_rx_dropped() {
	ip -n "$G" -s -j link show roam0 | json "d[0]['stats64']['rx']['dropped']"
}

# --- 1. the flood begins; ann connects under it --------------------------
log0=$(wc -l < "$RD_LOG")
ip netns exec "$J" "$HERE/tools/junk_flood.py" 192.0.2.1 "$FLOOD_RATE" \
	"$FLOOD_S" > "$TEST_TMP/flood.out" 2>&1 &
flood=$!
at_exit "kill -9 $flood 2>/dev/null"
check "the junk reaches roamd (IKE drops counted)" wait_until 20 ike_junk_seen

charon_start "$C1" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
l2tp_ipsec_connect "$C1" ann ann-pw
check_eq "ann connects during the flood" 0 $?
check "ann reaches the office host during the flood" \
	ip netns exec "$C1" ping -c 5 -i 0.2 -W 2 192.168.50.2

# --- 2. plaintext L2TP data with ann's live session ids -------------------
a1=$(ppp_addr "$C1")
ids=$(ip netns exec "$G" roam -j session show |
	json "[(by(d, 'address', '$a1') or {}).get('l2tp', {}).get(k) for k in ('tunnel_id', 'session_id', 'peer_tunnel_id', 'peer_session_id')]")
dropped0=$(roam0_rx_dropped)
# shellcheck disable=SC2086
out=$(ip netns exec "$J" "$HERE/tools/l2tp_peer.py" 192.0.2.66 192.0.2.1 \
	$ids "$a1" 192.168.50.2 ping 5)
check_eq "the injected data gets no reply" "replies 0" "$out"
roam0_dropped_5() { [ "$(roam0_rx_dropped)" -ge $((dropped0 + 5)) ]; }
check_true "roam0's rx_dropped counts the session's drops" \
	"before $dropped0, now $(roam0_rx_dropped)" wait_until 10 roam0_dropped_5

# --- 3. the flood ends: what it cost ------------------------------------
wait_until $((FLOOD_S + 60)) sh -c "! kill -0 $flood 2>/dev/null" ||
	kill -9 "$flood" 2>/dev/null
wait "$flood" 2>/dev/null
info "flood: $(tr '\n' ' ' < "$TEST_TMP/flood.out")"
sent=$(awk '/^sent/ {print $2}' "$TEST_TMP/flood.out")
rate=$(awk '/^sent/ {print $4}' "$TEST_TMP/flood.out")
# the sender may fall short of FLOOD_RATE on a loaded emulated machine
check_ge "the flood sent at least 1000 datagrams a second (${rate:-0}/s)" \
	$((FLOOD_S * 1000)) "${sent:-0}"
check "ann still reaches the office host" \
	ip netns exec "$C1" ping -c 3 -i 0.2 -W 2 192.168.50.2
check_ge "IKE junk counted (malformed + unknown SA)" $((sent / 8)) \
	"$(drops "x['ike_drops']['malformed'] + x['ike_drops']['unknown_sa']")"
check_ge "L2TP junk counted (malformed, unknown tunnel, not through IPsec)" \
	$((sent / 16)) \
	"$(drops "sum(x['l2tp_drops'][k] for k in ('malformed', 'unknown_tunnel', 'no_ipsec'))")"
check_ge "GRE junk counted (malformed, unknown call)" $((sent / 16)) \
	"$(drops "x['pptp_drops']['gre_malformed'] + x['pptp_drops']['gre_unknown_call']")"
flood_log=$(tail -n +$((log0 + 1)) "$RD_LOG" | grep -v 'debug:' |
	grep -vE '192\.0\.2\.10|user ann|control request')
check_true "roamd's log stays short ($(printf '%s\n' "$flood_log" | grep -c .) lines about the junk, bound $LOG_BOUND)" \
	"$flood_log" [ "$(printf '%s\n' "$flood_log" | grep -c .)" -le $LOG_BOUND ]
info "$(rd "$G" -s daemon show | tr '\n' ' ')"

# --- 4. nothing left -------------------------------------------------------
xl2tpd_stop "$C1"
check_gateway_clean "$G"
test_done
