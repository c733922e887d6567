#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The pptp data path of roam_pptp.ko, driven without a control connection:
# a stand-in for roamd (tools/pptp_ctl) declares the calls and keys them,
# and a scripted client (tools/pptp_peer.py, with its own MPPE) sends and
# receives enhanced GRE.
#
#   netns C (client)                          netns G (gateway)
#   c0 192.0.2.2/24, 192.0.2.3/24 <- veth -> g0 192.0.2.1/24
#   pptp_peer.py (raw GRE socket)            roam0 10.20.0.1/24 up
#                                            session 1: call 100 <-> 200,
#                                              10.20.0.5, no MPPE
#                                            session 2: call 101 <-> 201,
#                                              10.20.0.6, MPPE-128 stateless
#                                            session 3: call 102 <-> 202,
#                                              10.20.0.7, MPPE-128 stateful
#                                            pptp_ctl listen: roamd's raw
#                                              GRE socket and its filter
#
# Checked: echo requests cross to roam0 and the replies come back in GRE
# (clear, MPPE stateless, MPPE stateful; counters of both sides agree);
# a CCP Reset-Request from the client flushes our next MPPE packet; a
# lost stateful packet makes the gateway ask for a reset and resynchronise;
# duplicate and late sequence numbers are dropped and counted, packets
# swapped on the way are put back in order (the reorder window); GRE from
# another address is dropped (rx_unbound); PPP control frames reach the
# raw socket and data frames do not; an ack-only packet acknowledges a
# frame nothing answered; session-send emits a frame with the next
# sequence number; malformed GRE is counted and dropped; rmmod roam_pptp
# with live sessions is clean.

source "$(dirname "$0")/lib.sh"

CTL=$SELFTEST_DIR/tools/pptp_ctl
PEER=$SELFTEST_DIR/tools/pptp_peer.py
# The gateway's start keys (send, receive); the client sees them swapped.
KEY_GS=00112233445566778899aabbccddeeff
KEY_GR=f0e1d2c3b4a5968778695a4b3c2d1e0f

test_init roam_pptp_data
need_cmd ip
need_modules roam roam_pptp
need_roam_cli
[ -x "$CTL" ] || skip "$CTL is not built (make -C selftests)"
mod_loaded pptp && skip "Linux's pptp module holds GRE version 1"

ns_create C
ns_create G
r() { roam_ns "$G" "$@"; }
sess() { r -j -s session show dev roam0 id "$1" | json "find(d, '$2')"; }
# peer SESSION_NO CALL PEER_CALL SRC CMD... (from 192.0.2.2)
peer() {
	local n=$1 call=$2 pcall=$3 src=$4
	shift 4
	in_ns "$C" "$PY" "$PEER" "${PEER_LOCAL:-192.0.2.2}" 192.0.2.1 \
		"$call" "$pcall" "$src" 10.20.0.1 "$TEST_TMP/seq$n" "$@"
}

check "veth pair" ip link add c0 netns "$C" type veth peer name g0 netns "$G"
check "client addresses" sh -c "ip -n $C addr add 192.0.2.2/24 dev c0 &&
	ip -n $C addr add 192.0.2.3/24 dev c0"
check "gateway address" ip -n "$G" addr add 192.0.2.1/24 dev g0
ip -n "$C" link set c0 up
ip -n "$G" link set g0 up
ip -n "$C" link set lo up
ip -n "$G" link set lo up
check "roam0" ip -n "$G" link add roam0 type roam
check "roam0 address" ip -n "$G" addr add 10.20.0.1/24 dev roam0
ip -n "$G" link set roam0 up
check "roam_pptp loads" modprobe roam_pptp

ip netns exec "$G" "$CTL" listen > "$TEST_TMP/listen.out" 2>&1 &
LISTENER=$!
at_exit "kill $LISTENER 2>/dev/null"
check "roamd's raw GRE socket is open" \
	wait_until 5 grep -q ready "$TEST_TMP/listen.out"

g() { in_ns "$G" "$CTL" "$@"; }
check "session 1 (no MPPE)" \
	g new roam0 1 192.0.2.1 192.0.2.2 100 200 10.20.0.5
check "session 2" g new roam0 2 192.0.2.1 192.0.2.2 101 201 10.20.0.6
check "session 3" g new roam0 3 192.0.2.1 192.0.2.2 102 202 10.20.0.7
check "session 2 keyed: MPPE-128 stateless" \
	g mppe roam0 2 128 stateless "$KEY_GS" "$KEY_GR"
check "session 3 keyed: MPPE-128 stateful" \
	g mppe roam0 3 128 stateful "$KEY_GS" "$KEY_GR"
CHECK_ERR_RE="call id already used"
check_fail "a call id in use is refused" \
	g new roam0 4 192.0.2.1 192.0.2.2 100 299 10.20.0.8
CHECK_ERR_RE="MPPE key is 8 bytes"
check_fail "a 40-bit key of 4 bytes is refused" \
	g mppe roam0 2 40 stateless 00112233 00112233
CHECK_ERR_RE="not a PPP control protocol"
check_fail "session-send of a data frame is refused" \
	g send roam0 1 00214500
CHECK_ERR_RE="2 to 1500 bytes"
check_fail "session-send of one byte is refused" g send roam0 1 c0
CHECK_ERR_RE=

check_eq "session 1 shows its pptp ids" "100 200 192.0.2.1 0" \
	"$(r -j session show dev roam0 id 1 | json "[find(d, k) for k in ('call_id', 'peer_call_id', 'local', 'mppe_bits')]")"
check_match "session 2 shows MPPE named weak, never its keys" \
	'mppe 128 \(weak\) stateless' "$(r session show dev roam0 id 2)"
