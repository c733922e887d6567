/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PPTP access service (access/pptp.c) and its show (access/pptp_show.c).
 */
#ifndef ROAMD_ACCESS_PPTP_H
#define ROAMD_ACCESS_PPTP_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "hashtab.h"
#include "loop.h"
#include "pptp/pptp.h"
#include "print.h"

struct roamd;

/* A PPTP call: the priv part of its session (session/session.h). */
struct pptp_call_state {
	uint32_t conn;			/* the engine's connection id */
	uint16_t call_id;		/* ours: the GRE key the client sends */
	uint16_t peer_call_id;		/* the client's */
	struct in_addr local;		/* our address the client reached */
};

/* One TCP control connection. */
struct pptp_conn_io {
	struct pptp_conn_io *next;	/* on svc->conns, or svc->closed */
	struct pptp_conn_io **pprev;	/* on svc->conns */
	struct roamd_pptp *svc;
	uint32_t id;			/* the engine's; 0 once it forgot it */
	struct hashtab_node by_id;	/* in svc->conns_by_id while id */
	int fd;				/* -1 once closed */
	struct roamd_watch watch;
	struct sockaddr_in peer;
	/* what could not be written yet: a slow client blocks nobody */
	uint8_t *out;
	size_t out_len, out_cap;
	bool want_write;		/* EPOLLOUT asked for */
	bool close_after_write;		/* the engine said CLOSE */
};

/* One engine call's actions, waiting to be run. */
struct pptp_batch {
	struct pptp_batch *next;
	struct pptp_actions a;
};

struct roamd_pptp {
	struct roamd *d;
	struct pptp_ctx *ctx;
	int listen_fd;			/* TCP 1723 */
	struct roamd_watch listen_watch;
	int gre_fd;			/* raw GRE: PPP control frames */
	struct roamd_watch gre_watch;
	uint64_t deadline;		/* the engine's timer; 0: none */
	struct pptp_batch *pending, **pending_tail;
	struct pptp_conn_io *conns;	/* open */
	struct hashtab conns_by_id;	/* open, that the engine knows */
	struct pptp_conn_io *closed;	/* freed by conns_reap() */
	bool reap_armed;		/* closed connections wait for idle */
	uint64_t rx_gre_malformed;	/* raw GRE we could not parse */
	uint64_t rx_gre_unknown;	/* for no call of ours */
	uint64_t tx_overflow;		/* connections cut: output too large */
};

/* pptp show; false for other objects */
bool pptp_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
	       bool stats);

/* daemon show -s: PPTP control and GRE input dropped, by cause; nothing when the service is off */
void pptp_show_drops(struct roamd *d, struct roam_print *p);

#endif /* ROAMD_ACCESS_PPTP_H */
