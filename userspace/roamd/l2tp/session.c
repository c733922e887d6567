// SPDX-License-Identifier: GPL-2.0
/*
 * Incoming calls on an established tunnel.  A session exists from the
 * ICRQ we accept until a CDN (either way) or the end of its tunnel.  The
 * kernel session and PPP exist only in the established state, so they are
 * torn down only for sessions that reached it.
 */
#include <stdlib.h>

#include "compose.h"
#include "session.h"

struct l2tp_session *l2tp_session_find(struct l2tp_tunnel *t, uint16_t sid)
{
	struct l2tp_session *s;

	for (s = t->sessions; s; s = s->next)
		if (s->sid == sid)
			return s;
	return NULL;
}

static void fill(const struct l2tp_session *s, struct l2tp_action *a)
{
	l2tp_tunnel_fill(s->t, a);
	a->session_id = s->sid;
	a->peer_session_id = s->peer_sid;
}

static void unlink_session(struct l2tp_session *s)
{
	struct l2tp_tunnel *t = s->t;
	struct l2tp_session **pp;

	for (pp = &t->sessions; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	t->nsessions--;
	t->ctx->stats.sessions--;
	free(s);
}

void l2tp_session_drop(struct l2tp_session *s, uint16_t result,
		       uint16_t error, bool by_peer)
{
	struct l2tp_ctx *ctx = s->t->ctx;
	struct l2tp_action *a;

	if (s->state == L2TP_SS_ESTABLISHED) {
		a = l2tp_out_push(ctx, L2TP_ACT_PPP_STOP, NULL, 0);
		if (a) {
			fill(s, a);
			a->result = result;
			a->error = error;
			a->by_peer = by_peer;
		}
		a = l2tp_out_push(ctx, L2TP_ACT_SESSION_DEL, NULL, 0);
		if (a)
			fill(s, a);
	}
	unlink_session(s);
}

/* A CDN for a call we keep no state for (refused at ICRQ). */
static void send_cdn(struct l2tp_tunnel *t, uint16_t peer_sid, uint16_t sid,
		     uint16_t result, uint16_t error, const char *msg)
{
	uint8_t buf[L2TP_COMPOSE_MAX];

	l2tp_tunnel_send(t, buf, l2tp_compose_cdn(buf, sizeof(buf),
						  t->peer_tid, peer_sid, sid,
						  result, error, msg));
}

void l2tp_session_hangup(struct l2tp_session *s, uint16_t result,
			 uint16_t error, const char *msg)
{
	struct l2tp_tunnel *t = s->t;

	l2tp_log(t->ctx, L2TP_LOG_INFO,
		 "l2tp session %u/%u (%s): sending CDN result %u error %u%s%s",
		 t->tid, s->sid, l2tp_tunnel_peer_str(t), result, error,
		 msg ? ": " : "", msg ? msg : "");
	send_cdn(t, s->peer_sid, s->sid, result, error, msg);
	l2tp_session_drop(s, result, error, false);
}

static uint16_t new_sid(struct l2tp_tunnel *t)
{
	uint16_t sid;
	int i;

	/* Random IDs make blind injection into a call a guessing game. */
	for (i = 0; i < 64; i++) {
		l2tp_random(t->ctx, &sid, sizeof(sid));
		if (sid && !l2tp_session_find(t, sid))
			return sid;
	}
	return 0;
}

static enum l2tp_verdict on_icrq(struct l2tp_tunnel *t,
				 const struct l2tp_hdr *h,
				 const struct l2tp_msg *m)
{
	struct l2tp_ctx *ctx = t->ctx;
	uint8_t buf[L2TP_COMPOSE_MAX];
	char calling[L2TP_NAME_MAX];
	struct l2tp_session *s;

	if (h->session_id) {
		send_cdn(t, m->session_id, 0, L2TP_CDN_ERROR,
			 L2TP_ERR_SESSION_ID, "ICRQ with a session ID in its header");
		return L2TP_DROP_REFUSED;
	}
	if (t->nsessions >= ctx->cfg.max_sessions_per_tunnel) {
		l2tp_log(ctx, L2TP_LOG_WARN,
			 "l2tp tunnel %u (%s): ICRQ refused: %u sessions is the limit per tunnel",
			 t->tid, l2tp_tunnel_peer_str(t), t->nsessions);
		send_cdn(t, m->session_id, 0, L2TP_CDN_NO_FACILITY_TEMP, 0,
			 "too many sessions in this tunnel");
		return L2TP_DROP_REFUSED;
	}
	l2tp_bytes_to_str(&m->calling, calling, sizeof(calling));
	s = calloc(1, sizeof(*s));
	if (s)
		s->sid = new_sid(t);
	if (!s || !s->sid) {
		free(s);
		send_cdn(t, m->session_id, 0, L2TP_CDN_ERROR,
			 L2TP_ERR_RESOURCES, "out of memory");
		return L2TP_DROP_REFUSED;
	}
	s->t = t;
	s->state = L2TP_SS_WAIT_CONNECT;
	s->peer_sid = m->session_id;
	s->call_serial = m->call_serial;
	s->next = t->sessions;
	t->sessions = s;
	t->nsessions++;
	ctx->stats.sessions++;

	l2tp_log(ctx, L2TP_LOG_INFO,
		 "l2tp session %u/%u (%s): ICRQ, peer session %u, serial %u, calling \"%s\"",
		 t->tid, s->sid, l2tp_tunnel_peer_str(t), s->peer_sid, s->call_serial,
		 calling);
	l2tp_tunnel_send(t, buf, l2tp_compose_icrp(buf, sizeof(buf),
						   t->peer_tid, s->peer_sid,
						   s->sid));
	return L2TP_OK;
}

static enum l2tp_verdict on_iccn(struct l2tp_session *s,
				 const struct l2tp_msg *m)
{
	struct l2tp_ctx *ctx = s->t->ctx;
	struct l2tp_action *a;

	if (s->state != L2TP_SS_WAIT_CONNECT) {
		l2tp_session_hangup(s, L2TP_CDN_ERROR, L2TP_ERR_NONE,
				    "ICCN on an established call");
		return L2TP_DROP_STATE;
	}
	s->state = L2TP_SS_ESTABLISHED;
	s->tx_speed = m->tx_speed;
	s->rx_speed = L2TP_MSG_HAS(m, L2TP_AVP_RX_CONNECT_SPEED) ?
		      m->rx_speed : m->tx_speed;
	s->framing_type = m->framing_type;
	s->seq_required = m->seq_required;
	l2tp_log(ctx, L2TP_LOG_INFO,
		 "l2tp session %u/%u (%s): established, %u bps, framing %#x%s",
		 s->t->tid, s->sid, l2tp_tunnel_peer_str(s->t), s->tx_speed,
		 s->framing_type,
		 s->seq_required ? ", data sequencing required" : "");
	a = l2tp_out_push(ctx, L2TP_ACT_SESSION_ADD, NULL, 0);
	if (a) {
		fill(s, a);
		a->seq_required = s->seq_required;
	}
	a = l2tp_out_push(ctx, L2TP_ACT_PPP_START, NULL, 0);
	if (a)
		fill(s, a);
	return L2TP_OK;
}

static enum l2tp_verdict on_cdn(struct l2tp_tunnel *t, struct l2tp_session *s,
				const struct l2tp_msg *m)
{
	char text[128];

	l2tp_bytes_to_str(&m->result_msg, text, sizeof(text));
	l2tp_log(t->ctx, L2TP_LOG_INFO,
		 "l2tp session %u/%u (%s): peer sent CDN result %u error %u%s%s",
		 t->tid, s->sid, l2tp_tunnel_peer_str(t), m->result, m->error,
		 text[0] ? ": " : "", text);
	l2tp_session_drop(s, m->result, m->error, true);
	return L2TP_OK;
}

enum l2tp_verdict l2tp_session_input(struct l2tp_tunnel *t,
				     const struct l2tp_hdr *h,
				     const struct l2tp_msg *m)
{
	struct l2tp_session *s;

	if (m->type == L2TP_MT_ICRQ)
		return on_icrq(t, h, m);
	if (m->type == L2TP_MT_OCRQ) {
		send_cdn(t, m->session_id, 0, L2TP_CDN_NO_FACILITY_PERM, 0,
			 "this LNS takes no outgoing calls");
		return L2TP_DROP_REFUSED;
	}

	s = h->session_id ? l2tp_session_find(t, h->session_id) : NULL;
	if (!s) {
		/* Typically a CDN crossing ours: nothing left to clear. */
		l2tp_log(t->ctx, L2TP_LOG_DEBUG,
			 "l2tp tunnel %u (%s): %s for unknown session %u ignored",
			 t->tid, l2tp_tunnel_peer_str(t), l2tp_msg_type_name(m->type),
			 h->session_id);
		t->ctx->stats.rx_no_session++;
		return L2TP_DROP_NO_SESSION;
	}
	switch (m->type) {
	case L2TP_MT_ICCN:
		return on_iccn(s, m);
	case L2TP_MT_CDN:
		return on_cdn(t, s, m);
	case L2TP_MT_WEN:
	case L2TP_MT_SLI:
		/* Link errors and ACCM are for a LAC's own HDLC; ignore. */
		return L2TP_OK;
	default:
		l2tp_session_hangup(s, L2TP_CDN_ERROR, L2TP_ERR_NONE,
				    "unexpected message for an incoming call");
		return L2TP_DROP_STATE;
	}
}

enum l2tp_verdict l2tp_session_reject(struct l2tp_tunnel *t,
				      const struct l2tp_hdr *h,
				      const struct l2tp_msg *m,
				      const struct l2tp_msg_err *err)
{
	struct l2tp_session *s = NULL;

	if (h->session_id)
		s = l2tp_session_find(t, h->session_id);
	if (s) {
		l2tp_session_hangup(s, L2TP_CDN_ERROR, err->error_code,
				    err->text);
		return L2TP_DROP_REFUSED;
	}
	/* A refused ICRQ: the call is known only by the peer's ID. */
	if (m->type == L2TP_MT_ICRQ && m->session_id) {
		send_cdn(t, m->session_id, 0, L2TP_CDN_ERROR, err->error_code,
			 err->text);
		return L2TP_DROP_REFUSED;
	}
	return L2TP_DROP_MALFORMED;
}
