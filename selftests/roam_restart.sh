#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# roamd killed (-9) under three live L2TP/IPsec clients with traffic, two
# of them behind one hotel NAT, and a PPTP client, and started again as
# by default: it takes the three L2TP/IPsec sessions over (same kernel
# sessions, traffic goes on, no client negotiates again, every SA, policy
# and kernel session is one of its sessions') and ends the PPTP one (its
# control connection died with the killed roamd), of which nothing stays
# in the kernel.  Killed once more and started with -E (end what the
# earlier one left), roamd tells each client (StopCCN through its SA,
# IKE DELETEs) and removes everything of roam's in the kernel; the
# clients (xl2tpd redialling, charon's trap policy) come back by
# themselves, and then every SA, policy and kernel session in the kernel
# belongs to a session roamd shows.  Nothing is left when roamd stops.
#
#                                  netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 -----------------+
#   netns C2 10.0.1.2 --+                |
#                       +-- netns T (NAT 192.0.2.20, masquerade) --+
#   netns C3 10.0.1.3 --+                |
#   netns C4 192.0.2.11 (PPTP) ----------+
#                                        +---- netns G 192.0.2.1: roamd, roam0 10.10.0.1
#                                                   lan0 192.168.50.1 --- netns O 192.168.50.2

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"
source "$(dirname "$0")/peers/lib_pptp.sh"

test_init roam_restart
need_l2tp_ipsec_clients
need_pptp_clients

ns_create G
ns_create O
ns_create C1
ns_create T
ns_create C2
ns_create C3
ns_create C4
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
net_attach "$C4" eth0 192.0.2.11/24
nat_setup "$T" 192.0.2.20/24 1
nat_client "$C2" "$T" 1 10.0.1.2
nat_client "$C3" "$T" 1 10.0.1.3

cat > "$TEST_TMP/roamd.conf" <<'EOF2'
link add roam0
pool add office range 10.10.0.10-10.10.0.20
user add ann password ann-pw
user add ben password ben-pw
user add cat password cat-pw
user add dan password dan-pw
psk add peer any secret "office psk"
ppp set local 10.10.0.1 dns 192.168.50.2
pptp set enable on mppe required mppe-bits 128
EOF2
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?
STATE=$(dirname "$RD_SOCK")/roamd.state

# The clients as a laptop's would be set up to stay connected: xl2tpd
# redials a tunnel the LNS closed, charon's trap policy negotiates again
# when L2TP goes out once its SAs are gone.
export XL2TPD_LAC_EXTRA=$'redial = yes\nredial timeout = 1\nmax redials = 60'
export CHARON_CHILD_EXTRA="start_action = trap"
users=([1]=ann [2]=ben [3]=cat)
clients=([1]="$C1" [2]="$C2" [3]="$C3")
# ben's charon deletes an ESP SA it rekeyed at once, as Windows does
# (strongSwan's IKEv1 default keeps it until it expires): section 1b.
extra=([2]="delete_rekeyed = yes")
for i in 1 2 3; do
	CHARON_EXTRA=${extra[$i]:-} charon_start "${clients[$i]}" "office psk" \
		192.0.2.1 aes256-sha1-modp2048 aes256-sha1
	l2tp_ipsec_connect "${clients[$i]}" "${users[$i]}" "${users[$i]}-pw"
	check_eq "${users[$i]} connects" 0 $?
done

ping_office() {
	ip netns exec "$1" ping -c "$2" -i 0.2 -W 2 192.168.50.2
}
# route_back C: the route to the office through C's (new) PPP link
route_back() {
	local dev
	dev=$(ppp_dev "$1")
	[ -n "$dev" ] && ip -n "$1" route replace 192.168.50.0/24 dev "$dev"
}
for i in 1 2 3; do
	check "${users[$i]} reaches the office host" ping_office "${clients[$i]}" 3
done
PPTP_PPP_EXTRA="refuse-pap
refuse-chap
refuse-mschap
require-mppe-128" pptp_start "$C4" dan dan-pw 192.0.2.1
check "dan's PPTP link comes up" wait_until 40 ppp_up "$C4" || pptp_logs "$C4"
check "roamd keeps its state file, 0600" wait_until 10 \
	sh -c "[ \"\$(stat -c %a '$STATE' 2>/dev/null)\" = 600 ]"

