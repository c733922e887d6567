// SPDX-License-Identifier: GPL-2.0
/*
 * Aggressive Mode responder with pre-shared keys (RFC 2409 section 5.4),
 * as the Cisco VPN Client and vpnc speak it:
 *
 *   AM1 HDR, SA, KE, Ni, IDii, VID...  ->  AM2 HDR, SA, KE, Nr, IDir,
 *                                              HASH_R, VID..., NAT-D...
 *   AM3 HDR[*], HASH_I [, NAT-D...] [, N(INITIAL-CONTACT)]
 *
 * IDii names the group (ID_KEY_ID, ID_FQDN or ID_USER_FQDN): its key
 * authenticates the exchange.  This is weak by design: AM2 carries
 * HASH_R in clear, computed from that key and public values, so anyone
 * who captures one exchange can guess keys offline.  It is allowed only
 * for groups that ask for it, and logged and shown as weak.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sa.h"

struct ike_sa *ike_aggr_new(struct ike_ctx *ctx, const struct ike_addr *local,
			    const struct ike_addr *remote,
			    const struct isakmp_hdr *h)
{
	struct ike_sa *sa = ike_sa_new(ctx, local, remote, h);

	if (sa)
		sa->aggressive = true;
	return sa;
}

/* A group name from the wire, printable for the log. */
static void name_str(const uint8_t *p, size_t len, char *buf, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 5 < size; i++) {
		if (isprint(p[i]) && p[i] != '"' && p[i] != '\\')
			buf[n++] = p[i];
		else
			n += snprintf(buf + n, size - n, "\\x%02x", p[i]);
	}
	buf[n] = 0;
}

static void refuse(struct ike_ctx *ctx, struct ike_sa *sa, uint16_t type,
		   const char *why)
{
	uint8_t n[8] = { 0, 0, 0, ISAKMP_DOI_IPSEC, ISAKMP_PROTO_ISAKMP, 0 };

	ike_p1_fail(ctx, sa, why);
	/* In clear: no keys exist yet. */
	ike_set16(n + 6, type);
	ike_send_info(ctx, sa, ISAKMP_NP_N, n, sizeof(n));
}

/* The group the client names, with Aggressive Mode allowed; else NULL. */
static const struct ike_ra_group *group_for(struct ike_ctx *ctx,
					    struct ike_sa *sa,
					    const struct ike_id *id)
{
	const struct ike_ra_group *g;
	char name[4 * IKE_NAME_MAX], why[6 * IKE_NAME_MAX];

	if (id->type != ISAKMP_ID_KEY_ID && id->type != ISAKMP_ID_FQDN &&
	    id->type != ISAKMP_ID_USER_FQDN) {
		snprintf(why, sizeof(why), "Aggressive Mode ID of type %u; a group name (ID_KEY_ID, ID_FQDN or ID_USER_FQDN) is needed",
			 id->type);
		refuse(ctx, sa, ISAKMP_N_INVALID_ID_INFORMATION, why);
		return NULL;
	}
	name_str(id->data, id->data_len < IKE_NAME_MAX ? id->data_len :
		 IKE_NAME_MAX, name, sizeof(name));
	g = ike_group_find(ctx, id->data, id->data_len);
	if (!g) {
		snprintf(why, sizeof(why), "unknown group \"%s\"", name);
		refuse(ctx, sa, ISAKMP_N_INVALID_ID_INFORMATION, why);
		return NULL;
	}
	if (!g->aggressive || !g->psk_len) {
		snprintf(why, sizeof(why), "group \"%s\" does not allow Aggressive Mode (weak); use Main Mode",
			 name);
		refuse(ctx, sa, ISAKMP_N_INVALID_EXCHANGE_TYPE, why);
		return NULL;
	}
	return g;
}

