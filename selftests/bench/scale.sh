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
#   SCALE_NS, SCALE_RX_PACKETS, SCALE_BASE   passed to scale_in_vm.sh (see
#                   there; SCALE_BASE: a built tree to compare with)
#   ROAM_VM_TIMEOUT limit for the VM run, seconds (default 3600: with
#                   SCALE_BASE a loaded machine needed more than 1800)

set -u

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ST=$(cd "$DIR/.." && pwd)
TREE=$(cd "$ST/.." && pwd)

if [ -z "${KVER:-}" ]; then
	KVER=$(find /lib/modules -mindepth 1 -maxdepth 1 -name '6.1.*-amd64' -printf '%f\n' 2>/dev/null |
		sort -V | tail -n1)
fi
export KVER
OUT=${ROAM_BENCH_OUT:-$(mktemp -d /tmp/roam-scale.XXXXXX)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
t0=$(date +%s)
echo "bench-scale: kernel $KVER, output in $OUT"
"$ST/vm/setup-vng.sh" || { echo "bench-scale: setup-vng.sh failed" >&2; exit 125; }

KMOD=$(cd "${ROAM_KMOD_DIR:-$TREE/kmod}" && pwd) || exit 1
for f in "$KMOD/roam.ko" "$KMOD/roam_l2tp.ko" "$KMOD/roam_pptp.ko" "$TREE/userspace/roam/roam"; do
	[ -f "$f" ] || { echo "bench-scale: $f is not built (make bench-scale builds it)" >&2; exit 1; }
done
vm=$(modinfo -F vermagic "$KMOD/roam.ko" | awk '{print $1}')
if [ "$vm" != "$KVER" ]; then
	echo "bench-scale: $KMOD/roam.ko is built for $vm, not $KVER (make KVER=$KVER all, or ROAM_KMOD_DIR)" >&2
	exit 1
fi

guest_cmd=(env "ROAM_KMOD_DIR=$KMOD")
for v in SCALE_NS SCALE_RX_PACKETS SCALE_BASE; do
	[ -n "${!v:-}" ] && guest_cmd+=("$v=${!v}")
done
guest_cmd+=(bash "$DIR/scale_in_vm.sh")

mkdir -p "$OUT/vm"
"$ST/vm/prep-modules.sh" "$KVER" "$KMOD" "$OUT/vm/modindex" ||
	echo "bench-scale: could not index the modules on the host; the VM runs depmod"
ROAM_VM_TIMEOUT=${ROAM_VM_TIMEOUT:-3600} \
	"$ST/vm/run-vm.sh" -k "$KVER" -o "$OUT/vm" -- "${guest_cmd[@]}" | tee "$OUT/scale.log"
rc=${PIPESTATUS[0]}

echo
if [ -s "$OUT/vm/scale-table.txt" ]; then
	cp "$OUT/vm/bench-results.json" "$OUT/" 2>/dev/null
	echo "=== roam kernel scale ($KVER, $(( $(date +%s) - t0 )) s in all; log $OUT/scale.log, figures $OUT/bench-results.json) ==="
	cat "$OUT/vm/scale-table.txt"
else
	echo "bench-scale: no table was produced (VM exit status $rc); log in $OUT/scale.log" >&2
	[ "$rc" -eq 0 ] && rc=1
fi
exit "$rc"
