#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the VM tests need on the host, idempotently:
#
#  * from the system's own (bookworm) sources, with apt-get install:
#    qemu-system-x86, busybox, file, python3-argcomplete, python3-requests,
#    python3-pkg-resources (virtme-ng's run-time dependencies) and what the
#    tests use: iproute2, kmod, iputils-ping, gcc/make/libc6-dev, and
#    pkg-config + libnl for a test helper;
#  * virtme-ng from Debian trixie, which bookworm does not package. It is
#    fetched with apt-get through a PRIVATE sources list, lists directory and
#    package cache (the system's apt configuration is not touched), and
#    unpacked with dpkg-deb -x into $ROAM_VNG_CACHE (default
#    /var/cache/roam/virtme-ng). It is pure Python; run-vm.sh runs it with
#    /usr/bin/python3 and PYTHONPATH pointing into that folder.
#
# Environment:
#   ROAM_VNG_CACHE   where virtme-ng is unpacked (default /var/cache/roam/virtme-ng)
#   ROAM_VNG_SUITE   Debian suite to take virtme-ng from (default trixie)
#   ROAM_VNG_FORCE=1 download and unpack again even if already present
#
# Prints the path of the vng launcher on its last line.
# run-vm.sh finds the launcher and the static busybox in the same cache.

set -euo pipefail

CACHE=${ROAM_VNG_CACHE:-/var/cache/roam/virtme-ng}
SUITE=${ROAM_VNG_SUITE:-trixie}
HOST_PKGS="qemu-system-x86 busybox file python3-argcomplete python3-requests python3-pkg-resources iproute2 kmod gcc make libc6-dev pkg-config libnl-3-dev libnl-genl-3-dev iputils-ping"

