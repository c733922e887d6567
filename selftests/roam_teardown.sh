#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown with sessions still present: deleting the device, unloading an
# encapsulation module, deleting the namespace, and finally unloading
# roam.ko. Nothing may be left over and the kernel must not complain.
#
#   1) netns A: roam0 with sessions 1 (l2tp) 2 (pptp) 3 (l2tp)
#        -> ip link del roam0
#   2) netns A: roam0 with sessions 1 (l2tp) 2 (pptp) 3 (l2tp)
#               roam1 with session  7 (l2tp)
#        -> rmmod roam_l2tp: sessions 1, 3, 7 go, 2 stays
#        -> delete session 2, the devices, rmmod roam_pptp, rmmod roam
#   3) netns B: roam0 with 20 sessions, traffic sent to them
#        -> ip netns del B
#        -> rmmod roam (needs everything released)
#
# Leak detection: the Debian kernels are built without kmemleak
# (CONFIG_DEBUG_KMEMLEAK is not set), so leaked memory cannot be seen
# directly. What is checked instead: the session and device lists are empty
# afterwards, the deletion events name the right reason, roam.ko's debug
# lines show the device and each session of the dying namespace destroyed,
# every module unloads at the end, and the kernel log has no warning, no
# "unregister_netdevice: waiting" (a leaked device reference) and none of
# roam.ko's own leak reports ("N sessions leaked" when it is unloaded,
# "roamX freed with N sessions").

source "$(dirname "$0")/lib.sh"

test_init roam_teardown
need_cmd ip modprobe rmmod
need_modules roam roam_l2tp roam_pptp
need_roam_cli

at_exit "mod_unload_all"

ns_create A
r() { roam_ns "$A" "$@"; }
count() { printf '%s' "$1" | json 'len(d)'; }

