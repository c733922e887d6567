// SPDX-License-Identifier: GPL-2.0
/*
 * roam_pptp - the transmit path: an inner IPv4/IPv6 packet routed to a
 * session on the roam device leaves as PPP (FF 03 + protocol), encrypted
 * with MPPE when the session is keyed, in enhanced GRE with our sequence
 * number and an ack when one is due, in IPv4 from the session's local
 * address to the client. roamd's PPP control frames take the same path,
 * never encrypted; ack-only packets go out from a timer when sequenced
 * packets arrived and nothing carried their ack.
 *
 * Sequence numbers and MPPE coherency counts are given under tx_lock, so
 * they leave in one order; locks and lifetime are described in
 * pptp_main.c.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <net/ip.h>
#include <net/ip_tunnels.h>
#include <net/route.h>

#include "pptp.h"

/* PPP address, control and uncompressed protocol fields. */
#define ROAM_PPP_HLEN		4
#define ROAM_PPTP_HEADROOM	(LL_MAX_HEADER + sizeof(struct iphdr) + \
				 ROAM_GRE_HLEN_MAX + ROAM_PPP_HLEN + \
				 ROAM_MPPE_HLEN + 2)

static bool roam_pptp_ack_pending(struct roam_pptp_session *ps)
{
	lockdep_assert_held(&ps->tx_lock);
	return READ_ONCE(ps->rx_seq_valid) &&
	       (!ps->ack_sent_valid || READ_ONCE(ps->rx_seq) != ps->ack_sent);
}

/*
 * Push the enhanced GRE header in front of @skb (the PPP frame, or
 * nothing for an ack-only packet): our sequence number when there is a
 * payload, the ack of the last packet received when one is due.
 */
static void roam_pptp_push_gre(struct roam_pptp_session *ps,
			       struct sk_buff *skb)
{
	unsigned int payload_len = skb->len;
	bool ack = roam_pptp_ack_pending(ps);
	bool seq = payload_len > 0;
	unsigned int hlen;
	u8 *p;

	hlen = ROAM_GRE_HLEN_MIN + 4 * seq + 4 * ack;
	p = __skb_push(skb, hlen);
	p[0] = ROAM_GRE_K | (seq ? ROAM_GRE_S : 0);
	p[1] = (ack ? ROAM_GRE_A : 0) | ROAM_GRE_VERSION;
	put_unaligned_be16(ROAM_GRE_PROTO_PPP, p + 2);
	put_unaligned_be16(payload_len, p + 4);
	put_unaligned_be16(ps->peer_call_id, p + 6);
	p += ROAM_GRE_HLEN_MIN;
	if (seq) {
		put_unaligned_be32(ps->tx_seq++, p);
		p += 4;
	}
	if (ack) {
		ps->ack_sent = READ_ONCE(ps->rx_seq);
		ps->ack_sent_valid = true;
		put_unaligned_be32(ps->ack_sent, p);
	}
}

/*
 * Under tx_lock, the session not dead: the route to the peer, with a
 * reference, or NULL. The lock is not the cache's (it needs none): it
 * keeps a sender from caching a route after uninit released the cache.
 */
static struct rtable *roam_pptp_route(struct roam_session *s,
				      struct roam_pptp_session *ps)
{
	struct flowi4 fl4 = {};
	struct rtable *rt;
	__be32 saddr;

	lockdep_assert_held(&ps->tx_lock);
	rt = (struct rtable *)roam_route_get(&ps->route, &saddr);
	if (rt)
		return rt;
	fl4.daddr = s->peer_ipv4;
	fl4.saddr = ps->local_ipv4;
	fl4.flowi4_proto = IPPROTO_GRE;
	rt = ip_route_output_key(ps->net, &fl4);
	if (IS_ERR(rt)) {
		net_dbg_ratelimited("session %u: no route to its peer %pI4\n",
				    s->id, &s->peer_ipv4);
		return NULL;
	}
	roam_route_set(&ps->route, &rt->dst, fl4.saddr);
	return rt;
}

/*
 * Encrypt (when @encrypt and the session is keyed), add the GRE header and
 * send. @skb holds the PPP frame from its protocol field, with headroom
 * and (for MPPE) writable data; @skb->dev is the roam device for data
 * (counted in its tstats), NULL for control and acks. With @reset_ack (a
 * CCP Reset-Ack), the MPPE packet after it is flushed: both under one hold
 * of tx_lock, so no data packet gets between them. Consumes @skb.
 */
static int roam_pptp_send(struct roam_session *s, struct roam_pptp_session *ps,
			  struct sk_buff *skb, bool encrypt, bool ack_only,
			  bool reset_ack)
{
	struct rtable *rt;
	u8 *p;

	spin_lock_bh(&ps->tx_lock);
	if (ps->dead || !ps->local_ipv4)
		goto drop_unlock;
	if (ack_only && !roam_pptp_ack_pending(ps))
		goto drop_unlock;
	rt = roam_pptp_route(s, ps);
	if (!rt)
		goto drop_unlock;
	if (encrypt && ps->mppe_bits) {
		/* 00 FD, then the MPPE header, then the encrypted frame. */
		p = __skb_push(skb, 2 + ROAM_MPPE_HLEN);
		roam_mppe_encrypt(&ps->tx_mppe, p + 2, p + 2 + ROAM_MPPE_HLEN,
				  skb->len - 2 - ROAM_MPPE_HLEN);
		put_unaligned_be16(ROAM_PPP_MPPE, p);
	}
	if (!ack_only) {
		/* Address and control fields are always sent (RFC 1661). */
		p = __skb_push(skb, 2);
		p[0] = 0xff;
		p[1] = 0x03;
	}
	roam_pptp_push_gre(ps, skb);
	if (ack_only)
		atomic64_inc(&ps->acks_sent);
	if (reset_ack && ps->mppe_bits)
		ps->tx_mppe.flush_next = true;
	spin_unlock_bh(&ps->tx_lock);

	skb_reset_transport_header(skb);
	iptunnel_xmit(NULL, rt, skb, ps->local_ipv4, s->peer_ipv4,
		      IPPROTO_GRE, 0, ip4_dst_hoplimit(&rt->dst), 0, false);
	return 0;

drop_unlock:
	spin_unlock_bh(&ps->tx_lock);
	kfree_skb(skb);
	return -ENOTCONN;
}

