/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One PPP session as the event loop sees it: LCP, then authentication,
 * then IPCP/IPV6CP, and CCP with MPPE for PPTP.
 *
 * The session never touches a clock, a socket or a file.  Each entry
 * point takes "now" (ms, monotonic) and a struct ppp_out to fill; the
 * caller then sends out's frames, acts on its events in order, and arms
 * a timer for ppp_session_deadline().  After PPP_EV_FINISHED the caller
 * sends the frames (a Terminate-Ack, say), tears the call down and frees
 * the session; ppp_session_down() says why, in the words a Windows user
 * would see.
 *
 *	struct ppp_out out;
 *
 *	ppp_out_reset(&out);
 *	ppp_session_input(s, frame, len, now_ms(), &out);
 *	for (i = 0; i < out.nframes; i++)
 *		send(ppp_out_frame(&out, i, &n), n);
 *	for (i = 0; i < out.nevents; i++)
 *		handle(out.event[i]);
 *	timer_arm(ppp_session_deadline(s));
 */
#ifndef ROAM_PPP_SESSION_H
#define ROAM_PPP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "out.h"

/*
 * MPPE (RFC 3078; option 18 of CCP, RFC 3079 for the keys): the bits of
 * the option's Supported Bits field.  MPPC compression (C) is never
 * accepted.  MPPE is weak (RC4, keys from MS-CHAP) but is what the
 * Windows PPTP client speaks.
 */
#define PPP_MPPE_H	0x01000000	/* stateless: rekey every packet */
#define PPP_MPPE_M	0x00000080	/* 56-bit */
#define PPP_MPPE_S	0x00000040	/* 128-bit */
#define PPP_MPPE_L	0x00000020	/* 40-bit */
#define PPP_MPPE_C	0x00000001	/* MPPC compression */
#define PPP_MPPE_STRENGTHS	(PPP_MPPE_L | PPP_MPPE_M | PPP_MPPE_S)

enum ppp_mppe_policy {
	PPP_MPPE_OFF,		/* CCP rejects everything (L2TP) */
	PPP_MPPE_OPTIONAL,	/* offered and taken when the client wants */
	PPP_MPPE_REQUIRED,	/* no encryption, no link: Windows error 742 */
};

struct ppp_mppe_config {
	enum ppp_mppe_policy policy;
	uint32_t strengths;		/* allowed: PPP_MPPE_L, _M, _S */
	bool stateless_only;		/* "Require Stateless" */
	bool stateful_only;		/* never stateless: a lossless path */
	/* REQUIRED: CCP must open this long after authentication. */
	unsigned int ccp_timeout_ms;
};

struct ppp_config {
	/*
	 * Our CHAP name (at most PPP_CHAP_NAME_MAX characters are sent),
	 * not copied: a string that outlives the sessions, such as
	 * roamd's "roam".  NULL: none.
	 */
	const char *name;
	/* Our MRU; 0 or 1500 leaves the option out (1500 is the default). */
	uint16_t mru;
	/*
	 * Methods to ask the client for, best first; PPP_AUTH_NONE ends
	 * the list, an empty list means no authentication.
	 */
	enum ppp_auth_method auth[PPP_AUTH_MAX_METHODS];
	unsigned int echo_interval;	/* LCP echo every N s; 0: none */
	unsigned int echo_failures;	/* unanswered echoes: peer is dead */
	unsigned int restart_ms;	/* RFC 1661 restart timer */
	unsigned int max_configure;
	unsigned int max_terminate;
	unsigned int max_failure;
	unsigned int auth_timeout_ms;	/* whole authentication phase */
	uint32_t local_ip;		/* ours, host byte order; 0: none */
	uint32_t dns[2];		/* 0: refuse the option (Reject) */
	uint32_t wins[2];
	bool ipv6;			/* run IPV6CP, else Protocol-Reject */
	struct ppp_mppe_config mppe;	/* defaults: off, 40 and 128 bits */
};

#define PPP_CHAP_NAME_MAX	63

/* RFC defaults, echo every 30 s with 3 misses, CHAP-MD5 only. */
void ppp_config_defaults(struct ppp_config *c);

