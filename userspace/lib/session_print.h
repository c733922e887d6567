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

#endif /* ROAM_SESSION_PRINT_H */
