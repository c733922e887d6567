// SPDX-License-Identifier: GPL-2.0
/*
 * A kernel that accepts everything and keeps nothing (kernel_null.h).
 */
#include "kernel_null.h"

static int null_add(void *ctx, const struct roam_session_info *s, char *err,
		    size_t errlen)
{
	(void)ctx;
	(void)s;
	(void)err;
	(void)errlen;
	return 0;
}

static int null_del(void *ctx, uint32_t ifindex, uint32_t id, char *err,
		    size_t errlen)
{
	(void)ctx;
	(void)ifindex;
	(void)id;
	(void)err;
	(void)errlen;
	return 0;
}

const struct session_kernel_ops kernel_null_ops = {
	.add = null_add,
	.del = null_del,
};
