// SPDX-License-Identifier: GPL-2.0
/*
 * A scripted IKEv1 initiator for the responder tests, built from the same
 * codec as the responder:
 *
 *   client 192.168.1.10 --- hotel NAT 203.0.113.5 --- 198.51.100.1 roamd
 *   (the NAT maps 500 -> 40000 and 4500 -> 40001; without NAT the client
 *    is 198.51.100.7)
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "test.h"
#include "test_ike_peer.h"

static const char *psk_good = "correct horse";

struct ike_ctx *new_ctx(const struct ike_config *over)
{
	static struct ike_psk psk[2];
	struct ike_config cfg;

	ike_config_default(&cfg);
	psk[0] = (struct ike_psk){ .any = true,
				   .key = (const uint8_t *)psk_good,
				   .key_len = strlen(psk_good) };
	cfg.psk = psk;
	cfg.n_psk = 1;
	if (over) {
		cfg = *over;
		if (!cfg.n_psk) {
			cfg.psk = psk;
			cfg.n_psk = 1;
		}
	}
	return ike_new(&cfg);
}

void ini_init(struct ini *in, struct ike_ctx *ctx, bool nat)
{
	memset(in, 0, sizeof(*in));
	in->ctx = ctx;
	in->now = 1000000;
	in->srv = T_ADDR(198, 51, 100, 1, 500);
	in->srv4500 = T_ADDR(198, 51, 100, 1, 4500);
	if (nat) {
		in->own = T_ADDR(192, 168, 1, 10, 500);
		in->seen = T_ADDR(203, 0, 113, 5, 40000);
		in->seen4500 = T_ADDR(203, 0, 113, 5, 40001);
	} else {
		in->own = T_ADDR(198, 51, 100, 7, 500);
		in->seen = in->own;
		in->seen4500 = T_ADDR(198, 51, 100, 7, 4500);
	}
	in->psk = psk_good;
	ike_random(in->s.cky_i, 8);
	ike_actions_init(&in->act);
}

void ini_fini(struct ini *in)
{
	ike_dh_free(in->dh);
	ike_actions_clear(&in->act);
	ike_msgcopy_free(&in->qm1_sent);
	ike_msgcopy_free(&in->qm3_sent);
	ike_free(in->ctx);
}

/* Hand a datagram to the responder; returns its first reply or NULL. */
struct ike_action *deliver(struct ini *in, const uint8_t *buf,
			   size_t len)
{
	size_t i;

	ike_actions_clear(&in->act);
	if (in->floated)
		ike_input(in->ctx, in->now, &in->srv4500, &in->seen4500, buf,
			  len, &in->act);
	else
		ike_input(in->ctx, in->now, &in->srv, &in->seen, buf, len,
			  &in->act);
	/* IKE_TEST_VERBOSE=1 shows what the responder logs. */
	for (i = 0; getenv("IKE_TEST_VERBOSE") && i < in->act.n; i++)
		if (in->act.v[i].type == IKE_ACT_LOG)
			fprintf(stderr, "  log: %s\n", in->act.v[i].log.text);
	for (i = 0; i < in->act.n; i++)
		if (in->act.v[i].type == IKE_ACT_SEND)
			return &in->act.v[i];
	return NULL;
}

struct ike_action *find_act(struct ike_actions *a,
			    enum ike_action_type t, size_t nth)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->v[i].type == t && !nth--)
			return &a->v[i];
	return NULL;
}

const char *find_log(struct ike_actions *a, const char *frag)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->v[i].type == IKE_ACT_LOG && strstr(a->v[i].log.text, frag))
			return a->v[i].log.text;
	return NULL;
}

static void put_p1_transform(struct ike_buf *b, unsigned int num, bool last,
			     const struct t1 *t, uint16_t auth)
{
	size_t s = b->len;

	ike_put8(b, last ? 0 : ISAKMP_NP_T);
	ike_put8(b, 0);
	ike_put16(b, 0);
	ike_put8(b, num);
	ike_put8(b, 1);			/* KEY_IKE */
	ike_put16(b, 0);
	ike_put_attr(b, 1, t->enc);
	if (t->bits)
		ike_put_attr(b, 14, t->bits);
	ike_put_attr(b, 2, t->hash);
	ike_put_attr(b, 3, auth ? auth : 1);	/* pre-shared key */
	ike_put_attr(b, 4, t->group);
	ike_put_attr(b, 11, 1);
	ike_put_attr(b, 12, t->life ? t->life : 28800);
	ike_set16(b->p + s + 2, b->len - s);
}

