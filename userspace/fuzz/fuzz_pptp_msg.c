// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the PPTP control codecs alone (pptp/stream.c,
 * pptp/msg.c): the input is what a client sends on TCP 1723, as one byte
 * stream.  No call state, no timers: the codec at full speed, where
 * fuzz_pptp runs the control connection.
 *
 * Besides crashes it checks:
 *  - the stream cuts the same messages, and fails at the same point,
 *    whether the bytes arrive at once or in small pieces (as TCP may
 *    deliver them);
 *  - every message that decodes is written again by pptp_msg_build, and
 *    what is written decodes to the same fields and is written again to
 *    the same bytes (reserved octets and text after its NUL are the only
 *    things a decode forgets).
 */
#include <stdlib.h>
#include <string.h>

#include "pptp/msg.h"
#include "pptp/stream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What one pass of the stream cut: the messages back to back. */
struct cut {
	uint8_t bytes[1 << 16];
	size_t len;
	unsigned int n;
	enum pptp_stream_ret last;
	enum pptp_msg_errcode err;
};

static void msg_round_trip(const uint8_t *msg, size_t len)
{
	static struct pptp_msg m, again;
	uint8_t out[PPTP_MSG_MAX], out2[PPTP_MSG_MAX];
	struct pptp_msg_err err;
	size_t n;

	if (pptp_msg_parse(msg, len, &m, &err)) {
		if (!pptp_msg_strerror(err.code))
			abort();
		return;
	}
	if (!pptp_ctrl_type_name(m.type))
		abort();
	n = pptp_msg_build(&m, out, sizeof(out));
	if (!n || n != pptp_msg_size(m.type) || n > len)
		abort();
	if (pptp_msg_parse(out, n, &again, &err) ||
	    memcmp(&m, &again, sizeof(m)))
		abort();
	if (pptp_msg_build(&again, out2, sizeof(out2)) != n ||
	    memcmp(out, out2, n))
		abort();
}

/* Feed the stream in pieces of at most step octets (0: all at once). */
static void cut_stream(const uint8_t *data, size_t size, size_t step,
		       struct cut *c)
{
	static struct pptp_stream s;
	const uint8_t *msg;
	size_t msg_len, off = 0;

	pptp_stream_init(&s);
	c->len = 0;
	c->n = 0;
	c->last = PPTP_STREAM_NEED;
	c->err = PPTP_MSG_OK;
	while (off < size) {
		size_t piece = step && size - off > step ? step : size - off;
		const uint8_t *p = data + off;
		size_t left = piece;

		for (;;) {
			c->last = pptp_stream_next(&s, &p, &left, &msg,
						   &msg_len);
			if (c->last != PPTP_STREAM_MSG)
				break;
			if (msg_len > PPTP_MSG_MAX ||
			    c->len + msg_len > sizeof(c->bytes))
				abort();
			memcpy(c->bytes + c->len, msg, msg_len);
			c->len += msg_len;
			c->n++;
			if (step == 0)
				msg_round_trip(msg, msg_len);
		}
		if (c->last == PPTP_STREAM_ERROR) {
			c->err = s.err.code;
			return;
		}
		if (left)		/* NEED means all input was used */
			abort();
		off += piece;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cut whole, pieces;
	size_t step;

	if (size > 8192)
		return 0;
	cut_stream(data, size, 0, &whole);
	/* piece size from the input, so that the fuzzer varies it too */
	step = size ? 1 + data[size - 1] % 16 : 1;
	cut_stream(data, size, step, &pieces);
	if (whole.n != pieces.n || whole.len != pieces.len ||
	    whole.last != pieces.last || whole.err != pieces.err ||
	    memcmp(whole.bytes, pieces.bytes, whole.len))
		abort();
	return 0;
}
