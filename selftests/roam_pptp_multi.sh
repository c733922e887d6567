#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Several PPTP clients at once (pptp-linux + pppd), two of them behind one
# masquerading NAT that carries PPTP with the kernel's conntrack/NAT helper
# (nf_conntrack_pptp + nf_nat_pptp, assigned to TCP 1723 by an nft ct
# helper rule, as recent kernels require); then an L2TP/IPsec client
# (strongSwan + xl2tpd + pppd) connected at the same time as a PPTP one.
#
#   netns C1 192.0.2.10 (pptp) ------------+
#   netns C4 192.0.2.11 (L2TP/IPsec) ------+ netns N: br0
#   netns C2 10.0.1.2 (pptp) --+           |
#   netns C3 10.0.1.3 (pptp) --+-- netns T (NAT) 192.0.2.20
#                                          +---- netns G 192.0.2.1: roamd, roam0 10.10.0.1
#                                                   lan0 192.168.50.1 --- netns O 192.168.50.2
#
# Each client gets its own address from the pool; each reaches the office
# host and the other clients through roam0, and the kernel session's
# counters match the client's ppp0 counters.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_pptp.sh"

test_init roam_pptp_multi
need_pptp_clients
need_cmd nft
modprobe nf_conntrack_pptp 2>/dev/null
modprobe nf_nat_pptp 2>/dev/null
mod_loaded nf_conntrack_pptp && mod_loaded nf_nat_pptp ||
	skip "the kernel's PPTP conntrack/NAT helper (nf_conntrack_pptp, nf_nat_pptp) is missing"

ns_create G
ns_create O
ns_create C1
ns_create T
ns_create C2
ns_create C3
ns_create C4
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
net_attach "$C4" eth0 192.0.2.11/24
nat_setup "$T" 192.0.2.20/24 1
nat_client "$C2" "$T" 1 10.0.1.2
nat_client "$C3" "$T" 1 10.0.1.3
# the NAT must see TCP 1723 through the PPTP helper, or GRE is not mapped
ip netns exec "$T" nft -f - <<'EOC'
table ip pptp_helper {
	ct helper pptp {
		type "pptp" protocol tcp;
	}
	chain pre {
		type filter hook prerouting priority filter;
		tcp dport 1723 ct helper set "pptp"
	}
}
EOC
check_eq "the NAT assigns the pptp helper to TCP 1723" 0 $?

cat > "$TEST_TMP/roamd.conf" <<'EOF2'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add alice password alice-pw
user add bob password bob-pw
user add carol password carol-pw
user add erin password erin-pw
psk add peer any secret "office psk"
ppp set local 10.10.0.1 auth mschapv2
pptp set enable on mppe required mppe-bits 128 stateless on
EOF2
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?

# crosses C DST WHO: C pings DST through its PPP link; both sides count
crosses() { ppp_crosses "$G" "$@"; }

# --- 8. three PPTP clients at once, two behind the NAT -------------------
PPTP_OPTS="refuse-pap
refuse-chap
refuse-mschap
require-mppe-128"
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C1" alice alice-pw 192.0.2.1
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C2" bob bob-pw 192.0.2.1
PPTP_PPP_EXTRA=$PPTP_OPTS pptp_start "$C3" carol carol-pw 192.0.2.1
for c in C1 C2 C3; do
	check "$c's PPTP link comes up" wait_until 60 ppp_up "${!c}" ||
		pptp_logs "${!c}"
	ip -n "${!c}" route add 192.168.50.0/24 dev "$(ppp_dev "${!c}")"
	ip -n "${!c}" route add 10.10.0.0/24 dev "$(ppp_dev "${!c}")"
done
a1=$(ppp_addr "$C1") a2=$(ppp_addr "$C2") a3=$(ppp_addr "$C3")
check_eq "three distinct addresses" 3 \
	"$(printf '%s\n' "$a1" "$a2" "$a3" | grep . | sort -u | wc -l)"
check_eq "three pptp sessions in the kernel, two from the NAT's address" \
	"pptp pptp pptp 2" \
	"$(ip netns exec "$G" roam -j session show | json "' '.join([s['kind'] for s in d] + [str(len([s for s in d if s.get('peer') == '192.0.2.20']))])")"
gre_flows() {
	ip netns exec "$T" conntrack -L -p gre 2>/dev/null | grep -c 'dst=192.0.2.1 '
}
if command -v conntrack >/dev/null; then
	check_eq "the NAT's conntrack holds a GRE flow for each call" 2 "$(gre_flows)"
fi
{ rd "$G" session show; rd "$G" pptp show; } | sed 's/^/# /'
crosses "$C1" 192.168.50.2 alice
crosses "$C2" 192.168.50.2 "bob (behind the NAT)"
crosses "$C3" 192.168.50.2 "carol (behind the NAT)"
crosses "$C2" "$a3" "bob to carol"
crosses "$C3" "$a1" "carol to alice"
pptp_stop "$C2"
pptp_stop "$C3"
only_one() { [ "$(ip netns exec "$G" roam -j session show | json 'len(d)')" = 1 ]; }
check "the NATed clients hang up: their kernel sessions go" wait_until 20 only_one
crosses "$C1" 192.168.50.2 "alice, still connected"

# --- 11. an L2TP/IPsec client and a PPTP client at the same time ----------
if [ -x /usr/lib/ipsec/charon ] && command -v xl2tpd swanctl >/dev/null; then
	modprobe l2tp_ppp 2>/dev/null
	charon_start "$C4" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
	check_eq "charon starts in C4" 0 $?
	l2tp_ipsec_connect "$C4" erin erin-pw
	check_eq "erin connects with L2TP/IPsec while alice is on PPTP" 0 $?
	a4=$(ppp_addr "$C4")
	ip -n "$C4" route add 10.10.0.0/24 dev "$(ppp_dev "$C4")"
	check_eq "the kernel carries one pptp and one l2tp session" "l2tp pptp" \
		"$(ip netns exec "$G" roam -j session show | json "' '.join(sorted(s['kind'] for s in d))")"
	{ rd "$G" session show; } | sed 's/^/# /'
	crosses "$C4" 192.168.50.2 "erin (L2TP/IPsec)"
	crosses "$C1" 192.168.50.2 "alice (PPTP) meanwhile"
	crosses "$C4" "$a1" "erin to alice"
	crosses "$C1" "$a4" "alice to erin"
	xl2tpd_hangup "$C4"
	xl2tpd_stop "$C4"
	charon_stop "$C4"
else
	skip "L2TP/IPsec beside PPTP: strongSwan or xl2tpd is missing"
fi
pptp_stop "$C1"
no_kernel_session() { [ "$(ip netns exec "$G" roam -j session show)" = '[]' ]; }
check "every kernel session is gone" wait_until 30 no_kernel_session
check_eq "no address is held" 0 \
	"$(rd "$G" -j -s pool show | json "d[0]['stats']['in_use']")"

check_gateway_clean "$G"
test_done
