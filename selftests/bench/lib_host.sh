# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the host sides of the benchmarks (bench.sh, scale.sh): the
# kernel, the output folder, the built modules, and the VM run, the way
# check.sh does them. The caller sets DIR (its own folder) first.

ST=$(cd "$DIR/.." && pwd)
TREE=$(cd "$ST/.." && pwd)

# host_init NAME PROG...: KVER (default the newest 6.1), OUT (ROAM_BENCH_OUT
# or a new /tmp/roam-NAME.XXXXXX), virtme-ng, and KMOD: the folder of
# roam*.ko built for KVER; every PROG (a path under the tree) must be built.
host_init() {
	local name=$1 f vm
	shift
	if [ -z "${KVER:-}" ]; then
		KVER=$(find /lib/modules -mindepth 1 -maxdepth 1 -name '6.1.*-amd64' -printf '%f\n' 2>/dev/null |
			sort -V | tail -n1)
	fi
	export KVER
	OUT=${ROAM_BENCH_OUT:-$(mktemp -d "/tmp/roam-$name.XXXXXX")}
	mkdir -p "$OUT"
	OUT=$(cd "$OUT" && pwd)
	# shellcheck disable=SC2034 # read by the caller
	T0=$(date +%s)
	echo "$name: kernel $KVER, output in $OUT"
	"$ST/vm/setup-vng.sh" || { echo "$name: setup-vng.sh failed" >&2; exit 125; }

	KMOD=$(cd "${ROAM_KMOD_DIR:-$TREE/kmod}" && pwd) || exit 1
	for f in "$KMOD/roam.ko" "$KMOD/roam_l2tp.ko" "$KMOD/roam_pptp.ko" "$@"; do
		[ -f "$f" ] || { echo "$name: $f is not built (make $name builds it)" >&2; exit 1; }
	done
	vm=$(modinfo -F vermagic "$KMOD/roam.ko" | awk '{print $1}')
	if [ "$vm" != "$KVER" ]; then
		echo "$name: $KMOD/roam.ko is built for $vm, not $KVER (make KVER=$KVER all, or ROAM_KMOD_DIR)" >&2
		exit 1
	fi
}

# host_run NAME LOG TIMEOUT CMD...: boot KVER and run CMD inside, its output
# also in OUT/LOG; the VM's exit status in RC.
host_run() {
	local name=$1 log=$2 limit=$3
	shift 3
	mkdir -p "$OUT/vm"
	"$ST/vm/prep-modules.sh" "$KVER" "$KMOD" "$OUT/vm/modindex" ||
		echo "$name: could not index the modules on the host; the VM runs depmod"
	ROAM_VM_TIMEOUT=${ROAM_VM_TIMEOUT:-$limit} \
		"$ST/vm/run-vm.sh" -k "$KVER" -o "$OUT/vm" -- "$@" | tee "$OUT/$log"
	# shellcheck disable=SC2034 # read by the caller
	RC=${PIPESTATUS[0]}
	echo
}
