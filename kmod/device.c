// SPDX-License-Identifier: GPL-2.0
/*
 * roam - the roam net_device: one device carries the inner packets of all
 * sessions. Transmit picks the session by the packet's destination address;
 * receive checks that an inner packet's source is the session's own
 * address before delivering it.
 *
 * The device offers GSO and checksum offload to the stack above it, so a
 * TCP sender hands it one packet of up to 64 KB rather than forty of the
 * MTU: the route, netfilter and qdisc work is done once. An encapsulation
 * that can (L2TP: its headers carry no length, so one copy of them fits
 * every segment) takes that packet whole and hands it to the outer IP
 * layer as one UDP tunnel GSO packet: the outer route, netfilter and
 * neighbour work is done once as well, and the segments are cut only by
 * the egress device (or by xfrm before ESP). For the others (MPPE, which
 * encrypts in place and numbers each frame) transmit cuts it into segments
 * of the MTU here and hands each to the encapsulation in order.
 * Received packets go through GRO (one gro_cell per CPU) so that what is
 * forwarded or delivered is batched the same way.
 *
 * The device has a transmit queue (a qdisc) per CPU rather than none: the
 * core picks a queue by the flow's hash, so the packets of one flow pass
 * one queue in order, while flows spread over the queues. Without queues,
 * a TCP sender that transmits from two CPUs in turn (from its process and
 * from the softirq that took an ACK) can have both CPUs encapsulating the
 * same flow at once, and its segments leave interleaved: the client sees
 * reordering, and the sender retransmits spuriously (DSACKs) and cuts its
 * window. A packet the qdisc drops (its queue full) is counted
 * in its statistics ("tc -s qdisc show dev roam0").
 *
 * Counters: the device's packet and byte counters are the per-CPU tstats
 * (the tunnel send helpers add what leaves; receive adds what is
 * delivered). Drops are counted in the per-CPU core counters
 * (dev_core_stats_*_dropped_inc(), the ones gro_cells and the backlog use
 * too), errors of the send helpers in dev->stats: "ip -s link show" and
 * "roam -s link show" both show the sum.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/gro_cells.h>
#include <net/ipv6.h>
#include <net/netns/generic.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "core.h"

#define ROAM_DEFAULT_MTU 1400

/*
 * What the device offers the stack: scatter-gather, checksums left to us,
 * and every kind of segmentation software can do; the other tunnel
 * devices (wireguard, ip_tunnel) offer the same set.
 */
#define ROAM_DEV_FEATURES (NETIF_F_HW_CSUM | NETIF_F_RXCSUM | NETIF_F_SG | \
			   NETIF_F_HIGHDMA | NETIF_F_GSO | \
			   NETIF_F_GSO_SOFTWARE)

/*
 * Every namespace's roam data, for the one walk that must see the devices
 * of all of them: an encapsulation's unload (roam_devs_flush_encap()).
 * A namespace joins at its pernet init and leaves at its pernet exit,
 * which runs after the namespace's devices were deleted (pernet device
 * exits run before subsystem exits), so a namespace being dismantled is
 * still on the list for as long as it has a roam device. This lock is
 * taken only there and by that walk: never per session, never per dump.
 */
static DEFINE_MUTEX(roam_nets_lock);
static LIST_HEAD(roam_nets);	/* protected by roam_nets_lock */

static unsigned int roam_net_id __read_mostly;

struct roam_net *roam_net(struct net *net)
{
	return net_generic(net, roam_net_id);
}

atomic_t *roam_net_generation(struct net *net)
{
	return &roam_net(net)->generation;
}

static int __net_init roam_net_init(struct net *net)
{
	struct roam_net *rn = roam_net(net);

	/* never 0: a dump whose first part saw 0 would not be checked */
	atomic_set(&rn->generation, 1);
	mutex_init(&rn->devs_lock);
	INIT_LIST_HEAD(&rn->devs);
	mutex_lock(&roam_nets_lock);
	list_add_tail(&rn->node, &roam_nets);
	mutex_unlock(&roam_nets_lock);
	return 0;
}

/* After the namespace's devices are gone (default_device_exit_batch()). */
static void __net_exit roam_net_exit(struct net *net)
{
	struct roam_net *rn = roam_net(net);

	mutex_lock(&roam_nets_lock);
	list_del(&rn->node);
	mutex_unlock(&roam_nets_lock);
	WARN_ON_ONCE(!list_empty(&rn->devs));
}

static struct pernet_operations roam_net_ops = {
	.init = roam_net_init,
	.exit = roam_net_exit,
	.id = &roam_net_id,
	.size = sizeof(struct roam_net),
};

