// SPDX-License-Identifier: GPL-2.0
/*
 * The take-over decision (takeover.h): saved state + kernel view -> for
 * each saved session, take it over or end it, and why.
 *
 * The lookups are linear: a restart pays O(sessions x pieces) once.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/roam.h>
#include <linux/xfrm.h>

#include "restart/takeover.h"

#define NONE	TAKEOVER_NONE

const char *takeover_why_str(enum takeover_why why)
{
	switch (why) {
	case TAKEOVER_OK:		return "ok";
	case TAKEOVER_NOT_L2TP:
		return "PPTP: its control connection closed with the old roamd";
	case TAKEOVER_NO_RESUME:
		return "the saved state has no resume record for it";
	case TAKEOVER_NOT_OPENED:	return "PPP was not up yet";
	case TAKEOVER_KERNEL_GONE:	return "its kernel session is gone";
	case TAKEOVER_NO_TUNNEL:	return "its L2TP tunnel was not saved";
	case TAKEOVER_PLAINTEXT:	return "its L2TP tunnel is not in IPsec";
	case TAKEOVER_SA_GONE:		return "its ESP SAs are not in the kernel";
	case TAKEOVER_POLICY_GONE:
		return "its IPsec policies are not in the kernel";
	case TAKEOVER_NO_IKE:		return "no live ISAKMP SA for its client";
	case TAKEOVER_INCONSISTENT:
		return "the saved pieces disagree with each other";
	}
	return "unknown";
}

static bool same_ip(const struct restart_addr *a, uint8_t family,
		    const uint8_t *ip)
{
	return a->family == family &&
	       !memcmp(a->ip, ip, family == AF_INET ? 4 : 16);
}

static bool same_addr_ip(const struct restart_addr *a,
			 const struct restart_addr *b)
{
	return same_ip(a, b->family, b->ip);
}

static size_t find_kernel(const struct kview *kv,
			  const struct restart_session *s)
{
	size_t i;

	for (i = 0; i < kv->n_sess; i++)
		if (kv->sess[i].ifindex == s->ifindex && kv->sess[i].id == s->id)
			return i;
	return NONE;
}

static size_t find_sess_res(const struct restart_state *st,
			    const struct restart_session *s)
{
	size_t i;

	for (i = 0; i < st->n_sess_res; i++)
		if (st->sess_res[i].ifindex == s->ifindex &&
		    st->sess_res[i].id == s->id)
			return i;
	return NONE;
}

static size_t find_sess_aaa(const struct restart_state *st,
			    const struct restart_session *s)
{
	size_t i;

	for (i = 0; i < st->n_sess_aaa; i++)
		if (st->sess_aaa[i].ifindex == s->ifindex &&
		    st->sess_aaa[i].id == s->id)
			return i;
	return NONE;
}

static size_t find_l2tp(const struct restart_state *st, uint16_t tid)
{
	size_t i;

	for (i = 0; i < st->n_l2tp; i++)
		if (st->l2tp[i].tid == tid)
			return i;
	return NONE;
}

static size_t find_l2tp_res(const struct restart_state *st, uint16_t tid)
{
	size_t i;

	for (i = 0; i < st->n_l2tp_res; i++)
		if (st->l2tp_res[i].tid == tid)
			return i;
	return NONE;
}

static bool sa_present(const struct kview *kv, uint32_t spi,
		       const struct restart_addr *dst)
{
	size_t i;

	for (i = 0; i < kv->n_sa; i++)
		if (kv->sa[i].spi == spi &&
		    same_ip(dst, kv->sa[i].family, kv->sa[i].daddr))
			return true;
	return false;
}

/* The newest saved pair of the mark with both SAs in the kernel. */
static size_t find_whole_pair(const struct restart_state *st,
			      const struct kview *kv, uint32_t mark)
{
	size_t i;

	for (i = 0; i < st->n_esp; i++) {
		const struct restart_esp *e = &st->esp[i];

		if (e->mark == mark && !e->tunnel &&
		    sa_present(kv, e->spi_in, &e->local) &&
		    sa_present(kv, e->spi_out, &e->remote))
			return i;
	}
	return NONE;
}

static bool policies_present(const struct kview *kv, uint32_t mark)
{
	bool in = false, out = false;
	size_t i;

	for (i = 0; i < kv->n_pol; i++) {
		const struct kview_policy *k = &kv->pol[i];

		if (k->mark != mark && k->reqid != mark)
			continue;
		in |= k->dir == XFRM_POLICY_IN;
		out |= k->dir == XFRM_POLICY_OUT;
	}
	return in && out;
}

/* The ISAKMP SA of the pair's peer (same address and port), completed. */
static bool find_ike(const struct restart_state *st,
		     const struct restart_esp *e, uint64_t now_ms,
		     size_t *ike, size_t *res)
{
	size_t i, j;

	for (i = 0; i < st->n_ike; i++) {
		const struct restart_ike *k = &st->ike[i];

		if (!same_addr_ip(&k->remote, &e->remote) ||
		    k->remote.port != e->remote.port)
			continue;
		for (j = 0; j < st->n_ike_res; j++) {
			const struct restart_ike_resume *r = &st->ike_res[j];

			if (memcmp(r->cky_i, k->cky_i, 8) ||
			    memcmp(r->cky_r, k->cky_r, 8) ||
			    r->expire_ms <= now_ms)
				continue;
			*ike = i;
			*res = j;
			return true;
		}
	}
	return false;
}

