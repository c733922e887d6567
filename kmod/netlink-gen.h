/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/roam.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_ROAM_GEN_H
#define _LINUX_ROAM_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/roam.h>

/* Common nested types */
extern const struct nla_policy roam_l2tp_nl_policy[ROAM_A_L2TP_RX_UNBOUND + 1];
extern const struct nla_policy roam_pptp_nl_policy[ROAM_A_PPTP_RX_REORDERED + 1];

extern const struct nla_policy roam_dev_get_nl_policy[ROAM_A_DEV_IFNAME + 1];

extern const struct nla_policy roam_session_new_nl_policy[ROAM_A_SESSION_PPTP + 1];

extern const struct nla_policy roam_session_set_nl_policy[ROAM_A_SESSION_PPTP + 1];

extern const struct nla_policy roam_session_del_nl_policy[ROAM_A_SESSION_ID + 1];

extern const struct nla_policy roam_session_get_nl_policy[ROAM_A_SESSION_ID + 1];

extern const struct nla_policy roam_session_send_nl_policy[ROAM_A_SESSION_PPP_FRAME + 1];

/* Ops table for roam */
extern const struct genl_ops roam_nl_ops[6];

int roam_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int roam_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int roam_nl_session_new_doit(struct sk_buff *skb, struct genl_info *info);
int roam_nl_session_set_doit(struct sk_buff *skb, struct genl_info *info);
int roam_nl_session_del_doit(struct sk_buff *skb, struct genl_info *info);
int roam_nl_session_get_doit(struct sk_buff *skb, struct genl_info *info);
int roam_nl_session_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int roam_nl_session_send_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	ROAM_NLGRP_EVENTS,
};

extern const struct genl_multicast_group roam_nl_mcgrps[1];

#endif /* _LINUX_ROAM_GEN_H */
