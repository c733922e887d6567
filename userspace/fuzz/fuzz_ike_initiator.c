// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for roam-loadgen's IKEv1 initiator
 * (tools/loadgen/ike_initiator.c): what a hostile or broken server can
 * send it, at every step of the exchange.
 *
 * The first input byte picks how far a real exchange with roamd's own
 * engine (in process) goes before the fuzzer speaks: MM1 sent, MM3 sent,
 * MM5 sent, QM1 sent or up.  The rest is a script of records: one opcode
 * byte, a length byte, then that many bytes.  Opcodes (low 3 bits):
 * 0 a datagram to the 500 side; 1 to the 4500 side (marker added);
 * 2 the same with our cookies written over its first 16 bytes (so that
 * the fuzzer gets past the cookie check); 3 advance time by len * 100 ms
 * and run the timers; 4 stop (the DELETEs); 5 a message the harness
 * encrypts as the server would, with our cookies and the IV the
 * initiator expects: bytes 0 and 1 pick the exchange (Main, Quick with
 * our message ID, informational) and the first payload type, the rest is
 * the body, and a leading HASH payload of the right size gets the right
 * HASH(1)/HASH(2), so the decrypted-body paths are reached; 6 and 7 as 0.
 * Besides crashes and leaks it checks that everything the initiator
 * sends is one ISAKMP message (after the marker on the 4500 side), and
 * that after its timers ran its next deadline is not already due.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../tools/loadgen/ike_initiator.h"
#include "ike/ike.h"
#include "ike/keys.h"
#include "ike/payload.h"
#include "ike/sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ADDR(a, b, c, d, p) \
	((struct ike_addr){ .family = AF_INET, .port = (p), .ip = { a, b, c, d } })

static const char psk[] = "fuzz";

struct rig {
	struct ikei in;
	struct ike_ctx *ctx;
	uint8_t q[4][2048];		/* the initiator's, not yet delivered */
	size_t qlen[4];
	bool qnatt[4];
	unsigned int nq;
	bool engine;			/* the engine is still listening */
};

static void xmit(void *arg, bool natt, const uint8_t *buf, size_t len)
{
	struct rig *r = arg;
	struct isakmp_hdr h;

	if (natt) {
		if (len < 4 || buf[0] || buf[1] || buf[2] || buf[3])
			abort();
		buf += 4;
		len -= 4;
	}
	if (isakmp_hdr_parse(buf, len, &h, NULL))
		abort();
	if (!r->engine || r->nq == 4 || len > sizeof(r->q[0]))
		return;
	memcpy(r->q[r->nq], buf, len);
	r->qlen[r->nq] = len;
	r->qnatt[r->nq++] = natt;
}

/* The initiator's datagrams to the engine and its answers back. */
static void exchange(struct rig *r, uint64_t now, enum ikei_state until)
{
	static const struct ike_addr srv = ADDR(198, 51, 100, 1, 500);
	static const struct ike_addr srv4500 = ADDR(198, 51, 100, 1, 4500);
	static const struct ike_addr seen = ADDR(203, 0, 113, 5, 40000);
	static const struct ike_addr seen4500 = ADDR(203, 0, 113, 5, 40001);
	struct ike_actions act;
	uint8_t buf[2048 + 4] = { 0 };
	size_t i;

	ike_actions_init(&act);
	while (r->nq && r->in.state < until && r->in.state != IKEI_FAILED) {
		bool natt = r->qnatt[0];
		size_t len = r->qlen[0];

		memcpy(buf, r->q[0], len);
		r->nq--;
		memmove(r->q, r->q + 1, r->nq * sizeof(r->q[0]));
		memmove(r->qlen, r->qlen + 1, r->nq * sizeof(r->qlen[0]));
		memmove(r->qnatt, r->qnatt + 1, r->nq * sizeof(r->qnatt[0]));
		ike_actions_clear(&act);
		ike_input(r->ctx, now, natt ? &srv4500 : &srv,
			  natt ? &seen4500 : &seen, buf, len, &act);
		for (i = 0; i < act.n; i++) {
			struct ike_action *a = &act.v[i];
			bool n4 = a->send.local.port == 4500;

			if (a->type != IKE_ACT_SEND ||
			    a->send.len > sizeof(buf) - 4)
				continue;
			memset(buf, 0, 4);
			memcpy(buf + (n4 ? 4 : 0), a->send.buf, a->send.len);
			ikei_input(&r->in, now, n4, buf,
				   a->send.len + (n4 ? 4 : 0));
		}
	}
	ike_actions_clear(&act);
	r->engine = false;
	r->nq = 0;
}

