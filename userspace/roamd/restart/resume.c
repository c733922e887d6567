// SPDX-License-Identifier: GPL-2.0
/*
 * Taking over the sessions an earlier roamd left (restart.h,
 * restart_resume(); Documentation/design.md, "Restart"), once the
 * services run: for each session restart_recover() found whole
 * (takeover.h), in this order, each step on the one before:
 *   1. its ISAKMP SA back in the IKE engine, established, and each saved
 *      ESP pair of its client as a child (ike_resume_sa/_child), adopted
 *      in the IPsec client table with the client's mark (ipsec_adopt);
 *   2. its L2TP tunnel (once) and call in the L2TP engine
 *      (l2tp_tunnel_resume, l2tp_session_resume), and its kernel
 *      session moved to this roamd's 1701 socket (session-set l2tp fd);
 *   3. its session UP with PPP in Opened (session_resume), with what
 *      the RADIUS server granted it (Class, timeouts, interim interval).
 * A session that fails at a step is ended whole: its client told (IKE
 * DELETE, StopCCN) and everything of it removed, as if it had not been
 * taken over.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/roam.h>

#include "access/ike.h"
#include "access/l2tp.h"
#include "genl.h"
#include "ike/ike.h"
#include "ipsec/clients.h"
#include "l2tp/l2tp.h"
#include "log.h"
#include "restart/reconcile.h"
#include "restart/restart.h"
#include "restart/state.h"
#include "restart/takeover.h"
#include "roamd.h"
#include "service.h"
#include "session/resume.h"
#include "util.h"

/* What one pass has resumed so far, by state index (0: not yet). */
struct resumed {
	uint64_t *ike_sa;		/* per state.ike: the engine's sa_id */
	bool *tunnel;			/* per state.l2tp */
};

static struct ike_addr ike_addr_of(const struct restart_addr *a)
{
	struct ike_addr x = { .family = a->family, .port = a->port };

	memcpy(x.ip, a->ip, sizeof(x.ip));
	return x;
}

/* What restart_ike_secrets() rebuilds, and what only a live SA needs. */
static void secrets_of(const struct restart_ike *r,
		       const struct restart_ike_resume *m,
		       struct ike_sa_secrets *s)
{
	restart_ike_secrets(r, s);
	s->dpd = m->flags & RESTART_IKE_DPD;
	s->ms_client = m->flags & RESTART_IKE_MS_CLIENT;
	s->nat_local = m->flags & RESTART_IKE_NAT_LOCAL;
	s->nat_peer = m->flags & RESTART_IKE_NAT_PEER;
	s->aggressive = m->flags & RESTART_IKE_AGGRESSIVE;
	s->auth_method = m->auth_method;
	s->life_s = m->life_s;
	s->expire_ms = m->expire_ms;
	s->dpd_seq = m->dpd_seq;
	s->dpd_peer_seq = m->dpd_peer_seq;
	s->peer_id_len = m->peer_id_len;
	memcpy(s->peer_id, m->peer_id, m->peer_id_len);
}

/* An L2TP transport-mode pair as the engine and the client table see it. */
static void esp_of(const struct restart_esp *e, uint16_t l2tp_port,
		   struct ike_esp_sa *x)
{
	memset(x, 0, sizeof(*x));
	x->spi_in = e->spi_in;
	x->spi_out = e->spi_out;
	x->local = ike_addr_of(&e->local);
	x->remote = ike_addr_of(&e->remote);
	x->transport = true;
	x->encap = e->encap_dport != 0;
	x->encap_sport = e->encap_sport;
	x->encap_dport = e->encap_dport;
	x->ts_proto = IPPROTO_UDP;
	x->ts_lport = 1701;
	x->ts_rport = l2tp_port;
}

/*
 * What the saved state does not hold of a pair, from its inbound SA in
 * the kernel (k; spi 0: not found, and the pair goes on without them):
 * its algorithms (roam ipsec show) and its lifetime.  roamd installs a
 * hard add-expiry of the lifetime plus IPSEC_HARD_MARGIN_S, so the end
 * the engine would have given the pair is found again.  Returns that
 * end (CLOCK_MONOTONIC ms), or 0 when unknown.
 */
