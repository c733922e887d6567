// SPDX-License-Identifier: GPL-2.0
/*
 * roam - the generic netlink family "roam". This file translates requests
 * into calls on session.c and sessions into messages; it owns no state.
 * The policies and the op table are generated from
 * Documentation/netlink/specs/roam.yaml into netlink-gen.[ch].
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/netdevice.h>
#include <net/ipv6.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "core.h"
#include "netlink-gen.h"

static struct genl_family roam_nl_family __ro_after_init = {
	.name = ROAM_FAMILY_NAME,
	.version = ROAM_FAMILY_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = roam_nl_ops,
	.n_ops = ARRAY_SIZE(roam_nl_ops),
	.resv_start_op = ROAM_CMD_SESSION_DEL_NTF + 1,
	.mcgrps = roam_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(roam_nl_mcgrps),
};

/*
 * Resolve the roam device named by an ifindex attribute. Returns it with a
 * reference on its net_device (dev_put() when done) or an ERR_PTR, with the
 * reason in extack.
 */
static struct roam_dev *roam_nl_dev_get(struct net *net, struct nlattr *attr,
					struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct roam_dev *rdev;

	dev = dev_get_by_index(net, nla_get_u32(attr));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no device with this ifindex");
		return ERR_PTR(-ENODEV);
	}
	rdev = roam_dev_from_netdev(dev);
	if (!rdev) {
		dev_put(dev);
		NL_SET_ERR_MSG_ATTR(extack, attr, "device is not a roam device");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return rdev;
}

/* Device attributes */

static int roam_nl_fill_dev(struct sk_buff *skb, struct roam_dev *rdev,
			    u32 portid, u32 seq, int flags,
			    struct netlink_callback *cb)
{
	struct net_device *dev = rdev->dev;
	struct rtnl_link_stats64 st = {};
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &roam_nl_family, flags,
			  ROAM_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	dev_get_stats(dev, &st);
	if (nla_put_u32(skb, ROAM_A_DEV_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, ROAM_A_DEV_IFNAME, dev->name) ||
	    nla_put_u32(skb, ROAM_A_DEV_SESSIONS, READ_ONCE(rdev->n_sessions)) ||
	    nla_put_u64_64bit(skb, ROAM_A_DEV_RX_PACKETS, st.rx_packets, 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_DEV_RX_BYTES, st.rx_bytes, 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_DEV_TX_PACKETS, st.tx_packets, 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_DEV_TX_BYTES, st.tx_bytes, 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_DEV_RX_DROPPED, st.rx_dropped, 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_DEV_TX_DROPPED, st.tx_dropped, 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_DEV_TX_NO_SESSION,
			      roam_dev_tx_no_session(rdev), 0)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int roam_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct net_device *dev = NULL;
	struct roam_dev *rdev;
	struct sk_buff *msg;
	int err;

	if (info->attrs[ROAM_A_DEV_IFINDEX]) {
		rdev = roam_nl_dev_get(net, info->attrs[ROAM_A_DEV_IFINDEX],
				       info->extack);
		if (IS_ERR(rdev))
			return PTR_ERR(rdev);
		dev = rdev->dev;
	} else if (info->attrs[ROAM_A_DEV_IFNAME]) {
		dev = dev_get_by_name(net,
				      nla_data(info->attrs[ROAM_A_DEV_IFNAME]));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[ROAM_A_DEV_IFNAME],
					    "no device with this name");
			return -ENODEV;
		}
		rdev = roam_dev_from_netdev(dev);
		if (!rdev) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[ROAM_A_DEV_IFNAME],
					    "device is not a roam device");
			err = -EOPNOTSUPP;
			goto out;
		}
	} else {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "ifindex or ifname is required");
		return -EINVAL;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	err = roam_nl_fill_dev(msg, rdev, info->snd_portid, info->snd_seq, 0,
			       NULL);
	if (err) {
		nlmsg_free(msg);
		goto out;
	}
	err = genlmsg_reply(msg, info);
out:
	dev_put(dev);
	return err;
}

