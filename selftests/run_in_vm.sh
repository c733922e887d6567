#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the roam selftests in the machine it is started in: normally the
# virtme-ng VM that vm/run-vm.sh boots (the host's root read-only, /usr,
# /etc, /var writable overlays). It
#
#   1. mounts a tmpfs for scratch files (TMPDIR of every test),
#   2. installs the tree's modules (kmod/*.ko, or $ROAM_KMOD_DIR/*.ko) into
#      /lib/modules/$(uname -r)/updates/roam and runs depmod -a, so that
#      modprobe and the kernel's on-demand loading find them,
#   3. puts the tree's roam and roamd programs on PATH,
#   4. runs each test of TEST_PROGS (or the ones named on the command line)
#      with the timeout of ./settings, and prints KTAP/TAP:
#        TAP version 13 / 1..N / ok N name / not ok N name / ok N name # SKIP why
#      then "N passed, N failed, N skipped".
#
# Exit status: 0 when nothing failed, 1 otherwise. It changes the system's
# module tree, so it refuses to run outside a virtme-ng guest unless
# ROAM_SELFTESTS_ALLOW_HOST=1.

set -u

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TREE=$(cd "$DIR/.." && pwd)
KMOD_DIR=${ROAM_KMOD_DIR:-$TREE/kmod}
KVER=$(uname -r)
SCRATCH=${ROAM_SCRATCH:-/run/roam-selftests}

say() { echo "# $*"; }

if [ "$(id -u)" != 0 ]; then
	echo "run_in_vm.sh: must run as root" >&2
	exit 1
fi
if ! grep -q virtme /proc/cmdline && [ "${ROAM_SELFTESTS_ALLOW_HOST:-0}" != 1 ]; then
	echo "run_in_vm.sh: not in a virtme-ng guest; it installs modules into /lib/modules." >&2
	echo "Use vm/run-vm.sh (or check.sh), or set ROAM_SELFTESTS_ALLOW_HOST=1 on a disposable machine." >&2
	exit 1
fi

# --- 1. scratch ----------------------------------------------------------------
mkdir -p "$SCRATCH"
if ! mountpoint -q "$SCRATCH"; then
	mount -t tmpfs -o size=512m,mode=1777 roam-selftests "$SCRATCH" || exit 1
fi
export TMPDIR=$SCRATCH

# --- 2. modules -------------------------------------------------------------------
DEST=/lib/modules/$KVER/updates/roam
installed=0
for ko in roam.ko roam_l2tp.ko roam_pptp.ko; do
	src=$KMOD_DIR/$ko
	if [ ! -f "$src" ]; then
		say "module $src not built: tests that need it will skip"
		continue
	fi
	vm=$(modinfo -F vermagic "$src" 2>/dev/null | awk '{print $1}')
	if [ "$vm" != "$KVER" ]; then
		say "module $src is built for ${vm:-?}, not $KVER: not installed"
		continue
	fi
	mkdir -p "$DEST"
	cp "$src" "$DEST/" && installed=$((installed + 1))
done
if [ $installed -gt 0 ] && [ -f "${ROAM_VM_OUT:-/nonexistent}/modindex/modules.dep" ]; then
	# indexed on the host by vm/prep-modules.sh: much faster than depmod here
	cp "$ROAM_VM_OUT"/modindex/modules.* "/lib/modules/$KVER/"
	say "module index from the host ($ROAM_VM_OUT/modindex)"
elif [ $installed -gt 0 ]; then
	depmod -a "$KVER"
	say "installed $installed module(s) from $KMOD_DIR into $DEST"
	for m in roam roam_l2tp roam_pptp; do
		modinfo -F filename "$m" >/dev/null 2>&1 &&
			say "  $m: $(modinfo -F filename "$m") $(modinfo -F srcversion "$m")"
	done
fi

# --- 3. programs -------------------------------------------------------------------
# Copied, so that a rebuild in the tree while the tests run cannot pull a
# binary from under them.
mkdir -p "$SCRATCH/bin"
for p in "$TREE/userspace/roam/roam" "$TREE/userspace/roamd/roamd" \
	 "$TREE/userspace/tools/loadgen/roam-loadgen"; do
	if [ -x "$p" ]; then
		cp "$p" "$SCRATCH/bin/"
	else
		say "program $p not built: tests that need it will skip"
	fi
done
export PATH="$SCRATCH/bin:$PATH"