static uint64_t esp_from_kernel(const struct kview_sa *k,
				struct ike_esp_sa *x, uint64_t now_ms)
{
	static const enum ike_esp_enc encs[] = {
		IKE_ESP_DES, IKE_ESP_3DES, IKE_ESP_AES_CBC,
	};
	static const enum ike_esp_auth auths[] = {
		IKE_ESP_AUTH_MD5, IKE_ESP_AUTH_SHA1, IKE_ESP_AUTH_SHA2_256,
		IKE_ESP_AUTH_SHA2_384, IKE_ESP_AUTH_SHA2_512,
	};
	struct timespec wall;
	uint64_t life, end;
	const char *name;
	size_t i;

	if (!k || !k->spi)
		return 0;
	for (i = 0; i < ARRAY_SIZE(encs); i++) {
		name = ipsec_enc_name(encs[i]);
		if (name && !strcmp(k->enc, name)) {
			x->enc = encs[i];
			x->enc_key_len = k->enc_bits / 8;
		}
	}
	for (i = 0; i < ARRAY_SIZE(auths); i++) {
		name = ipsec_auth_name(auths[i]);
		if (name && !strcmp(k->auth, name)) {
			x->auth = auths[i];
			x->auth_key_len = k->auth_bits / 8;
			x->auth_trunc_bits = k->auth_trunc_bits;
		}
	}
	if (k->hard_s <= IPSEC_HARD_MARGIN_S || !k->add_time ||
	    clock_gettime(CLOCK_REALTIME, &wall))
		return 0;
	life = k->hard_s - IPSEC_HARD_MARGIN_S;
	x->lifetime_s = (uint32_t)life;
	end = k->add_time + life;
	/* already due: the engine ends it at its next timer */
	if (end <= (uint64_t)wall.tv_sec)
		return now_ms + 1;
	return now_ms + (end - (uint64_t)wall.tv_sec) * 1000;
}

/* Step 1: the client's ISAKMP SA and pairs; its sa_id, or 0. */
static uint64_t resume_ike(struct roamd *d, const struct restart_state *st,
			   const struct takeover_item *it, uint32_t mark,
			   uint16_t l2tp_port, uint64_t now)
{
	struct ike_sa_secrets sec;
	struct ike_actions a;
	struct ike_esp_sa esp;
	uint64_t sa_id, end;
	size_t i, n = 0;

	secrets_of(&st->ike[it->ike], &st->ike_res[it->ike_res], &sec);
	ike_actions_init(&a);
	sa_id = ike_resume_sa(d->ike->ctx, now, &sec, &a);
	explicit_bzero(&sec, sizeof(sec));
	for (i = 0; sa_id && i < st->n_esp; i++) {
		if (st->esp[i].mark != mark)
			continue;
		esp_of(&st->esp[i], l2tp_port, &esp);
		end = esp_from_kernel(d->restart.pending_esp ?
				      &d->restart.pending_esp[i] : NULL,
				      &esp, now);
		esp.id = ike_resume_child(d->ike->ctx, now, sa_id, &esp, end,
					  &a);
		if (esp.id && !ipsec_adopt(&d->ipsec, mark, &esp, now))
			n++;
	}
	ike_run_actions(d->ike, &a);
	ike_actions_clear(&a);
	if (sa_id && !n) {
		ike_actions_init(&a);
		ike_client_delete(d->ike->ctx, now, sa_id,
				  "its SA pairs could not be taken over", &a);
		ike_run_actions(d->ike, &a);
		ike_actions_clear(&a);
		return 0;
	}
	return sa_id;
}

/* Step 2, the tunnel: 0, or -1. */
static int resume_tunnel(struct roamd *d, const struct restart_l2tp *t,
			 const struct restart_l2tp_resume *r, uint64_t now)
{
	struct sockaddr_in *sin;
	struct l2tp_tunnel_saved s;
	struct l2tp_actions *b = l2tp_batch_new(d->l2tp);

	if (!b || t->peer.family != AF_INET)
		return -1;
	memset(&s, 0, sizeof(s));
	s.tid = t->tid;
	s.peer_tid = t->peer_tid;
	sin = (struct sockaddr_in *)&s.peer;
	sin->sin_family = AF_INET;
	sin->sin_port = htons(t->peer.port);
	memcpy(&sin->sin_addr, t->peer.ip, 4);
	s.peer_len = sizeof(*sin);
	s.binding = t->mark;
	s.ns = t->ns;
	s.nr = t->nr;
	s.ns_una = r->ns_una;
	s.peer_rws = r->peer_rws;
	memcpy(s.peer_host, r->peer_host, sizeof(s.peer_host));
	return l2tp_tunnel_resume(d->l2tp->l2tp, now, &s, b);
}

