// SPDX-License-Identifier: GPL-2.0
/*
 * Reliable control channel.  Sequence numbers are assigned when a message
 * is queued, so the queue is always in Ns order: the first in_flight
 * entries have been transmitted, the rest wait for the peer's window.
 * Received messages ahead of order wait in a ring indexed by Ns; a window
 * of at most L2TP_RL_MAX_RWS makes every slot's Ns unambiguous.
 */
#include <stdlib.h>
#include <string.h>

#include "header.h"
#include "reliable.h"

void l2tp_rl_init(struct l2tp_reliable *rl, const struct l2tp_rl_params *p,
		  l2tp_rl_xmit_fn xmit, void *arg)
{
	memset(rl, 0, sizeof(*rl));
	rl->p = *p;
	if (!rl->p.our_rws || rl->p.our_rws > L2TP_RL_MAX_RWS)
		rl->p.our_rws = L2TP_RL_MAX_RWS;
	if (!rl->p.rtx_initial_ms)
		rl->p.rtx_initial_ms = 1000;
	if (rl->p.rtx_max_ms < rl->p.rtx_initial_ms)
		rl->p.rtx_max_ms = rl->p.rtx_initial_ms;
	rl->xmit = xmit;
	rl->arg = arg;
	rl->peer_rws = 4;
}

void l2tp_rl_release(struct l2tp_reliable *rl)
{
	struct l2tp_rl_msg *m, *next;
	unsigned int i;

	for (m = rl->head; m; m = next) {
		next = m->next;
		free(m);
	}
	rl->head = NULL;
	rl->tail = NULL;
	rl->queued = 0;
	rl->in_flight = 0;
	rl->rtx_deadline = 0;
	for (i = 0; rl->ooo && i < L2TP_RL_MAX_RWS; i++)
		free(rl->ooo[i]);
	free(rl->ooo);
	rl->ooo = NULL;
	rl->nooo = 0;
	rl->ack_owed = false;
}

void l2tp_rl_expect(struct l2tp_reliable *rl, uint16_t first_ns)
{
	rl->nr = first_ns;
}

void l2tp_rl_resume(struct l2tp_reliable *rl, uint16_t ns, uint16_t nr)
{
	rl->una = ns;
	rl->ns_next = ns;
	rl->nr = nr;
	rl->resync_tx = true;
	rl->resync_rx = true;
}

static uint32_t backoff(const struct l2tp_reliable *rl, uint32_t retries)
{
	uint64_t t = rl->p.rtx_initial_ms;

	if (retries > 16)
		return rl->p.rtx_max_ms;
	t <<= retries;
	return t > rl->p.rtx_max_ms ? rl->p.rtx_max_ms : (uint32_t)t;
}

/* Every transmission carries our current Nr, so it is also an ack. */
static void transmit(struct l2tp_reliable *rl, struct l2tp_rl_msg *m)
{
	l2tp_hdr_set_nr(m->buf, rl->nr);
	rl->ack_owed = false;
	rl->xmit(rl->arg, m->buf, m->len);
}

static struct l2tp_rl_msg *nth(struct l2tp_reliable *rl, unsigned int n)
{
	struct l2tp_rl_msg *m = rl->head;

	while (m && n--)
		m = m->next;
	return m;
}

/*
 * The probe of a resumed channel: the oldest waiting message, numbered
 * one below our oldest unacknowledged Ns, so that the peer takes it as a
 * duplicate and acks with its own view (l2tp_rl_resume()).
 */
static void send_probe(struct l2tp_reliable *rl)
{
	struct l2tp_rl_msg *m = rl->head;

	if (!m)
		return;
	l2tp_hdr_set_ns(m->buf, (uint16_t)(rl->una - 1));
	transmit(rl, m);
	l2tp_hdr_set_ns(m->buf, m->ns);
}

/* Transmit queued messages as far as the peer's window allows. */
static void fill_window(struct l2tp_reliable *rl, uint64_t now)
{
	struct l2tp_rl_msg *m = nth(rl, rl->in_flight);

	if (rl->resync_tx) {
		/* one probe at a time; the timer repeats it */
		if (rl->head && !rl->rtx_deadline) {
			send_probe(rl);
			rl->rtx_deadline = now + backoff(rl, rl->retries);
		}
		return;
	}
	while (m && rl->in_flight < rl->peer_rws) {
		transmit(rl, m);
		rl->in_flight++;
		if (!rl->rtx_deadline)
			rl->rtx_deadline = now + backoff(rl, rl->retries);
		m = m->next;
	}
}

