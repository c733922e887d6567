// SPDX-License-Identifier: GPL-2.0
/*
 * Remote-access clients of the IKE service (vpnc, the Cisco VPN Client,
 * strongSwan with XAUTH): the engine's questions answered from roamd's
 * groups, users and pools, and each client made a session.
 *
 * The engine's events are copied into a queue when its actions run and
 * handled only when the service settles (service.c), never from inside
 * the engine's call:
 *
 *   XAUTH_CHECK   the user name and password go to aaa/ (asynchronous,
 *                 asker AAA_ASKER_XAUTH, owner the IKE SA's id); the
 *                 verdict comes back through aaa_next_done_for() and is
 *                 handed to ike_xauth_verdict(); a RADIUS server's
 *                 attributes wait in ike->grants under the SA's id
 *                 (aaa/grants.h);
 *   CONFIG_NEED   a session (SESSION_ACCESS_IKE, no PPP, no kernel
 *                 session: the data is the kernel's xfrm tunnel mode)
 *                 that takes the server's attributes as a PPP session
 *                 does (session_login_lowered: Framed-IP-Address and
 *                 Framed-Pool in the policy's address order,
 *                 Session-Timeout, Idle-Timeout, Class and the interim
 *                 interval for accounting) and an address in the user's
 *                 policy's order; the group's settings go
 *                 to ike_client_config(); a client renewing phase 1
 *                 keeps its session, its address and the attributes of
 *                 its first login (session_renewed_by);
 *   XAUTH_FAILED  logged with the user and the reason; its grant dropped;
 *   CLIENT_DOWN   the session ends (session_finish, session_lower_gone);
 *                 its address returns to its pool when it is reaped.
 *
 * A session ended from above (its close in the IKE outbox) has its IKE
 * SA deleted with ike_client_delete(), which reports CLIENT_DOWN in turn.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/auth.h"
#include "access/ike.h"
#include "addr.h"
#include "ipsec/clients.h"
#include "log.h"
#include "roamd.h"
#include "service.h"
#include "session/policy_enforce.h"

/* The call state of an IKE session. */
struct ike_call {
	uint64_t sa_id;
};

static struct roamd_session *session_by_sa(struct roamd *d, uint64_t sa_id)
{
	struct roamd_session *s;

	for (s = d->sessions.list; s; s = s->next) {
		struct ike_call *c = session_priv(s);

		if (s->access == SESSION_ACCESS_IKE && c->sa_id == sa_id &&
		    s->state != SESSION_DEAD)
			return s;
	}
	return NULL;
}

void ike_ra_queue(struct roamd_ike *ike, const struct ike_actions *a)
{
	struct ike_event *v;
	size_t need = ike->n_evq + a->n_ev, cap;

	if (!a->n_ev)
		return;
	if (need > ike->cap_evq) {
		cap = need < 8 ? 8 : need * 2;
		v = realloc(ike->evq, cap * sizeof(*v));
		if (!v) {
			/* the engine's timeouts end these clients */
			log_err("IKE: out of memory: %zu client event(s) lost",
				a->n_ev);
			return;
		}
		ike->evq = v;
		ike->cap_evq = cap;
	}
	memcpy(&ike->evq[ike->n_evq], a->ev, a->n_ev * sizeof(*a->ev));
	ike->n_evq += a->n_ev;
}

void ike_ra_fini(struct roamd_ike *ike)
{
	aaa_grants_fini(&ike->grants);
	if (ike->evq)
		explicit_bzero(ike->evq, ike->cap_evq * sizeof(*ike->evq));
	free(ike->evq);
	ike->evq = NULL;
	ike->n_evq = ike->cap_evq = 0;
}

/*
 * The traffic of a Mode-Config client's ESP SAs so far, the pairs
 * rekeyed away included: the kernel's own counters (an XFRM_MSG_GETSA
 * of each SA, its curlft), for the idle timeout
 * (session/policy_enforce.c) and the accounting records, as the roam
 * session's counters are for a PPP session.  Bytes are ESP's payload as
 * xfrm counts it.  No packet is looked at in userspace.
 */
int ike_ra_session_stats(void *ctx, const struct roamd_session *s,
			 struct roam_session_info *k)
{
	struct roamd *d = ctx;
	struct ike_addr peer = {
		.family = AF_INET,
		.port = ntohs(s->peer.sin_port),
	};
	struct xfrm_sa_counters in, out;

