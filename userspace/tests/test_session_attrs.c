// SPDX-License-Identifier: GPL-2.0
/*
 * The session row decoder (lib/session_attrs.c): rows as the kernel's
 * roam_nl_fill_session() encodes them, and the malformed ones it must
 * read the way the listing always did (test_session_list.c plays those
 * through a whole dump).
 */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/roam.h>

#include "nla_write.h"
#include "session_attrs.h"
#include "test.h"

static void put16(struct nla_buf *m, uint16_t type, uint16_t v)
{
	nla_buf_put(m, type, &v, 2);
}

static void put32(struct nla_buf *m, uint16_t type, uint32_t v)
{
	nla_buf_put(m, type, &v, 4);
}

static void put64(struct nla_buf *m, uint16_t type, uint64_t v)
{
	nla_buf_put(m, type, &v, 8);
}

/* A nest holding the attributes of n. */
static void put_nest(struct nla_buf *m, uint16_t type, const struct nla_buf *n)
{
	nla_buf_put(m, type | NLA_F_NESTED, n->b, n->len);
}

/* ifindex 3, id 42: the two a row cannot be without */
static void head(struct nla_buf *m)
{
	m->len = 0;
	put32(m, ROAM_A_SESSION_IFINDEX, 3);
	put32(m, ROAM_A_SESSION_ID, 42);
}

static void l2tp_row_decoded(void)
{
	struct roam_session_info s;
	struct nla_buf m, n = { .len = 0 };

	head(&m);
	put32(&m, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP);
	put32(&m, ROAM_A_SESSION_STATE, ROAM_STATE_UP);
	put32(&m, ROAM_A_SESSION_IPV4, htonl(0x64400001));
	put32(&m, ROAM_A_SESSION_PEER_IPV4, htonl(0xc0000214));
	put16(&m, ROAM_A_SESSION_PEER_PORT, htons(1701));
	/* a pad attribute before a counter, as nla_put_64bit() may add */
	nla_buf_put(&m, 0x7fff, "", 0);
	put64(&m, ROAM_A_SESSION_RX_PACKETS, 10);
	put64(&m, ROAM_A_SESSION_RX_BYTES, 1000);
	put64(&m, ROAM_A_SESSION_TX_PACKETS, 20);
	put64(&m, ROAM_A_SESSION_TX_BYTES, 2000);
	put64(&m, ROAM_A_SESSION_RX_DROPPED, 1);
	put64(&m, ROAM_A_SESSION_TX_DROPPED, 2);
	put16(&n, ROAM_A_L2TP_TUNNEL_ID, 5);
	put16(&n, ROAM_A_L2TP_SESSION_ID, 6);
	put16(&n, ROAM_A_L2TP_PEER_TUNNEL_ID, 7);
	put16(&n, ROAM_A_L2TP_PEER_SESSION_ID, 8);
	put32(&n, ROAM_A_L2TP_XFRM_MARK, 0x1234);
	nla_buf_put(&n, ROAM_A_L2TP_ALLOW_PLAIN, "", 0);
	put64(&n, ROAM_A_L2TP_RX_UNBOUND, 9);
	put_nest(&m, ROAM_A_SESSION_L2TP, &n);

	CHECK_INT(roam_session_attrs_decode(m.b, m.len, &s), 0);
	CHECK_INT(s.ifindex, 3);
	CHECK_INT(s.id, 42);
	CHECK_INT(s.kind, ROAM_KIND_L2TP);
	CHECK_INT(s.state, ROAM_STATE_UP);
	CHECK(s.has_ipv4 && s.ipv4 == 0x64400001);
	CHECK(!s.has_ipv6);
	CHECK_INT(s.peer_family, AF_INET);
	CHECK_INT(s.peer_ipv4, 0xc0000214);
	CHECK(s.has_peer_port && s.peer_port == 1701);
	CHECK(s.has_stats);
	CHECK_INT(s.rx_packets, 10);
	CHECK_INT(s.rx_bytes, 1000);
	CHECK_INT(s.tx_packets, 20);
	CHECK_INT(s.tx_bytes, 2000);
	CHECK_INT(s.rx_dropped, 1);
	CHECK_INT(s.tx_dropped, 2);
	CHECK(s.has_l2tp && !s.has_pptp);
	CHECK_INT(s.l2tp_tunnel_id, 5);
	CHECK_INT(s.l2tp_session_id, 6);
	CHECK_INT(s.l2tp_peer_tunnel_id, 7);
	CHECK_INT(s.l2tp_peer_session_id, 8);
	CHECK_INT(s.l2tp_xfrm_mark, 0x1234);
	CHECK(s.l2tp_allow_plain);
	CHECK_INT(s.l2tp_rx_unbound, 9);
}

