# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by scale_in_vm.sh after lib_full_scale.sh: the stock Linux stack
# as the gateway of the full-session step, driven by the same
# roam-loadgen. xl2tpd is the LNS in kernel mode (l2tp_core/l2tp_ppp carry
# the data), one pppd per session does PPP, MS-CHAPv2 and IPCP and owns a
# pppN device; in l2tp-ipsec mode strongSwan's charon is the IKEv1
# responder (pre-shared key for any peer, ESP transport for udp/1701), as
# lib_stock.sh sets up the stock gateway of `make bench`.
#
#   stock_scale N RATE MODE   figures into FIG[stock_<mode>_N_*] (see
#                             lib_full_scale.sh), bounded by time and by
#                             the VM's memory: "up" is the N reached
#
# The programs see their own /etc/ppp and /run (bind mounts in the mount
# namespace ip netns exec makes), from a folder outside /run.

# FAILED, SCRATCH, OUTDIR, FIG, say, now, elapsed: scale_in_vm.sh's
# shellcheck disable=SC2034

_stock_pids() { ip netns pids "$FULL_GW" 2>/dev/null | tr '\n' ' '; }

# _stock_in DIR CMD...: CMD in the gateway's namespace, /etc/ppp and /run
# from DIR
_stock_in() {
	local dir=$1
	shift
	ip netns exec "$FULL_GW" sh -c "mount --bind $dir/etc-ppp /etc/ppp &&
		mount --bind $dir/run /run && exec \"\$@\"" sh "$@"
}

_stock_charon() {
	local dir=$1 i
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
			default = 0
		}
	}
}
EOC
	cat > "$dir/swanctl.conf" <<EOC
connections {
	l2tp-psk {
		version = 1
		local_addrs = 192.0.2.1
		remote_addrs = %any
		proposals = aes256-sha256-modp2048,aes256-sha1-modp2048
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
				esp_proposals = aes256-sha256,aes256-sha1
			}
		}
	}
}
secrets {
	ike-any {
		secret = "$FULL_PSK"
	}
}
EOC
	STRONGSWAN_CONF=$dir/strongswan.conf _stock_in "$dir" /usr/lib/ipsec/charon \
		> "$dir/charon.out" 2>&1 &
	for ((i = 0; i < 600; i++)); do
		[ -S "$dir/run/charon.vici" ] && break
		sleep 0.1
	done
	STRONGSWAN_CONF=$dir/strongswan.conf ip netns exec "$FULL_GW" swanctl \
		--load-all --file "$dir/swanctl.conf" \
		--uri "unix://$dir/run/charon.vici" > "$dir/swanctl.log" 2>&1
}

_stock_xl2tpd() {
	local dir=$1 n=$2 i
	cat > "$dir/xl2tpd.conf" <<EOC
[global]
port = 1701
listen-addr = 192.0.2.1

[lns default]
ip range = 10.20.0.1-10.20.255.254
local ip = 10.19.0.1
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
mtu 1400
mru 1400
noccp
nobsdcomp
nodeflate
novj
lcp-echo-interval 30
lcp-echo-failure 4
nodefaultroute
EOC
	: > "$dir/etc-ppp/options"
	for ((i = 1; i <= n; i++)); do
		printf '"lg%u" * "pw%u" *\n' "$i" "$i"
	done > "$dir/etc-ppp/chap-secrets"
	chmod 600 "$dir/etc-ppp/chap-secrets"
	_stock_in "$dir" xl2tpd -D -c "$dir/xl2tpd.conf" -p /run/xl2tpd.pid \
		-C /run/xl2tpd/l2tp-control > "$dir/xl2tpd.out" 2>&1 &
	for ((i = 0; i < 300; i++)); do
		[ -p "$dir/run/xl2tpd/l2tp-control" ] && return 0
		sleep 0.1
	done
	return 1
}

_stock_stop() {
	local p i
	p=$(_stock_pids)
	[ -n "$p" ] || return 0
	# shellcheck disable=SC2086
	kill $p 2>/dev/null
	for ((i = 0; i < 120; i++)); do
		[ -z "$(_stock_pids)" ] && return 0
		sleep 0.5
	done
	p=$(_stock_pids)
	# shellcheck disable=SC2086
	[ -n "$p" ] && kill -9 $p 2>/dev/null
}

stock_scale() {
	local n=$1 rate=$2 mode=${3:-l2tp} k d t0
	k=stock_$(_mode_key "$mode")_$n
	d=$SCRATCH/$k
	say "full sessions through the stock stack: $mode, N = $n at $rate/s"
	mkdir -p "$d"
	STOCK_DIR=$(mktemp -d /var/tmp/roam-stock.XXXXXX)
	mkdir -p "$STOCK_DIR/etc-ppp" "$STOCK_DIR/run/xl2tpd"
	modprobe -a l2tp_ppp ppp_generic
	_full_net || { FAILED=1; return; }
	if [ "$mode" = l2tp-ipsec ]; then
		_stock_charon "$STOCK_DIR" ||
			{ echo "scale: charon did not start" >&2; tail -n 5 "$STOCK_DIR"/charon.out "$STOCK_DIR"/swanctl.log; FAILED=1; }
	fi
	_stock_xl2tpd "$STOCK_DIR" "$n" ||
		{ echo "scale: xl2tpd did not start" >&2; tail -n 5 "$STOCK_DIR/xl2tpd.out"; FAILED=1; }
	_full_drive "$k" "$n" "$rate" "$mode" _stock_pids
	t0=$(now)
	_stock_stop
	FIG[${k}_gw_stop_s]=$(elapsed "$t0")
	grep -v '^$' "$STOCK_DIR/xl2tpd.out" | tail -n 4 | sed 's/^/#   xl2tpd: /'
	cp "$STOCK_DIR/xl2tpd.out" "$OUTDIR/$k-xl2tpd.out" 2>/dev/null
	cp "$d/lg.out" "$OUTDIR/$k-loadgen.out" 2>/dev/null
	_full_report "$k"
	echo "#   gw_stop_s ${FIG[${k}_gw_stop_s]}"
	_full_cleanup
	rm -rf "$STOCK_DIR"
}
