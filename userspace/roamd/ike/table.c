// SPDX-License-Identifier: GPL-2.0
/*
 * The indexes of the responder's ISAKMP SAs and ESP pairs (sa.h), so
 * that a datagram, a host's answer or a timer costs what it touches,
 * whatever the number of SAs:
 *
 *   ctx->sa_by_cky_r    our cookie            a message of a known SA
 *   ctx->sa_by_first    cky_i + remote:port   a repeated MM1/AM1
 *   ctx->sa_by_serial   the SA's id           the host's answers
 *   ctx->sa_by_remote   remote:port           the SA to notify a peer on
 *   ctx->sa_by_host     remote address        INITIAL-CONTACT
 *   ctx->src_half_open  remote address        the half-open limit per peer
 *   ctx->ch_by_spi      our SPI               SPI choice, ESP mapping
 *   ctx->ch_by_owner    IKE SA id             a client's pairs
 *   ctx->ch_by_host     remote address        deletes, DPD, INITIAL-CONTACT
 *   ctx->qm_by_spi      our SPI               SPIs of Quick Modes in flight
 *   ctx->sa_timers      ike_sa_deadline()     retransmits, DPD, lifetimes
 *   ctx->ch_timers      expire_at             ESP pair lifetimes
 *
 * Keys the peer chooses (its cookie, its address) are hashed with a
 * secret key first (SipHash), so that no peer can pile its SAs into one
 * chain; our own numbers (cookie, SPI, id) are random or ours already.
 *
 * The handlers change the fields the keys come from (state, remote,
 * deadlines) wherever the protocol says, so they do not re-file: the
 * dispatcher touches the SA an event is about, ike_sa_kill() and the
 * NAT mapping code touch the others they change, and ike_table_sync()
 * re-files every touched SA at the end of the event.  Lookups that may
 * run after a change in the same event (ike_sa_established_for()) look
 * at the touched SAs as well.  Single-threaded: no locking.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sa.h"
#include "siphash.h"

#define of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

uint64_t ike_keyed_hash(const struct ike_ctx *ctx, const void *data,
			size_t len)
{
	return siphash24(ctx->hash_key, data, len);
}

static size_t addr_bytes(const struct ike_addr *a, bool port, uint8_t *out)
{
	size_t n = a->family == AF_INET6 ? 16 : 4;

	out[0] = a->family & 0xff;
	out[1] = a->family >> 8;
	memcpy(out + 2, a->ip, n);
	n += 2;
	if (port) {
		out[n++] = a->port & 0xff;
		out[n++] = a->port >> 8;
	}
	return n;
}

uint64_t ike_addr_key(const struct ike_ctx *ctx, const struct ike_addr *a,
		      bool port)
{
	uint8_t b[20];

	return ike_keyed_hash(ctx, b, addr_bytes(a, port, b));
}

static uint64_t first_key(const struct ike_ctx *ctx, const uint8_t *cky_i,
			  const struct ike_addr *remote)
{
	uint8_t b[28];

	memcpy(b, cky_i, 8);
	return ike_keyed_hash(ctx, b, 8 + addr_bytes(remote, true, b + 8));
}

/* Our cookie is random: its bytes are a key as they are. */
static uint64_t cky_key(const uint8_t *cky)
{
	uint64_t x = 0;
	int i;

	for (i = 7; i >= 0; i--)
		x = x << 8 | cky[i];
	return x;
}

static void refile(struct hashtab *h, struct hashtab_node *n, uint64_t key)
{
	if (hashtab_linked(n) && n->key == key)
		return;
	hashtab_del(h, n);
	hashtab_add(h, n, key);
}

void ike_table_init(struct ike_ctx *ctx)
{
	hashtab_init(&ctx->sa_by_cky_r);
	hashtab_init(&ctx->sa_by_first);
	hashtab_init(&ctx->sa_by_serial);
	hashtab_init(&ctx->sa_by_remote);
	hashtab_init(&ctx->sa_by_host);
	hashtab_init(&ctx->src_half_open);
	hashtab_init(&ctx->ch_by_spi);
	hashtab_init(&ctx->ch_by_owner);
	hashtab_init(&ctx->ch_by_host);
	hashtab_init(&ctx->qm_by_spi);
	timerq_init(&ctx->sa_timers);
	timerq_init(&ctx->ch_timers);
	/* without randomness the keys are still spread, only guessable */
	ike_random(ctx->hash_key, sizeof(ctx->hash_key));
}

