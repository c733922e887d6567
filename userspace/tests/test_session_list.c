// SPDX-License-Identifier: GPL-2.0
/*
 * session show at scale: the kernel's sessions read through the real
 * netlink client (lib/genl.c over libnl) from a kernel played behind
 * libnl's hooks (fake_genl.c), with interrupted and malformed dumps;
 * the retry decision alone; the join of sessions with calls checked
 * against a plain pairwise join on many random lists; and a listing
 * printed through the printer's buffer against the same unbuffered.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/roam.h>

#include "dump_retry.h"
#include "fake_genl.h"
#include "genl.h"
#include "nla_write.h"
#include "print.h"
#include "session_merge.h"
#include "session_print.h"
#include "test.h"

#define DEV	4000001

static void retry_decision(void)
{
	unsigned int t;

	/* a consistent reading, or the kernel's own error: done */
	CHECK_INT(roam_dump_retry(1, false, 0), ROAM_DUMP_DONE);
	CHECK_INT(roam_dump_retry(1, true, ENODEV), ROAM_DUMP_DONE);
	CHECK_INT(roam_dump_retry(1, true, ENOMEM), ROAM_DUMP_DONE);
	/* interrupted: again, up to the bound, then give up */
	for (t = 1; t < ROAM_DUMP_TRIES; t++)
		CHECK_INT(roam_dump_retry(t, true, EAGAIN), ROAM_DUMP_AGAIN);
	CHECK_INT(roam_dump_retry(ROAM_DUMP_TRIES, true, EAGAIN),
		  ROAM_DUMP_GIVE_UP);
	CHECK_INT(roam_dump_retry(ROAM_DUMP_TRIES + 1, true, EAGAIN),
		  ROAM_DUMP_GIVE_UP);
	/* the last reading succeeded: done, whatever came before */
	CHECK_INT(roam_dump_retry(ROAM_DUMP_TRIES, false, EAGAIN),
		  ROAM_DUMP_DONE);
}

/* Read the fake kernel's sessions; -1 when the client failed. */
static int list(size_t *n, struct roam_session_info **s,
		struct roam_nl_err *e)
{
	struct roam_genl g;
	int ret;

	*s = NULL;
	*n = 0;
	if (fake_genl_open(&g))
		return -2;
	ret = roam_genl_session_list(&g, DEV, 0, s, n, e);
	roam_genl_close(&g);
	return ret;
}

/* Every row of a dump in many parts, each decoded. */
static void dump_reads_every_row(void)
{
	struct roam_session_info *s;
	struct roam_nl_err e;
	size_t n, i;
	bool right = true;

	CHECK_INT(fake_genl_build(DEV, 3000, 4096, NULL, 0), 0);
	CHECK(fake_genl.nparts > 100);
	CHECK_INT(list(&n, &s, &e), 0);
	CHECK_INT(n, 3000);
	CHECK_INT(fake_genl.readings, 1);
	for (i = 0; s && i < n; i++) {
		uint32_t id = i + 1;

		right &= s[i].ifindex == DEV && s[i].id == id &&
			 s[i].kind == ROAM_KIND_L2TP &&
			 s[i].state == ROAM_STATE_UP && s[i].has_ipv4 &&
			 s[i].ipv4 == 0x0a000000 + id &&
			 s[i].peer_family == AF_INET &&
			 s[i].peer_ipv4 == 0xc6336400 + id % 250 &&
			 s[i].peer_port == 1024 + id % 60000 &&
			 s[i].has_l2tp &&
			 s[i].l2tp_tunnel_id == 1 + id % 65535 &&
			 s[i].l2tp_xfrm_mark == 0x10000 + id &&
			 s[i].has_stats && s[i].rx_packets == 1000 + id &&
			 s[i].tx_dropped == id % 3;
	}
	CHECK(right);
	free(s);
	fake_genl_free();
}

/*
 * The dump is read beside libnl's receive loop: a libnl exchange on the
 * same socket afterwards still finds its sequence numbers in step.
 */
static void socket_in_step_after_dump(void)
{
	struct roam_session_info *s;
	struct roam_dev_info *devs;
	struct roam_nl_err e;
	struct roam_genl g;
	size_t n, nd;

	int k;

	CHECK_INT(fake_genl_build(DEV, 20, 4096, NULL, 0), 0);
	CHECK_INT(fake_genl_open(&g), 0);
	for (k = 0; k < 2; k++) {
		CHECK_INT(roam_genl_session_list(&g, DEV, 0, &s, &n, &e), 0);
		CHECK_INT(n, 20);
		free(s);
		/* the played kernel answers anything with its rows, DONE */
		CHECK_INT(roam_genl_dev_list(&g, NULL, &devs, &nd, &e), 0);
		free(devs);
	}
	CHECK_INT(fake_genl.readings, 4);
	roam_genl_close(&g);
	fake_genl_free();
}

