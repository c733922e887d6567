// SPDX-License-Identifier: GPL-2.0
/*
 * Authentication inside a session: falling back along the configured
 * methods when the client Naks, MS-CHAPv2 end to end with the RFC 2759
 * vectors (our challenge scripted to the RFC's), the failure text Windows
 * turns into "Error 691", MS-CHAPv1, PAP with an asynchronous verifier,
 * and the timeouts.
 */
#include <stdlib.h>

#include "test.h"
#include "test_ppp_peer.h"

void suite_ppp_auth(void);

#define CHAP_CHALLENGE	1
#define CHAP_RESPONSE	2
#define CHAP_SUCCESS	3
#define CHAP_FAILURE	4

static const uint8_t rfc_auth_chal[16] = {
	0x5B, 0x5D, 0x7C, 0x7D, 0x7B, 0x3F, 0x2F, 0x3E,
	0x3C, 0x2C, 0x60, 0x21, 0x32, 0x26, 0x26, 0x28,
};
static const uint8_t rfc_peer_chal[16] = {
	0x21, 0x40, 0x23, 0x24, 0x25, 0x5E, 0x26, 0x2A,
	0x28, 0x29, 0x5F, 0x2B, 0x3A, 0x33, 0x7C, 0x7E,
};
static const uint8_t rfc_nt_resp[24] = {
	0x82, 0x30, 0x9E, 0xCD, 0x8D, 0x70, 0x8B, 0x5E, 0xA0, 0x8F, 0xAA, 0x39,
	0x81, 0xCD, 0x83, 0x54, 0x42, 0x33, 0x11, 0x4A, 0x3D, 0x85, 0xD6, 0xDF,
};

/* The server's LCP request now in ppp_tp.out; copy it for the Ack. */
static uint8_t lcp_req(uint8_t *copy, size_t *len)
{
	struct ppp_cp p;

	CHECK(tp_sent(PPP_LCP, PPP_CONFREQ, &p));
	memcpy(copy, p.data, p.dlen);
	*len = p.dlen;
	return p.id;
}

/* Windows' LCP request with a magic number only. */
static void client_lcp_req(void)
{
	uint8_t m[6];

	tp_send(PPP_LCP, PPP_CONFREQ, 1, m, tp_opt32(m, 5, 0x55667788));
	CHECK(tp_sent(PPP_LCP, PPP_CONFACK, &(struct ppp_cp){ 0 }));
}

/* An MS-CHAPv2 Response to the challenge in ppp_tp.out. */
static void mschapv2_respond(const char *user, const uint8_t nt[24])
{
	uint8_t v[1 + 49 + 32] = { 49 };
	struct ppp_cp ch;

	CHECK(tp_sent(PPP_CHAP, CHAP_CHALLENGE, &ch));
	CHECK_INT(ch.data[0], 16);
	CHECK(!memcmp(ch.data + 1, rfc_auth_chal, 16));
	memcpy(v + 1, rfc_peer_chal, 16);
	memcpy(v + 1 + 24, nt, 24);
	memcpy(v + 50, user, strlen(user));
	tp_send(PPP_CHAP, CHAP_RESPONSE, ch.id, v, 50 + strlen(user));
}

static void auth_fallback_to_mschapv2(void)
{
	/* The client wants MS-CHAPv2 (c2 23 81), not CHAP-MD5. */
	static const uint8_t nak[] = { 3, 5, 0xc2, 0x23, 0x81 };
	uint8_t copy[64], send[16], recv[16];
	struct ppp_cp p;
	size_t len;
	uint8_t id;

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_MSCHAPV2);
	ppp_tp.chal16 = rfc_auth_chal;
	tp_start();
	id = lcp_req(copy, &len);
	CHECK_INT(copy[4], 5);
	tp_send(PPP_LCP, PPP_CONFNAK, id, nak, sizeof(nak));
	/* The next request asks for MS-CHAPv2. */
	id = lcp_req(copy, &len);
	CHECK(!memcmp(copy, nak, sizeof(nak)));
	client_lcp_req();
	tp_send(PPP_LCP, PPP_CONFACK, id, copy, len);

	/* RFC 2759 9.2 end to end: our challenge is the RFC's. */
	mschapv2_respond("User", rfc_nt_resp);
	CHECK(tp_sent(PPP_CHAP, CHAP_SUCCESS, &p));
	CHECK(p.dlen > 45);
	CHECK(!memcmp(p.data, "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=",
		      45));
	CHECK(tp_event(PPP_EV_AUTH_OK));
	/* The MPPE keys for PPTP: RFC 3079 3.5.3's server send key. */
	CHECK_INT(ppp_session_mppe_keys(ppp_tp.s, send, recv), 0);
	CHECK(!memcmp(send, "\x8b\x7c\xdc\x14\x9b\x99\x3a\x1b"
			    "\xa1\x18\xcb\x15\x3f\x56\xdc\xcb", 16));
	tp_free();
}