int l2tp_rl_send(struct l2tp_reliable *rl, uint64_t now,
		 const uint8_t *msg, size_t len)
{
	struct l2tp_rl_msg *m;

	if (rl->queued >= L2TP_RL_MAX_QUEUE || len < L2TP_CTRL_HDR_LEN ||
	    len > 0xffff)
		return -1;
	m = malloc(sizeof(*m) + len);
	if (!m)
		return -1;
	memcpy(m->buf, msg, len);
	m->len = (uint16_t)len;
	m->ns = rl->ns_next++;
	m->next = NULL;
	l2tp_hdr_set_ns(m->buf, m->ns);
	if (rl->tail)
		rl->tail->next = m;
	else
		rl->head = m;
	rl->tail = m;
	rl->queued++;
	fill_window(rl, now);
	return 0;
}

/* Drop what nr acknowledges; false if it acknowledges the unsent. */
static bool take_ack(struct l2tp_reliable *rl, uint64_t now, uint16_t nr)
{
	uint16_t count = (uint16_t)(nr - rl->una);
	struct l2tp_rl_msg *m;

	if (count > rl->in_flight)
		return false;
	if (!count)
		return true;
	while (count--) {
		m = rl->head;
		rl->head = m->next;
		if (!rl->head)
			rl->tail = NULL;
		free(m);
		rl->queued--;
		rl->in_flight--;
	}
	rl->una = nr;
	/* Progress: the backoff starts over for what is still in flight. */
	rl->retries = 0;
	rl->rtx_deadline = rl->in_flight ? now + backoff(rl, 0) : 0;
	fill_window(rl, now);
	return true;
}

/*
 * A resumed channel's first Nr from the peer (l2tp_rl_resume()): adopt
 * it if it is ahead of our oldest unacknowledged Ns by no more than the
 * bound, renumbering what waits; nothing is in flight yet.
 */
static void resync_ns(struct l2tp_reliable *rl, uint64_t now, uint16_t nr)
{
	uint16_t moved = (uint16_t)(nr - rl->una);
	struct l2tp_rl_msg *m;
	uint16_t ns = nr;

	if (l2tp_seq_lt(nr, rl->una))
		return;		/* an old ack: wait for a newer one */
	rl->resync_tx = false;
	rl->rtx_deadline = 0;
	rl->retries = 0;
	if (moved <= L2TP_RL_RESYNC_MAX) {
		for (m = rl->head; m; m = m->next) {
			m->ns = ns++;
			l2tp_hdr_set_ns(m->buf, m->ns);
		}
		rl->una = nr;
		rl->ns_next = ns;
		rl->ns_moved = moved;
	}
	fill_window(rl, now);
}

/*
 * A resumed channel's first message from the peer ahead of what we
 * expect: if by no more than the bound, expect it (l2tp_rl_resume()).
 */
static void resync_nr(struct l2tp_reliable *rl, uint16_t ns)
{
	uint16_t moved = (uint16_t)(ns - rl->nr);

	if (l2tp_seq_lt(ns, rl->nr))
		return;		/* a retransmission: wait for a newer one */
	rl->resync_rx = false;
	if (moved <= L2TP_RL_RESYNC_MAX) {
		rl->nr = ns;
		rl->nr_moved = moved;
	}
}

static void owe_ack(struct l2tp_reliable *rl, uint64_t now)
{
	if (rl->ack_owed)
		return;
	rl->ack_owed = true;
	/* 0 means "no deadline" to the caller: never produce it. */
	rl->ack_deadline = now + rl->p.ack_delay_ms ? : 1;
}

