#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# MS-CHAPv2 with MPPE-128 stateful over a lossy GRE path
# (netem drops a quarter of the client's GRE), recovered by CCP
# Reset-Request/Reset-Ack; the session stays up and the office is
# reached again once the losses stop. The case lives in
# roam_pptp_clients.sh (PPTP_STATEFUL_LOSS=1 runs it alone).
PPTP_STATEFUL_LOSS=1 PPTP_TEST_NAME=roam_pptp_stateful \
	exec bash "$(dirname "$0")/roam_pptp_clients.sh"
