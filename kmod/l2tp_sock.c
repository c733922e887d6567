// SPDX-License-Identifier: GPL-2.0
/*
 * roam_l2tp - binding sessions to roamd's UDP socket, and the receive path.
 *
 * roamd owns the UDP socket (port 1701) and speaks L2TP control on it. The
 * first session bound to it installs a receive hook on the socket; data
 * messages of bound sessions that carry IPv4 or IPv6 are decapsulated here
 * and delivered on the roam device. Everything else (control messages,
 * PPP control protocols, data for sessions the kernel does not carry) is
 * left to the socket, so roamd reads it as ordinary datagrams.
 *
 * Every data message must have come through the IPsec SA its tunnel is
 * bound to: the inbound SA marks what it decapsulates (its set-mark), and
 * the mark and the presence of a security path are checked here. Plaintext
 * L2TP, or L2TP that came through another client's SA, is dropped and
 * counted (rx_unbound).
 *
 * Locks
 * -----
 * Nothing here is module-wide: sessions on different sockets (other
 * namespaces, other roamd) never wait for each other. Two locks:
 *
 * - lock_sock() of the UDP socket: the hook (sk_user_data, encap_rcv,
 *   encap_type), and the table and count of the roam_l2tp_sock on it,
 *   change only under it. So, on one socket:
 *   * two first binds: the second finds the hook the first attached (the
 *     check and the attach are one critical section): one
 *     roam_l2tp_sock per socket, never two;
 *   * the last unbind and a new bind: either the bind comes first and the
 *     count does not reach 0 (no detach), or the unbind detaches first and
 *     the bind attaches a fresh roam_l2tp_sock; a bind never joins a
 *     detached one, since only the attached one is found;
 *   * outside the lock, an attached roam_l2tp_sock counts at least one
 *     session (a fresh one whose first session fails is detached before
 *     the lock is let go), so only the leave that takes its count from 1
 *     to 0 detaches it, and the count of a detached one never rises again.
 *   The receive path takes no socket lock (the hook runs under RCU), and
 *   no one here waits for a grace period while holding it. The lock is
 *   taken under RTNL (a device's deletion flushes its sessions), the order
 *   the kernel's own setsockopt paths use too.
 * - roam_l2tp_session.lock: bind, re-bind, unbind and release of one
 *   session, whose ps->ls and ps->unbound it protects; taken before the
 *   socket's lock. A re-bind involves two sockets but holds one socket
 *   lock at a time: it first counts the session on the new socket (which
 *   keeps that hook attached), then leaves the old socket, waits a grace
 *   period holding only the session's lock (no packet path takes it), then
 *   joins the new table.
 *
 * Freeing: the session that takes a count to 0 detaches the hook and keeps
 * its reference until a grace period later (the deferred release, or a
 * synchronize_net() here), so whoever drops the last reference frees a
 * roam_l2tp_sock that no receive path can still see.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/net.h>
#include <linux/udp.h>
#include <linux/wait_bit.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <net/xfrm.h>

#include "l2tp.h"

static const struct rhashtable_params roam_l2tp_params = {
	.key_len = sizeof(u32),
	.key_offset = offsetof(struct roam_l2tp_session, key),
	.head_offset = offsetof(struct roam_l2tp_session, node),
	.automatic_shrinking = true,
};

/* The session's own lock, a bit of ps->lock (see struct roam_l2tp_session). */
static void roam_l2tp_ps_lock(struct roam_l2tp_session *ps)
{
	wait_on_bit_lock(&ps->lock, ROAM_L2TP_PS_LOCKED, TASK_UNINTERRUPTIBLE);
}

static void roam_l2tp_ps_unlock(struct roam_l2tp_session *ps)
{
	clear_and_wake_up_bit(ROAM_L2TP_PS_LOCKED, &ps->lock);
}

/* Caller holds the RCU read lock. */
static struct roam_l2tp_session *
roam_l2tp_lookup(struct roam_l2tp_sock *ls, u32 key)
{
	return rhashtable_lookup(&ls->sessions, &key, roam_l2tp_params);
}

