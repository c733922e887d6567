/* SPDX-License-Identifier: GPL-2.0 */
/* IPv4 address pools: named ranges that clients get addresses from. */
#ifndef ROAMD_POOL_H
#define ROAMD_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"

struct roamd_pool {
	char name[ROAM_POOL_NAME_MAX + 1];
	uint32_t first, last;		/* host byte order, inclusive */
	uint64_t *used;			/* one bit per address */
	uint32_t in_use;
	uint32_t next;			/* offset where the search resumes */
};

/* In the order they were added: that is the order they are tried in. */
struct roamd_pools {
	struct roamd_pool *v;
	size_t n, cap;
};

static inline uint32_t pool_size(const struct roamd_pool *p)
{
	return p->last - p->first + 1;
}

void pools_init(struct roamd_pools *p);
void pools_free(struct roamd_pools *p);

/* Returns 0; -EEXIST for a taken name or an overlapping range (err says
 * which); -ENOMEM. */
int pools_add(struct roamd_pools *p, const char *name, uint32_t first,
	      uint32_t last, char *err, size_t errlen);
/* Returns 0; -ENOENT; -EBUSY while addresses are in use. */
int pools_del(struct roamd_pools *p, const char *name, char *err,
	      size_t errlen);
struct roamd_pool *pools_find(const struct roamd_pools *p, const char *name);

/*
 * Move the allocations of each old pool to the new pool of the same name
 * and range, so that a configuration reload keeps the addresses that
 * clients hold.
 */
void pools_carry_over(struct roamd_pools *to, struct roamd_pools *from);

/*
 * Take a free address.  The search resumes after the last address given,
 * so that an address just released is the last to be reused (a client
 * that reconnects gets a fresh one; stale routes and ARP-like state
 * elsewhere have time to age).  Returns 0 or -ENOSPC.
 */
int pool_alloc(struct roamd_pool *pool, uint32_t *addr);
/* Take one given address.  Returns 0, -ERANGE or -EBUSY. */
int pool_reserve(struct roamd_pool *pool, uint32_t addr);
/* Give an address back; one not taken is ignored. */
void pool_release(struct roamd_pool *pool, uint32_t addr);
bool pool_contains(const struct roamd_pool *pool, uint32_t addr);

#endif /* ROAMD_POOL_H */
