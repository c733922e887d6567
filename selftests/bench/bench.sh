#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host side of `make bench`: boots the VM of $KVER the way check.sh does
# (vm/prep-modules.sh indexes the tree's modules, vm/run-vm.sh boots the
# kernel) and runs bench_in_vm.sh inside: roam against the stock Linux
# L2TP/IPsec stack, in the same VM run. Builds nothing (make bench builds
# first); prints the table at the end. Figures, not verdicts.
#
# Environment:
#   KVER            kernel release to boot (default: newest 6.1.*-amd64)
#   ROAM_BENCH_OUT  output folder (default: a new /tmp/roam-bench.XXXXXX)
#   ROAM_KMOD_DIR   folder of roam*.ko built for KVER (default: kmod/)
#   BENCH_RUNS, BENCH_IPERF_T, BENCH_STREAMS, BENCH_PATHS, BENCH_IKE, BENCH_ESP,
#   BENCH_PERF, BENCH_PERF_DIRS, BENCH_TNL_GSO, BENCH_RPS, BENCH_LINK_NAPI,
#   BENCH_CAPTURE
#                   passed to bench_in_vm.sh (see there)
#   ROAM_VM_TIMEOUT limit for the VM run, seconds (default 4500)

set -u

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib_host.sh
source "$DIR/lib_host.sh"

# iperf3, ethtool and pptpd (the stock PPTP gateway) are the benchmark's
# own dependencies (Debian's); tcpdump too for BENCH_CAPTURE.
for pkg in iperf3 ethtool pptpd ${BENCH_CAPTURE:+tcpdump}; do
	PATH=$PATH:/usr/sbin:/sbin command -v $pkg >/dev/null 2>&1 && continue
	echo "bench: installing $pkg"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $pkg ||
		{ echo "bench: cannot install $pkg" >&2; exit 1; }
done

host_init bench "$TREE/userspace/roamd/roamd" "$TREE/userspace/roam/roam"

guest_cmd=(env "ROAM_KMOD_DIR=$KMOD" BENCH_TABLE_STDOUT=0)
for v in BENCH_RUNS BENCH_IPERF_T BENCH_STREAMS BENCH_PATHS BENCH_IKE BENCH_ESP BENCH_PERF BENCH_PERF_DIRS BENCH_TNL_GSO BENCH_RPS BENCH_LINK_NAPI BENCH_CAPTURE; do
	[ -n "${!v:-}" ] && guest_cmd+=("$v=${!v}")
done
guest_cmd+=(bash "$DIR/bench_in_vm.sh")

load0=$(cut -d' ' -f1-3 /proc/loadavg)
host_run bench bench.log 4500 "${guest_cmd[@]}"
rc=$RC
if [ -s "$OUT/vm/bench-table.txt" ]; then
	echo "=== roam benchmark ($KVER, $(( $(date +%s) - T0 )) s in all; log $OUT/bench.log, details $OUT/vm/bench-details.txt) ==="
	cat "$OUT/vm/bench-table.txt"
	echo "host load average (1/5/15 min): $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
	[ -s "$OUT/vm/bench-results.json" ] && echo "JSON: $OUT/vm/bench-results.json" && cat "$OUT/vm/bench-results.json"
else
	echo "bench: no table was produced (VM exit status $rc); log in $OUT/bench.log" >&2
	[ "$rc" -eq 0 ] && rc=1
fi
exit "$rc"
