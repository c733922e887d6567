/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Group policy: what a user may do and for how long, resolved
 * base group -> group -> user, and each decision as a pure function of
 * the resolved policy and the facts of the moment (no clock, no I/O), so
 * that every rule is unit-tested alone.  session/policy_enforce.c applies
 * them, once for every access method.
 *
 * The base group is the group named "base" ("group set base ..." creates
 * it); its settings apply to every user, in a group or not.  A user's
 * group is the one its IKE client connected with, else the one a RADIUS
 * server named (Filter-Id), else the user's own ("user add ... group G").
 */
#ifndef ROAMD_POLICY_H
#define ROAMD_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"

struct roamd_db;
struct roamd_group;

#define POLICY_BASE_GROUP	"base"

/* Where a setting in force came from. */
enum policy_from {
	POLICY_FROM_DEFAULT,
	POLICY_FROM_BASE,
	POLICY_FROM_GROUP,
	POLICY_FROM_USER,
	POLICY_FROM_SERVER,		/* the RADIUS server, for its session */
};

struct roamd_policy {
	struct roam_policy v;		/* every setting, in force */
	uint8_t from[ROAM_POL_COUNT];	/* enum policy_from */
	char group[ROAM_GROUP_NAME_MAX + 1];	/* "": none */
};

/*
 * Windows error codes a refused or ended client shows (RFC 2433's
 * MS-CHAP failure codes; the admin guide's table).
 */
#define POLICY_WERR_HOURS	646	/* not permitted at this time */
#define POLICY_WERR_NO_DIALIN	649	/* account not permitted to dial in */
#define POLICY_WERR_AUTH	691	/* bad user name or password */
#define POLICY_WERR_NO_ADDRESS	733	/* IPCP: no address for it */
#define POLICY_WERR_ENCRYPTION	742	/* the required encryption */

const char *policy_from_name(enum policy_from f);
const char *policy_setting_name(enum roam_pol_setting k);

/* A group's level: its policy with its pools, DNS, WINS and domain. */
void policy_group_level(const struct roamd_group *g, struct roam_policy *out);
/*
 * Resolve: for each setting the user's value if it set one, else the
 * group's, else the base's, else the default.  Any level may be NULL.
 */
void policy_resolve(const struct roam_policy *base,
		    const struct roam_policy *group,
		    const struct roam_policy *user, struct roamd_policy *out);
/*
 * The same from the database: group is the one the session came through
 * (IKE, a RADIUS Filter-Id); NULL or "": the user's own.
 */
void policy_for(const struct roamd_db *db, const char *user,
		const char *group, struct roamd_policy *out);

/* A change at one level: set the given bits, clear the "inherit" ones. */
void policy_merge(struct roam_policy *dst, const struct roam_policy *src,
		  uint32_t clear);

/* The facts of a login, after its credentials were checked. */
struct policy_login {
	uint8_t access;			/* ROAM_ACCESS_* of its method */
	int ppp_auth;			/* enum roam_ppp_auth; 0: not PPP */
	int wday, minute;		/* local time: 0 Sunday, 0..1439 */
	unsigned int logins;		/* its user's other live sessions */
};

struct policy_verdict {
	bool ok;
	unsigned int end_oldest;	/* admitted by ending that many */
	unsigned int windows_error;
	uint32_t term_cause;		/* RFC 2866, for an ending */
	char why[160];
};

/*
 * The PPP authentication methods LCP offers (enum roam_ppp_auth, in the
 * order offered) before the user is known, from the policy at the level
 * known then (the base group: L2TP and PPTP calls name no group before
 * authentication).  When that policy sets ppp-auth, its methods,
 * strongest first (MS-CHAPv2, MS-CHAPv1, CHAP-MD5, PAP); otherwise the
 * service's own list (ppp set auth, dflt) in its order, as also when
 * the policy allows none (an empty offer would be no authentication).
 * Returns how many went into out (at most ROAM_PPP_AUTH_MAX).
 */
size_t policy_ppp_offer(const struct roamd_policy *p, const uint8_t *dflt,
			size_t ndflt, uint8_t out[ROAM_PPP_AUTH_MAX]);

bool policy_hours_allow(const struct roam_policy *p, int wday, int minute);
void policy_admit(const struct roamd_policy *p, const struct policy_login *l,
		  struct policy_verdict *v);

/* How an up session's data is protected. */
struct policy_crypto {
	uint8_t access;			/* ROAM_ACCESS_* */
	bool ipsec;			/* under IPsec (L2TP/IPsec, IKE) */
	bool mppe;			/* MPPE agreed (PPTP) */
	unsigned int mppe_bits;		/* ROAM_MPPE_* agreed */
	bool stateless;
};
void policy_check_crypto(const struct roamd_policy *p,
			 const struct policy_crypto *c,
			 struct policy_verdict *v);

/* An up session, at the moment of a check. */
struct policy_running {
	uint64_t up_s;			/* seconds since it went up */
	uint64_t idle_s;		/* seconds without a packet from it */
	int wday, minute;		/* local time */
};
/* v->ok false: it must end now, why and term_cause say why. */
void policy_check_running(const struct roamd_policy *p,
			  const struct policy_running *r,
			  struct policy_verdict *v);

#endif /* ROAMD_POLICY_H */
