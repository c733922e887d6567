// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the kernel's MPPE receive path (kmod/mppe.c,
 * compiled unchanged against tests/kshim.h): a receive context keyed from
 * the input, then a stream of packets as a peer or an attacker may send
 * them, lost and resynchronised at will. Besides crashes (lengths, the
 * coherency count's wrap, the resynchronisation's tries) it checks the
 * state the context is left in.
 *
 * Input: byte 0 = strength (bits 0-1: 40, 56, 128) and stateless (bit 2);
 * 16 bytes of start key; then records of [2-byte MPPE header][length
 * byte, its top bit: "the caller found garbage"][length & 0x7f bytes].
 */
#include <stdlib.h>
#include <string.h>

#include "../../kmod/mppe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned int bits[4] = { 40, 56, 128, 128 };
	struct roam_mppe m;
	u8 buf[128];
	size_t off = 17;
	enum roam_mppe_result r;

	if (size < off)
		return 0;
	if (roam_mppe_init(&m, bits[data[0] & 3], data[0] & 4, data + 1, 16))
		abort();
	while (off + 3 <= size) {
		const u8 *hdr = data + off;
		unsigned int len = data[off + 2] & 0x7f;
		bool garbage = data[off + 2] & 0x80;

		off += 3;
		if (len > size - off)
			len = size - off;
		memcpy(buf, data + off, len);
		off += len;
		r = roam_mppe_decrypt(&m, hdr, buf, len);
		if (r > ROAM_MPPE_DISCARD || m.ccount > ROAM_MPPE_CCOUNT_MASK)
			abort();
		if (r == ROAM_MPPE_OK && !m.stateless && m.discard)
			abort();
		if (m.stateless && (r == ROAM_MPPE_LOST ||
				    r == ROAM_MPPE_DISCARD))
			abort();
		roam_mppe_plausible(buf, len, len);
		if (len)
			roam_mppe_plausible(buf, len - 1, len);
		if (garbage)
			roam_mppe_lost_sync(&m);
	}
	roam_mppe_wipe(&m);
	return 0;
}
