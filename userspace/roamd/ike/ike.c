// SPDX-License-Identifier: GPL-2.0
/*
 * The responder context: configuration, the tables of ISAKMP SAs and ESP
 * pairs, dispatch of datagrams to the exchange handlers, and timers.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sa.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

#define IKE_REFUSED_LOG_S	10	/* one line per interval at most */

/*
 * The default proposals: every combination of the algorithms real clients
 * offer (Windows, macOS/iOS, Android), strongest cipher first, then
 * hash, then group; the weak ones (DES, MD5, MODP-768/1024) after all the
 * others, and chosen only with allow_weak.
 */
static const struct {
	enum ike_enc enc;
	uint16_t bits;
} p1_encs[] = {
	{ IKE_ENC_AES_CBC, 256 }, { IKE_ENC_AES_CBC, 128 },
	{ IKE_ENC_3DES, 0 }, { IKE_ENC_DES, 0 },
};
static const enum ike_hash p1_hashes[] = {
	IKE_HASH_SHA2_512, IKE_HASH_SHA2_384, IKE_HASH_SHA2_256,
	IKE_HASH_SHA1, IKE_HASH_MD5,
};
static const enum ike_group p1_groups[] = {
	IKE_GROUP_ECP384, IKE_GROUP_ECP256, IKE_GROUP_MODP2048,
	IKE_GROUP_MODP1536, IKE_GROUP_MODP1024, IKE_GROUP_MODP768,
};
static const struct {
	enum ike_esp_enc enc;
	uint16_t bits;
} p2_encs[] = {
	{ IKE_ESP_AES_CBC, 256 }, { IKE_ESP_AES_CBC, 128 },
	{ IKE_ESP_3DES, 0 }, { IKE_ESP_DES, 0 },
};
static const enum ike_esp_auth p2_auths[] = {
	IKE_ESP_AUTH_SHA2_512, IKE_ESP_AUTH_SHA2_384, IKE_ESP_AUTH_SHA2_256,
	IKE_ESP_AUTH_SHA1, IKE_ESP_AUTH_MD5,
};

#define N_P1	(ARRAY_LEN(p1_encs) * ARRAY_LEN(p1_hashes) * \
		 ARRAY_LEN(p1_groups))
#define N_P2	(ARRAY_LEN(p2_encs) * ARRAY_LEN(p2_auths))

/* Built once; the daemon is single-threaded. */
static struct ike_p1_prop default_p1[N_P1];
static struct ike_p2_prop default_p2[N_P2];

static void defaults_build(void)
{
	size_t e, h, g, n1 = 0, n2 = 0;
	int weak;

	if (default_p1[0].enc)
		return;
	for (weak = 0; weak < 2; weak++) {
		for (e = 0; e < ARRAY_LEN(p1_encs); e++)
			for (h = 0; h < ARRAY_LEN(p1_hashes); h++)
				for (g = 0; g < ARRAY_LEN(p1_groups); g++) {
					struct ike_p1_prop p = {
						p1_encs[e].enc, p1_encs[e].bits,
						p1_hashes[h], p1_groups[g],
					};

					if (ike_p1_weak(&p) == weak)
						default_p1[n1++] = p;
				}
		for (e = 0; e < ARRAY_LEN(p2_encs); e++)
			for (h = 0; h < ARRAY_LEN(p2_auths); h++) {
				struct ike_p2_prop p = {
					p2_encs[e].enc, p2_encs[e].bits,
					p2_auths[h],
				};

				if (ike_p2_weak(&p) == weak)
					default_p2[n2++] = p;
			}
	}
}

void ike_config_default(struct ike_config *cfg)
{
	defaults_build();
	memset(cfg, 0, sizeof(*cfg));
	cfg->p1 = default_p1;
	cfg->n_p1 = N_P1;
	cfg->p2 = default_p2;
	cfg->n_p2 = N_P2;
	cfg->p1_lifetime_s = 28800;	/* what Windows proposes */
	cfg->p2_lifetime_s = 3600;
	cfg->dpd_interval_s = 30;
	cfg->dpd_timeout_s = 150;
	cfg->retransmit_ms = 2000;
	cfg->retransmit_tries = 5;
	cfg->half_open_s = 60;
	cfg->max_half_open = IKE_DEFAULT_MAX_HALF_OPEN;
	cfg->xauth_tries = 3;
}

