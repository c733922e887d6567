#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RADIUS through roamd with a real FreeRADIUS and the real PPTP client
# Debian ships (pptp-linux + pppd): MS-CHAPv2 checked by the server, the
# MPPE-128 keys taken from its MS-MPPE-Send/Recv-Key, its
# Framed-IP-Address given to the client, traffic through; accounting
# Start and Stop in its detail file with the kernel's counters; a wrong
# password refused (691); a Disconnect-Request (radclient) ending a
# session; the first server silent: failover to the second.
#
#   netns C (client)        netns N (bridge)       netns G (gateway)       netns O (office)
#   eth0 192.0.2.10 ------------ br0 --------------- pub0 192.0.2.1
#   pppd + pptp: ppp0                                roamd, roam0 172.16.1.1
#   172.16.1.50 (RADIUS) <-- PPP in GRE -->          lan0 192.168.50.1 ----- eth0 192.168.50.2
#                                                                            FreeRADIUS :1812/1813
#                                                                            (192.168.50.3: silent)

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_pptp.sh"
source "$(dirname "$0")/peers/lib_radius.sh"

test_init roam_radius
need_pptp_clients
need_cmd freeradius

ns_create G
ns_create O
ns_create C
gw_setup "$G" "$O"
net_attach "$C" eth0 192.0.2.10/24
ip -n "$O" route add 172.16.1.0/24 via 192.168.50.1
ip -n "$O" addr add 192.168.50.3/24 dev eth0

FR=$TEST_TMP/fr
mkdir -p "$FR"
fr_config "$FR" 192.168.50.2 1812 192.168.50.1 radsecret-long-1
cat > "$FR/raddb/users" <<'EOT'
raduser	Cleartext-Password := "rad-pw-1"
	Framed-IP-Address = 172.16.1.50,
	Class = "grp-pptp"
EOT
fr_start "$O" "$FR"
check_eq "FreeRADIUS starts in the office" 0 $?
at_exit fr_stop
ma=required
[ -n "$(fr_ma_env)" ] && ma=optional

# the first server (192.168.50.3) never answers: failover
cat > "$TEST_TMP/roamd.conf" <<EOC
link add roam0
pool add pptp-pool range 172.16.1.10-172.16.1.20
ppp set local 172.16.1.1 auth mschapv2 auth-source radius
pptp set enable on mppe required mppe-bits 128
radius add server 192.168.50.3 secret radsecret-long-1 timeout 1 retries 1 message-authenticator $ma
radius add server 192.168.50.2 secret radsecret-long-1 timeout 2 retries 2 message-authenticator $ma
radius set nas-identifier roam-test dae-client 192.168.50.2 dae-secret daesecret-2
EOC
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts with two RADIUS servers" 0 $?
ip -n "$G" addr add 172.16.1.1/32 dev roam0
ip -n "$G" route add 172.16.1.0/24 dev roam0

session_of() {
	ip netns exec "$G" roam -j -s session show |
		json "(by(d, 'address', '$1') or {}).get('$2')"
}
no_kernel_session() {
	[ "$(ip netns exec "$G" roam -j session show)" = '[]' ]
}
ppp_gone() { ! ppp_up "$1"; }
detail_has() { fr_detail "$FR" | grep -q "$1"; }

# --- 1. MS-CHAPv2 through RADIUS, keys and address from the server ------
PPTP_PPP_EXTRA="refuse-pap
refuse-chap
refuse-mschap
require-mppe-128" pptp_start "$C" raduser rad-pw-1 192.0.2.1
check "raduser's PPP link comes up (after failover)" wait_until 60 ppp_up "$C" ||
	pptp_logs "$C"
addr=$(ppp_addr "$C")
check_eq "the address is the server's Framed-IP-Address" 172.16.1.50 "$addr"
check_eq "MPPE 128 in the kernel (keys from MS-MPPE-Send/Recv-Key)" 128 \
	"$(session_of "$addr" pptp | json "d['mppe_bits']")"
check_match "the first server was given up" \
	'"timeouts":[1-9]' "$(rd "$G" -j -s radius show)"
ip -n "$C" route add 192.168.50.0/24 dev "$(ppp_dev "$C")"
check "raduser reaches the office through the tunnel" \
	ip netns exec "$C" ping -c 5 -i 0.2 -W 2 192.168.50.2
check "accounting Start in FreeRADIUS's detail file" \
	wait_until 10 detail_has "Acct-Status-Type = Start"
rx=$(session_of "$addr" stats | json "d['rx_bytes']")
pptp_stop "$C"
check "the session ends" wait_until 20 no_kernel_session
check "accounting Stop in the detail file" \
	wait_until 10 detail_has "Acct-Status-Type = Stop"
in=$(fr_detail "$FR" | sed -n 's/.*Acct-Input-Octets = //p' | tail -1)
check "Acct-Input-Octets ($in) counts at least what the kernel had ($rx)" \
	test "${in:-0}" -ge "${rx:-1}" -a "${rx:-0}" -gt 0
check "the Stop echoes the Class" detail_has 'Class = 0x6772702d70707470'

# --- 2. a wrong password ---------------------------------------------------
PPTP_PPP_EXTRA="refuse-pap
refuse-chap
refuse-mschap
require-mppe-128" pptp_start "$C" raduser wrong-pw 192.0.2.1
check "the RADIUS server's refusal reaches the client as 691" wait_until 60 \
	grep -q "raduser: PPP ended: .*error 691" "$RD_LOG"
pptp_stop "$C"
check "no kernel session is left" wait_until 20 no_kernel_session

# --- 3. Disconnect-Request ----------------------------------------------
if command -v radclient >/dev/null; then
	PPTP_PPP_EXTRA="refuse-pap
refuse-chap
refuse-mschap
require-mppe-128" pptp_start "$C" raduser rad-pw-1 192.0.2.1
	check "the link comes up again" wait_until 60 ppp_up "$C" ||
		pptp_logs "$C"
	out=$(echo 'User-Name = "raduser"' |
		ip netns exec "$O" radclient -x 192.168.50.1:3799 disconnect daesecret-2 2>&1)
	check_match "radclient gets a Disconnect-ACK" "Disconnect-ACK" "$out"
	check "the session is ended" wait_until 20 no_kernel_session
	check "raduser's PPP link goes down" wait_until 20 ppp_gone "$C"
	check "the Stop says Admin-Reset" \
		wait_until 10 detail_has "Acct-Terminate-Cause = Admin-Reset"
	pptp_stop "$C"
	out=$(echo 'User-Name = "nobody"' |
		ip netns exec "$O" radclient -x 192.168.50.1:3799 disconnect daesecret-2 2>&1)
	check_match "an unknown session: Disconnect-NAK" "Disconnect-NAK" "$out"
else
	echo "# radclient missing (freeradius-utils): Disconnect-Request not tested"
fi

check "the secrets are not in roamd's log" \
	sh -c "! grep -q -e radsecret -e daesecret -e rad-pw '$RD_LOG'"
check_gateway_clean "$G"
test_done
