// SPDX-License-Identifier: GPL-2.0
/* L2TP codecs: header, AVPs, hidden AVPs, message decoding. */
#include <stdlib.h>

#include "test.h"
#include "l2tp/avp.h"
#include "l2tp/crypto.h"
#include "l2tp/header.h"
#include "l2tp/msg.h"
#include "l2tp/proto.h"

void suite_l2tp_codec(void);

static enum l2tp_hdr_err hparse(const uint8_t *b, size_t len,
				struct l2tp_hdr *h)
{
	return l2tp_hdr_parse(b, len, h);
}

static void hdr_control_roundtrip(void)
{
	uint8_t b[32];
	struct l2tp_hdr h;

	CHECK_INT(l2tp_hdr_put_control(b, sizeof(b), 0x1234, 0x5678, 7, 9), 12);
	l2tp_hdr_set_length(b, 12);
	CHECK_INT(b[0], 0xc8);
	CHECK_INT(b[1], 0x02);
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_OK);
	CHECK(h.control && h.has_length && h.has_seq && !h.has_offset);
	CHECK_INT(h.tunnel_id, 0x1234);
	CHECK_INT(h.session_id, 0x5678);
	CHECK_INT(h.ns, 7);
	CHECK_INT(h.nr, 9);
	CHECK_INT(h.hdr_len, 12);
	CHECK_INT(h.msg_len, 12);
	l2tp_hdr_set_ns(b, 0xfffe);
	l2tp_hdr_set_nr(b, 3);
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_OK);
	CHECK_INT(h.ns, 0xfffe);
	CHECK_INT(h.nr, 3);
	CHECK_INT(l2tp_hdr_put_control(b, 11, 1, 2, 3, 4), 0);
}

static void hdr_data_forms(void)
{
	/* Every data header layout: plain, L, S, O with pad, all of them. */
	static const uint8_t plain[] = { 0x00, 0x02, 0x00, 0x05, 0x00, 0x06,
					 0xff, 0x03 };
	static const uint8_t full[] = { 0x4b, 0x02, 0x00, 0x10, 0x00, 0x05,
					0x00, 0x06, 0x00, 0x01, 0x00, 0x00,
					0x00, 0x02, 0xaa, 0xbb, 0xff, 0x03 };
	uint8_t b[16];
	struct l2tp_hdr h;

	CHECK_INT(hparse(plain, sizeof(plain), &h), L2TP_HDR_OK);
	CHECK(!h.control && !h.has_length && !h.has_seq);
	CHECK_INT(h.tunnel_id, 5);
	CHECK_INT(h.session_id, 6);
	CHECK_INT(h.hdr_len, 6);
	CHECK_INT(h.msg_len, 8);

	/* L, S, O, P: Length 16 leaves two bytes of the 18 outside. */
	CHECK_INT(hparse(full, sizeof(full), &h), L2TP_HDR_OK);
	CHECK(h.has_length && h.has_seq && h.has_offset && h.priority);
	CHECK_INT(h.ns, 1);
	CHECK_INT(h.hdr_len, 16);
	CHECK_INT(h.msg_len, 16);

	CHECK_INT(l2tp_hdr_put_data(b, sizeof(b), 0x0102, 0x0304), 6);
	CHECK_INT(hparse(b, 6, &h), L2TP_HDR_OK);
	CHECK_INT(h.tunnel_id, 0x0102);
	CHECK_INT(h.session_id, 0x0304);
	CHECK_INT(l2tp_hdr_put_data(b, 5, 1, 2), 0);
}

