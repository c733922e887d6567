// SPDX-License-Identifier: GPL-2.0
/*
 * Taking sessions over across a restart: the resume records of the state
 * file (round trip; truncated and out-of-range input refused whole) and
 * the decision (saved state + kernel view -> take over or end, and why).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/roam.h>
#include <linux/xfrm.h>

#include "restart/takeover.h"
#include "test.h"

#define NOW_MS		1000000ull
#define IFINDEX		3

static struct restart_addr v4(const char *ip, uint16_t port)
{
	struct restart_addr a;

	memset(&a, 0, sizeof(a));
	a.family = AF_INET;
	a.port = port;
	inet_pton(AF_INET, ip, a.ip);
	return a;
}

/*
 * Client n (0, 1, 2): an L2TP/IPsec session, mark 0x100 + n; 0 and 1 are
 * behind one NAT (198.51.100.7, ports 4500 and 1024), 2 on its own.
 * Every record is zeroed first: records compare whole, padding too.
 */
static void add_client(struct restart_state *st, unsigned int n)
{
	const char *ip = n < 2 ? "198.51.100.7" : "203.0.113.9";
	uint16_t port = n == 1 ? 1024 : 4500;
	struct restart_session_resume sr;
	struct restart_l2tp_resume lr;
	struct restart_ike_resume ir;
	struct restart_session s;
	struct restart_l2tp t;
	struct restart_esp e;
	struct restart_ike k;

	memset(&k, 0, sizeof(k));
	memset(k.cky_i, 0x10 + n, 8);
	memset(k.cky_r, 0x20 + n, 8);
	k.local = v4("192.0.2.1", 4500);
	k.remote = v4(ip, port);
	k.natt = 4;
	k.hash = 2;
	k.enc = 7;
	k.blk = 16;
	k.prf_len = 20;
	k.enc_len = 32;
	memset(k.skeyid_a, 0xaa, 20);
	CHECK(!restart_state_add_ike(st, &k));

	memset(&ir, 0, sizeof(ir));
	memcpy(ir.cky_i, k.cky_i, 8);
	memcpy(ir.cky_r, k.cky_r, 8);
	ir.flags = RESTART_IKE_DPD | RESTART_IKE_MS_CLIENT |
		   RESTART_IKE_NAT_PEER;
	ir.auth_method = 1;
	ir.life_s = 28800;
	ir.expire_ms = NOW_MS + 3600000;
	ir.dpd_seq = 0x12345678 + n;
	ir.dpd_peer_seq = 0x9abcdef0;
	ir.peer_id_len = 5;
	memcpy(ir.peer_id, "\x01\x11\x06\xa5\x0a", 5);
	CHECK(!restart_state_add_ike_resume(st, &ir));

	memset(&e, 0, sizeof(e));
	e.mark = 0x100 + n;
	e.local = v4("192.0.2.1", 4500);
	e.remote = v4(ip, port);
	e.spi_in = 0xc0000000 + n;
	e.spi_out = 0xd0000000 + n;
	e.encap_sport = 4500;
	e.encap_dport = port;
	CHECK(!restart_state_add_esp(st, &e));

	memset(&t, 0, sizeof(t));
	t.tid = 11 + n;
	t.peer_tid = 22;
	t.local = v4("192.0.2.1", 1701);
	t.peer = v4(ip, 1701);
	t.mark = e.mark;
	t.ns = 5;
	t.nr = 7;
	CHECK(!restart_state_add_l2tp(st, &t));

	memset(&lr, 0, sizeof(lr));
	lr.tid = t.tid;
	lr.ns_una = 4;
	lr.peer_rws = 8;
	snprintf(lr.peer_host, sizeof(lr.peer_host), "laptop-%u", n);
	CHECK(!restart_state_add_l2tp_resume(st, &lr));

	memset(&s, 0, sizeof(s));
	s.ifindex = IFINDEX;
	s.id = 1 + n;
	s.kind = ROAM_KIND_L2TP;
	s.ipv4 = htonl(0x0a000002 + n);
	s.tid = t.tid;
	s.sid = 33;
	snprintf(s.user, sizeof(s.user), "user%u", n);
	snprintf(s.group, sizeof(s.group), "staff");
	CHECK(!restart_state_add_session(st, &s));

	memset(&sr, 0, sizeof(sr));
	sr.ifindex = IFINDEX;
	sr.id = s.id;
	sr.peer_sid = 44;
	sr.flags = RESTART_PPP_AUTHENTICATED | RESTART_PPP_IPV4_UP |
		   RESTART_PPP_PEER_ACFC;
	sr.auth_method = 4;
	sr.peer_mru = 1400;
	sr.our_magic = 0x01020304;
	sr.peer_magic = 0x05060708 + n;
	sr.local_ip = 0x0a000001;
	sr.peer_ip = 0x0a000002 + n;
	sr.started_unix = 1764900000ull + n;
	sr.started_ms = NOW_MS - 60000;
	snprintf(sr.acct_id, sizeof(sr.acct_id), "6931D4A0-%u", n);
	CHECK(!restart_state_add_session_resume(st, &sr));

	/* client 1 was authenticated by a RADIUS server */
	if (n == 1) {
		struct restart_session_aaa g;

		memset(&g, 0, sizeof(g));
		g.ifindex = IFINDEX;
		g.id = s.id;
		g.session_timeout = 28800;
		g.idle_timeout = 900;
		g.interim = 600;
		g.class_len = 7;
		memcpy(g.class_val, "\x00staff\xff", 7);
		CHECK(!restart_state_add_session_aaa(st, &g));
	}
}

