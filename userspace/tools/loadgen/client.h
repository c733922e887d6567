/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One simulated remote-access client of roam-loadgen, as Windows dials
 * L2TP: one tunnel and one session of its own (SCCRQ, SCCCN, ICRQ, ICCN),
 * then PPP (LCP, MS-CHAPv2, IPCP), an ICMP echo to the gateway's PPP
 * address through the session, a hold, and a StopCCN.
 *
 * A state machine without I/O: datagrams come in through
 * lg_client_input(), time through lg_client_timer(), and every datagram
 * it wants sent goes out through the xmit callback it was given.  The
 * event loop (main.c) owns the sockets and the clock.
 */
#ifndef ROAM_LOADGEN_CLIENT_H
#define ROAM_LOADGEN_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l2tp/reliable.h"

/* Where a client is; the order is the order of a successful life. */
enum lg_phase {
	LG_PH_IDLE,		/* not started yet */
	LG_PH_IKE,		/* l2tp-ipsec: IKE and ESP first (main.c) */
	LG_PH_TUNNEL,		/* SCCRQ sent, waiting for SCCRP */
	LG_PH_CALL,		/* ICRQ sent, waiting for ICRP */
	LG_PH_LCP,		/* ICCN sent, LCP negotiating */
	LG_PH_AUTH,		/* LCP open, waiting for the MS-CHAPv2 verdict */
	LG_PH_IPCP,		/* authenticated, IPCP negotiating */
	LG_PH_TRAFFIC,		/* up: ICMP echo sent, waiting for the reply */
	LG_PH_HELD,		/* up and answered: held until told to stop */
	LG_PH_CLOSING,		/* StopCCN sent, waiting for its ack */
	LG_PH_DONE,		/* closed cleanly */
	LG_PH_FAILED,		/* see cause */
};

/* Why a client failed: the report counts each. */
enum lg_cause {
	LG_OK,
	LG_TIMEOUT_TUNNEL,	/* no SCCRP in time */
	LG_TIMEOUT_CALL,	/* no ICRP in time */
	LG_TIMEOUT_LCP,		/* LCP did not open in time */
	LG_TIMEOUT_AUTH,	/* no MS-CHAPv2 verdict in time */
	LG_TIMEOUT_IPCP,	/* IPCP did not open in time */
	LG_TIMEOUT_TRAFFIC,	/* the echo was never answered */
	LG_TIMEOUT_CLOSE,	/* the StopCCN was never acknowledged */
	LG_RTX_EXHAUSTED,	/* a control message was never acknowledged */
	LG_STOPCCN,		/* the server closed the tunnel */
	LG_CDN,			/* the server closed the call */
	LG_AUTH_REFUSED,	/* MS-CHAPv2 Failure (691 ...) */
	LG_AUTH_SERVER,		/* the server's authenticator response is wrong */
	LG_AUTH_UNSUPPORTED,	/* the server insists on another method */
	LG_LCP_TERMINATED,	/* the server sent an LCP Terminate-Request */
	LG_IPCP_REFUSED,	/* no address could be agreed */
	LG_TIMEOUT_IKE,		/* IKE unanswered, or not done in time */
	LG_IKE_REFUSED,		/* the server refused Main or Quick Mode */
	LG_IKE_DELETED,		/* the server deleted our IKE or ESP SA */
	LG_ESP_INSTALL,		/* our kernel refused the SAs or policies */
	LG_SEND_ERROR,		/* the socket refused a datagram */
	LG_INTERNAL,		/* out of memory, a message did not fit */
	LG_CAUSE_MAX,
};

const char *lg_cause_name(enum lg_cause c);
const char *lg_phase_name(enum lg_phase p);

struct lg_client_cfg {
	char user[64];
	char password[64];
	uint32_t phase_timeout_ms;	/* each setup phase, and the echo */
	uint32_t close_timeout_ms;	/* StopCCN to its ack */
	uint32_t hello_ms;		/* HELLO while held, this often (0: none) */
	uint16_t echo_id;		/* ICMP identifier, unique per client */
};

