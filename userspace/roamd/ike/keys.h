/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv1 key derivation for pre-shared keys (RFC 2409 sections 5, 5.5 and
 * Appendix B): SKEYID and its three children, the encryption key, the
 * phase 1 and phase 2 IVs, HASH_I/HASH_R and the Quick Mode KEYMAT.
 */
#ifndef ROAM_IKE_KEYS_H
#define ROAM_IKE_KEYS_H

#include "crypto.h"

/*
 * What an established ISAKMP SA keeps.  SKEYID itself is not here: only
 * phase 1's HASH_I and HASH_R need it, so it lives with the handshake
 * and goes with it.
 */
struct ike_p1_keys {
	size_t prf_len;
	uint8_t skeyid_d[IKE_MAX_HASH];
	uint8_t skeyid_a[IKE_MAX_HASH];
	uint8_t skeyid_e[IKE_MAX_HASH];
	uint8_t enc_key[IKE_MAX_KEY];
	size_t enc_len;
};

/*
 * SKEYID = prf(PSK, Ni_b | Nr_b) into skeyid (k->prf_len bytes);
 * SKEYID_d/a/e = prf(SKEYID, ... | 0/1/2); then the cipher key from
 * SKEYID_e, expanded per Appendix B when longer.
 */
int ike_p1_derive(enum ike_hash h, const uint8_t *psk, size_t psk_len,
		  const uint8_t *ni, size_t ni_len,
		  const uint8_t *nr, size_t nr_len,
		  const uint8_t *gxy, size_t gxy_len,
		  const uint8_t cky_i[8], const uint8_t cky_r[8],
		  size_t enc_len, struct ike_p1_keys *k,
		  uint8_t skeyid[IKE_MAX_HASH]);

/* Appendix B: K1 = prf(key, 0), Kn = prf(key, Kn-1), concatenated. */
int ike_expand(enum ike_hash h, const uint8_t *key, size_t key_len,
	       uint8_t *out, size_t out_len);

/* Phase 1 IV = hash(g^xi | g^xr), truncated to the cipher block. */
int ike_iv_phase1(enum ike_hash h, const uint8_t *gxi, const uint8_t *gxr,
		  size_t gx_len, size_t blk, uint8_t *iv);

/* Phase 2 and informational IV = hash(last phase 1 IV | M-ID). */
int ike_iv_phase2(enum ike_hash h, const uint8_t *p1_iv, size_t blk,
		  uint32_t msgid, uint8_t *iv);

/*
 * HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b);
 * HASH_R swaps the pairs and takes IDir_b.  Pass (gxr, gxi, cky_r, cky_i)
 * for HASH_R.  skeyid as ike_p1_derive() gave it.
 */
int ike_hash_auth(enum ike_hash h, const uint8_t *skeyid, size_t skeyid_len,
		  const uint8_t *gx_a, const uint8_t *gx_b, size_t gx_len,
		  const uint8_t cky_a[8], const uint8_t cky_b[8],
		  const uint8_t *sai_b, size_t sai_len,
		  const uint8_t *id_b, size_t id_len, uint8_t *out);

/*
 * KEYMAT = K1 | K2 ... with Kn = prf(SKEYID_d, Kn-1 | [g(qm)^xy |]
 * protocol | SPI | Ni_b | Nr_b).  spi in network order.
 */
int ike_keymat(enum ike_hash h, const struct ike_p1_keys *k,
	       const uint8_t *gxy, size_t gxy_len, uint8_t proto,
	       const uint8_t spi[4], const uint8_t *ni, size_t ni_len,
	       const uint8_t *nr, size_t nr_len, uint8_t *out, size_t out_len);

#endif /* ROAM_IKE_KEYS_H */
