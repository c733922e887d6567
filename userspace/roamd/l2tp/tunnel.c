// SPDX-License-Identifier: GPL-2.0
/*
 * The LNS control connection.  A tunnel is created for an acceptable
 * SCCRQ (l2tp.c refuses the others statelessly), answers it with SCCRP,
 * and is established by SCCCN.  It ends in one of three ways: we send
 * StopCCN and wait for its ack (CLOSING), the peer sends StopCCN and we
 * stay a while to re-ack retransmissions of it (LINGER), or the peer stops
 * acknowledging and we forget it after the last retransmission.
 *
 * Lifetime: a tunnel is in ctx->by_id and ctx->by_peer from creation until
 * unlink(), which also moves it to ctx->graveyard; it is freed when the
 * public call that unlinked it returns, so code further up the stack may
 * still look at its state (GONE) but must not send on it.
 */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "crypto.h"
#include "session.h"
#include "tunnel.h"

static void tunnel_xmit(void *arg, const uint8_t *buf, size_t len)
{
	struct l2tp_tunnel *t = arg;
	struct l2tp_ctx *ctx = t->ctx;
	struct l2tp_action *a;

	if (len == L2TP_CTRL_HDR_LEN)
		ctx->stats.tx_zlb++;
	else
		ctx->stats.tx_control++;
	a = l2tp_out_push(ctx, L2TP_ACT_SEND, buf, len);
	if (a)
		l2tp_tunnel_fill(t, a);
}

void l2tp_tunnel_fill(const struct l2tp_tunnel *t, struct l2tp_action *a)
{
	a->tunnel_id = t->tid;
	a->peer_tunnel_id = t->peer_tid;
	a->binding = t->binding;
	memset(&a->peer, 0, sizeof(a->peer));
	memcpy(&a->peer, &t->peer, t->peer_len);
	a->peer_len = t->peer_len;
}

static const char no_name[] = "";

static const char *name_dup(const char *name)
{
	char *d;

	if (!name || !name[0])
		return no_name;
	d = strndup(name, L2TP_NAME_MAX - 1);
	return d ? d : no_name;
}

static void name_free(const char *name)
{
	if (name && name != no_name)
		free((char *)name);
}

void l2tp_tunnel_set_names(struct l2tp_tunnel *t, const char *host,
			   const char *vendor)
{
	name_free(t->host_name);
	name_free(t->vendor_name);
	t->host_name = name_dup(host);
	t->vendor_name = name_dup(vendor);
}

struct l2tp_tunnel *l2tp_tunnel_make(struct l2tp_ctx *ctx, uint16_t tid,
				     const struct sockaddr_storage *peer,
				     socklen_t peer_len, uint64_t binding,
				     uint16_t peer_tid, uint16_t peer_rws)
{
	struct l2tp_rl_params p = {
		.rtx_initial_ms = ctx->cfg.rtx_initial_ms,
		.rtx_max_ms = ctx->cfg.rtx_max_ms,
		.max_retries = ctx->cfg.max_retries,
		.ack_delay_ms = ctx->cfg.ack_delay_ms,
		.our_rws = ctx->cfg.rws,
	};
	struct l2tp_tunnel *t;

	/* an IPv4 or IPv6 peer: nothing else reaches a UDP socket */
	if (peer_len > sizeof(t->peer))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->ctx = ctx;
	t->host_name = no_name;
	t->vendor_name = no_name;
	t->state = L2TP_TS_IDLE;
	t->tid = tid;
	t->peer_tid = peer_tid;
	memcpy(&t->peer, peer, peer_len);
	t->peer_len = peer_len;
	t->binding = binding;

	l2tp_rl_init(&t->rl, &p, tunnel_xmit, t);
	t->rl.peer_tid = t->peer_tid;
	t->rl.peer_rws = peer_rws;
	/* More in flight than we can queue would gain nothing. */
	if (t->rl.peer_rws > L2TP_RL_MAX_QUEUE)
		t->rl.peer_rws = L2TP_RL_MAX_QUEUE;
	t->hello_at = ctx->now + ctx->cfg.hello_interval_ms;

	l2tp_tunnel_hash(ctx, t);
	ctx->ntunnels++;
	ctx->stats.tunnels++;
	return t;
}

