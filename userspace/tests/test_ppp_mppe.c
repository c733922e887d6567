// SPDX-License-Identifier: GPL-2.0
/*
 * MPPE negotiation in CCP against Windows-like offers: every bit at once,
 * 40-bit only, stateful against a stateless-only policy, no CCP at all,
 * MPPE required with PAP; IPCP held back until encryption is agreed; and
 * the start keys handed to the host, checked against RFC 3079's known
 * answers for its example user ("User", "clientPass") and challenges.
 */
#include <stdlib.h>

#include "test.h"
#include "test_ppp_peer.h"
#include "ppp/mppe_keys.h"

void suite_ppp_mppe(void);

#define CHAP_CHALLENGE	1
#define CHAP_RESPONSE	2
#define CHAP_SUCCESS	3
#define CCP_MPPE	18

/* RFC 2759 9.2 / RFC 3079 3.5: the challenges and the NT-Response. */
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
/* RFC 3079 3.5.3: the server's 128-bit send start key. */
static const uint8_t rfc_send128[16] = {
	0x8B, 0x7C, 0xDC, 0x14, 0x9B, 0x99, 0x3A, 0x1B,
	0xA1, 0x18, 0xCB, 0x15, 0x3F, 0x56, 0xDC, 0xCB,
};
/* RFC 3079 3.5.1: the 40-bit start key is its first 8 octets. */

static bool sent(uint16_t proto, uint8_t code)
{
	struct ppp_cp p;

	return tp_sent(proto, code, &p);
}

static void setup_mppe(enum ppp_auth_method m, enum ppp_mppe_policy policy,
		       uint32_t strengths, bool stateless_only)
{
	tp_setup(m, PPP_AUTH_NONE);
	ppp_tp.chal16 = rfc_auth_chal;
	ppp_tp.cfg.mppe.policy = policy;
	ppp_tp.cfg.mppe.strengths = strengths;
	ppp_tp.cfg.mppe.stateless_only = stateless_only;
	tp_start();
}

/* MS-CHAPv2, MPPE-128 required, stateful only ("stateless never") */
static void setup_stateful_only(void)
{
	tp_setup(PPP_AUTH_MSCHAPV2, PPP_AUTH_NONE);
	ppp_tp.chal16 = rfc_auth_chal;
	ppp_tp.cfg.mppe.policy = PPP_MPPE_REQUIRED;
	ppp_tp.cfg.mppe.strengths = PPP_MPPE_S;
	ppp_tp.cfg.mppe.stateful_only = true;
	tp_start();
}

/* LCP with the server's wishes Ack'd, the client asking for a magic. */
static void open_lcp(void)
{
	uint8_t copy[64], m[6];
	struct ppp_cp p;
	size_t len;

	CHECK(tp_sent(PPP_LCP, PPP_CONFREQ, &p));
	memcpy(copy, p.data, p.dlen);
	len = p.dlen;
	tp_send(PPP_LCP, PPP_CONFREQ, 1, m, tp_opt32(m, 5, 0x55667788));
	tp_send(PPP_LCP, PPP_CONFACK, p.id, copy, len);
}

/* MS-CHAPv2 as RFC 2759 9.2 has it: "User" with password "clientPass". */
static void login_mschapv2(void)
{
	uint8_t v[1 + 49 + 4] = { 49 };
	struct ppp_cp ch;

	open_lcp();
	CHECK(tp_sent(PPP_CHAP, CHAP_CHALLENGE, &ch));
	memcpy(v + 1, rfc_peer_chal, 16);
	memcpy(v + 1 + 24, rfc_nt_resp, 24);
	memcpy(v + 50, "User", 4);
	tp_send(PPP_CHAP, CHAP_RESPONSE, ch.id, v, sizeof(v));
	CHECK(sent(PPP_CHAP, CHAP_SUCCESS));
	CHECK(tp_event(PPP_EV_AUTH_OK));
}

/* The client's CCP Configure-Request with one MPPE option. */
static void ccp_request(uint8_t id, uint32_t bits)
{
	uint8_t o[6] = { CCP_MPPE, 6, bits >> 24, bits >> 16, bits >> 8, bits };

	tp_send(PPP_CCP, PPP_CONFREQ, id, o, sizeof(o));
}

/* The MPPE bits of the server's CCP packet of this code, or 0. */
static uint32_t ccp_bits(uint8_t code, struct ppp_cp *p)
{
	if (!tp_sent(PPP_CCP, code, p) || p->dlen != 6 ||
	    p->data[0] != CCP_MPPE || p->data[1] != 6)
		return 0;
	return ppp_get32(p->data + 2);
}

