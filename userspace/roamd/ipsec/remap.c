// SPDX-License-Identifier: GPL-2.0
/*
 * A client's NAT gave it a new public port: its ESP-in-UDP SAs follow.
 *
 * The SAs stay the same kernel objects (same SPIs, keys, marks, counters
 * and replay windows); only the encapsulation's port changes, with an
 * XFRM_MSG_UPDSA built from the kernel's own copy of each SA (roamd
 * keeps no ESP keys).  The inbound SA learns the client's new source
 * port, so that the kernel stops reporting the mapping; the outbound SA
 * sends to it.  The client's mark, and so the L2TP tunnel bound to the
 * mark, do not change: the L2TP session keeps running on the same SAs.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "ipsec/clients.h"
#include "log.h"

static struct in_addr addr4(const struct ike_addr *a)
{
	struct in_addr x;

	memcpy(&x, a->ip, sizeof(x));
	return x;
}

static struct ipsec_pair *pair_by_spi(const struct ipsec *ip, uint32_t spi_in,
				      struct ipsec_client **client)
{
	struct ipsec_client *c;
	struct ipsec_pair *p;

	for (c = ip->clients; c; c = c->next)
		for (p = c->pairs; p; p = p->next)
			if (p->spi_in == spi_in) {
				*client = c;
				return p;
			}
	return NULL;
}

int ipsec_remap(struct ipsec *ip, uint32_t spi_in,
		const struct ike_addr *remote)
{
	struct ipsec_client *c;
	struct ipsec_pair *p = pair_by_spi(ip, spi_in, &c);
	int r = 0;

	if (!p) {
		log_debug("IPsec: no SA pair with SPI 0x%08x to move", spi_in);
		return -ENOENT;
	}
	/* Only a port moves: the policies and selectors name the address. */
	if (remote->family != c->remote.family ||
	    memcmp(remote->ip, c->remote.ip, 4))
		return -EINVAL;
	if (p->encap) {
		/* inbound: from the client's port to our NAT-T port */
		r = xfrm_sa_set_encap(&ip->xfrm, addr4(&c->local),
				      htonl(p->spi_in), 0, remote->port,
				      p->encap_sport);
		if (!r)
			r = xfrm_sa_set_encap(&ip->xfrm, addr4(&c->remote),
					      htonl(p->spi_out),
					      c->tunnel ? 0 : c->mark,
					      p->encap_sport, remote->port);
		if (r) {
			log_err("IPsec: ESP SA pair 0x%08x/0x%08x (mark 0x%x) not moved to port %u: %s",
				p->spi_in, p->spi_out, c->mark, remote->port,
				strerror(-r));
			return r;
		}
		p->encap_dport = remote->port;
		ip->saved_changes++;
	}
	/* The client's next SA pairs (rekeys) come from the new port. */
	c->remote.port = remote->port;
	ip->saved_changes++;
	return 0;
}