struct l2tp_tunnel *l2tp_tunnel_new(struct l2tp_ctx *ctx,
				    const struct sockaddr_storage *peer,
				    socklen_t peer_len, uint64_t binding,
				    const struct l2tp_msg *sccrq,
				    uint16_t first_ns)
{
	struct l2tp_tunnel *t;
	uint16_t tid;

	tid = l2tp_random_id(ctx);
	if (!tid)
		return NULL;
	t = l2tp_tunnel_make(ctx, tid, peer, peer_len, binding,
			     sccrq->tunnel_id,
			     L2TP_MSG_HAS(sccrq, L2TP_AVP_RECV_WINDOW_SIZE) ?
			     sccrq->rws : L2TP_DEFAULT_PEER_RWS);
	if (!t)
		return NULL;
	{
		char host[L2TP_NAME_MAX], vendor[L2TP_NAME_MAX];

		l2tp_bytes_to_str(&sccrq->host_name, host, sizeof(host));
		l2tp_bytes_to_str(&sccrq->vendor_name, vendor, sizeof(vendor));
		l2tp_tunnel_set_names(t, host, vendor);
	}
	l2tp_rl_expect(&t->rl, first_ns);
	return t;
}

/* Take the tunnel out of every table; it is freed when the call ends. */
static void unlink_tunnel(struct l2tp_tunnel *t)
{
	struct l2tp_ctx *ctx = t->ctx;
	struct l2tp_session *s;

	if (t->state == L2TP_TS_GONE)
		return;
	/* Sessions were dropped with their actions already; free quietly. */
	while ((s = t->sessions)) {
		t->sessions = s->next;
		free(s);
		ctx->stats.sessions--;
	}
	t->nsessions = 0;
	l2tp_tunnel_unhash(ctx, t);
	timerq_set(&ctx->timers, &t->timer, 0);
	l2tp_rl_release(&t->rl);
	ctx->ntunnels--;
	ctx->stats.tunnels--;
	t->state = L2TP_TS_GONE;
	ctx->saved_changes++;
	t->grave_next = ctx->graveyard;
	ctx->graveyard = t;
}

void l2tp_tunnel_reap(struct l2tp_ctx *ctx)
{
	struct l2tp_tunnel *t;

	while ((t = ctx->graveyard)) {
		ctx->graveyard = t->grave_next;
		name_free(t->host_name);
		name_free(t->vendor_name);
		free(t);
	}
}

void l2tp_tunnel_destroy(struct l2tp_tunnel *t)
{
	unlink_tunnel(t);
}

/* Tell the loop the tunnel is no longer usable, once. */
static void announce_down(struct l2tp_tunnel *t, uint16_t result,
			  uint16_t error, bool by_peer)
{
	struct l2tp_action *a;

	if (t->down_announced)
		return;
	t->down_announced = true;
	a = l2tp_out_push(t->ctx, L2TP_ACT_TUNNEL_DOWN, NULL, 0);
	if (a) {
		l2tp_tunnel_fill(t, a);
		a->result = result;
		a->error = error;
		a->by_peer = by_peer;
	}
}

static void drop_sessions(struct l2tp_tunnel *t, uint16_t result,
			  uint16_t error, bool by_peer)
{
	/* A StopCCN clears every session; no CDN goes out for them. */
	while (t->sessions)
		l2tp_session_drop(t->sessions, result, error, by_peer);
}

void l2tp_tunnel_lost(struct l2tp_tunnel *t)
{
	if (t->state == L2TP_TS_GONE)
		return;
	l2tp_log(t->ctx, L2TP_LOG_INFO,
		 "l2tp tunnel %u (%s): its path to the peer is gone, tunnel cleared",
		 t->tid, l2tp_tunnel_peer_str(t));
	drop_sessions(t, L2TP_CDN_LOST_CARRIER, 0, false);
	announce_down(t, L2TP_STOPCCN_CLEAR, 0, false);
	unlink_tunnel(t);
}

