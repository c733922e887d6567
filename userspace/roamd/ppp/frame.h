/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PPP codec: frames (address/control, protocol field), control packets
 * (code, identifier, length) and their option TLVs, and the builder used to
 * write replies.  Pure functions over byte buffers with explicit lengths;
 * every malformed case has its own error so a log line can name it.
 */
#ifndef ROAM_PPP_FRAME_H
#define ROAM_PPP_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Protocol numbers (RFC 1661 and the IANA PPP registry). */
#define PPP_IP		0x0021
#define PPP_IPV6	0x0057
#define PPP_IPCP	0x8021
#define PPP_IPV6CP	0x8057
#define PPP_CCP		0x80fd
#define PPP_LCP		0xc021
#define PPP_PAP		0xc023
#define PPP_LQR		0xc025
#define PPP_CHAP	0xc223

/* Control packet codes shared by LCP and the NCPs (RFC 1661 section 5). */
#define PPP_CONFREQ	1
#define PPP_CONFACK	2
#define PPP_CONFNAK	3
#define PPP_CONFREJ	4
#define PPP_TERMREQ	5
#define PPP_TERMACK	6
#define PPP_CODEREJ	7

#define PPP_CP_HDRLEN	4
/*
 * Largest control packet we read or write.  RFC 1661 requires every peer
 * to accept 1500 octets; nothing we negotiate is ever longer.
 */
#define PPP_CP_MAX	1500
/* Address, control and a two-octet protocol field. */
#define PPP_HDR_MAX	4
#define PPP_FRAME_MAX	(PPP_HDR_MAX + PPP_CP_MAX)

enum ppp_err {
	PPP_OK = 0,
	PPP_ERR_EMPTY,		/* frame has no octets at all */
	PPP_ERR_ADDR_CTRL,	/* 0xff not followed by control 0x03 */
	PPP_ERR_PROTO_TRUNC,	/* frame ends inside the protocol field */
	PPP_ERR_PROTO_INVALID,	/* low octet even or high octet odd */
	PPP_ERR_PKT_TRUNC,	/* fewer than 4 octets of packet header */
	PPP_ERR_PKT_LEN_SHORT,	/* length field below 4 */
	PPP_ERR_PKT_LEN_OVERRUN,/* length field beyond the frame */
	PPP_ERR_PKT_TOO_BIG,	/* packet longer than PPP_CP_MAX */
	PPP_ERR_OPT_TRUNC,	/* one octet left: no room for type+length */
	PPP_ERR_OPT_LEN_SHORT,	/* option length 0 or 1 */
	PPP_ERR_OPT_OVERRUN,	/* option runs past the packet's end */
	PPP_ERR_FIELD_TRUNC,	/* a counted field (PAP, CHAP) overruns */
	PPP_ERR_NOSPACE,	/* builder ran out of room */
	PPP_ERR__MAX
};

const char *ppp_strerror(enum ppp_err err);

/* One received frame, split; payload points into the caller's buffer. */
struct ppp_frame {
	uint16_t proto;
	bool has_acf;		/* ff 03 was present */
	bool pfc;		/* protocol field was one octet */
	const uint8_t *payload;
	size_t len;
};

enum ppp_err ppp_frame_parse(const uint8_t *buf, size_t len,
			     struct ppp_frame *f);

/* A control packet (LCP, IPCP, PAP, CHAP ...) inside a frame's payload. */
struct ppp_cp {
	uint8_t code;
	uint8_t id;
	uint16_t len;		/* the length field: header + data */
	const uint8_t *data;	/* after the 4-octet header */
	size_t dlen;		/* len - 4; octets past len are padding */
};

enum ppp_err ppp_cp_parse(const uint8_t *buf, size_t len, struct ppp_cp *p);

/* Configuration options: type, length (>= 2, counting itself), value. */
struct ppp_opt {
	uint8_t type;
	uint8_t len;		/* whole option, as on the wire */
	const uint8_t *raw;	/* the option from its type octet */
	const uint8_t *val;	/* len - 2 octets */
};

struct ppp_opt_iter {
	const uint8_t *p;
	size_t left;
	enum ppp_err err;	/* set when iteration stopped on bad input */
};

void ppp_opt_iter_init(struct ppp_opt_iter *it, const uint8_t *buf,
		       size_t len);
/* Next option; false at the end or on error (then it->err says which). */
bool ppp_opt_next(struct ppp_opt_iter *it, struct ppp_opt *o);
/* Walk a whole option list once; PPP_OK when every option is sound. */
enum ppp_err ppp_opts_check(const uint8_t *buf, size_t len);

/* Network byte order readers; callers have checked the length. */
static inline uint16_t ppp_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t ppp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/*
 * Bounded writer.  Writes past cap set overflow and are dropped, so a
 * builder can write everything and check once at the end.
 */
struct ppp_buf {
	uint8_t *data;
	size_t cap;
	size_t len;
	bool overflow;
};

void ppp_buf_init(struct ppp_buf *b, uint8_t *mem, size_t cap);
void ppp_put8(struct ppp_buf *b, uint8_t v);
void ppp_put16(struct ppp_buf *b, uint16_t v);
void ppp_put32(struct ppp_buf *b, uint32_t v);
void ppp_put(struct ppp_buf *b, const void *src, size_t len);
/* Write a control packet header; returns where it starts, for _end. */
size_t ppp_cp_begin(struct ppp_buf *b, uint8_t code, uint8_t id);
/* Fill in the length field of the packet begun at start. */
void ppp_cp_end(struct ppp_buf *b, size_t start);

/*
 * Frame header for what we send.  We always send ff 03 and a two-octet
 * protocol: RFC 1661 forbids compressing either on LCP, and for the other
 * control protocols not compressing is always allowed.
 */
void ppp_frame_begin(struct ppp_buf *b, uint16_t proto);

#endif /* ROAM_PPP_FRAME_H */