/* The initiator's SA payload, remembered as SAi_b for the hashes. */
static void put_sa_i(struct ini *in, struct ike_buf *b, const struct t1 *t,
		     unsigned int n)
{
	size_t s, p;
	unsigned int i;

	s = ike_pl_start(b, ISAKMP_NP_SA);
	ike_put32(b, 1);
	ike_put32(b, 1);
	p = b->len;
	ike_put32(b, 0);
	ike_put8(b, 1);
	ike_put8(b, 1);
	ike_put8(b, 0);
	ike_put8(b, n);
	for (i = 0; i < n; i++)
		put_p1_transform(b, i + 1, i == n - 1, &t[i], in->p1_auth);
	ike_set16(b->p + p + 2, b->len - p);
	ike_pl_end(b, s);
	in->sai_len = b->len - s - 4;
	memcpy(in->sai, b->p + s + 4, in->sai_len);
}

/* MM1; returns the index of the transform the responder picked, or -1. */
int mm1(struct ini *in, const struct t1 *t, unsigned int n,
	bool natt, bool dpd)
{
	static const uint8_t ms_nt5[20] = {
		0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d, 0x7c, 0x96,
		0xfc, 0xbf, 0xb5, 0x87, 0xe4, 0x61, 0, 0, 0, 9 };
	const struct ike_payload *sa;
	struct isakmp_hdr h = { .exch = ISAKMP_EXCH_MAIN };
	struct ike_action *r;
	struct ike_sa_pl sap;
	struct ike_chain c;
	struct ike_buf b;
	size_t len;
	const uint8_t *v;
	int pick = -1;

	memcpy(h.cky_i, in->s.cky_i, 8);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	put_sa_i(in, &b, t, n);
	if (natt) {
		v = ike_vid_natt(IKE_NATT_RFC, &len);
		ike_pl_add(&b, ISAKMP_NP_VID, v, len);
		v = ike_vid_natt(IKE_NATT_DRAFT_02N, &len);
		ike_pl_add(&b, ISAKMP_NP_VID, v, len);
	}
	if (dpd) {
		v = ike_vid_dpd(&len);
		ike_pl_add(&b, ISAKMP_NP_VID, v, len);
	}
	ike_pl_add(&b, ISAKMP_NP_VID, ms_nt5, sizeof(ms_nt5));
	ike_msg_finish(&b);
	r = deliver(in, b.p, b.len);
	ike_buf_free(&b);
	if (!r)
		return -1;
	if (isakmp_hdr_parse(r->send.buf, r->send.len, &h, NULL) ||
	    ike_chain_parse(h.np, r->send.buf + 28, r->send.len - 28, 28,
			    false, &c, NULL))
		return -1;
	sa = ike_chain_find(&c, ISAKMP_NP_SA, NULL);
	if (!sa || ike_sa_parse(sa, &sap, NULL) || sap.n_tr != 1)
		return -1;
	memcpy(in->s.cky_r, h.cky_r, 8);
	pick = sap.tr[0].num - 1;
	if (pick < 0 || (unsigned int)pick >= n)
		return -1;
	in->s.prop = (struct ike_p1_prop){ t[pick].enc, t[pick].bits,
					   t[pick].hash, t[pick].group };
	in->s.blk = ike_cipher_block(t[pick].enc);
	in->s.natt = natt ? IKE_NATT_RFC : IKE_NATT_NONE;
	if (natt && !ike_chain_find(&c, ISAKMP_NP_VID, NULL))
		return -1;
	return pick;
}

size_t key_len(const struct ike_p1_prop *p)
{
	return p->enc == IKE_ENC_AES_CBC ? p->key_bits / 8u :
	       p->enc == IKE_ENC_3DES ? 24 : 8;
}

