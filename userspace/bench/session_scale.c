// SPDX-License-Identifier: GPL-2.0
/*
 * What roamd's session layer costs per call at N calls, on the host: no
 * kernel, no socket.  The program plays the L2TP access method as
 * access/l2tp.c does (a session per call, named by its tunnel and
 * session ids, every frame of the client found with session_by_call()
 * and fed to PPP) and the service loop as service.c does (after every
 * event: authentication verdicts, the outbox, DEAD sessions reaped, the
 * next deadline computed); the kernel is a recorder behind the session
 * layer's own interface (struct session_kernel_ops), as in the unit
 * tests.
 *
 * Each call is scripted: LCP both ways, PAP, IPCP (the address from a
 * pool), so that it is UP with an LCP echo deadline, as a real call is.
 * Time is virtual (one millisecond per call) so that the calls' echo
 * deadlines are spread as in life; CPU time is the process's own.
 *
 * For each N it prints, and writes as JSON (-o FILE):
 *   setup_us_per_call     CPU time to bring one call up (all its events)
 *   bytes_per_session     heap in use per UP call (mallinfo2)
 *   echo_us               one LCP Echo-Request of the oldest call,
 *                         answered, with the loop's work after it
 *   tick_us               one timer tick that finds one call due
 *   teardown_us_per_call  a call closed by its peer (CDN), reaped
 *
 * Usage: session_scale [-o FILE] [N ...]   (default N: 1000 10000 100000)
 * A measurement, not a test: it asserts nothing about the figures, and
 * make check does not run it.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/roam.h>

#include "aaa/auth.h"
#include "bench_out.h"
#include "util.h"
#include "db.h"
#include "log.h"
#include "session/ppp_link.h"
#include "session/session.h"

#define PROTO_LCP	0xc021
#define PROTO_PAP	0xc023
#define PROTO_IPCP	0x8021
#define CONFREQ		1
#define CONFACK		2
#define CONFNAK		3
#define ECHOREQ		9

#define ECHOES		1000
#define TICKS		1000

static struct roamd_db db;
static struct aaa aaa;
static struct session_table tab;
static uint64_t now_ms = 1000;
static unsigned int k_added, k_deleted, failures;

static int k_add(void *ctx, const struct roam_session_info *s, char *err,
		 size_t errlen)
{
	(void)ctx;
	(void)s;
	(void)err;
	(void)errlen;
	k_added++;
	return 0;
}

static int k_del(void *ctx, uint32_t ifindex, uint32_t id, char *err,
		 size_t errlen)
{
	(void)ctx;
	(void)ifindex;
	(void)id;
	(void)err;
	(void)errlen;
	k_deleted++;
	return 0;
}

static const struct session_kernel_ops fake_kernel = {
	.add = k_add,
	.del = k_del,
};

/* The server's frames since the client last spoke, as it sees them. */
static struct frame {
	uint16_t proto;
	uint8_t code, id;
	uint8_t data[64];
	size_t dlen;
} seen[8];
static unsigned int nseen;
static unsigned long long frames_out;

/* The access method's part: empty the outbox (the client "receives"). */
static void drain(void)
{
	struct session_tx *tx;
	const uint8_t *f;
	size_t n;

	while ((tx = session_outbox_pop(&tab, SESSION_ACCESS_L2TP))) {
		f = tx->frame;
		n = tx->len;
		frames_out++;
		if (n >= 2 && f[0] == 0xff && f[1] == 0x03) {
			f += 2;
			n -= 2;
		}
		if (!tx->close && n >= 6 && nseen < 8) {
			struct frame *x = &seen[nseen++];

			x->proto = f[0] << 8 | f[1];
			x->code = f[2];
			x->id = f[3];
			x->dlen = n - 6 < sizeof(x->data) ? n - 6 :
							    sizeof(x->data);
			memcpy(x->data, f + 6, x->dlen);
		}
		free(tx);
	}
}

/* What service.c runs after every batch of events. */
static void settle(void)
{
	while (aaa_run(&aaa) | ppp_link_settle(&tab, now_ms))
		drain();
	drain();
	session_reap(&tab);
	(void)ppp_link_table_deadline(&tab);
}

