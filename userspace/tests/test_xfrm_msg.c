// SPDX-License-Identifier: GPL-2.0
/*
 * The XFRM netlink readers of a NAT re-mapping: the kernel's mapping
 * event, and a GETSA answer rewritten into an update of the SA's
 * ESP-in-UDP ports (everything else, keys included, unchanged).
 */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <string.h>

#include "test.h"
#include "ipsec/xfrm_msg.h"

void suite_xfrm_msg(void);

/* An SA as the kernel answers a GETSA: here, what roamd installs. */
static int sa_answer(uint8_t *buf, size_t len, bool encap)
{
	struct xfrm_sa sa = {
		.spi = htonl(0xc0ffee01),
		.enc_name = "cbc(aes)",
		.enc_key_len = 32,
		.auth_name = "hmac(sha1)",
		.auth_key_len = 20,
		.auth_trunc_bits = 96,
		.encap_sport = encap ? 40001 : 0,
		.encap_dport = encap ? 4500 : 0,
		.set_mark = 0x101,
	};
	int n;

	inet_pton(AF_INET, "203.0.113.5", &sa.src);
	inet_pton(AF_INET, "198.51.100.1", &sa.dst);
	memset(sa.enc_key, 0xa5, sizeof(sa.enc_key));
	memset(sa.auth_key, 0x5a, sizeof(sa.auth_key));
	n = xfrm_msg_sa_add(buf, len, 3, &sa);
	if (n > 0)
		((struct nlmsghdr *)buf)->nlmsg_pid = 1234;
	return n;
}

