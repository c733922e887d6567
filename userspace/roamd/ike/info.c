// SPDX-License-Identifier: GPL-2.0
/*
 * Informational exchanges (RFC 2408 4.8, RFC 2409 5.7): notifications,
 * deletes, INITIAL-CONTACT and Dead Peer Detection (RFC 3706).
 *
 * Only encrypted, HASH(1)-authenticated informationals change state.  A
 * notification in clear (the peer refusing our MM2, say) is logged and
 * otherwise ignored: anyone can forge one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sa.h"

void ike_notify_send(struct ike_ctx *ctx, struct ike_sa *sa, uint16_t type,
		     uint8_t proto, const uint8_t *spi, size_t spi_len,
		     const uint8_t *data, size_t data_len)
{
	uint8_t body[8 + 16 + 16];

	if (spi_len > 16 || data_len > 16)
		return;
	ike_set32(body, ISAKMP_DOI_IPSEC);
	body[4] = proto;
	body[5] = spi_len;
	ike_set16(body + 6, type);
	memcpy(body + 8, spi, spi_len);
	memcpy(body + 8 + spi_len, data, data_len);
	ike_send_info(ctx, sa, ISAKMP_NP_N, body, 8 + spi_len + data_len);
}

void ike_delete_send_isakmp(struct ike_ctx *ctx, struct ike_sa *sa)
{
	uint8_t body[8 + 16];

	ike_set32(body, ISAKMP_DOI_IPSEC);
	body[4] = ISAKMP_PROTO_ISAKMP;
	body[5] = 16;
	ike_set16(body + 6, 1);
	memcpy(body + 8, sa->cky_i, 8);
	memcpy(body + 16, sa->cky_r, 8);
	ike_send_info(ctx, sa, ISAKMP_NP_D, body, sizeof(body));
}

/* We name our inbound SPI: the one the peer sends with. */
void ike_delete_send_esp(struct ike_ctx *ctx, struct ike_sa *sa,
			 uint32_t spi_in)
{
	uint8_t body[8 + 4];

	ike_set32(body, ISAKMP_DOI_IPSEC);
	body[4] = ISAKMP_PROTO_ESP;
	body[5] = 4;
	ike_set16(body + 6, 1);
	ike_set32(body + 8, spi_in);
	ike_send_info(ctx, sa, ISAKMP_NP_D, body, sizeof(body));
}

/*
 * Same client: same address, and behind a NAT also the same identity.
 * A group's name is every member's identity (vpnc and the Cisco client
 * send it as their ID): behind one NAT only the same public port tells
 * that an SA is this member's own, so without it nothing is dropped and
 * a rebooted member's old SAs go by DPD or expiry instead.
 */
static bool same_peer(const struct ike_sa *sa, const struct ike_addr *remote,
		      const uint8_t *id, size_t id_len)
{
	if (!ike_addr_eq(&sa->remote, remote, false))
		return false;
	if (!sa->nat_peer)
		return true;
	if (ike_ra_on(sa) && !ike_addr_eq(&sa->remote, remote, true))
		return false;
	return sa->peer_id_len == id_len && !memcmp(sa->peer_id, id, id_len);
}

/*
 * The client rebooted or reconnected and forgot its old SAs (RFC 2407
 * 4.6.3.3).  Several clients may share one hotel NAT address, so behind
 * a NAT only SAs with the same phase 1 identity (the client's private
 * address, for Windows and Apple) are taken for this client's.
 */
void ike_initial_contact(struct ike_ctx *ctx, struct ike_sa *sa)
{
	unsigned int n_ike = 0, n_esp = 0;
	struct ike_child *ch;
	struct ike_sa *o;
	char peer[64];

	/* same_peer() wants the same address: those filed under it */
	for (o = ike_sa_host_first(ctx, &sa->remote); o;
	     o = ike_sa_host_next(ctx, o, &sa->remote)) {
		if (o == sa || o->state == IKE_P1_DEAD ||
		    !same_peer(sa, &o->remote, o->peer_id, o->peer_id_len))
			continue;
		ike_sa_kill(ctx, o);
		n_ike++;
	}
	for (ch = ike_child_host_first(ctx, &sa->remote); ch;
	     ch = ike_child_host_next(ctx, ch, &sa->remote)) {
		if (ch->dead ||
		    !same_peer(sa, &ch->sa.remote, ch->peer_id, ch->peer_id_len))
			continue;
		ike_child_kill(ctx, ch, false);
		n_esp++;
	}
	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	if (n_ike || n_esp)
		ike_log(ctx, IKE_LOG_INFO,
			"IKE INITIAL-CONTACT from %s: dropped %u old phase 1 and %u IPsec SAs",
			peer, n_ike, n_esp);
}

