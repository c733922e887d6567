/* SPDX-License-Identifier: GPL-2.0 */
/* Client of the "roam" generic netlink family (see uapi/linux/roam.h). */
#ifndef ROAM_GENL_H
#define ROAM_GENL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nl.h"

struct roam_genl {
	struct nl_sock *sk;
	int family;
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

struct roam_session_info {
	uint32_t ifindex;
	uint32_t id;
	uint32_t kind;
	uint32_t state;			/* 0 when absent */
	bool has_ipv4, has_ipv6;
	uint32_t ipv4;			/* host byte order */
	uint8_t ipv6[16];
	int peer_family;		/* 0, AF_INET or AF_INET6 */
	uint32_t peer_ipv4;		/* host byte order */
	uint8_t peer_ipv6[16];
	bool has_peer_port;
	uint16_t peer_port;		/* host byte order */
	bool has_stats;
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	uint64_t rx_dropped, tx_dropped;
	uint32_t del_reason;		/* events only; 0 when absent */
	/* l2tp sessions bound to a tunnel; l2tp_fd only in requests */
	bool has_l2tp;
	int l2tp_fd;
	uint16_t l2tp_tunnel_id, l2tp_session_id;
	uint16_t l2tp_peer_tunnel_id, l2tp_peer_session_id;
	uint32_t l2tp_xfrm_mark;	/* 0 when absent */
	bool l2tp_allow_plain;
	uint64_t l2tp_rx_unbound;
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

/* Sessions of one device (ifindex != 0) or of all; one if id != 0. */
int roam_genl_session_list(struct roam_genl *g, uint32_t ifindex,
			   uint32_t id, struct roam_session_info **s,
			   size_t *n, struct roam_nl_err *e);

int roam_genl_session_new(struct roam_genl *g,
			  const struct roam_session_info *s,
			  struct roam_nl_err *e);
int roam_genl_session_set(struct roam_genl *g, uint32_t ifindex,
			  uint32_t id, uint32_t state,
			  struct roam_nl_err *e);
int roam_genl_session_del(struct roam_genl *g, uint32_t ifindex,
			  uint32_t id, struct roam_nl_err *e);

/*
 * Join the "events" group and call event() for each notification, until
 * it returns non-zero or the socket fails.  cmd is ROAM_CMD_SESSION_*_NTF,
 * or 0 with s NULL when events were lost (the receive buffer overran).
 */
typedef int (*roam_genl_event_cb)(uint8_t cmd,
				  const struct roam_session_info *s,
				  void *arg);
int roam_genl_monitor(struct roam_genl *g, roam_genl_event_cb event,
		      void *arg, struct roam_nl_err *e);

#endif /* ROAM_GENL_H */
