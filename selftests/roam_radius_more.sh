#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RADIUS, the cases roam_radius.sh leaves, with one roamd run: a real
# FreeRADIUS and the real clients Debian ships.
#
#  1. an L2TP/IPsec client (strongSwan + xl2tpd + pppd) authenticated by
#     RADIUS: its address from Framed-IP-Address, its group from Filter-Id
#     (Class echoed in accounting only), Interim-Updates at the server's
#     Acct-Interim-Interval (5 s: radius set interim-min 5) with octets
#     that cover what the client sent (ping -s 1000 -c 20);
#     CoA-Requests from radclient: an unknown session (NAK 503), an
#     attribute roamd cannot change (NAK 401), then Session-Timeout 1:
#     ACK, and the session ends with Acct-Terminate-Cause Session-Timeout;
#  2. two PPTP clients at once: Framed-Pool (an address from that roam
#     pool) with Session-Timeout from the Access-Accept, and Idle-Timeout
#     (a quiet session ended, Acct-Terminate-Cause Idle-Timeout); a vpnc
#     client whose XAUTH password FreeRADIUS checks, given its
#     Framed-IP-Address (outside the group's pool) as its Mode-Config
#     address, its Filter-Id the IKE group's, its Session-Timeout ending
#     it (the IKE SA deleted), Start and Stop (Session-Timeout, Class);
#  3. both servers down: the login refused with 691;
#  4. a server whose Access-Accepts have no or a wrong
#     Message-Authenticator (tools/radius_forger.py): dropped, counted,
#     logged, the login refused;
#  5. both servers down with "radius set fallback local": a local user is
#     served.
#
#   netns C1 192.0.2.10 (charon + xl2tpd)      netns G 192.0.2.1
#   netns C2 192.0.2.11 (pptp)       --- br0 --- roamd, roam0 10.10.0.1
#   netns C3 192.0.2.13 (pptp)                   lan0 192.168.50.1
#   netns C4 192.0.2.12 (vpnc)                      |
#                                   netns O 192.168.50.2 FreeRADIUS :1812/1813,
#                                   radclient; .3 and .5 silent; .4 the forger

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_pptp.sh"
source "$(dirname "$0")/peers/lib_radius.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
test_init roam_radius_more
need_l2tp_ipsec_clients
need_pptp_clients
need_cmd freeradius radclient vpnc
modprobe tun 2>/dev/null

ns_create G
ns_create O
ns_create C1
ns_create C2
ns_create C3
ns_create C4
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
net_attach "$C2" eth0 192.0.2.11/24
net_attach "$C3" eth0 192.0.2.13/24
net_attach "$C4" eth0 192.0.2.12/24
ip -n "$O" addr add 192.168.50.3/24 dev eth0
ip -n "$O" addr add 192.168.50.4/24 dev eth0
ip -n "$O" addr add 192.168.50.5/24 dev eth0
ip -n "$O" route add 10.10.1.0/24 via 192.168.50.1
ip -n "$O" route add 172.16.3.0/24 via 192.168.50.1
# vpnc's pool: the xfrm policies of each client pick it up on pub0
ip -n "$G" route add 172.16.3.0/24 dev pub0
ip netns exec "$C4" sysctl -qw net.ipv6.conf.all.disable_ipv6=1

FR=$TEST_TMP/fr
mkdir -p "$FR"
fr_config "$FR" 192.168.50.2 1812 192.168.50.1 radsecret-more-1
cat > "$FR/raddb/users" <<'EOT'
l2user	Cleartext-Password := "l2-pw"
	Framed-IP-Address = 10.10.0.77,
	Filter-Id = "radgroup",
	Class = "cls-l2",
	Acct-Interim-Interval = 5
pooluser	Cleartext-Password := "pool-pw"
	Framed-Pool = "radpool",
	Session-Timeout = 12
idleuser	Cleartext-Password := "idle-pw"
	Idle-Timeout = 4
xuser	Cleartext-Password := "x-pw"
	Framed-IP-Address = 172.16.3.50,
	Filter-Id = "xgroup",
	Class = "cls-x",
	Session-Timeout = 25
EOT
fr_start "$O" "$FR"
check_eq "FreeRADIUS starts in the office" 0 $?
at_exit fr_stop
ma=required
[ -n "$(fr_ma_env)" ] && ma=optional

