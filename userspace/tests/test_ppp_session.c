// SPDX-License-Identifier: GPL-2.0
/*
 * A whole PPP session against a scripted Windows-like client: LCP with
 * the options Windows sends, CHAP, IPCP with DNS/WINS, CCP refused,
 * IPV6CP, echo keepalive and dead-peer detection, Protocol-Reject, the
 * ways a session ends and what the Windows user is told, and malformed
 * input.  Authentication variants are in test_ppp_auth.c.
 */
#include "test.h"
#include "test_ppp_peer.h"

#include "ppp/fsm.h"

void suite_ppp_session(void);

#define LCP_ECHOREQ	9
#define LCP_ECHOREP	10
#define LCP_PROTREJ	8

/* Up to IPCP Opened as dialin1 (fixed address 192.168.8.50). */
static void bring_up(void)
{
	uint32_t addr = 0;

	tp_start();
	tp_open_lcp();
	tp_chap_md5("dialin1", "friend1");
	CHECK(tp_sent(PPP_CHAP, 3, &(struct ppp_cp){ 0 }));
	CHECK(tp_open_ipcp(&addr));
	CHECK_INT(addr, IP(192, 168, 8, 50));
}

static void session_windows_chap_ipcp(void)
{
	/* Windows also asks for Callback (13): rejected, alone. */
	static const uint8_t req_cb[] = { 1, 4, 0x05, 0x78,
					  5, 6, 0x11, 0x22, 0x33, 0x44,
					  7, 2, 8, 2, 13, 3, 6 };
	struct ppp_session_info info;
	struct ppp_cp p, ch;
	struct ppp_opt_iter it;
	struct ppp_opt o;
	uint8_t req[64];
	size_t n;

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	tp_start();
	/* Our request: CHAP-MD5 (c2 23 05) and a magic number. */
	CHECK(tp_sent(PPP_LCP, PPP_CONFREQ, &p));
	CHECK_INT(p.dlen, 5 + 6);
	CHECK(!memcmp(p.data, (const uint8_t[]){ 3, 5, 0xc2, 0x23, 5 }, 5));
	CHECK_INT(ppp_session_deadline(ppp_tp.s), ppp_tp.now + 3000);

	tp_send(PPP_LCP, PPP_CONFREQ, 1, req_cb, sizeof(req_cb));
	CHECK(tp_sent(PPP_LCP, PPP_CONFREJ, &p));
	CHECK(p.dlen == 3 && !memcmp(p.data, req_cb + 14, 3));

	tp_open_lcp();
	/* LCP opened: the challenge, 16 octets and our name. */
	CHECK(tp_sent(PPP_CHAP, 1, &ch));
	CHECK_INT(ch.data[0], 16);
	CHECK_INT(ch.dlen, 1 + 16 + 4);
	CHECK(!memcmp(ch.data + 17, "roam", 4));

	tp_chap_md5("dialin1", "friend1");
	CHECK(tp_sent(PPP_CHAP, 3, &p));
	CHECK_INT(p.id, ch.id);
	CHECK(tp_event(PPP_EV_AUTH_OK));
	/* Network phase: our IPCP request (our address); CCP is passive. */
	CHECK(tp_sent(PPP_IPCP, PPP_CONFREQ, &p));
	CHECK(p.dlen == 6 && ppp_get32(p.data + 2) == IP(192, 168, 8, 1));
	CHECK_INT(tp_count(PPP_CCP), 0);

	/* A lost Success: the retransmitted Response gets it again. */
	{
		uint8_t resp[17 + 7] = { 16 };

		memcpy(resp + 17, "dialin1", 7);
		tp_send(PPP_CHAP, 2, ch.id, resp, sizeof(resp));
		CHECK(tp_sent(PPP_CHAP, 3, &p));
		CHECK_INT(ppp_tp.verifies, 1);
		CHECK_INT(tp_count(PPP_IPCP), 0);
	}

	/* The full Windows IPCP request: VJ, address, DNS and WINS. */
	n = 0;
	memcpy(req, (const uint8_t[]){ 2, 6, 0x00, 0x2d, 0x0f, 0x01 }, 6);
	n += 6;
	n += tp_opt32(req + n, 3, 0);
	n += tp_opt32(req + n, 129, 0);
	n += tp_opt32(req + n, 130, 0);
	n += tp_opt32(req + n, 131, 0);
	n += tp_opt32(req + n, 132, 0);
	tp_send(PPP_IPCP, PPP_CONFREQ, 5, req, n);
	/* VJ and the servers we do not have are rejected, nothing else. */
	CHECK(tp_sent(PPP_IPCP, PPP_CONFREJ, &p));
	ppp_opt_iter_init(&it, p.data, p.dlen);
	n = 0;
	while (ppp_opt_next(&it, &o)) {
		CHECK(o.type == 2 || o.type == 130 || o.type == 131 ||
		      o.type == 132);
		n++;
	}
	CHECK_INT(n, 4);

	/* tp_open_ipcp takes the Naks (address and DNS) and opens. */
	{
		uint32_t addr;

		tp_send(PPP_IPCP, PPP_CONFREQ, 6, req + 6, 12);
		CHECK(tp_sent(PPP_IPCP, PPP_CONFNAK, &p));
		CHECK_INT(p.dlen, 12);
		CHECK_INT(ppp_get32(p.data + 2), IP(192, 168, 8, 50));
		CHECK_INT(ppp_get32(p.data + 8), IP(192, 168, 8, 2));
		/*
		 * tp_open_ipcp starts from our request: wait for the
		 * restart timer to send it again.
		 */
		tp_advance(ppp_session_deadline(ppp_tp.s) - ppp_tp.now);
		CHECK(tp_open_ipcp(&addr));
		CHECK_INT(addr, IP(192, 168, 8, 50));
	}

	ppp_session_get_info(ppp_tp.s, &info);
	CHECK(info.ipv4_up);
	CHECK_INT(info.peer_ip, IP(192, 168, 8, 50));
	CHECK_INT(info.local_ip, IP(192, 168, 8, 1));
	CHECK_STR(info.user, "dialin1");
	CHECK_INT(info.method, PPP_AUTH_CHAP_MD5);
	CHECK(info.authenticated);
	CHECK_INT(info.peer_mru, 1400);
	CHECK(info.peer_pfc && info.peer_acfc);
	CHECK_INT(info.peer_magic, 0x11223344);
	CHECK_INT(info.phase, PPP_PHASE_NETWORK);
	/* CHAP-MD5 gives no MPPE keys. */
	CHECK(ppp_session_mppe_keys(ppp_tp.s, req, req + 16) < 0);
	tp_free();
}

