// SPDX-License-Identifier: GPL-2.0
/*
 * The generic hash table (lib/hashtab.c): lookups through growth, keys
 * shared by several nodes, removal in any order, and a long random run
 * checked against a plain array.
 */
#include <stdlib.h>

#include "hashtab.h"
#include "test.h"

struct item {
	struct hashtab_node node;
	uint64_t key;
	bool in;
};

#define container(n)	((struct item *)((char *)(n) - \
					 offsetof(struct item, node)))

static unsigned int count_key(struct hashtab *h, uint64_t key)
{
	struct hashtab_node *n;
	unsigned int c = 0;

	for (n = hashtab_first(h, key); n; n = hashtab_next(n)) {
		CHECK(n->key == key);
		c++;
	}
	return c;
}

static void hashtab_empty(void)
{
	struct hashtab h;
	struct item a = {};

	hashtab_init(&h);
	CHECK(hashtab_first(&h, 0) == NULL);
	CHECK(hashtab_first(&h, 7) == NULL);
	/* removing what is in no table does nothing */
	hashtab_del(&h, &a.node);
	CHECK(!hashtab_linked(&a.node));
	CHECK_INT(h.n, 0);
	hashtab_free(&h);
}

static void hashtab_grow_and_find(void)
{
	enum { N = 5000 };
	struct item *v = calloc(N, sizeof(*v));
	struct hashtab h;
	unsigned int i, missing = 0;

	hashtab_init(&h);
	for (i = 0; i < N; i++)
		hashtab_add(&h, &v[i].node, (uint64_t)i << 16 | 1);
	CHECK_INT(h.n, N);
	/* grown so that it holds no more nodes than buckets */
	CHECK(h.mask + 1 >= N / 2);
	for (i = 0; i < N; i++)
		if (hashtab_first(&h, (uint64_t)i << 16 | 1) != &v[i].node)
			missing++;
	CHECK_INT(missing, 0);
	CHECK(hashtab_first(&h, (uint64_t)N << 16 | 1) == NULL);
	CHECK(hashtab_first(&h, 2) == NULL);
	/* every other one out, from the middle */
	for (i = 0; i < N; i += 2)
		hashtab_del(&h, &v[i].node);
	CHECK_INT(h.n, N / 2);
	for (i = 0; i < N; i++) {
		struct hashtab_node *n = hashtab_first(&h,
						       (uint64_t)i << 16 | 1);

		if (i % 2 ? n != &v[i].node : n != NULL)
			missing++;
	}
	CHECK_INT(missing, 0);
	hashtab_free(&h);
	free(v);
}

static void hashtab_shared_keys(void)
{
	struct item v[6] = {};
	struct hashtab h;
	unsigned int i;

	hashtab_init(&h);
	for (i = 0; i < 6; i++)
		hashtab_add(&h, &v[i].node, i < 4 ? 42 : 43);
	CHECK_INT(count_key(&h, 42), 4);
	CHECK_INT(count_key(&h, 43), 2);
	hashtab_del(&h, &v[1].node);
	hashtab_del(&h, &v[1].node);	/* twice: nothing more */
	CHECK_INT(count_key(&h, 42), 3);
	CHECK_INT(h.n, 5);
	/* back in under another key */
	hashtab_add(&h, &v[1].node, 43);
	CHECK_INT(count_key(&h, 43), 3);
	CHECK_INT(count_key(&h, 42), 3);
	hashtab_free(&h);
}

/* Random adds and removals, every lookup checked against the array. */
static void hashtab_random_run(void)
{
	enum { N = 2000, STEPS = 50000, KEYS = 700 };
	struct item *v = calloc(N, sizeof(*v));
	unsigned int i, step, bad = 0, seed = 12345;
	struct hashtab h;

	hashtab_init(&h);
	for (step = 0; step < STEPS; step++) {
		seed = seed * 1103515245 + 12345;
		i = (seed >> 8) % N;
		if (v[i].in) {
			hashtab_del(&h, &v[i].node);
			v[i].in = false;
		} else {
			v[i].key = (seed >> 4) % KEYS * 0x100000001ull;
			hashtab_add(&h, &v[i].node, v[i].key);
			v[i].in = true;
		}
		if (step % 1000)
			continue;
		for (i = 0; i < KEYS; i++) {
			uint64_t key = i * 0x100000001ull;
			struct hashtab_node *n;
			unsigned int want = 0, j;

			for (j = 0; j < N; j++)
				want += v[j].in && v[j].key == key;
			for (n = hashtab_first(&h, key); n; n = hashtab_next(n))
				if (!container(n)->in || container(n)->key != key)
					bad++;
			if (count_key(&h, key) != want)
				bad++;
		}
	}
	CHECK_INT(bad, 0);
	hashtab_free(&h);
	free(v);
}

void suite_hashtab(void)
{
	RUN(hashtab_empty);
	RUN(hashtab_grow_and_find);
	RUN(hashtab_shared_keys);
	RUN(hashtab_random_run);
}
