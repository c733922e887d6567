// SPDX-License-Identifier: GPL-2.0
/*
 * Access-Request per method and the answer's attributes (see access.h).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "ppp/mppe_keys.h"
#include "radius/access.h"
#include "radius/crypto.h"

static void put_nas(struct radius_builder *b, const struct radius_nas *nas)
{
	if (nas->nas_ip)
		radius_put(b, RADIUS_NAS_IP_ADDRESS, &nas->nas_ip, 4);
	if (nas->nas_id && *nas->nas_id)
		radius_put_str(b, RADIUS_NAS_IDENTIFIER, nas->nas_id);
	radius_put_u32(b, RADIUS_NAS_PORT, nas->nas_port);
	radius_put_u32(b, RADIUS_NAS_PORT_TYPE, RADIUS_NAS_PORT_VIRTUAL);
	if (nas->framed) {
		radius_put_u32(b, RADIUS_SERVICE_TYPE, RADIUS_SERVICE_FRAMED);
		radius_put_u32(b, RADIUS_FRAMED_PROTOCOL, RADIUS_FRAMED_PPP);
	}
	if (nas->calling && *nas->calling)
		radius_put_str(b, RADIUS_CALLING_STATION_ID, nas->calling);
	if (nas->session_id && *nas->session_id)
		radius_put_str(b, RADIUS_ACCT_SESSION_ID, nas->session_id);
}

/*
 * The method's attributes.  Our PPP responses are as the engine keeps
 * them (ppp/auth.h); RFC 2548 puts the Ident and Flags octets first.
 */
static int put_method(struct radius_builder *b,
		      const struct ppp_auth_request *req,
		      const uint8_t *secret, size_t slen,
		      const uint8_t ra[RADIUS_AUTH_LEN])
{
	uint8_t v[RADIUS_PASSWORD_MAX];
	int n;

	switch (req->method) {
	case PPP_AUTH_PAP:
		n = radius_hide_password(req->response, req->response_len, ra,
					 secret, slen, v);
		if (n < 0)
			return -1;
		radius_put(b, RADIUS_USER_PASSWORD, v, (size_t)n);
		break;
	case PPP_AUTH_CHAP_MD5:
		if (req->response_len != 16 || !req->challenge_len)
			return -1;
		v[0] = req->id;
		memcpy(v + 1, req->response, 16);
		radius_put(b, RADIUS_CHAP_PASSWORD, v, 17);
		radius_put(b, RADIUS_CHAP_CHALLENGE, req->challenge,
			   req->challenge_len);
		break;
	case PPP_AUTH_MSCHAPV1:
	case PPP_AUTH_MSCHAPV2:
		if (req->response_len != 49)
			return -1;
		/* Ident, Flags, then LM+NT (v1) or Peer-Challenge+0+NT (v2) */
		v[0] = req->id;
		v[1] = req->response[48];
		memcpy(v + 2, req->response, 48);
		radius_put_vsa(b, RADIUS_VENDOR_MICROSOFT,
			       RADIUS_MS_CHAP_CHALLENGE, req->challenge,
			       req->challenge_len);
		radius_put_vsa(b, RADIUS_VENDOR_MICROSOFT,
			       req->method == PPP_AUTH_MSCHAPV1 ?
			       RADIUS_MS_CHAP_RESPONSE :
			       RADIUS_MS_CHAP2_RESPONSE, v, 50);
		break;
	default:
		return -1;
	}
	OPENSSL_cleanse(v, sizeof(v));
	return 0;
}

int radius_access_build(const struct ppp_auth_request *req,
			const struct radius_nas *nas, const uint8_t *secret,
			size_t slen, uint8_t id,
			const uint8_t ra[RADIUS_AUTH_LEN], uint8_t *buf,
			size_t cap)
{
	struct radius_builder b;
	int n;

	if (!req->user_len || req->user_len > RADIUS_ATTR_MAX)
		return -1;
	radius_build_begin(&b, buf, cap, RADIUS_ACCESS_REQUEST, id, ra);
	/* first, so that a server may check it before anything else */
	radius_put_msg_auth(&b);
	radius_put(&b, RADIUS_USER_NAME, req->user, req->user_len);
	if (put_method(&b, req, secret, slen, ra))
		return -1;
	put_nas(&b, nas);
	n = radius_build_end(&b);
	if (n < 0 || radius_sign_access_request(buf, (size_t)n,
						b.msg_auth_off, secret, slen))
		return -1;
	return n;
}

/* "E=691 R=0 ..." after the Ident octet: the error number. */
static unsigned int ms_chap_error(const struct radius_attr *a)
{
	unsigned int e = 0;
	size_t i;

	for (i = 1; i + 2 < a->len; i++) {
		if (a->val[i] != 'E' || a->val[i + 1] != '=')
			continue;
		for (i += 2; i < a->len && a->val[i] >= '0' &&
		     a->val[i] <= '9' && e < 100000; i++)
			e = e * 10 + (a->val[i] - '0');
		break;
	}
	return e;
}

static void copy_text(char *dst, size_t cap, const uint8_t *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 1 < cap; i++)
		dst[n++] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	dst[n] = 0;
}

/* MS-MPPE-Send-Key or Recv-Key: 16 octets (we use 128-bit keys). */
static int mppe_key(const struct radius_packet *p, uint8_t type,
		    const uint8_t *ra, const uint8_t *secret, size_t slen,
		    uint8_t out[16], const char **err)
{
	uint8_t key[RADIUS_MPPE_KEY_MAX];
	struct radius_attr a;
	int n;

	if (!radius_attr_find(p, RADIUS_VENDOR_MICROSOFT, type, &a))
		return -1;
	n = radius_mppe_key_decrypt(a.val, a.len, ra, secret, slen, key, err);
	if (n >= 16)
		memcpy(out, key, 16);
	else if (n >= 0)
		*err = "MPPE key shorter than 16 octets";
	OPENSSL_cleanse(key, sizeof(key));
	return n >= 16 ? 0 : -1;
}