/* An interrupted dump is read again, and only the last reading counts. */
static void interrupted_dump_read_again(void)
{
	struct roam_session_info *s;
	struct roam_nl_err e;
	size_t n;

	CHECK_INT(fake_genl_build(DEV, 500, 4096, NULL, 0), 0);
	fake_genl.interrupt = 3;
	CHECK_INT(list(&n, &s, &e), 0);
	CHECK_INT(fake_genl.readings, 4);
	CHECK_INT(n, 500);
	CHECK(s && s[0].id == 1 && s[499].id == 500);
	free(s);

	/* interrupted at the last allowed reading: still an answer */
	fake_genl.readings = 0;
	fake_genl.interrupt = ROAM_DUMP_TRIES - 1;
	CHECK_INT(list(&n, &s, &e), 0);
	CHECK_INT(fake_genl.readings, ROAM_DUMP_TRIES);
	CHECK_INT(n, 500);
	free(s);
	fake_genl_free();
}

/* A list that never settles: a bounded number of readings, then why. */
static void always_interrupted_gives_up(void)
{
	struct roam_session_info *s;
	struct roam_nl_err e;
	size_t n;

	CHECK_INT(fake_genl_build(DEV, 200, 4096, NULL, 0), 0);
	fake_genl.interrupt = 1000;
	CHECK_INT(list(&n, &s, &e), -1);
	CHECK_INT(fake_genl.readings, ROAM_DUMP_TRIES);
	CHECK_INT(e.error, EAGAIN);
	CHECK_HAS(roam_nl_err_text(&e), "changed each of the 8 times");
	CHECK_HAS(roam_nl_err_text(&e), "try again later");
	CHECK(s == NULL);
	fake_genl_free();
}

/* A dump that ends with an error is not read again: it is the answer. */
static void dump_error_not_retried(void)
{
	struct roam_session_info *s;
	struct roam_nl_err e;
	size_t n;

	CHECK_INT(fake_genl_build(DEV, 50, 4096, NULL, 0), 0);
	fake_genl.done_error = -ENODEV;
	CHECK_INT(list(&n, &s, &e), -1);
	CHECK_INT(fake_genl.readings, 1);
	CHECK_INT(e.error, ENODEV);
	fake_genl_free();
}