static void dpd_alive(struct ike_ctx *ctx, struct ike_sa *sa)
{
	sa->dpd_deadline = 0;
	if (sa->dpd && ctx->cfg.dpd_interval_s)
		sa->dpd_at = ctx->now + (uint64_t)ctx->cfg.dpd_interval_s * 1000;
}

static void on_notify(struct ike_ctx *ctx, struct ike_sa *sa,
		      const struct ike_notify *n, const char *peer)
{
	uint8_t spi[16];
	uint32_t seq;

	switch (n->type) {
	case ISAKMP_N_R_U_THERE:
		if (n->data_len != 4)
			break;
		seq = ike_get32(n->data);
		sa->dpd_peer_seq = seq;
		memcpy(spi, sa->cky_i, 8);
		memcpy(spi + 8, sa->cky_r, 8);
		ike_notify_send(ctx, sa, ISAKMP_N_R_U_THERE_ACK,
				ISAKMP_PROTO_ISAKMP, spi, 16, n->data, 4);
		return;
	case ISAKMP_N_R_U_THERE_ACK:
		if (n->data_len != 4)
			break;
		seq = ike_get32(n->data);
		/* Any of our recent probes counts: they may cross. */
		if (sa->dpd_seq - seq < 16)
			dpd_alive(ctx, sa);
		return;
	case ISAKMP_N_INITIAL_CONTACT:
		ike_initial_contact(ctx, sa);
		return;
	}
	ike_log(ctx, n->type < 16384 ? IKE_LOG_WARN : IKE_LOG_INFO,
		"IKE notification from %s: %s (%u)", peer,
		ike_notify_name(n->type), n->type);
}

static void on_delete(struct ike_ctx *ctx, struct ike_sa *sa,
		      const struct ike_delete *d, const char *peer)
{
	struct ike_child *ch;
	unsigned int i;

	if (d->proto == ISAKMP_PROTO_ISAKMP && d->spi_size == 16) {
		for (i = 0; i < d->n_spi; i++) {
			const uint8_t *c = d->spis + 16 * i;

			if (memcmp(c, sa->cky_i, 8) || memcmp(c + 8, sa->cky_r, 8))
				continue;
			ike_log(ctx, IKE_LOG_INFO,
				"IKE phase 1 with %s deleted by the peer", peer);
			ike_sa_kill(ctx, sa);
		}
		return;
	}
	if (d->proto != ISAKMP_PROTO_ESP || d->spi_size != 4)
		return;
	for (i = 0; i < d->n_spi; i++) {
		uint32_t spi = ike_get32(d->spis + 4 * i);

		for (ch = ike_child_host_first(ctx, &sa->remote); ch;
		     ch = ike_child_host_next(ctx, ch, &sa->remote)) {
			if (ch->dead || ch->sa.spi_out != spi ||
			    !ike_addr_eq(&ch->sa.remote, &sa->remote, false))
				continue;
			ike_log(ctx, IKE_LOG_INFO,
				"IPsec SA with %s (SPIs %08x/%08x) deleted by the peer",
				peer, ch->sa.spi_in, ch->sa.spi_out);
			ike_child_kill(ctx, ch, false);
		}
	}
}

static void log_clear(struct ike_ctx *ctx, const struct isakmp_hdr *h,
		      const uint8_t *buf, size_t len, const char *peer)
{
	const struct ike_payload *pl;
	struct ike_notify n;
	unsigned int from = 0;
	struct ike_chain c;
	struct ike_err err;

	if (ike_chain_parse(h->np, buf + ISAKMP_HDR_LEN, len - ISAKMP_HDR_LEN,
			    ISAKMP_HDR_LEN, false, &c, &err)) {
		ike_log(ctx, IKE_LOG_DEBUG, "IKE Informational from %s dropped: %s",
			peer, err.msg);
		return;
	}
	while ((pl = ike_chain_find(&c, ISAKMP_NP_N, &from)))
		if (!ike_notify_parse(pl, &n, &err))
			ike_log(ctx, IKE_LOG_WARN,
				"IKE notification from %s (unauthenticated): %s (%u)",
				peer, ike_notify_name(n.type), n.type);
}

