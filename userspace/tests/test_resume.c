// SPDX-License-Identifier: GPL-2.0
/*
 * Taking over what an earlier roamd negotiated: an ISAKMP SA and its ESP
 * pair put back into a fresh engine from the saved secrets (ike.h,
 * ike_resume_sa()) must go on as if nothing happened: the client's DPD
 * is answered, its deletes are understood, a new Quick Mode works, and
 * our own probes carry numbers the client has not seen.  Likewise an
 * L2TP tunnel and its call (l2tp_tunnel_resume()): the LAC's next
 * messages are in sequence, its PPP frames reach the call, its CDN ends
 * it, and our next message carries the Ns it expects.  And the PPP
 * session on it (ppp_session_resume()): Opened, its echoes answered and
 * sent with the magic number the client knows, its end as any other.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ike/crypto.h"
#include "ike/keys.h"
#include "ike/proposal.h"
#include "ike/sa.h"
#include "test.h"
#include "test_ike_peer.h"
#include "test_l2tp_peer.h"
#include "test_ppp_peer.h"

static const struct qm_opts l2tp_qm = {
	IKE_ESP_AES_CBC, 256, IKE_ESP_AUTH_SHA1, IKE_MODE_TRANSPORT, 0, 3600,
	17, 1701, 1701
};

static void keep_secrets(const struct ike_sa_secrets *x, void *arg)
{
	*(struct ike_sa_secrets *)arg = *x;
}

/* The client sends an Informational with one payload on its SA. */
static void client_info(struct ini *in, uint8_t np, const uint8_t *body,
			size_t len)
{
	struct ike_ctx fake = { 0 };
	struct ike_actions a;
	struct ike_action *x;

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

/*
 * The client reads an Informational of ours: decrypted with its own copy
 * of the SA's keys and IV, HASH(1) checked; the payload after the HASH
 * (type in *np) in *plain, which the caller frees.
 */
static const uint8_t *client_read(struct ini *in, const struct ike_action *x,
				  uint8_t *np, uint8_t **plain)
{
	const uint8_t *b = x->send.buf;
	uint8_t iv[IKE_MAX_BLOCK], want[IKE_MAX_HASH];
	size_t hlen, blen, pl;
	uint32_t msgid;

	*plain = NULL;
	if (x->send.len <= ISAKMP_HDR_LEN || !(b[19] & ISAKMP_FLAG_ENC) ||
	    memcmp(b, in->s.cky_i, 8) || memcmp(b + 8, in->s.cky_r, 8))
		return NULL;
	msgid = ike_get32(b + 20);
	if (ike_iv_phase2(in->s.prop.hash, in->s.iv, in->s.blk, msgid, iv) ||
	    ike_decrypt(&in->s, iv, b, x->send.len, plain))
		return NULL;
	blen = x->send.len - ISAKMP_HDR_LEN;
	hlen = ike_get16(*plain + 2);
	if (b[16] != ISAKMP_NP_HASH || hlen != 4 + in->s.keys.prf_len ||
	    hlen + 4 > blen)
		return NULL;
	pl = ike_get16(*plain + hlen + 2);
	if (pl < 4 || hlen + pl > blen ||
	    ike_hash_msgid(&in->s, msgid, *plain + hlen, pl, want) ||
	    memcmp(want, *plain + 4, in->s.keys.prf_len))
		return NULL;
	*np = (*plain)[0];
	return *plain + hlen;
}

/* An R-U-THERE (or its ACK): the sequence number, or -1. */
static long long dpd_seq_of(struct ini *in, const struct ike_action *x,
			    uint16_t type)
{
	const uint8_t *n;
	uint8_t np, *plain;
	long long seq = -1;

	n = client_read(in, x, &np, &plain);
	if (n && np == ISAKMP_NP_N && ike_get16(n + 2) == 4 + 8 + 16 + 4 &&
	    ike_get16(n + 10) == type)
		seq = ike_get32(n + 12 + 16);
	free(plain);
	return seq;
}

/*
 * The client has an ISAKMP SA and an ESP pair with the first engine;
 * the second engine (a restarted roamd) gets them back from the saved
 * secrets.  in->ctx is the second engine after this.
 */
static uint64_t resumed(struct ini *in, struct ike_sa_secrets *sec,
			uint32_t dpd_seq, uint64_t *pair)
{
	struct ike_esp_sa esp = {};
	struct ike_actions a;
	struct ike_ctx *old;
	uint64_t id;

	ini_init(in, new_ctx(NULL), false);
	if (phase1(in, win_offer, 1, false, false) || !qm1(in, &l2tp_qm) ||
	    !qm3(in))
		return 0;
	ike_foreach_secrets(in->ctx, keep_secrets, sec);
	sec->dpd_seq = dpd_seq;
	/* the earlier roamd dies: only the saved secrets are left */
	old = in->ctx;
	in->ctx = new_ctx(NULL);
	ike_free(old);
	ike_actions_init(&a);
	id = ike_resume_sa(in->ctx, in->now, sec, &a);
	CHECK(find_log(&a, "resumed"));
	CHECK(find_act(&a, IKE_ACT_TIMER, 0));
	CHECK(!find_act(&a, IKE_ACT_SEND, 0));	/* nothing sent */
	ike_actions_clear(&a);
	esp.spi_in = in->spi_r;
	esp.spi_out = in->spi_i;
	esp.local = in->srv;
	esp.remote = in->seen;
	esp.transport = true;
	esp.ts_proto = 17;
	esp.ts_lport = 1701;
	esp.ts_rport = 1701;
	esp.lifetime_s = 3600;
	*pair = id ? ike_resume_child(in->ctx, in->now, id, &esp, 0, &a) : 0;
	/* the kernel has the pair already: not installed again */
	CHECK(!find_act(&a, IKE_ACT_SA_ADD, 0));
	ike_actions_clear(&a);
	return id;
}

static void resumed_sa_answers_dpd_and_quick_mode(void)
{
	struct ike_sa_secrets sec = {}, again = {};
	uint8_t n[28] = { 0, 0, 0, 1, 1, 16, 0x8d, 0x28 };
	struct ike_action *x;
	struct ike_stats st;
	uint64_t id, pair;
	struct ini in;

	id = resumed(&in, &sec, 0, &pair);
	CHECK(id && pair);
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.ike_established, 1);
	CHECK_INT(st.esp_sas, 1);
	/* what the next save holds is what was saved */
	CHECK(ike_saved_changes(in.ctx) > 0);
	ike_foreach_secrets(in.ctx, keep_secrets, &again);
	CHECK(!memcmp(again.cky_i, sec.cky_i, 8));
	CHECK(!memcmp(again.cky_r, sec.cky_r, 8));
	CHECK(!memcmp(again.skeyid_a, sec.skeyid_a, sizeof(sec.skeyid_a)));
	CHECK(!memcmp(again.iv, sec.iv, sizeof(sec.iv)));
	CHECK_INT(again.expire_ms, sec.expire_ms);
	CHECK_INT(again.peer_id_len, sec.peer_id_len);

	/* the client's R-U-THERE is answered, on its own number */
	memcpy(n + 8, in.s.cky_i, 8);
	memcpy(n + 16, in.s.cky_r, 8);
	ike_set32(n + 24, 4242);
	client_info(&in, ISAKMP_NP_N, n, sizeof(n));
	x = find_act(&in.act, IKE_ACT_SEND, 0);
	CHECK(x && dpd_seq_of(&in, x, ISAKMP_N_R_U_THERE_ACK) == 4242);

	/* a new Quick Mode: keys from the resumed SKEYID_d and IV */
	CHECK(qm1(&in, &l2tp_qm));
	x = qm3(&in);
	CHECK(x && keymat_matches(&in, &x->sa));
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.esp_sas, 2);
	explicit_bzero(&sec, sizeof(sec));
	explicit_bzero(&again, sizeof(again));
	ini_fini(&in);
}

