// SPDX-License-Identifier: GPL-2.0
/*
 * A PPP call over an L2TP session: authentication against the local users,
 * an address (the user's own, else from a pool), and the kernel session
 * that carries the data once IPCP is up.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include <linux/roam.h>

#include "addr.h"
#include "call.h"
#include "lns.h"
#include "log.h"
#include "roamd.h"
#include "vpn.h"

static enum ppp_verdict call_verify(void *ctx,
				    const struct ppp_auth_request *req,
				    struct ppp_auth_result *res)
{
	struct call *c = ctx;
	struct roamd_user *u = users_find(&c->lns->d->db.users, req->user);

	if (!u) {
		res->error = 691;
		return PPP_AUTH_FAIL;
	}
	return ppp_auth_check_password(req, u->password, u->password_len,
				       res);
}

static bool address_in_use(struct roamd_lns *lns, uint32_t addr)
{
	struct call *c;

	for (c = lns->calls; c; c = c->next)
		if (c->addr == addr)
			return true;
	return false;
}

/* The user's fixed address wins over the pools (as on the appliances). */
static int call_get_address(void *ctx, const char *user, uint32_t requested,
			    uint32_t *addr)
{
	struct call *c = ctx;
	struct roamd *d = c->lns->d;
	struct roamd_user *u = users_find(&d->db.users, user);
	char a[ROAM_IPV4_STRLEN];
	size_t i;

	(void)requested;
	if (u && u->has_ipv4) {
		roam_ipv4_format(u->ipv4, a);
		if (address_in_use(c->lns, u->ipv4)) {
			log_warn("user %s is already connected with %s: refused",
				 user, a);
			return -1;
		}
		*addr = u->ipv4;
		c->pool[0] = '\0';
		return 0;
	}
	for (i = 0; i < d->db.pools.n; i++) {
		struct roamd_pool *p = &d->db.pools.v[i];

		if (!pool_alloc(p, addr)) {
			snprintf(c->pool, sizeof(c->pool), "%s", p->name);
			return 0;
		}
	}
	log_warn("no address for user %s: %s", user,
		 d->db.pools.n ? "every pool is exhausted" : "no pool configured");
	return -1;
}

static const struct ppp_session_ops call_ppp_ops = {
	.verify = call_verify,
	.get_address = call_get_address,
};

static void release_address(struct call *c)
{
	struct roamd_pool *p;

	if (c->addr && c->pool[0]) {
		p = pools_find(&c->lns->d->db.pools, c->pool);
		if (p)
			pool_release(p, c->addr);
	}
	c->addr = 0;
}

static void kernel_del(struct call *c)
{
	struct roam_nl_err e;

	if (!c->kernel_id)
		return;
	/* the device it was added on, even if renamed or replaced since */
	if (roam_genl_session_del(&c->lns->genl, c->kernel_ifindex,
				  c->kernel_id, &e) &&
	    e.error != ENOENT && e.error != ENODEV)
		log_warn("kernel session %u: cannot delete: %s", c->kernel_id,
			 e.msg);
	c->kernel_id = 0;
}

static void kernel_add(struct call *c)
{
	struct roamd_lns *lns = c->lns;
	struct roamd *d = lns->d;
	struct roam_session_info s = {};
	struct ppp_session_info info;
	char a[ROAM_IPV4_STRLEN];
	struct roam_nl_err e;

	ppp_session_get_info(c->ppp, &info);
	c->addr = info.peer_ip;
	roam_ipv4_format(c->addr, a);
	if (!d->nlinks || !(s.ifindex = if_nametoindex(d->links[0]))) {
		log_err("user %s: no roam device to carry the session",
			info.user);
		call_close(c);
		return;
	}
	s.id = ++lns->next_kernel_id;
	s.kind = ROAM_KIND_L2TP;
	s.state = ROAM_STATE_UP;
	s.has_ipv4 = true;
	s.ipv4 = c->addr;
	s.peer_family = AF_INET;
	s.peer_ipv4 = ntohl(c->peer.sin_addr.s_addr);
	s.has_peer_port = true;
	s.peer_port = ntohs(c->peer.sin_port);
	s.has_l2tp = true;
	s.l2tp_fd = lns->fd;
	s.l2tp_tunnel_id = c->tunnel_id;
	s.l2tp_session_id = c->session_id;
	s.l2tp_peer_tunnel_id = c->peer_tunnel_id;
	s.l2tp_peer_session_id = c->peer_session_id;
	s.l2tp_xfrm_mark = c->mark;
	s.l2tp_allow_plain = !c->mark;
	if (roam_genl_session_new(&lns->genl, &s, &e)) {
		log_err("user %s (%s): the kernel refused the session: %s",
			info.user, a, e.msg);
		call_close(c);
		return;
	}
	c->kernel_id = s.id;
	c->kernel_ifindex = s.ifindex;
	log_info("user %s connected: address %s, L2TP %u/%u from %s:%u%s",
		 info.user, a, c->tunnel_id, c->session_id,
		 inet_ntoa(c->peer.sin_addr), ntohs(c->peer.sin_port),
		 c->mark ? "" : " without IPsec (weak)");
}

/* Ask the L2TP engine to end the session with a CDN. */
static void call_hangup(struct call *c)
{
	struct l2tp_actions a;

	c->l2tp_gone = true;
	l2tp_actions_init(&a);
	l2tp_session_close(c->lns->l2tp, vpn_now_ms(), c->tunnel_id,
			   c->session_id, L2TP_CDN_ADMIN, 0, &a);
	lns_run(c->lns, &a);
	l2tp_actions_free(&a);
}

