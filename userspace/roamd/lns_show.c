// SPDX-License-Identifier: GPL-2.0
/*
 * roam l2tp show, roam ppp show: the calls, and the PPP settings; and the
 * calls as session show merges them with the kernel's sessions.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <time.h>

#include <linux/roam.h>

#include "addr.h"
#include "call.h"
#include "lns.h"
#include "roamd.h"
#include "vpn.h"

static void call_show(struct roam_print *p, const struct call *c,
		      bool stats)
{
	struct ppp_session_info info;
	const struct ppp_session_stats *st = ppp_session_stats(c->ppp);
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ppp_session_get_info(c->ppp, &info);
	rp_open_object(p, NULL);
	rp_u64(p, "tunnel_id", "tunnel %llu", c->tunnel_id);
	rp_u64(p, "session_id", " session %llu", c->session_id);
	rp_str(p, "peer", " peer %s", inet_ntoa(c->peer.sin_addr));
	rp_u64(p, "peer_port", ":%llu", ntohs(c->peer.sin_port));
	if (info.user[0])
		rp_str(p, "user", " user %s", info.user);
	if (c->addr)
		rp_ipv4(p, "address", " address %s", c->addr);
	rp_str(p, "ppp", " ppp %s", ppp_phase_name(info.phase));
	if (c->mark)
		rp_u64(p, "ipsec_mark", " ipsec-mark 0x%llx", c->mark);
	else
		rp_str(p, "ipsec", " ipsec %s", "none (weak)");
	if (c->kernel_id)
		rp_u64(p, "kernel_session", " kernel-session %llu",
		       c->kernel_id);
	rp_u64(p, "uptime", " uptime %llus", now.tv_sec - c->started.tv_sec);
	if (stats) {
		rp_open_object(p, "stats");
		rp_u64(p, "ppp_rx_frames", "\n    PPP control: rx %llu",
		       st->rx_frames);
		rp_u64(p, "ppp_rx_bad", " bad %llu", st->rx_bad);
		rp_u64(p, "ppp_rx_unknown", " unknown-protocol %llu",
		       st->rx_unknown);
		rp_close_object(p);
	}
	rp_close_object(p);
	rp_text(p, "\n");
}

static void l2tp_show(struct roamd *d, struct roam_print *p, bool stats)
{
	struct roamd_lns *lns = d->lns;
	struct l2tp_stats st;
	const struct call *c;

	if (stats && lns) {
		l2tp_get_stats(lns->l2tp, &st);
		rp_open_object(p, NULL);
		rp_u64(p, "tunnels", "tunnels %llu", st.tunnels);
		rp_u64(p, "sessions", " sessions %llu", st.sessions);
		rp_u64(p, "rx_control", "\n    RX: control %llu", st.rx_control);
		rp_u64(p, "rx_data", " data %llu", st.rx_data);
		rp_u64(p, "rx_malformed", " malformed %llu", st.rx_malformed);
		rp_u64(p, "rx_wrong_binding", " wrong-sa %llu",
		       st.rx_wrong_binding);
		rp_u64(p, "rx_no_ipsec", " no-ipsec %llu", lns->rx_no_ipsec);
		rp_u64(p, "tx_control", "\n    TX: control %llu", st.tx_control);
		rp_u64(p, "retransmits", " retransmits %llu", st.retransmits);
		rp_open_array(p, "calls");
		rp_text(p, "\n");
	} else {
		rp_open_array(p, NULL);
	}
	for (c = lns ? lns->calls : NULL; c; c = c->next)
		call_show(p, c, stats);
	rp_close_array(p);
	if (stats && lns)
		rp_close_object(p);
}

static void ppp_show(struct roamd *d, struct roam_print *p)
{
	const struct roamd_settings *s = &d->db.settings;
	int i;

	rp_open_object(p, NULL);
	if (s->ppp_local)
		rp_ipv4(p, "local", "local %s ", s->ppp_local);
	if (s->dns[0])
		rp_ipv4(p, "dns", "dns %s ", s->dns[0]);
	if (s->dns[1])
		rp_ipv4(p, "dns2", "dns2 %s ", s->dns[1]);
	if (s->wins[0])
		rp_ipv4(p, "wins", "wins %s ", s->wins[0]);
	if (s->wins[1])
		rp_ipv4(p, "wins2", "wins2 %s ", s->wins[1]);
	rp_u64(p, "echo_interval", "echo-interval %llu", s->echo_interval);
	rp_u64(p, "echo_failures", " echo-failures %llu", s->echo_failures);
	rp_open_array(p, "auth");
	rp_text(p, " auth");
	for (i = 0; i < s->nauth; i++) {
		rp_str(p, NULL, i ? ",%s" : " %s",
		       roam_ppp_auth_name(s->auth[i]));
		/* PAP sends the password in clear; MS-CHAPv2 is broken */
		if (s->auth[i] != ROAM_PPP_AUTH_CHAP)
			rp_text(p, "(weak)");
	}
	rp_close_array(p);
	rp_close_object(p);
	rp_text(p, "\n");
}

static void call_view(const struct call *c, uint32_t ifindex, time_t now,
		      struct roam_call_view *v)
{
	struct ppp_session_info info;

	ppp_session_get_info(c->ppp, &info);
	v->kernel_id = c->kernel_id;
	v->ifindex = c->kernel_id ? c->kernel_ifindex : ifindex;
	v->kind = ROAM_KIND_L2TP;
	v->ipsec = c->mark != 0;
	snprintf(v->user, sizeof(v->user), "%s", info.user);
	v->ppp_phase = ppp_phase_name(info.phase);
	v->uptime = now - c->started.tv_sec;
	v->addr = c->addr;
	v->peer_ipv4 = ntohl(c->peer.sin_addr.s_addr);
	v->peer_port = ntohs(c->peer.sin_port);
	v->has_l2tp = true;
	v->l2tp_tunnel_id = c->tunnel_id;
	v->l2tp_session_id = c->session_id;
	v->l2tp_peer_tunnel_id = c->peer_tunnel_id;
	v->l2tp_peer_session_id = c->peer_session_id;
	v->l2tp_xfrm_mark = c->mark;
}

int lns_calls(struct roamd *d, struct roam_call_list *l)
{
	struct roamd_lns *lns = d->lns;
	struct roam_call_view *v;
	const struct call *c;
	struct timespec now;
	uint32_t ifindex;

	if (!lns)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* where a call in setup will be carried (see kernel_add()) */
	ifindex = d->nlinks ? if_nametoindex(d->links[0]) : 0;
	for (c = lns->calls; c; c = c->next) {
		v = roam_call_list_add(l);
		if (!v)
			return -1;
		call_view(c, ifindex, now.tv_sec, v);
	}
	return 0;
}

bool lns_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
	      bool stats)
{
	if (obj == ROAM_OBJ_L2TP)
		l2tp_show(d, p, stats);
	else if (obj == ROAM_OBJ_PPP)
		ppp_show(d, p);
	else
		return false;
	return true;
}
