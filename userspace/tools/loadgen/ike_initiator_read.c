// SPDX-License-Identifier: GPL-2.0
/*
 * What the server's answers mean to roam-loadgen's IKEv1 initiator: MM2
 * (the chosen transform, NAT-T), MM4 (KE, Nr, NAT-D: the keys), MM6
 * (HASH_R), QM2 (HASH(2), the server's SPI and nonce: the ESP keys) and
 * informational messages (a refusal, a DELETE).  Every check failure
 * drops the datagram with a reason (ikei_drop); only a refusal or a
 * DELETE that authenticates, or an unencrypted refusal before there are
 * keys (which is all a server can send then), ends the exchange.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike/keys.h"
#include "ike/natt.h"
#include "ike/payload.h"
#include "ike/proposal.h"
#include "ike_initiator_priv.h"

#define MIN_NONCE	8		/* RFC 2409 5: 8 to 256 bytes */

/* The server's choice must be the transform we offered, unchanged. */
static int check_p1_choice(struct ikei *in, const struct ike_sa_pl *sap)
{
	struct ike_attr_iter it;
	struct ike_attr a;
	unsigned int seen = 0;
	int r;

	if (sap->n_prop != 1 || sap->n_tr != 1 || sap->tr[0].num != 1 ||
	    sap->prop[0].proto != ISAKMP_PROTO_ISAKMP)
		return -1;
	ike_attr_iter_init(&it, sap->tr[0].attrs, sap->tr[0].attrs_len, 0);
	while ((r = ike_attr_next(&it, &a, NULL)) > 0) {
		if ((a.type == 1 && a.num != IKE_ENC_AES_CBC) ||
		    (a.type == 14 && a.num != in->cfg.p1_key_bits) ||
		    (a.type == 2 && a.num != IKE_HASH_SHA2_256) ||
		    (a.type == 3 && a.num != IKE_AUTH_PSK) ||
		    (a.type == 4 && a.num != in->cfg.group))
			return -1;
		if (a.type >= 1 && a.type <= 4)
			seen |= 1u << a.type;
	}
	return r < 0 || seen != 0x1e ? -1 : 0;
}

static void read_mm2(struct ikei *in, uint64_t now,
		     const struct isakmp_hdr *h, const struct ike_chain *c)
{
	const struct ike_payload *pl;
	struct ike_vid_info vi;
	struct ike_sa_pl *sap;
	unsigned int from = 0;
	enum ike_natt natt = IKE_NATT_NONE;

	pl = ike_chain_find(c, ISAKMP_NP_SA, NULL);
	if (!pl) {
		ikei_drop(in, "MM2 without an SA payload");
		return;
	}
	sap = malloc(sizeof(*sap));	/* 3 KB: not on the stack */
	if (!sap) {
		ikei_drop(in, "out of memory");
		return;
	}
	if (ike_sa_parse(pl, sap, NULL) || check_p1_choice(in, sap)) {
		free(sap);
		ikei_drop(in, "MM2 chose no transform we offered");
		return;
	}
	free(sap);
	if (!memcmp(h->cky_r, "\0\0\0\0\0\0\0\0", 8)) {
		ikei_drop(in, "MM2 without the responder's cookie");
		return;
	}
	while ((pl = ike_chain_find(c, ISAKMP_NP_VID, &from))) {
		ike_vid_classify(pl->body, pl->len, &vi);
		if (vi.kind == IKE_VID_NATT && vi.natt > natt)
			natt = vi.natt;
	}
	memcpy(in->s.cky_r, h->cky_r, 8);
	in->s.prop = (struct ike_p1_prop){ IKE_ENC_AES_CBC,
					   in->cfg.p1_key_bits,
					   IKE_HASH_SHA2_256,
					   in->cfg.group };
	in->s.blk = ike_cipher_block(IKE_ENC_AES_CBC);
	/* we offered RFC 3947 only: any other answer is not NAT-T to us */
	in->s.natt = natt == IKE_NATT_RFC ? IKE_NATT_RFC : IKE_NATT_NONE;
	ikei_send_mm3(in, now);
}

/* NAT-D: the first hash is us as the server sees us, the second it. */
static int read_natd(struct ikei *in, const struct ike_chain *c)
{
	uint8_t want[IKE_MAX_HASH];
	size_t hl = ike_hash_len(in->s.prop.hash);
	uint8_t t = ike_natd_type(in->s.natt);
	const struct ike_payload *us, *it;
	unsigned int from = 0;

	us = ike_chain_find(c, t, &from);
	it = us ? ike_chain_find(c, t, &from) : NULL;
	if (!it || us->len != hl || it->len != hl)
		return -1;
	ike_natd_hash(in->s.prop.hash, in->s.cky_i, in->s.cky_r,
		      &in->cfg.own, want);
	in->nat = in->cfg.force_encap || memcmp(us->body, want, hl);
	ike_natd_hash(in->s.prop.hash, in->s.cky_i, in->s.cky_r,
		      &in->cfg.srv, want);
	if (memcmp(it->body, want, hl))
		in->nat = true;		/* the server is behind a NAT */
	return 0;
}

