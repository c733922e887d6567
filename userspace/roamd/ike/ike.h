/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv1 responder for two kinds of client, on one engine:
 *
 *  - L2TP/IPsec (Windows, macOS/iOS, Android, strongSwan): Main Mode with
 *    pre-shared keys, Quick Mode for ESP transport mode protecting UDP/1701;
 *  - remote access in the Cisco VPN Client / vpnc style: Aggressive Mode
 *    (or Main Mode with a wildcard key) for a group, XAUTH, Mode-Config
 *    (the client's pull or our push) and Quick Mode in ESP tunnel mode.
 *
 * Both get NAT traversal (RFC 3947 and its drafts), DPD, INITIAL-CONTACT
 * and delete notifications.
 *
 * The responder does no I/O.  The event loop hands it datagrams (with the
 * non-ESP marker already stripped on port 4500) and the time, and carries
 * out the actions it returns: send a datagram, install or delete an ESP SA
 * pair, arm a timer, write a log line.  Everything else (sockets, xfrm,
 * keepalives) belongs to the caller.
 *
 * Remote-access clients also need the host's user database and address
 * pools.  The engine asks through events (struct ike_event, in the same
 * struct ike_actions) and the host answers later, by calling
 * ike_xauth_verdict() and ike_client_config() with the event's sa_id:
 *
 *   IKE_EV_XAUTH_CHECK   user and password to check (local users, RADIUS);
 *                        answer ike_xauth_verdict(ok or not, reason)
 *   IKE_EV_CONFIG_NEED   the settings of this group's/user's client;
 *                        answer ike_client_config(cfg, or NULL + reason)
 *   IKE_EV_XAUTH_FAILED  the user failed for good; the SA is deleted
 *   IKE_EV_CLIENT_DOWN   the IKE SA of a client given an address ended
 *                        (deleted, dead, expired, replaced): its ESP SAs
 *                        are deleted and the address may go back to its pool
 *
 * An answer may come from inside the loop that runs the events or much
 * later; an answer for an SA that is gone is ignored (the call returns -1).
 */
#ifndef ROAM_IKE_H
#define ROAM_IKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IKE_PORT		500
#define IKE_NATT_PORT		4500
#define IKE_L2TP_PORT		1701

/* An outer address: family AF_INET (ip[0..3]) or AF_INET6; port host order. */
struct ike_addr {
	uint16_t family;
	uint16_t port;
	uint8_t ip[16];
};

/* Phase 1 algorithms, numbered as the IKE attributes (RFC 2409 App. A). */
enum ike_enc {
	IKE_ENC_DES = 1,
	IKE_ENC_3DES = 5,
	IKE_ENC_AES_CBC = 7,
};

enum ike_hash {
	IKE_HASH_MD5 = 1,
	IKE_HASH_SHA1 = 2,
	IKE_HASH_SHA2_256 = 4,
	IKE_HASH_SHA2_384 = 5,
	IKE_HASH_SHA2_512 = 6,
};

enum ike_group {
	IKE_GROUP_MODP768 = 1,
	IKE_GROUP_MODP1024 = 2,
	IKE_GROUP_MODP1536 = 5,
	IKE_GROUP_MODP2048 = 14,
	IKE_GROUP_ECP256 = 19,
	IKE_GROUP_ECP384 = 20,
};

/* ESP algorithms, numbered as RFC 2407's transform IDs and attributes. */
enum ike_esp_enc {
	IKE_ESP_DES = 2,
	IKE_ESP_3DES = 3,
	IKE_ESP_AES_CBC = 12,
};

enum ike_esp_auth {
	IKE_ESP_AUTH_MD5 = 1,
	IKE_ESP_AUTH_SHA1 = 2,
	IKE_ESP_AUTH_SHA2_256 = 5,
	IKE_ESP_AUTH_SHA2_384 = 6,
	IKE_ESP_AUTH_SHA2_512 = 7,
};

/* key_bits: 128/192/256 for AES, 0 for the fixed-size ciphers. */
struct ike_p1_prop {
	enum ike_enc enc;
	uint16_t key_bits;
	enum ike_hash hash;
	enum ike_group group;
};

struct ike_p2_prop {
	enum ike_esp_enc enc;
	uint16_t key_bits;
	enum ike_esp_auth auth;
};

/* A pre-shared key for one peer address, or for any peer when any is set. */
struct ike_psk {
	bool any;
	struct ike_addr peer;		/* port ignored */
	const uint8_t *key;
	size_t key_len;
	/*
	 * Main Mode clients that authenticate with this key belong to this
	 * remote-access group (seed 004's wildcard key): XAUTH and
	 * Mode-Config follow phase 1 as the group says.  NULL: L2TP/IPsec
	 * only, as before.
	 */
	const char *group;
};

#define IKE_NAME_MAX		64	/* group names, with the NUL */
#define IKE_USER_MAX		128	/* XAUTH user names and passwords */

/*
 * A remote-access group (seed 003's tunnel-group): its key, how its users
 * authenticate and how its clients get their settings.
 */
struct ike_ra_group {
	const char *name;	/* ID_KEY_ID / ID_FQDN / ID_USER_FQDN in AM */
	const uint8_t *psk;	/* Aggressive Mode key */
	size_t psk_len;
	/*
	 * Aggressive Mode is weak: the exchange carries HASH_R in clear,
	 * so one captured exchange lets anyone try PSKs offline.
	 */
	bool aggressive;
	bool xauth;		/* ask for user name and password */
	bool push_config;	/* we send SET; else the client pulls */
};

struct ike_config {
	const struct ike_psk *psk;
	size_t n_psk;
	/* In order of preference: the first one the peer also offers wins. */
	const struct ike_p1_prop *p1;
	size_t n_p1;
	const struct ike_p2_prop *p2;
	size_t n_p2;
	/* DES, MD5, MODP-768 and MODP-1024: refused unless this is set. */
	bool allow_weak;
	uint32_t p1_lifetime_s;		/* longest phase 1 we accept */
	uint32_t p2_lifetime_s;		/* longest phase 2; shorter is echoed */
	uint32_t p2_lifetime_kb;	/* 0: no volume limit of our own */
	uint32_t dpd_interval_s;	/* 0: never probe; ACKs are always sent */
	uint32_t dpd_timeout_s;
	uint32_t retransmit_ms;		/* first resend of an unanswered reply */
	uint32_t retransmit_tries;
	uint32_t half_open_s;		/* unfinished exchanges are dropped */
	/*
	 * Phase 1 negotiations in setup (half-open) past which a new one
	 * is dropped unanswered: load shedding (ike set setup-limit).
	 * 0: IKE_DEFAULT_MAX_HALF_OPEN.  One address may hold at most
	 * IKE_MAX_HALF_OPEN_PER_PEER of them, and never more than this.
	 */
	unsigned int max_half_open;
	const struct ike_ra_group *groups;
	size_t n_groups;
	unsigned int xauth_tries;	/* wrong passwords before the SA goes */
};

/* The bounds on half-open phase 1 negotiations, in all and per address. */
#define IKE_DEFAULT_MAX_HALF_OPEN	4096

/* The bound on half-open negotiations a setting of @n puts in force. */
static inline unsigned int ike_max_half_open(unsigned int n)
{
	return n ? n : IKE_DEFAULT_MAX_HALF_OPEN;
}
#define IKE_MAX_HALF_OPEN_PER_PEER	256

/* Fill in the defaults: the proposal sets of Windows, Apple and Android. */
void ike_config_default(struct ike_config *cfg);

/* An IPv4 network: address (network order) and prefix length. */
struct ike_ip4net {
	uint8_t addr[4];
	uint8_t prefix;
};

/* An ESP SA pair in transport or tunnel mode, to be installed with XFRM. */
struct ike_esp_sa {
	uint64_t id;			/* stable handle for this pair */
	uint32_t spi_in;		/* ours: peer -> us */
	uint32_t spi_out;		/* the peer's: us -> peer */
	struct ike_addr local;		/* outer addresses and ports */
	struct ike_addr remote;
	enum ike_esp_enc enc;
	uint16_t enc_key_len;		/* bytes */
	enum ike_esp_auth auth;
	uint16_t auth_key_len;		/* bytes */
	uint16_t auth_trunc_bits;	/* ICV length: 96, or RFC 4868's half */
	uint8_t enc_key_in[32], enc_key_out[32];
	uint8_t auth_key_in[64], auth_key_out[64];
	bool transport;			/* false: tunnel mode */
	bool encap;			/* UDP-encapsulated ESP (NAT-T) */
	uint16_t encap_sport, encap_dport; /* local 4500, peer's port */
	/*
	 * Traffic selectors.  Transport mode (L2TP): UDP, local port
	 * (1701), remote port (0 = any).  Tunnel mode: protocol (0 = any)
	 * and ports from the Quick Mode IDs, and the networks below.
	 */
	uint8_t ts_proto;
	uint16_t ts_lport, ts_rport;
	struct ike_ip4net ts_local;	/* tunnel: ours, 0.0.0.0/0 or a split net */
	struct ike_ip4net ts_remote;	/* tunnel: the client's address, /32 */
	uint64_t ike_sa_id;		/* the IKE SA (client) that made it */
	/* Original addresses from NAT-OA (family 0 when not sent). */
	struct ike_addr nat_oa_peer, nat_oa_local;
	uint32_t lifetime_s;
	uint64_t lifetime_kb;		/* 0: no limit */
};

enum ike_action_type {
	IKE_ACT_SEND,		/* on 4500 the caller adds the non-ESP marker */
	IKE_ACT_SA_ADD,
	IKE_ACT_SA_DEL,
	IKE_ACT_TIMER,		/* call ike_timer() at deadline_ms */
	IKE_ACT_LOG,
	IKE_ACT_SA_MAP,		/* a pair's peer moved: update its encapsulation */
};

/* Syslog levels. */
enum ike_log_level {
	IKE_LOG_ERR = 3,
	IKE_LOG_WARN = 4,
	IKE_LOG_INFO = 6,
	IKE_LOG_DEBUG = 7,
};

struct ike_action {
	enum ike_action_type type;
	union {
		struct {
			struct ike_addr local, remote;
			uint8_t *buf;
			size_t len;
		} send;
		struct ike_esp_sa sa;		/* SA_ADD and SA_DEL */
		/*
		 * SA_MAP: the pair (spi_in, spi_out) now reaches its peer
		 * at new_remote (the port the ESP-in-UDP packets go to);
		 * no keys.
		 */
		struct {
			uint64_t id;
			uint32_t spi_in, spi_out;
			struct ike_addr old_remote, new_remote;
		} map;
		uint64_t deadline_ms;		/* TIMER; 0: none pending */
		struct {
			enum ike_log_level level;
			char *text;
		} log;
	};
};

/*
 * Questions and reports for the host's user database, pools and sessions
 * (see the top of this file).  They are kept apart from the actions so
 * that a host which knows only the actions keeps working: it never sees
 * a remote-access group, so it never gets an event.
 */
enum ike_event_type {
	IKE_EV_XAUTH_CHECK,
	IKE_EV_XAUTH_FAILED,
	IKE_EV_CONFIG_NEED,
	IKE_EV_CLIENT_DOWN,
};

struct ike_event {
	enum ike_event_type type;
	uint64_t sa_id;			/* for the answer */
	struct ike_addr remote;
	char group[IKE_NAME_MAX];
	char user[IKE_USER_MAX];	/* empty for a group without XAUTH */
	/* XAUTH_CHECK only; never log it.  Wiped by ike_actions_clear(). */
	char password[IKE_USER_MAX];
	char reason[160];		/* XAUTH_FAILED, CLIENT_DOWN */
	uint8_t addr[4];		/* CLIENT_DOWN: the address it had */
};

/* Actions accumulate here; the caller runs them in order, then clears. */
struct ike_actions {
	struct ike_action *v;
	size_t n, cap;
	struct ike_event *ev;		/* run after the actions */
	size_t n_ev, cap_ev;
};

void ike_actions_init(struct ike_actions *a);
/* Frees the buffers and wipes the keys. */
void ike_actions_clear(struct ike_actions *a);

struct ike_ctx;

/* The configuration is copied; NULL on allocation failure. */
struct ike_ctx *ike_new(const struct ike_config *cfg);
/* Replace the configuration; established SAs keep what they negotiated. */
int ike_reconfigure(struct ike_ctx *ctx, const struct ike_config *cfg);
void ike_free(struct ike_ctx *ctx);

/* A datagram arrived on local (port 500 or 4500) from remote. */
void ike_input(struct ike_ctx *ctx, uint64_t now_ms,
	       const struct ike_addr *local, const struct ike_addr *remote,
	       const uint8_t *buf, size_t len, struct ike_actions *out);

/* The timer armed by the last IKE_ACT_TIMER expired (early calls are fine). */
void ike_timer(struct ike_ctx *ctx, uint64_t now_ms, struct ike_actions *out);

/*
 * The host's answer to IKE_EV_XAUTH_CHECK.  reason (a refusal's cause,
 * "wrong password", "RADIUS timeout") goes into the log and the
 * IKE_EV_XAUTH_FAILED event; it must hold no secret.
 */
int ike_xauth_verdict(struct ike_ctx *ctx, uint64_t now_ms, uint64_t sa_id,
		      bool ok, const char *reason, struct ike_actions *out);

#define IKE_CFG_MAX_SERVERS	4
#define IKE_CFG_MAX_SPLIT	16

/* What a Mode-Config client is given (draft-dukes-ike-mode-cfg-02, Unity). */
struct ike_client_cfg {
	uint8_t addr[4];		/* INTERNAL_IP4_ADDRESS */
	uint8_t netmask[4];		/* 0.0.0.0: not sent */
	uint8_t dns[IKE_CFG_MAX_SERVERS][4];
	unsigned int n_dns;
	uint8_t wins[IKE_CFG_MAX_SERVERS][4];	/* INTERNAL_IP4_NBNS */
	unsigned int n_wins;
	char domain[128];		/* UNITY_DEF_DOMAIN; "" not sent */
	char banner[512];		/* UNITY_BANNER */
	/* UNITY_SPLIT_INCLUDE; none: everything goes through the tunnel. */
	struct ike_ip4net split[IKE_CFG_MAX_SPLIT];
	unsigned int n_split;
	bool save_passwd;		/* UNITY_SAVE_PASSWD */
	bool pfs;			/* UNITY_PFS: Quick Mode must use PFS */
};

/*
 * The host's answer to IKE_EV_CONFIG_NEED: cfg is copied; NULL means the
 * host has nothing for this client (pool exhausted, no such user): the
 * engine logs reason and deletes the SA.
 */
int ike_client_config(struct ike_ctx *ctx, uint64_t now_ms, uint64_t sa_id,
		      const struct ike_client_cfg *cfg, const char *reason,
		      struct ike_actions *out);

/*
 * The host found that new_sa_id renews the client of old_sa_id (IKEv1 has
 * no rekey of phase 1: vpnc and strongSwan build a new IKE SA, XAUTH
 * again, and delete the old one).  The new SA takes over the old one's
 * ESP SAs (vpnc keeps using them), and the old one's end no longer
 * reports IKE_EV_CLIENT_DOWN.  Call it before ike_client_config() for
 * new_sa_id.  -1 if either SA is not established.
 */
int ike_client_renew(struct ike_ctx *ctx, uint64_t now_ms, uint64_t old_sa_id,
		     uint64_t new_sa_id, struct ike_actions *out);

/*
 * The host ends a client (roam session del): delete notifications for its
 * ESP SAs and its IKE SA are sent, the SAs removed, and IKE_EV_CLIENT_DOWN
 * reported as for any other end.  -1 if no such established SA.
 */
int ike_client_delete(struct ike_ctx *ctx, uint64_t now_ms, uint64_t sa_id,
		      const char *reason, struct ike_actions *out);

/*
 * The kernel saw packets of the inbound ESP SA spi_in arrive, decrypted
 * and authenticated, from remote (XFRM_MSG_MAPPING): the client's NAT
 * gave it a new public port.  The client's IKE SA and ESP pairs follow
 * it (IKE_ACT_SA_MAP for each pair), or the change is logged as not
 * followed.  -1 if no pair has that SPI.
 */
int ike_esp_mapping(struct ike_ctx *ctx, uint64_t now_ms, uint32_t spi_in,
		    const struct ike_addr *remote, struct ike_actions *out);

/* Names for show output: "AES-256/SHA1/ECP-384", with " (weak)" appended. */
void ike_p1_prop_name(const struct ike_p1_prop *p, char *buf, size_t len);
void ike_p2_prop_name(const struct ike_p2_prop *p, char *buf, size_t len);

/* Counts for show output and for tests. */
struct ike_stats {
	unsigned int ike_sas;		/* phase 1, established or not */
	unsigned int ike_established;
	unsigned int esp_sas;		/* installed pairs */
	unsigned int half_open;		/* phase 1 in setup */
	unsigned int half_open_limit;	/* the bound on them in all */
};
void ike_get_stats(const struct ike_ctx *ctx, struct ike_stats *st);

/*
 * Datagrams dropped, by cause, since the context began: what hostile or
 * broken input costs, for "roam -s daemon show".
 */
struct ike_drops {
	uint64_t malformed;	/* does not parse */
	uint64_t unknown_sa;	/* cookies of no SA of ours */
	uint64_t bad_hash;	/* HASH mismatch: wrong key, or forged */
	uint64_t no_proposal;	/* nothing offered that we accept */
	uint64_t rate_limited;	/* half-open negotiations over the limit */
};
void ike_get_drops(const struct ike_ctx *ctx, struct ike_drops *d);

/* One ISAKMP SA as show output sees it: no keys, no cookies. */
struct ike_sa_info {
	struct ike_addr local, remote;
	const char *state;		/* "mm2-sent", "mm4-sent", "established" */
	bool established;
	bool chosen;			/* prop is valid (MM2 was sent) */
	struct ike_p1_prop prop;
	bool nat;			/* a NAT was detected, either side */
	uint64_t since_ms;		/* established, or negotiation begun */
	uint64_t sa_id;
	/* the cookies: public (in every header), how a peer names the SA */
	uint8_t cky_i[8], cky_r[8];
	/* Aggressive Mode: weak, show it so ("aggressive (weak)"). */
	bool aggressive;
	const char *group;		/* remote-access group, or NULL */
	const char *user;		/* XAUTH user once known, or NULL */
	bool has_addr;			/* a Mode-Config address was given */
	uint8_t addr[4];
};

/* Calls fn for each live ISAKMP SA, newest first; fn must not call in. */
void ike_foreach_sa(const struct ike_ctx *ctx,
		    void (*fn)(const struct ike_sa_info *info, void *arg),
		    void *arg);

/*
 * An established ISAKMP SA as a restarted roamd needs it to tell the peer
 * that the SA is gone (restart/): cookies, endpoints, algorithms, SKEYID_*
 * and the last phase 1 IV.  Secret: wipe it, never log it.
 */
#define IKE_SECRET_KEY_MAX	64
#define IKE_SECRET_ENC_MAX	32
#define IKE_SECRET_BLOCK_MAX	16
#define IKE_SECRET_ID_MAX	256
struct ike_sa_secrets {
	uint8_t cky_i[8], cky_r[8];
	struct ike_addr local, remote;
	uint8_t natt;			/* enum ike_natt */
	enum ike_hash hash;
	enum ike_enc enc;
	size_t blk, prf_len, enc_len;
	uint8_t skeyid_d[IKE_SECRET_KEY_MAX];
	uint8_t skeyid_a[IKE_SECRET_KEY_MAX];
	uint8_t skeyid_e[IKE_SECRET_KEY_MAX];
	uint8_t enc_key[IKE_SECRET_ENC_MAX];
	uint8_t iv[IKE_SECRET_BLOCK_MAX];
	/*
	 * What resuming the SA needs besides (not secret).  The DPD numbers
	 * are as of the last change ike_saved_changes() counts, not of the
	 * last probe: a resumed SA moves its own on past them.
	 */
	bool dpd, ms_client, nat_local, nat_peer, aggressive;
	uint16_t auth_method;
	uint32_t life_s;
	uint64_t expire_ms;		/* the engine's clock (monotonic ms) */
	uint32_t dpd_seq, dpd_peer_seq;
	uint8_t peer_id[IKE_SECRET_ID_MAX];
	size_t peer_id_len;
};

/*
 * restore.c: calls fn for each established ISAKMP SA; fn must not call in.
 * ike_saved_changes() changes whenever what it would report may have.
 */
uint64_t ike_saved_changes(const struct ike_ctx *ctx);
void ike_foreach_secrets(const struct ike_ctx *ctx,
			 void (*fn)(const struct ike_sa_secrets *s, void *arg),
			 void *arg);
/*
 * The encrypted, authenticated Informationals that end an SA an earlier
 * roamd negotiated: a DELETE for each inbound ESP SPI in spi_in, then one
 * for the ISAKMP SA (isakmp_first: that one first, for a Mode-Config
 * client: vpnc answers an ESP SA's delete with a new Quick Mode and ends
 * only on the ISAKMP SA's), appended to out as SEND actions.  0, or -1
 * when the saved SA is not usable (algorithm or sizes out of range).
 */
int ike_secrets_delete(const struct ike_sa_secrets *s, const uint32_t *spi_in,
		       size_t n_spi, bool isakmp_first,
		       struct ike_actions *out);

/*
 * A restarted roamd takes over what an earlier one negotiated
 * (resume.c): the ISAKMP SA back in the engine as established,
 * from its saved secrets, with its lifetime as it was and its DPD
 * sequence moved on past every probe the earlier roamd can have sent
 * since (the peer may refuse a number it has seen).  Nothing is sent.
 * The SA's handle (sa_id, as the events name it), or 0: secrets out of
 * shape, already expired, cookies already in use, or out of memory.
 */
uint64_t ike_resume_sa(struct ike_ctx *ctx, uint64_t now_ms,
		       const struct ike_sa_secrets *s, struct ike_actions *out);
/*
 * An ESP pair the kernel still holds, back as a child of the resumed SA
 * sa_id: no IKE_ACT_SA_ADD (the keys stay in the kernel; esp carries
 * none), ended by the engine at expire_ms (0: when the ISAKMP SA's
 * lifetime ends).  The pair's handle (ike_esp_sa.id, for the host's own
 * record of it), or 0: no such established SA, an SPI already known,
 * or out of memory.
 */
uint64_t ike_resume_child(struct ike_ctx *ctx, uint64_t now_ms,
			  uint64_t sa_id, const struct ike_esp_sa *esp,
			  uint64_t expire_ms, struct ike_actions *out);

#endif /* ROAM_IKE_H */
