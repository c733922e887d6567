/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPPE initial key derivation (RFC 3079), for PPTP: from MS-CHAPv2
 * (section 3) and MS-CHAPv1 (section 2).  The kernel does the RC4 and the
 * rekeying; roamd hands it the start keys derived here.
 */
#ifndef ROAM_PPP_MPPE_KEYS_H
#define ROAM_PPP_MPPE_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MPPE_KEY_MAX	16

/* GetMasterKey (RFC 3079 3.4): from HashNtPasswordHash and NT-Response. */
int mppe_master_key(const uint8_t hashhash[16], const uint8_t nt[24],
		    uint8_t master[16]);

/*
 * GetAsymmetricStartKey (RFC 3079 3.4): keylen is 8 (40/56-bit) or 16
 * (128-bit).  is_server picks the side: the server's send key is the
 * client's receive key.
 */
int mppe_asymmetric_start_key(const uint8_t master[16], uint8_t *key,
			      size_t keylen, bool is_send, bool is_server);

/* GetNewKeyFromSHA (RFC 3079 3.4, RFC 3078 7.3). */
int mppe_new_key_from_sha(const uint8_t *start, const uint8_t *session,
			  size_t keylen, uint8_t *out);

/*
 * The first session key for a strength of 40, 56 or 128 bits: the start
 * key rekeyed once, then 40/56-bit keys salted (RFC 3079 3.1-3.3).
 */
int mppe_initial_session_key(const uint8_t *start, unsigned int bits,
			     uint8_t *out);

/* MS-CHAPv1: 128-bit start key from HashNtPasswordHash (RFC 3079 2.4). */
int mppe_v1_start_key128(const uint8_t hashhash[16],
			 const uint8_t challenge[8], uint8_t key[16]);

#endif /* ROAM_PPP_MPPE_KEYS_H */
