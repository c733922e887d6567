// SPDX-License-Identifier: GPL-2.0
/*
 * The RADIUS codec (roamd/radius/packet.c, crypto.c): RFC 2865 7.1's
 * Access-Request and Access-Accept as known answers (User-Password
 * hiding, Response Authenticator), Message-Authenticator signing and
 * checking both ways, vendor attributes, the MS-MPPE-Send-Key
 * encryption against an answer computed outside this code (RFC 2548
 * 2.4.2 done with Python's hashlib), and malformed packets.
 */
#include "radius/acct.h"
#include "radius/crypto.h"
#include "radius/packet.h"
#include "test.h"

void suite_radius_codec(void);

static int nib(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ')
			continue;
		out[n++] = (uint8_t)(nib(s[0]) << 4 | nib(s[1]));
		s++;
	}
	return n;
}

#define SECRET "xyzzy5461"
#define SLEN (sizeof(SECRET) - 1)

/* RFC 2865 7.1: nemo / arctangent from NAS 192.168.1.16 port 3 */
static const char *const RFC_REQ =
	"01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb"
	"98 f4 22 7a 01 06 6e 65 6d 6f 02 12 0d be 70 8d"
	"93 d4 13 ce 31 96 e4 3f 78 2a 0a ee 04 06 c0 a8"
	"01 10 05 06 00 00 00 03";
static const char *const RFC_ACCEPT =
	"02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf"
	"9b 55 e0 b2 06 06 00 00 00 01 0f 06 00 00 00 00"
	"0e 06 c0 a8 01 03";

static void test_radius_rfc2865_request(void)
{
	uint8_t raw[64], built[64], hidden[RADIUS_PASSWORD_MAX];
	uint8_t plain[RADIUS_PASSWORD_MAX];
	size_t n = unhex(RFC_REQ, raw);
	struct radius_builder b;
	struct radius_packet p;
	struct radius_attr a;
	const char *err = NULL;
	uint32_t v = 0;
	int h;

	CHECK_INT(radius_parse(raw, n, &p, &err), 0);
	CHECK_INT(p.code, RADIUS_ACCESS_REQUEST);
	CHECK_INT(p.len, 56);
	CHECK(radius_attr_find(&p, 0, RADIUS_USER_NAME, &a));
	CHECK_INT(a.len, 4);
	CHECK(!memcmp(a.val, "nemo", 4));
	CHECK_INT(radius_attr_u32(&p, 0, RADIUS_NAS_PORT, &v), 0);
	CHECK_INT(v, 3);
	/* hiding "arctangent" gives the RFC's User-Password */
	h = radius_hide_password((const uint8_t *)"arctangent", 10, p.auth,
				 SECRET, SLEN, hidden);
	CHECK_INT(h, 16);
	CHECK(radius_attr_find(&p, 0, RADIUS_USER_PASSWORD, &a));
	CHECK_INT(a.len, 16);
	CHECK(!memcmp(a.val, hidden, 16));
	CHECK_INT(radius_unhide_password(hidden, 16, p.auth, SECRET, SLEN,
					 plain), 16);
	CHECK(!memcmp(plain, "arctangent\0\0\0\0\0", 16));
	/* and the builder makes the same bytes */
	radius_build_begin(&b, built, sizeof(built), RADIUS_ACCESS_REQUEST, 0,
			   p.auth);
	radius_put_str(&b, RADIUS_USER_NAME, "nemo");
	radius_put(&b, RADIUS_USER_PASSWORD, hidden, 16);
	radius_put(&b, RADIUS_NAS_IP_ADDRESS, "\xc0\xa8\x01\x10", 4);
	radius_put_u32(&b, RADIUS_NAS_PORT, 3);
	CHECK_INT(radius_build_end(&b), 56);
	CHECK(!memcmp(built, raw, 56));
	/* a long password takes several blocks and round-trips */
	h = radius_hide_password((const uint8_t *)"0123456789abcdefXYZ", 19,
				 p.auth, SECRET, SLEN, hidden);
	CHECK_INT(h, 32);
	CHECK_INT(radius_unhide_password(hidden, 32, p.auth, SECRET, SLEN,
					 plain), 32);
	CHECK(!memcmp(plain, "0123456789abcdefXYZ", 19) && !plain[19]);
	CHECK_INT(radius_hide_password(plain, 129, p.auth, SECRET, SLEN,
				       hidden), -1);
}

