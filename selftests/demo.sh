#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side of `make demo`: boot the VM of $KVER and run demo_in_vm.sh.
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KVER=${KVER:-$(ls -1 /lib/modules | grep -E '^6\.1\.[0-9.-]+-amd64$' | sort -V | tail -n1)}
OUT=$(mktemp -d /tmp/roam-demo.XXXXXX)
"$DIR/vm/prep-modules.sh" "$KVER" "$DIR/../kmod" "$OUT/modindex"
exec "$DIR/vm/run-vm.sh" -k "$KVER" -o "$OUT" -- bash "$DIR/demo_in_vm.sh"
