#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life of L2TP/IPsec sessions with real clients (strongSwan + xl2tpd +
# pppd) against roamd: Apple's and old Windows' proposals, CHAP-MD5, a
# fixed address against the pool, rekeying of both phases under traffic,
# a wrong password, an exhausted pool, and a client that vanishes behind
# its NAT and is found dead by DPD, its address going back to the pool.
#
#                                  netns N (bridge br0, 192.0.2.0/24)
#   netns C1 192.0.2.10 -----------------+
#   netns C4 192.0.2.11 -----------------+
#   netns C2 10.0.1.2 --+                |
#                       +-- netns T (NAT 192.0.2.20, masquerade) --+
#   netns C3 10.0.1.3 --+                |
#                                        +---- netns G 192.0.2.1: roamd, roam0 10.10.0.1
#                                                   lan0 192.168.50.1 --- netns O 192.168.50.2

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/peers/lib_peers.sh"

test_init roam_l2tp_ipsec_life
need_l2tp_ipsec_clients

ns_create G
ns_create O
ns_create C1
ns_create C4
ns_create T
ns_create C2
ns_create C3
gw_setup "$G" "$O"
net_attach "$C1" eth0 192.0.2.10/24
net_attach "$C4" eth0 192.0.2.11/24
nat_setup "$T" 192.0.2.20/24 1
nat_client "$C2" "$T" 1 10.0.1.2
nat_client "$C3" "$T" 1 10.0.1.3

# Two pool addresses for three pool users; LCP echo slower than DPD, so
# that it is DPD that finds the vanished client.
cat > "$TEST_TMP/roamd.conf" <<'EOF2'
link add roam0
pool add office range 10.10.0.10-10.10.0.11
user add dave password dave-pw address 10.10.0.5
user add erin password erin-pw
user add frank password frank-pw
user add gina password gina-pw
psk add peer any secret "office psk"
ike set weak allow dpd-interval 5 dpd-timeout 30
ppp set local 10.10.0.1 dns 192.168.50.2 auth mschapv2,chap echo-interval 10 echo-failures 6
EOF2
roamd_start "$G" "$TEST_TMP/roamd.conf"
check_eq "roamd starts" 0 $?

sess() { session_field "$G" "$1" "$2"; }
sess_count() {
	ip netns exec "$G" roam -j session show | json "len(d)"
}
pool_in_use() {
	rd "$G" -j -s pool show | json "by(d, 'name', 'office')['stats']['in_use']"
}
tunnels() {
	rd "$G" -j -s l2tp show | json "d['tunnels']"
}
# spis PEER: the inbound SPIs of PEER's SA pairs, sorted.
spis() {
	rd "$G" -j ipsec show |
		json "sorted(p['spi_in'] for p in d if p['peer'].startswith('$1'))"
}
ping_office() {
	ip netns exec "$1" ping -c "$2" -i 0.2 -W 2 192.168.50.2
}

# --- 1. Apple's proposal, CHAP-MD5, a fixed address; rekeying --------------
# Child SA rekeyed every ~20 s, IKE SA reauthenticated after ~40 s. The
# hard lifetimes leave 20 s for each renewal: with strongSwan's defaults
# (10% more than the renewal time, 22 s and 44 s) a child SA whose rekey
# met the IKE SA's reauthentication on a loaded machine expired before it
# was made again, and the session went with it.
CHARON_CONN_EXTRA=$'reauth_time = 40s\nover_time = 20s\nrand_time = 4s' \
CHARON_CHILD_EXTRA=$'rekey_time = 20s\nlife_time = 40s\nrand_time = 2s' \
	charon_start "$C1" "office psk" 192.0.2.1 aes256-sha256-modp1536 aes256-sha256
check_eq "charon starts in C1" 0 $?
PPP_EXTRA=$'refuse-mschap-v2\nrefuse-mschap\nrefuse-pap' \
	l2tp_ipsec_connect "$C1" dave dave-pw
check_eq "dave connects (AES-256/SHA2-256/MODP-1536, ESP AES-256/SHA2-256)" 0 $?
check_eq "dave has his own fixed address, not a pool's" 10.10.0.5 \
	"$(ppp_addr "$C1")"
check_match "dave authenticated with CHAP-MD5" \
	'user dave authenticated \(CHAP-MD5\)' "$(cat "$RD_LOG")"
check_eq "a fixed address takes nothing from the pool" 0 "$(pool_in_use)"
id0=$(sess 10.10.0.5 id)
spi0=$(spis 192.0.2.10)
ip netns exec "$C1" ping -c 250 -i 0.2 -W 1 192.168.50.2 > "$TEST_TMP/rekey.ping" 2>&1
rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$TEST_TMP/rekey.ping")
info "50 s of pings across the rekeys: ${rx:-?} of 250 answered"
grep -c 'CHILD_SA .* established' "$(peer_dir "$C1")/charon.log" |
	sed 's/^/# child SAs established by dave: /'
check_ge "the child SA was rekeyed (at least 3 child SAs in 50 s)" 3 \
	"$(grep -c 'CHILD_SA .* established' "$(peer_dir "$C1")/charon.log")"
check_ge "the IKE SA was reauthenticated" 2 \
	"$(grep -c 'IKE_SA .* established' "$(peer_dir "$C1")/charon.log")"