static void pptp_ipv6_row_decoded(void)
{
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t p6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	struct roam_session_info s;
	struct nla_buf m, n = { .len = 0 };
	uint8_t bits = 128;

	head(&m);
	put32(&m, ROAM_A_SESSION_KIND, ROAM_KIND_PPTP);
	nla_buf_put(&m, ROAM_A_SESSION_IPV6, a6, 16);
	nla_buf_put(&m, ROAM_A_SESSION_PEER_IPV6, p6, 16);
	put32(&m, ROAM_A_SESSION_DEL_REASON, 2);
	put16(&n, ROAM_A_PPTP_CALL_ID, 11);
	put16(&n, ROAM_A_PPTP_PEER_CALL_ID, 12);
	put32(&n, ROAM_A_PPTP_LOCAL_IPV4, htonl(0xc0000201));
	nla_buf_put(&n, ROAM_A_PPTP_MPPE_BITS, &bits, 1);
	nla_buf_put(&n, ROAM_A_PPTP_MPPE_STATELESS, "", 0);
	put64(&n, ROAM_A_PPTP_RX_SEQ_DROPPED, 1);
	put64(&n, ROAM_A_PPTP_RX_MPPE_ERRORS, 2);
	put64(&n, ROAM_A_PPTP_RX_UNBOUND, 3);
	put64(&n, ROAM_A_PPTP_RX_MALFORMED, 4);
	put64(&n, ROAM_A_PPTP_ACKS_SENT, 5);
	put64(&n, ROAM_A_PPTP_RX_REORDERED, 6);
	put_nest(&m, ROAM_A_SESSION_PPTP, &n);

	CHECK_INT(roam_session_attrs_decode(m.b, m.len, &s), 0);
	CHECK(s.has_ipv6 && !memcmp(s.ipv6, a6, 16));
	CHECK(!s.has_ipv4);
	CHECK_INT(s.peer_family, AF_INET6);
	CHECK(!memcmp(s.peer_ipv6, p6, 16));
	CHECK(!s.has_stats && !s.has_peer_port);
	CHECK_INT(s.del_reason, 2);
	CHECK(s.has_pptp && !s.has_l2tp);
	CHECK_INT(s.pptp_call_id, 11);
	CHECK_INT(s.pptp_peer_call_id, 12);
	CHECK_INT(s.pptp_local_ipv4, 0xc0000201);
	CHECK_INT(s.pptp_mppe_bits, 128);
	CHECK(s.pptp_mppe_stateless);
	CHECK_INT(s.pptp_rx_seq_dropped, 1);
	CHECK_INT(s.pptp_rx_mppe_errors, 2);
	CHECK_INT(s.pptp_rx_unbound, 3);
	CHECK_INT(s.pptp_rx_malformed, 4);
	CHECK_INT(s.pptp_acks_sent, 5);
	CHECK_INT(s.pptp_rx_reordered, 6);
}

/* Without its ifindex or id, or with either of the wrong size: no row. */
static void row_needs_its_keys(void)
{
	struct roam_session_info s;
	struct nla_buf m = { .len = 0 };

	CHECK_INT(roam_session_attrs_decode(m.b, 0, &s), -1);
	put32(&m, ROAM_A_SESSION_IFINDEX, 3);
	CHECK_INT(roam_session_attrs_decode(m.b, m.len, &s), -1);
	put16(&m, ROAM_A_SESSION_ID, 42);
	CHECK_INT(roam_session_attrs_decode(m.b, m.len, &s), -1);
	/* the last of repeated attributes counts */
	put32(&m, ROAM_A_SESSION_ID, 43);
	CHECK_INT(roam_session_attrs_decode(m.b, m.len, &s), 0);
	CHECK_INT(s.id, 43);
}

/*
 * Top-level attributes of the wrong size read as absent; one that claims
 * more than is left ends the walk, and one shorter than its header too.
 */
