// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/roam.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "fake_genl.h"

struct fake_genl fake_genl;

/* One L2TP session as roam_nl_fill_session() describes it. */
static int put_session(struct nl_msg *m, uint32_t ifindex, uint32_t id)
{
	struct nlattr *nest;

	if (!genlmsg_put(m, 0, 0, FAKE_GENL_FAMILY, 0, NLM_F_MULTI,
			 ROAM_CMD_SESSION_GET, ROAM_FAMILY_VERSION))
		return -1;
	if (nla_put_u32(m, ROAM_A_SESSION_IFINDEX, ifindex) ||
	    nla_put_u32(m, ROAM_A_SESSION_ID, id) ||
	    nla_put_u32(m, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP) ||
	    nla_put_u32(m, ROAM_A_SESSION_IPV4, htonl(0x0a000000 + id)) ||
	    nla_put_u32(m, ROAM_A_SESSION_STATE, ROAM_STATE_UP) ||
	    nla_put_u32(m, ROAM_A_SESSION_PEER_IPV4,
			htonl(0xc6336400 + id % 250)) ||
	    nla_put_u16(m, ROAM_A_SESSION_PEER_PORT, htons(1024 + id % 60000)))
		return -1;
	nest = nla_nest_start(m, ROAM_A_SESSION_L2TP);
	if (!nest ||
	    nla_put_u16(m, ROAM_A_L2TP_TUNNEL_ID, 1 + id % 65535) ||
	    nla_put_u16(m, ROAM_A_L2TP_SESSION_ID, 1 + id / 65535) ||
	    nla_put_u16(m, ROAM_A_L2TP_PEER_TUNNEL_ID, 7) ||
	    nla_put_u16(m, ROAM_A_L2TP_PEER_SESSION_ID, 9) ||
	    nla_put_u32(m, ROAM_A_L2TP_XFRM_MARK, 0x10000 + id) ||
	    nla_put_u64(m, ROAM_A_L2TP_RX_UNBOUND, 0))
		return -1;
	nla_nest_end(m, nest);
	if (nla_put_u64(m, ROAM_A_SESSION_RX_PACKETS, 1000 + id) ||
	    nla_put_u64(m, ROAM_A_SESSION_RX_BYTES, 1500000 + id) ||
	    nla_put_u64(m, ROAM_A_SESSION_TX_PACKETS, 2000 + id) ||
	    nla_put_u64(m, ROAM_A_SESSION_TX_BYTES, 3000000 + id) ||
	    nla_put_u64(m, ROAM_A_SESSION_RX_DROPPED, 0) ||
	    nla_put_u64(m, ROAM_A_SESSION_TX_DROPPED, id % 3))
		return -1;
	return 0;
}

/* Append one message, starting a new part when this one is full. */
static int append(const void *msg, size_t len, size_t part_max,
		  size_t *cap, size_t *part)
{
	size_t space = NLMSG_ALIGN(len);

	if (fake_genl.len + space > *cap) {
		size_t ncap = *cap ? 2 * *cap : 1 << 16;
		uint8_t *p;

		while (ncap < fake_genl.len + space)
			ncap *= 2;
		p = realloc(fake_genl.rows, ncap);
		if (!p)
			return -1;
		fake_genl.rows = p;
		*cap = ncap;
	}
	if (fake_genl.len > *part &&
	    fake_genl.len - *part + space > part_max) {
		fake_genl.part_end[fake_genl.nparts++] = fake_genl.len;
		*part = fake_genl.len;
	}
	memcpy(fake_genl.rows + fake_genl.len, msg, len);
	memset(fake_genl.rows + fake_genl.len + len, 0, space - len);
	fake_genl.len += space;
	return 0;
}