/* A PPTP session: saved, never taken over. */
static void add_pptp(struct restart_state *st)
{
	struct restart_session s;

	memset(&s, 0, sizeof(s));
	s.ifindex = IFINDEX;
	s.id = 9;
	s.kind = ROAM_KIND_PPTP;
	s.ipv4 = htonl(0x0a000009);
	s.call_id = 7;
	s.peer_call_id = 8;
	snprintf(s.user, sizeof(s.user), "pptpuser");
	CHECK(!restart_state_add_session(st, &s));
}

static void sample(struct restart_state *st)
{
	unsigned int n;

	restart_state_init(st);
	for (n = 0; n < 3; n++)
		add_client(st, n);
	add_pptp(st);
}

#define MAX_K	16

/* What the kernel holds: everything the state names, whole. */
struct kernel {
	struct kview_sa sa[MAX_K];
	struct kview_policy pol[MAX_K];
	struct kview_session sess[MAX_K];
	struct kview kv;
};

static void kernel_from(struct kernel *k, const struct restart_state *st)
{
	size_t i, nsa = 0, npol = 0;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < st->n_esp && nsa + 2 <= MAX_K; i++) {
		const struct restart_esp *e = &st->esp[i];

		k->sa[nsa].family = AF_INET;
		memcpy(k->sa[nsa].daddr, e->local.ip, 4);
		k->sa[nsa].spi = e->spi_in;
		k->sa[nsa].reqid = e->mark;
		k->sa[nsa++].set_mark = e->mark;
		k->sa[nsa].family = AF_INET;
		memcpy(k->sa[nsa].daddr, e->remote.ip, 4);
		k->sa[nsa].spi = e->spi_out;
		k->sa[nsa].reqid = e->mark;
		k->sa[nsa].mark = e->mark;
		k->sa[nsa++].mark_mask = 0xffffffff;
		k->pol[npol].dir = XFRM_POLICY_IN;
		k->pol[npol++].reqid = e->mark;
		k->pol[npol].dir = XFRM_POLICY_OUT;
		k->pol[npol].mark = e->mark;
		k->pol[npol].mark_mask = 0xffffffff;
		k->pol[npol++].reqid = e->mark;
	}
	for (i = 0; i < st->n_sess && i < MAX_K; i++) {
		k->sess[i].ifindex = st->sess[i].ifindex;
		k->sess[i].id = st->sess[i].id;
		k->sess[i].kind = st->sess[i].kind;
	}
	k->kv.sa = k->sa;
	k->kv.n_sa = nsa;
	k->kv.pol = k->pol;
	k->kv.n_pol = npol;
	k->kv.sess = k->sess;
	k->kv.n_sess = i;
}

