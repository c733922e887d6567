#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loading and unloading roam.ko, roam_l2tp.ko and roam_pptp.ko, and the
# three ways roam.ko is loaded on demand.
#
#   +------------------------------+
#   | netns A                      |
#   |   roam0 (ip link add ...)    |   created only to trigger autoload,
#   +------------------------------+   deleted again
#
#   initial netns: modprobe / rmmod, and the roam CLI's first netlink
#   request (genetlink resolves family "roam" and asks for the module alias
#   net-pf-16-proto-16-family-roam).

source "$(dirname "$0")/lib.sh"

test_init roam_modules
need_cmd modprobe rmmod modinfo ip
need_modules roam roam_l2tp roam_pptp

at_exit "mod_unload_all"

# Start from nothing loaded. Devices left by an earlier test would hold
# nothing, but be explicit about it.
if ! mod_unload_all; then
	fail "unload the roam modules before the test" \
		"still loaded: $(ls -d /sys/module/roam* 2>/dev/null | xargs -n1 basename 2>/dev/null)"
	test_done
fi

# --- plain modprobe / rmmod --------------------------------------------------
for m in roam roam_l2tp roam_pptp; do
	info "$m: $(modinfo -F filename "$m") vermagic=$(modinfo -F vermagic "$m")"
done
check "modprobe roam" modprobe roam
check_true "roam is loaded after modprobe" "/sys/module/roam absent" mod_loaded roam
check "modprobe roam_l2tp" modprobe roam_l2tp
check "modprobe roam_pptp" modprobe roam_pptp
check_true "roam_l2tp and roam_pptp are loaded" "/sys/module/roam_l2tp or roam_pptp absent" \
	eval 'mod_loaded roam_l2tp && mod_loaded roam_pptp'
# The encapsulations use roam.ko: it is held while they are loaded.
check_fail "rmmod roam while roam_l2tp/roam_pptp use it" rmmod roam
check_true "roam still loaded after the refused rmmod" "/sys/module/roam absent" mod_loaded roam
check "rmmod roam_pptp" rmmod roam_pptp
check "rmmod roam_l2tp" rmmod roam_l2tp
check "rmmod roam" rmmod roam
check_true "no roam module loaded after rmmod" "$(ls -d /sys/module/roam* 2>/dev/null)" \
	eval '! mod_loaded roam && ! mod_loaded roam_l2tp && ! mod_loaded roam_pptp'

# Loading an encapsulation pulls roam.ko in as a dependency.
check "modprobe roam_l2tp (pulls in roam)" modprobe roam_l2tp
check_true "roam loaded as a dependency of roam_l2tp" "/sys/module/roam absent" mod_loaded roam
check "modprobe -r roam_l2tp roam" modprobe -r roam_l2tp roam
check_true "modules gone after modprobe -r" "$(ls -d /sys/module/roam* 2>/dev/null)" \
	eval '! mod_loaded roam && ! mod_loaded roam_l2tp'

# --- autoload through rtnetlink: ip link add ... type roam -------------------
ns_create A
check_true "roam not loaded before ip link add" "/sys/module/roam present" eval '! mod_loaded roam'
check "ip link add roam0 type roam (module not loaded)" ip -n "$A" link add roam0 type roam
check_true "roam loaded by ip link add (alias rtnl-link-roam)" "/sys/module/roam absent" mod_loaded roam
run ip -n "$A" -d -j link show roam0
check_eq "the new device is of kind roam" roam "$(printf '%s' "$LAST_OUT" | json 'd[0]["linkinfo"]["info_kind"]')"
check "ip link del roam0" ip -n "$A" link del roam0
check "rmmod roam after the device is deleted" rmmod roam

# --- autoload through generic netlink: the CLI's first request --------------
if command -v "$ROAM" >/dev/null 2>&1; then
	check_true "roam not loaded before 'roam link show'" "/sys/module/roam present" eval '! mod_loaded roam'
	check "roam link show (module not loaded)" roam_ns "$A" link show
	check_true "roam loaded by the family lookup (net-pf-16-proto-16-family-roam)" \
		"/sys/module/roam absent after 'roam link show'" mod_loaded roam
	check "rmmod roam" rmmod roam

	check_true "roam not loaded before 'roam session show'" "/sys/module/roam present" eval '! mod_loaded roam'
	check "roam session show (module not loaded)" roam_ns "$A" session show
	check_true "roam loaded by 'roam session show'" "/sys/module/roam absent" mod_loaded roam
	check "rmmod roam" rmmod roam
else
	info "roam CLI not on PATH: genetlink autoload checked with modprobe's alias only"
fi
# The alias itself, independent of the CLI.
run modprobe --show-depends net-pf-16-proto-16-family-roam
check_match "modprobe resolves the genetlink family alias to roam.ko" 'roam\.ko' "$LAST_OUT$LAST_ERR"
run modprobe --show-depends rtnl-link-roam
check_match "modprobe resolves rtnl-link-roam to roam.ko" 'roam\.ko' "$LAST_OUT$LAST_ERR"
run modprobe --show-depends roam-encap-l2tp
check_match "modprobe resolves roam-encap-l2tp to roam_l2tp.ko" 'roam_l2tp\.ko' "$LAST_OUT$LAST_ERR"
run modprobe --show-depends roam-encap-pptp
check_match "modprobe resolves roam-encap-pptp to roam_pptp.ko" 'roam_pptp\.ko' "$LAST_OUT$LAST_ERR"

check_true "no roam module loaded at the end" "$(ls -d /sys/module/roam* 2>/dev/null)" \
	eval '! mod_loaded roam && ! mod_loaded roam_l2tp && ! mod_loaded roam_pptp'

test_done
