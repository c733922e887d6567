// SPDX-License-Identifier: GPL-2.0
/*
 * The control connection (RFC 2637 section 3.1): the start exchange, the
 * keepalive, the idle limit and the stop exchange both ways.  Call
 * messages are passed on to call.c once the connection is established.
 *
 *	WAIT_SCCRQ --SCCRQ, accepted/SCCRP--> ESTABLISHED
 *	WAIT_SCCRQ --SCCRQ, refused/SCCRP--> (closed)
 *	ESTABLISHED --StopCCRQ/StopCCRP--> (closed)
 *	ESTABLISHED --stop, idle/CDNs, StopCCRQ--> STOPPING
 *	STOPPING --StopCCRP or stop_timeout--> (closed)
 *	any --bad input, echo timeout--> (closed, nothing sent)
 */
#include <string.h>

#include "ctx.h"

static void send_stop_reply(struct pptp_ctx *ctx, struct pptp_conn *c)
{
	struct pptp_msg r = {
		.type = PPTP_STOPCCRP,
		.result = PPTP_RESULT_OK,
	};

	pptp_send(ctx, c, &r);
}

static void send_sccrp(struct pptp_ctx *ctx, struct pptp_conn *c,
		       uint8_t result, uint8_t error)
{
	uint32_t chans = ctx->cfg.max_sessions_per_tunnel;
	struct pptp_msg r = {
		.type = PPTP_SCCRP,
		.proto_ver = PPTP_VERSION,
		.result = result,
		.error = error,
		/* GRE carries either framing and either bearer alike. */
		.framing_cap = PPTP_FRAMING_ASYNC | PPTP_FRAMING_SYNC,
		.bearer_cap = PPTP_BEARER_ANALOG | PPTP_BEARER_DIGITAL,
		.max_channels = !chans || chans > 0xffff ? 0xffff : chans,
		.firmware_rev = ctx->cfg.firmware_rev,
	};

	memcpy(r.host_name, ctx->host_name, sizeof(r.host_name));
	memcpy(r.vendor, ctx->vendor_name, sizeof(r.vendor));
	pptp_send(ctx, c, &r);
}

static void got_sccrq(struct pptp_ctx *ctx, struct pptp_conn *c,
		      const struct pptp_msg *m)
{
	if (m->proto_ver != PPTP_VERSION) {
		ctx->stats.tunnels_refused++;
		pptp_log(ctx, PPTP_LOG_WARN,
			 "PPTP from %s refused: protocol version %u.%u, we speak 1.0 (result %u, %s)",
			 c->peer_str, m->proto_ver >> 8, m->proto_ver & 0xff,
			 PPTP_SCCRP_VERSION,
			 pptp_result_name(PPTP_SCCRP, PPTP_SCCRP_VERSION));
		send_sccrp(ctx, c, PPTP_SCCRP_VERSION, PPTP_ERR_NONE);
		pptp_conn_bury(ctx, c, PPTP_WHY_PROTOCOL, true);
		return;
	}
	if (ctx->cfg.max_tunnels && ctx->ntunnels >= ctx->cfg.max_tunnels) {
		ctx->stats.tunnels_refused++;
		pptp_log(ctx, PPTP_LOG_WARN,
			 "PPTP from %s refused: %u tunnels open, the limit is %u (result %u general error, error %u %s)",
			 c->peer_str, ctx->ntunnels, ctx->cfg.max_tunnels,
			 PPTP_SCCRP_GENERAL, PPTP_ERR_NO_RESOURCE,
			 pptp_error_name(PPTP_ERR_NO_RESOURCE));
		send_sccrp(ctx, c, PPTP_SCCRP_GENERAL, PPTP_ERR_NO_RESOURCE);
		pptp_conn_bury(ctx, c, PPTP_WHY_PROTOCOL, true);
		return;
	}
	c->state = PPTP_CONN_ESTABLISHED;
	c->idle_since = ctx->now;
	ctx->ntunnels++;
	send_sccrp(ctx, c, PPTP_SCCRP_OK, PPTP_ERR_NONE);
	pptp_log(ctx, PPTP_LOG_INFO,
		 "PPTP control connection %u from %s: host \"%s\" vendor \"%s\" firmware 0x%04x",
		 c->id, c->peer_str, m->host_name, m->vendor,
		 m->firmware_rev);
}

static void got_echo_request(struct pptp_ctx *ctx, struct pptp_conn *c,
			     const struct pptp_msg *m)
{
	struct pptp_msg r = {
		.type = PPTP_ECHORP,
		.echo_id = m->echo_id,
		.result = PPTP_RESULT_OK,
	};

	pptp_send(ctx, c, &r);
}