/* A raw genetlink message with the given attributes (already encoded). */
static size_t raw_msg(uint8_t *buf, const void *attrs, size_t alen,
		      uint32_t claimed_len)
{
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct genlmsghdr *gh = (struct genlmsghdr *)(buf + NLMSG_HDRLEN);

	memset(buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	h->nlmsg_type = FAKE_GENL_FAMILY;
	h->nlmsg_flags = NLM_F_MULTI;
	gh->cmd = ROAM_CMD_SESSION_GET;
	gh->version = ROAM_FAMILY_VERSION;
	memcpy(buf + NLMSG_HDRLEN + GENL_HDRLEN, attrs, alen);
	h->nlmsg_len = claimed_len ? claimed_len :
		       NLMSG_HDRLEN + GENL_HDRLEN + alen;
	return NLMSG_HDRLEN + GENL_HDRLEN + alen;
}

/*
 * The played kernel's good rows and one raw row of @alen bytes of
 * attributes, listed: 0 when both the playing and the listing succeed.
 */
static int list_with_row(const uint8_t *attrs, size_t alen, size_t *n,
			 struct roam_session_info **s, struct roam_nl_err *e)
{
	uint8_t msg[320];
	size_t mlen = raw_msg(msg, attrs, alen, 0);

	if (fake_genl_build(DEV, 10, 4096, msg, mlen))
		return -1;
	return list(n, s, e);
}

/*
 * Malformed rows among good ones: a row without its id and one whose
 * l2tp nest is garbage are dropped, a message too short for its headers
 * is ignored; what can be read of a row whose last attribute runs past
 * its end, or whose address is short (read as absent), is kept.  The
 * good rows are kept in every case.
 */
static void malformed_rows_skipped(void)
{
	static const uint8_t junk[] = { 0xff, 0xff, 0x01, 0x00, 1, 2, 3, 4 };
	uint32_t ifindex = DEV, id = 9001, u32 = 1;
	uint16_t u16 = 7;
	struct roam_session_info *s;
	struct nla_buf a;
	uint8_t msg[320];
	struct roam_nl_err e;
	size_t n;

	/* no id */
	a.len = 0;
	nla_buf_put(&a, ROAM_A_SESSION_IFINDEX, &ifindex, 4);
	CHECK_INT(list_with_row(a.b, a.len, &n, &s, &e), 0);
	CHECK_INT(n, 10);
	free(s);

	/*
	 * An attribute that claims more than the message holds: it is not
	 * read (libnl stops there), the ones before it are.
	 */
	a.len = 0;
	nla_buf_put(&a, ROAM_A_SESSION_IFINDEX, &ifindex, 4);
	nla_buf_put(&a, ROAM_A_SESSION_ID, &id, 4);
	nla_buf_put(&a, ROAM_A_SESSION_KIND, &u32, 4);
	((struct nlattr *)(a.b + a.len - 8))->nla_len = 200;
	CHECK_INT(list_with_row(a.b, a.len, &n, &s, &e), 0);
	CHECK_INT(n, 11);
	CHECK(s && s[10].id == 9001 && s[10].kind == 0);
	free(s);

	/* an l2tp nest of garbage */
	a.len = 0;
	nla_buf_put(&a, ROAM_A_SESSION_IFINDEX, &ifindex, 4);
	nla_buf_put(&a, ROAM_A_SESSION_ID, &id, 4);
	nla_buf_put(&a, ROAM_A_SESSION_L2TP | NLA_F_NESTED, junk, sizeof(junk));
	CHECK_INT(list_with_row(a.b, a.len, &n, &s, &e), 0);
	CHECK_INT(n, 10);
	free(s);

	/* a two-byte address and port of the wrong size: kept, without them */
	a.len = 0;
	nla_buf_put(&a, ROAM_A_SESSION_IFINDEX, &ifindex, 4);
	nla_buf_put(&a, ROAM_A_SESSION_ID, &id, 4);
	nla_buf_put(&a, ROAM_A_SESSION_IPV4, &u16, 2);
	nla_buf_put(&a, ROAM_A_SESSION_PEER_PORT, &u32, 4);
	CHECK_INT(list_with_row(a.b, a.len, &n, &s, &e), 0);
	CHECK_INT(n, 11);
	CHECK(s && s[10].id == 9001 && !s[10].has_ipv4 &&
	      !s[10].has_peer_port);
	free(s);

	/* a message shorter than its genetlink header */
	raw_msg(msg, a.b, 0, NLMSG_HDRLEN + 2);
	CHECK_INT(fake_genl_build(DEV, 10, 4096, msg, NLMSG_HDRLEN + 4), 0);
	CHECK_INT(list(&n, &s, &e), 0);
	CHECK_INT(n, 10);
	free(s);
	fake_genl_free();
}

/* --- the join, against a plain pairwise one ---------------------------- */

static unsigned int rnd_state = 12345;

static unsigned int rnd(unsigned int n)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return (rnd_state >> 8) % n;
}

static int ref_order(const struct roam_session_row *x,
		     const struct roam_session_row *y)
{
	if (!x->s != !y->s)
		return x->s ? -1 : 1;
	if (x->s) {
		if (x->s->ifindex != y->s->ifindex)
			return x->s->ifindex < y->s->ifindex ? -1 : 1;
		return x->s->id < y->s->id ? -1 : x->s->id > y->s->id;
	}
	if (x->call->uptime != y->call->uptime)
		return x->call->uptime > y->call->uptime ? -1 : 1;
	if (x->call->l2tp_tunnel_id != y->call->l2tp_tunnel_id)
		return x->call->l2tp_tunnel_id < y->call->l2tp_tunnel_id ? -1 : 1;
	if (x->call->l2tp_session_id != y->call->l2tp_session_id)
		return x->call->l2tp_session_id < y->call->l2tp_session_id ?
		       -1 : 1;
	return 0;
}

static bool joins(const struct roam_call_view *c,
		  const struct roam_session_info *s)
{
	return c->kernel_id && c->ifindex == s->ifindex &&
	       c->kernel_id == s->id && c->kind == s->kind;
}

/* What the merge means, written the slow and obvious way. */
static size_t ref_merge(const struct roam_session_info *s, size_t ns,
			const struct roam_call_view *c, size_t nc,
			uint32_t ifindex, uint32_t id,
			struct roam_session_row *rows)
{
	size_t n = 0, i, j, k;

