// SPDX-License-Identifier: GPL-2.0
/*
 * The authentication phase, server side: which method runs, when to
 * challenge again, how long to wait, and what to do with the verdict.
 * PAP and CHAP packets themselves are in pap.c and chap.c.
 *
 * The verifier is asynchronous: ppp_auth_submit() asks it, and a PENDING
 * answer parks the session in PPP_AUTH_CHECKING until
 * ppp_session_auth_done() delivers the verdict with the matching seq.
 * Responses that arrive meanwhile are ignored (the client retransmits
 * them; answering twice would be worse).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "layer.h"

char ppp_auth_no_user[1];

void ppp_auth_forget(struct ppp_auth *a)
{
	if (a->user && a->user != ppp_auth_no_user)
		free(a->user);
	a->user = ppp_auth_no_user;
	if (a->reply) {
		OPENSSL_cleanse(a->reply, a->reply_len);
		free(a->reply);
	}
	a->reply = NULL;
	a->reply_len = 0;
}

static bool is_chap(enum ppp_auth_method m)
{
	return m == PPP_AUTH_CHAP_MD5 || m == PPP_AUTH_MSCHAPV1 ||
	       m == PPP_AUTH_MSCHAPV2;
}

void ppp_auth_begin(struct ppp_session *s, uint64_t now, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;

	a->method = ppp_lcp_auth_method(s);
	a->state = PPP_AUTH_WAIT;
	a->tries = 0;
	a->error = 0;
	ppp_auth_forget(a);
	a->give_up_at = now + s->cfg.auth_timeout_ms;
	a->retry_at = PPP_NO_DEADLINE;
	if (is_chap(a->method)) {
		ppp_chap_challenge(s, out);
		a->retry_at = now + s->lcp.conf.restart_ms;
	}
	/* PAP: the client speaks first; we only wait. */
}

void ppp_auth_stop(struct ppp_session *s)
{
	struct ppp_auth *a = &s->auth;

	if (a->state == PPP_AUTH_WAIT || a->state == PPP_AUTH_CHECKING)
		a->state = PPP_AUTH_IDLE;
	a->retry_at = PPP_NO_DEADLINE;
	a->give_up_at = PPP_NO_DEADLINE;
}

uint64_t ppp_auth_deadline(const struct ppp_session *s)
{
	const struct ppp_auth *a = &s->auth;

	if (a->state == PPP_AUTH_WAIT)
		return a->retry_at < a->give_up_at ? a->retry_at :
						     a->give_up_at;
	if (a->state == PPP_AUTH_CHECKING)
		return a->give_up_at;
	return PPP_NO_DEADLINE;
}

static void auth_timed_out(struct ppp_session *s, const char *what)
{
	struct ppp_auth *a = &s->auth;

	a->state = PPP_AUTH_DONE_FAIL;
	a->retry_at = a->give_up_at = PPP_NO_DEADLINE;
	ppp_session_fail(s, PPP_DOWN_AUTH_TIMEOUT, "%s (%s)", what,
			 ppp_auth_method_name(a->method));
}

void ppp_auth_timer(struct ppp_session *s, uint64_t now, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;

	if (a->state != PPP_AUTH_WAIT && a->state != PPP_AUTH_CHECKING)
		return;
	if (now >= a->give_up_at) {
		auth_timed_out(s, a->state == PPP_AUTH_CHECKING ?
			       "the user database did not answer in time" :
			       "the client sent no credentials in time");
		return;
	}
	if (a->state != PPP_AUTH_WAIT || now < a->retry_at)
		return;
	/* RFC 1994: the challenge is repeated until a response arrives. */
	if (a->tries >= s->lcp.conf.max_configure) {
		auth_timed_out(s, "no response to the challenge");
		return;
	}
	ppp_chap_challenge(s, out);
	a->retry_at = now + s->lcp.conf.restart_ms;
}

void ppp_auth_input(struct ppp_session *s, uint16_t proto, const uint8_t *pkt,
		    size_t len, uint64_t now, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;

	if (a->state == PPP_AUTH_IDLE) {
		s->stats.rx_discarded++;
		return;
	}
	if (proto == PPP_PAP && a->method == PPP_AUTH_PAP)
		ppp_pap_input(s, pkt, len, now, out);
	else if (proto == PPP_CHAP && is_chap(a->method))
		ppp_chap_input(s, pkt, len, now, out);
	else
		s->stats.rx_discarded++;	/* not the method agreed */
}

