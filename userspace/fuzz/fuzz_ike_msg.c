// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the ISAKMP message codec alone (ike/payload.c,
 * ike/attr_payload.c, ike/natt.c): the input is one UDP 500 datagram, or
 * a UDP 4500 one after its non-ESP marker.  No SA, no Diffie-Hellman:
 * the codec at tens of thousands of inputs a second, where fuzz_ike runs
 * whole exchanges.
 *
 * Besides crashes it checks what a decoder can promise:
 *  - a message that decodes is written again, byte for byte, by the
 *    encoder from the decoded header and payloads (the version's minor
 *    number and the generic headers' reserved octets are the only fields
 *    the decoder accepts and the encoder does not reproduce);
 *  - every attribute, and every Mode-Config/XAUTH payload, is rebuilt to
 *    the same bytes;
 *  - an SA payload that decodes, rebuilt in canonical form, decodes to
 *    the same proposals, transforms and attributes;
 *  - every pointer a payload decoder hands out lies inside the payload.
 */
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>

#include "ike/attr_payload.h"
#include "ike/natt.h"
#include "ike/payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void inside(const struct ike_payload *pl, const uint8_t *p, size_t len)
{
	if (p < pl->body || len > pl->len ||
	    (size_t)(p - pl->body) > pl->len - len)
		abort();
}

/* Each attribute written again as it came: TV or TLV, same type. */
static void attrs_round_trip(const uint8_t *p, size_t len)
{
	struct ike_attr_iter it;
	struct ike_attr a;
	struct ike_buf b;
	int r;

	ike_buf_init(&b);
	ike_attr_iter_init(&it, p, len, 0);
	while ((r = ike_attr_next(&it, &a, NULL)) > 0) {
		if (a.af) {
			if (a.len != 2 || a.num > 0xffff)
				abort();
			ike_put16(&b, 0x8000 | a.type);
			ike_put16(&b, (uint16_t)a.num);
		} else {
			ike_put16(&b, a.type);
			ike_put16(&b, a.len);
			ike_put(&b, a.val, a.len);
		}
	}
	/* what parsed is a prefix of the input, rebuilt exactly */
	if (b.err || b.len > len || (b.len && memcmp(b.p, p, b.len)))
		abort();
	if (r == 0 && b.len != len)
		abort();
	ike_buf_free(&b);
}

/* The SA payload in canonical form: next-payload and reserved set right. */
static void sa_write(struct ike_buf *b, const struct ike_sa_pl *sa)
{
	unsigned int i, j;

	ike_put32(b, sa->doi);
	ike_put32(b, sa->situation);
	for (i = 0; i < sa->n_prop; i++) {
		const struct ike_proposal *pr = &sa->prop[i];
		size_t start = b->len;

		ike_put8(b, i + 1 < sa->n_prop ? ISAKMP_NP_P : 0);
		ike_put8(b, 0);
		ike_put16(b, 0);
		ike_put8(b, pr->num);
		ike_put8(b, pr->proto);
		ike_put8(b, pr->spi_size);
		ike_put8(b, pr->n);
		ike_put(b, pr->spi, pr->spi_size);
		for (j = 0; j < pr->n; j++) {
			const struct ike_transform *t = &sa->tr[pr->first + j];

			ike_put8(b, j + 1 < pr->n ? ISAKMP_NP_T : 0);
			ike_put8(b, 0);
			ike_put16(b, 8 + t->attrs_len);
			ike_put8(b, t->num);
			ike_put8(b, t->id);
			ike_put16(b, 0);
			ike_put(b, t->attrs, t->attrs_len);
		}
		if (!b->err)
			ike_set16(b->p + start + 2, b->len - start);
	}
}

static void sa_check(const struct ike_payload *pl)
{
	static struct ike_sa_pl sa, again;
	struct ike_payload pl2 = { .type = ISAKMP_NP_SA };
	struct ike_buf b;
	unsigned int i;

	if (ike_sa_parse(pl, &sa, NULL))
		return;
	for (i = 0; i < sa.n_tr; i++) {
		const struct ike_transform *t = &sa.tr[i];

		inside(pl, t->raw, t->raw_len);
		inside(pl, t->attrs, t->attrs_len);
		if (t->prop >= sa.n_prop)
			abort();
		attrs_round_trip(t->attrs, t->attrs_len);
	}
	ike_buf_init(&b);
	sa_write(&b, &sa);
	if (b.err || b.len > 0xffff)
		abort();
	pl2.body = b.p;
	pl2.len = b.len;
	if (ike_sa_parse(&pl2, &again, NULL))
		abort();
	if (again.n_prop != sa.n_prop || again.n_tr != sa.n_tr)
		abort();
	for (i = 0; i < sa.n_prop; i++) {
		const struct ike_proposal *x = &sa.prop[i], *y = &again.prop[i];

		if (x->num != y->num || x->proto != y->proto ||
		    x->spi_size != y->spi_size || x->first != y->first ||
		    x->n != y->n || memcmp(x->spi, y->spi, x->spi_size))
			abort();
	}
	for (i = 0; i < sa.n_tr; i++) {
		const struct ike_transform *x = &sa.tr[i], *y = &again.tr[i];

		if (x->num != y->num || x->id != y->id || x->prop != y->prop ||
		    x->attrs_len != y->attrs_len ||
		    memcmp(x->attrs, y->attrs, x->attrs_len))
			abort();
	}
	ike_buf_free(&b);
}

