// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TP LNS against the scripted LAC: tunnel and session establishment,
 * tunnel authentication, retransmission and keepalive timers, reordering,
 * and teardown (StopCCN, CDN) both ways.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>

#include "test.h"
#include "l2tp/avp.h"
#include "l2tp/crypto.h"
#include "l2tp/header.h"
#include "l2tp/l2tp.h"
#include "l2tp/msg.h"
#include "test_l2tp_peer.h"

void suite_l2tp_fsm(void);


static void establish(void)
{
	static const uint8_t lcp[] = { 0xff, 0x03, 0xc0, 0x21, 1, 1, 0, 4 };
	const struct l2tp_action *a;
	struct l2tp_stats st;
	uint8_t data[64];
	struct pmsg p;

	lac_setup();
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_SCCRP);
	CHECK_INT(sent_hdr.tunnel_id, PEER_TID);
	CHECK_INT(sent_hdr.ns, 0);
	CHECK_INT(sent_hdr.nr, 1);
	CHECK(sent_msg->tunnel_id != 0);
	CHECK_INT(sent_msg->proto_ver, 1);
	CHECK_INT(sent_msg->rws, 16);
	CHECK(!memcmp(sent_msg->host_name.p, "roam", 4));
	CHECK(!L2TP_MSG_HAS(sent_msg, L2TP_AVP_CHALLENGE));
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_UP), 0);
	CHECK_INT(acts.next_timer_ms, 2000);	/* retransmission */
	a = act_nth(L2TP_ACT_SEND, 0);
	CHECK_INT(a->binding, BINDING);
	CHECK_INT(a->peer_len, sizeof(lac_addr));
	CHECK(!memcmp(&a->peer, &lac_addr, sizeof(lac_addr)));
	CHECK(act_logged("host \"laptop\" vendor \"xelerance.com\""));
	lns_tid = sent_msg->tunnel_id;

	/* SCCCN acks the SCCRP; its own ack waits for the ack delay. */
	clock_ms += 50;
	lac_nr = 1;
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_SCCCN);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_UP), 1);
	CHECK_INT(act_nth(L2TP_ACT_TUNNEL_UP, 0)->tunnel_id, lns_tid);
	CHECK_INT(act_nth(L2TP_ACT_TUNNEL_UP, 0)->peer_tunnel_id, PEER_TID);
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	CHECK_INT(acts.next_timer_ms, clock_ms + 100);
	clock_ms += 100;
	l2tp_timer(lns, clock_ms, &acts);
	CHECK_INT(act_sent(0), 0);		/* ZLB */
	CHECK_INT(sent_hdr.nr, 2);
	CHECK_INT(sent_hdr.ns, 1);
	CHECK_INT(acts.next_timer_ms, 1050 + 60000);	/* HELLO */

	/* ICRQ -> ICRP with our session ID, to the peer's session. */
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_ICRQ);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID,
			 PEER_SID);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL, 1);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_BEARER_TYPE, 0);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_ICRP);
	CHECK_INT(sent_hdr.session_id, PEER_SID);
	CHECK_INT(sent_hdr.ns, 1);
	CHECK_INT(sent_hdr.nr, 3);
	lns_sid = sent_msg->session_id;
	CHECK(lns_sid != 0);
	CHECK_INT(act_count(L2TP_ACT_SESSION_ADD), 0);

	/* ICCN -> kernel session, then PPP. */
	lac_nr = 2;
	lac_msg_start(&p, lns_tid, lns_sid, L2TP_MT_ICCN);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_TX_CONNECT_SPEED,
			 10000000);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_FRAMING_TYPE, 1);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(acts.n >= 2, 1);
	a = act_nth(L2TP_ACT_SESSION_ADD, 0);
	CHECK(a && a->tunnel_id == lns_tid && a->session_id == lns_sid &&
	      a->peer_tunnel_id == PEER_TID && a->peer_session_id == PEER_SID &&
	      a->binding == BINDING && !a->seq_required);
	CHECK(act_nth(L2TP_ACT_PPP_START, 0) > a);
	CHECK(act_logged("established, 10000000 bps"));

	/* A PPP frame the kernel passed up reaches PPP. */
	l2tp_hdr_put_data(data, sizeof(data), lns_tid, lns_sid);
	memcpy(data + 6, lcp, sizeof(lcp));
	CHECK_INT(lac_feed(data, 6 + sizeof(lcp), BINDING), L2TP_OK);
	a = act_nth(L2TP_ACT_PPP_FRAME, 0);
	CHECK(a && a->len == sizeof(lcp) && !memcmp(a->data, lcp, sizeof(lcp)));
	CHECK_INT(a->session_id, lns_sid);

	/* And PPP's reply goes out with the peer's IDs. */
	CHECK_INT(l2tp_send_ppp(lns, lns_tid, lns_sid, lcp, sizeof(lcp), &acts),
		  0);
	a = act_nth(L2TP_ACT_SEND, 0);
	CHECK(a && a->len == 6 + sizeof(lcp));
	CHECK_INT(a->data[1], 2);
	CHECK_INT(a->data[3], PEER_TID & 0xff);
	CHECK_INT(a->data[5], PEER_SID);
	CHECK(!memcmp(a->data + 6, lcp, sizeof(lcp)));
	CHECK_INT(l2tp_send_ppp(lns, lns_tid, lns_sid + 1, lcp, sizeof(lcp),
				&acts), -1);

	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels, 1);
	CHECK_INT(st.sessions, 1);
	lac_teardown();
}

