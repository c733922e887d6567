/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roam - a session's cached route to its peer, shared by the
 * encapsulations (route.c, in roam.ko).
 */
#ifndef _ROAM_ROUTE_H
#define _ROAM_ROUTE_H

#include <linux/compiler_types.h>
#include <linux/types.h>

struct dst_entry;
struct roam_route;

/**
 * struct roam_route_cache - the route a session's packets last took
 * @cur: the cached route and its source address, or NULL; replaced
 *	whole with xchg(), read under RCU without a lock (route.c)
 *
 * One pointer inside the session, whatever the number of CPUs; the
 * object it points to exists only while a route is cached.
 */
struct roam_route_cache {
	struct roam_route __rcu *cur;
};

struct dst_entry *roam_route_get(struct roam_route_cache *rc, __be32 *saddr);
void roam_route_set(struct roam_route_cache *rc, struct dst_entry *dst,
		    __be32 saddr);
void roam_route_reset(struct roam_route_cache *rc);

#endif /* _ROAM_ROUTE_H */
