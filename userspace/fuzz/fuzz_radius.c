// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the RADIUS codec (roamd/radius/): any datagram a
 * server or a dynamic-authorization client may send.  Besides crashes it
 * checks that every attribute found lies inside the packet, and runs
 * what roamd runs on an answer: both authenticator checks and the MPPE
 * key decryption of every vendor attribute.  A packet that parses is
 * written again with the builder (a Vendor-Specific attribute holding
 * several sub-attributes becomes one per sub-attribute, the form roamd
 * writes) and must parse to the same attributes in the same order.
 * Codec only: no client, no retransmission state.
 */
#include <stdlib.h>
#include <string.h>

#include "radius/acct.h"
#include "radius/crypto.h"
#include "radius/packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void round_trip(const struct radius_packet *p)
{
	static uint8_t buf[RADIUS_MAX_LEN];
	struct radius_attr a, b;
	struct radius_builder w;
	struct radius_packet q;
	size_t cur = 0, cur2 = 0, grow = 0;
	const char *err;
	int n;

	radius_build_begin(&w, buf, sizeof(buf), p->code, p->id, p->auth);
	while (radius_attr_next(p, &cur, &a) == 1) {
		if (a.vendor) {
			radius_put_vsa(&w, a.vendor, a.type, a.val, a.len);
			grow += 6;
		} else {
			radius_put(&w, a.type, a.val, a.len);
		}
	}
	n = radius_build_end(&w);
	if (n < 0) {
		/* only splitting Vendor-Specific attributes makes it longer */
		if (p->len + grow <= RADIUS_MAX_LEN)
			abort();
		return;
	}
	if (radius_parse(buf, (size_t)n, &q, &err) || q.code != p->code ||
	    q.id != p->id || memcmp(q.auth, p->auth, RADIUS_AUTH_LEN))
		abort();
	cur = 0;
	while (radius_attr_next(p, &cur, &a) == 1) {
		if (radius_attr_next(&q, &cur2, &b) != 1 ||
		    a.vendor != b.vendor || a.type != b.type ||
		    a.len != b.len || memcmp(a.val, b.val, a.len))
			abort();
	}
	if (radius_attr_next(&q, &cur2, &b) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t ra[RADIUS_AUTH_LEN] = "fuzzfuzzfuzzfuzz";
	uint8_t key[RADIUS_MPPE_KEY_MAX], pw[RADIUS_PASSWORD_MAX];
	struct radius_packet p;
	struct radius_attr a;
	const char *err;
	size_t cur = 0;
	int n;

	if (radius_parse(data, size, &p, &err))
		return 0;
	if (p.len > size)
		abort();
	round_trip(&p);
	while (radius_attr_next(&p, &cur, &a) == 1) {
		if (a.val < p.attrs || a.val + a.len > p.raw + p.len ||
		    a.off < RADIUS_HDR_LEN || a.off >= p.len)
			abort();
		if (a.vendor == RADIUS_VENDOR_MICROSOFT &&
		    (a.type == RADIUS_MS_MPPE_SEND_KEY ||
		     a.type == RADIUS_MS_MPPE_RECV_KEY)) {
			n = radius_mppe_key_decrypt(a.val, a.len, ra, "s", 1,
						    key, &err);
			if (n > RADIUS_MPPE_KEY_MAX)
				abort();
		}
		if (!a.vendor && a.type == RADIUS_USER_PASSWORD)
			radius_unhide_password(a.val, a.len, ra, "s", 1, pw);
	}
	{
		struct radius_dae_target t;
		uint32_t cause;

		radius_dae_parse(&p, (const uint8_t *)"s", 1, &t, &cause,
				 &err);
		if (t.session_id[sizeof(t.session_id) - 1] ||
		    t.user[sizeof(t.user) - 1])
			abort();
	}
	/*
	 * The same signed with the secret (Request Authenticator over the
	 * packet, no Message-Authenticator unless it carries one, then a
	 * wrong one), so that the Disconnect/CoA attribute checks are
	 * reached, not only the authenticator's.
	 */
	if (p.code == RADIUS_DISCONNECT_REQUEST ||
	    p.code == RADIUS_COA_REQUEST) {
		struct radius_dae_target t;
		struct radius_packet q;
		uint32_t cause;
		uint8_t *copy = malloc(p.len);

		if (!copy)
			return 0;
		memcpy(copy, data, p.len);
		if (!radius_sign(copy, p.len, 0, NULL, "s", 1) &&
		    !radius_parse(copy, p.len, &q, &err)) {
			radius_dae_parse(&q, (const uint8_t *)"s", 1, &t,
					 &cause, &err);
			if (t.session_id[sizeof(t.session_id) - 1] ||
			    t.user[sizeof(t.user) - 1] ||
			    (cause && cause != 401 && cause != 402 &&
			     cause != 404 && cause != 405))
				abort();
		}
		free(copy);
	}
	radius_verify_answer(&p, ra, "s", 1, true, &err);
	radius_verify_request(&p, "s", 1, true, &err);
	return 0;
}
