// SPDX-License-Identifier: GPL-2.0
#include <errno.h>

#include "dump_retry.h"

enum roam_dump_next roam_dump_retry(unsigned int tries, bool failed,
				    int error)
{
	/*
	 * Any other failure is the kernel's answer: reading again would
	 * only repeat it.
	 */
	if (!failed || error != EAGAIN)
		return ROAM_DUMP_DONE;
	return tries < ROAM_DUMP_TRIES ? ROAM_DUMP_AGAIN : ROAM_DUMP_GIVE_UP;
}
