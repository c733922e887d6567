#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Sessions through the roam CLI: add, dump, get, set state, delete;
# duplicates refused with the kernel's message; both encapsulation kinds
# (their modules load on demand); many sessions dump completely.
#
#   +---------------------------------------------------------------+
#   | netns A                                                       |
#   |   roam0   id 1  l2tp  10.99.0.11   peer 192.0.2.1:1701        |
#   |           id 2  pptp  10.99.0.12   peer 192.0.2.2             |
#   |           id 3  l2tp  2001:db8:99::13 (IPv6 only)             |
#   |   roam1   id 1  pptp  10.99.1.11   (same id, other device)    |
#   |   roam2   ~200 sessions made by a roam loop, 10.100.x.y        |
#   |   roam3   1000 sessions made at once over netlink, 10.101.x.y |
#   +---------------------------------------------------------------+

source "$(dirname "$0")/lib.sh"

MANY=${ROAM_MANY:-1000}			# made at once over netlink
CLI_MANY=${ROAM_CLI_MANY:-150}		# made one by one with the CLI
CLI_BUDGET=${ROAM_CLI_BUDGET:-30}	# seconds for those

test_init roam_session
need_cmd ip modprobe
need_modules roam roam_l2tp roam_pptp
need_roam_cli

ns_create A
r() { roam_ns "$A" "$@"; }

# sessions [ARGS]: the JSON session list (of one device, or all)
sessions() { r -j session show "$@"; }
# sfield JSON ID KEY: field KEY of session ID in a JSON list
sfield() { printf '%s' "$1" | json "(by(d, 'id', $2) or {}).get('$3')"; }
count() { printf '%s' "$1" | json 'len(d)'; }

# Encapsulation modules load when the first session of their kind is made.
# Unload them first (nothing uses them yet) so that the autoload is seen.
for m in roam_l2tp roam_pptp; do
	mod_loaded "$m" && rmmod "$m" 2>/dev/null
done

check "ip link add roam0 type roam" ip -n "$A" link add roam0 type roam
check "ip link add roam1 type roam" ip -n "$A" link add roam1 type roam
ifindex0=$(ip -n "$A" -j link show roam0 | json 'd[0]["ifindex"]')

check "empty session list" sessions
check_eq "no session on a new device (-j prints [])" 0 "$(count "$LAST_OUT")"

# --- add, kind l2tp -------------------------------------------------------------
check_true "roam_l2tp not loaded before the first l2tp session" "/sys/module/roam_l2tp present" \
	eval '! mod_loaded roam_l2tp'
check "add l2tp session id 1 10.99.0.11 peer 192.0.2.1:1701" \
	r session add dev roam0 id 1 kind l2tp address 10.99.0.11 peer 192.0.2.1 peer-port 1701
check_true "roam_l2tp loaded on demand (alias roam-encap-l2tp)" "/sys/module/roam_l2tp absent" \
	mod_loaded roam_l2tp

check "roam session show (text)" r session show
check_match "text lists session 1 with its address" '10\.99\.0\.11' "$LAST_OUT"

check "roam -j session show" sessions
s=$LAST_OUT
check_eq "one session" 1 "$(count "$s")"
check_eq "session 1 kind" l2tp "$(sfield "$s" 1 kind)"
check_eq "session 1 state (default up)" up "$(sfield "$s" 1 state)"
check_eq "session 1 address" 10.99.0.11 "$(sfield "$s" 1 address)"
check_eq "session 1 peer" 192.0.2.1 "$(sfield "$s" 1 peer)"
check_eq "session 1 peer port" 1701 "$(sfield "$s" 1 peer_port)"
check_eq "session 1 device" roam0 "$(printf '%s' "$s" | json 'by(d, "id", 1).get("dev") or by(d, "id", 1).get("ifname")')"
check_nomatch "no counters without -s" 'packets' "$s"

check "roam -j link show counts the session" r -j link show dev roam0
check_eq "roam0 sessions" 1 "$(printf '%s' "$LAST_OUT" | json 'd[0]["sessions"]')"

