// SPDX-License-Identifier: GPL-2.0
/*
 * What one whole L2TP/IPsec session costs roamd's heap at N sessions, on
 * the host: no kernel, no socket.  Each of N clients, from its own
 * address, does what a Windows or strongSwan + xl2tpd client does:
 *
 *   IKE     Main Mode with a pre-shared key (AES-128/SHA1/ECP-256, DPD)
 *           and one Quick Mode (ESP transport, udp/1701) through the
 *           engine, as bench/ike_scale.c (the unit tests' initiator);
 *   IPsec   the SA pair the engine hands over, filed by ipsec_add() as
 *           roamd files it (ipsec/clients.c: the client, its mark, the
 *           pair), the kernel being an xfrm that accepts everything
 *           (bench/xfrm_null.c);
 *   L2TP    SCCRQ, SCCCN, ICRQ, ICCN through the L2TP engine, bound to
 *           the client's mark, and access/l2tp.c's own records for them:
 *           the tunnel record in two indexes and the call's session
 *           (session_new() with a struct l2tp_call, its label, its call
 *           key), as l2tp_call_new() makes them;
 *   PPP     LCP both ways, PAP, IPCP, as bench/session_scale.c.
 *
 * PPP frames go to the session directly, not through L2TP data messages:
 * those cost the engine no memory.  Time is virtual: one millisecond per
 * client.  The heap in use (mallinfo2) is read right after the last
 * session is up, and again "at rest": the fake clock moved past the
 * Quick Mode linger (a minute after QM3), the engines' timers run once
 * (DPD probes, HELLOs, LCP echoes), each HELLO acknowledged by its
 * client, so that only what an established session keeps is left.
 *
 * For each N it prints, and writes as JSON (-o FILE):
 *   setup_us_per_session  CPU to bring one session up, both sides
 *   bytes_per_session     heap per session right after setup
 *   rest_bytes_per_session  the same at rest
 *   up                    sessions that came up (all the way to PPP)
 *
 * Usage: ipsec_scale [-o FILE] [N ...]   (default N: 1000 10000; at most
 * 65,000: one L2TP tunnel each.)  A measurement, not a test: it asserts
 * nothing about the figures, and make check does not run it.
 */
#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/roam.h>

#include "access/l2tp.h"
#include "bench_out.h"
#include "hashtab.h"
#include "ipsec/clients.h"
#include "l2tp/avp.h"
#include "l2tp/header.h"
#include "l2tp/l2tp.h"
#include "l2tp/msg.h"
#include "log.h"
#include "ppp_peer.h"
#include "session/ppp_link.h"
#include "test_ike_peer.h"

#define MAX_N		65000
#define REST_MS		61000	/* past the Quick Mode linger */

static const struct t1 offer = {
	IKE_ENC_AES_CBC, 128, IKE_HASH_SHA1, IKE_GROUP_ECP256, 28800,
};
static const struct qm_opts l2tp_qm = {
	IKE_ESP_AES_CBC, 128, IKE_ESP_AUTH_SHA1, IKE_MODE_TRANSPORT, 0, 3600,
	17, 1701, 1701,
};

/* access/l2tp.c's record of an open tunnel (struct lns_tunnel there). */
struct lns_tunnel {
	struct hashtab_node by_id, by_mark;
	uint16_t id;
	uint32_t mark;
};

/* What a scripted LAC remembers of its tunnel (outside the heap read). */
struct lac {
	struct sockaddr_in addr;
	uint16_t lns_tid, ns, nr;
	uint32_t mark;
};

/* A control message being written. */
struct pmsg {
	uint8_t buf[512];
	struct l2tp_mbuf mb;
};

static struct ike_ctx *ike;
static struct ipsec ipsec;
static struct l2tp_ctx *lns;
static struct l2tp_actions acts;
static struct l2tp_msg *msg;		/* the LNS's last reply, decoded */
static struct hashtab tunnels_by_id, tunnels_by_mark;
static struct lac *lacs;

