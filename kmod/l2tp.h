/* SPDX-License-Identifier: GPL-2.0 */
/*
 * roam_l2tp internals: L2TPv2 data messages (RFC 2661) carrying PPP for
 * roam sessions, through roamd's own UDP socket.
 */
#ifndef _ROAM_L2TP_H
#define _ROAM_L2TP_H

#include <linux/rhashtable.h>
#include <net/dst.h>
#include <net/sock.h>

#include "roam.h"
#include "route.h"

/* Header bits of the first 16-bit word (RFC 2661 section 3.1). */
#define ROAM_L2TP_T		0x8000	/* control message */
#define ROAM_L2TP_L		0x4000	/* length field present */
#define ROAM_L2TP_S		0x0800	/* Ns/Nr present */
#define ROAM_L2TP_O		0x0200	/* offset size present */
#define ROAM_L2TP_VER_MASK	0x000f
#define ROAM_L2TP_VERSION	2

#define ROAM_PPP_IPV4		0x0021
#define ROAM_PPP_IPV6		0x0057

/* L2TP header without options (flags, tunnel id, session id). */
#define ROAM_L2TP_DATA_HLEN	6
/* PPP address, control and uncompressed protocol fields. */
#define ROAM_PPP_HLEN		4

/*
 * The largest inner GSO packet sent whole: with the outer IPv4, UDP, L2TP
 * and PPP headers its length still fits the 16-bit IP and UDP lengths
 * (they are rewritten per segment, but the stack reads them on the way).
 */
#define ROAM_L2TP_GSO_MAX_LEN	(0xffff - 20 - 8 - ROAM_L2TP_DATA_HLEN - \
				 ROAM_PPP_HLEN)

/**
 * struct roam_l2tp_sock - a UDP socket of roamd that carries tunnels
 * @sk: the socket; one reference held while this exists
 * @sessions: bound sessions by (our tunnel id, our session id); written
 *	under the socket's lock (lock_sock(@sk)), read under RCU by the
 *	receive path. Resizable, so a lookup stays O(1) from one session to
 *	hundreds of thousands on roamd's one socket.
 * @n_sessions: sessions counted on this socket: those in @sessions, plus
 *	one being moved here by a re-bind (under lock_sock(@sk)). The hook
 *	stays attached while it is not 0.
 * @refs: one per session counted in @n_sessions, held until the session
 *	is released (a grace period after it left)
 *
 * The socket's own lock serialises everything done to one socket: the
 * hook is attached, found and detached, and @sessions and @n_sessions
 * written, only under lock_sock(@sk); see l2tp_sock.c for why that is
 * enough.
 */
struct roam_l2tp_sock {
	struct sock *sk;
	struct rhashtable sessions;
	unsigned int n_sessions;
	refcount_t refs;
};

/**
 * struct roam_l2tp_session - l2tp state of a roam session
 * @node: entry in @ls->sessions
 * @lock: serialises the bind, re-bind, unbind and release of this one
 *	session; protects the writes of @ls and @unbound. Taken before the
 *	socket's lock; never taken on the packet path. A sleeping lock in
 *	one bit (roam_l2tp_ps_lock()), not a struct mutex: 32 bytes more
 *	made a session's one allocation, with roam_session, 280 bytes, and
 *	kmalloc served it from its 512-byte bucket instead of 256.
 * @ls: the socket the tunnel uses; NULL for a session declared without one
 *	(it carries nothing until deleted). Written under @lock, read
 *	locklessly by the transmit path: a re-bind publishes the new one
 *	and lets the old one go only after a grace period.
 * @unbound: taken out of the receive path for good (being deleted): a
 *	re-bind must not put it back (under @lock)
 * @key: our tunnel id << 16 | our session id
 * @peer_tunnel_id: written into the packets we send
 * @peer_session_id: written into the packets we send
 * @mark: the tunnel's IPsec SA mark; 0 with @allow_plain
 * @allow_plain: carry data without IPsec
 * @rx_unbound: data refused because it did not come through the tunnel's SA
 * @route: the route to the peer (through its SA) that the last packet
 *	took, read and replaced without a lock (kmod/route.c). Checked on
 *	every use, so a route or SA change (rekey, delete) is seen by the
 *	next packet. The flow it caches (peer, port, mark, the socket's
 *	address and port) is fixed for the session's life: a re-bind takes
 *	only a socket bound to the same address and port as the one it
 *	replaces; a peer move resets it.
 */
struct roam_l2tp_session {
	struct rhash_head node;
	unsigned long lock;
	struct roam_l2tp_sock *ls;
	struct roam_route_cache route;
	u32 key;
	u16 peer_tunnel_id;
	u16 peer_session_id;
	u32 mark;
	bool unbound;
	bool allow_plain;
	atomic64_t rx_unbound;
};

/* The bit of roam_l2tp_session.lock that is the sleeping lock. */
#define ROAM_L2TP_PS_LOCKED	0

static inline u32 roam_l2tp_key(u16 tunnel_id, u16 session_id)
{
	return (u32)tunnel_id << 16 | session_id;
}

int roam_l2tp_bind(struct roam_session *s, struct roam_l2tp_session *ps,
		   int fd, struct netlink_ext_ack *extack);
int roam_l2tp_rebind(struct roam_session *s, struct roam_l2tp_session *ps,
		     int fd, struct netlink_ext_ack *extack);
void roam_l2tp_unbind(struct roam_l2tp_session *ps);
void roam_l2tp_release(struct roam_l2tp_session *ps);
int roam_l2tp_xmit(struct roam_session *s, struct sk_buff *skb);

#endif /* _ROAM_L2TP_H */
