// SPDX-License-Identifier: GPL-2.0
/*
 * Group policy: the grammar of its keywords (well-formed and
 * malformed), the inheritance base -> group -> user through roamd's
 * database, and each decision (admission, encryption, a running
 * session's limits) as the pure function it is.
 */
#include "cmd.h"
#include "db.h"
#include "policy.h"
#include "radius/packet.h"
#include "test.h"

static struct roam_tokens t;
static struct roam_cmd c;
static char err[ROAM_ERR_MAX];

static int parse(const char *line)
{
	err[0] = '\0';
	memset(&c, 0, sizeof(c));
	if (roam_tokenize(line, strlen(line), &t, err, sizeof(err)))
		return -2;
	return roam_cmd_parse(&t, &c, err, sizeof(err));
}

#define BAD(line, frag) do {						\
	CHECK_INT(parse(line), -1);					\
	CHECK_HAS(err, frag);						\
} while (0)

static int apply(struct roamd_db *db, const char *line)
{
	CHECK_INT(parse(line), 0);
	return db_apply(db, &c, err, sizeof(err));
}

static void grammar(void)
{
	const struct roam_policy *p = &c.group.policy;

	CHECK_INT(parse("group set base access l2tp,pptp ppp-auth mschapv2,chap encryption required mppe-bits 128 mppe-stateless on logins 1 logins-over end-oldest idle-timeout 900 max-connect 28800 hours mon-fri/08:00-18:00,sat/09:00-12:30 address-order client,server,user,pool"),
		  0);
	CHECK_INT(c.obj, ROAM_OBJ_GROUP);
	CHECK_INT(c.verb, ROAM_VERB_SET);
	CHECK_INT(p->set, ((1u << ROAM_POL_COUNT) - 1) &
		  ~(1u << ROAM_POL_POOLS | 1u << ROAM_POL_DNS |
		    1u << ROAM_POL_WINS | 1u << ROAM_POL_DOMAIN));
	CHECK_INT(p->access, ROAM_ACCESS_L2TP | ROAM_ACCESS_PPTP);
	CHECK_INT(p->ppp_auth, 1u << ROAM_PPP_AUTH_MSCHAPV2 |
		  1u << ROAM_PPP_AUTH_CHAP);
	CHECK_INT(p->encryption, ROAM_MPPE_REQUIRED);
	CHECK_INT(p->mppe_bits, ROAM_MPPE_128);
	CHECK_INT(p->mppe_stateless, 1);
	CHECK_INT(p->logins, 1);
	CHECK_INT(p->logins_over, ROAM_LOGINS_END_OLDEST);
	CHECK_INT(p->idle, 900);
	CHECK_INT(p->max_connect, 28800);
	CHECK_INT(p->nhours, 2);
	CHECK_INT(p->hours[0].days, 0x3e);	/* mon..fri */
	CHECK_INT(p->hours[0].start, 8 * 60);
	CHECK_INT(p->hours[0].end, 18 * 60);
	CHECK_INT(p->hours[1].days, 0x40);
	CHECK_INT(p->hours[1].end, 12 * 60 + 30);
	CHECK_INT(p->naddr_order, 4);
	CHECK_INT(p->addr_order[0], ROAM_ADDR_CLIENT);
	CHECK_INT(p->addr_order[3], ROAM_ADDR_POOL);

	/* a wrapping day range, "any", "inherit" */
	CHECK_INT(parse("group set g hours sat-sun/00:00-24:00"), 0);
	CHECK_INT(c.group.policy.hours[0].days, 0x41);
	CHECK_INT(c.group.policy.hours[0].end, 24 * 60);
	CHECK_INT(parse("group set g hours any idle-timeout inherit"), 0);
	CHECK_INT(c.group.policy.nhours, 0);
	CHECK(roam_policy_has(&c.group.policy, ROAM_POL_HOURS));
	CHECK(!roam_policy_has(&c.group.policy, ROAM_POL_IDLE));
	CHECK_INT(c.group.policy_clear, 1u << ROAM_POL_IDLE);

	/* a user's own settings, its pools and servers included */
	CHECK_INT(parse("user add alice password pw group sales pool p1,p2 dns 10.0.0.1 domain corp.example logins 2"),
		  0);
	CHECK_INT(c.user.policy.npools, 2);
	CHECK_STR(c.user.policy.pools[1], "p2");
	CHECK_INT(c.user.policy.ndns, 1);
	CHECK_STR(c.user.policy.domain, "corp.example");
	CHECK_INT(c.user.policy.logins, 2);
	CHECK_INT(parse("user set alice max-connect 60"), 0);
	CHECK(!c.user.password);
	CHECK_INT(parse("daemon set clock-offset -86400"), 0);
	CHECK_INT(c.daemon.clock_offset, -86400);
	CHECK_INT(parse("group show sales"), 0);
	CHECK_STR(c.group.name, "sales");
	CHECK_INT(parse("user show alice"), 0);

	/* session filters (roamd's) */
	CHECK_INT(parse("session show user alice group sales protocol pptp"), 0);
	CHECK_STR(c.session.user, "alice");
	CHECK_STR(c.session.group, "sales");
	CHECK_INT(c.session.access, ROAM_ACCESS_PPTP);
	CHECK_INT(parse("session del group sales"), 0);
	CHECK_STR(c.session.group, "sales");
	BAD("session show protocol gre", "invalid protocol 'gre'");
	BAD("session del 4 user alice", "unknown keyword 'user'");
	BAD("session del address 10.1.0.5 user alice", "one of an ID");
	BAD("session del group 'a b'", "invalid pool name");

	BAD("group set g access l2tp,gre", "invalid access list 'l2tp,gre'");
	BAD("group set g access pptp,pptp", "each once");
	BAD("group set g access ''", "invalid access list");
	BAD("group set g ppp-auth eap", "invalid authentication list");
	BAD("group set g encryption strong", "invalid encryption setting");
	BAD("group set g mppe-bits 64", "invalid key lengths");
	BAD("group set g mppe-stateless yes", "invalid mppe-stateless");
	BAD("group set g logins -1", "logins");
	BAD("group set g logins 1000000", "logins");
	BAD("group set g logins-over drop", "invalid logins-over");
	BAD("group set g hours mon/08:00-08:00", "invalid access hours");
	BAD("group set g hours mon/18:00-08:00", "invalid access hours");
	BAD("group set g hours mon/08:60-09:00", "invalid access hours");
	BAD("group set g hours mon/24:01-24:02", "invalid access hours");
	BAD("group set g hours moon/08:00-09:00", "invalid access hours");
	BAD("group set g hours mon08:00-09:00", "invalid access hours");
	BAD("group set g hours mon/8:00-09:00", "invalid access hours");
	BAD("group set g hours mon/08:00-09:00,", "invalid access hours");
	BAD("group set g hours all/00:00-01:00,all/01:00-02:00,all/02:00-03:00,all/03:00-04:00,all/04:00-05:00,all/05:00-06:00,all/06:00-07:00,all/07:00-08:00,all/08:00-09:00",
	    "too many access hours ranges");
	BAD("group set g address-order pool,pool", "invalid address order");
	BAD("group set g address-order radius", "invalid address order");
	BAD("user set alice pool a,b,c,d,e", "too many pools");
	BAD("user set alice dns 10.0.0.1,banana", "banana");
	BAD("user set alice domain 'a b'", "blank");
	BAD("user set alice", "user set: nothing to set");
	BAD("daemon set clock-offset 1h", "invalid clock offset");
	BAD("daemon set clock-offset -", "invalid clock offset");
	BAD("daemon set clock-offset 1234567890", "invalid clock offset");
	roam_tokens_wipe(&t);
}

