/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The responder's state, shared by the exchange handlers (phase1.c,
 * aggressive.c, transaction.c, xauth.c, modecfg.c, quick.c, info.c) and
 * the context that owns it (ike.c).
 *
 * Lifetime: the context owns a list of ISAKMP SAs and a list of installed
 * ESP pairs, each also in the hash indexes and deadline heaps of table.c
 * (so that an event costs what it touches, not the number of SAs).
 * An ESP pair outlives the ISAKMP SA that negotiated it (the
 * clients delete or rekey phase 1 independently of phase 2), so pairs
 * refer to their peer by address and identity, not by pointer.  Nothing is
 * freed while a handler runs: dead SAs are marked and reaped by
 * ike_table_sync() at the end of each event.
 */
#ifndef ROAM_IKE_SA_H
#define ROAM_IKE_SA_H

#include "attr_payload.h"
#include "hashtab.h"
#include "ike.h"
#include "keys.h"
#include "natt.h"
#include "payload.h"
#include "proposal.h"
#include "timerq.h"

#define IKE_MAX_NONCE	256	/* RFC 2409: 8 to 256 bytes */
#define IKE_MIN_NONCE	8
#define IKE_NONCE_LEN	32	/* ours */
#define IKE_MAX_ID	256
#define IKE_MAX_QM	8	/* Quick Modes in flight per ISAKMP SA */

/* A datagram kept for retransmission or duplicate detection. */
struct ike_msgcopy {
	uint8_t *buf;
	size_t len;
};

enum ike_p1_state {
	IKE_P1_NEW,		/* created for MM1, nothing sent yet */
	IKE_P1_SA_SENT,		/* MM2 sent, waiting for MM3 */
	IKE_P1_KE_SENT,		/* MM4 sent, waiting for MM5 */
	IKE_P1_AM_SENT,		/* AM2 sent, waiting for AM3 */
	IKE_P1_ESTABLISHED,
	IKE_P1_DEAD,		/* reaped at the end of this event */
};

/* A Quick Mode in flight: QM2 sent, waiting for QM3 (quick.c). */
struct ike_qm {
	uint32_t msgid;
	uint8_t iv[IKE_MAX_BLOCK];
	uint8_t ni[IKE_MAX_NONCE], nr[IKE_NONCE_LEN];
	size_t ni_len;
	struct ike_p2_prop prop;
	uint16_t mode;
	enum ike_group pfs;
	uint8_t gxy[IKE_MAX_DH];
	size_t gxy_len;
	uint32_t spi_in, spi_out;
	uint32_t life_s, life_kb;
	uint8_t ts_proto;
	uint16_t ts_lport, ts_rport;
	struct ike_ip4net ts_local, ts_remote;	/* tunnel mode */
	struct ike_addr oa_peer, oa_local;
	struct ike_msgcopy rx, tx;
	uint64_t resend_at, expire_at;
	unsigned int tries;
	/* in ctx->qm_by_spi under spi_in while counted in n_qm (table.c) */
	struct hashtab_node by_spi;
};

/*
 * A finished Quick Mode (QM3 received, SAs installed): its slot is given
 * back at once and only its message ID stays, until expire_at, so that a
 * peer repeating QM1 or QM3 of it is recognised and ignored rather than
 * taken for a new exchange.  msgid 0 (never a Quick Mode's) marks a free
 * record.
 */
struct ike_qm_done {
	uint32_t msgid;
	uint64_t expire_at;
};

/*
 * Remote access after phase 1: XAUTH, then Mode-Config, then Quick Mode
 * in tunnel mode.  Each step waits for the one before; transaction.c
 * moves them along (ike_ra_next).
 */
enum ike_xauth_state {
	IKE_XA_NONE,		/* the group does not use XAUTH */
	IKE_XA_START,		/* a REQUEST is due */
	IKE_XA_ASKED,		/* REQUEST sent, waiting for the REPLY */
	IKE_XA_CHECKING,	/* the host has the credentials */
	IKE_XA_OK,		/* SET(STATUS OK) sent */
	IKE_XA_FAILED,
};

