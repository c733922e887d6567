// SPDX-License-Identifier: GPL-2.0
/*
 * roam_pptp - the receive path: GRE version 1 (enhanced GRE, RFC 2637
 * section 4.1) from the IPv4 stack's GRE demultiplexer.
 *
 * roamd reads every GRE packet through its own raw IPPROTO_GRE socket
 * (raw sockets get a copy before the protocol handler runs), filtered to
 * the PPP control frames. So this handler consumes every packet: data of
 * known calls (IPv4, IPv6, MPPE) is delivered on the roam device, the
 * rest is freed after its sequence and ack numbers were taken into
 * account (a sequenced packet passes through the reorder window,
 * pptp_reorder.c, first). A CCP Reset-Request from the peer is peeked at:
 * it makes our next MPPE packet flushed and is acknowledged from here
 * (roamd ignores CCP codes 14 and 15).
 *
 * Locks and lifetime: see pptp_main.c. The handler runs under the RCU
 * read lock that gre_rcv() holds, which is what the table of calls and
 * the session rely on.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/gre.h>
#include <net/ip.h>

#include "pptp.h"

/**
 * struct roam_gre_info - an enhanced GRE header, parsed
 * @call_id: the key's call id field
 * @payload_len: the key's payload length field
 * @seq: sequence number, when @has_seq
 * @ack: acknowledgement number, when @has_ack
 * @hlen: header length
 * @has_call_id: the header went far enough to name a call
 */
struct roam_gre_info {
	u16 call_id;
	u16 payload_len;
	u32 seq;
	u32 ack;
	u8 hlen;
	bool has_seq;
	bool has_ack;
	bool has_call_id;
};

/*
 * Parse @len bytes at @p (the start of the GRE header; @avail is what the
 * packet holds from there). Returns 0, or -EINVAL when malformed, with
 * @g->has_call_id saying whether the call is known anyway.
 */
static int roam_gre_parse(const u8 *p, unsigned int len, unsigned int avail,
			  struct roam_gre_info *g)
{
	memset(g, 0, sizeof(*g));
	if (len < ROAM_GRE_HLEN_MIN)
		return -EINVAL;
	if ((p[1] & ROAM_GRE_VER_MASK) != ROAM_GRE_VERSION ||
	    get_unaligned_be16(p + 2) != ROAM_GRE_PROTO_PPP ||
	    !(p[0] & ROAM_GRE_K))
		return -EINVAL;
	g->call_id = get_unaligned_be16(p + 6);
	g->payload_len = get_unaligned_be16(p + 4);
	g->has_call_id = true;
	if (p[0] & (ROAM_GRE_C | ROAM_GRE_R | ROAM_GRE_SSR | ROAM_GRE_RECUR) ||
	    p[1] & ROAM_GRE_FLAGS)
		return -EINVAL;
	g->has_seq = p[0] & ROAM_GRE_S;
	g->has_ack = p[1] & ROAM_GRE_A;
	g->hlen = ROAM_GRE_HLEN_MIN + 4 * g->has_seq + 4 * g->has_ack;
	if (len < g->hlen)
		return -EINVAL;
	if (g->has_seq)
		g->seq = get_unaligned_be32(p + 8);
	if (g->has_ack)
		g->ack = get_unaligned_be32(p + 8 + 4 * g->has_seq);
	/* A payload needs a sequence number; the length may not lie. */
	if (g->payload_len > avail - g->hlen ||
	    (g->payload_len && !g->has_seq))
		return -EINVAL;
	return 0;
}

/* The PPP protocol at the start of @p, its field length in @plen. */
static u16 roam_ppp_proto(const u8 *p, unsigned int len, unsigned int *plen)
{
	if (len >= 1 && (p[0] & 1)) {	/* protocol field compressed */
		*plen = 1;
		return p[0];
	}
	if (len < 2)
		return 0;
	*plen = 2;
	return get_unaligned_be16(p);
}

/* A CCP Reset-Request or Reset-Ack, without data. */
static void roam_pptp_send_ccp(struct roam_session *s, u8 code, u8 id)
{
	u8 frame[6] = {
		ROAM_PPP_CCP >> 8, ROAM_PPP_CCP & 0xff,
		code, id, 0, 4,
	};

	roam_pptp_send_frame(s, frame, sizeof(frame), GFP_ATOMIC);
}

/*
 * A CCP Reset-Request from the peer: our next MPPE packet is flushed, and
 * the request is acknowledged here, where the transmit state lives (roamd's
 * CCP ignores codes 14 and 15). A Linux peer passes every MPPE packet to
 * pppd undecrypted from its loss until our Reset-Ack arrives, so the ack
 * must leave before the flushed packet: roam_pptp_send_reset_ack() queues
 * it and marks the flush under one hold of tx_lock.
 */
