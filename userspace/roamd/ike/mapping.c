// SPDX-License-Identifier: GPL-2.0
/*
 * A client whose NAT mapping changed (RFC 3947 section 5; a hotel NAT
 * restarted, a carrier-grade NAT that timed the mapping out): its IKE SA
 * and its ESP-in-UDP pairs follow it to the new public port.
 *
 * Two signals say that a client moved, and both are authenticated: an
 * IKE message of an established SA whose hash verified, from a new
 * endpoint (the handlers call ike_peer_follow() once it has), and the
 * kernel's XFRM_MSG_MAPPING, which it sends only for ESP packets that
 * decrypted and authenticated under one of our inbound SAs
 * (ike_esp_mapping()).  An unauthenticated datagram from a new port moves
 * nothing.
 *
 * A new port is followed: ESP-in-UDP and IKE on the NAT-T port share the
 * client's one mapping, so the pairs get the new port as their
 * encapsulation's (IKE_ACT_SA_MAP; the host updates the kernel's SAs,
 * keeping their marks).  So is a new address of a client behind a NAT
 * (a NAT with several public addresses, a carrier-grade NAT, a NAT that
 * restarted with another lease): the host installs the client's SAs and
 * policies again at the new address, and its L2TP tunnel and kernel
 * session follow (ipsec/remap.c).
 *
 * A new address of a client that was not behind a NAT is not followed,
 * for three reasons.  No NAT changed it: the client itself moved to
 * another network, which IKEv1 has no way to carry over (MOBIKE is
 * IKEv2's), and its own SAs still name its old address, so it has to
 * reconnect anyway.  Its plain ESP has no UDP encapsulation, so the
 * kernel reports no mapping for it, and the only trigger would be an IKE
 * message, which an attacker who recorded one could replay from any
 * source to pull the client's traffic elsewhere.  And without NAT its
 * address is its identity on the path: the policies were made for it.
 */
#include <stdio.h>
#include <sys/socket.h>
#include <string.h>

#include "sa.h"

enum ike_map_verdict ike_map_decide(const struct ike_addr *old,
				    const struct ike_addr *new, bool encap,
				    bool via_natt, bool natted)
{
	static const uint8_t zero[16];
	size_t n;

	if (old->family != new->family ||
	    (new->family != AF_INET && new->family != AF_INET6) ||
	    !new->port)
		return IKE_MAP_REFUSE;
	n = new->family == AF_INET ? 4 : 16;
	if (!memcmp(new->ip, zero, n))
		return IKE_MAP_REFUSE;
	if (memcmp(old->ip, new->ip, n)) {
		if (!natted || !encap)
			return IKE_MAP_ADDR_DIRECT;
	} else if (old->port == new->port) {
		return IKE_MAP_SAME;
	}
	/*
	 * A message on port 500 shows the mapping of the client's port 500,
	 * not the one its ESP-in-UDP uses.
	 */
	if (encap && !via_natt)
		return IKE_MAP_IKE_ONLY;
	return memcmp(old->ip, new->ip, n) ? IKE_MAP_ADDR : IKE_MAP_PORT;
}

const char *ike_map_verdict_name(enum ike_map_verdict v)
{
	switch (v) {
	case IKE_MAP_SAME:
		return "unchanged";
	case IKE_MAP_PORT:
		return "port changed";
	case IKE_MAP_IKE_ONLY:
		return "IKE port changed, ESP stays";
	case IKE_MAP_ADDR:
		return "address changed";
	case IKE_MAP_ADDR_DIRECT:
		return "address changed, and the client is not behind a NAT";
	case IKE_MAP_REFUSE:
		return "not an endpoint";
	}
	return "?";
}

/*
 * The SAs and pairs at the old address are found through the by-address
 * indexes (table.c), not by walking every SA: a mapping event costs what
 * that address's clients number.  Moving one re-files it (touch) while
 * its chain is walked, so the next one is taken first; a re-filing
 * deletes before it adds, so the table never grows (rehashes) under the
 * walk, and one moved onto the same chain no longer matches the old
 * address.
 */

/* What one move did, for its one log line. */
struct move_tally {
	unsigned int sas, pairs, refused;
	enum ike_map_verdict why;	/* of the last refusal */
};

/* The ESP pairs of the peer at old, moved to new where they can. */
static void move_children(struct ike_ctx *ctx, const struct ike_addr *old,
			  const struct ike_addr *new, bool via_natt,
			  struct move_tally *t)
{
	struct ike_child *ch, *next;