static void hdr_malformed(void)
{
	uint8_t b[32] = { 0 };
	struct l2tp_hdr h;

	CHECK_INT(hparse(b, 0, &h), L2TP_HDR_ERR_SHORT);
	CHECK_INT(hparse(b, 1, &h), L2TP_HDR_ERR_SHORT);
	/* Version 3 (L2TPv3) and 1 (L2F) share the port. */
	b[0] = 0xc8; b[1] = 0x03;
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_ERR_VERSION);
	b[1] = 0x01;
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_ERR_VERSION);
	b[1] = 0x02;
	b[0] = 0x88;	/* T S, no L */
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_ERR_CTRL_NO_LENGTH);
	b[0] = 0xc0;	/* T L, no S */
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_ERR_CTRL_NO_SEQ);
	b[0] = 0xca;	/* T L S O */
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_ERR_CTRL_OFFSET);
	b[0] = 0xc9;	/* T L S P */
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_ERR_CTRL_PRIORITY);
	b[0] = 0xc8;
	b[2] = 0; b[3] = 12;
	CHECK_INT(hparse(b, 3, &h), L2TP_HDR_ERR_TRUNCATED);
	CHECK_INT(hparse(b, 7, &h), L2TP_HDR_ERR_TRUNCATED);
	CHECK_INT(hparse(b, 11, &h), L2TP_HDR_ERR_TRUNCATED);
	/* Length lies: longer than the datagram, shorter than the header. */
	b[3] = 20;
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_ERR_LENGTH_LONG);
	b[3] = 10;
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_ERR_LENGTH_SHORT);
	b[3] = 12;
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_OK);
	/* Reserved bits are ignored on receipt (§3.1). */
	b[0] = 0xfc; b[1] = 0xf2;
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_OK);

	/* Data: too short for the ids, offset field cut, pad overrunning. */
	memset(b, 0, sizeof(b));
	b[1] = 0x02;
	CHECK_INT(hparse(b, 5, &h), L2TP_HDR_ERR_SHORT);
	b[0] = 0x02;	/* O */
	CHECK_INT(hparse(b, 7, &h), L2TP_HDR_ERR_TRUNCATED);
	b[6] = 0; b[7] = 5;
	CHECK_INT(hparse(b, 12, &h), L2TP_HDR_ERR_OFFSET);
	CHECK_INT(hparse(b, 13, &h), L2TP_HDR_OK);
	CHECK_INT(h.hdr_len, 13);
	b[0] = 0x08;	/* S */
	CHECK_INT(hparse(b, 9, &h), L2TP_HDR_ERR_TRUNCATED);
	CHECK_INT(hparse(b, 65536, &h), L2TP_HDR_ERR_TOO_LONG);
	CHECK(strcmp(l2tp_hdr_strerror(L2TP_HDR_ERR_LENGTH_LONG),
		     "length field longer than the datagram") == 0);
	CHECK(l2tp_hdr_strerror(L2TP_HDR_ERR_MAX) != NULL);
}

static void avp_iter_roundtrip(void)
{
	uint8_t buf[256];
	struct l2tp_mbuf mb;
	struct l2tp_avp_iter it;
	struct l2tp_avp a;

	l2tp_mbuf_init(&mb, buf, sizeof(buf));
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE, L2TP_MT_HELLO);
	l2tp_avp_put_str(&mb, 0, L2TP_AVP_VENDOR_NAME, "roam");
	l2tp_avp_put_u32(&mb, L2TP_AVP_M, L2TP_AVP_FRAMING_CAP, 3);
	l2tp_avp_put(&mb, 0, L2TP_AVP_SEQUENCING_REQUIRED, NULL, 0);
	CHECK(!mb.overflow);
	CHECK_INT(mb.len, 8 + 10 + 10 + 6);
	CHECK_INT(buf[0], 0x80);
	CHECK_INT(buf[1], 8);

	l2tp_avp_iter_init(&it, buf, mb.len);
	CHECK_INT(l2tp_avp_next(&it, &a), 1);
	CHECK(a.mandatory && !a.hidden && !a.reserved);
	CHECK_INT(a.type, 0);
	CHECK_INT(a.len, 2);
	CHECK_INT(l2tp_avp_next(&it, &a), 1);
	CHECK(!a.mandatory);
	CHECK_INT(a.len, 4);
	CHECK(!memcmp(a.value, "roam", 4));
	CHECK_INT(l2tp_avp_next(&it, &a), 1);
	CHECK_INT(a.type, L2TP_AVP_FRAMING_CAP);
	CHECK_INT(l2tp_avp_next(&it, &a), 1);
	CHECK_INT(a.len, 0);
	CHECK_INT(l2tp_avp_next(&it, &a), 0);

	/* Bounds: an AVP that does not fit leaves the buffer alone. */
	l2tp_mbuf_init(&mb, buf, 9);
	l2tp_avp_put_u16(&mb, 0, 1, 2);
	l2tp_avp_put_u16(&mb, 0, 1, 2);
	CHECK(mb.overflow);
	CHECK_INT(mb.len, 8);
	l2tp_mbuf_init(&mb, buf, sizeof(buf));
	l2tp_avp_put(&mb, 0, 7, buf, L2TP_AVP_MAX_VALUE + 1);
	CHECK(mb.overflow);
}

