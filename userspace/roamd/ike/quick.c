// SPDX-License-Identifier: GPL-2.0
/*
 * Quick Mode responder (RFC 2409 section 5.5) for ESP transport mode over
 * UDP/1701 (L2TP clients) and ESP tunnel mode between a remote-access
 * client's assigned address and our networks (XAUTH/Mode-Config clients):
 *
 *   QM1 HDR*, HASH(1), SA, Ni [, KE] [, IDci, IDcr] [, NAT-OA...]
 *   QM2 HDR*, HASH(2), SA, Nr [, KE] [, IDci, IDcr]
 *            [, N(RESPONDER-LIFETIME)] [, NAT-OA...]
 *   QM3 HDR*, HASH(3)
 *
 * Each exchange has its own IV chain, started from hash(last phase 1 IV |
 * M-ID).  The SAs are installed on QM3, when the initiator has proved it
 * holds the keys; QM2 is resent until then, since a lost QM3 would
 * otherwise leave the client with SAs we never installed.
 *
 * An exchange in flight holds one of the SA's IKE_MAX_QM slots (888 B
 * each, the array allocated with the first and freed with the last).  A
 * finished one gives its slot back at QM3 and leaves only its message ID
 * (struct ike_qm_done) until it would have expired in flight: the peer
 * may repeat QM1 or QM3 (its QM3 or our QM2 lost on the way), and these
 * are to be dropped quietly, not answered with a second pair of SAs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sa.h"

#define LIFE_SECONDS	1
#define LIFE_KB		2
#define P2_LIFE_TYPE	1
#define P2_LIFE_DUR	2

/* The records go with the slots once no record is left either. */
static void qm_done_trim(struct ike_sa *sa)
{
	unsigned int i;

	if (!sa->qm_done || sa->n_qm)
		return;
	for (i = 0; i < IKE_MAX_QM; i++)
		if (sa->qm_done[i].msgid)
			return;
	free(sa->qm_done);
	sa->qm_done = NULL;
}

static bool qm_done_find(const struct ike_sa *sa, uint32_t msgid)
{
	unsigned int i;

	for (i = 0; sa->qm_done && i < IKE_MAX_QM; i++)
		if (sa->qm_done[i].msgid == msgid)
			return true;
	return false;
}

/*
 * Remember a finished exchange.  The records exist (allocated with the
 * slot it had); when all are taken, the one due first makes room, as a
 * finished exchange's slot did for a new one before.
 */
static void qm_done_add(struct ike_sa *sa, uint32_t msgid, uint64_t expire_at)
{
	struct ike_qm_done *d = &sa->qm_done[0];
	unsigned int i;

	for (i = 0; i < IKE_MAX_QM && d->msgid; i++) {
		struct ike_qm_done *e = &sa->qm_done[i];

		if (!e->msgid || e->expire_at < d->expire_at)
			d = e;
	}
	d->msgid = msgid;
	d->expire_at = expire_at;
}

static void qm_remove(struct ike_ctx *ctx, struct ike_sa *sa, unsigned int i)
{
	struct ike_qm *qm = &sa->qm[i];

	ike_qm_unlink(ctx, qm);
	ike_msgcopy_free(&qm->rx);
	ike_msgcopy_free(&qm->tx);
	ike_wipe(qm, sizeof(*qm));
	if (i != sa->n_qm - 1) {
		/* its index node cannot move with it: file it again */
		ike_qm_unlink(ctx, &sa->qm[sa->n_qm - 1]);
		*qm = sa->qm[sa->n_qm - 1];
		memset(&sa->qm[sa->n_qm - 1], 0, sizeof(*qm));
		ike_qm_link(ctx, qm);
	}
	if (!--sa->n_qm) {
		free(sa->qm);
		sa->qm = NULL;
		qm_done_trim(sa);
	}
}

static struct ike_qm *qm_find(const struct ike_sa *sa, uint32_t msgid)
{
	unsigned int i;

	for (i = 0; i < sa->n_qm; i++)
		if (sa->qm[i].msgid == msgid)
			return &sa->qm[i];
	return NULL;
}

