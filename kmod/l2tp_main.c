// SPDX-License-Identifier: GPL-2.0
/*
 * roam_l2tp - the l2tp encapsulation of roam: PPP in L2TPv2 over UDP,
 * normally inside IPsec transport mode. This file declares the kind to
 * roam.ko and translates a session's netlink attributes.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include "l2tp.h"

static int roam_l2tp_session_init(struct roam_session *s,
				  struct genl_info *info)
{
	struct roam_l2tp_session *ps = roam_session_priv(s);
	struct nlattr *nest = info->attrs[ROAM_A_SESSION_L2TP];
	struct nlattr *tb[ROAM_A_L2TP_MAX + 1];
	int err;

	atomic64_set(&ps->rx_unbound, 0);
	/* Without parameters the session is declared but carries nothing. */
	if (!nest)
		return 0;
	/* Already validated against the family's policy. */
	err = nla_parse_nested(tb, ROAM_A_L2TP_MAX, nest, NULL,
			       info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, ROAM_A_L2TP_FD) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb, ROAM_A_L2TP_TUNNEL_ID) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb, ROAM_A_L2TP_SESSION_ID) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb,
			      ROAM_A_L2TP_PEER_TUNNEL_ID) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, tb,
			      ROAM_A_L2TP_PEER_SESSION_ID))
		return -EINVAL;
	if (s->peer_family != AF_INET || !s->peer_port) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "an l2tp session needs the peer's IPv4 address and port");
		return -EINVAL;
	}
	if (!tb[ROAM_A_L2TP_XFRM_MARK] == !tb[ROAM_A_L2TP_ALLOW_PLAIN]) {
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "give either the IPsec SA mark or allow-plain");
		return -EINVAL;
	}
	ps->key = roam_l2tp_key(nla_get_u16(tb[ROAM_A_L2TP_TUNNEL_ID]),
				nla_get_u16(tb[ROAM_A_L2TP_SESSION_ID]));
	ps->peer_tunnel_id = nla_get_u16(tb[ROAM_A_L2TP_PEER_TUNNEL_ID]);
	ps->peer_session_id = nla_get_u16(tb[ROAM_A_L2TP_PEER_SESSION_ID]);
	if (tb[ROAM_A_L2TP_XFRM_MARK])
		ps->mark = nla_get_u32(tb[ROAM_A_L2TP_XFRM_MARK]);
	ps->allow_plain = nla_get_flag(tb[ROAM_A_L2TP_ALLOW_PLAIN]);
	return roam_l2tp_bind(s, ps, nla_get_u32(tb[ROAM_A_L2TP_FD]),
			      info->extack);
}

/*
 * session-set: only the socket can change (a restarted roamd moving the
 * sessions it takes over to its own socket); ids, mark and mode are the
 * session's for life.
 */
static int roam_l2tp_session_set(struct roam_session *s,
				 struct genl_info *info)
{
	struct roam_l2tp_session *ps = roam_session_priv(s);
	struct nlattr *nest = info->attrs[ROAM_A_SESSION_L2TP];
	struct nlattr *tb[ROAM_A_L2TP_MAX + 1];
	int i, err;

	err = nla_parse_nested(tb, ROAM_A_L2TP_MAX, nest, NULL,
			       info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, ROAM_A_L2TP_FD))
		return -EINVAL;
	for (i = 1; i <= ROAM_A_L2TP_MAX; i++) {
		if (i != ROAM_A_L2TP_FD && tb[i]) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[i],
					    "only the socket (fd) of an l2tp session can change");
			return -EINVAL;
		}
	}
	return roam_l2tp_rebind(s, ps, nla_get_u32(tb[ROAM_A_L2TP_FD]),
				info->extack);
}

static void roam_l2tp_session_unhash(struct roam_session *s)
{
	roam_l2tp_unbind(roam_session_priv(s));
}

static void roam_l2tp_session_uninit(struct roam_session *s)
{
	struct roam_l2tp_session *ps = roam_session_priv(s);

	roam_l2tp_release(ps);
	/*
	 * No packet can reach the cache any more, and only a packet sets
	 * it; a peer move may still reset it beside us (route.c).
	 */
	roam_route_reset(&ps->route);
}

/*
 * The client's NAT moved it (session-set peer-ipv4): the cached route,
 * an IPsec bundle for the old address, goes; the next packet looks the
 * route up again and finds the policy and SA roamd installed for the new
 * address. The reset needs no lock against the transmit path (route.c).
 */
static void roam_l2tp_peer_moved(struct roam_session *s)
{
	struct roam_l2tp_session *ps = roam_session_priv(s);

	if (ps->key)
		roam_route_reset(&ps->route);
}

static int roam_l2tp_fill(struct roam_session *s, struct sk_buff *skb)
{
	struct roam_l2tp_session *ps = roam_session_priv(s);
	struct nlattr *nest;

	if (!ps->key)
		return 0;
	nest = nla_nest_start(skb, ROAM_A_SESSION_L2TP);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, ROAM_A_L2TP_TUNNEL_ID, ps->key >> 16) ||
	    nla_put_u16(skb, ROAM_A_L2TP_SESSION_ID, ps->key & 0xffff) ||
	    nla_put_u16(skb, ROAM_A_L2TP_PEER_TUNNEL_ID, ps->peer_tunnel_id) ||
	    nla_put_u16(skb, ROAM_A_L2TP_PEER_SESSION_ID,
			ps->peer_session_id) ||
	    (ps->mark && nla_put_u32(skb, ROAM_A_L2TP_XFRM_MARK, ps->mark)) ||
	    (ps->allow_plain && nla_put_flag(skb, ROAM_A_L2TP_ALLOW_PLAIN)) ||
	    nla_put_u64_64bit(skb, ROAM_A_L2TP_RX_UNBOUND,
			      atomic64_read(&ps->rx_unbound), 0)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static const struct roam_encap roam_l2tp_encap = {
	.kind = ROAM_KIND_L2TP,
	.name = "l2tp",
	.owner = THIS_MODULE,
	.priv_size = sizeof(struct roam_l2tp_session),
	.session_init = roam_l2tp_session_init,
	.session_set = roam_l2tp_session_set,
	.session_unhash = roam_l2tp_session_unhash,
	.session_uninit = roam_l2tp_session_uninit,
	.peer_moved = roam_l2tp_peer_moved,
	.fill = roam_l2tp_fill,
	.xmit = roam_l2tp_xmit,
	.gso_max_len = ROAM_L2TP_GSO_MAX_LEN,
};

static int __init roam_l2tp_init(void)
{
	return roam_encap_register(&roam_l2tp_encap);
}

/*
 * Unregistering deletes every l2tp session; the last one of each socket
 * removes the receive hook, and the grace periods on the way guarantee
 * that no receive path still runs this module's code.
 */
static void __exit roam_l2tp_exit(void)
{
	roam_encap_unregister(&roam_l2tp_encap);
	synchronize_net();
}

module_init(roam_l2tp_init);
module_exit(roam_l2tp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("roam l2tp encapsulation: PPP in L2TPv2 over UDP");
MODULE_ALIAS("roam-encap-l2tp");