static void roam_pptp_reset_req(struct roam_session *s,
				struct roam_pptp_session *ps, u8 id)
{
	if (READ_ONCE(ps->mppe_bits))
		roam_pptp_send_reset_ack(s, id);
}

/*
 * Decrypt an MPPE frame (@off: its 2-byte header) under rx_lock. Returns
 * the result; sets *@reset_id when a CCP Reset-Request is to be sent: at
 * the loss, and again each second while packets keep arriving unflushed
 * (the request, its ack or the flushed packet may have been lost too; a
 * peer never flushes twice for one request).
 */
static enum roam_mppe_result roam_pptp_decrypt(struct roam_pptp_session *ps,
					       struct sk_buff *skb,
					       unsigned int off, int *reset_id)
{
	enum roam_mppe_result res;

	lockdep_assert_held(&ps->rx_lock);
	if (!ps->mppe_bits || skb->len < off + ROAM_MPPE_HLEN + 1)
		return ROAM_MPPE_BAD;
	res = roam_mppe_decrypt(&ps->rx_mppe, skb->data + off,
				skb->data + off + ROAM_MPPE_HLEN,
				skb->len - off - ROAM_MPPE_HLEN);
	/*
	 * Stateful, in step by the coherency count but garbage: a key change
	 * was missed (mppe.c); treat it as a loss, so a reset follows.
	 */
	if (res == ROAM_MPPE_OK && !ps->rx_mppe.stateless &&
	    !roam_mppe_plausible(skb->data + off + ROAM_MPPE_HLEN,
				 skb->len - off - ROAM_MPPE_HLEN,
				 skb->len - off - ROAM_MPPE_HLEN)) {
		roam_mppe_lost_sync(&ps->rx_mppe);
		res = ROAM_MPPE_LOST;
	}
	if (res == ROAM_MPPE_LOST ||
	    (res == ROAM_MPPE_DISCARD &&
	     time_after(jiffies, ps->reset_sent + HZ))) {
		*reset_id = ++ps->ccp_id;
		ps->reset_sent = jiffies;
	}
	return res;
}

/*
 * Under rx_lock, in the order the reorder window released the frames:
 * what @skb is, decrypted in place when it is MPPE and pulled to the inner
 * packet when it is data. Stateful MPPE's RC4 state runs across packets,
 * so decryption must follow the sequence numbers: two CPUs receiving for
 * one call would otherwise decrypt in whichever order they got the lock.
 */
static enum roam_pptp_verdict roam_pptp_open(struct roam_pptp_session *ps,
					     struct sk_buff *skb,
					     int *reset_id)
{
	unsigned int off = 0, plen;
	u16 proto;

	lockdep_assert_held(&ps->rx_lock);
	if (!skb->len)
		return ROAM_PPTP_EMPTY;
	/* The whole frame, writable: MPPE decrypts in place. */
	if (skb_ensure_writable(skb, skb->len))
		return ROAM_PPTP_DROP;
	if (skb->len >= 2 && skb->data[0] == 0xff && skb->data[1] == 0x03)
		off = 2;
	proto = roam_ppp_proto(skb->data + off, skb->len - off, &plen);
	off += plen;
	if (proto >= ROAM_PPP_CONTROL_MIN) {
		/* roamd has its copy through its raw socket. */
		if (proto == ROAM_PPP_CCP && skb->len >= off + 2 &&
		    skb->data[off] == ROAM_CCP_RESET_REQ) {
			roam_pptp_cb(skb)->ccp_id = skb->data[off + 1];
			return ROAM_PPTP_RESET_REQ;
		}
		return ROAM_PPTP_CONTROL;
	}
	if (proto == ROAM_PPP_MPPE) {
		if (roam_pptp_decrypt(ps, skb, off, reset_id) != ROAM_MPPE_OK)
			return ROAM_PPTP_DROP_MPPE;
		off += ROAM_MPPE_HLEN;
		proto = roam_ppp_proto(skb->data + off, skb->len - off, &plen);
		off += plen;
	} else if (ps->mppe_bits) {
		/* Encryption was negotiated: clear data is refused. */
		return ROAM_PPTP_DROP_MPPE;
	}
	if (proto != ROAM_PPP_IPV4 && proto != ROAM_PPP_IPV6)
		return ROAM_PPTP_DROP;
	__skb_pull(skb, off);
	return ROAM_PPTP_DATA;
}

/**
 * roam_pptp_open_list - decide, and decrypt, the frames of @list in order
 * @ps: the session, rx_lock held
 * @list: frames the reorder window released
 *
 * Returns the identifier of a CCP Reset-Request to send, or -1.
 */
int roam_pptp_open_list(struct roam_pptp_session *ps,
			struct sk_buff_head *list)
{
	struct sk_buff *skb;
	int reset_id = -1;