/*
 * MS-CHAP-MPPE-Keys (RFC 2548 2.4.1), hidden as a User-Password: the
 * LM key (8), the NT key (16: HashNtPasswordHash), padding.  MS-CHAPv1's
 * 128-bit start key comes from the NT key and the challenge (RFC 3079 2.4).
 */
static int mschapv1_keys(const struct radius_packet *p,
			 const struct ppp_auth_request *req, const uint8_t *ra,
			 const uint8_t *secret, size_t slen,
			 struct radius_access_answer *a)
{
	uint8_t plain[RADIUS_PASSWORD_MAX];
	struct radius_attr at;
	int r = -1;

	if (!radius_attr_find(p, RADIUS_VENDOR_MICROSOFT,
			      RADIUS_MS_CHAP_MPPE_KEYS, &at) ||
	    req->challenge_len != 8)
		return -1;
	if (radius_unhide_password(at.val, at.len, ra, secret, slen,
				   plain) >= 24 &&
	    !mppe_v1_start_key128(plain + 8, req->challenge, a->mppe_send)) {
		memcpy(a->mppe_recv, a->mppe_send, 16);
		r = 0;
	}
	OPENSSL_cleanse(plain, sizeof(plain));
	return r;
}

static void read_common(const struct radius_packet *p,
			struct radius_access_answer *a)
{
	struct radius_attr at;
	uint32_t v;

	if (radius_attr_find(p, 0, RADIUS_REPLY_MESSAGE, &at))
		copy_text(a->message, sizeof(a->message), at.val, at.len);
	if (!radius_attr_u32(p, 0, RADIUS_SESSION_TIMEOUT, &v))
		a->session_timeout = v;
	if (!radius_attr_u32(p, 0, RADIUS_IDLE_TIMEOUT, &v))
		a->idle_timeout = v;
	if (!radius_attr_u32(p, 0, RADIUS_ACCT_INTERIM_INTERVAL, &v))
		a->interim = v;
	if (radius_attr_find(p, 0, RADIUS_FRAMED_IP_ADDRESS, &at) &&
	    at.len == 4) {
		memcpy(&a->framed_ip, at.val, 4);
		/* 255.255.255.254: the NAS chooses; .255: the user may */
		if (a->framed_ip == 0xfeffffff || a->framed_ip == 0xffffffff)
			a->framed_ip = 0;
	}
	if (radius_attr_find(p, 0, RADIUS_CLASS, &at)) {
		memcpy(a->class_val, at.val, at.len);
		a->class_len = at.len;
	}
	if (radius_attr_find(p, 0, RADIUS_FILTER_ID, &at))
		copy_text(a->filter_id, sizeof(a->filter_id), at.val, at.len);
	if (radius_attr_find(p, 0, RADIUS_FRAMED_POOL, &at))
		copy_text(a->framed_pool, sizeof(a->framed_pool), at.val,
			  at.len);
}

int radius_access_answer(const struct radius_packet *p,
			 const struct ppp_auth_request *req,
			 const uint8_t ra[RADIUS_AUTH_LEN],
			 const uint8_t *secret, size_t slen,
			 struct radius_access_answer *a, const char **err)
{
	struct radius_attr at;

	memset(a, 0, sizeof(*a));
	a->error = 691;
	read_common(p, a);
	if (radius_attr_find(p, RADIUS_VENDOR_MICROSOFT, RADIUS_MS_CHAP_ERROR,
			     &at) && ms_chap_error(&at))
		a->error = ms_chap_error(&at);
	if (p->code == RADIUS_ACCESS_CHALLENGE) {
		*err = "Access-Challenge, which PPP cannot answer";
		return -1;
	}
	if (p->code != RADIUS_ACCESS_ACCEPT) {
		*err = "Access-Reject";
		return 0;
	}
	if (req->method == PPP_AUTH_MSCHAPV2) {
		/* Ident then "S=" and 40 hex digits */
		if (!radius_attr_find(p, RADIUS_VENDOR_MICROSOFT,
				      RADIUS_MS_CHAP2_SUCCESS, &at) ||
		    at.len != 1 + MSCHAP_AUTH_RESP_LEN ||
		    memcmp(at.val + 1, "S=", 2)) {
			*err = "Access-Accept without a valid MS-CHAP2-Success";
			return -1;
		}
		memcpy(a->authenticator, at.val + 1, MSCHAP_AUTH_RESP_LEN);
		a->authenticator[MSCHAP_AUTH_RESP_LEN] = 0;
	}
	if (req->method == PPP_AUTH_MSCHAPV1 || req->method == PPP_AUTH_MSCHAPV2) {
		if (!mppe_key(p, RADIUS_MS_MPPE_SEND_KEY, ra, secret, slen,
			      a->mppe_send, err) &&
		    !mppe_key(p, RADIUS_MS_MPPE_RECV_KEY, ra, secret, slen,
			      a->mppe_recv, err))
			a->have_keys = true;
		else if (req->method == PPP_AUTH_MSCHAPV1 &&
			 !mschapv1_keys(p, req, ra, secret, slen, a))
			a->have_keys = true;
		if (!a->have_keys) {
			OPENSSL_cleanse(a->mppe_send, 16);
			OPENSSL_cleanse(a->mppe_recv, 16);
		}
	}
	a->accept = true;
	a->error = 0;
	return 0;
}
