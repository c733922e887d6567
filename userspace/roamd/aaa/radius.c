// SPDX-License-Identifier: GPL-2.0
/*
 * The RADIUS service: the I/O around radius/client.c.  One UDP socket
 * (an ephemeral port, every server), the authentication questions that
 * aaa/auth.c hands over (struct aaa_backend), their answers turned into
 * verdicts, MS-CHAPv2 authenticators, MPPE keys and the attributes the
 * session layer honours.  "radius show".  The shared secrets never reach
 * the log or the output.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "aaa/auth.h"
#include "aaa/radius.h"
#include "log.h"
#include "radius/access.h"
#include "radius/client.h"
#include "radius/crypto.h"
#include "roamd.h"
#include "service.h"

static struct roamd_radius *the_radius;

static int build_access(void *ctx, const struct radius_server *s,
			uint8_t id, uint8_t *buf, size_t cap,
			uint8_t auth[RADIUS_AUTH_LEN])
{
	struct aaa_request *r = ctx;
	struct ppp_auth_request q;
	char sid[24];
	struct radius_nas nas = {
		.nas_id = the_radius->nas_id,
		.nas_port = (uint32_t)r->owner,
		.framed = r->asker == AAA_ASKER_PPP,
	};

	/* PPP's owner is the session: the accounting's Acct-Session-Id */
	if (r->asker == AAA_ASKER_PPP) {
		snprintf(sid, sizeof(sid), "%08llX",
			 (unsigned long long)r->owner);
		nas.session_id = sid;
	}

	if (RAND_bytes(auth, RADIUS_AUTH_LEN) != 1)
		return -1;
	aaa_request_view(r, &q);
	return radius_access_build(&q, &nas, s->secret, s->secret_len, id,
				   auth, buf, cap);
}

void radius_flush(struct roamd_radius *rad, struct radius_client *c)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct radius_send s;

	while (radius_client_next_send(c, &s)) {
		to.sin_addr.s_addr = s.addr;
		to.sin_port = htons(s.port);
		if (sendto(rad->fd, s.pkt, s.len, 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0)
			log_warn("radius: send to %s:%u: %m",
				 inet_ntoa(to.sin_addr), s.port);
	}
}

static void fill_verdict(struct roamd_radius *rad, struct aaa_request *r,
			 struct radius_req *rr)
{
	const struct radius_server *srv = radius_req_server(&rad->auth, rr);
	struct radius_access_answer ans;
	struct ppp_auth_request q;
	struct radius_packet p;
	const char *err = NULL;

	memset(&ans, 0, sizeof(ans));
	memset(&r->res, 0, sizeof(r->res));
	r->verdict = PPP_AUTH_FAIL;
	r->res.error = 691;
	if (rr->outcome != RADIUS_ANSWERED) {
		rad->timeouts++;
		r->why = rr->why ? rr->why : "no RADIUS answer";
		if (!rad->d->db.radius.fallback_local)
			return;
		/* "radius set fallback local": the servers are unreachable */
		aaa_local_check(&rad->d->aaa, r);
		rad->fallbacks++;
		log_info("radius: no server answered for user %s: checked against the local users instead (fallback local): %s",
			 r->user, r->verdict == PPP_AUTH_OK ? "accepted" :
			 r->why);
		return;
	}
	aaa_request_view(r, &q);
	if (radius_parse(rr->answer, rr->answer_len, &p, &err) ||
	    radius_access_answer(&p, &q, rr->auth, srv->secret,
				 srv->secret_len, &ans, &err) ||
	    !ans.accept) {
		rad->rejected++;
		r->res.error = ans.error ? ans.error : 691;
		r->why = p.code == RADIUS_ACCESS_REJECT ?
			 "refused by the RADIUS server" :
			 (err ? err : "refused by the RADIUS server");
		OPENSSL_cleanse(&ans, sizeof(ans));
		return;
	}
	rad->accepted++;
	r->verdict = PPP_AUTH_OK;
	r->res.error = 0;
	memcpy(r->res.authenticator, ans.authenticator,
	       sizeof(r->res.authenticator));
	snprintf(r->res.message, sizeof(r->res.message), "%s", ans.message);
	r->res.have_keys = ans.have_keys;
	memcpy(r->res.mppe_send, ans.mppe_send, 16);
	memcpy(r->res.mppe_recv, ans.mppe_recv, 16);
	r->attrs.remote = true;
	r->attrs.framed_ip = ntohl(ans.framed_ip);
	r->attrs.session_timeout = ans.session_timeout;
	r->attrs.idle_timeout = ans.idle_timeout;
	r->attrs.interim = ans.interim;
	memcpy(r->attrs.class_val, ans.class_val, ans.class_len);
	r->attrs.class_len = ans.class_len;
	snprintf(r->attrs.filter_id, sizeof(r->attrs.filter_id), "%s",
		 ans.filter_id);
	snprintf(r->attrs.framed_pool, sizeof(r->attrs.framed_pool), "%s",
		 ans.framed_pool);
	OPENSSL_cleanse(&ans, sizeof(ans));
}

