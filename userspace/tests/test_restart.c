// SPDX-License-Identifier: GPL-2.0
/*
 * The restart state file codec (round trip; truncated, corrupt, oversized
 * and malformed files refused whole) and the restart decision (state +
 * kernel view -> actions).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/roam.h>

#include "ike/sa.h"
#include "restart/reconcile.h"
#include "restart/state.h"
#include "test.h"
#include "test_ike_peer.h"
#include "test_l2tp_peer.h"

static struct restart_addr v4(const char *ip, uint16_t port)
{
	struct restart_addr a = { .family = AF_INET, .port = port };

	inet_pton(AF_INET, ip, a.ip);
	return a;
}

/* Two clients behind one NAT (same address, ports 4500 and 1024). */
static void sample(struct restart_state *s)
{
	struct restart_ike ike = {
		.cky_i = { 1, 2, 3, 4, 5, 6, 7, 8 },
		.cky_r = { 9, 10, 11, 12, 13, 14, 15, 16 },
		.local = v4("192.0.2.1", 4500),
		.remote = v4("198.51.100.7", 4500),
		.natt = 4, .hash = 2, .enc = 7, .blk = 16, .prf_len = 20,
		.enc_len = 32,
	};
	struct restart_esp esp = {
		.mark = 0x100,
		.local = v4("192.0.2.1", 4500),
		.remote = v4("198.51.100.7", 4500),
		.spi_in = 0xc0000001, .spi_out = 0xd0000001,
		.encap_sport = 4500, .encap_dport = 4500,
	};
	struct restart_l2tp l2tp = {
		.tid = 11, .peer_tid = 22,
		.local = v4("192.0.2.1", 1701),
		.peer = v4("198.51.100.7", 1701),
		.mark = 0x100, .ns = 5, .nr = 7,
	};
	struct restart_session sess = {
		.ifindex = 3, .id = 1, .kind = ROAM_KIND_L2TP,
		.ipv4 = htonl(0x0a000002), .tid = 11, .sid = 33,
		.user = "alice", .group = "staff",
	};

	memset(ike.skeyid_a, 0xaa, 20);
	memset(ike.enc_key, 0xee, 32);
	memset(ike.iv, 0x11, 16);
	restart_state_init(s);
	CHECK(!restart_state_add_ike(s, &ike));
	CHECK(!restart_state_add_esp(s, &esp));
	CHECK(!restart_state_add_l2tp(s, &l2tp));
	CHECK(!restart_state_add_session(s, &sess));
	/* the second client behind the NAT */
	ike.remote.port = 1024;
	ike.cky_i[0] = 0x42;
	esp.remote.port = 1024;
	esp.encap_dport = 1024;
	esp.mark = 0x101;
	esp.spi_in = 0xc0000002;
	esp.spi_out = 0xd0000002;
	l2tp.tid = 12;
	l2tp.mark = 0x101;
	sess.id = 2;
	sess.tid = 12;
	memset(sess.user, 0, sizeof(sess.user));
	snprintf(sess.user, sizeof(sess.user), "bob");
	CHECK(!restart_state_add_ike(s, &ike));
	CHECK(!restart_state_add_esp(s, &esp));
	CHECK(!restart_state_add_l2tp(s, &l2tp));
	CHECK(!restart_state_add_session(s, &sess));
}

