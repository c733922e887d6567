// SPDX-License-Identifier: GPL-2.0
/*
 * CCP (RFC 1962) with MPPE (RFC 3078, option 18) and nothing else: every
 * other option (MPPC, Deflate, ...) is rejected.  The automaton is passive:
 * it waits for the client's request rather than starting CCP with clients
 * that never mention it.  With MPPE off (L2TP) option 18 is rejected too,
 * so CCP opens with nothing and Windows proceeds without it.
 *
 * MPPE negotiation.  The option carries a 32-bit field of supported bits;
 * Windows offers every strength it has at once and expects exactly one
 * back.  Each direction is negotiated by its own Configure-Request, but the
 * kernel runs one MPPE state per session, so both directions must settle
 * on the same bits.  Our first request offers every allowed strength;
 * after that our own request is the reference: the client's is Nak'd
 * towards it (the strongest of our request the client offers,
 * else the strongest we both allow; stateless when the client offers it
 * or the policy demands it, stateful when the policy demands that), and
 * a Nak of ours is followed when it stays within the policy.  An offer we cannot take is Nak'd once with our
 * wish; a second one ends negotiation: with MPPE required the link goes
 * down with Windows error 742, with MPPE optional the option is rejected.
 *
 * The keys come from MS-CHAP (RFC 3079): with PAP or CHAP-MD5 there are
 * none, so MPPE is then impossible (742 if required).  Reset-Request and
 * Reset-Ack (codes 14, 15) are accepted and ignored here: the kernel owns
 * the RC4 state they are about.
 */
#include <stdio.h>

#include <openssl/crypto.h>

#include "layer.h"

#define CCP_OPT_MPPE	18
#define CCP_RESETREQ	14
#define CCP_RESETACK	15

static bool mppe_keys_available(const struct ppp_session *s)
{
	uint8_t send[16], recv[16];
	bool ok;

	ok = (s->auth.method == PPP_AUTH_MSCHAPV1 ||
	      s->auth.method == PPP_AUTH_MSCHAPV2) &&
	     !ppp_session_mppe_keys(s, send, recv);
	OPENSSL_cleanse(send, sizeof(send));
	OPENSSL_cleanse(recv, sizeof(recv));
	return ok;
}

/* The strongest allowed strength bit in mask, 0 if none. */
static uint32_t strongest(uint32_t mask)
{
	if (mask & PPP_MPPE_S)
		return PPP_MPPE_S;
	if (mask & PPP_MPPE_M)
		return PPP_MPPE_M;
	return mask & PPP_MPPE_L;
}

static void describe(uint32_t bits, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s%s%s%s%s(0x%08x)",
		 bits & PPP_MPPE_S ? "128-bit " : "",
		 bits & PPP_MPPE_M ? "56-bit " : "",
		 bits & PPP_MPPE_L ? "40-bit " : "",
		 bits & PPP_MPPE_H ? "stateless " : "stateful ",
		 bits & PPP_MPPE_C ? "MPPC " : "", bits);
}

void ppp_ccp_begin(struct ppp_session *s, uint64_t now)
{
	const struct ppp_mppe_config *mc = &s->cfg.mppe;
	struct ppp_ccp *c = &s->ccps;
	uint32_t strength = strongest(mc->strengths);

	c->active = false;
	c->deadline = PPP_NO_DEADLINE;
	if (mc->policy == PPP_MPPE_OFF)
		return;
	if (!strength || !mppe_keys_available(s)) {
		if (mc->policy == PPP_MPPE_REQUIRED)
			ppp_session_fail(s, PPP_DOWN_NO_ENCRYPTION,
					 strength ?
					 "MPPE is required but user '%s' authenticated with %s: its keys come only from MS-CHAP" :
					 "MPPE is required but no strength is allowed (user '%s', %s)",
					 s->auth.user,
					 ppp_auth_method_name(s->auth.method));
		return;
	}
	c->active = true;
	/*
	 * Stateless survives GRE's losses; stateful only if the client says
	 * or the policy demands it (a client that refuses stateful, as pppd
	 * does by default, Rejects such a request: 742 then).
	 */
	/*
	 * Every allowed strength, as pppd and Windows servers ask: the client
	 * Naks it down to the one it wants, while a single strength it does
	 * not allow would make pppd give up at once.
	 */
	c->initial = (mc->strengths & PPP_MPPE_STRENGTHS) |
		     (mc->stateful_only ? 0 : PPP_MPPE_H);
	c->want = c->initial;
	if (mc->policy == PPP_MPPE_REQUIRED && mc->ccp_timeout_ms)
		c->deadline = now + mc->ccp_timeout_ms;
}