static void config_free(struct ike_ctx *ctx)
{
	size_t i;

	for (i = 0; ctx->psk && i < ctx->cfg.n_psk; i++) {
		if (ctx->psk[i].key)
			ike_wipe((void *)ctx->psk[i].key, ctx->psk[i].key_len);
		free((void *)ctx->psk[i].key);
		free((void *)ctx->psk[i].group);
	}
	for (i = 0; ctx->groups && i < ctx->cfg.n_groups; i++) {
		if (ctx->groups[i].psk)
			ike_wipe((void *)ctx->groups[i].psk,
				 ctx->groups[i].psk_len);
		free((void *)ctx->groups[i].psk);
		free((void *)ctx->groups[i].name);
	}
	free(ctx->groups);
	ctx->groups = NULL;
	free(ctx->psk);
	free(ctx->p1);
	free(ctx->p2);
	ctx->psk = NULL;
	ctx->p1 = NULL;
	ctx->p2 = NULL;
}

int ike_reconfigure(struct ike_ctx *ctx, const struct ike_config *cfg)
{
	struct ike_ctx tmp = { .cfg = *cfg };
	size_t i;

	tmp.psk = calloc(cfg->n_psk + 1, sizeof(*tmp.psk));
	tmp.p1 = calloc(cfg->n_p1 + 1, sizeof(*tmp.p1));
	tmp.p2 = calloc(cfg->n_p2 + 1, sizeof(*tmp.p2));
	tmp.groups = calloc(cfg->n_groups + 1, sizeof(*tmp.groups));
	if (!tmp.psk || !tmp.p1 || !tmp.p2 || !tmp.groups) {
		tmp.cfg.n_psk = 0;
		tmp.cfg.n_groups = 0;
		goto fail;
	}
	for (i = 0; i < cfg->n_psk; i++) {
		uint8_t *k = malloc(cfg->psk[i].key_len + 1);
		char *g = cfg->psk[i].group ? strdup(cfg->psk[i].group) : NULL;

		tmp.psk[i] = cfg->psk[i];
		tmp.psk[i].key = k;
		tmp.psk[i].group = g;
		if (!k || (cfg->psk[i].group && !g)) {
			tmp.cfg.n_psk = i + 1;
			tmp.cfg.n_groups = 0;
			goto fail;
		}
		memcpy(k, cfg->psk[i].key, cfg->psk[i].key_len);
	}
	for (i = 0; i < cfg->n_groups; i++) {
		const struct ike_ra_group *g = &cfg->groups[i];
		struct ike_ra_group *c = &tmp.groups[i];
		uint8_t *k = malloc(g->psk_len + 1);

		*c = *g;
		c->psk = k;
		c->name = strdup(g->name ? g->name : "");
		if (!k || !c->name) {
			tmp.cfg.n_groups = i + 1;
			goto fail;
		}
		if (g->psk_len)
			memcpy(k, g->psk, g->psk_len);
	}
	if (cfg->n_p1)
		memcpy(tmp.p1, cfg->p1, cfg->n_p1 * sizeof(*tmp.p1));
	if (cfg->n_p2)
		memcpy(tmp.p2, cfg->p2, cfg->n_p2 * sizeof(*tmp.p2));
	config_free(ctx);
	ctx->cfg = *cfg;
	ctx->psk = tmp.psk;
	ctx->p1 = tmp.p1;
	ctx->p2 = tmp.p2;
	ctx->groups = tmp.groups;
	ctx->cfg.psk = ctx->psk;
	ctx->cfg.p1 = ctx->p1;
	ctx->cfg.p2 = ctx->p2;
	ctx->cfg.groups = ctx->groups;
	if (!ctx->cfg.retransmit_tries)
		ctx->cfg.retransmit_ms = 0;
	ctx->cfg.max_half_open = ike_max_half_open(ctx->cfg.max_half_open);
	return 0;
fail:
	config_free(&tmp);
	return -1;
}