/* Op 5: body encrypted as the server would, HASH filled in if present. */
static void server_encrypted(struct rig *r, uint64_t now, const uint8_t *p,
			     size_t len)
{
	static const uint8_t exch[3] = { ISAKMP_EXCH_MAIN, ISAKMP_EXCH_QUICK,
					 ISAKMP_EXCH_INFO };
	struct ikei *in = &r->in;
	size_t prf = in->s.keys.prf_len, body;
	uint8_t iv[IKE_MAX_BLOCK], hash[IKE_MAX_HASH], m[4];
	struct isakmp_hdr h;
	struct ike_buf b;
	struct ike_iov iov[3];

	if (len < 2 || !prf || !in->s.blk)
		return;
	ike_hdr_for(&in->s, exch[p[0] % 3], 0, &h);
	if (h.exch == ISAKMP_EXCH_QUICK)
		h.msgid = in->msgid;
	else if (h.exch == ISAKMP_EXCH_INFO)
		h.msgid = 0x01020304;
	h.np = p[1];
	ike_buf_init(&b);
	ike_msg_start(&b, &h);
	body = b.len;
	ike_put(&b, p + 2, len - 2);
	/* a leading HASH of the right size gets the hash the reader wants */
	if (!b.err && len - 2 >= 4 + prf && p[1] == ISAKMP_NP_HASH &&
	    ike_get16(p + 4) == 4 + prf) {
		ike_set32(m, h.msgid);
		iov[0] = (struct ike_iov){ m, 4 };
		iov[1] = (struct ike_iov){ in->qni, sizeof(in->qni) };
		iov[2] = (struct ike_iov){ b.p + body + 4 + prf,
					   b.len - body - 4 - prf };
		if (h.exch == ISAKMP_EXCH_QUICK)
			ike_prf(in->s.prop.hash, in->s.keys.skeyid_a, prf, iov,
				3, hash);
		else
			ike_hash_msgid(&in->s, h.msgid, iov[2].p, iov[2].len,
				       hash);
		memcpy(b.p + body + 4, hash, prf);
	}
	if (h.exch == ISAKMP_EXCH_MAIN)
		memcpy(iv, in->s.iv, sizeof(iv));
	else if (h.exch == ISAKMP_EXCH_QUICK)
		memcpy(iv, in->qiv, sizeof(iv));
	else
		ike_iv_phase2(in->s.prop.hash, in->s.iv, in->s.blk, h.msgid,
			      iv);
	if (!ike_encrypt(&in->s, iv, &b))
		ikei_input(in, now, false, b.p, b.len);
	ike_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ikei_state stages[5] = {
		IKEI_MM1, IKEI_MM3, IKEI_MM5, IKEI_QM1, IKEI_UP };
	struct ikei_cfg cfg = {
		.own = ADDR(192, 168, 1, 10, 500),
		.srv = ADDR(198, 51, 100, 1, 500),
		.psk = (const uint8_t *)psk,
		.psk_len = sizeof(psk) - 1,
		.l2tp_port = 1701,
		.rtx_ms = 500,
		.max_tries = 3,
	};
	struct ike_psk key = { .any = true, .key = (const uint8_t *)psk,
			       .key_len = sizeof(psk) - 1 };
	struct ike_config icfg;
	uint8_t buf[260];
	uint64_t now = 1000000;
	struct rig *r;
	size_t pos = 1;

	if (!size)
		return 0;
	r = calloc(1, sizeof(*r));
	if (!r)
		return 0;
	ike_config_default(&icfg);
	icfg.psk = &key;
	icfg.n_psk = 1;
	r->ctx = ike_new(&icfg);
	r->engine = r->ctx != NULL;
	ikei_init(&r->in, &cfg, xmit, r);
	ikei_start(&r->in, now);
	exchange(r, now, stages[data[0] % 5]);
	while (pos + 2 <= size) {
		uint8_t op = data[pos] & 7;
		size_t len = data[pos + 1];
		size_t off = 0;

		pos += 2;
		if (len > size - pos)
			len = size - pos;
		switch (op) {
		case 1:
		case 2:
			memset(buf, 0, 4);
			off = 4;
			memcpy(buf + off, data + pos, len);
			if (op == 2 && len >= 16) {
				memcpy(buf + off, r->in.s.cky_i, 8);
				memcpy(buf + off + 8, r->in.s.cky_r, 8);
			}
			ikei_input(&r->in, now, true, buf, off + len);
			break;
		case 3:
			now += len * 100;
			ikei_timer(&r->in, now);
			if (ikei_deadline(&r->in) &&
			    ikei_deadline(&r->in) <= now)
				abort();
			break;
		case 4:
			ikei_stop(&r->in, now);
			break;
		case 5:
			server_encrypted(r, now, data + pos, len);
			break;
		default:
			memcpy(buf, data + pos, len);
			ikei_input(&r->in, now, false, buf, len);
			break;
		}
		pos += len;
	}
	ikei_release(&r->in);
	ike_free(r->ctx);
	free(r);
	return 0;
}
