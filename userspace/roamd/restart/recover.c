// SPDX-License-Identifier: GPL-2.0
/*
 * What a starting roamd does about what an earlier one left (restart.h):
 * read the state file, view the kernel, decide (reconcile.c), then tell
 * the clients and remove it all.  Runs once, before the services open
 * their sockets, so it sends from short-lived sockets of its own on the
 * same ports (1701, 500, 4500) the clients know.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/roam.h>

#include "genl.h"
#include "ike/ike.h"
#include "ipsec/clients.h"
#include "l2tp/l2tp.h"
#include "log.h"
#include "restart/kernel_view.h"
#include "restart/reconcile.h"
#include "restart/restart.h"
#include "restart/state_file.h"
#include "restart/takeover.h"
#include "roamd.h"
#include "service.h"

#define NON_ESP_MARKER_LEN	4

static int udp_socket(uint16_t port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
	};
	int one = 1;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Through the tunnel's SA: SO_MARK selects its outbound policy. */
static int send_stopccn(int fd, const struct restart_l2tp *t)
{
	struct l2tp_tunnel_saved s = {
		.tid = t->tid,
		.peer_tid = t->peer_tid,
		.ns = t->ns,
		.nr = t->nr,
	};
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(t->peer.port),
	};
	char cbuf[CMSG_SPACE(sizeof(uint32_t))] = {};
	uint8_t buf[256];
	struct iovec iov = { buf, 0 };
	struct msghdr m = {
		.msg_name = &to,
		.msg_namelen = sizeof(to),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	struct cmsghdr *cm;
	uint32_t mark = t->mark;

	if (fd < 0 || t->peer.family != AF_INET)
		return -1;
	memcpy(&to.sin_addr, t->peer.ip, 4);
	iov.iov_len = l2tp_saved_stopccn(&s, buf, sizeof(buf));
	if (!iov.iov_len)
		return -1;
	if (mark) {
		m.msg_control = cbuf;
		m.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SO_MARK;
		cm->cmsg_len = CMSG_LEN(sizeof(mark));
		memcpy(CMSG_DATA(cm), &mark, sizeof(mark));
	}
	return sendmsg(fd, &m, 0) < 0 ? -1 : 0;
}

void restart_ike_secrets(const struct restart_ike *r,
			 struct ike_sa_secrets *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->cky_i, r->cky_i, 8);
	memcpy(s->cky_r, r->cky_r, 8);
	s->local.family = r->local.family;
	s->local.port = r->local.port;
	memcpy(s->local.ip, r->local.ip, 16);
	s->remote.family = r->remote.family;
	s->remote.port = r->remote.port;
	memcpy(s->remote.ip, r->remote.ip, 16);
	s->natt = r->natt;
	s->hash = r->hash;
	s->enc = r->enc;
	s->blk = r->blk;
	s->prf_len = r->prf_len;
	s->enc_len = r->enc_len;
	memcpy(s->skeyid_d, r->skeyid_d, sizeof(s->skeyid_d));
	memcpy(s->skeyid_a, r->skeyid_a, sizeof(s->skeyid_a));
	memcpy(s->skeyid_e, r->skeyid_e, sizeof(s->skeyid_e));
	memcpy(s->enc_key, r->enc_key, sizeof(s->enc_key));
	memcpy(s->iv, r->iv, sizeof(s->iv));
}

/* The datagrams the engine built, from port 500 or 4500 (with marker). */
static int send_ike(int fd500, int fd4500, const struct ike_actions *a)
{
	static const uint8_t marker[NON_ESP_MARKER_LEN];
	int sent = 0;
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct ike_action *x = &a->v[i];
		bool natt = x->send.local.port == IKE_NATT_PORT;
		struct sockaddr_in to = {
			.sin_family = AF_INET,
			.sin_port = htons(x->send.remote.port),
		};
		struct iovec iov[2];
		struct msghdr m = {
			.msg_name = &to,
			.msg_namelen = sizeof(to),
			.msg_iov = iov,
		};
		int fd = natt ? fd4500 : fd500;

		if (x->type != IKE_ACT_SEND || fd < 0 ||
		    x->send.remote.family != AF_INET)
			continue;
		memcpy(&to.sin_addr, x->send.remote.ip, 4);
		if (natt)
			iov[m.msg_iovlen++] = (struct iovec){ (void *)marker,
							      sizeof(marker) };
		iov[m.msg_iovlen++] = (struct iovec){ x->send.buf,
						      x->send.len };
		if (sendmsg(fd, &m, 0) >= 0)
			sent++;
	}
	return sent;
}

