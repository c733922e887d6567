// SPDX-License-Identifier: GPL-2.0
/*
 * Keeping the restart state file current (restart.h): the state is read
 * out of the live IKE, IPsec, L2TP and session objects, encoded, and
 * written.  No copy of what the file holds is kept to compare with: the
 * rebuilds that found nothing new were about 2% of them at 10,000
 * sessions, and the copy cost as much memory as the file (some 530 bytes
 * an L2TP session, more with IKE and ESP keys) and kept keys in the heap.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/roam.h>

#include "access/ike.h"
#include "access/l2tp.h"
#include "log.h"
#include "ppp/session.h"
#include "restart/restart.h"
#include "restart/state.h"
#include "restart/state_file.h"
#include "restart/takeover.h"
#include "roamd.h"

#define STATE_NAME	"roamd.state"

int restart_init(struct roamd *d)
{
	char *dir = strdup(d->socket_path);

	memset(&d->restart, 0, sizeof(d->restart));
	d->restart.dirty = true;
	if (!dir || asprintf(&d->restart.path, "%s/" STATE_NAME,
			     dirname(dir)) < 0) {
		d->restart.path = NULL;
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}

void restart_fini(struct roamd *d)
{
	/* taken over never (the services did not start): keys wiped */
	if (d->restart.pending)
		restart_state_free(d->restart.pending);
	free(d->restart.pending);
	d->restart.pending = NULL;
	if (d->restart.pending_plan)
		takeover_plan_free(d->restart.pending_plan);
	free(d->restart.pending_plan);
	d->restart.pending_plan = NULL;
	free(d->restart.pending_esp);
	d->restart.pending_esp = NULL;
	free(d->restart.path);
	d->restart.path = NULL;
}

static void addr_from_ike(struct restart_addr *a, const struct ike_addr *i)
{
	a->family = i->family;
	a->port = i->port;
	memcpy(a->ip, i->ip, 16);
}

static void addr_from_sockaddr(struct restart_addr *a,
			       const struct sockaddr_storage *ss)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;

		a->family = AF_INET;
		a->port = ntohs(in->sin_port);
		memcpy(a->ip, &in->sin_addr, 4);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)ss;

		a->family = AF_INET6;
		a->port = ntohs(in6->sin6_port);
		memcpy(a->ip, &in6->sin6_addr, 16);
	}
}

struct collect {
	struct restart_state *st;
	int err;
	/*
	 * The clocks, read once a rebuild: per session they were two
	 * system calls (a clock read costs one where the VDSO cannot read
	 * the clock source, as under emulation).
	 */
	struct timespec mono, wall;
};

static void take_ike_resume(const struct ike_sa_secrets *s,
			    struct collect *c)
{
	struct restart_ike_resume r;

	memset(&r, 0, sizeof(r));
	memcpy(r.cky_i, s->cky_i, 8);
	memcpy(r.cky_r, s->cky_r, 8);
	r.flags = (s->dpd ? RESTART_IKE_DPD : 0) |
		  (s->ms_client ? RESTART_IKE_MS_CLIENT : 0) |
		  (s->nat_local ? RESTART_IKE_NAT_LOCAL : 0) |
		  (s->nat_peer ? RESTART_IKE_NAT_PEER : 0) |
		  (s->aggressive ? RESTART_IKE_AGGRESSIVE : 0);
	r.auth_method = s->auth_method;
	r.life_s = s->life_s;
	r.expire_ms = s->expire_ms;
	r.dpd_seq = s->dpd_seq;
	r.dpd_peer_seq = s->dpd_peer_seq;
	r.peer_id_len = s->peer_id_len < sizeof(r.peer_id) ?
			s->peer_id_len : sizeof(r.peer_id);
	memcpy(r.peer_id, s->peer_id, r.peer_id_len);
	if (restart_state_add_ike_resume(c->st, &r))
		c->err = -1;
}

