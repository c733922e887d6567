// SPDX-License-Identifier: GPL-2.0
/*
 * PAP, authenticator side (RFC 1334 section 2).  The client sends its
 * name and password in the clear until we Ack or Nak; we keep our answer
 * so a retransmitted request (our Ack was lost) gets the same one.
 */
#include <string.h>

#include "layer.h"

#define PAP_AUTHREQ	1
#define PAP_AUTHACK	2
#define PAP_AUTHNAK	3

/* Peer-ID and Password, each a length octet and that many octets. */
struct pap_request {
	const uint8_t *user;
	size_t user_len;
	const uint8_t *pw;
	size_t pw_len;
};

static enum ppp_err pap_parse(const struct ppp_cp *p, struct pap_request *r)
{
	size_t off = 0;

	if (p->dlen < 1 || p->data[0] > p->dlen - 1)
		return PPP_ERR_FIELD_TRUNC;
	r->user_len = p->data[0];
	r->user = p->data + 1;
	off = 1 + r->user_len;
	if (p->dlen - off < 1 || p->data[off] > p->dlen - off - 1)
		return PPP_ERR_FIELD_TRUNC;
	r->pw_len = p->data[off];
	r->pw = p->data + off + 1;
	return PPP_OK;
}

void ppp_pap_input(struct ppp_session *s, const uint8_t *pkt, size_t len,
		   uint64_t now, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;
	struct ppp_auth_request req;
	struct pap_request r;
	struct ppp_cp p;
	enum ppp_err err;

	err = ppp_cp_parse(pkt, len, &p);
	if (!err && p.code == PAP_AUTHREQ)
		err = pap_parse(&p, &r);
	if (err) {
		s->stats.rx_bad++;
		s->stats.last_err = err;
		return;
	}
	if (p.code != PAP_AUTHREQ) {
		s->stats.rx_discarded++;
		return;
	}

	switch (a->state) {
	case PPP_AUTH_DONE_OK:
	case PPP_AUTH_DONE_FAIL:
		/* Our answer was lost: repeat it, under the new identifier. */
		if (a->reply_len >= PPP_CP_HDRLEN) {
			a->reply[1] = p.id;
			ppp_auth_resend(s, out);
		}
		return;
	case PPP_AUTH_WAIT:
		break;
	default:
		return;		/* still checking the first request */
	}

	a->id = p.id;
	memset(&req, 0, sizeof(req));
	req.method = PPP_AUTH_PAP;
	req.user = (const char *)r.user;
	req.user_len = r.user_len;
	req.id = p.id;
	req.response = r.pw;
	req.response_len = r.pw_len;
	ppp_auth_submit(s, &req, now, out);
}

void ppp_pap_verdict(struct ppp_session *s, bool ok,
		     const struct ppp_auth_result *res, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;
	const char *msg = res->message[0] ? res->message :
			  ok ? "Access granted" : "Access denied";
	size_t n = strnlen(msg, sizeof(res->message) - 1);
	uint8_t reply[PPP_AUTH_REPLY_MAX];
	struct ppp_buf b;
	size_t start;

	ppp_buf_init(&b, reply, sizeof(reply));
	start = ppp_cp_begin(&b, ok ? PAP_AUTHACK : PAP_AUTHNAK, a->id);
	ppp_put8(&b, (uint8_t)n);
	ppp_put(&b, msg, n);
	ppp_cp_end(&b, start);
	ppp_auth_reply(s, PPP_PAP, reply, b.overflow ? 0 : b.len, out);
}
