// SPDX-License-Identifier: GPL-2.0
/*
 * CHAP, authenticator side: CHAP-MD5 (RFC 1994), MS-CHAPv1 (RFC 2433) and
 * MS-CHAPv2 (RFC 2759) share the packet format and differ in the sizes of
 * the challenge and response and in the text of Success and Failure.
 *
 * The Failure text is what Windows turns into its error dialog: for the
 * MS-CHAP variants "E=691 R=0 ..." shows as "Error 691: access denied";
 * R=0 tells it not to retry on this link (we do not implement retries or
 * password change).
 */
#include <stdio.h>
#include <string.h>

#include "layer.h"

#define CHAP_CHALLENGE	1
#define CHAP_RESPONSE	2
#define CHAP_SUCCESS	3
#define CHAP_FAILURE	4

/* The Response value: 16 octets for MD5, 49 for both MS-CHAP versions. */
#define CHAP_MD5_LEN	16
#define MSCHAP_VALUE_LEN 49

struct chap_response {
	const uint8_t *value;
	size_t value_len;
	const uint8_t *name;
	size_t name_len;
};

static enum ppp_err chap_parse(const struct ppp_cp *p,
			       struct chap_response *r)
{
	if (p->dlen < 1 || p->data[0] > p->dlen - 1)
		return PPP_ERR_FIELD_TRUNC;
	r->value_len = p->data[0];
	r->value = p->data + 1;
	r->name = r->value + r->value_len;
	r->name_len = p->dlen - 1 - r->value_len;
	return PPP_OK;
}

void ppp_chap_challenge(struct ppp_session *s, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;
	struct ppp_buf b;
	size_t start;

	/* RFC 1994 4.1: a new Identifier and a new value each time. */
	a->id++;
	a->challenge_len = a->method == PPP_AUTH_MSCHAPV1 ?
			   MSCHAP_V1_CHALLENGE_LEN : MSCHAP_V2_CHALLENGE_LEN;
	ppp_random(s, a->challenge, a->challenge_len);
	a->tries++;

	ppp_out_begin(out, &b, PPP_CHAP);
	start = ppp_cp_begin(&b, CHAP_CHALLENGE, a->id);
	ppp_put8(&b, a->challenge_len);
	ppp_put(&b, a->challenge, a->challenge_len);
	if (s->cfg.name)
		ppp_put(&b, s->cfg.name,
			strnlen(s->cfg.name, PPP_CHAP_NAME_MAX));
	ppp_cp_end(&b, start);
	ppp_out_commit(out, &b);
}

void ppp_chap_input(struct ppp_session *s, const uint8_t *pkt, size_t len,
		    uint64_t now, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;
	struct ppp_auth_request req;
	struct chap_response r;
	size_t want;
	struct ppp_cp p;
	enum ppp_err err;

	err = ppp_cp_parse(pkt, len, &p);
	if (!err && p.code == CHAP_RESPONSE)
		err = chap_parse(&p, &r);
	if (err) {
		s->stats.rx_bad++;
		s->stats.last_err = err;
		return;
	}
	/* Only Responses to our latest Challenge count. */
	if (p.code != CHAP_RESPONSE || p.id != a->id) {
		s->stats.rx_discarded++;
		return;
	}

	switch (a->state) {
	case PPP_AUTH_DONE_OK:
	case PPP_AUTH_DONE_FAIL:
		/* RFC 1994 4.2: our Success/Failure was lost; repeat it. */
		ppp_auth_resend(s, out);
		return;
	case PPP_AUTH_WAIT:
		break;
	default:
		return;		/* the verifier has not answered yet */
	}

	want = a->method == PPP_AUTH_CHAP_MD5 ? CHAP_MD5_LEN :
						MSCHAP_VALUE_LEN;
	/* A response that cannot be right for this method fails at once. */
	if (r.value_len != want) {
		ppp_auth_refuse(s, (const char *)r.name, r.name_len, now, out);
		return;
	}
	/*
	 * MS-CHAPv1 flag octet: 1 = use the NT-Response (LM-only is
	 * refused by the verifier; it is passed on so RADIUS may decide).
	 */
	memset(&req, 0, sizeof(req));
	req.method = a->method;
	req.user = (const char *)r.name;
	req.user_len = r.name_len;
	req.id = p.id;
	req.challenge = a->challenge;
	req.challenge_len = a->challenge_len;
	req.response = r.value;
	req.response_len = r.value_len;
	ppp_auth_submit(s, &req, now, out);
}

static void hex(char *dst, const uint8_t *src, size_t n)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		dst[2 * i] = digits[src[i] >> 4];
		dst[2 * i + 1] = digits[src[i] & 0xf];
	}
	dst[2 * n] = '\0';
}

/* The verifier's text goes on the wire: printable ASCII only. */
static void clean_message(char *dst, size_t cap, const char *msg,
			  const char *dflt)
{
	size_t i;

	if (!msg[0])
		msg = dflt;
	for (i = 0; i + 1 < cap && msg[i]; i++)
		dst[i] = msg[i] >= 0x20 && msg[i] < 0x7f ? msg[i] : '?';
	dst[i] = '\0';
}

static bool valid_authenticator(const char *s)
{
	size_t i;

	if (strnlen(s, MSCHAP_AUTH_RESP_LEN + 1) != MSCHAP_AUTH_RESP_LEN ||
	    s[0] != 'S' || s[1] != '=')
		return false;
	for (i = 2; i < MSCHAP_AUTH_RESP_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

bool ppp_chap_verdict(struct ppp_session *s, bool ok,
		      const struct ppp_auth_result *res, struct ppp_out *out)
{
	struct ppp_auth *a = &s->auth;
	char msg[sizeof(res->message)];
	char text[PPP_AUTH_REPLY_MAX - PPP_CP_HDRLEN];
	uint8_t fresh[16];
	char chal[33];
	unsigned int error = res->error ? res->error : 691;
	uint8_t reply[PPP_AUTH_REPLY_MAX];
	struct ppp_buf b;
	size_t start;

	/*
	 * MS-CHAPv2 success must prove we know the password (RFC 2759 5):
	 * without the authenticator response Windows would hang up anyway.
	 */
	if (ok && a->method == PPP_AUTH_MSCHAPV2 &&
	    !valid_authenticator(res->authenticator))
		ok = false;

	clean_message(msg, sizeof(msg), res->message,
		      ok ? "Access granted" : "Access denied");
	switch (a->method) {
	case PPP_AUTH_MSCHAPV2:
		if (ok) {
			snprintf(text, sizeof(text), "%s M=%s",
				 res->authenticator, msg);
			break;
		}
		/* C= is a new challenge, for a retry we do not offer. */
		ppp_random(s, fresh, sizeof(fresh));
		hex(chal, fresh, sizeof(fresh));
		snprintf(text, sizeof(text), "E=%u R=0 C=%s V=3 M=%s", error,
			 chal, msg);
		break;
	case PPP_AUTH_MSCHAPV1:
		if (ok)
			snprintf(text, sizeof(text), "%s", msg);
		else
			snprintf(text, sizeof(text), "E=%u R=0 V=0", error);
		break;
	default:
		snprintf(text, sizeof(text), "%s", msg);
		break;
	}

	ppp_buf_init(&b, reply, sizeof(reply));
	start = ppp_cp_begin(&b, ok ? CHAP_SUCCESS : CHAP_FAILURE, a->id);
	ppp_put(&b, text, strlen(text));
	ppp_cp_end(&b, start);
	ppp_auth_reply(s, PPP_CHAP, reply, b.overflow ? 0 : b.len, out);
	return ok;
}
