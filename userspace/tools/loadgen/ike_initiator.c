// SPDX-License-Identifier: GPL-2.0
/*
 * roam-loadgen's IKEv1 initiator: Main Mode and Quick Mode for L2TP/IPsec
 * (see ike_initiator.h).  The reading of each answer (MM2, MM4, MM6, QM2,
 * informational) is in ike_initiator_read.c; this file sends, retransmits
 * and moves between states.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ike/keys.h"
#include "ike/natt.h"
#include "ike/payload.h"
#include "ike/proposal.h"
#include "ike_initiator.h"
#include "ike_initiator_priv.h"

#define NON_ESP_MARKER	4
#define RTX_MAX_MS	8000

static const char *const cause_names[IKEI_CAUSE_MAX] = {
	[IKEI_OK] = "ok",
	[IKEI_TIMEOUT_MM] = "timeout_main_mode",
	[IKEI_TIMEOUT_QM] = "timeout_quick_mode",
	[IKEI_REFUSED] = "ike_refused",
	[IKEI_SERVER_DELETE] = "ike_server_delete",
	[IKEI_INTERNAL] = "ike_internal",
};

static const char *const state_names[] = {
	[IKEI_IDLE] = "idle",
	[IKEI_MM1] = "main_mode_1",
	[IKEI_MM3] = "main_mode_3",
	[IKEI_MM5] = "main_mode_5",
	[IKEI_QM1] = "quick_mode",
	[IKEI_UP] = "up",
	[IKEI_DELETED] = "deleted",
	[IKEI_FAILED] = "failed",
};

const char *ikei_cause_name(enum ikei_cause c)
{
	return c < IKEI_CAUSE_MAX ? cause_names[c] : "?";
}

const char *ikei_state_name(enum ikei_state s)
{
	return s <= IKEI_FAILED ? state_names[s] : "?";
}

void ikei_init(struct ikei *in, const struct ikei_cfg *cfg,
	       ikei_xmit_fn xmit, void *arg)
{
	memset(in, 0, sizeof(*in));
	in->cfg = *cfg;
	if (!in->cfg.p1_key_bits)
		in->cfg.p1_key_bits = 256;
	if (!in->cfg.group)
		in->cfg.group = IKE_GROUP_MODP2048;
	if (!in->cfg.esp_key_bits)
		in->cfg.esp_key_bits = 256;
	if (!in->cfg.esp_life_s)
		in->cfg.esp_life_s = 3600;
	if (!in->cfg.rtx_ms)
		in->cfg.rtx_ms = 1000;
	if (!in->cfg.max_tries)
		in->cfg.max_tries = 5;
	in->xmit = xmit;
	in->xmit_arg = arg;
	in->s.local = cfg->own;
	in->s.remote = cfg->srv;
}

static void drop_last(struct ikei *in)
{
	free(in->last);
	in->last = NULL;
	in->last_len = 0;
	in->resend_at = 0;
}

void ikei_release(struct ikei *in)
{
	ike_dh_free(in->dh);
	in->dh = NULL;
	drop_last(in);
	ike_wipe(&in->s.keys, sizeof(in->s.keys));
	ike_wipe(&in->esp, sizeof(in->esp));
}

void ikei_drop(struct ikei *in, const char *why)
{
	in->malformed++;
	snprintf(in->detail, sizeof(in->detail), "%s", why);
}

void ikei_fail(struct ikei *in, enum ikei_cause cause, const char *why)
{
	in->state = IKEI_FAILED;
	in->cause = cause;
	if (why != in->detail)
		snprintf(in->detail, sizeof(in->detail), "%.*s",
			 (int)sizeof(in->detail) - 1, why);
	drop_last(in);
	ike_dh_free(in->dh);
	in->dh = NULL;
}

/*
 * Frame b for the port we talk to (the marker in front on the 4500 side)
 * and send it.  With rtx it is kept for retransmission: every message of
 * ours that expects an answer; QM3 and the DELETEs expect none.
 */
