// SPDX-License-Identifier: GPL-2.0
/*
 * One session's PPP, whatever carries it.
 */
#include <arpa/inet.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/roam.h>

#include "aaa/auth.h"
#include "addr.h"
#include "log.h"
#include "ppp/session.h"
#include "session/policy_enforce.h"
#include "session/ppp_link.h"
#include "settings.h"

/* Authentication is always answered later, through ppp_link_settle(). */
static enum ppp_verdict link_verify(void *ctx,
				    const struct ppp_auth_request *req,
				    struct ppp_auth_result *res)
{
	struct roamd_session *s = ctx;

	if (!s->tab->aaa || aaa_submit(s->tab->aaa, s->serial, req)) {
		res->error = 691;
		return PPP_AUTH_FAIL;
	}
	return PPP_AUTH_PENDING;
}

static int link_get_address(void *ctx, const char *user, uint32_t requested,
			    uint32_t *addr)
{
	struct roamd_session *s = ctx;

	if (session_address_take_policy(s, user, requested))
		return -1;
	*addr = s->addr;
	return 0;
}

static const struct ppp_session_ops link_ppp_ops = {
	.verify = link_verify,
	.get_address = link_get_address,
};

static void log_finished(struct roamd_session *s)
{
	const struct ppp_down *down = ppp_session_down(s->ppp);
	struct ppp_session_info info;

	ppp_session_get_info(s->ppp, &info);
	if (down->windows_error)
		log_info("%s%s%s: PPP ended: %s (the Windows client shows error %u)",
			 s->label, info.user[0] ? " user " : "", info.user,
			 down->text, down->windows_error);
	else
		log_info("%s%s%s: PPP ended: %s", s->label,
			 info.user[0] ? " user " : "", info.user, down->text);
}

/* MPPE as PPP settled it, for the kernel; 0, or -1 when off. */
static int mppe_get(struct roamd_session *s, struct roam_pptp_mppe *m)
{
	struct ppp_mppe_info mi;

	memset(m, 0, sizeof(*m));
	if (ppp_session_mppe(s->ppp, &mi))
		return -1;
	m->bits = mi.bits;
	m->stateless = mi.stateless;
	m->keylen = mi.key_len;
	memcpy(m->send_key, mi.send_key, sizeof(m->send_key));
	memcpy(m->recv_key, mi.recv_key, sizeof(m->recv_key));
	explicit_bzero(&mi, sizeof(mi));
	return 0;
}

/*
 * The encryption the policy asks for (742 otherwise).  MPPE is settled
 * before IPCP opens when the service requires it, so a session whose
 * MPPE comes later was up without it: judged as without.
 */
static bool crypto_allowed(struct roamd_session *s,
			   const struct ppp_session_info *info)
{
	struct policy_crypto c = {
		.access = session_policy_access(s),
		.ipsec = s->access == SESSION_ACCESS_L2TP && !s->weak_lower,
		.mppe = info->mppe_bits != 0,
		.stateless = info->mppe_stateless,
	};
	struct policy_verdict v;

	c.mppe_bits = info->mppe_bits == 40 ? ROAM_MPPE_40 :
		      info->mppe_bits == 56 ? ROAM_MPPE_56 :
		      info->mppe_bits == 128 ? ROAM_MPPE_128 : 0;
	if (session_policy_crypto(s, &c, &v))
		return true;
	log_info("%s user %s: refused: %s (the Windows client shows error %u)",
		 s->label, s->user, v.why, v.windows_error);
	session_set_why(s, "refused: %s", v.why);
	s->windows_error = v.windows_error;
	return false;
}

