# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the tests that use real clients: a gateway running roamd, an
# office host behind it, and client namespaces, each client with its own
# /etc/ppp and /run (bind-mounted in its own mount namespace).
#
#   gw_setup G O           G: 192.0.2.1/24 to clients (veth to the "net"
#                          bridge namespace N), 192.168.50.1/24 to office O
#                          (192.168.50.2); roam0 10.10.0.1, pool 10.10.0.0/24
#   gw_setup_natted G O R  the same behind router R (192.0.2.1, port
#                          forwarding of IKE and NAT-T to G's 172.16.0.2)
#   roamd_start G CONF     starts roamd in G with that configuration (log
#                          level $RD_LEVEL; empty: the file's own)
#   net_attach C IFNAME ADDR/LEN   a client C on the clients' network
#   nat_setup NAT ADDR/LEN IDX / nat_client C NAT IDX ADDR
#                          a NAT on that network, a client C behind it
#   xl2tpd_start C USER PASS LNS   starts xl2tpd + pppd (L2TP client) in C
#   xl2tpd_dial C / xl2tpd_hangup C
#   charon_start C PSK GW IKE ESP  strongSwan (IKEv1 initiator) in C
#   l2tp_ipsec_connect C USER PASS  IPsec, then L2TP + PPP to G, a route to
#                          the office LAN through the PPP link
#   ppp_crosses G C DST WHO  C pings DST through PPP; G's kernel session
#                          and C's ppp0 count the same packets

PEERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RD_SOCK=
RD_LOG=
RD_PID=
RD_LEVEL=debug
declare -A XL2TPD_PID CHARON_PID

# These set the caller's variables: call them directly (not through
# check, which runs its command in a subshell), then check $?.

# bridge_add NS NAME: a bridge, or the test ends at once: without it no
# client reaches anything, and every check after would wait out its
# bound for nothing (a kernel built without CONFIG_BRIDGE did that).
bridge_add() {
	ip -n "$1" link add "$2" type bridge && return 0
	fail "the test network's bridge $2 is made" \
		"this kernel has no bridge device (CONFIG_BRIDGE)"
	exit 1
}

# A shared L2 segment for clients and the gateway: a bridge in its own
# namespace, so tests can put a NAT namespace between some clients and it.
net_setup() {
	ns_create N
	bridge_add "$N" br0
	ip -n "$N" link set br0 up
	NET_PORTS=0
}

# net_attach NS IFNAME ADDR/LEN
net_attach() {
	local ns=$1 ifname=$2 addr=$3 port
	NET_PORTS=$((NET_PORTS + 1))
	port=p$NET_PORTS
	ip link add "$ifname" netns "$ns" type veth peer name "$port" netns "$N"
	ip -n "$N" link set "$port" master br0 up
	ip -n "$ns" addr add "$addr" dev "$ifname"
	ip -n "$ns" link set "$ifname" up
}

gw_setup() {
	local g=$1 o=$2
	net_setup
	net_attach "$g" pub0 192.0.2.1/24
	gw_office "$g" "$o"
}

# gw_setup_natted G O R: as gw_setup, but the gateway sits behind router R,
# which owns 192.0.2.1 and forwards UDP 500 and 4500 to G's 172.16.0.2,
# as an office's Internet router would.
gw_setup_natted() {
	local g=$1 o=$2 r=$3
	net_setup
	net_attach "$r" wan0 192.0.2.1/24
	ip link add inside0 netns "$r" type veth peer name pub0 netns "$g"
	ip -n "$r" addr add 172.16.0.1/24 dev inside0
	ip -n "$g" addr add 172.16.0.2/24 dev pub0
	ip -n "$r" link set inside0 up
	ip -n "$g" link set pub0 up
	ip -n "$g" route add default via 172.16.0.1
	ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$r" nft -f - <<EOC
table ip nat {
	chain pre {
		type nat hook prerouting priority dstnat;
		iifname "wan0" udp dport { 500, 4500 } dnat to 172.16.0.2
	}
	chain post {
		type nat hook postrouting priority srcnat;
		oifname "wan0" masquerade
	}
}
EOC
	gw_office "$g" "$o"
}

