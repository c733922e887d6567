// SPDX-License-Identifier: GPL-2.0
/*
 * roam - the route a session's packets take to its peer, cached in the
 * session for every encapsulation (l2tp, pptp): one pointer, read on the
 * transmit path without a lock.
 *
 * Why not a dst_cache: it costs a per-CPU slot of 40 bytes a session,
 * 80 bytes on a 2-CPU machine and 2.5 KB on a 64-CPU one, whether or not
 * the session ever sends. Why not one slot under a lock (what l2tp had,
 * a bit spinlock in the session): every packet then wrote the lock's
 * cache line twice, and the data-path rule is no lock per packet.
 *
 * The scheme
 * ----------
 * The session holds a pointer, struct roam_route_cache.cur, to a small
 * object { dst, saddr, rcu } that owns one reference on its dst. The
 * object is never changed once published; a route change replaces it
 * whole:
 *
 * - Read (every packet, BH off, under RCU): load the pointer, take a
 *   reference on its dst with dst_hold_safe(), and check it as a
 *   dst_cache would (->obsolete, ->check()). The only write is the
 *   dst's reference count, which any use of a dst writes anyway.
 *   dst_hold_safe() fails once the count has reached 0: the object was
 *   swapped out and its dst released meanwhile; dst_release() frees a
 *   dst through call_rcu() (6.1: atomic_inc_not_zero on __refcnt; 6.12:
 *   rcuref_get() on __rcuref, which refuses a dead count), so its memory
 *   is still there to be refused, as sk_dst_get() relies on. A failed
 *   hold is a miss: the caller looks the route up.
 * - Write (a miss, a stale route, a peer move, the release): allocate
 *   the new object (GFP_ATOMIC: transmit path; on failure nothing is
 *   cached and the next packet looks up again), publish it with xchg(),
 *   which orders its initialisation before the pointer, and release what
 *   came back: its dst's reference at once, the object itself after a
 *   grace period (kfree_rcu()), since a reader may still be reading it.
 *   Two writers need no lock: each releases the object it swapped out,
 *   so nothing is released twice or leaked, and the slot ends up with
 *   one of the two routes, both valid. A stale route is dropped with
 *   cmpxchg(), only if the slot still holds it, inside the reader's RCU
 *   section, so the object cannot have been freed and reused meanwhile.
 *
 * An allocation happens per route change, not per packet: a route stays
 * cached until it goes stale (an SA rekeyed or deleted, a route changed:
 * its ->check() says so) or the encapsulation resets it. A route already
 * dead when looked up (an xfrm blackhole while an SA is being
 * negotiated) is not cached at all.
 *
 * Lifetime: the encapsulation resets the cache when it releases the
 * session, once no transmit path can reach it (after the RCU grace period
 * that follows the unhash, see session.c), and makes sure nothing sets
 * it afterwards (pptp: its dead flag, under tx_lock). The objects still
 * waiting for kfree_rcu() need no code of roam.ko, so unloading it does
 * not wait for them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/export.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/dst.h>

#include "route.h"

/**
 * struct roam_route - one cached route, never changed once published
 * @dst: the route; one reference held by this object
 * @saddr: the source address the lookup chose with it
 * @rcu: frees the object once no reader can see it
 */
struct roam_route {
	struct dst_entry *dst;
	__be32 saddr;
	struct rcu_head rcu;
};

static void roam_route_free(struct roam_route *r)
{
	dst_release(r->dst);
	kfree_rcu(r, rcu);
}

/* Put @r (may be NULL) in the slot and release what it held. */
static void roam_route_swap(struct roam_route_cache *rc, struct roam_route *r)
{
	struct roam_route *old;

	old = unrcu_pointer(xchg(&rc->cur, RCU_INITIALIZER(r)));
	if (old)
		roam_route_free(old);
}

/**
 * roam_route_get - the cached route, if it is still valid
 * @rc: the session's cache
 * @saddr: where to put the source address that goes with it
 *
 * Takes no lock and may run on several CPUs at once.
 * Returns the route with a reference for the caller, or NULL.
 */
struct dst_entry *roam_route_get(struct roam_route_cache *rc, __be32 *saddr)
{
	struct dst_entry *dst = NULL;
	struct roam_route *r;

	rcu_read_lock();
	r = rcu_dereference(rc->cur);
	if (!r || !dst_hold_safe(r->dst))
		goto out;
	dst = r->dst;
	/* IPsec bundles and IPv4 routes say when they went stale */
	if (dst->obsolete && !dst->ops->check(dst, 0)) {
		if (cmpxchg(&rc->cur, RCU_INITIALIZER(r), NULL) ==
		    RCU_INITIALIZER(r))
			roam_route_free(r);
		dst_release(dst);
		dst = NULL;
		goto out;
	}
	*saddr = r->saddr;
out:
	rcu_read_unlock();
	return dst;
}
EXPORT_SYMBOL_GPL(roam_route_get);

/**
 * roam_route_set - cache the route a packet just looked up
 * @rc: the session's cache
 * @dst: the route; the caller keeps its own reference
 * @saddr: the source address the lookup chose
 *
 * Any context; nothing is cached when memory is short.
 */
void roam_route_set(struct roam_route_cache *rc, struct dst_entry *dst,
		    __be32 saddr)
{
	struct roam_route *r;

	/* dead already (an xfrm blackhole): the next get would drop it */
	if (dst->obsolete > 0)
		return;
	r = kmalloc(sizeof(*r), GFP_ATOMIC | __GFP_NOWARN);
	if (!r)
		return;
	dst_hold(dst);
	r->dst = dst;
	r->saddr = saddr;
	roam_route_swap(rc, r);
}
EXPORT_SYMBOL_GPL(roam_route_set);

/**
 * roam_route_reset - forget the cached route
 * @rc: the session's cache
 *
 * The next packet looks the route up again. Also the release of the
 * cache: afterwards it holds nothing, unless something sets it again.
 * Any context.
 */
void roam_route_reset(struct roam_route_cache *rc)
{
	roam_route_swap(rc, NULL);
}
EXPORT_SYMBOL_GPL(roam_route_reset);
