/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The script the engine fuzz targets read their input as: records of an
 * operation byte, a length byte and that many bytes (cut short at the
 * end of the input), so that one input is a whole exchange.
 */
#ifndef ROAM_FUZZ_SCRIPT_H
#define ROAM_FUZZ_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * The next record at *pos: its operation byte in *op and its bytes copied
 * into buf (256 bytes: a length byte cannot ask for more) and counted in
 * *len.  false at the end of the script.
 */
static inline bool fuzz_script_next(const uint8_t *data, size_t size,
				    size_t *pos, uint8_t *op,
				    uint8_t buf[256], size_t *len)
{
	size_t n;

	if (*pos + 2 > size)
		return false;
	*op = data[*pos];
	n = data[*pos + 1];
	*pos += 2;
	if (n > size - *pos)
		n = size - *pos;
	memcpy(buf, data + *pos, n);
	*pos += n;
	*len = n;
	return true;
}

/*
 * Aim an L2TP datagram at a live tunnel and session: their ids written
 * over the header's, in its long (with length) or short form, so that
 * the fuzzer's bytes reach them instead of being dropped as unknown.
 */
static inline void fuzz_l2tp_aim(uint8_t *buf, size_t len, uint16_t tid,
				 uint16_t sid)
{
	size_t at;

	if (len >= 8 && (buf[0] & 0x40))
		at = 4;
	else if (len >= 6)
		at = 2;
	else
		return;
	buf[at] = tid >> 8;
	buf[at + 1] = tid & 0xff;
	buf[at + 2] = sid >> 8;
	buf[at + 3] = sid & 0xff;
}

#endif /* ROAM_FUZZ_SCRIPT_H */
