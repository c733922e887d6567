// SPDX-License-Identifier: GPL-2.0
/*
 * The IKE responder against the scripted initiator of test_ike_peer.c:
 * Main Mode + Quick Mode with and without NAT, proposal
 * order, the error texts, wrong PSK, retransmissions, DPD, deletes and
 * INITIAL-CONTACT.
 *
 *   client 192.168.1.10 --- hotel NAT 203.0.113.5 --- 198.51.100.1 roamd
 *   (the NAT maps 500 -> 40000 and 4500 -> 40001; without NAT the client
 *    is 198.51.100.7)
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "ike/ike.h"
#include "ike/sa.h"
#include "test_ike_peer.h"
#include "util.h"

void suite_ike_exchange(void);

static void main_and_quick_mode_behind_nat(void)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_UDP_TRANSPORT, 0, 3600, 17, 1701, 1701 };
	struct ike_action *a;
	struct ike_stats st;
	struct ini in;
	bool peer_nat = false;

	ini_init(&in, new_ctx(NULL), true);
	CHECK_INT(mm1(&in, win_offer, 4, true, false), 1 - 1);
	CHECK_INT(mm3(&in, &peer_nat), 0);
	CHECK(peer_nat);	/* the server saw our mapped address */
	CHECK_INT(mm5(&in, false), 0);
	CHECK(find_log(&in.act, "established: AES-256/SHA1/ECP-384, NAT-T RFC 3947 (peer behind NAT), ID 192.168.1.10"));
	/* MM6 went back to where MM5 came from: the floated port. */
	a = find_act(&in.act, IKE_ACT_SEND, 0);
	CHECK(a && a->send.local.port == 4500 && a->send.remote.port == 40001);
	CHECK(qm1(&in, &o) != NULL);
	a = qm3(&in);
	CHECK(a != NULL);
	if (a) {
		CHECK_INT(a->sa.spi_in, in.spi_r);
		CHECK_INT(a->sa.spi_out, in.spi_i);
		CHECK(a->sa.encap && a->sa.transport);
		CHECK_INT(a->sa.encap_sport, 4500);
		CHECK_INT(a->sa.encap_dport, 40001);
		CHECK_INT(a->sa.ts_proto, 17);
		CHECK_INT(a->sa.ts_lport, 1701);
		CHECK_INT(a->sa.ts_rport, 1701);
		CHECK_INT(a->sa.enc_key_len, 32);
		CHECK_INT(a->sa.auth_key_len, 20);
		CHECK_INT(a->sa.auth_trunc_bits, 96);
		CHECK_INT(a->sa.nat_oa_peer.ip[0], 192);
		CHECK_INT(a->sa.lifetime_s, 3600);
		CHECK(keymat_matches(&in, &a->sa));
	}
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.ike_established, 1);
	CHECK_INT(st.esp_sas, 1);
	ini_fini(&in);
}

static void quick_mode_pfs_without_nat(void)
{
	static const struct t1 offer[] = {
		{ IKE_ENC_AES_CBC, 128, IKE_HASH_SHA2_256, IKE_GROUP_MODP2048, 0 },
	};
	struct qm_opts o = { IKE_ESP_AES_CBC, 128, IKE_ESP_AUTH_SHA2_256,
			     IKE_MODE_TRANSPORT, IKE_GROUP_MODP2048, 1200, 17,
			     0, 1701 };
	struct ike_action *a;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(phase1(&in, offer, 1, true, false), 0);
	CHECK(!in.floated);
	CHECK(qm1(&in, &o) != NULL);
	CHECK(in.qgxy_len == 256);
	a = qm3(&in);
	CHECK(a != NULL);
	if (a) {
		CHECK(!a->sa.encap);
		CHECK_INT(a->sa.ts_rport, 0);	/* client: any port */
		CHECK_INT(a->sa.auth_trunc_bits, 128);
		CHECK_INT(a->sa.lifetime_s, 1200);
		CHECK(keymat_matches(&in, &a->sa));
	}
	ini_fini(&in);
}

