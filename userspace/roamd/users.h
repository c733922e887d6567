/* SPDX-License-Identifier: GPL-2.0 */
/* The local user database: names, passwords, optional fixed addresses. */
#ifndef ROAMD_USERS_H
#define ROAMD_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"

struct roamd_user {
	struct roamd_user *next;	/* hash chain */
	char *name;
	/* a secret: never logged or shown; wiped when freed */
	char *password;
	size_t password_len;
	bool has_ipv4;
	uint32_t ipv4;			/* host byte order */
	/* the only remote-access group it may use; "": any */
	char group[ROAM_GROUP_NAME_MAX + 1];
	/* its own policy settings; NULL: none, all inherited */
	struct roam_policy *policy;
};

struct roamd_users {
	struct roamd_user **buckets;
	size_t nbuckets;		/* a power of two, or 0 */
	size_t count;
};

void users_init(struct roamd_users *u);
/* Free every user, wiping the passwords. */
void users_free(struct roamd_users *u);

/*
 * Returns 0; -EEXIST when the name exists or the fixed address is
 * another user's (err says whose); -ENOMEM.
 */
int users_add(struct roamd_users *u, const char *name, const char *password,
	      size_t password_len, bool has_ipv4, uint32_t ipv4,
	      char *err, size_t errlen);
/* Returns 0 or -ENOENT. */
int users_del(struct roamd_users *u, const char *name);

struct roamd_user *users_find(const struct roamd_users *u, const char *name);
struct roamd_user *users_find_ipv4(const struct roamd_users *u,
				   uint32_t ipv4);

/* All users sorted by name, in a malloc'ed array (NULL when empty). */
int users_sorted(const struct roamd_users *u, struct roamd_user ***out);

#endif /* ROAMD_USERS_H */