static void inheritance(void)
{
	struct roamd_policy p;
	struct roamd_db db;

	db_init(&db);
	/* nothing configured: the defaults */
	CHECK_INT(apply(&db, "user add carol password pw"), 0);
	policy_for(&db, "carol", NULL, &p);
	CHECK_INT(p.v.access, ROAM_ACCESS_ALL);
	CHECK_INT(p.v.logins, 0);
	CHECK_INT(p.from[ROAM_POL_LOGINS], POLICY_FROM_DEFAULT);
	CHECK_INT(p.v.naddr_order, 3);
	CHECK_INT(p.v.addr_order[0], ROAM_ADDR_SERVER);

	CHECK_INT(apply(&db, "group set base idle-timeout 600 logins 1 max-connect 7200 hours mon-fri/08:00-18:00"),
		  0);
	CHECK_INT(apply(&db, "group add sales psk k access pptp logins 3 pool p2,p1 dns 10.9.9.9"),
		  0);
	CHECK_INT(apply(&db, "user add alice password pw group sales logins 2 idle-timeout 30"),
		  0);
	/* the user's wins over the group's, the group's over the base's */
	policy_for(&db, "alice", NULL, &p);
	CHECK_STR(p.group, "sales");
	CHECK_INT(p.v.logins, 2);
	CHECK_INT(p.from[ROAM_POL_LOGINS], POLICY_FROM_USER);
	CHECK_INT(p.v.idle, 30);
	CHECK_INT(p.from[ROAM_POL_IDLE], POLICY_FROM_USER);
	CHECK_INT(p.v.access, ROAM_ACCESS_PPTP);
	CHECK_INT(p.from[ROAM_POL_ACCESS], POLICY_FROM_GROUP);
	CHECK_INT(p.v.npools, 2);
	CHECK_STR(p.v.pools[0], "p2");
	CHECK_INT(p.from[ROAM_POL_POOLS], POLICY_FROM_GROUP);
	CHECK_INT(p.v.ndns, 1);
	CHECK_INT(p.v.max_connect, 7200);
	CHECK_INT(p.from[ROAM_POL_MAX_CONNECT], POLICY_FROM_BASE);
	CHECK_INT(p.v.nhours, 1);
	CHECK_INT(p.from[ROAM_POL_HOURS], POLICY_FROM_BASE);
	CHECK_INT(p.from[ROAM_POL_PPP_AUTH], POLICY_FROM_DEFAULT);
	/* a user without a group: base, then its own */
	policy_for(&db, "carol", NULL, &p);
	CHECK_INT(p.v.logins, 1);
	CHECK_INT(p.from[ROAM_POL_LOGINS], POLICY_FROM_BASE);
	CHECK_INT(p.v.access, ROAM_ACCESS_ALL);
	CHECK_STR(p.group, "");
	/* the group a session came through (IKE, RADIUS) */
	policy_for(&db, "carol", "sales", &p);
	CHECK_INT(p.v.logins, 3);
	CHECK_INT(p.from[ROAM_POL_LOGINS], POLICY_FROM_GROUP);
	/* a user RADIUS knows and the database does not */
	policy_for(&db, "nobody", "sales", &p);
	CHECK_INT(p.v.access, ROAM_ACCESS_PPTP);
	policy_for(&db, "nobody", NULL, &p);
	CHECK_INT(p.v.idle, 600);
	/* "inherit" gives a setting back; set changes only what it names */
	CHECK_INT(apply(&db, "user set alice idle-timeout inherit"), 0);
	policy_for(&db, "alice", NULL, &p);
	CHECK_INT(p.v.idle, 600);
	CHECK_INT(p.from[ROAM_POL_IDLE], POLICY_FROM_BASE);
	CHECK_INT(p.v.logins, 2);
	CHECK_INT(apply(&db, "group set sales logins inherit max-connect 60"),
		  0);
	policy_for(&db, "carol", "sales", &p);
	CHECK_INT(p.v.logins, 1);
	CHECK_INT(p.v.max_connect, 60);
	CHECK_INT(p.v.access, ROAM_ACCESS_PPTP);
	/* the base's own view */
	policy_for(&db, NULL, "base", &p);
	CHECK_INT(p.v.logins, 1);
	CHECK_INT(p.from[ROAM_POL_LOGINS], POLICY_FROM_BASE);
	/* refusals */
	CHECK_INT(apply(&db, "group set nosuch logins 1"), -1);
	CHECK_HAS(err, "no group 'nosuch'");
	CHECK_INT(apply(&db, "user set nosuch logins 1"), -1);
	CHECK_HAS(err, "no user 'nosuch'");
	CHECK_INT(apply(&db, "group add base psk k"), -1);
	CHECK_HAS(err, "already exists");
	/* user set: a new password and address, the group kept */
	CHECK_INT(apply(&db, "user set alice password other address 10.5.5.5"),
		  0);
	CHECK_STR(users_find(&db.users, "alice")->password, "other");
	CHECK_STR(users_find(&db.users, "alice")->group, "sales");
	CHECK_INT(apply(&db, "user set carol address 10.5.5.5"), -1);
	CHECK_HAS(err, "already fixed for user 'alice'");
	roam_tokens_wipe(&t);
	db_free(&db);
}