static void session_ccp_refused(void)
{
	/* MPPE 128-bit stateless, as Windows offers it. */
	static const uint8_t mppe[] = { 18, 6, 0x01, 0x00, 0x00, 0x40 };
	struct ppp_cp p, ours;

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	bring_up();
	tp_send(PPP_CCP, PPP_CONFREQ, 1, mppe, sizeof(mppe));
	/* Passive CCP wakes up: our (empty) request, and a Reject. */
	CHECK(tp_sent(PPP_CCP, PPP_CONFREQ, &ours));
	CHECK_INT(ours.dlen, 0);
	CHECK(tp_sent(PPP_CCP, PPP_CONFREJ, &p));
	CHECK(p.dlen == 6 && !memcmp(p.data, mppe, 6));
	tp_send(PPP_CCP, PPP_CONFREQ, 2, NULL, 0);
	CHECK(tp_sent(PPP_CCP, PPP_CONFACK, &p));
	tp_send(PPP_CCP, PPP_CONFACK, ours.id, NULL, 0);
	CHECK_INT(ppp_tp.out.nframes, 0);
	/* CCP Reset-Request is meaningless without a compressor. */
	tp_send(PPP_CCP, 14, 3, NULL, 0);
	CHECK_INT(ppp_tp.out.nframes, 0);
	tp_free();
}

