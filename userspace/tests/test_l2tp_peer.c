// SPDX-License-Identifier: GPL-2.0
/*
 * A scripted LAC for the L2TP tests: it sends what xl2tpd sends (the
 * SCCRQ, SCCCN, ICRQ and ICCN of an incoming call) and reads back what
 * the LNS did.  Used by test_l2tp_fsm.c and test_l2tp_refuse.c.
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


struct l2tp_ctx *lns;
struct l2tp_actions acts;
struct sockaddr_in lac_addr;
uint64_t clock_ms;
uint16_t lns_tid, lns_sid;	/* what the LNS assigned */
uint16_t lac_ns, lac_nr;		/* the scripted LAC's sequence state */
struct l2tp_hdr sent_hdr;	/* the last act_sent(), decoded */
struct l2tp_msg *sent_msg;

static void lac_random(void *arg, void *buf, size_t len)
{
	static uint8_t n = 0x10;
	uint8_t *p = buf;

	(void)arg;
	while (len--)
		*p++ = n++;
}

void lac_cfg(struct l2tp_config *cfg)
{
	l2tp_config_defaults(cfg);
	cfg->random = lac_random;
}

void lac_setup_with(const struct l2tp_config *cfg)
{
	if (!sent_msg)
		sent_msg = malloc(sizeof(*sent_msg));
	lns = l2tp_new(cfg);
	CHECK(lns != NULL);
	l2tp_actions_init(&acts);
	memset(&lac_addr, 0, sizeof(lac_addr));
	lac_addr.sin_family = AF_INET;
	lac_addr.sin_port = htons(1701);
	lac_addr.sin_addr.s_addr = htonl(0xc0000201);
	clock_ms = 1000;
	lns_tid = lns_sid = 0;
	lac_ns = lac_nr = 0;
}

void lac_setup(void)
{
	struct l2tp_config cfg;

	lac_cfg(&cfg);
	lac_setup_with(&cfg);
}

void lac_teardown(void)
{
	l2tp_free(lns);
	l2tp_actions_free(&acts);
	lns = NULL;
	free(sent_msg);
	sent_msg = NULL;
}

void lac_msg_start(struct pmsg *p, uint16_t t, uint16_t s, uint16_t type)
{
	l2tp_mbuf_init(&p->mb, p->buf, sizeof(p->buf));
	l2tp_hdr_put_control(p->buf, sizeof(p->buf), t, s, lac_ns, lac_nr);
	p->mb.len = L2TP_CTRL_HDR_LEN;
	l2tp_avp_put_u16(&p->mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE, type);
}

enum l2tp_verdict lac_feed(const uint8_t *b, size_t len, uint64_t binding)
{
	return l2tp_input(lns, clock_ms, (struct sockaddr *)&lac_addr,
			  sizeof(lac_addr), binding, b, len, &acts);
}

/* Send the message: fix its length, and count it in our Ns. */
enum l2tp_verdict lac_msg_send(struct pmsg *p)
{
	l2tp_hdr_set_length(p->buf, (uint16_t)p->mb.len);
	lac_ns++;
	return lac_feed(p->buf, p->mb.len, BINDING);
}

void lac_sccrq_avps(struct pmsg *p)
{
	uint8_t ver[2] = { 1, 0 };

	l2tp_avp_put(&p->mb, L2TP_AVP_M, L2TP_AVP_PROTOCOL_VERSION, ver, 2);
	l2tp_avp_put_u32(&p->mb, L2TP_AVP_M, L2TP_AVP_FRAMING_CAP, 3);
	l2tp_avp_put_u32(&p->mb, L2TP_AVP_M, L2TP_AVP_BEARER_CAP, 3);
	l2tp_avp_put_u16(&p->mb, 0, L2TP_AVP_FIRMWARE_REV, 0x0690);
	l2tp_avp_put_str(&p->mb, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "laptop");
	l2tp_avp_put_str(&p->mb, 0, L2TP_AVP_VENDOR_NAME, "xelerance.com");
	l2tp_avp_put_u16(&p->mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID,
			 PEER_TID);
	l2tp_avp_put_u16(&p->mb, L2TP_AVP_M, L2TP_AVP_RECV_WINDOW_SIZE, 4);
}

int act_count(enum l2tp_action_type type)
{
	size_t i;
	int n = 0;

	for (i = 0; i < acts.n; i++)
		n += acts.v[i].type == type;
	return n;
}

const struct l2tp_action *act_nth(enum l2tp_action_type type,
					    int n)
{
	size_t i;

	for (i = 0; i < acts.n; i++)
		if (acts.v[i].type == type && !n--)
			return &acts.v[i];
	return NULL;
}

/* The n-th datagram sent, decoded; its Message Type, 0 for a ZLB. */
int act_sent(int n)
{
	const struct l2tp_action *a = act_nth(L2TP_ACT_SEND, n);
	struct l2tp_msg_err err;

	if (!a || l2tp_hdr_parse(a->data, a->len, &sent_hdr) != L2TP_HDR_OK)
		return -1;
	if (!sent_hdr.control || sent_hdr.msg_len == sent_hdr.hdr_len)
		return 0;
	if (l2tp_msg_parse(a->data + sent_hdr.hdr_len,
			   sent_hdr.msg_len - sent_hdr.hdr_len,
			   NULL, 0, sent_msg, &err))
		return -2;
	return sent_msg->type;
}

bool act_logged(const char *frag)
{
	size_t i;

	for (i = 0; i < acts.n; i++)
		if (acts.v[i].type == L2TP_ACT_LOG &&
		    strstr((const char *)acts.v[i].data, frag))
			return true;
	return false;
}

void lac_open_tunnel(void)
{
	struct pmsg p;

	lac_msg_start(&p, 0, 0, L2TP_MT_SCCRQ);
	lac_sccrq_avps(&p);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_SCCRP);
	lns_tid = sent_msg->tunnel_id;
	lac_nr = 1;
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_SCCCN);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_count(L2TP_ACT_TUNNEL_UP), 1);
}

void lac_open_session(void)
{
	struct pmsg p;

	lac_msg_start(&p, lns_tid, 0, L2TP_MT_ICRQ);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID,
			 PEER_SID);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL, 1);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_BEARER_TYPE, 0);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_ICRP);
	lns_sid = sent_msg->session_id;
	lac_nr++;
	lac_msg_start(&p, lns_tid, lns_sid, L2TP_MT_ICCN);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_TX_CONNECT_SPEED,
			 10000000);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_FRAMING_TYPE, 1);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
}
