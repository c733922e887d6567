// SPDX-License-Identifier: GPL-2.0
/* The remote-access groups of the configuration (groups.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "policy.h"

void groups_init(struct roamd_groups *g)
{
	memset(g, 0, sizeof(*g));
}

static void group_free(struct roamd_group *grp)
{
	if (!grp)
		return;
	if (grp->psk)
		explicit_bzero(grp->psk, grp->psk_len);
	free(grp->psk);
	free(grp);
}

void groups_free(struct roamd_groups *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		group_free(g->v[i]);
	g->n = 0;
}

struct roamd_group *groups_find(const struct roamd_groups *g,
				const char *name)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(g->v[i]->name, name))
			return g->v[i];
	return NULL;
}

static int group_del(struct roamd_groups *g, const char *name, char *err,
		     size_t errlen)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		if (strcmp(g->v[i]->name, name))
			continue;
		group_free(g->v[i]);
		memmove(&g->v[i], &g->v[i + 1],
			(g->n - i - 1) * sizeof(g->v[0]));
		g->n--;
		return 0;
	}
	snprintf(err, errlen, "no group '%s'", name);
	return -1;
}

/*
 * The lists and texts a command gives (pools, DNS, WINS, split networks,
 * domain, banner): each replaces the group's when given, for a new group
 * (group add) and a changed one (group set) alike.
 */
static void group_apply_lists(struct roamd_group *grp,
			      const struct roam_cmd_group *c)
{
	if (c->npools) {
		grp->npools = c->npools;
		memcpy(grp->pools, c->pools, sizeof(grp->pools));
	}
	if (c->ndns) {
		grp->ndns = c->ndns;
		memcpy(grp->dns, c->dns, sizeof(grp->dns));
	}
	if (c->nwins) {
		grp->nwins = c->nwins;
		memcpy(grp->wins, c->wins, sizeof(grp->wins));
	}
	if (c->nsplit) {
		grp->nsplit = c->nsplit;
		memcpy(grp->split, c->split, sizeof(grp->split));
	}
	if (c->domain)
		snprintf(grp->domain, sizeof(grp->domain), "%.*s",
			 (int)c->domain_len, c->domain);
	if (c->banner)
		snprintf(grp->banner, sizeof(grp->banner), "%.*s",
			 (int)c->banner_len, c->banner);
}

static int group_add(struct roamd_groups *g, const struct roam_cmd_group *c,
		     char *err, size_t errlen)
{
	struct roamd_group *grp;

	if (groups_find(g, c->name)) {
		snprintf(err, errlen, "group '%s' already exists (group del first)",
			 c->name);
		return -1;
	}
	if (g->n == ROAMD_MAX_GROUPS) {
		snprintf(err, errlen, "too many groups (at most %d)",
			 ROAMD_MAX_GROUPS);
		return -1;
	}
	grp = calloc(1, sizeof(*grp));
	if (grp)
		grp->psk = malloc(c->psk_len ? c->psk_len : 1);
	if (!grp || !grp->psk) {
		group_free(grp);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(grp->name, sizeof(grp->name), "%s", c->name);
	memcpy(grp->psk, c->psk, c->psk_len);
	grp->psk_len = c->psk_len;
	grp->aggressive = c->aggressive;
	grp->xauth = c->xauth;
	grp->push = c->push;
	grp->save_password = c->save_password;
	grp->pfs = c->pfs;
	grp->auth_source = c->auth_source;
	group_apply_lists(grp, c);
	policy_merge(&grp->policy, &c->policy, 0);
	g->v[g->n++] = grp;
	return 0;
}

/* The settings "group set" gives replace the group's; the rest stay. */
static int group_set(struct roamd_groups *g, const struct roam_cmd_group *c,
		     char *err, size_t errlen)
{
	struct roamd_group *grp = groups_find(g, c->name);
	uint8_t *psk;

	if (!grp && !strcmp(c->name, POLICY_BASE_GROUP)) {
		if (g->n == ROAMD_MAX_GROUPS) {
			snprintf(err, errlen, "too many groups (at most %d)",
				 ROAMD_MAX_GROUPS);
			return -1;
		}
		grp = calloc(1, sizeof(*grp));
		if (!grp) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		snprintf(grp->name, sizeof(grp->name), "%s", c->name);
		grp->aggressive = grp->xauth = grp->push = -1;
		grp->save_password = grp->pfs = grp->auth_source = -1;
		g->v[g->n++] = grp;
	}
	if (!grp) {
		snprintf(err, errlen, "no group '%s' (group add first)",
			 c->name);
		return -1;
	}
	if (c->psk) {
		psk = malloc(c->psk_len ? c->psk_len : 1);
		if (!psk) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		memcpy(psk, c->psk, c->psk_len);
		if (grp->psk)
			explicit_bzero(grp->psk, grp->psk_len);
		free(grp->psk);
		grp->psk = psk;
		grp->psk_len = c->psk_len;
	}
	if (c->aggressive >= 0)
		grp->aggressive = c->aggressive;
	if (c->xauth >= 0)
		grp->xauth = c->xauth;
	if (c->push >= 0)
		grp->push = c->push;
	if (c->save_password >= 0)
		grp->save_password = c->save_password;
	if (c->pfs >= 0)
		grp->pfs = c->pfs;
	if (c->auth_source >= 0)
		grp->auth_source = c->auth_source;
	group_apply_lists(grp, c);
	policy_merge(&grp->policy, &c->policy, c->policy_clear);
	return 0;
}

int groups_apply(struct roamd_groups *g, const struct roam_cmd *cmd,
		 char *err, size_t errlen)
{
	if (cmd->verb == ROAM_VERB_ADD)
		return group_add(g, &cmd->group, err, errlen);
	if (cmd->verb == ROAM_VERB_DEL)
		return group_del(g, cmd->group.name, err, errlen);
	if (cmd->verb == ROAM_VERB_SET)
		return group_set(g, &cmd->group, err, errlen);
	snprintf(err, errlen, "'group %s' does not change groups",
		 roam_verb_name(cmd->verb));
	return -1;
}

static bool setting(int v, bool dflt)
{
	return v < 0 ? dflt : v;
}

void groups_resolve(const struct roamd_group *grp,
		    struct roamd_group_policy *pol)
{
	pol->aggressive = setting(grp->aggressive, false);
	pol->xauth = setting(grp->xauth, true);
	pol->push = setting(grp->push, false);
	pol->save_password = setting(grp->save_password, false);
	pol->pfs = setting(grp->pfs, false);
	pol->auth_source = grp->auth_source < 0 ? ROAM_AUTH_SOURCE_LOCAL :
						  grp->auth_source;
}
