// SPDX-License-Identifier: GPL-2.0
/*
 * The RADIUS client state machine (roamd/radius/client.c) and the
 * Access-Request of each method (radius/access.c), against a server
 * played here: it checks what a RADIUS server checks (the
 * Message-Authenticator, the hidden password, the MS-CHAPv2 response
 * with RFC 2759's vectors) and answers as FreeRADIUS does
 * (MS-CHAP2-Success, MS-MPPE keys, Framed-IP-Address).  Retransmission,
 * failover to the second server, forged and unsigned answers.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "aaa/auth.h"
#include "cmd.h"
#include "users.h"
#include "ppp/auth.h"
#include "radius/access.h"
#include "radius/client.h"
#include "radius/crypto.h"
#include "test.h"

void suite_radius_client(void);

#define S1 0x0a000001u
#define S2 0x0a000002u

static const uint8_t rfc_auth_chal[16] = {
	0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
	0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28,
};
/* RFC 2759 9.2: Peer-Challenge, 8 reserved, NT-Response, flags */
static const uint8_t rfc_v2_resp[49] = {
	0x21, 0x40, 0x23, 0x24, 0x25, 0x5E, 0x26, 0x2A,
	0x28, 0x29, 0x5F, 0x2B, 0x3A, 0x33, 0x7C, 0x7E,
	0, 0, 0, 0, 0, 0, 0, 0,
	0x82, 0x30, 0x9E, 0xCD, 0x8D, 0x70, 0x8B, 0x5E, 0xA0, 0x8F, 0xAA, 0x39,
	0x81, 0xCD, 0x83, 0x54, 0x42, 0x33, 0x11, 0x4A, 0x3D, 0x85, 0xD6, 0xDF,
	0,
};

struct ask {
	struct ppp_auth_request req;
	struct radius_nas nas;
	int builds;
};

static int build_access(void *ctx, const struct radius_server *s,
			uint8_t id, uint8_t *buf, size_t cap,
			uint8_t auth[RADIUS_AUTH_LEN])
{
	struct ask *a = ctx;
	size_t i;

	/* a fixed authenticator per build, different each time */
	for (i = 0; i < RADIUS_AUTH_LEN; i++)
		auth[i] = (uint8_t)(i * 7 + a->builds * 13 + id);
	a->builds++;
	return radius_access_build(&a->req, &a->nas, s->secret, s->secret_len,
				   id, auth, buf, cap);
}

/*
 * The server: checks the request as FreeRADIUS would and answers into
 * out.  password is the user's; returns the answer's length.
 */
