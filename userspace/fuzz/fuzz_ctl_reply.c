// SPDX-License-Identifier: GPL-2.0
/* The CLI's reply decoder: the text must lie inside what was received. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ctl_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum roam_ctl_status st;
	char err[ROAM_ERR_MAX];
	const char *text;
	size_t tlen, flen;
	char *copy;

	if (roam_ctl_decode_reply(data, size, &st, &text, &tlen, &flen, err,
				  sizeof(err)) != ROAM_CTL_COMPLETE)
		return 0;
	if (flen > size || (const uint8_t *)text + tlen > data + flen ||
	    st > ROAM_CTL_S_FAILED)
		abort();
	/* read every byte: ASan reports any that is out of bounds */
	copy = malloc(tlen + 1);
	if (copy) {
		memcpy(copy, text, tlen);
		free(copy);
	}
	return 0;
}
