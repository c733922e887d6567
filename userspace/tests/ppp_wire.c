// SPDX-License-Identifier: GPL-2.0
/*
 * A scripted PPP client's side of the wire (ppp_wire.h).
 */
#include <string.h>

#include "ppp_wire.h"

#define HDR_LEN		8	/* ff 03, protocol, code, id, length */

size_t ppp_wire_frame(uint8_t *buf, size_t cap, uint16_t proto, uint8_t code,
		      uint8_t id, const uint8_t *data, size_t dlen)
{
	if (cap < HDR_LEN || dlen > cap - HDR_LEN)
		return 0;
	buf[0] = 0xff;
	buf[1] = 0x03;
	buf[2] = proto >> 8;
	buf[3] = proto & 0xff;
	buf[4] = code;
	buf[5] = id;
	buf[6] = (dlen + 4) >> 8;
	buf[7] = (dlen + 4) & 0xff;
	if (dlen)
		memcpy(buf + HDR_LEN, data, dlen);
	return HDR_LEN + dlen;
}

bool ppp_wire_read(const uint8_t *f, size_t len, struct ppp_wire_frame *x)
{
	if (len >= 2 && f[0] == 0xff && f[1] == 0x03) {
		f += 2;
		len -= 2;
	}
	if (len < 6)
		return false;
	x->proto = f[0] << 8 | f[1];
	x->code = f[2];
	x->id = f[3];
	x->dlen = len - 6 < sizeof(x->data) ? len - 6 : sizeof(x->data);
	memcpy(x->data, f + 6, x->dlen);
	return true;
}

int ppp_wire_find(const struct ppp_wire_frame *v, unsigned int n,
		  uint16_t proto, uint8_t code)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (v[i].proto == proto && v[i].code == code)
			return (int)i;
	return -1;
}
