// SPDX-License-Identifier: GPL-2.0
/*
 * The session printer.  A kernel session keeps the keys it always had
 * (scripts and tests read them); what roamd adds comes as new keys only.
 */
#include <net/if.h>
#include <stdio.h>
#include <sys/socket.h>

#include <linux/roam.h>

#include "addr.h"
#include "cmd.h"
#include "session_print.h"

/* The name cache (session_print.h) holds what if_indextoname() fills. */
_Static_assert(sizeof(((struct roam_ifname_cache *)0)->name) >= IF_NAMESIZE,
	       "room for a device name");

static const char *ifname_of(struct roam_ifname_cache *c, uint32_t ifindex)
{
	if (c->ifindex == ifindex && ifindex)
		return c->name;
	if (!if_indextoname(ifindex, c->name))
		snprintf(c->name, sizeof(c->name), "if%u", ifindex);
	c->ifindex = ifindex;
	return c->name;
}

static void print_kernel_head(struct roam_print *p,
			      const struct roam_session_info *s,
			      struct roam_ifname_cache *names)
{
	const char *ifname = ifname_of(names, s->ifindex);
	char a6[ROAM_IPV6_STRLEN];
	bool weak = s->kind == ROAM_KIND_PPTP;

	rp_u64(p, "id", "session %llu", s->id);
	rp_str(p, "dev", " dev %s", ifname);
	rp_u64(p, "ifindex", NULL, s->ifindex);
	rp_str(p, "kind", " kind %s", roam_kind_name(s->kind));
	/* PPTP's MPPE rests on MS-CHAPv2, which is broken: say so */
	if (weak)
		rp_text(p, " (weak)");
	rp_bool(p, "weak", weak);
	if (s->state)
		rp_str(p, "state", " state %s", roam_state_name(s->state));
	if (s->has_ipv4)
		rp_ipv4(p, "address", " address %s", s->ipv4);
	if (s->has_ipv6) {
		roam_ipv6_format(s->ipv6, a6);
		rp_str(p, "address6", " address6 %s", a6);
	}
	if (s->peer_family == AF_INET) {
		rp_ipv4(p, "peer", " peer %s", s->peer_ipv4);
	} else if (s->peer_family == AF_INET6) {
		roam_ipv6_format(s->peer_ipv6, a6);
		rp_str(p, "peer", " peer %s", a6);
	}
	if (s->has_peer_port)
		rp_u64(p, "peer_port", " peer-port %llu", s->peer_port);
}

/*
 * A call the kernel does not carry (yet): no id and no device, since
 * both are the kernel session's; "-" where the id would be.
 */
static void print_call_head(struct roam_print *p,
			    const struct roam_call_view *c)
{
	bool weak = c->kind == ROAM_KIND_PPTP;

	rp_text(p, "session -");
	rp_str(p, "kind", " kind %s",
	       c->protocol ? "ipsec" : roam_kind_name(c->kind));
	if (weak)
		rp_text(p, " (weak)");
	rp_bool(p, "weak", weak);
	if (c->addr)
		rp_ipv4(p, "address", " address %s", c->addr);
	rp_ipv4(p, "peer", " peer %s", c->peer_ipv4);
	rp_u64(p, "peer_port", " peer-port %llu", c->peer_port);
}

/*
 * The PPP link's own encryption: MPPE as CCP settled it.  A PPTP call
 * without it is plaintext and says so; an L2TP call without it relies on
 * IPsec (or on nothing: "ipsec none" says that below), so it prints none.
 */
static void print_call_encryption(struct roam_print *p,
				  const struct roam_call_view *c)
{
	char enc[32];

	if (!c->has_ppp)
		return;
	if (c->mppe_bits)
		snprintf(enc, sizeof(enc), "mppe-%u %s", c->mppe_bits,
			 c->mppe_stateless ? "stateless" : "stateful");
	else if (c->kind == ROAM_KIND_PPTP && c->auth)
		snprintf(enc, sizeof(enc), "none");
	else
		return;
	rp_str(p, "encryption", " encryption %s", enc);
}

static void print_call(struct roam_print *p, const struct roam_call_view *c)
{
	char proto[32];

	if (c->protocol)
		snprintf(proto, sizeof(proto), "%s", c->protocol);
	else
		snprintf(proto, sizeof(proto), "%s%s",
			 roam_kind_name(c->kind), c->ipsec ? "/ipsec" : "");
	rp_text(p, "\n   ");
	if (c->user[0])
		rp_str(p, "user", " user %s", c->user);
	if (c->group[0])
		rp_str(p, "group", " group %s", c->group);
	rp_str(p, "protocol", " protocol %s", proto);
	if (c->ppp_phase)
		rp_str(p, "ppp", " ppp %s", c->ppp_phase);
	if (c->auth)
		rp_str(p, "auth", " auth %s", c->auth);
	print_call_encryption(p, c);
	rp_u64(p, "uptime", " uptime %llus", c->uptime);
}

