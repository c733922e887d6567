# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by bench_in_vm.sh: the ESP ceiling, the like-for-like upper bound
# of an L2TP/IPsec data path. IPIP over ESP transport mode between a client
# namespace and roam's gateway namespace G, with the cipher and integrity
# of the L2TP/IPsec paths ($ESP_PROP), keys set by hand (no IKE), the same
# inner MTU as the PPP link (1400), the office host behind G as the far
# end. Everything the kernel does for one L2TP/IPsec packet except the
# L2TP and PPP headers: roam's L2TP/IPsec rate is given as a share of it.
#
#   client C 192.0.2.x  ipip0 10.10.1.2 ==ESP== G 192.0.2.1 ipip0 10.10.1.1
#                                                lan0 192.168.50.1 -- O 192.168.50.2
#
#   esp_algs PROP          "ENC_ALG ENC_BITS AUTH_ALG AUTH_BITS TRUNC" of an
#                          ESP proposal such as aes256-sha1, or nothing
#   run_esp_ceiling PATH   the path: sets R_TPUT/R_DOWN/R_RETR... as the
#                          other paths do

esp_algs() {
	local enc auth
	case $1 in
	aes128-*) enc="cbc(aes) 128" ;;
	aes192-*) enc="cbc(aes) 192" ;;
	aes256-*) enc="cbc(aes) 256" ;;
	*) return 1 ;;
	esac
	case $1 in
	*-sha1) auth="hmac(sha1) 160 96" ;;
	*-sha256) auth="hmac(sha256) 256 128" ;;
	*-sha384) auth="hmac(sha384) 384 192" ;;
	*-sha512) auth="hmac(sha512) 512 256" ;;
	*) return 1 ;;
	esac
	echo "$enc $auth"
}

# hex_key BITS: a fresh random key
hex_key() {
	echo "0x$(od -An -tx1 -N$(($1 / 8)) /dev/urandom | tr -d ' \n')"
}

# esp_ceiling_sa NS SRC DST SPI ENC ENC_BITS AUTH AUTH_BITS TRUNC: one
# transport-mode SA with the keys of $ESP_CEIL_EKEY/$ESP_CEIL_AKEY (made
# for those sizes)
esp_ceiling_sa() {
	local ns=$1 src=$2 dst=$3 spi=$4 enc=$5 auth=$7 trunc=$9
	ip -n "$ns" xfrm state add src "$src" dst "$dst" proto esp spi "$spi" \
		mode transport auth-trunc "$auth" "$ESP_CEIL_AKEY" "$trunc" \
		enc "$enc" "$ESP_CEIL_EKEY"
}

run_esp_ceiling() {
	local path=$1 algs a ns
	say "path $path: $(path_title "$path")"
	# shellcheck disable=SC2086
	if ! algs=$(esp_algs "$ESP_PROP"); then
		note "$path" "no ESP ceiling for ESP proposal $ESP_PROP"
		return 1
	fi
	client_new || return 1
	read -r -a a <<< "$algs"
	ESP_CEIL_EKEY=$(hex_key "${a[1]}")
	ESP_CEIL_AKEY=$(hex_key "${a[3]}")
	for ns in "$CL" "$G"; do
		if ! esp_ceiling_sa "$ns" "$CL_ADDR" 192.0.2.1 0x200 "${a[@]}" ||
		   ! esp_ceiling_sa "$ns" 192.0.2.1 "$CL_ADDR" 0x201 "${a[@]}"; then
			note "$path" "SA refused"
			ip -n "$G" xfrm state flush
			client_drop "$CL"
			return 1
		fi
	done
	# IPIP only: both directions' policies, as the L2TP paths' SAs cover
	# only UDP 1701
	ip -n "$CL" xfrm policy add src "$CL_ADDR" dst 192.0.2.1 proto 4 dir out \
		tmpl proto esp mode transport
	ip -n "$CL" xfrm policy add src 192.0.2.1 dst "$CL_ADDR" proto 4 dir in \
		tmpl proto esp mode transport
	ip -n "$G" xfrm policy add src 192.0.2.1 dst "$CL_ADDR" proto 4 dir out \
		tmpl proto esp mode transport
	ip -n "$G" xfrm policy add src "$CL_ADDR" dst 192.0.2.1 proto 4 dir in \
		tmpl proto esp mode transport
	ip -n "$CL" link add ipip0 type ipip local "$CL_ADDR" remote 192.0.2.1
	ip -n "$G" link add ipip0 type ipip local 192.0.2.1 remote "$CL_ADDR"
	for ns in "$CL" "$G"; do
		ip -n "$ns" link set ipip0 mtu 1400 up
	done
	ip -n "$CL" addr add 10.10.1.2 peer 10.10.1.1 dev ipip0
	ip -n "$G" addr add 10.10.1.1 peer 10.10.1.2 dev ipip0
	ip -n "$CL" route add 192.168.50.0/24 dev ipip0 src 10.10.1.2
	ip -n "$O" route add 10.10.1.0/24 via 192.168.50.1
	if wait_until 10 ip netns exec "$CL" ping -c 1 -W 1 192.168.50.2 > /dev/null; then
		tcp_both "$path" "$CL" "$O"
		# what went through the SAs, not their keys
		detail "$path: gateway ESP SAs: $(ip -n "$G" -s xfrm state | grep -E '^src|current:|bytes\), ' | tr '\n' ' ' | tr -s ' ')"
	else
		note "$path" "no ping through IPIP over ESP"
	fi
	ip -n "$O" route del 10.10.1.0/24 via 192.168.50.1
	ip -n "$G" link del ipip0
	ip -n "$G" xfrm state flush
	ip -n "$G" xfrm policy flush
	client_drop "$CL"
}
