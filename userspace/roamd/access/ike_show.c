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
	char peer[64], local[64], prop[64];

	ike_endpoint_str(&i->remote, peer, sizeof(peer));
	ike_endpoint_str(&i->local, local, sizeof(local));
	rp_open_object(p, NULL);
	rp_str(p, "peer", "peer %s", peer);
	rp_str(p, "local", " local %s", local);
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
	default:
		return false;
	}
}

