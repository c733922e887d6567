/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The L2TP access service (access/l2tp.c) and its show (access/l2tp_show.c).
 */
#ifndef ROAMD_ACCESS_L2TP_H
#define ROAMD_ACCESS_L2TP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "hashtab.h"
#include "l2tp/l2tp.h"
#include "loop.h"
#include "print.h"

struct roamd;

/* Refused plaintext L2TP: one log line per this many seconds at most. */
#define L2TP_REFUSED_LOG_S	10

/* An L2TP call: the priv part of its session (session/session.h). */
struct l2tp_call {
	uint16_t tunnel_id, session_id;		/* ours */
	uint16_t peer_tunnel_id, peer_session_id;
	uint32_t mark;				/* the IPsec SA's; 0 plain */
};

/* One engine call's actions, waiting to be run. */
struct l2tp_batch {
	struct l2tp_batch *next;
	struct l2tp_actions a;
};

struct roamd_l2tp {
	struct roamd *d;
	int fd;				/* UDP 1701 */
	struct roamd_watch watch;
	struct l2tp_ctx *l2tp;
	uint64_t deadline;		/* the engine's timer; 0: none */
	/* the engine's actions, in the order its calls made them */
	struct l2tp_batch *pending, **pending_tail;
	/* open tunnels (struct lns_tunnel) by id and by their SA's mark */
	struct hashtab tunnels_by_id, tunnels_by_mark;
	/* clients whose last SA went, not acted on yet */
	uint32_t *sa_gone;
	size_t nsa_gone, sa_gone_cap;
	/* clients (marks) that moved to a new address (ipsec/remap.c) */
	struct l2tp_sa_move {
		uint32_t mark;
		struct in_addr addr;
	} *sa_moved;
	size_t nsa_moved, sa_moved_cap;
	uint64_t rx_no_ipsec;		/* L2TP refused: not through IPsec */
	/* refusals since the last line, and when the next may be logged */
	uint64_t refused_unlogged, refused_log_at;
};

/* A new batch at the end of the engine's queue; NULL: out of memory. */
struct l2tp_actions *l2tp_batch_new(struct roamd_l2tp *l);
/*
 * Run the queued batches now rather than at the next settle: a StopCCN
 * that must leave through the client's SA before its SAs are deleted.
 */
void l2tp_run_queued(struct roamd_l2tp *l, uint64_t now);
/*
 * The session of a call the engine reports with x (SESSION_ADD, or one
 * a restarted roamd made up for a call it takes over), its kernel
 * template and view filled, indexed by its call; with PPP attached
 * unless with_ppp is false (a resumed call gets its PPP from
 * ppp_link_resume()).  NULL: out of memory.
 */
struct roamd_session *l2tp_call_new(struct roamd_l2tp *l,
				    const struct l2tp_action *x,
				    bool with_ppp);

/* l2tp show; false for other objects */
bool l2tp_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
	       bool stats);

/* daemon show -s: L2TP control input dropped, by cause; nothing when the service is off */
void l2tp_show_drops(struct roamd *d, struct roam_print *p);

#endif /* ROAMD_ACCESS_L2TP_H */
