// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the PPP control plane: the frame codec on the raw
 * input, then one session driven by a script.
 *
 * The input starts with two configuration octets (auth methods, MPPE
 * policy, IPv6, asynchronous verifier, empty pool, echo), then records: an opcode
 * octet, a length octet, that many octets.  Opcodes (mod 10):
 *   0 raw frame               1 LCP packet          2 CHAP Response to
 *   the server's last challenge (its id filled in)  3 PAP packet
 *   4 NCP packet (first octet picks IPCP/IPV6CP/CCP)
 *   5 Configure-Ack of the server's last request (first octet picks the
 *     protocol), so negotiation completes without guessing identifiers
 *   6 advance time by len * 250 ms and run the timers
 *   7 verdict for a pending verify (first octet: OK or FAIL, third:
 *     with MPPE keys)
 *   8 close                   9 tunnel down
 *
 * Besides crashes and leaks it checks that everything the session sends
 * parses with its own codec, that nothing follows PPP_EV_FINISHED, and
 * that after the timers ran the next deadline lies in the future (else
 * the event loop would spin).  Build with -DFUZZ_PPP_TRACE to see the
 * events an input reaches.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined with -Iuserspace/roamd,
 * this file and userspace/roamd/ppp/, linked with -lcrypto.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ppp/frame.h"
#include "ppp/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz {
	struct ppp_session *s;
	struct ppp_out out;
	uint64_t now;
	uint8_t counter;
	bool async;
	bool pool_empty;
	bool finished;
	uint32_t pending_seq;
	uint8_t chal_id;
	/* the server's last Configure-Request per protocol */
	struct {
		uint16_t proto;
		uint8_t id;
		uint8_t len;
		uint8_t opts[PPP_CP_MAX];
	} req[4];
};

static struct fuzz fz;

static const uint16_t ncp_protos[4] = {
	PPP_LCP, PPP_IPCP, PPP_IPV6CP, PPP_CCP
};

static void fz_random(void *ctx, void *buf, size_t len)
{
	uint8_t *p = buf;

	(void)ctx;
	while (len--)
		*p++ = ++fz.counter;
}

static enum ppp_verdict fz_verify(void *ctx,
				  const struct ppp_auth_request *req,
				  struct ppp_auth_result *res)
{
	(void)ctx;
	if (!req->user || strlen(req->user) != req->user_len)
		abort();
	if (fz.async) {
		fz.pending_seq = req->seq;
		return PPP_AUTH_PENDING;
	}
	/*
	 * The response's first octet decides; MS-CHAPv2 gets a well-formed
	 * authenticator response so success is reachable.
	 */
	memcpy(res->authenticator,
	       "S=0123456789ABCDEF0123456789ABCDEF01234567", 43);
	if (req->response_len && (req->response[0] & 1))
		return PPP_AUTH_OK;
	res->error = 691;
	return PPP_AUTH_FAIL;
}

static int fz_address(void *ctx, const char *user, uint32_t requested,
		      uint32_t *addr)
{
	(void)ctx;
	(void)user;
	if (fz.pool_empty)
		return -1;
	*addr = requested ? requested : 0xc0a80864;
	return 0;
}

static const struct ppp_session_ops fz_ops = {
	.verify = fz_verify,
	.get_address = fz_address,
	.random = fz_random,
};

/* Check what the session asked for, and learn identifiers from it. */
static void drain(void)
{
	struct ppp_frame fr;
	struct ppp_cp p;
	const uint8_t *f;
	unsigned int i, k;
	size_t len;

	for (i = 0; i < fz.out.nframes; i++) {
		f = ppp_out_frame(&fz.out, i, &len);
		if (!f || len > PPP_FRAME_MAX || ppp_frame_parse(f, len, &fr))
			abort();
		if (!fr.has_acf || fr.pfc)
			abort();
		if (ppp_cp_parse(fr.payload, fr.len, &p) || p.len != fr.len)
			abort();
		if (fr.proto == PPP_CHAP && p.code == 1)
			fz.chal_id = p.id;
		for (k = 0; k < 4; k++) {
			if (fr.proto != ncp_protos[k] || p.code != PPP_CONFREQ)
				continue;
			if (ppp_opts_check(p.data, p.dlen))
				abort();
			fz.req[k].id = p.id;
			fz.req[k].len = (uint8_t)p.dlen;
			memcpy(fz.req[k].opts, p.data, p.dlen);
		}
	}
	for (i = 0; i < fz.out.nevents; i++) {
#ifdef FUZZ_PPP_TRACE	/* -DFUZZ_PPP_TRACE: see how deep an input goes */
		fprintf(stderr, "t=%llu event %d\n",
			(unsigned long long)fz.now, fz.out.event[i]);
#endif
		if (fz.finished)
			abort();	/* nothing after FINISHED */
		if (fz.out.event[i] == PPP_EV_FINISHED)
			fz.finished = true;
	}
	if (fz.finished &&
	    ppp_session_down(fz.s)->reason == PPP_DOWN_NONE)
		abort();
	ppp_out_reset(&fz.out);
}

static void send_cp(uint16_t proto, uint8_t code, uint8_t id,
		    const uint8_t *d, size_t len)
{
	uint8_t f[PPP_HDR_MAX + PPP_CP_HDRLEN + 256];
	struct ppp_buf b;
	size_t start;

	ppp_buf_init(&b, f, sizeof(f));
	ppp_frame_begin(&b, proto);
	start = ppp_cp_begin(&b, code, id);
	ppp_put(&b, d, len);
	ppp_cp_end(&b, start);
	ppp_session_input(fz.s, f, b.len, fz.now, &fz.out);
}

