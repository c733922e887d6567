// SPDX-License-Identifier: GPL-2.0
/*
 * roam-loadgen's client (tools/loadgen/) against a scripted LNS: the
 * messages an LNS sends are built here with roamd's codecs, what the
 * client sends is read back with them.  A whole life (tunnel, call, LCP,
 * MS-CHAPv2 with the server's proof checked, IPCP, the echo, StopCCN),
 * each way a server can make it fail, malformed input of every length,
 * and the ICMP codec and the report's percentiles.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "test.h"
#include "../tools/loadgen/client.h"
#include "../tools/loadgen/icmp.h"
#include "../tools/loadgen/report.h"
#include "l2tp/avp.h"
#include "l2tp/header.h"
#include "l2tp/msg.h"
#include "l2tp/proto.h"
#include "ppp/frame.h"
#include "ppp/mschap.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define LNS_TID		0x1234
#define LNS_SID		0x0055
#define GW_ADDR		0x0a0a0001
#define GIVEN_ADDR	0x0a0a0014

static uint8_t counter;

void lg_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = ++counter;
}

/* What the client sent, oldest first. */
static struct {
	uint8_t buf[1600];
	size_t len;
} sent[32];
static unsigned int nsent;

static void capture(void *arg, const uint8_t *buf, size_t len)
{
	(void)arg;
	if (nsent < 32 && len <= sizeof(sent[0].buf)) {
		memcpy(sent[nsent].buf, buf, len);
		sent[nsent++].len = len;
	}
}

static struct lg_client cl;
static struct l2tp_msg msg;
static uint64_t now;
static uint16_t srv_ns;

static void client_setup(void)
{
	struct lg_client_cfg cfg = {
		.user = "lg1",
		.password = "pw1",
		.phase_timeout_ms = 3000,
		.close_timeout_ms = 3000,
		.echo_id = 1,
	};

	counter = 0;
	nsent = 0;
	now = 1000;
	srv_ns = 0;
	lg_client_init(&cl, 1, &cfg, capture, NULL);
}

/* Sent datagram n as a control message: its type (0 a ZLB, -1 bad). */
static int sent_ctrl(unsigned int n, struct l2tp_hdr *h)
{
	struct l2tp_msg_err err;

	if (n >= nsent || l2tp_hdr_parse(sent[n].buf, sent[n].len, h) ||
	    !h->control)
		return -1;
	if (h->msg_len == h->hdr_len)
		return 0;
	if (l2tp_msg_parse(sent[n].buf + h->hdr_len, h->msg_len - h->hdr_len,
			   NULL, 0, &msg, &err))
		return -1;
	return msg.type;
}

/* Sent datagram n as a PPP control packet of proto; false if not. */
static bool sent_cp(unsigned int n, uint16_t proto, struct ppp_cp *cp)
{
	struct ppp_frame f;
	struct l2tp_hdr h;

	if (n >= nsent || l2tp_hdr_parse(sent[n].buf, sent[n].len, &h) ||
	    h.control || h.tunnel_id != LNS_TID || h.session_id != LNS_SID)
		return false;
	if (ppp_frame_parse(sent[n].buf + h.hdr_len, h.msg_len - h.hdr_len,
			    &f) || f.proto != proto)
		return false;
	return !ppp_cp_parse(f.payload, f.len, cp);
}

struct smsg {
	uint8_t buf[512];
	struct l2tp_mbuf mb;
};

static void smsg_start(struct smsg *m, uint16_t sid, uint16_t type)
{
	l2tp_mbuf_init(&m->mb, m->buf, sizeof(m->buf));
	l2tp_hdr_put_control(m->buf, sizeof(m->buf), cl.tid, sid, srv_ns,
			     cl.rl.ns_next);
	m->mb.len = L2TP_CTRL_HDR_LEN;
	if (type)
		l2tp_avp_put_u16(&m->mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE,
				 type);
}

