// SPDX-License-Identifier: GPL-2.0
/* roam session: the kernel's session table, over generic netlink. */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/roam.h>

#include "addr.h"
#include "roam.h"

void print_session(struct roam_print *p, const struct roam_session_info *s,
		   bool stats)
{
	char ifname[IF_NAMESIZE], a6[ROAM_IPV6_STRLEN];
	bool weak = s->kind == ROAM_KIND_PPTP;

	if (!if_indextoname(s->ifindex, ifname))
		snprintf(ifname, sizeof(ifname), "if%u", s->ifindex);

	rp_u64(p, "id", "session %llu", s->id);
	rp_str(p, "dev", " dev %s", ifname);
	rp_u64(p, "ifindex", NULL, s->ifindex);
	rp_str(p, "kind", " kind %s", roam_kind_name(s->kind));
	/* PPTP's MPPE rests on MS-CHAPv2, which is broken: say so */
	if (weak)
		rp_text(p, " (weak)");
	rp_bool(p, "weak", weak);
	if (s->state)
		rp_str(p, "state", " state %s", roam_state_name(s->state));
	if (s->has_ipv4)
		rp_ipv4(p, "address", " address %s", s->ipv4);
	if (s->has_ipv6) {
		roam_ipv6_format(s->ipv6, a6);
		rp_str(p, "address6", " address6 %s", a6);
	}
	if (s->peer_family == AF_INET) {
		rp_ipv4(p, "peer", " peer %s", s->peer_ipv4);
	} else if (s->peer_family == AF_INET6) {
		roam_ipv6_format(s->peer_ipv6, a6);
		rp_str(p, "peer", " peer %s", a6);
	}
	if (s->has_peer_port)
		rp_u64(p, "peer_port", " peer-port %llu", s->peer_port);
	if (s->has_l2tp) {
		rp_open_object(p, "l2tp");
		rp_u64(p, "tunnel_id", "\n    l2tp tunnel %llu", s->l2tp_tunnel_id);
		rp_u64(p, "session_id", " session %llu", s->l2tp_session_id);
		rp_u64(p, "peer_tunnel_id", " peer-tunnel %llu",
		       s->l2tp_peer_tunnel_id);
		rp_u64(p, "peer_session_id", " peer-session %llu",
		       s->l2tp_peer_session_id);
		if (s->l2tp_xfrm_mark)
			rp_u64(p, "xfrm_mark", " ipsec-mark 0x%llx",
			       s->l2tp_xfrm_mark);
		/* Without IPsec the tunnel is readable by anyone on the path */
		if (s->l2tp_allow_plain)
			rp_str(p, "ipsec", " ipsec %s", "none (weak)");
		if (stats)
			rp_u64(p, "rx_unbound", " rx-unbound %llu",
			       s->l2tp_rx_unbound);
		rp_close_object(p);
	}
	if (stats && s->has_stats) {
		rp_open_object(p, "stats");
		rp_u64(p, "rx_packets", "\n    RX: packets %llu", s->rx_packets);
		rp_u64(p, "rx_bytes", " bytes %llu", s->rx_bytes);
		rp_u64(p, "rx_dropped", " dropped %llu", s->rx_dropped);
		rp_u64(p, "tx_packets", "\n    TX: packets %llu", s->tx_packets);
		rp_u64(p, "tx_bytes", " bytes %llu", s->tx_bytes);
		rp_u64(p, "tx_dropped", " dropped %llu", s->tx_dropped);
		rp_close_object(p);
	}
}

static int by_dev_and_id(const void *a, const void *b)
{
	const struct roam_session_info *x = a, *y = b;

	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

/* "dev NAME" to an ifindex; prints why not. */
static int dev_index(const char *name, uint32_t *ifindex)
{
	*ifindex = if_nametoindex(name);
	if (*ifindex)
		return 0;
	fprintf(stderr, "Error: no device named '%s'\n", name);
	return EXIT_FAILED;
}

/* "session del ID" without dev: the only roam device there is. */
static int only_dev(struct roam_genl *g, uint32_t *ifindex)
{
	struct roam_dev_info *devs;
	struct roam_nl_err e;
	size_t n;

	if (roam_genl_dev_list(g, NULL, &devs, &n, &e))
		return nl_failed(&e);
	if (n == 1)
		*ifindex = devs[0].ifindex;
	free(devs);
	if (n == 1)
		return 0;
	if (n == 0)
		fprintf(stderr, "Error: there is no roam device\n");
	else
		fprintf(stderr,
			"Error: there are %zu roam devices: say which with 'dev NAME'\n",
			n);
	return EXIT_FAILED;
}

static int session_show(const struct roam_opts *o, struct roam_genl *g,
			uint32_t ifindex, uint32_t id)
{
	struct roam_session_info *s;
	struct roam_nl_err e;
	struct roam_print p;
	size_t n, i;

	if (roam_genl_session_list(g, ifindex, id, &s, &n, &e))
		return nl_failed(&e);
	qsort(s, n, sizeof(*s), by_dev_and_id);

	rp_init(&p, stdout, o->json, o->pretty);
	rp_open_array(&p, NULL);
	for (i = 0; i < n; i++) {
		rp_open_object(&p, NULL);
		print_session(&p, &s[i], o->stats);
		rp_close_object(&p);
		rp_text(&p, "\n");
	}
	rp_close_array(&p);
	rp_end(&p);
	free(s);
	return EXIT_OK;
}

static int session_add(struct roam_genl *g, const struct roam_cmd_session *c,
		       uint32_t ifindex)
{
	struct roam_session_info s = {
		.ifindex = ifindex,
		.id = c->id,
		.kind = c->kind,
		.state = c->state,
		.has_ipv4 = c->has_ipv4,
		.ipv4 = c->ipv4,
		.has_ipv6 = c->has_ipv6,
		.peer_family = c->peer_family,
		.peer_ipv4 = c->peer_ipv4,
		.has_peer_port = c->has_peer_port,
		.peer_port = c->peer_port,
	};
	struct roam_nl_err e;

	memcpy(s.ipv6, c->ipv6, sizeof(s.ipv6));
	memcpy(s.peer_ipv6, c->peer_ipv6, sizeof(s.peer_ipv6));
	if (roam_genl_session_new(g, &s, &e))
		return nl_failed(&e);
	return EXIT_OK;
}

int do_session(const struct roam_opts *o, const struct roam_cmd *cmd)
{
	const struct roam_cmd_session *c = &cmd->session;
	struct roam_nl_err e;
	struct roam_genl g;
	uint32_t ifindex = 0;
	int ret;

	if (c->dev) {
		ret = dev_index(c->dev, &ifindex);
		if (ret)
			return ret;
	}
	ret = genl_open_or_say(&g);
	if (ret)
		return ret;

	switch (cmd->verb) {
	case ROAM_VERB_SHOW:
		ret = session_show(o, &g, ifindex, c->id);
		break;
	case ROAM_VERB_ADD:
		ret = session_add(&g, c, ifindex);
		break;
	case ROAM_VERB_SET:
		ret = EXIT_OK;
		if (roam_genl_session_set(&g, ifindex, c->id, c->state, &e))
			ret = nl_failed(&e);
		break;
	case ROAM_VERB_DEL:
		ret = ifindex ? 0 : only_dev(&g, &ifindex);
		if (!ret && roam_genl_session_del(&g, ifindex, c->id, &e))
			ret = nl_failed(&e);
		break;
	default:
		fprintf(stderr, "roam: 'session %s' is not a command\n",
			roam_verb_name(cmd->verb));
		ret = EXIT_USAGE;
		break;
	}
	roam_genl_close(&g);
	return ret;
}
