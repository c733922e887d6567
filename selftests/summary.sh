#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Adds up the "N passed, N failed[, N skipped]" closing lines of the logs
# given and prints one combined line. Exits non-zero on any failure, or
# when a log has no closing line (its runner died before the end).
pass=0 fail=0 skip=0 rc=0
for log in "$@"; do
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "summary: $log has no result line: counted as a failure" >&2
		fail=$((fail + 1))
		continue
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p')
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + ${s:-0}))
done
# Name what failed (tests and their checks) just above the total, where
# the tail of a long log still shows it.
for log in "$@"; do
	grep -E '^(# )*not ok ' "$log" 2>/dev/null | head -n 30 |
		sed "s|^|failed in ${log##*/}: |"
done
[ "$fail" -eq 0 ] || rc=1
echo "$pass passed, $fail failed, $skip skipped"
exit $rc
