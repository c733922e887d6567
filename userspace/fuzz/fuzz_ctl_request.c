// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket's request decoder, as roamd runs it on bytes from a
 * client: decode, then the grammar.  A decoded frame must encode back to
 * the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ctl_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct roam_tokens t;
	static uint8_t again[ROAM_CTL_REQUEST_MAX];
	char err[ROAM_ERR_MAX];
	struct roam_cmd cmd;
	unsigned int flags;
	size_t flen;
	ssize_t n;

	if (roam_ctl_decode_request(data, size, &flags, &t, &flen, err,
				    sizeof(err)) != ROAM_CTL_COMPLETE)
		return 0;
	if (flen > size)
		abort();
	n = roam_ctl_encode_request(again, sizeof(again), flags, &t);
	if (n < 0 || (size_t)n != flen || memcmp(again, data, flen))
		abort();
	roam_cmd_parse(&t, &cmd, err, sizeof(err));
	return 0;
}
