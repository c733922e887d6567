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
#   BENCH_RUNS, BENCH_IPERF_T, BENCH_PATHS, BENCH_IKE, BENCH_ESP
#                   passed to bench_in_vm.sh (see there)
#   ROAM_VM_TIMEOUT limit for the VM run, seconds (default 2700)

set -u

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ST=$(cd "$DIR/.." && pwd)
TREE=$(cd "$ST/.." && pwd)

if [ -z "${KVER:-}" ]; then
	KVER=$(find /lib/modules -mindepth 1 -maxdepth 1 -name '6.1.*-amd64' -printf '%f\n' 2>/dev/null |
		sort -V | tail -n1)
fi
export KVER
OUT=${ROAM_BENCH_OUT:-$(mktemp -d /tmp/roam-bench.XXXXXX)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
t0=$(date +%s)
echo "bench: kernel $KVER, output in $OUT"

# iperf3 is the benchmark's own dependency (Debian's package).
if ! command -v iperf3 >/dev/null 2>&1; then
	echo "bench: installing iperf3"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q iperf3 ||
		{ echo "bench: cannot install iperf3" >&2; exit 1; }
fi
"$ST/vm/setup-vng.sh" || { echo "bench: setup-vng.sh failed" >&2; exit 125; }

KMOD=$(cd "${ROAM_KMOD_DIR:-$TREE/kmod}" && pwd) || exit 1
for f in "$KMOD/roam.ko" "$KMOD/roam_l2tp.ko" "$TREE/userspace/roamd/roamd" "$TREE/userspace/roam/roam"; do
	[ -f "$f" ] || { echo "bench: $f is not built (make bench builds it)" >&2; exit 1; }
done
vm=$(modinfo -F vermagic "$KMOD/roam.ko" | awk '{print $1}')
if [ "$vm" != "$KVER" ]; then
	echo "bench: $KMOD/roam.ko is built for $vm, not $KVER (make KVER=$KVER all, or ROAM_KMOD_DIR)" >&2
	exit 1
fi

guest_cmd=(env "ROAM_KMOD_DIR=$KMOD" BENCH_TABLE_STDOUT=0)
for v in BENCH_RUNS BENCH_IPERF_T BENCH_PATHS BENCH_IKE BENCH_ESP; do
	[ -n "${!v:-}" ] && guest_cmd+=("$v=${!v}")
done
guest_cmd+=(bash "$DIR/bench_in_vm.sh")

mkdir -p "$OUT/vm"
"$ST/vm/prep-modules.sh" "$KVER" "$KMOD" "$OUT/vm/modindex" ||
	echo "bench: could not index the modules on the host; the VM runs depmod"
ROAM_VM_TIMEOUT=${ROAM_VM_TIMEOUT:-2700} \
	"$ST/vm/run-vm.sh" -k "$KVER" -o "$OUT/vm" -- "${guest_cmd[@]}" | tee "$OUT/bench.log"
rc=${PIPESTATUS[0]}

echo
if [ -s "$OUT/vm/bench-table.txt" ]; then
	echo "=== roam benchmark ($KVER, $(( $(date +%s) - t0 )) s in all; log $OUT/bench.log, details $OUT/vm/bench-details.txt) ==="
	cat "$OUT/vm/bench-table.txt"
	[ -s "$OUT/vm/bench-results.json" ] && echo "JSON: $OUT/vm/bench-results.json" && cat "$OUT/vm/bench-results.json"
else
	echo "bench: no table was produced (VM exit status $rc); log in $OUT/bench.log" >&2
	[ "$rc" -eq 0 ] && rc=1
fi
exit "$rc"
