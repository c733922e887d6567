# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by bench_in_vm.sh (after lib.sh and peers/lib_peers.sh): the
# stock Linux stack as an L2TP/IPsec gateway, the baseline roam is measured
# against. strongSwan's charon is the IKEv1 responder (swanctl, pre-shared
# key for any peer, ESP transport mode for udp/1701); xl2tpd is the LNS in
# kernel mode (the in-tree l2tp_core/l2tp_ppp carry the data; one pppd per
# session does PPP, MS-CHAPv2 and IPCP and owns a pppN device).
#
# The gateway lives in its own namespace S on the clients' bridge, beside
# roam's gateway, with its own office host behind it. Its programs see
# their own /etc/ppp and /run (peer_dir, as the clients do), so they never
# touch the VM's.
#
#   stock_gw_setup S O         S: 192.0.2.2/24 on the clients' bridge,
#                              192.168.50.1/24 to office O (192.168.50.2);
#                              pool 10.20.0.10-20
#   stock_charon_start S PSK   the IKEv1 responder
#   stock_xl2tpd_start S USER PASS   the LNS with its pppd options (MS-CHAPv2)
#   stock_gw_stop S            stops everything started in S
#   stock_sessions S           number of pppN devices in S
#   stock_logs S               what its programs said

STOCK_ADDR=192.0.2.2
STOCK_POOL=10.20.0

stock_gw_setup() {
	local s=$1 o=$2 dir
	net_attach "$s" pub0 "$STOCK_ADDR/24"
	ip link add lan0 netns "$s" type veth peer name eth0 netns "$o"
	ip -n "$s" addr add 192.168.50.1/24 dev lan0
	ip -n "$o" addr add 192.168.50.2/24 dev eth0
	ip -n "$s" link set lan0 up
	ip -n "$o" link set eth0 up
	ip -n "$o" route add "$STOCK_POOL.0/24" via 192.168.50.1
	ip netns exec "$s" sysctl -qw net.ipv4.ip_forward=1
	dir=$(peer_dir "$s")
	mkdir -p "$dir/etc-ppp" "$dir/run/xl2tpd"
	# Debian's /etc/ppp/options (which says "auth") is replaced by this one.
	: > "$dir/etc-ppp/options"
}

# stock_daemon S NAME CMD...: CMD in S with S's own /etc/ppp and /run, in
# the background; output into NAME.out. ip netns exec and sh exec into
# CMD, so $! is CMD itself.
stock_daemon() {
	local s=$1 name=$2 dir
	shift 2
	dir=$(peer_dir "$s")
	ip netns exec "$s" sh -c "mount --bind $dir/etc-ppp /etc/ppp &&
		mount --bind $dir/run /run && exec \"\$@\"" sh "$@" \
		> "$dir/$name.out" 2>&1 &
}