static void read_mm4(struct ikei *in, uint64_t now, const struct ike_chain *c)
{
	const struct ike_payload *ke, *no;
	uint8_t gxy[IKE_MAX_DH];
	size_t gl = 0;
	int r;

	ke = ike_chain_find(c, ISAKMP_NP_KE, NULL);
	no = ike_chain_find(c, ISAKMP_NP_NONCE, NULL);
	if (!ke || !no || ke->len != in->gx_len || no->len < MIN_NONCE ||
	    no->len > IKE_MAX_NONCE) {
		ikei_drop(in, "MM4 without a KE of the group or a nonce");
		return;
	}
	if (in->s.natt && read_natd(in, c)) {
		ikei_drop(in, "MM4 without the two NAT-D hashes");
		return;
	}
	if (ike_dh_derive(in->dh, ke->body, ke->len, gxy, &gl)) {
		ikei_drop(in, "MM4's KE is not a valid public value");
		return;
	}
	memcpy(in->gxr, ke->body, in->gx_len);
	r = ike_p1_derive(in->s.prop.hash, in->cfg.psk, in->cfg.psk_len,
			  in->ni, sizeof(in->ni), no->body, no->len, gxy, gl,
			  in->s.cky_i, in->s.cky_r, in->cfg.p1_key_bits / 8,
			  &in->s.keys, in->skeyid) ||
	    ike_iv_phase1(in->s.prop.hash, in->gxi, in->gxr, in->gx_len,
			  in->s.blk, in->s.iv);
	ike_wipe(gxy, sizeof(gxy));
	ike_dh_free(in->dh);
	in->dh = NULL;
	if (r) {
		ikei_fail(in, IKEI_INTERNAL, "phase 1 keys");
		return;
	}
	ikei_send_mm5(in, now);
}

/*
 * Decrypt an encrypted message's body on a copy of iv: iv advances (to
 * the last ciphertext block) only when the caller keeps the result.
 */
static uint8_t *decrypt(struct ikei *in, const uint8_t *iv,
			uint8_t *iv_after, const uint8_t *buf, size_t len,
			struct ike_chain *c)
{
	uint8_t *plain;

	memcpy(iv_after, iv, IKE_MAX_BLOCK);
	if (ike_decrypt(&in->s, iv_after, buf, len, &plain)) {
		ikei_drop(in, "an encrypted body not a multiple of the block");
		return NULL;
	}
	if (ike_chain_parse(buf[16], plain, len - ISAKMP_HDR_LEN,
			    ISAKMP_HDR_LEN, true, c, NULL) || !c->n) {
		ikei_drop(in, "an encrypted body that does not decode");
		free(plain);
		return NULL;
	}
	return plain;
}

static void read_mm6(struct ikei *in, uint64_t now, const uint8_t *buf,
		     size_t len)
{
	uint8_t iv[IKE_MAX_BLOCK], hash[IKE_MAX_HASH];
	const struct ike_payload *idr, *hr;
	struct ike_chain c;
	uint8_t *plain;

	plain = decrypt(in, in->s.iv, iv, buf, len, &c);
	if (!plain)
		return;
	idr = ike_chain_find(&c, ISAKMP_NP_ID, NULL);
	hr = ike_chain_find(&c, ISAKMP_NP_HASH, NULL);
	if (!idr || !hr || hr->len != in->s.keys.prf_len) {
		ikei_drop(in, "MM6 without IDir and HASH_R");
		goto out;
	}
	ike_hash_auth(in->s.prop.hash, in->skeyid, in->s.keys.prf_len,
		      in->gxr, in->gxi,
		      in->gx_len, in->s.cky_r, in->s.cky_i, in->sai,
		      in->sai_len, idr->body, idr->len, hash);
	if (memcmp(hash, hr->body, hr->len)) {
		ikei_drop(in, "MM6's HASH_R is wrong (another pre-shared key?)");
		goto out;
	}
	memcpy(in->s.iv, iv, sizeof(iv));	/* the last phase 1 IV */
	in->s.state = IKE_P1_ESTABLISHED;
	ikei_send_qm1(in, now);
out:
	free(plain);
}

