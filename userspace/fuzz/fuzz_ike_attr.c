// SPDX-License-Identifier: GPL-2.0
/*
 * The Attribute payload codec (XAUTH, Mode-Config) on arbitrary bytes:
 * the input is one payload body.  Whatever parses must walk cleanly and
 * yield an XAUTH answer or a clean refusal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ike/attr_payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ike_payload pl = { .type = ISAKMP_NP_ATTR, .off = 28 };
	struct ike_xauth_answer x;
	struct ike_attr_iter it;
	struct ike_cfg_pl c;
	struct ike_err err;
	struct ike_attr a;
	uint8_t *copy;
	size_t sum = 0;

	if (size > 0xffff)
		return 0;
	/* an exact-size copy, so reads past the end are caught */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	pl.body = copy;
	pl.len = size;
	if (!ike_cfg_parse(&pl, &c, &err)) {
		ike_attr_iter_init(&it, c.attrs, c.attrs_len, c.attrs_off);
		while (ike_attr_next(&it, &a, NULL) > 0)
			sum += a.len + strlen(ike_cfg_attr_name(a.type));
		if (!ike_xauth_answer_parse(&c, &x, &err) && x.has_user)
			sum += x.user_len;
		if (sum > (size_t)1 << 40)	/* keeps the walk */
			abort();
	}
	free(copy);
	return 0;
}
