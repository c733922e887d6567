// SPDX-License-Identifier: GPL-2.0
/* Chained hash table of embedded nodes (hashtab.h). */
#include <stdlib.h>

#include "hashtab.h"

#define HASHTAB_MIN_BUCKETS	64

void hashtab_init(struct hashtab *h)
{
	h->buckets = NULL;
	h->mask = 0;
	h->n = 0;
	h->one = NULL;
}

void hashtab_free(struct hashtab *h)
{
	if (h->buckets != &h->one)
		free(h->buckets);
	hashtab_init(h);
}

/* Fibonacci hashing: the high half of key times 2^64 / phi, masked. */
static size_t bucket_of(const struct hashtab *h, uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & h->mask;
}

static void link_head(struct hashtab_node **head, struct hashtab_node *n)
{
	n->next = *head;
	if (n->next)
		n->next->pprev = &n->next;
	n->pprev = head;
	*head = n;
}

/*
 * Move every node into a table twice as large (the built-in bucket grows
 * to the first real table); on no memory, keep this one: longer chains,
 * still correct.
 */
static void grow(struct hashtab *h)
{
	struct hashtab_node **old = h->buckets, **nb, *n, *next;
	size_t i, old_mask = h->mask;
	size_t size = old == &h->one ? HASHTAB_MIN_BUCKETS : 2 * (old_mask + 1);

	nb = calloc(size, sizeof(*nb));
	if (!nb)
		return;
	h->buckets = nb;
	h->mask = size - 1;
	for (i = 0; i <= old_mask; i++)
		for (n = old[i]; n; n = next) {
			next = n->next;
			link_head(&h->buckets[bucket_of(h, n->key)], n);
		}
	if (old != &h->one)
		free(old);
}

void hashtab_add(struct hashtab *h, struct hashtab_node *n, uint64_t key)
{
	if (!h->buckets) {
		h->buckets = &h->one;
		h->mask = 0;
		grow(h);
	}
	if (h->n > h->mask)
		grow(h);
	n->key = key;
	link_head(&h->buckets[bucket_of(h, key)], n);
	h->n++;
}

void hashtab_del(struct hashtab *h, struct hashtab_node *n)
{
	if (!n->pprev)
		return;
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
	n->next = NULL;
	n->pprev = NULL;
	h->n--;
}

static struct hashtab_node *same_key(struct hashtab_node *n, uint64_t key)
{
	while (n && n->key != key)
		n = n->next;
	return n;
}

struct hashtab_node *hashtab_first(const struct hashtab *h, uint64_t key)
{
	if (!h->buckets)
		return NULL;
	return same_key(h->buckets[bucket_of(h, key)], key);
}

struct hashtab_node *hashtab_next(const struct hashtab_node *n)
{
	return same_key(n->next, n->key);
}