static void tunnel_auth(void)
{
	static const uint8_t secret[] = "roam-secret";
	uint8_t chal[16], resp[16];
	struct l2tp_config cfg;
	struct pmsg p;
	int i;

	lac_cfg(&cfg);
	cfg.secret = secret;
	cfg.secret_len = sizeof(secret) - 1;
	cfg.require_auth = true;
	lac_setup_with(&cfg);
	for (i = 0; i < 16; i++)
		chal[i] = (uint8_t)(0xa0 + i);
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	l2tp_avp_put(&p.mb, L2TP_AVP_M, L2TP_AVP_CHALLENGE, chal, 16);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_SCCRP);
	lns_tid = sent_msg->tunnel_id;
	/* Our answer to the LAC's challenge: MD5(2, secret, challenge). */
	CHECK(sent_msg->challenge_resp && sent_msg->challenge_resp[0] == 0xe5 &&
	      sent_msg->challenge_resp[15] == 0xbc);
	CHECK(sent_msg->challenge.len == 16);
	memcpy(chal, sent_msg->challenge.p, 16);

	/* A wrong response to ours: StopCCN, not authorized. */
	lac_nr = 1;
	memset(resp, 0, sizeof(resp));
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_SCCCN);
	l2tp_avp_put(&p.mb, L2TP_AVP_M, L2TP_AVP_CHALLENGE_RESPONSE, resp, 16);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->result, L2TP_STOPCCN_NOT_AUTHORIZED);
	CHECK(act_logged("wrong Challenge Response"));
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_UP), 0);
	lac_teardown();

	/* The right one: MD5(3, secret, our challenge). */
	lac_setup_with(&cfg);
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_SCCRP);
	CHECK(sent_msg->challenge_resp == NULL);
	lns_tid = sent_msg->tunnel_id;
	memcpy(chal, sent_msg->challenge.p, 16);
	CHECK_INT(l2tp_challenge_response(3, secret, sizeof(secret) - 1,
					  chal, 16, resp), 0);
	lac_nr = 1;
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_SCCCN);
	l2tp_avp_put(&p.mb, L2TP_AVP_M, L2TP_AVP_CHALLENGE_RESPONSE, resp, 16);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_UP), 1);
	lac_teardown();

	/* A LAC that asks to authenticate a secretless LNS is refused. */
	lac_setup();
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	l2tp_avp_put(&p.mb, L2TP_AVP_M, L2TP_AVP_CHALLENGE, chal, 16);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->result, L2TP_STOPCCN_NOT_AUTHORIZED);
	CHECK_INT(sent_hdr.tunnel_id, PEER_TID);
	CHECK_INT(sent_hdr.nr, 1);
	lac_teardown();
}

