// SPDX-License-Identifier: GPL-2.0
/*
 * Main Mode responder with pre-shared keys (RFC 2409 section 5, 5.4):
 *
 *   MM1 HDR, SA, VID...        ->  MM2 HDR, SA, VID...
 *   MM3 HDR, KE, Ni, NAT-D...  ->  MM4 HDR, KE, Nr, NAT-D...
 *   MM5 HDR*, IDii, HASH_I     ->  MM6 HDR*, IDir, HASH_R
 *
 * The responder never retransmits on its own in phase 1: the initiator
 * does, and a repeated request gets our stored reply again.  The PSK must
 * be known before the identity (which is encrypted with it), so it is
 * chosen by the peer's address: an exact entry, else the "any" entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sa.h"

static const struct ike_psk *psk_for(const struct ike_ctx *ctx,
				     const struct ike_addr *remote)
{
	const struct ike_psk *any = NULL;
	size_t i;

	for (i = 0; i < ctx->cfg.n_psk; i++) {
		const struct ike_psk *p = &ctx->cfg.psk[i];

		if (p->any) {
			if (!any)
				any = p;
		} else if (ike_addr_eq(&p->peer, remote, false)) {
			return p;
		}
	}
	return any;
}

struct ike_sa *ike_main_new(struct ike_ctx *ctx, const struct ike_addr *local,
			    const struct ike_addr *remote,
			    const struct isakmp_hdr *h)
{
	const struct ike_psk *psk = psk_for(ctx, remote);
	struct ike_sa *sa;
	char peer[64];

	ike_addr_str(remote, false, peer, sizeof(peer));
	if (!psk || !psk->key_len) {
		ike_log(ctx, IKE_LOG_WARN,
			"IKE phase 1 from %s refused: no pre-shared key for this address and no \"any\" entry",
			peer);
		return NULL;
	}
	sa = ike_sa_new(ctx, local, remote, h);
	if (!sa)
		return NULL;
	sa->hs->psk = malloc(psk->key_len);
	if (!sa->hs->psk) {
		ike_sa_kill(ctx, sa);
		return NULL;
	}
	memcpy(sa->hs->psk, psk->key, psk->key_len);
	sa->hs->psk_len = psk->key_len;
	if (psk->group) {
		const struct ike_ra_group *g = ike_group_find(ctx,
			(const uint8_t *)psk->group, strlen(psk->group));

		if (g && ike_ra_start(ctx, sa, g)) {
			ike_sa_kill(ctx, sa);
			return NULL;
		} else if (!g)
			ike_log(ctx, IKE_LOG_WARN,
				"IKE phase 1 from %s: the key's group \"%s\" does not exist; L2TP/IPsec only",
				peer, psk->group);
	}
	return sa;
}

void ike_p1_fail(struct ike_ctx *ctx, struct ike_sa *sa, const char *why)
{
	char peer[64];

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	ike_log(ctx, IKE_LOG_ERR, "IKE phase 1 from %s failed: %s", peer, why);
	ike_sa_kill(ctx, sa);
}

void ike_p1_send_reply(struct ike_ctx *ctx, struct ike_sa *sa,
		       struct ike_buf *b, const uint8_t *rx, size_t rx_len)
{
	/* Before authentication there is nothing to steal by moving. */
	sa->local = ctx->rx_local;
	sa->remote = ctx->rx_remote;
	ike_msgcopy_set(&sa->rx, rx, rx_len);
	ike_msgcopy_set(&sa->tx, b->p, b->len);
	ike_send(ctx, &sa->local, &sa->remote, b->p, b->len);
}

void ike_p1_note_vids(struct ike_ctx *ctx, struct ike_sa *sa,
		      const struct ike_chain *c)
{
	const struct ike_payload *pl;
	struct ike_vid_info vi;
	unsigned int from = 0;
	char peer[64];

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	while ((pl = ike_chain_find(c, ISAKMP_NP_VID, &from))) {
		ike_vid_classify(pl->body, pl->len, &vi);
		if (vi.kind == IKE_VID_NATT && vi.natt > sa->natt)
			sa->natt = vi.natt;
		else if (vi.kind == IKE_VID_DPD)
			sa->dpd = true;
		else if (vi.kind == IKE_VID_MS_NT5)
			sa->ms_client = true;
		else if (vi.kind == IKE_VID_CISCO_UNITY)
			sa->unity = true;
		else if (vi.kind == IKE_VID_XAUTH)
			sa->xauth_vid = true;
		ike_log(ctx, IKE_LOG_DEBUG, "IKE phase 1 from %s: vendor ID %s",
			peer, vi.name ? vi.name : "(unknown)");
	}
}

