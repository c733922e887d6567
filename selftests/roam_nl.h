/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal generic netlink client for the roam selftest programs: plain
 * libc, raw NETLINK_GENERIC socket, extended ack enabled, the family id
 * resolved with CTRL_CMD_GETFAMILY. Header-only; each program includes it
 * once.
 */
#ifndef ROAM_SELFTEST_NL_H
#define ROAM_SELFTEST_NL_H

#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "linux/roam.h"

#ifndef NLMSGERR_ATTR_MISS_TYPE
#define NLMSGERR_ATTR_MISS_TYPE 5
#endif

#define BUFSZ 65536

struct ack {
	int err;		/* positive errno, 0 for success */
	char msg[256];		/* NLMSGERR_ATTR_MSG, "" when absent */
	int miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, -1 when absent */
	int bad_offs;		/* NLMSGERR_ATTR_OFFS, -1 when absent */
};

struct req {
	struct nlmsghdr nlh;
	struct genlmsghdr genl;
	unsigned char attrs[8192];
};

static int fd = -1;
static uint16_t family;
static uint32_t seq = 1;
/* recv() calls that returned data, for telling multi-part dumps */
static unsigned long nl_recvs;

/* ---- message building -------------------------------------------------- */

static inline void req_init(struct req *r, uint8_t cmd, uint16_t flags)
{
	memset(r, 0, sizeof(*r));
	r->nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->nlh.nlmsg_type = family;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	r->nlh.nlmsg_seq = seq++;
	r->genl.cmd = cmd;
	r->genl.version = ROAM_FAMILY_VERSION;
}

/* Add an attribute whose header says LEN bytes of payload; copy DLEN bytes. */
static inline void put_raw(struct req *r, uint16_t type, uint16_t nla_len_payload,
		    const void *data, size_t dlen)
{
	struct nlattr *nla = (void *)((char *)&r->nlh + NLMSG_ALIGN(r->nlh.nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + nla_len_payload;
	if (dlen)
		memcpy((char *)nla + NLA_HDRLEN, data, dlen);
	r->nlh.nlmsg_len = NLMSG_ALIGN(r->nlh.nlmsg_len) + NLA_ALIGN(NLA_HDRLEN + dlen);
}

static inline void put(struct req *r, uint16_t type, const void *data, size_t len)
{
	put_raw(r, type, len, data, len);
}

static inline void put_u32(struct req *r, uint16_t type, uint32_t v)
{
	put(r, type, &v, sizeof(v));
}

static inline void put_u16(struct req *r, uint16_t type, uint16_t v)
{
	put(r, type, &v, sizeof(v));
}

static inline void put_str(struct req *r, uint16_t type, const char *s)
{
	put(r, type, s, strlen(s) + 1);
}

/* ---- socket ------------------------------------------------------------ */

/* Start a nested attribute; nest_end() sets its length. */
static inline struct nlattr *nest_start(struct req *r, uint16_t type)
{
	struct nlattr *nla = (void *)((char *)&r->nlh + NLMSG_ALIGN(r->nlh.nlmsg_len));

	nla->nla_type = type | NLA_F_NESTED;
	nla->nla_len = NLA_HDRLEN;
	r->nlh.nlmsg_len = NLMSG_ALIGN(r->nlh.nlmsg_len) + NLA_HDRLEN;
	return nla;
}

static inline void nest_end(struct req *r, struct nlattr *nla)
{
	nla->nla_len = (char *)&r->nlh + r->nlh.nlmsg_len - (char *)nla;
}

static inline int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;
	int s;

	s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s < 0)
		return -1;
	if (setsockopt(s, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0 ||
	    setsockopt(s, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) < 0 ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(s);
		return -1;
	}
	return s;
}

static inline void parse_ack(struct nlmsghdr *nlh, struct ack *a)
{
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off;

	a->err = -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* With NETLINK_CAP_ACK only the original header is echoed. */
	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	while (off + NLA_HDRLEN <= nlh->nlmsg_len) {
		struct nlattr *nla = (void *)((char *)nlh + off);
		size_t plen;

		if (nla->nla_len < NLA_HDRLEN || off + nla->nla_len > nlh->nlmsg_len)
			break;
		plen = nla->nla_len - NLA_HDRLEN;
		switch (nla->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			snprintf(a->msg, sizeof(a->msg), "%.*s", (int)plen,
				 (char *)nla + NLA_HDRLEN);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (plen >= 4)
				a->bad_offs = *(uint32_t *)((char *)nla + NLA_HDRLEN);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (plen >= 4)
				a->miss_type = *(uint32_t *)((char *)nla + NLA_HDRLEN);
			break;
		}
		off += NLA_ALIGN(nla->nla_len);
	}
}

/*
 * Send LEN bytes starting at R and read until the request's final answer.
 * For a dump, CB is called for each reply message. Returns 0 when an answer
 * was read (a->err tells the outcome), -1 on a local socket error.
 */
static inline int xfer(int s, const void *buf, size_t len, uint32_t rseq, struct ack *a,
		void (*cb)(struct nlmsghdr *, void *), void *arg)
{
	static char rbuf[BUFSZ];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	memset(a, 0, sizeof(*a));
	a->miss_type = -1;
	a->bad_offs = -1;
	if (sendto(s, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		a->err = errno;
		return -1;
	}
	for (;;) {
		ssize_t n = recv(s, rbuf, sizeof(rbuf), 0);
		struct nlmsghdr *nlh;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			a->err = errno;
			return -1;
		}
		nl_recvs++;
		for (nlh = (void *)rbuf; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != rseq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				parse_ack(nlh, a);
				return 0;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int *err = NLMSG_DATA(nlh);

				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) && *err)
					parse_ack(nlh, a), a->err = -*err;
				return 0;
			}
			if (cb)
				cb(nlh, arg);
		}
	}
}