static void retransmit_then_give_up(void)
{
	static const uint64_t when[] = { 2000, 4000, 8000, 16000, 24000 };
	struct l2tp_stats st;
	struct pmsg p;
	unsigned int i;

	lac_setup();
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	lac_msg_send(&p);
	CHECK_INT(act_sent(0), L2TP_MT_SCCRP);
	lns_tid = sent_msg->tunnel_id;
	for (i = 0; i < sizeof(when) / sizeof(when[0]); i++) {
		CHECK_INT(acts.next_timer_ms, when[i]);
		clock_ms = when[i] - 1;
		l2tp_timer(lns, clock_ms, &acts);
		CHECK_INT(act_count(L2TP_ACT_SEND), 0);
		clock_ms = when[i];
		l2tp_timer(lns, clock_ms, &acts);
		CHECK_INT(act_sent(0), L2TP_MT_SCCRP);
		CHECK_INT(sent_hdr.ns, 0);
	}
	/* A retransmitted SCCRQ meanwhile is a duplicate: re-acked. */
	lac_ns = 0;
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_sent(0), 0);
	CHECK_INT(sent_hdr.nr, 1);
	CHECK_INT(acts.next_timer_ms, 32000);
	clock_ms = 32000;
	l2tp_timer(lns, clock_ms, &acts);
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_DOWN), 1);
	CHECK(act_logged("no acknowledgement after 5 retransmissions"));
	CHECK_INT(acts.next_timer_ms, 0);
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels, 0);
	CHECK_INT(st.tunnels_timed_out, 1);
	CHECK_INT(st.retransmits, 5);
	lac_teardown();
}

static void hello_when_idle(void)
{
	struct pmsg p;

	lac_setup();
	lac_open_tunnel();
	clock_ms += 60000;
	l2tp_timer(lns, clock_ms, &acts);
	CHECK_INT(act_sent(0), L2TP_MT_HELLO);
	CHECK_INT(sent_hdr.ns, 1);
	/* The LAC acks it, then says HELLO itself; we ack after a delay. */
	lac_nr = 2;
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_HELLO);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	clock_ms = acts.next_timer_ms;
	l2tp_timer(lns, clock_ms, &acts);
	CHECK_INT(act_sent(0), 0);
	CHECK_INT(sent_hdr.nr, 3);
	lac_teardown();
}

static void reorder_and_duplicates(void)
{
	struct l2tp_stats st;
	struct pmsg hello, icrq, scccn;

	lac_setup();
	lac_open_tunnel();
	/* The SCCCN again (its ack was lost): re-acked at once. */
	lac_ns = 1;
	lac_msg_start(&scccn, lns_tid, 0, L2TP_MT_SCCCN);
	CHECK_INT(lac_msg_send(&scccn), L2TP_OK);
	CHECK_INT(act_sent(0), 0);
	CHECK_INT(sent_hdr.nr, 2);
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_UP), 0);

	/* ICRQ (Ns 3) overtakes a HELLO (Ns 2). */
	lac_ns = 3;
	lac_msg_start(&icrq, lns_tid, 0, L2TP_MT_ICRQ);
	l2tp_avp_put_u16(&icrq.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID,
			 PEER_SID);
	l2tp_avp_put_u32(&icrq.mb, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL, 9);
	CHECK_INT(lac_msg_send(&icrq), L2TP_OK);
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	lac_ns = 2;
	lac_msg_start(&hello, lns_tid, 0, L2TP_MT_HELLO);
	CHECK_INT(lac_msg_send(&hello), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_ICRP);
	CHECK_INT(sent_hdr.nr, 4);
	/* Far ahead of the window: dropped. */
	lac_ns = 40;
	lac_msg_start(&hello, lns_tid, 0, L2TP_MT_HELLO);
	CHECK_INT(lac_msg_send(&hello), L2TP_DROP_WINDOW);
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.rx_duplicate, 1);
	CHECK_INT(st.rx_out_of_order, 1);
	lac_teardown();
}

