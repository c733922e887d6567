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

/*
 * The Interim-Update interval of one session, in seconds (0: none): the
 * server's Acct-Interim-Interval when its Access-Accept gave one, but
 * never below floor (RFC 2869 5.16: 60 s, lowered only for tests), else
 * the configured one.
 */
unsigned int radius_interim_interval(unsigned int configured,
				     unsigned int from_server,
				     unsigned int floor);

/*
 * Which session a Disconnect-Request or CoA-Request names (RFC 5176 3),
 * and for a CoA what it changes: the session's Session-Timeout and
 * Idle-Timeout (seconds; 0 lifts the limit), the only authorization
 * changes roamd makes on a live session.
 */
struct radius_dae_target {
	char session_id[64];		/* Acct-Session-Id, "" if absent */
	char user[254];			/* User-Name, "" if absent */
	uint32_t framed_ip;		/* network order, 0 if absent */
	char nas_id[65];		/* NAS-Identifier, "" if absent */
	bool coa;			/* a CoA-Request, not a Disconnect */
	bool has_session_timeout, has_idle_timeout;
	uint32_t session_timeout, idle_timeout;
};

/*
 * Check a Disconnect-Request or CoA-Request (authenticator, computed as
 * an Accounting-Request's, and when present the Message-Authenticator)
 * and read what it names.  0; or -1 with *err and *cause (the
 * Error-Cause for a NAK; 0: drop it silently, as for a wrong
 * authenticator, RFC 5176 3.1).  Refused: no session named (402); a
 * State, a reauthorization roamd does not do (405); in a CoA, an
 * attribute it cannot change on a live session (401), a timeout that is
 * not 4 octets (404), or nothing to change (402).
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
