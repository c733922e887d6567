#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# roam-loadgen against roamd: 50 L2TP + PPP (MS-CHAPv2) clients in one
# process, all behind one hotel NAT, each with its own source port, its
# own tunnel and call.  A functional test, not a measurement: every
# client must come up, be answered through its kernel session and be torn
# down, and nothing may be left behind.  No assertion on time.
#
# Then the same 50 as L2TP/IPsec clients (-m l2tp-ipsec), against the
# same roamd, now requiring IPsec: each negotiates IKEv1 Main (ECP-256)
# and Quick Mode from two ports of its own (500 and 4500 sides, NAT-T),
# installs its ESP pair and transport policies in L's kernel, and runs
# L2TP + PPP through them; at the end its DELETEs, and no xfrm state or
# policy may be left in L or in G.  In both modes every StopCCN must be
# acknowledged, and one line of figures per mode goes to the log.
#
#                                  netns N (bridge br0, 192.0.2.0/24)
#   netns L 10.0.1.2 -- netns T (NAT 192.0.2.20) --+
#   roam-loadgen: 50 clients,                      |
#   one UDP port each                              +---- netns G 192.0.2.1: roamd
#                                                         roam0 10.10.0.1
#                                                         lan0 192.168.50.1 --- netns O
#
# Each client pings 10.10.0.1 (the gateway's PPP address) once through
# its session: roam_l2tp decapsulates it onto roam0, the answer goes back
# out through the same kernel session.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

NCLIENTS=50
test_init roam_loadgen
need_cmd ip nft roamd roam-loadgen
need_modules roam roam_l2tp
need_roam_cli

ns_create G
ns_create O
ns_create T
ns_create L
gw_setup "$G" "$O"
nat_setup "$T" 192.0.2.20/24 1
nat_client "$L" "$T" 1 10.0.1.2

{
	echo "link add roam0"
	echo "pool add office range 10.10.0.10-10.10.0.250"
	for i in $(seq 1 $NCLIENTS); do
		echo "user add lg$i password pw$i"
	done
	echo "l2tp set ipsec none"
	echo "ppp set local 10.10.0.1 auth mschapv2"
} > "$TEST_TMP/roamd.conf"
# 50 calls at debug level would flood the log: what the checks read is
# logged at info
# shellcheck disable=SC2034 # read by roamd_start (peers/lib_peers.sh)
RD_LEVEL=info
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?

LG_PID=
LG_OUT=$TEST_TMP/loadgen.out
# loadgen_stop: SIGTERM (teardown at once), then SIGKILL after 30 s
loadgen_stop() {
	[ -n "$LG_PID" ] || return 0
	kill -TERM "$LG_PID" 2>/dev/null
	wait_until 30 _pid_gone "$LG_PID" || kill -9 "$LG_PID" 2>/dev/null
	wait "$LG_PID" 2>/dev/null
	LG_PID=
}
at_exit loadgen_stop

# ours: how many of roamd's calls are the generator's (users lg*)
ours() {
	rd "$G" -j l2tp show |
		json "len([c for c in d if str(c.get('user', '')).startswith('lg')])"
}
ours_up() { [ "$(ours)" = "$NCLIENTS" ]; }
# kernel sessions (of roam0 in G), with at least MIN received packets
kernel_sessions() {
	ip netns exec "$G" roam -j -s session show |
		json "len([s for s in d if s.get('stats', {}).get('rx_packets', 0) >= $1])"
}
kernel_up() { [ "$(kernel_sessions 0)" = "$NCLIENTS" ]; }
held() { grep -q '^roam-loadgen: held' "$LG_OUT"; }
# of the generator's calls (users lg*): distinct users, calls from the
# NAT's address, distinct source ports, calls with PPP up and an address
# of the pool
OURS_CALLS="(lambda C: [len(set(c.get('user') for c in C)),
	len([c for c in C if c.get('peer') == '192.0.2.20']),
	len(set(c.get('peer_port') for c in C)),
	len([c for c in C if c.get('ppp') == 'network' and
	     str(c.get('address', '')).startswith('10.10.0.')])])(
	[c for c in d if str(c.get('user', '')).startswith('lg')])"