/* Hand finished RADIUS requests back to the authentication queue. */
static void collect(struct roamd_radius *rad)
{
	struct radius_req *rr;
	struct aaa_request *r;

	while ((rr = radius_client_next_done(&rad->auth))) {
		r = aaa_remote_find(&rad->d->aaa, rr->handle);
		if (r) {
			fill_verdict(rad, r, rr);
			aaa_remote_done(&rad->d->aaa, r);
		}
		radius_req_free(rr);
	}
}

static int backend_submit(void *ctx, struct aaa_request *r)
{
	struct roamd_radius *rad = ctx;
	struct radius_req *rr;
	bool failed;

	if (radius_client_submit(&rad->auth, r->tag, build_access, r,
				 roamd_now_ms()))
		return -1;
	/*
	 * A request that could not even be built is done at once (answers
	 * are collected as they come, so it is the only one): the queue
	 * refuses it now.
	 */
	rr = radius_client_next_done(&rad->auth);
	if (rr) {
		failed = rr->handle == r->tag;
		radius_req_free(rr);
		if (failed)
			return -1;
	}
	radius_flush(rad, &rad->auth);
	return 0;
}

static void backend_cancel(void *ctx, uint64_t tag)
{
	struct roamd_radius *rad = ctx;

	radius_client_cancel(&rad->auth, tag);
}

static void radius_readable(struct roamd_watch *w, uint32_t events)
{
	struct roamd_radius *rad = container_of(w, struct roamd_radius, watch);
	uint8_t buf[RADIUS_MAX_LEN];
	struct sockaddr_in from;
	socklen_t fl;
	uint64_t bad;
	ssize_t n;
	int i;

	(void)events;
	for (i = 0; i < 64; i++) {
		fl = sizeof(from);
		n = recvfrom(rad->fd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fl);
		if (n < 0)
			break;
		bad = rad->auth.bad_auth;
		if (!radius_client_input(&rad->auth, from.sin_addr.s_addr,
					 ntohs(from.sin_port), buf, (size_t)n,
					 roamd_now_ms()) &&
		    !radius_acct_input(rad, from.sin_addr.s_addr,
				       ntohs(from.sin_port), buf, (size_t)n,
				       roamd_now_ms()))
			log_debug("radius: datagram from %s:%u dropped (unknown, malformed or not authentic)",
				  inet_ntoa(from.sin_addr),
				  ntohs(from.sin_port));
		/* a server's answer that fails its checks: say which */
		if (rad->auth.bad_auth != bad)
			log_warn("radius: answer from %s:%u dropped: %s",
				 inet_ntoa(from.sin_addr), ntohs(from.sin_port),
				 rad->auth.bad_auth_why ?
				 rad->auth.bad_auth_why : "not authentic");
	}
	radius_flush(rad, &rad->auth);
	collect(rad);
}