/* KEYMAT for the SA of one SPI (network order in the PRF input). */
static int keymat(struct ikei *in, uint32_t spi, const uint8_t *nr,
		  size_t nr_len, uint8_t *enc, uint8_t *auth)
{
	struct ikei_esp *e = &in->esp;
	uint8_t km[96], s[4];
	int r;

	ike_set32(s, spi);
	r = ike_keymat(in->s.prop.hash, &in->s.keys, NULL, 0,
		       ISAKMP_PROTO_ESP, s, in->qni, sizeof(in->qni), nr,
		       nr_len, km, e->enc_key_len + e->auth_key_len);
	memcpy(enc, km, e->enc_key_len);
	memcpy(auth, km + e->enc_key_len, e->auth_key_len);
	ike_wipe(km, sizeof(km));
	return r;
}

/* QM2's SA: one ESP proposal with a 4-byte SPI and our one transform. */
static int read_qm2_sa(struct ikei *in, const struct ike_payload *pl)
{
	struct ike_sa_pl *sap = malloc(sizeof(*sap));
	int r = -1;

	if (!sap)
		return -1;
	if (!ike_sa_parse(pl, sap, NULL) && sap->n_prop == 1 &&
	    sap->n_tr == 1 && sap->prop[0].proto == ISAKMP_PROTO_ESP &&
	    sap->prop[0].spi_size == 4 && sap->tr[0].id == IKE_ESP_AES_CBC) {
		in->esp.spi_out = ike_get32(sap->prop[0].spi);
		r = in->esp.spi_out >= 256 ? 0 : -1;
	}
	free(sap);
	return r;
}

static void read_qm2(struct ikei *in, uint64_t now, const uint8_t *buf,
		     size_t len)
{
	uint8_t iv[IKE_MAX_BLOCK], hash[IKE_MAX_HASH];
	const struct ike_payload *sa, *no, *last;
	struct ike_iov iov[2];
	struct ike_chain c;
	struct ikei_esp *e = &in->esp;
	uint8_t *plain;
	size_t k;

	plain = decrypt(in, in->qiv, iv, buf, len, &c);
	if (!plain)
		return;
	if (c.n < 2 || c.pl[0].type != ISAKMP_NP_HASH ||
	    c.pl[0].len != in->s.keys.prf_len) {
		ikei_drop(in, "QM2 does not start with HASH(2)");
		goto out;
	}
	/* HASH(2) = prf(SKEYID_a, M-ID | Ni_b | the payloads after HASH) */
	k = c.pl[1].off - ISAKMP_HDR_LEN;
	last = &c.pl[c.n - 1];
	iov[0] = (struct ike_iov){ in->qni, sizeof(in->qni) };
	iov[1] = (struct ike_iov){ plain + k, last->off + ISAKMP_GEN_LEN +
				   last->len - ISAKMP_HDR_LEN - k };
	ike_hash_qm(&in->s, in->msgid, false, iov, 2, hash);
	if (memcmp(hash, c.pl[0].body, in->s.keys.prf_len)) {
		ikei_drop(in, "QM2's HASH(2) is wrong");
		goto out;
	}
	sa = ike_chain_find(&c, ISAKMP_NP_SA, NULL);
	no = ike_chain_find(&c, ISAKMP_NP_NONCE, NULL);
	if (!sa || !no || no->len < MIN_NONCE || read_qm2_sa(in, sa)) {
		ikei_drop(in, "QM2 without our transform, an SPI or a nonce");
		goto out;
	}
	memcpy(in->qiv, iv, sizeof(iv));
	e->spi_in = in->spi_i;
	e->enc = IKE_ESP_AES_CBC;
	e->enc_key_len = in->cfg.esp_key_bits / 8;
	e->auth = IKE_ESP_AUTH_SHA2_256;
	e->auth_key_len = 32;
	e->auth_trunc_bits = 128;	/* RFC 4868 */
	e->encap = in->floated;
	e->life_s = in->cfg.esp_life_s;
	/* the SA whose SPI we chose is the one we receive on */
	if (keymat(in, e->spi_in, no->body, no->len, e->enc_key_in,
		   e->auth_key_in) ||
	    keymat(in, e->spi_out, no->body, no->len, e->enc_key_out,
		   e->auth_key_out)) {
		ikei_fail(in, IKEI_INTERNAL, "ESP keys");
		goto out;
	}
	ikei_send_qm3(in, now, no->body, no->len);
out:
	free(plain);
}