size_t ike_p1_enc_key_len(const struct ike_p1_prop *p)
{
	switch (p->enc) {
	case IKE_ENC_DES: return 8;
	case IKE_ENC_3DES: return 24;
	case IKE_ENC_AES_CBC: return p->key_bits / 8;
	}
	return 0;
}

void ike_p1_put_sa(struct ike_buf *b, const struct ike_p1_choice *ch)
{
	size_t start, p;

	start = ike_pl_start(b, ISAKMP_NP_SA);
	ike_put32(b, ISAKMP_DOI_IPSEC);
	ike_put32(b, ISAKMP_SIT_IDENTITY);
	p = b->len;
	ike_put8(b, ISAKMP_NP_NONE);
	ike_put8(b, 0);
	ike_put16(b, 8 + ch->t->raw_len);
	ike_put8(b, ch->pr->num);
	ike_put8(b, ISAKMP_PROTO_ISAKMP);
	ike_put8(b, 0);		/* SPI size */
	ike_put8(b, 1);		/* one transform */
	ike_put(b, ch->t->raw, ch->t->raw_len);
	if (!b->err)
		b->p[p + 8] = ISAKMP_NP_NONE;	/* it is the last transform */
	ike_pl_end(b, start);
}

/* Ours for what the peer announced; Unity and XAUTH for groups. */
void ike_p1_add_vids(const struct ike_sa *sa, struct ike_buf *b)
{
	const uint8_t *vid = NULL;
	size_t vlen;

	if (sa->natt)
		vid = ike_vid_natt(sa->natt, &vlen);
	if (vid)
		ike_pl_add(b, ISAKMP_NP_VID, vid, vlen);
	if (sa->dpd) {
		vid = ike_vid_dpd(&vlen);
		ike_pl_add(b, ISAKMP_NP_VID, vid, vlen);
	}
	/* vpnc and the Cisco client look for these before XAUTH. */
	if (ike_ra_on(sa) && sa->unity) {
		vid = ike_vid_unity(&vlen);
		ike_pl_add(b, ISAKMP_NP_VID, vid, vlen);
	}
	if (ike_ra_on(sa) && sa->ra->xauth) {
		vid = ike_vid_xauth(&vlen);
		ike_pl_add(b, ISAKMP_NP_VID, vid, vlen);
	}
}

static void mm1(struct ike_ctx *ctx, struct ike_sa *sa,
		const struct isakmp_hdr *h, const uint8_t *buf, size_t len)
{
	struct ike_p1_choice ch;
	const struct ike_payload *pl;
	struct isakmp_hdr rh;
	struct ike_chain c;
	struct ike_sa_pl sap;
	struct ike_err err;
	struct ike_buf b;
	char why[1024];

	if (h->flags & ISAKMP_FLAG_ENC) {
		ike_p1_fail(ctx, sa, "message 1 has the encryption flag set");
		return;
	}
	if (ike_chain_parse(h->np, buf + ISAKMP_HDR_LEN, len - ISAKMP_HDR_LEN,
			    ISAKMP_HDR_LEN, false, &c, &err)) {
		ike_p1_fail(ctx, sa, err.msg);
		return;
	}
	pl = ike_chain_find(&c, ISAKMP_NP_SA, NULL);
	if (!pl) {
		ike_p1_fail(ctx, sa, "message 1 has no SA payload");
		return;
	}
	if (ike_sa_parse(pl, &sap, &err)) {
		ike_p1_fail(ctx, sa, err.msg);
		return;
	}
	ike_p1_note_vids(ctx, sa, &c);
	if (ike_p1_choose(&ctx->cfg, &sap, ike_ra_on(sa) && sa->ra->xauth, &ch, why,
			  sizeof(why))) {
		uint8_t n[8] = { 0, 0, 0, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ISAKMP,
				 0, 0, ISAKMP_N_NO_PROPOSAL_CHOSEN };

		ctx->drops.no_proposal++;
		ike_p1_fail(ctx, sa, why);
		/* Tell the client, in clear: no keys exist yet. */
		ike_send_info(ctx, sa, ISAKMP_NP_N, n, sizeof(n));
		return;
	}
	sa->prop = ch.prop;
	sa->blk = ike_cipher_block(ch.prop.enc);
	sa->life_s = ctx->cfg.p1_lifetime_s;
	if (ch.life_s && ch.life_s < sa->life_s)
		sa->life_s = ch.life_s;
	sa->hs->sai_b = malloc(pl->len);
	if (!sa->hs->sai_b) {
		ike_sa_kill(ctx, sa);
		return;
	}
	memcpy(sa->hs->sai_b, pl->body, pl->len);
	sa->hs->sai_len = pl->len;

	sa->auth_method = ch.auth;
	/* MM2: our SA is the chosen transform, byte for byte, alone. */
	ike_hdr_for(sa, ISAKMP_EXCH_MAIN, 0, &rh);
	ike_buf_init(&b);
	ike_msg_start(&b, &rh);
	ike_p1_put_sa(&b, &ch);
	ike_p1_add_vids(sa, &b);
	ike_msg_finish(&b);
	if (!b.err) {
		ike_p1_send_reply(ctx, sa, &b, buf, len);
		sa->state = IKE_P1_SA_SENT;
	}
	ike_buf_free(&b);
}

