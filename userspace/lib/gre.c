// SPDX-License-Identifier: GPL-2.0
/*
 * Enhanced GRE codec and the raw socket's filter program (no I/O: the
 * socket itself is opened in gre_sock.c).
 */
#include <linux/filter.h>
#include <string.h>

#include "gre.h"

/* First byte: C R K S s Recur; second byte: A, flags, version. */
#define GRE_C		0x80
#define GRE_R		0x40
#define GRE_K		0x20
#define GRE_S		0x10
#define GRE_SSR		0x08
#define GRE_RECUR	0x07
#define GRE_A		0x80
#define GRE_FLAGS	0x78
#define GRE_VER_MASK	0x07
#define GRE_VERSION	1

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
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

static int fail(const char **err, const char *why)
{
	if (err)
		*err = why;
	return -1;
}

int gre_parse(const uint8_t *buf, size_t len, struct gre_hdr *h,
	      const char **err)
{
	size_t hlen;

	memset(h, 0, sizeof(*h));
	if (len < GRE_HLEN_MIN)
		return fail(err, "GRE header shorter than 8 bytes");
	if ((buf[1] & GRE_VER_MASK) != GRE_VERSION)
		return fail(err, "GRE version is not 1 (enhanced GRE)");
	if (get16(buf + 2) != GRE_PROTO_PPP)
		return fail(err, "GRE protocol is not PPP (0x880b)");
	if (!(buf[0] & GRE_K))
		return fail(err, "enhanced GRE without its key (call id)");
	if (buf[0] & (GRE_C | GRE_R | GRE_SSR | GRE_RECUR) ||
	    buf[1] & GRE_FLAGS)
		return fail(err, "GRE flags that enhanced GRE forbids");
	h->has_seq = buf[0] & GRE_S;
	h->has_ack = buf[1] & GRE_A;
	h->payload_len = get16(buf + 4);
	h->call_id = get16(buf + 6);
	hlen = GRE_HLEN_MIN + 4 * h->has_seq + 4 * h->has_ack;
	if (len < hlen)
		return fail(err, "GRE header cut short");
	if (h->has_seq)
		h->seq = get32(buf + 8);
	if (h->has_ack)
		h->ack = get32(buf + 8 + 4 * h->has_seq);
	if (h->payload_len > len - hlen)
		return fail(err, "GRE payload length beyond the packet");
	if (h->payload_len && !h->has_seq)
		return fail(err, "GRE payload without a sequence number");
	return (int)hlen;
}

int gre_build(uint8_t *buf, size_t cap, const struct gre_hdr *h)
{
	size_t hlen = GRE_HLEN_MIN + 4 * h->has_seq + 4 * h->has_ack;
	uint8_t *p = buf;

	if (cap < hlen)
		return -1;
	p[0] = GRE_K | (h->has_seq ? GRE_S : 0);
	p[1] = (h->has_ack ? GRE_A : 0) | GRE_VERSION;
	put16(p + 2, GRE_PROTO_PPP);
	put16(p + 4, h->payload_len);
	put16(p + 6, h->call_id);
	p += GRE_HLEN_MIN;
	if (h->has_seq) {
		put32(p, h->seq);
		p += 4;
	}
	if (h->has_ack)
		put32(p, h->ack);
	return (int)hlen;
}

int gre_ppp_proto(const uint8_t *p, size_t len, uint16_t *proto)
{
	size_t off = 0;

	if (len >= 2 && p[0] == 0xff && p[1] == 0x03)
		off = 2;
	if (len > off && (p[off] & 1)) {	/* compressed protocol field */
		*proto = p[off];
		return (int)off + 1;
	}
	if (len < off + 2)
		return -1;
	*proto = get16(p + off);
	return (int)off + 2;
}

int gre_packet_parse(const uint8_t *buf, size_t len, struct gre_packet *pkt,
		     const char **err)
{
	size_t ihl, tot;
	int hlen;

	memset(pkt, 0, sizeof(*pkt));
	if (len < 20)
		return fail(err, "IPv4 header shorter than 20 bytes");
	if (buf[0] >> 4 != 4)
		return fail(err, "not IPv4");
	ihl = (size_t)(buf[0] & 0x0f) * 4;
	tot = get16(buf + 2);
	if (ihl < 20 || ihl > len)
		return fail(err, "IPv4 header length beyond the packet");
	/* The kernel hands raw sockets the whole datagram; trust the less. */
	if (tot < ihl)
		return fail(err, "IPv4 total length shorter than its header");
	if (tot < len)
		len = tot;
	if (buf[9] != IPPROTO_GRE)
		return fail(err, "not GRE");
	memcpy(&pkt->src, buf + 12, 4);
	memcpy(&pkt->dst, buf + 16, 4);
	hlen = gre_parse(buf + ihl, len - ihl, &pkt->gre, err);
	if (hlen < 0)
		return -1;
	pkt->ppp = buf + ihl + hlen;
	pkt->ppp_len = pkt->gre.payload_len;
	return 0;
}

