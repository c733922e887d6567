#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host side of `make bench-scale`: boots the VM of $KVER the way bench.sh
# does and runs scale_in_vm.sh inside (kernel-only session scale: create,
# receive, memory, dump, CLI listing, deletion one by one, device
# deletion, module unload at 10k and 100k sessions). Builds nothing (make
# bench-scale builds first); prints the table at the end and leaves
# bench-results.json next to it. Figures, not verdicts.
#
# Environment:
#   KVER            kernel release to boot (default: newest 6.1.*-amd64)
#   ROAM_BENCH_OUT  output folder (default: a new /tmp/roam-scale.XXXXXX)
#   ROAM_KMOD_DIR   folder of roam*.ko built for KVER (default: kmod/)
#   SCALE_NS, SCALE_RX_PACKETS, SCALE_BASE, SCALE_FULL_NS, SCALE_FULL_RATE,
#   SCALE_FULL_MODES, SCALE_FULL_IPSEC_NS, SCALE_FULL_IPSEC_RATE,
#   SCALE_STOCK_NS, SCALE_STOCK_MODES, SCALE_STOCK_RATE, SCALE_FULL_LIMIT,
#   SCALE_FULL_MEM_FLOOR, SCALE_FULL_PROFILE, SCALE_FULL_HEAP_SITES,
#   SCALE_FULL_IPSEC_GROUP, SCALE_FULL_SETUP_LIMIT,
#   SCALE_ROAMD_LOG, SCALE_PROFILE, SCALE_PROFILE_ONLY,
#   SCALE_STEPS, SCALE_REPEAT, SCALE_PROFILE_SHOW
#                   passed to scale_in_vm.sh (see there; SCALE_BASE: a
#                   built tree to compare with; SCALE_FULL_NS: full
#                   sessions through roamd and roam-loadgen, default 1000;
#                   SCALE_PROFILE=N: a profile of `ip link del` with N
#                   sessions; SCALE_STEPS="dump show": only those steps
#                   after the creation; SCALE_REPEAT=R: the dump and
#                   show steps R times, the best kept; SCALE_PROFILE_SHOW=1:
#                   a profile of each listing)
#   ROAM_VM_TIMEOUT limit for the VM run, seconds (default 5400: the
#                   default steps take 40-50 minutes on a loaded machine)

set -u

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib_host.sh
source "$DIR/lib_host.sh"

host_init bench-scale "$TREE/userspace/roam/roam"

guest_cmd=(env "ROAM_KMOD_DIR=$KMOD")
for v in SCALE_NS SCALE_RX_PACKETS SCALE_BASE SCALE_FULL_NS SCALE_FULL_RATE \
	SCALE_FULL_MODES SCALE_FULL_IPSEC_NS SCALE_FULL_IPSEC_RATE SCALE_STOCK_NS SCALE_STOCK_MODES SCALE_STOCK_RATE SCALE_FULL_LIMIT \
	SCALE_FULL_MEM_FLOOR SCALE_FULL_PROFILE SCALE_FULL_HEAP_SITES SCALE_FULL_IPSEC_GROUP SCALE_FULL_SETUP_LIMIT SCALE_ROAMD_LOG SCALE_PROFILE SCALE_PROFILE_ONLY \
	SCALE_STEPS SCALE_REPEAT SCALE_PROFILE_SHOW; do
	# set, even empty (SCALE_NS="" skips the kernel-only steps)
	[ -n "${!v+x}" ] && guest_cmd+=("$v=${!v}")
done
guest_cmd+=(bash "$DIR/scale_in_vm.sh")

echo "bench-scale: host load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
host_run bench-scale scale.log 5400 "${guest_cmd[@]}"
echo "bench-scale: host load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
rc=$RC
[ -s "$OUT/vm/link-del-profile.txt" ] && cp "$OUT/vm/link-del-profile.txt" "$OUT/"
for f in "$OUT"/vm/show-profile-*.txt "$OUT"/vm/dump-profile-*.txt; do
	[ -s "$f" ] && cp "$f" "$OUT/"
done
if [ -n "${SCALE_PROFILE_ONLY:-}" ]; then
	[ -s "$OUT/link-del-profile.txt" ] || { echo "bench-scale: no profile; log in $OUT/scale.log" >&2; exit 1; }
	exit "$rc"
fi
if [ -s "$OUT/vm/scale-table.txt" ]; then
	cp "$OUT/vm/bench-results.json" "$OUT/" 2>/dev/null
	echo "=== roam scale ($KVER, $(( $(date +%s) - T0 )) s in all; log $OUT/scale.log, figures $OUT/bench-results.json) ==="
	cat "$OUT/vm/scale-table.txt"
else
	echo "bench-scale: no table was produced (VM exit status $rc); log in $OUT/scale.log" >&2
	[ "$rc" -eq 0 ] && rc=1
fi
exit "$rc"
