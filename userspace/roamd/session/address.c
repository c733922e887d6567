// SPDX-License-Identifier: GPL-2.0
/*
 * Which address a session gets, in the order of its policy
 * ("address-order", seed 001's): the client's own request (only when the
 * order names it), the one the authentication server gave (RADIUS
 * Framed-IP-Address), the user's own when the database gives one, the
 * first of its policy's pools (none named: every pool; the server's
 * Framed-Pool instead, when it named one) with a free
 * address.  By default: server, user, pool.  An
 * address is in use when any session holds it, whatever its access
 * method.
 */
#include <stdio.h>

#include "addr.h"
#include "db.h"
#include "log.h"
#include "policy.h"
#include "session/session.h"

bool session_address_in_use(const struct session_table *t, uint32_t addr)
{
	const struct roamd_session *s;

	for (s = t->list; s; s = s->next)
		if (s->addr == addr)
			return true;
	return false;
}

/*
 * The server's address: refused when another session holds it or it
 * cannot be a client's; reserved in its pool when it lies in one, so
 * that the pool does not hand it out twice.
 */
static int take_server_address(struct roamd_session *s, const char *user)
{
	struct roamd_pools *pools = &s->tab->db->pools;
	char a[ROAM_IPV4_STRLEN];
	size_t i;

	roam_ipv4_format(s->auth_addr, a);
	if (!roam_ipv4_assignable(s->auth_addr)) {
		log_warn("user %s: the RADIUS server's address %s cannot be given to a client: refused",
			 user, a);
		return -1;
	}
	if (session_address_in_use(s->tab, s->auth_addr)) {
		log_warn("user %s: the RADIUS server's address %s is in use: refused",
			 user, a);
		return -1;
	}
	s->pool[0] = '\0';
	for (i = 0; i < pools->n; i++) {
		if (!pool_contains(&pools->v[i], s->auth_addr))
			continue;
		if (pool_reserve(&pools->v[i], s->auth_addr)) {
			log_warn("user %s: the RADIUS server's address %s is taken in pool %s: refused",
				 user, a, pools->v[i].name);
			return -1;
		}
		snprintf(s->pool, sizeof(s->pool), "%s", pools->v[i].name);
		break;
	}
	session_set_addr(s, s->auth_addr);
	return 0;
}

/* The client's own choice: honoured when free and assignable. */
static int take_client_address(struct roamd_session *s, uint32_t requested)
{
	struct roamd_pools *pools = &s->tab->db->pools;
	size_t i;

	if (!requested || !roam_ipv4_assignable(requested) ||
	    session_address_in_use(s->tab, requested))
		return -1;
	s->pool[0] = '\0';
	for (i = 0; i < pools->n; i++) {
		if (!pool_contains(&pools->v[i], requested))
			continue;
		if (pool_reserve(&pools->v[i], requested))
			return -1;
		snprintf(s->pool, sizeof(s->pool), "%s", pools->v[i].name);
		break;
	}
	session_set_addr(s, requested);
	return 0;
}

static int take_from_pools(struct roamd_session *s, const char *user,
			   const char (*names)[ROAM_POOL_NAME_MAX + 1],
			   size_t nnames)
{
	struct roamd_db *db = s->tab->db;
	uint32_t addr;
	size_t i;

	for (i = 0; i < (nnames ? nnames : db->pools.n); i++) {
		struct roamd_pool *p = nnames ? pools_find(&db->pools, names[i]) :
						&db->pools.v[i];

		if (!p) {
			log_warn("user %s: pool %s does not exist", user,
				 names[i]);
			continue;
		}
		if (!pool_alloc(p, &addr)) {
			session_set_addr(s, addr);
			snprintf(s->pool, sizeof(s->pool), "%s", p->name);
			return 0;
		}
	}
	log_warn("no address for user %s: %s", user,
		 db->pools.n ? (nnames ? "every pool of its policy is exhausted" :
					 "every pool is exhausted") :
			       "no pool configured");
	return -1;
}