static void open_for(enum ppp_auth_method m)
{
	uint8_t copy[64];
	size_t len;
	uint8_t id;

	tp_setup(m, PPP_AUTH_NONE);
	ppp_tp.chal16 = rfc_auth_chal;
	tp_start();
	id = lcp_req(copy, &len);
	client_lcp_req();
	tp_send(PPP_LCP, PPP_CONFACK, id, copy, len);
}

/*
 * The verdict packet is kept at its size and the name the client gave
 * with it: a Response retransmitted once IPCP is open (our Success was
 * lost) gets the very same Success, the verifier is not asked again, and
 * the session still names its user.
 */
static void auth_mschapv2_success_resent_when_up(void)
{
	uint8_t v[1 + 49 + 4] = { 49 };
	struct ppp_session_info info;
	uint8_t first[128];
	size_t first_len;
	struct ppp_cp ch, p;
	uint32_t addr;

	open_for(PPP_AUTH_MSCHAPV2);
	CHECK(tp_sent(PPP_CHAP, CHAP_CHALLENGE, &ch));
	mschapv2_respond("User", rfc_nt_resp);
	CHECK(tp_sent(PPP_CHAP, CHAP_SUCCESS, &p));
	CHECK(p.dlen > 45 && p.dlen <= sizeof(first));
	first_len = p.dlen;
	memcpy(first, p.data, p.dlen);
	CHECK(tp_event(PPP_EV_AUTH_OK));
	CHECK(tp_open_ipcp(&addr));

	memcpy(v + 1, rfc_peer_chal, 16);
	memcpy(v + 1 + 24, rfc_nt_resp, 24);
	memcpy(v + 50, "User", 4);
	tp_send(PPP_CHAP, CHAP_RESPONSE, ch.id, v, sizeof(v));
	CHECK(tp_sent(PPP_CHAP, CHAP_SUCCESS, &p));
	CHECK_INT(p.id, ch.id);
	CHECK_INT(p.dlen, first_len);
	CHECK(!memcmp(p.data, first, first_len));
	CHECK_INT(ppp_tp.verifies, 1);
	ppp_session_get_info(ppp_tp.s, &info);
	CHECK(info.authenticated);
	CHECK_STR(info.user, "User");
	tp_free();
}

static void auth_mschapv2_failure_691(void)
{
	uint8_t wrong[24];
	const struct ppp_down *d;
	char text[128];
	struct ppp_cp p, tr;
	size_t i;

	open_for(PPP_AUTH_MSCHAPV2);
	memcpy(wrong, rfc_nt_resp, 24);
	wrong[0] ^= 1;
	mschapv2_respond("User", wrong);
	/* Failure first, then LCP Terminate-Request, in that order. */
	CHECK_INT(ppp_tp.out.nframes, 2);
	CHECK(tp_sent(PPP_CHAP, CHAP_FAILURE, &p));
	CHECK(tp_sent(PPP_LCP, PPP_TERMREQ, &tr));
	CHECK(p.dlen < sizeof(text));
	memcpy(text, p.data, p.dlen);
	text[p.dlen] = '\0';
	/* "E=691 R=0 C=<32 hex> V=3 M=..." */
	CHECK(!strncmp(text, "E=691 R=0 C=", 12));
	for (i = 12; i < 44; i++)
		CHECK(strchr("0123456789ABCDEF", text[i]) != NULL);
	CHECK(!strncmp(text + 44, " V=3 M=", 7));
	CHECK(!tp_event(PPP_EV_AUTH_OK));

	tp_send(PPP_LCP, PPP_TERMACK, tr.id, NULL, 0);
	CHECK(tp_event(PPP_EV_FINISHED));
	d = ppp_session_down(ppp_tp.s);
	CHECK_INT(d->reason, PPP_DOWN_AUTH_FAILED);
	CHECK_INT(d->windows_error, 691);
	CHECK_HAS(d->text, "'User'");
	CHECK_HAS(d->text, "MS-CHAP-V2");
	CHECK_HAS(d->text, "error 691");
	tp_free();
}

static enum ppp_verdict expired_verify(void)
{
	return PPP_AUTH_FAIL;
}