/* MM3/MM4: returns 0 and sets *peer_nat from the responder's NAT-D. */
int mm3(struct ini *in, bool *peer_nat)
{
	uint8_t h1[IKE_MAX_HASH], h2[IKE_MAX_HASH], gxy[IKE_MAX_DH];
	struct isakmp_hdr h = { .exch = ISAKMP_EXCH_MAIN };
	const struct ike_payload *ke, *no, *nd;
	enum ike_hash hh = in->s.prop.hash;
	size_t hl = ike_hash_len(hh), gl;
	struct ike_action *r;
	unsigned int from = 0;
	struct ike_chain c;
	struct ike_buf b;

	in->dh = ike_dh_new(in->s.prop.group);
	if (!in->dh)
		return -1;
	in->gx_len = ike_dh_len(in->s.prop.group);
	memcpy(in->gxi, ike_dh_pub(in->dh), in->gx_len);
	ike_random(in->ni, sizeof(in->ni));
	memcpy(h.cky_i, in->s.cky_i, 8);
	memcpy(h.cky_r, in->s.cky_r, 8);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	ike_pl_add(&b, ISAKMP_NP_KE, in->gxi, in->gx_len);
	ike_pl_add(&b, ISAKMP_NP_NONCE, in->ni, sizeof(in->ni));
	if (in->s.natt) {
		/* The server as we address it, then ourselves as we know us. */
		ike_natd_hash(hh, in->s.cky_i, in->s.cky_r, &in->srv, h1);
		ike_natd_hash(hh, in->s.cky_i, in->s.cky_r, &in->own, h2);
		ike_pl_add(&b, ISAKMP_NP_NATD, h1, hl);
		ike_pl_add(&b, ISAKMP_NP_NATD, h2, hl);
	}
	ike_msg_finish(&b);
	r = deliver(in, b.p, b.len);
	ike_buf_free(&b);
	if (!r || isakmp_hdr_parse(r->send.buf, r->send.len, &h, NULL) ||
	    ike_chain_parse(h.np, r->send.buf + 28, r->send.len - 28, 28,
			    false, &c, NULL))
		return -1;
	ke = ike_chain_find(&c, ISAKMP_NP_KE, NULL);
	no = ike_chain_find(&c, ISAKMP_NP_NONCE, NULL);
	if (!ke || !no || ke->len != in->gx_len)
		return -1;
	memcpy(in->gxr, ke->body, in->gx_len);
	memcpy(in->nr, no->body, no->len);
	in->nr_len = no->len;
	*peer_nat = false;
	if (in->s.natt) {
		/* First NAT-D: us as the server sees us. */
		nd = ike_chain_find(&c, ISAKMP_NP_NATD, &from);
		ike_natd_hash(hh, in->s.cky_i, in->s.cky_r, &in->own, h1);
		if (!nd || nd->len != hl)
			return -1;
		*peer_nat = memcmp(nd->body, h1, hl) != 0;
		if (!ike_chain_find(&c, ISAKMP_NP_NATD, &from))
			return -1;
	}
	if (ike_dh_derive(in->dh, in->gxr, in->gx_len, gxy, &gl) ||
	    ike_p1_derive(hh, (const uint8_t *)in->psk, strlen(in->psk),
			  in->ni, sizeof(in->ni), in->nr, in->nr_len, gxy, gl,
			  in->s.cky_i, in->s.cky_r, key_len(&in->s.prop),
			  &in->s.keys, in->skeyid) ||
	    ike_iv_phase1(hh, in->gxi, in->gxr, in->gx_len, in->s.blk,
			  in->s.iv))
		return -1;
	return 0;
}