/* (Re)build the client from the configuration. */
static void configure(struct roamd_radius *rad)
{
	const struct roamd_radius_conf *c = &rad->d->db.radius;
	struct radius_client_conf cc = { .dead_ms = 30000 };
	int i;

	aaa_remote_fail_all(&rad->d->aaa, "RADIUS configuration changed");
	radius_client_fini(&rad->auth);
	if (c->n) {
		cc.timeout_ms = c->servers[0].timeout * 1000;
		cc.retries = c->servers[0].retries;
	}
	radius_client_init(&rad->auth, &cc);
	for (i = 0; i < c->n; i++) {
		const struct roamd_radius_server *s = &c->servers[i];

		if (!radius_client_add_server(&rad->auth, htonl(s->addr),
					      s->auth_port, s->secret,
					      s->secret_len))
			rad->auth.servers[rad->auth.n_servers - 1].need_ma =
				s->require_ma;
	}
	OPENSSL_cleanse(&rad->conf, sizeof(rad->conf));
	rad->conf = *c;
	if (c->nas_id[0])
		snprintf(rad->nas_id, sizeof(rad->nas_id), "%s", c->nas_id);
	else if (gethostname(rad->nas_id, sizeof(rad->nas_id) - 1))
		snprintf(rad->nas_id, sizeof(rad->nas_id), "roam");
	radius_acct_configure(rad, roamd_now_ms());
}

static int radius_start(struct roamd *d)
{
	struct roamd_radius *rad = calloc(1, sizeof(*rad));

	if (!rad)
		return -1;
	rad->d = d;
	rad->dae_fd = -1;
	rad->next_own_interim = UINT64_MAX;
	rad->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			 0);
	if (rad->fd < 0) {
		log_err("radius: socket: %m");
		free(rad);
		return -1;
	}
	rad->watch.fd = rad->fd;
	rad->watch.cb = radius_readable;
	if (loop_add(&d->loop, &rad->watch, EPOLLIN)) {
		log_err("radius: epoll: %m");
		close(rad->fd);
		free(rad);
		return -1;
	}
	the_radius = rad;
	configure(rad);
	rad->backend.submit = backend_submit;
	rad->backend.cancel = backend_cancel;
	rad->backend.ctx = rad;
	aaa_set_remote(&d->aaa, &rad->backend);
	aaa_set_source(&d->aaa, AAA_ASKER_PPP, &d->db.settings.auth_source);
	d->sessions.acct_event = radius_acct_event;
	d->sessions.acct_resumed = radius_acct_resumed;
	d->sessions.acct_ctx = rad;
	return 0;
}

static void radius_stop(struct roamd *d)
{
	struct roamd_radius *rad = the_radius;

	if (!rad)
		return;
	aaa_remote_fail_all(&d->aaa, "roamd is stopping");
	aaa_set_remote(&d->aaa, NULL);
	d->sessions.acct_event = NULL;
	d->sessions.acct_resumed = NULL;
	radius_acct_stop(rad);
	loop_del(&d->loop, &rad->watch);
	close(rad->fd);
	radius_client_fini(&rad->auth);
	OPENSSL_cleanse(rad, sizeof(*rad));
	free(rad);
	the_radius = NULL;
}

static uint64_t radius_deadline(struct roamd *d)
{
	uint64_t a, b;

	(void)d;
	if (!the_radius)
		return UINT64_MAX;
	a = radius_client_next_deadline(&the_radius->auth);
	b = radius_acct_deadline(the_radius);
	return a < b ? a : b;
}

static void radius_timer(struct roamd *d, uint64_t now)
{
	struct roamd_radius *rad = the_radius;
	int i;

	(void)d;
	if (!rad)
		return;
	radius_client_tick(&rad->auth, now);
	radius_acct_timer(rad, now);
	for (i = 0; i < rad->auth.n_servers; i++)
		if (rad->auth.servers[i].dead_until > now &&
		    rad->auth.servers[i].dead_until <= now + 30000 &&
		    rad->auth.servers[i].timeouts == 1)
			log_warn("radius: server %d of %d is not answering: trying the next",
				 i + 1, rad->auth.n_servers);
	radius_flush(rad, &rad->auth);
	collect(rad);
}

static void radius_settings_changed(struct roamd *d)
{
	if (!the_radius ||
	    (radius_conf_same_servers(&the_radius->conf, &d->db.radius) &&
	     !memcmp(&the_radius->conf.nas_id, &d->db.radius.nas_id,
		     sizeof(d->db.radius) -
		     offsetof(struct roamd_radius_conf, nas_id))))
		return;
	configure(the_radius);
}

