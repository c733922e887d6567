/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When to read a netlink dump again.  The kernel marks a dump interrupted
 * (NLM_F_DUMP_INTR) when its list changed while it was read: sessions
 * came or went, so rows may be missing or doubled.  Such a reading is
 * thrown away and the dump read again from the start, a bounded number of
 * times, so that a list that keeps changing still gets an answer (an
 * error that says so) in bounded time.  Kept apart from the netlink code
 * so that the decision is tested without a kernel.
 */
#ifndef ROAM_DUMP_RETRY_H
#define ROAM_DUMP_RETRY_H

#include <stdbool.h>

/*
 * How many readings at most.  On a busy gateway one more is usually
 * enough; eight bound the time of a list that never settles.
 */
#define ROAM_DUMP_TRIES	8

enum roam_dump_next {
	ROAM_DUMP_DONE,		/* a consistent reading, or a real error */
	ROAM_DUMP_AGAIN,	/* interrupted: read it again */
	ROAM_DUMP_GIVE_UP,	/* interrupted every time: say so */
};

/*
 * After reading number tries (1 for the first) ended with failed (and,
 * when it failed, the positive errno error; EAGAIN is how the netlink
 * code reports an interrupted dump): what next.
 */
enum roam_dump_next roam_dump_retry(unsigned int tries, bool failed,
				    int error);

#endif /* ROAM_DUMP_RETRY_H */
