/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RADIUS service's state, shared by its two files: aaa/radius.c
 * (authentication, the service itself, radius show),
 * aaa/radius_acct.c (accounting, RFC 2866) and aaa/radius_dae.c
 * (Disconnect-Requests and CoA-Requests, RFC 5176).  One instance, owned by the service; roamd is single-threaded,
 * so nothing here is locked.
 */
#ifndef ROAMD_AAA_RADIUS_H
#define ROAMD_AAA_RADIUS_H

#include "aaa/auth.h"
#include "loop.h"
#include "radius/client.h"
#include "radius_conf.h"

struct roamd;
struct roamd_session;
struct acct_job;

struct roamd_radius {
	struct roamd *d;
	int fd;				/* UDP, ephemeral port: both clients */
	struct roamd_watch watch;
	struct radius_client auth;
	struct radius_client acct;
	struct aaa_backend backend;
	/* the configuration the clients were built from */
	struct roamd_radius_conf conf;
	char nas_id[65];
	uint64_t accepted, rejected, timeouts;
	uint64_t fallbacks;		/* checked locally: no server answered */
	/* accounting records in flight (each is its request's ctx) */
	struct acct_job *jobs;
	uint64_t next_interim;		/* ms; UINT64_MAX: none */
	/* the first session's own Interim-Update (Acct-Interim-Interval) */
	uint64_t next_own_interim;	/* ms; UINT64_MAX: none */
	bool on_sent;			/* Accounting-On: once, when roamd starts */
	uint64_t acct_sent, acct_answered, acct_lost;
	/* Disconnect- and CoA-Requests (RFC 5176): a socket of their own */
	int dae_fd;
	struct roamd_watch dae_watch;
	uint64_t dae_acked, dae_naked, dae_dropped;	/* Disconnect and CoA */
	uint64_t coa_acked, coa_naked;			/* CoA alone */
};

/* radius_acct.c */
void radius_acct_configure(struct roamd_radius *rad, uint64_t now);
void radius_acct_stop(struct roamd_radius *rad);
uint64_t radius_acct_deadline(const struct roamd_radius *rad);
void radius_acct_timer(struct roamd_radius *rad, uint64_t now);
/* An answer on the shared socket that the authentication client did not take. */
bool radius_acct_input(struct roamd_radius *rad, uint32_t addr,
		       uint16_t port, const uint8_t *buf, size_t len,
		       uint64_t now);
/* radius_dae.c: the Disconnect-Request and CoA-Request socket (RFC 5176) */
void radius_dae_open(struct roamd_radius *rad);
void radius_dae_close(struct roamd_radius *rad);
/* The session layer's hook (session_table.acct_event). */
void radius_acct_event(void *ctx, struct roamd_session *s, bool up);
void radius_acct_resumed(void *ctx, struct roamd_session *s);
/* Send what the clients queued (radius.c, for both). */
void radius_flush(struct roamd_radius *rad, struct radius_client *c);

#endif /* ROAMD_AAA_RADIUS_H */