void ike_info_input(struct ike_ctx *ctx, struct ike_sa *sa,
		    const struct isakmp_hdr *h, const uint8_t *buf,
		    size_t len)
{
	uint8_t iv[IKE_MAX_BLOCK], *plain = NULL;
	const struct ike_payload *pl;
	struct ike_chain c;
	struct ike_err err;
	unsigned int i;
	char peer[64];

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	if (!(h->flags & ISAKMP_FLAG_ENC)) {
		log_clear(ctx, h, buf, len, peer);
		return;
	}
	if (ike_iv_phase2(sa->prop.hash, sa->iv, sa->blk, h->msgid, iv) ||
	    ike_decrypt(sa, iv, buf, len, &plain))
		goto out;
	if (ike_chain_parse(h->np, plain, len - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN,
			    true, &c, &err)) {
		ike_log(ctx, IKE_LOG_DEBUG, "IKE Informational from %s dropped: %s",
			peer, err.msg);
		goto out;
	}
	if (ike_check_hash1(ctx, sa, h->msgid, &c, plain, len - ISAKMP_HDR_LEN))
		goto out;
	/* Authenticated traffic proves the peer is alive (RFC 3706 5.3). */
	dpd_alive(ctx, sa);
	ike_peer_follow(ctx, sa);
	for (i = 1; i < c.n; i++) {
		pl = &c.pl[i];
		if (pl->type == ISAKMP_NP_N) {
			struct ike_notify n;

			if (!ike_notify_parse(pl, &n, &err))
				on_notify(ctx, sa, &n, peer);
		} else if (pl->type == ISAKMP_NP_D) {
			struct ike_delete d;

			if (!ike_delete_parse(pl, &d, &err))
				on_delete(ctx, sa, &d, peer);
		}
		if (sa->state == IKE_P1_DEAD)
			break;
	}
out:
	if (plain)
		ike_wipe(plain, len - ISAKMP_HDR_LEN);
	free(plain);
}

/* The peer of sa has an ESP SA pair (of this IKE SA or of an older one). */
static bool peer_has_child(struct ike_ctx *ctx, const struct ike_sa *sa)
{
	struct ike_child *ch;

	for (ch = ike_child_host_first(ctx, &sa->remote); ch;
	     ch = ike_child_host_next(ctx, ch, &sa->remote))
		if (!ch->dead && ike_addr_eq(&ch->sa.remote, &sa->remote, true))
			return true;
	return false;
}

void ike_dpd_timer(struct ike_ctx *ctx, struct ike_sa *sa)
{
	struct ike_child *ch;
	uint8_t spi[16], seq[4];
	char peer[64];

	if (sa->dpd_deadline && sa->dpd_deadline <= ctx->now) {
		ike_addr_str(&sa->remote, true, peer, sizeof(peer));
		ike_log(ctx, IKE_LOG_WARN,
			"IKE peer %s is dead (no DPD reply in %u s): deleting its SAs",
			peer, ctx->cfg.dpd_timeout_s);
		for (ch = ike_child_host_first(ctx, &sa->remote); ch;
		     ch = ike_child_host_next(ctx, ch, &sa->remote))
			if (!ch->dead &&
			    ike_addr_eq(&ch->sa.remote, &sa->remote, true))
				ike_child_kill(ctx, ch, false);
		ike_sa_kill(ctx, sa);
		return;
	}
	if (!sa->dpd_at || sa->dpd_at > ctx->now)
		return;
	/*
	 * A remote-access client still setting up (XAUTH, Mode-Config, its
	 * script, Quick Mode) is not probed: vpnc takes an R-U-THERE that
	 * comes while it waits for an answer for a wrong message ID and
	 * gives up.  The exchanges' own timeouts end a client that vanishes
	 * meanwhile.
	 */
	if (ike_ra_on(sa) && !peer_has_child(ctx, sa)) {
		sa->dpd_at = ctx->now + (uint64_t)ctx->cfg.dpd_interval_s * 1000;
		return;
	}
	if (!sa->dpd_seq && ike_random(&sa->dpd_seq, sizeof(sa->dpd_seq)))
		return;
	sa->dpd_seq++;
	memcpy(spi, sa->cky_i, 8);
	memcpy(spi + 8, sa->cky_r, 8);
	ike_set32(seq, sa->dpd_seq);
	ike_notify_send(ctx, sa, ISAKMP_N_R_U_THERE, ISAKMP_PROTO_ISAKMP, spi,
			16, seq, 4);
	if (!sa->dpd_deadline)
		sa->dpd_deadline = ctx->now +
				   (uint64_t)ctx->cfg.dpd_timeout_s * 1000;
	/* Probe again each interval until an ACK or the deadline. */
	sa->dpd_at = ctx->now + (uint64_t)ctx->cfg.dpd_interval_s * 1000;
}
