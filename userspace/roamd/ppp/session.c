// SPDX-License-Identifier: GPL-2.0
/*
 * One PPP session: the phases of RFC 1661 section 3.2 (Dead, Establish,
 * Authenticate, Network, Terminate) over the layers in lcp.c, auth.c,
 * ipcp.c, ipv6cp.c and ccp.c.
 *
 * Ending a session: whatever goes wrong first (a wrong password, a pool
 * with no address, a client that stops answering echoes) calls
 * ppp_session_fail(), which records the reason and marks the session to
 * close.  The close itself happens in settle(), after the layer that
 * failed has returned, so no automaton is re-entered from its own
 * callback.  LCP then sends Terminate-Request, and when LCP finishes the
 * caller gets PPP_EV_FINISHED.  A dead peer (echo timeout) or a dead
 * tunnel skips the Terminate exchange: nobody would answer it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "layer.h"

void ppp_config_defaults(struct ppp_config *c)
{
	memset(c, 0, sizeof(*c));
	c->auth[0] = PPP_AUTH_CHAP_MD5;
	c->name = "roam";
	c->echo_interval = 30;
	c->echo_failures = 3;
	c->restart_ms = PPP_RESTART_MS;
	c->max_configure = PPP_MAX_CONFIGURE;
	c->max_terminate = PPP_MAX_TERMINATE;
	c->max_failure = PPP_MAX_FAILURE;
	/* Long enough for a RADIUS server to fail over to the next one. */
	c->auth_timeout_ms = 60000;
	/* Off unless PPTP asks; then the Cisco page's 40- and 128-bit. */
	c->mppe.policy = PPP_MPPE_OFF;
	c->mppe.strengths = PPP_MPPE_L | PPP_MPPE_S;
	c->mppe.ccp_timeout_ms = 15000;
}

const char *ppp_phase_name(enum ppp_phase p)
{
	switch (p) {
	case PPP_PHASE_DEAD:		return "dead";
	case PPP_PHASE_ESTABLISH:	return "establish";
	case PPP_PHASE_AUTHENTICATE:	return "authenticate";
	case PPP_PHASE_NETWORK:		return "network";
	case PPP_PHASE_TERMINATE:	return "terminate";
	}
	return "?";
}

static const struct {
	const char *name;
	unsigned int windows_error;
} down_info[] = {
	[PPP_DOWN_NONE]		= { "none", 0 },
	[PPP_DOWN_ADMIN]	= { "admin", 0 },
	[PPP_DOWN_LOWER]	= { "tunnel-down", 0 },
	[PPP_DOWN_PEER]		= { "peer-terminate", 0 },
	[PPP_DOWN_LCP_TIMEOUT]	= { "lcp-timeout", 718 },
	[PPP_DOWN_LCP_FAILED]	= { "lcp-failed", 734 },
	[PPP_DOWN_LOOPBACK]	= { "loopback", 737 },
	[PPP_DOWN_AUTH_REFUSED]	= { "auth-refused", 691 },
	[PPP_DOWN_AUTH_FAILED]	= { "auth-failed", 691 },
	[PPP_DOWN_AUTH_TIMEOUT]	= { "auth-timeout", 718 },
	[PPP_DOWN_NO_ADDRESS]	= { "no-address", 733 },
	[PPP_DOWN_NO_NCP]	= { "no-ncp", 733 },
	[PPP_DOWN_ECHO_TIMEOUT]	= { "echo-timeout", 0 },
	[PPP_DOWN_NO_ENCRYPTION] = { "no-encryption", 742 },
};

const char *ppp_down_reason_name(enum ppp_down_reason r)
{
	if ((unsigned int)r >= ARRAY_SIZE(down_info))
		return "?";
	return down_info[r].name;
}

