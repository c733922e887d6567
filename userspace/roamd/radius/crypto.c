// SPDX-License-Identifier: GPL-2.0
/*
 * RADIUS authenticators and hidden attributes (see crypto.h).
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "radius/crypto.h"

struct piece {
	const void *p;
	size_t len;
};

static int md5v(uint8_t out[16], const struct piece *v, int n)
{
	unsigned int olen = 0;
	EVP_MD_CTX *ctx;
	int ok, i;

	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return -1;
	ok = EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	for (i = 0; ok && i < n; i++)
		if (v[i].len)
			ok = EVP_DigestUpdate(ctx, v[i].p, v[i].len);
	ok = ok && EVP_DigestFinal_ex(ctx, out, &olen);
	EVP_MD_CTX_free(ctx);
	return ok && olen == 16 ? 0 : -1;
}

int radius_md5(uint8_t out[16], const void *p1, size_t l1, const void *p2,
	       size_t l2, const void *p3, size_t l3)
{
	const struct piece v[3] = { { p1, l1 }, { p2, l2 }, { p3, l3 } };

	return md5v(out, v, 3);
}

static int hmac_md5(const void *key, size_t klen, const uint8_t *data,
		    size_t len, uint8_t out[16])
{
	unsigned int olen = 0;

	if (!HMAC(EVP_md5(), key, (int)klen, data, len, out, &olen) ||
	    olen != 16)
		return -1;
	return 0;
}

/* MD5(Code | Identifier | Length | auth | Attributes | secret) */
static int packet_md5(const uint8_t *pkt, size_t len, const uint8_t *auth,
		      const void *secret, size_t slen, uint8_t out[16])
{
	const struct piece v[4] = {
		{ pkt, 4 }, { auth, RADIUS_AUTH_LEN },
		{ pkt + RADIUS_HDR_LEN, len - RADIUS_HDR_LEN },
		{ secret, slen },
	};

	return md5v(out, v, 4);
}

int radius_sign_access_request(uint8_t *pkt, size_t len, size_t ma_off,
			       const void *secret, size_t slen)
{
	if (len < RADIUS_HDR_LEN)
		return -1;
	if (!ma_off)
		return 0;
	if (ma_off + RADIUS_MSG_AUTH_LEN > len)
		return -1;
	memset(pkt + ma_off, 0, RADIUS_MSG_AUTH_LEN);
	return hmac_md5(secret, slen, pkt, len, pkt + ma_off);
}

int radius_sign(uint8_t *pkt, size_t len, size_t ma_off,
		const uint8_t *req_auth, const void *secret, size_t slen)
{
	uint8_t auth[RADIUS_AUTH_LEN] = { 0 };

	if (len < RADIUS_HDR_LEN)
		return -1;
	if (req_auth)
		memcpy(auth, req_auth, RADIUS_AUTH_LEN);
	memcpy(pkt + 4, auth, RADIUS_AUTH_LEN);
	if (ma_off) {
		if (ma_off + RADIUS_MSG_AUTH_LEN > len)
			return -1;
		memset(pkt + ma_off, 0, RADIUS_MSG_AUTH_LEN);
		if (hmac_md5(secret, slen, pkt, len, pkt + ma_off))
			return -1;
	}
	return packet_md5(pkt, len, auth, secret, slen, pkt + 4);
}

/*
 * The Message-Authenticator's offset in p->raw: 0 if there is none, -1
 * if it is malformed (not 16 octets) or repeated.
 */
static long find_msg_auth(const struct radius_packet *p)
{
	struct radius_attr a;
	size_t cur = 0;
	long off = 0;

	while (radius_attr_next(p, &cur, &a) == 1) {
		if (a.vendor || a.type != RADIUS_MESSAGE_AUTHENTICATOR)
			continue;
		if (off || a.len != RADIUS_MSG_AUTH_LEN)
			return -1;
		off = (long)(a.off + 2);
	}
	return off;
}

/* HMAC-MD5 over the packet with auth in its header and a zeroed MA. */
static int check_msg_auth(const struct radius_packet *p, long off,
			  const uint8_t *auth, const void *secret,
			  size_t slen)
{
	uint8_t copy[RADIUS_MAX_LEN], mac[16];
	int ok;

	memcpy(copy, p->raw, p->len);
	memcpy(copy + 4, auth, RADIUS_AUTH_LEN);
	memset(copy + off, 0, RADIUS_MSG_AUTH_LEN);
	ok = !hmac_md5(secret, slen, copy, p->len, mac) &&
	     !CRYPTO_memcmp(mac, p->raw + off, sizeof(mac));
	return ok ? 0 : -1;
}

static int check_ma(const struct radius_packet *p, const uint8_t *auth,
		    const void *secret, size_t slen, bool need_ma,
		    const char **err)
{
	long off = find_msg_auth(p);

	if (off < 0) {
		*err = "malformed or repeated Message-Authenticator";
		return -1;
	}
	if (!off) {
		if (!need_ma)
			return 0;
		*err = "no Message-Authenticator";
		return -1;
	}
	if (check_msg_auth(p, off, auth, secret, slen)) {
		*err = "wrong Message-Authenticator";
		return -1;
	}
	return 0;
}

int radius_verify_answer(const struct radius_packet *p,
			 const uint8_t req_auth[RADIUS_AUTH_LEN],
			 const void *secret, size_t slen, bool need_ma,
			 const char **err)
{
	uint8_t md[16];

	if (packet_md5(p->raw, p->len, req_auth, secret, slen, md) ||
	    CRYPTO_memcmp(md, p->auth, sizeof(md))) {
		*err = "wrong Response Authenticator";
		return -1;
	}
	return check_ma(p, req_auth, secret, slen, need_ma, err);
}

