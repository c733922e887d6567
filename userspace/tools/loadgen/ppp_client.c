// SPDX-License-Identifier: GPL-2.0
/*
 * The PPP side of a simulated client, as a Windows client behaves: it
 * asks only for a magic number, accepts the server's LCP options as long
 * as authentication is MS-CHAPv2, answers the challenge and checks the
 * server's authenticator response, takes the address IPCP Naks it, and
 * answers LCP echoes.  Anything else (CCP, IPV6CP) is Protocol-Rejected.
 * Frames are read and written with roamd's PPP codec, the MS-CHAPv2
 * computations are roamd's (ppp/mschap.c).
 *
 * No restart counter: our requests are resent every second until the
 * phase times out, which is what a test of the server needs.
 */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "icmp.h"
#include "ppp/frame.h"
#include "ppp/mschap.h"

#define RESTART_MS		1000

#define LCP_ECHOREQ		9
#define LCP_ECHOREP		10
#define LCP_PROTREJ		8
#define LCP_OPT_AUTH		3
#define LCP_OPT_MAGIC		5
#define IPCP_OPT_ADDR		3

#define CHAP_CHALLENGE		1
#define CHAP_RESPONSE		2
#define CHAP_SUCCESS		3
#define CHAP_FAILURE		4
#define CHAP_MSCHAPV2		0x81
#define MSCHAPV2_VALUE_LEN	49

static void send_buf(struct lg_client *c, struct ppp_buf *b)
{
	if (!b->overflow)
		lg_send_ppp(c, b->data, b->len);
}

/* A control packet of proto: code, id and data as given. */
static void send_cp(struct lg_client *c, uint16_t proto, uint8_t code,
		    uint8_t id, const uint8_t *data, size_t dlen)
{
	uint8_t mem[PPP_FRAME_MAX];
	struct ppp_buf b;
	size_t start;

	ppp_buf_init(&b, mem, sizeof(mem));
	ppp_frame_begin(&b, proto);
	start = ppp_cp_begin(&b, code, id);
	ppp_put(&b, data, dlen);
	ppp_cp_end(&b, start);
	send_buf(c, &b);
}

static void send_lcp_req(struct lg_client *c, uint64_t now)
{
	uint8_t opt[6] = { LCP_OPT_MAGIC, 6 };
	struct lg_ppp *p = &c->ppp;

	opt[2] = p->magic >> 24;
	opt[3] = p->magic >> 16;
	opt[4] = p->magic >> 8;
	opt[5] = p->magic;
	p->lcp_req_id = p->next_id++;
	send_cp(c, PPP_LCP, PPP_CONFREQ, p->lcp_req_id, opt,
		p->lcp_req_magic ? sizeof(opt) : 0);
	p->restart_at = now + RESTART_MS;
}

static void send_ipcp_req(struct lg_client *c, uint64_t now)
{
	uint8_t opt[6] = { IPCP_OPT_ADDR, 6 };
	struct lg_ppp *p = &c->ppp;

	opt[2] = p->addr >> 24;
	opt[3] = p->addr >> 16;
	opt[4] = p->addr >> 8;
	opt[5] = p->addr;
	p->ipcp_req_id = p->next_id++;
	send_cp(c, PPP_IPCP, PPP_CONFREQ, p->ipcp_req_id, opt, sizeof(opt));
	p->restart_at = now + RESTART_MS;
}

static void send_echo(struct lg_client *c, uint64_t now)
{
	uint8_t mem[PPP_HDR_MAX + LG_ECHO_LEN];
	struct lg_ppp *p = &c->ppp;
	struct ppp_buf b;
	size_t n;

	ppp_buf_init(&b, mem, sizeof(mem));
	ppp_frame_begin(&b, PPP_IP);
	n = lg_icmp_echo_build(mem + b.len, sizeof(mem) - b.len, p->addr,
			       p->peer_addr, c->cfg.echo_id, ++p->echo_seq);
	b.len += n;
	p->echoes_sent++;
	send_buf(c, &b);
	p->restart_at = now + RESTART_MS;
}

void lg_ppp_start(struct lg_client *c, uint64_t now)
{
	struct lg_ppp *p = &c->ppp;

	do
		lg_random(&p->magic, sizeof(p->magic));
	while (!p->magic);
	p->next_id = 1;
	p->lcp_req_magic = true;
	send_lcp_req(c, now);
}