/* Where the PPP frame starts in a data message, or 0 when malformed. */
static unsigned int roam_l2tp_parse(struct sk_buff *skb, u32 *key)
{
	unsigned int off = sizeof(struct udphdr);
	unsigned int udp_len = skb->len;
	__be16 buf[6], *h;
	u16 flags, osize;
	unsigned int n;

	h = skb_header_pointer(skb, off, sizeof(__be16), buf);
	if (!h)
		return 0;
	flags = ntohs(h[0]);
	if ((flags & ROAM_L2TP_T) ||
	    (flags & ROAM_L2TP_VER_MASK) != ROAM_L2TP_VERSION)
		return 0;
	n = 1 + !!(flags & ROAM_L2TP_L) + 2 + 2 * !!(flags & ROAM_L2TP_S) +
	    !!(flags & ROAM_L2TP_O);
	h = skb_header_pointer(skb, off, n * sizeof(__be16), buf);
	if (!h)
		return 0;
	h++;
	if (flags & ROAM_L2TP_L) {
		/* The length covers the L2TP message: it may not exceed it. */
		if (ntohs(*h) > udp_len - sizeof(struct udphdr))
			return 0;
		h++;
	}
	*key = roam_l2tp_key(ntohs(h[0]), ntohs(h[1]));
	h += 2;
	if (flags & ROAM_L2TP_S)
		h += 2;
	off += n * sizeof(__be16);
	if (flags & ROAM_L2TP_O) {
		osize = ntohs(*h);
		off += osize;
	}
	if (off >= udp_len)
		return 0;
	return off;
}

/* The PPP protocol number at @off, and the header length in @hlen. */
static u16 roam_l2tp_ppp_proto(struct sk_buff *skb, unsigned int off,
			       unsigned int *hlen)
{
	u8 buf[4];
	const u8 *p;
	unsigned int n = min_t(unsigned int, skb->len - off, sizeof(buf));

	p = skb_header_pointer(skb, off, n, buf);
	if (!p || n < 1)
		return 0;
	*hlen = 0;
	if (n >= 2 && p[0] == 0xff && p[1] == 0x03) {
		p += 2;
		n -= 2;
		*hlen = 2;
	}
	if (n >= 1 && (p[0] & 1)) {	/* protocol field compressed */
		*hlen += 1;
		return p[0];
	}
	if (n < 2)
		return 0;
	*hlen += 2;
	return p[0] << 8 | p[1];
}

/*
 * UDP encapsulation hook: returns 0 when the packet was consumed, 1 to hand
 * it to the socket unchanged.
 */
static int roam_l2tp_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct roam_l2tp_session *ps;
	struct roam_l2tp_sock *ls;
	struct roam_session *s;
	unsigned int off, hlen;
	u32 key;
	u16 proto;

	ls = rcu_dereference_sk_user_data(sk);
	if (!ls)
		return 1;
	off = roam_l2tp_parse(skb, &key);
	if (!off)
		return 1;
	ps = roam_l2tp_lookup(ls, key);
	if (!ps)
		return 1;
	s = roam_session_from_priv(ps);
	if (!ps->allow_plain &&
	    (!secpath_exists(skb) || skb->mark != ps->mark)) {
		atomic64_inc(&ps->rx_unbound);
		roam_session_rx_drop(s);
		net_dbg_ratelimited("session %u: data not from its IPsec SA, dropped\n",
				    s->id);
		kfree_skb(skb);
		return 0;
	}
	proto = roam_l2tp_ppp_proto(skb, off, &hlen);
	if (proto != ROAM_PPP_IPV4 && proto != ROAM_PPP_IPV6)
		return 1;
	if (!pskb_may_pull(skb, off + hlen)) {
		roam_session_rx_drop(s);
		kfree_skb(skb);
		return 0;
	}
	__skb_pull(skb, off + hlen);
	roam_session_rx(s, skb);
	return 0;
}

/*
 * The socket's roam_l2tp_sock, attached now if the socket has none, with
 * one more session counted on it (and its reference). Caller holds the
 * socket's lock.
 */
static struct roam_l2tp_sock *roam_l2tp_attach(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct udp_tunnel_sock_cfg cfg = {};
	struct roam_l2tp_sock *ls;

	sock_owned_by_me(sk);
	if (READ_ONCE(udp_sk(sk)->encap_rcv) == roam_l2tp_encap_rcv) {
		ls = rcu_dereference_protected(sk->sk_user_data,
					       lockdep_sock_is_held(sk));
		ls->n_sessions++;
		refcount_inc(&ls->refs);
		return ls;
	}
	if (udp_sk(sk)->encap_type || sk->sk_user_data)
		return ERR_PTR(-EBUSY);
	ls = kzalloc(sizeof(*ls), GFP_KERNEL);
	if (!ls)
		return ERR_PTR(-ENOMEM);
	if (rhashtable_init(&ls->sessions, &roam_l2tp_params)) {
		kfree(ls);
		return ERR_PTR(-ENOMEM);
	}
	ls->n_sessions = 1;
	refcount_set(&ls->refs, 1);
	sock_hold(sk);
	ls->sk = sk;
	cfg.sk_user_data = ls;
	cfg.encap_type = UDP_ENCAP_L2TPINUDP;
	cfg.encap_rcv = roam_l2tp_encap_rcv;
	setup_udp_tunnel_sock(sock_net(sk), sock, &cfg);
	return ls;
}

