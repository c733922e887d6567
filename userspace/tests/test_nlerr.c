// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <linux/netlink.h>
#include <stdint.h>

#include "nlerr.h"
#include "test.h"

static uint8_t msg[512];
static char text[ROAM_NL_MSG_MAX];

/*
 * Build an NLMSG_ERROR the way the kernel does: error code, the request
 * (all of it, or its header when capped), then the TLVs.
 */
static size_t build(int type, int error, int flags, size_t req_payload,
		    const char *extack)
{
	struct nlmsghdr hdr = { .nlmsg_type = type, .nlmsg_flags = flags };
	struct nlmsghdr req = { .nlmsg_len = NLMSG_HDRLEN + req_payload };
	size_t off = NLMSG_HDRLEN;

	memset(msg, 0xaa, sizeof(msg));
	memcpy(msg + off, &error, sizeof(error));
	off += sizeof(error);
	if (type == NLMSG_ERROR) {
		memcpy(msg + off, &req, sizeof(req));
		off += (flags & NLM_F_CAPPED) ? sizeof(req) :
		       NLMSG_ALIGN(req.nlmsg_len);
	}
	if (extack) {
		struct nlattr nla = {
			.nla_type = NLMSGERR_ATTR_OFFS,
			.nla_len = NLA_HDRLEN + 4,
		};

		/* another TLV first, to be skipped */
		memcpy(msg + off, &nla, sizeof(nla));
		off += NLA_ALIGN(nla.nla_len);
		nla.nla_type = NLMSGERR_ATTR_MSG;
		nla.nla_len = NLA_HDRLEN + strlen(extack) + 1;
		memcpy(msg + off, &nla, sizeof(nla));
		memcpy(msg + off + NLA_HDRLEN, extack, strlen(extack) + 1);
		off += NLA_ALIGN(nla.nla_len);
	}
	hdr.nlmsg_len = off;
	memcpy(msg, &hdr, sizeof(hdr));
	return off;
}

static void error_with_extack(void)
{
	size_t len;

	len = build(NLMSG_ERROR, -EEXIST, NLM_F_ACK_TLVS, 24,
		    "roam: session id 7 exists");
	CHECK_INT(roam_nl_parse_error(msg, len, text, sizeof(text)), EEXIST);
	CHECK_STR(text, "roam: session id 7 exists");

	len = build(NLMSG_ERROR, -EINVAL, NLM_F_ACK_TLVS | NLM_F_CAPPED, 24,
		    "bad kind");
	CHECK_INT(roam_nl_parse_error(msg, len, text, sizeof(text)), EINVAL);
	CHECK_STR(text, "bad kind");

	len = build(NLMSG_DONE, -ENODEV, NLM_F_ACK_TLVS, 0, "no device");
	CHECK_INT(roam_nl_parse_error(msg, len, text, sizeof(text)), ENODEV);
	CHECK_STR(text, "no device");

	/* cut to fit the caller's buffer */
	len = build(NLMSG_ERROR, -EINVAL, NLM_F_ACK_TLVS, 0, "0123456789");
	CHECK_INT(roam_nl_parse_error(msg, len, text, 5), EINVAL);
	CHECK_STR(text, "0123");
}

static void error_without_extack(void)
{
	size_t len;

	len = build(NLMSG_ERROR, -EPERM, 0, 8, NULL);
	CHECK_INT(roam_nl_parse_error(msg, len, text, sizeof(text)), EPERM);
	CHECK_STR(text, "");
	len = build(NLMSG_ERROR, 0, NLM_F_CAPPED, 8, NULL);
	CHECK_INT(roam_nl_parse_error(msg, len, text, sizeof(text)), 0);
}

static void malformed(void)
{
	struct nlmsghdr hdr;
	size_t len;

	CHECK_INT(roam_nl_parse_error(msg, 3, text, sizeof(text)), EPROTO);
	/* not an errno: a positive code, or INT_MIN (found by the fuzzer) */
	len = build(NLMSG_ERROR, 5, 0, 0, NULL);
	CHECK_INT(roam_nl_parse_error(msg, len, text, sizeof(text)), EPROTO);
	len = build(NLMSG_ERROR, INT32_MIN, 0, 0, NULL);
	CHECK_INT(roam_nl_parse_error(msg, len, text, sizeof(text)), EPROTO);
	len = build(NLMSG_ERROR, -EINVAL, NLM_F_ACK_TLVS, 0, "msg");
	/* header claims more than was received */
	CHECK_INT(roam_nl_parse_error(msg, len - 1, text, sizeof(text)),
		  EPROTO);
	/* a TLV longer than what is left is ignored, not read */
	memcpy(&hdr, msg, sizeof(hdr));
	hdr.nlmsg_len -= 4;
	memcpy(msg, &hdr, sizeof(hdr));
	CHECK_INT(roam_nl_parse_error(msg, len, text, sizeof(text)), EINVAL);
	CHECK_STR(text, "");
	/* a request length that runs past the message */
	len = build(NLMSG_ERROR, -EINVAL, NLM_F_ACK_TLVS, 0, "msg");
	memcpy(&hdr, msg + NLMSG_HDRLEN + sizeof(int), sizeof(hdr));
	hdr.nlmsg_len = 1000;
	memcpy(msg + NLMSG_HDRLEN + sizeof(int), &hdr, sizeof(hdr));
	CHECK_INT(roam_nl_parse_error(msg, len, text, sizeof(text)), EINVAL);
	CHECK_STR(text, "");
	/* ... or that wraps around when aligned */
	hdr.nlmsg_len = 0xffffffff;
	memcpy(msg + NLMSG_HDRLEN + sizeof(int), &hdr, sizeof(hdr));
	CHECK_INT(roam_nl_parse_error(msg, len, text, sizeof(text)), EINVAL);
}

void suite_nlerr(void)
{
	RUN(error_with_extack);
	RUN(error_without_extack);
	RUN(malformed);
}
