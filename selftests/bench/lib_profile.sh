# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by bench_in_vm.sh: where a path's TCP stream loses packets and
# time, for the paths named in BENCH_PERF (for example "roam-noipsec
# stock-noipsec"). None of this runs during a measured stream.
#
#   drop_snapshot NS...    every counter that can say a packet was lost on
#                          the way: the namespaces' nstat (absolute), their
#                          links' and qdiscs' drops, the softnet backlog drops
#   drop_delta A B         what changed between two snapshot files (the
#                          counters that moved, non-zero deltas only)
#   perf_stream PATH C SRV DST DIR   one more TCP stream (DIR: up or down)
#                          under `perf record -a -g` (cpu-clock: works
#                          under TCG); writes perf-PATH-DIR.txt into
#                          $OUTDIR: the top symbols by self time and the
#                          callers of the heaviest

drop_snapshot() {
	local ns
	for ns in "$@"; do
		ip netns exec "$ns" nstat -asz 2>/dev/null |
			awk -v n="$ns" '!/^#/ && NF >= 2 {print n ":" $1, $2}'
		# IPsec's own drops (replay, no state, policy) are not in nstat
		ip netns exec "$ns" cat /proc/net/xfrm_stat 2>/dev/null |
			awk -v n="$ns" 'NF == 2 {print n ":" $1, $2}'
		ip -n "$ns" -s -o link show 2>/dev/null | awk -v n="$ns" '{
			dev = $2; sub(/:$/, "", dev); sub(/@.*/, "", dev)
			for (i = 1; i <= NF; i++) {
				if ($i == "RX:" && $(i + 1) == "bytes") r = i
				if ($i == "TX:" && $(i + 1) == "bytes") t = i
			}
			# after "RX: bytes packets errors dropped ..." and its \ line break
			if (r) print n ":" dev ".rx_dropped", $(r + 11)
			if (t) print n ":" dev ".tx_dropped", $(t + 11)
		}'
		tc -n "$ns" -s qdisc show 2>/dev/null | awk -v n="$ns" '
			/^qdisc/ {q = $2 "@" $5}
			/dropped/ {d = $7; sub(/,$/, "", d); print n ":qdisc." q ".dropped", d}'
	done
	local d=0 f
	while read -r -a f; do
		d=$((d + 16#${f[1]}))
	done < /proc/net/softnet_stat
	echo "softnet.dropped $d"
}

drop_delta() {
	awk 'NR == FNR {a[$1] = $2; next}
	     ($2 - a[$1]) != 0 {printf "%s %+d\n", $1, $2 - a[$1]}' "$1" "$2" |
		grep -Ei 'drop|retrans|lost|loss|fail|prune|collapse|ofo|err|overflow|sack|reorder|backlog|squeeze|rcvq|memory|xfrm' |
		tr '\n' ';'
}

# perf_parts: "PCT% [k] SYMBOL" lines summed into the parts of a
# tunnel's path: idle, ESP's crypto, the xfrm layer, roam's modules, the
# in-tree L2TP and PPP stack (the clients' on roam's paths, both ends'
# on stock's), TCP, and the rest
perf_parts() {
	awk '{
		p = $1; sub(/%$/, "", p); s = $NF
		if (s ~ /^(default_idle|native_safe_halt|pv_native_safe_halt|arch_cpu_idle|cpu_idle|do_idle|acpi_idle)/) g = "idle"
		else if (s ~ /(aes|sha1|sha256|crypto|cbc|hmac|xor_|gf128|ghash|gcm)/) g = "crypto (AES, SHA-1, HMAC, CBC)"
		else if (s ~ /^(xfrm|esp|__xfrm|ah_)/) g = "xfrm and ESP"
		else if (s ~ /^roam_/) g = "roam modules"
		else if (s ~ /^(l2tp|pppol2tp|ppp_|__ppp|pppox)/) g = "in-tree L2TP and PPP"
		else if (s ~ /^(tcp_|__tcp)/) g = "TCP"
		else g = "the rest"
		t[g] += p
	}
	END {
		for (g in t) printf "%6.2f%%  %s\n", t[g], g
	}' | sort -rn
}

perf_stream() {
	local path=$1 c=$2 srv=$3 dst=$4 dir=$5 out spid r rev=
	command -v perf > /dev/null || { echo "bench: no perf" >&2; return 1; }
	[ "$dir" = down ] && rev=-R
	out=$OUTDIR/perf-$path-$dir.txt
	ip netns exec "$srv" iperf3 -s -1 -B "$dst" > "$TEST_TMP/perf-iperf.srv" 2>&1 &
	spid=$!
	if ! wait_until 10 sh -c "ip netns exec $srv ss -ltn | grep -q ':5201 '"; then
		kill "$spid" 2>/dev/null
		return 1
	fi
	# the stream is perf's workload: perf starts slowly under emulation,
	# and what it records is the stream and nothing else
	perf record -q -a -g -F 499 -o "$SCRATCH/perf.data" -- \
		ip netns exec "$c" timeout $((IPERF_T + 30)) iperf3 -c "$dst" \
		-t "$IPERF_T" $rev -J > "$TEST_TMP/perf-iperf.json" 2> "$SCRATCH/perf.err"
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	r=$(json "'%.1f %d' % (d['end']['sum_received']['bits_per_second'] / 1e6, d['end']['sum_sent'].get('retransmits', 0))" \
		< "$TEST_TMP/perf-iperf.json" 2>/dev/null)
	{
		echo "$path: TCP $dir under perf: ${r:--} (Mb/s retransmits), kernel $(uname -r)"
		echo "-- self time by symbol --"
		perf report -i "$SCRATCH/perf.data" --stdio --no-children \
			--sort sym -g none --percent-limit 0.25 2>/dev/null |
			grep -v "^#" | sed "/^$/d" | head -80
		echo "-- self time by part (every symbol, summed by name) --"
		perf report -i "$SCRATCH/perf.data" --stdio --no-children \
			--sort sym -g none --percent-limit 0 2>/dev/null |
			grep -v "^#" | sed "/^$/d" | perf_parts
		echo "-- self time by command --"
		perf report -i "$SCRATCH/perf.data" --stdio --no-children \
			--sort comm -g none --percent-limit 1 2>/dev/null |
			grep -v '^#' | sed '/^$/d' | head -12
		echo "-- callers of the heaviest symbols --"
		perf report -i "$SCRATCH/perf.data" --stdio --no-children \
			--sort sym -g caller,0.5,callee --percent-limit 3 2>/dev/null |
			grep -v '^#' | sed '/^$/d' | head -150
	} > "$out"
	rm -f "$SCRATCH/perf.data"
	detail "$path: profile of TCP $dir in $(basename "$out") (${r:--})"
}
