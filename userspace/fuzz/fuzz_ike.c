// SPDX-License-Identifier: GPL-2.0
/*
 * The IKE responder on arbitrary datagrams.  Input: one flags byte, then
 * datagrams each prefixed by a 2-byte big-endian length, fed in order to
 * one context.  Flag 1 sends them to port 4500, flag 2 writes the
 * responder cookie of the last reply into each later datagram so that
 * the fuzzer gets past message 1 without guessing 8 random bytes.
 * Remote-access groups are configured (Aggressive Mode for "fuzzgrp",
 * the Main Mode key's group), and the host's questions are answered at
 * once, alternately yes and no, so that every step can be reached.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ike/ike.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t key[] = "fuzz";

static const struct ike_ra_group groups[] = {
	{ .name = "fuzzgrp", .psk = key, .psk_len = 4, .aggressive = true,
	  .xauth = true },
	{ .name = "push", .psk = key, .psk_len = 4, .push_config = true },
};

/* The host: answers each question, yes then no, in turn. */
static void answer(struct ike_ctx *ctx, uint64_t now, struct ike_actions *a,
		   unsigned int *turn)
{
	struct ike_client_cfg cfg = { .addr = { 10, 0, 0, 1 }, .n_split = 1,
				      .split = { { { 10, 1, 0, 0 }, 16 } },
				      .domain = "fuzz", .pfs = true };
	struct ike_actions more;
	size_t i, n = a->n_ev;

	for (i = 0; i < n && i < 8; i++) {
		const struct ike_event *e = &a->ev[i];
		bool yes = (*turn)++ % 2 == 0;

		ike_actions_init(&more);
		if (e->type == IKE_EV_XAUTH_CHECK)
			ike_xauth_verdict(ctx, now, e->sa_id, yes, "fuzz", &more);
		else if (e->type == IKE_EV_CONFIG_NEED)
			ike_client_config(ctx, now, e->sa_id, yes ? &cfg : NULL,
					  "fuzz", &more);
		ike_actions_clear(&more);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ike_psk psk = { .any = true, .key = key, .key_len = 4,
			       .group = "push" };
	unsigned int turn = 0;
	struct ike_addr local = { .family = AF_INET, .port = 500,
				  .ip = { 198, 51, 100, 1 } };
	struct ike_addr remote = { .family = AF_INET, .port = 500,
				   .ip = { 203, 0, 113, 5 } };
	uint8_t cky_r[8] = { 0 };
	struct ike_actions a;
	struct ike_config cfg;
	struct ike_ctx *ctx;
	uint64_t now = 1000;
	uint8_t flags;
	size_t i;

	if (!size)
		return 0;
	flags = data[0];
	data++;
	size--;
	ike_config_default(&cfg);
	cfg.psk = &psk;
	cfg.n_psk = 1;
	cfg.allow_weak = flags & 4;
	if (flags & 8) {	/* else the key is L2TP/IPsec only, as before */
		cfg.groups = groups;
		cfg.n_groups = sizeof(groups) / sizeof(groups[0]);
	} else {
		psk.group = NULL;
	}
	ctx = ike_new(&cfg);
	if (!ctx)
		return 0;
	if (flags & 1) {
		local.port = 4500;
		remote.port = 4500;
	}
	ike_actions_init(&a);
	while (size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];
		uint8_t *copy;

		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		/* an exact-size copy, so reads past the end are caught */
		copy = malloc(len ? len : 1);
		if (!copy)
			break;
		memcpy(copy, data, len);
		if ((flags & 2) && len >= 16)
			memcpy(copy + 8, cky_r, 8);
		ike_input(ctx, now, &local, &remote, copy, len, &a);
		for (i = 0; i < a.n; i++)
			if (a.v[i].type == IKE_ACT_SEND && a.v[i].send.len >= 16)
				memcpy(cky_r, a.v[i].send.buf + 8, 8);
		answer(ctx, now, &a, &turn);
		ike_actions_clear(&a);
		free(copy);
		data += len;
		size -= len;
		now += 500;
	}
	ike_timer(ctx, now + 200000, &a);
	ike_actions_clear(&a);
	ike_free(ctx);
	return 0;
}
