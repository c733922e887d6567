// SPDX-License-Identifier: GPL-2.0
/*
 * roam_l2tp - the route each session's packets take to its peer, cached in
 * the session: one slot shared by every CPU, not a per-CPU dst_cache.
 *
 * A dst_cache costs a per-CPU slot of 40 bytes a session, 80 bytes on a
 * 2-CPU machine and 2.5 KB on a 64-CPU one, whether or not the session
 * ever sends; with 100,000 sessions that was most of what a session cost
 * beyond its one kmalloc-256 allocation. One slot costs 12 bytes.
 *
 * The slot (@rt_dst, @rt_saddr of struct roam_l2tp_session) holds one
 * reference on its dst and is protected by a bit spinlock, bit
 * ROAM_L2TP_PS_RT_LOCKED of ps->lock (the word whose bit 0 is the
 * session's sleeping lock; the two bits are independent, so both are
 * set and cleared with atomic bit operations only). Under it a
 * reader only takes a reference, and a writer only swaps the pointer; the
 * dst checks and releases happen outside. The transmit path holds it with
 * BH off; the other users (a peer move, the release) disable BH first, so
 * a softirq transmitting on the same CPU never spins on it. A session
 * sending from several CPUs at once shares the slot's cache line, as it
 * already shares the session; a cached route still saves the lookup.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

/* net/dst.h first: bit_spinlock.h needs cpu_relax() declared before it */
#include <net/dst.h>
#include <linux/bit_spinlock.h>

#include "l2tp.h"

/* Empty the slot if it still holds @dst, a stale route; BH off. */
static void roam_l2tp_route_drop(struct roam_l2tp_session *ps,
				 struct dst_entry *dst)
{
	bool was = false;

	bit_spin_lock(ROAM_L2TP_PS_RT_LOCKED, &ps->lock);
	if (ps->rt_dst == dst) {
		ps->rt_dst = NULL;
		was = true;
	}
	bit_spin_unlock(ROAM_L2TP_PS_RT_LOCKED, &ps->lock);
	/* the slot's reference; the caller still holds its own */
	if (was)
		dst_release(dst);
}

/**
 * roam_l2tp_route_get - the cached route, if still valid
 * @ps: the session
 * @saddr: where to put the source address that goes with it
 *
 * Returns the route with a reference for the caller, or NULL.
 */
struct dst_entry *roam_l2tp_route_get(struct roam_l2tp_session *ps,
				      __be32 *saddr)
{
	struct dst_entry *dst;

	bit_spin_lock(ROAM_L2TP_PS_RT_LOCKED, &ps->lock);
	dst = ps->rt_dst;
	if (dst) {
		/* the slot's own reference keeps it above zero */
		dst_hold(dst);
		*saddr = ps->rt_saddr;
	}
	bit_spin_unlock(ROAM_L2TP_PS_RT_LOCKED, &ps->lock);
	/* IPsec bundles and IPv4 routes say when they went stale */
	if (dst && dst->obsolete && !dst->ops->check(dst, 0)) {
		roam_l2tp_route_drop(ps, dst);
		dst_release(dst);
		return NULL;
	}
	return dst;
}

/* Swap the slot's route for @dst (may be NULL); BH off. */
static void roam_l2tp_route_swap(struct roam_l2tp_session *ps,
				 struct dst_entry *dst, __be32 saddr)
{
	struct dst_entry *old;

	bit_spin_lock(ROAM_L2TP_PS_RT_LOCKED, &ps->lock);
	old = ps->rt_dst;
	ps->rt_dst = dst;
	ps->rt_saddr = saddr;
	bit_spin_unlock(ROAM_L2TP_PS_RT_LOCKED, &ps->lock);
	dst_release(old);
}

/**
 * roam_l2tp_route_set - cache the route a packet just looked up
 * @ps: the session
 * @dst: the route; the caller keeps its own reference
 * @saddr: the source address the lookup chose
 */
void roam_l2tp_route_set(struct roam_l2tp_session *ps, struct dst_entry *dst,
			 __be32 saddr)
{
	dst_hold(dst);
	roam_l2tp_route_swap(ps, dst, saddr);
}

/* Forget the cached route: the next packet looks it up again. */
void roam_l2tp_route_reset(struct roam_l2tp_session *ps)
{
	local_bh_disable();
	roam_l2tp_route_swap(ps, NULL, 0);
	local_bh_enable();
}
