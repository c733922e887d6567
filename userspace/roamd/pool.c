// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "pool.h"

void pools_init(struct roamd_pools *p)
{
	memset(p, 0, sizeof(*p));
}

void pools_free(struct roamd_pools *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].used);
	free(p->v);
	pools_init(p);
}

struct roamd_pool *pools_find(const struct roamd_pools *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].name, name))
			return &p->v[i];
	return NULL;
}

int pools_add(struct roamd_pools *p, const char *name, uint32_t first,
	      uint32_t last, char *err, size_t errlen)
{
	struct roamd_pool *pool;
	size_t i, words;

	if (strlen(name) > ROAM_POOL_NAME_MAX || first > last) {
		snprintf(err, errlen, "invalid pool");
		return -EINVAL;
	}
	if (pools_find(p, name)) {
		snprintf(err, errlen, "pool '%s' already exists", name);
		return -EEXIST;
	}
	for (i = 0; i < p->n; i++) {
		char r[ROAM_RANGE_STRLEN];

		if (first > p->v[i].last || last < p->v[i].first)
			continue;
		roam_range_format(p->v[i].first, p->v[i].last, r);
		snprintf(err, errlen, "range overlaps pool '%s' (%s)",
			 p->v[i].name, r);
		return -EEXIST;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 4;
		void *v = reallocarray(p->v, cap, sizeof(*p->v));

		if (!v)
			goto nomem;
		p->v = v;
		p->cap = cap;
	}
	pool = &p->v[p->n];
	memset(pool, 0, sizeof(*pool));
	words = ((uint64_t)last - first + 1 + 63) / 64;
	pool->used = calloc(words, sizeof(*pool->used));
	if (!pool->used)
		goto nomem;
	snprintf(pool->name, sizeof(pool->name), "%s", name);
	pool->first = first;
	pool->last = last;
	p->n++;
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

int pools_del(struct roamd_pools *p, const char *name, char *err,
	      size_t errlen)
{
	struct roamd_pool *pool = pools_find(p, name);
	size_t i;

	if (!pool) {
		snprintf(err, errlen, "no pool '%s'", name);
		return -ENOENT;
	}
	if (pool->in_use) {
		snprintf(err, errlen, "pool '%s' has %u addresses in use",
			 name, pool->in_use);
		return -EBUSY;
	}
	free(pool->used);
	i = pool - p->v;
	memmove(&p->v[i], &p->v[i + 1], (p->n - i - 1) * sizeof(*p->v));
	p->n--;
	return 0;
}

void pools_carry_over(struct roamd_pools *to, struct roamd_pools *from)
{
	size_t i;

	for (i = 0; i < to->n; i++) {
		struct roamd_pool *n = &to->v[i];
		struct roamd_pool *o = pools_find(from, n->name);
		uint64_t *tmp;

		if (!o || o->first != n->first || o->last != n->last)
			continue;
		tmp = n->used;
		n->used = o->used;
		o->used = tmp;
		n->in_use = o->in_use;
		n->next = o->next;
		o->in_use = 0;
	}
}

bool pool_contains(const struct roamd_pool *pool, uint32_t addr)
{
	return addr >= pool->first && addr <= pool->last;
}

static bool bit_test(const uint64_t *map, uint32_t i)
{
	return map[i / 64] & (1ull << (i % 64));
}

int pool_alloc(struct roamd_pool *pool, uint32_t *addr)
{
	uint32_t size = pool_size(pool), i, off = 0;

	if (pool->in_use == size)
		return -ENOSPC;
	/*
	 * in_use < size: the walk finds a free bit.  A word with every
	 * address taken is passed at once, so a nearly full pool of 100k
	 * costs a walk of words, not of addresses.
	 */
	for (i = 0; i < size;) {
		off = pool->next + i;
		if (off >= size)
			off -= size;
		if (off % 64 == 0 && size - off >= 64 &&
		    pool->used[off / 64] == ~0ull) {
			i += 64;
			continue;
		}
		if (!bit_test(pool->used, off))
			break;
		i++;
	}
	pool->used[off / 64] |= 1ull << (off % 64);
	pool->in_use++;
	pool->next = off + 1 == size ? 0 : off + 1;
	*addr = pool->first + off;
	return 0;
}

int pool_reserve(struct roamd_pool *pool, uint32_t addr)
{
	uint32_t off;

	if (!pool_contains(pool, addr))
		return -ERANGE;
	off = addr - pool->first;
	if (bit_test(pool->used, off))
		return -EBUSY;
	pool->used[off / 64] |= 1ull << (off % 64);
	pool->in_use++;
	return 0;
}

void pool_release(struct roamd_pool *pool, uint32_t addr)
{
	uint32_t off;

	if (!pool_contains(pool, addr))
		return;
	off = addr - pool->first;
	if (!bit_test(pool->used, off))
		return;
	pool->used[off / 64] &= ~(1ull << (off % 64));
	pool->in_use--;
}
