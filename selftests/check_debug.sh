#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-debug`: the kernel-facing VM tests that reach every path of
# the modules (TEST_PROGS_DEBUG of selftests/Makefile) on a debug build of
# Debian's 6.1 kernel with KASAN, lockdep (PROVE_LOCKING), kmemleak and
# DEBUG_OBJECTS. Not part of `make check`: the kernel takes long to build
# (once, then cached) and the tests run ~20 times slower on it, so not
# every kernel-facing test is in the list (the Makefile says why).
#
#   1. vm/build-debug-kernel.sh builds and installs the kernel, or finds
#      it built (see there for the cache);
#   2. check.sh runs the tests on it in one VM; each test fails on a kernel
#      report during it (lib.sh's dmesg_check), run_in_vm.sh adds a
#      "kernel debug checks" line (a kmemleak scan after the last test,
#      lockdep still on), and run-vm.sh fails the run on any report in the
#      whole kernel log.
#
# Environment:
#   OUT               folder for the logs (default .check-debug)
#   ROAM_TESTS        other tests (default: TEST_PROGS_DEBUG)
#   ROAM_SUITE_BUDGET seconds after the VM's boot by which the tests must
#                     be done (default 3300): a test whose limit
#                     (settings.debug) would end later is not started, and
#                     the run fails saying so
#   ROAM_VM_TIMEOUT   limit for the VM, seconds (default: the budget and
#                     900 s for the final kmemleak scan and the log checks)
#   ROAM_VM_MEMORY    the VM's memory (default 3G: KASAN's shadow and
#                     kmemleak's metadata come on top of the tests' needs)
#   MAKE_JOBS         kernel build jobs (default 2)
#
# RCU's stall detector is given 300 s (its longest) instead of 21: under
# emulation on a loaded machine this kernel runs ~20 times slower, and a
# boot step (tracefs' event maps) held a CPU for more than 21 s of wall
# time, a "stall" of the emulator that fails the run with a call trace.
# Lockdep still reports a lock order that can deadlock, and a test that
# hangs still runs into its limit.
#
# Exit status: 0 when every test passed and the kernel reported nothing.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -u
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${OUT:-.check-debug}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# the patterns that fail a run catch every kind of report, and nothing
# that a clean boot of the debug kernel prints
bash "$DIR/tools/kernel_log_patterns.sh" || exit 1

t0=$(date +%s)
krel=$(bash "$DIR/vm/build-debug-kernel.sh" 2> >(tee "$OUT/build.log" >&2) | tail -n 1)
if [ -z "$krel" ] || [ ! -f "/boot/vmlinuz-$krel" ]; then
	echo "check-debug: the debug kernel could not be built (log: $OUT/build.log)" >&2
	exit 125
fi
t1=$(date +%s)
echo "check-debug: kernel $krel ready after $((t1 - t0)) s"

rm -rf "$OUT/run"
budget=${ROAM_SUITE_BUDGET:-3300}
KVER=$krel ROAM_SUITE=debug ROAM_CHECK_OUT=$OUT/run \
	ROAM_SETTINGS=$DIR/settings.debug ROAM_SUITE_BUDGET=$budget \
	ROAM_VM_TIMEOUT=${ROAM_VM_TIMEOUT:-$((budget + 900))} \
	ROAM_VM_MEMORY=${ROAM_VM_MEMORY:-3G} \
	ROAM_VM_APPEND="rcupdate.rcu_cpu_stall_timeout=300" \
	ROAM_WAIT_SCALE=${ROAM_WAIT_SCALE:-5} \
	bash "$DIR/check.sh" 2>&1 | tee "$OUT/vm.log"
rc=${PIPESTATUS[0]}
echo "check-debug: VM run took $(( $(date +%s) - t1 )) s, kernel log in $OUT/run/vm/dmesg.txt"
sh "$DIR/summary.sh" "$OUT/vm.log" || rc=1
# A test left out for lack of time is a path not checked: not a pass.
late=$(sed -n 's/^ok [0-9]* \([^ ]*\) # SKIP not started, .*/\1/p' "$OUT/vm.log" | xargs)
if [ -n "$late" ]; then
	echo "check-debug: FAIL: not started within the budget of $budget s: $late (a slower machine needs ROAM_SUITE_BUDGET)" >&2
	[ "$rc" = 0 ] && rc=1
fi
exit "$rc"
