// SPDX-License-Identifier: GPL-2.0
/*
 * The IKE engine's indexes and deadline heaps (roamd/ike/table.c): every
 * SA and ESP pair is found through them while it lives, is filed again
 * when what its keys come from changes (NAT-T float, a second phase 1,
 * a second Quick Mode) and is in none of them once freed.  The unit
 * tests run under ASan, so a stale entry that was read would fail them
 * too.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "test_ike_peer.h"

static const struct qm_opts l2tp_qm = {
	IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1, IKE_MODE_TRANSPORT, 0, 3600,
	17, 1701, 1701,
};

/* An informational from the peer, through the responder's own sender. */
static void peer_info(struct ini *in, uint8_t np, const uint8_t *body,
		      size_t len)
{
	struct ike_ctx fake = { 0 };
	struct ike_actions a;
	struct ike_action *x;

	ike_actions_init(&a);
	fake.out = &a;
	in->s.local = in->floated ? in->seen4500 : in->seen;
	in->s.remote = in->floated ? in->srv4500 : in->srv;
	ike_send_info(&fake, &in->s, np, body, len);
	x = find_act(&a, IKE_ACT_SEND, 0);
	if (x)
		deliver(in, x->send.buf, x->send.len);
	ike_actions_clear(&a);
}

static struct isakmp_hdr hdr_of(const struct ini *in, bool first)
{
	struct isakmp_hdr h = { .exch = ISAKMP_EXCH_MAIN };

	memcpy(h.cky_i, in->s.cky_i, 8);
	if (!first)
		memcpy(h.cky_r, in->s.cky_r, 8);
	return h;
}

/* Nothing is left in any index or heap. */
static void check_empty(const struct ike_ctx *ctx)
{
	CHECK_INT(ctx->sa_by_cky_r.n, 0);
	CHECK_INT(ctx->sa_by_first.n, 0);
	CHECK_INT(ctx->sa_by_serial.n, 0);
	CHECK_INT(ctx->sa_by_remote.n, 0);
	CHECK_INT(ctx->sa_by_host.n, 0);
	CHECK_INT(ctx->src_half_open.n, 0);
	CHECK_INT(ctx->ch_by_spi.n, 0);
	CHECK_INT(ctx->ch_by_owner.n, 0);
	CHECK_INT(ctx->ch_by_host.n, 0);
	CHECK_INT(ctx->qm_by_spi.n, 0);
	CHECK_INT(ctx->sa_timers.n, 0);
	CHECK_INT(ctx->ch_timers.n, 0);
	CHECK_INT(ctx->half_open, 0);
	CHECK(!ctx->sas && !ctx->children);
	CHECK(!ctx->dirty_sas && !ctx->dirty_children);
}

/* The reference vector of the SipHash paper (key 00..0f, 15 bytes). */
static void table_siphash_vector(void)
{
	struct ike_ctx ctx = { 0 };
	uint8_t m[15];
	unsigned int i;

	for (i = 0; i < sizeof(m); i++)
		m[i] = i;
	ctx.hash_key[0] = 0x0706050403020100ull;
	ctx.hash_key[1] = 0x0f0e0d0c0b0a0908ull;
	CHECK(ike_keyed_hash(&ctx, m, sizeof(m)) == 0xa129ca6149be45e5ull);
	/* the key matters: another key, another hash */
	ctx.hash_key[1] ^= 1;
	CHECK(ike_keyed_hash(&ctx, m, sizeof(m)) != 0xa129ca6149be45e5ull);
}