static void test_radius_rfc2865_accept(void)
{
	uint8_t req[64], acc[64];
	struct radius_packet rq, p;
	const char *err = NULL;
	uint32_t v = 0;

	unhex(RFC_REQ, req);
	CHECK_INT(radius_parse(req, 56, &rq, &err), 0);
	CHECK_INT(radius_parse(acc, unhex(RFC_ACCEPT, acc), &p, &err), 0);
	CHECK_INT(p.code, RADIUS_ACCESS_ACCEPT);
	/* the RFC's answer has no Message-Authenticator: fine unless required */
	CHECK_INT(radius_verify_answer(&p, rq.auth, SECRET, SLEN, false, &err),
		  0);
	CHECK_INT(radius_verify_answer(&p, rq.auth, SECRET, SLEN, true, &err),
		  -1);
	CHECK_HAS(err, "no Message-Authenticator");
	CHECK_INT(radius_verify_answer(&p, rq.auth, "xyzzy5460", SLEN, false,
				       &err), -1);
	CHECK_HAS(err, "Response Authenticator");
	CHECK_INT(radius_attr_u32(&p, 0, RADIUS_SERVICE_TYPE, &v), 0);
	CHECK_INT(v, 1);
	CHECK_INT(radius_attr_u32(&p, 0, 14, &v), 0);	/* Login-IP-Host */
	CHECK_INT(v, 0xc0a80103);
	/* a changed octet breaks it */
	acc[37] ^= 1;
	CHECK_INT(radius_verify_answer(&p, rq.auth, SECRET, SLEN, false, &err),
		  -1);
}

