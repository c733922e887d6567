// SPDX-License-Identifier: GPL-2.0
/*
 * PPTP control messages and stream reassembly: every message type built
 * and parsed back, the sizes of RFC 2637, each way a header can be wrong,
 * and a stream cut at every byte boundary.
 */
#include <stdlib.h>

#include "test.h"
#include "pptp/msg.h"
#include "pptp/stream.h"

void suite_pptp_codec(void);

static void sizes_are_the_rfcs(void)
{
	CHECK_INT(pptp_msg_size(PPTP_SCCRQ), 156);
	CHECK_INT(pptp_msg_size(PPTP_SCCRP), 156);
	CHECK_INT(pptp_msg_size(PPTP_STOPCCRQ), 16);
	CHECK_INT(pptp_msg_size(PPTP_STOPCCRP), 16);
	CHECK_INT(pptp_msg_size(PPTP_ECHORQ), 16);
	CHECK_INT(pptp_msg_size(PPTP_ECHORP), 20);
	CHECK_INT(pptp_msg_size(PPTP_OCRQ), 168);
	CHECK_INT(pptp_msg_size(PPTP_OCRP), 32);
	CHECK_INT(pptp_msg_size(PPTP_ICRQ), 220);
	CHECK_INT(pptp_msg_size(PPTP_ICRP), 24);
	CHECK_INT(pptp_msg_size(PPTP_ICCN), 28);
	CHECK_INT(pptp_msg_size(PPTP_CCRQ), 16);
	CHECK_INT(pptp_msg_size(PPTP_CDN), 148);
	CHECK_INT(pptp_msg_size(PPTP_WEN), 40);
	CHECK_INT(pptp_msg_size(PPTP_SLI), 24);
	CHECK_INT(pptp_msg_size(0), 0);
	CHECK_INT(pptp_msg_size(16), 0);
}

/* An SCCRQ as pptp-linux sends it, octet by octet. */
static void sccrq_wire(void)
{
	uint8_t buf[PPTP_MSG_MAX];
	struct pptp_msg m = {
		.type = PPTP_SCCRQ, .proto_ver = 0x0100,
		.framing_cap = 1, .bearer_cap = 1, .max_channels = 0xffff,
		.firmware_rev = 1, .host_name = "local", .vendor = "cananian",
	};
	struct pptp_msg_err err;
	struct pptp_msg p;
	size_t n = pptp_msg_build(&m, buf, sizeof(buf));

	CHECK_INT(n, 156);
	CHECK_INT(buf[0] << 8 | buf[1], 156);
	CHECK_INT(buf[2] << 8 | buf[3], 1);
	CHECK(!memcmp(buf + 4, "\x1a\x2b\x3c\x4d", 4));
	CHECK_INT(buf[8] << 8 | buf[9], 1);
	CHECK_INT(buf[10] | buf[11], 0);
	CHECK_INT(buf[12] << 8 | buf[13], 0x0100);
	CHECK_INT(buf[24] << 8 | buf[25], 0xffff);	/* channels */
	CHECK_INT(buf[26] << 8 | buf[27], 1);		/* firmware */
	CHECK(!memcmp(buf + 28, "local", 6));
	CHECK(!memcmp(buf + 92, "cananian", 9));
	CHECK_INT(pptp_msg_parse(buf, n, &p, &err), 0);
	CHECK_INT(p.type, PPTP_SCCRQ);
	CHECK_INT(p.proto_ver, 0x0100);
	CHECK_INT(p.max_channels, 0xffff);
	CHECK_STR(p.host_name, "local");
	CHECK_STR(p.vendor, "cananian");
	/* A full 64-octet name without NUL stays within its field. */
	memset(buf + 28, 'x', 64);
	CHECK_INT(pptp_msg_parse(buf, n, &p, &err), 0);
	CHECK_INT(strlen(p.host_name), 64);
	CHECK_STR(p.vendor, "cananian");
	/* The cap too small for the message builds nothing. */
	CHECK_INT(pptp_msg_build(&m, buf, 155), 0);
}