static void session_protocol_reject(void)
{
	struct ppp_cp p;
	uint8_t info[8] = { 1, 2, 0, 8, 0xaa, 0xbb, 0xcc, 0xdd };

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	bring_up();
	/* IPV6CP is not enabled: Protocol-Reject so the client stops. */
	tp_send(PPP_IPV6CP, PPP_CONFREQ, 1, info + 4, 4);
	CHECK(tp_sent(PPP_LCP, LCP_PROTREJ, &p));
	CHECK_INT(ppp_get16(p.data), PPP_IPV6CP);
	CHECK_INT(p.dlen, 2 + 8);
	/* An unknown protocol (MPLSCP), same treatment. */
	tp_send(0x8281, PPP_CONFREQ, 1, NULL, 0);
	CHECK(tp_sent(PPP_LCP, LCP_PROTREJ, &p));
	CHECK_INT(ppp_get16(p.data), 0x8281);
	CHECK_INT(ppp_session_stats(ppp_tp.s)->rx_unknown, 2);
	/* Data frames are the kernel's; here they are dropped quietly. */
	tp_send_frame((const uint8_t[]){ 0x21, 0x45, 0, 0 }, 4);
	CHECK_INT(ppp_tp.out.nframes, 0);
	tp_free();
}

static void session_echo_and_peer_hangup(void)
{
	static const uint8_t ping[] = { 0x11, 0x22, 0x33, 0x44, 'h', 'i' };
	uint8_t m[4];
	struct ppp_cp p;
	const struct ppp_down *d;

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	bring_up();
	/* "echo=30": the first Echo-Request after 30 s, our magic in it. */
	CHECK_INT(ppp_session_deadline(ppp_tp.s), ppp_tp.now + 30000);
	tp_advance(30000);
	CHECK(tp_sent(PPP_LCP, LCP_ECHOREQ, &p));
	CHECK_INT(ppp_get32(p.data), ppp_tp.server_magic);
	m[0] = 0x11, m[1] = 0x22, m[2] = 0x33, m[3] = 0x44;
	tp_send(PPP_LCP, LCP_ECHOREP, p.id, m, 4);
	CHECK_INT(ppp_tp.out.nframes, 0);

	/* The client's echo is answered with our magic and its data. */
	tp_send(PPP_LCP, LCP_ECHOREQ, 77, ping, sizeof(ping));
	CHECK(tp_sent(PPP_LCP, LCP_ECHOREP, &p));
	CHECK_INT(p.id, 77);
	CHECK_INT(ppp_get32(p.data), ppp_tp.server_magic);
	CHECK(p.dlen == 6 && !memcmp(p.data + 4, "hi", 2));
	/* Windows' Identification packet is ignored, not Code-Rejected. */
	tp_send(PPP_LCP, 12, 5, "\x11\x22\x33\x44MSRASV5.20", 14);
	CHECK_INT(ppp_tp.out.nframes, 0);

	/* The client hangs up: Terminate-Ack, IPv4 down, then finished. */
	tp_send(PPP_LCP, PPP_TERMREQ, 9, NULL, 0);
	CHECK(tp_sent(PPP_LCP, PPP_TERMACK, &p));
	CHECK_INT(p.id, 9);
	CHECK(tp_event(PPP_EV_IPV4_DOWN));
	CHECK(!tp_event(PPP_EV_FINISHED));
	tp_advance(3000);
	CHECK(tp_event(PPP_EV_FINISHED));
	d = ppp_session_down(ppp_tp.s);
	CHECK_INT(d->reason, PPP_DOWN_PEER);
	CHECK_INT(d->windows_error, 0);
	CHECK(ppp_session_deadline(ppp_tp.s) == UINT64_MAX);
	/* A finished session ignores everything. */
	tp_send(PPP_LCP, PPP_CONFREQ, 1, NULL, 0);
	CHECK_INT(ppp_tp.out.nframes, 0);
	tp_free();
}

static void session_echo_code_rejected(void)
{
	struct ppp_session_info info;
	struct ppp_cp p;
	uint8_t rej[8];

	/* A client that Code-Rejects Echo-Request is not "dead". */
	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	bring_up();
	tp_advance(30000);
	CHECK(tp_sent(PPP_LCP, LCP_ECHOREQ, &p));
	memcpy(rej, (const uint8_t[]){ LCP_ECHOREQ, p.id, 0, 8 }, 4);
	memcpy(rej + 4, p.data, 4);
	tp_send(PPP_LCP, PPP_CODEREJ, 1, rej, 8);
	CHECK(ppp_session_deadline(ppp_tp.s) == UINT64_MAX);
	tp_advance(600000);
	CHECK(!tp_event(PPP_EV_FINISHED));
	ppp_session_get_info(ppp_tp.s, &info);
	CHECK(info.ipv4_up);
	tp_free();
}

