// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the enhanced GRE codec (userspace/lib/gre.c): any
 * datagram of the raw socket. Besides crashes it checks that a header
 * that parses is rebuilt to the same bytes and that the PPP frame found
 * lies inside the input.
 */
#include <stdlib.h>
#include <string.h>

#include "gre.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gre_packet pkt;
	struct gre_hdr h;
	uint8_t out[GRE_HLEN_MAX];
	const char *err;
	uint16_t proto;
	int n;

	n = gre_parse(data, size, &h, &err);
	if (n >= 0) {
		if (gre_build(out, sizeof(out), &h) != n ||
		    memcmp(out, data, (size_t)n))
			abort();
	}
	if (gre_packet_parse(data, size, &pkt, &err) == 0) {
		if (pkt.ppp < data || pkt.ppp + pkt.ppp_len > data + size)
			abort();
		n = gre_ppp_proto(pkt.ppp, pkt.ppp_len, &proto);
		if (n > (int)pkt.ppp_len)
			abort();
	}
	return 0;
}
