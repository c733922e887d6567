// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's notifications about sessions and the roam family
 * (kernel_events.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/roam.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "genl.h"
#include "log.h"
#include "service.h"
#include "session/kernel_events.h"
#include "session/kernel_gone.h"
#include "session/session.h"

/* Room for a burst of deletions (a device with thousands of sessions). */
#define EVENTS_RCVBUF	(4 << 20)

/* Join the roam family's events group; it must exist (no autoload). */
static void join_roam_group(struct kernel_events *ev)
{
	struct roam_genl *g = ev->tab->kernel.ctx;
	int grp, err;

	ev->roam_group = 0;
	if (!g)
		return;
	grp = genl_ctrl_resolve_grp(g->sk, ROAM_FAMILY_NAME,
				    ROAM_MCGRP_EVENTS);
	if (grp < 0) {
		log_warn("kernel events: the roam family has no '%s' group: %s",
			 ROAM_MCGRP_EVENTS, nl_geterror(grp));
		return;
	}
	err = nl_socket_add_membership(ev->sk, grp);
	if (err < 0) {
		log_warn("kernel events: cannot join the roam events: %s",
			 nl_geterror(err));
		return;
	}
	ev->roam_group = grp;
}

static void family_gone(struct kernel_events *ev)
{
	struct session_table *t = ev->tab;
	unsigned int n;

	if (t->kernel.unloaded)
		return;
	n = session_kernel_all_gone(t, "the roam module was unloaded",
				    roamd_now_ms());
	session_kernel_unloaded(&t->kernel);
	if (ev->roam_group)
		nl_socket_drop_membership(ev->sk, ev->roam_group);
	ev->roam_group = 0;
	log_warn("the roam kernel module was unloaded (%u calls ended); roamd will not load it again: modprobe roam brings it back",
		 n);
}

static void family_back(struct kernel_events *ev)
{
	struct session_table *t = ev->tab;

	if (session_kernel_family(&t->kernel))
		return;		/* we know it already */
	if (session_kernel_reopen(&t->kernel))
		return;
	join_roam_group(ev);
	log_info("the roam kernel module is loaded: sessions go up again");
}

static void on_ctrl(struct kernel_events *ev, struct nlmsghdr *hdr)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(hdr);

	if (genlmsg_parse(hdr, 0, tb, CTRL_ATTR_MAX, NULL) ||
	    !tb[CTRL_ATTR_FAMILY_NAME] ||
	    strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]),
		   ROAM_FAMILY_NAME))
		return;
	if (gh->cmd == CTRL_CMD_DELFAMILY)
		family_gone(ev);
	else if (gh->cmd == CTRL_CMD_NEWFAMILY)
		family_back(ev);
}

static void on_roam(struct kernel_events *ev, struct nlmsghdr *hdr)
{
	struct roam_session_info s;
	uint8_t cmd;

	if (roam_genl_event_parse(hdr, &cmd, &s) ||
	    cmd != ROAM_CMD_SESSION_DEL_NTF)
		return;
	if (s.del_reason == ROAM_DEL_REASON_ENCAP_GONE)
		session_kernel_encap_gone(&ev->tab->kernel, s.kind);
	session_kernel_gone(ev->tab, s.ifindex, s.id,
			    session_kernel_gone_reason(s.del_reason),
			    roamd_now_ms());
}

static int on_msg(struct nl_msg *msg, void *arg)
{
	struct kernel_events *ev = arg;
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	int roam = session_kernel_family(&ev->tab->kernel);

	if (!genlmsg_valid_hdr(hdr, 0))
		return NL_SKIP;
	if (hdr->nlmsg_type == ev->ctrl_family)
		on_ctrl(ev, hdr);
	else if (roam && hdr->nlmsg_type == roam)
		on_roam(ev, hdr);
	return NL_OK;
}

static void resync(struct kernel_events *ev)
{
	struct roam_session_info *k;
	unsigned int lost;
	size_t n;

	ev->resync = false;
	if (session_kernel_list(&ev->tab->kernel, &k, &n))
		return;
	lost = session_kernel_resync(ev->tab, k, n, roamd_now_ms());
	free(k);
	if (lost)
		log_warn("kernel events were lost; %u calls had lost their kernel session",
			 lost);
}

static void readable(struct roamd_watch *w, uint32_t events)
{
	struct kernel_events *ev = container_of(w, struct kernel_events,
						watch);
	int err;

	(void)events;
	for (;;) {
		err = nl_recvmsgs_default(ev->sk);
		if (err == -NLE_AGAIN)
			break;
		if (err == -NLE_NOMEM) {	/* ENOBUFS: the socket overflowed */
			ev->resync = true;
			continue;
		}
		if (err < 0) {
			log_warn("kernel events: %s", nl_geterror(err));
			break;
		}
	}
	if (ev->resync)
		resync(ev);
}

int kernel_events_open(struct kernel_events *ev, struct session_table *t,
		       struct roamd_loop *l)
{
	struct roam_nl_err e;
	int grp, err;

	memset(ev, 0, sizeof(*ev));
	ev->tab = t;
	ev->loop = l;
	ev->watch.fd = -1;
	ev->sk = roam_nl_open(NETLINK_GENERIC, &e);
	if (!ev->sk) {
		log_warn("kernel events: %s", e.msg);
		return -1;
	}
	ev->ctrl_family = GENL_ID_CTRL;
	grp = genl_ctrl_resolve_grp(ev->sk, "nlctrl", "notify");
	err = grp < 0 ? grp : nl_socket_add_membership(ev->sk, grp);
	if (err < 0) {
		log_warn("kernel events: cannot follow the netlink families");
		goto fail;
	}
	join_roam_group(ev);
	loop_sock_rcvbuf(nl_socket_get_fd(ev->sk), EVENTS_RCVBUF);
	nl_socket_disable_seq_check(ev->sk);
	nl_socket_disable_auto_ack(ev->sk);
	nl_socket_modify_cb(ev->sk, NL_CB_VALID, NL_CB_CUSTOM, on_msg, ev);
	if (nl_socket_set_nonblocking(ev->sk) < 0)
		goto fail;
	ev->watch.fd = nl_socket_get_fd(ev->sk);
	ev->watch.cb = readable;
	if (loop_add(l, &ev->watch, EPOLLIN)) {
		log_warn("kernel events: epoll: %m");
		goto fail;
	}
	return 0;
fail:
	nl_socket_free(ev->sk);
	ev->sk = NULL;
	ev->watch.fd = -1;
	return -1;
}

void kernel_events_close(struct kernel_events *ev)
{
	if (!ev->sk)
		return;
	if (ev->watch.fd >= 0)
		loop_del(ev->loop, &ev->watch);
	nl_socket_free(ev->sk);
	ev->sk = NULL;
	ev->watch.fd = -1;
}
