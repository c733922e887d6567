// SPDX-License-Identifier: GPL-2.0
/*
 * MS-CHAP v1 and v2 computations (RFC 2433 appendix A, RFC 2759 section 8).
 * SHA-1 comes from OpenSSL's default provider; MD4 and DES are local (see
 * md4.h and des.h for why).
 */
#include <ctype.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "des.h"
#include "md4.h"
#include "mschap.h"

int mschap_sha1(uint8_t digest[20], const void *p1, size_t l1,
		const void *p2, size_t l2, const void *p3, size_t l3,
		const void *p4, size_t l4)
{
	const void *p[4] = { p1, p2, p3, p4 };
	size_t l[4] = { l1, l2, l3, l4 };
	unsigned int n = 0;
	EVP_MD_CTX *ctx;
	int i, ok;

	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return -1;
	ok = EVP_DigestInit_ex(ctx, EVP_sha1(), NULL);
	for (i = 0; ok && i < 4 && p[i]; i++)
		ok = EVP_DigestUpdate(ctx, p[i], l[i]);
	if (ok)
		ok = EVP_DigestFinal_ex(ctx, digest, &n);
	EVP_MD_CTX_free(ctx);
	return ok && n == 20 ? 0 : -1;
}

/*
 * UTF-8 to UTF-16LE, as Windows hashes the password.  Characters beyond
 * the BMP become surrogate pairs.  Malformed UTF-8 is refused rather than
 * guessed at: a wrong guess would only make the login fail later with a
 * misleading "wrong password".
 */
static int utf8_to_utf16le(const char *s, size_t len, uint8_t *out,
			   size_t cap, size_t *out_len)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, n = 0, chars = 0;

	while (i < len) {
		uint32_t cp;
		unsigned int extra, k;

		if (p[i] < 0x80) {
			cp = p[i];
			extra = 0;
		} else if ((p[i] & 0xe0) == 0xc0) {
			cp = p[i] & 0x1f;
			extra = 1;
		} else if ((p[i] & 0xf0) == 0xe0) {
			cp = p[i] & 0x0f;
			extra = 2;
		} else if ((p[i] & 0xf8) == 0xf0) {
			cp = p[i] & 0x07;
			extra = 3;
		} else {
			return -1;
		}
		if (len - i <= extra)
			return -1;
		for (k = 1; k <= extra; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		i += extra + 1;
		/* Overlong forms, surrogates and beyond U+10FFFF. */
		if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
		    (extra == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		if (++chars > MSCHAP_MAX_PASSWORD)
			return -1;
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			uint16_t hi = 0xd800 | (v >> 10);
			uint16_t lo = 0xdc00 | (v & 0x3ff);

			if (cap - n < 4)
				return -1;
			out[n++] = hi & 0xff;
			out[n++] = hi >> 8;
			out[n++] = lo & 0xff;
			out[n++] = lo >> 8;
		} else {
			if (cap - n < 2)
				return -1;
			out[n++] = cp & 0xff;
			out[n++] = cp >> 8;
		}
	}
	*out_len = n;
	return 0;
}

int mschap_nt_password_hash(const char *password, size_t len,
			    uint8_t hash[MSCHAP_HASH_LEN])
{
	uint8_t u16[4 * MSCHAP_MAX_PASSWORD];
	size_t n;
	int ret = -1;

	if (!utf8_to_utf16le(password, len, u16, sizeof(u16), &n)) {
		ppp_md4(u16, n, hash);
		ret = 0;
	}
	OPENSSL_cleanse(u16, sizeof(u16));
	return ret;
}

void mschap_hash_nt_password_hash(const uint8_t hash[MSCHAP_HASH_LEN],
				  uint8_t hashhash[MSCHAP_HASH_LEN])
{
	ppp_md4(hash, MSCHAP_HASH_LEN, hashhash);
}

/* DesEncrypt (RFC 2759 8.6): a 7-octet key, expanded, one block. */
static void des_encrypt7(const uint8_t clear[8], const uint8_t key7[7],
			 uint8_t cypher[8])
{
	uint8_t key8[8];

	ppp_des_expand_key(key7, key8);
	ppp_des_encrypt(key8, clear, cypher);
	OPENSSL_cleanse(key8, sizeof(key8));
}