static void take_ike(const struct ike_sa_secrets *s, void *arg)
{
	struct collect *c = arg;
	struct restart_ike r;

	memset(&r, 0, sizeof(r));
	memcpy(r.cky_i, s->cky_i, 8);
	memcpy(r.cky_r, s->cky_r, 8);
	addr_from_ike(&r.local, &s->local);
	addr_from_ike(&r.remote, &s->remote);
	r.natt = s->natt;
	r.hash = s->hash;
	r.enc = s->enc;
	r.blk = s->blk;
	r.prf_len = s->prf_len;
	r.enc_len = s->enc_len;
	memcpy(r.skeyid_d, s->skeyid_d, sizeof(r.skeyid_d));
	memcpy(r.skeyid_a, s->skeyid_a, sizeof(r.skeyid_a));
	memcpy(r.skeyid_e, s->skeyid_e, sizeof(r.skeyid_e));
	memcpy(r.enc_key, s->enc_key, sizeof(r.enc_key));
	memcpy(r.iv, s->iv, sizeof(r.iv));
	if (r.blk && r.prf_len && r.enc_len) {
		if (restart_state_add_ike(c->st, &r))
			c->err = -1;
		take_ike_resume(s, c);
	}
	explicit_bzero(&r, sizeof(r));
}

static void take_tunnel(const struct l2tp_tunnel_saved *t, void *arg)
{
	struct collect *c = arg;
	struct restart_l2tp_resume res;
	struct restart_l2tp r;

	memset(&r, 0, sizeof(r));
	r.tid = t->tid;
	r.peer_tid = t->peer_tid;
	addr_from_sockaddr(&r.peer, &t->peer);
	r.local.family = r.peer.family;
	r.local.port = 1701;
	r.mark = t->binding;
	r.ns = t->ns;
	r.nr = t->nr;
	if (!r.peer.family)
		return;
	if (restart_state_add_l2tp(c->st, &r))
		c->err = -1;
	memset(&res, 0, sizeof(res));
	res.tid = t->tid;
	res.ns_una = t->ns_una;
	res.peer_rws = t->peer_rws ? t->peer_rws : 1;
	snprintf(res.peer_host, sizeof(res.peer_host), "%s", t->peer_host);
	if (restart_state_add_l2tp_resume(c->st, &res))
		c->err = -1;
}

static void take_ipsec(const struct ipsec *ip, struct collect *c)
{
	const struct ipsec_client *cl;
	const struct ipsec_pair *p;
	struct restart_esp r;

	for (cl = ip->clients; cl; cl = cl->next) {
		for (p = cl->pairs; p; p = p->next) {
			memset(&r, 0, sizeof(r));
			r.mark = cl->mark;
			addr_from_ike(&r.local, &cl->local);
			addr_from_ike(&r.remote, &cl->remote);
			r.spi_in = p->spi_in;
			r.spi_out = p->spi_out;
			if (p->encap) {
				r.encap_sport = p->encap_sport;
				r.encap_dport = p->encap_dport;
			}
			r.tunnel = p->tunnel;
			if (restart_state_add_esp(c->st, &r))
				c->err = -1;
		}
	}
}

static uint32_t kind_of(enum session_access a)
{
	switch (a) {
	case SESSION_ACCESS_L2TP:
		return ROAM_KIND_L2TP;
	case SESSION_ACCESS_PPTP:
		return ROAM_KIND_PPTP;
	default:
		return 0;
	}
}

/* A CLOCK_MONOTONIC reading in milliseconds. */
static uint64_t ms_of(const struct timespec *t)
{
	return (uint64_t)t->tv_sec * 1000 + t->tv_nsec / 1000000;
}

/* A session's negotiated PPP state and accounting (state.h). */
static void take_session_resume(struct roamd_session *s,
				const struct restart_session *k,
				struct collect *c)
{
	struct restart_session_resume r;
	struct ppp_session_info info;
	uint64_t age_ms;

