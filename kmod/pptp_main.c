// SPDX-License-Identifier: GPL-2.0
/*
 * roam_pptp - the pptp encapsulation of roam: PPP in enhanced GRE (PPTP)
 * with MPPE. This file declares the kind to roam.ko, keeps the table of
 * calls and translates a session's netlink attributes. The receive path
 * is in pptp_rcv.c, the transmit path in pptp_xmit.c, MPPE in mppe.c.
 *
 * Lifetime and locks
 * ------------------
 * roam.ko owns the session (see session.c's essay); this module adds:
 *
 * - the table of calls, one per namespace (call ids are scoped by it),
 *   keyed by our call id: an rhashtable, read under RCU by the GRE
 *   receive path. Its writers need no lock of ours: an rhashtable
 *   serialises its own writers per bucket, and the check for a call id
 *   in use is the insert itself (rhashtable_lookup_insert_fast() refuses
 *   a duplicate atomically), so two namespaces, or two calls of one,
 *   never wait for each other. session_init inserts the call and sets
 *   @hashed before the session is published; session_unhash, which
 *   roam.ko calls once per session, clears it and removes the call.
 *   roam.ko then waits an RCU grace period before session_uninit, so no
 *   receive path still uses the session when it is released.
 * - per session, rx_lock (receive sequence and MPPE receive context) and
 *   tx_lock (transmit sequence, MPPE transmit context, the dead flag);
 *   when both are needed (MPPE keys set), rx_lock is taken first. The
 *   receive path never holds rx_lock while it sends.
 * - the reorder window (pptp_reorder.c) holds packets under rx_lock; its
 *   timer, like the ack timer, is armed only from the receive path and is
 *   shut down at uninit before the packets that wait are freed.
 * - the ack timer: armed only by the receive path, so once the grace
 *   period has passed nothing arms it again; session_uninit marks the
 *   session dead and shuts the timer down for good (timer_shutdown_sync)
 *   before its memory can go. A netlink session-send holding a reference
 *   may still run after that: it sees the dead flag and sends nothing.
 * - MPPE keys are wiped with memzero_explicit when replaced and at
 *   uninit, and never printed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rhashtable.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "pptp.h"

/*
 * roam_pptp's data in one namespace. A namespace's roam devices are
 * deleted before its pernet subsystems exit, and each deletion unhashes
 * its calls, so the table is empty by roam_pptp_net_exit(); unloading
 * the module deletes every pptp session before it unregisters this.
 */
struct roam_pptp_net {
	struct rhashtable calls;	/* by our call id; see the top */
};

static unsigned int roam_pptp_net_id __read_mostly;

static const struct rhashtable_params roam_pptp_calls_params = {
	.key_len = sizeof(u16),
	.key_offset = offsetof(struct roam_pptp_session, call_id),
	.head_offset = offsetof(struct roam_pptp_session, node),
	.automatic_shrinking = true,
};

static struct rhashtable *roam_pptp_calls(const struct net *net)
{
	struct roam_pptp_net *pn = net_generic(net, roam_pptp_net_id);

	return &pn->calls;
}

/* Receive path: caller holds the RCU read lock; no reference taken. */
struct roam_pptp_session *roam_pptp_lookup(const struct net *net, u16 call_id)
{
	return rhashtable_lookup(roam_pptp_calls(net), &call_id,
				 roam_pptp_calls_params);
}

static int __net_init roam_pptp_net_init(struct net *net)
{
	return rhashtable_init(roam_pptp_calls(net), &roam_pptp_calls_params);
}

static void __net_exit roam_pptp_net_exit(struct net *net)
{
	struct rhashtable *calls = roam_pptp_calls(net);

	WARN_ON_ONCE(atomic_read(&calls->nelems));
	rhashtable_destroy(calls);
}

static struct pernet_operations roam_pptp_net_ops = {
	.init = roam_pptp_net_init,
	.exit = roam_pptp_net_exit,
	.id = &roam_pptp_net_id,
	.size = sizeof(struct roam_pptp_net),
};

/*
 * The MPPE attributes of a session-new or session-set request. With
 * mppe-bits 0, MPPE is switched off; otherwise both start keys are needed.
 */
