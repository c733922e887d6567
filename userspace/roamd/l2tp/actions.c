// SPDX-License-Identifier: GPL-2.0
/*
 * The action list.  Data is copied into one growing arena and referred to
 * by offset while the call runs (the arena may move as it grows); the
 * pointers are set once, when the call ends.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "tunnel.h"

void l2tp_actions_init(struct l2tp_actions *out)
{
	memset(out, 0, sizeof(*out));
}

void l2tp_actions_free(struct l2tp_actions *out)
{
	free(out->v);
	free(out->arena);
	l2tp_actions_init(out);
}

void l2tp_out_begin(struct l2tp_ctx *ctx, struct l2tp_actions *out,
		    uint64_t now)
{
	out->n = 0;
	out->arena_used = 0;
	out->enomem = false;
	out->next_timer_ms = 0;
	ctx->out = out;
	ctx->now = now;
}

void l2tp_out_end(struct l2tp_ctx *ctx)
{
	struct l2tp_actions *out = ctx->out;
	struct timerq_entry *first;
	size_t i;

	for (i = 0; i < out->n; i++)
		out->v[i].data = out->arena ?
				 out->arena + out->v[i].data_off : NULL;
	l2tp_tunnel_reap(ctx);
	first = timerq_first(&ctx->timers);
	out->next_timer_ms = first ? first->deadline : 0;
	ctx->out = NULL;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 16;
	void *np;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	np = realloc(*p, ncap * elem);
	if (!np)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

struct l2tp_action *l2tp_out_push(struct l2tp_ctx *ctx,
				  enum l2tp_action_type type,
				  const void *data, size_t len)
{
	struct l2tp_actions *out = ctx->out;
	struct l2tp_action *a;

	if (grow((void **)&out->v, &out->cap, out->n + 1, sizeof(*a)) ||
	    grow((void **)&out->arena, &out->arena_cap,
		 out->arena_used + len, 1)) {
		out->enomem = true;
		return NULL;
	}
	a = &out->v[out->n++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	a->len = len;
	a->data_off = out->arena_used;
	if (len)
		memcpy(out->arena + out->arena_used, data, len);
	out->arena_used += len;
	return a;
}

int l2tp_out_append(struct l2tp_ctx *ctx, struct l2tp_action *a,
		    const void *data, size_t len)
{
	struct l2tp_actions *out = ctx->out;

	/* Only the newest action's data ends where the arena does. */
	if (a != &out->v[out->n - 1] ||
	    grow((void **)&out->arena, &out->arena_cap,
		 out->arena_used + len, 1)) {
		out->enomem = true;
		return -1;
	}
	if (len)
		memcpy(out->arena + out->arena_used, data, len);
	out->arena_used += len;
	a->len += len;
	return 0;
}

void l2tp_log(struct l2tp_ctx *ctx, enum l2tp_log_level level,
	      const char *fmt, ...)
{
	struct l2tp_action *a;
	char text[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(text))
		n = sizeof(text) - 1;
	/* The NUL goes along, so data can be printed as a string. */
	a = l2tp_out_push(ctx, L2TP_ACT_LOG, text, (size_t)n + 1);
	if (a) {
		a->level = level;
		a->len = (size_t)n;
	}
}

void l2tp_addr_str(const struct sockaddr *sa, char *buf, size_t cap)
{
	const struct sockaddr_in6 *s6 = (const void *)sa;
	const struct sockaddr_in *s4 = (const void *)sa;
	char a[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET &&
	    inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a)))
		snprintf(buf, cap, "%s:%u", a, ntohs(s4->sin_port));
	else if (sa->sa_family == AF_INET6 &&
		 inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a)))
		snprintf(buf, cap, "[%s]:%u", a, ntohs(s6->sin6_port));
	else
		snprintf(buf, cap, "(family %u)", sa->sa_family);
}

const char *l2tp_tunnel_peer_str(const struct l2tp_tunnel *t)
{
	static char buf[L2TP_ADDR_STRLEN];

	l2tp_addr_str(&t->peer.sa, buf, sizeof(buf));
	return buf;
}