struct ike_ctx *ike_new(const struct ike_config *cfg)
{
	struct ike_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->next_serial = 1;
	ike_table_init(ctx);
	if (ike_reconfigure(ctx, cfg)) {
		free(ctx);
		return NULL;
	}
	return ctx;
}

const struct ike_ra_group *ike_group_find(const struct ike_ctx *ctx,
					  const uint8_t *name, size_t len)
{
	size_t i;

	for (i = 0; i < ctx->cfg.n_groups; i++) {
		const char *n = ctx->cfg.groups[i].name;

		if (strlen(n) == len && !memcmp(n, name, len))
			return &ctx->cfg.groups[i];
	}
	return NULL;
}

struct ike_sa *ike_sa_new(struct ike_ctx *ctx, const struct ike_addr *local,
			  const struct ike_addr *remote,
			  const struct isakmp_hdr *h)
{
	static const uint8_t zero[8];
	struct ike_sa *sa = calloc(1, sizeof(*sa));

	if (!sa)
		return NULL;
	sa->hs = calloc(1, sizeof(*sa->hs));
	if (!sa->hs) {
		free(sa);
		return NULL;
	}
	do {
		if (ike_random(sa->cky_r, 8)) {
			ike_sa_free(sa);
			return NULL;
		}
	} while (!memcmp(sa->cky_r, zero, 8));
	memcpy(sa->cky_i, h->cky_i, 8);
	sa->serial = ctx->next_serial++;
	sa->state = IKE_P1_NEW;
	sa->local = *local;
	sa->remote = *remote;
	sa->expire_at = ctx->now + (uint64_t)ctx->cfg.half_open_s * 1000;
	if (ike_sa_link(ctx, sa)) {
		ike_sa_free(sa);
		return NULL;
	}
	return sa;
}

void ike_free(struct ike_ctx *ctx)
{
	struct ike_child *ch;
	struct ike_sa *sa;

	if (!ctx)
		return;
	ike_table_fini(ctx);
	while ((sa = ctx->sas)) {
		ctx->sas = sa->next;
		ike_sa_free(sa);
	}
	while ((ch = ctx->children)) {
		ctx->children = ch->next;
		ike_child_free(ch);
	}
	config_free(ctx);
	free(ctx);
}

bool ike_addr_eq(const struct ike_addr *a, const struct ike_addr *b,
		 bool port)
{
	size_t n = a->family == AF_INET6 ? 16 : 4;

	return a->family == b->family && !memcmp(a->ip, b->ip, n) &&
	       (!port || a->port == b->port);
}

void ike_sa_kill(struct ike_ctx *ctx, struct ike_sa *sa)
{
	if (sa->state == IKE_P1_ESTABLISHED)
		ctx->saved_changes++;
	sa->state = IKE_P1_DEAD;
	ike_sa_touch(ctx, sa);
}

struct ike_child *ike_child_add(struct ike_ctx *ctx, const struct ike_sa *sa,
				const struct ike_esp_sa *esp)
{
	struct ike_child *ch = calloc(1, sizeof(*ch));
	struct ike_esp_sa add;

	if (!ch)
		return NULL;
	ike_child_sa_set(&ch->sa, esp);
	ch->sa.id = ctx->next_serial++;
	ch->peer_natted = sa->nat_peer;
	if (sa->peer_id_len) {
		ch->peer_id = malloc(sa->peer_id_len);
		if (!ch->peer_id) {
			free(ch);
			return NULL;
		}
		memcpy(ch->peer_id, sa->peer_id, sa->peer_id_len);
		ch->peer_id_len = sa->peer_id_len;
	}
	ch->expire_at = ctx->now + (uint64_t)esp->lifetime_s * 1000;
	if (ike_child_link(ctx, ch)) {
		ike_child_free(ch);
		return NULL;
	}
	/* the keys go to the kernel in the action, and nowhere else */
	add = *esp;
	add.id = ch->sa.id;
	ike_act_sa_add(ctx, &add);
	ike_wipe(&add, sizeof(add));
	return ch;
}