static void qm_fail(struct ike_ctx *ctx, struct ike_sa *sa, uint32_t msgid,
		    const char *why)
{
	char peer[64];

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	ike_log(ctx, IKE_LOG_ERR, "IKE phase 2 with %s failed (Quick Mode %#x): %s",
		peer, msgid, why);
}

static int new_spi(struct ike_ctx *ctx, uint32_t *spi)
{
	int tries;

	/* SPIs below 256 are reserved (RFC 4303 2.1). */
	for (tries = 0; tries < 16; tries++) {
		if (ike_random(spi, sizeof(*spi)))
			return -1;
		if (*spi >= 256 && !ike_spi_in_use(ctx, *spi))
			return 0;
	}
	return -1;
}

/*
 * L2TP needs UDP; our side must be port 1701 or any, the client's side
 * may be anything (Windows behind NAT proposes its port 1701 or 0, and
 * some clients an ephemeral port; see the lport/rport note in the docs).
 */
static int check_ids(struct ike_qm *qm, const struct ike_payload *ici,
		     const struct ike_payload *icr, char *why, size_t len)
{
	struct ike_id ci, cr;
	struct ike_err err;

	if (!ici && !icr) {
		qm->ts_proto = 0;	/* the phase 1 addresses, all traffic */
		return 0;
	}
	if (!ici || !icr) {
		snprintf(why, len, "only one of IDci and IDcr present");
		return -1;
	}
	if (ike_id_parse(ici, &ci, &err) || ike_id_parse(icr, &cr, &err)) {
		snprintf(why, len, "%s", err.msg);
		return -1;
	}
	if ((ci.type != ISAKMP_ID_IPV4 && ci.type != ISAKMP_ID_IPV6) ||
	    (cr.type != ISAKMP_ID_IPV4 && cr.type != ISAKMP_ID_IPV6)) {
		snprintf(why, len, "IDs of types %u/%u; transport mode needs host addresses",
			 ci.type, cr.type);
		return -1;
	}
	if (ci.proto != 17 || cr.proto != 17) {
		snprintf(why, len, "IDs for protocols %u/%u; only UDP (L2TP on port %d) is served",
			 ci.proto, cr.proto, IKE_L2TP_PORT);
		return -1;
	}
	if (cr.port != IKE_L2TP_PORT && cr.port != 0) {
		snprintf(why, len, "IDcr asks for our UDP port %u; only %d (L2TP) is served",
			 cr.port, IKE_L2TP_PORT);
		return -1;
	}
	qm->ts_proto = 17;
	qm->ts_lport = cr.port;
	qm->ts_rport = ci.port;
	return 0;
}

/* An ID as an IPv4 network: ID_IPV4_ADDR or a contiguous ID_IPV4_ADDR_SUBNET. */
static int id_net(const struct ike_id *id, struct ike_ip4net *n)
{
	uint32_t a, m;

	if (id->type == ISAKMP_ID_IPV4) {
		memcpy(n->addr, id->data, 4);
		n->prefix = 32;
		return 0;
	}
	if (id->type != ISAKMP_ID_IPV4_SUBNET)
		return -1;
	a = ike_get32(id->data);
	m = ike_get32(id->data + 4);
	if (m & (~m >> 1))		/* a one after a zero: not contiguous */
		return -1;
	n->prefix = 0;
	while (n->prefix < 32 && (m << n->prefix) & 0x80000000u)
		n->prefix++;
	ike_set32(n->addr, a & m);
	return 0;
}

static bool net_within(const struct ike_ip4net *in, const struct ike_ip4net *of)
{
	uint32_t m = of->prefix ? ~0u << (32 - of->prefix) : 0;

	return in->prefix >= of->prefix &&
	       (ike_get32(in->addr) & m) == (ike_get32(of->addr) & m);
}

static void net_str(const struct ike_ip4net *n, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u/%u", n->addr[0], n->addr[1],
		 n->addr[2], n->addr[3], n->prefix);
}

/*
 * Tunnel mode for a Mode-Config client: IDci is the address it was given
 * (alone), IDcr everything (0.0.0.0/0), or within one of the split-tunnel
 * networks when the group has them.
 */
