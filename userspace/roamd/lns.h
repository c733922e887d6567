/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The L2TP network server: roamd's UDP 1701 socket, the L2TP control
 * engine (l2tp/), and the PPP calls it carries (call.c).
 */
#ifndef ROAMD_LNS_H
#define ROAMD_LNS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"
#include "genl.h"
#include "l2tp/l2tp.h"
#include "loop.h"
#include "print.h"
#include "session_merge.h"

struct roamd;
struct call;

struct roamd_lns {
	struct roamd *d;
	int fd;				/* UDP 1701 */
	struct roamd_watch watch;
	struct l2tp_ctx *l2tp;
	uint64_t l2tp_deadline;		/* 0: none */
	struct roam_genl genl;		/* kernel sessions */
	bool genl_open;
	struct call *calls;		/* every call, newest first */
	/* open tunnels and the SA (mark) each is bound to */
	struct lns_tunnel {
		uint16_t id;
		uint32_t mark;
	} *tunnels;
	size_t ntunnels, tunnels_cap;
	uint32_t next_kernel_id;
	uint64_t rx_no_ipsec;		/* L2TP refused: not through IPsec */
};

/* Run the L2TP engine's actions (sends, calls starting and ending). */
void lns_run(struct roamd_lns *lns, struct l2tp_actions *a);
/* lns_show.c: l2tp and ppp show */
bool lns_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
	      bool stats);
/* lns_show.c: a view of each call, for session show */
int lns_calls(struct roamd *d, struct roam_call_list *l);
/* Send a PPP frame of a call over its L2TP session. */
void lns_send_ppp(struct roamd_lns *lns, struct call *c, const uint8_t *frame,
		  size_t len);


#endif /* ROAMD_LNS_H */
