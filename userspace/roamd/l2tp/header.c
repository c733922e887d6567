// SPDX-License-Identifier: GPL-2.0
/*
 * L2TPv2 header codec.  The parser trusts nothing: each optional field is
 * read only after checking that the datagram holds it, and the Length field
 * is checked against both the header and the datagram.
 */
#include "header.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* Flag rules that hold for control messages only (RFC 2661 §3.1). */
static enum l2tp_hdr_err check_control_flags(uint16_t flags)
{
	if (!(flags & L2TP_HDR_L))
		return L2TP_HDR_ERR_CTRL_NO_LENGTH;
	if (!(flags & L2TP_HDR_S))
		return L2TP_HDR_ERR_CTRL_NO_SEQ;
	if (flags & L2TP_HDR_O)
		return L2TP_HDR_ERR_CTRL_OFFSET;
	if (flags & L2TP_HDR_P)
		return L2TP_HDR_ERR_CTRL_PRIORITY;
	return L2TP_HDR_OK;
}

enum l2tp_hdr_err l2tp_hdr_parse(const uint8_t *buf, size_t len,
				 struct l2tp_hdr *h)
{
	enum l2tp_hdr_err err;
	size_t pos, msg_len, pad = 0;
	uint16_t flags;

	if (len < 2)
		return L2TP_HDR_ERR_SHORT;
	if (len > 0xffff)
		return L2TP_HDR_ERR_TOO_LONG;
	flags = get16(buf);
	/* The version is checked first: L2F and L2TPv3 share the port. */
	if ((flags & L2TP_HDR_VER_MASK) != 2)
		return L2TP_HDR_ERR_VERSION;

	h->control = flags & L2TP_HDR_T;
	h->has_length = flags & L2TP_HDR_L;
	h->has_seq = flags & L2TP_HDR_S;
	h->has_offset = flags & L2TP_HDR_O;
	h->priority = flags & L2TP_HDR_P;
	h->ns = 0;
	h->nr = 0;
	if (h->control) {
		err = check_control_flags(flags);
		if (err)
			return err;
	}

	/* Reserved (x) bits are ignored on receipt, as §3.1 asks. */
	pos = 2;
	msg_len = len;
	if (h->has_length) {
		if (len < 4)
			return L2TP_HDR_ERR_TRUNCATED;
		msg_len = get16(buf + 2);
		pos = 4;
	}
	if (len < pos + 4)
		return h->has_length ? L2TP_HDR_ERR_TRUNCATED : L2TP_HDR_ERR_SHORT;
	h->tunnel_id = get16(buf + pos);
	h->session_id = get16(buf + pos + 2);
	pos += 4;
	if (h->has_seq) {
		if (len < pos + 4)
			return L2TP_HDR_ERR_TRUNCATED;
		h->ns = get16(buf + pos);
		h->nr = get16(buf + pos + 2);
		pos += 4;
	}
	if (h->has_offset) {
		if (len < pos + 2)
			return L2TP_HDR_ERR_TRUNCATED;
		pad = get16(buf + pos);
		pos += 2;
	}

	/* pos is now the fixed part; the offset pad is checked on its own. */
	if (h->has_length) {
		if (msg_len > len)
			return L2TP_HDR_ERR_LENGTH_LONG;
		if (msg_len < pos)
			return L2TP_HDR_ERR_LENGTH_SHORT;
	}
	if (pad > msg_len - pos)
		return L2TP_HDR_ERR_OFFSET;
	pos += pad;

	h->msg_len = (uint16_t)msg_len;
	h->hdr_len = (uint16_t)pos;
	return L2TP_HDR_OK;
}

static const char *const hdr_errors[L2TP_HDR_ERR_MAX] = {
	[L2TP_HDR_OK] = "ok",
	[L2TP_HDR_ERR_SHORT] = "datagram too short for an L2TP header",
	[L2TP_HDR_ERR_VERSION] = "version is not 2 (not L2TPv2)",
	[L2TP_HDR_ERR_CTRL_NO_LENGTH] = "control message without the L bit",
	[L2TP_HDR_ERR_CTRL_NO_SEQ] = "control message without the S bit",
	[L2TP_HDR_ERR_CTRL_OFFSET] = "control message with the O bit",
	[L2TP_HDR_ERR_CTRL_PRIORITY] = "control message with the P bit",
	[L2TP_HDR_ERR_TRUNCATED] = "datagram ends inside the header",
	[L2TP_HDR_ERR_LENGTH_SHORT] = "length field shorter than the header",
	[L2TP_HDR_ERR_LENGTH_LONG] = "length field longer than the datagram",
	[L2TP_HDR_ERR_OFFSET] = "offset padding runs past the message",
	[L2TP_HDR_ERR_TOO_LONG] = "datagram longer than 65535 bytes",
};

const char *l2tp_hdr_strerror(enum l2tp_hdr_err err)
{
	if ((unsigned int)err >= L2TP_HDR_ERR_MAX)
		return "unknown header error";
	return hdr_errors[err];
}

size_t l2tp_hdr_put_control(uint8_t *buf, size_t cap, uint16_t tunnel_id,
			    uint16_t session_id, uint16_t ns, uint16_t nr)
{
	if (cap < L2TP_CTRL_HDR_LEN)
		return 0;
	put16(buf, L2TP_HDR_T | L2TP_HDR_L | L2TP_HDR_S | 2);
	put16(buf + 2, L2TP_CTRL_HDR_LEN);
	put16(buf + 4, tunnel_id);
	put16(buf + 6, session_id);
	put16(buf + 8, ns);
	put16(buf + 10, nr);
	return L2TP_CTRL_HDR_LEN;
}

void l2tp_hdr_set_length(uint8_t *buf, uint16_t len)
{
	put16(buf + 2, len);
}

void l2tp_hdr_set_ns(uint8_t *buf, uint16_t ns)
{
	put16(buf + 8, ns);
}

void l2tp_hdr_set_nr(uint8_t *buf, uint16_t nr)
{
	put16(buf + 10, nr);
}

size_t l2tp_hdr_put_data(uint8_t *buf, size_t cap, uint16_t tunnel_id,
			 uint16_t session_id)
{
	if (cap < L2TP_DATA_HDR_LEN)
		return 0;
	put16(buf, 2);
	put16(buf + 2, tunnel_id);
	put16(buf + 4, session_id);
	return L2TP_DATA_HDR_LEN;
}
