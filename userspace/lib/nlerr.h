/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the kernel's extended ack (the text behind NL_SET_ERR_MSG) out
 * of an NLMSG_ERROR or NLMSG_DONE message.  Pure: works on the raw bytes.
 */
#ifndef ROAM_NLERR_H
#define ROAM_NLERR_H

#include <stddef.h>

#define ROAM_NL_MSG_MAX	256

/*
 * msg/len: one netlink message, header included, of type NLMSG_ERROR or
 * NLMSG_DONE.  Returns the errno it carries (positive, 0 for success)
 * and copies the extack message, if any, to out (else out is "").
 * A message too short to hold an error code yields EPROTO.
 */
int roam_nl_parse_error(const void *msg, size_t len, char *out,
			size_t size);

#endif /* ROAM_NLERR_H */