static int check_tunnel_ids(const struct ike_sa *sa, struct ike_qm *qm,
			    const struct ike_payload *ici,
			    const struct ike_payload *icr, char *why,
			    size_t len)
{
	const struct ike_client_cfg *cfg = &sa->ra->cfg;
	struct ike_ip4net ci, cr, given;
	struct ike_id idci, idcr;
	struct ike_err err;
	char a[32], b[32];
	unsigned int i;

	if (!ici || !icr) {
		snprintf(why, len, "tunnel mode without IDci and IDcr");
		return -1;
	}
	if (ike_id_parse(ici, &idci, &err) || ike_id_parse(icr, &idcr, &err)) {
		snprintf(why, len, "%s", err.msg);
		return -1;
	}
	if (id_net(&idci, &ci) || id_net(&idcr, &cr)) {
		snprintf(why, len, "IDs of types %u/%u; tunnel mode needs IPv4 addresses or subnets",
			 idci.type, idcr.type);
		return -1;
	}
	memcpy(given.addr, cfg->addr, 4);
	given.prefix = 32;
	if (ci.prefix != 32 || memcmp(ci.addr, cfg->addr, 4)) {
		net_str(&ci, a, sizeof(a));
		net_str(&given, b, sizeof(b));
		snprintf(why, len, "IDci %s is not the address the client was given (%s)",
			 a, b);
		return -1;
	}
	/*
	 * Everything (0.0.0.0/0) is accepted with split networks too: vpnc
	 * always asks for it and routes only the split networks into the
	 * tunnel, as the list it was given tells it.
	 */
	for (i = 0; i < cfg->n_split; i++)
		if (net_within(&cr, &cfg->split[i]))
			break;
	if (cfg->n_split && i == cfg->n_split && cr.prefix != 0) {
		net_str(&cr, a, sizeof(a));
		snprintf(why, len, "IDcr %s is outside the group's split-tunnel networks",
			 a);
		return -1;
	}
	if (idci.proto != idcr.proto) {
		snprintf(why, len, "IDs for protocols %u/%u", idci.proto,
			 idcr.proto);
		return -1;
	}
	qm->ts_proto = idci.proto;
	qm->ts_lport = idcr.port;
	qm->ts_rport = idci.port;
	qm->ts_local = cr;
	qm->ts_remote = ci;
	return 0;
}

static void read_natoa(struct ike_ctx *ctx, struct ike_sa *sa,
		       struct ike_qm *qm, const struct ike_chain *c)
{
	const struct ike_payload *pl;
	unsigned int from = 0, n = 0;
	struct ike_err err;
	struct ike_addr a;

	if (!sa->natt)
		return;
	while ((pl = ike_chain_find(c, ike_natoa_type(sa->natt), &from))) {
		memset(&a, 0, sizeof(a));
		if (ike_natoa_parse(pl, &a.family, a.ip, &err)) {
			ike_log(ctx, IKE_LOG_DEBUG, "IKE Quick Mode: ignoring %s",
				err.msg);
			continue;
		}
		/* NAT-OAi (the client's own address), then NAT-OAr. */
		if (n == 0)
			qm->oa_peer = a;
		else if (n == 1)
			qm->oa_local = a;
		n++;
	}
}

static void add_lifetime_notify(struct ike_buf *b, const struct ike_qm *qm,
				bool secs, bool kb)
{
	size_t s = ike_pl_start(b, ISAKMP_NP_N);

	ike_put32(b, ISAKMP_DOI_IPSEC);
	ike_put8(b, ISAKMP_PROTO_ESP);
	ike_put8(b, 4);
	ike_put16(b, ISAKMP_N_RESPONDER_LIFETIME);
	ike_put32(b, qm->spi_in);
	if (secs) {
		ike_put_attr(b, P2_LIFE_TYPE, LIFE_SECONDS);
		ike_put_attr(b, P2_LIFE_DUR, qm->life_s);
	}
	if (kb) {
		ike_put_attr(b, P2_LIFE_TYPE, LIFE_KB);
		ike_put_attr(b, P2_LIFE_DUR, qm->life_kb);
	}
	ike_pl_end(b, s);
}

