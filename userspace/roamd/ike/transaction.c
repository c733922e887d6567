// SPDX-License-Identifier: GPL-2.0
/*
 * The Transaction exchange (ISAKMP exchange type 6) that carries XAUTH
 * and Mode-Config, and the order of the remote-access steps after
 * phase 1: XAUTH (xauth.c), then the client's settings (modecfg.c), then
 * Quick Mode in tunnel mode (quick.c).
 *
 *   HDR*, HASH, ATTR    HASH = prf(SKEYID_a, M-ID | ATTR)
 *
 * as the informational HASH(1) (draft-dukes-ike-mode-cfg-02 3.2), in
 * both directions.  Each message ID starts its own CBC chain from
 * hash(last phase 1 IV | M-ID); the answer continues that chain.
 *
 * Two exchanges may be open at once: ours (a REQUEST for credentials or
 * a SET, resent on the timer until answered) and the client's (a
 * Mode-Config REQUEST, whose REPLY we resend when the REQUEST repeats).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sa.h"

int ike_ra_start(struct ike_ctx *ctx, struct ike_sa *sa,
		 const struct ike_ra_group *g)
{
	(void)ctx;
	if (!sa->ra)
		sa->ra = calloc(1, sizeof(*sa->ra));
	if (!sa->ra)
		return -1;
	sa->ra->on = true;
	snprintf(sa->ra->group, sizeof(sa->ra->group), "%s", g->name);
	sa->ra->xauth = g->xauth;
	sa->ra->push = g->push_config;
	sa->ra->xa = g->xauth ? IKE_XA_START : IKE_XA_NONE;
	sa->ra->mc = IKE_MC_START;
	return 0;
}

bool ike_ra_ready(const struct ike_sa *sa)
{
	const struct ike_ra *ra = sa->ra;

	return (ra->xa == IKE_XA_NONE || ra->xa == IKE_XA_OK) &&
	       (ra->mc == IKE_MC_SET_SENT || ra->mc == IKE_MC_GIVEN);
}

void ike_ra_next(struct ike_ctx *ctx, struct ike_sa *sa)
{
	struct ike_ra *ra = sa->ra;

	if (!ra || !ra->on || sa->state != IKE_P1_ESTABLISHED)
		return;
	if (ra->xa == IKE_XA_START) {
		if (!ra->ours.open)
			ike_xauth_request(ctx, sa, NULL);
		return;
	}
	if (ra->xa != IKE_XA_NONE && ra->xa != IKE_XA_OK)
		return;
	if (ra->mc == IKE_MC_START) {
		/* The host's pools decide the address: ask once. */
		if (ike_event_push(ctx, IKE_EV_CONFIG_NEED, sa))
			ra->mc = IKE_MC_ASKED;
		return;
	}
	if (ra->mc != IKE_MC_HAVE)
		return;
	if (ra->pull_waiting)
		ike_mc_reply(ctx, sa);
	else if (ra->push && !ra->ours.open)
		ike_mc_push(ctx, sa);
}

void ike_txn_free(struct ike_txn *t)
{
	ike_msgcopy_free(&t->rx);
	ike_msgcopy_free(&t->tx);
	memset(t, 0, sizeof(*t));
}

/* HDR*, HASH, ATTR(type, ident, attrs) on t's message ID and chain. */
static int txn_send(struct ike_ctx *ctx, struct ike_sa *sa, struct ike_txn *t,
		    uint8_t type, const uint8_t *attrs, size_t len)
{
	uint8_t hash[IKE_MAX_HASH];
	struct isakmp_hdr h;
	struct ike_buf b;
	size_t hs, rest, a;
	int r = -1;

	ike_hdr_for(sa, ISAKMP_EXCH_TRANSACTION, t->msgid, &h);
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	hs = ike_pl_start(&b, ISAKMP_NP_HASH);
	ike_put(&b, hash, sa->keys.prf_len);	/* placeholder */
	ike_pl_end(&b, hs);
	rest = b.len;
	a = ike_cfg_start(&b, type, t->ident);
	ike_put(&b, attrs, len);
	ike_pl_end(&b, a);
	if (b.err ||
	    ike_hash_msgid(sa, t->msgid, b.p + rest, b.len - rest, hash))
		goto out;
	memcpy(b.p + hs + ISAKMP_GEN_LEN, hash, sa->keys.prf_len);
	if (ike_encrypt(sa, t->iv, &b))
		goto out;
	t->type = type;
	ike_msgcopy_set(&t->tx, b.p, b.len);
	ike_send(ctx, &sa->local, &sa->remote, b.p, b.len);
	r = 0;
out:
	ike_buf_free(&b);
	return r;
}

