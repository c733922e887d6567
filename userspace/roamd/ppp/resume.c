// SPDX-License-Identifier: GPL-2.0
/*
 * A PPP session an earlier roamd negotiated, rebuilt in state Opened by
 * a roamd that takes its call over (session.h, ppp_session_resume()).
 * Nothing is negotiated again: the client never saw the restart, so the
 * options it acknowledged (magic numbers, MRU, compression of its
 * headers) and the addresses IPCP agreed stay what they were.
 */
#include <string.h>

#include "layer.h"

/* What the client cannot have agreed to, or what we cannot go on with. */
static bool resumable(const struct ppp_config *cfg,
		      const struct ppp_resume *r)
{
	return cfg->mppe.policy == PPP_MPPE_OFF && r->our_magic &&
	       r->peer_magic != r->our_magic && r->peer_mru >= 64 &&
	       r->local_ip && r->peer_ip && r->local_ip != r->peer_ip &&
	       r->method <= PPP_AUTH_MSCHAPV2 &&
	       (r->method == PPP_AUTH_NONE || r->user[0]);
}

struct ppp_session *ppp_session_resume(const struct ppp_config *cfg,
				       const struct ppp_session_ops *ops,
				       void *ctx, const struct ppp_resume *r,
				       uint64_t now)
{
	struct ppp_session *s;
	uint16_t max;

	if (!resumable(cfg, r))
		return NULL;
	s = ppp_session_new(cfg, ops, ctx);
	if (!s)
		return NULL;
	s->phase = PPP_PHASE_NETWORK;

	/* LCP, as lcp_up() leaves it */
	s->lcp.state = PPP_OPENED;
	s->lcps.magic = r->our_magic;
	s->lcps.peer_magic = r->peer_magic;
	s->lcps.peer_mru = r->peer_mru;
	s->lcps.peer_pfc = r->peer_pfc;
	s->lcps.peer_acfc = r->peer_acfc;
	max = r->peer_mru > PPP_CP_MAX ? PPP_CP_MAX : r->peer_mru;
	s->lcp.tx_max = s->ipcp.tx_max = s->ipv6cp.tx_max = max;
	s->ccp.tx_max = max;
	s->lcps.echo_deadline = s->cfg.echo_interval ?
				now + 1000ull * s->cfg.echo_interval :
				PPP_NO_DEADLINE;

	/* authentication, done */
	s->auth.method = r->method;
	s->auth.state = PPP_AUTH_DONE_OK;
	if (r->user[0]) {
		s->auth.user = strndup(r->user, sizeof(r->user) - 1);
		if (!s->auth.user) {
			s->auth.user = ppp_auth_no_user;
			ppp_session_free(s);
			return NULL;
		}
	}

	/* IPCP, as ipcp_up() leaves it: the addresses agreed */
	s->ipcp.state = PPP_OPENED;
	s->ipcps.local = r->local_ip;
	s->ipcps.have_peer = true;
	s->ipcps.peer = r->peer_ip;
	s->ipcps.peer_acked = r->peer_ip;
	s->ipv4_up = true;
	return s;
}
