// SPDX-License-Identifier: GPL-2.0
/*
 * The RADIUS client state machine (see client.h): Identifiers, tries,
 * failover along the servers in their configured order.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "radius/client.h"
#include "radius/crypto.h"

void radius_client_init(struct radius_client *c,
			const struct radius_client_conf *conf)
{
	memset(c, 0, sizeof(*c));
	c->conf = *conf;
	if (!c->conf.timeout_ms)
		c->conf.timeout_ms = 3000;
	c->waiting_tail = &c->waiting;
	c->done_tail = &c->done;
}

void radius_req_free(struct radius_req *r)
{
	if (!r)
		return;
	/* the packets hold hidden passwords and keys */
	OPENSSL_cleanse(r, sizeof(*r));
	free(r);
}

static void free_list(struct radius_req *r)
{
	struct radius_req *next;

	for (; r; r = next) {
		next = r->next;
		radius_req_free(r);
	}
}

void radius_client_fini(struct radius_client *c)
{
	int i;

	for (i = 0; i < RADIUS_INFLIGHT_MAX; i++)
		radius_req_free(c->by_id[i]);
	free_list(c->waiting);
	free_list(c->done);
	OPENSSL_cleanse(c->servers, sizeof(c->servers));
	memset(c, 0, sizeof(*c));
}

int radius_client_add_server(struct radius_client *c, uint32_t addr,
			     uint16_t port, const void *secret, size_t slen)
{
	struct radius_server *s;

	if (c->n_servers >= RADIUS_SERVERS_MAX || !slen ||
	    slen > RADIUS_SECRET_MAX)
		return -1;
	s = &c->servers[c->n_servers++];
	memset(s, 0, sizeof(*s));
	s->addr = addr;
	s->port = port;
	memcpy(s->secret, secret, slen);
	s->secret_len = slen;
	s->need_ma = true;
	return 0;
}

static void finish(struct radius_client *c, struct radius_req *r,
		   enum radius_outcome o, const char *why)
{
	r->outcome = o;
	r->why = why;
	r->to_send = false;
	r->next = NULL;
	*c->done_tail = r;
	c->done_tail = &r->next;
}

static int free_id(struct radius_client *c)
{
	int i, id;

	for (i = 0; i < RADIUS_INFLIGHT_MAX; i++) {
		id = (c->next_id + i) & 0xff;
		if (!c->by_id[id]) {
			c->next_id = (uint8_t)(id + 1);
			return id;
		}
	}
	return -1;
}

/*
 * The first server at or after from (in order, wrapping) that is not
 * resting after a timeout; when all rest, the one whose rest ends first,
 * so that a request always has somewhere to go.
 */
static int pick_server(const struct radius_client *c, int from, uint64_t now)
{
	int i, s, best = from % c->n_servers;

	for (i = 0; i < c->n_servers; i++) {
		s = (from + i) % c->n_servers;
		if (c->servers[s].dead_until <= now)
			return s;
		if (c->servers[s].dead_until < c->servers[best].dead_until)
			best = s;
	}
	return best;
}

/* Give r an Identifier and its packet for its server; queue the send. */
static void launch(struct radius_client *c, struct radius_req *r,
		   uint64_t now)
{
	struct radius_server *s = &c->servers[r->server];
	int id = free_id(c), n;

	if (id < 0) {
		r->next = NULL;
		*c->waiting_tail = r;
		c->waiting_tail = &r->next;
		return;
	}
	n = r->build(r->ctx, s, (uint8_t)id, r->pkt, sizeof(r->pkt), r->auth);
	if (n < RADIUS_HDR_LEN) {
		finish(c, r, RADIUS_FAILED, "the request could not be built");
		return;
	}
	r->len = (size_t)n;
	r->id = id;
	c->by_id[id] = r;
	r->tries = 1;
	r->to_send = true;
	r->deadline = now + c->conf.timeout_ms;
}

static void release_id(struct radius_client *c, struct radius_req *r,
		       uint64_t now)
{
	struct radius_req *w;

	if (r->id >= 0)
		c->by_id[r->id] = NULL;
	r->id = -1;
	r->to_send = false;
	/* a freed Identifier lets the oldest waiting request go */
	w = c->waiting;
	if (w) {
		c->waiting = w->next;
		if (!c->waiting)
			c->waiting_tail = &c->waiting;
		launch(c, w, now);
	}
}

int radius_client_submit(struct radius_client *c, uint64_t handle,
			 radius_build_fn build, void *ctx, uint64_t now)
{
	struct radius_req *r;

	if (!c->n_servers)
		return -1;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -1;
	r->handle = handle;
	r->build = build;
	r->ctx = ctx;
	r->id = -1;
	r->server = pick_server(c, 0, now);
	r->servers_tried = 1;
	launch(c, r, now);
	return 0;
}

static void unlink_matching(struct radius_req **head,
			    struct radius_req ***tail, uint64_t handle)
{
	struct radius_req **pp = head, *r;

	while ((r = *pp)) {
		if (r->handle == handle) {
			*pp = r->next;
			radius_req_free(r);
		} else {
			pp = &r->next;
		}
	}
	*tail = head;
	while (**tail)
		*tail = &(**tail)->next;
}