static void wrong_sizes_read_as_absent(void)
{
	struct roam_session_info s;
	struct nla_buf m;
	size_t cut;

	head(&m);
	put16(&m, ROAM_A_SESSION_IPV4, 1);
	put32(&m, ROAM_A_SESSION_PEER_PORT, 1701);
	put32(&m, ROAM_A_SESSION_PEER_IPV4, 0);
	put32(&m, ROAM_A_SESSION_PEER_IPV6, 0);	/* IPv6 of 4 bytes */
	put32(&m, ROAM_A_SESSION_RX_PACKETS, 5);
	CHECK_INT(roam_session_attrs_decode(m.b, m.len, &s), 0);
	CHECK(!s.has_ipv4 && !s.has_peer_port);
	CHECK_INT(s.peer_family, AF_INET);
	CHECK(s.has_stats && s.rx_packets == 0);

	head(&m);
	put32(&m, ROAM_A_SESSION_KIND, ROAM_KIND_L2TP);
	cut = m.len;
	put32(&m, ROAM_A_SESSION_STATE, ROAM_STATE_UP);
	((struct nlattr *)(m.b + cut))->nla_len = 200;
	CHECK_INT(roam_session_attrs_decode(m.b, m.len, &s), 0);
	CHECK_INT(s.kind, ROAM_KIND_L2TP);
	CHECK_INT(s.state, 0);

	((struct nlattr *)(m.b + cut))->nla_len = 2;
	CHECK_INT(roam_session_attrs_decode(m.b, m.len, &s), 0);
	CHECK_INT(s.state, 0);

	/* fewer bytes than a header left over: ignored */
	CHECK_INT(roam_session_attrs_decode(m.b, cut + 3, &s), 0);
	CHECK_INT(s.kind, ROAM_KIND_L2TP);

	/* the last attribute without its padding */
	head(&m);
	put16(&m, ROAM_A_SESSION_PEER_PORT, htons(1701));
	CHECK_INT(roam_session_attrs_decode(m.b, m.len - 2, &s), 0);
	CHECK(s.has_peer_port && s.peer_port == 1701);
}

/* A row of the two keys and the nest n, decoded into s. */
static int decode_nest(uint16_t type, const struct nla_buf *n,
		       struct roam_session_info *s)
{
	struct nla_buf m;

	head(&m);
	put_nest(&m, type, n);
	return roam_session_attrs_decode(m.b, m.len, s);
}

/* A nest that is malformed or lacks its ids makes the row unusable. */
static void malformed_nests_refused(void)
{
	static const uint8_t junk[] = { 0xff, 0xff, 0x01, 0x00, 1, 2, 3, 4 };
	struct roam_session_info s;
	struct nla_buf n = { .len = 0 };

	/* a nest of junk */
	memcpy(n.b, junk, sizeof(junk));
	n.len = sizeof(junk);
	CHECK_INT(decode_nest(ROAM_A_SESSION_L2TP, &n, &s), -1);

	/* tunnel id without the session id */
	n.len = 0;
	put16(&n, ROAM_A_L2TP_TUNNEL_ID, 5);
	CHECK_INT(decode_nest(ROAM_A_SESSION_L2TP, &n, &s), -1);

	/* a session id of four bytes */
	put32(&n, ROAM_A_L2TP_SESSION_ID, 6);
	CHECK_INT(decode_nest(ROAM_A_SESSION_L2TP, &n, &s), -1);

	/* a pptp nest without its local address, then with a short one */
	n.len = 0;
	put16(&n, ROAM_A_PPTP_CALL_ID, 11);
	put16(&n, ROAM_A_PPTP_PEER_CALL_ID, 12);
	CHECK_INT(decode_nest(ROAM_A_SESSION_PPTP, &n, &s), -1);
	put16(&n, ROAM_A_PPTP_LOCAL_IPV4, 1);
	CHECK_INT(decode_nest(ROAM_A_SESSION_PPTP, &n, &s), -1);

	/* unknown types in a nest are skipped */
	n.len = 0;
	put16(&n, ROAM_A_L2TP_TUNNEL_ID, 5);
	put16(&n, ROAM_A_L2TP_SESSION_ID, 6);
	put32(&n, 0x7ff0, 1);
	CHECK_INT(decode_nest(ROAM_A_SESSION_L2TP, &n, &s), 0);
	CHECK(s.has_l2tp && s.l2tp_session_id == 6);
}

void suite_session_attrs(void)
{
	RUN(l2tp_row_decoded);
	RUN(pptp_ipv6_row_decoded);
	RUN(row_needs_its_keys);
	RUN(wrong_sizes_read_as_absent);
	RUN(malformed_nests_refused);
}
