/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control messages we send, each with the AVPs RFC 2661 §6 asks for.
 * Each builder writes header + AVPs into buf and returns the length, or 0
 * if it did not fit.  Ns and Nr are left for the reliable layer.
 */
#ifndef ROAM_L2TP_COMPOSE_H
#define ROAM_L2TP_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

#include "ctx.h"

#define L2TP_COMPOSE_MAX	1024	/* our messages are all smaller */

struct l2tp_sccrp_args {
	uint16_t peer_tid;
	uint16_t tid;
	const uint8_t *response;	/* 16 bytes, or NULL */
	const uint8_t *challenge;	/* 16 bytes, or NULL */
};

size_t l2tp_compose_sccrp(const struct l2tp_ctx *ctx, uint8_t *buf,
			  size_t cap, const struct l2tp_sccrp_args *a);
size_t l2tp_compose_stopccn(uint8_t *buf, size_t cap, uint16_t peer_tid,
			    uint16_t tid, uint16_t result, uint16_t error,
			    const char *msg);
size_t l2tp_compose_hello(uint8_t *buf, size_t cap, uint16_t peer_tid);
size_t l2tp_compose_icrp(uint8_t *buf, size_t cap, uint16_t peer_tid,
			 uint16_t peer_sid, uint16_t sid);
size_t l2tp_compose_cdn(uint8_t *buf, size_t cap, uint16_t peer_tid,
			uint16_t peer_sid, uint16_t sid, uint16_t result,
			uint16_t error, const char *msg);

#endif /* ROAM_L2TP_COMPOSE_H */
