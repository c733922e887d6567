// SPDX-License-Identifier: GPL-2.0
/* Group policy: resolution and decisions (policy.h).  Pure. */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "policy.h"
#include "radius/packet.h"

const char *policy_from_name(enum policy_from f)
{
	switch (f) {
	case POLICY_FROM_BASE:
		return "base";
	case POLICY_FROM_GROUP:
		return "group";
	case POLICY_FROM_USER:
		return "user";
	case POLICY_FROM_SERVER:
		return "the RADIUS server";
	default:
		return "default";
	}
}

const char *policy_setting_name(enum roam_pol_setting k)
{
	static const char *const names[ROAM_POL_COUNT] = {
		[ROAM_POL_ACCESS] = "access",
		[ROAM_POL_PPP_AUTH] = "ppp-auth",
		[ROAM_POL_ENCRYPTION] = "encryption",
		[ROAM_POL_MPPE_BITS] = "mppe-bits",
		[ROAM_POL_MPPE_STATELESS] = "mppe-stateless",
		[ROAM_POL_LOGINS] = "logins",
		[ROAM_POL_LOGINS_OVER] = "logins-over",
		[ROAM_POL_IDLE] = "idle-timeout",
		[ROAM_POL_MAX_CONNECT] = "max-connect",
		[ROAM_POL_HOURS] = "hours",
		[ROAM_POL_POOLS] = "pool",
		[ROAM_POL_DNS] = "dns",
		[ROAM_POL_WINS] = "wins",
		[ROAM_POL_DOMAIN] = "domain",
		[ROAM_POL_ADDR_ORDER] = "address-order",
	};

	return (unsigned int)k < ROAM_POL_COUNT ? names[k] : "?";
}

/*
 * The defaults: every access method and PPP method the services offer,
 * encryption as the service negotiates it, no limits, any time, every
 * pool, the PPP settings' DNS and WINS, and seed 001's address order
 * without the client's own choice (a client may not pick its address
 * unless the administrator says so).
 */
static void policy_defaults(struct roam_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->access = ROAM_ACCESS_ALL;
	p->ppp_auth = 1u << ROAM_PPP_AUTH_PAP | 1u << ROAM_PPP_AUTH_CHAP |
		      1u << ROAM_PPP_AUTH_MSCHAPV1 |
		      1u << ROAM_PPP_AUTH_MSCHAPV2;
	p->encryption = ROAM_MPPE_OPTIONAL;
	p->mppe_bits = ROAM_MPPE_40 | ROAM_MPPE_56 | ROAM_MPPE_128;
	p->logins_over = ROAM_LOGINS_REFUSE;
	p->naddr_order = 3;
	p->addr_order[0] = ROAM_ADDR_SERVER;
	p->addr_order[1] = ROAM_ADDR_USER;
	p->addr_order[2] = ROAM_ADDR_POOL;
	p->set = (1u << ROAM_POL_COUNT) - 1;
}

/* Copy setting k of src into dst. */
static void copy_setting(struct roam_policy *dst, const struct roam_policy *src,
			 enum roam_pol_setting k)
{
	switch (k) {
	case ROAM_POL_ACCESS:
		dst->access = src->access;
		break;
	case ROAM_POL_PPP_AUTH:
		dst->ppp_auth = src->ppp_auth;
		break;
	case ROAM_POL_ENCRYPTION:
		dst->encryption = src->encryption;
		break;
	case ROAM_POL_MPPE_BITS:
		dst->mppe_bits = src->mppe_bits;
		break;
	case ROAM_POL_MPPE_STATELESS:
		dst->mppe_stateless = src->mppe_stateless;
		break;
	case ROAM_POL_LOGINS:
		dst->logins = src->logins;
		break;
	case ROAM_POL_LOGINS_OVER:
		dst->logins_over = src->logins_over;
		break;
	case ROAM_POL_IDLE:
		dst->idle = src->idle;
		break;
	case ROAM_POL_MAX_CONNECT:
		dst->max_connect = src->max_connect;
		break;
	case ROAM_POL_HOURS:
		dst->nhours = src->nhours;
		memcpy(dst->hours, src->hours, sizeof(dst->hours));
		break;
	case ROAM_POL_POOLS:
		dst->npools = src->npools;
		memcpy(dst->pools, src->pools, sizeof(dst->pools));
		break;
	case ROAM_POL_DNS:
		dst->ndns = src->ndns;
		memcpy(dst->dns, src->dns, sizeof(dst->dns));
		break;
	case ROAM_POL_WINS:
		dst->nwins = src->nwins;
		memcpy(dst->wins, src->wins, sizeof(dst->wins));
		break;
	case ROAM_POL_DOMAIN:
		memcpy(dst->domain, src->domain, sizeof(dst->domain));
		break;
	case ROAM_POL_ADDR_ORDER:
		dst->naddr_order = src->naddr_order;
		memcpy(dst->addr_order, src->addr_order,
		       sizeof(dst->addr_order));
		break;
	default:
		break;
	}
}

