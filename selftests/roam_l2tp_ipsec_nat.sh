#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The concentrator behind NAT: the office router owns the public address
# and forwards IKE (500) and NAT-T (4500) to roamd's private address.  One
# client comes straight from the Internet (only the concentrator is behind
# NAT), one from behind a hotel NAT (both are); real clients (strongSwan +
# xl2tpd + pppd) reach the office host through roam0.
#
#                                  netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 -----------------+
#   netns C2 10.0.1.2 -- netns T (NAT 192.0.2.20) --+
#                                        +---- netns R 192.0.2.1 (port forwarding)
#                                                   |  172.16.0.1
#                                                   |
#                                        netns G 172.16.0.2: roamd, roam0 10.10.0.1
#                                                   lan0 192.168.50.1 --- netns O 192.168.50.2

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

test_init roam_l2tp_ipsec_nat
need_l2tp_ipsec_clients

ns_create G
ns_create O
ns_create R
ns_create C1
ns_create T
ns_create C2
gw_setup_natted "$G" "$O" "$R"
net_attach "$C1" eth0 192.0.2.10/24
nat_setup "$T" 192.0.2.20/24 1
nat_client "$C2" "$T" 1 10.0.1.2

cat > "$TEST_TMP/roamd.conf" <<'EOF2'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add ann password ann-pw
user add ben password ben-pw
psk add peer any secret "office psk"
ppp set local 10.10.0.1 dns 192.168.50.2
EOF2
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts behind the office router" 0 $?

# natt PEER: "local_port->peer_port" of PEER's SA pair, as roam ipsec shows
natt() {
	rd "$G" -j ipsec show |
		json "[(p['natt_local_port'], p['natt_peer_port']) for p in d if p['peer'].startswith('$1')][:1]"
}

# --- 1. only the concentrator is behind NAT ------------------------------
charon_start "$C1" "office psk" 192.0.2.1 aes256-sha1-ecp384 aes256-sha1
l2tp_ipsec_connect "$C1" ann ann-pw
check_eq "ann connects to the concentrator behind the office router" 0 $?
check_match "roamd sees that it is behind NAT" \
	'192\.0\.2\.10:4500 established: .*\(we are behind NAT\)' "$(cat "$RD_LOG")"
check_eq "ann's ESP is UDP-encapsulated on port 4500" "4500 4500" \
	"$(natt 192.0.2.10)"
check "ann reaches the office host" \
	ip netns exec "$C1" ping -c 5 -i 0.2 -W 2 192.168.50.2

# --- 2. both are behind NAT -------------------------------------------
charon_start "$C2" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
l2tp_ipsec_connect "$C2" ben ben-pw
check_eq "ben connects from behind a hotel NAT" 0 $?
check_match "roamd sees NAT on both sides" \
	'192\.0\.2\.20:[0-9]+ established: .*\(peer behind NAT\).*\(we are behind NAT\)' \
	"$(cat "$RD_LOG")"
check "ben reaches the office host" \
	ip netns exec "$C2" ping -c 5 -i 0.2 -W 2 192.168.50.2
check "and ann still does" \
	ip netns exec "$C1" ping -c 3 -i 0.2 -W 2 192.168.50.2
check_match "roam session show names both users" 'user ann.*user ben|user ben.*user ann' \
	"$(rd "$G" session show | tr '\n' ' ')"

# --- 3. the hotel NAT re-maps ben's port mid-session ----------------------
# ben_port: ben's public NAT-T port as the outbound SA of his mark sends to
ben_port() {
	natt 192.0.2.20 | awk '{print $2}'
}
ben_kernel_port() {
	local mark
	mark=$(rd "$G" -j ipsec show |
		json "[p['mark'] for p in d if p['peer'].startswith('192.0.2.20')][:1]")
	ip -n "$G" xfrm state | awk -v m="$(printf '0x%x' "$mark")" '
		function done() {
			if (dst == "192.0.2.20" && mk ~ "^" m "/" && dp != "")
				print dp
		}
		/^src/ { done(); dst = $4; dp = ""; mk = "" }
		/encap type espinudp/ {
			for (i = 1; i < NF; i++)
				if ($i == "dport")
					dp = $(i + 1)
		}
		/^[ \t]*mark / { mk = $2 }
		END { done() }' | head -n1
}
ben_moved() { [ "$(ben_port)" -ge 31000 ] 2>/dev/null && [ "$(ben_kernel_port)" = "$(ben_port)" ]; }
moves() { grep -cE 'IKE peer 192\.0\.2\.20:[0-9]+ moved to 192\.0\.2\.20:31[0-9]{3}' "$RD_LOG"; }

ben_addr=$(ppp_addr "$C2")
ben_sid=$(session_field "$G" "$ben_addr" id)
ben_old=$(ben_port)
info "ben: address $ben_addr, kernel session $ben_sid, public port $ben_old"
ip netns exec "$C2" ping -c 40 -i 0.25 -W 2 192.168.50.2 > "$TEST_TMP/ben-ping" 2>&1 &
ben_ping=$!
ip netns exec "$T" nft -f - <<'EOC'
flush chain ip nat post
table ip nat {
	chain post {
		oifname "wan0" meta l4proto udp masquerade to :31000-31999
		oifname "wan0" masquerade
	}
}
EOC
check "the hotel NAT forgets its mappings (new public ports 31000-31999)" ct_flush "$T"
wait_until 30 ben_moved
check_true "ben's SAs follow his new public port" \
	"roam ipsec: $(ben_port), kernel: $(ben_kernel_port), was $ben_old" \
	ben_moved
check "ben reaches the office host again" \
	wait_until 20 ip netns exec "$C2" ping -c 1 -W 1 192.168.50.2
check_eq "on the same kernel session" "$ben_sid" "$(session_field "$G" "$ben_addr" id)"
check "and ann still does" \
	ip netns exec "$C1" ping -c 3 -i 0.2 -W 2 192.168.50.2
wait_until 30 sh -c "! kill -0 $ben_ping 2>/dev/null" || kill -9 "$ben_ping" 2>/dev/null
wait "$ben_ping" 2>/dev/null
check_match "ben's traffic kept flowing across the change" \
	' [1-9][0-9]* received' "$(cat "$TEST_TMP/ben-ping")"
check_eq "roamd logs the move once" 1 "$(moves)"
check_eq "ben still has one SA pair" 1 \
	"$(rd "$G" -j ipsec show | json "len([p for p in d if p['peer'].startswith('192.0.2.20')])")"

# --- 4. nothing left when roamd stops -----------------------------------
xl2tpd_stop "$C1"
xl2tpd_stop "$C2"
check_gateway_clean "$G"
test_done
