// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/msg.h>

#include "nl_dump.h"
#include "nl_dump_reader.h"

/*
 * The sequence numbers of dumps read here; taken by the thread that sends
 * the request (a reader thread only receives).
 */
static uint32_t dump_seq;

/*
 * Without a receive hook, each part of the reply is read with one
 * recvmsg() into one buffer of this size, kept for the whole dump.  The
 * kernel fills a dump part with as much as the reader's largest buffer so
 * far held, up to 32 KiB (af_netlink's cap, 6.1 and 6.12 alike), so a
 * part always fits.  libnl's nl_recv() peeks at every datagram for its
 * size first (two system calls a part), allocates a buffer for each, and
 * reads with four pages, which made the kernel send twice as many parts.
 */
#define DUMP_BUF_SIZE	ROAM_NL_DUMP_BUF_SIZE

int roam_nl_recv_part(struct nl_sock *sk, unsigned char *buf,
		      struct roam_nl_err *e)
{
	struct sockaddr_nl nla;
	struct iovec iov = { .iov_base = buf, .iov_len = DUMP_BUF_SIZE };
	struct msghdr m = {
		.msg_name = &nla,
		.msg_namelen = sizeof(nla),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t len;

	do {
		len = recvmsg(nl_socket_get_fd(sk), &m, 0);
	} while (len < 0 && errno == EINTR);
	if (len < 0) {
		roam_nl_err_set(e, EIO, "netlink: %s", strerror(errno));
		return -1;
	}
	if (!len) {
		roam_nl_err_set(e, EIO, "netlink: the kernel closed the socket");
		return -1;
	}
	if (m.msg_flags & MSG_TRUNC) {
		roam_nl_err_set(e, EMSGSIZE,
				"netlink: a reply part larger than %u bytes",
				DUMP_BUF_SIZE);
		return -1;
	}
	return len;
}

struct dump {
	roam_nl_row_fn row;
	void *arg;
	uint32_t seq;		/* the request's */
	bool intr;		/* a message was marked NLM_F_DUMP_INTR */
	bool nomem;		/* a row could not be kept */
};

/*
 * The messages of one datagram: 1 when the reply is over (its DONE, its
 * ack, an error), 0 to read on, -1 with e set when it failed.
 */
static int dump_msgs(struct dump *d, struct nlmsghdr *h, int len,
		     struct roam_nl_err *e)
{
	int error;

	for (; nlmsg_ok(h, len); h = nlmsg_next(h, &len)) {
		if (h->nlmsg_seq != d->seq) {
			roam_nl_err_set(e, EPROTO,
					"netlink: a reply to another request");
			return -1;
		}
		if (h->nlmsg_flags & NLM_F_DUMP_INTR)
			d->intr = true;
		switch (h->nlmsg_type) {
		case NLMSG_NOOP:
			continue;
		case NLMSG_OVERRUN:
			roam_nl_err_set(e, EIO, "netlink: overrun");
			return -1;
		case NLMSG_DONE:
			/* an old kernel's DONE may carry no error code */
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(int)))
				return 1;
			/* fall through */
		case NLMSG_ERROR:
			/* the error code (0: the ack), the kernel's text */
			error = roam_nl_parse_error(h, h->nlmsg_len, e->msg,
						    sizeof(e->msg));
			if (error) {
				e->error = error;
				return -1;
			}
			return 1;
		default:
			/* out of memory, read on: the socket stays in step */
			if (!d->nomem && d->row(h, d->arg))
				d->nomem = true;
		}
	}
	return 0;
}

int roam_nl_recv_hooked(struct nl_sock *sk, roam_nl_recv_fn recv,
			unsigned char **buf, struct roam_nl_err *e)
{
	struct sockaddr_nl nla;
	int len;

	memset(&nla, 0, sizeof(nla));
	len = recv(sk, &nla, buf, NULL);
	if (len <= 0) {
		roam_nl_err_set(e, EIO, "netlink: %s",
				len ? nl_geterror(len) :
				      "the kernel closed the socket");
		return -1;
	}
	return len;
}

/* The reply read through the hook, a buffer it allocates per datagram. */
static int dump_hooked(struct dump *d, struct nl_sock *sk,
		       roam_nl_recv_fn recv, struct roam_nl_err *e)
{
	unsigned char *buf;
	int ret, len;

	do {
		buf = NULL;
		len = roam_nl_recv_hooked(sk, recv, &buf, e);
		if (len < 0) {
			free(buf);
			return -1;
		}
		ret = dump_msgs(d, (struct nlmsghdr *)buf, len, e);
		free(buf);
	} while (!ret);
	return ret;
}

