// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TP access service: the UDP 1701 socket, the L2TP engine (l2tp/),
 * and the PPP sessions its calls carry.
 *
 * Which IPsec SA a datagram came through is its mark: each client's
 * inbound SA marks what it decapsulates (ipsec/clients.c), and SO_RCVMARK
 * hands the mark to us with the datagram.  It is the "binding" the engine
 * ties each tunnel to, and the mark we send the tunnel's messages with
 * (SO_MARK per message), so that they leave through that client's own SA
 * even when several clients share one public address and port.
 *
 * Every call into the engine queues its actions (a batch); they are run
 * in order by run_pending(), from l2tp_settle() only.  Running an action
 * may feed PPP (session/ppp_link.c), whose frames and closes come back
 * through the session outbox on the next round, never by a nested run.
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

#include "access/l2tp.h"
#include "log.h"
#include "roamd.h"
#include "service.h"
#include "session/ppp_link.h"
#include "session/session.h"

#define L2TP_PORT	1701
#ifndef SO_RCVMARK
#define SO_RCVMARK	75
#endif

/* --- queued engine calls ---------------------------------------------- */

/* A new batch at the end of the queue for one engine call; NULL: no memory. */
static struct l2tp_actions *batch(struct roamd_l2tp *l)
{
	struct l2tp_batch *b = calloc(1, sizeof(*b));

	if (!b) {
		log_err("L2TP: out of memory: an action of the engine is lost");
		return NULL;
	}
	l2tp_actions_init(&b->a);
	*l->pending_tail = b;
	l->pending_tail = &b->next;
	return &b->a;
}

static void batches_free(struct roamd_l2tp *l)
{
	struct l2tp_batch *b;

	while ((b = l->pending)) {
		l->pending = b->next;
		l2tp_actions_free(&b->a);
		free(b);
	}
	l->pending_tail = &l->pending;
}

/* --- running the engine's actions ------------------------------------- */

/* The name of an L2TP call in the session table (session_by_call()). */
static uint64_t call_key(uint16_t tid, uint16_t sid)
{
	return (uint32_t)tid << 16 | sid;
}

static struct roamd_session *call_find(struct roamd_l2tp *l, uint16_t tid,
				       uint16_t sid)
{
	return session_by_call(&l->d->sessions, SESSION_ACCESS_L2TP,
			       call_key(tid, sid));
}

