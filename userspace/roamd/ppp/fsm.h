/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RFC 1661 option negotiation automaton, generic over a control
 * protocol (LCP, IPCP, IPV6CP, CCP).  Events in, actions out: every entry
 * point takes the time "now" (ms, monotonic) and a struct ppp_out that
 * collects the packets to send; the next timer deadline is read with
 * ppp_fsm_deadline().  No clock, socket or allocation inside.
 */
#ifndef ROAM_PPP_FSM_H
#define ROAM_PPP_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "frame.h"
#include "out.h"

#define PPP_NO_DEADLINE		UINT64_MAX

/* RFC 1661 section 4.6 defaults. */
#define PPP_RESTART_MS		3000
/* A request unanswered this long when the peer's own arrives was lost. */
#define PPP_EARLY_RESEND_MS	200
#define PPP_MAX_CONFIGURE	10
#define PPP_MAX_TERMINATE	2
#define PPP_MAX_FAILURE		5

enum ppp_fsm_state {
	PPP_INITIAL,
	PPP_STARTING,
	PPP_CLOSED,
	PPP_STOPPED,
	PPP_CLOSING,
	PPP_STOPPING,
	PPP_REQSENT,
	PPP_ACKRCVD,
	PPP_ACKSENT,
	PPP_OPENED,
};

/* Why an automaton left Opened or gave up; the session maps it to words. */
enum ppp_fsm_why {
	PPP_WHY_NONE,
	PPP_WHY_CLOSE,		/* we were told to close */
	PPP_WHY_LOWER_DOWN,	/* the link below went away */
	PPP_WHY_TIMEOUT,	/* no answer to Configure-Request (TO-) */
	PPP_WHY_PEER_TERM,	/* the peer sent Terminate-Request */
	PPP_WHY_REJECTED,	/* the peer rejected the protocol or a code */
	PPP_WHY_NO_CONVERGE,	/* Naks went round more than max-failure */
	PPP_WHY_FAILED,		/* the protocol gave up (see its own reason) */
};

struct ppp_fsm_conf {
	unsigned int restart_ms;
	unsigned int max_configure;
	unsigned int max_terminate;
	unsigned int max_failure;
	bool passive;		/* Open waits for the peer's first request */
};

/*
 * The verdict on one Configure-Request, written by the protocol's
 * check_request.  Any Reject wins; otherwise any Nak; otherwise Ack.
 */
struct ppp_cfg_reply {
	struct ppp_buf nak;	/* options with the values we want */
	struct ppp_buf rej;	/* the peer's options we refuse, verbatim */
	struct ppp_buf nak_orig;/* the peer's originals of the Nak'd ones */
	uint8_t nak_mem[PPP_CP_MAX];
	uint8_t rej_mem[PPP_CP_MAX];
	uint8_t orig_mem[PPP_CP_MAX];
};

struct ppp_opt;
/* Nak orig (NULL to ask for an option the peer left out) with our value. */
void ppp_cfg_nak(struct ppp_cfg_reply *r, const struct ppp_opt *orig,
		 uint8_t type, const void *val, size_t len);
void ppp_cfg_reject(struct ppp_cfg_reply *r, const struct ppp_opt *orig);

struct ppp_fsm;

struct ppp_fsm_ops {
	const char *name;
	uint16_t proto;
	/* Negotiation (re)starts: go back to the configured wishes. */
	void (*reset)(struct ppp_fsm *f);
	/* Write our Configure-Request options. */
	void (*add_request)(struct ppp_fsm *f, struct ppp_buf *b);
	/* Judge the peer's options (already checked to be well formed). */
	void (*check_request)(struct ppp_fsm *f, const uint8_t *opts,
			      size_t len, struct ppp_cfg_reply *r);
	/* The peer Nak'd or Rejected some of ours: adjust our wishes. */
	void (*got_nak)(struct ppp_fsm *f, const uint8_t *opts, size_t len);
	void (*got_reject)(struct ppp_fsm *f, const uint8_t *opts,
			   size_t len);
	/* This-Layer-Up/Down/Started/Finished (RFC 1661 4.4). */
	void (*up)(struct ppp_fsm *f, uint64_t now, struct ppp_out *out);
	void (*down)(struct ppp_fsm *f, uint64_t now, struct ppp_out *out);
	void (*started)(struct ppp_fsm *f, uint64_t now, struct ppp_out *out);
	void (*finished)(struct ppp_fsm *f, uint64_t now,
			 struct ppp_out *out);
	/*
	 * Codes beyond Code-Reject (LCP echo, Protocol-Reject ...).  Return
	 * false for a code the protocol does not know: it is Code-Rejected.
	 * Optional.
	 */
	bool (*other_code)(struct ppp_fsm *f, const struct ppp_cp *p,
			   uint64_t now, struct ppp_out *out);
	/* The peer Code-Rejected one of our optional codes (RXJ+). */
	void (*code_rejected)(struct ppp_fsm *f, uint8_t code);
};