static void responder_lifetime_when_we_shorten(void)
{
	struct qm_opts o = { IKE_ESP_3DES, 0, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_TRANSPORT, 0, 28800, 17, 1701, 1701 };
	struct ike_action *a;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(phase1(&in, win_offer + 2, 1, false, false), 0);
	CHECK(qm1(&in, &o) != NULL);
	a = qm3(&in);
	CHECK(in.lifetime_notify);
	CHECK(a && a->sa.lifetime_s == 3600);
	CHECK(a && keymat_matches(&in, &a->sa));
	ini_fini(&in);
}

static void proposal_order_is_ours(void)
{
	struct ini in;

	/* Offered ECP-256 first, but we rank AES-256/MODP-2048 higher. */
	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(mm1(&in, win_offer + 1, 3, true, false), 1);
	ini_fini(&in);
	/* The peer's order does not matter: ECP-384 still wins. */
	{
		static const struct t1 rev[] = {
			{ IKE_ENC_AES_CBC, 128, IKE_HASH_SHA1, IKE_GROUP_ECP256, 0 },
			{ IKE_ENC_AES_CBC, 256, IKE_HASH_SHA1, IKE_GROUP_ECP384, 0 },
		};

		ini_init(&in, new_ctx(NULL), false);
		CHECK_INT(mm1(&in, rev, 2, true, false), 1);
		ini_fini(&in);
	}
}

static void no_proposal_chosen_names_both_sides(void)
{
	static const struct ike_p1_prop ours[] = {
		{ IKE_ENC_AES_CBC, 256, IKE_HASH_SHA2_256, IKE_GROUP_MODP2048 },
	};
	struct ike_config cfg;
	struct ike_drops drops;
	struct ike_action *r;
	struct ini in;

	ike_config_default(&cfg);
	cfg.p1 = ours;
	cfg.n_p1 = 1;
	ini_init(&in, new_ctx(&cfg), false);
	CHECK_INT(mm1(&in, win_offer, 2, true, false), -1);
	CHECK_STR(find_log(&in.act, "no proposal"),
		  "IKE phase 1 from 198.51.100.7 failed: no proposal chosen (peer offered AES-256/SHA1/ECP-384, AES-128/SHA1/ECP-256; we allow AES-256/SHA2-256/MODP-2048)");
	ike_get_drops(in.ctx, &drops);
	CHECK_INT(drops.no_proposal, 1);
	r = find_act(&in.act, IKE_ACT_SEND, 0);
	CHECK(r && r->send.buf[18] == ISAKMP_EXCH_INFO &&
	      r->send.buf[r->send.len - 1] == ISAKMP_N_NO_PROPOSAL_CHOSEN);
	ini_fini(&in);
}

static void weak_only_when_allowed(void)
{
	struct ike_config cfg;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(mm1(&in, win_offer + 3, 1, false, false), -1);
	CHECK(find_log(&in.act, "peer offered 3DES/SHA1/MODP-1024 (weak); we allow"));
	ini_fini(&in);
	ike_config_default(&cfg);
	cfg.allow_weak = true;
	ini_init(&in, new_ctx(&cfg), false);
	CHECK_INT(mm1(&in, win_offer + 3, 1, false, false), 0);
	ini_fini(&in);
}

/* Every default combination real clients offer is taken, by default. */
static void client_offers_taken(void)
{
	static const struct t1 offers[] = {
		/* macOS/iOS */
		{ IKE_ENC_AES_CBC, 256, IKE_HASH_SHA2_256, IKE_GROUP_MODP1536, 3600 },
		{ IKE_ENC_AES_CBC, 256, IKE_HASH_SHA1, IKE_GROUP_MODP1536, 3600 },
		{ IKE_ENC_AES_CBC, 256, IKE_HASH_SHA2_512, IKE_GROUP_MODP2048, 3600 },
		{ IKE_ENC_AES_CBC, 128, IKE_HASH_SHA2_384, IKE_GROUP_ECP384, 3600 },
		{ IKE_ENC_3DES, 0, IKE_HASH_SHA2_256, IKE_GROUP_ECP256, 3600 },
	};
	struct ini in;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(offers); i++) {
		ini_init(&in, new_ctx(NULL), false);
		CHECK_INT(mm1(&in, &offers[i], 1, false, false), 0);
		ini_fini(&in);
	}
}

