/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sessions: one user's connection, whatever the access method.
 *
 * Words, as used in roamd (Documentation/design.md has the glossary):
 *   client    the remote machine (a laptop, a phone), as one IKE peer or
 *             one TCP/UDP source;
 *   tunnel    a control connection of an access protocol with a client
 *             (an L2TP tunnel, a PPTP control connection, an IKE SA);
 *   call      one session of that protocol inside a tunnel (an L2TP
 *             session, a PPTP call), the access method's own state;
 *   session   what this file holds: the user, the address, the kernel
 *             session that carries the data, and why it ended. One
 *             call carries one session;
 *   kernel session  the entry in roam.ko's table (by id), present while
 *             the session is up.
 *
 * Lifetime.  An access method creates a session with session_new() when a
 * call starts, keeping its call state in the session's priv area.  From
 * then on:
 *
 *   SETUP     PPP (ppp_link.c) negotiates, authenticates through aaa/,
 *             and takes an address (address.c) when IPCP needs one;
 *   UP        session_up() declared it to the kernel: data flows;
 *   CLOSING   PPP is over (session_finish()): the kernel session was
 *             deleted, and the access method was asked to end its call
 *             (an entry with close set in its outbox);
 *   DEAD      the access method said its call is gone
 *             (session_lower_gone()): nothing refers to the session any
 *             more except the table.
 *
 * The order of an ending is fixed, whoever starts it: PPP Terminate, the
 * kernel session deleted, the lower layer closed (L2TP CDN ...), and only
 * when the session is freed, its address back in its pool, so that no
 * new client is given an address that a call still holds.
 *
 * Nothing is freed where it is decided.  DEAD sessions are freed by
 * session_reap(), which the service loop calls once every engine and
 * access method has settled (service.c); until then every pointer to a
 * session stays valid, whatever happened to it during the event.
 *
 * Calls go one way: access methods call ppp_link.c and this file; these
 * never call an access method back.  What a session wants its lower layer
 * to do (send a PPP frame, close the call) is put in the outbox of its
 * access method, which that method empties when it settles.
 */
#ifndef ROAMD_SESSION_H
#define ROAMD_SESSION_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "cmd.h"
#include "hashtab.h"
#include "ppp/auth.h"
#include "session/kernel.h"
#include "session_info.h"
#include "timerq.h"
#include "util.h"

struct aaa;
struct ppp_session;
struct roamd_db;

enum session_access {
	SESSION_ACCESS_L2TP,
	SESSION_ACCESS_PPTP,
	SESSION_ACCESS_IKE,
	SESSION_ACCESS_COUNT,
};

enum session_state {
	SESSION_SETUP,
	SESSION_UP,
	SESSION_CLOSING,
	SESSION_DEAD,
};

/* What a session asks its access method to do, in order. */
struct session_tx {
	struct session_tx *next;
	struct roamd_session *s;
	bool close;			/* end the call (no frame) */
	uint16_t len;
	uint8_t frame[];		/* a PPP frame: ff 03, protocol ... */
};

/*
 * What "roam monitor" shows of roamd's sessions: one went up, one ended
 * (down, with why), a login was refused (with why and the Windows
 * error the client shows), or a session an earlier roamd had up was
 * taken over after a restart (not a new login: its client negotiated
 * nothing).  Pointers are valid during the call only.
 */
enum session_event_type {
	SESSION_EV_UP,
	SESSION_EV_DOWN,
	SESSION_EV_REFUSED,
	SESSION_EV_TAKEN_OVER,
};

struct session_event {
	enum session_event_type type;
	enum session_access access;
	uint64_t serial;		/* 0: refused before it had a session */
	const char *label;		/* the call in the log */
	const char *user;		/* "" when not known */
	const char *group;		/* "" when none */
	const struct sockaddr_in *peer;	/* NULL when not known */
	uint32_t addr;			/* host order; 0: none */
	const char *why;		/* "" for up */
	unsigned int windows_error;	/* 0: none */
};