/*
 * One session less counted on @ls; after the last one the socket becomes
 * an ordinary one again. Caller holds the socket's lock. Returns true
 * when it detached the hook: the caller then keeps its reference until a
 * grace period has passed.
 */
static bool roam_l2tp_leave(struct roam_l2tp_sock *ls)
{
	struct sock *sk = ls->sk;

	sock_owned_by_me(sk);
	if (--ls->n_sessions)
		return false;
	WRITE_ONCE(udp_sk(sk)->encap_rcv, NULL);
	WRITE_ONCE(udp_sk(sk)->encap_type, 0);
	rcu_assign_sk_user_data(sk, NULL);
	return true;
}

/*
 * Drop a session's reference on @ls. @detached: the caller detached the
 * hook and no grace period has passed since. The last reference frees
 * @ls: by then the hook was detached and a grace period has passed (see
 * the top), so no receive path can see it.
 */
static void roam_l2tp_sock_put(struct roam_l2tp_sock *ls, bool detached)
{
	if (detached)
		synchronize_net();
	if (!refcount_dec_and_test(&ls->refs))
		return;
	rhashtable_destroy(&ls->sessions);
	sock_put(ls->sk);
	kfree(ls);
}

/* What a socket a session is bound to must be. */
static int roam_l2tp_sock_check(struct roam_session *s, struct sock *sk,
				struct netlink_ext_ack *extack)
{
	if (sk->sk_family != AF_INET || sk->sk_type != SOCK_DGRAM ||
	    sk->sk_protocol != IPPROTO_UDP) {
		NL_SET_ERR_MSG_MOD(extack, "fd is not an IPv4 UDP socket");
		return -EINVAL;
	}
	if (!net_eq(sock_net(sk), dev_net(roam_session_netdev(s)))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "socket is in another namespace than the device");
		return -EINVAL;
	}
	return 0;
}

/**
 * roam_l2tp_bind - bind a session to roamd's socket @fd
 * @s: the session
 * @ps: its l2tp state, key and peer ids filled in
 * @fd: a UDP socket of the calling process
 * @extack: where to say what is wrong
 */
int roam_l2tp_bind(struct roam_session *s, struct roam_l2tp_session *ps,
		   int fd, struct netlink_ext_ack *extack)
{
	struct roam_l2tp_sock *ls;
	struct socket *sock;
	bool detached;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG_MOD(extack, "fd is not a socket of the caller");
		return err;
	}
	err = roam_l2tp_sock_check(s, sock->sk, extack);
	if (err)
		goto out;

	roam_l2tp_ps_lock(ps);
	lock_sock(sock->sk);
	ls = roam_l2tp_attach(sock);
	if (IS_ERR(ls)) {
		release_sock(sock->sk);
		err = PTR_ERR(ls);
		if (err == -EBUSY)
			NL_SET_ERR_MSG_MOD(extack,
					   "socket already used by another encapsulation");
		goto out_unlock;
	}
	err = rhashtable_lookup_insert_fast(&ls->sessions, &ps->node,
					    roam_l2tp_params);
	if (err) {
		detached = roam_l2tp_leave(ls);
		release_sock(sock->sk);
		if (err == -EEXIST)
			NL_SET_ERR_MSG_MOD(extack,
					   "tunnel and session ids already bound on this socket");
		else
			NL_SET_ERR_MSG_MOD(extack, "cannot index the session");
		roam_l2tp_sock_put(ls, detached);
		goto out_unlock;
	}
	release_sock(sock->sk);
	ps->ls = ls;
out_unlock:
	roam_l2tp_ps_unlock(ps);
out:
	sockfd_put(sock);
	return err;
}

/**
 * roam_l2tp_rebind - move a bound session to another socket @fd
 * @s: the session
 * @ps: its l2tp state
 * @fd: a UDP socket of the calling process, bound to the same address
 *	and port as the session's socket
 * @extack: where to say what is wrong
 *
 * A restarted roamd takes over the sessions of the one that died: their
 * socket was closed with that process (SOCK_DEAD, unhashed: nothing is
 * received on it and the transmit path drops), and the new roamd's socket
 * on the same address and port takes its place. The session is counted
 * on the new socket first (its hook stays attached from then on), leaves
 * the old socket's table (the last one detaches the hook), and joins the
 * new one's after a grace period; the transmit path sees the new socket
 * from then on, and the old one is let go after another grace period,
 * when no transmit can still use it. One socket lock at a time.
 */