static void long_lists_told_by_parts(void)
{
	static const struct t1 md5_only[] = {
		{ IKE_ENC_AES_CBC, 256, IKE_HASH_MD5, IKE_GROUP_MODP2048, 3600 },
	};
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(mm1(&in, md5_only, 1, false, false), -1);
	CHECK(find_log(&in.act, "peer offered AES-256/MD5/MODP-2048 (weak); we allow 48 combinations of AES-256, AES-128, 3DES / SHA2-512, SHA2-384, SHA2-256, SHA1 / ECP-384, ECP-256, MODP-2048, MODP-1536)"));
	ini_fini(&in);
}

static void wrong_psk_is_a_hash_mismatch(void)
{
	struct ike_drops drops;
	struct ike_stats st;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	in.psk = "wrong horse";
	CHECK_INT(phase1(&in, win_offer, 1, false, false), -1);
	CHECK_HAS(find_log(&in.act, "failed"),
		  "IKE phase 1 from 198.51.100.7 failed: HASH mismatch: wrong pre-shared key?");
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.ike_sas, 0);
	ike_get_drops(in.ctx, &drops);
	CHECK_INT(drops.bad_hash, 1);
	CHECK_INT(drops.malformed + drops.unknown_sa + drops.no_proposal, 0);
	ini_fini(&in);
}

static void psk_by_address_before_any(void)
{
	struct ike_psk psk[2] = {
		{ .any = true, .key = (const uint8_t *)"any-key", .key_len = 7 },
		{ .peer = T_ADDR(198, 51, 100, 7, 0),
		  .key = (const uint8_t *)"host-key", .key_len = 8 },
	};
	struct ike_config cfg;
	struct ini in;

	ike_config_default(&cfg);
	cfg.psk = psk;
	cfg.n_psk = 2;
	ini_init(&in, new_ctx(&cfg), false);
	in.psk = "host-key";
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	ini_fini(&in);
	ini_init(&in, new_ctx(&cfg), true);
	in.psk = "any-key";
	CHECK_INT(phase1(&in, win_offer, 1, true, false), 0);
	ini_fini(&in);
	cfg.n_psk = 0;
	cfg.psk = NULL;
	{
		struct ike_ctx *ctx = ike_new(&cfg);

		ini_init(&in, ctx, false);
		CHECK_INT(mm1(&in, win_offer, 1, false, false), -1);
		CHECK(find_log(&in.act, "no pre-shared key for this address"));
		ini_fini(&in);
	}
}

static void retransmitted_requests_get_the_same_reply(void)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 128, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_TRANSPORT, 0, 3600, 17, 1701, 1701 };
	struct ike_actions a;
	struct ike_action *x;
	struct ini in;
	size_t n = 0, i;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	CHECK(qm1(&in, &o) != NULL);
	/* No QM3: QM2 is resent on the timer. */
	ike_actions_init(&a);
	ike_timer(in.ctx, in.now + 2500, &a);
	for (i = 0; i < a.n; i++)
		n += a.v[i].type == IKE_ACT_SEND;
	CHECK_INT(n, 1);
	x = find_act(&a, IKE_ACT_TIMER, 0);
	CHECK(x && x->deadline_ms > in.now + 2500);
	ike_actions_clear(&a);
	/* After the half-open time the exchange is given up and says so. */
	ike_timer(in.ctx, in.now + 61000, &a);
	CHECK(find_log(&a, "no message 3"));
	ike_actions_clear(&a);
	ini_fini(&in);
}

/* Nothing at all in reply: no datagram, no SA, no log line. */
static bool ignored(struct ini *in, const struct ike_msgcopy *m)
{
	return !deliver(in, m->buf, m->len) &&
	       !find_act(&in->act, IKE_ACT_SA_ADD, 0) &&
	       !find_act(&in->act, IKE_ACT_LOG, 0);
}

/*
 * A finished Quick Mode gives its slot back at QM3 and keeps its message
 * ID: the peer repeating its QM3 (it never saw our ACK, there is none) or
 * its QM1 (our QM2 came late) is dropped quietly, no second pair of SAs;
 * a later Quick Mode (a rekey) is served as the first was.
 */