static void cdn_both_ways(void)
{
	const struct l2tp_action *a;
	struct l2tp_stats st;
	struct pmsg p;

	lac_setup();
	lac_open_tunnel();
	lac_open_session();
	CHECK_INT(act_count(L2TP_ACT_PPP_START), 1);
	/* The LAC hangs up. */
	lac_msg_start(&p, lns_tid, lns_sid, L2TP_MT_CDN);
	l2tp_avp_put_result(&p.mb, L2TP_CDN_ADMIN, 0, "user hung up");
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID,
			 PEER_SID);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	a = act_nth(L2TP_ACT_PPP_STOP, 0);
	CHECK(a && a->by_peer && a->result == L2TP_CDN_ADMIN &&
	      a->session_id == lns_sid);
	CHECK(act_nth(L2TP_ACT_SESSION_DEL, 0) > a);
	CHECK(act_logged("peer sent CDN result 3 error 0: user hung up"));
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.sessions, 0);
	/* A crossing CDN for the same call is harmless. */
	lac_msg_start(&p, lns_tid, lns_sid, L2TP_MT_CDN);
	l2tp_avp_put_result(&p.mb, L2TP_CDN_ADMIN, 0, NULL);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID,
			 PEER_SID);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_NO_SESSION);

	/* We hang up: CDN to the peer's session, naming ours. */
	lac_open_session();
	CHECK_INT(l2tp_session_close(lns, clock_ms, lns_tid, lns_sid, L2TP_CDN_ADMIN, 0,
				     &acts), 0);
	CHECK_INT(act_sent(0), L2TP_MT_CDN);
	CHECK_INT(sent_hdr.session_id, PEER_SID);
	CHECK_INT(sent_msg->session_id, lns_sid);
	CHECK_INT(sent_msg->result, L2TP_CDN_ADMIN);
	a = act_nth(L2TP_ACT_PPP_STOP, 0);
	CHECK(a && !a->by_peer);
	CHECK_INT(act_count(L2TP_ACT_SESSION_DEL), 1);
	CHECK_INT(l2tp_session_close(lns, clock_ms, lns_tid, lns_sid, 3, 0,
				     &acts), -1);
	lac_teardown();
}

static void stopccn_from_peer(void)
{
	const struct l2tp_action *a;
	uint8_t data[16];
	struct pmsg p;

	lac_setup();
	lac_open_tunnel();
	lac_open_session();
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_STOPCCN);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID,
			 PEER_TID);
	l2tp_avp_put_result(&p.mb, L2TP_STOPCCN_CLEAR, 0, NULL);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_count(L2TP_ACT_PPP_STOP), 1);
	CHECK_INT(act_count(L2TP_ACT_SESSION_DEL), 1);
	a = act_nth(L2TP_ACT_TUNNEL_DOWN, 0);
	CHECK(a && a->by_peer && a->result == L2TP_STOPCCN_CLEAR);
	CHECK(act_nth(L2TP_ACT_SESSION_DEL, 0) < a);
	/* Acked at once, and again when the StopCCN comes again. */
	CHECK_INT(act_sent(0), 0);
	CHECK_INT(sent_hdr.nr, lac_ns);
	lac_ns--;
	l2tp_hdr_set_ns(p.buf, lac_ns);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_sent(0), 0);
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_DOWN), 0);
	/* Data for the dead session goes nowhere. */
	l2tp_hdr_put_data(data, sizeof(data), lns_tid, lns_sid);
	CHECK_INT(lac_feed(data, 10, BINDING), L2TP_DROP_NO_SESSION);
	/* After the linger time the tunnel is forgotten. */
	CHECK_INT(acts.next_timer_ms, clock_ms + 31000);
	clock_ms += 31000;
	l2tp_timer(lns, clock_ms, &acts);
	CHECK_INT(acts.next_timer_ms, 0);
	CHECK_INT(lac_feed(p.buf, p.mb.len, BINDING), L2TP_DROP_NO_TUNNEL);
	lac_teardown();
}

