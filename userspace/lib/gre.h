/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Enhanced GRE (PPTP's data channel, RFC 2637 section 4.1): a codec with
 * explicit lengths, and roamd's raw socket for the PPP control frames.
 *
 * The kernel (roam_pptp.ko) carries the data of PPTP sessions; roamd
 * reads the rest through a raw IPPROTO_GRE socket, which receives a copy
 * of every GRE packet before the kernel's handler. Its filter passes only
 * enhanced GRE whose payload is a PPP control frame (protocol 0x8000 and
 * above), so data never reaches userspace.
 */
#ifndef ROAM_GRE_H
#define ROAM_GRE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GRE_PROTO_PPP		0x880b
#define GRE_HLEN_MIN		8
#define GRE_HLEN_MAX		16

struct gre_hdr {
	uint16_t call_id;	/* the receiver's call id */
	uint16_t payload_len;
	bool has_seq;
	bool has_ack;
	uint32_t seq;
	uint32_t ack;
};

/*
 * Parse the enhanced GRE header at buf (len bytes from there). Returns the
 * header length, or -1 with *err saying what is wrong. The payload must
 * fit in len; bytes after it are padding.
 */
int gre_parse(const uint8_t *buf, size_t len, struct gre_hdr *h,
	      const char **err);

/* Write the header of h into buf (cap bytes). Returns its length or -1. */
int gre_build(uint8_t *buf, size_t cap, const struct gre_hdr *h);

/*
 * The PPP protocol of a frame (with or without FF 03, with or without
 * protocol-field compression). Returns the offset of the information
 * field, or -1 when the frame is too short.
 */
int gre_ppp_proto(const uint8_t *p, size_t len, uint16_t *proto);

/* A datagram of the raw socket: IPv4 header, GRE header, PPP frame. */
struct gre_packet {
	struct in_addr src, dst;
	struct gre_hdr gre;
	const uint8_t *ppp;	/* the PPP frame, inside the datagram */
	size_t ppp_len;
};

int gre_packet_parse(const uint8_t *buf, size_t len, struct gre_packet *pkt,
		     const char **err);

/*
 * The classic BPF program of the raw socket (see above): the caller's
 * array gets at most GRE_FILTER_MAX instructions; returns their number.
 */
struct sock_filter;
#define GRE_FILTER_MAX	48
size_t gre_control_filter(struct sock_filter *prog);

/*
 * Open roamd's raw GRE socket with that filter attached. Returns the fd,
 * or -1 with errno set.
 */
int gre_control_socket_open(void);

#endif /* ROAM_GRE_H */
