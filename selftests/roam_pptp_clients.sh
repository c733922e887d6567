#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PPTP with real clients (pptp-linux + pppd), the cases roam_pptp.sh leaves
# out: MPPE-40, GRE
# with a live call id from another host, malformed control connections on
# TCP 1723 while a real client is served, and encryption required against a
# client that refuses MPPE (742).  roam_pptp_stateful.sh runs MS-CHAPv2
# with MPPE-128 stateful over a lossy GRE path (case 2 below).
#
#   netns C (client)        netns N (bridge)       netns G (gateway)       netns O (office)
#   eth0 192.0.2.10 ------------ br0 --------------- pub0 192.0.2.1
#   pppd + pptp: ppp0            |                   roamd, roam0 10.10.0.1
#   10.10.0.x <-- PPP in GRE --> |                   lan0 192.168.50.1 ----- eth0 192.168.50.2
#   netns X 192.0.2.99 ----------+  (hostile: GRE injection, malformed TCP 1723)
#
# Loss is netem on C's eth0 for GRE only (a tc filter on IP protocol 47),
# so the TCP control connection is not disturbed.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_pptp.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
test_init "${PPTP_TEST_NAME:-roam_pptp_clients}"
need_pptp_clients
need_cmd tc

ns_create G
ns_create O
ns_create C
ns_create X
gw_setup "$G" "$O"
net_attach "$C" eth0 192.0.2.10/24
net_attach "$X" eth0 192.0.2.99/24

cat > "$TEST_TMP/roamd.conf" <<'EOF2'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add dave password dave-pw
ppp set local 10.10.0.1 auth mschapv2
pptp set enable on mppe required mppe-bits 128 stateless never
EOF2
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?

session_of() {
	ip netns exec "$G" roam -j -s session show |
		json "(by(d, 'address', '$1') or {}).get('$2')"
}
pptp_counter() { session_of "$1" pptp | json "d['$2']"; }
svc_stat() { rd "$G" -j -s pptp show | json "d['stats']['$1']"; }
no_kernel_session() {
	[ "$(ip netns exec "$G" roam -j session show)" = '[]' ]
}
ppp_gone() { ! ppp_up "$1"; }
office_reachable() { ip netns exec "$C" ping -c 1 -W 1 192.168.50.2 >/dev/null; }

# through_tunnel WHO: pings the office; both sides count the same packets
through_tunnel() {
	ppp_crosses "$G" "$C" 192.168.50.2 "$1 through PPTP"
}

# --- 2. MS-CHAPv2, MPPE-128 stateful, GRE losses ------------------------
# Run by roam_pptp_stateful.sh (PPTP_STATEFUL_LOSS=1), alone.
if [ "${PPTP_STATEFUL_LOSS:-0}" = 1 ]; then
# "stateless never": pppd with mppe-stateful offers stateless first and
# follows our Nak to stateful (with "off" the client's choice would stand)
PPTP_PPP_EXTRA="refuse-pap
refuse-chap
refuse-mschap
require-mppe-128
mppe-stateful" pptp_start "$C" dave dave-pw 192.0.2.1
check "the stateful MPPE-128 link comes up" wait_until 40 ppp_up "$C" || pptp_logs "$C"
addr=$(ppp_addr "$C")
ip -n "$C" route add 192.168.50.0/24 dev "$(ppp_dev "$C")"
check_eq "the kernel session: MPPE 128, stateful" "128 False" \
	"$(session_of "$addr" pptp | json "' '.join([str(d['mppe_bits']), str(d.get('mppe_stateless'))])")"
check_eq "roamd's session show: mschapv2, mppe-128 stateful" \
	"dave pptp mschapv2 mppe-128 stateful" \
	"$(rd "$G" -j session show | json "' '.join([d[0].get('user', ''), d[0].get('protocol', ''), d[0].get('auth', ''), d[0].get('encryption', '')])")"
