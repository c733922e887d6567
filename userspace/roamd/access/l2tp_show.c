// SPDX-License-Identifier: GPL-2.0
/*
 * roam l2tp show: the engine's counters and the L2TP calls.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <time.h>

#include <linux/roam.h>

#include "access/l2tp.h"
#include "addr.h"
#include "ppp/session.h"
#include "roamd.h"
#include "session/session.h"

static void call_show(struct roam_print *p, struct roamd_session *s,
		      bool stats)
{
	const struct ppp_session_stats *st = ppp_session_stats(s->ppp);
	const struct l2tp_call *c = session_priv(s);
	struct ppp_session_info info;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ppp_session_get_info(s->ppp, &info);
	rp_open_object(p, NULL);
	rp_u64(p, "tunnel_id", "tunnel %llu", c->tunnel_id);
	rp_u64(p, "session_id", " session %llu", c->session_id);
	rp_str(p, "peer", " peer %s", inet_ntoa(s->peer.sin_addr));
	rp_u64(p, "peer_port", ":%llu", ntohs(s->peer.sin_port));
	if (info.user[0])
		rp_str(p, "user", " user %s", info.user);
	if (s->addr)
		rp_ipv4(p, "address", " address %s", s->addr);
	rp_str(p, "ppp", " ppp %s", ppp_phase_name(info.phase));
	if (c->mark)
		rp_u64(p, "ipsec_mark", " ipsec-mark 0x%llx", c->mark);
	else
		rp_str(p, "ipsec", " ipsec %s", "none (weak)");
	if (s->kernel_id)
		rp_u64(p, "kernel_session", " kernel-session %llu",
		       s->kernel_id);
	rp_u64(p, "uptime", " uptime %llus", now.tv_sec - s->started.tv_sec);
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

static void show_calls(struct roamd *d, struct roam_print *p, bool stats)
{
	struct roamd_l2tp *lns = d->l2tp;
	struct roamd_session *s;
	struct l2tp_stats st;

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
		/* tunnels taken over whose Ns or Nr the peer moved on */
		rp_u64(p, "tunnels_resynced", "\n    takeover: resynced %llu",
		       st.tunnels_resynced);
		rp_open_array(p, "calls");
		rp_text(p, "\n");
	} else {
		rp_open_array(p, NULL);
	}
	for (s = d->sessions.list; s; s = s->next)
		if (s->access == SESSION_ACCESS_L2TP && s->ppp &&
		    s->state != SESSION_DEAD)
			call_show(p, s, stats);
	rp_close_array(p);
	if (stats && lns)
		rp_close_object(p);
}

bool l2tp_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
	       bool stats)
{
	if (obj != ROAM_OBJ_L2TP)
		return false;
	show_calls(d, p, stats);
	return true;
}

void l2tp_show_drops(struct roamd *d, struct roam_print *p)
{
	struct roamd_l2tp *lns = d->l2tp;
	struct l2tp_stats st;

	if (!lns)
		return;
	l2tp_get_stats(lns->l2tp, &st);
	rp_open_object(p, "l2tp_drops");
	rp_u64(p, "malformed", "\n    l2tp-drops malformed %llu",
	       st.rx_malformed);
	rp_u64(p, "unknown_tunnel", " unknown-tunnel %llu", st.rx_no_tunnel);
	rp_u64(p, "unknown_session", " unknown-session %llu",
	       st.rx_no_session);
	rp_u64(p, "wrong_sa", " wrong-sa %llu", st.rx_wrong_binding);
	rp_u64(p, "wrong_peer", " wrong-peer %llu", st.rx_wrong_peer);
	rp_u64(p, "no_ipsec", " no-ipsec %llu", lns->rx_no_ipsec);
	rp_u64(p, "tunnels_refused", " tunnels-refused %llu",
	       st.tunnels_refused);
	/* of those, refused for load (l2tp set setup-limit) */
	rp_u64(p, "tunnels_busy", " tunnels-busy %llu", st.tunnels_busy);
	rp_close_object(p);
}
