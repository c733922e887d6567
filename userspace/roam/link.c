// SPDX-License-Identifier: GPL-2.0
/* roam link: roam devices (rtnetlink to create, genetlink to show). */
#include <stdio.h>
#include <stdlib.h>

#include "rtnl.h"
#include "roam.h"

static void print_dev(struct roam_print *p, const struct roam_dev_info *d,
		      bool stats)
{
	rp_open_object(p, NULL);
	rp_str(p, "ifname", "%s:", d->ifname);
	rp_u64(p, "ifindex", " ifindex %llu", d->ifindex);
	rp_u64(p, "sessions", " sessions %llu", d->sessions);
	if (stats) {
		rp_open_object(p, "stats");
		rp_traffic(p, d->rx_packets, d->rx_bytes, d->rx_dropped,
			   d->tx_packets, d->tx_bytes, d->tx_dropped);
		rp_u64(p, "tx_no_session", " no-session %llu",
		       d->tx_no_session);
		rp_close_object(p);
	}
	rp_close_object(p);
	rp_text(p, "\n");
}

static int link_show(const struct roam_opts *o, const char *name)
{
	struct roam_dev_info *devs;
	struct roam_nl_err e;
	struct roam_genl g;
	struct roam_print p;
	size_t n, i;
	int ret;

	ret = genl_open_or_say(&g);
	if (ret)
		return ret;
	ret = roam_genl_dev_list(&g, name, &devs, &n, &e);
	roam_genl_close(&g);
	if (ret)
		return nl_failed(&e);

	rp_init(&p, stdout, o->json, o->pretty);
	rp_open_array(&p, NULL);
	for (i = 0; i < n; i++)
		print_dev(&p, &devs[i], o->stats);
	rp_close_array(&p);
	rp_end(&p);
	free(devs);
	return EXIT_OK;
}

int do_link(const struct roam_opts *o, const struct roam_cmd *cmd)
{
	struct roam_nl_err e;

	switch (cmd->verb) {
	case ROAM_VERB_ADD:
		if (roam_rtnl_link_add(cmd->link.name, &e))
			return nl_failed(&e);
		return EXIT_OK;
	case ROAM_VERB_DEL:
		if (roam_rtnl_link_del(cmd->link.name, &e))
			return nl_failed(&e);
		return EXIT_OK;
	case ROAM_VERB_SHOW:
		return link_show(o, cmd->link.name);
	default:
		fprintf(stderr, "roam: 'link %s' is not a command\n",
			roam_verb_name(cmd->verb));
		return EXIT_USAGE;
	}
}