# stock_charon_start S PSK: any peer, IKEv1 main mode with PSK, the
# proposals of the Windows/macOS/Android clients, transport mode for
# L2TP only.
stock_charon_start() {
	local s=$1 psk=$2 dir
	dir=$(peer_dir "$s")
	cat > "$dir/strongswan.conf" <<EOC
charon {
	load_modular = yes
	install_routes = no
	plugins {
		include /etc/strongswan.d/charon/*.conf
	}
	filelog {
		log {
			path = $dir/charon.log
			default = 1
		}
	}
}
EOC
	cat > "$dir/swanctl.conf" <<EOC
connections {
	l2tp-psk {
		version = 1
		local_addrs = $STOCK_ADDR
		remote_addrs = %any
		proposals = aes256-sha1-ecp384,aes256-sha1-modp2048,aes128-sha1-modp2048,aes256-sha256-modp2048,3des-sha1-modp1024
		local {
			auth = psk
		}
		remote {
			auth = psk
		}
		children {
			l2tp {
				mode = transport
				local_ts = dynamic[udp/1701]
				remote_ts = dynamic[udp]
				esp_proposals = aes256-sha1,aes128-sha1,aes256-sha256,3des-sha1
			}
		}
	}
}
secrets {
	ike-any {
		secret = "$psk"
	}
}
EOC
	stock_charon_run "$s"
}

# stock_charon_run S: charon in S with the strongswan.conf and swanctl.conf
# already written in S's folder, its connections and secrets loaded.
stock_charon_run() {
	local s=$1 dir
	dir=$(peer_dir "$s")
	rm -f "$dir/run/charon.vici"
	STRONGSWAN_CONF=$dir/strongswan.conf stock_daemon "$s" charon /usr/lib/ipsec/charon
	at_exit "stock_gw_stop $s"
	if ! wait_until 60 test -S "$dir/run/charon.vici"; then
		sed 's/^/# stock charon: /' "$dir/charon.out" "$dir/charon.log" 2>/dev/null | tail -n 20
		return 1
	fi
	swanctl_in "$s" --load-all --file "$dir/swanctl.conf" > "$dir/swanctl-load.log" 2>&1 ||
		{ grep -v plugin "$dir/swanctl-load.log" | sed 's/^/# stock swanctl: /'; return 1; }
}

# stock_xl2tpd_start S USER PASS: the LNS. MS-CHAPv2 is named in pppd's
# options: xl2tpd's "require chap = yes" would add CHAP-MD5, which pppd
# asks for first.
stock_xl2tpd_start() {
	local s=$1 user=$2 pass=$3 dir
	dir=$(peer_dir "$s")
	cat > "$dir/xl2tpd.conf" <<EOC
[global]
port = 1701
listen-addr = $STOCK_ADDR

[lns default]
ip range = $STOCK_POOL.10-$STOCK_POOL.20
local ip = $STOCK_POOL.1
require chap = no
refuse pap = yes
require authentication = yes
name = stock-gw
pppoptfile = $dir/etc-ppp/options.xl2tpd
length bit = yes
EOC
	cat > "$dir/etc-ppp/options.xl2tpd" <<EOC
require-mschap-v2
refuse-pap
ms-dns 192.168.50.2
mtu 1400
mru 1400
noccp
nobsdcomp
nodeflate
novj
lcp-echo-interval 30
lcp-echo-failure 4
nodefaultroute
logfile $dir/pppd.log
EOC
	printf '"%s" * "%s" *\n' "$user" "$pass" > "$dir/etc-ppp/chap-secrets"
	chmod 600 "$dir/etc-ppp/chap-secrets"
	rm -f "$dir/run/xl2tpd/l2tp-control"
	stock_daemon "$s" xl2tpd xl2tpd -D -c "$dir/xl2tpd.conf" -p /run/xl2tpd.pid \
		-C /run/xl2tpd/l2tp-control
	at_exit "stock_gw_stop $s"
	if ! wait_until 20 test -p "$dir/run/xl2tpd/l2tp-control"; then
		sed 's/^/# stock xl2tpd: /' "$dir/xl2tpd.out"
		return 1
	fi
}

# stock_gw_stop S: everything running in S (xl2tpd, its pppds, charon).
stock_gw_stop() {
	local s=$1 p
	ns_exists "$s" || return 0
	p=$(ip netns pids "$s" 2>/dev/null)
	[ -n "$p" ] || return 0
	# shellcheck disable=SC2086
	kill $p 2>/dev/null
	wait_until 10 _ns_no_pids "$s" && return 0
	p=$(ip netns pids "$s" 2>/dev/null)
	# shellcheck disable=SC2086
	[ -n "$p" ] && kill -9 $p 2>/dev/null
	wait_until 5 _ns_no_pids "$s"
}

stock_sessions() {
	ip -n "$1" -o link show 2>/dev/null | grep -c ': ppp[0-9]'
}

stock_logs() {
	local dir
	dir=$(peer_dir "$1")
	sed 's/^/# stock xl2tpd: /' "$dir/xl2tpd.out" 2>/dev/null | tail -n 20
	sed 's/^/# stock pppd: /' "$dir/pppd.log" 2>/dev/null | tail -n 20
	sed 's/^/# stock charon: /' "$dir/charon.log" 2>/dev/null | tail -n 30
}