/* A LAC that never got our SCCRP gives up with StopCCN to tunnel 0. */
static void stopccn_to_tunnel_zero(void)
{
	struct l2tp_stats st;
	struct pmsg p;

	lac_setup();
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	lac_msg_start(&p, 0, 0, L2TP_MT_STOPCCN);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID,
			 PEER_TID);
	l2tp_avp_put_result(&p.mb, L2TP_STOPCCN_CLEAR, 0, NULL);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_DOWN), 1);
	CHECK_INT(act_sent(0), 0);
	CHECK_INT(sent_hdr.nr, 2);
	clock_ms += 31000;
	l2tp_timer(lns, clock_ms, &acts);
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels, 0);
	lac_teardown();
}

static void stopccn_from_us(void)
{
	struct l2tp_stats st;
	uint8_t zlb[12];

	lac_setup();
	lac_open_tunnel();
	lac_open_session();
	CHECK_INT(l2tp_tunnel_close(lns, clock_ms, lns_tid, L2TP_STOPCCN_SHUTDOWN, 0,
				    &acts), 0);
	CHECK_INT(act_count(L2TP_ACT_PPP_STOP), 1);
	CHECK_INT(act_count(L2TP_ACT_SESSION_DEL), 1);
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_DOWN), 1);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->tunnel_id, lns_tid);
	CHECK_INT(sent_msg->result, L2TP_STOPCCN_SHUTDOWN);
	CHECK_INT(sent_hdr.tunnel_id, PEER_TID);
	/* Retransmitted until acked; the ack frees the tunnel. */
	clock_ms = acts.next_timer_ms;
	l2tp_timer(lns, clock_ms, &acts);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	l2tp_hdr_put_control(zlb, sizeof(zlb), lns_tid, 0, lac_ns,
			     (uint16_t)(sent_hdr.ns + 1));
	CHECK_INT(lac_feed(zlb, sizeof(zlb), BINDING), L2TP_OK);
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels, 0);
	CHECK_INT(st.sessions, 0);
	CHECK_INT(acts.next_timer_ms, 0);
	CHECK_INT(l2tp_tunnel_close(lns, clock_ms, lns_tid, 1, 0, &acts), -1);
	lac_teardown();

	/* Shutdown says goodbye to every tunnel. */
	lac_setup();
	lac_open_tunnel();
	l2tp_shutdown(lns, clock_ms, &acts);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->result, L2TP_STOPCCN_SHUTDOWN);
	lac_teardown();
}

/* Its IPsec SA died: sessions end, the tunnel goes, nothing is sent. */
static void path_lost(void)
{
	struct l2tp_stats st;

	lac_setup();
	lac_open_tunnel();
	lac_open_session();
	CHECK_INT(l2tp_tunnel_forget(lns, clock_ms, lns_tid, &acts), 0);
	CHECK_INT(act_count(L2TP_ACT_PPP_STOP), 1);
	CHECK_INT(act_count(L2TP_ACT_SESSION_DEL), 1);
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_DOWN), 1);
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	CHECK(act_logged("path to the peer is gone"));
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels, 0);
	CHECK_INT(st.sessions, 0);
	CHECK_INT(acts.next_timer_ms, 0);
	CHECK_INT(l2tp_tunnel_forget(lns, clock_ms, lns_tid, &acts), -1);
	lac_teardown();
}

