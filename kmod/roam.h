/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roam - internal interface of roam.ko, shared with the encapsulation
 * modules (roam_l2tp.ko, roam_pptp.ko).
 */
#ifndef _ROAM_H
#define _ROAM_H

#include <linux/atomic.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/refcount.h>
#include <linux/rhashtable.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <net/genetlink.h>
#include <net/gro_cells.h>

#include <uapi/linux/roam.h>

#define ROAM_KIND_MAX ROAM_KIND_PPTP

struct roam_session;

/**
 * struct roam_encap - an encapsulation that carries sessions of one kind
 * @kind: which ROAM_KIND_* this is
 * @name: short name ("l2tp"), also the module alias suffix "roam-encap-NAME"
 * @owner: the module that implements it
 * @priv_size: bytes of per-session state the encapsulation keeps, reached
 *	with roam_session_priv()
 * @session_init: prepares a new session from the request and makes it
 *	reachable from the encapsulation's receive path; may sleep; NULL
 *	when the encapsulation needs nothing
 * @session_unhash: makes the session unreachable from the receive path;
 *	called before the RCU grace period that precedes @session_uninit;
 *	may sleep; NULL when @session_init publishes nothing
 * @session_uninit: releases what session_init took; called once the session
 *	is unreachable from the packet path (after an RCU grace period); may
 *	sleep; NULL when nothing to release
 * @session_set: applies the encapsulation's attributes of a session-set
 *	request (pptp: MPPE keys); may sleep; NULL when it takes none
 * @send_ctrl: sends a PPP control frame @frame of @len bytes (starting at
 *	the protocol field) on the session, for roamd; process context, may
 *	sleep; NULL when the encapsulation carries control frames otherwise
 *	(l2tp: roamd sends on its own socket)
 * @peer_moved: the client's outer address or port changed (session-set
 *	with peer-ipv4/peer-port: its NAT gave it a new public address);
 *	drops what was cached for the old one; process context; NULL when
 *	the encapsulation's peer cannot move (pptp: GRE is bound to the
 *	address its control connection came from)
 * @fill: adds the encapsulation's attributes to a netlink message about
 *	the session; NULL when it has none
 * @xmit: sends one inner packet of an up session; always consumes @skb;
 *	returns 0 when the packet left, a negative errno when it was dropped.
 *	What leaves is counted in the device's tstats by the send path (the
 *	UDP tunnel transmit helpers do, with skb->dev the roam device).
 *	Runs in the device's transmit path (BH disabled, RCU read side).
 * @gso_max_len: non-zero when @xmit also takes a TCP GSO packet of up to
 *	this many bytes (inner IP header included) and a packet whose
 *	checksum is left to offload (CHECKSUM_PARTIAL): it then hands both on
 *	as they are, to be segmented and checksummed below the outer IP
 *	layer (UDP tunnel GSO). Zero: the device segments and checksums
 *	first, and @xmit sees packets of at most the MTU with their
 *	checksums done (what MPPE, which encrypts in place, needs).
 */
struct roam_encap {
	enum roam_kind kind;
	const char *name;
	struct module *owner;
	size_t priv_size;
	int (*session_init)(struct roam_session *s, struct genl_info *info);
	void (*session_unhash)(struct roam_session *s);
	void (*session_uninit)(struct roam_session *s);
	int (*session_set)(struct roam_session *s, struct genl_info *info);
	int (*send_ctrl)(struct roam_session *s, const u8 *frame,
			 unsigned int len, struct netlink_ext_ack *extack);
	void (*peer_moved)(struct roam_session *s);
	int (*fill)(struct roam_session *s, struct sk_buff *skb);
	int (*xmit)(struct roam_session *s, struct sk_buff *skb);
	unsigned int gso_max_len;
};

int roam_encap_register(const struct roam_encap *encap);
void roam_encap_unregister(const struct roam_encap *encap);