/* Both directions of a control protocol agreed: move on. */
static void lcp_check_open(struct lg_client *c, uint64_t now)
{
	if (c->phase == LG_PH_LCP && c->ppp.lcp_ours_acked &&
	    c->ppp.lcp_theirs_acked) {
		c->ppp.restart_at = 0;
		lg_enter(c, now, LG_PH_AUTH);
	}
}

static void ipcp_check_open(struct lg_client *c, uint64_t now)
{
	if (c->phase == LG_PH_IPCP && c->ppp.ipcp_ours_acked &&
	    c->ppp.ipcp_theirs_acked) {
		c->t_up = now;
		lg_enter(c, now, LG_PH_TRAFFIC);
		send_echo(c, now);
	}
}

/*
 * The server's LCP request: every option is acceptable except an
 * authentication protocol other than MS-CHAPv2, which is Nak'd with it.
 */
static void lcp_confreq(struct lg_client *c, uint64_t now,
			const struct ppp_cp *cp)
{
	static const uint8_t want[] = { LCP_OPT_AUTH, 5, 0xc2, 0x23,
					CHAP_MSCHAPV2 };
	struct ppp_opt_iter it;
	struct ppp_opt o;
	bool nak = false;

	if (ppp_opts_check(cp->data, cp->dlen) != PPP_OK) {
		c->malformed++;
		return;
	}
	ppp_opt_iter_init(&it, cp->data, cp->dlen);
	while (ppp_opt_next(&it, &o))
		if (o.type == LCP_OPT_AUTH &&
		    (o.len != sizeof(want) || memcmp(o.raw, want, o.len)))
			nak = true;
	if (nak) {
		send_cp(c, PPP_LCP, PPP_CONFNAK, cp->id, want, sizeof(want));
		return;
	}
	send_cp(c, PPP_LCP, PPP_CONFACK, cp->id, cp->data, cp->dlen);
	c->ppp.lcp_theirs_acked = true;
	lcp_check_open(c, now);
}

/* Our request was Nak'd or Rejected: adjust it and ask again. */
static void lcp_naked(struct lg_client *c, uint64_t now,
		      const struct ppp_cp *cp, bool rejected)
{
	struct ppp_opt_iter it;
	struct ppp_opt o;

	if (cp->id != c->ppp.lcp_req_id || c->phase != LG_PH_LCP)
		return;
	ppp_opt_iter_init(&it, cp->data, cp->dlen);
	while (ppp_opt_next(&it, &o)) {
		if (o.type != LCP_OPT_MAGIC)
			continue;
		if (rejected)
			c->ppp.lcp_req_magic = false;
		else
			lg_random(&c->ppp.magic, sizeof(c->ppp.magic));
	}
	send_lcp_req(c, now);
}

static void lcp_input(struct lg_client *c, uint64_t now,
		      const struct ppp_cp *cp)
{
	uint8_t reply[PPP_CP_MAX];
	size_t n;

	switch (cp->code) {
	case PPP_CONFREQ:
		lcp_confreq(c, now, cp);
		break;
	case PPP_CONFACK:
		if (cp->id == c->ppp.lcp_req_id) {
			c->ppp.lcp_ours_acked = true;
			lcp_check_open(c, now);
		}
		break;
	case PPP_CONFNAK:
	case PPP_CONFREJ:
		lcp_naked(c, now, cp, cp->code == PPP_CONFREJ);
		break;
	case PPP_TERMREQ:
		send_cp(c, PPP_LCP, PPP_TERMACK, cp->id, NULL, 0);
		if (c->phase != LG_PH_CLOSING)
			lg_fail(c, now, LG_LCP_TERMINATED, NULL);
		break;
	case LCP_ECHOREQ:
		if (cp->dlen < 4)
			break;
		/* our magic number, then the request's data, echoed */
		reply[0] = c->ppp.magic >> 24;
		reply[1] = c->ppp.magic >> 16;
		reply[2] = c->ppp.magic >> 8;
		reply[3] = c->ppp.magic;
		n = cp->dlen - 4;
		memcpy(reply + 4, cp->data + 4, n);
		send_cp(c, PPP_LCP, LCP_ECHOREP, cp->id, reply, n + 4);
		break;
	default:
		break;
	}
}

static int nt_hash(const struct lg_client *c, uint8_t hash[MSCHAP_HASH_LEN])
{
	return mschap_nt_password_hash(c->cfg.password,
				       strlen(c->cfg.password), hash);
}

