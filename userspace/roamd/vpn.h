/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VPN services of roamd: IKE (ike_io.c, ipsec.c), the L2TP network
 * server (lns.c) and the PPP calls it carries (call.c), with one timer
 * for all of them. main.c starts and stops them; exec.c shows them.
 */
#ifndef ROAMD_VPN_H
#define ROAMD_VPN_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"
#include "print.h"
#include "session_merge.h"

struct roamd;

/*
 * One service: its deadline is asked after every event, and its timer
 * runs when that deadline has passed.
 */
struct vpn_engine {
	const char *name;
	int (*start)(struct roamd *d);
	void (*stop)(struct roamd *d);
	uint64_t (*deadline)(struct roamd *d);	/* UINT64_MAX: none */
	void (*timer)(struct roamd *d, uint64_t now);
	void (*settings_changed)(struct roamd *d);
	/* prints the objects it owns; false if obj is not one of them */
	bool (*show)(struct roamd *d, enum roam_obj obj, struct roam_print *p,
		     bool stats);
	/* adds a view of each of its calls ("session show"); -1: no memory */
	int (*calls)(struct roamd *d, struct roam_call_list *l);
	/*
	 * closes its call on kernel session id (on ifindex; 0: any device)
	 * as its protocol closes; false when it has no such call
	 */
	bool (*close_session)(struct roamd *d, uint32_t ifindex, uint32_t id);
};

extern const struct vpn_engine ike_engine;	/* ike_io.c */
extern const struct vpn_engine lns_engine;	/* lns.c */

struct sockaddr_in;
/* ike_io.c: the IKE peer whose inbound SA sets this mark; false if none. */
bool ike_io_mark_peer(struct roamd *d, uint32_t mark,
		      struct sockaddr_in *peer);
/* lns.c: the client behind this SA mark has no IPsec any more. */
void lns_binding_gone(struct roamd *d, uint32_t mark);

int vpn_start(struct roamd *d);
void vpn_stop(struct roamd *d);
/* The configuration (PSKs, options) changed: tell the engines. */
void vpn_settings_changed(struct roamd *d);
/* psk, ike, ipsec, l2tp, ppp show */
void vpn_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
	      bool stats);
/* session show: every engine's calls; -1 when out of memory. */
int vpn_calls(struct roamd *d, struct roam_call_list *l);
/* session del: the engine whose call is on that kernel session closes it. */
bool vpn_close_session(struct roamd *d, uint32_t ifindex, uint32_t id);
/* Monotonic milliseconds, the time base of every engine. */
uint64_t vpn_now_ms(void);
/* Re-arm the shared timer after an engine's deadline may have moved. */
void vpn_timer_update(struct roamd *d);

#endif /* ROAMD_VPN_H */