/**
 * roam_devs_flush_encap - delete the sessions of an encapsulation on every
 *	roam device of every namespace
 * @encap: the encapsulation being unregistered
 *
 * Lock order: roam_nets_lock, then each namespace's devs_lock (held so
 * that no device of it is freed under the walk), then what a flush takes.
 */
void roam_devs_flush_encap(const struct roam_encap *encap)
{
	struct roam_dev *rdev;
	struct roam_net *rn;

	mutex_lock(&roam_nets_lock);
	list_for_each_entry(rn, &roam_nets, node) {
		mutex_lock(&rn->devs_lock);
		list_for_each_entry(rdev, &rn->devs, list)
			roam_dev_flush(rdev, encap, ROAM_DEL_REASON_ENCAP_GONE);
		mutex_unlock(&rn->devs_lock);
	}
	mutex_unlock(&roam_nets_lock);
}

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

/*
 * One packet to the session's encapsulation. Unless the encapsulation
 * takes offloads, a checksum the stack left to us (NETIF_F_HW_CSUM) is
 * completed here, before the encapsulation hides the inner header.
 * Consumes @skb; returns 0 when it left.
 */
static int roam_xmit_one(struct roam_session *s, struct sk_buff *skb)
{
	if (!s->encap->gso_max_len && skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_help(skb)) {
		kfree_skb(skb);
		return -EINVAL;
	}
	return s->encap->xmit(s, skb);
}

/* GSO types an encapsulation that takes GSO packets is given whole. */
#define ROAM_GSO_WHOLE (SKB_GSO_TCPV4 | SKB_GSO_TCPV6 | SKB_GSO_TCP_ECN | \
			SKB_GSO_TCP_FIXEDID | SKB_GSO_DODGY)

/*
 * Whether @skb, a GSO packet, goes to the encapsulation whole: plain TCP
 * (not already a tunnel's packet: one UDP tunnel GSO layer is all the
 * stack segments), with its headers where the segmentation looks for them,
 * and small enough that the outer IP and UDP lengths still fit 16 bits.
 */
static bool roam_gso_whole(const struct roam_session *s,
			   const struct sk_buff *skb)
{
	unsigned int max = s->encap->gso_max_len;

	return max && skb->len <= max && !skb->encapsulation &&
	       !(skb_shinfo(skb)->gso_type & ~ROAM_GSO_WHOLE) &&
	       skb_transport_header_was_set(skb);
}

static netdev_tx_t roam_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct roam_dev *rdev = netdev_priv(dev);
	unsigned int packets = 0, dropped = 0;
	struct sk_buff *segs, *next;
	struct roam_session *s;
	unsigned long bytes = 0;
	unsigned int len, n;

	/* ndo_start_xmit runs inside rcu_read_lock_bh(). */
	s = roam_xmit_lookup(rdev, skb);
	if (unlikely(!s)) {
		this_cpu_inc(*rdev->tx_no_session);
		goto drop;
	}
	if (unlikely(READ_ONCE(s->state) != ROAM_STATE_UP)) {
		atomic64_inc(&s->stats.tx_dropped);
		goto drop;
	}

	if (!skb_is_gso(skb) || roam_gso_whole(s, skb)) {
		skb_mark_not_on_list(skb);
		segs = skb;
	} else {
		/*
		 * Without features the segments come out linear, with
		 * their checksums computed while they were copied: what
		 * MPPE, which encrypts in place, wants anyway.
		 */
		segs = skb_gso_segment(skb, 0);
		if (IS_ERR_OR_NULL(segs)) {
			net_dbg_ratelimited("%s: session %u: segmentation failed\n",
					    dev->name, s->id);
			atomic64_inc(&s->stats.tx_dropped);
			goto drop;
		}
		consume_skb(skb);
	}

	/*
	 * The session counts the packets that go on the wire: a GSO packet
	 * given whole counts as its segments.
	 */
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		len = skb->len;
		n = skb_is_gso(skb) ? max_t(unsigned int, skb_shinfo(skb)->gso_segs, 1) : 1;
		if (unlikely(roam_xmit_one(s, skb))) {
			dropped += n;
			continue;
		}
		packets += n;
		bytes += len;
	}
	if (packets) {
		atomic64_add(packets, &s->stats.tx_packets);
		atomic64_add(bytes, &s->stats.tx_bytes);
	}
	if (unlikely(dropped)) {
		atomic64_add(dropped, &s->stats.tx_dropped);
		while (dropped--)
			dev_core_stats_tx_dropped_inc(dev);
	}
	return NETDEV_TX_OK;

