/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one IP packet roam-loadgen sends through each session: an IPv4
 * ICMP Echo Request (RFC 792) from the client's PPP address to the
 * gateway's, and the check of the Echo Reply.  Pure functions over byte
 * buffers with explicit lengths.
 */
#ifndef ROAM_LOADGEN_ICMP_H
#define ROAM_LOADGEN_ICMP_H

#include <stddef.h>
#include <stdint.h>

#define LG_ECHO_PAYLOAD	16
#define LG_ECHO_LEN	(20 + 8 + LG_ECHO_PAYLOAD)

enum lg_icmp_err {
	LG_ICMP_OK = 0,
	LG_ICMP_SHORT,		/* shorter than an IPv4 header */
	LG_ICMP_NOT_V4,		/* version is not 4, or IHL below 5 */
	LG_ICMP_LENGTH,		/* total length beyond the buffer, or short */
	LG_ICMP_CHECKSUM,	/* IP or ICMP checksum wrong */
	LG_ICMP_FRAGMENT,	/* a fragment */
	LG_ICMP_NOT_ICMP,	/* another protocol */
	LG_ICMP_ADDRESS,	/* not from the gateway to us */
	LG_ICMP_NOT_REPLY,	/* another ICMP type, or code */
	LG_ICMP_OTHER_ECHO,	/* a reply, but not to our identifier */
};

const char *lg_icmp_strerror(enum lg_icmp_err err);

/* RFC 1071 one's-complement sum over len bytes, folded and inverted. */
uint16_t lg_inet_csum(const uint8_t *p, size_t len);

/*
 * Write an Echo Request from src to dst (host order) into buf; returns
 * LG_ECHO_LEN, or 0 if cap is too small.
 */
size_t lg_icmp_echo_build(uint8_t *buf, size_t cap, uint32_t src,
			  uint32_t dst, uint16_t id, uint16_t seq);

/*
 * Check that the IPv4 packet in buf (len bytes as received) is the Echo
 * Reply from src to dst with identifier id; its sequence in *seq.
 */
enum lg_icmp_err lg_icmp_reply_parse(const uint8_t *buf, size_t len,
				     uint32_t src, uint32_t dst, uint16_t id,
				     uint16_t *seq);

#endif /* ROAM_LOADGEN_ICMP_H */