/* The inbound SPIs of the pairs reconcile chose for this IKE SA. */
static size_t spis_for(const struct reconcile_plan *p,
		       const struct restart_state *st, size_t ike,
		       uint32_t *spi, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < p->n && n < max; i++)
		if (p->act[i].op == RC_IKE_DELETE_ESP && p->act[i].arg == ike)
			spi[n++] = st->esp[p->act[i].arg2].spi_in;
	return n;
}

/* Whether one of them is a Mode-Config client's (tunnel mode). */
static bool tunnel_for(const struct reconcile_plan *p,
		       const struct restart_state *st, size_t ike)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->act[i].op == RC_IKE_DELETE_ESP && p->act[i].arg == ike &&
		    st->esp[p->act[i].arg2].tunnel)
			return true;
	return false;
}

struct outcome {
	size_t stopccn, ike_told, sa, pol, sess, failed;
};

static void run_plan(const struct reconcile_plan *p,
		     const struct restart_state *st,
		     const struct kview *kv, int xfd, struct roam_genl *g,
		     struct outcome *o)
{
	int l2tp_fd = -1, fd500 = -1, fd4500 = -1;
	struct roam_nl_err e;
	uint32_t spi[64];
	size_t i, n;

	if (p->stopccn)
		l2tp_fd = udp_socket(1701);
	if (p->ike_del) {
		fd500 = udp_socket(500);
		fd4500 = udp_socket(IKE_NATT_PORT);
	}
	for (i = 0; i < p->n; i++) {
		const struct reconcile_action *a = &p->act[i];
		struct ike_sa_secrets sec;
		struct ike_actions acts;

		switch (a->op) {
		case RC_L2TP_STOPCCN:
			if (!send_stopccn(l2tp_fd, &st->l2tp[a->arg]))
				o->stopccn++;
			else
				o->failed++;
			break;
		case RC_IKE_DELETE_ESP:
			break;	/* sent with its ISAKMP SA's delete */
		case RC_IKE_DELETE:
			n = spis_for(p, st, a->arg, spi, 64);
			restart_ike_secrets(&st->ike[a->arg], &sec);
			ike_actions_init(&acts);
			if (!ike_secrets_delete(&sec, spi, n,
						tunnel_for(p, st, a->arg),
						&acts) &&
			    send_ike(fd500, fd4500, &acts) == (int)n + 1)
				o->ike_told++;
			else
				o->failed++;
			ike_actions_clear(&acts);
			explicit_bzero(&sec, sizeof(sec));
			break;
		case RC_SA_DEL:
			if (xfd >= 0 && !kview_sa_del(xfd, &kv->sa[a->arg]))
				o->sa++;
			else
				o->failed++;
			break;
		case RC_POLICY_DEL:
			if (xfd >= 0 &&
			    !kview_policy_del(xfd, &kv->pol[a->arg]))
				o->pol++;
			else
				o->failed++;
			break;
		case RC_SESSION_DEL:
			if (g && (!roam_genl_session_del(g,
						kv->sess[a->arg].ifindex,
						kv->sess[a->arg].id, &e) ||
				  e.error == ENOENT))
				o->sess++;
			else
				o->failed++;
			break;
		}
	}
	if (l2tp_fd >= 0)
		close(l2tp_fd);
	if (fd500 >= 0)
		close(fd500);
	if (fd4500 >= 0)
		close(fd4500);
}