static int am2_send(struct ike_ctx *ctx, struct ike_sa *sa,
		    const struct ike_p1_choice *ch, const struct ike_id *idi,
		    const uint8_t *rx, size_t rx_len)
{
	uint8_t idr[4 + 16], hash[IKE_MAX_HASH];
	struct isakmp_hdr rh;
	struct ike_buf b;
	size_t idr_len;
	int r = -1;

	/* IDir: our address, with the peer's protocol and port convention. */
	idr[0] = sa->local.family == AF_INET6 ? ISAKMP_ID_IPV6 : ISAKMP_ID_IPV4;
	idr[1] = idi->proto;
	ike_set16(idr + 2, idi->port);
	idr_len = 4 + (sa->local.family == AF_INET6 ? 16 : 4);
	memcpy(idr + 4, ctx->rx_local.ip, idr_len - 4);
	if (ike_hash_auth(sa->prop.hash, sa->hs->skeyid, sa->keys.prf_len,
			  sa->hs->gxr, sa->hs->gxi, sa->hs->gx_len,
			  sa->cky_r, sa->cky_i, sa->hs->sai_b, sa->hs->sai_len,
			  idr, idr_len, hash))
		return -1;
	ike_hdr_for(sa, ISAKMP_EXCH_AGGRESSIVE, 0, &rh);
	ike_buf_init(&b);
	ike_msg_start(&b, &rh);
	ike_p1_put_sa(&b, ch);
	ike_pl_add(&b, ISAKMP_NP_KE, sa->hs->gxr, sa->hs->gx_len);
	ike_pl_add(&b, ISAKMP_NP_NONCE, sa->hs->nr, IKE_NONCE_LEN);
	ike_pl_add(&b, ISAKMP_NP_ID, idr, idr_len);
	ike_pl_add(&b, ISAKMP_NP_HASH, hash, sa->keys.prf_len);
	ike_p1_add_vids(sa, &b);
	if (sa->natt)
		ike_p1_add_natd(ctx, sa, &b);
	ike_msg_finish(&b);
	if (!b.err) {
		ike_p1_send_reply(ctx, sa, &b, rx, rx_len);
		r = 0;
	}
	ike_buf_free(&b);
	return r;
}

static void am1(struct ike_ctx *ctx, struct ike_sa *sa,
		const struct isakmp_hdr *h, const uint8_t *buf, size_t len)
{
	const struct ike_payload *pl, *ke, *no, *id;
	const struct ike_ra_group *g;
	struct ike_p1_choice ch;
	struct ike_sa_pl sap;
	struct ike_chain c;
	struct ike_err err;
	struct ike_id idi;
	const char *fail;
	char why[1024];

	if (h->flags & ISAKMP_FLAG_ENC) {
		ike_p1_fail(ctx, sa, "Aggressive Mode message 1 has the encryption flag set");
		return;
	}
	if (ike_chain_parse(h->np, buf + ISAKMP_HDR_LEN, len - ISAKMP_HDR_LEN,
			    ISAKMP_HDR_LEN, false, &c, &err)) {
		ike_p1_fail(ctx, sa, err.msg);
		return;
	}
	pl = ike_chain_find(&c, ISAKMP_NP_SA, NULL);
	ke = ike_chain_find(&c, ISAKMP_NP_KE, NULL);
	no = ike_chain_find(&c, ISAKMP_NP_NONCE, NULL);
	id = ike_chain_find(&c, ISAKMP_NP_ID, NULL);
	if (!pl || !ke || !no || !id) {
		ike_p1_fail(ctx, sa, "Aggressive Mode message 1 lacks the SA, KE, nonce or ID payload");
		return;
	}
	if (ike_id_parse(id, &idi, &err)) {
		ike_p1_fail(ctx, sa, err.msg);
		return;
	}
	if (id->len > IKE_MAX_ID) {
		ike_p1_fail(ctx, sa, "Aggressive Mode ID longer than 256 bytes");
		return;
	}
	g = group_for(ctx, sa, &idi);
	if (!g)
		return;
	sa->hs->psk = malloc(g->psk_len);
	if (ike_ra_start(ctx, sa, g) || !sa->hs->psk) {
		ike_sa_kill(ctx, sa);
		return;
	}
	memcpy(sa->hs->psk, g->psk, g->psk_len);
	sa->hs->psk_len = g->psk_len;
	if (ike_sa_set_peer_id(sa, id->body, id->len)) {
		ike_sa_kill(ctx, sa);
		return;
	}
	if (ike_sa_parse(pl, &sap, &err)) {
		ike_p1_fail(ctx, sa, err.msg);
		return;
	}
	ike_p1_note_vids(ctx, sa, &c);
	if (ike_p1_choose(&ctx->cfg, &sap, g->xauth, &ch, why, sizeof(why))) {
		ctx->drops.no_proposal++;
		refuse(ctx, sa, ISAKMP_N_NO_PROPOSAL_CHOSEN, why);
		return;
	}
	if (ke->len != ike_dh_len(ch.prop.group)) {
		snprintf(why, sizeof(why), "KE of %u bytes for %s, which needs %zu",
			 ke->len, ike_group_name(ch.prop.group),
			 ike_dh_len(ch.prop.group));
		refuse(ctx, sa, ISAKMP_N_INVALID_KEY_INFORMATION, why);
		return;
	}
	if (no->len < IKE_MIN_NONCE || no->len > IKE_MAX_NONCE) {
		snprintf(why, sizeof(why), "nonce of %u bytes (8 to 256 allowed)",
			 no->len);
		ike_p1_fail(ctx, sa, why);
		return;
	}
	sa->prop = ch.prop;
	sa->auth_method = ch.auth;
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
	if (ike_p1_keys(sa, ke, no, &fail)) {
		refuse(ctx, sa, ISAKMP_N_INVALID_KEY_INFORMATION,
		       "the peer's Diffie-Hellman public value is invalid");
		return;
	}
	if (am2_send(ctx, sa, &ch, &idi, buf, len))
		return;
	sa->state = IKE_P1_AM_SENT;
}