static uint64_t serial_of(const char *acct_id)
{
	char *end;
	unsigned long long v;

	if (!acct_id[0])
		return 0;
	errno = 0;
	v = strtoull(acct_id, &end, 16);
	return errno || *end ? 0 : v;
}

_Static_assert(sizeof(((struct aaa_attrs *)0)->class_val) >= RESTART_CLASS_MAX,
	       "a saved Class fits the session's");

static void session_resume_of(const struct restart_session *k,
			      const struct restart_session_resume *r,
			      const struct restart_session_aaa *g,
			      struct session_resume *x)
{
	memset(x, 0, sizeof(*x));
	x->serial = serial_of(r->acct_id);
	x->accounted = r->acct_id[0] != '\0';
	snprintf(x->user, sizeof(x->user), "%s", k->user);
	x->addr = ntohl(k->ipv4);
	x->kernel_ifindex = k->ifindex;
	x->kernel_id = k->id;
	x->started_ms = r->started_ms;
	x->ppp.method = r->auth_method;
	snprintf(x->ppp.user, sizeof(x->ppp.user), "%s", k->user);
	x->ppp.peer_mru = r->peer_mru;
	x->ppp.our_magic = r->our_magic;
	x->ppp.peer_magic = r->peer_magic;
	x->ppp.peer_pfc = r->flags & RESTART_PPP_PEER_PFC;
	x->ppp.peer_acfc = r->flags & RESTART_PPP_PEER_ACFC;
	x->ppp.local_ip = r->local_ip;
	x->ppp.peer_ip = r->peer_ip;
	if (g) {
		x->granted.remote = true;
		x->granted.session_timeout = g->session_timeout;
		x->granted.idle_timeout = g->idle_timeout;
		x->granted.interim = g->interim;
		x->granted.class_len = g->class_len;
		memcpy(x->granted.class_val, g->class_val, g->class_len);
	}
}

/* Step 2, the call and its kernel session, and step 3: 0, or -1. */
static int resume_call(struct roamd *d, struct roam_genl *g,
		       const struct restart_state *st,
		       const struct takeover_item *it, uint64_t now)
{
	const struct restart_session *k = &st->sess[it->sess];
	const struct restart_session_resume *r = &st->sess_res[it->sess_res];
	const struct restart_l2tp *t = &st->l2tp[it->l2tp];
	struct sockaddr_in *sin;
	struct session_resume x;
	struct roamd_session *s;
	struct l2tp_actions *b;
	struct l2tp_action a;
	struct roam_nl_err e;

	if (roam_genl_session_set_l2tp_fd(g, k->ifindex, k->id,
					  d->l2tp->fd, &e)) {
		log_warn("restart: session %u: its kernel session cannot move to this roamd's socket: %s",
			 k->id, e.msg[0] ? e.msg : strerror(e.error));
		return -1;
	}
	b = l2tp_batch_new(d->l2tp);
	if (!b || l2tp_session_resume(d->l2tp->l2tp, now, k->tid, k->sid,
				      r->peer_sid, b))
		return -1;
	memset(&a, 0, sizeof(a));
	a.type = L2TP_ACT_SESSION_ADD;
	a.tunnel_id = k->tid;
	a.session_id = k->sid;
	a.peer_tunnel_id = t->peer_tid;
	a.peer_session_id = r->peer_sid;
	a.binding = t->mark;
	sin = (struct sockaddr_in *)&a.peer;
	sin->sin_family = AF_INET;
	sin->sin_port = htons(t->peer.port);
	memcpy(&sin->sin_addr, t->peer.ip, 4);
	a.peer_len = sizeof(*sin);
	s = l2tp_call_new(d->l2tp, &a, false);
	if (!s)
		return -1;
	session_resume_of(k, r, it->sess_aaa == TAKEOVER_NONE ? NULL :
			  &st->sess_aaa[it->sess_aaa], &x);
	if (session_resume(s, &d->db.settings, &x, now)) {
		/* ended as a failed setup: CDN, then reaped */
		session_finish(s, "it could not be taken over", 0);
		return -1;
	}
	return 0;
}

