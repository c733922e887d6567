#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a distribution kernel under qemu (software emulation) with virtme-ng,
# sharing the host's root file system (read-only; /etc /var /usr /home
# overlaid writable inside the VM), run CMD inside it as root and pass its
# exit status through.
#
#   run-vm.sh [-k KVER] [-o OUTDIR] [-t SECONDS] -- CMD [ARG...]
#
#   -k KVER   kernel release to boot: /boot/vmlinuz-KVER with the modules of
#             /lib/modules/KVER. Default: $KVER, else the newest
#             6.1.*-amd64 found in /lib/modules.
#   -o OUTDIR host folder shared read-write with the VM (default: a new
#             /tmp/roam-vm.XXXXXX). Inside the VM, $ROAM_VM_OUT names it.
#             It receives console.log (the kernel's serial console, which
#             survives a crash), dmesg.txt (the full kernel log, read at the
#             end of CMD), rc (CMD's exit status) and whatever CMD writes.
#   -t SECS   wall-clock limit for the whole VM (default $ROAM_VM_TIMEOUT or
#             1200).
#
# Environment: ROAM_VM_MEMORY, ROAM_VM_CPUS (default 2G, 2);
# ROAM_VM_APPEND, more for the kernel's command line (check_debug.sh uses it).
#
# After the run the kernel log is scanned: a line that reports a warning,
# bug, oops, KASAN/UBSAN/lockdep splat, leak or call trace fails the run
# even if CMD succeeded, and the offending lines are printed.
#
# Exit status: CMD's status; 1 if it succeeded but the kernel log is not
# clean; 125 if the VM could not be started or did not report a status
# (crash, panic); 124 on timeout.

set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${ROAM_VNG_CACHE:-/var/cache/roam/virtme-ng}
VNG=$CACHE/vng
BUSYBOX=$CACHE/busybox-static
# The usual splats, plus roam.ko's own leak reports at unload.
KERNEL_LOG_BAD='WARNING:|BUG:|ODEBUG|Oops|general protection|KASAN|UBSAN|INFO: lockdep is turned off|turning off the locking correctness validator|possible recursive locking|circular locking|unreferenced object|Kernel memory leak detector disabled|kernel BUG|Call Trace|sessions leaked|freed with [0-9]+ sessions'

usage() {
	sed -n '/^#   run-vm.sh/,/^# Exit status/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

kver=${KVER:-}
outdir=${ROAM_VM_OUT:-}
limit=${ROAM_VM_TIMEOUT:-1200}
while getopts "k:o:t:h" opt; do
	case $opt in
	k) kver=$OPTARG ;;
	o) outdir=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || usage

if [ -z "$kver" ]; then
	kver=$(ls -1 /lib/modules 2>/dev/null | grep -E '^6\.1\.[0-9.-]+-amd64$' | sort -V | tail -n1)
	[ -n "$kver" ] || { echo "run-vm: no 6.1.*-amd64 kernel in /lib/modules; set KVER or -k" >&2; exit 125; }
fi
kernel=/boot/vmlinuz-$kver
[ -r "$kernel" ] || { echo "run-vm: $kernel not found" >&2; exit 125; }
[ -d "/lib/modules/$kver" ] || { echo "run-vm: /lib/modules/$kver not found" >&2; exit 125; }

if [ ! -x "$VNG" ] || [ ! -x "$BUSYBOX" ]; then
	echo "run-vm: virtme-ng not set up in $CACHE, running setup-vng.sh" >&2
	"$HERE/setup-vng.sh" >&2 || exit 125
fi

if [ -z "$outdir" ]; then
	outdir=$(mktemp -d /tmp/roam-vm.XXXXXX)
else
	mkdir -p "$outdir"
fi
outdir=$(cd "$outdir" && pwd)
rm -f "$outdir/rc" "$outdir/dmesg.txt" "$outdir/console.log" "$outdir/dmesg-live.txt" \
	"$outdir/kmemleak.txt"

