/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a starting roamd does about what an earlier one left: the state it
 * saved (state.h) against what the kernel holds now, turned into a list of
 * actions.  A pure function, so that each decision is unit-tested.
 *
 * Nothing is taken over yet: every client of the earlier roamd is told
 * that its connection is gone, so that it reconnects at once, and then
 * everything of roam's in the kernel is removed.  The order matters:
 *   1. L2TP StopCCN, through the client's SA (still installed);
 *   2. IKE Informational DELETEs: the ESP SAs, then the ISAKMP SA;
 *   3. the SAs and policies removed;
 *   4. the kernel sessions deleted.
 * Something of roam's in the kernel that the state does not name (the
 * file was lost) is removed as well and counted as an orphan.  An xfrm
 * object is roam's when the state names its SPI or mark, or when it has
 * roam's shape: reqid >= IPSEC_MARK_FIRST and the reqid equal to its mark
 * or set-mark (SAs), or to the template's reqid at roam's priority
 * (policies).
 */
#ifndef ROAMD_RESTART_RECONCILE_H
#define ROAMD_RESTART_RECONCILE_H

#include "restart/state.h"

/* An ESP SA as a dump shows it. */
struct kview_sa {
	uint8_t family;
	uint8_t daddr[16];
	uint32_t spi;			/* host order */
	uint32_t reqid;
	uint32_t mark, mark_mask;	/* 0/0: none */
	uint32_t set_mark;		/* 0: none */
	/*
	 * What a pair taken over is (restart_resume(): its algorithms and
	 * lifetime are not in the saved state): the kernel's algorithm
	 * names ("cbc(aes)", "hmac(sha1)"; "" when absent), key and ICV
	 * lengths, when it was added (wall clock, s) and its hard
	 * add-expiry (s after that; 0: none).
	 */
	char enc[24], auth[24];
	uint16_t enc_bits, auth_bits, auth_trunc_bits;
	uint64_t add_time, hard_s;
};

struct kview_policy {
	uint32_t index;
	uint8_t dir;
	uint32_t priority;
	uint32_t mark, mark_mask;
	uint32_t reqid;			/* of its (first) template; 0: none */
};

struct kview_session {
	uint32_t ifindex, id, kind;
};

struct kview {
	const struct kview_sa *sa;
	size_t n_sa;
	const struct kview_policy *pol;
	size_t n_pol;
	const struct kview_session *sess;
	size_t n_sess;
};

enum reconcile_op {
	RC_L2TP_STOPCCN,	/* arg: index into state.l2tp */
	RC_IKE_DELETE_ESP,	/* arg: state.ike; arg2: state.esp */
	RC_IKE_DELETE,		/* arg: state.ike */
	RC_SA_DEL,		/* arg: kview.sa */
	RC_POLICY_DEL,		/* arg: kview.pol */
	RC_SESSION_DEL,		/* arg: kview.sess */
};

struct reconcile_action {
	enum reconcile_op op;
	size_t arg, arg2;
	bool orphan;		/* in the kernel, not in the state */
};

struct reconcile_plan {
	struct reconcile_action *act;
	size_t n;
	/* what the log line says */
	size_t stopccn, ike_del, esp_del, sa_del, pol_del, sess_del;
	size_t orphans;
};

/* 0, or -1 when out of memory (plan empty). */
int reconcile(const struct restart_state *st, const struct kview *kv,
	      uint32_t mark_first, uint32_t policy_priority,
	      struct reconcile_plan *plan);
/*
 * What a restarted roamd takes over (takeover.h, takeover_keep()) and
 * reconcile_keeping() leaves alone: the client is not told, nothing of
 * it is removed.  Flags by index (NULL: none kept): state.ike,
 * state.l2tp, kview.sess; and the marks of the IPsec clients kept (their
 * SAs, policies and every saved pair).
 */
struct reconcile_keep {
	const bool *ike, *l2tp, *kernel_sess;
	const uint32_t *marks;
	size_t n_marks;
};

/* reconcile() with nothing kept */
int reconcile_keeping(const struct restart_state *st, const struct kview *kv,
		      uint32_t mark_first, uint32_t policy_priority,
		      const struct reconcile_keep *keep,
		      struct reconcile_plan *plan);
void reconcile_plan_free(struct reconcile_plan *plan);

#endif /* ROAMD_RESTART_RECONCILE_H */
