/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benches' PPP client and session layer (session_scale,
 * ipsec_scale): a session table over a user database, a pool and a
 * recorder in place of the kernel, as in the unit tests, and a scripted
 * client that brings a session's PPP up (LCP both ways, PAP, IPCP with an
 * address from the pool), every frame found with session_by_call() as
 * access/l2tp.c finds it, with the service loop's work after each.
 */
#ifndef ROAM_BENCH_PPP_PEER_H
#define ROAM_BENCH_PPP_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "session/session.h"

#define PROTO_LCP	0xc021
#define PROTO_PAP	0xc023
#define PROTO_IPCP	0x8021
#define ECHOREQ		9

extern struct roamd_db bench_db;
extern struct session_table bench_tab;
extern uint64_t bench_now_ms;		/* the fake clock */

/* The table, its database and AAA; exits on failure. */
void ppp_peer_setup(const char *prog);
void ppp_peer_teardown(void);

/* What service.c runs after every batch of events. */
void ppp_peer_settle(void);

/* One frame from the client of call key, fed to PPP, settled. */
void ppp_peer_send(uint64_t key, uint16_t proto, uint8_t code, uint8_t id,
		   const uint8_t *data, size_t dlen);

/*
 * PPP of session s (attached, named by key) from its start to IPCP
 * Opened; true if the session is UP.
 */
bool ppp_peer_up(struct roamd_session *s, uint64_t key);

#endif /* ROAM_BENCH_PPP_PEER_H */
