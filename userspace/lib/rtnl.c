// SPDX-License-Identifier: GPL-2.0
/*
 * Raw RTM_NEWLINK/DELLINK/GETLINK: three small messages, so built by
 * hand on libnl's core rather than through libnl-route's link cache.
 */
#include <errno.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "rtnl.h"

#define ROAM_LINK_KIND	"roam"

static struct nl_msg *link_msg(int type, int flags, uint32_t ifindex,
			       const char *name, struct roam_nl_err *e)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC,
		.ifi_index = (int)ifindex,
	};
	struct nl_msg *msg = nlmsg_alloc_simple(type, flags);

	if (!msg)
		goto nomem;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0)
		goto nomem;
	if (name && nla_put_string(msg, IFLA_IFNAME, name))
		goto nomem;
	return msg;
nomem:
	nlmsg_free(msg);
	roam_nl_err_set(e, ENOMEM, NULL);
	return NULL;
}

static int rtnl_do(struct nl_msg *msg, roam_nl_msg_cb valid, void *arg,
		   struct roam_nl_err *e)
{
	struct nl_sock *sk = roam_nl_open(NETLINK_ROUTE, e);
	int ret;

	if (!sk) {
		nlmsg_free(msg);
		return -1;
	}
	ret = roam_nl_transact(sk, msg, valid, arg, e);
	nlmsg_free(msg);
	nl_socket_free(sk);
	return ret;
}

struct link_reply {
	uint32_t ifindex;
	char *kind;
	size_t kind_size;
	int found;
};

static int link_reply(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	struct nlattr *tb[IFLA_MAX + 1], *li[IFLA_INFO_MAX + 1];
	struct link_reply *r = arg;
	struct ifinfomsg *ifi;

	if (hdr->nlmsg_type != RTM_NEWLINK ||
	    nlmsg_parse(hdr, sizeof(*ifi), tb, IFLA_MAX, NULL))
		return NL_SKIP;
	ifi = nlmsg_data(hdr);
	r->ifindex = ifi->ifi_index;
	r->found = 1;
	r->kind[0] = '\0';
	if (tb[IFLA_LINKINFO] &&
	    !nla_parse_nested(li, IFLA_INFO_MAX, tb[IFLA_LINKINFO], NULL) &&
	    li[IFLA_INFO_KIND])
		nla_strlcpy(r->kind, li[IFLA_INFO_KIND], r->kind_size);
	return NL_OK;
}

int roam_rtnl_link_get(const char *name, uint32_t *ifindex, char *kind,
		       size_t kind_size, struct roam_nl_err *e)
{
	struct link_reply r = { .kind = kind, .kind_size = kind_size };
	struct nl_msg *msg;

	msg = link_msg(RTM_GETLINK, 0, 0, name, e);
	if (!msg)
		return -1;
	if (rtnl_do(msg, link_reply, &r, e)) {
		if (e->error == ENODEV)
			roam_nl_err_set(e, ENODEV, "no device named '%s'",
					name);
		return -1;
	}
	if (!r.found) {
		roam_nl_err_set(e, ENODEV, "no device named '%s'", name);
		return -1;
	}
	*ifindex = r.ifindex;
	return 0;
}

int roam_rtnl_link_add(const char *name, struct roam_nl_err *e)
{
	struct nlattr *info;
	struct nl_msg *msg;

	msg = link_msg(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0, name, e);
	if (!msg)
		return -1;
	info = nla_nest_start(msg, IFLA_LINKINFO);
	if (!info || nla_put_string(msg, IFLA_INFO_KIND, ROAM_LINK_KIND)) {
		nlmsg_free(msg);
		roam_nl_err_set(e, ENOMEM, NULL);
		return -1;
	}
	nla_nest_end(msg, info);
	if (!rtnl_do(msg, NULL, NULL, e))
		return 0;

	/* Without the module the kernel only says "Unknown device type". */
	if (e->error == EOPNOTSUPP) {
		char text[ROAM_NL_MSG_MAX];

		snprintf(text, sizeof(text), "%s", roam_nl_err_text(e));
		roam_nl_err_set(e, EOPNOTSUPP,
				"%s (the roam kernel module is not available: modprobe roam)",
				text);
	} else if (e->error == EEXIST && !e->msg[0]) {
		roam_nl_err_set(e, EEXIST, "a device named '%s' exists",
				name);
	}
	return -1;
}

int roam_rtnl_link_del(const char *name, struct roam_nl_err *e)
{
	char kind[32];
	uint32_t ifindex;
	struct nl_msg *msg;

	if (roam_rtnl_link_get(name, &ifindex, kind, sizeof(kind), e))
		return -1;
	if (strcmp(kind, ROAM_LINK_KIND)) {
		roam_nl_err_set(e, EINVAL, "'%s' is not a roam device (%s%s)",
				name, kind[0] ? "its type is " : "it has no type",
				kind);
		return -1;
	}
	/* by index: the name could have moved to another device since */
	msg = link_msg(RTM_DELLINK, 0, ifindex, NULL, e);
	if (!msg)
		return -1;
	return rtnl_do(msg, NULL, NULL, e);
}
