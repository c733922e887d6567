#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Group policy, the parts roam_policy.sh does not cover, on one
# roamd run: two vpnc clients (XAUTH + Mode-Config, group hillvalleyvpn)
# and one PPTP client (pptp-linux + pppd), all on the public bridge.
#
#   netns V1 192.0.2.10 (vpnc, marty) --+
#   netns V2 192.0.2.11 (vpnc, biff)  --+-- netns N: br0 --- netns G 192.0.2.1: roamd
#   netns P1 192.0.2.20 (pptp, paula) --+                      roam0 10.10.0.1
#                                                              lan0 192.168.50.1
#                                                               |
#                                                      netns O 192.168.50.2
#
# "roam -j monitor" runs in G for the whole test and keeps what it prints.
#
# A. idle timeout of IKE sessions, from their inbound ESP SAs' counters:
#    marty pings the office through his tunnel, biff is quiet; the group
#    gets an idle timeout of 6 s: biff's session ends (vpnc exits on the
#    ISAKMP delete), marty's stays; the monitor shows biff's end and why;
# B. access hours apply to IKE sessions too: marty's hours are today's,
#    the clock moves to tomorrow: his session ends, his next login is
#    refused with 646, in the log and in the monitor (refused, cause,
#    windows_error);
# C. ppp-auth is what LCP offers: the base allows PAP only; a pppd that
#    refuses PAP cannot connect (roamd says the client refused PAP, the
#    monitor shows the refusal); a pppd that allows PAP connects, and its
#    log says it authenticated with PAP.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_pptp.sh"

test_init roam_policy_more
need_cmd vpnc
need_pptp_clients
modprobe tun 2>/dev/null

ns_create G
ns_create O
ns_create V1
ns_create V2
ns_create P1
gw_setup "$G" "$O"
net_attach "$V1" eth0 192.0.2.10/24
net_attach "$V2" eth0 192.0.2.11/24
net_attach "$P1" eth0 192.0.2.20/24
for c in "$V1" "$V2"; do
	# tun0 carries only what the test sends
	ip netns exec "$c" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$c" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
# the pool's addresses: the office answers through the gateway, whose
# route lets each client's xfrm policy pick them up
ip -n "$O" route add 172.16.1.0/24 via 192.168.50.1
ip -n "$G" route add 172.16.1.0/24 dev pub0

today=$(date +%a | tr 'A-Z' 'a-z')
cat > "$TEST_TMP/roamd.conf" <<EOC
link add roam0
pool add office range 10.10.0.10-10.10.0.30
pool add vpnpool range 172.16.1.100-172.16.1.199
ppp set local 10.10.0.1 auth mschapv2
pptp set enable on mppe optional
group set base pool office
group add hillvalleyvpn psk cisco123 aggressive on xauth on pool vpnpool
user add marty password 12345678 group hillvalleyvpn
user add biff password biff4ever group hillvalleyvpn
user add paula password paula-pw
EOC
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?
log_has() { grep -qE -- "$1" "$RD_LOG"; }

# wait_for SECONDS CMD...: as wait_until, bounded however long CMD takes
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.2
	done
}

