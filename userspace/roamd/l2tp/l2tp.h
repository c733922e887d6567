/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roamd's L2TPv2 LNS control plane (RFC 2661), without I/O.
 *
 * The event loop feeds it what arrives on UDP 1701 (control messages, and
 * data messages the kernel did not take: PPP control frames) together with
 * the peer's address, the "binding" of the packet (an opaque token naming
 * the IPsec SA it came through) and the time.  Each call fills a
 * struct l2tp_actions that the loop carries out in order: send datagrams,
 * add or delete kernel sessions, start or stop PPP, hand PPP frames up,
 * log, and call l2tp_timer() again at next_timer_ms.
 */
#ifndef ROAM_L2TP_H
#define ROAM_L2TP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "proto.h"

struct l2tp_config {
	const char *host_name;		/* Host Name AVP we send */
	const char *vendor_name;	/* Vendor Name AVP we send */
	uint16_t firmware_rev;
	/*
	 * Tunnel secret: answers a LAC's Challenge, reveals hidden AVPs, and
	 * with require_auth challenges every LAC.  Copied by l2tp_new().
	 */
	const uint8_t *secret;
	size_t secret_len;
	bool require_auth;
	uint16_t rws;			/* our Receive Window Size */
	uint32_t rtx_initial_ms;	/* 1000 */
	uint32_t rtx_max_ms;		/* 8000 */
	uint32_t max_retries;		/* 5: given up 31 s after sending */
	uint32_t ack_delay_ms;		/* ZLB delay when nothing else acks */
	uint32_t hello_interval_ms;	/* HELLO after this long idle */
	uint32_t linger_ms;		/* a closed tunnel stays to re-ack */
	uint32_t max_tunnels;
	/* A peer is one address through one binding (one client's SA). */
	uint32_t max_tunnels_per_peer;
	uint32_t max_sessions_per_tunnel;
	/* Source of tunnel/session IDs and challenges; NULL: OpenSSL RAND. */
	void (*random)(void *arg, void *buf, size_t len);
	void *random_arg;
};

/* Fill cfg with the defaults above; then set what differs. */
void l2tp_config_defaults(struct l2tp_config *cfg);

enum l2tp_action_type {
	L2TP_ACT_SEND,		/* datagram to peer, through binding */
	L2TP_ACT_TUNNEL_UP,	/* control connection established */
	L2TP_ACT_TUNNEL_DOWN,	/* tunnel gone (its sessions went first) */
	L2TP_ACT_SESSION_ADD,	/* create the kernel session */
	L2TP_ACT_PPP_START,	/* start PPP on the session */
	L2TP_ACT_PPP_FRAME,	/* PPP frame received for the session */
	L2TP_ACT_PPP_STOP,	/* stop PPP: the call is down */
	L2TP_ACT_SESSION_DEL,	/* delete the kernel session */
	L2TP_ACT_LOG,		/* data: NUL-terminated text */
	L2TP_ACT_PEER_MOVED,	/* the session's peer is now at peer */
};

enum l2tp_log_level {
	L2TP_LOG_ERR = 3,	/* same numbers as syslog and roam_log */
	L2TP_LOG_WARN = 4,
	L2TP_LOG_INFO = 6,
	L2TP_LOG_DEBUG = 7,
};

struct l2tp_action {
	enum l2tp_action_type type;
	uint16_t tunnel_id;		/* ours */
	uint16_t session_id;		/* ours; 0 for tunnel actions */
	uint16_t peer_tunnel_id;
	uint16_t peer_session_id;
	uint64_t binding;
	struct sockaddr_storage peer;
	socklen_t peer_len;
	/* TUNNEL_DOWN, PPP_STOP: the Result Code sent or received. */
	uint16_t result;
	uint16_t error;
	bool by_peer;			/* the peer closed it */
	bool seq_required;		/* SESSION_ADD: data needs Ns/Nr */
	enum l2tp_log_level level;	/* LOG */
	const uint8_t *data;		/* SEND, PPP_FRAME, LOG */
	size_t len;
	size_t data_off;		/* internal */
};