	if (!s->ppp)
		return;
	memset(&r, 0, sizeof(r));
	r.ifindex = k->ifindex;
	r.id = k->id;
	if (s->access == SESSION_ACCESS_L2TP)
		r.peer_sid = ((const struct l2tp_call *)session_priv(s))->
			     peer_session_id;
	ppp_session_get_info(s->ppp, &info);
	r.flags = (info.authenticated ? RESTART_PPP_AUTHENTICATED : 0) |
		  (info.ipv4_up ? RESTART_PPP_IPV4_UP : 0) |
		  (info.peer_pfc ? RESTART_PPP_PEER_PFC : 0) |
		  (info.peer_acfc ? RESTART_PPP_PEER_ACFC : 0);
	r.auth_method = info.method;
	r.peer_mru = info.peer_mru;
	r.our_magic = info.our_magic;
	r.peer_magic = info.peer_magic;
	r.local_ip = info.local_ip;
	r.peer_ip = info.peer_ip;
	r.started_ms = ms_of(&s->started);
	age_ms = ms_of(&c->mono) > r.started_ms ?
		 ms_of(&c->mono) - r.started_ms : 0;
	r.started_unix = (uint64_t)c->wall.tv_sec - age_ms / 1000;
	/* aaa/radius_acct.c's Acct-Session-Id */
	if (s->acct_started)
		snprintf(r.acct_id, sizeof(r.acct_id), "%08llX",
			 (unsigned long long)s->serial);
	if (restart_state_add_session_resume(c->st, &r))
		c->err = -1;
}

/* What the RADIUS server granted a session, if anything (state.h). */
static void take_session_aaa(const struct roamd_session *s,
			     const struct restart_session *k,
			     struct collect *c)
{
	struct restart_session_aaa r;

	if (!s->auth_remote || (!s->session_timeout && !s->idle_timeout &&
				!s->interim && !s->auth_class_len))
		return;
	memset(&r, 0, sizeof(r));
	r.ifindex = k->ifindex;
	r.id = k->id;
	r.session_timeout = s->session_timeout;
	r.idle_timeout = s->idle_timeout;
	r.interim = s->interim;
	r.class_len = s->auth_class_len > RESTART_CLASS_MAX ?
		      RESTART_CLASS_MAX : s->auth_class_len;
	if (r.class_len)
		memcpy(r.class_val, s->auth_class, r.class_len);
	if (restart_state_add_session_aaa(c->st, &r))
		c->err = -1;
}

static void take_sessions(struct session_table *t, struct collect *c)
{
	struct roamd_session *s;
	struct restart_session r;

	for (s = t->list; s; s = s->next) {
		if (!s->kernel_id)
			continue;
		memset(&r, 0, sizeof(r));
		r.ifindex = s->kernel_ifindex;
		r.id = s->kernel_id;
		r.kind = kind_of(s->access);
		r.ipv4 = htonl(s->addr);
		if (s->access == SESSION_ACCESS_L2TP) {
			const struct l2tp_call *call = session_priv(s);

			r.tid = call->tunnel_id;
			r.sid = call->session_id;
		}
		/* r is zeroed: the name stays NUL-terminated */
		memcpy(r.user, s->user, strnlen(s->user, sizeof(r.user) - 1));
		if (restart_state_add_session(c->st, &r))
			c->err = -1;
		take_session_resume(s, &r, c);
		take_session_aaa(s, &r, c);
	}
}

void restart_mark_dirty(struct roamd *d)
{
	d->restart.dirty = true;
}

/* What the owners of the saved state say of it now (restart.h). */
static void seen_now(const struct roamd *d, struct restart_seen *s)
{
	memset(s, 0, sizeof(*s));
	if (d->ike && d->ike->ctx) {
		s->ike_ctx = d->ike->ctx;
		s->ike = ike_saved_changes(d->ike->ctx);
	}
	if (d->l2tp && d->l2tp->l2tp) {
		s->l2tp_ctx = d->l2tp->l2tp;
		s->l2tp = l2tp_saved_changes(d->l2tp->l2tp);
	}
	s->ipsec = d->ipsec.saved_changes;
	s->sessions = d->sessions.saved_changes;
}