check_ge "at least 95% of the pings crossed during the rekeys" 238 "${rx:-0}"
check_eq "dave's kernel session is the same one" "$id0" "$(sess 10.10.0.5 id)"
check_ne "dave's SAs are new ones" "$spi0" "$(spis 192.0.2.10)"
check "dave still reaches the office host" ping_office "$C1" 3

# --- 2. old Windows (3DES/MODP-1024, allowed as weak) and another client,
#        both behind one NAT, take the pool --------------------------------
charon_start "$C2" "office psk" 192.0.2.1 3des-sha1-modp1024 3des-sha1
l2tp_ipsec_connect "$C2" erin erin-pw
check_eq "erin connects with 3DES/SHA1/MODP-1024 from behind the NAT" 0 $?
check_match "roam ike show names 3DES/MODP-1024 weak" \
	'3DES.*MODP-1024.*\(weak\)' "$(rd "$G" ike show)"
charon_start "$C3" "office psk" 192.0.2.1 aes256-sha256-modp2048 aes128-sha1
l2tp_ipsec_connect "$C3" frank frank-pw
check_eq "frank connects from behind the same NAT" 0 $?
check_eq "the pool is used up" 2 "$(pool_in_use)"
check "erin reaches the office host" ping_office "$C2" 3
check "frank reaches the office host" ping_office "$C3" 3
a3=$(ppp_addr "$C3")

# --- 3. a wrong password, then an exhausted pool -----------------------
t0=$(tunnels)
charon_start "$C4" "office psk" 192.0.2.1 aes256-sha1-modp2048 aes256-sha1
ipsec_up "$C4"
check_eq "gina's IKE and IPsec SAs come up" 0 $?
xl2tpd_start "$C4" gina not-her-password 192.0.2.1
xl2tpd_dial "$C4"
check "a wrong password is refused (691)" wait_until 30 \
	grep -q "user gina: .*error 691" "$RD_LOG"
check "her call is gone from roamd" wait_until 20 \
	sh -c "! ip netns exec $G roam -S $RD_SOCK -j l2tp show | grep -q gina"
check_eq "no session and no address for her" "3 2" "$(sess_count) $(pool_in_use)"
xl2tpd_stop "$C4"
xl2tpd_start "$C4" gina gina-pw 192.0.2.1
xl2tpd_dial "$C4"
check "with the pool used up, gina is refused" wait_until 30 \
	grep -q "no address for user gina: every pool is exhausted" "$RD_LOG"
sleep 2
check_eq "gina gets no address" "" "$(ppp_addr "$C4")"
check_eq "and no kernel session" 3 "$(sess_count)"
xl2tpd_stop "$C4"

# --- 4. frank vanishes: DPD ---------------------------------------------
check "the refused calls' tunnels are closed" wait_until 30 \
	sh -c "[ \"\$(ip netns exec $G roam -S $RD_SOCK -j -s l2tp show |
		$PY -c 'import json,sys; print(json.load(sys.stdin)[\"tunnels\"])')\" -le $t0 ]"
# frank's own SAs, by the xfrm mark his tunnel is bound to: erin, behind
# the same NAT, and dave rekey meanwhile, so totals come and go.
m3=$(printf '0x%x' "$(ip netns exec "$G" roam -j session show |
	json "(by(d, 'address', '$a3') or {}).get('l2tp', {}).get('xfrm_mark')")")
frank_sas() { ip -n "$G" xfrm state | grep -cE "mark $m3(/| |\$)"; }
check_ge "frank's SA pair carries his mark $m3" 2 "$(frank_sas)"
peer_vanish "$C3" eth0
check "roamd finds frank dead by DPD" wait_until 60 \
	grep -q "IKE peer 192.0.2.20:[0-9]* is dead" "$RD_LOG"
check "frank's session is gone" wait_until 20 \
	sh -c "[ \"\$(ip netns exec $G roam -j session show | grep -c '\"$a3\"')\" = 0 ]"
check "his SAs are gone" wait_until 20 sh -c "[ \"\$(ip -n $G xfrm state | grep -cE 'mark $m3(/| |\$)')\" = 0 ]"
check "his tunnel is gone" wait_until 20 sh -c "[ \"\$(ip netns exec $G roam -S $RD_SOCK -j -s l2tp show | $PY -c 'import json,sys; print(json.load(sys.stdin)[\"tunnels\"])')\" = $((t0 - 1)) ]"
check "his address went back to the pool" wait_until 20 sh -c "[ \"\$(ip netns exec $G roam -S $RD_SOCK -j -s pool show | $PY -c 'import json,sys; print([p for p in json.load(sys.stdin) if p[\"name\"] == \"office\"][0][\"stats\"][\"in_use\"])')\" = 1 ]"
check "erin, behind the same NAT, still reaches the office host" \
	ping_office "$C2" 3

# --- 5. the returned address serves the next user ---------------------
xl2tpd_start "$C4" gina gina-pw 192.0.2.1
xl2tpd_dial "$C4"
check "gina now gets a session" wait_until 30 ppp_up "$C4"
check_eq "with frank's old address" "$a3" "$(ppp_addr "$C4")"
ip -n "$C4" route add 192.168.50.0/24 dev "$(ppp_dev "$C4")"
check "gina reaches the office host" ping_office "$C4" 3

# --- 6. nothing left when roamd stops -----------------------------------
for c in "$C1" "$C2" "$C4"; do xl2tpd_stop "$c"; done
check_gateway_clean "$G"
test_done
