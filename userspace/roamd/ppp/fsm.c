// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 1661 section 4: the option negotiation automaton.
 *
 * The code follows the state transition table of RFC 1661 4.1 event by
 * event; each handler below is one row of that table, with the RFC's
 * action names (irc, scr, sca, scn, str, sta, scj, tlu, tld, tls, tlf) as
 * helper functions so the two can be read side by side.  The "r"
 * (restart) option is not implemented: an Open in Stopped/Closing simply
 * stays there.  The "p" (passive) option is: a passive automaton waits in
 * Stopped for the peer's first Configure-Request.
 */
#include <stdlib.h>
#include <string.h>

#include "fsm.h"

static const char *const state_names[] = {
	[PPP_INITIAL]	= "Initial",
	[PPP_STARTING]	= "Starting",
	[PPP_CLOSED]	= "Closed",
	[PPP_STOPPED]	= "Stopped",
	[PPP_CLOSING]	= "Closing",
	[PPP_STOPPING]	= "Stopping",
	[PPP_REQSENT]	= "Req-Sent",
	[PPP_ACKRCVD]	= "Ack-Rcvd",
	[PPP_ACKSENT]	= "Ack-Sent",
	[PPP_OPENED]	= "Opened",
};

const char *ppp_fsm_state_name(enum ppp_fsm_state s)
{
	if ((unsigned int)s > PPP_OPENED)
		return "?";
	return state_names[s];
}

const char *ppp_fsm_why_name(enum ppp_fsm_why why)
{
	switch (why) {
	case PPP_WHY_NONE:		return "none";
	case PPP_WHY_CLOSE:		return "closed locally";
	case PPP_WHY_LOWER_DOWN:	return "lower layer down";
	case PPP_WHY_TIMEOUT:		return "no reply to Configure-Request";
	case PPP_WHY_PEER_TERM:		return "peer sent Terminate-Request";
	case PPP_WHY_REJECTED:		return "rejected by peer";
	case PPP_WHY_NO_CONVERGE:	return "options did not converge";
	case PPP_WHY_FAILED:		return "negotiation failed";
	}
	return "?";
}

void ppp_cfg_nak(struct ppp_cfg_reply *r, const struct ppp_opt *orig,
		 uint8_t type, const void *val, size_t len)
{
	ppp_put8(&r->nak, type);
	ppp_put8(&r->nak, (uint8_t)(len + 2));
	ppp_put(&r->nak, val, len);
	if (orig)
		ppp_put(&r->nak_orig, orig->raw, orig->len);
}

void ppp_cfg_reject(struct ppp_cfg_reply *r, const struct ppp_opt *orig)
{
	ppp_put(&r->rej, orig->raw, orig->len);
}

static void forget_request(struct ppp_fsm *f)
{
	free(f->req);
	f->req = NULL;
	f->req_len = 0;
}

void ppp_fsm_release(struct ppp_fsm *f)
{
	forget_request(f);
}

void ppp_fsm_init(struct ppp_fsm *f, const struct ppp_fsm_ops *ops,
		  void *priv, const struct ppp_fsm_conf *conf)
{
	memset(f, 0, sizeof(*f));
	f->ops = ops;
	f->priv = priv;
	f->conf = *conf;
	if (!f->conf.restart_ms)
		f->conf.restart_ms = PPP_RESTART_MS;
	if (!f->conf.max_configure)
		f->conf.max_configure = PPP_MAX_CONFIGURE;
	if (!f->conf.max_terminate)
		f->conf.max_terminate = PPP_MAX_TERMINATE;
	if (!f->conf.max_failure)
		f->conf.max_failure = PPP_MAX_FAILURE;
	f->state = PPP_INITIAL;
	f->next_id = 1;
	f->tx_max = PPP_CP_MAX;
	f->deadline = PPP_NO_DEADLINE;
}

uint8_t ppp_fsm_new_id(struct ppp_fsm *f)
{
	return f->next_id++;
}

