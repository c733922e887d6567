// SPDX-License-Identifier: GPL-2.0
/*
 * session show: the merge of the kernel's sessions with roamd's calls,
 * and the printer both roam and roamd use.
 */
#include <stdlib.h>
#include <sys/socket.h>

#include <linux/roam.h>

#include "session_merge.h"
#include "session_print.h"
#include "test.h"

/* No device has these indexes: the printer falls back to "ifN". */
#define DEV_A	4000001
#define DEV_B	4000002

static struct roam_session_info kernel(uint32_t ifindex, uint32_t id)
{
	struct roam_session_info s = {
		.ifindex = ifindex,
		.id = id,
		.kind = ROAM_KIND_L2TP,
		.state = ROAM_STATE_UP,
		.has_ipv4 = true,
		.ipv4 = 0x0a0a000a + id,
		.peer_family = AF_INET,
		.peer_ipv4 = 0xc000020a,
		.has_peer_port = true,
		.peer_port = 1701,
		.has_stats = true,
		.rx_packets = 5, .rx_bytes = 420,
		.tx_packets = 6, .tx_bytes = 504, .tx_dropped = 1,
		.has_l2tp = true,
		.l2tp_tunnel_id = 10, .l2tp_session_id = id,
		.l2tp_peer_tunnel_id = 20, .l2tp_peer_session_id = 30,
		.l2tp_xfrm_mark = 0x100,
		.l2tp_rx_unbound = 2,
	};

	return s;
}

static struct roam_call_view call(uint32_t ifindex, uint32_t kernel_id,
				  const char *user, uint64_t uptime)
{
	struct roam_call_view c = {
		.kernel_id = kernel_id,
		.ifindex = ifindex,
		.kind = ROAM_KIND_L2TP,
		.ipsec = true,
		.ppp_phase = kernel_id ? "network" : "authenticate",
		.uptime = uptime,
		.peer_ipv4 = 0xc000020b,
		.peer_port = 4500,
		.has_l2tp = true,
		.l2tp_tunnel_id = 11, .l2tp_session_id = 12,
		.l2tp_peer_tunnel_id = 13, .l2tp_peer_session_id = 14,
		.l2tp_xfrm_mark = 0x200,
	};

	snprintf(c.user, sizeof(c.user), "%s", user);
	return c;
}

static void kernel_only_sorted(void)
{
	struct roam_session_info s[] = {
		kernel(DEV_B, 1), kernel(DEV_A, 7), kernel(DEV_A, 3),
	};
	struct roam_session_row rows[3];

	CHECK_INT(roam_session_merge(s, 3, NULL, 0, 0, 0, rows), 3);
	CHECK(rows[0].s == &s[2] && !rows[0].call);
	CHECK(rows[1].s == &s[1] && !rows[1].call);
	CHECK(rows[2].s == &s[0] && !rows[2].call);
	CHECK_INT(roam_session_merge(NULL, 0, NULL, 0, 0, 0, rows), 0);
}

static void calls_join_their_session(void)
{
	struct roam_session_info s[] = { kernel(DEV_A, 1), kernel(DEV_A, 2),
					 kernel(DEV_B, 1) };
	struct roam_call_view c[] = {
		call(DEV_A, 2, "alice", 50),
		call(DEV_B, 1, "bob", 40),
	};
	struct roam_session_row rows[5];

	CHECK_INT(roam_session_merge(s, 3, c, 2, 0, 0, rows), 3);
	/* DEV_A/1 was added by hand: no call */
	CHECK(rows[0].s == &s[0] && !rows[0].call);
	CHECK(rows[1].s == &s[1] && rows[1].call == &c[0]);
	/* the same id on another device is another session */
	CHECK(rows[2].s == &s[2] && rows[2].call == &c[1]);

	/* a PPTP session with the id of an L2TP call is not that call's */
	s[1].kind = ROAM_KIND_PPTP;
	CHECK_INT(roam_session_merge(s, 3, c, 2, 0, 0, rows), 4);
	CHECK(rows[1].s == &s[1] && !rows[1].call);
	CHECK(!rows[3].s && rows[3].call == &c[0]);
}