/* A session that could not be taken over: ended whole, client told. */
static void end_item(struct roamd *d, struct roam_genl *g,
		     const struct restart_state *st,
		     const struct takeover_item *it, struct resumed *rs,
		     uint64_t now)
{
	const struct restart_session *k = &st->sess[it->sess];
	struct l2tp_actions *b;
	struct ike_actions a;
	struct roam_nl_err e;

	if (rs->tunnel[it->l2tp]) {
		b = l2tp_batch_new(d->l2tp);
		if (b)
			l2tp_tunnel_close(d->l2tp->l2tp, now, k->tid,
					  L2TP_STOPCCN_SHUTDOWN, 0, b);
		/* the StopCCN goes out through the SA deleted below */
		l2tp_run_queued(d->l2tp, now);
		rs->tunnel[it->l2tp] = false;
	}
	if (rs->ike_sa[it->ike]) {
		ike_actions_init(&a);
		ike_client_delete(d->ike->ctx, now, rs->ike_sa[it->ike],
				  "its session could not be taken over", &a);
		ike_run_actions(d->ike, &a);
		ike_actions_clear(&a);
		rs->ike_sa[it->ike] = 0;
	}
	if (roam_genl_session_del(g, k->ifindex, k->id, &e) &&
	    e.error != ENOENT)
		log_warn("restart: session %u: its kernel session cannot be removed: %s",
			 k->id, e.msg[0] ? e.msg : strerror(e.error));
}

static int resume_one(struct roamd *d, struct roam_genl *g,
		      const struct restart_state *st,
		      const struct takeover_item *it, struct resumed *rs,
		      uint64_t now)
{
	const struct restart_l2tp *t = &st->l2tp[it->l2tp];

	if (!rs->ike_sa[it->ike])
		rs->ike_sa[it->ike] = resume_ike(d, st, it, t->mark,
						 t->peer.port, now);
	if (!rs->ike_sa[it->ike])
		return -1;
	if (!rs->tunnel[it->l2tp]) {
		if (resume_tunnel(d, t, &st->l2tp_res[it->l2tp_res], now))
			return -1;
		rs->tunnel[it->l2tp] = true;
	}
	return resume_call(d, g, st, it, now);
}

void restart_resume(struct roamd *d)
{
	struct restart_state *st = d->restart.pending;
	struct takeover_plan *tp = d->restart.pending_plan;
	struct resumed rs = {};
	struct roam_genl g;
	struct roam_nl_err e;
	size_t i, ok = 0, failed = 0;
	uint64_t now = roamd_now_ms();
	bool genl = false;

	if (!st || !tp)
		return;
	rs.ike_sa = calloc(st->n_ike ? st->n_ike : 1, sizeof(*rs.ike_sa));
	rs.tunnel = calloc(st->n_l2tp ? st->n_l2tp : 1, sizeof(*rs.tunnel));
	genl = !roam_genl_open(&g, &e);
	for (i = 0; i < tp->n; i++) {
		const struct takeover_item *it = &tp->item[i];

		if (it->why != TAKEOVER_OK)
			continue;
		if (rs.ike_sa && rs.tunnel && genl && d->ike && d->l2tp &&
		    !resume_one(d, &g, st, it, &rs, now)) {
			ok++;
			continue;
		}
		failed++;
		if (rs.ike_sa && rs.tunnel && genl)
			end_item(d, &g, st, it, &rs, now);
	}
	if (ok || failed)
		log_info("restart: took over %zu sessions of the earlier roamd%s",
			 ok, failed ? "; the others were ended" : "");
	if (failed && (!genl || !d->ike || !d->l2tp))
		log_err("restart: %zu sessions could not be taken over (%s) and stay in the kernel",
			failed, !genl ? "no roam netlink" :
			"the IKE or L2TP service is off");
	if (genl)
		roam_genl_close(&g);
	free(rs.ike_sa);
	free(rs.tunnel);
	restart_state_free(st);
	free(st);
	takeover_plan_free(tp);
	free(tp);
	free(d->restart.pending_esp);
	d->restart.pending = NULL;
	d->restart.pending_plan = NULL;
	d->restart.pending_esp = NULL;
}
