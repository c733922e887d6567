/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AVP wire codec (RFC 2661 §4.1): walk the AVPs of a control message, and
 * append AVPs to a message under construction with bounds checks.  What
 * the values mean is msg.c's business.
 */
#ifndef ROAM_L2TP_AVP_H
#define ROAM_L2TP_AVP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define L2TP_AVP_M		0x8000	/* mandatory */
#define L2TP_AVP_H		0x4000	/* hidden */
#define L2TP_AVP_RSVD		0x3c00	/* reserved: set means "unrecognized" */
#define L2TP_AVP_LEN_MASK	0x03ff
#define L2TP_AVP_HDR_LEN	6
#define L2TP_AVP_MAX_LEN	L2TP_AVP_LEN_MASK
#define L2TP_AVP_MAX_VALUE	(L2TP_AVP_MAX_LEN - L2TP_AVP_HDR_LEN)

struct l2tp_avp {
	bool mandatory;
	bool hidden;
	bool reserved;		/* a reserved bit was set */
	uint16_t vendor;
	uint16_t type;
	const uint8_t *value;	/* as on the wire: still hidden if hidden */
	uint16_t len;		/* value length */
	uint16_t offset;	/* of the AVP within the AVP area, for logs */
};

struct l2tp_avp_iter {
	const uint8_t *buf;
	size_t len;
	size_t pos;
};

enum l2tp_avp_err {
	L2TP_AVP_OK = 0,
	L2TP_AVP_ERR_TRUNCATED,	/* fewer than 6 bytes left for a header */
	L2TP_AVP_ERR_LEN_SMALL,	/* Length below 6 */
	L2TP_AVP_ERR_OVERRUN,	/* Length runs past the message */
};

void l2tp_avp_iter_init(struct l2tp_avp_iter *it, const uint8_t *buf,
			size_t len);
/*
 * Next AVP: 1 with *avp filled, 0 at the clean end of the message, or a
 * negative enum l2tp_avp_err (with avp->offset saying where).
 */
int l2tp_avp_next(struct l2tp_avp_iter *it, struct l2tp_avp *avp);
const char *l2tp_avp_strerror(enum l2tp_avp_err err);

/*
 * A message being built.  Appending past cap sets overflow and writes
 * nothing, so a builder can append everything and check once at the end.
 */
struct l2tp_mbuf {
	uint8_t *buf;
	size_t cap;
	size_t len;
	bool overflow;
};

void l2tp_mbuf_init(struct l2tp_mbuf *mb, uint8_t *buf, size_t cap);
/* Append raw bytes (the header, say). */
void l2tp_mbuf_put(struct l2tp_mbuf *mb, const void *p, size_t len);

/* Append an AVP of vendor 0; flags is 0 or L2TP_AVP_M. */
void l2tp_avp_put(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
		  const void *value, size_t len);
void l2tp_avp_put_u16(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
		      uint16_t v);
void l2tp_avp_put_u32(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
		      uint32_t v);
void l2tp_avp_put_str(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
		      const char *s);
/* Result Code: error and text are added only when error or msg is set. */
void l2tp_avp_put_result(struct l2tp_mbuf *mb, uint16_t result,
			 uint16_t error, const char *msg);

/*
 * Append a hidden AVP: the subformat (2-byte original length, value,
 * pad_len bytes of padding from pad) is hidden with the secret and the
 * random vector rv, which must already be in the message as a Random
 * Vector AVP before this one.  Return 0, or -1 on MD5 failure (overflow
 * is reported through mb->overflow as for every append).
 */
int l2tp_avp_put_hidden(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
			const void *value, size_t len,
			const uint8_t *pad, size_t pad_len,
			const uint8_t *secret, size_t secret_len,
			const uint8_t *rv, size_t rv_len);

#endif /* ROAM_L2TP_AVP_H */
