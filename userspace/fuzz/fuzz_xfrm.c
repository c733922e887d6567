// SPDX-License-Identifier: GPL-2.0
/*
 * The XFRM netlink readers: the kernel's NAT mapping event, and the SA
 * (a GETSA answer) rewritten into an update with new ESP-in-UDP ports,
 * or into a new SA at the client's new address (room for the counters
 * after it: the buffer is 64 bytes larger than the input).
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec/xfrm_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes, so a read past it is caught */
	uint8_t *copy = malloc(size ? size : 1);
	struct xfrm_mapping m;
	struct in_addr from, to;
	uint8_t *room;
	int n;

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	xfrm_msg_parse_mapping(copy, size, &m);
	room = malloc(size + 64);
	if (room) {
		if (size)
			memcpy(room, data, size);
		/* the SA's own destination (id.daddr), when it is long enough */
		memcpy(&from, size >= 76 ? data + 72 : (const uint8_t *)"\xcb\0\x71\5",
		       4);
		to.s_addr = htonl(0xcb007109);
		n = xfrm_msg_sa_move(room, size, size + 64, 7, from, to, 40321);
		if (n > (int)size + 64)
			abort();
		free(room);
	}
	n = xfrm_msg_sa_reencap(copy, size, 7, 4500, 31000);
	if (n > (int)size)
		abort();
	free(copy);
	return 0;
}
