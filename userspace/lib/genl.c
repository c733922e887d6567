// SPDX-License-Identifier: GPL-2.0
/*
 * The "roam" generic netlink family: requests are built here and replies
 * decoded into plain structs, so that the CLI deals in structs only.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/roam.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "addr.h"
#include "dump_retry.h"
#include "genl.h"
#include "nl_dump.h"
#include "session_attrs.h"

int roam_genl_open(struct roam_genl *g, struct roam_nl_err *e)
{
	int id;

	g->family = 0;
	g->recv = NULL;
	g->sk = roam_nl_open(NETLINK_GENERIC, e);
	if (!g->sk)
		return -1;
	/* The kernel tries to load the module for an unknown family
	 * name before it answers "not found". */
	id = genl_ctrl_resolve(g->sk, ROAM_FAMILY_NAME);
	if (id == -NLE_OBJ_NOTFOUND) {
		roam_nl_err_set(e, ENOENT,
				"the roam kernel module is not loaded (modprobe roam)");
		roam_genl_close(g);
		return ROAM_GENL_NO_FAMILY;
	}
	if (id < 0) {
		roam_nl_err_set(e, EIO, "cannot resolve the roam netlink family: %s",
				nl_geterror(id));
		roam_genl_close(g);
		return -1;
	}
	g->family = id;
	return 0;
}

void roam_genl_close(struct roam_genl *g)
{
	if (g->sk)
		nl_socket_free(g->sk);
	g->sk = NULL;
}

static struct nl_msg *new_request(struct roam_genl *g, uint8_t cmd,
				  int flags, struct roam_nl_err *e)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg) {
		roam_nl_err_set(e, ENOMEM, NULL);
		return NULL;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, g->family, 0, flags,
			 cmd, ROAM_FAMILY_VERSION)) {
		nlmsg_free(msg);
		roam_nl_err_set(e, ENOMEM, NULL);
		return NULL;
	}
	return msg;
}

static int put_failed(struct nl_msg *msg, struct roam_nl_err *e)
{
	nlmsg_free(msg);
	roam_nl_err_set(e, EMSGSIZE, "netlink request too large");
	return -1;
}

/* A growing array that the reply callbacks append to. */
struct collect {
	void *items;
	size_t n, cap, size;
	bool nomem;
};

static void *collect_next(struct collect *c)
{
	void *item;

	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		void *p = reallocarray(c->items, cap, c->size);

		if (!p) {
			c->nomem = true;
			return NULL;
		}
		c->items = p;
		c->cap = cap;
	}
	item = (char *)c->items + c->n * c->size;
	memset(item, 0, c->size);
	return item;
}

static uint64_t get_u64(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static int dev_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[ROAM_A_DEV_MAX + 1];
	struct collect *c = arg;
	struct roam_dev_info *d;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, ROAM_A_DEV_MAX, NULL) ||
	    !tb[ROAM_A_DEV_IFINDEX])
		return NL_SKIP;
	d = collect_next(c);
	if (!d)
		return NL_SKIP;
	d->ifindex = nla_get_u32(tb[ROAM_A_DEV_IFINDEX]);
	if (tb[ROAM_A_DEV_IFNAME])
		nla_strlcpy(d->ifname, tb[ROAM_A_DEV_IFNAME],
			    sizeof(d->ifname));
	if (tb[ROAM_A_DEV_SESSIONS])
		d->sessions = nla_get_u32(tb[ROAM_A_DEV_SESSIONS]);
	d->rx_packets = get_u64(tb[ROAM_A_DEV_RX_PACKETS]);
	d->rx_bytes = get_u64(tb[ROAM_A_DEV_RX_BYTES]);
	d->tx_packets = get_u64(tb[ROAM_A_DEV_TX_PACKETS]);
	d->tx_bytes = get_u64(tb[ROAM_A_DEV_TX_BYTES]);
	d->rx_dropped = get_u64(tb[ROAM_A_DEV_RX_DROPPED]);
	d->tx_dropped = get_u64(tb[ROAM_A_DEV_TX_DROPPED]);
	d->tx_no_session = get_u64(tb[ROAM_A_DEV_TX_NO_SESSION]);
	c->n++;
	return NL_OK;
}

