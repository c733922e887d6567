// SPDX-License-Identifier: GPL-2.0
/*
 * ISAKMP SAs across a roamd restart: their secrets read out for the state
 * file, and the deletes a restarted roamd sends for them (ike.h).
 */
#include <stdlib.h>
#include <string.h>

#include "sa.h"

static void to_secrets(const struct ike_sa *sa, struct ike_sa_secrets *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->cky_i, sa->cky_i, 8);
	memcpy(s->cky_r, sa->cky_r, 8);
	s->local = sa->local;
	s->remote = sa->remote;
	s->natt = sa->natt;
	s->hash = sa->prop.hash;
	s->enc = sa->prop.enc;
	s->blk = sa->blk;
	s->prf_len = sa->keys.prf_len;
	s->enc_len = sa->keys.enc_len;
	memcpy(s->skeyid_d, sa->keys.skeyid_d, sizeof(s->skeyid_d));
	memcpy(s->skeyid_a, sa->keys.skeyid_a, sizeof(s->skeyid_a));
	memcpy(s->skeyid_e, sa->keys.skeyid_e, sizeof(s->skeyid_e));
	memcpy(s->enc_key, sa->keys.enc_key, sizeof(s->enc_key));
	memcpy(s->iv, sa->iv, sizeof(s->iv));
	s->dpd = sa->dpd;
	s->ms_client = sa->ms_client;
	s->nat_local = sa->nat_local;
	s->nat_peer = sa->nat_peer;
	s->aggressive = sa->aggressive;
	s->auth_method = sa->auth_method;
	s->life_s = sa->life_s;
	s->expire_ms = sa->expire_at;
	s->dpd_seq = sa->dpd_seq;
	s->dpd_peer_seq = sa->dpd_peer_seq;
	s->peer_id_len = sa->peer_id_len < sizeof(s->peer_id) ?
			 sa->peer_id_len : sizeof(s->peer_id);
	memcpy(s->peer_id, sa->peer_id, s->peer_id_len);
}

uint64_t ike_saved_changes(const struct ike_ctx *ctx)
{
	return ctx->saved_changes;
}

void ike_foreach_secrets(const struct ike_ctx *ctx,
			 void (*fn)(const struct ike_sa_secrets *s, void *arg),
			 void *arg)
{
	struct ike_sa_secrets s;
	const struct ike_sa *sa;

	for (sa = ctx->sas; sa; sa = sa->next) {
		if (sa->state != IKE_P1_ESTABLISHED)
			continue;
		to_secrets(sa, &s);
		fn(&s, arg);
	}
	ike_wipe(&s, sizeof(s));
}

int ike_secrets_check(const struct ike_sa_secrets *s)
{
	if (!s->blk || s->blk > IKE_MAX_BLOCK ||
	    s->blk != ike_cipher_block(s->enc) ||
	    !s->prf_len || s->prf_len != ike_hash_len(s->hash) ||
	    !s->enc_len || s->enc_len > IKE_MAX_KEY)
		return -1;
	return 0;
}

void ike_sa_from_secrets(struct ike_sa *sa, const struct ike_sa_secrets *s)
{
	sa->state = IKE_P1_ESTABLISHED;
	memcpy(sa->cky_i, s->cky_i, 8);
	memcpy(sa->cky_r, s->cky_r, 8);
	sa->local = s->local;
	sa->remote = s->remote;
	sa->natt = s->natt;
	sa->prop.hash = s->hash;
	sa->prop.enc = s->enc;
	sa->blk = s->blk;
	sa->keys.prf_len = s->prf_len;
	sa->keys.enc_len = s->enc_len;
	memcpy(sa->keys.skeyid_d, s->skeyid_d, sizeof(s->skeyid_d));
	memcpy(sa->keys.skeyid_a, s->skeyid_a, sizeof(s->skeyid_a));
	memcpy(sa->keys.skeyid_e, s->skeyid_e, sizeof(s->skeyid_e));
	memcpy(sa->keys.enc_key, s->enc_key, sizeof(s->enc_key));
	memcpy(sa->iv, s->iv, sizeof(s->iv));
}

int ike_secrets_delete(const struct ike_sa_secrets *s, const uint32_t *spi_in,
		       size_t n_spi, bool isakmp_first,
		       struct ike_actions *out)
{
	struct ike_ctx *ctx;
	struct ike_sa *sa;
	size_t i;

	if (ike_secrets_check(s))
		return -1;
	/* A context of its own: only its action list is used. */
	ctx = calloc(1, sizeof(*ctx));
	sa = calloc(1, sizeof(*sa));
	if (!ctx || !sa) {
		free(ctx);
		free(sa);
		return -1;
	}
	ctx->out = out;
	ike_sa_from_secrets(sa, s);
	if (isakmp_first)
		ike_delete_send_isakmp(ctx, sa);
	for (i = 0; i < n_spi; i++)
		ike_delete_send_esp(ctx, sa, spi_in[i]);
	if (!isakmp_first)
		ike_delete_send_isakmp(ctx, sa);
	ike_wipe(sa, sizeof(*sa));
	free(sa);
	free(ctx);
	return 0;
}