int roam_pptp_xmit(struct roam_session *s, struct sk_buff *skb)
{
	struct roam_pptp_session *ps = roam_session_priv(s);
	u16 proto = skb->protocol == htons(ETH_P_IP) ? ROAM_PPP_IPV4 :
						       ROAM_PPP_IPV6;
	u8 *p;

	/*
	 * MPPE encrypts in place: the data must be ours alone (TCP keeps
	 * clones of what it sends for retransmission).
	 */
	if (READ_ONCE(ps->mppe_bits) && skb_linearize_cow(skb))
		goto drop;
	if (skb_cow_head(skb, ROAM_PPTP_HEADROOM))
		goto drop;
	skb_scrub_packet(skb, false);
	p = __skb_push(skb, 2);
	put_unaligned_be16(proto, p);
	return roam_pptp_send(s, ps, skb, true, false, false);

drop:
	kfree_skb(skb);
	return -ENOMEM;
}

/**
 * roam_pptp_send_frame - send a PPP control frame, never encrypted
 * @s: the session
 * @frame: the frame from its protocol field
 * @len: its length
 * @gfp: allocation context (GFP_ATOMIC from the receive path)
 */
int roam_pptp_send_frame(struct roam_session *s, const u8 *frame,
			 unsigned int len, gfp_t gfp)
{
	struct roam_pptp_session *ps = roam_session_priv(s);
	struct sk_buff *skb;

	skb = alloc_skb(ROAM_PPTP_HEADROOM + len, gfp);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, ROAM_PPTP_HEADROOM);
	skb_put_data(skb, frame, len);
	return roam_pptp_send(s, ps, skb, false, false, false);
}

/*
 * Acknowledge the peer's CCP Reset-Request @id (receive path) and flush
 * our next MPPE packet.
 */
void roam_pptp_send_reset_ack(struct roam_session *s, u8 id)
{
	struct roam_pptp_session *ps = roam_session_priv(s);
	const u8 frame[6] = {
		ROAM_PPP_CCP >> 8, ROAM_PPP_CCP & 0xff,
		ROAM_CCP_RESET_ACK, id, 0, 4,
	};
	struct sk_buff *skb;

	skb = alloc_skb(ROAM_PPTP_HEADROOM + sizeof(frame), GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, ROAM_PPTP_HEADROOM);
	skb_put_data(skb, frame, sizeof(frame));
	roam_pptp_send(s, ps, skb, false, false, true);
}

int roam_pptp_send_ctrl(struct roam_session *s, const u8 *frame,
			unsigned int len, struct netlink_ext_ack *extack)
{
	struct roam_pptp_session *ps = roam_session_priv(s);
	int err;

	if (!ps->local_ipv4) {
		NL_SET_ERR_MSG_MOD(extack,
				   "session was declared without pptp parameters");
		return -ENOTCONN;
	}
	if (get_unaligned_be16(frame) < ROAM_PPP_CONTROL_MIN) {
		NL_SET_ERR_MSG_MOD(extack,
				   "not a PPP control protocol (0x8000 and above, or LCP 0xc021...)");
		return -EINVAL;
	}
	err = roam_pptp_send_frame(s, frame, len, GFP_KERNEL);
	if (err)
		NL_SET_ERR_MSG_MOD(extack,
				   "frame not sent (no route to the peer, or session going away)");
	return err;
}

static void roam_pptp_ack_timer(struct timer_list *t)
{
	struct roam_pptp_session *ps = from_timer(ps, t, ack_timer);
	struct sk_buff *skb;

	skb = alloc_skb(ROAM_PPTP_HEADROOM, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, ROAM_PPTP_HEADROOM);
	roam_pptp_send(roam_session_from_priv(ps), ps, skb, false, true,
		       false);
}

/* The receive path accepted a sequenced packet. */
void roam_pptp_ack_due(struct roam_pptp_session *ps)
{
	if (!timer_pending(&ps->ack_timer))
		mod_timer(&ps->ack_timer, jiffies + ROAM_PPTP_ACK_DELAY);
}

void roam_pptp_xmit_init(struct roam_pptp_session *ps)
{
	timer_setup(&ps->ack_timer, roam_pptp_ack_timer, 0);
}

/* After the grace period that followed the unhash: see pptp_main.c. */
void roam_pptp_xmit_uninit(struct roam_pptp_session *ps)
{
	spin_lock_bh(&ps->tx_lock);
	ps->dead = true;
	spin_unlock_bh(&ps->tx_lock);
	timer_shutdown_sync(&ps->ack_timer);
	/* every sender from now on sees @dead and leaves the cache alone */
	roam_route_reset(&ps->route);
}
