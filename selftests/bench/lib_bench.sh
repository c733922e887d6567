# SPDX-License-Identifier: GPL-2.0
#
# Sourced by bench_in_vm.sh (after lib.sh and lib_client.sh): the roam
# gateway for the benchmark and the measuring helpers.
#
#   bench_gw_setup G O         G: 192.0.2.1/24 on the bridge, 192.168.50.1/24
#                              to office O (192.168.50.2), which routes the
#                              pool 10.10.0.0/24 and the clients' net via G
#   bench_roamd_start G CONF   roamd in G (log level info: the benchmark
#                              does not pay for debug logging), roam0 up
#   bench_roamd_stop G         stops it and removes roam0
#   roam_sessions G            kernel sessions in G
#   now_us                     wall clock, microseconds (no fork)
#   gw_cpu_ticks NS            user+system clock ticks of NS's processes
#   gw_procs NS                "COUNT RSS_KB PSS_KB THREADS PTE_KB" of
#                              NS's processes
#   gw_netdevs NS / xfrm_states NS
#   kmem_settle                count kernel threads, drop unused dentries
#                              and inodes, re-run a session's programs,
#                              a second for RCU
#   kmem_read FILE             flush every slab cache (TESTING.md's trick)
#                              and read: KM_SLAB KM_PERCPU KM_ALL, FILE
#                              per cache (slab_read.py)
#   kmem_top A B N             the N slab caches that grew most from A to B
#   iperf_tcp C OFFICE DST SECS   one TCP stream C -> DST, Mbit/s

BENCH_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# --- roam's gateway ----------------------------------------------------------

bench_gw_setup() {
	local g=$1 o=$2
	bench_attach "$g" pub0 192.0.2.1/24
	ip link add lan0 netns "$g" type veth peer name eth0 netns "$o"
	ip -n "$g" addr add 192.168.50.1/24 dev lan0
	ip -n "$o" addr add 192.168.50.2/24 dev eth0
	ip -n "$g" link set lan0 up
	ip -n "$o" link set eth0 up
	ip -n "$o" route add 10.10.0.0/24 via 192.168.50.1
	ip -n "$o" route add 192.0.2.0/24 via 192.168.50.1
	ip netns exec "$g" sysctl -qw net.ipv4.ip_forward=1
}

bench_roamd_start() {
	local g=$1 conf=$2
	chmod 600 "$conf"
	ip netns exec "$g" roamd -f -l info -c "$conf" -S "$RD_SOCK" \
		> "$RD_LOG" 2>&1 &
	RD_PID=$!
	at_exit "bench_roamd_stop $g"
	wait_until 10 test -S "$RD_SOCK" || { tail -n 20 "$RD_LOG"; return 1; }
	wait_until 5 ip -n "$g" link show roam0 >/dev/null 2>&1 || return 1
	ip -n "$g" addr add 10.10.0.1/32 dev roam0
	ip -n "$g" link set roam0 up
	ip -n "$g" route add 10.10.0.0/24 dev roam0
}

bench_roamd_stop() {
	local g=$1
	[ -n "${RD_PID:-}" ] || return 0
	kill -TERM "$RD_PID" 2>/dev/null && wait "$RD_PID"
	RD_RC=$?
	RD_PID=
	ip -n "$g" link del roam0 2>/dev/null
	return 0
}

roam_sessions() {
	ip netns exec "$1" roam -j session show 2>/dev/null | json 'len(d or [])'
}

# --- clocks, processes, devices ------------------------------------------------

now_us() {
	local t=$EPOCHREALTIME
	echo "${t/./}"
}

CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

gw_cpu_ticks() {
	local p sum=0 t
	for p in $(ip netns pids "$1" 2>/dev/null); do
		t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}')
		sum=$((sum + ${t:-0}))
	done
	echo "$sum"
}

gw_procs() {
	local p n=0 rss=0 pss=0 thr=0 pte=0 r s t e
	for p in $(ip netns pids "$1" 2>/dev/null); do
		read -r r t e <<< "$(awk '/^VmRSS:/ {r = $2} /^Threads:/ {t = $2} /^VmPTE:/ {e = $2}
			END {print r, t, e}' "/proc/$p/status" 2>/dev/null)"
		s=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null)
		[ -n "$r" ] || continue
		n=$((n + 1))
		rss=$((rss + r))
		pss=$((pss + ${s:-0}))
		thr=$((thr + ${t:-0}))
		pte=$((pte + ${e:-0}))
	done
	echo "$n $rss $pss $thr $pte"
}

