/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a run of roam-loadgen measured, from its clients' timestamps and
 * outcomes: counts, rates, setup latency percentiles and failures by
 * cause, printed as text and written as JSON.
 */
#ifndef ROAM_LOADGEN_REPORT_H
#define ROAM_LOADGEN_REPORT_H

#include <stdio.h>

#include "client.h"

struct lg_report {
	const char *mode;
	unsigned int clients;
	double rate;			/* asked for, per second */
	unsigned int up;		/* reached IPCP open */
	unsigned int answered;		/* and their echo was answered */
	unsigned int setup_failed;	/* failed before being held */
	unsigned int closed;		/* torn down cleanly */
	unsigned int close_failed;	/* failed while closing */
	double setup_s;			/* first start to last up */
	double sessions_per_s;
	double teardown_s;		/* first StopCCN to last ack */
	double p50_ms, p90_ms, p99_ms, max_ms;	/* setup latency */
	unsigned int failures[LG_CAUSE_MAX];
	unsigned long malformed;	/* datagrams or frames dropped */
	unsigned long retransmits;	/* control messages sent again */
};

/* Fill r from the clients; r->mode, clients and rate are the caller's. */
int lg_report_compute(struct lg_report *r, const struct lg_client *const *c,
		      unsigned int n);
void lg_report_print(const struct lg_report *r, FILE *f);
void lg_report_json(const struct lg_report *r, FILE *f);

#endif /* ROAM_LOADGEN_REPORT_H */