# stop_pid PID: SIGTERM, a bounded wait, then SIGKILL; reaped either way
stop_pid() {
	local pid=$1
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	wait_for 15 sh -c "! kill -0 $pid 2>/dev/null || grep -q '^[^ ]* ([^)]*) Z' /proc/$pid/stat" ||
		kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# --- the monitor, for the whole test --------------------------------------
MON=$TEST_TMP/monitor.json
ip netns exec "$G" roam -S "$RD_SOCK" -j monitor > "$MON" 2> "$MON.err" &
MON_PID=$!
at_exit 'stop_pid "$MON_PID"'
check "roam monitor subscribes to roamd's events" wait_until 20 log_has \
	"control: a monitor subscribed to session events"
# mon_has EXPR: a line of the monitor for which the Python EXPR on e holds
mon_has() {
	"$PY" -S -E - "$MON" "$1" <<'EOP'
import json, sys
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if eval(sys.argv[2]):
        sys.exit(0)
sys.exit(1)
EOP
}

# --- vpnc clients ---------------------------------------------------------
# the peers' root is made once, here: peer_dir in a $(...) would make one
# per call
peer_dir marty > /dev/null
declare -A VPNC_NS VPNC_PID
# vpnc_start NAME NS USER PASSWORD: vpnc in NS with its own /var/run/vpnc
vpnc_start() {
	local name=$1 ns=$2 vd
	vd=$(peer_dir "$name")
	mkdir -p "$vd/run-vpnc"
	rm -f "$vd"/env.*
	cat > "$vd/script" <<EOS
#!/bin/sh
env | grep -E '^(reason|INTERNAL_IP4|TUNDEV)' | sort > "$vd/env.\$reason"
if [ "\$reason" = connect ]; then
	ip link set "\$TUNDEV" up mtu 1380
	ip addr add "\$INTERNAL_IP4_ADDRESS/32" dev "\$TUNDEV"
	ip route add 192.168.50.0/24 dev "\$TUNDEV"
fi
exit 0
EOS
	chmod 755 "$vd/script"
	cat > "$vd/vpnc.conf" <<EOC
IPSec gateway 192.0.2.1
IPSec ID hillvalleyvpn
IPSec secret cisco123
Xauth username $3
Xauth password $4
IKE DH Group dh5
Perfect Forward Secrecy nopfs
NAT Traversal Mode natt
Local Port 0
Interface name tun0
Script $vd/script
EOC
	VPNC_NS[$name]=$ns
	ip netns exec "$ns" sh -c "mkdir -p /var/run/vpnc &&
		mount --bind '$vd/run-vpnc' /var/run/vpnc &&
		exec vpnc --no-detach --debug 1 '$vd/vpnc.conf'" \
		< /dev/null > "$vd/vpnc.log" 2>&1 &
	VPNC_PID[$name]=$!
}
vpnc_running() {
	local st
	[ -n "${VPNC_PID[$1]:-}" ] || return 1
	st=$(sed 's/.*) //' "/proc/${VPNC_PID[$1]}/stat" 2>/dev/null)
	[ -n "$st" ] && [ "${st#Z}" = "$st" ]
}
vpnc_gone() { ! vpnc_running "$1"; }
vpnc_connected() { test -s "$(peer_dir "$1")/env.connect"; }
vpnc_stop() {
	local name=$1
	[ -n "${VPNC_PID[$name]:-}" ] || return 0
	if vpnc_running "$name"; then
		kill -TERM "${VPNC_PID[$name]}" 2>/dev/null
		wait_for 15 vpnc_gone "$name" ||
			kill -9 "${VPNC_PID[$name]}" 2>/dev/null
	fi
	wait "${VPNC_PID[$name]}" 2>/dev/null
	VPNC_PID[$name]=
	sed "s/^/# vpnc $name: /" "$(peer_dir "$name")/vpnc.log" | tail -n 30
}
at_exit 'vpnc_stop marty; vpnc_stop biff'

sessions_of() {
	rd "$G" -j session show | json "len([s for s in d if s.get('user') == '$1'])"
}
n_sessions() { [ "$(sessions_of "$1")" = "$2" ]; }

# --- A. idle timeout of IKE sessions --------------------------------------
vpnc_start marty "$V1" marty 12345678
vpnc_start biff "$V2" biff biff4ever
check "marty's vpnc connects" wait_for 90 vpnc_connected marty
check "biff's vpnc connects" wait_for 90 vpnc_connected biff
check "roamd holds both sessions" wait_until 20 sh -c \
	"[ \"\$(ip netns exec $G roam -S $RD_SOCK -j session show | $PY -c 'import json,sys; print(len([s for s in json.load(sys.stdin) if s.get(\"user\") in (\"marty\", \"biff\")]))')\" = 2 ]"
check "the monitor shows marty's session up" wait_until 10 mon_has \
	"e['event'] == 'up' and e.get('user') == 'marty' and e['protocol'] == 'ipsec'"
# marty busy: his ESP SA counts a packet each half second
marty_ping() { ip netns exec "$V1" ping -c 1 -W 1 192.168.50.2 > /dev/null; }
check "marty reaches the office through his tunnel" wait_for 30 marty_ping
ip netns exec "$V1" ping -q -i 0.5 -w 600 192.168.50.2 > /dev/null 2>&1 &
PING_PID=$!
at_exit 'stop_pid "$PING_PID"'

check "group hillvalleyvpn gets an idle timeout of 6 s" \
	rd "$G" group set hillvalleyvpn idle-timeout 6
check "biff's quiet session ends for its idle timeout" wait_until 60 \
	n_sessions biff 0
check "roamd says why" log_has \
	"user biff: ended: idle for 6 s \(idle-timeout from group\)"
check "biff's vpnc is told (the ISAKMP delete ends it)" wait_for 30 \
	vpnc_gone biff
check "the monitor shows biff's end and why" wait_until 10 mon_has \
	"e['event'] == 'down' and e.get('user') == 'biff' and 'idle for 6 s' in e.get('reason', '')"
check_eq "marty's busy session stays" 1 "$(sessions_of marty)"
check "marty's vpnc is still connected" vpnc_running marty
check "marty still reaches the office" marty_ping
vpnc_stop biff

# --- B. access hours end an IKE session and refuse the next login ---------
check "marty's hours are today's" \
	rd "$G" user set marty hours "$today/00:00-24:00"
check_eq "marty is still up within his hours" 1 "$(sessions_of marty)"
check "the clock moves to tomorrow" rd "$G" daemon set clock-offset 86400
check "marty's session ends when his hours are over" wait_until 30 \
	n_sessions marty 0
check "roamd says why" log_has \
	"user marty: ended: its access hours are over \(hours from user\)"
check "marty's vpnc is told" wait_for 30 vpnc_gone marty
stop_pid "$PING_PID"
vpnc_stop marty
vpnc_start marty "$V1" marty 12345678
check "marty's login out of hours is refused with 646, in the log" \
	wait_until 90 log_has \
	"IKE user marty group hillvalleyvpn: login refused by its policy: outside its access hours.*error 646"
check "and in the monitor, with its cause and Windows error" wait_until 10 \
	mon_has "e['event'] == 'refused' and e.get('user') == 'marty' and 'outside its access hours' in e.get('reason', '') and e.get('windows_error') == 646"
check_eq "no session of marty" 0 "$(sessions_of marty)"
vpnc_stop marty
check "the clock is back" rd "$G" daemon set clock-offset 0
check "the idle timeout goes back to the base's" \
	rd "$G" group set hillvalleyvpn idle-timeout inherit

# --- C. ppp-auth is what LCP offers ---------------------------------------
check "the base allows PAP only" rd "$G" group set base ppp-auth pap
PPTP_PPP_EXTRA="refuse-pap" pptp_start "$P1" paula paula-pw 192.0.2.1
check "a client that refuses PAP is refused, saying why" wait_until 60 \
	log_has "PPP ended: the client (refused PAP and every other allowed method|rejected authentication \(we asked for PAP\))"
check "the monitor shows the refusal" wait_until 10 mon_has \
	"e['event'] == 'refused' and 'PAP' in e.get('reason', '') and e.get('protocol') == 'pptp'"
ppp_gone() { ! ppp_up "$1"; }
check "its link never comes up" ppp_gone "$P1"
pptp_stop "$P1"
PPP_LOG=$(peer_dir "$P1")/pppd.log
rm -f "$PPP_LOG"
PPTP_PPP_EXTRA="" pptp_start "$P1" paula paula-pw 192.0.2.1
check "a client that allows PAP connects" wait_until 60 ppp_up "$P1" ||
	pptp_logs "$P1"
check "it authenticated with PAP (its own log)" \
	grep -q "PAP authentication succeeded" "$PPP_LOG"
check "roamd says PAP too" log_has "user paula authenticated \(PAP\)"
check "the monitor shows paula up" wait_until 10 mon_has \
	"e['event'] == 'up' and e.get('user') == 'paula' and e['protocol'] == 'pptp'"
pptp_stop "$P1"
check "paula's session ends" wait_until 30 n_sessions paula 0

stop_pid "$MON_PID"
check_nomatch "the monitor printed no error" '.' "$(cat "$MON.err")"
check_gateway_clean "$G"
test_done
