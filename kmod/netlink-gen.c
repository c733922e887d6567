// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/roam.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/roam.h>

/* Common nested types */
const struct nla_policy roam_l2tp_nl_policy[ROAM_A_L2TP_RX_UNBOUND + 1] = {
	[ROAM_A_L2TP_FD] = { .type = NLA_U32, },
	[ROAM_A_L2TP_TUNNEL_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[ROAM_A_L2TP_SESSION_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[ROAM_A_L2TP_PEER_TUNNEL_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[ROAM_A_L2TP_PEER_SESSION_ID] = NLA_POLICY_MIN(NLA_U16, 1),
	[ROAM_A_L2TP_XFRM_MARK] = NLA_POLICY_MIN(NLA_U32, 1),
	[ROAM_A_L2TP_ALLOW_PLAIN] = { .type = NLA_FLAG, },
	[ROAM_A_L2TP_RX_UNBOUND] = { .type = NLA_U64, },
};

const struct nla_policy roam_pptp_nl_policy[ROAM_A_PPTP_RX_REORDERED + 1] = {
	[ROAM_A_PPTP_CALL_ID] = { .type = NLA_U16, },
	[ROAM_A_PPTP_PEER_CALL_ID] = { .type = NLA_U16, },
	[ROAM_A_PPTP_LOCAL_IPV4] = { .type = NLA_U32, },
	[ROAM_A_PPTP_MPPE_BITS] = { .type = NLA_U8, },
	[ROAM_A_PPTP_MPPE_STATELESS] = { .type = NLA_FLAG, },
	[ROAM_A_PPTP_MPPE_SEND_KEY] = { .type = NLA_BINARY, },
	[ROAM_A_PPTP_MPPE_RECV_KEY] = { .type = NLA_BINARY, },
	[ROAM_A_PPTP_RX_SEQ_DROPPED] = { .type = NLA_U64, },
	[ROAM_A_PPTP_RX_MPPE_ERRORS] = { .type = NLA_U64, },
	[ROAM_A_PPTP_RX_UNBOUND] = { .type = NLA_U64, },
	[ROAM_A_PPTP_RX_MALFORMED] = { .type = NLA_U64, },
	[ROAM_A_PPTP_ACKS_SENT] = { .type = NLA_U64, },
	[ROAM_A_PPTP_RX_REORDERED] = { .type = NLA_U64, },
};

/* ROAM_CMD_DEV_GET - do */
const struct nla_policy roam_dev_get_nl_policy[ROAM_A_DEV_IFNAME + 1] = {
	[ROAM_A_DEV_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[ROAM_A_DEV_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* ROAM_CMD_SESSION_NEW - do */
const struct nla_policy roam_session_new_nl_policy[ROAM_A_SESSION_PPTP + 1] = {
	[ROAM_A_SESSION_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[ROAM_A_SESSION_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[ROAM_A_SESSION_KIND] = NLA_POLICY_RANGE(NLA_U32, 1, 2),
	[ROAM_A_SESSION_STATE] = NLA_POLICY_RANGE(NLA_U32, 1, 2),
	[ROAM_A_SESSION_IPV4] = { .type = NLA_U32, },
	[ROAM_A_SESSION_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[ROAM_A_SESSION_PEER_IPV4] = { .type = NLA_U32, },
	[ROAM_A_SESSION_PEER_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[ROAM_A_SESSION_PEER_PORT] = { .type = NLA_U16, },
	[ROAM_A_SESSION_L2TP] = NLA_POLICY_NESTED(roam_l2tp_nl_policy),
	[ROAM_A_SESSION_PPTP] = NLA_POLICY_NESTED(roam_pptp_nl_policy),
};

/* ROAM_CMD_SESSION_SET - do */
const struct nla_policy roam_session_set_nl_policy[ROAM_A_SESSION_PPTP + 1] = {
	[ROAM_A_SESSION_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[ROAM_A_SESSION_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[ROAM_A_SESSION_STATE] = NLA_POLICY_RANGE(NLA_U32, 1, 2),
	[ROAM_A_SESSION_IPV4] = { .type = NLA_U32, },
	[ROAM_A_SESSION_PEER_IPV4] = { .type = NLA_U32, },
	[ROAM_A_SESSION_PEER_PORT] = { .type = NLA_U16, },
	[ROAM_A_SESSION_PPTP] = NLA_POLICY_NESTED(roam_pptp_nl_policy),
	[ROAM_A_SESSION_L2TP] = NLA_POLICY_NESTED(roam_l2tp_nl_policy),
};

/* ROAM_CMD_SESSION_DEL - do */
const struct nla_policy roam_session_del_nl_policy[ROAM_A_SESSION_ID + 1] = {
	[ROAM_A_SESSION_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[ROAM_A_SESSION_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* ROAM_CMD_SESSION_GET - do */
const struct nla_policy roam_session_get_nl_policy[ROAM_A_SESSION_ID + 1] = {
	[ROAM_A_SESSION_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[ROAM_A_SESSION_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* ROAM_CMD_SESSION_SEND - do */
const struct nla_policy roam_session_send_nl_policy[ROAM_A_SESSION_PPP_FRAME + 1] = {
	[ROAM_A_SESSION_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[ROAM_A_SESSION_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[ROAM_A_SESSION_PPP_FRAME] = { .type = NLA_BINARY, },
};

/* Ops table for roam */
const struct genl_ops roam_nl_ops[6] = {
	{
		.cmd		= ROAM_CMD_DEV_GET,
		.doit		= roam_nl_dev_get_doit,
		.dumpit		= roam_nl_dev_get_dumpit,
		.policy		= roam_dev_get_nl_policy,
		.maxattr	= ROAM_A_DEV_IFNAME,
	},
	{
		.cmd		= ROAM_CMD_SESSION_NEW,
		.doit		= roam_nl_session_new_doit,
		.policy		= roam_session_new_nl_policy,
		.maxattr	= ROAM_A_SESSION_PPTP,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= ROAM_CMD_SESSION_SET,
		.doit		= roam_nl_session_set_doit,
		.policy		= roam_session_set_nl_policy,
		.maxattr	= ROAM_A_SESSION_PPTP,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= ROAM_CMD_SESSION_DEL,
		.doit		= roam_nl_session_del_doit,
		.policy		= roam_session_del_nl_policy,
		.maxattr	= ROAM_A_SESSION_ID,
		.flags		= GENL_ADMIN_PERM,
	},
	{
		.cmd		= ROAM_CMD_SESSION_GET,
		.doit		= roam_nl_session_get_doit,
		.dumpit		= roam_nl_session_get_dumpit,
		.policy		= roam_session_get_nl_policy,
		.maxattr	= ROAM_A_SESSION_ID,
	},
	{
		.cmd		= ROAM_CMD_SESSION_SEND,
		.doit		= roam_nl_session_send_doit,
		.policy		= roam_session_send_nl_policy,
		.maxattr	= ROAM_A_SESSION_PPP_FRAME,
		.flags		= GENL_ADMIN_PERM,
	},
};

const struct genl_multicast_group roam_nl_mcgrps[1] = {
	[ROAM_NLGRP_EVENTS] = { "events", },
};
