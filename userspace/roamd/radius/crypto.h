/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RADIUS's uses of the shared secret: the Request and Response
 * Authenticators (RFC 2865 3, 2866 3, 5176 3), the Message-Authenticator
 * (HMAC-MD5, RFC 3579 3.2), User-Password hiding (RFC 2865 5.2) and the
 * MS-MPPE-Send/Recv-Key encryption (RFC 2548 2.4.2-2.4.3).  MD5 is weak:
 * RADIUS over UDP is only as safe as the secret and the path to the
 * server; the Message-Authenticator on every packet closes the
 * Blast-RADIUS forgery (CVE-2024-3596).  All functions are pure; secrets
 * in locals are wiped.
 */
#ifndef ROAMD_RADIUS_CRYPTO_H
#define ROAMD_RADIUS_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "radius/packet.h"

#define RADIUS_PASSWORD_MAX	128	/* hidden User-Password, RFC 2865 5.2 */
#define RADIUS_MPPE_KEY_MAX	32

/*
 * Sign an Access-Request built with radius_build_*(): its authenticator
 * (random, already in the header) stays; the Message-Authenticator, if
 * one was put at ma_off (0: none), is filled.  0 or -1.
 */
int radius_sign_access_request(uint8_t *pkt, size_t len, size_t ma_off,
			       const void *secret, size_t slen);

/*
 * Sign any other packet: the authenticator field set to req_auth (an
 * answer: the request's authenticator) or to zeros (NULL: an
 * Accounting-, Disconnect- or CoA-Request), the Message-Authenticator
 * filled over that, then the authenticator replaced by MD5(packet |
 * secret).  0 or -1.
 */
int radius_sign(uint8_t *pkt, size_t len, size_t ma_off,
		const uint8_t *req_auth, const void *secret, size_t slen);

/*
 * Check an answer to our request (req_auth is what we sent): the
 * Response Authenticator, and the Message-Authenticator (required when
 * need_ma).  0, or -1 with *err.
 */
int radius_verify_answer(const struct radius_packet *p,
			 const uint8_t req_auth[RADIUS_AUTH_LEN],
			 const void *secret, size_t slen, bool need_ma,
			 const char **err);

/*
 * Check a request whose authenticator is MD5 over the packet with zeros
 * in its place (Accounting-, Disconnect-, CoA-Request), and its
 * Message-Authenticator (required when need_ma).  0, or -1 with *err.
 */
int radius_verify_request(const struct radius_packet *p, const void *secret,
			  size_t slen, bool need_ma, const char **err);

/*
 * Check the Message-Authenticator of an Access-Request (a server's
 * view; the unit tests play the server).  0, or -1 with *err.
 */
int radius_verify_access_request(const struct radius_packet *p,
				 const void *secret, size_t slen,
				 const char **err);

/*
 * Hide a User-Password: out gets the password padded to 16 and XORed
 * with the MD5 chain.  Its length (16-128), or -1 if len > 128.
 */
int radius_hide_password(const uint8_t *pw, size_t len,
			 const uint8_t req_auth[RADIUS_AUTH_LEN],
			 const void *secret, size_t slen,
			 uint8_t out[RADIUS_PASSWORD_MAX]);
/* The reverse (the server's side, for tests): length with padding. */
int radius_unhide_password(const uint8_t *in, size_t len,
			   const uint8_t req_auth[RADIUS_AUTH_LEN],
			   const void *secret, size_t slen,
			   uint8_t out[RADIUS_PASSWORD_MAX]);

/*
 * MS-MPPE-Send-Key / Recv-Key (RFC 2548 2.4.2): Salt (2 octets, high
 * bit set) then the encrypted Key-Length, key and padding.  Decrypt
 * val (len octets) with the Access-Request's authenticator: the key's
 * length (at most RADIUS_MPPE_KEY_MAX), or -1 with *err.
 */
int radius_mppe_key_decrypt(const uint8_t *val, size_t len,
			    const uint8_t req_auth[RADIUS_AUTH_LEN],
			    const void *secret, size_t slen,
			    uint8_t key[RADIUS_MPPE_KEY_MAX], const char **err);
/* The server's side (for tests): out's length, or -1. */
int radius_mppe_key_encrypt(const uint8_t *key, size_t klen,
			    const uint8_t salt[2],
			    const uint8_t req_auth[RADIUS_AUTH_LEN],
			    const void *secret, size_t slen, uint8_t *out,
			    size_t cap);

/* MD5 over up to three pieces; 0 or -1. */
int radius_md5(uint8_t out[16], const void *p1, size_t l1, const void *p2,
	       size_t l2, const void *p3, size_t l3);

#endif /* ROAMD_RADIUS_CRYPTO_H */