/* The L2TP ids: the kernel's when it has the session, else the call's. */
static void print_l2tp(struct roam_print *p, const struct roam_session_info *s,
		       const struct roam_call_view *c, bool stats)
{
	uint16_t tid, sid, ptid, psid;
	uint32_t mark;

	if (s) {
		tid = s->l2tp_tunnel_id;
		sid = s->l2tp_session_id;
		ptid = s->l2tp_peer_tunnel_id;
		psid = s->l2tp_peer_session_id;
		mark = s->l2tp_xfrm_mark;
	} else {
		tid = c->l2tp_tunnel_id;
		sid = c->l2tp_session_id;
		ptid = c->l2tp_peer_tunnel_id;
		psid = c->l2tp_peer_session_id;
		mark = c->l2tp_xfrm_mark;
	}
	rp_open_object(p, "l2tp");
	rp_u64(p, "tunnel_id", "\n    l2tp tunnel %llu", tid);
	rp_u64(p, "session_id", " session %llu", sid);
	rp_u64(p, "peer_tunnel_id", " peer-tunnel %llu", ptid);
	rp_u64(p, "peer_session_id", " peer-session %llu", psid);
	if (mark)
		rp_u64(p, "xfrm_mark", " ipsec-mark 0x%llx", mark);
	/* Without IPsec the tunnel is readable by anyone on the path */
	if (s ? s->l2tp_allow_plain : !mark)
		rp_str(p, "ipsec", " ipsec %s", "none (weak)");
	if (s && stats)
		rp_u64(p, "rx_unbound", " rx-unbound %llu", s->l2tp_rx_unbound);
	rp_close_object(p);
}

/* The PPTP call ids and MPPE mode, as the kernel has them. */
static void print_pptp(struct roam_print *p, const struct roam_session_info *s,
		       bool stats)
{
	rp_open_object(p, "pptp");
	rp_u64(p, "call_id", "\n    pptp call %llu", s->pptp_call_id);
	rp_u64(p, "peer_call_id", " peer-call %llu", s->pptp_peer_call_id);
	rp_ipv4(p, "local", " local %s", s->pptp_local_ipv4);
	/* MPPE is RC4 keyed from MS-CHAP: weak; without it, plaintext */
	if (s->pptp_mppe_bits) {
		rp_u64(p, "mppe_bits", " mppe %llu (weak)", s->pptp_mppe_bits);
		rp_bool(p, "mppe_stateless", s->pptp_mppe_stateless);
		if (s->pptp_mppe_stateless)
			rp_text(p, " stateless");
	} else {
		rp_u64(p, "mppe_bits", NULL, 0);
		rp_text(p, " mppe none (weak)");
	}
	if (stats) {
		rp_u64(p, "rx_seq_dropped", "\n    rx-seq-dropped %llu",
		       s->pptp_rx_seq_dropped);
		rp_u64(p, "rx_reordered", " rx-reordered %llu",
		       s->pptp_rx_reordered);
		rp_u64(p, "rx_mppe_errors", " rx-mppe-errors %llu",
		       s->pptp_rx_mppe_errors);
		rp_u64(p, "rx_unbound", " rx-unbound %llu", s->pptp_rx_unbound);
		rp_u64(p, "rx_malformed", " rx-malformed %llu",
		       s->pptp_rx_malformed);
		rp_u64(p, "acks_sent", " acks-sent %llu", s->pptp_acks_sent);
	}
	rp_close_object(p);
}

static void print_stats(struct roam_print *p,
			const struct roam_session_info *s)
{
	rp_open_object(p, "stats");
	rp_traffic(p, s->rx_packets, s->rx_bytes, s->rx_dropped,
		   s->tx_packets, s->tx_bytes, s->tx_dropped);
	rp_close_object(p);
}

static void print_session(struct roam_print *p,
			  const struct roam_session_info *s,
			  const struct roam_call_view *call, bool stats,
			  struct roam_ifname_cache *names)
{
	if (s)
		print_kernel_head(p, s, names);
	else if (call)
		print_call_head(p, call);
	else
		return;
	if (call)
		print_call(p, call);
	if (s ? s->has_l2tp : call->has_l2tp)
		print_l2tp(p, s, call, stats);
	if (s && s->has_pptp)
		print_pptp(p, s, stats);
	if (stats && s && s->has_stats)
		print_stats(p, s);
	else if (stats && !s && call->has_traffic) {
		/* an ESP tunnel's counters: the kernel counts no drops there */
		rp_open_object(p, "stats");
		rp_traffic(p, call->rx_packets, call->rx_bytes, 0,
			   call->tx_packets, call->tx_bytes, 0);
		rp_close_object(p);
	}
}

void roam_session_print(struct roam_print *p,
			const struct roam_session_info *s,
			const struct roam_call_view *call, bool stats)
{
	struct roam_ifname_cache names = { 0 };

	print_session(p, s, call, stats, &names);
}

void roam_session_listing_begin(struct roam_session_listing *l,
				struct roam_print *p, bool stats)
{
	l->p = p;
	l->stats = stats;
	l->names.ifindex = 0;
	rp_open_array(p, NULL);
}

void roam_session_listing_row(struct roam_session_listing *l,
			      const struct roam_session_info *s,
			      const struct roam_call_view *call)
{
	struct roam_print *p = l->p;

	rp_open_object(p, NULL);
	print_session(p, s, call, l->stats, &l->names);
	rp_close_object(p);
	rp_text(p, "\n");
}

void roam_session_listing_end(struct roam_session_listing *l)
{
	rp_close_array(l->p);
}

void roam_session_print_rows(struct roam_print *p,
			     const struct roam_session_row *rows, size_t n,
			     bool stats)
{
	struct roam_session_listing l;
	size_t i;

	/* the listing is this function's alone: buffered */
	rp_buffer(p);
	roam_session_listing_begin(&l, p, stats);
	for (i = 0; i < n; i++)
		roam_session_listing_row(&l, rows[i].s, rows[i].call);
	roam_session_listing_end(&l);
	rp_unbuffer(p);
}