drop:
	dev_core_stats_tx_dropped_inc(dev);
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
	/* a drop there is counted in the device's core rx_dropped */
	if (unlikely(gro_cells_receive(&rdev->gro_cells, skb) != NET_RX_SUCCESS)) {
		atomic64_inc(&s->stats.rx_dropped);
		return;
	}
	atomic64_inc(&s->stats.rx_packets);
	atomic64_add(len, &s->stats.rx_bytes);
	dev_sw_netstats_rx_add(dev, len);
	return;

drop:
	roam_session_rx_drop(s);
	kfree_skb(skb);
}
EXPORT_SYMBOL_GPL(roam_session_rx);

/**
 * roam_dev_tx_no_session - packets routed to the device for an address
 *	that no session holds, so far
 * @rdev: the device
 */
u64 roam_dev_tx_no_session(struct roam_dev *rdev)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(rdev->tx_no_session, cpu));
	return sum;
}

/*
 * dev_get_stats() adds the core drop counters to this; the send helpers'
 * errors (iptunnel_xmit_stats(): the route or the xfrm output refused a
 * packet) are in dev->stats.
 */
static void roam_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *stats)
{
	dev_fetch_sw_netstats(stats, dev->tstats);
	stats->tx_dropped = DEV_STATS_READ(dev, tx_dropped);
	stats->tx_errors = DEV_STATS_READ(dev, tx_errors);
	stats->tx_aborted_errors = DEV_STATS_READ(dev, tx_aborted_errors);
}

static int roam_dev_init(struct net_device *dev)
{
	struct roam_dev *rdev = netdev_priv(dev);
	int err = -ENOMEM;

	if (!ROAM_CORE_TSTATS) {
		dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
		if (!dev->tstats)
			return -ENOMEM;
	}
	rdev->tx_no_session = alloc_percpu(unsigned long);
	if (!rdev->tx_no_session)
		goto err_tstats;
	err = gro_cells_init(&rdev->gro_cells, dev);
	if (err)
		goto err_counters;
	err = roam_sessions_init(rdev);
	if (err)
		goto err_gro;
	rdev->generation = roam_net_generation(dev_net(dev));
	rdev->initialised = true;
	return 0;

err_gro:
	gro_cells_destroy(&rdev->gro_cells);
err_counters:
	free_percpu(rdev->tx_no_session);
	rdev->tx_no_session = NULL;
err_tstats:
	if (!ROAM_CORE_TSTATS) {
		free_percpu(dev->tstats);
		dev->tstats = NULL;
	}
	return err;
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
	/*
	 * No session is left to deliver (dellink flushed them, and the
	 * unregistration waited for the packet path to let go).
	 */
	gro_cells_destroy(&rdev->gro_cells);
	roam_sessions_uninit(rdev);
	free_percpu(rdev->tx_no_session);
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
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->mtu = ROAM_DEFAULT_MTU;
	dev->min_mtu = IPV6_MIN_MTU;
	dev->max_mtu = ETH_DATA_LEN;
	dev->features |= ROAM_DEV_FEATURES;
	dev->hw_features |= ROAM_DEV_FEATURES;
	dev->hw_enc_features |= ROAM_DEV_FEATURES;
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
	struct roam_net *rn;
	int err;

	err = register_netdevice(dev);
	if (err)
		return err;
	/* registered: dev_net() is its namespace for good (netns-local) */
	rn = roam_net(dev_net(dev));
	mutex_lock(&rn->devs_lock);
	list_add_tail(&rdev->list, &rn->devs);
	atomic_inc(rdev->generation);
	mutex_unlock(&rn->devs_lock);
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
	struct roam_net *rn = roam_net(dev_net(dev));

	mutex_lock(&rn->devs_lock);
	list_del_init(&rdev->list);
	atomic_inc(rdev->generation);
	mutex_unlock(&rn->devs_lock);
	roam_dev_flush(rdev, NULL, ROAM_DEL_REASON_DEVICE_GONE);
	pr_debug("device %s deleted\n", dev->name);
	unregister_netdevice_queue(dev, head);
}

/* One transmit queue per CPU (see the top); "ip link add" may ask for others. */
static unsigned int roam_get_num_tx_queues(void)
{
	return num_possible_cpus();
}

static struct rtnl_link_ops roam_link_ops = {
	.kind = "roam",
	.get_num_tx_queues = roam_get_num_tx_queues,
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