/* The longest Configure-Request we send; ours are all short. */
#define PPP_FSM_REQ_MAX	64

/*
 * The fields go largest first (no holes: 104 bytes, not 112, four times
 * in every PPP session).
 */
struct ppp_fsm {
	const struct ppp_fsm_ops *ops;
	void *priv;			/* the protocol's own state */
	/*
	 * The options of our last request (req_len bytes), allocated to
	 * their size while they are needed: from the request until the
	 * automaton opens (the Ack must repeat them; CCP reads what was
	 * Ack'd when it opens).  NULL otherwise: an open automaton keeps no
	 * request, a new one is built from the protocol's wishes (scr).
	 */
	uint8_t *req;
	uint64_t req_sent_at;		/* when our last request went out */
	uint64_t deadline;
	struct ppp_fsm_conf conf;
	enum ppp_fsm_state state;
	enum ppp_fsm_why why;		/* last reason for going down */
	unsigned int fail_reason;	/* protocol's detail for WHY_FAILED */
	unsigned int restart_count;
	unsigned int naks_sent;		/* Naks since our last Ack */
	unsigned int naks_rcvd;		/* Naks+Rejects since Opened */
	/* Counters for "roam session show -s". */
	unsigned int rx_bad;		/* malformed, discarded */
	unsigned int rx_stale;		/* replies to an old request */
	uint16_t tx_max;		/* peer's MRU: cap on what we send */
	uint8_t next_id;
	uint8_t req_id;			/* identifier of our last request */
	uint8_t req_len;		/* req's length */
	bool req_outstanding;		/* a reply to req_id is awaited */
	bool fail_pending;		/* protocol asked to give up */
	bool resent_early;		/* see rcr(): once a negotiation */
	bool peer_closed;		/* see rta(): our request not taken */
};

void ppp_fsm_init(struct ppp_fsm *f, const struct ppp_fsm_ops *ops,
		  void *priv, const struct ppp_fsm_conf *conf);
/* Free what the automaton holds (its last request); before freeing it. */
void ppp_fsm_release(struct ppp_fsm *f);

/* Administrative and lower-layer events. */
void ppp_fsm_up(struct ppp_fsm *f, uint64_t now, struct ppp_out *out);
void ppp_fsm_down(struct ppp_fsm *f, uint64_t now, struct ppp_out *out);
void ppp_fsm_open(struct ppp_fsm *f, uint64_t now, struct ppp_out *out);
void ppp_fsm_close(struct ppp_fsm *f, enum ppp_fsm_why why, uint64_t now,
		   struct ppp_out *out);

/* A control packet of this protocol (the frame's payload). */
void ppp_fsm_input(struct ppp_fsm *f, const uint8_t *pkt, size_t len,
		   uint64_t now, struct ppp_out *out);
/* Call when now >= ppp_fsm_deadline(f). */
void ppp_fsm_timeout(struct ppp_fsm *f, uint64_t now, struct ppp_out *out);
/* LCP got a Protocol-Reject for this protocol: RXJ- (RFC 1661 5.7). */
void ppp_fsm_proto_rejected(struct ppp_fsm *f, uint64_t now,
			    struct ppp_out *out);

/*
 * For the protocol's callbacks: give up on negotiation (the automaton
 * closes once the callback returns), with a protocol-specific reason.
 */
void ppp_fsm_fail(struct ppp_fsm *f, unsigned int reason);
/* Send a packet of this protocol with the next free identifier. */
uint8_t ppp_fsm_new_id(struct ppp_fsm *f);

static inline uint64_t ppp_fsm_deadline(const struct ppp_fsm *f)
{
	return f->deadline;
}

static inline bool ppp_fsm_is_opened(const struct ppp_fsm *f)
{
	return f->state == PPP_OPENED;
}

const char *ppp_fsm_state_name(enum ppp_fsm_state s);
const char *ppp_fsm_why_name(enum ppp_fsm_why why);

#endif /* ROAM_PPP_FSM_H */
