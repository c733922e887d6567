// SPDX-License-Identifier: GPL-2.0
/*
 * A reliable channel resumed from a restart state that lags the live one
 * (l2tp_rl_resume()): its Ns and Nr may be behind the peer's view, and
 * the peer's first ack and message must bring them level without losing
 * anything either side sends.  The peer here is a model of an RFC 2661
 * one: it delivers the Ns it expects, acks anything older with a ZLB, and
 * drops anything newer.
 */
#include <stdlib.h>

#include "test.h"
#include "l2tp/header.h"
#include "l2tp/reliable.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const struct l2tp_rl_params params = {
	.rtx_initial_ms = 1000,
	.rtx_max_ms = 8000,
	.max_retries = 5,
	.ack_delay_ms = 100,
	.our_rws = 4,
};

/* The saved state: our oldest unacked Ns and the Ns we expect next. */
#define SAVED_NS	10
#define SAVED_NR	20

/* The peer: what it expects from us, what it sends next, what it got. */
static struct {
	uint16_t expect, next;
	int delivered, duplicates;
	/* its answer to the last thing we sent, to feed back */
	bool answered;
	uint16_t ans_ns, ans_nr;
} peer;

static void peer_reset(uint16_t expect, uint16_t next)
{
	memset(&peer, 0, sizeof(peer));
	peer.expect = expect;
	peer.next = next;
}

static void xmit(void *arg, const uint8_t *buf, size_t len)
{
	struct l2tp_hdr h;

	(void)arg;
	if (l2tp_hdr_parse(buf, len, &h) != L2TP_HDR_OK ||
	    h.msg_len == h.hdr_len)
		return;		/* our ZLBs ask for nothing */
	if (h.ns == peer.expect) {
		peer.expect++;
		peer.delivered++;
	} else if (l2tp_seq_lt(h.ns, peer.expect)) {
		peer.duplicates++;
	} else {
		return;		/* ahead of order: dropped, no answer */
	}
	peer.answered = true;
	peer.ans_ns = peer.next;
	peer.ans_nr = peer.expect;
}

static void msg(uint8_t *b, size_t len)
{
	memset(b, 0, len);
	l2tp_hdr_put_control(b, len, 9, 0, 0, 0);
	l2tp_hdr_set_length(b, (uint16_t)len);
}

/* The peer's ZLB answering what we sent last. */
static enum l2tp_rl_verdict peer_zlb(struct l2tp_reliable *rl, uint64_t now,
				     bool *bad)
{
	uint8_t z[L2TP_CTRL_HDR_LEN];

	CHECK(peer.answered);
	peer.answered = false;
	l2tp_hdr_put_control(z, sizeof(z), 1, 0, peer.ans_ns, peer.ans_nr);
	return l2tp_rl_input(rl, now, peer.ans_ns, peer.ans_nr, true, z,
			     sizeof(z), bad);
}

/* A new message from the peer, carrying its current view. */
static enum l2tp_rl_verdict peer_msg(struct l2tp_reliable *rl, uint64_t now,
				     bool *bad)
{
	uint8_t b[20];

	msg(b, sizeof(b));
	return l2tp_rl_input(rl, now, peer.next++, peer.expect, false, b,
			     sizeof(b), bad);
}

/*
 * We send first (a HELLO at its time): the probe is taken as a duplicate,
 * its ack tells our Ns; then the messages wait for nothing.  behind_ns and
 * behind_nr: how far the saved state lags on each side.
 */
static void we_send_first(uint16_t behind_ns, uint16_t behind_nr)
{
	struct l2tp_reliable rl;
	uint8_t b[20];
	bool bad;

	l2tp_rl_init(&rl, &params, xmit, NULL);
	l2tp_rl_resume(&rl, SAVED_NS, SAVED_NR);
	peer_reset(SAVED_NS + behind_ns, SAVED_NR + behind_nr);
	msg(b, sizeof(b));
	CHECK_INT(l2tp_rl_send(&rl, 0, b, sizeof(b)), 0);
	CHECK_INT(l2tp_rl_send(&rl, 0, b, sizeof(b)), 0);
	/* only the probe went out, and the peer took it as old */
	CHECK_INT(peer.duplicates, 1);
	CHECK_INT(peer.delivered, 0);
	/* lost: repeated at the retransmission timeout, still as a probe */
	peer.answered = false;
	CHECK_INT(l2tp_rl_deadline(&rl), 1000);
	CHECK(l2tp_rl_timer(&rl, 1000));
	CHECK_INT(peer.duplicates, 2);
	CHECK_INT(peer.delivered, 0);
	/* its ack: both renumbered, sent, delivered */
	CHECK_INT(peer_zlb(&rl, 1100, &bad), L2TP_RL_ZLB);
	CHECK(!bad);
	CHECK_INT(rl.ns_moved, behind_ns);
	CHECK_INT(peer.delivered, 2);
	CHECK_INT(rl.una, SAVED_NS + behind_ns);
	CHECK_INT(rl.ns_next, SAVED_NS + behind_ns + 2);
	CHECK_INT(peer_zlb(&rl, 1200, &bad), L2TP_RL_ZLB);
	CHECK(!bad && l2tp_rl_idle(&rl));
	/* a ZLB's Ns does not move our Nr ... */
	CHECK_INT(rl.nr, SAVED_NR);
	CHECK_INT(rl.nr_moved, 0);
	/* ... the peer's next message does */
	CHECK_INT(peer_msg(&rl, 1300, &bad), L2TP_RL_DELIVER);
	CHECK(!bad);
	CHECK_INT(rl.nr, SAVED_NR + behind_nr + 1);
	CHECK_INT(rl.nr_moved, behind_nr);
	CHECK(!rl.resync_tx && !rl.resync_rx);
	/* and the channel goes on as any other */
	CHECK_INT(l2tp_rl_send(&rl, 1400, b, sizeof(b)), 0);
	CHECK_INT(peer.delivered, 3);
	CHECK_INT(peer_zlb(&rl, 1500, &bad), L2TP_RL_ZLB);
	CHECK(!bad && l2tp_rl_idle(&rl));
	CHECK_INT(peer_msg(&rl, 1600, &bad), L2TP_RL_DELIVER);
	CHECK_INT(rl.stats.bad_nr, 0);
	l2tp_rl_release(&rl);
}