/* Every type survives build and parse with each of its fields. */
static void roundtrip_every_type(void)
{
	struct pptp_msg m, p;
	struct pptp_msg_err err;
	uint8_t buf[PPTP_MSG_MAX + 8];
	unsigned int t;

	for (t = 1; t <= PPTP_CTRL_MAX; t++) {
		memset(&m, 0, sizeof(m));
		m.type = t;
		m.proto_ver = 0x0100;
		m.result = 2;
		m.error = 4;
		m.reason = 3;
		m.cause = 0x1234;
		m.echo_id = 0xdeadbeef;
		m.call_id = 0x4321;
		m.peer_call_id = 0x8765;
		m.call_serial = 7;
		m.min_bps = 300;
		m.max_bps = 100000000;
		m.bearer_type = 3;
		m.framing_type = 3;
		m.connect_speed = 64000;
		m.rx_window = 64;
		m.proc_delay = 5;
		m.phys_channel = 9;
		m.send_accm = 0xffffffff;
		m.recv_accm = 0xa0000;
		m.wan.crc = 1;
		m.wan.alignment = 6;
		snprintf(m.phone, sizeof(m.phone), "5551234");
		snprintf(m.call_stats, sizeof(m.call_stats), "stats");
		CHECK_INT(pptp_msg_build(&m, buf, sizeof(buf)),
			  pptp_msg_size(t));
		CHECK_INT(pptp_msg_parse(buf, sizeof(buf), &p, &err), 0);
		CHECK_INT(p.type, t);
		switch (t) {
		case PPTP_SCCRP:
			CHECK_INT(p.result, 2);
			CHECK_INT(p.error, 4);
			break;
		case PPTP_STOPCCRQ:
			CHECK_INT(p.reason, 3);
			break;
		case PPTP_ECHORP:
			CHECK_INT(p.echo_id, 0xdeadbeef);
			CHECK_INT(p.result, 2);
			break;
		case PPTP_OCRQ:
			CHECK_INT(p.call_id, 0x4321);
			CHECK_INT(p.max_bps, 100000000);
			CHECK_INT(p.rx_window, 64);
			CHECK_INT(p.proc_delay, 5);
			CHECK_STR(p.phone, "5551234");
			break;
		case PPTP_OCRP:
			CHECK_INT(p.call_id, 0x4321);
			CHECK_INT(p.peer_call_id, 0x8765);
			CHECK_INT(p.cause, 0x1234);
			CHECK_INT(p.connect_speed, 64000);
			CHECK_INT(p.phys_channel, 9);
			break;
		case PPTP_CDN:
			CHECK_INT(p.call_id, 0x4321);
			CHECK_INT(p.result, 2);
			CHECK_INT(p.cause, 0x1234);
			CHECK_STR(p.call_stats, "stats");
			break;
		case PPTP_WEN:
			CHECK_INT(p.peer_call_id, 0x8765);
			CHECK_INT(p.wan.crc, 1);
			CHECK_INT(p.wan.alignment, 6);
			break;
		case PPTP_SLI:
			CHECK_INT(p.peer_call_id, 0x8765);
			CHECK_INT(p.send_accm, 0xffffffff);
			CHECK_INT(p.recv_accm, 0xa0000);
			break;
		case PPTP_ICCN:
			CHECK_INT(p.framing_type, 3);
			CHECK_INT(p.connect_speed, 64000);
			break;
		}
	}
}

static uint8_t echo[16];

static void make_echo(void)
{
	struct pptp_msg m = { .type = PPTP_ECHORQ, .echo_id = 1 };

	CHECK_INT(pptp_msg_build(&m, echo, sizeof(echo)), 16);
}

