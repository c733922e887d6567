// SPDX-License-Identifier: GPL-2.0
/*
 * CCP (RFC 1962), for now only to say "no": every option the client
 * offers (MPPE, MPPC, Deflate ...) is rejected, and we ask for nothing,
 * so CCP opens with no compression and Windows proceeds without it.
 * The automaton is passive: it waits for the client's request rather
 * than starting CCP with clients that never mention it.  MPPE (option
 * 18) will be negotiated here when PPTP arrives.
 */
#include "layer.h"

#define CCP_RESETREQ	14
#define CCP_RESETACK	15

static void ccp_add_request(struct ppp_fsm *f, struct ppp_buf *b)
{
	(void)f;
	(void)b;
}

static void ccp_check_request(struct ppp_fsm *f, const uint8_t *opts,
			      size_t len, struct ppp_cfg_reply *r)
{
	struct ppp_opt_iter it;
	struct ppp_opt o;

	(void)f;
	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o))
		ppp_cfg_reject(r, &o);
}

/* We request nothing, so there is nothing to Nak or Reject. */
static void ccp_got_nothing(struct ppp_fsm *f, const uint8_t *opts,
			    size_t len)
{
	(void)f;
	(void)opts;
	(void)len;
}

static bool ccp_other_code(struct ppp_fsm *f, const struct ppp_cp *p,
			   uint64_t now, struct ppp_out *out)
{
	(void)f;
	(void)now;
	(void)out;
	/* No compressor is running, so there is no history to reset. */
	return p->code == CCP_RESETREQ || p->code == CCP_RESETACK;
}

static void ccp_finished(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	ppp_session_ncp_finished(fsm_session(f), f, now, out);
}

const struct ppp_fsm_ops ppp_ccp_ops = {
	.name		= "CCP",
	.proto		= PPP_CCP,
	.add_request	= ccp_add_request,
	.check_request	= ccp_check_request,
	.got_nak	= ccp_got_nothing,
	.got_reject	= ccp_got_nothing,
	.other_code	= ccp_other_code,
	.finished	= ccp_finished,
};