static void add_natoa(struct ike_buf *b, uint8_t type,
		      const struct ike_addr *a)
{
	size_t s = ike_pl_start(b, type);
	bool v6 = a->family == AF_INET6;

	ike_put8(b, v6 ? ISAKMP_ID_IPV6 : ISAKMP_ID_IPV4);
	ike_put8(b, 0);
	ike_put16(b, 0);
	ike_put(b, a->ip, v6 ? 16 : 4);
	ike_pl_end(b, s);
}

/* Lifetimes: the client's, unless longer than ours (then we say so). */
static void choose_life(const struct ike_config *cfg, struct ike_qm *qm,
			const struct ike_p2_choice *ch, bool *n_secs,
			bool *n_kb)
{
	qm->life_s = ch->life_s ? ch->life_s : 28800;	/* RFC 2407 4.5 */
	*n_secs = false;
	if (cfg->p2_lifetime_s && qm->life_s > cfg->p2_lifetime_s) {
		qm->life_s = cfg->p2_lifetime_s;
		*n_secs = true;
	}
	qm->life_kb = ch->life_kb;
	*n_kb = false;
	if (cfg->p2_lifetime_kb &&
	    (!qm->life_kb || qm->life_kb > cfg->p2_lifetime_kb)) {
		qm->life_kb = cfg->p2_lifetime_kb;
		*n_kb = true;
	}
}

static int build_qm2(struct ike_ctx *ctx, struct ike_sa *sa,
		     struct ike_qm *qm, const struct ike_p2_choice *ch,
		     const struct ike_payload *ici,
		     const struct ike_payload *icr, const uint8_t *ke,
		     size_t ke_len, bool n_secs, bool n_kb, struct ike_buf *b)
{
	uint8_t hash[IKE_MAX_HASH];
	struct isakmp_hdr h;
	struct ike_iov tail[2];
	size_t hs, rest, s, p;

	ike_hdr_for(sa, ISAKMP_EXCH_QUICK, qm->msgid, &h);
	ike_msg_start(b, &h);
	hs = ike_pl_start(b, ISAKMP_NP_HASH);
	ike_put(b, hash, sa->keys.prf_len);	/* placeholder */
	ike_pl_end(b, hs);
	rest = b->len;
	s = ike_pl_start(b, ISAKMP_NP_SA);
	ike_put32(b, ISAKMP_DOI_IPSEC);
	ike_put32(b, ISAKMP_SIT_IDENTITY);
	p = b->len;
	ike_put8(b, ISAKMP_NP_NONE);
	ike_put8(b, 0);
	ike_put16(b, 12 + ch->t->raw_len);
	ike_put8(b, ch->pr->num);
	ike_put8(b, ISAKMP_PROTO_ESP);
	ike_put8(b, 4);
	ike_put8(b, 1);
	ike_put32(b, qm->spi_in);
	ike_put(b, ch->t->raw, ch->t->raw_len);
	if (!b->err)
		b->p[p + 12] = ISAKMP_NP_NONE;
	ike_pl_end(b, s);
	ike_pl_add(b, ISAKMP_NP_NONCE, qm->nr, IKE_NONCE_LEN);
	if (ke)
		ike_pl_add(b, ISAKMP_NP_KE, ke, ke_len);
	if (ici) {
		ike_pl_add(b, ISAKMP_NP_ID, ici->body, ici->len);
		ike_pl_add(b, ISAKMP_NP_ID, icr->body, icr->len);
	}
	if (n_secs || n_kb)
		add_lifetime_notify(b, qm, n_secs, n_kb);
	/*
	 * RFC 3947 5.2: in transport mode both ends send the original
	 * addresses, initiator's first; the drafts send only the sender's.
	 * Tunnel mode needs none: the inner header carries them.
	 */
	if (ike_mode_udp(qm->mode) && !ike_mode_tunnel(qm->mode)) {
		uint8_t t = ike_natoa_type(sa->natt);

		if (sa->natt == IKE_NATT_RFC)
			add_natoa(b, t, &sa->remote);
		add_natoa(b, t, &sa->local);
	}
	if (b->err)
		return -1;
	tail[0] = (struct ike_iov){ qm->ni, qm->ni_len };
	tail[1] = (struct ike_iov){ b->p + rest, b->len - rest };
	if (ike_hash_qm(sa, qm->msgid, false, tail, 2, hash))
		return -1;
	memcpy(b->p + hs + ISAKMP_GEN_LEN, hash, sa->keys.prf_len);
	(void)ctx;
	return ike_encrypt(sa, qm->iv, b);
}