static void avp_iter_malformed(void)
{
	static const uint8_t small[] = { 0x80, 0x05, 0, 0, 0, 0 };
	static const uint8_t over[] = { 0x80, 0x09, 0, 0, 0, 0, 0, 6 };
	static const uint8_t cut[] = { 0x80, 0x08, 0, 0, 0 };
	struct l2tp_avp_iter it;
	struct l2tp_avp a;

	l2tp_avp_iter_init(&it, small, sizeof(small));
	CHECK_INT(l2tp_avp_next(&it, &a), -L2TP_AVP_ERR_LEN_SMALL);
	l2tp_avp_iter_init(&it, over, sizeof(over));
	CHECK_INT(l2tp_avp_next(&it, &a), -L2TP_AVP_ERR_OVERRUN);
	l2tp_avp_iter_init(&it, cut, sizeof(cut));
	CHECK_INT(l2tp_avp_next(&it, &a), -L2TP_AVP_ERR_TRUNCATED);
}

static const uint8_t secret[] = "roam-secret";
#define SECRET_LEN	(sizeof(secret) - 1)

/* Computed by hand (Python hashlib) from RFC 2661 §4.3. */
static const uint8_t hidden_vector[19] = {
	0x14, 0x53, 0xb7, 0xf2, 0x6d, 0x5b, 0x07, 0xb9, 0x30, 0xaa,
	0x66, 0xc8, 0x3c, 0x7e, 0x95, 0x1e, 0x90, 0x08, 0xf4,
};

static void hidden_vector_test(void)
{
	static const char name[] = "alice@example.com";
	uint8_t rv[16], buf[256], out[19];
	struct l2tp_mbuf mb;
	struct l2tp_msg *m = malloc(sizeof(*m));
	struct l2tp_msg_err err;
	int i;

	for (i = 0; i < 16; i++)
		rv[i] = (uint8_t)i;
	l2tp_mbuf_init(&mb, buf, sizeof(buf));
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE, L2TP_MT_ICCN);
	l2tp_avp_put(&mb, L2TP_AVP_M, L2TP_AVP_RANDOM_VECTOR, rv, 16);
	CHECK_INT(l2tp_avp_put_hidden(&mb, 0, L2TP_AVP_PROXY_AUTH_NAME, name,
				      strlen(name), NULL, 0, secret,
				      SECRET_LEN, rv, 16), 0);
	CHECK(!mb.overflow);
	/* Header: H bit, length 6 + 19; then the vector. */
	CHECK_INT(buf[30], 0x40);
	CHECK_INT(buf[31], 25);
	CHECK(!memcmp(buf + 36, hidden_vector, sizeof(hidden_vector)));

	/* The reverse direction, alone and through the message decoder. */
	CHECK_INT(l2tp_reveal(L2TP_AVP_PROXY_AUTH_NAME, secret, SECRET_LEN, rv,
			      16, hidden_vector, out, sizeof(out)), 0);
	CHECK_INT(out[0], 0);
	CHECK_INT(out[1], 17);
	CHECK(!memcmp(out + 2, name, 17));

	/* A hidden Tx Connect Speed + Framing Type make an ICCN. */
	l2tp_avp_put_hidden(&mb, L2TP_AVP_M, L2TP_AVP_TX_CONNECT_SPEED,
			    "\x00\x98\x96\x80", 4, (const uint8_t *)"padpad", 6,
			    secret, SECRET_LEN, rv, 16);
	l2tp_avp_put_u32(&mb, L2TP_AVP_M, L2TP_AVP_FRAMING_TYPE, 1);
	CHECK_INT(l2tp_msg_parse(buf, mb.len, secret, SECRET_LEN, m, &err), 0);
	CHECK_INT(m->tx_speed, 10000000);
	CHECK_INT(m->type, L2TP_MT_ICCN);

	/* No secret, wrong secret, no random vector before it. */
	CHECK_INT(l2tp_msg_parse(buf, mb.len, NULL, 0, m, &err), -1);
	CHECK_INT(err.code, L2TP_MSG_ERR_HIDE_NO_SECRET);
	CHECK_HAS(err.text, "Proxy Authen Name");
	CHECK_INT(l2tp_msg_parse(buf, mb.len, (const uint8_t *)"other", 5, m,
				 &err), -1);
	CHECK_INT(err.code, L2TP_MSG_ERR_HIDE_BAD);
	CHECK_HAS(err.text, "wrong secret");
	memmove(buf + 8, buf + 30, mb.len - 30);
	CHECK_INT(l2tp_msg_parse(buf, mb.len - 22, secret, SECRET_LEN, m, &err),
		  -1);
	CHECK_INT(err.code, L2TP_MSG_ERR_HIDE_NO_RV);
	free(m);
}