void ikei_send(struct ikei *in, uint64_t now, const struct ike_buf *b,
	       bool rtx)
{
	size_t off = in->floated ? NON_ESP_MARKER : 0;
	uint8_t *p;

	if (b->err) {
		ikei_fail(in, IKEI_INTERNAL, "a message did not fit");
		return;
	}
	p = malloc(off + b->len);
	if (!p) {
		ikei_fail(in, IKEI_INTERNAL, "out of memory");
		return;
	}
	memset(p, 0, off);
	memcpy(p + off, b->p, b->len);
	drop_last(in);
	in->last = p;
	in->last_len = off + b->len;
	in->last_natt = in->floated;
	in->tries = 1;
	in->resend_at = rtx ? now + in->cfg.rtx_ms : 0;
	in->xmit(in->xmit_arg, in->last_natt, in->last, in->last_len);
}

void ikei_resend_last(struct ikei *in)
{
	if (in->last)
		in->xmit(in->xmit_arg, in->last_natt, in->last, in->last_len);
}

/* The one transform we offer: AES-CBC, SHA2-256, PSK, the group. */
static void put_p1_transform(const struct ikei *in, struct ike_buf *b)
{
	size_t s = b->len;

	ike_put8(b, 0);			/* last transform */
	ike_put8(b, 0);
	ike_put16(b, 0);
	ike_put8(b, 1);			/* transform number */
	ike_put8(b, 1);			/* KEY_IKE */
	ike_put16(b, 0);
	ike_put_attr(b, 1, IKE_ENC_AES_CBC);
	ike_put_attr(b, 14, in->cfg.p1_key_bits);
	ike_put_attr(b, 2, IKE_HASH_SHA2_256);
	ike_put_attr(b, 3, IKE_AUTH_PSK);
	ike_put_attr(b, 4, in->cfg.group);
	ike_put_attr(b, 11, 1);		/* life type: seconds */
	ike_put_attr(b, 12, 28800);
	ike_set16(b->p + s + 2, b->len - s);
}

void ikei_start(struct ikei *in, uint64_t now)
{
	struct isakmp_hdr h = { .exch = ISAKMP_EXCH_MAIN };
	struct ike_buf b;
	const uint8_t *v;
	size_t s, p, len;

	in->t_start = now;
	do {
		ike_random(in->s.cky_i, 8);
	} while (!memcmp(in->s.cky_i, "\0\0\0\0\0\0\0\0", 8));
	memcpy(h.cky_i, in->s.cky_i, 8);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	s = ike_pl_start(&b, ISAKMP_NP_SA);
	ike_put32(&b, ISAKMP_DOI_IPSEC);
	ike_put32(&b, ISAKMP_SIT_IDENTITY);
	p = b.len;
	ike_put32(&b, 0);		/* proposal header, length below */
	ike_put8(&b, 1);
	ike_put8(&b, ISAKMP_PROTO_ISAKMP);
	ike_put8(&b, 0);
	ike_put8(&b, 1);
	put_p1_transform(in, &b);
	if (!b.err)
		ike_set16(b.p + p + 2, b.len - p);
	ike_pl_end(&b, s);
	if (!b.err && b.len - s - 4 <= sizeof(in->sai)) {
		in->sai_len = b.len - s - ISAKMP_GEN_LEN;
		memcpy(in->sai, b.p + s + ISAKMP_GEN_LEN, in->sai_len);
	} else {
		b.err = true;
	}
	v = ike_vid_natt(IKE_NATT_RFC, &len);
	ike_pl_add(&b, ISAKMP_NP_VID, v, len);
	ike_msg_finish(&b);
	in->state = IKEI_MM1;
	ikei_send(in, now, &b, true);
	ike_buf_free(&b);
}