# What the kernel holds, against what roamd shows.
kernel_ids() {
	ip netns exec "$G" roam -j session show |
		json "' '.join(sorted(str(s['id']) for s in d if s.get('kind') == '$1'))"
}
all_kernel_ids() {
	ip netns exec "$G" roam -j session show |
		json "' '.join(sorted(str(s['id']) for s in d))"
}
no_pptp_session() { [ -z "$(kernel_ids pptp)" ]; }
ppp_gone() { ! ppp_up "$1"; }
kernel_spis() {
	ip -n "$G" xfrm state | sed -n 's/.* spi \(0x[0-9a-f]*\) .*/\1/p' | sort | tr '\n' ' '
}
roamd_spis() {
	rd "$G" -j ipsec show |
		json "' '.join(sorted([p['spi_in'] for p in d] + [p['spi_out'] for p in d])) + ' '"
}
kernel_marks() {
	ip -n "$G" xfrm policy | sed -n 's/.*mark \(0x[0-9a-f]*\).*/\1/p' | sort -u | tr '\n' ' '
}
roamd_marks() {
	rd "$G" -j ipsec show |
		json "' '.join(sorted(set('0x%x' % p['mark'] for p in d))) + ' '"
}
roamd_users() {
	rd "$G" -j session show | json "' '.join(sorted(s.get('user', '?') for s in d))"
}
agree() { [ "$($1)" = "$($2)" ]; }
# every IKE SA, CHILD SA, L2TP tunnel and call the clients set up so far
negotiations() {
	local n=0 i c
	for i in 1 2 3; do
		c=$(peer_dir "${clients[$i]}")
		n=$((n + $(grep -cE 'IKE_SA .* established|CHILD_SA .* established' "$c/charon.log")))
		n=$((n + $(grep -cE 'Connection established|Call established' "$c/xl2tpd.log")))
	done
	echo "$n"
}
since_kill() { echo $(($(date +%s) - T_KILL)); }
# kill_roamd: kill -9, as a crash or the OOM killer would
kill_roamd() {
	kill -KILL "$RD_PID"
	T_KILL=$(date +%s)
	wait "$RD_PID" 2>/dev/null
}
# restart_roamd LOG ARGS...: a new roamd on the same socket and state
restart_roamd() {
	RD_LOG=$TEST_TMP/$1
	shift
	ip netns exec "$G" roamd "$@" -f -l debug -c "$TEST_TMP/roamd.conf" \
		-S "$RD_SOCK" > "$RD_LOG" 2>&1 &
	RD_PID=$!
}

# --- 1. kill -9 under traffic, and a roamd that takes over -----------
# The L2TP/IPsec clients must notice nothing: the same kernel sessions
# (same ids, up since before the kill), traffic through them, no new IKE
# or L2TP negotiation in their logs, and roamd owning every SA, policy
# and kernel session.  The PPTP call cannot be taken over (its control
# connection was the killed roamd's): it is ended and none of it stays.
IDS=$(kernel_ids l2tp)
check_match "three L2TP kernel sessions" '^[0-9]+ [0-9]+ [0-9]+$' "$IDS"
check_match "and dan's PPTP one" '^[0-9]+$' "$(kernel_ids pptp)"
NEG=$(negotiations)
for i in 1 2 3; do
	ip netns exec "${clients[$i]}" ping -i 0.2 -w 15 -W 1 192.168.50.2 \
		> "$TEST_TMP/ping$i" 2>&1 &
	PINGS[$i]=$!
done
sleep 1
kill_roamd
check_ge "the dead roamd left SAs in the kernel" 6 \
	"$(ip -n "$G" xfrm state | grep -c '^src')"
check "and its state file" test -s "$STATE"
restart_roamd roamd2.log
check "a new roamd starts" wait_until 20 test -S "$RD_SOCK"
# (the control socket opens before the services: the lines come after it)
if ! check "it takes the three L2TP/IPsec sessions over" wait_until 30 \
	grep -q 'restart: took over 3 sessions of the earlier roamd$' "$RD_LOG"; then
	grep -E 'restart|taken over|warn|err' "$RD_LOG" | sed 's/^/# roamd (second): /'
fi
# A monitor started with the new roamd hears the three taken over (the
# take-over ran before roamd read any request: it is told again to a
# monitor that subscribes soon after), and no login.
MON=$TEST_TMP/monitor.json
ip netns exec "$G" roam -S "$RD_SOCK" -j monitor > "$MON" 2>&1 &
MON_PID=$!
mon_count() { grep -c "\"event\":\"$1\"" "$MON"; }
check "roam monitor hears the three sessions taken over" wait_until 20 \
	sh -c "[ \"\$(grep -c '\"event\":\"taken-over\"' '$MON')\" = 3 ]"
check_eq "ann's, ben's and cat's" "ann ben cat" "$(grep '"event":"taken-over"' "$MON" |
	sed -n 's/.*"user":"\([a-z]*\)".*/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')"
