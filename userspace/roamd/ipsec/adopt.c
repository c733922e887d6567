// SPDX-License-Identifier: GPL-2.0
/*
 * SA pairs an earlier roamd installed, taken back into the client table
 * by a roamd that takes its sessions over (clients.h, ipsec_adopt()).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec/clients.h"
#include "log.h"

static bool same_endpoint(const struct ike_addr *a, const struct ike_addr *b)
{
	size_t n = a->family == AF_INET6 ? 16 : 4;

	return a->family == b->family && a->port == b->port &&
	       !memcmp(a->ip, b->ip, n);
}

int ipsec_adopt(struct ipsec *ip, uint32_t mark, const struct ike_esp_sa *esp,
		uint64_t now)
{
	struct ipsec_client *c = ipsec_client_by_mark(ip, mark);
	struct hashtab_node *n;
	struct ipsec_pair *p;
	bool fresh = !c;

	if (mark < IPSEC_MARK_FIRST || !esp->transport)
		return -EINVAL;
	if (c && !same_endpoint(&c->remote, &esp->remote))
		return -EEXIST;
	for (n = hashtab_first(&ip->pairs_by_spi, esp->spi_in); n;
	     n = hashtab_next(n))
		if (((struct ipsec_pair *)((char *)n -
			offsetof(struct ipsec_pair, by_spi)))->spi_in ==
		    esp->spi_in)
			return -EEXIST;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	if (fresh) {
		c = calloc(1, sizeof(*c));
		if (!c) {
			free(p);
			return -ENOMEM;
		}
		c->mark = mark;
		c->local = esp->local;
		c->remote = esp->remote;
		c->l2tp_port = esp->ts_rport;
		/* the restart state found both in the kernel */
		c->policies = true;
		ipsec_client_file(ip, c);
	}
	ipsec_pair_file(ip, c, p, esp, now);
	log_info("IPsec SA pair %08x/%08x of client mark 0x%x taken over from the earlier roamd",
		 esp->spi_in, esp->spi_out, mark);
	return 0;
}