/**
 * struct roam_dev - private part of a roam net_device
 * @dev: the net_device
 * @list: entry in its namespace's device list (under roam_net.devs_lock)
 * @lock: protects @sessions, the three hash tables' membership, @n_sessions
 *	and @dead (the hash tables are also read locklessly under RCU)
 * @sessions: every session of the device, for walks (dumps, flushes)
 * @by_id: sessions by id
 * @by_ipv4: sessions that hold an IPv4 address, by that address
 * @by_ipv6: sessions that hold an IPv6 address, by that address
 * @n_sessions: number of sessions in the tables
 * @dead: set once the device is being deleted: no session may join
 * @initialised: ndo_init completed, so the destructor has work to do
 * @generation: its namespace's generation (device.c), bumped on every
 *	change of the tables, read by dumps
 * @tx_no_session: per CPU, packets routed here for an address without a
 *	session (also counted as dropped, in the device's core counters)
 * @gro_cells: where received packets meet GRO, one cell per CPU
 */
struct roam_dev {
	struct net_device *dev;
	struct list_head list;
	spinlock_t lock;
	struct list_head sessions;
	struct rhashtable by_id;
	struct rhashtable by_ipv4;
	struct rhashtable by_ipv6;
	u32 n_sessions;
	bool dead;
	bool initialised;
	atomic_t *generation;
	unsigned long __percpu *tx_no_session;
	struct gro_cells gro_cells;
};

/**
 * struct roam_session_stats - counters of one session
 *
 * Atomics rather than per-CPU counters: a session's packets are usually
 * handled on one CPU at a time, and 100k sessions times the number of CPUs
 * would cost more memory than the contention saves. Transmit adds a whole
 * GSO packet's segments at once. The device's counters, which every
 * session writes, are per CPU (device.c).
 */
struct roam_session_stats {
	atomic64_t rx_packets;
	atomic64_t rx_bytes;
	atomic64_t tx_packets;
	atomic64_t tx_bytes;
	atomic64_t rx_dropped;
	atomic64_t tx_dropped;
};

/**
 * struct roam_session - one client's session on a roam device
 *
 * The lifetime rules are described at the top of session.c.
 */
struct roam_session {
	struct rhash_head id_node;
	struct rhash_head ipv4_node;
	struct rhash_head ipv6_node;
	struct list_head dev_node;	/* in rdev->sessions, under rdev->lock */
	/* once unhashed, one after the other (see session.c's essay): */
	union {
		struct list_head gc_node;	/* on a flush's private list */
		struct rcu_head rcu;		/* waiting for the grace period */
		struct llist_node release_node;	/* on roam_release_list */
	};
	refcount_t refcnt;
	struct roam_dev *rdev;
	const struct roam_encap *encap;

	u32 id;
	__be32 ipv4;
	struct in6_addr ipv6;
	bool has_ipv4;
	bool has_ipv6;
	u8 state;			/* ROAM_STATE_*, READ_ONCE on the data path */

	u8 peer_family;			/* AF_INET, AF_INET6 or 0 */
	/*
	 * peer_port and peer_ipv4 change after creation only through
	 * roam_session_set_peer(), under rdev->lock; the data path reads
	 * them with READ_ONCE.
	 */
	__be16 peer_port;
	__be32 peer_ipv4;
	struct in6_addr peer_ipv6;

	struct roam_session_stats stats;
	u8 priv[] __aligned(8);		/* the encapsulation's state */
};

static inline void *roam_session_priv(struct roam_session *s)
{
	return s->priv;
}

/*
 * A received packet of @s dropped: counted on the session and on its
 * device, so that "ip -s link" sees what the sessions drop.  Called on
 * the packet path under RCU, where @s and its device stay valid.
 */
static inline void roam_session_rx_drop(struct roam_session *s)
{
	atomic64_inc(&s->stats.rx_dropped);
	dev_core_stats_rx_dropped_inc(s->rdev->dev);
}

static inline struct roam_session *roam_session_from_priv(void *priv)
{
	return (struct roam_session *)((u8 *)priv -
				       offsetof(struct roam_session, priv));
}

static inline struct net_device *roam_session_netdev(struct roam_session *s)
{
	return s->rdev->dev;
}

void roam_session_put(struct roam_session *s);
void roam_sessions_release_barrier(void);
void roam_session_rx(struct roam_session *s, struct sk_buff *skb);

#endif /* _ROAM_H */