cat > "$TEST_TMP/roamd.conf" <<EOC
link add roam0
pool add main range 10.10.0.10-10.10.0.20
pool add radpool range 10.10.1.10-10.10.1.20
pool add xpool range 172.16.3.100-172.16.3.110
user add localuser password local-pw
psk add peer any secret "office psk"
group add radgroup psk unused-key
group add xgroup psk xpsk aggressive on xauth on auth-source radius pool xpool
ppp set local 10.10.0.1 auth mschapv2 auth-source radius
pptp set enable on mppe required mppe-bits 128
radius add server 192.168.50.2 secret radsecret-more-1 timeout 2 retries 2 message-authenticator $ma
radius set nas-identifier roam-more interim-min 5 dae-client 192.168.50.2 dae-secret daesecret-3
EOC
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?
ip -n "$G" route add 10.10.1.0/24 dev roam0
check_match "radius show gives the interim floor and the fallback" \
	'interim-min 5 fallback none' "$(rd "$G" radius show)"

PPTP_OPTS="refuse-pap
refuse-chap
refuse-mschap
require-mppe-128"

# detail USER STATUS KEY: KEY of USER's accounting records of that
# Acct-Status-Type in FreeRADIUS's detail file, one a line
detail() {
	fr_detail "$FR" | "$PY" -S -E -c '
import sys
user, status, key = sys.argv[1:4]
for rec in sys.stdin.read().split("\n\n"):
    f = {}
    for line in rec.splitlines():
        if " = " in line:
            k, v = line.strip().split(" = ", 1)
            f[k] = v.strip("\"")
    if f.get("User-Name") == user and f.get("Acct-Status-Type") == status:
        print(f.get(key, ""))
' "$1" "$2" "$3"
}
detail_max() { detail "$@" | sort -n | tail -1; }
detail_has() { detail "$1" "$2" "$3" | grep -qx -- "$4"; }
octets_ge() { [ "$(detail_max "$1" Interim-Update Acct-Input-Octets)" -ge "$2" ] 2>/dev/null; }
log_has() { grep -qE -- "$1" "$RD_LOG"; }
user_sessions() {
	rd "$G" -j session show | json "len([s for s in d if s.get('user') == '$1'])"
}
no_session_of() { [ "$(user_sessions "$1")" = 0 ]; }
coa() {
	echo "$1" | ip netns exec "$O" radclient -x -r 1 -t 3 192.168.50.1:3799 coa daesecret-3 2>&1
}

# --- 1. L2TP/IPsec through RADIUS, accounting, CoA ------------------------
charon_start "$C1" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
check_eq "charon starts in C1" 0 $?
l2tp_ipsec_connect "$C1" l2user l2-pw
check_eq "l2user connects over L2TP/IPsec, checked by FreeRADIUS" 0 $?
check_eq "its address is the server's Framed-IP-Address" 10.10.0.77 \
	"$(ppp_addr "$C1")"
SESS=$(rd "$G" -j session show)
check_eq "its group is the server's Filter-Id" radgroup \
	"$(echo "$SESS" | json "[s for s in d if s.get('user') == 'l2user'][0].get('group')")"
check "roamd takes the server's Acct-Interim-Interval" \
	log_has "user l2user: Interim-Update every 5 s"
check "l2user sends 20 pings of 1000 octets to the office" \
	ip netns exec "$C1" ping -c 20 -i 0.2 -s 1000 -W 2 192.168.50.2
# 20 IPv4 packets of 1028 octets at least, counted by the kernel
check "an Interim-Update counts them (Acct-Input-Octets >= 20560)" \
	wait_until 30 octets_ge l2user 20560
info "Interim-Update octets: $(detail_max l2user Interim-Update Acct-Input-Octets)"

out=$(coa 'User-Name = "nobody", Session-Timeout = 10')
check_match "a CoA for no session: CoA-NAK" "CoA-NAK" "$out"
check_match "with Error-Cause 503" "Error-Cause = (Session-Context-Not-Found|503)" "$out"
out=$(coa 'User-Name = "l2user", Filter-Id = "other"')
check_match "a CoA changing Filter-Id: CoA-NAK" "CoA-NAK" "$out"
check_match "with Error-Cause 401" "Error-Cause = (Unsupported-Attribute|401)" "$out"
check_eq "l2user is still connected" 1 "$(user_sessions l2user)"
out=$(coa 'User-Name = "l2user", Framed-IP-Address = 10.10.0.77, Session-Timeout = 1, Idle-Timeout = 3600')
check_match "a CoA setting Session-Timeout 1: CoA-ACK" "CoA-ACK" "$out"
check "roamd says what the CoA set" \
	log_has "user l2user: the RADIUS server's CoA-Request sets Session-Timeout 1 s, Idle-Timeout 3600 s"