/* Instruction indexes of the program below, for its jumps. */
enum {
	F_IHL, F_VER, F_VER_AND, F_VER_JEQ, F_PROTO, F_PROTO_JEQ,
	F_KEY, F_KEY_AND, F_KEY_JEQ, F_LEN, F_LEN_JEQ,
	F_BASE, F_BASE_ADD, F_BASE_ST,
	F_S, F_S_AND, F_S_JEQ, F_S_LD, F_S_ADD, F_S_ST,
	F_A, F_A_AND, F_A_JEQ, F_A_LD, F_A_ADD, F_A_ST,
	F_PPP_X, F_PPP0, F_PPP0_JEQ, F_PPP1, F_PPP1_JEQ, F_PPP_SKIP,
	F_PPP_SKIP_ADD, F_PPP_SKIP_TAX, F_PROTO_HI, F_PROTO_JGE, F_PROTO_AND, F_PROTO_ODD,
	F_ACCEPT, F_REJECT, F_COUNT
};

#define JUMP(code, k, to_true, to_false, at) \
	BPF_JUMP(code, k, (to_true) - (at) - 1, (to_false) - (at) - 1)

/*
 * The packet starts at the IPv4 header. Loads past its end make the
 * program return 0, so short packets are rejected without a check.
 * Scratch M[0]: where the PPP frame starts.
 */
size_t gre_control_filter(struct sock_filter *prog)
{
	const struct sock_filter p[F_COUNT] = {
		[F_IHL] = BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),
		[F_VER] = BPF_STMT(BPF_LD | BPF_B | BPF_IND, 1),
		[F_VER_AND] = BPF_STMT(BPF_ALU | BPF_AND | BPF_K,
				       GRE_VER_MASK),
		[F_VER_JEQ] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, GRE_VERSION,
				   F_PROTO, F_REJECT, F_VER_JEQ),
		[F_PROTO] = BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),
		[F_PROTO_JEQ] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, GRE_PROTO_PPP,
				     F_KEY, F_REJECT, F_PROTO_JEQ),
		[F_KEY] = BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),
		[F_KEY_AND] = BPF_STMT(BPF_ALU | BPF_AND | BPF_K, GRE_K),
		[F_KEY_JEQ] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0,
				   F_REJECT, F_LEN, F_KEY_JEQ),
		/* an ack alone carries no frame */
		[F_LEN] = BPF_STMT(BPF_LD | BPF_H | BPF_IND, 4),
		[F_LEN_JEQ] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0,
				   F_REJECT, F_BASE, F_LEN_JEQ),
		[F_BASE] = BPF_STMT(BPF_MISC | BPF_TXA, 0),
		[F_BASE_ADD] = BPF_STMT(BPF_ALU | BPF_ADD | BPF_K,
					GRE_HLEN_MIN),
		[F_BASE_ST] = BPF_STMT(BPF_ST, 0),
		[F_S] = BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),
		[F_S_AND] = BPF_STMT(BPF_ALU | BPF_AND | BPF_K, GRE_S),
		[F_S_JEQ] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0,
				 F_A, F_S_LD, F_S_JEQ),
		[F_S_LD] = BPF_STMT(BPF_LD | BPF_MEM, 0),
		[F_S_ADD] = BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 4),
		[F_S_ST] = BPF_STMT(BPF_ST, 0),
		[F_A] = BPF_STMT(BPF_LD | BPF_B | BPF_IND, 1),
		[F_A_AND] = BPF_STMT(BPF_ALU | BPF_AND | BPF_K, GRE_A),
		[F_A_JEQ] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0,
				 F_PPP_X, F_A_LD, F_A_JEQ),
		[F_A_LD] = BPF_STMT(BPF_LD | BPF_MEM, 0),
		[F_A_ADD] = BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 4),
		[F_A_ST] = BPF_STMT(BPF_ST, 0),
		/* the PPP frame: skip FF 03 when present */
		[F_PPP_X] = BPF_STMT(BPF_LDX | BPF_MEM, 0),
		[F_PPP0] = BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),
		[F_PPP0_JEQ] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xff,
				    F_PPP1, F_PROTO_HI, F_PPP0_JEQ),
		[F_PPP1] = BPF_STMT(BPF_LD | BPF_B | BPF_IND, 1),
		[F_PPP1_JEQ] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x03,
				    F_PPP_SKIP, F_REJECT, F_PPP1_JEQ),
		[F_PPP_SKIP] = BPF_STMT(BPF_MISC | BPF_TXA, 0),
		[F_PPP_SKIP_ADD] = BPF_STMT(BPF_ALU | BPF_ADD | BPF_K, 2),
		[F_PPP_SKIP_TAX] = BPF_STMT(BPF_MISC | BPF_TAX, 0),
		/*
		 * The protocol's first byte: 0x80 and above and even (an odd
		 * byte is a compressed field, a protocol below 0x100).
		 */
		[F_PROTO_HI] = BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),
		[F_PROTO_JGE] = JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x80,
				     F_PROTO_AND, F_REJECT, F_PROTO_JGE),
		[F_PROTO_AND] = BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 1),
		[F_PROTO_ODD] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0,
				     F_ACCEPT, F_REJECT, F_PROTO_ODD),
		[F_ACCEPT] = BPF_STMT(BPF_RET | BPF_K, 0xffff),
		[F_REJECT] = BPF_STMT(BPF_RET | BPF_K, 0),
	};

	_Static_assert(F_COUNT <= GRE_FILTER_MAX, "GRE_FILTER_MAX too small");
	memcpy(prog, p, sizeof(p));
	return F_COUNT;
}
