/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ISAKMP message codec (RFC 2408 section 3, RFC 2407 section 4.6): the
 * header, the generic payload chain and the typed payloads the responder
 * reads.  Pure functions over (buf, len); every malformed case has its own
 * message naming the field and the offset in the datagram.
 */
#ifndef ROAM_IKE_PAYLOAD_H
#define ROAM_IKE_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ISAKMP_HDR_LEN		28
#define ISAKMP_GEN_LEN		4
#define ISAKMP_VERSION		0x10	/* major 1, minor 0 */
#define ISAKMP_MAX_MSG		65535

enum isakmp_payload_type {
	ISAKMP_NP_NONE = 0,
	ISAKMP_NP_SA = 1,
	ISAKMP_NP_P = 2,
	ISAKMP_NP_T = 3,
	ISAKMP_NP_KE = 4,
	ISAKMP_NP_ID = 5,
	ISAKMP_NP_CERT = 6,
	ISAKMP_NP_CR = 7,
	ISAKMP_NP_HASH = 8,
	ISAKMP_NP_SIG = 9,
	ISAKMP_NP_NONCE = 10,
	ISAKMP_NP_N = 11,
	ISAKMP_NP_D = 12,
	ISAKMP_NP_VID = 13,
	ISAKMP_NP_ATTR = 14,		/* Mode-Config / XAUTH */
	ISAKMP_NP_NATD = 20,		/* RFC 3947 */
	ISAKMP_NP_NATOA = 21,
	ISAKMP_NP_NATD_DRAFT = 130,	/* draft-ietf-ipsec-nat-t-ike-02/03 */
	ISAKMP_NP_NATOA_DRAFT = 131,
	ISAKMP_NP_FRAG = 132,		/* IKE fragmentation (not negotiated) */
};

enum isakmp_exchange {
	ISAKMP_EXCH_MAIN = 2,		/* Identity Protection */
	ISAKMP_EXCH_AGGRESSIVE = 4,
	ISAKMP_EXCH_INFO = 5,
	ISAKMP_EXCH_TRANSACTION = 6,	/* Mode-Config / XAUTH */
	ISAKMP_EXCH_QUICK = 32,
};

#define ISAKMP_FLAG_ENC		0x01
#define ISAKMP_FLAG_COMMIT	0x02
#define ISAKMP_FLAG_AUTH_ONLY	0x04

#define ISAKMP_DOI_IPSEC	1
#define ISAKMP_SIT_IDENTITY	1

enum isakmp_proto {
	ISAKMP_PROTO_ISAKMP = 1,
	ISAKMP_PROTO_AH = 2,
	ISAKMP_PROTO_ESP = 3,
};

enum isakmp_id_type {
	ISAKMP_ID_IPV4 = 1,
	ISAKMP_ID_FQDN = 2,
	ISAKMP_ID_USER_FQDN = 3,
	ISAKMP_ID_IPV4_SUBNET = 4,
	ISAKMP_ID_IPV6 = 5,
	ISAKMP_ID_IPV6_SUBNET = 6,
	ISAKMP_ID_IPV4_RANGE = 7,
	ISAKMP_ID_IPV6_RANGE = 8,
	ISAKMP_ID_KEY_ID = 11,
};

enum isakmp_notify {
	ISAKMP_N_INVALID_PAYLOAD_TYPE = 1,
	ISAKMP_N_INVALID_EXCHANGE_TYPE = 7,
	ISAKMP_N_INVALID_MESSAGE_ID = 9,
	ISAKMP_N_NO_PROPOSAL_CHOSEN = 14,
	ISAKMP_N_PAYLOAD_MALFORMED = 16,
	ISAKMP_N_INVALID_KEY_INFORMATION = 17,
	ISAKMP_N_INVALID_ID_INFORMATION = 18,
	ISAKMP_N_INVALID_HASH_INFORMATION = 23,
	ISAKMP_N_AUTHENTICATION_FAILED = 24,
	ISAKMP_N_CONNECTED = 16384,
	ISAKMP_N_RESPONDER_LIFETIME = 24576,
	ISAKMP_N_REPLAY_STATUS = 24577,
	ISAKMP_N_INITIAL_CONTACT = 24578,
	ISAKMP_N_R_U_THERE = 36136,	/* RFC 3706 */
	ISAKMP_N_R_U_THERE_ACK = 36137,
};

/* Where decoding failed and why, for the log line. */
struct ike_err {
	size_t off;
	char msg[200];
};

struct isakmp_hdr {
	uint8_t cky_i[8];
	uint8_t cky_r[8];
	uint8_t np;
	uint8_t version;
	uint8_t exch;
	uint8_t flags;
	uint32_t msgid;			/* host order */
	uint32_t len;
};

/* Checks the header and that its length matches the datagram exactly. */
int isakmp_hdr_parse(const uint8_t *buf, size_t len, struct isakmp_hdr *h,
		     struct ike_err *err);

struct ike_payload {
	uint8_t type;
	const uint8_t *raw;		/* generic header included */
	const uint8_t *body;
	uint16_t len;			/* of body */
	size_t off;			/* of the generic header in the message */
};

