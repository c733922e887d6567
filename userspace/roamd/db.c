// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "policy.h"

void db_init(struct roamd_db *db)
{
	users_init(&db->users);
	pools_init(&db->pools);
	settings_init(&db->settings);
	groups_init(&db->groups);
	radius_conf_init(&db->radius);
}

void db_free(struct roamd_db *db)
{
	users_free(&db->users);
	pools_free(&db->pools);
	settings_free(&db->settings);
	groups_free(&db->groups);
	radius_conf_free(&db->radius);
}

/* The policy settings a user command gives (or clears); 0, or -1. */
static int user_policy(struct roamd_user *nu, const struct roam_cmd_user *u)
{
	if (!u->policy.set && !u->policy_clear)
		return 0;
	if (!nu->policy) {
		nu->policy = calloc(1, sizeof(*nu->policy));
		if (!nu->policy)
			return -1;
	}
	policy_merge(nu->policy, &u->policy, u->policy_clear);
	return 0;
}

/* user set: what it gives replaces the user's own; the rest stays. */
static int user_set(struct roamd_db *db, const struct roam_cmd_user *u,
		    char *err, size_t errlen)
{
	struct roamd_user *nu = users_find(&db->users, u->name);
	struct roamd_user *other;
	char *pw;

	if (!nu) {
		snprintf(err, errlen, "no user '%s' (user add first)",
			 u->name);
		return -1;
	}
	if (u->has_ipv4) {
		other = users_find_ipv4(&db->users, u->ipv4);
		if (other && other != nu) {
			snprintf(err, errlen,
				 "the address is already fixed for user '%s'",
				 other->name);
			return -1;
		}
	}
	if (user_policy(nu, u)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (u->password) {
		pw = malloc(u->password_len + 1);
		if (!pw) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		memcpy(pw, u->password, u->password_len);
		pw[u->password_len] = '\0';
		explicit_bzero(nu->password, nu->password_len);
		free(nu->password);
		nu->password = pw;
		nu->password_len = u->password_len;
	}
	if (u->has_ipv4) {
		nu->has_ipv4 = true;
		nu->ipv4 = u->ipv4;
	}
	if (u->group)
		snprintf(nu->group, sizeof(nu->group), "%s", u->group);
	return 0;
}

int db_apply(struct roamd_db *db, const struct roam_cmd *cmd, char *err,
	     size_t errlen)
{
	const struct roam_cmd_user *u = &cmd->user;
	const struct roam_cmd_pool *p = &cmd->pool;

	switch (cmd->obj) {
	case ROAM_OBJ_USER:
		if (cmd->verb == ROAM_VERB_ADD) {
			struct roamd_user *nu;

			if (users_add(&db->users, u->name, u->password,
				      u->password_len, u->has_ipv4, u->ipv4,
				      err, errlen))
				return -1;
			nu = users_find(&db->users, u->name);
			if (nu && u->group)
				snprintf(nu->group, sizeof(nu->group), "%s",
					 u->group);
			if (nu && user_policy(nu, u)) {
				users_del(&db->users, u->name);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			return 0;
		}
		if (cmd->verb == ROAM_VERB_SET)
			return user_set(db, u, err, errlen);
		if (cmd->verb == ROAM_VERB_DEL) {
			if (!users_del(&db->users, u->name))
				return 0;
			snprintf(err, errlen, "no user '%s'", u->name);
			return -1;
		}
		break;
	case ROAM_OBJ_POOL:
		if (cmd->verb == ROAM_VERB_ADD)
			return pools_add(&db->pools, p->name, p->first,
					 p->last, err, errlen) ? -1 : 0;
		if (cmd->verb == ROAM_VERB_DEL)
			return pools_del(&db->pools, p->name, err,
					 errlen) ? -1 : 0;
		break;
	case ROAM_OBJ_GROUP:
		return groups_apply(&db->groups, cmd, err, errlen);
	case ROAM_OBJ_RADIUS:
		return radius_conf_apply(&db->radius, cmd, err, errlen);
	case ROAM_OBJ_PSK:
	case ROAM_OBJ_IKE:
	case ROAM_OBJ_L2TP:
	case ROAM_OBJ_PPP:
	case ROAM_OBJ_PPTP:
		return settings_apply(&db->settings, cmd, err, errlen);
	default:
		break;
	}
	snprintf(err, errlen, "'%s %s' does not change users or pools",
		 roam_obj_name(cmd->obj), roam_verb_name(cmd->verb));
	return -1;
}
