#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side of `make demo`: boot the VM of $KVER and run demo_in_vm.sh.
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$DIR/vm/run-vm.sh" ${KVER:+-k "$KVER"} -- bash "$DIR/demo_in_vm.sh"