void ppp_fsm_fail(struct ppp_fsm *f, unsigned int reason)
{
	f->fail_pending = true;
	f->fail_reason = reason;
}

/* Entering a state; the restart timer only runs in Closing..Ack-Sent. */
static void set_state(struct ppp_fsm *f, enum ppp_fsm_state s)
{
	f->state = s;
	if (s < PPP_CLOSING || s == PPP_OPENED)
		f->deadline = PPP_NO_DEADLINE;
}

/* ---- RFC 1661 4.4 actions ---------------------------------------- */

static void tlu(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	f->naks_rcvd = 0;
	f->why = PPP_WHY_NONE;
	if (f->ops->up)
		f->ops->up(f, now, out);
	/* Opened: the Ack'd request has served (unless up sent anew) */
	if (!f->req_outstanding)
		forget_request(f);
}

static void tld(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	if (f->ops->down)
		f->ops->down(f, now, out);
}

static void tls(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	if (f->ops->started)
		f->ops->started(f, now, out);
}

static void tlf(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	if (f->ops->finished)
		f->ops->finished(f, now, out);
}

/* Initialize-Restart-Count: Max-Terminate before str, else Max-Configure. */
static void irc(struct ppp_fsm *f, bool terminate)
{
	f->restart_count = terminate ? f->conf.max_terminate :
				       f->conf.max_configure;
	f->resent_early = false;
	f->peer_closed = false;
}

/* Zero-Restart-Count: wait one restart period, then give up. */
static void zrc(struct ppp_fsm *f, uint64_t now)
{
	f->restart_count = 0;
	f->deadline = now + f->conf.restart_ms;
}

static void arm(struct ppp_fsm *f, uint64_t now)
{
	if (f->restart_count)
		f->restart_count--;
	f->deadline = now + f->conf.restart_ms;
}

static void scr(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	uint8_t mem[PPP_FSM_REQ_MAX];
	struct ppp_buf opts;
	uint8_t *req = NULL;

	ppp_buf_init(&opts, mem, sizeof(mem));
	f->ops->add_request(f, &opts);
	/* Our own options always fit; if not, send none rather than junk. */
	if (opts.overflow)
		opts.len = 0;
	if (opts.len) {
		req = malloc(opts.len);
		if (!req) {
			/* no request we could match an Ack to: try at TO+ */
			f->req_outstanding = false;
			arm(f, now);
			return;
		}
		memcpy(req, mem, opts.len);
	}
	forget_request(f);
	f->req = req;
	f->req_len = (uint8_t)opts.len;
	/*
	 * A new identifier each time: RFC 1661 5.1 allows it, and it makes
	 * a late reply to an earlier request recognisable as stale.
	 */
	f->req_id = ppp_fsm_new_id(f);
	f->req_outstanding = true;
	f->req_sent_at = now;
	ppp_out_cp(out, f->ops->proto, PPP_CONFREQ, f->req_id, f->req,
		   f->req_len);
	arm(f, now);
}

/* Start negotiating from our configured wishes (from a quiet state). */
static void irc_scr(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	if (f->ops->reset)
		f->ops->reset(f);
	irc(f, false);
	scr(f, now, out);
}

static void str(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	ppp_out_cp(out, f->ops->proto, PPP_TERMREQ, ppp_fsm_new_id(f),
		   NULL, 0);
	arm(f, now);
}

static void sta(struct ppp_fsm *f, uint8_t id, struct ppp_out *out)
{
	ppp_out_cp(out, f->ops->proto, PPP_TERMACK, id, NULL, 0);
}

static void scj(struct ppp_fsm *f, const uint8_t *pkt, size_t len,
		struct ppp_out *out)
{
	/* The rejected packet is truncated to fit the peer's MRU. */
	size_t room = f->tx_max - PPP_CP_HDRLEN;

	if (len > room)
		len = room;
	ppp_out_cp(out, f->ops->proto, PPP_CODEREJ, ppp_fsm_new_id(f), pkt,
		   len);
}

/* ---- administrative and lower-layer events ------------------------ */