static void smsg_send(struct smsg *m)
{
	l2tp_hdr_set_length(m->buf, (uint16_t)m->mb.len);
	if (m->mb.len > L2TP_CTRL_HDR_LEN)
		srv_ns++;
	nsent = 0;
	lg_client_input(&cl, now, m->buf, m->mb.len);
}

static void build_sccrp(struct smsg *m)
{
	static const uint8_t ver[2] = { 1, 0 };

	smsg_start(m, 0, L2TP_MT_SCCRP);
	l2tp_avp_put(&m->mb, L2TP_AVP_M, L2TP_AVP_PROTOCOL_VERSION, ver, 2);
	l2tp_avp_put_u32(&m->mb, L2TP_AVP_M, L2TP_AVP_FRAMING_CAP, 3);
	l2tp_avp_put_str(&m->mb, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "roamd");
	l2tp_avp_put_u16(&m->mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID,
			 LNS_TID);
}

/* One PPP control packet from the server in the call. */
static void srv_cp(uint16_t proto, uint8_t code, uint8_t id,
		   const void *data, size_t dlen)
{
	uint8_t buf[1600], mem[PPP_FRAME_MAX];
	struct ppp_buf b;
	size_t h, start;

	ppp_buf_init(&b, mem, sizeof(mem));
	ppp_frame_begin(&b, proto);
	start = ppp_cp_begin(&b, code, id);
	ppp_put(&b, data, dlen);
	ppp_cp_end(&b, start);
	h = l2tp_hdr_put_data(buf, sizeof(buf), cl.tid, cl.sid);
	memcpy(buf + h, mem, b.len);
	nsent = 0;
	lg_client_input(&cl, now, buf, h + b.len);
}

/* SCCRQ .. ICCN: the client in LCP, its ConfReq the last datagram. */
static void bring_call_up(void)
{
	struct l2tp_hdr h;
	struct smsg m;
	struct ppp_cp cp;

	lg_client_start(&cl, now);
	CHECK_INT(sent_ctrl(0, &h), L2TP_MT_SCCRQ);
	CHECK_INT(h.tunnel_id, 0);
	CHECK_INT(msg.tunnel_id, cl.tid);
	CHECK_INT(cl.phase, LG_PH_TUNNEL);

	build_sccrp(&m);
	smsg_send(&m);
	CHECK_INT(nsent, 2);
	CHECK_INT(sent_ctrl(0, &h), L2TP_MT_SCCCN);
	CHECK_INT(h.tunnel_id, LNS_TID);
	CHECK_INT(sent_ctrl(1, &h), L2TP_MT_ICRQ);
	CHECK_INT(msg.session_id, cl.sid);
	CHECK_INT(cl.phase, LG_PH_CALL);

	smsg_start(&m, cl.sid, L2TP_MT_ICRP);
	l2tp_avp_put_u16(&m.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID,
			 LNS_SID);
	smsg_send(&m);
	CHECK_INT(nsent, 2);
	CHECK_INT(sent_ctrl(0, &h), L2TP_MT_ICCN);
	CHECK_INT(h.session_id, LNS_SID);
	CHECK(sent_cp(1, PPP_LCP, &cp));
	CHECK_INT(cp.code, PPP_CONFREQ);
	CHECK_INT(cl.phase, LG_PH_LCP);
}

static const uint8_t lcp_req[] = { 3, 5, 0xc2, 0x23, 0x81,
				   5, 6, 0xaa, 0xbb, 0xcc, 0xdd };
static const uint8_t auth_chal[16] = "0123456789abcdef";