/* --- half-open negotiations, in all and per address ------------------ */

static bool is_half_open(const struct ike_sa *sa)
{
	return sa->state == IKE_P1_SA_SENT || sa->state == IKE_P1_KE_SENT ||
	       sa->state == IKE_P1_AM_SENT;
}

static struct ike_src *src_find(struct ike_ctx *ctx,
				const struct ike_addr *remote)
{
	struct hashtab_node *n;

	n = hashtab_first(&ctx->src_half_open, ike_addr_key(ctx, remote, false));
	for (; n; n = hashtab_next(n)) {
		struct ike_src *s = of(n, struct ike_src, node);

		if (ike_addr_eq(&s->addr, remote, false))
			return s;
	}
	return NULL;
}

static void half_open_uncount(struct ike_ctx *ctx, struct ike_sa *sa)
{
	struct ike_src *s = sa->half_open_src;

	if (!s)
		return;
	sa->half_open_src = NULL;
	ctx->half_open--;
	if (--s->half_open)
		return;
	hashtab_del(&ctx->src_half_open, &s->node);
	free(s);
}

/*
 * Count sa where it now belongs.  Without memory for a new address's
 * counter the SA goes uncounted: the limits are a flood guard, and
 * under memory pressure refusing is the allocator's job.
 */
static void half_open_refile(struct ike_ctx *ctx, struct ike_sa *sa)
{
	struct ike_src *s = sa->half_open_src;
	bool want = is_half_open(sa);

	if (s && want && ike_addr_eq(&s->addr, &sa->remote, false))
		return;
	half_open_uncount(ctx, sa);
	if (!want)
		return;
	s = src_find(ctx, &sa->remote);
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return;
		s->addr = sa->remote;
		s->addr.port = 0;
		hashtab_add(&ctx->src_half_open, &s->node,
			    ike_addr_key(ctx, &s->addr, false));
	}
	s->half_open++;
	ctx->half_open++;
	sa->half_open_src = s;
}

unsigned int ike_half_open_from(struct ike_ctx *ctx,
				const struct ike_addr *remote)
{
	struct ike_src *s = src_find(ctx, remote);

	return s ? s->half_open : 0;
}

/* --- ISAKMP SAs -------------------------------------------------------- */

static void sa_refile(struct ike_ctx *ctx, struct ike_sa *sa)
{
	refile(&ctx->sa_by_first, &sa->by_first,
	       first_key(ctx, sa->cky_i, &sa->remote));
	refile(&ctx->sa_by_remote, &sa->by_remote,
	       ike_addr_key(ctx, &sa->remote, true));
	refile(&ctx->sa_by_host, &sa->by_host,
	       ike_addr_key(ctx, &sa->remote, false));
	half_open_refile(ctx, sa);
}

int ike_sa_link(struct ike_ctx *ctx, struct ike_sa *sa)
{
	if (timerq_reserve(&ctx->sa_timers, ctx->sa_by_serial.n + 1))
		return -1;
	sa->next = ctx->sas;
	if (sa->next)
		sa->next->pprev = &sa->next;
	sa->pprev = &ctx->sas;
	ctx->sas = sa;
	hashtab_add(&ctx->sa_by_cky_r, &sa->by_cky_r, cky_key(sa->cky_r));
	hashtab_add(&ctx->sa_by_serial, &sa->by_serial, sa->serial);
	ike_sa_touch(ctx, sa);
	return 0;
}

void ike_sa_touch(struct ike_ctx *ctx, struct ike_sa *sa)
{
	if (!sa->dirty) {
		sa->dirty = true;
		sa->dirty_next = ctx->dirty_sas;
		ctx->dirty_sas = sa;
	}
	sa_refile(ctx, sa);
}

static void sa_unlink(struct ike_ctx *ctx, struct ike_sa *sa)
{
	unsigned int i;

	*sa->pprev = sa->next;
	if (sa->next)
		sa->next->pprev = sa->pprev;
	hashtab_del(&ctx->sa_by_cky_r, &sa->by_cky_r);
	hashtab_del(&ctx->sa_by_first, &sa->by_first);
	hashtab_del(&ctx->sa_by_serial, &sa->by_serial);
	hashtab_del(&ctx->sa_by_remote, &sa->by_remote);
	hashtab_del(&ctx->sa_by_host, &sa->by_host);
	timerq_set(&ctx->sa_timers, &sa->timer, 0);
	half_open_uncount(ctx, sa);
	for (i = 0; i < sa->n_qm; i++)
		hashtab_del(&ctx->qm_by_spi, &sa->qm[i].by_spi);
}

