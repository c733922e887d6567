# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced after lib_peers.sh by the tests whose client is strongSwan as an
# IKEv1 remote-access client (no L2TP): a pre-shared key in Main or
# Aggressive Mode, XAUTH or not, Mode-Config pulled (REQUEST/REPLY) or
# pushed by the gateway (SET/ACK), then an ESP tunnel from the address it
# was given.
#
#   charon_ra_start C      writes C's strongswan.conf and swanctl.conf from
#                          the RA_* variables below and starts charon
#   ra_up C                initiates the connection (returns swanctl's status)
#   ra_down C              terminates it (IKE delete from the client)
#   ra_vip C OWN           the address the gateway gave, once it is on C
#
#   RA_GW        the gateway (default 192.0.2.1)
#   RA_PSK       the group's (or wildcard) pre-shared key
#   RA_ID        the client's IKE identity (keyid:GROUP for Aggressive
#                Mode); empty: its IP address
#   RA_AGGRESSIVE  yes/no (default no: Main Mode)
#   RA_PULL      yes: the client asks (REQUEST); no: it waits for a SET
#   RA_USER, RA_PASS  XAUTH credentials; empty: no XAUTH round
#   RA_IKE, RA_ESP    proposals (strongSwan's syntax)
#   RA_TS        the networks the client sends through the tunnel
#   RA_IKE_REKEY, RA_ESP_REKEY  seconds to the client's own renewal of
#                phase 1 (IKEv1: a new IKE SA, XAUTH and Mode-Config
#                again) and of phase 2 (Quick Mode), with no random
#                fuzz; empty: strongSwan's defaults (hours)

RA_GW=${RA_GW:-192.0.2.1}

charon_ra_start() {
	local c=$1 dir xauth_local='' xauth_secret='' id='' ike_life='' esp_life=''
	peer_dir "$c" >/dev/null
	dir=$(peer_dir "$c")
	mkdir -p "$dir"
	[ -n "${RA_ID:-}" ] && id="id = ${RA_ID}"
	[ -n "${RA_IKE_REKEY:-}" ] && ike_life="rekey_time = ${RA_IKE_REKEY}s
		over_time = ${RA_IKE_REKEY}s
		rand_time = 0"
	[ -n "${RA_ESP_REKEY:-}" ] && esp_life="rekey_time = ${RA_ESP_REKEY}s
				life_time = $((RA_ESP_REKEY * 2))s
				rand_time = 0"
	if [ -n "${RA_USER:-}" ]; then
		xauth_local="local-2 {
			auth = xauth
			xauth_id = ${RA_USER}
		}"
		xauth_secret="xauth-ra {
		id = ${RA_USER}
		secret = \"${RA_PASS}\"
	}"
	fi
	cat > "$dir/strongswan.conf" <<EOC
# The plugins of an IKEv1 PSK client with XAUTH (xauth-generic) that
# writes the DNS servers it is given into a file of its own (resolve).
charon {
	load = random nonce openssl kernel-netlink socket-default vici xauth-generic resolve
	install_routes = no
	retransmit_tries = 3
	plugins {
		resolve {
			file = $dir/resolv.conf
		}
	}
	filelog {
		log {
			path = $dir/charon.log
			default = 1
			ike = 2
			cfg = 2
			knl = 2
		}
	}
}
swanctl {
	load = pem pkcs1 pkcs8 x509 openssl random nonce
}
EOC
	cat > "$dir/swanctl.conf" <<EOC
connections {
	ra {
		version = 1
		remote_addrs = ${RA_GW}
		aggressive = ${RA_AGGRESSIVE:-no}
		pull = ${RA_PULL:-yes}
		proposals = ${RA_IKE}
		vips = 0.0.0.0
		$ike_life
		local-1 {
			auth = psk
			$id
		}
		$xauth_local
		remote {
			auth = psk
		}
		children {
			ra {
				mode = tunnel
				remote_ts = ${RA_TS:-0.0.0.0/0}
				esp_proposals = ${RA_ESP}
				$esp_life
			}
		}
	}
}
secrets {
	ike-ra {
		secret = "${RA_PSK}"
	}
	$xauth_secret
}
EOC
	charon_run "$c"
}

ra_up() {
	swanctl_in "$1" --initiate --child ra --timeout "$(scaled "${2:-60}")" \
		> "$(peer_dir "$1")/initiate.log" 2>&1
}

ra_down() {
	swanctl_in "$1" --terminate --ike ra --timeout "$(scaled 30)" \
		> "$(peer_dir "$1")/terminate.log" 2>&1
}

# ra_vip C OWN: the address charon installed beside C's own OWN (the
# virtual IP goes on the interface toward the gateway)
ra_vip() {
	ip -n "$1" -4 -o addr show 2>/dev/null | awk '{print $4}' |
		cut -d/ -f1 | grep -v -x -e "$2" -e 127.0.0.1 | head -n1
}

# ra_pool_used POOL: addresses of POOL given out by the test's roamd (in G)
ra_pool_used() {
	ip netns exec "$G" roam -S "$RD_SOCK" -j -s pool show |
		json "[p for p in d if p['name'] == '$1'][0]['stats']['in_use']"
}