	if (s->access != SESSION_ACCESS_IKE)
		return -1;
	memcpy(peer.ip, &s->peer.sin_addr, 4);
	if (ipsec_client_traffic(&d->ipsec, &peer, &in, &out))
		return -1;
	k->rx_packets = in.packets;
	k->rx_bytes = in.bytes;
	k->tx_packets = out.packets;
	k->tx_bytes = out.bytes;
	return 0;
}

void ike_ra_sa_going(struct roamd_ike *ike, const struct ike_esp_sa *sa)
{
	const struct ipsec_client *c;
	struct roam_session_info k;
	struct roamd_session *s;

	if (sa->transport || sa->remote.family != AF_INET)
		return;		/* L2TP's: its kernel session counts */
	c = ipsec_client_by_peer(&ike->d->ipsec, &sa->remote);
	if (!c || c->npairs != 1)
		return;		/* the client's count goes on (ipsec_del) */
	/* the client's session (one a client), while it is not over */
	for (s = ike->d->sessions.list; s; s = s->next) {
		if (s->access != SESSION_ACCESS_IKE || s->lower_gone ||
		    s->state == SESSION_CLOSING || s->state == SESSION_DEAD ||
		    s->peer.sin_port != htons(sa->remote.port) ||
		    memcmp(&s->peer.sin_addr, sa->remote.ip, 4))
			continue;
		memset(&k, 0, sizeof(k));
		if (ike_ra_session_stats(ike->d, s, &k))
			return;
		s->has_final = true;
		s->final_rx_packets = k.rx_packets;
		s->final_rx_bytes = k.rx_bytes;
		s->final_tx_packets = k.tx_packets;
		s->final_tx_bytes = k.tx_bytes;
	}
}

static void peer_str(const struct ike_addr *a, char *buf, size_t len)
{
	ike_endpoint_str(a, buf, len);
}

struct group_find {
	uint64_t sa_id;
	char group[IKE_NAME_MAX];
	struct ike_addr remote;
};

static void group_find_one(const struct ike_sa_info *i, void *arg)
{
	struct group_find *f = arg;

	if (i->sa_id == f->sa_id && i->group) {
		snprintf(f->group, sizeof(f->group), "%s", i->group);
		f->remote = i->remote;
	}
}

static struct roamd_session *session_renewed_by(struct roamd *d,
						struct ike_event *e,
						const char *who);

static void xauth_check(struct roamd_ike *ike, struct ike_event *e)
{
	struct ppp_auth_request q = {
		.method = PPP_AUTH_PAP,
		.user = e->user,
		.user_len = strlen(e->user),
		.response = (const uint8_t *)e->password,
		.response_len = strlen(e->password),
	};
	struct group_find f = { .sa_id = e->sa_id };
	struct roamd_group_policy pol = { .auth_source = -1 };
	const struct roamd_group *grp;
	struct ike_actions a;

	/* the group's source: its users are local or the RADIUS server's */
	ike_foreach_sa(ike->ctx, group_find_one, &f);
	grp = groups_find(&ike->d->db.groups, f.group);
	if (grp)
		groups_resolve(grp, &pol);
	if (!aaa_submit_src(&ike->d->aaa, AAA_ASKER_XAUTH, e->sa_id, &q,
			    pol.auth_source))
		return;
	ike_actions_init(&a);
	ike_xauth_verdict(ike->ctx, roamd_now_ms(), e->sa_id, false,
			  "the user name or password is too long", &a);
	ike_run_actions(ike, &a);
}