/* Half-open: counted in all and per address, found by the MM1 repeat. */
static void table_half_open(void)
{
	struct isakmp_hdr h;
	struct ike_actions a;
	struct ike_sa *sa;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK(mm1(&in, win_offer, 1, false, false) >= 0);
	CHECK_INT(in.ctx->half_open, 1);
	CHECK_INT(ike_half_open_from(in.ctx, &in.seen), 1);
	CHECK_INT(ike_half_open_from(in.ctx, &in.srv), 0);
	h = hdr_of(&in, true);
	sa = ike_sa_by_cookies(in.ctx, &h, &in.seen);
	CHECK(sa != NULL);
	/* the repeat must come from the same address and port */
	CHECK(!ike_sa_by_cookies(in.ctx, &h, &in.seen4500));
	h = hdr_of(&in, false);
	CHECK(ike_sa_by_cookies(in.ctx, &h, &in.srv) == sa);
	CHECK_INT(in.ctx->sa_timers.n, 1);
	/* given up after the half-open time: out of every index */
	ike_actions_init(&a);
	ike_timer(in.ctx, in.now + 61000, &a);
	CHECK(find_log(&a, "timed out"));
	ike_actions_clear(&a);
	check_empty(in.ctx);
	ini_fini(&in);
}

/* Established, with its pair; then deleted by the peer: nothing left. */
static void table_established_then_deleted(void)
{
	uint8_t d[24] = { 0, 0, 0, 1, 1, 16, 0, 1 };
	struct ike_child *ch;
	struct isakmp_hdr h;
	struct ike_sa *sa;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	CHECK_INT(in.ctx->half_open, 0);
	CHECK_INT(in.ctx->src_half_open.n, 0);
	h = hdr_of(&in, false);
	sa = ike_sa_by_cookies(in.ctx, &h, &in.seen);
	CHECK(sa && sa->state == IKE_P1_ESTABLISHED);
	CHECK(ike_sa_by_serial(in.ctx, sa->serial) == sa);
	CHECK(ike_sa_established_for(in.ctx, &in.seen) == sa);
	CHECK(ike_sa_host_first(in.ctx, &in.seen) == sa);

	/* a Quick Mode in flight holds its SPI; its pair then takes it */
	CHECK(qm1(&in, &l2tp_qm) != NULL);
	CHECK_INT(in.ctx->qm_by_spi.n, 1);
	CHECK(ike_spi_in_use(in.ctx, in.spi_r));
	CHECK(!ike_child_by_spi(in.ctx, in.spi_r));
	CHECK(qm3(&in) != NULL);
	ch = ike_child_by_spi(in.ctx, in.spi_r);
	CHECK(ch && ch->sa.spi_out == in.spi_i);
	CHECK(ike_child_owner_first(in.ctx, sa->serial) == ch);
	CHECK(ike_child_host_first(in.ctx, &in.seen) == ch);
	CHECK_INT(in.ctx->ch_timers.n, 1);

	/* the peer deletes the ISAKMP SA: it goes, its pair stays */
	memcpy(d + 8, in.s.cky_i, 8);
	memcpy(d + 16, in.s.cky_r, 8);
	peer_info(&in, ISAKMP_NP_D, d, sizeof(d));
	CHECK(!ike_sa_by_cookies(in.ctx, &h, &in.seen));
	CHECK(!ike_sa_established_for(in.ctx, &in.seen));
	CHECK_INT(in.ctx->sa_by_serial.n, 0);
	CHECK_INT(in.ctx->sa_timers.n, 0);
	CHECK_INT(in.ctx->qm_by_spi.n, 0);
	CHECK(ike_child_by_spi(in.ctx, in.spi_r) == ch);

	/* the pair's lifetime ends: out of every index, heap and list */
	{
		struct ike_actions a;

		ike_actions_init(&a);
		ike_timer(in.ctx, in.now + 3600 * 1000 + 1, &a);
		CHECK(find_act(&a, IKE_ACT_SA_DEL, 0) != NULL);
		ike_actions_clear(&a);
	}
	check_empty(in.ctx);
	ini_fini(&in);
}

