#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark, inside the VM (bench.sh boots it): roam against the stock
# Linux stack and plain routing, side by side in one VM run. It prints
# figures and asserts nothing about speed.
#
#   plain          client -> roam's gateway namespace (forwarding) -> office
#   roam           L2TP/IPsec: strongSwan + xl2tpd + pppd client against
#                  roamd and roam.ko/roam_l2tp.ko
#   stock          L2TP/IPsec: the same client against strongSwan's charon
#                  (IKEv1 responder) + xl2tpd (LNS, kernel mode) + pppd
#   roam-noipsec   roam with "l2tp set ipsec none", client without IPsec
#   stock-noipsec  xl2tpd + pppd without strongSwan
#   roam-vpnc      IKEv1 remote access: vpnc (Aggressive Mode, XAUTH,
#                  Mode-Config, ESP tunnel mode) against roamd
#   stock-vpnc     the same vpnc against strongSwan's charon as the
#                  remote-access gateway
#   roam-pptp      PPTP, MS-CHAPv2 + MPPE-128 stateless: pptp-linux + pppd
#                  client against roamd and roam.ko/roam_pptp.ko
#   stock-pptp     the same client against Debian's pptpd (pptpctrl + pppd,
#                  MPPE in the kernel's ppp_mppe)
#   esp-ceiling    IPIP over ESP transport mode to roam's gateway namespace,
#                  same cipher as the L2TP/IPsec paths, keys set by hand:
#                  the ceiling an L2TP/IPsec data path is measured against
#                  (lib_ceiling.sh)
#
#                              netns N (bridge br0, 192.0.2.0/24)
#   client 192.0.2.1x --------------+---- G 192.0.2.1 roamd, roam0 ---- O  192.168.50.2
#   (one namespace per path:        |     lan0 192.168.50.1
#    charon, xl2tpd, pppd)          +---- S 192.0.2.2 charon, xl2tpd -- O2 192.168.50.2
#                                         lan0 192.168.50.1
#
# Only one gateway runs at a time. Per path:
#   setup    seconds from the start of the IKE initiation (of the L2TP dial
#            without IPsec, of pppd for PPTP) to the client's pppd running
#            its ip-up hook,
#            median of BENCH_RUNS sessions of one client (hang-up and IKE
#            delete in between) after an untimed first one; for vpnc, from
#            vpnc's start to the gateway's ESP SA pair
#   TCP      one stream at a time through the tunnel, client -> office host
#            and back, BENCH_STREAMS of each in turn, iperf3 -t
#            BENCH_IPERF_T: the median received rate
#   gateway  user+system CPU of the gateway's processes while a session
#            was set up (median), and its processes and their RSS with
#            one session up
#
# Environment: BENCH_RUNS (3), BENCH_IPERF_T (10), BENCH_STREAMS (3 each
# way, the median given), BENCH_PATHS (all of them,
# in the order of $PATHS below), BENCH_IKE (aes256-sha1-modp2048), BENCH_ESP
# (aes256-sha1) for L2TP/IPsec and the ESP ceiling (vpnc offers its own
# list and DH group 5), BENCH_TNL_GSO (0: roam's uplink segments UDP
# tunnel GSO packets as a NIC without that offload does), BENCH_RPS (0: 1
# steers each link's receive by flow hash, see below), BENCH_CAPTURE (paths
# whose first timed setup is captured), BENCH_LINK_NAPI (0:
# 1 delivers each link's packets through its NAPI ring, see below), BENCH_PERF (paths to profile after their measured
# streams, none by default) and BENCH_PERF_DIRS (down) (lib_profile.sh).
# Writes bench-table.txt, bench-results.json and bench-details.txt into
# $ROAM_VM_OUT.

# shellcheck source-path=SCRIPTDIR
set -u

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ST=$(cd "$BENCH_DIR/.." && pwd)
TREE=$(cd "$ST/.." && pwd)
# shellcheck source=../lib.sh
source "$ST/lib.sh"
# shellcheck source=../peers/lib_peers.sh
source "$ST/peers/lib_peers.sh"
# shellcheck source=../vm/install-tree.sh
source "$ST/vm/install-tree.sh"
# shellcheck source=lib_bench.sh
source "$BENCH_DIR/lib_bench.sh"
# shellcheck source=lib_stock.sh
source "$BENCH_DIR/lib_stock.sh"
# shellcheck source=lib_vpnc.sh
source "$BENCH_DIR/lib_vpnc.sh"
# shellcheck source=lib_ceiling.sh
source "$BENCH_DIR/lib_ceiling.sh"
# shellcheck source=lib_profile.sh
source "$BENCH_DIR/lib_profile.sh"
# shellcheck source=../peers/lib_pptp.sh
source "$ST/peers/lib_pptp.sh"
# shellcheck source=lib_pptp_bench.sh
source "$BENCH_DIR/lib_pptp_bench.sh"

RUNS=${BENCH_RUNS:-3}
IPERF_T=${BENCH_IPERF_T:-10}
STREAMS=${BENCH_STREAMS:-3}
PATHS=${BENCH_PATHS:-plain esp-ceiling roam stock roam-noipsec stock-noipsec roam-pptp stock-pptp roam-vpnc stock-vpnc}
IKE_PROP=${BENCH_IKE:-aes256-sha1-modp2048}
ESP_PROP=${BENCH_ESP:-aes256-sha1}
PSK="office psk"
USER_NAME=alice
USER_PASS=alice-pw
OUTDIR=${ROAM_VM_OUT:-/tmp}
DETAILS=$OUTDIR/bench-details.txt
TABLE=$OUTDIR/bench-table.txt
RESULTS=$OUTDIR/bench-results.json
T_START=$(now_us)

