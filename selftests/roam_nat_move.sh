#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A hotel NAT gives its clients a new public ADDRESS mid-session (a NAT
# with several public addresses, a carrier-grade NAT, a new lease): the
# clients do not notice, roamd follows them.  One roamd, three real
# clients: ann straight from the Internet, ben (L2TP/IPsec: strongSwan +
# xl2tpd + pppd) behind hotel NAT T1, marty (vpnc: XAUTH + Mode-Config,
# ESP tunnel mode) behind hotel NAT T2.
#
#                                   netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 (ann) ----------------------------+
#   netns C2 10.0.1.2 (ben) -- netns T1 NAT 192.0.2.20, later .21 --+
#   netns C3 10.0.2.2 (marty) -- netns T2 NAT 192.0.2.30, later .31, ports 32000-32999
#                                                         +--- netns G 192.0.2.1: roamd
#                                                              lan0 192.168.50.1
#                                                               |
#                                                      netns O 192.168.50.2
#
# 1. T1 snats to 192.0.2.21 and forgets its mappings while ben pings: his
#    SAs are installed again at .21 (same SPIs), his policies name .21,
#    nothing of his names .20 any more, no SA or policy of his mark is
#    left over, his traffic resumes on the same kernel session, whose
#    peer is .21; roamd logs the move once; ann is untouched.
# 2. T2 snats to 192.0.2.31 and ports 32000-32999 while marty pings: his
#    tunnel-mode SAs and policies follow, his pings resume, his session
#    stays.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

test_init roam_nat_move
need_l2tp_ipsec_clients
need_cmd vpnc
modprobe tun 2>/dev/null

ns_create G
ns_create O
ns_create C1
ns_create T1
ns_create C2
ns_create T2
ns_create C3
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
nat_setup "$T1" 192.0.2.20/24 1
ip -n "$T1" addr add 192.0.2.21/24 dev wan0
nat_client "$C2" "$T1" 1 10.0.1.2
nat_setup "$T2" 192.0.2.30/24 2
ip -n "$T2" addr add 192.0.2.31/24 dev wan0
nat_client "$C3" "$T2" 2 10.0.2.2
ip netns exec "$C3" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -n "$O" route add 172.16.1.0/24 via 192.168.50.1
ip -n "$G" route add 172.16.1.0/24 dev pub0

cat > "$TEST_TMP/roamd.conf" <<'EOC'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
pool add vpnpool range 172.16.1.100-172.16.1.199
user add ann password ann-pw
user add ben password ben-pw
user add marty password 12345678 group hillvalleyvpn
psk add peer any secret "office psk"
group add hillvalleyvpn psk cisco123 aggressive on xauth on pool vpnpool dns 172.16.1.11
ppp set local 10.10.0.1 dns 192.168.50.2
EOC
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?

# snat_to NAT TARGET: the NAT's public side becomes TARGET; the NAT
# forgets its mappings, as one that restarted with another address does
snat_to() {
	ip netns exec "$1" nft -f - <<EON
flush chain ip nat post
table ip nat {
	chain post {
		oifname "wan0" meta l4proto udp snat to $2
		oifname "wan0" snat to ${2%%:*}
	}
}
EON
	ct_flush "$1"
}
# reqid_count WHAT REQID [ADDR]: SAs ("state") or policies of one client
# (its reqid is its mark), or only those naming ADDR
reqid_count() {
	ip -n "$G" xfrm "$1" | awk -v r="reqid $2 " -v a="${3:-}" '
		function done() { if (blk ~ r && (a == "" || index(blk, a " ") || index(blk, a "\n"))) n++ }
		/^src/ { if (blk != "") done(); blk = "" }
		{ blk = blk $0 "\n" }
		END { if (blk != "") done(); print n + 0 }'
}
# peer_of USER: the IKE peer roamd's IPsec shows for the user's client
ipsec_peers() { rd "$G" -j ipsec show | json "' '.join(sorted(set(p['peer'].split(':')[0] for p in d)))"; }

# --- the clients ------------------------------------------------------------
charon_start "$C1" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
l2tp_ipsec_connect "$C1" ann ann-pw
check_eq "ann connects straight from the Internet" 0 $?
charon_start "$C2" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
l2tp_ipsec_connect "$C2" ben ben-pw
check_eq "ben connects from behind hotel NAT T1 (192.0.2.20)" 0 $?