# monitor_start NS FILE: session events of NS, as JSON lines, into FILE
MON_PID=
monitor_start() {
	"$ROAM" -n "$1" -j monitor > "$2" 2>&1 &	# $! must be roam itself
	MON_PID=$!
	at_exit "kill $MON_PID"
	sleep 0.5
}
# monitor_stop [FILE PATTERN COUNT]: once FILE holds COUNT lines matching
# PATTERN (the events are asynchronous), or at once
monitor_stop() {
	[ $# -lt 3 ] ||
		wait_until 10 sh -c "[ \$(grep -cE '$2' '$1') -ge $3 ]"
	kill "$MON_PID" 2>/dev/null
	wait "$MON_PID" 2>/dev/null
}

populate() {
	check "ip link add roam0 type roam" ip -n "$A" link add roam0 type roam &&
	check "add sessions 1 (l2tp) 2 (pptp) 3 (l2tp) on roam0" eval '
		r session add dev roam0 id 1 kind l2tp address 10.99.0.11 &&
		r session add dev roam0 id 2 kind pptp address 10.99.0.12 &&
		r session add dev roam0 id 3 kind l2tp address 10.99.0.13'
}

# --- 1) delete the device with sessions ---------------------------------------------
populate
check_eq "three sessions present" 3 "$(count "$(r -j session show)")"
monitor_start "$A" "$TEST_TMP/mon1"
check "ip link del roam0 with 3 sessions" ip -n "$A" link del roam0
monitor_stop "$TEST_TMP/mon1" 'device.gone|device_gone' 3
check "roam -j session show" r -j session show
check_eq "no session left after the device is gone" 0 "$(count "$LAST_OUT")"
check_eq "three deletion events with reason device-gone" 3 \
	"$(grep -c 'device.gone\|device_gone' "$TEST_TMP/mon1")" || sed 's/^/#   /' "$TEST_TMP/mon1"

# --- 2) rmmod roam_l2tp with live l2tp sessions ---------------------------------------
populate
check "ip link add roam1 type roam" ip -n "$A" link add roam1 type roam
check "add session 7 (l2tp) on roam1" r session add dev roam1 id 7 kind l2tp address 10.99.1.17
check_true "roam_l2tp is loaded" "/sys/module/roam_l2tp absent" mod_loaded roam_l2tp
monitor_start "$A" "$TEST_TMP/mon2"
check "rmmod roam_l2tp with three live l2tp sessions" rmmod roam_l2tp
monitor_stop "$TEST_TMP/mon2" 'encap.gone|encap_gone' 3
check_true "roam_l2tp is gone" "/sys/module/roam_l2tp present" eval '! mod_loaded roam_l2tp'
check "roam -j session show" r -j session show
s=$LAST_OUT
check_eq "only the pptp session is left" "2:pptp" \
	"$(printf '%s' "$s" | json '["%s:%s" % (x["id"], x["kind"]) for x in d]')"
check_eq "three deletion events with reason encap-gone" 3 \
	"$(grep -c 'encap.gone\|encap_gone' "$TEST_TMP/mon2")" || sed 's/^/#   /' "$TEST_TMP/mon2"
check_eq "roam0 counts one session" 1 "$(r -j link show dev roam0 | json 'd[0]["sessions"]')"
check_eq "roam1 counts none" 0 "$(r -j link show dev roam1 | json 'd[0]["sessions"]')"
# The kind comes back on demand.
check "a new l2tp session loads roam_l2tp again" r session add dev roam0 id 4 kind l2tp address 10.99.0.14
check_true "roam_l2tp is loaded again" "/sys/module/roam_l2tp absent" mod_loaded roam_l2tp
check_fail "rmmod roam while roam_l2tp/roam_pptp use it" rmmod roam
check "delete sessions 2 and 4" eval 'r session del 2 dev roam0 && r session del 4 dev roam0'
check_eq "no session left" 0 "$(count "$(r -j session show)")"
check "delete roam0 and roam1" eval 'ip -n "$A" link del roam0 && ip -n "$A" link del roam1'
check "rmmod roam_pptp" rmmod roam_pptp
check "rmmod roam_l2tp" rmmod roam_l2tp
check "rmmod roam after deleting everything" rmmod roam
check_true "no roam module left" "$(ls -d /sys/module/roam* 2>/dev/null)" \
	eval '! mod_loaded roam && ! mod_loaded roam_l2tp && ! mod_loaded roam_pptp'

# --- 3) delete a namespace holding a device with sessions --------------------------------
ns_create B
check "ip link add roam0 type roam in B" ip -n "$B" link add roam0 type roam
check "roam0 in B up with 10.98.0.1/24" eval 'ip -n "$B" addr add 10.98.0.1/24 dev roam0 && ip -n "$B" link set roam0 up'
ok=1
for i in $(seq 1 20); do
	if [ $((i % 2)) -eq 0 ]; then k=l2tp; else k=pptp; fi
	roam_ns "$B" session add dev roam0 id "$i" kind "$k" address "10.98.0.$((i + 10))" || ok=0
done
check_eq "20 sessions created in B" "1 20" "$ok $(roam_ns "$B" -j session show | json 'len(d)')"
# Packets in flight towards the sessions while the namespace goes.
in_ns "$B" bash -c 'for i in $(seq 11 30); do echo x > /dev/udp/10.98.0.$i/9; done' 2>/dev/null
dyndbg=1
dyndbg_on roam || { dyndbg=0; info "no dynamic debug control: the deletion is not observed"; }
kmsg_mark M netns-del-B
check "ip netns del B with roam0 and 20 sessions" ip netns del "$B"
check_true "namespace B is gone" "ip netns list still shows $B" eval '! ns_exists "$B"'
if [ $dyndbg = 1 ]; then
	check_true "the namespace's teardown deleted roam0" \
		"no 'roam: device roam0 deleted' in the kernel log within 20 s" \
		wait_log "$M" 'roam: device roam0 deleted' 1 20
	check_true "and freed its 20 sessions" \
		"$(log_since "$M" | grep -cE 'roam: session [0-9]+ destroyed') 'session N destroyed' lines within 30 s" \
		wait_log "$M" 'roam: session [0-9]+ destroyed' 20 30
fi
# Everything must now unload; roam.ko reports sessions still alive at that
# point ("N sessions leaked"), which the kernel log check catches.
unload_roam() { mod_unload_all; }
check_true "all roam modules unload after the namespace is gone" \
	"still loaded after 30 s: $(ls -d /sys/module/roam* 2>/dev/null)" wait_until 30 unload_roam

test_done