static void test_round_trip(void)
{
	struct restart_state a, b;
	uint8_t *buf;
	size_t len, i;

	sample(&a);
	/* many records: the arrays grow past their first allocation */
	for (i = 0; i < 40; i++) {
		struct restart_session x = a.sess[0];

		x.id = 100 + i;
		CHECK(!restart_state_add_session(&a, &x));
	}
	CHECK(!restart_state_encode(&a, &buf, &len));
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_OK);
	CHECK_INT(b.n_ike, 2);
	CHECK_INT(b.n_esp, 2);
	CHECK_INT(b.n_l2tp, 2);
	CHECK_INT(b.n_sess, 42);
	CHECK(!memcmp(a.ike, b.ike, 2 * sizeof(*a.ike)));
	CHECK(!memcmp(a.esp, b.esp, 2 * sizeof(*a.esp)));
	CHECK(!memcmp(a.l2tp, b.l2tp, 2 * sizeof(*a.l2tp)));
	CHECK(!memcmp(a.sess, b.sess, 42 * sizeof(*a.sess)));
	CHECK_STR(b.sess[1].user, "bob");
	CHECK_INT(b.sess[41].id, 139);
	restart_state_free(&b);
	restart_state_free(&a);
	free(buf);
	/* an empty state is a valid file */
	restart_state_init(&a);
	CHECK(!restart_state_encode(&a, &buf, &len));
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_OK);
	CHECK_INT(b.n_ike + b.n_esp + b.n_l2tp + b.n_sess, 0);
	free(buf);
}

/* Fix the trailing CRC after a deliberate change, to reach the parser. */
static void recrc(uint8_t *buf, size_t len)
{
	uint32_t crc = 0xffffffff;
	size_t i;
	int k;

	for (i = 0; i < len - 4; i++) {
		crc ^= buf[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
	}
	crc = ~crc;
	buf[len - 4] = crc >> 24;
	buf[len - 3] = crc >> 16;
	buf[len - 2] = crc >> 8;
	buf[len - 1] = crc;
}

/* The CRC the codec writes is the bitwise one, for any content. */
static void test_crc(void)
{
	struct restart_state a;
	uint8_t *buf;
	uint8_t tail[4];
	size_t len;

	sample(&a);
	CHECK(!restart_state_encode(&a, &buf, &len));
	memcpy(tail, buf + len - 4, 4);
	recrc(buf, len);
	CHECK(!memcmp(tail, buf + len - 4, 4));
	restart_state_free(&a);
	free(buf);
}

static void test_refused(void)
{
	struct restart_state a, b;
	uint8_t *buf, *big;
	size_t len, cut;

	sample(&a);
	CHECK(!restart_state_encode(&a, &buf, &len));
	/* every truncation is refused, and leaves nothing behind */
	for (cut = 0; cut < len; cut++) {
		CHECK(restart_state_decode(buf, cut, &b) != RESTART_OK);
		CHECK(!b.ike && !b.n_ike && !b.n_sess && !b.sess);
	}
	/* a flipped bit anywhere: the CRC (or the header) refuses it */
	buf[40] ^= 0x20;
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_ERR_CRC);
	buf[40] ^= 0x20;
	buf[0] = 'X';
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_ERR_MAGIC);
	buf[0] = 'R';
	buf[11] = 9;			/* version 9 */
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_ERR_VERSION);
	buf[11] = RESTART_STATE_VERSION;
	/* the body length says more than there is */
	buf[15]++;
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_ERR_SHORT);
	buf[15] -= 2;
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_ERR_LENGTH);
	buf[15]++;
	/* an unknown record type, with a good CRC */
	buf[16] = 99;
	recrc(buf, len);
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_ERR_RECORD);
	buf[16] = 1;
	/* a record length that is not its type's */
	buf[19]--;
	recrc(buf, len);
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_ERR_RECORD);
	buf[19]++;
	/* IKE record: block size 0 (offset: 16 header + 4 + 16 + 40 + 4) */
	buf[16 + 4 + 16 + 40 + 4] = 0;
	recrc(buf, len);
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_ERR_FIELD);
	CHECK(!b.ike && !b.n_ike);
	buf[16 + 4 + 16 + 40 + 4] = 16;
	/* IKE record: a bad address family */
	buf[16 + 4 + 16] = 0x77;
	recrc(buf, len);
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_ERR_FIELD);
	buf[16 + 4 + 16] = 0;
	recrc(buf, len);
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_OK);
	restart_state_free(&b);
	free(buf);

	/* a user name without its NUL */
	a.sess[0].user[RESTART_USER_MAX - 1] = 'x';
	memset(a.sess[0].user, 'u', RESTART_USER_MAX);
	CHECK(!restart_state_encode(&a, &buf, &len));
	/* the encoder always terminates: this one reads back cut short */
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_OK);
	CHECK_INT(strlen(b.sess[0].user), RESTART_USER_MAX - 1);
	restart_state_free(&b);
	/* ... and one that was not written by it is refused */
	memset(buf + len - 4 - RESTART_GROUP_MAX, 'g', RESTART_GROUP_MAX);
	recrc(buf, len);
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_ERR_FIELD);
	free(buf);
	restart_state_free(&a);

	/* oversized: refused before anything is read */
	big = calloc(1, RESTART_STATE_MAX + 1);
	if (big) {
		memcpy(big, "ROAMSTAT", 8);
		big[11] = RESTART_STATE_VERSION;
		CHECK_INT(restart_state_decode(big, RESTART_STATE_MAX + 1, &b),
			  RESTART_ERR_LENGTH);
		free(big);
	}
	CHECK_STR(restart_strerror(RESTART_ERR_CRC),
		  "checksum mismatch (corrupt)");
}