static void resumed_pair_deleted_by_the_client(void)
{
	uint8_t d[12] = { 0, 0, 0, 1, 3, 4, 0, 1 };
	struct ike_sa_secrets sec = {};
	struct ike_action *x;
	struct ike_stats st;
	uint64_t pair;
	struct ini in;

	CHECK(resumed(&in, &sec, 0, &pair));
	ike_set32(d + 8, in.spi_i);
	client_info(&in, ISAKMP_NP_D, d, sizeof(d));
	x = find_act(&in.act, IKE_ACT_SA_DEL, 0);
	CHECK(x && x->sa.spi_in == in.spi_r && x->sa.spi_out == in.spi_i);
	CHECK(x && x->sa.id == pair);
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.esp_sas, 0);
	CHECK_INT(st.ike_established, 1);
	explicit_bzero(&sec, sizeof(sec));
	ini_fini(&in);
}

/*
 * The earlier roamd probed after its last save: our next probe must
 * still be past every number it can have sent (one per interval since
 * the SA was established, 30 s by default).
 */
static void resumed_dpd_moves_past_saved_numbers(void)
{
	struct ike_sa_secrets sec = {};
	struct ike_actions a;
	struct ike_action *x;
	uint64_t since_est;
	long long seq;
	uint64_t pair;
	struct ini in;

	CHECK(resumed(&in, &sec, 1000, &pair));
	since_est = in.now - (sec.expire_ms - (uint64_t)sec.life_s * 1000);
	ike_actions_init(&a);
	ike_timer(in.ctx, in.now + 31000, &a);
	x = find_act(&a, IKE_ACT_SEND, 0);
	CHECK(x);
	seq = x ? dpd_seq_of(&in, x, ISAKMP_N_R_U_THERE) : -1;
	CHECK(seq > 1000 + (long long)(since_est / 30000));
	ike_actions_clear(&a);
	explicit_bzero(&sec, sizeof(sec));
	ini_fini(&in);
}