void l2tp_tunnel_rearm(struct l2tp_tunnel *t)
{
	uint64_t d = l2tp_rl_deadline(&t->rl);
	uint64_t other = 0;

	if (t->state == L2TP_TS_GONE)
		return;
	if (t->state == L2TP_TS_WAIT_CTL_CONN ||
	    t->state == L2TP_TS_ESTABLISHED)
		other = t->hello_at;
	else if (t->state == L2TP_TS_LINGER)
		other = t->linger_until;
	if (other && (!d || other < d))
		d = other;
	if (timerq_set(&t->ctx->timers, &t->timer, d)) {
		/* Without a timer the tunnel could never end: end it now. */
		l2tp_log(t->ctx, L2TP_LOG_ERR,
			 "l2tp tunnel %u (%s): out of memory for its timer, cleared",
			 t->tid, l2tp_tunnel_peer_str(t));
		drop_sessions(t, L2TP_CDN_NO_FACILITY_TEMP, 0, false);
		announce_down(t, L2TP_STOPCCN_ERROR, L2TP_ERR_RESOURCES, false);
		unlink_tunnel(t);
	}
}

int l2tp_tunnel_send(struct l2tp_tunnel *t, const uint8_t *msg, size_t len)
{
	if (t->state == L2TP_TS_GONE)
		return -1;
	if (!len || l2tp_rl_send(&t->rl, t->ctx->now, msg, len)) {
		l2tp_log(t->ctx, L2TP_LOG_ERR,
			 "l2tp tunnel %u (%s): control queue full or out of memory",
			 t->tid, l2tp_tunnel_peer_str(t));
		return -1;
	}
	t->ctx->saved_changes++;	/* Ns moved on */
	return 0;
}

void l2tp_tunnel_stop(struct l2tp_tunnel *t, uint16_t result, uint16_t error,
		      const char *msg)
{
	uint8_t buf[L2TP_COMPOSE_MAX];
	size_t len;

	if (t->state == L2TP_TS_GONE || t->state == L2TP_TS_CLOSING ||
	    t->state == L2TP_TS_LINGER)
		return;
	l2tp_log(t->ctx, L2TP_LOG_INFO,
		 "l2tp tunnel %u (%s): sending StopCCN result %u error %u%s%s",
		 t->tid, l2tp_tunnel_peer_str(t), result, error, msg ? ": " : "",
		 msg ? msg : "");
	drop_sessions(t, L2TP_CDN_ERROR, L2TP_ERR_NONE, false);
	announce_down(t, result, error, false);
	len = l2tp_compose_stopccn(buf, sizeof(buf), t->peer_tid, t->tid,
				   result, error, msg);
	t->state = L2TP_TS_CLOSING;
	t->ctx->saved_changes++;
	if (l2tp_tunnel_send(t, buf, len)) {
		unlink_tunnel(t);
		return;
	}
	l2tp_tunnel_rearm(t);
}

/* The tunnel's half of the tunnel authentication (§5.1.1). */
static int answer_challenge(struct l2tp_tunnel *t, const struct l2tp_msg *m,
			    uint8_t resp[L2TP_MD5_LEN])
{
	struct l2tp_ctx *ctx = t->ctx;

	if (!ctx->secret)
		return -1;
	return l2tp_challenge_response(L2TP_MT_SCCRP, ctx->secret,
				       ctx->cfg.secret_len, m->challenge.p,
				       m->challenge.len, resp);
}

static enum l2tp_verdict on_sccrq(struct l2tp_tunnel *t,
				  const struct l2tp_msg *m)
{
	struct l2tp_ctx *ctx = t->ctx;
	struct l2tp_sccrp_args a = { .peer_tid = t->peer_tid, .tid = t->tid };
	uint8_t resp[L2TP_MD5_LEN], buf[L2TP_COMPOSE_MAX];

	if (t->state != L2TP_TS_IDLE) {
		l2tp_tunnel_stop(t, L2TP_STOPCCN_FSM, 0,
				 "SCCRQ on an existing tunnel");
		return L2TP_DROP_STATE;
	}
	if (L2TP_MSG_HAS(m, L2TP_AVP_CHALLENGE)) {
		/* l2tp.c has refused challenges when we have no secret. */
		if (answer_challenge(t, m, resp)) {
			l2tp_tunnel_stop(t, L2TP_STOPCCN_ERROR, L2TP_ERR_VENDOR,
					 "cannot compute the challenge response");
			return L2TP_DROP_REFUSED;
		}
		a.response = resp;
	}
	if (ctx->cfg.require_auth) {
		l2tp_random(ctx, t->challenge, sizeof(t->challenge));
		t->challenged = true;
		a.challenge = t->challenge;
	}
	t->state = L2TP_TS_WAIT_CTL_CONN;
	l2tp_log(ctx, L2TP_LOG_INFO,
		 "l2tp tunnel %u (%s): SCCRQ from host \"%s\" vendor \"%s\", peer tunnel %u, window %u",
		 t->tid, l2tp_tunnel_peer_str(t), t->host_name, t->vendor_name,
		 t->peer_tid, t->rl.peer_rws);
	l2tp_tunnel_send(t, buf, l2tp_compose_sccrp(ctx, buf, sizeof(buf), &a));
	return L2TP_OK;
}

