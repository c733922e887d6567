// SPDX-License-Identifier: GPL-2.0
/*
 * The PPTP access service: TCP 1723 control connections driven by the
 * PPTP engine (pptp/), and the PPP sessions its calls carry.
 *
 * The kernel (roam_pptp.ko) carries each call's GRE: it numbers every
 * packet of the call, PPP's own included, so a call's session is declared
 * to the kernel as soon as the call is connected, PPP's frames are sent
 * through it (session_kernel_send()), and IPCP later gives the session
 * its address and MPPE keys.  PPP frames from the client reach us through
 * a raw GRE socket whose filter passes only PPP control protocols; data
 * never leaves the kernel.
 *
 * As in access/l2tp.c, every call into the engine queues its actions,
 * which run in order when the service settles; the sessions' frames and
 * closes come back through the session outbox.  A TCP connection's
 * memory is freed after the loop's batch of events (loop.h): an event
 * later in the batch may still name its watch.
 *
 * PPTP and MPPE are weak (MS-CHAP keys, RC4): the service runs only when
 * "pptp set enable on" is given, and says so.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/roam.h>

#include "access/pptp.h"
#include "gre.h"
#include "log.h"
#include "roamd.h"
#include "service.h"
#include "session/ppp_link.h"
#include "session/session.h"

#define PPTP_RX_BUDGET	64	/* reads per wakeup: others get a turn */
/* A client that reads nothing while we have this much for it is cut. */
#define PPTP_OUT_MAX	(64 * 1024)

/* --- queued engine calls ---------------------------------------------- */

static struct pptp_actions *batch(struct roamd_pptp *p)
{
	struct pptp_batch *b = calloc(1, sizeof(*b));

	if (!b) {
		log_err("PPTP: out of memory: an action of the engine is lost");
		return NULL;
	}
	pptp_actions_init(&b->a);
	*p->pending_tail = b;
	p->pending_tail = &b->next;
	return &b->a;
}

static void batches_free(struct roamd_pptp *p)
{
	struct pptp_batch *b;

	while ((b = p->pending)) {
		p->pending = b->next;
		pptp_actions_free(&b->a);
		free(b);
	}
	p->pending_tail = &p->pending;
}

/* --- TCP connections -------------------------------------------------- */

static struct pptp_conn_io *conn_find(struct roamd_pptp *p, uint32_t id)
{
	struct hashtab_node *n = id ? hashtab_first(&p->conns_by_id, id) :
				      NULL;

	return n ? (struct pptp_conn_io *)((char *)n -
					   offsetof(struct pptp_conn_io,
						    by_id)) : NULL;
}

/* The engine has forgotten it (or never will know it again). */
static void conn_forget(struct pptp_conn_io *c)
{
	hashtab_del(&c->svc->conns_by_id, &c->by_id);
	c->id = 0;
}

/* Closed now; its memory goes after the batch of events (conns_reap). */
static void conn_close(struct pptp_conn_io *c)
{
	struct roamd_pptp *p = c->svc;

	if (c->fd < 0)
		return;
	loop_del(&p->d->loop, &c->watch);
	close(c->fd);
	c->fd = -1;
	conn_forget(c);
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_cap = 0;
	/* off the open list, onto the closed one: O(1) either way */
	*c->pprev = c->next;
	if (c->next)
		c->next->pprev = c->pprev;
	c->next = p->closed;
	c->pprev = NULL;
	p->closed = c;
}

static void conns_reap(void *arg)
{
	struct roamd *d = arg;
	struct roamd_pptp *p = d->pptp;
	struct pptp_conn_io *c;

	if (!p)
		return;
	while ((c = p->closed)) {
		p->closed = c->next;
		free(c);
	}
}

static void conn_want_write(struct pptp_conn_io *c, bool on)
{
	if (c->want_write == on)
		return;
	c->want_write = on;
	loop_mod(&c->svc->d->loop, &c->watch, EPOLLIN | (on ? EPOLLOUT : 0));
}

/* Write what is queued; false when the connection failed. */
static bool conn_flush(struct pptp_conn_io *c)
{
	ssize_t n;

	while (c->out_len) {
		n = send(c->fd, c->out, c->out_len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0)
			return false;
		memmove(c->out, c->out + n, c->out_len - n);
		c->out_len -= n;
	}
	conn_want_write(c, c->out_len > 0);
	return true;
}

