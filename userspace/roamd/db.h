/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What roamd holds from its configuration: users and pools.  A reload
 * builds a new one and swaps it in only when the whole file is good.
 */
#ifndef ROAMD_DB_H
#define ROAMD_DB_H

#include "cmd.h"
#include "groups.h"
#include "pool.h"
#include "radius_conf.h"
#include "settings.h"
#include "users.h"

struct roamd_db {
	struct roamd_users users;
	struct roamd_pools pools;
	struct roamd_settings settings;
	struct roamd_groups groups;
	struct roamd_radius_conf radius;
};

void db_init(struct roamd_db *db);
void db_free(struct roamd_db *db);

/*
 * Apply a user or pool add/del, or a change of settings.  Returns 0, or -1 with the reason in err
 * (the command was refused: it exists, it does not, it overlaps, ...).
 * Pure: logs nothing, so callers choose how to report.
 */
int db_apply(struct roamd_db *db, const struct roam_cmd *cmd, char *err,
	     size_t errlen);

#endif /* ROAMD_DB_H */
