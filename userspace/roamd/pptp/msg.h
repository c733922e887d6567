/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PPTP control messages (RFC 2637 section 2): one whole message parsed
 * from a byte buffer into a struct, and built back.  Pure functions.
 *
 * Every control message has one fixed size; a Length field that is below
 * the header, or is not the size of its type, is an error, as are a
 * PPTP Message Type other than control, a wrong Magic Cookie, a non-zero
 * Reserved0 and an unknown Control Message Type.  Reserved fields inside
 * the bodies are ignored on input (clients have been seen to leave junk
 * there) and written as zero.
 */
#ifndef ROAM_PPTP_MSG_H
#define ROAM_PPTP_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "proto.h"

/* Call statistics of a WAN-Error-Notify (2.14). */
struct pptp_wan_errors {
	uint32_t crc;
	uint32_t framing;
	uint32_t hw_overrun;
	uint32_t buf_overrun;
	uint32_t timeout;
	uint32_t alignment;
};

/*
 * One control message.  Only the fields of msg->type are meaningful; the
 * comment on each says which types carry it.  Text fields are the wire's
 * 64 octets up to the first NUL, NUL-terminated here.
 */
struct pptp_msg {
	enum pptp_ctrl_type type;
	/* SCCRQ, SCCRP */
	uint16_t proto_ver;
	uint32_t framing_cap;
	uint32_t bearer_cap;
	uint16_t max_channels;
	uint16_t firmware_rev;
	char host_name[PPTP_NAME_LEN + 1];
	char vendor[PPTP_NAME_LEN + 1];
	/* SCCRP, StopCCRP, Echo-Reply, OCRP, ICRP, CDN */
	uint8_t result;
	uint8_t error;
	/* StopCCRQ */
	uint8_t reason;
	/* OCRP, CDN */
	uint16_t cause;
	/* Echo-Request, Echo-Reply */
	uint32_t echo_id;
	/*
	 * call_id: the sender's own call ID (OCRQ, OCRP, ICRQ, ICRP, CCRQ,
	 * CDN).  peer_call_id: the receiver's call ID (OCRP, ICRP, ICCN,
	 * WEN, SLI).
	 */
	uint16_t call_id;
	uint16_t peer_call_id;
	uint16_t call_serial;		/* OCRQ, ICRQ */
	uint32_t min_bps, max_bps;	/* OCRQ */
	uint32_t bearer_type;		/* OCRQ, ICRQ */
	uint32_t framing_type;		/* OCRQ, ICCN */
	uint32_t connect_speed;		/* OCRP, ICCN */
	uint16_t rx_window;		/* OCRQ, OCRP, ICRP, ICCN */
	uint16_t proc_delay;		/* OCRQ, OCRP, ICRP, ICCN: 1/10 s */
	uint32_t phys_channel;		/* OCRP, ICRQ */
	uint16_t phone_len;		/* OCRQ; dialed number length, ICRQ */
	uint16_t dialing_len;		/* ICRQ */
	char phone[PPTP_NAME_LEN + 1];	/* OCRQ; dialed number, ICRQ */
	char dialing[PPTP_NAME_LEN + 1];/* ICRQ */
	char subaddr[PPTP_NAME_LEN + 1];/* OCRQ, ICRQ */
	char call_stats[PPTP_STATS_LEN + 1];	/* CDN */
	struct pptp_wan_errors wan;	/* WEN */
	uint32_t send_accm, recv_accm;	/* SLI */
};

enum pptp_msg_errcode {
	PPTP_MSG_OK = 0,
	PPTP_MSG_ERR_TRUNCATED,		/* fewer octets than Length says */
	PPTP_MSG_ERR_LENGTH_SHORT,	/* Length below the 12-octet header */
	PPTP_MSG_ERR_LENGTH_TYPE,	/* Length is not the type's size */
	PPTP_MSG_ERR_MSG_TYPE,		/* PPTP Message Type is not 1 */
	PPTP_MSG_ERR_MAGIC,		/* Magic Cookie is not 0x1A2B3C4D */
	PPTP_MSG_ERR_RESERVED,		/* Reserved0 is not zero */
	PPTP_MSG_ERR_CTRL_TYPE,		/* unknown Control Message Type */
	PPTP_MSG_ERR_MAX,
};

struct pptp_msg_err {
	enum pptp_msg_errcode code;
	char text[112];			/* for the log: what and by how much */
};

/* The size of a control message of this type; 0 for an unknown type. */
size_t pptp_msg_size(unsigned int type);

/*
 * Read the 12-octet header only: the Length field and the checks that do
 * not need the body (used by the stream to cut bad input early).  len is
 * what is available, at least PPTP_HDR_LEN.
 */
enum pptp_msg_errcode pptp_hdr_check(const uint8_t *buf, size_t len,
				     struct pptp_msg_err *err);

/*
 * Parse one whole message: buf holds at least its Length octets (octets
 * beyond are not looked at).  0, or -1 with err filled.
 */
int pptp_msg_parse(const uint8_t *buf, size_t len, struct pptp_msg *m,
		   struct pptp_msg_err *err);

/*
 * Build msg->type with its fixed size into buf.  Returns the length, or 0
 * if cap is too small or the type unknown.
 */
size_t pptp_msg_build(const struct pptp_msg *m, uint8_t *buf, size_t cap);

/* Names for logs. */
const char *pptp_ctrl_type_name(unsigned int type);
/* The meaning of a Result Code, which depends on the message type. */
const char *pptp_result_name(unsigned int type, unsigned int result);
const char *pptp_error_name(unsigned int error);
const char *pptp_stop_reason_name(unsigned int reason);
const char *pptp_msg_strerror(enum pptp_msg_errcode code);

#endif /* ROAM_PPTP_MSG_H */
