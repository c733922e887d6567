// SPDX-License-Identifier: GPL-2.0
/* L2TP tunnels across a roamd restart (l2tp.h). */
#include <stdio.h>
#include <string.h>

#include "compose.h"
#include "ctx.h"
#include "header.h"
#include "l2tp.h"
#include "proto.h"
#include "tunnel.h"

uint64_t l2tp_saved_changes(const struct l2tp_ctx *ctx)
{
	return ctx->saved_changes;
}

void l2tp_foreach_tunnel(const struct l2tp_ctx *ctx,
			 void (*fn)(const struct l2tp_tunnel_saved *t,
				    void *arg),
			 void *arg)
{
	struct l2tp_tunnel_saved s;
	const struct l2tp_tunnel *t;
	uint32_t b;

	if (!ctx->by_id)
		return;
	for (b = 0; b <= ctx->hash_mask; b++) {
		for (t = ctx->by_id[b]; t; t = t->id_next) {
			if (t->state != L2TP_TS_ESTABLISHED)
				continue;
			memset(&s, 0, sizeof(s));
			s.tid = t->tid;
			s.peer_tid = t->peer_tid;
			memcpy(&s.peer, &t->peer, t->peer_len);
			s.peer_len = t->peer_len;
			s.binding = t->binding;
			s.ns = t->rl.ns_next;
			s.nr = t->rl.nr;
			s.ns_una = t->rl.una;
			s.peer_rws = t->rl.peer_rws;
			snprintf(s.peer_host, sizeof(s.peer_host), "%s",
				 t->host_name);
			fn(&s, arg);
		}
	}
}

size_t l2tp_saved_stopccn(const struct l2tp_tunnel_saved *t, uint8_t *buf,
			  size_t cap)
{
	size_t n = l2tp_compose_stopccn(buf, cap, t->peer_tid, t->tid,
					L2TP_STOPCCN_SHUTDOWN, 0,
					"the concentrator restarted");

	if (n) {
		l2tp_hdr_set_ns(buf, t->ns);
		l2tp_hdr_set_nr(buf, t->nr);
	}
	return n;
}
