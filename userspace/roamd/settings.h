/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VPN settings of the configuration: IKE pre-shared keys and options,
 * L2TP and PPP options. Part of struct roamd_db, so a reload replaces them
 * only when the whole file is good.
 */
#ifndef ROAMD_SETTINGS_H
#define ROAMD_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmd.h"

#define ROAMD_MAX_PSKS	256

struct roamd_psk {
	bool any;
	uint32_t peer;			/* host byte order */
	uint8_t *secret;		/* wiped when freed */
	size_t secret_len;
	/* Main Mode clients with this key are in this group; "": L2TP */
	char group[ROAM_GROUP_NAME_MAX + 1];
};

struct roamd_settings {
	struct roamd_psk psks[ROAMD_MAX_PSKS];
	size_t npsks;
	bool ike_allow_weak;
	unsigned int dpd_interval;	/* seconds; 0: never probe */
	unsigned int dpd_timeout;	/* seconds */
	/* half-open phase 1 negotiations past which new ones are dropped; 0: built-in */
	unsigned int ike_setup_limit;
	bool l2tp_ipsec_required;
	/* new L2TP tunnels refused while this many calls are in setup; 0: no limit */
	unsigned int l2tp_setup_limit;
	uint32_t ppp_local;		/* our PPP address; 0: none */
	uint32_t dns[2], wins[2];	/* host byte order; 0: none */
	unsigned int echo_interval;	/* seconds; 0: no LCP echo */
	unsigned int echo_failures;
	uint8_t auth[ROAM_PPP_AUTH_MAX];	/* enum roam_ppp_auth */
	int nauth;
	int auth_source;			/* enum roam_auth_source, PPP */
	struct roamd_pptp_settings {
		bool enable;			/* weak: off by default */
		int mppe;			/* enum roam_mppe */
		unsigned int mppe_bits;		/* ROAM_MPPE_* mask */
		bool stateless;			/* stateless MPPE only */
		bool stateful;			/* stateful MPPE only */
		unsigned int max_tunnels;	/* 0: unlimited */
		unsigned int sessions_per_tunnel;	/* 0: unlimited */
		unsigned int window;		/* packets */
		unsigned int proc_delay;	/* 1/10 s */
		unsigned int idle;		/* seconds; 0: never */
		unsigned int echo_interval;	/* seconds; 0: never */
	} pptp;
};

void settings_init(struct roamd_settings *s);
void settings_free(struct roamd_settings *s);

/* psk add/del, ike set, l2tp set, ppp set: 0, or -1 with err. */
int settings_apply(struct roamd_settings *s, const struct roam_cmd *cmd,
		   char *err, size_t errlen);

/* The key for a peer: its own entry, else the "any" one, else NULL. */
const struct roamd_psk *settings_psk_for(const struct roamd_settings *s,
					 uint32_t peer);

#endif /* ROAMD_SETTINGS_H */
