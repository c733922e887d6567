#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Transmit on roam0: a packet for an address without a session is dropped
# and counted (device tx_no_session and tx_dropped); a packet for a
# session's address is handed to that session and counted by it.
#
#   +-----------------------------------------------------------+
#   | netns A   (IPv6 off, except on roam0 for the IPv6 part)   |
#   |                                                           |
#   |   roam0  10.99.0.1/24  2001:db8:99::1/64   up             |
#   |     |                                                     |
#   |     +-- no session for 10.99.0.7 ........ dropped         |
#   |     +-- session 5  l2tp  10.99.0.5 ...... counted by it   |
#   |     +-- session 6  pptp  10.99.0.6 ...... counted by it   |
#   |     +-- session 8  l2tp  2001:db8:99::8 . counted by it   |
#   |     +-- session 9  l2tp  10.99.0.9 down . dropped by it   |
#   +-----------------------------------------------------------+
#
# The l2tp and pptp data paths need a tunnel peer and are tested elsewhere;
# here the encapsulation may drop the packet (no tunnel bound), so the
# session's tx_packets + tx_dropped is what must grow by the number of
# packets sent. A session that is down drops them itself (tx_dropped).

source "$(dirname "$0")/lib.sh"

N=5

test_init roam_xmit
need_cmd ip
need_modules roam roam_l2tp roam_pptp
need_roam_cli

ns_create A
r() { roam_ns "$A" "$@"; }

