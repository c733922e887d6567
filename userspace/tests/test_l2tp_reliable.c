// SPDX-License-Identifier: GPL-2.0
/* L2TP reliable delivery: windows, backoff, reordering, acks. */
#include <stdlib.h>

#include "test.h"
#include "l2tp/header.h"
#include "l2tp/reliable.h"

void suite_l2tp_reliable(void);

/* What the layer put on the wire, as (Ns, Nr, length) triples. */
static struct {
	uint16_t ns, nr;
	size_t len;
} wire[64];
static int nwire;

static void xmit(void *arg, const uint8_t *buf, size_t len)
{
	struct l2tp_hdr h;

	(void)arg;
	if (nwire < 64 && l2tp_hdr_parse(buf, len, &h) == L2TP_HDR_OK) {
		wire[nwire].ns = h.ns;
		wire[nwire].nr = h.nr;
		wire[nwire].len = len;
		nwire++;
	}
}

static const struct l2tp_rl_params params = {
	.rtx_initial_ms = 1000,
	.rtx_max_ms = 8000,
	.max_retries = 5,
	.ack_delay_ms = 100,
	.our_rws = 4,
};

static void msg(uint8_t *b, size_t len)
{
	memset(b, 0, len);
	l2tp_hdr_put_control(b, len, 9, 0, 0, 0);
	l2tp_hdr_set_length(b, (uint16_t)len);
}

static void backoff(void)
{
	static const uint64_t when[] = { 1000, 3000, 7000, 15000, 23000 };
	struct l2tp_reliable rl;
	uint8_t b[20];
	unsigned int i;

	l2tp_rl_init(&rl, &params, xmit, NULL);
	nwire = 0;
	msg(b, sizeof(b));
	CHECK_INT(l2tp_rl_send(&rl, 0, b, sizeof(b)), 0);
	CHECK_INT(nwire, 1);
	CHECK_INT(l2tp_rl_deadline(&rl), 1000);
	CHECK(l2tp_rl_timer(&rl, 999));
	CHECK_INT(nwire, 1);
	/* 1, 2, 4, 8, 8 seconds: retransmissions at 1, 3, 7, 15, 23 s. */
	for (i = 0; i < sizeof(when) / sizeof(when[0]); i++) {
		CHECK_INT(l2tp_rl_deadline(&rl), when[i]);
		CHECK(l2tp_rl_timer(&rl, when[i]));
		CHECK_INT(nwire, (int)i + 2);
		CHECK_INT(wire[nwire - 1].ns, 0);
	}
	CHECK_INT(l2tp_rl_deadline(&rl), 31000);
	CHECK(!l2tp_rl_timer(&rl, 31000));
	CHECK_INT(rl.stats.retransmits, 5);
	l2tp_rl_release(&rl);
}

static void window_and_acks(void)
{
	struct l2tp_reliable rl;
	uint8_t b[20];
	bool bad;

	l2tp_rl_init(&rl, &params, xmit, NULL);
	rl.peer_rws = 2;
	nwire = 0;
	msg(b, sizeof(b));
	l2tp_rl_send(&rl, 0, b, sizeof(b));
	l2tp_rl_send(&rl, 0, b, sizeof(b));
	l2tp_rl_send(&rl, 0, b, sizeof(b));
	/* The peer's window holds two: the third waits. */
	CHECK_INT(nwire, 2);
	CHECK_INT(wire[1].ns, 1);
	/* A ZLB acking the first opens the window. */
	CHECK_INT(l2tp_rl_input(&rl, 500, 0, 1, true, b, 12, &bad), L2TP_RL_ZLB);
	CHECK(!bad);
	CHECK_INT(nwire, 3);
	CHECK_INT(wire[2].ns, 2);
	CHECK_INT(l2tp_rl_deadline(&rl), 1500);
	/* An Nr past what was sent is refused and counted. */
	CHECK_INT(l2tp_rl_input(&rl, 600, 0, 9, true, b, 12, &bad), L2TP_RL_ZLB);
	CHECK(bad);
	CHECK_INT(rl.stats.bad_nr, 1);
	CHECK(!l2tp_rl_idle(&rl));
	/* Retransmission resends both in flight with the current Nr. */
	CHECK(l2tp_rl_timer(&rl, 1500));
	CHECK_INT(nwire, 5);
	CHECK_INT(wire[3].ns, 1);
	CHECK_INT(wire[4].ns, 2);
	l2tp_rl_input(&rl, 1600, 0, 3, true, b, 12, &bad);
	CHECK(l2tp_rl_idle(&rl));
	CHECK_INT(l2tp_rl_deadline(&rl), 0);
	l2tp_rl_release(&rl);
}

static void wraparound(void)
{
	struct l2tp_reliable rl;
	uint8_t b[20];
	bool bad;

	CHECK(l2tp_seq_lt(0xffff, 0));
	CHECK(!l2tp_seq_lt(0, 0xffff));
	CHECK(l2tp_seq_lt(0x7ffe, 0x7fff));
	l2tp_rl_init(&rl, &params, xmit, NULL);
	rl.ns_next = rl.una = 0xffff;
	l2tp_rl_expect(&rl, 0xfffe);
	nwire = 0;
	msg(b, sizeof(b));
	l2tp_rl_send(&rl, 0, b, sizeof(b));
	l2tp_rl_send(&rl, 0, b, sizeof(b));
	CHECK_INT(wire[0].ns, 0xffff);
	CHECK_INT(wire[1].ns, 0);
	CHECK_INT(l2tp_rl_input(&rl, 0, 0xfffe, 1, false, b, 20, &bad),
		  L2TP_RL_DELIVER);
	CHECK(!bad);
	CHECK(l2tp_rl_idle(&rl));
	CHECK_INT(l2tp_rl_input(&rl, 0, 0xffff, 1, false, b, 20, &bad),
		  L2TP_RL_DELIVER);
	CHECK_INT(rl.nr, 0);
	CHECK_INT(l2tp_rl_input(&rl, 0, 0xfffe, 1, false, b, 20, &bad),
		  L2TP_RL_DUPLICATE);
	l2tp_rl_release(&rl);
}

