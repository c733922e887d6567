// SPDX-License-Identifier: GPL-2.0
/*
 * Joining the kernel's sessions with roamd's calls.  The kernel knows the
 * data path (addresses, counters); roamd knows who is on it and since
 * when.  Neither list is trusted to match the other: a call may have no
 * kernel session yet (PPP still negotiating), or no longer (its session
 * was removed under it), and a kernel session may belong to no call
 * (added by hand with "session add").
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hashtab.h"
#include "session_merge.h"

/*
 * The key a call and a kernel session are joined on: a call belongs to
 * the kernel session of its device, id and kind.  The index holds device
 * and id; the kind is compared on the few calls found under them.
 */
static uint64_t join_key(uint32_t ifindex, uint32_t id)
{
	return (uint64_t)ifindex << 32 | id;
}

/* A call that has a kernel session, in the index of calls by its key. */
struct call_ref {
	struct hashtab_node node;
	size_t idx;			/* in calls */
};

/* Without memory for the index: is c on one of the kernel sessions? */
static bool session_of(const struct roam_call_view *c,
		       const struct roam_session_info *s, size_t ns)
{
	size_t i;

	for (i = 0; i < ns; i++)
		if (c->ifindex == s[i].ifindex && c->kernel_id == s[i].id &&
		    c->kind == s[i].kind)
			return true;
	return false;
}

/*
 * The call joined to kernel session s: the first in list order of those
 * with its key; all of them are marked joined (the others are not listed
 * alone).  Without the index (no memory), a scan: slow but right.
 */
static const struct roam_call_view *
call_of(const struct hashtab *h, const struct roam_call_view *calls,
	size_t nc, bool *joined, const struct roam_session_info *s)
{
	const struct hashtab_node *n;
	size_t best = SIZE_MAX, j;

	if (!joined) {
		for (j = 0; j < nc; j++)
			if (calls[j].kernel_id && calls[j].ifindex == s->ifindex &&
			    calls[j].kernel_id == s->id &&
			    calls[j].kind == s->kind)
				return &calls[j];
		return NULL;
	}
	for (n = hashtab_first(h, join_key(s->ifindex, s->id)); n;
	     n = hashtab_next(n)) {
		const struct call_ref *r = (const struct call_ref *)
			((const char *)n - offsetof(struct call_ref, node));

		if (calls[r->idx].kind != s->kind)
			continue;
		joined[r->idx] = true;
		if (r->idx < best)
			best = r->idx;
	}
	return best == SIZE_MAX ? NULL : &calls[best];
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
 * Rows in order.  The kernel dumps a device's sessions in the order they
 * were added, which is by id as long as ids only grow: a check in one pass
 * spares the sort then.  qsort() keeps equal rows in their order (glibc
 * sorts by merging), so sorting the kernel's rows and the calls alone
 * apart gives what one sort of all of them gave.
 */
static void rows_sort(struct roam_session_row *rows, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (row_order(&rows[i - 1], &rows[i]) > 0)
			break;
	if (i < n)
		qsort(rows, n, sizeof(*rows), row_order);
}

/*
 * A hash join: the calls that have a kernel session are indexed by its
 * device and id once, and each kernel session finds its calls there, so
 * 100k sessions and calls cost O(n), not sessions x calls.
 */
size_t roam_session_merge(const struct roam_session_info *s, size_t ns,
			  const struct roam_call_view *calls, size_t nc,
			  uint32_t ifindex, uint32_t id,
			  struct roam_session_row *rows)
{
	struct call_ref *refs = NULL;
	size_t n = 0, nk = 0, i, j;
	bool *joined = NULL;
	struct hashtab h;

	hashtab_init(&h);
	if (nc) {
		refs = malloc(nc * sizeof(*refs));
		joined = calloc(nc, sizeof(*joined));
		if (!refs || !joined) {
			free(refs);
			free(joined);
			refs = NULL;
			joined = NULL;
		}
	}
	for (j = 0; refs && j < nc; j++) {
		if (!calls[j].kernel_id)
			continue;
		refs[nk].idx = j;
		hashtab_add(&h, &refs[nk].node,
			    join_key(calls[j].ifindex, calls[j].kernel_id));
		nk++;
	}
	for (i = 0; i < ns; i++) {
		rows[n].s = &s[i];
		rows[n].call = nc ? call_of(&h, calls, nc, joined, &s[i]) :
				    NULL;
		n++;
	}
	rows_sort(rows, n);
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
	rows_sort(rows + ns, n - ns);
	hashtab_free(&h);
	free(refs);
	free(joined);
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
