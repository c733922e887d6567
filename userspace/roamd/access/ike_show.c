// SPDX-License-Identifier: GPL-2.0
/*
 * roam ike show, roam ipsec show, roam psk show: the IKE SAs, the ESP SA
 * pairs of each client (with the kernel's counters), the peers that have
 * a pre-shared key (never the key).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "access/ike.h"
#include "policy.h"
#include "policy_show.h"
#include "addr.h"
#include "ipsec/clients.h"
#include "roamd.h"
#include "service.h"

struct show_arg {
	struct roam_print *p;
	uint64_t now;
};

static uint64_t age_s(uint64_t now, uint64_t since)
{
	return now > since ? (now - since) / 1000 : 0;
}

static void show_ike_sa(const struct ike_sa_info *i, void *arg)
{
	struct show_arg *a = arg;
	struct roam_print *p = a->p;
	char peer[64], local[64], prop[64], spis[36];
	size_t k;

	ike_endpoint_str(&i->remote, peer, sizeof(peer));
	ike_endpoint_str(&i->local, local, sizeof(local));
	/* as strongSwan's swanctl --list-sas and the packets show them */
	for (k = 0; k < 8; k++)
		snprintf(spis + 2 * k, 3, "%02x", i->cky_i[k]);
	spis[16] = '_';
	for (k = 0; k < 8; k++)
		snprintf(spis + 17 + 2 * k, 3, "%02x", i->cky_r[k]);
	rp_open_object(p, NULL);
	rp_str(p, "peer", "peer %s", peer);
	rp_str(p, "local", " local %s", local);
	rp_str(p, "spis", " spis %s", spis);
	rp_str(p, "state", " state %s", i->state);
	rp_bool(p, "nat", i->nat);
	rp_text(p, " nat %s", i->nat ? "yes" : "no");
	if (i->chosen) {
		ike_p1_prop_name(&i->prop, prop, sizeof(prop));
		rp_str(p, "proposal", "\n    proposal %s", prop);
		rp_bool(p, "weak", strstr(prop, "(weak)") != NULL);
	}
	rp_u64(p, "age", i->chosen ? " age %llus" : "\n    age %llus",
	       age_s(a->now, i->since_ms));
	if (i->aggressive) {
		rp_str(p, "mode", "\n    mode %s", "aggressive");
		rp_text(p, " (weak)");
		rp_bool(p, "mode_weak", true);
	}
	if (i->group)
		rp_str(p, "group", i->aggressive ? " group %s" :
						   "\n    group %s", i->group);
	if (i->user)
		rp_str(p, "user", " user %s", i->user);
	if (i->has_addr) {
		uint32_t addr;

		memcpy(&addr, i->addr, sizeof(addr));
		rp_ipv4(p, "address", " address %s", ntohl(addr));
	}
	rp_close_object(p);
	rp_text(p, "\n");
}

static void show_ike(struct roamd_ike *ike, struct roam_print *p)
{
	struct show_arg a = { p, roamd_now_ms() };

	rp_open_array(p, NULL);
	if (ike)
		ike_foreach_sa(ike->ctx, show_ike_sa, &a);
	rp_close_array(p);
}

static void show_counters(struct roam_print *p, const char *key,
			  const char *label, const struct xfrm_sa_counters *c)
{
	char fmt[48];

	rp_open_object(p, key);
	snprintf(fmt, sizeof(fmt), "\n    %s bytes %%llu", label);
	rp_u64(p, "bytes", fmt, c->bytes);
	rp_u64(p, "packets", " packets %llu", c->packets);
	rp_close_object(p);
}

static void show_pair(struct roamd_ike *ike, struct roam_print *p,
		      const struct ipsec_client *c,
		      const struct ipsec_pair *pr, bool stats)
{
	struct xfrm_sa_counters in, out;
	char peer[64], spi[16], alg[64];
	int r;

	ike_endpoint_str(&c->remote, peer, sizeof(peer));
	rp_open_object(p, NULL);
	rp_str(p, "peer", "peer %s", peer);
	rp_u64(p, "mark", " mark 0x%llx", c->mark);
	snprintf(spi, sizeof(spi), "0x%08x", pr->spi_in);
	rp_str(p, "spi_in", " spi-in %s", spi);
	snprintf(spi, sizeof(spi), "0x%08x", pr->spi_out);
	rp_str(p, "spi_out", " spi-out %s", spi);
	ipsec_pair_alg_name(pr, alg, sizeof(alg));
	rp_str(p, "algorithms", "\n    esp %s", alg);
	rp_u64(p, "l2tp_port", " l2tp-port %llu", c->l2tp_port);
	rp_bool(p, "natt", pr->encap);
	if (pr->encap) {
		rp_u64(p, "natt_local_port", " nat-t %llu", pr->encap_sport);
		rp_u64(p, "natt_peer_port", "->%llu", pr->encap_dport);
	} else {
		rp_text(p, " nat-t no");
	}
	rp_u64(p, "age", " age %llus", age_s(roamd_now_ms(), pr->added_ms));
	if (stats) {
		r = ipsec_pair_counters(&ike->d->ipsec, c, pr, &in, &out);
		if (r) {
			rp_str(p, "stats_error", "\n    counters: %s",
			       strerror(-r));
		} else {
			rp_open_object(p, "stats");
			show_counters(p, "in", "in ", &in);
			show_counters(p, "out", "out", &out);
			rp_close_object(p);
		}
	}
	rp_close_object(p);
	rp_text(p, "\n");
}

