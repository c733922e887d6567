/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A session an earlier roamd had up, taken over by a roamd started after
 * it died (Documentation/design.md, "Restart"): the client notices
 * nothing, so the session goes on as it was: UP on the same kernel
 * session, with the same user, address (taken out of its pool again),
 * serial (its Acct-Session-Id: no new Start), start time, and PPP in
 * Opened with what was negotiated.
 */
#ifndef ROAMD_SESSION_RESUME_H
#define ROAMD_SESSION_RESUME_H

#include <stdbool.h>
#include <stdint.h>

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
