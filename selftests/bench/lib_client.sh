# SPDX-License-Identifier: GPL-2.0
#
# Sourced by bench_in_vm.sh (after lib.sh): the benchmark's network and its
# road-warrior clients, built the way peers/lib_peers.sh builds the tests'
# (same layout, same programs, same bind-mount pattern), kept here so that
# the figures do not move when the tests' helpers do.
#
#   bench_net_setup            netns N: the bridge br0 clients and gateways
#                              share (192.0.2.0/24)
#   bench_attach NS IF ADDR    a veth from NS to the bridge; its bridge-side
#                              port name is left in ATTACH_PORT
#   bench_dir NAME             a private folder (not under /run)
#   in_client C CMD...         CMD in C with C's own /etc/ppp and /run
#   cl_charon_start C PSK GW IKE ESP   strongSwan IKEv1 initiator, PSK,
#                              transport mode for udp/1701 (connection
#                              "roam", child "l2tp")
#   cl_ipsec_up C              negotiate IKE + the child SA now
#   cl_xl2tpd_start C USER PASS LNS    xl2tpd LAC "roam" + pppd options
#   cl_dial C / cl_hangup C    through xl2tpd's control FIFO
#   cl_ppp_addr C / cl_ppp_up C
#   cl_stop C                  polite: xl2tpd (StopCCN), IKE delete, charon
#   cl_kill C                  SIGKILL to everything running in C
#   cl_logs C                  what the client's programs said

BENCH_NET_PORTS=0
declare -A CL_XL2TPD_PID CL_CHARON_PID

bench_net_setup() {
	ns_create N
	ip -n "$N" link add br0 type bridge
	ip -n "$N" link set br0 up
}

bench_attach() {
	local ns=$1 ifname=$2 addr=$3
	BENCH_NET_PORTS=$((BENCH_NET_PORTS + 1))
	ATTACH_PORT=p$BENCH_NET_PORTS
	ip link add "$ifname" netns "$ns" type veth peer name "$ATTACH_PORT" netns "$N"
	ip -n "$N" link set "$ATTACH_PORT" master br0 up
	ip -n "$ns" addr add "$addr" dev "$ifname"
	ip -n "$ns" link set "$ifname" up
}

bench_dir() {
	echo "$BENCH_ROOT/$1"
}

in_client() {
	local c=$1 dir
	shift
	dir=$(bench_dir "$c")
	ip netns exec "$c" sh -c "mount --bind $dir/etc-ppp /etc/ppp &&
		mount --bind $dir/run /run && exec \"\$@\"" sh "$@"
}

cl_charon_start() {
	local c=$1 psk=$2 gw=$3 ike=$4 esp=$5 dir
	dir=$(bench_dir "$c")
	mkdir -p "$dir/etc-ppp" "$dir/run"
	[ -f "$dir/etc-ppp/options" ] || : > "$dir/etc-ppp/options"
	cat > "$dir/strongswan.conf" <<EOC
charon {
	load_modular = yes
	install_routes = no
	retransmit_tries = 3
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
	roam {
		version = 1
		remote_addrs = $gw
		proposals = $ike
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
				remote_ts = dynamic[udp/1701]
				esp_proposals = $esp
			}
		}
	}
}
secrets {
	ike-roam {
		secret = "$psk"
	}
}
EOC
	rm -f "$dir/run/charon.vici"
	STRONGSWAN_CONF=$dir/strongswan.conf in_client "$c" \
		/usr/lib/ipsec/charon > "$dir/charon.out" 2>&1 &
	CL_CHARON_PID[$c]=$!
	at_exit "cl_kill $c"
	if ! wait_until 60 test -S "$dir/run/charon.vici"; then
		echo "# charon did not open its vici socket"
		sed 's/^/# charon: /' "$dir/charon.out" "$dir/charon.log" 2>/dev/null | tail -n 20
		return 1
	fi
	in_client "$c" swanctl --load-all --file "$dir/swanctl.conf" > "$dir/load.log" 2>&1 ||
		{ grep -v -e plugin -e 'opening directory' "$dir/load.log" | sed 's/^/# swanctl: /'; return 1; }
}

cl_ipsec_up() {
	in_client "$1" timeout 60 swanctl --initiate --child l2tp --timeout 50 \
		> "$(bench_dir "$1")/initiate.log" 2>&1
}