/* Carry out what one call into PPP asked for; true: close PPP now. */
static bool link_out(struct roamd_session *s, struct ppp_out *o)
{
	struct roam_pptp_mppe mppe;
	bool have_mppe;
	struct ppp_session_info info;
	const struct ppp_down *down;
	bool close_now = false;
	char a[ROAM_IPV4_STRLEN];
	unsigned int i;
	size_t len;

	for (i = 0; i < o->nframes; i++) {
		const uint8_t *f = ppp_out_frame(o, i, &len);

		session_send(s, f, len);
	}
	for (i = 0; i < o->nevents; i++) {
		switch (o->event[i]) {
		case PPP_EV_AUTH_OK:
			ppp_session_get_info(s->ppp, &info);
			session_set_user(s, info.user);
			log_info("user %s authenticated (%s) on %s",
				 info.user, ppp_auth_method_name(info.method),
				 s->label);
			break;
		case PPP_EV_IPV4_UP:
			ppp_session_get_info(s->ppp, &info);
			session_set_addr(s, info.peer_ip);
			if (!crypto_allowed(s, &info)) {
				close_now = true;
				break;
			}
			have_mppe = !mppe_get(s, &mppe);
			if (session_up(s, have_mppe ? &mppe : NULL)) {
				explicit_bzero(&mppe, sizeof(mppe));
				close_now = true;
				break;
			}
			explicit_bzero(&mppe, sizeof(mppe));
			roam_ipv4_format(s->addr, a);
			log_info("user %s connected: address %s, %s from %s:%u%s",
				 s->user, a, s->label,
				 inet_ntoa(s->peer.sin_addr),
				 ntohs(s->peer.sin_port),
				 s->weak_lower ? " without IPsec (weak)" : "");
			break;
		case PPP_EV_IPV4_DOWN:
			session_kernel_down(s);
			break;
		case PPP_EV_MPPE_UP:
			ppp_session_get_info(s->ppp, &info);
			log_info("%s user %s: MPPE %u-bit %s (weak: RC4 with keys from MS-CHAP)",
				 s->label, info.user, info.mppe_bits,
				 info.mppe_stateless ? "stateless" : "stateful");
			/* up already (MPPE optional): the keys follow */
			if (s->state == SESSION_UP && !mppe_get(s, &mppe) &&
			    session_kernel_mppe(s, &mppe))
				close_now = true;
			explicit_bzero(&mppe, sizeof(mppe));
			break;
		case PPP_EV_FINISHED:
			if (s->ppp_finished)
				break;
			s->ppp_finished = true;
			log_finished(s);
			down = ppp_session_down(s->ppp);
			session_finish(s, down->text, down->windows_error);
			break;
		default:
			break;
		}
	}
	return close_now && !s->ppp_finished;
}

/*
 * Run one PPP entry point's output, and the close it may call for (the
 * kernel refused the session): in a loop here, not by recursion.
 */
static void link_run(struct roamd_session *s, struct ppp_out *o,
		     uint64_t now)
{
	uint64_t d;

	while (link_out(s, o) && !s->ppp_closing) {
		s->ppp_closing = true;
		ppp_out_reset(o);
		ppp_session_close(s->ppp, now, o);
	}
	/*
	 * Every call into PPP comes through here: its deadline is moved
	 * in the table's heap (room reserved by session_new(), so this
	 * cannot fail), and the loop finds the earliest in O(1).
	 */
	d = ppp_link_deadline(s);
	timerq_set(&s->tab->timers, &s->timer, d == UINT64_MAX ? 0 : d);
}

/* The MPPE policy of the PPTP settings (L2TP keeps MPPE off). */
static void mppe_config(struct ppp_mppe_config *m,
			const struct roamd_pptp_settings *p)
{
	m->policy = p->mppe == ROAM_MPPE_REQUIRED ? PPP_MPPE_REQUIRED :
		    p->mppe == ROAM_MPPE_OPTIONAL ? PPP_MPPE_OPTIONAL :
						    PPP_MPPE_OFF;
	m->strengths = 0;
	if (p->mppe_bits & ROAM_MPPE_40)
		m->strengths |= PPP_MPPE_L;
	if (p->mppe_bits & ROAM_MPPE_56)
		m->strengths |= PPP_MPPE_M;
	if (p->mppe_bits & ROAM_MPPE_128)
		m->strengths |= PPP_MPPE_S;
	m->stateless_only = p->stateless;
	m->stateful_only = p->stateful;
}

/*
 * What LCP offers: the methods the policy known before the user allows
 * (the base group's, policy.h), strongest first; a Nak suggesting
 * another is taken only if it is in this list (ppp/lcp.c).  The user's
 * own policy is checked again once the user is known (admit()).
 */