static void challenge_vector(void)
{
	static const uint8_t want2[16] = {
		0xe5, 0x49, 0x28, 0xdf, 0x73, 0x1a, 0x39, 0x15,
		0x42, 0xd6, 0xc4, 0x05, 0x74, 0x5b, 0xe8, 0xbc,
	};
	uint8_t chal[16], out[16];
	int i;

	for (i = 0; i < 16; i++)
		chal[i] = (uint8_t)(0xa0 + i);
	CHECK_INT(l2tp_challenge_response(2, secret, SECRET_LEN, chal, 16, out),
		  0);
	CHECK(!memcmp(out, want2, 16));
}

/* An SCCRQ as xl2tpd sends it, through the AVP builder. */
static size_t xl2tpd_sccrq(uint8_t *buf, size_t cap)
{
	uint8_t ver[2] = { 1, 0 };
	struct l2tp_mbuf mb;

	l2tp_mbuf_init(&mb, buf, cap);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE, L2TP_MT_SCCRQ);
	l2tp_avp_put(&mb, L2TP_AVP_M, L2TP_AVP_PROTOCOL_VERSION, ver, 2);
	l2tp_avp_put_u32(&mb, L2TP_AVP_M, L2TP_AVP_FRAMING_CAP, 3);
	l2tp_avp_put_u32(&mb, L2TP_AVP_M, L2TP_AVP_BEARER_CAP, 3);
	l2tp_avp_put_u16(&mb, 0, L2TP_AVP_FIRMWARE_REV, 0x0690);
	l2tp_avp_put_str(&mb, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "laptop");
	l2tp_avp_put_str(&mb, 0, L2TP_AVP_VENDOR_NAME, "xelerance.com");
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, 0x4242);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_RECV_WINDOW_SIZE, 4);
	return mb.len;
}

static void msg_sccrq_decode(void)
{
	struct l2tp_msg *m = malloc(sizeof(*m));
	struct l2tp_msg_err err;
	uint8_t buf[256];
	size_t len = xl2tpd_sccrq(buf, sizeof(buf));

	CHECK_INT(l2tp_msg_parse(buf, len, NULL, 0, m, &err), 0);
	CHECK_INT(m->type, L2TP_MT_SCCRQ);
	CHECK_INT(m->proto_ver, 1);
	CHECK_INT(m->framing_cap, 3);
	CHECK_INT(m->bearer_cap, 3);
	CHECK_INT(m->firmware_rev, 0x0690);
	CHECK_INT(m->tunnel_id, 0x4242);
	CHECK_INT(m->rws, 4);
	CHECK_INT(m->host_name.len, 6);
	CHECK(L2TP_MSG_HAS(m, L2TP_AVP_VENDOR_NAME));
	CHECK(!L2TP_MSG_HAS(m, L2TP_AVP_CHALLENGE));
	free(m);
}

/* Parse buf, expect failure with code and a text fragment. */
static void expect_err(const uint8_t *buf, size_t len,
		       enum l2tp_msg_err_code code, uint16_t gen_err,
		       const char *frag)
{
	struct l2tp_msg *m = malloc(sizeof(*m));
	struct l2tp_msg_err err;

	CHECK_INT(l2tp_msg_parse(buf, len, NULL, 0, m, &err), -1);
	CHECK_INT(err.code, code);
	CHECK_INT(err.error_code, gen_err);
	CHECK_HAS(err.text, frag);
	free(m);
}

