/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking XFRM netlink to the kernel: install and remove ESP SAs and
 * policies, read an SA's counters.
 */
#ifndef ROAM_XFRM_H
#define ROAM_XFRM_H

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
int xfrm_policy_add(struct xfrm_conn *c, const struct xfrm_policy *pol);
int xfrm_policy_del(struct xfrm_conn *c, const struct xfrm_policy *pol);

#endif /* ROAM_XFRM_H */
