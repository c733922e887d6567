// SPDX-License-Identifier: GPL-2.0
/*
 * Users in a hash table by name: authentication looks a name up on every
 * login, and a site can have thousands of them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "users.h"

void users_init(struct roamd_users *u)
{
	memset(u, 0, sizeof(*u));
}

/* FNV-1a: names are short and not chosen by the network's side. */
static size_t name_hash(const char *name)
{
	uint32_t h = 2166136261u;

	while (*name) {
		h ^= (unsigned char)*name++;
		h *= 16777619u;
	}
	return h;
}

static void user_free(struct roamd_user *user)
{
	if (user->password)
		explicit_bzero(user->password, user->password_len);
	free(user->password);
	free(user->policy);
	free(user->name);
	explicit_bzero(user, sizeof(*user));
	free(user);
}

void users_free(struct roamd_users *u)
{
	size_t i;

	for (i = 0; i < u->nbuckets; i++) {
		struct roamd_user *user = u->buckets[i], *next;

		for (; user; user = next) {
			next = user->next;
			user_free(user);
		}
	}
	free(u->buckets);
	users_init(u);
}

struct roamd_user *users_find(const struct roamd_users *u, const char *name)
{
	struct roamd_user *user;

	if (!u->nbuckets)
		return NULL;
	user = u->buckets[name_hash(name) & (u->nbuckets - 1)];
	for (; user; user = user->next)
		if (!strcmp(user->name, name))
			return user;
	return NULL;
}

/* Only "user add" asks this, so a walk is enough. */
struct roamd_user *users_find_ipv4(const struct roamd_users *u,
				   uint32_t ipv4)
{
	struct roamd_user *user;
	size_t i;

	for (i = 0; i < u->nbuckets; i++)
		for (user = u->buckets[i]; user; user = user->next)
			if (user->has_ipv4 && user->ipv4 == ipv4)
				return user;
	return NULL;
}

static int grow(struct roamd_users *u)
{
	size_t n = u->nbuckets ? 2 * u->nbuckets : 64, i;
	struct roamd_user **b = calloc(n, sizeof(*b));

	if (!b)
		return -ENOMEM;
	for (i = 0; i < u->nbuckets; i++) {
		struct roamd_user *user = u->buckets[i], *next;

		for (; user; user = next) {
			size_t h = name_hash(user->name) & (n - 1);

			next = user->next;
			user->next = b[h];
			b[h] = user;
		}
	}
	free(u->buckets);
	u->buckets = b;
	u->nbuckets = n;
	return 0;
}

int users_add(struct roamd_users *u, const char *name, const char *password,
	      size_t password_len, bool has_ipv4, uint32_t ipv4,
	      char *err, size_t errlen)
{
	struct roamd_user *user, *other;
	size_t h;

	if (users_find(u, name)) {
		snprintf(err, errlen, "user '%s' already exists", name);
		return -EEXIST;
	}
	if (has_ipv4) {
		other = users_find_ipv4(u, ipv4);
		if (other) {
			char a[ROAM_IPV4_STRLEN];

			roam_ipv4_format(ipv4, a);
			snprintf(err, errlen,
				 "address %s is already fixed for user '%s'",
				 a, other->name);
			return -EEXIST;
		}
	}
	if (u->count >= 2 * u->nbuckets && grow(u))
		goto nomem;

	user = calloc(1, sizeof(*user));
	if (!user)
		goto nomem;
	user->name = strdup(name);
	/* +1 keeps a NUL after it for the C string APIs of later users */
	user->password = malloc(password_len + 1);
	if (!user->name || !user->password) {
		user_free(user);
		goto nomem;
	}
	memcpy(user->password, password, password_len);
	user->password[password_len] = '\0';
	user->password_len = password_len;
	user->has_ipv4 = has_ipv4;
	user->ipv4 = ipv4;

	h = name_hash(name) & (u->nbuckets - 1);
	user->next = u->buckets[h];
	u->buckets[h] = user;
	u->count++;
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

int users_del(struct roamd_users *u, const char *name)
{
	struct roamd_user **pp;

	if (!u->nbuckets)
		return -ENOENT;
	pp = &u->buckets[name_hash(name) & (u->nbuckets - 1)];
	for (; *pp; pp = &(*pp)->next) {
		struct roamd_user *user = *pp;

		if (!strcmp(user->name, name)) {
			*pp = user->next;
			user_free(user);
			u->count--;
			return 0;
		}
	}
	return -ENOENT;
}

static int by_name(const void *a, const void *b)
{
	const struct roamd_user *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

int users_sorted(const struct roamd_users *u, struct roamd_user ***out)
{
	struct roamd_user **v, *user;
	size_t i, n = 0;

	*out = NULL;
	if (!u->count)
		return 0;
	v = calloc(u->count, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < u->nbuckets; i++)
		for (user = u->buckets[i]; user; user = user->next)
			v[n++] = user;
	qsort(v, n, sizeof(*v), by_name);
	*out = v;
	return 0;
}
