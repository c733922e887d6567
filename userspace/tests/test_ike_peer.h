/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scripted IKEv1 initiator for the responder tests, built from the same
 * codec: Main Mode and Quick Mode with and without NAT (see
 * test_ike_peer.c).
 */
#ifndef ROAM_TEST_IKE_PEER_H
#define ROAM_TEST_IKE_PEER_H

#include <stdbool.h>
#include <stdint.h>

#include "ike/ike.h"
#include "ike/sa.h"

#define T_ADDR(a, b, c, d, p) \
	((struct ike_addr){ .family = AF_INET, .port = (p), .ip = { a, b, c, d } })

struct t1 {			/* a phase 1 transform to offer */
	enum ike_enc enc;
	uint16_t bits;
	enum ike_hash hash;
	enum ike_group group;
	uint32_t life;
};

struct ini {
	struct ike_ctx *ctx;
	uint64_t now;
	struct ike_addr srv, srv4500, seen, seen4500, own;
	struct ike_sa s;		/* the initiator's mirror of the SA */
	struct ike_dh *dh;
	uint8_t gxi[IKE_MAX_DH], gxr[IKE_MAX_DH];
	size_t gx_len;
	uint8_t ni[16], nr[IKE_MAX_NONCE];
	size_t nr_len;
	uint8_t sai[1024];
	size_t sai_len;
	uint8_t skeyid[IKE_MAX_HASH];	/* phase 1's, for HASH_I/R */
	const char *psk;
	bool floated;
	struct ike_actions act;
	/* last Quick Mode */
	uint32_t msgid, spi_i, spi_r;
	uint8_t qiv[16], qni[16], qnr[IKE_MAX_NONCE];
	size_t qnr_len;
	uint8_t qgxy[IKE_MAX_DH];
	size_t qgxy_len;
	bool lifetime_notify;		/* QM2 carried RESPONDER-LIFETIME */
	uint16_t p1_auth;		/* 0: pre-shared key; 65001: XAUTH */
	const struct qm_tunnel *tun;	/* NULL: the outer addresses */
	/* keep_qm: qm1() and qm3() keep what they sent, to repeat it */
	bool keep_qm;
	struct ike_msgcopy qm1_sent, qm3_sent;
};

struct qm_opts {
	enum ike_esp_enc enc;
	uint16_t bits;
	enum ike_esp_auth auth;
	uint16_t mode;
	enum ike_group pfs;
	uint32_t life;
	uint8_t id_proto;
	uint16_t ci_port, cr_port;
};

/* Quick Mode IDs in tunnel mode: IDci an address, IDcr a subnet. */
struct qm_tunnel {
	uint8_t ci_addr[4];
	uint8_t cr_net[4], cr_mask[4];
};

/* A Transaction message as the initiator reads or writes it. */
struct txn_msg {
	uint32_t msgid;
	uint8_t type;
	uint16_t ident;
	uint8_t attrs[2048];
	size_t attrs_len;
	uint8_t iv[16];			/* the chain, for the answer */
};

extern const struct t1 win_offer[];
struct ike_ctx *new_ctx(const struct ike_config *over);
void ini_init(struct ini *in, struct ike_ctx *ctx, bool nat);
void ini_fini(struct ini *in);
struct ike_action *deliver(struct ini *in, const uint8_t *buf,
			   size_t len);
struct ike_action *find_act(struct ike_actions *a,
			    enum ike_action_type t, size_t nth);
const char *find_log(struct ike_actions *a, const char *frag);
int mm1(struct ini *in, const struct t1 *t, unsigned int n,
	bool natt, bool dpd);
size_t key_len(const struct ike_p1_prop *p);
int mm3(struct ini *in, bool *peer_nat);
int mm5(struct ini *in, bool initial_contact);
int phase1(struct ini *in, const struct t1 *t, unsigned int n,
	   bool natt, bool ic);
struct ike_action *qm1(struct ini *in, const struct qm_opts *o);
struct ike_action *qm3(struct ini *in);
bool keymat_matches(struct ini *in, const struct ike_esp_sa *sa);
/*
 * Aggressive Mode with id (type id_type) as the group name; 0 when
 * HASH_R checks out and AM3 was sent.  With natt, NAT-T and its NAT-D;
 * enc3 encrypts AM3 as the Cisco client does.
 */
int am(struct ini *in, const struct t1 *t, unsigned int n, uint8_t id_type,
       const char *id, bool natt, bool enc3);
/*
 * Decrypt and check the responder's Transaction message in a: on m's
 * chain when it is m's message ID (the answer to m), else a fresh one.
 */
int txn_read(struct ini *in, const struct ike_action *a, struct txn_msg *m);
/* The n-th Transaction message the responder sent in acts, read. */
int txn_read_nth(struct ini *in, struct ike_actions *acts, size_t nth,
		 struct txn_msg *m);
/* Send a Transaction message; iv NULL starts msgid's own chain. */
void txn_write(struct ini *in, uint32_t msgid, uint8_t *iv, uint8_t type,
	       uint16_t ident, const void *attrs, size_t len);
/* The value of attribute type in m (nth occurrence); NULL if absent. */
const uint8_t *txn_attr(const struct txn_msg *m, uint16_t type, size_t nth,
			size_t *len);
struct ike_event *find_ev(struct ike_actions *a, enum ike_event_type t,
			  size_t nth);

#endif