	for (ch = ike_child_host_first(ctx, old); ch; ch = next) {
		enum ike_map_verdict v;

		next = ike_child_host_next(ctx, ch, old);
		if (ch->dead || !ike_addr_eq(&ch->sa.remote, old, true))
			continue;
		v = ike_map_decide(&ch->sa.remote, new, ch->sa.encap,
				   via_natt, ch->peer_natted);
		if (v == IKE_MAP_PORT || v == IKE_MAP_ADDR) {
			ch->sa.remote = *new;
			ike_child_touch(ctx, ch);
			if (ch->sa.encap)
				ch->sa.encap_dport = new->port;
			memset(&ch->map_refused, 0, sizeof(ch->map_refused));
			ike_act_sa_map(ctx, &ch->sa, old);
			t->pairs++;
		} else if (v != IKE_MAP_SAME && v != IKE_MAP_IKE_ONLY &&
			   !ike_addr_eq(&ch->map_refused, new, true)) {
			ch->map_refused = *new;
			t->refused++;
			t->why = v;
		}
	}
}

static void move_sas(struct ike_ctx *ctx, const struct ike_addr *old,
		     const struct ike_addr *new, const struct ike_addr *local,
		     struct move_tally *t)
{
	struct ike_sa *sa, *next;

	for (sa = ike_sa_host_first(ctx, old); sa; sa = next) {
		next = ike_sa_host_next(ctx, sa, old);
		if (sa->state != IKE_P1_ESTABLISHED ||
		    !ike_addr_eq(&sa->remote, old, true))
			continue;
		sa->remote = *new;
		if (local)
			sa->local = *local;
		ike_sa_touch(ctx, sa);
		ctx->saved_changes++;
		t->sas++;
	}
}

static void log_move(struct ike_ctx *ctx, const struct ike_addr *old,
		     const struct ike_addr *new, const char *seen,
		     const struct move_tally *t)
{
	char from[64], to[64];

	if (!t->sas && !t->pairs && !t->refused)
		return;
	ike_addr_str(old, true, from, sizeof(from));
	ike_addr_str(new, true, to, sizeof(to));
	if (t->refused)
		ike_log(ctx, IKE_LOG_WARN,
			"IKE peer %s moved to %s (seen on %s): %s, %u ESP SA pair%s not moved (the client must reconnect); %u IKE SA%s and %u pair%s follow",
			from, to, seen, ike_map_verdict_name(t->why),
			t->refused, t->refused == 1 ? "" : "s", t->sas,
			t->sas == 1 ? "" : "s", t->pairs,
			t->pairs == 1 ? "" : "s");
	else
		ike_log(ctx, IKE_LOG_INFO,
			"IKE peer %s moved to %s (NAT mapping changed, seen on %s): %u IKE SA%s and %u ESP SA pair%s follow",
			from, to, seen, t->sas, t->sas == 1 ? "" : "s",
			t->pairs, t->pairs == 1 ? "" : "s");
}

void ike_peer_follow(struct ike_ctx *ctx, struct ike_sa *sa)
{
	struct ike_addr old = sa->remote;
	struct move_tally t = { 0 };

	if (ike_addr_eq(&old, &ctx->rx_remote, true)) {
		if (!ike_addr_eq(&sa->local, &ctx->rx_local, true))
			ctx->saved_changes++;
		sa->local = ctx->rx_local;
		return;
	}
	/* A client not behind a NAT keeps its address (see the top). */
	if (!sa->nat_peer && !ike_addr_eq(&old, &ctx->rx_remote, false)) {
		move_children(ctx, &old, &ctx->rx_remote,
			      ctx->rx_local.port == IKE_NATT_PORT, &t);
		log_move(ctx, &old, &ctx->rx_remote, "IKE", &t);
		return;
	}
	move_sas(ctx, &old, &ctx->rx_remote, &ctx->rx_local, &t);
	move_children(ctx, &old, &ctx->rx_remote,
		      ctx->rx_local.port == IKE_NATT_PORT, &t);
	/* Also when it was not established (an authenticated handshake). */
	sa->local = ctx->rx_local;
	sa->remote = ctx->rx_remote;
	ctx->saved_changes++;
	log_move(ctx, &old, &ctx->rx_remote, "IKE", &t);
}

int ike_esp_mapping(struct ike_ctx *ctx, uint64_t now_ms, uint32_t spi_in,
		    const struct ike_addr *remote, struct ike_actions *out)
{
	struct move_tally t = { 0 };
	struct ike_child *ch;
	struct ike_addr old;

	ch = ike_child_by_spi(ctx, spi_in);
	if (!ch)
		return -1;
	ctx->now = now_ms;
	ctx->out = out;
	old = ch->sa.remote;
	move_children(ctx, &old, remote, true, &t);
	/* The IKE SA shares the ESP's mapping (both on the NAT-T port). */
	if (t.pairs)
		move_sas(ctx, &old, remote, NULL, &t);
	log_move(ctx, &old, remote, "ESP", &t);
	ctx->out = NULL;
	return 0;
}