/* Filled by every call below; reuse one across calls. */
struct l2tp_actions {
	struct l2tp_action *v;
	size_t n;
	size_t cap;
	uint8_t *arena;
	size_t arena_used;
	size_t arena_cap;
	uint64_t next_timer_ms;		/* 0: no timer pending */
	bool enomem;			/* some action was lost */
};

void l2tp_actions_init(struct l2tp_actions *out);
void l2tp_actions_free(struct l2tp_actions *out);

/* What l2tp_input() did with a datagram, for counters. */
enum l2tp_verdict {
	L2TP_OK = 0,			/* accepted (maybe a duplicate) */
	L2TP_DROP_MALFORMED,		/* bad header, or AVPs not parsable */
	L2TP_DROP_NO_TUNNEL,		/* unknown tunnel ID */
	L2TP_DROP_NO_SESSION,		/* data for no running session */
	L2TP_DROP_BINDING,		/* came through another SA */
	L2TP_DROP_PEER,			/* came from another address */
	L2TP_DROP_REFUSED,		/* answered with StopCCN/CDN */
	L2TP_DROP_WINDOW,		/* outside our receive window */
	L2TP_DROP_STATE,		/* not acceptable in this state */
};

struct l2tp_stats {
	uint64_t rx_control;
	uint64_t rx_data;
	uint64_t rx_malformed;
	uint64_t rx_no_tunnel;
	uint64_t rx_no_session;
	uint64_t rx_wrong_binding;
	uint64_t rx_wrong_peer;
	uint64_t rx_duplicate;
	uint64_t rx_out_of_order;
	uint64_t tx_control;
	uint64_t tx_zlb;
	uint64_t retransmits;
	uint64_t tunnels;		/* now open */
	uint64_t sessions;		/* now open */
	uint64_t tunnels_refused;	/* busy ones included */
	uint64_t tunnels_busy;		/* refused by l2tp_set_busy() */
	uint64_t tunnels_timed_out;
	/* taken over from a lagging restart state, Ns or Nr moved on */
	uint64_t tunnels_resynced;
};

struct l2tp_ctx;

struct l2tp_ctx *l2tp_new(const struct l2tp_config *cfg);
/* Free everything without sending anything (see l2tp_shutdown). */
void l2tp_free(struct l2tp_ctx *ctx);

enum l2tp_verdict l2tp_input(struct l2tp_ctx *ctx, uint64_t now_ms,
			     const struct sockaddr *peer, socklen_t peer_len,
			     uint64_t binding, const uint8_t *buf, size_t len,
			     struct l2tp_actions *out);

/* Run what is due at now_ms (retransmit, ZLB, HELLO, expiry). */
void l2tp_timer(struct l2tp_ctx *ctx, uint64_t now_ms,
		struct l2tp_actions *out);

/*
 * Hang up one call (PPP ended it, admin, policy): CDN with result (an
 * enum l2tp_cdn_result) and error.  -1 if there is no such session.
 */
int l2tp_session_close(struct l2tp_ctx *ctx, uint64_t now_ms, uint16_t tid,
		       uint16_t sid, uint16_t result, uint16_t error,
		       struct l2tp_actions *out);

/* Close a whole tunnel with StopCCN (result: enum l2tp_stopccn_result). */
int l2tp_tunnel_close(struct l2tp_ctx *ctx, uint64_t now_ms, uint16_t tid,
		      uint16_t result, uint16_t error,
		      struct l2tp_actions *out);

/*
 * Forget a tunnel whose path to the peer is gone (its IPsec SA died): its
 * sessions end, no StopCCN is sent.  -1 if there is no such tunnel.
 */
int l2tp_tunnel_forget(struct l2tp_ctx *ctx, uint64_t now_ms, uint16_t tid,
		       struct l2tp_actions *out);

/*
 * The tunnel's peer is now at peer (its NAT gave the client a new public
 * address; its IPsec SAs, the binding, already moved there): the tunnel
 * takes datagrams from there and sends there, and each of its sessions
 * gets a PEER_MOVED action (for its kernel session).  An IPv4 peer with
 * port 0 keeps the tunnel's port (NAT-T moves only the outer address of
 * the client's L2TP, whose own port does not change).  Only the host may
 * say so, after an authenticated move: a datagram from elsewhere never
 * moves a tunnel.  -1 if there is no such tunnel or peer is not of its
 * address family.
 */
