// SPDX-License-Identifier: GPL-2.0
/*
 * roam_pptp - the pptp encapsulation of roam: PPP in enhanced GRE (PPTP) with MPPE.
 *
 * This module registers the kind so that sessions of it can be declared,
 * listed and deleted, and so that unloading it tears its sessions down.
 * Its transmit path has no PPTP peer state yet: until a session is bound
 * to one, every packet routed to it is dropped and counted as the
 * session's tx_dropped.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netdevice.h>

#include "roam.h"

static int roam_pptp_xmit(struct roam_session *s, struct sk_buff *skb)
{
	net_dbg_ratelimited("session %u has no pptp peer bound, dropped\n",
			    s->id);
	kfree_skb(skb);
	return -ENOTCONN;
}

static const struct roam_encap roam_pptp_encap = {
	.kind = ROAM_KIND_PPTP,
	.name = "pptp",
	.owner = THIS_MODULE,
	.xmit = roam_pptp_xmit,
};

static int __init roam_pptp_init(void)
{
	return roam_encap_register(&roam_pptp_encap);
}

static void __exit roam_pptp_exit(void)
{
	roam_encap_unregister(&roam_pptp_encap);
}

module_init(roam_pptp_init);
module_exit(roam_pptp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("roam pptp encapsulation: PPP in enhanced GRE (PPTP) with MPPE");
MODULE_ALIAS("roam-encap-pptp");
