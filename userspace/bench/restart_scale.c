// SPDX-License-Identifier: GPL-2.0
/*
 * What one rebuild of the restart state costs at N L2TP sessions, on the
 * host: the state of N tunnels and N sessions with their resume records
 * (what restart/persist.c reads out of a roamd holding N L2TP calls
 * without IPsec), encoded and checksummed as at every save.  roamd
 * rebuilds it after events that move a tunnel's Ns or Nr or change a
 * session, at most once per hold-off (persist.c); this figure is the
 * cost the hold-off is a multiple of.
 *
 * For each N it prints, and writes as JSON (-o FILE):
 *   bytes          the encoded state
 *   encode_us      one restart_state_encode() (CPU time, best of the
 *                  rounds: the figure is the codec's, not the host's load)
 *   ns_per_byte    the same per byte
 *
 * Usage: restart_scale [-o FILE] [N ...]   (default N: 1000 10000)
 * A measurement, not a test: it asserts nothing about the figures, and
 * make check does not run it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_out.h"
#include "restart/state.h"

#define ROUNDS	20

enum { C_BYTES, C_ENCODE_US, C_NS_PER_BYTE, NCOLS };

static const struct bench_col cols[NCOLS] = {
	[C_BYTES]	= { "bytes", "bytes", 0, 0 },
	[C_ENCODE_US]	= { "encode us", "encode_us", 0, 1 },
	[C_NS_PER_BYTE]	= { "ns/byte", "ns_per_byte", 2, 3 },
};

static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int fill(struct restart_state *st, unsigned int n)
{
	struct restart_l2tp t = {};
	struct restart_l2tp_resume tr = {};
	struct restart_session s = {};
	struct restart_session_resume sr = {};
	unsigned int i;

	for (i = 0; i < n; i++) {
		t.tid = 1 + i % 65535;
		t.peer_tid = t.tid;
		t.ns = i;
		t.nr = i;
		tr.tid = t.tid;
		s.id = i + 1;
		s.tid = t.tid;
		s.sid = 1;
		snprintf(s.user, sizeof(s.user), "lg%u", i + 1);
		sr.id = s.id;
		sr.peer_sid = 1;
		tr.peer_rws = 4;
		if (restart_state_add_l2tp(st, &t) ||
		    restart_state_add_l2tp_resume(st, &tr) ||
		    restart_state_add_session(st, &s) ||
		    restart_state_add_session_resume(st, &sr))
			return -1;
	}
	return 0;
}

static void run_row(unsigned int n, unsigned int i, double *row)
{
	struct restart_state st;
	double best = 0, t0, t;
	uint8_t *buf;
	size_t len = 0;
	unsigned int r;

	(void)i;
	restart_state_init(&st);
	if (fill(&st, n)) {
		fprintf(stderr, "restart_scale: out of memory at N = %u\n", n);
		exit(1);
	}
	for (r = 0; r < ROUNDS; r++) {
		t0 = cpu_us();
		if (restart_state_encode(&st, &buf, &len)) {
			fprintf(stderr, "restart_scale: encode failed at N = %u\n", n);
			exit(1);
		}
		t = cpu_us() - t0;
		free(buf);
		if (!r || t < best)
			best = t;
	}
	restart_state_free(&st);
	row[C_BYTES] = len;
	row[C_ENCODE_US] = best;
	row[C_NS_PER_BYTE] = len ? best * 1000 / len : 0;
}

int main(int argc, char **argv)
{
	static const unsigned int defaults[] = { 1000, 10000 };
	struct bench_args args;

	if (bench_args_parse(&args, argc, argv, "restart_scale", defaults, 2))
		return 2;
	return bench_run(&args, "restart_scale", cols, NCOLS, run_row);
}
