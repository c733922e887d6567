#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel deletes sessions under a running roamd: the roam device is
# deleted, then the L2TP encapsulation module and roam itself are
# unloaded, each time under a live L2TP/IPsec client.  roamd must end the
# call properly (the client's pppd hears an LCP Terminate-Request, its
# PPP link goes), give the address back, say in its log what happened,
# and never load a module an administrator removed.
#
#                          netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 ---------+
#                                +---- netns G 192.0.2.1: roamd, roam0 10.10.0.1
#                                          lan0 192.168.50.1 --- netns O 192.168.50.2
#
# alice (strongSwan + xl2tpd + pppd in C1) dials twice: once before the
# device goes, once before the modules go.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

test_init roam_kernel_gone
need_l2tp_ipsec_clients
need_modules roam roam_l2tp

ns_create G
ns_create O
ns_create C1
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24

cat > "$TEST_TMP/roamd.conf" <<'EOF2'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add alice password alice-pw
psk add peer any secret "office psk"
ppp set local 10.10.0.1 dns 192.168.50.2 auth mschapv2,chap
EOF2
# at the default level: what an operator would read
RD_LEVEL=info
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?
# the modules come back for the tests that follow, whatever happens here
at_exit "modprobe roam_l2tp 2>/dev/null; modprobe roam_pptp 2>/dev/null"

# roamd's own view of its calls (never the kernel's: that would load it)
calls() {
	rd "$G" -j session show | json "len([s for s in d if s.get('user') == 'alice'])"
}
no_ppp() { ! ppp_up "$C1"; }
no_calls() { [ "$(calls)" = 0 ]; }
# terminated N: pppd heard N Terminate-Requests so far
terminated() {
	local n
	n=$(grep -c 'LCP terminated by peer' "$PPPD_LOG" 2>/dev/null)
	[ "${n:-0}" -ge "$1" ]
}
pool_free() {
	[ "$(rd "$G" -j -s pool show | json "sum(p['stats']['in_use'] for p in d)")" = 0 ]
}

charon_start "$C1" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
l2tp_ipsec_connect "$C1" alice alice-pw
check_eq "alice connects" 0 $?
# (the peers' folder exists once a client started: read it only now)
PPPD_LOG=$(peer_dir "$C1")/pppd.log
check "alice reaches the office host" \
	ip netns exec "$C1" ping -c 3 -i 0.2 -W 2 192.168.50.2

# --- 1. the device is deleted ------------------------------------------
ip -n "$G" link del roam0
check "roamd says the device took alice's session" \
	wait_until 10 grep -q "gone (its roam device was deleted): ending the call" "$RD_LOG"
check "alice's pppd hears a Terminate-Request" wait_until 20 terminated 1
check "alice's PPP link goes" wait_until 20 no_ppp
check "roamd forgets the call" wait_until 20 no_calls
check "her address is back in the pool" wait_until 10 pool_free

# The device back (a reload creates the configuration's devices), alice
# dials again through the tunnel she still has.
kill -HUP "$RD_PID"
wait_until 10 ip -n "$G" link show roam0 >/dev/null 2>&1
ip -n "$G" addr add 10.10.0.1/32 dev roam0
ip -n "$G" link set roam0 up
ip -n "$G" route add 10.10.0.0/24 dev roam0
xl2tpd_dial "$C1"
check "alice dials again once roam0 is back" wait_until 30 ppp_up "$C1"
ip -n "$C1" route replace 192.168.50.0/24 dev "$(ppp_dev "$C1")" 2>/dev/null
check "and reaches the office host" \
	ip netns exec "$C1" ping -c 3 -i 0.2 -W 2 192.168.50.2

# --- 2. the modules are unloaded ---------------------------------------
check "roam_l2tp unloads under the live session" \
	wait_until 10 sh -c "rmmod roam_l2tp 2>/dev/null || ! test -d /sys/module/roam_l2tp"
check "roamd says the encapsulation went" \
	wait_until 10 grep -q "the roam_l2tp kernel module was unloaded" "$RD_LOG"
check "alice's pppd hears a Terminate-Request again" wait_until 20 terminated 2
check "alice's PPP link goes again" wait_until 20 no_ppp
check "roamd forgets the call again" wait_until 20 no_calls
check "and the address is back again" wait_until 10 pool_free

# A new call now must not bring roam_l2tp back behind the admin's back.
xl2tpd_dial "$C1"
check "roamd refuses the call instead of loading roam_l2tp" \
	wait_until 20 grep -q "the roam_l2tp module was unloaded and roamd does not load it again" "$RD_LOG"
check_true "roam_l2tp is still unloaded" "/sys/module/roam_l2tp present" \
	eval '! mod_loaded roam_l2tp'

rmmod roam_pptp 2>/dev/null
check "roam unloads while roamd runs" \
	wait_until 10 sh -c "rmmod roam 2>/dev/null || ! test -d /sys/module/roam"
check "roamd says roam went and that it will not load it" \
	wait_until 10 grep -q "the roam kernel module was unloaded" "$RD_LOG"
rd "$G" session show > /dev/null
rd "$G" -s daemon show > /dev/null
check_true "asking roamd for its sessions does not load roam again" \
	"/sys/module/roam present" eval '! mod_loaded roam'

# --- 3. roam back: roamd follows it ------------------------------------
modprobe roam && modprobe roam_l2tp
check "roamd notices roam is back" \
	wait_until 10 grep -q "the roam kernel module is loaded" "$RD_LOG"
kill -HUP "$RD_PID"
wait_until 10 ip -n "$G" link show roam0 >/dev/null 2>&1
ip -n "$G" addr add 10.10.0.1/32 dev roam0
ip -n "$G" link set roam0 up
ip -n "$G" route add 10.10.0.0/24 dev roam0
xl2tpd_hangup "$C1" 2>/dev/null
xl2tpd_dial "$C1"
check "alice dials again once the modules are back" wait_until 30 ppp_up "$C1"

xl2tpd_stop "$C1"
check_gateway_clean "$G"
test_done