static int finish_collect(struct collect *c, int ret, void **items,
			  size_t *n, struct roam_nl_err *e)
{
	if (!ret && c->nomem) {
		roam_nl_err_set(e, ENOMEM, NULL);
		ret = -1;
	}
	if (ret) {
		free(c->items);
		return ret;
	}
	*items = c->items;
	*n = c->n;
	return 0;
}

/*
 * A dump the kernel marks interrupted (entries came or went while it was
 * read; it has then been read to its end) is read again from the start,
 * a bounded number of times (dump_retry.h). @once reads it once.
 */
static int dump_until_whole(int (*once)(void *arg, struct roam_nl_err *e),
			    void *arg, const char *list,
			    struct roam_nl_err *e)
{
	enum roam_dump_next next;
	unsigned int tries = 0;
	int ret;

	do {
		ret = once(arg, e);
		next = roam_dump_retry(++tries, ret, e->error);
	} while (next == ROAM_DUMP_AGAIN);
	if (next == ROAM_DUMP_GIVE_UP)
		roam_nl_err_set(e, EAGAIN,
				"the %s list changed each of the %u times it was read; try again later",
				list, tries);
	return ret;
}

struct dev_list_args {
	struct roam_genl *g;
	const char *ifname;
	struct roam_dev_info **devs;
	size_t *n;
};

static int dev_list_once(void *arg, struct roam_nl_err *e)
{
	const struct dev_list_args *a = arg;
	struct roam_genl *g = a->g;
	const char *ifname = a->ifname;
	struct collect c = { .size = sizeof(**a->devs) };
	struct nl_msg *msg;
	int ret;

	msg = new_request(g, ROAM_CMD_DEV_GET, ifname ? 0 : NLM_F_DUMP, e);
	if (!msg)
		return -1;
	if (ifname && nla_put_string(msg, ROAM_A_DEV_IFNAME, ifname))
		return put_failed(msg, e);
	ret = roam_nl_transact(g->sk, msg, dev_reply, &c, e);
	nlmsg_free(msg);
	return finish_collect(&c, ret, (void **)a->devs, a->n, e);
}

int roam_genl_dev_list(struct roam_genl *g, const char *ifname,
		       struct roam_dev_info **devs, size_t *n,
		       struct roam_nl_err *e)
{
	struct dev_list_args a = {
		.g = g, .ifname = ifname, .devs = devs, .n = n,
	};

	return dump_until_whole(dev_list_once, &a, "device", e);
}

int roam_genl_only_dev(struct roam_genl *g, uint32_t *ifindex,
		       struct roam_nl_err *e)
{
	struct roam_dev_info *devs;
	size_t n;

	if (roam_genl_dev_list(g, NULL, &devs, &n, e))
		return -1;
	if (n == 1)
		*ifindex = devs[0].ifindex;
	free(devs);
	if (n == 1)
		return 0;
	if (n == 0)
		roam_nl_err_set(e, ENODEV, "there is no roam device");
	else
		roam_nl_err_set(e, EINVAL,
				"there are %zu roam devices: say which with 'dev NAME'",
				n);
	return -1;
}

/*
 * Decode session attributes (replies and events alike): the message holds
 * its genetlink header (nlmsg_ok() has checked its length against what was
 * received), then the attributes.
 */
static int session_parse(struct nlmsghdr *hdr, struct roam_session_info *s)
{
	size_t head = NLMSG_HDRLEN + GENL_HDRLEN;

	if (hdr->nlmsg_len < head)
		return -1;
	return roam_session_attrs_decode((const char *)hdr + head,
					 hdr->nlmsg_len - head, s);
}

int roam_genl_event_parse(struct nlmsghdr *hdr, uint8_t *cmd,
			  struct roam_session_info *s)
{
	struct genlmsghdr *gh;

	if (!genlmsg_valid_hdr(hdr, 0))
		return -1;
	gh = nlmsg_data(hdr);
	*cmd = gh->cmd;
	if (gh->cmd != ROAM_CMD_SESSION_ADD_NTF &&
	    gh->cmd != ROAM_CMD_SESSION_DEL_NTF)
		return -1;
	return session_parse(hdr, s);
}