typedef void (*lg_xmit_fn)(void *arg, const uint8_t *buf, size_t len);

/* The PPP side (ppp_client.c). */
struct lg_ppp {
	uint32_t magic;			/* our LCP magic number */
	uint8_t next_id;		/* identifiers of our requests */
	uint8_t lcp_req_id;
	bool lcp_ours_acked, lcp_theirs_acked, lcp_req_magic;
	bool auth_ok;
	uint8_t auth_challenge[16];	/* the server's, from its Challenge */
	uint8_t peer_challenge[16];	/* ours, in our Response */
	uint8_t nt_response[24];
	uint8_t ipcp_req_id;
	bool ipcp_ours_acked, ipcp_theirs_acked;
	uint32_t addr;			/* ours, host order (0 until Nak'd) */
	uint32_t peer_addr;		/* the gateway's, from its IPCP request */
	uint64_t restart_at;		/* our request's retransmission, 0: none */
	uint16_t echo_seq;
	unsigned int echoes_sent;
};

struct lg_client {
	unsigned int index;
	struct lg_client_cfg cfg;
	lg_xmit_fn xmit;
	void *xmit_arg;

	enum lg_phase phase;
	enum lg_cause cause;
	enum lg_phase failed_in;	/* the phase it was in when it failed */
	char detail[96];		/* what the server said, for the log */
	uint64_t phase_deadline;	/* 0: none */
	uint64_t hello_at;		/* next HELLO while held, 0: none */
	uint64_t t_start, t_up, t_answered, t_close, t_done;

	/* L2TP (lac.c) */
	struct l2tp_reliable rl;
	uint16_t tid, sid;		/* ours */
	uint16_t lns_tid, lns_sid;	/* the server's */
	bool send_failed;

	struct lg_ppp ppp;

	/* counters of what came in */
	unsigned int malformed;		/* datagrams or frames dropped */
	unsigned int rx_closing;	/* datagrams while the StopCCN was out */
	unsigned int echo_answered;
};

void lg_client_init(struct lg_client *c, unsigned int index,
		    const struct lg_client_cfg *cfg, lg_xmit_fn xmit,
		    void *arg);
void lg_client_release(struct lg_client *c);

/* Send the SCCRQ: the client's life begins. */
void lg_client_start(struct lg_client *c, uint64_t now);
/* One datagram from the server, with its length as received. */
void lg_client_input(struct lg_client *c, uint64_t now, const uint8_t *buf,
		     size_t len);
/* Retransmissions, acks and phase timeouts due at now. */
void lg_client_timer(struct lg_client *c, uint64_t now);
/* The earliest time lg_client_timer() has work, 0 if none. */
uint64_t lg_client_deadline(const struct lg_client *c);
/* Close: a StopCCN (if the tunnel is up), then DONE once acknowledged. */
void lg_client_stop(struct lg_client *c, uint64_t now);

/* Settled: nothing more will happen until the next call of _stop. */
static inline bool lg_client_settled(const struct lg_client *c)
{
	return c->phase == LG_PH_HELD || c->phase == LG_PH_DONE ||
	       c->phase == LG_PH_FAILED;
}

static inline bool lg_client_finished(const struct lg_client *c)
{
	return c->phase == LG_PH_DONE || c->phase == LG_PH_FAILED;
}

/* Random bytes (magic numbers, our MS-CHAPv2 challenge): the caller's. */
void lg_random(void *buf, size_t len);

/* Internal: between lac.c and ppp_client.c. */
void lg_fail(struct lg_client *c, uint64_t now, enum lg_cause cause,
	     const char *detail);
void lg_enter(struct lg_client *c, uint64_t now, enum lg_phase phase);
/* Send one PPP frame (protocol field onwards) in the session. */
void lg_send_ppp(struct lg_client *c, const uint8_t *frame, size_t len);
void lg_ppp_start(struct lg_client *c, uint64_t now);
void lg_ppp_input(struct lg_client *c, uint64_t now, const uint8_t *frame,
		  size_t len);
void lg_ppp_timer(struct lg_client *c, uint64_t now);

#endif /* ROAM_LOADGEN_CLIENT_H */
