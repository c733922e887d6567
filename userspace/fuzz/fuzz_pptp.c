// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the PPTP control plane: byte streams and events
 * into one engine per input, through the stream reassembly and the
 * connection and call state machines.
 *
 * The input is a script of records: one opcode byte, a length byte, then
 * that many bytes.  Opcodes (low 3 bits): 0 bytes on connection A; 1
 * bytes on connection B; 2 a well-formed message built from the record
 * (type from its first byte, call IDs replaced by the last ones the
 * engine handed out, so the fuzzer reaches the call states without
 * guessing) on A; 3 advance time by len * 250 ms and run timers; 4 hang
 * up the last call; 5 connection A closed by the peer, a new one opened;
 * 6 stop connection A; 7 shut the engine down.  Besides crashes and
 * leaks it checks that everything sent parses with the engine's own
 * decoder, that call IDs are never handed out twice while up, that every
 * CALL_DOWN names a call that was up, and that no timer is in the past.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iuserspace/roamd \
 *     userspace/fuzz/fuzz_pptp.c userspace/roamd/pptp/[a-z]*.c \
 *     userspace/lib/timerq.c -lcrypto -o fuzz_pptp
 */
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "pptp/msg.h"
#include "pptp/pptp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_state {
	uint8_t counter;
	uint16_t last_call, last_peer_call;
	uint32_t conn_a, conn_b;
	uint8_t up[65536 / 8];		/* call IDs now up */
};

static void counter_random(void *arg, void *buf, size_t len)
{
	struct fuzz_state *st = arg;
	uint8_t *p = buf;

	/* Few distinct values, so that ID collisions are exercised. */
	while (len--)
		*p++ = ++st->counter & 7;
}

static bool is_up(struct fuzz_state *st, uint16_t id)
{
	return st->up[id / 8] & (1u << (id % 8));
}

static void check_actions(struct fuzz_state *st, const struct pptp_actions *out,
			  uint64_t now)
{
	struct pptp_msg m;
	size_t i;

	if (out->next_timer_ms && out->next_timer_ms < now)
		abort();
	for (i = 0; i < out->n; i++) {
		const struct pptp_action *a = &out->v[i];

		switch (a->type) {
		case PPTP_ACT_LOG:
			if (!a->data || a->data[a->len] != '\0')
				abort();
			break;
		case PPTP_ACT_SEND:
			if (pptp_msg_parse(a->data, a->len, &m, NULL) ||
			    a->len != pptp_msg_size(m.type))
				abort();
			break;
		case PPTP_ACT_CALL_UP:
			if (!a->call_id || is_up(st, a->call_id))
				abort();
			st->up[a->call_id / 8] |= 1u << (a->call_id % 8);
			st->last_call = a->call_id;
			st->last_peer_call = a->peer_call_id;
			break;
		case PPTP_ACT_CALL_DOWN:
			if (!is_up(st, a->call_id))
				abort();
			st->up[a->call_id / 8] &= ~(1u << (a->call_id % 8));
			break;
		case PPTP_ACT_CLOSE:
			break;
		}
	}
}

static uint32_t open_conn(struct pptp_ctx *ctx, uint64_t now, uint16_t port,
			  struct pptp_actions *out)
{
	struct sockaddr_in peer = {
		.sin_family = AF_INET, .sin_port = htons(port),
		.sin_addr.s_addr = htonl(0xc0000201),
	};

	return pptp_conn_open(ctx, now, (struct sockaddr *)&peer,
			      sizeof(peer), NULL, 0, out);
}

/* A valid message of a type the record chooses, fields from its bytes. */
static size_t template(struct fuzz_state *st, const uint8_t *in, size_t len,
		       uint8_t *buf, size_t cap)
{
	struct pptp_msg m;

	memset(&m, 0, sizeof(m));
	if (len)
		m.type = in[0] % PPTP_CTRL_MAX + 1;
	else
		m.type = PPTP_SCCRQ;
	m.proto_ver = len > 1 && in[1] == 0xff ? 0x0200 : PPTP_VERSION;
	m.reason = len > 2 ? in[2] : 1;
	m.echo_id = len > 3 ? in[3] : 0;
	/* The client's call: a new one, or the one last placed. */
	m.call_id = len > 4 && in[4] & 1 ? st->last_peer_call :
					  (len > 4 ? in[4] : 1);
	m.peer_call_id = st->last_call;
	m.rx_window = len > 5 ? in[5] : 0;
	return pptp_msg_build(&m, buf, cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pptp_actions out;
	struct pptp_config cfg;
	struct fuzz_state *st;
	struct pptp_ctx *ctx;
	uint8_t buf[256];
	uint64_t now = 1;
	uint16_t port = 1024;
	size_t pos = 0, n, len;
	uint8_t op;

	st = calloc(1, sizeof(*st));
	if (!st)
		return 0;
	pptp_config_defaults(&cfg);
	cfg.random = counter_random;
	cfg.random_arg = st;
	/* Small limits, so that they are reached. */
	cfg.max_tunnels = 2;
	cfg.max_sessions_per_tunnel = 3;
	cfg.echo_interval_ms = 2000;
	cfg.echo_timeout_ms = 1000;
	ctx = pptp_new(&cfg);
	pptp_actions_init(&out);
	if (ctx) {
		st->conn_a = open_conn(ctx, now, port++, &out);
		check_actions(st, &out, now);
		st->conn_b = open_conn(ctx, now, port++, &out);
		check_actions(st, &out, now);
	}

	while (ctx && fuzz_script_next(data, size, &pos, &op, buf, &len)) {
		op &= 7;
		switch (op) {
		case 0:
		case 1:
			pptp_conn_input(ctx, now, op ? st->conn_b : st->conn_a,
					buf, len, &out);
			break;
		case 2:
			n = template(st, data + pos - len, len, buf,
				     sizeof(buf));
			pptp_conn_input(ctx, now, st->conn_a, buf, n, &out);
			break;
		case 3:
			now += len * 250;
			pptp_timer(ctx, now, &out);
			break;
		case 4:
			pptp_call_close(ctx, now, st->last_call,
					len ? buf[0] : 0, 0, &out);
			break;
		case 5:
			pptp_conn_closed(ctx, now, st->conn_a, &out);
			check_actions(st, &out, now);
			st->conn_a = open_conn(ctx, now, port++, &out);
			break;
		case 6:
			pptp_conn_stop(ctx, now, st->conn_a, 1, &out);
			break;
		case 7:
			pptp_shutdown(ctx, now, &out);
			break;
		}
		check_actions(st, &out, now);
	}
	pptp_free(ctx);
	pptp_actions_free(&out);
	free(st);
	return 0;
}