check "l2user's session ends" wait_until 30 no_session_of l2user
check "its Stop says Session-Timeout" wait_until 15 \
	detail_has l2user Stop Acct-Terminate-Cause Session-Timeout
check "its Stop echoes the Class" \
	detail_has l2user Stop Class 0x636c732d6c32
xl2tpd_stop "$C1"
charon_stop "$C1"

# --- 2. Framed-Pool + Session-Timeout, Idle-Timeout, XAUTH -----------------
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C2" pooluser pool-pw 192.0.2.1
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C3" idleuser idle-pw 192.0.2.1

VD=$(peer_dir vpnc)
mkdir -p "$VD"
cat > "$VD/script" <<EOS
#!/bin/sh
env | grep -E '^(reason|INTERNAL_IP4)' | sort > "$VD/env.\$reason"
exit 0
EOS
chmod 755 "$VD/script"
cat > "$VD/vpnc.conf" <<EOC
IPSec gateway 192.0.2.1
IPSec ID xgroup
IPSec secret xpsk
Xauth username xuser
Xauth password x-pw
IKE DH Group dh5
Perfect Forward Secrecy nopfs
NAT Traversal Mode natt
Local Port 0
Interface name tun0
Script $VD/script
EOC
VPNC_PID=
# a child that exited is a zombie until waited for: kill -0 still works
_exited() { ! grep -q '^[0-9]* ([^)]*) [^Z]' "/proc/$1/stat" 2>/dev/null; }
vpnc_stop() {
	[ -n "$VPNC_PID" ] || return 0
	kill -TERM "$VPNC_PID" 2>/dev/null
	wait_until 15 _exited "$VPNC_PID" || kill -9 "$VPNC_PID" 2>/dev/null
	wait "$VPNC_PID" 2>/dev/null
	VPNC_PID=
}
at_exit vpnc_stop
ip netns exec "$C4" vpnc --no-detach --debug 1 --pid-file "$VD/pid" \
	"$VD/vpnc.conf" > "$VD/vpnc.log" 2>&1 &
VPNC_PID=$!

check "pooluser's link comes up" wait_until 60 ppp_up "$C2" || pptp_logs "$C2"
check_match "its address is from the server's Framed-Pool radpool" \
	'^10\.10\.1\.' "$(ppp_addr "$C2")"
# (it may be up and already idle when this runs: its accounting Start)
check "idleuser's session comes up" wait_until 60 \
	detail_has idleuser Start User-Name idleuser || pptp_logs "$C3"
check "vpnc connects, its XAUTH password checked by FreeRADIUS" \
	wait_until 90 test -s "$VD/env.connect" ||
	sed 's/^/# vpnc: /' "$VD/vpnc.log" | tail -20
check_match "vpnc's tunnel address is the server's Framed-IP-Address" \
	'INTERNAL_IP4_ADDRESS=172\.16\.3\.50$' \
	"$(grep INTERNAL_IP4_ADDRESS= "$VD/env.connect" 2>/dev/null)"
check "roamd gives xuser (no local user: FreeRADIUS's) the server's address" \
	log_has "user xuser group xgroup: given 172\.16\.3\.50 \(the RADIUS server's Framed-IP-Address\)"
check "roamd takes xuser's Session-Timeout" \
	log_has "user xuser: the RADIUS server's Session-Timeout 25 s"
XS=$(rd "$G" -j session show)
check_eq "xuser's session is an XAUTH one" "ike/xauth" \
	"$(echo "$XS" | json "[s.get('protocol') for s in d if s.get('user') == 'xuser'][0]")"
check_eq "with the server's address" 172.16.3.50 \
	"$(echo "$XS" | json "[s.get('address') for s in d if s.get('user') == 'xuser'][0]")"
check "xuser's accounting Start gives its address" wait_until 15 \
	detail_has xuser Start Framed-IP-Address 172.16.3.50
check "xuser's session ends at its Session-Timeout" \
	wait_until 60 no_session_of xuser
check "its Stop says Session-Timeout" wait_until 15 \
	detail_has xuser Stop Acct-Terminate-Cause Session-Timeout