static bool response_ok(struct l2tp_tunnel *t, const struct l2tp_msg *m)
{
	struct l2tp_ctx *ctx = t->ctx;
	uint8_t want[L2TP_MD5_LEN];
	uint8_t diff = 0;
	int i;

	if (!m->challenge_resp)
		return false;
	if (l2tp_challenge_response(L2TP_MT_SCCCN, ctx->secret,
				    ctx->cfg.secret_len, t->challenge,
				    sizeof(t->challenge), want))
		return false;
	/* Constant time: the comparison must not leak the right answer. */
	for (i = 0; i < L2TP_MD5_LEN; i++)
		diff |= want[i] ^ m->challenge_resp[i];
	return !diff;
}

static enum l2tp_verdict on_scccn(struct l2tp_tunnel *t,
				  const struct l2tp_msg *m)
{
	struct l2tp_action *a;

	if (t->state != L2TP_TS_WAIT_CTL_CONN) {
		l2tp_tunnel_stop(t, L2TP_STOPCCN_FSM, 0,
				 "SCCCN outside wait-ctl-conn");
		return L2TP_DROP_STATE;
	}
	if (t->challenged && !response_ok(t, m)) {
		l2tp_log(t->ctx, L2TP_LOG_WARN,
			 "l2tp tunnel %u (%s): tunnel authentication failed: %s",
			 t->tid, l2tp_tunnel_peer_str(t), m->challenge_resp ?
			 "wrong Challenge Response (secret differs)" :
			 "no Challenge Response in SCCCN");
		l2tp_tunnel_stop(t, L2TP_STOPCCN_NOT_AUTHORIZED, 0,
				 "tunnel authentication failed");
		return L2TP_DROP_REFUSED;
	}
	t->state = L2TP_TS_ESTABLISHED;
	t->ctx->saved_changes++;
	t->announced = true;
	l2tp_log(t->ctx, L2TP_LOG_INFO, "l2tp tunnel %u (%s): established",
		 t->tid, l2tp_tunnel_peer_str(t));
	a = l2tp_out_push(t->ctx, L2TP_ACT_TUNNEL_UP, NULL, 0);
	if (a)
		l2tp_tunnel_fill(t, a);
	return L2TP_OK;
}

static enum l2tp_verdict on_stopccn(struct l2tp_tunnel *t,
				    const struct l2tp_msg *m)
{
	char text[128];

	l2tp_bytes_to_str(&m->result_msg, text, L2TP_NAME_MAX);
	l2tp_log(t->ctx, L2TP_LOG_INFO,
		 "l2tp tunnel %u (%s): peer sent StopCCN result %u error %u%s%s",
		 t->tid, l2tp_tunnel_peer_str(t), m->result, m->error,
		 text[0] ? ": " : "", text);
	drop_sessions(t, L2TP_CDN_ERROR, L2TP_ERR_NONE, true);
	announce_down(t, m->result, m->error, true);
	/*
	 * Ack at once; whatever we still had in flight is moot.  Staying a
	 * full retransmission cycle lets us re-ack a StopCCN whose ack is
	 * lost, instead of the peer timing out on us.
	 */
	l2tp_rl_release(&t->rl);
	l2tp_rl_send_zlb(&t->rl);
	t->state = L2TP_TS_LINGER;
	t->ctx->saved_changes++;
	t->linger_until = t->ctx->now + t->ctx->cfg.linger_ms;
	return L2TP_OK;
}

static bool session_scoped(uint16_t type)
{
	switch (type) {
	case L2TP_MT_OCRQ: case L2TP_MT_OCRP: case L2TP_MT_OCCN:
	case L2TP_MT_ICRQ: case L2TP_MT_ICRP: case L2TP_MT_ICCN:
	case L2TP_MT_CDN: case L2TP_MT_WEN: case L2TP_MT_SLI:
		return true;
	}
	return false;
}