static struct kview_sa ksa(const char *dst, uint32_t spi, uint32_t reqid,
			   uint32_t mark, uint32_t set_mark)
{
	struct kview_sa k = { .family = AF_INET, .spi = spi, .reqid = reqid,
			      .mark = mark, .set_mark = set_mark,
			      .mark_mask = mark ? 0xffffffff : 0 };

	inet_pton(AF_INET, dst, k.daddr);
	return k;
}

static size_t count(const struct reconcile_plan *p, enum reconcile_op op)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		n += p->act[i].op == op;
	return n;
}

static void test_reconcile(void)
{
	struct restart_state st;
	struct kview_sa sa[] = {
		/* client 1 (mark 0x100): both SAs live */
		ksa("192.0.2.1", 0xc0000001, 0x100, 0, 0x100),
		ksa("198.51.100.7", 0xd0000001, 0x100, 0x100, 0),
		/* client 2 (0x101): only the inbound SA is left */
		ksa("192.0.2.1", 0xc0000002, 0x101, 0, 0x101),
		/* no state names it, but roam's shape: an orphan */
		ksa("203.0.113.9", 0xd0000077, 0x180, 0x180, 0),
		/* an administrator's own SA: left alone */
		ksa("203.0.113.10", 0x1234, 1, 0, 0),
	};
	struct kview_policy pol[] = {
		{ .index = 8, .dir = 0, .priority = 100, .reqid = 0x100,
		  .mark = 0x100, .mark_mask = 0xffffffff },
		{ .index = 9, .dir = 1, .priority = 100, .reqid = 0x100,
		  .mark = 0x100, .mark_mask = 0xffffffff },
		/* orphan: roam's priority and shape, not in the state */
		{ .index = 17, .dir = 1, .priority = 100, .reqid = 0x180,
		  .mark = 0x180, .mark_mask = 0xffffffff },
		/* tunnel-mode outbound of an orphan: no mark */
		{ .index = 25, .dir = 1, .priority = 100, .reqid = 0x181 },
		/* the administrator's */
		{ .index = 33, .dir = 1, .priority = 2000, .reqid = 1 },
		{ .index = 41, .dir = 1, .priority = 100, .reqid = 5 },
	};
	struct kview_session ks[] = {
		{ 3, 1, ROAM_KIND_L2TP },
		{ 3, 2, ROAM_KIND_L2TP },
		{ 3, 9, ROAM_KIND_PPTP },	/* not in the state */
		{ 3, 10, 77 },			/* a kind roamd does not carry */
	};
	struct kview kv = { sa, 5, pol, 6, ks, 4 };
	struct reconcile_plan p;
	size_t i, last_send = 0, first_del = SIZE_MAX;

	sample(&st);
	CHECK(!reconcile(&st, &kv, 0x100, 100, &p));
	/*
	 * client 2 has no outbound SA: no StopCCN through it, no ESP
	 * delete; its ISAKMP SA is still told
	 */
	CHECK_INT(count(&p, RC_L2TP_STOPCCN), 1);
	CHECK_INT(p.act[0].op, RC_L2TP_STOPCCN);
	CHECK_INT(p.act[0].arg, 0);
	CHECK_INT(count(&p, RC_IKE_DELETE_ESP), 1);
	CHECK_INT(count(&p, RC_IKE_DELETE), 2);
	CHECK_INT(count(&p, RC_SA_DEL), 4);
	CHECK_INT(count(&p, RC_POLICY_DEL), 4);
	CHECK_INT(count(&p, RC_SESSION_DEL), 3);
	CHECK_INT(p.orphans, 1 + 2 + 1);
	for (i = 0; i < p.n; i++) {
		const struct reconcile_action *a = &p.act[i];

		if (a->op == RC_IKE_DELETE_ESP) {
			/* the pair's own ISAKMP SA: same port behind the NAT */
			CHECK_INT(a->arg, 0);
			CHECK_INT(a->arg2, 0);
		}
		if (a->op == RC_SA_DEL)
			CHECK(a->arg != 4);
		if (a->op == RC_POLICY_DEL)
			CHECK(a->arg < 4);
		if (a->op == RC_SESSION_DEL)
			CHECK(a->orphan == (a->arg == 2));
		if (a->op <= RC_IKE_DELETE)
			last_send = i;
		else if (first_del == SIZE_MAX)
			first_del = i;
	}
	/* everything is said before anything is removed */
	CHECK(last_send < first_del);
	reconcile_plan_free(&p);

	/* state file lost: all of roam's is removed, every bit an orphan */
	restart_state_free(&st);
	CHECK(!reconcile(&st, &kv, 0x100, 100, &p));
	CHECK_INT(p.stopccn + p.esp_del + p.ike_del, 0);
	CHECK_INT(p.sa_del, 4);
	CHECK_INT(p.pol_del, 4);
	CHECK_INT(p.sess_del, 3);
	CHECK_INT(p.orphans, 11);
	reconcile_plan_free(&p);

	/* nothing in the kernel: the clients are still told */
	sample(&st);
	memset(&kv, 0, sizeof(kv));
	CHECK(!reconcile(&st, &kv, 0x100, 100, &p));
	CHECK_INT(p.n, 2);
	CHECK_INT(p.ike_del, 2);
	reconcile_plan_free(&p);
	restart_state_free(&st);
}

