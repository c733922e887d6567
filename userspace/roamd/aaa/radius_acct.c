// SPDX-License-Identifier: GPL-2.0
/*
 * RADIUS accounting (RFC 2866) and Disconnect-Requests (RFC 5176): the
 * I/O around radius/acct.c.  A session's Start goes when it first goes
 * up, its Stop when it ends, with the kernel's counters read just before
 * its kernel session was deleted (session.c), Interim-Updates in between
 * (radius set interim, or the server's Acct-Interim-Interval).
 * Accounting-On when the servers are configured, Accounting-Off when
 * roamd stops (sent once, not waited for).  The server's Session-Timeout
 * ends a session here too, since this timer already walks the sessions.  A record that no server
 * acknowledged is counted as lost and logged.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "aaa/radius.h"
#include "log.h"
#include "radius/acct.h"
#include "radius/crypto.h"
#include "roamd.h"
#include "service.h"
#include "session/ppp_link.h"
#include "session/session.h"

/* One record until a server acknowledges it or every server failed. */
struct acct_job {
	struct acct_job *next;
	uint64_t handle;
	uint64_t queued;		/* ms: Acct-Delay-Time counts from it */
	struct radius_acct_record rec;
	struct radius_nas nas;
	char user[PPP_NAME_MAX + 1];
	char session_id[24];
	uint8_t class_val[253];
	struct roamd_radius *rad;
};

static uint64_t next_handle;

static int build_acct(void *ctx, const struct radius_server *s, uint8_t id,
		      uint8_t *buf, size_t cap, uint8_t auth[RADIUS_AUTH_LEN])
{
	struct acct_job *j = ctx;
	uint64_t now = roamd_now_ms();

	j->rec.delay = (uint32_t)((now - j->queued) / 1000);
	return radius_acct_build(&j->rec, &j->nas, s->secret, s->secret_len,
				 id, buf, cap, auth);
}

static void job_free(struct roamd_radius *rad, struct acct_job *j)
{
	struct acct_job **pp;

	for (pp = &rad->jobs; *pp; pp = &(*pp)->next) {
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	}
	OPENSSL_cleanse(j, sizeof(*j));
	free(j);
}

static void submit(struct roamd_radius *rad, struct acct_job *j)
{
	j->handle = ++next_handle;
	j->queued = roamd_now_ms();
	j->rad = rad;
	j->nas.nas_id = rad->nas_id;
	j->nas.session_id = j->session_id[0] ? j->session_id : NULL;
	j->rec.user = j->user[0] ? j->user : NULL;
	j->rec.class_val = j->class_val;
	j->next = rad->jobs;
	rad->jobs = j;
	if (radius_client_submit(&rad->acct, j->handle, build_acct, j,
				 j->queued)) {
		job_free(rad, j);
		return;
	}
	rad->acct_sent++;
	radius_flush(rad, &rad->acct);
}

/* Account for session s: Start, Interim-Update or Stop. */
static void account(struct roamd_radius *rad, struct roamd_session *s,
		    uint32_t status)
{
	struct roam_session_info k;
	struct session_table *t = s->tab;
	struct acct_job *j;
	struct timespec now;

	if (!rad->acct.n_servers)
		return;
	j = calloc(1, sizeof(*j));
	if (!j) {
		log_warn("radius: out of memory: an accounting record of %s is lost",
			 s->label);
		return;
	}
	j->rec.status = status;
	snprintf(j->user, sizeof(j->user), "%s", s->user);
	snprintf(j->session_id, sizeof(j->session_id), "%08llX",
		 (unsigned long long)s->serial);
	j->nas.nas_port = (uint32_t)s->serial;
	j->nas.framed = s->ppp != NULL;
	j->rec.framed_ip = htonl(s->addr);
	j->rec.remote_auth = s->auth_remote;
	memcpy(j->class_val, s->auth_class, s->auth_class_len);
	j->rec.class_len = s->auth_class_len;
	clock_gettime(CLOCK_MONOTONIC, &now);
	j->rec.session_time = (uint32_t)(now.tv_sec - s->up_at.tv_sec);
	if (status == RADIUS_ACCT_STOP && s->has_final) {
		j->rec.in_octets = s->final_rx_bytes;
		j->rec.in_packets = s->final_rx_packets;
		j->rec.out_octets = s->final_tx_bytes;
		j->rec.out_packets = s->final_tx_packets;
	} else if (status == RADIUS_ACCT_INTERIM_UPDATE && s->kernel_id &&
		   t->kernel.ops->stats &&
		   !t->kernel.ops->stats(t->kernel.ctx, s->kernel_ifindex,
					 s->kernel_id, &k)) {
		j->rec.in_octets = k.rx_bytes;
		j->rec.in_packets = k.rx_packets;
		j->rec.out_octets = k.tx_bytes;
		j->rec.out_packets = k.tx_packets;
	}
	if (status == RADIUS_ACCT_STOP)
		j->rec.term_cause = s->term_cause ? s->term_cause :
				    RADIUS_TERM_USER_REQUEST;
	submit(rad, j);
}