void ike_child_kill(struct ike_ctx *ctx, struct ike_child *ch, bool notify)
{
	struct ike_esp_sa del;
	struct ike_sa *sa;

	if (ch->dead)
		return;
	ch->dead = true;
	ike_child_touch(ctx, ch);
	ike_child_sa_get(&ch->sa, &del);
	ike_act_sa_del(ctx, &del);
	if (notify) {
		sa = ike_sa_established_for(ctx, &ch->sa.remote);
		if (sa)
			ike_delete_send_esp(ctx, sa, ch->sa.spi_in);
	}
}

uint64_t ike_sa_deadline(const struct ike_sa *sa)
{
	uint64_t d = ike_earlier(sa->expire_at, sa->resend_at);

	d = ike_earlier(d, sa->dpd_at);
	d = ike_earlier(d, sa->dpd_deadline);
	if (sa->ra)
		d = ike_earlier(d, sa->ra->ours.resend_at);
	return ike_earlier(d, ike_quick_deadline(sa));
}

/*
 * Ends every event: re-file what it touched, free what died, tell the
 * loop when to call again (table.c).
 */
static void finish(struct ike_ctx *ctx)
{
	ike_act_timer(ctx, ike_table_sync(ctx));
	ctx->out = NULL;
}

/*
 * A new phase 1 over the limits: in all (the operator's bound on work in
 * setup, ike set setup-limit), or from one address (one source cannot
 * take every slot; a hotel NAT's guests share an address, hence a limit
 * far above one client's needs, yet never above the one in all).
 *
 * Load shedding: past the bound in all, each negotiation admitted costs
 * a Diffie-Hellman computation while those already queued wait longer,
 * until their clients' retransmissions run out and the work done for
 * them is lost.  A refused message 1 is dropped without a reply: IKEv1
 * has no "busy, try later" answer (none of the Notify message types of
 * RFC 2408 3.14.1 says so, and one sent before any key is agreed is
 * unauthenticated, which a client either ignores or takes as a final
 * failure), whereas silence leaves the initiator retransmitting its
 * message 1 on its own timer (RFC 2408 and 2409 leave that to it), and
 * a repeat may find a free slot.  Main and Aggressive Mode both pass
 * here.  Refusals are counted and logged at most once per interval,
 * with how many there were: each costs nothing but a counter, whatever
 * the rate.
 */
static bool half_open_refused(struct ike_ctx *ctx,
			      const struct ike_addr *remote, const char *peer)
{
	unsigned int limit = ctx->cfg.max_half_open;
	unsigned int per_peer = limit > IKE_MAX_HALF_OPEN_PER_PEER ?
				IKE_MAX_HALF_OPEN_PER_PEER : limit;
	unsigned int all = ctx->half_open;
	unsigned int from = ike_half_open_from(ctx, remote);

	if (all < limit && from < per_peer)
		return false;
	ctx->drops.rate_limited++;
	ctx->refused_unlogged++;
	if (ctx->now >= ctx->refused_log_at) {
		ike_log(ctx, IKE_LOG_WARN,
			"IKE phase 1 from %s refused: %u half-open negotiations from it, %u in all (limits %u, %u); %llu refused in the last %u s",
			peer, from, all, per_peer, limit,
			(unsigned long long)ctx->refused_unlogged,
			IKE_REFUSED_LOG_S);
		ctx->refused_unlogged = 0;
		ctx->refused_log_at = ctx->now + IKE_REFUSED_LOG_S * 1000;
	}
	return true;
}

void ike_get_drops(const struct ike_ctx *ctx, struct ike_drops *d)
{
	*d = ctx->drops;
}

