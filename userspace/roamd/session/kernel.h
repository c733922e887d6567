/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roamd's side of the kernel's session table: one generic netlink socket
 * of the "roam" family for every access method, the allocator of kernel
 * session ids (unique across methods), add and delete, and the removal of
 * sessions an earlier roamd left behind.
 *
 * The session layer reaches the kernel only through struct session_kernel,
 * so that its unit tests can put a recorder in the kernel's place.
 */
#ifndef ROAMD_SESSION_KERNEL_H
#define ROAMD_SESSION_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session_info.h"

struct session_kernel_ops {
	/* 0, or -1 with the kernel's words in err */
	int (*add)(void *ctx, const struct roam_session_info *s,
		   char *err, size_t errlen);
	/* 0 (also when it was already gone), or -1 with err */
	int (*del)(void *ctx, uint32_t ifindex, uint32_t id,
		   char *err, size_t errlen);
	/*
	 * Change a session declared early (PPTP): its state (0: unchanged),
	 * its address (0: unchanged), its MPPE keys (NULL: unchanged).
	 */
	int (*set)(void *ctx, uint32_t ifindex, uint32_t id, uint32_t state,
		   uint32_t ipv4, const struct roam_pptp_mppe *mppe,
		   char *err, size_t errlen);
	/*
	 * The client moved (its NAT gave it a new public address): the
	 * session's peer, host order (port 0: unchanged).  May be NULL.
	 */
	int (*peer)(void *ctx, uint32_t ifindex, uint32_t id, uint32_t ipv4,
		    uint16_t port, char *err, size_t errlen);
	/* A PPP control frame, from its protocol field, through the kernel. */
	int (*send)(void *ctx, uint32_t ifindex, uint32_t id,
		    const uint8_t *frame, size_t len, char *err, size_t errlen);
	/* The session's counters (accounting); 0, or -1.  May be NULL. */
	int (*stats)(void *ctx, uint32_t ifindex, uint32_t id,
		     struct roam_session_info *out);
};

struct session_kernel {
	const struct session_kernel_ops *ops;
	void *ctx;
	uint32_t next_id;	/* the last id handed out */
	/*
	 * The roam module was unloaded while roamd ran.  Resolving the
	 * family by name would load it again (the kernel's generic netlink
	 * controller asks for the module of an unknown family): nothing is
	 * asked of the kernel until the module announces itself again.
	 */
	bool unloaded;
	/*
	 * Kinds (bit ROAM_KIND_*) whose encapsulation module was unloaded
	 * under live sessions: adding one would load it again (the kernel
	 * asks for "roam-encap-KIND"), so roamd refuses until it is back.
	 */
	uint32_t encap_removed;
};

/*
 * The real kernel: opens the roam family and, with flush, removes the
 * sessions of the kinds roamd carries that an earlier roamd left.
 * Without: they stay (a restart that takes some over has already removed
 * the others, restart/recover.c).  Returns 0, or -1 when the family
 * cannot be reached (logged; sessions then fail to go up).
 */
int session_kernel_open(struct session_kernel *k, bool flush);
void session_kernel_close(struct session_kernel *k);

/*
 * The roam family went away (module unloaded): drop the socket, ask
 * nothing more.  session_kernel_reopen() when it is back (it announced
 * itself: resolving it loads nothing).
 */
void session_kernel_unloaded(struct session_kernel *k);
int session_kernel_reopen(struct session_kernel *k);
/* The family's id while reachable; 0 when not. */
int session_kernel_family(const struct session_kernel *k);
/* Its sessions (all devices), for a resync; -1 when unreachable. */
int session_kernel_list(struct session_kernel *k,
			struct roam_session_info **s, size_t *n);

/* The module of this kind went away under sessions (logged once). */
void session_kernel_encap_gone(struct session_kernel *k, uint32_t kind);
/*
 * true, with why in err, when a session of this kind may not be added:
 * its module was removed and is still absent.
 */
bool session_kernel_encap_refused(struct session_kernel *k, uint32_t kind,
				  char *err, size_t errlen);

/* A kernel session id no session of ours holds now; never 0. */
uint32_t session_kernel_id(struct session_kernel *k);

#endif /* ROAMD_SESSION_KERNEL_H */