static int serve(const uint8_t *in, size_t len, const char *secret,
		 const char *password, uint8_t *out, size_t cap, bool sign,
		 uint32_t framed_ip)
{
	size_t slen = strlen(secret);
	struct ppp_auth_request q = { 0 };
	struct ppp_auth_result res = { 0 };
	uint8_t pw[RADIUS_PASSWORD_MAX], resp[49], chal[16], key[64];
	char user[256] = { 0 };
	struct radius_builder b;
	struct radius_packet p;
	struct radius_attr a;
	const char *err;
	enum ppp_verdict v;
	int n;

	CHECK_INT(radius_parse(in, len, &p, &err), 0);
	CHECK_INT(radius_verify_access_request(&p, secret, slen, &err), 0);
	CHECK(radius_attr_find(&p, 0, RADIUS_USER_NAME, &a));
	memcpy(user, a.val, a.len);
	q.user = user;
	q.user_len = a.len;
	if (radius_attr_find(&p, 0, RADIUS_USER_PASSWORD, &a)) {
		n = radius_unhide_password(a.val, a.len, p.auth, secret, slen,
					   pw);
		q.method = PPP_AUTH_PAP;
		q.response = pw;
		q.response_len = strnlen((char *)pw, (size_t)n);
	} else if (radius_attr_find(&p, 0, RADIUS_CHAP_PASSWORD, &a)) {
		q.method = PPP_AUTH_CHAP_MD5;
		q.id = a.val[0];
		q.response = a.val + 1;
		q.response_len = a.len - 1;
		CHECK(radius_attr_find(&p, 0, RADIUS_CHAP_CHALLENGE, &a));
		q.challenge = a.val;
		q.challenge_len = a.len;
	} else {
		CHECK(radius_attr_find(&p, RADIUS_VENDOR_MICROSOFT,
				       RADIUS_MS_CHAP_CHALLENGE, &a));
		memcpy(chal, a.val, a.len);
		q.challenge = chal;
		q.challenge_len = a.len;
		CHECK(radius_attr_find(&p, RADIUS_VENDOR_MICROSOFT,
				       RADIUS_MS_CHAP2_RESPONSE, &a));
		CHECK_INT(a.len, 50);
		q.method = PPP_AUTH_MSCHAPV2;
		memcpy(resp, a.val + 2, 48);
		resp[48] = a.val[1];
		q.id = a.val[0];
		q.response = resp;
		q.response_len = 49;
	}
	v = ppp_auth_check_password(&q, password, strlen(password), &res);
	radius_build_begin(&b, out, cap, v == PPP_AUTH_OK ?
			   RADIUS_ACCESS_ACCEPT : RADIUS_ACCESS_REJECT, p.id,
			   NULL);
	if (sign)
		radius_put_msg_auth(&b);
	if (v == PPP_AUTH_OK && q.method == PPP_AUTH_MSCHAPV2) {
		uint8_t s[43];

		s[0] = q.id;
		memcpy(s + 1, res.authenticator, 42);
		radius_put_vsa(&b, RADIUS_VENDOR_MICROSOFT,
			       RADIUS_MS_CHAP2_SUCCESS, s, 43);
		n = radius_mppe_key_encrypt(res.mppe_send, 16,
					    (const uint8_t *)"\x81\x23",
					    p.auth, secret, slen, key,
					    sizeof(key));
		radius_put_vsa(&b, RADIUS_VENDOR_MICROSOFT,
			       RADIUS_MS_MPPE_SEND_KEY, key, (size_t)n);
		n = radius_mppe_key_encrypt(res.mppe_recv, 16,
					    (const uint8_t *)"\x81\x24",
					    p.auth, secret, slen, key,
					    sizeof(key));
		radius_put_vsa(&b, RADIUS_VENDOR_MICROSOFT,
			       RADIUS_MS_MPPE_RECV_KEY, key, (size_t)n);
	}
	if (v != PPP_AUTH_OK && q.method == PPP_AUTH_MSCHAPV2)
		radius_put_vsa(&b, RADIUS_VENDOR_MICROSOFT,
			       RADIUS_MS_CHAP_ERROR, "\x01" "E=691 R=0 V=3",
			       14);
	if (v == PPP_AUTH_OK && framed_ip)
		radius_put(&b, RADIUS_FRAMED_IP_ADDRESS, &framed_ip, 4);
	if (v == PPP_AUTH_OK)
		radius_put_u32(&b, RADIUS_SESSION_TIMEOUT, 3600);
	n = radius_build_end(&b);
	CHECK(n > 0);
	CHECK_INT(radius_sign(out, (size_t)n, b.msg_auth_off, p.auth, secret,
			      slen), 0);
	return n;
}

static void client_two_servers(struct radius_client *c)
{
	const struct radius_client_conf conf = {
		.timeout_ms = 1000, .retries = 2, .dead_ms = 30000,
	};

	radius_client_init(c, &conf);
	CHECK_INT(radius_client_add_server(c, htonl(S1), 1812, "one", 3), 0);
	CHECK_INT(radius_client_add_server(c, htonl(S2), 1812, "two", 3), 0);
}

/* Submit, let server 1 answer, read the answer as roamd does. */
static void run_one(struct ask *ask, const char *password, uint32_t fip,
		    struct radius_access_answer *ans, int *ok)
{
	struct radius_client c;
	struct radius_send s;
	struct radius_req *r;
	struct radius_packet p;
	uint8_t out[RADIUS_MAX_LEN];
	const char *err = NULL;
	int n;

	*ok = -2;
	client_two_servers(&c);
	CHECK_INT(radius_client_submit(&c, 1, build_access, ask, 0), 0);
	CHECK(radius_client_next_send(&c, &s));
	CHECK_INT(s.addr, htonl(S1));
	n = serve(s.pkt, s.len, "one", password, out, sizeof(out), true, fip);
	CHECK(radius_client_input(&c, htonl(S1), 1812, out, (size_t)n, 10));
	r = radius_client_next_done(&c);
	CHECK(r != NULL);
	if (r) {
		CHECK_INT(r->outcome, RADIUS_ANSWERED);
		CHECK_INT(radius_parse(r->answer, r->answer_len, &p, &err), 0);
		*ok = radius_access_answer(&p, &ask->req, r->auth,
					   (const uint8_t *)"one", 3, ans,
					   &err);
		radius_req_free(r);
	}
	radius_client_fini(&c);
}

