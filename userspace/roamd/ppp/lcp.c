// SPDX-License-Identifier: GPL-2.0
/*
 * LCP (RFC 1661 section 6, RFC 1570) for the server end of a tunnel.
 *
 * We ask for: our MRU when it is not the default, the authentication
 * protocol (the configured methods in order of preference; when the
 * client Naks one we move to the next it will take, preferring the one
 * it suggested if we allow it), and a magic number.
 * We accept from the client: MRU, ACCM (meaningless on L2TP and PPTP,
 * harmless), magic number, PFC and ACFC.  We reject everything else,
 * including an Authentication-Protocol: the server does not authenticate
 * itself to its clients.
 */
#include <string.h>

#include "layer.h"

#define LCP_OPT_MRU	1
#define LCP_OPT_ACCM	2
#define LCP_OPT_AUTH	3
#define LCP_OPT_MAGIC	5
#define LCP_OPT_PFC	7
#define LCP_OPT_ACFC	8

#define LCP_PROTREJ	8
#define LCP_ECHOREQ	9
#define LCP_ECHOREP	10
#define LCP_DISCREQ	11
#define LCP_IDENT	12	/* RFC 1570 */
#define LCP_TIMEREM	13	/* RFC 1570 */

#define LCP_DEFAULT_MRU	1500
/* Below this nothing useful fits, not even a CHAP challenge with a name. */
#define LCP_MIN_MRU	128

static struct ppp_lcp *lcp_of(struct ppp_fsm *f)
{
	return &fsm_session(f)->lcps;
}

static uint32_t new_magic(struct ppp_session *s, uint32_t avoid)
{
	uint32_t m;

	do {
		ppp_random(s, &m, sizeof(m));
	} while (!m || m == avoid);
	return m;
}

enum ppp_auth_method ppp_lcp_auth_method(const struct ppp_session *s)
{
	if (s->lcps.auth_idx < 0)
		return PPP_AUTH_NONE;
	return s->cfg.auth[s->lcps.auth_idx];
}

/* The Authentication-Protocol option's value for a method. */
static void put_auth(struct ppp_buf *b, enum ppp_auth_method m)
{
	switch (m) {
	case PPP_AUTH_PAP:
		ppp_put8(b, LCP_OPT_AUTH);
		ppp_put8(b, 4);
		ppp_put16(b, PPP_PAP);
		break;
	case PPP_AUTH_CHAP_MD5:
	case PPP_AUTH_MSCHAPV1:
	case PPP_AUTH_MSCHAPV2:
		ppp_put8(b, LCP_OPT_AUTH);
		ppp_put8(b, 5);
		ppp_put16(b, PPP_CHAP);
		ppp_put8(b, m == PPP_AUTH_CHAP_MD5 ? PPP_CHAP_MD5 :
			    m == PPP_AUTH_MSCHAPV1 ? PPP_CHAP_MSV1 :
						     PPP_CHAP_MSV2);
		break;
	case PPP_AUTH_NONE:
		break;
	}
}

/* The method an Authentication-Protocol option names, NONE if unknown. */
static enum ppp_auth_method auth_of(const struct ppp_opt *o)
{
	if (o->len == 4 && ppp_get16(o->val) == PPP_PAP)
		return PPP_AUTH_PAP;
	if (o->len != 5 || ppp_get16(o->val) != PPP_CHAP)
		return PPP_AUTH_NONE;
	switch (o->val[2]) {
	case PPP_CHAP_MD5:
		return PPP_AUTH_CHAP_MD5;
	case PPP_CHAP_MSV1:
		return PPP_AUTH_MSCHAPV1;
	case PPP_CHAP_MSV2:
		return PPP_AUTH_MSCHAPV2;
	}
	return PPP_AUTH_NONE;
}

void ppp_lcp_init(struct ppp_session *s)
{
	struct ppp_lcp *l = &s->lcps;

	memset(l, 0, sizeof(*l));
	l->auth_idx = -1;
	l->peer_mru = LCP_DEFAULT_MRU;
	l->echo_deadline = PPP_NO_DEADLINE;
}