static bool radius_show(struct roamd *d, enum roam_obj obj,
			struct roam_print *p, bool stats)
{
	const struct roamd_radius_conf *c = &d->db.radius;
	struct roamd_radius *rad = the_radius;
	int i;

	if (obj != ROAM_OBJ_RADIUS)
		return false;
	rp_open_object(p, NULL);
	rp_open_array(p, "servers");
	for (i = 0; i < c->n; i++) {
		const struct roamd_radius_server *s = &c->servers[i];

		/* the secret is deliberately not among the fields */
		rp_open_object(p, NULL);
		rp_ipv4(p, "server", "server %s", s->addr);
		rp_u64(p, "auth_port", " auth-port %llu", s->auth_port);
		rp_u64(p, "acct_port", " acct-port %llu", s->acct_port);
		rp_u64(p, "timeout", " timeout %llu", s->timeout);
		rp_u64(p, "retries", " retries %llu", s->retries);
		rp_str(p, "message_authenticator", " message-authenticator %s",
		       s->require_ma ? "required" : "optional(weak)");
		if (stats && rad && i < rad->auth.n_servers) {
			const struct radius_server *rs = &rad->auth.servers[i];

			rp_open_object(p, "stats");
			rp_u64(p, "sent", "\n    sent %llu", rs->sent);
			rp_u64(p, "answered", " answered %llu", rs->answered);
			rp_u64(p, "timeouts", " timeouts %llu", rs->timeouts);
			rp_u64(p, "dropped", " dropped %llu", rs->dropped);
			rp_close_object(p);
		}
		rp_close_object(p);
		rp_text(p, "\n");
	}
	rp_close_array(p);
	rp_str(p, "nas_identifier", "nas-identifier %s",
	       rad ? rad->nas_id : c->nas_id);
	rp_u64(p, "interim", " interim %llu", c->interim);
	rp_u64(p, "interim_min", " interim-min %llu", c->interim_min);
	rp_str(p, "fallback", " fallback %s",
	       c->fallback_local ? "local" : "none");
	if (c->has_dae) {
		rp_ipv4(p, "dae_client", " dae-client %s", c->dae_client);
		rp_u64(p, "dae_port", " dae-port %llu", c->dae_port);
	}
	rp_str(p, "ppp_auth_source", "\nppp auth-source %s",
	       d->db.settings.auth_source == ROAM_AUTH_SOURCE_RADIUS ?
	       "radius" : "local");
	if (stats && rad) {
		rp_open_object(p, "stats");
		rp_u64(p, "acct_sent", "\n    accounting sent %llu",
		       rad->acct_sent);
		rp_u64(p, "acct_answered", " answered %llu",
		       rad->acct_answered);
		rp_u64(p, "acct_lost", " lost %llu", rad->acct_lost);
		rp_u64(p, "dae_acked", "\n    disconnect acked %llu",
		       rad->dae_acked);
		rp_u64(p, "dae_naked", " naked %llu", rad->dae_naked);
		rp_u64(p, "dae_dropped", " dropped %llu", rad->dae_dropped);
		rp_u64(p, "coa_acked", " (coa acked %llu", rad->coa_acked);
		rp_u64(p, "coa_naked", " naked %llu)", rad->coa_naked);
		rp_u64(p, "accepted", "\n    accepted %llu", rad->accepted);
		rp_u64(p, "rejected", " rejected %llu", rad->rejected);
		rp_u64(p, "timeouts", " timeouts %llu", rad->timeouts);
		rp_u64(p, "fallbacks", " fallbacks %llu", rad->fallbacks);
		rp_u64(p, "bad_authenticator", " bad-authenticator %llu",
		       rad->auth.bad_auth);
		rp_u64(p, "malformed", " malformed %llu", rad->auth.malformed);
		rp_close_object(p);
	}
	rp_close_object(p);
	rp_text(p, "\n");
	return true;
}

const struct roamd_service radius_service = {
	.name = "RADIUS",
	.start = radius_start,
	.stop = radius_stop,
	.deadline = radius_deadline,
	.timer = radius_timer,
	.settings_changed = radius_settings_changed,
	.show = radius_show,
};