void radius_acct_event(void *ctx, struct roamd_session *s, bool up)
{
	account(ctx, s, up ? RADIUS_ACCT_START : RADIUS_ACCT_STOP);
}

static void nas_status(struct roamd_radius *rad, uint32_t status)
{
	struct acct_job *j;

	if (!rad->acct.n_servers)
		return;
	j = calloc(1, sizeof(*j));
	if (!j)
		return;
	j->rec.status = status;
	snprintf(j->session_id, sizeof(j->session_id), "%s",
		 status == RADIUS_ACCT_ON ? "on" : "off");
	submit(rad, j);
}

static void collect(struct roamd_radius *rad)
{
	struct radius_req *r;
	struct acct_job *j;

	while ((r = radius_client_next_done(&rad->acct))) {
		for (j = rad->jobs; j && j->handle != r->handle; j = j->next)
			;
		if (r->outcome == RADIUS_ANSWERED) {
			rad->acct_answered++;
		} else {
			rad->acct_lost++;
			log_warn("radius: accounting record%s%s lost: %s",
				 j && j->user[0] ? " of user " : "",
				 j ? j->user : "", r->why ? r->why : "");
		}
		if (j)
			job_free(rad, j);
		radius_req_free(r);
	}
}

bool radius_acct_input(struct roamd_radius *rad, uint32_t addr,
		       uint16_t port, const uint8_t *buf, size_t len,
		       uint64_t now)
{
	bool ok = radius_client_input(&rad->acct, addr, port, buf, len, now);

	radius_flush(rad, &rad->acct);
	collect(rad);
	return ok;
}

static void interim_arm(struct roamd_radius *rad, uint64_t now)
{
	unsigned int iv = rad->d->db.radius.interim;

	rad->next_interim = iv && rad->acct.n_servers ?
			    now + (uint64_t)iv * 1000 : UINT64_MAX;
}

/* When a session's Session-Timeout (RFC 2865 5.27) runs out, in ms. */
static uint64_t session_end_ms(const struct roamd_session *s)
{
	return (uint64_t)s->up_at.tv_sec * 1000 +
	       s->up_at.tv_nsec / 1000000 +
	       (uint64_t)s->session_timeout * 1000;
}

static bool timed(const struct roamd_session *s)
{
	return s->session_timeout && s->acct_started &&
	       s->state == SESSION_UP && !s->ppp_closing;
}

/* End the sessions whose server-given time is over. */
static void session_timeouts(struct roamd_radius *rad, uint64_t now)
{
	struct roamd_session *s;

	/* only the due ones, from the session table's heap */
	while ((s = session_ends_pop(&rad->d->sessions, now))) {
		if (!timed(s) || session_end_ms(s) > now)
			continue;
		log_info("%s user %s: Session-Timeout of %u s from the RADIUS server is over",
			 s->label, s->user, s->session_timeout);
		s->term_cause = RADIUS_TERM_SESSION_TIMEOUT;
		if (s->ppp)
			ppp_link_close(s, now);
		else
			session_finish(s, "its RADIUS Session-Timeout is over", 0);
	}
}

uint64_t radius_acct_deadline(const struct roamd_radius *rad)
{
	uint64_t a = radius_client_next_deadline(&rad->acct);
	uint64_t end = session_ends_deadline(&rad->d->sessions);

	if (rad->next_interim < a)
		a = rad->next_interim;
	/* an end that is no longer one wakes us once, for nothing */
	return end < a ? end : a;
}

void radius_acct_timer(struct roamd_radius *rad, uint64_t now)
{
	struct roamd_session *s;

	radius_client_tick(&rad->acct, now);
	session_timeouts(rad, now);
	if (now >= rad->next_interim) {
		for (s = rad->d->sessions.list; s; s = s->next)
			if (s->state == SESSION_UP && s->acct_started)
				account(rad, s, RADIUS_ACCT_INTERIM_UPDATE);
		interim_arm(rad, now);
	}
	radius_flush(rad, &rad->acct);
	collect(rad);
}

/* --- Disconnect-Request (RFC 5176) ------------------------------------ */