through_tunnel "the stateful client"
sid=$(session_of "$addr" id)

# GRE from the client loses a quarter of its packets
tc -n "$C" qdisc add dev eth0 root handle 1: prio
tc -n "$C" qdisc add dev eth0 parent 1:3 handle 30: netem loss 25%
tc -n "$C" filter add dev eth0 parent 1: protocol ip prio 1 \
	u32 match ip protocol 47 0xff flowid 1:3
err0=$(pptp_counter "$addr" rx_mppe_errors)
replies=$(ip netns exec "$C" ping -c 40 -i 0.1 -W 1 192.168.50.2 |
	sed -n 's/.* \([0-9]*\) received.*/\1/p')
lost=$(tc -n "$C" -s -j qdisc show dev eth0 | json "[q for q in d if q['kind'] == 'netem'][0]['drops']")
info "40 pings over the lossy path: $replies replies, netem dropped $lost GRE packets"
check_ge "netem dropped GRE packets" 1 "$lost"
check_ge "some pings crossed the lossy path" 1 "${replies:-0}"
check_ge "the kernel counted MPPE packets it could not decrypt after a loss" \
	1 $(($(pptp_counter "$addr" rx_mppe_errors) - err0))
check "pppd received the kernel's CCP Reset-Requests" \
	grep -q 'rcvd \[CCP ResetReq' "$(peer_dir "$C")/pppd.log"
tc -n "$C" qdisc del dev eth0 root
if ! check "the office answers again once the losses stop" wait_until 20 office_reachable; then
	pptp_logs "$C"
	ip -n "$C" -s link show "$(ppp_dev "$C")" | sed 's/^/# /'
	ip netns exec "$G" roam -s session show | sed 's/^/# /'
	grep -E 'CCP|MPPE|mppe' "$RD_LOG" | tail -n 20 | sed 's/^/# roamd: /'
fi
check_eq "the session stayed up (same kernel session)" "$sid up" \
	"$(session_of "$addr" id) $(session_of "$addr" state)"
through_tunnel "the stateful client after the losses"
{ ip netns exec "$G" roam -s session show; } | sed 's/^/# /'
pptp_stop "$C"
check "hang-up: the kernel session is deleted" wait_until 20 no_kernel_session
# the other cases are roam_pptp_clients.sh's
check_gateway_clean "$G"
test_done
fi

# --- 3. MPPE-40 -----------------------------------------------------------
check_eq "roam pptp show: stateless never" "False True" \
	"$(rd "$G" -j pptp show | json "' '.join([str(d['stateless']), str(d['stateful'])])")"
check "roam pptp set mppe-bits 40,128 stateless on" \
	rd "$G" pptp set mppe-bits 40,128 stateless on
PPTP_PPP_EXTRA="refuse-pap
refuse-chap
refuse-mschap
require-mppe-40" pptp_start "$C" dave dave-pw 192.0.2.1
check "the MPPE-40 link comes up" wait_until 40 ppp_up "$C" || pptp_logs "$C"
addr=$(ppp_addr "$C")
ip -n "$C" route add 192.168.50.0/24 dev "$(ppp_dev "$C")"
check_eq "the kernel session: MPPE 40, stateless" "40 True" \
	"$(session_of "$addr" pptp | json "' '.join([str(d['mppe_bits']), str(d.get('mppe_stateless'))])")"
check_eq "roamd's session show: mschapv2, mppe-40 stateless" \
	"mschapv2 mppe-40 stateless" \
	"$(rd "$G" -j session show | json "' '.join([d[0].get('auth', ''), d[0].get('encryption', '')])")"
through_tunnel "the MPPE-40 client"

