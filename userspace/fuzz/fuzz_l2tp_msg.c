// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the L2TP codecs alone (l2tp/header.c, avp.c,
 * msg.c, crypto.c): the input is one UDP 1701 datagram.  No tunnel, no
 * timers: the codec at full speed, where fuzz_l2tp runs the LNS.
 *
 * Besides crashes it checks:
 *  - a header in the form roamd writes (control: T, L, S; data: no
 *    option bit) is written again to the same bytes by the encoder;
 *  - every AVP of a control message is written again to the same bytes
 *    by l2tp_avp_put (vendor 0, no reserved bit: the form roamd writes);
 *  - a hidden AVP after a Random Vector, revealed with the tunnel secret
 *    and hidden again with the same vector, gives back the wire bytes,
 *    and l2tp_avp_put_hidden rebuilds the whole AVP from the revealed
 *    value and padding;
 *  - the message decoder, with a secret and without, returns values that
 *    lie in the datagram or in its own scratch area.
 */
#include <stdlib.h>
#include <string.h>

#include "l2tp/crypto.h"
#include "l2tp/header.h"
#include "l2tp/msg.h"
#include "l2tp/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t secret[] = "fuzz tunnel secret";
#define SECRET_LEN	(sizeof(secret) - 1)

static void header_round_trip(const uint8_t *data, const struct l2tp_hdr *h)
{
	uint8_t out[L2TP_CTRL_HDR_LEN];
	uint16_t flags = (uint16_t)(data[0] << 8 | data[1]);

	if (flags == (L2TP_HDR_T | L2TP_HDR_L | L2TP_HDR_S | 2)) {
		if (l2tp_hdr_put_control(out, sizeof(out), h->tunnel_id,
					 h->session_id, h->ns, h->nr) !=
		    L2TP_CTRL_HDR_LEN || h->hdr_len != L2TP_CTRL_HDR_LEN)
			abort();
		l2tp_hdr_set_length(out, h->msg_len);
		if (memcmp(out, data, L2TP_CTRL_HDR_LEN))
			abort();
	} else if (flags == 2) {
		if (l2tp_hdr_put_data(out, sizeof(out), h->tunnel_id,
				      h->session_id) != L2TP_DATA_HDR_LEN ||
		    h->hdr_len != L2TP_DATA_HDR_LEN ||
		    memcmp(out, data, L2TP_DATA_HDR_LEN))
			abort();
	}
}

/* A hidden value: reveal, hide again, and rebuild the whole AVP. */
static void hidden_round_trip(const struct l2tp_avp *a, const uint8_t *raw,
			      const uint8_t *rv, size_t rv_len)
{
	uint8_t plain[L2TP_AVP_MAX_VALUE], again[L2TP_AVP_MAX_VALUE];
	uint8_t out[L2TP_AVP_MAX_LEN];
	struct l2tp_mbuf mb;
	uint16_t orig;

	if (l2tp_reveal(a->type, secret, SECRET_LEN, rv, rv_len, a->value,
			plain, a->len) ||
	    l2tp_hide(a->type, secret, SECRET_LEN, rv, rv_len, plain, again,
		      a->len))
		abort();
	if (memcmp(again, a->value, a->len))
		abort();
	if (a->len < 2 || a->vendor || a->reserved)
		return;
	orig = (uint16_t)(plain[0] << 8 | plain[1]);
	if (orig > a->len - 2)
		return;
	l2tp_mbuf_init(&mb, out, sizeof(out));
	if (l2tp_avp_put_hidden(&mb, a->mandatory ? L2TP_AVP_M : 0, a->type,
				plain + 2, orig, plain + 2 + orig,
				a->len - 2 - orig, secret, SECRET_LEN, rv,
				rv_len) ||
	    mb.overflow || mb.len != (size_t)L2TP_AVP_HDR_LEN + a->len ||
	    memcmp(out, raw, mb.len))
		abort();
}

static void avps_round_trip(const uint8_t *avps, size_t len)
{
	const uint8_t *rv = NULL;
	struct l2tp_avp_iter it;
	uint8_t out[L2TP_AVP_MAX_LEN];
	struct l2tp_mbuf mb;
	struct l2tp_avp a;
	size_t rv_len = 0;
	int r;

	l2tp_avp_iter_init(&it, avps, len);
	while ((r = l2tp_avp_next(&it, &a)) > 0) {
		const uint8_t *raw = avps + a.offset;

		if (a.value != raw + L2TP_AVP_HDR_LEN ||
		    a.offset + L2TP_AVP_HDR_LEN + (size_t)a.len > len)
			abort();
		if (!a.vendor && !a.reserved) {
			l2tp_mbuf_init(&mb, out, sizeof(out));
			l2tp_avp_put(&mb, (a.mandatory ? L2TP_AVP_M : 0) |
				     (a.hidden ? L2TP_AVP_H : 0), a.type,
				     a.value, a.len);
			if (mb.overflow ||
			    mb.len != (size_t)L2TP_AVP_HDR_LEN + a.len ||
			    memcmp(out, raw, mb.len))
				abort();
		}
		if (a.hidden && rv)
			hidden_round_trip(&a, raw, rv, rv_len);
		if (!a.vendor && a.type == L2TP_AVP_RANDOM_VECTOR &&
		    !a.hidden) {
			rv = a.value;
			rv_len = a.len;
		}
	}
	if (r < 0 && !l2tp_avp_strerror(-r))
		abort();
}

static void bytes_inside(const struct l2tp_bytes *b, const uint8_t *avps,
			 size_t len, const struct l2tp_msg *m)
{
	char s[64];

	if (!b->p)
		return;
	if (!((b->p >= avps && b->p + b->len <= avps + len) ||
	      (b->p >= m->scratch && b->p + b->len <= m->scratch +
						     m->scratch_used)))
		abort();
	l2tp_bytes_to_str(b, s, sizeof(s));
	if (strlen(s) >= sizeof(s))
		abort();
}

static void msg_check(const uint8_t *avps, size_t len, const uint8_t *key,
		      size_t key_len)
{
	static struct l2tp_msg m;
	struct l2tp_msg_err err;

	if (l2tp_msg_parse(avps, len, key, key_len, &m, &err)) {
		if (err.code <= L2TP_MSG_OK || err.code >= L2TP_MSG_ERR_MAX ||
		    !memchr(err.text, '\0', sizeof(err.text)))
			abort();
		return;
	}
	if (m.scratch_used > sizeof(m.scratch) ||
	    !l2tp_msg_type_name(m.type))
		abort();
	bytes_inside(&m.result_msg, avps, len, &m);
	bytes_inside(&m.host_name, avps, len, &m);
	bytes_inside(&m.vendor_name, avps, len, &m);
	bytes_inside(&m.challenge, avps, len, &m);
	bytes_inside(&m.called, avps, len, &m);
	bytes_inside(&m.calling, avps, len, &m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum l2tp_hdr_err e;
	struct l2tp_hdr h;
	const uint8_t *avps;
	size_t len;

	e = l2tp_hdr_parse(data, size, &h);
	if (e != L2TP_HDR_OK) {
		if (e >= L2TP_HDR_ERR_MAX || !l2tp_hdr_strerror(e))
			abort();
		return 0;
	}
	if (h.hdr_len > h.msg_len || h.msg_len > size)
		abort();
	header_round_trip(data, &h);
	if (!h.control)
		return 0;
	avps = data + h.hdr_len;
	len = h.msg_len - h.hdr_len;
	avps_round_trip(avps, len);
	msg_check(avps, len, secret, SECRET_LEN);
	msg_check(avps, len, NULL, 0);
	return 0;
}