/* LCP both ways, then the challenge: the client's Response checked. */
static void bring_lcp_up_and_answer(void)
{
	uint8_t hash[16], nt[24], v[1 + 16 + 5];
	struct ppp_cp cp;

	bring_call_up();
	srv_cp(PPP_LCP, PPP_CONFREQ, 1, lcp_req, sizeof(lcp_req));
	CHECK(sent_cp(0, PPP_LCP, &cp));
	CHECK_INT(cp.code, PPP_CONFACK);
	srv_cp(PPP_LCP, PPP_CONFACK, cl.ppp.lcp_req_id, NULL, 0);
	CHECK_INT(cl.phase, LG_PH_AUTH);

	v[0] = 16;
	memcpy(v + 1, auth_chal, 16);
	memcpy(v + 17, "roamd", 5);
	srv_cp(PPP_CHAP, 1, 7, v, sizeof(v));
	CHECK(sent_cp(0, PPP_CHAP, &cp));
	CHECK_INT(cp.code, 2);
	CHECK_INT(cp.id, 7);
	CHECK_INT(cp.dlen, 1 + 49 + 3);
	CHECK_INT(cp.data[0], 49);
	CHECK(!memcmp(cp.data + 50, "lg1", 3));
	/* the NT-Response is the one RFC 2759 gives for its challenges */
	CHECK_INT(mschap_nt_password_hash("pw1", 3, hash), 0);
	CHECK_INT(mschapv2_nt_response(auth_chal, cp.data + 1, "lg1", 3, hash,
				       nt), 0);
	CHECK(!memcmp(cp.data + 25, nt, 24));
}

