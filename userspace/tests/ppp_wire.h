/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scripted PPP client's side of the wire, for the tests and benches that
 * drive the session layer without an access method
 * (test_session_layer.c, bench/ppp_peer.c): the frames it sends, and the
 * control packets it reads from what a session asked to send.
 */
#ifndef TEST_PPP_WIRE_H
#define TEST_PPP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A control packet a session sent: its data, cut to what fits here. */
struct ppp_wire_frame {
	uint16_t proto;
	uint8_t code, id;
	uint8_t data[256];
	size_t dlen;
};

/*
 * A control packet as a client frames it (ff 03, protocol, code, id,
 * length, data) into buf of cap octets.  Its length; 0 if it does not fit.
 */
size_t ppp_wire_frame(uint8_t *buf, size_t cap, uint16_t proto, uint8_t code,
		      uint8_t id, const uint8_t *data, size_t dlen);

/*
 * The control packet in the len octets of frame f (ff 03 optional), into
 * x; false when it is too short to hold one.
 */
bool ppp_wire_read(const uint8_t *f, size_t len, struct ppp_wire_frame *x);

/* The index in v[0..n) of a packet of that protocol and code; -1: none. */
int ppp_wire_find(const struct ppp_wire_frame *v, unsigned int n,
		  uint16_t proto, uint8_t code);

#endif /* TEST_PPP_WIRE_H */
