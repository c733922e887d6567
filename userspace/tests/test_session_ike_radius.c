// SPDX-License-Identifier: GPL-2.0
/*
 * What a RADIUS server granted an XAUTH login, on its IKE Mode-Config
 * session: held per IKE SA between the verdict and the Mode-Config
 * request (aaa/grants.c), then taken by the session layer as a PPP
 * session takes it (session_login_lowered): Framed-IP-Address in the
 * address order, Framed-Pool, Session-Timeout and Idle-Timeout enforced
 * by the policy timer, Class in the accounting records, whose Start and
 * Stop an IKE session gets as a PPP session does.
 */
#include <stdlib.h>
#include <time.h>

#include <linux/roam.h>

#include "aaa/grants.h"
#include "session/policy_enforce.h"
#include "test.h"
#include "test_session_layer.h"

void suite_session_ike_radius(void);

static void real_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now_ms = (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The accounting hook's record: Starts, Stops and the last Class. */
static unsigned int acct_starts, acct_stops;
static char acct_class[32];
static uint64_t acct_serial;

static void rec_acct(void *ctx, struct roamd_session *s, bool up)
{
	(void)ctx;
	if (up)
		acct_starts++;
	else
		acct_stops++;
	acct_serial = s->serial;
	snprintf(acct_class, sizeof(acct_class), "%.*s",
		 (int)s->auth_class_len, (const char *)s->auth_class);
}

static void ike_setup(void)
{
	char err[128];

	setup();
	real_now();
	acct_starts = acct_stops = 0;
	acct_class[0] = '\0';
	tab.acct_event = rec_acct;
	CHECK_INT(pools_add(&db.pools, "radius", IP4(10, 7, 0, 1),
			    IP4(10, 7, 0, 1), err, sizeof(err)), 0);
}

/* An Access-Accept's attributes (remote), as aaa/radius.c fills them. */
static struct aaa_attrs accept_attrs(uint32_t framed_ip, const char *pool,
				     uint32_t session_timeout,
				     uint32_t idle_timeout, const char *cls)
{
	struct aaa_attrs a = { .remote = true };

	a.framed_ip = framed_ip;
	snprintf(a.framed_pool, sizeof(a.framed_pool), "%s", pool);
	a.session_timeout = session_timeout;
	a.idle_timeout = idle_timeout;
	a.class_len = strlen(cls);
	memcpy(a.class_val, cls, a.class_len);
	return a;
}

/* A new IKE session of group "office", as access/ike_ra.c makes one. */
static struct roamd_session *ike_session(void)
{
	struct roamd_session *s = session_new(&tab, SESSION_ACCESS_IKE, 8);

	CHECK(s != NULL);
	snprintf(s->label, sizeof(s->label), "IKE peer 192.0.2.7:4500");
	session_set_group(s, "office");
	return s;
}

/* The IKE service deletes the SA its outbox asks for: the call is gone. */
static void ike_close_done(struct roamd_session *s)
{
	struct session_tx *tx = session_outbox_pop(&tab, SESSION_ACCESS_IKE);

	CHECK(tx && tx->close && tx->s == s);
	free(tx);
	CHECK(!session_outbox_pop(&tab, SESSION_ACCESS_IKE));
	session_lower_gone(s);
}

/* Kept per owner, taken once, only by its user; replaced; dropped. */
static void grants_per_owner(void)
{
	struct aaa_grants g = {};
	struct aaa_attrs a = accept_attrs(IP4(10, 0, 0, 11), "", 30, 0, "c1");
	struct aaa_attrs b = accept_attrs(0, "radius", 0, 9, "c2");
	struct aaa_attrs out;

	CHECK_INT(aaa_grant_keep(&g, 7, "alice", &a, 1000), 0);
	CHECK_INT(aaa_grant_keep(&g, 8, "bob", &b, 1000), 0);
	CHECK_INT(g.n, 2);
	/* nothing for an owner without one */
	CHECK(!aaa_grant_take(&g, 9, "alice", &out));
	CHECK(!out.remote);
	CHECK(aaa_grant_take(&g, 7, "alice", &out));
	CHECK(out.remote);
	CHECK_INT(out.framed_ip, IP4(10, 0, 0, 11));
	CHECK_INT(out.session_timeout, 30);
	CHECK_INT(out.class_len, 2);
	CHECK(!memcmp(out.class_val, "c1", 2));
	/* taken: gone */
	CHECK(!aaa_grant_take(&g, 7, "alice", &out));
	CHECK_INT(g.n, 1);
	/* another user's grant gives nothing, and is gone too */
	CHECK(!aaa_grant_take(&g, 8, "alice", &out));
	CHECK_INT(out.idle_timeout, 0);
	CHECK_INT(g.n, 0);
	/* a second verdict for one owner replaces the first */
	CHECK_INT(aaa_grant_keep(&g, 7, "alice", &a, 1000), 0);
	CHECK_INT(aaa_grant_keep(&g, 7, "alice", &b, 1000), 0);
	CHECK_INT(g.n, 1);
	CHECK(aaa_grant_take(&g, 7, "alice", &out));
	CHECK_STR(out.framed_pool, "radius");
	/* dropped (its IKE SA went): nothing left to take */
	CHECK_INT(aaa_grant_keep(&g, 7, "alice", &a, 1000), 0);
	aaa_grant_drop(&g, 7);
	aaa_grant_drop(&g, 7);
	CHECK(!aaa_grant_take(&g, 7, "alice", &out));
	CHECK_INT(aaa_grant_keep(&g, 1, "alice", &a, 1000), 0);
	CHECK_INT(aaa_grant_keep(&g, 2, "alice", &a, 1000), 0);
	/* nobody came for them: forgotten once a later one is kept */
	CHECK_INT(aaa_grant_keep(&g, 3, "alice", &a,
				 1000 + AAA_GRANT_TTL_MS - 1), 0);
	CHECK_INT(g.n, 3);
	CHECK_INT(aaa_grant_keep(&g, 4, "alice", &a, 1000 + AAA_GRANT_TTL_MS),
		  0);
	CHECK_INT(g.n, 2);
	CHECK(!aaa_grant_take(&g, 1, "alice", &out));
	CHECK(aaa_grant_take(&g, 3, "alice", &out));
	aaa_grants_fini(&g);
	CHECK_INT(g.n, 0);
	CHECK(g.list == NULL);
}

/* Filter-Id for XAUTH: none, or the IKE group's name; another refuses. */
static void grants_filter_id_group(void)
{
	struct aaa_attrs a = accept_attrs(0, "", 0, 0, "");

	CHECK(aaa_attrs_group_ok(&a, "office"));
	snprintf(a.filter_id, sizeof(a.filter_id), "office");
	CHECK(aaa_attrs_group_ok(&a, "office"));
	CHECK(!aaa_attrs_group_ok(&a, "sales"));
	CHECK(!aaa_attrs_group_ok(&a, "Office"));
	CHECK(!aaa_attrs_group_ok(&a, NULL));
	/* the local database has no Filter-Id: only a server's counts */
	a.remote = false;
	CHECK(aaa_attrs_group_ok(&a, "sales"));
}

/*
 * Framed-IP-Address wins over the pool (order server, user, pool), is
 * reserved in the pool it lies in; Session-Timeout 30 ends the session
 * (Acct-Terminate-Cause Session-Timeout); Start and Stop carry the
 * Class; the address goes back to its pool when the session is reaped.
 */
static void ike_framed_ip_session_timeout(void)
{
	struct aaa_attrs a = accept_attrs(IP4(10, 0, 0, 11), "", 30, 0,
					  "gold");
	struct roamd_session *s, *other;
	uint64_t up;

	ike_setup();
	s = ike_session();
	CHECK_INT(session_login_lowered(s, "alice", &a), 0);
	CHECK_STR(s->user, "alice");
	CHECK_INT(s->addr, IP4(10, 0, 0, 11));
	CHECK_STR(s->pool, "vpn");
	CHECK_INT(s->session_timeout, 30);
	CHECK(s->auth_remote);
	/* the pool does not give the server's address to anyone else */
	other = ike_session();
	CHECK_INT(session_login_lowered(other, "bob2", NULL), 0);
	CHECK_INT(other->addr, IP4(10, 0, 0, 10));
	CHECK_INT(acct_starts, 0);
	session_up_lowered(s);
	CHECK_INT(s->state, SESSION_UP);
	CHECK_INT(acct_starts, 1);
	CHECK_INT(acct_serial, s->serial);
	CHECK_STR(acct_class, "gold");
	/* its end is armed from the moment it went up */
	up = (uint64_t)s->up_at.tv_sec * 1000 + s->up_at.tv_nsec / 1000000;
	CHECK_INT(session_ends_deadline(&tab), up + 30000);
	/* up again (Mode-Config renewed): no second Start */
	session_up_lowered(s);
	CHECK_INT(acct_starts, 1);
	tab.policy_recheck = true;
	session_policy_timer(&tab, up + 29000);
	CHECK_INT(s->state, SESSION_UP);
	session_policy_timer(&tab, up + 31000);
	CHECK_INT(s->state, SESSION_CLOSING);
	CHECK_HAS(s->why, "maximum connect time of 30 s is over (max-connect from the RADIUS server)");
	CHECK_INT(s->term_cause, 5);	/* Session-Timeout */
	CHECK_INT(acct_stops, 1);
	CHECK_STR(acct_class, "gold");
	ike_close_done(s);
	CHECK_INT(s->state, SESSION_DEAD);
	CHECK_INT(acct_stops, 1);
	/* back in its pool once reaped: the pool gives it again */
	CHECK_INT(session_reap(&tab), 1);
	s = ike_session();
	CHECK_INT(session_login_lowered(s, "carol", NULL), 0);
	CHECK_INT(s->addr, IP4(10, 0, 0, 11));
	teardown();
}

/* Framed-Pool replaces the policy's pools; an unknown one refuses. */
static void ike_framed_pool(void)
{
	struct aaa_attrs a = accept_attrs(0, "radius", 0, 0, "");
	struct roamd_session *s;

	ike_setup();
	s = ike_session();
	CHECK_INT(session_login_lowered(s, "alice", &a), 0);
	CHECK_INT(s->addr, IP4(10, 7, 0, 1));
	CHECK_STR(s->pool, "radius");
	/* exhausted: refused, not given one of the other pool */
	s = ike_session();
	CHECK_INT(session_login_lowered(s, "bob2", &a), -1);
	CHECK_INT(s->addr, 0);
	session_finish(s, "no address", 0);
	session_lower_gone(s);
	snprintf(a.framed_pool, sizeof(a.framed_pool), "nosuchpool");
	s = ike_session();
	CHECK_INT(session_login_lowered(s, "carol", &a), -1);
	CHECK_INT(s->addr, 0);
	session_finish(s, "no address", 0);
	session_lower_gone(s);
	/* refused before up: no accounting at all */
	CHECK_INT(acct_starts, 0);
	CHECK_INT(acct_stops, 0);
	teardown();
}

/* The server's address held by another session: refused. */
static void ike_framed_ip_in_use(void)
{
	struct aaa_attrs a = accept_attrs(IP4(10, 9, 0, 7), "", 0, 0, "");
	struct roamd_session *s;

	ike_setup();
	s = ike_session();
	CHECK_INT(session_login_lowered(s, "alice", &a), 0);
	CHECK_INT(s->addr, IP4(10, 9, 0, 7));
	CHECK_STR(s->pool, "");
	s = ike_session();
	CHECK_INT(session_login_lowered(s, "alice", &a), -1);
	CHECK_INT(s->addr, 0);
	session_finish(s, "no address", 0);
	session_lower_gone(s);
	teardown();
}

/* What the IKE service reads from the client's ESP SAs (-1: gone). */
static uint64_t esp_rx;
static bool esp_gone;

static int fake_esp_rx(void *ctx, const struct roamd_session *s,
		       struct roam_session_info *k)
{
	(void)ctx;
	CHECK_INT(s->access, SESSION_ACCESS_IKE);
	if (esp_gone)
		return -1;
	k->rx_packets = esp_rx;
	k->rx_bytes = esp_rx * 100;
	k->tx_packets = esp_rx * 2;
	k->tx_bytes = esp_rx * 300;
	return 0;
}

/* Idle-Timeout 8 from the server, read from the ESP SAs' counters. */
static void ike_server_idle_timeout(void)
{
	struct aaa_attrs a = accept_attrs(0, "", 0, 8, "");
	struct roamd_session *s;

	ike_setup();
	tab.lower_stats = fake_esp_rx;
	esp_rx = 0;
	esp_gone = false;
	s = ike_session();
	CHECK_INT(session_login_lowered(s, "alice", &a), 0);
	CHECK_INT(s->addr, IP4(10, 0, 0, 10));
	CHECK_INT(s->idle_timeout, 8);
	session_up_lowered(s);
	/* no Session-Timeout: nothing armed */
	CHECK(session_ends_deadline(&tab) == UINT64_MAX);
	session_policy_timer(&tab, now_ms);
	/* busy: a packet every 2 s */
	for (int i = 0; i < 8; i++) {
		now_ms += 2000;
		esp_rx += 1;
		session_policy_timer(&tab, now_ms);
		CHECK_INT(s->state, SESSION_UP);
	}
	/* quiet */
	now_ms += 7000;
	session_policy_timer(&tab, now_ms);
	CHECK_INT(s->state, SESSION_UP);
	now_ms += 3000;
	session_policy_timer(&tab, now_ms);
	CHECK_INT(s->state, SESSION_CLOSING);
	CHECK_HAS(s->why, "idle for 8 s (idle-timeout from the RADIUS server)");
	CHECK_INT(s->term_cause, 4);	/* Idle-Timeout */
	CHECK_INT(acct_starts, 1);
	CHECK_INT(acct_stops, 1);
	/* ended from above: its Stop counts what its SAs carried then */
	CHECK(s->has_final);
	CHECK_INT(s->final_rx_packets, 8);
	CHECK_INT(s->final_rx_bytes, 800);
	CHECK_INT(s->final_tx_packets, 16);
	CHECK_INT(s->final_tx_bytes, 2400);
	ike_close_done(s);
	tab.lower_stats = NULL;
	teardown();
}

/*
 * The client went first: its SAs are gone when the session ends, so
 * the counters the IKE service noted before deleting them stand.
 */
static void ike_stop_counters_after_sas(void)
{
	struct roamd_session *s;

	ike_setup();
	tab.lower_stats = fake_esp_rx;
	esp_gone = false;
	s = ike_session();
	CHECK_INT(session_login_lowered(s, "alice", NULL), 0);
	session_up_lowered(s);
	/* as ike_ra_sa_going() notes them */
	s->has_final = true;
	s->final_rx_packets = 5;
	s->final_rx_bytes = 500;
	esp_gone = true;
	session_finish(s, "IKE SA ended", 0);
	session_lower_gone(s);
	CHECK_INT(acct_stops, 1);
	CHECK(s->has_final);
	CHECK_INT(s->final_rx_packets, 5);
	CHECK_INT(s->final_rx_bytes, 500);
	tab.lower_stats = NULL;
	teardown();
}

/* A local verdict (no server): the pool, no limits, accounting still. */
static void ike_local_login(void)
{
	struct aaa_attrs local = { .framed_ip = IP4(10, 7, 0, 1) };
	struct roamd_session *s;

	ike_setup();
	s = ike_session();
	/* attributes not from a server are not taken */
	CHECK_INT(session_login_lowered(s, "alice", &local), 0);
	CHECK_INT(s->addr, IP4(10, 0, 0, 10));
	CHECK(!s->auth_remote);
	s = ike_session();
	CHECK_INT(session_login_lowered(s, "bob", NULL), 0);
	CHECK_INT(s->addr, IP4(10, 9, 0, 7));	/* bob's own */
	session_up_lowered(s);
	CHECK_INT(acct_starts, 1);
	CHECK_STR(acct_class, "");
	session_finish(s, "IKE SA ended", 0);
	session_lower_gone(s);
	CHECK_INT(acct_stops, 1);
	teardown();
}

void suite_session_ike_radius(void)
{
	RUN(grants_per_owner);
	RUN(grants_filter_id_group);
	RUN(ike_framed_ip_session_timeout);
	RUN(ike_framed_pool);
	RUN(ike_framed_ip_in_use);
	RUN(ike_server_idle_timeout);
	RUN(ike_local_login);
	RUN(ike_stop_counters_after_sas);
}