static bool conn_queue(struct pptp_conn_io *c, const uint8_t *data,
		       size_t len)
{
	size_t cap;
	uint8_t *o;

	if (c->out_len + len > PPTP_OUT_MAX)
		return false;
	if (c->out_len + len > c->out_cap) {
		cap = c->out_cap ? c->out_cap : 512;
		while (cap < c->out_len + len)
			cap *= 2;
		o = realloc(c->out, cap);
		if (!o)
			return false;
		c->out = o;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, data, len);
	c->out_len += len;
	return true;
}

/* The client is gone or misbehaves: tell the engine, close. */
static void conn_lost(struct pptp_conn_io *c, const char *why)
{
	struct roamd_pptp *p = c->svc;
	struct pptp_actions *b;

	log_info("PPTP control connection from %s:%u closed: %s",
		 inet_ntoa(c->peer.sin_addr), ntohs(c->peer.sin_port), why);
	if (c->id) {
		b = batch(p);
		if (b)
			pptp_conn_closed(p->ctx, roamd_now_ms(), c->id, b);
	}
	conn_close(c);
}

static void conn_event(struct roamd_watch *w, uint32_t events)
{
	struct pptp_conn_io *c = container_of(w, struct pptp_conn_io, watch);
	struct roamd_pptp *p = c->svc;
	struct pptp_actions *b;
	uint8_t buf[2048];
	int budget = PPTP_RX_BUDGET;
	ssize_t n;

	if (c->fd < 0)
		return;
	if ((events & EPOLLOUT) && !conn_flush(c)) {
		conn_lost(c, "cannot write");
		return;
	}
	if (c->close_after_write) {
		if (!c->out_len)
			conn_close(c);
		return;
	}
	while ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && budget--) {
		n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			conn_lost(c, n ? strerror(errno) : "closed by the client");
			break;
		}
		b = batch(p);
		if (b)
			pptp_conn_input(p->ctx, roamd_now_ms(), c->id, buf, n, b);
	}
}

static void accept_ready(struct roamd_watch *w, uint32_t events)
{
	struct roamd_pptp *p = container_of(w, struct roamd_pptp, listen_watch);
	struct sockaddr_in peer, local;
	socklen_t plen, llen;
	struct pptp_conn_io *c;
	struct pptp_actions *b;
	int fd, budget = 16;

	(void)events;
	while (budget--) {
		plen = sizeof(peer);
		fd = accept4(p->listen_fd, (struct sockaddr *)&peer, &plen,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				log_warn("PPTP: accept: %m");
			break;
		}
		llen = sizeof(local);
		c = calloc(1, sizeof(*c));
		b = c ? batch(p) : NULL;
		if (!b || getsockname(fd, (struct sockaddr *)&local, &llen)) {
			log_err("PPTP: cannot take the connection from %s: %s",
				inet_ntoa(peer.sin_addr),
				b ? strerror(errno) : "out of memory");
			free(c);
			close(fd);
			continue;
		}
		c->svc = p;
		c->fd = fd;
		c->peer = peer;
		c->watch.fd = fd;
		c->watch.cb = conn_event;
		c->id = pptp_conn_open(p->ctx, roamd_now_ms(),
				       (struct sockaddr *)&peer, plen,
				       (struct sockaddr *)&local, llen, b);
		if (!c->id || loop_add(&p->d->loop, &c->watch, EPOLLIN)) {
			log_err("PPTP: cannot take the connection from %s: out of memory",
				inet_ntoa(peer.sin_addr));
			free(c);
			close(fd);
			continue;
		}
		c->next = p->conns;
		if (c->next)
			c->next->pprev = &c->next;
		c->pprev = &p->conns;
		p->conns = c;
		hashtab_add(&p->conns_by_id, &c->by_id, c->id);
		log_debug("PPTP: control connection from %s:%u",
			  inet_ntoa(peer.sin_addr), ntohs(peer.sin_port));
	}
}

/* --- the engine's actions --------------------------------------------- */

