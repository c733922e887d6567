#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PPTP with MPPE through roamd and roam_pptp.ko, with the real client
# Debian ships (pptp-linux + pppd), configured with the translation of
# seed 001 (Documentation/examples/vpn3000-pptp.conf): MS-CHAPv1 and MPPE
# required; then MS-CHAPv2 with MPPE-128 stateless, PAP without
# encryption (the seed's first step), a wrong password, session del.
#
#   netns C (client)        netns N (bridge)       netns G (gateway)       netns O (office)
#   eth0 192.0.2.10 ------------ br0 --------------- pub0 192.0.2.1
#   pppd + pptp: ppp0                                roamd, roam0 172.16.1.1
#   172.16.1.1x <-- PPP in GRE, TCP 1723 -->         lan0 192.168.50.1 ----- eth0 192.168.50.2
#
# Traffic: ping from the client's PPP address to the office host; the
# kernel session's counters must match the client's ppp0 counters; TCP
# both ways through MPPE (roam0 segments the office host's TSO packets).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_pptp.sh"

test_init roam_pptp
need_pptp_clients

ns_create G
ns_create O
ns_create C
gw_setup "$G" "$O"
net_attach "$C" eth0 192.0.2.10/24
ip -n "$O" route add 172.16.1.0/24 via 192.168.50.1

cp "$SELFTEST_DIR/../Documentation/examples/vpn3000-pptp.conf" \
	"$TEST_TMP/roamd.conf"
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts with seed 001's configuration" 0 $?
ip -n "$G" addr add 172.16.1.1/32 dev roam0
ip -n "$G" route add 172.16.1.0/24 dev roam0
check_match "roamd says PPTP is weak" 'PPTP: listening on TCP 1723.*weak' \
	"$(cat "$RD_LOG")"
check_eq "roam pptp show: enabled, MPPE required, 40 and 128 bits" \
	"true required 40 128" \
	"$(rd "$G" -j pptp show | json "[d['enabled'], d['mppe'], d['mppe_bits']]")"

session_of() {
	ip netns exec "$G" roam -j -s session show |
		json "(by(d, 'address', '$1') or {}).get('$2')"
}
no_kernel_session() {
	[ "$(ip netns exec "$G" roam -j session show)" = '[]' ]
}
ppp_gone() { ! ppp_up "$1"; }

# through_tunnel WHO: pings the office; both sides count the same packets
through_tunnel() {
	ip -n "$C" route add 192.168.50.0/24 dev "$(ppp_dev "$C")"
	ppp_crosses "$G" "$C" 192.168.50.2 "$1 through PPTP"
}

# --- 1. seed 001: MS-CHAPv1, MPPE required (40/128) ---------------------
PPTP_PPP_EXTRA="refuse-pap
refuse-chap
refuse-mschap-v2
require-mppe" pptp_start "$C" pptpuser cisco123 192.0.2.1
check "pptpuser's PPP link comes up" wait_until 40 ppp_up "$C" || pptp_logs "$C"
addr=$(ppp_addr "$C")
check_match "pptpuser got an address of the seed's pool" \
	'^172\.16\.1\.(1[0-9]|20)$' "$addr"
check_match "roamd logged MS-CHAPv1" 'pptpuser authenticated \(MS-CHAP-?[vV]?1?\)' \
	"$(cat "$RD_LOG")"
check_eq "the kernel session: pptp, up, MPPE 128" "pptp up 128" \
	"$(session_of "$addr" kind) $(session_of "$addr" state) $(session_of "$addr" pptp | json "d['mppe_bits']")"
check_eq "roamd's session show names pptpuser on pptp" "pptpuser pptp" \
	"$(rd "$G" -j session show | json "' '.join([d[0].get('user',''), d[0].get('protocol','')])")"
check_eq "roam pptp show lists the call" "pptpuser 128" \
	"$(rd "$G" -j pptp show | json "' '.join([d['calls'][0].get('user',''), str(d['calls'][0].get('mppe_bits'))])")"