int l2tp_tunnel_move(struct l2tp_ctx *ctx, uint64_t now_ms, uint16_t tid,
		     const struct sockaddr *peer, socklen_t peer_len,
		     struct l2tp_actions *out);

/* StopCCN every tunnel: the daemon is going away. */
void l2tp_shutdown(struct l2tp_ctx *ctx, uint64_t now_ms,
		   struct l2tp_actions *out);

/*
 * Send a PPP frame (address/control field included, as the PPP layer
 * writes it) on a session: one SEND action with the data header.
 */
int l2tp_send_ppp(struct l2tp_ctx *ctx, uint16_t tid, uint16_t sid,
		  const uint8_t *frame, size_t len, struct l2tp_actions *out);

void l2tp_get_stats(const struct l2tp_ctx *ctx, struct l2tp_stats *st);

/*
 * Admission: while busy, a new SCCRQ is refused at once, statelessly,
 * with a StopCCN of result 2 ("general error") and error 4 ("insufficient
 * resources to handle this operation now", RFC 2661 4.4.2): the host's
 * load, not the peer, is the cause, and it may try again later.
 * Established tunnels and their calls go on.
 */
void l2tp_set_busy(struct l2tp_ctx *ctx, bool busy);

/*
 * saved.c: a live tunnel as a restarted roamd needs it to end it: ids,
 * peer, binding (the SA mark) and the sequence numbers its StopCCN takes.
 */
#define L2TP_SAVED_HOST_MAX	64
struct l2tp_tunnel_saved {
	uint16_t tid, peer_tid;
	struct sockaddr_storage peer;
	socklen_t peer_len;
	uint64_t binding;
	uint16_t ns;			/* the Ns our next message takes */
	uint16_t nr;			/* the next Ns we expect */
	uint16_t ns_una;		/* the oldest of ours not acked */
	uint16_t peer_rws;		/* the peer's receive window */
	char peer_host[L2TP_SAVED_HOST_MAX];	/* its Host Name AVP */
};

/*
 * Calls fn for each established tunnel; fn must not call in.
 * l2tp_saved_changes() changes whenever what it would report may have.
 */
uint64_t l2tp_saved_changes(const struct l2tp_ctx *ctx);
void l2tp_foreach_tunnel(const struct l2tp_ctx *ctx,
			 void (*fn)(const struct l2tp_tunnel_saved *t,
				    void *arg),
			 void *arg);
/*
 * The StopCCN ("requester is being shut down") that ends a saved tunnel,
 * with its Ns and Nr; the length, or 0 if cap is too small.
 */
size_t l2tp_saved_stopccn(const struct l2tp_tunnel_saved *t, uint8_t *buf,
			  size_t cap);

/*
 * resume.c: a restarted roamd takes an established tunnel back from its
 * saved record: same ids, peer and binding, our next Ns the oldest one
 * the peer had not acknowledged, Nr as saved, HELLOs from now on.  One
 * TUNNEL_UP action (the host tracks the binding as for a new tunnel);
 * nothing sent.  -1: out of shape, the id in use, over the limit, or out
 * of memory.
 */
int l2tp_tunnel_resume(struct l2tp_ctx *ctx, uint64_t now_ms,
		       const struct l2tp_tunnel_saved *s,
		       struct l2tp_actions *out);
/*
 * A call of a resumed tunnel, established: no SESSION_ADD or PPP_START
 * (its kernel session and PPP are there already: the host moves and
 * resumes them); its CDN, data and end behave as for any call.  -1: no
 * such established tunnel, the id in use or 0, or out of memory.
 */
int l2tp_session_resume(struct l2tp_ctx *ctx, uint64_t now_ms, uint16_t tid,
			uint16_t sid, uint16_t peer_sid,
			struct l2tp_actions *out);

#endif /* ROAM_L2TP_H */
