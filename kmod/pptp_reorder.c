// SPDX-License-Identifier: GPL-2.0
/*
 * roam_pptp - the receive reorder window: GRE sequence numbers put the
 * client's packets back in the order it sent them (RFC 2637 section 4.3
 * lets a receiver hold packets that arrive ahead of a missing one).
 *
 * Why a window at all: stateful MPPE takes any gap for a loss (one packet
 * out of order costs a CCP reset and every packet until the flushed one),
 * and TCP through the tunnel slows down on reordering. Why a small one: a
 * packet held waits for one that may never come, so the window holds at
 * most ROAM_PPTP_REORDER_MAX packets for at most ROAM_PPTP_REORDER_WAIT;
 * then the gap is given up (the sequence moves past it) and what waited
 * is delivered in order. A packet at or behind the last one delivered is
 * a duplicate or came too late: it is dropped and counted (rx_seq_dropped),
 * as is a duplicate of one that waits.
 *
 * Locks and lifetime: the queue and the sequence number are under the
 * session's rx_lock. The timer is armed only from the receive path, under
 * rx_lock, so after the unhash and its grace period (pptp_main.c) nothing
 * arms it again: roam_pptp_reorder_uninit() shuts it down for good, then
 * frees what still waits. Packets are delivered outside rx_lock (delivery
 * may send a CCP frame); they are decrypted before, under rx_lock, in the
 * order of their sequence numbers (pptp_rcv.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/skbuff.h>

#include "pptp.h"

static bool roam_seq_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

/* Move the packets that follow the last one delivered to @ready. */
static void roam_pptp_reorder_drain(struct roam_pptp_session *ps,
				    struct sk_buff_head *ready)
{
	struct sk_buff *skb;

	lockdep_assert_held(&ps->rx_lock);
	while ((skb = skb_peek(&ps->reorder_q)) &&
	       roam_pptp_cb(skb)->seq == ps->rx_seq + 1) {
		__skb_unlink(skb, &ps->reorder_q);
		WRITE_ONCE(ps->rx_seq, roam_pptp_cb(skb)->seq);
		__skb_queue_tail(ready, skb);
	}
}

/* Give up on the gap in front of the first packet that waits. */
static void roam_pptp_reorder_skip(struct roam_pptp_session *ps,
				   struct sk_buff_head *ready)
{
	struct sk_buff *skb = skb_peek(&ps->reorder_q);

	lockdep_assert_held(&ps->rx_lock);
	if (!skb)
		return;
	WRITE_ONCE(ps->rx_seq, roam_pptp_cb(skb)->seq - 1);
	roam_pptp_reorder_drain(ps, ready);
}

/* Put @skb in the window, in sequence order; false for a duplicate. */
static bool roam_pptp_reorder_insert(struct roam_pptp_session *ps,
				     struct sk_buff *skb, u32 seq)
{
	struct sk_buff *pos;

	skb_queue_walk(&ps->reorder_q, pos) {
		if (roam_pptp_cb(pos)->seq == seq)
			return false;
		if (roam_seq_before(seq, roam_pptp_cb(pos)->seq)) {
			__skb_queue_before(&ps->reorder_q, pos, skb);
			return true;
		}
	}
	__skb_queue_tail(&ps->reorder_q, skb);
	return true;
}

/**
 * roam_pptp_reorder - take a sequenced packet into the window
 * @ps: the session, rx_lock held
 * @skb: the packet (its GRE header pulled)
 * @seq: its GRE sequence number
 * @ready: where what can be delivered now is added, in order
 *
 * Returns false when @skb is a duplicate or late: the caller drops and
 * counts it. Otherwise the window owns @skb.
 */
bool roam_pptp_reorder(struct roam_pptp_session *ps, struct sk_buff *skb,
		       u32 seq, struct sk_buff_head *ready)
{
	s32 ahead;

	lockdep_assert_held(&ps->rx_lock);
	if (!ps->rx_seq_valid) {
		WRITE_ONCE(ps->rx_seq, seq);
		WRITE_ONCE(ps->rx_seq_valid, true);
		__skb_queue_tail(ready, skb);
		return true;
	}
	ahead = (s32)(seq - ps->rx_seq);
	if (ahead <= 0)
		return false;
	if (ahead == 1) {
		WRITE_ONCE(ps->rx_seq, seq);
		__skb_queue_tail(ready, skb);
		roam_pptp_reorder_drain(ps, ready);
	} else if (ahead > ROAM_PPTP_REORDER_SPAN) {
		/* Far ahead: whatever waits is older; deliver it first. */
		while (!skb_queue_empty(&ps->reorder_q))
			roam_pptp_reorder_skip(ps, ready);
		WRITE_ONCE(ps->rx_seq, seq);
		__skb_queue_tail(ready, skb);
	} else {
		roam_pptp_cb(skb)->seq = seq;
		if (!roam_pptp_reorder_insert(ps, skb, seq))
			return false;
		atomic64_inc(&ps->rx_reordered);
		if (skb_queue_len(&ps->reorder_q) > ROAM_PPTP_REORDER_MAX)
			roam_pptp_reorder_skip(ps, ready);
	}
	if (skb_queue_empty(&ps->reorder_q))
		del_timer(&ps->reorder_timer);
	else if (!timer_pending(&ps->reorder_timer))
		mod_timer(&ps->reorder_timer,
			  jiffies + ROAM_PPTP_REORDER_WAIT);
	return true;
}

/* The wait is over: skip the first gap, deliver, wait again if need be. */
static void roam_pptp_reorder_timer(struct timer_list *t)
{
	struct roam_pptp_session *ps = from_timer(ps, t, reorder_timer);
	struct sk_buff_head ready;
	int reset_id;

	__skb_queue_head_init(&ready);
	spin_lock(&ps->rx_lock);
	roam_pptp_reorder_skip(ps, &ready);
	if (!skb_queue_empty(&ps->reorder_q))
		mod_timer(&ps->reorder_timer,
			  jiffies + ROAM_PPTP_REORDER_WAIT);
	reset_id = roam_pptp_open_list(ps, &ready);
	spin_unlock(&ps->rx_lock);
	if (skb_queue_empty(&ready))
		return;
	roam_pptp_ack_due(ps);
	/* What the GRE receive path holds too: see pptp_rcv.c */
	rcu_read_lock();
	roam_pptp_deliver_list(roam_session_from_priv(ps), ps, &ready,
			       reset_id);
	rcu_read_unlock();
}

void roam_pptp_reorder_init(struct roam_pptp_session *ps)
{
	__skb_queue_head_init(&ps->reorder_q);
	timer_setup(&ps->reorder_timer, roam_pptp_reorder_timer, 0);
}

/* After the grace period that followed the unhash: see pptp_main.c. */
void roam_pptp_reorder_uninit(struct roam_pptp_session *ps)
{
	timer_shutdown_sync(&ps->reorder_timer);
	spin_lock_bh(&ps->rx_lock);
	__skb_queue_purge(&ps->reorder_q);
	spin_unlock_bh(&ps->rx_lock);
}