struct ike_sa *ike_sa_by_cookies(struct ike_ctx *ctx,
				 const struct isakmp_hdr *h,
				 const struct ike_addr *remote)
{
	static const uint8_t zero[8];
	struct hashtab_node *n;
	struct ike_sa *sa;

	/* A repeated MM1 carries no responder cookie yet. */
	if (!memcmp(h->cky_r, zero, 8)) {
		n = hashtab_first(&ctx->sa_by_first,
				  first_key(ctx, h->cky_i, remote));
		for (; n; n = hashtab_next(n)) {
			sa = of(n, struct ike_sa, by_first);
			if (sa->state != IKE_P1_DEAD &&
			    !memcmp(sa->cky_i, h->cky_i, 8) &&
			    ike_addr_eq(&sa->remote, remote, true))
				return sa;
		}
		return NULL;
	}
	n = hashtab_first(&ctx->sa_by_cky_r, cky_key(h->cky_r));
	for (; n; n = hashtab_next(n)) {
		sa = of(n, struct ike_sa, by_cky_r);
		if (sa->state != IKE_P1_DEAD &&
		    !memcmp(sa->cky_i, h->cky_i, 8) &&
		    !memcmp(sa->cky_r, h->cky_r, 8))
			return sa;
	}
	return NULL;
}

struct ike_sa *ike_sa_by_serial(struct ike_ctx *ctx, uint64_t serial)
{
	struct hashtab_node *n = hashtab_first(&ctx->sa_by_serial, serial);

	return n ? of(n, struct ike_sa, by_serial) : NULL;
}

static struct ike_sa *sa_host_match(struct hashtab_node *n,
				    const struct ike_addr *remote)
{
	for (; n; n = hashtab_next(n)) {
		struct ike_sa *sa = of(n, struct ike_sa, by_host);

		if (ike_addr_eq(&sa->remote, remote, false))
			return sa;
	}
	return NULL;
}

struct ike_sa *ike_sa_host_first(struct ike_ctx *ctx,
				 const struct ike_addr *remote)
{
	return sa_host_match(hashtab_first(&ctx->sa_by_host,
					   ike_addr_key(ctx, remote, false)),
			     remote);
}

struct ike_sa *ike_sa_host_next(struct ike_ctx *ctx, struct ike_sa *sa,
				const struct ike_addr *remote)
{
	(void)ctx;
	return sa_host_match(hashtab_next(&sa->by_host), remote);
}

struct ike_sa *ike_sa_established_for(struct ike_ctx *ctx,
				      const struct ike_addr *remote)
{
	struct ike_sa *sa, *best = NULL;
	struct hashtab_node *n;

	/* The newest one: after a phase 1 rekey the old SA is on its way out. */
	n = hashtab_first(&ctx->sa_by_remote, ike_addr_key(ctx, remote, true));
	for (; n; n = hashtab_next(n)) {
		sa = of(n, struct ike_sa, by_remote);
		if (sa->state == IKE_P1_ESTABLISHED &&
		    ike_addr_eq(&sa->remote, remote, true) &&
		    (!best || sa->serial > best->serial))
			best = sa;
	}
	/* Those this event moved are filed under their old address still. */
	for (sa = ctx->dirty_sas; sa; sa = sa->dirty_next)
		if (sa->state == IKE_P1_ESTABLISHED &&
		    ike_addr_eq(&sa->remote, remote, true) &&
		    (!best || sa->serial > best->serial))
			best = sa;
	return best;
}

struct ike_sa *ike_table_pop_sa(struct ike_ctx *ctx)
{
	struct timerq_entry *t = timerq_first(&ctx->sa_timers);
	struct ike_sa *sa;

	if (!t || t->deadline > ctx->now)
		return NULL;
	sa = of(t, struct ike_sa, timer);
	timerq_set(&ctx->sa_timers, t, 0);
	ike_sa_touch(ctx, sa);
	return sa;
}

int ike_sa_set_peer_id(struct ike_sa *sa, const uint8_t *id, size_t len)
{
	uint8_t *p = NULL;

	if (len) {
		p = malloc(len);
		if (!p)
			return -1;
		memcpy(p, id, len);
	}
	free(sa->peer_id);
	sa->peer_id = p;
	sa->peer_id_len = len;
	return 0;
}

