// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>

#include "db.h"

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
			return 0;
		}
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