/* The text of the Windows dialog, so a log line says what the user saw. */
static const char *windows_text(unsigned int err)
{
	switch (err) {
	case 646: return "the account is not permitted to log on at this time of day";
	case 647: return "the account is disabled";
	case 648: return "the password has expired";
	case 649: return "the account does not have permission to dial in";
	case 691: return "access denied: user name or password not valid";
	case 718: return "the remote computer did not respond in a timely manner";
	case 733: return "the PPP control protocol for this network protocol is not available on the server";
	case 734: return "the PPP link control protocol was terminated";
	case 737: return "loopback detected";
	case 742: return "the remote computer does not support the required data encryption type";
	}
	return "";
}

void ppp_session_fail(struct ppp_session *s, enum ppp_down_reason reason,
		      const char *fmt, ...)
{
	struct ppp_down *d = &s->down;
	char text[PPP_DOWN_TEXT_MAX];
	size_t n;
	va_list ap;

	s->close_pending = true;
	if (d->reason != PPP_DOWN_NONE)
		return;		/* the first cause is the one to report */
	d->reason = reason;
	d->windows_error = down_info[reason].windows_error;
	if (reason == PPP_DOWN_AUTH_FAILED && s->auth.error)
		d->windows_error = s->auth.error;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	n = strlen(text);
	if (d->windows_error && n < sizeof(text))
		snprintf(text + n, sizeof(text) - n,
			 "; Windows shows error %u (%s)", d->windows_error,
			 windows_text(d->windows_error));
	/* kept at its size; without memory, the reason's name says it */
	d->text = strdup(text);
	if (!d->text)
		d->text = s->down_text_none = ppp_down_reason_name(reason);
}

void ppp_random(struct ppp_session *s, void *buf, size_t len)
{
	if (s->ops->random) {
		s->ops->random(s->ctx, buf, len);
		return;
	}
	/*
	 * Without randomness CHAP challenges would repeat and anyone who
	 * saw one login could replay it: stop rather than run like that.
	 */
	if (RAND_bytes(buf, (int)len) != 1)
		abort();
}

struct ppp_session *ppp_session_new(const struct ppp_config *cfg,
				    const struct ppp_session_ops *ops,
				    void *ctx)
{
	struct ppp_fsm_conf conf;
	struct ppp_session *s;

	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->cfg = *cfg;
	if (s->cfg.echo_interval && !s->cfg.echo_failures)
		s->cfg.echo_failures = 3;
	s->ops = ops;
	s->ctx = ctx;

	conf = (struct ppp_fsm_conf){
		.restart_ms = cfg->restart_ms,
		.max_configure = cfg->max_configure,
		.max_terminate = cfg->max_terminate,
		.max_failure = cfg->max_failure,
	};
	ppp_fsm_init(&s->lcp, &ppp_lcp_ops, s, &conf);
	ppp_fsm_init(&s->ipcp, &ppp_ipcp_ops, s, &conf);
	ppp_fsm_init(&s->ipv6cp, &ppp_ipv6cp_ops, s, &conf);
	conf.passive = true;
	ppp_fsm_init(&s->ccp, &ppp_ccp_ops, s, &conf);
	ppp_lcp_init(s);
	s->auth.retry_at = PPP_NO_DEADLINE;
	s->auth.give_up_at = PPP_NO_DEADLINE;
	s->auth.user = ppp_auth_no_user;
	s->down.text = s->down_text_none = "";
	s->ccps.deadline = PPP_NO_DEADLINE;
	return s;
}

void ppp_session_free(struct ppp_session *s)
{
	if (!s)
		return;
	ppp_auth_forget(&s->auth);
	ppp_fsm_release(&s->lcp);
	ppp_fsm_release(&s->ipcp);
	ppp_fsm_release(&s->ipv6cp);
	ppp_fsm_release(&s->ccp);
	if (s->down.text != s->down_text_none)
		free((char *)s->down.text);
	OPENSSL_cleanse(s, sizeof(*s));	/* MPPE keys, challenges */
	free(s);
}