static void qm1(struct ike_ctx *ctx, struct ike_sa *sa,
		const struct isakmp_hdr *h, const uint8_t *buf, size_t len)
{
	const struct ike_payload *sap, *no, *ke, *ici = NULL, *icr = NULL;
	struct ike_p2_need need = {
		.natt = sa->natt != IKE_NATT_NONE,
		.nat = sa->nat_local || sa->nat_peer,
		.tunnel = ike_ra_on(sa),
		.pfs = ike_ra_on(sa) && sa->ra->cfg.pfs,
	};
	uint8_t *plain = NULL;
	struct ike_p2_choice ch;
	struct ike_sa_pl sapl;
	struct ike_dh *dh = NULL;
	struct ike_chain c;
	struct ike_err err;
	struct ike_qm *qm;
	struct ike_buf b;
	unsigned int from = 0;
	bool n_secs, n_kb;
	char why[1024];

	if (ike_ra_on(sa) && !ike_ra_ready(sa)) {
		qm_fail(ctx, sa, h->msgid, sa->ra->xa != IKE_XA_NONE && sa->ra->xa != IKE_XA_OK ?
			"before XAUTH succeeded" : "before Mode-Config gave the client its address");
		return;
	}
	if (sa->n_qm == IKE_MAX_QM) {
		qm_fail(ctx, sa, h->msgid, "too many Quick Modes in progress");
		return;
	}
	if (!sa->qm_done)
		sa->qm_done = calloc(IKE_MAX_QM, sizeof(*sa->qm_done));
	if (!sa->qm && sa->qm_done)
		sa->qm = calloc(IKE_MAX_QM, sizeof(*sa->qm));
	if (!sa->qm) {
		qm_done_trim(sa);
		qm_fail(ctx, sa, h->msgid, "out of memory");
		return;
	}
	qm = &sa->qm[sa->n_qm];
	memset(qm, 0, sizeof(*qm));
	qm->msgid = h->msgid;
	ike_buf_init(&b);
	if (ike_iv_phase2(sa->prop.hash, sa->iv, sa->blk, h->msgid, qm->iv) ||
	    ike_decrypt(sa, qm->iv, buf, len, &plain)) {
		qm_fail(ctx, sa, h->msgid, "cannot decrypt message 1");
		goto out;
	}
	if (ike_chain_parse(h->np, plain, len - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN,
			    true, &c, &err)) {
		qm_fail(ctx, sa, h->msgid, err.msg);
		goto out;
	}
	if (ike_check_hash1(ctx, sa, h->msgid, &c, plain,
			    len - ISAKMP_HDR_LEN))
		goto out;
	ike_p1_peer_done(sa);
	sap = ike_chain_find(&c, ISAKMP_NP_SA, NULL);
	no = ike_chain_find(&c, ISAKMP_NP_NONCE, NULL);
	ke = ike_chain_find(&c, ISAKMP_NP_KE, NULL);
	ici = ike_chain_find(&c, ISAKMP_NP_ID, &from);
	if (ici)
		icr = ike_chain_find(&c, ISAKMP_NP_ID, &from);
	if (!sap || !no) {
		qm_fail(ctx, sa, h->msgid, "message 1 lacks the SA or nonce payload");
		goto out;
	}
	if (no->len < IKE_MIN_NONCE || no->len > IKE_MAX_NONCE) {
		qm_fail(ctx, sa, h->msgid, "nonce length out of 8..256");
		goto out;
	}
	if (ike_sa_parse(sap, &sapl, &err)) {
		qm_fail(ctx, sa, h->msgid, err.msg);
		goto out;
	}
	if (ike_p2_choose(&ctx->cfg, &sapl, &need, &ch, why, sizeof(why))) {
		uint8_t n[12] = { 0, 0, 0, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ESP, 4,
				  0, ISAKMP_N_NO_PROPOSAL_CHOSEN };

		qm_fail(ctx, sa, h->msgid, why);
		if (sapl.n_prop && sapl.prop[0].spi_size == 4)
			memcpy(n + 8, sapl.prop[0].spi, 4);
		ike_send_info(ctx, sa, ISAKMP_NP_N, n, sizeof(n));
		goto out;
	}
	if (ike_mode_tunnel(ch.mode) ?
	    check_tunnel_ids(sa, qm, ici, icr, why, sizeof(why)) :
	    check_ids(qm, ici, icr, why, sizeof(why))) {
		uint8_t n[12] = { 0, 0, 0, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ESP, 4,
				  0, ISAKMP_N_INVALID_ID_INFORMATION };

		qm_fail(ctx, sa, h->msgid, why);
		/* The Mode-Config clients show it; L2TP clients never got one. */
		if (ike_mode_tunnel(ch.mode)) {
			memcpy(n + 8, ch.pr->spi, 4);
			ike_send_info(ctx, sa, ISAKMP_NP_N, n, sizeof(n));
		}
		goto out;
	}
	if (!ch.pfs != !ke) {
		qm_fail(ctx, sa, h->msgid, ke ? "KE payload without a PFS group in the chosen transform" :
			"PFS group proposed but no KE payload");
		goto out;
	}
	if (ke) {
		dh = ike_dh_new(ch.pfs);
		if (!dh || ke->len != ike_dh_len(ch.pfs) ||
		    ike_dh_derive(dh, ke->body, ke->len, qm->gxy,
				  &qm->gxy_len)) {
			qm_fail(ctx, sa, h->msgid, "PFS Diffie-Hellman failed (bad KE payload?)");
			goto out;
		}
	}
	qm->prop = ch.prop;
	qm->mode = ch.mode;
	qm->pfs = ch.pfs;
	qm->spi_out = ike_get32(ch.pr->spi);
	memcpy(qm->ni, no->body, no->len);
	qm->ni_len = no->len;
	read_natoa(ctx, sa, qm, &c);
	choose_life(&ctx->cfg, qm, &ch, &n_secs, &n_kb);
	if (new_spi(ctx, &qm->spi_in) || ike_random(qm->nr, IKE_NONCE_LEN)) {
		qm_fail(ctx, sa, h->msgid, "no SPI or nonce available");
		goto out;
	}
	if (build_qm2(ctx, sa, qm, &ch, ici, icr, dh ? ike_dh_pub(dh) : NULL,
		      dh ? ike_dh_len(ch.pfs) : 0, n_secs, n_kb, &b))
		goto out;
	ike_peer_follow(ctx, sa);
	ike_msgcopy_set(&qm->rx, buf, len);
	ike_msgcopy_set(&qm->tx, b.p, b.len);
	qm->expire_at = ctx->now + (uint64_t)ctx->cfg.half_open_s * 1000;
	if (ctx->cfg.retransmit_ms)
		qm->resend_at = ctx->now + ctx->cfg.retransmit_ms;
	ike_qm_link(ctx, qm);
	sa->n_qm++;
	ike_send(ctx, &sa->local, &sa->remote, b.p, b.len);
	qm = NULL;
out:
	if (qm)
		ike_wipe(qm, sizeof(*qm));
	if (!sa->n_qm) {
		free(sa->qm);
		sa->qm = NULL;
		qm_done_trim(sa);
	}
	ike_dh_free(dh);
	ike_buf_free(&b);
	if (plain)
		ike_wipe(plain, len - ISAKMP_HDR_LEN);
	free(plain);
}