static void resolve_direct(void)
{
	struct roam_policy base = {}, grp = {}, user = {};
	struct roamd_policy p;

	base.set = 1u << ROAM_POL_LOGINS | 1u << ROAM_POL_IDLE;
	base.logins = 1;
	base.idle = 100;
	grp.set = 1u << ROAM_POL_LOGINS;
	grp.logins = 5;
	user.set = 1u << ROAM_POL_IDLE;
	user.idle = 0;		/* explicitly never, over the base's */
	policy_resolve(&base, &grp, &user, &p);
	CHECK_INT(p.v.logins, 5);
	CHECK_INT(p.from[ROAM_POL_LOGINS], POLICY_FROM_GROUP);
	CHECK_INT(p.v.idle, 0);
	CHECK_INT(p.from[ROAM_POL_IDLE], POLICY_FROM_USER);
	policy_resolve(NULL, NULL, NULL, &p);
	CHECK_INT(p.v.encryption, ROAM_MPPE_OPTIONAL);
	CHECK_INT(p.from[ROAM_POL_ENCRYPTION], POLICY_FROM_DEFAULT);
}

/* A policy with only the given settings over the defaults. */
static void policy_of(struct roamd_policy *p, const char *line)
{
	struct roamd_db db;

	db_init(&db);
	CHECK_INT(apply(&db, line), 0);
	policy_for(&db, NULL, "base", p);
	roam_tokens_wipe(&t);
	db_free(&db);
}

