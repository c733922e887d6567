// SPDX-License-Identifier: GPL-2.0
/*
 * The RADIUS packet codec: parse and check, iterate attributes (vendor
 * sub-attributes included), build.
 */
#include <string.h>

#include "radius/packet.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int radius_parse(const uint8_t *buf, size_t len, struct radius_packet *p,
		 const char **err)
{
	size_t plen, off;

	memset(p, 0, sizeof(*p));
	if (len < RADIUS_HDR_LEN) {
		*err = "shorter than the RADIUS header";
		return -1;
	}
	plen = get16(buf + 2);
	if (plen < RADIUS_HDR_LEN || plen > RADIUS_MAX_LEN) {
		*err = "Length field out of range (20-4096)";
		return -1;
	}
	if (plen > len) {
		*err = "Length field beyond the datagram";
		return -1;
	}
	for (off = RADIUS_HDR_LEN; off < plen; off += buf[off + 1]) {
		if (plen - off < 2) {
			*err = "attribute header cut short";
			return -1;
		}
		if (buf[off + 1] < 2) {
			*err = "attribute length below 2";
			return -1;
		}
		if (buf[off + 1] > plen - off) {
			*err = "attribute beyond the packet";
			return -1;
		}
	}
	p->raw = buf;
	p->len = plen;
	p->code = buf[0];
	p->id = buf[1];
	p->auth = buf + 4;
	p->attrs = buf + RADIUS_HDR_LEN;
	p->attrs_len = plen - RADIUS_HDR_LEN;
	return 0;
}

/* A Vendor-Specific value whose sub-attributes tile it exactly. */
static bool vsa_well_formed(const uint8_t *v, size_t len)
{
	size_t off = 4;

	if (len < 6 || get32(v) == 0)
		return false;
	while (off < len) {
		if (len - off < 2 || v[off + 1] < 2 || v[off + 1] > len - off)
			return false;
		off += v[off + 1];
	}
	return true;
}

/*
 * The cursor holds the offset of the next item in attrs (low 16 bits)
 * and, inside a vendor attribute, the offset where it ends (high bits)
 * and that attribute's offset (bits 32+), so that each sub-attribute
 * knows its vendor.  Packets are at most 4096 octets.
 */
int radius_attr_next(const struct radius_packet *p, size_t *cursor,
		     struct radius_attr *a)
{
	uint64_t c = *cursor;
	size_t pos = c & 0xffff, vend = (c >> 16) & 0xffff;
	size_t vstart = (c >> 32) & 0xffff;
	const uint8_t *at = p->attrs;

	memset(a, 0, sizeof(*a));
	if (vend) {
		a->vendor = get32(at + vstart + 2);
		a->type = at[pos];
		a->val = at + pos + 2;
		a->len = at[pos + 1] - 2;
		a->off = RADIUS_HDR_LEN + vstart;
		pos += at[pos + 1];
		*cursor = pos >= vend ? pos :
			  (pos | vend << 16 | (uint64_t)vstart << 32);
		return 1;
	}
	if (pos >= p->attrs_len)
		return 0;
	if (at[pos] == RADIUS_VENDOR_SPECIFIC &&
	    vsa_well_formed(at + pos + 2, at[pos + 1] - 2)) {
		vstart = pos;
		vend = pos + at[pos + 1];
		*cursor = (pos + 6) | vend << 16 | (uint64_t)vstart << 32;
		return radius_attr_next(p, cursor, a);
	}
	a->type = at[pos];
	a->val = at + pos + 2;
	a->len = at[pos + 1] - 2;
	a->off = RADIUS_HDR_LEN + pos;
	*cursor = pos + at[pos + 1];
	return 1;
}

bool radius_attr_find(const struct radius_packet *p, uint32_t vendor,
		      uint8_t type, struct radius_attr *a)
{
	size_t cur = 0;

	while (radius_attr_next(p, &cur, a) == 1)
		if (a->vendor == vendor && a->type == type)
			return true;
	return false;
}

int radius_attr_u32(const struct radius_packet *p, uint32_t vendor,
		    uint8_t type, uint32_t *v)
{
	struct radius_attr a;

	if (!radius_attr_find(p, vendor, type, &a) || a.len != 4)
		return -1;
	*v = get32(a.val);
	return 0;
}