int fake_genl_build(uint32_t ifindex, unsigned int n, size_t part_max,
		    const void *extra, size_t extra_len)
{
	size_t cap = 0, part = 0;
	unsigned int i;

	fake_genl_free();
	fake_genl.part_end = calloc(n + 2, sizeof(*fake_genl.part_end));
	if (!fake_genl.part_end)
		return -1;
	for (i = 0; i < n; i++) {
		struct nl_msg *m = nlmsg_alloc();
		struct nlmsghdr *h;
		int ret;

		if (!m || put_session(m, ifindex, i + 1)) {
			nlmsg_free(m);
			return -1;
		}
		h = nlmsg_hdr(m);
		ret = append(h, h->nlmsg_len, part_max, &cap, &part);
		nlmsg_free(m);
		if (ret)
			return -1;
	}
	if (extra_len && append(extra, extra_len, part_max, &cap, &part))
		return -1;
	if (fake_genl.len > part)
		fake_genl.part_end[fake_genl.nparts++] = fake_genl.len;
	return 0;
}

void fake_genl_free(void)
{
	free(fake_genl.rows);
	free(fake_genl.part_end);
	memset(&fake_genl, 0, sizeof(fake_genl));
}

/* A request: a new reading of the dump starts. */
static int fake_send(struct nl_sock *sk, struct nl_msg *msg)
{
	(void)sk;
	fake_genl.seq = nlmsg_hdr(msg)->nlmsg_seq;
	fake_genl.next = 0;
	fake_genl.done_sent = false;
	fake_genl.intr = fake_genl.interrupt > 0;
	if (fake_genl.intr)
		fake_genl.interrupt--;
	fake_genl.readings++;
	return nlmsg_hdr(msg)->nlmsg_len;
}

static int send_done(unsigned char **buf)
{
	struct nlmsghdr *h;

	*buf = calloc(1, NLMSG_SPACE(sizeof(int)));
	if (!*buf)
		return -NLE_NOMEM;
	h = (struct nlmsghdr *)*buf;
	h->nlmsg_len = NLMSG_LENGTH(sizeof(int));
	h->nlmsg_type = NLMSG_DONE;
	/* the kernel marks its DONE too (netlink_dump_done()) */
	h->nlmsg_flags = NLM_F_MULTI | (fake_genl.intr ? NLM_F_DUMP_INTR : 0);
	h->nlmsg_seq = fake_genl.seq;
	memcpy(NLMSG_DATA(h), &fake_genl.done_error, sizeof(int));
	fake_genl.done_sent = true;
	return h->nlmsg_len;
}

/*
 * The next part, copied out as the kernel copies it to the reader.  In
 * an interrupted reading, the rows from the middle part on carry the
 * flag, as they do once the kernel has seen the list change.
 */
static int fake_recv(struct nl_sock *sk, struct sockaddr_nl *nla,
		     unsigned char **buf, struct ucred **creds)
{
	size_t start, end, off, part;
	struct nlmsghdr *h;

	(void)sk;
	(void)creds;
	nla->nl_family = AF_NETLINK;
	if (fake_genl.next == fake_genl.nparts)
		return fake_genl.done_sent ? 0 : send_done(buf);
	part = fake_genl.next++;
	if (fake_genl.fail_part && part + 1 == fake_genl.fail_part)
		return -NLE_FAILURE;
	start = part ? fake_genl.part_end[part - 1] : 0;
	end = fake_genl.part_end[part];
	*buf = malloc(end - start);
	if (!*buf)
		return -NLE_NOMEM;
	memcpy(*buf, fake_genl.rows + start, end - start);
	for (off = 0; off + NLMSG_HDRLEN <= end - start;
	     off += NLMSG_ALIGN(h->nlmsg_len)) {
		h = (struct nlmsghdr *)(*buf + off);
		h->nlmsg_seq = fake_genl.seq;
		if (fake_genl.intr && part >= fake_genl.nparts / 2)
			h->nlmsg_flags |= NLM_F_DUMP_INTR;
		if (h->nlmsg_len < NLMSG_HDRLEN)
			break;
	}
	return end - start;
}

int fake_genl_open(struct roam_genl *g)
{
	struct nl_cb *cb;

	g->sk = nl_socket_alloc();
	if (!g->sk)
		return -1;
	g->family = FAKE_GENL_FAMILY;
	/* the session dump reads through g->recv, the rest through libnl */
	g->recv = fake_recv;
	cb = nl_socket_get_cb(g->sk);
	nl_cb_overwrite_send(cb, fake_send);
	nl_cb_overwrite_recv(cb, fake_recv);
	nl_cb_put(cb);
	return 0;
}
