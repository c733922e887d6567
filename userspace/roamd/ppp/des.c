// SPDX-License-Identifier: GPL-2.0
/*
 * DES (FIPS 46-3) block encryption, written straight from the standard's
 * tables: bit-by-bit permutations, no speed tricks.  MS-CHAP needs three
 * blocks per login, so clarity wins over speed here.
 *
 * Bits are numbered as in FIPS 46: bit 1 is the most significant bit of
 * the first octet.  Blocks are held in uint64_t with bit 1 at the top.
 */
#include "des.h"

static const uint8_t ip_tab[64] = {
	58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
	62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
	57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
	61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
};

static const uint8_t fp_tab[64] = {
	40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31,
	38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
	36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27,
	34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25,
};

static const uint8_t e_tab[48] = {
	32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9,
	8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17,
	16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25,
	24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1,
};

static const uint8_t p_tab[32] = {
	16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
	2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
};

static const uint8_t pc1_tab[56] = {
	57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18,
	10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
	63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
	14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
};

static const uint8_t pc2_tab[48] = {
	14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10,
	23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
	41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
	44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
};

static const uint8_t shifts[16] = {
	1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1
};

/* S-boxes, each 4 rows of 16, row from the outer bits, column inner. */
static const uint8_t sbox[8][64] = {
	{ 14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
	  0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
	  4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
	  15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13 },
	{ 15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
	  3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
	  0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
	  13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9 },
	{ 10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
	  13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
	  13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
	  1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12 },
	{ 7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
	  13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
	  10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
	  3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14 },
	{ 2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
	  14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
	  4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
	  11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3 },
	{ 12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
	  10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
	  9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
	  4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13 },
	{ 4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
	  13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
	  1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
	  6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12 },
	{ 13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
	  1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
	  7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
	  2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11 },
};

/*
 * Generic permutation: output bit i (1 = most significant of an n-bit
 * result) is input bit tab[i] of an inbits-wide value.
 */
static uint64_t permute(uint64_t in, unsigned int inbits, const uint8_t *tab,
			unsigned int n)
{
	uint64_t out = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		out = out << 1 | ((in >> (inbits - tab[i])) & 1);
	return out;
}

static uint32_t rol28(uint32_t x, unsigned int s)
{
	return ((x << s) | (x >> (28 - s))) & 0x0fffffff;
}

static uint32_t feistel(uint32_t r, uint64_t subkey)
{
	uint64_t x = permute(r, 32, e_tab, 48) ^ subkey;
	uint32_t s = 0;
	int i;

	for (i = 0; i < 8; i++) {
		unsigned int six = (x >> (42 - 6 * i)) & 0x3f;
		unsigned int row = (six & 0x20) >> 4 | (six & 1);
		unsigned int col = (six >> 1) & 0xf;

		s = s << 4 | sbox[i][row * 16 + col];
	}
	return (uint32_t)permute(s, 32, p_tab, 32);
}

void ppp_des_encrypt(const uint8_t key[8], const uint8_t in[8],
		     uint8_t out[8])
{
	uint64_t k = 0, b = 0, cd;
	uint32_t c, d, l, r, t;
	int i;

	for (i = 0; i < 8; i++) {
		k = k << 8 | key[i];
		b = b << 8 | in[i];
	}
	cd = permute(k, 64, pc1_tab, 56);
	c = (uint32_t)(cd >> 28);
	d = (uint32_t)(cd & 0x0fffffff);

	b = permute(b, 64, ip_tab, 64);
	l = (uint32_t)(b >> 32);
	r = (uint32_t)b;
	for (i = 0; i < 16; i++) {
		c = rol28(c, shifts[i]);
		d = rol28(d, shifts[i]);
		t = r;
		r = l ^ feistel(r, permute((uint64_t)c << 28 | d, 56,
					   pc2_tab, 48));
		l = t;
	}
	/* The halves are swapped before the final permutation. */
	b = permute((uint64_t)r << 32 | l, 64, fp_tab, 64);
	for (i = 7; i >= 0; i--) {
		out[i] = (uint8_t)b;
		b >>= 8;
	}
}

void ppp_des_expand_key(const uint8_t key7[7], uint8_t key8[8])
{
	uint64_t k = 0;
	int i, bit, ones;

	for (i = 0; i < 7; i++)
		k = k << 8 | key7[i];
	for (i = 0; i < 8; i++) {
		key8[i] = (uint8_t)((k >> (49 - 7 * i)) & 0x7f) << 1;
		/* Odd parity in the low bit: DES ignores it; others check. */
		for (ones = 0, bit = 1; bit < 8; bit++)
			ones += (key8[i] >> bit) & 1;
		if (!(ones & 1))
			key8[i] |= 1;
	}
}
