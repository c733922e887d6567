// SPDX-License-Identifier: GPL-2.0
/*
 * roam - the roam net_device: one device carries the inner packets of all
 * sessions. Transmit picks the session by the packet's destination address;
 * receive checks that an inner packet's source is the session's own
 * address before delivering it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ipv6.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "core.h"

#define ROAM_DEFAULT_MTU 1400

DEFINE_MUTEX(roam_devs_lock);
LIST_HEAD(roam_devs);

/*
 * Per namespace: a generation bumped on every change of its roam devices
 * or of their sessions, so that a dump in one namespace is not marked
 * interrupted by changes in another.
 */
struct roam_net {
	atomic_t generation;
};

static unsigned int roam_net_id __read_mostly;

atomic_t *roam_net_generation(struct net *net)
{
	struct roam_net *rn = net_generic(net, roam_net_id);

	return &rn->generation;
}

static int __net_init roam_net_init(struct net *net)
{
	/* never 0: a dump whose first part saw 0 would not be checked */
	atomic_set(roam_net_generation(net), 1);
	return 0;
}

static struct pernet_operations roam_net_ops = {
	.init = roam_net_init,
	.id = &roam_net_id,
	.size = sizeof(struct roam_net),
};

static struct rtnl_link_ops roam_link_ops;

struct roam_dev *roam_dev_from_netdev(const struct net_device *dev)
{
	if (!dev || dev->rtnl_link_ops != &roam_link_ops)
		return NULL;
	return netdev_priv(dev);
}

static struct roam_session *roam_xmit_lookup(struct roam_dev *rdev,
					     struct sk_buff *skb)
{
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!pskb_network_may_pull(skb, sizeof(struct iphdr)))
			return NULL;
		return roam_session_lookup_ipv4(rdev, ip_hdr(skb)->daddr);
	case htons(ETH_P_IPV6):
		if (!pskb_network_may_pull(skb, sizeof(struct ipv6hdr)))
			return NULL;
		return roam_session_lookup_ipv6(rdev, &ipv6_hdr(skb)->daddr);
	default:
		return NULL;
	}
}

static netdev_tx_t roam_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct roam_dev *rdev = netdev_priv(dev);
	struct roam_session *s;
	unsigned int len;

	/* ndo_start_xmit runs inside rcu_read_lock_bh(). */
	s = roam_xmit_lookup(rdev, skb);
	if (unlikely(!s)) {
		atomic64_inc(&rdev->tx_no_session);
		goto drop;
	}
	if (unlikely(READ_ONCE(s->state) != ROAM_STATE_UP)) {
		atomic64_inc(&s->stats.tx_dropped);
		goto drop;
	}
	len = skb->len;
	if (unlikely(s->encap->xmit(s, skb))) {
		atomic64_inc(&s->stats.tx_dropped);
		atomic64_inc(&rdev->tx_dropped);
		return NETDEV_TX_OK;
	}
	/* The device's own tx counters: the encapsulation's send path. */
	atomic64_inc(&s->stats.tx_packets);
	atomic64_add(len, &s->stats.tx_bytes);
	return NETDEV_TX_OK;

drop:
	atomic64_inc(&rdev->tx_dropped);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static bool roam_rx_source_ok(struct roam_session *s, struct sk_buff *skb)
{
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		/* pairs with roam_session_set_ipv4(): the address is set first */
		return smp_load_acquire(&s->has_ipv4) &&
		       ip_hdr(skb)->saddr == s->ipv4;
	case htons(ETH_P_IPV6):
		/* Link-local sources are how IPv6 neighbours first talk. */
		return (s->has_ipv6 &&
			ipv6_addr_equal(&ipv6_hdr(skb)->saddr, &s->ipv6)) ||
		       ipv6_addr_type(&ipv6_hdr(skb)->saddr) &
		       IPV6_ADDR_LINKLOCAL;
	default:
		return false;
	}
}

/**
 * roam_session_rx - deliver an inner packet received for a session
 * @s: the session it arrived on (caller holds the RCU read lock)
 * @skb: the inner IPv4 or IPv6 packet, network header at skb->data
 *
 * Consumes @skb. A packet whose source is not the session's address is a
 * spoofing attempt from one client against another, and is dropped.
 */