/* MM5/MM6: 0 when the responder's HASH_R checks out. */
int mm5(struct ini *in, bool initial_contact)
{
	uint8_t id[8] = { ISAKMP_ID_IPV4, 17, 0x01, 0xf4 };
	uint8_t hash[IKE_MAX_HASH], *plain = NULL;
	struct isakmp_hdr h = { .exch = ISAKMP_EXCH_MAIN };
	const struct ike_payload *idr, *hr;
	struct ike_action *r;
	struct ike_chain c;
	struct ike_buf b;
	int ret = -1;

	memcpy(id + 4, in->own.ip, 4);
	ike_hash_auth(in->s.prop.hash, in->skeyid, in->s.keys.prf_len,
		      in->gxi, in->gxr,
		      in->gx_len, in->s.cky_i, in->s.cky_r, in->sai,
		      in->sai_len, id, sizeof(id), hash);
	memcpy(h.cky_i, in->s.cky_i, 8);
	memcpy(h.cky_r, in->s.cky_r, 8);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	ike_pl_add(&b, ISAKMP_NP_ID, id, sizeof(id));
	ike_pl_add(&b, ISAKMP_NP_HASH, hash, in->s.keys.prf_len);
	if (initial_contact) {
		uint8_t n[24] = { 0, 0, 0, 1, 1, 16, 0x60, 0x02 };

		memcpy(n + 8, in->s.cky_i, 8);
		memcpy(n + 16, in->s.cky_r, 8);
		ike_pl_add(&b, ISAKMP_NP_N, n, sizeof(n));
	}
	if (ike_encrypt(&in->s, in->s.iv, &b))
		goto out;
	if (in->s.natt && memcmp(&in->own, &in->seen, sizeof(in->own)))
		in->floated = true;	/* RFC 3947 4: move to 4500 */
	r = deliver(in, b.p, b.len);
	if (!r || ike_decrypt(&in->s, in->s.iv, r->send.buf, r->send.len,
			      &plain) ||
	    ike_chain_parse(r->send.buf[16], plain, r->send.len - 28, 28, true,
			    &c, NULL))
		goto out;
	idr = ike_chain_find(&c, ISAKMP_NP_ID, NULL);
	hr = ike_chain_find(&c, ISAKMP_NP_HASH, NULL);
	if (!idr || !hr)
		goto out;
	ike_hash_auth(in->s.prop.hash, in->skeyid, in->s.keys.prf_len,
		      in->gxr, in->gxi,
		      in->gx_len, in->s.cky_r, in->s.cky_i, in->sai,
		      in->sai_len, idr->body, idr->len, hash);
	if (hr->len == in->s.keys.prf_len && !memcmp(hash, hr->body, hr->len))
		ret = 0;
	in->s.state = IKE_P1_ESTABLISHED;	/* lets ike_send_info encrypt */
out:
	free(plain);
	ike_buf_free(&b);
	return ret;
}

const struct t1 win_offer[] = {
	{ IKE_ENC_AES_CBC, 256, IKE_HASH_SHA1, IKE_GROUP_ECP384, 28800 },
	{ IKE_ENC_AES_CBC, 128, IKE_HASH_SHA1, IKE_GROUP_ECP256, 28800 },
	{ IKE_ENC_AES_CBC, 256, IKE_HASH_SHA1, IKE_GROUP_MODP2048, 28800 },
	{ IKE_ENC_3DES, 0, IKE_HASH_SHA1, IKE_GROUP_MODP1024, 28800 },
};

/* Phase 1 up to established; 0 on success. */
int phase1(struct ini *in, const struct t1 *t, unsigned int n,
	   bool natt, bool ic)
{
	bool peer_nat;

	if (mm1(in, t, n, natt, true) < 0 || mm3(in, &peer_nat) ||
	    mm5(in, ic))
		return -1;
	return 0;
}

static void put_p2_transform(struct ike_buf *b, const struct qm_opts *o)
{
	size_t s = b->len;

	ike_put8(b, 0);
	ike_put8(b, 0);
	ike_put16(b, 0);
	ike_put8(b, 1);
	ike_put8(b, o->enc);
	ike_put16(b, 0);
	ike_put_attr(b, 1, 1);
	ike_put_attr(b, 2, o->life ? o->life : 3600);
	if (o->pfs)
		ike_put_attr(b, 3, o->pfs);
	ike_put_attr(b, 4, o->mode);
	ike_put_attr(b, 5, o->auth);
	if (o->bits)
		ike_put_attr(b, 6, o->bits);
	ike_set16(b->p + s + 2, b->len - s);
}

struct ike_action *qm1(struct ini *in, const struct qm_opts *o)
{
	uint8_t hash[IKE_MAX_HASH], *plain = NULL;
	uint8_t idci[8] = { ISAKMP_ID_IPV4, o->id_proto, o->ci_port >> 8,
			    o->ci_port & 0xff };
	const struct qm_tunnel *tun = in->tun;
	uint8_t idcr[12] = { tun ? ISAKMP_ID_IPV4_SUBNET :
			     ISAKMP_ID_IPV4, o->id_proto, o->cr_port >> 8,
			     o->cr_port & 0xff };
	struct isakmp_hdr h = { .exch = ISAKMP_EXCH_QUICK };
	const struct ike_payload *pl;
	struct ike_iov iov[2];
	struct ike_dh *dh = NULL;
	struct ike_action *r;
	struct ike_sa_pl sap;
	struct ike_chain c;
	struct ike_buf b;
	size_t hs, rest, s, p, k;

