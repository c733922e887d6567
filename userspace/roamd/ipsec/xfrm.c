// SPDX-License-Identifier: GPL-2.0
/*
 * XFRM netlink requests, one at a time, each waiting for its answer. SA and
 * policy changes are rare (a client connecting or leaving), so a blocking
 * exchange on a private socket keeps the event loop simple.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "xfrm.h"

int xfrm_open(struct xfrm_conn *c)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 5 };

	c->seq = 1;
	c->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (c->fd < 0)
		return -errno;
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (bind(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int err = -errno;

		close(c->fd);
		c->fd = -1;
		return err;
	}
	return 0;
}

void xfrm_close(struct xfrm_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/*
 * Send one request and read until its answer: an error/ack, or (for a get)
 * the object, copied to reply.
 */
static int xfrm_exchange(struct xfrm_conn *c, void *req, int len,
			 void *reply, size_t reply_len)
{
	struct nlmsghdr *nlh = req;
	char buf[8192];
	uint32_t seq = nlh->nlmsg_seq;

	if (len < 0)
		return -EMSGSIZE;
	if (send(c->fd, req, len, 0) != len)
		return -errno;
	for (;;) {
		ssize_t n = recv(c->fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;
		size_t left;

		if (n < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		left = n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return -EPROTO;
				return e->error;
			}
			if (reply && h->nlmsg_len <= reply_len) {
				memcpy(reply, h, h->nlmsg_len);
				return 0;
			}
			return -EPROTO;
		}
	}
}

static uint32_t next_seq(struct xfrm_conn *c)
{
	return ++c->seq;
}

int xfrm_sa_add(struct xfrm_conn *c, const struct xfrm_sa *sa)
{
	char buf[XFRM_MSG_BUF];
	int len = xfrm_msg_sa_add(buf, sizeof(buf), next_seq(c), sa);
	int err = xfrm_exchange(c, buf, len, NULL, 0);

	/* The request held keys: do not leave them on the stack. */
	explicit_bzero(buf, sizeof(buf));
	return err;
}

int xfrm_sa_del(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		uint32_t mark)
{
	char buf[XFRM_MSG_BUF];
	int len = xfrm_msg_sa_del(buf, sizeof(buf), next_seq(c), dst, spi,
				  mark);

	return xfrm_exchange(c, buf, len, NULL, 0);
}

int xfrm_sa_counters(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		     uint32_t mark, struct xfrm_sa_counters *out)
{
	char buf[XFRM_MSG_BUF], reply[4096];
	int len = xfrm_msg_sa_get(buf, sizeof(buf), next_seq(c), dst, spi,
				  mark);
	int err = xfrm_exchange(c, buf, len, reply, sizeof(reply));

	if (!err && xfrm_msg_parse_sa(reply, sizeof(reply), out))
		err = -EPROTO;
	explicit_bzero(reply, sizeof(reply));
	return err;
}

int xfrm_policy_add(struct xfrm_conn *c, const struct xfrm_policy *pol)
{
	char buf[XFRM_MSG_BUF];
	int len = xfrm_msg_policy_add(buf, sizeof(buf), next_seq(c), pol);

	return xfrm_exchange(c, buf, len, NULL, 0);
}

int xfrm_policy_del(struct xfrm_conn *c, const struct xfrm_policy *pol)
{
	char buf[XFRM_MSG_BUF];
	int len = xfrm_msg_policy_del(buf, sizeof(buf), next_seq(c), pol);

	return xfrm_exchange(c, buf, len, NULL, 0);
}

int xfrm_sa_set_encap(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		      uint32_t mark, uint16_t sport, uint16_t dport)
{
	char buf[XFRM_MSG_BUF], reply[4096];
	int len = xfrm_msg_sa_get(buf, sizeof(buf), next_seq(c), dst, spi,
				  mark);
	int err = xfrm_exchange(c, buf, len, reply, sizeof(reply));

	if (!err) {
		len = xfrm_msg_sa_reencap(reply, sizeof(reply), next_seq(c),
					  sport, dport);
		err = xfrm_exchange(c, reply, len, NULL, 0);
	}
	/* Both the answer and the update hold the SA's keys. */
	explicit_bzero(reply, sizeof(reply));
	return err;
}

int xfrm_policy_update(struct xfrm_conn *c, const struct xfrm_policy *pol)
{
	char buf[XFRM_MSG_BUF];
	int len = xfrm_msg_policy_add(buf, sizeof(buf), next_seq(c), pol);

	if (len > 0) {
		((struct nlmsghdr *)buf)->nlmsg_type = XFRM_MSG_UPDPOLICY;
		((struct nlmsghdr *)buf)->nlmsg_flags = NLM_F_REQUEST |
							NLM_F_ACK;
	}
	return xfrm_exchange(c, buf, len, NULL, 0);
}

int xfrm_sa_move(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		 uint32_t mark, struct in_addr old, struct in_addr new,
		 uint16_t port, bool replace)
{
	char buf[XFRM_MSG_BUF], sa[4096], keep[4096];
	int len = xfrm_msg_sa_get(buf, sizeof(buf), next_seq(c), dst, spi,
				  mark);
	struct nlmsghdr *k = (struct nlmsghdr *)keep;
	int err = xfrm_exchange(c, buf, len, sa, sizeof(sa));

	if (err)
		return err;
	memcpy(keep, sa, sizeof(keep));
	len = xfrm_msg_sa_move(sa, sizeof(sa), sizeof(sa), next_seq(c), old,
			       new, port);
	if (len < 0) {
		err = -EINVAL;
		goto out;
	}
	if (replace) {
		err = xfrm_sa_del(c, dst, spi, mark);
		if (err)
			goto out;
	}
	err = xfrm_exchange(c, sa, len, NULL, 0);
	if (err && replace) {
		/* the old SA as it was: better than none */
		k->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE |
				 NLM_F_EXCL;
		k->nlmsg_seq = next_seq(c);
		k->nlmsg_pid = 0;
		xfrm_exchange(c, keep, k->nlmsg_len, NULL, 0);
	}
out:
	/* all three held the SA's keys */
	explicit_bzero(sa, sizeof(sa));
	explicit_bzero(keep, sizeof(keep));
	return err;
}