static void reorder_dup_zlb(void)
{
	struct l2tp_reliable rl;
	struct l2tp_rl_msg *q;
	uint8_t b[20];
	bool bad;

	l2tp_rl_init(&rl, &params, xmit, NULL);
	nwire = 0;
	msg(b, sizeof(b));
	/* no window of pointers before a message comes out of order */
	CHECK(!rl.ooo);
	/* 2 and 1 arrive before 0; 4 is past our window of 4. */
	CHECK_INT(l2tp_rl_input(&rl, 0, 2, 0, false, b, 20, &bad), L2TP_RL_QUEUED);
	CHECK(rl.ooo && rl.nooo == 1);
	CHECK_INT(l2tp_rl_input(&rl, 0, 1, 0, false, b, 20, &bad), L2TP_RL_QUEUED);
	CHECK_INT(l2tp_rl_input(&rl, 0, 1, 0, false, b, 20, &bad),
		  L2TP_RL_DUPLICATE);
	CHECK_INT(l2tp_rl_input(&rl, 0, 4, 0, false, b, 20, &bad), L2TP_RL_DROP);
	CHECK_INT(rl.stats.outside_window, 1);
	CHECK_INT(l2tp_rl_input(&rl, 10, 0, 0, false, b, 20, &bad),
		  L2TP_RL_DELIVER);
	q = l2tp_rl_pop_ready(&rl, 10);
	CHECK(q && q->ns == 1);
	free(q);
	q = l2tp_rl_pop_ready(&rl, 10);
	CHECK(q && q->ns == 2);
	free(q);
	CHECK(l2tp_rl_pop_ready(&rl, 10) == NULL);
	CHECK_INT(rl.nr, 3);
	/* all delivered: the window is set free */
	CHECK(!rl.ooo && !rl.nooo);
	/* Nothing rode along: one ZLB after the ack delay, with Nr 3. */
	CHECK_INT(nwire, 0);
	CHECK_INT(l2tp_rl_deadline(&rl), 100);
	CHECK(l2tp_rl_timer(&rl, 99));
	CHECK_INT(nwire, 0);
	CHECK(l2tp_rl_timer(&rl, 100));
	CHECK_INT(nwire, 1);
	CHECK_INT(wire[0].nr, 3);
	CHECK_INT(wire[0].len, 12);
	CHECK_INT(l2tp_rl_deadline(&rl), 0);
	/* A duplicate is re-acked at once. */
	CHECK_INT(l2tp_rl_input(&rl, 200, 0, 0, false, b, 20, &bad),
		  L2TP_RL_DUPLICATE);
	CHECK_INT(nwire, 2);
	CHECK_INT(wire[1].nr, 3);
	/* A reply sent in time carries the ack: no ZLB. */
	CHECK_INT(l2tp_rl_input(&rl, 300, 3, 0, false, b, 20, &bad),
		  L2TP_RL_DELIVER);
	l2tp_rl_send(&rl, 300, b, sizeof(b));
	CHECK_INT(nwire, 3);
	CHECK_INT(wire[2].nr, 4);
	CHECK_INT(wire[2].len, 20);
	CHECK_INT(l2tp_rl_deadline(&rl), 1300);
	CHECK_INT(rl.stats.zlb_sent, 2);
	/* out of order again: a new window, still found in Ns order */
	CHECK_INT(l2tp_rl_input(&rl, 400, 5, 0, false, b, 20, &bad),
		  L2TP_RL_QUEUED);
	CHECK(rl.ooo && rl.nooo == 1);
	CHECK(l2tp_rl_pop_ready(&rl, 400) == NULL);
	CHECK_INT(l2tp_rl_input(&rl, 400, 4, 0, false, b, 20, &bad),
		  L2TP_RL_DELIVER);
	q = l2tp_rl_pop_ready(&rl, 400);
	CHECK(q && q->ns == 5);
	free(q);
	CHECK(!rl.ooo);
	/* one left queued: release frees it and the window */
	CHECK_INT(l2tp_rl_input(&rl, 500, 7, 0, false, b, 20, &bad),
		  L2TP_RL_QUEUED);
	l2tp_rl_release(&rl);
	CHECK(!rl.ooo && !rl.nooo);
}

static void queue_limit(void)
{
	struct l2tp_reliable rl;
	uint8_t b[20];
	int i, rc = 0;

	l2tp_rl_init(&rl, &params, xmit, NULL);
	msg(b, sizeof(b));
	for (i = 0; i < L2TP_RL_MAX_QUEUE; i++)
		rc |= l2tp_rl_send(&rl, 0, b, sizeof(b));
	CHECK_INT(rc, 0);
	CHECK_INT(l2tp_rl_send(&rl, 0, b, sizeof(b)), -1);
	CHECK_INT(l2tp_rl_send(&rl, 0, b, 4), -1);
	l2tp_rl_release(&rl);
	CHECK(l2tp_rl_idle(&rl));
}

void suite_l2tp_reliable(void)
{
	RUN(backoff);
	RUN(window_and_acks);
	RUN(wraparound);
	RUN(reorder_dup_zlb);
	RUN(queue_limit);
}
