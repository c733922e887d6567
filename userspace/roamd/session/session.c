// SPDX-License-Identifier: GPL-2.0
/*
 * The session table: creation, the kernel session, the order of an
 * ending, and the one place sessions are freed (session.h tells the
 * lifetime).
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdarg.h>
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
#include "session/session.h"

void session_set_state(struct roamd_session *s, enum session_state st)
{
	/* a new session is counted by session_new() */
	if (s->state == SESSION_SETUP)
		s->tab->nsetup--;
	if (st == SESSION_SETUP)
		s->tab->nsetup++;
	s->state = st;
}

void session_table_init(struct session_table *t, struct roamd_db *db,
			struct aaa *aaa)
{
	int i;

	memset(t, 0, sizeof(*t));
	t->db = db;
	t->aaa = aaa;
	for (i = 0; i < SESSION_ACCESS_COUNT; i++)
		t->outbox[i].tail = &t->outbox[i].head;
	hashtab_init(&t->by_serial);
	hashtab_init(&t->by_kernel_id);
	hashtab_init(&t->by_addr);
	hashtab_init(&t->by_call);
	timerq_init(&t->timers);
	timerq_init(&t->ends);
}

/* What a session's strings point at until they are set. */
static const char session_empty[] = "";

/* Free a string of a session unless it is the shared "". */
static void session_str_free(const char *str)
{
	if (str != session_empty)
		free((char *)str);
}

/*
 * A copy of str to its size for a session's string; on no memory the
 * text is lost, not the session (logged).
 */
static const char *session_str_dup(const char *str, const char *what)
{
	char *d;

	if (!str[0])
		return session_empty;
	d = strdup(str);
	if (!d) {
		log_warn("out of memory keeping a session's %s", what);
		return session_empty;
	}
	return d;
}

struct roamd_session *session_new(struct session_table *t,
				  enum session_access access,
				  size_t priv_size)
{
	struct roamd_session *s;

	/* room for its deadline: arming it later cannot fail */
	if (timerq_reserve(&t->timers, t->n + 1) ||
	    timerq_reserve(&t->ends, t->n + 1))
		return NULL;
	s = calloc(1, sizeof(*s) + priv_size);
	if (!s)
		return NULL;
	s->tab = t;
	s->user = session_empty;
	s->why = session_empty;
	s->auth_pool = session_empty;
	s->view_tmpl.group = session_empty;
	s->access = access;
	s->state = SESSION_SETUP;
	t->nsetup++;
	s->serial = ++t->next_serial;
	clock_gettime(CLOCK_MONOTONIC, &s->started);
	s->next = t->list;
	if (s->next)
		s->next->pprev = &s->next;
	s->pprev = &t->list;
	t->list = s;
	t->n++;
	hashtab_add(&t->by_serial, &s->serial_node, s->serial);
	return s;
}

void session_take_auth_attrs(struct roamd_session *s,
			     const struct aaa_attrs *a)
{
	s->auth_remote = a->remote;
	s->tab->saved_changes++;	/* the restart state keeps them */
	s->auth_addr = a->framed_ip;
	s->session_timeout = a->session_timeout;
	s->idle_timeout = a->idle_timeout;
	s->interim = a->interim;
	session_str_free(s->auth_pool);
	s->auth_pool = session_str_dup(a->framed_pool, "Framed-Pool");
	free(s->auth_class);
	s->auth_class = NULL;
	s->auth_class_len = 0;
	if (a->class_len) {
		s->auth_class = malloc(a->class_len);
		if (s->auth_class) {
			memcpy(s->auth_class, a->class_val, a->class_len);
			s->auth_class_len = a->class_len;
		} else {
			log_warn("out of memory keeping a session's Class");
		}
	}
}

int session_login_lowered(struct roamd_session *s, const char *user,
			  const struct aaa_attrs *granted)
{
	session_set_user(s, user);
	if (granted && granted->remote)
		session_take_auth_attrs(s, granted);
	return session_address_take_policy(s, user, 0);
}