/* What cannot be resumed is refused, and nothing is filed. */
static void resume_refusals(void)
{
	struct ike_sa_secrets sec = {}, bad;
	struct ike_esp_sa esp = {};
	struct ike_actions a;
	struct ike_stats st;
	uint64_t pair, id;
	struct ini in;

	id = resumed(&in, &sec, 0, &pair);
	CHECK(id);
	ike_actions_init(&a);
	/* the same cookies twice */
	CHECK_INT(ike_resume_sa(in.ctx, in.now, &sec, &a), 0);
	bad = sec;
	bad.cky_r[0] ^= 1;
	bad.expire_ms = in.now;			/* expired */
	CHECK_INT(ike_resume_sa(in.ctx, in.now, &bad, &a), 0);
	bad = sec;
	bad.cky_r[0] ^= 1;
	bad.blk = 7;				/* out of shape */
	CHECK_INT(ike_resume_sa(in.ctx, in.now, &bad, &a), 0);
	bad = sec;
	bad.cky_r[0] ^= 1;
	bad.auth_method = IKE_AUTH_XAUTH_PSK;	/* a Mode-Config client */
	CHECK_INT(ike_resume_sa(in.ctx, in.now, &bad, &a), 0);
	bad = sec;
	bad.cky_r[0] ^= 1;
	bad.remote.family = 0;
	CHECK_INT(ike_resume_sa(in.ctx, in.now, &bad, &a), 0);
	/* a pair of no SA, and a pair whose SPI is known */
	esp.spi_in = 0x12345678;
	esp.spi_out = 0x9abcdef0;
	CHECK_INT(ike_resume_child(in.ctx, in.now, id + 1000, &esp, 0, &a), 0);
	esp.spi_in = in.spi_r;
	CHECK_INT(ike_resume_child(in.ctx, in.now, id, &esp, 0, &a), 0);
	CHECK_INT(a.n, 0);
	ike_get_stats(in.ctx, &st);
	CHECK_INT(st.ike_sas, 1);
	CHECK_INT(st.esp_sas, 1);
	ike_actions_clear(&a);
	explicit_bzero(&sec, sizeof(sec));
	explicit_bzero(&bad, sizeof(bad));
	ini_fini(&in);
}

static void keep_tunnel(const struct l2tp_tunnel_saved *t, void *arg)
{
	*(struct l2tp_tunnel_saved *)arg = *t;
}

/* A tunnel with one call, saved; then a fresh LNS, empty. */
static void l2tp_saved_then_restarted(struct l2tp_tunnel_saved *t)
{
	struct l2tp_config cfg;

	lac_setup();
	lac_open_tunnel();
	lac_open_session();
	memset(t, 0, sizeof(*t));
	l2tp_foreach_tunnel(lns, keep_tunnel, t);
	l2tp_free(lns);
	lac_cfg(&cfg);
	lns = l2tp_new(&cfg);
}

