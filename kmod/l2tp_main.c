// SPDX-License-Identifier: GPL-2.0
/*
 * roam_l2tp - the l2tp encapsulation of roam: PPP in L2TPv2 over UDP.
 *
 * This module registers the kind so that sessions of it can be declared,
 * listed and deleted, and so that unloading it tears its sessions down.
 * Its transmit path has no L2TP peer state yet: until a session is bound
 * to one, every packet routed to it is dropped and counted as the
 * session's tx_dropped.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netdevice.h>

#include "roam.h"

static int roam_l2tp_xmit(struct roam_session *s, struct sk_buff *skb)
{
	net_dbg_ratelimited("session %u has no l2tp peer bound, dropped\n",
			    s->id);
	kfree_skb(skb);
	return -ENOTCONN;
}

static const struct roam_encap roam_l2tp_encap = {
	.kind = ROAM_KIND_L2TP,
	.name = "l2tp",
	.owner = THIS_MODULE,
	.xmit = roam_l2tp_xmit,
};

static int __init roam_l2tp_init(void)
{
	return roam_encap_register(&roam_l2tp_encap);
}

static void __exit roam_l2tp_exit(void)
{
	roam_encap_unregister(&roam_l2tp_encap);
}

module_init(roam_l2tp_init);
module_exit(roam_l2tp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("roam l2tp encapsulation: PPP in L2TPv2 over UDP");
MODULE_ALIAS("roam-encap-l2tp");
