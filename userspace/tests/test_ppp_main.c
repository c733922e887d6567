// SPDX-License-Identifier: GPL-2.0
/*
 * Run the PPP suites alone: from userspace/, compile with
 * -DPPP_TEST_MAIN -Iroamd -Itests every tests/test_ppp_*.c file and every
 * .c file of roamd/ppp, and link with -lcrypto.
 *
 * In the full unit-test binary, tests/main.c provides all of this and
 * calls the suite_ppp_*() functions.
 */
#ifdef PPP_TEST_MAIN
#include <stdarg.h>
#include <stdlib.h>

#include "test.h"

void suite_ppp_codec(void);
void suite_ppp_crypto(void);
void suite_ppp_fsm(void);
void suite_ppp_session(void);
void suite_ppp_auth(void);

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
	suite_ppp_codec();
	suite_ppp_crypto();
	suite_ppp_fsm();
	suite_ppp_session();
	suite_ppp_auth();
	fflush(stderr);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
#endif
