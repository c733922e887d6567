/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reliable delivery of control messages on one tunnel (RFC 2661 §5.8):
 * Ns/Nr sequence numbers mod 2^16, a send window of the peer's Receive
 * Window Size, retransmission with exponential backoff, in-order delivery
 * with a bounded out-of-order queue, duplicate detection, and delayed ZLB
 * acknowledgements.  It knows nothing of message contents: it is given
 * whole built messages to send and returns verdicts on received headers.
 */
#ifndef ROAM_L2TP_RELIABLE_H
#define ROAM_L2TP_RELIABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Out-of-order slots; our advertised window can be at most this. */
#define L2TP_RL_MAX_RWS		32
/* Messages waiting in the send queue (in flight or for the window). */
#define L2TP_RL_MAX_QUEUE	256
/*
 * How far a resumed channel's Ns or Nr may be moved to what the peer
 * says (l2tp_rl_resume()).  The restart state lags the live one by at
 * most the rebuild hold-off's bound, 10 s; in that time a client's
 * tunnel carries a HELLO or two and the setup (3 messages) and clearing
 * (1) of a few calls.  32 covers several of those, and is 1/2048 of the
 * sequence space, so that a forged or corrupt header cannot move the
 * counters anywhere it likes.
 */
#define L2TP_RL_RESYNC_MAX	32

struct l2tp_rl_params {
	uint32_t rtx_initial_ms;	/* first retransmission timeout */
	uint32_t rtx_max_ms;		/* backoff cap */
	uint32_t max_retries;		/* retransmissions before giving up */
	uint32_t ack_delay_ms;		/* how long a ZLB waits for a ride */
	uint16_t our_rws;		/* window we advertise (<= MAX_RWS) */
};

struct l2tp_rl_stats {
	uint64_t retransmits;
	uint64_t duplicates;
	uint64_t out_of_order;
	uint64_t outside_window;
	uint64_t zlb_sent;
	uint64_t bad_nr;
};

/* One control message as queued: to send, or received ahead of order. */
struct l2tp_rl_msg {
	struct l2tp_rl_msg *next;
	uint16_t ns;
	uint16_t len;
	uint8_t buf[];
};

/* Called with every datagram the layer wants on the wire. */
typedef void (*l2tp_rl_xmit_fn)(void *arg, const uint8_t *buf, size_t len);

struct l2tp_reliable {
	struct l2tp_rl_params p;
	l2tp_rl_xmit_fn xmit;
	void *arg;
	uint16_t peer_tid;		/* header tunnel ID of our ZLBs */
	uint16_t peer_rws;		/* peer's receive window */
	/* How far resynchronisation moved Ns and Nr (0: not at all). */
	uint16_t ns_moved, nr_moved;

	/* Send side: queue in Ns order, the first in_flight transmitted. */
	struct l2tp_rl_msg *head, *tail;
	unsigned int queued;
	unsigned int in_flight;
	uint16_t una;			/* Ns of the oldest unacked message */
	uint16_t ns_next;		/* Ns of the next message queued */
	uint32_t retries;		/* timeouts without progress */
	uint64_t rtx_deadline;		/* 0: no retransmission pending */

	/* Receive side. */
	uint16_t nr;			/* next Ns we expect */
	/*
	 * Messages that came ahead of nr, by Ns % L2TP_RL_MAX_RWS: an
	 * array allocated at the first such message and freed when the
	 * last one is delivered (NULL: none), so that a tunnel whose
	 * messages come in order holds no window of pointers.
	 */
	struct l2tp_rl_msg **ooo;
	unsigned int nooo;		/* messages in ooo */
	bool ack_owed;
	/*
	 * A resumed channel (l2tp_rl_resume()) whose Ns has not yet been
	 * confirmed by an Nr from the peer (tx), or whose Nr not yet by
	 * the Ns of a message from the peer (rx).
	 */
	bool resync_tx, resync_rx;
	uint64_t ack_deadline;

	struct l2tp_rl_stats stats;
};

enum l2tp_rl_verdict {
	L2TP_RL_DELIVER,	/* in order: process it now */
	L2TP_RL_ZLB,		/* a ZLB: only its Nr mattered */
	L2TP_RL_DUPLICATE,	/* seen before: re-acked, drop */
	L2TP_RL_QUEUED,		/* ahead of order: kept for later */
	L2TP_RL_DROP,		/* beyond our window, or out of memory */
};

