// SPDX-License-Identifier: GPL-2.0
/*
 * The group policy applied to sessions (session/policy_enforce.c), on
 * the session layer's harness: logins refused or the oldest ended, the
 * access method, the idle timeout from the kernel's counter, the
 * maximum connect time, the access hours by the settable clock, the
 * policy's DNS in IPCP, the address order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/roam.h>

#include "ppp/session.h"
#include "roamd.h"
#include "session/policy_enforce.h"
#include "session/ppp_link.h"
#include "tokenize.h"
#include "test.h"
#include "test_session_layer.h"

/* alice's own policy: the settings given, the rest inherited. */
static struct roam_policy *alice_policy(void)
{
	struct roamd_user *u = users_find(&db.users, "alice");

	u->policy = calloc(1, sizeof(*u->policy));
	CHECK(u->policy != NULL);
	return u->policy;
}

/* The loop's clock is the real monotonic one here: sessions use it. */
static void real_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now_ms = (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* logins 1: the second login is refused with 649, the first stays. */
static void layer_policy_logins_refuse(void)
{
	struct roamd_session *s1, *s2;
	uint32_t a1 = 0, a2 = 0;

	setup();
	alice_policy()->set = 1u << ROAM_POL_LOGINS;
	users_find(&db.users, "alice")->policy->logins = 1;
	s1 = bring_up("alice", "secret", &a1);
	CHECK_INT(s1->state, SESSION_UP);
	s2 = bring_up("alice", "secret", &a2);
	CHECK(find(PROTO_PAP, 3) >= 0);		/* PAP Nak */
	CHECK_INT(a2, 0);
	CHECK_HAS(s2->why, "already logged in 1 time");
	CHECK_HAS(s2->why, "logins from user");
	CHECK_INT(s2->windows_error, 649);
	CHECK_INT(s1->state, SESSION_UP);
	CHECK_INT(k_added, 1);
	teardown();
}

/* logins 1 end-oldest: the new login is admitted, the old one ended. */
static void layer_policy_logins_end_oldest(void)
{
	struct roamd_session *s1, *s2;
	struct roam_policy *p;
	uint32_t a1 = 0, a2 = 0;

	setup();
	p = alice_policy();
	p->set = 1u << ROAM_POL_LOGINS | 1u << ROAM_POL_LOGINS_OVER;
	p->logins = 1;
	p->logins_over = ROAM_LOGINS_END_OLDEST;
	s1 = bring_up("alice", "secret", &a1);
	s2 = bring_up("alice", "secret", &a2);
	CHECK_INT(s2->state, SESSION_UP);
	CHECK(s1->ppp_closing);
	CHECK(s1->state != SESSION_UP);
	CHECK_HAS(s1->why, "a newer login of the same user");
	CHECK_INT(s1->term_cause, 6);
	teardown();
}

/*
 * The deadline the loop reads after every event is kept, not walked for:
 * due when a session goes up, none once the timer found no limit, due
 * again for the next session up, and the checks' own when a limit holds.
 */
static void layer_policy_deadline_kept(void)
{
	struct roamd_session *s1, *s2;
	uint32_t a1 = 0, a2 = 0;

	setup();
	real_now();
	s1 = bring_up("alice", "secret", &a1);
	CHECK_INT(s1->state, SESSION_UP);
	CHECK(session_policy_deadline(&tab) <= now_ms);
	session_policy_timer(&tab, now_ms);
	CHECK(session_policy_deadline(&tab) == UINT64_MAX);
	alice_policy()->set = 1u << ROAM_POL_IDLE;
	users_find(&db.users, "alice")->policy->idle = 10;
	k_rx_packets = 5;
	s2 = bring_up("alice", "secret", &a2);
	CHECK_INT(s2->state, SESSION_UP);
	CHECK(session_policy_deadline(&tab) <= now_ms);
	session_policy_timer(&tab, now_ms);
	/* the idle limit is polled: a deadline ahead, not now, not never */
	CHECK(session_policy_deadline(&tab) > now_ms);
	CHECK(session_policy_deadline(&tab) != UINT64_MAX);
	teardown();
}

/*
 * The sessions in setup, what an admission limit reads: one while it
 * negotiates, none once it is up, none once a call in setup is gone.
 */
static void layer_nsetup(void)
{
	struct roamd_session *s;
	uint32_t a = 0;

	setup();
	CHECK_INT(tab.nsetup, 0);
	s = session_new(&tab, SESSION_ACCESS_L2TP, 16);
	CHECK(s != NULL);
	CHECK_INT(tab.nsetup, 1);
	session_lower_gone(s);
	CHECK_INT(tab.nsetup, 0);
	CHECK_INT(session_reap(&tab), 1);
	s = bring_up("alice", "secret", &a);
	CHECK_INT(s->state, SESSION_UP);
	CHECK_INT(tab.nsetup, 0);
	teardown();
}

/* access pptp: alice over L2TP is refused with 649. */
static void layer_policy_access(void)
{
	struct roamd_session *s;
	uint32_t a = 0;

	setup();
	alice_policy()->set = 1u << ROAM_POL_ACCESS;
	users_find(&db.users, "alice")->policy->access = ROAM_ACCESS_PPTP;
	s = bring_up("alice", "secret", &a);
	CHECK(find(PROTO_PAP, 3) >= 0);
	CHECK_HAS(s->why, "L2TP is not an access method");
	CHECK_INT(s->windows_error, 649);
	CHECK_INT(k_added, 0);
	teardown();
}

/* idle-timeout 10: ended after 10 s without a received packet, not before. */
static void layer_policy_idle(void)
{
	struct roamd_session *s;
	uint32_t a = 0;

	setup();
	real_now();
	alice_policy()->set = 1u << ROAM_POL_IDLE;
	users_find(&db.users, "alice")->policy->idle = 10;
	k_rx_packets = 5;
	s = bring_up("alice", "secret", &a);
	CHECK_INT(s->state, SESSION_UP);
	CHECK(session_policy_deadline(&tab) <= now_ms);
	session_policy_timer(&tab, now_ms);
	/* busy: the counter moves every 3 s, for 30 s */
	for (int i = 0; i < 10; i++) {
		now_ms += 3000;
		k_rx_packets++;
		session_policy_timer(&tab, now_ms);
		CHECK_INT(s->state, SESSION_UP);
	}
	/* quiet from here: ended once 10 s passed since the last packet */
	now_ms += 9000;
	session_policy_timer(&tab, now_ms);
	CHECK_INT(s->state, SESSION_UP);
	now_ms += 3500;
	session_policy_timer(&tab, now_ms);
	CHECK(s->ppp_closing);
	CHECK_HAS(s->why, "idle for 10 s (idle-timeout from user)");
	CHECK_INT(s->term_cause, 4);
	teardown();
}

/*
 * An IKE Mode-Config session's inbound ESP packets, as access/ike_ra.c
 * reads them from its SAs: -1 before its SAs exist.
 */
static uint64_t ike_rx;
static bool ike_rx_known;

static int fake_ike_rx(void *ctx, const struct roamd_session *s,
		       struct roam_session_info *k)
{
	(void)ctx;
	CHECK_INT(s->access, SESSION_ACCESS_IKE);
	if (!ike_rx_known)
		return -1;
	k->rx_packets = ike_rx;
	return 0;
}

/* An up IKE session of alice, as access/ike_ra.c makes one. */
static struct roamd_session *ike_session_up(void)
{
	struct roamd_session *s = session_new(&tab, SESSION_ACCESS_IKE, 8);

	CHECK(s != NULL);
	session_set_user(s, "alice");
	snprintf(s->label, sizeof(s->label), "IKE peer 192.0.2.7:4500");
	s->state = SESSION_UP;
	return s;
}

/*
 * idle-timeout 10 on an IKE Mode-Config session (no kernel session):
 * read from its ESP SAs through lower_stats; unknown counters (no SA yet)
 * never end it; quiet for 10 s ends it (its IKE SA is deleted by the
 * access method, asked through its outbox).
 */
static void layer_policy_idle_ike(void)
{
	struct roamd_session *s;
	struct session_tx *tx;

	setup();
	real_now();
	alice_policy()->set = 1u << ROAM_POL_IDLE;
	users_find(&db.users, "alice")->policy->idle = 10;
	tab.lower_stats = fake_ike_rx;
	ike_rx_known = false;
	ike_rx = 0;
	s = ike_session_up();
	session_policy_timer(&tab, now_ms);
	/* no SA yet for 20 s: not idle for it */
	for (int i = 0; i < 10; i++) {
		now_ms += 2000;
		session_policy_timer(&tab, now_ms);
		CHECK_INT(s->state, SESSION_UP);
	}
	ike_rx_known = true;
	/* busy: its inbound SA counts a packet every 3 s */
	for (int i = 0; i < 10; i++) {
		now_ms += 3000;
		ike_rx += 2;
		session_policy_timer(&tab, now_ms);
		CHECK_INT(s->state, SESSION_UP);
	}
	/* quiet: ended 10 s after the counter last moved */
	now_ms += 9000;
	session_policy_timer(&tab, now_ms);
	CHECK_INT(s->state, SESSION_UP);
	now_ms += 3500;
	session_policy_timer(&tab, now_ms);
	CHECK_INT(s->state, SESSION_CLOSING);
	CHECK_HAS(s->why, "idle for 10 s (idle-timeout from user)");
	CHECK_INT(s->term_cause, 4);
	tx = session_outbox_pop(&tab, SESSION_ACCESS_IKE);
	CHECK(tx && tx->close && tx->s == s);
	free(tx);
	session_lower_gone(s);
	tab.lower_stats = NULL;
	teardown();
}

/* max-connect 30 and the access hours apply to IKE sessions too. */
static void layer_policy_ike_limits(void)
{
	struct roamd_session *s;
	struct session_tx *tx;
	struct roam_policy *p;
	struct tm tm;
	time_t w;

	setup();
	real_now();
	w = session_policy_wall(&tab);
	localtime_r(&w, &tm);
	p = alice_policy();
	p->set = 1u << ROAM_POL_MAX_CONNECT | 1u << ROAM_POL_HOURS;
	p->max_connect = 30;
	p->nhours = 1;
	p->hours[0].days = 1u << tm.tm_wday;
	p->hours[0].start = 0;
	p->hours[0].end = 24 * 60;
	s = ike_session_up();
	session_policy_timer(&tab, now_ms + 29000);
	CHECK_INT(s->state, SESSION_UP);
	session_policy_timer(&tab, now_ms + 31000);
	CHECK_INT(s->state, SESSION_CLOSING);
	CHECK_HAS(s->why, "maximum connect time of 30 s");
	CHECK_INT(s->term_cause, 5);
	tx = session_outbox_pop(&tab, SESSION_ACCESS_IKE);
	CHECK(tx && tx->close);
	free(tx);
	session_lower_gone(s);

	s = ike_session_up();
	session_policy_timer(&tab, now_ms);
	CHECK_INT(s->state, SESSION_UP);
	tab.clock_offset = 86400;
	tab.policy_recheck = true;
	session_policy_timer(&tab, now_ms);
	CHECK_INT(s->state, SESSION_CLOSING);
	CHECK_HAS(s->why, "access hours are over");
	tx = session_outbox_pop(&tab, SESSION_ACCESS_IKE);
	CHECK(tx && tx->close);
	free(tx);
	session_lower_gone(s);
	teardown();
}

/* max-connect 60 */
static void layer_policy_max_connect(void)
{
	struct roamd_session *s;
	uint32_t a = 0;

	setup();
	real_now();
	alice_policy()->set = 1u << ROAM_POL_MAX_CONNECT;
	users_find(&db.users, "alice")->policy->max_connect = 60;
	s = bring_up("alice", "secret", &a);
	session_policy_timer(&tab, now_ms + 59000);
	CHECK_INT(s->state, SESSION_UP);
	session_policy_timer(&tab, now_ms + 61000);
	CHECK(s->ppp_closing);
	CHECK_HAS(s->why, "maximum connect time of 60 s");
	CHECK_INT(s->term_cause, 5);
	teardown();
}

/* hours: today only; the clock moved a day on ends the session. */
static void layer_policy_hours(void)
{
	struct roamd_session *s;
	struct roam_policy *p;
	struct tm tm;
	time_t w;
	uint32_t a = 0;

	setup();
	real_now();
	w = session_policy_wall(&tab);
	localtime_r(&w, &tm);
	p = alice_policy();
	p->set = 1u << ROAM_POL_HOURS;
	p->nhours = 1;
	p->hours[0].days = 1u << tm.tm_wday;
	p->hours[0].start = 0;
	p->hours[0].end = 24 * 60;
	s = bring_up("alice", "secret", &a);
	CHECK_INT(s->state, SESSION_UP);
	session_policy_timer(&tab, now_ms);
	CHECK_INT(s->state, SESSION_UP);
	tab.clock_offset = 86400;
	tab.policy_recheck = true;
	CHECK_INT(session_policy_deadline(&tab), 0);
	session_policy_timer(&tab, now_ms);
	CHECK(s->ppp_closing);
	CHECK_HAS(s->why, "access hours are over");
	teardown();
}

/* The policy's DNS server is what IPCP gives (not ppp set's). */
static void layer_policy_dns(void)
{
	struct roamd_session *s;
	struct roam_policy *p;
	uint8_t req[12] = { 3, 6, 0, 0, 0, 0, 129, 6, 0, 0, 0, 0 };
	uint32_t a = 0;
	int i;

	setup();
	db.settings.dns[0] = IP4(192, 0, 2, 53);
	p = alice_policy();
	p->set = 1u << ROAM_POL_DNS;
	p->ndns = 1;
	p->dns[0] = IP4(10, 9, 9, 9);
	s = bring_up("alice", "secret", &a);
	CHECK_INT(s->state, SESSION_UP);
	req[2] = a >> 24;
	req[3] = a >> 16;
	req[4] = a >> 8;
	req[5] = a;
	client_send(s, PROTO_IPCP, CONFREQ, 7, req, sizeof(req));
	i = find(PROTO_IPCP, CONFNAK);
	CHECK(i >= 0);
	if (i >= 0) {
		CHECK_INT(last[i].dlen, 6);
		CHECK_INT(last[i].data[0], 129);
		CHECK_INT(last[i].data[2], 10);
		CHECK_INT(last[i].data[3], 9);
		CHECK_INT(last[i].data[5], 9);
	}
	teardown();
}

/* address-order: the client's own request only when the order names it. */
static void layer_policy_address_order(void)
{
	struct roamd_session *s1, *s2, *s3;
	struct roam_policy *p;

	setup();
	s1 = session_new(&tab, SESSION_ACCESS_L2TP, 16);
	CHECK_INT(session_address_take_policy(s1, "alice", IP4(10, 0, 0, 11)),
		  0);
	CHECK_INT(s1->addr, IP4(10, 0, 0, 10));	/* default: the pool's */
	p = alice_policy();
	p->set = 1u << ROAM_POL_ADDR_ORDER;
	p->naddr_order = 2;
	p->addr_order[0] = ROAM_ADDR_CLIENT;
	p->addr_order[1] = ROAM_ADDR_POOL;
	s2 = session_new(&tab, SESSION_ACCESS_L2TP, 16);
	CHECK_INT(session_address_take_policy(s2, "alice", IP4(10, 0, 0, 11)),
		  0);
	CHECK_INT(s2->addr, IP4(10, 0, 0, 11));
	CHECK_STR(s2->pool, "vpn");
	CHECK_INT(db.pools.v[0].in_use, 2);
	/* taken: the next source (the pool, now full) */
	s3 = session_new(&tab, SESSION_ACCESS_L2TP, 16);
	CHECK_INT(session_address_take_policy(s3, "alice", IP4(10, 0, 0, 11)),
		  -1);
	/* the pool alone: its first free address, the client's wish aside */
	p->addr_order[0] = ROAM_ADDR_POOL;
	p->naddr_order = 1;
	session_address_release(s1);
	CHECK_INT(session_address_take_policy(s3, "alice", 0), 0);
	CHECK_INT(s3->addr, IP4(10, 0, 0, 10));
	teardown();
}

/* Apply one configuration line to the harness's database. */
static void db_line(const char *line)
{
	struct roam_tokens t;
	struct roam_cmd c;
	char err[ROAM_ERR_MAX] = "";

	memset(&c, 0, sizeof(c));
	CHECK_INT(roam_tokenize(line, strlen(line), &t, err, sizeof(err)), 0);
	CHECK_INT(roam_cmd_parse(&t, &c, err, sizeof(err)), 0);
	CHECK_INT(db_apply(&db, &c, err, sizeof(err)), 0);
	roam_tokens_wipe(&t);
}

/* The Authentication-Protocol of the last LCP Configure-Request sent. */
static uint16_t offered_auth(void)
{
	int i = find(PROTO_LCP, CONFREQ);
	size_t o;

	if (i < 0)
		return 0;
	for (o = 0; o + 2 <= last[i].dlen && last[i].data[o + 1] >= 2;
	     o += last[i].data[o + 1])
		if (last[i].data[o] == 3 && last[i].data[o + 1] >= 4 &&
		    o + 4 <= last[i].dlen)
			return last[i].data[o + 2] << 8 | last[i].data[o + 3];
	return 0;
}

/* A new call: PPP started, its first Configure-Request in last[]. */
static struct roamd_session *call_start(void)
{
	struct roamd_session *s = session_new(&tab, SESSION_ACCESS_L2TP, 16);

	CHECK(s != NULL);
	s->kernel_tmpl.kind = ROAM_KIND_L2TP;
	snprintf(s->label, sizeof(s->label), "test call");
	CHECK_INT(ppp_link_attach(s, &db.settings), 0);
	ppp_link_start(s, now_ms);
	client_send(s, PROTO_LCP, 0xff, 0, NULL, 0);	/* unknown: rejected */
	return s;
}

/* The peer Naks our Authentication-Protocol, suggesting proto. */
static void nak_auth(struct roamd_session *s, uint16_t proto)
{
	uint8_t opt[4] = { 3, 4, proto >> 8, proto & 0xff };
	int i = find(PROTO_LCP, CONFREQ);

	CHECK(i >= 0);
	client_send(s, PROTO_LCP, CONFNAK, i >= 0 ? last[i].id : 0, opt,
		    sizeof(opt));
}

/*
 * ppp-auth is what LCP offers, strongest first, before the user is known
 * (the base group's); a Nak suggesting a method is followed only when
 * the policy allows it; the service's list when the base says nothing.
 */
static void layer_policy_ppp_offer(void)
{
	struct roamd_session *s;

	setup();
	db.settings.auth[0] = ROAM_PPP_AUTH_MSCHAPV2;
	db.settings.auth[1] = ROAM_PPP_AUTH_CHAP;
	db.settings.nauth = 2;
	/* the base says nothing: the service's list (MS-CHAPv2 first) */
	s = call_start();
	CHECK_INT(offered_auth(), 0xc223);
	CHECK_INT(last[find(PROTO_LCP, CONFREQ)].data[4], 0x81);
	ppp_link_close(s, now_ms);

	/* base ppp-auth pap,chap: CHAP-MD5 first, whatever the order */
	db_line("group set base ppp-auth pap,chap");
	s = call_start();
	CHECK_INT(offered_auth(), 0xc223);
	CHECK_INT(last[find(PROTO_LCP, CONFREQ)].data[4], 5);
	/* the peer wants PAP, which is allowed: offered next */
	nak_auth(s, PROTO_PAP);
	CHECK_INT(offered_auth(), PROTO_PAP);
	CHECK(!s->ppp_finished);
	ppp_link_close(s, now_ms);

	/* base ppp-auth pap: PAP alone, though the service lists none */
	db_line("group set base ppp-auth pap");
	s = call_start();
	CHECK_INT(offered_auth(), PROTO_PAP);
	/* a peer that refuses PAP (pppd refuse-pap) Naks with CHAP: refused */
	nak_auth(s, 0xc223);
	CHECK(find(PROTO_LCP, CONFREQ) < 0);
	CHECK(find(PROTO_LCP, TERMREQ) >= 0);
	CHECK_HAS(ppp_session_down(s->ppp)->text, "refused PAP");
	teardown();
}

/* What roam monitor would be told (session_table.event). */
static struct {
	enum session_event_type type;
	char user[32], why[192];
	unsigned int werr;
} ev[8];
static unsigned int nev;

static void record_event(void *ctx, const struct session_event *e)
{
	(void)ctx;
	if (nev == 8)
		return;
	ev[nev].type = e->type;
	snprintf(ev[nev].user, sizeof(ev[nev].user), "%s", e->user);
	snprintf(ev[nev].why, sizeof(ev[nev].why), "%s", e->why);
	ev[nev].werr = e->windows_error;
	nev++;
}

/*
 * Every refusal is an event with its cause and Windows error: the
 * policy's (logins: 649), bad credentials (691), an XAUTH refusal
 * before any session; an up session is "up", its end "down".
 */
static void layer_policy_refusal_events(void)
{
	struct roamd_session *s1, *s2;
	uint32_t a1 = 0, a2 = 0;
	char line[512], *text;
	size_t len;
	struct session_event e = {
		.type = SESSION_EV_REFUSED,
		.access = SESSION_ACCESS_PPTP,
		.user = "bob",
		.why = "refused: outside its access hours (hours from user)",
		.windows_error = 646,
	};

	setup();
	nev = 0;
	tab.event = record_event;
	alice_policy()->set = 1u << ROAM_POL_LOGINS;
	users_find(&db.users, "alice")->policy->logins = 1;
	s1 = bring_up("alice", "secret", &a1);
	CHECK_INT(s1->state, SESSION_UP);
	CHECK_INT(nev, 1);
	CHECK_INT(ev[0].type, SESSION_EV_UP);
	CHECK_STR(ev[0].user, "alice");
	s2 = bring_up("alice", "secret", &a2);
	(void)s2;
	CHECK_INT(nev, 2);
	CHECK_INT(ev[1].type, SESSION_EV_REFUSED);
	CHECK_HAS(ev[1].why, "refused: already logged in 1 time");
	CHECK_INT(ev[1].werr, 649);
	s2 = bring_up("alice", "wrong", &a2);
	CHECK_INT(nev, 3);
	CHECK_INT(ev[2].type, SESSION_EV_REFUSED);
	CHECK_INT(ev[2].werr, 691);
	session_finish(s1, "closed by the test", 0);
	CHECK_INT(nev, 4);
	CHECK_INT(ev[3].type, SESSION_EV_DOWN);
	session_refused_early(&tab, SESSION_ACCESS_IKE, "IKE peer 192.0.2.7:500",
			      "carol", "sales", NULL, "refused: wrong password",
			      691);
	CHECK_INT(nev, 5);
	CHECK_INT(ev[4].type, SESSION_EV_REFUSED);
	CHECK_STR(ev[4].user, "carol");
	tab.event = NULL;
	teardown();

	/* as roam monitor prints it */
	CHECK_INT(ctl_event_format(&e, false, &text, &len), 0);
	snprintf(line, sizeof(line), "%.*s", (int)len, text);
	free(text);
	CHECK_STR(line, "refused user bob protocol pptp reason \"refused: outside its access hours (hours from user)\" windows-error 646\n");
	CHECK_INT(ctl_event_format(&e, true, &text, &len), 0);
	snprintf(line, sizeof(line), "%.*s", (int)len, text);
	free(text);
	CHECK_STR(line, "{\"event\":\"refused\",\"user\":\"bob\",\"protocol\":\"pptp\",\"reason\":\"refused: outside its access hours (hours from user)\",\"windows_error\":646}\n");
}

void suite_session_policy(void)
{
	RUN(layer_policy_refusal_events);
	RUN(layer_policy_ppp_offer);
	RUN(layer_policy_address_order);
	RUN(layer_policy_dns);
	RUN(layer_policy_logins_refuse);
	RUN(layer_policy_logins_end_oldest);
	RUN(layer_policy_access);
	RUN(layer_policy_deadline_kept);
	RUN(layer_nsetup);
	RUN(layer_policy_idle);
	RUN(layer_policy_idle_ike);
	RUN(layer_policy_ike_limits);
	RUN(layer_policy_max_connect);
	RUN(layer_policy_hours);
}