static bool msgid_in_use(const struct ike_sa *sa, uint32_t m)
{
	if (ike_quick_msgid_in_use(sa, m))
		return true;
	return sa->ra &&
	       (m == sa->ra->peers.msgid || m == sa->ra->ours.msgid);
}

int ike_txn_begin(struct ike_ctx *ctx, struct ike_sa *sa, uint8_t type,
		  const uint8_t *attrs, size_t len)
{
	struct ike_txn *t = &sa->ra->ours;
	uint32_t msgid = 0;

	while (!msgid || msgid_in_use(sa, msgid))
		if (ike_random(&msgid, sizeof(msgid)))
			return -1;
	ike_txn_free(t);
	t->msgid = msgid;
	if (ike_random(&t->ident, sizeof(t->ident)) ||
	    ike_iv_phase2(sa->prop.hash, sa->iv, sa->blk, msgid, t->iv) ||
	    txn_send(ctx, sa, t, type, attrs, len))
		return -1;
	t->open = true;
	if (ctx->cfg.retransmit_ms)
		t->resend_at = ctx->now + ctx->cfg.retransmit_ms;
	return 0;
}

int ike_txn_answer(struct ike_ctx *ctx, struct ike_sa *sa, uint8_t type,
		   const uint8_t *attrs, size_t len)
{
	return txn_send(ctx, sa, &sa->ra->peers, type, attrs, len);
}

/* The client answered our REQUEST or SET. */
static void on_answer(struct ike_ctx *ctx, struct ike_sa *sa,
		      const struct ike_cfg_pl *c, const uint8_t *iv,
		      const uint8_t *buf, size_t len, const char *peer)
{
	struct ike_txn *t = &sa->ra->ours;

	if (!((t->type == IKE_CFG_REQUEST && c->type == IKE_CFG_REPLY) ||
	      (t->type == IKE_CFG_SET && c->type == IKE_CFG_ACK))) {
		ike_log(ctx, IKE_LOG_WARN,
			"IKE Transaction from %s dropped: %s in answer to our %s",
			peer, ike_cfg_type_name(c->type),
			ike_cfg_type_name(t->type));
		return;
	}
	t->open = false;
	t->resend_at = 0;
	memcpy(t->iv, iv, sa->blk);
	ike_msgcopy_free(&t->tx);
	ike_msgcopy_set(&t->rx, buf, len);
	if (c->type == IKE_CFG_REPLY)
		ike_xauth_on_reply(ctx, sa, c);
	else if (sa->ra->mc == IKE_MC_SET_SENT)
		ike_mc_on_ack(ctx, sa);
	else
		ike_xauth_on_ack(ctx, sa);
}

