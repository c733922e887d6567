# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by bench_in_vm.sh (after lib_stock.sh and peers/lib_pptp.sh):
# the PPTP paths. The client is the one Debian ships for a Windows PPTP
# server, pptp-linux + pppd (its GRE in userspace over a pty: Linux's
# in-kernel pptp module cannot load beside roam_pptp, which owns GRE
# version 1). The stock gateway is Debian's pptpd (PoPToP): pptpctrl per
# call moves GRE in userspace to a pppd over a pty, which does MS-CHAPv2
# and MPPE with the kernel's ppp_mppe.
#
#   stock_pptpd_start S USER PASS   pptpd in S (192.0.2.2), MS-CHAPv2,
#                                   MPPE-128 required, pool 10.20.0.10-20
#   pptp_client_prepare             the client's /etc/ppp: ip-up stamps
#                                   the end of the setup
#   pptp_session_connect            dials; sets SETUP_US, IKE_US (0),
#                                   CPU_MS, RESENT
#   pptp_session_close              hangs up

# stock_pptpd_start S USER PASS
stock_pptpd_start() {
	local s=$1 user=$2 pass=$3 dir
	dir=$(peer_dir "$s")
	cat > "$dir/pptpd.conf" <<EOC
option /etc/ppp/options.pptpd
localip $STOCK_POOL.1
remoteip $STOCK_POOL.10-20
listen $STOCK_ADDR
EOC
	cat > "$dir/etc-ppp/options.pptpd" <<EOC
name stock-gw
require-mschap-v2
refuse-pap
refuse-chap
refuse-mschap
require-mppe-128
ms-dns 192.168.50.2
mtu 1400
mru 1400
nobsdcomp
nodeflate
novj
lcp-echo-interval 30
lcp-echo-failure 4
nodefaultroute
logfile $dir/pppd.log
EOC
	printf '"%s" * "%s" *\n' "$user" "$pass" > "$dir/etc-ppp/chap-secrets"
	chmod 600 "$dir/etc-ppp/chap-secrets"
	stock_daemon "$s" pptpd pptpd -f -c "$dir/pptpd.conf" -p /run/pptpd.pid
	at_exit "stock_gw_stop $s"
	if ! wait_until 20 sh -c "ip netns exec $s ss -ltn | grep -q ':1723 '"; then
		sed 's/^/# stock pptpd: /' "$dir/pptpd.out"
		return 1
	fi
}

pptp_client_prepare() {
	local dir
	dir=$(peer_dir "$CL")
	mkdir -p "$dir/etc-ppp"
	printf '#!/bin/sh\ndate +%%s%%N > %s/ppp-up.ts\n' "$dir" > "$dir/etc-ppp/ip-up"
	chmod 755 "$dir/etc-ppp/ip-up"
}

# pptp_session_connect: from pppd's start to its ip-up hook (the
# figures are read by bench_in_vm.sh)
# shellcheck disable=SC2034
pptp_session_connect() {
	local dir t0 c0 c1 lcp
	dir=$(peer_dir "$CL")
	rm -f "$dir/ppp-up.ts"
	: > "$dir/pppd.log"
	c0=$(ns_cpu_ms "$GW_NS")
	t0=$(now_us)
	PPTP_PPP_EXTRA="refuse-pap
refuse-chap
refuse-mschap
require-mppe-128" pptp_start "$CL" "$USER_NAME" "$USER_PASS" "$GW_ADDR"
	if ! wait_until 60 test -s "$dir/ppp-up.ts"; then
		echo "# ppp0 did not come up"
		pptp_logs "$CL"
		return 1
	fi
	c1=$(ns_cpu_ms "$GW_NS")
	SETUP_US=$(($(cat "$dir/ppp-up.ts") / 1000 - t0))
	IKE_US=0
	CPU_MS=$((c1 - c0))
	lcp=$(grep -c 'sent \[LCP ConfReq' "$dir/pppd.log" 2>/dev/null)
	RESENT="client sent LCP ConfReqs ${lcp:-0}"
}

pptp_session_close() {
	pptp_stop "$CL"
}