/* The first datagram the LNS sent, decoded: its type, or -1. */
static int lns_reply(void)
{
	struct l2tp_msg_err err;
	struct l2tp_hdr h;
	size_t i;

	for (i = 0; i < acts.n; i++) {
		const struct l2tp_action *a = &acts.v[i];

		if (a->type != L2TP_ACT_SEND ||
		    l2tp_hdr_parse(a->data, a->len, &h) != L2TP_HDR_OK ||
		    !h.control || h.msg_len == h.hdr_len)
			continue;
		if (l2tp_msg_parse(a->data + h.hdr_len, h.msg_len - h.hdr_len,
				   NULL, 0, msg, &err))
			return -1;
		return msg->type;
	}
	return -1;
}

/* --- the session's parts as roamd makes them ------------------------- */

/* access/l2tp.c's run_action(): what roamd does with the engine's acts. */
static struct roamd_session *run_actions(struct lac *c)
{
	struct roamd_session *s = NULL;
	struct lns_tunnel *t;
	struct l2tp_call *call;
	size_t i;

	for (i = 0; i < acts.n; i++) {
		const struct l2tp_action *x = &acts.v[i];

		switch (x->type) {
		case L2TP_ACT_TUNNEL_UP:
			t = calloc(1, sizeof(*t));
			if (!t)
				break;
			t->id = x->tunnel_id;
			t->mark = (uint32_t)x->binding;
			hashtab_add(&tunnels_by_id, &t->by_id, t->id);
			hashtab_add(&tunnels_by_mark, &t->by_mark, t->mark);
			break;
		case L2TP_ACT_SESSION_ADD:
			s = session_new(&bench_tab, SESSION_ACCESS_L2TP,
					sizeof(*call));
			if (!s)
				break;
			if (ppp_link_attach(s, &bench_db.settings) ||
			    session_set_call_key(s, (uint32_t)x->tunnel_id << 16 |
						 x->session_id)) {
				s->lower_gone = true;
				session_finish(s, "out of memory", 0);
				return NULL;
			}
			call = session_priv(s);
			call->tunnel_id = x->tunnel_id;
			call->session_id = x->session_id;
			call->peer_tunnel_id = x->peer_tunnel_id;
			call->peer_session_id = x->peer_session_id;
			call->mark = c->mark;
			memcpy(&s->peer, &x->peer, sizeof(s->peer));
			snprintf(s->label, sizeof(s->label), "L2TP %u/%u",
				 call->tunnel_id, call->session_id);
			s->kernel_tmpl.kind = ROAM_KIND_L2TP;
			s->kernel_tmpl.has_l2tp = true;
			s->kernel_tmpl.l2tp_tunnel_id = call->tunnel_id;
			s->kernel_tmpl.l2tp_session_id = call->session_id;
			s->kernel_tmpl.l2tp_xfrm_mark = c->mark;
			s->view_tmpl.ipsec = true;
			break;
		default:
			break;
		}
	}
	return s;
}

/* --- the scripted clients ------------------------------------------- */

/* IKE Main and Quick Mode, the SA pair filed; the client's mark or 0. */
static uint32_t ike_up(struct ini *in, unsigned int i)
{
	uint8_t ip[4] = { 10, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff };
	struct ipsec_client *c = NULL;
	struct ike_action *x = NULL;

	ini_init(in, ike, false);
	memcpy(in->own.ip, ip, 4);
	memcpy(in->seen.ip, ip, 4);
	memcpy(in->seen4500.ip, ip, 4);
	in->now = bench_now_ms;
	if (!phase1(in, &offer, 1, false, false) && qm1(in, &l2tp_qm) &&
	    qm3(in))
		x = find_act(&in->act, IKE_ACT_SA_ADD, 0);
	if (x && !ipsec_add(&ipsec, &x->sa, bench_now_ms))
		c = ipsec_client_by_peer(&ipsec, &x->sa.remote);
	ike_dh_free(in->dh);
	in->dh = NULL;
	ike_actions_clear(&in->act);
	return c ? c->mark : 0;
}

static void lac_start(struct pmsg *p, const struct lac *c, uint16_t s,
		      uint16_t type)
{
	l2tp_mbuf_init(&p->mb, p->buf, sizeof(p->buf));
	l2tp_hdr_put_control(p->buf, sizeof(p->buf), c->lns_tid, s, c->ns,
			     c->nr);
	p->mb.len = L2TP_CTRL_HDR_LEN;
	l2tp_avp_put_u16(&p->mb, L2TP_AVP_M, L2TP_AVP_MESSAGE_TYPE, type);
}

