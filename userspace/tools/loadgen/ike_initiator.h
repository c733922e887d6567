/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An IKEv1 initiator for one L2TP/IPsec client of roam-loadgen: Main Mode
 * with a pre-shared key (AES-CBC / SHA2-256 / MODP-2048 or ECP-256) and
 * NAT traversal (RFC 3947), then one Quick Mode for ESP in transport mode
 * over UDP 1701, and at the end the ISAKMP DELETEs (ESP, then ISAKMP).
 *
 * A state machine without I/O, as the L2TP side (client.h) is: datagrams
 * come in through ikei_input() with the port they arrived on (500 side or
 * 4500 side), time through ikei_timer(), and every datagram goes out
 * through the xmit callback, already framed for its port: on the 4500
 * side with the four-byte non-ESP marker (RFC 3948 2.2) in front.  The
 * messages are built and read with roamd's own IKE codecs (ike/payload.c,
 * keys.c, crypto.c, natt.c, message.c), so what the generator proves is
 * that roamd holds under many clients, not that its reading of the RFCs
 * is right: interoperability tests with strongSwan do that.
 *
 * Answers that do not decode, do not authenticate or do not fit the
 * exchange are dropped and counted (malformed, detail), never fatal: a
 * forged datagram cannot end a client, only the retransmission limit can.
 */
#ifndef ROAM_LOADGEN_IKE_INITIATOR_H
#define ROAM_LOADGEN_IKE_INITIATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike/ike.h"
#include "ike/sa.h"

enum ikei_state {
	IKEI_IDLE,
	IKEI_MM1,		/* SA sent, waiting for the server's choice */
	IKEI_MM3,		/* KE, Ni and NAT-D sent */
	IKEI_MM5,		/* ID and HASH_I sent (encrypted) */
	IKEI_QM1,		/* Quick Mode offer sent */
	IKEI_UP,		/* QM3 sent: the ESP pair is in ikei.esp */
	IKEI_DELETED,		/* DELETEs sent (or the server deleted us) */
	IKEI_FAILED,		/* see cause */
};

enum ikei_cause {
	IKEI_OK,
	IKEI_TIMEOUT_MM,	/* Main Mode unanswered after the retries */
	IKEI_TIMEOUT_QM,	/* Quick Mode unanswered after the retries */
	IKEI_REFUSED,		/* the server sent a notification instead */
	IKEI_SERVER_DELETE,	/* the server deleted the ISAKMP or ESP SA */
	IKEI_INTERNAL,		/* a key could not be made, out of memory */
	IKEI_CAUSE_MAX,
};

struct ikei_cfg {
	struct ike_addr own;	/* our 500-side address and port, as we know it */
	struct ike_addr srv;	/* the server, port 500 */
	const uint8_t *psk;	/* not copied: the caller's, for the life */
	size_t psk_len;
	uint16_t l2tp_port;	/* our L2TP source port: the QM selector */
	/*
	 * Send a NAT-D for ourselves that cannot match: the server then
	 * sees a NAT and both sides use UDP encapsulation, as a client
	 * with "forceencaps" does.  Without it, no NAT means plain ESP.
	 */
	bool force_encap;
	uint16_t p1_key_bits;	/* AES key: 128, 192 or 256 (0: 256) */
	/*
	 * Phase 1 Diffie-Hellman: MODP-2048 (0), or ECP-256, whose keys
	 * cost a fraction of MODP-2048's (what a VM under emulation feels).
	 */
	enum ike_group group;
	uint16_t esp_key_bits;	/* the same for ESP (0: 256) */
	uint32_t esp_life_s;	/* 0: 3600 */
	uint32_t rtx_ms;	/* first retransmission after (0: 1000) */
	unsigned int max_tries;	/* sends of one message (0: 5) */
};

/* natt: the 4500 side (the datagram starts with the non-ESP marker). */
typedef void (*ikei_xmit_fn)(void *arg, bool natt, const uint8_t *buf,
			     size_t len);

/* The negotiated ESP pair, from our side. */
struct ikei_esp {
	uint32_t spi_in;	/* ours (host order): server -> us */
	uint32_t spi_out;	/* the server's: us -> server */
	enum ike_esp_enc enc;
	uint16_t enc_key_len;
	enum ike_esp_auth auth;
	uint16_t auth_key_len;
	uint16_t auth_trunc_bits;
	uint8_t enc_key_in[32], enc_key_out[32];
	uint8_t auth_key_in[64], auth_key_out[64];
	bool encap;		/* UDP-encapsulated (NAT-T) */
	uint32_t life_s;
};

struct ikei {
	struct ikei_cfg cfg;
	ikei_xmit_fn xmit;
	void *xmit_arg;

	enum ikei_state state;
	enum ikei_cause cause;
	char detail[120];	/* why the last answer was dropped, or the end */
	unsigned int malformed;	/* answers dropped */

	/* Phase 1: cookies, algorithms, keys, IV chain, NAT-T dialect. */
	struct ike_sa s;
	struct ike_dh *dh;	/* until MM4 is read */
	uint8_t gxi[IKE_MAX_DH], gxr[IKE_MAX_DH];
	size_t gx_len;
	uint8_t ni[16];
	uint8_t sai[128];	/* SAi_b, for HASH_I and HASH_R */
	uint8_t skeyid[IKE_MAX_HASH];	/* SKEYID, for them too */
	size_t sai_len;
	bool nat;		/* a NAT between us (either NAT-D differs) */
	bool floated;		/* talking to the server's 4500 */

	/* Quick Mode */
	uint32_t msgid, spi_i;
	uint8_t qiv[IKE_MAX_BLOCK];
	uint8_t qni[16];

	/* the last message we sent, for retransmission */
	uint8_t *last;
	size_t last_len;
	bool last_natt;
	uint64_t resend_at;	/* 0: nothing to resend */
	unsigned int tries;

	struct ikei_esp esp;
	uint64_t t_start, t_up;
};

void ikei_init(struct ikei *in, const struct ikei_cfg *cfg,
	       ikei_xmit_fn xmit, void *arg);
/* Wipes the keys and frees what the exchange holds. */
void ikei_release(struct ikei *in);
/* Send MM1. */
void ikei_start(struct ikei *in, uint64_t now);
/* One datagram from the server; natt: it came to our 4500-side socket. */
void ikei_input(struct ikei *in, uint64_t now, bool natt, const uint8_t *buf,
		size_t len);
/* Retransmissions and the retry limit, due at now. */
void ikei_timer(struct ikei *in, uint64_t now);
/* The earliest time ikei_timer() has work; 0: none. */
uint64_t ikei_deadline(const struct ikei *in);
/* DELETE for the ESP SA then for the ISAKMP SA, if they are up. */
void ikei_stop(struct ikei *in, uint64_t now);

const char *ikei_cause_name(enum ikei_cause c);
const char *ikei_state_name(enum ikei_state s);

#endif /* ROAM_LOADGEN_IKE_INITIATOR_H */