# The script the VM executes. It streams the kernel log into OUTDIR while
# CMD runs (so something is left if the guest dies) and writes the full log
# and CMD's status at the end. CMD's stderr is folded into stdout: the VM's
# stderr channel carries the kernel console.
{
	echo '#!/bin/bash'
	printf 'export ROAM_VM_OUT=%q\n' "$outdir"
	printf 'export ROAM_VM_KVER=%q\n' "$kver"
	printf 'cd %q 2>/dev/null || cd /\n' "$PWD"
	echo 'dmesg -w > "$ROAM_VM_OUT/dmesg-live.txt" 2>&1 &'
	echo 'live=$!'
	printf '%q ' "$@"
	echo '2>&1'
	echo 'rc=$?'
	echo 'dmesg > "$ROAM_VM_OUT/dmesg.txt" 2>&1'
	echo 'kill $live 2>/dev/null'
	echo 'echo $rc > "$ROAM_VM_OUT/rc"'
	echo 'sync'
	echo 'exit $rc'
} > "$outdir/guest.sh"
chmod 755 "$outdir/guest.sh"

echo "run-vm: booting $kernel (qemu, no KVM), output in $outdir" >&2
start=$(date +%s)
# -v sends the kernel's serial console to our stderr: captured as console.log.
# --force-9p: bookworm's qemu ships the old C virtiofsd, whose options
# virtme-ng 1.35 does not speak. vng runs from / because it resolves the
# --rwdir guest path relative to its working directory. no_timer_check:
# on a loaded host the emulated CPU can be too slow for the kernel's boot
# test of the IO-APIC timer, which then panics ("IO-APIC + timer doesn't
# work!", seen with three VMs beside other work); the timer itself works.
cd / || exit 125
# boot_vm: one boot of the VM running guest.sh; sets rc
boot_vm() {
	timeout -k 20 "$limit" \
		"$VNG" --disable-kvm --verbose --force-9p \
		--busybox "$BUSYBOX" \
		--run "$kernel" \
		--user root \
		--append "no_timer_check${ROAM_VM_APPEND:+ $ROAM_VM_APPEND}" \
		--memory "${ROAM_VM_MEMORY:-2G}" --cpus "${ROAM_VM_CPUS:-2}" \
		--rwdir "$outdir" \
		--exec "$outdir/guest.sh" \
		</dev/null 2>"$outdir/console.log"
	rc=$?
}
boot_vm
# A kernel that dies while booting, before guest.sh ran its first line
# (dmesg-live.txt is what it writes first, and nothing of roam's is
# loaded before it), failed under the emulator, not in a test: seen once
# with Debian's 6.12, two vCPUs, three VMs on a loaded host ("Oops: int3"
# in sched_clock_cpu 3 s into the boot: a code patch that the emulator
# caught half-way). It is booted once more; the failed boot's console is
# kept beside the new one and its last lines are shown. A second failure
# is reported as any other.
if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ ! -e "$outdir/dmesg-live.txt" ]; then
	mv "$outdir/console.log" "$outdir/console-failed-boot.log"
	echo "run-vm: the kernel died while booting, before the command started; booting again. Last console lines of the failed boot ($outdir/console-failed-boot.log):" >&2
	tail -n 12 "$outdir/console-failed-boot.log" | sed 's/^/run-vm:   /' >&2
	boot_vm
fi
end=$(date +%s)
echo "run-vm: VM ran $((end - start)) s, command exit status $rc" >&2

if [ $rc -eq 124 ]; then
	echo "run-vm: timeout after $limit s" >&2
elif [ ! -s "$outdir/rc" ]; then
	echo "run-vm: the VM did not report the command's status (crash or boot failure); last console lines:" >&2
	tail -n 40 "$outdir/console.log" >&2
	rc=125
fi

# Scan every copy of the kernel log we have.
# (kmemleak.txt: what a kmemleak scan at the end found, on a debug kernel)
bad=$(cat "$outdir/console.log" "$outdir/dmesg.txt" "$outdir/dmesg-live.txt" \
	  "$outdir/kmemleak.txt" 2>/dev/null |
      tr -d '\r' | grep -E "$KERNEL_LOG_BAD" | sort -u)
if [ -n "$bad" ]; then
	echo "run-vm: FAIL: the kernel log of the VM reports problems:" >&2
	echo "$bad" | sed 's/^/run-vm:   /' >&2
	echo "run-vm: full log: $outdir/dmesg.txt, console: $outdir/console.log" >&2
	[ $rc -eq 0 ] && rc=1
else
	if [ -s "$outdir/dmesg.txt" ] || [ -s "$outdir/console.log" ]; then
		echo "run-vm: kernel log clean ($(wc -l < "$outdir/dmesg.txt" 2>/dev/null || echo 0) lines in dmesg.txt)" >&2
	else
		echo "run-vm: FAIL: no kernel log was captured" >&2
		[ $rc -eq 0 ] && rc=1
	fi
fi
exit $rc