/* MM3: our KE, Ni and (with NAT-T) the two NAT-D hashes. */
void ikei_send_mm3(struct ikei *in, uint64_t now)
{
	struct isakmp_hdr h;
	uint8_t hash[IKE_MAX_HASH];
	size_t hl = ike_hash_len(in->s.prop.hash);
	struct ike_buf b;

	in->dh = ike_dh_new(in->s.prop.group);
	if (!in->dh) {
		ikei_fail(in, IKEI_INTERNAL, "no Diffie-Hellman key");
		return;
	}
	in->gx_len = ike_dh_len(in->s.prop.group);
	memcpy(in->gxi, ike_dh_pub(in->dh), in->gx_len);
	ike_random(in->ni, sizeof(in->ni));
	ike_hdr_for(&in->s, ISAKMP_EXCH_MAIN, 0, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	ike_pl_add(&b, ISAKMP_NP_KE, in->gxi, in->gx_len);
	ike_pl_add(&b, ISAKMP_NP_NONCE, in->ni, sizeof(in->ni));
	if (in->s.natt) {
		uint8_t t = ike_natd_type(in->s.natt);

		/* the server as we address it, then ourselves as we know us */
		ike_natd_hash(in->s.prop.hash, in->s.cky_i, in->s.cky_r,
			      &in->cfg.srv, hash);
		ike_pl_add(&b, t, hash, hl);
		if (in->cfg.force_encap)
			ike_random(hash, hl);
		else
			ike_natd_hash(in->s.prop.hash, in->s.cky_i,
				      in->s.cky_r, &in->cfg.own, hash);
		ike_pl_add(&b, t, hash, hl);
	}
	ike_msg_finish(&b);
	in->state = IKEI_MM3;
	ikei_send(in, now, &b, true);
	ike_buf_free(&b);
}

/* IDii: our address, UDP port 500, as Windows sends it. */
void ikei_own_id(const struct ikei *in, uint8_t id[8])
{
	memset(id, 0, 8);
	id[0] = ISAKMP_ID_IPV4;
	id[1] = 17;
	ike_set16(id + 2, 500);
	memcpy(id + 4, in->cfg.own.ip, 4);
}

/* MM5: IDii and HASH_I, encrypted; from here on the 4500 side if NAT. */
void ikei_send_mm5(struct ikei *in, uint64_t now)
{
	struct isakmp_hdr h;
	uint8_t id[8], hash[IKE_MAX_HASH];
	struct ike_buf b;

	ikei_own_id(in, id);
	if (ike_hash_auth(in->s.prop.hash, in->skeyid, in->s.keys.prf_len,
			  in->gxi, in->gxr,
			  in->gx_len, in->s.cky_i, in->s.cky_r, in->sai,
			  in->sai_len, id, sizeof(id), hash)) {
		ikei_fail(in, IKEI_INTERNAL, "HASH_I");
		return;
	}
	ike_hdr_for(&in->s, ISAKMP_EXCH_MAIN, 0, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	ike_pl_add(&b, ISAKMP_NP_ID, id, sizeof(id));
	ike_pl_add(&b, ISAKMP_NP_HASH, hash, in->s.keys.prf_len);
	if (ike_encrypt(&in->s, in->s.iv, &b))
		b.err = true;
	/* RFC 3947 4: with a NAT in between, MM5 already goes to 4500 */
	if (in->s.natt && in->nat)
		in->floated = true;
	in->state = IKEI_MM5;
	ikei_send(in, now, &b, true);
	ike_buf_free(&b);
}

static void put_p2_transform(const struct ikei *in, struct ike_buf *b)
{
	size_t s = b->len;
	uint16_t mode = in->floated ? ike_natt_udp_transport(in->s.natt) :
				      IKE_MODE_TRANSPORT;

	ike_put8(b, 0);
	ike_put8(b, 0);
	ike_put16(b, 0);
	ike_put8(b, 1);
	ike_put8(b, IKE_ESP_AES_CBC);
	ike_put16(b, 0);
	ike_put_attr(b, 1, 1);		/* life type: seconds */
	ike_put_attr(b, 2, in->cfg.esp_life_s);
	ike_put_attr(b, 4, mode);
	ike_put_attr(b, 5, IKE_ESP_AUTH_SHA2_256);
	ike_put_attr(b, 6, in->cfg.esp_key_bits);
	ike_set16(b->p + s + 2, b->len - s);
}

/*
 * QM1: HASH(1), SA with our SPI, Ni, IDci (our address, UDP, our L2TP
 * port), IDcr (the server, UDP 1701) and, floated, the NAT-OA pair.
 */
void ikei_send_qm1(struct ikei *in, uint64_t now)
{
	uint8_t hash[IKE_MAX_HASH], idci[8] = { ISAKMP_ID_IPV4, 17 };
	uint8_t idcr[8] = { ISAKMP_ID_IPV4, 17 };
	struct isakmp_hdr h;
	struct ike_buf b;
	size_t hs, rest, s, p;

	do {
		ike_random(&in->msgid, 4);
	} while (!in->msgid);
	do {
		ike_random(&in->spi_i, 4);
	} while (in->spi_i < 256);	/* 1-255 are reserved (RFC 4303) */
	ike_random(in->qni, sizeof(in->qni));
	ike_set16(idci + 2, in->cfg.l2tp_port);
	memcpy(idci + 4, in->cfg.own.ip, 4);
	ike_set16(idcr + 2, 1701);
	memcpy(idcr + 4, in->cfg.srv.ip, 4);
	ike_iv_phase2(in->s.prop.hash, in->s.iv, in->s.blk, in->msgid,
		      in->qiv);
	ike_hdr_for(&in->s, ISAKMP_EXCH_QUICK, in->msgid, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	hs = ike_pl_start(&b, ISAKMP_NP_HASH);
	ike_put(&b, hash, in->s.keys.prf_len);	/* filled below */
	ike_pl_end(&b, hs);
	rest = b.len;
	s = ike_pl_start(&b, ISAKMP_NP_SA);
	ike_put32(&b, ISAKMP_DOI_IPSEC);
	ike_put32(&b, ISAKMP_SIT_IDENTITY);
	p = b.len;
	ike_put32(&b, 0);
	ike_put8(&b, 1);
	ike_put8(&b, ISAKMP_PROTO_ESP);
	ike_put8(&b, 4);
	ike_put8(&b, 1);
	ike_put32(&b, in->spi_i);
	put_p2_transform(in, &b);
	if (!b.err)
		ike_set16(b.p + p + 2, b.len - p);
	ike_pl_end(&b, s);
	ike_pl_add(&b, ISAKMP_NP_NONCE, in->qni, sizeof(in->qni));
	ike_pl_add(&b, ISAKMP_NP_ID, idci, sizeof(idci));
	ike_pl_add(&b, ISAKMP_NP_ID, idcr, sizeof(idcr));
	if (in->floated) {
		uint8_t oa[8] = { ISAKMP_ID_IPV4 };
		uint8_t t = ike_natoa_type(in->s.natt);

		memcpy(oa + 4, in->cfg.own.ip, 4);
		ike_pl_add(&b, t, oa, sizeof(oa));
		memcpy(oa + 4, in->cfg.srv.ip, 4);
		ike_pl_add(&b, t, oa, sizeof(oa));
	}
	if (!b.err) {
		ike_hash_msgid(&in->s, in->msgid, b.p + rest, b.len - rest,
			       hash);
		memcpy(b.p + hs + ISAKMP_GEN_LEN, hash, in->s.keys.prf_len);
	}
	if (ike_encrypt(&in->s, in->qiv, &b))
		b.err = true;
	in->state = IKEI_QM1;
	ikei_send(in, now, &b, true);
	ike_buf_free(&b);
}

/* QM3: HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b); no answer. */
void ikei_send_qm3(struct ikei *in, uint64_t now, const uint8_t *nr,
		   size_t nr_len)
{
	struct ike_iov nonces[2] = { { in->qni, sizeof(in->qni) },
				     { nr, nr_len } };
	uint8_t hash[IKE_MAX_HASH];
	struct isakmp_hdr h;
	struct ike_buf b;

	ike_hash_qm(&in->s, in->msgid, true, nonces, 2, hash);
	ike_hdr_for(&in->s, ISAKMP_EXCH_QUICK, in->msgid, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	ike_pl_add(&b, ISAKMP_NP_HASH, hash, in->s.keys.prf_len);
	if (ike_encrypt(&in->s, in->qiv, &b))
		b.err = true;
	in->state = IKEI_UP;
	in->t_up = now;
	/* kept: a QM2 sent again means our QM3 was lost */
	ikei_send(in, now, &b, false);
	ike_buf_free(&b);
}

/* One informational message (HASH(1), then a D payload), encrypted. */
static void send_delete(struct ikei *in, uint64_t now, const uint8_t *body,
			size_t len)
{
	uint8_t hash[IKE_MAX_HASH], iv[IKE_MAX_BLOCK];
	struct isakmp_hdr h;
	struct ike_buf b;
	uint32_t msgid;
	size_t hs, rest;

	do {
		ike_random(&msgid, sizeof(msgid));
	} while (!msgid);
	ike_hdr_for(&in->s, ISAKMP_EXCH_INFO, msgid, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	hs = ike_pl_start(&b, ISAKMP_NP_HASH);
	ike_put(&b, hash, in->s.keys.prf_len);
	ike_pl_end(&b, hs);
	rest = b.len;
	ike_pl_add(&b, ISAKMP_NP_D, body, len);
	if (!b.err) {
		ike_hash_msgid(&in->s, msgid, b.p + rest, b.len - rest, hash);
		memcpy(b.p + hs + ISAKMP_GEN_LEN, hash, in->s.keys.prf_len);
	}
	ike_iv_phase2(in->s.prop.hash, in->s.iv, in->s.blk, msgid, iv);
	if (ike_encrypt(&in->s, iv, &b))
		b.err = true;
	ikei_send(in, now, &b, false);
	ike_buf_free(&b);
}

void ikei_stop(struct ikei *in, uint64_t now)
{
	uint8_t esp[12] = { 0, 0, 0, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ESP, 4,
			    0, 1 };
	uint8_t isakmp[24] = { 0, 0, 0, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ISAKMP,
			       16, 0, 1 };
	/* phase 1 is up from MM6 on: QM1 in flight, or the pair up */
	bool p1_up = in->state == IKEI_QM1 || in->state == IKEI_UP;

	if (in->state == IKEI_UP) {
		/* the SPI the server sends to: ours */
		ike_set32(esp + 8, in->spi_i);
		send_delete(in, now, esp, sizeof(esp));
	}
	if (p1_up) {
		memcpy(isakmp + 8, in->s.cky_i, 8);
		memcpy(isakmp + 16, in->s.cky_r, 8);
		send_delete(in, now, isakmp, sizeof(isakmp));
	}
	/* a failure keeps its cause; anything else is over now */
	if (in->state != IKEI_FAILED)
		in->state = IKEI_DELETED;
	drop_last(in);
}

void ikei_timer(struct ikei *in, uint64_t now)
{
	uint32_t wait;

	if (!in->resend_at || now < in->resend_at)
		return;
	if (in->tries >= in->cfg.max_tries) {
		char why[sizeof(in->detail) + 48];

		snprintf(why, sizeof(why), "%u sends unanswered%s%s",
			 in->tries, in->malformed ? "; last drop: " : "",
			 in->malformed ? in->detail : "");
		ikei_fail(in, in->state == IKEI_QM1 ? IKEI_TIMEOUT_QM :
			  IKEI_TIMEOUT_MM, why);
		return;
	}
	/* doubling from rtx_ms, at most RTX_MAX_MS apart */
	wait = in->cfg.rtx_ms << (in->tries < 16 ? in->tries : 16);
	in->tries++;
	in->resend_at = now + (wait < RTX_MAX_MS ? wait : RTX_MAX_MS);
	ikei_resend_last(in);
}

uint64_t ikei_deadline(const struct ikei *in)
{
	return in->resend_at;
}

void ikei_input(struct ikei *in, uint64_t now, bool natt, const uint8_t *buf,
		size_t len)
{
	if (natt) {
		if (len == 1 && buf[0] == 0xff)
			return;		/* a NAT-T keepalive */
		if (len < NON_ESP_MARKER || buf[0] || buf[1] || buf[2] ||
		    buf[3]) {
			ikei_drop(in, "4500 side: no non-ESP marker");
			return;
		}
		buf += NON_ESP_MARKER;
		len -= NON_ESP_MARKER;
	}
	ikei_read(in, now, buf, len);
}