static inline int send_req(int s, struct req *r, struct ack *a,
		    void (*cb)(struct nlmsghdr *, void *), void *arg)
{
	if (!(r->nlh.nlmsg_flags & NLM_F_DUMP))
		r->nlh.nlmsg_flags |= NLM_F_ACK;
	return xfer(s, r, r->nlh.nlmsg_len, r->nlh.nlmsg_seq, a, cb, arg);
}

/* ---- family and state ---------------------------------------------------- */

static inline void get_family_cb(struct nlmsghdr *nlh, void *arg)
{
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct nlattr *nla = (void *)((char *)g + GENL_HDRLEN);
	int rem = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

	while (rem >= NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN && nla->nla_len <= rem) {
		if ((nla->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)arg = *(uint16_t *)((char *)nla + NLA_HDRLEN);
		rem -= NLA_ALIGN(nla->nla_len);
		nla = (void *)((char *)nla + NLA_ALIGN(nla->nla_len));
	}
}

static inline int resolve_family(int s)
{
	struct req r;
	struct ack a;
	uint16_t id = 0;

	memset(&r, 0, sizeof(r));
	r.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r.nlh.nlmsg_type = GENL_ID_CTRL;
	r.nlh.nlmsg_flags = NLM_F_REQUEST;
	r.nlh.nlmsg_seq = seq++;
	r.genl.cmd = CTRL_CMD_GETFAMILY;
	r.genl.version = 1;
	put_str(&r, CTRL_ATTR_FAMILY_NAME, ROAM_FAMILY_NAME);
	if (send_req(s, &r, &a, get_family_cb, &id) < 0 || a.err || !id) {
		fprintf(stderr, "# cannot resolve family \"%s\": %s%s%s\n", ROAM_FAMILY_NAME,
			strerror(a.err), a.msg[0] ? ": " : "", a.msg);
		return -1;
	}
	return id;
}

#endif /* ROAM_SELFTEST_NL_H */
