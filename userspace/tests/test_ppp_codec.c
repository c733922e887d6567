// SPDX-License-Identifier: GPL-2.0
/*
 * PPP codec: every malformed-input path of the frame, control packet and
 * option parsers, and the builder's overflow handling.
 */
#include "test.h"

#include "ppp/frame.h"
#include "ppp/out.h"

void suite_ppp_codec(void);

static void frame_full_header(void)
{
	static const uint8_t f[] = { 0xff, 0x03, 0xc0, 0x21, 1, 2, 0, 4 };
	struct ppp_frame fr;

	CHECK_INT(ppp_frame_parse(f, sizeof(f), &fr), PPP_OK);
	CHECK_INT(fr.proto, PPP_LCP);
	CHECK(fr.has_acf);
	CHECK(!fr.pfc);
	CHECK(fr.payload == f + 4);
	CHECK_INT(fr.len, 4);
}

static void frame_compressed(void)
{
	/* No address/control, one-octet protocol 0x21 (IPv4, PFC). */
	static const uint8_t f[] = { 0x21, 0x45, 0x00 };
	/* No address/control, two-octet protocol. */
	static const uint8_t g[] = { 0x80, 0x21, 1, 1, 0, 4 };
	struct ppp_frame fr;

	CHECK_INT(ppp_frame_parse(f, sizeof(f), &fr), PPP_OK);
	CHECK_INT(fr.proto, PPP_IP);
	CHECK(!fr.has_acf);
	CHECK(fr.pfc);
	CHECK_INT(fr.len, 2);

	CHECK_INT(ppp_frame_parse(g, sizeof(g), &fr), PPP_OK);
	CHECK_INT(fr.proto, PPP_IPCP);
	CHECK_INT(fr.len, 4);
}

static void frame_errors(void)
{
	static const uint8_t ff[] = { 0xff };
	static const uint8_t ff04[] = { 0xff, 0x04, 0xc0, 0x21 };
	static const uint8_t acf_only[] = { 0xff, 0x03 };
	static const uint8_t half[] = { 0xff, 0x03, 0xc0 };
	static const uint8_t even_low[] = { 0xc0, 0x22, 0, 0 };
	static const uint8_t ok_after_acf[] = { 0xff, 0x03, 0x21 };
	struct ppp_frame fr;

	CHECK_INT(ppp_frame_parse(ff, 0, &fr), PPP_ERR_EMPTY);
	CHECK_INT(ppp_frame_parse(ff, sizeof(ff), &fr), PPP_ERR_ADDR_CTRL);
	CHECK_INT(ppp_frame_parse(ff04, sizeof(ff04), &fr), PPP_ERR_ADDR_CTRL);
	CHECK_INT(ppp_frame_parse(acf_only, sizeof(acf_only), &fr),
		  PPP_ERR_PROTO_TRUNC);
	CHECK_INT(ppp_frame_parse(half, sizeof(half), &fr),
		  PPP_ERR_PROTO_TRUNC);
	CHECK_INT(ppp_frame_parse(even_low, sizeof(even_low), &fr),
		  PPP_ERR_PROTO_INVALID);
	CHECK_INT(ppp_frame_parse(ok_after_acf, sizeof(ok_after_acf), &fr),
		  PPP_OK);
	CHECK_INT(fr.len, 0);
}

static void cp_parse_ok_and_padding(void)
{
	/* Length 6 in an 8-octet buffer: the last two are padding. */
	static const uint8_t p[] = { 1, 7, 0, 6, 0xaa, 0xbb, 0xcc, 0xdd };
	struct ppp_cp cp;

	CHECK_INT(ppp_cp_parse(p, sizeof(p), &cp), PPP_OK);
	CHECK_INT(cp.code, 1);
	CHECK_INT(cp.id, 7);
	CHECK_INT(cp.len, 6);
	CHECK_INT(cp.dlen, 2);
	CHECK_INT(cp.data[1], 0xbb);
}

