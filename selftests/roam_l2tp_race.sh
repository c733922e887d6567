#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Binds, re-binds and unbinds of l2tp sessions racing each other, on two
# sockets at once in each of two namespaces (roam_l2tp_race.c): the
# serialisation roam_l2tp keeps per socket and per session, with no lock
# shared by sockets or namespaces. While they run, the sessions of both
# namespaces are dumped again and again.
#
#   netns G                                  netns H
#   d0 (dummy) 192.0.2.1/24                  d0 (dummy) 192.0.2.1/24
#   roam0                                    roam0
#   sockets A, B on 192.0.2.1:1701           sockets A, B on 192.0.2.1:1701
#   WORKERS processes, each ROUNDS times:    the same
#     bind its session to A, same ids
#     refused on A, move to B and back,
#     delete
#
# Checked: every step of every worker as expected; both sockets plain UDP
# sockets again once the last session left (UDP_ENCAP 0), and the hook
# attached again by a new session and gone with it; no session left; the
# kernel log clean (lockdep, when the kernel has it, sees every lock order).

source "$(dirname "$0")/lib.sh"

WORKERS=${ROAM_RACE_WORKERS:-6}
ROUNDS=${ROAM_RACE_ROUNDS:-15}

test_init roam_l2tp_race
need_cmd ip
need_modules roam roam_l2tp
need_roam_cli
RACE=$(helper roam_l2tp_race)
[ -n "$RACE" ] || skip "roam_l2tp_race is not built and cannot be compiled here"

ns_create G
ns_create H
for ns in "$G" "$H"; do
	check "dummy device and roam0 in $ns" sh -c "
		ip -n $ns link add d0 type dummy &&
		ip -n $ns addr add 192.0.2.1/24 dev d0 &&
		ip -n $ns link set d0 up &&
		ip -n $ns link add roam0 type roam &&
		ip -n $ns link set roam0 up"
done

# dumps of both namespaces while the sessions come and go
dumper() {
	while [ ! -e "$TEST_TMP/stop" ]; do
		roam_ns "$1" -j session show >/dev/null || echo "dump failed" >> "$TEST_TMP/dump-errors"
	done
}
dumper "$G" & DUMP_G=$!
dumper "$H" & DUMP_H=$!
at_exit "touch $TEST_TMP/stop; kill $DUMP_G $DUMP_H 2>/dev/null"

in_ns "$G" "$RACE" roam0 "$WORKERS" "$ROUNDS" 1 192.0.2.1 \
	> "$TEST_TMP/G.out" 2>&1 &
RACE_G=$!
in_ns "$H" "$RACE" roam0 "$WORKERS" "$ROUNDS" 1 192.0.2.1 \
	> "$TEST_TMP/H.out" 2>&1 &
RACE_H=$!
wait "$RACE_G"
rc_g=$?
wait "$RACE_H"
rc_h=$?
touch "$TEST_TMP/stop"
wait "$DUMP_G" "$DUMP_H"

for ns in G H; do
	sed "s/^/# $ns: /" "$TEST_TMP/$ns.out"
done
check_eq "namespace G: every worker's binds, refusals, re-binds and deletes as expected, hooks detached and re-attached" \
	0 "$rc_g"
check_eq "namespace H: the same, at the same time" 0 "$rc_h"
check_eq "G: $WORKERS workers of $ROUNDS rounds reported" "$WORKERS" \
	"$(grep -c "^worker .*: $ROUNDS binds, $ROUNDS duplicates refused, $((2 * ROUNDS)) re-binds, $ROUNDS deletes" "$TEST_TMP/G.out")"
check_eq "H: $WORKERS workers of $ROUNDS rounds reported" "$WORKERS" \
	"$(grep -c "^worker .*: $ROUNDS binds, $ROUNDS duplicates refused, $((2 * ROUNDS)) re-binds, $ROUNDS deletes" "$TEST_TMP/H.out")"
check_eq "the dumps in both namespaces never failed" "" \
	"$(cat "$TEST_TMP/dump-errors" 2>/dev/null)"
check_eq "no session left in G" "[]" "$(roam_ns "$G" -j session show)"
check_eq "no session left in H" "[]" "$(roam_ns "$H" -j session show)"
check "roam0 of G deleted" ip -n "$G" link del roam0
check "roam0 of H deleted" ip -n "$H" link del roam0

test_done