static void send_datagram(struct roamd_l2tp *l, const struct l2tp_action *a)
{
	char cbuf[CMSG_SPACE(sizeof(uint32_t))] = {};
	struct iovec iov = { (void *)a->data, a->len };
	struct msghdr m = {
		.msg_name = (void *)&a->peer,
		.msg_namelen = a->peer_len,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct cmsghdr *cm;
	uint32_t mark = a->binding;

	if (mark) {
		m.msg_control = cbuf;
		m.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SO_MARK;
		cm->cmsg_len = CMSG_LEN(sizeof(mark));
		memcpy(CMSG_DATA(cm), &mark, sizeof(mark));
	}
	if (sendmsg(l->fd, &m, 0) < 0)
		log_debug("L2TP: send to %s failed: %m",
			  inet_ntoa(((struct sockaddr_in *)&a->peer)->sin_addr));
}

static int log_level_of(enum l2tp_log_level lv)
{
	return lv == L2TP_LOG_ERR ? ROAM_LOG_ERROR :
	       lv == L2TP_LOG_WARN ? ROAM_LOG_WARN :
	       lv == L2TP_LOG_INFO ? ROAM_LOG_INFO : ROAM_LOG_DEBUG;
}

/* An open tunnel and the SA (mark) it is bound to: what an SA's end ends. */
struct lns_tunnel {
	struct hashtab_node by_id, by_mark;
	uint16_t id;
	uint32_t mark;
};

#define tunnel_of(n, member) \
	((struct lns_tunnel *)((char *)(n) - \
			       offsetof(struct lns_tunnel, member)))

static void tunnel_track(struct roamd_l2tp *l, uint16_t id, uint32_t mark,
			 bool up)
{
	struct hashtab_node *n = hashtab_first(&l->tunnels_by_id, id);
	struct lns_tunnel *t = n ? tunnel_of(n, by_id) : NULL;

	if (!up) {
		if (t) {
			hashtab_del(&l->tunnels_by_id, &t->by_id);
			hashtab_del(&l->tunnels_by_mark, &t->by_mark);
			free(t);
		}
		return;
	}
	if (t)
		return;
	t = calloc(1, sizeof(*t));
	if (!t)
		return;	/* only an SA's end misses it */
	t->id = id;
	t->mark = mark;
	hashtab_add(&l->tunnels_by_id, &t->by_id, id);
	hashtab_add(&l->tunnels_by_mark, &t->by_mark, mark);
}

static void tunnels_free(struct roamd_l2tp *l)
{
	struct hashtab_node *n;
	size_t i;

	for (i = 0; l->tunnels_by_id.buckets && i <= l->tunnels_by_id.mask;
	     i++)
		while ((n = l->tunnels_by_id.buckets[i]))
			tunnel_track(l, tunnel_of(n, by_id)->id, 0, false);
	hashtab_free(&l->tunnels_by_id);
	hashtab_free(&l->tunnels_by_mark);
}

struct l2tp_actions *l2tp_batch_new(struct roamd_l2tp *l)
{
	return batch(l);
}

struct roamd_session *l2tp_call_new(struct roamd_l2tp *l,
				    const struct l2tp_action *x, bool with_ppp)
{
	struct roamd *d = l->d;
	struct roamd_session *s;
	struct l2tp_call *c;

	s = session_new(&d->sessions, SESSION_ACCESS_L2TP, sizeof(*c));
	if (s && ((with_ppp && ppp_link_attach(s, &d->db.settings)) ||
		  session_set_call_key(s, call_key(x->tunnel_id,
						   x->session_id)))) {
		/* nothing refers to it yet: it goes with the next reap */
		s->lower_gone = true;
		session_finish(s, "out of memory", 0);
		s = NULL;
	}
	if (!s)
		return NULL;
	c = session_priv(s);
	c->tunnel_id = x->tunnel_id;
	c->session_id = x->session_id;
	c->peer_tunnel_id = x->peer_tunnel_id;
	c->peer_session_id = x->peer_session_id;
	c->mark = x->binding;
	memcpy(&s->peer, &x->peer, sizeof(s->peer));
	snprintf(s->label, sizeof(s->label), "L2TP %u/%u", c->tunnel_id,
		 c->session_id);
	s->weak_lower = !c->mark;

	s->kernel_tmpl.kind = ROAM_KIND_L2TP;
	s->kernel_tmpl.has_l2tp = true;
	s->kernel_tmpl.l2tp_fd = l->fd;
	s->kernel_tmpl.l2tp_tunnel_id = c->tunnel_id;
	s->kernel_tmpl.l2tp_session_id = c->session_id;
	s->kernel_tmpl.l2tp_peer_tunnel_id = c->peer_tunnel_id;
	s->kernel_tmpl.l2tp_peer_session_id = c->peer_session_id;
	s->kernel_tmpl.l2tp_xfrm_mark = c->mark;
	s->kernel_tmpl.l2tp_allow_plain = !c->mark;

	s->view_tmpl.ipsec = c->mark != 0;
	return s;
}

/* A new call: its session, with PPP, waiting for PPP_START. */
static void call_add(struct roamd_l2tp *l, const struct l2tp_action *x,
		     uint64_t now)
{
	struct l2tp_actions *b;

	if (l2tp_call_new(l, x, true))
		return;
	log_err("L2TP %u/%u: out of memory", x->tunnel_id, x->session_id);
	b = batch(l);
	if (b)
		l2tp_session_close(l->l2tp, now, x->tunnel_id, x->session_id,
				   L2TP_CDN_NO_FACILITY_TEMP, 0, b);
}

static void run_action(struct roamd_l2tp *l, const struct l2tp_action *x,
		       uint64_t now)
{
	struct roamd_session *s;

	switch (x->type) {
	case L2TP_ACT_SEND:
		send_datagram(l, x);
		break;
	case L2TP_ACT_TUNNEL_UP:
		log_info("L2TP tunnel %u up with %s (peer tunnel %u)%s",
			 x->tunnel_id,
			 inet_ntoa(((struct sockaddr_in *)&x->peer)->sin_addr),
			 x->peer_tunnel_id,
			 x->binding ? "" : ", without IPsec (weak)");
		tunnel_track(l, x->tunnel_id, x->binding, true);
		break;
	case L2TP_ACT_TUNNEL_DOWN:
		log_info("L2TP tunnel %u down (result %u, error %u%s)",
			 x->tunnel_id, x->result, x->error,
			 x->by_peer ? ", closed by the peer" : "");
		tunnel_track(l, x->tunnel_id, 0, false);
		break;
	case L2TP_ACT_SESSION_ADD:
		call_add(l, x, now);
		break;
	case L2TP_ACT_PPP_START:
		s = call_find(l, x->tunnel_id, x->session_id);
		if (s)
			ppp_link_start(s, now);
		break;
	case L2TP_ACT_PPP_FRAME:
		s = call_find(l, x->tunnel_id, x->session_id);
		if (s)
			ppp_link_input(s, x->data, x->len, now);
		break;
	case L2TP_ACT_PPP_STOP:
		s = call_find(l, x->tunnel_id, x->session_id);
		if (s)
			ppp_link_lower_down(s, now);
		break;
	case L2TP_ACT_SESSION_DEL:
		s = call_find(l, x->tunnel_id, x->session_id);
		if (s)
			session_lower_gone(s);
		break;
	case L2TP_ACT_LOG:
		roam_log(log_level_of(x->level), "L2TP: %.*s", (int)x->len,
			 (const char *)x->data);
		break;
	case L2TP_ACT_PEER_MOVED:
		s = call_find(l, x->tunnel_id, x->session_id);
		if (s && x->peer.ss_family == AF_INET)
			session_peer_moved(s,
					   (const struct sockaddr_in *)&x->peer);
		break;
	}
}

/* Run every queued batch, oldest first; true if there was any. */
static bool run_pending(struct roamd_l2tp *l, uint64_t now)
{
	struct l2tp_batch *b;
	bool any = false;
	size_t i;

	while ((b = l->pending)) {
		l->pending = b->next;
		if (!l->pending)
			l->pending_tail = &l->pending;
		for (i = 0; i < b->a.n; i++)
			run_action(l, &b->a.v[i], now);
		if (b->a.next_timer_ms)
			l->deadline = b->a.next_timer_ms;
		if (b->a.enomem)
			log_err("L2TP: out of memory: some of the engine's actions were lost");
		l2tp_actions_free(&b->a);
		free(b);
		any = true;
	}
	return any;
}

void l2tp_run_queued(struct roamd_l2tp *l, uint64_t now)
{
	run_pending(l, now);
}

/* --- what the sessions and IPsec asked for ---------------------------- */

/* Frames PPP sends, and calls whose session ended: CDN. */
static bool take_outbox(struct roamd_l2tp *l, uint64_t now)
{
	struct session_tx *tx;
	struct l2tp_actions *b;
	struct l2tp_call *c;
	bool any = false;

	while ((tx = session_outbox_pop(&l->d->sessions,
					SESSION_ACCESS_L2TP))) {
		c = session_priv(tx->s);
		b = tx->s->lower_gone ? NULL : batch(l);
		if (b && tx->close)
			l2tp_session_close(l->l2tp, now, c->tunnel_id,
					   c->session_id, L2TP_CDN_ADMIN, 0, b);
		else if (b)
			l2tp_send_ppp(l->l2tp, c->tunnel_id, c->session_id,
				      tx->frame, tx->len, b);
		free(tx);
		any = true;
	}
	return any;
}

/* ipsec/clients.c: a client's last SA went; act when we settle. */
static void sa_gone(void *arg, uint32_t mark)
{
	struct roamd_l2tp *l = arg;
	uint32_t *v;

	if (!mark)
		return;
	if (l->nsa_gone == l->sa_gone_cap) {
		size_t cap = l->sa_gone_cap ? 2 * l->sa_gone_cap : 8;

		v = realloc(l->sa_gone, cap * sizeof(*v));
		if (!v) {
			log_err("L2TP: out of memory: the tunnels of SA mark 0x%x stay until they time out",
				mark);
			return;
		}
		l->sa_gone = v;
		l->sa_gone_cap = cap;
	}
	l->sa_gone[l->nsa_gone++] = mark;
}

/*
 * ipsec/remap.c: the client with this mark moved to a new address (its
 * NAT's doing, authenticated by IKE or by the kernel's ESP check); act
 * when we settle.
 */
static void sa_moved(void *arg, uint32_t mark, const struct ike_addr *remote)
{
	struct roamd_l2tp *l = arg;
	struct l2tp_sa_move *v;

	if (!mark || remote->family != AF_INET)
		return;
	if (l->nsa_moved == l->sa_moved_cap) {
		size_t cap = l->sa_moved_cap ? 2 * l->sa_moved_cap : 4;

		v = realloc(l->sa_moved, cap * sizeof(*v));
		if (!v) {
			log_err("L2TP: out of memory: the tunnels of SA mark 0x%x stay at the client's old address",
				mark);
			return;
		}
		l->sa_moved = v;
		l->sa_moved_cap = cap;
	}
	v = &l->sa_moved[l->nsa_moved++];
	v->mark = mark;
	memcpy(&v->addr, remote->ip, sizeof(v->addr));
}

/* The tunnels bound to SAs that moved follow them, sessions and all. */
static bool move_sa_moved(struct roamd_l2tp *l, uint64_t now)
{
	struct l2tp_actions *b;
	struct hashtab_node *n;
	bool any = l->nsa_moved > 0;
	size_t g;

	for (g = 0; g < l->nsa_moved; g++) {
		struct sockaddr_in to = {
			.sin_family = AF_INET,
			.sin_addr = l->sa_moved[g].addr,
		};

		for (n = hashtab_first(&l->tunnels_by_mark,
				       l->sa_moved[g].mark);
		     n; n = hashtab_next(n)) {
			b = batch(l);
			if (b)
				l2tp_tunnel_move(l->l2tp, now,
						 tunnel_of(n, by_mark)->id,
						 (struct sockaddr *)&to,
						 sizeof(to), b);
		}
	}
	l->nsa_moved = 0;
	return any;
}

/* The tunnels bound to SAs that are gone are cleared at once. */
static bool clear_sa_gone(struct roamd_l2tp *l, uint64_t now)
{
	struct l2tp_actions *b;
	struct hashtab_node *n;
	bool any = l->nsa_gone > 0;
	size_t g;

	for (g = 0; g < l->nsa_gone; g++) {
		while ((n = hashtab_first(&l->tunnels_by_mark,
					  l->sa_gone[g]))) {
			uint16_t id = tunnel_of(n, by_mark)->id;

			log_info("L2TP tunnel %u: its IPsec SA is gone, clearing it",
				 id);
			/* no StopCCN could reach the client without its SA */
			tunnel_track(l, id, 0, false);
			b = batch(l);
			if (b)
				l2tp_tunnel_forget(l->l2tp, now, id, b);
		}
	}
	l->nsa_gone = 0;
	return any;
}

static bool l2tp_settle(struct roamd *d, uint64_t now)
{
	struct roamd_l2tp *l = d->l2tp;
	bool any;

	if (!l)
		return false;
	any = move_sa_moved(l, now);
	any |= clear_sa_gone(l, now);
	any |= take_outbox(l, now);
	any |= run_pending(l, now);
	return any;
}

/* --- receiving -------------------------------------------------------- */

/* The SA a datagram came through, as its mark (0: none). */
static uint32_t rcv_mark(struct msghdr *m)
{
	struct cmsghdr *cm;
	uint32_t mark = 0;

	for (cm = CMSG_FIRSTHDR(m); cm; cm = CMSG_NXTHDR(m, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SO_MARK &&
		    cm->cmsg_len >= CMSG_LEN(sizeof(mark)))
			memcpy(&mark, CMSG_DATA(cm), sizeof(mark));
	return mark;
}

static bool admit(struct roamd_l2tp *l, const struct sockaddr_in *from,
		  uint32_t mark)
{
	struct roamd *d = l->d;
	uint64_t now;

	if (mark && ipsec_client_by_mark(&d->ipsec, mark))
		return true;
	if (!mark && !d->db.settings.l2tp_ipsec_required)
		return true;
	l->rx_no_ipsec++;
	l->refused_unlogged++;
	/*
	 * At most one line per interval, with how many there were: anyone
	 * can send plaintext L2TP, and a flood must not flood the log.
	 */
	now = roamd_now_ms();
	if (now >= l->refused_log_at) {
		log_warn("L2TP from %s:%u refused: %s (%llu in the last %u s, %llu in all)",
			 inet_ntoa(from->sin_addr), ntohs(from->sin_port),
			 mark ? "its IPsec SA is gone" :
				"not protected by IPsec",
			 (unsigned long long)l->refused_unlogged,
			 L2TP_REFUSED_LOG_S,
			 (unsigned long long)l->rx_no_ipsec);
		l->refused_unlogged = 0;
		l->refused_log_at = now + L2TP_REFUSED_LOG_S * 1000;
	}
	return false;
}

static void readable(struct roamd_watch *w, uint32_t events)
{
	struct roamd_l2tp *l = container_of(w, struct roamd_l2tp, watch);
	char cbuf[CMSG_SPACE(sizeof(uint32_t)) * 2];
	struct sockaddr_in from;
	struct l2tp_actions *b;
	uint8_t buf[4096];
	int budget = 64;
	unsigned int limit;

	(void)events;
	while (budget--) {
		struct iovec iov = { buf, sizeof(buf) };
		struct msghdr m = {
			.msg_name = &from,
			.msg_namelen = sizeof(from),
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = cbuf,
			.msg_controllen = sizeof(cbuf),
		};
		ssize_t n = recvmsg(l->fd, &m, MSG_DONTWAIT);
		uint32_t mark;

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("L2TP socket: %m");
			break;
		}
		mark = rcv_mark(&m);
		if (!admit(l, &from, mark))
			continue;
		b = batch(l);
		if (!b)
			continue;
		/*
		 * Admission: past the limit of calls in setup a new
		 * tunnel is refused (a StopCCN at once) rather than
		 * queued behind work its client would give up on.
		 */
		limit = l->d->db.settings.l2tp_setup_limit;
		l2tp_set_busy(l->l2tp, limit && l->d->sessions.nsetup >= limit);
		l2tp_input(l->l2tp, roamd_now_ms(),
				   (struct sockaddr *)&from, sizeof(from),
				   mark, buf, n, b);
	}
}

/* --- start and stop --------------------------------------------------- */

static void l2tp_free_all(struct roamd_l2tp *l)
{
	batches_free(l);
	if (l->fd >= 0)
		close(l->fd);
	if (l->l2tp)
		l2tp_free(l->l2tp);
	tunnels_free(l);
	free(l->sa_gone);
	free(l->sa_moved);
	free(l);
}

static int l2tp_start(struct roamd *d)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(L2TP_PORT),
	};
	struct l2tp_config cfg;
	struct roamd_l2tp *l;
	int one = 1;

	l = calloc(1, sizeof(*l));
	if (!l)
		return -1;
	l->d = d;
	l->pending_tail = &l->pending;
	hashtab_init(&l->tunnels_by_id);
	hashtab_init(&l->tunnels_by_mark);
	l->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		       0);
	if (l->fd < 0 ||
	    setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(l->fd, SOL_SOCKET, SO_RCVMARK, &one, sizeof(one)) ||
	    bind(l->fd, (struct sockaddr *)&sin, sizeof(sin))) {
		log_err("L2TP: cannot listen on UDP %d: %m", L2TP_PORT);
		goto fail;
	}
	loop_sock_rcvbuf(l->fd, ROAMD_UDP_RCVBUF);
	l2tp_config_defaults(&cfg);
	cfg.host_name = "roam";
	cfg.vendor_name = "roam";
	l->l2tp = l2tp_new(&cfg);
	if (!l->l2tp)
		goto fail;
	l->watch.fd = l->fd;
	l->watch.cb = readable;
	if (loop_add(&d->loop, &l->watch, EPOLLIN))
		goto fail;
	if (ipsec_subscribe(&d->ipsec, sa_gone, l)) {
		loop_del(&d->loop, &l->watch);
		goto fail;
	}
	if (ipsec_subscribe_moves(&d->ipsec, sa_moved, l)) {
		ipsec_unsubscribe(&d->ipsec, sa_gone, l);
		loop_del(&d->loop, &l->watch);
		goto fail;
	}
	d->l2tp = l;
	log_info("L2TP: listening on UDP %d%s", L2TP_PORT,
		 d->db.settings.l2tp_ipsec_required ? "" :
		 " (IPsec not required: weak)");
	return 0;
