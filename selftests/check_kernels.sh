#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM part of `make check`: the whole suite on the first kernel (KVER,
# Debian's 6.1) and the kernel-facing tests (ROAM_SUITE=kernel, see
# selftests/Makefile) on the second (KVER2, default the newest 6.12
# installed), the two VMs at once: under emulation a VM leaves much of the
# machine idle while its tests wait on timers and peers.
#
# Environment:
#   KVER        first kernel (default: check.sh's, the newest 6.1)
#   KVER2       second kernel; empty: the first kernel only
#   ROAM_CHECK_PARALLEL=0   one VM after the other
#   OUT         folder for the logs (default .check)
#
# Prints each run's output (the first as it comes, the second when it
# ends) and a combined "N passed, N failed, N skipped" line; exits non-zero
# when either run failed.
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
pid2=
if [ -n "$k2" ]; then
	echo "check: kernel-facing tests on $k2 in a second VM (log: $OUT/vm2.log)"
	if [ "${ROAM_CHECK_PARALLEL:-1}" != 0 ]; then
		KVER=$k2 ROAM_SUITE=kernel sh "$DIR/check.sh" > "$OUT/vm2.log" 2>&1 &
		pid2=$!
	fi
fi
sh "$DIR/check.sh" 2>&1 | tee "$OUT/vm.log"
rc=${PIPESTATUS[0]}
if [ -n "$k2" ]; then
	if [ -n "$pid2" ]; then
		wait "$pid2"
		rc2=$?
	else
		KVER=$k2 ROAM_SUITE=kernel sh "$DIR/check.sh" > "$OUT/vm2.log" 2>&1
		rc2=$?
	fi
	echo "== kernel-facing tests on $k2 =="
	cat "$OUT/vm2.log"
	[ "$rc2" -eq 0 ] || rc=1
fi
echo "check: VM tests took $(( $(date +%s) - t0 )) s in all"
logs=("$OUT/vm.log")
[ -n "$k2" ] && logs+=("$OUT/vm2.log")
sh "$DIR/summary.sh" "${logs[@]}" || rc=1
exit "$rc"
