/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One session as "session show" and "monitor" print it, in text or JSON:
 * the kernel's view, roamd's (user, protocol, PPP phase, uptime), or both
 * merged.  Shared by roam (the kernel's table alone) and roamd (merged),
 * so that the keys and their meaning are defined once.
 */
#ifndef ROAM_SESSION_PRINT_H
#define ROAM_SESSION_PRINT_H

#include <stdbool.h>

#include "print.h"
#include "session_info.h"

/*
 * The name of the last device looked up: the rows of one listing are
 * sorted by device, and if_indextoname() is a system call (an ioctl on a
 * socket it opens) per row otherwise. Valid for one listing only, since a
 * device may be renamed between two.
 */
struct roam_ifname_cache {
	uint32_t ifindex;	/* 0: empty */
	char name[16];		/* IF_NAMESIZE */
};

/*
 * Print the fields of one session into an open object.  s or call may be
 * NULL, not both.  Counters (kernel and L2TP) only with stats.
 */
void roam_session_print(struct roam_print *p,
			const struct roam_session_info *s,
			const struct roam_call_view *call, bool stats);

/* Print rows as "session show" does: an array, one object a line. */
void roam_session_print_rows(struct roam_print *p,
			     const struct roam_session_row *rows, size_t n,
			     bool stats);

/*
 * The same listing a row at a time, as rows are decoded: begin, a row
 * each, end.  Rows must come in the order roam_session_merge() gives.
 */
struct roam_session_listing {
	struct roam_print *p;
	bool stats;
	struct roam_ifname_cache names;
};

void roam_session_listing_begin(struct roam_session_listing *l,
				struct roam_print *p, bool stats);
void roam_session_listing_row(struct roam_session_listing *l,
			      const struct roam_session_info *s,
			      const struct roam_call_view *call);
void roam_session_listing_end(struct roam_session_listing *l);

#endif /* ROAM_SESSION_PRINT_H */
