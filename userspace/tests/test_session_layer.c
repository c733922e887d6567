// SPDX-License-Identifier: GPL-2.0
/*
 * The session layer without a kernel or a socket: a session driven by a
 * scripted PPP client (PAP, IPCP), a recorder in the kernel's place and
 * in the access method's place (the outbox), and the fixed order of an
 * ending: PPP Terminate, the kernel session deleted, the call closed, the
 * address back in its pool only once the session is freed.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include <linux/roam.h>

#include "aaa/auth.h"
#include "db.h"
#include "ppp/frame.h"
#include "ppp/session.h"
#include "session/kernel_gone.h"
#include "session/ppp_link.h"
#include "session/session.h"
#include "test.h"
#include "test_session_layer.h"

void suite_session_layer(void);



/* What happened, in order: the test's record of the layers' outputs. */
static char trail[1024];

static void note(const char *what)
{
	size_t n = strlen(trail);

	snprintf(trail + n, sizeof(trail) - n, "%s%s", n ? "," : "", what);
}

unsigned int k_added;
static unsigned int k_deleted;
static uint32_t k_last_addr;

static int rec_add(void *ctx, const struct roam_session_info *s, char *err,
		   size_t errlen)
{
	(void)ctx;
	(void)err;
	(void)errlen;
	k_added++;
	k_last_addr = s->ipv4;
	note("kernel-add");
	return 0;
}

static int rec_del(void *ctx, uint32_t ifindex, uint32_t id, char *err,
		   size_t errlen)
{
	(void)ctx;
	(void)ifindex;
	(void)id;
	(void)err;
	(void)errlen;
	k_deleted++;
	note("kernel-del");
	return 0;
}

/* The kernel's received-packet counter, as the idle timeout reads it. */
uint64_t k_rx_packets;

static int rec_stats(void *ctx, uint32_t ifindex, uint32_t id,
		     struct roam_session_info *out)
{
	(void)ctx;
	(void)ifindex;
	(void)id;
	out->rx_packets = k_rx_packets;
	return 0;
}

static const struct session_kernel_ops rec_ops = {
	.add = rec_add,
	.del = rec_del,
	.stats = rec_stats,
};

struct roamd_db db;
static struct aaa aaa;
struct session_table tab;
uint64_t now_ms = 1000;

void setup(void)
{
	char err[128];

	trail[0] = '\0';
	k_added = k_deleted = 0;
	db_init(&db);
	CHECK_INT(users_add(&db.users, "alice", "secret", 6, false, 0, err,
			    sizeof(err)), 0);
	CHECK_INT(users_add(&db.users, "bob", "fixed", 5, true,
			    IP4(10, 9, 0, 7), err, sizeof(err)), 0);
	CHECK_INT(pools_add(&db.pools, "vpn", IP4(10, 0, 0, 10),
			    IP4(10, 0, 0, 11), err, sizeof(err)), 0);
	db.settings.auth[0] = ROAM_PPP_AUTH_PAP;
	db.settings.nauth = 1;
	db.settings.echo_interval = 0;
	db.settings.ppp_local = IP4(10, 0, 0, 1);
	aaa_init(&aaa, &db.users);
	session_table_init(&tab, &db, &aaa);
	/* "lo" exists everywhere: session_up() needs a device index */
	snprintf(tab.dev, sizeof(tab.dev), "lo");
	tab.kernel.ops = &rec_ops;
}

void teardown(void)
{
	session_table_fini(&tab);
	aaa_fini(&aaa);
	db_free(&db);
}

/* The latest frame the session asked the access method to send. */
struct ppp_wire_frame last[8];
unsigned int nlast;
static unsigned int closes;

/* Play the access method: empty the outbox, noting what it held. */
static void drain(void)
{
	struct session_tx *tx;

	nlast = 0;
	while ((tx = session_outbox_pop(&tab, SESSION_ACCESS_L2TP))) {
		if (tx->close) {
			closes++;
			note("lower-close");
			free(tx);
			continue;
		}
		if (nlast < 8 &&
		    ppp_wire_read(tx->frame, tx->len, &last[nlast])) {
			if (last[nlast].proto == PROTO_LCP &&
			    last[nlast].code == TERMREQ)
				note("tx-terminate");
			nlast++;
		}
		free(tx);
	}
}