static void session_dead_peer(void)
{
	unsigned int requests = 0, i;
	const struct ppp_down *d;

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	bring_up();
	for (i = 0; i < 10 && !tp_event(PPP_EV_FINISHED); i++) {
		tp_advance(ppp_session_deadline(ppp_tp.s) - ppp_tp.now);
		requests += tp_sent(PPP_LCP, LCP_ECHOREQ,
				    &(struct ppp_cp){ 0 });
	}
	/*
	 * Three unanswered echoes, then down at the fourth interval,
	 * without a Terminate-Request nobody would answer.
	 */
	CHECK_INT(requests, 3);
	CHECK_INT(i, 4);
	CHECK(tp_event(PPP_EV_IPV4_DOWN));
	CHECK(tp_event(PPP_EV_FINISHED));
	CHECK_INT(tp_count(PPP_LCP), 0);
	d = ppp_session_down(ppp_tp.s);
	CHECK_INT(d->reason, PPP_DOWN_ECHO_TIMEOUT);
	CHECK_HAS(d->text, "client is gone");
	tp_free();
}

static void session_lcp_timeout_718(void)
{
	unsigned int crs = 1;
	const struct ppp_down *d;

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	tp_start();
	while (!tp_event(PPP_EV_FINISHED) && crs < 30) {
		tp_advance(ppp_session_deadline(ppp_tp.s) - ppp_tp.now);
		crs += tp_sent(PPP_LCP, PPP_CONFREQ, &(struct ppp_cp){ 0 });
	}
	CHECK_INT(crs, 10);
	d = ppp_session_down(ppp_tp.s);
	CHECK_INT(d->reason, PPP_DOWN_LCP_TIMEOUT);
	CHECK_INT(d->windows_error, 718);
	CHECK_HAS(d->text, "718");
	tp_free();
}

static void session_loopback(void)
{
	uint8_t req[6];
	uint32_t magic;
	unsigned int i;
	struct ppp_cp p;

	/* A "client" that is our own echo: it sends our magic number. */
	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	tp_start();
	CHECK(tp_sent(PPP_LCP, PPP_CONFREQ, &p));
	magic = ppp_get32(p.data + 7);		/* after the auth option */
	tp_opt32(req, 5, magic);
	for (i = 0; i < 10; i++) {
		tp_send(PPP_LCP, PPP_CONFREQ, (uint8_t)i, req, 6);
		if (tp_sent(PPP_LCP, PPP_TERMREQ, &p))
			break;
		/* Each time a Nak suggesting another number. */
		CHECK(tp_sent(PPP_LCP, PPP_CONFNAK, &p));
		CHECK(ppp_get32(p.data + 2) != magic);
	}
	CHECK_INT(i, PPP_MAX_FAILURE - 1);
	CHECK_INT(ppp_session_down(ppp_tp.s)->reason, PPP_DOWN_LOOPBACK);
	CHECK_INT(ppp_session_down(ppp_tp.s)->windows_error, 737);
	tp_free();
}

static void session_no_address_733(void)
{
	uint8_t req[6];
	const struct ppp_down *d;

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	ppp_tp.pool_empty = true;
	tp_start();
	tp_open_lcp();
	tp_chap_md5("dialin2", "friend2");
	tp_send(PPP_IPCP, PPP_CONFREQ, 1, req, tp_opt32(req, 3, 0));
	/* No reply to IPCP; LCP is terminated. */
	CHECK_INT(tp_count(PPP_IPCP), 1);	/* our TermReq for IPCP */
	CHECK(tp_sent(PPP_LCP, PPP_TERMREQ, &(struct ppp_cp){ 0 }));
	d = ppp_session_down(ppp_tp.s);
	CHECK_INT(d->reason, PPP_DOWN_NO_ADDRESS);
	CHECK_INT(d->windows_error, 733);
	CHECK_HAS(d->text, "dialin2");
	tp_send(PPP_LCP, PPP_TERMACK, 0, NULL, 0);
	CHECK(tp_event(PPP_EV_FINISHED));
	tp_free();
}

