// SPDX-License-Identifier: GPL-2.0
#include <errno.h>

#include "pool.h"
#include "test.h"

#define A(x)	(0x0a010000u + (x))	/* 10.1.0.x */

static char err[256];

static void add_del(void)
{
	struct roamd_pools p;

	pools_init(&p);
	CHECK_INT(pools_add(&p, "office", A(10), A(200), err, sizeof(err)), 0);
	CHECK_INT(pools_add(&p, "office", A(210), A(220), err, sizeof(err)),
		  -EEXIST);
	CHECK_HAS(err, "pool 'office' already exists");
	CHECK_INT(pools_add(&p, "b", A(200), A(220), err, sizeof(err)), -EEXIST);
	CHECK_HAS(err, "range overlaps pool 'office' (10.1.0.10-10.1.0.200)");
	CHECK_INT(pools_add(&p, "c", A(1), A(10), err, sizeof(err)), -EEXIST);
	CHECK_INT(pools_add(&p, "d", A(1), A(255), err, sizeof(err)), -EEXIST);
	CHECK_INT(pools_add(&p, "e", A(201), A(220), err, sizeof(err)), 0);
	CHECK_INT(pools_add(&p, "f", A(1), A(9), err, sizeof(err)), 0);
	CHECK_INT(p.n, 3);
	CHECK_INT(pool_size(pools_find(&p, "office")), 191);
	/* the order they were added in is kept */
	CHECK_STR(p.v[2].name, "f");

	CHECK_INT(pools_del(&p, "nope", err, sizeof(err)), -ENOENT);
	CHECK_HAS(err, "no pool 'nope'");
	CHECK_INT(pool_reserve(pools_find(&p, "e"), A(205)), 0);
	CHECK_INT(pools_del(&p, "e", err, sizeof(err)), -EBUSY);
	CHECK_HAS(err, "pool 'e' has 1 addresses in use");
	pool_release(pools_find(&p, "e"), A(205));
	CHECK_INT(pools_del(&p, "e", err, sizeof(err)), 0);
	CHECK_INT(p.n, 2);
	CHECK_STR(p.v[1].name, "f");
	CHECK(pools_find(&p, "e") == NULL);
	pools_free(&p);
	CHECK_INT(p.n, 0);
}

static void alloc(void)
{
	struct roamd_pools p;
	struct roamd_pool *pool;
	uint32_t addr, i;

	pools_init(&p);
	CHECK_INT(pools_add(&p, "small", A(1), A(4), err, sizeof(err)), 0);
	pool = &p.v[0];

	CHECK_INT(pool_reserve(pool, A(2)), 0);
	CHECK_INT(pool_reserve(pool, A(2)), -EBUSY);
	CHECK_INT(pool_reserve(pool, A(5)), -ERANGE);
	CHECK_INT(pool_alloc(pool, &addr), 0);
	CHECK_INT(addr, A(1));
	CHECK_INT(pool_alloc(pool, &addr), 0);
	CHECK_INT(addr, A(3));		/* A(2) is taken */
	CHECK_INT(pool_alloc(pool, &addr), 0);
	CHECK_INT(addr, A(4));
	CHECK_INT(pool_alloc(pool, &addr), -ENOSPC);
	CHECK_INT(pool->in_use, 4);

	/* a released address is the last to come back */
	pool_release(pool, A(1));
	pool_release(pool, A(3));
	pool_release(pool, A(3));	/* twice: ignored */
	pool_release(pool, A(9));	/* not ours: ignored */
	CHECK_INT(pool->in_use, 2);
	CHECK_INT(pool_alloc(pool, &addr), 0);
	CHECK_INT(addr, A(1));
	CHECK_INT(pool_alloc(pool, &addr), 0);
	CHECK_INT(addr, A(3));
	pools_free(&p);

	/* a bigger pool crosses the bitmap's word boundaries */
	pools_init(&p);
	CHECK_INT(pools_add(&p, "big", 0x0a000000, 0x0a0000c7, err,
			    sizeof(err)), 0);
	pool = &p.v[0];
	for (i = 0; i < 200; i++) {
		CHECK_INT(pool_alloc(pool, &addr), 0);
		CHECK_INT(addr, 0x0a000000 + i);
	}
	CHECK_INT(pool_alloc(pool, &addr), -ENOSPC);
	pool_release(pool, 0x0a000000 + 130);
	CHECK_INT(pool_alloc(pool, &addr), 0);
	CHECK_INT(addr, 0x0a000000 + 130);
	pools_free(&p);
}

/*
 * A nearly full pool: full words are passed at once, and what is found is
 * what a walk address by address from the cursor finds, the last word
 * (partly outside the pool) included.
 */
static void alloc_nearly_full(void)
{
	static const uint32_t freed[] = { 999, 5, 64, 63, 640, 960, 128 };
	struct roamd_pools p;
	struct roamd_pool *pool;
	uint32_t addr, i, want, off = 0, size;
	size_t k;

	pools_init(&p);
	CHECK_INT(pools_add(&p, "k", 0x0a000000, 0x0a000000 + 999, err,
			    sizeof(err)), 0);
	pool = &p.v[0];
	size = pool_size(pool);
	for (i = 0; i < size; i++)
		CHECK_INT(pool_alloc(pool, &addr), 0);
	CHECK_INT(pool_alloc(pool, &addr), -ENOSPC);
	for (k = 0; k < sizeof(freed) / sizeof(freed[0]); k++)
		pool_release(pool, 0x0a000000 + freed[k]);
	for (k = 0; k < sizeof(freed) / sizeof(freed[0]); k++) {
		/* the reference: one address at a time from the cursor */
		for (i = 0; i < size; i++) {
			off = (pool->next + i) % size;
			if (!(pool->used[off / 64] & (1ull << (off % 64))))
				break;
		}
		want = 0x0a000000 + off;
		CHECK_INT(pool_alloc(pool, &addr), 0);
		CHECK_INT(addr, want);
	}
	CHECK_INT(pool_alloc(pool, &addr), -ENOSPC);
	pools_free(&p);
}

static void carry_over(void)
{
	struct roamd_pools old, new;
	uint32_t addr;

	pools_init(&old);
	pools_init(&new);
	CHECK_INT(pools_add(&old, "a", A(1), A(9), err, sizeof(err)), 0);
	CHECK_INT(pools_add(&old, "b", A(10), A(19), err, sizeof(err)), 0);
	CHECK_INT(pool_alloc(&old.v[0], &addr), 0);
	CHECK_INT(pool_alloc(&old.v[1], &addr), 0);

	CHECK_INT(pools_add(&new, "a", A(1), A(9), err, sizeof(err)), 0);
	CHECK_INT(pools_add(&new, "b", A(10), A(29), err, sizeof(err)), 0);
	pools_carry_over(&new, &old);
	CHECK_INT(new.v[0].in_use, 1);		/* same range: kept */
	CHECK_INT(new.v[1].in_use, 0);		/* range changed: fresh */
	CHECK_INT(pool_alloc(&new.v[0], &addr), 0);
	CHECK_INT(addr, A(2));
	pools_free(&old);
	pools_free(&new);
}

void suite_pool(void)
{
	RUN(add_del);
	RUN(alloc);
	RUN(alloc_nearly_full);
	RUN(carry_over);
}
