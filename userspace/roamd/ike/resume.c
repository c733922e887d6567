// SPDX-License-Identifier: GPL-2.0
/*
 * ISAKMP SAs and their ESP pairs taken back into the engine by a roamd
 * started after another one died (ike.h, ike_resume_sa()): what the
 * earlier roamd saved (restore.c reads it out) is all the engine needs to
 * go on answering the peer (DPD, Informationals, a new Quick Mode); the
 * ESP pairs' keys stay in the kernel.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "crypto.h"
#include "proposal.h"
#include "sa.h"

static bool endpoint_ok(const struct ike_addr *a)
{
	return (a->family == AF_INET || a->family == AF_INET6) && a->port;
}

/*
 * Our next R-U-THERE must carry a number the peer has not seen.  The
 * saved number is the one of the last save, and probes do not cause a
 * save: the earlier roamd sent at most one per DPD interval since the SA
 * was established (a probe unanswered for dpd_timeout ends the SA, so no
 * more than that).  Moving past that bound (plus one for rounding) is
 * enough, and stays far inside the peer's window.
 */
static uint32_t dpd_seq_after(const struct ike_ctx *ctx,
			      const struct ike_sa_secrets *s, uint64_t now)
{
	uint64_t life_ms = (uint64_t)s->life_s * 1000, since, probes;

	if (!s->dpd_seq)
		return 0;	/* never probed: a random start, as always */
	since = s->expire_ms > life_ms && now > s->expire_ms - life_ms ?
		now - (s->expire_ms - life_ms) : 0;
	probes = ctx->cfg.dpd_interval_s ?
		 since / ((uint64_t)ctx->cfg.dpd_interval_s * 1000) : 0;
	return s->dpd_seq + (uint32_t)probes + 2;
}

uint64_t ike_resume_sa(struct ike_ctx *ctx, uint64_t now_ms,
		       const struct ike_sa_secrets *s, struct ike_actions *out)
{
	static const uint8_t zero[8];
	struct isakmp_hdr h = {};
	char peer[64];
	struct ike_sa *sa;

	if (ike_secrets_check(s) || !endpoint_ok(&s->local) ||
	    !endpoint_ok(&s->remote) || s->local.family != s->remote.family ||
	    s->auth_method != IKE_AUTH_PSK || s->expire_ms <= now_ms ||
	    !s->life_s || s->peer_id_len > IKE_MAX_ID ||
	    !memcmp(s->cky_i, zero, 8) || !memcmp(s->cky_r, zero, 8))
		return 0;
	memcpy(h.cky_i, s->cky_i, 8);
	memcpy(h.cky_r, s->cky_r, 8);
	ctx->now = now_ms;
	if (ike_sa_by_cookies(ctx, &h, &s->remote))
		return 0;
	sa = calloc(1, sizeof(*sa));
	if (!sa)
		return 0;
	ike_sa_from_secrets(sa, s);
	sa->serial = ctx->next_serial++;
	sa->prop.key_bits = s->enc == IKE_ENC_AES_CBC ? s->enc_len * 8 : 0;
	sa->life_s = s->life_s;
	sa->expire_at = s->expire_ms;
	sa->dpd = s->dpd;
	sa->ms_client = s->ms_client;
	sa->nat_local = s->nat_local;
	sa->nat_peer = s->nat_peer;
	sa->aggressive = s->aggressive;
	sa->auth_method = s->auth_method;
	if (ike_sa_set_peer_id(sa, s->peer_id, s->peer_id_len)) {
		ike_wipe(sa, sizeof(*sa));
		free(sa);
		return 0;
	}
	sa->dpd_seq = dpd_seq_after(ctx, s, now_ms);
	sa->dpd_peer_seq = s->dpd_peer_seq;
	if (sa->dpd && ctx->cfg.dpd_interval_s)
		sa->dpd_at = now_ms + (uint64_t)ctx->cfg.dpd_interval_s * 1000;
	ctx->out = out;
	if (ike_sa_link(ctx, sa)) {
		free(sa->peer_id);
		ike_wipe(sa, sizeof(*sa));
		free(sa);
		ctx->out = NULL;
		return 0;
	}
	ctx->saved_changes++;
	ike_addr_str(&sa->remote, true, peer, sizeof(peer));
	ike_log(ctx, IKE_LOG_INFO,
		"IKE phase 1 with %s resumed from the restart state, %llu s of its lifetime left",
		peer, (unsigned long long)((s->expire_ms - now_ms) / 1000));
	ike_act_timer(ctx, ike_table_sync(ctx));
	ctx->out = NULL;
	return sa->serial;
}

uint64_t ike_resume_child(struct ike_ctx *ctx, uint64_t now_ms,
			  uint64_t sa_id, const struct ike_esp_sa *esp,
			  uint64_t expire_ms, struct ike_actions *out)
{
	struct ike_sa *sa = ike_sa_by_serial(ctx, sa_id);
	struct ike_child *ch;

	if (!sa || sa->state != IKE_P1_ESTABLISHED || !esp->spi_in ||
	    !esp->spi_out || ike_child_by_spi(ctx, esp->spi_in))
		return 0;
	ch = calloc(1, sizeof(*ch));
	if (!ch)
		return 0;
	if (sa->peer_id_len) {
		ch->peer_id = malloc(sa->peer_id_len);
		if (!ch->peer_id) {
			free(ch);
			return 0;
		}
		memcpy(ch->peer_id, sa->peer_id, sa->peer_id_len);
		ch->peer_id_len = sa->peer_id_len;
	}
	ctx->now = now_ms;
	ctx->out = out;
	/* whatever keys the caller passed stay out: the kernel has them */
	ike_child_sa_set(&ch->sa, esp);
	ch->sa.id = ctx->next_serial++;
	ch->sa.ike_sa_id = sa_id;
	ch->peer_natted = sa->nat_peer;
	ch->expire_at = expire_ms ? expire_ms : sa->expire_at;
	if (ike_child_link(ctx, ch)) {
		ike_child_free(ch);
		ctx->out = NULL;
		return 0;
	}
	ike_act_timer(ctx, ike_table_sync(ctx));
	ctx->out = NULL;
	return ch->sa.id;
}