/* NAT-D (RFC 3947 3.2): the first is the peer's view of us, the rest its own. */
int ike_p1_natd_check(struct ike_ctx *ctx, struct ike_sa *sa,
		      const struct ike_chain *c)
{
	uint8_t mine[IKE_MAX_HASH], theirs[IKE_MAX_HASH];
	uint8_t type = ike_natd_type(sa->natt);
	size_t hl = ike_hash_len(sa->prop.hash);
	const struct ike_payload *pl;
	unsigned int from = 0, n = 0;
	bool peer_seen = false;
	char peer[64];

	if (ike_natd_hash(sa->prop.hash, sa->cky_i, sa->cky_r, &ctx->rx_local,
			  mine) ||
	    ike_natd_hash(sa->prop.hash, sa->cky_i, sa->cky_r, &ctx->rx_remote,
			  theirs))
		return -1;
	while ((pl = ike_chain_find(c, type, &from))) {
		if (pl->len != hl)
			return -1;
		if (n++ == 0)
			sa->nat_local = memcmp(pl->body, mine, hl) != 0;
		else if (!memcmp(pl->body, theirs, hl))
			peer_seen = true;
	}
	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	if (n < 2) {
		/* NAT-T was offered but not used: treat the path as clean. */
		ike_log(ctx, IKE_LOG_DEBUG, "IKE phase 1 from %s: %u NAT-D payloads, assuming no NAT",
			peer, n);
		sa->nat_local = false;
		return 0;
	}
	sa->nat_peer = !peer_seen;
	if (sa->nat_local || sa->nat_peer)
		ike_log(ctx, IKE_LOG_INFO, "IKE phase 1 from %s: NAT detected (%s%s%s)",
			peer, sa->nat_peer ? "peer behind NAT" : "",
			sa->nat_peer && sa->nat_local ? ", " : "",
			sa->nat_local ? "we are behind NAT" : "");
	return 0;
}

/* NAT-D (RFC 3947 3.2): the peer as we see it first, then ourselves. */
void ike_p1_add_natd(struct ike_ctx *ctx, struct ike_sa *sa,
		     struct ike_buf *b)
{
	uint8_t hash[IKE_MAX_HASH];
	size_t s = ike_hash_len(sa->prop.hash);

	if (!ike_natd_hash(sa->prop.hash, sa->cky_i, sa->cky_r,
			   &ctx->rx_remote, hash))
		ike_pl_add(b, ike_natd_type(sa->natt), hash, s);
	if (!ike_natd_hash(sa->prop.hash, sa->cky_i, sa->cky_r,
			   &ctx->rx_local, hash))
		ike_pl_add(b, ike_natd_type(sa->natt), hash, s);
}