check_eq "and no login" 0 "$(mon_count up)"
kill "$MON_PID" 2>/dev/null
wait_until 10 _pid_gone "$MON_PID" || kill -KILL "$MON_PID" 2>/dev/null
wait "$MON_PID" 2>/dev/null
check_match "and ends the PPTP call" \
	'restart: session [0-9]+ \(PPTP, user dan, [0-9.]+\): ended' "$(cat "$RD_LOG")"
check_match "removing its kernel session and nothing else" \
	'restart: an earlier roamd left 3 IKE SAs, 3 ESP SA pairs, 3 L2TP tunnels, 4 sessions; told 0 L2TP tunnels \(StopCCN\) and 0 IKE peers \(DELETE\); removed 0 SAs, 0 policies, 1 kernel sessions \(0 of' \
	"$(cat "$RD_LOG")"
check "no PPTP kernel session stays" wait_until 20 no_pptp_session
check "dan's PPTP client saw its link end" wait_until 30 ppp_gone "$C4"
check_eq "the L2TP kernel sessions are the same" "$IDS" "$(kernel_ids l2tp)"
u=$(rd "$G" -j session show |
	json "min([s.get('uptime', 0) for s in d if s.get('user') in ('ann', 'ben', 'cat')] or [0])")
check_ge "each up since before the kill" "$(($(since_kill) + 1))" "$u"
for i in 1 2 3; do
	check "${users[$i]} reaches the office host through it" wait_until 20 \
		ping_office "${clients[$i]}" 1
done
for i in 1 2 3; do
	wait "${PINGS[$i]}" 2>/dev/null
	info "${users[$i]}: $(grep -o '[0-9]* received' "$TEST_TMP/ping$i") of pings across the take-over"
done
check_eq "no client negotiated again" "$NEG" "$(negotiations)"
check "every SA in the kernel is one of a pair roamd shows" \
	wait_until 30 agree kernel_spis roamd_spis
check "every policy carries the mark of a client roamd shows" \
	wait_until 30 agree kernel_marks roamd_marks
check_eq "roamd shows the three users" "ann ben cat" "$(roamd_users)"
check_eq "every kernel session is one of roamd's" "$IDS" "$(all_kernel_ids)"
check_eq "each pair taken over has its algorithms (from the kernel's SA)" \
	"AES-256/SHA1 AES-256/SHA1 AES-256/SHA1" \
	"$(rd "$G" -j ipsec show | json "' '.join(p.get('algorithms', '?') for p in d)")"
# what went wrong in this phase, from roamd's and the clients' side
if [ "$N_FAILED" -gt 0 ]; then
	grep -v ': debug: control request' "$RD_LOG" | tail -n 150 | sed 's/^/# roamd (second): /'
	for i in 1 2 3; do
		tail -n 25 "$(peer_dir "${clients[$i]}")/charon.log" | sed "s/^/# ${users[$i]} charon: /"
		tail -n 15 "$(peer_dir "${clients[$i]}")/xl2tpd.log" | sed "s/^/# ${users[$i]} xl2tpd: /"
	done
fi
pptp_stop "$C4"

