// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink attributes written by hand (nla_write.h).
 */
#include <linux/netlink.h>
#include <string.h>

#include "nla_write.h"

void nla_buf_put(struct nla_buf *m, uint16_t type, const void *v,
		 uint16_t len)
{
	struct nlattr a = { .nla_len = NLA_HDRLEN + len, .nla_type = type };
	size_t pad = NLA_ALIGN((size_t)len) - len;
	uint8_t *p = m->b + m->len;

	if (NLA_HDRLEN + (size_t)len > UINT16_MAX ||
	    NLA_HDRLEN + len + pad > sizeof(m->b) - m->len)
		return;
	memcpy(p, &a, sizeof(a));
	if (len)
		memcpy(p + NLA_HDRLEN, v, len);
	memset(p + NLA_HDRLEN + len, 0, pad);
	m->len += NLA_HDRLEN + len + pad;
}