void layer_drain(void)
{
	drain();
}

/* Run what the service loop runs after an event. */
static void settle(void)
{
	while (aaa_run(&aaa) | ppp_link_settle(&tab, now_ms))
		;
	drain();
}

int find(uint16_t proto, uint8_t code)
{
	return ppp_wire_find(last, nlast, proto, code);
}

void client_send(struct roamd_session *s, uint16_t proto,
			uint8_t code, uint8_t id, const uint8_t *data,
			size_t dlen)
{
	uint8_t f[300];
	size_t n = ppp_wire_frame(f, sizeof(f), proto, code, id, data, dlen);

	CHECK(n > 0);
	ppp_link_input(s, f, n, now_ms);
	drain();
}

/* A session as an L2TP call starts one, up to IPCP Opened. */
struct roamd_session *bring_up(const char *user, const char *pass,
				      uint32_t *addr)
{
	static const uint8_t magic[] = { 5, 6, 0x12, 0x34, 0x56, 0x78 };
	uint8_t pap[64], ipcp[6] = { 3, 6, 0, 0, 0, 0 };
	struct roamd_session *s;
	size_t ul = strlen(user), pl = strlen(pass);
	int i;

	s = session_new(&tab, SESSION_ACCESS_L2TP, 16);
	CHECK(s != NULL);
	if (!s)
		return NULL;
	s->kernel_tmpl.kind = ROAM_KIND_L2TP;
	snprintf(s->label, sizeof(s->label), "test call");
	CHECK_INT(ppp_link_attach(s, &db.settings), 0);
	ppp_link_start(s, now_ms);
	drain();
	i = find(PROTO_LCP, CONFREQ);
	CHECK(i >= 0);
	if (i < 0)
		return s;
	/* ack the server's request, ask for a magic number of ours */
	client_send(s, PROTO_LCP, CONFACK, last[i].id, last[i].data,
		    last[i].dlen);
	client_send(s, PROTO_LCP, CONFREQ, 1, magic, sizeof(magic));
	CHECK(find(PROTO_LCP, CONFACK) >= 0);

	pap[0] = ul;
	memcpy(pap + 1, user, ul);
	pap[1 + ul] = pl;
	memcpy(pap + 2 + ul, pass, pl);
	client_send(s, PROTO_PAP, 1, 1, pap, 2 + ul + pl);
	/* asynchronous: nothing is answered before the loop settles */
	CHECK_INT(nlast, 0);
	settle();
	if (find(PROTO_PAP, 2) < 0)
		return s;		/* refused: the caller checks */
	/* no IPCP request: no address for this user (the caller checks) */
	i = find(PROTO_IPCP, CONFREQ);
	if (i < 0)
		return s;
	client_send(s, PROTO_IPCP, CONFACK, last[i].id, last[i].data,
		    last[i].dlen);
	client_send(s, PROTO_IPCP, CONFREQ, 1, ipcp, sizeof(ipcp));
	i = find(PROTO_IPCP, CONFNAK);
	if (i < 0)
		return s;
	memcpy(ipcp, last[i].data, sizeof(ipcp));
	client_send(s, PROTO_IPCP, CONFREQ, 2, ipcp, sizeof(ipcp));
	CHECK(find(PROTO_IPCP, CONFACK) >= 0);
	*addr = (uint32_t)ipcp[2] << 24 | ipcp[3] << 16 | ipcp[4] << 8 |
		ipcp[5];
	return s;
}