static void unexpected(struct pptp_ctx *ctx, struct pptp_conn *c,
		       const struct pptp_msg *m)
{
	ctx->stats.rx_unexpected++;
	pptp_log(ctx, PPTP_LOG_DEBUG, "PPTP from %s: %s ignored here",
		 c->peer_str, pptp_ctrl_type_name(m->type));
}

static void input_wait_sccrq(struct pptp_ctx *ctx, struct pptp_conn *c,
			     const struct pptp_msg *m)
{
	switch (m->type) {
	case PPTP_SCCRQ:
		got_sccrq(ctx, c, m);
		break;
	case PPTP_STOPCCRQ:
		send_stop_reply(ctx, c);
		pptp_conn_bury(ctx, c, PPTP_WHY_PEER_STOP, true);
		break;
	default:
		ctx->stats.rx_malformed++;
		pptp_log(ctx, PPTP_LOG_WARN,
			 "PPTP from %s: %s before Start-Control-Connection-Request; closing",
			 c->peer_str, pptp_ctrl_type_name(m->type));
		pptp_conn_bury(ctx, c, PPTP_WHY_PROTOCOL, true);
		break;
	}
}

static void input_established(struct pptp_ctx *ctx, struct pptp_conn *c,
			      const struct pptp_msg *m)
{
	switch (m->type) {
	case PPTP_STOPCCRQ:
		pptp_log(ctx, PPTP_LOG_INFO,
			 "PPTP control connection %u from %s stopped by the peer (%s)",
			 c->id, c->peer_str, pptp_stop_reason_name(m->reason));
		/* Its calls are cleared implicitly (RFC 2637 2.3). */
		pptp_call_end_all(ctx, c, PPTP_WHY_PEER_STOP, 0, 0);
		send_stop_reply(ctx, c);
		pptp_conn_bury(ctx, c, PPTP_WHY_PEER_STOP, true);
		break;
	case PPTP_ECHORQ:
		got_echo_request(ctx, c, m);
		break;
	case PPTP_ECHORP:
		break;		/* any message ended the wait */
	case PPTP_OCRQ:
		pptp_call_ocrq(ctx, c, m);
		break;
	case PPTP_ICRQ:
		pptp_call_icrq(ctx, c, m);
		break;
	case PPTP_CCRQ:
		pptp_call_ccrq(ctx, c, m);
		break;
	case PPTP_CDN:
		pptp_call_cdn(ctx, c, m);
		break;
	case PPTP_WEN:
		pptp_call_wen(ctx, c, m);
		break;
	case PPTP_SLI:
		pptp_call_sli(ctx, c, m);
		break;
	default:	/* SCCRQ again, replies to requests we never send */
		unexpected(ctx, c, m);
		break;
	}
}

static void input_stopping(struct pptp_ctx *ctx, struct pptp_conn *c,
			   const struct pptp_msg *m)
{
	switch (m->type) {
	case PPTP_STOPCCRP:
		pptp_conn_bury(ctx, c, c->stop_why, true);
		break;
	case PPTP_STOPCCRQ:	/* both sides stopped at once */
		send_stop_reply(ctx, c);
		pptp_conn_bury(ctx, c, c->stop_why, true);
		break;
	case PPTP_ECHORQ:
		got_echo_request(ctx, c, m);
		break;
	default:
		unexpected(ctx, c, m);
		break;
	}
}

void pptp_ctrl_input(struct pptp_ctx *ctx, struct pptp_conn *c,
		     const uint8_t *buf, size_t len)
{
	struct pptp_msg_err err;
	struct pptp_msg m;

	if (pptp_msg_parse(buf, len, &m, &err)) {
		ctx->stats.rx_malformed++;
		pptp_log(ctx, PPTP_LOG_WARN,
			 "PPTP from %s: %s; closing the connection",
			 c->peer_str, err.text);
		pptp_conn_bury(ctx, c, PPTP_WHY_PROTOCOL, true);
		return;
	}
	ctx->stats.rx_msgs++;
	/* Any message shows the peer is alive, not only an Echo-Reply. */
	c->last_rx = ctx->now;
	c->echo_outstanding = false;
	switch (c->state) {
	case PPTP_CONN_WAIT_SCCRQ:
		input_wait_sccrq(ctx, c, &m);
		break;
	case PPTP_CONN_ESTABLISHED:
		input_established(ctx, c, &m);
		break;
	case PPTP_CONN_STOPPING:
		input_stopping(ctx, c, &m);
		break;
	case PPTP_CONN_DEAD:
		break;
	}
	pptp_conn_rearm(ctx, c);
}