/* Its client's NAT moved it: the host moves the tunnel, sessions follow. */
static void peer_moves(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	const struct sockaddr_in *at;
	const struct l2tp_action *a;
	struct pmsg p;

	lac_setup();
	lac_open_tunnel();
	lac_open_session();
	/* port 0: the tunnel keeps the client's L2TP port */
	to.sin_addr.s_addr = htonl(0xc0000215);
	CHECK_INT(l2tp_tunnel_move(lns, clock_ms, lns_tid,
				   (struct sockaddr *)&to, sizeof(to), &acts),
		  0);
	CHECK_INT(act_count(L2TP_ACT_PEER_MOVED), 1);
	a = act_nth(L2TP_ACT_PEER_MOVED, 0);
	CHECK(a != NULL);
	if (a) {
		at = (const struct sockaddr_in *)&a->peer;
		CHECK_INT(a->tunnel_id, lns_tid);
		CHECK_INT(a->session_id, lns_sid);
		CHECK_INT(a->peer_session_id, PEER_SID);
		CHECK_INT(a->binding, BINDING);
		CHECK_INT(ntohl(at->sin_addr.s_addr), 0xc0000215);
		CHECK_INT(ntohs(at->sin_port), 1701);
	}
	CHECK(act_logged("peer moved from 192.0.2.1:1701 to 192.0.2.21:1701"));
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	/* the old address is nobody's now */
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_HELLO);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_PEER);
	lac_ns--;
	/* the new one is the tunnel's: its HELLO is acknowledged there */
	lac_addr.sin_addr = to.sin_addr;
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_HELLO);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	clock_ms += 1000;
	l2tp_timer(lns, clock_ms, &acts);
	a = act_nth(L2TP_ACT_SEND, 0);
	CHECK(a && ((const struct sockaddr_in *)&a->peer)->sin_addr.s_addr ==
		   to.sin_addr.s_addr);
	/* no such tunnel; another family */
	CHECK_INT(l2tp_tunnel_move(lns, clock_ms, lns_tid + 1,
				   (struct sockaddr *)&to, sizeof(to), &acts),
		  -1);
	to.sin_family = AF_INET6;
	CHECK_INT(l2tp_tunnel_move(lns, clock_ms, lns_tid,
				   (struct sockaddr *)&to, sizeof(to), &acts),
		  -1);
	lac_teardown();
}

/* An SCCRQ from this peer (peer_len bytes of it); the verdict. */
static enum l2tp_verdict sccrq_from(const struct sockaddr_storage *peer,
				    socklen_t peer_len)
{
	struct pmsg p;

	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	l2tp_hdr_set_length(p.buf, (uint16_t)p.mb.len);
	return l2tp_input(lns, clock_ms, (const struct sockaddr *)peer,
			  peer_len, BINDING, p.buf, p.mb.len, &acts);
}

/*
 * A tunnel keeps its peer's address at its size: an IPv6 peer whole
 * (address, port, scope), and nothing longer.
 */
static void peer_address_at_its_size(void)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	const struct l2tp_action *a;

	lac_setup();
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(40123);
	s6->sin6_addr.s6_addr[0] = 0x20;
	s6->sin6_addr.s6_addr[1] = 0x01;
	s6->sin6_addr.s6_addr[15] = 7;
	s6->sin6_scope_id = 3;
	CHECK_INT(sccrq_from(&ss, sizeof(*s6)), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_SCCRP);
	a = act_nth(L2TP_ACT_SEND, 0);
	CHECK(a != NULL);
	if (a) {
		CHECK_INT(a->peer_len, sizeof(*s6));
		CHECK(!memcmp(&a->peer, s6, sizeof(*s6)));
	}
	/* a longer address is no UDP peer's: refused, no tunnel */
	s6->sin6_addr.s6_addr[15] = 8;
	CHECK_INT(sccrq_from(&ss, sizeof(ss)), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK(act_logged("not an IP peer"));
	lac_teardown();
}

void suite_l2tp_fsm(void)
{
	RUN(establish);
	RUN(tunnel_auth);
	RUN(retransmit_then_give_up);
	RUN(hello_when_idle);
	RUN(reorder_and_duplicates);
	RUN(cdn_both_ways);
	RUN(stopccn_from_peer);
	RUN(stopccn_to_tunnel_zero);
	RUN(stopccn_from_us);
	RUN(path_lost);
	RUN(peer_moves);
	RUN(peer_address_at_its_size);
}