static void load_state(const char *path, struct restart_state *st)
{
	enum restart_err e;
	uint8_t *buf;
	size_t len;
	int err;

	restart_state_init(st);
	err = restart_file_read(path, &buf, &len);
	if (err) {
		if (err != -ENOENT)
			log_warn("restart state %s cannot be read: %s: what roam has in the kernel is removed",
				 path, strerror(-err));
		return;
	}
	e = restart_state_decode(buf, len, st);
	explicit_bzero(buf, len);
	free(buf);
	if (e)
		log_warn("restart state %s refused: %s: what roam has in the kernel is removed",
			 path, restart_strerror(e));
}

/* The roam family, only if its module is there: no autoload from here. */
static struct roam_genl *genl_if_loaded(void)
{
	struct roam_genl *g;
	struct roam_nl_err e;

	if (access("/sys/module/roam", F_OK))
		return NULL;
	g = calloc(1, sizeof(*g));
	if (g && roam_genl_open(g, &e)) {
		free(g);
		g = NULL;
	}
	return g;
}

/*
 * One line per saved session: what is done with it and why, and a
 * summary.  With -E nothing is taken over: every session is ended,
 * and those that had every piece say so.  By default (taking: the plan),
 * those are left alone here and taken over by restart_resume() once the
 * services run.
 */
static void log_sessions(const struct restart_state *st,
			 const struct takeover_plan *tp, bool taking)
{
	size_t i;

	for (i = 0; i < tp->n; i++) {
		const struct restart_session *s = &st->sess[tp->item[i].sess];
		bool ok = tp->item[i].why == TAKEOVER_OK;
		char ip[INET_ADDRSTRLEN] = "-";

		if (s->ipv4)
			inet_ntop(AF_INET, &s->ipv4, ip, sizeof(ip));
		log_info("restart: session %u (%s, user %s, %s): %s: %s",
			 s->id, s->kind == ROAM_KIND_L2TP ? "L2TP" : "PPTP",
			 s->user[0] ? s->user : "-", ip,
			 ok && taking ? "to be taken over" : "ended",
			 !ok ? takeover_why_str(tp->item[i].why) :
			 taking ? "every piece is there" :
			 "every piece was there, but taking over is off (roamd -E)");
	}
	if (taking)
		log_info("restart: %zu sessions of an earlier roamd: %zu to be taken over, %zu ended",
			 tp->n, tp->resume, tp->end);
	else
		log_info("restart: %zu sessions of an earlier roamd: 0 taken over, %zu ended (%zu could have been taken over)",
			 tp->n, tp->n, tp->resume);
}

/* The inbound SA of each saved pair, as the kernel shows it (spi 0: none). */
static struct kview_sa *inbound_sas(const struct restart_state *st,
				    const struct kview *kv)
{
	struct kview_sa *out = calloc(st->n_esp ? st->n_esp : 1,
				      sizeof(*out));
	size_t i, j;

	for (i = 0; out && i < st->n_esp; i++) {
		const struct restart_esp *e = &st->esp[i];

		for (j = 0; j < kv->n_sa; j++) {
			const struct kview_sa *k = &kv->sa[j];

			if (k->spi == e->spi_in && k->family == e->local.family &&
			    !memcmp(k->daddr, e->local.ip,
				    k->family == AF_INET ? 4 : 16)) {
				out[i] = *k;
				break;
			}
		}
	}
	return out;
}

/* Hand what is taken over to restart_resume(); false: out of memory. */
static bool keep_pending(struct roamd *d, struct restart_state *st,
			 struct takeover_plan *tp, const struct kview *kv)
{
	struct restart_state *ps = malloc(sizeof(*ps));
	struct takeover_plan *pp = malloc(sizeof(*pp));
	struct kview_sa *pe = inbound_sas(st, kv);