static void chap_challenge(struct lg_client *c, uint64_t now,
			   const struct ppp_cp *cp)
{
	uint8_t hash[MSCHAP_HASH_LEN], v[1 + MSCHAPV2_VALUE_LEN + 64];
	struct lg_ppp *p = &c->ppp;
	size_t ulen = strlen(c->cfg.user);

	if (cp->dlen < 1 + MSCHAP_V2_CHALLENGE_LEN ||
	    cp->data[0] != MSCHAP_V2_CHALLENGE_LEN) {
		c->malformed++;
		return;
	}
	memcpy(p->auth_challenge, cp->data + 1, MSCHAP_V2_CHALLENGE_LEN);
	lg_random(p->peer_challenge, sizeof(p->peer_challenge));
	if (nt_hash(c, hash) ||
	    mschapv2_nt_response(p->auth_challenge, p->peer_challenge,
				 c->cfg.user, ulen, hash, p->nt_response)) {
		lg_fail(c, now, LG_INTERNAL, "MS-CHAPv2 computation failed");
		return;
	}
	/* Value-Size, Peer-Challenge, 8 reserved, NT-Response, Flags, Name */
	memset(v, 0, sizeof(v));
	v[0] = MSCHAPV2_VALUE_LEN;
	memcpy(v + 1, p->peer_challenge, 16);
	memcpy(v + 25, p->nt_response, 24);
	if (ulen > sizeof(v) - 1 - MSCHAPV2_VALUE_LEN)
		ulen = sizeof(v) - 1 - MSCHAPV2_VALUE_LEN;
	memcpy(v + 1 + MSCHAPV2_VALUE_LEN, c->cfg.user, ulen);
	send_cp(c, PPP_CHAP, CHAP_RESPONSE, cp->id, v,
		1 + MSCHAPV2_VALUE_LEN + ulen);
	memset(hash, 0, sizeof(hash));
}

/* Success carries "S=" and 40 hex digits: the server proves it knew. */
static void chap_success(struct lg_client *c, uint64_t now,
			 const struct ppp_cp *cp)
{
	char want[MSCHAP_AUTH_RESP_LEN + 1];
	uint8_t hash[MSCHAP_HASH_LEN];
	struct lg_ppp *p = &c->ppp;
	int bad;

	if (p->auth_ok || c->phase > LG_PH_AUTH)
		return;
	if (nt_hash(c, hash) ||
	    mschapv2_authenticator_response(hash, p->nt_response,
					    p->peer_challenge,
					    p->auth_challenge, c->cfg.user,
					    strlen(c->cfg.user), want)) {
		lg_fail(c, now, LG_INTERNAL, "MS-CHAPv2 computation failed");
		return;
	}
	memset(hash, 0, sizeof(hash));
	bad = cp->dlen < MSCHAP_AUTH_RESP_LEN ||
	      strncasecmp((const char *)cp->data, want, MSCHAP_AUTH_RESP_LEN);
	if (bad) {
		lg_fail(c, now, LG_AUTH_SERVER, "authenticator response wrong");
		return;
	}
	p->auth_ok = true;
	/* the server may have acked our LCP request after its Challenge */
	lg_enter(c, now, LG_PH_IPCP);
	send_ipcp_req(c, now);
}

static void chap_input(struct lg_client *c, uint64_t now,
		       const struct ppp_cp *cp)
{
	char text[64];
	size_t i, n;

	switch (cp->code) {
	case CHAP_CHALLENGE:
		chap_challenge(c, now, cp);
		break;
	case CHAP_SUCCESS:
		chap_success(c, now, cp);
		break;
	case CHAP_FAILURE:
		/* "E=691 R=0 C=... V=3 M=...": printable part for the log */
		n = cp->dlen < sizeof(text) - 1 ? cp->dlen : sizeof(text) - 1;
		for (i = 0; i < n; i++)
			text[i] = cp->data[i] >= 0x20 && cp->data[i] < 0x7f ?
				  (char)cp->data[i] : '.';
		text[n] = 0;
		lg_fail(c, now, LG_AUTH_REFUSED, text);
		break;
	default:
		break;
	}
}