none_left() {
	[ "$(rd "$G" -j l2tp show)" = "[]" ] &&
		[ "$(ip netns exec "$G" roam -j session show)" = "[]" ]
}

# lg_finish: SIGUSR1 (every client sends its StopCCN), wait for the
# generator to exit, copy its output to the log; its status in lg_rc
lg_finish() {
	kill -USR1 "$LG_PID"
	wait_until 300 _pid_gone "$LG_PID" || kill -9 "$LG_PID"
	wait "$LG_PID"
	lg_rc=$?
	LG_PID=
	sed 's/^/# loadgen: /' "$LG_OUT"
}

# lg_report MODE FILE: the run's figures in one line, for quoting, then
# the checks on the generator's own report (FILE, its -o JSON).  Every
# StopCCN must be acknowledged: roamd acknowledges it at once and for
# 31 s acknowledges every copy, and the client retransmits for as long
# (RFC 2661 5.8 backoff); a client whose StopCCN failed says why in the
# generator's output above.
lg_report() {
	local mode=$1 f=$2

	local fig v

	# one python start for the figures and the checks' values
	fig=$(json "['%.1f sessions/s (%d up in %.2f s); failures by cause: %s; setup latency ms p50 %d p90 %d max %d; teardown %.2f s' % (d['sessions_per_second'], d['up'], d['setup_seconds'], ', '.join('%s %d' % kv for kv in sorted(d['failures'].items())) or 'none', d['setup_ms']['p50'], d['setup_ms']['p90'], d['setup_ms']['max'], d['teardown_seconds']), '|%d %d %d|%d %d|%s' % (d['up'], d['answered'], d['setup_failed'], d['closed'], d['close_failed'], ' '.join('%d' % d['setup_ms'][k] for k in ('p50', 'p90', 'p99', 'max')))]" < "$f")
	v=${fig#* |}
	info "figures, $mode: ${fig%% |*}"
	check_eq "its report ($mode): up, answered, setup failures" \
		"$NCLIENTS $NCLIENTS 0" "${v%%|*}"
	v=${v#*|}
	check_eq "every StopCCN acknowledged ($mode): closed, unacknowledged" \
		"$NCLIENTS 0" "${v%%|*}"
	check_match "its report has setup latency percentiles ($mode)" \
		'^[0-9]+ [0-9]+ [0-9]+ [0-9]+$' "${v#*|}"
	check_eq "the generator exits 0 ($mode: all up, answered, closed)" 0 "$lg_rc"
}

# --- mode l2tp: up, answered, held ----------------------------------------
# Generous phase timeouts (-t): on a loaded machine under emulation a
# phase can take many seconds, and a timeout here is a false failure.
ip netns exec "$L" roam-loadgen -m l2tp -s 192.0.2.1 -n $NCLIENTS -r 10 -t 120 -W -v \
	-o "$TEST_TMP/l2tp.json" > "$LG_OUT" 2>&1 &
LG_PID=$!
check "the generator brings up its $NCLIENTS clients and holds them" \
	wait_until 600 held
check_match "all $NCLIENTS held, none failed" "held $NCLIENTS sessions, 0 failed" \
	"$(cat "$LG_OUT")"
check "roamd has a call for each of the $NCLIENTS users" wait_until 30 ours_up
# one reading of the calls for four checks (each python start costs
# seconds in a loaded VM)
read -r n_users n_nat n_ports n_ppp <<<"$(rd "$G" -j l2tp show | json "$OURS_CALLS")"
check_eq "$NCLIENTS distinct users" $NCLIENTS "$n_users"
check_eq "all of them from the one NAT address" $NCLIENTS "$n_nat"
check_eq "each from a source port of its own" $NCLIENTS "$n_ports"
check_eq "each with PPP up and an address of the pool" $NCLIENTS "$n_ppp"
check "the kernel carries $NCLIENTS sessions" wait_until 30 kernel_up
check_eq "each kernel session received the client's echo" $NCLIENTS \
	"$(kernel_sessions 1)"

# --- teardown: StopCCN from every client ----------------------------------
lg_finish
lg_report l2tp "$TEST_TMP/l2tp.json"
check "no call and no kernel session left" wait_until 30 none_left
check_eq "every address went back to the pool" 0 \
	"$(rd "$G" -j -s pool show | json "d[0]['stats']['in_use']")"

# --- mode l2tp-ipsec: the same 50 through IKE and ESP -------------------
PSK="loadgen psk"
rd "$G" l2tp set ipsec required && rd "$G" psk add peer any secret "$PSK"
check_eq "roamd now requires IPsec for L2TP, with a key for any peer" 0 $?
LG_OUT=$TEST_TMP/loadgen-ipsec.out
# ECP-256: with MODP-2048 the 50 took 48 and 70 s to come up in two
# loaded runs, Diffie-Hellman on both sides under emulation; the group
# is not what is tested here (roam_l2tp_ipsec runs MODP-2048 with
# strongSwan)
ip netns exec "$L" roam-loadgen -m l2tp-ipsec -k "$PSK" -g ecp256 \
	-s 192.0.2.1 -n $NCLIENTS -r 10 -t 120 -W -v \
	-o "$TEST_TMP/ipsec.json" > "$LG_OUT" 2>&1 &
LG_PID=$!
check "the generator brings up its $NCLIENTS L2TP/IPsec clients" \
	wait_until 900 held
check_match "all $NCLIENTS held, none failed" "held $NCLIENTS sessions, 0 failed" \
	"$(cat "$LG_OUT")"
# ours_ike [CONDITION]: roamd's IKE SAs from the NAT's address
ours_ike() {
	rd "$G" -j ike show |
		json "len([s for s in d if str(s.get('peer', '')).startswith('192.0.2.20')${1:-}])"
}
ike_up() { [ "$(ours_ike " and s.get('state') == 'established'")" = "$NCLIENTS" ]; }
check "roamd holds $NCLIENTS established IKE SAs from the NAT" wait_until 30 ike_up
check_eq "each from a port of its own" $NCLIENTS \
	"$(rd "$G" -j ike show | json "len(set(s.get('peer') for s in d if str(s.get('peer', '')).startswith('192.0.2.20')))")"
check "roamd has an L2TP call for each of the $NCLIENTS users" wait_until 30 ours_up
check_eq "each call's ESP in UDP from a NAT-T port of its own" $NCLIENTS \
	"$(rd "$G" -j ipsec show | json "len(set(p.get('natt_peer_port') for p in d if p.get('natt') and str(p.get('peer', '')).startswith('192.0.2.20:')))")"
# L's kernel: two SAs and two policies per client (only the generator
# uses xfrm in L)
l_states() { ip -n "$L" xfrm state | grep -c '^src'; }
l_policies() { ip -n "$L" xfrm policy | grep -c '^src'; }
check_eq "the client namespace holds 2 ESP SAs per client" $((2 * NCLIENTS)) "$(l_states)"
check_eq "and 2 transport policies per client" $((2 * NCLIENTS)) "$(l_policies)"
check "the kernel carries $NCLIENTS sessions" wait_until 30 kernel_up
check_eq "each kernel session received its client's echo through ESP" $NCLIENTS \
	"$(kernel_sessions 1)"

lg_finish
lg_report l2tp-ipsec "$TEST_TMP/ipsec.json"
check_nomatch "no ESP removal failed in the client namespace" \
	'ESP removal errors' "$(cat "$LG_OUT")"
check_eq "no xfrm state left in the client namespace" 0 "$(l_states)"
check_eq "no xfrm policy left in the client namespace" 0 "$(l_policies)"
no_ike() { [ "$(ours_ike)" = 0 ]; }
check "the DELETEs removed every IKE SA on the gateway" wait_until 30 no_ike
check "no call and no kernel session left" wait_until 30 none_left
check_eq "every address went back to the pool" 0 \
	"$(rd "$G" -j -s pool show | json "d[0]['stats']['in_use']")"

check_gateway_clean "$G"
test_done
