#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Group policy, with one roamd and real
# clients: PPTP (pptp-linux + pppd) in C1 and C2, plain L2TP (xl2tpd +
# pppd, "l2tp set ipsec none": the refusal comes before any IPsec would
# matter) in C3.
#
#   netns C1 192.0.2.10 (pptp) --+
#   netns C2 192.0.2.11 (pptp) --+-- netns N: br0 --- netns G 192.0.2.1: roamd, roam0 10.10.0.1
#   netns C3 192.0.2.12 (l2tp) --+                       lan0 192.168.50.1 --- netns O 192.168.50.2
#
# The policy: the base group allows one login and no idle timeout; group
# "pptponly" allows PPTP only and two logins, and gets an idle timeout of
# 6 s while bob's sessions are up; user bob (in pptponly) then gets a
# maximum connect time of his own.
#   7.  a second login of alice (base: logins 1) is refused, the first stays;
#   12. bob logs in twice (the group's 2 over the base's 1), and show says
#       which level each setting came from;
#   8.  bob's quiet session ends after its idle timeout, his busy one stays;
#   9.  bob's max-connect (his own, over the group's none) ends his session;
#   10. alice's access hours: up today; the clock moved to tomorrow ends
#       her session, and her next login is refused (646);
#   11. bob over L2TP is refused: his group allows PPTP only (649).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_pptp.sh"

test_init roam_policy
need_pptp_clients
need_cmd xl2tpd
need_modules roam_l2tp
modprobe l2tp_ppp 2>/dev/null

ns_create G
ns_create O
ns_create C1
ns_create C2
ns_create C3
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
net_attach "$C2" eth0 192.0.2.11/24
net_attach "$C3" eth0 192.0.2.12/24

# today, as roamd's localtime sees it (the same TZ: the same process tree)
today=$(date +%a | tr 'A-Z' 'a-z')
cat > "$TEST_TMP/roamd.conf" <<EOF2
link add roam0
pool add office range 10.10.0.10-10.10.0.30
l2tp set ipsec none
ppp set local 10.10.0.1 auth mschapv2
pptp set enable on mppe required mppe-bits 128 stateless on
group set base logins 1 idle-timeout 0
group add pptponly psk unused-key access pptp logins 2
user add alice password alice-pw hours $today/00:00-24:00
user add bob password bob-pw group pptponly
EOF2
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?

PPTP_OPTS="refuse-pap
refuse-chap
refuse-mschap
require-mppe-128"
# the number of live sessions of user U in roamd's session show
sessions_of() {
	rd "$G" -j session show | json "len([s for s in d if s.get('user') == '$1'])"
}
n_sessions() { [ "$(sessions_of "$1")" = "$2" ]; }
log_has() { grep -qE -- "$1" "$RD_LOG"; }
ppp_gone() { ! ppp_up "$1"; }
pptp_up() {
	check "$2" wait_until 60 ppp_up "$1" || pptp_logs "$1"
}

# --- 12. inheritance: what show says ------------------------------------
check_eq "bob: access pptp from his group, logins 2 from his group, max-connect the default" \
	"pptp group 2 group 0 default" \
	"$(rd "$G" -j user show bob | json "' '.join(str(x) for p in [d[0]['policy']] for x in (p['access']['value'], p['access']['from'], p['logins']['value'], p['logins']['from'], p['max_connect']['value'], p['max_connect']['from']))")"
check_eq "alice: logins 1 from the base, her own hours" \
	"1 base user" \
	"$(rd "$G" -j user show alice | json "' '.join((d[0]['policy']['logins']['value'], d[0]['policy']['logins']['from'], d[0]['policy']['hours']['from']))")"
check_match "group show gives the base's idle timeout under the base" \
	'idle-timeout 0 \(base\)' "$(rd "$G" group show base)"

# --- 7. simultaneous logins: the second is refused ------------------------
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C1" alice alice-pw 192.0.2.1
pptp_up "$C1" "alice's first login comes up"
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C2" alice alice-pw 192.0.2.1
check "alice's second login is refused, saying why" wait_until 60 log_has \
	"user alice: login refused by its policy: already logged in 1 time.*logins from base.*error 649"
pptp_stop "$C2"
check "alice's first session is still there" wait_until 20 n_sessions alice 1
check "alice's first link is still up" ppp_up "$C1"