bool ppp_ccp_holds(const struct ppp_session *s)
{
	return s->ccps.active && !s->ccps.up &&
	       s->cfg.mppe.policy == PPP_MPPE_REQUIRED;
}

void ppp_ccp_timer(struct ppp_session *s, uint64_t now)
{
	struct ppp_ccp *c = &s->ccps;

	if (now < c->deadline)
		return;
	c->deadline = PPP_NO_DEADLINE;
	if (!c->up)
		ppp_session_fail(s, PPP_DOWN_NO_ENCRYPTION,
				 "MPPE is required but the client did not negotiate it (CCP) within %u s",
				 s->cfg.mppe.ccp_timeout_ms / 1000);
}

/*
 * The bits we can agree to from the client's offer, or 0: a strength
 * both allow (ours first, for the two directions to match) and the
 * stateless bit when offered or demanded.
 */
static uint32_t choose(const struct ppp_session *s, uint32_t offer)
{
	const struct ppp_mppe_config *mc = &s->cfg.mppe;
	uint32_t common = offer & mc->strengths & PPP_MPPE_STRENGTHS;
	uint32_t mine = s->ccps.want & PPP_MPPE_STRENGTHS;

	if (!common)
		return 0;
	if (!(offer & PPP_MPPE_H) && mc->stateless_only)
		return 0;
	if ((offer & PPP_MPPE_H) && mc->stateful_only)
		return 0;
	return (common & mine ? strongest(common & mine) : strongest(common)) |
	       (offer & PPP_MPPE_H);
}

/* Give up on an offer; true if the session is now failing. */
static bool refuse(struct ppp_session *s, uint32_t offer, const char *what)
{
	char got[80], allowed[80];

	if (s->cfg.mppe.policy != PPP_MPPE_REQUIRED) {
		s->ccps.active = false;		/* go on without MPPE */
		s->ccps.want = 0;
		return false;
	}
	describe(offer, got, sizeof(got));
	describe(s->cfg.mppe.strengths |
		 (s->cfg.mppe.stateless_only ? PPP_MPPE_H : 0),
		 allowed, sizeof(allowed));
	ppp_session_fail(s, PPP_DOWN_NO_ENCRYPTION,
			 "MPPE is required; the client %s %s, we allow %s%s",
			 what, got, allowed,
			 s->cfg.mppe.stateless_only || s->cfg.mppe.stateful_only ?
			 " only" : "");
	return true;
}

static void ccp_reset(struct ppp_fsm *f)
{
	struct ppp_ccp *c = &fsm_session(f)->ccps;

	if (c->active)
		c->want = c->initial;
	c->bad_offers = 0;
	c->peer = 0;
}

static void ccp_add_request(struct ppp_fsm *f, struct ppp_buf *b)
{
	struct ppp_ccp *c = &fsm_session(f)->ccps;

	if (!c->active || !c->want)
		return;
	ppp_put8(b, CCP_OPT_MPPE);
	ppp_put8(b, 6);
	ppp_put32(b, c->want);
}

/* What we want, as one strength (a Nak names exactly one). */
static uint32_t want_one(const struct ppp_ccp *c)
{
	return strongest(c->want & PPP_MPPE_STRENGTHS) | (c->want & PPP_MPPE_H);
}

static void nak_bits(struct ppp_cfg_reply *r, const struct ppp_opt *o,
		     uint32_t bits)
{
	uint8_t v[4] = { bits >> 24, bits >> 16, bits >> 8, bits };

	ppp_cfg_nak(r, o, CCP_OPT_MPPE, v, sizeof(v));
}

static void ccp_check_request(struct ppp_fsm *f, const uint8_t *opts,
			      size_t len, struct ppp_cfg_reply *r)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_ccp *c = &s->ccps;
	struct ppp_opt_iter it;
	bool seen = false;
	struct ppp_opt o;
	uint32_t offer, pick;

	c->peer = 0;
	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o)) {
		if (o.type != CCP_OPT_MPPE || !c->active || o.len != 6 ||
		    seen) {
			ppp_cfg_reject(r, &o);
			continue;
		}
		seen = true;
		offer = ppp_get32(o.val);
		pick = choose(s, offer);
		if (pick && pick == offer) {
			c->peer = pick;
			c->want = pick;
		} else if (pick) {
			nak_bits(r, &o, pick);
			c->want = pick;
		} else if (c->bad_offers++) {
			if (!refuse(s, offer, "offers"))
				ppp_cfg_reject(r, &o);
		} else {
			nak_bits(r, &o, want_one(c));
		}
	}
	/* Required, and the client asks nothing: ask for MPPE once. */
	if (!seen && c->active && s->cfg.mppe.policy == PPP_MPPE_REQUIRED) {
		if (c->bad_offers++)
			refuse(s, 0, "does not offer MPPE:");
		else
			nak_bits(r, NULL, want_one(c));
	}
}

