// SPDX-License-Identifier: GPL-2.0
/* The RADIUS part of the configuration (radius_conf.h). */
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "radius_conf.h"

void radius_conf_init(struct roamd_radius_conf *r)
{
	memset(r, 0, sizeof(*r));
	r->dae_port = 3799;
	r->interim_min = 60;
}

void radius_conf_free(struct roamd_radius_conf *r)
{
	OPENSSL_cleanse(r, sizeof(*r));
	radius_conf_init(r);
}

static int find(const struct roamd_radius_conf *r, uint32_t addr)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (r->servers[i].addr == addr)
			return i;
	return -1;
}

static void addr_str(uint32_t a, char *buf, size_t n)
{
	snprintf(buf, n, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
		 (a >> 8) & 0xff, a & 0xff);
}

static int server_add(struct roamd_radius_conf *r,
		      const struct roam_cmd_radius *c, char *err,
		      size_t errlen)
{
	struct roamd_radius_server *s;
	char a[16];

	addr_str(c->server, a, sizeof(a));
	if (find(r, c->server) >= 0) {
		snprintf(err, errlen, "RADIUS server %s exists", a);
		return -1;
	}
	if (r->n >= ROAMD_RADIUS_SERVERS) {
		snprintf(err, errlen, "at most %d RADIUS servers",
			 ROAMD_RADIUS_SERVERS);
		return -1;
	}
	if (c->secret_len > ROAMD_RADIUS_SECRET_MAX || !c->secret_len) {
		snprintf(err, errlen, "RADIUS secret of 1 to %d characters",
			 ROAMD_RADIUS_SECRET_MAX);
		return -1;
	}
	s = &r->servers[r->n++];
	memset(s, 0, sizeof(*s));
	s->addr = c->server;
	s->auth_port = c->auth_port > 0 ? c->auth_port : 1812;
	s->acct_port = c->acct_port > 0 ? c->acct_port : 1813;
	s->timeout = c->timeout > 0 ? c->timeout : 3;
	s->retries = c->retries >= 0 ? c->retries : 2;
	s->require_ma = c->require_ma != 0;
	memcpy(s->secret, c->secret, c->secret_len);
	s->secret_len = c->secret_len;
	return 0;
}

int radius_conf_apply(struct roamd_radius_conf *r, const struct roam_cmd *cmd,
		      char *err, size_t errlen)
{
	const struct roam_cmd_radius *c = &cmd->radius;
	char a[16];
	int i;

	switch (cmd->verb) {
	case ROAM_VERB_ADD:
		return server_add(r, c, err, errlen);
	case ROAM_VERB_DEL:
		i = find(r, c->server);
		if (i < 0) {
			addr_str(c->server, a, sizeof(a));
			snprintf(err, errlen, "no RADIUS server %s", a);
			return -1;
		}
		/* keep the order of the others */
		memmove(&r->servers[i], &r->servers[i + 1],
			(r->n - i - 1) * sizeof(r->servers[0]));
		r->n--;
		OPENSSL_cleanse(&r->servers[r->n], sizeof(r->servers[0]));
		return 0;
	case ROAM_VERB_SET:
		if (c->nas_id)
			snprintf(r->nas_id, sizeof(r->nas_id), "%.*s",
				 (int)c->nas_id_len, c->nas_id);
		if (c->interim >= 0)
			r->interim = c->interim;
		if (c->interim_min > 0)
			r->interim_min = c->interim_min;
		if (c->fallback >= 0)
			r->fallback_local = c->fallback;
		if (c->has_dae_client) {
			r->has_dae = true;
			r->dae_client = c->dae_client;
		}
		if (c->dae_port > 0)
			r->dae_port = c->dae_port;
		if (c->dae_secret) {
			if (c->dae_secret_len > ROAMD_RADIUS_SECRET_MAX) {
				snprintf(err, errlen, "secret too long");
				return -1;
			}
			OPENSSL_cleanse(r->dae_secret, sizeof(r->dae_secret));
			memcpy(r->dae_secret, c->dae_secret,
			       c->dae_secret_len);
			r->dae_secret_len = c->dae_secret_len;
		}
		return 0;
	default:
		snprintf(err, errlen, "'radius %s' changes nothing",
			 roam_verb_name(cmd->verb));
		return -1;
	}
}

bool radius_conf_same_servers(const struct roamd_radius_conf *a,
			      const struct roamd_radius_conf *b)
{
	return a->n == b->n && !memcmp(a->servers, b->servers,
				       sizeof(a->servers[0]) * a->n);
}
