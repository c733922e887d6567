/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roamd listens to the kernel so that both agree on which sessions exist:
 * the roam family's "events" group (a session deleted by the kernel) and
 * the generic netlink controller's "notify" group (the roam family, that
 * is the module, gone or back).  One non-blocking socket in the loop.
 *
 * When the module goes, roamd says so in the log and asks the kernel
 * nothing until it is back (kernel.h: resolving the family would load
 * it); when it is back, roamd resolves it again and rejoins its group.
 * A burst that overflows the socket loses notifications: roamd then
 * compares its sessions with the kernel's list.
 */
#ifndef ROAMD_SESSION_KERNEL_EVENTS_H
#define ROAMD_SESSION_KERNEL_EVENTS_H

#include <stdbool.h>

#include "loop.h"

struct nl_sock;
struct session_table;

struct kernel_events {
	struct nl_sock *sk;
	struct roamd_watch watch;
	struct roamd_loop *loop;
	struct session_table *tab;
	int ctrl_family;		/* nlctrl's id (fixed, GENL_ID_CTRL) */
	unsigned int roam_group;	/* the events group joined; 0 none */
	bool resync;			/* notifications were lost */
};

/* 0, or -1 (logged: roamd runs on without following the kernel). */
int kernel_events_open(struct kernel_events *ev, struct session_table *t,
		       struct roamd_loop *l);
void kernel_events_close(struct kernel_events *ev);

#endif /* ROAMD_SESSION_KERNEL_EVENTS_H */