/* Dump cursor: cb->args[0] = devices of this namespace already sent. */
int roam_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct roam_net *rn = roam_net(sock_net(skb->sk));
	struct roam_dev *rdev;
	long idx = 0;
	int err = 0;

	mutex_lock(&rn->devs_lock);
	cb->seq = atomic_read(&rn->generation);
	list_for_each_entry(rdev, &rn->devs, list) {
		if (idx++ < cb->args[0])
			continue;
		err = roam_nl_fill_dev(skb, rdev, NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (err) {
			idx--;
			break;
		}
	}
	mutex_unlock(&rn->devs_lock);
	cb->args[0] = idx;
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* Session attributes */

static int roam_nl_put_u64s(struct sk_buff *skb, const struct roam_session *s)
{
	const struct roam_session_stats *st = &s->stats;

	if (nla_put_u64_64bit(skb, ROAM_A_SESSION_RX_PACKETS,
			      atomic64_read(&st->rx_packets), 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_SESSION_RX_BYTES,
			      atomic64_read(&st->rx_bytes), 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_SESSION_TX_PACKETS,
			      atomic64_read(&st->tx_packets), 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_SESSION_TX_BYTES,
			      atomic64_read(&st->tx_bytes), 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_SESSION_RX_DROPPED,
			      atomic64_read(&st->rx_dropped), 0) ||
	    nla_put_u64_64bit(skb, ROAM_A_SESSION_TX_DROPPED,
			      atomic64_read(&st->tx_dropped), 0))
		return -EMSGSIZE;
	return 0;
}

static int roam_nl_put_session(struct sk_buff *skb,
			       struct roam_session *s, bool peer)
{
	if (nla_put_u32(skb, ROAM_A_SESSION_IFINDEX, s->rdev->dev->ifindex) ||
	    nla_put_u32(skb, ROAM_A_SESSION_ID, s->id) ||
	    nla_put_u32(skb, ROAM_A_SESSION_KIND, s->encap->kind))
		return -EMSGSIZE;
	if (s->has_ipv4 && nla_put_in_addr(skb, ROAM_A_SESSION_IPV4, s->ipv4))
		return -EMSGSIZE;
	if (s->has_ipv6 &&
	    nla_put_in6_addr(skb, ROAM_A_SESSION_IPV6, &s->ipv6))
		return -EMSGSIZE;
	if (!peer)
		return 0;
	if (nla_put_u32(skb, ROAM_A_SESSION_STATE, READ_ONCE(s->state)))
		return -EMSGSIZE;
	if (s->peer_family == AF_INET &&
	    nla_put_in_addr(skb, ROAM_A_SESSION_PEER_IPV4, s->peer_ipv4))
		return -EMSGSIZE;
	if (s->peer_family == AF_INET6 &&
	    nla_put_in6_addr(skb, ROAM_A_SESSION_PEER_IPV6, &s->peer_ipv6))
		return -EMSGSIZE;
	if (s->peer_port &&
	    nla_put_be16(skb, ROAM_A_SESSION_PEER_PORT, s->peer_port))
		return -EMSGSIZE;
	if (s->encap->fill)
		return s->encap->fill(s, skb);
	return 0;
}

static int roam_nl_fill_session(struct sk_buff *skb,
				struct roam_session *s, u32 portid,
				u32 seq, int flags, u8 cmd,
				enum roam_del_reason reason,
				struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &roam_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (roam_nl_put_session(skb, s, cmd != ROAM_CMD_SESSION_DEL_NTF) ||
	    roam_nl_put_u64s(skb, s) ||
	    (reason && nla_put_u32(skb, ROAM_A_SESSION_DEL_REASON, reason))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

void roam_netlink_notify(struct roam_session *s, u8 cmd,
			 enum roam_del_reason reason)
{
	struct net *net = dev_net(s->rdev->dev);
	struct sk_buff *msg;

	if (!genl_has_listeners(&roam_nl_family, net, ROAM_NLGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (roam_nl_fill_session(msg, s, 0, 0, 0, cmd, reason, NULL)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&roam_nl_family, net, msg, 0,
				ROAM_NLGRP_EVENTS, GFP_KERNEL);
}

/* An address a client can be given. */
static bool roam_nl_unicast_ok(__be32 addr)
{
	return !(ipv4_is_zeronet(addr) || ipv4_is_multicast(addr) ||
		 ipv4_is_lbcast(addr) || ipv4_is_loopback(addr));
}

static int roam_nl_parse_session(struct roam_session *s, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;

	s->id = nla_get_u32(attrs[ROAM_A_SESSION_ID]);
	if (attrs[ROAM_A_SESSION_STATE])
		s->state = nla_get_u32(attrs[ROAM_A_SESSION_STATE]);
	if (attrs[ROAM_A_SESSION_IPV4]) {
		s->ipv4 = nla_get_in_addr(attrs[ROAM_A_SESSION_IPV4]);
		if (!roam_nl_unicast_ok(s->ipv4)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[ROAM_A_SESSION_IPV4],
					    "not a unicast IPv4 address");
			return -EINVAL;
		}
		s->has_ipv4 = true;
	}
	if (attrs[ROAM_A_SESSION_IPV6]) {
		s->ipv6 = nla_get_in6_addr(attrs[ROAM_A_SESSION_IPV6]);
		if (!(ipv6_addr_type(&s->ipv6) & IPV6_ADDR_UNICAST) ||
		    ipv6_addr_loopback(&s->ipv6)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[ROAM_A_SESSION_IPV6],
					    "not a unicast IPv6 address");
			return -EINVAL;
		}
		s->has_ipv6 = true;
	}
	if (attrs[ROAM_A_SESSION_PEER_IPV4] && attrs[ROAM_A_SESSION_PEER_IPV6]) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    attrs[ROAM_A_SESSION_PEER_IPV6],
				    "a peer has one address family");
		return -EINVAL;
	}
	if (attrs[ROAM_A_SESSION_PEER_IPV4]) {
		s->peer_family = AF_INET;
		s->peer_ipv4 = nla_get_in_addr(attrs[ROAM_A_SESSION_PEER_IPV4]);
	} else if (attrs[ROAM_A_SESSION_PEER_IPV6]) {
		s->peer_family = AF_INET6;
		s->peer_ipv6 = nla_get_in6_addr(attrs[ROAM_A_SESSION_PEER_IPV6]);
	}
	if (attrs[ROAM_A_SESSION_PEER_PORT])
		s->peer_port = nla_get_be16(attrs[ROAM_A_SESSION_PEER_PORT]);
	return 0;
}

int roam_nl_session_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct roam_encap *encap;
	struct roam_session *s;
	struct roam_dev *rdev;
	int srcu_idx;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_ID) ||
	    GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_KIND))
		return -EINVAL;
	rdev = roam_nl_dev_get(genl_info_net(info),
			       info->attrs[ROAM_A_SESSION_IFINDEX],
			       info->extack);
	if (IS_ERR(rdev))
		return PTR_ERR(rdev);

	encap = roam_encap_get(nla_get_u32(info->attrs[ROAM_A_SESSION_KIND]),
			       &srcu_idx);
	if (!encap) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ROAM_A_SESSION_KIND],
				    "encapsulation module not available");
		err = -EPROTONOSUPPORT;
		goto out_dev;
	}
	s = roam_session_alloc(rdev, encap);
	if (!s) {
		err = -ENOMEM;
		goto out_encap;
	}
	err = roam_nl_parse_session(s, info);
	if (err)
		goto err_free;
	if (encap->session_init) {
		err = encap->session_init(s, info);
		if (err)
			goto err_free;
	}
	err = roam_session_insert(s, info->extack);
	if (err)
		goto err_uninit;
	roam_netlink_notify(s, ROAM_CMD_SESSION_ADD_NTF, 0);
	goto out_encap;

