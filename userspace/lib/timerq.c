// SPDX-License-Identifier: GPL-2.0
/* Binary min-heap of timers; each timer knows its own index. */
#include <stdlib.h>

#include "timerq.h"

void timerq_init(struct timerq *q)
{
	q->v = NULL;
	q->n = 0;
	q->cap = 0;
}

void timerq_free(struct timerq *q)
{
	free(q->v);
	timerq_init(q);
}

static void place(struct timerq *q, size_t i, struct timerq_entry *t)
{
	q->v[i] = t;
	t->idx = i;
}

static void sift_up(struct timerq *q, size_t i)
{
	struct timerq_entry *t = q->v[i];

	while (i) {
		size_t parent = (i - 1) / 2;

		if (q->v[parent]->deadline <= t->deadline)
			break;
		place(q, i, q->v[parent]);
		i = parent;
	}
	place(q, i, t);
}

static void sift_down(struct timerq *q, size_t i)
{
	struct timerq_entry *t = q->v[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= q->n)
			break;
		if (c + 1 < q->n && q->v[c + 1]->deadline < q->v[c]->deadline)
			c++;
		if (t->deadline <= q->v[c]->deadline)
			break;
		place(q, i, q->v[c]);
		i = c;
	}
	place(q, i, t);
}

static void remove_at(struct timerq *q, size_t i)
{
	struct timerq_entry *last = q->v[--q->n];

	if (i == q->n)
		return;
	place(q, i, last);
	sift_down(q, i);
	sift_up(q, last->idx);
}

int timerq_reserve(struct timerq *q, size_t n)
{
	struct timerq_entry **v;
	size_t cap = q->cap ? q->cap : 64;

	if (n <= q->cap)
		return 0;
	while (cap < n)
		cap *= 2;
	v = realloc(q->v, cap * sizeof(*v));
	if (!v)
		return -1;
	q->v = v;
	q->cap = cap;
	return 0;
}

int timerq_set(struct timerq *q, struct timerq_entry *t, uint64_t deadline)
{
	if (t->deadline) {
		remove_at(q, t->idx);
		t->deadline = 0;
	}
	if (!deadline)
		return 0;
	if (q->n == q->cap && timerq_reserve(q, q->n + 1))
		return -1;
	t->deadline = deadline;
	place(q, q->n++, t);
	sift_up(q, t->idx);
	return 0;
}

struct timerq_entry *timerq_first(const struct timerq *q)
{
	return q->n ? q->v[0] : NULL;
}