check_nomatch "no key in the JSON" "$KEY_GS|$KEY_GR|key" \
	"$(r -j -s session show)"

# Clear, stateless, stateful
check_eq "10 echo requests in clear GRE, 10 replies" "replies 10 flushed 0" \
	"$(peer 1 100 200 10.20.0.5 ping 10)"
check_ge "session 1 received them" 10 "$(sess 1 rx_packets)"
check_ge "session 1 sent the replies" 10 "$(sess 1 tx_packets)"
check_eq "the device agrees on what it received" "$(sess 1 rx_packets)" \
	"$(r -j -s link show dev roam0 | json "find(d, 'rx_packets')")"
MPPE_C="--mppe 128"
check_eq "MPPE-128 stateless: 10 replies, each flushed" \
	"replies 10 flushed 10" \
	"$(peer 2 101 201 10.20.0.6 ping 10 $MPPE_C stateless "$KEY_GR" "$KEY_GS")"
check_eq "MPPE-128 stateful: 10 replies, none flushed" \
	"replies 10 flushed 0" \
	"$(peer 3 102 202 10.20.0.7 ping 10 $MPPE_C stateful "$KEY_GR" "$KEY_GS" 2>&1)"
check_eq "the MPPE sessions decrypted without error" "0 0" \
	"$(sess 2 rx_mppe_errors) $(sess 3 rx_mppe_errors)"
check_ge "session 2 received the 10 requests" 10 "$(sess 2 rx_packets)"
check_ge "session 3 sent the 10 replies" 10 "$(sess 3 tx_packets)"

# The peer's MPPE state lives in one run: each stateful run below keys
# session 3 afresh, as a new CCP negotiation would.
rekey3() { g mppe roam0 3 128 stateful "$KEY_GS" "$KEY_GR"; }
check "session 3 keyed again" rekey3
check_eq "a CCP Reset-Request from the client flushes our next packet" \
	"replies 1 flushed 1" \
	"$(peer 3 102 202 10.20.0.7 resetreq $MPPE_C stateful "$KEY_GR" "$KEY_GS")"
check "session 3 keyed again" rekey3
check_eq "a lost stateful packet: the gateway asks for a reset, then resyncs" \
	"replies 4 resets 1" \
	"$(peer 3 102 202 10.20.0.7 drop 6 $MPPE_C stateful "$KEY_GR" "$KEY_GS")"
check_ge "and counts the packet it could not decrypt" 1 \
	"$(sess 3 rx_mppe_errors)"

# Sequence numbers and addresses
check_eq "duplicate and late sequence numbers get no reply" "replies 2" \
	"$(peer 1 100 200 10.20.0.5 dup)"
check_eq "and are counted" 2 "$(sess 1 rx_seq_dropped)"
check_eq "the packet ahead of the gap waited in the reorder window" 1 \
	"$(sess 1 rx_reordered)"
check_eq "two packets swapped on the way are delivered in GRE order" \
	"order 0 1" "$(peer 1 100 200 10.20.0.5 reorder)"
check_eq "the one that came first waited for the other" 2 \
	"$(sess 1 rx_reordered)"
check_eq "and none of them was dropped" 2 "$(sess 1 rx_seq_dropped)"
check_eq "GRE from another address gets no reply" "replies 0 flushed 0" \
	"$(PEER_LOCAL=192.0.2.3 peer 9 100 200 10.20.0.5 ping 3)"
check_eq "and is counted as rx_unbound" 3 "$(sess 1 rx_unbound)"

# Control frames: roamd's raw socket
peer 1 100 200 10.20.0.5 lcp 3
_c021() { [ "$(grep -c 'proto 0xc021' "$TEST_TMP/listen.out")" -ge 3 ]; }
check "the 3 LCP frames reached the raw socket" wait_until 5 _c021
check_eq "and no data frame did" 0 \
	"$(grep -cE 'proto 0x00(21|57|fd)|unparsable' "$TEST_TMP/listen.out")"
check_match "a frame nothing answered is acknowledged alone" '^ack-only [0-9]+$' \
	"$(peer 1 100 200 10.20.0.5 ackwait)"
check_ge "acks_sent counts it" 1 "$(sess 1 acks_sent)"

# session-send: the next sequence number is the count of data sent
peer 1 100 200 10.20.0.5 expect c021 > "$TEST_TMP/expect.out" &
EXPECT=$!
check "the client waits for a frame" \
	wait_until 5 grep -q ready "$TEST_TMP/expect.out"
next_seq=$(sess 1 tx_packets)
check "session-send of an LCP Echo-Request" \
	g send roam0 1 c02109050008cafe0000
wait "$EXPECT"
check_eq "it arrives with the next sequence number" \
	"frame proto c021 seq $next_seq" "$(tail -n 1 "$TEST_TMP/expect.out")"

# Malformed GRE: 3 headers name the call (counted); flags in the second
# byte read as another GRE version to the demultiplexer, which drops them;
# no key or short headers name no call.
peer 1 100 200 10.20.0.5 malformed
_malformed() { [ "$(sess 1 rx_malformed)" -ge 3 ]; }
check "malformed headers of the call are counted" wait_until 5 _malformed
check_eq "exactly those three" 3 "$(sess 1 rx_malformed)"

# Unloading the encapsulation deletes its sessions.
check "rmmod roam_pptp with three live sessions" rmmod roam_pptp
check_eq "its sessions are gone" "[]" "$(r -j session show)"
check "roam0 can be deleted" ip -n "$G" link del roam0
check "roam_pptp loads again" modprobe roam_pptp

test_done