static void admission(void)
{
	struct policy_login l = {
		.access = ROAM_ACCESS_L2TP,
		.ppp_auth = ROAM_PPP_AUTH_MSCHAPV2,
		.wday = 2, .minute = 10 * 60,
	};
	struct policy_verdict v;
	struct roamd_policy p;

	policy_of(&p, "group set base access pptp");
	policy_admit(&p, &l, &v);
	CHECK(!v.ok);
	CHECK_INT(v.windows_error, 649);
	CHECK_HAS(v.why, "L2TP is not an access method");
	CHECK_HAS(v.why, "from base");
	l.access = ROAM_ACCESS_PPTP;
	policy_admit(&p, &l, &v);
	CHECK(v.ok);
	l.access = ROAM_ACCESS_IPSEC;
	policy_admit(&p, &l, &v);
	CHECK(!v.ok);

	policy_of(&p, "group set base ppp-auth mschapv2");
	l.access = ROAM_ACCESS_PPTP;
	policy_admit(&p, &l, &v);
	CHECK(v.ok);
	l.ppp_auth = ROAM_PPP_AUTH_PAP;
	policy_admit(&p, &l, &v);
	CHECK(!v.ok);
	CHECK_INT(v.windows_error, 649);
	CHECK_HAS(v.why, "pap is not a PPP authentication");
	l.ppp_auth = 0;		/* XAUTH: no PPP method to judge */
	policy_admit(&p, &l, &v);
	CHECK(v.ok);

	policy_of(&p, "group set base hours mon-fri/08:00-18:00");
	l.wday = 1;
	l.minute = 8 * 60;
	policy_admit(&p, &l, &v);
	CHECK(v.ok);
	l.minute = 18 * 60;	/* the end is outside */
	policy_admit(&p, &l, &v);
	CHECK(!v.ok);
	CHECK_INT(v.windows_error, 646);
	CHECK_HAS(v.why, "outside its access hours");
	l.wday = 0;
	l.minute = 10 * 60;
	policy_admit(&p, &l, &v);
	CHECK(!v.ok);

	policy_of(&p, "group set base logins 1");
	l.wday = 3;
	l.logins = 0;
	policy_admit(&p, &l, &v);
	CHECK(v.ok);
	CHECK_INT(v.end_oldest, 0);
	l.logins = 1;
	policy_admit(&p, &l, &v);
	CHECK(!v.ok);
	CHECK_INT(v.windows_error, 649);
	CHECK_HAS(v.why, "already logged in 1 time,");
	policy_of(&p, "group set base logins 2 logins-over end-oldest");
	l.logins = 1;
	policy_admit(&p, &l, &v);
	CHECK(v.ok);
	CHECK_INT(v.end_oldest, 0);
	l.logins = 2;
	policy_admit(&p, &l, &v);
	CHECK(v.ok);
	CHECK_INT(v.end_oldest, 1);
	l.logins = 4;		/* the limit was lowered: down to it */
	policy_admit(&p, &l, &v);
	CHECK_INT(v.end_oldest, 3);
	policy_of(&p, "group set base logins 0");
	l.logins = 100;
	policy_admit(&p, &l, &v);
	CHECK(v.ok);
}