static const struct xfrm_encap_tmpl *find_encap(const uint8_t *buf)
{
	const struct nlmsghdr *h = (const void *)buf;
	size_t off = NLMSG_SPACE(sizeof(struct xfrm_usersa_info));

	while (off + NLA_HDRLEN <= h->nlmsg_len) {
		const struct nlattr *a = (const void *)(buf + off);

		if (a->nla_type == XFRMA_ENCAP)
			return (const void *)(buf + off + NLA_HDRLEN);
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

static void reencap_updates_the_ports_only(void)
{
	uint8_t buf[XFRM_MSG_BUF], before[XFRM_MSG_BUF];
	const struct xfrm_encap_tmpl *e;
	const struct nlmsghdr *h = (const void *)buf;
	int n = sa_answer(buf, sizeof(buf), true);
	size_t off;

	CHECK(n > 0);
	((struct nlmsghdr *)buf)->nlmsg_type = XFRM_MSG_NEWSA;
	memcpy(before, buf, sizeof(buf));
	CHECK_INT(xfrm_msg_sa_reencap(buf, sizeof(buf), 9, 40777, 4500), n);
	CHECK_INT(h->nlmsg_type, XFRM_MSG_UPDSA);
	CHECK_INT(h->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	CHECK_INT(h->nlmsg_seq, 9);
	CHECK_INT(h->nlmsg_pid, 0);
	e = find_encap(buf);
	CHECK(e != NULL);
	if (e) {
		CHECK_INT(ntohs(e->encap_sport), 40777);
		CHECK_INT(ntohs(e->encap_dport), 4500);
		CHECK_INT(e->encap_type, 2);
	}
	/* the body (selector, SPI, keys, marks) is what it was */
	off = NLMSG_HDRLEN;
	CHECK(!memcmp(buf + off, before + off,
		      (const uint8_t *)e - buf - off - 4));
}

static void reencap_refuses_what_it_cannot_update(void)
{
	uint8_t buf[XFRM_MSG_BUF];
	struct nlmsghdr *h = (void *)buf;
	int n;

	/* no UDP encapsulation: nothing to move */
	n = sa_answer(buf, sizeof(buf), false);
	CHECK(n > 0);
	h->nlmsg_type = XFRM_MSG_NEWSA;
	CHECK_INT(xfrm_msg_sa_reencap(buf, sizeof(buf), 9, 1, 2), -1);
	/* not an SA */
	n = sa_answer(buf, sizeof(buf), true);
	h->nlmsg_type = XFRM_MSG_NEWPOLICY;
	CHECK_INT(xfrm_msg_sa_reencap(buf, sizeof(buf), 9, 1, 2), -1);
	/* longer than the buffer says */
	h->nlmsg_type = XFRM_MSG_NEWSA;
	CHECK_INT(xfrm_msg_sa_reencap(buf, n - 1, 9, 1, 2), -1);
	/* an attribute running past the message */
	((struct nlattr *)(buf + NLMSG_SPACE(sizeof(struct xfrm_usersa_info))))
		->nla_len = 0xfff0;
	CHECK_INT(xfrm_msg_sa_reencap(buf, sizeof(buf), 9, 1, 2), -1);
	CHECK_INT(xfrm_msg_sa_reencap(buf, 3, 9, 1, 2), -1);
}

static const struct nlattr *find_attr(const uint8_t *buf, uint16_t type)
{
	const struct nlmsghdr *h = (const void *)buf;
	size_t off = NLMSG_SPACE(sizeof(struct xfrm_usersa_info));

	while (off + NLA_HDRLEN <= h->nlmsg_len) {
		const struct nlattr *a = (const void *)(buf + off);

		if (a->nla_type == type)
			return a;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

static struct in_addr ip4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a;
}

/* The inbound SA of a transport-mode client: it moves as a whole. */
static void move_inbound_transport(void)
{
	uint8_t buf[XFRM_MSG_BUF], before[XFRM_MSG_BUF];
	const struct xfrm_lifetime_cur *lt;
	struct xfrm_usersa_info *info, old;
	const struct xfrm_encap_tmpl *e;
	const struct nlmsghdr *h = (const void *)buf;
	const struct nlattr *a;
	int n = sa_answer(buf, sizeof(buf), true);

	CHECK(n > 0);
	info = (void *)(buf + NLMSG_HDRLEN);
	/* as the kernel answers: the L2TP selector, some traffic */
	info->sel.saddr.a4 = ip4("203.0.113.5").s_addr;
	info->sel.prefixlen_s = 32;
	info->sel.daddr.a4 = ip4("198.51.100.1").s_addr;
	info->sel.prefixlen_d = 32;
	info->curlft.bytes = 123456;
	info->curlft.packets = 789;
	info->curlft.add_time = 1700000000;
	old = *info;
	memcpy(before, buf, sizeof(buf));
	n = xfrm_msg_sa_move(buf, n, sizeof(buf), 11, ip4("203.0.113.5"),
			     ip4("203.0.113.9"), 40321);
	CHECK(n > 0);
	CHECK_INT(h->nlmsg_len, n);
	CHECK_INT(h->nlmsg_type, XFRM_MSG_NEWSA);
	CHECK_INT(h->nlmsg_flags,
		  NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
	CHECK_INT(h->nlmsg_seq, 11);
	CHECK_INT(h->nlmsg_pid, 0);
	/* the client's side moved; ours, the SPI and the mode did not */
	CHECK_INT(info->saddr.a4, ip4("203.0.113.9").s_addr);
	CHECK_INT(info->id.daddr.a4, ip4("198.51.100.1").s_addr);
	CHECK_INT(info->id.spi, old.id.spi);
	CHECK_INT(info->reqid, old.reqid);
	CHECK_INT(info->sel.saddr.a4, ip4("203.0.113.9").s_addr);
	CHECK_INT(info->sel.daddr.a4, ip4("198.51.100.1").s_addr);
	e = find_encap(buf);
	CHECK(e && ntohs(e->encap_sport) == 40321 &&
	      ntohs(e->encap_dport) == 4500);
	/* keys and marks as they were: every attribute before the encap */
	CHECK(!memcmp(buf + NLMSG_SPACE(sizeof(*info)),
		      before + NLMSG_SPACE(sizeof(*info)),
		      (const uint8_t *)e - buf - 4 -
		      NLMSG_SPACE(sizeof(*info))));
	CHECK(find_attr(buf, XFRMA_SET_MARK) != NULL);
	/* the counters and the add time travel in XFRMA_LTIME_VAL */
	a = find_attr(buf, XFRMA_LTIME_VAL);
	CHECK(a && a->nla_len == NLA_HDRLEN + sizeof(*lt));
	if (a) {
		lt = (const void *)((const uint8_t *)a + NLA_HDRLEN);
		CHECK(lt->bytes == 123456 && lt->packets == 789 &&
		      lt->add_time == 1700000000);
	}
	/* the same message cannot be moved twice: it has its counters */
	CHECK_INT(xfrm_msg_sa_move(buf, n, sizeof(buf), 12,
				   ip4("203.0.113.9"), ip4("203.0.113.7"), 1),
		  -1);
}

/* The outbound SA of a tunnel-mode client: the selector is inner. */
static void move_outbound_tunnel(void)
{
	struct xfrm_sa sa = {
		.spi = htonl(0x12345678),
		.tunnel = 1,
		.enc_name = "cbc(aes)",
		.enc_key_len = 16,
		.auth_name = "hmac(sha1)",
		.auth_key_len = 20,
		.auth_trunc_bits = 96,
		.encap_sport = 4500,
		.encap_dport = 40001,
		.sel = { .nets = true, .src_plen = 0, .dst_plen = 32 },
	};
	uint8_t buf[XFRM_MSG_BUF];
	struct xfrm_usersa_info *info = (void *)(buf + NLMSG_HDRLEN);
	const struct xfrm_encap_tmpl *e;
	int n;

	sa.src = ip4("198.51.100.1");
	sa.dst = ip4("203.0.113.5");
	sa.sel.dst = ip4("10.10.0.12");
	n = xfrm_msg_sa_add(buf, sizeof(buf), 3, &sa);
	CHECK(n > 0);
	((struct nlmsghdr *)buf)->nlmsg_type = XFRM_MSG_NEWSA;
	n = xfrm_msg_sa_move(buf, n, sizeof(buf), 5, ip4("203.0.113.5"),
			     ip4("203.0.113.9"), 40321);
	CHECK(n > 0);
	CHECK_INT(info->id.daddr.a4, ip4("203.0.113.9").s_addr);
	CHECK_INT(info->saddr.a4, ip4("198.51.100.1").s_addr);
	CHECK_INT(info->sel.daddr.a4, ip4("10.10.0.12").s_addr);
	CHECK_INT(info->sel.prefixlen_d, 32);
	CHECK_INT(info->mode, XFRM_MODE_TUNNEL);
	e = find_encap(buf);
	CHECK(e && ntohs(e->encap_sport) == 4500 &&
	      ntohs(e->encap_dport) == 40321);
}

static void move_refuses_what_it_cannot_move(void)
{
	uint8_t buf[XFRM_MSG_BUF];
	struct nlmsghdr *h = (void *)buf;
	int n;

	/* no UDP encapsulation: no NAT moved it */
	n = sa_answer(buf, sizeof(buf), false);
	CHECK(n > 0);
	h->nlmsg_type = XFRM_MSG_NEWSA;
	CHECK_INT(xfrm_msg_sa_move(buf, n, sizeof(buf), 9, ip4("203.0.113.5"),
				   ip4("203.0.113.9"), 1), -1);
	/* an SA that does not name the old address */
	n = sa_answer(buf, sizeof(buf), true);
	h->nlmsg_type = XFRM_MSG_NEWSA;
	CHECK_INT(xfrm_msg_sa_move(buf, n, sizeof(buf), 9, ip4("203.0.113.6"),
				   ip4("203.0.113.9"), 1), -1);
	/* no room for the counters */
	CHECK_INT(xfrm_msg_sa_move(buf, n, n, 9, ip4("203.0.113.5"),
				   ip4("203.0.113.9"), 1), -1);
	/* not an SA */
	h->nlmsg_type = XFRM_MSG_NEWPOLICY;
	CHECK_INT(xfrm_msg_sa_move(buf, n, sizeof(buf), 9, ip4("203.0.113.5"),
				   ip4("203.0.113.9"), 1), -1);
	/* longer than the buffer says, or than its room */
	h->nlmsg_type = XFRM_MSG_NEWSA;
	CHECK_INT(xfrm_msg_sa_move(buf, n - 1, sizeof(buf), 9,
				   ip4("203.0.113.5"), ip4("203.0.113.9"), 1),
		  -1);
	CHECK_INT(xfrm_msg_sa_move(buf, n, n - 1, 9, ip4("203.0.113.5"),
				   ip4("203.0.113.9"), 1), -1);
	/* an attribute running past the message */
	((struct nlattr *)(buf + NLMSG_SPACE(sizeof(struct xfrm_usersa_info))))
		->nla_len = 0xfff0;
	CHECK_INT(xfrm_msg_sa_move(buf, n, sizeof(buf), 9, ip4("203.0.113.5"),
				   ip4("203.0.113.9"), 1), -1);
	CHECK_INT(xfrm_msg_sa_move(buf, 3, sizeof(buf), 9, ip4("203.0.113.5"),
				   ip4("203.0.113.9"), 1), -1);
}

static int mapping_event(uint8_t *buf, uint8_t proto, uint16_t family)
{
	struct nlmsghdr *h = (void *)buf;
	struct xfrm_user_mapping *um;

	memset(buf, 0, NLMSG_SPACE(sizeof(*um)));
	h->nlmsg_len = NLMSG_LENGTH(sizeof(*um));
	h->nlmsg_type = XFRM_MSG_MAPPING;
	um = NLMSG_DATA(h);
	inet_pton(AF_INET, "198.51.100.1", &um->id.daddr.a4);
	um->id.spi = htonl(0xc0ffee01);
	um->id.family = family;
	um->id.proto = proto;
	um->reqid = 0x101;
	inet_pton(AF_INET, "203.0.113.5", &um->old_saddr.a4);
	inet_pton(AF_INET, "203.0.113.5", &um->new_saddr.a4);
	um->old_sport = htons(40001);
	um->new_sport = htons(40777);
	return h->nlmsg_len;
}

static void mapping_event_parsed(void)
{
	uint8_t buf[256];
	struct xfrm_mapping m;
	int n = mapping_event(buf, IPPROTO_ESP, AF_INET);

	CHECK_INT(xfrm_msg_parse_mapping(buf, n, &m), 0);
	CHECK_INT(m.spi, 0xc0ffee01);
	CHECK_INT(m.reqid, 0x101);
	CHECK_INT(m.old_sport, 40001);
	CHECK_INT(m.new_sport, 40777);
	CHECK_INT(ntohl(m.new_src.s_addr), 0xcb007105);
	CHECK_INT(ntohl(m.dst.s_addr), 0xc6336401);
	/* short, wrong type, IPv6, not ESP */
	CHECK_INT(xfrm_msg_parse_mapping(buf, n - 1, &m), -1);
	CHECK_INT(xfrm_msg_parse_mapping(buf, 8, &m), -1);
	((struct nlmsghdr *)buf)->nlmsg_type = XFRM_MSG_EXPIRE;
	CHECK_INT(xfrm_msg_parse_mapping(buf, n, &m), -1);
	n = mapping_event(buf, IPPROTO_ESP, AF_INET6);
	CHECK_INT(xfrm_msg_parse_mapping(buf, n, &m), -1);
	n = mapping_event(buf, IPPROTO_AH, AF_INET);
	CHECK_INT(xfrm_msg_parse_mapping(buf, n, &m), -1);
	((struct nlmsghdr *)buf)->nlmsg_len = 12;
	CHECK_INT(xfrm_msg_parse_mapping(buf, n, &m), -1);
}

void suite_xfrm_msg(void)
{
	RUN(reencap_updates_the_ports_only);
	RUN(reencap_refuses_what_it_cannot_update);
	RUN(move_inbound_transport);
	RUN(move_outbound_tunnel);
	RUN(move_refuses_what_it_cannot_move);
	RUN(mapping_event_parsed);
}
