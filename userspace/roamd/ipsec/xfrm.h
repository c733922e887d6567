/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking XFRM netlink to the kernel: install and remove ESP SAs and
 * policies, read an SA's counters.
 */
#ifndef ROAM_XFRM_H
#define ROAM_XFRM_H

#include <stdbool.h>

#include "xfrm_msg.h"

struct xfrm_conn {
	int fd;
	uint32_t seq;
};

int xfrm_open(struct xfrm_conn *c);
void xfrm_close(struct xfrm_conn *c);

/* Each returns 0 or a negative errno (the kernel's answer). */
int xfrm_sa_add(struct xfrm_conn *c, const struct xfrm_sa *sa);
int xfrm_sa_del(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		uint32_t mark);
int xfrm_sa_counters(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		     uint32_t mark, struct xfrm_sa_counters *out);
/* The SA's ESP-in-UDP ports (host order), all else kept (UPDSA). */
int xfrm_sa_set_encap(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		      uint32_t mark, uint16_t sport, uint16_t dport);
/*
 * The SA (dst, spi, mark) again at the client's new address and port
 * (xfrm_msg_sa_move), from the kernel's copy.  replace: the moved SA
 * has the same id (an inbound SA: our address and its SPI), so the old
 * one is deleted first and put back if the new one is refused; else the
 * old SA stays beside the new one, for the caller to delete.
 */
int xfrm_sa_move(struct xfrm_conn *c, struct in_addr dst, uint32_t spi,
		 uint32_t mark, struct in_addr old, struct in_addr new,
		 uint16_t port, bool replace);
int xfrm_policy_add(struct xfrm_conn *c, const struct xfrm_policy *pol);
/* Replace the policy with the same selector, direction and mark. */
int xfrm_policy_update(struct xfrm_conn *c, const struct xfrm_policy *pol);
int xfrm_policy_del(struct xfrm_conn *c, const struct xfrm_policy *pol);

#endif /* ROAM_XFRM_H */
