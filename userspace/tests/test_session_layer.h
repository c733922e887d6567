/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The session layer's test harness (test_session_layer.c), shared with
 * the group policy's session tests (test_session_policy.c): a recording
 * kernel, a PPP client played by hand, the loop's settling.
 */
#ifndef TEST_SESSION_LAYER_H
#define TEST_SESSION_LAYER_H

#include <stdint.h>

#include "aaa/auth.h"
#include "db.h"
#include "ppp_wire.h"
#include "session/session.h"

#define IP4(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

#define PROTO_LCP	0xc021
#define PROTO_PAP	0xc023
#define PROTO_IPCP	0x8021
#define CONFREQ		1
#define CONFACK		2
#define CONFNAK		3
#define TERMREQ		5
#define TERMACK		6

extern struct roamd_db db;
extern struct session_table tab;
extern uint64_t now_ms;
extern unsigned int k_added;		/* kernel sessions added */
extern uint64_t k_rx_packets;		/* what the kernel's stats report */
extern struct ppp_wire_frame last[8];	/* the frames of the last step */
extern unsigned int nlast;

/* users alice (secret) and bob (fixed, 10.9.0.7), pool vpn 10.0.0.10-11 */
void setup(void);
void teardown(void);
/* Play the access method: take what the sessions asked to send. */
void layer_drain(void);
/* The index in last[] of a frame of that protocol and code; -1: none. */
int find(uint16_t proto, uint8_t code);
void client_send(struct roamd_session *s, uint16_t proto, uint8_t code,
		 uint8_t id, const uint8_t *data, size_t dlen);
/* A session as an L2TP call starts one, up to IPCP Opened. */
struct roamd_session *bring_up(const char *user, const char *pass,
			       uint32_t *addr);

#endif /* TEST_SESSION_LAYER_H */
