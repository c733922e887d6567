/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A min-heap of deadlines, so that finding the next timer among many
 * thousand tunnels or sessions costs O(1) and moving one costs
 * O(log n): each object embeds its entry and arms its own deadline, and
 * the loop sleeps until the first.
 */
#ifndef ROAM_TIMERQ_H
#define ROAM_TIMERQ_H

#include <stddef.h>
#include <stdint.h>

/* Embedded in whatever has a deadline. */
struct timerq_entry {
	uint64_t deadline;	/* 0: not queued */
	size_t idx;		/* position in the heap, when queued */
};

struct timerq {
	struct timerq_entry **v;
	size_t n;
	size_t cap;
};

void timerq_init(struct timerq *q);
void timerq_free(struct timerq *q);
/*
 * Queue, move or (deadline 0) dequeue a timer.  Return -1 only when the
 * heap cannot grow; the timer is then left unqueued.
 */
int timerq_set(struct timerq *q, struct timerq_entry *t, uint64_t deadline);
/*
 * Room for n timers, so that setting that many cannot fail: for owners
 * that would rather refuse an object than lose its timer.  0, or -1.
 */
int timerq_reserve(struct timerq *q, size_t n);
/* The earliest timer, or NULL. */
struct timerq_entry *timerq_first(const struct timerq *q);

#endif /* ROAM_TIMERQ_H */
