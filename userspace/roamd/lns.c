// SPDX-License-Identifier: GPL-2.0
/*
 * The L2TP network server's I/O: the UDP 1701 socket, the L2TP engine's
 * actions, and the calls (call.c) they start and end.
 *
 * Which IPsec SA a datagram came through is its mark: each client's
 * inbound SA marks what it decapsulates (ipsec.c), and SO_RCVMARK hands the
 * mark to us with the datagram. It is the "binding" the engine ties each
 * tunnel to, and the mark we send the tunnel's messages with (SO_MARK per
 * message), so that they leave through that client's own SA even when
 * several clients share one public address and port.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/roam.h>

#include "call.h"
#include "lns.h"
#include "log.h"
#include "roamd.h"
#include "vpn.h"

#define L2TP_PORT	1701
#ifndef SO_RCVMARK
#define SO_RCVMARK	75
#endif

static struct call *call_find(struct roamd_lns *lns, uint16_t tid,
			      uint16_t sid)
{
	struct call *c;

	for (c = lns->calls; c; c = c->next)
		if (c->tunnel_id == tid && c->session_id == sid)
			return c;
	return NULL;
}

static void lns_send(struct roamd_lns *lns, const struct l2tp_action *a)
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
	if (sendmsg(lns->fd, &m, 0) < 0)
		log_debug("L2TP: send to %s failed: %m",
			  inet_ntoa(((struct sockaddr_in *)&a->peer)->sin_addr));
}

static int log_level_of(enum l2tp_log_level l)
{
	return l == L2TP_LOG_ERR ? ROAM_LOG_ERROR :
	       l == L2TP_LOG_WARN ? ROAM_LOG_WARN :
	       l == L2TP_LOG_INFO ? ROAM_LOG_INFO : ROAM_LOG_DEBUG;
}

static void tunnel_track(struct roamd_lns *lns, uint16_t id, uint32_t mark,
			 bool up)
{
	struct lns_tunnel *t;
	size_t i;

	for (i = 0; i < lns->ntunnels; i++)
		if (lns->tunnels[i].id == id)
			break;
	if (!up) {
		if (i < lns->ntunnels)
			lns->tunnels[i] = lns->tunnels[--lns->ntunnels];
		return;
	}
	if (i < lns->ntunnels)
		return;
	if (lns->ntunnels == lns->tunnels_cap) {
		size_t cap = lns->tunnels_cap ? 2 * lns->tunnels_cap : 16;

		t = realloc(lns->tunnels, cap * sizeof(*t));
		if (!t)
			return;	/* only lns_binding_gone() misses it */
		lns->tunnels = t;
		lns->tunnels_cap = cap;
	}
	lns->tunnels[lns->ntunnels++] = (struct lns_tunnel){ id, mark };
}

void lns_run(struct roamd_lns *lns, struct l2tp_actions *a)
{
	struct call *c;
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct l2tp_action *x = &a->v[i];

		switch (x->type) {
		case L2TP_ACT_SEND:
			lns_send(lns, x);
			break;
		case L2TP_ACT_TUNNEL_UP:
			log_info("L2TP tunnel %u up with %s (peer tunnel %u)%s",
				 x->tunnel_id,
				 inet_ntoa(((struct sockaddr_in *)&x->peer)->sin_addr),
				 x->peer_tunnel_id,
				 x->binding ? "" : ", without IPsec (weak)");
			tunnel_track(lns, x->tunnel_id, x->binding, true);
			break;
		case L2TP_ACT_TUNNEL_DOWN:
			log_info("L2TP tunnel %u down (result %u, error %u%s)",
				 x->tunnel_id, x->result, x->error,
				 x->by_peer ? ", closed by the peer" : "");
			tunnel_track(lns, x->tunnel_id, 0, false);
			break;
		case L2TP_ACT_SESSION_ADD:
			if (!call_new(lns, x)) {
				struct l2tp_actions b;

				log_err("L2TP %u/%u: out of memory",
					x->tunnel_id, x->session_id);
				l2tp_actions_init(&b);
				l2tp_session_close(lns->l2tp, vpn_now_ms(),
						   x->tunnel_id, x->session_id,
						   L2TP_CDN_NO_FACILITY_TEMP,
						   0, &b);
				lns_run(lns, &b);
				l2tp_actions_free(&b);
			}
			break;
		case L2TP_ACT_PPP_START:
			c = call_find(lns, x->tunnel_id, x->session_id);
			if (c)
				call_start(c);
			break;
		case L2TP_ACT_PPP_FRAME:
			c = call_find(lns, x->tunnel_id, x->session_id);
			if (c)
				call_input(c, x->data, x->len);
			break;
		case L2TP_ACT_PPP_STOP:
			c = call_find(lns, x->tunnel_id, x->session_id);
			if (c)
				call_lower_down(c);
			break;
		case L2TP_ACT_SESSION_DEL:
			c = call_find(lns, x->tunnel_id, x->session_id);
			if (c)
				call_free(c);
			break;
		case L2TP_ACT_LOG:
			roam_log(log_level_of(x->level), "L2TP: %.*s",
				 (int)x->len, (const char *)x->data);
			break;
		}
	}
	if (a->next_timer_ms)
		lns->l2tp_deadline = a->next_timer_ms;
}

