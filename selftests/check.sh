#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side driver of the roam selftests (what `make check` runs):
#
#   1. vm/setup-vng.sh: virtme-ng and qemu, installed idempotently;
#   2. builds the selftest helper, and when the tree's modules were built
#      for another kernel than the one to boot, builds a copy of kmod/ for
#      it (into the output folder, the tree is left alone);
#   3. vm/run-vm.sh boots that kernel and runs run_in_vm.sh inside;
#   4. the TAP output is echoed and kept in OUT/selftests.tap.
#
# Environment:
#   KVER              kernel release to boot (default: newest 6.1.*-amd64)
#   ROAM_CHECK_OUT    output folder (default: a new /tmp/roam-check.XXXXXX)
#   ROAM_TESTS        space-separated subset of tests to run
#   ROAM_SUITE        "kernel": only the kernel-facing tests; "first": those
#                     and TEST_PROGS_FULL_A; "rest": TEST_PROGS_FULL_B
#                     (selftests/Makefile)
#   ROAM_VM_TIMEOUT   limit for the whole VM run, seconds (default 4500: a
#                     last resort against a hang, each test has its own
#                     limit; each half of the first kernel's suite ran
#                     ~3,350 s on a loaded machine)
#   ROAM_TEST_TIMEOUT limit for each test, seconds (default: ./settings)
#   ROAM_SETTINGS     another settings file for the limits (check_debug.sh)
#   ROAM_SUITE_BUDGET seconds after the boot for the tests: one whose limit would end
#                     later is not started (a skip)
#   ROAM_WAIT_SCALE   every test's waits (wait_until) multiplied by this
#                     whole number (check_debug.sh: 5)
#   ROAM_CAPTURE      folder: each test's gateway traffic (IKE, L2TP, PPTP,
#                     GRE, RADIUS) is recorded there as TEST.pcap
#
# Exit status: the VM's (0 all passed; 1 a test failed or the kernel log
# reported a problem; 124 timeout; 125 the VM did not run).

# `sh check.sh` works too: continue under bash.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi

set -u

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TREE=$(cd "$DIR/.." && pwd)

if [ -z "${KVER:-}" ]; then
	KVER=$(ls -1 /lib/modules 2>/dev/null | grep -E '^6\.1\.[0-9.-]+-amd64$' | sort -V | tail -n1)
fi
export KVER
export ROAM_VM_TIMEOUT=${ROAM_VM_TIMEOUT:-4500}
OUT=${ROAM_CHECK_OUT:-$(mktemp -d /tmp/roam-check.XXXXXX)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
t0=$(date +%s)

echo "check: kernel $KVER, output in $OUT"

"$DIR/vm/setup-vng.sh" || { echo "check: setup-vng.sh failed" >&2; exit 125; }

make -s -C "$DIR" all || { echo "check: building the selftest helper failed" >&2; exit 1; }

# Modules for the kernel to boot. A copy built by the top Makefile, so it
# has the tree's layout (kmod/*.ko, modules.order, kmod/.kver): the install
# test installs it with make install as the tree's own build.
kmod_dir=$TREE/kmod
vm=$(modinfo -F vermagic "$TREE/kmod/roam.ko" 2>/dev/null | awk '{print $1}')
if [ -f "$TREE/kmod/roam.ko" ] && [ "$vm" != "$KVER" ]; then
	echo "check: kmod/roam.ko is built for ${vm:-?}; building a copy for $KVER"
	rm -rf "$OUT/build"
	mkdir -p "$OUT/build"
	cp -a "$TREE"/{Makefile,Kbuild,MAINTAINERS,kmod,uapi} "$OUT/build/"
	if make -C "$OUT/build" modules KVER="$KVER" > "$OUT/build.log" 2>&1; then
		kmod_dir=$OUT/build/kmod
	else
		echo "check: building kmod/ for $KVER failed (log: $OUT/build.log); module tests will skip" >&2
		tail -n 20 "$OUT/build.log" >&2
	fi
fi

# Arguments reach the guest through the environment of run_in_vm.sh.
guest_cmd=(env "ROAM_KMOD_DIR=$kmod_dir")
[ -n "${ROAM_MANY:-}" ] && guest_cmd+=("ROAM_MANY=$ROAM_MANY")
[ -n "${ROAM_TEST_TIMEOUT:-}" ] && guest_cmd+=("ROAM_TEST_TIMEOUT=$ROAM_TEST_TIMEOUT")
[ -n "${ROAM_SUITE:-}" ] && guest_cmd+=("ROAM_SUITE=$ROAM_SUITE")
[ -n "${ROAM_SETTINGS:-}" ] && guest_cmd+=("ROAM_SETTINGS=$ROAM_SETTINGS")
[ -n "${ROAM_SUITE_BUDGET:-}" ] && guest_cmd+=("ROAM_SUITE_BUDGET=$ROAM_SUITE_BUDGET")
[ -n "${ROAM_WAIT_SCALE:-}" ] && guest_cmd+=("ROAM_WAIT_SCALE=$ROAM_WAIT_SCALE")
# the guest writes only under OUT/vm (its one writable share); copied after
[ -n "${ROAM_CAPTURE:-}" ] && guest_cmd+=("ROAM_CAPTURE=$OUT/vm/capture")
guest_cmd+=("$DIR/run_in_vm.sh")
# shellcheck disable=SC2206
[ -n "${ROAM_TESTS:-}" ] && guest_cmd+=($ROAM_TESTS)

mkdir -p "$OUT/vm"
"$DIR/vm/prep-modules.sh" "$KVER" "$kmod_dir" "$OUT/vm/modindex" ||
	echo "check: could not index the modules on the host; the VM runs depmod"
"$DIR/vm/run-vm.sh" -k "$KVER" -o "$OUT/vm" -- "${guest_cmd[@]}" | tee "$OUT/selftests.tap"
rc=${PIPESTATUS[0]}
if [ -n "${ROAM_CAPTURE:-}" ] && [ -d "$OUT/vm/capture" ]; then
	mkdir -p "$ROAM_CAPTURE" && cp "$OUT"/vm/capture/*.pcap "$ROAM_CAPTURE/" &&
		echo "check: captures in $ROAM_CAPTURE"
fi

echo "check: $(( $(date +%s) - t0 )) s in all, exit status $rc, TAP in $OUT/selftests.tap, kernel log in $OUT/vm/dmesg.txt"
exit "$rc"
