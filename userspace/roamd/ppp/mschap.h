/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MS-CHAP computations: version 1 (RFC 2433) and version 2 (RFC 2759).
 * Names follow the RFCs' pseudocode so each function can be checked
 * against its section.  All return 0, or -1 when the input cannot be used
 * (password not UTF-8 or longer than 256 characters, OpenSSL failure).
 */
#ifndef ROAM_PPP_MSCHAP_H
#define ROAM_PPP_MSCHAP_H

#include <stddef.h>
#include <stdint.h>

#define MSCHAP_HASH_LEN		16	/* NT and LM password hashes */
#define MSCHAP_V1_CHALLENGE_LEN	8
#define MSCHAP_V2_CHALLENGE_LEN	16
#define MSCHAP_RESPONSE_LEN	24	/* NT-Response, LM-Response */
#define MSCHAP_AUTH_RESP_LEN	42	/* "S=" and 40 hex digits */
#define MSCHAP_MAX_PASSWORD	256	/* characters (RFC 2759 8.1) */

/* NtPasswordHash: MD4 of the password in UTF-16LE (RFC 2759 8.3). */
int mschap_nt_password_hash(const char *password, size_t len,
			    uint8_t hash[MSCHAP_HASH_LEN]);
/* HashNtPasswordHash: MD4 of the hash (RFC 2759 8.4). */
void mschap_hash_nt_password_hash(const uint8_t hash[MSCHAP_HASH_LEN],
				  uint8_t hashhash[MSCHAP_HASH_LEN]);
/* LmPasswordHash (RFC 2433 A.2); only MPPE 40/56 with MS-CHAPv1 uses it. */
int mschap_lm_password_hash(const char *password, size_t len,
			    uint8_t hash[MSCHAP_HASH_LEN]);

/*
 * The user name that goes into ChallengeHash: without a "DOMAIN\"
 * prefix (RFC 2759 8.2).  Returns a pointer into user and its length.
 */
const char *mschap_strip_domain(const char *user, size_t len,
				size_t *out_len);

/* ChallengeHash: SHA1(peer | authenticator | user)[0..8] (RFC 2759 8.2). */
int mschap_challenge_hash(const uint8_t peer[MSCHAP_V2_CHALLENGE_LEN],
			  const uint8_t auth[MSCHAP_V2_CHALLENGE_LEN],
			  const char *user, size_t user_len,
			  uint8_t challenge[MSCHAP_V1_CHALLENGE_LEN]);

/* ChallengeResponse: three DES blocks under the padded hash (8.5). */
void mschap_challenge_response(const uint8_t challenge[8],
			       const uint8_t hash[MSCHAP_HASH_LEN],
			       uint8_t response[MSCHAP_RESPONSE_LEN]);

/* GenerateNTResponse (RFC 2759 8.1), from the NT password hash. */
int mschapv2_nt_response(const uint8_t auth[MSCHAP_V2_CHALLENGE_LEN],
			 const uint8_t peer[MSCHAP_V2_CHALLENGE_LEN],
			 const char *user, size_t user_len,
			 const uint8_t hash[MSCHAP_HASH_LEN],
			 uint8_t response[MSCHAP_RESPONSE_LEN]);

/*
 * GenerateAuthenticatorResponse (RFC 2759 8.7): "S=" and 40 upper-case
 * hex digits, NUL-terminated in out.
 */
int mschapv2_authenticator_response(const uint8_t hash[MSCHAP_HASH_LEN],
				    const uint8_t nt[MSCHAP_RESPONSE_LEN],
				    const uint8_t peer[MSCHAP_V2_CHALLENGE_LEN],
				    const uint8_t auth[MSCHAP_V2_CHALLENGE_LEN],
				    const char *user, size_t user_len,
				    char out[MSCHAP_AUTH_RESP_LEN + 1]);

/* SHA-1 over up to four pieces (NULL ends the list early). */
int mschap_sha1(uint8_t digest[20], const void *p1, size_t l1,
		const void *p2, size_t l2, const void *p3, size_t l3,
		const void *p4, size_t l4);

#endif /* ROAM_PPP_MSCHAP_H */
