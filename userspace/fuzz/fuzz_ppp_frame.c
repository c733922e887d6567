// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the PPP codec alone (ppp/frame.c): the input is
 * one PPP frame as it arrives from the kernel (out of an L2TP session or
 * a GRE packet).  No session, no authentication: the codec at full
 * speed, where fuzz_ppp runs the LCP/auth/IPCP/CCP machines.
 *
 * Besides crashes it checks:
 *  - the frame header is written again to the same bytes (ppp_frame_begin
 *    for the form roamd sends: ff 03 and a two-octet protocol; by hand
 *    for the compressed forms a peer may use);
 *  - a control packet is written again by ppp_cp_begin/ppp_cp_end to
 *    the same bytes (padding after its length excepted);
 *  - every configuration option of a Configure-Request/Ack/Nak/Reject is
 *    written again to the same bytes, and ppp_opts_check agrees with the
 *    option walk.
 */
#include <stdlib.h>
#include <string.h>

#include "ppp/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void header_round_trip(const uint8_t *data, size_t size,
			      const struct ppp_frame *f)
{
	uint8_t mem[PPP_HDR_MAX];
	struct ppp_buf b;
	size_t hdr = size - f->len;

	if (f->payload != data + hdr ||
	    hdr != (f->has_acf ? 2u : 0u) + (f->pfc ? 1u : 2u))
		abort();
	ppp_buf_init(&b, mem, sizeof(mem));
	if (f->has_acf && !f->pfc) {
		ppp_frame_begin(&b, f->proto);
	} else {
		if (f->has_acf) {
			ppp_put8(&b, 0xff);
			ppp_put8(&b, 0x03);
		}
		if (f->pfc)
			ppp_put8(&b, (uint8_t)f->proto);
		else
			ppp_put16(&b, f->proto);
	}
	if (b.overflow || b.len != hdr || memcmp(mem, data, hdr))
		abort();
}

static void options_round_trip(const uint8_t *opts, size_t len)
{
	static uint8_t mem[PPP_CP_MAX];
	struct ppp_opt_iter it;
	struct ppp_opt o;
	struct ppp_buf b;
	size_t walked = 0;

	ppp_buf_init(&b, mem, sizeof(mem));
	ppp_opt_iter_init(&it, opts, len);
	while (ppp_opt_next(&it, &o)) {
		if (o.raw != opts + walked || o.len < 2 ||
		    walked + o.len > len)
			abort();
		ppp_put8(&b, o.type);
		ppp_put8(&b, o.len);
		ppp_put(&b, o.val, o.len - 2u);
		walked += o.len;
	}
	if (b.overflow || b.len != walked || memcmp(mem, opts, walked))
		abort();
	if (ppp_opts_check(opts, len) != it.err)
		abort();
	if ((it.err == PPP_OK) != (walked == len))
		abort();
	if (!ppp_strerror(it.err))
		abort();
}

static void packet_round_trip(const struct ppp_frame *f)
{
	static uint8_t mem[PPP_CP_MAX];
	struct ppp_buf b;
	struct ppp_cp p;
	enum ppp_err e;
	size_t start;

	e = ppp_cp_parse(f->payload, f->len, &p);
	if (e != PPP_OK) {
		if (e >= PPP_ERR__MAX || !ppp_strerror(e))
			abort();
		return;
	}
	if (p.data != f->payload + PPP_CP_HDRLEN || p.dlen + 4 != p.len ||
	    p.len > f->len)
		abort();
	ppp_buf_init(&b, mem, sizeof(mem));
	start = ppp_cp_begin(&b, p.code, p.id);
	ppp_put(&b, p.data, p.dlen);
	ppp_cp_end(&b, start);
	if (b.overflow || b.len != p.len || memcmp(mem, f->payload, p.len))
		abort();
	if (p.code >= PPP_CONFREQ && p.code <= PPP_CONFREJ)
		options_round_trip(p.data, p.dlen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ppp_frame f;
	enum ppp_err e;

	if (size > PPP_FRAME_MAX * 4)
		return 0;
	e = ppp_frame_parse(data, size, &f);
	if (e != PPP_OK) {
		if (e >= PPP_ERR__MAX || !ppp_strerror(e))
			abort();
		return 0;
	}
	header_round_trip(data, size, &f);
	switch (f.proto) {
	case PPP_LCP:
	case PPP_IPCP:
	case PPP_IPV6CP:
	case PPP_CCP:
	case PPP_PAP:
	case PPP_CHAP:
		packet_round_trip(&f);
		break;
	default:
		break;
	}
	return 0;
}
