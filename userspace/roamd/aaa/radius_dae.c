// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic authorization (RFC 5176): the socket that takes
 * Disconnect-Requests and CoA-Requests from the one configured client
 * (radius set dae-client, dae-secret), the I/O around radius/acct.c's
 * radius_dae_parse().  A request names its sessions as accounting named
 * them (Acct-Session-Id, User-Name, Framed-IP-Address: every one given
 * must match).  A Disconnect ends them (Acct-Terminate-Cause
 * Admin-Reset); a CoA sets their Session-Timeout and Idle-Timeout, which
 * the group policy's timer (session/policy_enforce.c) then enforces in
 * place of the policy's own limits.  Either is answered ACK, or NAK with
 * an Error-Cause (503 when no session matches).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "aaa/radius.h"
#include "log.h"
#include "radius/acct.h"
#include "roamd.h"
#include "service.h"
#include "session/ppp_link.h"
#include "session/session.h"

static bool names(const struct radius_dae_target *t,
		  const struct roamd_session *s)
{
	char sid[24];

	if (s->state == SESSION_DEAD || s->state == SESSION_CLOSING)
		return false;
	snprintf(sid, sizeof(sid), "%08llX", (unsigned long long)s->serial);
	if (t->session_id[0] && strcmp(t->session_id, sid))
		return false;
	if (t->user[0] && strcmp(t->user, s->user))
		return false;
	if (t->framed_ip && ntohl(t->framed_ip) != s->addr)
		return false;
	return true;
}

static void disconnect(struct roamd_session *s)
{
	log_info("%s user %s: disconnected by the RADIUS server (Disconnect-Request)",
		 s->label, s->user);
	s->term_cause = RADIUS_TERM_ADMIN_RESET;
	if (s->ppp)
		ppp_link_close(s, roamd_now_ms());
	else
		session_finish(s, "disconnected by the RADIUS server", 0);
}

static void change(struct roamd_session *s, const struct radius_dae_target *t)
{
	if (t->has_session_timeout) {
		s->session_timeout = t->session_timeout;
		/* the end seen at Start no longer holds: re-armed below */
		timerq_set(&s->tab->ends, &s->end, 0);
		if (s->session_timeout && s->acct_started)
			timerq_set(&s->tab->ends, &s->end,
				   (uint64_t)s->up_at.tv_sec * 1000 +
				   s->up_at.tv_nsec / 1000000 +
				   (uint64_t)s->session_timeout * 1000);
	}
	if (t->has_idle_timeout)
		s->idle_timeout = t->idle_timeout;
	s->tab->saved_changes++;	/* the restart state keeps them */
	log_info("%s user %s: the RADIUS server's CoA-Request sets Session-Timeout %u s, Idle-Timeout %u s (0: none)",
		 s->label, s->user, s->session_timeout, s->idle_timeout);
}

/* Act on the sessions the request names; how many. */
static int act(struct roamd_radius *rad, const struct radius_dae_target *t)
{
	struct roamd_session *s;
	int n = 0;

	for (s = rad->d->sessions.list; s; s = s->next) {
		if (!names(t, s))
			continue;
		if (t->coa)
			change(s, t);
		else
			disconnect(s);
		n++;
	}
	/* the policy timer looks at every session again, at once */
	if (n && t->coa)
		rad->d->sessions.policy_recheck = true;
	return n;
}

/* Read one request and answer it. */
static void one_request(struct roamd_radius *rad, const uint8_t *buf,
			size_t n, struct sockaddr_in *from, socklen_t fl)
{
	const struct roamd_radius_conf *c = &rad->d->db.radius;
	struct radius_dae_target t;
	struct radius_packet p;
	const char *err = NULL;
	uint8_t ans[128];
	uint32_t cause;
	int m;

	/* only the configured client, and only with its secret */
	if (!c->has_dae || ntohl(from->sin_addr.s_addr) != c->dae_client ||
	    radius_parse(buf, n, &p, &err)) {
		rad->dae_dropped++;
		return;
	}
	if (radius_dae_parse(&p, c->dae_secret, c->dae_secret_len, &t,
			     &cause, &err)) {
		if (!cause) {
			rad->dae_dropped++;
			log_warn("radius: %s from %s dropped: %s",
				 radius_code_name(p.code),
				 inet_ntoa(from->sin_addr), err);
			return;
		}
		log_info("radius: %s from %s refused (Error-Cause %u): %s",
			 radius_code_name(p.code), inet_ntoa(from->sin_addr),
			 cause, err);
	} else if (!act(rad, &t)) {
		cause = RADIUS_ERR_SESSION_NOT_FOUND;
		log_info("radius: %s from %s: no such session",
			 radius_code_name(p.code), inet_ntoa(from->sin_addr));
	}
	m = radius_dae_answer(&p, cause, c->dae_secret, c->dae_secret_len,
			      ans, sizeof(ans));
	if (m > 0)
		sendto(rad->dae_fd, ans, (size_t)m, 0,
		       (struct sockaddr *)from, fl);
	if (cause)
		rad->dae_naked++;
	else
		rad->dae_acked++;
	if (p.code == RADIUS_COA_REQUEST) {
		if (cause)
			rad->coa_naked++;
		else
			rad->coa_acked++;
	}
}

static void dae_readable(struct roamd_watch *w, uint32_t events)
{
	struct roamd_radius *rad = container_of(w, struct roamd_radius,
						dae_watch);
	uint8_t buf[RADIUS_MAX_LEN];
	struct sockaddr_in from;
	socklen_t fl;
	ssize_t n;

	(void)events;
	for (;;) {
		fl = sizeof(from);
		n = recvfrom(rad->dae_fd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fl);
		if (n < 0)
			break;
		one_request(rad, buf, (size_t)n, &from, fl);
	}
}

void radius_dae_close(struct roamd_radius *rad)
{
	if (rad->dae_fd < 0)
		return;
	loop_del(&rad->d->loop, &rad->dae_watch);
	close(rad->dae_fd);
	rad->dae_fd = -1;
}

void radius_dae_open(struct roamd_radius *rad)
{
	const struct roamd_radius_conf *c = &rad->d->db.radius;
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(c->dae_port),
	};
	int one = 1;

	radius_dae_close(rad);
	if (!c->has_dae)
		return;
	rad->dae_fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
			     SOCK_CLOEXEC, 0);
	if (rad->dae_fd < 0) {
		log_err("radius: socket: %m");
		return;
	}
	setsockopt(rad->dae_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	rad->dae_watch.fd = rad->dae_fd;
	rad->dae_watch.cb = dae_readable;
	if (bind(rad->dae_fd, (struct sockaddr *)&a, sizeof(a)) ||
	    loop_add(&rad->d->loop, &rad->dae_watch, EPOLLIN)) {
		log_err("radius: cannot take Disconnect- and CoA-Requests on UDP %u: %m",
			c->dae_port);
		close(rad->dae_fd);
		rad->dae_fd = -1;
		return;
	}
	if (!c->dae_secret_len)
		log_warn("radius: dae-client set without dae-secret: every Disconnect- and CoA-Request will be dropped");
}
