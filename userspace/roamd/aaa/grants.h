/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an authentication server granted a login, held until the login
 * has its session.  XAUTH (access/ike_ra.c) has its verdict before the
 * client asks for its Mode-Config address, and only then is a session
 * made: the Access-Accept's attributes (Framed-IP-Address, Framed-Pool,
 * Session-Timeout, Idle-Timeout, Class ...) wait here under the owner's
 * handle (the IKE SA's id), and the session takes them with
 * session_take_auth_attrs(), as a PPP session does at its verdict.
 *
 * A grant is for one user: taken for another (the client changed its
 * name between XAUTH and Mode-Config, which the engine does not allow,
 * or a stale owner) it is dropped and nothing is granted.  The owner
 * drops its grant when it goes away without a session; one whose owner
 * never came back for it (an IKE SA that died between its XAUTH and
 * its Mode-Config request says nothing to the glue) is forgotten after
 * AAA_GRANT_TTL_MS, when the next grant is kept, so that logins which
 * never finish cannot grow the list.
 */
#ifndef ROAMD_AAA_GRANTS_H
#define ROAMD_AAA_GRANTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aaa/auth.h"

struct aaa_grant;

/* far longer than any client takes from XAUTH to Mode-Config */
#define AAA_GRANT_TTL_MS	(5 * 60 * 1000)

struct aaa_grants {
	struct aaa_grant *list;		/* newest first; few at a time */
	size_t n;
};

/*
 * Keep attrs for owner's login of user, replacing one it had, at now
 * (ms); grants older than AAA_GRANT_TTL_MS go.  0, or -1 when out of
 * memory (logged by the caller: the login then goes without the
 * server's attributes, as if it had given none).
 */
int aaa_grant_keep(struct aaa_grants *g, uint64_t owner, const char *user,
		   const struct aaa_attrs *attrs, uint64_t now);
/*
 * Owner's grant, taken off: true and *attrs filled when it is user's;
 * false (and *attrs zeroed) when there is none or it is another user's.
 */
bool aaa_grant_take(struct aaa_grants *g, uint64_t owner, const char *user,
		    struct aaa_attrs *attrs);
/* Forget owner's grant, if any. */
void aaa_grant_drop(struct aaa_grants *g, uint64_t owner);
void aaa_grants_fini(struct aaa_grants *g);

/*
 * Whether the server's group for the user (its Filter-Id, when it gave
 * one) is group, the one the login came through (XAUTH: the IKE group,
 * chosen by the client's group name and key).  A server that names
 * another group refuses the login, as a local user of another group is
 * refused.
 */
bool aaa_attrs_group_ok(const struct aaa_attrs *a, const char *group);

#endif /* ROAMD_AAA_GRANTS_H */