static void layer_close_order(void)
{
	struct roamd_session *s;
	uint32_t addr = 0;
	int i;

	setup();
	s = bring_up("alice", "secret", &addr);
	CHECK_INT(addr, IP4(10, 0, 0, 10));
	CHECK_INT(s->state, SESSION_UP);
	CHECK_INT(k_added, 1);
	CHECK_INT(k_last_addr, IP4(10, 0, 0, 10));
	CHECK_STR(s->user, "alice");
	CHECK_INT(db.pools.v[0].in_use, 1);
	CHECK_STR(trail, "kernel-add");

	/*
	 * Closed from our side (session del).  The Terminate-Request is
	 * queued first; the kernel session goes as IPCP leaves Opened, in
	 * the same step; the Terminate-Request reaches the wire when the
	 * access method empties its outbox.
	 */
	trail[0] = '\0';
	ppp_link_close(s, now_ms);
	CHECK(tab.outbox[SESSION_ACCESS_L2TP].head != NULL);
	CHECK(!tab.outbox[SESSION_ACCESS_L2TP].head->close);
	CHECK_INT(k_deleted, 1);
	CHECK_STR(trail, "kernel-del");
	drain();
	i = find(PROTO_LCP, TERMREQ);
	CHECK_INT(i, 0);
	CHECK_INT(closes, 0);
	client_send(s, PROTO_LCP, TERMACK, i >= 0 ? last[i].id : 0, NULL, 0);
	/* PPP done: now the call is closed (the CDN), and only then */
	CHECK_STR(trail, "kernel-del,tx-terminate,lower-close");
	CHECK_INT(s->state, SESSION_CLOSING);
	/* the address is still the call's until the call is gone */
	CHECK_INT(db.pools.v[0].in_use, 1);
	CHECK(session_address_in_use(&tab, IP4(10, 0, 0, 10)));

	session_lower_gone(s);
	CHECK_INT(s->state, SESSION_DEAD);
	CHECK_INT(db.pools.v[0].in_use, 1);
	CHECK_INT(session_reap(&tab), 1);
	CHECK_INT(db.pools.v[0].in_use, 0);
	CHECK_INT(tab.n, 0);
	CHECK_INT(k_deleted, 1);
	teardown();
}

/* The call goes first (CDN from the client): no close is asked for. */
static void layer_lower_first(void)
{
	struct roamd_session *s;
	uint32_t addr = 0;

	setup();
	s = bring_up("alice", "secret", &addr);
	trail[0] = '\0';
	closes = 0;
	ppp_link_lower_down(s, now_ms);
	drain();
	CHECK_STR(trail, "kernel-del");
	CHECK_INT(closes, 0);
	session_lower_gone(s);
	CHECK_INT(session_reap(&tab), 1);
	CHECK_INT(db.pools.v[0].in_use, 0);

	/* and a call that ends with no PPP end first: finished at once */
	s = bring_up("alice", "secret", &addr);
	trail[0] = '\0';
	session_lower_gone(s);
	drain();
	CHECK_STR(trail, "kernel-del");
	CHECK_INT(s->state, SESSION_DEAD);
	CHECK_INT(session_reap(&tab), 1);
	CHECK_INT(db.pools.v[0].in_use, 0);
	teardown();
}

/* A wrong password: refused through the queue, no kernel session. */
static void layer_auth_refused(void)
{
	struct roamd_session *s;
	uint32_t addr = 0;

	setup();
	s = bring_up("alice", "wrong", &addr);
	CHECK(find(PROTO_PAP, 3) >= 0);
	CHECK_INT(k_added, 0);
	CHECK_INT(aaa.rejected, 1);
	CHECK_INT(s->state, SESSION_SETUP);
	teardown();
}

/* A fixed address is the user's only: a second login is refused. */
static void layer_fixed_address(void)
{
	struct roamd_session *s1, *s2;
	uint32_t a1 = 0, a2 = 0;

	setup();
	s1 = bring_up("bob", "fixed", &a1);
	CHECK_INT(a1, IP4(10, 9, 0, 7));
	CHECK_INT(s1->state, SESSION_UP);
	s2 = bring_up("bob", "fixed", &a2);
	CHECK_INT(a2, 0);
	CHECK(s2->state != SESSION_UP);
	CHECK_HAS(ppp_session_down(s2->ppp)->text, "error 733");
	CHECK(find(PROTO_LCP, TERMREQ) >= 0);
	CHECK_INT(k_added, 1);
	/* the pools were not touched */
	CHECK_INT(db.pools.v[0].in_use, 0);
	teardown();
}