static enum takeover_why decide_one(const struct restart_state *st,
				    const struct kview *kv, uint64_t now_ms,
				    struct takeover_item *it)
{
	const struct restart_session *s = &st->sess[it->sess];
	const struct restart_session_resume *r;
	const struct restart_l2tp *t;
	const struct restart_esp *e;
	uint8_t need = RESTART_PPP_AUTHENTICATED | RESTART_PPP_IPV4_UP;

	if (s->kind != ROAM_KIND_L2TP)
		return TAKEOVER_NOT_L2TP;
	it->sess_res = find_sess_res(st, s);
	if (it->sess_res == NONE)
		return TAKEOVER_NO_RESUME;
	r = &st->sess_res[it->sess_res];
	if ((r->flags & need) != need || !r->peer_ip || !r->local_ip)
		return TAKEOVER_NOT_OPENED;
	if (r->peer_ip != ntohl(s->ipv4) || !r->peer_sid || !s->sid)
		return TAKEOVER_INCONSISTENT;
	it->kernel = find_kernel(kv, s);
	if (it->kernel == NONE)
		return TAKEOVER_KERNEL_GONE;
	if (kv->sess[it->kernel].kind != ROAM_KIND_L2TP)
		return TAKEOVER_INCONSISTENT;
	it->l2tp = find_l2tp(st, s->tid);
	it->l2tp_res = find_l2tp_res(st, s->tid);
	if (it->l2tp == NONE || it->l2tp_res == NONE)
		return TAKEOVER_NO_TUNNEL;
	t = &st->l2tp[it->l2tp];
	if (!t->mark)
		return TAKEOVER_PLAINTEXT;
	it->esp = find_whole_pair(st, kv, t->mark);
	if (it->esp == NONE)
		return TAKEOVER_SA_GONE;
	e = &st->esp[it->esp];
	/* the tunnel's peer is the pair's (its port may be NAT-T's) */
	if (!same_addr_ip(&e->remote, &t->peer))
		return TAKEOVER_INCONSISTENT;
	if (!policies_present(kv, t->mark))
		return TAKEOVER_POLICY_GONE;
	if (!find_ike(st, e, now_ms, &it->ike, &it->ike_res))
		return TAKEOVER_NO_IKE;
	/* optional: a session the local database authenticated has none */
	it->sess_aaa = find_sess_aaa(st, s);
	return TAKEOVER_OK;
}

int takeover_decide(const struct restart_state *st, const struct kview *kv,
		    uint64_t now_ms, struct takeover_plan *p)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	if (!st->n_sess)
		return 0;
	p->item = calloc(st->n_sess, sizeof(*p->item));
	if (!p->item)
		return -1;
	for (i = 0; i < st->n_sess; i++) {
		struct takeover_item *it = &p->item[i];

		it->sess = i;
		it->sess_res = it->l2tp = it->l2tp_res = NONE;
		it->ike = it->ike_res = it->esp = it->kernel = NONE;
		it->sess_aaa = NONE;
		it->why = decide_one(st, kv, now_ms, it);
		if (it->why == TAKEOVER_OK)
			p->resume++;
		else
			p->end++;
	}
	p->n = st->n_sess;
	return 0;
}

void takeover_plan_free(struct takeover_plan *p)
{
	free(p->item);
	memset(p, 0, sizeof(*p));
}

int takeover_keep(const struct restart_state *st, const struct kview *kv,
		  const struct takeover_plan *plan,
		  struct reconcile_keep *keep)
{
	bool *ike = calloc(st->n_ike ? st->n_ike : 1, sizeof(bool));
	bool *l2tp = calloc(st->n_l2tp ? st->n_l2tp : 1, sizeof(bool));
	bool *ks = calloc(kv->n_sess ? kv->n_sess : 1, sizeof(bool));
	uint32_t *marks = calloc(plan->n ? plan->n : 1, sizeof(uint32_t));
	size_t i, j, n = 0;

	memset(keep, 0, sizeof(*keep));
	if (!ike || !l2tp || !ks || !marks) {
		free(ike);
		free(l2tp);
		free(ks);
		free(marks);
		return -1;
	}
	for (i = 0; i < plan->n; i++) {
		const struct takeover_item *it = &plan->item[i];
		uint32_t mark;

		if (it->why != TAKEOVER_OK)
			continue;
		ike[it->ike] = true;
		l2tp[it->l2tp] = true;
		ks[it->kernel] = true;
		mark = st->l2tp[it->l2tp].mark;
		for (j = 0; j < n && marks[j] != mark; j++)
			;
		if (j == n)
			marks[n++] = mark;
	}
	*keep = (struct reconcile_keep){ ike, l2tp, ks, marks, n };
	return 0;
}

void takeover_keep_free(struct reconcile_keep *keep)
{
	free((void *)keep->ike);
	free((void *)keep->l2tp);
	free((void *)keep->kernel_sess);
	free((void *)keep->marks);
	memset(keep, 0, sizeof(*keep));
}