static int keymat(const struct ike_sa *sa, const struct ike_qm *qm,
		  uint32_t spi, uint8_t *enc, size_t enc_len, uint8_t *auth,
		  size_t auth_len)
{
	uint8_t km[IKE_MAX_KEY + IKE_MAX_HASH], s[4];
	int r;

	ike_set32(s, spi);
	r = ike_keymat(sa->prop.hash, &sa->keys, qm->pfs ? qm->gxy : NULL,
		       qm->gxy_len, ISAKMP_PROTO_ESP, s, qm->ni, qm->ni_len,
		       qm->nr, IKE_NONCE_LEN, km, enc_len + auth_len);
	memcpy(enc, km, enc_len);
	memcpy(auth, km + enc_len, auth_len);
	ike_wipe(km, sizeof(km));
	return r;
}

static void install(struct ike_ctx *ctx, struct ike_sa *sa, struct ike_qm *qm)
{
	struct ike_esp_sa esp;
	char name[IKE_NAME_LEN], peer[64];

	memset(&esp, 0, sizeof(esp));
	esp.spi_in = qm->spi_in;
	esp.spi_out = qm->spi_out;
	esp.local = sa->local;
	esp.remote = sa->remote;
	esp.enc = qm->prop.enc;
	esp.enc_key_len = ike_esp_enc_key_len(&qm->prop);
	esp.auth = qm->prop.auth;
	esp.auth_key_len = ike_esp_auth_key_len(qm->prop.auth);
	esp.auth_trunc_bits = ike_esp_auth_trunc(qm->prop.auth);
	/* Inbound keys use our SPI, outbound the peer's (RFC 2409 5.5). */
	if (keymat(sa, qm, qm->spi_in, esp.enc_key_in, esp.enc_key_len,
		   esp.auth_key_in, esp.auth_key_len) ||
	    keymat(sa, qm, qm->spi_out, esp.enc_key_out, esp.enc_key_len,
		   esp.auth_key_out, esp.auth_key_len)) {
		qm_fail(ctx, sa, qm->msgid, "KEYMAT derivation failed");
		ike_wipe(&esp, sizeof(esp));
		return;
	}
	esp.transport = !ike_mode_tunnel(qm->mode);
	esp.encap = ike_mode_udp(qm->mode);
	if (esp.encap) {
		esp.encap_sport = sa->local.port;
		esp.encap_dport = sa->remote.port;
	}
	esp.ts_proto = qm->ts_proto;
	esp.ts_lport = qm->ts_lport;
	esp.ts_rport = qm->ts_rport;
	esp.ts_local = qm->ts_local;
	esp.ts_remote = qm->ts_remote;
	esp.ike_sa_id = sa->serial;
	esp.nat_oa_peer = qm->oa_peer;
	esp.nat_oa_local = qm->oa_local;
	esp.lifetime_s = qm->life_s;
	esp.lifetime_kb = qm->life_kb;
	ike_child_add(ctx, sa, &esp);

	ike_p2_prop_name(&qm->prop, name, sizeof(name));
	ike_addr_str(&sa->remote, true, peer, sizeof(peer));
	if (!esp.transport) {
		char l[32], r[32];

		net_str(&qm->ts_local, l, sizeof(l));
		net_str(&qm->ts_remote, r, sizeof(r));
		ike_log(ctx, IKE_LOG_INFO,
			"IPsec SA with %s established: ESP %s%s%s, tunnel%s %s <-> %s, SPIs in %08x out %08x, lifetime %u s",
			peer, name, qm->pfs ? " PFS " : "",
			qm->pfs ? ike_group_name(qm->pfs) : "",
			esp.encap ? " (UDP-encapsulated)" : "", l, r,
			qm->spi_in, qm->spi_out, qm->life_s);
		ike_wipe(&esp, sizeof(esp));
		return;
	}
	ike_log(ctx, IKE_LOG_INFO,
		"IPsec SA with %s established: ESP %s%s%s, transport%s, SPIs in %08x out %08x, UDP %u/%u, lifetime %u s",
		peer, name, qm->pfs ? " PFS " : "",
		qm->pfs ? ike_group_name(qm->pfs) : "",
		esp.encap ? " (UDP-encapsulated)" : "", qm->spi_in,
		qm->spi_out, qm->ts_lport, qm->ts_rport, qm->life_s);
	ike_wipe(&esp, sizeof(esp));
}

