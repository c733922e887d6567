// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the L2TP control plane: arbitrary datagrams and
 * events into one context per input.
 *
 * The input is a script of records: one opcode byte, a length byte, then
 * that many bytes.  Opcodes (low 3 bits): 0 datagram through the right
 * SA; 1 through another SA; 2 datagram whose tunnel and session IDs are
 * replaced by the last ones the LNS assigned (so the fuzzer reaches the
 * established states without guessing IDs); 3 advance time by len * 250
 * ms and run timers; 4 hang up the last session; 5 send a PPP frame on
 * it; 6 close the tunnel.  Besides crashes and leaks it checks that
 * everything the LNS sends parses with its own decoder.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iuserspace/roamd \
 *     userspace/fuzz/fuzz_l2tp.c userspace/roamd/l2tp/[a-z]*.c -lcrypto \
 *     -o fuzz_l2tp
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "l2tp/header.h"
#include "l2tp/l2tp.h"
#include "l2tp/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_state {
	uint16_t tid, sid;
	uint8_t counter;
	struct l2tp_msg msg;
};

static void counter_random(void *arg, void *buf, size_t len)
{
	struct fuzz_state *st = arg;
	uint8_t *p = buf;

	while (len--)
		*p++ = ++st->counter;
}

/* Learn the IDs the LNS hands out; check what it sends is well formed. */
static void check_actions(struct fuzz_state *st,
			  const struct l2tp_actions *out)
{
	struct l2tp_msg_err err;
	struct l2tp_hdr h;
	size_t i;

	for (i = 0; i < out->n; i++) {
		const struct l2tp_action *a = &out->v[i];

		if (a->type == L2TP_ACT_LOG &&
		    (!a->data || a->data[a->len] != '\0'))
			abort();
		if (a->type != L2TP_ACT_SEND)
			continue;
		if (l2tp_hdr_parse(a->data, a->len, &h) != L2TP_HDR_OK)
			abort();
		if (a->tunnel_id)
			st->tid = a->tunnel_id;
		if (!h.control || h.msg_len == h.hdr_len)
			continue;
		if (l2tp_msg_parse(a->data + h.hdr_len, h.msg_len - h.hdr_len,
				   NULL, 0, &st->msg, &err))
			abort();
		if (st->msg.type == L2TP_MT_ICRP)
			st->sid = st->msg.session_id;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t frame[] = { 0xff, 0x03, 0xc0, 0x21, 9, 1, 0, 4 };
	struct sockaddr_in peer = { .sin_family = AF_INET };
	struct l2tp_actions out;
	struct l2tp_config cfg;
	struct fuzz_state *st;
	struct l2tp_ctx *ctx;
	uint8_t buf[256];
	uint64_t now = 1;
	size_t pos = 0, len;
	uint8_t op;

	st = calloc(1, sizeof(*st));
	if (!st)
		return 0;
	l2tp_config_defaults(&cfg);
	cfg.random = counter_random;
	cfg.random_arg = st;
	cfg.secret = (const uint8_t *)"fuzz";
	cfg.secret_len = 4;
	/* Small tables keep each run cheap, and the limits reachable. */
	cfg.max_tunnels = 8;
	cfg.max_sessions_per_tunnel = 4;
	ctx = l2tp_new(&cfg);
	l2tp_actions_init(&out);
	peer.sin_port = htons(1701);
	peer.sin_addr.s_addr = htonl(0xc0000201);

	while (ctx && fuzz_script_next(data, size, &pos, &op, buf, &len)) {
		op &= 7;
		switch (op) {
		case 2:
			fuzz_l2tp_aim(buf, len, st->tid, st->sid);
			/* fall through */
		case 0:
		case 1:
			l2tp_input(ctx, now, (struct sockaddr *)&peer,
				   sizeof(peer), op == 1 ? 8 : 7, buf, len,
				   &out);
			break;
		case 3:
			now += len * 250;
			l2tp_timer(ctx, now, &out);
			break;
		case 4:
			l2tp_session_close(ctx, now, st->tid, st->sid,
					   L2TP_CDN_ADMIN, 0, &out);
			break;
		case 5:
			l2tp_send_ppp(ctx, st->tid, st->sid, frame,
				      sizeof(frame), &out);
			break;
		case 6:
			l2tp_tunnel_close(ctx, now, st->tid,
					  L2TP_STOPCCN_CLEAR, 0, &out);
			break;
		default:
			continue;
		}
		check_actions(st, &out);
		/* The timer the loop is told about is never in the past. */
		if (out.next_timer_ms && out.next_timer_ms < now)
			abort();
	}
	l2tp_free(ctx);
	l2tp_actions_free(&out);
	free(st);
	return 0;
}
