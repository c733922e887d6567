// SPDX-License-Identifier: GPL-2.0
/*
 * roam-loadgen's IKEv1 initiator (tools/loadgen/ike_initiator.c) against
 * roamd's own IKE engine in process: the whole exchange to ESTABLISHED
 * and Quick Mode done, with and without NAT; malformed, forged and
 * misplaced answers dropped at every step; retransmission and its limit;
 * a refusal; the DELETEs at the end.
 *
 *   client 192.168.1.10 --- hotel NAT 203.0.113.5 --- 198.51.100.1 roamd
 *   (the NAT maps the client's 500 side (port 500) to 40000 and its 4500
 *    side (port 4500) to 40001; without NAT the client is 198.51.100.7)
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "ike/ike.h"
#include "ike/payload.h"
#include "ike/sa.h"
#include "test_ike_peer.h"
#include "../tools/loadgen/ike_initiator.h"

void suite_ike_initiator(void);

#define MAXQ	16

struct dgram {
	bool natt;
	size_t len;
	uint8_t buf[2048];
};

/* The initiator, the engine, and what each sent the other. */
struct rig {
	struct ikei in;
	struct ike_ctx *ctx;
	struct ike_actions act;		/* the engine's last actions */
	struct ike_addr srv, srv4500, seen, seen4500;
	struct dgram q[MAXQ];		/* the initiator's, not yet delivered */
	unsigned int nq;
	unsigned int sent;		/* by the initiator, in all */
	uint64_t now;
	bool lose_all;			/* the network drops the initiator's */
};

static const char *psk = "correct horse";

static void rig_xmit(void *arg, bool natt, const uint8_t *buf, size_t len)
{
	struct rig *r = arg;
	struct dgram *d;

	r->sent++;
	if (r->lose_all || r->nq == MAXQ || len > sizeof(d->buf))
		return;
	d = &r->q[r->nq++];
	d->natt = natt;
	d->len = len;
	memcpy(d->buf, buf, len);
}

static void rig_init(struct rig *r, bool nat, bool force_encap,
		     const struct ike_config *over)
{
	struct ikei_cfg cfg = {
		.psk = (const uint8_t *)psk,
		.psk_len = strlen(psk),
		.l2tp_port = 40100,
		.force_encap = force_encap,
		.rtx_ms = 500,
		.max_tries = 3,
	};

	memset(r, 0, sizeof(*r));
	r->now = 1000000;
	r->ctx = new_ctx(over);
	ike_actions_init(&r->act);
	r->srv = T_ADDR(198, 51, 100, 1, 500);
	r->srv4500 = T_ADDR(198, 51, 100, 1, 4500);
	if (nat) {
		cfg.own = T_ADDR(192, 168, 1, 10, 500);
		r->seen = T_ADDR(203, 0, 113, 5, 40000);
		r->seen4500 = T_ADDR(203, 0, 113, 5, 40001);
	} else {
		cfg.own = T_ADDR(198, 51, 100, 7, 500);
		r->seen = cfg.own;
		r->seen4500 = T_ADDR(198, 51, 100, 7, 4500);
	}
	cfg.srv = r->srv;
	ikei_init(&r->in, &cfg, rig_xmit, r);
}

static void rig_fini(struct rig *r)
{
	ikei_release(&r->in);
	ike_actions_clear(&r->act);
	ike_free(r->ctx);
}

/* The engine's first datagram in act (the n-th), as the client gets it. */
static struct dgram *engine_sent(struct rig *r, size_t nth, struct dgram *d)
{
	struct ike_action *a = find_act(&r->act, IKE_ACT_SEND, nth);
	size_t off;

	if (!a)
		return NULL;
	d->natt = a->send.local.port == 4500;
	off = d->natt ? 4 : 0;
	if (a->send.len + off > sizeof(d->buf))
		return NULL;
	memset(d->buf, 0, off);
	memcpy(d->buf + off, a->send.buf, a->send.len);
	d->len = a->send.len + off;
	return d;
}