# --- 9. GRE with the live call id from another host ----------------------
call=$(session_of "$addr" pptp | json "d['call_id']")
unb0=$(pptp_counter "$addr" rx_unbound)
rx0=$(session_of "$addr" stats | json "d['rx_packets']")
check_eq "X sends 7 GRE packets with the live call id $call" "sent 7" \
	"$(ip netns exec "$X" "$PY" "$HERE/tools/pptp_hostile.py" gre 192.0.2.1 "$call" 7)"
unbound_is() { [ "$(pptp_counter "$addr" rx_unbound)" = "$1" ]; }
check "the kernel dropped and counted all 7 (rx_unbound)" \
	wait_until 10 unbound_is $((unb0 + 7))
check_eq "none of them was delivered on the session" "$rx0" \
	"$(session_of "$addr" stats | json "d['rx_packets']")"
through_tunnel "the MPPE-40 client after the injection"

# --- 10. malformed control connections, a real client served -------------
mal0=$(svc_stat rx_malformed) un0=$(svc_stat rx_unexpected)
# One complete ping at a time until told to stop: a ping stopped by a
# signal could leave its last request unanswered, in flight, not lost.
ping_until_stopped() {
	local sent=0 got=0
	while [ ! -e "$TEST_TMP/ping10.stop" ]; do
		sent=$((sent + 1))
		ip netns exec "$C" ping -c 1 -W 5 192.168.50.2 >/dev/null 2>&1 &&
			got=$((got + 1))
		sleep 0.2
	done
	echo "$sent $got" > "$TEST_TMP/ping10.count"
}
ping_until_stopped &
ping_pid=$!
ip netns exec "$X" "$PY" "$HERE/tools/pptp_hostile.py" ctl 192.0.2.1 \
	> "$TEST_TMP/hostile.log" 2>&1
touch "$TEST_TMP/ping10.stop"
wait "$ping_pid"
sed 's/^/# hostile: /' "$TEST_TMP/hostile.log"
for c in short-length sccrq-short bad-magic unknown-type management-type \
	 truncated-stream oversized-length garbage; do
	check_match "roamd closed the $c connection" "^$c closed" \
		"$(grep "^$c " "$TEST_TMP/hostile.log")"
done
# "connections" is how many are open now, not a total: not compared.
# A stream the client cuts short is incomplete, not malformed: the
# other seven are counted as bad input.
check_ge "roamd counted the malformed ones as malformed or unexpected" 7 \
	$(($(svc_stat rx_malformed) - mal0 + $(svc_stat rx_unexpected) - un0))
rd "$G" -s pptp show | sed 's/^/# /'
read -r sent got < "$TEST_TMP/ping10.count"
check_ge "the real client's pings went on meanwhile" 1 "${sent:-0}"
check_eq "every one of them was answered ($got of $sent)" "$sent" "$got"
check_eq "the real client's call is still the only one" 1 \
	"$(rd "$G" -j pptp show | json "len(d['calls'])")"
through_tunnel "the MPPE-40 client after the malformed connections"
pptp_stop "$C"
check "hang-up: the kernel session is deleted" wait_until 20 no_kernel_session

# --- 5. encryption required, a client that refuses MPPE -------------------
PPTP_PPP_EXTRA="refuse-pap
refuse-chap
refuse-mschap
nomppe" pptp_start "$C" dave dave-pw 192.0.2.1
check "roamd refuses the client without MPPE (742)" wait_until 40 \
	grep -q "dave: PPP ended: .*error 742" "$RD_LOG"
grep -E 'dave: PPP ended' "$RD_LOG" | tail -n 1 | sed 's/^/# roamd: /'
check "the client's link never comes up and pppd ends" \
	wait_until 30 sh -c "! kill -0 ${PPTP_PID[$C]} 2>/dev/null"
check_fail "no PPP address on the client" ppp_up "$C"
check "no kernel session is left" wait_until 20 no_kernel_session
pptp_stop "$C"
check_eq "no address is held" 0 \
	"$(rd "$G" -j -s pool show | json "d[0]['stats']['in_use']")"

check_gateway_clean "$G"
test_done