static void qm3(struct ike_ctx *ctx, struct ike_sa *sa, struct ike_qm *qm,
		const struct isakmp_hdr *h, const uint8_t *buf, size_t len)
{
	uint8_t iv[IKE_MAX_BLOCK], want[IKE_MAX_HASH], *plain = NULL;
	struct ike_iov tail[2];
	struct ike_chain c;
	struct ike_err err;

	memcpy(iv, qm->iv, sa->blk);
	if (ike_decrypt(sa, iv, buf, len, &plain) ||
	    ike_chain_parse(h->np, plain, len - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN,
			    true, &c, &err) ||
	    c.pl[0].type != ISAKMP_NP_HASH ||
	    c.pl[0].len != sa->keys.prf_len) {
		qm_fail(ctx, sa, qm->msgid, "message 3 is not a HASH(3)");
		goto out;
	}
	tail[0] = (struct ike_iov){ qm->ni, qm->ni_len };
	tail[1] = (struct ike_iov){ qm->nr, IKE_NONCE_LEN };
	if (ike_hash_qm(sa, qm->msgid, true, tail, 2, want) ||
	    memcmp(want, c.pl[0].body, sa->keys.prf_len)) {
		qm_fail(ctx, sa, qm->msgid, "HASH(3) mismatch");
		goto out;
	}
	install(ctx, sa, qm);
	/* until it would have expired in flight, as its slot was kept */
	qm_done_add(sa, qm->msgid, qm->expire_at);
	qm_remove(ctx, sa, qm - sa->qm);
out:
	if (plain)
		ike_wipe(plain, len - ISAKMP_HDR_LEN);
	free(plain);
}