int roam_l2tp_rebind(struct roam_session *s, struct roam_l2tp_session *ps,
		     int fd, struct netlink_ext_ack *extack)
{
	struct roam_l2tp_sock *ls, *old;
	bool detached, exists;
	struct socket *sock;
	struct sock *sk;
	int err;

	sock = sockfd_lookup(fd, &err);
	if (!sock) {
		NL_SET_ERR_MSG_MOD(extack, "fd is not a socket of the caller");
		return err;
	}
	sk = sock->sk;
	err = roam_l2tp_sock_check(s, sk, extack);
	if (err)
		goto out;

	roam_l2tp_ps_lock(ps);
	old = ps->ls;
	if (!old || ps->unbound) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the session is bound to no socket (declared without one, or being deleted)");
		err = -ENOENT;
		goto out_unlock;
	}
	if (old->sk == sk)
		goto out_unlock;	/* already there */
	if (inet_sk(old->sk)->inet_saddr != inet_sk(sk)->inet_saddr ||
	    inet_sk(old->sk)->inet_sport != inet_sk(sk)->inet_sport) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the socket is not bound to the session's address and port");
		err = -EINVAL;
		goto out_unlock;
	}

	/* counted on the new socket: its hook stays until the session goes */
	lock_sock(sk);
	ls = roam_l2tp_attach(sock);
	if (IS_ERR(ls)) {
		release_sock(sk);
		err = PTR_ERR(ls);
		if (err == -EBUSY)
			NL_SET_ERR_MSG_MOD(extack,
					   "socket already used by another encapsulation");
		goto out_unlock;
	}
	exists = rhashtable_lookup_fast(&ls->sessions, &ps->key,
					roam_l2tp_params);
	if (exists) {
		detached = roam_l2tp_leave(ls);
		release_sock(sk);
		NL_SET_ERR_MSG_MOD(extack,
				   "tunnel and session ids already bound on this socket");
		roam_l2tp_sock_put(ls, detached);
		err = -EEXIST;
		goto out_unlock;
	}
	release_sock(sk);

	/*
	 * An rhash_head is in one table at a time, and a receive path may
	 * still walk the old table through this node: it leaves the old
	 * table, a grace period passes, then it joins the new one.  In
	 * between, its data goes to the socket as if it were unknown.  The
	 * session keeps its reference on @old, so its hook's detach (if this
	 * was the last session there) is also covered by this grace period.
	 */
	lock_sock(old->sk);
	rhashtable_remove_fast(&old->sessions, &ps->node, roam_l2tp_params);
	roam_l2tp_leave(old);
	release_sock(old->sk);
	synchronize_net();

	lock_sock(sk);
	err = rhashtable_lookup_insert_fast(&ls->sessions, &ps->node,
					    roam_l2tp_params);
	if (err) {
		/*
		 * In no table now (another session took the same ids on
		 * this socket since the check above, or no memory): it
		 * carries nothing more until deleted, as on its dead socket.
		 */
		detached = roam_l2tp_leave(ls);
		release_sock(sk);
		NL_SET_ERR_MSG_MOD(extack,
				   "cannot index the session: it no longer receives");
		ps->unbound = true;	/* ps->ls stays @old, released with it */
		roam_l2tp_sock_put(ls, detached);
		goto out_unlock;
	}
	release_sock(sk);
	WRITE_ONCE(ps->ls, ls);
	roam_l2tp_ps_unlock(ps);
	/* no transmit still holds @old (it reads ps->ls under RCU-bh) */
	synchronize_net();
	roam_l2tp_sock_put(old, false);
	sockfd_put(sock);
	return 0;

out_unlock:
	roam_l2tp_ps_unlock(ps);
out:
	sockfd_put(sock);
	return err;
}

/*
 * Take the session out of the receive path. The last session of a socket
 * also removes the hook; the socket state is freed by roam_l2tp_release()
 * once the RCU grace period that follows has passed.
 */
void roam_l2tp_unbind(struct roam_l2tp_session *ps)
{
	struct roam_l2tp_sock *ls;

	roam_l2tp_ps_lock(ps);
	ls = ps->ls;
	/* (a re-bind that failed half-way took it out already) */
	if (ls && !ps->unbound) {
		lock_sock(ls->sk);
		rhashtable_remove_fast(&ls->sessions, &ps->node,
				       roam_l2tp_params);
		roam_l2tp_leave(ls);
		release_sock(ls->sk);
		ps->unbound = true;
	}
	roam_l2tp_ps_unlock(ps);
}

/*
 * After the grace period that followed roam_l2tp_unbind(): the session no
 * longer uses the socket. The last one lets the socket go; by then the
 * hook was removed and a grace period has passed since.
 */
void roam_l2tp_release(struct roam_l2tp_session *ps)
{
	struct roam_l2tp_sock *ls;

	roam_l2tp_ps_lock(ps);
	ls = ps->ls;
	ps->ls = NULL;
	roam_l2tp_ps_unlock(ps);
	if (ls)
		roam_l2tp_sock_put(ls, false);
}
