#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build, once, the debug kernel `make check-debug` boots: Debian's 6.1
# source (the linux-source-6.1 package) with KASAN, lockdep
# (PROVE_LOCKING), kmemleak and DEBUG_OBJECTS, configured as tinyconfig +
# selftests/vm/debug-kernel.config, and
# install it where the VM scripts look for a kernel:
#   /boot/vmlinuz-KREL, /boot/config-KREL, /lib/modules/KREL (build ->
#   the cached build tree, so kmod/ builds against it with KVER=KREL).
#
#   build-debug-kernel.sh [-p]
#     -p   print KREL and exit 0 if the kernel is built and installed,
#          exit 1 if not (nothing is built)
#
# The build is cached under $ROAM_DEBUG_KERNEL_CACHE (default
# /var/cache/roam/debug-kernel)/<package version>-<config hash>/, so a
# new source package or a changed fragment gives a new build and an
# unchanged one is never rebuilt. Each step leaves a stamp; a build that
# was interrupted goes on where it stopped (make is incremental).
# It runs at nice 19 with MAKE_JOBS (default 2) jobs: the machine is shared.
# Prints KREL on its last line of stdout; progress and step times on stderr.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FRAGMENT=$HERE/debug-kernel.config
TARBALL=${ROAM_DEBUG_KERNEL_SRC:-/usr/src/linux-source-6.1.tar.xz}
PKG=linux-source-6.1
ROOT=${ROAM_DEBUG_KERNEL_CACHE:-/var/cache/roam/debug-kernel}
JOBS=${MAKE_JOBS:-2}

say() { echo "build-debug-kernel: $*" >&2; }

print_only=0
[ "${1:-}" = "-p" ] && print_only=1

# What a kernel build needs beyond a C toolchain (tool or header: package).
need_pkgs() {
	local p='' t
	[ -r "$TARBALL" ] || p="$p $PKG"
	for t in bc:bc bison:bison flex:flex depmod:kmod cpio:cpio xz:xz-utils; do
		command -v "${t%%:*}" >/dev/null || p="$p ${t#*:}"
	done
	[ -r /usr/include/libelf.h ] || p="$p libelf-dev"
	[ -r /usr/include/openssl/ssl.h ] || p="$p libssl-dev"
	echo "$p"
}
missing_pkgs=$(need_pkgs)
if [ -n "$missing_pkgs" ]; then
	[ $print_only = 1 ] && exit 1
	say "installing$missing_pkgs"
	# shellcheck disable=SC2086 # one word per package
	apt-get install -y $missing_pkgs >&2
fi
pkgver=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null || echo unknown)
# The build's identity: the fragment, and RECIPE, to be changed with what
# configure() or build() do to the kernel (not with the rest of this file,
# so that a change of, say, its messages rebuilds nothing).
RECIPE="tinyconfig + fragment, bzImage modules: 1"
confhash=$(printf '%s\n' "$RECIPE" | cat "$FRAGMENT" - | sha256sum | cut -c1-12)
# One source tree per package version, one build tree per configuration.
SRCDIR=$ROOT/$pkgver
SRC=$SRCDIR/src
CACHE=$SRCDIR/build-$confhash
OBJ=$CACHE/obj

krel_of_build() { cat "$OBJ/include/config/kernel.release" 2>/dev/null; }

installed() {
	local krel
	krel=$(krel_of_build) || return 1
	[ -f "$CACHE/stamp-installed" ] &&
	[ -f "/boot/vmlinuz-$krel" ] && [ -d "/lib/modules/$krel/kernel" ] &&
	cmp -s "$OBJ/arch/x86/boot/bzImage" "/boot/vmlinuz-$krel" &&
	[ "$(readlink "/lib/modules/$krel/build")" = "$OBJ" ]
}

if [ $print_only = 1 ]; then
	installed || exit 1
	krel_of_build
	exit 0
fi

