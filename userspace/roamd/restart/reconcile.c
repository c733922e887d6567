// SPDX-License-Identifier: GPL-2.0
/* The restart decision (reconcile.h): state + kernel view -> actions. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/roam.h>

#include "restart/reconcile.h"

static int push(struct reconcile_plan *p, enum reconcile_op op, size_t arg,
		size_t arg2, bool orphan)
{
	struct reconcile_action *a;

	if (!p->n || (p->n >= 16 && !(p->n & (p->n - 1)))) {
		a = realloc(p->act, (p->n ? p->n * 2 : 16) * sizeof(*a));
		if (!a)
			return -1;
		p->act = a;
	}
	p->act[p->n++] = (struct reconcile_action){ op, arg, arg2, orphan };
	if (orphan)
		p->orphans++;
	return 0;
}

static bool mark_saved(const struct restart_state *st, uint32_t mark)
{
	size_t i;

	for (i = 0; mark && i < st->n_esp; i++)
		if (st->esp[i].mark == mark)
			return true;
	return false;
}

static bool same_ip(const struct restart_addr *a, uint8_t family,
		    const uint8_t *ip)
{
	return a->family == family &&
	       !memcmp(a->ip, ip, family == AF_INET ? 4 : 16);
}

/* The kernel SA the state names by SPI (inbound at local, out at remote). */
static bool sa_saved(const struct restart_state *st, const struct kview_sa *k)
{
	size_t i;

	for (i = 0; i < st->n_esp; i++) {
		const struct restart_esp *e = &st->esp[i];

		if ((e->spi_in == k->spi && same_ip(&e->local, k->family,
						     k->daddr)) ||
		    (e->spi_out == k->spi && same_ip(&e->remote, k->family,
						      k->daddr)))
			return true;
	}
	return false;
}

static bool sa_roam_shaped(const struct kview_sa *k, uint32_t mark_first)
{
	return k->reqid >= mark_first &&
	       (k->mark == k->reqid || k->set_mark == k->reqid);
}

/* The outbound SA of a saved pair is still in the kernel. */
static bool esp_alive(const struct restart_esp *e, const struct kview *kv)
{
	size_t i;

	for (i = 0; i < kv->n_sa; i++)
		if (kv->sa[i].spi == e->spi_out &&
		    same_ip(&e->remote, kv->sa[i].family, kv->sa[i].daddr))
			return true;
	return false;
}

static bool mark_has_sa(uint32_t mark, const struct kview *kv)
{
	size_t i;

	for (i = 0; i < kv->n_sa; i++)
		if (kv->sa[i].mark == mark)
			return true;
	return false;
}

/* The IKE SA of a pair: same peer address and port, else same address. */
static bool ike_for_esp(const struct restart_state *st,
			const struct restart_esp *e, size_t *out)
{
	bool any = false;
	size_t i;

	for (i = 0; i < st->n_ike; i++) {
		const struct restart_addr *r = &st->ike[i].remote;

		if (!same_ip(r, e->remote.family, e->remote.ip))
			continue;
		if (r->port == e->remote.port) {
			*out = i;
			return true;
		}
		if (!any)
			*out = i;
		any = true;
	}
	return any;
}

static bool session_saved(const struct restart_state *st,
			  const struct kview_session *k)
{
	size_t i;

	for (i = 0; i < st->n_sess; i++)
		if (st->sess[i].ifindex == k->ifindex && st->sess[i].id == k->id)
			return true;
	return false;
}

static bool mark_kept(const struct reconcile_keep *k, uint32_t mark)
{
	size_t i;

	for (i = 0; k && mark && i < k->n_marks; i++)
		if (k->marks[i] == mark)
			return true;
	return false;
}

static bool kept(const bool *flags, size_t i)
{
	return flags && flags[i];
}

int reconcile(const struct restart_state *st, const struct kview *kv,
	      uint32_t mark_first, uint32_t policy_priority,
	      struct reconcile_plan *p)
{
	return reconcile_keeping(st, kv, mark_first, policy_priority, NULL, p);
}

int reconcile_keeping(const struct restart_state *st, const struct kview *kv,
		      uint32_t mark_first, uint32_t policy_priority,
		      const struct reconcile_keep *keep,
		      struct reconcile_plan *p)
{
	const struct reconcile_keep none = {};
	size_t i, ike = 0;

	if (!keep)
		keep = &none;
	memset(p, 0, sizeof(*p));
	/* 1. StopCCN while the tunnel's SA can still carry it. */
	for (i = 0; i < st->n_l2tp; i++) {
		if (kept(keep->l2tp, i))
			continue;
		if (st->l2tp[i].mark && !mark_has_sa(st->l2tp[i].mark, kv))
			continue;
		if (push(p, RC_L2TP_STOPCCN, i, 0, false))
			goto nomem;
		p->stopccn++;
	}
	/* 2. The client hears that its ESP SAs and its ISAKMP SA are gone. */
	for (i = 0; i < st->n_esp; i++) {
		if (mark_kept(keep, st->esp[i].mark))
			continue;
		if (!esp_alive(&st->esp[i], kv) ||
		    !ike_for_esp(st, &st->esp[i], &ike))
			continue;
		if (push(p, RC_IKE_DELETE_ESP, ike, i, false))
			goto nomem;
		p->esp_del++;
	}
	for (i = 0; i < st->n_ike; i++) {
		if (kept(keep->ike, i))
			continue;
		if (push(p, RC_IKE_DELETE, i, 0, false))
			goto nomem;
		p->ike_del++;
	}
	/* 3. What roam installed in xfrm. */
	for (i = 0; i < kv->n_sa; i++) {
		const struct kview_sa *k = &kv->sa[i];
		bool saved = sa_saved(st, k) || mark_saved(st, k->mark) ||
			     mark_saved(st, k->set_mark);

		if (!saved && !sa_roam_shaped(k, mark_first))
			continue;
		if (mark_kept(keep, k->mark) || mark_kept(keep, k->set_mark))
			continue;
		if (push(p, RC_SA_DEL, i, 0, !saved))
			goto nomem;
		p->sa_del++;
	}
	for (i = 0; i < kv->n_pol; i++) {
		const struct kview_policy *k = &kv->pol[i];
		bool saved = mark_saved(st, k->mark) ||
			     mark_saved(st, k->reqid);
		bool shaped = k->priority == policy_priority &&
			      k->reqid >= mark_first &&
			      (!k->mark || k->mark == k->reqid);

		if (!saved && !shaped)
			continue;
		if (mark_kept(keep, k->mark) || mark_kept(keep, k->reqid))
			continue;
		if (push(p, RC_POLICY_DEL, i, 0, !saved))
			goto nomem;
		p->pol_del++;
	}
	/* 4. The kernel sessions of the kinds roamd carries. */
	for (i = 0; i < kv->n_sess; i++) {
		const struct kview_session *k = &kv->sess[i];

		if (k->kind != ROAM_KIND_L2TP && k->kind != ROAM_KIND_PPTP)
			continue;
		if (kept(keep->kernel_sess, i))
			continue;
		if (push(p, RC_SESSION_DEL, i, 0, !session_saved(st, k)))
			goto nomem;
		p->sess_del++;
	}
	return 0;
nomem:
	reconcile_plan_free(p);
	return -1;
}

void reconcile_plan_free(struct reconcile_plan *p)
{
	free(p->act);
	memset(p, 0, sizeof(*p));
}