enum ike_mc_state {
	IKE_MC_START,		/* ask the host once XAUTH allows */
	IKE_MC_ASKED,		/* waiting for ike_client_config() */
	IKE_MC_HAVE,		/* settings known, not yet given */
	IKE_MC_SET_SENT,	/* pushed, waiting for the ACK */
	IKE_MC_GIVEN,		/* REPLY sent, or SET sent */
};

/* One Transaction exchange: message ID, CBC chain, last datagrams. */
struct ike_txn {
	uint32_t msgid;
	uint16_t ident;
	uint8_t type;			/* what we sent */
	uint8_t iv[IKE_MAX_BLOCK];
	struct ike_msgcopy rx, tx;
	uint64_t resend_at;
	unsigned int tries;
	bool open;			/* waiting for the peer's answer */
};

#define IKE_MAX_REQ_ATTRS	32

struct ike_ra {
	bool on;			/* the SA belongs to a group */
	/* a newer IKE SA of the same client took its ESP SAs over */
	bool renewed;
	char group[IKE_NAME_MAX];
	bool xauth, push;
	enum ike_xauth_state xa;
	unsigned int xa_fails;
	char user[IKE_USER_MAX];
	enum ike_mc_state mc;
	struct ike_client_cfg cfg;	/* valid from IKE_MC_HAVE */
	/* A client's REQUEST that came before the host's answer. */
	bool pull_waiting;
	uint16_t req_attrs[IKE_MAX_REQ_ATTRS];
	unsigned int n_req_attrs;
	struct ike_txn ours;		/* our REQUEST or SET */
	struct ike_txn peers;		/* the client's REQUEST, our REPLY */
};

/*
 * What phase 1 needs until it is established and never after: the key
 * (HASH_I/R and SKEYID), the initiator's SA payload, both DH public
 * values and nonces.  Allocated with the SA, wiped and freed by
 * ike_p1_established() (and ike_sa_free()), so that an SA at rest does
 * not carry 1.1 KB of handshake (a resent MM5/AM1 is answered from the
 * SA's rx/tx copies, not recomputed; quick mode has its own nonces).
 */
struct ike_p1_hs {
	uint8_t *sai_b;			/* the initiator's SA body, for HASH_I/R */
	size_t sai_len;
	uint8_t *psk;
	size_t psk_len;
	struct ike_dh *dh;		/* our key pair, MM3/AM1 only */
	uint8_t gxi[IKE_MAX_DH], gxr[IKE_MAX_DH];
	size_t gx_len;
	uint8_t ni[IKE_MAX_NONCE], nr[IKE_NONCE_LEN];
	size_t ni_len;
	uint8_t skeyid[IKE_MAX_HASH];	/* for HASH_I/R: keys.prf_len bytes */
};

struct ike_sa {
	struct ike_sa *next, **pprev;	/* ctx->sas */
	/*
	 * Indexes (table.c).  Their keys come from fields the handlers
	 * change (remote, state): ike_table_sync() re-files an SA after
	 * each event that touched it (ike_sa_touch()).
	 */
	struct hashtab_node by_cky_r;	/* our cookie */
	struct hashtab_node by_first;	/* cky_i + remote with port */
	struct hashtab_node by_serial;
	struct hashtab_node by_remote;	/* remote with port */
	struct hashtab_node by_host;	/* remote address alone */
	struct timerq_entry timer;	/* at ike_sa_deadline() */
	struct ike_src *half_open_src;	/* counted half-open there */
	struct ike_sa *dirty_next;	/* ctx->dirty_sas, while dirty */
	uint64_t serial;
	enum ike_p1_state state;
	uint8_t cky_i[8], cky_r[8];
	struct ike_addr local, remote;