/* Carry out what one call into PPP asked for. */
static void call_out(struct call *c, struct ppp_out *o)
{
	struct ppp_session_info info;
	const struct ppp_down *down;
	bool finished = false;
	unsigned int i;
	size_t len;

	for (i = 0; i < o->nframes; i++) {
		const uint8_t *f = ppp_out_frame(o, i, &len);

		lns_send_ppp(c->lns, c, f, len);
	}
	for (i = 0; i < o->nevents; i++) {
		switch (o->event[i]) {
		case PPP_EV_AUTH_OK:
			ppp_session_get_info(c->ppp, &info);
			log_info("user %s authenticated (%s) on L2TP %u/%u",
				 info.user, ppp_auth_method_name(info.method),
				 c->tunnel_id, c->session_id);
			break;
		case PPP_EV_IPV4_UP:
			kernel_add(c);
			break;
		case PPP_EV_IPV4_DOWN:
			kernel_del(c);
			break;
		case PPP_EV_FINISHED:
			finished = true;
			break;
		default:
			break;
		}
	}
	if (!finished || c->finished)
		return;
	c->finished = true;
	down = ppp_session_down(c->ppp);
	ppp_session_get_info(c->ppp, &info);
	if (down->windows_error)
		log_info("L2TP %u/%u%s%s: PPP ended: %s (the Windows client shows error %u)",
			 c->tunnel_id, c->session_id,
			 info.user[0] ? " user " : "", info.user, down->text,
			 down->windows_error);
	else
		log_info("L2TP %u/%u%s%s: PPP ended: %s", c->tunnel_id,
			 c->session_id, info.user[0] ? " user " : "",
			 info.user, down->text);
	kernel_del(c);
	release_address(c);
	if (c->l2tp_gone)
		return;
	/* The CDN; the engine then reports the session gone (call_free). */
	call_hangup(c);
}

struct call *call_new(struct roamd_lns *lns, const struct l2tp_action *a)
{
	struct roamd_settings *st = &lns->d->db.settings;
	struct ppp_config cfg;
	struct call *c;
	int i, n = 0;

	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->lns = lns;
	c->tunnel_id = a->tunnel_id;
	c->session_id = a->session_id;
	c->peer_tunnel_id = a->peer_tunnel_id;
	c->peer_session_id = a->peer_session_id;
	c->mark = a->binding;
	memcpy(&c->peer, &a->peer, sizeof(c->peer));
	clock_gettime(CLOCK_MONOTONIC, &c->started);

	ppp_config_defaults(&cfg);
	for (i = 0; i < st->nauth && n < PPP_AUTH_MAX_METHODS - 1; i++) {
		switch (st->auth[i]) {
		case ROAM_PPP_AUTH_MSCHAPV2:
			cfg.auth[n++] = PPP_AUTH_MSCHAPV2;
			break;
		case ROAM_PPP_AUTH_CHAP:
			cfg.auth[n++] = PPP_AUTH_CHAP_MD5;
			break;
		case ROAM_PPP_AUTH_PAP:
			cfg.auth[n++] = PPP_AUTH_PAP;
			break;
		}
	}
	cfg.auth[n] = PPP_AUTH_NONE;
	snprintf(cfg.name, sizeof(cfg.name), "roam");
	cfg.echo_interval = st->echo_interval;
	cfg.echo_failures = st->echo_failures;
	cfg.local_ip = st->ppp_local;
	memcpy(cfg.dns, st->dns, sizeof(cfg.dns));
	memcpy(cfg.wins, st->wins, sizeof(cfg.wins));
	c->ppp = ppp_session_new(&cfg, &call_ppp_ops, c);
	if (!c->ppp) {
		free(c);
		return NULL;
	}
	c->next = lns->calls;
	lns->calls = c;
	return c;
}

void call_start(struct call *c)
{
	struct ppp_out o;

	ppp_out_reset(&o);
	ppp_session_start(c->ppp, vpn_now_ms(), &o);
	call_out(c, &o);
}

void call_input(struct call *c, const uint8_t *frame, size_t len)
{
	struct ppp_out o;

	ppp_out_reset(&o);
	ppp_session_input(c->ppp, frame, len, vpn_now_ms(), &o);
	call_out(c, &o);
}

void call_timer(struct call *c, uint64_t now)
{
	struct ppp_out o;

	ppp_out_reset(&o);
	ppp_session_timer(c->ppp, now, &o);
	call_out(c, &o);
}

uint64_t call_deadline(const struct call *c)
{
	return c->finished ? UINT64_MAX : ppp_session_deadline(c->ppp);
}

void call_lower_down(struct call *c)
{
	struct ppp_out o;

	c->l2tp_gone = true;
	if (c->finished)
		return;
	ppp_out_reset(&o);
	ppp_session_lower_down(c->ppp, vpn_now_ms(), &o);
	call_out(c, &o);
}

void call_close(struct call *c)
{
	struct ppp_out o;

	if (c->finished || c->closing)
		return;
	c->closing = true;
	ppp_out_reset(&o);
	ppp_session_close(c->ppp, vpn_now_ms(), &o);
	call_out(c, &o);
}

void call_free(struct call *c)
{
	struct roamd_lns *lns = c->lns;
	struct call **pp;

	for (pp = &lns->calls; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	kernel_del(c);
	release_address(c);
	ppp_session_free(c->ppp);
	free(c);
}