static int find(uint16_t proto, uint8_t code)
{
	unsigned int i;

	for (i = 0; i < nseen; i++)
		if (seen[i].proto == proto && seen[i].code == code)
			return (int)i;
	return -1;
}

static uint64_t call_key(uint32_t call)
{
	/* tunnel << 16 | session, as access/l2tp.c names its calls */
	return (uint64_t)(1 + call / 65535) << 16 | (1 + call % 65535);
}

/* One datagram from the client: found by its ids, fed to PPP, settled. */
static void client_send(uint32_t call, uint16_t proto, uint8_t code,
			uint8_t id, const uint8_t *data, size_t dlen)
{
	struct roamd_session *s;
	uint8_t f[128];

	f[0] = 0xff;
	f[1] = 0x03;
	f[2] = proto >> 8;
	f[3] = proto & 0xff;
	f[4] = code;
	f[5] = id;
	f[6] = (dlen + 4) >> 8;
	f[7] = (dlen + 4) & 0xff;
	memcpy(f + 8, data, dlen);
	nseen = 0;
	s = session_by_call(&tab, SESSION_ACCESS_L2TP, call_key(call));
	if (s)
		ppp_link_input(s, f, dlen + 8, now_ms);
	settle();
}

/* A call from ICRQ to IPCP Opened; false if it did not get there. */
static bool call_up(uint32_t call)
{
	static const uint8_t magic[] = { 5, 6, 0x12, 0x34, 0x56, 0x78 };
	static const uint8_t pap[] = { 4, 'u', 's', 'e', 'r',
				       6, 's', 'e', 'c', 'r', 'e', 't' };
	uint8_t ipcp[6] = { 3, 6, 0, 0, 0, 0 };
	struct roamd_session *s;
	int i;

	s = session_new(&tab, SESSION_ACCESS_L2TP, 16);
	if (!s)
		return false;
	s->kernel_tmpl.kind = ROAM_KIND_L2TP;
	s->kernel_tmpl.has_l2tp = true;
	snprintf(s->label, sizeof(s->label), "L2TP %u", call);
	if (ppp_link_attach(s, &db.settings) ||
	    session_set_call_key(s, call_key(call))) {
		s->lower_gone = true;
		session_finish(s, "out of memory", 0);
		return false;
	}
	nseen = 0;
	ppp_link_start(s, now_ms);
	settle();
	i = find(PROTO_LCP, CONFREQ);
	if (i < 0)
		return false;
	client_send(call, PROTO_LCP, CONFACK, seen[i].id, seen[i].data,
		    seen[i].dlen);
	client_send(call, PROTO_LCP, CONFREQ, 1, magic, sizeof(magic));
	client_send(call, PROTO_PAP, 1, 1, pap, sizeof(pap));
	i = find(PROTO_IPCP, CONFREQ);
	if (i < 0)
		return false;
	client_send(call, PROTO_IPCP, CONFACK, seen[i].id, seen[i].data,
		    seen[i].dlen);
	client_send(call, PROTO_IPCP, CONFREQ, 1, ipcp, sizeof(ipcp));
	i = find(PROTO_IPCP, CONFNAK);
	if (i < 0)
		return false;
	memcpy(ipcp, seen[i].data, sizeof(ipcp));
	client_send(call, PROTO_IPCP, CONFREQ, 2, ipcp, sizeof(ipcp));
	return s->state == SESSION_UP;
}

/* The peer ended the call (CDN): PPP told, the call gone, reaped. */
static void call_down(uint32_t call)
{
	struct roamd_session *s;

	s = session_by_call(&tab, SESSION_ACCESS_L2TP, call_key(call));
	if (!s) {
		failures++;
		return;
	}
	ppp_link_lower_down(s, now_ms);
	session_lower_gone(s);
	settle();
}

static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

struct result {
	unsigned int n;
	double setup_us, bytes, echo_us, tick_us, teardown_us;
	unsigned int up, failures;
};