/* A session freed with a request still queued: the verdict is dropped. */
static void layer_verdict_after_free(void)
{
	static const uint8_t pap[] = { 5, 'a', 'l', 'i', 'c', 'e',
				       6, 's', 'e', 'c', 'r', 'e', 't' };
	struct roamd_session *s;

	setup();
	s = session_new(&tab, SESSION_ACCESS_L2TP, 0);
	CHECK_INT(ppp_link_attach(s, &db.settings), 0);
	/* PAP before LCP opened is discarded by PPP: use aaa directly */
	CHECK_INT(aaa_submit(&aaa, s->serial, &(struct ppp_auth_request){
		.method = PPP_AUTH_PAP, .seq = 1, .user = "alice",
		.user_len = 5, .response = pap + 7, .response_len = 6 }), 0);
	session_lower_gone(s);
	CHECK_INT(session_reap(&tab), 1);
	/* the queued question went with it */
	CHECK(!aaa_run(&aaa));
	CHECK(aaa_next_done(&aaa) == NULL);
	teardown();
}

/*
 * The kernel deleted the session itself (device deleted, module
 * unloaded): the call ends as a close from our side does, PPP Terminate
 * first, then the call closed; roamd deletes nothing more in the kernel.
 */
static void layer_kernel_gone(void)
{
	struct roamd_session *s;
	uint32_t addr = 0, id, ifindex;
	int i;

	setup();
	s = bring_up("alice", "secret", &addr);
	CHECK_INT(s->state, SESSION_UP);
	id = s->kernel_id;
	ifindex = s->kernel_ifindex;
	CHECK(id != 0);
	/* another device's session of that id is not ours */
	CHECK(!session_kernel_gone(&tab, ifindex + 1, id, "test", now_ms));
	trail[0] = '\0';
	closes = 0;
	CHECK(session_kernel_gone(&tab, ifindex, id, "its device was deleted",
				  now_ms));
	CHECK_INT(s->kernel_id, 0);
	CHECK_HAS(s->why, "its device was deleted");
	drain();
	i = find(PROTO_LCP, TERMREQ);
	CHECK(i >= 0);
	CHECK_INT(closes, 0);
	/* a second notification for it changes nothing */
	CHECK(!session_kernel_gone(&tab, ifindex, id, "again", now_ms));
	client_send(s, PROTO_LCP, TERMACK, i >= 0 ? last[i].id : 0, NULL, 0);
	CHECK_STR(trail, "tx-terminate,lower-close");
	CHECK_INT(k_deleted, 0);
	CHECK_INT(db.pools.v[0].in_use, 1);
	session_lower_gone(s);
	CHECK_INT(session_reap(&tab), 1);
	CHECK_INT(db.pools.v[0].in_use, 0);
	teardown();
}

/* Our own deletion is never taken for the kernel's. */
static void layer_kernel_gone_own(void)
{
	struct roamd_session *s;
	uint32_t addr = 0, id, ifindex;

	setup();
	s = bring_up("alice", "secret", &addr);
	id = s->kernel_id;
	ifindex = s->kernel_ifindex;
	ppp_link_close(s, now_ms);
	CHECK_INT(k_deleted, 1);
	CHECK(!session_kernel_gone(&tab, ifindex, id, "admin", now_ms));
	CHECK_STR(s->why, "");
	teardown();
}

/*
 * PPP that goes through the kernel session (PPTP) cannot say goodbye:
 * the call is closed at once; and a lost notification is found by
 * comparing with the kernel's list.
 */
