/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roam_pptp internals: PPP in enhanced GRE (RFC 2637 section 4.1) for roam
 * sessions, with MPPE (mppe.c).
 */
#ifndef _ROAM_PPTP_H
#define _ROAM_PPTP_H

#include <linux/rhashtable.h>
#include <linux/spinlock.h>
#include <linux/timer.h>

#include "mppe.h"
#include "roam.h"
#include "route.h"

/* Enhanced GRE header (RFC 2637 section 4.1). */
#define ROAM_GRE_C		0x80	/* first byte: checksum present */
#define ROAM_GRE_R		0x40	/* routing present */
#define ROAM_GRE_K		0x20	/* key present */
#define ROAM_GRE_S		0x10	/* sequence number present */
#define ROAM_GRE_SSR		0x08	/* strict source route */
#define ROAM_GRE_RECUR		0x07
#define ROAM_GRE_A		0x80	/* second byte: ack number present */
#define ROAM_GRE_FLAGS		0x78
#define ROAM_GRE_VER_MASK	0x07
#define ROAM_GRE_VERSION	1
#define ROAM_GRE_PROTO_PPP	0x880b
#define ROAM_GRE_HLEN_MIN	8	/* flags, protocol, payload length, call id */
#define ROAM_GRE_HLEN_MAX	16	/* with sequence and ack numbers */

#define ROAM_PPP_IPV4		0x0021
#define ROAM_PPP_IPV6		0x0057
#define ROAM_PPP_MPPE		0x00fd
#define ROAM_PPP_CCP		0x80fd
#define ROAM_PPP_CONTROL_MIN	0x8000
#define ROAM_CCP_RESET_REQ	14
#define ROAM_CCP_RESET_ACK	15

/* A sequenced packet is acknowledged alone if nothing carried it by then. */
#define ROAM_PPTP_ACK_DELAY	(HZ / 10)

/*
 * The receive reorder window (pptp_reorder.c): at most this many packets
 * wait for a missing one, each at most this long; a packet further ahead
 * than the span ends the wait at once.
 */
#define ROAM_PPTP_REORDER_MAX	8
#define ROAM_PPTP_REORDER_WAIT	(HZ / 50 ?: 1)
#define ROAM_PPTP_REORDER_SPAN	64

/**
 * struct roam_pptp_session - pptp state of a roam session
 * @node: entry in its namespace's table of calls (pptp_main.c)
 * @net: namespace of the session's device: the call ids' scope
 * @hashed: in the table of calls; set before the session is published,
 *	cleared once by session_unhash (see pptp_main.c)
 * @call_id: ours, the key field of the packets the client sends
 * @peer_call_id: the client's, the key field of the packets we send
 * @local_ipv4: our address, the source of what we send
 * @rx_lock: protects @rx_seq, @rx_seq_valid, @reorder_q, @rx_mppe, @ccp_id,
 *	@reset_sent
 * @rx_seq: the last sequence number delivered or given up on (also read by
 *	the transmit path and the ack timer, with READ_ONCE, to acknowledge it)
 * @rx_seq_valid: a sequenced packet was accepted
 * @reorder_q: packets that arrived ahead of a missing one, in sequence
 *	order, their number in the control buffer (pptp_reorder.c)
 * @reorder_timer: ends the wait for a missing packet; stopped for good at
 *	uninit
 * @rx_mppe: MPPE receive context
 * @ccp_id: identifier of our last CCP Reset-Request
 * @reset_sent: jiffies when it was sent
 * @tx_lock: protects @tx_seq, @ack_sent, @ack_sent_valid, @tx_mppe,
 *	@mppe_bits, @dead; the transmit path sets @route only under it, after
 *	checking @dead
 * @tx_seq: the next sequence number to send
 * @ack_sent: the last ack number sent
 * @ack_sent_valid: an ack was sent
 * @tx_mppe: MPPE transmit context
 * @mppe_bits: 0 when MPPE is off, else its strength (also written under
 *	@rx_lock, so either lock is enough to read it)
 * @dead: the session is being released: no timer, no transmit
 * @ack_timer: sends an ack-only packet; stopped for good at uninit
 * @route: the route to the peer, read and replaced without a lock
 *	(kmod/route.c); released at uninit, once @dead is set
 * @rx_*, @acks_sent: counters for netlink
 */
