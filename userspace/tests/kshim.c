// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel interfaces of kshim.h, for kmod/mppe.c compiled unchanged in
 * the unit tests and the MPPE fuzz target: RC4 with the kernel's arc4
 * conventions, SHA-1's block function from OpenSSL, memzero_explicit.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <string.h>

#include "kshim.h"

int arc4_setkey(struct arc4_ctx *ctx, const u8 *in_key, unsigned int key_len)
{
	unsigned int i, j = 0;
	u32 t;

	for (i = 0; i < 256; i++)
		ctx->S[i] = i;
	for (i = 0; i < 256; i++) {
		j = (j + ctx->S[i] + in_key[i % key_len]) & 0xff;
		t = ctx->S[i];
		ctx->S[i] = ctx->S[j];
		ctx->S[j] = t;
	}
	ctx->x = 1;	/* the kernel's convention: x is pre-incremented */
	ctx->y = 0;
	return 0;
}

void arc4_crypt(struct arc4_ctx *ctx, u8 *out, const u8 *in, unsigned int len)
{
	u32 x = ctx->x, y = ctx->y, a, b;

	while (len--) {
		a = ctx->S[x];
		y = (y + a) & 0xff;
		b = ctx->S[y];
		ctx->S[x] = b;
		ctx->S[y] = a;
		x = (x + 1) & 0xff;
		*out++ = *in++ ^ ctx->S[(a + b) & 0xff];
	}
	ctx->x = x;
	ctx->y = y;
}

void sha1_init(u32 *buf)
{
	buf[0] = 0x67452301;
	buf[1] = 0xefcdab89;
	buf[2] = 0x98badcfe;
	buf[3] = 0x10325476;
	buf[4] = 0xc3d2e1f0;
}

void sha1_transform(u32 *digest, const char *data, u32 *W)
{
	SHA_CTX c;

	(void)W;
	memset(&c, 0, sizeof(c));
	c.h0 = digest[0];
	c.h1 = digest[1];
	c.h2 = digest[2];
	c.h3 = digest[3];
	c.h4 = digest[4];
	SHA1_Transform(&c, (const unsigned char *)data);
	digest[0] = c.h0;
	digest[1] = c.h1;
	digest[2] = c.h2;
	digest[3] = c.h3;
	digest[4] = c.h4;
}

void memzero_explicit(void *s, size_t count)
{
	explicit_bzero(s, count);
}

