// SPDX-License-Identifier: GPL-2.0
/*
 * A session taken over from an earlier roamd (session/resume.h): UP on
 * its kernel session without adding one, its address out of its pool,
 * its serial (the Acct-Session-Id) kept and no new accounting Start, its
 * PPP answering echoes with the magic number the client knows, and its
 * end the end of any session (the kernel session it took over deleted,
 * the accounting Stop sent).  One the RADIUS server granted a Class and
 * limits to keeps them, and the event hook hears it taken over, not a
 * new login.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/roam.h>

#include "pool.h"
#include "roamd.h"
#include "session/ppp_link.h"
#include "session/resume.h"
#include "test.h"
#include "test_session_layer.h"

#define ECHOREQ	9
#define ECHOREP	10

static unsigned int acct_up, acct_down;

static void on_acct(void *ctx, struct roamd_session *s, bool up)
{
	(void)ctx;
	(void)s;
	if (up)
		acct_up++;
	else
		acct_down++;
}

static struct session_resume saved(void)
{
	struct session_resume r = {
		.serial = 0x42,
		.accounted = true,
		.user = "alice",
		.addr = IP4(10, 0, 0, 11),
		.kernel_ifindex = 1,
		.kernel_id = 77,
		.started_ms = now_ms - 600,
		.ppp = {
			.method = PPP_AUTH_PAP,
			.user = "alice",
			.peer_mru = 1400,
			.our_magic = 0x5eed1234,
			.peer_magic = 0x12345678,
			.local_ip = IP4(10, 0, 0, 1),
			.peer_ip = IP4(10, 0, 0, 11),
		},
	};
	return r;
}

static struct roamd_session *new_call(void)
{
	struct roamd_session *s = session_new(&tab, SESSION_ACCESS_L2TP, 16);

	CHECK(s != NULL);
	if (s) {
		s->kernel_tmpl.kind = ROAM_KIND_L2TP;
		snprintf(s->label, sizeof(s->label), "test call");
	}
	return s;
}

static void session_taken_over(void)
{
	static const uint8_t client_magic[] = { 0x12, 0x34, 0x56, 0x78 };
	struct session_resume r;
	struct roamd_session *s, *other;
	uint32_t a;
	int i;

	setup();
	acct_up = acct_down = 0;
	tab.acct_event = on_acct;
	db.settings.echo_interval = 30;
	now_ms = 100000;
	r = saved();
	s = new_call();
	if (!s)
		return;
	CHECK_INT(session_resume(s, &db.settings, &r, now_ms), 0);
	CHECK_INT(s->state, SESSION_UP);
	CHECK_STR(s->user, "alice");
	CHECK_INT(s->serial, 0x42);
	CHECK(session_by_serial(&tab, 0x42) == s);
	CHECK(session_by_addr(&tab, IP4(10, 0, 0, 11)) == s);
	CHECK(session_by_kernel_id(&tab, 1, 77) == s);
	/* the kernel has it already; accounting goes on without a Start */
	CHECK_INT(k_added, 0);
	CHECK(tab.kernel.next_id >= 77);	/* not given again */
	CHECK_INT(acct_up, 0);
	CHECK(s->acct_started);
	/* its address is out of the pool: the next client gets another */
	CHECK_INT(db.pools.v[0].in_use, 1);
	CHECK_INT(pool_alloc(&db.pools.v[0], &a), 0);
	CHECK_INT(a, IP4(10, 0, 0, 10));
	pool_release(&db.pools.v[0], a);
	/* and a new session's serial comes after the one taken over */
	other = new_call();
	CHECK(other && other->serial > 0x42);

	/* what cannot be taken twice */
	r.serial = 0x99;
	CHECK_INT(session_resume(other, &db.settings, &r, now_ms), -1);
	r = saved();
	r.addr = r.ppp.peer_ip = IP4(10, 0, 0, 10);
	CHECK_INT(session_resume(other, &db.settings, &r, now_ms), -1);
	r = saved();
	r.addr = IP4(10, 0, 0, 10);		/* PPP gave it another */
	CHECK_INT(session_resume(other, &db.settings, &r, now_ms), -1);
	CHECK_INT(other->state, SESSION_SETUP);
	CHECK_INT(db.pools.v[0].in_use, 1);	/* nothing taken on refusal */

	/* PPP answers the client's echo with the magic number it knows */
	client_send(s, PROTO_LCP, ECHOREQ, 5, client_magic, 4);
	i = find(PROTO_LCP, ECHOREP);
	CHECK(i >= 0);
	CHECK(i >= 0 && last[i].dlen == 4 &&
	      !memcmp(last[i].data, "\x5e\xed\x12\x34", 4));
	/* and sends its own from one interval on */
	CHECK_INT(ppp_link_deadline(s), now_ms + 30000);

	/* closed from our side: its kernel session goes, accounting stops */
	ppp_link_close(s, now_ms);
	layer_drain();
	i = find(PROTO_LCP, TERMREQ);
	CHECK(i >= 0);
	client_send(s, PROTO_LCP, TERMACK, i >= 0 ? last[i].id : 0, NULL, 0);
	CHECK_INT(s->state, SESSION_CLOSING);
	CHECK_INT(acct_down, 1);
	CHECK_INT(acct_up, 0);
	session_lower_gone(s);
	session_lower_gone(other);
	CHECK_INT(session_reap(&tab), 2);
	CHECK_INT(db.pools.v[0].in_use, 0);
	teardown();
}

