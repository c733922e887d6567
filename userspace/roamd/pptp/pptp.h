/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roamd's PPTP control plane (RFC 2637, TCP 1723), without I/O.
 *
 * The event loop accepts TCP connections and tells the engine about them
 * (pptp_conn_open, which names the connection with an ID), feeds it the
 * bytes each one delivers (pptp_conn_input) and its end
 * (pptp_conn_closed), and the time.  Every call fills a struct
 * pptp_actions that the loop carries out in order:
 *
 *	SEND		write data to connection conn
 *	CALL_UP		a call is connected: create the kernel session (GRE
 *			key call_id in, peer_call_id out, to the connection's
 *			peer address) and start PPP on it
 *	CALL_DOWN	the call is gone: stop PPP, delete the kernel session
 *	CLOSE		close connection conn (after its SENDs); the engine
 *			has forgotten it already
 *	LOG		data is NUL-terminated text
 *
 * and then arms a timer for next_timer_ms (0: none), calling pptp_timer()
 * when it fires.  The engine never calls back into the host.
 *
 * Call IDs are unique across every connection of one engine: the GRE key
 * names a call machine-wide.
 */
#ifndef ROAM_PPTP_H
#define ROAM_PPTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "proto.h"

struct pptp_config {
	const char *host_name;		/* Host Name in our SCCRP */
	const char *vendor_name;	/* Vendor String: "roam" */
	uint16_t firmware_rev;
	/*
	 * Limits, as an administrator sets them (Cisco VPN 3000 "PPTP"
	 * page): established control connections ("Max. Tunnels") and calls
	 * on one of them ("Max. Sessions/Tunnel"); 0 = unlimited (the ID
	 * space, 65535 calls, still bounds them).
	 */
	uint32_t max_tunnels;
	uint32_t max_sessions_per_tunnel;
	uint16_t rx_window;		/* "Packet Window Size": our GRE window */
	uint16_t proc_delay;		/* Packet Processing Delay, 1/10 s */
	uint32_t connect_speed;		/* bit/s reported in the OCRP */
	/*
	 * A connection without calls is stopped after idle_ms ("Maximum
	 * Tunnel Idle Time"); one that has not even sent its SCCRQ by then
	 * is closed.  0: never.
	 */
	uint32_t idle_ms;
	/*
	 * After echo_interval_ms without a message from the peer we send an
	 * Echo-Request; no reply within echo_timeout_ms and the connection
	 * is declared dead (RFC 2637: 60 s each).  0: no echoes.
	 */
	uint32_t echo_interval_ms;
	uint32_t echo_timeout_ms;
	/* How long our StopCCRQ waits for the StopCCRP before closing. */
	uint32_t stop_timeout_ms;
	/* Source of call IDs and echo identifiers; NULL: OpenSSL RAND. */
	void (*random)(void *arg, void *buf, size_t len);
	void *random_arg;
};

/* Fill cfg with the defaults (see pptp.c); then set what differs. */
void pptp_config_defaults(struct pptp_config *cfg);

enum pptp_action_type {
	PPTP_ACT_SEND,
	PPTP_ACT_CALL_UP,
	PPTP_ACT_CALL_DOWN,
	PPTP_ACT_CLOSE,
	PPTP_ACT_LOG,
};

enum pptp_log_level {
	PPTP_LOG_ERR = 3,		/* the numbers of syslog and roam_log */
	PPTP_LOG_WARN = 4,
	PPTP_LOG_INFO = 6,
	PPTP_LOG_DEBUG = 7,
};

/* Why a call went down (CALL_DOWN) or a connection closed (CLOSE). */
enum pptp_why {
	PPTP_WHY_NONE,
	PPTP_WHY_PEER_CLEAR,		/* the client's Call-Clear-Request */
	PPTP_WHY_PEER_CDN,		/* the client sent a CDN itself */
	PPTP_WHY_HOST,			/* pptp_call_close() */
	PPTP_WHY_PEER_STOP,		/* the client's StopCCRQ */
	PPTP_WHY_STOP,			/* our StopCCRQ: pptp_conn_stop(), idle */
	PPTP_WHY_PEER_GONE,		/* TCP closed under us */
	PPTP_WHY_ECHO_TIMEOUT,		/* no Echo-Reply: the peer is dead */
	PPTP_WHY_PROTOCOL,		/* malformed input or a refused start */
	PPTP_WHY_IDLE,			/* no call for idle_ms */
};

