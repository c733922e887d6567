// SPDX-License-Identifier: GPL-2.0
/*
 * IPCP (RFC 1332) with the Microsoft DNS/NBNS extensions (RFC 1877).
 *
 * We ask for our own address.  The client asks for 0.0.0.0 (or for an
 * address it likes) and is Nak'd with the one the caller assigns; it asks
 * for DNS and WINS servers and gets them if configured, or a Reject so it
 * stops asking.  Van Jacobson compression is rejected: the kernel carries
 * plain IP.
 */
#include <string.h>

#include "layer.h"

#define IPCP_OPT_ADDRS	1	/* RFC 1172, deprecated */
#define IPCP_OPT_COMP	2
#define IPCP_OPT_ADDR	3
#define IPCP_OPT_DNS1	129
#define IPCP_OPT_NBNS1	130
#define IPCP_OPT_DNS2	131
#define IPCP_OPT_NBNS2	132

static void put_addr(uint8_t b[4], uint32_t v)
{
	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
}

static void ipcp_reset(struct ppp_fsm *f)
{
	struct ppp_session *s = fsm_session(f);

	s->ipcps.local = s->cfg.local_ip;
}

static void ipcp_add_request(struct ppp_fsm *f, struct ppp_buf *b)
{
	struct ppp_ipcp *c = &fsm_session(f)->ipcps;

	if (!c->local)
		return;
	ppp_put8(b, IPCP_OPT_ADDR);
	ppp_put8(b, 6);
	ppp_put32(b, c->local);
}

/*
 * The client's address, asked of the caller once (pools are the caller's
 * business); requested lets a "use the client's address" policy work.
 */
static bool peer_address(struct ppp_fsm *f, uint32_t requested)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_ipcp *c = &s->ipcps;

	if (c->have_peer)
		return true;
	if (!s->ops->get_address ||
	    s->ops->get_address(s->ctx, s->auth.user, requested, &c->peer) ||
	    !c->peer) {
		ppp_session_fail(s, PPP_DOWN_NO_ADDRESS,
				 "no IPv4 address available for user '%s'",
				 s->auth.user);
		ppp_fsm_fail(f, IPCP_FAIL_NO_ADDRESS);
		return false;
	}
	c->have_peer = true;
	return true;
}

/* DNS/WINS: Ack ours, Nak anything else with ours, Reject if we have none. */
static void check_server(const struct ppp_opt *o, uint32_t ours,
			 struct ppp_cfg_reply *r)
{
	uint8_t v[4];

	if (!ours) {
		ppp_cfg_reject(r, o);
		return;
	}
	if (ppp_get32(o->val) == ours)
		return;
	put_addr(v, ours);
	ppp_cfg_nak(r, o, o->type, v, 4);
}

static void ipcp_check_request(struct ppp_fsm *f, const uint8_t *opts,
			       size_t len, struct ppp_cfg_reply *r)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_ipcp *c = &s->ipcps;
	struct ppp_opt_iter it;
	struct ppp_opt o;
	bool saw_addr = false;
	uint8_t v[4];

	c->peer_acked = 0;
	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o)) {
		if (o.len != 6) {
			ppp_cfg_reject(r, &o);
			continue;
		}
		switch (o.type) {
		case IPCP_OPT_ADDR:
			saw_addr = true;
			if (!peer_address(f, ppp_get32(o.val)))
				return;
			if (ppp_get32(o.val) == c->peer) {
				c->peer_acked = c->peer;
				break;
			}
			put_addr(v, c->peer);
			ppp_cfg_nak(r, &o, IPCP_OPT_ADDR, v, 4);
			break;
		case IPCP_OPT_DNS1:
			check_server(&o, s->cfg.dns[0], r);
			break;
		case IPCP_OPT_DNS2:
			check_server(&o, s->cfg.dns[1], r);
			break;
		case IPCP_OPT_NBNS1:
			check_server(&o, s->cfg.wins[0], r);
			break;
		case IPCP_OPT_NBNS2:
			check_server(&o, s->cfg.wins[1], r);
			break;
		default:	/* compression, the old IP-Addresses, unknown */
			ppp_cfg_reject(r, &o);
			break;
		}
	}
	/* No address asked for: suggest one (a Nak may add options). */
	if (!saw_addr && peer_address(f, 0)) {
		put_addr(v, c->peer);
		ppp_cfg_nak(r, NULL, IPCP_OPT_ADDR, v, 4);
	}
}

static void ipcp_got_nak(struct ppp_fsm *f, const uint8_t *opts, size_t len)
{
	/*
	 * Our address is configured, not negotiable: a client suggesting
	 * another one is ignored (the Nak rounds are bounded by the FSM).
	 */
	(void)f;
	(void)opts;
	(void)len;
}

static void ipcp_got_reject(struct ppp_fsm *f, const uint8_t *opts,
			    size_t len)
{
	struct ppp_ipcp *c = &fsm_session(f)->ipcps;
	struct ppp_opt_iter it;
	struct ppp_opt o;

	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o))
		if (o.type == IPCP_OPT_ADDR)
			c->local = 0;
}

static void ipcp_up(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	struct ppp_session *s = fsm_session(f);

	(void)now;
	/* Without the client's address the kernel could not route to it. */
	if (!s->ipcps.peer_acked) {
		ppp_session_fail(s, PPP_DOWN_NO_ADDRESS,
				 "the client would not take an IPv4 address from us");
		ppp_fsm_fail(f, IPCP_FAIL_NO_ADDRESS);
		return;
	}
	ppp_session_ncp_up(s, f, out);
}

static void ipcp_down(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	(void)now;
	ppp_session_ncp_down(fsm_session(f), f, out);
}

static void ipcp_finished(struct ppp_fsm *f, uint64_t now,
			  struct ppp_out *out)
{
	ppp_session_ncp_finished(fsm_session(f), f, now, out);
}

const struct ppp_fsm_ops ppp_ipcp_ops = {
	.name		= "IPCP",
	.proto		= PPP_IPCP,
	.reset		= ipcp_reset,
	.add_request	= ipcp_add_request,
	.check_request	= ipcp_check_request,
	.got_nak	= ipcp_got_nak,
	.got_reject	= ipcp_got_reject,
	.up		= ipcp_up,
	.down		= ipcp_down,
	.finished	= ipcp_finished,
};