err_uninit:
	if (encap->session_unhash) {
		encap->session_unhash(s);
		synchronize_net();
	}
	if (encap->session_uninit)
		encap->session_uninit(s);
err_free:
	roam_session_free_unhashed(s);
out_encap:
	roam_encap_put(encap, srcu_idx);
out_dev:
	dev_put(rdev->dev);
	return err;
}

int roam_nl_session_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *pptp = info->attrs[ROAM_A_SESSION_PPTP];
	struct nlattr *l2tp = info->attrs[ROAM_A_SESSION_L2TP];
	struct nlattr *peer4 = info->attrs[ROAM_A_SESSION_PEER_IPV4];
	struct roam_session *s;
	struct roam_dev *rdev;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_ID))
		return -EINVAL;
	if (!info->attrs[ROAM_A_SESSION_STATE] && !pptp && !l2tp &&
	    !info->attrs[ROAM_A_SESSION_IPV4] && !peer4) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "nothing to change: give a state, an address, the peer's address or encapsulation parameters");
		return -EINVAL;
	}
	if (info->attrs[ROAM_A_SESSION_PEER_PORT] && !peer4) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[ROAM_A_SESSION_PEER_PORT],
				    "a peer port moves with the peer's address (peer-ipv4)");
		return -EINVAL;
	}
	rdev = roam_nl_dev_get(genl_info_net(info),
			       info->attrs[ROAM_A_SESSION_IFINDEX],
			       info->extack);
	if (IS_ERR(rdev))
		return PTR_ERR(rdev);
	s = roam_session_get(rdev, nla_get_u32(info->attrs[ROAM_A_SESSION_ID]));
	if (!s) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ROAM_A_SESSION_ID],
				    "no session with this id");
		err = -ENOENT;
		goto out;
	}
	if (info->attrs[ROAM_A_SESSION_IPV4]) {
		__be32 addr = nla_get_in_addr(info->attrs[ROAM_A_SESSION_IPV4]);

		if (!roam_nl_unicast_ok(addr)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[ROAM_A_SESSION_IPV4],
					    "not a unicast IPv4 address");
			err = -EINVAL;
			goto out_put;
		}
		err = roam_session_set_ipv4(s, addr, info->extack);
		if (err)
			goto out_put;
	}
	if (peer4) {
		struct nlattr *port = info->attrs[ROAM_A_SESSION_PEER_PORT];
		__be32 addr = nla_get_in_addr(peer4);

		if (!roam_nl_unicast_ok(addr)) {
			NL_SET_ERR_MSG_ATTR(info->extack, peer4,
					    "not a unicast IPv4 address");
			err = -EINVAL;
			goto out_put;
		}
		if (port && !nla_get_be16(port)) {
			NL_SET_ERR_MSG_ATTR(info->extack, port,
					    "a peer port is not 0");
			err = -EINVAL;
			goto out_put;
		}
		err = roam_session_set_peer(s, addr,
					    port ? nla_get_be16(port) : 0,
					    info->extack);
		if (err)
			goto out_put;
	}
	/*
	 * Parameters first: a session that goes up with its MPPE keys in the
	 * same request never sends a packet without them.
	 */
	if (pptp) {
		if (s->encap->kind != ROAM_KIND_PPTP || !s->encap->session_set) {
			NL_SET_ERR_MSG_ATTR(info->extack, pptp,
					    "pptp parameters on a session of another kind");
			err = -EINVAL;
			goto out_put;
		}
		err = s->encap->session_set(s, info);
		if (err)
			goto out_put;
	}
	if (l2tp) {
		if (s->encap->kind != ROAM_KIND_L2TP || !s->encap->session_set) {
			NL_SET_ERR_MSG_ATTR(info->extack, l2tp,
					    "l2tp parameters on a session of another kind");
			err = -EINVAL;
			goto out_put;
		}
		err = s->encap->session_set(s, info);
		if (err)
			goto out_put;
	}
	if (info->attrs[ROAM_A_SESSION_STATE])
		WRITE_ONCE(s->state,
			   nla_get_u32(info->attrs[ROAM_A_SESSION_STATE]));
