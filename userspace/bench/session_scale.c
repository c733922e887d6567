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

#include "bench_out.h"
#include "log.h"
#include "ppp_peer.h"
#include "session/ppp_link.h"
#include "session/session.h"

#define ECHOES		1000
#define TICKS		1000

static unsigned int failures;

static uint64_t call_key(uint32_t call)
{
	/* tunnel << 16 | session, as access/l2tp.c names its calls */
	return (uint64_t)(1 + call / 65535) << 16 | (1 + call % 65535);
}

/* A call from ICRQ to IPCP Opened; false if it did not get there. */
static bool call_up(uint32_t call)
{
	struct roamd_session *s;

	s = session_new(&bench_tab, SESSION_ACCESS_L2TP, 16);
	if (!s)
		return false;
	s->kernel_tmpl.kind = ROAM_KIND_L2TP;
	s->kernel_tmpl.has_l2tp = true;
	snprintf(s->label, sizeof(s->label), "L2TP %u", call);
	if (ppp_link_attach(s, &bench_db.settings) ||
	    session_set_call_key(s, call_key(call))) {
		s->lower_gone = true;
		session_finish(s, "out of memory", 0);
		return false;
	}
	return ppp_peer_up(s, call_key(call));
}

/* The peer ended the call (CDN): PPP told, the call gone, reaped. */
static void call_down(uint32_t call)
{
	struct roamd_session *s;

	s = session_by_call(&bench_tab, SESSION_ACCESS_L2TP, call_key(call));
	if (!s) {
		failures++;
		return;
	}
	ppp_link_lower_down(s, bench_now_ms);
	session_lower_gone(s);
	ppp_peer_settle();
}

static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* The figures of one N, in the table's order (cols[] below). */
enum {
	C_CALLS, C_SETUP_US, C_BYTES, C_ECHO_US, C_TICK_US, C_TEARDOWN_US,
	C_FAIL, NCOLS
};

static const struct bench_col cols[NCOLS] = {
	[C_CALLS] = { "calls", "calls", 0, 0 },
	[C_SETUP_US] = { "setup_us", "setup_us_per_call", 1, 2 },
	[C_BYTES] = { "bytes", "bytes_per_session", 0, 0 },
	[C_ECHO_US] = { "echo_us", "echo_us", 2, 3 },
	[C_TICK_US] = { "tick_us", "tick_us", 2, 3 },
	[C_TEARDOWN_US] = { "teardown_us", "teardown_us_per_call", 1, 2 },
	[C_FAIL] = { "fail", "failures", 0, 0 },
};

static void run(unsigned int n, unsigned int nth, double *row)
{
	static const uint8_t echo[] = { 0x12, 0x34, 0x56, 0x78 };
	struct mallinfo2 m0, m1;
	double t0;
	unsigned int i;
	uint64_t next;

	(void)nth;
	row[C_CALLS] = n;
	failures = 0;
	ppp_peer_setup("session_scale");
	m0 = mallinfo2();
	t0 = cpu_us();
	for (i = 0; i < n; i++) {
		bench_now_ms++;
		if (!call_up(i))
			failures++;
	}
	row[C_SETUP_US] = (cpu_us() - t0) / n;
	m1 = mallinfo2();
	row[C_BYTES] = ((double)m1.uordblks - m0.uordblks) / n;

	/* the oldest calls: the far end of any list kept newest first */
	t0 = cpu_us();
	for (i = 0; i < ECHOES; i++)
		ppp_peer_send(call_key(i % (n < 16 ? n : 16)), PROTO_LCP,
			      ECHOREQ, i, echo, sizeof(echo));
	row[C_ECHO_US] = (cpu_us() - t0) / ECHOES;

	/* ticks at the earliest deadline: one call due each time */
	t0 = cpu_us();
	for (i = 0; i < TICKS; i++) {
		next = ppp_link_table_deadline(&bench_tab);
		if (next == UINT64_MAX)
			break;
		bench_now_ms = next;
		ppp_link_table_timer(&bench_tab, bench_now_ms);
		ppp_peer_settle();
	}
	row[C_TICK_US] = (cpu_us() - t0) / TICKS;

	t0 = cpu_us();
	for (i = 0; i < n; i++)
		call_down(i);
	row[C_TEARDOWN_US] = (cpu_us() - t0) / n;
	row[C_FAIL] = failures;
	ppp_peer_teardown();
}

int main(int argc, char **argv)
{
	static const unsigned int defaults[] = { 1000, 10000, 100000 };
	struct bench_args args;

	if (bench_args_parse(&args, argc, argv, "session_scale", defaults, 3))
		return 2;
	roam_log_set_level(ROAM_LOG_ERROR);
	return bench_run(&args, "roamd_session_scale", cols, NCOLS, run);
}