static void we_send_first_behind_1(void)
{
	we_send_first(1, 1);
}

static void we_send_first_behind_2(void)
{
	we_send_first(2, 2);
}

static void we_send_first_behind_several(void)
{
	we_send_first(7, 5);
	we_send_first(L2TP_RL_RESYNC_MAX, L2TP_RL_RESYNC_MAX);
	/* not behind at all: the probe costs a round trip, nothing moves */
	we_send_first(0, 0);
}

/* The peer sends first: a message, whose Ns and Nr both count. */
static void peer_message_first(uint16_t behind_ns, uint16_t behind_nr)
{
	struct l2tp_reliable rl;
	uint8_t b[20];
	bool bad;

	l2tp_rl_init(&rl, &params, xmit, NULL);
	l2tp_rl_resume(&rl, SAVED_NS, SAVED_NR);
	peer_reset(SAVED_NS + behind_ns, SAVED_NR + behind_nr);
	CHECK_INT(peer_msg(&rl, 0, &bad), L2TP_RL_DELIVER);
	CHECK(!bad);
	CHECK_INT(rl.nr, SAVED_NR + behind_nr + 1);
	CHECK_INT(rl.una, SAVED_NS + behind_ns);
	CHECK_INT(rl.ns_moved, behind_ns);
	CHECK_INT(rl.nr_moved, behind_nr);
	CHECK_INT(rl.stats.out_of_order + rl.stats.outside_window, 0);
	/* our answer goes straight out with the Ns the peer expects */
	msg(b, sizeof(b));
	CHECK_INT(l2tp_rl_send(&rl, 10, b, sizeof(b)), 0);
	CHECK_INT(peer.delivered, 1);
	CHECK_INT(peer.duplicates, 0);
	CHECK_INT(peer_zlb(&rl, 20, &bad), L2TP_RL_ZLB);
	CHECK(!bad && l2tp_rl_idle(&rl));
	l2tp_rl_release(&rl);
}

static void peer_message_first_behind(void)
{
	peer_message_first(1, 1);
	peer_message_first(2, 2);
	peer_message_first(6, 3);
	peer_message_first(0, 4);
	peer_message_first(4, 0);
}

/*
 * The peer sends first: a ZLB (its delayed ack of what the earlier roamd
 * sent), which tells our Ns, not our Nr.
 */
static void peer_zlb_first(void)
{
	static const uint16_t behind[] = { 1, 2, 9 };
	struct l2tp_reliable rl;
	uint8_t b[20];
	unsigned int i;
	bool bad;

	for (i = 0; i < ARRAY_SIZE(behind); i++) {
		l2tp_rl_init(&rl, &params, xmit, NULL);
		l2tp_rl_resume(&rl, SAVED_NS, SAVED_NR);
		peer_reset(SAVED_NS + behind[i], SAVED_NR + behind[i]);
		peer.answered = true;
		peer.ans_ns = peer.next;
		peer.ans_nr = peer.expect;
		CHECK_INT(peer_zlb(&rl, 0, &bad), L2TP_RL_ZLB);
		CHECK(!bad);
		CHECK_INT(rl.una, SAVED_NS + behind[i]);
		CHECK_INT(rl.nr, SAVED_NR);
		CHECK(!rl.resync_tx && rl.resync_rx);
		/* no probe now: straight out, delivered */
		msg(b, sizeof(b));
		CHECK_INT(l2tp_rl_send(&rl, 10, b, sizeof(b)), 0);
		CHECK_INT(peer.delivered, 1);
		CHECK_INT(peer.duplicates, 0);
		CHECK_INT(peer_msg(&rl, 20, &bad), L2TP_RL_DELIVER);
		CHECK(!bad && l2tp_rl_idle(&rl));
		CHECK_INT(rl.nr_moved, behind[i]);
		l2tp_rl_release(&rl);
	}
}

