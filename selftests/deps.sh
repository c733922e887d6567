#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Installs what building and testing roam needs, from Debian's archive, on a
# fresh machine. Idempotent: does nothing when everything is present.
#   KVER=6.12 (or a full version) also installs that kernel and its headers.
set -e

pkgs="make gcc pkg-config libnl-3-dev libnl-genl-3-dev libnl-route-3-dev
libnl-xfrm-3-dev libssl-dev clang libclang-rt-14-dev
linux-image-amd64 linux-headers-amd64 linux-source-6.12
python3-yaml python3-jsonschema
qemu-system-x86 python3-argcomplete python3-requests file busybox
iproute2 nftables kmod procps psmisc iputils-ping
xl2tpd ppp pptp-linux vpnc strongswan-charon strongswan-swanctl libstrongswan-extra-plugins
libstrongswan-standard-plugins
libcharon-extauth-plugins
dkms libcap2-bin man-db groff-base bsdextrautils systemd strace
freeradius freeradius-utils"

case "${KVER:-}" in
'') ;;
6.12*)
	if [ -d "/lib/modules/$KVER" ]; then
		pkgs="$pkgs linux-image-$KVER linux-headers-$KVER"
	else
		pkgs="$pkgs linux-image-6.12-amd64 linux-headers-6.12-amd64"
	fi ;;
*)
	[ -d "/lib/modules/$KVER/build" ] ||
		pkgs="$pkgs linux-image-$KVER linux-headers-$KVER" ;;
esac

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		grep -q '^install ok installed$' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "roam: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi

# The YNL generator and checkpatch come from the 6.12 source tarball.
src=/usr/src/linux-source-6.12
if [ ! -f "$src/tools/net/ynl/ynl-gen-c.py" ]; then
	tar -C /usr/src -xJf /usr/src/linux-source-6.12.tar.xz \
		linux-source-6.12/tools/net/ynl \
		linux-source-6.12/Documentation/netlink \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch
fi

bash "$(dirname "$0")/vm/setup-vng.sh"