static void resume_round_trip(void)
{
	struct restart_state a, b;
	uint8_t *buf;
	size_t len;

	sample(&a);
	CHECK(!restart_state_encode(&a, &buf, &len));
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_OK);
	CHECK_INT(b.n_ike_res, 3);
	CHECK_INT(b.n_l2tp_res, 3);
	CHECK_INT(b.n_sess_res, 3);
	CHECK_INT(b.n_sess, 4);
	CHECK(!memcmp(a.ike_res, b.ike_res, 3 * sizeof(*a.ike_res)));
	CHECK(!memcmp(a.l2tp_res, b.l2tp_res, 3 * sizeof(*a.l2tp_res)));
	CHECK(!memcmp(a.sess_res, b.sess_res, 3 * sizeof(*a.sess_res)));
	CHECK(!memcmp(a.sess, b.sess, 4 * sizeof(*a.sess)));
	CHECK_STR(b.l2tp_res[2].peer_host, "laptop-2");
	CHECK_STR(b.sess_res[1].acct_id, "6931D4A0-1");
	CHECK_INT(b.ike_res[0].expire_ms, NOW_MS + 3600000);
	CHECK_INT(b.sess_res[2].started_unix, 1764900002ull);
	/* what the RADIUS server granted client 1, Class bytes and all */
	CHECK_INT(b.n_sess_aaa, 1);
	CHECK(!memcmp(a.sess_aaa, b.sess_aaa, sizeof(*a.sess_aaa)));
	CHECK_INT(b.sess_aaa[0].id, 2);
	CHECK_INT(b.sess_aaa[0].session_timeout, 28800);
	CHECK_INT(b.sess_aaa[0].idle_timeout, 900);
	CHECK_INT(b.sess_aaa[0].interim, 600);
	CHECK_INT(b.sess_aaa[0].class_len, 7);
	CHECK(!memcmp(b.sess_aaa[0].class_val, "\x00staff\xff", 7));
	restart_state_free(&b);
	free(buf);
	restart_state_free(&a);
}

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

/* One record alone in a file: its body starts at 20 (16 + 4). */
#define BODY	20

/* Set buf[off] to v: the file must now be refused as err, then restored. */
static void refused_at(uint8_t *buf, size_t len, size_t off, uint8_t v,
		       enum restart_err err)
{
	struct restart_state b;
	uint8_t was = buf[off];

	buf[off] = v;
	recrc(buf, len);
	CHECK_INT(restart_state_decode(buf, len, &b), err);
	CHECK(!b.n_ike_res && !b.n_l2tp_res && !b.n_sess_res &&
	      !b.n_sess_aaa && !b.ike_res && !b.l2tp_res && !b.sess_res &&
	      !b.sess_aaa);
	buf[off] = was;
	recrc(buf, len);
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_OK);
	restart_state_free(&b);
}