static void show_ipsec(struct roamd_ike *ike, struct roam_print *p,
		       bool stats)
{
	const struct ipsec_client *c;
	const struct ipsec_pair *pr;

	rp_open_array(p, NULL);
	for (c = ike ? ike->d->ipsec.clients : NULL; c; c = c->next)
		for (pr = c->pairs; pr; pr = pr->next)
			show_pair(ike, p, c, pr, stats);
	rp_close_array(p);
}

/* The peers that have a key; never the key. */
static void show_psk(const struct roamd_settings *s, struct roam_print *p)
{
	char a[ROAM_IPV4_STRLEN];
	size_t i;

	rp_open_array(p, NULL);
	for (i = 0; i < s->npsks; i++) {
		if (s->psks[i].any)
			snprintf(a, sizeof(a), "any");
		else
			roam_ipv4_format(s->psks[i].peer, a);
		rp_open_object(p, NULL);
		rp_str(p, "peer", "peer %s", a);
		if (s->psks[i].group[0])
			rp_str(p, "group", " group %s", s->psks[i].group);
		rp_close_object(p);
		rp_text(p, "\n");
	}
	rp_close_array(p);
}

static void show_list(struct roam_print *p, const char *key,
		      const char *label, const uint32_t *v, unsigned int n)
{
	char a[ROAM_IPV4_STRLEN], line[ROAM_GROUP_SERVERS_MAX * 17];
	unsigned int i;

	if (!n)
		return;
	line[0] = '\0';
	rp_open_array(p, key);
	for (i = 0; i < n; i++) {
		roam_ipv4_format(v[i], a);
		rp_elem_str(p, NULL, a);
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
			 "%s%s", i ? "," : "", a);
	}
	rp_close_array(p);
	rp_text(p, " %s %s", label, line);
}

/*
 * The groups and what their clients are given; never the key.  Each
 * with its policy in force (the base group's under its own), and where
 * each setting came from.  name: only that group (NULL: all).
 */
void ike_show_groups(const struct roamd_groups *g, const char *name,
		     struct roam_print *p)
{
	const struct roamd_group *base = groups_find(g, POLICY_BASE_GROUP);
	struct roam_policy bl, gl;
	struct roamd_policy rp;
	char a[ROAM_IPV4_STRLEN], net[24];
	struct roamd_group_policy pol;
	unsigned int k;
	size_t i;

	rp_open_array(p, NULL);
	for (i = 0; i < g->n; i++) {
		const struct roamd_group *grp = g->v[i];

		if (name && strcmp(name, grp->name))
			continue;
		groups_resolve(grp, &pol);
		rp_open_object(p, NULL);
		rp_str(p, "name", "group %s", grp->name);
		rp_str(p, "aggressive", " aggressive %s",
		       pol.aggressive ? "on" : "off");
		if (pol.aggressive)
			rp_text(p, " (weak)");
		rp_str(p, "xauth", " xauth %s", pol.xauth ? "on" : "off");
		rp_str(p, "push", " push %s", pol.push ? "on" : "off");
		rp_str(p, "save_password", " save-password %s",
		       pol.save_password ? "on" : "off");
		rp_str(p, "pfs", " pfs %s", pol.pfs ? "on" : "off");
		rp_text(p, "\n   ");
		rp_open_array(p, "pools");
		for (k = 0; k < grp->npools; k++)
			rp_elem_str(p, k ? ",%s" : " pool %s",
			       grp->pools[k]);
		rp_close_array(p);
		if (!grp->npools)
			rp_text(p, " pool (all)");
		show_list(p, "dns", "dns", grp->dns, grp->ndns);
		show_list(p, "wins", "wins", grp->wins, grp->nwins);
		if (grp->domain[0])
			rp_str(p, "domain", " domain %s", grp->domain);
		rp_open_array(p, "split");
		for (k = 0; k < grp->nsplit; k++) {
			roam_ipv4_format(grp->split[k].addr, a);
			snprintf(net, sizeof(net), "%s/%u", a,
				 grp->split[k].prefix);
			rp_elem_str(p, k ? ",%s" : " split %s", net);
		}
		rp_close_array(p);
		if (!grp->nsplit)
			rp_text(p, " split (everything)");
		if (grp->banner[0])
			rp_str(p, "banner", "\n    banner \"%s\"",
			       grp->banner);
		if (!name)
			goto next;
		/* one group: its policy in force, and where each came from */
		if (base)
			policy_group_level(base, &bl);
		policy_group_level(grp, &gl);
		policy_resolve(base ? &bl : NULL, grp == base ? NULL : &gl,
			       NULL, &rp);
		policy_show(p, &rp);
next:
		rp_close_object(p);
		rp_text(p, "\n");
	}
	rp_close_array(p);
}

bool ike_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
		     bool stats)
{
	switch (obj) {
	case ROAM_OBJ_IKE:
		show_ike(d->ike, p);
		return true;
	case ROAM_OBJ_IPSEC:
		show_ipsec(d->ike, p, stats);
		return true;
	case ROAM_OBJ_PSK:
		show_psk(&d->db.settings, p);
		return true;
	case ROAM_OBJ_GROUP:
		ike_show_groups(&d->db.groups, NULL, p);
		return true;
	default:
		return false;
	}
}