void ppp_fsm_up(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	switch (f->state) {
	case PPP_INITIAL:
		set_state(f, PPP_CLOSED);
		break;
	case PPP_STARTING:
		if (f->conf.passive) {
			set_state(f, PPP_STOPPED);
			break;
		}
		irc_scr(f, now, out);
		set_state(f, PPP_REQSENT);
		break;
	default:
		break;	/* illegal: the lower layer was already up */
	}
}

void ppp_fsm_down(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	switch (f->state) {
	case PPP_CLOSED:
	case PPP_CLOSING:
		set_state(f, PPP_INITIAL);
		break;
	case PPP_STOPPED:
		set_state(f, PPP_STARTING);
		tls(f, now, out);
		break;
	case PPP_STOPPING:
	case PPP_REQSENT:
	case PPP_ACKRCVD:
	case PPP_ACKSENT:
		f->why = PPP_WHY_LOWER_DOWN;
		set_state(f, PPP_STARTING);
		break;
	case PPP_OPENED:
		f->why = PPP_WHY_LOWER_DOWN;
		set_state(f, PPP_STARTING);
		tld(f, now, out);
		break;
	default:
		break;
	}
}

void ppp_fsm_open(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	switch (f->state) {
	case PPP_INITIAL:
		set_state(f, PPP_STARTING);
		tls(f, now, out);
		break;
	case PPP_CLOSED:
		if (f->conf.passive) {
			set_state(f, PPP_STOPPED);
			break;
		}
		irc_scr(f, now, out);
		set_state(f, PPP_REQSENT);
		break;
	case PPP_CLOSING:
		set_state(f, PPP_STOPPING);
		break;
	default:
		break;
	}
}

void ppp_fsm_close(struct ppp_fsm *f, enum ppp_fsm_why why, uint64_t now,
		   struct ppp_out *out)
{
	switch (f->state) {
	case PPP_STARTING:
		f->why = why;
		set_state(f, PPP_INITIAL);
		tlf(f, now, out);
		break;
	case PPP_STOPPED:
		set_state(f, PPP_CLOSED);
		break;
	case PPP_STOPPING:
		set_state(f, PPP_CLOSING);
		break;
	case PPP_OPENED:
		f->why = why;
		tld(f, now, out);
		irc(f, true);
		str(f, now, out);
		set_state(f, PPP_CLOSING);
		break;
	case PPP_REQSENT:
	case PPP_ACKRCVD:
	case PPP_ACKSENT:
		f->why = why;
		irc(f, true);
		str(f, now, out);
		set_state(f, PPP_CLOSING);
		break;
	default:
		break;	/* Initial, Closed, Closing: nothing to do */
	}
}

/* A callback asked to give up: close now, before anything else is sent. */
static bool check_fail(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	if (!f->fail_pending)
		return false;
	f->fail_pending = false;
	ppp_fsm_close(f, PPP_WHY_FAILED, now, out);
	return true;
}

void ppp_fsm_timeout(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	if (f->deadline == PPP_NO_DEADLINE || now < f->deadline)
		return;
	f->deadline = PPP_NO_DEADLINE;

	if (f->restart_count > 0) {		/* TO+ */
		switch (f->state) {
		case PPP_CLOSING:
		case PPP_STOPPING:
			str(f, now, out);
			break;
		case PPP_ACKRCVD:
			scr(f, now, out);
			set_state(f, PPP_REQSENT);
			break;
		case PPP_REQSENT:
		case PPP_ACKSENT:
			scr(f, now, out);
			break;
		default:
			break;
		}
		return;
	}

	switch (f->state) {			/* TO- */
	case PPP_CLOSING:
		set_state(f, PPP_CLOSED);
		tlf(f, now, out);
		break;
	case PPP_STOPPING:
		set_state(f, PPP_STOPPED);
		tlf(f, now, out);
		break;
	case PPP_REQSENT:
	case PPP_ACKRCVD:
	case PPP_ACKSENT:
		f->why = PPP_WHY_TIMEOUT;
		set_state(f, PPP_STOPPED);
		tlf(f, now, out);
		break;
	default:
		break;
	}
}