	do {
		ike_random(&in->msgid, 4);
	} while (!in->msgid);
	ike_random(&in->spi_i, 4);
	in->spi_i |= 0x1000;
	ike_random(in->qni, sizeof(in->qni));
	memcpy(idci + 4, tun ? tun->ci_addr : in->own.ip, 4);
	memcpy(idcr + 4, tun ? tun->cr_net : in->srv.ip, 4);
	if (tun)
		memcpy(idcr + 8, tun->cr_mask, 4);
	ike_iv_phase2(in->s.prop.hash, in->s.iv, in->s.blk, in->msgid, in->qiv);
	ike_hdr_for(&in->s, ISAKMP_EXCH_QUICK, in->msgid, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	hs = ike_pl_start(&b, ISAKMP_NP_HASH);
	ike_put(&b, hash, in->s.keys.prf_len);
	ike_pl_end(&b, hs);
	rest = b.len;
	s = ike_pl_start(&b, ISAKMP_NP_SA);
	ike_put32(&b, 1);
	ike_put32(&b, 1);
	p = b.len;
	ike_put32(&b, 0);
	ike_put8(&b, 1);
	ike_put8(&b, ISAKMP_PROTO_ESP);
	ike_put8(&b, 4);
	ike_put8(&b, 1);
	ike_put32(&b, in->spi_i);
	put_p2_transform(&b, o);
	ike_set16(b.p + p + 2, b.len - p);
	ike_pl_end(&b, s);
	ike_pl_add(&b, ISAKMP_NP_NONCE, in->qni, sizeof(in->qni));
	if (o->pfs) {
		dh = ike_dh_new(o->pfs);
		ike_pl_add(&b, ISAKMP_NP_KE, ike_dh_pub(dh), ike_dh_len(o->pfs));
	}
	ike_pl_add(&b, ISAKMP_NP_ID, idci, sizeof(idci));
	ike_pl_add(&b, ISAKMP_NP_ID, idcr, tun ? 12 : 8);
	if (in->floated && !tun) {
		uint8_t oa[8] = { ISAKMP_ID_IPV4 };

		memcpy(oa + 4, in->own.ip, 4);
		ike_pl_add(&b, ISAKMP_NP_NATOA, oa, 8);
		memcpy(oa + 4, in->srv.ip, 4);
		ike_pl_add(&b, ISAKMP_NP_NATOA, oa, 8);
	}
	ike_hash_msgid(&in->s, in->msgid, b.p + rest, b.len - rest, hash);
	memcpy(b.p + hs + 4, hash, in->s.keys.prf_len);
	ike_encrypt(&in->s, in->qiv, &b);
	if (in->keep_qm)
		ike_msgcopy_set(&in->qm1_sent, b.p, b.len);
	r = deliver(in, b.p, b.len);
	ike_buf_free(&b);
	if (!r)
		goto fail;
	if (ike_decrypt(&in->s, in->qiv, r->send.buf, r->send.len, &plain) ||
	    ike_chain_parse(r->send.buf[16], plain, r->send.len - 28, 28, true,
			    &c, NULL) || c.pl[0].type != ISAKMP_NP_HASH)
		goto fail;
	if (r->send.buf[18] == ISAKMP_EXCH_INFO)	/* a refusal */
		goto out;
	/* HASH(2) = prf(SKEYID_a, M-ID | Ni_b | rest) */
	k = c.pl[1].off - 28;
	iov[0] = (struct ike_iov){ in->qni, sizeof(in->qni) };
	iov[1] = (struct ike_iov){ plain + k,
		c.pl[c.n - 1].off + 4 + c.pl[c.n - 1].len - 28 - k };
	ike_hash_qm(&in->s, in->msgid, false, iov, 2, hash);
	if (memcmp(hash, c.pl[0].body, in->s.keys.prf_len))
		goto fail;
	pl = ike_chain_find(&c, ISAKMP_NP_SA, NULL);
	if (!pl || ike_sa_parse(pl, &sap, NULL) || sap.prop[0].spi_size != 4)
		goto fail;
	in->spi_r = ike_get32(sap.prop[0].spi);
	pl = ike_chain_find(&c, ISAKMP_NP_NONCE, NULL);
	memcpy(in->qnr, pl->body, pl->len);
	in->qnr_len = pl->len;
	in->qgxy_len = 0;
	in->lifetime_notify = false;
	for (k = 0; k < c.n; k++)
		if (c.pl[k].type == ISAKMP_NP_N && c.pl[k].len >= 8 &&
		    ike_get16(c.pl[k].body + 6) == ISAKMP_N_RESPONDER_LIFETIME)
			in->lifetime_notify = true;
	if (o->pfs) {
		pl = ike_chain_find(&c, ISAKMP_NP_KE, NULL);
		if (!pl || ike_dh_derive(dh, pl->body, pl->len, in->qgxy,
					 &in->qgxy_len))
			goto fail;
	}
out:
	ike_dh_free(dh);
	free(plain);
	return r;
fail:
	ike_dh_free(dh);
	free(plain);
	return NULL;
}

struct ike_action *qm3(struct ini *in)
{
	struct isakmp_hdr h;
	struct ike_iov nonces[2] = { { in->qni, sizeof(in->qni) },
				     { in->qnr, in->qnr_len } };
	uint8_t hash[IKE_MAX_HASH];
	struct ike_buf b;