/* Hand the initiator's oldest datagram to the engine; false if none. */
static bool to_engine(struct rig *r)
{
	struct dgram d;

	if (!r->nq)
		return false;
	d = r->q[0];
	memmove(r->q, r->q + 1, --r->nq * sizeof(r->q[0]));
	ike_actions_clear(&r->act);
	if (d.natt) {
		CHECK(d.len > 4 && !d.buf[0] && !d.buf[1] && !d.buf[2] &&
		      !d.buf[3]);
		ike_input(r->ctx, r->now, &r->srv4500, &r->seen4500,
			  d.buf + 4, d.len - 4, &r->act);
	} else {
		ike_input(r->ctx, r->now, &r->srv, &r->seen, d.buf, d.len,
			  &r->act);
	}
	return true;
}

/* Every datagram the engine sent in its last actions, to the initiator. */
static void to_initiator(struct rig *r)
{
	struct dgram d;
	size_t i;

	for (i = 0; engine_sent(r, i, &d); i++)
		ikei_input(&r->in, r->now, d.natt, d.buf, d.len);
}

/* Back and forth until neither side has anything to say. */
static void pump(struct rig *r)
{
	while (to_engine(r))
		to_initiator(r);
}

static void check_pair(struct rig *r, const struct ike_esp_sa *sa)
{
	const struct ikei_esp *e = &r->in.esp;

	CHECK_INT(sa->spi_in, e->spi_out);
	CHECK_INT(sa->spi_out, e->spi_in);
	CHECK_INT(sa->enc, IKE_ESP_AES_CBC);
	CHECK_INT(sa->enc_key_len, 32);
	CHECK_INT(e->enc_key_len, 32);
	CHECK_INT(sa->auth, IKE_ESP_AUTH_SHA2_256);
	CHECK_INT(sa->auth_key_len, e->auth_key_len);
	CHECK_INT(sa->auth_trunc_bits, e->auth_trunc_bits);
	/* what one side sends with, the other receives with */
	CHECK(!memcmp(sa->enc_key_in, e->enc_key_out, 32));
	CHECK(!memcmp(sa->enc_key_out, e->enc_key_in, 32));
	CHECK(!memcmp(sa->auth_key_in, e->auth_key_out, e->auth_key_len));
	CHECK(!memcmp(sa->auth_key_out, e->auth_key_in, e->auth_key_len));
	CHECK(memcmp(e->enc_key_in, e->enc_key_out, 32));
	CHECK(sa->transport);
	CHECK_INT(sa->ts_proto, 17);
	CHECK_INT(sa->ts_lport, 1701);
	CHECK_INT(sa->ts_rport, 40100);
}

/* The engine's SA_ADD for the pair, among its last actions. */
static struct ike_action *sa_added(struct rig *r)
{
	return find_act(&r->act, IKE_ACT_SA_ADD, 0);
}

static void exchange_behind_nat_then_delete(void)
{
	struct ike_action *a;
	struct ike_stats st;
	struct rig r;
	unsigned int i;

	rig_init(&r, true, false, NULL);
	ikei_start(&r.in, r.now);
	CHECK_INT(r.in.state, IKEI_MM1);
	CHECK(!r.q[0].natt);
	/* MM1 -> MM2 -> MM3 -> MM4 -> MM5 (floated) -> MM6 -> QM1 -> QM2 */
	for (i = 0; i < 3 && to_engine(&r); i++)
		to_initiator(&r);
	CHECK_INT(r.in.state, IKEI_QM1);
	CHECK(r.in.nat && r.in.floated);
	CHECK(r.q[0].natt);		/* QM1 on the 4500 side */
	CHECK(to_engine(&r));
	to_initiator(&r);
	CHECK_INT(r.in.state, IKEI_UP);
	CHECK_INT(r.in.malformed, 0);
	CHECK(r.in.esp.encap);
	CHECK_INT(ikei_deadline(&r.in), 0);	/* nothing to resend */
	CHECK(to_engine(&r));			/* QM3 */
	a = sa_added(&r);
	CHECK(a != NULL);
	if (a) {
		check_pair(&r, &a->sa);
		CHECK(a->sa.encap);
		CHECK_INT(a->sa.encap_sport, 4500);
		CHECK_INT(a->sa.encap_dport, 40001);
	}
	ike_get_stats(r.ctx, &st);
	CHECK_INT(st.ike_established, 1);
	CHECK_INT(st.esp_sas, 1);

	/* the end: DELETE for the ESP SA, then for the ISAKMP SA */
	r.now += 1000;
	ikei_stop(&r.in, r.now);
	CHECK_INT(r.in.state, IKEI_DELETED);
	CHECK_INT(r.nq, 2);
	CHECK(to_engine(&r));
	a = find_act(&r.act, IKE_ACT_SA_DEL, 0);
	CHECK(a && a->sa.spi_out == r.in.esp.spi_in);
	CHECK(to_engine(&r));
	ike_get_stats(r.ctx, &st);
	CHECK_INT(st.esp_sas, 0);
	CHECK_INT(st.ike_established, 0);
	CHECK_INT(ikei_deadline(&r.in), 0);
	rig_fini(&r);
}

