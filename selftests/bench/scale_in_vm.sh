#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench-scale`: kernel-only session scale of roam.ko,
# one VM run, no roamd. For each N in $SCALE_NS (default "10000 100000"),
# on a fresh roam0 in a scratch namespace:
#
#   create     N l2tp sessions over netlink, one request each, each bound
#              to one UDP socket (roam_nl_scale create)
#   rx         L2TP data messages through the receive path, spread over
#              all N sessions (packets/s; also once with a single session)
#   memory     per session: slab delta and MemFree delta (caches dropped
#              and slabs shrunk before each reading)
#   dump       a raw netlink dump of the N sessions (dump_s: the tool's
#              own clock; dump_wall_s: its process, timed as show_s is)
#   show       `roam -j session show dev roam0` (the CLI, kernel table;
#              show_s: the process from exec to exit, timed inside the
#              namespace, so that `ip netns exec`'s own cost, 0.4-1.5 s
#              under TCG, is in neither figure; show_cpu_s, dump_cpu_s:
#              the CPU time, user + system, of all the process's
#              threads; show_1cpu_s: the listing pinned to one CPU;
#              show_same_as_base: 1 when SCALE_BASE's CLI lists the
#              same sessions in the same bytes, JSON and text, with and
#              without counters)
#   delete     the N sessions deleted one by one over netlink (the base
#              build only SCALE_BASE_DELETE of them: ~17 ms each)
#   link del   N sessions deleted at once by `ip link del roam0`
#   unload     N sessions deleted by unloading the modules
#
# Then full sessions, roamd and the kernel together (lib_full_scale.sh):
# for each mode in $SCALE_FULL_MODES (default "l2tp l2tp-ipsec"; the
# second adds IKEv1 and ESP) and each N in $SCALE_FULL_NS (default
# "1000 10000"; empty: none; for l2tp-ipsec $SCALE_FULL_IPSEC_NS, default
# 200), roam-loadgen brings up N clients (MS-CHAPv2) at $SCALE_FULL_RATE
# per second (default 20; l2tp-ipsec: $SCALE_FULL_IPSEC_RATE, default 1)
# against roamd: setup rate and latency, teardown,
# roamd's (RSS, PSS, heap, CPU) and the kernel's memory per session.
# Then the stock gateway (lib_stock_scale.sh: xl2tpd + one pppd per
# session, charon for l2tp-ipsec) the same way for each N in
# $SCALE_STOCK_NS (default 200) at $SCALE_STOCK_RATE (default 1), in
# the modes of $SCALE_STOCK_MODES (default those of the roamd runs),
# bounded by $SCALE_FULL_LIMIT seconds and the VM's memory. With
# SCALE_FULL_PROFILE=1 each full-session step is profiled (perf record -a
# -g: the gateway, the generator and the kernel) into KEY-profile.txt.
# SCALE_FULL_HEAP_SITES=1: roamd's heap growth per session by call site
# into KEY-heap-sites.txt (lib_full_scale.sh); SCALE_FULL_IPSEC_GROUP=ecp256:
# the IPsec clients' phase 1 group (default MODP-2048).
# SCALE_NS="" skips the kernel-only steps. SCALE_STEPS lists the steps
# after create to run (default: "rx memory dump show delete link-del
# unload"); e.g. SCALE_NS=100000 SCALE_FULL_NS= SCALE_STEPS="dump show"
# measures the listing alone in a few minutes; SCALE_REPEAT=R runs the
# dump and show steps R times in turn and keeps the best of each (a
# loaded host makes single TCG figures vary by 3x). With SCALE_PROFILE_SHOW=1
# the show step is also profiled (perf record -a -g) into
# show-profile-V-N.txt, and the raw dump beside it into
# dump-profile-V-N.txt.
#
# With SCALE_BASE (a built tree of another version), the same steps run
# first with its modules and its roam, in the same VM: before and after.
#
# With SCALE_PROFILE=N, `ip link del` of a roam0 with N sessions is also
# profiled (perf record -a -g, cpu-clock: works under TCG) and where its
# time goes is written to link-del-profile.txt: the wall time, the share
# of samples per symbol (self), and the idle share (time spent waiting,
# e.g. for grace periods or device references). SCALE_PROFILE_ONLY=1
# skips the other steps.
#
# Writes scale-table.txt and bench-results.json ({"name": number}) into
# $ROAM_VM_OUT. Figures, not verdicts: exit 0 unless a step failed.