#define session_of(n, member) \
	((struct roamd_session *)((char *)(n) - \
				  offsetof(struct roamd_session, member)))

struct roamd_session *session_by_serial(struct session_table *t,
					uint64_t serial)
{
	struct hashtab_node *n = hashtab_first(&t->by_serial, serial);

	return n ? session_of(n, serial_node) : NULL;
}

struct roamd_session *session_by_kernel_id(struct session_table *t,
					   uint32_t ifindex, uint32_t id)
{
	struct hashtab_node *n;
	struct roamd_session *s;

	if (!id)
		return NULL;
	for (n = hashtab_first(&t->by_kernel_id, id); n; n = hashtab_next(n)) {
		s = session_of(n, kernel_id_node);
		if (!ifindex || s->kernel_ifindex == ifindex)
			return s;
	}
	return NULL;
}

void session_set_kernel_id(struct roamd_session *s, uint32_t id)
{
	hashtab_del(&s->tab->by_kernel_id, &s->kernel_id_node);
	s->kernel_id = id;
	s->tab->saved_changes++;
	if (id)
		hashtab_add(&s->tab->by_kernel_id, &s->kernel_id_node, id);
}

/* The table's key of a call: the access method's key, and the method. */
static uint64_t call_hash_key(enum session_access a, uint64_t key)
{
	return key * SESSION_ACCESS_COUNT + a;
}

int session_set_call_key(struct roamd_session *s, uint64_t key)
{
	hashtab_del(&s->tab->by_call, &s->call_node);
	s->call_key = key;
	hashtab_add(&s->tab->by_call, &s->call_node,
		    call_hash_key(s->access, key));
	return 0;
}

struct roamd_session *session_by_call(struct session_table *t,
				      enum session_access a, uint64_t key)
{
	struct hashtab_node *n;
	struct roamd_session *s;

	for (n = hashtab_first(&t->by_call, call_hash_key(a, key)); n;
	     n = hashtab_next(n)) {
		s = session_of(n, call_node);
		if (s->access == a && s->call_key == key && !s->lower_gone)
			return s;
	}
	return NULL;
}

void session_set_user(struct roamd_session *s, const char *user)
{
	const char *old = s->user;

	s->tab->saved_changes++;
	if (!strcmp(old, user))
		return;
	s->user = session_str_dup(user, "user name");
	session_str_free(old);
}

void session_set_group(struct roamd_session *s, const char *group)
{
	const char *old = s->view_tmpl.group;

	if (!strcmp(old, group))
		return;
	s->view_tmpl.group = session_str_dup(group, "group");
	session_str_free(old);
}

static void session_why_v(struct roamd_session *s, const char *fmt,
			  va_list ap)
{
	char buf[SESSION_WHY_MAX];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	session_str_free(s->why);
	s->why = session_str_dup(buf, "reason to end");
}

void session_note_why(struct roamd_session *s, const char *fmt, ...)
{
	va_list ap;

	if (s->why[0])
		return;
	va_start(ap, fmt);
	session_why_v(s, fmt, ap);
	va_end(ap);
}

void session_set_why(struct roamd_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	session_why_v(s, fmt, ap);
	va_end(ap);
}

void session_set_addr(struct roamd_session *s, uint32_t addr)
{
	hashtab_del(&s->tab->by_addr, &s->addr_node);
	s->addr = addr;
	s->tab->saved_changes++;
	if (addr)
		hashtab_add(&s->tab->by_addr, &s->addr_node, addr);
}

struct roamd_session *session_by_addr(struct session_table *t, uint32_t addr)
{
	struct hashtab_node *n;
	struct roamd_session *s;

	if (!addr)
		return NULL;
	/* a DEAD session still holds its address until it is reaped */
	for (n = hashtab_first(&t->by_addr, addr); n; n = hashtab_next(n)) {
		s = session_of(n, addr_node);
		if (s->state != SESSION_DEAD)
			return s;
	}
	return NULL;
}