static void server_success(bool right)
{
	char ok[MSCHAP_AUTH_RESP_LEN + 1], text[64];
	uint8_t hash[16];

	CHECK_INT(mschap_nt_password_hash("pw1", 3, hash), 0);
	CHECK_INT(mschapv2_authenticator_response(hash, cl.ppp.nt_response,
						  cl.ppp.peer_challenge,
						  auth_chal, "lg1", 3, ok), 0);
	if (!right)
		ok[5] = ok[5] == '0' ? '1' : '0';
	snprintf(text, sizeof(text), "%s M=welcome", ok);
	srv_cp(PPP_CHAP, 3, 7, text, strlen(text));
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* The reply a gateway would give to the echo the client sent last. */
static size_t echo_reply_of(unsigned int n, uint8_t *out)
{
	struct l2tp_hdr h;
	struct ppp_frame f;
	uint8_t *ip;
	size_t hl;

	CHECK(!l2tp_hdr_parse(sent[n].buf, sent[n].len, &h));
	CHECK(!ppp_frame_parse(sent[n].buf + h.hdr_len,
			       h.msg_len - h.hdr_len, &f));
	CHECK_INT(f.proto, PPP_IP);
	CHECK_INT(f.len, LG_ECHO_LEN);
	hl = l2tp_hdr_put_data(out, 64, cl.tid, cl.sid);
	memcpy(out + hl, "\xff\x03\x00\x21", 4);
	ip = out + hl + 4;
	memcpy(ip, f.payload, f.len);
	put32(ip + 12, GW_ADDR);
	put32(ip + 16, GIVEN_ADDR);
	ip[10] = ip[11] = 0;
	ip[10] = lg_inet_csum(ip, 20) >> 8;
	ip[11] = lg_inet_csum(ip, 20) & 0xff;
	ip[20] = 0;			/* echo reply */
	ip[22] = ip[23] = 0;
	ip[22] = lg_inet_csum(ip + 20, f.len - 20) >> 8;
	ip[23] = lg_inet_csum(ip + 20, f.len - 20) & 0xff;
	return hl + 4 + f.len;
}

static void test_loadgen_whole_life(void)
{
	uint8_t gw[6] = { 3, 6, 10, 10, 0, 1 }, nak[6] = { 3, 6, 10, 10, 0, 20 };
	uint8_t reply[128];
	struct l2tp_hdr h;
	struct ppp_cp cp;
	struct smsg m;
	size_t n;

	client_setup();
	cl.cfg.hello_ms = 15000;
	bring_lcp_up_and_answer();
	server_success(true);
	CHECK_INT(cl.phase, LG_PH_IPCP);
	CHECK(sent_cp(0, PPP_IPCP, &cp));
	CHECK_INT(cp.code, PPP_CONFREQ);

	srv_cp(PPP_IPCP, PPP_CONFREQ, 1, gw, sizeof(gw));
	CHECK(sent_cp(0, PPP_IPCP, &cp));
	CHECK_INT(cp.code, PPP_CONFACK);
	srv_cp(PPP_IPCP, PPP_CONFNAK, cl.ppp.ipcp_req_id, nak, sizeof(nak));
	CHECK(sent_cp(0, PPP_IPCP, &cp));
	CHECK_INT(cp.code, PPP_CONFREQ);
	CHECK(!memcmp(cp.data, nak, sizeof(nak)));
	CHECK_INT(cl.ppp.addr, GIVEN_ADDR);
	srv_cp(PPP_IPCP, PPP_CONFACK, cl.ppp.ipcp_req_id, nak, sizeof(nak));
	CHECK_INT(cl.phase, LG_PH_TRAFFIC);
	CHECK(cl.t_up >= cl.t_start);
	CHECK_INT(nsent, 1);

	/* the echo, answered through the session */
	n = echo_reply_of(0, reply);
	nsent = 0;
	lg_client_input(&cl, now, reply, n);
	CHECK_INT(cl.echo_answered, 1);
	CHECK_INT(cl.phase, LG_PH_HELD);
	CHECK(lg_client_settled(&cl));

	/* an LCP echo while held is answered with our magic number */
	srv_cp(PPP_LCP, 9, 3, "\xaa\xbb\xcc\xdd" "data", 8);
	CHECK(sent_cp(0, PPP_LCP, &cp));
	CHECK_INT(cp.code, 10);
	CHECK_INT(ppp_get32(cp.data), cl.ppp.magic);

	/* CCP is refused with a Protocol-Reject */
	srv_cp(PPP_CCP, PPP_CONFREQ, 1, "\x12\x06\x01\x00\x00\x40", 6);
	CHECK(sent_cp(0, PPP_LCP, &cp));
	CHECK_INT(cp.code, 8);
	CHECK_INT(ppp_get16(cp.data), PPP_CCP);

	/* held: a HELLO every 15 s, acknowledged, keeps a NAT's mapping */
	smsg_start(&m, 0, 0);		/* the ICCN acknowledged */
	smsg_send(&m);
	CHECK(cl.hello_at > now);
	CHECK_INT(lg_client_deadline(&cl), cl.hello_at);
	now = cl.hello_at;
	nsent = 0;
	lg_client_timer(&cl, now);
	CHECK_INT(nsent, 1);
	CHECK_INT(sent_ctrl(0, &h), L2TP_MT_HELLO);
	CHECK_INT(h.tunnel_id, LNS_TID);
	CHECK_INT(cl.hello_at, now + 15000);
	smsg_start(&m, 0, 0);
	smsg_send(&m);
	CHECK(l2tp_rl_idle(&cl.rl));
	CHECK_INT(cl.phase, LG_PH_HELD);
	CHECK_INT(lg_client_deadline(&cl), now + 15000);

	now += 10;
	nsent = 0;
	lg_client_stop(&cl, now);
	CHECK_INT(cl.phase, LG_PH_CLOSING);
	CHECK_INT(sent_ctrl(0, &h), L2TP_MT_STOPCCN);
	CHECK_INT(msg.tunnel_id, cl.tid);
	smsg_start(&m, 0, 0);		/* the ZLB that acknowledges it */
	smsg_send(&m);
	CHECK_INT(cl.phase, LG_PH_DONE);
	CHECK(lg_client_finished(&cl));
	CHECK_INT(cl.malformed, 0);
	CHECK_INT(lg_client_deadline(&cl), 0);
	lg_client_release(&cl);
}

static void test_loadgen_server_refusals(void)
{
	static const char fail[] = "E=691 R=0 C=00 V=3 M=bad password";
	struct smsg m;

	/* a server whose authenticator response is wrong is not believed */
	client_setup();
	bring_lcp_up_and_answer();
	server_success(false);
	CHECK_INT(cl.phase, LG_PH_FAILED);
	CHECK_INT(cl.cause, LG_AUTH_SERVER);
	lg_client_release(&cl);

	/* Failure: the user is refused, the text kept */
	client_setup();
	bring_lcp_up_and_answer();
	srv_cp(PPP_CHAP, 4, 7, fail, strlen(fail));
	CHECK_INT(cl.cause, LG_AUTH_REFUSED);
	CHECK_HAS(cl.detail, "E=691");
	CHECK_INT(cl.failed_in, LG_PH_AUTH);
	lg_client_release(&cl);

	/* the server closes the tunnel */
	client_setup();
	bring_call_up();
	smsg_start(&m, 0, L2TP_MT_STOPCCN);
	l2tp_avp_put_u16(&m.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID,
			 LNS_TID);
	l2tp_avp_put_result(&m.mb, 6, 0, "shutting down");
	smsg_send(&m);
	CHECK_INT(cl.cause, LG_STOPCCN);
	CHECK_HAS(cl.detail, "shutting down");
	lg_client_release(&cl);

	/* an LCP Terminate-Request during setup */
	client_setup();
	bring_call_up();
	srv_cp(PPP_LCP, PPP_TERMREQ, 2, NULL, 0);
	CHECK_INT(cl.cause, LG_LCP_TERMINATED);
	lg_client_release(&cl);
}

static void test_loadgen_timeouts(void)
{
	uint64_t d;
	int i;

	/* nobody answers the SCCRQ: retransmitted, then a tunnel timeout */
	client_setup();
	lg_client_start(&cl, now);
	for (i = 0; i < 100 && !lg_client_finished(&cl); i++) {
		d = lg_client_deadline(&cl);
		CHECK(d > now);
		now = d;
		lg_client_timer(&cl, now);
	}
	CHECK_INT(cl.cause, LG_TIMEOUT_TUNNEL);
	CHECK(cl.rl.stats.retransmits >= 1);
	CHECK_INT(now, 1000 + 3000);
	lg_client_release(&cl);

	/* LCP never acks: the ConfReq is resent every second until then */
	client_setup();
	bring_call_up();
	for (i = 0; i < 100 && !lg_client_finished(&cl); i++) {
		now = lg_client_deadline(&cl);
		lg_client_timer(&cl, now);
	}
	CHECK_INT(cl.cause, LG_TIMEOUT_LCP);
	lg_client_release(&cl);
}

/*
 * The StopCCN goes out at 0, 1, 3, 7, 15 and 23 s (RFC 2661 5.8: the
 * backoff's cap is no less than 8 s) and is given up at 31 s, the span
 * roamd lingers re-acknowledging it; an ack at 20 s still closes.
 */
static void test_loadgen_stopccn_patience(void)
{
	static const uint64_t at[] = { 0, 1000, 3000, 7000, 15000, 23000 };
	struct l2tp_hdr h;
	unsigned int sends = 0;
	struct smsg m;
	uint64_t t0;
	int i;

	client_setup();
	bring_call_up();
	smsg_start(&m, 0, 0);		/* the ICCN acknowledged */
	smsg_send(&m);
	cl.cfg.close_timeout_ms = 120000;
	nsent = 0;
	t0 = now;
	lg_client_stop(&cl, now);
	CHECK_INT(cl.phase, LG_PH_CLOSING);
	for (i = 0; i < 100 && !lg_client_finished(&cl); i++) {
		while (nsent && sent_ctrl(0, &h) == L2TP_MT_STOPCCN) {
			CHECK(sends < ARRAY_SIZE(at));
			if (sends < ARRAY_SIZE(at))
				CHECK_INT(now - t0, at[sends]);
			sends++;
			nsent = 0;
		}
		now = lg_client_deadline(&cl);
		lg_client_timer(&cl, now);
	}
	CHECK_INT(sends, 6);
	CHECK_INT(cl.phase, LG_PH_FAILED);
	CHECK_INT(cl.cause, LG_TIMEOUT_CLOSE);
	CHECK_INT(cl.failed_in, LG_PH_CLOSING);
	CHECK_INT(now - t0, 31000);
	CHECK_HAS(cl.detail, "6 sends in 31000 ms, 0 datagrams heard");
	lg_client_release(&cl);

	/* a gateway that answers only at 20 s: closed, not failed */
	client_setup();
	bring_call_up();
	cl.cfg.close_timeout_ms = 120000;
	t0 = now;
	lg_client_stop(&cl, now);
	while (!lg_client_finished(&cl) &&
	       lg_client_deadline(&cl) <= t0 + 20000) {
		now = lg_client_deadline(&cl);
		lg_client_timer(&cl, now);
	}
	CHECK_INT(cl.phase, LG_PH_CLOSING);
	now = t0 + 20000;
	smsg_start(&m, 0, 0);
	smsg_send(&m);
	CHECK_INT(cl.phase, LG_PH_DONE);
	CHECK_INT(cl.rx_closing, 1);
	lg_client_release(&cl);
}

/* Every prefix of a valid datagram, and bytes flipped: dropped, counted. */
static void test_loadgen_malformed(void)
{
	uint8_t bad[600];
	struct smsg m;
	size_t i;

	client_setup();
	lg_client_start(&cl, now);
	build_sccrp(&m);
	l2tp_hdr_set_length(m.buf, (uint16_t)m.mb.len);
	for (i = 0; i < m.mb.len; i++) {
		memcpy(bad, m.buf, i);
		lg_client_input(&cl, now, bad, i);
	}
	CHECK_INT(cl.phase, LG_PH_TUNNEL);
	CHECK(cl.malformed >= 12);
	/* a datagram for another tunnel */
	memcpy(bad, m.buf, m.mb.len);
	bad[5] ^= 1;
	lg_client_input(&cl, now, bad, m.mb.len);
	CHECK_INT(cl.phase, LG_PH_TUNNEL);
	lg_client_release(&cl);

	/* PPP: truncated frames and options that overrun */
	client_setup();
	bring_call_up();
	i = cl.malformed;
	srv_cp(PPP_LCP, PPP_CONFREQ, 1, "\x03\x09\xc2", 3);
	CHECK_INT(cl.malformed, i + 1);
	srv_cp(PPP_CHAP, 1, 1, "\x10\x01", 2);
	CHECK_INT(cl.malformed, i + 2);
	srv_cp(PPP_IPCP, PPP_CONFREQ, 1, "\x03\x01", 2);
	CHECK_INT(cl.malformed, i + 3);
	CHECK_INT(cl.phase, LG_PH_LCP);
	lg_client_release(&cl);
}

static void test_loadgen_icmp(void)
{
	uint8_t p[LG_ECHO_LEN + 4];
	uint16_t seq = 0;

	CHECK_INT(lg_icmp_echo_build(p, LG_ECHO_LEN - 1, 1, 2, 3, 4), 0);
	CHECK_INT(lg_icmp_echo_build(p, sizeof(p), GIVEN_ADDR, GW_ADDR, 9, 4),
		  LG_ECHO_LEN);
	CHECK_INT(lg_inet_csum(p, 20), 0);
	/* as sent it is a request, not a reply */
	CHECK_INT(lg_icmp_reply_parse(p, LG_ECHO_LEN, GIVEN_ADDR, GW_ADDR, 9,
				      &seq), LG_ICMP_NOT_REPLY);
	CHECK_INT(lg_icmp_reply_parse(p, LG_ECHO_LEN, GW_ADDR, GIVEN_ADDR, 9,
				      &seq), LG_ICMP_ADDRESS);
	p[20] = 0;
	p[22] = p[23] = 0;
	p[22] = lg_inet_csum(p + 20, LG_ECHO_LEN - 20) >> 8;
	p[23] = lg_inet_csum(p + 20, LG_ECHO_LEN - 20) & 0xff;
	CHECK_INT(lg_icmp_reply_parse(p, LG_ECHO_LEN, GIVEN_ADDR, GW_ADDR, 9,
				      &seq), LG_ICMP_OK);
	CHECK_INT(seq, 4);
	/* padding past the total length is not the packet's */
	CHECK_INT(lg_icmp_reply_parse(p, sizeof(p), GIVEN_ADDR, GW_ADDR, 9,
				      &seq), LG_ICMP_OK);
	CHECK_INT(lg_icmp_reply_parse(p, LG_ECHO_LEN, GIVEN_ADDR, GW_ADDR, 8,
				      &seq), LG_ICMP_OTHER_ECHO);
	CHECK_INT(lg_icmp_reply_parse(p, 19, GIVEN_ADDR, GW_ADDR, 9, &seq),
		  LG_ICMP_SHORT);
	CHECK_INT(lg_icmp_reply_parse(p, LG_ECHO_LEN - 1, GIVEN_ADDR, GW_ADDR,
				      9, &seq), LG_ICMP_LENGTH);
	p[30] ^= 1;
	CHECK_INT(lg_icmp_reply_parse(p, LG_ECHO_LEN, GIVEN_ADDR, GW_ADDR, 9,
				      &seq), LG_ICMP_CHECKSUM);
	p[0] = 0x44;
	CHECK_INT(lg_icmp_reply_parse(p, LG_ECHO_LEN, GIVEN_ADDR, GW_ADDR, 9,
				      &seq), LG_ICMP_NOT_V4);
	CHECK(strlen(lg_icmp_strerror(LG_ICMP_FRAGMENT)) > 0);
}

static void test_loadgen_report(void)
{
	static struct lg_client c[100];
	const struct lg_client *pc[100];
	struct lg_report r = { .mode = "l2tp", .clients = 100 };
	unsigned int i;

	memset(c, 0, sizeof(c));
	for (i = 0; i < 100; i++) {
		pc[i] = &c[i];
		c[i].t_start = 1000 + i * 10;
		c[i].t_close = 5000;
		if (i == 99) {
			c[i].phase = LG_PH_FAILED;
			c[i].cause = LG_TIMEOUT_LCP;
			c[i].failed_in = LG_PH_LCP;
			continue;
		}
		/* latencies 1..99 ms */
		c[i].t_up = c[i].t_start + i + 1;
		c[i].t_answered = c[i].t_up + 1;
		c[i].phase = LG_PH_DONE;
		c[i].t_done = 5000 + i;
	}
	CHECK_INT(lg_report_compute(&r, pc, 100), 0);
	CHECK_INT(r.up, 99);
	CHECK_INT(r.answered, 99);
	CHECK_INT(r.closed, 99);
	CHECK_INT(r.setup_failed, 1);
	CHECK_INT(r.failures[LG_TIMEOUT_LCP], 1);
	CHECK_INT((long long)r.p50_ms, 50);
	CHECK_INT((long long)r.p90_ms, 90);
	CHECK_INT((long long)r.p99_ms, 99);
	CHECK_INT((long long)r.max_ms, 99);
	/* first start 1000, last up 1000 + 980 + 98 + 1 */
	CHECK_INT((long long)(r.setup_s * 1000 + 0.5), 1079);
	CHECK_INT((long long)(r.teardown_s * 1000 + 0.5), 98);
}


void suite_loadgen(void)
{
	RUN(test_loadgen_whole_life);
	RUN(test_loadgen_server_refusals);
	RUN(test_loadgen_timeouts);
	RUN(test_loadgen_stopccn_patience);
	RUN(test_loadgen_malformed);
	RUN(test_loadgen_icmp);
	RUN(test_loadgen_report);
}