static bool seen_same(const struct restart_seen *a,
		      const struct restart_seen *b)
{
	return a->ike_ctx == b->ike_ctx && a->l2tp_ctx == b->l2tp_ctx &&
	       a->ike == b->ike && a->l2tp == b->l2tp &&
	       a->ipsec == b->ipsec && a->sessions == b->sessions;
}

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The state read out, encoded and written. */
static void rebuild(struct roamd *d, const struct restart_seen *now)
{
	struct restart_saver *r = &d->restart;
	struct restart_state st;
	struct collect c = { .st = &st };
	uint8_t *buf;
	size_t len;
	int err;

	clock_gettime(CLOCK_MONOTONIC, &c.mono);
	clock_gettime(CLOCK_REALTIME, &c.wall);
	restart_state_init(&st);
	if (d->ike && d->ike->ctx)
		ike_foreach_secrets(d->ike->ctx, take_ike, &c);
	take_ipsec(&d->ipsec, &c);
	if (d->l2tp && d->l2tp->l2tp)
		l2tp_foreach_tunnel(d->l2tp->l2tp, take_tunnel, &c);
	take_sessions(&d->sessions, &c);
	if (c.err || restart_state_encode(&st, &buf, &len)) {
		restart_state_free(&st);
		log_warn("restart state: out of memory: not saved");
		return;
	}
	restart_state_free(&st);
	r->stats.last_len = len;
	err = restart_file_write(r->path, buf, len);
	explicit_bzero(buf, len);
	free(buf);
	if (err) {
		if (!r->failed)
			log_warn("restart state %s cannot be written: %s (a restart will not find these sessions)",
				 r->path, strerror(-err));
		r->failed = true;
		return;
	}
	r->failed = false;
	r->stats.written++;
	r->seen = *now;
	r->dirty = false;
}

/*
 * A rebuild reads out and encodes everything kept, so its cost grows
 * with the tunnels and sessions held, and an L2TP tunnel's Ns or Nr
 * moves with every control message: rebuilt after every event, the
 * state took a share of the loop that grew with N until the clients'
 * control messages went unanswered (Documentation/design.md, "Full
 * sessions in the VM").  So after each rebuild the next one waits
 * RESTART_HOLDOFF times as long as this one took: saving takes at most
 * about a tenth of the loop's time at any N, and the file lags the live
 * state by at most that hold-off (a few microseconds for a few
 * sessions; some 2 s at 10,000 under emulation, where a rebuild took
 * 230 ms).  RESTART_HOLDOFF_MAX_US only bounds a rebuild slowed by
 * something else (a stalled disk): a 1 s bound let the rebuilds take a
 * quarter of the loop at 10,000.  A change held off is written when the
 * hold-off ends (restart_deadline()).
 */
#define RESTART_HOLDOFF		9
#define RESTART_HOLDOFF_MAX_US	10000000

void restart_persist(struct roamd *d)
{
	struct restart_saver *r = &d->restart;
	struct restart_seen now;
	uint64_t t0, t1, wait;

	if (!r->path)
		return;
	seen_now(d, &now);
	/* A failed write is retried after each hold-off until it succeeds. */
	if (!r->dirty && !r->failed && seen_same(&now, &r->seen)) {
		r->held = false;
		return;
	}
	t0 = mono_us();
	if (t0 < r->next_us) {
		if (!r->held)
			r->stats.held++;
		r->held = true;
		return;
	}
	r->held = false;
	rebuild(d, &now);
	t1 = mono_us();
	wait = (t1 - t0) * RESTART_HOLDOFF;
	r->next_us = t1 + (wait < RESTART_HOLDOFF_MAX_US ? wait :
			   RESTART_HOLDOFF_MAX_US);
	r->stats.rebuilds++;
	r->stats.rebuild_us += t1 - t0;
}

uint64_t restart_deadline(const struct roamd *d)
{
	const struct restart_saver *r = &d->restart;

	/* milliseconds, as roamd_now_ms() (the same clock), rounded up */
	return r->held ? (r->next_us + 999) / 1000 : UINT64_MAX;
}

void restart_stopped(struct roamd *d)
{
	if (d->restart.path && unlink(d->restart.path) && errno != ENOENT)
		log_warn("restart state %s cannot be removed: %m",
			 d->restart.path);
}