const char *session_state_name(enum session_state st)
{
	switch (st) {
	case SESSION_SETUP:
		return "setup";
	case SESSION_UP:
		return "up";
	case SESSION_CLOSING:
		return "closing";
	case SESSION_DEAD:
		return "dead";
	}
	return "?";
}

uint32_t session_kernel_id(struct session_kernel *k)
{
	/*
	 * Ids only grow: the kernel refuses an id in use, and 2^32 sessions
	 * are far away.  0 means "none" everywhere, so it is skipped.
	 */
	if (!++k->next_id)
		++k->next_id;
	return k->next_id;
}

/* The kernel attributes every declaration shares. */
static void kernel_common(struct roamd_session *s, struct roam_session_info *k)
{
	const struct session_kernel_tmpl *m = &s->kernel_tmpl;

	memset(k, 0, sizeof(*k));
	k->kind = m->kind;
	k->has_l2tp = m->has_l2tp;
	k->l2tp_fd = m->l2tp_fd;
	k->l2tp_tunnel_id = m->l2tp_tunnel_id;
	k->l2tp_session_id = m->l2tp_session_id;
	k->l2tp_peer_tunnel_id = m->l2tp_peer_tunnel_id;
	k->l2tp_peer_session_id = m->l2tp_peer_session_id;
	k->l2tp_xfrm_mark = m->l2tp_xfrm_mark;
	k->l2tp_allow_plain = m->l2tp_allow_plain;
	k->has_pptp = m->has_pptp;
	k->pptp_call_id = m->pptp_call_id;
	k->pptp_peer_call_id = m->pptp_peer_call_id;
	k->pptp_local_ipv4 = m->pptp_local_ipv4;
	k->peer_family = AF_INET;
	k->peer_ipv4 = ntohl(s->peer.sin_addr.s_addr);
	/* GRE has no port */
	k->has_peer_port = s->peer.sin_port != 0;
	k->peer_port = ntohs(s->peer.sin_port);
}

static int kernel_add(struct roamd_session *s, struct roam_session_info *k)
{
	struct session_table *t = s->tab;
	char err[256];

	k->ifindex = t->dev[0] ? if_nametoindex(t->dev) : 0;
	if (!k->ifindex) {
		log_err("%s: no roam device to carry the session", s->label);
		return -1;
	}
	k->id = session_kernel_id(&t->kernel);
	if (!t->kernel.ops ||
	    session_kernel_encap_refused(&t->kernel, k->kind, err,
					 sizeof(err)) ||
	    t->kernel.ops->add(t->kernel.ctx, k, err, sizeof(err))) {
		log_err("%s%s%s: the kernel refused the session: %s", s->label,
			s->user[0] ? " user " : "", s->user,
			t->kernel.ops ? err : "no kernel access");
		return -1;
	}
	session_set_kernel_id(s, k->id);
	s->kernel_ifindex = k->ifindex;
	return 0;
}

int session_kernel_declare(struct roamd_session *s)
{
	struct roam_session_info k;

	if (s->kernel_id)
		return 0;
	kernel_common(s, &k);
	k.state = ROAM_STATE_DOWN;
	if (kernel_add(s, &k))
		return -1;
	s->kernel_early = true;
	return 0;
}

static int kernel_set(struct roamd_session *s, uint32_t state, uint32_t ipv4,
		      const struct roam_pptp_mppe *mppe)
{
	struct session_table *t = s->tab;
	char err[256];

	if (!t->kernel.ops->set ||
	    t->kernel.ops->set(t->kernel.ctx, s->kernel_ifindex, s->kernel_id,
			       state, ipv4, mppe, err, sizeof(err))) {
		log_err("%s user %s: the kernel refused to change the session: %s",
			s->label, s->user,
			t->kernel.ops->set ? err : "not supported");
		return -1;
	}
	return 0;
}

