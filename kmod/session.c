// SPDX-License-Identifier: GPL-2.0
/*
 * roam - the session table of a roam device.
 *
 * Lifetime of a session
 * ---------------------
 * A session is found three ways: by its id (netlink requests), and by the
 * IPv4 or IPv6 address it was given (the transmit path). The three tables
 * are rhashtables owned by the device; their membership, the device's list
 * of sessions and its session count change only under rdev->lock, so a
 * session is in all of its tables or in none. The transmit path reads the
 * address tables under RCU without taking a reference: a session it finds
 * stays valid until the end of its RCU read-side section.
 *
 * The tables hold one reference (refcnt starts at 1). Netlink handlers that
 * look a session up by id take another with roam_session_get() and drop it
 * with roam_session_put().
 *
 * Removal is always: unhash under rdev->lock (the session leaves every
 * table and the device list together), the encapsulation drops it from
 * its own receive-path lookup, and the deletion is announced -> wait for
 * an RCU grace period, so no transmit or receive path still uses it ->
 * let the encapsulation release its state (sockets, keys, timers; may
 * sleep) -> drop the tables' reference. The last roam_session_put() frees
 * the memory. Nothing is released under a spinlock.
 *
 * The wait is not done by the deleting thread: a synchronize_net() per
 * session made one deletion cost a whole grace period (~17 ms), and a
 * gateway deletes sessions one at a time (clients leaving, a mass DPD
 * timeout). Instead the session is handed to call_rcu(); its callback
 * (softirq, cannot sleep) moves it onto roam_release_list, and
 * roam_release_work releases everything on that list in process context.
 * Flushes (device deletion, encapsulation unload) take the same path, one
 * callback per session, so no deleting thread ever waits for a grace
 * period. While a session waits for its release it holds a reference on
 * its net_device (the encapsulation's timers may still send through it),
 * so the device outlives its sessions; unregistering it waits for them.
 * Whoever unloads code that a release runs (an encapsulation module,
 * roam.ko itself) first calls roam_sessions_release_barrier(): rcu_barrier()
 * so that every callback has queued its session, then flush_work().
 *
 * A device being deleted is marked dead under rdev->lock before it is
 * flushed, so a session created concurrently cannot join it afterwards.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/llist.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "core.h"

static atomic_t roam_sessions_alive = ATOMIC_INIT(0);

/*
 * Sessions past their grace period, waiting for roam_release_work; an
 * llist because RCU callbacks add to it locklessly from softirq.
 */
static LLIST_HEAD(roam_release_list);
static void roam_release_work_fn(struct work_struct *work);
static DECLARE_WORK(roam_release_work, roam_release_work_fn);

static const struct rhashtable_params roam_by_id_params = {
	.key_len = sizeof(u32),
	.key_offset = offsetof(struct roam_session, id),
	.head_offset = offsetof(struct roam_session, id_node),
	.automatic_shrinking = true,
};

static const struct rhashtable_params roam_by_ipv4_params = {
	.key_len = sizeof(__be32),
	.key_offset = offsetof(struct roam_session, ipv4),
	.head_offset = offsetof(struct roam_session, ipv4_node),
	.automatic_shrinking = true,
};

static const struct rhashtable_params roam_by_ipv6_params = {
	.key_len = sizeof(struct in6_addr),
	.key_offset = offsetof(struct roam_session, ipv6),
	.head_offset = offsetof(struct roam_session, ipv6_node),
	.automatic_shrinking = true,
};

int roam_sessions_init(struct roam_dev *rdev)
{
	int err;

	spin_lock_init(&rdev->lock);
	INIT_LIST_HEAD(&rdev->sessions);
	err = rhashtable_init(&rdev->by_id, &roam_by_id_params);
	if (err)
		return err;
	err = rhashtable_init(&rdev->by_ipv4, &roam_by_ipv4_params);
	if (err)
		goto err_id;
	err = rhashtable_init(&rdev->by_ipv6, &roam_by_ipv6_params);
	if (err)
		goto err_ipv4;
	return 0;

err_ipv4:
	rhashtable_destroy(&rdev->by_ipv4);
err_id:
	rhashtable_destroy(&rdev->by_id);
	return err;
}

/* Called when the device is freed: it was flushed when it was deleted. */
void roam_sessions_uninit(struct roam_dev *rdev)
{
	if (rdev->n_sessions)
		pr_err("%s freed with %u sessions\n", rdev->dev->name,
		       rdev->n_sessions);
	rhashtable_destroy(&rdev->by_ipv6);
	rhashtable_destroy(&rdev->by_ipv4);
	rhashtable_destroy(&rdev->by_id);
}

