/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What roamd keeps on a tmpfs (/run/roam/state) so that a roamd started
 * after a crash can recognise what an earlier one left in the kernel, tell
 * each client that its connection is gone (an authenticated IKE DELETE, an
 * L2TP StopCCN through the still-installed SA) and remove it.
 *
 * The file holds keys (SKEYID_a/_e, the phase 1 IV): it is written 0600
 * and never logged.  It is also input (anyone able to write /run/roam
 * is root already, but a half-written or truncated file after a power cut
 * on a persistent /run must not crash roamd): the codec takes explicit
 * lengths and refuses anything out of shape as a whole.
 *
 * Format (all integers big-endian):
 *   "ROAMSTAT"  u32 version  u32 body length  body  u32 CRC-32 of all before
 *   body: records, each  u8 type  u8 0  u16 length  fields
 * Each record type has one fixed length; an unknown type is refused (a
 * newer roamd's file is not half-understood).
 *
 * The *_resume records (types 5-7) and the session_aaa record (type 8) carry what taking a session over
 * needs beyond what telling its client and cleaning up needs: a file
 * without them (an older roamd's) is read whole, and its sessions are
 * ended as before.  Each names the record it completes by its key
 * (IKE cookies, L2TP tunnel id, kernel session ifindex/id).
 */
#ifndef ROAMD_RESTART_STATE_H
#define ROAMD_RESTART_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RESTART_STATE_VERSION	1
/* Far above 100k sessions' worth; a larger file is refused unread. */
#define RESTART_STATE_MAX	(64u << 20)

#define RESTART_KEY_MAX		64	/* IKE_MAX_HASH */
#define RESTART_ENCKEY_MAX	32	/* IKE_MAX_KEY */
#define RESTART_BLOCK_MAX	16	/* IKE_MAX_BLOCK */
#define RESTART_USER_MAX	256	/* PPP_NAME_MAX + 1 */
#define RESTART_GROUP_MAX	32
#define RESTART_PEER_ID_MAX	256	/* IKE_MAX_ID */
#define RESTART_HOST_MAX	64	/* an L2TP Host Name, NUL-terminated */
#define RESTART_ACCT_ID_MAX	32	/* an Acct-Session-Id, NUL-terminated */
#define RESTART_CLASS_MAX	253	/* a RADIUS attribute's value */

/* An IPv4 or IPv6 endpoint (family AF_INET / AF_INET6, port host order). */
struct restart_addr {
	uint16_t family;
	uint16_t port;
	uint8_t ip[16];
};

/* An established ISAKMP SA: enough to send an encrypted Informational. */
struct restart_ike {
	uint8_t cky_i[8], cky_r[8];
	struct restart_addr local, remote;
	uint8_t natt;			/* enum ike_natt */
	uint8_t hash;			/* enum ike_hash */
	uint16_t enc;			/* enum ike_enc */
	uint8_t blk;			/* cipher block, bytes */
	uint8_t prf_len;
	uint8_t enc_len;
	uint8_t skeyid_d[RESTART_KEY_MAX];
	uint8_t skeyid_a[RESTART_KEY_MAX];
	uint8_t skeyid_e[RESTART_KEY_MAX];
	uint8_t enc_key[RESTART_ENCKEY_MAX];
	uint8_t iv[RESTART_BLOCK_MAX];	/* the last phase 1 IV */
};

/* An ESP SA pair of an IPsec client (ipsec/clients.h). */
struct restart_esp {
	uint32_t mark;			/* the client's; also the reqid */
	struct restart_addr local, remote;
	uint32_t spi_in, spi_out;	/* host order */
	uint16_t encap_sport, encap_dport;	/* 0: no UDP encapsulation */
	uint8_t tunnel;
};

/* An L2TP tunnel (LNS side). */
struct restart_l2tp {
	uint16_t tid, peer_tid;
	struct restart_addr local, peer;
	uint32_t mark;			/* the SA binding; 0: plaintext */
	uint16_t ns, nr;		/* the next ones we would send */
};

/* A kernel session of any access method. */
struct restart_session {
	uint32_t ifindex, id;
	uint32_t kind;			/* ROAM_KIND_* */
	uint32_t ipv4;			/* network order; 0: none yet */
	uint16_t tid, sid;		/* L2TP tunnel and session; 0: PPTP */
	uint16_t call_id, peer_call_id;	/* PPTP; 0 for L2TP */
	char user[RESTART_USER_MAX];
	char group[RESTART_GROUP_MAX];
};

/* Flags of an ISAKMP SA (restart_ike_resume.flags). */
#define RESTART_IKE_DPD		0x01	/* the peer does RFC 3706 DPD */
#define RESTART_IKE_MS_CLIENT	0x02	/* the Windows client */
#define RESTART_IKE_NAT_LOCAL	0x04	/* we are behind a NAT */
#define RESTART_IKE_NAT_PEER	0x08	/* the peer is */
#define RESTART_IKE_AGGRESSIVE	0x10
#define RESTART_IKE_FLAGS	0x1f

/*
 * What resuming an ISAKMP SA needs beyond its secrets: DPD where it was,
 * when the SA expires, who the peer said it was.  Times are
 * CLOCK_MONOTONIC milliseconds: they hold across a process restart (not
 * a reboot, which the kernel's SAs do not survive either).
 */
struct restart_ike_resume {
	uint8_t cky_i[8], cky_r[8];	/* the restart_ike it completes */
	uint8_t flags;			/* RESTART_IKE_* */
	uint16_t auth_method;		/* PSK or XAUTHInitPreShared */
	uint32_t life_s;
	uint64_t expire_ms;
	uint32_t dpd_seq;		/* the last R-U-THERE we sent */
	uint32_t dpd_peer_seq;		/* the last one the peer sent */
	uint16_t peer_id_len;		/* <= RESTART_PEER_ID_MAX */
	uint8_t peer_id[RESTART_PEER_ID_MAX];
};

/*
 * What resuming an L2TP tunnel's reliable delivery needs beyond Ns/Nr:
 * the oldest Ns of ours not acknowledged (messages in flight die with
 * the process: the tunnel goes on from there, so that the peer sees no
 * gap), and the peer's receive window and name.
 */
struct restart_l2tp_resume {
	uint16_t tid;			/* the restart_l2tp it completes */
	uint16_t ns_una;
	uint16_t peer_rws;		/* >= 1 */
	char peer_host[RESTART_HOST_MAX];
};

/* Flags of a PPP session (restart_session_resume.flags). */
#define RESTART_PPP_AUTHENTICATED	0x01
#define RESTART_PPP_IPV4_UP		0x02
#define RESTART_PPP_PEER_PFC		0x04
#define RESTART_PPP_PEER_ACFC		0x08
#define RESTART_PPP_FLAGS		0x0f

/*
 * A session's negotiated PPP state (LCP: magic numbers, MRU, the
 * authentication done; IPCP: the addresses), the L2TP call it rides and
 * its accounting, enough to go on in state Opened without renegotiating
 * and to continue its accounting session (no new Start).
 */
struct restart_session_resume {
	uint32_t ifindex, id;		/* the restart_session it completes */
	uint16_t peer_sid;		/* L2TP: the peer's session id */
	uint8_t flags;			/* RESTART_PPP_* */
	uint8_t auth_method;		/* enum ppp_auth_method */
	uint16_t peer_mru;		/* the most we may send */
	uint32_t our_magic, peer_magic;
	uint32_t local_ip, peer_ip;	/* host order */
	uint64_t started_unix;		/* wall clock, seconds */
	uint64_t started_ms;		/* CLOCK_MONOTONIC */
	char acct_id[RESTART_ACCT_ID_MAX];	/* "": not accounted */
};

/*
 * What the authentication server (RADIUS) granted a session, for the
 * sessions it granted something: without it a session taken over would
 * fall back to its group policy's limits, and its accounting would lose
 * the Class the server asked to see again (RFC 2865 5.25).
 */
struct restart_session_aaa {
	uint32_t ifindex, id;		/* the restart_session it completes */
	uint32_t session_timeout;	/* seconds; 0: none */
	uint32_t idle_timeout;		/* seconds; 0: none */
	uint32_t interim;		/* Acct-Interim-Interval, s; 0: none */
	uint16_t class_len;		/* <= RESTART_CLASS_MAX */
	uint8_t class_val[RESTART_CLASS_MAX];
};

struct restart_state {
	struct restart_ike *ike;
	size_t n_ike;
	struct restart_esp *esp;
	size_t n_esp;
	struct restart_l2tp *l2tp;
	size_t n_l2tp;
	struct restart_session *sess;
	size_t n_sess;
	struct restart_ike_resume *ike_res;
	size_t n_ike_res;
	struct restart_l2tp_resume *l2tp_res;
	size_t n_l2tp_res;
	struct restart_session_resume *sess_res;
	size_t n_sess_res;
	struct restart_session_aaa *sess_aaa;
	size_t n_sess_aaa;
};

enum restart_err {
	RESTART_OK,
	RESTART_ERR_SHORT,		/* shorter than its header or lengths */
	RESTART_ERR_MAGIC,
	RESTART_ERR_VERSION,
	RESTART_ERR_LENGTH,		/* lengths disagree, or too large */
	RESTART_ERR_CRC,
	RESTART_ERR_RECORD,		/* unknown type or wrong length */
	RESTART_ERR_FIELD,		/* a field out of range */
	RESTART_ERR_NOMEM,
};

const char *restart_strerror(enum restart_err e);

void restart_state_init(struct restart_state *s);
/* Frees the arrays, wiping the keys first. */
void restart_state_free(struct restart_state *s);

/* Appenders: 0, or -1 when out of memory. */
int restart_state_add_ike(struct restart_state *s, const struct restart_ike *r);
int restart_state_add_esp(struct restart_state *s, const struct restart_esp *r);
int restart_state_add_l2tp(struct restart_state *s,
			   const struct restart_l2tp *r);
int restart_state_add_session(struct restart_state *s,
			      const struct restart_session *r);
int restart_state_add_ike_resume(struct restart_state *s,
				 const struct restart_ike_resume *r);
int restart_state_add_l2tp_resume(struct restart_state *s,
				  const struct restart_l2tp_resume *r);
int restart_state_add_session_resume(struct restart_state *s,
				     const struct restart_session_resume *r);
int restart_state_add_session_aaa(struct restart_state *s,
				  const struct restart_session_aaa *r);

/*
 * Encode into a fresh buffer (*buf, *len; the caller wipes and frees it).
 * 0, or -1 when out of memory or over RESTART_STATE_MAX.
 */
int restart_state_encode(const struct restart_state *s, uint8_t **buf,
			 size_t *len);
/*
 * Decode len bytes into s (initialised here).  On any error s is left
 * empty: a file is taken whole or not at all.
 */
enum restart_err restart_state_decode(const uint8_t *buf, size_t len,
				      struct restart_state *s);

#endif /* ROAMD_RESTART_STATE_H */