static void resume_refused(void)
{
	struct restart_state a, one, b;
	uint8_t *buf;
	size_t len, cut;

	sample(&a);
	CHECK(!restart_state_encode(&a, &buf, &len));
	for (cut = 0; cut < len; cut++) {
		CHECK(restart_state_decode(buf, cut, &b) != RESTART_OK);
		CHECK(!b.n_ike_res && !b.n_l2tp_res && !b.n_sess_res &&
		      !b.n_sess_aaa);
	}
	free(buf);

	/* ISAKMP resume: an unknown flag; a peer id longer than its field */
	restart_state_init(&one);
	CHECK(!restart_state_add_ike_resume(&one, &a.ike_res[0]));
	CHECK(!restart_state_encode(&one, &buf, &len));
	refused_at(buf, len, BODY + 16, 0x80, RESTART_ERR_FIELD);
	refused_at(buf, len, BODY + 16 + 1 + 2 + 4 + 8 + 4 + 4, 0x01,
		   RESTART_ERR_FIELD);
	/* a record length that is not its type's */
	refused_at(buf, len, 19, buf[19] - 1, RESTART_ERR_RECORD);
	free(buf);
	restart_state_free(&one);

	/* L2TP resume: tunnel id 0; a window of 0; a name without its NUL */
	restart_state_init(&one);
	CHECK(!restart_state_add_l2tp_resume(&one, &a.l2tp_res[0]));
	CHECK(!restart_state_encode(&one, &buf, &len));
	refused_at(buf, len, BODY + 1, 0, RESTART_ERR_FIELD);
	refused_at(buf, len, BODY + 5, 0, RESTART_ERR_FIELD);
	memset(buf + BODY + 6, 'h', RESTART_HOST_MAX - 1);
	refused_at(buf, len, BODY + 6 + RESTART_HOST_MAX - 1, 'h',
		   RESTART_ERR_FIELD);
	free(buf);
	restart_state_free(&one);

	/* session resume: id 0; an unknown flag; an id without its NUL */
	restart_state_init(&one);
	CHECK(!restart_state_add_session_resume(&one, &a.sess_res[0]));
	CHECK(!restart_state_encode(&one, &buf, &len));
	refused_at(buf, len, BODY + 7, 0, RESTART_ERR_FIELD);
	refused_at(buf, len, BODY + 10, 0x40, RESTART_ERR_FIELD);
	memset(buf + BODY + 46, 'a', RESTART_ACCT_ID_MAX - 1);
	refused_at(buf, len, BODY + 46 + RESTART_ACCT_ID_MAX - 1, 'a',
		   RESTART_ERR_FIELD);
	free(buf);
	restart_state_free(&one);

	/*
	 * what RADIUS granted: id 0; a Class longer than an attribute;
	 * the longest one is taken
	 */
	restart_state_init(&one);
	CHECK(!restart_state_add_session_aaa(&one, &a.sess_aaa[0]));
	CHECK(!restart_state_encode(&one, &buf, &len));
	refused_at(buf, len, BODY + 7, 0, RESTART_ERR_FIELD);
	refused_at(buf, len, BODY + 20, 0x01, RESTART_ERR_FIELD);
	refused_at(buf, len, BODY + 21, 254, RESTART_ERR_FIELD);
	buf[BODY + 21] = 253;
	recrc(buf, len);
	CHECK_INT(restart_state_decode(buf, len, &b), RESTART_OK);
	CHECK_INT(b.n_sess_aaa, 1);
	CHECK_INT(b.n_sess_aaa ? b.sess_aaa[0].class_len : 0, 253);
	restart_state_free(&b);
	/* a record length that is not its type's */
	refused_at(buf, len, 19, buf[19] + 1, RESTART_ERR_RECORD);
	free(buf);
	restart_state_free(&one);
	restart_state_free(&a);
}

static size_t count_why(const struct takeover_plan *p, enum takeover_why w)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		n += p->item[i].why == w;
	return n;
}

/* Everything there: the three L2TP/IPsec sessions go on, PPTP ends. */
static void decide_all_there(void)
{
	struct takeover_plan p;
	struct restart_state st;
	struct kernel k;
	size_t i;

	sample(&st);
	kernel_from(&k, &st);
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.n, 4);
	CHECK_INT(p.resume, 3);
	CHECK_INT(p.end, 1);
	for (i = 0; i < 3; i++) {
		CHECK_INT(p.item[i].why, TAKEOVER_OK);
		/* each finds its own pieces, NAT neighbours included */
		CHECK_INT(p.item[i].ike, i);
		CHECK_INT(p.item[i].ike_res, i);
		CHECK_INT(p.item[i].esp, i);
		CHECK_INT(p.item[i].l2tp, i);
		CHECK_INT(p.item[i].l2tp_res, i);
		CHECK_INT(p.item[i].sess_res, i);
		CHECK_INT(p.item[i].kernel, i);
		/* only client 1 has what a RADIUS server granted */
		CHECK_INT(p.item[i].sess_aaa, i == 1 ? 0 : TAKEOVER_NONE);
	}
	CHECK_INT(p.item[3].why, TAKEOVER_NOT_L2TP);
	CHECK_STR(takeover_why_str(TAKEOVER_NOT_L2TP),
		  "PPTP: its control connection closed with the old roamd");
	takeover_plan_free(&p);
	restart_state_free(&st);
}