static void msg_malformed(void)
{
	struct l2tp_msg *m = malloc(sizeof(*m));
	struct l2tp_msg_err err;
	uint8_t buf[256], b2[300];
	size_t len = xl2tpd_sccrq(buf, sizeof(buf));
	struct l2tp_mbuf mb;

	/* Missing each required AVP of an SCCRQ in turn: Host Name. */
	memcpy(b2, buf, 40);		/* up to the Host Name AVP */
	memcpy(b2 + 40, buf + 52, len - 52);
	expect_err(b2, len - 12, L2TP_MSG_ERR_MISSING, L2TP_ERR_VENDOR,
		   "SCCRQ without the required Host Name AVP (7)");

	/* AVP length below 6, and running past the message. */
	memcpy(b2, buf, len);
	b2[8] = 0x80; b2[9] = 0x04;
	expect_err(b2, len, L2TP_MSG_ERR_AVP_LEN_SMALL, L2TP_ERR_LENGTH,
		   "AVP length below 6");
	memcpy(b2, buf, len);
	b2[len - 8] = 0x80; b2[len - 7] = 0x09;
	expect_err(b2, len, L2TP_MSG_ERR_AVP_OVERRUN, L2TP_ERR_LENGTH,
		   "past the end");
	expect_err(buf, len - 1, L2TP_MSG_ERR_AVP_OVERRUN, L2TP_ERR_LENGTH,
		   "offset");
	expect_err(buf, 11, L2TP_MSG_ERR_AVP_TRUNCATED, L2TP_ERR_LENGTH,
		   "inside an AVP header");

	/* Unknown AVPs: ignored without M, fatal with M, and vendor ones. */
	memcpy(b2, buf, len);
	l2tp_mbuf_init(&mb, b2, sizeof(b2));
	mb.len = len;
	l2tp_avp_put_u16(&mb, 0, 200, 1);
	CHECK_INT(l2tp_msg_parse(b2, mb.len, NULL, 0, m, &err), 0);
	CHECK_INT(m->ignored, 1);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, 200, 1);
	expect_err(b2, mb.len, L2TP_MSG_ERR_UNKNOWN_AVP, L2TP_ERR_UNKNOWN_AVP,
		   "unknown mandatory AVP: vendor 0 type 200");
	/* Vendor 311 (Microsoft) AVP with M, type 1 that we know at vendor 0 */
	mb.len = len;
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, 1, 0);
	b2[len + 3] = 0x37; b2[len + 2] = 0x01;
	expect_err(b2, mb.len, L2TP_MSG_ERR_UNKNOWN_AVP, L2TP_ERR_UNKNOWN_AVP,
		   "vendor 311 type 1");
	/* A reserved bit turns a known AVP into an unknown one (§4.1). */
	mb.len = len;
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_FIRMWARE_REV, 1);
	b2[len] |= 0x04;
	expect_err(b2, mb.len, L2TP_MSG_ERR_UNKNOWN_AVP, L2TP_ERR_UNKNOWN_AVP,
		   "reserved bits");

	/* Value lengths and ranges. */
	mb.len = len;
	l2tp_avp_put_u32(&mb, L2TP_AVP_M, L2TP_AVP_RECV_WINDOW_SIZE, 1);
	expect_err(b2, mb.len, L2TP_MSG_ERR_VALUE_LEN, L2TP_ERR_LENGTH,
		   "AVP Receive Window Size (10): value length 4, expected 2");
	mb.len = len;
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, 0);
	expect_err(b2, mb.len, L2TP_MSG_ERR_VALUE, L2TP_ERR_RANGE,
		   "tunnel ID 0 is reserved");
	mb.len = len;
	l2tp_avp_put(&mb, L2TP_AVP_M, L2TP_AVP_RESULT_CODE, "\0\1\2", 3);
	expect_err(b2, mb.len, L2TP_MSG_ERR_VALUE_LEN, L2TP_ERR_LENGTH,
		   "cuts the error code");
	mb.len = len;
	l2tp_avp_put(&mb, L2TP_AVP_M, L2TP_AVP_CHALLENGE_RESPONSE, "x", 1);
	expect_err(b2, mb.len, L2TP_MSG_ERR_VALUE_LEN, L2TP_ERR_LENGTH,
		   "Challenge Response");
	mb.len = len;
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE, 1);
	expect_err(b2, mb.len, L2TP_MSG_ERR_VALUE, L2TP_ERR_RANGE,
		   "second Message Type");
	/* Hidden Message Type / first AVP not Message Type / unknown type. */
	memcpy(b2, buf, len);
	b2[0] |= 0x40;
	expect_err(b2, len, L2TP_MSG_ERR_NO_TYPE, L2TP_ERR_RANGE,
		   "first AVP");
	expect_err(buf + 8, len - 8, L2TP_MSG_ERR_NO_TYPE, L2TP_ERR_RANGE,
		   "first AVP");
	memcpy(b2, buf, len);
	b2[7] = 99;
	expect_err(b2, len, L2TP_MSG_ERR_UNKNOWN_MSG, L2TP_ERR_UNKNOWN_AVP,
		   "unknown message type 99 (M bit set)");
	b2[6] = 0; b2[7] = 0;
	expect_err(b2, 4, L2TP_MSG_ERR_AVP_TRUNCATED, L2TP_ERR_LENGTH, "AVP");
	expect_err(b2, 0, L2TP_MSG_ERR_NO_TYPE, L2TP_ERR_RANGE, "first AVP");

	/* ICRQ without Call Serial Number. */
	l2tp_mbuf_init(&mb, b2, sizeof(b2));
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE, L2TP_MT_ICRQ);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, 9);
	expect_err(b2, mb.len, L2TP_MSG_ERR_MISSING, L2TP_ERR_VENDOR,
		   "ICRQ without the required Call Serial Number AVP (15)");
	free(m);
}