int ike_p1_keys(struct ike_sa *sa, const struct ike_payload *ke,
		const struct ike_payload *no, const char **why)
{
	uint8_t gxy[IKE_MAX_DH];
	size_t gxy_len, dhlen = ike_dh_len(sa->prop.group);
	int r = -1;

	sa->hs->dh = ike_dh_new(sa->prop.group);
	if (!sa->hs->dh) {
		*why = "cannot generate a Diffie-Hellman key";
		return -1;
	}
	*why = "the peer's Diffie-Hellman public value is invalid";
	if (ike_dh_derive(sa->hs->dh, ke->body, ke->len, gxy, &gxy_len))
		goto out;
	memcpy(sa->hs->gxi, ke->body, dhlen);
	memcpy(sa->hs->gxr, ike_dh_pub(sa->hs->dh), dhlen);
	sa->hs->gx_len = dhlen;
	memcpy(sa->hs->ni, no->body, no->len);
	sa->hs->ni_len = no->len;
	*why = "key derivation failed";
	if (ike_random(sa->hs->nr, IKE_NONCE_LEN) ||
	    ike_p1_derive(sa->prop.hash, sa->hs->psk, sa->hs->psk_len, sa->hs->ni,
			  sa->hs->ni_len, sa->hs->nr, IKE_NONCE_LEN, gxy, gxy_len,
			  sa->cky_i, sa->cky_r, ike_p1_enc_key_len(&sa->prop),
			  &sa->keys, sa->hs->skeyid) ||
	    ike_iv_phase1(sa->prop.hash, sa->hs->gxi, sa->hs->gxr, dhlen, sa->blk,
			  sa->iv))
		goto out;
	r = 0;
out:
	ike_wipe(gxy, sizeof(gxy));
	ike_dh_free(sa->hs->dh);
	sa->hs->dh = NULL;
	return r;
}

static void mm3(struct ike_ctx *ctx, struct ike_sa *sa,
		const struct isakmp_hdr *h, const uint8_t *buf, size_t len)
{
	const struct ike_payload *ke, *no;
	size_t dhlen = ike_dh_len(sa->prop.group);
	const char *fail;
	struct isakmp_hdr rh;
	struct ike_chain c;
	struct ike_err err;
	struct ike_buf b;
	char why[256];

	if (h->flags & ISAKMP_FLAG_ENC) {
		ike_p1_fail(ctx, sa, "message 3 has the encryption flag set");
		return;
	}
	if (ike_chain_parse(h->np, buf + ISAKMP_HDR_LEN, len - ISAKMP_HDR_LEN,
			    ISAKMP_HDR_LEN, false, &c, &err)) {
		ike_p1_fail(ctx, sa, err.msg);
		return;
	}
	ke = ike_chain_find(&c, ISAKMP_NP_KE, NULL);
	no = ike_chain_find(&c, ISAKMP_NP_NONCE, NULL);
	if (!ke || !no) {
		ike_p1_fail(ctx, sa, "message 3 lacks the KE or nonce payload");
		return;
	}
	if (ke->len != dhlen) {
		snprintf(why, sizeof(why), "KE of %u bytes for %s, which needs %zu",
			 ke->len, ike_group_name(sa->prop.group), dhlen);
		ike_p1_fail(ctx, sa, why);
		return;
	}
	if (no->len < IKE_MIN_NONCE || no->len > IKE_MAX_NONCE) {
		snprintf(why, sizeof(why), "nonce of %u bytes (8 to 256 allowed)",
			 no->len);
		ike_p1_fail(ctx, sa, why);
		return;
	}
	ike_p1_note_vids(ctx, sa, &c);
	if (ike_p1_keys(sa, ke, no, &fail)) {
		ike_p1_fail(ctx, sa, fail);
		return;
	}
	if (sa->natt && ike_p1_natd_check(ctx, sa, &c)) {
		ike_p1_fail(ctx, sa, "malformed NAT-D payload");
		return;
	}

	ike_hdr_for(sa, ISAKMP_EXCH_MAIN, 0, &rh);
	ike_buf_init(&b);
	ike_msg_start(&b, &rh);
	ike_pl_add(&b, ISAKMP_NP_KE, sa->hs->gxr, dhlen);
	ike_pl_add(&b, ISAKMP_NP_NONCE, sa->hs->nr, IKE_NONCE_LEN);
	if (sa->natt)
		ike_p1_add_natd(ctx, sa, &b);
	ike_msg_finish(&b);
	if (!b.err) {
		ike_p1_send_reply(ctx, sa, &b, buf, len);
		sa->state = IKE_P1_KE_SENT;
	}
	ike_buf_free(&b);
}