# The office side of gateway G: its LAN to office host O, forwarding.
gw_office() {
	local g=$1 o=$2
	ip link add lan0 netns "$g" type veth peer name eth0 netns "$o"
	ip -n "$g" addr add 192.168.50.1/24 dev lan0
	ip -n "$o" addr add 192.168.50.2/24 dev eth0
	ip -n "$g" link set lan0 up
	ip -n "$o" link set eth0 up
	ip -n "$o" route add 10.10.0.0/24 via 192.168.50.1
	ip netns exec "$g" sysctl -qw net.ipv4.ip_forward=1
}

# roamd_start G CONF: roamd in G; RD_SOCK is its control socket, RD_LOG
# its log (by default both in the test's TEST_TMP).
roamd_start() {
	local g=$1 conf=$2
	RD_SOCK=${RD_SOCK:-$TEST_TMP/roamd.sock}
	RD_LOG=${RD_LOG:-$TEST_TMP/roamd.log}
	chmod 600 "$conf"
	ip netns exec "$g" roamd -f ${RD_LEVEL:+-l "$RD_LEVEL"} -c "$conf" \
		-S "$RD_SOCK" > "$RD_LOG" 2>&1 &
	RD_PID=$!
	at_exit "roamd_stop"
	wait_until 10 test -S "$RD_SOCK" || { cat "$RD_LOG"; return 1; }
	wait_until 5 ip -n "$g" link show roam0 >/dev/null 2>&1 || return 1
	ip -n "$g" addr add 10.10.0.1/32 dev roam0
	ip -n "$g" link set roam0 up
	ip -n "$g" route add 10.10.0.0/24 dev roam0
}

# roamd_stop: SIGTERM, and its exit awaited for a bounded time: a roamd
# that hangs is killed (RD_RC 137) rather than holding the test until
# its time limit.
_roamd_gone() {
	! kill -0 "$RD_PID" 2>/dev/null ||
		[ "$(cut -d' ' -f3 "/proc/$RD_PID/stat" 2>/dev/null)" = Z ]
}
roamd_stop() {
	[ -n "${RD_PID:-}" ] || return 0
	if kill -TERM "$RD_PID" 2>/dev/null && ! wait_until 30 _roamd_gone; then
		info "roamd (pid $RD_PID) still running 30 s after SIGTERM: killing it"
		kill -KILL "$RD_PID" 2>/dev/null
	fi
	wait "$RD_PID"
	RD_RC=$?
	RD_PID=
	sed 's/^/# roamd: /' "$RD_LOG"
}

# check_gateway_clean G: roamd stops cleanly and leaves in G no SA, no
# policy and no kernel session.
check_gateway_clean() {
	local g=$1
	roamd_stop
	check_eq "roamd exits cleanly" 0 "$RD_RC"
	check_eq "no SA left on the gateway" 0 "$(ip -n "$g" xfrm state | grep -c '^src')"
	check_eq "no policy left on the gateway" 0 "$(ip -n "$g" xfrm policy | grep -c '^src')"
	check_eq "no kernel session left" "[]" "$(ip netns exec "$g" roam -j session show)"
}

# session_field G ADDR KEY: KEY of G's kernel session holding ADDR
session_field() {
	ip netns exec "$1" roam -j -s session show |
		json "(by(d, 'address', '$2') or {}).get('$3')"
}

# rd G ARGS...: the roam CLI against this test's roamd, in G.
rd() {
	local g=$1
	shift
	ip netns exec "$g" roam -S "$RD_SOCK" "$@"
}