static void cp_parse_errors(void)
{
	static const uint8_t trunc[] = { 1, 1, 0 };
	static const uint8_t short_len[] = { 1, 1, 0, 3 };
	static const uint8_t zero_len[] = { 1, 1, 0, 0 };
	static const uint8_t lies[] = { 1, 1, 0, 9, 1, 2, 3, 4 };
	static uint8_t big[PPP_CP_MAX + 8];
	struct ppp_cp cp;

	CHECK_INT(ppp_cp_parse(trunc, sizeof(trunc), &cp), PPP_ERR_PKT_TRUNC);
	CHECK_INT(ppp_cp_parse(trunc, 0, &cp), PPP_ERR_PKT_TRUNC);
	CHECK_INT(ppp_cp_parse(short_len, sizeof(short_len), &cp),
		  PPP_ERR_PKT_LEN_SHORT);
	CHECK_INT(ppp_cp_parse(zero_len, sizeof(zero_len), &cp),
		  PPP_ERR_PKT_LEN_SHORT);
	CHECK_INT(ppp_cp_parse(lies, sizeof(lies), &cp),
		  PPP_ERR_PKT_LEN_OVERRUN);
	big[0] = 1;
	big[2] = (PPP_CP_MAX + 1) >> 8;
	big[3] = (PPP_CP_MAX + 1) & 0xff;
	CHECK_INT(ppp_cp_parse(big, sizeof(big), &cp), PPP_ERR_PKT_TOO_BIG);
}

static unsigned int count_opts(const uint8_t *p, size_t len,
			       enum ppp_err *err)
{
	struct ppp_opt_iter it;
	struct ppp_opt o;
	unsigned int n = 0;

	ppp_opt_iter_init(&it, p, len);
	while (ppp_opt_next(&it, &o))
		n++;
	*err = it.err;
	return n;
}

static void options_ok(void)
{
	/* MRU 1400, PFC, magic. */
	static const uint8_t p[] = { 1, 4, 0x05, 0x78, 7, 2,
				     5, 6, 0xde, 0xad, 0xbe, 0xef };
	struct ppp_opt_iter it;
	struct ppp_opt o;
	enum ppp_err err;

	CHECK_INT(count_opts(p, sizeof(p), &err), 3);
	CHECK_INT(err, PPP_OK);
	CHECK_INT(ppp_opts_check(p, sizeof(p)), PPP_OK);
	CHECK_INT(ppp_opts_check(p, 0), PPP_OK);

	ppp_opt_iter_init(&it, p, sizeof(p));
	CHECK(ppp_opt_next(&it, &o));
	CHECK_INT(o.type, 1);
	CHECK_INT(o.len, 4);
	CHECK_INT(ppp_get16(o.val), 1400);
	CHECK(ppp_opt_next(&it, &o));
	CHECK_INT(o.type, 7);
	CHECK_INT(o.len, 2);
	CHECK(ppp_opt_next(&it, &o));
	CHECK_INT(ppp_get32(o.val), 0xdeadbeef);
	CHECK(o.raw == p + 6);
	CHECK(!ppp_opt_next(&it, &o));
	CHECK_INT(it.err, PPP_OK);
}

static void options_errors(void)
{
	static const uint8_t len0[] = { 1, 0, 0, 0 };
	static const uint8_t len1[] = { 7, 2, 1, 1 };
	static const uint8_t trunc[] = { 7, 2, 8 };
	static const uint8_t overrun[] = { 1, 4, 0x05, 0x78, 5, 6, 1, 2 };
	static const uint8_t overrun_first[] = { 3, 200, 0xc2, 0x23, 5 };
	enum ppp_err err;

	CHECK_INT(count_opts(len0, sizeof(len0), &err), 0);
	CHECK_INT(err, PPP_ERR_OPT_LEN_SHORT);
	CHECK_INT(count_opts(len1, sizeof(len1), &err), 1);
	CHECK_INT(err, PPP_ERR_OPT_LEN_SHORT);
	CHECK_INT(count_opts(trunc, sizeof(trunc), &err), 1);
	CHECK_INT(err, PPP_ERR_OPT_TRUNC);
	CHECK_INT(count_opts(overrun, sizeof(overrun), &err), 1);
	CHECK_INT(err, PPP_ERR_OPT_OVERRUN);
	CHECK_INT(ppp_opts_check(overrun_first, sizeof(overrun_first)),
		  PPP_ERR_OPT_OVERRUN);
}