int radius_verify_request(const struct radius_packet *p, const void *secret,
			  size_t slen, bool need_ma, const char **err)
{
	static const uint8_t zero[RADIUS_AUTH_LEN];
	uint8_t md[16];

	if (packet_md5(p->raw, p->len, zero, secret, slen, md) ||
	    CRYPTO_memcmp(md, p->auth, sizeof(md))) {
		*err = "wrong Request Authenticator";
		return -1;
	}
	return check_ma(p, zero, secret, slen, need_ma, err);
}

int radius_verify_access_request(const struct radius_packet *p,
				 const void *secret, size_t slen,
				 const char **err)
{
	return check_ma(p, p->auth, secret, slen, true, err);
}

/*
 * RFC 2865 5.2: b1 = MD5(S + RA), c(1) = p1 xor b1, bi = MD5(S + c(i-1)).
 * The same chain hides and reveals; "in" is the ciphertext chained on.
 */
static int xor_chain(const uint8_t *in, uint8_t *out, size_t len,
		     const uint8_t *iv, size_t ivlen, const void *secret,
		     size_t slen, bool hiding)
{
	uint8_t b[16];
	const uint8_t *prev = iv;
	size_t prevlen = ivlen, i, j;

	for (i = 0; i < len; i += 16) {
		if (radius_md5(b, secret, slen, prev, prevlen, NULL, 0)) {
			OPENSSL_cleanse(b, sizeof(b));
			return -1;
		}
		for (j = 0; j < 16; j++)
			out[i + j] = in[i + j] ^ b[j];
		prev = hiding ? out + i : in + i;
		prevlen = 16;
	}
	OPENSSL_cleanse(b, sizeof(b));
	return 0;
}

int radius_hide_password(const uint8_t *pw, size_t len,
			 const uint8_t req_auth[RADIUS_AUTH_LEN],
			 const void *secret, size_t slen,
			 uint8_t out[RADIUS_PASSWORD_MAX])
{
	uint8_t padded[RADIUS_PASSWORD_MAX] = { 0 };
	size_t n = len ? (len + 15) / 16 * 16 : 16;
	int r;

	if (len > RADIUS_PASSWORD_MAX)
		return -1;
	memcpy(padded, pw, len);
	r = xor_chain(padded, out, n, req_auth, RADIUS_AUTH_LEN, secret, slen,
		      true);
	OPENSSL_cleanse(padded, sizeof(padded));
	return r ? -1 : (int)n;
}

int radius_unhide_password(const uint8_t *in, size_t len,
			   const uint8_t req_auth[RADIUS_AUTH_LEN],
			   const void *secret, size_t slen,
			   uint8_t out[RADIUS_PASSWORD_MAX])
{
	if (!len || len % 16 || len > RADIUS_PASSWORD_MAX)
		return -1;
	if (xor_chain(in, out, len, req_auth, RADIUS_AUTH_LEN, secret, slen,
		      false))
		return -1;
	return (int)len;
}

/*
 * RFC 2548 2.4.2: b(1) = MD5(S + R + A), b(i) = MD5(S + c(i-1)), where R
 * is the Request Authenticator and A the salt.
 */
static int mppe_chain(const uint8_t *in, uint8_t *out, size_t len,
		      const uint8_t salt[2], const uint8_t *req_auth,
		      const void *secret, size_t slen, bool encrypting)
{
	uint8_t iv[RADIUS_AUTH_LEN + 2];
	int r;

	memcpy(iv, req_auth, RADIUS_AUTH_LEN);
	memcpy(iv + RADIUS_AUTH_LEN, salt, 2);
	r = xor_chain(in, out, len, iv, sizeof(iv), secret, slen, encrypting);
	return r;
}

int radius_mppe_key_decrypt(const uint8_t *val, size_t len,
			    const uint8_t req_auth[RADIUS_AUTH_LEN],
			    const void *secret, size_t slen,
			    uint8_t key[RADIUS_MPPE_KEY_MAX], const char **err)
{
	uint8_t plain[RADIUS_ATTR_MAX];
	size_t n;
	int r = -1;

	if (len < 2 + 16 || (len - 2) % 16 || len - 2 > sizeof(plain)) {
		*err = "MPPE key attribute not a salt and 16-octet blocks";
		return -1;
	}
	if (!(val[0] & 0x80)) {
		*err = "MPPE key salt without its high bit";
		return -1;
	}
	n = len - 2;
	if (mppe_chain(val + 2, plain, n, val, req_auth, secret, slen,
		       false)) {
		*err = "MD5 failed";
		goto out;
	}
	if (!plain[0] || plain[0] > RADIUS_MPPE_KEY_MAX || plain[0] > n - 1) {
		*err = "MPPE key length out of range";
		goto out;
	}
	memcpy(key, plain + 1, plain[0]);
	r = plain[0];
out:
	OPENSSL_cleanse(plain, sizeof(plain));
	return r;
}

int radius_mppe_key_encrypt(const uint8_t *key, size_t klen,
			    const uint8_t salt[2],
			    const uint8_t req_auth[RADIUS_AUTH_LEN],
			    const void *secret, size_t slen, uint8_t *out,
			    size_t cap)
{
	uint8_t plain[RADIUS_ATTR_MAX] = { 0 };
	size_t n = (klen + 1 + 15) / 16 * 16;
	int r = -1;

	if (!klen || klen > RADIUS_MPPE_KEY_MAX || cap < n + 2)
		return -1;
	plain[0] = (uint8_t)klen;
	memcpy(plain + 1, key, klen);
	out[0] = salt[0] | 0x80;
	out[1] = salt[1];
	if (!mppe_chain(plain, out + 2, n, out, req_auth, secret, slen, true))
		r = (int)(n + 2);
	OPENSSL_cleanse(plain, sizeof(plain));
	return r;
}