/* The rows of a session dump, decoded in place (nl_dump.h). */
struct session_dump {
	struct roam_session_info *s;
	size_t n, cap;
	uint32_t id;		/* only this id; 0: all */
};

static int session_row(struct nlmsghdr *h, void *arg)
{
	struct session_dump *d = arg;
	struct roam_session_info *s;

	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;

		s = reallocarray(d->s, cap, sizeof(*s));
		if (!s)
			return -1;
		d->s = s;
		d->cap = cap;
	}
	s = &d->s[d->n];
	/* a malformed row is dropped; so is one of another id */
	if (session_parse(h, s) || (d->id && s->id != d->id))
		return 0;
	d->n++;
	return 0;
}

/*
 * The request for the sessions of one device (ifindex != 0) or of all,
 * one of them if id != 0 as well: a dump unless both are given.
 */
static struct nl_msg *session_request(struct roam_genl *g, uint32_t ifindex,
				      uint32_t id, struct roam_nl_err *e)
{
	bool one = ifindex && id;
	struct nl_msg *msg;

	msg = new_request(g, ROAM_CMD_SESSION_GET, one ? 0 : NLM_F_DUMP, e);
	if (!msg)
		return NULL;
	if ((ifindex && nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, ifindex)) ||
	    (one && nla_put_u32(msg, ROAM_A_SESSION_ID, id))) {
		put_failed(msg, e);
		return NULL;
	}
	return msg;
}

struct session_list_args {
	struct roam_genl *g;
	uint32_t ifindex;
	uint32_t id;
	struct roam_session_info **s;
	size_t *n;
};

static int session_list_once(void *arg, struct roam_nl_err *e)
{
	const struct session_list_args *a = arg;
	struct session_dump d = { .id = a->id };
	struct nl_msg *msg;
	int ret;

	msg = session_request(a->g, a->ifindex, a->id, e);
	if (!msg)
		return -1;
	ret = roam_nl_dump(a->g->sk, a->g->recv, msg, session_row, &d, e);
	nlmsg_free(msg);
	if (ret) {
		free(d.s);
		return -1;
	}
	*a->s = d.s;
	*a->n = d.n;
	return 0;
}

int roam_genl_session_list(struct roam_genl *g, uint32_t ifindex,
			   uint32_t id, struct roam_session_info **s,
			   size_t *n, struct roam_nl_err *e)
{
	struct session_list_args a = {
		.g = g, .ifindex = ifindex, .id = id, .s = s, .n = n,
	};

	return dump_until_whole(session_list_once, &a, "session", e);
}

/* A walk's rows, each decoded into one place and handed on (genl.h). */
struct session_walk {
	const struct roam_session_walk *w;
	struct roam_session_info s;
	uint32_t id;		/* only this id; 0: all */
};

static int session_walk_row(struct nlmsghdr *h, void *arg)
{
	struct session_walk *d = arg;

	/* as session_row(): a malformed row is dropped, one of another id */
	if (session_parse(h, &d->s) || (d->id && d->s.id != d->id))
		return 0;
	return d->w->row(&d->s, d->w->arg);
}

struct session_walk_args {
	struct roam_genl *g;
	uint32_t ifindex;
	uint32_t id;
	const struct roam_session_walk *w;
};

static int session_walk_once(void *arg, struct roam_nl_err *e)
{
	const struct session_walk_args *a = arg;
	struct session_walk d = { .w = a->w, .id = a->id };
	struct nl_msg *msg;
	int ret;

	msg = session_request(a->g, a->ifindex, a->id, e);
	if (!msg)
		return -1;
	a->w->begin(a->w->arg);
	ret = roam_nl_dump_threaded(a->g->sk, a->g->recv, msg,
				    session_walk_row, &d, e);
	nlmsg_free(msg);
	return ret;
}

int roam_genl_session_walk(struct roam_genl *g, uint32_t ifindex,
			   uint32_t id, const struct roam_session_walk *w,
			   struct roam_nl_err *e)
{
	struct session_walk_args a = {
		.g = g, .ifindex = ifindex, .id = id, .w = w,
	};