	/* Negotiated in MM1/MM2. */
	struct ike_p1_prop prop;
	uint32_t life_s;
	size_t blk;
	enum ike_natt natt;
	bool dpd;			/* peer sent the DPD vendor ID */
	bool ms_client;			/* "MS NT5 ISAKMPOAKLEY": Windows */
	bool unity;			/* Cisco Unity vendor ID */
	bool xauth_vid;
	bool aggressive;
	uint16_t auth_method;		/* PSK, or XAUTHInitPreShared */

	/* MM3/MM4. */
	bool nat_local, nat_peer;	/* who is behind a NAT */
	bool dirty;			/* on ctx->dirty_sas (here: no hole) */
	/* what only the handshake needs: NULL once established */
	struct ike_p1_hs *hs;
	struct ike_p1_keys keys;
	/* Phase 1 CBC chain; once established, the "last phase 1 IV". */
	uint8_t iv[IKE_MAX_BLOCK];

	/*
	 * MM5: the peer's identity (IDii_b: type, proto, port, data), at
	 * most IKE_MAX_ID octets, allocated to its size (NULL: none yet);
	 * set with ike_sa_set_peer_id().
	 */
	uint8_t *peer_id;
	size_t peer_id_len;

	/* last Main Mode datagram each way, until ike_p1_peer_done() */
	struct ike_msgcopy rx, tx;
	uint64_t resend_at, expire_at;
	unsigned int tries;
	unsigned int n_qm;		/* Quick Modes in qm[] (below) */

	/* DPD, RFC 3706. */
	uint32_t dpd_seq;		/* last R-U-THERE we sent */
	uint32_t dpd_peer_seq;		/* last one the peer sent */
	uint64_t dpd_at;		/* next probe, or 0 */
	uint64_t dpd_deadline;		/* probe unanswered by then: dead */

	/*
	 * IKE_MAX_QM slots (7 KB) while a Quick Mode is in flight, NULL
	 * otherwise: an established SA spends most of its life with none.
	 * qm_done: IKE_MAX_QM records (128 B) while a Quick Mode is in
	 * flight or a finished one is remembered, NULL otherwise; allocated
	 * with the slots so that finishing one cannot fail (quick.c).
	 */
	struct ike_qm *qm;
	struct ike_qm_done *qm_done;

	/*
	 * Remote access (XAUTH, Mode-Config): 1.2 KB, allocated by
	 * ike_ra_start() for an SA of a group only, NULL for L2TP/IPsec.
	 * Stays (with on false) after ike_ra_end() until the SA is freed.
	 */
	struct ike_ra *ra;
};

