#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks KERNEL_LOG_BAD, the pattern by which lib.sh (each test) and
# vm/run-vm.sh (the whole VM log) fail on a kernel report, against the
# first lines of each kind of report the debug kernel of `make check-debug`
# prints (KASAN, lockdep and PROVE_RCU, DEBUG_ATOMIC_SLEEP, DEBUG_OBJECTS,
# kmemleak; the texts are those of Debian's 6.1 source: lockdep.c,
# kasan/report.c, debugobjects.c, kmemleak.c, sched/core.c), and against
# what a clean boot of that kernel prints about the same checkers, which
# must pass.
#
#   kernel_log_patterns.sh [LOG...]   LOGs: kernel logs of clean runs, which
#                                     must not match either
#
# Exit status: 0 when both files' patterns catch every report and pass
# every clean line.
set -u
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# One line of each report, as the kernel prints it (dmesg format).
REPORTS=(
	'[  402.1] BUG: KASAN: use-after-free in provoke_init+0x61/0x1a0 [provoke]'
	'[  402.1] BUG: KASAN: slab-out-of-bounds in roam_session_new+0x1f/0x90 [roam]'
	'[  402.1] WARNING: possible circular locking dependency detected'
	'[  402.1] WARNING: possible recursive locking detected'
	'[  402.1] WARNING: inconsistent lock state'
	'[  402.1] WARNING: possible irq lock inversion dependency detected'
	'[  402.1] WARNING: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected'
	'[  402.1] WARNING: bad unlock balance detected!'
	'[  402.1] WARNING: held lock freed!'
	'[  402.1] WARNING: lock held when returning to user space!'
	'[  402.1] WARNING: suspicious RCU usage'
	'[  402.1] INFO: lockdep is turned off.'
	'[  402.1] BUG: MAX_LOCKDEP_CHAINS too low!'
	'[  402.1] turning off the locking correctness validator.'
	'[  402.1] BUG: sleeping function called from invalid context at kernel/time/timer.c:2107'
	'[  402.1] ODEBUG: free active (active state 0) object: 00000000c3f0e1b8 object type: timer_list hint: tfn+0x0/0x10 [provoke]'
	'[  402.1] ODEBUG: Out of memory. ODEBUG disabled'
	'[  402.1] WARNING: CPU: 1 PID: 812 at lib/debugobjects.c:505 debug_print_object+0x1a5/0x220'
	'unreferenced object 0xffff888004a1c280 (size 64):'
	'[  402.1] kmemleak: Kernel memory leak detector disabled'
	'[  402.1] Call Trace:'
	'[  402.1] roam: 3 sessions leaked'
)

# What a clean boot of the debug kernel says about the same checkers.
CLEAN=(
	'[    1.559377] kasan: KernelAddressSanitizer initialized'
	'[    5.751402] rcu: 	RCU lockdep checking is enabled.'
	'[    5.984244] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar'
	'[    5.984870] ... MAX_LOCKDEP_KEYS:        8192'
	'[   24.558233] kmemleak: Kernel memory leak detector initialized (mem pool available: 30611)'
	'[  470.485902] roam: roam data plane loaded'
)

pattern_of() { sed -n "s/^KERNEL_LOG_BAD='\(.*\)'\$/\1/p" "$1"; }

rc=0
for f in "$DIR/lib.sh" "$DIR/vm/run-vm.sh"; do
	re=$(pattern_of "$f")
	if [ -z "$re" ]; then
		echo "kernel_log_patterns: no KERNEL_LOG_BAD='...' line in $f"
		rc=1
		continue
	fi
	missed=0 wrong=0
	for l in "${REPORTS[@]}"; do
		if ! printf '%s\n' "$l" | grep -Eq -- "$re"; then
			echo "kernel_log_patterns: $f misses: $l"
			missed=$((missed + 1))
		fi
	done
	for l in "${CLEAN[@]}"; do
		if printf '%s\n' "$l" | grep -Eq -- "$re"; then
			echo "kernel_log_patterns: $f takes a clean line for a report: $l"
			wrong=$((wrong + 1))
		fi
	done
	for log in "$@"; do
		bad=$(grep -E -- "$re" "$log")
		if [ -n "$bad" ]; then
			echo "kernel_log_patterns: $f finds reports in the clean log $log:"
			printf '%s\n' "$bad" | head -n 5 | sed 's/^/  /'
			wrong=$((wrong + 1))
		fi
	done
	echo "kernel_log_patterns: $(basename "$f"): ${#REPORTS[@]} reports, $missed missed; ${#CLEAN[@]} clean lines${1:+ and $# clean logs}, $wrong taken for reports"
	[ $missed = 0 ] && [ $wrong = 0 ] || rc=1
done
exit $rc