#define IKE_MAX_PAYLOADS	32

struct ike_chain {
	struct ike_payload pl[IKE_MAX_PAYLOADS];
	unsigned int n;
};

/*
 * Walk the payload chain that starts with type np at buf[0..len), where
 * buf[0] is at offset base of the message.  Trailing bytes after the last
 * payload are an error unless allow_pad (decrypted bodies carry padding).
 */
int ike_chain_parse(uint8_t np, const uint8_t *buf, size_t len, size_t base,
		    bool allow_pad, struct ike_chain *c, struct ike_err *err);

/* The first payload of a type, or NULL; with an index to find the next. */
const struct ike_payload *ike_chain_find(const struct ike_chain *c,
					 uint8_t type, unsigned int *from);

/* A data attribute (RFC 2408 3.3): TV when af (2-byte value), else TLV. */
struct ike_attr {
	uint16_t type;
	bool af;
	uint16_t len;
	const uint8_t *val;
	uint64_t num;			/* value as a number when len <= 8 */
};

struct ike_attr_iter {
	const uint8_t *p;
	size_t left;
	size_t off;
};

void ike_attr_iter_init(struct ike_attr_iter *it, const uint8_t *p,
			size_t len, size_t off);
/* 1: an attribute; 0: end; -1: malformed (err set). */
int ike_attr_next(struct ike_attr_iter *it, struct ike_attr *a,
		  struct ike_err *err);

#define IKE_MAX_PROPOSALS	16
#define IKE_MAX_TRANSFORMS	64

struct ike_transform {
	uint8_t num;
	uint8_t id;
	const uint8_t *raw;		/* generic header included */
	uint16_t raw_len;
	const uint8_t *attrs;
	uint16_t attrs_len;
	size_t attrs_off;
	uint8_t prop;			/* index into ike_sa_pl.prop */
};

struct ike_proposal {
	uint8_t num;
	uint8_t proto;
	uint8_t spi_size;
	uint8_t spi[16];
	unsigned int first, n;		/* transforms [first, first + n) */
};

struct ike_sa_pl {
	uint32_t doi;
	uint32_t situation;
	struct ike_proposal prop[IKE_MAX_PROPOSALS];
	unsigned int n_prop;
	struct ike_transform tr[IKE_MAX_TRANSFORMS];
	unsigned int n_tr;
};

/* SA payload body with its proposals, transforms and attribute syntax. */
int ike_sa_parse(const struct ike_payload *pl, struct ike_sa_pl *sa,
		 struct ike_err *err);

struct ike_notify {
	uint32_t doi;
	uint8_t proto;
	uint8_t spi_size;
	uint16_t type;
	const uint8_t *spi;
	const uint8_t *data;
	size_t data_len;
};

int ike_notify_parse(const struct ike_payload *pl, struct ike_notify *n,
		     struct ike_err *err);

struct ike_delete {
	uint32_t doi;
	uint8_t proto;
	uint8_t spi_size;
	uint16_t n_spi;
	const uint8_t *spis;
};

int ike_delete_parse(const struct ike_payload *pl, struct ike_delete *d,
		     struct ike_err *err);

struct ike_id {
	uint8_t type;
	uint8_t proto;
	uint16_t port;
	const uint8_t *data;
	size_t data_len;
};

/* Checks the data length for the address types. */
int ike_id_parse(const struct ike_payload *pl, struct ike_id *id,
		 struct ike_err *err);

/* NAT-OA (RFC 3947 5.2): ID type, 3 reserved bytes, address. */
int ike_natoa_parse(const struct ike_payload *pl, uint16_t *family,
		    uint8_t ip[16], struct ike_err *err);

/* Growing output buffer; err sticks once set (allocation or size). */
struct ike_buf {
	uint8_t *p;
	size_t len, cap;
	size_t np_at;			/* next-payload byte to patch */
	bool err;
};

void ike_buf_init(struct ike_buf *b);
void ike_buf_free(struct ike_buf *b);
void ike_put(struct ike_buf *b, const void *p, size_t len);
void ike_put8(struct ike_buf *b, uint8_t v);
void ike_put16(struct ike_buf *b, uint16_t v);
void ike_put32(struct ike_buf *b, uint32_t v);

/* Header with length 0 and np 0; both are patched later. */
void ike_msg_start(struct ike_buf *b, const struct isakmp_hdr *h);
/* Generic payload header linked into the chain; returns its offset. */
size_t ike_pl_start(struct ike_buf *b, uint8_t type);
void ike_pl_end(struct ike_buf *b, size_t start);
/* A whole payload from a body. */
void ike_pl_add(struct ike_buf *b, uint8_t type, const void *body,
		size_t len);
void ike_msg_finish(struct ike_buf *b);

/* Attribute writers choosing TV for values that fit 16 bits. */
void ike_put_attr(struct ike_buf *b, uint16_t type, uint32_t val);

static inline uint16_t ike_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t ike_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void ike_set16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void ike_set32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

const char *ike_payload_name(uint8_t type);
const char *ike_notify_name(uint16_t type);
const char *ike_exchange_name(uint8_t exch);

#endif /* ROAM_IKE_PAYLOAD_H */
