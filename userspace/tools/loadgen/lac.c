// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TP side of a simulated client (an LAC dialling one call, as
 * Windows does): SCCRQ, SCCCN and ICRQ, ICCN, then PPP frames in data
 * messages; a StopCCN to close.  Reliable delivery is roamd's own
 * (l2tp/reliable.c), messages are built and read with roamd's codecs.
 * The phase timeouts and the failure bookkeeping live here too: this is
 * the client's outer layer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "l2tp/avp.h"
#include "l2tp/header.h"
#include "l2tp/msg.h"
#include "l2tp/proto.h"

/*
 * A Windows client's control channel: RFC 2661's defaults (5.8: a first
 * timeout of 1 s, 5 retransmissions, and a cap on the backoff that "MUST
 * be no less than 8 seconds").  With the cap at 8 s a message is sent at
 * 0, 1, 3, 7, 15 and 23 s and given up at 31 s: the span roamd lingers
 * after acknowledging a StopCCN (l2tp.c), re-acknowledging every copy.
 * A shorter cap gave up at 19 s, before a gateway busy with many
 * teardowns at once had answered the last StopCCNs.
 */
static const struct l2tp_rl_params lac_rl_params = {
	.rtx_initial_ms = 1000,
	.rtx_max_ms = 8000,
	.max_retries = 5,
	.ack_delay_ms = 100,
	.our_rws = 8,
};

static const char *const cause_names[LG_CAUSE_MAX] = {
	[LG_OK] = "ok",
	[LG_TIMEOUT_TUNNEL] = "timeout_tunnel",
	[LG_TIMEOUT_CALL] = "timeout_call",
	[LG_TIMEOUT_LCP] = "timeout_lcp",
	[LG_TIMEOUT_AUTH] = "timeout_auth",
	[LG_TIMEOUT_IPCP] = "timeout_ipcp",
	[LG_TIMEOUT_TRAFFIC] = "timeout_traffic",
	[LG_TIMEOUT_CLOSE] = "timeout_close",
	[LG_RTX_EXHAUSTED] = "control_unacknowledged",
	[LG_STOPCCN] = "server_stopccn",
	[LG_CDN] = "server_cdn",
	[LG_AUTH_REFUSED] = "auth_refused",
	[LG_AUTH_SERVER] = "auth_server_unproven",
	[LG_AUTH_UNSUPPORTED] = "auth_unsupported",
	[LG_LCP_TERMINATED] = "lcp_terminated",
	[LG_IPCP_REFUSED] = "ipcp_refused",
	[LG_TIMEOUT_IKE] = "timeout_ike",
	[LG_IKE_REFUSED] = "ike_refused",
	[LG_IKE_DELETED] = "ike_server_delete",
	[LG_ESP_INSTALL] = "esp_install",
	[LG_SEND_ERROR] = "send_error",
	[LG_INTERNAL] = "internal",
};

static const char *const phase_names[] = {
	[LG_PH_IDLE] = "idle",
	[LG_PH_IKE] = "ike",
	[LG_PH_TUNNEL] = "tunnel",
	[LG_PH_CALL] = "call",
	[LG_PH_LCP] = "lcp",
	[LG_PH_AUTH] = "auth",
	[LG_PH_IPCP] = "ipcp",
	[LG_PH_TRAFFIC] = "traffic",
	[LG_PH_HELD] = "held",
	[LG_PH_CLOSING] = "closing",
	[LG_PH_DONE] = "done",
	[LG_PH_FAILED] = "failed",
};

const char *lg_cause_name(enum lg_cause c)
{
	return c < LG_CAUSE_MAX ? cause_names[c] : "?";
}

const char *lg_phase_name(enum lg_phase p)
{
	return p <= LG_PH_FAILED ? phase_names[p] : "?";
}