say() { echo "# [$(us_to_s $(($(now_us) - T_START)))] $*"; }
detail() { echo "$*" >> "$DETAILS"; echo "#   $*"; }

if [ "$(id -u)" != 0 ]; then
	echo "bench_in_vm.sh: must run as root" >&2
	exit 1
fi
if ! grep -q virtme /proc/cmdline && [ "${ROAM_SELFTESTS_ALLOW_HOST:-0}" != 1 ]; then
	echo "bench_in_vm.sh: not in a virtme-ng guest (it installs modules into /lib/modules); use bench.sh" >&2
	exit 1
fi

# Scratch on a tmpfs (iperf3 and the programs' sockets do not work on 9p),
# outside /run, which each client and gateway bind-mounts over.
SCRATCH=/var/tmp/roam-bench
mkdir -p "$SCRATCH"
mountpoint -q "$SCRATCH" || mount -t tmpfs -o size=256m,mode=1777 roam-bench "$SCRATCH" || exit 1
mkdir -p "$SCRATCH/tmp" "$SCRATCH/peers"
export TMPDIR=$SCRATCH/tmp
# read by lib.sh and peers/lib_peers.sh
# shellcheck disable=SC2034
{
	TEST_NAME=bench
	TEST_TMP=$SCRATCH/tmp
	PEER_ROOT=$SCRATCH/peers
	RD_SOCK=$SCRATCH/roamd.sock
	RD_LOG=$SCRATCH/roamd.log
}
: > "$DETAILS"

# lib.sh's exit handler judges a test; the benchmark only cleans up.
# shellcheck disable=SC2317  # (called by the trap)
bench_exit() {
	local i ns p
	trap - EXIT
	for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUPS[i]}" >/dev/null 2>&1
	done
	for ns in "${CREATED_NS[@]}"; do
		ns_exists "$ns" || continue
		p=$(ip netns pids "$ns" 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$p" ] && kill -9 $p 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
}
trap bench_exit EXIT
trap 'exit 130' INT TERM

install_tree "$TREE"
for c in ip xl2tpd pppd swanctl iperf3 roamd roam ss vpnc ethtool; do
	command -v "$c" >/dev/null || { echo "bench: $c not found" >&2; exit 1; }
done
[ -x /usr/lib/ipsec/charon ] || { echo "bench: strongSwan's charon is not installed" >&2; exit 1; }
# The in-tree L2TP modules for the stock gateway (l2tp_ppp before xl2tpd
# starts, or xl2tpd falls back to its userspace data path).
if ! modprobe -a ppp_generic l2tp_ppp l2tp_netlink; then
	echo "bench: cannot load the in-tree l2tp modules" >&2
	exit 1
fi
modprobe tun 2>/dev/null
case " $PATHS " in
*-pptp\ *)
	for c in pptp pptpd pppd; do
		command -v "$c" >/dev/null || { echo "bench: $c not found" >&2; exit 1; }
	done
	# the clients' and the stock gateway's pppd over a pty, with MPPE
	modprobe -a ppp_async ppp_mppe || { echo "bench: cannot load ppp_async, ppp_mppe" >&2; exit 1; }
	modprobe roam_pptp || { echo "bench: cannot load roam_pptp" >&2; exit 1; }
	;;
esac
if ! modprobe -a roam roam_l2tp; then
	echo "bench: cannot load roam's modules" >&2
	exit 1
fi
say "kernel $(uname -r), $(nproc) CPUs; $RUNS sessions per path, iperf3 -t $IPERF_T, IKE $IKE_PROP, ESP $ESP_PROP"

# --- the network ----------------------------------------------------------------
ns_create G
ns_create O
ns_create S
ns_create O2
gw_setup "$G" "$O"
# A veth hands a UDP tunnel GSO packet to its peer whole, which no wire
# does: unless BENCH_TNL_GSO=1, G's uplink segments such packets itself,
# as a NIC without UDP tunnel segmentation offload would, so that roam's
# clients receive packets of the MTU as the stock gateway's do.
if [ "${BENCH_TNL_GSO:-0}" != 1 ]; then
	ip netns exec "$G" ethtool -K pub0 tx-udp_tnl-segmentation off \
		tx-udp_tnl-csum-segmentation off > /dev/null ||
		{ echo "bench: cannot turn off UDP tunnel segmentation on pub0 (ethtool)" >&2; exit 1; }
fi
# plain routing: the office host answers the clients' network directly
ip -n "$O" route add 192.0.2.0/24 via 192.168.50.1
stock_gw_setup "$S" "$O2"

