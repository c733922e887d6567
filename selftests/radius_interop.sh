#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# roamd's RADIUS client against a real FreeRADIUS (Debian's freeradius
# package), on the host: no VM, no module, no root needed beyond what
# freeradius itself wants.
#
#   127.0.0.1:PORT   FreeRADIUS, own configuration in a temporary folder:
#                    clients.conf with the secret, a users file (alice,
#                    with Framed-IP-Address and Class), pap/chap/mschap,
#                    the detail file for accounting on PORT+1
#   radius_interop   userspace/build/tests/radius_interop: our codec and
#                    client state machine over a UDP socket
#
# Checks PAP, CHAP-MD5, MS-CHAPv1 and MS-CHAPv2 (the server's
# authenticator response and MPPE keys equal to roamd's own derivation),
# a wrong password refused with 691, and an accounting Start and Stop
# whose octets (4 GiB + 1234 in: Gigawords 1) land in the detail file.
#
# FreeRADIUS before 3.2.5 sends no Message-Authenticator in its answers:
# the test then runs with it optional and says so.
#
# TAP output; exit 0 pass, 1 fail, 4 skip.

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tool=$top/userspace/build/tests/radius_interop
fr=$(command -v freeradius || true)

if [ -z "$fr" ] || [ ! -d /etc/freeradius/3.0 ]; then
	echo "1..0 # SKIP freeradius is not installed (selftests/deps.sh)"
	exit 4
fi
make -s -C "$top/userspace" radius-interop >/dev/null || {
	echo "1..0 # SKIP radius_interop does not build"; exit 4; }

source "$(dirname "$0")/peers/lib_radius.sh"

dir=$(mktemp -d /tmp/roam-radius.XXXXXX)
cleanup() {
	fr_stop
	rm -rf "$dir"
}
trap cleanup EXIT

port=$((20000 + ($$ % 5000) * 2))
secret=roam-$$-$RANDOM-secret
fr_config "$dir" 127.0.0.1 "$port" 127.0.0.1 "$secret"
cat > "$dir/raddb/users" <<'EOT'
alice	Cleartext-Password := "alice-pw"
	Framed-IP-Address = 10.9.0.77,
	Class = "grp-sales",
	Session-Timeout = 3600
EOT
if ! fr_start "$dir"; then
	echo "1..1"
	echo "not ok 1 - FreeRADIUS starts"
	exit 1
fi
env=$(fr_ma_env)

rc=0
out=$(env $env "$tool" 127.0.0.1 "$port" "$secret" alice alice-pw 10.9.0.77) || rc=1
# the tool's TAP plus ours: renumber ours after it
printf '%s\n' "$out" | grep -v '^1\.\.' | grep -v '^TAP'
n=$(printf '%s\n' "$out" | grep -c '^\(not \)\?ok ')
detail=$(fr_detail "$dir")
check() {
	n=$((n + 1))
	if printf '%s\n' "$detail" | grep -q "$1"; then
		echo "ok $n - detail file: $1"
	else
		echo "not ok $n - detail file: $1"
		rc=1
	fi
}
check "Acct-Status-Type = Start"
check "Acct-Status-Type = Stop"
check "Acct-Input-Octets = 1234"
check "Acct-Input-Gigawords = 1"
check "Acct-Output-Octets = 5678"
check "Acct-Session-Id = \"00000001\""
check "Acct-Terminate-Cause = Admin-Reset"
echo "1..$n"
# the secret and the passwords never reach our output
if printf '%s\n' "$out" | grep -q -e "$secret" -e alice-pw; then
	echo "# the secret or a password was printed"
	rc=1
fi
[ $rc = 0 ] || tail -40 "$dir/freeradius.log" | sed 's/^/# /'
exit $rc