set -u

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ST=$(cd "$BENCH_DIR/.." && pwd)
TREE=$(cd "$ST/.." && pwd)
# shellcheck source=../vm/install-tree.sh
source "$ST/vm/install-tree.sh"
# shellcheck source=lib_full_scale.sh
source "$BENCH_DIR/lib_full_scale.sh"
# shellcheck source=lib_stock_scale.sh
source "$BENCH_DIR/lib_stock_scale.sh"

NS_LIST=${SCALE_NS-10000 100000}
# The defaults are rates roamd and the stock gateway carry in this VM
# under emulation (design.md, "Full sessions in the VM"): L2TP setup is
# cheap, IKE's Diffie-Hellman on both sides is not, and the stock gateway
# forks a pppd per session.
FULL_NS=${SCALE_FULL_NS-1000 10000}
FULL_RATE=${SCALE_FULL_RATE:-20}
FULL_MODES=${SCALE_FULL_MODES:-l2tp l2tp-ipsec}
FULL_IPSEC_NS=${SCALE_FULL_IPSEC_NS-200}
FULL_IPSEC_RATE=${SCALE_FULL_IPSEC_RATE:-1}
STOCK_NS=${SCALE_STOCK_NS-200}
STOCK_RATE=${SCALE_STOCK_RATE:-1}
STOCK_MODES=${SCALE_STOCK_MODES-$FULL_MODES}
RX_PACKETS=${SCALE_RX_PACKETS:-20000}
STEPS=${SCALE_STEPS:-rx memory dump show delete link-del unload}
REPEAT=${SCALE_REPEAT:-1}
# the base build waits a grace period per deletion: delete only this many
BASE_DELETE=${SCALE_BASE_DELETE:-2000}
OUTDIR=${ROAM_VM_OUT:-/tmp}
TABLE=$OUTDIR/scale-table.txt
JSON=$OUTDIR/bench-results.json
ROAM=$TREE/userspace/roam/roam
SCRATCH=$(mktemp -d /run/roam-scale.XXXXXX)
NS=scale
TOOL=$SCRATCH/roam_nl_scale
FAILED=0
declare -A FIG