	ike_hash_qm(&in->s, in->msgid, true, nonces, 2, hash);
	ike_hdr_for(&in->s, ISAKMP_EXCH_QUICK, in->msgid, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	ike_pl_add(&b, ISAKMP_NP_HASH, hash, in->s.keys.prf_len);
	ike_encrypt(&in->s, in->qiv, &b);
	if (in->keep_qm)
		ike_msgcopy_set(&in->qm3_sent, b.p, b.len);
	deliver(in, b.p, b.len);
	ike_buf_free(&b);
	return find_act(&in->act, IKE_ACT_SA_ADD, 0);
}

bool keymat_matches(struct ini *in, const struct ike_esp_sa *sa)
{
	uint8_t km[96], s[4];
	size_t el = sa->enc_key_len, al = sa->auth_key_len;

	ike_set32(s, sa->spi_in);
	ike_keymat(in->s.prop.hash, &in->s.keys,
		   in->qgxy_len ? in->qgxy : NULL, in->qgxy_len, 3, s, in->qni,
		   sizeof(in->qni), in->qnr, in->qnr_len, km, el + al);
	if (memcmp(km, sa->enc_key_in, el) || memcmp(km + el, sa->auth_key_in, al))
		return false;
	ike_set32(s, sa->spi_out);
	ike_keymat(in->s.prop.hash, &in->s.keys,
		   in->qgxy_len ? in->qgxy : NULL, in->qgxy_len, 3, s, in->qni,
		   sizeof(in->qni), in->qnr, in->qnr_len, km, el + al);
	return !memcmp(km, sa->enc_key_out, el) &&
	       !memcmp(km + el, sa->auth_key_out, al);
}


struct ike_event *find_ev(struct ike_actions *a, enum ike_event_type t,
			  size_t nth)
{
	size_t i;

	for (i = 0; i < a->n_ev; i++)
		if (a->ev[i].type == t && !nth--)
			return &a->ev[i];
	return NULL;
}

int am(struct ini *in, const struct t1 *t, unsigned int n, uint8_t id_type,
       const char *id, bool natt, bool enc3)
{
	static const uint8_t unity[16] = {
		0x12, 0xf5, 0xf2, 0x8c, 0x45, 0x71, 0x68, 0xa9,
		0x70, 0x2d, 0x9f, 0xe2, 0x74, 0xcc, 0x01, 0x00 };
	static const uint8_t xauth[8] = {
		0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12 };
	uint8_t idi[4 + 64] = { id_type, 17, 0x01, 0xf4 };
	uint8_t hash[IKE_MAX_HASH], h1[IKE_MAX_HASH], gxy[IKE_MAX_DH];
	struct isakmp_hdr h = { .exch = ISAKMP_EXCH_AGGRESSIVE };
	const struct ike_payload *sa, *ke, *no, *idr, *hr;
	size_t idi_len = 4 + strlen(id), len, gl, hl;
	struct ike_action *r;
	struct ike_sa_pl sap;
	struct ike_chain c;
	struct ike_buf b;
	const uint8_t *v;
	int pick, ret = -1;

	memcpy(idi + 4, id, strlen(id));
	in->dh = ike_dh_new(t[0].group);
	in->gx_len = ike_dh_len(t[0].group);
	memcpy(in->gxi, ike_dh_pub(in->dh), in->gx_len);
	ike_random(in->ni, sizeof(in->ni));
	memcpy(h.cky_i, in->s.cky_i, 8);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	put_sa_i(in, &b, t, n);
	ike_pl_add(&b, ISAKMP_NP_KE, in->gxi, in->gx_len);
	ike_pl_add(&b, ISAKMP_NP_NONCE, in->ni, sizeof(in->ni));
	ike_pl_add(&b, ISAKMP_NP_ID, idi, idi_len);
	if (natt) {
		v = ike_vid_natt(IKE_NATT_RFC, &len);
		ike_pl_add(&b, ISAKMP_NP_VID, v, len);
	}
	v = ike_vid_dpd(&len);
	ike_pl_add(&b, ISAKMP_NP_VID, v, len);
	ike_pl_add(&b, ISAKMP_NP_VID, unity, sizeof(unity));
	ike_pl_add(&b, ISAKMP_NP_VID, xauth, sizeof(xauth));
	ike_msg_finish(&b);
	r = deliver(in, b.p, b.len);
	ike_buf_free(&b);
	if (!r || r->send.buf[18] != ISAKMP_EXCH_AGGRESSIVE ||
	    isakmp_hdr_parse(r->send.buf, r->send.len, &h, NULL) ||
	    ike_chain_parse(h.np, r->send.buf + 28, r->send.len - 28, 28,
			    false, &c, NULL))
		return -1;
	sa = ike_chain_find(&c, ISAKMP_NP_SA, NULL);
	ke = ike_chain_find(&c, ISAKMP_NP_KE, NULL);
	no = ike_chain_find(&c, ISAKMP_NP_NONCE, NULL);
	idr = ike_chain_find(&c, ISAKMP_NP_ID, NULL);
	hr = ike_chain_find(&c, ISAKMP_NP_HASH, NULL);
	if (!sa || !ke || !no || !idr || !hr || ike_sa_parse(sa, &sap, NULL) ||
	    sap.n_tr != 1 || ke->len != in->gx_len)
		return -1;
	pick = sap.tr[0].num - 1;
	if (pick < 0 || (unsigned int)pick >= n)
		return -1;
	memcpy(in->s.cky_r, h.cky_r, 8);
	in->s.prop = (struct ike_p1_prop){ t[pick].enc, t[pick].bits,
					   t[pick].hash, t[pick].group };
	in->s.blk = ike_cipher_block(t[pick].enc);
	in->s.natt = natt ? IKE_NATT_RFC : IKE_NATT_NONE;
	memcpy(in->gxr, ke->body, in->gx_len);
	memcpy(in->nr, no->body, no->len);
	in->nr_len = no->len;
	hl = ike_hash_len(in->s.prop.hash);
	if (ike_dh_derive(in->dh, in->gxr, in->gx_len, gxy, &gl) ||
	    ike_p1_derive(in->s.prop.hash, (const uint8_t *)in->psk,
			  strlen(in->psk), in->ni, sizeof(in->ni), in->nr,
			  in->nr_len, gxy, gl, in->s.cky_i, in->s.cky_r,
			  key_len(&in->s.prop), &in->s.keys, in->skeyid) ||
	    ike_iv_phase1(in->s.prop.hash, in->gxi, in->gxr, in->gx_len,
			  in->s.blk, in->s.iv))
		return -1;
	ike_hash_auth(in->s.prop.hash, in->skeyid, in->s.keys.prf_len,
		      in->gxr, in->gxi,
		      in->gx_len, in->s.cky_r, in->s.cky_i, in->sai,
		      in->sai_len, idr->body, idr->len, hash);
	if (hr->len != in->s.keys.prf_len || memcmp(hash, hr->body, hr->len))
		return -1;
	/* AM3: HASH_I, and NAT-D as MM3 sends them. */
	ike_hash_auth(in->s.prop.hash, in->skeyid, in->s.keys.prf_len,
		      in->gxi, in->gxr,
		      in->gx_len, in->s.cky_i, in->s.cky_r, in->sai,
		      in->sai_len, idi, idi_len, hash);
	ike_hdr_for(&in->s, ISAKMP_EXCH_AGGRESSIVE, 0, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	ike_pl_add(&b, ISAKMP_NP_HASH, hash, in->s.keys.prf_len);
	if (natt) {
		ike_natd_hash(in->s.prop.hash, in->s.cky_i, in->s.cky_r,
			      &in->srv, h1);
		ike_pl_add(&b, ISAKMP_NP_NATD, h1, hl);
		ike_natd_hash(in->s.prop.hash, in->s.cky_i, in->s.cky_r,
			      &in->own, h1);
		ike_pl_add(&b, ISAKMP_NP_NATD, h1, hl);
	}
	if (enc3) {
		if (ike_encrypt(&in->s, in->s.iv, &b))
			goto out;
	} else {
		ike_msg_finish(&b);
	}
	if (natt && memcmp(&in->own, &in->seen, sizeof(in->own)))
		in->floated = true;	/* RFC 3947 4: AM3 goes to 4500 */
	deliver(in, b.p, b.len);
	in->s.state = IKE_P1_ESTABLISHED;
	ret = 0;
out:
	ike_buf_free(&b);
	return ret;
}

int txn_read(struct ini *in, const struct ike_action *a, struct txn_msg *m)
{
	uint8_t hash[IKE_MAX_HASH], *plain = NULL;
	const struct ike_payload *pl;
	struct ike_cfg_pl cp;
	struct isakmp_hdr h;
	struct ike_chain c;
	size_t from, to;
	int ret = -1;

	if (!a || a->type != IKE_ACT_SEND ||
	    isakmp_hdr_parse(a->send.buf, a->send.len, &h, NULL) ||
	    h.exch != ISAKMP_EXCH_TRANSACTION || !(h.flags & ISAKMP_FLAG_ENC))
		return -1;
	/* An answer to ours continues our chain; else a fresh one. */
	if (h.msgid != m->msgid || !m->msgid)
		ike_iv_phase2(in->s.prop.hash, in->s.iv, in->s.blk, h.msgid,
			      m->iv);
	m->msgid = h.msgid;
	if (ike_decrypt(&in->s, m->iv, a->send.buf, a->send.len, &plain) ||
	    ike_chain_parse(h.np, plain, a->send.len - 28, 28, true, &c,
			    NULL) || c.pl[0].type != ISAKMP_NP_HASH)
		goto out;
	from = c.pl[1].off - 28;
	to = c.pl[c.n - 1].off + 4 + c.pl[c.n - 1].len - 28;
	ike_hash_msgid(&in->s, h.msgid, plain + from, to - from, hash);
	if (memcmp(hash, c.pl[0].body, in->s.keys.prf_len))
		goto out;
	pl = ike_chain_find(&c, ISAKMP_NP_ATTR, NULL);
	if (!pl || ike_cfg_parse(pl, &cp, NULL) ||
	    cp.attrs_len > sizeof(m->attrs))
		goto out;
	m->type = cp.type;
	m->ident = cp.ident;
	memcpy(m->attrs, cp.attrs, cp.attrs_len);
	m->attrs_len = cp.attrs_len;
	ret = 0;
out:
	free(plain);
	return ret;
}

int txn_read_nth(struct ini *in, struct ike_actions *acts, size_t nth,
		 struct txn_msg *m)
{
	size_t i;

	for (i = 0; i < acts->n; i++) {
		struct ike_action *a = &acts->v[i];

		if (a->type == IKE_ACT_SEND && a->send.len > 28 &&
		    a->send.buf[18] == ISAKMP_EXCH_TRANSACTION && !nth--)
			return txn_read(in, a, m);
	}
	return -1;
}

void txn_write(struct ini *in, uint32_t msgid, uint8_t *iv, uint8_t type,
	       uint16_t ident, const void *attrs, size_t len)
{
	uint8_t hash[IKE_MAX_HASH], own_iv[16];
	struct isakmp_hdr h;
	struct ike_buf b;
	size_t hs, rest, a;

	if (!iv) {
		ike_iv_phase2(in->s.prop.hash, in->s.iv, in->s.blk, msgid,
			      own_iv);
		iv = own_iv;
	}
	ike_hdr_for(&in->s, ISAKMP_EXCH_TRANSACTION, msgid, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	hs = ike_pl_start(&b, ISAKMP_NP_HASH);
	ike_put(&b, hash, in->s.keys.prf_len);
	ike_pl_end(&b, hs);
	rest = b.len;
	a = ike_cfg_start(&b, type, ident);
	ike_put(&b, attrs, len);
	ike_pl_end(&b, a);
	ike_hash_msgid(&in->s, msgid, b.p + rest, b.len - rest, hash);
	memcpy(b.p + hs + 4, hash, in->s.keys.prf_len);
	ike_encrypt(&in->s, iv, &b);
	deliver(in, b.p, b.len);
	ike_buf_free(&b);
}

const uint8_t *txn_attr(const struct txn_msg *m, uint16_t type, size_t nth,
			size_t *len)
{
	struct ike_attr_iter it;
	struct ike_attr a;

	ike_attr_iter_init(&it, m->attrs, m->attrs_len, 0);
	while (ike_attr_next(&it, &a, NULL) > 0)
		if (a.type == type && !nth--) {
			*len = a.len;
			return a.val;
		}
	return NULL;
}