void ike_p1_established(struct ike_ctx *ctx, struct ike_sa *sa, bool ic)
{
	char name[IKE_NAME_LEN], peer[64], id[64] = "";
	const char *natt = "no NAT-T";

	sa->state = IKE_P1_ESTABLISHED;
	ike_p1_hs_free(sa);
	ctx->saved_changes++;
	sa->expire_at = ctx->now + (uint64_t)sa->life_s * 1000;
	sa->resend_at = 0;
	sa->tries = 0;
	if (sa->dpd && ctx->cfg.dpd_interval_s)
		sa->dpd_at = ctx->now + (uint64_t)ctx->cfg.dpd_interval_s * 1000;
	if (sa->natt == IKE_NATT_RFC)
		natt = "NAT-T RFC 3947";
	else if (sa->natt)
		natt = "NAT-T draft";
	if (sa->peer_id_len >= 8 && sa->peer_id[0] == ISAKMP_ID_IPV4) {
		struct ike_addr a = { .family = AF_INET };

		memcpy(a.ip, sa->peer_id + 4, 4);
		ike_addr_str(&a, false, id, sizeof(id));
	}
	ike_p1_prop_name(&sa->prop, name, sizeof(name));
	ike_addr_str(&sa->remote, true, peer, sizeof(peer));
	ike_log(ctx, IKE_LOG_INFO,
		"IKE phase 1 with %s established: %s%s, %s%s%s%s%s%s%s, lifetime %u s",
		peer, sa->aggressive ? "Aggressive Mode (weak: PSK open to offline guessing), " : "",
		name, natt,
		sa->nat_peer ? " (peer behind NAT)" : "",
		sa->nat_local ? " (we are behind NAT)" : "",
		*id ? ", ID " : "", id,
		ike_ra_on(sa) ? ", group " : "", ike_ra_on(sa) ? sa->ra->group : "",
		sa->life_s);
	if (ic)
		ike_initial_contact(ctx, sa);
	/* XAUTH and Mode-Config, before the peer's first Quick Mode. */
	if (ike_ra_on(sa))
		ike_ra_next(ctx, sa);
}

void ike_p1_peer_done(struct ike_sa *sa)
{
	if (sa->state != IKE_P1_ESTABLISHED)
		return;
	ike_msgcopy_free(&sa->rx);
	ike_msgcopy_free(&sa->tx);
}

