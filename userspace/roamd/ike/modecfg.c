// SPDX-License-Identifier: GPL-2.0
/*
 * Mode-Config (draft-dukes-ike-mode-cfg-02) for remote-access clients,
 * both ways:
 *
 *   the client pulls (seed 003, vpnc, Cisco VPN Client):
 *	<- REQUEST(INTERNAL_IP4_ADDRESS, ..., UNITY_...)   REPLY(values) ->
 *   we push (seed 004's "client configuration address initiate"):
 *	SET(values) ->   <- ACK
 *
 * The values come from the host (IKE_EV_CONFIG_NEED answered by
 * ike_client_config()): the address from its pools, DNS, WINS, the
 * default domain, the split-tunnel networks, a banner, whether the
 * client may save its password, and whether Quick Mode must use PFS.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sa.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char app_version[] = "roam";

static const uint16_t supported[] = {
	IKE_CA_IP4_ADDRESS, IKE_CA_IP4_NETMASK, IKE_CA_IP4_DNS,
	IKE_CA_IP4_NBNS, IKE_CA_APPLICATION_VERSION,
	IKE_CA_SUPPORTED_ATTRIBUTES, IKE_CA_UNITY_BANNER,
	IKE_CA_UNITY_SAVE_PASSWD, IKE_CA_UNITY_DEF_DOMAIN,
	IKE_CA_UNITY_SPLIT_INCLUDE, IKE_CA_UNITY_PFS,
};

/*
 * Attributes named by a draft or by Unity that we do not serve: left out
 * of a REPLY, since vpnc and the Cisco client read an empty value of
 * theirs as a malformed one.  Types nobody defined get an empty value.
 */
static bool known(uint16_t type)
{
	return strcmp(ike_cfg_attr_name(type), "unknown attribute") != 0;
}

static void put_split(struct ike_buf *b, const struct ike_client_cfg *cfg)
{
	uint8_t e[IKE_UNITY_NET_LEN];
	unsigned int i;
	size_t s;

	ike_put16(b, IKE_CA_UNITY_SPLIT_INCLUDE);
	s = b->len;
	ike_put16(b, 0);
	for (i = 0; i < cfg->n_split; i++) {
		uint32_t m = cfg->split[i].prefix ?
			     ~0u << (32 - cfg->split[i].prefix) : 0;

		memset(e, 0, sizeof(e));
		memcpy(e, cfg->split[i].addr, 4);
		ike_set32(e + 4, m);
		ike_put(b, e, sizeof(e));
	}
	if (!b->err)
		ike_set16(b->p + s, b->len - s - 2);
}

/* One attribute's value(s); false when we have none to give. */
static bool put_value(struct ike_buf *b, const struct ike_client_cfg *cfg,
		      uint16_t type)
{
	unsigned int i;

	switch (type) {
	case IKE_CA_IP4_ADDRESS:
		ike_cfg_tlv(b, type, cfg->addr, 4);
		return true;
	case IKE_CA_IP4_NETMASK:
		if (!ike_get32(cfg->netmask))
			return false;
		ike_cfg_tlv(b, type, cfg->netmask, 4);
		return true;
	case IKE_CA_IP4_DNS:
		for (i = 0; i < cfg->n_dns; i++)
			ike_cfg_tlv(b, type, cfg->dns[i], 4);
		return cfg->n_dns;
	case IKE_CA_IP4_NBNS:
		for (i = 0; i < cfg->n_wins; i++)
			ike_cfg_tlv(b, type, cfg->wins[i], 4);
		return cfg->n_wins;
	case IKE_CA_APPLICATION_VERSION:
		ike_cfg_tlv(b, type, app_version, strlen(app_version));
		return true;
	case IKE_CA_SUPPORTED_ATTRIBUTES:
		ike_put16(b, type);
		ike_put16(b, 2 * ARRAY_SIZE(supported));
		for (i = 0; i < ARRAY_SIZE(supported); i++)
			ike_put16(b, supported[i]);
		return true;
	case IKE_CA_UNITY_DEF_DOMAIN:
		if (!cfg->domain[0])
			return false;
		ike_cfg_tlv(b, type, cfg->domain, strlen(cfg->domain));
		return true;
	case IKE_CA_UNITY_BANNER:
		if (!cfg->banner[0])
			return false;
		ike_cfg_tlv(b, type, cfg->banner, strlen(cfg->banner));
		return true;
	case IKE_CA_UNITY_SPLIT_INCLUDE:
		if (!cfg->n_split)
			return false;
		put_split(b, cfg);
		return true;
	case IKE_CA_UNITY_SAVE_PASSWD:
		ike_cfg_tv(b, type, cfg->save_passwd);
		return true;
	case IKE_CA_UNITY_PFS:
		ike_cfg_tv(b, type, cfg->pfs);
		return true;
	}
	return false;
}

