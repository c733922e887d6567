// SPDX-License-Identifier: GPL-2.0
/* A session taken over from an earlier roamd (resume.h). */
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "log.h"
#include "session/ppp_link.h"
#include "session/resume.h"

static struct timespec ts_of(uint64_t ms)
{
	return (struct timespec){ .tv_sec = (time_t)(ms / 1000),
				  .tv_nsec = (long)(ms % 1000) * 1000000 };
}

/* The earlier serial, so that accounting goes on under the same id. */
static int take_serial(struct roamd_session *s, uint64_t serial)
{
	struct session_table *t = s->tab;

	if (!serial || serial == s->serial)
		return 0;
	if (session_by_serial(t, serial))
		return -1;
	hashtab_del(&t->by_serial, &s->serial_node);
	s->serial = serial;
	hashtab_add(&t->by_serial, &s->serial_node, s->serial);
	if (t->next_serial < serial)
		t->next_serial = serial;
	return 0;
}

int session_resume(struct roamd_session *s, const struct roamd_settings *st,
		   const struct session_resume *r, uint64_t now)
{
	char a[ROAM_IPV4_STRLEN];
	const char *why = NULL;

	roam_ipv4_format(r->addr, a);
	if (s->state != SESSION_SETUP || s->ppp || !r->kernel_id ||
	    !r->user[0] || r->addr != r->ppp.peer_ip)
		why = "its saved state is incomplete";
	else if (r->serial != s->serial && r->serial &&
		 session_by_serial(s->tab, r->serial))
		why = "its accounting serial is another session's";
	else if (session_address_take_exact(s, r->addr))
		why = "its address is another session's or out of its pool";
	else if (ppp_link_resume(s, st, &r->ppp, now)) {
		session_address_release(s);
		why = "its PPP state cannot be resumed";
	}
	if (why) {
		log_warn("%s user %s (%s): not taken over: %s", s->label,
			 r->user[0] ? r->user : "-", a, why);
		return -1;
	}
	take_serial(s, r->serial);	/* checked above: cannot fail */
	session_set_user(s, r->user);
	if (r->granted.remote)
		session_take_auth_attrs(s, &r->granted);
	if (r->started_ms)
		s->started = ts_of(r->started_ms);
	s->up_at = s->started;
	s->kernel_ifindex = r->kernel_ifindex;
	session_set_kernel_id(s, r->kernel_id);
	/* new sessions' kernel ids come after those taken over */
	if (s->tab->kernel.next_id < r->kernel_id)
		s->tab->kernel.next_id = r->kernel_id;
	s->acct_started = r->accounted;
	session_set_state(s, SESSION_UP);
	s->tab->saved_changes++;
	/*
	 * The server's Session-Timeout from its start (the earlier roamd
	 * counted it from IPCP's opening, a second or two later: the
	 * state does not hold that moment); one already over ends it at
	 * the next timer.
	 */
	session_arm_end(s);
	/* its group policy (connect time, hours, idle) at the next tick */
	s->tab->policy_recheck = true;
	log_info("%s user %s (%s): taken over from the earlier roamd, up since %llu s%s%s",
		 s->label, s->user, a,
		 (unsigned long long)(now > r->started_ms ?
				      (now - r->started_ms) / 1000 : 0),
		 r->accounted ? ", accounting goes on" : "",
		 r->granted.remote ? ", with what the RADIUS server granted" :
		 "");
	if (s->acct_started && s->tab->acct_resumed)
		s->tab->acct_resumed(s->tab->acct_ctx, s);
	session_tell_taken_over(s);
	return 0;
}