	return dump_until_whole(session_walk_once, &a, "session", e);
}

static int do_request(struct roam_genl *g, struct nl_msg *msg,
		      struct roam_nl_err *e)
{
	int ret = roam_nl_transact(g->sk, msg, NULL, NULL, e);

	nlmsg_free(msg);
	return ret;
}

static int put_l2tp(struct nl_msg *msg, const struct roam_session_info *s)
{
	struct nlattr *nest = nla_nest_start(msg, ROAM_A_SESSION_L2TP);

	if (!nest ||
	    nla_put_u32(msg, ROAM_A_L2TP_FD, s->l2tp_fd) ||
	    nla_put_u16(msg, ROAM_A_L2TP_TUNNEL_ID, s->l2tp_tunnel_id) ||
	    nla_put_u16(msg, ROAM_A_L2TP_SESSION_ID, s->l2tp_session_id) ||
	    nla_put_u16(msg, ROAM_A_L2TP_PEER_TUNNEL_ID,
			s->l2tp_peer_tunnel_id) ||
	    nla_put_u16(msg, ROAM_A_L2TP_PEER_SESSION_ID,
			s->l2tp_peer_session_id))
		return -1;
	if (s->l2tp_xfrm_mark &&
	    nla_put_u32(msg, ROAM_A_L2TP_XFRM_MARK, s->l2tp_xfrm_mark))
		return -1;
	if (s->l2tp_allow_plain && nla_put_flag(msg, ROAM_A_L2TP_ALLOW_PLAIN))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

static int put_pptp(struct nl_msg *msg, const struct roam_session_info *s)
{
	struct nlattr *nest = nla_nest_start(msg, ROAM_A_SESSION_PPTP);

	if (!nest ||
	    nla_put_u16(msg, ROAM_A_PPTP_CALL_ID, s->pptp_call_id) ||
	    nla_put_u16(msg, ROAM_A_PPTP_PEER_CALL_ID, s->pptp_peer_call_id) ||
	    nla_put_u32(msg, ROAM_A_PPTP_LOCAL_IPV4, htonl(s->pptp_local_ipv4)))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

int roam_genl_session_new(struct roam_genl *g,
			  const struct roam_session_info *s,
			  struct roam_nl_err *e)
{
	struct nl_msg *msg;

	msg = new_request(g, ROAM_CMD_SESSION_NEW, 0, e);
	if (!msg)
		return -1;
	if (nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, s->ifindex) ||
	    nla_put_u32(msg, ROAM_A_SESSION_ID, s->id) ||
	    nla_put_u32(msg, ROAM_A_SESSION_KIND, s->kind))
		return put_failed(msg, e);
	if (s->state && nla_put_u32(msg, ROAM_A_SESSION_STATE, s->state))
		return put_failed(msg, e);
	if (s->has_ipv4 &&
	    nla_put_u32(msg, ROAM_A_SESSION_IPV4, htonl(s->ipv4)))
		return put_failed(msg, e);
	if (s->has_ipv6 && nla_put(msg, ROAM_A_SESSION_IPV6, 16, s->ipv6))
		return put_failed(msg, e);
	if (s->peer_family == AF_INET &&
	    nla_put_u32(msg, ROAM_A_SESSION_PEER_IPV4, htonl(s->peer_ipv4)))
		return put_failed(msg, e);
	if (s->peer_family == AF_INET6 &&
	    nla_put(msg, ROAM_A_SESSION_PEER_IPV6, 16, s->peer_ipv6))
		return put_failed(msg, e);
	if (s->has_peer_port &&
	    nla_put_u16(msg, ROAM_A_SESSION_PEER_PORT, htons(s->peer_port)))
		return put_failed(msg, e);
	if (s->has_l2tp && put_l2tp(msg, s))
		return put_failed(msg, e);
	if (s->has_pptp && put_pptp(msg, s))
		return put_failed(msg, e);
	return do_request(g, msg, e);
}

int roam_genl_session_update(struct roam_genl *g, uint32_t ifindex,
			     uint32_t id, uint32_t state, uint32_t ipv4,
			     const struct roam_pptp_mppe *m,
			     struct roam_nl_err *e)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	int ret;

	msg = new_request(g, ROAM_CMD_SESSION_SET, 0, e);
	if (!msg)
		return -1;
	if (nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, ifindex) ||
	    nla_put_u32(msg, ROAM_A_SESSION_ID, id) ||
	    (state && nla_put_u32(msg, ROAM_A_SESSION_STATE, state)) ||
	    (ipv4 && nla_put_u32(msg, ROAM_A_SESSION_IPV4, htonl(ipv4))))
		return put_failed(msg, e);
	if (m) {
		nest = nla_nest_start(msg, ROAM_A_SESSION_PPTP);
		if (!nest || nla_put_u8(msg, ROAM_A_PPTP_MPPE_BITS, m->bits) ||
		    (m->stateless &&
		     nla_put_flag(msg, ROAM_A_PPTP_MPPE_STATELESS)) ||
		    (m->bits &&
		     (nla_put(msg, ROAM_A_PPTP_MPPE_SEND_KEY, m->keylen,
			      m->send_key) ||
		      nla_put(msg, ROAM_A_PPTP_MPPE_RECV_KEY, m->keylen,
			      m->recv_key))))
			return put_failed(msg, e);
		nla_nest_end(msg, nest);
	}
	ret = roam_nl_transact(g->sk, msg, NULL, NULL, e);
	/* the message may have held the keys */
	memset(nlmsg_data(nlmsg_hdr(msg)), 0, nlmsg_datalen(nlmsg_hdr(msg)));
	nlmsg_free(msg);
	return ret;
}