struct ppp_session_ops {
	/*
	 * Check a response.  Return OK or FAIL with res filled, or PENDING
	 * and answer later with ppp_session_auth_done(req->seq, ...).
	 */
	enum ppp_verdict (*verify)(void *ctx,
				   const struct ppp_auth_request *req,
				   struct ppp_auth_result *res);
	/*
	 * An IPv4 address (host order) for this user; requested is what
	 * the client asked for (0: anything), for policies that honour it.
	 * Return 0, or -1 when none is available (pool exhausted).  Called
	 * once per session, when IPCP first needs it; the caller releases
	 * the address after PPP_EV_FINISHED.
	 */
	int (*get_address)(void *ctx, const char *user, uint32_t requested,
			   uint32_t *addr);
	/*
	 * Random octets for challenges and magic numbers.  Optional: the
	 * default is OpenSSL's RAND_bytes().
	 */
	void (*random)(void *ctx, void *buf, size_t len);
};

enum ppp_phase {
	PPP_PHASE_DEAD,
	PPP_PHASE_ESTABLISH,
	PPP_PHASE_AUTHENTICATE,
	PPP_PHASE_NETWORK,
	PPP_PHASE_TERMINATE,
};

enum ppp_down_reason {
	PPP_DOWN_NONE,
	PPP_DOWN_ADMIN,		/* closed here (roam session del ...) */
	PPP_DOWN_LOWER,		/* the tunnel went away under PPP */
	PPP_DOWN_PEER,		/* the client hung up */
	PPP_DOWN_LCP_TIMEOUT,	/* no answer to LCP Configure-Request */
	PPP_DOWN_LCP_FAILED,	/* LCP options never agreed / rejected */
	PPP_DOWN_LOOPBACK,	/* our own magic number came back */
	PPP_DOWN_AUTH_REFUSED,	/* client would not use an allowed method */
	PPP_DOWN_AUTH_FAILED,	/* wrong user name or password */
	PPP_DOWN_AUTH_TIMEOUT,	/* no response to the challenge */
	PPP_DOWN_NO_ADDRESS,	/* no IPv4 address to give */
	PPP_DOWN_NO_NCP,	/* IPCP (and IPV6CP) could not open */
	PPP_DOWN_ECHO_TIMEOUT,	/* LCP echo unanswered: client is gone */
	PPP_DOWN_NO_ENCRYPTION,	/* MPPE required, not agreed (742) */
};

struct ppp_down {
	enum ppp_down_reason reason;
	/*
	 * What the Windows client shows (691, 718, 733, 734 ...), 0 if the
	 * client is gone or shows no number.
	 */
	unsigned int windows_error;
	const char *text;		/* "" while alive */
};
/* The longest text of a ppp_down, its NUL included. */
#define PPP_DOWN_TEXT_MAX	192

struct ppp_session_info {
	enum ppp_phase phase;
	enum ppp_auth_method method;	/* negotiated in LCP */
	bool authenticated;
	char user[PPP_NAME_MAX + 1];
	uint16_t peer_mru;		/* the most we may send */
	uint32_t our_magic, peer_magic;
	bool peer_pfc, peer_acfc;
	bool ipv4_up;
	uint32_t local_ip, peer_ip;	/* host byte order */
	bool ipv6_up;
	uint8_t local_ifid[8], peer_ifid[8];
	unsigned int mppe_bits;		/* 0: no MPPE; 40, 56 or 128 */
	bool mppe_stateless;
};

/*
 * MPPE as CCP settled it, for the kernel session: strength, mode and the
 * server's start keys (the first key_len octets count).  Secret: wipe
 * the copy after use and never log it.
 */
struct ppp_mppe_info {
	unsigned int bits;		/* 40, 56 or 128 */
	bool stateless;
	size_t key_len;			/* 8 (40/56-bit) or 16 (128-bit) */
	uint8_t send_key[16];		/* server to client */
	uint8_t recv_key[16];		/* client to server */
};