static void lcp_reset(struct ppp_fsm *f)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_lcp *l = &s->lcps;

	l->mru = s->cfg.mru == LCP_DEFAULT_MRU ? 0 : s->cfg.mru;
	l->auth_tried = 0;
	l->auth_idx = -1;
	if (s->cfg.auth[0] != PPP_AUTH_NONE) {
		l->auth_idx = 0;
		l->auth_tried = 1;
	}
	l->magic = new_magic(s, 0);
}

static void lcp_add_request(struct ppp_fsm *f, struct ppp_buf *b)
{
	struct ppp_lcp *l = lcp_of(f);

	if (l->mru) {
		ppp_put8(b, LCP_OPT_MRU);
		ppp_put8(b, 4);
		ppp_put16(b, l->mru);
	}
	put_auth(b, ppp_lcp_auth_method(fsm_session(f)));
	if (l->magic) {
		ppp_put8(b, LCP_OPT_MAGIC);
		ppp_put8(b, 6);
		ppp_put32(b, l->magic);
	}
}

static void check_magic(struct ppp_fsm *f, const struct ppp_opt *o,
			struct ppp_cfg_reply *r)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_lcp *l = &s->lcps;
	uint32_t v = ppp_get32(o->val);
	uint8_t sug[4];

	if (v && v != l->magic) {
		l->peer_magic = v;
		return;
	}
	/*
	 * Our own number coming back means the link may be looped (RFC 1661
	 * 6.4); a few in a row and we stop.  Zero is illegal: suggest one.
	 */
	if (v && ++l->loops >= f->conf.max_failure) {
		ppp_session_fail(s, PPP_DOWN_LOOPBACK,
				 "LCP magic number %08x came back %u times: the link is looped back",
				 v, l->loops);
		ppp_fsm_fail(f, LCP_FAIL_LOOPBACK);
		return;
	}
	v = new_magic(s, l->magic);
	sug[0] = v >> 24;
	sug[1] = v >> 16;
	sug[2] = v >> 8;
	sug[3] = v;
	ppp_cfg_nak(r, o, LCP_OPT_MAGIC, sug, 4);
}

static void lcp_check_request(struct ppp_fsm *f, const uint8_t *opts,
			      size_t len, struct ppp_cfg_reply *r)
{
	struct ppp_lcp *l = lcp_of(f);
	struct ppp_opt_iter it;
	struct ppp_opt o;
	uint8_t sug[2];

	l->peer_mru = LCP_DEFAULT_MRU;
	l->peer_magic = 0;
	l->peer_pfc = false;
	l->peer_acfc = false;

	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o)) {
		switch (o.type) {
		case LCP_OPT_MRU:
			if (o.len != 4)
				break;
			l->peer_mru = ppp_get16(o.val);
			if (l->peer_mru < LCP_MIN_MRU) {
				sug[0] = LCP_MIN_MRU >> 8;
				sug[1] = LCP_MIN_MRU & 0xff;
				ppp_cfg_nak(r, &o, LCP_OPT_MRU, sug, 2);
			}
			continue;
		case LCP_OPT_ACCM:
			if (o.len != 6)
				break;
			continue;
		case LCP_OPT_MAGIC:
			if (o.len != 6)
				break;
			check_magic(f, &o, r);
			continue;
		case LCP_OPT_PFC:
			if (o.len != 2)
				break;
			l->peer_pfc = true;
			continue;
		case LCP_OPT_ACFC:
			if (o.len != 2)
				break;
			l->peer_acfc = true;
			continue;
		default:
			break;
		}
		/*
		 * Unknown, unwanted (Authentication-Protocol, Callback,
		 * multilink ...) or of the wrong length.
		 */
		ppp_cfg_reject(r, &o);
	}
}

static int cfg_index(const struct ppp_session *s, enum ppp_auth_method m)
{
	int i;

	for (i = 0; i < PPP_AUTH_MAX_METHODS && s->cfg.auth[i]; i++)
		if (s->cfg.auth[i] == m)
			return i;
	return -1;
}