/*
 * Tell the event hook (roam monitor).  An ending is a refusal when the
 * session never went up and roamd gave the client a reason (a Windows
 * error): a client that just hung up during setup is only down.
 */
void session_event_of(const struct roamd_session *s,
		      enum session_event_type type, struct session_event *e)
{
	bool ended = type == SESSION_EV_DOWN || type == SESSION_EV_REFUSED;

	*e = (struct session_event){
		.type = type,
		.access = s->access,
		.serial = s->serial,
		.label = s->label,
		.user = s->user,
		.group = s->view_tmpl.group,
		.peer = s->peer.sin_family == AF_INET ? &s->peer : NULL,
		.addr = s->addr,
		.why = ended ? s->why : "",
		.windows_error = ended ? s->windows_error : 0,
	};
}

static void tell(struct roamd_session *s, enum session_event_type type)
{
	struct session_event e;

	session_event_of(s, type, &e);
	if (s->tab->event)
		s->tab->event(s->tab->event_ctx, &e);
}

void session_refused(struct roamd_session *s, const char *user,
		     const char *why, unsigned int windows_error)
{
	struct session_event e = {
		.type = SESSION_EV_REFUSED,
		.access = s->access,
		.serial = s->serial,
		.label = s->label,
		.user = user ? user : s->user,
		.group = s->view_tmpl.group,
		.peer = s->peer.sin_family == AF_INET ? &s->peer : NULL,
		.why = why,
		.windows_error = windows_error,
	};

	if (s->refusal_told)
		return;
	s->refusal_told = true;
	if (s->tab->event)
		s->tab->event(s->tab->event_ctx, &e);
}

void session_refused_early(struct session_table *t, enum session_access a,
			   const char *label, const char *user,
			   const char *group, const struct sockaddr_in *peer,
			   const char *why, unsigned int windows_error)
{
	struct session_event e = {
		.type = SESSION_EV_REFUSED,
		.access = a,
		.label = label,
		.user = user ? user : "",
		.group = group ? group : "",
		.peer = peer,
		.why = why ? why : "",
		.windows_error = windows_error,
	};

	if (t->event)
		t->event(t->event_ctx, &e);
}

/*
 * It carries data now: the first time, accounting starts (Start) and the
 * event hook hears of it; a Session-Timeout from the server is armed
 * from then (again, if it went down and came back after its end was
 * seen).  The same for every access method, with or without a kernel
 * session.
 */
static void went_up(struct roamd_session *s)
{
	session_set_state(s, SESSION_UP);
	session_policy_up(s);
	if (!s->acct_started) {
		clock_gettime(CLOCK_MONOTONIC, &s->up_at);
		s->acct_started = true;
		if (s->tab->acct_event)
			s->tab->acct_event(s->tab->acct_ctx, s, true);
		tell(s, SESSION_EV_UP);
	}
	session_arm_end(s);
}

void session_arm_end(struct roamd_session *s)
{
	if (s->session_timeout && !s->end.deadline)
		timerq_set(&s->tab->ends, &s->end,
			   (uint64_t)s->up_at.tv_sec * 1000 +
			   s->up_at.tv_nsec / 1000000 +
			   (uint64_t)s->session_timeout * 1000);
}

void session_tell_taken_over(struct roamd_session *s)
{
	tell(s, SESSION_EV_TAKEN_OVER);
}

void session_up_lowered(struct roamd_session *s)
{
	went_up(s);
}

int session_up(struct roamd_session *s, const struct roam_pptp_mppe *mppe)
{
	struct roam_session_info k;

	if (s->kernel_early) {
		if (kernel_set(s, ROAM_STATE_UP, s->addr, mppe))
			return -1;
	} else {
		kernel_common(s, &k);
		k.state = ROAM_STATE_UP;
		k.has_ipv4 = true;
		k.ipv4 = s->addr;
		if (kernel_add(s, &k))
			return -1;
	}
	s->tab->saved_changes++;	/* PPP negotiated: its resume record */
	went_up(s);
	return 0;
}

