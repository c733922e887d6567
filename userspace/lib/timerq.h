/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A min-heap of deadlines, so that finding the next timer among many
 * thousand tunnels costs O(1) and moving one costs O(log n).
 */
#ifndef ROAM_L2TP_TIMERQ_H
#define ROAM_L2TP_TIMERQ_H

#include <stddef.h>
#include <stdint.h>

/* Embedded in whatever has a deadline. */
struct l2tp_timer {
	uint64_t deadline;	/* 0: not queued */
	size_t idx;		/* position in the heap, when queued */
};

struct l2tp_timerq {
	struct l2tp_timer **v;
	size_t n;
	size_t cap;
};

void l2tp_timerq_init(struct l2tp_timerq *q);
void l2tp_timerq_free(struct l2tp_timerq *q);
/*
 * Queue, move or (deadline 0) dequeue a timer.  Return -1 only when the
 * heap cannot grow; the timer is then left unqueued.
 */
int l2tp_timerq_set(struct l2tp_timerq *q, struct l2tp_timer *t,
		    uint64_t deadline);
/* The earliest timer, or NULL. */
struct l2tp_timer *l2tp_timerq_first(const struct l2tp_timerq *q);

#endif /* ROAM_L2TP_TIMERQ_H */