void ike_sa_free(struct ike_sa *sa)
{
	unsigned int i;

	if (sa->ra) {
		ike_txn_free(&sa->ra->ours);
		ike_txn_free(&sa->ra->peers);
		ike_wipe(sa->ra, sizeof(*sa->ra));
		free(sa->ra);
	}
	for (i = 0; i < sa->n_qm; i++) {
		ike_msgcopy_free(&sa->qm[i].rx);
		ike_msgcopy_free(&sa->qm[i].tx);
	}
	if (sa->qm)
		ike_wipe(sa->qm, IKE_MAX_QM * sizeof(*sa->qm));
	free(sa->qm);
	free(sa->qm_done);
	ike_msgcopy_free(&sa->rx);
	ike_msgcopy_free(&sa->tx);
	ike_p1_hs_free(sa);
	free(sa->peer_id);
	ike_wipe(sa, sizeof(*sa));
	free(sa);
}

void ike_p1_hs_free(struct ike_sa *sa)
{
	struct ike_p1_hs *hs = sa->hs;

	if (!hs)
		return;
	sa->hs = NULL;
	ike_dh_free(hs->dh);
	if (hs->psk)
		ike_wipe(hs->psk, hs->psk_len);
	free(hs->psk);
	free(hs->sai_b);
	ike_wipe(hs, sizeof(*hs));
	free(hs);
}

void ike_child_free(struct ike_child *ch)
{
	free(ch->peer_id);
	ike_wipe(ch, sizeof(*ch));
	free(ch);
}

/* --- Quick Modes in flight: their SPIs --------------------------------- */

void ike_qm_link(struct ike_ctx *ctx, struct ike_qm *qm)
{
	hashtab_add(&ctx->qm_by_spi, &qm->by_spi, qm->spi_in);
}

void ike_qm_unlink(struct ike_ctx *ctx, struct ike_qm *qm)
{
	hashtab_del(&ctx->qm_by_spi, &qm->by_spi);
}

bool ike_spi_in_use(const struct ike_ctx *ctx, uint32_t spi)
{
	return hashtab_first(&ctx->ch_by_spi, spi) ||
	       hashtab_first(&ctx->qm_by_spi, spi);
}

/* --- ESP pairs --------------------------------------------------------- */

int ike_child_link(struct ike_ctx *ctx, struct ike_child *ch)
{
	if (timerq_reserve(&ctx->ch_timers, ctx->ch_by_spi.n + 1))
		return -1;
	ch->next = ctx->children;
	if (ch->next)
		ch->next->pprev = &ch->next;
	ch->pprev = &ctx->children;
	ctx->children = ch;
	hashtab_add(&ctx->ch_by_spi, &ch->by_spi, ch->sa.spi_in);
	hashtab_add(&ctx->ch_by_owner, &ch->by_owner, ch->sa.ike_sa_id);
	ike_child_touch(ctx, ch);
	return 0;
}

void ike_child_touch(struct ike_ctx *ctx, struct ike_child *ch)
{
	if (!ch->dirty) {
		ch->dirty = true;
		ch->dirty_next = ctx->dirty_children;
		ctx->dirty_children = ch;
	}
	refile(&ctx->ch_by_host, &ch->by_host,
	       ike_addr_key(ctx, &ch->sa.remote, false));
}

void ike_child_set_owner(struct ike_ctx *ctx, struct ike_child *ch,
			 uint64_t ike_sa_id)
{
	ch->sa.ike_sa_id = ike_sa_id;
	refile(&ctx->ch_by_owner, &ch->by_owner, ike_sa_id);
}

static void child_unlink(struct ike_ctx *ctx, struct ike_child *ch)
{
	*ch->pprev = ch->next;
	if (ch->next)
		ch->next->pprev = ch->pprev;
	hashtab_del(&ctx->ch_by_spi, &ch->by_spi);
	hashtab_del(&ctx->ch_by_owner, &ch->by_owner);
	hashtab_del(&ctx->ch_by_host, &ch->by_host);
	timerq_set(&ctx->ch_timers, &ch->timer, 0);
}

struct ike_child *ike_child_by_spi(struct ike_ctx *ctx, uint32_t spi_in)
{
	struct hashtab_node *n = hashtab_first(&ctx->ch_by_spi, spi_in);

	for (; n; n = hashtab_next(n)) {
		struct ike_child *ch = of(n, struct ike_child, by_spi);

		if (!ch->dead)
			return ch;
	}
	return NULL;
}

