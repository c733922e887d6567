// SPDX-License-Identifier: GPL-2.0
/*
 * session show printed as the dump is read: the dump received by a
 * thread of its own (nl_dump_reader.c) hands its rows over in order,
 * through a queue shorter than the dump; a reading interrupted midway is
 * thrown away and read again, and nothing of it is printed; a receive
 * that fails ends the reader and the listing; the listing is the same
 * bytes as the sorted one; rows out of order make the caller sort.  The
 * kernel is played behind libnl's hooks (fake_genl.c).  Leaks and the
 * threads' memory are checked by the sanitizers the tests run under.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/roam.h>

#include "dump_retry.h"
#include "fake_genl.h"
#include "genl.h"
#include "nl_dump_reader.h"
#include "nla_write.h"
#include "print.h"
#include "session_merge.h"
#include "session_print.h"
#include "session_stream.h"
#include "test.h"

#define DEV	4000002

/* What a walk saw: the ids of each reading's rows, in order. */
struct seen {
	unsigned int begins;
	uint32_t *ids;
	size_t n, cap;
	bool other_dev;
};

static void seen_begin(void *arg)
{
	struct seen *v = arg;

	v->begins++;
	v->n = 0;
}

static int seen_row(const struct roam_session_info *s, void *arg)
{
	struct seen *v = arg;

	if (v->n == v->cap) {
		size_t cap = v->cap ? 2 * v->cap : 256;
		uint32_t *ids = realloc(v->ids, cap * sizeof(*ids));

		if (!ids)
			return -1;
		v->ids = ids;
		v->cap = cap;
	}
	v->other_dev |= s->ifindex != DEV;
	v->ids[v->n++] = s->id;
	return 0;
}

static int walk(struct seen *v, struct roam_nl_err *e)
{
	struct roam_session_walk w = { seen_begin, seen_row, v };
	struct roam_genl g;
	int ret;

	memset(v, 0, sizeof(*v));
	if (fake_genl_open(&g))
		return -2;
	ret = roam_genl_session_walk(&g, DEV, 0, &w, e);
	roam_genl_close(&g);
	return ret;
}

/* The last reading's rows are 1..n, in order. */
static bool ids_in_order(const struct seen *v, size_t n)
{
	size_t i;

	if (v->n != n || v->other_dev)
		return false;
	for (i = 0; i < n; i++)
		if (v->ids[i] != i + 1)
			return false;
	return true;
}

/*
 * Many more parts than the reader's queue holds (it waits for room and
 * wraps around): every row once, in the kernel's order.
 */
static void reader_keeps_order(void)
{
	struct roam_nl_err e;
	struct seen v;

	CHECK_INT(fake_genl_build(DEV, 5000, 600, NULL, 0), 0);
	CHECK(fake_genl.nparts > 20 * ROAM_NL_READER_PARTS);
	CHECK_INT(walk(&v, &e), 0);
	CHECK_INT(fake_genl.readings, 1);
	CHECK_INT(v.begins, 1);
	CHECK(ids_in_order(&v, 5000));
	free(v.ids);
	fake_genl_free();
}

/*
 * Interrupted from the middle part on, twice: each reading starts over
 * (begin again), and the rows are those of the third, whole.  Interrupted
 * every time: the walk gives up and says so.
 */
static void reader_interrupted_read_again(void)
{
	struct roam_nl_err e;
	struct seen v;

	CHECK_INT(fake_genl_build(DEV, 3000, 1024, NULL, 0), 0);
	fake_genl.interrupt = 2;
	CHECK_INT(walk(&v, &e), 0);
	CHECK_INT(fake_genl.readings, 3);
	CHECK_INT(v.begins, 3);
	CHECK(ids_in_order(&v, 3000));
	free(v.ids);

	fake_genl.readings = 0;
	fake_genl.interrupt = 1000;
	CHECK_INT(walk(&v, &e), -1);
	CHECK_INT(e.error, EAGAIN);
	CHECK_INT(fake_genl.readings, ROAM_DUMP_TRIES);
	CHECK_INT(v.begins, ROAM_DUMP_TRIES);
	free(v.ids);
	fake_genl_free();
}

/*
 * A receive that fails midway ends the reader (the walk returns; the
 * thread is joined, its buffers freed): an error, not read again; the
 * kernel's own error in its DONE likewise.
 */
static void reader_receive_error_ends(void)
{
	struct roam_nl_err e;
	struct seen v;

	CHECK_INT(fake_genl_build(DEV, 2000, 1024, NULL, 0), 0);
	CHECK(fake_genl.nparts > 3 * ROAM_NL_READER_PARTS);
	fake_genl.fail_part = 2 * ROAM_NL_READER_PARTS;
	CHECK_INT(walk(&v, &e), -1);
	CHECK_INT(e.error, EIO);
	CHECK_INT(fake_genl.readings, 1);
	CHECK(v.n > 0 && v.n < 2000);
	free(v.ids);

	/* the first part already */
	fake_genl.readings = 0;
	fake_genl.fail_part = 1;
	CHECK_INT(walk(&v, &e), -1);
	CHECK_INT(e.error, EIO);
	CHECK_INT(v.n, 0);
	free(v.ids);

	fake_genl.readings = 0;
	fake_genl.fail_part = 0;
	fake_genl.done_error = -ENODEV;
	CHECK_INT(walk(&v, &e), -1);
	CHECK_INT(e.error, ENODEV);
	CHECK_INT(fake_genl.readings, 1);
	free(v.ids);
	fake_genl_free();
}