/* What a phase's timeout means. */
static enum lg_cause timeout_cause(enum lg_phase p)
{
	switch (p) {
	case LG_PH_IKE:
		return LG_TIMEOUT_IKE;
	case LG_PH_TUNNEL:
		return LG_TIMEOUT_TUNNEL;
	case LG_PH_CALL:
		return LG_TIMEOUT_CALL;
	case LG_PH_LCP:
		return LG_TIMEOUT_LCP;
	case LG_PH_AUTH:
		return LG_TIMEOUT_AUTH;
	case LG_PH_IPCP:
		return LG_TIMEOUT_IPCP;
	case LG_PH_TRAFFIC:
		return LG_TIMEOUT_TRAFFIC;
	case LG_PH_CLOSING:
		return LG_TIMEOUT_CLOSE;
	default:
		return LG_INTERNAL;
	}
}

static void rl_xmit(void *arg, const uint8_t *buf, size_t len)
{
	struct lg_client *c = arg;

	c->xmit(c->xmit_arg, buf, len);
}

void lg_client_init(struct lg_client *c, unsigned int index,
		    const struct lg_client_cfg *cfg, lg_xmit_fn xmit,
		    void *arg)
{
	memset(c, 0, sizeof(*c));
	c->index = index;
	c->cfg = *cfg;
	c->xmit = xmit;
	c->xmit_arg = arg;
	/* each client has a socket of its own: its ids need not differ */
	c->tid = (uint16_t)(1 + index % 65535);
	c->sid = 1;
	l2tp_rl_init(&c->rl, &lac_rl_params, rl_xmit, c);
	/* the server's first message (its SCCRP) carries Ns 0 */
	l2tp_rl_expect(&c->rl, 0);
}

void lg_client_release(struct lg_client *c)
{
	l2tp_rl_release(&c->rl);
}

void lg_enter(struct lg_client *c, uint64_t now, enum lg_phase phase)
{
	c->phase = phase;
	switch (phase) {
	case LG_PH_CLOSING:
		c->phase_deadline = now + c->cfg.close_timeout_ms;
		break;
	case LG_PH_HELD:
		c->phase_deadline = 0;
		c->hello_at = c->cfg.hello_ms ? now + c->cfg.hello_ms : 0;
		break;
	case LG_PH_DONE:
	case LG_PH_FAILED:
		c->phase_deadline = 0;
		break;
	default:
		c->phase_deadline = now + c->cfg.phase_timeout_ms;
	}
}

void lg_fail(struct lg_client *c, uint64_t now, enum lg_cause cause,
	     const char *detail)
{
	if (lg_client_finished(c))
		return;
	c->cause = cause;
	c->failed_in = c->phase;
	snprintf(c->detail, sizeof(c->detail), "%s%s%.80s",
		 lg_phase_name(c->phase), detail ? ": " : "",
		 detail ? detail : "");
	c->t_done = now;
	c->ppp.restart_at = 0;
	/*
	 * The server learns nothing more: it times the tunnel out, as it
	 * would a client that vanished (a failed client has no timers).
	 */
	lg_enter(c, now, LG_PH_FAILED);
}

/* A control message under construction, header first. */
struct lac_msg {
	uint8_t buf[512];
	struct l2tp_mbuf mb;
};

static void msg_start(struct lac_msg *m, uint16_t tid, uint16_t sid,
		      uint16_t type)
{
	l2tp_mbuf_init(&m->mb, m->buf, sizeof(m->buf));
	/* Ns and Nr are the reliable layer's to fill */
	l2tp_hdr_put_control(m->buf, sizeof(m->buf), tid, sid, 0, 0);
	m->mb.len = L2TP_CTRL_HDR_LEN;
	l2tp_avp_put_u16(&m->mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE, type);
}

static void msg_send(struct lg_client *c, uint64_t now, struct lac_msg *m)
{
	if (m->mb.overflow) {
		lg_fail(c, now, LG_INTERNAL, "control message too long");
		return;
	}
	l2tp_hdr_set_length(m->buf, (uint16_t)m->mb.len);
	if (l2tp_rl_send(&c->rl, now, m->buf, m->mb.len))
		lg_fail(c, now, LG_INTERNAL, "control queue full");
}