static void calls_in_setup_follow(void)
{
	struct roam_session_info s[] = { kernel(DEV_A, 5) };
	struct roam_call_view c[] = {
		call(DEV_A, 0, "", 2),
		call(DEV_A, 5, "alice", 90),
		call(DEV_A, 0, "carol", 7),
		call(DEV_A, 0, "dave", 7),
	};
	struct roam_session_row rows[5];

	c[3].l2tp_tunnel_id = 3;
	CHECK_INT(roam_session_merge(s, 1, c, 4, 0, 0, rows), 4);
	CHECK(rows[0].s == &s[0] && rows[0].call == &c[1]);
	/* waiting longest first; ties by L2TP ids */
	CHECK(!rows[1].s && rows[1].call == &c[3]);
	CHECK(!rows[2].s && rows[2].call == &c[2]);
	CHECK(!rows[3].s && rows[3].call == &c[0]);
}

static void filters(void)
{
	struct roam_session_info s[] = { kernel(DEV_A, 5) };
	struct roam_call_view c[] = {
		call(DEV_A, 0, "carol", 7),	/* in setup, on DEV_A */
		call(DEV_A, 5, "alice", 90),	/* on s[0] */
		call(DEV_A, 6, "bob", 80),	/* its session is gone */
		call(DEV_B, 0, "erin", 3),	/* in setup, on DEV_B */
	};
	struct roam_session_row rows[5];

	/* "show id 5": the kernel answered with that session only */
	CHECK_INT(roam_session_merge(s, 1, c, 4, 0, 5, rows), 1);
	CHECK(rows[0].s == &s[0] && rows[0].call == &c[1]);
	/* "show id 6" on a kernel that has it: bob's row, not carol's */
	s[0] = kernel(DEV_A, 6);
	CHECK_INT(roam_session_merge(s, 1, c, 4, 0, 6, rows), 1);
	CHECK(rows[0].s == &s[0] && rows[0].call == &c[2]);
	s[0] = kernel(DEV_A, 5);
	/* "show dev A": the calls of A, not erin's on B */
	CHECK_INT(roam_session_merge(s, 1, c, 4, DEV_A, 0, rows), 3);
	CHECK(rows[0].call == &c[1]);
	CHECK(!rows[1].s && rows[1].call == &c[2]);
	CHECK(!rows[2].s && rows[2].call == &c[0]);
	/* "show dev B": no kernel session there, erin is setting up */
	CHECK_INT(roam_session_merge(NULL, 0, c, 4, DEV_B, 0, rows), 1);
	CHECK(!rows[0].s && rows[0].call == &c[3]);
	/* "show id 6": bob's kernel session is gone; his call is shown */
	CHECK_INT(roam_session_merge(NULL, 0, c, 4, 0, 6, rows), 1);
	CHECK(rows[0].call == &c[2]);
	/* no filter, bob's session gone from the kernel: still listed */
	CHECK_INT(roam_session_merge(s, 1, c, 4, 0, 0, rows), 4);
}

static void call_list_grows(void)
{
	struct roam_call_list l = {};
	struct roam_call_view *v;
	int i;

	for (i = 0; i < 40; i++) {
		v = roam_call_list_add(&l);
		CHECK(v != NULL);
		if (!v)
			break;
		CHECK_INT(v->kernel_id, 0);
		v->kernel_id = i + 1;
	}
	CHECK_INT(l.n, 40);
	CHECK_INT(l.v[39].kernel_id, 40);
	roam_call_list_free(&l);
	CHECK(!l.v && !l.n);
}

static char *text;
static size_t text_len;

static const char *printed(const struct roam_session_row *rows, size_t n,
			   bool json, bool stats)
{
	struct roam_print p;
	FILE *f;

	free(text);
	text = NULL;
	f = open_memstream(&text, &text_len);
	if (!f)
		return "";
	rp_init(&p, f, json, false);
	roam_session_print_rows(&p, rows, n, stats);
	rp_end(&p);
	fclose(f);
	return text;
}