static void l2tp_tunnel_and_call_resumed(void)
{
	static const uint8_t lcp[] = { 0xff, 0x03, 0xc0, 0x21, 9, 1, 0, 8,
				       1, 2, 3, 4 };
	const struct l2tp_action *a;
	struct l2tp_tunnel_saved t;
	struct l2tp_stats st;
	uint8_t data[64];
	struct pmsg p;

	l2tp_saved_then_restarted(&t);
	CHECK_INT(t.tid, lns_tid);
	CHECK_INT(l2tp_tunnel_resume(lns, clock_ms, &t, &acts), 0);
	a = act_nth(L2TP_ACT_TUNNEL_UP, 0);
	CHECK(a && a->tunnel_id == lns_tid && a->binding == BINDING &&
	      a->peer_tunnel_id == PEER_TID);
	CHECK_INT(act_count(L2TP_ACT_SEND), 0);
	CHECK(act_logged("resumed"));
	CHECK(acts.next_timer_ms > clock_ms);	/* HELLO armed */
	CHECK_INT(l2tp_session_resume(lns, clock_ms, lns_tid, lns_sid,
				      PEER_SID, &acts), 0);
	CHECK_INT(act_count(L2TP_ACT_SESSION_ADD), 0);
	CHECK_INT(act_count(L2TP_ACT_PPP_START), 0);
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels, 1);
	CHECK_INT(st.sessions, 1);

	/* the LAC's next message is in sequence: acknowledged, no gap */
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_HELLO);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	clock_ms += 1000;
	l2tp_timer(lns, clock_ms, &acts);
	CHECK_INT(act_sent(0), 0);		/* the ZLB */
	CHECK_INT(sent_hdr.nr, lac_ns);
	CHECK_INT(sent_hdr.ns, t.ns_una);

	/* a PPP frame of the call reaches PPP */
	l2tp_hdr_put_data(data, sizeof(data), lns_tid, lns_sid);
	memcpy(data + 6, lcp, sizeof(lcp));
	CHECK_INT(lac_feed(data, 6 + sizeof(lcp), BINDING), L2TP_OK);
	a = act_nth(L2TP_ACT_PPP_FRAME, 0);
	CHECK(a && a->session_id == lns_sid && a->len == sizeof(lcp));
	/* and ours go out on it */
	CHECK_INT(l2tp_send_ppp(lns, lns_tid, lns_sid, lcp, sizeof(lcp),
				&acts), 0);
	a = act_nth(L2TP_ACT_SEND, 0);
	CHECK(a && a->binding == BINDING);

	/* the LAC hangs up: the call ends as any other */
	lac_msg_start(&p, lns_tid, lns_sid, L2TP_MT_CDN);
	l2tp_avp_put_result(&p.mb, L2TP_CDN_ADMIN, 0, "user hung up");
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID,
			 PEER_SID);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	a = act_nth(L2TP_ACT_PPP_STOP, 0);
	CHECK(a && a->by_peer && a->session_id == lns_sid);
	CHECK(act_nth(L2TP_ACT_SESSION_DEL, 0) > a);

	/* our next control message takes the Ns the LAC expects */
	CHECK_INT(l2tp_tunnel_close(lns, clock_ms, lns_tid,
				    L2TP_STOPCCN_CLEAR, 0, &acts), 0);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_hdr.ns, t.ns_una);
	CHECK_INT(sent_hdr.nr, lac_ns);
	lac_teardown();
}

static void l2tp_resume_refusals(void)
{
	struct l2tp_tunnel_saved t, bad;

	l2tp_saved_then_restarted(&t);
	/* a call of no tunnel */
	CHECK_INT(l2tp_session_resume(lns, clock_ms, lns_tid, lns_sid,
				      PEER_SID, &acts), -1);
	bad = t;
	bad.ns_una = t.ns + 1;		/* "unacknowledged" ahead of Ns */
	CHECK_INT(l2tp_tunnel_resume(lns, clock_ms, &bad, &acts), -1);
	bad = t;
	bad.peer_rws = 0;
	CHECK_INT(l2tp_tunnel_resume(lns, clock_ms, &bad, &acts), -1);
	bad = t;
	bad.peer.ss_family = AF_UNIX;
	CHECK_INT(l2tp_tunnel_resume(lns, clock_ms, &bad, &acts), -1);
	CHECK_INT(l2tp_tunnel_resume(lns, clock_ms, &t, &acts), 0);
	/* twice the same tunnel, twice the same call, a call with id 0 */
	CHECK_INT(l2tp_tunnel_resume(lns, clock_ms, &t, &acts), -1);
	CHECK_INT(l2tp_session_resume(lns, clock_ms, lns_tid, lns_sid,
				      PEER_SID, &acts), 0);
	CHECK_INT(l2tp_session_resume(lns, clock_ms, lns_tid, lns_sid,
				      PEER_SID, &acts), -1);
	CHECK_INT(l2tp_session_resume(lns, clock_ms, lns_tid, lns_sid + 1,
				      0, &acts), -1);
	lac_teardown();
}

