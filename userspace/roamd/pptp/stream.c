// SPDX-License-Identifier: GPL-2.0
/*
 * Stream reassembly.  Every message goes through buf, also when it came in
 * one piece: one path for all inputs is one path to test, and a copy of
 * at most 220 octets costs nothing next to the system call that read it.
 */
#include <string.h>

#include "stream.h"

void pptp_stream_init(struct pptp_stream *s)
{
	memset(s, 0, sizeof(*s));
}

static size_t take(struct pptp_stream *s, const uint8_t **data, size_t *len,
		   size_t want)
{
	size_t n = want - s->have;

	if (n > *len)
		n = *len;
	memcpy(s->buf + s->have, *data, n);
	s->have += n;
	*data += n;
	*len -= n;
	return n;
}

enum pptp_stream_ret pptp_stream_next(struct pptp_stream *s,
				      const uint8_t **data, size_t *len,
				      const uint8_t **msg, size_t *msg_len)
{
	size_t want;

	if (s->failed)
		return PPTP_STREAM_ERROR;
	if (s->have < PPTP_HDR_LEN) {
		take(s, data, len, PPTP_HDR_LEN);
		if (s->have < PPTP_HDR_LEN)
			return PPTP_STREAM_NEED;
		/* A message whose header passes fits in buf. */
		if (pptp_hdr_check(s->buf, s->have, &s->err) != PPTP_MSG_OK) {
			s->failed = true;
			return PPTP_STREAM_ERROR;
		}
	}
	want = (size_t)(s->buf[0] << 8 | s->buf[1]);
	take(s, data, len, want);
	if (s->have < want)
		return PPTP_STREAM_NEED;
	*msg = s->buf;
	*msg_len = want;
	s->have = 0;
	return PPTP_STREAM_MSG;
}
