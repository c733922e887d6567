#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Is "session show" still printed byte for byte as before?  Builds
# bench/session_show at BASE (a commit that has it; default: the one that
# added it, before the printer and the merge were made faster) in a
# scratch worktree and in this tree, has both write the JSON and text of
# N synthetic sessions, alone and merged with roamd-like calls, with
# counters (-s), and compares the files.  Prints the timing tables of both.
#
# Usage: userspace/bench/session_show_compare.sh [BASE] [N]
# Exit 0 when all four outputs are identical, 1 when one differs.

set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BASE=${1:-$(git -C "$TOP" log --diff-filter=A --format=%h -- \
	userspace/bench/session_show.c | tail -n 1)}
N=${2:-100000}
TMP=$(mktemp -d)

cleanup() {
	git -C "$TOP" worktree remove --force "$TMP/base" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

git -C "$TOP" worktree add --detach "$TMP/base" "$BASE" >/dev/null 2>&1
for t in "$TMP/base" "$TOP"; do
	make -s -j2 -C "$t/userspace" "$t/userspace/bench/session_show" \
		>/dev/null
done
echo "== base $BASE"
ROAM_BENCH_SHOW_OUT=$TMP/old "$TMP/base/userspace/bench/session_show" "$N"
echo "== this tree"
ROAM_BENCH_SHOW_OUT=$TMP/new "$TOP/userspace/bench/session_show" "$N"
status=0
for f in .json .txt -calls.json -calls.txt; do
	if cmp -s "$TMP/old$f" "$TMP/new$f"; then
		echo "same: $f ($(wc -c < "$TMP/new$f") bytes)"
	else
		echo "DIFFERENT: $f"
		cmp "$TMP/old$f" "$TMP/new$f" | head -n 3 || true
		status=1
	fi
done
exit $status
