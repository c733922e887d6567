/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roam - MPPE (RFC 3078, keys per RFC 3079): RC4 over the PPP payload,
 * with the key changed by SHA-1 every packet (stateless) or every 256
 * packets (stateful). MPPE is weak cryptography, carried for the legacy
 * Windows PPTP client only.
 *
 * Pure logic over buffers: no skb, no lock, no allocation. The caller
 * serialises the use of one struct roam_mppe (roam_pptp: the session's
 * rx or tx lock). The file compiles unchanged in a userspace unit test,
 * which supplies the few kernel interfaces used here (arc4, sha1_transform,
 * memzero_explicit) through "kshim.h".
 */
#ifndef _ROAM_MPPE_H
#define _ROAM_MPPE_H

#ifdef __KERNEL__
#include <crypto/arc4.h>
#include <crypto/sha1.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include "kshim.h"
#endif

#define ROAM_MPPE_HLEN		2	/* A B C D bits and coherency count */
#define ROAM_MPPE_FLUSHED	0x80	/* bit A: RC4 state reset */
#define ROAM_MPPE_COMPRESSED	0x20	/* bit C: MPPC, never used here */
#define ROAM_MPPE_ENCRYPTED	0x10	/* bit D */
#define ROAM_MPPE_CCOUNT_MASK	0x0fff
#define ROAM_MPPE_KEY_MAX	16

/**
 * struct roam_mppe - one direction of an MPPE context
 * @rc4: the cipher, keyed with @session_key
 * @start_key: the start key roamd derived (RFC 3079); the base of every
 *	key change
 * @session_key: the current key
 * @keylen: 8 (40 and 56 bits) or 16 (128 bits)
 * @bits: 40, 56 or 128
 * @stateless: a new key for every packet
 * @flush_next: transmit: the next packet is flushed (the peer sent a CCP
 *	Reset-Request)
 * @discard: receive, stateful: a packet was lost, wait for a flushed one
 * @ccount: the coherency count of the last packet sent or accepted
 */
struct roam_mppe {
	struct arc4_ctx rc4;
	u8 start_key[ROAM_MPPE_KEY_MAX];
	u8 session_key[ROAM_MPPE_KEY_MAX];
	u8 keylen;
	u8 bits;
	bool stateless;
	bool flush_next;
	bool discard;
	u16 ccount;
};

/* What roam_mppe_decrypt() made of a packet. */
enum roam_mppe_result {
	ROAM_MPPE_OK,
	ROAM_MPPE_BAD,		/* malformed or late: drop it */
	ROAM_MPPE_LOST,		/* stateful: lost sync, ask for a reset */
	ROAM_MPPE_DISCARD,	/* stateful: still waiting for a flushed one */
};

unsigned int roam_mppe_keylen(unsigned int bits);
int roam_mppe_init(struct roam_mppe *m, unsigned int bits, bool stateless,
		   const u8 *key, unsigned int keylen);
void roam_mppe_wipe(struct roam_mppe *m);
void roam_mppe_get_new_key(const u8 *start_key, const u8 *session_key,
			   unsigned int keylen, u8 *out);
void roam_mppe_encrypt(struct roam_mppe *m, u8 *hdr, u8 *data,
		       unsigned int len);
enum roam_mppe_result roam_mppe_decrypt(struct roam_mppe *m, const u8 *hdr,
					u8 *data, unsigned int len);
bool roam_mppe_plausible(const u8 *p, unsigned int n, unsigned int len);
void roam_mppe_lost_sync(struct roam_mppe *m);

#endif /* _ROAM_MPPE_H */
