// SPDX-License-Identifier: GPL-2.0
/*
 * The actions a handler returns to the event loop.  A failed allocation
 * drops the action: the peer retransmits and the next attempt may work,
 * which is better than a half-applied state change.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* vasprintf */
#endif
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sa.h"

void ike_actions_init(struct ike_actions *a)
{
	memset(a, 0, sizeof(*a));
}

void ike_actions_clear(struct ike_actions *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		struct ike_action *x = &a->v[i];

		if (x->type == IKE_ACT_SEND)
			free(x->send.buf);
		else if (x->type == IKE_ACT_LOG)
			free(x->log.text);
	}
	if (a->v)
		ike_wipe(a->v, a->cap * sizeof(*a->v));	/* SA keys */
	free(a->v);
	if (a->ev)
		ike_wipe(a->ev, a->cap_ev * sizeof(*a->ev));	/* passwords */
	free(a->ev);
	ike_actions_init(a);
}

struct ike_event *ike_event_push(struct ike_ctx *ctx, enum ike_event_type t,
				 const struct ike_sa *sa)
{
	struct ike_actions *a = ctx->out;
	struct ike_event *e;

	if (!a)
		return NULL;
	if (a->n_ev == a->cap_ev) {
		size_t cap = a->cap_ev ? a->cap_ev * 2 : 4;

		e = calloc(cap, sizeof(*e));
		if (!e)
			return NULL;
		if (a->ev) {
			memcpy(e, a->ev, a->n_ev * sizeof(*e));
			ike_wipe(a->ev, a->cap_ev * sizeof(*e));
			free(a->ev);
		}
		a->ev = e;
		a->cap_ev = cap;
	}
	e = &a->ev[a->n_ev++];
	memset(e, 0, sizeof(*e));
	e->type = t;
	e->sa_id = sa->serial;
	e->remote = sa->remote;
	if (sa->ra) {
		snprintf(e->group, sizeof(e->group), "%s", sa->ra->group);
		snprintf(e->user, sizeof(e->user), "%s", sa->ra->user);
	}
	return e;
}

static struct ike_action *push(struct ike_ctx *ctx, enum ike_action_type t)
{
	struct ike_actions *a = ctx->out;
	struct ike_action *x;

	if (!a)
		return NULL;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;

		x = calloc(cap, sizeof(*x));
		if (!x)
			return NULL;
		if (a->v) {
			memcpy(x, a->v, a->n * sizeof(*x));
			ike_wipe(a->v, a->cap * sizeof(*x));
			free(a->v);
		}
		a->v = x;
		a->cap = cap;
	}
	x = &a->v[a->n++];
	memset(x, 0, sizeof(*x));
	x->type = t;
	return x;
}

void ike_log(struct ike_ctx *ctx, enum ike_log_level level,
	     const char *fmt, ...)
{
	struct ike_action *x;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	x = push(ctx, IKE_ACT_LOG);
	if (!x) {
		free(s);
		return;
	}
	x->log.level = level;
	x->log.text = s;
}

void ike_act_sa_map(struct ike_ctx *ctx, const struct ike_child_sa *sa,
		    const struct ike_addr *old_remote)
{
	struct ike_action *x = push(ctx, IKE_ACT_SA_MAP);

	if (!x)
		return;
	x->map.id = sa->id;
	x->map.spi_in = sa->spi_in;
	x->map.spi_out = sa->spi_out;
	x->map.old_remote = *old_remote;
	x->map.new_remote = sa->remote;
}

void ike_send(struct ike_ctx *ctx, const struct ike_addr *local,
	      const struct ike_addr *remote, const uint8_t *buf, size_t len)
{
	struct ike_action *x;
	uint8_t *copy = malloc(len);

	if (!copy)
		return;
	memcpy(copy, buf, len);
	x = push(ctx, IKE_ACT_SEND);
	if (!x) {
		free(copy);
		return;
	}
	x->send.local = *local;
	x->send.remote = *remote;
	x->send.buf = copy;
	x->send.len = len;
}

void ike_act_sa_add(struct ike_ctx *ctx, const struct ike_esp_sa *sa)
{
	struct ike_action *x = push(ctx, IKE_ACT_SA_ADD);

	if (x)
		x->sa = *sa;
}

void ike_act_sa_del(struct ike_ctx *ctx, const struct ike_esp_sa *sa)
{
	struct ike_action *x = push(ctx, IKE_ACT_SA_DEL);

	if (!x)
		return;
	x->sa = *sa;
	/* A delete needs no keys: never hand them out again. */
	ike_wipe(x->sa.enc_key_in, sizeof(x->sa.enc_key_in));
	ike_wipe(x->sa.enc_key_out, sizeof(x->sa.enc_key_out));
	ike_wipe(x->sa.auth_key_in, sizeof(x->sa.auth_key_in));
	ike_wipe(x->sa.auth_key_out, sizeof(x->sa.auth_key_out));
}

void ike_act_timer(struct ike_ctx *ctx, uint64_t deadline)
{
	struct ike_action *x = push(ctx, IKE_ACT_TIMER);

	if (x)
		x->deadline_ms = deadline;
}

void ike_addr_str(const struct ike_addr *a, bool port, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family == AF_INET6 ? AF_INET6 : AF_INET, a->ip, ip,
		       sizeof(ip)))
		snprintf(ip, sizeof(ip), "?");
	if (!port)
		snprintf(buf, len, "%s", ip);
	else if (a->family == AF_INET6)
		snprintf(buf, len, "[%s]:%u", ip, a->port);
	else
		snprintf(buf, len, "%s:%u", ip, a->port);
}

void ike_msgcopy_set(struct ike_msgcopy *m, const uint8_t *buf, size_t len)
{
	uint8_t *p = malloc(len);

	free(m->buf);
	m->buf = p;
	m->len = p ? len : 0;
	if (p)
		memcpy(p, buf, len);
}

void ike_msgcopy_free(struct ike_msgcopy *m)
{
	free(m->buf);
	m->buf = NULL;
	m->len = 0;
}