static void ipcp_input(struct lg_client *c, uint64_t now,
		       const struct ppp_cp *cp)
{
	struct ppp_opt_iter it;
	struct ppp_opt o;

	if (ppp_opts_check(cp->data, cp->dlen) != PPP_OK) {
		c->malformed++;
		return;
	}
	switch (cp->code) {
	case PPP_CONFREQ:
		ppp_opt_iter_init(&it, cp->data, cp->dlen);
		while (ppp_opt_next(&it, &o))
			if (o.type == IPCP_OPT_ADDR && o.len == 6)
				c->ppp.peer_addr = ppp_get32(o.val);
		send_cp(c, PPP_IPCP, PPP_CONFACK, cp->id, cp->data, cp->dlen);
		c->ppp.ipcp_theirs_acked = true;
		ipcp_check_open(c, now);
		break;
	case PPP_CONFACK:
		if (cp->id != c->ppp.ipcp_req_id || !c->ppp.addr)
			break;
		c->ppp.ipcp_ours_acked = true;
		c->ppp.restart_at = 0;
		ipcp_check_open(c, now);
		break;
	case PPP_CONFNAK:
		if (cp->id != c->ppp.ipcp_req_id || c->phase != LG_PH_IPCP)
			break;
		ppp_opt_iter_init(&it, cp->data, cp->dlen);
		while (ppp_opt_next(&it, &o))
			if (o.type == IPCP_OPT_ADDR && o.len == 6)
				c->ppp.addr = ppp_get32(o.val);
		send_ipcp_req(c, now);
		break;
	case PPP_CONFREJ:
		if (cp->id == c->ppp.ipcp_req_id && c->phase == LG_PH_IPCP)
			lg_fail(c, now, LG_IPCP_REFUSED,
				"the server rejected the address option");
		break;
	case PPP_TERMREQ:
		send_cp(c, PPP_IPCP, PPP_TERMACK, cp->id, NULL, 0);
		if (c->phase != LG_PH_CLOSING)
			lg_fail(c, now, LG_IPCP_REFUSED, "IPCP terminated");
		break;
	default:
		break;
	}
}

static void ip_input(struct lg_client *c, uint64_t now, const uint8_t *pkt,
		     size_t len)
{
	uint16_t seq;

	if (lg_icmp_reply_parse(pkt, len, c->ppp.peer_addr, c->ppp.addr,
				c->cfg.echo_id, &seq) != LG_ICMP_OK) {
		c->malformed++;
		return;
	}
	c->echo_answered++;
	if (c->phase == LG_PH_TRAFFIC) {
		c->t_answered = now;
		c->ppp.restart_at = 0;
		lg_enter(c, now, LG_PH_HELD);
	}
}

/* A protocol we do not speak, once LCP is open (RFC 1661 5.7). */
static void protocol_reject(struct lg_client *c, uint16_t proto,
			    const uint8_t *payload, size_t len)
{
	uint8_t mem[PPP_FRAME_MAX];
	struct ppp_buf b;
	size_t start;

	if (c->phase < LG_PH_AUTH)
		return;
	if (len > PPP_CP_MAX - PPP_CP_HDRLEN - 2)
		len = PPP_CP_MAX - PPP_CP_HDRLEN - 2;
	ppp_buf_init(&b, mem, sizeof(mem));
	ppp_frame_begin(&b, PPP_LCP);
	start = ppp_cp_begin(&b, LCP_PROTREJ, c->ppp.next_id++);
	ppp_put16(&b, proto);
	ppp_put(&b, payload, len);
	ppp_cp_end(&b, start);
	send_buf(c, &b);
}

void lg_ppp_input(struct lg_client *c, uint64_t now, const uint8_t *frame,
		  size_t len)
{
	struct ppp_frame f;
	struct ppp_cp cp;

	if (c->phase < LG_PH_LCP || ppp_frame_parse(frame, len, &f)) {
		c->malformed++;
		return;
	}
	if (f.proto == PPP_IP) {
		ip_input(c, now, f.payload, f.len);
		return;
	}
	if (f.proto != PPP_LCP && f.proto != PPP_CHAP && f.proto != PPP_IPCP) {
		protocol_reject(c, f.proto, f.payload, f.len);
		return;
	}
	if (ppp_cp_parse(f.payload, f.len, &cp)) {
		c->malformed++;
		return;
	}
	if (f.proto == PPP_LCP)
		lcp_input(c, now, &cp);
	else if (f.proto == PPP_CHAP)
		chap_input(c, now, &cp);
	else
		ipcp_input(c, now, &cp);
}

void lg_ppp_timer(struct lg_client *c, uint64_t now)
{
	struct lg_ppp *p = &c->ppp;

	p->restart_at = 0;
	if (c->phase == LG_PH_LCP && !p->lcp_ours_acked)
		send_lcp_req(c, now);
	else if (c->phase == LG_PH_IPCP && !p->ipcp_ours_acked)
		send_ipcp_req(c, now);
	else if (c->phase == LG_PH_TRAFFIC)
		send_echo(c, now);
}