struct session_table {
	struct roamd_session *list;	/* every session, newest first */
	size_t n;
	/*
	 * Indexes, so that no event costs a walk of the list: sessions by
	 * serial, by kernel id, by address (DEAD ones too: they hold their
	 * address until reaped) and by call (access method's key), and the
	 * sessions' PPP deadlines, earliest first.
	 */
	struct hashtab by_serial, by_kernel_id, by_addr, by_call;
	struct timerq timers;
	/* the ends of UP sessions with a Session-Timeout, earliest first */
	struct timerq ends;
	struct roamd_session *dead_list;	/* waiting for session_reap() */
	uint64_t next_serial;
	struct session_kernel kernel;
	struct aaa *aaa;
	struct roamd_db *db;		/* users and pools */
	/* the device new sessions go on (the first "link add") */
	char dev[ROAM_IFNAME_MAX + 1];
	struct {
		struct session_tx *head, **tail;
	} outbox[SESSION_ACCESS_COUNT];
	unsigned int dead;		/* sessions waiting for session_reap() */
	/*
	 * Sessions in SESSION_SETUP (negotiating, authenticating): what
	 * an access method's admission limit bounds (l2tp set
	 * setup-limit).  Kept by session_set_state().
	 */
	unsigned int nsetup;
	/*
	 * Told when a session first goes up and when it ends (accounting,
	 * aaa/radius_acct.c); it only notes and queues.  NULL: nobody.
	 */
	void (*acct_event)(void *ctx, struct roamd_session *s, bool up);
	/*
	 * Told when a session whose accounting an earlier roamd started
	 * is taken over (no Start: its Interim-Updates go on).
	 */
	void (*acct_resumed)(void *ctx, struct roamd_session *s);
	void *acct_ctx;
	/*
	 * The group policy's wall clock is the system's plus this many
	 * seconds ("daemon set clock-offset", for tests of access hours);
	 * recheck: every up session is checked on the next timer.
	 */
	long long clock_offset;
	/*
	 * Bumped whenever a session's kernel id, address, user or what
	 * its RADIUS server granted is set, or a session is reaped: the
	 * restart state is rebuilt only then.
	 */
	uint64_t saved_changes;
	bool policy_recheck;
	/*
	 * No UP session's pol_next is earlier (policy_enforce.c): the
	 * deadline is read after every event, and a walk of every session
	 * there cost in proportion to N.  Lowered when a session goes UP,
	 * recomputed by session_policy_timer()'s walk.
	 */
	uint64_t pol_min;
	/*
	 * The traffic so far of a session that no kernel session carries
	 * (an IKE Mode-Config client: its ESP SAs'), into the rx/tx
	 * packets and bytes of *k: for its idle timeout (rx_packets) and
	 * its accounting records; set by the access method that has such
	 * sessions (access/ike.c).  0, or -1 when unknown.  NULL: nobody.
	 */
	int (*lower_stats)(void *ctx, const struct roamd_session *s,
			   struct roam_session_info *k);
	void *lower_stats_ctx;
	/*
	 * Told of every session going up, ending and every refused login
	 * (roam monitor, through the control socket); it only copies the
	 * event out.  NULL: nobody.
	 */
	void (*event)(void *ctx, const struct session_event *e);
	void *event_ctx;
};

/*
 * The attributes of a session's encapsulation, as the access method knows
 * them at creation: what roam_session_info carries of them, without its
 * counters and addresses (kernel_common() builds the declaration), so
 * that a session does not hold a whole declaration for a few ids.
 */
struct session_kernel_tmpl {
	uint32_t kind;			/* ROAM_KIND_L2TP, _PPTP */
	bool has_l2tp, has_pptp;
	bool l2tp_allow_plain;
	int l2tp_fd;
	uint16_t l2tp_tunnel_id, l2tp_session_id;
	uint16_t l2tp_peer_tunnel_id, l2tp_peer_session_id;
	uint32_t l2tp_xfrm_mark;
	uint16_t pptp_call_id, pptp_peer_call_id;
	uint32_t pptp_local_ipv4;	/* host order */
};

/*
 * What "session show" takes from the access method and not from the
 * session's own fields (session_view()): the L2TP ids come from
 * kernel_tmpl.
 */
struct session_view_tmpl {
	bool ipsec;			/* carried through an IPsec SA */
	const char *protocol;		/* a static string; NULL: by kind */
	/* its group policy; "": none; set with session_set_group() */
	const char *group;
};