/*
 * An old ack (Nr behind our saved Ns) or a retransmission the earlier
 * roamd had acked (Ns behind our saved Nr) leaves the resync waiting.
 */
static void old_numbers_wait(void)
{
	struct l2tp_reliable rl;
	uint8_t b[20];
	bool bad;

	l2tp_rl_init(&rl, &params, xmit, NULL);
	l2tp_rl_resume(&rl, SAVED_NS, SAVED_NR);
	msg(b, sizeof(b));
	CHECK_INT(l2tp_rl_input(&rl, 0, SAVED_NR - 1, SAVED_NS - 1, false, b,
				sizeof(b), &bad), L2TP_RL_DUPLICATE);
	CHECK(rl.resync_tx && rl.resync_rx);
	CHECK_INT(l2tp_rl_input(&rl, 0, SAVED_NR + 3, SAVED_NS + 2, false, b,
				sizeof(b), &bad), L2TP_RL_DELIVER);
	CHECK(!bad);
	CHECK_INT(rl.ns_moved, 2);
	CHECK_INT(rl.nr_moved, 3);
	l2tp_rl_release(&rl);
}

/* A jump past the bound is not adopted: the channel is as before. */
static void beyond_the_bound(void)
{
	uint16_t far = L2TP_RL_RESYNC_MAX + 1;
	struct l2tp_reliable rl;
	uint8_t b[20];
	bool bad;

	l2tp_rl_init(&rl, &params, xmit, NULL);
	l2tp_rl_resume(&rl, SAVED_NS, SAVED_NR);
	peer_reset(SAVED_NS + far, SAVED_NR + far);
	CHECK_INT(peer_msg(&rl, 0, &bad), L2TP_RL_DROP);
	CHECK(bad);
	CHECK_INT(rl.una, SAVED_NS);
	CHECK_INT(rl.nr, SAVED_NR);
	CHECK_INT(rl.ns_moved + rl.nr_moved, 0);
	CHECK(!rl.resync_tx && !rl.resync_rx);
	/* what we send now goes out at the saved Ns, no probe */
	msg(b, sizeof(b));
	CHECK_INT(l2tp_rl_send(&rl, 10, b, sizeof(b)), 0);
	CHECK_INT(peer.duplicates, 1);
	CHECK_INT(rl.in_flight, 1);
	l2tp_rl_release(&rl);

	/* the same through a ZLB */
	l2tp_rl_init(&rl, &params, xmit, NULL);
	l2tp_rl_resume(&rl, SAVED_NS, SAVED_NR);
	peer_reset(SAVED_NS + far, SAVED_NR);
	peer.answered = true;
	peer.ans_ns = peer.next;
	peer.ans_nr = peer.expect;
	CHECK_INT(peer_zlb(&rl, 0, &bad), L2TP_RL_ZLB);
	CHECK(bad);
	CHECK_INT(rl.una, SAVED_NS);
	CHECK_INT(rl.ns_moved, 0);
	l2tp_rl_release(&rl);
}

/* A channel that was not resumed never moves its numbers to the peer's. */
static void not_resumed_never_jumps(void)
{
	struct l2tp_reliable rl;
	uint8_t b[20];
	bool bad;

	l2tp_rl_init(&rl, &params, xmit, NULL);
	l2tp_rl_expect(&rl, SAVED_NR);
	peer_reset(0, SAVED_NR + 1);
	msg(b, sizeof(b));
	/* our first message goes out as itself, no probe */
	CHECK_INT(l2tp_rl_send(&rl, 0, b, sizeof(b)), 0);
	CHECK_INT(peer.delivered, 1);
	CHECK_INT(peer.duplicates, 0);
	/* an ack of more than we sent is refused, not adopted */
	CHECK_INT(l2tp_rl_input(&rl, 10, SAVED_NR + 1, 2, true, b, 12, &bad),
		  L2TP_RL_ZLB);
	CHECK(bad);
	CHECK_INT(rl.una, 0);
	CHECK_INT(rl.ns_next, 1);
	/* a message ahead of order waits, Nr does not jump */
	CHECK_INT(l2tp_rl_input(&rl, 20, SAVED_NR + 1, 1, false, b,
				sizeof(b), &bad), L2TP_RL_QUEUED);
	CHECK(!bad);
	CHECK_INT(rl.nr, SAVED_NR);
	CHECK_INT(rl.ns_moved + rl.nr_moved, 0);
	l2tp_rl_release(&rl);
}

void suite_l2tp_resync(void)
{
	RUN(we_send_first_behind_1);
	RUN(we_send_first_behind_2);
	RUN(we_send_first_behind_several);
	RUN(peer_message_first_behind);
	RUN(peer_zlb_first);
	RUN(old_numbers_wait);
	RUN(beyond_the_bound);
	RUN(not_resumed_never_jumps);
}