void roam_session_rx(struct roam_session *s, struct sk_buff *skb)
{
	struct roam_dev *rdev = s->rdev;
	struct net_device *dev = rdev->dev;
	unsigned int len;

	if (unlikely(READ_ONCE(s->state) != ROAM_STATE_UP))
		goto drop;
	if (!pskb_may_pull(skb, 1))
		goto drop;
	switch (skb->data[0] >> 4) {
	case 4:
		if (!pskb_may_pull(skb, sizeof(struct iphdr)))
			goto drop;
		skb->protocol = htons(ETH_P_IP);
		break;
	case 6:
		if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)))
			goto drop;
		skb->protocol = htons(ETH_P_IPV6);
		break;
	default:
		goto drop;
	}
	skb_reset_network_header(skb);
	if (unlikely(!roam_rx_source_ok(s, skb))) {
		net_dbg_ratelimited("%s: session %u sent from a foreign address\n",
				    dev->name, s->id);
		goto drop;
	}
	skb_scrub_packet(skb, skb->dev && !net_eq(dev_net(dev), dev_net(skb->dev)));
	skb->dev = dev;
	skb->pkt_type = PACKET_HOST;
	skb->ip_summed = CHECKSUM_NONE;
	skb_reset_mac_header(skb);
	len = skb->len;
	atomic64_inc(&s->stats.rx_packets);
	atomic64_add(len, &s->stats.rx_bytes);
	if (likely(netif_rx(skb) == NET_RX_SUCCESS))
		dev_sw_netstats_rx_add(dev, len);
	else
		atomic64_inc(&rdev->rx_dropped);
	return;

drop:
	roam_session_rx_drop(s);
	kfree_skb(skb);
}
EXPORT_SYMBOL_GPL(roam_session_rx);

static void roam_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *stats)
{
	struct roam_dev *rdev = netdev_priv(dev);

	dev_fetch_sw_netstats(stats, dev->tstats);
	stats->tx_dropped = atomic64_read(&rdev->tx_dropped);
	stats->rx_dropped = atomic64_read(&rdev->rx_dropped);
}

static int roam_dev_init(struct net_device *dev)
{
	struct roam_dev *rdev = netdev_priv(dev);
	int err;

	if (!ROAM_CORE_TSTATS) {
		dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
		if (!dev->tstats)
			return -ENOMEM;
	}
	err = roam_sessions_init(rdev);
	if (err) {
		if (!ROAM_CORE_TSTATS) {
			free_percpu(dev->tstats);
			dev->tstats = NULL;
		}
		return err;
	}
	rdev->generation = roam_net_generation(dev_net(dev));
	rdev->initialised = true;
	return 0;
}

/*
 * The tables and counters live until the last reference to the device is
 * gone (netlink handlers hold one while they work), not just until
 * unregistration. Also runs when register_netdevice() fails after
 * ndo_init succeeded.
 */
static void roam_dev_destruct(struct net_device *dev)
{
	struct roam_dev *rdev = netdev_priv(dev);

	if (!rdev->initialised)
		return;
	roam_sessions_uninit(rdev);
	if (!ROAM_CORE_TSTATS) {
		free_percpu(dev->tstats);
		dev->tstats = NULL;
	}
}

static const struct net_device_ops roam_netdev_ops = {
	.ndo_init = roam_dev_init,
	.ndo_start_xmit = roam_xmit,
	.ndo_get_stats64 = roam_get_stats64,
};

static void roam_setup(struct net_device *dev)
{
	struct roam_dev *rdev = netdev_priv(dev);

	dev->netdev_ops = &roam_netdev_ops;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->mtu = ROAM_DEFAULT_MTU;
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = ETH_DATA_LEN;
	dev->needs_free_netdev = true;
	dev->priv_destructor = roam_dev_destruct;
	roam_compat_set_lltx_netns_local(dev);
	roam_compat_core_tstats(dev);

	memset(rdev, 0, sizeof(*rdev));
	rdev->dev = dev;
	INIT_LIST_HEAD(&rdev->list);
}

static int roam_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	struct roam_dev *rdev = netdev_priv(dev);
	int err;

	err = register_netdevice(dev);
	if (err)
		return err;
	mutex_lock(&roam_devs_lock);
	list_add_tail(&rdev->list, &roam_devs);
	atomic_inc(rdev->generation);
	mutex_unlock(&roam_devs_lock);
	pr_debug("device %s created\n", dev->name);
	return 0;
}

/*
 * Also called for every roam device of a namespace that goes away, and for
 * all of them when the module is unloaded.
 */
static void roam_dellink(struct net_device *dev, struct list_head *head)
{
	struct roam_dev *rdev = netdev_priv(dev);

	mutex_lock(&roam_devs_lock);
	list_del_init(&rdev->list);
	atomic_inc(rdev->generation);
	mutex_unlock(&roam_devs_lock);
	roam_dev_flush(rdev, NULL, ROAM_DEL_REASON_DEVICE_GONE);
	pr_debug("device %s deleted\n", dev->name);
	unregister_netdevice_queue(dev, head);
}

static struct rtnl_link_ops roam_link_ops = {
	.kind = "roam",
	.priv_size = sizeof(struct roam_dev),
	.setup = roam_setup,
	.newlink = roam_newlink,
	.dellink = roam_dellink,
};

int roam_device_init(void)
{
	int err;

	err = register_pernet_subsys(&roam_net_ops);
	if (err)
		return err;
	err = rtnl_link_register(&roam_link_ops);
	if (err)
		unregister_pernet_subsys(&roam_net_ops);
	return err;
}

void roam_device_uninit(void)
{
	rtnl_link_unregister(&roam_link_ops);
	unregister_pernet_subsys(&roam_net_ops);
}
