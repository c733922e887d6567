/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside a PPP session: the state of each layer and how the layers call
 * each other.  Only the files in ppp/ (and white-box tests) include
 * this; the event loop uses session.h.
 *
 * Control flows one way: session.c routes frames and timers to the layers;
 * the layers report back through the ppp_session_*() hooks declared at the
 * end, and session.c decides what the phase change means.
 */
#ifndef ROAM_PPP_LAYER_H
#define ROAM_PPP_LAYER_H

#include "auth.h"
#include "fsm.h"
#include "session.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#ifndef __printf
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#endif

/* ---- LCP (lcp.c) ---------------------------------------------------- */

/* Reasons LCP gives ppp_fsm_fail(). */
enum {
	LCP_FAIL_AUTH_REFUSED = 1,
	LCP_FAIL_LOOPBACK,
};

struct ppp_lcp {
	/* Our wishes for the next Configure-Request. */
	int auth_idx;			/* into cfg.auth, -1: no auth */
	unsigned int auth_tried;	/* bit per cfg.auth index */
	uint32_t magic;			/* 0: leave the option out */
	uint16_t mru;			/* 0: leave the option out */
	/* The peer's options as last acknowledged (its flags below). */
	uint16_t peer_mru;
	uint32_t peer_magic;
	unsigned int loops;		/* our magic seen coming back */
	/* Keepalive. */
	uint64_t echo_deadline;
	unsigned int echo_missed;
	uint8_t echo_id;
	/* here, not with the peer's options: no holes (40 bytes, not 48) */
	bool peer_pfc, peer_acfc;
};

extern const struct ppp_fsm_ops ppp_lcp_ops;
void ppp_lcp_init(struct ppp_session *s);
enum ppp_auth_method ppp_lcp_auth_method(const struct ppp_session *s);
void ppp_lcp_echo_timer(struct ppp_session *s, uint64_t now,
			struct ppp_out *out);
/* RFC 1661 5.7; only sent while LCP is Opened. */
void ppp_lcp_protocol_reject(struct ppp_session *s, uint16_t proto,
			     const uint8_t *info, size_t len,
			     struct ppp_out *out);

/* ---- authentication (auth.c, pap.c, chap.c) -------------------------- */

enum ppp_auth_state {
	PPP_AUTH_IDLE,
	PPP_AUTH_WAIT,		/* challenge sent / waiting for PAP */
	PPP_AUTH_CHECKING,	/* verify returned PENDING */
	PPP_AUTH_DONE_OK,
	PPP_AUTH_DONE_FAIL,
};

/*
 * Our Success/Failure/Ack/Nak, kept to answer a retransmitted response;
 * built in a buffer of this size, kept at its own size.
 */
#define PPP_AUTH_REPLY_MAX	160

struct ppp_auth {
	enum ppp_auth_method method;
	enum ppp_auth_state state;
	uint8_t id;			/* of our challenge / their request */
	uint8_t challenge[16];
	uint8_t challenge_len;
	unsigned int tries;		/* challenges sent */
	uint64_t retry_at;		/* next challenge retransmission */
	uint64_t give_up_at;		/* end of the authentication phase */
	uint32_t seq;			/* of the verify call in flight */
	/*
	 * The name the client gave, allocated to its size ("" shared while
	 * there is none), and our verdict packet (NULL: none): a session
	 * keeps neither at the largest size the protocol allows.
	 */
	char *user;
	uint16_t reply_proto;
	uint16_t reply_len;
	uint8_t *reply;
	unsigned int error;		/* Windows error of a failure */
	bool have_keys;
	uint8_t mppe_send[16], mppe_recv[16];
};

void ppp_auth_begin(struct ppp_session *s, uint64_t now, struct ppp_out *out);
void ppp_auth_stop(struct ppp_session *s);
void ppp_auth_input(struct ppp_session *s, uint16_t proto, const uint8_t *pkt,
		    size_t len, uint64_t now, struct ppp_out *out);
void ppp_auth_timer(struct ppp_session *s, uint64_t now, struct ppp_out *out);
uint64_t ppp_auth_deadline(const struct ppp_session *s);
/* pap.c / chap.c: a complete response arrived; ask the verifier. */
void ppp_auth_submit(struct ppp_session *s, struct ppp_auth_request *req,
		     uint64_t now, struct ppp_out *out);
/* Fail a response that cannot be right, without asking the verifier. */
void ppp_auth_refuse(struct ppp_session *s, const char *user, size_t len,
		     uint64_t now, struct ppp_out *out);
void ppp_auth_verdict(struct ppp_session *s, enum ppp_verdict v,
		      const struct ppp_auth_result *res, uint64_t now,
		      struct ppp_out *out);
/* Send the stored verdict packet again. */
void ppp_auth_resend(struct ppp_session *s, struct ppp_out *out);
/*
 * Send our verdict packet (proto, pkt of len octets) and keep a copy to
 * answer a retransmitted request with; without memory it is sent, not
 * kept.
 */
void ppp_auth_reply(struct ppp_session *s, uint16_t proto, const uint8_t *pkt,
		    size_t len, struct ppp_out *out);