# BENCH_RPS=1: every link of the bench steers what it receives to a CPU
# by the flow's hash (RPS over all CPUs). A veth delivers on the CPU
# that sent, into that CPU's backlog: two bursts of one flow sent from
# two CPUs can be delivered in the wrong order, which no wire does. With
# RPS a flow's packets meet in one backlog whatever CPU sent them.
bench_rps() {
	local ns mask
	[ "${BENCH_RPS:-0}" = 1 ] || return 0
	mask=$(printf '%x' $(((1 << $(nproc)) - 1)))
	for ns in "" $(ip netns list | awk '{ print $1 }'); do
		${ns:+ip netns exec "$ns"} sh -c 'for f in /sys/class/net/*/queues/rx-*/rps_cpus; do
			[ -w "$f" ] && echo "$1" > "$f"; done' sh "$mask"
	done
}
# BENCH_LINK_NAPI=1: every veth of the bench receives through its NAPI
# queue, as a NIC does: what any CPU sends goes into the peer's one ring,
# in the order it was sent, and is delivered from there in that order,
# GRO merging a flow's segments on the way up. veth takes that path only
# for packets its sender did not leave to TSO, so the sending side
# segments in software (GSO) before the link, as for a NIC without TSO.
# The ring holds 256 packets; a sender gets a queue (pfifo, the veth's
# 1,000 packets) so that a full ring stops the queue instead of dropping,
# as a NIC's full ring does. 6.1's veth drops all the same (the stop
# came later: 6.12.118's has it), and says so in tx_dropped.
bench_link_napi() {
	local ns
	[ "${BENCH_LINK_NAPI:-0}" = 1 ] || return 0
	for ns in "" $(ip netns list | awk '{ print $1 }'); do
		# shellcheck disable=SC2016 # $d is the inner shell's
		${ns:+ip netns exec "$ns"} sh -c 'for d in $(ip -o link show type veth | awk -F": " "{ print \$2 }"); do
			d=${d%%@*}
			ethtool -K "$d" tso off gro on > /dev/null 2>&1 &&
				tc qdisc replace dev "$d" root pfifo > /dev/null 2>&1 ||
				echo "bench: cannot turn GRO on, TSO off, a queue on $d" >&2
		done'
	done
}
bench_links() {
	bench_rps
	bench_link_napi
}
bench_links
say "network set up"

# client_new: a fresh client namespace on the bridge: CL, CL_ADDR
CLIENT_IDX=0
client_new() {
	local v
	CLIENT_IDX=$((CLIENT_IDX + 1))
	v=C$CLIENT_IDX
	ns_create "$v" || return 1
	CL=${!v}
	CL_ADDR=192.0.2.$((10 + CLIENT_IDX))
	net_attach "$CL" eth0 "$CL_ADDR/24"
	bench_links
}

client_drop() {
	local p
	xl2tpd_stop "$1"
	charon_stop "$1"
	p=$(ip netns pids "$1" 2>/dev/null)
	# shellcheck disable=SC2086
	[ -n "$p" ] && kill -9 $p 2>/dev/null
	wait_until 5 _ns_no_pids "$1"
	ip netns del "$1" 2>/dev/null
}

# --- warm-up ----------------------------------------------------------------------
# The first ESP SA of a fresh VM pays for the kernel's crypto set-up, and
# the first charon reads its plugins over 9p: a throwaway SA between a
# scratch client and G, and a charon started once, so that no timed
# session pays for either.
warmup() {
	local a k1 k2 t0 rc
	client_new || return 1
	k1=0x$(printf '%064x' 1)
	k2=0x$(printf '%040x' 2)
	for a in "$CL" "$G"; do
		ip -n "$a" xfrm state add src "$CL_ADDR" dst 192.0.2.1 proto esp spi 0x100 \
			mode transport auth-trunc 'hmac(sha1)' "$k2" 96 enc 'cbc(aes)' "$k1"
		ip -n "$a" xfrm state add src 192.0.2.1 dst "$CL_ADDR" proto esp spi 0x101 \
			mode transport auth-trunc 'hmac(sha1)' "$k2" 96 enc 'cbc(aes)' "$k1"
	done
	ip -n "$CL" xfrm policy add src "$CL_ADDR" dst 192.0.2.1 dir out tmpl proto esp mode transport
	ip -n "$G" xfrm policy add src 192.0.2.1 dst "$CL_ADDR" dir out tmpl proto esp mode transport
	t0=$(now_us)
	ip netns exec "$CL" ping -c 3 -i 0.2 -W 10 192.0.2.1 > /dev/null
	rc=$?
	say "warm-up: throwaway ESP SA, 3 pings in $(us_to_s $(($(now_us) - t0))) s (status $rc)"
	for a in "$CL" "$G"; do
		ip -n "$a" xfrm state flush
		ip -n "$a" xfrm policy flush
	done
	t0=$(now_us)
	charon_start "$CL" "$PSK" 192.0.2.1 "$IKE_PROP" "$ESP_PROP"
	rc=$?
	say "warm-up: charon started in $(us_to_s $(($(now_us) - t0))) s (status $rc)"
	client_drop "$CL"
}

# --- the gateways ------------------------------------------------------------------

# gw_start KIND IPSEC: sets GW_NS, GW_ADDR, GW_OFFICE
gw_start() {
	case $1 in
	roam)
		GW_NS=$G GW_ADDR=192.0.2.1 GW_OFFICE=$O
		# log level info: the benchmark does not pay for debug logging
		cat > "$SCRATCH/roamd.conf" <<EOC
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add $USER_NAME password $USER_PASS
psk add peer any secret "$PSK"
ppp set local 10.10.0.1 dns 192.168.50.2 auth mschapv2
log level info
EOC
		[ "$2" = 0 ] && echo "l2tp set ipsec none" >> "$SCRATCH/roamd.conf"
		[ "$2" = pptp ] &&
			echo "pptp set enable on mppe required mppe-bits 128 stateless on" >> "$SCRATCH/roamd.conf"
		: > "$RD_LOG"
		roamd_start "$G" "$SCRATCH/roamd.conf"
		;;
	stock)
		GW_NS=$S GW_ADDR=$STOCK_ADDR GW_OFFICE=$O2
		if [ "$2" = pptp ]; then
			stock_pptpd_start "$S" "$USER_NAME" "$USER_PASS"
			return
		fi
		if [ "$2" = 1 ]; then
			stock_charon_start "$S" "$PSK" || return 1
		fi
		stock_xl2tpd_start "$S" "$USER_NAME" "$USER_PASS"
		;;
	esac
}

