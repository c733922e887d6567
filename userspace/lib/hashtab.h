/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A hash table of nodes embedded in the objects it indexes, keyed by a
 * 64-bit number (an id, an address, two ids side by side), so that
 * finding one object among 100k costs about as much as among ten.
 *
 * Several nodes may share a key: hashtab_first() and hashtab_next() walk
 * them all, and the caller tells them apart by whatever else it knows.
 * The table grows (doubles) when it holds more nodes than buckets; it
 * never shrinks, so its memory is that of its largest size.  Keys are
 * spread by a multiplicative hash: they must be numbers roamd chose or a
 * kernel gave (ids, marks, pool addresses), not ones a client chooses
 * freely, which could pile them into one chain.
 *
 * Adding never fails: until its first buckets can be had, or when they
 * cannot grow, the table makes do with what it has (one bucket built in,
 * at worst), slower but correct.  So it must not be copied.
 *
 * Single-threaded, like the rest of roamd: no locking.
 */
#ifndef ROAM_HASHTAB_H
#define ROAM_HASHTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hashtab_node {
	struct hashtab_node *next;
	struct hashtab_node **pprev;	/* NULL: in no table */
	uint64_t key;
};

struct hashtab {
	struct hashtab_node **buckets;	/* NULL until the first add */
	size_t mask;			/* buckets - 1 (a power of two) */
	size_t n;
	struct hashtab_node *one;	/* the bucket when no memory */
};

void hashtab_init(struct hashtab *h);
/* Frees the buckets; the nodes are the caller's (they are not touched). */
void hashtab_free(struct hashtab *h);

/* Index n under key. */
void hashtab_add(struct hashtab *h, struct hashtab_node *n, uint64_t key);
/* Out of its table; nothing if it is in none.  O(1). */
void hashtab_del(struct hashtab *h, struct hashtab_node *n);
static inline bool hashtab_linked(const struct hashtab_node *n)
{
	return n->pprev != NULL;
}

/* The first node under key, or NULL; then the next under the same key. */
struct hashtab_node *hashtab_first(const struct hashtab *h, uint64_t key);
struct hashtab_node *hashtab_next(const struct hashtab_node *n);

#endif /* ROAM_HASHTAB_H */
