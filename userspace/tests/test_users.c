// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>

#include "db.h"
#include "test.h"

static char err[256];

static void add_find_del(void)
{
	struct roamd_users u;
	struct roamd_user *user;

	users_init(&u);
	CHECK(users_find(&u, "alice") == NULL);
	CHECK_INT(users_del(&u, "alice"), -ENOENT);
	CHECK_INT(users_add(&u, "alice", "pw\0x", 4, true, 0x0a010005, err,
			    sizeof(err)), 0);
	user = users_find(&u, "alice");
	CHECK(user != NULL);
	CHECK_INT(user->password_len, 4);
	CHECK(!memcmp(user->password, "pw\0x", 4));
	CHECK(users_find_ipv4(&u, 0x0a010005) == user);

	CHECK_INT(users_add(&u, "alice", "x", 1, false, 0, err, sizeof(err)),
		  -EEXIST);
	CHECK_HAS(err, "user 'alice' already exists");
	CHECK_INT(users_add(&u, "bob", "x", 1, true, 0x0a010005, err,
			    sizeof(err)), -EEXIST);
	CHECK_HAS(err, "address 10.1.0.5 is already fixed for user 'alice'");
	CHECK_INT(u.count, 1);
	CHECK_INT(users_del(&u, "alice"), 0);
	CHECK(users_find(&u, "alice") == NULL);
	CHECK_INT(u.count, 0);
	users_free(&u);
}

static void many_sorted(void)
{
	struct roamd_users u;
	struct roamd_user **v;
	char name[16];
	int i;

	users_init(&u);
	/* enough to make the table grow a few times */
	for (i = 999; i >= 0; i--) {
		snprintf(name, sizeof(name), "user%03d", i);
		CHECK_INT(users_add(&u, name, "pw", 2, false, 0, err,
				    sizeof(err)), 0);
	}
	CHECK_INT(u.count, 1000);
	CHECK(users_find(&u, "user500") != NULL);
	CHECK(users_find(&u, "user1000") == NULL);
	CHECK_INT(users_sorted(&u, &v), 0);
	CHECK_STR(v[0]->name, "user000");
	CHECK_STR(v[999]->name, "user999");
	for (i = 1; i < 1000; i++)
		CHECK(strcmp(v[i - 1]->name, v[i]->name) < 0);
	free(v);
	for (i = 0; i < 1000; i += 2) {
		snprintf(name, sizeof(name), "user%03d", i);
		CHECK_INT(users_del(&u, name), 0);
	}
	CHECK_INT(u.count, 500);
	CHECK(users_find(&u, "user001") != NULL);
	CHECK(users_find(&u, "user002") == NULL);
	users_free(&u);
	CHECK_INT(users_sorted(&u, &v), 0);
	CHECK(v == NULL);
}

static void db(void)
{
	struct roamd_db d;
	struct roam_tokens t;
	struct roam_cmd c;
	const char *lines[] = {
		"user add alice password x",
		"pool add p range 10.0.0.1-10.0.0.9",
	};
	size_t i;

	db_init(&d);
	for (i = 0; i < 2; i++) {
		CHECK_INT(roam_tokenize(lines[i], strlen(lines[i]), &t, err,
					sizeof(err)), 0);
		CHECK_INT(roam_cmd_parse(&t, &c, err, sizeof(err)), 0);
		CHECK_INT(db_apply(&d, &c, err, sizeof(err)), 0);
		CHECK_INT(db_apply(&d, &c, err, sizeof(err)), -1);
		CHECK_HAS(err, "already exists");
	}
	CHECK_INT(roam_tokenize("user del bob", 12, &t, err, sizeof(err)), 0);
	CHECK_INT(roam_cmd_parse(&t, &c, err, sizeof(err)), 0);
	CHECK_INT(db_apply(&d, &c, err, sizeof(err)), -1);
	CHECK_HAS(err, "no user 'bob'");
	CHECK_INT(roam_tokenize("user show", 9, &t, err, sizeof(err)), 0);
	CHECK_INT(roam_cmd_parse(&t, &c, err, sizeof(err)), 0);
	CHECK_INT(db_apply(&d, &c, err, sizeof(err)), -1);
	CHECK_INT(d.users.count, 1);
	CHECK_INT(d.pools.n, 1);
	db_free(&d);
}

void suite_users(void)
{
	RUN(add_find_del);
	RUN(many_sorted);
	RUN(db);
}
