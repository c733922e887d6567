/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scripted PPP client for the session tests: it sends what a Windows
 * client would, reads what the server sent, and plays the event loop
 * (time, the user database, the address pool, randomness).
 */
#ifndef ROAM_TEST_PPP_PEER_H
#define ROAM_TEST_PPP_PEER_H

#include "ppp/frame.h"
#include "ppp/session.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

struct tpeer {
	struct ppp_session *s;
	struct ppp_config cfg;
	struct ppp_out out;
	uint64_t now;
	/* user database and pool */
	bool async;			/* verify answers PENDING */
	uint32_t pending_seq;
	unsigned int verifies;
	bool pool_empty;
	uint32_t pool_next;
	/* randomness: 16-octet requests take chal16 if set, 8 chal8 */
	const uint8_t *chal16;
	const uint8_t *chal8;
	uint8_t counter;
	/* the server's latest LCP request, and its magic number */
	uint8_t lcp_req[64];
	size_t lcp_req_len;
	uint8_t lcp_req_id;
	uint32_t server_magic;
};

extern struct tpeer ppp_tp;

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

/* cfg as the seeds configure it, with auth methods given. */
void tp_setup(enum ppp_auth_method m1, enum ppp_auth_method m2);
/* Create the session from ppp_tp.cfg and start it. */
void tp_start(void);
/* The session from ppp_tp.cfg resumed in Opened (NULL when refused). */
void tp_resume(const struct ppp_resume *r);
void tp_free(void);

/* The client sends a frame / a control packet. */
void tp_send_frame(const uint8_t *f, size_t len);
void tp_send(uint16_t proto, uint8_t code, uint8_t id, const void *data,
	     size_t len);
void tp_advance(uint64_t ms);
void tp_auth_done(enum ppp_verdict v, const struct ppp_auth_result *res);

/* Did the server send proto/code in the last call?  n-th match (0-based). */
bool tp_sent(uint16_t proto, uint8_t code, struct ppp_cp *p);
bool tp_sent_nth(uint16_t proto, uint8_t code, unsigned int n,
		 struct ppp_cp *p);
unsigned int tp_count(uint16_t proto);
bool tp_event(enum ppp_event ev);

/*
 * Negotiate LCP to Opened; returns with the server's first auth packet
 * (if any) in ppp_tp.out.
 */
void tp_open_lcp(void);
/* From LCP open: answer the CHAP challenge in ppp_tp.out with the password. */
void tp_chap_md5(const char *user, const char *password);
/* Negotiate IPCP, taking whatever the server Naks; true when up. */
bool tp_open_ipcp(uint32_t *addr);

/* A 4-octet option helper. */
size_t tp_opt32(uint8_t *p, uint8_t type, uint32_t v);

#endif /* ROAM_TEST_PPP_PEER_H */