struct roamd_session {
	struct roamd_session *next;
	struct roamd_session **pprev;	/* what points at it in the list */
	struct session_table *tab;
	/* its entries in the table's indexes */
	struct hashtab_node serial_node, kernel_id_node, addr_node, call_node;
	struct timerq_entry timer;	/* its PPP deadline (ppp_link.c) */
	struct roamd_session *timer_next;	/* due in this tick */
	struct timerq_entry end;	/* up_at + session_timeout, if any */
	struct roamd_session *dead_next;	/* on tab->dead_list */
	enum session_access access;
	enum session_state state;
	uint64_t serial;		/* unique for roamd's life, never 0 */
	struct timespec started;	/* CLOCK_MONOTONIC */
	struct sockaddr_in peer;	/* the client, as its packets come */
	/*
	 * The strings below are allocated to their size when set (a
	 * session holds no buffer sized for the longest name or reason)
	 * and point at a shared "" until then: read them as strings, set
	 * them only with session_set_user(), session_set_group(),
	 * session_note_why() and
	 * session_take_auth_attrs().
	 */
	const char *user;		/* "" before authentication */
	char label[48];			/* the call in the log: "L2TP 3/7" */
	/*
	 * The access method's name for its call (L2TP: tunnel << 16 |
	 * session; PPTP: our call id), for session_by_call().
	 */
	uint64_t call_key;

	/* PPP, for the methods that carry it (ppp_link.c) */
	struct ppp_session *ppp;
	bool ppp_finished;
	bool ppp_closing;

	bool weak_lower;		/* carried without IPsec */
	bool lower_down;		/* the call is ending below us */
	bool lower_gone;		/* the call is over below us */
	/* here for the holes; they belong to the blocks below */
	bool auth_remote;		/* the server was RADIUS */
	bool acct_started;		/* accounting: a Start was sent */
	bool has_final;			/* final_* are the last counters */
	uint32_t addr;			/* host order; 0: none (yet) */
	/*
	 * What the authentication server said (RADIUS): its address wins
	 * over the pools (host order; 0: none), its Class goes back in
	 * accounting, its timeouts (seconds; 0: none).
	 */
	uint32_t auth_addr;
	uint32_t session_timeout, idle_timeout, interim;
	uint32_t term_cause;		/* accounting (below) */
	const char *auth_pool;		/* Framed-Pool; "": none */
	uint8_t *auth_class;		/* NULL when auth_class_len is 0 */
	size_t auth_class_len;
	/*
	 * Accounting: started (a Start was sent), when it went up, why it
	 * ended (term_cause: an RFC 2866 Acct-Terminate-Cause; 0: the
	 * client asked) and
	 * the kernel's last counters, read just before the kernel session
	 * was deleted (without one: the lower layer's, at session_finish()
	 * or, when the lower layer goes first, noted by the access method
	 * before its SAs are deleted).
	 */
	struct timespec up_at;		/* CLOCK_MONOTONIC */
	/*
	 * Its next Interim-Update (ms) when the server gave it an
	 * interval of its own (Acct-Interim-Interval); 0: it follows the
	 * configured one (aaa/radius_acct.c).
	 */
	uint64_t acct_interim_next;
	uint64_t final_rx_packets, final_rx_bytes;
	uint64_t final_tx_packets, final_tx_bytes;
	char pool[ROAM_POOL_NAME_MAX + 1];	/* "" for a fixed address */
	uint32_t kernel_id;		/* 0: not in the kernel */
	uint32_t kernel_ifindex;	/* the device it was added on */
	/*
	 * Declared to the kernel when its call started, before PPP (PPTP:
	 * the kernel numbers the call's GRE packets, PPP's included): PPP's
	 * frames go through the kernel, IPCP sets the address and the state,
	 * and only the end of the session deletes it.
	 */
	bool kernel_early;

	/*
	 * Filled by the access method at creation: the kernel attributes
	 * of its encapsulation (kind, l2tp ...) and its part of the view.
	 */
	struct session_kernel_tmpl kernel_tmpl;
	struct session_view_tmpl view_tmpl;

	/*
	 * Group policy (session/policy_enforce.c): when the next check is
	 * due, when the kernel's counters are read next, the received
	 * packets then, and when a packet last came (CLOCK_MONOTONIC ms).
	 */
	uint64_t pol_next, pol_poll_next, pol_rx, pol_active;