static void finished_quick_mode_repeated(void)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 128, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_TRANSPORT, 0, 3600, 17, 1701, 1701 };
	struct ike_actions a;
	struct ike_sa *sa;
	struct ini in;
	uint32_t first;

	ini_init(&in, new_ctx(NULL), false);
	in.keep_qm = true;
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	sa = ike_sa_established_for(in.ctx, &in.seen);
	CHECK(sa != NULL);
	if (!sa)
		goto out;
	CHECK(qm1(&in, &o) && qm3(&in));
	first = in.msgid;
	CHECK_INT(in.ctx->ch_by_spi.n, 1);
	CHECK(!sa->qm && !sa->n_qm && sa->qm_done);
	CHECK_INT(in.ctx->qm_by_spi.n, 0);

	CHECK(ignored(&in, &in.qm3_sent));
	CHECK(ignored(&in, &in.qm1_sent));
	CHECK_INT(in.ctx->ch_by_spi.n, 1);
	CHECK(!sa->qm && !sa->n_qm);

	/* a rekey: a new message ID, a second pair, keys of its own */
	CHECK(qm1(&in, &o) != NULL);
	CHECK(in.msgid != first);
	CHECK(sa->qm && sa->n_qm == 1);
	CHECK(qm3(&in) != NULL);
	CHECK(keymat_matches(&in, &find_act(&in.act, IKE_ACT_SA_ADD, 0)->sa));
	CHECK_INT(in.ctx->ch_by_spi.n, 2);
	CHECK(!sa->qm && !sa->n_qm);
	/* and the first one's repeats are still dropped */
	CHECK(ignored(&in, &in.qm3_sent));

	/* the records go when the exchanges would have expired in flight */
	ike_actions_init(&a);
	ike_timer(in.ctx, in.now + 61000, &a);
	ike_actions_clear(&a);
	CHECK(!sa->qm_done);
out:
	ini_fini(&in);
}

static void informational(struct ini *in, uint8_t np, const uint8_t *body,
			  size_t len)
{
	struct ike_ctx fake = { 0 };
	struct ike_actions a;
	struct ike_action *x;

	/* Reuse the responder's own sender with the initiator's mirror. */
	ike_actions_init(&a);
	fake.out = &a;
	in->s.local = in->seen;
	in->s.remote = in->srv;
	ike_send_info(&fake, &in->s, np, body, len);
	x = find_act(&a, IKE_ACT_SEND, 0);
	if (x)
		deliver(in, x->send.buf, x->send.len);
	ike_actions_clear(&a);
}

static void dpd_ack_and_probe(void)
{
	uint8_t n[28] = { 0, 0, 0, 1, 1, 16, 0x8d, 0x28 };
	struct ike_actions a;
	struct ike_stats st;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	memcpy(n + 8, in.s.cky_i, 8);
	memcpy(n + 16, in.s.cky_r, 8);
	n[27] = 7;
	informational(&in, ISAKMP_NP_N, n, sizeof(n));
	CHECK(find_act(&in.act, IKE_ACT_SEND, 0) != NULL);	/* the ACK */
	/* Silence: probes each 30 s, dead after 150 s. */
	ike_actions_init(&a);
	ike_timer(in.ctx, in.now + 31000, &a);
	CHECK(find_act(&a, IKE_ACT_SEND, 0) != NULL);
	ike_actions_clear(&a);
	ike_timer(in.ctx, in.now + 31000 + 151000, &a);
	CHECK(find_log(&a, "is dead"));
	ike_actions_clear(&a);
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.ike_sas, 0);
	ini_fini(&in);
}

static void deletes_from_the_peer(void)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_TRANSPORT, 0, 3600, 17, 1701, 1701 };
	uint8_t d[12] = { 0, 0, 0, 1, 3, 4, 0, 1 }, dk[24] = {
		0, 0, 0, 1, 1, 16, 0, 1 };
	struct ike_action *x;
	struct ike_stats st;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	CHECK(qm1(&in, &o) && qm3(&in));
	ike_set32(d + 8, in.spi_i);
	informational(&in, ISAKMP_NP_D, d, sizeof(d));
	x = find_act(&in.act, IKE_ACT_SA_DEL, 0);
	CHECK(x && x->sa.spi_out == in.spi_i && x->sa.spi_in == in.spi_r);
	memcpy(dk + 8, in.s.cky_i, 8);
	memcpy(dk + 16, in.s.cky_r, 8);
	informational(&in, ISAKMP_NP_D, dk, sizeof(dk));
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.ike_sas, 0);
	CHECK_INT(st.esp_sas, 0);
	ini_fini(&in);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/*
 * The engine keeps no ESP keys once the SA_ADD action has them: the
 * SA_DEL of the same pair still names all of it, with no keys.
 */
