// SPDX-License-Identifier: GPL-2.0
/*
 * The RADIUS server's Session-Timeout and Idle-Timeout on a live session
 * (from its Access-Accept, or changed by a CoA-Request): the group
 * policy's timer (session/policy_enforce.c) enforces them in place of
 * the policy's own max-connect and idle-timeout, with the
 * Acct-Terminate-Cause of each.
 */
#include <stdlib.h>
#include <time.h>

#include <linux/roam.h>

#include "session/policy_enforce.h"
#include "test.h"
#include "test_session_layer.h"

static void real_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now_ms = (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The server's Idle-Timeout 8 wins over the user's idle-timeout 100. */
static void server_idle_wins(void)
{
	struct roamd_session *s;
	struct roamd_user *u;
	uint32_t a = 0;

	setup();
	real_now();
	u = users_find(&db.users, "alice");
	u->policy = calloc(1, sizeof(*u->policy));
	CHECK(u->policy != NULL);
	u->policy->set = 1u << ROAM_POL_IDLE;
	u->policy->idle = 100;
	k_rx_packets = 3;
	s = bring_up("alice", "secret", &a);
	CHECK_INT(s->state, SESSION_UP);
	s->idle_timeout = 8;
	tab.policy_recheck = true;
	session_policy_timer(&tab, now_ms);
	now_ms += 7000;
	session_policy_timer(&tab, now_ms);
	CHECK_INT(s->state, SESSION_UP);
	now_ms += 2000;
	session_policy_timer(&tab, now_ms);
	CHECK(s->ppp_closing);
	CHECK_HAS(s->why, "idle for 8 s (idle-timeout from the RADIUS server)");
	CHECK_INT(s->term_cause, 4);	/* Idle-Timeout */
	teardown();
}

/*
 * No policy limit: the server's Session-Timeout alone ends the session;
 * a CoA that lifts it (0) keeps it up.
 */
static void server_session_timeout(void)
{
	struct roamd_session *s;
	uint32_t a = 0;

	setup();
	real_now();
	s = bring_up("alice", "secret", &a);
	s->session_timeout = 30;
	tab.policy_recheck = true;
	session_policy_timer(&tab, now_ms + 29000);
	CHECK_INT(s->state, SESSION_UP);
	/* a CoA lifts it: nothing ends the session any more */
	s->session_timeout = 0;
	tab.policy_recheck = true;
	session_policy_timer(&tab, now_ms + 31000);
	CHECK_INT(s->state, SESSION_UP);
	CHECK(!s->ppp_closing);
	/* and another one sets it again, already over */
	s->session_timeout = 20;
	tab.policy_recheck = true;
	CHECK(session_policy_deadline(&tab) == 0);
	session_policy_timer(&tab, now_ms + 32000);
	CHECK(s->ppp_closing);
	CHECK_HAS(s->why, "maximum connect time of 20 s is over (max-connect from the RADIUS server)");
	CHECK_INT(s->term_cause, 5);	/* Session-Timeout */
	teardown();
}

void suite_session_server_limits(void)
{
	RUN(server_idle_wins);
	RUN(server_session_timeout);
}
