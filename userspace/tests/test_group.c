// SPDX-License-Identifier: GPL-2.0
/*
 * Remote-access groups: the "group" grammar (well-formed and malformed
 * lines) and what roamd's database makes of them, users and keys that
 * name a group included.
 */
#include <arpa/inet.h>

#include "cmd.h"
#include "db.h"
#include "test.h"

static struct roam_tokens t;
static struct roam_cmd c;
static char err[ROAM_ERR_MAX];

static int parse(const char *line)
{
	err[0] = '\0';
	if (roam_tokenize(line, strlen(line), &t, err, sizeof(err)))
		return -2;
	return roam_cmd_parse(&t, &c, err, sizeof(err));
}

#define BAD(line, frag) do {						\
	CHECK_INT(parse(line), -1);					\
	CHECK_HAS(err, frag);						\
} while (0)

static void grammar(void)
{
	CHECK_INT(parse("group add hillvalleyvpn psk cisco123 aggressive on xauth on pool vpnpool,spare dns 172.16.1.11,172.16.1.12 wins 172.16.1.13 domain test.com split 172.16.1.0/24,10.0.0.0/8 banner \"Authorised users only\" save-password on pfs off push off"),
		  0);
	CHECK_INT(c.obj, ROAM_OBJ_GROUP);
	CHECK_INT(c.verb, ROAM_VERB_ADD);
	CHECK(roam_cmd_is_roamd(&c));
	CHECK_STR(c.group.name, "hillvalleyvpn");
	CHECK_INT(c.group.psk_len, 8);
	CHECK_INT(c.group.aggressive, 1);
	CHECK_INT(c.group.pfs, 0);
	CHECK_INT(c.group.npools, 2);
	CHECK_STR(c.group.pools[1], "spare");
	CHECK_INT(c.group.ndns, 2);
	CHECK_INT(c.group.dns[1], 0xac10010c);
	CHECK_INT(c.group.nwins, 1);
	CHECK_INT(c.group.nsplit, 2);
	CHECK_INT(c.group.split[0].addr, 0xac100100);
	CHECK_INT(c.group.split[0].prefix, 24);
	CHECK_INT(c.group.split[1].prefix, 8);
	CHECK_INT(c.group.domain_len, 8);
	CHECK_INT(c.group.banner_len, 21);

	/* only the key is required; the rest is "not given" */
	CHECK_INT(parse("group add g psk k"), 0);
	CHECK_INT(c.group.aggressive, -1);
	CHECK_INT(c.group.xauth, -1);
	CHECK_INT(c.group.npools, 0);
	CHECK(c.group.domain == NULL);
	CHECK_INT(parse("group add g psk k split 192.0.2.7"), 0);
	CHECK_INT(c.group.split[0].prefix, 32);
	CHECK_INT(parse("group del g"), 0);
	CHECK_INT(parse("group show"), 0);
	CHECK_INT(parse("psk add peer any secret s group g"), 0);
	CHECK_STR(c.psk.group, "g");
	CHECK_INT(parse("user add u password p group g"), 0);
	CHECK_STR(c.user.group, "g");

	BAD("group add g", "group add: missing");
	BAD("group add g psk \"\"", "empty pre-shared key");
	BAD("group add g psk k aggressive yes", "invalid aggressive setting 'yes'");
	BAD("group add g psk k split 10.0.0.1/8", "host bits set");
	BAD("group add g psk k split 10.0.0.0/33", "invalid prefix length");
	BAD("group add g psk k split 10.0.0.0/", "invalid prefix length");
	BAD("group add g psk k split 10.0.0.0/x", "invalid prefix length");
	BAD("group add g psk k split 10.0.0/8", "invalid network");
	BAD("group add g psk k split 10.0.0.0/8,,", "empty item");
	BAD("group add g psk k dns 1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,5.5.5.5",
	    "too many DNS servers (at most 4)");
	BAD("group add g psk k pool a,a", "pool 'a' named twice");
	BAD("group add g psk k pool a,b,c,d,e", "too many pools");
	BAD("group add g psk k pool \"a b\"", "invalid pool name");
	BAD("group add \"g h\" psk k", "invalid pool name 'g h'");
	BAD("group add g psk k banner \"say \\\"hi\\\"\"", "banner holds");
	BAD("group add g psk k domain \"a b\"", "domain holds a blank");
	BAD("group add g psk k push", "'push' needs a value");
	BAD("group del g extra", "unexpected 'extra' after 'group del NAME'");
	BAD("group set g", "group set: nothing to set");
}

static int apply(struct roamd_db *db, const char *line)
{
	CHECK_INT(parse(line), 0);
	return db_apply(db, &c, err, sizeof(err));
}

static void database(void)
{
	struct roamd_group_policy pol;
	struct roamd_group *g;
	struct roamd_db db;

	db_init(&db);
	CHECK_INT(apply(&db, "group add ra psk secret1 pool p1 split 10.2.2.0/24"), 0);
	CHECK_INT(apply(&db, "group add mc psk secret2 aggressive on xauth off push on save-password on pfs on"), 0);
	CHECK_INT(apply(&db, "group add ra psk other"), -1);
	CHECK_HAS(err, "already exists");
	g = groups_find(&db.groups, "ra");
	CHECK(g != NULL);
	if (g) {
		CHECK_INT(g->psk_len, 7);
		CHECK(!memcmp(g->psk, "secret1", 7));
		CHECK_INT(g->nsplit, 1);
		/* the defaults: no Aggressive Mode (weak), XAUTH, pull */
		groups_resolve(g, &pol);
		CHECK(!pol.aggressive);
		CHECK(pol.xauth);
		CHECK(!pol.push);
		CHECK(!pol.save_password);
		CHECK(!pol.pfs);
	}
	g = groups_find(&db.groups, "mc");
	if (g) {
		groups_resolve(g, &pol);
		CHECK(pol.aggressive && !pol.xauth && pol.push &&
		      pol.save_password && pol.pfs);
	}
	CHECK(g != NULL);

	CHECK_INT(apply(&db, "user add marty password 12345678 group ra"), 0);
	CHECK_STR(users_find(&db.users, "marty")->group, "ra");
	CHECK_INT(apply(&db, "user add doc password x"), 0);
	CHECK_STR(users_find(&db.users, "doc")->group, "");
	CHECK_INT(apply(&db, "psk add peer any secret cisco123 group mc"), 0);
	CHECK_STR(db.settings.psks[0].group, "mc");

	CHECK_INT(apply(&db, "group del ra"), 0);
	CHECK(groups_find(&db.groups, "ra") == NULL);
	CHECK(groups_find(&db.groups, "mc") != NULL);
	CHECK_INT(apply(&db, "group del ra"), -1);
	CHECK_HAS(err, "no group 'ra'");
	db_free(&db);
	roam_tokens_wipe(&t);
}

void suite_group(void)
{
	RUN(grammar);
	RUN(database);
}
