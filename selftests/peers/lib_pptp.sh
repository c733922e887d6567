# SPDX-License-Identifier: GPL-2.0
#
# Sourced after lib_peers.sh by the PPTP client tests: pptp-linux + pppd
# (the client Debian ships for the Windows PPTP server), each client in its
# own namespace with its own /etc/ppp and /run.
#
#   pptp_start C USER PASS SERVER   pppd with "pty pptp SERVER" in C;
#                                   PPTP_PPP_EXTRA: more pppd options, one
#                                   a line (require-mppe-128, refuse-...)
#   pptp_stop C                     hang up (pppd sends LCP Terminate)
#   need_pptp_clients               skip unless pptp and pppd can run

declare -A PPTP_PID

need_pptp_clients() {
	need_cmd ip pppd pptp roamd ping
	need_modules roam roam_pptp
	modprobe ppp_generic 2>/dev/null
	modprobe ppp_async 2>/dev/null
	modprobe ppp_mppe 2>/dev/null
	[ -c /dev/ppp ] || skip "/dev/ppp is missing (ppp_generic)"
}

pptp_start() {
	local c=$1 user=$2 pass=$3 server=$4 dir
	peer_dir "$c" >/dev/null
	dir=$(peer_dir "$c")
	mkdir -p "$dir/etc-ppp" "$dir/run"
	# Debian's /etc/ppp/options says "auth": the client must not ask
	: > "$dir/etc-ppp/options"
	cat > "$dir/etc-ppp/options.pptp" <<EOC
noauth
name $user
password $pass
remotename roam
nodefaultroute
nobsdcomp
nodeflate
novj
refuse-eap
lcp-echo-interval 5
lcp-echo-failure 4
ipcp-accept-local
ipcp-accept-remote
mtu 1400
mru 1400
debug
nodetach
logfile $dir/pppd.log
${PPTP_PPP_EXTRA:-}
EOC
	ip netns exec "$c" sh -c "mount --bind $dir/etc-ppp /etc/ppp &&
		mount --bind $dir/run /run &&
		exec pppd file /etc/ppp/options.pptp \
			pty 'pptp $server --nolaunchpppd --loglevel 1'" \
		> "$dir/pptp.log" 2>&1 &
	PPTP_PID[$c]=$!
	at_exit "pptp_stop $c"
}

# pptp-linux names its forks pptpgw (the GRE copier) and pptpcm (the call
# manager): all three are pptp's
_pptp_pids() { ip netns pids "$1" 2>/dev/null | xargs -r ps -o pid=,comm= -p 2>/dev/null | awk '$2 ~ /^pptp(gw|cm)?$/ { print $1 }' | xargs; }
_pptp_gone() { [ -z "$(_pptp_pids "$1")" ]; }

pptp_stop() {
	local c=$1 left
	# (also when pppd is gone already: at exit, a pptp that outlived an
	# earlier stop is ended here, not left to the namespace check)
	if [ -n "${PPTP_PID[$c]:-}" ]; then
		kill "${PPTP_PID[$c]}" 2>/dev/null
		wait "${PPTP_PID[$c]}" 2>/dev/null
		PPTP_PID[$c]=
	fi
	# pppd's pty program (pptp and its call manager) outlives pppd while it
	# clears the call with the server; on a loaded machine that takes
	# seconds. Let it finish, then end what is still there.
	wait_until 30 _pptp_gone "$c" && return 0
	left=$(_pptp_pids "$c")
	info "pptp in $c still running after its pppd ended: $left; stopping it"
	# shellcheck disable=SC2086 # one word per pid
	kill $left 2>/dev/null
	wait_until 10 _pptp_gone "$c" && return 0
	# Seen on a loaded machine: still there 10 s after SIGTERM.
	left=$(_pptp_pids "$c")
	info "pptp in $c ignored SIGTERM: $left; killing it"
	# shellcheck disable=SC2086 # one word per pid
	kill -9 $left 2>/dev/null
	wait_until 10 _pptp_gone "$c"
}

pptp_logs() {
	local dir
	dir=$(peer_dir "$1")
	sed 's/^/# pptp: /' "$dir/pptp.log" 2>/dev/null | tail -n 20
	sed 's/^/# pppd: /' "$dir/pppd.log" 2>/dev/null | tail -n 40
}
