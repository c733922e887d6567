// SPDX-License-Identifier: GPL-2.0
/*
 * MD4 message digest, written from the description in RFC 1320 section 3.
 */
#include <string.h>

#include "md4.h"

static inline uint32_t rol32(uint32_t x, unsigned int s)
{
	return x << s | x >> (32 - s);
}

static inline uint32_t md4_f(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) | (~x & z);
}

static inline uint32_t md4_g(uint32_t x, uint32_t y, uint32_t z)
{
	return (x & y) | (x & z) | (y & z);
}

static inline uint32_t md4_h(uint32_t x, uint32_t y, uint32_t z)
{
	return x ^ y ^ z;
}

/* Word order and shifts of rounds 2 and 3 (RFC 1320 3.4). */
static const uint8_t r2_word[16] = {
	0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15
};
static const uint8_t r3_word[16] = {
	0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15
};
static const uint8_t r1_shift[4] = { 3, 7, 11, 19 };
static const uint8_t r2_shift[4] = { 3, 5, 9, 13 };
static const uint8_t r3_shift[4] = { 3, 9, 11, 15 };

static void md4_block(uint32_t st[4], const uint8_t blk[64])
{
	uint32_t x[16], v[4], t;
	int i;

	for (i = 0; i < 16; i++)
		x[i] = (uint32_t)blk[4 * i] | (uint32_t)blk[4 * i + 1] << 8 |
		       (uint32_t)blk[4 * i + 2] << 16 |
		       (uint32_t)blk[4 * i + 3] << 24;
	memcpy(v, st, sizeof(v));

	/*
	 * Each step updates one of a, b, c, d in turn: with v[] rotating,
	 * step i works on v[(16 - i) % 4] with the other three in order.
	 */
	for (i = 0; i < 16; i++) {
		uint32_t *a = &v[(4 - i % 4) % 4];
		uint32_t b = v[(5 - i % 4) % 4], c = v[(6 - i % 4) % 4];
		uint32_t d = v[(7 - i % 4) % 4];

		t = *a + md4_f(b, c, d) + x[i];
		*a = rol32(t, r1_shift[i % 4]);
	}
	for (i = 0; i < 16; i++) {
		uint32_t *a = &v[(4 - i % 4) % 4];
		uint32_t b = v[(5 - i % 4) % 4], c = v[(6 - i % 4) % 4];
		uint32_t d = v[(7 - i % 4) % 4];

		t = *a + md4_g(b, c, d) + x[r2_word[i]] + 0x5a827999;
		*a = rol32(t, r2_shift[i % 4]);
	}
	for (i = 0; i < 16; i++) {
		uint32_t *a = &v[(4 - i % 4) % 4];
		uint32_t b = v[(5 - i % 4) % 4], c = v[(6 - i % 4) % 4];
		uint32_t d = v[(7 - i % 4) % 4];

		t = *a + md4_h(b, c, d) + x[r3_word[i]] + 0x6ed9eba1;
		*a = rol32(t, r3_shift[i % 4]);
	}
	for (i = 0; i < 4; i++)
		st[i] += v[i];
}

void ppp_md4(const void *data, size_t len, uint8_t digest[MD4_DIGEST_LEN])
{
	uint32_t st[4] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 };
	const uint8_t *p = data;
	uint64_t bits = (uint64_t)len * 8;
	uint8_t tail[128];
	size_t n, i;

	for (; len >= 64; p += 64, len -= 64)
		md4_block(st, p);

	/* Pad: 0x80, zeros to 56 mod 64, then the bit count, little-endian. */
	memset(tail, 0, sizeof(tail));
	memcpy(tail, p, len);
	tail[len] = 0x80;
	n = len + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[n - 8 + i] = (uint8_t)(bits >> (8 * i));
	md4_block(st, tail);
	if (n == 128)
		md4_block(st, tail + 64);

	for (i = 0; i < 16; i++)
		digest[i] = (uint8_t)(st[i / 4] >> (8 * (i % 4)));
}