int roam_genl_session_set_peer(struct roam_genl *g, uint32_t ifindex,
			       uint32_t id, uint32_t peer_ipv4,
			       uint16_t peer_port, struct roam_nl_err *e)
{
	struct nl_msg *msg;

	msg = new_request(g, ROAM_CMD_SESSION_SET, 0, e);
	if (!msg)
		return -1;
	if (nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, ifindex) ||
	    nla_put_u32(msg, ROAM_A_SESSION_ID, id) ||
	    nla_put_u32(msg, ROAM_A_SESSION_PEER_IPV4, htonl(peer_ipv4)) ||
	    (peer_port &&
	     nla_put_u16(msg, ROAM_A_SESSION_PEER_PORT, htons(peer_port))))
		return put_failed(msg, e);
	return do_request(g, msg, e);
}

int roam_genl_session_set_l2tp_fd(struct roam_genl *g, uint32_t ifindex,
				  uint32_t id, int fd,
				  struct roam_nl_err *e)
{
	struct nlattr *nest;
	struct nl_msg *msg;

	msg = new_request(g, ROAM_CMD_SESSION_SET, 0, e);
	if (!msg)
		return -1;
	if (nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, ifindex) ||
	    nla_put_u32(msg, ROAM_A_SESSION_ID, id))
		return put_failed(msg, e);
	nest = nla_nest_start(msg, ROAM_A_SESSION_L2TP);
	if (!nest || nla_put_u32(msg, ROAM_A_L2TP_FD, (uint32_t)fd))
		return put_failed(msg, e);
	nla_nest_end(msg, nest);
	return do_request(g, msg, e);
}

int roam_genl_session_set_mppe(struct roam_genl *g, uint32_t ifindex,
			       uint32_t id, uint32_t state,
			       const struct roam_pptp_mppe *m,
			       struct roam_nl_err *e)
{
	return roam_genl_session_update(g, ifindex, id, state, 0, m, e);
}

int roam_genl_session_send(struct roam_genl *g, uint32_t ifindex,
			   uint32_t id, const uint8_t *frame, size_t len,
			   struct roam_nl_err *e)
{
	struct nl_msg *msg;

	msg = new_request(g, ROAM_CMD_SESSION_SEND, 0, e);
	if (!msg)
		return -1;
	if (nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, ifindex) ||
	    nla_put_u32(msg, ROAM_A_SESSION_ID, id) ||
	    nla_put(msg, ROAM_A_SESSION_PPP_FRAME, (int)len, frame))
		return put_failed(msg, e);
	return do_request(g, msg, e);
}

