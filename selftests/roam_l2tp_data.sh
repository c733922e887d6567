#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The l2tp data path of roam_l2tp.ko, driven without a control connection:
# a stand-in for roamd's socket declares sessions bound to it, and a
# scripted client sends L2TP data messages over UDP.
#
#   netns C (client)                          netns G (gateway)
#   c0 192.0.2.2/24  <----- veth ----->  g0 192.0.2.1/24, 192.0.2.10/24
#   l2tp_peer.py :1701                   roam0 10.10.0.1/24 up
#                                        holder A on 192.0.2.1:1701:
#                                          session 1, l2tp 100/200 <-> 300/400,
#                                          10.10.0.5, plain (no IPsec)
#                                        holder B on 192.0.2.10:1701:
#                                          session 2, l2tp 101/201 <-> 301/401,
#                                          10.10.0.6, bound to SA mark 0x42
#
# Checked: echo requests from the client cross to roam0 and the replies come
# back encapsulated with the client's ids (both counters agree); PPP control
# (LCP) is left to the socket; a source address that is not the session's
# is dropped; a session whose socket closed carries nothing until a new
# socket on the same address and port takes it over (and one on another
# address may not); plaintext data for a session bound to an SA is
# dropped and counted as rx_unbound; unloading roam_l2tp with bound sessions deletes
# them and leaves the sockets working as plain sockets.

source "$(dirname "$0")/lib.sh"

HOLDER=$SELFTEST_DIR/tools/l2tp_sock_holder
PEER=$SELFTEST_DIR/tools/l2tp_peer.py

test_init roam_l2tp_data
need_cmd ip
need_modules roam roam_l2tp
need_roam_cli
[ -x "$HOLDER" ] || skip "$HOLDER is not built (make -C selftests)"

ns_create C
ns_create G
r() { roam_ns "$G" "$@"; }
sess() { r -j -s session show dev roam0 id "$1" | json "find(d, '$2')"; }

check "veth pair" ip link add c0 netns "$C" type veth peer name g0 netns "$G"
check "client address" ip -n "$C" addr add 192.0.2.2/24 dev c0
check "gateway addresses" sh -c "ip -n $G addr add 192.0.2.1/24 dev g0 &&
	ip -n $G addr add 192.0.2.10/24 dev g0"
ip -n "$C" link set c0 up
ip -n "$G" link set g0 up
ip -n "$C" link set lo up
ip -n "$G" link set lo up
check "roam0" ip -n "$G" link add roam0 type roam
check "roam0 address" ip -n "$G" addr add 10.10.0.1/24 dev roam0
ip -n "$G" link set roam0 up

# Started directly (not through the in_ns function, which would put a
# subshell between $! and the holder): the kill below must reach it.
ip netns exec "$G" "$HOLDER" roam0 1 192.0.2.1 192.0.2.2 100 200 300 400 \
	10.10.0.5 plain > "$TEST_TMP/holder-a.out" 2>&1 &
HOLDER_A=$!
at_exit "kill $HOLDER_A 2>/dev/null"
ip netns exec "$G" "$HOLDER" roam0 2 192.0.2.10 192.0.2.2 101 201 301 401 \
	10.10.0.6 0x42 > "$TEST_TMP/holder-b.out" 2>&1 &
HOLDER_B=$!
at_exit "kill $HOLDER_B 2>/dev/null"
check "holder A declared its session" \
	wait_until 5 grep -q ready "$TEST_TMP/holder-a.out"
check "holder B declared its session" \
	wait_until 5 grep -q ready "$TEST_TMP/holder-b.out"
cat "$TEST_TMP"/holder-*.out | sed 's/^/# holder: /'

check_eq "session 1 shows its l2tp ids" "100 200 300 400" \
	"$(r -j session show dev roam0 id 1 | json "[find(d, k) for k in ('tunnel_id', 'session_id', 'peer_tunnel_id', 'peer_session_id')]")"

