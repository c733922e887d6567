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

/*
 * The key a call and a kernel session are joined on: a call belongs to
 * the kernel session of its device, id and kind.
 */
static int key_cmp(uint32_t ifindex_a, uint32_t id_a, uint32_t kind_a,
		   uint32_t ifindex_b, uint32_t id_b, uint32_t kind_b)
{
	if (ifindex_a != ifindex_b)
		return ifindex_a < ifindex_b ? -1 : 1;
	if (id_a != id_b)
		return id_a < id_b ? -1 : 1;
	if (kind_a != kind_b)
		return kind_a < kind_b ? -1 : 1;
	return 0;
}

static int call_key_order(const void *a, const void *b)
{
	const struct roam_call_view *x = *(const struct roam_call_view *const *)a;
	const struct roam_call_view *y = *(const struct roam_call_view *const *)b;

	int d = key_cmp(x->ifindex, x->kernel_id, x->kind,
			y->ifindex, y->kernel_id, y->kind);

	/* equal keys in list order: the first one is joined, as before */
	if (!d && x != y)
		d = x < y ? -1 : 1;
	return d;
}

static int call_key_vs_session(const struct roam_call_view *c,
			       const struct roam_session_info *s)
{
	return key_cmp(c->ifindex, c->kernel_id, c->kind,
		       s->ifindex, s->id, s->kind);
}

/*
 * Where the calls on kernel session @s start among @n calls sorted by
 * key: the first index whose key is not below the session's.
 */
static size_t call_lower_bound(const struct roam_call_view *const *by_key,
			       size_t n, const struct roam_session_info *s)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (call_key_vs_session(by_key[mid], s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Without memory for the index, the other way round. */
static bool session_of(const struct roam_call_view *c,
		       const struct roam_session_info *s, size_t ns)
{
	size_t i;

	for (i = 0; i < ns; i++)
		if (!call_key_vs_session(c, &s[i]))
			return true;
	return false;
}

/* Without memory for the index: the pairwise join, slow but right. */
static const struct roam_call_view *
call_scan(const struct roam_call_view *calls, size_t nc,
	  const struct roam_session_info *s)
{
	size_t j;

	for (j = 0; j < nc; j++)
		if (calls[j].kernel_id && !call_key_vs_session(&calls[j], s))
			return &calls[j];
	return NULL;
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

/*
 * A sort-merge: the calls that have a kernel session are sorted by their
 * join key once, and each kernel session finds its calls by binary
 * search, so 100k sessions and calls cost O(n log n), not sessions x
 * calls. A session joins the first of its calls in list order; any other
 * call on it is not listed alone.
 */
size_t roam_session_merge(const struct roam_session_info *s, size_t ns,
			  const struct roam_call_view *calls, size_t nc,
			  uint32_t ifindex, uint32_t id,
			  struct roam_session_row *rows)
{
	const struct roam_call_view **by_key = NULL;
	size_t n = 0, nk = 0, i, j, k;
	bool *joined = NULL;

	if (nc) {
		by_key = malloc(nc * sizeof(*by_key));
		joined = calloc(nc, sizeof(*joined));
		if (!by_key || !joined) {
			free(by_key);
			free(joined);
			by_key = NULL;
			joined = NULL;
		}
	}
	if (by_key) {
		for (j = 0; j < nc; j++)
			if (calls[j].kernel_id)
				by_key[nk++] = &calls[j];
		qsort(by_key, nk, sizeof(*by_key), call_key_order);
	}
	for (i = 0; i < ns; i++) {
		const struct roam_call_view *c = NULL;

		if (by_key) {
			k = call_lower_bound(by_key, nk, &s[i]);
			if (k < nk && !call_key_vs_session(by_key[k], &s[i]))
				c = by_key[k];
			for (; k < nk && !call_key_vs_session(by_key[k], &s[i]); k++)
				joined[by_key[k] - calls] = true;
		} else {
			c = call_scan(calls, nc, &s[i]);
		}
		rows[n].s = &s[i];
		rows[n].call = c;
		n++;
	}
	for (j = 0; j < nc; j++) {
		const struct roam_call_view *c = &calls[j];

		if (joined ? joined[j] :
		    c->kernel_id && session_of(c, s, ns))
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
	free(by_key);
	free(joined);
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