/* Ack the server's CCP request last seen in p. */
static void ccp_ack(const struct ppp_cp *p)
{
	uint8_t copy[16];

	memcpy(copy, p->data, p->dlen);
	tp_send(PPP_CCP, PPP_CONFACK, p->id, copy, p->dlen);
}

static void windows_offers_everything(void)
{
	struct ppp_session_info info;
	struct ppp_mppe_info mi;
	uint8_t recv[16], master[16], hh[16], nt[16];
	struct ppp_cp req, nak;
	uint32_t addr;

	setup_mppe(PPP_AUTH_MSCHAPV2, PPP_MPPE_REQUIRED,
		   PPP_MPPE_L | PPP_MPPE_S, false);
	login_mschapv2();
	/* IPCP opens, but with MPPE required the session is not up yet. */
	CHECK(!tp_open_ipcp(&addr));
	ppp_session_get_info(ppp_tp.s, &info);
	CHECK(!info.ipv4_up);
	CHECK_INT(ppp_session_mppe(ppp_tp.s, &mi), -1);

	/* Windows 7: H, M, S and L at once (and MPPC, which we strip). */
	ccp_request(1, PPP_MPPE_H | PPP_MPPE_M | PPP_MPPE_S | PPP_MPPE_L |
		       PPP_MPPE_C);
	/* Our first request offers every allowed strength, as servers do. */
	CHECK_INT(ccp_bits(PPP_CONFREQ, &req),
		  PPP_MPPE_H | PPP_MPPE_L | PPP_MPPE_S);
	CHECK_INT(ccp_bits(PPP_CONFNAK, &nak), PPP_MPPE_H | PPP_MPPE_S);
	CHECK_INT(nak.id, 1);
	/* Windows Naks it down to one strength: 128-bit stateless. */
	{
		uint8_t o[6] = { CCP_MPPE, 6, 0x01, 0, 0, PPP_MPPE_S };

		tp_send(PPP_CCP, PPP_CONFNAK, req.id, o, sizeof(o));
	}
	CHECK_INT(ccp_bits(PPP_CONFREQ, &req), PPP_MPPE_H | PPP_MPPE_S);
	ccp_ack(&req);
	CHECK(!tp_event(PPP_EV_MPPE_UP));
	ccp_request(2, PPP_MPPE_H | PPP_MPPE_S);
	CHECK_INT(ccp_bits(PPP_CONFACK, &nak), PPP_MPPE_H | PPP_MPPE_S);
	CHECK(tp_event(PPP_EV_MPPE_UP));
	CHECK(tp_event(PPP_EV_IPV4_UP));
	/* Keys before addresses: MPPE_UP is reported first. */
	CHECK_INT(ppp_tp.out.event[0], PPP_EV_MPPE_UP);

	ppp_session_get_info(ppp_tp.s, &info);
	CHECK(info.ipv4_up);
	CHECK_INT(info.mppe_bits, 128);
	CHECK(info.mppe_stateless);
	CHECK_INT(ppp_session_mppe(ppp_tp.s, &mi), 0);
	CHECK_INT(mi.bits, 128);
	CHECK(mi.stateless);
	CHECK_INT(mi.key_len, 16);
	CHECK(!memcmp(mi.send_key, rfc_send128, 16));
	/* The receive key is the client's send key (RFC 3079 3.4). */
	CHECK_INT(mschap_nt_password_hash("clientPass", 10, nt), 0);
	mschap_hash_nt_password_hash(nt, hh);
	CHECK_INT(mppe_master_key(hh, rfc_nt_resp, master), 0);
	CHECK_INT(mppe_asymmetric_start_key(master, recv, 16, true, false), 0);
	CHECK(!memcmp(mi.recv_key, recv, 16));
	CHECK(memcmp(mi.recv_key, mi.send_key, 16));

	/* Reset-Request is the kernel's business: taken, not answered. */
	tp_send(PPP_CCP, 14, 7, rfc_peer_chal, 0);
	CHECK_INT(ppp_tp.out.nframes, 0);
	tp_free();
}