void radius_client_cancel(struct radius_client *c, uint64_t handle)
{
	int i;

	unlink_matching(&c->waiting, &c->waiting_tail, handle);
	unlink_matching(&c->done, &c->done_tail, handle);
	for (i = 0; i < RADIUS_INFLIGHT_MAX; i++) {
		struct radius_req *r = c->by_id[i];

		if (r && r->handle == handle) {
			c->by_id[i] = NULL;
			radius_req_free(r);
		}
	}
	/* Identifiers freed: the waiting may go (at the next tick) */
}

/* Whether code answers the request we sent (RFC 2865 4, 2866 4). */
static bool answers(uint8_t req, uint8_t ans)
{
	if (req == RADIUS_ACCESS_REQUEST)
		return ans == RADIUS_ACCESS_ACCEPT ||
		       ans == RADIUS_ACCESS_REJECT ||
		       ans == RADIUS_ACCESS_CHALLENGE;
	if (req == RADIUS_ACCOUNTING_REQUEST)
		return ans == RADIUS_ACCOUNTING_RESPONSE;
	return false;
}

bool radius_client_input(struct radius_client *c, uint32_t addr,
			 uint16_t port, const uint8_t *buf, size_t len,
			 uint64_t now)
{
	struct radius_packet p;
	struct radius_server *s;
	struct radius_req *r;
	const char *err;
	bool need_ma;

	if (radius_parse(buf, len, &p, &err)) {
		c->malformed++;
		return false;
	}
	r = c->by_id[p.id];
	if (!r || !answers(r->pkt[0], p.code)) {
		c->unknown++;
		return false;
	}
	s = &c->servers[r->server];
	if (s->addr != addr || s->port != port) {
		c->unknown++;
		return false;
	}
	/* Blast-RADIUS: every Access answer must carry a valid MA */
	need_ma = (r->pkt[0] == RADIUS_ACCESS_REQUEST && s->need_ma) ||
		  c->conf.need_msg_auth;
	if (radius_verify_answer(&p, r->auth, s->secret, s->secret_len,
				 need_ma, &err)) {
		c->bad_auth++;
		c->bad_auth_why = err;
		s->dropped++;
		return false;
	}
	s->answered++;
	s->dead_until = 0;
	memcpy(r->answer, buf, p.len);
	r->answer_len = p.len;
	release_id(c, r, now);
	finish(c, r, RADIUS_ANSWERED, NULL);
	return true;
}

static void expire(struct radius_client *c, struct radius_req *r,
		   uint64_t now)
{
	struct radius_server *s = &c->servers[r->server];

	if (r->tries <= c->conf.retries) {
		r->tries++;
		r->to_send = true;
		r->deadline = now + c->conf.timeout_ms;
		return;
	}
	s->timeouts++;
	s->dead_until = now + c->conf.dead_ms;
	release_id(c, r, now);
	if (r->servers_tried >= c->n_servers) {
		finish(c, r, RADIUS_TIMEOUT, "no RADIUS server answered");
		return;
	}
	r->servers_tried++;
	r->server = pick_server(c, r->server + 1, now);
	launch(c, r, now);
}

void radius_client_tick(struct radius_client *c, uint64_t now)
{
	struct radius_req *w;
	int i;

	for (i = 0; i < RADIUS_INFLIGHT_MAX; i++) {
		struct radius_req *r = c->by_id[i];

		if (r && r->deadline <= now)
			expire(c, r, now);
	}
	/* Identifiers freed by a cancel */
	while (c->waiting && (w = c->waiting) && free_id(c) >= 0) {
		c->next_id--;
		c->waiting = w->next;
		if (!c->waiting)
			c->waiting_tail = &c->waiting;
		launch(c, w, now);
	}
}

uint64_t radius_client_next_deadline(const struct radius_client *c)
{
	uint64_t t = UINT64_MAX;
	int i;

	for (i = 0; i < RADIUS_INFLIGHT_MAX; i++)
		if (c->by_id[i] && c->by_id[i]->deadline < t)
			t = c->by_id[i]->deadline;
	return t;
}

bool radius_client_next_send(struct radius_client *c, struct radius_send *s)
{
	int i;

	for (i = 0; i < RADIUS_INFLIGHT_MAX; i++) {
		struct radius_req *r = c->by_id[i];

		if (r && r->to_send) {
			r->to_send = false;
			c->servers[r->server].sent++;
			s->pkt = r->pkt;
			s->len = r->len;
			s->addr = c->servers[r->server].addr;
			s->port = c->servers[r->server].port;
			return true;
		}
	}
	return false;
}

struct radius_req *radius_client_next_done(struct radius_client *c)
{
	struct radius_req *r = c->done;

	if (!r)
		return NULL;
	c->done = r->next;
	if (!c->done)
		c->done_tail = &c->done;
	r->next = NULL;
	return r;
}

const struct radius_server *radius_req_server(const struct radius_client *c,
					      const struct radius_req *r)
{
	if (r->server < 0 || r->server >= c->n_servers)
		return NULL;
	return &c->servers[r->server];
}
