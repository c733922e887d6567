/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two MD5 constructions of RFC 2661: hiding AVP values (§4.3) and the
 * CHAP-like tunnel authentication (§5.1.1).
 */
#ifndef ROAM_L2TP_CRYPTO_H
#define ROAM_L2TP_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define L2TP_MD5_LEN	16

/*
 * Hide (encrypt) or reveal (decrypt) len bytes of a hidden-AVP subformat
 * (original length, value, padding) in place-safe fashion: in and out may
 * be the same buffer.  The key stream is MD5(type, secret, random vector)
 * for the first 16 bytes and MD5(secret, previous ciphertext block) after;
 * the two directions differ only in which side is the ciphertext.
 * Return 0, or -1 if MD5 is not available.
 */
int l2tp_hide(uint16_t attr_type, const uint8_t *secret, size_t secret_len,
	      const uint8_t *rv, size_t rv_len,
	      const uint8_t *in, uint8_t *out, size_t len);
int l2tp_reveal(uint16_t attr_type, const uint8_t *secret, size_t secret_len,
		const uint8_t *rv, size_t rv_len,
		const uint8_t *in, uint8_t *out, size_t len);

/*
 * Challenge Response = MD5(msg_type, secret, challenge): the CHAP ID is the
 * Message Type of the message that carries the response (2 in an SCCRP,
 * 3 in an SCCCN).  Return 0, or -1 if MD5 is not available.
 */
int l2tp_challenge_response(uint8_t msg_type, const uint8_t *secret,
			    size_t secret_len, const uint8_t *challenge,
			    size_t challenge_len, uint8_t out[L2TP_MD5_LEN]);

#endif /* ROAM_L2TP_CRYPTO_H */