/* The end: report once, and stop every timer. */
static void finish(struct ppp_session *s, struct ppp_out *out)
{
	if (s->finished)
		return;
	if (s->ipv4_up) {
		s->ipv4_up = false;
		ppp_out_event(out, PPP_EV_IPV4_DOWN);
	}
	if (s->ipv6_up) {
		s->ipv6_up = false;
		ppp_out_event(out, PPP_EV_IPV6_DOWN);
	}
	ppp_auth_stop(s);
	s->lcps.echo_deadline = PPP_NO_DEADLINE;
	s->ccps.deadline = PPP_NO_DEADLINE;
	if (s->down.reason == PPP_DOWN_NONE) {
		switch (s->lcp.why) {
		case PPP_WHY_TIMEOUT:
			ppp_session_fail(s, PPP_DOWN_LCP_TIMEOUT,
					 "the client did not answer LCP Configure-Request");
			break;
		case PPP_WHY_PEER_TERM:
			ppp_session_fail(s, PPP_DOWN_PEER,
					 "the client hung up (LCP Terminate-Request)");
			break;
		case PPP_WHY_LOWER_DOWN:
			ppp_session_fail(s, PPP_DOWN_LOWER,
					 "the tunnel under PPP closed");
			break;
		case PPP_WHY_CLOSE:
			ppp_session_fail(s, PPP_DOWN_ADMIN, "closed here");
			break;
		default:
			ppp_session_fail(s, PPP_DOWN_LCP_FAILED,
					 "LCP negotiation failed: %s",
					 ppp_fsm_why_name(s->lcp.why));
			break;
		}
	}
	s->close_pending = false;
	s->finished = true;
	s->phase = PPP_PHASE_DEAD;
	ppp_out_event(out, PPP_EV_FINISHED);
}

/* Act on a ppp_session_fail() once the failing layer has returned. */
static void settle(struct ppp_session *s, uint64_t now, struct ppp_out *out)
{
	if (!s->close_pending || s->finished)
		return;
	s->close_pending = false;
	if (s->down.reason == PPP_DOWN_ECHO_TIMEOUT) {
		ppp_fsm_down(&s->lcp, now, out);
		finish(s, out);
		return;
	}
	switch (s->lcp.state) {
	case PPP_INITIAL:
	case PPP_CLOSED:
	case PPP_STOPPED:
		finish(s, out);		/* nothing left to terminate */
		return;
	default:
		s->phase = PPP_PHASE_TERMINATE;
		ppp_fsm_close(&s->lcp, PPP_WHY_FAILED, now, out);
		break;
	}
}

void ppp_session_start(struct ppp_session *s, uint64_t now,
		       struct ppp_out *out)
{
	if (s->finished || s->phase != PPP_PHASE_DEAD)
		return;
	s->phase = PPP_PHASE_ESTABLISH;
	ppp_fsm_open(&s->lcp, now, out);
	ppp_fsm_up(&s->lcp, now, out);
	settle(s, now, out);
}

/* NCP packets count only in the network phase (RFC 1661 3.4). */
static void ncp_input(struct ppp_session *s, struct ppp_fsm *f,
		      const struct ppp_frame *fr, uint64_t now,
		      struct ppp_out *out)
{
	if (s->phase != PPP_PHASE_NETWORK) {
		s->stats.rx_discarded++;
		return;
	}
	ppp_fsm_input(f, fr->payload, fr->len, now, out);
}

void ppp_session_input(struct ppp_session *s, const uint8_t *frame,
		       size_t len, uint64_t now, struct ppp_out *out)
{
	struct ppp_frame fr;
	enum ppp_err err;

	if (s->finished || s->phase == PPP_PHASE_DEAD) {
		s->stats.rx_discarded++;
		return;
	}
	s->stats.rx_frames++;
	err = ppp_frame_parse(frame, len, &fr);
	if (err) {
		s->stats.rx_bad++;
		s->stats.last_err = err;
		return;
	}

	switch (fr.proto) {
	case PPP_LCP:
		ppp_fsm_input(&s->lcp, fr.payload, fr.len, now, out);
		break;
	case PPP_PAP:
	case PPP_CHAP:
		if (s->phase == PPP_PHASE_AUTHENTICATE ||
		    s->phase == PPP_PHASE_NETWORK)
			ppp_auth_input(s, fr.proto, fr.payload, fr.len, now,
				       out);
		else
			s->stats.rx_discarded++;
		break;
	case PPP_IPCP:
		ncp_input(s, &s->ipcp, &fr, now, out);
		break;
	case PPP_IPV6CP:
		if (s->cfg.ipv6)
			ncp_input(s, &s->ipv6cp, &fr, now, out);
		else
			goto reject;
		break;
	case PPP_CCP:
		ncp_input(s, &s->ccp, &fr, now, out);
		break;
	case PPP_IP:
	case PPP_IPV6:
		/* Data is the kernel's; it reaches us only in a race. */
		s->stats.rx_discarded++;
		break;
	default:
reject:
		s->stats.rx_unknown++;
		ppp_lcp_protocol_reject(s, fr.proto, fr.payload, fr.len, out);
		break;
	}
	settle(s, now, out);
}