static void send_raw(uint16_t proto, const uint8_t *d, size_t len)
{
	uint8_t f[PPP_HDR_MAX + 256];
	struct ppp_buf b;

	ppp_buf_init(&b, f, sizeof(f));
	ppp_frame_begin(&b, proto);
	ppp_put(&b, d, len);
	ppp_session_input(fz.s, f, b.len, fz.now, &fz.out);
}

static void run_timers(uint64_t until)
{
	int guard = 0;

	while (ppp_session_deadline(fz.s) <= until && guard++ < 200) {
		fz.now = ppp_session_deadline(fz.s);
		ppp_session_timer(fz.s, fz.now, &fz.out);
		drain();
		if (ppp_session_deadline(fz.s) <= fz.now)
			abort();	/* would spin the event loop */
	}
	fz.now = until;
}

static void step(uint8_t op, const uint8_t *d, size_t len)
{
	struct ppp_auth_result res;
	size_t k;

	switch (op % 10) {
	case 0:
		ppp_session_input(fz.s, d, len, fz.now, &fz.out);
		break;
	case 1:
		send_raw(PPP_LCP, d, len);
		break;
	case 2:
		if (len)
			send_cp(PPP_CHAP, 2, fz.chal_id, d, len);
		break;
	case 3:
		send_raw(PPP_PAP, d, len);
		break;
	case 4:
		if (len)
			send_raw(ncp_protos[1 + d[0] % 3], d + 1, len - 1);
		break;
	case 5:
		k = len ? d[0] % 4 : 0;
		send_cp(ncp_protos[k], PPP_CONFACK, fz.req[k].id,
			fz.req[k].opts, fz.req[k].len);
		break;
	case 6:
		run_timers(fz.now + 250ull * len);
		break;
	case 7:
		memset(&res, 0, sizeof(res));
		if (len > 1)
			res.error = d[1];
		memcpy(res.authenticator,
		       "S=0123456789ABCDEF0123456789ABCDEF01234567", 43);
		/* MS-CHAP keys, so that MPPE can be negotiated. */
		res.have_keys = len > 2 && (d[2] & 1);
		memset(res.mppe_send, 0x5a, sizeof(res.mppe_send));
		memset(res.mppe_recv, 0xa5, sizeof(res.mppe_recv));
		ppp_session_auth_done(fz.s, fz.pending_seq,
				      len && (d[0] & 1) ? PPP_AUTH_OK :
							  PPP_AUTH_FAIL,
				      &res, fz.now, &fz.out);
		break;
	case 8:
		ppp_session_close(fz.s, fz.now, &fz.out);
		break;
	case 9:
		ppp_session_lower_down(fz.s, fz.now, &fz.out);
		break;
	}
	drain();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ppp_auth_method methods[] = {
		PPP_AUTH_NONE, PPP_AUTH_PAP, PPP_AUTH_CHAP_MD5,
		PPP_AUTH_MSCHAPV1, PPP_AUTH_MSCHAPV2,
	};
	struct ppp_config cfg;
	struct ppp_frame fr;
	struct ppp_cp p;
	size_t i = 2;

	/* The codec alone, on the raw input. */
	if (!ppp_frame_parse(data, size, &fr) &&
	    !ppp_cp_parse(fr.payload, fr.len, &p))
		ppp_opts_check(p.data, p.dlen);
	if (size < 2)
		return 0;

	memset(&fz, 0, sizeof(fz));
	ppp_out_reset(&fz.out);
	ppp_config_defaults(&cfg);
	cfg.auth[0] = methods[data[0] % 5];
	cfg.auth[1] = cfg.auth[0] ? methods[(data[0] >> 3) % 5] : 0;
	if (cfg.auth[1] == cfg.auth[0])
		cfg.auth[1] = PPP_AUTH_NONE;
	/* The top two bits of the first octet: MPPE off/optional/required. */
	cfg.mppe.policy = (data[0] >> 6) >= 2 ? PPP_MPPE_REQUIRED :
			  (enum ppp_mppe_policy)(data[0] >> 6);
	cfg.mppe.stateless_only = (data[0] >> 6) == 3;
	cfg.mppe.strengths = PPP_MPPE_STRENGTHS;
	cfg.ipv6 = data[1] & 1;
	fz.async = data[1] & 2;
	fz.pool_empty = (data[1] & 0x0c) == 0x0c;
	cfg.echo_interval = data[1] & 0x10 ? 30 : 0;
	cfg.mru = data[1] & 0x20 ? 1400 : 0;
	cfg.local_ip = 0xc0a80801;
	cfg.dns[0] = data[1] & 0x40 ? 0xc0a80802 : 0;
	cfg.wins[1] = data[1] & 0x80 ? 0xc0a80803 : 0;
	fz.now = 1000;

	fz.s = ppp_session_new(&cfg, &fz_ops, NULL);
	if (!fz.s)
		return 0;
	ppp_session_start(fz.s, fz.now, &fz.out);
	drain();
	while (i + 2 <= size) {
		uint8_t op = data[i], len = data[i + 1];

		i += 2;
		if (len > size - i)
			len = (uint8_t)(size - i);
		step(op, data + i, len);
		i += len;
	}
	/* Let it run out: everything must end within bounded time. */
	run_timers(fz.now + 3600 * 1000ull);
	ppp_session_free(fz.s);
	return 0;
}