	for (i = 0; i < ns; i++) {
		rows[n].s = &s[i];
		rows[n].call = NULL;
		for (j = 0; j < nc && !rows[n].call; j++)
			if (joins(&c[j], &s[i]))
				rows[n].call = &c[j];
		n++;
	}
	for (j = 0; j < nc; j++) {
		bool joined = false;

		for (i = 0; i < ns; i++)
			joined |= joins(&c[j], &s[i]);
		if (joined || (c[j].kernel_id ? id && id != c[j].kernel_id : id))
			continue;
		if (ifindex && c[j].ifindex != ifindex)
			continue;
		rows[n].s = NULL;
		rows[n].call = &c[j];
		n++;
	}
	/* a stable insertion sort */
	for (i = 1; i < n; i++) {
		struct roam_session_row r = rows[i];

		for (k = i; k > 0 && ref_order(&rows[k - 1], &r) > 0; k--)
			rows[k] = rows[k - 1];
		rows[k] = r;
	}
	return n;
}

/*
 * Random kernel tables (two devices, ids in any order, both kinds) and
 * call lists (on sessions, on none, several on one, of the other kind,
 * equal in their sort keys): the hash join gives the same rows, in the
 * same order, as the pairwise one, with and without filters.
 */
static void join_matches_pairwise(void)
{
	struct roam_session_row *got, *want;
	struct roam_session_info s[120];
	struct roam_call_view c[160];
	unsigned int round, mismatches = 0;

	got = calloc(300, sizeof(*got));
	want = calloc(300, sizeof(*want));
	CHECK(got && want);
	for (round = 0; got && want && round < 300; round++) {
		size_t ns = rnd(120), nc = rnd(160), i, ng, nw;
		uint32_t fdev = rnd(4) ? 0 : DEV + rnd(2);
		uint32_t fid = rnd(4) ? 0 : 1 + rnd(60);

		memset(s, 0, sizeof(s));
		memset(c, 0, sizeof(c));
		for (i = 0; i < ns; i++) {
			s[i].ifindex = DEV + rnd(2);
			/* unique per device, in any order */
			s[i].id = (uint32_t)(i * 2 + (s[i].ifindex - DEV)) *
				  7 % 241 + 1;
			s[i].kind = 1 + rnd(2);
			if (fid)
				s[i].id = fid;
		}
		if (fid && ns > 2)
			ns = 2;
		if (fid && ns == 2)
			s[1].ifindex = s[0].ifindex == DEV ? DEV + 1 : DEV;
		if (fdev)
			for (i = 0; i < ns; i++)
				s[i].ifindex = fdev;
		if (fdev && fid && ns > 1)
			ns = 1;
		/* ascending now and then: the sort is skipped then */
		if (round % 5 == 0)
			for (i = 0; i < ns; i++)
				s[i].id = i + 1 + (fid ? 0 : 0);
		for (i = 0; i < nc; i++) {
			c[i].ifindex = DEV + rnd(2);
			c[i].kind = 1 + rnd(2);
			c[i].kernel_id = rnd(3) ? 1 + rnd(250) : 0;
			if (ns && rnd(2)) {
				const struct roam_session_info *t = &s[rnd(ns)];

				c[i].ifindex = t->ifindex;
				c[i].kernel_id = t->id;
				c[i].kind = rnd(4) ? t->kind : 3 - t->kind;
			}
			c[i].uptime = rnd(5);
			c[i].l2tp_tunnel_id = rnd(3);
			c[i].l2tp_session_id = rnd(3);
		}
		ng = roam_session_merge(s, ns, c, nc, fdev, fid, got);
		nw = ref_merge(s, ns, c, nc, fdev, fid, want);
		if (ng != nw || memcmp(got, want, ng * sizeof(*got)))
			mismatches++;
	}
	CHECK_INT(mismatches, 0);
	free(got);
	free(want);
}

