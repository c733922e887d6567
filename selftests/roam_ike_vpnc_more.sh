#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IKEv1 XAUTH + Mode-Config with real vpnc clients (Debian's, unmodified),
# the cases roam_ike_vpnc.sh does not cover, on one roamd run:
#
#                                 netns N (bridge br0, 192.0.2.0/24)
#   netns C1 10.0.1.2 --+                           |
#                       +-- netns T (NAT 192.0.2.20)+--- netns G 192.0.2.1: roamd
#   netns C2 10.0.1.3 --+                           |      lan0 192.168.50.1
#                            netns D 192.0.2.30 ----+       |
#                                                   netns O 192.168.50.2
#
# Groups: hillvalleyvpn (vpnpool 172.16.1.0/24, everything through the
# tunnel), splitvpn (splitpool 172.16.2.0/24, split 192.168.50.0/24),
# tinyvpn (tinypool: one address, 172.16.3.100).
#
#  A. split tunnelling (C1, splitvpn, Debian's own vpnc-script): the script
#     is given CISCO_SPLIT_INC_* for 192.168.50.0/24, and the client routes
#     only that network into the tunnel; "roam session show" (-s, -j) lists
#     the session; "roam session del address A" ends it: vpnc sees the
#     delete notification and exits, SAs and policies go, the address
#     returns to its pool;
#  B. a wrong group secret (D): vpnc refuses our Aggressive Mode answer;
#     the gateway logs the half-open exchange's end, installs nothing;
#  C. pool exhausted (D holds tinypool's address, C1 asks for another):
#     refused, logged, what vpnc sees, nothing left for C1;
#  D. three wrong XAUTH passwords (C2; vpnc asks for the password again
#     and reads it from its stdin): refused for good, logged with user and reason,
#     nothing left;
#  E. a wrong password, then the right one on the retry (C2);
#  F. two clients behind one NAT at once (C1 and C2, each its address),
#     traffic of both crossing at the same time;
#  G. D vanishes (link down, vpnc killed) right after C, so that DPD's
#     minute runs while D, E and F do: DPD (every 5 s, dead after 60 s
#     without an answer: a loaded emulator stalls vpnc for seconds) tears
#     it down, its address returns to its pool, its SAs go; C1 and C2,
#     answering DPD, stay.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

test_init roam_ike_vpnc_more

# wait_for SECONDS CMD...: as wait_until, but bounded in time however long
# CMD takes (a ping that waits for its answer, under emulation)
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.2
	done
}
need_cmd vpnc
need_modules
modprobe tun 2>/dev/null
VPNC_SCRIPT=/usr/share/vpnc-scripts/vpnc-script
[ -x "$VPNC_SCRIPT" ] || { skip "no $VPNC_SCRIPT (package vpnc-scripts)"; }

ns_create G
ns_create O
ns_create T
ns_create C1
ns_create C2
ns_create D
gw_setup "$G" "$O"
nat_setup "$T" 192.0.2.20/24 1
nat_client "$C1" "$T" 1 10.0.1.2
nat_client "$C2" "$T" 1 10.0.1.3
net_attach "$D" eth0 192.0.2.30/24
for c in "$C1" "$C2" "$D"; do
	# tun0 carries only what the test sends
	ip netns exec "$c" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$c" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
# the pools' addresses: the office answers through the gateway, whose
# routes let each client's xfrm policy pick them up
for n in 1 2 3; do
	ip -n "$O" route add 172.16.$n.0/24 via 192.168.50.1
	ip -n "$G" route add 172.16.$n.0/24 dev pub0
done

cat > "$TEST_TMP/roamd.conf" <<EOC
link add roam0
pool add vpnpool range 172.16.1.100-172.16.1.199
pool add splitpool range 172.16.2.100-172.16.2.199
pool add tinypool range 172.16.3.100-172.16.3.100
user add marty password 12345678
user add biff password biff4ever
user add doc password flux
group add hillvalleyvpn psk cisco123 aggressive on xauth on pool vpnpool dns 172.16.1.11 domain test.com
group add splitvpn psk split123 aggressive on xauth on pool splitpool split 192.168.50.0/24
group add tinyvpn psk tiny123 aggressive on xauth on pool tinypool
ike set dpd-interval 5 dpd-timeout 60
EOC
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts with three groups" 0 $?