say() { echo "# $*"; }
# is step $1 one of $SCALE_STEPS?
step() { [[ " $STEPS " == *" $1 "* ]]; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
in_ns() { ip netns exec "$NS" "$@"; }

cleanup() {
	ip netns del "$NS" 2>/dev/null
	rm -rf "$SCRATCH"
}
trap cleanup EXIT

# kB of slab, of free memory, of per-CPU memory and of vmalloc'ed memory
# (the rhashtables' bucket arrays), after dropping what can be dropped
mem_reading() {
	local f
	sync
	echo 3 > /proc/sys/vm/drop_caches
	for f in /sys/kernel/slab/*/shrink; do echo 1 > "$f" 2>/dev/null; done
	awk '/^Slab:/ { s = $2 } /^MemFree:/ { f = $2 }
	     /^Percpu:/ { p = $2 } /^VmallocUsed:/ { v = $2 }
	     END { print s, f, p, v }' /proc/meminfo
}

# roam_nl_scale's "name value" lines into FIG[N_name]
record() {
	local n=$1 name value
	while read -r name value; do
		echo "#   $name $value"
		FIG["${n}_$name"]=$value
	done
}

fresh_dev() {
	in_ns ip link add roam0 type roam && in_ns ip link set roam0 up
}

load() { modprobe -a roam roam_l2tp roam_pptp; }

# Put the modules of $1 in place of the installed ones and load them.
use_modules() {
	local dest
	dest=/lib/modules/$(uname -r)/updates/roam
	modprobe -r roam_l2tp roam_pptp roam 2>/dev/null
	cp "$1"/roam.ko "$1"/roam_l2tp.ko "$1"/roam_pptp.ko "$dest"/ && load
}

# All the steps for one build: $1 label, $2 its kmod folder, $3 its roam
run_variant() {
	local v=$1 kmod=$2 roam=$3 n k slab0 free0 slab1 free1 t0 t r del rx
	local pcpu0 pcpu1 vm0 vm1 key

	say "== $v: modules from $kmod"
	use_modules "$kmod" || { echo "scale: cannot load $kmod" >&2; FAILED=1; return; }
	# The receive path with one session, for comparison.
	if step rx; then
		fresh_dev
		in_ns "$TOOL" create roam0 1 "$RX_PACKETS" > "$SCRATCH/out" || FAILED=1
		record "${v}_1" < "$SCRATCH/out"
		in_ns ip link del roam0
	fi

	for n in $NS_LIST; do
		k=${v}_$n
		say "$v, N = $n"
		fresh_dev
		step memory && read -r slab0 free0 pcpu0 vm0 < <(mem_reading)
		rx=()
		step rx && rx=("$RX_PACKETS")
		in_ns "$TOOL" create roam0 "$n" "${rx[@]}" > "$SCRATCH/out" || FAILED=1
		record "$k" < "$SCRATCH/out"
		if step memory; then
			read -r slab1 free1 pcpu1 vm1 < <(mem_reading)
			FIG[${k}_slab_per_session_b]=$(( (slab1 - slab0) * 1024 / n ))
			FIG[${k}_mem_per_session_b]=$(( (free0 - free1) * 1024 / n ))
			FIG[${k}_percpu_per_session_b]=$(( (pcpu1 - pcpu0) * 1024 / n ))
			FIG[${k}_vmalloc_per_session_b]=$(( (vm1 - vm0) * 1024 / n ))
			for key in slab mem percpu vmalloc; do
				echo "#   ${key}_per_session_b ${FIG[${k}_${key}_per_session_b]}"
			done
			# which vmalloc'ed areas they are (bucket arrays: bucket_table_alloc)
			grep -v ioremap /proc/vmallocinfo > "$OUTDIR/vmallocinfo-$k.txt"
		fi

		# the two in turn, $REPEAT times, the best of each kept
		for ((r = 0; r < REPEAT; r++)); do
			if step dump; then
				read -r t c < <(process_s "$SCRATCH/out" "$TOOL" dump roam0) || FAILED=1
				echo "#   dump_wall_s $t (cpu $c)"
				best "${k}_dump_wall_s" "$t"
				best "${k}_dump_cpu_s" "$c"
				read -r _ t < <(grep '^dump_s ' "$SCRATCH/out")
				echo "#   dump_s $t"
				best "${k}_dump_s" "$t"
				read -r _ "FIG[${k}_dumped]" < <(grep '^dumped ' "$SCRATCH/out")
				[ "${FIG[${k}_dumped]}" = "$n" ] || FAILED=1
			fi
			if step show; then
				read -r t c < <(process_s "$SCRATCH/show.json" "$roam" -j session show dev roam0) || FAILED=1
				FIG[${k}_show_rows]=$(grep -o '"id":' "$SCRATCH/show.json" | wc -l)
				echo "#   show_s $t (cpu $c, ${FIG[${k}_show_rows]} rows)"
				best "${k}_show_s" "$t"
				best "${k}_show_cpu_s" "$c"
				[ "${FIG[${k}_show_rows]}" = "$n" ] || FAILED=1
				# the same on one CPU: what a second thread costs there
				read -r t c < <(process_s "$SCRATCH/show.json" taskset -c 0 "$roam" -j session show dev roam0) || FAILED=1
				echo "#   show_1cpu_s $t (cpu $c)"
				best "${k}_show_1cpu_s" "$t"
				best "${k}_show_1cpu_cpu_s" "$c"
			fi
		done
		step show && [ -n "${SCALE_PROFILE_SHOW:-}" ] && profile_show "$v" "$n" "$roam"
		if step show && [ "$v" != base ] && [ -n "${SCALE_BASE:-}" ]; then
			# 1: SCALE_BASE's CLI lists these same sessions in the same
			# bytes, JSON (compact and pretty) and text, with counters
			FIG[${k}_show_same_as_base]=1
			for a in "-j" "-j -p" "" "-s" "-j -s"; do
				# shellcheck disable=SC2086 # $a: options, split on purpose
				in_ns "$roam" $a session show dev roam0 > "$SCRATCH/cmp-new" &&
					in_ns "$SCALE_BASE/userspace/roam/roam" $a session show dev roam0 > "$SCRATCH/cmp-base" &&
					cmp -s "$SCRATCH/cmp-new" "$SCRATCH/cmp-base" || {
					echo "#   'session show' $a differs from the base's"
					FIG[${k}_show_same_as_base]=0
				}
			done
			rm -f "$SCRATCH/cmp-new" "$SCRATCH/cmp-base"
			echo "#   show_same_as_base ${FIG[${k}_show_same_as_base]}"
		fi

		if step dump && step show; then
			FIG[${k}_show_over_dump]=$(awk -v s="${FIG[${k}_show_s]:-0}" \
				-v d="${FIG[${k}_dump_wall_s]:-0}" \
				'BEGIN { if (d > 0) printf "%.2f", s / d; else print "-" }')
			echo "#   show_over_dump ${FIG[${k}_show_over_dump]}"
		fi

		if step delete; then
			del=$n
			[ "$v" = base ] && [ "$n" -gt "$BASE_DELETE" ] && del=$BASE_DELETE
			in_ns "$TOOL" delete roam0 "$del" > "$SCRATCH/out" || FAILED=1
			record "$k" < "$SCRATCH/out"
			FIG[${k}_delete_ms_per_session]=$(awk -v s="${FIG[${k}_delete_s]:-0}" \
				-v n="$del" 'BEGIN { printf "%.3f", s * 1000 / n }')
			echo "#   delete_ms_per_session ${FIG[${k}_delete_ms_per_session]}"
		fi
		in_ns ip link del roam0

		if step link-del; then
			fresh_dev
			in_ns "$TOOL" create roam0 "$n" > /dev/null || FAILED=1
			t0=$(now)
			in_ns ip link del roam0 || FAILED=1
			FIG[${k}_link_del_s]=$(elapsed "$t0")
			echo "#   link_del_s ${FIG[${k}_link_del_s]}"
		fi

		if step unload; then
			fresh_dev
			in_ns "$TOOL" create roam0 "$n" > /dev/null || FAILED=1
			t0=$(now)
			modprobe -r roam_l2tp roam_pptp roam || FAILED=1
			FIG[${k}_unload_s]=$(elapsed "$t0")
			echo "#   unload_s ${FIG[${k}_unload_s]}"
			load || { FAILED=1; return; }
		fi
	done
}

# FIG[$1] = the least of itself and $2
best() {
	if [ -z "${FIG[$1]:-}" ] || awk -v a="$2" -v b="${FIG[$1]}" 'BEGIN { exit !(a < b) }'; then
		FIG[$1]=$2
	fi
}

# Seconds from the exec of $2... to its exit, its output into $1, timed
# by a shell inside the namespace (bash's clock: no process to read it),
# then the CPU seconds (user + system, all its threads) it used: "wall cpu".
process_s() {
	local out=$1
	shift
	# times: in this shell, not a pipe's subshell (its children are not ours)
	in_ns bash -c 't0=$EPOCHREALTIME; "$@" > "$0" || exit 1
		t1=$EPOCHREALTIME
		times > "$0.times"
		awk -v a="$t0" -v b="$t1" "NR == 2 { split(\$1 \" \" \$2, x, /[ms ]+/)
			printf \"%.3f %.3f\n\", b - a, x[1] * 60 + x[2] + x[3] * 60 + x[4] }" "$0.times"
		rm -f "$0.times"' \
		"$out" "$@"
}

# perf's view of `roam -j session show` of $2 sessions with build $1's
# roam $3, and of the raw dump of them beside it: where the time of the
# listing goes (see the top)
profile_show() {
	local v=$1 n=$2 roam=$3

	profile_cmd "$OUTDIR/show-profile-$v-$n.txt" \
		"roam -j session show, $v, $n sessions" \
		"$roam" -j session show dev roam0
	profile_cmd "$OUTDIR/dump-profile-$v-$n.txt" \
		"raw dump (roam_nl_scale dump), $v, $n sessions" \
		"$TOOL" dump roam0
}

# profile_cmd OUT TITLE CMD...: CMD run in the namespace under perf, its
# output to a file on the VM's tmpfs (as the timed runs write theirs), the
# report into OUT
profile_cmd() {
	local out=$1 title=$2 comm
	shift 2
	comm=$(basename "$1")
	command -v perf > /dev/null || { echo "scale: no perf" >&2; return; }
	perf record -q -a -g -F 999 -o "$SCRATCH/perf.data" -- \
		ip netns exec "$NS" "$@" \
		> "$SCRATCH/profiled.out" 2> "$SCRATCH/perf.err" ||
		{ cat "$SCRATCH/perf.err" >&2; FAILED=1; return; }
	{
		echo "$title (kernel $(uname -r))"
		echo "-- self time by command and object (swapper = idle) --"
		perf report -i "$SCRATCH/perf.data" --stdio --no-children \
			--sort comm,dso -g none --percent-limit 0.5 2>/dev/null |
			grep -v '^#' | sed '/^$/d' | head -15
		echo "-- self time by command, object, symbol --"
		perf report -i "$SCRATCH/perf.data" --stdio --no-children \
			--sort comm,dso,sym -g none --percent-limit 0.7 2>/dev/null |
			grep -v '^#' | sed '/^$/d' | head -45
		# what each kind of kernel entry costs the process, callees
		# included: the dump's recvmsg, the output's write, page faults,
		# exec and the dynamic loader, as far as perf's chains reach.
		# roam's recvmsg and write showed no __x64_sys_ frame on 6.1
		# (a tail call to the body, likely): __sys_ and ksys_ frames
		# are looked for too.  start_thread: a thread of the process
		# other than its first (roam's dump reader, reader_main).
		echo "-- $comm: time with callees, by entry point --"
		perf report -i "$SCRATCH/perf.data" --stdio --children \
			--comm "${comm:0:15}" --sort sym -g none 2>/dev/null |
			grep -E '\] (__x64_sys_[a-z_0-9]+|__sys_[a-z_0-9]+|ksys_[a-z_0-9]+|asm_exc_page_fault|do_user_addr_fault|_dl_start|_dl_relocate_object|main|_start|start_thread|reader_main)$' |
			head -25
		rm -f "$SCRATCH/profiled.out"
	} > "$out"
	cat "$out"
}

# perf's view of `ip link del` with $1 sessions (see the top)
profile_link_del() {
	local n=$1 out=$OUTDIR/link-del-profile.txt t0 t

	say "profile: ip link del with $n sessions"
	command -v perf > /dev/null || { echo "scale: no perf" >&2; return; }
	fresh_dev
	in_ns "$TOOL" create roam0 "$n" > /dev/null || { FAILED=1; return; }
	t0=$(now)
	perf record -q -a -g -F 999 -o "$SCRATCH/perf.data" -- \
		ip netns exec "$NS" ip link del roam0 2> "$SCRATCH/perf.err" ||
		{ cat "$SCRATCH/perf.err" >&2; FAILED=1; return; }
	t=$(elapsed "$t0")
	{
		echo "ip link del roam0, $n sessions: $t s under perf (kernel $(uname -r))"
		echo "-- self time by symbol (swapper/idle = waiting) --"
		perf report -i "$SCRATCH/perf.data" --stdio --no-children \
			--sort comm,sym -g none --percent-limit 0.7 2>/dev/null |
			grep -v '^#' | sed '/^$/d' | head -45
		echo "-- call chains of the top symbols (callers) --"
		perf report -i "$SCRATCH/perf.data" --stdio --no-children \
			--sort sym -g caller,0.5,callee --percent-limit 4 2>/dev/null |
			grep -v '^#' | sed '/^$/d' | head -120
	} > "$out"
	cat "$out"
	FIG[profile_${n}_link_del_s]=$t
}

install_tree "$TREE"
cc -O2 -Wall -I"$TREE/uapi" -o "$TOOL" "$BENCH_DIR/roam_nl_scale.c" || exit 1
ip netns add "$NS" || exit 1
in_ns ip link set lo up
say "kernel $(uname -r), $(nproc) CPUs, N = $NS_LIST"

if [ -n "${SCALE_PROFILE:-}" ]; then
	load || exit 1
	profile_link_del "$SCALE_PROFILE"
	if [ -n "${SCALE_PROFILE_ONLY:-}" ]; then
		exit "$FAILED"
	fi
fi

VARIANTS=""
if [ -n "${SCALE_BASE:-}" ]; then
	run_variant base "$SCALE_BASE/kmod" "$SCALE_BASE/userspace/roam/roam"
	VARIANTS="base"
fi
if [ -n "$NS_LIST" ]; then
	run_variant roam "${ROAM_KMOD_DIR:-$TREE/kmod}" "$ROAM"
	VARIANTS="$VARIANTS roam"
else
	load || exit 1
fi
FULL_KEYS=""
for mode in $FULL_MODES; do
	ns=$FULL_NS
	rate=$FULL_RATE
	if [ "$mode" = l2tp-ipsec ]; then
		ns=$FULL_IPSEC_NS
		rate=$FULL_IPSEC_RATE
	fi
	for n in $ns; do
		full_scale "$n" "$rate" "$mode"
		FULL_KEYS="$FULL_KEYS roamd_$(_mode_key "$mode")_$n"
	done
done
for mode in $STOCK_MODES; do
	for n in $STOCK_NS; do
		stock_scale "$n" "$STOCK_RATE" "$mode"
		FULL_KEYS="$FULL_KEYS stock_$(_mode_key "$mode")_$n"
	done
done

{
	[ -n "$NS_LIST" ] && {
	printf '%-36s' "kernel-only scale ($(uname -r))"
	for v in $VARIANTS; do
		for n in $NS_LIST; do printf '%16s' "$v N=$n"; done
	done
	echo
	for row in "create_s:create N, s" "deleted:deleted one by one" \
		   "delete_s:  in, s" "delete_ms_per_session:  ms per session" \
		   "link_del_s:ip link del, s" "unload_s:module unload, s" \
		   "dump_s:netlink dump, s" \
		   "dump_wall_s:  its process, s" \
		   "dump_cpu_s:  its CPU (user+sys), s" \
		   "show_s:roam -j session show, s" \
		   "show_cpu_s:  its CPU (user+sys), s" \
		   "show_over_dump:  / raw dump's process" \
		   "show_1cpu_s:  on one CPU (taskset), s" \
		   "show_1cpu_cpu_s:    its CPU (user+sys), s" \
		   "show_same_as_base:  output = base's (1: yes)" \
		   "slab_per_session_b:slab per session, B" \
		   "mem_per_session_b:memory per session, B" \
		   "percpu_per_session_b:  of it per-CPU, B" \
		   "vmalloc_per_session_b:  of it vmalloc (hash buckets), B" \
		   "rx_pps:receive path, packets/s"; do
		key=${row%%:*}
		printf '%-36s' "${row#*:}"
		for v in $VARIANTS; do
			for n in $NS_LIST; do printf '%16s' "${FIG[${v}_${n}_$key]:--}"; done
		done
		echo
	done
	printf '%-36s' "receive path, 1 session, packets/s"
	for v in $VARIANTS; do
		printf '%16s' "${FIG[${v}_1_rx_pps]:--}"
		for n in $NS_LIST; do [ "$n" = "${NS_LIST%% *}" ] || printf '%16s' ""; done
	done
	echo
	}
	echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (VM)"
	[ -n "$FULL_KEYS" ] && full_scale_table "$FULL_KEYS"
} > "$TABLE"
cat "$TABLE"

{
	echo "{"
	sep=""
	for k in $(printf '%s\n' "${!FIG[@]}" | sort); do
		printf '%s  "scale_%s": %s' "$sep" "$k" "${FIG[$k]}"
		sep=$',\n'
	done
	printf '\n}\n'
} > "$JSON"
exit "$FAILED"