/*
 * Keep the name for logs and the verifier.  A NUL inside a name would
 * make two users look alike to a C string lookup; such a name, or an
 * overlong one, is nobody's: returns false.
 */
static bool record_user(struct ppp_auth *a, const char *user, size_t len)
{
	char *name;

	if (a->user != ppp_auth_no_user)
		free(a->user);
	a->user = ppp_auth_no_user;
	if (len > PPP_NAME_MAX || memchr(user, '\0', len))
		return false;
	if (!len)
		return true;
	name = malloc(len + 1);
	if (!name)
		return false;	/* refused as nobody's: no memory to check it */
	memcpy(name, user, len);
	name[len] = '\0';
	a->user = name;
	return true;
}

void ppp_auth_submit(struct ppp_session *s, struct ppp_auth_request *req,
		     uint64_t now, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;
	struct ppp_auth_result res;
	enum ppp_verdict v = PPP_AUTH_FAIL;
	bool good = record_user(a, req->user, req->user_len);

	req->user = a->user;	/* the verifier gets a C string */
	req->seq = ++a->seq;
	a->state = PPP_AUTH_CHECKING;
	a->retry_at = PPP_NO_DEADLINE;

	memset(&res, 0, sizeof(res));
	res.error = 691;
	if (good && s->ops->verify)
		v = s->ops->verify(s->ctx, req, &res);
	if (v != PPP_AUTH_PENDING)
		ppp_auth_verdict(s, v, &res, now, out);
	OPENSSL_cleanse(&res, sizeof(res));
}

void ppp_auth_refuse(struct ppp_session *s, const char *user, size_t len,
		     uint64_t now, struct ppp_out *out)
{
	struct ppp_auth_result res = { .error = 691 };

	record_user(&s->auth, user, len);
	s->auth.state = PPP_AUTH_CHECKING;
	ppp_auth_verdict(s, PPP_AUTH_FAIL, &res, now, out);
}

void ppp_auth_verdict(struct ppp_session *s, enum ppp_verdict v,
		      const struct ppp_auth_result *res, uint64_t now,
		      struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;
	bool ok = v == PPP_AUTH_OK;

	if (a->state != PPP_AUTH_CHECKING)
		return;
	if (a->method == PPP_AUTH_PAP)
		ppp_pap_verdict(s, ok, res, out);
	else if (!ppp_chap_verdict(s, ok, res, out))
		ok = false;

	a->retry_at = a->give_up_at = PPP_NO_DEADLINE;
	if (ok) {
		a->state = PPP_AUTH_DONE_OK;
		a->have_keys = res->have_keys;
		memcpy(a->mppe_send, res->mppe_send, sizeof(a->mppe_send));
		memcpy(a->mppe_recv, res->mppe_recv, sizeof(a->mppe_recv));
	} else {
		a->state = PPP_AUTH_DONE_FAIL;
		a->error = res->error ? res->error : 691;
	}
	ppp_session_auth_finished(s, ok, now, out);
}

void ppp_auth_reply(struct ppp_session *s, uint16_t proto, const uint8_t *pkt,
		    size_t len, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;
	struct ppp_buf b;

	if (a->reply) {
		OPENSSL_cleanse(a->reply, a->reply_len);
		free(a->reply);
	}
	a->reply = len ? malloc(len) : NULL;
	a->reply_len = a->reply ? (uint16_t)len : 0;
	a->reply_proto = proto;
	if (a->reply)
		memcpy(a->reply, pkt, len);
	if (!len)
		return;
	ppp_out_begin(out, &b, proto);
	ppp_put(&b, pkt, len);
	ppp_out_commit(out, &b);
}

void ppp_auth_resend(struct ppp_session *s, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;
	struct ppp_buf b;

	if (!a->reply_len)
		return;
	ppp_out_begin(out, &b, a->reply_proto);
	ppp_put(&b, a->reply, a->reply_len);
	ppp_out_commit(out, &b);
}
