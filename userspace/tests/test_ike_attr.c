// SPDX-License-Identifier: GPL-2.0
/*
 * The Attribute payload codec (XAUTH, Mode-Config): both attribute
 * forms, the fixed sizes, and a refusal for each malformed case.
 */
#include <string.h>

#include "test.h"
#include "ike/attr_payload.h"

void suite_ike_attr(void);

static int parse(const uint8_t *body, size_t len, struct ike_cfg_pl *c,
		 struct ike_err *err)
{
	struct ike_payload pl = { .type = ISAKMP_NP_ATTR, .body = body,
				  .len = len, .off = 28 };

	return ike_cfg_parse(&pl, c, err);
}

static void both_forms_parse(void)
{
	static const uint8_t body[] = {
		IKE_CFG_REPLY, 0, 0x12, 0x34,
		0xc0, 0x88, 0x00, 0x00,			/* XAUTH-TYPE 0, TV */
		0x40, 0x89, 0x00, 0x05, 'm', 'a', 'r', 't', 'y',
		0x40, 0x8a, 0x00, 0x03, 'p', 'w', 'd',
		0x00, 0x01, 0x00, 0x00,			/* empty address */
	};
	struct ike_xauth_answer x;
	struct ike_cfg_pl c;
	struct ike_err err;

	CHECK_INT(parse(body, sizeof(body), &c, &err), 0);
	CHECK_INT(c.type, IKE_CFG_REPLY);
	CHECK_INT(c.ident, 0x1234);
	CHECK_INT(c.attrs_len, sizeof(body) - 4);
	CHECK_INT(ike_xauth_answer_parse(&c, &x, &err), 0);
	CHECK(x.has_type && x.xtype == 0);
	CHECK(x.has_user && x.user_len == 5 && !memcmp(x.user, "marty", 5));
	CHECK(x.has_password && x.password_len == 3);
	CHECK(!x.has_status);
}

static void malformed_refused(void)
{
	static const struct {
		uint8_t b[16];
		size_t len;
		const char *why;
	} bad[] = {
		{ { 1, 0, 0 }, 3, "attribute payload of 3 bytes" },
		{ { 0, 0, 0, 0 }, 4, "attribute payload of type 0" },
		{ { 5, 0, 0, 0 }, 4, "attribute payload of type 5" },
		{ { 1, 0, 0, 0, 0x00, 0x01, 0x00 }, 7, "attribute truncated" },
		{ { 1, 0, 0, 0, 0x00, 0x07, 0x00, 0x09, 'x' }, 9,
		  "length 9 overruns" },
		{ { 2, 0, 0, 0, 0x00, 0x01, 0x00, 0x03, 10, 0, 0 }, 11,
		  "INTERNAL_IP4_ADDRESS of 3 bytes, not 4" },
		{ { 2, 0, 0, 0, 0x80, 0x03, 0x0a, 0x00 }, 8,
		  "INTERNAL_IP4_DNS in the wrong form (TV" },
		{ { 3, 0, 0, 0, 0x40, 0x8f, 0x00, 0x04, 0, 0, 0, 1 }, 12,
		  "XAUTH-STATUS in the wrong form (TLV, 4 bytes)" },
	};
	struct ike_cfg_pl c;
	struct ike_err err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		CHECK_INT(parse(bad[i].b, bad[i].len, &c, &err), -1);
		CHECK_HAS(err.msg, bad[i].why);
		CHECK_HAS(err.msg, "malformed payload");
	}
}

static void xauth_names_in_tv_form_refused(void)
{
	static const uint8_t body[] = {
		IKE_CFG_REPLY, 0, 0, 1,
		0xc0, 0x89, 0x61, 0x62,		/* USER-NAME as TV */
	};
	struct ike_xauth_answer x;
	struct ike_cfg_pl c;
	struct ike_err err;

	CHECK_INT(parse(body, sizeof(body), &c, &err), 0);
	CHECK_INT(ike_xauth_answer_parse(&c, &x, &err), -1);
	CHECK_HAS(err.msg, "XAUTH-USER-NAME in the 2-byte TV form at offset 36");
}

static void writers_round_trip(void)
{
	struct ike_payload pl = { .type = ISAKMP_NP_ATTR };
	struct isakmp_hdr h = { 0 };
	struct ike_cfg_pl c;
	struct ike_attr_iter it;
	struct ike_attr a;
	struct ike_buf b;
	size_t s;

	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	s = ike_cfg_start(&b, IKE_CFG_SET, 9);
	ike_cfg_tv(&b, IKE_CA_XAUTH_STATUS, 1);
	ike_cfg_tlv(&b, IKE_CA_UNITY_DEF_DOMAIN, "test.com", 8);
	ike_pl_end(&b, s);
	CHECK(!b.err);
	pl.body = b.p + s + 4;
	pl.len = b.len - s - 4;
	pl.off = s;
	CHECK_INT(ike_cfg_parse(&pl, &c, NULL), 0);
	CHECK_INT(c.type, IKE_CFG_SET);
	CHECK_INT(c.ident, 9);
	ike_attr_iter_init(&it, c.attrs, c.attrs_len, c.attrs_off);
	CHECK_INT(ike_attr_next(&it, &a, NULL), 1);
	CHECK(a.af && a.type == IKE_CA_XAUTH_STATUS && a.num == 1);
	CHECK_INT(ike_attr_next(&it, &a, NULL), 1);
	CHECK(!a.af && a.len == 8 && !memcmp(a.val, "test.com", 8));
	CHECK_INT(ike_attr_next(&it, &a, NULL), 0);
	CHECK_STR(ike_cfg_attr_name(IKE_CA_UNITY_SPLIT_INCLUDE),
		  "UNITY_SPLIT_INCLUDE");
	CHECK_STR(ike_cfg_type_name(IKE_CFG_ACK), "ACK");
	ike_buf_free(&b);
}

void suite_ike_attr(void)
{
	RUN(both_forms_parse);
	RUN(malformed_refused);
	RUN(xauth_names_in_tv_form_refused);
	RUN(writers_round_trip);
}