static void setup(void)
{
	char err[128];

	db_init(&db);
	if (users_add(&db.users, "user", "secret", 6, false, 0, err,
		      sizeof(err)) ||
	    pools_add(&db.pools, "bench", 0x0a000002, 0x0a0ffffe, err,
		      sizeof(err))) {
		fprintf(stderr, "session_scale: %s\n", err);
		exit(1);
	}
	db.settings.auth[0] = ROAM_PPP_AUTH_PAP;
	db.settings.nauth = 1;
	db.settings.echo_interval = 30;
	db.settings.echo_failures = 1000000;
	db.settings.ppp_local = 0x0a000001;
	aaa_init(&aaa, &db.users);
	session_table_init(&tab, &db, &aaa);
	/* "lo" exists everywhere: session_up() needs a device index */
	snprintf(tab.dev, sizeof(tab.dev), "lo");
	tab.kernel.ops = &fake_kernel;
}

static void teardown(void)
{
	session_table_fini(&tab);
	aaa_fini(&aaa);
	db_free(&db);
}

static void run(unsigned int n, struct result *r)
{
	static const uint8_t echo[] = { 0x12, 0x34, 0x56, 0x78 };
	struct mallinfo2 m0, m1;
	double t0;
	unsigned int i;
	uint64_t next;

	memset(r, 0, sizeof(*r));
	r->n = n;
	failures = 0;
	setup();
	m0 = mallinfo2();
	t0 = cpu_us();
	for (i = 0; i < n; i++) {
		now_ms++;
		if (call_up(i))
			r->up++;
		else
			failures++;
	}
	r->setup_us = (cpu_us() - t0) / n;
	m1 = mallinfo2();
	r->bytes = ((double)m1.uordblks - m0.uordblks) / n;

	/* the oldest calls: the far end of any list kept newest first */
	t0 = cpu_us();
	for (i = 0; i < ECHOES; i++)
		client_send(i % (n < 16 ? n : 16), PROTO_LCP, ECHOREQ, i,
			    echo, sizeof(echo));
	r->echo_us = (cpu_us() - t0) / ECHOES;

	/* ticks at the earliest deadline: one call due each time */
	t0 = cpu_us();
	for (i = 0; i < TICKS; i++) {
		next = ppp_link_table_deadline(&tab);
		if (next == UINT64_MAX)
			break;
		now_ms = next;
		ppp_link_table_timer(&tab, now_ms);
		settle();
	}
	r->tick_us = (cpu_us() - t0) / TICKS;

	t0 = cpu_us();
	for (i = 0; i < n; i++)
		call_down(i);
	r->teardown_us = (cpu_us() - t0) / n;
	r->failures = failures;
	teardown();
}

static const struct bench_col cols[] = {
	{ "calls", "calls", 0, 0 },
	{ "setup_us", "setup_us_per_call", 1, 2 },
	{ "bytes", "bytes_per_session", 0, 0 },
	{ "echo_us", "echo_us", 2, 3 },
	{ "tick_us", "tick_us", 2, 3 },
	{ "teardown_us", "teardown_us_per_call", 1, 2 },
	{ "fail", "failures", 0, 0 },
};
#define NCOLS	ARRAY_SIZE(cols)

int main(int argc, char **argv)
{
	static const unsigned int defaults[] = { 1000, 10000, 100000 };
	static double rows[BENCH_MAX_N][NCOLS];
	struct bench_args args;
	struct result r;
	unsigned int i;

	if (bench_args_parse(&args, argc, argv, "session_scale", defaults, 3))
		return 2;
	roam_log_set_level(ROAM_LOG_ERROR);
	bench_table_head(cols, NCOLS);
	for (i = 0; i < args.nn; i++) {
		double *row = rows[i];

		run(args.ns[i], &r);
		row[0] = r.n;
		row[1] = r.setup_us;
		row[2] = r.bytes;
		row[3] = r.echo_us;
		row[4] = r.tick_us;
		row[5] = r.teardown_us;
		row[6] = r.failures;
		bench_table_row(cols, NCOLS, row);
	}
	if (!args.json)
		return 0;
	return bench_json_write(args.json, "roamd_session_scale", cols, NCOLS,
				&rows[0][0], args.nn);
}
