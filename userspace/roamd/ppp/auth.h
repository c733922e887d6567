/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Server-side PPP authentication as the rest of roamd sees it: the
 * methods, the question the session asks ("is this response right for
 * this user?") and the answer it expects.  The answer may come later
 * (RADIUS): the verify callback returns PPP_AUTH_PENDING and the caller
 * hands the result back with ppp_session_auth_done() and the same seq.
 */
#ifndef ROAM_PPP_AUTH_H
#define ROAM_PPP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mschap.h"

enum ppp_auth_method {
	PPP_AUTH_NONE,
	PPP_AUTH_PAP,		/* RFC 1334 */
	PPP_AUTH_CHAP_MD5,	/* RFC 1994, CHAP algorithm 5 */
	PPP_AUTH_MSCHAPV1,	/* RFC 2433, CHAP algorithm 0x80 */
	PPP_AUTH_MSCHAPV2,	/* RFC 2759, CHAP algorithm 0x81 */
};

#define PPP_AUTH_MAX_METHODS	4
#define PPP_NAME_MAX		255

/* CHAP algorithm numbers in the LCP Authentication-Protocol option. */
#define PPP_CHAP_MD5		5
#define PPP_CHAP_MSV1		0x80
#define PPP_CHAP_MSV2		0x81

const char *ppp_auth_method_name(enum ppp_auth_method m);
/* "mschapv2", as "ppp set auth" spells it; a static string */
const char *ppp_auth_method_keyword(enum ppp_auth_method m);

enum ppp_verdict {
	PPP_AUTH_OK,
	PPP_AUTH_FAIL,
	PPP_AUTH_PENDING,	/* answer comes via ppp_session_auth_done() */
};

/*
 * The question.  Pointers are valid only during the verify call: a
 * verifier that answers later copies what it needs.
 */
struct ppp_auth_request {
	enum ppp_auth_method method;
	uint32_t seq;			/* echo in ppp_session_auth_done() */
	const char *user;		/* NUL-terminated, no NUL inside */
	size_t user_len;
	uint8_t id;			/* CHAP Identifier (MD5 input) */
	const uint8_t *challenge;	/* ours: CHAP and MS-CHAP */
	size_t challenge_len;
	/*
	 * PAP: the password.  CHAP-MD5: the 16-octet digest.  MS-CHAPv1:
	 * the 49-octet value (LM-Response, NT-Response, flags).  MS-CHAPv2:
	 * the 49-octet value (Peer-Challenge, 8 reserved, NT-Response,
	 * flags).
	 */
	const uint8_t *response;
	size_t response_len;
};

/* The answer.  Zero it, then fill what applies. */
struct ppp_auth_result {
	/*
	 * On failure, the Windows error the client shows: 691 (bad user
	 * name or password, the default when 0), 647 (account disabled),
	 * 648 (password expired), 649 (no dial-in permission).
	 */
	unsigned int error;
	char message[64];		/* optional text for the client */
	/*
	 * MS-CHAPv2 success: "S=" + 40 hex digits (RADIUS MS-CHAP2-Success
	 * or ppp_auth_check_password()); without it success is refused.
	 */
	char authenticator[MSCHAP_AUTH_RESP_LEN + 1];
	/*
	 * MS-CHAP: MPPE start keys, the server's send and receive (16
	 * octets; the first 8 serve 40/56-bit), for PPTP.
	 */
	bool have_keys;
	uint8_t mppe_send[16];
	uint8_t mppe_recv[16];
};

/*
 * Check a request against a cleartext password (the local user
 * database) and fill res as a RADIUS server would: the verdict, the
 * MS-CHAPv2 authenticator response and the MPPE keys.
 */
enum ppp_verdict ppp_auth_check_password(const struct ppp_auth_request *req,
					 const char *password, size_t len,
					 struct ppp_auth_result *res);

#endif /* ROAM_PPP_AUTH_H */
