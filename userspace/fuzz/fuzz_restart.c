// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the restart state file (roamd/restart/state.h):
 * any bytes into the decoder; what it accepts must encode back to the
 * same length (the format has one spelling per state, but for the bytes
 * past a string's NUL or a peer id's length), and the restart and
 * take-over decisions over it, against an empty kernel view and against
 * one holding every SA and session the state names, must not fail.
 */
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include <linux/xfrm.h>

#include "restart/reconcile.h"
#include "restart/state.h"
#include "restart/takeover.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A kernel holding every SA, policy and session the state names. */
static void decide_against_all(const struct restart_state *s)
{
	struct kview_session *ks = calloc(s->n_sess + 1, sizeof(*ks));
	struct kview_policy *kp = calloc(2 * s->n_esp + 1, sizeof(*kp));
	struct kview_sa *ka = calloc(2 * s->n_esp + 1, sizeof(*ka));
	struct takeover_plan tp;
	struct kview kv = {};
	size_t i, ok = 0;

	if (!ks || !kp || !ka)
		goto out;
	for (i = 0; i < s->n_esp; i++) {
		const struct restart_esp *e = &s->esp[i];

		ka[2 * i].family = e->local.family;
		memcpy(ka[2 * i].daddr, e->local.ip, 16);
		ka[2 * i].spi = e->spi_in;
		ka[2 * i + 1].family = e->remote.family;
		memcpy(ka[2 * i + 1].daddr, e->remote.ip, 16);
		ka[2 * i + 1].spi = e->spi_out;
		kp[2 * i].dir = XFRM_POLICY_IN;
		kp[2 * i].reqid = e->mark;
		kp[2 * i + 1].dir = XFRM_POLICY_OUT;
		kp[2 * i + 1].mark = e->mark;
	}
	for (i = 0; i < s->n_sess; i++) {
		ks[i].ifindex = s->sess[i].ifindex;
		ks[i].id = s->sess[i].id;
		ks[i].kind = s->sess[i].kind;
	}
	kv.sa = ka;
	kv.n_sa = 2 * s->n_esp;
	kv.pol = kp;
	kv.n_pol = 2 * s->n_esp;
	kv.sess = ks;
	kv.n_sess = s->n_sess;
	if (takeover_decide(s, &kv, 0, &tp))
		goto out;
	for (i = 0; i < tp.n; i++)
		ok += tp.item[i].why == TAKEOVER_OK;
	if (tp.n != s->n_sess || ok != tp.resume ||
	    tp.resume + tp.end != tp.n)
		abort();
	takeover_plan_free(&tp);
out:
	free(ks);
	free(kp);
	free(ka);
}

/*
 * The input again with its trailing CRC made right: a mutation almost
 * never keeps the CRC, and without this the records behind it would be
 * out of the fuzzer's reach.
 */
static uint8_t *with_good_crc(const uint8_t *data, size_t size)
{
	uint32_t crc = 0xffffffff;
	uint8_t *c;
	size_t i;
	int k;

	if (size < 4)
		return NULL;
	c = malloc(size);
	if (!c)
		return NULL;
	memcpy(c, data, size);
	for (i = 0; i < size - 4; i++) {
		crc ^= c[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	crc = ~crc;
	c[size - 4] = crc >> 24;
	c[size - 3] = crc >> 16;
	c[size - 2] = crc >> 8;
	c[size - 1] = crc;
	return c;
}

static int one_input(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *fixed = with_good_crc(data, size);

	one_input(data, size);
	if (fixed) {
		one_input(fixed, size);
		free(fixed);
	}
	return 0;
}

static int one_input(const uint8_t *data, size_t size)
{
	struct takeover_plan tp;
	struct reconcile_plan plan;
	struct restart_state s;
	struct kview kv = {};
	uint8_t *buf;
	size_t len;

	if (restart_state_decode(data, size, &s) != RESTART_OK) {
		if (s.n_ike || s.n_esp || s.n_l2tp || s.n_sess ||
		    s.n_ike_res || s.n_l2tp_res || s.n_sess_res ||
		    s.n_sess_aaa)
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
	if (!takeover_decide(&s, &kv, 0, &tp)) {
		/* nothing in the kernel: nothing can be taken over */
		if (tp.resume)
			abort();
		takeover_plan_free(&tp);
	}
	decide_against_all(&s);
	restart_state_free(&s);
	return 0;
}