# The C helpers: use the Makefile's build when current, otherwise compile
# them here (the tree can be read-only).
export ROAM_HELPER_DIR=$SCRATCH/bin
for h in roam_nl_malformed roam_nl_bulk roam_l2tp_race; do
	if [ ! -x "$DIR/$h" ] || [ "$DIR/$h.c" -nt "$DIR/$h" ] || [ "$DIR/roam_nl.h" -nt "$DIR/$h" ]; then
		cc -O2 -Wall -I"$TREE/uapi" -o "$SCRATCH/bin/$h" "$DIR/$h.c" ||
			say "cannot build $h: tests that need it will skip"
	fi
done

# --- kernel configuration the tests expect ----------------------------------------
if [ -r "/boot/config-$KVER" ]; then
	missing=""
	for opt in $(grep -o '^CONFIG_[A-Z0-9_]*' "$DIR/config"); do
		grep -Eq "^$opt=(y|m)" "/boot/config-$KVER" || missing="$missing $opt"
	done
	[ -n "$missing" ] && say "kernel $KVER lacks options of selftests/config:$missing"
fi

# --- debug kernel: kmemleak and lockdep (make check-debug) ----------------------
# On a kernel with kmemleak (selftests/vm/debug-kernel.config) what boot
# left unreferenced is set aside first (scan, then clear), so the scan at
# the end reports only what the tests leaked. Lockdep must still be on
# when the tests start: it turns itself off for good at its first report,
# and a run with it off would prove nothing. The result is one more test
# line, "kernel debug checks", after the tests.
KMEMLEAK=/sys/kernel/debug/kmemleak
LOCKDEP_STATS=/proc/lockdep_stats
if ! mountpoint -q /sys/kernel/debug; then
	mount -t debugfs none /sys/kernel/debug 2>/dev/null
fi
debug_checks=0
{ [ -e $KMEMLEAK ] || [ -e $LOCKDEP_STATS ]; } && debug_checks=1

debug_locks() { awk '$1 == "debug_locks:" { print $2 }' $LOCKDEP_STATS 2>/dev/null; }

# kmemleak_scan FILE: one synchronous scan, the suspects into FILE; prints
# how many
kmemleak_scan() {
	echo scan > $KMEMLEAK || return 1
	cat $KMEMLEAK > "$1"
	grep -c '^unreferenced object' "$1"
}

debug_checks_before() {
	local n
	if [ -e $KMEMLEAK ]; then
		# kmemleak's own thread scans all memory every ten minutes:
		# under emulation that costs minutes of the VM's CPU each time,
		# and the scans asked for here are the ones that count
		echo scan=off > $KMEMLEAK
		t0=$(date +%s)
		n=$(kmemleak_scan "$SCRATCH/kmemleak-boot.txt")
		echo clear > $KMEMLEAK
		say "kmemleak: ${n:-?} suspects from boot set aside (not counted), scan took $(( $(date +%s) - t0 )) s"
	fi
	if [ -e $LOCKDEP_STATS ]; then
		say "lockdep: debug_locks=$(debug_locks) at the start"
	fi
}

# debug_checks_after: 0 when kmemleak finds nothing new and lockdep is on
debug_checks_after() {
	local n bad=0 out=${ROAM_VM_OUT:-$SCRATCH}
	if [ -e $KMEMLEAK ]; then
		# objects younger than kmemleak's minimum age (5 s) are not
		# reported yet: the last test's are old enough by the time
		# its cleanup and log checks are done
		t0=$(date +%s)
		n=$(kmemleak_scan "$out/kmemleak.txt")
		say "kmemleak: the scan took $(( $(date +%s) - t0 )) s"
		if [ "${n:-0}" -gt 0 ]; then
			say "kmemleak: $n suspected leak(s) after the tests ($out/kmemleak.txt):"
			sed 's/^/#   /' "$out/kmemleak.txt" | head -n 200
			bad=1
		else
			say "kmemleak: no suspected leak after the tests"
		fi
	fi
	if [ -e $LOCKDEP_STATS ]; then
		# what lockdep saw: a run that took few locks proves little
		cp $LOCKDEP_STATS "$out/lockdep_stats.txt" 2>/dev/null
		say "lockdep: $(awk -F: '/lock-classes|direct dependencies|dependency chains|in-hardirq chains|in-softirq chains|process chains/ {
			gsub(/^ +| +$/, "", $1); gsub(/ /, "", $2); printf "%s%s %s", sep, $1, $2; sep = ", " }' $LOCKDEP_STATS)"
		if [ "$(debug_locks)" != 1 ]; then
			say "lockdep: off at the end (debug_locks=$(debug_locks)): it reported something, or never ran"
			bad=1
		else
			say "lockdep: still on at the end, no report"
		fi
	fi
	return $bad
}