static void windows_40_bit_only(void)
{
	struct ppp_mppe_info mi;
	struct ppp_cp req, p;

	setup_mppe(PPP_AUTH_MSCHAPV2, PPP_MPPE_OPTIONAL,
		   PPP_MPPE_L | PPP_MPPE_S, false);
	login_mschapv2();
	/* A 40-bit-only client: its offer is Ack'd as it stands. */
	ccp_request(1, PPP_MPPE_H | PPP_MPPE_L);
	CHECK_INT(ccp_bits(PPP_CONFREQ, &req),
		  PPP_MPPE_H | PPP_MPPE_L | PPP_MPPE_S);
	CHECK_INT(ccp_bits(PPP_CONFACK, &p), PPP_MPPE_H | PPP_MPPE_L);
	/* It Naks our request with 40-bit; we follow. */
	{
		uint8_t o[6] = { CCP_MPPE, 6, 0x01, 0, 0, PPP_MPPE_L };

		tp_send(PPP_CCP, PPP_CONFNAK, req.id, o, sizeof(o));
	}
	CHECK_INT(ccp_bits(PPP_CONFREQ, &req), PPP_MPPE_H | PPP_MPPE_L);
	ccp_ack(&req);
	CHECK(tp_event(PPP_EV_MPPE_UP));
	CHECK_INT(ppp_session_mppe(ppp_tp.s, &mi), 0);
	CHECK_INT(mi.bits, 40);
	CHECK_INT(mi.key_len, 8);
	/* RFC 3079 3.5.1's 40-bit start key, nothing past it. */
	CHECK(!memcmp(mi.send_key, rfc_send128, 8));
	CHECK(!memcmp(mi.send_key + 8, "\0\0\0\0\0\0\0\0", 8));
	tp_free();
}

static void stateful_against_stateless_only(void)
{
	const struct ppp_down *d;
	struct ppp_cp p;

	setup_mppe(PPP_AUTH_MSCHAPV2, PPP_MPPE_REQUIRED,
		   PPP_MPPE_L | PPP_MPPE_S, true);
	login_mschapv2();
	/* An old client: stateful 128/40 only.  Nak'd once with H. */
	ccp_request(1, PPP_MPPE_S | PPP_MPPE_L);
	CHECK_INT(ccp_bits(PPP_CONFNAK, &p), PPP_MPPE_H | PPP_MPPE_S);
	/* It cannot: the same again ends the link. */
	ccp_request(2, PPP_MPPE_S | PPP_MPPE_L);
	CHECK(!tp_event(PPP_EV_MPPE_UP));
	CHECK(sent(PPP_LCP, PPP_TERMREQ));
	d = ppp_session_down(ppp_tp.s);
	CHECK_INT(d->reason, PPP_DOWN_NO_ENCRYPTION);
	CHECK_INT(d->windows_error, 742);
	CHECK_HAS(d->text, "stateful");
	CHECK_HAS(d->text, "stateless");
	CHECK_HAS(d->text, "742");
	tp_free();

	/* The same client with stateful allowed gets stateful 128-bit. */
	setup_mppe(PPP_AUTH_MSCHAPV2, PPP_MPPE_REQUIRED,
		   PPP_MPPE_L | PPP_MPPE_S, false);
	login_mschapv2();
	ccp_request(1, PPP_MPPE_S | PPP_MPPE_L);
	CHECK_INT(ccp_bits(PPP_CONFNAK, &p), PPP_MPPE_S);
	tp_free();
}

/*
 * "stateless never": pppd with mppe-stateful offers stateless first and
 * follows a Nak to stateful; a client that insists on stateless gets 742.
 */
static void stateless_against_stateful_only(void)
{
	const struct ppp_down *d;
	struct ppp_mppe_info mi;
	struct ppp_cp req, p;

	setup_stateful_only();
	login_mschapv2();
	ccp_request(1, PPP_MPPE_H | PPP_MPPE_S);
	CHECK_INT(ccp_bits(PPP_CONFREQ, &req), PPP_MPPE_S);
	CHECK_INT(ccp_bits(PPP_CONFNAK, &p), PPP_MPPE_S);
	ccp_ack(&req);
	ccp_request(2, PPP_MPPE_S);
	CHECK_INT(ccp_bits(PPP_CONFACK, &p), PPP_MPPE_S);
	CHECK(tp_event(PPP_EV_MPPE_UP));
	CHECK_INT(ppp_session_mppe(ppp_tp.s, &mi), 0);
	CHECK(!mi.stateless);
	tp_free();

	setup_stateful_only();
	login_mschapv2();
	ccp_request(1, PPP_MPPE_H | PPP_MPPE_S);
	ccp_request(2, PPP_MPPE_H | PPP_MPPE_S);
	CHECK(!tp_event(PPP_EV_MPPE_UP));
	d = ppp_session_down(ppp_tp.s);
	CHECK_INT(d->windows_error, 742);
	CHECK_HAS(d->text, "we allow 128-bit stateful");
	tp_free();
}

