/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state shared by the PPTP files (not part of the public API): the
 * connection and call tables, the timer heap, counters, and the action
 * list of the call in progress.
 *
 * Lifetime: a connection that ends during a public call (refused start,
 * bad input, timeout) is unhashed at once and put on the graveyard; it is
 * freed when the public call returns, because the message being handled
 * may still point into its stream buffer.  Calls belong to one
 * connection and are freed with it or when they end.
 */
#ifndef ROAM_PPTP_CTX_H
#define ROAM_PPTP_CTX_H

#include "timerq.h"
#include "msg.h"
#include "pptp.h"
#include "stream.h"

#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif

enum pptp_conn_state {
	PPTP_CONN_WAIT_SCCRQ,		/* accepted, nothing heard yet */
	PPTP_CONN_ESTABLISHED,		/* SCCRP sent */
	PPTP_CONN_STOPPING,		/* our StopCCRQ awaits its reply */
	PPTP_CONN_DEAD,			/* on the graveyard */
};

struct pptp_conn;

struct pptp_call {
	uint16_t id;			/* ours, unique in the engine */
	uint16_t peer_id;
	uint16_t peer_rx_window;
	uint16_t peer_proc_delay;
	struct pptp_conn *conn;
	struct pptp_call *conn_next;	/* the connection's list */
	struct pptp_call *hash_next;	/* ctx->calls bucket */
};

struct pptp_conn {
	uint32_t id;
	enum pptp_conn_state state;
	struct sockaddr_storage peer;
	struct sockaddr_storage local;
	char peer_str[64];		/* "192.0.2.1:50123" for logs */
	struct pptp_stream stream;
	struct pptp_call *calls;
	uint32_t ncalls;
	uint64_t opened_at;
	uint64_t last_rx;		/* of a whole message */
	uint64_t idle_since;		/* no call since then */
	bool echo_outstanding;
	uint32_t echo_id;
	uint64_t echo_sent;
	uint64_t stop_deadline;		/* STOPPING */
	enum pptp_why stop_why;		/* STOPPING: for the CLOSE */
	struct timerq_entry timer;
	struct pptp_conn *hash_next;	/* ctx->conns bucket, or graveyard */
};

#define PPTP_CONN_BUCKETS	256
#define PPTP_CALL_BUCKETS	1024

struct pptp_ctx {
	struct pptp_config cfg;
	char host_name[PPTP_NAME_LEN + 1];
	char vendor_name[PPTP_NAME_LEN + 1];
	struct pptp_conn *conns[PPTP_CONN_BUCKETS];	/* by id */
	struct pptp_call *calls[PPTP_CALL_BUCKETS];	/* by our call id */
	uint32_t next_conn_id;
	uint32_t ntunnels;		/* established connections */
	uint32_t ncalls;
	struct timerq timers;
	struct pptp_conn *graveyard;
	struct pptp_stats stats;
	/* Set for the duration of each public call. */
	struct pptp_actions *out;
	uint64_t now;
};

/* actions.c */
void pptp_out_begin(struct pptp_ctx *ctx, struct pptp_actions *out,
		    uint64_t now);
void pptp_out_end(struct pptp_ctx *ctx);
struct pptp_action *pptp_out_push(struct pptp_ctx *ctx,
				  enum pptp_action_type type,
				  const void *data, size_t len);
__printf(3, 4)
void pptp_log(struct pptp_ctx *ctx, enum pptp_log_level level,
	      const char *fmt, ...);
/* Build m and queue it for c; counts it. */
void pptp_send(struct pptp_ctx *ctx, struct pptp_conn *c,
	       const struct pptp_msg *m);
void pptp_addr_str(const struct sockaddr_storage *ss, char *buf,
		   size_t cap);

/* pptp.c */
void pptp_random(struct pptp_ctx *ctx, void *buf, size_t len);
struct pptp_conn *pptp_conn_by_id(struct pptp_ctx *ctx, uint32_t id);
/* Unhash c, emit CLOSE (when close_action), queue it for freeing. */
void pptp_conn_bury(struct pptp_ctx *ctx, struct pptp_conn *c,
		    enum pptp_why why, bool close_action);
/* Work out c's next deadline and queue it. */
void pptp_conn_rearm(struct pptp_ctx *ctx, struct pptp_conn *c);

/* ctrl.c: one whole message on a connection, and its timers */
void pptp_ctrl_input(struct pptp_ctx *ctx, struct pptp_conn *c,
		     const uint8_t *buf, size_t len);
void pptp_ctrl_timer(struct pptp_ctx *ctx, struct pptp_conn *c);
uint64_t pptp_ctrl_deadline(const struct pptp_ctx *ctx,
			    const struct pptp_conn *c);
void pptp_ctrl_stop(struct pptp_ctx *ctx, struct pptp_conn *c,
		    uint8_t reason, enum pptp_why why);

/* call.c */
struct pptp_call *pptp_call_by_id(struct pptp_ctx *ctx, uint16_t id);
void pptp_call_ocrq(struct pptp_ctx *ctx, struct pptp_conn *c,
		    const struct pptp_msg *m);
void pptp_call_icrq(struct pptp_ctx *ctx, struct pptp_conn *c,
		    const struct pptp_msg *m);
void pptp_call_ccrq(struct pptp_ctx *ctx, struct pptp_conn *c,
		    const struct pptp_msg *m);
void pptp_call_cdn(struct pptp_ctx *ctx, struct pptp_conn *c,
		   const struct pptp_msg *m);
void pptp_call_sli(struct pptp_ctx *ctx, struct pptp_conn *c,
		   const struct pptp_msg *m);
void pptp_call_wen(struct pptp_ctx *ctx, struct pptp_conn *c,
		   const struct pptp_msg *m);
/* End one call: CDN (when result != 0), then CALL_DOWN. */
void pptp_call_end(struct pptp_ctx *ctx, struct pptp_call *call,
		   enum pptp_why why, uint8_t result, uint16_t cause);
/* End every call of c the same way. */
void pptp_call_end_all(struct pptp_ctx *ctx, struct pptp_conn *c,
		       enum pptp_why why, uint8_t result, uint16_t cause);

#endif /* ROAM_PPTP_CTX_H */
