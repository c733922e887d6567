/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roamd's access services (IKE in access/ike.c, L2TP in access/l2tp.c,
 * PPTP in access/pptp.c), the session layer they share (session/), and one timer for
 * all of them.  main.c starts and stops them; exec.c shows them.
 *
 * Handlers of events (a datagram, a timer, a control request) only
 * queue work.  After every batch of events the loop calls
 * services_settle() (an idle callback, loop.h): each service does what it
 * queued (sends, calls closed), verdicts of authentication are handed to
 * their sessions, and this repeats until nobody has work left; then DEAD
 * sessions are freed and the timer re-armed.  That is the one loop that
 * runs queued work: no service runs another's work from inside its own,
 * and no handler calls back into service.c.
 */
#ifndef ROAMD_SERVICE_H
#define ROAMD_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"
#include "print.h"

struct roamd;

struct roamd_service {
	const char *name;
	int (*start)(struct roamd *d);
	void (*stop)(struct roamd *d);
	uint64_t (*deadline)(struct roamd *d);	/* UINT64_MAX: none */
	void (*timer)(struct roamd *d, uint64_t now);
	/* Does what was queued for it; true if it did anything. */
	bool (*settle)(struct roamd *d, uint64_t now);
	void (*settings_changed)(struct roamd *d);
	/* prints the objects it owns; false if obj is not one of them */
	bool (*show)(struct roamd *d, enum roam_obj obj, struct roam_print *p,
		     bool stats);
};

extern const struct roamd_service ike_service;	/* access/ike.c */
extern const struct roamd_service l2tp_service;	/* access/l2tp.c */
extern const struct roamd_service pptp_service;	/* access/pptp.c */
extern const struct roamd_service radius_service;	/* aaa/radius.c */

int services_start(struct roamd *d);
void services_stop(struct roamd *d);
/* The configuration (PSKs, options, devices) changed: tell everyone. */
void services_settings_changed(struct roamd *d);
/* psk, ike, ipsec, l2tp, ppp show */
void services_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
		   bool stats);
/* Run the queued work of every service, free what died, re-arm. */
void services_settle(struct roamd *d);
/* Monotonic milliseconds, the time base of every engine. */
uint64_t roamd_now_ms(void);

#endif /* ROAMD_SERVICE_H */