	if (!ps || !pp || !pe) {
		free(ps);
		free(pp);
		free(pe);
		return false;
	}
	d->restart.pending_esp = pe;
	*ps = *st;
	*pp = *tp;
	restart_state_init(st);
	memset(tp, 0, sizeof(*tp));
	d->restart.pending = ps;
	d->restart.pending_plan = pp;
	return true;
}

void restart_recover(struct roamd *d)
{
	struct roam_session_info *ks = NULL;
	struct kview_session *kss = NULL;
	struct kview_store xs = {};
	struct reconcile_keep keep = {};
	struct takeover_plan tp = {};
	struct reconcile_plan plan;
	struct outcome o = {};
	bool taking = false;
	struct restart_state st;
	struct xfrm_conn xc = { .fd = -1 };
	struct roam_genl *g;
	struct roam_nl_err e;
	struct kview kv = {};
	size_t nks = 0, i;

	if (!d->restart.path)
		return;
	load_state(d->restart.path, &st);
	if (xfrm_open(&xc) || kview_dump_xfrm(xc.fd, &xs))
		log_warn("restart: the kernel's IPsec SAs cannot be listed: left as they are");
	g = genl_if_loaded();
	if (g && !roam_genl_session_list(g, 0, 0, &ks, &nks, &e)) {
		kss = calloc(nks ? nks : 1, sizeof(*kss));
		for (i = 0; kss && i < nks; i++)
			kss[i] = (struct kview_session){ ks[i].ifindex,
							 ks[i].id,
							 ks[i].kind };
		if (!kss)
			nks = 0;
	}
	kv = (struct kview){ xs.sa, xs.n_sa, xs.pol, xs.n_pol, kss, nks };
	if (st.n_sess && takeover_decide(&st, &kv, roamd_now_ms(), &tp))
		log_warn("restart: out of memory: %zu sessions ended unlisted",
			 st.n_sess);
	else if (st.n_sess)
		taking = d->takeover && tp.resume && g &&
			 !takeover_keep(&st, &kv, &tp, &keep);
	if (tp.n)
		log_sessions(&st, &tp, taking);
	if (reconcile_keeping(&st, &kv, IPSEC_MARK_FIRST,
			      IPSEC_POLICY_PRIORITY, taking ? &keep : NULL,
			      &plan)) {
		log_err("restart: out of memory: what an earlier roamd left stays");
		goto out;
	}
	if (plan.n && !st.n_ike && !st.n_esp && !st.n_l2tp && !st.n_sess) {
		run_plan(&plan, &st, &kv, xc.fd, g, &o);
		log_warn("restart: roam's objects in the kernel but no state of an earlier roamd: removed %zu SAs, %zu policies, %zu kernel sessions (their clients were not told; they reconnect when they notice)%s",
			 o.sa, o.pol, o.sess,
			 o.failed ? "; some steps failed" : "");
	} else if (plan.n || st.n_ike || st.n_sess) {
		run_plan(&plan, &st, &kv, xc.fd, g, &o);
		log_info("restart: an earlier roamd left %zu IKE SAs, %zu ESP SA pairs, %zu L2TP tunnels, %zu sessions; told %zu L2TP tunnels (StopCCN) and %zu IKE peers (DELETE); removed %zu SAs, %zu policies, %zu kernel sessions (%zu of all these were not in its state)%s",
			 st.n_ike, st.n_esp, st.n_l2tp, st.n_sess,
			 o.stopccn, o.ike_told, o.sa, o.pol, o.sess,
			 plan.orphans, o.failed ? "; some steps failed" : "");
	}
	reconcile_plan_free(&plan);
	if (taking && !keep_pending(d, &st, &tp, &kv))
		log_err("restart: out of memory: the sessions to be taken over stay in the kernel unowned");
out:
	takeover_keep_free(&keep);
	takeover_plan_free(&tp);
	restart_state_free(&st);
	kview_store_free(&xs);
	free(kss);
	free(ks);
	if (g) {
		roam_genl_close(g);
		free(g);
	}
	xfrm_close(&xc);
	/* what the earlier roamd saved is dealt with */
	restart_stopped(d);
}