static void layer_kernel_gone_resync(void)
{
	struct roam_session_info k[1] = {};
	struct roamd_session *s1, *s2;
	uint32_t a1 = 0, a2 = 0;

	setup();
	s1 = bring_up("alice", "secret", &a1);
	s2 = bring_up("bob", "fixed", &a2);
	CHECK_INT(s1->state, SESSION_UP);
	CHECK_INT(s2->state, SESSION_UP);
	s2->kernel_early = true;	/* as PPTP declares it */
	k[0].id = s1->kernel_id;
	k[0].ifindex = s1->kernel_ifindex;
	trail[0] = '\0';
	closes = 0;
	CHECK_INT(session_kernel_resync(&tab, k, 1, now_ms), 1);
	CHECK_INT(s1->state, SESSION_UP);
	CHECK_INT(s2->state, SESSION_CLOSING);
	CHECK(s2->ppp_finished);
	drain();
	CHECK_STR(trail, "lower-close");
	/* then the module goes: the rest goes with it */
	trail[0] = '\0';
	CHECK_INT(session_kernel_all_gone(&tab, "unloaded", now_ms), 1);
	drain();
	CHECK_STR(trail, "tx-terminate");
	CHECK_INT(k_deleted, 0);
	teardown();
}

/*
 * A session without PPP or kernel session (an IKE Mode-Config client)
 * ended from above, found by its address as "session del address A"
 * finds it: its access method is asked to close the call (the IKE SA's
 * delete), and its address is back only once it is reaped.
 */
static void layer_close_by_address(void)
{
	struct roamd_session *s, *other;
	struct session_tx *tx;

	setup();
	s = session_new(&tab, SESSION_ACCESS_IKE, 8);
	other = session_new(&tab, SESSION_ACCESS_IKE, 8);
	CHECK(s && other);
	CHECK_INT(session_address_take_pools(s, "alice", NULL, 0), 0);
	CHECK_INT(session_address_take_pools(other, "alice", NULL, 0), 0);
	CHECK_INT(s->addr, IP4(10, 0, 0, 10));
	CHECK_INT(other->addr, IP4(10, 0, 0, 11));
	s->state = other->state = SESSION_UP;
	CHECK_INT(db.pools.v[0].in_use, 2);

	CHECK(session_by_addr(&tab, IP4(10, 0, 0, 10)) == s);
	CHECK(session_by_addr(&tab, IP4(10, 0, 0, 11)) == other);
	CHECK(session_by_addr(&tab, IP4(10, 0, 0, 12)) == NULL);
	CHECK(session_by_addr(&tab, 0) == NULL);

	session_finish(s, "closed by control request", 0);
	CHECK_INT(k_deleted, 0);	/* there was no kernel session */
	tx = session_outbox_pop(&tab, SESSION_ACCESS_IKE);
	CHECK(tx && tx->close && tx->s == s);
	free(tx);
	CHECK(session_outbox_pop(&tab, SESSION_ACCESS_IKE) == NULL);
	CHECK(session_outbox_pop(&tab, SESSION_ACCESS_L2TP) == NULL);
	/* still found while its call ends: a second del is not an error */
	CHECK(session_by_addr(&tab, IP4(10, 0, 0, 10)) == s);
	CHECK_INT(db.pools.v[0].in_use, 2);

	/* the IKE SA is gone (CLIENT_DOWN): DEAD, no longer found */
	session_lower_gone(s);
	CHECK_INT(s->state, SESSION_DEAD);
	CHECK(session_by_addr(&tab, IP4(10, 0, 0, 10)) == NULL);
	CHECK_INT(db.pools.v[0].in_use, 2);
	CHECK_INT(session_reap(&tab), 1);
	CHECK_INT(db.pools.v[0].in_use, 1);
	CHECK_STR(tab.list->why, "");
	CHECK(tab.list == other);
	teardown();
}

void suite_session_layer(void)
{
	RUN(layer_close_order);
	RUN(layer_lower_first);
	RUN(layer_auth_refused);
	RUN(layer_fixed_address);
	RUN(layer_verdict_after_free);
	RUN(layer_kernel_gone);
	RUN(layer_kernel_gone_own);
	RUN(layer_kernel_gone_resync);
	RUN(layer_close_by_address);
}
