// SPDX-License-Identifier: GPL-2.0
/* ISAKMP codec: round trips and one test per malformed case. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "ike/payload.h"

void suite_ike_payload(void);

/* A message with SA(P(T,T)), VID, N built with the encoder. */
static void build(struct ike_buf *b)
{
	struct isakmp_hdr h = { .exch = ISAKMP_EXCH_MAIN, .msgid = 0 };
	size_t s, p, t;
	int i;

	memset(h.cky_i, 0x11, 8);
	ike_buf_init(b);
	ike_msg_start(b, &h);
	s = ike_pl_start(b, ISAKMP_NP_SA);
	ike_put32(b, ISAKMP_DOI_IPSEC);
	ike_put32(b, ISAKMP_SIT_IDENTITY);
	p = b->len;
	ike_put(b, "\0\0\0\0\x01\x01\x00\x02", 8);
	for (i = 0; i < 2; i++) {
		t = b->len;
		ike_put8(b, i ? 0 : ISAKMP_NP_T);
		ike_put8(b, 0);
		ike_put16(b, 0);
		ike_put8(b, i + 1);
		ike_put8(b, 1);
		ike_put16(b, 0);
		ike_put_attr(b, 1, 7);
		ike_put_attr(b, 12, 86400);	/* TLV: above 16 bits */
		ike_set16(b->p + t + 2, b->len - t);
	}
	ike_set16(b->p + p + 2, b->len - p);
	ike_pl_end(b, s);
	ike_pl_add(b, ISAKMP_NP_VID, "0123456789abcdef", 16);
	ike_pl_add(b, ISAKMP_NP_N, "\0\0\0\x01\x01\x00\x60\x02", 8);
	ike_msg_finish(b);
}

/* Offsets in the built message. */
#define OFF_SA		28
#define OFF_P		(OFF_SA + 12)
#define OFF_T1		(OFF_P + 8)
#define OFF_T1_ATTR	(OFF_T1 + 8)
#define T_LEN		20

static int parse_all(const uint8_t *buf, size_t len, struct ike_sa_pl *sa,
		     struct ike_err *err)
{
	struct isakmp_hdr h;
	struct ike_chain c;

	if (isakmp_hdr_parse(buf, len, &h, err) ||
	    ike_chain_parse(h.np, buf + 28, len - 28, 28, false, &c, err))
		return -1;
	return ike_sa_parse(&c.pl[0], sa, err);
}

static void round_trip(void)
{
	struct ike_sa_pl sa;
	struct ike_attr_iter it;
	struct ike_attr a;
	struct isakmp_hdr h;
	struct ike_chain c;
	struct ike_err err;
	struct ike_notify n;
	struct ike_buf b;

	build(&b);
	CHECK(!b.err);
	CHECK_INT(isakmp_hdr_parse(b.p, b.len, &h, &err), 0);
	CHECK_INT(h.len, b.len);
	CHECK_INT(h.np, ISAKMP_NP_SA);
	CHECK_INT(h.version, 0x10);
	CHECK_INT(ike_chain_parse(h.np, b.p + 28, b.len - 28, 28, false, &c,
				  &err), 0);
	CHECK_INT(c.n, 3);
	CHECK_INT(c.pl[0].off, OFF_SA);
	CHECK_INT(c.pl[1].type, ISAKMP_NP_VID);
	CHECK_INT(c.pl[1].len, 16);
	CHECK_INT(ike_sa_parse(&c.pl[0], &sa, &err), 0);
	CHECK_INT(sa.n_prop, 1);
	CHECK_INT(sa.n_tr, 2);
	CHECK_INT(sa.tr[1].num, 2);
	CHECK_INT(sa.tr[0].raw_len, T_LEN);
	ike_attr_iter_init(&it, sa.tr[0].attrs, sa.tr[0].attrs_len, 0);
	CHECK_INT(ike_attr_next(&it, &a, &err), 1);
	CHECK(a.af && a.type == 1 && a.num == 7);
	CHECK_INT(ike_attr_next(&it, &a, &err), 1);
	CHECK(!a.af && a.type == 12 && a.len == 4 && a.num == 86400);
	CHECK_INT(ike_attr_next(&it, &a, &err), 0);
	CHECK_INT(ike_notify_parse(&c.pl[2], &n, &err), 0);
	CHECK_INT(n.type, ISAKMP_N_INITIAL_CONTACT);
	CHECK_INT(n.data_len, 0);
	CHECK(ike_chain_find(&c, ISAKMP_NP_KE, NULL) == NULL);
	ike_buf_free(&b);
}

/* Copy, damage with fn, expect a parse error containing frag. */
static void expect_bad(void (*fn)(uint8_t *p, size_t *len), const char *frag,
		       size_t off)
{
	struct ike_sa_pl sa;
	struct ike_err err;
	struct ike_buf b;
	size_t len;

	build(&b);
	len = b.len;
	fn(b.p, &len);
	memset(&err, 0, sizeof(err));
	CHECK_INT(parse_all(b.p, len, &sa, &err), -1);
	CHECK_HAS(err.msg, frag);
	if (off)
		CHECK_INT(err.off, off);
	ike_buf_free(&b);
}

