// SPDX-License-Identifier: GPL-2.0
/*
 * The enhanced GRE codec (userspace/lib/gre.c) with well-formed and
 * malformed headers, and the raw socket's BPF filter, run by the kernel on
 * an AF_UNIX datagram socket pair (the filter sees each datagram as it
 * would see a raw socket's packet, from the IPv4 header).
 */
#include <errno.h>
#include <linux/filter.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gre.h"
#include "util.h"
#include "test.h"

static void test_gre_round_trip(void)
{
	struct gre_hdr h = { .call_id = 0x1234, .payload_len = 3,
			     .has_seq = true, .seq = 0xdeadbeef,
			     .has_ack = true, .ack = 7 }, g;
	uint8_t buf[32] = { 0 };
	const char *err = NULL;
	int n;

	n = gre_build(buf, sizeof(buf), &h);
	CHECK_INT(n, 16);
	CHECK_INT(buf[0], 0x30);
	CHECK_INT(buf[1], 0x81);
	CHECK_INT(gre_parse(buf, n + 3, &g, &err), 16);
	CHECK_INT(g.call_id, 0x1234);
	CHECK_INT(g.seq, 0xdeadbeef);
	CHECK_INT(g.ack, 7);
	CHECK(g.has_seq && g.has_ack);
	/* ack only: 12 bytes, no payload */
	h.has_seq = false;
	h.payload_len = 0;
	CHECK_INT(gre_build(buf, sizeof(buf), &h), 12);
	CHECK_INT(gre_parse(buf, 12, &g, &err), 12);
	CHECK(!g.has_seq && g.has_ack && g.ack == 7);
	CHECK_INT(gre_build(buf, 11, &h), -1);
}

static void test_gre_malformed(void)
{
	const struct { const char *bytes; size_t len; const char *why; } v[] = {
		{ "\x30\x01\x88\x0b\x00\x00\x00", 7, "shorter" },
		{ "\x30\x00\x88\x0b\x00\x00\x00\x01", 8, "version" },
		{ "\x30\x01\x08\x00\x00\x00\x00\x01", 8, "protocol" },
		{ "\x10\x01\x88\x0b\x00\x00\x00\x01", 8, "key" },
		{ "\xb0\x01\x88\x0b\x00\x00\x00\x01", 8, "forbids" },
		{ "\x30\x09\x88\x0b\x00\x00\x00\x01", 8, "forbids" },
		{ "\x30\x01\x88\x0b\x00\x00\x00\x01\x00\x00", 10, "cut short" },
		{ "\x30\x01\x88\x0b\x00\x09\x00\x01\x00\x00\x00\x01\xff\x03", 14,
		  "beyond" },
		{ "\x20\x01\x88\x0b\x00\x02\x00\x01\xff\x03", 10,
		  "without a sequence" },
	};
	struct gre_hdr g;
	const char *err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		err = NULL;
		CHECK_INT(gre_parse((const uint8_t *)v[i].bytes, v[i].len, &g,
				    &err), -1);
		CHECK_HAS(err, v[i].why);
	}
}

static void test_ppp_proto(void)
{
	uint16_t proto = 0;

	CHECK_INT(gre_ppp_proto((const uint8_t *)"\xff\x03\xc0\x21", 4,
				&proto), 4);
	CHECK_INT(proto, 0xc021);
	CHECK_INT(gre_ppp_proto((const uint8_t *)"\x80\x21\x01", 3, &proto), 2);
	CHECK_INT(proto, 0x8021);
	CHECK_INT(gre_ppp_proto((const uint8_t *)"\x21\x45", 2, &proto), 1);
	CHECK_INT(proto, 0x21);
	CHECK_INT(gre_ppp_proto((const uint8_t *)"\xff\x03\x00", 3, &proto),
		  -1);
	CHECK_INT(gre_ppp_proto((const uint8_t *)"", 0, &proto), -1);
}

/* IPv4 (20 bytes) + GRE with seq + the PPP bytes given. */
static size_t packet(uint8_t *buf, uint8_t ver, const char *ppp, size_t n,
		     bool seq)
{
	struct gre_hdr h = { .call_id = 9, .payload_len = n,
			     .has_seq = seq, .seq = 1 };
	int hl;

	memset(buf, 0, 20);
	buf[0] = 0x45;
	buf[9] = IPPROTO_GRE;
	hl = gre_build(buf + 20, 64, &h);
	buf[21] = (buf[21] & ~7) | ver;
	memcpy(buf + 20 + hl, ppp, n);
	buf[2] = 0;
	buf[3] = 20 + hl + n;
	return 20 + hl + n;
}

