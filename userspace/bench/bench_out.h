/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host benches (session_scale, ike_scale, ipsec_scale,
 * session_show) share: their command line ([-o FILE] [N ...]) and their
 * output, one row of named figures per N, printed as a table as each N is
 * done and written at the end as JSON ({"NAME": [ {"key": number, ...},
 * ... ]}), so that runs can be compared by name.  A bench describes its
 * figures once, as an array of columns, and hands each row over as
 * numbers in that order.
 */
#ifndef ROAM_BENCH_OUT_H
#define ROAM_BENCH_OUT_H

#include <stddef.h>

#define BENCH_MAX_N	16

/* One figure: its table heading, its JSON key, digits after the point. */
struct bench_col {
	const char *head;
	const char *key;
	int table_prec, json_prec;
};

struct bench_args {
	const char *json;		/* -o FILE ("-": stdout), or NULL */
	unsigned int ns[BENCH_MAX_N];
	unsigned int nn;
};

/*
 * [-o FILE] [N ...]; without N, the defaults.  0, or 2 after the usage
 * line on stderr (the exit status for a bad command line).
 */
int bench_args_parse(struct bench_args *a, int argc, char **argv,
		     const char *prog, const unsigned int *defaults,
		     unsigned int n_defaults);

/* The table: its heading line, then one line per row (flushed). */
void bench_table_head(const struct bench_col *cols, size_t ncols);
void bench_table_row(const struct bench_col *cols, size_t ncols,
		     const double *row);

/*
 * The rows (nrows x ncols numbers, row after row) as JSON under name, to
 * path ("-": stdout).  0, or 1 after perror() when it cannot be written.
 */
int bench_json_write(const char *path, const char *name,
		     const struct bench_col *cols, size_t ncols,
		     const double *rows, unsigned int nrows);

/*
 * Measures one N: fills row (zeroed, one number per column, in the
 * columns' order).  i is N's place on the command line.
 */
typedef void bench_run_fn(unsigned int n, unsigned int i, double *row);

/*
 * Each N of the command line in turn: the table's heading, then run() and
 * the row's line as soon as it is done; with -o, all the rows as JSON
 * under name at the end.  The exit status: 0, or 1 after perror() when
 * the rows cannot be kept or written.
 */
int bench_run(const struct bench_args *a, const char *name,
	      const struct bench_col *cols, size_t ncols, bench_run_fn *run);

#endif /* ROAM_BENCH_OUT_H */
