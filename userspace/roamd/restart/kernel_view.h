/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's side of a restart: dump the xfrm SAs and policies (one
 * XFRM netlink socket of its own, used only while roamd starts) into the
 * view reconcile() reads, and remove what it decided.
 */
#ifndef ROAMD_RESTART_KERNEL_VIEW_H
#define ROAMD_RESTART_KERNEL_VIEW_H

#include "restart/reconcile.h"

struct kview_store {
	struct kview_sa *sa;
	size_t n_sa, cap_sa;
	struct kview_policy *pol;
	size_t n_pol, cap_pol;
};

/*
 * Pure: add the SAs (XFRM_MSG_NEWSA) and policies (XFRM_MSG_NEWPOLICY) of
 * one dump datagram to st.  Returns 1 at NLMSG_DONE, 0 for more, -1 on an
 * error message or a malformed one (kernel input, still bounds-checked).
 */
int kview_parse_xfrm(const void *buf, size_t len, struct kview_store *st);
void kview_store_free(struct kview_store *st);

/* Dump both into st: 0, or a negative errno. */
int kview_dump_xfrm(int fd, struct kview_store *st);
/* Remove one SA / policy; 0 (also when already gone) or a negative errno. */
int kview_sa_del(int fd, const struct kview_sa *sa);
int kview_policy_del(int fd, const struct kview_policy *pol);

#endif /* ROAMD_RESTART_KERNEL_VIEW_H */
