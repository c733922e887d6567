# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by scale_in_vm.sh: full sessions, roamd and the kernel together.
# full_scale N RATE: roamd in namespace lgw (roam0, a pool, N users) and
# roam-loadgen in namespace lcl, one veth between them (no NAT: this
# measures the gateway). The generator brings up N L2TP + PPP (MS-CHAPv2)
# clients at RATE per second, pings through each, holds them while the
# gateway's memory is read, then closes them all. Figures go to
# FIG[full_N_*]:
#   up, failed               clients that came up / did not
#   sessions_per_s           setup rate, first SCCRQ to last IPCP open
#   setup_p50_ms .. max_ms   setup latency percentiles
#   teardown_s               first StopCCN to last acknowledgement
#   roamd_b_per_session      roamd's RSS growth per held session
#   slab_b_per_session       kernel slab growth per held session
#   roamd_stop_s             SIGTERM to exit with nothing held (a check
#                            that the teardown left nothing behind)

# FIG, FAILED, SCRATCH, TREE, say, now, elapsed, mem_reading: the caller's
# shellcheck disable=SC2034
FULL_GW=lgw
FULL_CL=lcl

_full_cleanup() {
	ip netns del "$FULL_GW" 2>/dev/null
	ip netns del "$FULL_CL" 2>/dev/null
}

_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

full_scale() {
	local n=$1 rate=$2 k=full_$1 d=$SCRATCH/full-$1 rd_pid lg_pid i
	local rss0 rss1 slab0 slab1 t0

	say "full sessions: N = $n at $rate/s (roamd + roam-loadgen)"
	mkdir -p "$d"
	_full_cleanup
	ip netns add "$FULL_GW" && ip netns add "$FULL_CL" || { FAILED=1; return; }
	ip -n "$FULL_GW" link set lo up
	ip -n "$FULL_CL" link set lo up
	ip link add pub0 netns "$FULL_GW" type veth peer name eth0 netns "$FULL_CL"
	ip -n "$FULL_GW" addr add 192.0.2.1/24 dev pub0
	ip -n "$FULL_CL" addr add 192.0.2.2/24 dev eth0
	ip -n "$FULL_GW" link set pub0 up
	ip -n "$FULL_CL" link set eth0 up
	{
		echo "link add roam0"
		echo "pool add bench range 10.128.0.1-10.128.255.254"
		for ((i = 1; i <= n; i++)); do
			echo "user add lg$i password pw$i"
		done
		echo "l2tp set ipsec none"
		echo "ppp set local 10.127.0.1 auth mschapv2"
	} > "$d/roamd.conf"
	chmod 600 "$d/roamd.conf"
	ip netns exec "$FULL_GW" "$TREE/userspace/roamd/roamd" -f -l warn \
		-c "$d/roamd.conf" -S "$d/roamd.sock" > "$d/roamd.log" 2>&1 &
	rd_pid=$!
	for ((i = 0; i < 300; i++)); do
		ip -n "$FULL_GW" link show roam0 > /dev/null 2>&1 &&
			[ -S "$d/roamd.sock" ] && break
		sleep 0.1
	done
	ip -n "$FULL_GW" addr add 10.127.0.1/32 dev roam0
	ip -n "$FULL_GW" link set roam0 up
	ip -n "$FULL_GW" route add 10.128.0.0/16 dev roam0
	rss0=$(_rss_kb "$rd_pid")
	read -r slab0 _ < <(mem_reading)

	ip netns exec "$FULL_CL" "$TREE/userspace/tools/loadgen/roam-loadgen" \
		-s 192.0.2.1 -n "$n" -r "$rate" -t 120 -W -o "$d/lg.json" \
		> "$d/lg.out" 2>&1 &
	lg_pid=$!
	# bounded: a client that never settles times out after 120 s a phase
	for ((i = 0; i < 36000; i++)); do
		grep -q '^roam-loadgen: held' "$d/lg.out" && break
		kill -0 "$lg_pid" 2>/dev/null || break
		sleep 0.1
	done
	rss1=$(_rss_kb "$rd_pid")
	read -r slab1 _ < <(mem_reading)
	kill -USR1 "$lg_pid" 2>/dev/null
	wait "$lg_pid" || FAILED=1
	sed 's/^/#   loadgen: /' "$d/lg.out"

	t0=$(now)
	kill -TERM "$rd_pid"
	wait "$rd_pid" || FAILED=1
	FIG[${k}_roamd_stop_s]=$(elapsed "$t0")
	grep -v '^$' "$d/roamd.log" | tail -n 5 | sed 's/^/#   roamd: /'

	if [ -s "$d/lg.json" ]; then
		while read -r key value; do
			FIG[${k}_$key]=$value
		done < <("${PY:-/usr/bin/python3}" -S -E -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("up", d["up"])
print("failed", d["setup_failed"] + d["close_failed"])
print("sessions_per_s", d["sessions_per_second"])
for p in ("p50", "p90", "p99", "max"):
    print("setup_%s_ms" % p, d["setup_ms"][p])
print("teardown_s", d["teardown_seconds"])' "$d/lg.json")
	else
		FAILED=1
	fi
	if [ -n "${FIG[${k}_up]:-}" ] && [ "${FIG[${k}_up]}" -gt 0 ]; then
		FIG[${k}_roamd_b_per_session]=$(( (rss1 - rss0) * 1024 / FIG[${k}_up] ))
		FIG[${k}_slab_b_per_session]=$(( (slab1 - slab0) * 1024 / FIG[${k}_up] ))
	fi
	for key in up failed sessions_per_s setup_p50_ms setup_p99_ms \
		   setup_max_ms teardown_s roamd_b_per_session \
		   slab_b_per_session roamd_stop_s; do
		echo "#   $key ${FIG[${k}_$key]:--}"
	done
	_full_cleanup
}

# The rows of the table for N in $1 (a list).
full_scale_table() {
	local n row key
	printf '%-36s' "full sessions (roamd + kernel)"
	for n in $1; do printf '%16s' "N=$n"; done
	echo
	for row in "up:up" "failed:failed" "sessions_per_s:setup rate, sessions/s" \
		   "setup_p50_ms:setup p50, ms" "setup_p99_ms:setup p99, ms" \
		   "setup_max_ms:setup max, ms" "teardown_s:teardown (StopCCN), s" \
		   "roamd_b_per_session:roamd RSS per session, B" \
		   "slab_b_per_session:kernel slab per session, B" \
		   "roamd_stop_s:roamd stop afterwards, s"; do
		key=${row%%:*}
		printf '%-36s' "${row#*:}"
		for n in $1; do printf '%16s' "${FIG[full_${n}_$key]:--}"; done
		echo
	done
}
