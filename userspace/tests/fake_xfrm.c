// SPDX-License-Identifier: GPL-2.0
/*
 * A fake kernel for the IPsec tests (fake_xfrm.h): the xfrm_* functions
 * of ipsec/xfrm.c, keeping the SAs and policies in tables and recording
 * each call.
 */
#include <errno.h>
#include <string.h>

#include "fake_xfrm.h"

struct fake_kernel fake_kernel;

void fake_kernel_reset(void)
{
	memset(&fake_kernel, 0, sizeof(fake_kernel));
	fake_kernel.fail_op = -1;
}

static int k_record(enum op_type t, uint32_t spi, uint32_t mark, int dir)
{
	int i = fake_kernel.nops;

	if (fake_kernel.nops < FAKE_MAX_OPS)
		fake_kernel.ops[fake_kernel.nops++] = (struct op){ t, spi, mark, dir };
	return i == fake_kernel.fail_op ? -fake_kernel.fail_err : 0;
}

int xfrm_open(struct xfrm_conn *c)
{
	c->fd = 100;
	c->seq = 1;
	return 0;
}

void xfrm_close(struct xfrm_conn *c)
{
	c->fd = -1;
}

int fake_sa_find(struct in_addr dst, uint32_t spi, uint32_t mark)
{
	int i;

	for (i = 0; i < fake_kernel.nsa; i++)
		if (fake_kernel.sa[i].dst.s_addr == dst.s_addr && fake_kernel.sa[i].spi == spi &&
		    fake_kernel.sa[i].mark == mark)
			return i;
	return -1;
}

int xfrm_sa_add(struct xfrm_conn *c, const struct xfrm_sa *sa)
{
	int r = k_record(OP_SA_ADD, sa->spi, sa->mark, 0);

	(void)c;
	if (r)
		return r;
	if (fake_sa_find(sa->dst, sa->spi, sa->mark) >= 0)
		return -EEXIST;
	if (fake_kernel.nsa == FAKE_MAX_OBJ)
		return -ENOBUFS;
	fake_kernel.sa[fake_kernel.nsa++] = *sa;
	return 0;
}

int xfrm_sa_del(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		uint32_t mark)
{
	int r = k_record(OP_SA_DEL, spi, mark, 0);
	int i;

	(void)c;
	if (r)
		return r;
	i = fake_sa_find(dst, spi, mark);
	if (i < 0)
		return -ESRCH;
	fake_kernel.sa[i] = fake_kernel.sa[--fake_kernel.nsa];
	return 0;
}

int xfrm_sa_counters(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		     uint32_t mark, struct xfrm_sa_counters *out)
{
	int i = fake_sa_find(dst, spi, mark);

	(void)c;
	if (i < 0)
		return -ESRCH;
	out->bytes = 1000 + fake_kernel.sa[i].mark;
	out->packets = 10;
	out->add_time = 0;
	return 0;
}

int fake_pol_find(const struct xfrm_policy *p)
{
	int i;

	for (i = 0; i < fake_kernel.npol; i++)
		if (fake_kernel.pol[i].dir == p->dir && fake_kernel.pol[i].mark == p->mark &&
		    !memcmp(&fake_kernel.pol[i].sel, &p->sel, sizeof(p->sel)))
			return i;
	return -1;
}

int xfrm_policy_add(struct xfrm_conn *c, const struct xfrm_policy *pol)
{
	int r = k_record(OP_POL_ADD, 0, pol->mark, pol->dir);

	(void)c;
	if (r)
		return r;
	if (fake_pol_find(pol) >= 0)
		return -EEXIST;
	if (fake_kernel.npol == FAKE_MAX_OBJ)
		return -ENOBUFS;
	fake_kernel.pol[fake_kernel.npol++] = *pol;
	return 0;
}

int xfrm_policy_del(struct xfrm_conn *c, const struct xfrm_policy *pol)
{
	int r = k_record(OP_POL_DEL, 0, pol->mark, pol->dir);
	int i;

	(void)c;
	if (r)
		return r;
	i = fake_pol_find(pol);
	if (i < 0)
		return -ENOENT;
	fake_kernel.pol[i] = fake_kernel.pol[--fake_kernel.npol];
	return 0;
}

int xfrm_sa_set_encap(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		      uint32_t mark, uint16_t sport, uint16_t dport)
{
	int r = k_record(OP_SA_UPD, spi, mark, 0);
	int i;

	(void)c;
	if (r)
		return r;
	i = fake_sa_find(dst, spi, mark);
	if (i < 0)
		return -ESRCH;
	fake_kernel.sa[i].encap_sport = sport;
	fake_kernel.sa[i].encap_dport = dport;
	return 0;
}

/* As the kernel's copy, re-added: old becomes new wherever it was. */
int xfrm_sa_move(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		 uint32_t mark, struct in_addr old, struct in_addr new,
		 uint16_t port, bool replace)
{
	int r = k_record(OP_SA_MOVE, spi, mark, 0);
	struct xfrm_sa x;
	int i;

	(void)c;
	if (r)
		return r;
	i = fake_sa_find(dst, spi, mark);
	if (i < 0)
		return -ESRCH;
	x = fake_kernel.sa[i];
	if (x.src.s_addr == old.s_addr) {
		x.src = new;
		if (x.encap_sport)
			x.encap_sport = port;
	}
	if (x.dst.s_addr == old.s_addr) {
		x.dst = new;
		if (x.encap_dport)
			x.encap_dport = port;
	}
	if (x.sel.src.s_addr == old.s_addr)
		x.sel.src = new;
	if (x.sel.dst.s_addr == old.s_addr)
		x.sel.dst = new;
	if (replace) {
		fake_kernel.sa[i] = x;
		return 0;
	}
	if (fake_sa_find(x.dst, x.spi, x.mark) >= 0)
		return -EEXIST;
	if (fake_kernel.nsa == FAKE_MAX_OBJ)
		return -ENOBUFS;
	fake_kernel.sa[fake_kernel.nsa++] = x;
	return 0;
}

int xfrm_policy_update(struct xfrm_conn *c, const struct xfrm_policy *pol)
{
	int r = k_record(OP_POL_UPD, 0, pol->mark, pol->dir);
	int i;

	(void)c;
	if (r)
		return r;
	i = fake_pol_find(pol);
	if (i >= 0) {
		fake_kernel.pol[i] = *pol;
		return 0;
	}
	if (fake_kernel.npol == FAKE_MAX_OBJ)
		return -ENOBUFS;
	fake_kernel.pol[fake_kernel.npol++] = *pol;
	return 0;
}
