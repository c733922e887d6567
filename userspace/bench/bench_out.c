// SPDX-License-Identifier: GPL-2.0
/*
 * The host benches' command line, table and JSON (bench_out.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_out.h"

#define COL_WIDTH	12

int bench_args_parse(struct bench_args *a, int argc, char **argv,
		     const char *prog, const unsigned int *defaults,
		     unsigned int n_defaults)
{
	unsigned int k, given;
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			a->json = argv[++i];
		} else if (a->nn < BENCH_MAX_N && atoi(argv[i]) > 0) {
			a->ns[a->nn++] = atoi(argv[i]);
		} else {
			fprintf(stderr, "usage: %s [-o FILE] [N ...]\n", prog);
			return 2;
		}
	}
	given = a->nn;
	for (k = 0; !given && k < n_defaults && k < BENCH_MAX_N; k++)
		a->ns[a->nn++] = defaults[k];
	return 0;
}

void bench_table_head(const struct bench_col *cols, size_t ncols)
{
	size_t i;

	for (i = 0; i < ncols; i++)
		printf("%*s", COL_WIDTH, cols[i].head);
	putchar('\n');
}

void bench_table_row(const struct bench_col *cols, size_t ncols,
		     const double *row)
{
	size_t i;

	for (i = 0; i < ncols; i++)
		printf("%*.*f", COL_WIDTH, cols[i].table_prec, row[i]);
	putchar('\n');
	fflush(stdout);
}

int bench_json_write(const char *path, const char *name,
		     const struct bench_col *cols, size_t ncols,
		     const double *rows, unsigned int nrows)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	unsigned int r;
	size_t i;

	if (!f) {
		perror(path);
		return 1;
	}
	fprintf(f, "{\n  \"%s\": [\n", name);
	for (r = 0; r < nrows; r++) {
		fprintf(f, "    {");
		for (i = 0; i < ncols; i++)
			fprintf(f, "%s \"%s\": %.*f", i ? "," : "", cols[i].key,
				cols[i].json_prec, rows[r * ncols + i]);
		fprintf(f, " }%s\n", r + 1 < nrows ? "," : "");
	}
	fprintf(f, "  ]\n}\n");
	if (f != stdout && fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

int bench_run(const struct bench_args *a, const char *name,
	      const struct bench_col *cols, size_t ncols, bench_run_fn *run)
{
	double *rows = calloc((size_t)a->nn * ncols, sizeof(*rows));
	unsigned int i;
	int ret = 0;

	if (!rows) {
		perror(name);
		return 1;
	}
	bench_table_head(cols, ncols);
	for (i = 0; i < a->nn; i++) {
		double *row = rows + (size_t)i * ncols;

		run(a->ns[i], i, row);
		bench_table_row(cols, ncols, row);
	}
	if (a->json)
		ret = bench_json_write(a->json, name, cols, ncols, rows, a->nn);
	free(rows);
	return ret;
}
