// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec/xfrm.h for ipsec_scale: a kernel that takes every SA and policy
 * and keeps nothing.  What the kernel holds is not roamd's heap; what
 * ipsec/clients.c keeps of it is.
 */
#include <string.h>

#include "ipsec/xfrm.h"

int xfrm_open(struct xfrm_conn *c)
{
	(void)c;
	return 0;
}

void xfrm_close(struct xfrm_conn *c)
{
	(void)c;
}

int xfrm_sa_add(struct xfrm_conn *c, const struct xfrm_sa *sa)
{
	(void)c;
	(void)sa;
	return 0;
}

int xfrm_sa_del(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		uint32_t mark)
{
	(void)c;
	(void)dst;
	(void)spi;
	(void)mark;
	return 0;
}

int xfrm_sa_counters(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		     uint32_t mark, struct xfrm_sa_counters *out)
{
	(void)c;
	(void)dst;
	(void)spi;
	(void)mark;
	memset(out, 0, sizeof(*out));
	return 0;
}

int xfrm_sa_set_encap(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		      uint32_t mark, uint16_t sport, uint16_t dport)
{
	(void)c;
	(void)dst;
	(void)spi;
	(void)mark;
	(void)sport;
	(void)dport;
	return 0;
}

int xfrm_sa_move(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		 uint32_t mark, struct in_addr old, struct in_addr new,
		 uint16_t port, bool replace)
{
	(void)c;
	(void)dst;
	(void)spi;
	(void)mark;
	(void)old;
	(void)new;
	(void)port;
	(void)replace;
	return 0;
}

int xfrm_policy_add(struct xfrm_conn *c, const struct xfrm_policy *pol)
{
	(void)c;
	(void)pol;
	return 0;
}

int xfrm_policy_update(struct xfrm_conn *c, const struct xfrm_policy *pol)
{
	(void)c;
	(void)pol;
	return 0;
}

int xfrm_policy_del(struct xfrm_conn *c, const struct xfrm_policy *pol)
{
	(void)c;
	(void)pol;
	return 0;
}