fail:
	l2tp_free_all(l);
	return -1;
}

static void l2tp_stop(struct roamd *d)
{
	struct roamd_l2tp *l = d->l2tp;
	struct l2tp_actions *b;
	uint64_t now = roamd_now_ms();

	if (!l)
		return;
	/* StopCCN to every peer; the calls come back as gone. */
	b = batch(l);
	if (b)
		l2tp_shutdown(l->l2tp, now, b);
	while (l2tp_settle(d, now) || ppp_link_settle(&d->sessions, now))
		;
	ipsec_unsubscribe(&d->ipsec, sa_gone, l);
	ipsec_unsubscribe_moves(&d->ipsec, sa_moved, l);
	loop_del(&d->loop, &l->watch);
	d->l2tp = NULL;
	l2tp_free_all(l);
}

static uint64_t l2tp_deadline(struct roamd *d)
{
	struct roamd_l2tp *l = d->l2tp;

	return l && l->deadline ? l->deadline : UINT64_MAX;
}

static void l2tp_timer_fired(struct roamd *d, uint64_t now)
{
	struct roamd_l2tp *l = d->l2tp;
	struct l2tp_actions *b;

	if (!l || !l->deadline || l->deadline > now)
		return;
	l->deadline = 0;
	b = batch(l);
	if (b)
		l2tp_timer(l->l2tp, now, b);
}

const struct roamd_service l2tp_service = {
	.name = "L2TP",
	.start = l2tp_start,
	.stop = l2tp_stop,
	.deadline = l2tp_deadline,
	.timer = l2tp_timer_fired,
	.settle = l2tp_settle,
	.show = l2tp_show,
};
