// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/netlink.h>
#include <string.h>

#include "nlerr.h"

/* Copy the NLMSGERR_ATTR_MSG string from a run of TLVs. */
static void find_msg(const unsigned char *p, size_t len, char *out,
		     size_t size)
{
	while (len >= NLA_HDRLEN) {
		struct nlattr nla;
		size_t alen, step;

		memcpy(&nla, p, sizeof(nla));
		alen = nla.nla_len;
		if (alen < NLA_HDRLEN || alen > len)
			return;
		if ((nla.nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			const char *s = (const char *)p + NLA_HDRLEN;
			size_t n = strnlen(s, alen - NLA_HDRLEN);

			if (n >= size)
				n = size - 1;
			memcpy(out, s, n);
			out[n] = '\0';
			/* the kernel's messages end without a newline, but
			 * strip one in case */
			while (n && (out[n - 1] == '\n' || out[n - 1] == ' '))
				out[--n] = '\0';
			return;
		}
		step = NLA_ALIGN(alen);
		if (step >= len)
			return;
		p += step;
		len -= step;
	}
}

int roam_nl_parse_error(const void *msg, size_t len, char *out,
			size_t size)
{
	const unsigned char *p = msg;
	struct nlmsghdr hdr;
	size_t payload, tlv_off;
	int error;

	if (size)
		out[0] = '\0';
	if (len < NLMSG_HDRLEN + sizeof(int))
		return EPROTO;
	memcpy(&hdr, p, sizeof(hdr));
	if (hdr.nlmsg_len < NLMSG_HDRLEN + sizeof(int) || hdr.nlmsg_len > len)
		return EPROTO;
	payload = hdr.nlmsg_len - NLMSG_HDRLEN;
	p += NLMSG_HDRLEN;
	memcpy(&error, p, sizeof(error));
	/* the kernel sends 0 or -errno; anything else is garbage (and
	 * INT_MIN could not even be negated) */
	if (error > 0 || error < -4095)
		return EPROTO;
	error = -error;

	if (!(hdr.nlmsg_flags & NLM_F_ACK_TLVS) || !size)
		return error;

	if (hdr.nlmsg_type == NLMSG_DONE) {
		tlv_off = sizeof(int);
	} else {
		struct nlmsghdr orig;

		/* the request follows the error code: its header only when
		 * capped (or on success), else all of it */
		if (payload < sizeof(int) + sizeof(orig))
			return error;
		memcpy(&orig, p + sizeof(int), sizeof(orig));
		if ((hdr.nlmsg_flags & NLM_F_CAPPED) || !error)
			tlv_off = sizeof(int) + sizeof(orig);
		else	/* aligned in size_t: a huge length must not wrap */
			tlv_off = sizeof(int) +
				  (((size_t)orig.nlmsg_len + 3) & ~(size_t)3);
	}
	if (tlv_off < payload)
		find_msg(p + tlv_off, payload - tlv_off, out, size);
	return error;
}