/* ECP-256 instead of MODP-2048: offered, chosen, and the same pair. */
static void exchange_ecp256(void)
{
	struct ike_action *a;
	struct rig r;

	rig_init(&r, true, false, NULL);
	r.in.cfg.group = IKE_GROUP_ECP256;
	ikei_start(&r.in, r.now);
	pump(&r);
	CHECK_INT(r.in.state, IKEI_UP);
	CHECK_INT(r.in.s.prop.group, IKE_GROUP_ECP256);
	CHECK_INT(r.in.gx_len, 64);
	a = sa_added(&r);
	CHECK(a != NULL);
	if (a)
		check_pair(&r, &a->sa);
	rig_fini(&r);
}

static void exchange_without_nat(void)
{
	struct ike_action *a;
	struct rig r;

	rig_init(&r, false, false, NULL);
	ikei_start(&r.in, r.now);
	pump(&r);
	CHECK_INT(r.in.state, IKEI_UP);
	CHECK(!r.in.nat && !r.in.floated && !r.in.esp.encap);
	a = sa_added(&r);
	CHECK(a && !a->sa.encap);
	if (a)
		check_pair(&r, &a->sa);
	rig_fini(&r);
}

/* forceencaps: no NAT, but both sides use ESP in UDP all the same. */
static void forced_encapsulation(void)
{
	struct ike_action *a;
	struct rig r;

	rig_init(&r, false, true, NULL);
	ikei_start(&r.in, r.now);
	pump(&r);
	CHECK_INT(r.in.state, IKEI_UP);
	CHECK(r.in.floated && r.in.esp.encap);
	a = sa_added(&r);
	CHECK(a && a->sa.encap && a->sa.encap_dport == 4500);
	rig_fini(&r);
}

/*
 * Offer the initiator, before the engine's real answer, broken forms of
 * it: cut short; a byte flipped in the header; in an encrypted answer,
 * a byte flipped anywhere but the last block (which may hold nothing but
 * padding: IKEv1 covers the payloads, not the padding); the marker
 * missing; garbage.  None may move it on or end it.  (A clear MM2 or MM4
 * has no integrity of its own: a flipped vendor ID byte is accepted, as
 * any responder would; HASH_R in MM6 covers them.)
 */
static void offer_broken(struct rig *r, const struct dgram *d)
{
	enum ikei_state st = r->in.state;
	unsigned int before = r->in.malformed, sends = r->sent;
	uint8_t buf[2048];
	size_t cut, i, end, off = d->natt ? 4 : 0;
	bool enc;

	for (cut = 0; cut < d->len; cut += 7)
		ikei_input(&r->in, r->now, d->natt, d->buf, cut);
	enc = d->len > off + 19 && (d->buf[off + 19] & ISAKMP_FLAG_ENC);
	end = enc ? d->len - 16 : off + ISAKMP_HDR_LEN;
	for (i = off; i < end; i += (i < off + ISAKMP_HDR_LEN ? 1 : 7)) {
		/* MM2 is where we learn the responder's cookie: any goes */
		if (st == IKEI_MM1 && i >= off + 8 && i < off + 16)
			continue;
		memcpy(buf, d->buf, d->len);
		buf[i] ^= 0x41;
		/* the flags byte: the E flag on or off changes the reading */
		ikei_input(&r->in, r->now, d->natt, buf, d->len);
		CHECK_INT(r->in.state, st);
	}
	if (d->natt) {
		memcpy(buf, d->buf + 4, d->len - 4);
		ikei_input(&r->in, r->now, true, buf, d->len - 4);
	}
	memset(buf, 0xa5, sizeof(buf));
	ikei_input(&r->in, r->now, d->natt, buf, d->len);
	ikei_input(&r->in, r->now, d->natt, NULL, 0);
	CHECK_INT(r->in.state, st);
	CHECK(r->in.malformed > before);
	/* nothing answered a broken datagram */
	CHECK_INT(r->sent, sends);
}