int session_kernel_mppe(struct roamd_session *s,
			const struct roam_pptp_mppe *mppe)
{
	if (!s->kernel_id)
		return -1;
	return kernel_set(s, 0, 0, mppe);
}

int session_peer_moved(struct roamd_session *s,
		       const struct sockaddr_in *peer)
{
	struct session_table *t = s->tab;
	char err[256];

	if (s->kernel_id && t->kernel.ops && t->kernel.ops->peer &&
	    t->kernel.ops->peer(t->kernel.ctx, s->kernel_ifindex,
				s->kernel_id, ntohl(peer->sin_addr.s_addr),
				ntohs(peer->sin_port), err, sizeof(err))) {
		log_err("%s user %s: the kernel session stays with the client's old address: %s",
			s->label, s->user, err);
		return -1;
	}
	s->peer = *peer;
	return 0;
}

int session_kernel_send(struct roamd_session *s, const uint8_t *frame,
			size_t len)
{
	struct session_table *t = s->tab;
	char err[256];

	if (len >= 2 && frame[0] == 0xff && frame[1] == 0x03) {
		frame += 2;
		len -= 2;
	}
	if (!s->kernel_id || !t->kernel.ops->send)
		return -1;
	if (t->kernel.ops->send(t->kernel.ctx, s->kernel_ifindex,
				s->kernel_id, frame, len, err, sizeof(err))) {
		log_debug("%s: a PPP frame was not sent: %s", s->label, err);
		return -1;
	}
	return 0;
}

/* Delete the kernel session, whatever its kind. */
static void kernel_del(struct roamd_session *s)
{
	struct session_table *t = s->tab;
	struct roam_session_info k;
	char err[256];

	if (!s->kernel_id)
		return;
	/* its last counters, for the accounting Stop */
	if (t->kernel.ops->stats &&
	    !t->kernel.ops->stats(t->kernel.ctx, s->kernel_ifindex,
				  s->kernel_id, &k)) {
		s->has_final = true;
		s->final_rx_packets = k.rx_packets;
		s->final_rx_bytes = k.rx_bytes;
		s->final_tx_packets = k.tx_packets;
		s->final_tx_bytes = k.tx_bytes;
	}
	/* the device it was added on, even if renamed or replaced since */
	if (t->kernel.ops->del(t->kernel.ctx, s->kernel_ifindex, s->kernel_id,
			       err, sizeof(err)))
		log_warn("kernel session %u: cannot delete: %s", s->kernel_id,
			 err);
	session_set_kernel_id(s, 0);
	s->kernel_early = false;
}

void session_kernel_down(struct roamd_session *s)
{
	if (s->state == SESSION_UP)
		session_set_state(s, SESSION_SETUP);
	if (!s->kernel_early) {
		kernel_del(s);
		return;
	}
	/* its PPP still needs the kernel to reach the client */
	if (s->kernel_id)
		kernel_set(s, ROAM_STATE_DOWN, 0, NULL);
}

static void outbox_add(struct roamd_session *s, struct session_tx *tx)
{
	struct session_table *t = s->tab;

	tx->s = s;
	tx->next = NULL;
	*t->outbox[s->access].tail = tx;
	t->outbox[s->access].tail = &tx->next;
}

void session_send(struct roamd_session *s, const uint8_t *frame, size_t len)
{
	struct session_tx *tx;

	if (s->lower_gone || len > UINT16_MAX)
		return;
	tx = malloc(sizeof(*tx) + len);
	if (!tx) {
		log_warn("session %llu: out of memory, a PPP frame is lost",
			 (unsigned long long)s->serial);
		return;
	}
	tx->close = false;
	tx->len = len;
	memcpy(tx->frame, frame, len);
	outbox_add(s, tx);
}

/* Nothing refers to it any more: the next session_reap() frees it. */
static void mark_dead(struct roamd_session *s)
{
	session_set_state(s, SESSION_DEAD);
	s->dead_next = s->tab->dead_list;
	s->tab->dead_list = s;
	s->tab->dead++;
}