/* The client Nak'd our Authentication-Protocol, suggesting sug. */
static void auth_fallback(struct ppp_fsm *f, enum ppp_auth_method sug)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_lcp *l = &s->lcps;
	enum ppp_auth_method was = ppp_lcp_auth_method(s);
	int i = cfg_index(s, sug);

	if (i < 0 || (l->auth_tried & 1u << i)) {
		for (i = 0; i < PPP_AUTH_MAX_METHODS && s->cfg.auth[i]; i++)
			if (!(l->auth_tried & 1u << i))
				break;
		if (i == PPP_AUTH_MAX_METHODS || !s->cfg.auth[i])
			i = -1;
	}
	if (i < 0) {
		ppp_session_fail(s, PPP_DOWN_AUTH_REFUSED,
				 "the client refused %s and every other allowed method (it asked for %s)",
				 ppp_auth_method_name(was),
				 ppp_auth_method_name(sug));
		ppp_fsm_fail(f, LCP_FAIL_AUTH_REFUSED);
		return;
	}
	l->auth_idx = i;
	l->auth_tried |= 1u << i;
}

static void lcp_got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_lcp *l = &s->lcps;
	struct ppp_opt_iter it;
	struct ppp_opt o;
	uint16_t v;

	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o)) {
		switch (o.type) {
		case LCP_OPT_MRU:
			if (o.len != 4 || !l->mru)
				break;
			v = ppp_get16(o.val);
			if (v >= LCP_MIN_MRU && v <= PPP_CP_MAX)
				l->mru = v == LCP_DEFAULT_MRU ? 0 : v;
			break;
		case LCP_OPT_AUTH:
			if (l->auth_idx >= 0)
				auth_fallback(f, auth_of(&o));
			break;
		case LCP_OPT_MAGIC:
			if (l->magic)
				l->magic = new_magic(s, l->magic);
			break;
		default:
			break;	/* hints for options we did not ask for */
		}
	}
}

static void lcp_got_reject(struct ppp_fsm *f, const uint8_t *opts,
			   size_t len)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_lcp *l = &s->lcps;
	enum ppp_auth_method m;
	struct ppp_opt_iter it;
	struct ppp_opt o;

	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o)) {
		switch (o.type) {
		case LCP_OPT_MRU:
			l->mru = 0;
			break;
		case LCP_OPT_AUTH:
			if (l->auth_idx < 0)
				break;
			m = s->cfg.auth[l->auth_idx];
			ppp_session_fail(s, PPP_DOWN_AUTH_REFUSED,
					 "the client rejected authentication (we asked for %s)",
					 ppp_auth_method_name(m));
			ppp_fsm_fail(f, LCP_FAIL_AUTH_REFUSED);
			break;
		case LCP_OPT_MAGIC:
			l->magic = 0;
			break;
		default:
			break;
		}
	}
}

static void lcp_up(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_lcp *l = &s->lcps;
	uint16_t max = l->peer_mru > PPP_CP_MAX ? PPP_CP_MAX : l->peer_mru;

	l->loops = 0;
	s->lcp.tx_max = s->ipcp.tx_max = s->ipv6cp.tx_max = max;
	s->ccp.tx_max = max;
	l->echo_missed = 0;
	l->echo_deadline = s->cfg.echo_interval ?
			   now + 1000ull * s->cfg.echo_interval :
			   PPP_NO_DEADLINE;
	ppp_session_lcp_up(s, now, out);
}

static void lcp_down(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	struct ppp_session *s = fsm_session(f);

	s->lcps.echo_deadline = PPP_NO_DEADLINE;
	ppp_session_lcp_down(s, now, out);
}

static void lcp_finished(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	ppp_session_lcp_finished(fsm_session(f), now, out);
}

static void echo_reply(struct ppp_fsm *f, const struct ppp_cp *p,
		       struct ppp_out *out)
{
	struct ppp_lcp *l = lcp_of(f);
	size_t room = f->tx_max - PPP_CP_HDRLEN - 4;
	size_t n = p->dlen - 4;
	struct ppp_buf b;
	size_t start;

	if (n > room)
		n = room;
	ppp_out_begin(out, &b, PPP_LCP);
	start = ppp_cp_begin(&b, LCP_ECHOREP, p->id);
	ppp_put32(&b, l->magic);
	ppp_put(&b, p->data + 4, n);
	ppp_cp_end(&b, start);
	ppp_out_commit(out, &b);
}