/*
 * A saved tunnel as a state that lags the live one writes it: behind_ns
 * of our messages and behind_nr of the LAC's went by, acknowledged,
 * after it was written.  Resumed into the fresh LNS.
 */
static void l2tp_lagging_resumed(uint16_t behind_ns, uint16_t behind_nr)
{
	struct l2tp_tunnel_saved t;

	l2tp_saved_then_restarted(&t);
	/* the scripted LAC is level with what was saved */
	CHECK_INT(lac_nr, t.ns);
	CHECK_INT(lac_ns, t.nr);
	t.ns -= behind_ns;
	t.ns_una -= behind_ns;
	t.nr -= behind_nr;
	CHECK_INT(l2tp_tunnel_resume(lns, clock_ms, &t, &acts), 0);
	CHECK_INT(l2tp_session_resume(lns, clock_ms, lns_tid, lns_sid,
				      PEER_SID, &acts), 0);
}

/* The LAC speaks first: its message says where both sides are. */
static void l2tp_lagging_state_lac_first(void)
{
	struct l2tp_stats st;
	struct pmsg p;

	l2tp_lagging_resumed(2, 1);
	lac_msg_start(&p, lns_tid, 0, L2TP_MT_HELLO);
	CHECK_INT(lac_msg_send(&p), L2TP_OK);
	CHECK(act_logged("resynchronised"));
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels_resynced, 1);
	CHECK_INT(st.rx_duplicate + st.rx_out_of_order, 0);
	/* acknowledged */
	clock_ms += 1000;
	l2tp_timer(lns, clock_ms, &acts);
	CHECK_INT(act_sent(0), 0);
	CHECK_INT(sent_hdr.nr, lac_ns);
	/* our next message at the Ns the LAC expects */
	CHECK_INT(l2tp_tunnel_close(lns, clock_ms, lns_tid,
				    L2TP_STOPCCN_CLEAR, 0, &acts), 0);
	CHECK_INT(act_sent(0), L2TP_MT_STOPCCN);
	CHECK_INT(sent_hdr.ns, lac_nr);
	CHECK_INT(sent_hdr.nr, lac_ns);
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels_resynced, 1);
	lac_teardown();
}

/*
 * We speak first, our HELLO at its time: it goes out as a probe the LAC
 * takes as old, the LAC's ZLB says what it expects, and the HELLO goes
 * again at that Ns.
 */
static void l2tp_lagging_state_hello_first(void)
{
	uint8_t zlb[L2TP_CTRL_HDR_LEN];
	struct l2tp_config cfg;
	struct l2tp_stats st;

	l2tp_lagging_resumed(1, 0);
	lac_cfg(&cfg);
	clock_ms += cfg.hello_interval_ms;
	l2tp_timer(lns, clock_ms, &acts);
	CHECK_INT(act_sent(0), L2TP_MT_HELLO);
	CHECK_INT(sent_hdr.ns, (uint16_t)(lac_nr - 2));
	l2tp_hdr_put_control(zlb, sizeof(zlb), lns_tid, 0, lac_ns, lac_nr);
	CHECK_INT(lac_feed(zlb, sizeof(zlb), BINDING), L2TP_OK);
	CHECK_INT(act_sent(0), L2TP_MT_HELLO);
	CHECK_INT(sent_hdr.ns, lac_nr);
	CHECK(act_logged("resynchronised"));
	l2tp_get_stats(lns, &st);
	CHECK_INT(st.tunnels_resynced, 1);
	lac_teardown();
}

#define LCP_ECHOREQ	9
#define LCP_ECHOREP	10

static const struct ppp_resume ppp_saved = {
	.method = PPP_AUTH_MSCHAPV2,
	.user = "alice",
	.peer_mru = 1400,
	.our_magic = 0x5eed1234,
	.peer_magic = 0x11223344,
	.peer_acfc = true,
	.local_ip = IP(192, 168, 8, 1),
	.peer_ip = IP(192, 168, 8, 100),
};