# gw_stop KIND: the gateway's programs stop; no device, SA or policy of
# one path is left for the next.
gw_stop() {
	case $1 in
	roam)
		roamd_stop > /dev/null
		ip -n "$G" link del roam0 2>/dev/null
		;;
	stock)
		stock_gw_stop "$S"
		;;
	esac
	ip -n "$GW_NS" xfrm state flush
	ip -n "$GW_NS" xfrm policy flush
}

gw_sessions() {
	case $1 in
	roam) ip netns exec "$G" roam -j session show 2>/dev/null | json 'len(d or [])' ;;
	stock) stock_sessions "$S" ;;
	esac
}

# shellcheck disable=SC2317  # (called through wait_until)
gw_idle() {
	[ "$(gw_sessions "$1")" = 0 ] && [ "$(xfrm_states "$GW_NS")" = 0 ]
}

gw_logs() {
	case $1 in
	roam) tail -n 30 "$RD_LOG" | sed 's/^/# roamd: /' ;;
	stock)
		stock_logs "$S"
		sed 's/^/# stock pptpd: /' "$(peer_dir "$S")/pptpd.out" 2>/dev/null | tail -n 10
		;;
	esac
}

# --- one session -------------------------------------------------------------------

# client_prepare IPSEC: the client's programs, started and idle; pppd runs
# the client's own /etc/ppp/ip-up once ppp0 has its address, which stamps
# the end of the setup.
client_prepare() {
	local ipsec=$1 dir
	if [ "$ipsec" = pptp ]; then
		pptp_client_prepare
		return
	fi
	dir=$(peer_dir "$CL")
	if [ "$ipsec" = 1 ]; then
		charon_start "$CL" "$PSK" "$GW_ADDR" "$IKE_PROP" "$ESP_PROP" || return 1
	fi
	xl2tpd_start "$CL" "$USER_NAME" "$USER_PASS" "$GW_ADDR" || return 1
	printf '#!/bin/sh\ndate +%%s%%N > %s/ppp-up.ts\n' "$dir" > "$dir/etc-ppp/ip-up"
	chmod 755 "$dir/etc-ppp/ip-up"
}

# client_resends: what the client's charon and pppd have logged so far
# that shows a lost or late answer: "IKE-RETRANSMITS LCP-CONFREQS-SENT
# IPCP-CONFREQS-SENT LCP-CONFREQS-RECEIVED" (pppd resends a
# Configure-Request after 3 s, charon a message after 4 s; one LCP
# Configure-Request each way and two IPCP ones from the client, the first
# asking for an address, are the norm).
client_resends() {
	local dir ike lcp ipcp rlcp
	dir=$(peer_dir "$CL")
	ike=$(grep -c 'retransmit' "$dir/charon.log" 2>/dev/null)
	lcp=$(grep -c 'sent \[LCP ConfReq' "$dir/pppd.log" 2>/dev/null)
	ipcp=$(grep -c 'sent \[IPCP ConfReq' "$dir/pppd.log" 2>/dev/null)
	rlcp=$(grep -c 'rcvd \[LCP ConfReq' "$dir/pppd.log" 2>/dev/null)
	echo "${ike:-0} ${lcp:-0} ${ipcp:-0} ${rlcp:-0}"
}

# session_connect IPSEC: sets SETUP_US, IKE_US, CPU_MS, RESENT
session_connect() {
	local ipsec=$1 dir t0 tike c0 c1 r0 r1
	if [ "$ipsec" = pptp ]; then
		pptp_session_connect
		return
	fi
	dir=$(peer_dir "$CL")
	rm -f "$dir/ppp-up.ts"
	read -r -a r0 <<< "$(client_resends)"
	c0=$(ns_cpu_ms "$GW_NS")
	t0=$(now_us)
	if [ "$ipsec" = 1 ]; then
		ipsec_up "$CL" || { echo "# IKE failed"; charon_logs "$CL"; return 1; }
	fi
	tike=$(now_us)
	xl2tpd_dial "$CL" || return 1
	if ! wait_until 60 test -s "$dir/ppp-up.ts"; then
		echo "# ppp0 did not come up"
		peer_logs "$CL"
		return 1
	fi
	c1=$(ns_cpu_ms "$GW_NS")
	SETUP_US=$(($(cat "$dir/ppp-up.ts") / 1000 - t0))
	IKE_US=$((tike - t0))
	CPU_MS=$((c1 - c0))
	read -r -a r1 <<< "$(client_resends)"
	RESENT="client sent IKE retransmits $((r1[0] - r0[0])), LCP ConfReqs $((r1[1] - r0[1])), IPCP ConfReqs $((r1[2] - r0[2])); received LCP ConfReqs $((r1[3] - r0[3]))"
}

# session_close IPSEC: hang up (StopCCN), then delete the IKE SA; the
# client's programs stay, idle, for the next session.
session_close() {
	if [ "$1" = pptp ]; then
		pptp_session_close
		return
	fi
	xl2tpd_hangup "$CL" > /dev/null
	wait_until 10 sh -c "! ip -n $CL -o link show | grep -q ': ppp'"
	if [ "$1" = 1 ]; then
		swanctl_in "$CL" --terminate --ike roam --timeout 10 > /dev/null 2>&1
	fi
}

# --- the paths --------------------------------------------------------------------
declare -A R_SETUP R_IKE R_SAMPLES R_TPUT R_CPU R_PROCS R_RSS R_NOTE
declare -A R_RETR R_DOWN R_RETR_DOWN R_UP_ALL R_DOWN_ALL

note() { R_NOTE[$1]="${R_NOTE[$1]:+${R_NOTE[$1]}; }$2"; }

