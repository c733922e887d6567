// SPDX-License-Identifier: GPL-2.0
/* The group policy applied to sessions (policy_enforce.h). */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "session/policy_enforce.h"
#include "session/ppp_link.h"

#define POLL_MIN_MS	1000
#define POLL_MAX_MS	30000

time_t session_policy_wall(const struct session_table *t)
{
	return time(NULL) + t->clock_offset;
}

static void local_now(const struct session_table *t, int *wday, int *minute)
{
	time_t w = session_policy_wall(t);
	struct tm tm;

	localtime_r(&w, &tm);
	*wday = tm.tm_wday;
	*minute = tm.tm_hour * 60 + tm.tm_min;
}

uint8_t session_policy_access(const struct roamd_session *s)
{
	switch (s->access) {
	case SESSION_ACCESS_L2TP:
		return ROAM_ACCESS_L2TP;
	case SESSION_ACCESS_PPTP:
		return ROAM_ACCESS_PPTP;
	default:
		return ROAM_ACCESS_IPSEC;
	}
}

/* A session that counts as one of its user's logins. */
static bool live_login(const struct roamd_session *s, const char *user)
{
	return (s->state == SESSION_SETUP || s->state == SESSION_UP) &&
	       !s->ppp_finished && !s->ppp_closing && !s->lower_down &&
	       s->user[0] && !strcmp(s->user, user);
}

/* End a session from above, as "session del" does, saying why. */
static void end_session(struct roamd_session *s, const char *why,
			unsigned int werr, uint32_t cause, uint64_t now)
{
	if (!s->why[0]) {
		session_note_why(s, "%s", why);
		s->windows_error = werr;
	}
	s->term_cause = cause;
	if (s->ppp)
		ppp_link_close(s, now);
	else
		session_finish(s, why, werr);
}

bool session_policy_admit(struct session_table *t, struct roamd_session *self,
			  const char *user, const char *group, uint8_t access,
			  int ppp_auth, uint64_t now, struct policy_verdict *v)
{
	struct roamd_session *s, *oldest;
	struct policy_login l = {
		.access = access,
		.ppp_auth = ppp_auth,
	};
	struct roamd_policy p;
	unsigned int n;

	policy_for(t->db, user, group, &p);
	local_now(t, &l.wday, &l.minute);
	for (s = t->list; s; s = s->next)
		if (s != self && live_login(s, user))
			l.logins++;
	policy_admit(&p, &l, v);
	if (!v->ok)
		return false;
	if (self && p.group[0])
		session_set_group(self, p.group);
	/* the list is newest first: the oldest is the last one found */
	for (n = 0; n < v->end_oldest; n++) {
		oldest = NULL;
		for (s = t->list; s; s = s->next)
			if (s != self && live_login(s, user))
				oldest = s;
		if (!oldest)
			break;
		log_info("%s user %s: ended: %s", oldest->label, user, v->why);
		end_session(oldest, v->why, 0, 6 /* Admin-Reset */, now);
	}
	return true;
}

bool session_policy_crypto(struct roamd_session *s,
			   const struct policy_crypto *c,
			   struct policy_verdict *v)
{
	struct roamd_policy p;

	policy_for(s->tab->db, s->user, s->view_tmpl.group, &p);
	policy_check_crypto(&p, c, v);
	return v->ok;
}

static uint64_t up_ms(const struct roamd_session *s)
{
	const struct timespec *ts = s->up_at.tv_sec ? &s->up_at : &s->started;

	return (uint64_t)ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
}