void l2tp_rl_init(struct l2tp_reliable *rl, const struct l2tp_rl_params *p,
		  l2tp_rl_xmit_fn xmit, void *arg);
/* Free queued messages; the struct may then be reused or dropped. */
void l2tp_rl_release(struct l2tp_reliable *rl);

/*
 * Set the receive side to expect first_ns next (the Ns of the message
 * that opens the tunnel), before that message is fed to l2tp_rl_input().
 */
void l2tp_rl_expect(struct l2tp_reliable *rl, uint16_t first_ns);

/*
 * Go on from a restart state: our next Ns is ns (the oldest the peer had
 * not acknowledged when the state was written), the next Ns we expect nr.
 * The state may lag the live channel by the exchanges that followed it,
 * so both may be behind what the peer holds, never ahead.  Until the peer
 * has told us its view, the channel resynchronises:
 *  - tx: what we queue waits; the oldest of it goes out as a probe
 *    numbered ns - 1, which the peer has certainly received, so that it
 *    answers with an ack (a ZLB) whose Nr is the Ns it expects next.  The
 *    first Nr from the peer (on that ZLB or on any message) that is
 *    ahead of ns by at most L2TP_RL_RESYNC_MAX becomes our next Ns, the
 *    waiting messages are renumbered from it and sent.  Without the probe
 *    a message sent at a stale Ns would be taken by the peer as a
 *    duplicate, and its ack would look like an ack of that message.
 *  - rx: the first message from the peer whose Ns is ahead of nr by at
 *    most L2TP_RL_RESYNC_MAX is delivered and nr moves past it: a peer
 *    sends in order and retransmits from its oldest unacknowledged
 *    message, so everything before it had been acknowledged, by the
 *    roamd that died.  A ZLB's Ns does not count: it is the peer's next
 *    new Ns, with any message still unacknowledged before it.
 * An Nr or Ns beyond the bound ends that side's resynchronisation and is
 * handled as on any channel; one behind (an old ack, a retransmission)
 * leaves it waiting.  ns_moved and nr_moved say what moved.
 */
void l2tp_rl_resume(struct l2tp_reliable *rl, uint16_t ns, uint16_t nr);

/*
 * Queue a built control message (header included; its Ns and Nr are
 * filled here) and transmit it if the peer's window allows.  Return 0,
 * or -1 if the queue is full or memory ran out.
 */
int l2tp_rl_send(struct l2tp_reliable *rl, uint64_t now,
		 const uint8_t *msg, size_t len);

/*
 * Account for a received control message: its Nr acknowledges what we
 * sent, its Ns is classified.  msg/len are the whole message, copied when
 * it must wait in the out-of-order queue.  *bad_nr is set when Nr
 * acknowledged something never sent (the ack is then ignored).
 */
enum l2tp_rl_verdict l2tp_rl_input(struct l2tp_reliable *rl, uint64_t now,
				   uint16_t ns, uint16_t nr, bool zlb,
				   const uint8_t *msg, size_t len,
				   bool *bad_nr);

/*
 * After a DELIVER, the queued message that has become next in order, if
 * any, or NULL.  The expected Ns moves past it; the caller processes it
 * and free()s it.
 */
struct l2tp_rl_msg *l2tp_rl_pop_ready(struct l2tp_reliable *rl, uint64_t now);

/*
 * Run timers: send an owed ZLB, retransmit on timeout.  Return false when
 * the retransmissions are exhausted and the tunnel must be cleared.
 */
bool l2tp_rl_timer(struct l2tp_reliable *rl, uint64_t now);

/* Earliest time l2tp_rl_timer() has work, 0 if none. */
uint64_t l2tp_rl_deadline(const struct l2tp_reliable *rl);

/* True when everything sent has been acknowledged. */
bool l2tp_rl_idle(const struct l2tp_reliable *rl);

/* Send a ZLB acknowledgement now (used on shutdown paths). */
void l2tp_rl_send_zlb(struct l2tp_reliable *rl);

/* a < b in the 16-bit sequence space. */
static inline bool l2tp_seq_lt(uint16_t a, uint16_t b)
{
	return (int16_t)(uint16_t)(a - b) < 0;
}

#endif /* ROAM_L2TP_RELIABLE_H */
