/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The context shared by the L2TP files (not part of the public API): the
 * tunnel tables, the timer heap, counters, and the action list of the
 * call in progress.
 */
#ifndef ROAM_L2TP_CTX_H
#define ROAM_L2TP_CTX_H

#include "l2tp.h"
#include "timerq.h"

struct l2tp_tunnel;

#define L2TP_NAME_MAX	64

struct l2tp_ctx {
	struct l2tp_config cfg;
	uint8_t *secret;		/* our copy; NULL when none */
	char host_name[L2TP_NAME_MAX];
	char vendor_name[L2TP_NAME_MAX];

	/* Two hashes of the tunnels, of one size (a power of two). */
	struct l2tp_tunnel **by_id;	/* by our tunnel ID */
	struct l2tp_tunnel **by_peer;	/* by (address, binding) */
	uint32_t hash_mask;
	uint32_t ntunnels;
	struct timerq timers;
	/*
	 * Tunnels unlinked during this call.  They are freed when the call
	 * returns, never under the feet of code still looking at them.
	 */
	struct l2tp_tunnel *graveyard;

	struct l2tp_stats stats;
	/* new tunnels are refused while the host says so (l2tp_set_busy) */
	bool busy;
	/*
	 * Bumped whenever what l2tp_foreach_tunnel() reports may have
	 * changed (a tunnel established or gone, Ns, Nr or the oldest
	 * unacknowledged Ns moved on), so
	 * that the restart state is rebuilt only then.
	 */
	uint64_t saved_changes;

	/* Set for the duration of each public call. */
	struct l2tp_actions *out;
	uint64_t now;
};

/* actions.c: recording what the event loop must do. */
void l2tp_out_begin(struct l2tp_ctx *ctx, struct l2tp_actions *out,
		    uint64_t now);
void l2tp_out_end(struct l2tp_ctx *ctx);
/* Append an action; data (if any) is copied.  NULL if memory ran out. */
struct l2tp_action *l2tp_out_push(struct l2tp_ctx *ctx,
				  enum l2tp_action_type type,
				  const void *data, size_t len);
/* Extend the data of the action pushed last. */
int l2tp_out_append(struct l2tp_ctx *ctx, struct l2tp_action *a,
		    const void *data, size_t len);
__attribute__((format(printf, 3, 4)))
void l2tp_log(struct l2tp_ctx *ctx, enum l2tp_log_level level,
	      const char *fmt, ...);
/* "192.0.2.1:1701" or "[2001:db8::1]:1701" */
#define L2TP_ADDR_STRLEN 64	/* "[" INET6_ADDRSTRLEN "]:65535" */
void l2tp_addr_str(const struct sockaddr *sa, char *buf, size_t cap);
/*
 * The tunnel's peer as l2tp_addr_str() writes it, for a log line:
 * formatted at each call into one buffer, valid until the next call
 * (so at most one a statement). Kept nowhere: a tunnel spends its life
 * without logging, and 64 bytes in each of 10,000 tunnels is 640 KB.
 */
const char *l2tp_tunnel_peer_str(const struct l2tp_tunnel *t);

/* l2tp.c: tables. */
void l2tp_tunnel_hash(struct l2tp_ctx *ctx, struct l2tp_tunnel *t);
void l2tp_tunnel_unhash(struct l2tp_ctx *ctx, struct l2tp_tunnel *t);
struct l2tp_tunnel *l2tp_tunnel_by_id(struct l2tp_ctx *ctx, uint16_t tid);
void l2tp_random(struct l2tp_ctx *ctx, void *buf, size_t len);
uint16_t l2tp_random_id(struct l2tp_ctx *ctx);

#endif /* ROAM_L2TP_CTX_H */
