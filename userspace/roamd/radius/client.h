/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RADIUS client, without I/O: requests to a list of servers in
 * order, with retransmission, timeouts and failover, over one UDP socket
 * (one Identifier space of 256).  Time and datagrams come in; datagrams
 * to send and finished requests come out (radius_client_next_send(),
 * radius_client_next_done()).  Nothing here touches a socket or a clock.
 *
 * A request's packet depends on the server (the secret hides the
 * password and signs the packet), so the client does not hold bytes but
 * calls the request's build function for each server and each new
 * Identifier; a retransmission to the same server resends the same bytes
 * (RFC 5080 2.2.1).
 */
#ifndef ROAMD_RADIUS_CLIENT_H
#define ROAMD_RADIUS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "radius/packet.h"

#define RADIUS_SERVERS_MAX	8
#define RADIUS_SECRET_MAX	128
#define RADIUS_INFLIGHT_MAX	256	/* one Identifier space */

/* A server as the client sees it. */
struct radius_server {
	uint32_t addr;			/* IPv4, network order */
	uint16_t port;			/* host order */
	uint8_t secret[RADIUS_SECRET_MAX];
	size_t secret_len;
	/*
	 * Access answers must carry a valid Message-Authenticator: the
	 * default (Blast-RADIUS, CVE-2024-3596).  Off only for servers that
	 * never send one (FreeRADIUS before 3.2.5).
	 */
	bool need_ma;
	/* state: failover */
	uint64_t dead_until;		/* ms; skipped while now < this */
	uint64_t sent, answered, timeouts, dropped;
};

struct radius_client_conf {
	unsigned int timeout_ms;	/* per try */
	unsigned int retries;		/* tries per server after the first */
	unsigned int dead_ms;		/* how long a silent server is skipped */
	bool need_msg_auth;		/* on every answer (Access-*: always) */
};

struct radius_req;
/*
 * Build the request for server s with Identifier id into buf: the
 * packet's length, or -1.  auth gets the Request Authenticator as sent
 * (to check the answer).  ctx is the submitter's.
 */
typedef int (*radius_build_fn)(void *ctx, const struct radius_server *s,
			       uint8_t id, uint8_t *buf, size_t cap,
			       uint8_t auth[RADIUS_AUTH_LEN]);

enum radius_outcome {
	RADIUS_ANSWERED,		/* an authentic answer; see ans */
	RADIUS_TIMEOUT,			/* every server tried, none answered */
	RADIUS_FAILED,			/* the request could not be built */
};

struct radius_req {
	struct radius_req *next;
	uint64_t handle;		/* the submitter's */
	radius_build_fn build;
	void *ctx;
	/* state */
	int server;			/* index in the client's servers, -1 before the first */
	int servers_tried;
	unsigned int tries;		/* to the current server */
	int id;				/* -1 when not in flight */
	uint64_t deadline;
	bool to_send;
	uint8_t auth[RADIUS_AUTH_LEN];
	uint8_t pkt[RADIUS_MAX_LEN];
	size_t len;
	/* the result */
	enum radius_outcome outcome;
	const char *why;
	uint8_t answer[RADIUS_MAX_LEN];
	size_t answer_len;
};

struct radius_client {
	struct radius_client_conf conf;
	struct radius_server servers[RADIUS_SERVERS_MAX];
	int n_servers;
	struct radius_req *by_id[RADIUS_INFLIGHT_MAX];
	uint8_t next_id;
	struct radius_req *waiting, **waiting_tail;	/* no free Identifier yet */
	struct radius_req *done, **done_tail;
	uint64_t malformed, unknown, bad_auth;
	const char *bad_auth_why;	/* the last one's reason, for the log */
};

struct radius_send {
	const uint8_t *pkt;
	size_t len;
	uint32_t addr;			/* network order */
	uint16_t port;			/* host order */
};

void radius_client_init(struct radius_client *c,
			const struct radius_client_conf *conf);
/* Drops every request, in flight or done. */
void radius_client_fini(struct radius_client *c);
/*
 * Add a server at the end of the order (its Access answers must carry a
 * Message-Authenticator; radius_client_server_ma() relaxes it); -1 when
 * full or the secret too long.
 */
int radius_client_add_server(struct radius_client *c, uint32_t addr,
			     uint16_t port, const void *secret, size_t slen);

/*
 * Start a request: it goes out on the next radius_client_next_send(),
 * and comes back (answered or not) from radius_client_next_done().  0,
 * or -1 when out of memory or no server is configured.  ctx must live
 * until then or until radius_client_cancel(handle).
 */
int radius_client_submit(struct radius_client *c, uint64_t handle,
			 radius_build_fn build, void *ctx, uint64_t now);
/* Forget the requests of handle (their answers will be dropped). */
void radius_client_cancel(struct radius_client *c, uint64_t handle);

/* A datagram from addr:port.  true if it answered a request. */
bool radius_client_input(struct radius_client *c, uint32_t addr,
			 uint16_t port, const uint8_t *buf, size_t len,
			 uint64_t now);
/* Retransmit, fail over, give up: what is due at now. */
void radius_client_tick(struct radius_client *c, uint64_t now);
/* The next deadline in ms, or UINT64_MAX when nothing waits. */
uint64_t radius_client_next_deadline(const struct radius_client *c);

/* The next datagram to send; false when none.  Valid until the next call. */
bool radius_client_next_send(struct radius_client *c, struct radius_send *s);
/* A finished request, unlinked; free it with radius_req_free(). */
struct radius_req *radius_client_next_done(struct radius_client *c);
void radius_req_free(struct radius_req *r);

/* The server a finished request was answered by (or last tried). */
const struct radius_server *radius_req_server(const struct radius_client *c,
					      const struct radius_req *r);

#endif /* ROAMD_RADIUS_CLIENT_H */