enum l2tp_rl_verdict l2tp_rl_input(struct l2tp_reliable *rl, uint64_t now,
				   uint16_t ns, uint16_t nr, bool zlb,
				   const uint8_t *msg, size_t len,
				   bool *bad_nr)
{
	struct l2tp_rl_msg *m;
	uint16_t ahead;
	unsigned int slot;

	if (rl->resync_tx)
		resync_ns(rl, now, nr);
	*bad_nr = !take_ack(rl, now, nr);
	if (*bad_nr)
		rl->stats.bad_nr++;
	if (zlb)
		return L2TP_RL_ZLB;

	if (rl->resync_rx && ns != rl->nr)
		resync_nr(rl, ns);
	if (ns == rl->nr) {
		rl->resync_rx = false;
		rl->nr++;
		owe_ack(rl, now);
		return L2TP_RL_DELIVER;
	}
	if (l2tp_seq_lt(ns, rl->nr)) {
		/* Our ack was lost: say again, at once, what we have. */
		rl->stats.duplicates++;
		l2tp_rl_send_zlb(rl);
		return L2TP_RL_DUPLICATE;
	}
	ahead = (uint16_t)(ns - rl->nr);
	if (ahead >= rl->p.our_rws) {
		rl->stats.outside_window++;
		return L2TP_RL_DROP;
	}
	slot = ns % L2TP_RL_MAX_RWS;
	if (rl->ooo && rl->ooo[slot]) {
		rl->stats.duplicates++;
		return L2TP_RL_DUPLICATE;
	}
	if (!rl->ooo) {
		rl->ooo = calloc(L2TP_RL_MAX_RWS, sizeof(*rl->ooo));
		if (!rl->ooo)
			return L2TP_RL_DROP;
	}
	m = malloc(sizeof(*m) + len);
	if (!m) {
		if (!rl->nooo) {
			free(rl->ooo);
			rl->ooo = NULL;
		}
		return L2TP_RL_DROP;
	}
	memcpy(m->buf, msg, len);
	m->len = (uint16_t)len;
	m->ns = ns;
	m->next = NULL;
	rl->ooo[slot] = m;
	rl->nooo++;
	rl->stats.out_of_order++;
	owe_ack(rl, now);
	return L2TP_RL_QUEUED;
}

struct l2tp_rl_msg *l2tp_rl_pop_ready(struct l2tp_reliable *rl, uint64_t now)
{
	unsigned int slot = rl->nr % L2TP_RL_MAX_RWS;
	struct l2tp_rl_msg *m = rl->ooo ? rl->ooo[slot] : NULL;

	if (!m || m->ns != rl->nr)
		return NULL;
	rl->ooo[slot] = NULL;
	if (!--rl->nooo) {
		free(rl->ooo);
		rl->ooo = NULL;
	}
	rl->nr++;
	owe_ack(rl, now);
	return m;
}

void l2tp_rl_send_zlb(struct l2tp_reliable *rl)
{
	uint8_t zlb[L2TP_CTRL_HDR_LEN];

	/* A ZLB's Ns is that of the next message we will transmit. */
	l2tp_hdr_put_control(zlb, sizeof(zlb), rl->peer_tid, 0,
			     (uint16_t)(rl->una + rl->in_flight), rl->nr);
	rl->ack_owed = false;
	rl->stats.zlb_sent++;
	rl->xmit(rl->arg, zlb, sizeof(zlb));
}

bool l2tp_rl_timer(struct l2tp_reliable *rl, uint64_t now)
{
	struct l2tp_rl_msg *m;
	unsigned int i;

	if (rl->rtx_deadline && now >= rl->rtx_deadline) {
		if (rl->retries >= rl->p.max_retries)
			return false;
		rl->retries++;
		if (rl->resync_tx) {
			send_probe(rl);
			rl->stats.retransmits++;
		}
		for (m = rl->head, i = 0; m && i < rl->in_flight;
		     m = m->next, i++) {
			transmit(rl, m);
			rl->stats.retransmits++;
		}
		rl->rtx_deadline = now + backoff(rl, rl->retries);
	}
	if (rl->ack_owed && now >= rl->ack_deadline)
		l2tp_rl_send_zlb(rl);
	return true;
}

uint64_t l2tp_rl_deadline(const struct l2tp_reliable *rl)
{
	uint64_t d = rl->rtx_deadline;

	if (rl->ack_owed && (!d || rl->ack_deadline < d))
		d = rl->ack_deadline;
	return d;
}

bool l2tp_rl_idle(const struct l2tp_reliable *rl)
{
	return !rl->queued;
}
