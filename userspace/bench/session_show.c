// SPDX-License-Identifier: GPL-2.0
/*
 * What "roam -j session show" costs at N sessions, on the host: no
 * kernel module, no roamd.  The kernel is played behind libnl's own
 * send/receive hooks (tests/fake_genl.c, as in the unit tests): the N
 * sessions are encoded once, before any clock runs, as the kernel would
 * send them (what roam_nl_fill_session() puts for an L2TP session:
 * addresses, peer, state, counters, the l2tp nest), in parts of the size
 * the kernel fills for a libnl reader, and handed out part by part.  So the dump stage is the CLI's own work on a dump: libnl
 * and roam_genl_session_list() decoding the rows.
 *
 * Stages, each timed alone (the process's CPU time, the best of REPEAT
 * runs):
 *   dump_ms        roam_genl_session_list() over the N rows
 *   merge_ms       roam_session_merge() of the rows alone (the CLI
 *                  without roamd)
 *   json_ms        roam_session_print_rows() as JSON to a file
 *   text_ms        the same as text
 *   calls_merge_ms the rows merged with N roamd calls (one per session,
 *                  in roamd's order, and N/100 calls still in setup)
 *   calls_json_ms  those rows as JSON into memory (roamd's reply)
 *   cli_ms         dump + merge + JSON: what "roam -j session show"
 *                  cost without roamd before it printed as it read
 *   stream_ms      roam_session_stream(): what "roam -j session show"
 *                  costs without roamd now, the dump received by a
 *                  thread of its own while the rows are decoded and
 *                  printed (into memory, then to a file): the CPU time
 *                  of both threads
 *   stream_wall_ms the same, its wall-clock time
 *
 * Usage: session_show [-o FILE] [N ...]   (default N: 10000 100000)
 * With ROAM_BENCH_SHOW_OUT=PREFIX it also writes the JSON and text of the
 * largest N to PREFIX.json, PREFIX.txt, PREFIX-calls.json and
 * PREFIX-calls.txt, so that two builds' outputs can be compared byte for
 * byte, and the streamed listing's to PREFIX-stream.json and
 * PREFIX-stream.txt (the same bytes as PREFIX.json and PREFIX.txt).  A measurement, not a test: make check does not run it.
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/roam.h>

#include "bench_out.h"
#include "fake_genl.h"
#include "genl.h"
#include "print.h"
#include "session_merge.h"
#include "session_print.h"
#include "session_stream.h"

/*
 * What a dump part holds at most: the kernel fills up to the reader's
 * buffer, and libnl reads with four pages.
 */
#define PART_MAX	16384
#define REPEAT		3

