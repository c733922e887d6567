/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "session show" as one list: the kernel's sessions, each joined with
 * roamd's call on it, and the calls the kernel does not carry yet (still
 * authenticating).  Pure: no I/O, so that it is unit-tested alone.
 */
#ifndef ROAM_SESSION_MERGE_H
#define ROAM_SESSION_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "session_info.h"

/*
 * Fill rows (room for ns + nc) and return how many there are.
 *
 * s: the kernel's sessions, as it answered "show [dev] [id]".
 * calls: every call roamd has; a call belongs to the kernel session on
 * its device with its kernel_id.
 * ifindex, id: the filter of "show" (0: none).  A call without a kernel
 * session has no id, so it is listed only when no id is asked for, and
 * only for its own device.
 *
 * Kernel sessions come first, by device and id; then the other calls,
 * oldest first.  The rows point into s and calls.
 */
size_t roam_session_merge(const struct roam_session_info *s, size_t ns,
			  const struct roam_call_view *calls, size_t nc,
			  uint32_t ifindex, uint32_t id,
			  struct roam_session_row *rows);

/* A growing list of call views, filled by roamd's engines. */
struct roam_call_list {
	struct roam_call_view *v;
	size_t n, cap;
};

/* A zeroed view at the end of the list; NULL when out of memory. */
struct roam_call_view *roam_call_list_add(struct roam_call_list *l);
void roam_call_list_free(struct roam_call_list *l);

#endif /* ROAM_SESSION_MERGE_H */
