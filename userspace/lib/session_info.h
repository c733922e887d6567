/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sessions as plain data: the kernel's (as the "roam" family describes
 * them) and roamd's calls.  Kept apart from genl.h so that code without
 * libnl (the printer, roamd's merge, the unit tests) can use them.
 */
#ifndef ROAM_SESSION_INFO_H
#define ROAM_SESSION_INFO_H

#include <stdbool.h>
#include <stdint.h>

struct roam_session_info {
	uint32_t ifindex;
	uint32_t id;
	uint32_t kind;
	uint32_t state;			/* 0 when absent */
	bool has_ipv4, has_ipv6;
	uint32_t ipv4;			/* host byte order */
	uint8_t ipv6[16];
	int peer_family;		/* 0, AF_INET or AF_INET6 */
	uint32_t peer_ipv4;		/* host byte order */
	uint8_t peer_ipv6[16];
	bool has_peer_port;
	uint16_t peer_port;		/* host byte order */
	bool has_stats;
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	uint64_t rx_dropped, tx_dropped;
	uint32_t del_reason;		/* events only; 0 when absent */
	/* l2tp sessions bound to a tunnel; l2tp_fd only in requests */
	bool has_l2tp;
	int l2tp_fd;
	uint16_t l2tp_tunnel_id, l2tp_session_id;
	uint16_t l2tp_peer_tunnel_id, l2tp_peer_session_id;
	uint32_t l2tp_xfrm_mark;	/* 0 when absent */
	bool l2tp_allow_plain;
	uint64_t l2tp_rx_unbound;
	/* pptp sessions bound to a call (the MPPE keys are never read back) */
	bool has_pptp;
	uint16_t pptp_call_id, pptp_peer_call_id;
	uint32_t pptp_local_ipv4;	/* host byte order */
	uint8_t pptp_mppe_bits;		/* 0: no MPPE */
	bool pptp_mppe_stateless;
	uint64_t pptp_rx_seq_dropped, pptp_rx_reordered, pptp_rx_mppe_errors;
	uint64_t pptp_rx_unbound;
	uint64_t pptp_rx_malformed, pptp_acks_sent;
};

/* MPPE as CCP negotiated it, for the kernel (RFC 3079 start keys). */
struct roam_pptp_mppe {
	uint8_t bits;			/* 0 (off), 40, 56 or 128 */
	bool stateless;
	uint8_t keylen;			/* 8 or 16 */
	uint8_t send_key[16];		/* ours (the server's send key) */
	uint8_t recv_key[16];		/* the client's send key */
};

/* Longest user name a call can carry (PPP allows 255 bytes). */
#define ROAM_CALL_USER_MAX	255

/*
 * What roamd knows of one call (a PPP session it negotiates) that the
 * kernel does not: who, how, since when.  For "session show".
 */
struct roam_call_view {
	uint32_t kernel_id;		/* its kernel session; 0: none yet */
	uint32_t ifindex;		/* the device it is (or will be) on */
	uint32_t kind;			/* ROAM_KIND_* */
	bool ipsec;			/* inside an IPsec SA */
	char user[ROAM_CALL_USER_MAX + 1];	/* "" before authentication */
	const char *ppp_phase;		/* a static string */
	uint64_t uptime;		/* seconds since the call began */
	uint32_t addr;			/* host byte order; 0: none yet */
	uint32_t peer_ipv4;		/* host byte order */
	uint16_t peer_port;		/* host byte order */
	bool has_l2tp;
	uint16_t l2tp_tunnel_id, l2tp_session_id;
	uint16_t l2tp_peer_tunnel_id, l2tp_peer_session_id;
	uint32_t l2tp_xfrm_mark;	/* 0: no IPsec */
	/*
	 * Calls of access methods without a kernel session (IKE
	 * Mode-Config clients, in ESP tunnel mode): their protocol
	 * ("ike/xauth"), group and the traffic of their ESP SAs.
	 */
	const char *protocol;		/* static; NULL: kind[/ipsec] */
	char group[64];			/* "" when none */
	bool has_traffic;
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
	bool has_ppp;			/* the fields below are PPP's */
	const char *auth;		/* "mschapv2": static; NULL: not yet */
	unsigned int mppe_bits;		/* 0: no MPPE (yet) */
	bool mppe_stateless;
};

/* One line of "session show": a kernel session, a call, or both. */
struct roam_session_row {
	const struct roam_session_info *s;	/* NULL: not in the kernel */
	const struct roam_call_view *call;	/* NULL: not roamd's */
};

#endif /* ROAM_SESSION_INFO_H */
