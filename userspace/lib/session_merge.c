// SPDX-License-Identifier: GPL-2.0
/*
 * Joining the kernel's sessions with roamd's calls.  The kernel knows the
 * data path (addresses, counters); roamd knows who is on it and since
 * when.  Neither list is trusted to match the other: a call may have no
 * kernel session yet (PPP still negotiating), or no longer (its session
 * was removed under it), and a kernel session may belong to no call
 * (added by hand with "session add").
 */
#include <stdlib.h>
#include <string.h>

#include "session_merge.h"

static bool call_on(const struct roam_call_view *c,
		    const struct roam_session_info *s)
{
	return c->kernel_id && c->kernel_id == s->id &&
	       c->ifindex == s->ifindex && c->kind == s->kind;
}

static int row_order(const void *a, const void *b)
{
	const struct roam_session_row *x = a, *y = b;
	const struct roam_call_view *cx = x->call, *cy = y->call;

	if (!x->s != !y->s)
		return x->s ? -1 : 1;
	if (x->s) {
		if (x->s->ifindex != y->s->ifindex)
			return x->s->ifindex < y->s->ifindex ? -1 : 1;
		if (x->s->id != y->s->id)
			return x->s->id < y->s->id ? -1 : 1;
		return 0;
	}
	/* calls alone: the one waiting longest first, then by L2TP ids */
	if (cx->uptime != cy->uptime)
		return cx->uptime > cy->uptime ? -1 : 1;
	if (cx->l2tp_tunnel_id != cy->l2tp_tunnel_id)
		return cx->l2tp_tunnel_id < cy->l2tp_tunnel_id ? -1 : 1;
	if (cx->l2tp_session_id != cy->l2tp_session_id)
		return cx->l2tp_session_id < cy->l2tp_session_id ? -1 : 1;
	return 0;
}

size_t roam_session_merge(const struct roam_session_info *s, size_t ns,
			  const struct roam_call_view *calls, size_t nc,
			  uint32_t ifindex, uint32_t id,
			  struct roam_session_row *rows)
{
	size_t n = 0, i, j;

	for (i = 0; i < ns; i++) {
		rows[n].s = &s[i];
		rows[n].call = NULL;
		for (j = 0; j < nc; j++) {
			if (call_on(&calls[j], &s[i])) {
				rows[n].call = &calls[j];
				break;
			}
		}
		n++;
	}
	for (j = 0; j < nc; j++) {
		const struct roam_call_view *c = &calls[j];
		bool joined = false;

		for (i = 0; i < ns && !joined; i++)
			joined = call_on(c, &s[i]);
		if (joined)
			continue;
		/* its kernel session, if it had one, was filtered out */
		if (c->kernel_id ? id && id != c->kernel_id : id)
			continue;
		if (ifindex && c->ifindex != ifindex)
			continue;
		rows[n].s = NULL;
		rows[n].call = c;
		n++;
	}
	qsort(rows, n, sizeof(*rows), row_order);
	return n;
}

struct roam_call_view *roam_call_list_add(struct roam_call_list *l)
{
	struct roam_call_view *v;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;

		v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	v = &l->v[l->n++];
	memset(v, 0, sizeof(*v));
	return v;
}

void roam_call_list_free(struct roam_call_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