struct roam_session *roam_session_alloc(struct roam_dev *rdev,
					const struct roam_encap *encap)
{
	struct roam_session *s;

	s = kzalloc(struct_size(s, priv, encap->priv_size), GFP_KERNEL);
	if (!s)
		return NULL;
	refcount_set(&s->refcnt, 1);
	INIT_LIST_HEAD(&s->dev_node);
	s->rdev = rdev;
	s->encap = encap;
	s->state = ROAM_STATE_UP;
	atomic_inc(&roam_sessions_alive);
	return s;
}

static void roam_session_free(struct roam_session *s)
{
	pr_debug("session %u destroyed\n", s->id);
	kfree(s);
	atomic_dec(&roam_sessions_alive);
}

/* For a session that never made it into the tables. */
void roam_session_free_unhashed(struct roam_session *s)
{
	roam_session_free(s);
}

/**
 * roam_session_put - drop a reference; the last one frees the session
 * @s: the session
 *
 * Only the tables' reference is dropped after an RCU grace period, and it
 * is never the last while another holder remains, so freeing at once is
 * safe here.
 */
void roam_session_put(struct roam_session *s)
{
	if (refcount_dec_and_test(&s->refcnt))
		roam_session_free(s);
}
EXPORT_SYMBOL_GPL(roam_session_put);

/*
 * The same tables without automatic shrinking, for removals in a flush.
 * A device being deleted destroys its tables right after; shrinking them
 * on the way (the deferred worker re-allocating and rehashing each table
 * every time it halves, 17 times for 100k sessions, while the flush keeps
 * removing) was per-session work nobody needed: a profile of
 * `ip link del` with 100k sessions showed rht_deferred_worker and the
 * queue_work() of each removal beside the removals themselves. After an
 * encapsulation's flush the tables shrink at the next ordinary removal.
 */
static const struct rhashtable_params roam_by_id_flush_params = {
	.key_len = sizeof(u32),
	.key_offset = offsetof(struct roam_session, id),
	.head_offset = offsetof(struct roam_session, id_node),
};

static const struct rhashtable_params roam_by_ipv4_flush_params = {
	.key_len = sizeof(__be32),
	.key_offset = offsetof(struct roam_session, ipv4),
	.head_offset = offsetof(struct roam_session, ipv4_node),
};

static const struct rhashtable_params roam_by_ipv6_flush_params = {
	.key_len = sizeof(struct in6_addr),
	.key_offset = offsetof(struct roam_session, ipv6),
	.head_offset = offsetof(struct roam_session, ipv6_node),
};

/* Out of every table of its device; @flush: the device's sessions all go. */
static void roam_session_unhash_locked(struct roam_session *s, bool flush)
{
	struct roam_dev *rdev = s->rdev;

	lockdep_assert_held(&rdev->lock);
	if (flush) {
		rhashtable_remove_fast(&rdev->by_id, &s->id_node,
				       roam_by_id_flush_params);
		if (s->has_ipv4)
			rhashtable_remove_fast(&rdev->by_ipv4, &s->ipv4_node,
					       roam_by_ipv4_flush_params);
		if (s->has_ipv6)
			rhashtable_remove_fast(&rdev->by_ipv6, &s->ipv6_node,
					       roam_by_ipv6_flush_params);
	} else {
		rhashtable_remove_fast(&rdev->by_id, &s->id_node,
				       roam_by_id_params);
		if (s->has_ipv4)
			rhashtable_remove_fast(&rdev->by_ipv4, &s->ipv4_node,
					       roam_by_ipv4_params);
		if (s->has_ipv6)
			rhashtable_remove_fast(&rdev->by_ipv6, &s->ipv6_node,
					       roam_by_ipv6_params);
	}
	list_del_rcu(&s->dev_node);
	rdev->n_sessions--;
	atomic_inc(rdev->generation);
}

/**
 * roam_session_insert - add a fully prepared session to its device's tables
 * @s: the session, from roam_session_alloc(), its encapsulation initialised
 * @extack: where to say why it was refused
 *
 * Refuses a duplicate id or an address another session holds. On success
 * the tables own the caller's reference.
 */
int roam_session_insert(struct roam_session *s, struct netlink_ext_ack *extack)
{
	struct roam_dev *rdev = s->rdev;
	int err;

	spin_lock_bh(&rdev->lock);
	if (rdev->dead) {
		NL_SET_ERR_MSG_MOD(extack, "device is being deleted");
		err = -ENODEV;
		goto out;
	}
	err = rhashtable_lookup_insert_fast(&rdev->by_id, &s->id_node,
					    roam_by_id_params);
	if (err) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG_MOD(extack, "session id already in use");
		goto out;
	}
	if (s->has_ipv4) {
		err = rhashtable_lookup_insert_fast(&rdev->by_ipv4,
						    &s->ipv4_node,
						    roam_by_ipv4_params);
		if (err) {
			if (err == -EEXIST)
				NL_SET_ERR_MSG_MOD(extack,
						   "IPv4 address held by another session");
			goto err_id;
		}
	}
	if (s->has_ipv6) {
		err = rhashtable_lookup_insert_fast(&rdev->by_ipv6,
						    &s->ipv6_node,
						    roam_by_ipv6_params);
		if (err) {
			if (err == -EEXIST)
				NL_SET_ERR_MSG_MOD(extack,
						   "IPv6 address held by another session");
			goto err_ipv4;
		}
	}
	list_add_tail_rcu(&s->dev_node, &rdev->sessions);
	rdev->n_sessions++;
	atomic_inc(rdev->generation);
	spin_unlock_bh(&rdev->lock);
	pr_debug("session %u created on %s\n", s->id, rdev->dev->name);
	return 0;