void lns_send_ppp(struct roamd_lns *lns, struct call *c, const uint8_t *frame,
		  size_t len)
{
	struct l2tp_actions a;

	l2tp_actions_init(&a);
	if (!l2tp_send_ppp(lns->l2tp, c->tunnel_id, c->session_id, frame, len,
			   &a))
		lns_run(lns, &a);
	l2tp_actions_free(&a);
}

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

static bool lns_admit(struct roamd_lns *lns, const struct sockaddr_in *from,
		      uint32_t mark)
{
	struct roamd *d = lns->d;
	struct sockaddr_in ike_peer;

	if (mark && ike_io_mark_peer(d, mark, &ike_peer))
		return true;
	if (!mark && !d->db.settings.l2tp_ipsec_required)
		return true;
	lns->rx_no_ipsec++;
	/* One line per 256 refusals: a flood must not flood the log. */
	if ((lns->rx_no_ipsec & 0xff) == 1)
		log_warn("L2TP from %s:%u refused: %s (%llu so far)",
			 inet_ntoa(from->sin_addr), ntohs(from->sin_port),
			 mark ? "its IPsec SA is gone" :
				"not protected by IPsec",
			 (unsigned long long)lns->rx_no_ipsec);
	return false;
}

static void lns_readable(struct roamd_watch *w, uint32_t events)
{
	struct roamd_lns *lns = container_of(w, struct roamd_lns, watch);
	uint8_t buf[4096];
	char cbuf[CMSG_SPACE(sizeof(uint32_t)) * 2];
	struct sockaddr_in from;
	struct l2tp_actions a;
	int budget = 64;

	(void)events;
	l2tp_actions_init(&a);
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
		ssize_t n = recvmsg(lns->fd, &m, MSG_DONTWAIT);
		uint32_t mark;

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("L2TP socket: %m");
			break;
		}
		mark = rcv_mark(&m);
		if (!lns_admit(lns, &from, mark))
			continue;
		a.n = 0;
		a.arena_used = 0;
		l2tp_input(lns->l2tp, vpn_now_ms(), (struct sockaddr *)&from,
			   sizeof(from), mark, buf, n, &a);
		lns_run(lns, &a);
	}
	l2tp_actions_free(&a);
	vpn_timer_update(lns->d);
}

/* Kernel sessions left by an earlier roamd belong to nobody now. */
static void flush_stale_sessions(struct roamd_lns *lns)
{
	struct roam_session_info *s = NULL;
	struct roam_nl_err e;
	size_t n = 0, i;

	if (roam_genl_session_list(&lns->genl, 0, 0, &s, &n, &e))
		return;
	for (i = 0; i < n; i++)
		if (s[i].kind == ROAM_KIND_L2TP)
			roam_genl_session_del(&lns->genl, s[i].ifindex, s[i].id,
					      &e);
	if (n)
		log_info("removed %zu kernel sessions left by an earlier roamd",
			 n);
	free(s);
}

static int lns_start(struct roamd *d)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(L2TP_PORT),
	};
	struct l2tp_config cfg;
	struct roamd_lns *lns;
	struct roam_nl_err e;
	int one = 1;

	lns = calloc(1, sizeof(*lns));
	if (!lns)
		return -1;
	lns->d = d;
	d->lns = lns;
	lns->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			 0);
	if (lns->fd < 0 ||
	    setsockopt(lns->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    setsockopt(lns->fd, SOL_SOCKET, SO_RCVMARK, &one, sizeof(one)) ||
	    bind(lns->fd, (struct sockaddr *)&sin, sizeof(sin))) {
		log_err("L2TP: cannot listen on UDP %d: %m", L2TP_PORT);
		goto fail;
	}
	l2tp_config_defaults(&cfg);
	cfg.host_name = "roam";
	cfg.vendor_name = "roam";
	lns->l2tp = l2tp_new(&cfg);
	if (!lns->l2tp)
		goto fail;
	if (roam_genl_open(&lns->genl, &e)) {
		log_warn("L2TP calls cannot reach the kernel: %s", e.msg);
	} else {
		lns->genl_open = true;
		flush_stale_sessions(lns);
	}
	lns->watch.fd = lns->fd;
	lns->watch.cb = lns_readable;
	if (loop_add(&d->loop, &lns->watch, EPOLLIN))
		goto fail;
	log_info("L2TP: listening on UDP %d%s", L2TP_PORT,
		 d->db.settings.l2tp_ipsec_required ? "" :
		 " (IPsec not required: weak)");
	return 0;
fail:
	if (lns->l2tp)
		l2tp_free(lns->l2tp);
	if (lns->fd >= 0)
		close(lns->fd);
	free(lns);
	d->lns = NULL;
	return -1;
}