struct ppp_session_stats {
	unsigned int rx_frames;
	unsigned int rx_bad;		/* malformed frames and packets */
	unsigned int rx_unknown;	/* protocols we Protocol-Rejected */
	unsigned int rx_discarded;	/* valid but not expected now */
	enum ppp_err last_err;		/* the last codec error seen */
};

struct ppp_session;

struct ppp_session *ppp_session_new(const struct ppp_config *cfg,
				    const struct ppp_session_ops *ops,
				    void *ctx);
/* Wipes keys and frees; the session must not be used afterwards. */
void ppp_session_free(struct ppp_session *s);

/* The tunnel below is up: start LCP. */
void ppp_session_start(struct ppp_session *s, uint64_t now,
		       struct ppp_out *out);
/* A PPP frame from the client (ff 03 optional, protocol, payload). */
void ppp_session_input(struct ppp_session *s, const uint8_t *frame,
		       size_t len, uint64_t now, struct ppp_out *out);
/* Timers: call when now >= ppp_session_deadline(s). */
void ppp_session_timer(struct ppp_session *s, uint64_t now,
		       struct ppp_out *out);
/* The earliest time ppp_session_timer() has work; UINT64_MAX: none. */
uint64_t ppp_session_deadline(const struct ppp_session *s);
/* The answer to a PENDING verify; stale seq numbers are ignored. */
void ppp_session_auth_done(struct ppp_session *s, uint32_t seq,
			   enum ppp_verdict verdict,
			   const struct ppp_auth_result *res, uint64_t now,
			   struct ppp_out *out);
/* Close from our side: Terminate-Request, PPP_EV_FINISHED later. */
void ppp_session_close(struct ppp_session *s, uint64_t now,
		       struct ppp_out *out);
/* The tunnel is gone: PPP_EV_FINISHED now, nothing sent. */
void ppp_session_lower_down(struct ppp_session *s, uint64_t now,
			    struct ppp_out *out);

/*
 * The DNS and WINS servers IPCP gives (host order; NULL: unchanged), as
 * the user's policy says once it is known: IPCP reads them when it
 * negotiates, after authentication.
 */
void ppp_session_set_servers(struct ppp_session *s, const uint32_t dns[2],
			     const uint32_t wins[2]);
void ppp_session_get_info(const struct ppp_session *s,
			  struct ppp_session_info *info);

/*
 * resume.c: what a session negotiated, as a restarted roamd saved it
 * (restart/state.h), to go on with it without the client noticing.
 */
struct ppp_resume {
	enum ppp_auth_method method;	/* the authentication done */
	char user[PPP_NAME_MAX + 1];
	uint16_t peer_mru;
	uint32_t our_magic, peer_magic;
	bool peer_pfc, peer_acfc;
	uint32_t local_ip, peer_ip;	/* host byte order */
};
/*
 * A session in phase Network with LCP and IPCP Opened on r's values and
 * the authentication done (no AUTH_OK or IPV4_UP event: the caller's
 * session is up already); LCP echoes are answered at once and sent from
 * now + echo_interval.  IPv6 and CCP start Initial (L2TP only: MPPE must
 * be off).  NULL when r is out of shape or out of memory.
 */
struct ppp_session *ppp_session_resume(const struct ppp_config *cfg,
				       const struct ppp_session_ops *ops,
				       void *ctx, const struct ppp_resume *r,
				       uint64_t now);
const struct ppp_session_stats *ppp_session_stats(const struct ppp_session *s);
/* Why the session ended (reason PPP_DOWN_NONE while it is alive). */
const struct ppp_down *ppp_session_down(const struct ppp_session *s);
/* MPPE start keys from MS-CHAP, if the verifier gave them; 0 if so. */
int ppp_session_mppe_keys(const struct ppp_session *s, uint8_t send[16],
			  uint8_t recv[16]);

/*
 * The MPPE of the session once CCP opened with it (after
 * PPP_EV_MPPE_UP): 0 and info filled, or -1 while there is none.
 */
int ppp_session_mppe(const struct ppp_session *s, struct ppp_mppe_info *info);

const char *ppp_phase_name(enum ppp_phase p);
const char *ppp_down_reason_name(enum ppp_down_reason r);

#endif /* ROAM_PPP_SESSION_H */