# --- 4. tests ------------------------------------------------------------------------
# ROAM_SETTINGS: another settings file (make check-debug: settings.debug,
# the limits of the slow debug kernel)
SETTINGS=${ROAM_SETTINGS:-$DIR/settings}
timeout_s=$(sed -n 's/^timeout=\([0-9]\+\)$/\1/p' "$SETTINGS" 2>/dev/null)
timeout_s=${ROAM_TEST_TIMEOUT:-${timeout_s:-300}}

if [ $# -gt 0 ]; then
	tests=("$@")
else
	read -r -a tests <<< "$(make -s --no-print-directory -C "$DIR" list_tests 2>/dev/null)"
	if [ ${#tests[@]} -eq 0 ]; then
		# Without make: the TEST_PROGS lines of the Makefile.
		read -r -a tests <<< "$(sed -n '/^TEST_PROGS/,/^$/p' "$DIR/Makefile" |
			grep -o '[a-z0-9_]*\.sh' | tr '\n' ' ')"
	fi
fi

echo "TAP version 13"
echo "1..$(( ${#tests[@]} + debug_checks ))"
[ $debug_checks = 1 ] && debug_checks_before
say "kernel $KVER, tree $TREE, timeout $timeout_s s per test"
# ROAM_SUITE_BUDGET: seconds from the kernel's boot by which the tests
# must be done; one whose limit would end later is not started (reported
# as a skip), so that the checks after the last test still happen inside
# the VM's own limit however long the boot took
budget=${ROAM_SUITE_BUDGET:-}
suite_t0=$(( $(date +%s) - $(cut -d. -f1 /proc/uptime) ))
[ -n "$budget" ] && say "budget: tests done $budget s after boot, $((budget - $(date +%s) + suite_t0)) s from now"
passed=0
failed=0
skipped=0
n=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	t=${t%.sh}.sh
	log=$SCRATCH/$t.log
	say "selftests: roam: $t"
	start=$(date +%s%N)
	# a test that builds modules may have its own limit in ./settings
	# (timeout_NAME=SECONDS); ROAM_TEST_TIMEOUT still wins
	t_limit=$(sed -n "s/^timeout_${t%.sh}=\([0-9]\+\)$/\1/p" "$SETTINGS" 2>/dev/null)
	t_limit=${ROAM_TEST_TIMEOUT:-${t_limit:-$timeout_s}}
	if [ ! -f "$DIR/$t" ]; then
		echo "# no such test: $DIR/$t" > "$log"
		rc=1
	elif [ -n "$budget" ] && [ $(( $(date +%s) - suite_t0 + t_limit )) -gt "$budget" ]; then
		# not started: its limit would end past the run's budget (the
		# debug checks after the last test must still happen)
		echo "# SKIP: not started, $((budget - $(date +%s) + suite_t0)) s left of the budget ($budget s after boot), its limit is $t_limit s" > "$log"
		rc=4
	else
		timeout -k 10 "$t_limit" bash "$DIR/$t" < /dev/null > "$log" 2>&1
		rc=$?
	fi
	ms=$((($(date +%s%N) - start) / 1000000))
	sed 's/^/# /' "$log"
	case $rc in
	0)
		echo "ok $n $t"
		passed=$((passed + 1)) ;;
	4)
		why=$(sed -n 's/^# SKIP: //p' "$log" | tail -n1)
		echo "ok $n $t # SKIP ${why:-no reason given}"
		skipped=$((skipped + 1)) ;;
	124|137)
		echo "not ok $n $t # TIMEOUT after $t_limit s"
		failed=$((failed + 1)) ;;
	*)
		echo "not ok $n $t # exit=$rc"
		failed=$((failed + 1)) ;;
	esac
	say "$t: $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s"
	# A test that hung or crashed may leave modules or namespaces behind;
	# make sure the next one starts clean.
	if [ $rc -ne 0 ] && [ $rc -ne 4 ]; then
		for ns in $(ip netns list 2>/dev/null | awk '/^rst-/ {print $1}'); do
			ip netns del "$ns" 2>/dev/null
		done
	fi
done

if [ $debug_checks = 1 ]; then
	n=$((n + 1))
	if debug_checks_after; then
		echo "ok $n kernel debug checks"
		passed=$((passed + 1))
	else
		echo "not ok $n kernel debug checks"
		failed=$((failed + 1))
	fi
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
