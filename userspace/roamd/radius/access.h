/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Access-Request and its answer for each PPP method (RFC 2865: PAP
 * User-Password, CHAP-Password and CHAP-Challenge; RFC 2548: MS-CHAP and
 * MS-CHAPv2 vendor attributes) and for XAUTH (a PAP-style password):
 * pure functions, no I/O.  The answer's attributes roamd honours are
 * collected in struct radius_access_answer.
 */
#ifndef ROAMD_RADIUS_ACCESS_H
#define ROAMD_RADIUS_ACCESS_H

#include "ppp/auth.h"
#include "radius/packet.h"

/* RFC 2865 5.41 NAS-Port-Type: Virtual (a VPN) */
#define RADIUS_NAS_PORT_VIRTUAL	5
#define RADIUS_SERVICE_FRAMED	2
#define RADIUS_FRAMED_PPP	1

/* What the NAS says about itself and the client, in every request. */
struct radius_nas {
	uint32_t nas_ip;		/* network order; 0: left out */
	const char *nas_id;		/* NAS-Identifier, or NULL */
	uint32_t nas_port;		/* the session's serial */
	const char *calling;		/* Calling-Station-Id: the client's address */
	const char *session_id;		/* Acct-Session-Id (so accounting matches) */
	bool framed;			/* PPP: Service-Type Framed, Framed-Protocol PPP */
};

struct radius_access_answer {
	bool accept;
	unsigned int error;		/* for the client: 691 unless the server said */
	char message[64];		/* Reply-Message, printable */
	char authenticator[MSCHAP_AUTH_RESP_LEN + 1];	/* MS-CHAP2-Success */
	bool have_keys;
	uint8_t mppe_send[16];		/* the NAS's send key */
	uint8_t mppe_recv[16];
	uint32_t framed_ip;		/* network order; 0: none */
	uint32_t session_timeout;	/* s; 0: none */
	uint32_t idle_timeout;		/* s; 0: none */
	uint32_t interim;		/* Acct-Interim-Interval, s; 0: none */
	uint8_t class_val[RADIUS_ATTR_MAX];	/* echoed in accounting */
	size_t class_len;
	char filter_id[64];		/* the group, if the server names one */
	char framed_pool[64];
};

/*
 * Build the Access-Request for req (as the PPP engine or XAUTH asks it)
 * with Identifier id and the Request Authenticator ra (16 random
 * octets), signed with secret; the packet's length, or -1 (a field too
 * long, an unknown method).
 */
int radius_access_build(const struct ppp_auth_request *req,
			const struct radius_nas *nas, const uint8_t *secret,
			size_t slen, uint8_t id,
			const uint8_t ra[RADIUS_AUTH_LEN], uint8_t *buf,
			size_t cap);

/*
 * Read an authentic answer (radius_verify_answer() passed) to our
 * Access-Request (ra: its authenticator) for req.  An Access-Challenge
 * is a refusal (PPP has no way to put a second question).  An
 * Access-Accept for MS-CHAPv2 without MS-CHAP2-Success is refused too
 * (the client would not trust us).  0, or -1 with *err when the answer
 * cannot be used (then a refusal is in a).
 */
int radius_access_answer(const struct radius_packet *p,
			 const struct ppp_auth_request *req,
			 const uint8_t ra[RADIUS_AUTH_LEN],
			 const uint8_t *secret, size_t slen,
			 struct radius_access_answer *a, const char **err);

#endif /* ROAMD_RADIUS_ACCESS_H */