/* The reply read from the socket itself, into buf for all of it. */
static int dump_direct(struct dump *d, struct nl_sock *sk, unsigned char *buf,
		       struct roam_nl_err *e)
{
	int ret, len;

	do {
		len = roam_nl_recv_part(sk, buf, e);
		ret = len < 0 ? -1 :
		      dump_msgs(d, (struct nlmsghdr *)buf, len, e);
	} while (!ret);
	return ret;
}

/*
 * The reply received by a thread of its own (nl_dump_reader.h) while the
 * parts already in are handed to the rows here.  Every part is taken,
 * up to the one the reader marks last, so that the thread is not left
 * in recvmsg() when it is stopped; it marks last where dump_msgs() ends.
 */
static int dump_threaded(struct dump *d, struct roam_nl_reader *r,
			 struct roam_nl_err *e)
{
	struct roam_nl_part part;
	int ret = 0;

	do {
		roam_nl_reader_next(r, &part, e);
		if (part.len < 0)
			ret = -1;
		else if (!ret)
			ret = dump_msgs(d, (struct nlmsghdr *)part.buf,
					part.len, e);
		roam_nl_reader_put(r, &part);
	} while (!part.last);
	roam_nl_reader_stop(r);
	/* a reply cut short: the socket's next datagram is not ours */
	if (!ret) {
		roam_nl_err_set(e, EPROTO, "netlink: the reply ended early");
		ret = -1;
	}
	return ret;
}

static int dump(struct nl_sock *sk, roam_nl_recv_fn recv, bool threaded,
		struct nl_msg *msg, roam_nl_row_fn row, void *arg,
		struct roam_nl_err *e)
{
	struct dump d = { .row = row, .arg = arg };
	struct roam_nl_reader *r = NULL;
	unsigned char *buf = NULL;
	int ret;

	roam_nl_err_set(e, 0, NULL);
	/*
	 * Before the request: a reply left unread would put the socket out
	 * of step with libnl's next exchange.  Also when a reader thread is
	 * asked for: it may not start, and the reply is then read here.
	 */
	if (!recv) {
		buf = malloc(DUMP_BUF_SIZE);
		if (!buf) {
			roam_nl_err_set(e, ENOMEM, NULL);
			return -1;
		}
	}
	/*
	 * A sequence number of our own: libnl's own (nl_send_auto() takes
	 * the next one when none is set) must stay in step with what its
	 * receive loop expects next, and that loop never sees this reply.
	 */
	if (!++dump_seq)
		dump_seq = 1;
	nlmsg_hdr(msg)->nlmsg_seq = dump_seq;
	ret = nl_send_auto(sk, msg);
	if (ret < 0) {
		free(buf);
		roam_nl_err_set(e, EIO, "cannot send netlink request: %s",
				nl_geterror(ret));
		return -1;
	}
	d.seq = nlmsg_hdr(msg)->nlmsg_seq;
	if (threaded)
		r = roam_nl_reader_start(sk, recv, d.seq);
	if (r)
		ret = dump_threaded(&d, r, e);
	else if (recv)
		ret = dump_hooked(&d, sk, recv, e);
	else
		ret = dump_direct(&d, sk, buf, e);
	free(buf);
	if (ret < 0)
		return -1;
	if (d.nomem) {
		roam_nl_err_set(e, ENOMEM, NULL);
		return -1;
	}
	if (d.intr) {
		roam_nl_err_set(e, EAGAIN,
				"the list changed while it was read; try again");
		return -1;
	}
	return 0;
}

int roam_nl_dump(struct nl_sock *sk, roam_nl_recv_fn recv,
		 struct nl_msg *msg, roam_nl_row_fn row, void *arg,
		 struct roam_nl_err *e)
{
	return dump(sk, recv, false, msg, row, arg, e);
}

int roam_nl_dump_threaded(struct nl_sock *sk, roam_nl_recv_fn recv,
			  struct nl_msg *msg, roam_nl_row_fn row, void *arg,
			  struct roam_nl_err *e)
{
	return dump(sk, recv, true, msg, row, arg, e);
}
