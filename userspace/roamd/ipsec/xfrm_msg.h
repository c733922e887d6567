/* SPDX-License-Identifier: GPL-2.0 */
/*
 * XFRM netlink messages for ESP SAs and the policies that use them, built
 * into a caller's buffer (no I/O here). One client's SAs and policies all
 * carry the client's mark: the outbound policy and SA are picked by the
 * mark of the packets roam_l2tp sends, and the inbound SA sets the mark on
 * what it decapsulates, which the inbound policy and roam_l2tp check.
 */
#ifndef ROAM_XFRM_MSG_H
#define ROAM_XFRM_MSG_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XFRM_MSG_BUF 2048
#define XFRM_KEY_MAX 64

/* Traffic selector: one UDP (or any-protocol) flow between two hosts. */
struct xfrm_flow {
	struct in_addr src;
	struct in_addr dst;
	uint16_t sport;		/* host order; 0 = any */
	uint16_t dport;		/* host order; 0 = any */
	uint8_t proto;		/* IPPROTO_UDP, or 0 for any */
	/*
	 * Networks rather than hosts (tunnel mode): the prefix lengths
	 * below.  Unset: each address is a host, 0.0.0.0 any.
	 */
	bool nets;
	uint8_t src_plen, dst_plen;
};

struct xfrm_sa {
	struct in_addr src;	/* outer source of the packets this SA carries */
	struct in_addr dst;	/* outer destination */
	uint32_t spi;		/* network order, as on the wire */
	uint32_t reqid;
	int tunnel;		/* 0: transport mode, 1: tunnel mode */
	struct xfrm_flow sel;	/* packets the SA may carry */
	char enc_name[32];	/* kernel name: "cbc(aes)", "cbc(des3_ede)" */
	uint8_t enc_key[XFRM_KEY_MAX];
	unsigned int enc_key_len;
	char auth_name[32];	/* "hmac(sha1)", "hmac(sha256)", ... */
	uint8_t auth_key[XFRM_KEY_MAX];
	unsigned int auth_key_len;
	unsigned int auth_trunc_bits;
	uint16_t encap_sport;	/* host order; both 0 = no UDP encapsulation */
	uint16_t encap_dport;
	uint32_t mark;		/* outbound: match this mark; 0 = none */
	uint32_t set_mark;	/* inbound: mark decapsulated packets; 0 = none */
	uint64_t hard_seconds;
	uint64_t soft_seconds;
};

struct xfrm_policy {
	int dir;		/* XFRM_POLICY_IN / _OUT / _FWD */
	struct xfrm_flow sel;
	uint32_t mark;		/* 0 = matches unmarked packets only */
	uint32_t priority;
	/* the template: which SA must apply */
	struct in_addr tmpl_src;
	struct in_addr tmpl_dst;
	uint32_t reqid;
	int tunnel;
	/* drops what it matches; the template is kept only for its reqid */
	bool block;
};

/*
 * Each builder writes one request into buf (XFRM_MSG_BUF bytes) and returns
 * its length, or -1 if it does not fit (cannot happen with the sizes above).
 */
int xfrm_msg_sa_add(void *buf, size_t len, uint32_t seq,
		    const struct xfrm_sa *sa);
int xfrm_msg_sa_del(void *buf, size_t len, uint32_t seq, struct in_addr dst,
		    uint32_t spi, uint32_t mark);
int xfrm_msg_sa_get(void *buf, size_t len, uint32_t seq, struct in_addr dst,
		    uint32_t spi, uint32_t mark);
int xfrm_msg_policy_add(void *buf, size_t len, uint32_t seq,
			const struct xfrm_policy *pol);
int xfrm_msg_policy_del(void *buf, size_t len, uint32_t seq,
			const struct xfrm_policy *pol);

/* Counters of an SA, parsed from an XFRM_MSG_NEWSA reply. */
struct xfrm_sa_counters {
	uint64_t bytes;
	uint64_t packets;
	uint64_t add_time;
};
int xfrm_msg_parse_sa(const void *buf, size_t len,
		      struct xfrm_sa_counters *out);

/*
 * Turn the kernel's answer to a GETSA (an XFRM_MSG_NEWSA of len bytes)
 * into an XFRM_MSG_UPDSA request, in place, with the ESP-in-UDP ports
 * sport and dport (host order).  Its length, or -1 if msg is not such an
 * SA or has no UDP encapsulation.  msg holds keys: the caller wipes it.
 */
int xfrm_msg_sa_reencap(void *msg, size_t len, uint32_t seq, uint16_t sport,
			uint16_t dport);

/*
 * Turn the kernel's answer to a GETSA (an XFRM_MSG_NEWSA of len bytes in
 * a buffer of cap bytes) into an XFRM_MSG_NEWSA request, in place, for
 * the same SA at the client's new address: where the SA names old (the
 * outer destination of an outbound SA, the outer source of an inbound
 * one, and in transport mode the selector) it names new, and the
 * ESP-in-UDP port on the client's side becomes new_port (host order).
 * The SPI, keys, marks, reqid and replay state stay as the kernel gave
 * them; the counters and the time the SA was added (so its lifetime)
 * are carried over in XFRMA_LTIME_VAL.  Its length, or -1 if msg is not
 * such an SA, has no UDP encapsulation, names old nowhere, or cap leaves
 * no room.  msg holds keys: the caller wipes it.
 */
int xfrm_msg_sa_move(void *msg, size_t len, size_t cap, uint32_t seq,
		     struct in_addr old, struct in_addr new, uint16_t new_port);

/* XFRM_MSG_MAPPING: ESP of an inbound SA came from a new source. */
struct xfrm_mapping {
	struct in_addr dst;		/* the SA's: ours */
	uint32_t spi;			/* host order */
	uint32_t reqid;
	struct in_addr old_src, new_src;
	uint16_t old_sport, new_sport;	/* host order */
};
/* 0, or -1 when buf is not an IPv4 ESP mapping event. */
int xfrm_msg_parse_mapping(const void *buf, size_t len,
			   struct xfrm_mapping *out);

#endif /* ROAM_XFRM_MSG_H */
