// SPDX-License-Identifier: GPL-2.0
/*
 * The PPTP context: configuration, the connection table, timers, and the
 * entry points of pptp.h.  What a message means is ctrl.c's and call.c's
 * business; this file finds the connection, cuts its stream into
 * messages and brackets every public call with the action list.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "ctx.h"

#define conn_of_timer(t) \
	((struct pptp_conn *)((char *)(t) - offsetof(struct pptp_conn, timer)))

void pptp_config_defaults(struct pptp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->host_name = "roam";
	cfg->vendor_name = "roam";
	cfg->firmware_rev = 0x0100;
	/* The Cisco VPN 3000 defaults: no limits, window 16, delay 1. */
	cfg->rx_window = 16;
	cfg->proc_delay = 1;
	cfg->connect_speed = 100000000;
	cfg->idle_ms = 5000;
	cfg->echo_interval_ms = 60000;
	cfg->echo_timeout_ms = 60000;
	cfg->stop_timeout_ms = 10000;
}

static void copy_name(char *dst, const char *src)
{
	size_t n = src ? strnlen(src, PPTP_NAME_LEN) : 0;

	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

struct pptp_ctx *pptp_new(const struct pptp_config *cfg)
{
	struct pptp_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->cfg = *cfg;
	copy_name(ctx->host_name, cfg->host_name);
	copy_name(ctx->vendor_name, cfg->vendor_name);
	ctx->cfg.host_name = ctx->host_name;
	ctx->cfg.vendor_name = ctx->vendor_name;
	ctx->next_conn_id = 1;
	timerq_init(&ctx->timers);
	return ctx;
}

void pptp_reconfigure(struct pptp_ctx *ctx, const struct pptp_config *cfg)
{
	/* the names stay: connections already told them to their peers */
	ctx->cfg.max_tunnels = cfg->max_tunnels;
	ctx->cfg.max_sessions_per_tunnel = cfg->max_sessions_per_tunnel;
	ctx->cfg.rx_window = cfg->rx_window;
	ctx->cfg.proc_delay = cfg->proc_delay;
	ctx->cfg.connect_speed = cfg->connect_speed;
	ctx->cfg.idle_ms = cfg->idle_ms;
	ctx->cfg.echo_interval_ms = cfg->echo_interval_ms;
	ctx->cfg.echo_timeout_ms = cfg->echo_timeout_ms;
	ctx->cfg.stop_timeout_ms = cfg->stop_timeout_ms;
}

static void conn_free(struct pptp_conn *c)
{
	struct pptp_call *call;

	while ((call = c->calls)) {
		c->calls = call->conn_next;
		free(call);
	}
	free(c);
}

void pptp_free(struct pptp_ctx *ctx)
{
	struct pptp_conn *c;
	size_t i;

	if (!ctx)
		return;
	for (i = 0; i < PPTP_CONN_BUCKETS; i++)
		while ((c = ctx->conns[i])) {
			ctx->conns[i] = c->hash_next;
			conn_free(c);
		}
	while ((c = ctx->graveyard)) {
		ctx->graveyard = c->hash_next;
		conn_free(c);
	}
	timerq_free(&ctx->timers);
	free(ctx);
}

void pptp_random(struct pptp_ctx *ctx, void *buf, size_t len)
{
	if (ctx->cfg.random)
		ctx->cfg.random(ctx->cfg.random_arg, buf, len);
	else if (RAND_bytes(buf, (int)len) != 1)
		memset(buf, 0, len);	/* IDs then come from the scan */
}

struct pptp_conn *pptp_conn_by_id(struct pptp_ctx *ctx, uint32_t id)
{
	struct pptp_conn *c;

	for (c = ctx->conns[id % PPTP_CONN_BUCKETS]; c; c = c->hash_next)
		if (c->id == id)
			return c;
	return NULL;
}

static void conn_unhash(struct pptp_ctx *ctx, struct pptp_conn *c)
{
	struct pptp_conn **pp = &ctx->conns[c->id % PPTP_CONN_BUCKETS];

	while (*pp && *pp != c)
		pp = &(*pp)->hash_next;
	if (*pp)
		*pp = c->hash_next;
}

void pptp_conn_bury(struct pptp_ctx *ctx, struct pptp_conn *c,
		    enum pptp_why why, bool close_action)
{
	struct pptp_action *a;

	if (c->state == PPTP_CONN_DEAD)
		return;
	/* Calls still here go down without a CDN: the TCP is going. */
	pptp_call_end_all(ctx, c, why, 0, 0);
	if (c->state != PPTP_CONN_WAIT_SCCRQ)
		ctx->ntunnels--;
	c->state = PPTP_CONN_DEAD;
	ctx->stats.conns--;
	timerq_set(&ctx->timers, &c->timer, 0);
	conn_unhash(ctx, c);
	c->hash_next = ctx->graveyard;
	ctx->graveyard = c;
	if (close_action) {
		a = pptp_out_push(ctx, PPTP_ACT_CLOSE, NULL, 0);
		if (a) {
			a->conn = c->id;
			a->why = why;
		}
	}
}

void pptp_conn_rearm(struct pptp_ctx *ctx, struct pptp_conn *c)
{
	uint64_t d;

	if (c->state == PPTP_CONN_DEAD)
		return;
	d = pptp_ctrl_deadline(ctx, c);
	/* Never in the past: pptp_timer() must make progress. */
	if (d && d <= ctx->now)
		d = ctx->now + 1;
	timerq_set(&ctx->timers, &c->timer, d);
}

uint32_t pptp_conn_open(struct pptp_ctx *ctx, uint64_t now_ms,
			const struct sockaddr *peer, socklen_t peer_len,
			const struct sockaddr *local, socklen_t local_len,
			struct pptp_actions *out)
{
	struct pptp_conn *c;
	uint32_t id;

	pptp_out_begin(ctx, out, now_ms);
	c = calloc(1, sizeof(*c));
	if (!c) {
		pptp_out_end(ctx);
		return 0;
	}
	/* IDs are not reused soon; skip 0 and any still in use. */
	do {
		id = ctx->next_conn_id++;
	} while (!id || pptp_conn_by_id(ctx, id));
	c->id = id;
	c->state = PPTP_CONN_WAIT_SCCRQ;
	if (peer && peer_len <= sizeof(c->peer))
		memcpy(&c->peer, peer, peer_len);
	if (local && local_len <= sizeof(c->local))
		memcpy(&c->local, local, local_len);
	pptp_addr_str(&c->peer, c->peer_str, sizeof(c->peer_str));
	pptp_stream_init(&c->stream);
	c->opened_at = now_ms;
	c->last_rx = now_ms;
	c->idle_since = now_ms;
	c->hash_next = ctx->conns[id % PPTP_CONN_BUCKETS];
	ctx->conns[id % PPTP_CONN_BUCKETS] = c;
	ctx->stats.conns++;
	pptp_conn_rearm(ctx, c);
	pptp_log(ctx, PPTP_LOG_DEBUG, "PPTP connection %u from %s", id,
		 c->peer_str);
	pptp_out_end(ctx);
	return id;
}

int pptp_conn_input(struct pptp_ctx *ctx, uint64_t now_ms, uint32_t conn,
		    const uint8_t *data, size_t len, struct pptp_actions *out)
{
	const uint8_t *msg;
	struct pptp_conn *c;
	size_t msg_len;
	int ret = 0;

	pptp_out_begin(ctx, out, now_ms);
	c = pptp_conn_by_id(ctx, conn);
	if (!c) {
		ret = -1;
		goto done;
	}
	for (;;) {
		switch (pptp_stream_next(&c->stream, &data, &len, &msg,
					 &msg_len)) {
		case PPTP_STREAM_NEED:
			goto done;
		case PPTP_STREAM_ERROR:
			ctx->stats.rx_malformed++;
			pptp_log(ctx, PPTP_LOG_WARN,
				 "PPTP from %s: %s; closing the connection",
				 c->peer_str, c->stream.err.text);
			pptp_conn_bury(ctx, c, PPTP_WHY_PROTOCOL, true);
			goto done;
		case PPTP_STREAM_MSG:
			pptp_ctrl_input(ctx, c, msg, msg_len);
			if (c->state == PPTP_CONN_DEAD)
				goto done;
			break;
		}
	}
done:
	pptp_out_end(ctx);
	return ret;
}

int pptp_conn_closed(struct pptp_ctx *ctx, uint64_t now_ms, uint32_t conn,
		     struct pptp_actions *out)
{
	struct pptp_conn *c;

	pptp_out_begin(ctx, out, now_ms);
	c = pptp_conn_by_id(ctx, conn);
	if (c) {
		pptp_log(ctx, c->ncalls ? PPTP_LOG_INFO : PPTP_LOG_DEBUG,
			 "PPTP connection from %s closed by the peer (%u call%s)",
			 c->peer_str, c->ncalls, c->ncalls == 1 ? "" : "s");
		pptp_conn_bury(ctx, c, PPTP_WHY_PEER_GONE, false);
	}
	pptp_out_end(ctx);
	return c ? 0 : -1;
}

int pptp_conn_stop(struct pptp_ctx *ctx, uint64_t now_ms, uint32_t conn,
		   uint8_t reason, struct pptp_actions *out)
{
	struct pptp_conn *c;

	pptp_out_begin(ctx, out, now_ms);
	c = pptp_conn_by_id(ctx, conn);
	if (c)
		pptp_ctrl_stop(ctx, c, reason, PPTP_WHY_STOP);
	pptp_out_end(ctx);
	return c ? 0 : -1;
}

int pptp_call_close(struct pptp_ctx *ctx, uint64_t now_ms, uint16_t call_id,
		    uint8_t result, uint16_t cause, struct pptp_actions *out)
{
	struct pptp_call *call;
	struct pptp_conn *c;

	pptp_out_begin(ctx, out, now_ms);
	call = pptp_call_by_id(ctx, call_id);
	if (call) {
		c = call->conn;
		if (!result)
			result = PPTP_CDN_ADMIN;
		pptp_call_end(ctx, call, PPTP_WHY_HOST, result, cause);
		pptp_conn_rearm(ctx, c);
	}
	pptp_out_end(ctx);
	return call ? 0 : -1;
}

void pptp_timer(struct pptp_ctx *ctx, uint64_t now_ms,
		struct pptp_actions *out)
{
	struct timerq_entry *t;

	pptp_out_begin(ctx, out, now_ms);
	while ((t = timerq_first(&ctx->timers)) &&
	       t->deadline <= now_ms)
		pptp_ctrl_timer(ctx, conn_of_timer(t));
	pptp_out_end(ctx);
}

uint64_t pptp_deadline(const struct pptp_ctx *ctx)
{
	struct timerq_entry *t = timerq_first(&ctx->timers);

	return t ? t->deadline : 0;
}

void pptp_shutdown(struct pptp_ctx *ctx, uint64_t now_ms,
		   struct pptp_actions *out)
{
	struct pptp_conn *c, *next;
	size_t i;

	pptp_out_begin(ctx, out, now_ms);
	for (i = 0; i < PPTP_CONN_BUCKETS; i++)
		for (c = ctx->conns[i]; c; c = next) {
			next = c->hash_next;
			pptp_ctrl_stop(ctx, c, PPTP_STOP_LOCAL_SHUTDOWN,
				       PPTP_WHY_STOP);
		}
	pptp_out_end(ctx);
}

void pptp_get_stats(const struct pptp_ctx *ctx, struct pptp_stats *st)
{
	*st = ctx->stats;
	st->tunnels = ctx->ntunnels;
	st->calls = ctx->ncalls;
}

const char *pptp_why_name(enum pptp_why why)
{
	switch (why) {
	case PPTP_WHY_NONE:		return "none";
	case PPTP_WHY_PEER_CLEAR:	return "peer-clear";
	case PPTP_WHY_PEER_CDN:		return "peer-disconnect";
	case PPTP_WHY_HOST:		return "closed-here";
	case PPTP_WHY_PEER_STOP:	return "peer-stop";
	case PPTP_WHY_STOP:		return "stopped-here";
	case PPTP_WHY_PEER_GONE:	return "connection-lost";
	case PPTP_WHY_ECHO_TIMEOUT:	return "echo-timeout";
	case PPTP_WHY_PROTOCOL:		return "protocol-error";
	case PPTP_WHY_IDLE:		return "idle";
	}
	return "?";
}