static double clock_ms(clockid_t id)
{
	struct timespec t;

	clock_gettime(id, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* the process's CPU time (all its threads): the machine is shared */
static double now_ms(void)
{
	return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

/*
 * The streamed listing into f: 0, or -1 when it failed or fell back to
 * sorting (the fake kernel's rows are in order: it must not).
 */
static int stream(struct roam_genl *g, FILE *f, bool json, bool stats)
{
	struct roam_nl_err e;
	struct roam_print p;

	rp_init(&p, f, json, false);
	if (roam_session_stream(g, 0, 0, &p, stats, &e) == ROAM_STREAM_DONE)
		return 0;
	fprintf(stderr, "session_show: streamed listing: %s\n",
		roam_nl_err_text(&e));
	return -1;
}

/*
 * roamd's calls: one per kernel session, newest first as roamd keeps
 * them, and some still in setup (no kernel session yet).
 */
static struct roam_call_view *make_calls(uint32_t ifindex, unsigned int n,
					 size_t *nc)
{
	unsigned int setup = n / 100, i;
	struct roam_call_view *c;

	c = calloc(n + setup, sizeof(*c));
	if (!c)
		return NULL;
	for (i = 0; i < n + setup; i++) {
		struct roam_call_view *v = &c[i];
		unsigned int id = n + setup - i;

		v->ifindex = ifindex;
		v->kind = ROAM_KIND_L2TP;
		v->ipsec = true;
		v->uptime = i;
		v->peer_ipv4 = 0xc6336400 + id % 250;
		v->peer_port = 1024 + id % 60000;
		v->has_l2tp = true;
		v->l2tp_tunnel_id = 1 + id % 65535;
		v->l2tp_session_id = 1 + id / 65535;
		v->l2tp_xfrm_mark = 0x10000 + id;
		v->has_ppp = true;
		if (id > n) {
			v->ppp_phase = "authenticate";
			continue;
		}
		v->kernel_id = id;
		v->addr = 0x0a000000 + id;
		snprintf(v->user, sizeof(v->user), "user%u", id);
		v->ppp_phase = "network";
		v->auth = "mschapv2";
	}
	*nc = n + setup;
	return c;
}

static double time_print(const struct roam_session_row *rows, size_t n,
			 FILE *f, bool json, bool stats)
{
	struct roam_print p;
	double t0 = now_ms();

	rp_init(&p, f, json, false);
	roam_session_print_rows(&p, rows, n, stats);
	rp_end(&p);
	return now_ms() - t0;
}

struct result {
	double dump, merge, json, text, calls_merge, calls_json, cli;
	double stream, stream_wall;
	int failures;
};

static double best(double a, double b)
{
	return a < b ? a : b;
}

/* Write the outputs of one listing under PREFIX for comparison. */
static void save_outputs(const char *prefix, const char *tag,
			 const struct roam_session_row *rows, size_t n)
{
	char path[512];
	FILE *f;
	int j;

	for (j = 0; j < 2; j++) {
		snprintf(path, sizeof(path), "%s%s.%s", prefix, tag,
			 j ? "json" : "txt");
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			continue;
		}
		time_print(rows, n, f, j, true);
		fclose(f);
	}
}

/* The streamed listing's outputs under PREFIX-stream. */
static void save_stream(const char *prefix, struct roam_genl *g,
			int *failures)
{
	char path[512];
	FILE *f;
	int j;

	for (j = 0; j < 2; j++) {
		snprintf(path, sizeof(path), "%s-stream.%s", prefix,
			 j ? "json" : "txt");
		f = fopen(path, "w");
		if (!f) {
			perror(path);
			continue;
		}
		if (stream(g, f, j, true))
			(*failures)++;
		fclose(f);
	}
}

static void run(unsigned int n, bool save, struct result *r)
{
	uint32_t ifindex = if_nametoindex("lo");
	struct roam_session_row *rows = NULL;
	struct roam_session_info *s = NULL;
	struct roam_call_view *calls;
	const char *prefix = getenv("ROAM_BENCH_SHOW_OUT");
	struct roam_nl_err e;
	struct roam_genl g;
	size_t ns = 0, nc = 0, nr = 0;
	double t0;
	int k;

	memset(r, 0, sizeof(*r));
	r->dump = r->merge = r->json = r->text = 1e12;
	r->calls_merge = r->calls_json = r->cli = 1e12;
	r->stream = r->stream_wall = 1e12;
	g.sk = NULL;
	if (fake_genl_build(ifindex, n, PART_MAX, NULL, 0) ||
	    fake_genl_open(&g)) {
		r->failures++;
		return;
	}
	calls = make_calls(ifindex, n, &nc);
	rows = calloc(n + nc + 1, sizeof(*rows));
	if (!calls || !rows) {
		r->failures++;
		goto out;
	}
	for (k = 0; k < REPEAT; k++) {
		FILE *null = fopen("/dev/null", "w");
		FILE *mem;
		char *text = NULL;
		size_t len = 0;
		double cli;

		free(s);
		s = NULL;
		t0 = now_ms();
		if (roam_genl_session_list(&g, ifindex, 0, &s, &ns, &e) ||
		    ns != n) {
			fprintf(stderr, "session_show: dump: %s (%zu of %u)\n",
				roam_nl_err_text(&e), ns, n);
			r->failures++;
			if (null)
				fclose(null);
			goto out;
		}
		cli = now_ms() - t0;
		r->dump = best(r->dump, cli);

		t0 = now_ms();
		nr = roam_session_merge(s, ns, NULL, 0, 0, 0, rows);
		r->merge = best(r->merge, now_ms() - t0);
		cli += now_ms() - t0;
		if (nr != n)
			r->failures++;
		if (null) {
			double json = time_print(rows, nr, null, true, false);

			r->json = best(r->json, json);
			r->cli = best(r->cli, cli + json);
			r->text = best(r->text,
				       time_print(rows, nr, null, false, false));
			fclose(null);
		}
		if (save && prefix && !k)
			save_outputs(prefix, "", rows, nr);

		null = fopen("/dev/null", "w");
		if (null) {
			double w0 = clock_ms(CLOCK_MONOTONIC);

			t0 = now_ms();
			if (stream(&g, null, true, false))
				r->failures++;
			r->stream = best(r->stream, now_ms() - t0);
			r->stream_wall = best(r->stream_wall,
					      clock_ms(CLOCK_MONOTONIC) - w0);
			fclose(null);
		}
		if (save && prefix && !k)
			save_stream(prefix, &g, &r->failures);

		t0 = now_ms();
		nr = roam_session_merge(s, ns, calls, nc, 0, 0, rows);
		r->calls_merge = best(r->calls_merge, now_ms() - t0);
		if (nr != nc)
			r->failures++;
		mem = open_memstream(&text, &len);
		if (mem) {
			r->calls_json = best(r->calls_json,
					     time_print(rows, nr, mem, true,
							false));
			fclose(mem);
		}
		free(text);
		if (save && prefix && !k)
			save_outputs(prefix, "-calls", rows, nr);
	}
out:
	free(rows);
	free(calls);
	free(s);
	roam_genl_close(&g);
	fake_genl_free();
}

/* The figures of one N, in the table's order (cols[] below). */
enum {
	C_N, C_DUMP, C_MERGE, C_JSON, C_TEXT, C_CALLS_MERGE, C_CALLS_JSON,
	C_CLI, C_CLI_PER_ROW, C_STREAM, C_STREAM_WALL, C_FAILURES, NCOLS
};

static const struct bench_col cols[NCOLS] = {
	[C_N] = { "N", "n", 0, 0 },
	[C_DUMP] = { "dump ms", "dump_ms", 1, 3 },
	[C_MERGE] = { "merge ms", "merge_ms", 1, 3 },
	[C_JSON] = { "json ms", "json_ms", 1, 3 },
	[C_TEXT] = { "text ms", "text_ms", 1, 3 },
	[C_CALLS_MERGE] = { "+calls merge", "calls_merge_ms", 1, 3 },
	[C_CALLS_JSON] = { "+calls json", "calls_json_ms", 1, 3 },
	[C_CLI] = { "cli ms", "cli_ms", 1, 3 },
	[C_CLI_PER_ROW] = { "us/row", "cli_us_per_row", 2, 3 },
	[C_STREAM] = { "stream ms", "stream_ms", 1, 3 },
	[C_STREAM_WALL] = { "stream wall", "stream_wall_ms", 1, 3 },
	[C_FAILURES] = { "failures", "failures", 0, 0 },
};

/* The place on the command line of the largest N: its outputs are saved. */
static unsigned int largest;

static void run_row(unsigned int n, unsigned int nth, double *row)
{
	struct result r;

	run(n, nth == largest, &r);
	row[C_N] = n;
	row[C_DUMP] = r.dump;
	row[C_MERGE] = r.merge;
	row[C_JSON] = r.json;
	row[C_TEXT] = r.text;
	row[C_CALLS_MERGE] = r.calls_merge;
	row[C_CALLS_JSON] = r.calls_json;
	row[C_CLI] = r.cli;
	row[C_CLI_PER_ROW] = n ? r.cli * 1e3 / n : 0;
	row[C_STREAM] = r.stream;
	row[C_STREAM_WALL] = r.stream_wall;
	row[C_FAILURES] = r.failures;
}

int main(int argc, char **argv)
{
	static const unsigned int defaults[] = { 10000, 100000 };
	struct bench_args args;
	unsigned int i;

	if (bench_args_parse(&args, argc, argv, "session_show", defaults, 2))
		return 2;
	for (i = 0; i < args.nn; i++)
		if (args.ns[i] > args.ns[largest])
			largest = i;
	return bench_run(&args, "session_show", cols, NCOLS, run_row);
}