/* Without roamd, a kernel session prints exactly as it always did. */
static void print_kernel_session(void)
{
	struct roam_session_info s = kernel(DEV_A, 1);
	struct roam_session_row row = { .s = &s };

	CHECK_STR(printed(&row, 1, false, false),
		  "session 1 dev if4000001 kind l2tp state up address 10.10.0.11 peer 192.0.2.10 peer-port 1701\n"
		  "    l2tp tunnel 10 session 1 peer-tunnel 20 peer-session 30 ipsec-mark 0x100\n");
	CHECK_STR(printed(&row, 1, true, true),
		  "[{\"id\":1,\"dev\":\"if4000001\",\"ifindex\":4000001,"
		  "\"kind\":\"l2tp\",\"weak\":false,\"state\":\"up\","
		  "\"address\":\"10.10.0.11\",\"peer\":\"192.0.2.10\","
		  "\"peer_port\":1701,\"l2tp\":{\"tunnel_id\":10,"
		  "\"session_id\":1,\"peer_tunnel_id\":20,"
		  "\"peer_session_id\":30,\"xfrm_mark\":256,"
		  "\"rx_unbound\":2},\"stats\":{\"rx_packets\":5,"
		  "\"rx_bytes\":420,\"rx_dropped\":0,\"tx_packets\":6,"
		  "\"tx_bytes\":504,\"tx_dropped\":1}}]\n");
	CHECK_STR(printed(NULL, 0, true, false), "[]\n");
	CHECK_STR(printed(NULL, 0, false, false), "");
}

/* A pptp session: call ids, MPPE mode named weak, counters with -s. */
static void print_pptp_session(void)
{
	struct roam_session_info s = kernel(DEV_A, 2);
	struct roam_session_row row = { .s = &s };

	s.kind = ROAM_KIND_PPTP;
	s.has_l2tp = false;
	s.has_peer_port = false;
	s.has_stats = false;
	s.has_pptp = true;
	s.pptp_call_id = 100;
	s.pptp_peer_call_id = 200;
	s.pptp_local_ipv4 = 0xc0000201;
	s.pptp_mppe_bits = 128;
	s.pptp_mppe_stateless = true;
	s.pptp_rx_seq_dropped = 3;
	s.pptp_rx_reordered = 8;
	s.pptp_rx_mppe_errors = 4;
	s.pptp_rx_unbound = 5;
	s.pptp_rx_malformed = 6;
	s.pptp_acks_sent = 7;
	CHECK_STR(printed(&row, 1, false, true),
		  "session 2 dev if4000001 kind pptp (weak) state up address 10.10.0.12 peer 192.0.2.10\n"
		  "    pptp call 100 peer-call 200 local 192.0.2.1 mppe 128 (weak) stateless\n"
		  "    rx-seq-dropped 3 rx-reordered 8 rx-mppe-errors 4 rx-unbound 5 rx-malformed 6 acks-sent 7\n");
	CHECK_HAS(printed(&row, 1, true, true),
		  "\"pptp\":{\"call_id\":100,\"peer_call_id\":200,"
		  "\"local\":\"192.0.2.1\",\"mppe_bits\":128,"
		  "\"mppe_stateless\":true,\"rx_seq_dropped\":3,"
		  "\"rx_reordered\":8,\"rx_mppe_errors\":4,\"rx_unbound\":5,"
		  "\"rx_malformed\":6,\"acks_sent\":7}");
	s.pptp_mppe_bits = 0;
	CHECK_HAS(printed(&row, 1, false, false),
		  "pptp call 100 peer-call 200 local 192.0.2.1 mppe none (weak)\n");
	CHECK_HAS(printed(&row, 1, true, false), "\"mppe_bits\":0}");
}