out=$(in_ns "$C" "$PEER" 192.0.2.2 192.0.2.1 100 200 300 400 \
	10.10.0.5 10.10.0.1 ping 10)
check_eq "10 echo requests through the tunnel, 10 replies back" \
	"replies 10" "$out"
check_ge "session 1 received the 10 requests" 10 "$(sess 1 rx_packets)"
check_ge "session 1 sent the 10 replies" 10 "$(sess 1 tx_packets)"
check_eq "the device agrees on what it received" "$(sess 1 rx_packets)" \
	"$(r -j -s link show dev roam0 | json "find(d, 'rx_packets')")"

rx_drop=$(sess 1 rx_dropped)
out=$(in_ns "$C" "$PEER" 192.0.2.2 192.0.2.1 100 200 300 400 \
	10.10.0.5 10.10.0.1 spoof 4)
check_eq "spoofed sources get no reply" "replies 0" "$out"
check_eq "spoofed sources are dropped and counted" $((rx_drop + 4)) \
	"$(sess 1 rx_dropped)"

# The socket's process dies (roamd killed): the session keeps a closed
# socket and carries nothing; a new socket on the same address and port
# takes it over (session-set l2tp fd, what a restarted roamd does), one on
# another address may not.
kill -KILL "$HOLDER_A"
wait "$HOLDER_A" 2>/dev/null
out=$(in_ns "$C" "$PEER" 192.0.2.2 192.0.2.1 100 200 300 400 \
	10.10.0.5 10.10.0.1 ping 2)
check_eq "with its socket closed, session 1 carries nothing" \
	"replies 0" "$out"
ip -n "$G" addr add 192.0.2.11/24 dev g0
check "a socket on another address may not take session 1" sh -c \
	"! ip netns exec $G $HOLDER rebind roam0 1 192.0.2.11 > $TEST_TMP/holder-x.out 2>&1"
sed 's/^/# holder: /' "$TEST_TMP/holder-x.out"
ip netns exec "$G" "$HOLDER" rebind roam0 1 192.0.2.1 \
	> "$TEST_TMP/holder-a2.out" 2>&1 &
HOLDER_A=$!
at_exit "kill $HOLDER_A 2>/dev/null"
check "a new socket on 192.0.2.1:1701 takes session 1 over" \
	wait_until 5 grep -q ready "$TEST_TMP/holder-a2.out"
out=$(in_ns "$C" "$PEER" 192.0.2.2 192.0.2.1 100 200 300 400 \
	10.10.0.5 10.10.0.1 ping 10)
check_eq "session 1 carries again through it: 10 replies" \
	"replies 10" "$out"

in_ns "$C" "$PEER" 192.0.2.2 192.0.2.1 100 200 300 400 \
	10.10.0.5 10.10.0.1 lcp 3 >/dev/null

out=$(in_ns "$C" "$PEER" 192.0.2.2 192.0.2.10 101 201 301 401 \
	10.10.0.6 10.10.0.1 ping 5)
check_eq "plaintext data for an SA-bound tunnel gets no reply" \
	"replies 0" "$out"
check_eq "and is counted as rx_unbound" 5 "$(sess 2 rx_unbound)"
check_eq "and never reached roam0" 0 "$(sess 2 rx_packets)"

# Unloading the encapsulation deletes its sessions and unhooks the sockets.
check "rmmod roam_l2tp with two bound sessions" rmmod roam_l2tp
check_eq "its sessions are gone" "[]" "$(r -j session show)"
kill -TERM "$HOLDER_A" "$HOLDER_B"
wait "$HOLDER_A" "$HOLDER_B"
check_match "the new socket got the 3 LCP frames (and nothing decapsulated)" \
	'passed-to-socket 3$' "$(cat "$TEST_TMP/holder-a2.out")"
check "roam0 can be deleted" ip -n "$G" link del roam0
check "roam_l2tp loads again" modprobe roam_l2tp

test_done