struct pptp_action {
	enum pptp_action_type type;
	uint32_t conn;			/* the connection (every type) */
	/* CALL_UP, CALL_DOWN */
	uint16_t call_id;		/* ours: GRE key the client sends */
	uint16_t peer_call_id;		/* the client's: GRE key we send */
	uint16_t peer_rx_window;	/* CALL_UP: the client's window */
	uint16_t peer_proc_delay;	/* CALL_UP: 1/10 s */
	/* CALL_UP: the connection's two ends, where GRE flows */
	struct sockaddr_storage peer;
	struct sockaddr_storage local;
	/* CALL_DOWN, CLOSE */
	enum pptp_why why;
	enum pptp_log_level level;	/* LOG */
	const uint8_t *data;		/* SEND, LOG */
	size_t len;
	size_t data_off;		/* internal */
};

/* Filled by every call below; reuse one across calls. */
struct pptp_actions {
	struct pptp_action *v;
	size_t n;
	size_t cap;
	uint8_t *arena;
	size_t arena_used;
	size_t arena_cap;
	uint64_t next_timer_ms;		/* 0: no timer pending */
	bool enomem;			/* some action was lost */
};

void pptp_actions_init(struct pptp_actions *out);
void pptp_actions_free(struct pptp_actions *out);

struct pptp_stats {
	uint64_t conns;			/* now open (any state) */
	uint64_t tunnels;		/* now established */
	uint64_t calls;			/* now up */
	uint64_t rx_msgs;
	uint64_t tx_msgs;
	uint64_t rx_malformed;		/* connections cut for bad input */
	uint64_t rx_unexpected;		/* well formed, wrong state: ignored */
	uint64_t tunnels_refused;
	uint64_t calls_refused;
	uint64_t echo_timeouts;
	uint64_t wan_errors;		/* WAN-Error-Notify received */
	uint64_t set_link_info;		/* Set-Link-Info received */
};

struct pptp_ctx;

struct pptp_ctx *pptp_new(const struct pptp_config *cfg);
/*
 * New limits and timers for what comes next (connections and calls
 * already up keep theirs until their next timer); names are kept.
 */
void pptp_reconfigure(struct pptp_ctx *ctx, const struct pptp_config *cfg);
/* Free everything without sending anything (see pptp_shutdown). */
void pptp_free(struct pptp_ctx *ctx);

/*
 * A TCP connection was accepted.  Returns its ID (never 0), or 0 when
 * memory ran out (then close the socket).
 */
uint32_t pptp_conn_open(struct pptp_ctx *ctx, uint64_t now_ms,
			const struct sockaddr *peer, socklen_t peer_len,
			const struct sockaddr *local, socklen_t local_len,
			struct pptp_actions *out);
/* Bytes read from the connection, in any pieces.  -1: no such conn. */
int pptp_conn_input(struct pptp_ctx *ctx, uint64_t now_ms, uint32_t conn,
		    const uint8_t *data, size_t len,
		    struct pptp_actions *out);
/* The peer closed (EOF, reset): its calls go down, nothing is sent. */
int pptp_conn_closed(struct pptp_ctx *ctx, uint64_t now_ms, uint32_t conn,
		     struct pptp_actions *out);
/*
 * Stop a connection: CDN for each call, then StopCCRQ with reason (an
 * enum pptp_stop_reason); CLOSE follows the StopCCRP or a timeout.
 */
int pptp_conn_stop(struct pptp_ctx *ctx, uint64_t now_ms, uint32_t conn,
		   uint8_t reason, struct pptp_actions *out);

/*
 * Hang up one call (PPP ended, admin, policy): CDN with result (an enum
 * pptp_cdn_result) and cause, then CALL_DOWN.  -1: no such call.
 */
int pptp_call_close(struct pptp_ctx *ctx, uint64_t now_ms, uint16_t call_id,
		    uint8_t result, uint16_t cause, struct pptp_actions *out);

/* Run what is due at now_ms (idle, echo, stop timeouts). */
void pptp_timer(struct pptp_ctx *ctx, uint64_t now_ms,
		struct pptp_actions *out);
/* The earliest time pptp_timer() has work; 0: none. */
uint64_t pptp_deadline(const struct pptp_ctx *ctx);

/* Stop every connection (reason local shutdown): the daemon is leaving. */
void pptp_shutdown(struct pptp_ctx *ctx, uint64_t now_ms,
		   struct pptp_actions *out);

void pptp_get_stats(const struct pptp_ctx *ctx, struct pptp_stats *st);
const char *pptp_why_name(enum pptp_why why);

#endif /* ROAM_PPTP_H */