static struct ike_child *child_host_match(struct hashtab_node *n,
					  const struct ike_addr *remote)
{
	for (; n; n = hashtab_next(n)) {
		struct ike_child *ch = of(n, struct ike_child, by_host);

		if (ike_addr_eq(&ch->sa.remote, remote, false))
			return ch;
	}
	return NULL;
}

struct ike_child *ike_child_host_first(struct ike_ctx *ctx,
				       const struct ike_addr *remote)
{
	return child_host_match(hashtab_first(&ctx->ch_by_host,
					      ike_addr_key(ctx, remote, false)),
				remote);
}

struct ike_child *ike_child_host_next(struct ike_ctx *ctx,
				      struct ike_child *ch,
				      const struct ike_addr *remote)
{
	(void)ctx;
	return child_host_match(hashtab_next(&ch->by_host), remote);
}

struct ike_child *ike_child_owner_first(struct ike_ctx *ctx, uint64_t id)
{
	struct hashtab_node *n = hashtab_first(&ctx->ch_by_owner, id);

	return n ? of(n, struct ike_child, by_owner) : NULL;
}

struct ike_child *ike_child_owner_next(struct ike_child *ch)
{
	struct hashtab_node *n = hashtab_next(&ch->by_owner);

	return n ? of(n, struct ike_child, by_owner) : NULL;
}

struct ike_child *ike_table_pop_child(struct ike_ctx *ctx)
{
	struct timerq_entry *t = timerq_first(&ctx->ch_timers);
	struct ike_child *ch;

	if (!t || t->deadline > ctx->now)
		return NULL;
	ch = of(t, struct ike_child, timer);
	timerq_set(&ctx->ch_timers, t, 0);
	ike_child_touch(ctx, ch);
	return ch;
}

/* --- the end of an event ----------------------------------------------- */

static uint64_t first_deadline(const struct timerq *q)
{
	const struct timerq_entry *t = timerq_first(q);

	return t ? t->deadline : 0;
}

uint64_t ike_table_sync(struct ike_ctx *ctx)
{
	struct ike_child *ch;
	struct ike_sa *sa;
	uint64_t a, b;

	/* First tell the host, and drop the tunnels of clients that go. */
	for (sa = ctx->dirty_sas; sa; sa = sa->dirty_next)
		if (sa->state == IKE_P1_DEAD && ike_ra_on(sa))
			ike_ra_end(ctx, sa, "IKE SA ended");
	while ((sa = ctx->dirty_sas)) {
		ctx->dirty_sas = sa->dirty_next;
		sa->dirty_next = NULL;
		sa->dirty = false;
		if (sa->state == IKE_P1_DEAD) {
			sa_unlink(ctx, sa);
			ike_sa_free(sa);
			continue;
		}
		sa_refile(ctx, sa);
		/* room was reserved when it was linked: cannot fail */
		timerq_set(&ctx->sa_timers, &sa->timer, ike_sa_deadline(sa));
	}
	while ((ch = ctx->dirty_children)) {
		ctx->dirty_children = ch->dirty_next;
		ch->dirty_next = NULL;
		ch->dirty = false;
		if (ch->dead) {
			child_unlink(ctx, ch);
			ike_child_free(ch);
			continue;
		}
		timerq_set(&ctx->ch_timers, &ch->timer, ch->expire_at);
	}
	a = first_deadline(&ctx->sa_timers);
	b = first_deadline(&ctx->ch_timers);
	if (!a || (b && b < a))
		return b;
	return a;
}

void ike_table_fini(struct ike_ctx *ctx)
{
	struct ike_sa *sa;

	for (sa = ctx->sas; sa; sa = sa->next)
		half_open_uncount(ctx, sa);
	hashtab_free(&ctx->sa_by_cky_r);
	hashtab_free(&ctx->sa_by_first);
	hashtab_free(&ctx->sa_by_serial);
	hashtab_free(&ctx->sa_by_remote);
	hashtab_free(&ctx->sa_by_host);
	hashtab_free(&ctx->src_half_open);
	hashtab_free(&ctx->ch_by_spi);
	hashtab_free(&ctx->ch_by_owner);
	hashtab_free(&ctx->ch_by_host);
	hashtab_free(&ctx->qm_by_spi);
	timerq_free(&ctx->sa_timers);
	timerq_free(&ctx->ch_timers);
}
