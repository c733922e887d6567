// SPDX-License-Identifier: GPL-2.0
/* MD5 constructions of RFC 2661, on OpenSSL's EVP interface. */
#include <string.h>

#include <openssl/evp.h>

#include "crypto.h"

struct md5_part {
	const void *p;
	size_t len;
};

static int md5_parts(const struct md5_part *parts, int n,
		     uint8_t out[L2TP_MD5_LEN])
{
	unsigned int olen = 0;
	EVP_MD_CTX *ctx;
	int i, ok;

	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return -1;
	ok = EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	for (i = 0; ok && i < n; i++)
		ok = EVP_DigestUpdate(ctx, parts[i].p, parts[i].len);
	if (ok)
		ok = EVP_DigestFinal_ex(ctx, out, &olen);
	EVP_MD_CTX_free(ctx);
	return ok && olen == L2TP_MD5_LEN ? 0 : -1;
}

/*
 * One routine for both directions: "hiding" chains on the bytes it
 * produces, "revealing" on the bytes it consumes; either way the chain
 * runs over the ciphertext.
 */
static int md5_stream(uint16_t attr_type, const uint8_t *secret,
		      size_t secret_len, const uint8_t *rv, size_t rv_len,
		      const uint8_t *in, uint8_t *out, size_t len, int hiding)
{
	uint8_t type_be[2] = { attr_type >> 8, attr_type & 0xff };
	uint8_t key[L2TP_MD5_LEN], cipher[L2TP_MD5_LEN];
	struct md5_part parts[3];
	size_t off, n, i;

	parts[0] = (struct md5_part){ type_be, sizeof(type_be) };
	parts[1] = (struct md5_part){ secret, secret_len };
	parts[2] = (struct md5_part){ rv, rv_len };
	if (md5_parts(parts, 3, key))
		return -1;
	for (off = 0; off < len; off += n) {
		n = len - off < L2TP_MD5_LEN ? len - off : L2TP_MD5_LEN;
		for (i = 0; i < n; i++) {
			uint8_t c = hiding ? in[off + i] ^ key[i] : in[off + i];

			out[off + i] = in[off + i] ^ key[i];
			cipher[i] = c;
		}
		if (off + n >= len)
			break;
		parts[0] = (struct md5_part){ secret, secret_len };
		parts[1] = (struct md5_part){ cipher, L2TP_MD5_LEN };
		if (md5_parts(parts, 2, key))
			return -1;
	}
	return 0;
}

int l2tp_hide(uint16_t attr_type, const uint8_t *secret, size_t secret_len,
	      const uint8_t *rv, size_t rv_len,
	      const uint8_t *in, uint8_t *out, size_t len)
{
	return md5_stream(attr_type, secret, secret_len, rv, rv_len,
			  in, out, len, 1);
}

int l2tp_reveal(uint16_t attr_type, const uint8_t *secret, size_t secret_len,
		const uint8_t *rv, size_t rv_len,
		const uint8_t *in, uint8_t *out, size_t len)
{
	return md5_stream(attr_type, secret, secret_len, rv, rv_len,
			  in, out, len, 0);
}

int l2tp_challenge_response(uint8_t msg_type, const uint8_t *secret,
			    size_t secret_len, const uint8_t *challenge,
			    size_t challenge_len, uint8_t out[L2TP_MD5_LEN])
{
	struct md5_part parts[3] = {
		{ &msg_type, 1 },
		{ secret, secret_len },
		{ challenge, challenge_len },
	};

	return md5_parts(parts, 3, out);
}