/* ---- received packets --------------------------------------------- */

enum verdict { V_ACK, V_NAK, V_REJ };

/*
 * Judge a Configure-Request and send the reply.  Returns V_ACK for RCR+,
 * V_NAK/V_REJ for RCR-.  Max-Failure (RFC 1661 4.6): once that many Naks
 * went unanswered by an acceptable request, Nak'd options are Rejected.
 */
static enum verdict rcr_reply(struct ppp_fsm *f, const struct ppp_cp *p,
			      struct ppp_out *out)
{
	struct ppp_cfg_reply r;

	ppp_buf_init(&r.nak, r.nak_mem, sizeof(r.nak_mem));
	ppp_buf_init(&r.rej, r.rej_mem, sizeof(r.rej_mem));
	ppp_buf_init(&r.nak_orig, r.orig_mem, sizeof(r.orig_mem));
	f->ops->check_request(f, p->data, p->dlen, &r);
	if (f->fail_pending)
		return V_REJ;	/* nothing is sent; the caller closes */

	if (!r.rej.len && r.nak.len && f->naks_sent >= f->conf.max_failure) {
		/* Naks we only added as hints cannot be rejected: accept. */
		r.rej = r.nak_orig;
		r.nak.len = 0;
	}
	if (r.rej.len) {
		ppp_out_cp(out, f->ops->proto, PPP_CONFREJ, p->id, r.rej.data,
			   r.rej.len);
		return V_REJ;
	}
	if (r.nak.len) {
		f->naks_sent++;
		ppp_out_cp(out, f->ops->proto, PPP_CONFNAK, p->id, r.nak.data,
			   r.nak.len);
		return V_NAK;
	}
	f->naks_sent = 0;
	ppp_out_cp(out, f->ops->proto, PPP_CONFACK, p->id, p->data, p->dlen);
	return V_ACK;
}

static void rcr(struct ppp_fsm *f, const struct ppp_cp *p, uint64_t now,
		struct ppp_out *out)
{
	enum verdict v;

	if (ppp_opts_check(p->data, p->dlen)) {
		f->rx_bad++;
		return;
	}

	switch (f->state) {
	case PPP_CLOSED:
		sta(f, p->id, out);
		return;
	case PPP_CLOSING:
	case PPP_STOPPING:
		return;
	case PPP_STOPPED:
		/*
		 * irc, scr first so our request goes out before our reply;
		 * from here on we are negotiating, as in Req-Sent.
		 */
		irc_scr(f, now, out);
		set_state(f, PPP_REQSENT);
		v = rcr_reply(f, p, out);
		if (check_fail(f, now, out))
			return;
		set_state(f, v == V_ACK ? PPP_ACKSENT : PPP_REQSENT);
		return;
	case PPP_REQSENT:
		/*
		 * The peer asks but has not answered a request we sent a
		 * while ago: it most likely never saw it (an L2TP client
		 * whose pppd was not attached yet drops it).  Send it again
		 * now rather than a whole restart period later, once.
		 */
		if (f->req_outstanding && !f->resent_early &&
		    (f->peer_closed ||
		     now >= f->req_sent_at + PPP_EARLY_RESEND_MS)) {
			f->resent_early = true;
			scr(f, now, out);
		}
		/* fall through */
	case PPP_ACKSENT:
		v = rcr_reply(f, p, out);
		if (check_fail(f, now, out))
			return;
		set_state(f, v == V_ACK ? PPP_ACKSENT : PPP_REQSENT);
		return;
	case PPP_ACKRCVD:
		v = rcr_reply(f, p, out);
		if (check_fail(f, now, out))
			return;
		if (v == V_ACK) {
			set_state(f, PPP_OPENED);
			tlu(f, now, out);
		}
		return;
	case PPP_OPENED:
		/* The peer renegotiates: we go down and start over. */
		tld(f, now, out);
		irc_scr(f, now, out);
		set_state(f, PPP_REQSENT);
		v = rcr_reply(f, p, out);
		if (check_fail(f, now, out))
			return;
		set_state(f, v == V_ACK ? PPP_ACKSENT : PPP_REQSENT);
		return;
	default:
		return;
	}
}

