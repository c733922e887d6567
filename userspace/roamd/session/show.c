// SPDX-License-Identifier: GPL-2.0
/*
 * "session show" and "session del" as roamd answers them (the CLI asks
 * roamd first when it runs in the CLI's network namespace).
 *
 * show: the kernel's sessions, dumped here, merged with the sessions
 * roamd holds (user, protocol, PPP phase, uptime), and the sessions the
 * kernel does not carry yet, so that sessions in setup are seen too.
 * del: a session, named by its kernel id or by its address (an IKE
 * Mode-Config session has no kernel id), ends the way every session ends
 * (session/session.h: PPP Terminate, the kernel session, the call's end,
 * the address back in its pool); a kernel session that no session owns
 * (one added by hand) is only deleted from the kernel.
 *
 * Also "ppp show": the PPP settings every access method with PPP uses.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/roam.h>

#include "addr.h"
#include "genl.h"
#include "log.h"
#include "roamd.h"
#include "service.h"
#include "session/ppp_link.h"
#include "session/session.h"
#include "session_merge.h"
#include "session_print.h"

static __printf(3, 4) enum roam_ctl_status failed(char *err, size_t errlen,
						  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return ROAM_CTL_S_FAILED;
}

/* "dev NAME" to an ifindex, 0 when not given; -1 when there is none. */
static int dev_index(const struct roam_cmd_session *c, uint32_t *ifindex)
{
	*ifindex = c->dev ? if_nametoindex(c->dev) : 0;
	return c->dev && !*ifindex ? -1 : 0;
}

/* The kernel's sessions; none when the module is not loaded. */
static int kernel_sessions(struct roamd *d, uint32_t ifindex, uint32_t id,
			   struct roam_session_info **s, size_t *n,
			   struct roam_nl_err *e)
{
	struct roam_genl g;
	int ret;

	*s = NULL;
	*n = 0;
	/* asking for the family by name would load the module again */
	if (d->sessions.kernel.unloaded)
		return 0;
	/* a socket of its own: the calls' one may be missing (no L2TP) */
	ret = roam_genl_open(&g, e);
	if (ret == ROAM_GENL_NO_FAMILY)
		return 0;
	if (ret)
		return -1;
	ret = roam_genl_session_list(&g, ifindex, id, s, n, e);
	roam_genl_close(&g);
	return ret;
}

/* An IKE Mode-Config client's traffic: that of its ESP SAs. */
static void ike_traffic(struct roamd *d, const struct roamd_session *s,
			struct roam_call_view *v)
{
	struct ike_addr peer = {
		.family = AF_INET,
		.port = ntohs(s->peer.sin_port),
	};
	struct xfrm_sa_counters in, out;

	memcpy(peer.ip, &s->peer.sin_addr, 4);
	if (ipsec_client_traffic(&d->ipsec, &peer, &in, &out))
		return;
	v->has_traffic = true;
	v->rx_packets = in.packets;
	v->rx_bytes = in.bytes;
	v->tx_packets = out.packets;
	v->tx_bytes = out.bytes;
}

/* A view of every session roamd holds; -1 when out of memory. */
static int session_views(struct roamd *d, struct roam_call_list *l)
{
	const struct roamd_session *s;
	struct roam_call_view *v;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	for (s = d->sessions.list; s; s = s->next) {
		if (s->state == SESSION_DEAD)
			continue;
		v = roam_call_list_add(l);
		if (!v)
			return -1;
		session_view(s, now.tv_sec, v);
		if (s->access == SESSION_ACCESS_IKE)
			ike_traffic(d, s, v);
	}
	return 0;
}

/*
 * End a session the way every session ends: PPP terminates first where
 * there is PPP; otherwise (an IKE Mode-Config client) the access method
 * is asked to close its call, which for IKE sends the delete
 * notifications and removes the SAs and policies.  The address goes
 * back to its pool when the session is reaped.
 */
static void session_close_by_request(struct roamd_session *s, const char *what)
{
	log_info("%s user %s (%s): closed by control request", s->label,
		 s->user[0] ? s->user : "(none yet)", what);
	s->term_cause = 6;	/* Acct-Terminate-Cause Admin-Reset */
	if (s->ppp)
		ppp_link_close(s, roamd_now_ms());
	else
		session_finish(s, "closed by control request", 0);
}

/* End the session on that kernel session; false when no session has it. */
static bool session_close_by_kernel_id(struct roamd *d, uint32_t ifindex,
				       uint32_t id)
{
	struct roamd_session *s;
	char what[32];

	s = session_by_kernel_id(&d->sessions, ifindex, id);
	if (!s)
		return false;
	snprintf(what, sizeof(what), "kernel session %u", id);
	session_close_by_request(s, what);
	return true;
}

/* End the session given that address; false when no session has it. */
static bool session_close_by_addr(struct roamd *d, uint32_t ifindex,
				  uint32_t addr)
{
	char what[8 + ROAM_IPV4_STRLEN], a[ROAM_IPV4_STRLEN];
	struct roamd_session *s;

	s = session_by_addr(&d->sessions, addr);
	/* "dev NAME" narrows to sessions the kernel carries on it */
	if (!s || (ifindex && s->kernel_ifindex != ifindex))
		return false;
	roam_ipv4_format(addr, a);
	snprintf(what, sizeof(what), "address %s", a);
	session_close_by_request(s, what);
	return true;
}

