/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IKE service (access/ike.c) and its show commands (access/ike_show.c).
 */
#ifndef ROAMD_ACCESS_IKE_H
#define ROAMD_ACCESS_IKE_H

#include <openssl/provider.h>
#include <stdbool.h>
#include <stdint.h>

#include "aaa/grants.h"
#include "cmd.h"
#include "ike/ike.h"
#include "loop.h"
#include "print.h"

struct roamd;

#define IKE_RX_BUDGET	64	/* datagrams per wakeup: others get a turn */
#define IKE_MARKER_LEN	4	/* RFC 3948's non-ESP marker */

struct ike_sock {
	struct roamd_ike *ike;
	uint16_t port;
	int fd;
	struct roamd_watch watch;
};

struct roamd_ike {
	struct roamd *d;
	struct ike_ctx *ctx;
	struct ike_sock sock[2];	/* 500, 4500 */
	/* XFRM netlink, group XFRMNLGRP_MAPPING (access/ike_mapping.c) */
	int map_fd;
	struct roamd_watch map_watch;
	uint64_t deadline;		/* the engine's; 0: none */
	/*
	 * The engine's warnings and errors, most of them about input from
	 * anyone on the internet: at most IKE_LOG_BURST lines per
	 * IKE_LOG_INTERVAL_S, then one line saying how many were held back.
	 */
	uint64_t log_window_end;	/* ms */
	unsigned int log_lines;		/* in this window */
	uint64_t log_held;		/* held back in this window */
	uint64_t log_held_total;
	OSSL_PROVIDER *legacy, *deflt;
	/* the engine's events, handled when the service settles */
	struct ike_event *evq;
	size_t n_evq, cap_evq;
	/*
	 * The RADIUS server's attributes of each XAUTH login, by IKE SA
	 * id, from its verdict until its Mode-Config request makes the
	 * session (access/ike_ra.c).
	 */
	struct aaa_grants grants;
	uint8_t rx[65536];
};

/* Run the engine's actions; its events are queued for ike_ra_settle(). */
void ike_run_actions(struct roamd_ike *ike, struct ike_actions *a);

/*
 * access/ike_mapping.c: the kernel's NAT mapping events (ESP of a client
 * came from a new port) handed to the engine.  open: 0 or -1 (logged).
 */
int ike_mapping_open(struct roamd_ike *ike);
void ike_mapping_close(struct roamd_ike *ike);

/* access/ike_ra.c: the remote-access clients (XAUTH, Mode-Config). */
void ike_ra_queue(struct roamd_ike *ike, const struct ike_actions *a);
bool ike_ra_settle(struct roamd_ike *ike);
void ike_ra_fini(struct roamd_ike *ike);
struct roamd_session;
struct roam_session_info;
/* session_table.lower_stats: an IKE session's ESP traffic. */
int ike_ra_session_stats(void *ctx, const struct roamd_session *s,
			 struct roam_session_info *k);
/*
 * An ESP SA pair is about to be deleted: when it is its client's last,
 * the client's session notes its traffic for its accounting Stop.
 */
void ike_ra_sa_going(struct roamd_ike *ike, const struct ike_esp_sa *sa);
/* A client's NAT moved it: its session's peer follows (show, counters). */
void ike_ra_peer_moved(struct roamd_ike *ike, const struct ike_addr *old,
		       const struct ike_addr *new);

/* "192.0.2.1:500", "[2001:db8::1]:4500" */
void ike_endpoint_str(const struct ike_addr *a, char *buf, size_t len);
/* ike, ipsec and psk show; false for other objects */
struct roamd_groups;
/* group show [NAME]: the groups with their policy in force. */
void ike_show_groups(const struct roamd_groups *g, const char *name,
		     struct roam_print *p);
bool ike_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
	      bool stats);

#endif /* ROAMD_ACCESS_IKE_H */