static void sa_del_names_the_pair_without_keys(void)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_UDP_TRANSPORT, 0, 3600, 17, 1701, 1701 };
	uint8_t d[12] = { 0, 0, 0, 1, 3, 4, 0, 1 };
	struct ike_esp_sa add;
	struct ike_action *x;
	struct ini in;

	ini_init(&in, new_ctx(NULL), true);
	CHECK_INT(phase1(&in, win_offer, 1, true, false), 0);
	CHECK(qm1(&in, &o) && qm3(&in));
	x = find_act(&in.act, IKE_ACT_SA_ADD, 0);
	CHECK(x != NULL);
	if (!x) {
		ini_fini(&in);
		return;
	}
	add = x->sa;
	CHECK(!all_zero(add.enc_key_in, add.enc_key_len));
	CHECK(!all_zero(add.auth_key_out, add.auth_key_len));
	ike_set32(d + 8, in.spi_i);
	informational(&in, ISAKMP_NP_D, d, sizeof(d));
	x = find_act(&in.act, IKE_ACT_SA_DEL, 0);
	CHECK(x != NULL);
	if (x) {
		CHECK(x->sa.id == add.id);
		CHECK(x->sa.spi_in == add.spi_in && x->sa.spi_out == add.spi_out);
		CHECK(ike_addr_eq(&x->sa.local, &add.local, true));
		CHECK(ike_addr_eq(&x->sa.remote, &add.remote, true));
		CHECK(x->sa.enc == add.enc &&
		      x->sa.enc_key_len == add.enc_key_len);
		CHECK(x->sa.auth == add.auth &&
		      x->sa.auth_key_len == add.auth_key_len &&
		      x->sa.auth_trunc_bits == add.auth_trunc_bits);
		CHECK(x->sa.transport == add.transport && x->sa.encap &&
		      x->sa.encap_sport == add.encap_sport &&
		      x->sa.encap_dport == add.encap_dport);
		CHECK(x->sa.ts_proto == 17 && x->sa.ts_lport == add.ts_lport &&
		      x->sa.ts_rport == add.ts_rport);
		CHECK(x->sa.ike_sa_id == add.ike_sa_id);
		CHECK(x->sa.lifetime_s == add.lifetime_s &&
		      x->sa.lifetime_kb == add.lifetime_kb);
		CHECK(all_zero(x->sa.enc_key_in, sizeof(x->sa.enc_key_in)));
		CHECK(all_zero(x->sa.enc_key_out, sizeof(x->sa.enc_key_out)));
		CHECK(all_zero(x->sa.auth_key_in, sizeof(x->sa.auth_key_in)));
		CHECK(all_zero(x->sa.auth_key_out,
			       sizeof(x->sa.auth_key_out)));
	}
	ike_wipe(&add, sizeof(add));
	ini_fini(&in);
}

static void initial_contact_drops_old_sas(void)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_UDP_TRANSPORT, 0, 3600, 17, 1701, 1701 };
	struct ike_ctx *ctx = new_ctx(NULL);
	struct ike_stats st;
	struct ini a, b, other;

	ini_init(&a, ctx, true);
	CHECK_INT(phase1(&a, win_offer, 1, true, false), 0);
	CHECK(qm1(&a, &o) && qm3(&a));
	/* Another client behind the same hotel NAT, other private address. */
	ini_init(&other, ctx, true);
	other.own.ip[3] = 11;
	other.seen.port = 40100;
	other.seen4500.port = 40101;
	CHECK_INT(phase1(&other, win_offer, 1, true, false), 0);
	CHECK(qm1(&other, &o) && qm3(&other));
	/* The first client reboots: new NAT ports, INITIAL-CONTACT. */
	ini_init(&b, ctx, true);
	b.seen.port = 40200;
	b.seen4500.port = 40201;
	CHECK_INT(phase1(&b, win_offer, 1, true, true), 0);
	CHECK(find_act(&b.act, IKE_ACT_SA_DEL, 0) != NULL);
	CHECK(find_act(&b.act, IKE_ACT_SA_DEL, 1) == NULL);
	ike_get_stats(ctx, &st);
	CHECK_INT(st.ike_established, 2);	/* other's and b's */
	CHECK_INT(st.esp_sas, 1);		/* other's */
	ike_actions_clear(&a.act);
	ike_actions_clear(&other.act);
	ike_dh_free(a.dh);
	ike_dh_free(other.dh);
	ini_fini(&b);
}

