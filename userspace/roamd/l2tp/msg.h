/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Control message decoding: the AVPs of one message turned into a struct,
 * with every value length and range checked, hidden AVPs revealed, and the
 * AVPs each message type requires (RFC 2661 §6) checked present.
 */
#ifndef ROAM_L2TP_MSG_H
#define ROAM_L2TP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "avp.h"

struct l2tp_bytes {
	const uint8_t *p;
	uint16_t len;
};

/*
 * Byte values point into the message (or into scratch, for hidden AVPs),
 * so a struct l2tp_msg lives no longer than the datagram it came from.
 */
struct l2tp_msg {
	uint16_t type;			/* Message Type */
	bool type_mandatory;		/* its M bit */
	uint64_t present;		/* bit n set: AVP type n was present */

	uint16_t result;		/* Result Code */
	uint16_t error;
	struct l2tp_bytes result_msg;
	uint8_t proto_ver;		/* Protocol Version */
	uint8_t proto_rev;
	uint32_t framing_cap;
	uint32_t bearer_cap;
	uint16_t firmware_rev;
	struct l2tp_bytes host_name;
	struct l2tp_bytes vendor_name;
	uint16_t tunnel_id;		/* Assigned Tunnel ID */
	uint16_t rws;			/* Receive Window Size */
	struct l2tp_bytes challenge;
	const uint8_t *challenge_resp;	/* 16 bytes */
	uint16_t q931_cause;
	uint8_t q931_msg;
	uint16_t session_id;		/* Assigned Session ID */
	uint32_t call_serial;
	uint32_t bearer_type;
	uint32_t framing_type;
	uint32_t tx_speed;
	uint32_t rx_speed;
	uint32_t phys_channel;
	struct l2tp_bytes called;
	struct l2tp_bytes calling;
	bool seq_required;
	unsigned int ignored;		/* unknown AVPs without M, skipped */

	/* Revealed hidden values; no message can hide more than it holds. */
	uint8_t scratch[2048];
	size_t scratch_used;
};

#define L2TP_MSG_HAS(m, avp)	(((m)->present >> (avp)) & 1)

enum l2tp_msg_err_code {
	L2TP_MSG_OK = 0,
	L2TP_MSG_ERR_AVP_TRUNCATED,	/* message ends inside an AVP header */
	L2TP_MSG_ERR_AVP_LEN_SMALL,	/* AVP length below 6 */
	L2TP_MSG_ERR_AVP_OVERRUN,	/* AVP length past the message end */
	L2TP_MSG_ERR_NO_TYPE,		/* first AVP is not Message Type */
	L2TP_MSG_ERR_UNKNOWN_MSG,	/* Message Type value not known */
	L2TP_MSG_ERR_UNKNOWN_AVP,	/* unknown AVP with the M bit */
	L2TP_MSG_ERR_VALUE_LEN,		/* value length wrong for the type */
	L2TP_MSG_ERR_VALUE,		/* value out of range */
	L2TP_MSG_ERR_HIDE_FORBIDDEN,	/* H bit on an AVP that may not hide */
	L2TP_MSG_ERR_HIDE_NO_SECRET,	/* hidden AVP, no secret configured */
	L2TP_MSG_ERR_HIDE_NO_RV,	/* hidden AVP before a Random Vector */
	L2TP_MSG_ERR_HIDE_BAD,		/* revealed length does not fit */
	L2TP_MSG_ERR_HIDE_CRYPTO,	/* MD5 unavailable */
	L2TP_MSG_ERR_MISSING,		/* a required AVP is missing */
	L2TP_MSG_ERR_MAX,
};

struct l2tp_msg_err {
	enum l2tp_msg_err_code code;
	uint16_t avp_type;		/* the AVP at fault, if any */
	uint16_t vendor;
	uint16_t error_code;		/* L2TP general error code to answer */
	char text[160];			/* for the log: which AVP, what */
};

/*
 * Decode the AVP area of a control message (what follows the header).
 * secret may be NULL when none is configured.  Return 0, or -1 with err
 * filled; m->type is valid whenever the Message Type AVP was decoded, even
 * on error, so the caller can tell tunnel from session scope.
 */
int l2tp_msg_parse(const uint8_t *avps, size_t len, const uint8_t *secret,
		   size_t secret_len, struct l2tp_msg *m,
		   struct l2tp_msg_err *err);

/* Names for logs; never NULL. */
const char *l2tp_msg_type_name(unsigned int type);
const char *l2tp_avp_type_name(unsigned int type);

/* Copy at most cap-1 bytes of a peer string, printable ASCII only. */
void l2tp_bytes_to_str(const struct l2tp_bytes *b, char *out, size_t cap);

#endif /* ROAM_L2TP_MSG_H */
