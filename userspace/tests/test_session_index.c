// SPDX-License-Identifier: GPL-2.0
/*
 * The session table's indexes and heaps (session/session.c,
 * session/ppp_link.c): every lookup agrees with a walk of the list,
 * through additions, renamings and removals at a few thousand sessions;
 * the reaper frees exactly the DEAD ones; the earliest PPP deadline and
 * Session-Timeout are the heaps' first, and a tick runs only what is due.
 */
#include <stdlib.h>

#include <linux/roam.h>

#include "db.h"
#include "kernel_null.h"
#include "session/ppp_link.h"
#include "session/session.h"
#include "test.h"

void suite_session_index(void);

#define N	3000

static struct roamd_db db;
static struct session_table tab;
static struct roamd_session *v[N];

static void setup(void)
{
	unsigned int i;

	db_init(&db);
	db.settings.echo_interval = 0;
	session_table_init(&tab, &db, NULL);
	snprintf(tab.dev, sizeof(tab.dev), "lo");
	tab.kernel.ops = &kernel_null_ops;
	for (i = 0; i < N; i++) {
		v[i] = session_new(&tab, i % 3 ? SESSION_ACCESS_L2TP :
					       SESSION_ACCESS_PPTP, 8);
		CHECK(v[i] != NULL);
	}
}

static void teardown(void)
{
	session_table_fini(&tab);
	db_free(&db);
}

/* What the old walks of the list answered. */
static struct roamd_session *walk_by_call(enum session_access a,
					  uint64_t key)
{
	struct roamd_session *s;

	for (s = tab.list; s; s = s->next)
		if (s->access == a && s->call_key == key && !s->lower_gone)
			return s;
	return NULL;
}

/* v[i]'s call: PPTP every third (1000, 1001 ...), L2TP the others */
static uint64_t call_key_of(unsigned int i)
{
	return i % 3 ? 1000 + i / 3 * 2 + i % 3 - 1 : 1000 + i / 3;
}