static void lns_stop(struct roamd *d)
{
	struct roamd_lns *lns = d->lns;
	struct l2tp_actions a;

	if (!lns)
		return;
	/* StopCCN to every peer; the sessions come back as gone. */
	l2tp_actions_init(&a);
	l2tp_shutdown(lns->l2tp, vpn_now_ms(), &a);
	lns_run(lns, &a);
	l2tp_actions_free(&a);
	while (lns->calls)
		call_free(lns->calls);
	loop_del(&d->loop, &lns->watch);
	close(lns->fd);
	l2tp_free(lns->l2tp);
	free(lns->tunnels);
	if (lns->genl_open)
		roam_genl_close(&lns->genl);
	free(lns);
	d->lns = NULL;
}

static uint64_t lns_deadline(struct roamd *d)
{
	struct roamd_lns *lns = d->lns;
	uint64_t t = lns && lns->l2tp_deadline ? lns->l2tp_deadline :
						 UINT64_MAX;
	struct call *c;

	for (c = lns ? lns->calls : NULL; c; c = c->next) {
		uint64_t ct = call_deadline(c);

		if (ct < t)
			t = ct;
	}
	return t;
}

static void lns_timer(struct roamd *d, uint64_t now)
{
	struct roamd_lns *lns = d->lns;
	struct l2tp_actions a;
	struct call *c, *next;

	if (lns->l2tp_deadline && lns->l2tp_deadline <= now) {
		lns->l2tp_deadline = 0;
		l2tp_actions_init(&a);
		l2tp_timer(lns->l2tp, now, &a);
		lns_run(lns, &a);
		l2tp_actions_free(&a);
	}
	for (c = lns->calls; c; c = next) {
		next = c->next;
		if (call_deadline(c) <= now)
			call_timer(c, now);
	}
}

void lns_binding_gone(struct roamd *d, uint32_t mark)
{
	struct roamd_lns *lns = d->lns;
	struct l2tp_actions a;
	size_t i;

	if (!lns || !mark)
		return;
	/* Each close can change the list: start over after each. */
	for (i = 0; i < lns->ntunnels;) {
		uint16_t id = lns->tunnels[i].id;

		if (lns->tunnels[i].mark != mark) {
			i++;
			continue;
		}
		log_info("L2TP tunnel %u: its IPsec SA is gone, clearing it", id);
		/* no StopCCN could reach the client without its SA anyway */
		tunnel_track(lns, id, 0, false);
		l2tp_actions_init(&a);
		l2tp_tunnel_forget(lns->l2tp, vpn_now_ms(), id, &a);
		lns_run(lns, &a);
		l2tp_actions_free(&a);
		i = 0;
	}
}

static bool lns_close_session(struct roamd *d, uint32_t ifindex, uint32_t id)
{
	struct roamd_lns *lns = d->lns;
	struct ppp_session_info info;
	struct call *c;

	for (c = lns ? lns->calls : NULL; c; c = c->next)
		if (c->kernel_id == id &&
		    (!ifindex || c->kernel_ifindex == ifindex))
			break;
	if (!c || !id)
		return false;
	ppp_session_get_info(c->ppp, &info);
	log_info("L2TP %u/%u user %s (kernel session %u): closed by control request",
		 c->tunnel_id, c->session_id, info.user, id);
	/* PPP terminates, the kernel session goes, then the CDN */
	call_close(c);
	vpn_timer_update(d);
	return true;
}

const struct vpn_engine lns_engine = {
	.name = "L2TP",
	.start = lns_start,
	.stop = lns_stop,
	.deadline = lns_deadline,
	.timer = lns_timer,
	.show = lns_show,
	.calls = lns_calls,
	.close_session = lns_close_session,
};
