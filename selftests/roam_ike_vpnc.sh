#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IKEv1 remote access with a real vpnc (Debian's, unmodified) behind a
# hotel NAT: Aggressive Mode with the group name and key, XAUTH, the
# client pulls its settings (Mode-Config), ESP tunnel mode in UDP 4500.
# roamd's configuration is seed 003's translation
# (Documentation/examples/asa-remote-access.conf) plus the test's device.
#
#                                 netns N (bridge br0, 192.0.2.0/24)
#   netns C 10.0.1.2 -- netns T (NAT 192.0.2.20) --+
#   (vpnc, tun0 172.16.1.100)                      +--- netns G 192.0.2.1: roamd
#                                                          lan0 192.168.50.1
#                                                           |
#                                                  netns O 192.168.50.2
#
# 1. a wrong XAUTH password is refused and logged, and nothing is left;
# 2. the right one: the client gets 172.16.1.100, DNS 172.16.1.11 and the
#    domain test.com (as its vpnc-script received them), pings the office
#    host through the tunnel; "roam session show" lists the session with
#    its user, group and protocol, and its counters agree with the pings;
# 3. vpnc disconnects: the session ends, the address returns to the pool,
#    no SA or policy is left.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

test_init roam_ike_vpnc
need_cmd vpnc
need_modules
modprobe tun 2>/dev/null

ns_create G
ns_create O
ns_create T
ns_create C
gw_setup "$G" "$O"
nat_setup "$T" 192.0.2.20/24 1
nat_client "$C" "$T" 1 10.0.1.2
# tun0 carries only what the test sends (no IPv6 chatter to count)
ip netns exec "$C" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec "$C" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
# the pool's addresses: the office answers through the gateway, whose
# route lets the xfrm policies of each client pick them up
ip -n "$O" route add 172.16.1.0/24 via 192.168.50.1
ip -n "$G" route add 172.16.1.0/24 dev pub0

SEED=$(dirname "$0")/../Documentation/examples/asa-remote-access.conf
{ echo "link add roam0"; cat "$SEED"; } > "$TEST_TMP/roamd.conf"
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts with seed 003's configuration" 0 $?
check_match "group show names Aggressive Mode weak, never the key" \
	'group hillvalleyvpn aggressive on \(weak\) xauth on' "$(rd "$G" group show)"
check_nomatch "group show never shows the key" 'cisco123' \
	"$(rd "$G" group show; rd "$G" -j group show)"

VD=$(peer_dir vpnc)
mkdir -p "$VD"
# what vpnc tells its script, kept for the checks; tun0 gets the address
# and a route to the office
cat > "$VD/script" <<EOS
#!/bin/sh
env | grep -E '^(reason|INTERNAL_IP4|CISCO_|TUNDEV)' | sort > "$VD/env.\$reason"
if [ "\$reason" = connect ]; then
	ip link set "\$TUNDEV" up mtu 1380
	ip addr add "\$INTERNAL_IP4_ADDRESS/32" dev "\$TUNDEV"
	ip route add 192.168.50.0/24 dev "\$TUNDEV"
fi
exit 0
EOS
chmod 755 "$VD/script"

# vpnc_conf PASSWORD: the client's configuration file
vpnc_conf() {
	cat > "$VD/vpnc.conf" <<EOC
IPSec gateway 192.0.2.1
IPSec ID hillvalleyvpn
IPSec secret cisco123
Xauth username marty
Xauth password $1
IKE DH Group dh5
Perfect Forward Secrecy nopfs
NAT Traversal Mode natt
Local Port 0
Interface name tun0
Script $VD/script
EOC
}

VPNC_PID=
vpnc_stop() {
	[ -n "$VPNC_PID" ] || return 0
	kill -TERM "$VPNC_PID" 2>/dev/null
	wait "$VPNC_PID" 2>/dev/null
	VPNC_PID=
	sed 's/^/# vpnc: /' "$VD/vpnc.log"
}
at_exit vpnc_stop

