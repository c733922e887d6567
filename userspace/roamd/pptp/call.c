// SPDX-License-Identifier: GPL-2.0
/*
 * Calls on an established control connection (RFC 2637 section 3.2, the
 * server answering as the PAC): Outgoing-Call-Request is accepted or
 * refused with the reason, Incoming-Call-Request is always refused (a
 * server never takes incoming calls), Call-Clear-Request is answered with
 * Call-Disconnect-Notify.  Set-Link-Info is counted and otherwise
 * ignored: its ACCMs describe asynchronous HDLC framing, and PPP in GRE
 * is octet-synchronous, so the kernel has nothing to do with them.
 * WAN-Error-Notify is counted and logged.
 *
 * Our call IDs are unique in the whole engine, not only on their
 * connection: the client puts our ID in the GRE key of every data packet,
 * and the kernel finds the session by that key alone.
 */
#include <stdlib.h>
#include <string.h>

#include "ctx.h"

struct pptp_call *pptp_call_by_id(struct pptp_ctx *ctx, uint16_t id)
{
	struct pptp_call *call;

	for (call = ctx->calls[id % PPTP_CALL_BUCKETS]; call;
	     call = call->hash_next)
		if (call->id == id)
			return call;
	return NULL;
}

static struct pptp_call *call_by_peer_id(struct pptp_conn *c, uint16_t id)
{
	struct pptp_call *call;

	for (call = c->calls; call; call = call->conn_next)
		if (call->peer_id == id)
			return call;
	return NULL;
}

/* A free call ID, unguessable while there are plenty; 0 if none is left. */
static uint16_t new_call_id(struct pptp_ctx *ctx)
{
	uint16_t id;
	uint32_t i;

	for (i = 0; i < 32; i++) {
		pptp_random(ctx, &id, sizeof(id));
		if (id && !pptp_call_by_id(ctx, id))
			return id;
	}
	for (i = 1; i <= 0xffff; i++)
		if (!pptp_call_by_id(ctx, (uint16_t)i))
			return (uint16_t)i;
	return 0;
}

static void refuse_ocrq(struct pptp_ctx *ctx, struct pptp_conn *c,
			const struct pptp_msg *m, uint8_t result,
			uint8_t error, const char *why)
{
	struct pptp_msg r = {
		.type = PPTP_OCRP,
		.peer_call_id = m->call_id,
		.result = result,
		.error = error,
	};

	ctx->stats.calls_refused++;
	pptp_log(ctx, PPTP_LOG_WARN,
		 "PPTP call from %s (peer call %u) refused: %s (result %u %s, error %u %s)",
		 c->peer_str, m->call_id, why, result,
		 pptp_result_name(PPTP_OCRP, result), error,
		 pptp_error_name(error));
	pptp_send(ctx, c, &r);
}

void pptp_call_ocrq(struct pptp_ctx *ctx, struct pptp_conn *c,
		    const struct pptp_msg *m)
{
	uint32_t max = ctx->cfg.max_sessions_per_tunnel;
	struct pptp_call *call;
	struct pptp_action *a;
	struct pptp_msg r;
	uint16_t id;

	if (max && c->ncalls >= max) {
		refuse_ocrq(ctx, c, m, PPTP_OCRP_GENERAL, PPTP_ERR_NO_RESOURCE,
			    max == 1 ? "the tunnel already has its one session" :
				       "the tunnel has its maximum of sessions");
		return;
	}
	if (call_by_peer_id(c, m->call_id)) {
		refuse_ocrq(ctx, c, m, PPTP_OCRP_GENERAL, PPTP_ERR_BAD_VALUE,
			    "the peer's call ID is already in use on this connection");
		return;
	}
	id = new_call_id(ctx);
	call = id ? calloc(1, sizeof(*call)) : NULL;
	if (!call) {
		refuse_ocrq(ctx, c, m, PPTP_OCRP_GENERAL, PPTP_ERR_NO_RESOURCE,
			    id ? "out of memory" : "every call ID is in use");
		return;
	}
	call->id = id;
	call->peer_id = m->call_id;
	call->peer_rx_window = m->rx_window;
	call->peer_proc_delay = m->proc_delay;
	call->conn = c;
	call->conn_next = c->calls;
	c->calls = call;
	c->ncalls++;
	call->hash_next = ctx->calls[id % PPTP_CALL_BUCKETS];
	ctx->calls[id % PPTP_CALL_BUCKETS] = call;
	ctx->ncalls++;

	r = (struct pptp_msg){
		.type = PPTP_OCRP,
		.call_id = id,
		.peer_call_id = m->call_id,
		.result = PPTP_OCRP_CONNECTED,
		.connect_speed = ctx->cfg.connect_speed,
		.rx_window = ctx->cfg.rx_window,
		.proc_delay = ctx->cfg.proc_delay,
	};
	pptp_send(ctx, c, &r);
	pptp_log(ctx, PPTP_LOG_INFO,
		 "PPTP call %u up on connection %u from %s (peer call %u, peer window %u)",
		 id, c->id, c->peer_str, m->call_id, m->rx_window);
	a = pptp_out_push(ctx, PPTP_ACT_CALL_UP, NULL, 0);
	if (!a)
		return;
	a->conn = c->id;
	a->call_id = id;
	a->peer_call_id = m->call_id;
	a->peer_rx_window = m->rx_window;
	a->peer_proc_delay = m->proc_delay;
	a->peer = c->peer;
	a->local = c->local;
}