static void save_secrets(const struct ike_sa_secrets *x, void *arg)
{
	*(struct ike_sa_secrets *)arg = *x;
}

/*
 * Read one of the responder's informationals as the initiator does:
 * decrypt with the phase 2 IV of its message ID, check HASH(1), return
 * the DELETE payload's body (in plain, which the caller frees).
 */
static const uint8_t *read_delete(struct ini *in, const struct ike_action *x,
				  uint8_t **plain, size_t *dlen)
{
	const uint8_t *b = x->send.buf;
	uint8_t iv[IKE_MAX_BLOCK], want[IKE_MAX_HASH];
	size_t hlen, blen, dl;
	uint32_t msgid;

	*plain = NULL;
	if (x->send.len <= ISAKMP_HDR_LEN || b[18] != ISAKMP_EXCH_INFO ||
	    !(b[19] & ISAKMP_FLAG_ENC) || memcmp(b, in->s.cky_i, 8) ||
	    memcmp(b + 8, in->s.cky_r, 8))
		return NULL;
	msgid = ike_get32(b + 20);
	if (ike_iv_phase2(in->s.prop.hash, in->s.iv, in->s.blk, msgid, iv) ||
	    ike_decrypt(&in->s, iv, b, x->send.len, plain))
		return NULL;
	blen = x->send.len - ISAKMP_HDR_LEN;
	hlen = ike_get16(*plain + 2);
	if (b[16] != ISAKMP_NP_HASH || hlen != 4 + in->s.keys.prf_len ||
	    hlen + 4 > blen || (*plain)[0] != ISAKMP_NP_D)
		return NULL;
	dl = ike_get16(*plain + hlen + 2);
	if (dl < 4 || hlen + dl > blen ||
	    ike_hash_msgid(&in->s, msgid, *plain + hlen, dl, want) ||
	    memcmp(want, *plain + 4, in->s.keys.prf_len))
		return NULL;
	*dlen = dl - 4;
	return *plain + hlen + 4;
}