static void names(void)
{
	CHECK_STR(l2tp_msg_type_name(L2TP_MT_STOPCCN), "StopCCN");
	CHECK_STR(l2tp_msg_type_name(5), "unknown message");
	CHECK_STR(l2tp_avp_type_name(L2TP_AVP_SEQUENCING_REQUIRED),
		  "Sequencing Required");
	CHECK_STR(l2tp_avp_type_name(20), "unknown AVP");
	{
		struct l2tp_bytes b = { (const uint8_t *)"a\"b\n\x80", 5 };
		char s[8];

		l2tp_bytes_to_str(&b, s, sizeof(s));
		CHECK_STR(s, "a?b??");
		l2tp_bytes_to_str(&b, s, 3);
		CHECK_STR(s, "a?");
	}
}

/*
 * A Result Code of two bytes ends the message: its message text is empty
 * and points nowhere, not past the datagram (found by fuzz_l2tp_msg,
 * which checks every decoded value lies in the message).
 */
static void msg_result_code_short_at_end(void)
{
	struct l2tp_msg *m = malloc(sizeof(*m));
	struct l2tp_msg_err err;
	uint8_t area[64], *buf;
	struct l2tp_mbuf mb;

	l2tp_mbuf_init(&mb, area, sizeof(area));
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE,
			 L2TP_MT_STOPCCN);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, 7);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_RESULT_CODE, 1);
	CHECK(!mb.overflow);
	/* an exact-size copy: nothing of the message lies past it */
	buf = malloc(mb.len);
	memcpy(buf, area, mb.len);
	CHECK_INT(l2tp_msg_parse(buf, mb.len, NULL, 0, m, &err), 0);
	CHECK_INT(m->result, 1);
	CHECK_INT(m->error, 0);
	CHECK_INT(m->result_msg.len, 0);
	CHECK(!m->result_msg.p ||
	      (m->result_msg.p >= buf && m->result_msg.p <= buf + mb.len));
	free(buf);
	free(m);
}

void suite_l2tp_codec(void)
{
	RUN(hdr_control_roundtrip);
	RUN(hdr_data_forms);
	RUN(hdr_malformed);
	RUN(avp_iter_roundtrip);
	RUN(avp_iter_malformed);
	RUN(hidden_vector_test);
	RUN(challenge_vector);
	RUN(msg_sccrq_decode);
	RUN(msg_malformed);
	RUN(msg_result_code_short_at_end);
	RUN(names);
}
