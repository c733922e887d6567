// SPDX-License-Identifier: GPL-2.0
/*
 * roamd's session events as "roam monitor" prints them: one line of text,
 * or one JSON object a line (-j), the same keys as "session show" where
 * they mean the same thing.
 *
 *   up user alice group sales protocol l2tp peer 192.0.2.10:1701 address 10.0.0.10 call "L2TP 3/7"
 *   refused user bob protocol pptp peer 192.0.2.11:1723 call "PPTP call 9" reason "refused: ..." windows-error 649
 *   taken-over session 7 user alice protocol l2tp peer ... (after a restart: not a new login)
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

#include "roamd.h"
#include "session/session.h"

static const char *event_name(enum session_event_type t)
{
	switch (t) {
	case SESSION_EV_UP:
		return "up";
	case SESSION_EV_DOWN:
		return "down";
	case SESSION_EV_REFUSED:
		return "refused";
	case SESSION_EV_TAKEN_OVER:
		return "taken-over";
	}
	return "?";
}

static const char *access_name(enum session_access a)
{
	switch (a) {
	case SESSION_ACCESS_L2TP:
		return "l2tp";
	case SESSION_ACCESS_PPTP:
		return "pptp";
	case SESSION_ACCESS_IKE:
		return "ipsec";
	default:
		return "?";
	}
}

int ctl_event_format(const struct session_event *e, bool json, char **out,
		     size_t *len)
{
	struct roam_print p;
	char peer[32];
	FILE *f;

	*out = NULL;
	*len = 0;
	f = open_memstream(out, len);
	if (!f)
		return -1;
	rp_init(&p, f, json, false);
	rp_open_object(&p, NULL);
	rp_str(&p, "event", "%s", event_name(e->type));
	if (e->serial)
		rp_u64(&p, "session", " session %llu", e->serial);
	if (e->user && e->user[0])
		rp_str(&p, "user", " user %s", e->user);
	if (e->group && e->group[0])
		rp_str(&p, "group", " group %s", e->group);
	rp_str(&p, "protocol", " protocol %s", access_name(e->access));
	if (e->peer) {
		snprintf(peer, sizeof(peer), "%s:%u",
			 inet_ntoa(e->peer->sin_addr),
			 ntohs(e->peer->sin_port));
		rp_str(&p, "peer", " peer %s", peer);
	}
	if (e->addr)
		rp_ipv4(&p, "address", " address %s", e->addr);
	if (e->label && e->label[0])
		rp_str(&p, "call", " call \"%s\"", e->label);
	if (e->why && e->why[0])
		rp_str(&p, "reason", " reason \"%s\"", e->why);
	if (e->windows_error)
		rp_u64(&p, "windows_error", " windows-error %llu",
		       e->windows_error);
	rp_close_object(&p);
	rp_text(&p, "\n");
	rp_end(&p);
	if (fclose(f)) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