static void test_radius_mschapv2_accept(void)
{
	struct ask ask = {
		.req = { .method = PPP_AUTH_MSCHAPV2, .user = "User",
			 .user_len = 4, .id = 9,
			 .challenge = rfc_auth_chal, .challenge_len = 16,
			 .response = rfc_v2_resp, .response_len = 49 },
		.nas = { .nas_id = "roam", .nas_port = 5, .framed = true,
			 .calling = "192.0.2.7", .session_id = "0000000500" },
	};
	struct ppp_auth_result local = { 0 };
	struct radius_access_answer ans;
	int ok;

	run_one(&ask, "clientPass", htonl(0x0a090009), &ans, &ok);
	CHECK_INT(ok, 0);
	CHECK(ans.accept);
	/* RFC 2759 9.2's AuthenticatorResponse, passed back to the client */
	CHECK_STR(ans.authenticator,
		  "S=407A5589115FD0D6209F510FE9C04566932CDA56");
	CHECK(ans.have_keys);
	CHECK_INT(ppp_auth_check_password(&ask.req, "clientPass", 10, &local),
		  PPP_AUTH_OK);
	CHECK(!memcmp(ans.mppe_send, local.mppe_send, 16));
	CHECK(!memcmp(ans.mppe_recv, local.mppe_recv, 16));
	CHECK(memcmp(ans.mppe_send, ans.mppe_recv, 16));
	CHECK_INT(ans.framed_ip, htonl(0x0a090009));
	CHECK_INT(ans.session_timeout, 3600);
}

static void test_radius_mschapv2_reject(void)
{
	struct ask ask = {
		.req = { .method = PPP_AUTH_MSCHAPV2, .user = "User",
			 .user_len = 4, .id = 9,
			 .challenge = rfc_auth_chal, .challenge_len = 16,
			 .response = rfc_v2_resp, .response_len = 49 },
	};
	struct radius_access_answer ans;
	int ok;

	run_one(&ask, "wrongPass", 0, &ans, &ok);
	CHECK_INT(ok, 0);
	CHECK(!ans.accept);
	CHECK_INT(ans.error, 691);
	CHECK(!ans.have_keys);
}

static void test_radius_pap_and_chap(void)
{
	static const uint8_t chal[16] = "0123456789abcdef";
	struct ask ask = {
		.req = { .method = PPP_AUTH_PAP, .user = "bob", .user_len = 3,
			 .response = (const uint8_t *)"a long password, 20+",
			 .response_len = 20 },
	};
	struct ppp_auth_request q = { .method = PPP_AUTH_CHAP_MD5,
				      .user = "bob", .user_len = 3, .id = 42,
				      .challenge = chal, .challenge_len = 16 };
	struct radius_access_answer ans;
	uint8_t digest[16];
	int ok;

	run_one(&ask, "a long password, 20+", htonl(0x0a000063), &ans, &ok);
	CHECK_INT(ok, 0);
	CHECK(ans.accept);
	CHECK_INT(ans.framed_ip, htonl(0x0a000063));
	run_one(&ask, "another", 0, &ans, &ok);
	CHECK(!ans.accept);
	/* CHAP-MD5: MD5(id | secret | challenge) */
	CHECK_INT(radius_md5(digest, &q.id, 1, "sesame", 6, chal, 16), 0);
	q.response = digest;
	q.response_len = 16;
	ask.req = q;
	run_one(&ask, "sesame", 0, &ans, &ok);
	CHECK_INT(ok, 0);
	CHECK(ans.accept);
	run_one(&ask, "sesamE", 0, &ans, &ok);
	CHECK(!ans.accept);
}

/*
 * Server 1 is silent: three tries (1 + 2 retries) a second apart, then
 * server 2, which answers; server 1 is skipped by the next request
 * while it rests, and tried again once the rest is over.
 */