/* A notification or a DELETE, in the clear before keys, else encrypted. */
static void read_info(struct ikei *in, const struct isakmp_hdr *h,
		      const uint8_t *buf, size_t len, const struct ike_chain *c)
{
	uint8_t iv[IKE_MAX_BLOCK], after[IKE_MAX_BLOCK], want[IKE_MAX_HASH];
	const struct ike_payload *pl;
	struct ike_chain dc;
	struct ike_notify n;
	struct ike_delete d;
	uint8_t *plain = NULL;
	char why[120];
	size_t k;

	if (h->flags & ISAKMP_FLAG_ENC) {
		if (in->s.state != IKE_P1_ESTABLISHED) {
			ikei_drop(in, "an encrypted notification before keys");
			return;
		}
		ike_iv_phase2(in->s.prop.hash, in->s.iv, in->s.blk, h->msgid,
			      iv);
		plain = decrypt(in, iv, after, buf, len, &dc);
		if (!plain)
			return;
		k = dc.n > 1 ? dc.pl[1].off - ISAKMP_HDR_LEN : 0;
		pl = &dc.pl[dc.n - 1];
		if (dc.n < 2 || dc.pl[0].type != ISAKMP_NP_HASH ||
		    dc.pl[0].len != in->s.keys.prf_len ||
		    ike_hash_msgid(&in->s, h->msgid, plain + k, pl->off +
				   ISAKMP_GEN_LEN + pl->len -
				   ISAKMP_HDR_LEN - k, want) ||
		    memcmp(want, dc.pl[0].body, in->s.keys.prf_len)) {
			ikei_drop(in, "a notification whose HASH(1) is wrong");
			goto out;
		}
		c = &dc;
	} else if (in->s.state == IKE_P1_ESTABLISHED) {
		ikei_drop(in, "a notification in the clear after phase 1");
		return;
	}
	pl = ike_chain_find(c, ISAKMP_NP_D, NULL);
	if (pl && !ike_delete_parse(pl, &d, NULL)) {
		/* the server's SPI of our ESP SA, or the ISAKMP SA itself */
		if (d.proto == ISAKMP_PROTO_ISAKMP ||
		    (d.proto == ISAKMP_PROTO_ESP && d.spi_size == 4 &&
		     in->state == IKEI_UP)) {
			ikei_fail(in, IKEI_SERVER_DELETE,
				  d.proto == ISAKMP_PROTO_ISAKMP ?
				  "the server deleted the ISAKMP SA" :
				  "the server deleted the ESP SA");
		}
		goto out;
	}
	pl = ike_chain_find(c, ISAKMP_NP_N, NULL);
	if (pl && !ike_notify_parse(pl, &n, NULL)) {
		if (n.type >= 16384) {	/* status, not an error */
			ikei_drop(in, "a status notification");
			goto out;
		}
		snprintf(why, sizeof(why), "the server refused (%s) in %s",
			 ike_notify_name(n.type), ikei_state_name(in->state));
		ikei_fail(in, IKEI_REFUSED, why);
		goto out;
	}
	ikei_drop(in, "an informational message without N or D");
out:
	free(plain);
}

void ikei_read(struct ikei *in, uint64_t now, const uint8_t *buf, size_t len)
{
	struct isakmp_hdr h;
	struct ike_chain c;
	bool enc;

	if (isakmp_hdr_parse(buf, len, &h, NULL)) {
		ikei_drop(in, "not an ISAKMP message");
		return;
	}
	if (memcmp(h.cky_i, in->s.cky_i, 8) ||
	    (in->state > IKEI_MM1 && memcmp(h.cky_r, in->s.cky_r, 8) &&
	     h.exch != ISAKMP_EXCH_INFO)) {
		ikei_drop(in, "not our cookies");
		return;
	}
	enc = h.flags & ISAKMP_FLAG_ENC;
	if (!enc && ike_chain_parse(h.np, buf + ISAKMP_HDR_LEN,
				    len - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN,
				    false, &c, NULL)) {
		ikei_drop(in, "a payload chain that does not decode");
		return;
	}
	if (enc)
		c.n = 0;
	if (in->state == IKEI_IDLE || in->state >= IKEI_DELETED)
		return;
	if (h.exch == ISAKMP_EXCH_INFO) {
		read_info(in, &h, buf, len, &c);
		return;
	}
	if (in->state == IKEI_MM1 && h.exch == ISAKMP_EXCH_MAIN && !enc &&
	    !h.msgid)
		read_mm2(in, now, &h, &c);
	else if (in->state == IKEI_MM3 && h.exch == ISAKMP_EXCH_MAIN && !enc &&
		 !h.msgid)
		read_mm4(in, now, &c);
	else if (in->state == IKEI_MM5 && h.exch == ISAKMP_EXCH_MAIN && enc &&
		 !h.msgid)
		read_mm6(in, now, buf, len);
	else if (in->state == IKEI_QM1 && h.exch == ISAKMP_EXCH_QUICK && enc &&
		 h.msgid == in->msgid)
		read_qm2(in, now, buf, len);
	else if (in->state == IKEI_UP && h.exch == ISAKMP_EXCH_QUICK &&
		 h.msgid == in->msgid)
		ikei_resend_last(in);	/* QM2 again: our QM3 was lost */
	else
		ikei_drop(in, "a message that does not fit the exchange");
}