path_title() {
	case $1 in
	plain) echo "plain routing" ;;
	esp-ceiling) echo "IPIP over ESP transport (the ceiling)" ;;
	roam) echo "roam L2TP/IPsec (roamd + roam.ko)" ;;
	stock) echo "stock L2TP/IPsec (charon+xl2tpd+pppd)" ;;
	roam-noipsec) echo "roam L2TP, no IPsec" ;;
	stock-noipsec) echo "stock L2TP, no IPsec (xl2tpd+pppd)" ;;
	roam-vpnc) echo "roam IKEv1 RA, vpnc (roamd + xfrm)" ;;
	stock-vpnc) echo "stock IKEv1 RA, vpnc (charon + xfrm)" ;;
	roam-pptp) echo "roam PPTP/MPPE-128 (roamd+roam_pptp)" ;;
	stock-pptp) echo "stock PPTP/MPPE-128 (pptpd+pppd)" ;;
	*) echo "$1" ;;
	esac
}

run_plain() {
	local r
	say "path plain: $(path_title plain)"
	client_new || return 1
	ip -n "$CL" route add 192.168.50.0/24 via 192.0.2.1
	ip netns exec "$CL" ping -c 2 -i 0.2 -W 2 192.168.50.2 > /dev/null ||
		note plain "no ping to the office host"
	tcp_both plain "$CL" "$O"
	client_drop "$CL"
}

# run_path PATH: RUNS timed sessions of one client; the last one also
# carries the TCP stream and gives the gateway's processes.
# BENCH_CAPTURE="PATH...": the first timed session's setup of each path
# named, as the client's link saw it (tcpdump, timestamps relative to its
# first packet), into capture-PATH.txt: where a setup's time goes.
capture_start() {
	case " ${BENCH_CAPTURE:-} " in *" $1 "*) ;; *) return 0 ;; esac
	command -v tcpdump > /dev/null || { detail "$1: no tcpdump to capture with"; return 0; }
	ip netns exec "$CL" tcpdump -i eth0 -nn -U -s 256 -w "$SCRATCH/capture.pcap" \
		> /dev/null 2>&1 &
	CAPTURE_PID=$!
	# the file's header is written once tcpdump listens
	wait_until 5 test -s "$SCRATCH/capture.pcap"
}

capture_stop() {
	[ -n "${CAPTURE_PID:-}" ] || return 0
	kill "$CAPTURE_PID" 2>/dev/null
	wait "$CAPTURE_PID" 2>/dev/null
	CAPTURE_PID=
	tcpdump -r "$SCRATCH/capture.pcap" -nn -ttttt -v 2>/dev/null > "$OUTDIR/capture-$1.txt"
	detail "$1: the first timed session's setup as the client's link saw it: capture-$1.txt"
}