static void required_but_absent_742(void)
{
	const struct ppp_down *d;
	uint32_t addr;

	setup_mppe(PPP_AUTH_MSCHAPV2, PPP_MPPE_REQUIRED, PPP_MPPE_S, false);
	login_mschapv2();
	CHECK(!tp_open_ipcp(&addr));
	/* The client never speaks CCP. */
	tp_advance(14999);
	CHECK(!sent(PPP_LCP, PPP_TERMREQ));
	tp_advance(1);
	CHECK(sent(PPP_LCP, PPP_TERMREQ));
	CHECK(!tp_event(PPP_EV_IPV4_UP));
	d = ppp_session_down(ppp_tp.s);
	CHECK_INT(d->reason, PPP_DOWN_NO_ENCRYPTION);
	CHECK_INT(d->windows_error, 742);
	CHECK_HAS(d->text, "did not negotiate it (CCP) within 15 s");
	CHECK_STR(ppp_down_reason_name(d->reason), "no-encryption");
	tp_free();

	/* A client that rejects MPPE outright. */
	setup_mppe(PPP_AUTH_MSCHAPV2, PPP_MPPE_REQUIRED, PPP_MPPE_S, false);
	login_mschapv2();
	{
		struct ppp_cp req;
		uint8_t copy[16];

		tp_send(PPP_CCP, PPP_CONFREQ, 1, rfc_peer_chal, 0);
		CHECK_INT(ccp_bits(PPP_CONFREQ, &req), PPP_MPPE_H | PPP_MPPE_S);
		memcpy(copy, req.data, req.dlen);
		tp_send(PPP_CCP, PPP_CONFREJ, req.id, copy, req.dlen);
	}
	CHECK_INT(ppp_session_down(ppp_tp.s)->windows_error, 742);
	CHECK_HAS(ppp_session_down(ppp_tp.s)->text, "rejects");
	tp_free();
}

/* PAP gives no keys: required MPPE fails at once, optional goes without. */
static void pap_has_no_keys(void)
{
	static const uint8_t pap[] = { 7, 'd', 'i', 'a', 'l', 'i', 'n', '1',
				       7, 'f', 'r', 'i', 'e', 'n', 'd', '1' };
	struct ppp_cp p;
	uint32_t addr;

	setup_mppe(PPP_AUTH_PAP, PPP_MPPE_REQUIRED, PPP_MPPE_S, false);
	open_lcp();
	tp_send(PPP_PAP, 1, 1, pap, sizeof(pap));
	CHECK(sent(PPP_LCP, PPP_TERMREQ));
	CHECK_INT(ppp_session_down(ppp_tp.s)->windows_error, 742);
	CHECK_HAS(ppp_session_down(ppp_tp.s)->text,
		  "keys come only from MS-CHAP");
	tp_free();

	setup_mppe(PPP_AUTH_PAP, PPP_MPPE_OPTIONAL, PPP_MPPE_S, false);
	open_lcp();
	tp_send(PPP_PAP, 1, 1, pap, sizeof(pap));
	CHECK(tp_open_ipcp(&addr));
	ccp_request(1, PPP_MPPE_H | PPP_MPPE_S);
	CHECK(tp_sent(PPP_CCP, PPP_CONFREJ, &p));
	tp_free();
}

/* MPPE off (the L2TP path): option 18 rejected, as before. */
static void off_rejects(void)
{
	struct ppp_cp p;

	setup_mppe(PPP_AUTH_MSCHAPV2, PPP_MPPE_OFF, PPP_MPPE_S, false);
	login_mschapv2();
	ccp_request(1, PPP_MPPE_H | PPP_MPPE_S);
	CHECK(tp_sent(PPP_CCP, PPP_CONFREJ, &p));
	CHECK(!sent(PPP_CCP, PPP_CONFREQ) ||
	      ccp_bits(PPP_CONFREQ, &p) == 0);
	tp_free();
}

void suite_ppp_mppe(void)
{
	RUN(windows_offers_everything);
	RUN(windows_40_bit_only);
	RUN(stateful_against_stateless_only);
	RUN(stateless_against_stateful_only);
	RUN(required_but_absent_742);
	RUN(pap_has_no_keys);
	RUN(off_rejects);
}
