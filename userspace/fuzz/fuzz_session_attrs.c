// SPDX-License-Identifier: GPL-2.0
/*
 * The session row decoder (lib/session_attrs.c), on whatever a session
 * message of the "roam" family carries after its genetlink header.  A
 * row it accepts is encoded again, as the kernel would send those fields,
 * and must decode to the same struct: a decoder that reads a field one
 * way here and another way there fails the round trip.
 */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/roam.h>

#include "nla_write.h"
#include "session_attrs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PUT(m, type, v) do {					\
	__typeof__(v) _v = (v);					\
	nla_buf_put((m), (type), &_v, sizeof(_v));		\
} while (0)

static void encode(const struct roam_session_info *s, struct nla_buf *m)
{
	struct nla_buf n;

	m->len = 0;
	PUT(m, ROAM_A_SESSION_IFINDEX, s->ifindex);
	PUT(m, ROAM_A_SESSION_ID, s->id);
	PUT(m, ROAM_A_SESSION_KIND, s->kind);
	PUT(m, ROAM_A_SESSION_STATE, s->state);
	if (s->has_ipv4)
		PUT(m, ROAM_A_SESSION_IPV4, htonl(s->ipv4));
	if (s->has_ipv6)
		nla_buf_put(m, ROAM_A_SESSION_IPV6, s->ipv6, 16);
	if (s->peer_family == AF_INET)
		PUT(m, ROAM_A_SESSION_PEER_IPV4, htonl(s->peer_ipv4));
	if (s->peer_family == AF_INET6)
		nla_buf_put(m, ROAM_A_SESSION_PEER_IPV6, s->peer_ipv6, 16);
	if (s->has_peer_port)
		PUT(m, ROAM_A_SESSION_PEER_PORT, htons(s->peer_port));
	if (s->has_stats) {
		PUT(m, ROAM_A_SESSION_RX_PACKETS, s->rx_packets);
		PUT(m, ROAM_A_SESSION_TX_PACKETS, s->tx_packets);
	}
	PUT(m, ROAM_A_SESSION_RX_BYTES, s->rx_bytes);
	PUT(m, ROAM_A_SESSION_TX_BYTES, s->tx_bytes);
	PUT(m, ROAM_A_SESSION_RX_DROPPED, s->rx_dropped);
	PUT(m, ROAM_A_SESSION_TX_DROPPED, s->tx_dropped);
	PUT(m, ROAM_A_SESSION_DEL_REASON, s->del_reason);
	if (s->has_l2tp) {
		n.len = 0;
		PUT(&n, ROAM_A_L2TP_TUNNEL_ID, s->l2tp_tunnel_id);
		PUT(&n, ROAM_A_L2TP_SESSION_ID, s->l2tp_session_id);
		PUT(&n, ROAM_A_L2TP_PEER_TUNNEL_ID, s->l2tp_peer_tunnel_id);
		PUT(&n, ROAM_A_L2TP_PEER_SESSION_ID, s->l2tp_peer_session_id);
		PUT(&n, ROAM_A_L2TP_XFRM_MARK, s->l2tp_xfrm_mark);
		if (s->l2tp_allow_plain)
			nla_buf_put(&n, ROAM_A_L2TP_ALLOW_PLAIN, "", 0);
		PUT(&n, ROAM_A_L2TP_RX_UNBOUND, s->l2tp_rx_unbound);
		nla_buf_put(m, ROAM_A_SESSION_L2TP | NLA_F_NESTED, n.b, n.len);
	}
	if (s->has_pptp) {
		n.len = 0;
		PUT(&n, ROAM_A_PPTP_CALL_ID, s->pptp_call_id);
		PUT(&n, ROAM_A_PPTP_PEER_CALL_ID, s->pptp_peer_call_id);
		PUT(&n, ROAM_A_PPTP_LOCAL_IPV4, htonl(s->pptp_local_ipv4));
		PUT(&n, ROAM_A_PPTP_MPPE_BITS, s->pptp_mppe_bits);
		if (s->pptp_mppe_stateless)
			nla_buf_put(&n, ROAM_A_PPTP_MPPE_STATELESS, "", 0);
		PUT(&n, ROAM_A_PPTP_RX_SEQ_DROPPED, s->pptp_rx_seq_dropped);
		PUT(&n, ROAM_A_PPTP_RX_MPPE_ERRORS, s->pptp_rx_mppe_errors);
		PUT(&n, ROAM_A_PPTP_RX_UNBOUND, s->pptp_rx_unbound);
		PUT(&n, ROAM_A_PPTP_RX_MALFORMED, s->pptp_rx_malformed);
		PUT(&n, ROAM_A_PPTP_ACKS_SENT, s->pptp_acks_sent);
		PUT(&n, ROAM_A_PPTP_RX_REORDERED, s->pptp_rx_reordered);
		nla_buf_put(m, ROAM_A_SESSION_PPTP | NLA_F_NESTED, n.b, n.len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct roam_session_info s, again;
	/* a copy of exactly size bytes, so a read past it is caught */
	uint8_t *copy = malloc(size ? size : 1);
	struct nla_buf m;

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	if (!roam_session_attrs_decode(copy, size, &s)) {
		encode(&s, &m);
		if (roam_session_attrs_decode(m.b, m.len, &again) ||
		    memcmp(&s, &again, sizeof(s)))
			abort();
	}
	free(copy);
	return 0;
}
