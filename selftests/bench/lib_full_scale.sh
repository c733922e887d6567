# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by scale_in_vm.sh: full sessions, a gateway and the kernel
# together. A gateway in namespace lgw and roam-loadgen in namespace lcl,
# one veth between them (no NAT: this measures the gateway).
#
#   full_scale N RATE MODE    roamd (roam0, a pool, N users)
#   stock_scale N RATE MODE   the stock stack (lib_stock_scale.sh)
#
# MODE is roam-loadgen's: l2tp (L2TP + PPP, MS-CHAPv2) or l2tp-ipsec
# (IKEv1 Main and Quick Mode with a pre-shared key, ESP in UDP, then the
# same). The generator brings up N clients at RATE per second, pings
# through each, holds them while the gateway's memory is read, then
# closes them all. Figures go to FIG[<gw>_<mode>_N_*] (gw roamd or stock,
# mode l2tp or ipsec):
#   up, failed               clients that came up / did not
#   sessions_per_s           setup rate, first message to last IPCP open
#   setup_p50_ms .. max_ms   setup latency percentiles
#   teardown_s               first StopCCN to last acknowledgement
#   rss_b_per_session        growth of the gateway's resident memory per
#                            held session (roamd's RSS; stock: the RSS of
#                            all its processes summed, shared pages once
#                            per process)
#   pss_b_per_session        the same as proportional set size (shared
#                            pages split between the processes sharing
#                            them: what the processes cost all told)
#   heap_b_per_session       roamd only: growth of malloc's bytes in use
#                            (mallinfo2, `roam -s daemon show`), read as
#                            soon as the sessions are held
#   heap_rest_b_per_session  the same once the heap has settled with the
#                            sessions still held (IKE keeps each finished
#                            Quick Mode's record until it would have
#                            expired in flight): read every 10 s until a
#                            reading is no lower than the one before,
#                            at most 240 s
#   cpu_ms_per_session       the gateway's CPU (user + system) from the
#                            start to the sessions held, per session
#   slab_b_per_session       kernel slab growth per held session; the
#                            generator's own sockets and (ipsec) SAs are
#                            in the same kernel and counted too: the
#                            caches that grew most are in the log
#   roamd_stop_s             roamd: SIGTERM to exit with nothing held
#
# The gateways are bounded: the generator's phases time out (-t), the
# wait for the sessions by FULL_LIMIT seconds, and when the VM's
# available memory falls under FULL_MEM_FLOOR kB the run moves to its
# teardown at once (the stock stack at large N): the N reached is "up".

# SCALE_FULL_SETUP_LIMIT=COUNT gives roamd `l2tp set setup-limit COUNT`
# (new tunnels refused while COUNT calls are in setup: load shed).
#
# SCALE_FULL_HEAP_SITES=1 starts roamd with heap_sites.so preloaded (a
# bench-only malloc counter, never part of roamd) and writes
# KEY-heap-sites.txt: roamd's heap growth per session by call site,
# between the reading before the clients and the settled one.
#
# The gateway's and the generator's logs are kept in OUTDIR as
# <key>-roamd.log, -loadgen.out (and -xl2tpd.out); SCALE_ROAMD_LOG sets
# roamd's log level (default warn).
#
# FIG, FAILED, SCRATCH, TREE, OUTDIR, say, now, elapsed, mem_reading: the caller's
# shellcheck disable=SC2034
FULL_GW=lgw
FULL_CL=lcl
FULL_PSK="scale bench psk"
FULL_LIMIT=${SCALE_FULL_LIMIT:-1800}
FULL_MEM_FLOOR=${SCALE_FULL_MEM_FLOOR:-150000}