out_put:
	roam_session_put(s);
out:
	dev_put(rdev->dev);
	return err;
}

/* The largest PPP control frame roamd may send (the PPP default MRU). */
#define ROAM_PPP_FRAME_MAX	1500

int roam_nl_session_send_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *frame = info->attrs[ROAM_A_SESSION_PPP_FRAME];
	struct roam_session *s;
	struct roam_dev *rdev;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_ID) ||
	    GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_PPP_FRAME))
		return -EINVAL;
	if (nla_len(frame) < 2 || nla_len(frame) > ROAM_PPP_FRAME_MAX) {
		NL_SET_ERR_MSG_ATTR(info->extack, frame,
				    "a PPP frame is 2 to 1500 bytes, from its protocol field");
		return -EINVAL;
	}
	rdev = roam_nl_dev_get(genl_info_net(info),
			       info->attrs[ROAM_A_SESSION_IFINDEX],
			       info->extack);
	if (IS_ERR(rdev))
		return PTR_ERR(rdev);
	s = roam_session_get(rdev, nla_get_u32(info->attrs[ROAM_A_SESSION_ID]));
	if (!s) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ROAM_A_SESSION_ID],
				    "no session with this id");
		err = -ENOENT;
		goto out;
	}
	if (!s->encap->send_ctrl) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "this encapsulation's control frames are sent by roamd itself");
		err = -EOPNOTSUPP;
	} else {
		err = s->encap->send_ctrl(s, nla_data(frame), nla_len(frame),
					  info->extack);
	}
	roam_session_put(s);
out:
	dev_put(rdev->dev);
	return err;
}

int roam_nl_session_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct roam_dev *rdev;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_ID))
		return -EINVAL;
	rdev = roam_nl_dev_get(genl_info_net(info),
			       info->attrs[ROAM_A_SESSION_IFINDEX],
			       info->extack);
	if (IS_ERR(rdev))
		return PTR_ERR(rdev);
	err = roam_session_delete(rdev,
				  nla_get_u32(info->attrs[ROAM_A_SESSION_ID]),
				  ROAM_DEL_REASON_ADMIN);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ROAM_A_SESSION_ID],
				    "no session with this id");
	dev_put(rdev->dev);
	return err;
}