/* The earlier of two deadlines, 0 being none. */
static inline uint64_t ike_earlier(uint64_t a, uint64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

static inline bool ike_ra_on(const struct ike_sa *sa)
{
	return sa->ra && sa->ra->on;
}

/*
 * What an installed pair is remembered by: struct ike_esp_sa, field for
 * field, without its keys.  The kernel holds them from the SA_ADD action
 * on; a rekey derives new ones from phase 1 (SKEYID_d) and fresh nonces,
 * a restart adopts the kernel's SAs without them (ipsec/adopt.c), and a
 * NAT move takes them from the kernel's copy (ipsec/remap.c), so keeping
 * them would only cost every pair 192 bytes.  ike_child_sa_set() and
 * ike_child_sa_get() (child_sa.c) convert.  The fields go largest
 * first, not in struct ike_esp_sa's order: no holes (152 bytes, not 160).
 */
struct ike_child_sa {
	uint64_t id;
	uint64_t ike_sa_id;
	uint64_t lifetime_kb;
	uint32_t spi_in, spi_out;
	enum ike_esp_enc enc;
	enum ike_esp_auth auth;
	uint32_t lifetime_s;
	struct ike_addr local, remote;
	struct ike_addr nat_oa_peer, nat_oa_local;
	uint16_t enc_key_len;
	uint16_t auth_key_len;
	uint16_t auth_trunc_bits;
	uint16_t encap_sport, encap_dport;
	uint16_t ts_lport, ts_rport;
	bool transport;
	bool encap;
	uint8_t ts_proto;
	struct ike_ip4net ts_local, ts_remote;
};

/* The pair esp names, its keys left out. */
void ike_child_sa_set(struct ike_child_sa *c, const struct ike_esp_sa *esp);
/* The pair as the SA_DEL action carries it: no keys. */
void ike_child_sa_get(const struct ike_child_sa *c, struct ike_esp_sa *esp);

/* An installed ESP pair, remembered for deletes and expiry. */
struct ike_child {
	struct ike_child *next, **pprev;	/* ctx->children */
	struct hashtab_node by_spi;	/* spi_in (ours) */
	struct hashtab_node by_owner;	/* sa.ike_sa_id */
	struct hashtab_node by_host;	/* sa.remote's address */
	struct timerq_entry timer;	/* at expire_at */
	struct ike_child *dirty_next;	/* ctx->dirty_children */
	struct ike_child_sa sa;		/* no keys: the kernel has them */
	/* its IKE SA's peer identity (INITIAL-CONTACT), exactly sized */
	uint8_t *peer_id;
	size_t peer_id_len;
	uint64_t expire_at;
	bool dead;
	bool dirty;			/* on ctx->dirty_children */
	/* the last move not followed (logged once, not per packet) */
	struct ike_addr map_refused;
	/* NAT-D showed the peer behind a NAT when the pair was made */
	bool peer_natted;
};

struct ike_ctx {
	struct ike_config cfg;		/* arrays below are owned copies */
	struct ike_psk *psk;
	struct ike_p1_prop *p1;
	struct ike_p2_prop *p2;
	struct ike_ra_group *groups;

	struct ike_sa *sas;
	struct ike_child *children;

	/* table.c: what finds an SA, a pair or a due timer in O(1) */
	struct hashtab sa_by_cky_r, sa_by_first, sa_by_serial, sa_by_remote,
		       sa_by_host;
	struct hashtab src_half_open;	/* struct ike_src by address */
	struct hashtab ch_by_spi, ch_by_owner, ch_by_host;
	struct hashtab qm_by_spi;	/* Quick Modes' SPIs, not yet pairs */
	struct timerq sa_timers, ch_timers;
	struct ike_sa *dirty_sas;	/* touched in this event */
	struct ike_child *dirty_children;
	unsigned int half_open;		/* SAs in a half-open state */
	uint64_t hash_key[2];		/* keys hashes of what peers choose */
	uint64_t next_serial;
	uint64_t now;
	struct ike_actions *out;	/* for the event being handled */
	/* Where the datagram being handled came from and went to. */
	struct ike_addr rx_local, rx_remote;
	struct ike_drops drops;
	/* refusals over the half-open limit: one log line per interval */
	uint64_t refused_log_at;	/* next line allowed at (ms) */
	uint64_t refused_unlogged;	/* refusals since the last line */
	/*
	 * Bumped whenever what ike_foreach_secrets() reports may have
	 * changed (an SA established, moved or killed), so that the restart
	 * state is rebuilt only then (ike_saved_changes()).
	 */
	uint64_t saved_changes;
};

/* restore.c: saved secrets of a usable shape (algorithms, sizes): 0 or -1 */
int ike_secrets_check(const struct ike_sa_secrets *s);

/* action.c */
void ike_log(struct ike_ctx *ctx, enum ike_log_level level,
	     const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ike_send(struct ike_ctx *ctx, const struct ike_addr *local,
	      const struct ike_addr *remote, const uint8_t *buf, size_t len);
void ike_act_sa_add(struct ike_ctx *ctx, const struct ike_esp_sa *sa);
void ike_act_sa_del(struct ike_ctx *ctx, const struct ike_esp_sa *sa);
void ike_act_timer(struct ike_ctx *ctx, uint64_t deadline);
void ike_act_sa_map(struct ike_ctx *ctx, const struct ike_child_sa *sa,
		    const struct ike_addr *old_remote);
void ike_addr_str(const struct ike_addr *a, bool port, char *buf,
		  size_t len);
void ike_msgcopy_set(struct ike_msgcopy *m, const uint8_t *buf, size_t len);
void ike_msgcopy_free(struct ike_msgcopy *m);

struct ike_event *ike_event_push(struct ike_ctx *ctx, enum ike_event_type t,
				 const struct ike_sa *sa);

/* message.c: encrypted bodies and sending */
/* Decrypts the body after the header into a fresh buffer; chains iv. */
int ike_decrypt(const struct ike_sa *sa, uint8_t *iv, const uint8_t *msg,
		size_t len, uint8_t **plain);
/* Pads and encrypts b after its header, sets the E flag and length. */
int ike_encrypt(const struct ike_sa *sa, uint8_t *iv, struct ike_buf *b);
void ike_hdr_for(const struct ike_sa *sa, uint8_t exch, uint32_t msgid,
		 struct isakmp_hdr *h);
/* prf(SKEYID_a, M-ID | rest of message): the informational HASH(1). */
int ike_hash_msgid(const struct ike_sa *sa, uint32_t msgid,
		   const uint8_t *data, size_t len, uint8_t *out);
/*
 * prf(SKEYID_a, [0 |] M-ID | parts...), at most three parts: Quick Mode's
 * HASH(1) and HASH(2) without the zero, HASH(3) with it (RFC 2409 5.5).
 */
int ike_hash_qm(const struct ike_sa *sa, uint32_t msgid, bool zero,
		const struct ike_iov *parts, unsigned int n, uint8_t *out);
/* Walk a decrypted body; HASH first; check it against ike_hash_msgid(). */
int ike_check_hash1(struct ike_ctx *ctx, const struct ike_sa *sa,
		    uint32_t msgid, const struct ike_chain *c,
		    const uint8_t *body, size_t body_len);
/* Sends an informational with one payload (N or D), encrypted if we can. */
void ike_send_info(struct ike_ctx *ctx, struct ike_sa *sa, uint8_t np,
		   const uint8_t *body, size_t len);

/* phase1.c */
void ike_main_input(struct ike_ctx *ctx, struct ike_sa *sa,
		    const struct isakmp_hdr *h, const uint8_t *buf,
		    size_t len);
struct ike_sa *ike_main_new(struct ike_ctx *ctx, const struct ike_addr *local,
			    const struct ike_addr *remote,
			    const struct isakmp_hdr *h);

/* phase1.c, shared with aggressive.c */
void ike_p1_fail(struct ike_ctx *ctx, struct ike_sa *sa, const char *why);
void ike_p1_note_vids(struct ike_ctx *ctx, struct ike_sa *sa,
		      const struct ike_chain *c);
size_t ike_p1_enc_key_len(const struct ike_p1_prop *p);
int ike_p1_natd_check(struct ike_ctx *ctx, struct ike_sa *sa,
		      const struct ike_chain *c);
void ike_p1_add_natd(struct ike_ctx *ctx, struct ike_sa *sa,
		     struct ike_buf *b);
void ike_p1_send_reply(struct ike_ctx *ctx, struct ike_sa *sa,
		       struct ike_buf *b, const uint8_t *rx, size_t rx_len);
void ike_p1_established(struct ike_ctx *ctx, struct ike_sa *sa, bool ic);
/*
 * The responder's keys from the initiator's KE and nonce (Main Mode's
 * MM3, Aggressive Mode's AM1): our DH pair, a nonce, SKEYID and its
 * children, the phase 1 IV.  0, or -1 with *why.
 */
int ike_p1_keys(struct ike_sa *sa, const struct ike_payload *ke,
		const struct ike_payload *no, const char **why);
/*
 * An authenticated Quick Mode or Transaction message came: the peer has
 * our last phase 1 message, so no repeat of its own will come and the
 * copies kept to answer one (rx, tx) go.
 */
void ike_p1_peer_done(struct ike_sa *sa);
/* The SA payload of our reply: the chosen transform alone. */
void ike_p1_put_sa(struct ike_buf *b, const struct ike_p1_choice *ch);
void ike_p1_add_vids(const struct ike_sa *sa, struct ike_buf *b);

/* restore.c: an ISAKMP SA, ESTABLISHED, from its saved cookies and keys */
struct ike_sa_secrets;
void ike_sa_from_secrets(struct ike_sa *sa, const struct ike_sa_secrets *s);

/* aggressive.c */
struct ike_sa *ike_aggr_new(struct ike_ctx *ctx, const struct ike_addr *local,
			    const struct ike_addr *remote,
			    const struct isakmp_hdr *h);
void ike_aggr_input(struct ike_ctx *ctx, struct ike_sa *sa,
		    const struct isakmp_hdr *h, const uint8_t *buf,
		    size_t len);

/* transaction.c: the Transaction exchange and the remote-access steps */
/* The SA belongs to group g: its ike_ra, allocated; -1 without memory. */
int ike_ra_start(struct ike_ctx *ctx, struct ike_sa *sa,
		 const struct ike_ra_group *g);
void ike_ra_next(struct ike_ctx *ctx, struct ike_sa *sa);
/* Quick Mode may start: XAUTH passed and the settings were given. */
bool ike_ra_ready(const struct ike_sa *sa);
void ike_txn_input(struct ike_ctx *ctx, struct ike_sa *sa,
		   const struct isakmp_hdr *h, const uint8_t *buf,
		   size_t len);
void ike_txn_timer(struct ike_ctx *ctx, struct ike_sa *sa);
/* Our REQUEST or SET, on a fresh message ID, resent until answered. */
int ike_txn_begin(struct ike_ctx *ctx, struct ike_sa *sa, uint8_t type,
		  const uint8_t *attrs, size_t len);
/* Our REPLY to the client's REQUEST (ra.peers), continuing its chain. */
int ike_txn_answer(struct ike_ctx *ctx, struct ike_sa *sa, uint8_t type,
		   const uint8_t *attrs, size_t len);
/* The SA is going: wipe what the steps hold, tell the host. */
void ike_ra_end(struct ike_ctx *ctx, struct ike_sa *sa, const char *why);
void ike_txn_free(struct ike_txn *t);

/* xauth.c */
void ike_xauth_request(struct ike_ctx *ctx, struct ike_sa *sa,
		       const char *message);
void ike_xauth_on_reply(struct ike_ctx *ctx, struct ike_sa *sa,
			const struct ike_cfg_pl *c);
void ike_xauth_on_ack(struct ike_ctx *ctx, struct ike_sa *sa);
void ike_xauth_verdict_apply(struct ike_ctx *ctx, struct ike_sa *sa, bool ok,
			     const char *reason);

/* modecfg.c */
/* 0 when the REQUEST is taken (answered now or once the host answers). */
int ike_mc_on_request(struct ike_ctx *ctx, struct ike_sa *sa,
		      const struct ike_cfg_pl *c);
void ike_mc_on_ack(struct ike_ctx *ctx, struct ike_sa *sa);
void ike_mc_push(struct ike_ctx *ctx, struct ike_sa *sa);
void ike_mc_reply(struct ike_ctx *ctx, struct ike_sa *sa);
void ike_mc_config_apply(struct ike_ctx *ctx, struct ike_sa *sa,
			 const struct ike_client_cfg *cfg, const char *reason);

/* quick.c */
void ike_quick_input(struct ike_ctx *ctx, struct ike_sa *sa,
		     const struct isakmp_hdr *h, const uint8_t *buf,
		     size_t len);
void ike_quick_timer(struct ike_ctx *ctx, struct ike_sa *sa);
bool ike_quick_msgid_in_use(const struct ike_sa *sa, uint32_t msgid);
uint64_t ike_quick_deadline(const struct ike_sa *sa);

/* info.c */
void ike_info_input(struct ike_ctx *ctx, struct ike_sa *sa,
		    const struct isakmp_hdr *h, const uint8_t *buf,
		    size_t len);
void ike_notify_send(struct ike_ctx *ctx, struct ike_sa *sa, uint16_t type,
		     uint8_t proto, const uint8_t *spi, size_t spi_len,
		     const uint8_t *data, size_t data_len);
void ike_delete_send_isakmp(struct ike_ctx *ctx, struct ike_sa *sa);
void ike_delete_send_esp(struct ike_ctx *ctx, struct ike_sa *sa,
			 uint32_t spi_in);
void ike_dpd_timer(struct ike_ctx *ctx, struct ike_sa *sa);
/* Drop the peer's other SAs on INITIAL-CONTACT. */
void ike_initial_contact(struct ike_ctx *ctx, struct ike_sa *sa);

/* mapping.c: a peer whose NAT mapping changed */
enum ike_map_verdict {
	IKE_MAP_SAME,		/* nothing moved */
	IKE_MAP_PORT,		/* same address, new port: follow it */
	IKE_MAP_IKE_ONLY,	/* the IKE SA follows; the ESP pair cannot */
	IKE_MAP_ADDR,		/* new address behind a NAT: follow it */
	IKE_MAP_ADDR_DIRECT,	/* new address, no NAT: not followed */
	IKE_MAP_REFUSE,		/* not an endpoint to move to */
};
/*
 * What an ESP pair whose peer was at old does when an authenticated
 * message comes from new: encap tells whether the pair is ESP-in-UDP,
 * via_natt whether the message came on the NAT-T port (the port the
 * client's ESP-in-UDP shares its NAT mapping with), natted whether the
 * peer was behind a NAT (NAT-D) when the pair was made.  Pure.
 */
enum ike_map_verdict ike_map_decide(const struct ike_addr *old,
				    const struct ike_addr *new, bool encap,
				    bool via_natt, bool natted);
const char *ike_map_verdict_name(enum ike_map_verdict v);
/*
 * An authenticated message of the established sa came from
 * ctx->rx_remote: the SA, its peer's other SAs and their ESP pairs move
 * there (as far as they can), logged once per change.
 */
void ike_peer_follow(struct ike_ctx *ctx, struct ike_sa *sa);

/*
 * table.c: the indexes.  Every SA or pair an event changes is touched
 * (state, deadlines, remote, owner); ike_table_sync() at the end of the
 * event re-files them, reaps the dead and returns the next deadline.
 */
/* The half-open negotiations from one address (the per-peer limit). */
struct ike_src {
	struct hashtab_node node;
	struct ike_addr addr;		/* port 0 */
	unsigned int half_open;
};

void ike_table_init(struct ike_ctx *ctx);
void ike_table_fini(struct ike_ctx *ctx);
/* Into the list and indexes; -1 (not linked) when the heap cannot grow. */
int ike_sa_link(struct ike_ctx *ctx, struct ike_sa *sa);
void ike_sa_touch(struct ike_ctx *ctx, struct ike_sa *sa);
int ike_child_link(struct ike_ctx *ctx, struct ike_child *ch);
void ike_child_touch(struct ike_ctx *ctx, struct ike_child *ch);
/* The owner (sa.ike_sa_id) of a pair changed. */
void ike_child_set_owner(struct ike_ctx *ctx, struct ike_child *ch,
			 uint64_t ike_sa_id);
void ike_qm_link(struct ike_ctx *ctx, struct ike_qm *qm);
void ike_qm_unlink(struct ike_ctx *ctx, struct ike_qm *qm);
/* Keyed hash (SipHash-2-4) of bytes a peer may choose. */
uint64_t ike_keyed_hash(const struct ike_ctx *ctx, const void *data,
			size_t len);
uint64_t ike_addr_key(const struct ike_ctx *ctx, const struct ike_addr *a,
		      bool port);
struct ike_sa *ike_sa_by_cookies(struct ike_ctx *ctx,
				 const struct isakmp_hdr *h,
				 const struct ike_addr *remote);
struct ike_sa *ike_sa_by_serial(struct ike_ctx *ctx, uint64_t serial);
struct ike_child *ike_child_by_spi(struct ike_ctx *ctx, uint32_t spi_in);
/* Iterate: the SAs at remote's address; the pairs at it; of an owner. */
struct ike_sa *ike_sa_host_first(struct ike_ctx *ctx,
				 const struct ike_addr *remote);
struct ike_sa *ike_sa_host_next(struct ike_ctx *ctx, struct ike_sa *sa,
				const struct ike_addr *remote);
struct ike_child *ike_child_host_first(struct ike_ctx *ctx,
				       const struct ike_addr *remote);
struct ike_child *ike_child_host_next(struct ike_ctx *ctx,
				      struct ike_child *ch,
				      const struct ike_addr *remote);
struct ike_child *ike_child_owner_first(struct ike_ctx *ctx, uint64_t id);
struct ike_child *ike_child_owner_next(struct ike_child *ch);
/* The half-open negotiations in all and from remote's address. */
unsigned int ike_half_open_from(struct ike_ctx *ctx,
				const struct ike_addr *remote);
/*
 * End of an event: re-file what was touched, tell the host of dead
 * remote-access SAs, free the dead; the earliest deadline (0: none).
 */
uint64_t ike_table_sync(struct ike_ctx *ctx);
/*
 * A timer event: one SA (then one pair) due by ctx->now, taken off its
 * heap and touched, or NULL.  Its new deadlines count at the next sync.
 */
struct ike_sa *ike_table_pop_sa(struct ike_ctx *ctx);
struct ike_child *ike_table_pop_child(struct ike_ctx *ctx);
void ike_sa_free(struct ike_sa *sa);
/* Keep the peer's identity (len <= IKE_MAX_ID); 0, or -1: no memory. */
int ike_sa_set_peer_id(struct ike_sa *sa, const uint8_t *id, size_t len);
void ike_child_free(struct ike_child *ch);
/* Phase 1 is over (or the SA goes): its handshake material, wiped. */
void ike_p1_hs_free(struct ike_sa *sa);

/* ike.c: table operations the handlers need */
struct ike_sa *ike_sa_established_for(struct ike_ctx *ctx,
				      const struct ike_addr *remote);
void ike_sa_kill(struct ike_ctx *ctx, struct ike_sa *sa);
struct ike_child *ike_child_add(struct ike_ctx *ctx, const struct ike_sa *sa,
				const struct ike_esp_sa *esp);
void ike_child_kill(struct ike_ctx *ctx, struct ike_child *ch, bool notify);
bool ike_spi_in_use(const struct ike_ctx *ctx, uint32_t spi);
bool ike_addr_eq(const struct ike_addr *a, const struct ike_addr *b,
		 bool port);
struct ike_sa *ike_sa_new(struct ike_ctx *ctx, const struct ike_addr *local,
			  const struct ike_addr *remote,
			  const struct isakmp_hdr *h);
const struct ike_ra_group *ike_group_find(const struct ike_ctx *ctx,
					  const uint8_t *name, size_t len);
/* Earliest deadline of an SA (0: none), for the timer action. */
uint64_t ike_sa_deadline(const struct ike_sa *sa);

#endif /* ROAM_IKE_SA_H */