run_path() {
	local path=$1 kind ipsec i r t0 p0 p1 setups=() ikes=() cpus=()
	case $path in
	roam) kind=roam ipsec=1 ;;
	stock) kind=stock ipsec=1 ;;
	roam-noipsec) kind=roam ipsec=0 ;;
	roam-pptp) kind=roam ipsec=pptp ;;
	stock-pptp) kind=stock ipsec=pptp ;;
	stock-noipsec) kind=stock ipsec=0 ;;
	*) say "unknown path $path"; return 1 ;;
	esac
	say "path $path: $(path_title "$path")"
	t0=$(now_us)
	if ! gw_start $kind $ipsec; then
		note "$path" "gateway did not start"
		gw_logs $kind
		gw_stop $kind
		return 1
	fi
	client_new || return 1
	if ! client_prepare $ipsec; then
		note "$path" "client did not start"
		client_drop "$CL"
		gw_stop $kind
		return 1
	fi
	say "$path: gateway and client programs started in $(us_to_s $(($(now_us) - t0))) s"
	p0=$(ns_procs "$GW_NS")
	# Session 0 is not counted: the first session of each gateway pays
	# for what its programs load on first use (pppd's plugin, roamd's
	# and charon's first DH), over 9p under emulation.
	for ((i = 0; i <= RUNS; i++)); do
		[ "$i" -eq 1 ] && capture_start "$path"
		if ! session_connect $ipsec; then
			capture_stop "$path"
			say "$path: session $i did not come up"
			gw_logs $kind
			note "$path" "session $i failed"
			session_close $ipsec
			wait_until 20 gw_idle $kind
			continue
		fi
		[ "$i" -eq 1 ] && capture_stop "$path"
		if [ "$i" -gt 0 ]; then
			setups+=("$(us_to_s "$SETUP_US")")
			ikes+=("$(us_to_s "$IKE_US")")
			cpus+=("$CPU_MS")
		fi
		detail "$path: session $i$([ "$i" -eq 0 ] && echo " (warm-up)") up in $(us_to_s "$SETUP_US") s (IKE $(us_to_s "$IKE_US") s), gateway CPU $CPU_MS ms, client address $(ppp_addr "$CL"), gateway SAs $(xfrm_states "$GW_NS"); $RESENT"
		if [ "$i" -eq "$RUNS" ]; then
			p1=$(ns_procs "$GW_NS")
			R_PROCS[$path]="${p1%% *}"
			R_RSS[$path]=$(awk -v a="${p1#* }" 'BEGIN {printf "%.1f", a / 1024}')
			detail "$path: gateway processes idle ${p0%% *} (${p0#* } kB), with the session: $(ns_proc_names "$GW_NS")"
			ip -n "$CL" route add 192.168.50.0/24 dev "$(ppp_dev "$CL")"
			ip netns exec "$CL" ping -c 2 -i 0.2 -W 2 192.168.50.2 > /dev/null ||
				note "$path" "no ping through the tunnel"
			tcp_both "$path" "$CL" "$GW_OFFICE"
		fi
		session_close $ipsec
		if ! wait_until 20 gw_idle $kind; then
			say "$path: the gateway still holds $(gw_sessions $kind) session(s), $(xfrm_states "$GW_NS") SA(s) after the hang-up"
			note "$path" "gateway kept session $i after the hang-up"
		fi
	done
	client_drop "$CL"
	gw_stop $kind
	if [ ${#setups[@]} -gt 0 ]; then
		R_SETUP[$path]=$(median "${setups[@]}")
		R_IKE[$path]=$(median "${ikes[@]}")
		R_CPU[$path]=$(median "${cpus[@]}" | awk '{printf "%.0f", $1}')
		R_SAMPLES[$path]="${setups[*]}"
	fi
}

# run_vpnc_path PATH: as run_path, with vpnc as the client: RUNS timed
# sessions after an untimed one, the last carries the TCP stream.
run_vpnc_path() {
	local path=$1 kind i r t0 p1 pool setups=() cpus=()
	case $path in
	roam-vpnc) kind=roam pool=$VPNC_ROAM_POOL ;;
	stock-vpnc) kind=stock pool=$STOCK_POOL ;;
	esac
	say "path $path: $(path_title "$path")"
	t0=$(now_us)
	if [ $kind = roam ]; then
		GW_NS=$G GW_ADDR=192.0.2.1 GW_OFFICE=$O
		vpnc_roam_conf "$SCRATCH/roamd.conf"
		: > "$RD_LOG"
		ip -n "$O" route add "$pool.0/24" via 192.168.50.1
		roamd_start "$G" "$SCRATCH/roamd.conf" || { note "$path" "gateway did not start"; return 1; }
	else
		GW_NS=$S GW_ADDR=$STOCK_ADDR GW_OFFICE=$O2
		stock_vpnc_charon_start "$S" || { note "$path" "gateway did not start"; gw_stop stock; return 1; }
	fi
	# the office's answers meet the client's policy on the way out
	ip -n "$GW_NS" route add "$pool.0/24" dev pub0
	client_new || return 1
	vpnc_prepare "$CL" "$GW_ADDR"
	say "$path: gateway started in $(us_to_s $(($(now_us) - t0))) s"
	for ((i = 0; i <= RUNS; i++)); do
		if ! vpnc_connect "$CL" "$GW_NS"; then
			say "$path: session $i did not come up"
			gw_logs $kind
			note "$path" "session $i failed"
			vpnc_close "$CL"
			wait_until 20 sh -c "[ \$(ip -n $GW_NS xfrm state | grep -c '^src') = 0 ]"
			continue
		fi
		[ "$i" -eq 1 ] && capture_stop "$path"
		if [ "$i" -gt 0 ]; then
			setups+=("$(us_to_s "$SETUP_US")")
			cpus+=("$CPU_MS")
		fi
		detail "$path: session $i$([ "$i" -eq 0 ] && echo " (warm-up)") up in $(us_to_s "$SETUP_US") s, gateway CPU $CPU_MS ms, client address $(ip -n "$CL" -4 -o addr show dev tun0 | awk '{print $4}'), gateway SAs $(xfrm_states "$GW_NS")"
		if [ "$i" -eq "$RUNS" ]; then
			p1=$(ns_procs "$GW_NS")
			R_PROCS[$path]="${p1%% *}"
			R_RSS[$path]=$(awk -v a="${p1#* }" 'BEGIN {printf "%.1f", a / 1024}')
			detail "$path: gateway processes with the session: $(ns_proc_names "$GW_NS")"
			wait_until 10 ip netns exec "$CL" ping -c 1 -W 1 192.168.50.2 > /dev/null ||
				note "$path" "no ping through the tunnel"
			tcp_both "$path" "$CL" "$GW_OFFICE"
			detail "$path: $(vpnc_esp_verdicts "$CL")"
			detail "$path: gateway xfrm errors: $(xfrm_errors "$GW_NS")"
			detail "$path: client tun0: $(ip -n "$CL" -s -o link show dev tun0 | tr -s ' ' | cut -c1-300)"
		fi
		vpnc_close "$CL"
		if ! wait_until 20 sh -c "[ \$(ip -n $GW_NS xfrm state | grep -c '^src') = 0 ]"; then
			say "$path: the gateway still holds $(xfrm_states "$GW_NS") SA(s) after vpnc left"
			note "$path" "gateway kept session $i's SAs after vpnc left"
		fi
	done
	client_drop "$CL"
	ip -n "$GW_NS" route del "$pool.0/24" dev pub0
	[ $kind = roam ] && ip -n "$O" route del "$pool.0/24" via 192.168.50.1
	gw_stop $kind
	if [ ${#setups[@]} -gt 0 ]; then
		R_SETUP[$path]=$(median "${setups[@]}")
		R_CPU[$path]=$(median "${cpus[@]}" | awk '{printf "%.0f", $1}')
		R_SAMPLES[$path]="${setups[*]}"
	fi
}

# tcp_both PATH C SRV: STREAMS TCP streams each way between the client C
# and the office host SRV, up and down in turn (so that a drift of the
# host's load meets both directions alike): the medians into R_TPUT,
# R_RETR, R_DOWN, R_RETR_DOWN, the samples into R_UP_ALL/R_DOWN_ALL, and
# what every stream moved into the details; on roam's gateway, roam0's
# counters (drops included) after them.
tcp_both() {
	local r s0=$SCRATCH/drops.0 s1=$SCRATCH/drops.1 nss d i
	local up=() upr=() down=() downr=()
	nss="${GW_NS:-$G} $2 $3 $N"
	for ((i = 1; i <= STREAMS; i++)); do
		# shellcheck disable=SC2086
		drop_snapshot $nss > "$s0"
		r=$(iperf_tcp "$2" "$3" 192.168.50.2 "$IPERF_T")
		# shellcheck disable=SC2086
		drop_snapshot $nss > "$s1"
		detail "$1: TCP up ($i of $STREAMS) ${r%% *} Mb/s (retransmits ${r#* }); counters that moved: $(drop_delta "$s0" "$s1")"
		[ "$r" != - ] && up+=("${r%% *}") && upr+=("${r#* }")
		r=$(iperf_tcp "$2" "$3" 192.168.50.2 "$IPERF_T" down)
		# shellcheck disable=SC2086
		drop_snapshot $nss > "$s0"
		detail "$1: TCP down ($i of $STREAMS) ${r%% *} Mb/s (retransmits ${r#* }); counters that moved: $(drop_delta "$s1" "$s0")"
		[ "$r" != - ] && down+=("${r%% *}") && downr+=("${r#* }")
	done
	R_TPUT[$1]=-
	R_RETR[$1]=-
	R_DOWN[$1]=-
	R_RETR_DOWN[$1]=-
	if [ ${#up[@]} -gt 0 ]; then
		R_TPUT[$1]=$(median "${up[@]}")
		R_RETR[$1]=$(median "${upr[@]}")
	fi
	if [ ${#down[@]} -gt 0 ]; then
		R_DOWN[$1]=$(median "${down[@]}")
		R_RETR_DOWN[$1]=$(median "${downr[@]}")
	fi
	R_UP_ALL[$1]="${up[*]}"
	R_DOWN_ALL[$1]="${down[*]}"
	case $1 in
	roam*) detail "$1: gateway roam0 after both: $(ip -n "$GW_NS" -s -s link show roam0 | tr '\n' ' ' | tr -s ' ' | sed 's/.*RX:/RX:/')" ;;
	esac
	case " ${BENCH_PERF:-} " in
	*" $1 "*)
		for d in ${BENCH_PERF_DIRS:-down}; do
			perf_stream "$1" "$2" "$3" 192.168.50.2 "$d"
		done
		;;
	esac
}

table_row() {
	printf '%-38s | %-16s | %8s | %8s | %11s | %9s | %8s | %9s\n' "$@"
}

print_table() {
	local p s
	table_row "path" "setup s" "TCP up" "TCP down" "retransmits" "gw CPU ms" "gw procs" "gw RSS MB"
	table_row "" "(median; IKE)" "Mb/s" "Mb/s" "up/down" "per setup" "1 sess." "1 sess."
	printf '%s\n' "---------------------------------------+------------------+----------+----------+-------------+-----------+----------+----------"
	for p in $PATHS; do
		s=${R_SETUP[$p]:--}
		if [ "$p" = plain ]; then
			s="-"
		elif [ -n "${R_IKE[$p]:-}" ] && [ "${p%-noipsec}" = "$p" ] &&
		     [ "${p%-pptp}" = "$p" ]; then
			s="$s; ${R_IKE[$p]}"
		fi
		table_row "$(path_title "$p")" "$s" "${R_TPUT[$p]:--}" \
			"${R_DOWN[$p]:--}" \
			"${R_RETR[$p]:--}/${R_RETR_DOWN[$p]:--}" \
			"${R_CPU[$p]:--}" "${R_PROCS[$p]:--}" "${R_RSS[$p]:--}"
	done
	echo
	echo "setup: start of the IKE initiation (of the L2TP dial without IPsec, of the client's pppd for PPTP) to the client's ppp0 up, median of $RUNS sessions of one client after an untimed first one; IKE: main + quick mode. vpnc: from vpnc's start (Aggressive Mode, XAUTH, Mode-Config, Quick Mode) to the gateway's ESP SA pair."
	printf 'setup samples (s):'
	for p in $PATHS; do
		[ -n "${R_SAMPLES[$p]:-}" ] && printf ' %s: %s;' "$p" "${R_SAMPLES[$p]}"
	done
	echo
	echo "TCP: iperf3 -t $IPERF_T, one stream at a time, client -> office host (up) and office host -> client (down, iperf3 -R), $STREAMS of each in turn, the median of their received rates; retransmits: the sender's, median. IKE $IKE_PROP, ESP $ESP_PROP, MS-CHAPv2, ppp mtu 1400; no MPPE on L2TP, MPPE-128 stateless on PPTP (client: pptp-linux, GRE in userspace over a pty, on both PPTP paths). vpnc: AES-256/SHA1/MODP-1536, ESP AES-256/SHA1 tunnel mode, the client's ESP is vpnc's own (userspace, tun0 mtu 1380) on both gateways."
	echo "gw CPU: user+system time of the gateway's processes while one session was set up (median; the kernel's softirq work is not in it)."
	echo "gw procs/RSS: the gateway's processes and their summed RSS with one session up."
	echo "Each session, with what the client had to resend: bench-details.txt."
	for p in $PATHS; do
		[ -n "${R_NOTE[$p]:-}" ] && echo "note: $p: ${R_NOTE[$p]}"
	done
	echo "ratios (throughput, same run):$(ratios | awk '{printf " %s %s;", $1, $2}')"
	echo "roam's uplink (pub0): UDP tunnel segmentation offload $([ "${BENCH_TNL_GSO:-0}" = 1 ] && echo "on (the veth passes GSO packets to the client whole)" || echo "off (segmented at the uplink, as by a NIC without it)")."
	if [ "${BENCH_LINK_NAPI:-0}" = 1 ]; then
		echo "the links' receive: each veth through its NAPI ring with GRO, in the order sent; TSO off, a pfifo queue on each sender (BENCH_LINK_NAPI=1)$([ "${BENCH_RPS:-0}" = 1 ] && echo "; RPS on every link")."
	else
		echo "the links' receive: $([ "${BENCH_RPS:-0}" = 1 ] && echo "steered by flow hash (RPS on every link, BENCH_RPS=1)" || echo "on the sending CPU (veth's default)")."
	fi
	echo "esp-ceiling: IPIP over ESP transport, $ESP_PROP, keys set by hand, inner MTU 1400, client -> roam's gateway namespace -> office host."
	echo "VM: $(uname -r), $(nproc) CPUs (qemu, no KVM)"
}

# ratio A B: A / B to two places, or "-" when either is missing
ratio() {
	case "$1$2" in *-*|'') echo - ; return ;; esac
	awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'
}

# The targets' ratios: roam without IPsec against stock, roam's L2TP/IPsec
# against the ESP ceiling, as "NAME VALUE" lines.
ratios() {
	echo "noipsec_up_vs_stock $(ratio "${R_TPUT[roam-noipsec]:--}" "${R_TPUT[stock-noipsec]:--}")"
	echo "noipsec_down_vs_stock $(ratio "${R_DOWN[roam-noipsec]:--}" "${R_DOWN[stock-noipsec]:--}")"
	echo "ipsec_up_vs_stock $(ratio "${R_TPUT[roam]:--}" "${R_TPUT[stock]:--}")"
	echo "ipsec_down_vs_stock $(ratio "${R_DOWN[roam]:--}" "${R_DOWN[stock]:--}")"
	echo "ipsec_up_vs_esp_ceiling $(ratio "${R_TPUT[roam]:--}" "${R_TPUT[esp-ceiling]:--}")"
	echo "ipsec_down_vs_esp_ceiling $(ratio "${R_DOWN[roam]:--}" "${R_DOWN[esp-ceiling]:--}")"
	echo "stock_ipsec_up_vs_esp_ceiling $(ratio "${R_TPUT[stock]:--}" "${R_TPUT[esp-ceiling]:--}")"
	echo "stock_ipsec_down_vs_esp_ceiling $(ratio "${R_DOWN[stock]:--}" "${R_DOWN[esp-ceiling]:--}")"
}

# The same figures for programs: one object per path ("-" becomes null).
print_json() {
	local p first=1
	jnum() { case $1 in ''|-) echo null ;; *) echo "$1" ;; esac; }
	printf '{"kernel": "%s", "cpus": %s, "runs": %s, "iperf_seconds": %s, "streams": %s, "paths": [' \
		"$(uname -r)" "$(nproc)" "$RUNS" "$IPERF_T" "$STREAMS"
	for p in $PATHS; do
		[ $first = 1 ] || printf ', '
		first=0
		printf '{"path": "%s", "title": "%s", "setup_s": %s, "ike_s": %s, "tcp_mbit_s": %s, "tcp_down_mbit_s": %s, "tcp_retransmits": %s, "tcp_down_retransmits": %s, "gw_cpu_ms_per_setup": %s, "gw_procs": %s, "gw_rss_mb": %s, "setup_samples_s": [%s], "tcp_up_samples_mbit_s": [%s], "tcp_down_samples_mbit_s": [%s], "note": "%s"}' \
			"$p" "$(path_title "$p")" "$(jnum "${R_SETUP[$p]:-}")" \
			"$(jnum "${R_IKE[$p]:-}")" "$(jnum "${R_TPUT[$p]:-}")" \
			"$(jnum "${R_DOWN[$p]:-}")" "$(jnum "${R_RETR[$p]:-}")" \
			"$(jnum "${R_RETR_DOWN[$p]:-}")" \
			"$(jnum "${R_CPU[$p]:-}")" "$(jnum "${R_PROCS[$p]:-}")" \
			"$(jnum "${R_RSS[$p]:-}")" \
			"$(echo "${R_SAMPLES[$p]:-}" | tr -s ' ' ',' | sed 's/^,//; s/,$//')" \
			"$(echo "${R_UP_ALL[$p]:-}" | tr -s ' ' ',' | sed 's/^,//; s/,$//')" \
			"$(echo "${R_DOWN_ALL[$p]:-}" | tr -s ' ' ',' | sed 's/^,//; s/,$//')" \
			"${R_NOTE[$p]:-}"
	done
	printf '], "ratios": {'
	ratios | awk '{printf "%s\"%s\": %s", (NR > 1 ? ", " : ""), $1, ($2 == "-" ? "null" : $2)}'
	printf '}}\n'
}

# --- run -------------------------------------------------------------------------------
# the warm-up is for IPsec paths only
case " $PATHS " in
*" roam "*|*" stock "*) warmup ;;
esac
for p in $PATHS; do
	case $p in
	plain) run_plain ;;
	esp-ceiling) run_esp_ceiling "$p" ;;
	*-vpnc) run_vpnc_path "$p" ;;
	*) run_path "$p" ;;
	esac
done
# what went through the gateways' uplinks' NAPI rings (veth counts a
# packet there only when it took that path)
if [ "${BENCH_LINK_NAPI:-0}" = 1 ]; then
	for a in "$G" "$S"; do
		detail "$a: packets received through the NAPI ring: $(ip netns exec "$a" ethtool -S pub0 2>/dev/null |
			awk '/rx_queue_0_xdp_packets/ { print "pub0", $2 }') $(ip netns exec "$a" ethtool -S lan0 2>/dev/null |
			awk '/rx_queue_0_xdp_packets/ { print "lan0", $2 }')"
	done
fi
say "done"
print_table > "$TABLE"
print_json > "$RESULTS"
if [ "${BENCH_TABLE_STDOUT:-1}" = 1 ]; then
	echo
	echo "=== roam benchmark ==="
	cat "$TABLE"
fi
exit 0