static int roam_pptp_set_mppe(struct roam_pptp_session *ps, struct nlattr **tb,
			      struct nlattr *nest,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *skey = tb[ROAM_A_PPTP_MPPE_SEND_KEY];
	struct nlattr *rkey = tb[ROAM_A_PPTP_MPPE_RECV_KEY];
	bool stateless = nla_get_flag(tb[ROAM_A_PPTP_MPPE_STATELESS]);
	unsigned int bits, need;
	int err = 0;

	if (!tb[ROAM_A_PPTP_MPPE_BITS]) {
		if (skey || rkey || stateless) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "MPPE keys or mode without mppe-bits");
			return -EINVAL;
		}
		return 0;
	}
	bits = nla_get_u8(tb[ROAM_A_PPTP_MPPE_BITS]);
	need = roam_mppe_keylen(bits);
	if (bits && !need) {
		NL_SET_ERR_MSG_ATTR(extack, tb[ROAM_A_PPTP_MPPE_BITS],
				    "mppe-bits is 0, 40, 56 or 128");
		return -EINVAL;
	}
	if (bits && (!skey || !rkey)) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "MPPE needs both mppe-send-key and mppe-recv-key");
		return -EINVAL;
	}
	if (bits && (nla_len(skey) < need || nla_len(skey) > ROAM_MPPE_KEY_MAX)) {
		NL_SET_ERR_MSG_ATTR(extack, skey,
				    "MPPE key is 8 bytes for 40/56 bits, 16 for 128");
		return -EINVAL;
	}
	if (bits && (nla_len(rkey) < need || nla_len(rkey) > ROAM_MPPE_KEY_MAX)) {
		NL_SET_ERR_MSG_ATTR(extack, rkey,
				    "MPPE key is 8 bytes for 40/56 bits, 16 for 128");
		return -EINVAL;
	}

	spin_lock_bh(&ps->rx_lock);
	spin_lock(&ps->tx_lock);
	roam_mppe_wipe(&ps->rx_mppe);
	roam_mppe_wipe(&ps->tx_mppe);
	WRITE_ONCE(ps->mppe_bits, 0);
	if (bits) {
		err = roam_mppe_init(&ps->rx_mppe, bits, stateless,
				     nla_data(rkey), nla_len(rkey));
		if (!err)
			err = roam_mppe_init(&ps->tx_mppe, bits, stateless,
					     nla_data(skey), nla_len(skey));
		if (!err)
			WRITE_ONCE(ps->mppe_bits, bits);
	}
	spin_unlock(&ps->tx_lock);
	spin_unlock_bh(&ps->rx_lock);
	return err;
}

static int roam_pptp_parse_nest(struct nlattr **tb, struct genl_info *info)
{
	return nla_parse_nested(tb, ROAM_A_PPTP_MAX,
				info->attrs[ROAM_A_SESSION_PPTP], NULL,
				info->extack);
}

static int roam_pptp_session_init(struct roam_session *s,
				  struct genl_info *info)
{
	struct roam_pptp_session *ps = roam_session_priv(s);
	struct nlattr *nest = info->attrs[ROAM_A_SESSION_PPTP];
	struct nlattr *tb[ROAM_A_PPTP_MAX + 1];
	int err;

	spin_lock_init(&ps->rx_lock);
	spin_lock_init(&ps->tx_lock);
	ps->net = dev_net(roam_session_netdev(s));
	roam_pptp_reorder_init(ps);
	roam_pptp_xmit_init(ps);
	/* Without parameters the session is declared but carries nothing. */
	if (!nest)
		return 0;
	err = roam_pptp_parse_nest(tb, info);
	if (err)
		goto err_xmit;
	err = -EINVAL;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, ROAM_A_PPTP_CALL_ID) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb,
			      ROAM_A_PPTP_PEER_CALL_ID) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb, ROAM_A_PPTP_LOCAL_IPV4))
		goto err_xmit;
	if (s->peer_family != AF_INET) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a pptp session needs the peer's IPv4 address");
		goto err_xmit;
	}
	ps->call_id = nla_get_u16(tb[ROAM_A_PPTP_CALL_ID]);
	ps->peer_call_id = nla_get_u16(tb[ROAM_A_PPTP_PEER_CALL_ID]);
	ps->local_ipv4 = nla_get_in_addr(tb[ROAM_A_PPTP_LOCAL_IPV4]);
	err = roam_pptp_set_mppe(ps, tb, nest, info->extack);
	if (err)
		goto err_xmit;

	err = rhashtable_lookup_insert_fast(roam_pptp_calls(ps->net), &ps->node,
					    roam_pptp_calls_params);
	if (err) {
		if (err == -EEXIST)
			NL_SET_ERR_MSG_ATTR(info->extack,
					    tb[ROAM_A_PPTP_CALL_ID],
					    "call id already used by another session");
		else
			NL_SET_ERR_MSG_MOD(info->extack,
					   "cannot index the call");
		goto err_xmit;
	}
	/* the session is not published yet: nobody reads this meanwhile */
	ps->hashed = true;
	return 0;

err_xmit:
	roam_pptp_xmit_uninit(ps);
	roam_pptp_reorder_uninit(ps);
	return err;
}

static int roam_pptp_session_set(struct roam_session *s,
				 struct genl_info *info)
{
	struct roam_pptp_session *ps = roam_session_priv(s);
	struct nlattr *nest = info->attrs[ROAM_A_SESSION_PPTP];
	struct nlattr *tb[ROAM_A_PPTP_MAX + 1];
	int err;

