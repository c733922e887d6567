# SPDX-License-Identifier: GPL-2.0
#
# FreeRADIUS (Debian's freeradius package) for the RADIUS tests: a
# minimal configuration of its own, generated in a folder: one client
# with its secret, a users file, pap/chap/mschap, the detail file.
#
#   fr_config DIR ADDR PORT CLIENT SECRET   writes DIR/raddb (auth on PORT,
#                                           accounting on PORT+1, at ADDR);
#                                           the users go to DIR/raddb/users
#   fr_start [NS] DIR                       runs it (in NS), waits until ready;
#                                           FR_PID is its pid
#   fr_stop                                 stops it
#   fr_detail DIR                           the accounting detail file(s)
#   fr_ma_env                               RADIUS_MA_OPTIONAL=1 when this
#                                           FreeRADIUS signs no answer (< 3.2.5)

fr_config() {
	local dir=$1 addr=$2 port=$3 client=$4 secret=$5 r=$1/raddb
	cp -a /etc/freeradius/3.0 "$r"
	# only what the tests need: no EAP (its certificates are not made)
	rm -f "$r/mods-enabled/eap" "$r/sites-enabled/"*
	mkdir -p "$dir/log"
	# it stays root: the test's folders are not the freerad user's
	sed -i -e "s|^logdir = .*|logdir = $dir/log|" \
		-e 's/^\(\s*\)\(user\|group\) = freerad/\1#\2 = freerad/' \
		"$r/radiusd.conf"
	cat > "$r/clients.conf" <<EOT
client roam {
	ipaddr = $client
	secret = $secret
}
EOT
	: > "$r/mods-config/files/authorize"
	ln -sf "$r/mods-config/files/authorize" "$r/users"
	cat > "$r/sites-enabled/roam" <<EOT
server default {
	listen {
		type = auth
		ipaddr = $addr
		port = $port
	}
	listen {
		type = acct
		ipaddr = $addr
		port = $((port + 1))
	}
	authorize {
		chap
		mschap
		files
		pap
	}
	authenticate {
		Auth-Type PAP {
			pap
		}
		Auth-Type CHAP {
			chap
		}
		Auth-Type MS-CHAP {
			mschap
		}
	}
	preacct {
		acct_unique
	}
	accounting {
		detail
	}
	post-auth {
	}
}
EOT
}

fr_start() {
	local ns= dir
	[ $# = 2 ] && { ns=$1; shift; }
	dir=$1
	if [ -n "$ns" ]; then
		ip netns exec "$ns" freeradius -X -d "$dir/raddb" \
			> "$dir/freeradius.log" 2>&1 &
	else
		freeradius -X -d "$dir/raddb" > "$dir/freeradius.log" 2>&1 &
	fi
	FR_PID=$!
	local i
	for i in $(seq 400); do
		grep -q "Ready to process requests" "$dir/freeradius.log" &&
			return 0
		kill -0 "$FR_PID" 2>/dev/null || break
		sleep 0.05
	done
	tail -20 "$dir/freeradius.log" | sed 's/^/# freeradius: /'
	return 1
}

fr_stop() {
	[ -n "${FR_PID:-}" ] || return 0
	kill "$FR_PID" 2>/dev/null && wait "$FR_PID" 2>/dev/null
	FR_PID=
}

fr_detail() {
	cat "$1"/log/radacct/*/detail-* 2>/dev/null
}

fr_ma_env() {
	local ver
	ver=$(freeradius -v 2>/dev/null | sed -n 's/.*Version \([0-9.]*\).*/\1/p' | head -1)
	case "$ver" in
	3.0.*|3.2.[0-4]) echo RADIUS_MA_OPTIONAL=1 ;;
	esac
}