void ike_input(struct ike_ctx *ctx, uint64_t now_ms,
	       const struct ike_addr *local, const struct ike_addr *remote,
	       const uint8_t *buf, size_t len, struct ike_actions *out)
{
	static const uint8_t zero[8];
	struct isakmp_hdr h;
	struct ike_err err;
	struct ike_sa *sa;
	char peer[64];

	ctx->now = now_ms;
	ctx->out = out;
	ctx->rx_local = *local;
	ctx->rx_remote = *remote;
	ike_addr_str(remote, true, peer, sizeof(peer));
	if (isakmp_hdr_parse(buf, len, &h, &err)) {
		ctx->drops.malformed++;
		ike_log(ctx, IKE_LOG_DEBUG, "IKE from %s dropped: malformed header: %s",
			peer, err.msg);
		goto out;
	}
	sa = ike_sa_by_cookies(ctx, &h, remote);
	if (sa)
		ike_sa_touch(ctx, sa);
	if (!sa) {
		if (memcmp(h.cky_r, zero, 8) || h.msgid) {
			ctx->drops.unknown_sa++;
			ike_log(ctx, IKE_LOG_DEBUG, "IKE %s from %s dropped: no SA for these cookies",
				ike_exchange_name(h.exch), peer);
			goto out;
		}
		if (h.exch != ISAKMP_EXCH_MAIN &&
		    h.exch != ISAKMP_EXCH_AGGRESSIVE) {
			ctx->drops.unknown_sa++;
			ike_log(ctx, IKE_LOG_DEBUG, "IKE %s from %s dropped: no SA for these cookies",
				ike_exchange_name(h.exch), peer);
			goto out;
		}
		if (half_open_refused(ctx, remote, peer))
			goto out;
		if (h.exch == ISAKMP_EXCH_AGGRESSIVE)
			sa = ike_aggr_new(ctx, local, remote, &h);
		else
			sa = ike_main_new(ctx, local, remote, &h);
		if (!sa)
			goto out;
	}
	/*
	 * Handlers move sa->local/remote to rx_local/rx_remote once a message
	 * has authenticated: NAT-T floats to 4500 and NAT mappings change.
	 */
	switch (h.exch) {
	case ISAKMP_EXCH_MAIN:
		ike_main_input(ctx, sa, &h, buf, len);
		break;
	case ISAKMP_EXCH_AGGRESSIVE:
		ike_aggr_input(ctx, sa, &h, buf, len);
		break;
	case ISAKMP_EXCH_QUICK:
	case ISAKMP_EXCH_INFO:
	case ISAKMP_EXCH_TRANSACTION:
		if (sa->state != IKE_P1_ESTABLISHED &&
		    !(h.exch == ISAKMP_EXCH_INFO && !(h.flags & ISAKMP_FLAG_ENC))) {
			ike_log(ctx, IKE_LOG_DEBUG, "IKE %s from %s dropped: phase 1 not established",
				ike_exchange_name(h.exch), peer);
			break;
		}
		if (h.exch == ISAKMP_EXCH_QUICK)
			ike_quick_input(ctx, sa, &h, buf, len);
		else if (h.exch == ISAKMP_EXCH_INFO)
			ike_info_input(ctx, sa, &h, buf, len);
		else
			ike_txn_input(ctx, sa, &h, buf, len);
		break;
	default:
		ike_log(ctx, IKE_LOG_DEBUG, "IKE from %s dropped: exchange type %u not supported",
			peer, h.exch);
	}
out:
	finish(ctx);
}

static void sa_timer(struct ike_ctx *ctx, struct ike_sa *sa)
{
	char peer[64];

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	if (sa->expire_at && sa->expire_at <= ctx->now) {
		if (sa->state == IKE_P1_ESTABLISHED) {
			ike_log(ctx, IKE_LOG_INFO,
				"IKE phase 1 with %s expired after its lifetime of %u s",
				peer, sa->life_s);
			ike_delete_send_isakmp(ctx, sa);
		} else {
			ike_log(ctx, IKE_LOG_WARN,
				"IKE phase 1 from %s failed: timed out waiting for message %d",
				peer, sa->state == IKE_P1_KE_SENT ? 5 : 3);
		}
		ike_sa_kill(ctx, sa);
		return;
	}
	if (sa->resend_at && sa->resend_at <= ctx->now) {
		if (sa->tries >= ctx->cfg.retransmit_tries || !sa->tx.len) {
			sa->resend_at = 0;
		} else {
			sa->tries++;
			ike_send(ctx, &sa->local, &sa->remote, sa->tx.buf,
				 sa->tx.len);
			sa->resend_at = ctx->now +
				((uint64_t)ctx->cfg.retransmit_ms << sa->tries);
		}
	}
	if (sa->state == IKE_P1_ESTABLISHED) {
		ike_quick_timer(ctx, sa);
		ike_dpd_timer(ctx, sa);
		ike_txn_timer(ctx, sa);
	}
}

