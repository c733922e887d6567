/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A call: one PPP session over one L2TP session, from the L2TP session's
 * start to its end. PPP decides the user and the address; once IPCP is
 * up the session is declared to the kernel, which then carries its data.
 */
#ifndef ROAMD_CALL_H
#define ROAMD_CALL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "cmd.h"
#include "l2tp/l2tp.h"
#include "ppp/session.h"

struct roamd_lns;
struct roamd_pool;

struct call {
	struct call *next;
	struct roamd_lns *lns;
	uint16_t tunnel_id, session_id;		/* ours */
	uint16_t peer_tunnel_id, peer_session_id;
	uint32_t mark;				/* the IPsec SA's; 0 plain */
	struct sockaddr_in peer;
	struct ppp_session *ppp;
	struct timespec started;		/* CLOCK_MONOTONIC */
	uint32_t addr;				/* host order; 0 none yet */
	char pool[ROAM_POOL_NAME_MAX + 1];	/* "" for a fixed address */
	uint32_t kernel_id;			/* 0: not in the kernel */
	uint32_t kernel_ifindex;		/* the device it is on */
	bool closing;				/* PPP asked to terminate */
	bool finished;				/* PPP is over */
	bool l2tp_gone;				/* CDN sent or received */
};

struct call *call_new(struct roamd_lns *lns, const struct l2tp_action *a);
/* PPP frame from the client. */
void call_input(struct call *c, const uint8_t *frame, size_t len);
void call_start(struct call *c);
void call_timer(struct call *c, uint64_t now);
uint64_t call_deadline(const struct call *c);
/* The L2TP session is gone: stop PPP, leave the kernel, free. */
void call_free(struct call *c);
/* The L2TP session ended under PPP (CDN from the peer, tunnel down). */
void call_lower_down(struct call *c);
/* Close from our side (admin, IPsec gone): PPP terminates, then CDN. */
void call_close(struct call *c);

#endif /* ROAMD_CALL_H */