static enum l2tp_verdict on_bad_msg(struct l2tp_tunnel *t,
				    const struct l2tp_hdr *h,
				    const struct l2tp_msg *m,
				    const struct l2tp_msg_err *err)
{
	l2tp_log(t->ctx, L2TP_LOG_WARN, "l2tp tunnel %u (%s): %s: %s",
		 t->tid, l2tp_tunnel_peer_str(t),
		 m->type ? l2tp_msg_type_name(m->type) : "control message",
		 err->text);
	t->ctx->stats.rx_malformed++;
	/* §3.2: an unknown message type without the M bit is ignored. */
	if (err->code == L2TP_MSG_ERR_UNKNOWN_MSG && !m->type_mandatory)
		return L2TP_OK;
	if (session_scoped(m->type) && err->code != L2TP_MSG_ERR_NO_TYPE)
		return l2tp_session_reject(t, h, m, err);
	l2tp_tunnel_stop(t, L2TP_STOPCCN_ERROR, err->error_code, err->text);
	return L2TP_DROP_REFUSED;
}

/* One in-order control message: decode it and act. */
static enum l2tp_verdict process(struct l2tp_tunnel *t,
				 const struct l2tp_hdr *h, const uint8_t *buf)
{
	struct l2tp_ctx *ctx = t->ctx;
	struct l2tp_msg_err err;
	struct l2tp_msg *m;
	enum l2tp_verdict v;

	/* 2 KiB of scratch for hidden AVPs: not on the stack. */
	m = malloc(sizeof(*m));
	if (!m)
		return L2TP_DROP_STATE;
	if (l2tp_msg_parse(buf + h->hdr_len, h->msg_len - h->hdr_len,
			   ctx->secret, ctx->cfg.secret_len, m, &err)) {
		/* A StopCCN or CDN missing an AVP still ends things. */
		if (err.code == L2TP_MSG_ERR_MISSING &&
		    (m->type == L2TP_MT_STOPCCN || m->type == L2TP_MT_CDN)) {
			l2tp_log(ctx, L2TP_LOG_WARN,
				 "l2tp tunnel %u (%s): %s (accepted anyway)",
				 t->tid, l2tp_tunnel_peer_str(t), err.text);
		} else {
			v = t->state >= L2TP_TS_CLOSING ? L2TP_DROP_STATE :
			    on_bad_msg(t, h, m, &err);
			free(m);
			return v;
		}
	}
	/* A closing tunnel only listens for the ack (and a StopCCN). */
	if (t->state >= L2TP_TS_CLOSING) {
		v = L2TP_DROP_STATE;
		if (m->type == L2TP_MT_STOPCCN && t->state == L2TP_TS_CLOSING)
			v = on_stopccn(t, m);
		free(m);
		return v;
	}

	switch (m->type) {
	case L2TP_MT_SCCRQ:
		v = on_sccrq(t, m);
		break;
	case L2TP_MT_SCCCN:
		v = on_scccn(t, m);
		break;
	case L2TP_MT_STOPCCN:
		v = on_stopccn(t, m);
		break;
	case L2TP_MT_HELLO:
		v = L2TP_OK;	/* the reliable layer has acked it */
		break;
	case L2TP_MT_SCCRP:
		/* We never send SCCRQ, so there is no tie to break. */
		l2tp_tunnel_stop(t, L2TP_STOPCCN_FSM, 0,
				 "SCCRP received by an LNS");
		v = L2TP_DROP_STATE;
		break;
	default:
		if (t->state != L2TP_TS_ESTABLISHED) {
			l2tp_tunnel_stop(t, L2TP_STOPCCN_FSM, 0,
					 "call message before SCCCN");
			v = L2TP_DROP_STATE;
			break;
		}
		v = l2tp_session_input(t, h, m);
		break;
	}
	free(m);
	return v;
}