/* 100k sessions and calls join in one pass: each call on its session. */
static void join_at_scale(void)
{
	const size_t n = 100000;
	struct roam_session_info *s = calloc(n, sizeof(*s));
	struct roam_call_view *c = calloc(n + 1000, sizeof(*c));
	struct roam_session_row *rows = calloc(2 * n + 1000, sizeof(*rows));
	size_t i, k;
	bool right = true;

	CHECK(s && c && rows);
	if (!s || !c || !rows)
		goto out;
	for (i = 0; i < n; i++) {
		s[i] = (struct roam_session_info){
			.ifindex = DEV, .id = i + 1, .kind = ROAM_KIND_L2TP };
		/* calls newest first, as roamd keeps them */
		c[i] = (struct roam_call_view){
			.ifindex = DEV, .kernel_id = n - i,
			.kind = ROAM_KIND_L2TP, .uptime = i };
	}
	for (i = n; i < n + 1000; i++)
		c[i] = (struct roam_call_view){ .ifindex = DEV,
			.kind = ROAM_KIND_L2TP, .uptime = i };
	k = roam_session_merge(s, n, c, n + 1000, 0, 0, rows);
	CHECK_INT(k, n + 1000);
	for (i = 0; i < n; i++)
		right &= rows[i].s == &s[i] && rows[i].call == &c[n - 1 - i];
	/* the calls in setup: the one waiting longest first */
	for (i = 0; i < 1000; i++)
		right &= !rows[n + i].s && rows[n + i].call == &c[n + 999 - i];
	CHECK(right);
out:
	free(s);
	free(c);
	free(rows);
}

/* Print rows through roam_session_print_rows() (buffered) or one by one. */
static char *print_all(const struct roam_session_row *rows, size_t n,
		       bool json, bool buffered)
{
	struct roam_print p;
	char *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	rp_init(&p, f, json, false);
	if (buffered) {
		roam_session_print_rows(&p, rows, n, true);
	} else {
		rp_open_array(&p, NULL);
		for (i = 0; i < n; i++) {
			rp_open_object(&p, NULL);
			roam_session_print(&p, rows[i].s, rows[i].call, true);
			rp_close_object(&p);
			rp_text(&p, "\n");
		}
		rp_close_array(&p);
	}
	rp_end(&p);
	fclose(f);
	return text;
}

/*
 * A listing gathered in the printer's buffer is what the same calls give
 * unbuffered, across many 64 KiB flushes: rows with user names that need
 * escaping, one longer than the room a flush leaves (text formats too).
 */
static void buffered_print_unchanged(void)
{
	const size_t n = 3000;
	struct roam_session_info *s = calloc(n, sizeof(*s));
	struct roam_call_view *c = calloc(n, sizeof(*c));
	struct roam_session_row *rows = calloc(n, sizeof(*rows));
	char *a, *b;
	size_t i;
	int json;

	CHECK(s && c && rows);
	if (!s || !c || !rows)
		goto out;
	for (i = 0; i < n; i++) {
		s[i] = (struct roam_session_info){
			.ifindex = DEV, .id = i + 1, .kind = 1 + i % 2,
			.state = ROAM_STATE_UP, .has_ipv4 = true,
			.ipv4 = 0x0a000000 + i, .peer_family = AF_INET,
			.peer_ipv4 = 0xc0000201, .has_peer_port = true,
			.peer_port = 1701, .has_stats = true,
			.rx_packets = i * 1000003ull, .tx_bytes = ~0ull - i,
			.has_l2tp = i % 2 == 0, .l2tp_tunnel_id = i % 65536,
			.has_pptp = i % 2 == 1, .pptp_mppe_bits = 128 };
		c[i].kernel_id = i + 1;
		c[i].ifindex = DEV;
		c[i].kind = s[i].kind;
		c[i].uptime = i;
		c[i].ppp_phase = "network";
		snprintf(c[i].user, sizeof(c[i].user),
			 i % 7 ? "user%zu" : "us\"er\\%zu\t\xc3\xa9\xff", i);
		if (i == n / 2)
			memset(c[i].user, 'x', ROAM_CALL_USER_MAX);
		rows[i].s = &s[i];
		rows[i].call = i % 3 ? &c[i] : NULL;
	}
	for (json = 0; json < 2; json++) {
		a = print_all(rows, n, json, true);
		b = print_all(rows, n, json, false);
		CHECK(a && b && strlen(a) > 2 * RP_BUF_SIZE);
		CHECK(a && b && !strcmp(a, b));
		free(a);
		free(b);
	}
out:
	free(s);
	free(c);
	free(rows);
}

void suite_session_list(void)
{
	RUN(retry_decision);
	RUN(dump_reads_every_row);
	RUN(socket_in_step_after_dump);
	RUN(interrupted_dump_read_again);
	RUN(always_interrupted_gives_up);
	RUN(dump_error_not_retried);
	RUN(malformed_rows_skipped);
	RUN(join_matches_pairwise);
	RUN(join_at_scale);
	RUN(buffered_print_unchanged);
}
