/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Remote-access groups (roam group): an ASA's tunnel-group and its group
 * policy in one object.  Part of struct roamd_db, so a reload replaces
 * them only when the whole file is good.
 *
 * Each setting remembers whether it was given: the policy's inheritance
 * (base group -> group -> user) resolves the ones left alone, so the
 * defaults are applied where a group is used (groups_resolve()), not
 * when it is stored.
 */
#ifndef ROAMD_GROUPS_H
#define ROAMD_GROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"

#define ROAMD_MAX_GROUPS	256

struct roamd_group {
	char name[ROAM_GROUP_NAME_MAX + 1];
	uint8_t *psk;			/* a secret: wiped when freed */
	size_t psk_len;
	int aggressive, xauth, push, save_password, pfs;	/* -1: not set */
	unsigned int npools, ndns, nwins, nsplit;
	char pools[ROAM_GROUP_POOLS_MAX][ROAM_POOL_NAME_MAX + 1];
	uint32_t dns[ROAM_GROUP_SERVERS_MAX];	/* host byte order */
	uint32_t wins[ROAM_GROUP_SERVERS_MAX];
	struct roam_ipv4_net split[ROAM_GROUP_SPLIT_MAX];
	char domain[ROAM_GROUP_DOMAIN_MAX + 1];
	char banner[ROAM_GROUP_BANNER_MAX + 1];
	int auth_source;		/* -1: not set */
	/* the group policy; pools, DNS, WINS, domain: the fields above */
	struct roam_policy policy;
};

struct roamd_groups {
	struct roamd_group *v[ROAMD_MAX_GROUPS];	/* in order of addition */
	size_t n;
};

/* A group's settings with the defaults filled in. */
struct roamd_group_policy {
	bool aggressive;		/* default off: weak */
	bool xauth;			/* default on */
	bool push;			/* default off: the client pulls */
	bool save_password;		/* default off */
	bool pfs;			/* default off */
	int auth_source;		/* XAUTH; default the local users */
};

void groups_init(struct roamd_groups *g);
/* Frees every group, wiping the keys. */
void groups_free(struct roamd_groups *g);
/*
 * group add / set / del: 0, or -1 with the reason in err.  "group set"
 * changes the settings it gives; the base group ("base") is created by
 * its first "group set".
 */
int groups_apply(struct roamd_groups *g, const struct roam_cmd *cmd,
		 char *err, size_t errlen);
struct roamd_group *groups_find(const struct roamd_groups *g,
				const char *name);
void groups_resolve(const struct roamd_group *grp,
		    struct roamd_group_policy *pol);

#endif /* ROAMD_GROUPS_H */