static void log_given(struct ike_ctx *ctx, struct ike_sa *sa, const char *how)
{
	const struct ike_client_cfg *cfg = &sa->ra->cfg;
	struct ike_addr a = { .family = AF_INET };
	char peer[64], addr[64];

	memcpy(a.ip, cfg->addr, 4);
	ike_addr_str(&a, false, addr, sizeof(addr));
	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	ike_log(ctx, IKE_LOG_INFO,
		"IKE Mode-Config %s to %s (group %s%s%s): address %s, %u DNS, %u WINS, %u split networks%s",
		how, peer, sa->ra->group, sa->ra->user[0] ? ", user " : "",
		sa->ra->user[0] ? sa->ra->user : "", addr, cfg->n_dns,
		cfg->n_wins, cfg->n_split, cfg->pfs ? ", PFS required" : "");
}

int ike_mc_on_request(struct ike_ctx *ctx, struct ike_sa *sa,
		      const struct ike_cfg_pl *c)
{
	struct ike_ra *ra = sa->ra;
	struct ike_attr_iter it;
	struct ike_attr a;
	char peer[64], ver[64];
	size_t i, n;

	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	if (ra->xa != IKE_XA_NONE && ra->xa != IKE_XA_OK) {
		ike_log(ctx, IKE_LOG_WARN,
			"IKE Mode-Config REQUEST from %s ignored: XAUTH has not succeeded",
			peer);
		return -1;
	}
	ra->n_req_attrs = 0;
	ike_attr_iter_init(&it, c->attrs, c->attrs_len, c->attrs_off);
	while (ike_attr_next(&it, &a, NULL) > 0) {
		for (i = 0; i < ra->n_req_attrs; i++)
			if (ra->req_attrs[i] == a.type)
				break;
		if (i == ra->n_req_attrs && i < IKE_MAX_REQ_ATTRS)
			ra->req_attrs[ra->n_req_attrs++] = a.type;
		if (a.type == IKE_CA_APPLICATION_VERSION && !a.af && a.len) {
			for (i = 0, n = 0; i < a.len && n + 1 < sizeof(ver); i++)
				ver[n++] = isprint(a.val[i]) ? a.val[i] : '?';
			ver[n] = 0;
			ike_log(ctx, IKE_LOG_INFO, "IKE Mode-Config from %s: client %s",
				peer, ver);
		}
	}
	ra->pull_waiting = true;
	/* The settings may be known already (given once and asked again). */
	if (ra->mc >= IKE_MC_HAVE)
		ike_mc_reply(ctx, sa);
	return 0;
}

