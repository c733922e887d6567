// SPDX-License-Identifier: GPL-2.0
/*
 * IPV6CP (RFC 5072): only the Interface-Identifier.  Each side gets a
 * random non-zero identifier different from the other's; the link-local
 * addresses fe80::<id> follow from them.  Compression is rejected.
 */
#include <string.h>

#include "layer.h"

#define IPV6CP_OPT_IFID	1
#define IPV6CP_OPT_COMP	2

static bool zero_id(const uint8_t id[8])
{
	static const uint8_t zero[8];

	return !memcmp(id, zero, 8);
}

/* A random identifier that is neither zero nor equal to avoid. */
static void new_ifid(struct ppp_session *s, uint8_t id[8],
		     const uint8_t avoid[8])
{
	do {
		ppp_random(s, id, 8);
	} while (zero_id(id) || !memcmp(id, avoid, 8));
}

static void ipv6cp_reset(struct ppp_fsm *f)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_ipv6cp *c = &s->ipv6cps;

	c->local_rejected = false;
	if (zero_id(c->local))
		new_ifid(s, c->local, c->peer);
}

static void ipv6cp_add_request(struct ppp_fsm *f, struct ppp_buf *b)
{
	struct ppp_ipv6cp *c = &fsm_session(f)->ipv6cps;

	if (c->local_rejected)
		return;
	ppp_put8(b, IPV6CP_OPT_IFID);
	ppp_put8(b, 10);
	ppp_put(b, c->local, 8);
}

static void ipv6cp_check_request(struct ppp_fsm *f, const uint8_t *opts,
				 size_t len, struct ppp_cfg_reply *r)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_ipv6cp *c = &s->ipv6cps;
	struct ppp_opt_iter it;
	struct ppp_opt o;
	uint8_t sug[8];

	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o)) {
		if (o.type != IPV6CP_OPT_IFID || o.len != 10) {
			ppp_cfg_reject(r, &o);
			continue;
		}
		/* RFC 5072 4.1: zero or a collision gets a suggestion. */
		if (zero_id(o.val) || !memcmp(o.val, c->local, 8)) {
			new_ifid(s, sug, c->local);
			ppp_cfg_nak(r, &o, IPV6CP_OPT_IFID, sug, 8);
			continue;
		}
		memcpy(c->peer, o.val, 8);
	}
}

static void ipv6cp_got_nak(struct ppp_fsm *f, const uint8_t *opts,
			   size_t len)
{
	struct ppp_session *s = fsm_session(f);
	struct ppp_ipv6cp *c = &s->ipv6cps;
	struct ppp_opt_iter it;
	struct ppp_opt o;

	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o)) {
		if (o.type != IPV6CP_OPT_IFID || o.len != 10)
			continue;
		/* Take the peer's suggestion if usable, else pick anew. */
		if (!zero_id(o.val) && memcmp(o.val, c->peer, 8))
			memcpy(c->local, o.val, 8);
		else
			new_ifid(s, c->local, c->peer);
	}
}

static void ipv6cp_got_reject(struct ppp_fsm *f, const uint8_t *opts,
			      size_t len)
{
	struct ppp_ipv6cp *c = &fsm_session(f)->ipv6cps;
	struct ppp_opt_iter it;
	struct ppp_opt o;

	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o))
		if (o.type == IPV6CP_OPT_IFID)
			c->local_rejected = true;
}

static void ipv6cp_up(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	(void)now;
	ppp_session_ncp_up(fsm_session(f), f, out);
}

static void ipv6cp_down(struct ppp_fsm *f, uint64_t now, struct ppp_out *out)
{
	(void)now;
	ppp_session_ncp_down(fsm_session(f), f, out);
}

static void ipv6cp_finished(struct ppp_fsm *f, uint64_t now,
			    struct ppp_out *out)
{
	ppp_session_ncp_finished(fsm_session(f), f, now, out);
}

const struct ppp_fsm_ops ppp_ipv6cp_ops = {
	.name		= "IPV6CP",
	.proto		= PPP_IPV6CP,
	.reset		= ipv6cp_reset,
	.add_request	= ipv6cp_add_request,
	.check_request	= ipv6cp_check_request,
	.got_nak	= ipv6cp_got_nak,
	.got_reject	= ipv6cp_got_reject,
	.up		= ipv6cp_up,
	.down		= ipv6cp_down,
	.finished	= ipv6cp_finished,
};