static struct roamd_session *call_find(struct roamd_pptp *p, uint16_t call_id)
{
	return session_by_call(&p->d->sessions, SESSION_ACCESS_PPTP, call_id);
}

static void call_up(struct roamd_pptp *p, const struct pptp_action *x,
		    uint64_t now)
{
	const struct sockaddr_in *peer = (const void *)&x->peer;
	const struct sockaddr_in *local = (const void *)&x->local;
	struct roamd *d = p->d;
	struct roamd_session *s;
	struct pptp_actions *b;
	struct pptp_call_state *c;

	s = session_new(&d->sessions, SESSION_ACCESS_PPTP, sizeof(*c));
	if (!s) {
		log_err("PPTP call %u: out of memory", x->call_id);
		goto refuse;
	}
	c = session_priv(s);
	c->conn = x->conn;
	c->call_id = x->call_id;
	c->peer_call_id = x->peer_call_id;
	c->local = local->sin_addr;
	s->peer = *peer;
	/* GRE has no port: the session's peer is the address */
	s->peer.sin_port = 0;
	snprintf(s->label, sizeof(s->label), "PPTP call %u", c->call_id);
	s->weak_lower = false;

	s->kernel_tmpl.kind = ROAM_KIND_PPTP;
	s->kernel_tmpl.has_pptp = true;
	s->kernel_tmpl.pptp_call_id = c->call_id;
	s->kernel_tmpl.pptp_peer_call_id = c->peer_call_id;
	s->kernel_tmpl.pptp_local_ipv4 = ntohl(c->local.s_addr);

	if (ppp_link_attach(s, &d->db.settings) ||
	    session_set_call_key(s, c->call_id) ||
	    session_kernel_declare(s)) {
		/* nothing else refers to it: it goes with the next reap */
		s->lower_gone = true;
		session_finish(s, "cannot start the call", 0);
		goto refuse;
	}
	log_info("PPTP call %u from %s (peer call %u) connected (PPTP is weak)",
		 c->call_id, inet_ntoa(peer->sin_addr), c->peer_call_id);
	ppp_link_start(s, now);
	return;
refuse:
	b = batch(p);
	if (b)
		pptp_call_close(p->ctx, now, x->call_id, PPTP_CDN_GENERAL, 0, b);
}

static void run_action(struct roamd_pptp *p, const struct pptp_action *x,
		       uint64_t now)
{
	struct roamd_session *s;
	struct pptp_conn_io *c;

	switch (x->type) {
	case PPTP_ACT_SEND:
		c = conn_find(p, x->conn);
		if (!c || c->close_after_write)
			break;
		if (!conn_queue(c, x->data, x->len)) {
			p->tx_overflow++;
			conn_lost(c, "the client does not read what we send");
			break;
		}
		if (!conn_flush(c))
			conn_lost(c, "cannot write");
		break;
	case PPTP_ACT_CALL_UP:
		call_up(p, x, now);
		break;
	case PPTP_ACT_CALL_DOWN:
		s = call_find(p, x->call_id);
		if (!s)
			break;
		log_info("%s%s%s: the call ended (%s)", s->label,
			 s->user[0] ? " user " : "", s->user,
			 pptp_why_name(x->why));
		ppp_link_lower_down(s, now);
		session_lower_gone(s);
		break;
	case PPTP_ACT_CLOSE:
		c = conn_find(p, x->conn);
		if (!c)
			break;
		conn_forget(c);	/* the engine has forgotten it */
		if (c->out_len)
			c->close_after_write = true;
		else
			conn_close(c);
		break;
	case PPTP_ACT_LOG:
		/* the engine's levels are roam_log's numbers (pptp.h) */
		roam_log((enum roam_log_level)x->level, "PPTP: %s",
			 (const char *)x->data);
		break;
	}
}

static bool run_pending(struct roamd_pptp *p, uint64_t now)
{
	struct pptp_batch *b;
	bool any = false;
	size_t i;

	while ((b = p->pending)) {
		p->pending = b->next;
		if (!p->pending)
			p->pending_tail = &p->pending;
		for (i = 0; i < b->a.n; i++)
			run_action(p, &b->a.v[i], now);
		if (b->a.next_timer_ms)
			p->deadline = b->a.next_timer_ms;
		if (b->a.enomem)
			log_err("PPTP: out of memory: some of the engine's actions were lost");
		pptp_actions_free(&b->a);
		free(b);
		any = true;
	}
	return any;
}

