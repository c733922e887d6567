// SPDX-License-Identifier: GPL-2.0
/*
 * roam pptp show: the PPTP settings, the engine's counters (with -s) and
 * the calls.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <time.h>

#include "access/pptp.h"
#include "ppp/session.h"
#include "roamd.h"
#include "session/session.h"

static void show_settings(const struct roamd_pptp_settings *s,
			  struct roam_print *p)
{
	rp_bool(p, "enabled", s->enable);
	rp_text(p, "enable %s (weak)", s->enable ? "on" : "off");
	rp_str(p, "mppe", " mppe %s", s->mppe == ROAM_MPPE_REQUIRED ?
	       "required" : s->mppe == ROAM_MPPE_OPTIONAL ? "optional" :
	       "none");
	rp_open_array(p, "mppe_bits");
	rp_text(p, " mppe-bits");
	if (s->mppe_bits & ROAM_MPPE_40)
		rp_elem_u64(p, " %llu", 40);
	if (s->mppe_bits & ROAM_MPPE_56)
		rp_elem_u64(p, " %llu", 56);
	if (s->mppe_bits & ROAM_MPPE_128)
		rp_elem_u64(p, " %llu", 128);
	rp_close_array(p);
	rp_bool(p, "stateless", s->stateless);
	rp_bool(p, "stateful", s->stateful);
	rp_text(p, " stateless %s",
		s->stateless ? "on" : s->stateful ? "never" : "off");
	rp_u64(p, "max_tunnels", "\n    max-tunnels %llu", s->max_tunnels);
	rp_u64(p, "sessions_per_tunnel", " sessions-per-tunnel %llu",
	       s->sessions_per_tunnel);
	rp_u64(p, "window", " window %llu", s->window);
	rp_u64(p, "processing_delay", " processing-delay %llu",
	       s->proc_delay);
	rp_u64(p, "idle", " idle %llus", s->idle);
	rp_u64(p, "echo_interval", " echo-interval %llus", s->echo_interval);
}

static void show_stats(const struct roamd_pptp *svc, struct roam_print *p)
{
	struct pptp_stats st;

	pptp_get_stats(svc->ctx, &st);
	rp_open_object(p, "stats");
	rp_u64(p, "connections", "\n    connections %llu", st.conns);
	rp_u64(p, "tunnels", " tunnels %llu", st.tunnels);
	rp_u64(p, "calls", " calls %llu", st.calls);
	rp_u64(p, "rx_messages", "\n    RX: messages %llu", st.rx_msgs);
	rp_u64(p, "rx_malformed", " malformed %llu", st.rx_malformed);
	rp_u64(p, "rx_unexpected", " unexpected %llu", st.rx_unexpected);
	rp_u64(p, "rx_gre_malformed", " gre-malformed %llu",
	       svc->rx_gre_malformed);
	rp_u64(p, "rx_gre_unknown", " gre-unknown-call %llu",
	       svc->rx_gre_unknown);
	rp_u64(p, "tx_messages", "\n    TX: messages %llu", st.tx_msgs);
	rp_u64(p, "tunnels_refused", " tunnels-refused %llu",
	       st.tunnels_refused);
	rp_u64(p, "calls_refused", " calls-refused %llu", st.calls_refused);
	rp_u64(p, "echo_timeouts", " echo-timeouts %llu", st.echo_timeouts);
	rp_u64(p, "tx_overflow", " slow-clients-cut %llu", svc->tx_overflow);
	rp_close_object(p);
}

static void show_call(struct roam_print *p, struct roamd_session *s,
		      time_t now)
{
	const struct pptp_call_state *c = session_priv(s);
	struct ppp_session_info info;

	ppp_session_get_info(s->ppp, &info);
	rp_open_object(p, NULL);
	rp_u64(p, "call_id", "call %llu", c->call_id);
	rp_u64(p, "peer_call_id", " peer-call %llu", c->peer_call_id);
	rp_str(p, "peer", " peer %s", inet_ntoa(s->peer.sin_addr));
	if (info.user[0])
		rp_str(p, "user", " user %s", info.user);
	if (s->addr)
		rp_ipv4(p, "address", " address %s", s->addr);
	rp_str(p, "ppp", " ppp %s", ppp_phase_name(info.phase));
	if (info.mppe_bits) {
		rp_u64(p, "mppe_bits", " mppe %llu", info.mppe_bits);
		rp_str(p, "mppe_mode", " %s (weak)",
		       info.mppe_stateless ? "stateless" : "stateful");
	} else {
		rp_text(p, " mppe none");
	}
	if (s->kernel_id)
		rp_u64(p, "kernel_session", " kernel-session %llu",
		       s->kernel_id);
	rp_u64(p, "uptime", " uptime %llus", now - s->started.tv_sec);
	rp_close_object(p);
	rp_text(p, "\n");
}

bool pptp_show(struct roamd *d, enum roam_obj obj, struct roam_print *p,
	       bool stats)
{
	struct roamd_session *s;
	struct timespec now;

	if (obj != ROAM_OBJ_PPTP)
		return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	rp_open_object(p, NULL);
	show_settings(&d->db.settings.pptp, p);
	if (stats && d->pptp)
		show_stats(d->pptp, p);
	rp_text(p, "\n");
	rp_open_array(p, "calls");
	for (s = d->sessions.list; s; s = s->next)
		if (s->access == SESSION_ACCESS_PPTP && s->ppp &&
		    s->state != SESSION_DEAD)
			show_call(p, s, now.tv_sec);
	rp_close_array(p);
	rp_close_object(p);
	return true;
}

void pptp_show_drops(struct roamd *d, struct roam_print *p)
{
	struct roamd_pptp *svc = d->pptp;
	struct pptp_stats st;

	if (!svc)
		return;
	pptp_get_stats(svc->ctx, &st);
	rp_open_object(p, "pptp_drops");
	rp_u64(p, "malformed", "\n    pptp-drops malformed %llu",
	       st.rx_malformed);
	rp_u64(p, "unexpected", " unexpected %llu", st.rx_unexpected);
	rp_u64(p, "gre_malformed", " gre-malformed %llu",
	       svc->rx_gre_malformed);
	rp_u64(p, "gre_unknown_call", " gre-unknown-call %llu",
	       svc->rx_gre_unknown);
	rp_u64(p, "tunnels_refused", " tunnels-refused %llu",
	       st.tunnels_refused);
	rp_u64(p, "calls_refused", " calls-refused %llu", st.calls_refused);
	rp_u64(p, "slow_clients_cut", " slow-clients-cut %llu",
	       svc->tx_overflow);
	rp_close_object(p);
}
