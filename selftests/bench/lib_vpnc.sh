# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by bench_in_vm.sh (after lib_stock.sh): the vpnc client (IKEv1
# Aggressive Mode, group name and key, XAUTH, Mode-Config pull, ESP tunnel
# mode; vpnc's own ESP in userspace through tun0), against roamd and
# against strongSwan's charon as the stock IKEv1 remote-access gateway.
#
#   vpnc_roam_conf FILE         roamd's configuration for the vpnc path
#   stock_vpnc_charon_start S   charon in S as a vpnc gateway (XAUTH from
#                               its secrets, addresses from its own pool)
#   vpnc_prepare C GW           C's vpnc.conf and its script
#   vpnc_connect C GW_NS        vpnc started; returns once the gateway holds
#                               the ESP SA pair: SETUP_US
#   vpnc_close C                vpnc told to stop (it sends its deletes)
#   vpnc_esp_verdicts C         what vpnc made of the ESP it received
#   xfrm_errors NS              the nonzero xfrm error counters of NS

VPNC_GROUP=hillvalleyvpn
VPNC_KEY="group key"
VPNC_ROAM_POOL=10.30.0
declare -A VPNC_PID

vpnc_roam_conf() {
	cat > "$1" <<EOC
link add roam0
pool add vpnpool range $VPNC_ROAM_POOL.10-$VPNC_ROAM_POOL.20
user add $USER_NAME password $USER_PASS
group add $VPNC_GROUP psk "$VPNC_KEY" aggressive on xauth on pool vpnpool dns 192.168.50.2
log level info
EOC
}

# The stock gateway: Aggressive Mode with a PSK must be allowed by name in
# strongSwan; XAUTH checked by xauth-generic against the secrets; the
# client's address from a pool in the connection; DNS from that pool.
stock_vpnc_charon_start() {
	local s=$1 dir
	dir=$(peer_dir "$s")
	cat > "$dir/strongswan.conf" <<EOC
charon {
	load = random nonce openssl kernel-netlink socket-default vici xauth-generic attr
	i_dont_care_about_security_and_use_aggressive_mode_psk = yes
	install_routes = no
	filelog {
		log {
			path = $dir/charon.log
			default = 1
		}
	}
}
swanctl {
	load = pem pkcs1 pkcs8 x509 openssl random nonce
}
EOC
	cat > "$dir/swanctl.conf" <<EOC
connections {
	vpnc {
		version = 1
		aggressive = yes
		local_addrs = $STOCK_ADDR
		remote_addrs = %any
		proposals = aes256-sha1-modp1536,aes128-sha1-modp1536,3des-sha1-modp1536
		pools = vpnpool
		local {
			auth = psk
		}
		remote {
			auth = psk
		}
		remote-xauth {
			auth = xauth
		}
		children {
			vpnc {
				mode = tunnel
				local_ts = 0.0.0.0/0
				esp_proposals = aes256-sha1,aes128-sha1,3des-sha1
			}
		}
	}
}
pools {
	vpnpool {
		addrs = $STOCK_POOL.10-$STOCK_POOL.20
		dns = 192.168.50.2
	}
}
secrets {
	ike-group {
		secret = "$VPNC_KEY"
	}
	xauth-user {
		id = $USER_NAME
		secret = "$USER_PASS"
	}
}
EOC
	stock_charon_run "$s"
}

# vpnc_prepare C GW: the client's files. Its script gives tun0 the
# address and a route to the office LAN, as vpnc-script does.
vpnc_prepare() {
	local c=$1 gw=$2 dir
	peer_dir "$c" >/dev/null
	dir=$(peer_dir "$c")
	mkdir -p "$dir"
	cat > "$dir/vpnc-script" <<EOS
#!/bin/sh
if [ "\$reason" = connect ]; then
	ip link set "\$TUNDEV" up mtu 1380
	ip addr add "\$INTERNAL_IP4_ADDRESS/32" dev "\$TUNDEV"
	ip route add 192.168.50.0/24 dev "\$TUNDEV"
fi
exit 0
EOS
	chmod 755 "$dir/vpnc-script"
	cat > "$dir/vpnc.conf" <<EOC
IPSec gateway $gw
IPSec ID $VPNC_GROUP
IPSec secret $VPNC_KEY
Xauth username $USER_NAME
Xauth password $USER_PASS
IKE DH Group dh5
Perfect Forward Secrecy nopfs
Local Port 0
Interface name tun0
Script $dir/vpnc-script
EOC
}

# shellcheck disable=SC2034 # SETUP_US and CPU_MS are for the caller
# vpnc_connect C GW_NS: sets SETUP_US (vpnc's start to the gateway's ESP
# SA pair, polled every 0.1 s) and CPU_MS (the gateway's CPU meanwhile).
vpnc_connect() {
	local c=$1 gw_ns=$2 dir t0 c0
	dir=$(peer_dir "$c")
	c0=$(ns_cpu_ms "$gw_ns")
	t0=$(now_us)
	ip netns exec "$c" vpnc --no-detach --debug 1 --pid-file "$dir/vpnc.pid" \
		"$dir/vpnc.conf" > "$dir/vpnc.log" 2>&1 &
	VPNC_PID[$c]=$!
	if ! wait_until 60 sh -c "[ \$(ip -n $gw_ns xfrm state | grep -c '^src') -ge 2 ]"; then
		sed 's/^/# vpnc: /' "$dir/vpnc.log" | tail -n 20
		return 1
	fi
	SETUP_US=$(($(now_us) - t0))
	CPU_MS=$(($(ns_cpu_ms "$gw_ns") - c0))
	# the script has run before Quick Mode: tun0 has its address
	wait_until 10 sh -c "ip -n $c -4 -o addr show dev tun0 | grep -q inet"
}

vpnc_close() {
	local c=$1
	[ -n "${VPNC_PID[$c]:-}" ] || return 0
	kill -TERM "${VPNC_PID[$c]}" 2>/dev/null
	wait "${VPNC_PID[$c]}" 2>/dev/null
	VPNC_PID[$c]=
}

# vpnc_esp_verdicts C: vpnc's replay-window verdicts on the ESP it
# received (its --debug 1 log has one line per packet)
vpnc_esp_verdicts() {
	local log
	log=$(peer_dir "$1")/vpnc.log
	printf 'vpnc received ESP: %s in order, %s later than expected, %s out of order, %s replayed, %s too old' \
		"$(grep -c 'Accepting expected ESP' "$log")" \
		"$(grep -c 'Accepting later-than-expected ESP' "$log")" \
		"$(grep -c 'Accepting out-of-order ESP' "$log")" \
		"$(grep -c 'Discarding replayed ESP' "$log")" \
		"$(grep -c 'Discarding ancient ESP' "$log")"
}

# xfrm_errors NS: NS's nonzero /proc/net/xfrm_stat counters, and its SAs'
# own replay/integrity failure counts
xfrm_errors() {
	local e
	e=$(ip netns exec "$1" awk '$2 != 0 {printf "%s %s ", $1, $2}' /proc/net/xfrm_stat)
	printf '%s; SA stats: %s' "${e:-none}" \
		"$(ip -n "$1" -s xfrm state | grep -o 'replay-window [0-9]* replay [0-9]* failed [0-9]*' | tr '\n' ';')"
}