/* Is this a reply to our outstanding request? */
static bool is_reply(struct ppp_fsm *f, const struct ppp_cp *p)
{
	if (!f->req_outstanding || p->id != f->req_id) {
		f->rx_stale++;
		return false;
	}
	return true;
}

static void rca(struct ppp_fsm *f, const struct ppp_cp *p, uint64_t now,
		struct ppp_out *out)
{
	if (f->state == PPP_CLOSED || f->state == PPP_STOPPED) {
		sta(f, p->id, out);
		return;
	}
	if (!is_reply(f, p))
		return;
	/* RFC 1661 5.2: an Ack must repeat our request exactly. */
	if (p->dlen != f->req_len ||
	    (p->dlen && memcmp(p->data, f->req, p->dlen))) {
		f->rx_bad++;
		return;
	}
	f->req_outstanding = false;

	switch (f->state) {
	case PPP_REQSENT:
		irc(f, false);
		set_state(f, PPP_ACKRCVD);
		break;
	case PPP_ACKRCVD:	/* crossed connection */
		scr(f, now, out);
		set_state(f, PPP_REQSENT);
		break;
	case PPP_ACKSENT:
		irc(f, false);
		set_state(f, PPP_OPENED);
		tlu(f, now, out);
		break;
	case PPP_OPENED:
		tld(f, now, out);
		irc_scr(f, now, out);
		set_state(f, PPP_REQSENT);
		break;
	default:
		break;
	}
}

static void rcn(struct ppp_fsm *f, const struct ppp_cp *p, uint64_t now,
		struct ppp_out *out)
{
	if (f->state == PPP_CLOSED || f->state == PPP_STOPPED) {
		sta(f, p->id, out);
		return;
	}
	if (f->state == PPP_CLOSING || f->state == PPP_STOPPING)
		return;
	if (!is_reply(f, p))
		return;
	if (ppp_opts_check(p->data, p->dlen)) {
		f->rx_bad++;
		return;
	}
	f->req_outstanding = false;

	if (f->state == PPP_OPENED) {
		tld(f, now, out);
		irc_scr(f, now, out);
		set_state(f, PPP_REQSENT);
		return;
	}

	/* A peer that Naks forever would keep us busy: bound the rounds. */
	if (++f->naks_rcvd > f->conf.max_configure) {
		ppp_fsm_close(f, PPP_WHY_NO_CONVERGE, now, out);
		return;
	}
	if (p->code == PPP_CONFNAK)
		f->ops->got_nak(f, p->data, p->dlen);
	else
		f->ops->got_reject(f, p->data, p->dlen);
	if (check_fail(f, now, out))
		return;

	switch (f->state) {
	case PPP_REQSENT:
	case PPP_ACKSENT:
		irc(f, false);
		scr(f, now, out);
		break;
	case PPP_ACKRCVD:
		scr(f, now, out);
		set_state(f, PPP_REQSENT);
		break;
	default:
		break;
	}
}

static void rtr(struct ppp_fsm *f, const struct ppp_cp *p, uint64_t now,
		struct ppp_out *out)
{
	switch (f->state) {
	case PPP_CLOSED:
	case PPP_STOPPED:
	case PPP_CLOSING:
	case PPP_STOPPING:
		sta(f, p->id, out);
		break;
	case PPP_REQSENT:
	case PPP_ACKRCVD:
	case PPP_ACKSENT:
		sta(f, p->id, out);
		set_state(f, PPP_REQSENT);
		break;
	case PPP_OPENED:
		f->why = PPP_WHY_PEER_TERM;
		tld(f, now, out);
		zrc(f, now);
		sta(f, p->id, out);
		set_state(f, PPP_STOPPING);
		break;
	default:
		break;
	}
}