static void m_short(uint8_t *p, size_t *len) { (void)p; *len = 20; }
static void m_version(uint8_t *p, size_t *len) { (void)len; p[17] = 0x20; }
static void m_hdr_long(uint8_t *p, size_t *len) { (void)len; p[27]++; }
static void m_hdr_short(uint8_t *p, size_t *len) { (void)len; p[27]--; }
static void m_pl_short(uint8_t *p, size_t *len)
{
	(void)len;
	ike_set16(p + OFF_SA + 2, 3);
}
static void m_pl_over(uint8_t *p, size_t *len)
{
	(void)len;
	ike_set16(p + OFF_SA + 2, 1000);
}
static void m_unknown_np(uint8_t *p, size_t *len) { (void)len; p[OFF_SA] = 99; }
static void m_p_in_chain(uint8_t *p, size_t *len) { (void)len; p[16] = ISAKMP_NP_P; }
static void m_trailing(uint8_t *p, size_t *len)
{
	/* the last payload (N) claims 4 bytes less */
	ike_set16(p + *len - 12 + 2, 8);
	p[27] = p[27];
}
static void m_truncated_chain(uint8_t *p, size_t *len)
{
	/* N says a next payload follows but the message ends */
	p[*len - 12] = ISAKMP_NP_VID;
}
static void m_doi(uint8_t *p, size_t *len) { (void)len; p[OFF_SA + 7] = 2; }
static void m_sit(uint8_t *p, size_t *len) { (void)len; p[OFF_SA + 11] = 2; }
static void m_p_over(uint8_t *p, size_t *len)
{
	(void)len;
	ike_set16(p + OFF_P + 2, 500);
}
static void m_p_next(uint8_t *p, size_t *len) { (void)len; p[OFF_P] = ISAKMP_NP_T; }
static void m_spi_size(uint8_t *p, size_t *len) { (void)len; p[OFF_P + 6] = 60; }
static void m_ntrans(uint8_t *p, size_t *len) { (void)len; p[OFF_P + 7] = 3; }
static void m_t_short(uint8_t *p, size_t *len)
{
	(void)len;
	ike_set16(p + OFF_T1 + 2, 6);
}
static void m_t_over(uint8_t *p, size_t *len)
{
	(void)len;
	ike_set16(p + OFF_T1 + 2, 200);
}
static void m_t_next(uint8_t *p, size_t *len) { (void)len; p[OFF_T1] = ISAKMP_NP_KE; }
static void m_t_last_next(uint8_t *p, size_t *len)
{
	(void)len;
	p[OFF_T1 + T_LEN] = ISAKMP_NP_T;
}
static void m_attr_over(uint8_t *p, size_t *len)
{
	(void)len;
	/* the TLV life duration claims 9 bytes */
	ike_set16(p + OFF_T1_ATTR + 4 + 2, 9);
}
static void m_attr_trunc(uint8_t *p, size_t *len)
{
	(void)len;
	/* transform shortened by 2: the TLV's value is cut */
	ike_set16(p + OFF_T1 + 2, T_LEN - 2);
	ike_set16(p + OFF_T1 + T_LEN - 2, 0);	/* harmless */
}

static void malformed_cases(void)
{
	expect_bad(m_short, "shorter than the 28-byte ISAKMP header", 0);
	expect_bad(m_version, "ISAKMP version 2.0", 17);
	expect_bad(m_hdr_long, "header length", 24);
	expect_bad(m_hdr_short, "header length", 24);
	expect_bad(m_pl_short, "SA length 3 shorter than its header", OFF_SA);
	expect_bad(m_pl_over, "SA length 1000 overruns message", OFF_SA);
	expect_bad(m_unknown_np, "unexpected payload type 99", 0);
	expect_bad(m_p_in_chain, "unexpected payload type 2 in chain", 28);
	expect_bad(m_trailing, "bytes after the last payload", 0);
	expect_bad(m_truncated_chain, "vendor ID header truncated", 0);
	expect_bad(m_doi, "SA DOI 2, not IPsec", OFF_SA + 4);
	expect_bad(m_sit, "situation", OFF_SA + 8);
	expect_bad(m_p_over, "proposal length 500 overruns SA", OFF_P);
	expect_bad(m_p_next, "last proposal claims a next payload (3)", 0);
	expect_bad(m_spi_size, "shorter than its header and 60-byte SPI", OFF_P);
	expect_bad(m_ntrans, "announces 3 transforms but holds 2", 0);
	expect_bad(m_t_short, "transform length 6 shorter than its 8-byte header",
		   OFF_T1);
	expect_bad(m_t_over, "transform length 200 overruns proposal", OFF_T1);
	expect_bad(m_t_next, "transform followed by payload type 4", 0);
	expect_bad(m_t_last_next, "last transform claims a next payload", 0);
	expect_bad(m_attr_over, "attribute 12 length 9 overruns transform",
		   OFF_T1_ATTR + 4);
	expect_bad(m_attr_trunc, "overruns", 0);
}