static void ppp_resumed_opened(void)
{
	static const uint8_t ping[] = { 0x11, 0x22, 0x33, 0x44, 'h', 'i' };
	struct ppp_session_info info;
	struct ppp_cp p;

	tp_setup(PPP_AUTH_MSCHAPV2, PPP_AUTH_NONE);
	tp_resume(&ppp_saved);
	CHECK(ppp_tp.s != NULL);
	if (!ppp_tp.s)
		return;
	/* nothing said on the wire, no event: the session is up already */
	CHECK_INT(ppp_tp.out.nframes, 0);
	CHECK_INT(ppp_tp.out.nevents, 0);
	/* what the next save holds is what was saved */
	ppp_session_get_info(ppp_tp.s, &info);
	CHECK_INT(info.phase, PPP_PHASE_NETWORK);
	CHECK(info.authenticated && info.ipv4_up);
	CHECK_INT(info.method, PPP_AUTH_MSCHAPV2);
	CHECK_STR(info.user, "alice");
	CHECK_INT(info.our_magic, ppp_saved.our_magic);
	CHECK_INT(info.peer_magic, ppp_saved.peer_magic);
	CHECK_INT(info.peer_mru, 1400);
	CHECK(info.peer_acfc && !info.peer_pfc);
	CHECK_INT(info.local_ip, ppp_saved.local_ip);
	CHECK_INT(info.peer_ip, ppp_saved.peer_ip);

	/* the client's echo is answered with the magic number it knows */
	tp_send(PPP_LCP, LCP_ECHOREQ, 77, ping, sizeof(ping));
	CHECK(tp_sent(PPP_LCP, LCP_ECHOREP, &p));
	CHECK_INT(p.id, 77);
	CHECK_INT(ppp_get32(p.data), ppp_saved.our_magic);
	/* ours go out from one interval on */
	CHECK_INT(ppp_session_deadline(ppp_tp.s),
		  ppp_tp.now + 1000ull * ppp_tp.cfg.echo_interval);
	tp_advance(1000ull * ppp_tp.cfg.echo_interval);
	CHECK(tp_sent(PPP_LCP, LCP_ECHOREQ, &p));
	CHECK_INT(ppp_get32(p.data), ppp_saved.our_magic);
	/* an echo reply with the client's own magic: alive */
	tp_send(PPP_LCP, LCP_ECHOREP, p.id, "\x11\x22\x33\x44", 4);
	CHECK_INT(ppp_tp.out.nframes, 0);

	/* the client hangs up: the end of any session */
	tp_send(PPP_LCP, PPP_TERMREQ, 9, NULL, 0);
	CHECK(tp_sent(PPP_LCP, PPP_TERMACK, &p));
	CHECK(tp_event(PPP_EV_IPV4_DOWN));
	tp_advance(3000);
	CHECK(tp_event(PPP_EV_FINISHED));
	tp_free();
}

static void ppp_resume_refusals(void)
{
	struct ppp_resume r;

	tp_setup(PPP_AUTH_MSCHAPV2, PPP_AUTH_NONE);
	r = ppp_saved;
	r.peer_ip = 0;			/* IPCP was not up */
	tp_resume(&r);
	CHECK(!ppp_tp.s);
	r = ppp_saved;
	r.peer_magic = r.our_magic;	/* looped back */
	tp_resume(&r);
	CHECK(!ppp_tp.s);
	r = ppp_saved;
	r.method = (enum ppp_auth_method)9;
	tp_resume(&r);
	CHECK(!ppp_tp.s);
	r = ppp_saved;
	r.user[0] = 0;			/* authenticated as nobody */
	tp_resume(&r);
	CHECK(!ppp_tp.s);
	ppp_tp.cfg.mppe.policy = PPP_MPPE_REQUIRED;	/* PPTP's */
	tp_resume(&ppp_saved);
	CHECK(!ppp_tp.s);
}

void suite_resume(void)
{
	RUN(ppp_resumed_opened);
	RUN(ppp_resume_refusals);
	RUN(l2tp_tunnel_and_call_resumed);
	RUN(l2tp_resume_refusals);
	RUN(l2tp_lagging_state_lac_first);
	RUN(l2tp_lagging_state_hello_first);
	RUN(resumed_sa_answers_dpd_and_quick_mode);
	RUN(resumed_pair_deleted_by_the_client);
	RUN(resumed_dpd_moves_past_saved_numbers);
	RUN(resume_refusals);
}
