// SPDX-License-Identifier: GPL-2.0
/*
 * The dump reader's own receive path (lib/nl_dump.c without a hook: one
 * recvmsg() a part into one buffer), against a real kernel: a dump of the
 * links of the test's network namespace over rtnetlink (the unit tests
 * run in their own, with lo), then a libnl exchange on the same socket,
 * which must find it in step.
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <string.h>

#include <netlink/msg.h>

#include "nl.h"
#include "nl_dump.h"
#include "test.h"

struct links {
	unsigned int n;
	int lo;			/* lo's index as the dump gave it; 0: not seen */
};

static int link_row(struct nlmsghdr *h, void *arg)
{
	struct ifinfomsg *ifi = nlmsg_data(h);
	struct links *l = arg;
	struct nlattr *a;
	int rem;

	if (h->nlmsg_type != RTM_NEWLINK ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return 0;
	l->n++;
	nlmsg_for_each_attr(a, h, sizeof(*ifi), rem)
		if (nla_type(a) == IFLA_IFNAME && !strcmp(nla_data(a), "lo"))
			l->lo = ifi->ifi_index;
	return 0;
}

static int dump_links(struct nl_sock *sk, struct links *l,
		      struct roam_nl_err *e)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_DUMP);
	int ret;

	memset(l, 0, sizeof(*l));
	if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return -1;
	}
	ret = roam_nl_dump(sk, NULL, msg, link_row, l, e);
	nlmsg_free(msg);
	return ret;
}

static void direct_dump_of_links(void)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct roam_nl_err e;
	struct nl_sock *sk;
	struct links l;
	struct nl_msg *msg;
	unsigned int first;

	sk = roam_nl_open(NETLINK_ROUTE, &e);
	CHECK(sk);
	if (!sk)
		return;
	CHECK_INT(dump_links(sk, &l, &e), 0);
	CHECK(l.n >= 1);
	CHECK_INT(l.lo, if_nametoindex("lo"));
	first = l.n;
	/* read to its end: a second dump gets its own reply */
	CHECK_INT(dump_links(sk, &l, &e), 0);
	CHECK_INT(l.n, first);
	/* and libnl's next exchange finds the socket in step: lo by index */
	ifi.ifi_index = if_nametoindex("lo");
	msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_ACK);
	CHECK(msg && nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) == 0);
	CHECK_INT(roam_nl_transact(sk, msg, NULL, NULL, &e), 0);
	nlmsg_free(msg);
	nl_socket_free(sk);
}

void suite_nl_dump(void)
{
	RUN(direct_dump_of_links);
}
