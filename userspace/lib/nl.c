// SPDX-License-Identifier: GPL-2.0
/*
 * Request/reply over libnl with the kernel's error text.  libnl 3.7 has
 * no extended-ack support of its own, so the socket option is set by
 * hand and the text is read out of the raw NLMSG_ERROR (or NLMSG_DONE)
 * that libnl hands to the error and finish callbacks.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/msg.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

void roam_nl_err_set(struct roam_nl_err *e, int error, const char *fmt, ...)
{
	va_list ap;

	e->error = error;
	e->msg[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
}

const char *roam_nl_err_text(const struct roam_nl_err *e)
{
	if (e->msg[0])
		return e->msg;
	return strerror(e->error ? e->error : EIO);
}

struct nl_sock *roam_nl_open(int protocol, struct roam_nl_err *e)
{
	struct nl_sock *sk;
	int one = 1, err;

	sk = nl_socket_alloc();
	if (!sk) {
		roam_nl_err_set(e, ENOMEM, NULL);
		return NULL;
	}
	err = nl_connect(sk, protocol);
	if (err < 0) {
		roam_nl_err_set(e, EIO, "cannot open netlink socket: %s",
				nl_geterror(err));
		nl_socket_free(sk);
		return NULL;
	}
	/* Both best effort: old kernels just give no text. CAP_ACK keeps
	 * our request out of error replies, which we never look at. */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	/* Dump replies can be larger than a page: size reads by peeking. */
	nl_socket_enable_msg_peek(sk);
	return sk;
}

struct transact {
	struct roam_nl_err *e;
	bool done;
	bool failed;
};

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	/* libnl passes the payload; the header sits right before it */
	struct nlmsghdr *hdr = (struct nlmsghdr *)((char *)err - NLMSG_HDRLEN);
	struct transact *t = arg;

	(void)nla;
	t->e->error = roam_nl_parse_error(hdr, hdr->nlmsg_len, t->e->msg,
					  sizeof(t->e->msg));
	if (!t->e->error)
		t->e->error = EPROTO;
	t->failed = true;
	t->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct transact *t = arg;

	(void)msg;
	t->done = true;
	return NL_STOP;
}

/* A dump that fails half-way ends with the error code in NLMSG_DONE. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	struct transact *t = arg;
	int error;

	t->done = true;
	if (hdr->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		error = roam_nl_parse_error(hdr, hdr->nlmsg_len, t->e->msg,
					    sizeof(t->e->msg));
		if (error) {
			t->e->error = error;
			t->failed = true;
		}
	}
	return NL_STOP;
}

int roam_nl_transact(struct nl_sock *sk, struct nl_msg *msg,
		     roam_nl_msg_cb valid, void *arg, struct roam_nl_err *e)
{
	struct transact t = { .e = e };
	struct nl_cb *cb, *sk_cb;
	int err;

	roam_nl_err_set(e, 0, NULL);
	/* our callbacks for this exchange only; nl_socket_get_cb() takes
	 * a reference */
	sk_cb = nl_socket_get_cb(sk);
	cb = nl_cb_clone(sk_cb);
	nl_cb_put(sk_cb);
	if (!cb) {
		roam_nl_err_set(e, ENOMEM, NULL);
		return -1;
	}

	if (valid)
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, arg);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);

	err = nl_send_auto(sk, msg);
	if (err < 0) {
		roam_nl_err_set(e, EIO, "cannot send netlink request: %s",
				nl_geterror(err));
		goto out;
	}
	while (!t.done) {
		err = nl_recvmsgs(sk, cb);
		if (t.failed)
			break;
		if (err == -NLE_DUMP_INTR) {
			roam_nl_err_set(e, EAGAIN,
					"the list changed while it was read; try again");
			break;
		}
		if (err < 0) {
			roam_nl_err_set(e, EIO, "netlink: %s",
					nl_geterror(err));
			break;
		}
	}
out:
	nl_cb_put(cb);
	return e->error ? -1 : 0;
}