/* A verdict of aaa/: a user of another group is refused here. */
static void xauth_verdict(struct roamd_ike *ike, struct aaa_request *r)
{
	const struct roamd_user *u = users_find(&ike->d->db.users, r->user);
	struct group_find f = { .sa_id = r->owner };
	const char *group = f.group;
	bool ok = r->verdict == PPP_AUTH_OK;
	const char *why = r->why ? r->why : "refused";
	struct roamd_session *renewed = NULL;
	unsigned int werr = POLICY_WERR_AUTH;
	struct policy_verdict v;
	struct sockaddr_in peer;
	char msg[160], label[64], ev_why[192];
	struct ike_actions a;

	ike_foreach_sa(ike->ctx, group_find_one, &f);
	/* A client renewing phase 1 logs in again: not a second login. */
	if (ok) {
		struct ike_event ev = { .sa_id = r->owner, .remote = f.remote };

		snprintf(ev.group, sizeof(ev.group), "%s", group);
		renewed = session_renewed_by(ike->d, &ev, r->user);
	}
	if (ok && u && u->group[0] && group[0] && strcmp(u->group, group)) {
		snprintf(msg, sizeof(msg),
			 "the user belongs to group %.63s, not %.63s",
			 u->group, group);
		ok = false;
		why = msg;
	}
	/* the server's group (Filter-Id) must be the IKE group too */
	if (ok && !aaa_attrs_group_ok(&r->attrs, group)) {
		snprintf(msg, sizeof(msg),
			 "the RADIUS server's Filter-Id names group %.48s, not %.48s",
			 r->attrs.filter_id, group);
		log_info("IKE user %s group %s: refused: %s", r->user, group,
			 msg);
		ok = false;
		why = msg;
	}
	if (ok && !session_policy_admit(&ike->d->sessions, renewed, r->user,
					group, ROAM_ACCESS_IPSEC, 0,
					roamd_now_ms(), &v)) {
		log_info("IKE user %s group %s: login refused by its policy: %s (the Windows client shows error %u)",
			 r->user, group, v.why, v.windows_error);
		snprintf(msg, sizeof(msg), "%s", v.why);
		ok = false;
		why = msg;
		werr = v.windows_error;
	}
	if (!ok) {
		/* no session yet: roam monitor hears of it from here */
		memset(&peer, 0, sizeof(peer));
		peer.sin_family = AF_INET;
		peer.sin_port = htons(f.remote.port);
		memcpy(&peer.sin_addr, f.remote.ip, 4);
		peer_str(&f.remote, label, sizeof(label));
		snprintf(ev_why, sizeof(ev_why), "refused: %s", why);
		session_refused_early(&ike->d->sessions, SESSION_ACCESS_IKE,
				      label, r->user, group,
				      f.remote.family == AF_INET ? &peer : NULL,
				      ev_why, werr);
	}
	aaa_grant_drop(&ike->grants, r->owner);
	if (ok && r->attrs.remote &&
	    aaa_grant_keep(&ike->grants, r->owner, r->user, &r->attrs,
			   roamd_now_ms()))
		log_warn("IKE user %s group %s: out of memory: the RADIUS server's attributes are not applied",
			 r->user, group);
	ike_actions_init(&a);
	ike_xauth_verdict(ike->ctx, roamd_now_ms(), r->owner, ok,
			  ok ? NULL : why, &a);
	ike_run_actions(ike, &a);
}

/*
 * The group's settings; DNS, WINS and domain as the user's policy has
 * them (base -> group -> user: policy.h).
 */
static void client_cfg_from_group(const struct roamd_group *g,
				  const struct roamd_group_policy *pol,
				  const struct roamd_policy *up,
				  struct ike_client_cfg *cfg)
{
	uint32_t n;
	unsigned int i;

	for (i = 0; i < up->v.ndns && i < IKE_CFG_MAX_SERVERS; i++) {
		n = htonl(up->v.dns[i]);
		memcpy(cfg->dns[cfg->n_dns++], &n, 4);
	}
	for (i = 0; i < up->v.nwins && i < IKE_CFG_MAX_SERVERS; i++) {
		n = htonl(up->v.wins[i]);
		memcpy(cfg->wins[cfg->n_wins++], &n, 4);
	}
	for (i = 0; i < g->nsplit && i < IKE_CFG_MAX_SPLIT; i++) {
		n = htonl(g->split[i].addr);
		memcpy(cfg->split[cfg->n_split].addr, &n, 4);
		cfg->split[cfg->n_split++].prefix = g->split[i].prefix;
	}
	snprintf(cfg->domain, sizeof(cfg->domain), "%s", up->v.domain);
	snprintf(cfg->banner, sizeof(cfg->banner), "%s", g->banner);
	cfg->save_passwd = pol->save_password;
	cfg->pfs = pol->pfs;
}

/*
 * The session a new IKE SA renews: IKEv1 has no rekey of phase 1, so a
 * client renews it with a whole new IKE SA (XAUTH and Mode-Config again:
 * strongSwan, vpnc) and deletes the old one once the new one stands.  The
 * same user of the same group from the same address and port, while its
 * session is still up, is that client: its session and address carry
 * over.  Another port (a second device behind the same NAT) is another
 * client.
 */