static enum l2tp_verdict lac_send(struct pmsg *p, struct lac *c)
{
	l2tp_hdr_set_length(p->buf, (uint16_t)p->mb.len);
	if (p->mb.len > L2TP_CTRL_HDR_LEN)
		c->ns++;
	return l2tp_input(lns, bench_now_ms, (struct sockaddr *)&c->addr,
			  sizeof(c->addr), c->mark, p->buf, p->mb.len, &acts);
}

/* The tunnel and the call, as xl2tpd opens them; the session or NULL. */
static struct roamd_session *l2tp_up(struct lac *c, uint16_t tid)
{
	uint8_t ver[2] = { 1, 0 };
	struct roamd_session *s;
	struct pmsg p;
	uint16_t sid;

	lac_start(&p, c, 0, L2TP_MT_SCCRQ);
	l2tp_avp_put(&p.mb, L2TP_AVP_M, L2TP_AVP_PROTOCOL_VERSION, ver, 2);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_FRAMING_CAP, 3);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_BEARER_CAP, 3);
	l2tp_avp_put_str(&p.mb, L2TP_AVP_M, L2TP_AVP_HOST_NAME, "laptop");
	l2tp_avp_put_str(&p.mb, 0, L2TP_AVP_VENDOR_NAME, "xelerance.com");
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_TUNNEL_ID, tid);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_RECV_WINDOW_SIZE, 4);
	if (lac_send(&p, c) != L2TP_OK || lns_reply() != L2TP_MT_SCCRP)
		return NULL;
	c->lns_tid = msg->tunnel_id;
	c->nr = 1;
	lac_start(&p, c, 0, L2TP_MT_SCCCN);
	if (lac_send(&p, c) != L2TP_OK)
		return NULL;
	run_actions(c);
	lac_start(&p, c, 0, L2TP_MT_ICRQ);
	l2tp_avp_put_u16(&p.mb, L2TP_AVP_M, L2TP_AVP_ASSIGNED_SESSION_ID, 1);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_CALL_SERIAL, 1);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_BEARER_TYPE, 0);
	if (lac_send(&p, c) != L2TP_OK || lns_reply() != L2TP_MT_ICRP)
		return NULL;
	sid = msg->session_id;
	c->nr++;
	lac_start(&p, c, sid, L2TP_MT_ICCN);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_TX_CONNECT_SPEED,
			 10000000);
	l2tp_avp_put_u32(&p.mb, L2TP_AVP_M, L2TP_AVP_FRAMING_TYPE, 1);
	if (lac_send(&p, c) != L2TP_OK)
		return NULL;
	s = run_actions(c);
	return s;
}

/* Every control message the LNS sent (HELLOs) acknowledged by a ZLB. */
static void lacs_ack(unsigned int n)
{
	struct l2tp_actions sent = acts;
	struct l2tp_hdr h;
	struct pmsg p;
	size_t i;

	/* the LNS's sends stay in acts' arena: read them from a copy */
	l2tp_actions_init(&acts);
	for (i = 0; i < sent.n; i++) {
		const struct l2tp_action *a = &sent.v[i];
		struct lac *c;

		if (a->type != L2TP_ACT_SEND ||
		    l2tp_hdr_parse(a->data, a->len, &h) != L2TP_HDR_OK ||
		    !h.control || h.msg_len == h.hdr_len ||
		    !h.tunnel_id || h.tunnel_id > n)
			continue;
		c = &lacs[h.tunnel_id - 1];
		c->nr = h.ns + 1;
		lac_start(&p, c, 0, 0);
		p.mb.len = L2TP_CTRL_HDR_LEN;	/* a ZLB: no AVP */
		lac_send(&p, c);
	}
	l2tp_actions_free(&sent);
}

static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* The figures of one N, in the table's order (cols[] below). */
enum { C_SESSIONS, C_SETUP_US, C_BYTES, C_REST_BYTES, C_UP, NCOLS };

static const struct bench_col cols[NCOLS] = {
	[C_SESSIONS] = { "sessions", "sessions", 0, 0 },
	[C_SETUP_US] = { "setup_us", "setup_us_per_session", 1, 2 },
	[C_BYTES] = { "bytes", "bytes_per_session", 0, 0 },
	[C_REST_BYTES] = { "rest_bytes", "rest_bytes_per_session", 0, 0 },
	[C_UP] = { "up", "up", 0, 0 },
};