# --- 1b. ben rekeys both phases through what was taken over ----------
# A new ESP pair by Quick Mode on the ISAKMP SA the new roamd resumed,
# then a new ISAKMP SA (IKEv1 has no rekey of phase 1: strongSwan
# authenticates again and hands its ESP SAs to the new one).  ben is behind the NAT, beside cat.  The new pair must be
# his client's (same mark: his L2TP tunnel is bound to it), the old SAs
# gone from roamd and the kernel, his session the same one, traffic on.
# c_spis C: the SPIs C's kernel holds (its outbound SA's is our inbound's)
c_spis() {
	ip -n "$1" xfrm state | sed -n 's/.* spi \(0x[0-9a-f]*\) .*/\1/p' |
		sort -u | tr '\n' ' '
}
# ben_pairs: "PEER MARK SPI-IN SPI-OUT" of each pair of roamd's whose
# inbound SPI is one of ben's SAs
ben_pairs() {
	rd "$G" -j ipsec show | json "'\n'.join('%s 0x%x %s %s' %
		(p['peer'], p['mark'], p['spi_in'], p['spi_out']) for p in d
		if p['spi_in'] in '$(c_spis "$C2")'.split())"
}
# ike_spis_of PEER: the cookies (I_R) of roamd's IKE SAs of that peer
ike_spis_of() {
	rd "$G" -j ike show |
		json "' '.join(sorted(s['spis'] for s in d if s['peer'] == '$1'))"
}
# client_ike_spis C: the cookies of the IKE SAs C's charon holds
client_ike_spis() {
	swanctl_in "$1" --list-sas 2>/dev/null |
		sed -n 's/^roam: #[0-9]*, [A-Z_]*, IKEv1, \([0-9a-f]*\)_i\*\{0,1\} \([0-9a-f]*\)_r\*\{0,1\}$/\1_\2/p' |
		sort | tr '\n' ' ' | sed 's/ $//'
}
established() {
	grep -cE "$1 .* established" "$(peer_dir "$C2")/charon.log"
}
kernel_has_none_of() {
	local k s
	k=$(kernel_spis)
	for s in $1; do
		case " $k " in *" $s "*) return 1 ;; esac
	done
}
one_new_pair() {
	local p
	p=$(ben_pairs)
	[ -n "$p" ] && [ "$(printf '%s\n' "$p" | wc -l)" = 1 ] &&
		[ "$p" != "$1" ]
}
F0=$N_FAILED
# the inbound SPIs of the pairs of every client but ben's
others_spis() {
	rd "$G" -j ipsec show | json "' '.join(sorted(p['spi_in'] for p in d
		if p['spi_in'] not in '$(c_spis "$C2")'.split()))"
}
OTHERS=$(others_spis)
ben_id=$(rd "$G" -j session show | json "by(d, 'user', 'ben')['id']")
P0=$(ben_pairs)
read -r PEER MARK SPI_IN SPI_OUT <<< "$P0"
check_match "ben has one pair of his mark" '^[0-9.]+:[0-9]+ 0x[0-9a-f]+ 0x' "$P0"
CH0=$(established CHILD_SA)
ip netns exec "$C2" ping -i 0.2 -w 30 -W 1 192.168.50.2 > "$TEST_TMP/ping_rekey" 2>&1 &
PING_REKEY=$!
swanctl_in "$C2" --rekey --child l2tp > "$TEST_TMP/rekey_child.log" 2>&1
check "ben's client rekeys its ESP SAs" wait_until 30 \
	sh -c "[ \$(grep -cE 'CHILD_SA .* established' '$(peer_dir "$C2")/charon.log') -gt $CH0 ]"
check "roamd holds one new pair for him, the old one gone" \
	wait_until 30 one_new_pair "$P0"
P1=$(ben_pairs)
check_eq "of the same peer and mark" "$PEER $MARK" "$(echo "$P1" | cut -d' ' -f1-2)"
check "the old SAs are gone from the kernel" \
	wait_until 30 kernel_has_none_of "$SPI_IN $SPI_OUT"
check "ben reaches the office host through the new pair" \
	wait_until 20 ping_office "$C2" 1
IK0=$(established IKE_SA)
OLD_IKE=$(ike_spis_of "$PEER")
check_match "roamd holds ben's one IKE SA, taken over" '^[0-9a-f]{16}_[0-9a-f]{16}$' "$OLD_IKE"
swanctl_in "$C2" --rekey --ike roam > "$TEST_TMP/rekey_ike.log" 2>&1
check "ben's client builds a new IKE SA" wait_until 30 \
	sh -c "[ \$(grep -cE 'IKE_SA .* established' '$(peer_dir "$C2")/charon.log') -gt $IK0 ]"
ben_ike_agrees() {
	local c
	c=$(client_ike_spis "$C2")
	[ -n "$c" ] && [ "$c" = "$(ike_spis_of "$PEER")" ]
}
check "roamd's IKE SAs of ben are his client's (by cookies)" \
	wait_until 30 ben_ike_agrees ||
	info "roamd: $(ike_spis_of "$PEER"); client: $(client_ike_spis "$C2")"
# (strongSwan 5.9.8 keeps the IKE SA it reauthenticated, REKEYING, until
# it expires, without a DELETE: roamd keeps it as long, and the -E
# restart below finds and tells four ISAKMP SAs.)
one_pair_of_his_mark() {
	local p
	p=$(ben_pairs)
	[ "$(printf '%s\n' "$p" | wc -l)" = 1 ] &&
		[ "$(echo "$p" | cut -d' ' -f1-2)" = "$PEER $MARK" ]
}
check "one pair for him still, of the same peer and mark" \
	wait_until 30 one_pair_of_his_mark || info "ben's pairs: $(ben_pairs)"
check "ben still reaches the office host" wait_until 20 ping_office "$C2" 1
wait "$PING_REKEY" 2>/dev/null
info "ben: $(grep -o '[0-9]* received' "$TEST_TMP/ping_rekey") of pings across the rekeys"
check_eq "his kernel session is the same one" "$ben_id" \
	"$(rd "$G" -j session show | json "by(d, 'user', 'ben')['id']")"
