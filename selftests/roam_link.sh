#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The roam link type: create and delete devices, one per namespace, list
# them with the CLI (text and JSON), and lose them with their namespace.
#
#   +-------------------------+     +-------------------------+
#   | netns A                 |     | netns B                 |
#   |   roam0  (ip link add)  |     |   roam0  (ip link add)  |
#   |   roam1  (roam link add)|     |                         |
#   +-------------------------+     +-------------------------+
#        deleted with ip link del        deleted with ip netns del
#
#   Each device: point-to-point, NOARP, MTU 1400, kind "roam".

source "$(dirname "$0")/lib.sh"

test_init roam_link
need_cmd ip modprobe
need_modules roam
need_roam_cli

ns_create A
ns_create B

# --- create ------------------------------------------------------------------
check "ip link add roam0 type roam in A" ip -n "$A" link add roam0 type roam
check "ip link add roam0 type roam in B (same name, other namespace)" \
	ip -n "$B" link add roam0 type roam

run ip -n "$A" -d -j link show roam0
dev_a=$LAST_OUT
check_eq "kind of A/roam0" roam "$(printf '%s' "$dev_a" | json 'd[0]["linkinfo"]["info_kind"]')"
check_eq "MTU of A/roam0" 1400 "$(printf '%s' "$dev_a" | json 'd[0]["mtu"]')"
check_eq "A/roam0 is point-to-point" true "$(printf '%s' "$dev_a" | json '"POINTOPOINT" in d[0]["flags"]')"
check_eq "A/roam0 does not use ARP" true "$(printf '%s' "$dev_a" | json '"NOARP" in d[0]["flags"]')"
ifindex_a=$(printf '%s' "$dev_a" | json 'd[0]["ifindex"]')
ifindex_b=$(ip -n "$B" -j link show roam0 | json 'd[0]["ifindex"]')

check "ip link set roam0 up in A" ip -n "$A" link set roam0 up
check_fail "a second roam0 in A is refused" ip -n "$A" link add roam0 type roam

# --- list with the CLI ---------------------------------------------------------
check "roam link show in A" roam_ns "$A" link show
check_match "text listing of A names roam0" '(^|[^a-z0-9])roam0([^0-9]|$)' "$LAST_OUT"

check "roam -j link show in A" roam_ns "$A" -j link show
links_a=$LAST_OUT
check_true "roam -j link show prints JSON" "output: $links_a" eval 'printf "%s" "$links_a" | is_json'
check_eq "A holds one roam device" 1 "$(printf '%s' "$links_a" | json 'len(d)')"
check_eq "its name" roam0 "$(printf '%s' "$links_a" | json 'd[0]["ifname"]')"
check_eq "its ifindex matches ip link" "$ifindex_a" "$(printf '%s' "$links_a" | json 'd[0]["ifindex"]')"
check_eq "no sessions yet" 0 "$(printf '%s' "$links_a" | json 'd[0]["sessions"]')"

check "roam -j link show in B" roam_ns "$B" -j link show
check_eq "B holds one roam device" 1 "$(printf '%s' "$LAST_OUT" | json 'len(d)')"
check_eq "B's device ifindex" "$ifindex_b" "$(printf '%s' "$LAST_OUT" | json 'd[0]["ifindex"]')"

check "ip netns exec B roam -j link show" in_ns "$B" "$ROAM" -j link show
check_eq "roam inside B (ip netns exec) and roam -n B agree" "$(roam_ns "$B" -j link show)" "$LAST_OUT"

# A second device created through the CLI (rtnetlink).
check "roam link add roam1 in A" roam_ns "$A" link add roam1
check "roam -j link show in A" roam_ns "$A" -j link show
check_eq "A now lists two devices" "roam0 roam1" \
	"$(printf '%s' "$LAST_OUT" | json 'sorted(x["ifname"] for x in d)')"
check "roam -j link show dev roam1" roam_ns "$A" -j link show dev roam1
check_eq "show dev roam1 lists only roam1" roam1 "$(printf '%s' "$LAST_OUT" | json '[x["ifname"] for x in d]')"
check "roam link del roam1" roam_ns "$A" link del roam1
check_fail "ip link show roam1 after roam link del" ip -n "$A" link show roam1

CHECK_ERR_RE='.' check_fail "roam link show dev nosuchdev is refused with a message" \
	roam_ns "$A" link show dev nosuchdev

# --- delete ----------------------------------------------------------------------
check "ip link del roam0 in A" ip -n "$A" link del roam0
check "roam -j link show in A after deletion" roam_ns "$A" -j link show
check_eq "A lists no device" 0 "$(printf '%s' "$LAST_OUT" | json 'len(d)')"
check_fail "ip link show roam0 in A after deletion" ip -n "$A" link show roam0

check "roam -j link show in B still works" roam_ns "$B" -j link show
check_eq "B's device is untouched by A's deletion" 1 "$(printf '%s' "$LAST_OUT" | json 'len(d)')"

# Deleting the namespace takes its device with it. The device cannot be seen
# from outside the dying namespace, so roam.ko's debug lines (dynamic debug)
# tell when the namespace's teardown deleted it; a reference leak would
# show as "unregister_netdevice: waiting" (kernel log check at the end).
dyndbg=1
dyndbg_on roam || { dyndbg=0; info "no dynamic debug control: the deletion is not observed"; }
kmsg_mark M netns-del-B
check "ip netns del B (holding B/roam0)" ip netns del "$B"
if [ $dyndbg = 1 ]; then
	check_true "the namespace's teardown deleted its roam device" \
		"no 'roam: device roam0 deleted' in the kernel log within 20 s" \
		wait_log "$M" 'roam: device roam0 deleted' 1 20
fi
check_true "namespace B is gone" "ip netns list still shows $B" eval '! ns_exists "$B"'
# A fresh namespace must not see a leftover device either.
ns_create C
check "roam -j link show in a fresh namespace" roam_ns "$C" -j link show
check_eq "a fresh namespace lists no roam device" 0 "$(printf '%s' "$LAST_OUT" | json 'len(d)')"

test_done