static void setup(unsigned int n)
{
	struct l2tp_config cfg;

	ppp_peer_setup("ipsec_scale");
	ike = new_ctx(NULL);
	ipsec_init(&ipsec);
	l2tp_config_defaults(&cfg);
	lns = l2tp_new(&cfg);
	msg = malloc(sizeof(*msg));
	lacs = calloc(n, sizeof(*lacs));
	if (!ike || !lns || !msg || !lacs) {
		fprintf(stderr, "ipsec_scale: out of memory\n");
		exit(1);
	}
	l2tp_actions_init(&acts);
	hashtab_init(&tunnels_by_id);
	hashtab_init(&tunnels_by_mark);
}

static void teardown(void)
{
	struct hashtab_node *nd;
	size_t i;

	for (i = 0; tunnels_by_id.buckets && i <= tunnels_by_id.mask; i++)
		while ((nd = tunnels_by_id.buckets[i])) {
			struct lns_tunnel *t = (struct lns_tunnel *)nd;

			hashtab_del(&tunnels_by_id, &t->by_id);
			hashtab_del(&tunnels_by_mark, &t->by_mark);
			free(t);
		}
	hashtab_free(&tunnels_by_id);
	hashtab_free(&tunnels_by_mark);
	l2tp_actions_free(&acts);
	l2tp_free(lns);
	ipsec_close(&ipsec);
	ike_free(ike);
	ppp_peer_teardown();
	free(msg);
	free(lacs);
}

/* One client, IKE to PPP; false if any part did not come up. */
static bool client_up(unsigned int i, struct ini *in)
{
	struct lac *c = &lacs[i];
	uint8_t ip[4] = { 10, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff };
	struct roamd_session *s;

	c->mark = ike_up(in, i);
	if (!c->mark)
		return false;
	c->addr.sin_family = AF_INET;
	c->addr.sin_port = htons(1701);
	memcpy(&c->addr.sin_addr, ip, 4);
	s = l2tp_up(c, (uint16_t)(i + 1));
	return s && ppp_peer_up(s, s->call_key);
}

static void run(unsigned int n, unsigned int nth, double *row)
{
	struct ike_actions ia;
	struct mallinfo2 m0, m1;
	struct ini *in;
	uint64_t rest;
	double t0;
	unsigned int i;

	(void)nth;
	row[C_SESSIONS] = n;
	setup(n);
	in = calloc(1, sizeof(*in));
	if (!in)
		exit(1);
	bench_now_ms = 1000000;
	m0 = mallinfo2();
	t0 = cpu_us();
	for (i = 0; i < n; i++, bench_now_ms++)
		row[C_UP] += client_up(i, in);
	row[C_SETUP_US] = (cpu_us() - t0) / n;
	m1 = mallinfo2();
	row[C_BYTES] = ((double)m1.uordblks - m0.uordblks) / n;

	/* at rest: a minute past the last QM3, every engine's timer run */
	rest = bench_now_ms + REST_MS;
	bench_now_ms = rest;
	ike_actions_init(&ia);
	ike_timer(ike, rest, &ia);
	ike_actions_clear(&ia);
	l2tp_timer(lns, rest, &acts);
	lacs_ack(n);
	l2tp_timer(lns, rest + 1000, &acts);
	l2tp_actions_free(&acts);
	ppp_link_table_timer(&bench_tab, rest);
	ppp_peer_settle();
	m1 = mallinfo2();
	row[C_REST_BYTES] = ((double)m1.uordblks - m0.uordblks) / n;
	free(in);
	teardown();
}

int main(int argc, char **argv)
{
	static const unsigned int defaults[] = { 1000, 10000 };
	struct bench_args args;
	unsigned int i;

	if (bench_args_parse(&args, argc, argv, "ipsec_scale", defaults, 2))
		return 2;
	for (i = 0; i < args.nn; i++)
		if (args.ns[i] > MAX_N) {
			fprintf(stderr, "ipsec_scale: at most %u sessions\n",
				MAX_N);
			return 2;
		}
	roam_log_set_level(ROAM_LOG_ERROR);
	return bench_run(&args, "roamd_ipsec_scale", cols, NCOLS, run);
}
