#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed and unauthorised generic netlink requests to the "roam" family,
# sent by roam_nl_malformed (raw NETLINK_GENERIC socket, extended ack on).
# Every request must be refused with an errno and an extack report, and the
# session table must stay as it was. The cases are listed in the program.
#
#   +------------------------------------------+
#   | netns A                                  |
#   |   lo                (a non-roam device)  |
#   |   roam0             session 1 (valid),   |
#   |                     the target of every  |
#   |                     malformed request    |
#   +------------------------------------------+

source "$(dirname "$0")/lib.sh"

test_init roam_netlink_malformed
need_cmd ip
need_modules roam roam_l2tp roam_pptp

BIN=$(helper roam_nl_malformed)
[ -n "$BIN" ] || skip "roam_nl_malformed is not built and cannot be compiled here"

ns_create A
check "ip link add roam0 type roam" ip -n "$A" link add roam0 type roam

# Its TAP output is nested in ours.
in_ns "$A" "$BIN" roam0 > "$TEST_TMP/out" 2>&1
rc=$?
sed 's/^/# /' "$TEST_TMP/out"
npass=$(grep -c '^ok ' "$TEST_TMP/out")
nfail=$(grep -c '^not ok ' "$TEST_TMP/out")
if [ $rc -eq 4 ]; then
	skip "roam_nl_malformed skipped: $(grep -m1 SKIP "$TEST_TMP/out")"
fi
check_eq "roam_nl_malformed: every case passes ($npass passed, $nfail failed)" "0 0" "$rc $nfail"
check_ge "roam_nl_malformed ran its cases" 40 "$npass"
check_eq "its plan matches the cases run" "1..$((npass + nfail))" "$(grep -E '^1\.\.' "$TEST_TMP/out")"

check "ip link del roam0" ip -n "$A" link del roam0

test_done