void ike_mc_reply(struct ike_ctx *ctx, struct ike_sa *sa)
{
	struct ike_ra *ra = sa->ra;
	struct ike_buf b;
	unsigned int i;

	ike_buf_init(&b);
	for (i = 0; i < ra->n_req_attrs; i++) {
		uint16_t t = ra->req_attrs[i];

		if (!put_value(&b, &ra->cfg, t) && !known(t))
			ike_cfg_tlv(&b, t, NULL, 0);
	}
	if (!b.err && !ike_txn_answer(ctx, sa, IKE_CFG_REPLY, b.p, b.len)) {
		ra->pull_waiting = false;
		if (ra->mc != IKE_MC_GIVEN)
			log_given(ctx, sa, "REPLY");
		ra->mc = IKE_MC_GIVEN;
	}
	ike_buf_free(&b);
}

void ike_mc_push(struct ike_ctx *ctx, struct ike_sa *sa)
{
	static const uint16_t base[] = {
		IKE_CA_IP4_ADDRESS, IKE_CA_IP4_NETMASK, IKE_CA_IP4_DNS,
		IKE_CA_IP4_NBNS,
	};
	static const uint16_t unity[] = {
		IKE_CA_UNITY_DEF_DOMAIN, IKE_CA_UNITY_SPLIT_INCLUDE,
		IKE_CA_UNITY_BANNER, IKE_CA_UNITY_SAVE_PASSWD, IKE_CA_UNITY_PFS,
	};
	struct ike_buf b;
	unsigned int i;

	ike_buf_init(&b);
	for (i = 0; i < ARRAY_SIZE(base); i++)
		put_value(&b, &sa->ra->cfg, base[i]);
	/* Only a Unity client reads these; others may refuse the SET. */
	for (i = 0; sa->unity && i < ARRAY_SIZE(unity); i++)
		put_value(&b, &sa->ra->cfg, unity[i]);
	if (!b.err && !ike_txn_begin(ctx, sa, IKE_CFG_SET, b.p, b.len)) {
		sa->ra->mc = IKE_MC_SET_SENT;
		log_given(ctx, sa, "SET");
	}
	ike_buf_free(&b);
}

void ike_mc_on_ack(struct ike_ctx *ctx, struct ike_sa *sa)
{
	char peer[64];

	sa->ra->mc = IKE_MC_GIVEN;
	ike_addr_str(&sa->remote, false, peer, sizeof(peer));
	ike_log(ctx, IKE_LOG_DEBUG, "IKE Mode-Config with %s: SET acknowledged",
		peer);
}

void ike_mc_config_apply(struct ike_ctx *ctx, struct ike_sa *sa,
			 const struct ike_client_cfg *cfg, const char *reason)
{
	struct ike_client_cfg *c = &sa->ra->cfg;
	unsigned int i;
	char peer[64];

	if (!cfg) {
		ike_addr_str(&sa->remote, false, peer, sizeof(peer));
		ike_log(ctx, IKE_LOG_ERR,
			"IKE Mode-Config for %s (group %s%s%s) failed: no settings for the client (%s); deleting the IKE SA",
			peer, sa->ra->group, sa->ra->user[0] ? ", user " : "",
			sa->ra->user, reason && *reason ? reason : "none given");
		ike_delete_send_isakmp(ctx, sa);
		ike_sa_kill(ctx, sa);
		return;
	}
	*c = *cfg;
	/* The host's counts and strings, bounded before anything reads them. */
	if (c->n_dns > IKE_CFG_MAX_SERVERS)
		c->n_dns = IKE_CFG_MAX_SERVERS;
	if (c->n_wins > IKE_CFG_MAX_SERVERS)
		c->n_wins = IKE_CFG_MAX_SERVERS;
	if (c->n_split > IKE_CFG_MAX_SPLIT)
		c->n_split = IKE_CFG_MAX_SPLIT;
	for (i = 0; i < c->n_split; i++)
		if (c->split[i].prefix > 32)
			c->split[i].prefix = 32;
	c->domain[sizeof(c->domain) - 1] = 0;
	c->banner[sizeof(c->banner) - 1] = 0;
	sa->ra->mc = IKE_MC_HAVE;
	ike_ra_next(ctx, sa);
}