int roam_genl_session_set(struct roam_genl *g, uint32_t ifindex,
			  uint32_t id, uint32_t state,
			  struct roam_nl_err *e)
{
	struct nl_msg *msg;

	msg = new_request(g, ROAM_CMD_SESSION_SET, 0, e);
	if (!msg)
		return -1;
	if (nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, ifindex) ||
	    nla_put_u32(msg, ROAM_A_SESSION_ID, id) ||
	    nla_put_u32(msg, ROAM_A_SESSION_STATE, state))
		return put_failed(msg, e);
	return do_request(g, msg, e);
}

int roam_genl_session_del(struct roam_genl *g, uint32_t ifindex,
			  uint32_t id, struct roam_nl_err *e)
{
	struct nl_msg *msg;

	msg = new_request(g, ROAM_CMD_SESSION_DEL, 0, e);
	if (!msg)
		return -1;
	if (nla_put_u32(msg, ROAM_A_SESSION_IFINDEX, ifindex) ||
	    nla_put_u32(msg, ROAM_A_SESSION_ID, id))
		return put_failed(msg, e);
	return do_request(g, msg, e);
}

int roam_genl_session_del_ipv4(struct roam_genl *g, uint32_t ifindex,
			       uint32_t addr, struct roam_nl_err *e)
{
	char a[ROAM_IPV4_STRLEN];
	struct roam_session_info *s;
	size_t n, i;
	int ret;

	if (roam_genl_session_list(g, ifindex, 0, &s, &n, e))
		return -1;
	/* an address is the key of the kernel's table per device only */
	for (i = 0; i < n; i++)
		if (s[i].has_ipv4 && s[i].ipv4 == addr)
			break;
	if (i == n) {
		roam_ipv4_format(addr, a);
		roam_nl_err_set(e, ENOENT, "no session has address %s", a);
		free(s);
		return -1;
	}
	ret = roam_genl_session_del(g, s[i].ifindex, s[i].id, e);
	free(s);
	return ret;
}

struct monitor {
	roam_genl_event_cb event;
	void *arg;
	int stop;
};

static int monitor_msg(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct monitor *m = arg;
	struct roam_session_info s;

	if (gh->cmd != ROAM_CMD_SESSION_ADD_NTF &&
	    gh->cmd != ROAM_CMD_SESSION_DEL_NTF)
		return NL_SKIP;
	if (session_parse(nlmsg_hdr(msg), &s))
		return NL_SKIP;
	m->stop = m->event(gh->cmd, &s, m->arg);
	return m->stop ? NL_STOP : NL_OK;
}

int roam_genl_monitor(struct roam_genl *g, roam_genl_event_cb event,
		      void *arg, struct roam_nl_err *e)
{
	struct monitor m = { .event = event, .arg = arg };
	int grp, err;

	grp = genl_ctrl_resolve_grp(g->sk, ROAM_FAMILY_NAME,
				    ROAM_MCGRP_EVENTS);
	if (grp < 0) {
		roam_nl_err_set(e, ENOENT,
				"the roam family has no '%s' group: %s",
				ROAM_MCGRP_EVENTS, nl_geterror(grp));
		return -1;
	}
	err = nl_socket_add_membership(g->sk, grp);
	if (err < 0) {
		roam_nl_err_set(e, EIO, "cannot join the events group: %s",
				nl_geterror(err));
		return -1;
	}
	/* notifications are not answers to anything we sent */
	nl_socket_disable_seq_check(g->sk);
	nl_socket_modify_cb(g->sk, NL_CB_VALID, NL_CB_CUSTOM, monitor_msg, &m);

	while (!m.stop) {
		err = nl_recvmsgs_default(g->sk);
		/* a burst larger than the socket buffer loses events:
		 * say so and go on */
		if (err == -NLE_NOMEM) {
			m.stop = event(0, NULL, arg);
			continue;
		}
		if (err < 0) {
			roam_nl_err_set(e, EIO, "netlink: %s",
					nl_geterror(err));
			return -1;
		}
	}
	return 0;
}
