// SPDX-License-Identifier: GPL-2.0
/*
 * Control-socket framing.  The decoders see bytes from another process
 * and are fuzzed: every length is checked against what was received
 * before it is used, and nothing is read past len.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctl_proto.h"
#include "util.h"

static void put_u16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint16_t get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static __printf(3, 4) int invalid(char *err, size_t errlen,
				  const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return ROAM_CTL_INVALID;
}

ssize_t roam_ctl_encode_request(uint8_t *buf, size_t size,
				unsigned int flags,
				const struct roam_tokens *t)
{
	size_t off = ROAM_CTL_HDR_LEN + 2;
	int i;

	if (t->argc < 0 || t->argc > ROAM_TOK_MAX_ARGS ||
	    (flags & ~ROAM_CTL_F_ALL) || size < off)
		return -1;
	for (i = 0; i < t->argc; i++) {
		if (t->len[i] > UINT16_MAX || size - off < 2 + t->len[i])
			return -1;
		put_u16(buf + off, t->len[i]);
		memcpy(buf + off + 2, t->argv[i], t->len[i]);
		off += 2 + t->len[i];
	}
	if (off > ROAM_CTL_REQUEST_MAX)
		return -1;
	put_u32(buf, off);
	buf[4] = ROAM_CTL_VERSION;
	buf[5] = ROAM_CTL_TYPE_REQUEST;
	put_u16(buf + 6, flags);
	put_u16(buf + 8, t->argc);
	return off;
}

/* Checks common to both frame kinds; tells the frame length early. */
static int decode_hdr(const uint8_t *buf, size_t len, uint8_t type,
		      size_t min, size_t max, size_t *frame_len,
		      char *err, size_t errlen)
{
	uint32_t flen;

	if (len < 4)
		return ROAM_CTL_INCOMPLETE;
	flen = get_u32(buf);
	if (flen > max)
		return invalid(err, errlen, "frame too large (%u bytes, at most %zu)",
			       flen, max);
	if (flen < min)
		return invalid(err, errlen, "frame too short (%u bytes)", flen);
	*frame_len = flen;
	if (len < ROAM_CTL_HDR_LEN)
		return ROAM_CTL_INCOMPLETE;
	if (buf[4] != ROAM_CTL_VERSION)
		return invalid(err, errlen, "unsupported protocol version %u (expected %u)",
			       buf[4], ROAM_CTL_VERSION);
	if (buf[5] != type)
		return invalid(err, errlen, "unexpected frame type %u", buf[5]);
	if (len < flen)
		return ROAM_CTL_INCOMPLETE;
	return ROAM_CTL_COMPLETE;
}

int roam_ctl_decode_request(const uint8_t *buf, size_t len,
			    unsigned int *flags, struct roam_tokens *t,
			    size_t *frame_len, char *err, size_t errlen)
{
	size_t flen = 0, off, out = 0;
	unsigned int argc, i;
	int ret;

	t->argc = 0;
	t->argv[0] = NULL;
	ret = decode_hdr(buf, len, ROAM_CTL_TYPE_REQUEST,
			 ROAM_CTL_HDR_LEN + 2, ROAM_CTL_REQUEST_MAX,
			 &flen, err, errlen);
	if (ret != ROAM_CTL_COMPLETE)
		return ret;

	*flags = get_u16(buf + 6);
	if (*flags & ~ROAM_CTL_F_ALL)
		return invalid(err, errlen, "unknown request flags 0x%x",
			       *flags);
	argc = get_u16(buf + 8);
	if (argc > ROAM_TOK_MAX_ARGS)
		return invalid(err, errlen, "too many words (%u, at most %d)",
			       argc, ROAM_TOK_MAX_ARGS);

	off = ROAM_CTL_HDR_LEN + 2;
	for (i = 0; i < argc; i++) {
		size_t wlen;

		if (flen - off < 2)
			return invalid(err, errlen, "word %u truncated", i);
		wlen = get_u16(buf + off);
		off += 2;
		if (flen - off < wlen)
			return invalid(err, errlen, "word %u truncated", i);
		if (memchr(buf + off, '\0', wlen))
			return invalid(err, errlen, "word %u holds a NUL byte", i);
		if (sizeof(t->store) - out < wlen + 1)
			return invalid(err, errlen, "words too long");
		memcpy(&t->store[out], buf + off, wlen);
		t->store[out + wlen] = '\0';
		t->argv[i] = &t->store[out];
		t->len[i] = wlen;
		t->col[i] = 0;
		out += wlen + 1;
		off += wlen;
	}
	if (off != flen)
		return invalid(err, errlen, "%zu bytes after the last word",
			       flen - off);
	t->argc = argc;
	t->argv[argc] = NULL;
	*frame_len = flen;
	return ROAM_CTL_COMPLETE;
}

void roam_ctl_encode_reply_hdr(uint8_t hdr[ROAM_CTL_HDR_LEN],
			       enum roam_ctl_status status, size_t text_len)
{
	put_u32(hdr, ROAM_CTL_HDR_LEN + text_len);
	hdr[4] = ROAM_CTL_VERSION;
	hdr[5] = ROAM_CTL_TYPE_REPLY;
	put_u16(hdr + 6, status);
}

int roam_ctl_decode_reply(const uint8_t *buf, size_t len,
			  enum roam_ctl_status *status, const char **text,
			  size_t *text_len, size_t *frame_len,
			  char *err, size_t errlen)
{
	size_t flen = 0;
	uint16_t st;
	int ret;

	ret = decode_hdr(buf, len, ROAM_CTL_TYPE_REPLY, ROAM_CTL_HDR_LEN,
			 ROAM_CTL_REPLY_MAX, &flen, err, errlen);
	*frame_len = flen;
	if (ret != ROAM_CTL_COMPLETE)
		return ret;
	st = get_u16(buf + 6);
	if (st > ROAM_CTL_S_FAILED)
		return invalid(err, errlen, "unknown reply status %u", st);
	*status = st;
	*text = (const char *)buf + ROAM_CTL_HDR_LEN;
	*text_len = flen - ROAM_CTL_HDR_LEN;
	return ROAM_CTL_COMPLETE;
}