static struct roamd_session *session_renewed_by(struct roamd *d,
						struct ike_event *e,
						const char *who)
{
	struct roamd_session *s;

	for (s = d->sessions.list; s; s = s->next) {
		struct ike_call *c = session_priv(s);

		if (s->access == SESSION_ACCESS_IKE &&
		    s->state == SESSION_UP && !s->lower_gone &&
		    c->sa_id != e->sa_id && !strcmp(s->user, who) &&
		    !strcmp(s->view_tmpl.group, e->group) &&
		    s->peer.sin_port == htons(e->remote.port) &&
		    !memcmp(&s->peer.sin_addr, e->remote.ip, 4))
			return s;
	}
	return NULL;
}

static void config_need(struct roamd_ike *ike, struct ike_event *e)
{
	struct roamd *d = ike->d;
	const struct roamd_group *g = groups_find(&d->db.groups, e->group);
	const char *who = e->user[0] ? e->user : e->group;
	struct roamd_group_policy pol;
	struct roamd_policy up;
	struct ike_client_cfg cfg = {};
	struct aaa_attrs granted;
	bool got;
	struct roamd_session *s;
	struct ike_actions a;
	const char *why = NULL;
	struct ike_call *c;
	char peer[64];
	uint32_t n;

	peer_str(&e->remote, peer, sizeof(peer));
	/* what the RADIUS server granted this login, if it answered it */
	got = aaa_grant_take(&ike->grants, e->sa_id, who, &granted);
	s = g ? session_renewed_by(d, e, who) : NULL;
	if (s) {
		/* the first login's address, timeouts and Class stand */
		c = session_priv(s);
		log_info("%s user %s group %s: phase 1 renewed (IKE SA %llu replaces %llu): session and address kept",
			 s->label, who, g->name,
			 (unsigned long long)e->sa_id,
			 (unsigned long long)c->sa_id);
		ike_actions_init(&a);
		ike_client_renew(ike->ctx, roamd_now_ms(), c->sa_id, e->sa_id,
				 &a);
		c->sa_id = e->sa_id;
		groups_resolve(g, &pol);
		policy_for(&d->db, who, g->name, &up);
		n = htonl(s->addr);
		memcpy(cfg.addr, &n, 4);
		client_cfg_from_group(g, &pol, &up, &cfg);
		ike_client_config(ike->ctx, roamd_now_ms(), e->sa_id, &cfg,
				  NULL, &a);
		ike_run_actions(ike, &a);
		return;
	}
	s = g ? session_new(&d->sessions, SESSION_ACCESS_IKE, sizeof(*c)) :
		NULL;
	if (!g)
		why = "its group is no longer configured";
	else if (!s)
		why = "out of memory";
	if (s) {
		c = session_priv(s);
		c->sa_id = e->sa_id;
		groups_resolve(g, &pol);
		s->peer.sin_family = AF_INET;
		s->peer.sin_port = htons(e->remote.port);
		memcpy(&s->peer.sin_addr, e->remote.ip, 4);
		snprintf(s->label, sizeof(s->label), "IKE peer %.38s", peer);
		s->view_tmpl.ipsec = true;
		s->view_tmpl.protocol = pol.xauth ? "ike/xauth" : "ike/modecfg";
		session_set_group(s, g->name);
		if (session_login_lowered(s, who, got ? &granted : NULL)) {
			why = got ? "no address for it (the RADIUS server's address or pool refused, or pools exhausted)" :
				    "no address for it (pools exhausted)";
			session_finish(s, why, 0);
			session_lower_gone(s);
			s = NULL;
		}
	}
	ike_actions_init(&a);
	if (!s) {
		log_warn("IKE peer %s (group %s, user %s): no configuration: %s",
			 peer, e->group, who, why);
		ike_client_config(ike->ctx, roamd_now_ms(), e->sa_id, NULL, why,
				  &a);
		ike_run_actions(ike, &a);
		return;
	}
	n = htonl(s->addr);
	memcpy(cfg.addr, &n, 4);
	policy_for(&d->db, who, g->name, &up);
	client_cfg_from_group(g, &pol, &up, &cfg);
	/* up from here: the tunnel SAs follow in Quick Mode */
	session_up_lowered(s);
	{
		char addr[ROAM_IPV4_STRLEN];

		roam_ipv4_format(s->addr, addr);
		log_info("%s user %s group %s: given %s%s%s%s", s->label, who,
			 g->name, addr, s->pool[0] ? " from pool " : "",
			 s->pool, s->auth_addr && s->auth_addr == s->addr ?
			 " (the RADIUS server's Framed-IP-Address)" : "");
		if (s->session_timeout || s->idle_timeout)
			log_info("%s user %s: the RADIUS server's Session-Timeout %u s, Idle-Timeout %u s",
				 s->label, who, s->session_timeout,
				 s->idle_timeout);
	}
	if (ike_client_config(ike->ctx, roamd_now_ms(), e->sa_id, &cfg, NULL,
			      &a)) {
		session_finish(s, "its IKE SA ended before its configuration",
			       0);
		session_lower_gone(s);
	}
	ike_run_actions(ike, &a);
}