enum l2tp_verdict l2tp_tunnel_input(struct l2tp_tunnel *t,
				    const struct l2tp_hdr *h,
				    const uint8_t *buf)
{
	struct l2tp_ctx *ctx = t->ctx;
	bool zlb = h->msg_len == h->hdr_len, bad_nr;
	enum l2tp_rl_verdict rv;
	enum l2tp_verdict v = L2TP_OK;
	uint16_t ns_moved, nr_moved;
	struct l2tp_rl_msg *q;
	struct l2tp_hdr qh;

	ctx->stats.rx_control++;
	if (t->state == L2TP_TS_LINGER) {
		/* Anything now is a retransmission of what we have acked. */
		if (!zlb)
			l2tp_rl_send_zlb(&t->rl);
		return L2TP_OK;
	}
	t->hello_at = ctx->now + ctx->cfg.hello_interval_ms;
	ns_moved = t->rl.ns_moved;
	nr_moved = t->rl.nr_moved;
	rv = l2tp_rl_input(&t->rl, ctx->now, h->ns, h->nr, zlb, buf,
			   h->msg_len, &bad_nr);
	l2tp_tunnel_resync_note(t, ns_moved, nr_moved);
	/* Nr, or the oldest of ours not acknowledged, may have moved on */
	ctx->saved_changes++;
	if (bad_nr)
		l2tp_log(ctx, L2TP_LOG_WARN,
			 "l2tp tunnel %u (%s): Nr %u acknowledges messages never sent (next Ns %u); ack ignored",
			 t->tid, l2tp_tunnel_peer_str(t), h->nr, t->rl.ns_next);
	switch (rv) {
	case L2TP_RL_DELIVER:
		v = process(t, h, buf);
		/* What waited for this message can follow it now. */
		while (t->state != L2TP_TS_GONE &&
		       t->state != L2TP_TS_LINGER &&
		       (q = l2tp_rl_pop_ready(&t->rl, ctx->now))) {
			if (l2tp_hdr_parse(q->buf, q->len, &qh) == L2TP_HDR_OK)
				process(t, &qh, q->buf);
			free(q);
		}
		break;
	case L2TP_RL_DUPLICATE:
		ctx->stats.rx_duplicate++;
		break;
	case L2TP_RL_QUEUED:
		ctx->stats.rx_out_of_order++;
		break;
	case L2TP_RL_DROP:
		l2tp_log(ctx, L2TP_LOG_DEBUG,
			 "l2tp tunnel %u (%s): Ns %u outside our window (expecting %u), dropped",
			 t->tid, l2tp_tunnel_peer_str(t), h->ns, t->rl.nr);
		v = L2TP_DROP_WINDOW;
		break;
	case L2TP_RL_ZLB:
		break;
	}
	if (t->state == L2TP_TS_CLOSING && l2tp_rl_idle(&t->rl)) {
		l2tp_log(ctx, L2TP_LOG_DEBUG,
			 "l2tp tunnel %u (%s): StopCCN acknowledged, tunnel freed",
			 t->tid, l2tp_tunnel_peer_str(t));
		unlink_tunnel(t);
	}
	l2tp_tunnel_rearm(t);
	return v;
}

static void send_hello(struct l2tp_tunnel *t)
{
	uint8_t buf[L2TP_COMPOSE_MAX];

	l2tp_tunnel_send(t, buf, l2tp_compose_hello(buf, sizeof(buf),
						    t->peer_tid));
}

void l2tp_tunnel_timer(struct l2tp_tunnel *t)
{
	struct l2tp_ctx *ctx = t->ctx;
	uint64_t now = ctx->now;
	uint64_t rtx = t->rl.stats.retransmits;
	bool alive;

	if (t->state == L2TP_TS_LINGER) {
		if (now >= t->linger_until)
			unlink_tunnel(t);
		else
			l2tp_tunnel_rearm(t);
		return;
	}
	/* HELLO first, so that it carries any ack the timer would send. */
	if ((t->state == L2TP_TS_WAIT_CTL_CONN ||
	     t->state == L2TP_TS_ESTABLISHED) && now >= t->hello_at) {
		/* Unacked messages in flight already probe the peer. */
		if (l2tp_rl_idle(&t->rl))
			send_hello(t);
		t->hello_at = now + ctx->cfg.hello_interval_ms;
	}
	alive = l2tp_rl_timer(&t->rl, now);
	ctx->stats.retransmits += t->rl.stats.retransmits - rtx;
	if (!alive) {
		l2tp_log(ctx, L2TP_LOG_WARN,
			 "l2tp tunnel %u (%s): no acknowledgement after %u retransmissions, tunnel cleared",
			 t->tid, l2tp_tunnel_peer_str(t), ctx->cfg.max_retries);
		ctx->stats.tunnels_timed_out++;
		drop_sessions(t, L2TP_CDN_LOST_CARRIER, 0, false);
		announce_down(t, L2TP_STOPCCN_ERROR, L2TP_ERR_NONE, false);
		unlink_tunnel(t);
		return;
	}
	l2tp_tunnel_rearm(t);
}