/* Sign an Access-Request, answer it as a server would, check both. */
static void test_radius_message_authenticator(void)
{
	static const uint8_t ra[16] = "0123456789abcdef";
	uint8_t req[256], ans[256], ms[32];
	struct radius_builder b;
	struct radius_packet p, q;
	struct radius_attr a;
	const char *err = NULL;
	int n, m;

	radius_build_begin(&b, req, sizeof(req), RADIUS_ACCESS_REQUEST, 7, ra);
	radius_put_msg_auth(&b);
	radius_put_str(&b, RADIUS_USER_NAME, "alice");
	n = radius_build_end(&b);
	CHECK_INT(n, 20 + 18 + 7);
	CHECK_INT(b.msg_auth_off, 22);
	CHECK_INT(radius_sign_access_request(req, n, b.msg_auth_off, "s3cret",
					     6), 0);
	CHECK_INT(radius_parse(req, n, &p, &err), 0);
	CHECK_INT(radius_verify_access_request(&p, "s3cret", 6, &err), 0);
	CHECK_INT(radius_verify_access_request(&p, "s3creT", 6, &err), -1);
	CHECK_HAS(err, "wrong Message-Authenticator");

	/* the server's Accept: MA over the request's authenticator */
	radius_build_begin(&b, ans, sizeof(ans), RADIUS_ACCESS_ACCEPT, 7, NULL);
	radius_put_msg_auth(&b);
	radius_put_vsa(&b, RADIUS_VENDOR_MICROSOFT, RADIUS_MS_CHAP2_SUCCESS,
		       "\x01S=0123", 7);
	radius_put_u32(&b, RADIUS_FRAMED_IP_ADDRESS, 0x0a000005);
	m = radius_build_end(&b);
	CHECK(m > 0);
	CHECK_INT(radius_sign(ans, m, b.msg_auth_off, ra, "s3cret", 6), 0);
	CHECK_INT(radius_parse(ans, m, &q, &err), 0);
	CHECK_INT(radius_verify_answer(&q, ra, "s3cret", 6, true, &err), 0);
	CHECK(radius_attr_find(&q, RADIUS_VENDOR_MICROSOFT,
			       RADIUS_MS_CHAP2_SUCCESS, &a));
	CHECK_INT(a.len, 7);
	CHECK(!memcmp(a.val, "\x01S=0123", 7));
	CHECK(!radius_attr_find(&q, 0, RADIUS_MS_CHAP2_SUCCESS, &a));
	/* a forged answer keeping a valid Response Authenticator (what
	 * Blast-RADIUS achieves by collision) still fails on the MA */
	ans[b.msg_auth_off] ^= 0x80;
	memcpy(ms, ans + 4, 16);
	CHECK_INT(radius_sign(ans, m, 0, ra, "s3cret", 6), 0);
	CHECK_INT(radius_parse(ans, m, &q, &err), 0);
	CHECK_INT(radius_verify_answer(&q, ra, "s3cret", 6, true, &err), -1);
	CHECK_HAS(err, "wrong Message-Authenticator");

	/* a Disconnect-Request: authenticator over zeros, MA too */
	radius_build_begin(&b, ans, sizeof(ans), RADIUS_DISCONNECT_REQUEST, 9,
			   NULL);
	radius_put_str(&b, RADIUS_ACCT_SESSION_ID, "00000001");
	radius_put_msg_auth(&b);
	m = radius_build_end(&b);
	CHECK_INT(radius_sign(ans, m, b.msg_auth_off, NULL, "dae", 3), 0);
	CHECK_INT(radius_parse(ans, m, &q, &err), 0);
	CHECK_INT(radius_verify_request(&q, "dae", 3, true, &err), 0);
	CHECK_INT(radius_verify_request(&q, "dae!", 4, true, &err), -1);
	CHECK_HAS(err, "Request Authenticator");
}

static void test_radius_mppe_key(void)
{
	uint8_t ra[16], enc[64], want[64], key[RADIUS_MPPE_KEY_MAX];
	const uint8_t k[16] = {
		0xd5, 0xa5, 0xe7, 0xcd, 0xcf, 0x9b, 0x5e, 0x8d,
		0x1b, 0x3e, 0x1a, 0xe3, 0xe0, 0xe0, 0xb1, 0xa7,
	};
	const char *err = NULL;
	size_t wn;
	int n;

	unhex("0f403f9473978057bd83d5cb98f4227a", ra);
	wn = unhex("8001d79a739fa8de04a94a1d1113056367928b7996948d80c0306ba8"
		   "88147521b77a", want);
	n = radius_mppe_key_encrypt(k, 16, (const uint8_t *)"\x80\x01", ra,
				    SECRET, SLEN, enc, sizeof(enc));
	CHECK_INT(n, 34);
	CHECK_INT(wn, 34);
	CHECK(!memcmp(enc, want, 34));
	CHECK_INT(radius_mppe_key_decrypt(want, 34, ra, SECRET, SLEN, key,
					  &err), 16);
	CHECK(!memcmp(key, k, 16));
	/* the wrong authenticator gives a wrong length or wrong key */
	ra[0] ^= 1;
	n = radius_mppe_key_decrypt(want, 34, ra, SECRET, SLEN, key, &err);
	CHECK(n != 16 || memcmp(key, k, 16));
	ra[0] ^= 1;
	/* malformed: no salt bit, not whole blocks, too short */
	want[0] &= 0x7f;
	CHECK_INT(radius_mppe_key_decrypt(want, 34, ra, SECRET, SLEN, key,
					  &err), -1);
	CHECK_HAS(err, "high bit");
	want[0] |= 0x80;
	CHECK_INT(radius_mppe_key_decrypt(want, 33, ra, SECRET, SLEN, key,
					  &err), -1);
	CHECK_INT(radius_mppe_key_decrypt(want, 2, ra, SECRET, SLEN, key,
					  &err), -1);
}