static void error_strings(void)
{
	int e;

	/* Every error has its own sentence. */
	for (e = 0; e < PPP_ERR__MAX; e++) {
		CHECK(ppp_strerror(e) != NULL);
		CHECK(strlen(ppp_strerror(e)) > 5);
	}
	CHECK_HAS(ppp_strerror(PPP_ERR_PKT_LEN_OVERRUN), "length field");
	CHECK_STR(ppp_strerror(PPP_ERR__MAX), "unknown error");
}

static void builder(void)
{
	uint8_t mem[8];
	struct ppp_buf b;
	size_t start;

	ppp_buf_init(&b, mem, sizeof(mem));
	start = ppp_cp_begin(&b, 9, 3);
	ppp_put16(&b, 0x1234);
	ppp_cp_end(&b, start);
	CHECK(!b.overflow);
	CHECK_INT(b.len, 6);
	CHECK_INT(mem[0], 9);
	CHECK_INT(mem[1], 3);
	CHECK_INT(ppp_get16(mem + 2), 6);

	/* Writing past the end sets overflow and writes nothing more. */
	ppp_put32(&b, 0xdeadbeef);
	CHECK(b.overflow);
	CHECK_INT(b.len, 6);
	ppp_put8(&b, 1);
	CHECK_INT(b.len, 6);
}

static void out_frames(void)
{
	static struct ppp_out out;
	uint8_t big[PPP_FRAME_MAX];
	const uint8_t *f;
	size_t len;
	unsigned int i;

	ppp_out_reset(&out);
	ppp_out_cp(&out, PPP_LCP, PPP_TERMACK, 5, NULL, 0);
	CHECK_INT(out.nframes, 1);
	f = ppp_out_frame(&out, 0, &len);
	CHECK_INT(len, 8);
	CHECK_INT(f[0], 0xff);
	CHECK_INT(f[1], 0x03);
	CHECK_INT(ppp_get16(f + 2), PPP_LCP);
	CHECK_INT(f[4], PPP_TERMACK);
	CHECK_INT(f[5], 5);
	CHECK_INT(ppp_get16(f + 6), 4);
	CHECK(ppp_out_frame(&out, 1, &len) == NULL);

	/* A packet longer than PPP_CP_MAX is dropped and counted. */
	memset(big, 0, sizeof(big));
	ppp_out_cp(&out, PPP_LCP, 1, 1, big, PPP_CP_MAX);
	CHECK_INT(out.nframes, 1);
	CHECK_INT(out.dropped, 1);

	/* So are frames beyond PPP_OUT_FRAMES. */
	for (i = 0; i < PPP_OUT_FRAMES + 2; i++)
		ppp_out_cp(&out, PPP_LCP, PPP_TERMACK, 1, NULL, 0);
	CHECK_INT(out.nframes, PPP_OUT_FRAMES);
	CHECK_INT(out.dropped, 4);
}

void suite_ppp_codec(void)
{
	RUN(frame_full_header);
	RUN(frame_compressed);
	RUN(frame_errors);
	RUN(cp_parse_ok_and_padding);
	RUN(cp_parse_errors);
	RUN(options_ok);
	RUN(options_errors);
	RUN(error_strings);
	RUN(builder);
	RUN(out_frames);
}