# A simple vpnc-script: what vpnc tells it is kept, tun0 gets the address
# and a route to the office.
simple_script() {
	local vd=$1
	cat > "$vd/script" <<EOS
#!/bin/sh
env | grep -E '^(reason|INTERNAL_IP4|CISCO_|TUNDEV)' | sort > "$vd/env.\$reason"
if [ "\$reason" = connect ]; then
	ip link set "\$TUNDEV" up mtu 1380
	ip addr add "\$INTERNAL_IP4_ADDRESS/32" dev "\$TUNDEV"
	ip route add 192.168.50.0/24 dev "\$TUNDEV"
fi
exit 0
EOS
	chmod 755 "$vd/script"
}

# Debian's vpnc-script, its environment kept first.
debian_script() {
	local vd=$1
	cat > "$vd/script" <<EOS
#!/bin/sh
env | grep -E '^(reason|INTERNAL_IP4|CISCO_|TUNDEV)' | sort > "$vd/env.\$reason"
$VPNC_SCRIPT
echo \$? > "$vd/rc.\$reason"
EOS
	chmod 755 "$vd/script"
}

# vpnc_conf NAME GROUP SECRET USER PASSWORD: NAME's configuration
vpnc_conf() {
	local vd
	vd=$(peer_dir "$1")
	cat > "$vd/vpnc.conf" <<EOC
IPSec gateway 192.0.2.1
IPSec ID $2
IPSec secret $3
Xauth username $4
Xauth password $5
IKE DH Group dh5
Perfect Forward Secrecy nopfs
NAT Traversal Mode natt
Local Port 0
Interface name tun0
Script $vd/script
EOC
}

# vpnc_start NAME NS [STDIN]: vpnc in NS; a password it asks for again
# is read from STDIN (default: none).  Its own /etc/resolv.conf and
# /var/run/vpnc: Debian's script edits them.  No pid file: vpnc writes one
# only once connected, so $! (vpnc itself: ip and sh exec it) is kept.
declare -A VPNC_NS VPNC_PID
vpnc_start() {
	local name=$1 ns=$2 in=${3:-/dev/null} vd
	vd=$(peer_dir "$name")
	rm -f "$vd"/env.* "$vd"/rc.*
	mkdir -p "$vd/run-vpnc"
	cp /etc/resolv.conf "$vd/resolv.conf" 2>/dev/null || : > "$vd/resolv.conf"
	VPNC_NS[$name]=$ns
	ip netns exec "$ns" sh -c "mount --bind '$vd/resolv.conf' /etc/resolv.conf &&
		mkdir -p /var/run/vpnc && mount --bind '$vd/run-vpnc' /var/run/vpnc &&
		exec vpnc --no-detach --debug 1 '$vd/vpnc.conf'" \
		< "$in" > "$vd/vpnc.log" 2>&1 &
	VPNC_PID[$name]=$!
}

# vpnc_running NAME: alive (an exited one stays a zombie until waited for)
vpnc_running() {
	local st
	[ -n "${VPNC_PID[$1]:-}" ] || return 1
	st=$(sed 's/.*) //' "/proc/${VPNC_PID[$1]}/stat" 2>/dev/null)
	[ -n "$st" ] && [ "${st#Z}" = "$st" ]
}
vpnc_gone() { ! vpnc_running "$1"; }

# vpnc_stop NAME: SIGTERM (vpnc sends its deletes), then its log
vpnc_stop() {
	local name=$1 vd
	vd=$(peer_dir "$name")
	[ -n "${VPNC_NS[$name]:-}" ] || return 0
	if vpnc_running "$name"; then
		kill -TERM "${VPNC_PID[$name]}" 2>/dev/null
		wait_for 15 vpnc_gone "$name"
	fi
	wait "${VPNC_PID[$name]}" 2>/dev/null
	VPNC_NS[$name]=
	VPNC_PID[$name]=
	sed "s/^/# vpnc $name: /" "$vd/vpnc.log"
}
vpnc_stop_all() {
	local n
	for n in c1 c2 d; do
		vpnc_stop "$n"
	done
}
at_exit vpnc_stop_all

# the peers' root is made once, here, not in the subshells below
peer_dir c1 >/dev/null
for n in c1 c2 d; do
	mkdir -p "$(peer_dir $n)"
done
C1D=$(peer_dir c1)
C2D=$(peer_dir c2)
DD=$(peer_dir d)