static void access_hours(void)
{
	struct roamd_policy p;

	policy_of(&p, "group set base hours sat-sun/00:00-24:00,wed/12:00-13:00");
	CHECK(policy_hours_allow(&p.v, 6, 0));
	CHECK(policy_hours_allow(&p.v, 0, 1439));
	CHECK(!policy_hours_allow(&p.v, 1, 600));
	CHECK(!policy_hours_allow(&p.v, 3, 719));
	CHECK(policy_hours_allow(&p.v, 3, 720));
	CHECK(policy_hours_allow(&p.v, 3, 779));
	CHECK(!policy_hours_allow(&p.v, 3, 780));
	policy_of(&p, "group set base hours any");
	CHECK(policy_hours_allow(&p.v, 3, 0));
}

static void crypto(void)
{
	struct policy_crypto k = { .access = ROAM_ACCESS_PPTP };
	struct policy_verdict v;
	struct roamd_policy p;

	policy_of(&p, "group set base encryption required");
	policy_check_crypto(&p, &k, &v);
	CHECK(!v.ok);
	CHECK_INT(v.windows_error, 742);
	CHECK_HAS(v.why, "no MPPE");
	k.mppe = true;
	k.mppe_bits = ROAM_MPPE_40;
	policy_check_crypto(&p, &k, &v);
	CHECK(v.ok);
	/* L2TP: encryption is IPsec's */
	k = (struct policy_crypto){ .access = ROAM_ACCESS_L2TP };
	policy_check_crypto(&p, &k, &v);
	CHECK(!v.ok);
	CHECK_HAS(v.why, "L2TP without IPsec");
	k.ipsec = true;
	policy_check_crypto(&p, &k, &v);
	CHECK(v.ok);

	policy_of(&p, "group set base mppe-bits 128 mppe-stateless on");
	k = (struct policy_crypto){ .access = ROAM_ACCESS_PPTP };
	policy_check_crypto(&p, &k, &v);
	CHECK(v.ok);		/* optional: none is fine */
	k.mppe = true;
	k.mppe_bits = ROAM_MPPE_40;
	k.stateless = true;
	policy_check_crypto(&p, &k, &v);
	CHECK(!v.ok);
	CHECK_INT(v.windows_error, 742);
	CHECK_HAS(v.why, "strength");
	k.mppe_bits = ROAM_MPPE_128;
	policy_check_crypto(&p, &k, &v);
	CHECK(v.ok);
	k.stateless = false;
	policy_check_crypto(&p, &k, &v);
	CHECK(!v.ok);
	CHECK_HAS(v.why, "stateless only");
}

