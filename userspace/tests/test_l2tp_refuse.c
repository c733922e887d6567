// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TP LNS against a LAC that gets things wrong: datagrams through
 * another SA, malformed headers and AVPs, missing AVPs, and the limits on
 * tunnels and sessions.  Each must be dropped, or answered with the
 * StopCCN or CDN that RFC 2661 asks for, and leave the rest untouched.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "l2tp/avp.h"
#include "l2tp/crypto.h"
#include "l2tp/header.h"
#include "l2tp/l2tp.h"
#include "l2tp/msg.h"
#include "test_l2tp_peer.h"

void suite_l2tp_refuse(void);


static void wrong_binding_and_peer(void)
{
	struct l2tp_stats st;
	struct pmsg p;
	uint8_t data[16];

	lac_setup();
	lac_open_tunnel();
	lac_open_session();
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_HELLO);
	l2tp_hdr_set_length(p.buf, (uint16_t)p.mb.len);
	CHECK_INT(lac_feed(p.buf, p.mb.len, BINDING + 1), L2TP_DROP_BINDING);
	CHECK(act_logged("another IPsec SA"));
	CHECK_INT(lac_feed(p.buf, p.mb.len, 0), L2TP_DROP_BINDING);
	CHECK(!act_logged("another IPsec SA"));	/* once, then counted */
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	l2tp_hdr_put_data(data, sizeof(data), lns_tid, lns_sid);
	CHECK_INT(lac_feed(data, 10, BINDING + 1), L2TP_DROP_BINDING);
	CHECK_INT(act_count(L2TP_ACT_PPP_FRAME), 0);
	lac_addr.sin_port = htons(1702);
	CHECK_INT(lac_feed(p.buf, p.mb.len, BINDING), L2TP_DROP_PEER);
	lac_addr.sin_port = htons(1701);
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.rx_wrong_binding, 3);
	CHECK_INT(st.rx_wrong_peer, 1);
	/* State untouched: the real HELLO is still the next in order. */
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	CHECK_INT(lac_feed(data, 6, BINDING), L2TP_OK);
	CHECK_INT(lac_feed(data, 10, BINDING), L2TP_OK);
	CHECK_INT(act_count(L2TP_ACT_PPP_FRAME), 1);
	lac_teardown();
}

static void malformed_header(void)
{
	uint8_t b[32] = { 0xc8, 0x02, 0x00, 0x20 };
	struct l2tp_stats st;

	lac_setup();
	lac_open_tunnel();
	/* Truncated; Length longer, then shorter, than it is; version 3. */
	CHECK_INT(lac_feed(b, 3, BINDING), L2TP_DROP_MALFORMED);
	CHECK_INT(lac_feed(b, 20, BINDING), L2TP_DROP_MALFORMED);
	b[3] = 8;
	CHECK_INT(lac_feed(b, 20, BINDING), L2TP_DROP_MALFORMED);
	CHECK(act_logged("length field shorter than the header"));
	b[1] = 3;
	CHECK_INT(lac_feed(b, 20, BINDING), L2TP_DROP_MALFORMED);	/* v3 */
	b[1] = 2; b[3] = 12; b[4] = 0x77;
	CHECK_INT(lac_feed(b, 12, BINDING), L2TP_DROP_NO_TUNNEL);
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.rx_malformed, 4);
	CHECK_INT(st.rx_no_tunnel, 1);
	CHECK_INT(st.tunnels, 1);
	lac_teardown();
}

