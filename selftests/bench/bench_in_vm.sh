#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark, inside the VM (bench.sh boots it): roam against the stock
# Linux stack, side by side in one VM run. It prints figures and asserts
# nothing about speed.
#
#   plain          client -> gateway -> office host, plain routing
#   roam           L2TP/IPsec: strongSwan + xl2tpd + pppd client against
#                  roamd and roam.ko/roam_l2tp.ko
#   stock          L2TP/IPsec: the same client against strongSwan (IKEv1
#                  responder) + xl2tpd (LNS, kernel mode) + pppd
#   roam-noipsec   roam with "l2tp set ipsec none", client without IPsec
#   stock-noipsec  xl2tpd + pppd without strongSwan
#
#                          netns N (bridge br0, 192.0.2.0/24)
#   client 192.0.2.x -----------+------ G 192.0.2.1  roamd, roam0 ---------- O  192.168.50.2
#   (a fresh namespace          +------ S 192.0.2.2  charon, xl2tpd, pppd -- O2 192.168.50.2
#    per session)
#
# Per path:
#   setup    seconds from the start of the IKE initiation (the L2TP dial
#            without IPsec) to ppp0 up on the client (pppd's ip-up hook);
#            the median of BENCH_RUNS sessions of one client
#   TCP      one stream client -> office host, iperf3 -t BENCH_IPERF_T
#   gateway  processes and their RSS in the gateway's namespace, idle and
#            with one session; its net devices; the user+system CPU of its
#            processes while a session is set up;
#            the kernel memory one session holds on the gateway (the last
#            session): slab (active objects after a flush of every cache)
#            and percpu, from a reading with the client's programs running
#            but idle to one after the session was made and the client vanished
#            without a word (its link cut, its programs killed, its kernel
#            state gone, its programs restarted idle): what remains is
#            what the gateway holds (checked to be still there); plus the
#            kernel stacks and page tables of the gateway's new processes.
#   noise    the same kernel reading around a client that dials nothing.
#
# Environment: BENCH_RUNS (3), BENCH_IPERF_T (10), BENCH_PATHS (all five),
# BENCH_IKE (aes256-sha1-modp2048), BENCH_ESP (aes256-sha1), BENCH_AUTH
# (mschapv2 or chap). Writes bench-table.txt and bench-details.txt into
# $ROAM_VM_OUT.

set -u

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ST=$(cd "$BENCH_DIR/.." && pwd)
TREE=$(cd "$ST/.." && pwd)
# shellcheck source=../lib.sh
source "$ST/lib.sh"
# shellcheck source=../vm/install-tree.sh
source "$ST/vm/install-tree.sh"
# shellcheck source=lib_client.sh
source "$BENCH_DIR/lib_client.sh"
# shellcheck source=lib_bench.sh
source "$BENCH_DIR/lib_bench.sh"
# shellcheck source=lib_stock.sh
source "$BENCH_DIR/lib_stock.sh"

RUNS=${BENCH_RUNS:-3}
IPERF_T=${BENCH_IPERF_T:-10}
PATHS=${BENCH_PATHS:-plain roam stock roam-noipsec stock-noipsec}
IKE_PROP=${BENCH_IKE:-aes256-sha1-modp2048}
ESP_PROP=${BENCH_ESP:-aes256-sha1}
AUTH=${BENCH_AUTH:-mschapv2}
PSK="office psk"
USER_NAME=alice
USER_PASS=alice-pw
# x86_64 kernel stack of a task (Debian's kernels have no KASAN)
THREAD_BYTES=16384
OUTDIR=${ROAM_VM_OUT:-/tmp}
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