static void test_radius_malformed(void)
{
	const struct { const char *hex; const char *why; } v[] = {
		{ "01 00 00 14", "shorter" },
		{ "01 00 00 13 00000000000000000000000000000000", "range" },
		{ "01 00 00 18 00000000000000000000000000000000 0106",
		  "beyond the datagram" },
		{ "01 00 00 16 00000000000000000000000000000000 0101",
		  "below 2" },
		{ "01 00 00 16 00000000000000000000000000000000 0105",
		  "beyond the packet" },
		{ "01 00 00 15 00000000000000000000000000000000 01",
		  "cut short" },
	};
	uint8_t buf[64];
	struct radius_packet p;
	struct radius_attr a;
	const char *err;
	size_t i, n, cur = 0;
	int count = 0;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		err = NULL;
		n = unhex(v[i].hex, buf);
		CHECK_INT(radius_parse(buf, n, &p, &err), -1);
		CHECK_HAS(err, v[i].why);
	}
	/* padding after Length is ignored */
	n = unhex("05 01 00 16 00000000000000000000000000000000 2c02 ffff", buf);
	CHECK_INT(radius_parse(buf, n, &p, &err), 0);
	CHECK_INT(p.attrs_len, 2);
	/* a vendor attribute not in the suggested format is seen whole */
	n = unhex("05 01 00 1c 00000000000000000000000000000000"
		  "1a 08 00000137 1a 07", buf);
	CHECK_INT(radius_parse(buf, n, &p, &err), 0);
	while (radius_attr_next(&p, &cur, &a) == 1) {
		CHECK_INT(a.type, RADIUS_VENDOR_SPECIFIC);
		CHECK_INT(a.vendor, 0);
		count++;
	}
	CHECK_INT(count, 1);
	/* two sub-attributes in one vendor attribute, then a standard one */
	n = unhex("05 01 00 24 00000000000000000000000000000000"
		  "1a 0c 00000137 07 03 01 08 03 02  2c 04 6162", buf);
	CHECK_INT(radius_parse(buf, n, &p, &err), 0);
	cur = 0;
	CHECK_INT(radius_attr_next(&p, &cur, &a), 1);
	CHECK(a.vendor == 311 && a.type == 7 && a.len == 1 && a.val[0] == 1);
	CHECK_INT(radius_attr_next(&p, &cur, &a), 1);
	CHECK(a.vendor == 311 && a.type == 8 && a.len == 1 && a.val[0] == 2);
	CHECK_INT(radius_attr_next(&p, &cur, &a), 1);
	CHECK(a.vendor == 0 && a.type == 44 && a.len == 2);
	CHECK_INT(radius_attr_next(&p, &cur, &a), 0);
	/* two Message-Authenticators are refused */
	n = unhex("02 01 00 38 00000000000000000000000000000000"
		  "50 12 00000000000000000000000000000000"
		  "50 12 00000000000000000000000000000000", buf);
	CHECK_INT(radius_parse(buf, n, &p, &err), 0);
	CHECK_INT(radius_verify_access_request(&p, "x", 1, &err), -1);
	CHECK_HAS(err, "repeated");
}

static void test_radius_builder_overflow(void)
{
	uint8_t buf[30], big[254] = { 0 };
	struct radius_builder b;

	radius_build_begin(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1,
			   NULL);
	radius_put_u32(&b, RADIUS_NAS_PORT, 1);
	CHECK_INT(radius_build_end(&b), 26);
	radius_put_u32(&b, RADIUS_NAS_PORT, 2);
	CHECK_INT(radius_build_end(&b), -1);
	radius_build_begin(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1,
			   NULL);
	radius_put(&b, RADIUS_CLASS, big, 254);
	CHECK_INT(radius_build_end(&b), -1);
}