/* A call of roamd's matches "user U group G protocol P" (those given). */
static bool call_matches(const struct roam_cmd_session *c,
			 const struct roam_call_view *v)
{
	uint8_t access;

	if (!c->user && !c->group && !c->access)
		return true;
	if (!v)
		return false;		/* the kernel's alone: nobody's */
	if (c->user && strcmp(c->user, v->user))
		return false;
	if (c->group && strcmp(c->group, v->group))
		return false;
	access = v->ipsec && v->protocol ? ROAM_ACCESS_IPSEC :
		 v->kind == ROAM_KIND_PPTP ? ROAM_ACCESS_PPTP :
					     ROAM_ACCESS_L2TP;
	return !c->access || c->access == access;
}

/* The session's user and group for "session del user|group". */
static bool session_matches(const struct roam_cmd_session *c,
			    const struct roamd_session *s)
{
	if (c->user && strcmp(c->user, s->user))
		return false;
	if (c->group && strcmp(c->group, s->view_tmpl.group))
		return false;
	return true;
}

static enum roam_ctl_status session_show(struct roamd *d,
					 const struct roam_cmd_session *c,
					 struct roam_print *p, bool stats,
					 char *err, size_t errlen)
{
	struct roam_call_list calls = {};
	struct roam_session_row *rows;
	struct roam_session_info *s;
	struct roam_nl_err e;
	uint32_t ifindex;
	size_t ns, n, i, k;

	if (dev_index(c, &ifindex))
		return failed(err, errlen, "no device named '%s'", c->dev);
	if (kernel_sessions(d, ifindex, c->id, &s, &ns, &e))
		return failed(err, errlen, "%s", roam_nl_err_text(&e));
	rows = NULL;
	if (!session_views(d, &calls))
		rows = calloc(ns + calls.n + 1, sizeof(*rows));
	if (!rows) {
		roam_call_list_free(&calls);
		free(s);
		return failed(err, errlen, "out of memory");
	}
	n = roam_session_merge(s, ns, calls.v, calls.n, ifindex, c->id,
			       rows);
	for (i = k = 0; i < n; i++)
		if (call_matches(c, rows[i].call))
			rows[k++] = rows[i];
	roam_session_print_rows(p, rows, k, stats);
	free(rows);
	roam_call_list_free(&calls);
	free(s);
	return ROAM_CTL_S_OK;
}

static enum roam_ctl_status session_del(struct roamd *d,
					const struct roam_cmd_session *c,
					char *err, size_t errlen)
{
	char a[ROAM_IPV4_STRLEN];
	struct roam_nl_err e;
	struct roam_genl g;
	uint32_t ifindex;
	int ret;

	if (dev_index(c, &ifindex))
		return failed(err, errlen, "no device named '%s'", c->dev);
	if (c->user || c->group) {
		struct roamd_session *s;
		unsigned int n = 0;
		char what[96];

		snprintf(what, sizeof(what), "%s %s", c->user ? "user" : "group",
			 c->user ? c->user : c->group);
		for (s = d->sessions.list; s; s = s->next) {
			if (s->state != SESSION_SETUP && s->state != SESSION_UP)
				continue;
			if (s->ppp_closing || !session_matches(c, s))
				continue;
			session_close_by_request(s, what);
			n++;
		}
		if (!n)
			return failed(err, errlen, "no session of %s", what);
		return ROAM_CTL_S_OK;
	}
	if (c->has_ipv4 ? session_close_by_addr(d, ifindex, c->ipv4) :
			  session_close_by_kernel_id(d, ifindex, c->id))
		return ROAM_CTL_S_OK;
	if (d->sessions.kernel.unloaded)
		return failed(err, errlen,
			      "the roam module was unloaded: no such session");
	ret = roam_genl_open(&g, &e);
	if (ret == ROAM_GENL_NO_FAMILY && c->has_ipv4) {
		roam_ipv4_format(c->ipv4, a);
		return failed(err, errlen, "no session has address %s", a);
	}
	if (ret)
		return failed(err, errlen, "%s", roam_nl_err_text(&e));
	if (c->has_ipv4)
		ret = roam_genl_session_del_ipv4(&g, ifindex, c->ipv4, &e);
	else
		ret = (!ifindex && roam_genl_only_dev(&g, &ifindex, &e)) ||
		      roam_genl_session_del(&g, ifindex, c->id, &e);
	roam_genl_close(&g);
	if (ret)
		return failed(err, errlen, "%s", roam_nl_err_text(&e));
	if (c->has_ipv4) {
		roam_ipv4_format(c->ipv4, a);
		log_info("kernel session with address %s deleted by control request (no call on it)",
			 a);
	} else {
		log_info("kernel session %u deleted by control request (no call on it)",
			 c->id);
	}
	return ROAM_CTL_S_OK;
}

enum roam_ctl_status roamd_session_exec(struct roamd *d,
					const struct roam_cmd *cmd,
					struct roam_print *p, bool stats,
					char *err, size_t errlen)
{
	if (cmd->verb == ROAM_VERB_SHOW)
		return session_show(d, &cmd->session, p, stats, err, errlen);
	if (cmd->verb == ROAM_VERB_DEL)
		return session_del(d, &cmd->session, err, errlen);
	snprintf(err, errlen,
		 "'session %s' is handled by the kernel, not by roamd: run 'roam session ...' directly",
		 roam_verb_name(cmd->verb));
	return ROAM_CTL_S_USAGE;
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
		rp_elem_str(p, i ? ",%s" : " %s",
			    roam_ppp_auth_name(s->auth[i]));
		/* PAP sends the password in clear; MS-CHAPv2 is broken */
		if (s->auth[i] != ROAM_PPP_AUTH_CHAP)
			rp_text(p, "(weak)");
	}
	rp_close_array(p);
	rp_close_object(p);
	rp_text(p, "\n");
}

bool session_settings_show(struct roamd *d, enum roam_obj obj,
			   struct roam_print *p)
{
	if (obj != ROAM_OBJ_PPP)
		return false;
	ppp_show(d, p);
	return true;
}
