/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roam - differences between the kernels roam builds for (Debian's 6.1 and
 * 6.12). Each helper hides one API change.
 */
#ifndef _ROAM_COMPAT_H
#define _ROAM_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
/* skb_gso_segment() moved from netdevice.h to its own header in 6.5. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

/* 6.12 (as Debian ships it) turned two feature bits into device flags. */
static inline void roam_compat_set_lltx_netns_local(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->lltx = true;
	dev->netns_immutable = true;
#else
	dev->features |= NETIF_F_LLTX | NETIF_F_NETNS_LOCAL;
#endif
}

/*
 * Since 6.6 the core allocates the per-CPU counters a device asks for, and
 * the UDP tunnel transmit path insists on knowing their type. Before, the
 * driver allocates them itself (roam_dev_init()).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define ROAM_CORE_TSTATS 1
static inline void roam_compat_core_tstats(struct net_device *dev)
{
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
}
#else
#define ROAM_CORE_TSTATS 0
static inline void roam_compat_core_tstats(struct net_device *dev)
{
}
#endif

/* The parsed attributes of a dump request moved in 6.2. */
static inline struct nlattr **roam_compat_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _ROAM_COMPAT_H */