void ppp_session_timer(struct ppp_session *s, uint64_t now,
		       struct ppp_out *out)
{
	struct ppp_fsm *fsms[] = { &s->lcp, &s->ipcp, &s->ipv6cp, &s->ccp };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fsms) && !s->finished; i++)
		ppp_fsm_timeout(fsms[i], now, out);
	if (!s->finished)
		ppp_auth_timer(s, now, out);
	if (!s->finished)
		ppp_lcp_echo_timer(s, now, out);
	if (!s->finished)
		ppp_ccp_timer(s, now);
	settle(s, now, out);
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

uint64_t ppp_session_deadline(const struct ppp_session *s)
{
	uint64_t t;

	if (s->finished)
		return PPP_NO_DEADLINE;
	t = min64(ppp_fsm_deadline(&s->lcp), ppp_fsm_deadline(&s->ipcp));
	t = min64(t, ppp_fsm_deadline(&s->ipv6cp));
	t = min64(t, ppp_fsm_deadline(&s->ccp));
	t = min64(t, ppp_auth_deadline(s));
	t = min64(t, s->ccps.deadline);
	return min64(t, s->lcps.echo_deadline);
}

void ppp_session_auth_done(struct ppp_session *s, uint32_t seq,
			   enum ppp_verdict verdict,
			   const struct ppp_auth_result *res, uint64_t now,
			   struct ppp_out *out)
{
	struct ppp_auth_result fail = { .error = 691 };

	/* A late answer for an earlier attempt, or for a dead session. */
	if (s->finished || seq != s->auth.seq ||
	    s->auth.state != PPP_AUTH_CHECKING)
		return;
	if (verdict == PPP_AUTH_PENDING || !res) {
		verdict = PPP_AUTH_FAIL;
		res = &fail;
	}
	ppp_auth_verdict(s, verdict, res, now, out);
	settle(s, now, out);
}

void ppp_session_close(struct ppp_session *s, uint64_t now,
		       struct ppp_out *out)
{
	if (s->finished)
		return;
	ppp_session_fail(s, PPP_DOWN_ADMIN, "closed by the administrator");
	settle(s, now, out);
}

void ppp_session_lower_down(struct ppp_session *s, uint64_t now,
			    struct ppp_out *out)
{
	if (s->finished)
		return;
	if (s->down.reason == PPP_DOWN_NONE)
		ppp_session_fail(s, PPP_DOWN_LOWER,
				 "the tunnel under PPP closed");
	ppp_fsm_down(&s->lcp, now, out);
	finish(s, out);
}

/* ---- hooks called by the layers --------------------------------------- */

void ppp_session_lcp_up(struct ppp_session *s, uint64_t now,
			struct ppp_out *out)
{
	if (ppp_lcp_auth_method(s) == PPP_AUTH_NONE) {
		ppp_session_auth_finished(s, true, now, out);
		return;
	}
	s->phase = PPP_PHASE_AUTHENTICATE;
	ppp_auth_begin(s, now, out);
}

void ppp_session_lcp_down(struct ppp_session *s, uint64_t now,
			  struct ppp_out *out)
{
	ppp_auth_stop(s);
	s->lcp_leaving = true;
	ppp_fsm_down(&s->ipcp, now, out);
	ppp_fsm_down(&s->ipv6cp, now, out);
	ppp_fsm_down(&s->ccp, now, out);
	s->lcp_leaving = false;
	if (s->phase != PPP_PHASE_TERMINATE)
		s->phase = PPP_PHASE_ESTABLISH;
}