/* PPP frames go out through the kernel; an ended session's call: CDN. */
static bool take_outbox(struct roamd_pptp *p, uint64_t now)
{
	struct session_tx *tx;
	struct pptp_actions *b;
	struct pptp_call_state *c;
	bool any = false;

	while ((tx = session_outbox_pop(&p->d->sessions,
					SESSION_ACCESS_PPTP))) {
		c = session_priv(tx->s);
		if (tx->s->lower_gone) {
			/* nothing to send it on */
		} else if (tx->close) {
			b = batch(p);
			if (b)
				pptp_call_close(p->ctx, now, c->call_id,
						PPTP_CDN_ADMIN, 0, b);
		} else {
			session_kernel_send(tx->s, tx->frame, tx->len);
		}
		free(tx);
		any = true;
	}
	return any;
}

static bool pptp_settle(struct roamd *d, uint64_t now)
{
	struct roamd_pptp *p = d->pptp;
	bool any;

	if (!p)
		return false;
	any = take_outbox(p, now);
	any |= run_pending(p, now);
	return any;
}

/* --- GRE: the clients' PPP control frames ----------------------------- */

static void gre_ready(struct roamd_watch *w, uint32_t events)
{
	struct roamd_pptp *p = container_of(w, struct roamd_pptp, gre_watch);
	struct gre_packet pkt;
	struct roamd_session *s;
	uint8_t buf[2048];
	const char *err;
	int budget = PPTP_RX_BUDGET;
	ssize_t n;

	(void)events;
	while (budget--) {
		n = recv(p->gre_fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				log_warn("PPTP: GRE socket: %m");
			break;
		}
		if (gre_packet_parse(buf, n, &pkt, &err)) {
			/* one line per 256: a flood must not flood the log */
			if ((++p->rx_gre_malformed & 0xff) == 1)
				log_debug("PPTP: GRE dropped: %s (%llu so far)",
					  err, (unsigned long long)
					  p->rx_gre_malformed);
			continue;
		}
		s = call_find(p, pkt.gre.call_id);
		if (!s || s->peer.sin_addr.s_addr != pkt.src.s_addr) {
			p->rx_gre_unknown++;
			continue;
		}
		ppp_link_input(s, pkt.ppp, pkt.ppp_len, roamd_now_ms());
	}
}

/* --- start and stop --------------------------------------------------- */

static void engine_config(const struct roamd_pptp_settings *s,
			  struct pptp_config *cfg)
{
	pptp_config_defaults(cfg);
	cfg->host_name = "roam";
	cfg->vendor_name = "roam";
	cfg->max_tunnels = s->max_tunnels;
	cfg->max_sessions_per_tunnel = s->sessions_per_tunnel;
	cfg->rx_window = s->window;
	cfg->proc_delay = s->proc_delay;
	cfg->idle_ms = s->idle * 1000;
	cfg->echo_interval_ms = s->echo_interval * 1000;
}

static void free_all(struct roamd_pptp *p)
{
	struct pptp_conn_io *c;

	batches_free(p);
	while ((c = p->conns))
		conn_close(c);
	while ((c = p->closed)) {
		p->closed = c->next;
		free(c);
	}
	hashtab_free(&p->conns_by_id);
	if (p->listen_fd >= 0) {
		if (p->listen_watch.cb)
			loop_del(&p->d->loop, &p->listen_watch);
		close(p->listen_fd);
	}
	if (p->gre_fd >= 0) {
		if (p->gre_watch.cb)
			loop_del(&p->d->loop, &p->gre_watch);
		close(p->gre_fd);
	}
	if (p->ctx)
		pptp_free(p->ctx);
	free(p);
}