/* Where each part ends is where the reading loop stops. */
static void part_end_test(void)
{
	unsigned char buf[3 * NLMSG_SPACE(sizeof(int))];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	int len = NLMSG_SPACE(sizeof(int));

	memset(buf, 0, sizeof(buf));
	h->nlmsg_len = NLMSG_LENGTH(sizeof(int));
	h->nlmsg_type = FAKE_GENL_FAMILY;
	h->nlmsg_seq = 7;
	CHECK(!roam_nl_part_ends(buf, len, 7));
	CHECK(roam_nl_part_ends(buf, len, 8));
	h->nlmsg_type = NLMSG_DONE;
	CHECK(roam_nl_part_ends(buf, len, 7));
	h->nlmsg_type = NLMSG_ERROR;
	CHECK(roam_nl_part_ends(buf, len, 7));
	h->nlmsg_type = NLMSG_OVERRUN;
	CHECK(roam_nl_part_ends(buf, len, 7));
	/* a header that claims more than was received: not read, read on */
	h->nlmsg_type = NLMSG_DONE;
	h->nlmsg_len = 2 * len;
	CHECK(!roam_nl_part_ends(buf, len, 7));
}

/* A listing into memory: "json" or "text", streamed or sorted. */
static char *listing(bool json, bool stats, bool streamed,
		     enum roam_stream_result *res)
{
	struct roam_session_row *rows = NULL;
	struct roam_session_info *s = NULL;
	struct roam_nl_err e;
	struct roam_print p;
	struct roam_genl g;
	char *out = NULL;
	size_t len = 0, n = 0;
	FILE *f;

	if (fake_genl_open(&g))
		return NULL;
	f = open_memstream(&out, &len);
	if (!f) {
		roam_genl_close(&g);
		return NULL;
	}
	rp_init(&p, f, json, false);
	if (streamed) {
		*res = roam_session_stream(&g, DEV, 0, &p, stats, &e);
	} else if (!roam_genl_session_list(&g, DEV, 0, &s, &n, &e)) {
		rows = calloc(n + 1, sizeof(*rows));
		if (rows) {
			n = roam_session_merge(s, n, NULL, 0, DEV, 0, rows);
			roam_session_print_rows(&p, rows, n, stats);
			rp_end(&p);
		}
	}
	fclose(f);
	free(rows);
	free(s);
	roam_genl_close(&g);
	return out;
}

/*
 * The streamed listing is the sorted one's bytes, JSON and text, with
 * and without counters; after two interrupted readings too, with
 * nothing of them in it.
 */
static void stream_same_bytes(void)
{
	enum roam_stream_result res;
	char *a, *b;
	int j, k;

	CHECK_INT(fake_genl_build(DEV, 2500, 2048, NULL, 0), 0);
	for (j = 0; j < 2; j++) {
		for (k = 0; k < 2; k++) {
			a = listing(j, k, false, &res);
			res = ROAM_STREAM_FAILED;
			fake_genl.interrupt = k ? 2 : 0;
			fake_genl.readings = 0;
			b = listing(j, k, true, &res);
			CHECK_INT(res, ROAM_STREAM_DONE);
			CHECK_INT(fake_genl.readings, k ? 3 : 1);
			CHECK(a && b && strlen(a) > 2500 * 100);
			CHECK(a && b && !strcmp(a, b));
			free(a);
			free(b);
		}
	}
	fake_genl_free();
}

/* Failed: nothing at all is printed, not even the array's bracket. */
static void stream_failed_prints_nothing(void)
{
	enum roam_stream_result res;
	char *out;

	CHECK_INT(fake_genl_build(DEV, 500, 1024, NULL, 0), 0);
	fake_genl.fail_part = 3;
	out = listing(true, false, true, &res);
	CHECK_INT(res, ROAM_STREAM_FAILED);
	CHECK_STR(out, "");
	free(out);
	fake_genl.fail_part = 0;
	fake_genl.interrupt = 1000;
	out = listing(false, false, true, &res);
	CHECK_INT(res, ROAM_STREAM_FAILED);
	CHECK_STR(out, "");
	free(out);
	fake_genl_free();
}

/*
 * A row on a device of a lower index after the others: not the order the
 * listing has; nothing is printed and the caller is told to sort.
 */
