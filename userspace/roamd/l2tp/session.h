/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One incoming call, LNS side (RFC 2661 §7.4.2): ICRQ -> ICRP -> ICCN ->
 * established (kernel session added, PPP started), CDN both ways.
 */
#ifndef ROAM_L2TP_SESSION_H
#define ROAM_L2TP_SESSION_H

#include "tunnel.h"

enum l2tp_session_state {
	L2TP_SS_WAIT_CONNECT,	/* ICRP sent, waiting for ICCN */
	L2TP_SS_ESTABLISHED,	/* kernel session added, PPP running */
};

struct l2tp_session {
	struct l2tp_session *next;
	struct l2tp_tunnel *t;
	/*
	 * A byte for the state and the flag beside it: the session then
	 * fits 40 bytes, a 48-byte malloc chunk and not a 64-byte one.
	 */
	enum l2tp_session_state state : 8;
	bool seq_required;
	uint16_t sid;
	uint16_t peer_sid;
	uint32_t call_serial;
	uint32_t tx_speed;
	uint32_t rx_speed;
	uint32_t framing_type;
	/*
	 * The ICRQ's Calling and Called Numbers are logged when it comes,
	 * not kept: nothing reads them later.
	 */
};

struct l2tp_session *l2tp_session_find(struct l2tp_tunnel *t, uint16_t sid);

/*
 * A session-scoped message (ICRQ, ICCN, CDN, ...) already decoded.
 * Return the verdict for the datagram.
 */
enum l2tp_verdict l2tp_session_input(struct l2tp_tunnel *t,
				     const struct l2tp_hdr *h,
				     const struct l2tp_msg *m);

/*
 * A session message that failed to decode: answer with a CDN to the call
 * it concerns (when it can be told), as RFC 2661 §4.1 asks for unknown
 * mandatory AVPs.
 */
enum l2tp_verdict l2tp_session_reject(struct l2tp_tunnel *t,
				      const struct l2tp_hdr *h,
				      const struct l2tp_msg *m,
				      const struct l2tp_msg_err *err);

/* Hang up from our side: CDN, then forget the session. */
void l2tp_session_hangup(struct l2tp_session *s, uint16_t result,
			 uint16_t error, const char *msg);

/*
 * Forget a session without a CDN (its tunnel is going): stop PPP and
 * delete the kernel session if it had got that far.
 */
void l2tp_session_drop(struct l2tp_session *s, uint16_t result,
		       uint16_t error, bool by_peer);

#endif /* ROAM_L2TP_SESSION_H */