_full_cleanup() {
	local ns p
	for ns in "$FULL_CL" "$FULL_GW"; do
		p=$(ip netns pids "$ns" 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$p" ] && kill -9 $p 2>/dev/null
	done
	ip netns del "$FULL_GW" 2>/dev/null
	ip netns del "$FULL_CL" 2>/dev/null
}

# _full_net: the two namespaces and the veth between them
_full_net() {
	_full_cleanup
	ip netns add "$FULL_GW" && ip netns add "$FULL_CL" || return 1
	ip -n "$FULL_GW" link set lo up
	ip -n "$FULL_CL" link set lo up
	ip link add pub0 netns "$FULL_GW" type veth peer name eth0 netns "$FULL_CL" &&
		ip -n "$FULL_GW" addr add 192.0.2.1/24 dev pub0 &&
		ip -n "$FULL_CL" addr add 192.0.2.2/24 dev eth0 &&
		ip -n "$FULL_GW" link set pub0 up &&
		ip -n "$FULL_CL" link set eth0 up
}

_mode_key() { [ "$1" = l2tp-ipsec ] && echo ipsec || echo "$1"; }

# kB of RSS and of PSS summed over the PIDs given
_procs_mem_kb() {
	local p rss=0 pss=0 r s
	for p in "$@"; do
		read -r r s < <(awk '/^Rss:/ { r = $2 } /^Pss:/ { s = $2 }
			END { print r + 0, s + 0 }' "/proc/$p/smaps_rollup" 2>/dev/null)
		rss=$((rss + ${r:-0}))
		pss=$((pss + ${s:-0}))
	done
	echo "$rss $pss"
}

# clock ticks of CPU (user + system, children waited for included)
_procs_cpu_ticks() {
	local p t=0 c
	for p in "$@"; do
		c=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null)
		t=$((t + ${c:-0}))
	done
	echo "$t"
}

# _daemon_json SOCK CODE: CODE (python) run with d = roamd's
# `roam -j -s daemon show`
_daemon_json() {
	ip netns exec "$FULL_GW" "$TREE/userspace/roam/roam" -S "$1" -j -s daemon show |
		"${PY:-/usr/bin/python3}" -S -E -c "import json, sys
d = json.load(sys.stdin)
d = d[0] if isinstance(d, list) else d
$2"
}

# bytes malloc has in use in roamd (mallinfo2, `roam -s daemon show`)
_heap_in_use() {
	_daemon_json "$1" 'print(d["heap"]["in_use"])'
}

# the kernel caches that grew most between two /proc/slabinfo copies
_slab_growth() {
	awk 'NR == FNR { if (FNR > 2) b[$1] = $3 * $4; next }
	     FNR > 2 { d = $3 * $4 - b[$1]; if (d > 0) printf "%d %s\n", d, $1 }' "$1" "$2" |
		sort -rn | head -n 10 | awk '{ printf "%s %d kB, ", $2, $1 / 1024 }'
}

# _full_drive KEY N RATE MODE PIDSFN: the generator against the gateway
# whose processes PIDSFN prints; the figures into FIG[KEY_*]
_full_drive() {
	local k=$1 n=$2 rate=$3 mode=$4 pidsfn=$5 d=$SCRATCH/$1 lg_pid i
	local mem0 mem1 slab0 slab1 cpu0 cpu1 avail up t0 t0s why="" r0 p0 r1 p1
	local key val grp=()

	# SCALE_FULL_IPSEC_GROUP=ecp256: the clients offer ECP-256 in phase 1
	# in place of MODP-2048, some ten times less CPU a negotiation on
	# both sides (what bounds the IPsec setup rate under TCG)
	[ "$mode" = l2tp-ipsec ] && [ -n "${SCALE_FULL_IPSEC_GROUP:-}" ] &&
		grp=(-g "$SCALE_FULL_IPSEC_GROUP")
	# the PID list is split into words on purpose
	# shellcheck disable=SC2046
	mem0=$(_procs_mem_kb $($pidsfn))
	# shellcheck disable=SC2046
	cpu0=$(_procs_cpu_ticks $($pidsfn))
	read -r slab0 _ < <(mem_reading)
	cp /proc/slabinfo "$d/slab0"

	_full_profile_start "$k"
	ip netns exec "$FULL_CL" "$TREE/userspace/tools/loadgen/roam-loadgen" \
		-m "$mode" "${grp[@]}" -k "$FULL_PSK" -s 192.0.2.1 -n "$n" -r "$rate" -t 120 -W \
		-o "$d/lg.json" > "$d/lg.out" 2>&1 &
	lg_pid=$!
	t0=$(now)
	t0s=$SECONDS
	# Polled every 2 s with builtins but for one grep: under TCG each
	# process started costs milliseconds of the guest's CPU, and a
	# poll of five every 0.5 s took a fifth of the samples of a profile
	# of this step, beside the gateway it measures.
	while :; do
		grep -q '^roam-loadgen: held' "$d/lg.out" && break
		kill -0 "$lg_pid" 2>/dev/null || { why="the generator exited"; break; }
		avail=
		while read -r key val _; do
			[ "$key" = MemAvailable: ] && { avail=$val; break; }
		done < /proc/meminfo
		if [ "${avail:-0}" -lt "$FULL_MEM_FLOOR" ]; then
			why="memory bound: ${avail} kB available"
			break
		fi
		if [ $((SECONDS - t0s)) -ge "$FULL_LIMIT" ]; then
			why="time bound: ${FULL_LIMIT} s"
			break
		fi
		sleep 2
	done
	[ -n "$why" ] && say "$k: stopped waiting ($why)"
	FIG[${k}_wait_s]=$(elapsed "$t0")
	_full_profile_stop "$k"
	# shellcheck disable=SC2046
	mem1=$(_procs_mem_kb $($pidsfn))
	# shellcheck disable=SC2046
	cpu1=$(_procs_cpu_ticks $($pidsfn))
	FIG[${k}_gw_procs]=$($pidsfn | wc -w)
	read -r slab1 _ < <(mem_reading)
	cp /proc/slabinfo "$d/slab1"
	[ -n "${HEAPFN:-}" ] && $HEAPFN after
	echo "#   slab growth: $(_slab_growth "$d/slab0" "$d/slab1")"
	# held (or bounded): the teardown; SIGTERM if it never held
	if [ -z "$why" ]; then
		kill -USR1 "$lg_pid" 2>/dev/null
	else
		kill -TERM "$lg_pid" 2>/dev/null
	fi
	for ((i = 0; i < 1200; i++)); do
		kill -0 "$lg_pid" 2>/dev/null || break
		sleep 0.5
	done
	kill -9 "$lg_pid" 2>/dev/null
	wait "$lg_pid" || FAILED=1
	grep -v '^$' "$d/lg.out" | tail -n 12 | sed 's/^/#   loadgen: /'

	if [ -s "$d/lg.json" ]; then
		while read -r key value; do
			FIG[${k}_$key]=$value
		done < <("${PY:-/usr/bin/python3}" -S -E -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("up", d["up"])
print("answered", d["answered"])
print("failed", d["setup_failed"] + d["close_failed"])
print("sessions_per_s", d["sessions_per_second"])
for p in ("p50", "p90", "p99", "max"):
    print("setup_%s_ms" % p, d["setup_ms"][p])
print("teardown_s", d["teardown_seconds"])' "$d/lg.json")
	else
		FAILED=1
	fi
	up=${FIG[${k}_up]:-0}
	if [ "$up" -gt 0 ]; then
		read -r r0 p0 <<< "$mem0"
		read -r r1 p1 <<< "$mem1"
		FIG[${k}_rss_b_per_session]=$(( (r1 - r0) * 1024 / up ))
		FIG[${k}_pss_b_per_session]=$(( (p1 - p0) * 1024 / up ))
		FIG[${k}_slab_b_per_session]=$(( (slab1 - slab0) * 1024 / up ))
		FIG[${k}_cpu_ms_per_session]=$(awk -v t="$((cpu1 - cpu0))" \
			-v hz="$(getconf CLK_TCK)" -v n="$up" \
			'BEGIN { printf "%.2f", t * 1000 / hz / n }')
		if [ -n "${FIG[${k}_heap0]:-}" ] && [ -n "${FIG[${k}_heap1]:-}" ]; then
			FIG[${k}_heap_b_per_session]=$(( (FIG[${k}_heap1] - FIG[${k}_heap0]) / up ))
		fi
		if [ -n "${FIG[${k}_heap0]:-}" ] && [ -n "${FIG[${k}_heap2]:-}" ]; then
			FIG[${k}_heap_rest_b_per_session]=$(( (FIG[${k}_heap2] - FIG[${k}_heap0]) / up ))
		fi
	fi
	unset "FIG[${k}_heap0]" "FIG[${k}_heap1]" "FIG[${k}_heap2]"
}

# SCALE_FULL_PROFILE=1: `perf record -a -g` (cpu-clock, 99 Hz: works
# under TCG and keeps the data small over minutes) from the generator's
# start to the sessions held (or the bound), the whole VM: the gateway,
# the generator and the kernel under both. $OUTDIR/KEY-profile.txt gets
# the share of samples by command, then each command's heaviest symbols
# (self time), then the callers of the heaviest overall.
_full_profile_start() {
	FULL_PERF_PID=
	[ -n "${SCALE_FULL_PROFILE:-}" ] || return 0
	command -v perf > /dev/null || { say "$1: no perf, no profile"; return 0; }
	perf record -q -a -g -F 99 -o "$SCRATCH/$1-perf.data" \
		2> "$SCRATCH/$1-perf.err" &
	FULL_PERF_PID=$!
}

_full_profile_stop() {
	local k=$1 data=$SCRATCH/$1-perf.data i c
	[ -n "${FULL_PERF_PID:-}" ] || return 0
	kill -INT "$FULL_PERF_PID" 2>/dev/null
	wait "$FULL_PERF_PID" 2>/dev/null
	FULL_PERF_PID=
	[ -s "$data" ] || { cat "$SCRATCH/$k-perf.err" >&2; return 0; }
	{
		echo "$k: perf record -a -g -F 99 from the generator's start to the sessions held (${FIG[${k}_wait_s]} s), kernel $(uname -r)"
		# what perf said (lost samples, a short record), if anything
		sed 's/^/perf: /' "$SCRATCH/$k-perf.err"
		perf report -i "$data" --stdio --header-only 2>/dev/null |
			grep -E 'sample_freq|duration|nr_samples|captured on' | head -5
		echo "-- samples by command --"
		perf report -i "$data" --stdio --no-children --sort comm \
			-g none --percent-limit 0.5 2>/dev/null |
			grep -v '^#' | sed '/^$/d' | head -20
		for c in roamd roam-loadgen; do
			echo "-- $c: self time by symbol (share of all samples) --"
			perf report -i "$data" --stdio --no-children --comms "$c" \
				--sort dso,sym -g none --percent-limit 0.3 2>/dev/null |
				grep -v '^#' | sed '/^$/d' | head -40
		done
		echo "-- all: self time by symbol --"
		perf report -i "$data" --stdio --no-children --sort comm,sym \
			-g none --percent-limit 0.5 2>/dev/null |
			grep -v '^#' | sed '/^$/d' | head -50
		echo "-- callers of the heaviest symbols --"
		perf report -i "$data" --stdio --no-children --sort comm,sym \
			-g caller,0.5,callee --percent-limit 3 2>/dev/null |
			grep -v '^#' | sed '/^$/d' | head -200
	} > "$OUTDIR/$k-profile.txt"
	rm -f "$data"
	say "$k: profile in $k-profile.txt"
}

# the restart state's upkeep in roamd so far (`roam -s daemon show`):
# "rebuilds rebuild_ms written tunnels_busy" (the last: SCCRQs refused
# by l2tp set setup-limit); nothing from a roamd without them
_restart_upkeep() {
	_daemon_json "$1" 'r = d.get("restart_state")
if r:
    print(r["rebuilds"], r["rebuild_ms"], r["written"],
          d.get("l2tp_drops", {}).get("tunnels_busy", 0))'
}

# _heap_sites_dump K: heap_sites.so's dump number K (they are numbered
# in the order asked), waited for at most 30 s; nothing without the counter
_heap_sites_dump() {
	local i
	[ -n "${FULL_SITES:-}" ] || return 0
	# shellcheck disable=SC2016 # $1 is the inner shell's
	timeout 10 sh -c 'echo dump > "$1"' sh "$FULL_SITES.fifo" || return 0
	for ((i = 0; i < 300; i++)); do
		[ -s "$FULL_SITES.$1" ] && return 0
		sleep 0.1
	done
}

_roamd_pids() { echo "$FULL_RD_PID"; }
_roamd_heap() {
	local v r prev t0s=$SECONDS
	v=$(_heap_in_use "$FULL_RD_SOCK") && [ -n "$v" ] &&
		FIG[${FULL_KEY}_heap$([ "$1" = before ] && echo 0 || echo 1)]=$v
	[ "$1" = after ] || { _heap_sites_dump 0; return 0; }
	_heap_sites_dump 1
	# settled: the first reading that is not lower than the one before
	prev=$v
	while [ -n "$prev" ] &&
		[ $((SECONDS - t0s)) -lt 240 ]; do
		sleep 10
		v=$(_heap_in_use "$FULL_RD_SOCK") || break
		[ -n "$v" ] || break
		[ "$v" -ge "$prev" ] && { FIG[${FULL_KEY}_heap2]=$prev; break; }
		prev=$v
	done
	_heap_sites_dump 2
	r=$(_restart_upkeep "$FULL_RD_SOCK") && [ -n "$r" ] &&
		read -r "FIG[${FULL_KEY}_state_rebuilds]" \
			"FIG[${FULL_KEY}_state_rebuild_ms]" \
			"FIG[${FULL_KEY}_state_written]" \
			"FIG[${FULL_KEY}_tunnels_busy]" <<< "$r"
	return 0
}

full_scale() {
	local n=$1 rate=$2 mode=${3:-l2tp} i t0 k d f
	k=roamd_$(_mode_key "$mode")_$n

	d=$SCRATCH/$k
	say "full sessions through roamd: $mode, N = $n at $rate/s"
	mkdir -p "$d"
	_full_net || { FAILED=1; return; }
	{
		echo "link add roam0"
		echo "pool add bench range 10.128.0.1-10.128.255.254"
		for ((i = 1; i <= n; i++)); do
			echo "user add lg$i password pw$i"
		done
		if [ "$mode" = l2tp-ipsec ]; then
			echo "l2tp set ipsec required"
			echo "psk add peer any secret \"$FULL_PSK\""
		else
			echo "l2tp set ipsec none"
		fi
		echo "ppp set local 10.127.0.1 auth mschapv2"
		[ -n "${SCALE_FULL_SETUP_LIMIT:-}" ] &&
			echo "l2tp set setup-limit $SCALE_FULL_SETUP_LIMIT"
	} > "$d/roamd.conf"
	chmod 600 "$d/roamd.conf"
	FULL_RD_LOG=$d/roamd.log
	FULL_RD_SOCK=$d/roamd.sock
	local pre=()
	FULL_SITES=
	if [ -n "${SCALE_FULL_HEAP_SITES:-}" ] &&
		cc -O2 -Wall -shared -fPIC -ftls-model=initial-exec \
			-o "$SCRATCH/heap_sites.so" "$BENCH_DIR/heap_sites.c" &&
		mkfifo "$d/heap.fifo"; then
		FULL_SITES=$d/heap
		pre=(env "LD_PRELOAD=$SCRATCH/heap_sites.so"
		     "HEAP_SITES_FIFO=$d/heap.fifo" "HEAP_SITES_OUT=$d/heap")
	fi
	ip netns exec "$FULL_GW" "${pre[@]}" "$TREE/userspace/roamd/roamd" -f -l "${SCALE_ROAMD_LOG:-warn}" \
		-c "$d/roamd.conf" -S "$d/roamd.sock" > "$FULL_RD_LOG" 2>&1 &
	FULL_RD_PID=$!
	for ((i = 0; i < 300; i++)); do
		ip -n "$FULL_GW" link show roam0 > /dev/null 2>&1 &&
			[ -S "$d/roamd.sock" ] && break
		sleep 0.1
	done
	ip -n "$FULL_GW" addr add 10.127.0.1/32 dev roam0
	ip -n "$FULL_GW" link set roam0 up
	ip -n "$FULL_GW" route add 10.128.0.0/16 dev roam0
	FULL_KEY=$k
	_roamd_heap before
	HEAPFN=_roamd_heap _full_drive "$k" "$n" "$rate" "$mode" _roamd_pids

	t0=$(now)
	kill -TERM "$FULL_RD_PID"
	for ((i = 0; i < 600; i++)); do
		kill -0 "$FULL_RD_PID" 2>/dev/null || break
		sleep 0.5
	done
	kill -9 "$FULL_RD_PID" 2>/dev/null
	wait "$FULL_RD_PID" || FAILED=1
	FIG[${k}_roamd_stop_s]=$(elapsed "$t0")
	grep -v '^$' "$FULL_RD_LOG" | tail -n 5 | sed 's/^/#   roamd: /'
	_full_report "$k"
	if [ -n "$FULL_SITES" ] && [ -s "$FULL_SITES.0" ] && [ "${FIG[${k}_up]:-0}" -gt 0 ]; then
		local last=$FULL_SITES.2
		[ -s "$last" ] || last=$FULL_SITES.1
		"${PY:-/usr/bin/python3}" -S -E "$BENCH_DIR/heap_sites_report.py" \
			"$TREE/userspace/roamd/roamd" "$FULL_SITES.0" "$last" \
			"${FIG[${k}_up]}" > "$OUTDIR/$k-heap-sites.txt" 2>&1
		for f in "$FULL_SITES".[0-9]; do
			cp "$f" "$OUTDIR/$k-heap-sites.${f##*.}"
		done
		say "$k: heap by call site in $k-heap-sites.txt"
	fi
	# the logs, for the failures counted above
	cp "$FULL_RD_LOG" "$OUTDIR/$k-roamd.log" 2>/dev/null
	cp "$d/lg.out" "$OUTDIR/$k-loadgen.out" 2>/dev/null
	_full_cleanup
}

_full_report() {
	local key
	for key in up failed sessions_per_s setup_p50_ms setup_p99_ms \
		   setup_max_ms teardown_s rss_b_per_session pss_b_per_session \
		   heap_b_per_session heap_rest_b_per_session \
		   cpu_ms_per_session slab_b_per_session roamd_stop_s gw_procs wait_s state_rebuilds \
		   state_rebuild_ms state_written tunnels_busy; do
		[ -n "${FIG[${1}_$key]:-}" ] && echo "#   $key ${FIG[${1}_$key]}"
	done
}

# The rows of the table for the runs in $1 (a list of KEYs as above).
full_scale_table() {
	local k row key
	printf '%-36s' "full sessions"
	for k in $1; do printf '%20s' "$k"; done
	echo
	for row in "up:up (N reached)" "failed:failed" "sessions_per_s:setup rate, sessions/s" \
		   "setup_p50_ms:setup p50, ms" "setup_p99_ms:setup p99, ms" \
		   "setup_max_ms:setup max, ms" "teardown_s:teardown (StopCCN), s" \
		   "rss_b_per_session:gateway RSS per session, B" \
		   "pss_b_per_session:gateway PSS per session, B" \
		   "heap_b_per_session:roamd heap per session, B" \
		   "heap_rest_b_per_session:  the same, settled, B" \
		   "cpu_ms_per_session:gateway CPU per session, ms" \
		   "slab_b_per_session:kernel slab per session, B" \
		   "roamd_stop_s:roamd stop afterwards, s" \
		   "state_rebuilds:restart state rebuilds" \
		   "state_rebuild_ms:  their time in all, ms" \
		   "tunnels_busy:SCCRQs refused busy"; do
		key=${row%%:*}
		printf '%-36s' "${row#*:}"
		for k in $1; do printf '%20s' "${FIG[${k}_$key]:--}"; done
		echo
	done
}
