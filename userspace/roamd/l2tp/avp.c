// SPDX-License-Identifier: GPL-2.0
/* AVP wire codec: iteration with explicit bounds, and appending. */
#include <string.h>

#include "avp.h"
#include "crypto.h"
#include "proto.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

void l2tp_avp_iter_init(struct l2tp_avp_iter *it, const uint8_t *buf,
			size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
}

int l2tp_avp_next(struct l2tp_avp_iter *it, struct l2tp_avp *avp)
{
	size_t left = it->len - it->pos;
	const uint8_t *p = it->buf + it->pos;
	uint16_t w, len;

	avp->offset = (uint16_t)it->pos;
	if (!left)
		return 0;
	if (left < L2TP_AVP_HDR_LEN)
		return -L2TP_AVP_ERR_TRUNCATED;
	w = get16(p);
	len = w & L2TP_AVP_LEN_MASK;
	/* An AVP shorter than its own header would loop or underflow. */
	if (len < L2TP_AVP_HDR_LEN)
		return -L2TP_AVP_ERR_LEN_SMALL;
	if (len > left)
		return -L2TP_AVP_ERR_OVERRUN;

	avp->mandatory = w & L2TP_AVP_M;
	avp->hidden = w & L2TP_AVP_H;
	avp->reserved = w & L2TP_AVP_RSVD;
	avp->vendor = get16(p + 2);
	avp->type = get16(p + 4);
	avp->value = p + L2TP_AVP_HDR_LEN;
	avp->len = len - L2TP_AVP_HDR_LEN;
	it->pos += len;
	return 1;
}

const char *l2tp_avp_strerror(enum l2tp_avp_err err)
{
	switch (err) {
	case L2TP_AVP_OK:
		return "ok";
	case L2TP_AVP_ERR_TRUNCATED:
		return "message ends inside an AVP header";
	case L2TP_AVP_ERR_LEN_SMALL:
		return "AVP length below 6";
	case L2TP_AVP_ERR_OVERRUN:
		return "AVP length runs past the end of the message";
	}
	return "unknown AVP error";
}

void l2tp_mbuf_init(struct l2tp_mbuf *mb, uint8_t *buf, size_t cap)
{
	mb->buf = buf;
	mb->cap = cap;
	mb->len = 0;
	mb->overflow = false;
}

/* Reserve n bytes; NULL (and overflow) when they do not fit. */
static uint8_t *mbuf_reserve(struct l2tp_mbuf *mb, size_t n)
{
	uint8_t *p;

	if (mb->overflow || n > mb->cap - mb->len) {
		mb->overflow = true;
		return NULL;
	}
	p = mb->buf + mb->len;
	mb->len += n;
	return p;
}

void l2tp_mbuf_put(struct l2tp_mbuf *mb, const void *data, size_t len)
{
	uint8_t *p = mbuf_reserve(mb, len);

	if (p && len)
		memcpy(p, data, len);
}

/* Write an AVP header for a value of len bytes; NULL if it cannot be. */
static uint8_t *avp_start(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
			  size_t len)
{
	uint8_t *p;

	if (len > L2TP_AVP_MAX_VALUE) {
		mb->overflow = true;
		return NULL;
	}
	p = mbuf_reserve(mb, L2TP_AVP_HDR_LEN + len);
	if (!p)
		return NULL;
	put16(p, (flags & (L2TP_AVP_M | L2TP_AVP_H)) |
		 (uint16_t)(L2TP_AVP_HDR_LEN + len));
	put16(p + 2, 0);
	put16(p + 4, type);
	return p + L2TP_AVP_HDR_LEN;
}

void l2tp_avp_put(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
		  const void *value, size_t len)
{
	uint8_t *p = avp_start(mb, flags, type, len);

	if (p && len)
		memcpy(p, value, len);
}

void l2tp_avp_put_u16(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
		      uint16_t v)
{
	uint8_t b[2];

	put16(b, v);
	l2tp_avp_put(mb, flags, type, b, sizeof(b));
}

void l2tp_avp_put_u32(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
		      uint32_t v)
{
	uint8_t b[4];

	put16(b, v >> 16);
	put16(b + 2, v & 0xffff);
	l2tp_avp_put(mb, flags, type, b, sizeof(b));
}

void l2tp_avp_put_str(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
		      const char *s)
{
	l2tp_avp_put(mb, flags, type, s, strlen(s));
}

void l2tp_avp_put_result(struct l2tp_mbuf *mb, uint16_t result,
			 uint16_t error, const char *msg)
{
	size_t mlen = msg ? strlen(msg) : 0;
	uint8_t *p;

	if (mlen > L2TP_AVP_MAX_VALUE - 4)
		mlen = L2TP_AVP_MAX_VALUE - 4;
	/* The error code and message are optional (§4.4.2). */
	p = avp_start(mb, L2TP_AVP_M, L2TP_AVP_RESULT_CODE,
		       (error || mlen) ? 4 + mlen : 2);
	if (!p)
		return;
	put16(p, result);
	if (!error && !mlen)
		return;
	put16(p + 2, error);
	if (mlen)
		memcpy(p + 4, msg, mlen);
}

int l2tp_avp_put_hidden(struct l2tp_mbuf *mb, uint16_t flags, uint16_t type,
			const void *value, size_t len,
			const uint8_t *pad, size_t pad_len,
			const uint8_t *secret, size_t secret_len,
			const uint8_t *rv, size_t rv_len)
{
	size_t sub_len = 2 + len + pad_len;
	uint8_t *p;

	if (len > 0xffff) {
		mb->overflow = true;
		return 0;
	}
	p = avp_start(mb, flags | L2TP_AVP_H, type, sub_len);
	if (!p)
		return 0;
	put16(p, (uint16_t)len);
	if (len)
		memcpy(p + 2, value, len);
	if (pad_len)
		memcpy(p + 2 + len, pad, pad_len);
	return l2tp_hide(type, secret, secret_len, rv, rv_len, p, p, sub_len);
}
