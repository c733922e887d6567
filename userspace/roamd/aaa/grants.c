// SPDX-License-Identifier: GPL-2.0
/*
 * Attributes granted by an authentication server, held per login until
 * its session exists (grants.h).  A list: only logins between their
 * verdict and their Mode-Config request are on it, a handful at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/grants.h"

struct aaa_grant {
	struct aaa_grant *next;
	uint64_t owner;
	uint64_t kept;			/* ms */
	char user[PPP_NAME_MAX + 1];
	struct aaa_attrs attrs;
};

static struct aaa_grant **find(struct aaa_grants *g, uint64_t owner)
{
	struct aaa_grant **pp;

	for (pp = &g->list; *pp; pp = &(*pp)->next)
		if ((*pp)->owner == owner)
			return pp;
	return NULL;
}

static void unlink_free(struct aaa_grants *g, struct aaa_grant **pp)
{
	struct aaa_grant *e = *pp;

	*pp = e->next;
	g->n--;
	free(e);
}

/* Forget the grants nobody came for (grants.h). */
static void expire(struct aaa_grants *g, uint64_t now)
{
	struct aaa_grant **pp = &g->list;

	while (*pp) {
		if (now >= (*pp)->kept && now - (*pp)->kept >= AAA_GRANT_TTL_MS)
			unlink_free(g, pp);
		else
			pp = &(*pp)->next;
	}
}

int aaa_grant_keep(struct aaa_grants *g, uint64_t owner, const char *user,
		   const struct aaa_attrs *attrs, uint64_t now)
{
	struct aaa_grant *e;

	aaa_grant_drop(g, owner);
	expire(g, now);
	e = calloc(1, sizeof(*e));
	if (!e)
		return -1;
	e->owner = owner;
	e->kept = now;
	snprintf(e->user, sizeof(e->user), "%s", user);
	e->attrs = *attrs;
	e->next = g->list;
	g->list = e;
	g->n++;
	return 0;
}

bool aaa_grant_take(struct aaa_grants *g, uint64_t owner, const char *user,
		    struct aaa_attrs *attrs)
{
	struct aaa_grant **pp = find(g, owner);
	bool mine;

	memset(attrs, 0, sizeof(*attrs));
	if (!pp)
		return false;
	mine = !strcmp((*pp)->user, user);
	if (mine)
		*attrs = (*pp)->attrs;
	unlink_free(g, pp);
	return mine;
}

void aaa_grant_drop(struct aaa_grants *g, uint64_t owner)
{
	struct aaa_grant **pp = find(g, owner);

	if (pp)
		unlink_free(g, pp);
}

void aaa_grants_fini(struct aaa_grants *g)
{
	while (g->list)
		unlink_free(g, &g->list);
}

bool aaa_attrs_group_ok(const struct aaa_attrs *a, const char *group)
{
	if (!a->remote || !a->filter_id[0])
		return true;
	return group && !strcmp(a->filter_id, group);
}
