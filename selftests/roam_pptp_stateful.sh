#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# roam_pptp_clients.sh with its case 2 as well: MS-CHAPv2 with MPPE-128
# stateful over a lossy GRE path, which must recover through CCP resets
# once the losses stop.  Not in make check: with Linux's pppd as the
# client the office is not reached again after the losses (see the
# admin guide's PPTP section: stateless MPPE is the default).
PPTP_STATEFUL_LOSS=1 PPTP_TEST_NAME=roam_pptp_stateful \
	exec bash "$(dirname "$0")/roam_pptp_clients.sh"
