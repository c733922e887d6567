/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cutting a TCP byte stream into PPTP control messages.  Bytes arrive in
 * whatever pieces TCP delivers; the stream keeps at most one partial
 * message (PPTP_MSG_MAX octets) and hands out whole ones.  As soon as
 * the header of a message is in, its Length, type and cookie are checked
 * (pptp_hdr_check), so garbage is refused after 12 octets rather than
 * after up to 64 KiB; once the stream has failed it stays failed, since
 * nothing after a framing error can be trusted: the host closes the
 * connection.
 */
#ifndef ROAM_PPTP_STREAM_H
#define ROAM_PPTP_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "msg.h"

struct pptp_stream {
	uint8_t buf[PPTP_MSG_MAX];
	size_t have;			/* octets of the message in buf */
	bool failed;
	struct pptp_msg_err err;	/* why, once failed */
};

enum pptp_stream_ret {
	PPTP_STREAM_NEED,		/* all input used, no whole message */
	PPTP_STREAM_MSG,		/* *msg is a whole, header-checked one */
	PPTP_STREAM_ERROR,		/* framing lost: s->err says why */
};

void pptp_stream_init(struct pptp_stream *s);

/*
 * Take octets from *data (at most *len), advancing both, until a message
 * is whole: then *msg and *msg_len describe it (valid until the next
 * call).  Call again with what is left until it returns NEED.
 */
enum pptp_stream_ret pptp_stream_next(struct pptp_stream *s,
				      const uint8_t **data, size_t *len,
				      const uint8_t **msg, size_t *msg_len);

#endif /* ROAM_PPTP_STREAM_H */