/* Client 1 rekeyed: its old pair expired in the kernel, the new one is whole. */
static void decide_after_rekey(void)
{
	struct restart_esp fresh;
	struct takeover_plan p;
	struct restart_state st;
	struct kernel k;

	sample(&st);
	fresh = st.esp[1];
	fresh.spi_in = 0xc1000001;
	fresh.spi_out = 0xd1000001;
	CHECK(!restart_state_add_esp(&st, &fresh));
	kernel_from(&k, &st);
	/* the old pair's SAs (sa[2], sa[3]) are gone: the last two move in */
	k.sa[2] = k.sa[6];
	k.sa[3] = k.sa[7];
	k.kv.n_sa -= 2;
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.item[1].why, TAKEOVER_OK);
	CHECK_INT(p.item[1].esp, 3);
	takeover_plan_free(&p);
	restart_state_free(&st);
}

/* One piece missing or out of shape: that session, and only it, ends. */
static void decide_one_missing(void)
{
	struct takeover_plan p;
	struct restart_state st, old;
	struct kernel k;
	uint8_t *buf;
	size_t len;

	sample(&st);

	/* client 0's outbound SA is gone */
	kernel_from(&k, &st);
	k.sa[1].spi ^= 1;
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.item[0].why, TAKEOVER_SA_GONE);
	CHECK_INT(p.resume, 2);
	takeover_plan_free(&p);

	/* client 1's inbound policy is gone */
	kernel_from(&k, &st);
	k.pol[2].dir = XFRM_POLICY_FWD;
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.item[1].why, TAKEOVER_POLICY_GONE);
	CHECK_INT(p.item[0].why, TAKEOVER_OK);
	takeover_plan_free(&p);

	/* client 2's kernel session is gone */
	kernel_from(&k, &st);
	k.sess[2].id = 77;
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.item[2].why, TAKEOVER_KERNEL_GONE);
	takeover_plan_free(&p);

	/* a kernel session of another kind under the same id */
	kernel_from(&k, &st);
	k.sess[2].kind = ROAM_KIND_PPTP;
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.item[2].why, TAKEOVER_INCONSISTENT);
	takeover_plan_free(&p);

	/* client 0's ISAKMP SA expired while roamd was down */
	kernel_from(&k, &st);
	st.ike_res[0].expire_ms = NOW_MS;
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.item[0].why, TAKEOVER_NO_IKE);
	/* its NAT neighbour (same address, other port) is not taken for it */
	CHECK_INT(p.item[1].why, TAKEOVER_OK);
	takeover_plan_free(&p);
	st.ike_res[0].expire_ms = NOW_MS + 1;

	/* client 1's PPP had not finished IPCP */
	st.sess_res[1].flags &= ~RESTART_PPP_IPV4_UP;
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.item[1].why, TAKEOVER_NOT_OPENED);
	takeover_plan_free(&p);
	st.sess_res[1].flags |= RESTART_PPP_IPV4_UP;

	/* client 2's PPP address is not the session's */
	st.sess_res[2].peer_ip++;
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.item[2].why, TAKEOVER_INCONSISTENT);
	takeover_plan_free(&p);
	st.sess_res[2].peer_ip--;

	/* client 0's tunnel is plaintext; client 1's tunnel resume is lost */
	st.l2tp[0].mark = 0;
	st.l2tp_res[1].tid = 99;
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.item[0].why, TAKEOVER_PLAINTEXT);
	CHECK_INT(p.item[1].why, TAKEOVER_NO_TUNNEL);
	CHECK_INT(p.item[2].why, TAKEOVER_OK);
	CHECK_INT(count_why(&p, TAKEOVER_OK), p.resume);
	takeover_plan_free(&p);
	restart_state_free(&st);

	/* an older roamd's file: no resume records, every session ends */
	sample(&st);
	kernel_from(&k, &st);
	free(st.ike_res);
	free(st.l2tp_res);
	free(st.sess_res);
	st.ike_res = NULL;
	st.l2tp_res = NULL;
	st.sess_res = NULL;
	st.n_ike_res = st.n_l2tp_res = st.n_sess_res = 0;
	CHECK(!restart_state_encode(&st, &buf, &len));
	CHECK_INT(restart_state_decode(buf, len, &old), RESTART_OK);
	CHECK(!takeover_decide(&old, &k.kv, NOW_MS, &p));
	CHECK_INT(p.resume, 0);
	CHECK_INT(count_why(&p, TAKEOVER_NO_RESUME), 3);
	takeover_plan_free(&p);
	restart_state_free(&old);
	free(buf);
	restart_state_free(&st);

	/* nothing saved: an empty plan */
	restart_state_init(&st);
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK(!p.n && !p.item);
}