static void running(void)
{
	struct policy_running r = { .wday = 2, .minute = 600 };
	struct policy_verdict v;
	struct roamd_policy p;

	policy_of(&p, "group set base max-connect 60 idle-timeout 20 hours tue/09:00-17:00");
	r.up_s = 59;
	r.idle_s = 19;
	policy_check_running(&p, &r, &v);
	CHECK(v.ok);
	r.up_s = 60;
	policy_check_running(&p, &r, &v);
	CHECK(!v.ok);
	CHECK_INT(v.term_cause, RADIUS_TERM_SESSION_TIMEOUT);
	CHECK_HAS(v.why, "maximum connect time of 60 s");
	r.up_s = 10;
	r.idle_s = 20;
	policy_check_running(&p, &r, &v);
	CHECK(!v.ok);
	CHECK_INT(v.term_cause, RADIUS_TERM_IDLE_TIMEOUT);
	CHECK_HAS(v.why, "idle for 20 s");
	r.idle_s = 0;
	r.minute = 17 * 60;
	policy_check_running(&p, &r, &v);
	CHECK(!v.ok);
	CHECK_HAS(v.why, "access hours are over");
	/* no limits: never ended */
	policy_of(&p, "group set base logins 1");
	r.up_s = 1u << 30;
	r.idle_s = 1u << 30;
	policy_check_running(&p, &r, &v);
	CHECK(v.ok);
}

/* What LCP offers before the user is known (policy_ppp_offer). */
static void ppp_offer(void)
{
	static const uint8_t svc[] = {
		ROAM_PPP_AUTH_MSCHAPV2, ROAM_PPP_AUTH_CHAP,
	};
	uint8_t out[ROAM_PPP_AUTH_MAX];
	struct roamd_policy p;

	/* the base says nothing: the service's list, in its order */
	policy_of(&p, "group set base logins 1");
	CHECK_INT(policy_ppp_offer(&p, svc, 2, out), 2);
	CHECK_INT(out[0], ROAM_PPP_AUTH_MSCHAPV2);
	CHECK_INT(out[1], ROAM_PPP_AUTH_CHAP);
	/* the base allows PAP only: PAP only, whatever the service lists */
	policy_of(&p, "group set base ppp-auth pap");
	CHECK_INT(policy_ppp_offer(&p, svc, 2, out), 1);
	CHECK_INT(out[0], ROAM_PPP_AUTH_PAP);
	/* strongest first, whatever order the administrator wrote */
	policy_of(&p, "group set base ppp-auth pap,chap,mschapv2,mschapv1");
	CHECK_INT(policy_ppp_offer(&p, svc, 2, out), 4);
	CHECK_INT(out[0], ROAM_PPP_AUTH_MSCHAPV2);
	CHECK_INT(out[1], ROAM_PPP_AUTH_MSCHAPV1);
	CHECK_INT(out[2], ROAM_PPP_AUTH_CHAP);
	CHECK_INT(out[3], ROAM_PPP_AUTH_PAP);
	policy_of(&p, "group set base ppp-auth pap,chap");
	CHECK_INT(policy_ppp_offer(&p, svc, 2, out), 2);
	CHECK_INT(out[0], ROAM_PPP_AUTH_CHAP);
	CHECK_INT(out[1], ROAM_PPP_AUTH_PAP);
	/* allowing nothing never means offering no authentication */
	p.v.ppp_auth = 0;
	CHECK_INT(policy_ppp_offer(&p, svc, 2, out), 2);
	CHECK_INT(out[0], ROAM_PPP_AUTH_MSCHAPV2);
}

void suite_policy(void)
{
	RUN(ppp_offer);
	RUN(grammar);
	RUN(inheritance);
	RUN(resolve_direct);
	RUN(admission);
	RUN(access_hours);
	RUN(crypto);
	RUN(running);
}