static void auth_error_code_passes_through(void)
{
	struct ppp_auth_result res = { .error = 648 };
	struct ppp_cp p;

	/* A RADIUS verdict "password expired" reaches the client as 648. */
	open_for(PPP_AUTH_MSCHAPV2);
	ppp_tp.async = true;
	mschapv2_respond("User", rfc_nt_resp);
	CHECK_INT(ppp_tp.out.nframes, 0);
	tp_auth_done(expired_verify(), &res);
	CHECK(tp_sent(PPP_CHAP, CHAP_FAILURE, &p));
	CHECK(!memcmp(p.data, "E=648 R=0", 9));
	CHECK_INT(ppp_session_down(ppp_tp.s)->windows_error, 648);
	CHECK_HAS(ppp_session_down(ppp_tp.s)->text, "expired");
	tp_free();
}

static void auth_mschapv2_success_needs_authenticator(void)
{
	struct ppp_auth_result res = { 0 };

	/* A verifier that says OK but gives no "S=": refused, 691. */
	open_for(PPP_AUTH_MSCHAPV2);
	ppp_tp.async = true;
	mschapv2_respond("User", rfc_nt_resp);
	tp_auth_done(PPP_AUTH_OK, &res);
	CHECK(tp_sent(PPP_CHAP, CHAP_FAILURE, &(struct ppp_cp){ 0 }));
	CHECK(!tp_event(PPP_EV_AUTH_OK));
	CHECK_INT(ppp_session_down(ppp_tp.s)->reason, PPP_DOWN_AUTH_FAILED);
	tp_free();
}

static void auth_refused_by_client(void)
{
	static const uint8_t nak_pap[] = { 3, 4, 0xc0, 0x23 };
	uint8_t copy[64];
	size_t len;
	uint8_t id;

	/* Only MS-CHAPv2 allowed; the client will only do PAP. */
	tp_setup(PPP_AUTH_MSCHAPV2, PPP_AUTH_NONE);
	tp_start();
	id = lcp_req(copy, &len);
	tp_send(PPP_LCP, PPP_CONFNAK, id, nak_pap, sizeof(nak_pap));
	CHECK(tp_sent(PPP_LCP, PPP_TERMREQ, &(struct ppp_cp){ 0 }));
	CHECK_INT(ppp_session_down(ppp_tp.s)->reason, PPP_DOWN_AUTH_REFUSED);
	CHECK_INT(ppp_session_down(ppp_tp.s)->windows_error, 691);
	CHECK_HAS(ppp_session_down(ppp_tp.s)->text, "PAP");
	tp_free();

	/* A client that rejects authentication altogether. */
	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_PAP);
	tp_start();
	id = lcp_req(copy, &len);
	tp_send(PPP_LCP, PPP_CONFREJ, id, copy, 5);
	CHECK(tp_sent(PPP_LCP, PPP_TERMREQ, &(struct ppp_cp){ 0 }));
	CHECK_INT(ppp_session_down(ppp_tp.s)->reason, PPP_DOWN_AUTH_REFUSED);
	tp_free();
}

static void auth_fallback_in_preference_order(void)
{
	/*
	 * Configured MS-CHAPv2, CHAP-MD5, PAP; the client Naks with an
	 * unknown algorithm: the next configured method is tried.
	 */
	static const uint8_t nak_odd[] = { 3, 5, 0xc2, 0x23, 0x42 };
	uint8_t copy[64];
	size_t len;
	uint8_t id;

	tp_setup(PPP_AUTH_MSCHAPV2, PPP_AUTH_CHAP_MD5);
	ppp_tp.cfg.auth[2] = PPP_AUTH_PAP;
	tp_start();
	id = lcp_req(copy, &len);
	CHECK_INT(copy[4], 0x81);
	tp_send(PPP_LCP, PPP_CONFNAK, id, nak_odd, sizeof(nak_odd));
	id = lcp_req(copy, &len);
	CHECK_INT(copy[4], 5);
	tp_send(PPP_LCP, PPP_CONFNAK, id, nak_odd, sizeof(nak_odd));
	id = lcp_req(copy, &len);
	CHECK(!memcmp(copy, "\x03\x04\xc0\x23", 4));
	tp_send(PPP_LCP, PPP_CONFNAK, id, nak_odd, sizeof(nak_odd));
	CHECK(tp_sent(PPP_LCP, PPP_TERMREQ, &(struct ppp_cp){ 0 }));
	tp_free();
}