# --- scratch: a tmpfs outside /run (clients bind-mount their own /run) -------
SCRATCH=/var/tmp/roam-bench
mkdir -p "$SCRATCH"
mountpoint -q "$SCRATCH" || mount -t tmpfs -o size=512m,mode=1777 roam-bench "$SCRATCH" || exit 1
mkdir -p "$SCRATCH/tmp" "$SCRATCH/peers" "$SCRATCH/bin"
export TMPDIR=$SCRATCH/tmp
TEST_NAME=bench
TEST_TMP=$SCRATCH/tmp
BENCH_ROOT=$SCRATCH/peers
DETAILS=$OUTDIR/bench-details.txt
TABLE=$OUTDIR/bench-table.txt
: > "$DETAILS"

bench_exit() {
	local i ns
	trap - EXIT
	for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
		eval "${CLEANUPS[i]}" >/dev/null 2>&1
	done
	for ns in "${CREATED_NS[@]}"; do
		ns_exists "$ns" || continue
		cl_kill "$ns" >/dev/null 2>&1
		ip netns del "$ns" 2>/dev/null
	done
}
trap bench_exit EXIT
trap 'exit 130' INT TERM

# --- the tree's modules and programs -------------------------------------------
install_tree "$TREE"
# Copies, so that a rebuild in the tree cannot pull a binary from under us.
cp "$TREE/userspace/roam/roam" "$TREE/userspace/roamd/roamd" "$SCRATCH/bin/" 2>/dev/null
export PATH="$SCRATCH/bin:$PATH"
for c in ip xl2tpd pppd swanctl iperf3 roamd roam ss; do
	command -v "$c" >/dev/null || { echo "bench: $c not found" >&2; exit 1; }
done
[ -x /usr/lib/ipsec/charon ] || { echo "bench: strongSwan's charon not installed" >&2; exit 1; }
modprobe ppp_generic && modprobe l2tp_ppp && modprobe l2tp_netlink ||
	{ echo "bench: cannot load the in-tree l2tp modules" >&2; exit 1; }
modprobe roam && modprobe roam_l2tp || { echo "bench: cannot load roam's modules" >&2; exit 1; }
say "kernel $(uname -r), $(nproc) CPUs, $RUNS sessions per path, iperf3 -t $IPERF_T, IKE $IKE_PROP, ESP $ESP_PROP, PPP auth $AUTH"
say "roam.ko $(stat -c %y "$(modinfo -F filename roam)" | cut -d. -f1), roamd $(stat -c %y "$TREE/userspace/roamd/roamd" | cut -d. -f1)"

# --- the network -----------------------------------------------------------------
bench_net_setup
ns_create G
ns_create O
bench_gw_setup "$G" "$O"
ns_create S
ns_create O2
stock_gw_setup "$S" "$O2"
RD_SOCK=$SCRATCH/roamd.sock
RD_LOG=$SCRATCH/roamd.log
say "network set up"

# client_new: a fresh client namespace on the bridge (CL, CL_PORT, CL_ADDR)
CLIENT_IDX=0
client_new() {
	local v
	CLIENT_IDX=$((CLIENT_IDX + 1))
	v=C$CLIENT_IDX
	ns_create "$v" || return 1
	CL=${!v}
	CL_ADDR=192.0.2.$((20 + CLIENT_IDX))
	bench_attach "$CL" eth0 "$CL_ADDR/24"
	CL_PORT=$ATTACH_PORT
}

# client_drop C: its programs die, its namespace and files go.
client_drop() {
	cl_kill "$1"
	ip netns del "$1" 2>/dev/null
	rm -rf "$(bench_dir "$1")"
}