/* With roamd: the same keys, and user, protocol, ppp, uptime added. */
static void print_merged_session(void)
{
	struct roam_session_info s = kernel(DEV_A, 1);
	struct roam_call_view c = call(DEV_A, 1, "alice", 42);
	struct roam_session_row row = { .s = &s, .call = &c };

	CHECK_STR(printed(&row, 1, false, true),
		  "session 1 dev if4000001 kind l2tp state up address 10.10.0.11 peer 192.0.2.10 peer-port 1701\n"
		  "    user alice protocol l2tp/ipsec ppp network uptime 42s\n"
		  "    l2tp tunnel 10 session 1 peer-tunnel 20 peer-session 30 ipsec-mark 0x100 rx-unbound 2\n"
		  "    RX: packets 5 bytes 420 dropped 0\n"
		  "    TX: packets 6 bytes 504 dropped 1\n");
	CHECK_STR(printed(&row, 1, true, false),
		  "[{\"id\":1,\"dev\":\"if4000001\",\"ifindex\":4000001,"
		  "\"kind\":\"l2tp\",\"weak\":false,\"state\":\"up\","
		  "\"address\":\"10.10.0.11\",\"peer\":\"192.0.2.10\","
		  "\"peer_port\":1701,\"user\":\"alice\","
		  "\"protocol\":\"l2tp/ipsec\",\"ppp\":\"network\","
		  "\"uptime\":42,\"l2tp\":{\"tunnel_id\":10,"
		  "\"session_id\":1,\"peer_tunnel_id\":20,"
		  "\"peer_session_id\":30,\"xfrm_mark\":256}}]\n");
}

/* A call still authenticating: what roamd knows, no kernel fields. */
static void print_call_in_setup(void)
{
	struct roam_call_view c = call(DEV_A, 0, "", 3);
	struct roam_session_row row = { .call = &c };

	CHECK_STR(printed(&row, 1, false, true),
		  "session - kind l2tp peer 192.0.2.11 peer-port 4500\n"
		  "    protocol l2tp/ipsec ppp authenticate uptime 3s\n"
		  "    l2tp tunnel 11 session 12 peer-tunnel 13 peer-session 14 ipsec-mark 0x200\n");
	c.ipsec = false;
	c.l2tp_xfrm_mark = 0;
	snprintf(c.user, sizeof(c.user), "bob");
	CHECK_STR(printed(&row, 1, true, true),
		  "[{\"kind\":\"l2tp\",\"weak\":false,\"peer\":\"192.0.2.11\","
		  "\"peer_port\":4500,\"user\":\"bob\",\"protocol\":\"l2tp\","
		  "\"ppp\":\"authenticate\",\"uptime\":3,"
		  "\"l2tp\":{\"tunnel_id\":11,\"session_id\":12,"
		  "\"peer_tunnel_id\":13,\"peer_session_id\":14,"
		  "\"ipsec\":\"none (weak)\"}}]\n");
}

/* A PPTP call through roamd: how it authenticated and how it encrypts. */
static void print_pptp_call(void)
{
	struct roam_session_info s = kernel(DEV_A, 2);
	struct roam_call_view c = call(DEV_A, 2, "dave", 9);
	struct roam_session_row row = { .s = &s, .call = &c };

	s.kind = ROAM_KIND_PPTP;
	s.has_l2tp = false;
	s.has_peer_port = false;
	s.has_pptp = true;
	s.pptp_mppe_bits = 128;
	s.pptp_mppe_stateless = true;
	c.kind = ROAM_KIND_PPTP;
	c.ipsec = false;
	c.has_l2tp = false;
	c.has_ppp = true;
	c.auth = "mschapv2";
	c.mppe_bits = 128;
	c.mppe_stateless = true;
	CHECK_HAS(printed(&row, 1, false, false),
		  "    user dave protocol pptp ppp network auth mschapv2 encryption mppe-128 stateless uptime 9s\n");
	CHECK_HAS(printed(&row, 1, true, false),
		  "\"protocol\":\"pptp\",\"ppp\":\"network\","
		  "\"auth\":\"mschapv2\",\"encryption\":\"mppe-128 stateless\"");
	c.mppe_bits = 40;
	c.mppe_stateless = false;
	CHECK_HAS(printed(&row, 1, false, false),
		  "encryption mppe-40 stateful uptime");
	/* PAP without MPPE: plaintext, said so */
	c.auth = "pap";
	c.mppe_bits = 0;
	CHECK_HAS(printed(&row, 1, true, false),
		  "\"auth\":\"pap\",\"encryption\":\"none\"");
	/* before authentication neither is known */
	c.auth = NULL;
	c.ppp_phase = "authenticate";
	CHECK(!strstr(printed(&row, 1, false, false), "encryption"));
	/* L2TP: the PPP link has no MPPE, its protection is IPsec's */
	c = call(DEV_A, 1, "alice", 42);
	c.has_ppp = true;
	c.auth = "mschapv2";
	s = kernel(DEV_A, 1);
	CHECK_HAS(printed(&row, 1, false, false),
		  "ppp network auth mschapv2 uptime 42s\n");
}

