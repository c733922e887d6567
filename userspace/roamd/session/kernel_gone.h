/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel sessions that the kernel deleted by itself: the roam device was
 * deleted, the module of the encapsulation or roam itself was unloaded,
 * or an administrator deleted one over netlink without roamd.  The call
 * on it ends as if closed from our side, so the client learns at once
 * (PPP Terminate, then the L2TP CDN or the PPTP Call-Disconnect-Notify),
 * and its address goes back when the call is gone (session.h).
 *
 * No I/O here: kernel_events.c reads the kernel's notifications and calls
 * these; the unit tests call them directly.
 */
#ifndef ROAMD_SESSION_KERNEL_GONE_H
#define ROAMD_SESSION_KERNEL_GONE_H

#include <stdbool.h>
#include <stdint.h>

#include "session/session.h"

/* Why, in the log's words, from enum roam_del_reason. */
const char *session_kernel_gone_reason(uint32_t del_reason);

/*
 * Kernel session id on ifindex is gone; true when a session of ours
 * had it (roamd's own deletions clear kernel_id first: they never match).
 */
bool session_kernel_gone(struct session_table *t, uint32_t ifindex,
			 uint32_t id, const char *why, uint64_t now);

/* Every kernel session is gone (the module went); how many were ours. */
unsigned int session_kernel_all_gone(struct session_table *t,
				     const char *why, uint64_t now);

/*
 * After lost notifications: ours that are not among the kernel's
 * sessions listed (n of them) are gone.  How many.
 */
unsigned int session_kernel_resync(struct session_table *t,
				   const struct roam_session_info *k,
				   size_t n, uint64_t now);

#endif /* ROAMD_SESSION_KERNEL_GONE_H */