/* An established tunnel answers broken AVPs with StopCCN 2/err. */
static void malformed_avps_in_tunnel(void)
{
	struct pmsg p;

	lac_setup();
	lac_open_tunnel();
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_HELLO);
	l2tp_avp_put_u16(&p.mb, 0, L2TP_AVP_FIRMWARE_REV, 1);
	p.buf[p.mb.len - 7] = 5;	/* AVP length 5 */
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->result, L2TP_STOPCCN_ERROR);
	CHECK_INT(sent_msg->error, 2);
	CHECK(act_logged("AVP length below 6"));
	/* The bad message itself is acked. */
	CHECK_INT(sent_hdr.nr, lac_ns);
	lac_teardown();

	lac_setup();
	lac_open_tunnel();
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_HELLO);
	l2tp_avp_put_u16(&p.mb, 0, L2TP_AVP_FIRMWARE_REV, 1);
	p.buf[p.mb.len - 7] = 30;	/* past the end */
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->error, 2);
	lac_teardown();

	lac_setup();
	lac_open_tunnel();
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_HELLO);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, 123, 1);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->error, L2TP_ERR_UNKNOWN_AVP);
	CHECK(!memcmp(sent_msg->result_msg.p,
		      "unknown mandatory AVP: vendor 0 type 123",
		      sent_msg->result_msg.len));
	lac_teardown();

	/* Unknown message type: ignored without M, fatal with it. */
	lac_setup();
	lac_open_tunnel();
	lac_msg_start(&p, lns_tid, 0, 42);
	p.buf[12] = 0;
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	lac_msg_start(&p, lns_tid, 0, 42);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	lac_teardown();

	/* Tunnel messages out of state: FSM error. */
	lac_setup();
	lac_open_tunnel();
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_SCCCN);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_STATE);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->result, L2TP_STOPCCN_FSM);
	lac_teardown();
}

static void malformed_sccrq(void)
{
	struct l2tp_stats st;
	struct pmsg p;
	uint8_t ver[2] = { 1, 1 };

	lac_setup();
	/* No Host Name: refused, without keeping state. */
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	l2tp_avp_put(&p.mb, L2TP_AVP_M, L2TP_AVP_PROTOCOL_VERSION, "\1\0", 2);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_FRAMING_CAP, 3);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID,
			 PEER_TID);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->result, L2TP_STOPCCN_ERROR);
	CHECK_INT(sent_hdr.tunnel_id, PEER_TID);
	CHECK(act_logged("SCCRQ without the required Host Name AVP (7)"));
	/* No Assigned Tunnel ID: nobody to answer. */
	lac_ns = 0;
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	l2tp_avp_put_str(&p.mb, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "x");
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_MALFORMED);
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	/* Unknown mandatory AVP: StopCCN 2/8. */
	lac_ns = 0;
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, 77, 1);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->error, L2TP_ERR_UNKNOWN_AVP);
	/* Protocol version 1.1: result 5, error = highest we do. */
	lac_ns = 0;
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	memcpy(p.buf + 12 + 8 + 6, ver, 2);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->result, L2TP_STOPCCN_BAD_VERSION);
	CHECK_INT(sent_msg->error, 0x0100);
	/* Not an SCCRQ, or a ZLB, to tunnel 0. */
	lac_ns = 0;
	lac_msg_start(&p, 0, 0, L2TP_MT_HELLO);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_NO_TUNNEL);
	CHECK_INT(lac_feed(p.buf, 12, BINDING), L2TP_DROP_MALFORMED);
	l2tp_hdr_set_length(p.buf, 12);
	CHECK_INT(lac_feed(p.buf, 12, BINDING), L2TP_DROP_NO_TUNNEL);
	/* An unknown AVP without M is fine. */
	lac_ns = 0;
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	l2tp_avp_put_u16(&p.mb, 0, 77, 1);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_SCCRP);
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels, 1);
	CHECK_INT(st.tunnels_refused, 3);
	lac_teardown();
}

static void malformed_icrq(void)
{
	struct pmsg p;

	lac_setup();
	lac_open_tunnel();
	/* No Call Serial Number: CDN to the peer's call, tunnel lives. */
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_ICRQ);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID,
			 PEER_SID);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_CDN);
	CHECK_INT(sent_hdr.session_id, PEER_SID);
	CHECK_INT(sent_msg->result, L2TP_CDN_ERROR);
	CHECK(act_logged("ICRQ without the required Call Serial Number AVP (15)"));
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_DOWN), 0);
	/* An unknown M AVP in an ICCN ends just that call (§4.1). */
	lac_open_session();
	lac_msg_start(&p, lns_tid, lns_sid, L2TP_MT_SLI);
	l2tp_avp_put(&p.mb, L2TP_AVP_M, L2TP_AVP_ACCM, "0123456789", 10);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, 99, 0);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_CDN);
	CHECK_INT(sent_msg->error, L2TP_ERR_UNKNOWN_AVP);
	CHECK_INT(act_count(L2TP_ACT_SESSION_DEL), 1);
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_DOWN), 0);
	lac_teardown();
}

