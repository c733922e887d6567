// SPDX-License-Identifier: GPL-2.0
/*
 * The host benches' scripted PPP client and session layer (ppp_peer.h).
 * The client only answers what the server sent since it last spoke, so
 * each frame the server sends is read from the outbox as the access
 * method would send it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/roam.h>

#include "aaa/auth.h"
#include "kernel_null.h"
#include "ppp_peer.h"
#include "ppp_wire.h"
#include "session/ppp_link.h"

#define CONFREQ		1
#define CONFACK		2
#define CONFNAK		3
#define SEEN_MAX	8

struct roamd_db bench_db;
struct session_table bench_tab;
uint64_t bench_now_ms = 1000;
static struct aaa aaa;

/* The server's frames since the client last spoke, as it sees them. */
static struct ppp_wire_frame seen[SEEN_MAX];
static unsigned int nseen;

/* The access method's part: empty the outbox (the client "receives"). */
static void drain(void)
{
	struct session_tx *tx;

	while ((tx = session_outbox_pop(&bench_tab, SESSION_ACCESS_L2TP))) {
		if (!tx->close && nseen < SEEN_MAX &&
		    ppp_wire_read(tx->frame, tx->len, &seen[nseen]))
			nseen++;
		free(tx);
	}
}

void ppp_peer_settle(void)
{
	while (aaa_run(&aaa) | ppp_link_settle(&bench_tab, bench_now_ms))
		drain();
	drain();
	session_reap(&bench_tab);
	(void)ppp_link_table_deadline(&bench_tab);
}

static int find(uint16_t proto, uint8_t code)
{
	return ppp_wire_find(seen, nseen, proto, code);
}

void ppp_peer_send(uint64_t key, uint16_t proto, uint8_t code, uint8_t id,
		   const uint8_t *data, size_t dlen)
{
	struct roamd_session *s;
	uint8_t f[128];
	size_t n = ppp_wire_frame(f, sizeof(f), proto, code, id, data, dlen);

	if (!n)
		return;
	nseen = 0;
	s = session_by_call(&bench_tab, SESSION_ACCESS_L2TP, key);
	if (s)
		ppp_link_input(s, f, n, bench_now_ms);
	ppp_peer_settle();
}

/* Ack the server's Configure-Request of proto; false if it sent none. */
static bool ack_request(uint64_t key, uint16_t proto)
{
	int i = find(proto, CONFREQ);

	if (i < 0)
		return false;
	ppp_peer_send(key, proto, CONFACK, seen[i].id, seen[i].data,
		      seen[i].dlen);
	return true;
}

bool ppp_peer_up(struct roamd_session *s, uint64_t key)
{
	static const uint8_t magic[] = { 5, 6, 0x12, 0x34, 0x56, 0x78 };
	static const uint8_t pap[] = { 4, 'u', 's', 'e', 'r',
				       6, 's', 'e', 'c', 'r', 'e', 't' };
	uint8_t ipcp[6] = { 3, 6, 0, 0, 0, 0 };
	int i;

	nseen = 0;
	ppp_link_start(s, bench_now_ms);
	ppp_peer_settle();
	if (!ack_request(key, PROTO_LCP))
		return false;
	ppp_peer_send(key, PROTO_LCP, CONFREQ, 1, magic, sizeof(magic));
	ppp_peer_send(key, PROTO_PAP, 1, 1, pap, sizeof(pap));
	if (!ack_request(key, PROTO_IPCP))
		return false;
	ppp_peer_send(key, PROTO_IPCP, CONFREQ, 1, ipcp, sizeof(ipcp));
	i = find(PROTO_IPCP, CONFNAK);
	if (i < 0)
		return false;
	memcpy(ipcp, seen[i].data, sizeof(ipcp));
	ppp_peer_send(key, PROTO_IPCP, CONFREQ, 2, ipcp, sizeof(ipcp));
	return s->state == SESSION_UP;
}

void ppp_peer_setup(const char *prog)
{
	struct roamd_db *db = &bench_db;
	char err[128];

	db_init(db);
	if (users_add(&db->users, "user", "secret", 6, false, 0, err,
		      sizeof(err)) ||
	    pools_add(&db->pools, "bench", 0x0a000002, 0x0a0ffffe, err,
		      sizeof(err))) {
		fprintf(stderr, "%s: %s\n", prog, err);
		exit(1);
	}
	db->settings.auth[0] = ROAM_PPP_AUTH_PAP;
	db->settings.nauth = 1;
	db->settings.echo_interval = 30;
	db->settings.echo_failures = 1000000;
	db->settings.ppp_local = 0x0a000001;
	aaa_init(&aaa, &db->users);
	session_table_init(&bench_tab, db, &aaa);
	/* "lo" exists everywhere: session_up() needs a device index */
	snprintf(bench_tab.dev, sizeof(bench_tab.dev), "lo");
	bench_tab.kernel.ops = &kernel_null_ops;
}

void ppp_peer_teardown(void)
{
	session_table_fini(&bench_tab);
	aaa_fini(&aaa);
	db_free(&bench_db);
}
