/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IKEv1 responder for L2TP/IPsec clients (Windows, macOS/iOS, Android,
 * strongSwan): Main Mode with pre-shared keys, Quick Mode for ESP transport
 * mode protecting UDP/1701, NAT traversal (RFC 3947 and its drafts), DPD,
 * INITIAL-CONTACT, delete notifications.
 *
 * The responder does no I/O.  The event loop hands it datagrams (with the
 * non-ESP marker already stripped on port 4500) and the time, and carries
 * out the actions it returns: send a datagram, install or delete an ESP SA
 * pair, arm a timer, write a log line.  Everything else (sockets, xfrm,
 * keepalives) belongs to the caller.
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
};

/* Fill in the defaults: the proposal sets of Windows, Apple and Android. */
void ike_config_default(struct ike_config *cfg);

/* An ESP SA pair in transport mode, to be installed with XFRM. */
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
	bool transport;			/* always true for now */
	bool encap;			/* UDP-encapsulated ESP (NAT-T) */
	uint16_t encap_sport, encap_dport; /* local 4500, peer's port */
	/* Traffic selectors: UDP, local port (1701), remote port (0 = any). */
	uint8_t ts_proto;
	uint16_t ts_lport, ts_rport;
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
		uint64_t deadline_ms;		/* TIMER; 0: none pending */
		struct {
			enum ike_log_level level;
			char *text;
		} log;
	};
};

/* Actions accumulate here; the caller runs them in order, then clears. */
struct ike_actions {
	struct ike_action *v;
	size_t n, cap;
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

/* Names for show output: "AES-256/SHA1/ECP-384", with " (weak)" appended. */
void ike_p1_prop_name(const struct ike_p1_prop *p, char *buf, size_t len);
void ike_p2_prop_name(const struct ike_p2_prop *p, char *buf, size_t len);

/* Counts for show output and for tests. */
struct ike_stats {
	unsigned int ike_sas;		/* phase 1, established or not */
	unsigned int ike_established;
	unsigned int esp_sas;		/* installed pairs */
};
void ike_get_stats(const struct ike_ctx *ctx, struct ike_stats *st);

/* One ISAKMP SA as show output sees it: no keys, no cookies. */
struct ike_sa_info {
	struct ike_addr local, remote;
	const char *state;		/* "mm2-sent", "mm4-sent", "established" */
	bool established;
	bool chosen;			/* prop is valid (MM2 was sent) */
	struct ike_p1_prop prop;
	bool nat;			/* a NAT was detected, either side */
	uint64_t since_ms;		/* established, or negotiation begun */
};

/* Calls fn for each live ISAKMP SA, newest first; fn must not call in. */
void ike_foreach_sa(const struct ike_ctx *ctx,
		    void (*fn)(const struct ike_sa_info *info, void *arg),
		    void *arg);

#endif /* ROAM_IKE_H */
