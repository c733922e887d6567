/* SPDX-License-Identifier: GPL-2.0 */
/* A libnl socket that reports the kernel's error text (extack). */
#ifndef ROAM_NL_H
#define ROAM_NL_H

#include <netlink/netlink.h>

#include "nlerr.h"

struct roam_nl_err {
	int error;			/* positive errno, 0 when none */
	char msg[ROAM_NL_MSG_MAX];	/* extack or our own text; may be "" */
};

void roam_nl_err_set(struct roam_nl_err *e, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Text for the user: the extack message, or strerror(error). */
const char *roam_nl_err_text(const struct roam_nl_err *e);

/* Open and connect a netlink socket with extended acks enabled. */
struct nl_sock *roam_nl_open(int protocol, struct roam_nl_err *e);

/*
 * Called for each reply message; returns NL_OK.  It reports its own
 * failures through its argument: the exchange still runs to its end so
 * that the socket stays in step.
 */
typedef int (*roam_nl_msg_cb)(struct nl_msg *msg, void *arg);

/*
 * Send msg (which the caller still owns) and process the replies until
 * the kernel's ACK or the end of the dump.  Returns 0, or -1 with e set.
 */
int roam_nl_transact(struct nl_sock *sk, struct nl_msg *msg,
		     roam_nl_msg_cb valid, void *arg, struct roam_nl_err *e);

#endif /* ROAM_NL_H */