void ppp_session_lcp_finished(struct ppp_session *s, uint64_t now,
			      struct ppp_out *out)
{
	(void)now;
	finish(s, out);
}

void ppp_session_auth_finished(struct ppp_session *s, bool ok, uint64_t now,
			       struct ppp_out *out)
{
	if (!ok) {
		ppp_session_fail(s, PPP_DOWN_AUTH_FAILED,
				 "authentication failed for user '%s' (%s)",
				 s->auth.user,
				 ppp_auth_method_name(s->auth.method));
		return;
	}
	if (s->auth.method != PPP_AUTH_NONE)
		ppp_out_event(out, PPP_EV_AUTH_OK);
	ppp_ccp_begin(s, now);
	if (s->close_pending)
		return;		/* MPPE required without MS-CHAP keys */
	s->phase = PPP_PHASE_NETWORK;
	ppp_fsm_open(&s->ipcp, now, out);
	ppp_fsm_up(&s->ipcp, now, out);
	if (s->cfg.ipv6) {
		ppp_fsm_open(&s->ipv6cp, now, out);
		ppp_fsm_up(&s->ipv6cp, now, out);
	}
	ppp_fsm_open(&s->ccp, now, out);
	ppp_fsm_up(&s->ccp, now, out);
}

void ppp_session_ncp_up(struct ppp_session *s, struct ppp_fsm *f,
			struct ppp_out *out)
{
	/* With MPPE required, no traffic before encryption is agreed. */
	if (ppp_ccp_holds(s)) {
		if (f == &s->ipcp)
			s->ccps.ipv4_held = true;
		else if (f == &s->ipv6cp)
			s->ccps.ipv6_held = true;
		return;
	}
	if (f == &s->ipcp && !s->ipv4_up) {
		s->ipv4_up = true;
		ppp_out_event(out, PPP_EV_IPV4_UP);
	} else if (f == &s->ipv6cp && !s->ipv6_up) {
		s->ipv6_up = true;
		ppp_out_event(out, PPP_EV_IPV6_UP);
	}
}

void ppp_session_ncp_down(struct ppp_session *s, struct ppp_fsm *f,
			  struct ppp_out *out)
{
	if (f == &s->ipcp)
		s->ccps.ipv4_held = false;
	else if (f == &s->ipv6cp)
		s->ccps.ipv6_held = false;
	if (f == &s->ipcp && s->ipv4_up) {
		s->ipv4_up = false;
		ppp_out_event(out, PPP_EV_IPV4_DOWN);
	} else if (f == &s->ipv6cp && s->ipv6_up) {
		s->ipv6_up = false;
		ppp_out_event(out, PPP_EV_IPV6_DOWN);
	}
}

/* Still negotiating or open: it may yet carry traffic. */
static bool ncp_alive(const struct ppp_fsm *f)
{
	return f->state >= PPP_REQSENT;
}

void ppp_session_ncp_finished(struct ppp_session *s, struct ppp_fsm *f,
			      uint64_t now, struct ppp_out *out)
{
	(void)now;
	(void)out;
	if (s->phase != PPP_PHASE_NETWORK || f == &s->ccp)
		return;
	/* One working network protocol is enough to keep the link. */
	if (ncp_alive(&s->ipcp) || (s->cfg.ipv6 && ncp_alive(&s->ipv6cp)))
		return;
	ppp_session_fail(s, PPP_DOWN_NO_NCP, "%s: %s", f->ops->name,
			 ppp_fsm_why_name(f->why));
}

void ppp_session_mppe_up(struct ppp_session *s, struct ppp_out *out)
{
	ppp_out_event(out, PPP_EV_MPPE_UP);
	if (s->ccps.ipv4_held) {
		s->ccps.ipv4_held = false;
		ppp_session_ncp_up(s, &s->ipcp, out);
	}
	if (s->ccps.ipv6_held) {
		s->ccps.ipv6_held = false;
		ppp_session_ncp_up(s, &s->ipv6cp, out);
	}
}

