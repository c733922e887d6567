// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's NAT mapping events.  For an ESP-in-UDP SA, the kernel
 * reports (XFRM_MSG_MAPPING, multicast group XFRMNLGRP_MAPPING) each
 * packet that decrypted and authenticated under the inbound SA but came
 * from another source than the SA's: the client's NAT gave it a new
 * port.  It keeps reporting until the SA learns the new port, so a burst
 * of events for one change is normal; the engine acts on the first and
 * finds nothing to do for the others.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "access/ike.h"
#include "ipsec/xfrm_msg.h"
#include "log.h"
#include "roamd.h"
#include "service.h"

/* Events per wakeup: IKE and L2TP get a turn during a burst. */
#define MAPPING_RX_BUDGET	64

static void mapping_event(struct roamd_ike *ike, const struct nlmsghdr *h,
			  size_t len)
{
	struct xfrm_mapping m;
	struct ike_actions a;
	struct ike_addr remote = { .family = AF_INET };

	if (xfrm_msg_parse_mapping(h, len, &m))
		return;
	remote.port = m.new_sport;
	memcpy(remote.ip, &m.new_src, 4);
	ike_actions_init(&a);
	if (ike_esp_mapping(ike->ctx, roamd_now_ms(), m.spi, &remote, &a))
		log_debug("IKE: NAT mapping event for SPI 0x%08x, not one of ours",
			  m.spi);
	ike_run_actions(ike, &a);
}

static void mapping_readable(struct roamd_watch *w, uint32_t events)
{
	struct roamd_ike *ike = container_of(w, struct roamd_ike, map_watch);
	int budget = MAPPING_RX_BUDGET;
	char buf[8192];

	(void)events;
	while (budget--) {
		ssize_t n = recv(ike->map_fd, buf, sizeof(buf), MSG_DONTWAIT);
		struct nlmsghdr *h;
		size_t left;

		if (n < 0) {
			/* ENOBUFS: events lost; the next one repeats them */
			if (errno == ENOBUFS || errno == EINTR)
				continue;
			return;
		}
		left = n;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, left);
		     h = NLMSG_NEXT(h, left))
			mapping_event(ike, h, h->nlmsg_len);
	}
}

int ike_mapping_open(struct roamd_ike *ike)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int group = XFRMNLGRP_MAPPING;

	ike->map_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
			     NETLINK_XFRM);
	if (ike->map_fd < 0) {
		log_err("IKE: XFRM netlink: %m");
		return -1;
	}
	if (bind(ike->map_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(ike->map_fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		       &group, sizeof(group))) {
		log_err("IKE: cannot listen to the kernel's NAT mapping events: %m");
		goto fail;
	}
	loop_sock_rcvbuf(ike->map_fd, 1 << 20);
	ike->map_watch.fd = ike->map_fd;
	ike->map_watch.cb = mapping_readable;
	if (loop_add(&ike->d->loop, &ike->map_watch, EPOLLIN)) {
		log_err("IKE: epoll: %m");
		ike->map_watch.cb = NULL;
		goto fail;
	}
	return 0;
fail:
	close(ike->map_fd);
	ike->map_fd = -1;
	return -1;
}

void ike_mapping_close(struct roamd_ike *ike)
{
	if (ike->map_fd < 0)
		return;
	if (ike->map_watch.cb)
		loop_del(&ike->d->loop, &ike->map_watch);
	close(ike->map_fd);
	ike->map_fd = -1;
}
