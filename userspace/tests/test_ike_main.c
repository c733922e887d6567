// SPDX-License-Identifier: GPL-2.0
/*
 * Run the IKE suites alone: cc -DIKE_TEST_MAIN ... test_ike*.c.
 * In the full unit-test binary, tests/main.c provides all of this.
 */
#ifdef IKE_TEST_MAIN
#include <stdarg.h>
#include <stdlib.h>

#include "test.h"

void suite_ike_payload(void);
void suite_ike_keys(void);
void suite_ike_exchange(void);

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
	suite_ike_payload();
	suite_ike_keys();
	suite_ike_exchange();
	fflush(stderr);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
#endif
