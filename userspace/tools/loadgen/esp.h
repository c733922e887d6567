/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One L2TP/IPsec client's ESP pair and transport policies, as the client
 * side of the kernel holds them (in the load generator's namespace):
 *
 *   out SA   own -> srv, the server's SPI, ESP in UDP from our 4500-side
 *            port to 4500; selector own:l2tp_port -> srv:1701/udp
 *   in SA    srv -> own, our SPI, ESP in UDP from 4500 to our port
 *   out/in policies on the same two flows, template (own, srv, reqid)
 *
 * Many clients share the address own and the server's 1701: the source
 * port of each client's L2TP socket tells their flows apart, and a reqid
 * per client makes each policy pick that client's own SA.
 */
#ifndef ROAM_LOADGEN_ESP_H
#define ROAM_LOADGEN_ESP_H

#include <netinet/in.h>
#include <stdint.h>

#include "ipsec/xfrm.h"
#include "ike_initiator.h"

struct lg_esp_ends {
	struct in_addr own;	/* our address, as our sockets see it */
	struct in_addr srv;
	uint16_t l2tp_port;	/* our L2TP socket's port (host order) */
	uint16_t natt_port;	/* our 4500-side socket's port */
	uint32_t reqid;		/* unique per client, not 0 */
};

struct lg_esp_objs {
	struct xfrm_sa out, in;
	struct xfrm_policy pol_out, pol_in;
};

/* No I/O: the kernel objects for ends and the negotiated pair. */
void lg_esp_describe(const struct lg_esp_ends *e, const struct ikei_esp *k,
		     struct lg_esp_objs *o);
/* Wipe the keys o holds. */
void lg_esp_wipe(struct lg_esp_objs *o);

/*
 * Install all four (the SAs first), or none: 0, or the kernel's negative
 * errno.  Blocking netlink exchanges (ipsec/xfrm.c), a few per client.
 */
int lg_esp_install(struct xfrm_conn *c, const struct lg_esp_ends *e,
		   const struct ikei_esp *k);
/* Remove all four (the policies first); 0, or the first error. */
int lg_esp_remove(struct xfrm_conn *c, const struct lg_esp_ends *e,
		  const struct ikei_esp *k);

#endif /* ROAM_LOADGEN_ESP_H */