static void limits(void)
{
	struct l2tp_config cfg;
	struct pmsg p;
	int i;

	lac_cfg(&cfg);
	cfg.max_tunnels_per_peer = 1;
	cfg.max_sessions_per_tunnel = 1;
	lac_setup_with(&cfg);
	lac_open_tunnel();
	lac_open_session();
	/* A second call in the same tunnel. */
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_ICRQ);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, 5);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL, 2);
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_CDN);
	CHECK_INT(sent_msg->result, L2TP_CDN_NO_FACILITY_TEMP);
	/* A second tunnel from the same peer through the same SA. */
	lac_ns = 0;
	lac_nr = 0;
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	p.buf[p.mb.len - 9] = 0x55;	/* another Assigned Tunnel ID */
	CHECK_INT(lac_msg_send(&p), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->error, L2TP_ERR_RESOURCES);
	/* Through another SA it is another peer. */
	lac_ns = 0;
	l2tp_hdr_set_ns(p.buf, 0);
	CHECK_INT(lac_feed(p.buf, p.mb.len, BINDING + 1), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_SCCRP);
	lac_teardown();

	lac_cfg(&cfg);
	cfg.max_tunnels = 3;
	cfg.max_tunnels_per_peer = 100;
	lac_setup_with(&cfg);
	for (i = 0; i < 4; i++) {
		lac_ns = 0;
		lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
		lac_sccrq_avps(&p);
		p.buf[p.mb.len - 9] = (uint8_t)(i + 1);
		CHECK_INT(lac_msg_send(&p), i < 3 ? L2TP_OK : L2TP_DROP_REFUSED);
	}
	CHECK(act_logged("tunnel limit reached"));
	lac_teardown();
}

/* The level the busy refusal was logged at; -1: not logged. */
static int busy_logged_at(void)
{
	size_t i;

	for (i = 0; i < acts.n; i++)
		if (acts.v[i].type == L2TP_ACT_LOG &&
		    strstr((const char *)acts.v[i].data, "busy"))
			return acts.v[i].level;
	return -1;
}

/*
 * Busy (the host's admission limit): a new SCCRQ gets StopCCN result 2
 * error 4 at once, counted apart; the established tunnel and its call
 * go on; once not busy, tunnels are accepted again.
 */
static void busy(void)
{
	struct l2tp_stats st;
	struct pmsg p;

	lac_setup();
	lac_open_tunnel();
	l2tp_set_busy(lns, true);
	/* the established tunnel still takes a call */
	lac_open_session();
	lac_ns = 0;
	lac_nr = 0;
	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	p.buf[p.mb.len - 9] = 0x55;	/* another Assigned Tunnel ID */
	l2tp_hdr_set_length(p.buf, (uint16_t)p.mb.len);
	CHECK_INT(lac_feed(p.buf, p.mb.len, BINDING + 1), L2TP_DROP_REFUSED);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_msg->result, L2TP_STOPCCN_ERROR);
	CHECK_INT(sent_msg->error, L2TP_ERR_RESOURCES);
	CHECK(busy_logged_at() == L2TP_LOG_DEBUG);	/* floods: counted */
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels_busy, 1);
	CHECK_INT(st.tunnels_refused, 1);
	CHECK_INT(st.tunnels, 1);
	l2tp_set_busy(lns, false);
	l2tp_hdr_set_ns(p.buf, 0);
	CHECK_INT(lac_feed(p.buf, p.mb.len, BINDING + 1), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_SCCRP);
	lac_teardown();
}

static void config_checks(void)
{
	struct l2tp_config cfg;

	lac_cfg(&cfg);
	cfg.require_auth = true;
	CHECK(l2tp_new(&cfg) == NULL);
}

void suite_l2tp_refuse(void)
{
	RUN(wrong_binding_and_peer);
	RUN(malformed_header);
	RUN(malformed_avps_in_tunnel);
	RUN(malformed_sccrq);
	RUN(malformed_icrq);
	RUN(limits);
	RUN(busy);
	RUN(config_checks);
}