/* Stop with counters past 4 GiB: the Gigawords carry the rest. */
static void test_radius_acct(void)
{
	static const uint8_t cls[3] = { 'g', 'r', 'p' };
	struct radius_acct_record rec = {
		.status = RADIUS_ACCT_STOP, .user = "alice",
		.framed_ip = 0x0500000a,	/* 10.0.0.5, network order */
		.in_octets = 0x100000005ull, .out_octets = 1234,
		.in_packets = 77, .out_packets = 66, .session_time = 42,
		.term_cause = RADIUS_TERM_USER_REQUEST,
		.class_val = cls, .class_len = 3, .remote_auth = true,
	};
	struct radius_nas nas = { .nas_id = "vpn1", .nas_port = 9,
				  .framed = true, .session_id = "0000002a" };
	uint8_t buf[512], auth[16];
	struct radius_packet p;
	struct radius_attr a;
	const char *err = NULL;
	uint32_t v = 0;
	int n;

	n = radius_acct_build(&rec, &nas, (const uint8_t *)"acct", 4, 3, buf,
			      sizeof(buf), auth);
	CHECK(n > 0);
	CHECK_INT(radius_parse(buf, (size_t)n, &p, &err), 0);
	CHECK_INT(p.code, RADIUS_ACCOUNTING_REQUEST);
	CHECK(!memcmp(auth, p.auth, 16));
	/* what the server checks (RFC 2866 3) */
	CHECK_INT(radius_verify_request(&p, "acct", 4, false, &err), 0);
	CHECK_INT(radius_verify_request(&p, "acc", 3, false, &err), -1);
	CHECK_INT(radius_attr_u32(&p, 0, RADIUS_ACCT_STATUS_TYPE, &v), 0);
	CHECK_INT(v, RADIUS_ACCT_STOP);
	CHECK_INT(radius_attr_u32(&p, 0, RADIUS_ACCT_INPUT_OCTETS, &v), 0);
	CHECK_INT(v, 5);
	CHECK_INT(radius_attr_u32(&p, 0, RADIUS_ACCT_INPUT_GIGAWORDS, &v), 0);
	CHECK_INT(v, 1);
	CHECK_INT(radius_attr_u32(&p, 0, RADIUS_ACCT_OUTPUT_OCTETS, &v), 0);
	CHECK_INT(v, 1234);
	CHECK_INT(radius_attr_u32(&p, 0, RADIUS_ACCT_OUTPUT_PACKETS, &v), 0);
	CHECK_INT(v, 66);
	CHECK_INT(radius_attr_u32(&p, 0, RADIUS_ACCT_SESSION_TIME, &v), 0);
	CHECK_INT(v, 42);
	CHECK_INT(radius_attr_u32(&p, 0, RADIUS_ACCT_TERMINATE_CAUSE, &v), 0);
	CHECK_INT(v, 1);
	CHECK(radius_attr_find(&p, 0, RADIUS_ACCT_SESSION_ID, &a));
	CHECK(a.len == 8 && !memcmp(a.val, "0000002a", 8));
	CHECK(radius_attr_find(&p, 0, RADIUS_CLASS, &a));
	CHECK(a.len == 3 && !memcmp(a.val, "grp", 3));
	/* a Start has no counters and no cause */
	rec.status = RADIUS_ACCT_START;
	n = radius_acct_build(&rec, &nas, (const uint8_t *)"acct", 4, 4, buf,
			      sizeof(buf), auth);
	CHECK_INT(radius_parse(buf, (size_t)n, &p, &err), 0);
	CHECK(!radius_attr_find(&p, 0, RADIUS_ACCT_INPUT_OCTETS, &a));
	CHECK(!radius_attr_find(&p, 0, RADIUS_ACCT_TERMINATE_CAUSE, &a));
}

