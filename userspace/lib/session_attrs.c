// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/roam.h>

#include "session_attrs.h"

/* One attribute of a walk: its type (flags masked) and payload. */
struct attr {
	uint16_t type;
	const uint8_t *data;
	size_t len;
};

/*
 * The attribute at *off of buf (len bytes), and *off moved past it; 0 when
 * none is left or the next one claims more than there is.
 */
static int attr_next(const uint8_t *buf, size_t len, size_t *off,
		     struct attr *a)
{
	struct nlattr h;
	size_t rem, step;

	if (*off >= len || len - *off < NLA_HDRLEN)
		return 0;
	rem = len - *off;
	memcpy(&h, buf + *off, sizeof(h));
	if (h.nla_len < NLA_HDRLEN || h.nla_len > rem)
		return 0;
	a->type = h.nla_type & NLA_TYPE_MASK;
	a->data = buf + *off + NLA_HDRLEN;
	a->len = h.nla_len - NLA_HDRLEN;
	/* the last attribute's padding may be missing */
	step = NLA_ALIGN((size_t)h.nla_len);
	*off += step < rem ? step : rem;
	return 1;
}

static uint16_t get16(const struct attr *a)
{
	uint16_t v;

	memcpy(&v, a->data, sizeof(v));
	return v;
}

static uint32_t get32(const struct attr *a)
{
	uint32_t v;

	memcpy(&v, a->data, sizeof(v));
	return v;
}

static uint64_t get64(const struct attr *a)
{
	uint64_t v;

	memcpy(&v, a->data, sizeof(v));
	return v;
}

/* The l2tp nest: its tunnel ids and SA binding. */
static int decode_l2tp(const struct attr *nest, struct roam_session_info *s)
{
	bool tunnel = false, session = false;
	size_t off = 0;
	struct attr a;

	while (attr_next(nest->data, nest->len, &off, &a)) {
		switch (a.type) {
		case ROAM_A_L2TP_TUNNEL_ID:
		case ROAM_A_L2TP_SESSION_ID:
		case ROAM_A_L2TP_PEER_TUNNEL_ID:
		case ROAM_A_L2TP_PEER_SESSION_ID:
			if (a.len != 2)
				return -1;
			break;
		case ROAM_A_L2TP_XFRM_MARK:
			if (a.len != 4)
				return -1;
			break;
		case ROAM_A_L2TP_RX_UNBOUND:
			if (a.len != 8)
				return -1;
			break;
		}
		switch (a.type) {
		case ROAM_A_L2TP_TUNNEL_ID:
			s->l2tp_tunnel_id = get16(&a);
			tunnel = true;
			break;
		case ROAM_A_L2TP_SESSION_ID:
			s->l2tp_session_id = get16(&a);
			session = true;
			break;
		case ROAM_A_L2TP_PEER_TUNNEL_ID:
			s->l2tp_peer_tunnel_id = get16(&a);
			break;
		case ROAM_A_L2TP_PEER_SESSION_ID:
			s->l2tp_peer_session_id = get16(&a);
			break;
		case ROAM_A_L2TP_XFRM_MARK:
			s->l2tp_xfrm_mark = get32(&a);
			break;
		case ROAM_A_L2TP_ALLOW_PLAIN:
			s->l2tp_allow_plain = true;
			break;
		case ROAM_A_L2TP_RX_UNBOUND:
			s->l2tp_rx_unbound = get64(&a);
			break;
		}
	}
	if (!tunnel || !session)
		return -1;
	s->has_l2tp = true;
	return 0;
}

/* The size a pptp nest's attribute must have; 0: any (flags, unknown). */
static size_t pptp_size(uint16_t type)
{
	switch (type) {
	case ROAM_A_PPTP_CALL_ID:
	case ROAM_A_PPTP_PEER_CALL_ID:
		return 2;
	case ROAM_A_PPTP_LOCAL_IPV4:
		return 4;
	case ROAM_A_PPTP_MPPE_BITS:
		return 1;
	case ROAM_A_PPTP_RX_SEQ_DROPPED:
	case ROAM_A_PPTP_RX_MPPE_ERRORS:
	case ROAM_A_PPTP_RX_UNBOUND:
	case ROAM_A_PPTP_RX_MALFORMED:
	case ROAM_A_PPTP_ACKS_SENT:
	case ROAM_A_PPTP_RX_REORDERED:
		return 8;
	}
	return 0;
}