/* The PPP configuration of a session from the settings. */
static void link_config(const struct roamd_session *s,
			const struct roamd_settings *st, struct ppp_config *c)
{
	uint8_t offer[ROAM_PPP_AUTH_MAX];
	struct ppp_config cfg;
	struct roamd_policy base;
	size_t i, noffer;
	int n = 0;

	policy_for(s->tab->db, NULL, NULL, &base);
	noffer = policy_ppp_offer(&base, st->auth, st->nauth, offer);
	ppp_config_defaults(&cfg);
	for (i = 0; i < noffer && n < PPP_AUTH_MAX_METHODS - 1; i++) {
		switch (offer[i]) {
		case ROAM_PPP_AUTH_MSCHAPV2:
			cfg.auth[n++] = PPP_AUTH_MSCHAPV2;
			break;
		case ROAM_PPP_AUTH_MSCHAPV1:
			cfg.auth[n++] = PPP_AUTH_MSCHAPV1;
			break;
		case ROAM_PPP_AUTH_CHAP:
			cfg.auth[n++] = PPP_AUTH_CHAP_MD5;
			break;
		case ROAM_PPP_AUTH_PAP:
			cfg.auth[n++] = PPP_AUTH_PAP;
			break;
		}
	}
	cfg.auth[n] = PPP_AUTH_NONE;
	cfg.name = "roam";
	cfg.echo_interval = st->echo_interval;
	cfg.echo_failures = st->echo_failures;
	cfg.local_ip = st->ppp_local;
	memcpy(cfg.dns, st->dns, sizeof(cfg.dns));
	memcpy(cfg.wins, st->wins, sizeof(cfg.wins));
	if (s->access == SESSION_ACCESS_PPTP)
		mppe_config(&cfg.mppe, &st->pptp);
	*c = cfg;
}

int ppp_link_attach(struct roamd_session *s, const struct roamd_settings *st)
{
	struct ppp_config cfg;

	link_config(s, st, &cfg);
	s->ppp = ppp_session_new(&cfg, &link_ppp_ops, s);
	return s->ppp ? 0 : -1;
}

int ppp_link_resume(struct roamd_session *s, const struct roamd_settings *st,
		    const struct ppp_resume *r, uint64_t now)
{
	struct ppp_config cfg;
	uint64_t d;

	if (s->ppp)
		return -1;
	link_config(s, st, &cfg);
	s->ppp = ppp_session_resume(&cfg, &link_ppp_ops, s, r, now);
	if (!s->ppp)
		return -1;
	d = ppp_link_deadline(s);
	timerq_set(&s->tab->timers, &s->timer, d == UINT64_MAX ? 0 : d);
	return 0;
}

/*
 * The ppp_out is large (a few frames of 1500 octets): one for the whole
 * loop, as ppp/out.h asks, not one per session or per call.
 */
static struct ppp_out link_o;

void ppp_link_start(struct roamd_session *s, uint64_t now)
{
	ppp_out_reset(&link_o);
	ppp_session_start(s->ppp, now, &link_o);
	link_run(s, &link_o, now);
}

void ppp_link_input(struct roamd_session *s, const uint8_t *frame, size_t len,
		    uint64_t now)
{
	if (s->ppp_finished)
		return;
	ppp_out_reset(&link_o);
	ppp_session_input(s->ppp, frame, len, now, &link_o);
	link_run(s, &link_o, now);
}

void ppp_link_timer(struct roamd_session *s, uint64_t now)
{
	if (s->ppp_finished)
		return;
	ppp_out_reset(&link_o);
	ppp_session_timer(s->ppp, now, &link_o);
	link_run(s, &link_o, now);
}

uint64_t ppp_link_deadline(const struct roamd_session *s)
{
	return !s->ppp || s->ppp_finished ? UINT64_MAX :
	       ppp_session_deadline(s->ppp);
}

void ppp_link_close(struct roamd_session *s, uint64_t now)
{
	if (s->ppp_finished || s->ppp_closing)
		return;
	s->ppp_closing = true;
	ppp_out_reset(&link_o);
	ppp_session_close(s->ppp, now, &link_o);
	link_run(s, &link_o, now);
}

void ppp_link_lower_down(struct roamd_session *s, uint64_t now)
{
	s->lower_down = true;
	if (s->ppp_finished)
		return;
	ppp_out_reset(&link_o);
	ppp_session_lower_down(s->ppp, now, &link_o);
	link_run(s, &link_o, now);
}

/* The policy's DNS and WINS servers, when it names any, for IPCP. */
static void policy_servers(struct roamd_session *s)
{
	uint32_t dns[2] = {}, wins[2] = {};
	struct roamd_policy p;
	unsigned int i;

	policy_for(s->tab->db, s->user, s->view_tmpl.group, &p);
	for (i = 0; i < 2 && i < p.v.ndns; i++)
		dns[i] = p.v.dns[i];
	for (i = 0; i < 2 && i < p.v.nwins; i++)
		wins[i] = p.v.wins[i];
	ppp_session_set_servers(s->ppp, p.v.ndns ? dns : NULL,
				p.v.nwins ? wins : NULL);
}

