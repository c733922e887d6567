#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, inside the VM: load the modules, start roamd with the default
# configuration, show what it set up, stop everything cleanly.
set -u
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TREE=$(cd "$DIR/.." && pwd)
source "$DIR/vm/install-tree.sh"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { echo "\$ $*"; "$@"; }

step "kernel $(uname -r): installing the tree's modules"
install_tree "$TREE"
[ "$ROAM_INSTALLED" -eq 3 ] || { echo "demo: modules missing"; exit 1; }
mount -t tmpfs roam-demo /run 2>/dev/null || true
mkdir -p /run/roam /etc/roam
install -m 0600 "$TREE/userspace/roamd/roamd.conf" /etc/roam/roamd.conf

step "starting roamd with the default configuration"
run cat /etc/roam/roamd.conf
roamd -f -c /etc/roam/roamd.conf > /run/roamd.log 2>&1 &
pid=$!
for _ in $(seq 50); do [ -S /run/roam/roamd.sock ] && break; sleep 0.1; done
run lsmod | grep -E '^roam' || true

step "the concentrator"
run roam link show
run roam -s link show
run roam session show
run roam -j -p session show
run roam pool show
run roam user show
run roam daemon show

step "stopping"
kill -TERM "$pid"
wait "$pid"
rc=$?
echo "roamd exited with $rc"
sed 's/^/roamd: /' /run/roamd.log
run ip link del roam0
run modprobe -r roam_l2tp roam_pptp roam
[ $rc -eq 0 ]