void ike_timer(struct ike_ctx *ctx, uint64_t now_ms, struct ike_actions *out)
{
	struct ike_child *ch;
	struct ike_sa *sa;

	ctx->now = now_ms;
	ctx->out = out;
	/* Only what is due: each taken off its heap, re-queued by finish(). */
	while ((sa = ike_table_pop_sa(ctx)))
		if (sa->state != IKE_P1_DEAD)
			sa_timer(ctx, sa);
	while ((ch = ike_table_pop_child(ctx))) {
		if (!ch->dead && ch->expire_at && ch->expire_at <= now_ms) {
			char peer[64];

			ike_addr_str(&ch->sa.remote, false, peer, sizeof(peer));
			ike_log(ctx, IKE_LOG_INFO,
				"IPsec SA with %s (SPIs %08x/%08x) expired",
				peer, ch->sa.spi_in, ch->sa.spi_out);
			ike_child_kill(ctx, ch, true);
		}
	}
	finish(ctx);
}

void ike_get_stats(const struct ike_ctx *ctx, struct ike_stats *st)
{
	const struct ike_child *ch;
	const struct ike_sa *sa;

	memset(st, 0, sizeof(*st));
	st->half_open = ctx->half_open;
	st->half_open_limit = ctx->cfg.max_half_open;
	for (sa = ctx->sas; sa; sa = sa->next) {
		if (sa->state == IKE_P1_DEAD)
			continue;
		st->ike_sas++;
		st->ike_established += sa->state == IKE_P1_ESTABLISHED;
	}
	for (ch = ctx->children; ch; ch = ch->next)
		st->esp_sas += !ch->dead;
}

static const char *const p1_state_names[] = {
	[IKE_P1_NEW] = "new",
	[IKE_P1_SA_SENT] = "mm2-sent",
	[IKE_P1_KE_SENT] = "mm4-sent",
	[IKE_P1_AM_SENT] = "am2-sent",
	[IKE_P1_ESTABLISHED] = "established",
};

void ike_foreach_sa(const struct ike_ctx *ctx,
		    void (*fn)(const struct ike_sa_info *info, void *arg),
		    void *arg)
{
	const struct ike_sa *sa;
	struct ike_sa_info info;
	uint64_t span;

	for (sa = ctx->sas; sa; sa = sa->next) {
		if (sa->state == IKE_P1_DEAD)
			continue;
		memset(&info, 0, sizeof(info));
		info.local = sa->local;
		info.remote = sa->remote;
		info.state = p1_state_names[sa->state];
		info.established = sa->state == IKE_P1_ESTABLISHED;
		info.chosen = sa->state != IKE_P1_NEW;
		if (info.chosen)
			info.prop = sa->prop;
		info.nat = sa->nat_local || sa->nat_peer;
		info.sa_id = sa->serial;
		memcpy(info.cky_i, sa->cky_i, 8);
		memcpy(info.cky_r, sa->cky_r, 8);
		info.aggressive = sa->aggressive;
		info.group = ike_ra_on(sa) ? sa->ra->group : NULL;
		info.user = sa->ra && sa->ra->user[0] ? sa->ra->user : NULL;
		info.has_addr = sa->ra && sa->ra->mc >= IKE_MC_HAVE;
		if (info.has_addr)
			memcpy(info.addr, sa->ra->cfg.addr, 4);
		/*
		 * No start time is kept; the deadlines give it: an established
		 * SA expires life_s after it was established, a half-open one
		 * half_open_s after it began.
		 */
		span = (uint64_t)(info.established ? sa->life_s :
			ctx->cfg.half_open_s) * 1000;
		info.since_ms = sa->expire_at > span ? sa->expire_at - span : 0;
		fn(&info, arg);
	}
}

static struct ike_sa *sa_by_id(struct ike_ctx *ctx, uint64_t sa_id)
{
	struct ike_sa *sa = ike_sa_by_serial(ctx, sa_id);