/* End the sessions the request names; how many. */
static int disconnect(struct roamd_radius *rad,
		      const struct radius_dae_target *t)
{
	struct roamd_session *s;
	char sid[24];
	int n = 0;

	for (s = rad->d->sessions.list; s; s = s->next) {
		if (s->state == SESSION_DEAD || s->state == SESSION_CLOSING)
			continue;
		snprintf(sid, sizeof(sid), "%08llX",
			 (unsigned long long)s->serial);
		if (t->session_id[0] && strcmp(t->session_id, sid))
			continue;
		if (t->user[0] && strcmp(t->user, s->user))
			continue;
		if (t->framed_ip && ntohl(t->framed_ip) != s->addr)
			continue;
		log_info("%s user %s: disconnected by the RADIUS server (Disconnect-Request)",
			 s->label, s->user);
		s->term_cause = RADIUS_TERM_ADMIN_RESET;
		if (s->ppp)
			ppp_link_close(s, roamd_now_ms());
		else
			session_finish(s, "disconnected by the RADIUS server", 0);
		n++;
	}
	return n;
}

static void dae_readable(struct roamd_watch *w, uint32_t events)
{
	struct roamd_radius *rad = container_of(w, struct roamd_radius,
						dae_watch);
	const struct roamd_radius_conf *c = &rad->d->db.radius;
	uint8_t buf[RADIUS_MAX_LEN], ans[128];
	struct radius_dae_target t;
	struct radius_packet p;
	struct sockaddr_in from;
	const char *err = NULL;
	uint32_t cause;
	socklen_t fl;
	ssize_t n;
	int m;

	(void)events;
	for (;;) {
		fl = sizeof(from);
		n = recvfrom(rad->dae_fd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fl);
		if (n < 0)
			break;
		/* only the configured client, and only with its secret */
		if (!c->has_dae || ntohl(from.sin_addr.s_addr) != c->dae_client ||
		    radius_parse(buf, (size_t)n, &p, &err)) {
			rad->dae_dropped++;
			continue;
		}
		if (radius_dae_parse(&p, c->dae_secret, c->dae_secret_len, &t,
				     &cause, &err)) {
			if (!cause) {
				rad->dae_dropped++;
				log_warn("radius: %s from %s dropped: %s",
					 radius_code_name(p.code),
					 inet_ntoa(from.sin_addr), err);
				continue;
			}
			log_info("radius: %s from %s refused: %s",
				 radius_code_name(p.code),
				 inet_ntoa(from.sin_addr), err);
		} else if (!disconnect(rad, &t)) {
			cause = RADIUS_ERR_SESSION_NOT_FOUND;
			log_info("radius: Disconnect-Request from %s: no such session",
				 inet_ntoa(from.sin_addr));
		}
		m = radius_dae_answer(&p, cause, c->dae_secret,
				      c->dae_secret_len, ans, sizeof(ans));
		if (m > 0)
			sendto(rad->dae_fd, ans, (size_t)m, 0,
			       (struct sockaddr *)&from, fl);
		if (cause)
			rad->dae_naked++;
		else
			rad->dae_acked++;
	}
}

static void dae_close(struct roamd_radius *rad)
{
	if (rad->dae_fd < 0)
		return;
	loop_del(&rad->d->loop, &rad->dae_watch);
	close(rad->dae_fd);
	rad->dae_fd = -1;
}

static void dae_open(struct roamd_radius *rad)
{
	const struct roamd_radius_conf *c = &rad->d->db.radius;
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons(c->dae_port),
	};
	int one = 1;

	dae_close(rad);
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
		log_err("radius: cannot take Disconnect-Requests on UDP %u: %m",
			c->dae_port);
		close(rad->dae_fd);
		rad->dae_fd = -1;
		return;
	}
	if (!c->dae_secret_len)
		log_warn("radius: dae-client set without dae-secret: every Disconnect-Request will be dropped");
}

static void drop_jobs(struct roamd_radius *rad)
{
	while (rad->jobs)
		job_free(rad, rad->jobs);
}

void radius_acct_configure(struct roamd_radius *rad, uint64_t now)
{
	const struct roamd_radius_conf *c = &rad->d->db.radius;
	struct radius_client_conf cc = { .dead_ms = 30000 };
	int i;

	radius_client_fini(&rad->acct);
	drop_jobs(rad);
	if (c->n) {
		cc.timeout_ms = c->servers[0].timeout * 1000;
		cc.retries = c->servers[0].retries;
	}
	radius_client_init(&rad->acct, &cc);
	for (i = 0; i < c->n; i++)
		radius_client_add_server(&rad->acct, htonl(c->servers[i].addr),
					 c->servers[i].acct_port,
					 c->servers[i].secret,
					 c->servers[i].secret_len);
	interim_arm(rad, now);
	/*
	 * Accounting-On says the NAS restarted (servers close its open
	 * sessions): once, not at every change of the configuration.
	 */
	if (!rad->on_sent && rad->acct.n_servers) {
		nas_status(rad, RADIUS_ACCT_ON);
		rad->on_sent = true;
	}
	dae_open(rad);
}

void radius_acct_stop(struct roamd_radius *rad)
{
	/* sent once: nobody waits for the answer */
	nas_status(rad, RADIUS_ACCT_OFF);
	dae_close(rad);
	radius_client_fini(&rad->acct);
	drop_jobs(rad);
}
