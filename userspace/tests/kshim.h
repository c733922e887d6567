/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel interfaces kmod/mppe.c uses, for compiling it unchanged into
 * the unit tests: its own RC4 (the kernel's arc4 library contract), SHA-1's
 * block function from OpenSSL, and memzero_explicit.
 */
#ifndef ROAM_TEST_KSHIM_H
#define ROAM_TEST_KSHIM_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;

#define SHA1_DIGEST_SIZE	20
#define SHA1_BLOCK_SIZE		64
#define SHA1_DIGEST_WORDS	(SHA1_DIGEST_SIZE / 4)
#define SHA1_WORKSPACE_WORDS	16

#define min_t(type, a, b)	((type)(a) < (type)(b) ? (type)(a) : (type)(b))

struct arc4_ctx {
	u32 S[256];
	u32 x, y;
};

int arc4_setkey(struct arc4_ctx *ctx, const u8 *in_key, unsigned int key_len);
void arc4_crypt(struct arc4_ctx *ctx, u8 *out, const u8 *in, unsigned int len);
void sha1_init(u32 *buf);
void sha1_transform(u32 *digest, const char *data, u32 *W);
void memzero_explicit(void *s, size_t count);

#endif /* ROAM_TEST_KSHIM_H */