/*
 * The server's Framed-Pool (RFC 2869 5.18) replaces the policy's pools:
 * a pool roamd does not have, or an exhausted one, refuses the login
 * rather than giving an address the server did not mean.
 */
static int take_server_pool(struct roamd_session *s, const char *user)
{
	struct roamd_pool *p = pools_find(&s->tab->db->pools, s->auth_pool);
	uint32_t addr;

	if (!p) {
		log_warn("no address for user %s: the RADIUS server's Framed-Pool %s does not exist",
			 user, s->auth_pool);
		return -1;
	}
	if (pool_alloc(p, &addr)) {
		log_warn("no address for user %s: the RADIUS server's Framed-Pool %s is exhausted",
			 user, p->name);
		return -1;
	}
	session_set_addr(s, addr);
	snprintf(s->pool, sizeof(s->pool), "%s", p->name);
	return 0;
}

/*
 * In the given order: the client's own (skipped when taken or not
 * given), the server's and the user's fixed one (refused when another
 * session holds it: it is this user's, the other session is the
 * user's too), the pools.
 */
static int take_in_order(struct roamd_session *s, const char *user,
			 uint32_t requested, const uint8_t *order,
			 size_t norder,
			 const char (*names)[ROAM_POOL_NAME_MAX + 1],
			 size_t nnames)
{
	struct roamd_user *u = users_find(&s->tab->db->users, user);
	char a[ROAM_IPV4_STRLEN];
	size_t i;

	if (s->addr)
		return 0;
	for (i = 0; i < norder; i++) {
		switch (order[i]) {
		case ROAM_ADDR_CLIENT:
			if (!take_client_address(s, requested))
				return 0;
			break;
		case ROAM_ADDR_SERVER:
			if (s->auth_addr)
				return take_server_address(s, user);
			break;
		case ROAM_ADDR_USER:
			if (!u || !u->has_ipv4)
				break;
			roam_ipv4_format(u->ipv4, a);
			if (session_address_in_use(s->tab, u->ipv4)) {
				log_warn("user %s is already connected with %s: refused",
					 user, a);
				return -1;
			}
			session_set_addr(s, u->ipv4);
			s->pool[0] = '\0';
			return 0;
		case ROAM_ADDR_POOL:
			if (s->auth_pool[0])
				return take_server_pool(s, user);
			return take_from_pools(s, user, names, nnames);
		default:
			break;
		}
	}
	log_warn("no address for user %s: its address order (address-order) gives none",
		 user);
	return -1;
}

int session_address_take(struct roamd_session *s, const char *user)
{
	return session_address_take_policy(s, user, 0);
}

int session_address_take_policy(struct roamd_session *s, const char *user,
				uint32_t requested)
{
	struct roamd_policy p;

	policy_for(s->tab->db, user, s->view_tmpl.group, &p);
	return take_in_order(s, user, requested, p.v.addr_order,
			     p.v.naddr_order, p.v.pools, p.v.npools);
}

int session_address_take_pools(struct roamd_session *s, const char *user,
			       const char (*names)[ROAM_POOL_NAME_MAX + 1],
			       size_t nnames)
{
	static const uint8_t order[] = {
		ROAM_ADDR_SERVER, ROAM_ADDR_USER, ROAM_ADDR_POOL
	};

	return take_in_order(s, user, 0, order, 3, names, nnames);
}

int session_address_take_exact(struct roamd_session *s, uint32_t addr)
{
	return take_client_address(s, addr);
}

void session_address_release(struct roamd_session *s)
{
	struct roamd_pool *p;

	if (s->addr && s->pool[0]) {
		p = pools_find(&s->tab->db->pools, s->pool);
		if (p)
			pool_release(p, s->addr);
	}
	session_set_addr(s, 0);
	s->pool[0] = '\0';
}