	if (!sa || sa->state != IKE_P1_ESTABLISHED)
		return NULL;
	ike_sa_touch(ctx, sa);
	return sa;
}

int ike_xauth_verdict(struct ike_ctx *ctx, uint64_t now_ms, uint64_t sa_id,
		      bool ok, const char *reason, struct ike_actions *out)
{
	struct ike_sa *sa;
	int r = -1;

	ctx->now = now_ms;
	ctx->out = out;
	sa = sa_by_id(ctx, sa_id);
	if (sa && sa->ra && sa->ra->xa == IKE_XA_CHECKING) {
		ike_xauth_verdict_apply(ctx, sa, ok, reason);
		r = 0;
	}
	finish(ctx);
	return r;
}

int ike_client_config(struct ike_ctx *ctx, uint64_t now_ms, uint64_t sa_id,
		      const struct ike_client_cfg *cfg, const char *reason,
		      struct ike_actions *out)
{
	struct ike_sa *sa;
	int r = -1;

	ctx->now = now_ms;
	ctx->out = out;
	sa = sa_by_id(ctx, sa_id);
	if (sa && sa->ra && sa->ra->mc == IKE_MC_ASKED) {
		ike_mc_config_apply(ctx, sa, cfg, reason);
		r = 0;
	}
	finish(ctx);
	return r;
}

int ike_client_renew(struct ike_ctx *ctx, uint64_t now_ms, uint64_t old_sa_id,
		     uint64_t new_sa_id, struct ike_actions *out)
{
	struct ike_child *ch, *next;
	struct ike_sa *old, *new;
	unsigned int n = 0;
	char peer[64];
	int r = -1;

	ctx->now = now_ms;
	ctx->out = out;
	old = sa_by_id(ctx, old_sa_id);
	new = sa_by_id(ctx, new_sa_id);
	if (old && new && old != new && ike_ra_on(old) && ike_ra_on(new)) {
		for (ch = ike_child_owner_first(ctx, old->serial); ch;
		     ch = next) {
			next = ike_child_owner_next(ch);
			if (!ch->dead) {
				ike_child_set_owner(ctx, ch, new->serial);
				n++;
			}
		}
		old->ra->renewed = true;
		ike_addr_str(&new->remote, true, peer, sizeof(peer));
		ike_log(ctx, IKE_LOG_INFO,
			"IKE phase 1 with %s renewed: IKE SA %llu takes over %u ESP SA pair(s) of IKE SA %llu",
			peer, (unsigned long long)new->serial, n,
			(unsigned long long)old->serial);
		r = 0;
	}
	finish(ctx);
	return r;
}

int ike_client_delete(struct ike_ctx *ctx, uint64_t now_ms, uint64_t sa_id,
		      const char *reason, struct ike_actions *out)
{
	struct ike_child *ch;
	struct ike_sa *sa;
	char peer[64];
	int r = -1;

	ctx->now = now_ms;
	ctx->out = out;
	sa = sa_by_id(ctx, sa_id);
	if (sa) {
		ike_addr_str(&sa->remote, true, peer, sizeof(peer));
		ike_log(ctx, IKE_LOG_INFO,
			"IKE peer %s: deleting its SAs: %s", peer, reason);
		/*
		 * A Mode-Config client hears of the IKE SA first: vpnc takes
		 * a delete of its ESP SA as a call to run Quick Mode again
		 * (a gateway's way to rekey) and ends only on the ISAKMP
		 * delete.  Others hear of the ESP SAs first, while they
		 * still hold the IKE SA that protects the notifications.
		 */
		if (ike_ra_on(sa))
			ike_delete_send_isakmp(ctx, sa);
		for (ch = ike_child_owner_first(ctx, sa->serial); ch;
		     ch = ike_child_owner_next(ch))
			if (!ch->dead)
				ike_child_kill(ctx, ch, true);
		if (!ike_ra_on(sa))
			ike_delete_send_isakmp(ctx, sa);
		if (ike_ra_on(sa))
			ike_ra_end(ctx, sa, reason);
		ike_sa_kill(ctx, sa);
		r = 0;
	}
	finish(ctx);
	return r;
}
