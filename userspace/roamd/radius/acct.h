/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Accounting-Request (RFC 2866, 2869 5.1-5.2 for the Gigawords and
 * Acct-Interim-Interval) and the dynamic-authorization requests we
 * answer (RFC 5176 Disconnect-Request): pure functions, no I/O.
 */
#ifndef ROAMD_RADIUS_ACCT_H
#define ROAMD_RADIUS_ACCT_H

#include "radius/access.h"
#include "radius/packet.h"

/* One accounting record.  Input: from the client; Output: to it. */
struct radius_acct_record {
	uint32_t status;		/* enum radius_acct_status */
	const char *user;		/* NULL for Accounting-On/Off */
	uint32_t framed_ip;		/* network order; 0: left out */
	uint64_t in_octets, out_octets;
	uint64_t in_packets, out_packets;
	uint32_t session_time;		/* seconds */
	uint32_t term_cause;		/* Stop only: enum radius_term_cause */
	uint32_t delay;			/* Acct-Delay-Time: seconds queued */
	const uint8_t *class_val;	/* echoed from the Access-Accept */
	size_t class_len;
	bool remote_auth;		/* Acct-Authentic: RADIUS or Local */
};

/*
 * Build an Accounting-Request with Identifier id, signed with secret
 * (the Request Authenticator is MD5 over the packet, RFC 2866 3); auth
 * gets it (to check the answer).  The packet's length, or -1.
 */
int radius_acct_build(const struct radius_acct_record *rec,
		      const struct radius_nas *nas, const uint8_t *secret,
		      size_t slen, uint8_t id, uint8_t *buf, size_t cap,
		      uint8_t auth[RADIUS_AUTH_LEN]);

/* Which session a Disconnect-Request names (RFC 5176 3). */
struct radius_dae_target {
	char session_id[64];		/* Acct-Session-Id, "" if absent */
	char user[254];			/* User-Name, "" if absent */
	uint32_t framed_ip;		/* network order, 0 if absent */
	char nas_id[65];		/* NAS-Identifier, "" if absent */
};

/*
 * Check a Disconnect-Request (authenticator and, when present, the
 * Message-Authenticator) and read what it names.  0; or -1 with *err
 * and *cause (the Error-Cause for a NAK, 0: drop it silently, as for a
 * wrong authenticator, RFC 5176 3.1).  A request with attributes we
 * do not act on (a CoA's, or a State) is refused with 401/405.
 */
int radius_dae_parse(const struct radius_packet *p, const uint8_t *secret,
		     size_t slen, struct radius_dae_target *t,
		     uint32_t *cause, const char **err);

/*
 * The answer to request p: ACK (cause 0) or NAK with Error-Cause, with a
 * Message-Authenticator.  The packet's length, or -1.
 */
int radius_dae_answer(const struct radius_packet *p, uint32_t cause,
		      const uint8_t *secret, size_t slen, uint8_t *buf,
		      size_t cap);

#endif /* ROAMD_RADIUS_ACCT_H */