void pptp_ctrl_stop(struct pptp_ctx *ctx, struct pptp_conn *c,
		    uint8_t reason, enum pptp_why why)
{
	struct pptp_msg r = { .type = PPTP_STOPCCRQ, .reason = reason };

	switch (c->state) {
	case PPTP_CONN_WAIT_SCCRQ:
		/* No control connection yet: nothing to stop. */
		pptp_conn_bury(ctx, c, why, true);
		return;
	case PPTP_CONN_ESTABLISHED:
		break;
	case PPTP_CONN_STOPPING:
	case PPTP_CONN_DEAD:
		return;
	}
	/* RFC 2637 2.3: calls are cleared before the connection is. */
	pptp_call_end_all(ctx, c, why, PPTP_CDN_ADMIN, 0);
	pptp_send(ctx, c, &r);
	pptp_log(ctx, PPTP_LOG_INFO,
		 "PPTP control connection %u to %s: stopping (%s)", c->id,
		 c->peer_str, pptp_stop_reason_name(reason));
	c->state = PPTP_CONN_STOPPING;
	c->stop_why = why;
	c->stop_deadline = ctx->now + ctx->cfg.stop_timeout_ms;
	pptp_conn_rearm(ctx, c);
}

static uint64_t sooner(uint64_t a, uint64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

static uint32_t echo_timeout(const struct pptp_ctx *ctx)
{
	return ctx->cfg.echo_timeout_ms ? ctx->cfg.echo_timeout_ms :
					  ctx->cfg.echo_interval_ms;
}

uint64_t pptp_ctrl_deadline(const struct pptp_ctx *ctx,
			    const struct pptp_conn *c)
{
	const struct pptp_config *cfg = &ctx->cfg;
	uint64_t d = 0;

	switch (c->state) {
	case PPTP_CONN_WAIT_SCCRQ:
		return cfg->idle_ms ? c->opened_at + cfg->idle_ms : 0;
	case PPTP_CONN_ESTABLISHED:
		if (c->echo_outstanding)
			d = c->echo_sent + echo_timeout(ctx);
		else if (cfg->echo_interval_ms)
			d = c->last_rx + cfg->echo_interval_ms;
		if (!c->ncalls && cfg->idle_ms)
			d = sooner(d, c->idle_since + cfg->idle_ms);
		return d;
	case PPTP_CONN_STOPPING:
		return c->stop_deadline;
	case PPTP_CONN_DEAD:
		break;
	}
	return 0;
}

static void timer_established(struct pptp_ctx *ctx, struct pptp_conn *c)
{
	const struct pptp_config *cfg = &ctx->cfg;
	uint64_t now = ctx->now;
	struct pptp_msg r = { .type = PPTP_ECHORQ };

	if (c->echo_outstanding && now >= c->echo_sent + echo_timeout(ctx)) {
		ctx->stats.echo_timeouts++;
		pptp_log(ctx, PPTP_LOG_WARN,
			 "PPTP control connection %u from %s: no Echo-Reply in %u ms, the peer is gone",
			 c->id, c->peer_str, echo_timeout(ctx));
		pptp_conn_bury(ctx, c, PPTP_WHY_ECHO_TIMEOUT, true);
		return;
	}
	if (!c->echo_outstanding && cfg->echo_interval_ms &&
	    now >= c->last_rx + cfg->echo_interval_ms) {
		pptp_random(ctx, &r.echo_id, sizeof(r.echo_id));
		c->echo_id = r.echo_id;
		c->echo_outstanding = true;
		c->echo_sent = now;
		pptp_send(ctx, c, &r);
	}
	if (!c->ncalls && cfg->idle_ms && now >= c->idle_since + cfg->idle_ms) {
		pptp_log(ctx, PPTP_LOG_INFO,
			 "PPTP control connection %u from %s: no call for %u ms",
			 c->id, c->peer_str, cfg->idle_ms);
		pptp_ctrl_stop(ctx, c, PPTP_STOP_NONE, PPTP_WHY_IDLE);
	}
}

void pptp_ctrl_timer(struct pptp_ctx *ctx, struct pptp_conn *c)
{
	switch (c->state) {
	case PPTP_CONN_WAIT_SCCRQ:
		pptp_log(ctx, PPTP_LOG_INFO,
			 "PPTP connection from %s: no Start-Control-Connection-Request in %u ms; closing",
			 c->peer_str, ctx->cfg.idle_ms);
		pptp_conn_bury(ctx, c, PPTP_WHY_IDLE, true);
		return;
	case PPTP_CONN_ESTABLISHED:
		timer_established(ctx, c);
		break;
	case PPTP_CONN_STOPPING:
		pptp_log(ctx, PPTP_LOG_INFO,
			 "PPTP control connection %u to %s: no Stop-Control-Connection-Reply; closing",
			 c->id, c->peer_str);
		pptp_conn_bury(ctx, c, c->stop_why, true);
		return;
	case PPTP_CONN_DEAD:
		return;
	}
	pptp_conn_rearm(ctx, c);
}
