// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <stdlib.h>

#include "ctl_proto.h"
#include "test.h"

static struct roam_tokens in, out;
static uint8_t buf[ROAM_CTL_REQUEST_MAX + 16];
static char err[256];

static ssize_t encode(const char *line, unsigned int flags)
{
	CHECK_INT(roam_tokenize(line, strlen(line), &in, err, sizeof(err)), 0);
	return roam_ctl_encode_request(buf, sizeof(buf), flags, &in);
}

static int decode(size_t len, unsigned int *flags, size_t *flen)
{
	err[0] = '\0';
	return roam_ctl_decode_request(buf, len, flags, &out, flen, err,
				       sizeof(err));
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void request_round_trip(void)
{
	unsigned int flags = 0;
	size_t flen = 0;
	ssize_t n;
	int i;

	n = encode("user add alice password \"x y\"",
		   ROAM_CTL_F_JSON | ROAM_CTL_F_STATS);
	CHECK(n > 0);
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_COMPLETE);
	CHECK_INT(flen, n);
	CHECK_INT(flags, ROAM_CTL_F_JSON | ROAM_CTL_F_STATS);
	CHECK_INT(out.argc, in.argc);
	for (i = 0; i < in.argc; i++) {
		CHECK_STR(out.argv[i], in.argv[i]);
		CHECK_INT(out.len[i], in.len[i]);
	}
	CHECK(out.argv[out.argc] == NULL);

	/* bytes after the frame are not its business */
	CHECK_INT(decode(n + 5, &flags, &flen), ROAM_CTL_COMPLETE);
	CHECK_INT(flen, n);

	/* no words at all is a valid frame (the grammar refuses it) */
	in.argc = 0;
	n = roam_ctl_encode_request(buf, sizeof(buf), 0, &in);
	CHECK_INT(n, ROAM_CTL_HDR_LEN + 2);
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_COMPLETE);
	CHECK_INT(out.argc, 0);
}

static void request_truncated(void)
{
	unsigned int flags;
	size_t flen, len;
	ssize_t n = encode("pool add office range 10.0.0.1-10.0.0.9", 0);

	/* every prefix asks for more; none is taken as a frame */
	for (len = 0; len < (size_t)n; len++)
		CHECK_INT(decode(len, &flags, &flen), ROAM_CTL_INCOMPLETE);
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_COMPLETE);
}

static void request_malformed(void)
{
	unsigned int flags;
	size_t flen;
	ssize_t n;

	n = encode("user show", 0);
	put32(buf, ROAM_CTL_REQUEST_MAX + 1);
	CHECK_INT(decode(4, &flags, &flen), ROAM_CTL_INVALID);
	CHECK_HAS(err, "frame too large");
	put32(buf, 0xffffffff);
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_INVALID);
	put32(buf, 9);
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_INVALID);
	CHECK_HAS(err, "frame too short");

	n = encode("user show", 0);
	buf[4] = 9;
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_INVALID);
	CHECK_HAS(err, "unsupported protocol version 9");

	n = encode("user show", 0);
	buf[5] = ROAM_CTL_TYPE_REPLY;
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_INVALID);
	CHECK_HAS(err, "unexpected frame type");

	n = encode("user show", 0);
	buf[7] = 0x80;
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_INVALID);
	CHECK_HAS(err, "unknown request flags");

	n = encode("user show", 0);
	buf[8] = 0x01;	/* argc 256+2 */
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_INVALID);
	CHECK_HAS(err, "too many words");

	n = encode("user show", 0);
	buf[9] = 3;	/* a third word that is not there */
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_INVALID);
	CHECK_HAS(err, "word 2 truncated");

	n = encode("user show", 0);
	buf[ROAM_CTL_HDR_LEN + 2 + 1] = 200;	/* first word's length */
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_INVALID);
	CHECK_HAS(err, "word 0 truncated");

	n = encode("user show", 0);
	buf[9] = 1;	/* one word declared, two present */
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_INVALID);
	CHECK_HAS(err, "bytes after the last word");

	n = encode("user show", 0);
	buf[ROAM_CTL_HDR_LEN + 2 + 2 + 1] = '\0';
	CHECK_INT(decode(n, &flags, &flen), ROAM_CTL_INVALID);
	CHECK_HAS(err, "NUL byte");
}

static void request_encode_limits(void)
{
	uint8_t small[16];

	CHECK(encode("user show", 0) > 0);
	CHECK_INT(roam_ctl_encode_request(small, sizeof(small), 0, &in), -1);
	CHECK_INT(roam_ctl_encode_request(buf, sizeof(buf), 0x100, &in), -1);
}

static void reply_round_trip(void)
{
	enum roam_ctl_status st;
	const char *text;
	size_t tlen, flen, i;
	uint8_t r[64];

	roam_ctl_encode_reply_hdr(r, ROAM_CTL_S_FAILED, 5);
	memcpy(r + ROAM_CTL_HDR_LEN, "nope!", 5);
	for (i = 0; i < ROAM_CTL_HDR_LEN + 5; i++) {
		CHECK_INT(roam_ctl_decode_reply(r, i, &st, &text, &tlen, &flen,
						err, sizeof(err)),
			  ROAM_CTL_INCOMPLETE);
		/* from the header on, the full length is known */
		if (i >= 4)
			CHECK_INT(flen, ROAM_CTL_HDR_LEN + 5);
	}
	CHECK_INT(roam_ctl_decode_reply(r, ROAM_CTL_HDR_LEN + 5, &st, &text,
					&tlen, &flen, err, sizeof(err)),
		  ROAM_CTL_COMPLETE);
	CHECK_INT(st, ROAM_CTL_S_FAILED);
	CHECK_INT(tlen, 5);
	CHECK(!memcmp(text, "nope!", 5));

	roam_ctl_encode_reply_hdr(r, ROAM_CTL_S_OK, 0);
	CHECK_INT(roam_ctl_decode_reply(r, ROAM_CTL_HDR_LEN, &st, &text, &tlen,
					&flen, err, sizeof(err)),
		  ROAM_CTL_COMPLETE);
	CHECK_INT(tlen, 0);
}

static void reply_malformed(void)
{
	enum roam_ctl_status st;
	const char *text;
	size_t tlen, flen;
	uint8_t r[16];

	roam_ctl_encode_reply_hdr(r, ROAM_CTL_S_OK, 0);
	r[7] = 3;
	CHECK_INT(roam_ctl_decode_reply(r, 8, &st, &text, &tlen, &flen, err,
					sizeof(err)), ROAM_CTL_INVALID);
	CHECK_HAS(err, "unknown reply status 3");

	put32(r, ROAM_CTL_REPLY_MAX + 1);
	CHECK_INT(roam_ctl_decode_reply(r, 8, &st, &text, &tlen, &flen, err,
					sizeof(err)), ROAM_CTL_INVALID);
	CHECK_HAS(err, "frame too large");

	put32(r, 7);
	CHECK_INT(roam_ctl_decode_reply(r, 8, &st, &text, &tlen, &flen, err,
					sizeof(err)), ROAM_CTL_INVALID);

	roam_ctl_encode_reply_hdr(r, ROAM_CTL_S_OK, 0);
	r[5] = ROAM_CTL_TYPE_REQUEST;
	CHECK_INT(roam_ctl_decode_reply(r, 8, &st, &text, &tlen, &flen, err,
					sizeof(err)), ROAM_CTL_INVALID);
}

void suite_ctl_proto(void)
{
	RUN(request_round_trip);
	RUN(request_truncated);
	RUN(request_malformed);
	RUN(request_encode_limits);
	RUN(reply_round_trip);
	RUN(reply_malformed);
}
