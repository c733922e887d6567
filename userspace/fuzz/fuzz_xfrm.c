// SPDX-License-Identifier: GPL-2.0
/*
 * The XFRM netlink readers: the kernel's NAT mapping event, and the SA
 * (a GETSA answer) rewritten into an update with new ESP-in-UDP ports.
 */
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
	int n;

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	xfrm_msg_parse_mapping(copy, size, &m);
	n = xfrm_msg_sa_reencap(copy, size, 7, 4500, 31000);
	if (n > (int)size)
		abort();
	free(copy);
	return 0;
}