void policy_merge(struct roam_policy *dst, const struct roam_policy *src,
		  uint32_t clear)
{
	unsigned int k;

	for (k = 0; k < ROAM_POL_COUNT; k++) {
		if (roam_policy_has(src, k)) {
			copy_setting(dst, src, k);
			dst->set |= 1u << k;
		} else if (clear & (1u << k)) {
			dst->set &= ~(1u << k);
		}
	}
}

void policy_group_level(const struct roamd_group *g, struct roam_policy *out)
{
	unsigned int i;

	*out = g->policy;
	if (g->npools) {
		out->npools = g->npools;
		memcpy(out->pools, g->pools, sizeof(out->pools));
		out->set |= 1u << ROAM_POL_POOLS;
	}
	if (g->ndns) {
		out->ndns = g->ndns;
		for (i = 0; i < g->ndns; i++)
			out->dns[i] = g->dns[i];
		out->set |= 1u << ROAM_POL_DNS;
	}
	if (g->nwins) {
		out->nwins = g->nwins;
		for (i = 0; i < g->nwins; i++)
			out->wins[i] = g->wins[i];
		out->set |= 1u << ROAM_POL_WINS;
	}
	if (g->domain[0]) {
		snprintf(out->domain, sizeof(out->domain), "%s", g->domain);
		out->set |= 1u << ROAM_POL_DOMAIN;
	}
}

void policy_resolve(const struct roam_policy *base,
		    const struct roam_policy *group,
		    const struct roam_policy *user, struct roamd_policy *out)
{
	const struct roam_policy *levels[] = { base, group, user };
	static const enum policy_from from[] = {
		POLICY_FROM_BASE, POLICY_FROM_GROUP, POLICY_FROM_USER
	};
	unsigned int k, l;

	memset(out, 0, sizeof(*out));
	policy_defaults(&out->v);
	for (l = 0; l < 3; l++) {
		if (!levels[l])
			continue;
		for (k = 0; k < ROAM_POL_COUNT; k++) {
			if (!roam_policy_has(levels[l], k))
				continue;
			copy_setting(&out->v, levels[l], k);
			out->from[k] = from[l];
		}
	}
}

void policy_for(const struct roamd_db *db, const char *user,
		const char *group, struct roamd_policy *out)
{
	const struct roamd_user *u = user ? users_find(&db->users, user) :
					    NULL;
	const struct roamd_group *b = groups_find(&db->groups,
						  POLICY_BASE_GROUP);
	const struct roamd_group *g;
	struct roam_policy bl, gl;

	if ((!group || !group[0]) && u)
		group = u->group;
	g = group && group[0] ? groups_find(&db->groups, group) : NULL;
	if (b)
		policy_group_level(b, &bl);
	if (g)
		policy_group_level(g, &gl);
	policy_resolve(b ? &bl : NULL, g && g != b ? &gl : NULL,
		       u ? u->policy : NULL, out);
	if (g)
		snprintf(out->group, sizeof(out->group), "%s", g->name);
}

static const char *access_name(uint8_t a)
{
	return a == ROAM_ACCESS_L2TP ? "L2TP" :
	       a == ROAM_ACCESS_PPTP ? "PPTP" :
	       a == ROAM_ACCESS_IPSEC ? "IKE (XAUTH/Mode-Config)" : "?";
}

size_t policy_ppp_offer(const struct roamd_policy *p, const uint8_t *dflt,
			size_t ndflt, uint8_t out[ROAM_PPP_AUTH_MAX])
{
	static const uint8_t strongest_first[] = {
		ROAM_PPP_AUTH_MSCHAPV2, ROAM_PPP_AUTH_MSCHAPV1,
		ROAM_PPP_AUTH_CHAP, ROAM_PPP_AUTH_PAP,
	};
	size_t i, n = 0;

	if (p->from[ROAM_POL_PPP_AUTH] != POLICY_FROM_DEFAULT)
		for (i = 0; i < sizeof(strongest_first); i++)
			if (p->v.ppp_auth & 1u << strongest_first[i])
				out[n++] = strongest_first[i];
	/*
	 * An empty list would mean no authentication at all: a policy
	 * that allows nothing still offers the service's list, and every
	 * login is then refused when the user is known.
	 */
	if (!n)
		for (i = 0; i < ndflt && n < ROAM_PPP_AUTH_MAX; i++)
			out[n++] = dflt[i];
	return n;
}

bool policy_hours_allow(const struct roam_policy *p, int wday, int minute)
{
	unsigned int i;

	if (!p->nhours)
		return true;
	for (i = 0; i < p->nhours; i++)
		if ((p->hours[i].days & (1u << wday)) &&
		    minute >= p->hours[i].start && minute < p->hours[i].end)
			return true;
	return false;
}