	const char *why;		/* how it ended; "" while alive */
	unsigned int windows_error;	/* what a Windows user saw; 0 none */
	bool refusal_told;		/* the event hook heard its refusal */
	uint8_t priv[] __attribute__((aligned(8)));	/* the call */
};

void session_table_init(struct session_table *t, struct roamd_db *db,
			struct aaa *aaa);
/* Frees every session as session_reap() does (no kernel calls). */
void session_table_fini(struct session_table *t);

/*
 * A new session in SETUP, with priv_size zeroed bytes of call state.
 * The caller fills kernel_tmpl, view_tmpl and peer.  NULL: no memory.
 */
struct roamd_session *session_new(struct session_table *t,
				  enum session_access access,
				  size_t priv_size);
static inline void *session_priv(struct roamd_session *s)
{
	return s->priv;
}

struct aaa_attrs;
/* Keep what the authentication server said (aaa/auth.h). */
void session_take_auth_attrs(struct roamd_session *s,
			     const struct aaa_attrs *a);

/*
 * The login of user on a session without PPP (IKE XAUTH/Mode-Config),
 * whose verdict came before the session: the user taken, what the
 * server granted at the verdict (granted; NULL or not remote: nothing)
 * kept as a PPP session keeps it, and an address in the order of the
 * user's policy (Framed-IP-Address under "server", Framed-Pool in place
 * of the pools).  Its group (view_tmpl.group) is set before.  0, or -1
 * when no address can be given (logged).
 */
int session_login_lowered(struct roamd_session *s, const char *user,
			  const struct aaa_attrs *granted);

/* The session with this serial, if it is still in the table. */
struct roamd_session *session_by_serial(struct session_table *t,
					uint64_t serial);
/* The session on kernel session id (on ifindex; 0: any device). */
struct roamd_session *session_by_kernel_id(struct session_table *t,
					   uint32_t ifindex, uint32_t id);

/*
 * Name the call a session carries (session_by_call() finds it by this
 * name).  0, or -1 when there is no memory to index it.
 */
int session_set_call_key(struct roamd_session *s, uint64_t key);
/* The session whose call (of access method a) is key and not gone. */
struct roamd_session *session_by_call(struct session_table *t,
				      enum session_access a, uint64_t key);

/*
 * The only ways the session layer changes a session's kernel id and
 * address, so that the indexes follow (0: none).
 */
void session_set_kernel_id(struct roamd_session *s, uint32_t id);
void session_set_addr(struct roamd_session *s, uint32_t addr);
/* The user a session authenticated as (the restart state notes it). */
void session_set_user(struct roamd_session *s, const char *user);
/* The group policy it falls under (the view and the policy checks). */
void session_set_group(struct roamd_session *s, const char *group);
/*
 * Why the session ends, unless a reason was noted before (the first
 * cause wins); at most SESSION_WHY_MAX - 1 characters are kept.
 */
#define SESSION_WHY_MAX	192
__printf(2, 3)
void session_note_why(struct roamd_session *s, const char *fmt, ...);
/* The same, replacing any reason noted before. */
__printf(2, 3)
void session_set_why(struct roamd_session *s, const char *fmt, ...);

/* The live (not DEAD) session given address addr (host order). */
struct roamd_session *session_by_addr(struct session_table *t, uint32_t addr);

/*
 * An address for a user: the user's own (refused if another session has
 * it), else the first pool with a free one.  0, or -1 (logged).
 */
int session_address_take(struct roamd_session *s, const char *user);
/*
 * The same in the order of the user's group policy, its pools, and the
 * address the client asked for (0: none) when the order names "client".
 */
int session_address_take_policy(struct roamd_session *s, const char *user,
				uint32_t requested);
/* The same, from these pools in this order (none given: every pool). */
int session_address_take_pools(struct roamd_session *s, const char *user,
			       const char (*names)[ROAM_POOL_NAME_MAX + 1],
			       size_t nnames);
/*
 * This very address (host order), out of its pool if it lies in one: a
 * session taken over keeps what its client has.  0, or -1 (in use,
 * taken in its pool, or not a client's).
 */