/* The name and the verdict packet set free (a new phase, or the end). */
void ppp_auth_forget(struct ppp_auth *a);
/* The shared "" of a name not given. */
extern char ppp_auth_no_user[];

void ppp_pap_input(struct ppp_session *s, const uint8_t *pkt, size_t len,
		   uint64_t now, struct ppp_out *out);
void ppp_pap_verdict(struct ppp_session *s, bool ok,
		     const struct ppp_auth_result *res, struct ppp_out *out);

void ppp_chap_challenge(struct ppp_session *s, struct ppp_out *out);
void ppp_chap_input(struct ppp_session *s, const uint8_t *pkt, size_t len,
		    uint64_t now, struct ppp_out *out);
/* Returns false if success cannot be sent (no MS-CHAPv2 authenticator). */
bool ppp_chap_verdict(struct ppp_session *s, bool ok,
		      const struct ppp_auth_result *res, struct ppp_out *out);

/* ---- network control protocols (ipcp.c, ipv6cp.c, ccp.c) ------------ */

enum {
	IPCP_FAIL_NO_ADDRESS = 1,
};

struct ppp_ipcp {
	uint32_t local;			/* requested for us; 0: none */
	bool have_peer;			/* get_address was asked */
	uint32_t peer;			/* assigned to the client */
	uint32_t peer_acked;		/* what the client's Ack'd CR held */
};

struct ppp_ipv6cp {
	uint8_t local[8];
	uint8_t peer[8];
	bool local_rejected;
};

/* CCP with MPPE (ccp.c). */
/* largest fields first: no holes (32 bytes in every session, not 48) */
struct ppp_ccp {
	uint64_t deadline;		/* REQUIRED: CCP must open by then */
	uint32_t initial;		/* our first request's bits */
	uint32_t want;			/* our request's bits now */
	uint32_t peer;			/* bits of the client's request we Ack */
	unsigned int bad_offers;	/* unacceptable offers seen */
	uint32_t bits;			/* when up: both directions' bits */
	bool active;			/* MPPE is negotiated this session */
	bool up;			/* CCP Opened with MPPE */
	bool ipv4_held, ipv6_held;	/* NCP up, reported when MPPE is */
};

/* Authentication is over: decide whether MPPE is possible (ccp.c). */
void ppp_ccp_begin(struct ppp_session *s, uint64_t now);
/* MPPE is required and not up yet: NCPs may not report up. */
bool ppp_ccp_holds(const struct ppp_session *s);
void ppp_ccp_timer(struct ppp_session *s, uint64_t now);

extern const struct ppp_fsm_ops ppp_ipcp_ops;
extern const struct ppp_fsm_ops ppp_ipv6cp_ops;
extern const struct ppp_fsm_ops ppp_ccp_ops;

/* ---- the session itself (session.c) ---------------------------------- */

struct ppp_session {
	struct ppp_config cfg;
	const struct ppp_session_ops *ops;
	void *ctx;
	enum ppp_phase phase;
	bool finished;			/* PPP_EV_FINISHED was reported */
	bool close_pending;		/* ppp_session_fail() was called */
	bool ipv4_up, ipv6_up;
	struct ppp_fsm lcp, ipcp, ipv6cp, ccp;
	struct ppp_lcp lcps;
	struct ppp_auth auth;
	struct ppp_ipcp ipcps;
	struct ppp_ipv6cp ipv6cps;
	/* here, not with the flags above: in ipv6cps's padding */
	bool lcp_leaving;		/* inside ppp_session_lcp_down() */
	struct ppp_session_stats stats;
	struct ppp_ccp ccps;
	struct ppp_down down;
	/* down.text when it is not allocated: a static string */
	const char *down_text_none;
};

static inline struct ppp_session *fsm_session(struct ppp_fsm *f)
{
	return f->priv;
}

void ppp_random(struct ppp_session *s, void *buf, size_t len);
/* The first cause of death wins; LCP is then closed. */
__printf(3, 4)
void ppp_session_fail(struct ppp_session *s, enum ppp_down_reason reason,
		      const char *fmt, ...);
void ppp_session_lcp_up(struct ppp_session *s, uint64_t now,
			struct ppp_out *out);
void ppp_session_lcp_down(struct ppp_session *s, uint64_t now,
			  struct ppp_out *out);
void ppp_session_lcp_finished(struct ppp_session *s, uint64_t now,
			      struct ppp_out *out);
void ppp_session_auth_finished(struct ppp_session *s, bool ok, uint64_t now,
			       struct ppp_out *out);
void ppp_session_ncp_up(struct ppp_session *s, struct ppp_fsm *f,
			struct ppp_out *out);
void ppp_session_ncp_down(struct ppp_session *s, struct ppp_fsm *f,
			  struct ppp_out *out);
void ppp_session_ncp_finished(struct ppp_session *s, struct ppp_fsm *f,
			      uint64_t now, struct ppp_out *out);
/* CCP opened with MPPE: report it, then the NCPs it held back. */
void ppp_session_mppe_up(struct ppp_session *s, struct ppp_out *out);
/* LCP got a Protocol-Reject naming proto. */
void ppp_session_proto_rejected(struct ppp_session *s, uint16_t proto,
				uint64_t now, struct ppp_out *out);

#endif /* ROAM_PPP_LAYER_H */