void pptp_call_icrq(struct pptp_ctx *ctx, struct pptp_conn *c,
		    const struct pptp_msg *m)
{
	struct pptp_msg r = {
		.type = PPTP_ICRP,
		.peer_call_id = m->call_id,
		.result = PPTP_ICRP_DO_NOT_ACCEPT,
	};

	ctx->stats.calls_refused++;
	pptp_log(ctx, PPTP_LOG_WARN,
		 "PPTP from %s: Incoming-Call-Request refused (result %u %s): a server places no incoming calls",
		 c->peer_str, PPTP_ICRP_DO_NOT_ACCEPT,
		 pptp_result_name(PPTP_ICRP, PPTP_ICRP_DO_NOT_ACCEPT));
	pptp_send(ctx, c, &r);
}

/* Call-Clear-Request names the call by the client's own ID. */
void pptp_call_ccrq(struct pptp_ctx *ctx, struct pptp_conn *c,
		    const struct pptp_msg *m)
{
	struct pptp_call *call = call_by_peer_id(c, m->call_id);

	if (!call) {
		ctx->stats.rx_unexpected++;
		pptp_log(ctx, PPTP_LOG_DEBUG,
			 "PPTP from %s: Call-Clear-Request for unknown peer call %u",
			 c->peer_str, m->call_id);
		return;
	}
	pptp_call_end(ctx, call, PPTP_WHY_PEER_CLEAR, PPTP_CDN_REQUEST, 0);
}

/* A CDN from the client (the PAC's message) names its own ID too. */
void pptp_call_cdn(struct pptp_ctx *ctx, struct pptp_conn *c,
		   const struct pptp_msg *m)
{
	struct pptp_call *call = call_by_peer_id(c, m->call_id);

	if (!call) {
		ctx->stats.rx_unexpected++;
		return;
	}
	pptp_log(ctx, PPTP_LOG_INFO,
		 "PPTP call %u: the peer disconnected it (result %u %s, error %u %s, cause %u)",
		 call->id, m->result, pptp_result_name(PPTP_CDN, m->result),
		 m->error, pptp_error_name(m->error), m->cause);
	pptp_call_end(ctx, call, PPTP_WHY_PEER_CDN, 0, 0);
}

/* Set-Link-Info and WAN-Error-Notify name the call by the receiver's ID. */
static struct pptp_call *call_of(struct pptp_ctx *ctx, struct pptp_conn *c,
				 uint16_t id)
{
	struct pptp_call *call = pptp_call_by_id(ctx, id);

	return call && call->conn == c ? call : NULL;
}

void pptp_call_sli(struct pptp_ctx *ctx, struct pptp_conn *c,
		   const struct pptp_msg *m)
{
	ctx->stats.set_link_info++;
	pptp_log(ctx, PPTP_LOG_DEBUG,
		 "PPTP call %u%s: Set-Link-Info send ACCM 0x%08x receive ACCM 0x%08x (not used in GRE)",
		 m->peer_call_id,
		 call_of(ctx, c, m->peer_call_id) ? "" : " (unknown)",
		 m->send_accm, m->recv_accm);
}

void pptp_call_wen(struct pptp_ctx *ctx, struct pptp_conn *c,
		   const struct pptp_msg *m)
{
	ctx->stats.wan_errors++;
	pptp_log(ctx, PPTP_LOG_INFO,
		 "PPTP call %u%s: WAN-Error-Notify crc %u framing %u hardware overrun %u buffer overrun %u time-out %u alignment %u",
		 m->peer_call_id,
		 call_of(ctx, c, m->peer_call_id) ? "" : " (unknown)",
		 m->wan.crc, m->wan.framing, m->wan.hw_overrun,
		 m->wan.buf_overrun, m->wan.timeout, m->wan.alignment);
}

static void unlink_call(struct pptp_ctx *ctx, struct pptp_call *call)
{
	struct pptp_conn *c = call->conn;
	struct pptp_call **pp;

	for (pp = &c->calls; *pp; pp = &(*pp)->conn_next)
		if (*pp == call) {
			*pp = call->conn_next;
			break;
		}
	for (pp = &ctx->calls[call->id % PPTP_CALL_BUCKETS]; *pp;
	     pp = &(*pp)->hash_next)
		if (*pp == call) {
			*pp = call->hash_next;
			break;
		}
	c->ncalls--;
	ctx->ncalls--;
	if (!c->ncalls)
		c->idle_since = ctx->now;
}

void pptp_call_end(struct pptp_ctx *ctx, struct pptp_call *call,
		   enum pptp_why why, uint8_t result, uint16_t cause)
{
	struct pptp_conn *c = call->conn;
	struct pptp_action *a;
	struct pptp_msg r = {
		.type = PPTP_CDN,
		.call_id = call->id,
		.result = result,
		.cause = cause,
	};

	if (result)
		pptp_send(ctx, c, &r);
	pptp_log(ctx, PPTP_LOG_INFO, "PPTP call %u from %s down: %s",
		 call->id, c->peer_str, pptp_why_name(why));
	a = pptp_out_push(ctx, PPTP_ACT_CALL_DOWN, NULL, 0);
	if (a) {
		a->conn = c->id;
		a->call_id = call->id;
		a->peer_call_id = call->peer_id;
		a->why = why;
	}
	unlink_call(ctx, call);
	free(call);
}

void pptp_call_end_all(struct pptp_ctx *ctx, struct pptp_conn *c,
		       enum pptp_why why, uint8_t result, uint16_t cause)
{
	while (c->calls)
		pptp_call_end(ctx, c->calls, why, result, cause);
}
