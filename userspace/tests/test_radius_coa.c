// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic authorization (RFC 5176) and the interim interval: a
 * CoA-Request and its CoA-ACK / CoA-NAK as known answers computed
 * outside this code (Python's hashlib and hmac: the Request
 * Authenticator of a CoA is MD5(Code, Identifier, Length, 16 zero
 * octets, attributes, secret), as an Accounting-Request's; the answer's
 * Message-Authenticator and Response Authenticator are computed over
 * the request's authenticator), the decision for each kind of request
 * (401 unsupported attribute, 402 missing, 404 invalid, 405 State), the
 * Error-Cause encoding, and Acct-Interim-Interval against its floor.
 */
#include <string.h>

#include "radius/acct.h"
#include "radius/crypto.h"
#include "radius/packet.h"
#include "test.h"
#include "util.h"

#define SECRET		"coa-secret"
#define SECRET_LEN	10

/* CoA-Request, Identifier 0x11: User-Name "bob", Session-Timeout 600, Idle-Timeout 120 */
static const uint8_t coa_req[] = {
	0x2b, 0x11, 0x00, 0x25, 0x3c, 0x72, 0x3a, 0x77, 0xf7, 0x65, 0x5a,
	0x36, 0x54, 0x2c, 0x9c, 0x9f, 0x83, 0xc0, 0x5e, 0x17, 0x01, 0x05,
	0x62, 0x6f, 0x62, 0x1b, 0x06, 0x00, 0x00, 0x02, 0x58, 0x1c, 0x06,
	0x00, 0x00, 0x00, 0x78,
};

/* its CoA-ACK: a Message-Authenticator only */
static const uint8_t coa_ack[] = {
	0x2c, 0x11, 0x00, 0x26, 0x43, 0x55, 0xbf, 0xdd, 0x1b, 0x70, 0x92,
	0xcf, 0x1e, 0x37, 0x01, 0xf0, 0xc1, 0xe9, 0x94, 0x82, 0x50, 0x12,
	0xae, 0xed, 0xaf, 0x74, 0x46, 0xe2, 0x03, 0xdf, 0xd5, 0x3d, 0xbf,
	0x5f, 0x56, 0x3a, 0x05, 0xdc,
};

/* its CoA-NAK: Message-Authenticator, Error-Cause 503 */
static const uint8_t coa_nak[] = {
	0x2d, 0x11, 0x00, 0x2c, 0x9c, 0x9c, 0x6f, 0xda, 0xed, 0x86, 0x63,
	0x86, 0x3f, 0xb0, 0x19, 0x48, 0x46, 0x7c, 0x6d, 0x94, 0x50, 0x12,
	0x16, 0x7f, 0xa8, 0xc2, 0xf4, 0x5f, 0x41, 0x81, 0xc5, 0x75, 0xe0,
	0x2f, 0x8b, 0x0c, 0x27, 0xb3, 0x65, 0x06, 0x00, 0x00, 0x01, 0xf7,
};

static void test_coa_known_answer(void)
{
	const uint8_t *sec = (const uint8_t *)SECRET;
	struct radius_dae_target t;
	struct radius_packet p;
	const char *err = NULL;
	uint8_t ans[128], bad[sizeof(coa_req)];
	uint32_t cause = 9;
	int m;

	CHECK_INT(radius_parse(coa_req, sizeof(coa_req), &p, &err), 0);
	CHECK_INT(radius_dae_parse(&p, sec, SECRET_LEN, &t, &cause, &err), 0);
	CHECK_INT(cause, 0);
	CHECK(t.coa);
	CHECK_STR(t.user, "bob");
	CHECK(t.has_session_timeout);
	CHECK_INT(t.session_timeout, 600);
	CHECK(t.has_idle_timeout);
	CHECK_INT(t.idle_timeout, 120);
	m = radius_dae_answer(&p, 0, sec, SECRET_LEN, ans, sizeof(ans));
	CHECK_INT(m, (int)sizeof(coa_ack));
	CHECK(!memcmp(ans, coa_ack, sizeof(coa_ack)));
	m = radius_dae_answer(&p, RADIUS_ERR_SESSION_NOT_FOUND, sec,
			      SECRET_LEN, ans, sizeof(ans));
	CHECK_INT(m, (int)sizeof(coa_nak));
	CHECK(!memcmp(ans, coa_nak, sizeof(coa_nak)));

	/* the Request Authenticator of an Access-Request is not one: dropped */
	memcpy(bad, coa_req, sizeof(bad));
	bad[4] ^= 1;
	CHECK_INT(radius_parse(bad, sizeof(bad), &p, &err), 0);
	CHECK_INT(radius_dae_parse(&p, sec, SECRET_LEN, &t, &cause, &err), -1);
	CHECK_INT(cause, 0);
	CHECK_HAS(err, "Request Authenticator");
	/* nor with another secret */
	CHECK_INT(radius_parse(coa_req, sizeof(coa_req), &p, &err), 0);
	CHECK_INT(radius_dae_parse(&p, (const uint8_t *)"other", 5, &t, &cause,
				   &err), -1);
	CHECK_INT(cause, 0);
}

/* Build a CoA-Request naming alice, with one more attribute; its length. */
static int coa_with(uint8_t *buf, size_t cap, uint8_t type, const void *val,
		    size_t len, uint32_t vendor)
{
	struct radius_builder b;
	int n;

	radius_build_begin(&b, buf, cap, RADIUS_COA_REQUEST, 5, NULL);
	radius_put_str(&b, RADIUS_USER_NAME, "alice");
	radius_put_str(&b, RADIUS_NAS_IDENTIFIER, "vpn1");
	radius_put_msg_auth(&b);
	if (vendor)
		radius_put_vsa(&b, vendor, type, val, len);
	else if (type)
		radius_put(&b, type, val, len);
	n = radius_build_end(&b);
	if (n < 0 || radius_sign(buf, (size_t)n, b.msg_auth_off, NULL,
				 SECRET, SECRET_LEN))
		return -1;
	return n;
}

static uint32_t verdict(const uint8_t *buf, int n, struct radius_dae_target *t,
			int *ret)
{
	struct radius_packet p;
	const char *err = NULL;
	uint32_t cause = 9;

	*ret = -2;
	if (n < 0 || radius_parse(buf, (size_t)n, &p, &err))
		return 9999;
	*ret = radius_dae_parse(&p, (const uint8_t *)SECRET, SECRET_LEN, t,
				&cause, &err);
	return cause;
}

static void test_coa_decisions(void)
{
	static const uint8_t four[4] = { 0, 0, 0x0e, 0x10 };	/* 3600 */
	static const uint8_t zero[4];
	struct radius_dae_target t;
	uint8_t buf[256];
	int ret, n;

	/* Session-Timeout alone, with a Message-Authenticator: taken */
	n = coa_with(buf, sizeof(buf), RADIUS_SESSION_TIMEOUT, four, 4, 0);
	CHECK_INT(verdict(buf, n, &t, &ret), 0);
	CHECK_INT(ret, 0);
	CHECK(t.has_session_timeout && !t.has_idle_timeout);
	CHECK_INT(t.session_timeout, 3600);
	/* 0 lifts the limit, and is a change */
	n = coa_with(buf, sizeof(buf), RADIUS_IDLE_TIMEOUT, zero, 4, 0);
	CHECK_INT(verdict(buf, n, &t, &ret), 0);
	CHECK(t.has_idle_timeout);
	CHECK_INT(t.idle_timeout, 0);
	/* nothing to change: 402 */
	n = coa_with(buf, sizeof(buf), 0, NULL, 0, 0);
	CHECK_INT(verdict(buf, n, &t, &ret), RADIUS_ERR_MISSING_ATTRIBUTE);
	CHECK_INT(ret, -1);
	/* a timeout of 3 octets: 404 */
	n = coa_with(buf, sizeof(buf), RADIUS_SESSION_TIMEOUT, four, 3, 0);
	CHECK_INT(verdict(buf, n, &t, &ret), RADIUS_ERR_INVALID_REQUEST);
	/* an attribute roamd cannot change live: 401 */
	n = coa_with(buf, sizeof(buf), RADIUS_FILTER_ID, "grp", 3, 0);
	CHECK_INT(verdict(buf, n, &t, &ret), RADIUS_ERR_UNSUPPORTED_ATTRIBUTE);
	n = coa_with(buf, sizeof(buf), RADIUS_FRAMED_POOL, "p", 1, 0);
	CHECK_INT(verdict(buf, n, &t, &ret), RADIUS_ERR_UNSUPPORTED_ATTRIBUTE);
	/* a vendor attribute too */
	n = coa_with(buf, sizeof(buf), RADIUS_MS_MPPE_ENCRYPTION_POLICY, four,
		     4, RADIUS_VENDOR_MICROSOFT);
	CHECK_INT(verdict(buf, n, &t, &ret), RADIUS_ERR_UNSUPPORTED_ATTRIBUTE);
	/* a State: a reauthorization roamd does not do, 405 */
	n = coa_with(buf, sizeof(buf), RADIUS_STATE, "st", 2, 0);
	CHECK_INT(verdict(buf, n, &t, &ret), RADIUS_ERR_UNSUPPORTED_SERVICE);
	/* the identifiers alone are no change, whatever they are */
	n = coa_with(buf, sizeof(buf), RADIUS_CALLING_STATION_ID, "1.2.3.4", 7,
		     0);
	CHECK_INT(verdict(buf, n, &t, &ret), RADIUS_ERR_MISSING_ATTRIBUTE);
	/* a wrong Message-Authenticator: dropped, no answer */
	n = coa_with(buf, sizeof(buf), RADIUS_SESSION_TIMEOUT, four, 4, 0);
	buf[n - 1] ^= 0x80;	/* the timeout's value: signed over */
	CHECK_INT(verdict(buf, n, &t, &ret), 0);
	CHECK_INT(ret, -1);
}

static void test_error_cause_encoding(void)
{
	static const uint32_t causes[] = {
		RADIUS_ERR_UNSUPPORTED_ATTRIBUTE, RADIUS_ERR_MISSING_ATTRIBUTE,
		RADIUS_ERR_INVALID_REQUEST, RADIUS_ERR_UNSUPPORTED_SERVICE,
		RADIUS_ERR_SESSION_NOT_FOUND,
	};
	struct radius_packet p, q;
	struct radius_attr a;
	const char *err = NULL;
	uint8_t ans[128];
	size_t i;
	int m;

	CHECK_INT(radius_parse(coa_req, sizeof(coa_req), &p, &err), 0);
	for (i = 0; i < ARRAY_SIZE(causes); i++) {
		m = radius_dae_answer(&p, causes[i], (const uint8_t *)SECRET,
				      SECRET_LEN, ans, sizeof(ans));
		CHECK_INT(radius_parse(ans, (size_t)m, &q, &err), 0);
		CHECK_INT(q.code, RADIUS_COA_NAK);
		/* Error-Cause: type 101, length 6, the value big-endian */
		CHECK(radius_attr_find(&q, 0, RADIUS_ERROR_CAUSE, &a));
		CHECK_INT(a.len, 4);
		CHECK_INT(ans[a.off], 101);
		CHECK_INT(ans[a.off + 1], 6);
		CHECK_INT((uint32_t)a.val[2] << 8 | a.val[3], causes[i]);
		CHECK_INT(radius_verify_answer(&q, p.auth, SECRET, SECRET_LEN,
					       true, &err), 0);
	}
}

static void test_interim_interval(void)
{
	/* none from the server: the configured one (0: none) */
	CHECK_INT(radius_interim_interval(0, 0, 60), 0);
	CHECK_INT(radius_interim_interval(600, 0, 60), 600);
	/* the server's wins, above the floor */
	CHECK_INT(radius_interim_interval(600, 300, 60), 300);
	CHECK_INT(radius_interim_interval(0, 120, 60), 120);
	/* never below the floor (RFC 2869 5.16) */
	CHECK_INT(radius_interim_interval(600, 10, 60), 60);
	CHECK_INT(radius_interim_interval(600, 1, 60), 60);
	/* a lowered floor (tests) */
	CHECK_INT(radius_interim_interval(600, 5, 5), 5);
	CHECK_INT(radius_interim_interval(600, 2, 5), 5);
}

/* Each Proxy-State of the request comes back unmodified, in order. */
static void test_proxy_state_echoed(void)
{
	static const char *const states[] = { "hop-1", "second hop" };
	struct radius_builder b;
	struct radius_packet p, q;
	struct radius_attr a;
	const char *err = NULL;
	uint8_t req[128], ans[128];
	size_t cur = 0, seen = 0;
	int n, m;

	radius_build_begin(&b, req, sizeof(req), RADIUS_DISCONNECT_REQUEST, 9,
			   NULL);
	radius_put_str(&b, RADIUS_PROXY_STATE, states[0]);
	radius_put_str(&b, RADIUS_USER_NAME, "alice");
	radius_put_msg_auth(&b);
	radius_put_str(&b, RADIUS_PROXY_STATE, states[1]);
	n = radius_build_end(&b);
	CHECK(n > 0);
	CHECK_INT(radius_sign(req, (size_t)n, b.msg_auth_off, NULL, SECRET,
			      SECRET_LEN), 0);
	CHECK_INT(radius_parse(req, (size_t)n, &p, &err), 0);
	m = radius_dae_answer(&p, RADIUS_ERR_SESSION_NOT_FOUND,
			      (const uint8_t *)SECRET, SECRET_LEN, ans,
			      sizeof(ans));
	CHECK(m > 0);
	CHECK_INT(radius_parse(ans, (size_t)m, &q, &err), 0);
	CHECK_INT(q.code, RADIUS_DISCONNECT_NAK);
	while (radius_attr_next(&q, &cur, &a) == 1) {
		if (a.vendor || a.type != RADIUS_PROXY_STATE)
			continue;
		CHECK(seen < ARRAY_SIZE(states));
		if (seen >= ARRAY_SIZE(states))
			break;
		CHECK_INT(a.len, strlen(states[seen]));
		CHECK(!memcmp(a.val, states[seen], a.len));
		seen++;
	}
	CHECK_INT(seen, ARRAY_SIZE(states));
	CHECK_INT(radius_verify_answer(&q, p.auth, SECRET, SECRET_LEN, true,
				       &err), 0);
}

void suite_radius_coa(void)
{
	RUN(test_coa_known_answer);
	RUN(test_coa_decisions);
	RUN(test_error_cause_encoding);
	RUN(test_interim_interval);
	RUN(test_proxy_state_echoed);
}
