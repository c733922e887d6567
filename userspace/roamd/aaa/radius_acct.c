// SPDX-License-Identifier: GPL-2.0
/*
 * RADIUS accounting (RFC 2866): the I/O around radius/acct.c.  A session's Start goes when it first goes
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
	} else if (status == RADIUS_ACCT_INTERIM_UPDATE &&
		   (s->kernel_id ? t->kernel.ops->stats &&
		    !t->kernel.ops->stats(t->kernel.ctx, s->kernel_ifindex,
					  s->kernel_id, &k) :
		    /* no kernel session: its lower layer's (IKE: ESP) */
		    t->lower_stats &&
		    !t->lower_stats(t->lower_stats_ctx, s, &k))) {
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

/* The session's own Interim-Update interval (s); 0: the configured one. */
static unsigned int own_interim(const struct roamd_radius *rad,
				const struct roamd_session *s)
{
	const struct roamd_radius_conf *c = &rad->d->db.radius;

	if (!s->interim)
		return 0;
	return radius_interim_interval(c->interim, s->interim, c->interim_min);
}

/* Its own Interim-Update interval from now on, when it has one. */
static void arm_own_interim(struct roamd_radius *rad, struct roamd_session *s)
{
	unsigned int iv = own_interim(rad, s);

	if (!iv || !rad->acct.n_servers)
		return;
	s->acct_interim_next = roamd_now_ms() + (uint64_t)iv * 1000;
	log_info("%s user %s: Interim-Update every %u s (the server's Acct-Interim-Interval %u s, floor %u s)",
		 s->label, s->user, iv, s->interim,
		 rad->d->db.radius.interim_min);
	if (s->acct_interim_next < rad->next_own_interim)
		rad->next_own_interim = s->acct_interim_next;
}

void radius_acct_event(void *ctx, struct roamd_session *s, bool up)
{
	struct roamd_radius *rad = ctx;

	account(rad, s, up ? RADIUS_ACCT_START : RADIUS_ACCT_STOP);
	if (up)
		arm_own_interim(rad, s);
}

/*
 * A session taken over after a restart: its accounting goes on under
 * the same Acct-Session-Id (no Start), with its own interval again.
 */
void radius_acct_resumed(void *ctx, struct roamd_session *s)
{
	arm_own_interim(ctx, s);
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

/*
 * The sessions with an interval of their own that are due; the walk
 * happens only when the first of them is due.
 */
static void own_interims(struct roamd_radius *rad, uint64_t now)
{
	struct roamd_session *s;
	unsigned int iv;

	rad->next_own_interim = UINT64_MAX;
	for (s = rad->d->sessions.list; s; s = s->next) {
		if (!s->acct_interim_next || s->state != SESSION_UP ||
		    !s->acct_started)
			continue;
		if (s->acct_interim_next <= now) {
			account(rad, s, RADIUS_ACCT_INTERIM_UPDATE);
			iv = own_interim(rad, s);
			s->acct_interim_next = now + (uint64_t)(iv ? iv : 60) * 1000;
		}
		if (s->acct_interim_next < rad->next_own_interim)
			rad->next_own_interim = s->acct_interim_next;
	}
}

uint64_t radius_acct_deadline(const struct roamd_radius *rad)
{
	uint64_t a = radius_client_next_deadline(&rad->acct);
	uint64_t end = session_ends_deadline(&rad->d->sessions);

	if (rad->next_interim < a)
		a = rad->next_interim;
	if (rad->next_own_interim < a)
		a = rad->next_own_interim;
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
			if (s->state == SESSION_UP && s->acct_started &&
			    !s->acct_interim_next)
				account(rad, s, RADIUS_ACCT_INTERIM_UPDATE);
		interim_arm(rad, now);
	}
	if (now >= rad->next_own_interim)
		own_interims(rad, now);
	radius_flush(rad, &rad->acct);
	collect(rad);
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
	radius_dae_open(rad);
}

void radius_acct_stop(struct roamd_radius *rad)
{
	/* sent once: nobody waits for the answer */
	nas_status(rad, RADIUS_ACCT_OFF);
	radius_dae_close(rad);
	radius_client_fini(&rad->acct);
	drop_jobs(rad);
}