void lg_client_start(struct lg_client *c, uint64_t now)
{
	static const uint8_t ver[2] = { L2TP_PROTO_VERSION,
					L2TP_PROTO_REVISION };
	struct lac_msg m;

	c->t_start = now;
	lg_enter(c, now, LG_PH_TUNNEL);
	msg_start(&m, 0, 0, L2TP_MT_SCCRQ);
	l2tp_avp_put(&m.mb, L2TP_AVP_M, L2TP_AVP_PROTOCOL_VERSION, ver, 2);
	l2tp_avp_put_u32(&m.mb, L2TP_AVP_M, L2TP_AVP_FRAMING_CAP,
			 L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	l2tp_avp_put_u32(&m.mb, L2TP_AVP_M, L2TP_AVP_BEARER_CAP, 0);
	l2tp_avp_put_u16(&m.mb, 0, L2TP_AVP_FIRMWARE_REV, 0x0601);
	l2tp_avp_put_str(&m.mb, L2TP_AVP_M, L2TP_AVP_HOST_NAME,
			 "roam-loadgen");
	l2tp_avp_put_str(&m.mb, 0, L2TP_AVP_VENDOR_NAME, "roam");
	l2tp_avp_put_u16(&m.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID,
			 c->tid);
	l2tp_avp_put_u16(&m.mb, L2TP_AVP_M, L2TP_AVP_RECV_WINDOW_SIZE,
			 lac_rl_params.our_rws);
	msg_send(c, now, &m);
}

/* SCCRP: the tunnel is ours; confirm it and place the call at once. */
static void on_sccrp(struct lg_client *c, uint64_t now,
		     const struct l2tp_msg *msg)
{
	struct lac_msg m;

	if (c->phase != LG_PH_TUNNEL)
		return;
	if (L2TP_MSG_HAS(msg, L2TP_AVP_CHALLENGE)) {
		lg_fail(c, now, LG_STOPCCN,
			"the server asks for tunnel authentication (no secret)");
		return;
	}
	c->lns_tid = msg->tunnel_id;
	c->rl.peer_tid = c->lns_tid;
	if (L2TP_MSG_HAS(msg, L2TP_AVP_RECV_WINDOW_SIZE) && msg->rws)
		c->rl.peer_rws = msg->rws;
	msg_start(&m, c->lns_tid, 0, L2TP_MT_SCCCN);
	msg_send(c, now, &m);
	if (lg_client_finished(c))
		return;
	lg_enter(c, now, LG_PH_CALL);
	msg_start(&m, c->lns_tid, 0, L2TP_MT_ICRQ);
	l2tp_avp_put_u16(&m.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID,
			 c->sid);
	l2tp_avp_put_u32(&m.mb, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL,
			 c->index + 1);
	l2tp_avp_put_u32(&m.mb, L2TP_AVP_M, L2TP_AVP_BEARER_TYPE, 0);
	msg_send(c, now, &m);
}

/* ICRP: the call is accepted; connect it and start PPP. */
static void on_icrp(struct lg_client *c, uint64_t now,
		    const struct l2tp_msg *msg)
{
	struct lac_msg m;

	if (c->phase != LG_PH_CALL)
		return;
	c->lns_sid = msg->session_id;
	msg_start(&m, c->lns_tid, c->lns_sid, L2TP_MT_ICCN);
	l2tp_avp_put_u32(&m.mb, L2TP_AVP_M, L2TP_AVP_TX_CONNECT_SPEED,
			 100000000);
	l2tp_avp_put_u32(&m.mb, L2TP_AVP_M, L2TP_AVP_FRAMING_TYPE,
			 L2TP_FRAMING_SYNC);
	msg_send(c, now, &m);
	if (lg_client_finished(c))
		return;
	lg_enter(c, now, LG_PH_LCP);
	lg_ppp_start(c, now);
}

/* What the server said when it closed: result/error and its text. */
static void closed_by_server(struct lg_client *c, uint64_t now,
			     enum lg_cause cause, const struct l2tp_msg *msg)
{
	char text[64], detail[96];

	if (c->phase == LG_PH_CLOSING) {
		/* it closed too: as good as the ack we were waiting for */
		c->t_done = now;
		lg_enter(c, now, LG_PH_DONE);
		return;
	}
	l2tp_bytes_to_str(&msg->result_msg, text, sizeof(text));
	snprintf(detail, sizeof(detail), "%s result %u error %u%s%s",
		 l2tp_msg_type_name(msg->type), msg->result, msg->error,
		 text[0] ? " " : "", text);
	lg_fail(c, now, cause, detail);
}

static void control_input(struct lg_client *c, uint64_t now,
			  const uint8_t *buf, size_t len)
{
	struct l2tp_msg_err err;
	struct l2tp_msg msg;
	struct l2tp_hdr h;

	if (l2tp_hdr_parse(buf, len, &h) != L2TP_HDR_OK || !h.control ||
	    h.msg_len == h.hdr_len) {
		c->malformed++;
		return;
	}
	if (l2tp_msg_parse(buf + h.hdr_len, h.msg_len - h.hdr_len, NULL, 0,
			   &msg, &err)) {
		/* acked by the reliable layer already; its content is lost */
		c->malformed++;
		return;
	}
	switch (msg.type) {
	case L2TP_MT_SCCRP:
		on_sccrp(c, now, &msg);
		break;
	case L2TP_MT_ICRP:
		on_icrp(c, now, &msg);
		break;
	case L2TP_MT_STOPCCN:
		closed_by_server(c, now, LG_STOPCCN, &msg);
		break;
	case L2TP_MT_CDN:
		closed_by_server(c, now, LG_CDN, &msg);
		break;
	default:
		/* HELLO and the rest: the reliable layer's ack is enough */
		break;
	}
}

void lg_client_input(struct lg_client *c, uint64_t now, const uint8_t *buf,
		     size_t len)
{
	enum l2tp_rl_verdict v;
	struct l2tp_rl_msg *q;
	struct l2tp_hdr h;
	bool bad_nr;

	if (c->phase == LG_PH_IDLE || lg_client_finished(c))
		return;
	if (c->phase == LG_PH_CLOSING)
		c->rx_closing++;
	if (l2tp_hdr_parse(buf, len, &h) != L2TP_HDR_OK ||
	    h.tunnel_id != c->tid) {
		c->malformed++;
		return;
	}
	if (!h.control) {
		if (h.session_id != c->sid || h.msg_len <= h.hdr_len) {
			c->malformed++;
			return;
		}
		lg_ppp_input(c, now, buf + h.hdr_len, h.msg_len - h.hdr_len);
		return;
	}
	v = l2tp_rl_input(&c->rl, now, h.ns, h.nr, h.msg_len == h.hdr_len,
			  buf, h.msg_len, &bad_nr);
	if (c->phase == LG_PH_CLOSING && l2tp_rl_idle(&c->rl)) {
		/* the StopCCN is acknowledged: the tunnel is gone */
		c->t_done = now;
		lg_enter(c, now, LG_PH_DONE);
		return;
	}
	if (v != L2TP_RL_DELIVER)
		return;
	control_input(c, now, buf, h.msg_len);
	while (!lg_client_finished(c) && (q = l2tp_rl_pop_ready(&c->rl, now))) {
		control_input(c, now, q->buf, q->len);
		free(q);
	}
}

void lg_send_ppp(struct lg_client *c, const uint8_t *frame, size_t len)
{
	uint8_t buf[1600];
	size_t h;

	h = l2tp_hdr_put_data(buf, sizeof(buf), c->lns_tid, c->lns_sid);
	if (!h || len > sizeof(buf) - h)
		return;
	memcpy(buf + h, frame, len);
	c->xmit(c->xmit_arg, buf, h + len);
}

/*
 * A held client's keepalive, as a LAC's HELLO (RFC 2661 6.5): traffic
 * both ways on its UDP flow, so that a NAT in front keeps the mapping.
 * Without it a flow idle longer than the NAT's UDP timeout (30 s in
 * Linux for a flow whose packets all fell in its first 2 s) loses its
 * port; a packet of the gateway's then takes that port on the NAT, the
 * StopCCN leaves from another one, and the LNS drops it as a stranger's.
 */
static void send_hello(struct lg_client *c, uint64_t now)
{
	struct lac_msg m;

	c->hello_at = now + c->cfg.hello_ms;
	if (!l2tp_rl_idle(&c->rl))
		return;		/* what is in flight probes already */
	msg_start(&m, c->lns_tid, 0, L2TP_MT_HELLO);
	msg_send(c, now, &m);
}

void lg_client_timer(struct lg_client *c, uint64_t now)
{
	if (c->phase == LG_PH_IDLE || lg_client_finished(c))
		return;
	if (!l2tp_rl_timer(&c->rl, now)) {
		if (c->phase == LG_PH_CLOSING) {
			char detail[96];

			/* heard nothing, or heard the server without its ack */
			snprintf(detail, sizeof(detail),
				 "StopCCN unacknowledged: %u sends in %llu ms, %u datagrams heard",
				 c->rl.p.max_retries + 1,
				 (unsigned long long)(now - c->t_close),
				 c->rx_closing);
			lg_fail(c, now, LG_TIMEOUT_CLOSE, detail);
			return;
		}
		lg_fail(c, now, LG_RTX_EXHAUSTED, NULL);
		return;
	}
	if (c->phase_deadline && now >= c->phase_deadline) {
		lg_fail(c, now, timeout_cause(c->phase), "timed out");
		return;
	}
	if (c->phase == LG_PH_HELD && c->hello_at && now >= c->hello_at)
		send_hello(c, now);
	if (c->ppp.restart_at && now >= c->ppp.restart_at)
		lg_ppp_timer(c, now);
}

uint64_t lg_client_deadline(const struct lg_client *c)
{
	uint64_t d = 0, x;

	if (c->phase == LG_PH_IDLE || lg_client_finished(c))
		return 0;
	x = l2tp_rl_deadline(&c->rl);
	if (x && (!d || x < d))
		d = x;
	x = c->phase_deadline;
	if (x && (!d || x < d))
		d = x;
	x = c->ppp.restart_at;
	if (x && (!d || x < d))
		d = x;
	x = c->phase == LG_PH_HELD ? c->hello_at : 0;
	if (x && (!d || x < d))
		d = x;
	return d;
}

void lg_client_stop(struct lg_client *c, uint64_t now)
{
	struct lac_msg m;

	if (lg_client_finished(c) || c->phase == LG_PH_CLOSING)
		return;
	c->t_close = now;
	/* no tunnel yet: nothing of ours to close on the L2TP side */
	if (c->phase == LG_PH_IDLE || c->phase == LG_PH_IKE) {
		c->t_done = now;
		lg_enter(c, now, LG_PH_DONE);
		return;
	}
	c->ppp.restart_at = 0;
	if (c->phase == LG_PH_TUNNEL) {
		/* no tunnel id of the server's to address a StopCCN to */
		lg_fail(c, now, LG_TIMEOUT_TUNNEL, "stopped before the SCCRP");
		return;
	}
	lg_enter(c, now, LG_PH_CLOSING);
	msg_start(&m, c->lns_tid, 0, L2TP_MT_STOPCCN);
	l2tp_avp_put_u16(&m.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID,
			 c->tid);
	l2tp_avp_put_result(&m.mb, L2TP_STOPCCN_CLEAR, 0, NULL);
	msg_send(c, now, &m);
}