int session_address_take_exact(struct roamd_session *s, uint32_t addr);
/* Back to its pool; done by session_reap(), or on a failed setup. */
void session_address_release(struct roamd_session *s);
bool session_address_in_use(const struct session_table *t, uint32_t addr);

/*
 * Declare the session to the kernel now, DOWN and without an address, for
 * a lower layer whose packets the kernel numbers (PPTP).  0, or -1.
 */
int session_kernel_declare(struct roamd_session *s);
/*
 * The session carries data now (UP), with its MPPE keys if any (wiped by
 * the caller).  0, or -1 (logged).
 */
int session_up(struct roamd_session *s, const struct roam_pptp_mppe *mppe);
/* MPPE came up after the session did (MPPE optional). */
int session_kernel_mppe(struct roamd_session *s,
			const struct roam_pptp_mppe *mppe);
/*
 * The client moved to peer (its NAT gave it a new public address): the
 * session's peer, and its kernel session's if it has one, follow.  0, or
 * -1 when the kernel refused (logged; the session keeps its old peer).
 */
int session_peer_moved(struct roamd_session *s,
		       const struct sockaddr_in *peer);
/* IPCP left Opened: the kernel stops carrying data. */
void session_kernel_down(struct roamd_session *s);
/* Send a PPP frame (ff 03 optional) through the kernel session. */
int session_kernel_send(struct roamd_session *s, const uint8_t *frame,
			size_t len);

/* Put a PPP frame in the access method's outbox (dropped if no memory). */
void session_send(struct roamd_session *s, const uint8_t *frame, size_t len);

/*
 * PPP (or whatever ran above the call) is over: the kernel session is
 * deleted and, unless the call is already gone, the access method is asked
 * to end it.  Idempotent.
 */
void session_finish(struct roamd_session *s, const char *why,
		    unsigned int windows_error);
/*
 * An IKE Mode-Config session has its address: it is up (no kernel
 * session: the data is xfrm's).  Tells the event hook.
 */
void session_up_lowered(struct roamd_session *s);
/*
 * An UP session's Session-Timeout (from the RADIUS server) armed from
 * its up_at, unless armed already or it has none.
 */
void session_arm_end(struct roamd_session *s);
/* Tell the event hook that s was taken over after a restart. */
void session_tell_taken_over(struct roamd_session *s);
/* The event of type for s, as the hook hears it (pointers into s). */
void session_event_of(const struct roamd_session *s,
		      enum session_event_type type, struct session_event *e);
/*
 * Its login (of user; NULL: its own) is refused now (why, and the
 * Windows error the client
 * shows): told to the event hook at once, not when PPP has wound down;
 * its ending is then not told again as a refusal.
 */
void session_refused(struct roamd_session *s, const char *user,
		     const char *why, unsigned int windows_error);
/*
 * A login refused before it had a session (XAUTH): told to the event
 * hook as a refusal.  peer may be NULL.
 */
void session_refused_early(struct session_table *t, enum session_access a,
			   const char *label, const char *user,
			   const char *group, const struct sockaddr_in *peer,
			   const char *why, unsigned int windows_error);

/* The access method's call is gone: the session is DEAD. */
void session_lower_gone(struct roamd_session *s);

/* The next thing for access method a to do; NULL when none.  Free it. */
struct session_tx *session_outbox_pop(struct session_table *t,
				      enum session_access a);

/* Free DEAD sessions (their addresses go back).  Returns how many. */
unsigned int session_reap(struct session_table *t);

/*
 * The Session-Timeouts the authentication server gave: armed when the
 * session goes up, so that whoever enforces them (aaa/radius_acct.c)
 * finds the next in O(1).  The earliest end (UINT64_MAX: none), and the
 * next session whose end is at or before now, taken off (NULL: none).
 * A session that has ended since may still come out: check it.
 */
uint64_t session_ends_deadline(const struct session_table *t);
struct roamd_session *session_ends_pop(struct session_table *t, uint64_t now);

/* The view for "session show". */
void session_view(const struct roamd_session *s, time_t now,
		  struct roam_call_view *v);
/* "user alice" or "L2TP 3/7" style words for the log. */
const char *session_state_name(enum session_state st);
/* Every change of a session's state goes through here (nsetup). */
void session_set_state(struct roamd_session *s, enum session_state st);

#endif /* ROAMD_SESSION_H */