gw_proc_names() {
	local p
	for p in $(ip netns pids "$1" 2>/dev/null); do
		printf '%s(%s kB) ' "$(cat "/proc/$p/comm" 2>/dev/null)" \
			"$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null)"
	done
}

gw_netdevs() {
	ip -n "$1" -o link show 2>/dev/null | wc -l
}

xfrm_states() {
	ip -n "$1" xfrm state 2>/dev/null | grep -c '^src'
}

# --- kernel memory -------------------------------------------------------------

# Caches left out of the per-session figure, which are not session state:
# packet buffers (traffic in flight, and NAPI's per-CPU cache of up to 64
# skb heads, which fills and drains with traffic), path-lookup buffers, and
# file-system caches (dentries, inodes, page-cache nodes: what ran or was
# looked at under /proc; a socket's inode is in sock_inode_cache, which
# counts).
KMEM_EXCLUDE='^(?!sock_inode_cache$)(skbuff_|names_cache$|dentry$|[a-z0-9_]*inode_cache$|radix_tree_node$|buffer_head$)'

# kmem_read FILE: flush every slab cache and read (slab_read.py): sets
# KM_SLAB (active objects, without KMEM_EXCLUDE), KM_PERCPU, KM_ALL;
# writes "CACHE BYTES" lines into FILE.
kmem_read() {
	read -r KM_SLAB KM_PERCPU KM_ALL <<< \
		"$(/usr/bin/python3 "$BENCH_LIB_DIR/slab_read.py" "$1" "$KMEM_EXCLUDE")"
}

# kmem_settle: count the kernel threads (KM_KTHREADS), drop unused
# dentries and inodes (9p's, /proc's: whatever ran or was looked at since
# the last reading), run once what a session runs so that its dentries are
# there in both readings, and give RCU a second.
kmem_settle() {
	KM_KTHREADS=$(ps -e -o pid=,ppid= | awk '$1 == 2 || $2 == 2' | wc -l)
	sync
	echo 2 > /proc/sys/vm/drop_caches
	{
		ip -V
		swanctl --version
		pppd --version
		mount -V
		timeout 1 true
		date
		sed --version
		awk -W version
		cat /usr/lib/pppd/*/pppol2tp.so /usr/lib/pppd/*/passwordfd.so
	} > /dev/null 2>&1
	sleep 1
}

# The slab objects of one kernel thread (kworkers come and go, and the one
# that exits after 5 idle minutes in the middle of a reading is not the
# session's): task_struct, sighand, signal, pid, cred, the stack's vmap_area.
KTHREAD_BYTES=$(awk '$1 ~ /^(task_struct|sighand_cache|signal_cache|pid|cred_jar|vmap_area)$/ {s += $4} END {print s + 0}' /proc/slabinfo 2>/dev/null)

# kmem_top A B N: the N caches that grew most, then the N that shrank most
kmem_top() {
	join <(sort "$1") <(sort "$2") | awk '{d = $3 - $2; if (d != 0) print d, $1}' |
		sort -rn > "$1.top"
	head -n "$3" "$1.top" | awk '{printf "%s %+d, ", $2, $1}'
	printf '... '
	tail -n "$3" "$1.top" | awk '$1 < 0 {printf "%s %+d, ", $2, $1}'
}

# --- throughput ------------------------------------------------------------------

iperf_tcp() {
	local c=$1 o=$2 dst=$3 secs=$4 out spid mbps
	out=$TEST_TMP/iperf.$c
	ip netns exec "$o" iperf3 -s -1 -B "$dst" > "$out.srv" 2>&1 &
	spid=$!
	wait_until 10 sh -c "ip netns exec $o ss -ltn | grep -q ':5201 '" ||
		{ kill $spid 2>/dev/null; echo "-"; return 1; }
	ip netns exec "$c" timeout $((secs + 30)) iperf3 -c "$dst" -t "$secs" -J \
		> "$out.json" 2> "$out.err"
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
	mbps=$(json "'%.1f %d' % (d['end']['sum_received']['bits_per_second'] / 1e6, d['end']['sum_sent'].get('retransmits', 0))" \
		< "$out.json" 2>/dev/null)
	if [ -z "$mbps" ]; then
		sed 's/^/# iperf3: /' "$out.err" "$out.srv" >&2
		head -c 600 "$out.json" | sed 's/^/# iperf3: /' >&2
		echo "-"
		return 1
	fi
	echo "$mbps"
}

# median of numbers (one word each)
median() {
	printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
		if (NR == 0) {print "-"; exit}
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

us_to_s() {
	awk -v u="$1" 'BEGIN {printf "%.3f", u / 1e6}'
}