static void too_many_payloads(void)
{
	struct isakmp_hdr h = { .exch = ISAKMP_EXCH_MAIN };
	struct ike_chain c;
	struct ike_err err;
	struct ike_buf b;
	int i;

	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	for (i = 0; i < IKE_MAX_PAYLOADS + 1; i++)
		ike_pl_add(&b, ISAKMP_NP_VID, "x", 1);
	ike_msg_finish(&b);
	CHECK_INT(ike_chain_parse(b.p[16], b.p + 28, b.len - 28, 28, false, &c,
				  &err), -1);
	CHECK_HAS(err.msg, "more than 32 payloads");
	/* Padding is only accepted where asked for (decrypted bodies). */
	b.p[28] = ISAKMP_NP_NONE;	/* first VID ends the chain */
	memset(b.p + 33, 0, 3);
	CHECK_INT(ike_chain_parse(ISAKMP_NP_VID, b.p + 28, 5 + 3, 28, true, &c,
				  &err), 0);
	CHECK_INT(c.n, 1);
	ike_buf_free(&b);
}

static void typed_payloads(void)
{
	uint8_t body[64];
	struct ike_payload pl = { .body = body, .off = 100 };
	struct ike_delete d;
	struct ike_notify n;
	struct ike_err err;
	struct ike_id id;
	uint16_t fam;
	uint8_t ip[16];

	/* notification: SPI size overrunning the payload */
	memcpy(body, "\0\0\0\x01\x03\x10\x60\x00", 8);
	pl.len = 12;
	CHECK_INT(ike_notify_parse(&pl, &n, &err), -1);
	CHECK_HAS(err.msg, "SPI size 16 overruns");
	pl.len = 6;
	CHECK_INT(ike_notify_parse(&pl, &n, &err), -1);
	CHECK_HAS(err.msg, "notification of 6 bytes");
	/* delete: count times size must equal the rest */
	memcpy(body, "\0\0\0\x01\x03\x04\x00\x02", 8);
	pl.len = 8 + 4;
	CHECK_INT(ike_delete_parse(&pl, &d, &err), -1);
	CHECK_HAS(err.msg, "delete lists 2 SPIs of 4 bytes in 4 bytes");
	pl.len = 8 + 8;
	CHECK_INT(ike_delete_parse(&pl, &d, &err), 0);
	CHECK_INT(d.n_spi, 2);
	pl.len = 7;
	CHECK_INT(ike_delete_parse(&pl, &d, &err), -1);
	/* ID: address types have fixed sizes */
	memcpy(body, "\x01\x11\x06\xa5\xc0\xa8\x01\x0a", 8);
	pl.len = 8;
	CHECK_INT(ike_id_parse(&pl, &id, &err), 0);
	CHECK_INT(id.port, 1701);
	CHECK_INT(id.proto, 17);
	pl.len = 7;
	CHECK_INT(ike_id_parse(&pl, &id, &err), -1);
	CHECK_HAS(err.msg, "ID of type 1 has 3 address bytes, not 4");
	pl.len = 3;
	CHECK_INT(ike_id_parse(&pl, &id, &err), -1);
	body[0] = ISAKMP_ID_FQDN;
	pl.len = 4;
	CHECK_INT(ike_id_parse(&pl, &id, &err), -1);
	CHECK_HAS(err.msg, "empty ID");
	/* NAT-OA */
	memcpy(body, "\x01\0\0\0\xc0\xa8\x01\x0a", 8);
	pl.len = 8;
	CHECK_INT(ike_natoa_parse(&pl, &fam, ip, &err), 0);
	CHECK_INT(fam, AF_INET);
	CHECK_INT(ip[3], 10);
	pl.len = 9;
	CHECK_INT(ike_natoa_parse(&pl, &fam, ip, &err), -1);
	CHECK_HAS(err.msg, "NAT-OA of 9 bytes");
	CHECK_INT(err.off, 104);
}

static void encoder_limits(void)
{
	static uint8_t big[70000];
	struct isakmp_hdr h = { 0 };
	struct ike_buf b;

	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	ike_pl_add(&b, ISAKMP_NP_VID, big, sizeof(big));
	CHECK(b.err);
	ike_buf_free(&b);
	ike_buf_init(&b);
	ike_put_attr(&b, 2, 0x10000);
	CHECK_INT(b.len, 8);
	CHECK_INT(ike_get16(b.p), 2);
	CHECK_INT(ike_get16(b.p + 2), 4);
	CHECK_INT(ike_get32(b.p + 4), 0x10000);
	ike_buf_free(&b);
}

static void names(void)
{
	CHECK_STR(ike_notify_name(ISAKMP_N_R_U_THERE_ACK), "R-U-THERE-ACK");
	CHECK_STR(ike_payload_name(ISAKMP_NP_NATOA_DRAFT), "NAT-OA (draft)");
	CHECK_STR(ike_exchange_name(ISAKMP_EXCH_QUICK), "Quick Mode");
}

void suite_ike_payload(void)
{
	RUN(round_trip);
	RUN(malformed_cases);
	RUN(too_many_payloads);
	RUN(typed_payloads);
	RUN(encoder_limits);
	RUN(names);
}