check "every SA in the kernel is one of a pair roamd shows (rekeyed)" \
	wait_until 30 agree kernel_spis roamd_spis
check "every policy carries the mark of a client roamd shows (rekeyed)" \
	wait_until 30 agree kernel_marks roamd_marks
check_eq "ann's and cat's pairs are still the ones taken over" "$OTHERS" \
	"$(others_spis)"
if [ "$N_FAILED" -gt "$F0" ]; then
	grep -v ': debug: control request' "$RD_LOG" | tail -n 80 | sed 's/^/# roamd (second): /'
	tail -n 40 "$(peer_dir "$C2")/charon.log" | sed 's/^/# ben charon: /'
	tail -n 15 "$(peer_dir "$C2")/xl2tpd.log" | sed 's/^/# ben xl2tpd: /'
fi

# --- 2. kill -9 again, and a roamd that ends what it finds (-E) -------
check "the state file is current" wait_until 10 test -s "$STATE"
kill_roamd
restart_roamd roamd3.log -E
check "a roamd with -E starts" wait_until 20 test -S "$RD_SOCK"
check "it tells the three clients and removes what was left" wait_until 30 \
	grep -qE 'restart: an earlier roamd left 4 IKE SAs, 3 ESP SA pairs, 3 L2TP tunnels, 3 sessions; told 3 L2TP tunnels \(StopCCN\) and 4 IKE peers \(DELETE\); removed 6 SAs, [0-9]+ policies, 3 kernel sessions \(0 of' \
	"$RD_LOG"
check "though it finds every piece of the three sessions" wait_until 10 \
	grep -qE 'restart: 3 sessions of an earlier roamd: 0 taken over, 3 ended \(3 could have been taken over\)' \
	"$RD_LOG"
grep -E 'restart: session ' "$RD_LOG" | sed 's/^/# roamd (third): /'
for i in 1 2 3; do
	c=${clients[$i]}
	check "${users[$i]}'s xl2tpd heard the StopCCN" wait_until 30 \
		grep -qiE 'StopCCN|Connection closed|Will redial' \
		"$(peer_dir "$c")/xl2tpd.log" || peer_logs "$c"
	check "${users[$i]}'s charon heard the IKE DELETE" wait_until 30 \
		grep -qE 'received DELETE for (IKE_SA|ESP)' \
		"$(peer_dir "$c")/charon.log"
done

# --- 3. the clients come back by themselves --------------------------
for i in 1 2 3; do
	c=${clients[$i]}
	if ! check "${users[$i]} is connected again" wait_until 90 sh -c \
		"[ \"\$(ip netns exec $G roam -S $RD_SOCK -j session show |
		  $PY -c 'import json,sys; print(len([s for s in json.load(sys.stdin) if s.get(\"user\") == \"${users[$i]}\"]))')\" = 1 ]"; then
		peer_logs "$c"
		tail -n 40 "$(peer_dir "$c")/charon.log" | sed 's/^/# charon: /'
		continue
	fi
	wait_until 30 ppp_up "$c"
	wait_until 10 route_back "$c"
	check "${users[$i]} reaches the office host again" wait_until 30 \
		ping_office "$c" 1
done
# (kernel ids may be given again once the old sessions are gone: what
# shows the sessions are new is that they came up after the kill)
u=$(rd "$G" -j session show |
	json "max([s.get('uptime', 1 << 30) for s in d if s.get('user') in ('ann', 'ben', 'cat')] or [1 << 30])")
check_ge "on new sessions, each up since the restart" "$u" "$(since_kill)"

# Nothing in the kernel that roamd does not show: the SPIs in the kernel
# against those of the pairs roamd shows, the policies' marks against its
# clients', the kernel sessions against its sessions.  Rekeys may be
# under way: each waits for agreement.
check "every SA in the kernel is one of a pair roamd shows (new)" \
	wait_until 30 agree kernel_spis roamd_spis
check_eq "six SAs: three clients, one pair each" 6 \
	"$(ip -n "$G" xfrm state | grep -c '^src')"
check "every policy carries the mark of a client roamd shows (new)" \
	wait_until 30 agree kernel_marks roamd_marks
check_eq "three kernel sessions" 3 \
	"$(ip netns exec "$G" roam -j session show | json 'len(d)')"
check_eq "each one a session of roamd's, with its user" "ann ben cat" \
	"$(roamd_users)"

# --- 4. nothing left when roamd stops -----------------------------------
xl2tpd_stop "$C1" "$C2" "$C3"
charon_stop "$C1" "$C2" "$C3"
check_gateway_clean "$G"
check "and no state file" test ! -e "$STATE"
test_done
