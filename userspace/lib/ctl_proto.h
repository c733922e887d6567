/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Framing of roamd's control socket (a unix stream socket).  One request
 * and one reply per connection.  All integers big-endian.
 *
 *   request:  u32 length | u8 version | u8 type=1 | u16 flags | u16 argc |
 *             argc * (u16 len | len bytes, no NUL)
 *   reply:    u32 length | u8 version | u8 type=2 | u16 status | text
 *
 * "length" counts the whole frame, itself included.  The words of a
 * request are the command without "roam" ("user", "add", "alice", ...).
 * The reply's text is what the command printed (status 0) or the error
 * message (otherwise), without a trailing NUL.
 *
 * One exception: the request "monitor" keeps the connection open.  roamd
 * answers with an empty reply (status 0) at once, then with one reply
 * per session event (its text: one line, JSON with ROAM_CTL_F_JSON),
 * until either side hangs up.
 */
#ifndef ROAM_CTL_PROTO_H
#define ROAM_CTL_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tokenize.h"

#define ROAM_CTL_VERSION	1
#define ROAM_CTL_HDR_LEN	8
/* A request holds at most one command line's worth of words. */
#define ROAM_CTL_REQUEST_MAX	(ROAM_CTL_HDR_LEN + 2 + \
				 ROAM_TOK_MAX_ARGS * 2 + ROAM_LINE_MAX)
/*
 * "session show" of 100k sessions is some 50 MB of JSON with counters:
 * room for several times that.  The reader allocates what the header
 * says, up to this, from roamd only (the socket is root's).
 */
#define ROAM_CTL_REPLY_MAX	(256u << 20)

#define ROAM_CTL_TYPE_REQUEST	1
#define ROAM_CTL_TYPE_REPLY	2

/* Request flags: the CLI's output options. */
#define ROAM_CTL_F_JSON		0x1
#define ROAM_CTL_F_PRETTY	0x2
#define ROAM_CTL_F_STATS	0x4
#define ROAM_CTL_F_ALL		0x7

/* Reply status; also the CLI's exit code. */
enum roam_ctl_status {
	ROAM_CTL_S_OK = 0,
	ROAM_CTL_S_USAGE = 1,	/* the command is malformed */
	ROAM_CTL_S_FAILED = 2,	/* refused or failed */
};

/* Results of the decoders. */
#define ROAM_CTL_COMPLETE	0
#define ROAM_CTL_INCOMPLETE	1	/* read more, then call again */
#define ROAM_CTL_INVALID	(-1)	/* drop the connection */

/* Encode a request; returns its length, or -1 if it does not fit. */
ssize_t roam_ctl_encode_request(uint8_t *buf, size_t size,
				unsigned int flags,
				const struct roam_tokens *t);

/*
 * Decode a request from the first len bytes received.  On
 * ROAM_CTL_COMPLETE, *frame_len is the number of bytes it used and t holds
 * the words.  ROAM_CTL_INVALID comes with a message in err.
 */
int roam_ctl_decode_request(const uint8_t *buf, size_t len,
			    unsigned int *flags, struct roam_tokens *t,
			    size_t *frame_len, char *err, size_t errlen);

/* Encode the header of a reply whose text follows it. */
void roam_ctl_encode_reply_hdr(uint8_t hdr[ROAM_CTL_HDR_LEN],
			       enum roam_ctl_status status, size_t text_len);

/*
 * Decode a reply.  With only the header received, it already tells the
 * full *frame_len (and returns ROAM_CTL_INCOMPLETE), so the reader can
 * size its buffer.  On ROAM_CTL_COMPLETE, *text points into buf.
 */
int roam_ctl_decode_reply(const uint8_t *buf, size_t len,
			  enum roam_ctl_status *status, const char **text,
			  size_t *text_len, size_t *frame_len,
			  char *err, size_t errlen);

#endif /* ROAM_CTL_PROTO_H */