/*
 * The last counters of a session without a kernel session, for its
 * accounting Stop, while its lower layer still has them (IKE: its ESP
 * SAs, deleted only once its call is closed); unknown ones leave what
 * the access method noted before (session.h).
 */
static void lower_final(struct roamd_session *s)
{
	struct session_table *t = s->tab;
	struct roam_session_info k;

	if (s->kernel_id || !t->lower_stats || s->lower_gone)
		return;
	memset(&k, 0, sizeof(k));
	if (t->lower_stats(t->lower_stats_ctx, s, &k))
		return;
	s->has_final = true;
	s->final_rx_packets = k.rx_packets;
	s->final_rx_bytes = k.rx_bytes;
	s->final_tx_packets = k.tx_packets;
	s->final_tx_bytes = k.tx_bytes;
}

void session_finish(struct roamd_session *s, const char *why,
		    unsigned int windows_error)
{
	struct session_tx *tx;

	if (s->state == SESSION_CLOSING || s->state == SESSION_DEAD)
		return;
	if (why && !s->why[0]) {
		session_note_why(s, "%s", why);
		s->windows_error = windows_error;
	}
	lower_final(s);
	kernel_del(s);
	if (s->up_at.tv_sec || !s->windows_error)
		tell(s, SESSION_EV_DOWN);
	else if (!s->refusal_told)
		session_refused(s, NULL, s->why, s->windows_error);
	if (s->acct_started && s->tab->acct_event)
		s->tab->acct_event(s->tab->acct_ctx, s, false);
	s->acct_started = false;
	session_set_state(s, SESSION_CLOSING);
	if (s->lower_gone) {
		mark_dead(s);
		return;
	}
	if (s->lower_down)
		return;		/* its end is already on its way */
	/* the close follows the frames already queued (a Terminate-Ack) */
	tx = calloc(1, sizeof(*tx));
	if (!tx) {
		/* the access method's own timers end the call */
		log_warn("session %llu: out of memory, its call is not closed",
			 (unsigned long long)s->serial);
		return;
	}
	tx->close = true;
	outbox_add(s, tx);
}

void session_lower_gone(struct roamd_session *s)
{
	if (s->lower_gone)
		return;
	s->lower_gone = true;
	if (!s->term_cause)
		s->term_cause = 2;	/* Acct-Terminate-Cause Lost-Carrier */
	if (s->state != SESSION_CLOSING && s->state != SESSION_DEAD)
		session_finish(s, "the call ended below PPP", 0);
	if (s->state == SESSION_CLOSING)
		mark_dead(s);
}

struct session_tx *session_outbox_pop(struct session_table *t,
				      enum session_access a)
{
	struct session_tx *tx = t->outbox[a].head;

	if (!tx)
		return NULL;
	t->outbox[a].head = tx->next;
	if (!tx->next)
		t->outbox[a].tail = &t->outbox[a].head;
	return tx;
}

/* Entries of a session being freed: nobody may read them any more. */
static void outbox_forget(struct session_table *t, struct roamd_session *s)
{
	struct session_tx **pp = &t->outbox[s->access].head, *tx;

	while ((tx = *pp)) {
		if (tx->s == s) {
			*pp = tx->next;
			free(tx);
		} else {
			pp = &tx->next;
		}
	}
	t->outbox[s->access].tail = &t->outbox[s->access].head;
	while (*t->outbox[s->access].tail)
		t->outbox[s->access].tail = &(*t->outbox[s->access].tail)->next;
}