struct roam_pptp_session {
	struct rhash_head node;
	struct net *net;
	bool hashed;
	u16 call_id;
	u16 peer_call_id;
	__be32 local_ipv4;

	spinlock_t rx_lock;
	u32 rx_seq;
	bool rx_seq_valid;
	struct sk_buff_head reorder_q;
	struct timer_list reorder_timer;
	struct roam_mppe rx_mppe;
	u8 ccp_id;
	unsigned long reset_sent;

	spinlock_t tx_lock;
	u32 tx_seq;
	u32 ack_sent;
	bool ack_sent_valid;
	struct roam_mppe tx_mppe;
	u8 mppe_bits;
	bool dead;

	struct timer_list ack_timer;
	struct roam_route_cache route;

	atomic64_t rx_seq_dropped;
	atomic64_t rx_reordered;
	atomic64_t rx_mppe_errors;
	atomic64_t rx_unbound;
	atomic64_t rx_malformed;
	atomic64_t acks_sent;
};

/* What the receive path made of a frame (pptp_rcv.c). */
enum roam_pptp_verdict {
	ROAM_PPTP_DATA,		/* an inner packet, pulled to its start */
	ROAM_PPTP_CONTROL,	/* a PPP control frame: roamd has its copy */
	ROAM_PPTP_RESET_REQ,	/* a CCP Reset-Request, to acknowledge */
	ROAM_PPTP_EMPTY,	/* a sequence number without payload */
	ROAM_PPTP_DROP,		/* dropped */
	ROAM_PPTP_DROP_MPPE,	/* dropped, counted as an MPPE error */
};

/*
 * A received frame's control buffer, from the GRE handler on (the IP
 * layer is done with it): its sequence number while it waits in the
 * reorder window, then the verdict and the CCP identifier.
 */
struct roam_pptp_cb {
	u32 seq;
	u8 verdict;
	u8 ccp_id;
};

static inline struct roam_pptp_cb *roam_pptp_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct roam_pptp_cb) > sizeof(skb->cb));
	return (struct roam_pptp_cb *)skb->cb;
}

/* pptp_main.c: the table of calls */
struct roam_pptp_session *roam_pptp_lookup(const struct net *net, u16 call_id);

/* pptp_rcv.c */
int roam_pptp_rcv_init(void);
void roam_pptp_rcv_uninit(void);
int roam_pptp_open_list(struct roam_pptp_session *ps,
			struct sk_buff_head *list);
void roam_pptp_deliver_list(struct roam_session *s,
			    struct roam_pptp_session *ps,
			    struct sk_buff_head *list, int reset_id);

/* pptp_reorder.c */
void roam_pptp_reorder_init(struct roam_pptp_session *ps);
void roam_pptp_reorder_uninit(struct roam_pptp_session *ps);
bool roam_pptp_reorder(struct roam_pptp_session *ps, struct sk_buff *skb,
		       u32 seq, struct sk_buff_head *ready);

/* pptp_xmit.c */
void roam_pptp_xmit_init(struct roam_pptp_session *ps);
void roam_pptp_xmit_uninit(struct roam_pptp_session *ps);
int roam_pptp_xmit(struct roam_session *s, struct sk_buff *skb);
int roam_pptp_send_ctrl(struct roam_session *s, const u8 *frame,
			unsigned int len, struct netlink_ext_ack *extack);
int roam_pptp_send_frame(struct roam_session *s, const u8 *frame,
			 unsigned int len, gfp_t gfp);
void roam_pptp_ack_due(struct roam_pptp_session *ps);
void roam_pptp_send_reset_ack(struct roam_session *s, u8 id);

#endif /* _ROAM_PPTP_H */