/* Read the kernel's counter when due: a packet came, the session is active. */
static void poll_idle(struct roamd_session *s, const struct roamd_policy *p,
		      uint64_t now)
{
	const struct session_kernel *k = &s->tab->kernel;
	struct roam_session_info info;
	uint64_t iv;

	if (!s->pol_active)
		s->pol_active = up_ms(s);
	if (!p->v.idle || now < s->pol_poll_next)
		return;
	iv = (uint64_t)p->v.idle * 1000 / 4;
	iv = iv < POLL_MIN_MS ? POLL_MIN_MS : iv > POLL_MAX_MS ? POLL_MAX_MS : iv;
	s->pol_poll_next = now + iv;
	memset(&info, 0, sizeof(info));
	if (s->kernel_id && k->ops && k->ops->stats) {
		if (k->ops->stats(k->ctx, s->kernel_ifindex, s->kernel_id,
				  &info))
			goto unknown;
	} else if (!s->kernel_id && s->tab->lower_stats) {
		/* no kernel session: the lower layer counts (IKE: ESP SAs) */
		if (s->tab->lower_stats(s->tab->lower_stats_ctx, s, &info))
			goto unknown;
	} else {
		return;		/* nothing to read: never idle by this rule */
	}
	if (info.rx_packets != s->pol_rx) {
		s->pol_rx = info.rx_packets;
		s->pol_active = now;
	}
	return;
unknown:
	s->pol_active = now;	/* not ended for what cannot be read */
}

/*
 * The RADIUS server's Session-Timeout and Idle-Timeout (from its
 * Access-Accept, or changed by a CoA-Request) are the session's own:
 * they win over the group policy's max-connect and idle-timeout.
 */
static void server_limits(const struct roamd_session *s, struct roamd_policy *p)
{
	if (s->session_timeout) {
		p->v.max_connect = s->session_timeout;
		p->from[ROAM_POL_MAX_CONNECT] = POLICY_FROM_SERVER;
	}
	if (s->idle_timeout) {
		p->v.idle = s->idle_timeout;
		p->from[ROAM_POL_IDLE] = POLICY_FROM_SERVER;
	}
}

/* An up session whose policy the timer checks. */
static bool policed(const struct roamd_session *s)
{
	return s->state == SESSION_UP && !s->ppp_closing && s->user[0];
}

/* Check one up session; true when a check is still needed later. */
static bool check_one(struct roamd_session *s, uint64_t now, int wday,
		      int minute)
{
	struct policy_running r = { .wday = wday, .minute = minute };
	struct policy_verdict v;
	struct roamd_policy p;
	uint64_t up = up_ms(s);

	policy_for(s->tab->db, s->user, s->view_tmpl.group, &p);
	server_limits(s, &p);
	if (!p.v.idle && !p.v.max_connect && !p.v.nhours)
		return false;
	poll_idle(s, &p, now);
	r.up_s = now > up ? (now - up) / 1000 : 0;
	r.idle_s = now > s->pol_active ? (now - s->pol_active) / 1000 : 0;
	policy_check_running(&p, &r, &v);
	if (v.ok)
		return true;
	log_info("%s user %s: ended: %s", s->label, s->user, v.why);
	end_session(s, v.why, 0, v.term_cause, now);
	return false;
}

void session_policy_timer(struct session_table *t, uint64_t now)
{
	bool recheck = t->policy_recheck;
	struct roamd_session *s;
	int wday, minute;

	t->policy_recheck = false;
	t->pol_min = UINT64_MAX;
	local_now(t, &wday, &minute);
	/* sessions are never freed here (session.h): the walk is safe */
	for (s = t->list; s; s = s->next) {
		if (!policed(s))
			continue;
		if (recheck || s->pol_next <= now)
			s->pol_next = check_one(s, now, wday, minute) ?
				      now + POLL_MIN_MS : UINT64_MAX;
		/* check_one() may have ended it */
		if (policed(s) && s->pol_next < t->pol_min)
			t->pol_min = s->pol_next;
	}
}

void session_policy_up(struct roamd_session *s)
{
	if (s->pol_next < s->tab->pol_min)
		s->tab->pol_min = s->pol_next;
}

uint64_t session_policy_deadline(const struct session_table *t)
{
	return t->policy_recheck ? 0 : t->pol_min;
}