# --- add, kind pptp ---------------------------------------------------------------
check_true "roam_pptp not loaded before the first pptp session" "/sys/module/roam_pptp present" \
	eval '! mod_loaded roam_pptp'
check "add pptp session id 2 10.99.0.12 peer 192.0.2.2" \
	r session add dev roam0 id 2 kind pptp address 10.99.0.12 peer 192.0.2.2
check_true "roam_pptp loaded on demand (alias roam-encap-pptp)" "/sys/module/roam_pptp absent" \
	mod_loaded roam_pptp
check "add l2tp session id 3 with an IPv6 address only, state down" \
	r session add dev roam0 id 3 kind l2tp address6 2001:db8:99::13 state down
check "add pptp session id 1 on roam1 (ids are per device)" \
	r session add dev roam1 id 1 kind pptp address 10.99.1.11

check "dump all sessions" sessions
s=$LAST_OUT
check_eq "four sessions over two devices" 4 "$(count "$s")"
check_eq "session 2 kind" pptp "$(printf '%s' "$s" | json '[x["kind"] for x in d if x["id"] == 2]')"
check_eq "session 3 address6" 2001:db8:99::13 "$(sfield "$s" 3 address6)"
check_eq "session 3 state" down "$(sfield "$s" 3 state)"
check "dump sessions of roam0" sessions dev roam0
check_eq "roam0 holds ids 1 2 3" "1 2 3" "$(printf '%s' "$LAST_OUT" | json 'sorted(x["id"] for x in d)')"
check "dump sessions of roam1" sessions dev roam1
check_eq "roam1 holds id 1 only" "1" "$(printf '%s' "$LAST_OUT" | json 'sorted(x["id"] for x in d)')"
check_eq "roam1's session 1 is the pptp one" pptp "$(sfield "$LAST_OUT" 1 kind)"

# --- get ------------------------------------------------------------------------------
check "get session 2 of roam0" sessions dev roam0 id 2
check_eq "get returns exactly that session" "2" "$(printf '%s' "$LAST_OUT" | json '[x["id"] for x in d]' 2>/dev/null ||
	printf '%s' "$LAST_OUT" | json 'd["id"]')"
check_match "get returns its address" '10\.99\.0\.12' "$LAST_OUT"
CHECK_ERR_RE='Error: ' check_fail "get of a missing id is refused with the kernel's message" \
	r session show dev roam0 id 42

# --- set state ----------------------------------------------------------------------------
check "set session 1 down" r session set dev roam0 id 1 state down
check_eq "session 1 is down" down "$(sfield "$(sessions dev roam0)" 1 state)"
check "set session 1 up" r session set dev roam0 id 1 state up
check_eq "session 1 is up" up "$(sfield "$(sessions dev roam0)" 1 state)"
check_eq "session 2 unaffected" up "$(sfield "$(sessions dev roam0)" 2 state)"
CHECK_ERR_RE='Error: ' check_fail "set on a missing id is refused with the kernel's message" \
	r session set dev roam0 id 42 state up

# --- set peer: a client whose NAT gave it a new public address ---------------------------
check "move l2tp session 1's peer" r session set dev roam0 id 1 peer 192.0.2.9 peer-port 4500
check_eq "session 1's peer is the new address" 192.0.2.9 "$(sfield "$(sessions dev roam0)" 1 peer)"
check_eq "and the new port" 4500 "$(sfield "$(sessions dev roam0)" 1 peer_port)"
check "move it again, keeping the port" r session set dev roam0 id 1 peer 192.0.2.1
check_eq "the address moved" 192.0.2.1 "$(sfield "$(sessions dev roam0)" 1 peer)"
check_eq "the port stayed" 4500 "$(sfield "$(sessions dev roam0)" 1 peer_port)"
check_eq "session 1 is still up" up "$(sfield "$(sessions dev roam0)" 1 state)"
CHECK_ERR_RE="Error: .*the peer of a session of this kind cannot move" check_fail \
	"a pptp session's peer cannot move" r session set dev roam0 id 2 peer 192.0.2.9
