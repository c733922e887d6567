/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One control connection, LNS side (RFC 2661 §7.2): SCCRQ -> SCCRP ->
 * SCCCN, HELLO keepalive, StopCCN both ways, and the dispatch of session
 * messages to session.c.
 */
#ifndef ROAM_L2TP_TUNNEL_H
#define ROAM_L2TP_TUNNEL_H

#include <netinet/in.h>
#include <sys/socket.h>

#include "ctx.h"
#include "header.h"
#include "msg.h"
#include "reliable.h"

struct l2tp_session;

enum l2tp_tunnel_state {
	L2TP_TS_IDLE,		/* created for an SCCRQ not yet processed */
	L2TP_TS_WAIT_CTL_CONN,	/* SCCRP sent, waiting for SCCCN */
	L2TP_TS_ESTABLISHED,
	L2TP_TS_CLOSING,	/* StopCCN sent, waiting for its ack */
	L2TP_TS_LINGER,		/* StopCCN received: stay to re-ack it */
	L2TP_TS_GONE,		/* unlinked, freed when the call returns */
};

/*
 * A peer's address, IPv4 or IPv6, at that size: a sockaddr_storage would
 * cost every tunnel 128 bytes for a 16-byte IPv4 peer.
 */
union l2tp_peer {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

struct l2tp_tunnel {
	struct l2tp_ctx *ctx;
	enum l2tp_tunnel_state state;
	uint16_t tid;
	uint16_t peer_tid;
	union l2tp_peer peer;		/* peer_len bytes of it are set */
	socklen_t peer_len;
	uint64_t binding;
	struct l2tp_tunnel *id_next;	/* chain in ctx->by_id */
	struct l2tp_tunnel *peer_next;	/* chain in ctx->by_peer */
	struct l2tp_tunnel *grave_next;	/* chain in ctx->graveyard */

	struct l2tp_reliable rl;
	struct timerq_entry timer;
	uint64_t hello_at;		/* when the link has been idle enough */
	uint64_t linger_until;

	bool challenged;		/* we sent a Challenge in our SCCRP */
	uint8_t challenge[16];
	bool announced;			/* TUNNEL_UP went out */
	bool down_announced;		/* TUNNEL_DOWN went out */
	uint32_t nsessions;		/* on sessions (below); here: no hole */
	/*
	 * The peer's Host Name and Vendor Name AVPs, made inert
	 * (l2tp_bytes_to_str()) and kept at their size; "" (shared, not
	 * allocated) when it sent none.  Set with l2tp_tunnel_set_names().
	 */
	const char *host_name;
	const char *vendor_name;

	struct l2tp_session *sessions;
	uint64_t rx_wrong_binding;
	uint64_t rx_wrong_peer;
};

/* A new tunnel for an acceptable SCCRQ; NULL if out of memory or IDs. */
struct l2tp_tunnel *l2tp_tunnel_new(struct l2tp_ctx *ctx,
				    const struct sockaddr_storage *peer,
				    socklen_t peer_len, uint64_t binding,
				    const struct l2tp_msg *sccrq,
				    uint16_t first_ns);

/*
 * A tunnel in the tables with these ids, peer and window, state IDLE,
 * nothing sent: what l2tp_tunnel_new() and a resumed tunnel (resume.c)
 * share.  NULL if out of memory, or if peer_len is more than an IPv6
 * address.
 */
struct l2tp_tunnel *l2tp_tunnel_make(struct l2tp_ctx *ctx, uint16_t tid,
				     const struct sockaddr_storage *peer,
				     socklen_t peer_len, uint64_t binding,
				     uint16_t peer_tid, uint16_t peer_rws);

/*
 * resume.c: after input to a resumed tunnel's channel, log and count
 * what its resynchronisation moved, given ns_moved and nr_moved as they
 * were before (struct l2tp_reliable).
 */
void l2tp_tunnel_resync_note(struct l2tp_tunnel *t, uint16_t ns_moved,
			     uint16_t nr_moved);

/* A control message (header already checked) for this tunnel. */
enum l2tp_verdict l2tp_tunnel_input(struct l2tp_tunnel *t,
				    const struct l2tp_hdr *h,
				    const uint8_t *buf);

void l2tp_tunnel_timer(struct l2tp_tunnel *t);

/*
 * Clear the tunnel from our side: end every session, send StopCCN, and
 * wait for its acknowledgement before forgetting the tunnel.
 */
void l2tp_tunnel_stop(struct l2tp_tunnel *t, uint16_t result, uint16_t error,
		      const char *msg);

/*
 * The path to the peer is gone (its IPsec SA died): end every session and
 * forget the tunnel at once, since no StopCCN could reach the peer.
 */
void l2tp_tunnel_lost(struct l2tp_tunnel *t);

/* Send a built control message through the reliable channel. */
int l2tp_tunnel_send(struct l2tp_tunnel *t, const uint8_t *msg, size_t len);

/* Recompute the tunnel's timer after anything changed. */
void l2tp_tunnel_rearm(struct l2tp_tunnel *t);

/* Fill the routing fields of an action from the tunnel. */
void l2tp_tunnel_fill(const struct l2tp_tunnel *t, struct l2tp_action *a);

/* Free the tunnels unlinked during the call now ending. */
void l2tp_tunnel_reap(struct l2tp_ctx *ctx);

/* Free a tunnel outright (l2tp_free). */
void l2tp_tunnel_destroy(struct l2tp_tunnel *t);

/*
 * Keep the peer's names (NULL: none), at most L2TP_NAME_MAX - 1
 * characters each; without memory a name is not kept (it only names the
 * tunnel in logs and the restart state).
 */
void l2tp_tunnel_set_names(struct l2tp_tunnel *t, const char *host,
			   const char *vendor);

#endif /* ROAM_L2TP_TUNNEL_H */