static void test_packet_parse(void)
{
	uint8_t buf[128];
	struct gre_packet p;
	const char *err = NULL;
	size_t n;

	n = packet(buf, 1, "\xff\x03\xc0\x21\x01\x01\x00\x04", 8, true);
	CHECK_INT(gre_packet_parse(buf, n, &p, &err), 0);
	CHECK_INT(p.gre.call_id, 9);
	CHECK_INT(p.ppp_len, 8);
	CHECK(p.ppp == buf + 32);
	CHECK_INT(gre_packet_parse(buf, 19, &p, &err), -1);
	buf[3] = 10;	/* total length below the header */
	CHECK_INT(gre_packet_parse(buf, n, &p, &err), -1);
	buf[3] = (uint8_t)n;
	buf[0] = 0x4f;	/* header length beyond the packet */
	CHECK_INT(gre_packet_parse(buf, 40, &p, &err), -1);
	CHECK_HAS(err, "beyond");
}

/* 1 when the filter passed the datagram, 0 when it dropped it. */
static int through_filter(int tx, int rx, const uint8_t *buf, size_t n)
{
	uint8_t in[256];

	if (send(tx, buf, n, 0) != (ssize_t)n)
		return -1;
	return recv(rx, in, sizeof(in), MSG_DONTWAIT) > 0;
}

static void test_control_filter(void)
{
	struct sock_filter prog[GRE_FILTER_MAX];
	struct sock_fprog fprog = { .filter = prog };
	uint8_t buf[128];
	int sv[2];
	size_t n;

	fprog.len = gre_control_filter(prog);
	CHECK(fprog.len > 0 && fprog.len <= GRE_FILTER_MAX);
	CHECK_INT(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	CHECK_INT(setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_FILTER, &fprog,
			     sizeof(fprog)), 0);

	/* control frames pass: LCP with and without FF 03, CCP */
	n = packet(buf, 1, "\xff\x03\xc0\x21\x01\x01\x00\x04", 8, true);
	CHECK_INT(through_filter(sv[0], sv[1], buf, n), 1);
	n = packet(buf, 1, "\xc0\x21\x01\x01\x00\x04", 6, true);
	CHECK_INT(through_filter(sv[0], sv[1], buf, n), 1);
	n = packet(buf, 1, "\x80\xfd\x0e\x01\x00\x04", 6, true);
	CHECK_INT(through_filter(sv[0], sv[1], buf, n), 1);
	/* data does not: IPv4, IPv6, MPPE, compressed protocol field */
	n = packet(buf, 1, "\xff\x03\x00\x21\x45\x00", 6, true);
	CHECK_INT(through_filter(sv[0], sv[1], buf, n), 0);
	n = packet(buf, 1, "\x00\x57\x60\x00", 4, true);
	CHECK_INT(through_filter(sv[0], sv[1], buf, n), 0);
	n = packet(buf, 1, "\xff\x03\x00\xfd\x90\x00\x12", 7, true);
	CHECK_INT(through_filter(sv[0], sv[1], buf, n), 0);
	n = packet(buf, 1, "\x21\x45\x00", 3, true);
	CHECK_INT(through_filter(sv[0], sv[1], buf, n), 0);
	/* nor GRE version 0, an ack alone, or a truncated packet */
	n = packet(buf, 0, "\xc0\x21\x01\x01\x00\x04", 6, true);
	CHECK_INT(through_filter(sv[0], sv[1], buf, n), 0);
	n = packet(buf, 1, "", 0, false);
	CHECK_INT(through_filter(sv[0], sv[1], buf, n), 0);
	n = packet(buf, 1, "\xc0\x21\x01\x01\x00\x04", 6, true);
	CHECK_INT(through_filter(sv[0], sv[1], buf, 31), 0);
	/* with options in the IPv4 header (IHL 6): found all the same */
	memmove(buf + 24, buf + 20, n - 20);
	memset(buf + 20, 1, 4);	/* NOP options */
	buf[0] = 0x46;
	CHECK_INT(through_filter(sv[0], sv[1], buf, n + 4), 1);
	close(sv[0]);
	close(sv[1]);
}

void suite_gre(void)
{
	RUN(test_gre_round_trip);
	RUN(test_gre_malformed);
	RUN(test_ppp_proto);
	RUN(test_packet_parse);
	RUN(test_control_filter);
}
