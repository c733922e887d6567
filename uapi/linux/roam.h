/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/roam.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_ROAM_H
#define _UAPI_LINUX_ROAM_H

#define ROAM_FAMILY_NAME	"roam"
#define ROAM_FAMILY_VERSION	1

#define ROAM_IFNAME_SIZE	16

/**
 * enum roam_kind - The encapsulation that carries a session.
 * @ROAM_KIND_L2TP: PPP in L2TPv2 over UDP (normally inside IPsec).
 * @ROAM_KIND_PPTP: PPP in enhanced GRE, with MPPE.
 */
enum roam_kind {
	ROAM_KIND_L2TP = 1,
	ROAM_KIND_PPTP,
};

/**
 * enum roam_state - Whether the kernel carries a session's data.
 * @ROAM_STATE_DOWN: Declared, but data is not carried yet (control still
 *   negotiating).
 * @ROAM_STATE_UP: Data is carried in both directions.
 */
enum roam_state {
	ROAM_STATE_DOWN = 1,
	ROAM_STATE_UP,
};

/**
 * enum roam_del_reason - Why a session was deleted.
 * @ROAM_DEL_REASON_ADMIN: Deleted on request over netlink.
 * @ROAM_DEL_REASON_DEVICE_GONE: Its device was deleted (or its namespace went
 *   away).
 * @ROAM_DEL_REASON_ENCAP_GONE: The module of its encapsulation was unloaded.
 */
enum roam_del_reason {
	ROAM_DEL_REASON_ADMIN = 1,
	ROAM_DEL_REASON_DEVICE_GONE,
	ROAM_DEL_REASON_ENCAP_GONE,
};

enum {
	ROAM_A_DEV_IFINDEX = 1,
	ROAM_A_DEV_IFNAME,
	ROAM_A_DEV_SESSIONS,
	ROAM_A_DEV_RX_PACKETS,
	ROAM_A_DEV_RX_BYTES,
	ROAM_A_DEV_TX_PACKETS,
	ROAM_A_DEV_TX_BYTES,
	ROAM_A_DEV_RX_DROPPED,
	ROAM_A_DEV_TX_DROPPED,
	ROAM_A_DEV_TX_NO_SESSION,

	__ROAM_A_DEV_MAX,
	ROAM_A_DEV_MAX = (__ROAM_A_DEV_MAX - 1)
};

enum {
	ROAM_A_SESSION_IFINDEX = 1,
	ROAM_A_SESSION_ID,
	ROAM_A_SESSION_KIND,
	ROAM_A_SESSION_STATE,
	ROAM_A_SESSION_IPV4,
	ROAM_A_SESSION_IPV6,
	ROAM_A_SESSION_PEER_IPV4,
	ROAM_A_SESSION_PEER_IPV6,
	ROAM_A_SESSION_PEER_PORT,
	ROAM_A_SESSION_RX_PACKETS,
	ROAM_A_SESSION_RX_BYTES,
	ROAM_A_SESSION_TX_PACKETS,
	ROAM_A_SESSION_TX_BYTES,
	ROAM_A_SESSION_RX_DROPPED,
	ROAM_A_SESSION_TX_DROPPED,
	ROAM_A_SESSION_DEL_REASON,
	ROAM_A_SESSION_L2TP,

	__ROAM_A_SESSION_MAX,
	ROAM_A_SESSION_MAX = (__ROAM_A_SESSION_MAX - 1)
};

enum {
	ROAM_A_L2TP_FD = 1,
	ROAM_A_L2TP_TUNNEL_ID,
	ROAM_A_L2TP_SESSION_ID,
	ROAM_A_L2TP_PEER_TUNNEL_ID,
	ROAM_A_L2TP_PEER_SESSION_ID,
	ROAM_A_L2TP_XFRM_MARK,
	ROAM_A_L2TP_ALLOW_PLAIN,
	ROAM_A_L2TP_RX_UNBOUND,

	__ROAM_A_L2TP_MAX,
	ROAM_A_L2TP_MAX = (__ROAM_A_L2TP_MAX - 1)
};

enum {
	ROAM_CMD_DEV_GET = 1,
	ROAM_CMD_SESSION_NEW,
	ROAM_CMD_SESSION_SET,
	ROAM_CMD_SESSION_DEL,
	ROAM_CMD_SESSION_GET,
	ROAM_CMD_SESSION_ADD_NTF,
	ROAM_CMD_SESSION_DEL_NTF,

	__ROAM_CMD_MAX,
	ROAM_CMD_MAX = (__ROAM_CMD_MAX - 1)
};

#define ROAM_MCGRP_EVENTS	"events"

#endif /* _UAPI_LINUX_ROAM_H */
