// SPDX-License-Identifier: GPL-2.0
/* Binary min-heap of timers; each timer knows its own index. */
#include <stdlib.h>

#include "timerq.h"

void l2tp_timerq_init(struct l2tp_timerq *q)
{
	q->v = NULL;
	q->n = 0;
	q->cap = 0;
}

void l2tp_timerq_free(struct l2tp_timerq *q)
{
	free(q->v);
	l2tp_timerq_init(q);
}

static void place(struct l2tp_timerq *q, size_t i, struct l2tp_timer *t)
{
	q->v[i] = t;
	t->idx = i;
}

static void sift_up(struct l2tp_timerq *q, size_t i)
{
	struct l2tp_timer *t = q->v[i];

	while (i) {
		size_t parent = (i - 1) / 2;

		if (q->v[parent]->deadline <= t->deadline)
			break;
		place(q, i, q->v[parent]);
		i = parent;
	}
	place(q, i, t);
}

static void sift_down(struct l2tp_timerq *q, size_t i)
{
	struct l2tp_timer *t = q->v[i];

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

static void remove_at(struct l2tp_timerq *q, size_t i)
{
	struct l2tp_timer *last = q->v[--q->n];

	if (i == q->n)
		return;
	place(q, i, last);
	sift_down(q, i);
	sift_up(q, last->idx);
}

int l2tp_timerq_set(struct l2tp_timerq *q, struct l2tp_timer *t,
		    uint64_t deadline)
{
	struct l2tp_timer **v;

	if (t->deadline) {
		remove_at(q, t->idx);
		t->deadline = 0;
	}
	if (!deadline)
		return 0;
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 64;

		v = realloc(q->v, cap * sizeof(*v));
		if (!v)
			return -1;
		q->v = v;
		q->cap = cap;
	}
	t->deadline = deadline;
	place(q, q->n++, t);
	sift_up(q, t->idx);
	return 0;
}

struct l2tp_timer *l2tp_timerq_first(const struct l2tp_timerq *q)
{
	return q->n ? q->v[0] : NULL;
}
