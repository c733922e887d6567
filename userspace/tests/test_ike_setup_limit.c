// SPDX-License-Identifier: GPL-2.0
/*
 * The operator's bound on phase 1 negotiations in setup (ike set
 * setup-limit, struct ike_config max_half_open): past it a new Main or
 * Aggressive Mode gets no reply and is counted as rate-limited; a slot
 * is free again once a negotiation completes or expires.  The clients
 * come from distinct addresses, so the bound in all is what refuses
 * them, not the one per address.
 */
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "test_ike_peer.h"

#define LIMIT	3
#define T0	1000000ull

static const char key[] = "setup limit test key";
static const struct ike_psk psk_any = {
	.any = true, .key = (const uint8_t *)key, .key_len = sizeof(key) - 1,
};

static void config(struct ike_config *cfg, unsigned int max_half_open)
{
	ike_config_default(cfg);
	cfg->psk = &psk_any;
	cfg->n_psk = 1;
	cfg->max_half_open = max_half_open;
}

/* Client i: 198.51.100.(10 + i), no NAT, at time now. */
static void client(struct ini *in, struct ike_ctx *ctx, unsigned int i,
		   uint64_t now)
{
	ini_init(in, ctx, false);
	in->psk = key;
	in->now = now;
	in->own.ip[3] = 10 + i;
	in->seen.ip[3] = 10 + i;
	in->seen4500.ip[3] = 10 + i;
}

/* What ini_fini() frees, but the shared context. */
static void client_done(struct ini *in)
{
	ike_dh_free(in->dh);
	in->dh = NULL;
	ike_actions_clear(&in->act);
}

static uint64_t rate_limited(struct ike_ctx *ctx)
{
	struct ike_drops d;

	ike_get_drops(ctx, &d);
	return d.rate_limited;
}

static unsigned int half_open(struct ike_ctx *ctx)
{
	struct ike_stats st;

	ike_get_stats(ctx, &st);
	return st.half_open;
}

/*
 * Main Mode: the LIMIT+1th new negotiation gets no reply, is counted and
 * logged once; its retransmission is counted and not logged again.  One
 * completing frees a slot; all expiring free theirs.  The bound is
 * changed at run time, as a settings change reaches the engine.
 */
static void setup_limit_main_mode(void)
{
	struct ike_config cfg;
	struct ike_ctx *ctx;
	struct ike_actions a;
	struct ike_stats st;
	struct ini c[LIMIT + 2], late;
	unsigned int i;
	bool nat;

	config(&cfg, 0);
	ctx = new_ctx(&cfg);
	CHECK(ctx != NULL);
	if (!ctx)
		return;
	ike_get_stats(ctx, &st);
	CHECK_INT(st.half_open_limit, IKE_DEFAULT_MAX_HALF_OPEN);
	config(&cfg, LIMIT);
	CHECK_INT(ike_reconfigure(ctx, &cfg), 0);
	ike_get_stats(ctx, &st);
	CHECK_INT(st.half_open_limit, LIMIT);

	for (i = 0; i < LIMIT; i++) {
		client(&c[i], ctx, i, T0);
		CHECK_INT(mm1(&c[i], win_offer, 1, false, false), 0);
	}
	CHECK_INT(half_open(ctx), LIMIT);
	CHECK_INT(rate_limited(ctx), 0);

	/* one more: dropped unanswered, counted, logged with the bounds */
	client(&c[LIMIT], ctx, LIMIT, T0);
	CHECK_INT(mm1(&c[LIMIT], win_offer, 1, false, false), -1);
	CHECK(!find_act(&c[LIMIT].act, IKE_ACT_SEND, 0));
	CHECK(find_log(&c[LIMIT].act, "0 half-open negotiations from it, 3 in all (limits 3, 3)"));
	CHECK_INT(rate_limited(ctx), 1);
	ike_get_stats(ctx, &st);
	CHECK_INT(st.ike_sas, LIMIT);	/* nothing kept for it */
	/* its retransmission: counted, not logged within the interval */
	c[LIMIT].now = T0 + 1000;
	CHECK_INT(mm1(&c[LIMIT], win_offer, 1, false, false), -1);
	CHECK(!find_log(&c[LIMIT].act, "refused"));
	CHECK_INT(rate_limited(ctx), 2);

	/* message 3 keeps client 0 in setup; message 5 completes it */
	c[0].now = T0 + 2000;
	CHECK_INT(mm3(&c[0], &nat), 0);
	CHECK_INT(half_open(ctx), LIMIT);
	c[LIMIT].now = T0 + 2000;
	CHECK_INT(mm1(&c[LIMIT], win_offer, 1, false, false), -1);
	CHECK_INT(rate_limited(ctx), 3);
	CHECK_INT(mm5(&c[0], false), 0);
	CHECK_INT(half_open(ctx), LIMIT - 1);
	/* the freed slot takes the client that was refused */
	CHECK_INT(mm1(&c[LIMIT], win_offer, 1, false, false), 0);
	CHECK_INT(half_open(ctx), LIMIT);
	CHECK_INT(rate_limited(ctx), 3);

	/* full again: refused, until the half-open ones expire */
	client(&c[LIMIT + 1], ctx, LIMIT + 1, T0 + 3000);
	CHECK_INT(mm1(&c[LIMIT + 1], win_offer, 1, false, false), -1);
	CHECK_INT(rate_limited(ctx), 4);
	ike_actions_init(&a);
	ike_timer(ctx, T0 + 3000 + cfg.half_open_s * 1000ull, &a);
	CHECK(find_log(&a, "timed out"));
	ike_actions_clear(&a);
	CHECK_INT(half_open(ctx), 0);
	ike_get_stats(ctx, &st);
	CHECK_INT(st.ike_established, 1);	/* client 0 stays */
	client(&late, ctx, LIMIT + 1, T0 + 3000 + cfg.half_open_s * 1000ull);
	CHECK_INT(mm1(&late, win_offer, 1, false, false), 0);
	CHECK_INT(half_open(ctx), 1);
	CHECK_INT(rate_limited(ctx), 4);

	for (i = 0; i < LIMIT + 2; i++)
		client_done(&c[i]);
	ini_fini(&late);
}

/* Aggressive Mode's message 1 goes through the same gate. */
static void setup_limit_aggressive_mode(void)
{
	struct ike_config cfg;
	struct ini mm, am1;

	config(&cfg, 1);
	client(&mm, new_ctx(&cfg), 0, T0);
	CHECK(mm.ctx != NULL);
	if (!mm.ctx)
		return;
	CHECK_INT(mm1(&mm, win_offer, 1, false, false), 0);
	client(&am1, mm.ctx, 1, T0);
	CHECK_INT(am(&am1, win_offer, 1, ISAKMP_ID_KEY_ID, "group", false,
		     false), -1);
	CHECK(!find_act(&am1.act, IKE_ACT_SEND, 0));
	CHECK(find_log(&am1.act, "limits 1, 1"));
	CHECK_INT(rate_limited(mm.ctx), 1);
	client_done(&am1);
	ini_fini(&mm);
}

void suite_ike_setup_limit(void)
{
	RUN(setup_limit_main_mode);
	RUN(setup_limit_aggressive_mode);
}
