/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A netlink dump read without libnl's receive loop, which allocates and
 * copies every message before its callback sees it: at 100k sessions
 * that was a good part of "roam session show".  Here each message is
 * handed over in place, in the buffer it was received into.
 */
#ifndef ROAM_NL_DUMP_H
#define ROAM_NL_DUMP_H

#include <netlink/netlink.h>

#include "nl.h"

/* How a datagram is received: nl_recv()'s signature. */
typedef int (*roam_nl_recv_fn)(struct nl_sock *sk, struct sockaddr_nl *nla,
			       unsigned char **buf, struct ucred **creds);

/*
 * One data message of the reply, valid for the call only: 0, or -1 when
 * out of memory (the dump is still read to its end, then fails).
 */
typedef int (*roam_nl_row_fn)(struct nlmsghdr *h, void *arg);

/*
 * Send msg (the caller still owns it) and hand each data message of the
 * reply to row, until the dump's NLMSG_DONE or the request's ack.  recv:
 * NULL to read the socket directly (one recvmsg() a part into one 64 KiB
 * buffer), else a hook in nl_recv()'s place (where the unit tests play
 * the kernel).  Returns 0,
 * or -1 with e set: the kernel's error and extack text; EAGAIN when the
 * kernel marked the dump interrupted (NLM_F_DUMP_INTR: read it again,
 * dump_retry.h); ENOMEM; EIO or EPROTO when the socket failed; EMSGSIZE
 * when a part did not fit.
 */
int roam_nl_dump(struct nl_sock *sk, roam_nl_recv_fn recv,
		 struct nl_msg *msg, roam_nl_row_fn row, void *arg,
		 struct roam_nl_err *e);

/*
 * The same, with the reply received by a thread of its own while row
 * decodes the parts already in (nl_dump_reader.h): for a program's one
 * long listing, where the kernel's filling of the parts and the decoding
 * can overlap on two CPUs.  row runs in the calling thread.  On one CPU,
 * or without a thread to be had, read as roam_nl_dump() reads.
 */
int roam_nl_dump_threaded(struct nl_sock *sk, roam_nl_recv_fn recv,
			  struct nl_msg *msg, roam_nl_row_fn row, void *arg,
			  struct roam_nl_err *e);

/*
 * A reply part is read into a buffer of this size (the kernel fills a
 * dump part with up to 32 KiB, so a part always fits).
 */
#define ROAM_NL_DUMP_BUF_SIZE	(64u << 10)

/*
 * One datagram from sk into buf (ROAM_NL_DUMP_BUF_SIZE bytes): its
 * length, or -1 with e set.  A datagram larger than the buffer is an
 * error (EMSGSIZE): its tail is lost.
 */
int roam_nl_recv_part(struct nl_sock *sk, unsigned char *buf,
		      struct roam_nl_err *e);

/*
 * One datagram through the hook recv, into *buf, which the hook
 * allocates and the caller frees (also on failure): its length, or -1
 * with e set.
 */
int roam_nl_recv_hooked(struct nl_sock *sk, roam_nl_recv_fn recv,
			unsigned char **buf, struct roam_nl_err *e);

#endif /* ROAM_NL_DUMP_H */