sessions() { rd "$G" -j -s session show; }
# session_of USER EXPR: EXPR of USER's session (null when none)
session_of() {
	sessions | json "(by(d, 'user', '$1') or {})$2"
}
no_session_of() { [ "$(session_of "$1" ".get('user')")" = null ]; }
# SAs (states) and policies on the gateway naming this outer address
xfrm_states_of() { ip -n "$G" xfrm state | grep -c "$1"; }
# the gateway's policies, not counting its IKE socket's own bypass
xfrm_policies() { ip -n "$G" xfrm policy | grep -cE 'dir (in|out|fwd)'; }
pool_in_use() {
	rd "$G" -j -s pool show | json "by(d, 'name', '$1')['stats']['in_use']"
}

# --- B starts: a wrong group secret, while A runs -------------------------
vpnc_conf d hillvalleyvpn not-the-secret doc flux
simple_script "$DD"
vpnc_start d "$D"
T_WRONG_PSK=$(date +%s)

# --- A. split tunnelling, session show, session del -----------------------
debian_script "$C1D"
vpnc_conf c1 splitvpn split123 marty 12345678
vpnc_start c1 "$C1"
wait_for 90 test -s "$C1D/rc.connect"
check_eq "A: vpnc connects to the split-tunnel group" 0 $?
ENV=$(cat "$C1D/env.connect" 2>/dev/null)
check_match "A: the script is given one split network" 'CISCO_SPLIT_INC=1$' "$ENV"
check_match "A: ... 192.168.50.0" 'CISCO_SPLIT_INC_0_ADDR=192\.168\.50\.0$' "$ENV"
check_match "A: ... /24" 'CISCO_SPLIT_INC_0_MASKLEN=24$' "$ENV"
check_eq "A: Debian's vpnc-script succeeds" 0 "$(cat "$C1D/rc.connect" 2>/dev/null)"
ROUTES=$(ip -n "$C1" -4 route show)
info "A: the client's routes:"
printf '%s\n' "$ROUTES" | sed 's/^/#   /'
check_eq "A: the only route into the tunnel is the split network" \
	"192.168.50.0/24" \
	"$(ip -n "$C1" -4 route show dev tun0 | grep -v 'proto kernel' | awk '{print $1}' | sort | tr '\n' ' ' | sed 's/ $//')"
check_match "A: the default route stays on the hotel's network" \
	'^default via 10\.0\.1\.1 dev eth0' "$ROUTES"
check_match "A: another address goes outside the tunnel" 'dev eth0' \
	"$(ip -n "$C1" route get 198.51.100.1)"
wait_for 30 ip netns exec "$C1" ping -c 1 -W 1 192.168.50.2 >/dev/null
check_eq "A: the office host answers through the split tunnel" 0 $?
ip netns exec "$C1" ping -c 5 -i 0.2 -W 1 192.168.50.2 >/dev/null
check_eq "A: five more pings" 0 $?

check_eq "A: session show: user marty's group" splitvpn "$(session_of marty "['group']")"
check_eq "A: ... kind" ipsec "$(session_of marty "['kind']")"
check_eq "A: ... protocol" ike/xauth "$(session_of marty "['protocol']")"
check_eq "A: ... address" 172.16.2.100 "$(session_of marty "['address']")"
check_eq "A: ... peer (the hotel NAT)" 192.0.2.20 "$(session_of marty "['peer']")"
check_ge "A: ... uptime" 0 "$(session_of marty "['uptime']")"
check_ge "A: ... packets decrypted (the pings)" 6 "$(session_of marty "['stats']['rx_packets']")"
check_ge "A: ... packets encrypted (the answers)" 6 "$(session_of marty "['stats']['tx_packets']")"
TEXT=$(rd "$G" -s session show)
check_match "A: the text form names it" \
	'session - kind ipsec .*address 172\.16\.2\.100 peer 192\.0\.2\.20' "$TEXT"
check_match "A: ... with its counters" 'RX: packets [1-9]' "$TEXT"
check_eq "A: the split pool has one address in use" 1 "$(pool_in_use splitpool)"

check "A: roam session del address 172.16.2.100" \
	rd "$G" session del address 172.16.2.100
wait_for 30 vpnc_gone c1
check_eq "A: vpnc notices the delete notification and exits" 0 $?
check_match "A: roamd logs the request" \
	'user marty \(address 172\.16\.2\.100\): closed by control request' "$(cat "$RD_LOG")"
wait_for 10 no_session_of marty
check_eq "A: the session is gone" 0 $?
check_eq "A: no SA left of the client" 0 "$(xfrm_states_of 192.0.2.20)"
check_eq "A: no policy left" 0 "$(xfrm_policies)"
check_eq "A: the address is back in the pool" 0 "$(pool_in_use splitpool)"
check_fail "A: session del of an address nobody has fails" \
	rd "$G" session del address 172.16.2.100