/* Mode-Config / XAUTH: the payload rebuilt from its decoded attributes. */
static void cfg_check(const struct ike_payload *pl)
{
	struct ike_xauth_answer x;
	struct ike_attr_iter it;
	struct ike_cfg_pl c;
	struct ike_attr a;
	struct ike_buf b;
	size_t start;

	if (ike_cfg_parse(pl, &c, NULL))
		return;
	inside(pl, c.attrs, c.attrs_len);
	ike_buf_init(&b);
	b.len = 0;
	b.np_at = 0;
	ike_put8(&b, 0);		/* stands for the previous header */
	start = ike_cfg_start(&b, c.type, c.ident);
	ike_attr_iter_init(&it, c.attrs, c.attrs_len, 0);
	while (ike_attr_next(&it, &a, NULL) > 0) {
		if (a.af)
			ike_cfg_tv(&b, a.type, (uint16_t)a.num);
		else
			ike_cfg_tlv(&b, a.type, a.val, a.len);
	}
	ike_pl_end(&b, start);
	if (b.err || b.len - start != (size_t)pl->len + ISAKMP_GEN_LEN ||
	    b.p[start + 4] != pl->body[0] ||
	    memcmp(b.p + start + 6, pl->body + 2, pl->len - 2))
		abort();
	ike_buf_free(&b);
	if (!ike_xauth_answer_parse(&c, &x, NULL)) {
		if (x.has_user)
			inside(pl, x.user, x.user_len);
		if (x.has_password)
			inside(pl, x.password, x.password_len);
	}
}

static void payload_check(const struct ike_payload *pl)
{
	struct ike_vid_info vi;
	struct ike_notify n;
	struct ike_delete d;
	struct ike_id id;
	uint16_t family;
	uint8_t ip[16];

	switch (pl->type) {
	case ISAKMP_NP_SA:
		sa_check(pl);
		break;
	case ISAKMP_NP_N:
		if (!ike_notify_parse(pl, &n, NULL)) {
			inside(pl, n.spi, n.spi_size);
			inside(pl, n.data, n.data_len);
			if (!ike_notify_name(n.type))
				abort();
		}
		break;
	case ISAKMP_NP_D:
		if (!ike_delete_parse(pl, &d, NULL))
			inside(pl, d.spis, (size_t)d.n_spi * d.spi_size);
		break;
	case ISAKMP_NP_ID:
		if (!ike_id_parse(pl, &id, NULL))
			inside(pl, id.data, id.data_len);
		break;
	case ISAKMP_NP_NATOA:
	case ISAKMP_NP_NATOA_DRAFT:
		if (!ike_natoa_parse(pl, &family, ip, NULL) &&
		    family != AF_INET && family != AF_INET6)
			abort();
		break;
	case ISAKMP_NP_VID:
		ike_vid_classify(pl->body, pl->len, &vi);
		if (!vi.name && vi.kind != IKE_VID_UNKNOWN)
			abort();
		break;
	case ISAKMP_NP_ATTR:
		cfg_check(pl);
		break;
	}
}

/* The message written again from its decoded header and payload chain. */
static void message_round_trip(const uint8_t *data, size_t size,
			       const struct isakmp_hdr *h,
			       const struct ike_chain *c)
{
	struct ike_buf b;
	uint8_t *want;
	unsigned int i;

	want = malloc(size);
	if (!want)
		return;
	memcpy(want, data, size);
	want[17] = ISAKMP_VERSION;
	for (i = 0; i < c->n; i++)
		want[c->pl[i].off + 1] = 0;
	ike_buf_init(&b);
	ike_msg_start(&b, h);
	for (i = 0; i < c->n; i++)
		ike_pl_add(&b, c->pl[i].type, c->pl[i].body, c->pl[i].len);
	ike_msg_finish(&b);
	if (b.err || b.len != size || memcmp(b.p, want, size))
		abort();
	ike_buf_free(&b);
	free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ike_chain c;
	struct isakmp_hdr h;
	struct ike_err err;
	unsigned int i;

	if (size > ISAKMP_MAX_MSG)
		return 0;
	if (isakmp_hdr_parse(data, size, &h, &err))
		return 0;
	if (!ike_exchange_name(h.exch))
		abort();
	/* An encrypted body is opaque here; the engine target decrypts. */
	if (ike_chain_parse(h.np, data + ISAKMP_HDR_LEN, size - ISAKMP_HDR_LEN,
			    ISAKMP_HDR_LEN, false, &c, &err))
		return 0;
	message_round_trip(data, size, &h, &c);
	for (i = 0; i < c.n; i++) {
		if (c.pl[i].off + ISAKMP_GEN_LEN + c.pl[i].len > size ||
		    !ike_payload_name(c.pl[i].type))
			abort();
		payload_check(&c.pl[i]);
	}
	return 0;
}