/* The pptp nest: its call ids, MPPE mode and counters. */
static int decode_pptp(const struct attr *nest, struct roam_session_info *s)
{
	bool call = false, peer_call = false, local = false;
	size_t off = 0, want;
	struct attr a;

	while (attr_next(nest->data, nest->len, &off, &a)) {
		want = pptp_size(a.type);
		if (want && a.len != want)
			return -1;
		switch (a.type) {
		case ROAM_A_PPTP_CALL_ID:
			s->pptp_call_id = get16(&a);
			call = true;
			break;
		case ROAM_A_PPTP_PEER_CALL_ID:
			s->pptp_peer_call_id = get16(&a);
			peer_call = true;
			break;
		case ROAM_A_PPTP_LOCAL_IPV4:
			s->pptp_local_ipv4 = ntohl(get32(&a));
			local = true;
			break;
		case ROAM_A_PPTP_MPPE_BITS:
			s->pptp_mppe_bits = a.data[0];
			break;
		case ROAM_A_PPTP_MPPE_STATELESS:
			s->pptp_mppe_stateless = true;
			break;
		case ROAM_A_PPTP_RX_SEQ_DROPPED:
			s->pptp_rx_seq_dropped = get64(&a);
			break;
		case ROAM_A_PPTP_RX_MPPE_ERRORS:
			s->pptp_rx_mppe_errors = get64(&a);
			break;
		case ROAM_A_PPTP_RX_UNBOUND:
			s->pptp_rx_unbound = get64(&a);
			break;
		case ROAM_A_PPTP_RX_MALFORMED:
			s->pptp_rx_malformed = get64(&a);
			break;
		case ROAM_A_PPTP_ACKS_SENT:
			s->pptp_acks_sent = get64(&a);
			break;
		case ROAM_A_PPTP_RX_REORDERED:
			s->pptp_rx_reordered = get64(&a);
			break;
		}
	}
	if (!call || !peer_call || !local)
		return -1;
	s->has_pptp = true;
	return 0;
}

/* A counter of the session: read when it has its size, else 0. */
static uint64_t counter(const struct attr *a)
{
	return a->len == 8 ? get64(a) : 0;
}

int roam_session_attrs_decode(const void *attrs, size_t len,
			      struct roam_session_info *s)
{
	struct attr a, l2tp = { 0 }, pptp = { 0 };
	bool ifindex = false, id = false;
	size_t off = 0;

	memset(s, 0, sizeof(*s));
	while (attr_next(attrs, len, &off, &a)) {
		switch (a.type) {
		case ROAM_A_SESSION_IFINDEX:
			ifindex = a.len == 4;
			s->ifindex = ifindex ? get32(&a) : 0;
			break;
		case ROAM_A_SESSION_ID:
			id = a.len == 4;
			s->id = id ? get32(&a) : 0;
			break;
		case ROAM_A_SESSION_KIND:
			s->kind = a.len == 4 ? get32(&a) : 0;
			break;
		case ROAM_A_SESSION_STATE:
			s->state = a.len == 4 ? get32(&a) : 0;
			break;
		case ROAM_A_SESSION_IPV4:
			s->has_ipv4 = a.len == 4;
			s->ipv4 = s->has_ipv4 ? ntohl(get32(&a)) : 0;
			break;
		case ROAM_A_SESSION_IPV6:
			s->has_ipv6 = a.len == 16;
			if (s->has_ipv6)
				memcpy(s->ipv6, a.data, 16);
			else
				memset(s->ipv6, 0, 16);
			break;
		/* a session has one peer: the last address given */
		case ROAM_A_SESSION_PEER_IPV4:
			if (a.len != 4)
				break;
			s->peer_ipv4 = ntohl(get32(&a));
			memset(s->peer_ipv6, 0, 16);
			s->peer_family = AF_INET;
			break;
		case ROAM_A_SESSION_PEER_IPV6:
			if (a.len != 16)
				break;
			memcpy(s->peer_ipv6, a.data, 16);
			s->peer_ipv4 = 0;
			s->peer_family = AF_INET6;
			break;
		case ROAM_A_SESSION_PEER_PORT:
			s->has_peer_port = a.len == 2;
			s->peer_port = s->has_peer_port ? ntohs(get16(&a)) : 0;
			break;
		case ROAM_A_SESSION_RX_PACKETS:
			s->rx_packets = counter(&a);
			s->has_stats = true;
			break;
		case ROAM_A_SESSION_TX_PACKETS:
			s->tx_packets = counter(&a);
			s->has_stats = true;
			break;
		case ROAM_A_SESSION_RX_BYTES:
			s->rx_bytes = counter(&a);
			break;
		case ROAM_A_SESSION_TX_BYTES:
			s->tx_bytes = counter(&a);
			break;
		case ROAM_A_SESSION_RX_DROPPED:
			s->rx_dropped = counter(&a);
			break;
		case ROAM_A_SESSION_TX_DROPPED:
			s->tx_dropped = counter(&a);
			break;
		case ROAM_A_SESSION_DEL_REASON:
			s->del_reason = a.len == 4 ? get32(&a) : 0;
			break;
		case ROAM_A_SESSION_L2TP:
			l2tp = a;
			break;
		case ROAM_A_SESSION_PPTP:
			pptp = a;
			break;
		}
	}
	if (!ifindex || !id)
		return -1;
	/* the nests last, as the last of each is the one that counts */
	if (l2tp.data && decode_l2tp(&l2tp, s))
		return -1;
	if (pptp.data && decode_pptp(&pptp, s))
		return -1;
	return 0;
}
