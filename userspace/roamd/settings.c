// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "settings.h"

void settings_init(struct roamd_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->l2tp_ipsec_required = true;
	s->dpd_interval = 30;
	s->dpd_timeout = 150;
	s->echo_interval = 30;
	s->echo_failures = 3;
	s->auth[0] = ROAM_PPP_AUTH_MSCHAPV2;
	s->auth[1] = ROAM_PPP_AUTH_CHAP;
	s->nauth = 2;
	s->pptp.mppe = ROAM_MPPE_REQUIRED;
	s->pptp.mppe_bits = ROAM_MPPE_128;
	s->pptp.window = 16;
	s->pptp.proc_delay = 1;
	s->pptp.idle = 60;
	s->pptp.echo_interval = 60;
}

static void psk_free(struct roamd_psk *k)
{
	if (k->secret)
		explicit_bzero(k->secret, k->secret_len);
	free(k->secret);
	k->secret = NULL;
}

void settings_free(struct roamd_settings *s)
{
	size_t i;

	for (i = 0; i < s->npsks; i++)
		psk_free(&s->psks[i]);
	s->npsks = 0;
}

static struct roamd_psk *psk_find(struct roamd_settings *s, bool any,
				  uint32_t peer)
{
	size_t i;

	for (i = 0; i < s->npsks; i++)
		if (s->psks[i].any == any && (any || s->psks[i].peer == peer))
			return &s->psks[i];
	return NULL;
}

static int psk_apply(struct roamd_settings *s, const struct roam_cmd *cmd,
		     char *err, size_t errlen)
{
	const struct roam_cmd_psk *c = &cmd->psk;
	struct roamd_psk *k = psk_find(s, c->any, c->peer);
	char a[ROAM_IPV4_STRLEN];

	if (c->any)
		snprintf(a, sizeof(a), "any");
	else
		roam_ipv4_format(c->peer, a);
	if (cmd->verb == ROAM_VERB_DEL) {
		if (!k) {
			snprintf(err, errlen, "no pre-shared key for peer %s", a);
			return -1;
		}
		psk_free(k);
		*k = s->psks[--s->npsks];
		return 0;
	}
	if (k) {
		snprintf(err, errlen,
			 "peer %s already has a pre-shared key (psk del first)",
			 a);
		return -1;
	}
	if (s->npsks == ROAMD_MAX_PSKS) {
		snprintf(err, errlen, "too many pre-shared keys (at most %d)",
			 ROAMD_MAX_PSKS);
		return -1;
	}
	k = &s->psks[s->npsks];
	k->secret = malloc(c->secret_len);
	if (!k->secret) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(k->secret, c->secret, c->secret_len);
	k->secret_len = c->secret_len;
	k->any = c->any;
	k->peer = c->peer;
	snprintf(k->group, sizeof(k->group), "%s", c->group ? c->group : "");
	s->npsks++;
	return 0;
}

static void ppp_apply(struct roamd_settings *s, const struct roam_cmd_ppp *c)
{
	int i;

	if (c->has_local)
		s->ppp_local = c->local;
	for (i = 0; i < 2; i++) {
		if (c->has_dns[i])
			s->dns[i] = c->dns[i];
		if (c->has_wins[i])
			s->wins[i] = c->wins[i];
	}
	if (c->echo_interval >= 0)
		s->echo_interval = c->echo_interval;
	if (c->echo_failures >= 0)
		s->echo_failures = c->echo_failures;
	if (c->nauth) {
		memcpy(s->auth, c->auth, sizeof(s->auth));
		s->nauth = c->nauth;
	}
	if (c->auth_source >= 0)
		s->auth_source = c->auth_source;
}

static void pptp_apply(struct roamd_pptp_settings *p,
		       const struct roam_cmd_pptp *c)
{
	if (c->enable >= 0)
		p->enable = c->enable;
	if (c->mppe >= 0)
		p->mppe = c->mppe;
	if (c->mppe_bits)
		p->mppe_bits = c->mppe_bits;
	if (c->stateless >= 0) {
		p->stateless = c->stateless == 1;
		p->stateful = c->stateless == 2;
	}
	if (c->max_tunnels >= 0)
		p->max_tunnels = c->max_tunnels;
	if (c->sessions_per_tunnel >= 0)
		p->sessions_per_tunnel = c->sessions_per_tunnel;
	if (c->window >= 0)
		p->window = c->window;
	if (c->proc_delay >= 0)
		p->proc_delay = c->proc_delay;
	if (c->idle >= 0)
		p->idle = c->idle;
	if (c->echo_interval >= 0)
		p->echo_interval = c->echo_interval;
}

int settings_apply(struct roamd_settings *s, const struct roam_cmd *cmd,
		   char *err, size_t errlen)
{
	switch (cmd->obj) {
	case ROAM_OBJ_PSK:
		if (cmd->verb == ROAM_VERB_ADD || cmd->verb == ROAM_VERB_DEL)
			return psk_apply(s, cmd, err, errlen);
		break;
	case ROAM_OBJ_IKE:
		if (cmd->verb != ROAM_VERB_SET)
			break;
		if (cmd->ike.allow_weak >= 0)
			s->ike_allow_weak = cmd->ike.allow_weak;
		if (cmd->ike.dpd_interval >= 0)
			s->dpd_interval = cmd->ike.dpd_interval;
		if (cmd->ike.dpd_timeout >= 0)
			s->dpd_timeout = cmd->ike.dpd_timeout;
		if (cmd->ike.setup_limit >= 0)
			s->ike_setup_limit = cmd->ike.setup_limit;
		return 0;
	case ROAM_OBJ_L2TP:
		if (cmd->verb != ROAM_VERB_SET)
			break;
		if (cmd->l2tp.ipsec_required >= 0)
			s->l2tp_ipsec_required = cmd->l2tp.ipsec_required;
		if (cmd->l2tp.setup_limit >= 0)
			s->l2tp_setup_limit = cmd->l2tp.setup_limit;
		return 0;
	case ROAM_OBJ_PPP:
		if (cmd->verb != ROAM_VERB_SET)
			break;
		ppp_apply(s, &cmd->ppp);
		return 0;
	case ROAM_OBJ_PPTP:
		if (cmd->verb != ROAM_VERB_SET)
			break;
		pptp_apply(&s->pptp, &cmd->pptp);
		return 0;
	default:
		break;
	}
	snprintf(err, errlen, "'%s %s' changes no setting",
		 roam_obj_name(cmd->obj), roam_verb_name(cmd->verb));
	return -1;
}

const struct roamd_psk *settings_psk_for(const struct roamd_settings *s,
					 uint32_t peer)
{
	const struct roamd_psk *any = NULL;
	size_t i;

	for (i = 0; i < s->npsks; i++) {
		if (s->psks[i].any)
			any = &s->psks[i];
		else if (s->psks[i].peer == peer)
			return &s->psks[i];
	}
	return any;
}
