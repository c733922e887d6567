/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The primitives IKEv1 needs, on OpenSSL 3 EVP: hashes, HMAC as the prf,
 * CBC ciphers without padding, Diffie-Hellman over the RFC 2409/3526 MODP
 * groups and the RFC 5903 ECP groups.
 */
#ifndef ROAM_IKE_CRYPTO_H
#define ROAM_IKE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike.h"

#define IKE_MAX_HASH	64	/* SHA2-512 */
#define IKE_MAX_BLOCK	16
#define IKE_MAX_KEY	32
#define IKE_MAX_DH	384	/* MODP-2048 is 256; ECP-384 x||y is 96 */

struct ike_iov {
	const void *p;
	size_t len;
};

/* 0 for an unknown hash. */
size_t ike_hash_len(enum ike_hash h);
int ike_digest(enum ike_hash h, const struct ike_iov *iov, unsigned int n,
	       uint8_t *out);
/* HMAC: the prf of every negotiated IKEv1 hash. */
int ike_prf(enum ike_hash h, const uint8_t *key, size_t key_len,
	    const struct ike_iov *iov, unsigned int n, uint8_t *out);

/* 0 for an unknown cipher. */
size_t ike_cipher_block(enum ike_enc c);
/*
 * CBC over len bytes (a multiple of the block) in place.  iv is updated to
 * the last ciphertext block, which is what IKEv1 chains into the next
 * message of the same exchange.
 */
int ike_cbc(enum ike_enc c, const uint8_t *key, size_t key_len, uint8_t *iv,
	    uint8_t *buf, size_t len, bool encrypt);

/* Bytes of a KE payload for the group; 0 if unknown. */
size_t ike_dh_len(enum ike_group g);

struct ike_dh;

/* A fresh key pair; NULL if the group is unknown or on failure. */
struct ike_dh *ike_dh_new(enum ike_group g);
void ike_dh_free(struct ike_dh *dh);
/* Public value as the KE payload carries it (ike_dh_len bytes). */
const uint8_t *ike_dh_pub(const struct ike_dh *dh);
/*
 * g^xy from the peer's KE data: for MODP left-padded to the prime's size,
 * for ECP the x coordinate (RFC 5903 section 7).  Checks the peer's value.
 */
int ike_dh_derive(struct ike_dh *dh, const uint8_t *peer, size_t peer_len,
		  uint8_t *secret, size_t *secret_len);

int ike_random(void *buf, size_t len);
/* Zero secrets in a way the compiler keeps. */
void ike_wipe(void *p, size_t len);

#endif /* ROAM_IKE_CRYPTO_H */