static void client_down(struct roamd_ike *ike, struct ike_event *e)
{
	struct roamd_session *s = session_by_sa(ike->d, e->sa_id);

	aaa_cancel_for(&ike->d->aaa, AAA_ASKER_XAUTH, e->sa_id);
	aaa_grant_drop(&ike->grants, e->sa_id);
	if (!s)
		return;
	/* one ended from above (policy, session del) said so already */
	if (s->state != SESSION_CLOSING)
		log_info("%s user %s: ended: %s", s->label, s->user,
			 e->reason[0] ? e->reason : "IKE SA ended");
	session_finish(s, e->reason[0] ? e->reason : "IKE SA ended", 0);
	session_lower_gone(s);
}

static void run_event(struct roamd_ike *ike, struct ike_event *e)
{
	char peer[64];

	switch (e->type) {
	case IKE_EV_XAUTH_CHECK:
		xauth_check(ike, e);
		break;
	case IKE_EV_CONFIG_NEED:
		config_need(ike, e);
		break;
	case IKE_EV_XAUTH_FAILED:
		peer_str(&e->remote, peer, sizeof(peer));
		/* the user and the cause; never the password */
		log_warn("IKE peer %s group %s: user %s refused for good: %s",
			 peer, e->group, e->user[0] ? e->user : "(none)",
			 e->reason[0] ? e->reason : "XAUTH failed");
		aaa_cancel_for(&ike->d->aaa, AAA_ASKER_XAUTH, e->sa_id);
		aaa_grant_drop(&ike->grants, e->sa_id);
		break;
	case IKE_EV_CLIENT_DOWN:
		client_down(ike, e);
		break;
	}
}

/* Sessions ended from above: delete their IKE SAs. */
static bool run_outbox(struct roamd_ike *ike)
{
	struct session_tx *tx;
	struct ike_actions a;
	bool any = false;

	while ((tx = session_outbox_pop(&ike->d->sessions,
					SESSION_ACCESS_IKE))) {
		struct roamd_session *s = tx->s;
		struct ike_call *c = session_priv(s);

		any = true;
		if (tx->close && !s->lower_gone) {
			ike_actions_init(&a);
			if (ike_client_delete(ike->ctx, roamd_now_ms(), c->sa_id,
					      s->why[0] ? s->why :
					      "closed by roamd", &a))
				session_lower_gone(s);
			ike_run_actions(ike, &a);
		}
		free(tx);
	}
	return any;
}

bool ike_ra_settle(struct roamd_ike *ike)
{
	struct aaa_request *r;
	struct ike_event e;
	bool any = false;

	while ((r = aaa_next_done_for(&ike->d->aaa, AAA_ASKER_XAUTH))) {
		xauth_verdict(ike, r);
		aaa_request_free(r);
		any = true;
	}
	while (ike->n_evq) {
		e = ike->evq[0];
		explicit_bzero(ike->evq[0].password, sizeof(e.password));
		memmove(&ike->evq[0], &ike->evq[1],
			(ike->n_evq - 1) * sizeof(e));
		ike->n_evq--;
		run_event(ike, &e);
		explicit_bzero(e.password, sizeof(e.password));
		any = true;
	}
	any |= run_outbox(ike);
	return any;
}

void ike_ra_peer_moved(struct roamd_ike *ike, const struct ike_addr *old,
		       const struct ike_addr *new)
{
	struct roamd_session *s;

	if (old->family != AF_INET || new->family != AF_INET)
		return;
	for (s = ike->d->sessions.list; s; s = s->next)
		if (s->access == SESSION_ACCESS_IKE &&
		    s->peer.sin_port == htons(old->port) &&
		    !memcmp(&s->peer.sin_addr, old->ip, 4)) {
			s->peer.sin_port = htons(new->port);
			memcpy(&s->peer.sin_addr, new->ip, 4);
		}
}
