// SPDX-License-Identifier: GPL-2.0
/*
 * A client's NAT gave it a new public port, or a new public address: its
 * ESP-in-UDP SAs and its policies follow.
 *
 * A new port: the SAs stay the same kernel objects (same SPIs, keys,
 * marks, counters and replay windows); only the encapsulation's port
 * changes, with an XFRM_MSG_UPDSA built from the kernel's own copy of
 * each SA (roamd keeps no ESP keys).  The inbound SA learns the client's
 * new source port, so that the kernel stops reporting the mapping; the
 * outbound SA sends to it.
 *
 * A new address: the kernel cannot change an SA's addresses in place, so
 * each SA is added again from the kernel's copy with the new address
 * (xfrm_msg_sa_move(): same SPI, keys, mark, reqid, replay state and
 * counters), make-before-break where the kernel lets us:
 *
 *   1. the outbound SAs at the new address, beside the old ones (the
 *      destination is part of an SA's id, so both can exist);
 *   2. the policies: transport mode names the client's address in its
 *      selectors, so new ones are added (the old ones still hold the old
 *      flows); tunnel mode names it only in the template, so each policy
 *      is replaced in place (XFRM_MSG_UPDPOLICY);
 *   3. the inbound SAs: their id is our address and SPI, which does not
 *      change, so each is deleted and added again at once (the packets
 *      from the new address were dropped anyway until now: their source
 *      did not match the SA);
 *   4. the old transport policies and the old outbound SAs go.
 *
 * The client's mark, and so the L2TP tunnel bound to the mark, does not
 * change: the subscribers (L2TP) are told the new address, and move the
 * tunnel's peer and its kernel sessions there.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/xfrm.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ipsec/clients.h"
#include "log.h"
#include "util.h"

static struct in_addr addr4(const struct ike_addr *a)
{
	struct in_addr x;

	memcpy(&x, a->ip, sizeof(x));
	return x;
}

/*
 * The pair by its inbound SPI, through the index every pair is in
 * (ipsec->pairs_by_spi): a mapping event costs the same at 10 clients
 * and at 100k.  Our SPIs are unique among the pairs installed.
 */
static struct ipsec_pair *pair_by_spi(const struct ipsec *ip, uint32_t spi_in)
{
	const struct hashtab_node *n = hashtab_first(&ip->pairs_by_spi, spi_in);

	for (; n; n = hashtab_next(n)) {
		struct ipsec_pair *p = (struct ipsec_pair *)
			((char *)n - offsetof(struct ipsec_pair, by_spi));

		if (p->spi_in == spi_in)
			return p;
	}
	return NULL;
}

int ipsec_subscribe_moves(struct ipsec *ip, ipsec_moved_fn moved, void *arg)
{
	unsigned int i;

	for (i = 0; i < IPSEC_SUBSCRIBERS_MAX; i++) {
		if (!ip->mover[i].moved) {
			ip->mover[i].moved = moved;
			ip->mover[i].arg = arg;
			return 0;
		}
	}
	return -1;
}

void ipsec_unsubscribe_moves(struct ipsec *ip, ipsec_moved_fn moved,
			     void *arg)
{
	unsigned int i;

	for (i = 0; i < IPSEC_SUBSCRIBERS_MAX; i++)
		if (ip->mover[i].moved == moved && ip->mover[i].arg == arg)
			ip->mover[i].moved = NULL;
}

/* The pair's ESP-in-UDP port on the client's side, same address. */
static int move_port(struct ipsec *ip, struct ipsec_client *c,
		     struct ipsec_pair *p, uint16_t port)
{
	int r;

	if (!p->encap || p->encap_dport == port)
		return 0;
	/* inbound: from the client's port to our NAT-T port */
	r = xfrm_sa_set_encap(&ip->xfrm, addr4(&c->local), htonl(p->spi_in),
			      0, port, p->encap_sport);
	if (!r)
		r = xfrm_sa_set_encap(&ip->xfrm, addr4(&c->remote),
				      htonl(p->spi_out),
				      c->tunnel ? 0 : c->mark,
				      p->encap_sport, port);
	if (r) {
		log_err("IPsec: ESP SA pair 0x%08x/0x%08x (mark 0x%x) not moved to port %u: %s",
			p->spi_in, p->spi_out, c->mark, port, strerror(-r));
		return r;
	}
	p->encap_dport = port;
	return 0;
}

static uint32_t out_mark(const struct ipsec_client *c)
{
	return c->tunnel ? 0 : c->mark;
}

static void out_sas_del(struct ipsec *ip, const struct ipsec_client *c,
			struct in_addr dst, const struct ipsec_pair *upto)
{
	const struct ipsec_pair *p;
	int r;

	for (p = c->pairs; p != upto; p = p->next) {
		r = xfrm_sa_del(&ip->xfrm, dst, htonl(p->spi_out),
				out_mark(c));
		if (r && r != -ESRCH && r != -ENOENT)
			log_err("IPsec client mark 0x%x: outbound SA %08x at %s not removed: %s",
				c->mark, p->spi_out, inet_ntoa(dst),
				strerror(-r));
	}
}

