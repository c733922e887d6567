/* SPDX-License-Identifier: GPL-2.0 */
/* The scripted LAC of test_l2tp_peer.c, for the L2TP test suites. */
#ifndef ROAM_TEST_L2TP_PEER_H
#define ROAM_TEST_L2TP_PEER_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "l2tp/header.h"
#include "l2tp/l2tp.h"
#include "l2tp/msg.h"

#define PEER_TID	0x4242
#define PEER_SID	0x0077
#define BINDING		7

struct pmsg {
	uint8_t buf[1024];
	struct l2tp_mbuf mb;
};

extern struct l2tp_ctx *lns;
extern struct l2tp_actions acts;
extern struct sockaddr_in lac_addr;
extern uint64_t clock_ms;
extern uint16_t lns_tid, lns_sid;
extern uint16_t lac_ns, lac_nr;
extern struct l2tp_hdr sent_hdr;
extern struct l2tp_msg *sent_msg;

void lac_cfg(struct l2tp_config *cfg);
void lac_setup_with(const struct l2tp_config *cfg);
void lac_setup(void);
void lac_teardown(void);
void lac_msg_start(struct pmsg *p, uint16_t t, uint16_t s, uint16_t type);
enum l2tp_verdict lac_feed(const uint8_t *b, size_t len, uint64_t binding);
enum l2tp_verdict lac_msg_send(struct pmsg *p);
void lac_sccrq_avps(struct pmsg *p);
int act_count(enum l2tp_action_type type);
const struct l2tp_action *act_nth(enum l2tp_action_type type, int n);
int act_sent(int n);
bool act_logged(const char *frag);
void lac_open_tunnel(void);
void lac_open_session(void);

#endif