static const char *from_word(const struct roamd_policy *p,
			     enum roam_pol_setting k)
{
	return policy_from_name(p->from[k]);
}

void policy_admit(const struct roamd_policy *p, const struct policy_login *l,
		  struct policy_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->ok = true;
	if (!(p->v.access & l->access)) {
		v->ok = false;
		v->windows_error = POLICY_WERR_NO_DIALIN;
		snprintf(v->why, sizeof(v->why),
			 "%s is not an access method its policy allows (access from %s)",
			 access_name(l->access), from_word(p, ROAM_POL_ACCESS));
		return;
	}
	if (l->ppp_auth && !(p->v.ppp_auth & (1u << l->ppp_auth))) {
		v->ok = false;
		v->windows_error = POLICY_WERR_NO_DIALIN;
		snprintf(v->why, sizeof(v->why),
			 "%s is not a PPP authentication its policy allows (ppp-auth from %s)",
			 roam_ppp_auth_name(l->ppp_auth),
			 from_word(p, ROAM_POL_PPP_AUTH));
		return;
	}
	if (!policy_hours_allow(&p->v, l->wday, l->minute)) {
		v->ok = false;
		v->windows_error = POLICY_WERR_HOURS;
		snprintf(v->why, sizeof(v->why),
			 "outside its access hours (hours from %s)",
			 from_word(p, ROAM_POL_HOURS));
		return;
	}
	if (p->v.logins && l->logins >= p->v.logins) {
		if (p->v.logins_over == ROAM_LOGINS_END_OLDEST) {
			v->end_oldest = l->logins - p->v.logins + 1;
			snprintf(v->why, sizeof(v->why),
				 "a newer login of the same user (logins %u from %s)",
				 p->v.logins, from_word(p, ROAM_POL_LOGINS));
			return;
		}
		v->ok = false;
		v->windows_error = POLICY_WERR_NO_DIALIN;
		snprintf(v->why, sizeof(v->why),
			 "already logged in %u time%s, the most its policy allows (logins from %s)",
			 l->logins, l->logins == 1 ? "" : "s",
			 from_word(p, ROAM_POL_LOGINS));
	}
}

void policy_check_crypto(const struct roamd_policy *p,
			 const struct policy_crypto *c,
			 struct policy_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->ok = true;
	if (c->ipsec)
		return;		/* IPsec's own ESP: always encrypted */
	if (c->access == ROAM_ACCESS_L2TP) {
		if (p->v.encryption == ROAM_MPPE_REQUIRED) {
			v->ok = false;
			snprintf(v->why, sizeof(v->why),
				 "L2TP without IPsec, and its policy requires encryption (encryption from %s)",
				 from_word(p, ROAM_POL_ENCRYPTION));
		}
	} else if (!c->mppe) {
		if (p->v.encryption == ROAM_MPPE_REQUIRED) {
			v->ok = false;
			snprintf(v->why, sizeof(v->why),
				 "no MPPE, and its policy requires encryption (encryption from %s)",
				 from_word(p, ROAM_POL_ENCRYPTION));
		}
	} else if (!(c->mppe_bits & p->v.mppe_bits)) {
		v->ok = false;
		snprintf(v->why, sizeof(v->why),
			 "MPPE of a strength its policy does not allow (mppe-bits from %s)",
			 from_word(p, ROAM_POL_MPPE_BITS));
	} else if (p->v.mppe_stateless && !c->stateless) {
		v->ok = false;
		snprintf(v->why, sizeof(v->why),
			 "stateful MPPE, and its policy allows stateless only (mppe-stateless from %s)",
			 from_word(p, ROAM_POL_MPPE_STATELESS));
	}
	if (!v->ok)
		v->windows_error = POLICY_WERR_ENCRYPTION;
}

void policy_check_running(const struct roamd_policy *p,
			  const struct policy_running *r,
			  struct policy_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->ok = true;
	if (p->v.max_connect && r->up_s >= p->v.max_connect) {
		v->ok = false;
		v->term_cause = RADIUS_TERM_SESSION_TIMEOUT;
		snprintf(v->why, sizeof(v->why),
			 "its maximum connect time of %u s is over (max-connect from %s)",
			 p->v.max_connect, from_word(p, ROAM_POL_MAX_CONNECT));
	} else if (p->v.idle && r->idle_s >= p->v.idle) {
		v->ok = false;
		v->term_cause = RADIUS_TERM_IDLE_TIMEOUT;
		snprintf(v->why, sizeof(v->why),
			 "idle for %u s (idle-timeout from %s)", p->v.idle,
			 from_word(p, ROAM_POL_IDLE));
	} else if (!policy_hours_allow(&p->v, r->wday, r->minute)) {
		v->ok = false;
		v->term_cause = RADIUS_TERM_SESSION_TIMEOUT;
		snprintf(v->why, sizeof(v->why),
			 "its access hours are over (hours from %s)",
			 from_word(p, ROAM_POL_HOURS));
	}
}