void ppp_session_proto_rejected(struct ppp_session *s, uint16_t proto,
				uint64_t now, struct ppp_out *out)
{
	switch (proto) {
	case PPP_IPCP:
		ppp_fsm_proto_rejected(&s->ipcp, now, out);
		break;
	case PPP_IPV6CP:
		ppp_fsm_proto_rejected(&s->ipv6cp, now, out);
		break;
	case PPP_CCP:
		ppp_fsm_proto_rejected(&s->ccp, now, out);
		break;
	case PPP_PAP:
	case PPP_CHAP:
		if (s->phase == PPP_PHASE_AUTHENTICATE)
			ppp_session_fail(s, PPP_DOWN_AUTH_REFUSED,
					 "the client Protocol-Rejected %s after agreeing to it",
					 ppp_auth_method_name(s->auth.method));
		break;
	default:
		break;
	}
}

/* ---- what the caller may change ----------------------------------------- */

void ppp_session_set_servers(struct ppp_session *s, const uint32_t dns[2],
			     const uint32_t wins[2])
{
	if (dns)
		memcpy(s->cfg.dns, dns, sizeof(s->cfg.dns));
	if (wins)
		memcpy(s->cfg.wins, wins, sizeof(s->cfg.wins));
}

/* ---- what the caller may look at ---------------------------------------- */

void ppp_session_get_info(const struct ppp_session *s,
			  struct ppp_session_info *info)
{
	memset(info, 0, sizeof(*info));
	info->phase = s->phase;
	info->method = s->auth.method;
	info->authenticated = s->auth.state == PPP_AUTH_DONE_OK;
	snprintf(info->user, sizeof(info->user), "%s", s->auth.user);
	info->peer_mru = s->lcps.peer_mru;
	info->our_magic = s->lcps.magic;
	info->peer_magic = s->lcps.peer_magic;
	info->peer_pfc = s->lcps.peer_pfc;
	info->peer_acfc = s->lcps.peer_acfc;
	info->ipv4_up = s->ipv4_up;
	info->local_ip = s->ipcps.local;
	info->peer_ip = s->ipcps.have_peer ? s->ipcps.peer : 0;
	info->ipv6_up = s->ipv6_up;
	memcpy(info->local_ifid, s->ipv6cps.local, 8);
	memcpy(info->peer_ifid, s->ipv6cps.peer, 8);
	if (s->ccps.up) {
		info->mppe_bits = s->ccps.bits & PPP_MPPE_S ? 128 :
				  s->ccps.bits & PPP_MPPE_M ? 56 : 40;
		info->mppe_stateless = !!(s->ccps.bits & PPP_MPPE_H);
	}
}

const struct ppp_session_stats *ppp_session_stats(const struct ppp_session *s)
{
	return &s->stats;
}

const struct ppp_down *ppp_session_down(const struct ppp_session *s)
{
	return &s->down;
}

int ppp_session_mppe(const struct ppp_session *s, struct ppp_mppe_info *info)
{
	struct ppp_session_info si;

	memset(info, 0, sizeof(*info));
	if (!s->ccps.up ||
	    ppp_session_mppe_keys(s, info->send_key, info->recv_key))
		return -1;
	ppp_session_get_info(s, &si);
	info->bits = si.mppe_bits;
	info->stateless = si.mppe_stateless;
	info->key_len = info->bits == 128 ? 16 : 8;
	/* Octets past key_len are not part of a 40/56-bit key. */
	memset(info->send_key + info->key_len, 0, 16 - info->key_len);
	memset(info->recv_key + info->key_len, 0, 16 - info->key_len);
	return 0;
}

int ppp_session_mppe_keys(const struct ppp_session *s, uint8_t send[16],
			  uint8_t recv[16])
{
	if (!s->auth.have_keys || s->auth.state != PPP_AUTH_DONE_OK)
		return -1;
	memcpy(send, s->auth.mppe_send, 16);
	memcpy(recv, s->auth.mppe_recv, 16);
	return 0;
}
