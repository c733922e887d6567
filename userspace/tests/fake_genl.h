/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's side of a session dump, played behind libnl's own hooks
 * (nl_cb_overwrite_send/recv) so that roam_genl_session_list() runs
 * unchanged without the roam module: N L2TP sessions encoded as the
 * kernel sends them (roam_nl_fill_session()), handed out in parts of a
 * given size, then NLMSG_DONE.  A reading can be marked interrupted
 * (NLM_F_DUMP_INTR, as the kernel marks it when the list changed) or end
 * with an error.  For the unit tests and bench/session_show.
 */
#ifndef ROAM_FAKE_GENL_H
#define ROAM_FAKE_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "genl.h"

struct fake_genl {
	uint8_t *rows;		/* the messages, back to back */
	size_t len;
	size_t *part_end;	/* where each part ends in rows */
	size_t nparts;
	/* the reading under way */
	uint32_t seq;		/* its request's sequence number */
	size_t next;		/* its next part */
	bool done_sent;
	bool intr;		/* this reading is marked interrupted */
	/* what the test asks for and counts */
	unsigned int interrupt;	/* mark this many readings interrupted */
	int done_error;		/* negative errno in NLMSG_DONE; 0: none */
	/* >0: this part (from 1) of a reading fails, as recvmsg() would */
	unsigned int fail_part;
	unsigned int readings;	/* dump requests received */
};

extern struct fake_genl fake_genl;

/*
 * Sessions 1..n on ifindex, in parts of at most part_max bytes; extra
 * (may be NULL, len 0) is appended as one more message, raw (a malformed
 * one, say).  0, or -1 when out of memory.
 */
int fake_genl_build(uint32_t ifindex, unsigned int n, size_t part_max,
		    const void *extra, size_t extra_len);
void fake_genl_free(void);

/* A roam_genl whose requests go to the fake kernel; roam_genl_close(). */
int fake_genl_open(struct roam_genl *g);

/* The family id the fake kernel uses. */
#define FAKE_GENL_FAMILY	0x1234

#endif /* ROAM_FAKE_GENL_H */