check_eq "session 2's peer stays" 192.0.2.2 "$(sfield "$(sessions dev roam0)" 2 peer)"
CHECK_ERR_RE="Error: .*not a unicast IPv4 address" check_fail \
	"a multicast peer is refused" r session set dev roam0 id 1 peer 224.0.0.1

# --- duplicates -------------------------------------------------------------------------------
before=$(sessions)
CHECK_ERR_RE='Error: .+' check_fail "duplicate id 1 on roam0 is refused" \
	r session add dev roam0 id 1 kind pptp address 10.99.0.21
check_eq "nothing changed after the duplicate id" "$before" "$(sessions)"
CHECK_ERR_RE='Error: .+' check_fail "duplicate address 10.99.0.11 is refused" \
	r session add dev roam0 id 4 kind l2tp address 10.99.0.11
check_eq "nothing changed after the duplicate address" "$before" "$(sessions)"
CHECK_ERR_RE='Error: .+' check_fail "duplicate IPv6 address is refused" \
	r session add dev roam0 id 4 kind l2tp address6 2001:db8:99::13
check_eq "nothing changed after the duplicate IPv6 address" "$before" "$(sessions)"
CHECK_ERR_RE='.' check_fail "id 0 is refused" \
	r session add dev roam0 id 0 kind l2tp address 10.99.0.30
check_eq "nothing changed after id 0" "$before" "$(sessions)"
check_fail "unknown kind is refused" r session add dev roam0 id 5 kind gre address 10.99.0.31
check_fail "session on a non-roam device is refused" r session add dev lo id 5 kind l2tp address 10.99.0.32
check_eq "nothing changed after the refusals" "$before" "$(sessions)"

# --- delete -----------------------------------------------------------------------------------------
check "delete session 2 of roam0" r session del 2 dev roam0
check "dump after delete" sessions dev roam0
check_eq "roam0 holds ids 1 3" "1 3" "$(printf '%s' "$LAST_OUT" | json 'sorted(x["id"] for x in d)')"
CHECK_ERR_RE='Error: ' check_fail "deleting it again is refused with the kernel's message" \
	r session del 2 dev roam0
check "the freed address can be reused" r session add dev roam0 id 4 kind pptp address 10.99.0.12
check "delete sessions 1 3 4 of roam0" eval 'r session del 1 dev roam0 && r session del 3 dev roam0 && r session del 4 dev roam0'
check "delete session 1 of roam1" r session del 1 dev roam1
check_eq "no session left" 0 "$(count "$(sessions)")"
check_eq "roam0 counts no session" 0 "$(r -j link show dev roam0 | json 'd[0]["sessions"]')"

# --- many sessions ----------------------------------------------------------------------------------
# a) Through the CLI, one process per session. Slow in the emulated VM, so
#    a modest number, and the loop stops early at its time budget, but not
#    before 20 (a loaded machine made fewer in 30 s: no timed assertion);
#    what was created must dump completely.
check "ip link add roam2 type roam" ip -n "$A" link add roam2 type roam
in_ns "$A" bash -c '
	end=$(($(date +%s) + $2))
	for ((i = 1; i <= $1; i++)); do
		if [ $((i % 2)) -eq 0 ]; then k=l2tp; else k=pptp; fi
		"$3" session add dev roam2 id $((i * 7)) kind $k \
			address 10.100.$((i / 250)).$((i % 250 + 1)) || echo "failed: $i" >&2
		[ $(date +%s) -ge $end ] && [ $i -ge 20 ] && break
	done
	echo $((i > $1 ? $1 : i))' many "$CLI_MANY" "$CLI_BUDGET" "$(command -v "$ROAM")" \
	> "$TEST_TMP/many.out" 2> "$TEST_TMP/many.err"
n=$(tail -n1 "$TEST_TMP/many.out")
info "created $n of $CLI_MANY sessions with roam session add (budget $CLI_BUDGET s)"
check_eq "no roam session add failed in the loop" "" "$(head -n 5 "$TEST_TMP/many.err")"
check_ge "the loop created sessions" 20 "$n"
check "dump roam2" sessions dev roam2
s=$LAST_OUT
check_eq "the dump holds every session made by the loop" "$n" "$(count "$s")"
check_eq "the dump holds each id exactly once" true \
	"$(printf '%s' "$s" | json "sorted(x['id'] for x in d) == [i * 7 for i in range(1, $n + 1)]")"