# snap: every counter at once (process start-up is slow in the VM), into
#   NS   device tx_no_session        DD   device tx_dropped (roam -s)
#   IPD  tx_dropped of ip -s link    HAS  1 when roam -s reports both
#                                         tx_no_session and session counters
#   TP<id> TB<id> TD<id>   tx_packets, tx_bytes, tx_dropped of each session
#   TX<id>                 TP + TD: what the session was handed
snap() {
	local out
	out=$( { r -j -s link show dev roam0; echo '@@'
		 r -j -s session show dev roam0; echo '@@'
		 ip -n "$A" -s -j link show roam0; } | "$PY" -S -E -c '
import json, sys
link, sess, ipl = (json.loads(x) for x in sys.stdin.read().split("@@"))
def find(o, k):
    if isinstance(o, dict):
        if k in o:
            return o[k]
        o = list(o.values())
    for v in (o if isinstance(o, list) else []):
        r = find(v, k)
        if r is not None:
            return r
    return None
ns, dd = find(link, "tx_no_session"), find(link, "tx_dropped")
print("NS=%s DD=%s" % (ns, dd))
print("IPD=%s" % ipl[0]["stats64"]["tx"]["dropped"])
has = ns is not None and all(find(s, "tx_packets") is not None for s in sess)
print("HAS=%d" % has)
for s in sess:
    tp, tb, td = (find(s, k) or 0 for k in ("tx_packets", "tx_bytes", "tx_dropped"))
    print("TP%d=%d TB%d=%d TD%d=%d TX%d=%d" % (s["id"], tp, s["id"], tb, s["id"], td, s["id"], tp + td))
')
	if [ -z "$out" ]; then
		fail "read the counters" "roam -j -s link/session show or ip -s -j link gave no usable JSON"
		return 1
	fi
	eval "$out"
}

# send_udp DST COUNT: COUNT datagrams of 100 bytes to DST port 9
send_udp() {
	in_ns "$A" bash -c '
		payload=$(printf "%0100d" 0)
		for ((i = 0; i < $2; i++)); do
			printf "%s" "$payload" > "/dev/udp/$1/9"
		done 2>/dev/null
		exit 0' send "$1" "$2"
}

check "ip link add roam0 type roam" ip -n "$A" link add roam0 type roam
check "address 10.99.0.1/24 on roam0" ip -n "$A" addr add 10.99.0.1/24 dev roam0
check "roam0 up" ip -n "$A" link set roam0 up
sleep 0.5
# The stack hands roam0 packets of up to 64 KB and leaves their checksum
# to it; roam0 segments them itself (device.c).
check_match "roam0 offers checksum offload, SG, TSO, GSO and GRO" \
	'tx-checksumming on scatter-gather on tcp-segmentation-offload on generic-segmentation-offload on generic-receive-offload on' \
	"$(netdev_features "$A" roam0)"

# --- no session -------------------------------------------------------------------
snap
ns0=$NS ipd0=$IPD
check_ne "roam -j -s link show reports tx_no_session" None "$NS"
send_udp 10.99.0.7 $N
snap
check_eq "tx_no_session grew by the $N datagrams sent to 10.99.0.7" "$N" "$((NS - ns0))"
check_eq "ip -s link tx_dropped grew by $N" "$N" "$((IPD - ipd0))"
check_eq "roam -s link show tx_dropped agrees with ip -s link" "$IPD" "$DD"

if command -v ping >/dev/null 2>&1; then
	ns0=$NS
	run in_ns "$A" ping -c 3 -i 0.3 -W 1 10.99.0.7
	check_ne "ping to an address without a session gets no answer" 0 "$LAST_RC"
	snap
	check_eq "tx_no_session grew by the 3 echo requests" 3 "$((NS - ns0))"
else
	info "no ping here: the ICMP variant is left out"
fi

# --- sessions ---------------------------------------------------------------------
check "add l2tp session 5 for 10.99.0.5" r session add dev roam0 id 5 kind l2tp address 10.99.0.5 peer 192.0.2.5
check "add pptp session 6 for 10.99.0.6" r session add dev roam0 id 6 kind pptp address 10.99.0.6 peer 192.0.2.6
check "add l2tp session 9 for 10.99.0.9, state down" \
	r session add dev roam0 id 9 kind l2tp address 10.99.0.9 state down
check "roam -j session show without -s" r -j session show dev roam0 id 5
check_eq "no counters without -s" null "$(printf '%s' "$LAST_OUT" | json "find(d, 'tx_packets')")"

snap
check_eq "roam -j -s session show reports the session counters" 1 "$HAS"
ns0=$NS t5=$TX5 t6=$TX6
send_udp 10.99.0.5 $N
snap
check_eq "l2tp session 5 was handed the $N datagrams (tx_packets + tx_dropped)" "$N" "$((TX5 - t5))"
check_eq "pptp session 6 was handed none of them" 0 "$((TX6 - t6))"
check_eq "tx_no_session did not move" "$ns0" "$NS"
info "session 5: tx_packets=$TP5 tx_bytes=$TB5 tx_dropped=$TD5"
if [ "$TP5" -gt 0 ]; then
	# 100 bytes of payload + 8 UDP + 20 IP per datagram, at least.
	check_ge "tx_bytes of session 5 covers its packets" $((TP5 * 128)) "$TB5"
fi

send_udp 10.99.0.6 $N
snap
check_eq "pptp session 6 was handed the $N datagrams" "$N" "$((TX6 - t6))"
info "session 6: tx_packets=$TP6 tx_bytes=$TB6 tx_dropped=$TD6"

# --- a session that is down -------------------------------------------------------
ns0=$NS tp9=$TP9 td9=$TD9
send_udp 10.99.0.9 $N
snap
check_eq "a down session carries nothing (tx_packets unchanged)" "$tp9" "$TP9"
check_eq "the $N datagrams to a down session are counted in its tx_dropped" "$N" "$((TD9 - td9))"
check_eq "and not as tx_no_session (the session exists)" "$ns0" "$NS"

# --- after deletion, the address has no session again ---------------------------------
check "delete session 5" r session del 5 dev roam0
ns0=$NS
send_udp 10.99.0.5 $N
snap
check_eq "datagrams to the deleted session's address count as tx_no_session" "$N" "$((NS - ns0))"

# --- IPv6 ------------------------------------------------------------------------------
in_ns "$A" sysctl -qw net.ipv6.conf.roam0.disable_ipv6=0
check "address 2001:db8:99::1/64 on roam0" ip -n "$A" addr add 2001:db8:99::1/64 dev roam0 nodad
check "add l2tp session 8 for 2001:db8:99::8" r session add dev roam0 id 8 kind l2tp address6 2001:db8:99::8
sleep 0.5
snap
t8=$TX8
send_udp 2001:db8:99::8 $N
snap
check_eq "IPv6 session 8 was handed the $N datagrams" "$N" "$((TX8 - t8))"
# IPv6 itself may send multicast listener reports meanwhile: at least N.
ns0=$NS
send_udp 2001:db8:99::77 $N
snap
check_ge "IPv6 datagrams without a session count as tx_no_session" "$N" "$((NS - ns0))"

check "ip link del roam0" ip -n "$A" link del roam0

test_done
