// SPDX-License-Identifier: GPL-2.0
/*
 * What roamd's IKE engine costs per SA at N SAs, on the host: no kernel,
 * no socket.  N scripted IKEv1 peers (the unit tests' initiator,
 * tests/test_ike_peer.c), each from its own address, bring up Main Mode
 * with a pre-shared key (AES-128/SHA1/ECP-256, DPD) and one Quick Mode
 * (ESP transport, udp/1701, as an L2TP/IPsec client does) through the
 * engine's own entry points; the kernel and the sockets are the action
 * lists, cleared after each event.  Time is virtual (one millisecond per
 * peer), so that deadlines are spread as in life; CPU time is the
 * process's own.  The engine's share is measured inside ike_input() and
 * ike_timer() (the link wraps them), apart from the scripted peers.
 *
 * For each N it prints, and writes as JSON (-o FILE):
 *   setup_us_per_sa   the responder's CPU for one peer's 6 messages
 *                     (MM1..MM5, QM1..QM3), crypto included
 *   dh_us_per_sa      of which the Diffie-Hellman (one ECP-256 key pair
 *                     and one shared secret), measured alone
 *   lookup_us         one DPD R-U-THERE from one of the oldest peers,
 *                     found, checked and answered (decrypt and hash
 *                     included)
 *   tick_us           one ike_timer() at the earliest deadline (one
 *                     SA's DPD probe due), with the work after it
 *   bytes_per_sa      heap in use per IKE SA and its ESP pair (mallinfo2),
 *                     right after setup (the Quick Mode still kept)
 *   rest_bytes_per_sa the same a minute later, the Quick Modes over
 *
 * Usage: ike_scale [-o FILE] [N ...]   (default N: 1000 10000)
 * A measurement, not a test: it asserts nothing about the figures, and
 * make check does not run it.  Built from the tree it sits in, so the
 * same file measures an older engine too.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "bench_out.h"
#include "test_ike_peer.h"

#define OLDEST		16	/* peers kept to send from after setup */
#define LOOKUPS		2000
#define TICKS		1000
#define DH_RUNS		200

static const struct t1 offer = {
	IKE_ENC_AES_CBC, 128, IKE_HASH_SHA1, IKE_GROUP_ECP256, 28800,
};
static const struct qm_opts l2tp_qm = {
	IKE_ESP_AES_CBC, 128, IKE_ESP_AUTH_SHA1, IKE_MODE_TRANSPORT, 0, 3600,
	17, 1701, 1701,
};

static double engine_us;	/* CPU inside the engine, running total */

static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

void __real_ike_input(struct ike_ctx *ctx, uint64_t now_ms,
		      const struct ike_addr *local,
		      const struct ike_addr *remote, const uint8_t *buf,
		      size_t len, struct ike_actions *out);
void __wrap_ike_input(struct ike_ctx *ctx, uint64_t now_ms,
		      const struct ike_addr *local,
		      const struct ike_addr *remote, const uint8_t *buf,
		      size_t len, struct ike_actions *out);
void __real_ike_timer(struct ike_ctx *ctx, uint64_t now_ms,
		      struct ike_actions *out);
void __wrap_ike_timer(struct ike_ctx *ctx, uint64_t now_ms,
		      struct ike_actions *out);

void __wrap_ike_input(struct ike_ctx *ctx, uint64_t now_ms,
		      const struct ike_addr *local,
		      const struct ike_addr *remote, const uint8_t *buf,
		      size_t len, struct ike_actions *out)
{
	double t0 = cpu_us();

	__real_ike_input(ctx, now_ms, local, remote, buf, len, out);
	engine_us += cpu_us() - t0;
}

void __wrap_ike_timer(struct ike_ctx *ctx, uint64_t now_ms,
		      struct ike_actions *out)
{
	double t0 = cpu_us();

	__real_ike_timer(ctx, now_ms, out);
	engine_us += cpu_us() - t0;
}

/* The figures of one N, in the table's order (cols[] below). */
enum {
	C_SAS, C_SETUP_US, C_DH_US, C_LOOKUP_US, C_TICK_US, C_BYTES,
	C_REST_BYTES, C_UP, NCOLS
};

static const struct bench_col cols[NCOLS] = {
	[C_SAS] = { "sas", "sas", 0, 0 },
	[C_SETUP_US] = { "setup_us", "setup_us_per_sa", 1, 2 },
	[C_DH_US] = { "dh_us", "dh_us_per_sa", 1, 2 },
	[C_LOOKUP_US] = { "lookup_us", "lookup_us", 2, 3 },
	[C_TICK_US] = { "tick_us", "tick_us", 2, 3 },
	[C_BYTES] = { "bytes", "bytes_per_sa", 0, 0 },
	[C_REST_BYTES] = { "rest_bytes", "rest_bytes_per_sa", 0, 0 },
	[C_UP] = { "up", "up", 0, 0 },
};

/* Peer i's own address: 10.x.y.z, port 500 (4500 once floated). */
static void peer_addr(struct ini *in, unsigned int i)
{
	uint8_t ip[4] = { 10, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff };

	memcpy(in->own.ip, ip, 4);
	memcpy(in->seen.ip, ip, 4);
	memcpy(in->seen4500.ip, ip, 4);
}

