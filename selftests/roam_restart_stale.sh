#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# roamd killed (-9) just after a control exchange on a live L2TP/IPsec
# tunnel, and started again on a restart state written before that
# exchange: the state file lags the live channel, as it may for up to
# its rebuild hold-off.  The resumed tunnel's Ns or Nr is then behind
# the client's; the client's first ack or message after the takeover
# must bring it level (l2tp_rl_resume()).  The client notices nothing:
# same pppd, same tunnel, traffic on, later HELLOs acknowledged, no
# StopCCN; roamd logs and counts the resynchronisation.  Nothing is
# left when roamd stops.
#
#   netns C1 192.0.2.10 (strongSwan, xl2tpd, pppd) --- netns N (br0)
#        |
#   netns G 192.0.2.1: roamd, roam0 10.10.0.1
#        lan0 192.168.50.1 --- netns O 192.168.50.2

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

test_init roam_restart_stale
need_l2tp_ipsec_clients

ns_create G
ns_create O
ns_create C1
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24

cat > "$TEST_TMP/roamd.conf" <<'EOF2'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add ann password ann-pw
psk add peer any secret "office psk"
ppp set local 10.10.0.1 dns 192.168.50.2
EOF2
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?
STATE=$(dirname "$RD_SOCK")/roamd.state

charon_start "$C1" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
l2tp_ipsec_connect "$C1" ann ann-pw
check_eq "ann connects" 0 $?
ping_office() {
	ip netns exec "$C1" ping -c "$1" -i 0.2 -W 2 192.168.50.2
}
check "ann reaches the office host" ping_office 3
check "roamd keeps its state file" wait_until 10 test -s "$STATE"

# l2tp_stat KEY: a counter of roamd's L2TP engine (roam -s l2tp show)
l2tp_stat() {
	rd "$G" -j -s l2tp show | json "d.get('$1', 0)"
}
control_msgs() { echo $(($(l2tp_stat rx_control) + $(l2tp_stat tx_control))); }
tunnel_id() { rd "$G" -j -s l2tp show | json "d['calls'][0]['tunnel_id']"; }
pppd_pid() {
	local p
	for p in $(ip netns pids "$C1"); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = pppd ] && echo "$p"
	done
}
XL=$(peer_dir "$C1")/xl2tpd.log
# what xl2tpd says when a tunnel ends or a call is torn down
xl2tpd_ends() { grep -ciE 'StopCCN|closed|Maximum retries|Call-Disconnect|disconnect' "$XL"; }

TID=$(tunnel_id)
PPPD=$(pppd_pid)
check_match "one L2TP tunnel" '^[0-9]+$' "$TID"
check_match "ann's pppd" '^[0-9]+$' "$PPPD"
ENDS=$(xl2tpd_ends)

# --- 1. a state file that lags one control exchange ---------------------
# Wait for a control exchange (HELLO, either side's, with its ack: the
# client's and ours come each minute of silence), take the state file as
# it was just before, then wait until roamd has written the exchange.
# (copied first: an exchange between the copy and the count only makes
# the copy lag by one more)
cp "$STATE" "$TEST_TMP/state.before"
C0=$(control_msgs)
exchanged() { [ "$(control_msgs)" -gt "$C0" ]; }
check "a control exchange on the tunnel" wait_until 150 exchanged
changed() { ! cmp -s "$STATE" "$TEST_TMP/state.before"; }
check "roamd wrote the exchange to its state" wait_until 30 changed
info "control messages before the copy: $C0, at the kill: $(control_msgs)"

kill -KILL "$RD_PID"
wait "$RD_PID" 2>/dev/null
cp "$TEST_TMP/state.before" "$STATE"
check "the old state is in place" cmp -s "$STATE" "$TEST_TMP/state.before"
RD_LOG=$TEST_TMP/roamd2.log
ip netns exec "$G" roamd -f -l debug -c "$TEST_TMP/roamd.conf" \
	-S "$RD_SOCK" > "$RD_LOG" 2>&1 &
RD_PID=$!
check "a new roamd starts" wait_until 20 test -S "$RD_SOCK"
check "it takes ann's session over" wait_until 30 \
	grep -q 'restart: took over 1 sessions of the earlier roamd$' "$RD_LOG"
grep -E 'resumed from the restart state' "$RD_LOG" | sed 's/^/# roamd (second): /'

# --- 2. the tunnel resynchronises and goes on --------------------------
resynced() { [ "$(rd "$G" -j -s daemon show | json "d['restart_state'].get('l2tp_resynced', 0)")" -ge 1 ]; }
check "roamd resynchronises the tunnel (counter)" wait_until 150 resynced
check_eq "and says so in roam -s l2tp show" 1 "$(l2tp_stat tunnels_resynced)"
check "and in its log" grep -q 'resynchronised after the takeover' "$RD_LOG"
grep -E 'resynchronised' "$RD_LOG" | sed 's/^/# roamd (second): /'
# two more exchanges after it, with no retransmission: acknowledged
R0=$(l2tp_stat rx_control)
two_more() { [ "$(l2tp_stat rx_control)" -ge $((R0 + 2)) ]; }
check "two later control exchanges" wait_until 200 two_more
# (a retransmission is no failure: the probe's ack may be slow under load)
info "roamd retransmitted $(l2tp_stat retransmits) control messages since the restart"
check_eq "the same tunnel" "$TID" "$(tunnel_id)"
check_eq "the same pppd" "$PPPD" "$(pppd_pid)"
check "ann reaches the office host" wait_until 20 ping_office 1
check_eq "the client ended nothing" "$ENDS" "$(xl2tpd_ends)"
if [ "$N_FAILED" -gt 0 ]; then
	grep -v ': debug: control request' "$RD_LOG" | tail -n 60 | sed 's/^/# roamd (second): /'
	tail -n 30 "$XL" | sed 's/^/# xl2tpd: /'
fi

# --- 3. nothing left when roamd stops -----------------------------------
xl2tpd_stop "$C1"
charon_stop "$C1"
check_gateway_clean "$G"
check "and no state file" test ! -e "$STATE"
test_done
