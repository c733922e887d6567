// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP echo over IPv4: built for the gateway, its reply checked field by
 * field, so that an answer counts only when it is really ours.
 */
#include <string.h>

#include "icmp.h"

#define IP_HDR_MIN	20
#define ICMP_HDR_LEN	8
#define ICMP_ECHO_REPLY	0
#define ICMP_ECHO_REQ	8

static const char *const icmp_err_text[] = {
	[LG_ICMP_OK] = "ok",
	[LG_ICMP_SHORT] = "shorter than an IPv4 header",
	[LG_ICMP_NOT_V4] = "not IPv4",
	[LG_ICMP_LENGTH] = "total length does not fit",
	[LG_ICMP_CHECKSUM] = "bad checksum",
	[LG_ICMP_FRAGMENT] = "a fragment",
	[LG_ICMP_NOT_ICMP] = "not ICMP",
	[LG_ICMP_ADDRESS] = "not from the gateway to us",
	[LG_ICMP_NOT_REPLY] = "not an echo reply",
	[LG_ICMP_OTHER_ECHO] = "another identifier's reply",
};

const char *lg_icmp_strerror(enum lg_icmp_err err)
{
	if ((unsigned int)err > LG_ICMP_OTHER_ECHO)
		return "unknown error";
	return icmp_err_text[err];
}

uint16_t lg_inet_csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	while (len > 1) {
		sum += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

size_t lg_icmp_echo_build(uint8_t *buf, size_t cap, uint32_t src,
			  uint32_t dst, uint16_t id, uint16_t seq)
{
	uint8_t *icmp = buf + IP_HDR_MIN;

	if (cap < LG_ECHO_LEN)
		return 0;
	memset(buf, 0, LG_ECHO_LEN);
	buf[0] = 0x45;			/* version 4, 5 words of header */
	put16(buf + 2, LG_ECHO_LEN);
	put16(buf + 4, seq);		/* IP identification */
	buf[8] = 64;			/* TTL */
	buf[9] = 1;			/* ICMP */
	put32(buf + 12, src);
	put32(buf + 16, dst);
	put16(buf + 10, lg_inet_csum(buf, IP_HDR_MIN));
	icmp[0] = ICMP_ECHO_REQ;
	put16(icmp + 4, id);
	put16(icmp + 6, seq);
	memcpy(icmp + ICMP_HDR_LEN, "roam-loadgen....", LG_ECHO_PAYLOAD);
	put16(icmp + 2, lg_inet_csum(icmp, ICMP_HDR_LEN + LG_ECHO_PAYLOAD));
	return LG_ECHO_LEN;
}

enum lg_icmp_err lg_icmp_reply_parse(const uint8_t *buf, size_t len,
				     uint32_t src, uint32_t dst, uint16_t id,
				     uint16_t *seq)
{
	const uint8_t *icmp;
	size_t ihl, tot;

	if (len < IP_HDR_MIN)
		return LG_ICMP_SHORT;
	ihl = (size_t)(buf[0] & 0x0f) * 4;
	if (buf[0] >> 4 != 4 || ihl < IP_HDR_MIN)
		return LG_ICMP_NOT_V4;
	tot = get16(buf + 2);
	/* octets past the total length are link padding, not the packet */
	if (tot > len || tot < ihl + ICMP_HDR_LEN)
		return LG_ICMP_LENGTH;
	if (lg_inet_csum(buf, ihl))
		return LG_ICMP_CHECKSUM;
	if (get16(buf + 6) & 0x3fff)	/* MF or a fragment offset */
		return LG_ICMP_FRAGMENT;
	if (buf[9] != 1)
		return LG_ICMP_NOT_ICMP;
	if (get32(buf + 12) != src || get32(buf + 16) != dst)
		return LG_ICMP_ADDRESS;
	icmp = buf + ihl;
	if (lg_inet_csum(icmp, tot - ihl))
		return LG_ICMP_CHECKSUM;
	if (icmp[0] != ICMP_ECHO_REPLY || icmp[1] != 0)
		return LG_ICMP_NOT_REPLY;
	if (get16(icmp + 4) != id)
		return LG_ICMP_OTHER_ECHO;
	*seq = get16(icmp + 6);
	return LG_ICMP_OK;
}