step() {	# step NAME CMD...: run once, timed, stamped
	local name=$1 t0
	shift
	[ -f "$CACHE/stamp-$name" ] && return 0
	say "$name..."
	t0=$(date +%s)
	"$@"
	echo "$(( $(date +%s) - t0 ))" > "$CACHE/stamp-$name"
	say "$name took $(cat "$CACHE/stamp-$name") s"
}

unpack() {	# the source tree, once per package version
	[ -f "$SRCDIR/stamp-unpacked" ] && return 0
	rm -rf "$SRC" "$SRCDIR/unpack"
	mkdir -p "$SRCDIR/unpack"
	nice -n 19 tar -xf "$TARBALL" -C "$SRCDIR/unpack"
	mv "$SRCDIR/unpack/$PKG" "$SRC"
	rmdir "$SRCDIR/unpack"
	touch "$SRCDIR/stamp-unpacked"
}

configure() {
	mkdir -p "$OBJ"
	make -s -C "$SRC" O="$OBJ" tinyconfig >&2
	(cd "$OBJ" && "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" \
		"$OBJ/.config" "$FRAGMENT") >"$CACHE/configure.log" 2>&1
	make -s -C "$SRC" O="$OBJ" olddefconfig >&2
	# Kconfig drops what it cannot satisfy without a word: check that
	# every y/m of the fragment made it.
	local missing=
	while IFS= read -r line; do
		# =m asked, =y given (selected by a built-in) is as good
		grep -qxE -- "${line%=m}(=[ym])?" "$OBJ/.config" ||
			missing="$missing ${line%%=*}"
	done < <(grep -E '^CONFIG_[A-Z0-9_]+=[ym]$' "$FRAGMENT")
	if [ -n "$missing" ]; then
		say "the configuration lacks:$missing"
		return 1
	fi
}

build() {
	nice -n 19 make -C "$SRC" O="$OBJ" -j"$JOBS" bzImage modules >"$CACHE/build.log" 2>&1 || {
		say "kernel build failed, log $CACHE/build.log:"
		tail -n 30 "$CACHE/build.log" >&2
		return 1
	}
}

modules_install() {
	rm -rf "$CACHE/install"
	make -s -C "$SRC" O="$OBJ" INSTALL_MOD_PATH="$CACHE/install" \
		modules_install >&2
}

install_kernel() {
	local krel
	krel=$(krel_of_build)
	install -m 644 "$OBJ/arch/x86/boot/bzImage" "/boot/vmlinuz-$krel"
	install -m 644 "$OBJ/.config" "/boot/config-$krel"
	install -m 644 "$OBJ/System.map" "/boot/System.map-$krel"
	rm -rf "/lib/modules/$krel"
	cp -a "$CACHE/install/lib/modules/$krel" "/lib/modules/$krel"
	rm -f "/lib/modules/$krel/build" "/lib/modules/$krel/source"
	ln -s "$OBJ" "/lib/modules/$krel/build"
	ln -s "$SRC" "/lib/modules/$krel/source"
}

mkdir -p "$CACHE"
say "cache $CACHE ($PKG $pkgver, config $confhash)"
if installed; then
	krel_of_build
	exit 0
fi
rm -f "$CACHE/stamp-installed"
[ -f "$SRCDIR/stamp-unpacked" ] || rm -f "$CACHE"/stamp-*
step unpack unpack
step configure configure
rm -f "$CACHE/stamp-modules_install"
build_t0=$(date +%s)
say "building bzImage and modules (nice 19, -j$JOBS, log $CACHE/build.log)..."
build
say "build took $(( $(date +%s) - build_t0 )) s"
step modules_install modules_install
install_kernel
touch "$CACHE/stamp-installed"
# Builds of an older configuration of this source are of no more use.
for d in "$SRCDIR"/build-*; do
	[ "$(readlink -f "$d")" = "$(readlink -f "$CACHE")" ] || rm -rf "$d"
done
say "installed $(krel_of_build)"
krel_of_build