# --- 1. a wrong password --------------------------------------------------
vpnc_conf wrong-password
ip netns exec "$C" vpnc --no-detach --debug 1 --pid-file "$VD/pid" \
	"$VD/vpnc.conf" > "$VD/vpnc.log" 2>&1 &
VPNC_PID=$!
wait_until 60 grep -q 'XAUTH of user "marty" (group hillvalleyvpn) from .* refused' "$RD_LOG"
check_eq "a wrong XAUTH password is refused and logged" 0 $?
check_match "the refusal says why" 'marty.*wrong password' "$(cat "$RD_LOG")"
check_nomatch "the password is never logged" 'wrong-password' "$(cat "$RD_LOG")"
vpnc_stop
check_eq "no session for the refused user" "0" \
	"$(rd "$G" -j session show | json "len([s for s in d if s.get('protocol','').startswith('ike')])")"

# --- 2. the right one -----------------------------------------------------
vpnc_conf 12345678
ip netns exec "$C" vpnc --no-detach --debug 1 --pid-file "$VD/pid" \
	"$VD/vpnc.conf" > "$VD/vpnc.log" 2>&1 &
VPNC_PID=$!
wait_until 90 test -s "$VD/env.connect"
check_eq "vpnc connects (Aggressive Mode, XAUTH, Mode-Config)" 0 $?
ENV=$(cat "$VD/env.connect" 2>/dev/null)
check_match "the client is given the pool's first address" \
	'INTERNAL_IP4_ADDRESS=172\.16\.1\.100' "$ENV"
check_match "the client is given the DNS server" \
	'INTERNAL_IP4_DNS=172\.16\.1\.11' "$ENV"
check_match "the client is given the default domain" \
	'CISCO_DEF_DOMAIN=test\.com' "$ENV"
check_nomatch "no split networks: everything through the tunnel" \
	'CISCO_SPLIT_INC=[1-9]' "$ENV"
# Quick Mode may still be running when the client has its settings.
esp_in_4500() { rd "$G" ipsec show | grep -q 4500; }
check "the ESP SA pair is in UDP 4500 through the hotel NAT" \
	wait_until 30 esp_in_4500
check_match "the IKE SA is shown as Aggressive Mode (weak)" \
	'mode aggressive \(weak\) group hillvalleyvpn user marty address 172\.16\.1\.100' \
	"$(rd "$G" ike show)"

wait_until 20 ip netns exec "$C" ping -c 1 -W 1 192.168.50.2 >/dev/null
check_eq "the office host answers through the tunnel" 0 $?
ip netns exec "$C" ping -c 10 -i 0.2 -W 1 192.168.50.2 > "$VD/ping.log" 2>&1
check_eq "ten pings through ESP tunnel mode" 0 $?

SESS=$(rd "$G" -j -s session show)
by_user() { echo "$SESS" | json "[s for s in d if s.get('user') == 'marty'][0]$1"; }
check_eq "the session has the user's group" "hillvalleyvpn" "$(by_user "['group']")"
check_eq "its protocol is IKE with XAUTH" "ike/xauth" "$(by_user "['protocol']")"
check_eq "its address" "172.16.1.100" "$(by_user "['address']")"
# the client's tun0 counts what it sent; the gateway's inbound SA what
# it decrypted: the same packets (nothing else is routed into tun0)
TUN_TX=$(ip netns exec "$C" cat /sys/class/net/tun0/statistics/tx_packets)
GW_RX=$(by_user "['stats']['rx_packets']")
check_eq "the gateway decrypted what the client sent" "$TUN_TX" "$GW_RX"
check_ge "at least the eleven pings" 11 "$GW_RX"

# --- 3. the end -----------------------------------------------------------
vpnc_stop
wait_until 30 sh -c "! ip netns exec $G roam -S $RD_SOCK -j session show | grep -q marty"
check_eq "the session ends when vpnc disconnects" 0 $?
check_match "the address is back in the pool" 'in-use 0' "$(rd "$G" -s pool show)"
check_gateway_clean "$G"
test_done