static void malformed_answers_dropped(void)
{
	struct dgram d;
	struct rig r;
	unsigned int steps = 0;

	rig_init(&r, true, false, NULL);
	ikei_start(&r.in, r.now);
	while (r.in.state != IKEI_UP && to_engine(&r) &&
	       engine_sent(&r, 0, &d)) {
		offer_broken(&r, &d);
		ikei_input(&r.in, r.now, d.natt, d.buf, d.len);
		steps++;
	}
	CHECK_INT(steps, 4);		/* MM2, MM4, MM6, QM2 */
	CHECK_INT(r.in.state, IKEI_UP);
	CHECK(to_engine(&r));
	CHECK(sa_added(&r) != NULL);
	if (sa_added(&r))
		check_pair(&r, &sa_added(&r)->sa);
	rig_fini(&r);
}

/* MM1 unanswered: sent again at 500, 1000 (doubling) ms, then failed. */
static void retransmission_then_timeout(void)
{
	struct rig r;
	uint8_t first[2048];
	size_t len;

	rig_init(&r, true, false, NULL);
	ikei_start(&r.in, r.now);
	CHECK_INT(r.nq, 1);
	len = r.q[0].len;
	memcpy(first, r.q[0].buf, len);
	CHECK_INT(ikei_deadline(&r.in), r.now + 500);
	ikei_timer(&r.in, r.now + 499);
	CHECK_INT(r.sent, 1);
	r.now += 500;
	ikei_timer(&r.in, r.now);
	CHECK_INT(r.sent, 2);
	CHECK(r.q[1].len == len && !memcmp(r.q[1].buf, first, len));
	CHECK_INT(ikei_deadline(&r.in), r.now + 1000);
	r.now += 1000;
	ikei_timer(&r.in, r.now);
	CHECK_INT(r.sent, 3);
	CHECK_INT(r.in.state, IKEI_MM1);
	r.now = ikei_deadline(&r.in);
	ikei_timer(&r.in, r.now);
	CHECK_INT(r.sent, 3);		/* max_tries 3: no fourth */
	CHECK_INT(r.in.state, IKEI_FAILED);
	CHECK_INT(r.in.cause, IKEI_TIMEOUT_MM);
	CHECK_HAS(r.in.detail, "3 sends unanswered");
	CHECK_INT(ikei_deadline(&r.in), 0);
	rig_fini(&r);
}

/* QM1 lost once: resent, the exchange completes; QM3 lost: sent again. */
static void lost_quick_mode_messages(void)
{
	struct ike_actions later;
	struct ike_action *a;
	struct rig r;
	unsigned int i, sent;
	uint64_t t;

	rig_init(&r, true, false, NULL);
	ikei_start(&r.in, r.now);
	for (i = 0; i < 3 && to_engine(&r); i++)
		to_initiator(&r);
	CHECK_INT(r.in.state, IKEI_QM1);
	r.nq = 0;				/* QM1 lost */
	r.now = ikei_deadline(&r.in);
	ikei_timer(&r.in, r.now);
	CHECK_INT(r.nq, 1);
	CHECK(to_engine(&r));
	to_initiator(&r);
	CHECK_INT(r.in.state, IKEI_UP);
	r.nq = 0;				/* QM3 lost */
	sent = r.sent;
	/* the engine sends QM2 again on its own timer */
	ike_actions_clear(&r.act);
	for (t = r.now; t < r.now + 30000 && !find_act(&r.act, IKE_ACT_SEND, 0);
	     t += 250) {
		ike_actions_init(&later);
		ike_timer(r.ctx, t, &later);
		ike_actions_clear(&r.act);
		r.act = later;
	}
	CHECK(find_act(&r.act, IKE_ACT_SEND, 0) != NULL);
	to_initiator(&r);
	CHECK_INT(r.sent, sent + 1);		/* QM3 again */
	CHECK(to_engine(&r));
	a = sa_added(&r);
	CHECK(a != NULL);
	if (a)
		check_pair(&r, &a->sa);
	rig_fini(&r);
}