say() { echo "setup-vng: $*"; }
die() { echo "setup-vng: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, /var/cache)"

# --- 1. host packages from the system's sources -----------------------------
missing=""
for p in $HOST_PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	say "installing from the system's sources:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# Wait for another apt/dpkg run instead of failing on its lock.
	if ! apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends $missing; then
		say "install failed; refreshing the package lists once and retrying"
		apt-get -o DPkg::Lock::Timeout=900 update
		apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends $missing
	fi
else
	say "host packages present: $HOST_PKGS"
fi

# --- 2. virtme-ng from $SUITE, through a private apt configuration -----------
VNG_PY="$CACHE/root/usr/lib/python3/dist-packages"
STAMP="$CACHE/installed-version"

if [ "${ROAM_VNG_FORCE:-0}" != 1 ] && [ -s "$STAMP" ] && [ -d "$VNG_PY/virtme_ng" ]; then
	say "virtme-ng $(cat "$STAMP") already unpacked in $CACHE"
else
	# The mirror and keyring the system already uses for Debian.
	uri=""
	keyring=""
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		u=$(awk '/^URIs:/ {print $2; exit}' "$f")
		case "$u" in
		*/debian|*/debian/)
			uri=${u%/}
			keyring=$(awk '/^Signed-By:/ {print $2; exit}' "$f")
			break ;;
		esac
	done
	if [ -z "$uri" ]; then
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -e "$f" ] || continue
			u=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' "$f" |
			    grep -E '/debian/?$' | head -n1 || true)
			if [ -n "$u" ]; then uri=${u%/}; break; fi
		done
	fi
	uri=${uri:-http://deb.debian.org/debian}
	keyring=${keyring:-/usr/share/keyrings/debian-archive-keyring.gpg}
	[ -r "$keyring" ] || die "keyring $keyring not readable"

	APTDIR="$CACHE/apt"
	say "fetching virtme-ng from $uri $SUITE (private apt state in $APTDIR)"
	rm -rf "$APTDIR"
	mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/debs"
	echo "deb [signed-by=$keyring] $uri $SUITE main" > "$APTDIR/sources.list"
	# Our own Dir::Etc::SourceList/SourceParts, lists and caches: nothing
	# of the system's apt state is read for sources or written.
	APT_OPTS=(
		-o "Dir::Etc::SourceList=$APTDIR/sources.list"
		-o "Dir::Etc::SourceParts=/dev/null"
		-o "Dir::State::Lists=$APTDIR/lists"
		-o "Dir::Cache=$APTDIR/cache"
		-o "Dir::Cache::archives=$APTDIR/cache/archives"
		-o "APT::Get::List-Cleanup=0"
		-o "Acquire::Languages=none"
		-o "APT::Sandbox::User=root"
	)
	say "apt-get ${APT_OPTS[*]} update"
	apt-get "${APT_OPTS[@]}" update
	ver=$(apt-cache "${APT_OPTS[@]}" show virtme-ng 2>/dev/null |
	      awk '/^Version:/ {print $2; exit}')
	[ -n "$ver" ] || die "virtme-ng not found in $SUITE"
	say "apt-get download virtme-ng=$ver"
	(cd "$APTDIR/debs" && apt-get "${APT_OPTS[@]}" download "virtme-ng=$ver")
	deb=$(ls "$APTDIR"/debs/virtme-ng_*.deb | head -n1)
	[ -n "$deb" ] || die "download produced no .deb"
	say "dependencies of $deb: $(dpkg-deb -f "$deb" Depends)"
	rm -rf "$CACHE/root"
	mkdir -p "$CACHE/root"
	say "dpkg-deb -x $deb $CACHE/root"
	dpkg-deb -x "$deb" "$CACHE/root"
	[ -d "$VNG_PY/virtme_ng" ] || die "unexpected package layout: no $VNG_PY/virtme_ng"
	echo "$ver" > "$STAMP"
	rm -rf "$APTDIR/lists" "$APTDIR/cache"
fi

# --- 2b. the script's I/O ports when udev is slow ---------------------------
# virtme-init waits for udev's coldplug (`udevadm settle`, 120 s at most) and
# then looks for the /dev/virtio-ports/virtme.* links, which only udev
# makes. On the debug kernel (make check-debug) fork and exec are ~20 times
# slower, the settle times out before udev reaches the virtio ports, and
# the VM powers off without running anything. The unpacked copy is given a
# fallback after the settle: each named port of /sys/class/virtio-ports
# gets its link, as udev's rule would make it. Where udev was in time,
# the links exist and nothing changes. Idempotent; written by rename,
# since VMs that boot meanwhile read the file.
VINIT="$VNG_PY/virtme/guest/virtme-init"
VINIT_MARK="roam: virtio-ports links without udev"
if [ -f "$VINIT" ] && ! grep -q "$VINIT_MARK" "$VINIT"; then
	grep -q '^    log "udev is done"$' "$VINIT" ||
		die "$VINIT: no 'udev is done' line to add the ports' fallback after"
	new=$(mktemp "$VINIT.XXXXXX")
	awk -v mark="$VINIT_MARK" '
		{ print }
		/^    log "udev is done"$/ {
			print "    # " mark
			print "    for p in /sys/class/virtio-ports/*; do"
			print "        [ -r \"$p/name\" ] || continue"
			print "        n=$(cat \"$p/name\")"
			print "        [ -n \"$n\" ] || continue"
			print "        mkdir -p /dev/virtio-ports"
			print "        [ -e \"/dev/virtio-ports/$n\" ] ||"
			print "            ln -s \"../${p##*/}\" \"/dev/virtio-ports/$n\""
			print "    done"
		}' "$VINIT" > "$new"
	chmod 755 "$new"
	mv -f "$new" "$VINIT"
	say "virtme-init: links to the script's ports added when udev is late"
fi

# --- 3. a statically linked busybox for the VM's initramfs -------------------
# virtme-ng builds an initramfs around busybox and needs a static one.
# bookworm's busybox-static conflicts with the installed busybox package, so
# it is not installed: its .deb is downloaded from the system's own sources
# and only the binary is unpacked into the cache (run-vm.sh passes --busybox).
BUSYBOX="$CACHE/busybox-static"
if [ -x "$BUSYBOX" ] && file -L "$BUSYBOX" | grep -q "statically linked"; then
	say "static busybox present: $BUSYBOX"
else
	say "fetching busybox-static from the system's sources (download only, not installed)"
	bbdir=$(mktemp -d)
	chmod 755 "$bbdir"
	if ! (cd "$bbdir" && apt-get -o APT::Sandbox::User=root download busybox-static); then
		apt-get -o DPkg::Lock::Timeout=900 update
		(cd "$bbdir" && apt-get -o APT::Sandbox::User=root download busybox-static)
	fi
	dpkg-deb -x "$bbdir"/busybox-static_*.deb "$bbdir/x"
	install -m 755 "$bbdir/x/bin/busybox" "$BUSYBOX"
	rm -rf "$bbdir"
	file -L "$BUSYBOX" | grep -q "statically linked" || die "$BUSYBOX is not static"
	say "static busybox unpacked to $BUSYBOX"
fi

# --- 4. a launcher that runs it with the system python ------------------------
LAUNCHER="$CACHE/vng"
# a name of its own, then an atomic rename: two runs at once (make check
# boots two VMs) each write their own copy, and the last rename wins
new=$(mktemp "$LAUNCHER.XXXXXX")
cat > "$new" <<EOF
#!/bin/sh
# virtme-ng $(cat "$STAMP") unpacked from Debian $SUITE by setup-vng.sh
PYTHONPATH="$VNG_PY\${PYTHONPATH:+:\$PYTHONPATH}" \\
PATH="$CACHE/root/usr/bin:\$PATH" \\
exec /usr/bin/python3 -c 'import sys; from virtme_ng.run import main; sys.exit(main())' "\$@"
EOF
chmod 755 "$new"
mv -f "$new" "$LAUNCHER"
"$LAUNCHER" --version >/dev/null 2>&1 || die "$LAUNCHER --version fails"
say "virtme-ng: $("$LAUNCHER" --version 2>&1 | head -n1)"
echo "$LAUNCHER"