static void rta(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	switch (f->state) {
	case PPP_CLOSING:
		set_state(f, PPP_CLOSED);
		tlf(f, now, out);
		break;
	case PPP_STOPPING:
		set_state(f, PPP_STOPPED);
		tlf(f, now, out);
		break;
	case PPP_ACKRCVD:
		set_state(f, PPP_REQSENT);
		break;
	case PPP_REQSENT:
		/*
		 * No state change (RFC 1661), but a Terminate-Ack to our
		 * request says the peer's automaton was closed when it came
		 * and dropped it: a pppd that requires MPPE keeps IPCP closed
		 * until CCP is up.  Its own request, once it opens, gets ours
		 * again at once (rcr()) instead of a restart period later.
		 */
		if (f->req_outstanding)
			f->peer_closed = true;
		break;
	case PPP_OPENED:
		tld(f, now, out);
		irc_scr(f, now, out);
		set_state(f, PPP_REQSENT);
		break;
	default:
		break;
	}
}

/* RXJ- (RFC 1661 4.1): the peer cannot do something essential. */
static void rxj_fatal(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	switch (f->state) {
	case PPP_CLOSED:
	case PPP_CLOSING:
		f->why = PPP_WHY_REJECTED;
		set_state(f, PPP_CLOSED);
		tlf(f, now, out);
		break;
	case PPP_STOPPED:
	case PPP_STOPPING:
	case PPP_REQSENT:
	case PPP_ACKRCVD:
	case PPP_ACKSENT:
		f->why = PPP_WHY_REJECTED;
		set_state(f, PPP_STOPPED);
		tlf(f, now, out);
		break;
	case PPP_OPENED:
		f->why = PPP_WHY_REJECTED;
		tld(f, now, out);
		irc(f, true);
		str(f, now, out);
		set_state(f, PPP_STOPPING);
		break;
	default:
		break;
	}
}

void ppp_fsm_proto_rejected(struct ppp_fsm *f, uint64_t now,
			    struct ppp_out *out)
{
	rxj_fatal(f, now, out);
}

static void rxj(struct ppp_fsm *f, const struct ppp_cp *p, uint64_t now,
		struct ppp_out *out)
{
	/*
	 * Rejecting one of the codes 1-7 means the protocol cannot work;
	 * anything beyond (echo, discard ...) is optional: RXJ+.
	 */
	if (p->dlen >= 1 && p->data[0] >= PPP_CONFREQ &&
	    p->data[0] <= PPP_CODEREJ) {
		rxj_fatal(f, now, out);
		return;
	}
	if (p->dlen >= 1 && f->ops->code_rejected)
		f->ops->code_rejected(f, p->data[0]);
	if (f->state == PPP_ACKRCVD)
		set_state(f, PPP_REQSENT);
}

void ppp_fsm_input(struct ppp_fsm *f, const uint8_t *pkt, size_t len,
		   uint64_t now, struct ppp_out *out)
{
	struct ppp_cp p;

	if (ppp_cp_parse(pkt, len, &p)) {
		f->rx_bad++;
		return;
	}
	/* Before Up the link does not exist for us (RFC 1661 4.2). */
	if (f->state == PPP_INITIAL || f->state == PPP_STARTING)
		return;

	switch (p.code) {
	case PPP_CONFREQ:
		rcr(f, &p, now, out);
		break;
	case PPP_CONFACK:
		rca(f, &p, now, out);
		break;
	case PPP_CONFNAK:
	case PPP_CONFREJ:
		rcn(f, &p, now, out);
		break;
	case PPP_TERMREQ:
		rtr(f, &p, now, out);
		break;
	case PPP_TERMACK:
		rta(f, now, out);
		break;
	case PPP_CODEREJ:
		rxj(f, &p, now, out);
		break;
	default:
		if (f->ops->other_code && f->ops->other_code(f, &p, now, out))
			break;
		scj(f, pkt, p.len, out);	/* RUC */
		break;
	}
	check_fail(f, now, out);
}
