// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnels and calls an earlier roamd established, taken back by a roamd
 * started after it died (l2tp.h, l2tp_tunnel_resume()).  The reliable
 * channel goes on from what was saved: our next Ns is the oldest one the
 * peer had not acknowledged (what was in flight died with the process;
 * the peer never saw a gap), and Nr is as saved (what the peer sent
 * while nobody listened, it retransmits).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ctx.h"
#include "l2tp.h"
#include "reliable.h"
#include "session.h"
#include "tunnel.h"

int l2tp_tunnel_resume(struct l2tp_ctx *ctx, uint64_t now_ms,
		       const struct l2tp_tunnel_saved *s,
		       struct l2tp_actions *out)
{
	struct l2tp_tunnel *t;
	struct l2tp_action *a;
	int r = -1;

	l2tp_out_begin(ctx, out, now_ms);
	if (!s->tid || !s->peer_tid || !s->peer_rws ||
	    (s->peer.ss_family != AF_INET && s->peer.ss_family != AF_INET6) ||
	    !s->peer_len || s->peer_len > sizeof(s->peer) ||
	    (uint16_t)(s->ns - s->ns_una) > L2TP_RL_MAX_QUEUE ||
	    l2tp_tunnel_by_id(ctx, s->tid) ||
	    ctx->ntunnels >= ctx->cfg.max_tunnels)
		goto out;
	t = l2tp_tunnel_make(ctx, s->tid, &s->peer, s->peer_len, s->binding,
			     s->peer_tid, s->peer_rws);
	if (!t)
		goto out;
	l2tp_tunnel_set_names(t, s->peer_host, NULL);
	l2tp_rl_resume(&t->rl, s->ns_una, s->nr);
	t->state = L2TP_TS_ESTABLISHED;
	t->announced = true;
	ctx->saved_changes++;
	l2tp_log(ctx, L2TP_LOG_INFO,
		 "l2tp tunnel %u (%s): resumed from the restart state, Ns %u Nr %u",
		 t->tid, l2tp_tunnel_peer_str(t), s->ns_una, s->nr);
	/* the host tracks the tunnel's binding as for a new one */
	a = l2tp_out_push(ctx, L2TP_ACT_TUNNEL_UP, NULL, 0);
	if (a)
		l2tp_tunnel_fill(t, a);
	l2tp_tunnel_rearm(t);
	r = 0;
out:
	l2tp_out_end(ctx);
	return r;
}

void l2tp_tunnel_resync_note(struct l2tp_tunnel *t, uint16_t ns_moved,
			     uint16_t nr_moved)
{
	struct l2tp_ctx *ctx = t->ctx;

	if (t->rl.ns_moved == ns_moved && t->rl.nr_moved == nr_moved)
		return;
	/* each side moves at most once: at most two lines a tunnel */
	if (t->rl.ns_moved != ns_moved)
		l2tp_log(ctx, L2TP_LOG_INFO,
			 "l2tp tunnel %u (%s): resynchronised after the takeover: our Ns moved on by %u to %u, as the peer expects",
			 t->tid, l2tp_tunnel_peer_str(t), t->rl.ns_moved, t->rl.una);
	if (t->rl.nr_moved != nr_moved)
		l2tp_log(ctx, L2TP_LOG_INFO,
			 "l2tp tunnel %u (%s): resynchronised after the takeover: our Nr moved on by %u to Ns %u of the peer",
			 t->tid, l2tp_tunnel_peer_str(t), t->rl.nr_moved,
			 (uint16_t)(t->rl.nr - 1));
	if (!ns_moved && !nr_moved)
		ctx->stats.tunnels_resynced++;
}

int l2tp_session_resume(struct l2tp_ctx *ctx, uint64_t now_ms, uint16_t tid,
			uint16_t sid, uint16_t peer_sid,
			struct l2tp_actions *out)
{
	struct l2tp_tunnel *t;
	struct l2tp_session *s;
	int r = -1;

	l2tp_out_begin(ctx, out, now_ms);
	t = l2tp_tunnel_by_id(ctx, tid);
	if (!t || t->state != L2TP_TS_ESTABLISHED || !sid || !peer_sid ||
	    l2tp_session_find(t, sid) ||
	    t->nsessions >= ctx->cfg.max_sessions_per_tunnel)
		goto out;
	s = calloc(1, sizeof(*s));
	if (!s)
		goto out;
	s->t = t;
	s->state = L2TP_SS_ESTABLISHED;
	s->sid = sid;
	s->peer_sid = peer_sid;
	s->next = t->sessions;
	t->sessions = s;
	t->nsessions++;
	ctx->stats.sessions++;
	l2tp_log(ctx, L2TP_LOG_INFO,
		 "l2tp session %u/%u (%s): resumed, peer session %u",
		 t->tid, sid, l2tp_tunnel_peer_str(t), peer_sid);
	r = 0;
out:
	l2tp_out_end(ctx);
	return r;
}
