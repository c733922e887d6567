/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The L2TPv2 message header (RFC 2661 §3.1): parse one from a datagram,
 * build control and data headers.  Pure functions over byte buffers.
 */
#ifndef ROAM_L2TP_HEADER_H
#define ROAM_L2TP_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define L2TP_HDR_T		0x8000
#define L2TP_HDR_L		0x4000
#define L2TP_HDR_S		0x0800
#define L2TP_HDR_O		0x0200
#define L2TP_HDR_P		0x0100
#define L2TP_HDR_VER_MASK	0x000f

/* A control header always carries T, L, S: flags, length, ids, Ns, Nr. */
#define L2TP_CTRL_HDR_LEN	12
/* The smallest data header: flags and the two ids. */
#define L2TP_DATA_HDR_LEN	6

struct l2tp_hdr {
	bool control;		/* T: control message */
	bool has_length;	/* L */
	bool has_seq;		/* S: Ns and Nr present */
	bool has_offset;	/* O */
	bool priority;		/* P (data only) */
	uint16_t tunnel_id;
	uint16_t session_id;
	uint16_t ns;		/* valid when has_seq */
	uint16_t nr;		/* valid when has_seq */
	/*
	 * Bytes of the message this header describes: the Length field when
	 * present, else the datagram.  Bytes beyond it in the datagram are
	 * not part of the message and are ignored.
	 */
	uint16_t msg_len;
	uint16_t hdr_len;	/* where the payload (or first AVP) starts */
};

/* Every way a header can be malformed has its own code. */
enum l2tp_hdr_err {
	L2TP_HDR_OK = 0,
	L2TP_HDR_ERR_SHORT,		/* too short for flags + ids */
	L2TP_HDR_ERR_VERSION,		/* Ver is not 2 (L2F, L2TPv3, noise) */
	L2TP_HDR_ERR_CTRL_NO_LENGTH,	/* control message without L */
	L2TP_HDR_ERR_CTRL_NO_SEQ,	/* control message without S */
	L2TP_HDR_ERR_CTRL_OFFSET,	/* control message with O */
	L2TP_HDR_ERR_CTRL_PRIORITY,	/* control message with P */
	L2TP_HDR_ERR_TRUNCATED,		/* ends inside the announced fields */
	L2TP_HDR_ERR_LENGTH_SHORT,	/* Length smaller than the header */
	L2TP_HDR_ERR_LENGTH_LONG,	/* Length larger than the datagram */
	L2TP_HDR_ERR_OFFSET,		/* offset pad runs past the message */
	L2TP_HDR_ERR_TOO_LONG,		/* datagram over 65535 bytes */
	L2TP_HDR_ERR_MAX,
};

enum l2tp_hdr_err l2tp_hdr_parse(const uint8_t *buf, size_t len,
				 struct l2tp_hdr *h);
const char *l2tp_hdr_strerror(enum l2tp_hdr_err err);

/*
 * Write a 12-byte control header; the Length field is written as
 * L2TP_CTRL_HDR_LEN and fixed up by l2tp_hdr_set_length() once the AVPs
 * are in.  Returns the header length, or 0 if cap is too small.
 */
size_t l2tp_hdr_put_control(uint8_t *buf, size_t cap, uint16_t tunnel_id,
			    uint16_t session_id, uint16_t ns, uint16_t nr);
void l2tp_hdr_set_length(uint8_t *buf, uint16_t len);
/* Set Ns and Nr of a built control message (Nr changes on retransmit). */
void l2tp_hdr_set_ns(uint8_t *buf, uint16_t ns);
void l2tp_hdr_set_nr(uint8_t *buf, uint16_t nr);

/*
 * Write a 6-byte data header without L, S or O: the kernel and every
 * client accept this shortest form.  Returns 6, or 0 if cap is too small.
 */
size_t l2tp_hdr_put_data(uint8_t *buf, size_t cap, uint16_t tunnel_id,
			 uint16_t session_id);

#endif /* ROAM_L2TP_HEADER_H */