void ike_quick_input(struct ike_ctx *ctx, struct ike_sa *sa,
		     const struct isakmp_hdr *h, const uint8_t *buf,
		     size_t len)
{
	struct ike_qm *qm;

	if (!h->msgid || !(h->flags & ISAKMP_FLAG_ENC)) {
		qm_fail(ctx, sa, h->msgid, "message ID 0 or not encrypted");
		return;
	}
	/* A finished exchange repeated (QM1 or QM3): dropped, as before. */
	if (qm_done_find(sa, h->msgid))
		return;
	qm = qm_find(sa, h->msgid);
	if (!qm) {
		qm1(ctx, sa, h, buf, len);
		return;
	}
	/* QM1 again: QM2 was lost, send it again */
	if (qm->rx.len == len && !memcmp(qm->rx.buf, buf, len)) {
		if (qm->tx.len)
			ike_send(ctx, &sa->local, &sa->remote, qm->tx.buf,
				 qm->tx.len);
		return;
	}
	qm3(ctx, sa, qm, h, buf, len);
}

bool ike_quick_msgid_in_use(const struct ike_sa *sa, uint32_t msgid)
{
	return qm_find(sa, msgid) || qm_done_find(sa, msgid);
}

uint64_t ike_quick_deadline(const struct ike_sa *sa)
{
	uint64_t d = 0;
	unsigned int i;

	for (i = 0; i < sa->n_qm; i++) {
		d = ike_earlier(d, sa->qm[i].resend_at);
		d = ike_earlier(d, sa->qm[i].expire_at);
	}
	for (i = 0; sa->qm_done && i < IKE_MAX_QM; i++)
		if (sa->qm_done[i].msgid)
			d = ike_earlier(d, sa->qm_done[i].expire_at);
	return d;
}

void ike_quick_timer(struct ike_ctx *ctx, struct ike_sa *sa)
{
	unsigned int i = 0;

	while (i < sa->n_qm) {
		struct ike_qm *qm = &sa->qm[i];

		if (qm->expire_at && qm->expire_at <= ctx->now) {
			qm_fail(ctx, sa, qm->msgid, "no message 3 (HASH(3)) from the client");
			qm_remove(ctx, sa, i);
			continue;
		}
		if (qm->resend_at && qm->resend_at <= ctx->now) {
			if (qm->tries >= ctx->cfg.retransmit_tries) {
				qm->resend_at = 0;
			} else {
				qm->tries++;
				ike_send(ctx, &sa->local, &sa->remote,
					 qm->tx.buf, qm->tx.len);
				qm->resend_at = ctx->now +
					((uint64_t)ctx->cfg.retransmit_ms << qm->tries);
			}
		}
		i++;
	}
	for (i = 0; sa->qm_done && i < IKE_MAX_QM; i++)
		if (sa->qm_done[i].msgid &&
		    sa->qm_done[i].expire_at <= ctx->now)
			sa->qm_done[i].msgid = 0;
	qm_done_trim(sa);
}