/*
 * What is taken over is left alone by the clean-up: client 2 lost its
 * kernel session and is ended (told, its SAs and policies removed),
 * clients 0 and 1 are kept whole, the PPTP session is removed.
 */
static void reconcile_keeps_what_is_taken_over(void)
{
	struct reconcile_keep keep;
	struct reconcile_plan rp;
	struct takeover_plan p;
	struct restart_state st;
	struct kernel k;
	size_t i;

	sample(&st);
	kernel_from(&k, &st);
	k.sess[2] = k.sess[3];		/* client 2's kernel session is gone */
	k.kv.n_sess = 3;
	CHECK(!takeover_decide(&st, &k.kv, NOW_MS, &p));
	CHECK_INT(p.resume, 2);
	CHECK_INT(p.item[2].why, TAKEOVER_KERNEL_GONE);
	CHECK(!takeover_keep(&st, &k.kv, &p, &keep));
	CHECK_INT(keep.n_marks, 2);
	CHECK(keep.ike[0] && keep.ike[1] && !keep.ike[2]);
	CHECK(keep.l2tp[0] && keep.l2tp[1] && !keep.l2tp[2]);
	CHECK(keep.kernel_sess[0] && keep.kernel_sess[1] &&
	      !keep.kernel_sess[2]);
	CHECK(!reconcile_keeping(&st, &k.kv, 0x100, 100, &keep, &rp));
	CHECK_INT(rp.stopccn, 1);
	CHECK_INT(rp.esp_del, 1);
	CHECK_INT(rp.ike_del, 1);
	CHECK_INT(rp.sa_del, 2);
	CHECK_INT(rp.pol_del, 2);
	CHECK_INT(rp.sess_del, 1);
	CHECK_INT(rp.orphans, 0);
	for (i = 0; i < rp.n; i++) {
		const struct reconcile_action *a = &rp.act[i];

		switch (a->op) {
		case RC_L2TP_STOPCCN:
			CHECK_INT(st.l2tp[a->arg].mark, 0x102);
			break;
		case RC_IKE_DELETE_ESP:
			CHECK_INT(st.esp[a->arg2].mark, 0x102);
			CHECK_INT(a->arg, 2);
			break;
		case RC_IKE_DELETE:
			CHECK_INT(a->arg, 2);
			break;
		case RC_SA_DEL:
			CHECK_INT(k.sa[a->arg].reqid, 0x102);
			break;
		case RC_POLICY_DEL:
			CHECK_INT(k.pol[a->arg].reqid, 0x102);
			break;
		case RC_SESSION_DEL:
			CHECK_INT(k.sess[a->arg].kind, ROAM_KIND_PPTP);
			break;
		}
	}
	reconcile_plan_free(&rp);
	/* nothing kept: everything goes, as before */
	CHECK(!reconcile_keeping(&st, &k.kv, 0x100, 100, NULL, &rp));
	CHECK_INT(rp.ike_del, 3);
	CHECK_INT(rp.sess_del, 3);
	reconcile_plan_free(&rp);
	takeover_keep_free(&keep);
	takeover_plan_free(&p);
	restart_state_free(&st);
}

void suite_takeover(void)
{
	RUN(reconcile_keeps_what_is_taken_over);
	RUN(resume_round_trip);
	RUN(resume_refused);
	RUN(decide_all_there);
	RUN(decide_after_rekey);
	RUN(decide_one_missing);
}