	lockdep_assert_held(&ps->rx_lock);
	skb_queue_walk(list, skb)
		roam_pptp_cb(skb)->verdict = roam_pptp_open(ps, skb, &reset_id);
	return reset_id;
}

/**
 * roam_pptp_deliver_list - deliver what roam_pptp_open_list() decided
 * @s: the session
 * @ps: its pptp part
 * @list: the frames, emptied
 * @reset_id: a CCP Reset-Request to send first, or -1
 *
 * Caller holds the RCU read lock (the session's lifetime, pptp_main.c)
 * and not rx_lock (a frame may make us send).
 */
void roam_pptp_deliver_list(struct roam_session *s,
			    struct roam_pptp_session *ps,
			    struct sk_buff_head *list, int reset_id)
{
	struct sk_buff *skb;

	if (reset_id >= 0)
		roam_pptp_send_ccp(s, ROAM_CCP_RESET_REQ, reset_id);
	while ((skb = __skb_dequeue(list))) {
		switch (roam_pptp_cb(skb)->verdict) {
		case ROAM_PPTP_DATA:
			roam_session_rx(s, skb);
			break;
		case ROAM_PPTP_RESET_REQ:
			roam_pptp_reset_req(s, ps, roam_pptp_cb(skb)->ccp_id);
			fallthrough;
		case ROAM_PPTP_CONTROL:
		case ROAM_PPTP_EMPTY:
			consume_skb(skb);
			break;
		case ROAM_PPTP_DROP_MPPE:
			atomic64_inc(&ps->rx_mppe_errors);
			fallthrough;
		default:
			roam_session_rx_drop(s);
			kfree_skb(skb);
			break;
		}
	}
}

static int roam_pptp_gre_rcv(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct roam_pptp_session *ps;
	u8 buf[ROAM_GRE_HLEN_MAX];
	struct sk_buff_head ready;
	struct roam_gre_info g;
	struct roam_session *s;
	int err, reset_id;
	bool queued;
	const u8 *p;

	p = skb_header_pointer(skb, 0, min_t(unsigned int, skb->len,
					     sizeof(buf)), buf);
	if (!p)
		goto drop;
	err = roam_gre_parse(p, min_t(unsigned int, skb->len, sizeof(buf)),
			     skb->len, &g);
	if (!g.has_call_id)
		goto drop;
	ps = roam_pptp_lookup(dev_net(skb->dev), g.call_id);
	if (!ps)
		goto drop;	/* roamd has its copy */
	s = roam_session_from_priv(ps);
	if (iph->saddr != s->peer_ipv4) {
		atomic64_inc(&ps->rx_unbound);
		roam_session_rx_drop(s);
		net_dbg_ratelimited("call %u: GRE from %pI4, not its peer\n",
				    g.call_id, &iph->saddr);
		goto drop;
	}
	if (err) {
		atomic64_inc(&ps->rx_malformed);
		roam_session_rx_drop(s);
		net_dbg_ratelimited("call %u: malformed GRE header\n", g.call_id);
		goto drop;
	}
	/*
	 * Acks need no action: we do not retransmit (RFC 2637 4.4). An
	 * ack-only packet has no sequence number and nothing to deliver.
	 */
	if (!g.has_seq) {
		consume_skb(skb);
		return NET_RX_SUCCESS;
	}
	__skb_pull(skb, g.hlen);
	if (pskb_trim(skb, g.payload_len)) {
		roam_session_rx_drop(s);
		goto drop;
	}
	__skb_queue_head_init(&ready);
	spin_lock(&ps->rx_lock);
	queued = roam_pptp_reorder(ps, skb, g.seq, &ready);
	reset_id = roam_pptp_open_list(ps, &ready);
	spin_unlock(&ps->rx_lock);
	if (!queued) {
		atomic64_inc(&ps->rx_seq_dropped);
		roam_session_rx_drop(s);
		goto drop;
	}
	if (!skb_queue_empty(&ready))
		roam_pptp_ack_due(ps);
	roam_pptp_deliver_list(s, ps, &ready, reset_id);
	return NET_RX_SUCCESS;

drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}

static const struct gre_protocol roam_pptp_gre_proto = {
	.handler = roam_pptp_gre_rcv,
};

int roam_pptp_rcv_init(void)
{
	int err;

	err = gre_add_protocol(&roam_pptp_gre_proto, GREPROTO_PPTP);
	if (err)
		pr_err("GRE version 1 (PPTP) is already handled by another module (Linux's pptp?): unload it first\n");
	return err;
}

void roam_pptp_rcv_uninit(void)
{
	gre_del_protocol(&roam_pptp_gre_proto, GREPROTO_PPTP);
	/* gre_del_protocol() waited for the handlers already running. */
}
