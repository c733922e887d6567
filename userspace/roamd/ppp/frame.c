// SPDX-License-Identifier: GPL-2.0
/*
 * PPP frame, control packet and option codec (RFC 1661, RFC 1662).
 */
#include <string.h>

#include "frame.h"

static const char *const ppp_err_text[PPP_ERR__MAX] = {
	[PPP_OK]		= "no error",
	[PPP_ERR_EMPTY]		= "empty frame",
	[PPP_ERR_ADDR_CTRL]	= "address 0xff not followed by control 0x03",
	[PPP_ERR_PROTO_TRUNC]	= "frame ends inside the protocol field",
	[PPP_ERR_PROTO_INVALID]	= "invalid protocol number (low octet even or high octet odd)",
	[PPP_ERR_PKT_TRUNC]	= "control packet shorter than its 4-octet header",
	[PPP_ERR_PKT_LEN_SHORT]	= "control packet length field below 4",
	[PPP_ERR_PKT_LEN_OVERRUN] = "control packet length field exceeds the frame",
	[PPP_ERR_PKT_TOO_BIG]	= "control packet longer than 1500 octets",
	[PPP_ERR_OPT_TRUNC]	= "option header truncated (one octet left)",
	[PPP_ERR_OPT_LEN_SHORT]	= "option length below 2",
	[PPP_ERR_OPT_OVERRUN]	= "option runs past the end of the packet",
	[PPP_ERR_FIELD_TRUNC]	= "counted field runs past the end of the packet",
	[PPP_ERR_NOSPACE]	= "no room left to build the packet",
};

const char *ppp_strerror(enum ppp_err err)
{
	if ((unsigned int)err >= PPP_ERR__MAX)
		return "unknown error";
	return ppp_err_text[err];
}

enum ppp_err ppp_frame_parse(const uint8_t *buf, size_t len,
			     struct ppp_frame *f)
{
	memset(f, 0, sizeof(*f));
	if (!len)
		return PPP_ERR_EMPTY;

	/*
	 * 0xff is odd, so it could pass for a compressed protocol; RFC 1662
	 * reserves it as the all-stations address, always followed by 0x03.
	 */
	if (buf[0] == 0xff) {
		if (len < 2)
			return PPP_ERR_ADDR_CTRL;
		if (buf[1] != 0x03)
			return PPP_ERR_ADDR_CTRL;
		buf += 2;
		len -= 2;
		f->has_acf = true;
		if (!len)
			return PPP_ERR_PROTO_TRUNC;
	}

	/* ISO 3309 extension: the last octet of the field is the odd one. */
	if (buf[0] & 1) {
		f->proto = buf[0];
		f->pfc = true;
		buf += 1;
		len -= 1;
	} else {
		if (len < 2)
			return PPP_ERR_PROTO_TRUNC;
		if (!(buf[1] & 1))
			return PPP_ERR_PROTO_INVALID;
		f->proto = ppp_get16(buf);
		buf += 2;
		len -= 2;
	}
	f->payload = buf;
	f->len = len;
	return PPP_OK;
}

enum ppp_err ppp_cp_parse(const uint8_t *buf, size_t len, struct ppp_cp *p)
{
	memset(p, 0, sizeof(*p));
	if (len < PPP_CP_HDRLEN)
		return PPP_ERR_PKT_TRUNC;
	p->code = buf[0];
	p->id = buf[1];
	p->len = ppp_get16(buf + 2);
	if (p->len < PPP_CP_HDRLEN)
		return PPP_ERR_PKT_LEN_SHORT;
	/* Octets beyond the length field are padding (RFC 1661 5.). */
	if (p->len > len)
		return PPP_ERR_PKT_LEN_OVERRUN;
	if (p->len > PPP_CP_MAX)
		return PPP_ERR_PKT_TOO_BIG;
	p->data = buf + PPP_CP_HDRLEN;
	p->dlen = p->len - PPP_CP_HDRLEN;
	return PPP_OK;
}

void ppp_opt_iter_init(struct ppp_opt_iter *it, const uint8_t *buf,
		       size_t len)
{
	it->p = buf;
	it->left = len;
	it->err = PPP_OK;
}

bool ppp_opt_next(struct ppp_opt_iter *it, struct ppp_opt *o)
{
	if (it->err || !it->left)
		return false;
	if (it->left < 2) {
		it->err = PPP_ERR_OPT_TRUNC;
		return false;
	}
	if (it->p[1] < 2) {
		it->err = PPP_ERR_OPT_LEN_SHORT;
		return false;
	}
	if (it->p[1] > it->left) {
		it->err = PPP_ERR_OPT_OVERRUN;
		return false;
	}
	o->type = it->p[0];
	o->len = it->p[1];
	o->raw = it->p;
	o->val = it->p + 2;
	it->p += o->len;
	it->left -= o->len;
	return true;
}

enum ppp_err ppp_opts_check(const uint8_t *buf, size_t len)
{
	struct ppp_opt_iter it;
	struct ppp_opt o;

	ppp_opt_iter_init(&it, buf, len);
	while (ppp_opt_next(&it, &o))
		;
	return it.err;
}

void ppp_buf_init(struct ppp_buf *b, uint8_t *mem, size_t cap)
{
	b->data = mem;
	b->cap = cap;
	b->len = 0;
	b->overflow = false;
}

void ppp_put(struct ppp_buf *b, const void *src, size_t len)
{
	if (b->overflow || len > b->cap - b->len) {
		b->overflow = true;
		return;
	}
	if (len)
		memcpy(b->data + b->len, src, len);
	b->len += len;
}

void ppp_put8(struct ppp_buf *b, uint8_t v)
{
	ppp_put(b, &v, 1);
}

void ppp_put16(struct ppp_buf *b, uint16_t v)
{
	uint8_t x[2] = { v >> 8, v & 0xff };

	ppp_put(b, x, sizeof(x));
}

void ppp_put32(struct ppp_buf *b, uint32_t v)
{
	uint8_t x[4] = { v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff,
			 v & 0xff };

	ppp_put(b, x, sizeof(x));
}

size_t ppp_cp_begin(struct ppp_buf *b, uint8_t code, uint8_t id)
{
	size_t start = b->len;

	ppp_put8(b, code);
	ppp_put8(b, id);
	ppp_put16(b, 0);	/* length, filled in by ppp_cp_end() */
	return start;
}

void ppp_cp_end(struct ppp_buf *b, size_t start)
{
	size_t len;

	if (b->overflow)
		return;
	len = b->len - start;
	if (len > PPP_CP_MAX) {
		b->overflow = true;
		return;
	}
	b->data[start + 2] = len >> 8;
	b->data[start + 3] = len & 0xff;
}

void ppp_frame_begin(struct ppp_buf *b, uint16_t proto)
{
	ppp_put8(b, 0xff);
	ppp_put8(b, 0x03);
	ppp_put16(b, proto);
}
