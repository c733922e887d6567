/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RADIUS part of the configuration (radius add|del|set): servers in
 * order with their secrets, the NAS-Identifier, the interim interval
 * and its floor, the fallback to local users,
 * the dynamic-authorization client.  Part of struct roamd_db, so a
 * reload replaces it only when the whole file is good.  Secrets are
 * wiped when freed and never shown.
 */
#ifndef ROAMD_RADIUS_CONF_H
#define ROAMD_RADIUS_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"

#define ROAMD_RADIUS_SERVERS	8
#define ROAMD_RADIUS_SECRET_MAX	128

struct roamd_radius_server {
	uint32_t addr;			/* host byte order */
	uint16_t auth_port, acct_port;
	unsigned int timeout;		/* seconds per try */
	unsigned int retries;
	bool require_ma;		/* on Access answers (default) */
	uint8_t secret[ROAMD_RADIUS_SECRET_MAX];
	size_t secret_len;
};

struct roamd_radius_conf {
	struct roamd_radius_server servers[ROAMD_RADIUS_SERVERS];
	int n;
	char nas_id[65];		/* "": the host name */
	unsigned int interim;		/* seconds; 0: none */
	/* the least Acct-Interim-Interval taken from a server (RFC 2869: 60) */
	unsigned int interim_min;	/* seconds */
	/* no server answered: check the local users instead */
	bool fallback_local;
	bool has_dae;
	uint32_t dae_client;		/* host byte order */
	uint16_t dae_port;
	uint8_t dae_secret[ROAMD_RADIUS_SECRET_MAX];
	size_t dae_secret_len;
};

void radius_conf_init(struct roamd_radius_conf *r);
void radius_conf_free(struct roamd_radius_conf *r);
/* radius add|del|set: 0, or -1 with err. */
int radius_conf_apply(struct roamd_radius_conf *r, const struct roam_cmd *cmd,
		      char *err, size_t errlen);
/* Whether two configurations ask for the same servers (no restart needed). */
bool radius_conf_same_servers(const struct roamd_radius_conf *a,
			      const struct roamd_radius_conf *b);

#endif /* ROAMD_RADIUS_CONF_H */