/* Two calls claim one kernel session: the first in list order joins it. */
static void duplicate_call_joins_first(void)
{
	struct roam_session_info s[] = { kernel(DEV_A, 5) };
	struct roam_call_view c[] = {
		call(DEV_A, 0, "carol", 10),
		call(DEV_A, 5, "alice", 30),
		call(DEV_A, 5, "mallory", 20),
	};
	struct roam_session_row rows[4];

	CHECK_INT(roam_session_merge(s, 1, c, 3, 0, 0, rows), 2);
	CHECK(rows[0].s == &s[0] && rows[0].call == &c[1]);
	CHECK(!rows[1].s && rows[1].call == &c[0]);
}

/*
 * Many sessions and calls in shuffled orders, on two devices: every
 * session finds its own call, the calls without a session come after.
 * (At 100k this was sessions x calls comparisons.)
 */
static void many_calls_join(void)
{
	enum { N = 20000, SETUP = 500 };
	struct roam_session_info *s = calloc(N, sizeof(*s));
	struct roam_call_view *c = calloc(N + SETUP, sizeof(*c));
	struct roam_session_row *rows = calloc(2 * N + SETUP, sizeof(*rows));
	size_t i, n, wrong = 0;

	CHECK(s && c && rows);
	if (!s || !c || !rows)
		goto out;
	for (i = 0; i < N; i++) {
		/* sessions by descending id, calls in a stride order */
		size_t k = (i * 7919) % N;

		s[i].ifindex = i % 2 ? DEV_B : DEV_A;
		s[i].id = N - i;
		s[i].kind = ROAM_KIND_L2TP;
		c[k].ifindex = k % 2 ? DEV_B : DEV_A;
		c[k].kernel_id = N - k;
		c[k].kind = ROAM_KIND_L2TP;
		c[k].uptime = k;
	}
	for (i = N; i < N + SETUP; i++) {
		c[i].ifindex = DEV_A;
		c[i].uptime = i;
	}
	n = roam_session_merge(s, N, c, N + SETUP, 0, 0, rows);
	CHECK_INT(n, N + SETUP);
	for (i = 0; i < n && i < N; i++) {
		const struct roam_session_row *r = &rows[i];

		if (!r->s || !r->call || r->call->kernel_id != r->s->id ||
		    r->call->ifindex != r->s->ifindex)
			wrong++;
	}
	for (; i < n; i++)
		if (rows[i].s || !rows[i].call || rows[i].call->kernel_id)
			wrong++;
	CHECK_INT(wrong, 0);
out:
	free(s);
	free(c);
	free(rows);
}

void suite_session(void)
{
	RUN(kernel_only_sorted);
	RUN(calls_join_their_session);
	RUN(calls_in_setup_follow);
	RUN(filters);
	RUN(duplicate_call_joins_first);
	RUN(many_calls_join);
	RUN(call_list_grows);
	RUN(print_kernel_session);
	RUN(print_merged_session);
	RUN(print_pptp_session);
	RUN(print_call_in_setup);
	RUN(print_pptp_call);
	free(text);
	text = NULL;
}
