// SPDX-License-Identifier: GPL-2.0
/*
 * roam_l2tp - the transmit path: an inner IPv4/IPv6 packet routed to a
 * session on the roam device goes out as PPP in an L2TPv2 data message
 * from roamd's socket. The packet carries the tunnel's SA mark, so the
 * route lookup picks the IPsec policy and SA of this very client, even
 * when several clients share one public address and port behind a NAT.
 *
 * A TCP GSO packet arrives whole (roam_l2tp_encap.gso_max_len) and leaves
 * as one UDP tunnel GSO packet: the L2TP and PPP headers sit where the
 * segmentation expects an inner link-layer header, so every segment gets
 * a copy of them, and the outer IP and UDP headers are fixed up per
 * segment. That is correct because an L2TP data header without the L bit
 * carries no length. The segments are cut by the egress device (in
 * software if it cannot) or by xfrm before ESP; the outer route, the
 * netfilter hooks and the neighbour are looked up once per GSO packet.
 * An inner checksum left to offload stays so: the outer UDP checksum is
 * computed from it (local checksum offload) and the inner one is filled in
 * where the egress device, xfrm or the segmentation completes it.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "l2tp.h"

static void roam_l2tp_push_headers(struct sk_buff *skb,
				   const struct roam_l2tp_session *ps,
				   u16 proto)
{
	u8 *ppp;
	__be16 *l2tp;

	/*
	 * Address and control fields are always sent: a peer must accept
	 * them whether or not it asked for their compression (RFC 1661).
	 */
	ppp = __skb_push(skb, ROAM_PPP_HLEN);
	ppp[0] = 0xff;
	ppp[1] = 0x03;
	ppp[2] = proto >> 8;
	ppp[3] = proto & 0xff;
	l2tp = __skb_push(skb, ROAM_L2TP_DATA_HLEN);
	l2tp[0] = htons(ROAM_L2TP_VERSION);
	l2tp[1] = htons(ps->peer_tunnel_id);
	l2tp[2] = htons(ps->peer_session_id);
}

int roam_l2tp_xmit(struct roam_session *s, struct sk_buff *skb)
{
	struct roam_l2tp_session *ps = roam_session_priv(s);
	struct roam_l2tp_sock *ls = READ_ONCE(ps->ls);
	struct flowi4 fl4 = {};
	struct inet_sock *inet;
	struct rtable *rt;
	struct sock *sk;
	__be16 dport;
	u16 proto;
	bool xnet;

	if (!ls)
		goto drop;
	sk = ls->sk;
	if (unlikely(sock_flag(sk, SOCK_DEAD)))
		goto drop;
	proto = skb->protocol == htons(ETH_P_IP) ? ROAM_PPP_IPV4 :
						   ROAM_PPP_IPV6;
	if (skb_cow_head(skb, LL_MAX_HEADER + sizeof(struct iphdr) +
			 sizeof(struct udphdr) + ROAM_L2TP_DATA_HLEN +
			 ROAM_PPP_HLEN))
		goto drop;

	inet = inet_sk(sk);
	/* the peer may move (roam_session_set_peer()): read it once */
	fl4.daddr = READ_ONCE(s->peer_ipv4);
	dport = READ_ONCE(s->peer_port);
	rt = (struct rtable *)roam_route_get(&ps->route, &fl4.saddr);
	if (!rt) {
		fl4.saddr = inet->inet_saddr;
		fl4.flowi4_proto = IPPROTO_UDP;
		fl4.flowi4_mark = ps->mark;
		fl4.flowi4_oif = READ_ONCE(sk->sk_bound_dev_if);
		fl4.fl4_sport = inet->inet_sport;
		fl4.fl4_dport = dport;
		rt = ip_route_output_flow(sock_net(sk), &fl4, sk);
		if (IS_ERR(rt)) {
			net_dbg_ratelimited("session %u: no route to its peer\n",
					    s->id);
			goto drop;
		}
		roam_route_set(&ps->route, &rt->dst, fl4.saddr);
	}

	xnet = !net_eq(sock_net(sk), dev_net(roam_session_netdev(s)));
	skb_scrub_packet(skb, xnet);
	roam_l2tp_push_headers(skb, ps, proto);
	/* the inner "link layer" for the segmentation: L2TP + PPP */
	skb_reset_mac_header(skb);
	if (udp_tunnel_handle_offloads(skb, true)) {
		ip_rt_put(rt);
		goto drop;
	}
	skb_set_inner_protocol(skb, skb->protocol);
	skb->mark = ps->mark;
	udp_tunnel_xmit_skb(rt, sk, skb, fl4.saddr, fl4.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0, inet->inet_sport,
			    dport, false, false);
	return 0;

drop:
	kfree_skb(skb);
	return -ENOTCONN;
}