check_match "A: ... saying so" 'no session has address 172\.16\.2\.100' "$LAST_ERR"
vpnc_stop c1

# --- B. a wrong group secret ----------------------------------------------
wait_for 60 vpnc_gone d
check_eq "B: vpnc with a wrong group secret gives up" 0 $?
check_match "B: vpnc says why" '[Hh]ash|group password|authenticat' "$(cat "$DD/vpnc.log")"
vpnc_stop d
# Aggressive Mode: our answer proves the key; vpnc cannot verify it and
# never sends its own proof, so the exchange ends half-open.
wait_for $((T_WRONG_PSK + 100 - $(date +%s))) \
	grep -q 'IKE phase 1 from 192\.0\.2\.30.* failed: timed out' "$RD_LOG"
check_eq "B: the gateway logs the exchange that never completed" 0 $?
check_eq "B: no session for the client" null "$(session_of doc ".get('user')")"
check_eq "B: no SA of the client" 0 "$(xfrm_states_of 192.0.2.30)"
check_nomatch "B: no IKE SA of the client" '192\.0\.2\.30' "$(rd "$G" ike show)"
check_nomatch "B: the secret is never logged" 'not-the-secret|split123|cisco123' "$(cat "$RD_LOG")"

# --- C. pool exhausted ----------------------------------------------------
simple_script "$DD"
vpnc_conf d tinyvpn tiny123 doc flux
vpnc_start d "$D"
wait_for 90 test -s "$DD/env.connect"
check_eq "C: doc takes tinypool's only address" 172.16.3.100 \
	"$(session_of doc "['address']")"
simple_script "$C1D"
vpnc_conf c1 tinyvpn tiny123 marty 12345678
vpnc_start c1 "$C1"
wait_for 60 grep -q 'no configuration: no address for it (pools exhausted)' "$RD_LOG"
check_eq "C: the next client is refused: the pool is exhausted (logged)" 0 $?
check_match "C: the log names the group and the user" \
	'group tinyvpn, user marty\): no configuration' "$(cat "$RD_LOG")"
wait_for 90 vpnc_gone c1
check_eq "C: vpnc gives up" 0 $?
info "C: what vpnc says: $(grep -iE 'error|fail|refus|delete|notif|no response' "$C1D/vpnc.log" | tail -n 3 | tr '\n' ' ')"
check_eq "C: vpnc ran no connect script" 1 "$(test -e "$C1D/env.connect"; echo $?)"
check_eq "C: no session for marty" null "$(session_of marty ".get('user')")"
wait_for 20 sh -c "[ \$(ip -n $G xfrm state | grep -c 192.0.2.20) = 0 ]"
check_eq "C: no SA for the refused client" 0 $?
check_eq "C: tinypool still has one address in use (doc's)" 1 "$(pool_in_use tinypool)"
vpnc_stop c1

# --- G starts: D vanishes (link down, vpnc killed) ------------------------
# DPD's minute of silence runs while D, E and F do; G checks at the end.
check_eq "G: doc is connected" 172.16.3.100 "$(session_of doc "['address']")"
T_VANISH=$(date +%s)
peer_vanish "$D" eth0
wait "${VPNC_PID[d]}" 2>/dev/null
VPNC_NS[d]=

# --- D. three wrong passwords ---------------------------------------------
# vpnc asks for the password again after a refusal: two more wrong ones
printf 'wrong-two\nwrong-three\n' > "$C2D/stdin.wrong"
simple_script "$C2D"
vpnc_conf c2 hillvalleyvpn cisco123 biff wrong-one
vpnc_start c2 "$C2" "$C2D/stdin.wrong"
wait_for 90 grep -q 'XAUTH of user "biff" (group hillvalleyvpn) from .* failed: .*(3 of 3 tries)' "$RD_LOG"
check_eq "D: three wrong passwords: refused for good, logged with user and reason" 0 $?
check_match "D: the two first tries are logged as such" \
	'user "biff" .*refused: .*\(try 2 of 3\)' "$(cat "$RD_LOG")"
check_match "D: roamd names the user refused for good" \
	'user biff refused for good' "$(cat "$RD_LOG")"
check_nomatch "D: no password is ever logged" 'wrong-one|wrong-two|wrong-three|biff4ever' \
	"$(cat "$RD_LOG")"