static void auth_pap_async(void)
{
	static const uint8_t req[] = { 7, 'd', 'i', 'a', 'l', 'i', 'n', '2',
				       7, 'f', 'r', 'i', 'e', 'n', 'd', '2' };
	struct ppp_auth_result res = { 0 };
	uint32_t seq;
	struct ppp_cp p;

	open_for(PPP_AUTH_PAP);
	/* PAP: the server sends nothing and waits for the client. */
	CHECK_INT(ppp_tp.out.nframes, 0);
	ppp_tp.async = true;
	tp_send(PPP_PAP, 1, 4, req, sizeof(req));
	CHECK_INT(ppp_tp.out.nframes, 0);
	CHECK_INT(ppp_tp.verifies, 1);
	/* A retransmission while RADIUS thinks: ignored. */
	tp_send(PPP_PAP, 1, 5, req, sizeof(req));
	CHECK_INT(ppp_tp.verifies, 1);
	CHECK_INT(ppp_tp.out.nframes, 0);
	/* A stale verdict (wrong seq) changes nothing. */
	seq = ppp_tp.pending_seq;
	ppp_tp.pending_seq = seq + 7;
	tp_auth_done(PPP_AUTH_OK, &res);
	CHECK_INT(ppp_tp.out.nframes, 0);
	ppp_tp.pending_seq = seq;
	tp_auth_done(PPP_AUTH_OK, &res);
	CHECK(tp_sent(PPP_PAP, 2, &p));
	CHECK_INT(p.id, 4);
	CHECK(tp_event(PPP_EV_AUTH_OK));
	CHECK(tp_sent(PPP_IPCP, PPP_CONFREQ, &p));
	/* Our Ack was lost: the client asks again and gets it again. */
	tp_send(PPP_PAP, 1, 6, req, sizeof(req));
	CHECK(tp_sent(PPP_PAP, 2, &p));
	CHECK_INT(p.id, 6);
	CHECK_INT(ppp_tp.verifies, 1);
	tp_free();
}

static void auth_pap_local_fail(void)
{
	static const uint8_t req[] = { 7, 'd', 'i', 'a', 'l', 'i', 'n', '2',
				       5, 'w', 'r', 'o', 'n', 'g' };
	static const uint8_t nul[] = { 3, 'a', 0, 'b', 1, 'x' };
	struct ppp_cp p;

	open_for(PPP_AUTH_PAP);
	tp_send(PPP_PAP, 1, 4, req, sizeof(req));
	CHECK(tp_sent(PPP_PAP, 3, &p));
	CHECK(tp_sent(PPP_LCP, PPP_TERMREQ, &(struct ppp_cp){ 0 }));
	CHECK_HAS(ppp_session_down(ppp_tp.s)->text, "dialin2");
	tp_free();

	/* A name with a NUL inside is nobody's; the verifier is not asked. */
	open_for(PPP_AUTH_PAP);
	tp_send(PPP_PAP, 1, 4, nul, sizeof(nul));
	CHECK(tp_sent(PPP_PAP, 3, &p));
	CHECK_INT(ppp_tp.verifies, 0);
	tp_free();
}

static void auth_chap_timeouts(void)
{
	unsigned int challenges = 1;
	uint8_t last_id;
	struct ppp_cp p;

	/* The client never answers: 10 challenges, new id each, then 718. */
	open_for(PPP_AUTH_CHAP_MD5);
	CHECK(tp_sent(PPP_CHAP, CHAP_CHALLENGE, &p));
	last_id = p.id;
	while (!tp_event(PPP_EV_FINISHED) && challenges < 40) {
		tp_advance(ppp_session_deadline(ppp_tp.s) - ppp_tp.now);
		if (tp_sent(PPP_CHAP, CHAP_CHALLENGE, &p)) {
			CHECK(p.id != last_id);
			last_id = p.id;
			challenges++;
		}
		if (tp_sent(PPP_LCP, PPP_TERMREQ, &p))
			tp_send(PPP_LCP, PPP_TERMACK, p.id, NULL, 0);
	}
	CHECK_INT(challenges, 10);
	CHECK_INT(ppp_session_down(ppp_tp.s)->reason, PPP_DOWN_AUTH_TIMEOUT);
	CHECK_INT(ppp_session_down(ppp_tp.s)->windows_error, 718);
	tp_free();

	/* The verifier never answers: the phase times out. */
	open_for(PPP_AUTH_CHAP_MD5);
	ppp_tp.async = true;
	tp_chap_md5("dialin2", "friend2");
	CHECK_INT(ppp_tp.out.nframes, 0);
	/* (LCP echoes run meanwhile; the client answers none.) */
	while (ppp_tp.now < 100000 + 60000) {
		tp_advance(ppp_session_deadline(ppp_tp.s) - ppp_tp.now);
		if (tp_sent(PPP_LCP, PPP_TERMREQ, &p))
			break;
	}
	CHECK_INT(ppp_tp.now, 100000 + 60000);
	CHECK(tp_sent(PPP_LCP, PPP_TERMREQ, &p));
	CHECK_INT(ppp_session_down(ppp_tp.s)->reason, PPP_DOWN_AUTH_TIMEOUT);
	CHECK_HAS(ppp_session_down(ppp_tp.s)->text, "did not answer");
	tp_free();
}