static int roam_auth_of(enum ppp_auth_method m)
{
	switch (m) {
	case PPP_AUTH_PAP:
		return ROAM_PPP_AUTH_PAP;
	case PPP_AUTH_CHAP_MD5:
		return ROAM_PPP_AUTH_CHAP;
	case PPP_AUTH_MSCHAPV1:
		return ROAM_PPP_AUTH_MSCHAPV1;
	case PPP_AUTH_MSCHAPV2:
		return ROAM_PPP_AUTH_MSCHAPV2;
	default:
		return 0;
	}
}

/*
 * Good credentials: the group policy decides.  A refusal turns the
 * verdict into a failure carrying the policy's Windows error (646,
 * 649), which MS-CHAP puts in its Failure packet; the user name is
 * taken at once, so that the next verdict counts this login.
 */
static void admit(struct roamd_session *s, struct aaa_request *r,
		  uint64_t now)
{
	struct policy_verdict v;

	if (session_policy_admit(s->tab, s, r->user,
				 r->attrs.remote ? r->attrs.filter_id : NULL,
				 session_policy_access(s),
				 roam_auth_of(r->method), now, &v)) {
		session_set_user(s, r->user);
		policy_servers(s);
		return;
	}
	log_info("%s user %s: login refused by its policy: %s (the Windows client shows error %u)",
		 s->label, r->user, v.why, v.windows_error);
	session_set_why(s, "refused: %s", v.why);
	s->windows_error = v.windows_error;
	session_refused(s, r->user, s->why, s->windows_error);
	explicit_bzero(&r->res, sizeof(r->res));
	r->verdict = PPP_AUTH_FAIL;
	r->res.error = v.windows_error;
	snprintf(r->res.message, sizeof(r->res.message), "%s",
		 v.windows_error == POLICY_WERR_HOURS ?
		 "not permitted at this time" : "not permitted");
	r->why = "refused by its policy";
}

/* Bad credentials (or the policy's refusal, told already): an event. */
static void auth_refused(struct roamd_session *s, const struct aaa_request *r)
{
	char why[192];

	if (s->refusal_told)
		return;
	snprintf(why, sizeof(why), "refused: authentication failed: %.120s",
		 r->why ? r->why : "refused");
	session_refused(s, r->user, why,
			r->res.error ? r->res.error : POLICY_WERR_AUTH);
}

bool ppp_link_settle(struct session_table *t, uint64_t now)
{
	struct aaa_request *r;
	struct roamd_session *s;
	bool any = false;

	if (!t->aaa)
		return false;
	while ((r = aaa_next_done(t->aaa))) {
		s = session_by_serial(t, r->owner);
		if (s && s->ppp && !s->ppp_finished) {
			if (r->verdict == PPP_AUTH_OK)
				admit(s, r, now);
			if (r->verdict != PPP_AUTH_OK) {
				log_info("%s user %s: authentication refused: %s",
					 s->label, r->user,
					 r->why ? r->why : "refused");
				auth_refused(s, r);
			} else if (r->attrs.remote) {
				session_take_auth_attrs(s, &r->attrs);
			}
			ppp_out_reset(&link_o);
			ppp_session_auth_done(s->ppp, r->seq, r->verdict,
					      &r->res, now, &link_o);
			link_run(s, &link_o, now);
		}
		aaa_request_free(r);
		any = true;
	}
	return any;
}

uint64_t ppp_link_table_deadline(const struct session_table *t)
{
	const struct timerq_entry *first = timerq_first(&t->timers);

	return first ? first->deadline : UINT64_MAX;
}

#define session_of_timer(e) \
	((struct roamd_session *)((char *)(e) - \
				  offsetof(struct roamd_session, timer)))

void ppp_link_table_timer(struct session_table *t, uint64_t now)
{
	struct roamd_session *due = NULL, *s;
	struct timerq_entry *e;

	/*
	 * Take every due session off the heap first, then run each once:
	 * one whose PPP leaves its deadline in the past (as a timer must
	 * not, but might) waits for the next tick instead of spinning
	 * here.  Sessions are never freed here (session.h).
	 */
	while ((e = timerq_first(&t->timers)) && e->deadline <= now) {
		s = session_of_timer(e);
		timerq_set(&t->timers, e, 0);
		s->timer_next = due;
		due = s;
	}
	while ((s = due)) {
		due = s->timer_next;
		ppp_link_timer(s, now);
	}
}