/* radclient's Disconnect-Request: ACK, NAK 503, and refusals. */
static void test_radius_disconnect(void)
{
	uint8_t req[256], ans[256];
	struct radius_dae_target t;
	struct radius_builder b;
	struct radius_packet p, q;
	const char *err = NULL;
	uint32_t cause = 9, v = 0;
	int n, m;

	radius_build_begin(&b, req, sizeof(req), RADIUS_DISCONNECT_REQUEST, 77,
			   NULL);
	radius_put_str(&b, RADIUS_ACCT_SESSION_ID, "0000002a");
	radius_put_str(&b, RADIUS_USER_NAME, "alice");
	n = radius_build_end(&b);
	CHECK_INT(radius_sign(req, (size_t)n, 0, NULL, "dae", 3), 0);
	CHECK_INT(radius_parse(req, (size_t)n, &p, &err), 0);
	CHECK_INT(radius_dae_parse(&p, (const uint8_t *)"dae", 3, &t, &cause,
				   &err), 0);
	CHECK_STR(t.session_id, "0000002a");
	CHECK_STR(t.user, "alice");
	m = radius_dae_answer(&p, 0, (const uint8_t *)"dae", 3, ans,
			      sizeof(ans));
	CHECK_INT(radius_parse(ans, (size_t)m, &q, &err), 0);
	CHECK_INT(q.code, RADIUS_DISCONNECT_ACK);
	CHECK_INT(q.id, 77);
	CHECK_INT(radius_verify_answer(&q, p.auth, "dae", 3, true, &err), 0);
	m = radius_dae_answer(&p, RADIUS_ERR_SESSION_NOT_FOUND,
			      (const uint8_t *)"dae", 3, ans, sizeof(ans));
	CHECK_INT(radius_parse(ans, (size_t)m, &q, &err), 0);
	CHECK_INT(q.code, RADIUS_DISCONNECT_NAK);
	CHECK_INT(radius_attr_u32(&q, 0, RADIUS_ERROR_CAUSE, &v), 0);
	CHECK_INT(v, 503);
	/* the wrong secret: dropped without an answer */
	CHECK_INT(radius_dae_parse(&p, (const uint8_t *)"dea", 3, &t, &cause,
				   &err), -1);
	CHECK_INT(cause, 0);
	CHECK_HAS(err, "Request Authenticator");
	/* naming no session: NAK 402 */
	radius_build_begin(&b, req, sizeof(req), RADIUS_DISCONNECT_REQUEST, 78,
			   NULL);
	radius_put_str(&b, RADIUS_NAS_IDENTIFIER, "vpn1");
	n = radius_build_end(&b);
	CHECK_INT(radius_sign(req, (size_t)n, 0, NULL, "dae", 3), 0);
	CHECK_INT(radius_parse(req, (size_t)n, &p, &err), 0);
	CHECK_INT(radius_dae_parse(&p, (const uint8_t *)"dae", 3, &t, &cause,
				   &err), -1);
	CHECK_INT(cause, RADIUS_ERR_MISSING_ATTRIBUTE);
	/* a CoA-Request naming no session: CoA-NAK 402 too */
	req[0] = RADIUS_COA_REQUEST;
	CHECK_INT(radius_sign(req, (size_t)n, 0, NULL, "dae", 3), 0);
	CHECK_INT(radius_parse(req, (size_t)n, &p, &err), 0);
	CHECK_INT(radius_dae_parse(&p, (const uint8_t *)"dae", 3, &t, &cause,
				   &err), -1);
	CHECK_INT(cause, RADIUS_ERR_MISSING_ATTRIBUTE);
	m = radius_dae_answer(&p, cause, (const uint8_t *)"dae", 3, ans,
			      sizeof(ans));
	CHECK_INT(ans[0], RADIUS_COA_NAK);
}

void suite_radius_codec(void)
{
	RUN(test_radius_acct);
	RUN(test_radius_disconnect);
	RUN(test_radius_rfc2865_request);
	RUN(test_radius_rfc2865_accept);
	RUN(test_radius_message_authenticator);
	RUN(test_radius_mppe_key);
	RUN(test_radius_malformed);
	RUN(test_radius_builder_overflow);
}