void ike_txn_input(struct ike_ctx *ctx, struct ike_sa *sa,
		   const struct isakmp_hdr *h, const uint8_t *buf,
		   size_t len)
{
	struct ike_ra *ra = sa->ra;
	uint8_t iv[IKE_MAX_BLOCK], *plain = NULL;
	const struct ike_payload *pl;
	struct ike_cfg_pl c;
	struct ike_chain ch;
	struct ike_err err;
	bool ours;
	char peer[64];

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	if (!h->msgid || !(h->flags & ISAKMP_FLAG_ENC)) {
		ike_log(ctx, IKE_LOG_DEBUG, "IKE Transaction from %s dropped: message ID 0 or not encrypted",
			peer);
		return;
	}
	if (!ra || !ra->on) {
		ike_log(ctx, IKE_LOG_WARN,
			"IKE Transaction (XAUTH/Mode-Config) from %s ignored: its key belongs to no remote-access group",
			peer);
		return;
	}
	/* The client's REQUEST again: our REPLY was lost. */
	if (h->msgid == ra->peers.msgid && ra->peers.rx.len == len &&
	    !memcmp(ra->peers.rx.buf, buf, len)) {
		if (ra->peers.tx.len)
			ike_send(ctx, &sa->local, &sa->remote, ra->peers.tx.buf,
				 ra->peers.tx.len);
		return;
	}
	if (h->msgid == ra->ours.msgid && !ra->ours.open)
		return;		/* a repeated answer, already taken */
	ours = h->msgid == ra->ours.msgid;
	if (ours)
		memcpy(iv, ra->ours.iv, sa->blk);
	else if (ike_iv_phase2(sa->prop.hash, sa->iv, sa->blk, h->msgid, iv))
		return;
	if (ike_decrypt(sa, iv, buf, len, &plain)) {
		ike_log(ctx, IKE_LOG_WARN, "IKE Transaction from %s dropped: body of %zu bytes is not a multiple of the block",
			peer, len - ISAKMP_HDR_LEN);
		return;
	}
	if (ike_chain_parse(h->np, plain, len - ISAKMP_HDR_LEN, ISAKMP_HDR_LEN,
			    true, &ch, &err)) {
		ike_log(ctx, IKE_LOG_WARN, "IKE Transaction from %s dropped: %s",
			peer, err.msg);
		goto out;
	}
	if (ike_check_hash1(ctx, sa, h->msgid, &ch, plain,
			    len - ISAKMP_HDR_LEN))
		goto out;
	ike_p1_peer_done(sa);
	pl = ike_chain_find(&ch, ISAKMP_NP_ATTR, NULL);
	if (!pl) {
		ike_log(ctx, IKE_LOG_WARN, "IKE Transaction from %s dropped: no attribute payload",
			peer);
		goto out;
	}
	if (ike_cfg_parse(pl, &c, &err)) {
		ike_log(ctx, IKE_LOG_WARN, "IKE Transaction from %s dropped: %s",
			peer, err.msg);
		goto out;
	}
	/* Authenticated: the client may have moved (NAT-T, new mapping). */
	ike_peer_follow(ctx, sa);
	if (ours && ra->ours.open) {
		on_answer(ctx, sa, &c, iv, buf, len, peer);
	} else if (c.type == IKE_CFG_REQUEST) {
		struct ike_txn t = { .msgid = h->msgid, .ident = c.ident };

		memcpy(t.iv, iv, sa->blk);
		ike_txn_free(&ra->peers);
		ra->peers = t;
		if (ike_mc_on_request(ctx, sa, &c))
			ike_txn_free(&ra->peers);	/* retried later */
		else
			ike_msgcopy_set(&ra->peers.rx, buf, len);
	} else {
		ike_log(ctx, IKE_LOG_WARN, "IKE Transaction from %s dropped: unexpected %s",
			peer, ike_cfg_type_name(c.type));
	}
	ike_ra_next(ctx, sa);
out:
	if (plain)
		ike_wipe(plain, len - ISAKMP_HDR_LEN);
	free(plain);
}

void ike_txn_timer(struct ike_ctx *ctx, struct ike_sa *sa)
{
	struct ike_txn *t;
	char peer[64];

	if (!sa->ra)
		return;
	t = &sa->ra->ours;
	if (!t->open || !t->resend_at || t->resend_at > ctx->now)
		return;
	if (t->tries < ctx->cfg.retransmit_tries && t->tx.len) {
		t->tries++;
		ike_send(ctx, &sa->local, &sa->remote, t->tx.buf, t->tx.len);
		t->resend_at = ctx->now +
			((uint64_t)ctx->cfg.retransmit_ms << t->tries);
		return;
	}
	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	ike_log(ctx, IKE_LOG_WARN,
		"IKE %s from %s failed: no answer to our %s %s: deleting the IKE SA",
		sa->ra->xa == IKE_XA_ASKED ? "XAUTH" : "Mode-Config", peer,
		sa->ra->xa == IKE_XA_ASKED ? "XAUTH" : "Mode-Config",
		ike_cfg_type_name(t->type));
	ike_delete_send_isakmp(ctx, sa);
	ike_sa_kill(ctx, sa);
}

void ike_ra_end(struct ike_ctx *ctx, struct ike_sa *sa, const char *why)
{
	struct ike_event *e;
	struct ike_child *ch;

	for (ch = ike_child_owner_first(ctx, sa->serial); ch;
	     ch = ike_child_owner_next(ch))
		if (!ch->dead)
			ike_child_kill(ctx, ch, false);
	/*
	 * The host gave an address: it may go back to its pool now, unless
	 * a newer IKE SA of the client carries it on.
	 */
	if (sa->ra->mc >= IKE_MC_HAVE && !sa->ra->renewed) {
		e = ike_event_push(ctx, IKE_EV_CLIENT_DOWN, sa);
		if (e) {
			memcpy(e->addr, sa->ra->cfg.addr, 4);
			snprintf(e->reason, sizeof(e->reason), "%s", why);
		}
	}
	sa->ra->on = false;
}