int mschap_lm_password_hash(const char *password, size_t len,
			    uint8_t hash[MSCHAP_HASH_LEN])
{
	static const uint8_t std_text[8] = "KGS!@#$%";
	uint8_t ucase[14] = { 0 };
	size_t i;

	/* The OEM upper-cased password, truncated or NUL-padded to 14. */
	for (i = 0; i < len && i < sizeof(ucase); i++)
		ucase[i] = (uint8_t)toupper((unsigned char)password[i]);
	des_encrypt7(std_text, ucase, hash);
	des_encrypt7(std_text, ucase + 7, hash + 8);
	OPENSSL_cleanse(ucase, sizeof(ucase));
	return 0;
}

const char *mschap_strip_domain(const char *user, size_t len,
				size_t *out_len)
{
	size_t i;

	for (i = len; i > 0; i--) {
		if (user[i - 1] == '\\') {
			*out_len = len - i;
			return user + i;
		}
	}
	*out_len = len;
	return user;
}

int mschap_challenge_hash(const uint8_t peer[MSCHAP_V2_CHALLENGE_LEN],
			  const uint8_t auth[MSCHAP_V2_CHALLENGE_LEN],
			  const char *user, size_t user_len,
			  uint8_t challenge[MSCHAP_V1_CHALLENGE_LEN])
{
	uint8_t digest[20];
	size_t n;
	const char *name = mschap_strip_domain(user, user_len, &n);

	if (mschap_sha1(digest, peer, MSCHAP_V2_CHALLENGE_LEN, auth,
			MSCHAP_V2_CHALLENGE_LEN, name, n, NULL, 0))
		return -1;
	memcpy(challenge, digest, MSCHAP_V1_CHALLENGE_LEN);
	return 0;
}

void mschap_challenge_response(const uint8_t challenge[8],
			       const uint8_t hash[MSCHAP_HASH_LEN],
			       uint8_t response[MSCHAP_RESPONSE_LEN])
{
	uint8_t z[21] = { 0 };	/* ZPasswordHash: the hash and 5 zeros */

	memcpy(z, hash, MSCHAP_HASH_LEN);
	des_encrypt7(challenge, z, response);
	des_encrypt7(challenge, z + 7, response + 8);
	des_encrypt7(challenge, z + 14, response + 16);
	OPENSSL_cleanse(z, sizeof(z));
}

int mschapv2_nt_response(const uint8_t auth[MSCHAP_V2_CHALLENGE_LEN],
			 const uint8_t peer[MSCHAP_V2_CHALLENGE_LEN],
			 const char *user, size_t user_len,
			 const uint8_t hash[MSCHAP_HASH_LEN],
			 uint8_t response[MSCHAP_RESPONSE_LEN])
{
	uint8_t challenge[MSCHAP_V1_CHALLENGE_LEN];

	if (mschap_challenge_hash(peer, auth, user, user_len, challenge))
		return -1;
	mschap_challenge_response(challenge, hash, response);
	return 0;
}

int mschapv2_authenticator_response(const uint8_t hash[MSCHAP_HASH_LEN],
				    const uint8_t nt[MSCHAP_RESPONSE_LEN],
				    const uint8_t peer[MSCHAP_V2_CHALLENGE_LEN],
				    const uint8_t auth[MSCHAP_V2_CHALLENGE_LEN],
				    const char *user, size_t user_len,
				    char out[MSCHAP_AUTH_RESP_LEN + 1])
{
	/* The two constants of RFC 2759 8.7, as ASCII text. */
	static const char magic1[] = "Magic server to client signing constant";
	static const char magic2[] =
		"Pad to make it do more than one iteration";
	static const char hex[] = "0123456789ABCDEF";
	uint8_t hashhash[MSCHAP_HASH_LEN], digest[20];
	uint8_t challenge[MSCHAP_V1_CHALLENGE_LEN];
	int i, ret = -1;

	mschap_hash_nt_password_hash(hash, hashhash);
	if (mschap_sha1(digest, hashhash, sizeof(hashhash), nt,
			MSCHAP_RESPONSE_LEN, magic1, sizeof(magic1) - 1,
			NULL, 0))
		goto out;
	if (mschap_challenge_hash(peer, auth, user, user_len, challenge))
		goto out;
	if (mschap_sha1(digest, digest, sizeof(digest), challenge,
			sizeof(challenge), magic2, sizeof(magic2) - 1,
			NULL, 0))
		goto out;
	out[0] = 'S';
	out[1] = '=';
	for (i = 0; i < 20; i++) {
		out[2 + 2 * i] = hex[digest[i] >> 4];
		out[3 + 2 * i] = hex[digest[i] & 0xf];
	}
	out[MSCHAP_AUTH_RESP_LEN] = '\0';
	ret = 0;
out:
	OPENSSL_cleanse(hashhash, sizeof(hashhash));
	OPENSSL_cleanse(digest, sizeof(digest));
	return ret;
}