/* Tunnel mode: each distinct selector pair's three policies, in place. */
static int tunnel_policies_move(struct ipsec *ip,
				const struct ipsec_client *moved)
{
	static const int dirs[] = {
		XFRM_POLICY_OUT, XFRM_POLICY_IN, XFRM_POLICY_FWD,
	};
	const struct ipsec_pair *p, *o;
	struct xfrm_policy pol;
	size_t i;
	int r;

	for (p = moved->pairs; p; p = p->next) {
		/* once per selector pair: the newest pair that has it */
		for (o = moved->pairs; o != p; o = o->next)
			if (o->ts_proto == p->ts_proto &&
			    !memcmp(&o->ts_local, &p->ts_local,
				    sizeof(p->ts_local)) &&
			    !memcmp(&o->ts_remote, &p->ts_remote,
				    sizeof(p->ts_remote)))
				break;
		if (o != p)
			continue;
		for (i = 0; i < ARRAY_SIZE(dirs); i++) {
			ipsec_xfrm_tunnel_policy(moved, p, dirs[i], &pol);
			r = xfrm_policy_update(&ip->xfrm, &pol);
			if (r)
				return r;
		}
	}
	return 0;
}

static int transport_policies_add(struct ipsec *ip,
				  const struct ipsec_client *moved)
{
	struct xfrm_policy out, in;
	int r;

	ipsec_xfrm_policy_out(moved, &out);
	ipsec_xfrm_policy_in(moved, &in);
	r = xfrm_policy_add(&ip->xfrm, &out);
	if (r)
		return r;
	r = xfrm_policy_add(&ip->xfrm, &in);
	if (r)
		xfrm_policy_del(&ip->xfrm, &out);
	return r;
}

static void transport_policies_del(struct ipsec *ip,
				   const struct ipsec_client *c)
{
	struct xfrm_policy pol;
	int r;

	ipsec_xfrm_policy_out(c, &pol);
	r = xfrm_policy_del(&ip->xfrm, &pol);
	ipsec_xfrm_policy_in(c, &pol);
	if (!r)
		r = xfrm_policy_del(&ip->xfrm, &pol);
	if (r && r != -ENOENT)
		log_err("IPsec client mark 0x%x: a policy for its old address was not removed: %s",
			c->mark, strerror(-r));
}

/* The whole client to a new address (see the top of this file). */
static int move_addr(struct ipsec *ip, struct ipsec_client *c,
		     const struct ike_addr *remote)
{
	struct in_addr from = addr4(&c->remote), to = addr4(remote);
	struct ipsec_client moved = *c;
	struct ipsec_pair *p;
	char old[INET_ADDRSTRLEN];
	unsigned int i;
	int r = 0;

	snprintf(old, sizeof(old), "%s", inet_ntoa(from));
	if (ipsec_client_by_peer(ip, remote)) {
		log_err("IPsec client mark 0x%x: not moved from %s to %s:%u: another client has that endpoint",
			c->mark, old, inet_ntoa(to), remote->port);
		return -EEXIST;
	}
	moved.remote = *remote;
	for (p = c->pairs; p; p = p->next) {
		r = xfrm_sa_move(&ip->xfrm, from, htonl(p->spi_out),
				 out_mark(c), from, to, remote->port, false);
		if (r)
			break;
	}
	if (r) {
		log_err("IPsec client mark 0x%x: outbound SA %08x not moved from %s to %s: %s",
			c->mark, p->spi_out, old, inet_ntoa(to), strerror(-r));
		out_sas_del(ip, c, to, p);
		return r;
	}
	r = c->tunnel ? tunnel_policies_move(ip, &moved) :
			transport_policies_add(ip, &moved);
	if (r) {
		log_err("IPsec client mark 0x%x: policies not moved from %s to %s: %s",
			c->mark, old, inet_ntoa(to), strerror(-r));
		if (c->tunnel)
			tunnel_policies_move(ip, c);
		out_sas_del(ip, c, to, NULL);
		return r;
	}
	for (p = c->pairs; p; p = p->next) {
		r = xfrm_sa_move(&ip->xfrm, addr4(&c->local), htonl(p->spi_in),
				 0, from, to, remote->port, true);
		if (r)
			log_err("IPsec client mark 0x%x: inbound SA %08x stays at %s: %s",
				c->mark, p->spi_in, old, strerror(-r));
	}
	if (!c->tunnel)
		transport_policies_del(ip, c);
	out_sas_del(ip, c, from, NULL);
	ipsec_client_set_remote(ip, c, remote);
	for (p = c->pairs; p; p = p->next)
		if (p->encap)
			p->encap_dport = remote->port;
	log_info("IPsec client mark 0x%x moved from %s to %s:%u: %u SA pair%s and %s policies re-added",
		 c->mark, old, inet_ntoa(to), remote->port, c->npairs,
		 c->npairs == 1 ? "" : "s", c->tunnel ? "its tunnel" : "its");
	for (i = 0; i < IPSEC_SUBSCRIBERS_MAX; i++)
		if (ip->mover[i].moved)
			ip->mover[i].moved(ip->mover[i].arg, c->mark, remote);
	ip->saved_changes++;
	return 0;
}

int ipsec_remap(struct ipsec *ip, uint32_t spi_in,
		const struct ike_addr *remote)
{
	struct ipsec_pair *p = pair_by_spi(ip, spi_in);
	struct ipsec_client *c;
	int r;

	if (!p) {
		log_debug("IPsec: no SA pair with SPI 0x%08x to move", spi_in);
		return -ENOENT;
	}
	c = p->client;
	if (remote->family != AF_INET || c->remote.family != AF_INET)
		return -EINVAL;
	if (memcmp(remote->ip, c->remote.ip, 4))
		return move_addr(ip, c, remote);
	r = move_port(ip, c, p, remote->port);
	if (r)
		return r;
	/* The client's next SA pairs (rekeys) come from the new port. */
	c->remote.port = remote->port;
	ip->saved_changes++;
	return 0;
}