static void quick_mode_refusals_say_why(void)
{
	struct qm_opts tcp = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			       IKE_MODE_TRANSPORT, 0, 3600, 6, 0, 0 };
	struct qm_opts tun = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			       IKE_MODE_TUNNEL, 0, 3600, 17, 1701, 1701 };
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	qm1(&in, &tcp);
	CHECK(find_log(&in.act, "only UDP (L2TP on port 1701) is served"));
	qm1(&in, &tun);
	CHECK(find_log(&in.act, "no proposal chosen (peer offered AES-256/SHA1 tunnel; we allow"));
	ini_fini(&in);
}

static void garbage_is_dropped_quietly(void)
{
	uint8_t junk[64];
	struct ike_drops drops;
	struct ike_stats st;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	memset(junk, 0xab, sizeof(junk));
	CHECK(deliver(&in, junk, sizeof(junk)) == NULL);
	CHECK(find_log(&in.act, "malformed header"));
	CHECK(deliver(&in, junk, 3) == NULL);
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.ike_sas, 0);
	ike_get_drops(in.ctx, &drops);
	CHECK_INT(drops.malformed, 2);
	/* a well-formed header with a responder cookie of no SA */
	junk[17] = 0x10;	/* version 1.0 */
	junk[18] = ISAKMP_EXCH_MAIN;
	junk[19] = 0;
	memset(junk + 20, 0, 4);	/* message ID */
	junk[24] = 0;
	junk[25] = 0;
	junk[26] = 0;
	junk[27] = sizeof(junk);
	junk[16] = 0;			/* no payload */
	deliver(&in, junk, sizeof(junk));
	ike_get_drops(in.ctx, &drops);
	CHECK_INT(drops.unknown_sa, 1);
	CHECK_INT(drops.malformed, 2);
	ini_fini(&in);
}

/*
 * Message 1 floods from one address take at most a share of the
 * half-open slots; the refusals are counted, and logged once a window.
 */
static void half_open_limit_per_source(void)
{
	struct ike_ctx *ctx = new_ctx(NULL);
	struct ike_drops drops;
	struct ike_stats st;
	unsigned int i, logs = 0;
	struct ini in;

	for (i = 0; i < 300; i++) {
		ini_init(&in, ctx, false);
		in.seen.port = in.own.port = 1024 + i;
		mm1(&in, win_offer, 1, false, false);
		if (find_log(&in.act, "half-open"))
			logs++;
		ike_dh_free(in.dh);
		ike_actions_clear(&in.act);
	}
	ike_get_stats(ctx, &st);
	ike_get_drops(ctx, &drops);
	CHECK_INT(st.ike_sas, 256);
	CHECK_INT(drops.rate_limited, 300 - 256);
	CHECK_INT(logs, 1);
	/* another address still gets in */
	ini_init(&in, ctx, true);
	CHECK_INT(mm1(&in, win_offer, 1, false, false), 0);
	ini_fini(&in);
}

void suite_ike_exchange(void)
{
	RUN(main_and_quick_mode_behind_nat);
	RUN(quick_mode_pfs_without_nat);
	RUN(responder_lifetime_when_we_shorten);
	RUN(proposal_order_is_ours);
	RUN(no_proposal_chosen_names_both_sides);
	RUN(weak_only_when_allowed);
	RUN(client_offers_taken);
	RUN(long_lists_told_by_parts);
	RUN(wrong_psk_is_a_hash_mismatch);
	RUN(psk_by_address_before_any);
	RUN(retransmitted_requests_get_the_same_reply);
	RUN(finished_quick_mode_repeated);
	RUN(dpd_ack_and_probe);
	RUN(deletes_from_the_peer);
	RUN(sa_del_names_the_pair_without_keys);
	RUN(initial_contact_drops_old_sas);
	RUN(quick_mode_refusals_say_why);
	RUN(garbage_is_dropped_quietly);
	RUN(half_open_limit_per_source);
}