static void session_ipcp_rejected_733(void)
{
	uint8_t pr[2] = { 0x80, 0x21 };

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	tp_start();
	tp_open_lcp();
	tp_chap_md5("dialin2", "friend2");
	/* A client that will not speak IPCP at all. */
	tp_send(PPP_LCP, LCP_PROTREJ, 1, pr, 2);
	CHECK(tp_sent(PPP_LCP, PPP_TERMREQ, &(struct ppp_cp){ 0 }));
	CHECK_INT(ppp_session_down(ppp_tp.s)->reason, PPP_DOWN_NO_NCP);
	CHECK_INT(ppp_session_down(ppp_tp.s)->windows_error, 733);
	CHECK_HAS(ppp_session_down(ppp_tp.s)->text, "IPCP");
	tp_free();
}

static void session_ipv6cp(void)
{
	uint8_t req[10] = { 1, 10 };
	struct ppp_session_info info;
	struct ppp_cp ours, p;
	uint8_t ours_copy[16];

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	ppp_tp.cfg.ipv6 = true;
	tp_start();
	tp_open_lcp();
	tp_chap_md5("dialin2", "friend2");
	CHECK(tp_sent(PPP_IPV6CP, PPP_CONFREQ, &ours));
	CHECK(ours.dlen == 10 && ours.data[0] == 1);
	memcpy(ours_copy, ours.data, 10);
	/* A zero identifier gets a suggestion, non-zero and not ours. */
	tp_send(PPP_IPV6CP, PPP_CONFREQ, 1, req, 10);
	CHECK(tp_sent(PPP_IPV6CP, PPP_CONFNAK, &p));
	CHECK(memcmp(p.data + 2, "\0\0\0\0\0\0\0\0", 8));
	CHECK(memcmp(p.data + 2, ours_copy + 2, 8));
	memcpy(req + 2, "\x02\x11\x22\xff\xfe\x33\x44\x55", 8);
	tp_send(PPP_IPV6CP, PPP_CONFREQ, 2, req, 10);
	CHECK(tp_sent(PPP_IPV6CP, PPP_CONFACK, &p));
	tp_send(PPP_IPV6CP, PPP_CONFACK, ours.id, ours_copy, 10);
	CHECK(tp_event(PPP_EV_IPV6_UP));
	ppp_session_get_info(ppp_tp.s, &info);
	CHECK(info.ipv6_up);
	CHECK(!memcmp(info.peer_ifid, req + 2, 8));
	CHECK(!memcmp(info.local_ifid, ours_copy + 2, 8));
	tp_free();
}

static void session_admin_close_and_lower_down(void)
{
	struct ppp_cp p;

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	bring_up();
	ppp_out_reset(&ppp_tp.out);
	ppp_session_close(ppp_tp.s, ppp_tp.now, &ppp_tp.out);
	CHECK(tp_sent(PPP_LCP, PPP_TERMREQ, &p));
	CHECK(tp_event(PPP_EV_IPV4_DOWN));
	tp_send(PPP_LCP, PPP_TERMACK, p.id, NULL, 0);
	CHECK(tp_event(PPP_EV_FINISHED));
	CHECK_INT(ppp_session_down(ppp_tp.s)->reason, PPP_DOWN_ADMIN);
	tp_free();

	tp_setup(PPP_AUTH_CHAP_MD5, PPP_AUTH_NONE);
	bring_up();
	ppp_out_reset(&ppp_tp.out);
	ppp_session_lower_down(ppp_tp.s, ppp_tp.now, &ppp_tp.out);
	CHECK_INT(ppp_tp.out.nframes, 0);
	CHECK(tp_event(PPP_EV_IPV4_DOWN));
	CHECK(tp_event(PPP_EV_FINISHED));
	CHECK_INT(ppp_session_down(ppp_tp.s)->reason, PPP_DOWN_LOWER);
	tp_free();
}