static unsigned int acct_resumed_n, nev;
static enum session_event_type ev_type;

static void on_acct_resumed(void *ctx, struct roamd_session *s)
{
	(void)ctx;
	(void)s;
	acct_resumed_n++;
}

static void on_event(void *ctx, const struct session_event *e)
{
	(void)ctx;
	ev_type = e->type;
	nev++;
}

/*
 * What the RADIUS server granted goes on: Class (echoed in accounting),
 * Session-Timeout counted from the session's start, Idle-Timeout and
 * its Interim-Update interval; the monitor hears "taken-over".
 */
static void session_taken_over_radius(void)
{
	struct session_resume r = saved();
	struct roamd_session *s;
	char *text;
	size_t len;

	setup();
	acct_up = acct_down = acct_resumed_n = nev = 0;
	tab.acct_event = on_acct;
	tab.acct_resumed = on_acct_resumed;
	tab.event = on_event;
	now_ms = 100000;
	r.started_ms = now_ms - 600;
	r.granted.remote = true;
	r.granted.session_timeout = 3600;
	r.granted.idle_timeout = 600;
	r.granted.interim = 300;
	r.granted.class_len = 5;
	memcpy(r.granted.class_val, "C\0LS1", 5);
	s = new_call();
	if (!s)
		return;
	CHECK_INT(session_resume(s, &db.settings, &r, now_ms), 0);
	CHECK(s->auth_remote);
	CHECK_INT(s->session_timeout, 3600);
	CHECK_INT(s->idle_timeout, 600);
	CHECK_INT(s->interim, 300);
	CHECK_INT(s->auth_class_len, 5);
	CHECK(s->auth_class && !memcmp(s->auth_class, "C\0LS1", 5));
	/* its end is armed from its start, not from the take-over */
	CHECK_INT(s->end.deadline, now_ms - 600 + 3600 * 1000);
	CHECK(session_ends_pop(&tab, now_ms) == NULL);
	/* accounting goes on (no Start), told so; the monitor hears it */
	CHECK_INT(acct_up, 0);
	CHECK_INT(acct_resumed_n, 1);
	CHECK_INT(nev, 1);
	CHECK_INT(ev_type, SESSION_EV_TAKEN_OVER);
	{
		struct session_event e = {
			.type = SESSION_EV_TAKEN_OVER,
			.access = SESSION_ACCESS_L2TP,
			.serial = 0x42,
			.user = "alice",
			.addr = IP4(10, 0, 0, 11),
		};
		char line[256];

		CHECK_INT(ctl_event_format(&e, true, &text, &len), 0);
		snprintf(line, sizeof(line), "%.*s", (int)len, text);
		free(text);
		CHECK_STR(line, "{\"event\":\"taken-over\",\"session\":66,\"user\":\"alice\",\"protocol\":\"l2tp\",\"address\":\"10.0.0.11\"}\n");
	}
	/* a Session-Timeout over while no roamd ran ends it at once */
	session_finish(s, "closed by the test", 0);
	session_lower_gone(s);
	CHECK_INT(session_reap(&tab), 1);
	now_ms = 8000000;
	r = saved();
	r.started_ms = now_ms - 7200 * 1000;
	r.granted.remote = true;
	r.granted.session_timeout = 3600;
	s = new_call();
	if (!s)
		return;
	CHECK_INT(session_resume(s, &db.settings, &r, now_ms), 0);
	CHECK(session_ends_pop(&tab, now_ms) == s);
	/* one the local database authenticated: nothing granted, none armed */
	session_finish(s, "closed by the test", 0);
	session_lower_gone(s);
	CHECK_INT(session_reap(&tab), 1);
	r = saved();
	s = new_call();
	if (!s)
		return;
	CHECK_INT(session_resume(s, &db.settings, &r, now_ms), 0);
	CHECK(!s->auth_remote && !s->session_timeout && !s->auth_class_len);
	CHECK_INT(s->end.deadline, 0);
	session_finish(s, "closed by the test", 0);
	session_lower_gone(s);
	CHECK_INT(session_reap(&tab), 1);
	tab.event = NULL;
	tab.acct_resumed = NULL;
	teardown();
}

void suite_session_resume(void)
{
	RUN(session_taken_over);
	RUN(session_taken_over_radius);
}