# Each client's files, outside /run since /run is bind-mounted over.
peer_dir() {
	if [ -z "${PEER_ROOT:-}" ]; then
		PEER_ROOT=$(mktemp -d /var/tmp/roam-peers.XXXXXX)
		at_exit "rm -rf $PEER_ROOT"
	fi
	echo "$PEER_ROOT/$1"
}

# xl2tpd_start C USER PASS LNS: an xl2tpd LAC "roam" with pppd options;
# PPP_EXTRA: more pppd options, one a line (e.g. refuse-mschap-v2);
# XL2TPD_LAC_EXTRA: more LAC settings, one a line (they win over the
# defaults above them, e.g. "redial = yes").
xl2tpd_start() {
	local c=$1 user=$2 pass=$3 lns=$4 dir
	peer_dir "$c" >/dev/null
	dir=$(peer_dir "$c")
	mkdir -p "$dir/etc-ppp" "$dir/run/xl2tpd"
	cat > "$dir/xl2tpd.conf" <<EOC
[global]
port = 1701
[lac roam]
lns = $lns
pppoptfile = $dir/etc-ppp/options.l2tp
length bit = yes
redial = no
autodial = no
${XL2TPD_LAC_EXTRA:-}
EOC
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
lcp-echo-interval 5
lcp-echo-failure 4
ipcp-accept-local
ipcp-accept-remote
nodefaultroute
debug
logfile $dir/pppd.log
${PPP_EXTRA:-}
EOC
	: > "$dir/etc-ppp/options"
	ip netns exec "$c" sh -c "mount --bind $dir/etc-ppp /etc/ppp &&
		mount --bind $dir/run /run &&
		exec xl2tpd -D -c $dir/xl2tpd.conf -p /run/xl2tpd.pid \
			-C /run/xl2tpd/l2tp-control" > "$dir/xl2tpd.log" 2>&1 &
	XL2TPD_PID[$c]=$!
	at_exit "xl2tpd_stop $c"
	if ! wait_until 5 test -p "$dir/run/xl2tpd/l2tp-control"; then
		sed 's/^/# xl2tpd: /' "$dir/xl2tpd.log"
		return 1
	fi
}

# peer_logs C: what the client's programs said, for a failing test.
peer_logs() {
	local dir
	dir=$(peer_dir "$1")
	sed 's/^/# xl2tpd: /' "$dir/xl2tpd.log" 2>/dev/null | tail -n 30
	sed 's/^/# pppd: /' "$dir/pppd.log" 2>/dev/null | tail -n 40
}