/* The engine allows no MODP-2048: its notification ends the exchange. */
static void no_proposal_chosen(void)
{
	static const struct ike_p1_prop only[] = {
		{ IKE_ENC_AES_CBC, 256, IKE_HASH_SHA1, IKE_GROUP_ECP384 },
	};
	struct ike_config cfg;
	struct rig r;

	ike_config_default(&cfg);
	cfg.p1 = only;
	cfg.n_p1 = 1;
	rig_init(&r, true, false, &cfg);
	ikei_start(&r.in, r.now);
	pump(&r);
	CHECK_INT(r.in.state, IKEI_FAILED);
	CHECK_INT(r.in.cause, IKEI_REFUSED);
	CHECK_HAS(r.in.detail, "NO-PROPOSAL-CHOSEN");
	rig_fini(&r);
}

/* Another key: the engine's answer to MM5 never authenticates. */
static void wrong_psk(void)
{
	struct rig r;
	static const char *other = "wrong horse";

	rig_init(&r, true, false, NULL);
	r.in.cfg.psk = (const uint8_t *)other;
	r.in.cfg.psk_len = strlen(other);
	ikei_start(&r.in, r.now);
	pump(&r);
	CHECK(r.in.state == IKEI_MM5 || r.in.state == IKEI_FAILED);
	while (r.in.state == IKEI_MM5) {
		r.now = ikei_deadline(&r.in);
		ikei_timer(&r.in, r.now);
		pump(&r);
	}
	CHECK_INT(r.in.state, IKEI_FAILED);
	CHECK(r.in.cause == IKEI_TIMEOUT_MM || r.in.cause == IKEI_REFUSED);
	rig_fini(&r);
}

/* A DELETE from the server for our ISAKMP SA ends the client. */
static void server_delete(void)
{
	struct ike_action *a;
	struct rig r;
	uint64_t id;

	rig_init(&r, true, false, NULL);
	ikei_start(&r.in, r.now);
	pump(&r);
	CHECK_INT(r.in.state, IKEI_UP);
	a = sa_added(&r);
	CHECK(a != NULL);
	id = a ? a->sa.ike_sa_id : 0;
	ike_actions_clear(&r.act);
	CHECK_INT(ike_client_delete(r.ctx, r.now, id, "test", &r.act), 0);
	to_initiator(&r);
	CHECK_INT(r.in.state, IKEI_FAILED);
	CHECK_INT(r.in.cause, IKEI_SERVER_DELETE);
	rig_fini(&r);
}

/* Stopped with Quick Mode in flight: only the ISAKMP SA to delete. */
static void stop_during_quick_mode(void)
{
	struct ike_stats st;
	struct rig r;
	unsigned int i;

	rig_init(&r, true, false, NULL);
	ikei_start(&r.in, r.now);
	for (i = 0; i < 3 && to_engine(&r); i++)
		to_initiator(&r);
	CHECK_INT(r.in.state, IKEI_QM1);
	r.nq = 0;				/* QM1 lost */
	ikei_stop(&r.in, r.now);
	CHECK_INT(r.in.state, IKEI_DELETED);
	CHECK_INT(r.nq, 1);
	CHECK_INT(ikei_deadline(&r.in), 0);	/* no more QM1 */
	CHECK(to_engine(&r));
	CHECK(find_act(&r.act, IKE_ACT_SA_DEL, 0) == NULL);
	ike_get_stats(r.ctx, &st);
	CHECK_INT(st.ike_established, 0);
	CHECK_INT(st.esp_sas, 0);
	/* stopping again sends nothing */
	ikei_stop(&r.in, r.now);
	CHECK_INT(r.nq, 0);
	rig_fini(&r);
}

void suite_ike_initiator(void)
{
	RUN(exchange_behind_nat_then_delete);
	RUN(exchange_without_nat);
	RUN(exchange_ecp256);
	RUN(forced_encapsulation);
	RUN(malformed_answers_dropped);
	RUN(retransmission_then_timeout);
	RUN(lost_quick_mode_messages);
	RUN(no_proposal_chosen);
	RUN(wrong_psk);
	RUN(server_delete);
	RUN(stop_during_quick_mode);
}