static void session_malformed_input(void)
{
	static const struct {
		const uint8_t *f;
		size_t len;
		enum ppp_err err;
	} bad[] = {
		{ (const uint8_t *)"", 0, PPP_ERR_EMPTY },
		{ (const uint8_t *)"\xff", 1, PPP_ERR_ADDR_CTRL },
		{ (const uint8_t *)"\xff\x04\xc0\x21", 4, PPP_ERR_ADDR_CTRL },
		{ (const uint8_t *)"\xff\x03\xc0", 3, PPP_ERR_PROTO_TRUNC },
		{ (const uint8_t *)"\xc0\x20\x01", 3, PPP_ERR_PROTO_INVALID },
	};
	const struct ppp_session_stats *st;
	struct ppp_cp p;
	size_t i;

	tp_setup(PPP_AUTH_PAP, PPP_AUTH_NONE);
	tp_start();
	st = ppp_session_stats(ppp_tp.s);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		tp_send_frame(bad[i].f, bad[i].len);
		CHECK_INT(ppp_tp.out.nframes, 0);
		CHECK_INT(st->last_err, bad[i].err);
	}
	CHECK_INT(st->rx_bad, 5);

	/*
	 * LCP with a lying length, options overrunning, option length 1:
	 * all dropped without a reply.
	 */
	tp_send_frame((const uint8_t *)"\xff\x03\xc0\x21\x01\x01\x00\x20", 8);
	CHECK_INT(ppp_tp.out.nframes, 0);
	tp_send(PPP_LCP, PPP_CONFREQ, 1, "\x01\x09\x05\x78", 4);
	CHECK_INT(ppp_tp.out.nframes, 0);
	tp_send(PPP_LCP, PPP_CONFREQ, 1, "\x07\x01", 2);
	CHECK_INT(ppp_tp.out.nframes, 0);
	/* Known options with wrong lengths are Rejected, not trusted. */
	tp_send(PPP_LCP, PPP_CONFREQ, 1, "\x01\x03\x05\x07\x03\x00", 6);
	CHECK(tp_sent(PPP_LCP, PPP_CONFREJ, &p));
	CHECK(p.dlen == 6 && !memcmp(p.data, "\x01\x03\x05\x07\x03\x00", 6));

	/* PAP before LCP is open: discarded. */
	tp_send(PPP_PAP, 1, 1, "\x01u\x01p", 4);
	CHECK_INT(ppp_tp.out.nframes, 0);
	tp_open_lcp();
	/* PAP whose counted fields overrun the packet. */
	tp_send(PPP_PAP, 1, 1, "\x09u", 2);
	CHECK_INT(st->last_err, PPP_ERR_FIELD_TRUNC);
	tp_send(PPP_PAP, 1, 1, "\x01u\x05p", 4);
	CHECK_INT(st->last_err, PPP_ERR_FIELD_TRUNC);
	tp_send(PPP_PAP, 1, 1, "\x01u", 2);
	CHECK_INT(st->last_err, PPP_ERR_FIELD_TRUNC);
	CHECK_INT(ppp_tp.out.nframes, 0);
	CHECK_INT(ppp_tp.verifies, 0);
	/* Data-phase protocols before the network phase: dropped. */
	tp_send(PPP_IPCP, PPP_CONFREQ, 1, NULL, 0);
	CHECK_INT(ppp_tp.out.nframes, 0);
	tp_free();
}

static void session_names(void)
{
	CHECK_STR(ppp_phase_name(PPP_PHASE_NETWORK), "network");
	CHECK_STR(ppp_down_reason_name(PPP_DOWN_AUTH_FAILED), "auth-failed");
	CHECK_STR(ppp_down_reason_name(PPP_DOWN_NO_NCP), "no-ncp");
	CHECK_STR(ppp_auth_method_name(PPP_AUTH_MSCHAPV2), "MS-CHAP-V2");
}

void suite_ppp_session(void)
{
	RUN(session_windows_chap_ipcp);
	RUN(session_ccp_refused);
	RUN(session_protocol_reject);
	RUN(session_echo_and_peer_hangup);
	RUN(session_echo_code_rejected);
	RUN(session_dead_peer);
	RUN(session_lcp_timeout_718);
	RUN(session_loopback);
	RUN(session_no_address_733);
	RUN(session_ipcp_rejected_733);
	RUN(session_ipv6cp);
	RUN(session_admin_close_and_lower_down);
	RUN(session_malformed_input);
	RUN(session_names);
}