VD=$(peer_dir vpnc)
mkdir -p "$VD"
cat > "$VD/script" <<EOS
#!/bin/sh
if [ "\$reason" = connect ]; then
	ip link set "\$TUNDEV" up mtu 1380
	ip addr add "\$INTERNAL_IP4_ADDRESS/32" dev "\$TUNDEV"
	ip route add 192.168.50.0/24 dev "\$TUNDEV"
	touch "$VD/connected"
fi
exit 0
EOS
chmod 755 "$VD/script"
cat > "$VD/vpnc.conf" <<EOC
IPSec gateway 192.0.2.1
IPSec ID hillvalleyvpn
IPSec secret cisco123
Xauth username marty
Xauth password 12345678
IKE DH Group dh5
Perfect Forward Secrecy nopfs
NAT Traversal Mode natt
Local Port 0
Interface name tun0
Script $VD/script
EOC
VPNC_PID=
vpnc_stop() {
	[ -n "$VPNC_PID" ] || return 0
	kill -TERM "$VPNC_PID" 2>/dev/null
	wait_until 10 sh -c "! kill -0 $VPNC_PID 2>/dev/null" ||
		kill -9 "$VPNC_PID" 2>/dev/null
	wait "$VPNC_PID" 2>/dev/null
	VPNC_PID=
	sed 's/^/# vpnc: /' "$VD/vpnc.log" | tail -n 30
}
at_exit vpnc_stop
ip netns exec "$C3" vpnc --no-detach --debug 1 --pid-file "$VD/pid" \
	"$VD/vpnc.conf" > "$VD/vpnc.log" 2>&1 &
VPNC_PID=$!
check "marty (vpnc) connects from behind hotel NAT T2 (192.0.2.30)" \
	wait_until 90 test -e "$VD/connected"
check "marty reaches the office host" \
	wait_until 30 ip netns exec "$C3" ping -c 1 -W 1 192.168.50.2

ann_addr=$(ppp_addr "$C1")
ben_addr=$(ppp_addr "$C2")
ann_sid=$(session_field "$G" "$ann_addr" id)
ben_sid=$(session_field "$G" "$ben_addr" id)
mark_of() {
	ip netns exec "$G" roam -j session show |
		json "(by(d, 'address', '$1') or {}).get('l2tp', {}).get('xfrm_mark')"
}
ann_mark=$(mark_of "$ann_addr")
ben_mark=$(mark_of "$ben_addr")
marty_mark=$(rd "$G" -j ipsec show |
	json "[p['mark'] for p in d if p['peer'].startswith('192.0.2.30')][:1][0]")
info "ann $ann_addr session $ann_sid mark $ann_mark; ben $ben_addr session $ben_sid mark $ben_mark; marty mark $marty_mark"
check_eq "ben's SA pair carries his mark" 2 "$(reqid_count state "$ben_mark")"
ann_spis=$(ip -n "$G" xfrm state | awk -v r="reqid $ann_mark " '$0 ~ r {print $4}' | sort | tr '\n' ' ')
ben_spis() { ip -n "$G" xfrm state | awk -v r="reqid $ben_mark " '$0 ~ r {print $4}' | sort | tr '\n' ' '; }
ben_spis0=$(ben_spis)

# --- 1. T1 gets a new public address under ben's traffic -----------------
ip netns exec "$C2" ping -c 40 -i 0.25 -W 2 192.168.50.2 > "$TEST_TMP/ben-ping" 2>&1 &
ben_ping=$!
wait_until 10 grep -q 'bytes from' "$TEST_TMP/ben-ping"
check "hotel NAT T1 moves to 192.0.2.21 and forgets its mappings" \
	snat_to "$T1" 192.0.2.21
ben_moved() {
	[ "$(reqid_count state "$ben_mark" 192.0.2.21)" = 2 ] &&
	[ "$(reqid_count state "$ben_mark")" = 2 ] &&
	[ "$(session_field "$G" "$ben_addr" peer)" = 192.0.2.21 ]
}
check "ben's SAs and kernel session follow him to 192.0.2.21" \
	wait_until 40 ben_moved