/* One peer up to its ESP pair; false on any failure. */
static bool peer_up(struct ini *in, struct ike_ctx *ctx, unsigned int i,
		    uint64_t now)
{
	bool ok;

	ini_init(in, ctx, false);
	peer_addr(in, i);
	in->now = now;
	ok = !phase1(in, &offer, 1, false, false) && qm1(in, &l2tp_qm) &&
	     qm3(in) && find_act(&in->act, IKE_ACT_SA_ADD, 0);
	ike_dh_free(in->dh);
	in->dh = NULL;
	ike_actions_clear(&in->act);
	return ok;
}

/* A DPD R-U-THERE (RFC 3706) from the peer, as the responder reads it. */
static void ru_there(struct ini *in, uint32_t seq)
{
	uint8_t n[28] = { 0, 0, 0, 1, 1, 16, 0x8d, 0x28 };
	struct ike_ctx fake = { 0 };
	struct ike_actions a;
	struct ike_action *x;

	memcpy(n + 8, in->s.cky_i, 8);
	memcpy(n + 16, in->s.cky_r, 8);
	ike_set32(n + 24, seq);
	ike_actions_init(&a);
	fake.out = &a;
	in->s.local = in->seen;
	in->s.remote = in->srv;
	ike_send_info(&fake, &in->s, ISAKMP_NP_N, n, sizeof(n));
	x = find_act(&a, IKE_ACT_SEND, 0);
	if (x)
		deliver(in, x->send.buf, x->send.len);
	ike_actions_clear(&a);
	ike_actions_clear(&in->act);
}

/* The responder's DH per SA: one key pair, one shared secret. */
static double dh_cost(void)
{
	struct ike_dh *a = ike_dh_new(offer.group), *b;
	uint8_t out[IKE_MAX_DH];
	size_t len, n = ike_dh_len(offer.group);
	double t0, t;
	int i;

	if (!a)
		return -1;
	t0 = cpu_us();
	for (i = 0; i < DH_RUNS; i++) {
		b = ike_dh_new(offer.group);
		if (!b || ike_dh_derive(b, ike_dh_pub(a), n, out, &len)) {
			ike_dh_free(b);
			break;
		}
		ike_dh_free(b);
	}
	t = (cpu_us() - t0) / DH_RUNS;
	ike_dh_free(a);
	return t;
}

static uint64_t next_deadline(struct ike_actions *a)
{
	struct ike_action *x;
	size_t i;
	uint64_t d = 0;

	for (i = 0; (x = find_act(a, IKE_ACT_TIMER, i)); i++)
		d = x->deadline_ms;
	return d;
}

static void run(unsigned int n, unsigned int nth, double *row)
{
	static struct ini oldest[OLDEST];
	struct mallinfo2 m0, m1;
	uint64_t start = 1000000;
	struct ike_actions a;
	struct ike_ctx *ctx;
	struct ini *in;
	uint64_t now, next = 0;
	unsigned int i, keep = n < OLDEST ? n : OLDEST;

	(void)nth;
	row[C_SAS] = n;
	in = calloc(1, sizeof(*in));
	ctx = new_ctx(NULL);
	if (!in || !ctx) {
		fprintf(stderr, "ike_scale: out of memory\n");
		exit(1);
	}
	now = start;
	m0 = mallinfo2();
	engine_us = 0;
	for (i = 0; i < n; i++, now++) {
		struct ini *p = i < keep ? &oldest[i] : in;

		row[C_UP] += peer_up(p, ctx, i, now);
	}
	row[C_SETUP_US] = engine_us / n;
	m1 = mallinfo2();
	row[C_BYTES] = ((double)m1.uordblks - m0.uordblks) / n;

	/* the oldest peers: the far end of any list kept newest first */
	engine_us = 0;
	for (i = 0; i < LOOKUPS; i++) {
		oldest[i % keep].now = now;
		ru_there(&oldest[i % keep], i + 1);
	}
	row[C_LOOKUP_US] = engine_us / LOOKUPS;

	/* ticks at the earliest deadline: about one SA due each time */
	ike_actions_init(&a);
	ike_timer(ctx, now, &a);
	next = next_deadline(&a);
	ike_actions_clear(&a);
	engine_us = 0;
	for (i = 0; i < TICKS && next; i++) {
		now = next > now ? next : now;
		ike_timer(ctx, now, &a);
		next = next_deadline(&a);
		ike_actions_clear(&a);
	}
	row[C_TICK_US] = i ? engine_us / i : 0;

	/* a minute after the last Quick Mode: every SA at rest */
	if (now < start + n + 61000)
		now = start + n + 61000;
	ike_timer(ctx, now, &a);
	ike_actions_clear(&a);
	m1 = mallinfo2();
	row[C_REST_BYTES] = ((double)m1.uordblks - m0.uordblks) / n;
	row[C_DH_US] = dh_cost();

	for (i = 0; i < keep; i++) {
		ike_dh_free(oldest[i].dh);
		ike_actions_clear(&oldest[i].act);
	}
	ike_free(ctx);
	free(in);
}

int main(int argc, char **argv)
{
	static const unsigned int defaults[] = { 1000, 10000 };
	struct bench_args args;

	if (bench_args_parse(&args, argc, argv, "ike_scale", defaults, 2))
		return 2;
	return bench_run(&args, "roamd_ike_scale", cols, NCOLS, run);
}