check "its Stop echoes the Class" detail_has xuser Stop Class 0x636c732d78
vpnc_stop

check "idleuser's quiet session ends" wait_until 40 no_session_of idleuser
check "roamd says why" \
	log_has "user idleuser: ended: idle for 4 s \(idle-timeout from the RADIUS server\)"
check "its Stop says Idle-Timeout" wait_until 15 \
	detail_has idleuser Stop Acct-Terminate-Cause Idle-Timeout
check "pooluser's session ends at its Session-Timeout" \
	wait_until 40 no_session_of pooluser
check "its Stop says Session-Timeout" wait_until 15 \
	detail_has pooluser Stop Acct-Terminate-Cause Session-Timeout
radpool_free() {
	[ "$(rd "$G" -j -s pool show | json "by(d, 'name', 'radpool')['stats']['in_use']")" = 0 ]
}
check "the radpool address is back" wait_until 20 radpool_free
pptp_stop "$C2"
pptp_stop "$C3"

# --- 3. both servers down -------------------------------------------------
rd "$G" radius del server 192.168.50.2
rd "$G" radius add server 192.168.50.3 secret silent-secret-1 timeout 1 retries 0
rd "$G" radius add server 192.168.50.5 secret silent-secret-2 timeout 1 retries 0
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C2" downuser down-pw 192.0.2.1
check "no server answers: the client is refused with 691" wait_until 60 \
	log_has "downuser: PPP ended: .*error 691"
pptp_stop "$C2"

# --- 4. answers without a valid Message-Authenticator --------------------
rd "$G" radius del server 192.168.50.3
rd "$G" radius del server 192.168.50.5
rd "$G" radius add server 192.168.50.4 secret forge-secret timeout 1 retries 1 message-authenticator required
ip netns exec "$O" "$HERE/tools/radius_forger.py" 192.168.50.4 1812 \
	forge-secret "$TEST_TMP/forged" &
FORGER_PID=$!
forger_stop() {
	[ -n "${FORGER_PID:-}" ] || return 0
	kill "$FORGER_PID" 2>/dev/null
	wait_until 10 _exited "$FORGER_PID" || kill -9 "$FORGER_PID" 2>/dev/null
	wait "$FORGER_PID" 2>/dev/null
	FORGER_PID=
}
at_exit forger_stop
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C2" forgeuser forge-pw 192.0.2.1
check "the forged Access-Accepts refuse the client with 691" wait_until 60 \
	log_has "forgeuser: PPP ended: .*error 691"
check "an answer without Message-Authenticator is dropped and logged" \
	log_has "answer from 192\.168\.50\.4:1812 dropped: no Message-Authenticator"
check "an answer with a wrong one is dropped and logged" \
	log_has "answer from 192\.168\.50\.4:1812 dropped: wrong Message-Authenticator"
check_ge "the server's drop counter counts them" 2 \
	"$(rd "$G" -j -s radius show | json "d['servers'][0]['stats']['dropped']")"
check_eq "no session for forgeuser" 0 "$(user_sessions forgeuser)"
pptp_stop "$C2"
forger_stop
info "forged answers sent: $(cat "$TEST_TMP/forged" 2>/dev/null)"

# --- 5. both down, fallback to the local users -----------------------------
rd "$G" radius del server 192.168.50.4
rd "$G" radius add server 192.168.50.3 secret silent-secret-1 timeout 1 retries 0
rd "$G" radius add server 192.168.50.5 secret silent-secret-2 timeout 1 retries 0
check "radius set fallback local" rd "$G" radius set fallback local
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C2" localuser local-pw 192.0.2.1
check "with the servers down, a local user is served" \
	wait_until 60 ppp_up "$C2" || pptp_logs "$C2"
check "roamd says it fell back to the local users" \
	log_has "no server answered for user localuser: checked against the local users instead \(fallback local\): accepted"
check_ge "the fallback is counted" 1 \
	"$(rd "$G" -j -s radius show | json "d['stats']['fallbacks']")"
pptp_stop "$C2"
check "localuser's session ends" wait_until 20 no_session_of localuser

check "the secrets are not in roamd's log" \
	sh -c "! grep -q -e radsecret -e daesecret -e l2-pw -e pool-pw -e idle-pw -e x-pw -e forge-secret -e local-pw '$RD_LOG'"
check_gateway_clean "$G"
test_done