void radius_build_begin(struct radius_builder *b, uint8_t *buf, size_t cap,
			uint8_t code, uint8_t id,
			const uint8_t auth[RADIUS_AUTH_LEN])
{
	memset(b, 0, sizeof(*b));
	b->buf = buf;
	b->cap = cap < RADIUS_MAX_LEN ? cap : RADIUS_MAX_LEN;
	if (b->cap < RADIUS_HDR_LEN) {
		b->overflow = true;
		return;
	}
	buf[0] = code;
	buf[1] = id;
	if (auth)
		memcpy(buf + 4, auth, RADIUS_AUTH_LEN);
	else
		memset(buf + 4, 0, RADIUS_AUTH_LEN);
	b->len = RADIUS_HDR_LEN;
}

static uint8_t *room(struct radius_builder *b, size_t n)
{
	uint8_t *p;

	if (b->overflow || n > b->cap - b->len) {
		b->overflow = true;
		return NULL;
	}
	p = b->buf + b->len;
	b->len += n;
	return p;
}

void radius_put(struct radius_builder *b, uint8_t type, const void *val,
		size_t len)
{
	uint8_t *p;

	if (len > RADIUS_ATTR_MAX) {
		b->overflow = true;
		return;
	}
	p = room(b, len + 2);
	if (!p)
		return;
	p[0] = type;
	p[1] = (uint8_t)(len + 2);
	if (len)
		memcpy(p + 2, val, len);
}

void radius_put_str(struct radius_builder *b, uint8_t type, const char *s)
{
	radius_put(b, type, s, strlen(s));
}

void radius_put_u32(struct radius_builder *b, uint8_t type, uint32_t v)
{
	uint8_t be[4] = { v >> 24, v >> 16, v >> 8, v };

	radius_put(b, type, be, 4);
}

void radius_put_vsa(struct radius_builder *b, uint32_t vendor, uint8_t type,
		    const void *val, size_t len)
{
	uint8_t *p;

	if (len > RADIUS_ATTR_MAX - 6) {
		b->overflow = true;
		return;
	}
	p = room(b, len + 8);
	if (!p)
		return;
	p[0] = RADIUS_VENDOR_SPECIFIC;
	p[1] = (uint8_t)(len + 8);
	p[2] = vendor >> 24;
	p[3] = vendor >> 16;
	p[4] = vendor >> 8;
	p[5] = vendor;
	p[6] = type;
	p[7] = (uint8_t)(len + 2);
	if (len)
		memcpy(p + 8, val, len);
}

void radius_put_msg_auth(struct radius_builder *b)
{
	static const uint8_t zero[RADIUS_MSG_AUTH_LEN];

	radius_put(b, RADIUS_MESSAGE_AUTHENTICATOR, zero, sizeof(zero));
	if (!b->overflow)
		b->msg_auth_off = b->len - RADIUS_MSG_AUTH_LEN;
}

int radius_build_end(struct radius_builder *b)
{
	if (b->overflow)
		return -1;
	b->buf[2] = (uint8_t)(b->len >> 8);
	b->buf[3] = (uint8_t)b->len;
	return (int)b->len;
}

const char *radius_code_name(uint8_t code)
{
	switch (code) {
	case RADIUS_ACCESS_REQUEST:	return "Access-Request";
	case RADIUS_ACCESS_ACCEPT:	return "Access-Accept";
	case RADIUS_ACCESS_REJECT:	return "Access-Reject";
	case RADIUS_ACCOUNTING_REQUEST:	return "Accounting-Request";
	case RADIUS_ACCOUNTING_RESPONSE: return "Accounting-Response";
	case RADIUS_ACCESS_CHALLENGE:	return "Access-Challenge";
	case RADIUS_DISCONNECT_REQUEST:	return "Disconnect-Request";
	case RADIUS_DISCONNECT_ACK:	return "Disconnect-ACK";
	case RADIUS_DISCONNECT_NAK:	return "Disconnect-NAK";
	case RADIUS_COA_REQUEST:	return "CoA-Request";
	case RADIUS_COA_ACK:		return "CoA-ACK";
	case RADIUS_COA_NAK:		return "CoA-NAK";
	}
	return "unknown";
}
