// SPDX-License-Identifier: GPL-2.0
/* The extack reader, on whatever arrives as an NLMSG_ERROR or DONE. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nlerr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[ROAM_NL_MSG_MAX];
	/* a copy of exactly size bytes, so a read past it is caught */
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	roam_nl_parse_error(copy, size, text, sizeof(text));
	if (strnlen(text, sizeof(text)) == sizeof(text))
		abort();
	free(copy);
	return 0;
}
