// SPDX-License-Identifier: GPL-2.0
/*
 * The roam generic netlink family as the session layer uses it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/roam.h>

#include "genl.h"
#include "log.h"
#include "session/kernel.h"

#define NOT_LOADED "the roam module is not loaded (roamd does not load it again once removed)"

static int genl_add(void *ctx, const struct roam_session_info *s, char *err,
		    size_t errlen)
{
	struct roam_nl_err e;

	if (!ctx) {
		snprintf(err, errlen, NOT_LOADED);
		return -1;
	}
	if (!roam_genl_session_new(ctx, s, &e))
		return 0;
	snprintf(err, errlen, "%s", e.msg);
	return -1;
}

static int genl_del(void *ctx, uint32_t ifindex, uint32_t id, char *err,
		    size_t errlen)
{
	struct roam_nl_err e;

	if (!ctx || !roam_genl_session_del(ctx, ifindex, id, &e) ||
	    e.error == ENOENT || e.error == ENODEV)
		return 0;
	snprintf(err, errlen, "%s", e.msg);
	return -1;
}

static int genl_set(void *ctx, uint32_t ifindex, uint32_t id, uint32_t state,
		    uint32_t ipv4, const struct roam_pptp_mppe *mppe,
		    char *err, size_t errlen)
{
	struct roam_nl_err e;

	if (!ctx) {
		snprintf(err, errlen, NOT_LOADED);
		return -1;
	}
	if (!roam_genl_session_update(ctx, ifindex, id, state, ipv4, mppe, &e))
		return 0;
	snprintf(err, errlen, "%s", e.msg);
	return -1;
}

static int genl_peer(void *ctx, uint32_t ifindex, uint32_t id,
		     uint32_t ipv4, uint16_t port, char *err, size_t errlen)
{
	struct roam_nl_err e;

	if (!ctx) {
		snprintf(err, errlen, NOT_LOADED);
		return -1;
	}
	if (!roam_genl_session_set_peer(ctx, ifindex, id, ipv4, port, &e))
		return 0;
	snprintf(err, errlen, "%s", e.msg);
	return -1;
}

static int genl_send(void *ctx, uint32_t ifindex, uint32_t id,
		     const uint8_t *frame, size_t len, char *err,
		     size_t errlen)
{
	struct roam_nl_err e;

	if (!ctx) {
		snprintf(err, errlen, NOT_LOADED);
		return -1;
	}
	if (!roam_genl_session_send(ctx, ifindex, id, frame, len, &e))
		return 0;
	snprintf(err, errlen, "%s", e.msg);
	return -1;
}

static int genl_stats(void *ctx, uint32_t ifindex, uint32_t id,
		      struct roam_session_info *out)
{
	struct roam_session_info *v = NULL;
	struct roam_nl_err e;
	size_t n = 0;
	int r = -1;

	if (!ctx || roam_genl_session_list(ctx, ifindex, id, &v, &n, &e))
		return -1;
	if (n >= 1 && v[0].has_stats) {
		*out = v[0];
		r = 0;
	}
	free(v);
	return r;
}

static const struct session_kernel_ops genl_ops = {
	.add = genl_add,
	.del = genl_del,
	.set = genl_set,
	.peer = genl_peer,
	.send = genl_send,
	.stats = genl_stats,
};

/* Kernel sessions left by an earlier roamd belong to nobody now. */
static void flush_stale(struct roam_genl *g)
{
	struct roam_session_info *s = NULL;
	struct roam_nl_err e;
	size_t n = 0, i, gone = 0;

	if (roam_genl_session_list(g, 0, 0, &s, &n, &e))
		return;
	for (i = 0; i < n; i++) {
		if (s[i].kind != ROAM_KIND_L2TP && s[i].kind != ROAM_KIND_PPTP)
			continue;
		if (!roam_genl_session_del(g, s[i].ifindex, s[i].id, &e))
			gone++;
	}
	if (gone)
		log_info("removed %zu kernel sessions left by an earlier roamd",
			 gone);
	free(s);
}

static int genl_connect(struct session_kernel *k, bool flush)
{
	struct roam_genl *g = calloc(1, sizeof(*g));
	struct roam_nl_err e;

	if (!g) {
		log_err("sessions cannot reach the kernel: out of memory");
		return -1;
	}
	if (roam_genl_open(g, &e)) {
		log_warn("sessions cannot reach the kernel: %s", e.msg);
		free(g);
		return -1;
	}
	k->ctx = g;
	if (flush)
		flush_stale(g);
	return 0;
}

int session_kernel_open(struct session_kernel *k, bool flush)
{
	k->ops = &genl_ops;
	k->ctx = NULL;
	k->next_id = 0;
	k->unloaded = false;
	return genl_connect(k, flush);
}

void session_kernel_unloaded(struct session_kernel *k)
{
	session_kernel_close(k);
	k->unloaded = true;
}

int session_kernel_reopen(struct session_kernel *k)
{
	if (k->ops != &genl_ops)
		return -1;
	session_kernel_close(k);
	k->unloaded = false;
	/* a module loaded again holds no session */
	return genl_connect(k, true);
}

int session_kernel_family(const struct session_kernel *k)
{
	const struct roam_genl *g = k->ctx;

	return k->ops == &genl_ops && g ? g->family : 0;
}

int session_kernel_list(struct session_kernel *k,
			struct roam_session_info **s, size_t *n)
{
	struct roam_nl_err e;

	*s = NULL;
	*n = 0;
	if (k->ops != &genl_ops || !k->ctx)
		return -1;
	if (roam_genl_session_list(k->ctx, 0, 0, s, n, &e)) {
		log_warn("kernel sessions cannot be listed: %s", e.msg);
		return -1;
	}
	return 0;
}

void session_kernel_close(struct session_kernel *k)
{
	if (k->ops == &genl_ops && k->ctx) {
		roam_genl_close(k->ctx);
		free(k->ctx);
	}
	k->ctx = NULL;
}