check_eq "same SPIs (the SAs were moved, not renegotiated)" "$ben_spis0" "$(ben_spis)"
check_eq "on the same kernel session" "$ben_sid" "$(session_field "$G" "$ben_addr" id)"
check "ben reaches the office host again" \
	wait_until 20 ip netns exec "$C2" ping -c 1 -W 1 192.168.50.2
check_eq "his two policies name 192.0.2.21" 2 "$(reqid_count policy "$ben_mark" 192.0.2.21)"
check_eq "no other policy of his mark is left" 2 "$(reqid_count policy "$ben_mark")"
check_eq "nothing in the kernel names his old address" 0 \
	"$({ ip -n "$G" xfrm state; ip -n "$G" xfrm policy; } | grep -c '192\.0\.2\.20')"
check_eq "roamd shows his client at 192.0.2.21" "192.0.2.10 192.0.2.21 192.0.2.30" "$(ipsec_peers)"
wait_until 30 sh -c "! kill -0 $ben_ping 2>/dev/null" || kill -9 "$ben_ping" 2>/dev/null
wait "$ben_ping" 2>/dev/null
check_match "ben's traffic kept flowing across the change" \
	' [1-9][0-9]* received' "$(cat "$TEST_TMP/ben-ping")"
check_eq "roamd logs ben's move once" 1 \
	"$(grep -cE 'IKE peer 192\.0\.2\.20:[0-9]+ moved to 192\.0\.2\.21:' "$RD_LOG")"
check_match "and the L2TP tunnel's" 'l2tp tunnel [0-9]+: peer moved from 192\.0\.2\.20:1701 to 192\.0\.2\.21:1701' \
	"$(cat "$RD_LOG")"
check "ann still reaches the office host" \
	ip netns exec "$C1" ping -c 3 -i 0.2 -W 2 192.168.50.2
check_eq "ann's session is the same" "$ann_sid" "$(session_field "$G" "$ann_addr" id)"
check_eq "ann's SAs are the same" "$ann_spis" \
	"$(ip -n "$G" xfrm state | awk -v r="reqid $ann_mark " '$0 ~ r {print $4}' | sort | tr '\n' ' ')"

# --- 2. T2 gets a new address and new ports under marty's traffic -------
ip netns exec "$C3" ping -c 40 -i 0.25 -W 2 192.168.50.2 > "$TEST_TMP/marty-ping" 2>&1 &
marty_ping=$!
wait_until 10 grep -q 'bytes from' "$TEST_TMP/marty-ping"
check "hotel NAT T2 moves to 192.0.2.31, ports 32000-32999" \
	snat_to "$T2" 192.0.2.31:32000-32999
marty_moved() {
	[ "$(reqid_count state "$marty_mark" 192.0.2.31)" = 2 ] &&
	[ "$(reqid_count state "$marty_mark")" = 2 ] &&
	[ "$(reqid_count policy "$marty_mark" 192.0.2.31)" = 3 ]
}
check "marty's tunnel-mode SAs and policies follow him to 192.0.2.31" \
	wait_until 40 marty_moved
check_eq "no other policy of his is left" 3 "$(reqid_count policy "$marty_mark")"
check "marty reaches the office host again" \
	wait_until 20 ip netns exec "$C3" ping -c 1 -W 1 192.168.50.2
check_match "roamd shows his client on a new port of 192.0.2.31" \
	'192\.0\.2\.31:32[0-9]{3}' "$(rd "$G" ipsec show)"
check_eq "his session stays" 1 \
	"$(rd "$G" -j session show | json "len([s for s in d if s.get('user') == 'marty'])")"
wait_until 30 sh -c "! kill -0 $marty_ping 2>/dev/null" || kill -9 "$marty_ping" 2>/dev/null
wait "$marty_ping" 2>/dev/null
check_match "marty's traffic kept flowing across the change" \
	' [1-9][0-9]* received' "$(cat "$TEST_TMP/marty-ping")"
check_eq "nothing in the kernel names T2's old address" 0 \
	"$({ ip -n "$G" xfrm state; ip -n "$G" xfrm policy; } | grep -c '192\.0\.2\.30')"

# --- nothing left when roamd stops ----------------------------------------
vpnc_stop
xl2tpd_stop "$C1" "$C2"
check_gateway_clean "$G"
test_done