static void am3(struct ike_ctx *ctx, struct ike_sa *sa,
		const struct isakmp_hdr *h, const uint8_t *buf, size_t len)
{
	uint8_t iv[IKE_MAX_BLOCK], hash[IKE_MAX_HASH], *plain = NULL;
	const struct ike_payload *hp, *pl;
	const uint8_t *body = buf + ISAKMP_HDR_LEN;
	unsigned int from = 0;
	struct ike_chain c;
	struct ike_err err;
	bool ic = false;

	/* RFC 2409 leaves AM3 in clear; Cisco encrypts it. */
	memcpy(iv, sa->iv, sa->blk);
	if (h->flags & ISAKMP_FLAG_ENC) {
		if (ike_decrypt(sa, iv, buf, len, &plain)) {
			ike_p1_fail(ctx, sa, "Aggressive Mode message 3 does not decrypt (length not a multiple of the block)");
			return;
		}
		body = plain;
	}
	if (ike_chain_parse(h->np, body, len - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN,
			    plain != NULL, &c, &err)) {
		if (plain)
			ctx->drops.bad_hash++;
		else
			ctx->drops.malformed++;
		ike_p1_fail(ctx, sa, plain ? "HASH mismatch: wrong group pre-shared key? (message 3 does not decrypt)" :
			    err.msg);
		goto out;
	}
	hp = ike_chain_find(&c, ISAKMP_NP_HASH, NULL);
	if (!hp || hp->len != sa->keys.prf_len) {
		ike_p1_fail(ctx, sa, "Aggressive Mode message 3 has no HASH_I of the right size");
		goto out;
	}
	if (ike_hash_auth(sa->prop.hash, sa->hs->skeyid, sa->keys.prf_len,
			  sa->hs->gxi, sa->hs->gxr, sa->hs->gx_len,
			  sa->cky_i, sa->cky_r, sa->hs->sai_b, sa->hs->sai_len,
			  sa->peer_id, sa->peer_id_len, hash) ||
	    memcmp(hash, hp->body, hp->len)) {
		ctx->drops.bad_hash++;
		ike_p1_fail(ctx, sa, "HASH mismatch: wrong group pre-shared key?");
		goto out;
	}
	if (sa->natt && ike_p1_natd_check(ctx, sa, &c)) {
		ike_p1_fail(ctx, sa, "malformed NAT-D payload");
		goto out;
	}
	while ((pl = ike_chain_find(&c, ISAKMP_NP_N, &from))) {
		struct ike_notify n;

		if (!ike_notify_parse(pl, &n, &err) &&
		    n.type == ISAKMP_N_INITIAL_CONTACT)
			ic = true;
	}
	memcpy(sa->iv, iv, sa->blk);
	/* Authenticated: NAT-T may have moved the client to 4500. */
	sa->local = ctx->rx_local;
	sa->remote = ctx->rx_remote;
	ike_msgcopy_set(&sa->rx, buf, len);
	ike_msgcopy_free(&sa->tx);
	ike_p1_established(ctx, sa, ic);
out:
	if (plain)
		ike_wipe(plain, len - ISAKMP_HDR_LEN);
	free(plain);
}

void ike_aggr_input(struct ike_ctx *ctx, struct ike_sa *sa,
		    const struct isakmp_hdr *h, const uint8_t *buf,
		    size_t len)
{
	char peer[64];

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	if (!sa->aggressive) {
		ike_log(ctx, IKE_LOG_DEBUG, "IKE Aggressive Mode from %s dropped: this SA began in Main Mode",
			peer);
		return;
	}
	/* A repeat of AM1: our AM2 was lost, send it again. */
	if (sa->rx.len == len && !memcmp(sa->rx.buf, buf, len)) {
		if (sa->tx.len)
			ike_send(ctx, &sa->local, &sa->remote, sa->tx.buf,
				 sa->tx.len);
		return;
	}
	if (h->msgid) {
		ike_log(ctx, IKE_LOG_DEBUG, "IKE Aggressive Mode from %s dropped: message ID %#x is not 0",
			peer, h->msgid);
		return;
	}
	switch (sa->state) {
	case IKE_P1_NEW:
		am1(ctx, sa, h, buf, len);
		break;
	case IKE_P1_AM_SENT:
		am3(ctx, sa, h, buf, len);
		break;
	default:
		ike_log(ctx, IKE_LOG_DEBUG, "IKE Aggressive Mode from %s dropped: phase 1 already established",
			peer);
	}
}
