#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Checks on the source that need no VM: the generated netlink code matches
# the YNL spec, the kernel code passes checkpatch, the man pages hold every
# command of "roam help" (check_man.sh), and the systemd unit as installed
# passes systemd-analyze verify, and the kernel log patterns of the VM
# tests catch every kind of report and no clean boot line. Prints TAP and a closing "N passed,
# N failed" line.
cd "$(dirname "$0")/.." || exit 1
pass=0 fail=0 n=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; }

echo "TAP version 13"
echo "1..5"
if out=$(make --no-print-directory regen-check 2>&1); then
	ok "generated netlink code matches Documentation/netlink/specs/roam.yaml"
else
	echo "$out" | sed 's/^/# /'
	not_ok "generated netlink code matches Documentation/netlink/specs/roam.yaml"
fi

cp=/usr/src/linux-source-6.12/scripts/checkpatch.pl
# Out-of-tree code must test the kernel version (compat.h); generated files
# are the generator's style.
files=$(ls kmod/*.c kmod/*.h | grep -v -e netlink-gen -e '\.mod\.c$')
if out=$(perl "$cp" --no-tree --terse --show-types \
	--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f $files 2>&1 |
	grep -E 'ERROR|WARNING|CHECK'); then
	echo "$out" | sed 's/^/# /'
	not_ok "checkpatch: kmod/ clean"
else
	ok "checkpatch: kmod/ clean"
fi

if out=$(bash selftests/check_man.sh 2>&1); then
	echo "$out" | sed 's/^/# /'
	ok "man pages: every object, command and placeholder of roam help in roam(8)"
else
	echo "$out" | sed 's/^/# /'
	not_ok "man pages: every object, command and placeholder of roam help in roam(8)"
fi

# The unit as make install writes it, into a scratch prefix so that its
# ExecStart names a program that exists.
if command -v systemd-analyze >/dev/null 2>&1; then
	t=$(mktemp -d)
	if out=$(make -s -C userspace install PREFIX="$t" SYSCONFDIR="$t/etc" \
		UNITDIR="$t/unit" 2>&1 >/dev/null) &&
	   out=$(systemd-analyze verify "$t/unit/roamd.service" 2>&1); then
		ok "systemd-analyze verify roamd.service"
		systemd-analyze security --offline=true "$t/unit/roamd.service" 2>/dev/null |
			grep 'Overall exposure' | sed 's/^/# /'
	else
		echo "$out" | sed 's/^/# /'
		not_ok "systemd-analyze verify roamd.service"
	fi
	rm -rf "$t"
else
	ok "systemd-analyze verify roamd.service # SKIP systemd-analyze not installed"
fi
if out=$(bash selftests/tools/kernel_log_patterns.sh 2>&1); then
	echo "$out" | sed 's/^/# /'
	ok "kernel log patterns: every kind of report caught, clean lines passed"
else
	echo "$out" | sed 's/^/# /'
	not_ok "kernel log patterns: every kind of report caught, clean lines passed"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
