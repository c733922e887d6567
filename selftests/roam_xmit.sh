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
#   |     +-- session 9  l2tp  10.99.0.9 down . not carried     |
#   +-----------------------------------------------------------+
#
# The l2tp and pptp data paths need a tunnel peer and are tested elsewhere;
# here the encapsulation may drop the packet (no tunnel), so the session's
# tx_packets + tx_dropped is what must grow by the number of packets sent.

source "$(dirname "$0")/lib.sh"

N=5

test_init roam_xmit
need_cmd ip
need_modules roam roam_l2tp roam_pptp
need_roam_cli

ns_create A
r() { roam_ns "$A" "$@"; }

# dev_counter NAME: a counter of roam0 from `roam -j -s link show`
dev_counter() { r -j -s link show dev roam0 | json "find(d, '$1')"; }
# ip_tx_dropped: tx_dropped of roam0 as the stack reports it
ip_tx_dropped() { ip -n "$A" -s -j link show roam0 | json 'd[0]["stats64"]["tx"]["dropped"]'; }
# sess_counter ID NAME
sess_counter() { r -j -s session show dev roam0 id "$1" | json "find(d, '$2')"; }
# sess_tx ID: what the session did with the packets it was handed
sess_tx() {
	r -j -s session show dev roam0 id "$1" |
		json "(find(d, 'tx_packets') or 0) + (find(d, 'tx_dropped') or 0)"
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

# --- no session -------------------------------------------------------------------
ns0=$(dev_counter tx_no_session)
drop0=$(ip_tx_dropped)
check_ne "roam -j -s link show reports tx_no_session" null "$ns0"
send_udp 10.99.0.7 $N
ns1=$(dev_counter tx_no_session)
drop1=$(ip_tx_dropped)
check_eq "tx_no_session grew by the $N datagrams sent to 10.99.0.7" "$N" "$((ns1 - ns0))"
check_eq "ip -s link tx_dropped grew by $N" "$N" "$((drop1 - drop0))"
check_eq "roam -s link show tx_dropped agrees with ip -s link" "$drop1" "$(dev_counter tx_dropped)"

if command -v ping >/dev/null 2>&1; then
	run in_ns "$A" ping -c 3 -i 0.3 -W 1 10.99.0.7
	check_ne "ping to an address without a session gets no answer" 0 "$LAST_RC"
	check_eq "tx_no_session grew by the 3 echo requests" 3 "$(($(dev_counter tx_no_session) - ns1))"
else
	info "no ping here: the ICMP variant is left out"
fi

# --- a session --------------------------------------------------------------------
check "add l2tp session 5 for 10.99.0.5" r session add dev roam0 id 5 kind l2tp address 10.99.0.5 peer 192.0.2.5
check "add pptp session 6 for 10.99.0.6" r session add dev roam0 id 6 kind pptp address 10.99.0.6 peer 192.0.2.6
check "roam -j -s session show" r -j -s session show dev roam0 id 5
check_ne "the session reports tx_packets" null "$(printf '%s' "$LAST_OUT" | json "find(d, 'tx_packets')")"
check_ne "the session reports tx_dropped" null "$(printf '%s' "$LAST_OUT" | json "find(d, 'tx_dropped')")"
check "roam -j session show without -s" r -j session show dev roam0 id 5
check_eq "no counters without -s" null "$(printf '%s' "$LAST_OUT" | json "find(d, 'tx_packets')")"

ns0=$(dev_counter tx_no_session)
t5=$(sess_tx 5)
t6=$(sess_tx 6)
send_udp 10.99.0.5 $N
check_eq "l2tp session 5 was handed the $N datagrams (tx_packets + tx_dropped)" "$N" "$(($(sess_tx 5) - t5))"
check_eq "pptp session 6 was handed none of them" 0 "$(($(sess_tx 6) - t6))"
check_eq "tx_no_session did not move" "$ns0" "$(dev_counter tx_no_session)"
info "session 5: tx_packets=$(sess_counter 5 tx_packets) tx_bytes=$(sess_counter 5 tx_bytes) tx_dropped=$(sess_counter 5 tx_dropped)"
send_udp 10.99.0.6 $N
check_eq "pptp session 6 was handed the $N datagrams" "$N" "$(($(sess_tx 6) - t6))"
info "session 6: tx_packets=$(sess_counter 6 tx_packets) tx_bytes=$(sess_counter 6 tx_bytes) tx_dropped=$(sess_counter 6 tx_dropped)"
tp=$(sess_counter 5 tx_packets)
tb=$(sess_counter 5 tx_bytes)
if [ "${tp:-0}" -gt 0 ] 2>/dev/null; then
	# 100 bytes of payload + 8 UDP + 20 IP per datagram, at least.
	check_ge "tx_bytes of session 5 covers its packets" $((tp * 128)) "$tb"
fi

# --- a session that is down ----------------------------------------------------------
check "add l2tp session 9 for 10.99.0.9, state down" \
	r session add dev roam0 id 9 kind l2tp address 10.99.0.9 state down
tp9=$(sess_counter 9 tx_packets)
ns0=$(dev_counter tx_no_session)
t9=$(sess_tx 9)
send_udp 10.99.0.9 $N
check_eq "a down session carries nothing (tx_packets unchanged)" "$tp9" "$(sess_counter 9 tx_packets)"
check_eq "the $N datagrams to a down session are counted in its tx_dropped" \
	"$N" "$(( $(sess_tx 9) - t9 ))"
check_eq "and not as tx_no_session (the session exists)" "$ns0" "$(dev_counter tx_no_session)"

# --- after deletion, the address has no session again ---------------------------------
check "delete session 5" r session del 5 dev roam0
ns0=$(dev_counter tx_no_session)
send_udp 10.99.0.5 $N
check_eq "datagrams to the deleted session's address count as tx_no_session" "$N" "$(($(dev_counter tx_no_session) - ns0))"

# --- IPv6 --------------------------------------------------------------------------------
in_ns "$A" sysctl -qw net.ipv6.conf.roam0.disable_ipv6=0
check "address 2001:db8:99::1/64 on roam0" ip -n "$A" addr add 2001:db8:99::1/64 dev roam0 nodad
check "add l2tp session 8 for 2001:db8:99::8" r session add dev roam0 id 8 kind l2tp address6 2001:db8:99::8
sleep 0.5
t8=$(sess_tx 8)
send_udp 2001:db8:99::8 $N
check_eq "IPv6 session 8 was handed the $N datagrams" "$N" "$(($(sess_tx 8) - t8))"
ns0=$(dev_counter tx_no_session)
send_udp 2001:db8:99::77 $N
check_ge "IPv6 datagrams without a session count as tx_no_session" "$N" "$(($(dev_counter tx_no_session) - ns0))"

check "ip link del roam0" ip -n "$A" link del roam0

test_done