# xl2tpd_stop C...: all told at once, then waited for
xl2tpd_stop() {
	local c pids=()
	for c in "$@"; do
		[ -n "${XL2TPD_PID[$c]:-}" ] || continue
		kill "${XL2TPD_PID[$c]}" 2>/dev/null
		pids+=("${XL2TPD_PID[$c]}")
		XL2TPD_PID[$c]=
	done
	[ ${#pids[@]} -gt 0 ] || return 0
	wait "${pids[@]}" 2>/dev/null
	sleep 0.5
}

# A FIFO write blocks while nobody reads it: bounded, in case xl2tpd died.
xl2tpd_ctl() {
	timeout "$(scaled 5)" sh -c "echo '$2 roam' > '$(peer_dir "$1")/run/xl2tpd/l2tp-control'" ||
		{ echo "# xl2tpd does not read its control FIFO"; peer_logs "$1"; return 1; }
}

xl2tpd_dial() {
	xl2tpd_ctl "$1" c
}

xl2tpd_hangup() {
	xl2tpd_ctl "$1" d
}

# ppp_dev C: the PPP interface of C (pppd numbers them: ppp0, ppp1, ...)
ppp_dev() {
	ip -n "$1" -4 -o addr show 2>/dev/null |
		awk '$2 ~ /^ppp/ {print $2; exit}'
}

# ppp_addr C: the address pppd got in C, once its link is up.
ppp_addr() {
	ip -n "$1" -4 -o addr show 2>/dev/null |
		awk '$2 ~ /^ppp/ {print $4; exit}' | cut -d/ -f1
}

ppp_up() {
	[ -n "$(ppp_addr "$1")" ]
}

# ppp_crosses G C DST WHO: C pings DST through its PPP link, and the
# gateway G's kernel session of C's address and C's PPP interface count
# the same packets both ways (three checks). ppp0 also counts pppd's own
# frames: what the pings added is compared.
ppp_crosses() {
	local g=$1 c=$2 dst=$3 who=$4 addr tx0 rx0 srx0 stx0
	addr=$(ppp_addr "$c")
	tx0=$(_ppp_stat "$c" tx) rx0=$(_ppp_stat "$c" rx)
	srx0=$(_session_stat "$g" "$addr" rx_packets)
	stx0=$(_session_stat "$g" "$addr" tx_packets)
	check "$who reaches $dst" ip netns exec "$c" ping -c 5 -i 0.2 -W 2 "$dst"
	check_eq_settles "$who: the kernel session received what ppp0 sent" 10 \
		_ppp_sent _session_received
	check_eq_settles "$who: ppp0 received what the kernel session sent" 10 \
		_session_sent _ppp_received
}
_ppp_stat() {
	ip -n "$1" -s -j link show "$(ppp_dev "$1")" |
		json "d[0]['stats64']['$2']['packets']"
}
_session_stat() {
	ip netns exec "$1" roam -j -s session show |
		json "((by(d, 'address', '$2') or {}).get('stats') or {}).get('$3')"
}
# (read by check_eq_settles inside ppp_crosses: g, c, addr and the *0 are
# its own)
_ppp_sent() { echo $(($(_ppp_stat "$c" tx) - tx0)); }
_ppp_received() { echo $(($(_ppp_stat "$c" rx) - rx0)); }
_session_received() { echo $(($(_session_stat "$g" "$addr" rx_packets) - srx0)); }
_session_sent() { echo $(($(_session_stat "$g" "$addr" tx_packets) - stx0)); }

# need_l2tp_ipsec_clients: skip unless the real clients (strongSwan,
# xl2tpd, pppd) and the modules can run here; load what the clients need.
need_l2tp_ipsec_clients() {
	need_cmd ip nft xl2tpd pppd roamd ping swanctl
	[ -x /usr/lib/ipsec/charon ] || skip "strongSwan's charon is not installed"
	need_modules roam roam_l2tp
	modprobe ppp_generic 2>/dev/null
	modprobe l2tp_ppp 2>/dev/null
}

# --- strongSwan (IKEv1 initiator, PSK, transport mode for L2TP) -----------

# in_peer C CMD: run CMD in C with the client's own /etc/ppp and /run.
in_peer() {
	local c=$1 dir
	shift
	dir=$(peer_dir "$c")
	ip netns exec "$c" sh -c "mount --bind $dir/etc-ppp /etc/ppp &&
		mount --bind $dir/run /run && exec \"\$@\"" sh "$@"
}

# charon_start C PSK GW IKE_PROPOSALS ESP_PROPOSALS
# CHARON_CONN_EXTRA, CHARON_CHILD_EXTRA: more swanctl settings for the
# connection and for its child (lifetimes, DPD), one a line;
# CHARON_EXTRA: more strongswan.conf settings of charon's, one a line;
# CHARON_START_WAIT: seconds charon may take to start (default 120).
charon_start() {
	local c=$1 psk=$2 gw=$3 ike=$4 esp=$5 dir
	peer_dir "$c" >/dev/null
	dir=$(peer_dir "$c")
	mkdir -p "$dir/etc-ppp" "$dir/run"
	cat > "$dir/strongswan.conf" <<EOC
# Only the plugins an IKEv1 PSK client needs (openssl has every cipher,
# hash, PRF and group the tests offer): Debian's full set costs seconds of
# library loading under emulation per charon, and its af-alg probes every
# cipher of the kernel, a minute of module loading in a fresh VM.
charon {
	load = random nonce openssl kernel-netlink socket-default vici
	install_routes = no
	retransmit_tries = 3
	retransmit_timeout = $(scaled 4)
	${CHARON_EXTRA:-}
	filelog {
		log {
			path = $dir/charon.log
			default = 1
			ike = 2
			knl = 2
		}
	}
}
# the same for swanctl, whose default list has af-alg too
swanctl {
	load = pem pkcs1 pkcs8 x509 openssl random nonce
}
EOC
	cat > "$dir/swanctl.conf" <<EOC
connections {
	roam {
		version = 1
		remote_addrs = $gw
		proposals = $ike
		${CHARON_CONN_EXTRA:-}
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
				${CHARON_CHILD_EXTRA:-}
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
	charon_run "$c"
}

# charon_run C: charon in C with C's strongswan.conf, then its swanctl.conf
# loaded (both written by the caller into C's peer_dir).
charon_run() {
	local c=$1 dir
	dir=$(peer_dir "$c")
	mkdir -p "$dir/etc-ppp" "$dir/run"
	: > "$dir/etc-ppp/options"
	# not through in_peer: $! must be charon itself, not a subshell
	STRONGSWAN_CONF=$dir/strongswan.conf ip netns exec "$c" sh -c \
		"mount --bind $dir/etc-ppp /etc/ppp && mount --bind $dir/run /run &&
		exec /usr/lib/ipsec/charon" > "$dir/charon.out" 2>&1 &
	CHARON_PID[$c]=$!
	at_exit "charon_stop $c"
	# the first charon of a fresh VM reads its plugins through 9p: slow
	if ! wait_until "${CHARON_START_WAIT:-120}" test -S "$dir/run/charon.vici"; then
		sed 's/^/# charon: /' "$dir/charon.out" "$dir/charon.log" 2>/dev/null | tail -20
		return 1
	fi
	swanctl_in "$c" --load-all --file "$dir/swanctl.conf" \
		> "$dir/load.log" 2>&1 ||
		{ sed 's/^/# swanctl: /' "$dir/load.log" | grep -v plugin; return 1; }
}

# swanctl_in C ARGS: swanctl against C's charon (its vici socket is in the
# folder bind-mounted over /run in charon's mount namespace), with C's
# strongswan.conf.
swanctl_in() {
	local c=$1 cmd=$2 dir
	shift 2
	dir=$(peer_dir "$c")
	STRONGSWAN_CONF=$dir/strongswan.conf ip netns exec "$c" swanctl "$cmd" \
		--uri "unix://$dir/run/charon.vici" "$@"
}

# charon_stop C...: all told at once, then waited for
charon_stop() {
	local c pids=()
	for c in "$@"; do
		[ -n "${CHARON_PID[$c]:-}" ] || continue
		kill "${CHARON_PID[$c]}" 2>/dev/null
		pids+=("${CHARON_PID[$c]}")
		CHARON_PID[$c]=
	done
	[ ${#pids[@]} -gt 0 ] || return 0
	wait "${pids[@]}" 2>/dev/null
}

# peer_vanish C IFNAME: the client disappears without a word, as a laptop
# closed in a hotel room: its link goes down first, then every program in
# its namespace is killed (no IKE delete, no StopCCN, no LCP terminate).
peer_vanish() {
	local c=$1 pid
	ip -n "$c" link set "$2" down
	for pid in $(ip netns pids "$c"); do
		kill -KILL "$pid" 2>/dev/null
	done
	for pid in "${CHARON_PID[$c]:-}" "${XL2TPD_PID[$c]:-}"; do
		[ -n "$pid" ] && wait "$pid" 2>/dev/null
	done
	CHARON_PID[$c]=
	XL2TPD_PID[$c]=
}

# ipsec_up C: negotiate IKE and the L2TP child SA now.
ipsec_up() {
	swanctl_in "$1" --initiate --child l2tp --timeout "$(scaled 50)" \
		> "$(peer_dir "$1")/initiate.log" 2>&1
}

# l2tp_ipsec_connect C USER PASS: what a road warrior's L2TP/IPsec client
# does, through C's charon (charon_start) to the gateway of gw_setup.
# Quiet; returns 0 once the PPP link is up, else prints the client's logs.
# CONNECT_IPSEC_S and CONNECT_PPP_S hold how long each half took.
# shellcheck disable=SC2034 # CONNECT_* are for the caller
l2tp_ipsec_connect() {
	local c=$1 t0=$EPOCHREALTIME t1
	CONNECT_IPSEC_S=
	CONNECT_PPP_S=
	ipsec_up "$c" || { charon_logs "$c"; return 1; }
	t1=$EPOCHREALTIME
	CONNECT_IPSEC_S=$(_secs "$t0" "$t1")
	xl2tpd_start "$c" "$2" "$3" 192.0.2.1 || return 1
	xl2tpd_dial "$c" || return 1
	wait_until 30 ppp_up "$c" || { peer_logs "$c"; return 1; }
	CONNECT_PPP_S=$(_secs "$t1" "$EPOCHREALTIME")
	ip -n "$c" route add 192.168.50.0/24 dev "$(ppp_dev "$c")"
}

# _secs T0 T1: seconds from one $EPOCHREALTIME to another, one decimal
_secs() {
	local tenths=$(( (${2/./} - ${1/./}) / 100000 ))
	echo "$((tenths / 10)).$((tenths % 10))"
}

charon_logs() {
	grep -v plugin "$(peer_dir "$1")/charon.log" 2>/dev/null |
		sed 's/^/# charon: /' | tail -n 40
	grep -v plugin "$(peer_dir "$1")/initiate.log" 2>/dev/null |
		sed 's/^/# swanctl: /' | tail -n 20
}

# nat_setup NAT PUBLIC_ADDR/24 IDX: a masquerading NAT on the clients'
# network, with its own LAN 10.0.IDX.0/24 (a bridge) for the clients
# behind it: C (10.0.IDX.x) -- NAT (10.0.IDX.1 | PUBLIC) -- clients' net.
nat_setup() {
	local nat=$1 pub=$2 idx=$3
	net_attach "$nat" wan0 "$pub"
	bridge_add "$nat" lan
	ip -n "$nat" addr add "10.0.$idx.1/24" dev lan
	ip -n "$nat" link set lan up
	ip netns exec "$nat" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$nat" nft -f - <<EOC
table ip nat {
	chain post {
		type nat hook postrouting priority srcnat;
		oifname "wan0" masquerade
	}
}
EOC
}

# nat_client C NAT IDX ADDR: client C behind NAT, at ADDR of 10.0.IDX.0/24
nat_client() {
	local c=$1 nat=$2 idx=$3 addr=$4 port
	port=c${addr##*.}
	ip link add eth0 netns "$c" type veth peer name "$port" netns "$nat"
	ip -n "$nat" link set "$port" master lan up
	ip -n "$c" addr add "$addr/24" dev eth0
	ip -n "$c" link set eth0 up
	ip -n "$c" route add default via "10.0.$idx.1"
}

# ct_flush NS: forget every connection NS's netfilter tracks (ctnetlink
# IPCTNL_MSG_CT_DELETE with no tuple), as a NAT that restarts does.
ct_flush() {
	ip netns exec "$1" "$PY" -S -E -c '
import socket, struct, sys
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)
s.send(struct.pack("=LHHLL", 20, (1 << 8) | 2, 1 | 4, 1, 0) +
       struct.pack("=BBH", socket.AF_INET, 0, 0))
sys.exit(struct.unpack("=i", s.recv(4096)[16:20])[0] != 0)'
}