static void auth_response_wrong_size(void)
{
	uint8_t v[1 + 10 + 4] = { 10 };
	struct ppp_cp ch, p;

	open_for(PPP_AUTH_CHAP_MD5);
	CHECK(tp_sent(PPP_CHAP, CHAP_CHALLENGE, &ch));
	memcpy(v + 11, "user", 4);
	/* A Response to an older challenge id is ignored. */
	tp_send(PPP_CHAP, CHAP_RESPONSE, ch.id + 1, v, sizeof(v));
	CHECK_INT(ppp_tp.out.nframes, 0);
	/* A value-size that overruns the packet is malformed. */
	tp_send(PPP_CHAP, CHAP_RESPONSE, ch.id, "\x40xx", 3);
	CHECK_INT(ppp_tp.out.nframes, 0);
	CHECK_INT(ppp_session_stats(ppp_tp.s)->last_err, PPP_ERR_FIELD_TRUNC);
	/* A 10-octet MD5 "digest" cannot be right: Failure, no verifier. */
	tp_send(PPP_CHAP, CHAP_RESPONSE, ch.id, v, sizeof(v));
	CHECK(tp_sent(PPP_CHAP, CHAP_FAILURE, &p));
	CHECK_INT(ppp_tp.verifies, 0);
	CHECK_HAS(ppp_session_down(ppp_tp.s)->text, "'user'");
	tp_free();
}

static void auth_mschapv1(void)
{
	static const uint8_t chal8[8] = { 0x10, 0x2D, 0xB5, 0xDF,
					  0x08, 0x5D, 0x30, 0x41 };
	static const uint8_t nt[24] = {
		0x4E, 0x9D, 0x3C, 0x8F, 0x9C, 0xFD, 0x38, 0x5D,
		0x5B, 0xF4, 0xD3, 0x24, 0x67, 0x91, 0x95, 0x6C,
		0xA4, 0xC3, 0x51, 0xAB, 0x40, 0x9A, 0x3D, 0x61,
	};
	uint8_t v[1 + 49 + 6] = { 49 };
	uint8_t copy[64];
	struct ppp_cp ch, p;
	size_t len;
	uint8_t id;

	tp_setup(PPP_AUTH_MSCHAPV1, PPP_AUTH_NONE);
	ppp_tp.chal8 = chal8;
	tp_start();
	id = lcp_req(copy, &len);
	CHECK(!memcmp(copy, "\x03\x05\xc2\x23\x80", 5));
	client_lcp_req();
	tp_send(PPP_LCP, PPP_CONFACK, id, copy, len);
	CHECK(tp_sent(PPP_CHAP, CHAP_CHALLENGE, &ch));
	CHECK_INT(ch.data[0], 8);
	CHECK(!memcmp(ch.data + 1, chal8, 8));
	/* RFC 2433 B.2: "MyPw"; LM-Response zero, NT-Response, flag 1. */
	memcpy(v + 1 + 24, nt, 24);
	v[49] = 1;
	memcpy(v + 50, "MyUser", 6);
	tp_send(PPP_CHAP, CHAP_RESPONSE, ch.id, v, sizeof(v));
	CHECK(tp_sent(PPP_CHAP, CHAP_SUCCESS, &p));
	CHECK(tp_event(PPP_EV_AUTH_OK));
	tp_free();
}

void suite_ppp_auth(void)
{
	RUN(auth_fallback_to_mschapv2);
	RUN(auth_mschapv2_success_resent_when_up);
	RUN(auth_mschapv2_failure_691);
	RUN(auth_error_code_passes_through);
	RUN(auth_mschapv2_success_needs_authenticator);
	RUN(auth_refused_by_client);
	RUN(auth_fallback_in_preference_order);
	RUN(auth_pap_async);
	RUN(auth_pap_local_fail);
	RUN(auth_chap_timeouts);
	RUN(auth_response_wrong_size);
	RUN(auth_mschapv1);
}