static void session_free(struct session_table *t, struct roamd_session *s)
{
	hashtab_del(&t->by_serial, &s->serial_node);
	hashtab_del(&t->by_kernel_id, &s->kernel_id_node);
	hashtab_del(&t->by_call, &s->call_node);
	hashtab_del(&t->by_addr, &s->addr_node);
	timerq_set(&t->timers, &s->timer, 0);
	timerq_set(&t->ends, &s->end, 0);
	outbox_forget(t, s);
	if (t->aaa)
		aaa_cancel(t->aaa, s->serial);
	session_address_release(s);
	if (s->ppp)
		ppp_session_free(s->ppp);
	session_str_free(s->user);
	session_str_free(s->why);
	session_str_free(s->auth_pool);
	session_str_free(s->view_tmpl.group);
	free(s->auth_class);
	free(s);
}

unsigned int session_reap(struct session_table *t)
{
	struct roamd_session *s;
	unsigned int n = 0;

	while ((s = t->dead_list)) {
		t->dead_list = s->dead_next;
		*s->pprev = s->next;
		if (s->next)
			s->next->pprev = s->pprev;
		t->n--;
		session_free(t, s);
		n++;
	}
	if (n)
		t->saved_changes++;
	t->dead = 0;
	return n;
}

void session_table_fini(struct session_table *t)
{
	struct roamd_session *s;

	while ((s = t->list)) {
		t->list = s->next;
		if (t->kernel.ops)
			kernel_del(s);
		session_free(t, s);
	}
	t->n = 0;
	t->nsetup = 0;
	t->dead = 0;
	t->dead_list = NULL;
	hashtab_free(&t->by_serial);
	hashtab_free(&t->by_kernel_id);
	hashtab_free(&t->by_addr);
	hashtab_free(&t->by_call);
	timerq_free(&t->timers);
	timerq_free(&t->ends);
}

uint64_t session_ends_deadline(const struct session_table *t)
{
	const struct timerq_entry *e = timerq_first(&t->ends);

	return e ? e->deadline : UINT64_MAX;
}

struct roamd_session *session_ends_pop(struct session_table *t, uint64_t now)
{
	struct timerq_entry *e = timerq_first(&t->ends);

	if (!e || e->deadline > now)
		return NULL;
	timerq_set(&t->ends, e, 0);
	return session_of(e, end);
}

void session_view(const struct roamd_session *s, time_t now,
		  struct roam_call_view *v)
{
	const struct session_table *t = s->tab;
	struct ppp_session_info info;

	memset(v, 0, sizeof(*v));
	v->ipsec = s->view_tmpl.ipsec;
	v->protocol = s->view_tmpl.protocol;
	snprintf(v->group, sizeof(v->group), "%s", s->view_tmpl.group);
	if (s->kernel_tmpl.has_l2tp) {
		v->has_l2tp = true;
		v->l2tp_tunnel_id = s->kernel_tmpl.l2tp_tunnel_id;
		v->l2tp_session_id = s->kernel_tmpl.l2tp_session_id;
		v->l2tp_peer_tunnel_id = s->kernel_tmpl.l2tp_peer_tunnel_id;
		v->l2tp_peer_session_id = s->kernel_tmpl.l2tp_peer_session_id;
		v->l2tp_xfrm_mark = s->kernel_tmpl.l2tp_xfrm_mark;
	}
	v->kernel_id = s->kernel_id;
	v->ifindex = s->kernel_id ? s->kernel_ifindex :
		     t->dev[0] ? if_nametoindex(t->dev) : 0;
	v->kind = s->kernel_tmpl.kind;
	snprintf(v->user, sizeof(v->user), "%s", s->user);
	if (s->ppp) {
		ppp_session_get_info(s->ppp, &info);
		if (!v->user[0])
			snprintf(v->user, sizeof(v->user), "%s", info.user);
		v->ppp_phase = ppp_phase_name(info.phase);
		v->has_ppp = true;
		if (info.authenticated)
			v->auth = ppp_auth_method_keyword(info.method);
		v->mppe_bits = info.mppe_bits;
		v->mppe_stateless = info.mppe_stateless;
	}
	v->uptime = now - s->started.tv_sec;
	v->addr = s->addr;
	v->peer_ipv4 = ntohl(s->peer.sin_addr.s_addr);
	v->peer_port = ntohs(s->peer.sin_port);
}