/* NAT-T moves the SA to port 4500: filed again under its new address. */
static void table_float_refiles(void)
{
	struct isakmp_hdr h;
	struct ike_sa *sa;
	struct ini in;

	ini_init(&in, new_ctx(NULL), true);
	CHECK_INT(phase1(&in, win_offer, 1, true, false), 0);
	CHECK(in.floated);
	h = hdr_of(&in, false);
	sa = ike_sa_by_cookies(in.ctx, &h, &in.seen4500);
	CHECK(sa && sa->remote.port == in.seen4500.port);
	CHECK(ike_sa_established_for(in.ctx, &in.seen4500) == sa);
	CHECK(!ike_sa_established_for(in.ctx, &in.seen));
	/* a repeated MM1 is looked for where the SA is now */
	h = hdr_of(&in, true);
	CHECK(ike_sa_by_cookies(in.ctx, &h, &in.seen4500) == sa);
	CHECK(!ike_sa_by_cookies(in.ctx, &h, &in.seen));
	ini_fini(&in);
}

/* Two phase 1 and two Quick Modes of one peer: both filed, then one goes. */
static void table_rekeys(void)
{
	uint8_t d[12] = { 0, 0, 0, 1, 3, 4, 0, 1 };
	uint32_t spi1_r, spi1_i;
	struct ike_sa *old, *new;
	struct isakmp_hdr h;
	struct ini in;
	uint8_t cky_i[8], cky_r[8];

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	CHECK(qm1(&in, &l2tp_qm) && qm3(&in));
	spi1_r = in.spi_r;
	spi1_i = in.spi_i;
	/* Quick Mode rekey: a second pair beside the first */
	CHECK(qm1(&in, &l2tp_qm) && qm3(&in));
	CHECK(in.spi_r != spi1_r);
	CHECK(ike_child_by_spi(in.ctx, spi1_r) != NULL);
	CHECK(ike_child_by_spi(in.ctx, in.spi_r) != NULL);
	CHECK_INT(in.ctx->ch_by_spi.n, 2);
	/* the peer deletes the old pair: only the new one is left */
	ike_set32(d + 8, spi1_i);
	peer_info(&in, ISAKMP_NP_D, d, sizeof(d));
	CHECK(!ike_child_by_spi(in.ctx, spi1_r));
	CHECK(ike_child_by_spi(in.ctx, in.spi_r) != NULL);
	CHECK_INT(in.ctx->ch_by_spi.n, 1);
	CHECK_INT(in.ctx->ch_by_host.n, 1);
	CHECK_INT(in.ctx->ch_timers.n, 1);

	/* phase 1 rekey: new cookies from the same address and port */
	h = hdr_of(&in, false);
	old = ike_sa_by_cookies(in.ctx, &h, &in.seen);
	memcpy(cky_i, in.s.cky_i, 8);
	memcpy(cky_r, in.s.cky_r, 8);
	ike_dh_free(in.dh);
	in.dh = NULL;
	memset(&in.s, 0, sizeof(in.s));
	ike_random(in.s.cky_i, 8);
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	h = hdr_of(&in, false);
	new = ike_sa_by_cookies(in.ctx, &h, &in.seen);
	CHECK(old && new && old != new);
	CHECK(ike_sa_established_for(in.ctx, &in.seen) == new);
	memcpy(h.cky_i, cky_i, 8);
	memcpy(h.cky_r, cky_r, 8);
	CHECK(ike_sa_by_cookies(in.ctx, &h, &in.seen) == old);
	CHECK_INT(in.ctx->sa_by_cky_r.n, 2);
	CHECK_INT(in.ctx->sa_by_host.n, 2);
	CHECK(ike_half_open_from(in.ctx, &in.seen) == 0);
	ini_fini(&in);
}

