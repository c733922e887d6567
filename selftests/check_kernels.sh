#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM part of `make check`: the whole suite on the first kernel (KVER,
# Debian's 6.1) and the kernel-facing tests (ROAM_SUITE=kernel, see
# selftests/Makefile) on the second (KVER2, default the newest 6.12
# installed). The first kernel's suite runs as two parts of about the same
# length (ROAM_SUITE=first: the kernel-facing tests and a share of the
# others; ROAM_SUITE=rest: the other tests), so three VMs run at once:
# under emulation a VM leaves much of the machine idle while its tests
# wait on timers and peers, and one VM with the whole suite took
# three quarters of an hour on a loaded machine.
#
# Environment:
#   KVER        first kernel (default: check.sh's, the newest 6.1)
#   KVER2       second kernel; empty: the first kernel only
#   ROAM_CHECK_PARALLEL=0   one VM after the other, the first kernel's
#               suite in one VM
#   OUT         folder for the logs (default .check)
#
# Prints each run's output (the first as it comes, the others when they
# end) and a combined "N passed, N failed, N skipped" line; exits non-zero
# when any run failed.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-.check}
mkdir -p "$OUT"

k2=${KVER2-6.12}
if [ -n "$k2" ] && [ ! -d "/lib/modules/$k2/build" ]; then
	k2=$(ls -1 /lib/modules 2>/dev/null | grep -E "^${k2//./\\.}[.-]" | sort -V | tail -n1)
	[ -n "$k2" ] || { echo "check: no kernel ${KVER2-6.12} installed (make deps KVER=${KVER2-6.12})" >&2; exit 1; }
fi

# Shared steps once, before two runs could race on them (the downloads of
# a fresh machine, the helper's build).
bash "$DIR/vm/setup-vng.sh" >/dev/null || { echo "check: setup-vng.sh failed" >&2; exit 1; }
make -s -C "$DIR" all || exit 1

t0=$(date +%s)
# Each background run: NAME KVER SUITE; its log is $OUT/NAME.log.
names=() pids=()
bg_run() {
	KVER=$2 ROAM_SUITE=$3 sh "$DIR/check.sh" > "$OUT/$1.log" 2>&1 &
	names+=("$1") pids+=($!)
}
parallel=${ROAM_CHECK_PARALLEL:-1}
first_suite=
if [ "$parallel" != 0 ]; then
	first_suite=first
	echo "check: the first kernel's other tests in a second VM (log: $OUT/vm1b.log)"
	bg_run vm1b "${KVER:-}" rest
	if [ -n "$k2" ]; then
		echo "check: kernel-facing tests on $k2 in a third VM (log: $OUT/vm2.log)"
		bg_run vm2 "$k2" kernel
	fi
fi
# The logs that make check adds up, known before any run can die.
logs=("$OUT/vm.log")
for n in "${names[@]}"; do logs+=("$OUT/$n.log"); done
[ "$parallel" = 0 ] && [ -n "$k2" ] && logs+=("$OUT/vm2.log")
printf '%s\n' "${logs[@]}" > "$OUT/vm-logs.txt"
ROAM_SUITE=$first_suite sh "$DIR/check.sh" 2>&1 | tee "$OUT/vm.log"
rc=${PIPESTATUS[0]}
if [ "$parallel" = 0 ] && [ -n "$k2" ]; then
	KVER=$k2 ROAM_SUITE=kernel sh "$DIR/check.sh" > "$OUT/vm2.log" 2>&1
	[ $? -eq 0 ] || rc=1
	names+=(vm2)
fi
for i in "${!names[@]}"; do
	if [ -n "${pids[$i]:-}" ]; then
		wait "${pids[$i]}" || rc=1
	fi
	echo "== ${names[$i]}: $(head -n 1 "$OUT/${names[$i]}.log") =="
	cat "$OUT/${names[$i]}.log"
done
echo "check: VM tests took $(( $(date +%s) - t0 )) s in all"
sh "$DIR/summary.sh" "${logs[@]}" || rc=1
exit "$rc"