cl_xl2tpd_start() {
	local c=$1 user=$2 pass=$3 lns=$4 dir
	dir=$(bench_dir "$c")
	mkdir -p "$dir/etc-ppp" "$dir/run/xl2tpd"
	[ -f "$dir/etc-ppp/options" ] || : > "$dir/etc-ppp/options"
	cat > "$dir/xl2tpd.conf" <<EOC
[global]
port = 1701
[lac roam]
lns = $lns
pppoptfile = $dir/etc-ppp/options.l2tp
length bit = yes
redial = no
autodial = no
EOC
	# Debian's /etc/ppp/options says "auth": the client needs noauth.
	cat > "$dir/etc-ppp/options.l2tp" <<EOC
noauth
name "$user"
password "$pass"
refuse-eap
noccp
nobsdcomp
nodeflate
novj
mtu 1400
mru 1400
lcp-echo-interval 30
lcp-echo-failure 4
ipcp-accept-local
ipcp-accept-remote
nodefaultroute
debug
logfile $dir/pppd.log
EOC
	rm -f "$dir/run/xl2tpd/l2tp-control"
	in_client "$c" xl2tpd -D -c "$dir/xl2tpd.conf" -p /run/xl2tpd.pid \
		-C /run/xl2tpd/l2tp-control > "$dir/xl2tpd.log" 2>&1 &
	CL_XL2TPD_PID[$c]=$!
	at_exit "cl_kill $c"
	if ! wait_until 20 test -p "$dir/run/xl2tpd/l2tp-control"; then
		echo "# xl2tpd did not open its control FIFO"
		sed 's/^/# xl2tpd: /' "$dir/xl2tpd.log"
		return 1
	fi
}

# A FIFO write blocks while nobody reads it: bounded, in case xl2tpd died.
cl_xl2tpd_ctl() {
	timeout 5 sh -c "echo '$2 roam' > '$(bench_dir "$1")/run/xl2tpd/l2tp-control'"
}

cl_dial() { cl_xl2tpd_ctl "$1" c; }
cl_hangup() { cl_xl2tpd_ctl "$1" d; }

cl_ppp_addr() {
	ip -n "$1" -4 -o addr show dev ppp0 2>/dev/null | awk '{print $4}' | cut -d/ -f1
}

cl_ppp_up() {
	[ -n "$(cl_ppp_addr "$1")" ]
}

_cl_wait_pid() {
	[ -n "$1" ] || return 0
	wait "$1" 2>/dev/null
}

cl_stop() {
	local c=$1
	if [ -n "${CL_XL2TPD_PID[$c]:-}" ]; then
		kill "${CL_XL2TPD_PID[$c]}" 2>/dev/null
		_cl_wait_pid "${CL_XL2TPD_PID[$c]}"
		CL_XL2TPD_PID[$c]=
	fi
	if [ -n "${CL_CHARON_PID[$c]:-}" ]; then
		in_client "$c" timeout 15 swanctl --terminate --ike roam --timeout 10 > /dev/null 2>&1
		kill "${CL_CHARON_PID[$c]}" 2>/dev/null
		_cl_wait_pid "${CL_CHARON_PID[$c]}"
		CL_CHARON_PID[$c]=
	fi
}

_cl_no_pids() { [ -z "$(ip netns pids "$1" 2>/dev/null)" ]; }

cl_kill() {
	local c=$1 p
	ns_exists "$c" || return 0
	p=$(ip netns pids "$c" 2>/dev/null)
	# shellcheck disable=SC2086
	[ -n "$p" ] && kill -9 $p 2>/dev/null
	_cl_wait_pid "${CL_XL2TPD_PID[$c]:-}"
	_cl_wait_pid "${CL_CHARON_PID[$c]:-}"
	CL_XL2TPD_PID[$c]=
	CL_CHARON_PID[$c]=
	wait_until 10 _cl_no_pids "$c"
}

cl_logs() {
	local dir
	dir=$(bench_dir "$1")
	grep -v -e plugin -e 'opening directory' "$dir/initiate.log" 2>/dev/null |
		sed 's/^/# swanctl: /' | tail -n 10
	sed 's/^/# charon: /' "$dir/charon.log" 2>/dev/null | tail -n 20
	sed 's/^/# xl2tpd: /' "$dir/xl2tpd.log" 2>/dev/null | tail -n 20
	sed 's/^/# pppd: /' "$dir/pppd.log" 2>/dev/null | tail -n 30
}