/* INITIAL-CONTACT drops the peer's old SAs: they leave every index. */
static void table_initial_contact(void)
{
	struct ike_sa *sa;
	struct ini in;
	unsigned int n = 0;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	CHECK(qm1(&in, &l2tp_qm) && qm3(&in));
	ike_dh_free(in.dh);
	in.dh = NULL;
	memset(&in.s, 0, sizeof(in.s));
	ike_random(in.s.cky_i, 8);
	CHECK_INT(phase1(&in, win_offer, 1, false, true), 0);
	for (sa = ike_sa_host_first(in.ctx, &in.seen); sa;
	     sa = ike_sa_host_next(in.ctx, sa, &in.seen))
		n++;
	CHECK_INT(n, 1);
	CHECK_INT(in.ctx->sa_by_serial.n, 1);
	CHECK_INT(in.ctx->ch_by_spi.n, 0);
	CHECK_INT(in.ctx->ch_timers.n, 0);
	CHECK_INT(in.ctx->sa_timers.n, 1);
	ini_fini(&in);
}

/* Many peers: each found by its own cookies, and the timers stay one each. */
static void table_many_peers(void)
{
	struct ike_ctx *ctx = new_ctx(NULL);
	static struct ini in[64];
	struct isakmp_hdr h;
	unsigned int i;

	for (i = 0; i < 64; i++) {
		ini_init(&in[i], ctx, false);
		in[i].own.ip[3] = in[i].seen.ip[3] = 10 + i;
		in[i].seen4500.ip[3] = 10 + i;
		CHECK_INT(phase1(&in[i], win_offer, 1, false, false), 0);
	}
	CHECK_INT(ctx->sa_by_cky_r.n, 64);
	CHECK_INT(ctx->sa_timers.n, 64);
	for (i = 0; i < 64; i++) {
		struct ike_sa *sa;

		h = hdr_of(&in[i], false);
		sa = ike_sa_by_cookies(ctx, &h, &in[i].seen);
		CHECK(sa && ike_addr_eq(&sa->remote, &in[i].seen, true));
		CHECK(ike_sa_established_for(ctx, &in[i].seen) == sa);
	}
	for (i = 0; i < 64; i++) {
		ike_dh_free(in[i].dh);
		ike_actions_clear(&in[i].act);
	}
	ike_free(ctx);
}

/*
 * The Quick Mode slots are there while one is in flight and go at its
 * QM3; its record (the message ID) goes when it would have expired.
 */
static void table_qm_slots_freed(void)
{
	struct ike_actions a;
	struct isakmp_hdr h;
	struct ike_sa *sa;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	h = hdr_of(&in, false);
	sa = ike_sa_by_cookies(in.ctx, &h, &in.seen);
	CHECK(sa && !sa->qm && !sa->n_qm);
	if (!sa)
		goto out;
	CHECK(qm1(&in, &l2tp_qm) != NULL);
	CHECK(sa->qm && sa->n_qm == 1 && sa->qm_done);
	CHECK_INT(in.ctx->qm_by_spi.n, 1);
	CHECK(qm3(&in) != NULL);
	CHECK(!sa->qm && !sa->n_qm && sa->qm_done);
	CHECK_INT(in.ctx->qm_by_spi.n, 0);
	CHECK(ike_child_by_spi(in.ctx, in.spi_r) != NULL);
	/* the record kept a while for retransmissions, then gone */
	ike_actions_init(&a);
	ike_timer(in.ctx, in.now + 61000, &a);
	ike_actions_clear(&a);
	CHECK(ike_sa_by_cookies(in.ctx, &h, &in.seen) == sa);
	CHECK(!sa->qm && !sa->qm_done);
	/* and a new Quick Mode gets them again, for its flight only */
	CHECK(qm1(&in, &l2tp_qm) != NULL);
	CHECK(sa->qm && sa->n_qm == 1);
	CHECK(qm3(&in) != NULL);
	CHECK(!sa->qm && !sa->n_qm);
	CHECK_INT(in.ctx->ch_by_spi.n, 2);
out:
	ini_fini(&in);
}

void suite_ike_table(void)
{
	RUN(table_siphash_vector);
	RUN(table_half_open);
	RUN(table_established_then_deleted);
	RUN(table_float_refiles);
	RUN(table_rekeys);
	RUN(table_initial_contact);
	RUN(table_many_peers);
	RUN(table_qm_slots_freed);
}