static void test_radius_failover(void)
{
	struct ask ask = {
		.req = { .method = PPP_AUTH_PAP, .user = "bob", .user_len = 3,
			 .response = (const uint8_t *)"pw", .response_len = 2 },
	};
	uint8_t first[RADIUS_MAX_LEN], out[RADIUS_MAX_LEN];
	struct radius_client c;
	struct radius_send s;
	struct radius_req *r;
	size_t first_len;
	int n;

	client_two_servers(&c);
	CHECK_INT(radius_client_submit(&c, 7, build_access, &ask, 0), 0);
	CHECK(radius_client_next_send(&c, &s));
	CHECK_INT(s.addr, htonl(S1));
	memcpy(first, s.pkt, s.len);
	first_len = s.len;
	CHECK(!radius_client_next_send(&c, &s));
	CHECK_INT(radius_client_next_deadline(&c), 1000);
	radius_client_tick(&c, 999);
	CHECK(!radius_client_next_send(&c, &s));
	/* two retransmissions: the same bytes */
	radius_client_tick(&c, 1000);
	CHECK(radius_client_next_send(&c, &s));
	CHECK(s.len == first_len && !memcmp(s.pkt, first, first_len));
	radius_client_tick(&c, 2000);
	CHECK(radius_client_next_send(&c, &s));
	CHECK_INT(s.addr, htonl(S1));
	radius_client_tick(&c, 3000);
	CHECK(radius_client_next_send(&c, &s));
	CHECK_INT(s.addr, htonl(S2));
	CHECK_INT(ask.builds, 2);
	CHECK_INT(c.servers[0].timeouts, 1);
	/* server 1 answers late: not its request any more */
	n = serve(first, first_len, "one", "pw", out, sizeof(out), true, 0);
	CHECK(!radius_client_input(&c, htonl(S1), 1812, out, (size_t)n, 3100));
	/* an answer from server 2 without Message-Authenticator is dropped */
	n = serve(s.pkt, s.len, "two", "pw", out, sizeof(out), false, 0);
	CHECK(!radius_client_input(&c, htonl(S2), 1812, out, (size_t)n, 3200));
	CHECK_INT(c.bad_auth, 1);
	/* one signed with another secret is dropped */
	n = serve(s.pkt, s.len, "two", "pw", out, sizeof(out), true, 0);
	out[n - 1] ^= 1;
	CHECK(!radius_client_input(&c, htonl(S2), 1812, out, (size_t)n, 3300));
	out[n - 1] ^= 1;
	/* from the wrong port: ignored */
	CHECK(!radius_client_input(&c, htonl(S2), 1813, out, (size_t)n, 3300));
	CHECK(radius_client_input(&c, htonl(S2), 1812, out, (size_t)n, 3400));
	r = radius_client_next_done(&c);
	CHECK(r && r->outcome == RADIUS_ANSWERED && r->handle == 7);
	CHECK(r && r->answer[0] == RADIUS_ACCESS_ACCEPT);
	radius_req_free(r);
	/* the next one goes straight to server 2 while server 1 rests */
	CHECK_INT(radius_client_submit(&c, 8, build_access, &ask, 5000), 0);
	CHECK(radius_client_next_send(&c, &s));
	CHECK_INT(s.addr, htonl(S2));
	radius_client_cancel(&c, 8);
	CHECK_INT(radius_client_next_deadline(&c), UINT64_MAX);
	/* and after the rest, server 1 first again */
	CHECK_INT(radius_client_submit(&c, 9, build_access, &ask, 33000), 0);
	CHECK(radius_client_next_send(&c, &s));
	CHECK_INT(s.addr, htonl(S1));
	radius_client_fini(&c);
}

/* Both silent: a clean refusal after every try of each. */
static void test_radius_all_down(void)
{
	struct ask ask = {
		.req = { .method = PPP_AUTH_PAP, .user = "bob", .user_len = 3,
			 .response = (const uint8_t *)"pw", .response_len = 2 },
	};
	struct radius_client c;
	struct radius_send s;
	struct radius_req *r;
	uint64_t t = 0;
	int sends = 0;

	client_two_servers(&c);
	CHECK_INT(radius_client_submit(&c, 3, build_access, &ask, 0), 0);
	while ((t = radius_client_next_deadline(&c)) != UINT64_MAX || sends == 0) {
		while (radius_client_next_send(&c, &s))
			sends++;
		if (t == UINT64_MAX)
			break;
		radius_client_tick(&c, t);
	}
	CHECK_INT(sends, 6);
	CHECK_INT(t, UINT64_MAX);
	r = radius_client_next_done(&c);
	CHECK(r && r->outcome == RADIUS_TIMEOUT);
	CHECK_HAS(r ? r->why : NULL, "no RADIUS server");
	radius_req_free(r);
	radius_client_fini(&c);
}

/* More requests than Identifiers: the rest wait for one to be free. */
static void test_radius_identifiers(void)
{
	struct ask ask = {
		.req = { .method = PPP_AUTH_PAP, .user = "bob", .user_len = 3,
			 .response = (const uint8_t *)"pw", .response_len = 2 },
	};
	struct radius_client c;
	struct radius_send s;
	int i, sends = 0;

	client_two_servers(&c);
	for (i = 0; i < 300; i++)
		CHECK_INT(radius_client_submit(&c, (uint64_t)i, build_access,
					       &ask, 0), 0);
	while (radius_client_next_send(&c, &s))
		sends++;
	CHECK_INT(sends, 256);
	for (i = 0; i < 10; i++)
		radius_client_cancel(&c, (uint64_t)i);
	radius_client_tick(&c, 1);
	sends = 0;
	while (radius_client_next_send(&c, &s))
		sends++;
	CHECK_INT(sends, 10);
	radius_client_fini(&c);
}