err_ipv4:
	if (s->has_ipv4)
		rhashtable_remove_fast(&rdev->by_ipv4, &s->ipv4_node,
				       roam_by_ipv4_params);
err_id:
	rhashtable_remove_fast(&rdev->by_id, &s->id_node, roam_by_id_params);
out:
	spin_unlock_bh(&rdev->lock);
	if (err && err != -EEXIST && err != -ENODEV)
		NL_SET_ERR_MSG_MOD(extack, "cannot index the session");
	return err;
}

/**
 * roam_session_set_peer - the client's outer address and port changed
 * @s: the session, with a reference held by the caller
 * @addr: the new IPv4 address
 * @port: the new port, or 0 to keep the old one
 * @extack: where to say why it was refused
 *
 * A client behind NAT whose NAT gave it a new public address keeps its
 * session: only where its packets go changes.  The two fields are
 * written under the device's lock (so that two requests do not mix) and
 * read without it on the transmit path: a packet sent during the change
 * may take the old address with the new port, which costs that packet
 * only (a move loses a few anyway).  The encapsulation drops its cached
 * route afterwards.
 */
int roam_session_set_peer(struct roam_session *s, __be32 addr, __be16 port,
			  struct netlink_ext_ack *extack)
{
	struct roam_dev *rdev = s->rdev;
	int err = 0;

	if (!s->encap->peer_moved) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the peer of a session of this kind cannot move");
		return -EOPNOTSUPP;
	}
	spin_lock_bh(&rdev->lock);
	if (rhashtable_lookup_fast(&rdev->by_id, &s->id,
				   roam_by_id_params) != s) {
		NL_SET_ERR_MSG_MOD(extack, "session is being deleted");
		err = -ENOENT;
		goto out;
	}
	if (s->peer_family != AF_INET) {
		NL_SET_ERR_MSG_MOD(extack, "the session's peer is not IPv4");
		err = -EAFNOSUPPORT;
		goto out;
	}
	WRITE_ONCE(s->peer_ipv4, addr);
	if (port)
		WRITE_ONCE(s->peer_port, port);
out:
	spin_unlock_bh(&rdev->lock);
	if (!err)
		s->encap->peer_moved(s);
	return err;
}

/**
 * roam_session_set_ipv4 - give an address to a session that has none yet
 * @s: the session, with a reference held by the caller
 * @addr: the address
 * @extack: where to say why it was refused
 *
 * A PPTP session exists before PPP has chosen its address (its GRE
 * sequence numbers start with the call), so the address may come later,
 * once. Refuses a second address, an address another session holds, and a
 * session already removed from its device.
 */
int roam_session_set_ipv4(struct roam_session *s, __be32 addr,
			  struct netlink_ext_ack *extack)
{
	struct roam_dev *rdev = s->rdev;
	int err = 0;

	spin_lock_bh(&rdev->lock);
	if (rhashtable_lookup_fast(&rdev->by_id, &s->id,
				   roam_by_id_params) != s) {
		NL_SET_ERR_MSG_MOD(extack, "session is being deleted");
		err = -ENOENT;
		goto out;
	}
	if (s->has_ipv4) {
		if (s->ipv4 != addr) {
			NL_SET_ERR_MSG_MOD(extack,
					   "session already has another IPv4 address");
			err = -EEXIST;
		}
		goto out;
	}
	s->ipv4 = addr;
	err = rhashtable_lookup_insert_fast(&rdev->by_ipv4, &s->ipv4_node,
					    roam_by_ipv4_params);
	if (err) {
		s->ipv4 = 0;
		if (err == -EEXIST)
			NL_SET_ERR_MSG_MOD(extack,
					   "IPv4 address held by another session");
		else
			NL_SET_ERR_MSG_MOD(extack, "cannot index the session");
		goto out;
	}
	/* the receive path reads has_ipv4 without the lock: address first */
	smp_store_release(&s->has_ipv4, true);
	atomic_inc(rdev->generation);
out:
	spin_unlock_bh(&rdev->lock);
	return err;
}

