// SPDX-License-Identifier: GPL-2.0
/* Builders for the control messages an LNS sends. */
#include "avp.h"
#include "compose.h"
#include "header.h"
#include "proto.h"

/* Header with zero Ns/Nr, then the Message Type AVP that must lead. */
static void start(struct l2tp_mbuf *mb, uint8_t *buf, size_t cap,
		  uint16_t peer_tid, uint16_t peer_sid, uint16_t type)
{
	l2tp_mbuf_init(mb, buf, cap);
	if (!l2tp_hdr_put_control(buf, cap, peer_tid, peer_sid, 0, 0)) {
		mb->overflow = true;
		return;
	}
	mb->len = L2TP_CTRL_HDR_LEN;
	l2tp_avp_put_u16(mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE, type);
}

static size_t finish(struct l2tp_mbuf *mb)
{
	if (mb->overflow || mb->len > 0xffff)
		return 0;
	l2tp_hdr_set_length(mb->buf, (uint16_t)mb->len);
	return mb->len;
}

size_t l2tp_compose_sccrp(const struct l2tp_ctx *ctx, uint8_t *buf,
			  size_t cap, const struct l2tp_sccrp_args *a)
{
	uint8_t ver[2] = { L2TP_PROTO_VERSION, L2TP_PROTO_REVISION };
	struct l2tp_mbuf mb;

	start(&mb, buf, cap, a->peer_tid, 0, L2TP_MT_SCCRP);
	l2tp_avp_put(&mb, L2TP_AVP_M, L2TP_AVP_PROTOCOL_VERSION, ver, 2);
	l2tp_avp_put_u32(&mb, L2TP_AVP_M, L2TP_AVP_FRAMING_CAP,
			 L2TP_FRAMING_SYNC | L2TP_FRAMING_ASYNC);
	/* An LNS has no bearer; advertising none is what §4.4.3 allows. */
	l2tp_avp_put_u32(&mb, L2TP_AVP_M, L2TP_AVP_BEARER_CAP, 0);
	l2tp_avp_put_u16(&mb, 0, L2TP_AVP_FIRMWARE_REV,
			 ctx->cfg.firmware_rev);
	l2tp_avp_put_str(&mb, L2TP_AVP_M, L2TP_AVP_HOST_NAME, ctx->host_name);
	l2tp_avp_put_str(&mb, 0, L2TP_AVP_VENDOR_NAME, ctx->vendor_name);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, a->tid);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_RECV_WINDOW_SIZE,
			 ctx->cfg.rws);
	if (a->challenge)
		l2tp_avp_put(&mb, L2TP_AVP_M, L2TP_AVP_CHALLENGE,
			     a->challenge, 16);
	if (a->response)
		l2tp_avp_put(&mb, L2TP_AVP_M, L2TP_AVP_CHALLENGE_RESPONSE,
			     a->response, 16);
	return finish(&mb);
}

size_t l2tp_compose_stopccn(uint8_t *buf, size_t cap, uint16_t peer_tid,
			    uint16_t tid, uint16_t result, uint16_t error,
			    const char *msg)
{
	struct l2tp_mbuf mb;

	start(&mb, buf, cap, peer_tid, 0, L2TP_MT_STOPCCN);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, tid);
	l2tp_avp_put_result(&mb, result, error, msg);
	return finish(&mb);
}

size_t l2tp_compose_hello(uint8_t *buf, size_t cap, uint16_t peer_tid)
{
	struct l2tp_mbuf mb;

	start(&mb, buf, cap, peer_tid, 0, L2TP_MT_HELLO);
	return finish(&mb);
}

size_t l2tp_compose_icrp(uint8_t *buf, size_t cap, uint16_t peer_tid,
			 uint16_t peer_sid, uint16_t sid)
{
	struct l2tp_mbuf mb;

	start(&mb, buf, cap, peer_tid, peer_sid, L2TP_MT_ICRP);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, sid);
	return finish(&mb);
}

size_t l2tp_compose_cdn(uint8_t *buf, size_t cap, uint16_t peer_tid,
			uint16_t peer_sid, uint16_t sid, uint16_t result,
			uint16_t error, const char *msg)
{
	struct l2tp_mbuf mb;

	start(&mb, buf, cap, peer_tid, peer_sid, L2TP_MT_CDN);
	l2tp_avp_put_result(&mb, result, error, msg);
	l2tp_avp_put_u16(&mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, sid);
	return finish(&mb);
}
