// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for roam-loadgen's client (tools/loadgen/): what a
 * hostile or broken server can send it, one simulated client per input.
 *
 * The input is a script of records: one opcode byte, a length byte, then
 * that many bytes.  Opcodes (low 2 bits): 0 a datagram as given; 1 a
 * datagram whose tunnel and session ids are replaced by the client's own
 * (so that the fuzzer reaches the call and PPP without guessing them);
 * 2 advance time by len * 100 ms and run the timers; 3 stop the client.
 * Besides crashes and leaks it checks that everything the client sends
 * is a well-formed L2TP datagram (control messages decode with roamd's
 * decoder, data messages carry a PPP frame that decodes) and that after
 * its timers ran, its next deadline is not already due.
 */
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "../tools/loadgen/client.h"
#include "../tools/loadgen/icmp.h"
#include "l2tp/header.h"
#include "l2tp/msg.h"
#include "ppp/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t counter;

void lg_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = ++counter;
}

static void check_sent(void *arg, const uint8_t *buf, size_t len)
{
	static struct l2tp_msg msg;
	struct l2tp_msg_err err;
	struct ppp_frame f;
	struct l2tp_hdr h;

	(void)arg;
	if (l2tp_hdr_parse(buf, len, &h) != L2TP_HDR_OK)
		abort();
	if (h.control) {
		if (h.msg_len != h.hdr_len &&
		    l2tp_msg_parse(buf + h.hdr_len, h.msg_len - h.hdr_len,
				   NULL, 0, &msg, &err))
			abort();
		return;
	}
	if (ppp_frame_parse(buf + h.hdr_len, h.msg_len - h.hdr_len, &f))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_client_cfg cfg = {
		.user = "lg1",
		.password = "pw1",
		.phase_timeout_ms = 5000,
		.close_timeout_ms = 5000,
		.echo_id = 1,
	};
	struct lg_client *c;
	uint8_t buf[256];
	uint64_t now = 1000;
	size_t pos = 0, len;
	uint8_t op;

	c = malloc(sizeof(*c));
	if (!c)
		return 0;
	counter = 0;
	lg_client_init(c, 1, &cfg, check_sent, NULL);
	lg_client_start(c, now);
	while (fuzz_script_next(data, size, &pos, &op, buf, &len)) {
		op &= 3;
		switch (op) {
		case 1:
			fuzz_l2tp_aim(buf, len, c->tid, c->sid);
			/* fall through */
		case 0:
			lg_client_input(c, now, buf, len);
			break;
		case 2:
			now += len * 100;
			lg_client_timer(c, now);
			/* a deadline not past now would make the loop spin */
			if (lg_client_deadline(c) &&
			    lg_client_deadline(c) <= now)
				abort();
			break;
		case 3:
			lg_client_stop(c, now);
			break;
		}
	}
	lg_client_release(c);
	free(c);
	return 0;
}