static void index_by_call(void)
{
	unsigned int i, bad = 0;

	setup();
	/* keys unique within a method, shared across methods */
	for (i = 0; i < N; i++)
		session_set_call_key(v[i], call_key_of(i));
	for (i = 0; i < N; i++) {
		uint64_t key = call_key_of(i);

		if (session_by_call(&tab, v[i]->access, key) != v[i] ||
		    walk_by_call(v[i]->access, key) != v[i])
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK(session_by_call(&tab, SESSION_ACCESS_L2TP, 1) == NULL);
	CHECK(session_by_call(&tab, SESSION_ACCESS_IKE, 1000) == NULL);
	/* a call gone below is no longer found, even under a reused key */
	v[1]->lower_gone = true;
	CHECK(session_by_call(&tab, SESSION_ACCESS_L2TP, 1000) == NULL);
	CHECK(session_by_call(&tab, SESSION_ACCESS_PPTP, 1000) == v[0]);
	session_set_call_key(v[4], 1000);
	CHECK(session_by_call(&tab, SESSION_ACCESS_L2TP, 1000) == v[4]);
	/* renamed: found under its new key only */
	CHECK(session_by_call(&tab, SESSION_ACCESS_L2TP, 1002) == NULL);
	session_set_call_key(v[5], 7);
	CHECK(session_by_call(&tab, SESSION_ACCESS_L2TP, 7) == v[5]);
	CHECK(session_by_call(&tab, SESSION_ACCESS_L2TP, 1003) == NULL);
	teardown();
}

static void index_by_addr_and_kernel_id(void)
{
	unsigned int i, bad = 0;

	setup();
	for (i = 0; i < N; i++) {
		session_set_addr(v[i], 0x0a000000 + i + 1);
		v[i]->kernel_ifindex = 1 + i % 2;
		session_set_kernel_id(v[i], 1 + i / 2);
	}
	for (i = 0; i < N; i++) {
		if (session_by_addr(&tab, 0x0a000000 + i + 1) != v[i] ||
		    !session_address_in_use(&tab, 0x0a000000 + i + 1) ||
		    session_by_kernel_id(&tab, 1 + i % 2, 1 + i / 2) != v[i])
			bad++;
		/* any device: one of the two with that id */
		if (session_by_kernel_id(&tab, 0, 1 + i / 2) != v[i & ~1u] &&
		    session_by_kernel_id(&tab, 0, 1 + i / 2) != v[i | 1])
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK(session_by_addr(&tab, 0) == NULL);
	CHECK(session_by_addr(&tab, 0x0a000000 + N + 1) == NULL);
	CHECK(session_by_kernel_id(&tab, 0, 0) == NULL);
	CHECK(session_by_kernel_id(&tab, 3, 1) == NULL);

	/* DEAD: holds its address (in use) but is no session of it */
	v[5]->lower_gone = true;
	session_finish(v[5], "test", 0);
	CHECK(v[5]->state == SESSION_DEAD);
	CHECK(session_by_addr(&tab, 0x0a000006) == NULL);
	CHECK(session_address_in_use(&tab, 0x0a000006));
	/* its kernel session was deleted: no longer found by id */
	CHECK(session_by_kernel_id(&tab, v[5]->kernel_ifindex, 3) == NULL);
	CHECK(session_by_kernel_id(&tab, 0, 3) == v[4]);

	session_set_addr(v[6], 0);
	CHECK(!session_address_in_use(&tab, 0x0a000007));
	session_set_addr(v[6], 0x0a000007);
	CHECK(session_by_addr(&tab, 0x0a000007) == v[6]);
	teardown();
}

static unsigned int list_length(void)
{
	struct roamd_session *s;
	unsigned int n = 0;

	for (s = tab.list; s; s = s->next)
		n++;
	return n;
}

static void reap_only_dead(void)
{
	uint64_t serial_dead[3], serial_alive;
	unsigned int i, bad = 0;
	/* the newest, the oldest and one between: every place in the list */
	unsigned int dead[3] = { N - 1, 0, N / 2 };

	setup();
	for (i = 0; i < 3; i++) {
		serial_dead[i] = v[dead[i]]->serial;
		v[dead[i]]->lower_gone = true;
		session_finish(v[dead[i]], "test", 0);
	}
	serial_alive = v[1]->serial;
	CHECK_INT(session_reap(&tab), 3);
	CHECK_INT(tab.n, N - 3);
	CHECK_INT(list_length(), N - 3);
	for (i = 0; i < 3; i++)
		if (session_by_serial(&tab, serial_dead[i]))
			bad++;
	CHECK_INT(bad, 0);
	CHECK(session_by_serial(&tab, serial_alive) == v[1]);
	CHECK_INT(session_reap(&tab), 0);
	teardown();
}

/* The earliest deadline of any session, by asking each. */
static uint64_t walk_deadline(void)
{
	struct roamd_session *s;
	uint64_t next = UINT64_MAX;

	for (s = tab.list; s; s = s->next)
		if (ppp_link_deadline(s) < next)
			next = ppp_link_deadline(s);
	return next;
}

static unsigned int outbox_frames(struct roamd_session *only)
{
	struct session_tx *tx;
	unsigned int n = 0, a;

	for (a = 0; a < SESSION_ACCESS_COUNT; a++)
		while ((tx = session_outbox_pop(&tab, a))) {
			n += !only || tx->s == only;
			free(tx);
		}
	return n;
}

static void timers_from_heap(void)
{
	uint64_t now = 5000, first;
	unsigned int i;

	setup();
	/* started a millisecond apart: LCP's restart timers a ms apart */
	for (i = 0; i < 200; i++) {
		CHECK_INT(ppp_link_attach(v[i], &db.settings), 0);
		ppp_link_start(v[i], now + i);
	}
	outbox_frames(NULL);
	first = ppp_link_table_deadline(&tab);
	CHECK(first != UINT64_MAX);
	CHECK_INT(first, walk_deadline());
	/* a tick before it runs nothing */
	ppp_link_table_timer(&tab, first - 1);
	CHECK_INT(outbox_frames(NULL), 0);
	/* at it: the oldest call retransmits, alone */
	ppp_link_table_timer(&tab, first);
	CHECK_INT(outbox_frames(v[0]), 1);
	CHECK_INT(outbox_frames(NULL), 0);
	CHECK_INT(ppp_link_table_deadline(&tab), walk_deadline());
	CHECK(ppp_link_table_deadline(&tab) > first);
	/* a session closed and freed leaves the heap */
	v[1]->lower_gone = true;
	session_finish(v[1], "test", 0);
	ppp_link_close(v[1], now);
	session_reap(&tab);
	outbox_frames(NULL);
	CHECK_INT(ppp_link_table_deadline(&tab), walk_deadline());
	teardown();
}

static void session_timeout_heap(void)
{
	struct roamd_session *s;
	uint64_t end;
	unsigned int i;

	setup();
	CHECK_INT(session_ends_deadline(&tab), UINT64_MAX);
	for (i = 0; i < 3; i++) {
		session_set_addr(v[i], 0x0a000001 + i);
		v[i]->kernel_tmpl.kind = ROAM_KIND_L2TP;
		/* 30, 20, 0 (none) seconds */
		v[i]->session_timeout = i == 2 ? 0 : 30 - 10 * i;
		CHECK_INT(session_up(v[i], NULL), 0);
	}
	end = (uint64_t)v[1]->up_at.tv_sec * 1000 +
	      v[1]->up_at.tv_nsec / 1000000 + 20000;
	CHECK_INT(session_ends_deadline(&tab), end);
	CHECK(session_ends_pop(&tab, end - 1) == NULL);
	s = session_ends_pop(&tab, end);
	CHECK(s == v[1]);
	CHECK(session_ends_pop(&tab, end) == NULL);
	CHECK(session_ends_deadline(&tab) >= end + 10000 - 1000);
	/* freed before its end: gone from the heap */
	v[0]->lower_gone = true;
	session_finish(v[0], "test", 0);
	session_reap(&tab);
	CHECK_INT(session_ends_deadline(&tab), UINT64_MAX);
	teardown();
}

void suite_session_index(void)
{
	RUN(index_by_call);
	RUN(index_by_addr_and_kernel_id);
	RUN(reap_only_dead);
	RUN(timers_from_heap);
	RUN(session_timeout_heap);
}