# --- warm-up and noise ----------------------------------------------------------
# A throwaway ESP SA (AES-256-CBC/HMAC-SHA1) between a scratch client and G,
# then that client's charon and xl2tpd: their first start reads everything
# over 9p, which nothing timed should pay. The same client then gives the
# noise of the kernel figures: the reading of run_path around a client
# that dials nothing.
warmup_and_noise() {
	local a b k1 k2 t0 t1 k0 kk p0=(0 0 0 0 0) p1=(0 0 0 0 0)
	client_new
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
	b=$?
	t1=$(now_us)
	say "crypto warm-up: throwaway ESP SA, 3 pings in $(us_to_s $((t1 - t0))) s (status $b)"
	for a in "$CL" "$G"; do
		ip -n "$a" xfrm state flush
		ip -n "$a" xfrm policy flush
	done
	t0=$(now_us)
	client_prepare "$CL" 192.0.2.1 1
	b=$?
	pppd --version > /dev/null 2>&1
	t1=$(now_us)
	say "program warm-up: charon and xl2tpd started in $(us_to_s $((t1 - t0))) s (status $b)"

	say "noise: the kernel reading around a client that dials nothing"
	: > "$TEST_TMP/slab0"
	: > "$TEST_TMP/slab1"
	kmem_settle
	kmem_read "$TEST_TMP/slab0"
	k0=("$KM_SLAB" "$KM_PERCPU" "$KM_ALL" "$KM_KTHREADS")
	client_reset "$CL" "$CL_PORT" 192.0.2.1 1
	kmem_settle
	kmem_read "$TEST_TMP/slab1"
	kk=("$KM_SLAB" "$KM_PERCPU" "$KM_ALL" "$KM_KTHREADS")
	kernel_bytes k0 kk p0 p1
	NOISE="slab $(kb $KB_SLAB) kB, percpu $(kb $KB_PERCPU) kB"
	detail "noise: slab $KB_SLAB (all caches $((kk[2] - k0[2])), kernel threads ${k0[3]} -> ${kk[3]} at $KTHREAD_BYTES bytes each), percpu $KB_PERCPU bytes; caches: $(kmem_top "$TEST_TMP/slab0" "$TEST_TMP/slab1" 8)"
	client_drop "$CL"
}

# --- the gateways ------------------------------------------------------------------

# gw_start KIND IPSEC
gw_start() {
	case $1 in
	roam)
		cat > "$SCRATCH/roamd.conf" <<EOC
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add $USER_NAME password $USER_PASS
psk add peer any secret "$PSK"
ppp set local 10.10.0.1 dns 192.168.50.2 auth $AUTH
log level info
EOC
		[ "$2" = 1 ] || echo "l2tp set ipsec none" >> "$SCRATCH/roamd.conf"
		bench_roamd_start "$G" "$SCRATCH/roamd.conf" ;;
	stock)
		if [ "$2" = 1 ]; then
			stock_charon_start "$S" "$PSK" || return 1
		fi
		stock_xl2tpd_start "$S" "$USER_NAME" "$USER_PASS" "$AUTH" ;;
	esac
}

gw_stop() {
	case $1 in
	roam) bench_roamd_stop "$G" ;;
	stock) stock_gw_stop "$S" ;;
	esac
}

gw_sessions() {
	case $1 in
	roam) roam_sessions "$G" ;;
	stock) stock_sessions "$S" ;;
	esac
}

gw_idle() {
	[ "$(gw_sessions "$1")" = 0 ] && [ "$(xfrm_states "$2")" = 0 ]
}

gw_logs() {
	case $1 in
	roam) tail -n 30 "$RD_LOG" | sed 's/^/# roamd: /' ;;
	stock) stock_logs "$S" ;;
	esac
}

# --- one session -------------------------------------------------------------------

# client_prepare C GWADDR IPSEC: the client's programs, started and idle
client_prepare() {
	local c=$1 gw=$2 ipsec=$3 dir
	dir=$(bench_dir "$c")
	mkdir -p "$dir/etc-ppp" "$dir/run"
	if [ "$ipsec" = 1 ]; then
		cl_charon_start "$c" "$PSK" "$gw" "$IKE_PROP" "$ESP_PROP" || return 1
	fi
	cl_xl2tpd_start "$c" "$USER_NAME" "$USER_PASS" "$gw" || return 1
	# pppd runs /etc/ppp/ip-up (the client's own) once ppp0 has its address.
	printf '#!/bin/sh\ndate +%%s%%N > %s/ppp-up.ts\n' "$dir" > "$dir/etc-ppp/ip-up"
	chmod 755 "$dir/etc-ppp/ip-up"
}

