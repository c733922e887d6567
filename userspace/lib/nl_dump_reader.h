/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A netlink dump received by a thread of its own while the caller decodes
 * what has arrived.  The kernel fills each part of a dump inside the
 * reader's recvmsg(): with one thread, the kernel's filling and the
 * caller's decoding (and printing) take turns; with two CPUs they can
 * overlap.  The reader hands the parts over in the order they came, in a
 * queue of a few buffers, and stops at the part that ends the reply (its
 * DONE, an error, an overrun, a message of another request: where
 * nl_dump.c stops reading too) or at a failed receive.  Whether the dump
 * was interrupted is the caller's to see (NLM_F_DUMP_INTR), as before.
 */
#ifndef ROAM_NL_DUMP_READER_H
#define ROAM_NL_DUMP_READER_H

#include <stdbool.h>
#include <stdint.h>

#include "nl_dump.h"

struct roam_nl_reader;

/*
 * Parts received ahead of the caller at most (buffers of 64 KiB each,
 * 1 MiB in all: some 2,000 rows of 100k).
 */
#define ROAM_NL_READER_PARTS	16

/* One part: valid until roam_nl_reader_put(). */
struct roam_nl_part {
	unsigned char *buf;
	int len;		/* > 0; or -1: the receive failed */
	bool last;		/* the reply ends in it (or failed) */
};

/*
 * Start receiving the reply to request seq, already sent on sk (through
 * recv as roam_nl_dump() takes it, NULL for the socket itself).  sk is
 * the reader's until roam_nl_reader_stop().  NULL when the process may
 * run on one CPU only (a thread would not overlap with it), or when no
 * thread or memory could be had: read the dump without one then.
 */
struct roam_nl_reader *roam_nl_reader_start(struct nl_sock *sk,
					    roam_nl_recv_fn recv,
					    uint32_t seq);

/*
 * The next part, waiting for it.  After a part with last set there is
 * none: stop.  A failed receive is a part with len -1 and last set; e
 * then says why.
 */
void roam_nl_reader_next(struct roam_nl_reader *r, struct roam_nl_part *part,
			 struct roam_nl_err *e);

/* Give a part's buffer back, for the reader to fill again. */
void roam_nl_reader_put(struct roam_nl_reader *r, struct roam_nl_part *part);

/*
 * End the reader and free it.  Only after the part marked last: the
 * thread may be in recvmsg() until then.
 */
void roam_nl_reader_stop(struct roam_nl_reader *r);

/*
 * Does the datagram end the reply to seq?  The same test as the reading
 * loop's (nl_dump.c): a DONE, an error or ack, an overrun, or a message
 * of another request.
 */
bool roam_nl_part_ends(const unsigned char *buf, int len, uint32_t seq);

#endif /* ROAM_NL_DUMP_READER_H */