through_tunnel pptpuser
# TCP both ways through MPPE: roam0 cuts the office host's large packets
# into segments, each encrypted in order; what arrives must be intact.
check "300 kB office -> pptpuser by TCP arrive intact (segmented, MPPE)" \
	tcp_transfer "$O" "$C" "$addr" 300000
info "$LAST_OUT"
check "300 kB pptpuser -> office by TCP arrive intact" \
	tcp_transfer "$C" "$O" 192.168.50.2 300000
info "$LAST_OUT"
{ rd "$G" -s session show; rd "$G" -s pptp show; } | sed 's/^/# /'

# the administrator ends it: PPP Terminate, the kernel session, the CDN
id=$(ip netns exec "$G" roam -j session show | json "d[0]['id']")
check "roam session del $id through roamd" rd "$G" session del "$id"
check "the kernel session is deleted" wait_until 15 no_kernel_session
check "pptpuser's PPP link goes down" wait_until 20 ppp_gone "$C"
no_call() { [ "$(rd "$G" -j pptp show | json "len(d['calls'])")" = 0 ]; }
check "the call is gone from roamd (CDN)" wait_until 15 no_call
pptp_stop "$C"
check_eq "the address went back to the pool" 0 \
	"$(rd "$G" -j -s pool show | json "d[0]['stats']['in_use']")"

# --- 2. MS-CHAPv2, MPPE-128 stateless -------------------------------------
check "roam ppp set auth mschapv2,mschapv1" rd "$G" ppp set auth mschapv2,mschapv1
check "roam pptp set mppe-bits 128 stateless on" rd "$G" pptp set mppe-bits 128 stateless on
PPTP_PPP_EXTRA="refuse-pap
refuse-chap
refuse-mschap
require-mppe-128" pptp_start "$C" pptpuser cisco123 192.0.2.1
check "the MS-CHAPv2 link comes up" wait_until 40 ppp_up "$C" || pptp_logs "$C"
addr=$(ppp_addr "$C")
check_match "roamd logged MS-CHAPv2" 'pptpuser authenticated \(MS-CHAP-?[vV]2\)' \
	"$(cat "$RD_LOG")"
check_eq "MPPE 128 stateless in the kernel" "128 True" \
	"$(session_of "$addr" pptp | json "' '.join([str(d['mppe_bits']), str(d.get('mppe_stateless'))])")"
through_tunnel "the MS-CHAPv2 client"
pptp_stop "$C"
check "hang-up from the client: the kernel session is deleted" \
	wait_until 20 no_kernel_session

# --- 3. the seed's first step: PAP, no encryption -----------------------
check "roam ppp set auth pap" rd "$G" ppp set auth pap
check "roam pptp set mppe none" rd "$G" pptp set mppe none
PPTP_PPP_EXTRA="refuse-chap
refuse-mschap
refuse-mschap-v2
nomppe" pptp_start "$C" pptpuser cisco123 192.0.2.1
check "the PAP link comes up" wait_until 40 ppp_up "$C" || pptp_logs "$C"
addr=$(ppp_addr "$C")
check_eq "no MPPE in the kernel" 0 \
	"$(session_of "$addr" pptp | json "d.get('mppe_bits', 0)")"
through_tunnel "the PAP client"
pptp_stop "$C"
check "the PAP session is deleted" wait_until 20 no_kernel_session

# --- 4. a wrong password ----------------------------------------------------
PPTP_PPP_EXTRA="refuse-chap
refuse-mschap
refuse-mschap-v2
nomppe" pptp_start "$C" pptpuser wrong-password 192.0.2.1
check "roamd refuses the wrong password (691)" wait_until 40 \
	grep -q "pptpuser: PPP ended: .*error 691" "$RD_LOG"
check "no kernel session is left for the refused call" \
	wait_until 20 no_kernel_session
pptp_stop "$C"
check_eq "no address is held" 0 \
	"$(rd "$G" -j -s pool show | json "d[0]['stats']['in_use']")"

check_gateway_clean "$G"
test_done