/* Returns the session with a reference, or NULL. */
struct roam_session *roam_session_get(struct roam_dev *rdev, u32 id)
{
	struct roam_session *s;

	rcu_read_lock();
	s = rhashtable_lookup(&rdev->by_id, &id, roam_by_id_params);
	if (s && !refcount_inc_not_zero(&s->refcnt))
		s = NULL;
	rcu_read_unlock();
	return s;
}

/* Caller holds the RCU read lock; no reference taken. */
struct roam_session *roam_session_lookup_id_rcu(struct roam_dev *rdev, u32 id)
{
	return rhashtable_lookup(&rdev->by_id, &id, roam_by_id_params);
}

/* Data path lookups: caller holds the RCU read lock; no reference taken. */
struct roam_session *roam_session_lookup_ipv4(struct roam_dev *rdev,
					      __be32 addr)
{
	return rhashtable_lookup(&rdev->by_ipv4, &addr, roam_by_ipv4_params);
}

struct roam_session *roam_session_lookup_ipv6(struct roam_dev *rdev,
					      const struct in6_addr *addr)
{
	return rhashtable_lookup(&rdev->by_ipv6, addr, roam_by_ipv6_params);
}

/* Process context: release what the encapsulation holds, then the memory. */
static void roam_release_work_fn(struct work_struct *work)
{
	struct llist_node *batch = llist_del_all(&roam_release_list);
	struct roam_session *s, *tmp;
	struct net_device *dev;

	llist_for_each_entry_safe(s, tmp, batch, release_node) {
		dev = s->rdev->dev;
		if (s->encap->session_uninit)
			s->encap->session_uninit(s);
		roam_session_put(s);
		dev_put(dev);
		cond_resched();		/* a flush may queue 100k at once */
	}
}

/* The grace period has passed: no packet path uses @head's session. */
static void roam_session_rcu_done(struct rcu_head *head)
{
	struct roam_session *s = container_of(head, struct roam_session, rcu);

	/* release_node shares rcu's memory: RCU is done with it now */
	if (llist_add(&s->release_node, &roam_release_list))
		queue_work(system_wq, &roam_release_work);
}

/*
 * Finish the removal of a session already unhashed: out of the
 * encapsulation's receive path, announced, then released after a grace
 * period without waiting for it here.
 */
static void roam_session_retire(struct roam_session *s,
				enum roam_del_reason reason)
{
	if (s->encap->session_unhash)
		s->encap->session_unhash(s);
	roam_netlink_notify(s, ROAM_CMD_SESSION_DEL_NTF, reason);
	dev_hold(s->rdev->dev);	/* dropped by roam_release_work_fn() */
	call_rcu(&s->rcu, roam_session_rcu_done);
}

/**
 * roam_sessions_release_barrier - wait until every deleted session is freed
 *
 * For whoever is about to unload code that a release runs. Sessions
 * deleted after it is called are not waited for.
 */
void roam_sessions_release_barrier(void)
{
	rcu_barrier();
	flush_work(&roam_release_work);
}
EXPORT_SYMBOL_GPL(roam_sessions_release_barrier);

int roam_session_delete(struct roam_dev *rdev, u32 id,
			enum roam_del_reason reason)
{
	struct roam_session *s;

	spin_lock_bh(&rdev->lock);
	s = rhashtable_lookup_fast(&rdev->by_id, &id, roam_by_id_params);
	if (s)
		roam_session_unhash_locked(s, false);
	spin_unlock_bh(&rdev->lock);
	if (!s)
		return -ENOENT;
	roam_session_retire(s, reason);
	return 0;
}

/**
 * roam_dev_flush - delete the sessions of a device
 * @rdev: the device
 * @only: delete only sessions of this encapsulation; NULL for all
 * @reason: told to listeners
 *
 * With @only NULL, it is the device's deletion: the device is marked dead
 * first so that no session joins it afterwards.
 */
void roam_dev_flush(struct roam_dev *rdev, const struct roam_encap *only,
		    enum roam_del_reason reason)
{
	struct roam_session *s, *tmp;
	LIST_HEAD(gc);

	spin_lock_bh(&rdev->lock);
	if (!only)
		rdev->dead = true;
	list_for_each_entry_safe(s, tmp, &rdev->sessions, dev_node) {
		if (only && s->encap != only)
			continue;
		roam_session_unhash_locked(s, true);
		list_add_tail(&s->gc_node, &gc);
	}
	spin_unlock_bh(&rdev->lock);
	/* _safe: retiring a session reuses its gc_node for call_rcu() */
	list_for_each_entry_safe(s, tmp, &gc, gc_node) {
		roam_session_retire(s, reason);
		cond_resched();
	}
}

int roam_sessions_alive_count(void)
{
	return atomic_read(&roam_sessions_alive);
}
