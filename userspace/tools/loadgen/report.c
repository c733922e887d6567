// SPDX-License-Identifier: GPL-2.0
/*
 * The figures of a run.  Percentiles are nearest-rank over the clients
 * that came up; a rate over no interval is reported as 0.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double rank(const double *v, unsigned int n, double pct)
{
	unsigned int i;

	if (!n)
		return 0;
	i = (unsigned int)ceil(pct / 100.0 * n);
	return v[i ? i - 1 : 0];
}

int lg_report_compute(struct lg_report *r, const struct lg_client *const *c,
		      unsigned int n)
{
	uint64_t first_start = 0, last_up = 0, first_close = 0, last_done = 0;
	double *lat;
	unsigned int i, nl = 0;

	lat = calloc(n ? n : 1, sizeof(*lat));
	if (!lat)
		return -1;
	for (i = 0; i < n; i++) {
		const struct lg_client *x = c[i];

		if (x->t_start && (!first_start || x->t_start < first_start))
			first_start = x->t_start;
		if (x->t_up) {
			r->up++;
			lat[nl++] = (double)(x->t_up - x->t_start);
			if (x->t_up > last_up)
				last_up = x->t_up;
		}
		if (x->t_answered)
			r->answered++;
		if (x->t_close && (!first_close || x->t_close < first_close))
			first_close = x->t_close;
		if (x->phase == LG_PH_DONE && x->t_close) {
			r->closed++;
			if (x->t_done > last_done)
				last_done = x->t_done;
		}
		if (x->phase == LG_PH_FAILED) {
			r->failures[x->cause]++;
			if (x->failed_in == LG_PH_CLOSING)
				r->close_failed++;
			else
				r->setup_failed++;
		}
		r->malformed += x->malformed;
		r->retransmits += x->rl.stats.retransmits;
	}
	qsort(lat, nl, sizeof(*lat), cmp_double);
	r->p50_ms = rank(lat, nl, 50);
	r->p90_ms = rank(lat, nl, 90);
	r->p99_ms = rank(lat, nl, 99);
	r->max_ms = nl ? lat[nl - 1] : 0;
	free(lat);
	if (last_up > first_start)
		r->setup_s = (last_up - first_start) / 1000.0;
	if (r->setup_s > 0)
		r->sessions_per_s = r->up / r->setup_s;
	if (last_done > first_close)
		r->teardown_s = (last_done - first_close) / 1000.0;
	return 0;
}

void lg_report_print(const struct lg_report *r, FILE *f)
{
	unsigned int i;
	bool any = false;

	fprintf(f, "mode %s: %u clients at %.1f/s\n", r->mode, r->clients,
		r->rate);
	fprintf(f, "setup: %u up, %u failed in %.2f s (%.1f sessions/s)\n",
		r->up, r->setup_failed, r->setup_s, r->sessions_per_s);
	fprintf(f, "setup latency ms: p50 %.0f p90 %.0f p99 %.0f max %.0f\n",
		r->p50_ms, r->p90_ms, r->p99_ms, r->max_ms);
	fprintf(f, "traffic: %u of %u up answered\n", r->answered, r->up);
	fprintf(f, "teardown: %u closed, %u failed in %.2f s\n", r->closed,
		r->close_failed, r->teardown_s);
	fprintf(f, "failures:");
	for (i = 1; i < LG_CAUSE_MAX; i++) {
		if (!r->failures[i])
			continue;
		fprintf(f, " %s %u", lg_cause_name(i), r->failures[i]);
		any = true;
	}
	fprintf(f, "%s\n", any ? "" : " none");
	fprintf(f, "control retransmits %lu, malformed input %lu\n",
		r->retransmits, r->malformed);
}

void lg_report_json(const struct lg_report *r, FILE *f)
{
	unsigned int i;
	const char *sep = "";

	fprintf(f, "{\n  \"mode\": \"%s\",\n  \"clients\": %u,\n"
		"  \"rate\": %.2f,\n  \"up\": %u,\n  \"answered\": %u,\n"
		"  \"setup_failed\": %u,\n  \"closed\": %u,\n"
		"  \"close_failed\": %u,\n  \"setup_seconds\": %.3f,\n"
		"  \"sessions_per_second\": %.2f,\n"
		"  \"teardown_seconds\": %.3f,\n"
		"  \"setup_ms\": { \"p50\": %.0f, \"p90\": %.0f, "
		"\"p99\": %.0f, \"max\": %.0f },\n  \"failures\": {",
		r->mode, r->clients, r->rate, r->up, r->answered,
		r->setup_failed, r->closed, r->close_failed, r->setup_s,
		r->sessions_per_s, r->teardown_s, r->p50_ms, r->p90_ms,
		r->p99_ms, r->max_ms);
	for (i = 1; i < LG_CAUSE_MAX; i++) {
		if (!r->failures[i])
			continue;
		fprintf(f, "%s \"%s\": %u", sep, lg_cause_name(i),
			r->failures[i]);
		sep = ",";
	}
	fprintf(f, " },\n  \"retransmits\": %lu,\n  \"malformed\": %lu\n}\n",
		r->retransmits, r->malformed);
}