static int open_listener(struct roamd_pptp *p)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(PPTP_TCP_PORT),
	};
	int one = 1;

	p->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK |
			      SOCK_CLOEXEC, 0);
	if (p->listen_fd < 0 ||
	    setsockopt(p->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one,
		       sizeof(one)) ||
	    bind(p->listen_fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(p->listen_fd, 64)) {
		log_err("PPTP: cannot listen on TCP %d: %m%s", PPTP_TCP_PORT,
			errno == EADDRINUSE ? " (pptpd running?)" : "");
		return -1;
	}
	p->listen_watch.fd = p->listen_fd;
	p->listen_watch.cb = accept_ready;
	if (loop_add(&p->d->loop, &p->listen_watch, EPOLLIN)) {
		p->listen_watch.cb = NULL;
		return -1;
	}
	p->gre_fd = gre_control_socket_open();
	if (p->gre_fd < 0) {
		log_err("PPTP: cannot open the raw GRE socket: %m");
		return -1;
	}
	p->gre_watch.fd = p->gre_fd;
	p->gre_watch.cb = gre_ready;
	if (loop_add(&p->d->loop, &p->gre_watch, EPOLLIN)) {
		p->gre_watch.cb = NULL;
		return -1;
	}
	return 0;
}

static int start_enabled(struct roamd *d)
{
	const struct roamd_pptp_settings *s = &d->db.settings.pptp;
	struct pptp_config cfg;
	struct roamd_pptp *p;

	p = calloc(1, sizeof(*p));
	if (!p)
		return -1;
	p->d = d;
	p->listen_fd = -1;
	p->gre_fd = -1;
	p->pending_tail = &p->pending;
	engine_config(s, &cfg);
	p->ctx = pptp_new(&cfg);
	if (!p->ctx || open_listener(p)) {
		free_all(p);
		return -1;
	}
	d->pptp = p;
	log_warn("PPTP: listening on TCP %d (PPTP, MS-CHAP and MPPE are weak: for old clients only); MPPE %s",
		 PPTP_TCP_PORT, s->mppe == ROAM_MPPE_REQUIRED ? "required" :
		 s->mppe == ROAM_MPPE_OPTIONAL ? "optional" : "off");
	return 0;
}

static bool reap_registered;

static int pptp_start(struct roamd *d)
{
	if (!reap_registered) {
		if (loop_add_idle(&d->loop, conns_reap, d))
			return -1;
		reap_registered = true;
	}
	if (!d->db.settings.pptp.enable)
		return 0;
	/* a refused start is logged; the other services go on */
	start_enabled(d);
	return 0;
}

static void pptp_stop(struct roamd *d)
{
	struct roamd_pptp *p = d->pptp;
	struct pptp_actions *b;
	uint64_t now = roamd_now_ms();

	if (!p)
		return;
	/* CDN for every call, StopCCRQ on every connection */
	b = batch(p);
	if (b)
		pptp_shutdown(p->ctx, now, b);
	while (pptp_settle(d, now) || ppp_link_settle(&d->sessions, now))
		;
	d->pptp = NULL;
	free_all(p);
}

/* Enabled or disabled with "pptp set enable": start or stop now. */
static void pptp_settings_changed(struct roamd *d)
{
	bool on = d->db.settings.pptp.enable;
	struct pptp_config cfg;

	if (on && !d->pptp) {
		start_enabled(d);
	} else if (!on && d->pptp) {
		log_info("PPTP: disabled: its calls end");
		pptp_stop(d);
	} else if (d->pptp) {
		engine_config(&d->db.settings.pptp, &cfg);
		pptp_reconfigure(d->pptp->ctx, &cfg);
	}
}

static uint64_t pptp_deadline_of(struct roamd *d)
{
	struct roamd_pptp *p = d->pptp;

	return p && p->deadline ? p->deadline : UINT64_MAX;
}

static void pptp_timer_fired(struct roamd *d, uint64_t now)
{
	struct roamd_pptp *p = d->pptp;
	struct pptp_actions *b;

	if (!p || !p->deadline || p->deadline > now)
		return;
	p->deadline = 0;
	b = batch(p);
	if (b)
		pptp_timer(p->ctx, now, b);
}

const struct roamd_service pptp_service = {
	.name = "PPTP",
	.start = pptp_start,
	.stop = pptp_stop,
	.deadline = pptp_deadline_of,
	.timer = pptp_timer_fired,
	.settle = pptp_settle,
	.settings_changed = pptp_settings_changed,
	.show = pptp_show,
};