static void set16(uint8_t *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* Each malformed header has its own code and a message that says why. */
static void malformed_headers(void)
{
	struct pptp_msg_err err;
	struct pptp_msg p;
	uint8_t b[PPTP_MSG_MAX];
	unsigned int len;

	make_echo();
	for (len = 0; len < 12; len++) {
		CHECK_INT(pptp_msg_parse(echo, len, &p, &err), -1);
		CHECK_INT(err.code, PPTP_MSG_ERR_TRUNCATED);
	}
	CHECK_INT(pptp_msg_parse(echo, 15, &p, &err), -1);
	CHECK_INT(err.code, PPTP_MSG_ERR_TRUNCATED);
	CHECK_HAS(err.text, "Length says 16");

	/* Every Length below the header. */
	for (len = 0; len < 12; len++) {
		memcpy(b, echo, 16);
		set16(b, len);
		CHECK_INT(pptp_msg_parse(b, 16, &p, &err), -1);
		CHECK_INT(err.code, PPTP_MSG_ERR_LENGTH_SHORT);
		CHECK_HAS(err.text, "below the 12-octet header");
	}
	/* Every Length from the header to the maximum but the right one. */
	for (len = 12; len <= PPTP_MSG_MAX; len++) {
		if (len == 16)
			continue;
		memset(b, 0, sizeof(b));
		memcpy(b, echo, 16);
		set16(b, len);
		CHECK_INT(pptp_msg_parse(b, sizeof(b), &p, &err), -1);
		CHECK_INT(err.code, PPTP_MSG_ERR_LENGTH_TYPE);
		CHECK_HAS(err.text, "Echo-Request with Length");
		CHECK_HAS(err.text, "its size is 16");
	}
	/* A management message, and any other message type. */
	memcpy(b, echo, 16);
	set16(b + 2, 2);
	CHECK_INT(pptp_msg_parse(b, 16, &p, &err), -1);
	CHECK_INT(err.code, PPTP_MSG_ERR_MSG_TYPE);
	CHECK_HAS(err.text, "PPTP Message Type 2");
	memcpy(b, echo, 16);
	b[7] ^= 1;
	CHECK_INT(pptp_msg_parse(b, 16, &p, &err), -1);
	CHECK_INT(err.code, PPTP_MSG_ERR_MAGIC);
	CHECK_HAS(err.text, "0x1A2B3C4C");
	memcpy(b, echo, 16);
	b[11] = 1;
	CHECK_INT(pptp_msg_parse(b, 16, &p, &err), -1);
	CHECK_INT(err.code, PPTP_MSG_ERR_RESERVED);
	for (len = 0; len < 0x10000; len += len < 20 ? 1 : 997) {
		if (pptp_msg_size(len))
			continue;
		memcpy(b, echo, 16);
		set16(b + 8, len);
		CHECK_INT(pptp_msg_parse(b, 16, &p, &err), -1);
		CHECK_INT(err.code, PPTP_MSG_ERR_CTRL_TYPE);
		CHECK_HAS(err.text, "unknown Control Message Type");
	}
	/* Reserved fields inside a body are ignored. */
	memcpy(b, echo, 16);
	CHECK_INT(pptp_msg_parse(b, 16, &p, &err), 0);
	CHECK_STR(pptp_msg_strerror(PPTP_MSG_ERR_MAGIC), "bad magic cookie");
}

static void names(void)
{
	CHECK_STR(pptp_ctrl_type_name(PPTP_OCRQ), "Outgoing-Call-Request");
	CHECK_STR(pptp_ctrl_type_name(99), "unknown message");
	CHECK_STR(pptp_result_name(PPTP_OCRP, 1), "connected");
	CHECK_STR(pptp_result_name(PPTP_CDN, 4), "call-clear-request");
	CHECK_STR(pptp_result_name(PPTP_SCCRP, 5),
		  "protocol version not supported");
	CHECK_STR(pptp_result_name(PPTP_OCRP, 8), "unknown result");
	CHECK_STR(pptp_result_name(PPTP_ECHORQ, 1), "unknown result");
	CHECK_STR(pptp_error_name(4), "no-resource");
	CHECK_STR(pptp_error_name(7), "unknown error");
	CHECK_STR(pptp_stop_reason_name(3), "local shutdown");
}

/* Three messages back to back, delivered in every two-piece split. */
static void stream_every_split(void)
{
	struct pptp_msg m1 = { .type = PPTP_SCCRQ, .proto_ver = 0x100 };
	struct pptp_msg m2 = { .type = PPTP_ECHORQ, .echo_id = 77 };
	struct pptp_msg m3 = { .type = PPTP_OCRQ, .call_id = 5 };
	uint8_t wire[400];
	size_t total = 0, cut, i;

	total += pptp_msg_build(&m1, wire + total, sizeof(wire) - total);
	total += pptp_msg_build(&m2, wire + total, sizeof(wire) - total);
	total += pptp_msg_build(&m3, wire + total, sizeof(wire) - total);
	CHECK_INT(total, 156 + 16 + 168);
	for (cut = 0; cut <= total; cut++) {
		size_t pieces[2] = { cut, total - cut };
		unsigned int types[4], n = 0;
		const uint8_t *data = wire;
		struct pptp_stream s;

		pptp_stream_init(&s);
		for (i = 0; i < 2; i++) {
			size_t len = pieces[i];
			const uint8_t *msg;
			size_t mlen;
			enum pptp_stream_ret r;

			while ((r = pptp_stream_next(&s, &data, &len, &msg,
						     &mlen)) ==
			       PPTP_STREAM_MSG) {
				struct pptp_msg p;

				CHECK(n < 4);
				if (n >= 4 || pptp_msg_parse(msg, mlen, &p, NULL))
					break;
				types[n++] = p.type;
			}
			CHECK_INT(r, PPTP_STREAM_NEED);
			CHECK_INT(len, 0);
		}
		CHECK_INT(n, 3);
		if (n == 3) {
			CHECK_INT(types[0], PPTP_SCCRQ);
			CHECK_INT(types[1], PPTP_ECHORQ);
			CHECK_INT(types[2], PPTP_OCRQ);
		}
	}
	/* And one octet at a time. */
	{
		const uint8_t *data = wire, *msg;
		struct pptp_stream s;
		unsigned int n = 0;
		size_t len, mlen;

		pptp_stream_init(&s);
		for (i = 0; i < total; i++) {
			len = 1;
			while (pptp_stream_next(&s, &data, &len, &msg, &mlen) ==
			       PPTP_STREAM_MSG)
				n++;
		}
		CHECK_INT(n, 3);
	}
}

/* Garbage, or a Length past any message, cuts the stream for good. */
static void stream_refuses_bad_input(void)
{
	static const uint8_t http[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	const uint8_t *data, *msg;
	struct pptp_stream s;
	uint8_t b[16];
	size_t len, mlen;

	pptp_stream_init(&s);
	data = http;
	len = sizeof(http) - 1;
	CHECK_INT(pptp_stream_next(&s, &data, &len, &msg, &mlen),
		  PPTP_STREAM_ERROR);
	CHECK_INT(s.err.code, PPTP_MSG_ERR_MSG_TYPE);
	len = 1;
	CHECK_INT(pptp_stream_next(&s, &data, &len, &msg, &mlen),
		  PPTP_STREAM_ERROR);

	/* A huge Length is refused after 12 octets, not buffered. */
	make_echo();
	memcpy(b, echo, 16);
	set16(b, 0xffff);
	pptp_stream_init(&s);
	data = b;
	len = 11;
	CHECK_INT(pptp_stream_next(&s, &data, &len, &msg, &mlen),
		  PPTP_STREAM_NEED);
	len = 5;
	CHECK_INT(pptp_stream_next(&s, &data, &len, &msg, &mlen),
		  PPTP_STREAM_ERROR);
	CHECK_INT(s.err.code, PPTP_MSG_ERR_LENGTH_TYPE);
	/* Length zero, which would otherwise never advance. */
	set16(b, 0);
	pptp_stream_init(&s);
	data = b;
	len = 16;
	CHECK_INT(pptp_stream_next(&s, &data, &len, &msg, &mlen),
		  PPTP_STREAM_ERROR);
	CHECK_INT(s.err.code, PPTP_MSG_ERR_LENGTH_SHORT);
}

void suite_pptp_codec(void)
{
	RUN(sizes_are_the_rfcs);
	RUN(sccrq_wire);
	RUN(roundtrip_every_type);
	RUN(malformed_headers);
	RUN(names);
	RUN(stream_every_split);
	RUN(stream_refuses_bad_input);
}