static void stream_unordered_sorts(void)
{
	uint32_t ifindex = DEV - 1, id = 3;
	enum roam_stream_result res;
	struct nlmsghdr *h;
	struct genlmsghdr *gh;
	struct nla_buf a;
	uint8_t msg[128];
	char *out;

	a.len = 0;
	nla_buf_put(&a, ROAM_A_SESSION_IFINDEX, &ifindex, 4);
	nla_buf_put(&a, ROAM_A_SESSION_ID, &id, 4);
	memset(msg, 0, sizeof(msg));
	h = (struct nlmsghdr *)msg;
	gh = (struct genlmsghdr *)(msg + NLMSG_HDRLEN);
	h->nlmsg_type = FAKE_GENL_FAMILY;
	h->nlmsg_flags = NLM_F_MULTI;
	h->nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + a.len;
	gh->cmd = ROAM_CMD_SESSION_GET;
	gh->version = ROAM_FAMILY_VERSION;
	memcpy(msg + NLMSG_HDRLEN + GENL_HDRLEN, a.b, a.len);
	CHECK_INT(fake_genl_build(DEV, 50, 1024, msg, h->nlmsg_len), 0);
	out = listing(true, false, true, &res);
	CHECK_INT(res, ROAM_STREAM_SORT);
	CHECK_STR(out, "");
	free(out);
	fake_genl_free();
}

/*
 * The printer's gathering: nothing out before the end, discard, write;
 * past the first buffer, and past the size from which it is mapped on
 * its own (4 MiB) and grown by remapping.
 */
/* A printer into memory (*out, *len), gathering; NULL when none opened. */
static FILE *gathering(struct roam_print *p, bool json, char **out,
		       size_t *len)
{
	FILE *f = open_memstream(out, len);

	CHECK(f != NULL);
	if (!f)
		return NULL;
	rp_init(p, f, json, false);
	CHECK(rp_gather(p));
	return f;
}

static void gather_then_write(void)
{
	struct roam_print p;
	char *out = NULL, big[300];
	size_t len = 0;
	FILE *f = gathering(&p, true, &out, &len);
	int i;

	if (!f)
		return;
	rp_open_array(&p, NULL);
	rp_u64(&p, "thrown", NULL, 1);
	fflush(f);
	CHECK_INT(len, 0);
	rp_gather_discard(&p);
	rp_open_array(&p, NULL);
	/* past the first buffer, and past the mapped one's first size */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 16000; i++) {
		rp_open_object(&p, NULL);
		rp_str(&p, "k", NULL, big);
		rp_close_object(&p);
	}
	rp_close_array(&p);
	fflush(f);
	CHECK_INT(len, 0);
	CHECK(!rp_lost(&p));
	rp_end(&p);
	fclose(f);
	CHECK(out && !strstr(out, "thrown"));
	/* [ ] and the newline; {"k":"..."} and a comma each, but the last */
	CHECK_INT(out ? strlen(out) : 0, 3 + 16000 * (8 + 299) + 16000 - 1);
	free(out);
}

/*
 * Text through the callers' formats, gathered: each longer than the room
 * left at some point, so that the buffer grows under a format too.
 */
static void gather_text_formats(void)
{
	struct roam_print p;
	char *out = NULL, big[1000];
	size_t len = 0;
	FILE *f = gathering(&p, false, &out, &len);
	int i;

	if (!f)
		return;
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < 5000; i++)
		rp_str(&p, "k", "<%s>", big);
	fflush(f);
	CHECK_INT(len, 0);
	rp_end(&p);
	fclose(f);
	CHECK_INT(out ? strlen(out) : 0, 5000 * (2 + 999));
	CHECK(out && out[0] == '<' && out[1000] == '>' && out[1001] == '<');
	free(out);
}

/* Allowed one CPU only, the walk reads without its thread: the same rows. */
static void walk_on_one_cpu(void)
{
	cpu_set_t all, one;
	struct roam_nl_err e;
	struct seen v;

	CHECK_INT(sched_getaffinity(0, sizeof(all), &all), 0);
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
	CHECK_INT(sched_setaffinity(0, sizeof(one), &one), 0);
	CHECK_INT(fake_genl_build(DEV, 3000, 1024, NULL, 0), 0);
	fake_genl.interrupt = 1;
	CHECK_INT(walk(&v, &e), 0);
	CHECK_INT(fake_genl.readings, 2);
	CHECK_INT(v.begins, 2);
	CHECK(ids_in_order(&v, 3000));
	free(v.ids);
	fake_genl_free();
	CHECK_INT(sched_setaffinity(0, sizeof(all), &all), 0);
}

void suite_session_stream(void)
{
	RUN(reader_keeps_order);
	RUN(reader_interrupted_read_again);
	RUN(reader_receive_error_ends);
	RUN(part_end_test);
	RUN(stream_same_bytes);
	RUN(stream_failed_prints_nothing);
	RUN(stream_unordered_sorts);
	RUN(gather_then_write);
	RUN(gather_text_formats);
	RUN(walk_on_one_cpu);
}