/* The deletes a restarted roamd sends are ones the client believes. */
static void ike_deletes_from_saved_secrets(void)
{
	struct qm_opts o = { IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1,
			     IKE_MODE_TRANSPORT, 0, 3600, 17, 1701, 1701 };
	struct ike_sa_secrets sec = {};
	struct ike_actions a;
	const uint8_t *d;
	uint8_t *plain;
	uint32_t spi;
	size_t dl;
	uint64_t changes;
	struct ini in;

	ini_init(&in, new_ctx(NULL), false);
	CHECK_INT(ike_saved_changes(in.ctx), 0);
	CHECK_INT(phase1(&in, win_offer, 1, false, false), 0);
	/* established: the saved state must be rebuilt */
	changes = ike_saved_changes(in.ctx);
	CHECK(changes > 0);
	CHECK(qm1(&in, &o) && qm3(&in));
	/* quick mode changes nothing of the ISAKMP SA's saved secrets */
	CHECK_INT(ike_saved_changes(in.ctx), changes);
	ike_foreach_secrets(in.ctx, save_secrets, &sec);
	CHECK(!memcmp(sec.cky_i, in.s.cky_i, 8));
	CHECK(!memcmp(sec.iv, in.s.iv, in.s.blk));
	/* what resuming it needs: its lifetime, the peer's identity */
	CHECK(sec.life_s > 0);
	CHECK(sec.expire_ms > 0);
	CHECK(sec.peer_id_len > 4 && sec.peer_id_len <= IKE_SECRET_ID_MAX);
	CHECK(!sec.aggressive);
	/* the engine that made them is gone: only the secrets are left */
	ike_actions_init(&a);
	spi = in.spi_r;
	CHECK(!ike_secrets_delete(&sec, &spi, 1, false, &a));
	CHECK_INT(a.n, 2);
	d = read_delete(&in, &a.v[0], &plain, &dl);
	CHECK(d && dl == 12);
	if (d) {
		CHECK_INT(d[4], ISAKMP_PROTO_ESP);
		CHECK_INT(d[5], 4);
		CHECK_INT(ike_get16(d + 6), 1);
		CHECK_INT(ike_get32(d + 8), in.spi_r);
	}
	free(plain);
	d = read_delete(&in, &a.v[1], &plain, &dl);
	CHECK(d && dl == 24);
	if (d) {
		CHECK_INT(d[4], ISAKMP_PROTO_ISAKMP);
		CHECK(!memcmp(d + 8, in.s.cky_i, 8));
		CHECK(!memcmp(d + 16, in.s.cky_r, 8));
	}
	free(plain);
	CHECK(!memcmp(&a.v[0].send.remote, &in.seen, sizeof(in.seen)) ||
	      a.v[0].send.remote.port == in.seen.port);
	ike_actions_clear(&a);
	/* a Mode-Config client hears of its ISAKMP SA first */
	ike_actions_init(&a);
	CHECK(!ike_secrets_delete(&sec, &spi, 1, true, &a));
	CHECK_INT(a.n, 2);
	if (a.n == 2) {
		d = read_delete(&in, &a.v[0], &plain, &dl);
		CHECK(d && dl == 24 && d[4] == ISAKMP_PROTO_ISAKMP);
		free(plain);
		d = read_delete(&in, &a.v[1], &plain, &dl);
		CHECK(d && dl == 12 && d[4] == ISAKMP_PROTO_ESP &&
		      ike_get32(d + 8) == in.spi_r);
		free(plain);
	}
	ike_actions_clear(&a);
	/* secrets out of shape are refused, nothing sent */
	sec.blk = 7;
	CHECK(ike_secrets_delete(&sec, &spi, 1, false, &a) < 0);
	CHECK_INT(a.n, 0);
	explicit_bzero(&sec, sizeof(sec));
	ini_fini(&in);
}