static void mm5(struct ike_ctx *ctx, struct ike_sa *sa,
		const struct isakmp_hdr *h, const uint8_t *buf, size_t len)
{
	uint8_t iv[IKE_MAX_BLOCK], hash[IKE_MAX_HASH], *plain = NULL;
	const struct ike_payload *id, *hp, *pl;
	struct ike_id idp;
	struct isakmp_hdr rh;
	struct ike_chain c;
	struct ike_err err;
	struct ike_buf b;
	unsigned int from = 0;
	bool ic = false;
	char why[300];
	size_t s;
	uint8_t idr[4 + 16];
	size_t idr_len;

	if (!(h->flags & ISAKMP_FLAG_ENC)) {
		ike_p1_fail(ctx, sa, "message 5 is not encrypted");
		return;
	}
	memcpy(iv, sa->iv, sa->blk);
	if (ike_decrypt(sa, iv, buf, len, &plain)) {
		snprintf(why, sizeof(why), "malformed payload: encrypted body of %zu bytes is not a multiple of the %zu-byte block at offset %d",
			 len - ISAKMP_HDR_LEN, sa->blk, ISAKMP_HDR_LEN);
		ike_p1_fail(ctx, sa, why);
		return;
	}
	/* With a wrong key the body decrypts to noise: say what is likely. */
	if (ike_chain_parse(h->np, plain, len - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN,
			    true, &c, &err) ||
	    !(id = ike_chain_find(&c, ISAKMP_NP_ID, NULL)) ||
	    !(hp = ike_chain_find(&c, ISAKMP_NP_HASH, NULL)) ||
	    ike_id_parse(id, &idp, &err) || hp->len != sa->keys.prf_len ||
	    id->len > IKE_MAX_ID) {
		snprintf(why, sizeof(why), "HASH mismatch: wrong pre-shared key? (message 5 does not decrypt to ID and HASH payloads)");
		ctx->drops.bad_hash++;
		ike_p1_fail(ctx, sa, why);
		goto out;
	}
	if (ike_hash_auth(sa->prop.hash, sa->hs->skeyid, sa->keys.prf_len,
			  sa->hs->gxi, sa->hs->gxr, sa->hs->gx_len,
			  sa->cky_i, sa->cky_r, sa->hs->sai_b, sa->hs->sai_len,
			  id->body, id->len, hash) ||
	    memcmp(hash, hp->body, hp->len)) {
		ctx->drops.bad_hash++;
		ike_p1_fail(ctx, sa, "HASH mismatch: wrong pre-shared key?");
		goto out;
	}
	if (ike_sa_set_peer_id(sa, id->body, id->len)) {
		ike_p1_fail(ctx, sa, "out of memory");
		goto out;
	}
	memcpy(sa->iv, iv, sa->blk);
	sa->local = ctx->rx_local;
	sa->remote = ctx->rx_remote;
	while ((pl = ike_chain_find(&c, ISAKMP_NP_N, &from))) {
		struct ike_notify n;

		if (!ike_notify_parse(pl, &n, &err) &&
		    n.type == ISAKMP_N_INITIAL_CONTACT)
			ic = true;
	}

	/* IDir: our address, with the peer's protocol and port convention. */
	idr[0] = sa->local.family == AF_INET6 ? ISAKMP_ID_IPV6 : ISAKMP_ID_IPV4;
	idr[1] = idp.proto;
	ike_set16(idr + 2, idp.port);
	idr_len = 4 + (sa->local.family == AF_INET6 ? 16 : 4);
	memcpy(idr + 4, sa->local.ip, idr_len - 4);
	if (ike_hash_auth(sa->prop.hash, sa->hs->skeyid, sa->keys.prf_len,
			  sa->hs->gxr, sa->hs->gxi, sa->hs->gx_len,
			  sa->cky_r, sa->cky_i, sa->hs->sai_b, sa->hs->sai_len,
			  idr, idr_len, hash))
		goto out;
	ike_hdr_for(sa, ISAKMP_EXCH_MAIN, 0, &rh);
	ike_buf_init(&b);
	ike_msg_start(&b, &rh);
	ike_pl_add(&b, ISAKMP_NP_ID, idr, idr_len);
	s = sa->keys.prf_len;
	ike_pl_add(&b, ISAKMP_NP_HASH, hash, s);
	if (!ike_encrypt(sa, sa->iv, &b)) {
		ike_p1_send_reply(ctx, sa, &b, buf, len);
		ike_p1_established(ctx, sa, ic);
	}
	ike_buf_free(&b);
out:
	if (plain)
		ike_wipe(plain, len - ISAKMP_HDR_LEN);
	free(plain);
}

void ike_main_input(struct ike_ctx *ctx, struct ike_sa *sa,
		    const struct isakmp_hdr *h, const uint8_t *buf,
		    size_t len)
{
	char peer[64];

	/* A repeat of the last request: our reply was lost, send it again. */
	if (sa->rx.len == len && !memcmp(sa->rx.buf, buf, len)) {
		if (sa->tx.len)
			ike_send(ctx, &sa->local, &sa->remote, sa->tx.buf,
				 sa->tx.len);
		return;
	}
	if (h->msgid) {
		ike_addr_str(&sa->remote, false, peer, sizeof(peer));
		ike_log(ctx, IKE_LOG_DEBUG, "IKE Main Mode from %s dropped: message ID %#x is not 0",
			peer, h->msgid);
		return;
	}
	switch (sa->state) {
	case IKE_P1_NEW:
		mm1(ctx, sa, h, buf, len);
		break;
	case IKE_P1_SA_SENT:
		mm3(ctx, sa, h, buf, len);
		break;
	case IKE_P1_KE_SENT:
		mm5(ctx, sa, h, buf, len);
		break;
	default:
		ike_addr_str(&sa->remote, false, peer, sizeof(peer));
		ike_log(ctx, IKE_LOG_DEBUG, "IKE Main Mode from %s dropped: phase 1 already established",
			peer);
	}
}