# --- 10. access hours, through the settable clock -------------------------
check "the clock moves to tomorrow" rd "$G" daemon set clock-offset 86400
check "alice's session ends when her hours are over" wait_until 20 \
	n_sessions alice 0
check "roamd says why" log_has "user alice: ended: its access hours are over \(hours from user\)"
check "alice's link goes down" wait_until 20 ppp_gone "$C1"
pptp_stop "$C1"
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C1" alice alice-pw 192.0.2.1
check "alice's login out of hours is refused with 646" wait_until 60 log_has \
	"user alice: login refused by its policy: outside its access hours.*error 646"
pptp_stop "$C1"
check "the clock is back" rd "$G" daemon set clock-offset 0

# --- 12 and 8. bob twice (the group's 2), idle timeout --------------------
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C1" bob bob-pw 192.0.2.1
pptp_up "$C1" "bob's first login comes up"
# C1 busy from here: a ping each half second for as long as it is needed
ip -n "$C1" route add 192.168.50.0/24 dev "$(ppp_dev "$C1")"
ip netns exec "$C1" ping -q -i 0.5 -w 300 192.168.50.2 > /dev/null 2>&1 &
ping_pid=$!
at_exit "kill $ping_pid 2>/dev/null"
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C2" bob bob-pw 192.0.2.1
pptp_up "$C2" "bob's second login comes up (the group allows 2)"
check "roamd holds both of bob's sessions" wait_until 10 n_sessions bob 2
a2=$(ppp_addr "$C2")
# the group's idle timeout, given now, applies to the sessions up
check "group pptponly gets an idle timeout of 6 s" \
	rd "$G" group set pptponly idle-timeout 6
check "bob's quiet session ends for its idle timeout" wait_until 40 \
	n_sessions bob 1
check "roamd says why" log_has "user bob: ended: idle for 6 s \(idle-timeout from group\)"
check_eq "the quiet one went, the busy one stays" 0 \
	"$(rd "$G" -j session show | json "len([s for s in d if s.get('address') == '$a2'])")"
check "bob's busy link is still up" ppp_up "$C1"
pptp_stop "$C2"

# --- 9 and 12. maximum connect time, bob's own over the group's none ------
# a limit 5 s beyond the session's age: it must end then, not before
up_s=$(rd "$G" -j session show | json "[s for s in d if s.get('user') == 'bob'][0]['uptime']")
limit=$((up_s + 5))
t0=$(date +%s)
check "bob gets a max-connect of his own" rd "$G" user set bob max-connect "$limit"
check_eq "show says it is bob's own" "$limit user" \
	"$(rd "$G" -j user show bob | json "' '.join((d[0]['policy']['max_connect']['value'], d[0]['policy']['max_connect']['from']))")"
check "bob's session ends at its maximum connect time" wait_until 40 \
	n_sessions bob 0
check "roamd says why" log_has "user bob: ended: its maximum connect time of $limit s is over \(max-connect from user\)"
check_ge "it lasted at least its $limit s" "$limit" $((up_s + $(date +%s) - t0))
kill "$ping_pid" 2>/dev/null
wait "$ping_pid" 2>/dev/null
check "bob's link goes down" wait_until 20 ppp_gone "$C1"
pptp_stop "$C1"

# --- 11. a group allowed only PPTP refuses its user over L2TP -------------
xl2tpd_start "$C3" bob bob-pw 192.0.2.1
check_eq "xl2tpd starts" 0 $?
xl2tpd_dial "$C3"
check "bob over L2TP is refused: his group allows PPTP only (649)" \
	wait_until 60 log_has \
	"user bob: login refused by its policy: L2TP is not an access method its policy allows \(access from group\).*error 649"
check_eq "no session of bob" 0 "$(sessions_of bob)"
xl2tpd_hangup "$C3"
xl2tpd_stop "$C3"

no_kernel_session() { [ "$(ip netns exec "$G" roam -j session show)" = '[]' ]; }
check "every kernel session is gone" wait_until 30 no_kernel_session
check "no address is held" wait_until 10 sh -c \
	"[ \"\$(ip netns exec $G roam -S $RD_SOCK -j -s pool show | $PY -c 'import json,sys; print(json.load(sys.stdin)[0][\"stats\"][\"in_use\"])')\" = 0 ]"
check_gateway_clean "$G"
test_done
