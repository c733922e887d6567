#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The AlliedWare notes' L2TP/IPsec office, translated: roamd runs with
# exactly Documentation/examples/alliedware-l2tp.conf, under the
# capability bounding set of the systemd unit (capsh), and real clients
# (strongSwan + xl2tpd + pppd) connect through it: a user with a fixed
# address (dialin1, 192.168.8.50) directly, a user from the pool (dialin2)
# from behind a hotel NAT (NAT-T), with the note's first ESP choice
# (3DES/SHA1) and a Windows 10 proposal (AES-256/SHA1/ECP-384).
#
#                                  netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 (dialin1) ------+
#   netns C2 10.0.1.2 (dialin2) -- netns T (NAT 192.0.2.20) --+
#                                       +---- netns G 192.0.2.1: roamd, roam0 192.168.8.1
#                                                lan0 192.168.50.1 --- netns O 192.168.50.2

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

test_init roam_alliedware
need_l2tp_ipsec_clients
need_cmd capsh

CONF_SRC=$TREE_DIR/Documentation/examples/alliedware-l2tp.conf
UNIT=$TREE_DIR/userspace/roamd/roamd.service
psk=$(sed -n 's/^psk add peer any secret "\(.*\)"$/\1/p' "$CONF_SRC")
check_ne "the example holds a pre-shared key for any peer" "" "$psk"

ns_create G
ns_create O
ns_create C1
ns_create T
ns_create C2
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
nat_setup "$T" 192.0.2.20/24 1
nat_client "$C2" "$T" 1 10.0.1.2
ip -n "$O" route add 192.168.8.0/24 via 192.168.50.1

# the file itself (a copy only to make it mode 0600 as installed)
conf=$TEST_TMP/roamd.conf
cp "$CONF_SRC" "$conf"
chmod 600 "$conf"
check_eq "the configuration is the example, byte for byte" \
	"$(sha256sum < "$CONF_SRC")" "$(sha256sum < "$conf")"

allowed=$(sed -n 's/^CapabilityBoundingSet=//p' "$UNIT" | tr 'A-Z ' 'a-z,')
drop=$(capsh --print | sed -n 's/^Bounding set =//p' | tr ',' '\n' |
	grep -vxF -e "${allowed//,/$'\n'}" | paste -sd,)
RD_SOCK=$TEST_TMP/roamd.sock
RD_LOG=$TEST_TMP/roamd.log
ip netns exec "$G" capsh --drop="$drop" -- -c \
	"exec roamd -f -l debug -c '$conf' -S '$RD_SOCK'" > "$RD_LOG" 2>&1 &
RD_PID=$!
at_exit "roamd_stop"
wait_until 15 test -S "$RD_SOCK" && wait_until 5 ip -n "$G" link show roam0 >/dev/null 2>&1
check_eq "roamd starts with the example under the unit's capabilities" 0 $? ||
	{ sed 's/^/# roamd: /' "$RD_LOG"; exit 1; }
check_eq "roamd's bounding set is the unit's" "$allowed" \
	"$(capsh --decode="$(awk '/^CapBnd/ {print $2}' "/proc/$RD_PID/status")" |
		sed 's/.*=//' | tr ',' '\n' | sort | paste -sd,)"
# what the file's first comment says to do outside roamd
ip -n "$G" addr add 192.168.8.1/32 dev roam0
ip -n "$G" link set roam0 up
ip -n "$G" route add 192.168.8.0/24 dev roam0
check_match "the four users are loaded" 'dialin1.*192\.168\.8\.50' \
	"$(rd "$G" user show | tr '\n' ' ')"
check_match "PPP as the template: CHAP, echo 30, DNS" \
	'local 192\.168\.8\.1 dns 192\.168\.1\.10 echo-interval 30 .*auth chap' \
	"$(rd "$G" ppp show | tr '\n' ' ')"

PPP_EXTRA=usepeerdns
# --- dialin1: fixed address, no NAT, the note's ESP 3DES/SHA1 ---------
charon_start "$C1" "$psk" 192.0.2.1 3des-sha1-modp2048 3des-sha1
check_eq "charon starts in C1" 0 $?
l2tp_ipsec_connect "$C1" dialin1 friend1
check_eq "dialin1 connects (3DES/SHA1, no NAT)" 0 $? ||
	grep -E 'IKE|L2TP|PPP' "$RD_LOG" | tail -n 30 | sed 's/^/# roamd: /'
check_eq "dialin1 gets the fixed address" 192.168.8.50 "$(ppp_addr "$C1")"
check "dialin1 reaches the office host" \
	ip netns exec "$C1" ping -c 3 -i 0.2 -W 2 192.168.50.2
check_match "dialin1's pppd was given the DNS server" \
	'primary +DNS address 192\.168\.1\.10' "$(cat "$(peer_dir "$C1")/pppd.log")"
check_match "PPP authenticated with CHAP (MD5), as the template says" \
	'CHAP authentication succeeded' "$(cat "$(peer_dir "$C1")/pppd.log")"

# --- dialin2: the pool, behind a NAT (NAT-T), Windows 10's proposal ----
charon_start "$C2" "$psk" 192.0.2.1 aes256-sha1-ecp384 aes256-sha1
l2tp_ipsec_connect "$C2" dialin2 friend2
check_eq "dialin2 connects from behind the NAT" 0 $? ||
	grep -E 'IKE|L2TP|PPP' "$RD_LOG" | tail -n 30 | sed 's/^/# roamd: /'
a2=$(ppp_addr "$C2")
check_match "dialin2 gets an address of myippool" \
	'^192\.168\.8\.(1[0-9][0-9]|2[0-4][0-9]|25[0-4])$' "$a2"
check "dialin2 reaches the office host" \
	ip netns exec "$C2" ping -c 3 -i 0.2 -W 2 192.168.50.2
check_eq "dialin2's session comes from the NAT's address (NAT-T)" 192.0.2.20 \
	"$(session_field "$G" "$a2" peer)"

# --- the firewall rule "encap=ipsec": L2TP only through IPsec -----------
ns_create X
net_attach "$X" eth0 192.0.2.99/24
ids=$(ip netns exec "$G" roam -j session show |
	json "[(by(d, 'address', '192.168.8.50') or {}).get('l2tp', {}).get(k) for k in ('tunnel_id', 'session_id', 'peer_tunnel_id', 'peer_session_id')]")
# shellcheck disable=SC2086
out=$(ip netns exec "$X" "$SELFTEST_DIR/tools/l2tp_peer.py" 192.0.2.99 192.0.2.1 \
	$ids 192.168.8.50 192.168.50.2 ping 3)
check_eq "plaintext L2TP with dialin1's ids gets no reply" "replies 0" "$out"

xl2tpd_stop "$C1" "$C2"
check_gateway_clean "$G"
test_done