check_eq "each session has its own address" "$n" \
	"$(printf '%s' "$s" | json 'len(set(x.get("address") for x in d))')"

# b) $MANY sessions made at once over netlink (roam_nl_bulk, which also
#    checks its own dump and counts its parts), then listed by the CLI.
BULK=$(helper roam_nl_bulk)
if [ -z "$BULK" ]; then
	fail "roam_nl_bulk is available" "not built and cannot be compiled here"
else
	check "ip link add roam3 type roam" ip -n "$A" link add roam3 type roam
	check "roam_nl_bulk: $MANY sessions on roam3" in_ns "$A" "$BULK" roam3 "$MANY" 1
	printf '%s\n' "$LAST_OUT" | sed 's/^/# roam_nl_bulk: /'
	check_match "the kernel's dump held all $MANY, each once" \
		"^dump $MANY sessions in [0-9]+ recv calls, ids complete" "$LAST_OUT"
	parts=$(printf '%s' "$LAST_OUT" | sed -n 's/.* in \([0-9]*\) recv calls.*/\1/p')
	check_ge "the dump took several netlink messages" 2 "$parts"
	check "roam -j session show dev roam3" sessions dev roam3
	s=$LAST_OUT
	check_eq "the CLI lists all $MANY" "$MANY" "$(count "$s")"
	check_eq "with ids 1..$MANY" true \
		"$(printf '%s' "$s" | json "sorted(x['id'] for x in d) == list(range(1, $MANY + 1))")"
	check_eq "and $MANY distinct addresses" "$MANY" \
		"$(printf '%s' "$s" | json 'len(set(x.get("address") for x in d))')"
	check "dump everything (no dev)" sessions
	check_eq "the global dump holds both devices' sessions" "$((MANY + n))" "$(count "$LAST_OUT")"
	check_eq "roam3 counts them" "$MANY" "$(r -j link show dev roam3 | json 'd[0]["sessions"]')"
	check "get one session in the middle" sessions dev roam3 id $((MANY / 2))
	check_eq "it is the one asked for" "$((MANY / 2))" "$(printf '%s' "$LAST_OUT" | json '[x["id"] for x in d]')"
	# Listings while a session comes and goes: a dump the kernel marks
	# interrupted is read again by the CLI, so every listing answers, with
	# the $MANY sessions and at most the one coming and going.
	in_ns "$A" bash -c 'while [ ! -e "$2" ]; do
		"$1" session add dev roam3 id 999999 kind l2tp address 10.102.0.1
		"$1" session del dev roam3 id 999999; done' churn \
		"$(command -v "$ROAM")" "$TEST_TMP/churn.stop" > /dev/null 2>&1 &
	churn=$!
	listed=""
	for i in 1 2 3 4 5; do
		listed="$listed $(sessions dev roam3 2> "$TEST_TMP/churn.err" | json 'len(d)')"
	done
	touch "$TEST_TMP/churn.stop"
	wait "$churn"
	info "listings while a session came and went: $listed"
	check_eq "each listing answered with $MANY or $((MANY + 1)) sessions" "" \
		"$(for c in $listed; do [ "$c" = "$MANY" ] || [ "$c" = $((MANY + 1)) ] || echo "$c"; done)$(cat "$TEST_TMP/churn.err")"
	check_eq "five listings" 5 "$(echo $listed | wc -w)"
	check "delete roam3 with its $MANY sessions" ip -n "$A" link del roam3
fi
# The whole table goes with its device.
check "delete roam2 with its sessions" ip -n "$A" link del roam2
check_eq "no session left after the devices are deleted" 0 "$(count "$(sessions)")"

check "ip link del roam0" ip -n "$A" link del roam0
check "ip link del roam1" ip -n "$A" link del roam1

test_done