/* Our option 18 in a Nak or Reject from the client: its value, or 0. */
static bool find_mppe(const uint8_t *opts, size_t len, uint32_t *bits)
{
	struct ppp_opt_iter it;
	struct ppp_opt o;

	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o))
		if (o.type == CCP_OPT_MPPE) {
			*bits = o.len == 6 ? ppp_get32(o.val) : 0;
			return true;
		}
	return false;
}

static void ccp_got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp_session *s = fsm_session(f);
	uint32_t bits, pick;

	if (!s->ccps.active || !find_mppe(opts, len, &bits))
		return;
	pick = choose(s, bits);
	if (pick)
		s->ccps.want = pick;
	else
		refuse(s, bits, "will only receive");
}

static void ccp_got_reject(struct ppp_fsm *f, const uint8_t *opts,
			   size_t len)
{
	struct ppp_session *s = fsm_session(f);
	uint32_t bits;

	if (s->ccps.active && find_mppe(opts, len, &bits))
		refuse(s, s->ccps.want, "rejects");
}

/* The bits of our last request, which the client has just Ack'd. */
static uint32_t acked_bits(const struct ppp_fsm *f)
{
	uint32_t bits = 0;

	return find_mppe(f->req, f->req_len, &bits) ? bits : 0;
}

static void ccp_up(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_ccp *c = &s->ccps;
	uint32_t ours = c->active ? acked_bits(f) : 0;
	char a[80], b[80];

	(void)now;
	if (!ours && !c->peer) {
		if (s->cfg.mppe.policy == PPP_MPPE_REQUIRED)
			refuse(s, 0, "opened CCP without MPPE:");
		return;
	}
	if (ours != c->peer) {
		describe(ours, a, sizeof(a));
		describe(c->peer, b, sizeof(b));
		ppp_session_fail(s, PPP_DOWN_NO_ENCRYPTION,
				 "MPPE settled differently in the two directions: we send %s, the client sends %s",
				 a, b);
		return;
	}
	c->up = true;
	c->bits = ours;
	c->deadline = PPP_NO_DEADLINE;
	ppp_session_mppe_up(s, out);
}

static void ccp_down(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	struct ppp_session *s = fsm_session(f);

	(void)now;
	(void)out;
	if (!s->ccps.up)
		return;
	s->ccps.up = false;
	/* The keys the kernel holds no longer match any agreement. */
	if (!s->lcp_leaving)
		ppp_session_fail(s, PPP_DOWN_NO_ENCRYPTION,
				 "the client left CCP (%s): MPPE stopped",
				 ppp_fsm_why_name(f->why));
}

static bool ccp_other_code(struct ppp_fsm *f, const struct ppp_cp *p,
			   uint64_t now, struct ppp_out *out)
{
	(void)f;
	(void)now;
	(void)out;
	return p->code == CCP_RESETREQ || p->code == CCP_RESETACK;
}

static void ccp_finished(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	struct ppp_session *s = fsm_session(f);

	if (ppp_ccp_holds(s) && !s->lcp_leaving &&
	    s->phase == PPP_PHASE_NETWORK)
		ppp_session_fail(s, PPP_DOWN_NO_ENCRYPTION,
				 "MPPE is required but CCP ended: %s",
				 ppp_fsm_why_name(f->why));
	ppp_session_ncp_finished(s, f, now, out);
}

const struct ppp_fsm_ops ppp_ccp_ops = {
	.name		= "CCP",
	.proto		= PPP_CCP,
	.reset		= ccp_reset,
	.add_request	= ccp_add_request,
	.check_request	= ccp_check_request,
	.got_nak	= ccp_got_nak,
	.got_reject	= ccp_got_reject,
	.up		= ccp_up,
	.down		= ccp_down,
	.other_code	= ccp_other_code,
	.finished	= ccp_finished,
};