static void save_tunnel(const struct l2tp_tunnel_saved *t, void *arg)
{
	struct l2tp_tunnel_saved *out = arg;

	out[out[0].tid ? 1 : 0] = *t;
}

/* A live tunnel read out, and the StopCCN that ends it in sequence. */
static void l2tp_stopccn_from_saved_tunnel(void)
{
	struct l2tp_tunnel_saved t[2] = {};
	struct l2tp_msg_err err;
	struct l2tp_msg m;
	struct l2tp_hdr h;
	uint8_t buf[256];
	uint64_t changes;
	size_t n;

	lac_setup();
	CHECK_INT(l2tp_saved_changes(lns), 0);
	lac_open_tunnel();
	changes = l2tp_saved_changes(lns);
	CHECK(changes > 0);		/* established */
	lac_open_session();
	/* ICRQ/ICRP/ICCN moved Ns and Nr on */
	CHECK(l2tp_saved_changes(lns) > changes);
	changes = l2tp_saved_changes(lns);
	l2tp_foreach_tunnel(lns, save_tunnel, t);
	CHECK_INT(l2tp_saved_changes(lns), changes);	/* reading is not a change */
	CHECK_INT(t[0].tid, lns_tid);
	CHECK_INT(t[1].tid, 0);			/* one tunnel, seen once */
	CHECK_INT(t[0].peer_tid, PEER_TID);
	CHECK_INT(t[0].binding, BINDING);
	/* in sequence with what the LAC has seen and sent */
	CHECK_INT(t[0].ns, lac_nr);
	CHECK_INT(t[0].nr, lac_ns);
	/* what resuming it needs: nothing of ours left unacknowledged */
	CHECK_INT(t[0].ns_una, t[0].ns);
	CHECK(t[0].peer_rws > 0);
	CHECK_STR(t[0].peer_host, "laptop");
	lac_teardown();

	n = l2tp_saved_stopccn(&t[0], buf, sizeof(buf));
	CHECK(n > 12);
	CHECK_INT(l2tp_hdr_parse(buf, n, &h), L2TP_HDR_OK);
	CHECK(h.control && h.has_seq);
	CHECK_INT(h.tunnel_id, PEER_TID);
	CHECK_INT(h.ns, t[0].ns);
	CHECK_INT(h.nr, t[0].nr);
	CHECK_INT(l2tp_msg_parse(buf + h.hdr_len, h.msg_len - h.hdr_len, NULL,
				 0, &m, &err), 0);
	CHECK_INT(m.type, L2TP_MT_STOPCCN);
	CHECK_INT(m.tunnel_id, t[0].tid);
	CHECK_INT(m.result, L2TP_STOPCCN_SHUTDOWN);
	CHECK_INT(l2tp_saved_stopccn(&t[0], buf, 8), 0);
}

void suite_restart(void)
{
	RUN(l2tp_stopccn_from_saved_tunnel);
	RUN(ike_deletes_from_saved_secrets);
	RUN(test_round_trip);
	RUN(test_crc);
	RUN(test_refused);
	RUN(test_reconcile);
}