/* aaa/auth.c's hand-over to a remote backend, with a fake one. */
struct fake_remote {
	struct aaa_request *got[4];
	int n, cancelled;
	uint64_t cancelled_tag;
};

static int fake_submit(void *ctx, struct aaa_request *r)
{
	struct fake_remote *f = ctx;

	if (f->n == 4)
		return -1;
	f->got[f->n++] = r;
	return 0;
}

static void fake_cancel(void *ctx, uint64_t tag)
{
	struct fake_remote *f = ctx;

	f->cancelled++;
	f->cancelled_tag = tag;
}

static void test_aaa_remote(void)
{
	struct fake_remote f = { 0 };
	const struct aaa_backend be = { fake_submit, fake_cancel, &f };
	struct ppp_auth_request q = { .method = PPP_AUTH_PAP, .user = "bob",
				      .user_len = 3,
				      .response = (const uint8_t *)"pw",
				      .response_len = 2 };
	int src = ROAM_AUTH_SOURCE_RADIUS;
	struct roamd_users users;
	struct aaa_request *r;
	uint64_t tag;
	struct aaa a;

	users_init(&users);
	aaa_init(&a, &users);
	aaa_set_source(&a, AAA_ASKER_PPP, &src);
	/* no backend: refused at once, saying why */
	CHECK_INT(aaa_submit(&a, 1, &q), 0);
	CHECK(aaa_run(&a));
	r = aaa_next_done(&a);
	CHECK(r && r->verdict == PPP_AUTH_FAIL && r->res.error == 691);
	CHECK_HAS(r ? r->why : NULL, "no RADIUS server");
	aaa_request_free(r);
	/* with one: the question waits there, answered later */
	aaa_set_remote(&a, &be);
	CHECK_INT(aaa_submit(&a, 2, &q), 0);
	CHECK_INT(aaa_submit(&a, 3, &q), 0);
	/* XAUTH with its group's source: local, so answered at once */
	CHECK_INT(aaa_submit_src(&a, AAA_ASKER_XAUTH, 9, &q,
				 ROAM_AUTH_SOURCE_LOCAL), 0);
	aaa_run(&a);
	CHECK_INT(f.n, 2);
	CHECK(!aaa_next_done(&a));
	r = aaa_next_done_for(&a, AAA_ASKER_XAUTH);
	CHECK(r && r->verdict == PPP_AUTH_FAIL);	/* no user database */
	aaa_request_free(r);
	CHECK(aaa_remote_find(&a, f.got[0]->tag) == f.got[0]);
	f.got[0]->verdict = PPP_AUTH_OK;
	f.got[0]->attrs.remote = true;
	f.got[0]->attrs.framed_ip = 0x0a000007;
	aaa_remote_done(&a, f.got[0]);
	r = aaa_next_done(&a);
	CHECK(r && r->owner == 2 && r->verdict == PPP_AUTH_OK);
	CHECK(r && r->attrs.framed_ip == 0x0a000007);
	aaa_request_free(r);
	/* a session that goes away cancels its question at the backend */
	tag = f.got[1]->tag;
	aaa_cancel(&a, 3);
	CHECK_INT(f.cancelled, 1);
	CHECK_INT(f.cancelled_tag, tag);
	CHECK(!aaa_remote_find(&a, tag));
	/* the backend going away fails what waits */
	CHECK_INT(aaa_submit(&a, 4, &q), 0);
	aaa_run(&a);
	aaa_remote_fail_all(&a, "RADIUS configuration changed");
	r = aaa_next_done(&a);
	CHECK(r && r->owner == 4 && r->verdict == PPP_AUTH_FAIL);
	aaa_request_free(r);
	/* back to local: no backend call */
	src = ROAM_AUTH_SOURCE_LOCAL;
	CHECK_INT(aaa_submit(&a, 5, &q), 0);
	aaa_run(&a);
	CHECK_INT(f.n, 3);
	r = aaa_next_done(&a);
	CHECK(r && r->owner == 5);
	aaa_request_free(r);
	aaa_fini(&a);
	users_free(&users);
}

void suite_radius_client(void)
{
	RUN(test_aaa_remote);
	RUN(test_radius_mschapv2_accept);
	RUN(test_radius_mschapv2_reject);
	RUN(test_radius_pap_and_chap);
	RUN(test_radius_failover);
	RUN(test_radius_all_down);
	RUN(test_radius_identifiers);
}