wait_for 30 vpnc_gone c2
check_eq "D: vpnc gives up" 0 $?
check_eq "D: no session for biff" null "$(session_of biff ".get('user')")"
check_eq "D: no SA for the client" 0 "$(xfrm_states_of 192.0.2.20)"
check_nomatch "D: no IKE SA of biff" 'user biff' "$(rd "$G" ike show)"
check_eq "D: no address of vpnpool taken" 0 "$(pool_in_use vpnpool)"
vpnc_stop c2

# --- E. a wrong password, then the right one -------------------------------
printf 'biff4ever\n' > "$C2D/stdin.right"
L0=$(wc -l < "$RD_LOG")
vpnc_conf c2 hillvalleyvpn cisco123 biff wrong-one
vpnc_start c2 "$C2" "$C2D/stdin.right"
wait_for 90 test -s "$C2D/env.connect"
check_eq "E: a wrong password, then the right one: connected" 0 $?
check_match "E: the first try was refused" \
	'user "biff" .*refused: .*\(try 1 of 3\)' "$(tail -n +$((L0 + 1)) "$RD_LOG")"
check_match "E: the second accepted" \
	'XAUTH of user "biff" \(group hillvalleyvpn\) from .* accepted' "$(cat "$RD_LOG")"
check_eq "E: biff's address" 172.16.1.100 "$(session_of biff "['address']")"

# --- F. two clients behind one NAT ----------------------------------------
simple_script "$C1D"
vpnc_conf c1 hillvalleyvpn cisco123 marty 12345678
vpnc_start c1 "$C1"
wait_for 90 test -s "$C1D/env.connect"
check_eq "F: a second client behind the same NAT connects" 0 $?
check_eq "F: marty's address is its own" 172.16.1.101 "$(session_of marty "['address']")"
check_eq "F: both sessions come from the NAT" "192.0.2.20 192.0.2.20" \
	"$(sessions | json "[s['peer'] for s in d if s.get('group') == 'hillvalleyvpn']")"
for c in "$C1" "$C2"; do
	wait_for 30 ip netns exec "$c" ping -c 1 -W 1 192.168.50.2 >/dev/null
done
ip netns exec "$C1" ping -c 20 -i 0.2 -W 2 192.168.50.2 > "$C1D/ping.log" 2>&1 &
P1=$!
ip netns exec "$C2" ping -c 20 -i 0.2 -W 2 192.168.50.2 > "$C2D/ping.log" 2>&1 &
P2=$!
wait $P1
R1=$?
wait $P2
R2=$?
check_match "F: client 1's pings all cross at the same time as client 2's" \
	'20 packets transmitted, 20 received' "$(cat "$C1D/ping.log")"
check_match "F: client 2's too" \
	'20 packets transmitted, 20 received' "$(cat "$C2D/ping.log")"
check_eq "F: ping exit statuses" "0 0" "$R1 $R2"
check_ge "F: marty's session counted its pings" 21 "$(session_of marty "['stats']['rx_packets']")"
check_ge "F: biff's too" 21 "$(session_of biff "['stats']['rx_packets']")"

# --- G. the vanished client ------------------------------------------------
wait_for $((T_VANISH + 150 - $(date +%s))) no_session_of doc
check_eq "G: DPD ends the vanished client's session" 0 $?
info "G: after $(( $(date +%s) - T_VANISH )) s (DPD every 5 s, dead after 60 s)"
check_match "G: roamd logs the peer dead by DPD" \
	'IKE peer 192\.0\.2\.30:[0-9]+ is dead \(no DPD reply in 60 s\): deleting its SAs' \
	"$(cat "$RD_LOG")"
check_eq "G: its address is back in the pool" 0 "$(pool_in_use tinypool)"
check_eq "G: no SA of it left" 0 "$(xfrm_states_of 192.0.2.30)"
check "G: client 1, answering DPD, is still connected" \
	ip netns exec "$C1" ping -c 2 -W 2 192.168.50.2
check "G: client 2 too" ip netns exec "$C2" ping -c 2 -W 2 192.168.50.2
check_eq "G: two sessions left" 2 \
	"$(sessions | json "len([s for s in d if s.get('kind') == 'ipsec'])")"

# --- the end --------------------------------------------------------------
vpnc_stop c1
vpnc_stop c2
wait_for 30 sh -c "[ \"\$(ip netns exec $G roam -S $RD_SOCK -j session show)\" = '[]' ]"
check_eq "every session ends when the clients disconnect" 0 $?
check_eq "every address is back" "0 0 0" \
	"$(pool_in_use vpnpool) $(pool_in_use splitpool) $(pool_in_use tinypool)"
check_gateway_clean "$G"
test_done