# session_connect C IPSEC GWNS: sets SETUP_US IKE_US CPU_MS AUTH_SEEN
session_connect() {
	local c=$1 ipsec=$2 gwns=$3 dir t0 tike t1 c0 c1 ike_rt0
	dir=$(bench_dir "$c")
	rm -f "$dir/ppp-up.ts"
	# pppd appends: a fresh log per session, for the retransmission counts
	: > "$dir/pppd.log"
	ike_rt0=$(grep -c 'retransmit' "$dir/charon.log" 2>/dev/null)
	c0=$(gw_cpu_ticks "$gwns")
	t0=$(now_us)
	if [ "$ipsec" = 1 ]; then
		cl_ipsec_up "$c" || { echo "# IKE failed"; cl_logs "$c"; return 1; }
	fi
	tike=$(now_us)
	cl_dial "$c" || { echo "# xl2tpd did not take the dial"; cl_logs "$c"; return 1; }
	if ! wait_until 60 test -s "$dir/ppp-up.ts"; then
		echo "# ppp0 did not come up"
		cl_logs "$c"
		return 1
	fi
	c1=$(gw_cpu_ticks "$gwns")
	t1=$(($(cat "$dir/ppp-up.ts") / 1000))
	SETUP_US=$((t1 - t0))
	IKE_US=$((tike - t0))
	CPU_MS=$(((c1 - c0) * 1000 / CLK_TCK))
	AUTH_SEEN=$(grep -o 'rcvd \[LCP ConfReq [^]]*<auth [^>]*>' "$dir/pppd.log" | tail -n 1 | grep -o '<auth [^>]*>')
	# what the client sent more than once: IKE messages (charon logs each
	# retransmission), LCP and IPCP Configure-Requests (pppd: 3 s timer)
	RETX="IKE retransmits $(($(grep -c 'retransmit' "$dir/charon.log" 2>/dev/null) - ${ike_rt0:-0})), client LCP ConfReqs $(grep -c 'sent \[LCP ConfReq' "$dir/pppd.log"), IPCP ConfReqs $(grep -c 'sent \[IPCP ConfReq' "$dir/pppd.log")"
	wait_until 5 cl_ppp_up "$c" || { echo "# ppp0 has no address"; return 1; }
	ip -n "$c" route add 192.168.50.0/24 dev ppp0
}

# session_close C IPSEC: hang up (CDN), then delete the IKE SA; the
# client's programs stay, idle, for the next session.
session_close() {
	local c=$1 ipsec=$2
	cl_hangup "$c" >/dev/null 2>&1
	wait_until 10 sh -c "! ip -n $c link show ppp0 >/dev/null 2>&1"
	if [ "$ipsec" = 1 ]; then
		in_client "$c" timeout 15 swanctl --terminate --ike roam --timeout 10 > /dev/null 2>&1
	fi
}

# client_reset C PORT GWADDR IPSEC: the client vanishes without a word (its
# bridge port goes down, its programs die, its kernel state goes), then its
# programs start again, idle, as before the session.
client_reset() {
	local c=$1 port=$2 gw=$3 ipsec=$4 dir
	dir=$(bench_dir "$c")
	ip -n "$N" link set "$port" down
	cl_kill "$c"
	ip -n "$c" xfrm state flush
	ip -n "$c" xfrm policy flush
	wait_until 10 sh -c "! ip -n $c link show ppp0 >/dev/null 2>&1"
	rm -f "$dir/ppp-up.ts"
	client_prepare "$c" "$gw" "$ipsec" > /dev/null
}

# --- results ------------------------------------------------------------------------
declare -A R_SETUP R_SAMPLES R_IKE R_TPUT R_PROCS R_RSS R_SLAB R_KERN R_NDEV R_CPU R_NOTE