	err = roam_pptp_parse_nest(tb, info);
	if (err)
		return err;
	if (tb[ROAM_A_PPTP_CALL_ID] || tb[ROAM_A_PPTP_PEER_CALL_ID] ||
	    tb[ROAM_A_PPTP_LOCAL_IPV4]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "call ids and local address are set at session-new only");
		return -EINVAL;
	}
	if (!READ_ONCE(ps->hashed)) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "session was declared without pptp parameters");
		return -EINVAL;
	}
	return roam_pptp_set_mppe(ps, tb, nest, info->extack);
}

static void roam_pptp_session_unhash(struct roam_session *s)
{
	struct roam_pptp_session *ps = roam_session_priv(s);

	/* called once per session (roam.ko's retire), so no lock is needed */
	if (ps->hashed) {
		rhashtable_remove_fast(roam_pptp_calls(ps->net), &ps->node,
				       roam_pptp_calls_params);
		WRITE_ONCE(ps->hashed, false);
	}
}

static void roam_pptp_session_uninit(struct roam_session *s)
{
	struct roam_pptp_session *ps = roam_session_priv(s);

	/* The reorder timer delivers and may send: it stops first. */
	roam_pptp_reorder_uninit(ps);
	roam_pptp_xmit_uninit(ps);
	spin_lock_bh(&ps->rx_lock);
	roam_mppe_wipe(&ps->rx_mppe);
	spin_unlock_bh(&ps->rx_lock);
	spin_lock_bh(&ps->tx_lock);
	roam_mppe_wipe(&ps->tx_mppe);
	spin_unlock_bh(&ps->tx_lock);
}

static int roam_pptp_fill(struct roam_session *s, struct sk_buff *skb)
{
	struct roam_pptp_session *ps = roam_session_priv(s);
	struct nlattr *nest;
	u8 bits;

	if (!ps->local_ipv4)
		return 0;
	bits = READ_ONCE(ps->mppe_bits);
	nest = nla_nest_start(skb, ROAM_A_SESSION_PPTP);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, ROAM_A_PPTP_CALL_ID, ps->call_id) ||
	    nla_put_u16(skb, ROAM_A_PPTP_PEER_CALL_ID, ps->peer_call_id) ||
	    nla_put_in_addr(skb, ROAM_A_PPTP_LOCAL_IPV4, ps->local_ipv4) ||
	    nla_put_u8(skb, ROAM_A_PPTP_MPPE_BITS, bits) ||
	    (bits && ps->tx_mppe.stateless &&
	     nla_put_flag(skb, ROAM_A_PPTP_MPPE_STATELESS)) ||
	    nla_put_u64_64bit(skb, ROAM_A_PPTP_RX_SEQ_DROPPED,
			      atomic64_read(&ps->rx_seq_dropped), 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_PPTP_RX_REORDERED,
			      atomic64_read(&ps->rx_reordered), 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_PPTP_RX_MPPE_ERRORS,
			      atomic64_read(&ps->rx_mppe_errors), 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_PPTP_RX_UNBOUND,
			      atomic64_read(&ps->rx_unbound), 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_PPTP_RX_MALFORMED,
			      atomic64_read(&ps->rx_malformed), 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_PPTP_ACKS_SENT,
			      atomic64_read(&ps->acks_sent), 0)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static const struct roam_encap roam_pptp_encap = {
	.kind = ROAM_KIND_PPTP,
	.name = "pptp",
	.owner = THIS_MODULE,
	.priv_size = sizeof(struct roam_pptp_session),
	.session_init = roam_pptp_session_init,
	.session_unhash = roam_pptp_session_unhash,
	.session_uninit = roam_pptp_session_uninit,
	.session_set = roam_pptp_session_set,
	.send_ctrl = roam_pptp_send_ctrl,
	.fill = roam_pptp_fill,
	.xmit = roam_pptp_xmit,
};

static int __init roam_pptp_init(void)
{
	int err;

	err = register_pernet_subsys(&roam_pptp_net_ops);
	if (err)
		return err;
	err = roam_pptp_rcv_init();
	if (err)
		goto err_net;
	err = roam_encap_register(&roam_pptp_encap);
	if (err)
		goto err_rcv;
	return 0;

err_rcv:
	roam_pptp_rcv_uninit();
err_net:
	unregister_pernet_subsys(&roam_pptp_net_ops);
	return err;
}

/*
 * Unregistering deletes every pptp session (each leaves the table of
 * calls, then a grace period, then its timer stops); the GRE handler goes
 * next, and the grace period after it guarantees that no receive path
 * still runs this module's code or reads a table of calls, which go last.
 */
static void __exit roam_pptp_exit(void)
{
	roam_encap_unregister(&roam_pptp_encap);
	roam_pptp_rcv_uninit();
	unregister_pernet_subsys(&roam_pptp_net_ops);
}

module_init(roam_pptp_init);
module_exit(roam_pptp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("roam pptp encapsulation: PPP in enhanced GRE (PPTP) with MPPE");
MODULE_ALIAS("roam-encap-pptp");