int roam_nl_session_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct roam_session *s;
	struct roam_dev *rdev;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, ROAM_A_SESSION_ID))
		return -EINVAL;
	rdev = roam_nl_dev_get(genl_info_net(info),
			       info->attrs[ROAM_A_SESSION_IFINDEX],
			       info->extack);
	if (IS_ERR(rdev))
		return PTR_ERR(rdev);
	s = roam_session_get(rdev, nla_get_u32(info->attrs[ROAM_A_SESSION_ID]));
	if (!s) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ROAM_A_SESSION_ID],
				    "no session with this id");
		err = -ENOENT;
		goto out_dev;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	err = roam_nl_fill_session(msg, s, info->snd_portid, info->snd_seq, 0,
				   ROAM_CMD_SESSION_GET, 0, NULL);
	if (err) {
		nlmsg_free(msg);
		goto out;
	}
	err = genlmsg_reply(msg, info);
out:
	roam_session_put(s);
out_dev:
	dev_put(rdev->dev);
	return err;
}

/*
 * Dump cursor, so that each part of a dump resumes where the last one
 * stopped instead of walking the device's list again from its head:
 */
enum {
	ROAM_DUMP_DEVS,		/* roam devices of this namespace finished */
	ROAM_DUMP_SENT,		/* sessions of the current device sent */
	ROAM_DUMP_LAST_ID,	/* id of the last of them */
};

/*
 * The session to resume after, found by the id of the last one sent (an
 * O(1) hash lookup); NULL to start from the head. Caller holds the RCU
 * read lock. A session found here may have left the list since, but its
 * next pointer still leads back into it until a grace period has passed
 * (list_del_rcu()), so the walk can go on from it. When the last one sent
 * was deleted meanwhile, the generation has changed and the dump is
 * marked interrupted anyway: the walk then skips the number already sent
 * from the head, once, to finish the dump as best it can.
 */
static struct roam_session *
roam_nl_dump_resume(struct roam_dev *rdev, struct netlink_callback *cb)
{
	struct roam_session *s;
	long skip = cb->args[ROAM_DUMP_SENT];

	if (!skip)
		return NULL;
	s = roam_session_lookup_id_rcu(rdev, cb->args[ROAM_DUMP_LAST_ID]);
	if (s)
		return s;
	list_for_each_entry_rcu(s, &rdev->sessions, dev_node)
		if (!--skip)
			return s;
	return list_last_entry(&rdev->sessions, struct roam_session, dev_node);
}

/*
 * Changes between two parts of a dump bump the namespace's generation,
 * which marks the dump inconsistent (NLM_F_DUMP_INTR) so that the reader
 * can restart.
 */
int roam_nl_session_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	struct nlattr **attrs = roam_compat_dump_attrs(cb);
	struct roam_net *rn = roam_net(sock_net(skb->sk));
	u32 only = 0;
	struct roam_session *s;
	struct roam_dev *rdev;
	long dev_idx = 0;
	int err = 0;

	if (attrs && attrs[ROAM_A_SESSION_IFINDEX])
		only = nla_get_u32(attrs[ROAM_A_SESSION_IFINDEX]);

	mutex_lock(&rn->devs_lock);
	cb->seq = atomic_read(&rn->generation);
	list_for_each_entry(rdev, &rn->devs, list) {
		if (only && rdev->dev->ifindex != only)
			continue;
		if (dev_idx++ < cb->args[ROAM_DUMP_DEVS])
			continue;
		rcu_read_lock();
		s = roam_nl_dump_resume(rdev, cb);
		if (!s)
			s = list_entry(&rdev->sessions, struct roam_session,
				       dev_node);
		list_for_each_entry_continue_rcu(s, &rdev->sessions, dev_node) {
			err = roam_nl_fill_session(skb, s,
						   NETLINK_CB(cb->skb).portid,
						   cb->nlh->nlmsg_seq,
						   NLM_F_MULTI,
						   ROAM_CMD_SESSION_GET, 0, cb);
			if (err)
				break;
			cb->args[ROAM_DUMP_SENT]++;
			cb->args[ROAM_DUMP_LAST_ID] = s->id;
		}
		rcu_read_unlock();
		if (err)
			break;
		cb->args[ROAM_DUMP_DEVS] = dev_idx;
		cb->args[ROAM_DUMP_SENT] = 0;
	}
	mutex_unlock(&rn->devs_lock);
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

int __init roam_netlink_init(void)
{
	return genl_register_family(&roam_nl_family);
}

void roam_netlink_uninit(void)
{
	genl_unregister_family(&roam_nl_family);
}