path_title() {
	case $1 in
	plain) echo "plain routing" ;;
	roam) echo "roam L2TP/IPsec (roamd + roam.ko)" ;;
	stock) echo "stock L2TP/IPsec (charon+xl2tpd+pppd)" ;;
	roam-noipsec) echo "roam L2TP, no IPsec" ;;
	stock-noipsec) echo "stock L2TP, no IPsec (xl2tpd+pppd)" ;;
	*) echo "$1" ;;
	esac
}

run_plain() {
	local r
	say "path plain: client -> G (forwarding) -> office"
	client_new
	ip -n "$CL" route add 192.168.50.0/24 via 192.0.2.1
	if ! ip netns exec "$CL" ping -c 2 -i 0.2 -W 2 192.168.50.2 > /dev/null; then
		R_NOTE[plain]="no connectivity"
	fi
	r=$(iperf_tcp "$CL" "$O" 192.168.50.2 "$IPERF_T")
	R_TPUT[plain]=${r%% *}
	detail "plain: TCP ${r%% *} Mb/s (retransmits ${r#* })"
	client_drop "$CL"
}

# run_path PATH: RUNS timed sessions of one client (connect, hang up,
# again). The last one also carries the iperf3 stream and gives the
# gateway's cost: a kernel reading with the client ready but idle, the
# session, the client vanishes (client_reset), a second reading.
run_path() {
	local path=$1 kind ipsec gwaddr gwns office i setups=() ikes=() cpus=() r
	local k0 k1 p0 p1 n0 n1 left names
	case $path in
	roam) kind=roam ipsec=1 ;;
	stock) kind=stock ipsec=1 ;;
	roam-noipsec) kind=roam ipsec=0 ;;
	stock-noipsec) kind=stock ipsec=0 ;;
	*) say "unknown path $path"; return 1 ;;
	esac
	if [ $kind = roam ]; then
		gwaddr=192.0.2.1 gwns=$G office=$O
	else
		gwaddr=$STOCK_ADDR gwns=$S office=$O2
	fi
	say "path $path: $(path_title "$path")"
	if ! gw_start $kind $ipsec; then
		R_NOTE[$path]="gateway did not start"
		gw_logs $kind
		gw_stop $kind
		return 1
	fi
	client_new
	if ! client_prepare "$CL" "$gwaddr" $ipsec; then
		say "$path: the client did not start"
		R_NOTE[$path]="client did not start"
		client_drop "$CL"
		gw_stop $kind
		return 1
	fi
	for ((i = 1; i <= RUNS; i++)); do
		if [ $i -eq $RUNS ]; then
			read -r -a p0 <<< "$(gw_procs "$gwns")"
			n0=$(gw_netdevs "$gwns")
			: > "$TEST_TMP/slab0"
			: > "$TEST_TMP/slab1"
			kmem_settle
			kmem_read "$TEST_TMP/slab0"
			k0=("$KM_SLAB" "$KM_PERCPU" "$KM_ALL" "$KM_KTHREADS")
		fi
		if ! session_connect "$CL" $ipsec "$gwns"; then
			say "$path: session $i did not come up"
			gw_logs $kind
			R_NOTE[$path]="${R_NOTE[$path]:+${R_NOTE[$path]}; }session $i failed"
			session_close "$CL" $ipsec
			wait_until 20 gw_idle $kind "$gwns"
			continue
		fi
		setups+=("$(us_to_s $SETUP_US)")
		ikes+=("$(us_to_s $IKE_US)")
		cpus+=("$CPU_MS")
		detail "$path: session $i up in $(us_to_s $SETUP_US) s (IKE $(us_to_s $IKE_US) s), gateway CPU $CPU_MS ms, auth ${AUTH_SEEN:-?}, $(cl_ppp_addr "$CL"), gateway SAs $(xfrm_states "$gwns"); $RETX"
		if [ $i -lt $RUNS ]; then
			session_close "$CL" $ipsec
			if ! wait_until 20 gw_idle $kind "$gwns"; then
				say "$path: the gateway still holds $(gw_sessions $kind) session(s), $(xfrm_states "$gwns") SA(s) after the hang-up"
				R_NOTE[$path]="${R_NOTE[$path]:+${R_NOTE[$path]}; }gateway kept session $i after the hang-up"
			fi
			continue
		fi
		# the last session: processes, throughput, then the kernel's cost
		sleep 1
		read -r -a p1 <<< "$(gw_procs "$gwns")"
		n1=$(gw_netdevs "$gwns")
		names=$(gw_proc_names "$gwns")
		if ! ip netns exec "$CL" ping -c 2 -i 0.2 -W 2 192.168.50.2 > /dev/null; then
			say "$path: no ping through the tunnel"
		fi
		r=$(iperf_tcp "$CL" "$office" 192.168.50.2 "$IPERF_T")
		R_TPUT[$path]=${r%% *}
		detail "$path: TCP ${r%% *} Mb/s (retransmits ${r#* })"
		[ $kind = roam ] && detail "$path: roam session counters: $(ip netns exec "$G" roam -j -s session show | json 'd[0].get("stats") if d else None')"
		client_reset "$CL" "$CL_PORT" "$gwaddr" "$ipsec"
		kmem_settle
		kmem_read "$TEST_TMP/slab1"
		k1=("$KM_SLAB" "$KM_PERCPU" "$KM_ALL" "$KM_KTHREADS")
		left=$(gw_sessions $kind)
		kernel_bytes k0 k1 p0 p1
		R_PROCS[$path]="${p1[0]} (+$((p1[0] - p0[0])))"
		R_RSS[$path]="$(awk -v a="${p1[1]}" -v b="${p0[1]}" 'BEGIN {printf "%.1f (+%.1f)", a / 1024, (a - b) / 1024}')"
		R_NDEV[$path]="$n1 (+$((n1 - n0)))"
		if [ "$left" -ge 1 ] 2>/dev/null; then
			R_SLAB[$path]=$(kb $KB_SLAB)
			R_KERN[$path]=$(kb $KB_ALL)
		else
			R_SLAB[$path]="?"
			R_KERN[$path]="?"
			R_NOTE[$path]="${R_NOTE[$path]:+${R_NOTE[$path]}; }gateway dropped the session before the kernel reading"
		fi
		detail "$path: gateway processes with the session: $names"
		detail "$path: gateway processes ${p0[0]} -> ${p1[0]}, threads ${p0[3]} -> ${p1[3]}, RSS ${p0[1]} -> ${p1[1]} kB, PSS ${p0[2]} -> ${p1[2]} kB, page tables ${p0[4]} -> ${p1[4]} kB; netdevs $n0 -> $n1; sessions still held after the client vanished: $left"
		detail "$path: kernel bytes: slab $KB_SLAB (all caches $((k1[2] - k0[2])), kernel threads ${k0[3]} -> ${k1[3]} at $KTHREAD_BYTES bytes each), percpu $KB_PERCPU, kernel stacks $KB_STACK, page tables $KB_PTE = $KB_ALL"
		detail "$path: slab caches: $(kmem_top "$TEST_TMP/slab0" "$TEST_TMP/slab1" 10)"
	done
	client_drop "$CL"
	if [ ${#setups[@]} -gt 0 ]; then
		R_SETUP[$path]=$(median "${setups[@]}")
		R_SAMPLES[$path]="${setups[*]}"
		R_IKE[$path]=$(median "${ikes[@]}")
		R_CPU[$path]=$(median "${cpus[@]}")
	fi
	gw_stop $kind
}

# kernel_bytes K0 K1 P0 P1 (array names): slab + percpu of the VM (less
# the kernel threads that came or went), kernel stacks and page tables of
# the gateway's processes
kernel_bytes() {
	local -n a0=$1 a1=$2 q0=$3 q1=$4
	KB_KTHREADS=$((a1[3] - a0[3]))
	KB_SLAB=$((a1[0] - a0[0] - KB_KTHREADS * KTHREAD_BYTES))
	KB_PERCPU=$((a1[1] - a0[1]))
	KB_STACK=$(((q1[3] - q0[3]) * THREAD_BYTES))
	KB_PTE=$(((q1[4] - q0[4]) * 1024))
	KB_ALL=$((KB_SLAB + KB_PERCPU + KB_STACK + KB_PTE))
}

kb() {
	awk -v b="$1" 'BEGIN {printf "%.1f", b / 1024}'
}

print_table() {
	local p s fmt
	fmt='%-38s | %-22s | %8s | %-10s | %-12s | %8s | %9s | %-8s | %7s\n'
	printf "$fmt" "path" "setup s (median; IKE)" "TCP Mb/s" "gw procs" "gw RSS MB" "slab kB" "kernel kB" "netdevs" "gw CPU"
	printf "$fmt" "" "" "" "(+session)" "(+session)" "/session" "/session" "(+sess.)" "ms/setup"
	printf '%s\n' "---------------------------------------+------------------------+----------+------------+--------------+----------+-----------+----------+---------"
	for p in $PATHS; do
		s=${R_SETUP[$p]:--}
		[ -n "${R_IKE[$p]:-}" ] && [ "${p%-noipsec}" = "$p" ] && s="$s; ${R_IKE[$p]}"
		[ "$p" = plain ] && s="-"
		printf "$fmt" "$(path_title "$p")" "$s" "${R_TPUT[$p]:--}" \
			"${R_PROCS[$p]:--}" "${R_RSS[$p]:--}" "${R_SLAB[$p]:--}" \
			"${R_KERN[$p]:--}" "${R_NDEV[$p]:--}" "${R_CPU[$p]:--}"
	done
	echo
	echo "setup: start of the IKE initiation (the L2TP dial without IPsec) to ppp0 up on the client, median of $RUNS sessions of one client (hang-up and IKE delete in between); IKE: its main+quick mode part."
	echo "samples (s): $(for p in $PATHS; do [ -n "${R_SAMPLES[$p]:-}" ] && printf '%s: %s; ' "$p" "${R_SAMPLES[$p]}"; done)"
	echo "TCP: iperf3 -t $IPERF_T, one stream client -> office host, received rate. IKE $IKE_PROP, ESP $ESP_PROP, PPP auth $AUTH, ppp mtu 1400."
	echo "gw procs/RSS/netdevs: in the gateway's namespace with one session up (the increase over idle in parentheses)."
	echo "slab/kernel: what the kernel still holds for one session after its client vanished (slab: active objects after a flush of every cache, whole VM, without packet buffers, file-system caches (dentries, inodes, page-cache nodes) and kernel threads that came or went; kernel = slab + percpu + kernel stacks and page tables of the gateway's new processes/threads)."
	echo "noise of the kernel figures (same reading around a client that dials nothing): ${NOISE:-not measured}"
	echo "gw CPU: user+system time of the gateway's processes while one session was set up (median; kernel softirq work not included)."
	for p in $PATHS; do
		[ -n "${R_NOTE[$p]:-}" ] && echo "note: $p: ${R_NOTE[$p]}"
	done
	echo "VM: $(uname -r), $(nproc) CPUs (qemu, no KVM)"
}

# --- run -------------------------------------------------------------------------------
warmup_and_noise
for p in $PATHS; do
	case $p in
	plain) run_plain ;;
	*) run_path "$p" ;;
	esac
done
say "done"
print_table > "$TABLE"
if [ "${BENCH_TABLE_STDOUT:-1}" = 1 ]; then
	echo
	echo "=== roam benchmark ==="
	cat "$TABLE"
fi
exit 0