static bool lcp_other_code(struct ppp_fsm *f, const struct ppp_cp *p,
			   uint64_t now, struct ppp_out *out)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_lcp *l = &s->lcps;
	uint32_t magic;

	switch (p->code) {
	case LCP_PROTREJ:
		if (f->state != PPP_OPENED)
			return true;
		if (p->dlen < 2) {
			f->rx_bad++;
			return true;
		}
		if (ppp_get16(p->data) == PPP_LCP)
			ppp_fsm_proto_rejected(f, now, out);
		else
			ppp_session_proto_rejected(s, ppp_get16(p->data), now,
						   out);
		return true;
	case LCP_ECHOREQ:
	case LCP_ECHOREP:
		/* Only in Opened (RFC 1661 5.8); otherwise silently dropped. */
		if (f->state != PPP_OPENED)
			return true;
		if (p->dlen < 4) {
			f->rx_bad++;
			return true;
		}
		magic = ppp_get32(p->data);
		/* Our own magic number: this is our packet looped back. */
		if (l->magic && magic == l->magic)
			return true;
		if (p->code == LCP_ECHOREQ)
			echo_reply(f, p, out);
		else
			l->echo_missed = 0;
		return true;
	case LCP_DISCREQ:
		return true;
	case LCP_IDENT:
	case LCP_TIMEREM:
		/*
		 * Windows sends Identification ("MSRASV5.20"): informative
		 * only, so dropped rather than Code-Rejected.
		 */
		return true;
	default:
		return false;
	}
}

/*
 * A client that Code-Rejects Echo-Request is alive but cannot be probed;
 * counting its silence as missed echoes would hang up on it.
 */
static void lcp_code_rejected(struct ppp_fsm *f, uint8_t code)
{
	if (code == LCP_ECHOREQ)
		lcp_of(f)->echo_deadline = PPP_NO_DEADLINE;
}

void ppp_lcp_echo_timer(struct ppp_session *s, uint64_t now,
			struct ppp_out *out)
{
	struct ppp_lcp *l = &s->lcps;
	struct ppp_buf b;
	size_t start;

	if (now < l->echo_deadline || !ppp_fsm_is_opened(&s->lcp))
		return;
	if (l->echo_missed >= s->cfg.echo_failures) {
		l->echo_deadline = PPP_NO_DEADLINE;
		ppp_session_fail(s, PPP_DOWN_ECHO_TIMEOUT,
				 "no reply to %u LCP echo requests %u s apart: the client is gone",
				 l->echo_missed, s->cfg.echo_interval);
		return;
	}
	ppp_out_begin(out, &b, PPP_LCP);
	start = ppp_cp_begin(&b, LCP_ECHOREQ, ++l->echo_id);
	ppp_put32(&b, l->magic);
	ppp_cp_end(&b, start);
	ppp_out_commit(out, &b);
	l->echo_missed++;
	l->echo_deadline = now + 1000ull * s->cfg.echo_interval;
}

void ppp_lcp_protocol_reject(struct ppp_session *s, uint16_t proto,
			     const uint8_t *info, size_t len,
			     struct ppp_out *out)
{
	struct ppp_fsm *f = &s->lcp;
	/* The rejected information is truncated to the peer's MRU. */
	size_t room = f->tx_max - PPP_CP_HDRLEN - 2;
	struct ppp_buf b;
	size_t start;

	if (!ppp_fsm_is_opened(f))
		return;
	if (len > room)
		len = room;
	ppp_out_begin(out, &b, PPP_LCP);
	start = ppp_cp_begin(&b, LCP_PROTREJ, ppp_fsm_new_id(f));
	ppp_put16(&b, proto);
	ppp_put(&b, info, len);
	ppp_cp_end(&b, start);
	ppp_out_commit(out, &b);
}

const struct ppp_fsm_ops ppp_lcp_ops = {
	.name		= "LCP",
	.proto		= PPP_LCP,
	.reset		= lcp_reset,
	.add_request	= lcp_add_request,
	.check_request	= lcp_check_request,
	.got_nak	= lcp_got_nak,
	.got_reject	= lcp_got_reject,
	.up		= lcp_up,
	.down		= lcp_down,
	.finished	= lcp_finished,
	.other_code	= lcp_other_code,
	.code_rejected	= lcp_code_rejected,
};
