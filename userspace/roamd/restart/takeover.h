/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which sessions an earlier roamd left can be taken over, and which must
 * be ended: the saved state (state.h) against what the kernel holds now
 * (reconcile.h's view).  A pure function, so that each decision is
 * unit-tested; acting on it is the caller's.
 *
 * An L2TP/IPsec session is taken over only when every piece of it is
 * there and they agree:
 *   - the saved session completed by its resume record, PPP up
 *     (authenticated, IPCP done) with the address the session holds;
 *   - its kernel session, of kind l2tp;
 *   - its L2TP tunnel and the tunnel's resume record, bound to an SA mark;
 *   - at least one saved ESP pair of that mark whose inbound and outbound
 *     SAs are both in the kernel, and the client's policies (one inbound,
 *     one outbound, named by the mark);
 *   - the ISAKMP SA of that pair's peer and its resume record, not
 *     expired.
 * Anything else is ended as before (reconcile.h): a PPTP session's TCP
 * control connection died with the process that held it, and a session
 * missing a piece cannot go on without its client noticing anyway.
 */
#ifndef ROAMD_RESTART_TAKEOVER_H
#define ROAMD_RESTART_TAKEOVER_H

#include "restart/reconcile.h"
#include "restart/state.h"

enum takeover_why {
	TAKEOVER_OK,		/* every piece there: take it over */
	TAKEOVER_NOT_L2TP,	/* PPTP: its control connection is gone */
	TAKEOVER_NO_RESUME,	/* no resume record (an older roamd's file) */
	TAKEOVER_NOT_OPENED,	/* PPP was not up yet */
	TAKEOVER_KERNEL_GONE,	/* its kernel session is not in the kernel */
	TAKEOVER_NO_TUNNEL,	/* its L2TP tunnel (or its resume record) */
	TAKEOVER_PLAINTEXT,	/* the tunnel is not bound to an IPsec SA */
	TAKEOVER_SA_GONE,	/* no saved SA pair whole in the kernel */
	TAKEOVER_POLICY_GONE,	/* the client's policies are not there */
	TAKEOVER_NO_IKE,	/* no live ISAKMP SA for the pair's peer */
	TAKEOVER_INCONSISTENT,	/* the pieces disagree with each other */
};

/* One saved session and what is done with it. */
struct takeover_item {
	size_t sess;		/* index into state.sess */
	enum takeover_why why;
	/* When why is TAKEOVER_OK, the indexes of its pieces in the state: */
	size_t sess_res, l2tp, l2tp_res, ike, ike_res;
	size_t esp;		/* the newest pair whole in the kernel */
	size_t kernel;		/* index into kview.sess */
	/* what RADIUS granted it (state.sess_aaa); TAKEOVER_NONE: nothing */
	size_t sess_aaa;
};

#define TAKEOVER_NONE	((size_t)-1)

struct takeover_plan {
	struct takeover_item *item;	/* one per saved session, in order */
	size_t n;
	size_t resume, end;		/* what the summary line says */
};

/*
 * now_ms: CLOCK_MONOTONIC (the clock the resume records' times are in).
 * 0, or -1 when out of memory (plan empty).
 */
int takeover_decide(const struct restart_state *st, const struct kview *kv,
		    uint64_t now_ms, struct takeover_plan *plan);
void takeover_plan_free(struct takeover_plan *plan);
/* Why a session is ended, for the log ("ok" when it is taken over). */
const char *takeover_why_str(enum takeover_why why);

/*
 * What reconcile_keeping() must leave alone for the sessions plan takes
 * over: their ISAKMP SAs, tunnels, kernel sessions and client marks.
 * 0, or -1 when out of memory (keep empty).  Free with
 * takeover_keep_free().
 */
int takeover_keep(const struct restart_state *st, const struct kview *kv,
		  const struct takeover_plan *plan,
		  struct reconcile_keep *keep);
void takeover_keep_free(struct reconcile_keep *keep);

#endif /* ROAMD_RESTART_TAKEOVER_H */
