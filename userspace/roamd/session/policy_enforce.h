/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The group policy applied to sessions, in one place for every access
 * method (policy.h has the rules):
 *
 *   at login     session_policy_admit(), once the credentials are good
 *                (PPP: ppp_link.c; XAUTH: access/ike_ra.c): access
 *                method, PPP authentication, hours, simultaneous logins;
 *   once up      session_policy_crypto() (ppp_link.c): the encryption
 *                the policy requires;
 *   while up     session_policy_timer(): maximum connect time, idle
 *                time (the kernel's received-packet counter: the roam
 *                session's, or for an IKE Mode-Config client, which has
 *                none, its inbound ESP SAs' through the table's
 *                lower_stats; read every quarter of the idle timeout, at
 *                least each second and at most each 30 s), and the
 *                access hours.
 *
 * A refusal or an ending says why (log, the session's why and Windows
 * error, RADIUS's Acct-Terminate-Cause).
 */
#ifndef ROAMD_SESSION_POLICY_ENFORCE_H
#define ROAMD_SESSION_POLICY_ENFORCE_H

#include <stdint.h>
#include <time.h>

#include "policy.h"
#include "session/session.h"

/* The policy's wall clock: the system's plus the test offset. */
time_t session_policy_wall(const struct session_table *t);

/*
 * A login of user (its credentials are good) over access method access
 * (ROAM_ACCESS_*), with PPP authentication ppp_auth (0: not PPP); group
 * is the one it came through (IKE, RADIUS Filter-Id; NULL: its own).
 * self is its session if it has one yet (not counted).  Returns true
 * when admitted (v->end_oldest sessions of the user were ended to make
 * room); false with why and the Windows error in v.
 */
bool session_policy_admit(struct session_table *t, struct roamd_session *self,
			  const char *user, const char *group, uint8_t access,
			  int ppp_auth, uint64_t now, struct policy_verdict *v);

/* An up session's encryption against its policy (v: as above). */
bool session_policy_crypto(struct roamd_session *s,
			   const struct policy_crypto *c,
			   struct policy_verdict *v);

/* The access method's bit (ROAM_ACCESS_*). */
uint8_t session_policy_access(const struct roamd_session *s);

uint64_t session_policy_deadline(const struct session_table *t);
/* A session went UP: its policy is checked at its pol_next. */
void session_policy_up(struct roamd_session *s);
void session_policy_timer(struct session_table *t, uint64_t now);

#endif /* ROAMD_SESSION_POLICY_ENFORCE_H */
