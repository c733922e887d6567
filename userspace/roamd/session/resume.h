/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A session an earlier roamd had up, taken over by a roamd started after
 * it died (Documentation/design.md, "Restart"): the client notices
 * nothing, so the session goes on as it was: UP on the same kernel
 * session, with the same user, address (taken out of its pool again),
 * serial (its Acct-Session-Id: no new Start), start time, what the
 * RADIUS server granted it, and PPP in Opened with what was negotiated.
 * The event hook hears SESSION_EV_TAKEN_OVER (not a new login) and
 * accounting its acct_resumed (no Start: its own Interim-Update
 * interval armed again).
 */
#ifndef ROAMD_SESSION_RESUME_H
#define ROAMD_SESSION_RESUME_H

#include <stdbool.h>
#include <stdint.h>

#include "aaa/auth.h"
#include "ppp/session.h"
#include "session/session.h"

struct roamd_settings;

struct session_resume {
	uint64_t serial;		/* the earlier one; 0: keep the new */
	bool accounted;			/* its accounting Start was sent */
	char user[PPP_NAME_MAX + 1];
	uint32_t addr;			/* host order */
	uint32_t kernel_ifindex, kernel_id;
	uint64_t started_ms;		/* CLOCK_MONOTONIC */
	struct ppp_resume ppp;
	/*
	 * What the RADIUS server granted at its login (remote false:
	 * nothing): its Class, Session-Timeout (counted from started_ms),
	 * Idle-Timeout and Acct-Interim-Interval go on as they were.
	 */
	struct aaa_attrs granted;
};

/*
 * s: fresh from session_new() (SETUP, no PPP), its call filled in by the
 * access method (kernel_tmpl, view_tmpl, peer, call key), the kernel
 * session already moved to this roamd's socket.  0, or -1 with nothing
 * of r taken (the caller ends s as a failed setup): the address or
 * serial held by another session, PPP values out of shape, out of
 * memory.  Logged either way.
 */
int session_resume(struct roamd_session *s, const struct roamd_settings *st,
		   const struct session_resume *r, uint64_t now);

#endif /* ROAMD_SESSION_RESUME_H */
