# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by bench_in_vm.sh (after lib.sh): clocks and measurements.
#
#   now_us                 wall clock, microseconds (no fork)
#   us_to_s US             "1.234"
#   median N...            median of numbers ("-" for none)
#   ns_cpu_ms NS           user+system CPU time of NS's processes, ms
#   ns_procs NS            "COUNT RSS_KB" of NS's processes
#   ns_proc_names NS       "comm(RSS kB) ..." of NS's processes
#   xfrm_states NS         number of IPsec SAs in NS
#   iperf_tcp C SRV DST SECS [down]   one TCP stream from C to an iperf3
#                          server in SRV at DST (with "down", from the
#                          server to C: iperf3 -R): "MBIT_S RETRANSMITS"
#                          (the sender's), or "-"

now_us() {
	local t=$EPOCHREALTIME
	echo "${t/./}"
}

us_to_s() {
	awk -v u="$1" 'BEGIN {printf "%.2f", u / 1e6}'
}

median() {
	printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
		if (NR == 0) {print "-"; exit}
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# Fields 14 and 15 of /proc/PID/stat (all threads of the process), in
# clock ticks; the command name before them may hold spaces, hence the cut
# at its closing parenthesis.
ns_cpu_ms() {
	local p sum=0 t
	for p in $(ip netns pids "$1" 2>/dev/null); do
		t=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}')
		sum=$((sum + ${t:-0}))
	done
	echo $((sum * 1000 / CLK_TCK))
}

ns_procs() {
	local p n=0 rss=0 r
	for p in $(ip netns pids "$1" 2>/dev/null); do
		r=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null)
		[ -n "$r" ] || continue
		n=$((n + 1))
		rss=$((rss + r))
	done
	echo "$n $rss"
}

ns_proc_names() {
	local p
	for p in $(ip netns pids "$1" 2>/dev/null); do
		printf '%s(%s kB) ' "$(cat "/proc/$p/comm" 2>/dev/null)" \
			"$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null)"
	done
}

xfrm_states() {
	ip -n "$1" xfrm state 2>/dev/null | grep -c '^src'
}

# iperf3 keeps its stream files in TMPDIR, which must not be 9p.
iperf_tcp() {
	local c=$1 srv=$2 dst=$3 secs=$4 out spid r rev=
	[ "${5:-}" = down ] && rev=-R
	out=$TEST_TMP/iperf.$c
	ip netns exec "$srv" iperf3 -s -1 -B "$dst" > "$out.srv" 2>&1 &
	spid=$!
	if ! wait_until 10 sh -c "ip netns exec $srv ss -ltn | grep -q ':5201 '"; then
		kill "$spid" 2>/dev/null
		echo "-"
		return 1
	fi
	ip netns exec "$c" timeout $((secs + 30)) iperf3 -c "$dst" -t "$secs" $rev -J \
		> "$out.json" 2> "$out.err"
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	r=$(json "'%.1f %d' % (d['end']['sum_received']['bits_per_second'] / 1e6, d['end']['sum_sent'].get('retransmits', 0))" \
		< "$out.json" 2>/dev/null)
	if [ -z "$r" ]; then
		sed 's/^/# iperf3: /' "$out.err" "$out.srv" >&2
		head -c 600 "$out.json" | sed 's/^/# iperf3: /' >&2
		echo "-"
		return 1
	fi
	echo "$r"
}
