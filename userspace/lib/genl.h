/* SPDX-License-Identifier: GPL-2.0 */
/* Client of the "roam" generic netlink family (see uapi/linux/roam.h). */
#ifndef ROAM_GENL_H
#define ROAM_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nl.h"
#include "nl_dump.h"
#include "session_info.h"

struct roam_genl {
	struct nl_sock *sk;
	int family;
	/* how the session dump reads (nl_dump.h): NULL for nl_recv() */
	roam_nl_recv_fn recv;
};

/* Not an errno the kernel gives for a request: roam_genl_open() uses it
 * to say that the family does not exist (module not loaded). */
#define ROAM_GENL_NO_FAMILY	(-2)

struct roam_dev_info {
	uint32_t ifindex;
	char ifname[16];
	uint32_t sessions;
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	uint64_t rx_dropped, tx_dropped, tx_no_session;
};

/*
 * Connect and resolve the family.  Returns 0, ROAM_GENL_NO_FAMILY when
 * the kernel has no "roam" family, or -1 with e set.
 */
int roam_genl_open(struct roam_genl *g, struct roam_nl_err *e);
void roam_genl_close(struct roam_genl *g);

/* All roam devices (ifname NULL) or one.  *devs is malloc'ed. */
int roam_genl_dev_list(struct roam_genl *g, const char *ifname,
		       struct roam_dev_info **devs, size_t *n,
		       struct roam_nl_err *e);

/*
 * The only roam device there is ("session del ID" without dev); -1 with
 * e saying why when there is none, or more than one.
 */
int roam_genl_only_dev(struct roam_genl *g, uint32_t *ifindex,
		       struct roam_nl_err *e);

/* Sessions of one device (ifindex != 0) or of all; one if id != 0. */
int roam_genl_session_list(struct roam_genl *g, uint32_t ifindex,
			   uint32_t id, struct roam_session_info **s,
			   size_t *n, struct roam_nl_err *e);

/*
 * The same list a session at a time, as the dump is read (by a thread of
 * its own, nl_dump.h): begin(arg) before each reading, then row(s, arg)
 * for each session in the kernel's order, in the calling thread; s is
 * valid for the call only.  A reading the kernel marks interrupted is
 * read again from the start, begin() called again: what row() was given
 * of it is to be thrown away, and only the rows of the last reading
 * count, once this returns 0.  row returns 0, or -1 when out of memory
 * (the dump is read to its end, then fails with ENOMEM).
 */
struct roam_session_walk {
	void (*begin)(void *arg);
	int (*row)(const struct roam_session_info *s, void *arg);
	void *arg;
};

int roam_genl_session_walk(struct roam_genl *g, uint32_t ifindex,
			   uint32_t id, const struct roam_session_walk *w,
			   struct roam_nl_err *e);

int roam_genl_session_new(struct roam_genl *g,
			  const struct roam_session_info *s,
			  struct roam_nl_err *e);
int roam_genl_session_set(struct roam_genl *g, uint32_t ifindex,
			  uint32_t id, uint32_t state,
			  struct roam_nl_err *e);
int roam_genl_session_del(struct roam_genl *g, uint32_t ifindex,
			  uint32_t id, struct roam_nl_err *e);
/*
 * Delete the kernel session given IPv4 address addr (host order), on
 * ifindex or on any device (0).  -1 with e set when none has it.
 */
int roam_genl_session_del_ipv4(struct roam_genl *g, uint32_t ifindex,
			       uint32_t addr, struct roam_nl_err *e);

/*
 * A pptp session's MPPE keys and mode, and its state (0: unchanged) in
 * the same request, so that it goes up with its keys in place. The
 * caller wipes m afterwards.
 */
int roam_genl_session_set_mppe(struct roam_genl *g, uint32_t ifindex,
			       uint32_t id, uint32_t state,
			       const struct roam_pptp_mppe *m,
			       struct roam_nl_err *e);

/*
 * Change a session: state (0: unchanged), IPv4 address (host order; 0:
 * unchanged; a session declared without one gets it once), MPPE (NULL:
 * unchanged).  The caller wipes m afterwards.
 */
int roam_genl_session_update(struct roam_genl *g, uint32_t ifindex,
			     uint32_t id, uint32_t state, uint32_t ipv4,
			     const struct roam_pptp_mppe *m,
			     struct roam_nl_err *e);

/*
 * The client of an l2tp session moved to peer_ipv4 (host order) and
 * peer_port (host order; 0: unchanged): its NAT gave it a new public
 * address.  The kernel refuses it for kinds whose peer cannot move.
 */
int roam_genl_session_set_peer(struct roam_genl *g, uint32_t ifindex,
			       uint32_t id, uint32_t peer_ipv4,
			       uint16_t peer_port, struct roam_nl_err *e);

/*
 * Move an l2tp session to the UDP socket fd (bound to the same address
 * and port as the one it was declared with): a restarted roamd takes
 * over the sessions of the one that died (kmod roam_l2tp_rebind()).
 */
int roam_genl_session_set_l2tp_fd(struct roam_genl *g, uint32_t ifindex,
				  uint32_t id, int fd,
				  struct roam_nl_err *e);

/*
 * Send a PPP control frame (from its protocol field, len 2..1500) on a
 * session through the kernel (pptp; l2tp refuses: roamd sends on its
 * own socket).
 */
int roam_genl_session_send(struct roam_genl *g, uint32_t ifindex,
			   uint32_t id, const uint8_t *frame, size_t len,
			   struct roam_nl_err *e);

/*
 * Join the "events" group and call event() for each notification, until
 * it returns non-zero or the socket fails.  cmd is ROAM_CMD_SESSION_*_NTF,
 * or 0 with s NULL when events were lost (the receive buffer overran).
 */
/*
 * A message of the events group: a session added or deleted (*cmd says
 * which, del_reason why).  0, or -1 for anything else or malformed.
 */
int roam_genl_event_parse(struct nlmsghdr *hdr, uint8_t *cmd,
			  struct roam_session_info *s);

typedef int (*roam_genl_event_cb)(uint8_t cmd,
				  const struct roam_session_info *s,
				  void *arg);
int roam_genl_monitor(struct roam_genl *g, roam_genl_event_cb event,
		      void *arg, struct roam_nl_err *e);

#endif /* ROAM_GENL_H */
