// SPDX-License-Identifier: GPL-2.0
/*
 * Run the L2TP suites alone: cc -DL2TP_TEST_MAIN ... test_l2tp*.c.
 * In the full unit-test binary, tests/main.c provides all of this.
 */
#ifdef L2TP_TEST_MAIN
#include <stdarg.h>
#include <stdlib.h>

#include "test.h"

void suite_l2tp_codec(void);
void suite_l2tp_reliable(void);
void suite_l2tp_fsm(void);
void suite_l2tp_refuse(void);

static int passed, failed;
static bool current_failed;
static const char *current;

void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	current_failed = true;
	fprintf(stderr, "FAIL %s (%s:%d): ", current, file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void t_run(const char *name, void (*fn)(void))
{
	current = name;
	current_failed = false;
	fn();
	if (current_failed)
		failed++;
	else
		passed++;
}

int main(void)
{
	suite_l2tp_codec();
	suite_l2tp_reliable();
	suite_l2tp_fsm();
	suite_l2tp_refuse();
	fflush(stderr);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
#endif
